"""Spelling of Belarusian and Russian with the Hunspell dictionaries Debian ships
(``hunspell-be``, ``hunspell-ru`` in /usr/share/hunspell), read by ``spylls`` (pure Python).

Its own severity, ``spelling``: listed with suggestions, never failing the gate unless
``check.spelling: strict`` (then its issues are errors). Known words also come from the
glossary (every word of its be/ru forms), the project's ``spelling.txt`` (one word per line,
``#`` comments) and, with ``check.spelling_catalogs: true``, every word that the reviewed
translations of at least two articles use (a typo is seldom made twice). Acronyms, words with
digits or Latin letters, placeholders, code and URLs are skipped; a word with letters of the
other language is left to ``foreign-letters``. Dictionaries load lazily, once per process, and
every verdict and suggestion is cached for the process and, by the gate, across runs in
``.trilingual/spelling-cache.json`` (dropped when a dictionary file changes).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from trilingual.catalog import is_reviewed
from trilingual.checks.base import LATIN_RE, Check, CheckContext, Issue, Severity, strip_code

if TYPE_CHECKING:
    from spylls.hunspell import Dictionary

SPELLING_NAME = "spelling.txt"
DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell/dicts")
DICTIONARY_NAMES = {"be": "be_BY", "ru": "ru_RU"}
#: Suggestions are slow (about 0.1-1 s a word, Hunspell's n-gram pass switched off): a process
#: spends at most this many seconds on them; words beyond get theirs in a later run (every
#: suggestion is kept in the cache below).
SUGGESTION_SECONDS = 2.0
CACHE_NAME = "spelling-cache.json"
MODES = ("off", "on", "strict")

_WORD_RE = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
_FOREIGN_RE = {"be": re.compile("[иИщЩъЪ]"), "ru": re.compile("[іІўЎ]")}
_verdicts: dict[str, dict[str, bool]] = {}
_suggestions: dict[str, dict[str, tuple[str, ...]]] = {}
_spent = [0.0]  # seconds this process spent on suggestions


def dictionary_path(lang: str) -> Path | None:
    """``.../be_BY`` (without extension) of the first installed dictionary for ``lang``."""
    return _find_dictionary(lang, os.environ.get("TRILINGUAL_HUNSPELL_DIR", ""))


@lru_cache(maxsize=16)
def _find_dictionary(lang: str, folder: str) -> Path | None:
    name = DICTIONARY_NAMES.get(lang)
    if name is None:
        return None
    for directory in [folder] if folder else DICTIONARY_DIRS:
        base = Path(directory) / name
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

    dictionary = Dictionary.from_files(str(base))
    dictionary.aff.MAXNGRAMSUGS = 0  # n-gram suggestions cost ~1 s a word
    return dictionary


def _dictionary_stamp(lang: str) -> str:
    base = dictionary_path(lang)
    if base is None:
        return ""
    stats = [base.with_suffix(ext).stat() for ext in (".aff", ".dic")]
    return ";".join(f"{s.st_size}:{s.st_mtime_ns}" for s in stats)


def load_cache(path: Path) -> None:
    """Fill the verdict and suggestion caches from ``path`` (written by :func:`save_cache`) for
    every language whose dictionary files are unchanged; a missing or unreadable file is an
    empty cache. Warm, a run looks up only words it has not seen, and loads no dictionary if
    there are none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(data, dict):
        return
    for lang, entry in data.items():
        if (isinstance(entry, dict) and entry.get("dictionary") == _dictionary_stamp(lang)
                and isinstance(entry.get("known"), list)
                and isinstance(entry.get("unknown"), dict)):
            verdicts = _verdicts.setdefault(lang, {})
            verdicts.update(dict.fromkeys(map(str, entry["known"]), True))
            verdicts.update(dict.fromkeys(map(str, entry["unknown"]), False))
            hints = _suggestions.setdefault(lang, {})
            hints.update({str(w): tuple(map(str, h)) for w, h in entry["unknown"].items()
                          if isinstance(h, list)})  # null: not computed yet


