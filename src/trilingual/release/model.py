"""Values of a release: one article's metadata in one language, kept in the build manifest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class ArticleMeta:
    """What pages other than the article's own need to know of it, in one language.

    ``problems`` lists the segments without a reviewed translation (``file:line: [lang] state:
    msgid``), ``qa`` the QA issues that block it under ``release.qa`` (``file:line: [check]
    severity: message``); an article with either is not published in that language.
    """

    slug: str
    lang: str
    digest: str
    title: str
    date: str
    edition: str
    section: str = ""
    section_key: str = ""  # the English section name: the grouping key in every language
    subtitle: str = ""
    summary: str = ""
    author: str = ""
    tags: tuple[str, ...] = ()
    image_src: str = ""
    image_alt: str = ""
    image_credit: str = ""
    problems: tuple[str, ...] = field(default=())
    qa: tuple[str, ...] = field(default=())

    @property
    def published(self) -> bool:
        """True when every segment has a reviewed translation and no QA issue blocks it."""
        return not self.problems and not self.qa

    @property
    def day(self) -> dt.date:
        """The publication date."""
        return dt.date.fromisoformat(self.date)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping (for the manifest; tuples become lists)."""
        return {name: list(value) if isinstance(value, tuple) else value
                for name in _FIELDS for value in (getattr(self, name),)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleMeta:
        """Inverse of :meth:`to_json`."""
        values = dict(data)
        if values.keys() == _FIELD_SET:  # (every field, as to_json writes: the fast path)
            values["tags"] = tuple(values["tags"])
            values["problems"] = tuple(values["problems"])
            values["qa"] = tuple(values["qa"])
            meta = object.__new__(cls)  # a release reads thousands: skip the frozen __init__
            meta.__dict__.update(values)
            return meta
        values["tags"] = tuple(values.get("tags", ()))
        values["problems"] = tuple(values.get("problems", ()))
        values["qa"] = tuple(values.get("qa", ()))
        return cls(**values)


_FIELDS = tuple(f.name for f in fields(ArticleMeta))
_FIELD_SET = frozenset(_FIELDS)
