"""Terminology from ``glossary.yaml``: when the English term occurs, its Belarusian or Russian
equivalent must occur too, in any inflected form.

Forms are recognised by stem (the base form without its final vowels, ``й`` or ``ь``; at most
four more letters after it) or by the forms the glossary lists, which cover alternations a stem
cannot (Амерыка -> Амерыцы). Short words (three letters or fewer, e.g. ЕС, ЗША) must match
exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polib

from trilingual.checks.base import Check, strip_code
from trilingual.glossary import Term

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ENDING_LETTERS = set("аеёиоуыэюяіьй")
MAX_SUFFIX = 4


def stem(word: str) -> str:
    """The part of a Cyrillic base form every inflected form starts with (lower case)."""
    word = word.lower()
    if len(word) <= 3:
        return word
    cut = len(word)
    while cut > len(word) - 2 and word[cut - 1] in _ENDING_LETTERS:
        cut -= 1
    return word[: max(cut, 3)]


def _fold(word: str) -> str:
    # Belarusian ў and у alternate at the start of a word (ўгнаенні / угнаенняў).
    word = word.lower()
    return "у" + word[1:] if word.startswith("ў") else word


def matches_form(base: str, word: str) -> bool:
    """True if ``word`` may be an inflected form of ``base`` (case-insensitive)."""
    base, word = _fold(base), _fold(word)
    if len(base) <= 3:
        return word == base
    root = stem(base)
    return word.startswith(root) and len(word) - len(root) <= MAX_SUFFIX


@lru_cache(maxsize=1024)
def _english_re(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def term_present(term: Term, lang: str, translation: str) -> bool:
    """True if the translation holds the term's target (any form) or one of its listed forms."""
    words = _WORD_RE.findall(strip_code(translation))
    lowered = {_fold(w) for w in words}
    text = " ".join(_fold(w) for w in words)
    for form in term.forms.get(lang, ()):
        form_words = [_fold(w) for w in _WORD_RE.findall(form)]
        if form_words and f" {' '.join(form_words)} " in f" {text} ":
            return True
        if len(form_words) == 1 and form_words[0] in lowered:
            return True
    target = term.target(lang)
    if not target:
        return True
    return all(
        any(matches_form(part, word) for word in words) for part in _WORD_RE.findall(target)
    )


class TerminologyCheck(Check):
    """Glossary terms are translated with the glossary's equivalent."""

    id = "terminology"
    severity = "warning"
    description = (
        "when a glossary term occurs in the source, its be/ru equivalent occurs "
        "(any inflected form)"
    )

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        text = strip_code(source)
        out = []
        for term in self.context.glossary.for_language(lang):
            if _english_re(term.en).search(text) and not term_present(term, lang, translation):
                out.append(f"glossary: {term.en!r} should be {term.target(lang)!r} (any form)")
        return out
