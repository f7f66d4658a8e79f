"""``forbidden-term``: a term the glossary marks forbidden (deprecated) for the language.

``glossary.yaml`` lists them per term and language (``forbidden: {ru: [Белоруссия]}``; TBX
``deprecatedTerm-admn-sts``). Inflected forms count: each word of the forbidden term matches
a word of the translation that is its stem plus up to three ending letters (``Белоруссия``
catches ``Белоруссии`` and ``Белоруссией``, not the adjective ``белорусский``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import polib

from trilingual.checks.base import Check, strip_code

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ENDINGS = set("аеёиоуыэюяіьйў")


def _stem(word: str) -> str:
    word = word.lower()
    cut = len(word)
    while cut > max(len(word) - 2, 4) and word[cut - 1] in _ENDINGS:
        cut -= 1
    return word[:cut]


@lru_cache(maxsize=1024)
def _pattern(term: str) -> re.Pattern[str]:
    words = [_stem(w) for w in _WORD_RE.findall(term)]
    # an inflection adds at most three ending letters (Белоруссией); a derived word adds a
    # consonant (белорусский) and is not the forbidden term
    body = r"\W+".join(re.escape(w) + r"[аеёиоуыэюяіьйўмхв]{0,3}" for w in words)
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE)


class ForbiddenTermCheck(Check):
    """A forbidden (deprecated) glossary term in the translation."""

    id = "forbidden-term"
    severity = "error"
    description = "a term the glossary marks forbidden for the language is used"

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        text = strip_code(translation)
        out = []
        for term in self.context.glossary.terms:
            for bad in term.forbidden.get(lang, ()):
                if bad and _pattern(bad).search(text):
                    preferred = term.target(lang)
                    use = f"; use {preferred!r}" if preferred else ""
                    out.append(f"forbidden term {bad!r} (glossary: {term.en}){use}")
        return out
