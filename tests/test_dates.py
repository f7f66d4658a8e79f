"""Localized dates and week intervals for en, be and ru, checked against exact strings."""

from __future__ import annotations

import datetime as dt

import pytest

from trilingual.release.dates import format_day, format_interval, language_name
from trilingual.release.edition import week_monday

NNBSP = "\u202f"  # CLDR's narrow no-break space before «г.»
D = dt.date


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "August 28, 2024"),
        ("be", f"28 жніўня 2024{NNBSP}г."),
        ("ru", f"28 августа 2024{NNBSP}г."),
    ],
)
def test_single_day(lang: str, expected: str) -> None:
    assert format_day(D(2024, 8, 28), lang) == expected


@pytest.mark.parametrize(
    ("lang", "start", "end", "expected"),
    [
        # across two months of one year (the sample's first edition)
        ("en", D(2024, 8, 26), D(2024, 9, 1), "August 26 – September 1, 2024"),
        ("be", D(2024, 8, 26), D(2024, 9, 1), f"26 жніўня – 1 верасня 2024{NNBSP}г."),
        ("ru", D(2024, 8, 26), D(2024, 9, 1), f"26 августа – 1 сентября 2024{NNBSP}г."),
        # within one month
        ("en", D(2024, 9, 2), D(2024, 9, 8), "September 2–8, 2024"),
        ("be", D(2024, 9, 2), D(2024, 9, 8), f"2–8 верасня 2024{NNBSP}г."),
        ("ru", D(2024, 9, 2), D(2024, 9, 8), f"2–8 сентября 2024{NNBSP}г."),
        # across a new year
        ("en", D(2024, 12, 30), D(2025, 1, 5), "December 30, 2024 – January 5, 2025"),
        ("be", D(2024, 12, 30), D(2025, 1, 5),
         f"30 снежня 2024{NNBSP}г. – 5 студзеня 2025{NNBSP}г."),
        ("ru", D(2024, 12, 30), D(2025, 1, 5),
         f"30 декабря 2024{NNBSP}г. – 5 января 2025{NNBSP}г."),
        # genitive month names where the nominative differs most
        ("be", D(2024, 4, 29), D(2024, 5, 5), f"29 красавіка – 5 мая 2024{NNBSP}г."),
        ("ru", D(2024, 4, 29), D(2024, 5, 5), f"29 апреля – 5 мая 2024{NNBSP}г."),
        ("be", D(2024, 10, 28), D(2024, 11, 3),
         f"28 кастрычніка – 3 лістапада 2024{NNBSP}г."),
    ],
)
def test_week_interval(lang: str, start: D, end: D, expected: str) -> None:
    assert format_interval(start, end, lang) == expected


def test_interval_never_uses_abbreviated_months() -> None:
    for lang in ("be", "ru"):
        text = format_interval(D(2024, 8, 26), D(2024, 9, 1), lang)
        assert "авг." not in text and "сент." not in text and "жн." not in text


def test_interval_of_one_day_and_reversed() -> None:
    assert format_interval(D(2024, 9, 1), D(2024, 9, 1), "en") == "September 1, 2024"
    with pytest.raises(ValueError):
        format_interval(D(2024, 9, 2), D(2024, 9, 1), "en")


def test_week_monday() -> None:
    assert week_monday(D(2024, 8, 28)) == D(2024, 8, 26)
    assert week_monday(D(2024, 9, 1)) == D(2024, 8, 26)  # Sunday belongs to the week before
    assert week_monday(D(2024, 9, 2)) == D(2024, 9, 2)


def test_language_names_come_from_cldr() -> None:
    assert language_name("be") == "Беларуская"
    assert language_name("ru") == "Русский"
    assert language_name("en") == "English"
    assert language_name("be", "ru") == "Белорусский"
