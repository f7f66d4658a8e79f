"""Two cautious heuristics for meaning lost: a translation far shorter than its English (a
sentence cut short) and a negation of the English with none in the translation.

Both are tuned to raise nothing on the shipped sample and the QA corpus: the shortest reviewed
be/ru translation of an English sentence of eight words or more is 0.60 of its length in
characters, so only a translation under 0.45 of a long enough sentence is reported; and the
negation cues of the translation are generous (any word starting with не/ні/ни/без, нет, няма,
адсутн-/отсутств-), so a negation rendered another way is seldom taken for a lost one.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polib

from trilingual.checks.base import Check, strip_code

MIN_WORDS = 8
MIN_CHARS = 50
MIN_RATIO = 0.45

_NEGATION_EN_RE = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|without|cannot)\b|n't\b", re.IGNORECASE
)
_NUMBER_ABBREVIATION_RE = re.compile(r"\bNo\.[ \u00a0]?\d")
_NEGATION_CUES = {
    "be": re.compile(r"(?<![^\W\d_])(?:не|ні|без|няма|адсутн)", re.IGNORECASE),
    "ru": re.compile(r"(?<![^\W\d_])(?:не|ни|без|нет|отсутств)", re.IGNORECASE),
}


class TruncationCheck(Check):
    """A translation of a long sentence that is far shorter than the English was cut short."""

    id = "truncation"
    severity = "warning"
    description = (
        f"a translation under {MIN_RATIO:.0%} of the length of an English sentence of "
        f"{MIN_WORDS}+ words (cut short?)"
    )
    languages = ("be", "ru")

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        plain = strip_code(source)
        if len(plain) < MIN_CHARS or len(plain.split()) < MIN_WORDS:
            return []
        ratio = len(strip_code(translation)) / len(plain)
        if ratio >= MIN_RATIO:
            return []
        return [f"the translation is {ratio:.0%} of the English length; is a part missing?"]


class NegationCheck(Check):
    """A negation of the English (not, never, no, without...) has no counterpart."""

    id = "negation"
    severity = "warning"
    description = (
        "the English negates (not, never, no, without...) but the translation has no "
        "negation (не, ні/ни, без, няма/нет...)"
    )
    languages = ("be", "ru")

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        word = english_negation(source)
        if not word or _NEGATION_CUES[lang].search(strip_code(translation)):
            return []
        return [f"the English negates ({word!r}) but the translation has no negation"]


@lru_cache(maxsize=4096)
def english_negation(source: str) -> str:
    """The first negation word of an English msgid ('' if none)."""
    match = _NEGATION_EN_RE.search(_NUMBER_ABBREVIATION_RE.sub(" ", strip_code(source)))
    return match.group(0) if match else ""
