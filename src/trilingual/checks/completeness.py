"""Is an entry really translated? Word counts comparable with Translate Toolkit's ``pocount``
and the ``same-as-source`` check (the review state of an entry is
:func:`trilingual.catalog.entry_state`)."""

from __future__ import annotations

import re

import polib

from trilingual.checks.base import CYRILLIC_RE, Check, CheckContext, strip_code

# pocount removes <br>, XML tags and "x.y" between non-digits, then counts Unicode (UAX #29)
# words: runs of letters/digits/underscore joined by ' ’ . between letters or digits, : · between
# letters and , ; between digits; a word must hold a letter or digit.
_BR_RE = re.compile(r"<br\s*?/?>")
_XML_TAG_RE = re.compile(
    r"<([\w.:]+)(\s([\w.:]+=((\".*?\")|('.*?')))?)*/?>|</([\w.]+)>"
)
_DOTTED_RE = re.compile(r"\D\.\D")
_WORD_RE = re.compile(
    r"\w+(?:(?:(?<=[^\W\d_])[.'’‘:·](?=[^\W\d_])|(?<=\d)[.'’‘,;](?=\d))\w+)*"
)
_ALNUM_RE = re.compile(r"[^\W_]")


def count_words(text: str) -> int:
    """Words of ``text`` counted the way ``pocount`` counts them."""
    text = _BR_RE.sub("\n", text)
    text = _XML_TAG_RE.sub("", text)
    text = _DOTTED_RE.sub(" ", text)
    return sum(1 for w in _WORD_RE.findall(text) if _ALNUM_RE.search(w))


_NAME_WORD_RE = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W\d_]+)?")


def is_exempt_from_translation(source: str, kept: frozenset[str] = frozenset()) -> bool:
    """True if a msgid may stay as it is: only placeholders, code, numbers and punctuation,
    acronyms (NATO, EU, IMF), or names the glossary keeps in Latin script (``kept``: lower-case
    words of terms whose be/ru form equals the English, e.g. ``en: Reuters, be: Reuters``).

    Anything else is expected to change: people's and places' names are written in Cyrillic.
    """
    words = _NAME_WORD_RE.findall(strip_code(source))
    return all(
        (w.isupper() and len(w) <= 6) or any(c.isdigit() for c in w) or w.lower() in kept
        for w in words
    )


class SameAsSourceCheck(Check):
    """A translation that is the English text, or has no Cyrillic at all, was not translated."""

    id = "same-as-source"
    severity = "warning"
    description = (
        "translation identical to the English (or without any Cyrillic letter), unless the "
        "source is only numbers, placeholders, code, acronyms or names the glossary keeps"
    )

    def __init__(self, context: CheckContext | None = None) -> None:
        super().__init__(context)
        self._kept_cache: dict[str, frozenset[str]] = {}

    def _kept(self, lang: str) -> frozenset[str]:
        cache = self._kept_cache
        if lang not in cache:
            cache[lang] = frozenset(
                word.lower()
                for term in self.context.glossary.for_language(lang)
                if term.target(lang) == term.en
                for word in _NAME_WORD_RE.findall(term.en)
            )
        return cache[lang]

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        if is_exempt_from_translation(source, self._kept(lang)):
            return []
        if translation.strip() == source.strip():
            return ["translation is the same as the source"]
        if not CYRILLIC_RE.search(strip_code(translation)):
            return ["translation has no Cyrillic letters"]
        return []
