"""Localized dates and week intervals from Babel/CLDR data (no hand-made month tables).

Single dates use the locale's CLDR ``long`` pattern (be/ru «28 жніўня 2024 г.» with CLDR's
narrow no-break space before «г.», en "August 28, 2024"). A week's interval is built from two
``format_date`` calls, because CLDR's ``yMMMMd`` interval data for be and ru falls back to
abbreviated months («26 авг. – 1 сент. 2024 г.»):

- same month: «2–8 верасня 2024 г.», "September 2–8, 2024";
- same year:  «26 жніўня – 1 верасня 2024 г.», "August 26 – September 1, 2024";
- two years:  «30 снежня 2024 г. – 5 студзеня 2025 г.», "December 30, 2024 – January 5, 2025".
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Literal

EN_DASH = "\u2013"

# Every string this module derived from CLDR, by call. Loading a locale's CLDR data costs more
# than a small release, so the build keeps this table between releases (for one Babel version).
MEMO: dict[str, str] = {}


def _memo(key: str, compute: Callable[[], str]) -> str:
    value = MEMO.get(key)
    if value is None:
        value = MEMO[key] = compute()
    return value


def format_date(day: dt.date, pattern: str, locale: str) -> str:
    """Babel's ``format_date`` (imported on first use)."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, pattern, locale=locale))


def get_date_format(length: Literal["full", "long", "medium", "short"], locale: str) -> object:
    """Babel's ``get_date_format`` (imported on first use)."""
    from babel.dates import get_date_format as babel_get_date_format

    return babel_get_date_format(length, locale=locale)


def format_day(day: dt.date, locale: str) -> str:
    """``day`` in the locale's long date format."""
    return _memo(f"day\0{locale}\0{day.isoformat()}",
                 lambda: format_date(day, "long", locale=locale))


def format_iso(day: dt.date) -> str:
    """The ISO date ``2024-08-26`` (for ``<time datetime>`` and file names)."""
    return day.isoformat()


@functools.lru_cache(maxsize=64)
def _day_first(locale: str) -> bool:
    """True when the locale's long pattern puts the day before the month (be, ru)."""
    pattern: str = get_date_format("long", locale=locale).pattern  # type: ignore[attr-defined]
    return pattern.find("d") < pattern.find("M")


def format_interval(start: dt.date, end: dt.date, locale: str) -> str:
    """The period ``start``..``end`` (inclusive) written the locale's way."""
    if end < start:
        raise ValueError(f"interval ends before it starts: {start} > {end}")
    return _memo(f"interval\0{locale}\0{start.isoformat()}\0{end.isoformat()}",
                 lambda: _format_interval(start, end, locale))


def _format_interval(start: dt.date, end: dt.date, locale: str) -> str:
    if start == end:
        return format_day(start, locale)
    last = format_day(end, locale)
    if start.year != end.year:
        return f"{format_day(start, locale)} {EN_DASH} {last}"
    if _day_first(locale):
        if start.month == end.month:
            return f"{format_date(start, 'd', locale=locale)}{EN_DASH}{last}"
        return f"{format_date(start, 'd MMMM', locale=locale)} {EN_DASH} {last}"
    if start.month == end.month:
        # "September 2–8, 2024": the month and the day of the start, then the end without month.
        pattern: str = get_date_format("long", locale=locale).pattern  # type: ignore[attr-defined]
        tail = format_date(end, pattern.replace("MMMM", "").strip(), locale=locale)
        return f"{format_date(start, 'MMMM d', locale=locale)}{EN_DASH}{tail}"
    return f"{format_date(start, 'MMMM d', locale=locale)} {EN_DASH} {last}"


def language_name(lang: str, in_lang: str | None = None) -> str:
    """CLDR name of ``lang`` in ``in_lang`` (default: in itself), capitalized: «Беларуская»."""

    def compute() -> str:
        from babel import Locale

        name = Locale.parse(lang).get_display_name(in_lang or lang) or lang
        return name[:1].upper() + name[1:]

    return _memo(f"name\0{lang}\0{in_lang or lang}", compute)


def text_direction(lang: str) -> str:
    """``ltr`` or ``rtl``: the CLDR writing direction of ``lang``."""

    def compute() -> str:
        from babel import Locale

        return str(Locale.parse(lang).text_direction)

    return _memo(f"dir\0{lang}", compute)
