"""Number-only segments: not translators' work, rendered per language through Babel/CLDR.

A body segment made only of numbers, dates, units, currency signs and punctuation (a table cell
``1,150``, ``2.5%``, ``$290``, ``2019–2021``, ``2024-08-28``) carries nothing to translate,
only conventions: ``extract`` leaves it out of the catalogs (unless the project sets
``translate.auto_numbers: false``) and ``render`` writes it the way the language writes
numbers (``1,150`` -> ``1 150``, ``2.5%`` -> ``2,5 %``, ``$290`` -> ``290 $``,
``12.5 km`` -> ``12,5 км``, ``2024-08-28`` -> ``28 жніўня 2024``).

Grouping and decimals follow the source: ``2019`` stays ``2019`` (no group separator in the
English, none in the translation), ``12.30`` keeps two decimals. The identity translation is
untouched: the English file (and a catalog whose every msgstr equals its msgid) renders byte
for byte as before.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, get_currency_symbol
from babel.units import format_unit

from trilingual.document import Document, Segment

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MONTH = "|".join(_MONTHS)
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB"}
#: unit abbreviations of English text and their CLDR unit ids (Babel formats them per language)
UNITS = {
    "km/h": "speed-kilometer-per-hour", "km²": "area-square-kilometer",
    "km": "length-kilometer", "kg": "mass-kilogram", "ha": "area-hectare",
    "°C": "temperature-celsius", "t": "mass-tonne",
}
_UNIT = "|".join(re.escape(u) for u in UNITS)  # longest first: km/h before km
_TOKEN_RE = re.compile(
    rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})(?![\d])"
    rf"|(?P<mdy>(?:{_MONTH}) \d{{1,2}}, \d{{4}})"
    rf"|(?P<dmy>\d{{1,2}} (?:{_MONTH}) \d{{4}})"
    rf"|(?P<my>(?:{_MONTH}) \d{{4}})"
    rf"|(?P<cur>[$€£¥₽])(?P<cnum>{_NUM})"
    rf"|(?P<num>{_NUM})(?:(?P<pct>\s?%)|(?P<unit>\s?(?:{_UNIT}))(?![^\W\d_]))?"
    r"|(?P<punct>[\s*_~()\[\]/+\-−–—.,:;!?±≈<>=#'\"“”«»])"
)
_DIGIT_RE = re.compile(r"\d")


def _tokens(text: str) -> list[re.Match[str]] | None:
    """The tokens covering ``text`` end to end, or None if something else is in it."""
    out = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None or match.end() == pos:
            return None
        out.append(match)
        pos = match.end()
    return out


@lru_cache(maxsize=8192)
def is_numeric(msgid: str) -> bool:
    """True if ``msgid`` holds only numbers, dates, units, currency signs and punctuation
    (and at least one digit): nothing a translator has to translate."""
    if not _DIGIT_RE.search(msgid):
        return False
    return _tokens(msgid) is not None


def is_auto_segment(segment: Segment) -> bool:
    """A body segment rendered per language without a catalog entry (front matter never)."""
    return segment.kind == "body" and not segment.placeholders and is_numeric(segment.msgid)


def auto_segments(doc: Document) -> list[Segment]:
    """The segments of ``doc`` that :func:`render_numeric` renders."""
    return [s for s in doc.segments if is_auto_segment(s)]


def without_auto_segments(doc: Document) -> Document:
    """``doc`` with its number-only segments removed (what ``extract`` gives translators)."""
    from dataclasses import replace

    kept = tuple(s for s in doc.segments if not is_auto_segment(s))
    return doc if len(kept) == len(doc.segments) else replace(doc, segments=kept)


# Formatting ---------------------------------------------------------------------------------


def _pattern(english: str) -> str:
    """A CLDR number pattern that keeps the English number's grouping and decimals."""
    whole, _, frac = english.partition(".")
    return ("#,##0" if "," in whole else "0") + ("." + "0" * len(frac) if frac else "")


def _value(english: str) -> Decimal:
    return Decimal(english.replace(",", ""))


@lru_cache(maxsize=64)
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return None


def format_number(english: str, lang: str) -> str:
    """One English number (``1,150``, ``12.3``, ``2019``) as ``lang`` writes it."""
    try:
        return str(format_decimal(_value(english), format=_pattern(english), locale=lang))
    except (UnknownLocaleError, ValueError, InvalidOperation):
        return english


def _affixes(pattern: str) -> tuple[str, str]:
    """Prefix and suffix of a CLDR pattern around its number part (``#,##0 %`` -> '', ' %')."""
    pattern = pattern.split(";")[0]
    match = re.search(r"[#0,.]+", pattern)
    if match is None:
        return "", ""
    return pattern[: match.start()], pattern[match.end() :]


def _percent(english: str, lang: str) -> str:
    locale = _locale(lang)
    if locale is None:
        return english + "%"
    prefix, suffix = _affixes(locale.percent_formats[None].pattern)
    symbol = locale.number_symbols.get("latn", {}).get("percentSign", "%")
    return prefix.replace("%", symbol) + format_number(english, lang) + suffix.replace("%", symbol)


def _currency(sign: str, english: str, lang: str) -> str:
    locale = _locale(lang)
    if locale is None:
        return sign + english
    prefix, suffix = _affixes(locale.currency_formats["standard"].pattern)
    symbol = str(get_currency_symbol(CURRENCIES[sign], locale=lang))
    number = format_number(english, lang)
    return prefix.replace("¤", symbol) + number + suffix.replace("¤", symbol)


def _unit(english: str, unit: str, lang: str) -> str:
    try:
        return str(format_unit(_value(english), UNITS[unit], length="short",
                               format=_pattern(english), locale=lang))
    except (UnknownLocaleError, ValueError, KeyError):
        return f"{english} {unit}"


def _date(match: re.Match[str], lang: str) -> str:
    text = match.group(0)
    try:
        if match.group("iso"):
            return str(format_date(_dt.date.fromisoformat(text), "d MMMM y", locale=lang))
        if match.group("my"):
            day = _dt.datetime.strptime(text, "%B %Y").date()
            return str(format_date(day, "LLLL y", locale=lang))
        fmt = "%B %d, %Y" if match.group("mdy") else "%d %B %Y"
        day = _dt.datetime.strptime(text, fmt).date()
        return str(format_date(day, "d MMMM y", locale=lang))
    except (ValueError, UnknownLocaleError):
        return text


@lru_cache(maxsize=8192)
def render_numeric(msgid: str, lang: str) -> str:
    """A number-only ``msgid`` as ``lang`` writes it (the msgid itself if it is not one)."""
    tokens = _tokens(msgid) if _DIGIT_RE.search(msgid) else None
    if tokens is None:
        return msgid
    return "".join(_render_token(m, lang) for m in tokens)


def _render_token(match: re.Match[str], lang: str) -> str:
    if match.group("punct") is not None:
        return match.group(0)
    if match.group("cur"):
        return _currency(match.group("cur"), match.group("cnum"), lang)
    if match.group("num"):
        if match.group("pct"):
            return _percent(match.group("num"), lang)
        if match.group("unit"):
            return _unit(match.group("num"), match.group("unit").strip(), lang)
        return format_number(match.group("num"), lang)
    return _date(match, lang)


def count_auto(segments: Iterable[Segment]) -> tuple[int, int]:
    """(distinct number-only msgids, their occurrences) among ``segments``."""
    msgids = [s.msgid for s in segments if is_auto_segment(s)]
    return len(set(msgids)), len(msgids)
