"""Markdown to HTML for published pages, whole or cut into top-level blocks for the parallel view.

Translated text reaches this module already HTML-escaped by ``render_article(escape_html=True)``,
so the only markup in the HTML is the source's own (its Markdown structure, its placeholders).
"""

from __future__ import annotations

import re

import pyromark

from trilingual.safety import defuse_links, scrub_output

OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH | \
    pyromark.Options.ENABLE_FOOTNOTES
_COMMENT_ONLY_RE = re.compile(r"\s*(?:<!--.*?-->\s*)*", re.DOTALL)


def markdown_html(text: str) -> str:
    """HTML of a Markdown body (CommonMark plus GFM tables and strikethrough); unsafe links
    are not live and control characters are replaced (they are not allowed in XML)."""
    return scrub_output(defuse_links(str(pyromark.html(text, options=OPTIONS))))


def _block_ranges(raw: bytes, text: str) -> list[tuple[int, int]]:
    """Byte ranges of the top-level blocks of ``text`` (``raw`` is its UTF-8 encoding)."""
    ranges: list[tuple[int, int]] = []
    depth = 0
    for event, span in pyromark.events_with_range(text, options=OPTIONS):
        kind = next(iter(event)) if isinstance(event, dict) else event
        if kind == "Start":
            if depth == 0:
                ranges.append((span["start"], span["end"]))
            depth += 1
        elif kind == "End":
            depth -= 1
        elif depth == 0:  # a leaf event outside any block: a thematic break
            ranges.append((span["start"], span["end"]))
    return ranges


def markdown_blocks(text: str) -> list[str]:
    """HTML of each visible top-level block of ``text``, in order.

    Link reference definitions (which belong to no block) are appended to every block so that
    reference links still resolve; blocks holding nothing but HTML comments are dropped.
    """
    raw = text.encode("utf-8")
    ranges = _block_ranges(raw, text)
    gaps: list[bytes] = []
    pos = 0
    for start, end in ranges:
        gaps.append(raw[pos:start])
        pos = max(pos, end)
    gaps.append(raw[pos:])
    definitions = b"\n".join(g.strip() for g in gaps if g.strip()).decode("utf-8")
    blocks = []
    for start, end in ranges:
        source = raw[start:end].decode("utf-8")
        html = markdown_html(f"{source}\n\n{definitions}\n" if definitions else source)
        if not _COMMENT_ONLY_RE.fullmatch(html):
            blocks.append(html)
    return blocks
