"""Weekly editions: which Monday–Sunday week an article belongs to, and the editions' order.

An article's edition is the week (Monday to Sunday) holding its front-matter ``date``, unless
an explicit ``edition`` key names that week's Monday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from trilingual.errors import SourceError


@dataclass(frozen=True)
class Edition:
    """One week's edition: its Monday, its Sunday and its articles' slugs (oldest first)."""

    monday: dt.date
    slugs: tuple[str, ...]

    @property
    def sunday(self) -> dt.date:
        """The last day of the edition's week."""
        return self.monday + dt.timedelta(days=6)

    @property
    def key(self) -> str:
        """``2024-08-26``: the edition's id in URLs and file names."""
        return self.monday.isoformat()


def parse_day(value: object, key: str, path: str) -> dt.date:
    """A front-matter date (YAML date or ISO string); ``SourceError`` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise SourceError(f"front matter '{key}' must be an ISO date (YYYY-MM-DD), got {value!r}",
                      path=path)


def week_monday(day: dt.date) -> dt.date:
    """The Monday of the ISO week holding ``day``."""
    return day - dt.timedelta(days=day.weekday())


def article_dates(front_matter: Mapping[str, object], path: str) -> tuple[dt.date, dt.date]:
    """(publication date, edition Monday) of an article from its front matter."""
    if "date" not in front_matter:
        raise SourceError("front matter has no 'date' (needed to place it in an edition)",
                          path=path)
    day = parse_day(front_matter["date"], "date", path)
    if front_matter.get("edition") is None:
        return day, week_monday(day)
    monday = parse_day(front_matter["edition"], "edition", path)
    if monday.weekday() != 0:
        raise SourceError(
            f"front matter 'edition' must be a Monday (the week's first day), got {monday}",
            path=path,
        )
    return day, monday


def group_editions(placed: Iterable[tuple[str, dt.date, dt.date]]) -> list[Edition]:
    """Editions from (slug, date, monday) triples, newest edition first, articles by date."""
    weeks: dict[dt.date, list[tuple[dt.date, str]]] = {}
    for slug, day, monday in placed:
        weeks.setdefault(monday, []).append((day, slug))
    return [
        Edition(monday, tuple(slug for _, slug in sorted(weeks[monday])))
        for monday in sorted(weeks, reverse=True)
    ]


def with_articles(editions: Sequence[Edition], published: Callable[[str], bool]) -> list[Edition]:
    """The editions (same order) holding at least one article ``published`` says is out: in
    a language, only these are linked as editions (the others hold notices only)."""
    return [e for e in editions if any(published(slug) for slug in e.slugs)]
