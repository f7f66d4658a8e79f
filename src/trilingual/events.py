"""pulldown-cmark's events (through ``pyromark``) of an article body, with character offsets
into the article instead of UTF-8 byte offsets.

GFM tables, strikethrough and footnotes are on: a footnote reference ``[^1]`` becomes a
placeholder; each definition is a block whose text is translated like any other.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

import pyromark

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH | \
    pyromark.Options.ENABLE_FOOTNOTES
_NON_ASCII_RE = re.compile("[^\x00-\x7f]")


@dataclass(slots=True)
class Event:
    """One pulldown-cmark event with its character range in the article."""

    kind: str  # Text, Code, InlineHtml, SoftBreak, HardBreak, Start, End, ...
    name: str  # for Start/End: Paragraph, Emphasis, Link...; else same as kind
    start: int
    end: int
    info: Any = None



def markdown_events(body: str, base: int) -> list[Event]:
    """pyromark's events of ``body`` with character offsets into the article (``base``: where
    the body starts)."""
    # pyromark reports UTF-8 byte offsets; a character offset is the byte offset less the
    # extra bytes of the non-ASCII characters before it (few in English prose)
    byte_ends = [0]  # byte offset after each non-ASCII character...
    extras = [0]  # ...and the extra bytes up to there
    if not body.isascii():
        extra = 0
        for match in _NON_ASCII_RE.finditer(body):
            extra += len(match.group().encode("utf-8")) - 1
            byte_ends.append(match.end() + extra)
            extras.append(extra)
    shifted = len(byte_ends) > 1
    events = []
    item: Any
    info: Any
    name: str
    for item, rng in pyromark.events_with_range(body, options=_OPTIONS):
        start, end = rng["start"], rng["end"]
        if shifted:
            start -= extras[bisect.bisect_right(byte_ends, start) - 1]
            end -= extras[bisect.bisect_right(byte_ends, end) - 1]
        start += base
        end += base
        if item.__class__ is str:
            events.append(Event(item, item, start, end))
            continue
        for kind, value in item.items():
            if kind == "Start" or kind == "End":
                if value.__class__ is str:
                    name, info = value, None
                elif value is None:
                    name, info = "", None
                else:
                    (name, info), = value.items()
                    if name == "Heading" and kind == "Start":
                        info = info["level"][1:]
                events.append(Event(kind, name, start, end, info))
            else:
                events.append(Event(kind, kind, start, end, value))
    return events
