"""Spelling of Belarusian and Russian with the Hunspell dictionaries Debian ships
(``hunspell-be``, ``hunspell-ru`` in /usr/share/hunspell), read by ``spylls`` (pure Python).

Its own severity, ``spelling``: listed with suggestions, never failing the gate unless
``check.spelling: strict`` (then its issues are errors). Known words also come from the
glossary (every word of its be/ru forms), the project's ``spelling.txt`` (one word per line,
``#`` comments) and, with ``check.spelling_catalogs: true``, every word that the reviewed
translations of at least two articles use (a typo is seldom made twice). Acronyms, words with
digits or Latin letters, placeholders, code and URLs are skipped; a word with letters of the
other language is left to ``foreign-letters``. Dictionaries load lazily, once per process, and
every verdict and suggestion is cached for the process.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from trilingual.checks.base import LATIN_RE, Check, CheckContext, Issue, strip_code

if TYPE_CHECKING:
    from spylls.hunspell import Dictionary

SPELLING_NAME = "spelling.txt"
DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell/dicts")
DICTIONARY_NAMES = {"be": "be_BY", "ru": "ru_RU"}
#: Suggestions are slow (0.2-0.5 s a word): at most this many words per language and process
#: get them (the others are listed without).
SUGGESTION_LIMIT = 20
MODES = ("off", "on", "strict")

_WORD_RE = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
_FOREIGN_RE = {"be": re.compile("[иИщЩъЪ]"), "ru": re.compile("[іІўЎ]")}
_verdicts: dict[str, dict[str, bool]] = {}
_suggestions: dict[str, dict[str, tuple[str, ...]]] = {}


def dictionary_path(lang: str) -> Path | None:
    """``.../be_BY`` (without extension) of the first installed dictionary for ``lang``."""
    name = DICTIONARY_NAMES.get(lang)
    if name is None:
        return None
    dirs = [os.environ["TRILINGUAL_HUNSPELL_DIR"]] if os.environ.get(
        "TRILINGUAL_HUNSPELL_DIR") else list(DICTIONARY_DIRS)
    for folder in dirs:
        base = Path(folder) / name
        if base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file():
            return base
    return None


@lru_cache(maxsize=4)
def load_dictionary(lang: str) -> Dictionary | None:
    """The spylls dictionary of ``lang`` (loaded once per process; None when not installed)."""
    base = dictionary_path(lang)
    if base is None:
        return None
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(str(base))


def is_known(word: str, lang: str) -> bool:
    """True if Hunspell knows ``word`` (Belarusian ’ read as the dictionary's ')."""
    cache = _verdicts.setdefault(lang, {})
    verdict = cache.get(word)
    if verdict is None:
        dictionary = load_dictionary(lang)
        verdict = True if dictionary is None else bool(dictionary.lookup(word.replace("’", "'")))
        cache[word] = verdict
    return verdict


def suggest(word: str, lang: str) -> tuple[str, ...]:
    """Up to three Hunspell suggestions (none once the per-process limit is spent)."""
    cache = _suggestions.setdefault(lang, {})
    if word not in cache:
        dictionary = load_dictionary(lang)
        if dictionary is None or len(cache) >= SUGGESTION_LIMIT:
            return ()
        found = []
        for suggestion in dictionary.suggest(word.replace("’", "'")):
            found.append(suggestion.replace("'", "’") if lang == "be" else suggestion)
            if len(found) == 3:
                break
        cache[word] = tuple(found)
    return cache[word]


def read_word_list(path: Path) -> frozenset[str]:
    """Words of a ``spelling.txt`` (lower case; blank lines and ``#`` comments skipped)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    words = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line.lower().replace("'", "’"))
    return frozenset(words)


def catalog_words(catalogs: list[polib.POFile]) -> frozenset[str]:
    """Words the reviewed translations of at least two of ``catalogs`` use (lower case)."""
    seen: Counter[str] = Counter()
    for po in catalogs:
        words: set[str] = set()
        for entry in po:
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                words.update(w.lower() for w in _WORD_RE.findall(strip_code(entry.msgstr)))
        seen.update(words)
    return frozenset(w for w, n in seen.items() if n >= 2)


def _checked_words(text: str, lang: str) -> list[str]:
    out = []
    text = strip_code(text)
    for match in _WORD_RE.finditer(text):
        word = match.group(0)
        if len(word) == 1 or LATIN_RE.search(word) or _FOREIGN_RE[lang].search(word):
            continue
        if len(word) <= 4 and text[match.end():match.end() + 1] == ".":  # г., оц., ацэн.
            continue
        if len(word) > 1 and word.isupper():  # acronyms: ЗША, ЕАЭС
            continue
        out.append(word)
    return out


class SpellingCheck(Check):
    """Words Hunspell, the glossary and the project's word list do not know."""

    id = "spelling"
    severity = "spelling"
    description = (
        "words that neither Hunspell (hunspell-be/-ru) nor the glossary nor spelling.txt know, "
        "with suggestions; fails the gate only with check.spelling: strict"
    )
    languages = ("be", "ru")

    def __init__(self, context: CheckContext | None = None) -> None:
        super().__init__(context)
        self._glossary_words: dict[str, frozenset[str]] = {}

    def _known_here(self, lang: str) -> frozenset[str]:
        if lang not in self._glossary_words:
            words: set[str] = set()
            for term in self.context.glossary.for_language(lang):
                for form in (term.target(lang) or "", *term.forms.get(lang, ())):
                    words.update(w.lower() for w in _WORD_RE.findall(form))
            self._glossary_words[lang] = frozenset(words) | self.context.known_words
        return self._glossary_words[lang]

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        if load_dictionary(lang) is None:
            return []
        known = self._known_here(lang)
        out = []
        for word in dict.fromkeys(_checked_words(translation, lang)):
            if word.lower() in known or is_known(word, lang):
                continue
            if "-" in word and all(p.lower() in known or is_known(p, lang)
                                   for p in word.split("-") if p):
                continue
            hints = suggest(word, lang)
            hint = f" (suggestions: {', '.join(hints)})" if hints else ""
            out.append(f"unknown word {word!r}{hint}")
        return out

    def check(
        self, source: str, translation: str, lang: str, entry: polib.POEntry | None = None
    ) -> list[Issue]:
        """Issues of severity ``spelling`` (``error`` with ``check.spelling: strict``)."""
        issues = super().check(source, translation, lang, entry)
        if self.context.spelling == "strict":
            return [replace(issue, severity="error") for issue in issues]
        return issues