def save_cache(path: Path) -> None:
    """Write the verdicts (and suggestions) of this process for the next run."""
    from trilingual.fsutil import write_atomic

    data = {}
    for lang, verdicts in sorted(_verdicts.items()):
        stamp = _dictionary_stamp(lang)
        if not stamp:
            continue
        hints = _suggestions.get(lang, {})
        data[lang] = {
            "dictionary": stamp,
            "known": sorted(w for w, ok in verdicts.items() if ok),
            "unknown": {w: list(hints[w]) if w in hints else None
                        for w, ok in sorted(verdicts.items()) if not ok},
        }
    if data:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n",
                     durable=False)


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
    """Up to three Hunspell suggestions (none once this process's time budget is spent)."""
    cache = _suggestions.setdefault(lang, {})
    if word not in cache:
        dictionary = load_dictionary(lang)
        if dictionary is None or _spent[0] >= SUGGESTION_SECONDS:
            return ()
        start = time.perf_counter()
        found = []
        for suggestion in dictionary.suggest(word.replace("’", "'")):
            found.append(suggestion.replace("'", "’") if lang == "be" else suggestion)
            if len(found) == 3:
                break
        _spent[0] += time.perf_counter() - start
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
            if not entry.obsolete and is_reviewed(entry):
                words.update(w.lower() for w in _WORD_RE.findall(strip_code(entry.msgstr)))
        seen.update(words)
    return frozenset(w for w, n in seen.items() if n >= 2)


def _skipped(word: str, lang: str) -> bool:
    """Words the check leaves alone: one letter, Latin letters (another check's), letters of
    the other language (foreign-letters'), acronyms (ЗША, ЕАЭС)."""
    return (len(word) == 1 or bool(LATIN_RE.search(word)) or bool(_FOREIGN_RE[lang].search(word))
            or word.isupper())


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
        self._fine: dict[str, set[str]] = {}  # words seen and found known or skipped
        self._bad: dict[str, set[str]] = {}  # words seen and found unknown

    def _known_here(self, lang: str) -> frozenset[str]:
        if lang not in self._glossary_words:
            words: set[str] = set()
            for term in self.context.glossary.for_language(lang):
                for form in (term.target(lang) or "", *term.forms.get(lang, ())):
                    words.update(w.lower() for w in _WORD_RE.findall(form))
            self._glossary_words[lang] = frozenset(words) | self.context.known_words
        return self._glossary_words[lang]

    def _unknown(self, word: str, lang: str) -> bool:
        """True if ``word`` is neither skipped nor known (each verdict kept per instance)."""
        if word in self._bad.setdefault(lang, set()):
            return True
        known = self._known_here(lang)
        fine = (
            _skipped(word, lang) or word.lower() in known or is_known(word, lang)
            or ("-" in word and all(p.lower() in known or is_known(p, lang)
                                    for p in word.split("-") if p))
        )
        (self._fine.setdefault(lang, set()) if fine else self._bad[lang]).add(word)
        return not fine

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        if dictionary_path(lang) is None:
            return []
        text = strip_code(translation)
        # Most words recur: one set difference leaves the few not yet known to be fine.
        candidates = set(_WORD_RE.findall(text)) - self._fine.setdefault(lang, set())
        unknown = [w for w in candidates if self._unknown(w, lang)]
        if not unknown:
            return []
        out = []
        for word in sorted(unknown, key=text.index):
            if len(word) <= 4 and all(  # every occurrence an abbreviation: г., оц., ацэн.
                text[m.end():m.end() + 1] == "."
                for m in re.finditer(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", text)
            ):
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
        severity = self.reported_severity()
        if severity != self.severity:
            return [replace(issue, severity=severity) for issue in issues]
        return issues

    def reported_severity(self) -> Severity:
        """``error`` with ``check.spelling: strict``, else ``spelling``."""
        return "error" if self.context.spelling == "strict" else self.severity
