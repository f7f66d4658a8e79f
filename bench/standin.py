"""Stand-in translations: the English text with what the release's QA checks look for written
the be/ru way, so that a stand-in passes them as a reviewed translation would.

The benchmark reviews its catalogs with these (a release of an archive whose every article the
QA gate keeps out would time notices, not pages), and the release tests build their projects
with them. Numbers: ``1,000`` -> ``1 000``, ``12.3`` -> ``12,3``; months as CLDR's genitive
(Babel); scale words as abbreviations (``million`` -> ``млн``); ``percent`` -> ``%``; currency
words named in the language. Code spans and ``{n}`` placeholders are left alone.
"""

from __future__ import annotations

import re

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_SCALES = {"thousand": "тыс.", "million": "млн", "billion": "млрд", "trillion": "трлн"}
_CURRENCIES = {
    "be": {r"dollars?": "долараў", r"euros?": "еўра", r"r[ou]?ubles?": "рублёў", r"yuan": "юаняў"},
    "ru": {r"dollars?": "долларов", r"euros?": "евро", r"r[ou]?ubles?": "рублей",
           r"yuan": "юаней"},
}
_PROTECTED = re.compile(r"(`[^`]*`|\{\d+\})")


def localize_numbers(text: str) -> str:
    """``1,000`` -> ``1 000`` (no-break space) and ``12.3`` -> ``12,3`` outside code spans."""
    parts = _PROTECTED.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"(?<=\d)\.(?=\d)", ",",
                          re.sub(r"(?<=\d),(?=\d{3}\b)", "\u00a0", parts[i]))
    return "".join(parts)


def localize_words(text: str, lang: str) -> str:
    """Months (also ``Feb.``), scale words, ``percent`` and currency words of ``text`` as
    ``lang`` (be, ru) writes them, outside code spans and placeholders."""
    from babel.dates import get_month_names

    if lang not in _CURRENCIES:
        return text
    names = get_month_names("wide", context="format", locale=lang)
    parts = _PROTECTED.split(text)
    for i in range(0, len(parts), 2):
        part = parts[i]
        for number, month in enumerate(_MONTHS, start=1):
            short = f"{month[:3]}t?" if month == "September" else month[:3]  # Sep., Sept.
            part = re.sub(rf"\b(?:{month}|{short}\.)(?=[\s,]|$)", names[number], part)
        for word, short in _SCALES.items():
            part = re.sub(rf"\b{word}s?\b", short, part)
        part = re.sub(r"\s?\bpercentage points?\b", " п. п.", part)
        part = re.sub(r"\s?\bper ?cent\b", "%", part)
        for pattern, name in _CURRENCIES[lang].items():
            part = re.sub(rf"\b{pattern}\b", name, part)
        parts[i] = part
    return "".join(parts)


def stand_in(msgid: str, lang: str) -> str:
    """The stand-in translation of ``msgid`` into ``lang``."""
    return localize_words(localize_numbers(msgid), lang)
