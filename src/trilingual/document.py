"""Values that flow from the source reader to extraction and reassembly.

A :class:`Document` is the English file's text plus its translatable :class:`Segment` spans, in
order and never overlapping. Everything between segments is copied byte for byte. Extraction
turns segments into catalog entries; reassembly splices translations into the same spans, so the
two can never drift apart.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

SegmentKind = Literal["body", "front-matter"]


class Segment(NamedTuple):
    """One translatable unit: a sentence of the body or one front-matter value.

    Immutable; a named tuple rather than a frozen dataclass because an archive has hundreds of
    thousands of them and a frozen dataclass takes three times as long to build.

    ``msgid`` is what translators see: the sentence's Markdown with soft line breaks made single
    spaces and every URL, raw HTML and literal ``{n}`` replaced by numbered placeholders ``{1}``,
    ``{2}``...; ``placeholders[i]`` is the original text of ``{i+1}``.
    ``start``/``end`` are character offsets of the sentence in ``Document.text``.
    """

    msgid: str
    start: int
    end: int
    line: int
    block: str
    kind: SegmentKind = "body"
    msgctxt: str | None = None
    placeholders: tuple[str, ...] = ()
    in_table: bool = False
    paragraph: str = ""  # the whole block's msgid-normalized text (context for MT)
    block_index: int = 0  # index of the block in document order (for paragraph alignment)
    yaml_style: str = ""  # front matter only: the scalar's original style ('', '"', "'", '|', '>')


@dataclass(frozen=True)
class Document:
    """An English source file: its full text, its front matter mapping and its segments."""

    path: str
    text: str
    front_matter: dict[str, object] = field(default_factory=dict)
    segments: tuple[Segment, ...] = ()
    body_start: int = 0  # offset where the Markdown body begins (after the front matter)


class LineIndex:
    """Character offset -> 1-based line number."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        """The 1-based line of character ``offset``."""
        return bisect.bisect_right(self.starts, offset)
