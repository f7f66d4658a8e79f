"""Numbers: every number of the English source must appear in the translation as the same
value, with the same unit and scale, written the way the target language writes it.

English ``1,200.5`` is Belarusian/Russian ``1 200,5`` (group separator: space, no-break space
or narrow no-break space, the CLDR symbols from Babel); ``2.5%`` is ``2,5 %`` (or ``2,5
працэнта``); a scale word multiplies the value (``$1.5 billion`` = ``1,5 млрд долараў`` = ``1500
млн``, never ``1,5 млн``; ``паўтара/полтора`` is 1.5). Numbers are compared as values, so
``2024`` matches ``2024`` and ``10,000`` matches ``10 000``. A percent, permille or degree
sign of the source must stay with its number, and a currency of the source (``$``, ``€``,
dollars, euros...) must be named in the translation, by symbol or by word. Numbers inside link
and image titles and alt texts are compared too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import polib
from babel.core import UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from trilingual.checks.base import LINK_DEST_RE, Check, strip_code

_SPACES = " \u00a0\u202f"
_EN_NUMBER_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d)")
# Full scale words may follow a space; the short forms m/k stick to the number ($5m, 20k).
_EN_SCALE_RE = re.compile(
    r"(?:[ \u00a0]?(thousand|million|billion|trillion|bn|tn)|(m|k))(?![^\W\d_])", re.IGNORECASE
)
_EN_SCALES = {
    "thousand": 3, "k": 3, "million": 6, "m": 6, "billion": 9, "bn": 9, "trillion": 12, "tn": 12,
}
_EN_UNIT_RE = re.compile(
    r"[ \u00a0\u202f-]?(%|‰|°|percentage points?|percent|per cent|pp\b|p\.p\.|degrees?)",
    re.IGNORECASE,
)
# Stems of be/ru scale words and their powers (тыс., тысяча, мільён, миллиона, млрд, трлн...).
_CY_SCALE_RE = re.compile(
    r"[ \u00a0\u202f]?(тыс|млн|млрд|трлн|мільярд|мільён|миллиард|миллион|трыльён|триллион)",
    re.IGNORECASE,
)
_CY_SCALES = {
    "тыс": 3, "млн": 6, "мільён": 6, "миллион": 6, "млрд": 9, "мільярд": 9, "миллиард": 9,
    "трлн": 12, "трыльён": 12, "триллион": 12,
}
_CY_UNIT_RE = re.compile(
    r"[ \u00a0\u202f-]?(%|‰|°|працэнт|процент|п\.[ \u00a0\u202f]?п\.|в\.[ \u00a0\u202f]?п\."
    r"|праміле|промилле|градус)",
    re.IGNORECASE,
)
# Unit words with spaces removed, matched as prefixes ("per cent" -> "percent").
_UNITS = {"%": "%", "percent": "%", "percentagepoint": "%", "pp": "%", "p.p.": "%",
          "працэнт": "%", "процент": "%", "п.п.": "%", "в.п.": "%",
          "‰": "‰", "праміле": "‰", "промилле": "‰", "°": "°", "degree": "°", "градус": "°"}
_UNIT_NAMES = {"%": "percent sign", "‰": "permille sign", "°": "degree sign"}
# Spelled-out one and a half before a scale word or a noun: паўтара мільёна, полтора миллиона.
_ONE_AND_HALF_RE = re.compile(r"(?<![^\W\d_])(паўтара|паўтары|полтора|полторы)(?![^\W\d_])",
                              re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")
_RANGE_RE = re.compile(r"[ \u00a0\u202f]?[–—-][ \u00a0\u202f]?")
# Roman numerals up to 39: XX стагоддзе, I квартал.
_ROMAN_RE = re.compile(r"(?<![^\W\d_])(X{0,3})(IX|IV|V?I{0,3})(?![^\W\d_])")
_ROMAN = {"I": 1, "V": 5, "X": 10}
_ROMAN_HINT_RE = re.compile("[IVX]")
_DATE_RE = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])")  # 28.08.2024

# Currencies: symbols and codes (every language) and words (stems, case-insensitive).
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "¥": "CNY"}
_CURRENCY_CODES = ("USD", "EUR", "GBP", "RUB", "BYN", "CNY")
# Words naming a currency (patterns; every inflected form, but not еўрапейскі or European).
_CURRENCY_WORDS = {
    "en": {r"dollars?": "USD", r"euros?": "EUR", r"r[ou]?ubles?": "RUB", r"yuan": "CNY"},
    "be": {r"долар\w*": "USD", r"еўра": "EUR", r"руб(?:ел|л)\w*": "RUB", r"юан\w*": "CNY"},
    "ru": {r"доллар\w*": "USD", r"евро": "EUR", r"рубл\w*|рубль": "RUB", r"юан\w*": "CNY"},
}
_CURRENCY_WORD_RE = {
    lang: [(re.compile(rf"(?<![^\W\d_])(?:{pattern})(?![^\W\d_])", re.IGNORECASE), code)
           for pattern, code in words.items()]
    for lang, words in _CURRENCY_WORDS.items()
}


@dataclass(frozen=True)
class Number:
    """A number as written (``text``), its value as written (``value``, no scale word applied),
    every value its spelling may stand for with the scale applied (``values``) and the unit
    sign or word after it (``unit``: '%', '‰', '°' or '')."""

    text: str
    value: str
    values: frozenset[str]
    unit: str = ""
    scale: str = ""


def _norm(raw: str) -> str | None:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return format(value.normalize(), "f")


def _scaled(value: str, power: int) -> str | None:
    return _norm(str(Decimal(value).scaleb(power)))


def _with_scale(values: set[str], scale_power: int | None) -> frozenset[str]:
    if scale_power:
        return frozenset(s for v in values if (s := _scaled(v, scale_power)) is not None)
    return frozenset(values)


def _unit(pattern: re.Pattern[str], text: str, pos: int) -> str:
    match = pattern.match(text, pos)
    if not match:
        return ""
    word = re.sub(r"[ \u00a0\u202f]", "", match.group(1).lower())
    return next((unit for key, unit in _UNITS.items() if word.startswith(key)), "")


@lru_cache(maxsize=4096)
def numbers_text(text: str) -> str:
    """``text`` with code, URLs and placeholders blanked, link and image titles kept."""
    if "](" in text:
        text = LINK_DEST_RE.sub(lambda m: "] " + _title(m.group(0)) + " ", text)
    return strip_code(text)


def _title(link_end: str) -> str:
    inner = link_end[2:-1]
    parts = inner.split(None, 1)
    return parts[1][1:-1] if len(parts) == 2 else ""


@lru_cache(maxsize=4096)
def english_numbers(text: str) -> tuple[Number, ...]:
    """Numbers of an English msgid (placeholders, code and URLs excluded)."""
    if not _DIGIT_RE.search(text):
        return ()
    text = numbers_text(text)
    out = []
    for match in _EN_NUMBER_RE.finditer(text):
        raw = match.group(1)
        value = _norm(raw.replace(",", ""))
        if value is None:
            continue
        end = match.end()
        power = None
        scale = _EN_SCALE_RE.match(text, end)
        if scale:
            word = (scale.group(1) or scale.group(2)).lower()
            power, end = _EN_SCALES[word], scale.end()
        unit = _unit(_EN_UNIT_RE, text, end)
        scale_text = scale.group(0).strip() if scale and power else ""
        out.append(Number(raw, value, _with_scale({value}, power), unit, scale_text))
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


def _target_scale(text: str, pos: int) -> tuple[int | None, int]:
    scale = _CY_SCALE_RE.match(text, pos)
    if not scale:
        return None, pos
    word = scale.group(1).lower()
    return next((p for stem, p in _CY_SCALES.items() if word.startswith(stem)), None), scale.end()


@lru_cache(maxsize=4096)
def target_numbers(text: str, lang: str) -> tuple[Number, ...]:
    """Numbers of a translation, each with every value its spelling allows.

    ``1 200`` may be one grouped number or two numbers, so both readings are kept; ``1,5`` is a
    decimal (a list would be written ``1, 5``).
    """
    if (not _DIGIT_RE.search(text) and not _ROMAN_HINT_RE.search(text)
            and not _ONE_AND_HALF_RE.search(text)):
        return ()
    text = numbers_text(text)
    out = []
    for date in _DATE_RE.finditer(text):
        for part in date.groups():
            value = _norm(part)
            if value is not None:
                out.append(Number(date.group(0), value, frozenset({value})))
    if out:
        text = _DATE_RE.sub(" ", text)
    out.extend(_roman_numbers(text))
    for match in _ONE_AND_HALF_RE.finditer(text):
        power, end = _target_scale(text, match.end())
        unit = _unit(_CY_UNIT_RE, text, end)
        out.append(Number(match.group(0), "1.5", _with_scale({"1.5"}, power), unit,
                          text[match.end():end].strip()))
    pending: list[tuple[re.Match[str], str, set[str], int | None, int]] = []
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
        power, end = _target_scale(text, match.end())
        pending.append((match, primary, values, power, end))
    for index, (match, primary, values, power, end) in enumerate(pending):
        # The first number of a range takes the unit and scale of the second: 5–10 %, 1-2 млрд.
        if power is None and index + 1 < len(pending) and _RANGE_RE.fullmatch(
                text, end, pending[index + 1][0].start()):
            _, _, _, power, end = pending[index + 1]
            start = pending[index + 1][0].end()
        else:
            start = match.end()
        unit = _unit(_CY_UNIT_RE, text, end)
        out.append(Number(match.group(1), primary, _with_scale(values, power), unit,
                          text[start:end].strip()))
    return tuple(out)


@lru_cache(maxsize=4096)
def currencies(text: str, lang: str) -> frozenset[str]:
    """Currencies ``text`` names by symbol, ISO code or word (USD, EUR, ...)."""
    found = {code for symbol, code in _CURRENCY_SYMBOLS.items() if symbol in text}
    found.update(code for code in _CURRENCY_CODES if code in text)
    for pattern, code in _CURRENCY_WORD_RE.get(lang, _CURRENCY_WORD_RE["ru"]):
        if code not in found and pattern.search(text):
            found.add(code)
    return frozenset(found)


def number_problems(source: str, translation: str, lang: str) -> list[str]:
    """What the numbers check reports for one translation (empty when it passes)."""
    wanted = english_numbers(source)
    if not wanted:
        return []
    found = target_numbers(translation, lang)
    present: set[str] = set()
    with_unit: dict[str, set[str]] = {}
    for number in found:
        present |= number.values
        for value in number.values:
            with_unit.setdefault(value, set()).add(number.unit)
    out = []
    missing = []
    for number in wanted:
        if number.values & present:
            if number.unit and all(number.unit not in with_unit[v]
                                   for v in number.values & present):
                out.append(f"{_shown(number)} of the source: the {_UNIT_NAMES[number.unit]} "
                           "(or its word) is missing")
            continue
        same_digits = [f"{n.text} {n.scale}".strip() for n in found if n.value == number.value]
        if number.scale or same_digits:
            out.append(f"{_shown(number)} of the source has a different scale here "
                       f"({'written ' + same_digits[0] if same_digits else 'no scale word'})"
                       if same_digits else f"number {_shown(number)} of the source is missing")
        else:
            missing.append(number.text)
    if missing:
        out.insert(0,
                   f"number {', '.join(missing)} of the source is missing (or written differently)")
    src_money = currencies(numbers_text(source), "en")
    if src_money:
        dst_money = currencies(numbers_text(translation), lang)
        lost = sorted(src_money - dst_money)
        if lost:
            out.append(f"currency {', '.join(lost)} of the source is not named in the translation")
    if _decimal_symbol(lang) == ",":
        copied = {n.text for n in wanted if "." in n.text and "," not in n.text}
        kept = sorted({n.text for n in found if n.text in copied})
        if kept:
            local = ", ".join(k.replace(".", ",") for k in kept)
            out.append(f"{', '.join(kept)} keeps the English decimal point; write {local}")
    return out


def _shown(number: Number) -> str:
    scale = f" {number.scale}" if number.scale else ""
    return f"{number.text}{scale}{number.unit}"


class NumberCheck(Check):
    """Every number of the source appears in the translation (value, unit, scale, currency)."""

    id = "numbers"
    severity = "error"
    description = (
        "every number of the source appears in the translation as the same value with the same "
        "unit, scale and currency, in the language's format (1,200 -> 1 200; 2.5% -> 2,5 %; "
        "$1.5 billion -> 1,5 млрд долараў; паўтара/полтора = 1.5); link titles and alt texts too"
    )

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        return number_problems(source, translation, lang)


@lru_cache(maxsize=16)
def _decimal_symbol(lang: str) -> str:
    try:
        return str(get_decimal_symbol(lang))
    except (UnknownLocaleError, ValueError):
        return ","
