"""Alphabet checks: Latin look-alikes hidden in Cyrillic words, letters of the other language
(Russian и, щ, ъ in Belarusian; Belarusian і, ў in Russian), and the Belarusian apostrophe."""

from __future__ import annotations

import re

import polib

from trilingual.checks.base import CYRILLIC_RE, LATIN_RE, Check, quote_list, strip_code

_WORD_RE = re.compile(r"[^\W\d_]+")
_FOREIGN = {
    "be": ("иИщЩъЪ", "Russian"),
    "ru": ("іІўЎ", "Belarusian"),
}
_FOREIGN_RE = {lang: re.compile(f"[{letters}]") for lang, (letters, _) in _FOREIGN.items()}
# Between two Cyrillic letters: ASCII apostrophe, modifier letter apostrophe, left quote,
# grave/acute accents used as apostrophes. The project's apostrophe is ’ (U+2019).
_BAD_APOSTROPHE_RE = re.compile(r"(?<=[\u0400-\u04ff])(['\u02bc\u2018`\u00b4])(?=[\u0400-\u04ff])")
APOSTROPHE = "\u2019"
_VOWELS = "аеёіоуыэюя"
_CONSONANTS = "бвгджзйклмнпрстфхцчшўь"
# Word-initial у after a vowel-final word is ў (the preposition and any word: яна ў Мінску, не
# ўдзельнічала); ў never follows a consonant-final word (also one ending in the soft sign ь) or
# starts a sentence. All-caps words (ЗША) and digits are skipped; after a punctuation mark
# following a vowel either spelling is let through.
_U_AFTER_VOWEL_RE = re.compile(
    rf"(?<![\w-])([\w’-]*[{_VOWELS}])[ \u00a0](у[{_VOWELS}{_CONSONANTS}’-]*)(?![\w])"
)
_SHORT_U_RE = re.compile(
    rf"(?:(?<=[{_CONSONANTS}])[,;:]?[ \u00a0]|^)([ўЎ][{_VOWELS}{_CONSONANTS}’-]*)(?![\w])"
)
# Single Latin letters that look like Cyrillic one-letter words (be: і, у, а, з, ў; ru: и, в, с...).
# Upper-case I, V and X are left alone: Roman numerals (XX стагоддзе, I квартал).
_LOOKALIKE_LETTERS = set("aeiocypxkAEOCYPKBHMT")


def cyrillic_words(text: str) -> list[str]:
    """Words of ``text`` (code, URLs and placeholders excluded) holding a Cyrillic letter."""
    return [w for w in _WORD_RE.findall(strip_code(text)) if CYRILLIC_RE.search(w)]


class LatinLookalikeCheck(Check):
    """A Cyrillic word with Latin letters inside (a, e, o, p, c, x, y, i...) breaks search,
    spell-checking and hyphenation while looking right."""

    id = "latin-lookalike"
    severity = "error"
    description = "no Latin letters inside Cyrillic words (Latin a, e, o, p, c, x, y, i look alike)"

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        out: list[str] = []
        if not LATIN_RE.search(translation):
            return out
        for word in cyrillic_words(translation):
            latin = LATIN_RE.findall(word)
            if latin:
                out.append(
                    f"word {word!r} mixes Cyrillic with Latin {quote_list(sorted(set(latin)))}"
                )
        words = _WORD_RE.findall(strip_code(translation))
        in_source = set(_WORD_RE.findall(strip_code(source)))  # "Plan B" keeps its B
        for index, word in enumerate(words):
            if len(word) != 1 or word not in _LOOKALIKE_LETTERS or word in in_source:
                continue
            neighbours = words[max(index - 1, 0):index] + words[index + 1:index + 2]
            if neighbours and all(CYRILLIC_RE.search(n) for n in neighbours):
                out.append(f"one-letter word {word!r} between Cyrillic words is Latin")
        return out


class ForeignLettersCheck(Check):
    """Letters that the target language does not have."""

    id = "foreign-letters"
    severity = "error"
    description = (
        "no Russian-only letters (и, щ, ъ) in Belarusian, no Belarusian-only (і, ў) in Russian"
    )
    languages = ("be", "ru")

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        other = _FOREIGN[lang][1]
        if not _FOREIGN_RE[lang].search(translation):
            return []
        bad = [w for w in cyrillic_words(translation) if _FOREIGN_RE[lang].search(w)]
        if not bad:
            return []
        return [f"{other} letters in {quote_list(bad)}"]


class ApostropheCheck(Check):
    """Belarusian writes the apostrophe inside words (сям’я, аб’ява) one way throughout: ’."""

    id = "apostrophe"
    severity = "warning"
    description = "Belarusian apostrophe inside words is ’ (U+2019), not ' or ʼ, consistently"
    languages = ("be",)

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        bad = sorted({m.group(1) for m in _BAD_APOSTROPHE_RE.finditer(strip_code(translation))})
        if not bad:
            return []
        return [f"apostrophe {quote_list(bad)} inside a word; use {APOSTROPHE}"]


class ShortUCheck(Check):
    """Belarusian у/ў: the preposition у after a vowel-final word is ў (яна ў Мінску), and ў
    never follows a consonant or starts a sentence (Мінск у Беларусі)."""

    id = "short-u"
    severity = "warning"
    description = (
        "Belarusian у/ў at the start of a word (the preposition and any other word): after a "
        "vowel «ў» (не ўдзельнічаў), never «ў» after a consonant or ь (восень у Мінску)"
    )
    languages = ("be",)

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        text = strip_code(translation)
        out = []
        for match in _U_AFTER_VOWEL_RE.finditer(text):
            word, u_word = match.group(1), match.group(2)
            if word.isupper() or not CYRILLIC_RE.search(word):
                continue
            out.append(f"«{word} {u_word}»: after a vowel write «{word} ў{u_word[1:]}»")
        for match in _SHORT_U_RE.finditer(text):
            before = text[max(0, match.start() - 12):match.start()].split()
            previous = before[-1] if before else ""
            if previous.isupper():
                continue
            shown = f"{previous} {match.group(1)}".strip()
            fixed = ("У" if match.group(1)[0] == "Ў" else "у") + match.group(1)[1:]
            out.append(f"«{shown}»: «ў» only follows a vowel; write «{fixed}»")
        return out
