"""Numbers: every number of the English source must appear in the translation, written the way
the target language writes it.

English ``1,200.5`` is Belarusian/Russian ``1 200,5`` (group separator: space, no-break space
or narrow no-break space, the CLDR symbols from Babel); ``2.5%`` is ``2,5 %``; a scale word may
move the value (``$1.5 billion`` = ``1,5 млрд долараў`` = ``1500 млн``). Numbers are compared
as values, so ``2024`` matches ``2024`` and ``10,000`` matches ``10 000``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import polib
from babel.core import UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from trilingual.checks.base import Check, strip_code

_EN_NUMBER_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d)")
_EN_SCALE_RE = re.compile(
    r"\s?(thousand|million|billion|trillion|bn|tn|m|k)\b", re.IGNORECASE
)
_EN_SCALES = {
    "thousand": 3, "k": 3, "million": 6, "m": 6, "billion": 9, "bn": 9, "trillion": 12, "tn": 12,
}
_CY_SCALE_RE = re.compile(
    r"[\s\u00a0\u202f]?(тыс|тысяч|млн|мільён|мільён|миллион|млрд|мільярд|миллиард|трлн|"
    r"трыльён|триллион)", re.IGNORECASE,
)
_CY_SCALES = {
    "тыс": 3, "тысяч": 3, "млн": 6, "мільён": 6, "миллион": 6, "млрд": 9, "мільярд": 9,
    "миллиард": 9, "трлн": 12, "трыльён": 12, "триллион": 12,
}
_SPACES = " \u00a0\u202f"
_DIGIT_RE = re.compile(r"\d")
# Roman numerals up to 39: XX стагоддзе, I квартал.
_ROMAN_RE = re.compile(r"(?<![^\W\d_])(X{0,3})(IX|IV|V?I{0,3})(?![^\W\d_])")
_ROMAN = {"I": 1, "V": 5, "X": 10}
_ROMAN_HINT_RE = re.compile("[IVX]")
_DATE_RE = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])")  # 28.08.2024


@dataclass(frozen=True)
class Number:
    """A number as written (``text``), its value as written (``value``, no scale word applied)
    and every value its spelling may stand for (``values``)."""

    text: str
    value: str
    values: frozenset[str]


def _norm(raw: str) -> str | None:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    text = format(value.normalize(), "f")
    return text


def _scaled(value: str, power: int) -> str | None:
    return _norm(str(Decimal(value).scaleb(power)))


def _with_scale(values: set[str], scale_power: int | None) -> frozenset[str]:
    if scale_power:
        values |= {s for v in list(values) if (s := _scaled(v, scale_power)) is not None}
    return frozenset(values)


@lru_cache(maxsize=4096)
def english_numbers(text: str) -> tuple[Number, ...]:
    """Numbers of an English msgid (placeholders, code and URLs excluded)."""
    if not _DIGIT_RE.search(text):
        return ()
    text = strip_code(text)
    out = []
    for match in _EN_NUMBER_RE.finditer(text):
        raw = match.group(1)
        value = _norm(raw.replace(",", ""))
        if value is None:
            continue
        scale = _EN_SCALE_RE.match(text, match.end())
        power = _EN_SCALES[scale.group(1).lower()] if scale else None
        out.append(Number(raw, value, _with_scale({value}, power)))
    return tuple(out)


@lru_cache(maxsize=16)
def _target_number_re(lang: str) -> re.Pattern[str]:
    try:
        group, decimal = get_group_symbol(lang), get_decimal_symbol(lang)
    except (UnknownLocaleError, ValueError):
        group, decimal = "\u00a0", ","
    groups = re.escape("".join(sorted(set(_SPACES + group))))
    decimals = re.escape("".join(sorted({decimal, ",", "."})))
    return re.compile(
        rf"(?<![\d.,])(\d{{1,3}}(?:[{groups}]\d{{3}})+(?:[{decimals}]\d+)?|\d+(?:[{decimals}]\d+)?)(?!\d)"
    )


def _roman_value(numeral: str) -> int:
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN[char]
        following = _ROMAN[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def _roman_numbers(text: str) -> list[Number]:
    """Roman numerals 1-39 (centuries, quarters: XX стагоддзе, I квартал) as numbers."""
    out = []
    for match in _ROMAN_RE.finditer(text):
        numeral = match.group(0)
        if numeral:
            value = str(_roman_value(numeral))
            out.append(Number(numeral, value, frozenset({value})))
    return out


@lru_cache(maxsize=4096)
def target_numbers(text: str, lang: str) -> tuple[Number, ...]:
    """Numbers of a translation, each with every value its spelling allows.

    ``1 200`` may be one grouped number or two numbers, so both readings are kept; ``1,5`` is a
    decimal (a list would be written ``1, 5``).
    """
    if not _DIGIT_RE.search(text) and not _ROMAN_HINT_RE.search(text):
        return ()
    text = strip_code(text)
    out = []
    for date in _DATE_RE.finditer(text):
        for part in date.groups():
            value = _norm(part)
            if value is not None:
                out.append(Number(date.group(0), value, frozenset({value})))
    if out:
        text = _DATE_RE.sub(" ", text)
    out.extend(_roman_numbers(text))
    for match in _target_number_re(lang).finditer(text):
        raw = match.group(1)
        values: set[str] = set()
        pieces = re.split(f"[{_SPACES}]", raw)
        primary = _norm("".join(pieces).replace(",", "."))
        if primary is None:
            continue
        for candidate in pieces if len(pieces) > 1 else ():
            value = _norm(candidate.replace(",", "."))
            if value is not None:
                values.add(value)
        values.add(primary)
        scale = _CY_SCALE_RE.match(text, match.end())
        power = None
        if scale:
            word = scale.group(1).lower()
            power = next((p for stem, p in _CY_SCALES.items() if word.startswith(stem)), None)
        out.append(Number(raw, primary, _with_scale(values, power)))
    return tuple(out)


class NumberCheck(Check):
    """Every number of the source appears in the translation (as a value, in local format)."""

    id = "numbers"
    severity = "error"
    description = (
        "every number of the source appears in the translation, in the language's format "
        "(1,200 -> 1 200; 2.5% -> 2,5 %; $1.5 billion -> 1,5 млрд)"
    )

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        wanted = english_numbers(source)
        if not wanted:
            return []
        found = target_numbers(translation, lang)
        present: set[str] = set()
        for number in found:
            present |= number.values
        out = []
        missing = [n.text for n in wanted if not n.values & present]
        if missing:
            out.append(
                f"number {', '.join(missing)} of the source is missing (or written differently)"
            )
        if _decimal_symbol(lang) == ",":
            copied = {n.text for n in wanted if "." in n.text and "," not in n.text}
            kept = sorted({n.text for n in found if n.text in copied})
            if kept:
                local = ", ".join(k.replace(".", ",") for k in kept)
                out.append(f"{', '.join(kept)} keeps the English decimal point; write {local}")
        return out


@lru_cache(maxsize=16)
def _decimal_symbol(lang: str) -> str:
    try:
        return str(get_decimal_symbol(lang))
    except (UnknownLocaleError, ValueError):
        return ","
