"""Dates: an English date (month name with a day, and a year if given) appears in the
translation with the same day and year and that month's name in the target language, in any
grammatical form (лютага, люты, лютым; февраля, февраль, феврале), or as ``dd.mm.yyyy``.

Month names come from CLDR through Babel (format and stand-alone, wide and abbreviated); a
word is taken for a month's name when it starts with the common beginning of its CLDR wide
forms and is at most a few letters longer than the longest of them.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polib
from babel.core import Locale, UnknownLocaleError

from trilingual.checks.base import Check, strip_code

_WORD_RE = re.compile(r"[^\W\d_]+\.?")
_DIGIT_RE = re.compile(r"\d")
_NUMERIC_DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_NUMBER_RE = re.compile(r"(?<![\d,.])\d+(?!\d|[,.]\d)")  # not the parts of 1,5 or 1.5
_EXTRA_LETTERS = 2


@lru_cache(maxsize=1)
def _english_months() -> dict[str, int]:
    locale = Locale("en")
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for month, name in locale.months["format"][width].items():
            names[name] = month
    names["Sept"] = 9
    return names


@lru_cache(maxsize=1)
def _english_date_re() -> re.Pattern[str]:
    months = "|".join(sorted(map(re.escape, _english_months()), key=len, reverse=True))
    day = r"(\d{1,2})(?:st|nd|rd|th)?"
    return re.compile(
        rf"(?<![\w.])(?:({months})\.?[ \u00a0]{day}(?:,?[ \u00a0](\d{{4}}))?"
        rf"|{day}[ \u00a0]({months})\.?(?:,?[ \u00a0](\d{{4}}))?)(?![\w])"
    )


@lru_cache(maxsize=4096)
def english_dates(text: str) -> tuple[tuple[str, int, int, int | None], ...]:
    """``(as written, month, day, year or None)`` for each English date of ``text``."""
    if not _DIGIT_RE.search(text):
        return ()
    out = []
    months = _english_months()
    for match in _english_date_re().finditer(strip_code(text)):
        m1, d1, y1, d2, m2, y2 = match.groups()
        month, day, year = (m1, d1, y1) if m1 else (m2, d2, y2)
        if 1 <= int(day) <= 31:
            out.append((match.group(0), months[month], int(day), int(year) if year else None))
    return tuple(out)


@lru_cache(maxsize=8)
def month_forms(lang: str) -> dict[int, tuple[str, int, frozenset[str]]]:
    """Per month: (common beginning of the CLDR wide names, longest wide name, abbreviations)."""
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return {}
    out = {}
    for month in range(1, 13):
        wide = [locale.months[ctx]["wide"][month].lower() for ctx in ("format", "stand-alone")]
        abbreviated = frozenset(
            locale.months[ctx]["abbreviated"][month].lower().rstrip(".")
            for ctx in ("format", "stand-alone")
        )
        common = wide[0]
        for name in wide[1:]:
            while not name.startswith(common):
                common = common[:-1]
        out[month] = (common, max(len(w) for w in wide), abbreviated)
    return out


def names_month(word: str, month: int, lang: str) -> bool:
    """True if ``word`` is a form of the CLDR name (or abbreviation) of ``month`` in ``lang``."""
    forms = month_forms(lang).get(month)
    if forms is None:
        return True
    common, longest, abbreviated = forms
    word = word.lower().rstrip(".")
    if word in abbreviated:
        return True
    return bool(common) and word.startswith(common) and len(word) <= longest + _EXTRA_LETTERS


def date_problems(source: str, translation: str, lang: str) -> list[str]:
    """What the dates check reports (empty when every English date is rendered)."""
    dates = english_dates(source)
    if not dates or not month_forms(lang):
        return []
    text = strip_code(translation)
    words = [w.rstrip(".") for w in _WORD_RE.findall(text)]
    numbers = {int(n) for n in _NUMBER_RE.findall(text)}
    numeric = {(int(d), int(m), int(y)) for d, m, y in _NUMERIC_DATE_RE.findall(text)}
    out = []
    for written, month, day, year in dates:
        if any(d == day and m == month and (year is None or y == year) for d, m, y in numeric):
            continue
        lacks = []
        if not any(names_month(w, month, lang) for w in words):
            common = month_forms(lang)[month][0]
            lacks.append(f"the month ({common}…)")
        if day not in numbers:
            lacks.append(f"the day {day}")
        if year is not None and year not in numbers:
            lacks.append(f"the year {year}")
        if lacks:
            out.append(f"date {written!r}: {' and '.join(lacks)} not found in the translation")
    return out


class DateCheck(Check):
    """English dates keep their day, month and year (month names from CLDR)."""

    id = "dates"
    severity = "error"
    description = (
        "an English date (Feb. 1, 2022; 1 February) appears with the same day and year and the "
        "CLDR month name in any grammatical form (лютага/лютым, февраля/феврале) or as 01.02.2022"
    )
    languages = ("be", "ru")

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        return date_problems(source, translation, lang)
