"""Read an English article into a :class:`Document`: front matter and Markdown body, with every
translatable sentence located exactly in the source text.

The body is parsed once by pulldown-cmark (through ``pyromark``), which reports a UTF-8 byte
range for every block and inline event. Translatable leaf blocks (headings, paragraphs, tight
list items, table cells) become inline *runs*; a run is normalized into the text translators see
(soft breaks become spaces, URLs and raw HTML become placeholders) while a piece map keeps
each normalized offset tied to its source offset. Sentences are cut on the normalized text and
mapped back, so the same spans serve extraction and reassembly.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trilingual.document import Document, LineIndex, Segment
from trilingual.errors import SourceError
from trilingual.events import Event, markdown_events
from trilingual.frontmatter import read_front_matter
from trilingual.segment import split_sentences

# GFM footnotes: a reference ``[^1]`` becomes a placeholder; each definition is a block whose
# text is translated like any other (its comment names the note: ``footnote [^1] > paragraph``)
_NAMED = {"Heading": "heading {}", "FootnoteDefinition": "footnote [^{}]"}  # block + its label
_MARK = "\ue000"  # stands for one placeholder while sentences are cut
_LITERAL_RE = re.compile(r"\{|://")  # where _literal_marks may find something
_BARE_URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>\ue000]+|\{\d+\}")
_URL_TRAIL = ".,;:!?)]»\"'”’*_"
_FRONT_RE = re.compile(r"\A---[ \t]*\r?\n")
_FRONT_END_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_TAIL_BREAK_RE = re.compile(r"[ \t]*\r?\n[ \t>]*")
_HAS_WORD_RE = re.compile(r"[^\W_]")
_CODE_SPAN_RE = re.compile(r"(`+).*?\1", re.DOTALL)
_UNSTORABLE_RE = re.compile("[\x00\x04]")
_SPAN_KINDS = {"Emphasis", "Strong", "Strikethrough", "Link", "Image"}
_LEAF_KINDS = {"Paragraph", "Heading", "TableCell"}


def read_document(path: Path, rel: str, keys: Sequence[str]) -> Document:
    """Read and parse ``path``; ``rel`` names it in errors and references."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such article", path=rel) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=rel) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        raise SourceError(message, path=rel, line=line) from None
    return parse_document(text, rel, keys)


def parse_document(text: str, rel: str, keys: Sequence[str]) -> Document:
    """Parse article text (already decoded) into a Document."""
    lines = LineIndex(text)
    bad = _UNSTORABLE_RE.search(text)
    if bad is not None:
        # gettext cannot hold these in a catalog (NUL ends a string, EOT separates msgctxt)
        name = "NUL character" if bad.group() == "\x00" else "control character U+0004 (EOT)"
        raise SourceError(f"{name} in article", path=rel, line=lines.line(bad.start()))
    offset = 1 if text.startswith("\ufeff") else 0
    front: dict[str, Any] = {}
    segments: list[Segment] = []
    body_start = offset
    match = _FRONT_RE.match(text, offset)
    if match:
        end = _FRONT_END_RE.search(text, match.end())
        if end is None:
            raise SourceError("front matter starting with '---' is never closed", path=rel, line=1)
        yaml_start, body_start = match.end(), end.end()
        front, fm_segments = read_front_matter(
            text[yaml_start:end.start()], yaml_start, rel, keys, lines
        )
        segments.extend(fm_segments)
    _BodyReader(text, body_start, rel, lines, segments).read()
    return Document(
        path=rel, text=text, front_matter=front, segments=tuple(segments), body_start=body_start
    )


# --- body -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    block: str
    events: list[Event] = field(default_factory=list)
    in_table: bool = False
    hard_breaks: bool = False  # a hard line break somewhere in the run (maybe nested)


class _BodyReader:
    """Walks pyromark's events once and emits sentence segments."""

    def __init__(
        self, text: str, body_start: int, rel: str, lines: LineIndex, out: list[Segment]
    ) -> None:
        self.text = text
        self.base = body_start
        self.rel = rel
        self.lines = lines
        self.out = out
        self.block_index = 0

    def read(self) -> None:
        body = self.text[self.base:]
        if not body.strip():
            return
        stack: list[str] = []
        run: _Run | None = None
        span_kinds = _SPAN_KINDS
        for event in markdown_events(body, self.base):
            kind = event.kind
            if kind == "Start" and event.name not in span_kinds:
                if run is not None and stack and stack[-1] == "Item":
                    self._flush(run)  # a block inside a tight list item ends its text
                    run = None
                name = event.name
                stack.append(name if name not in _NAMED else _NAMED[name].format(event.info))
                if name in _LEAF_KINDS:
                    key = tuple(stack)
                    run = _Run(block=_describe(key), in_table="TableCell" in key)
                continue
            if kind == "End" and event.name not in span_kinds:
                if run is not None:
                    self._flush(run)
                    run = None
                if stack:
                    stack.pop()
                continue
            if run is None:
                if stack and stack[-1] == "Item":
                    run = _Run(block=_describe(tuple(stack)))
                else:
                    continue  # HTML blocks, code blocks, metadata: copied verbatim
            if kind == "HardBreak":
                run.hard_breaks = True
            run.events.append(event)
        if run is not None:
            self._flush(run)

    # -- one run: normalize, cut into sentences, map back --

    def _flush(self, run: _Run) -> None:
        events = run.events
        if not events:
            return
        if not run.hard_breaks:
            self._emit_run(run, events)
            self.block_index += 1
            return
        # split at top-level hard breaks: each part is translated on its own
        depth = 0
        part: list[Event] = []
        for event in events:
            if event.kind == "Start":
                depth += 1
            elif event.kind == "End":
                depth -= 1
            if event.kind == "HardBreak" and depth == 0:
                self._emit_run(run, part)
                part = []
            else:
                part.append(event)
        self._emit_run(run, part)
        self.block_index += 1

    def _emit_run(self, run: _Run, events: list[Event]) -> None:
        if not events:
            return
        text = self.text
        start = end = events[0].start
        for event in events:
            if event.start < start:
                start = event.start
            if event.end > end:
                end = event.end
        if all(e.kind == "Text" for e in events) and not _LITERAL_RE.search(text, start, end):
            replacements: list[tuple[int, int, str]] = []  # plain text: nothing to rewrite
            protected: list[tuple[int, int]] = []
        else:
            replacements, protected = self._replacements(events)
        if not replacements:
            self._emit_plain(run, start, end, protected)
            return
        pieces = _PieceMap.build(text, start, end, replacements)
        normalized, values = pieces.normalized, pieces.values
        spans = split_sentences(normalized)
        if protected and len(spans) > 1:
            spans = _merge_protected(
                spans, [(pieces.to_norm(a), pieces.to_norm(b)) for a, b in protected]
            )
        paragraph = _number_marks(normalized.strip())
        for a, b in spans:
            sentence = normalized[a:b]
            if not _is_translatable(sentence):
                continue
            sentence_values: tuple[str, ...] = ()
            if values:
                count = sentence.count(_MARK)
                if count:
                    first_value = normalized.count(_MARK, 0, a)
                    sentence_values = tuple(values[first_value:first_value + count])
            self._append(
                run, _number_marks(sentence), pieces.to_src(a, False), pieces.to_src(b, True),
                sentence_values, paragraph,
            )

    def _emit_plain(
        self, run: _Run, start: int, end: int, protected: list[tuple[int, int]]
    ) -> None:
        """A run with nothing to rewrite: the normalized text is the source text (the piece
        map would give the same segments, a quarter slower on the bench corpus)."""
        normalized = self.text[start:end]
        spans = split_sentences(normalized)
        if protected and len(spans) > 1:
            spans = _merge_protected(spans, [(a - start, b - start) for a, b in protected])
        paragraph = normalized.strip()
        for a, b in spans:
            sentence = normalized[a:b]
            if not _is_translatable(sentence):
                continue
            self._append(run, sentence, start + a, start + b, (), paragraph)

    def _append(
        self, run: _Run, msgid: str, start: int, end: int, values: tuple[str, ...],
        paragraph: str,
    ) -> None:
        self.out.append(Segment(
            msgid=msgid, start=start, end=end, line=self.lines.line(start), block=run.block,
            placeholders=values, in_table=run.in_table, paragraph=paragraph,
            block_index=self.block_index,
        ))

    def _replacements(
        self, events: list[Event]
    ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
        """Source regions to rewrite (soft breaks, placeholders) and unsplittable spans."""
        text = self.text
        out: list[tuple[int, int, str]] = []
        protected: list[tuple[int, int]] = []
        depth = 0
        stack: list[tuple[Event, int]] = []  # open span events with the max end of children
        for i, event in enumerate(events):
            if event.kind == "Start":
                if depth == 0:
                    protected.append((event.start, event.end))
                depth += 1
                stack.append((event, event.start + (2 if event.name == "Image" else 1)))
                continue
            if event.kind == "End":
                depth -= 1
                opened, children_end = stack.pop()
                if stack:
                    parent, parent_end = stack[-1]
                    stack[-1] = (parent, max(parent_end, opened.end))
                if opened.name in ("Link", "Image"):
                    out.extend(_link_replacements(text, opened, children_end))
                continue
            if stack:
                parent, parent_end = stack[-1]
                stack[-1] = (parent, max(parent_end, event.end))
            if event.kind == "SoftBreak":
                a = event.start
                while a > 0 and text[a - 1] in " \t":
                    a -= 1
                later = [e.start for e in events[i + 1:] if e.start >= event.end]
                limit = min(later) if later else event.end
                b = event.end  # skip the next line's container prefix, nothing else
                while b < limit and text[b] in " \t>":
                    b += 1
                out.append((a, b, "space"))
            elif event.kind == "HardBreak":
                later = [e.start for e in events[i + 1:] if e.start >= event.end]
                out.append((event.start, min(later) if later else event.end, "mark"))
            elif event.kind in ("InlineHtml", "Html", "FootnoteReference", "InlineMath"):
                out.append((event.start, event.end, "mark"))
            elif event.kind == "Code":
                if depth == 0:
                    protected.append((event.start, event.end))
                out.extend(_literal_marks(text, event.start, event.end, urls=False))
            elif event.kind == "Text":
                out.extend(_literal_marks(text, event.start, event.end, urls=True))
        out.sort(key=lambda r: (r[0], -r[1]))
        return out, protected


@dataclass(slots=True)
class _PieceMap:
    """The normalized text of a run (soft breaks as spaces, placeholders as marks) and the map
    of its offsets back to the source: pieces of (normalized start, source start, source end,
    copied verbatim)."""

    normalized: str
    pieces: list[tuple[int, int, int, bool]]
    norm_starts: list[int]
    values: list[str]  # the source text of each placeholder mark, in order

    @classmethod
    def build(
        cls, text: str, start: int, end: int, replacements: list[tuple[int, int, str]]
    ) -> _PieceMap:
        norm: list[str] = []
        pieces: list[tuple[int, int, int, bool]] = []
        values: list[str] = []
        pos = start
        norm_len = 0
        for r_start, r_end, kind in replacements:
            if r_start < pos:
                continue  # nested inside an earlier replacement
            if r_start > pos:
                chunk = text[pos:r_start]
                pieces.append((norm_len, pos, r_start, True))
                norm.append(chunk)
                norm_len += len(chunk)
            if kind == "space":
                piece = " "
            else:
                piece = _MARK
                values.append(text[r_start:r_end])
            pieces.append((norm_len, r_start, r_end, False))
            norm.append(piece)
            norm_len += len(piece)
            pos = r_end
        if pos < end:
            pieces.append((norm_len, pos, end, True))
            norm.append(text[pos:end])
        return cls("".join(norm), pieces, [p[0] for p in pieces], values)

    def to_norm(self, src: int) -> int:
        for n_start, s_start, s_end, copied in self.pieces:
            if s_start <= src < s_end or (src == s_end and copied):
                return n_start + (src - s_start if copied else 0)
        return len(self.normalized)

    def to_src(self, offset: int, is_end: bool) -> int:
        norm_starts = self.norm_starts
        i = bisect.bisect_right(norm_starts, offset) - 1
        if is_end and i > 0 and norm_starts[i] == offset:
            i -= 1  # an end offset on a piece boundary belongs to the piece before
        n_start, s_start, s_end, copied = self.pieces[max(i, 0)]
        if copied:
            return s_start + (offset - n_start)
        return s_end if is_end else s_start


def _link_replacements(text: str, link: Event, children_end: int) -> list[tuple[int, int, str]]:
    """Placeholders for a link's destination (inline), label (reference) or the whole link."""
    info = link.info if isinstance(link.info, dict) else {}
    link_type = info.get("link_type", "Inline")
    if link_type in ("Autolink", "Email", "Collapsed", "Shortcut", "CollapsedUnknown",
                     "ShortcutUnknown", "WikiLink"):
        return [(link.start, link.end, "mark")]
    close = text.find("]", children_end, link.end)
    if close < 0:
        return [(link.start, link.end, "mark")]
    if link_type in ("Reference", "ReferenceUnknown"):
        a = text.find("[", close, link.end)
        b = text.rfind("]", close + 1, link.end)
        if a < 0 or b <= a + 1:
            return [(link.start, link.end, "mark")]
        return [(a + 1, b, "mark")]
    # inline: "](" ws* destination (ws+ title)? ws* ")"
    pos = close + 2
    while pos < link.end and text[pos] in " \t\r\n":
        pos += 1
    dest_start = pos
    if pos < link.end and text[pos] == "<":
        close_angle = text.find(">", pos, link.end)
        pos = link.end - 1 if close_angle < 0 else close_angle + 1
    else:
        parens = 0
        while pos < link.end - 1:
            ch = text[pos]
            if ch == "\\" and pos + 1 < link.end - 1:
                pos += 2
                continue
            if ch in " \t\r\n":
                break
            if ch == "(":
                parens += 1
            elif ch == ")":
                if parens == 0:
                    break
                parens -= 1
            pos += 1
    out = [] if pos <= dest_start else [(dest_start, pos, "mark")]
    # line breaks inside the tail (before the destination, inside a title) fold to one space
    for match in _TAIL_BREAK_RE.finditer(text, close, link.end):
        if not dest_start <= match.start() < pos:
            out.append((match.start(), match.end(), "space"))
    return out


def _literal_marks(text: str, start: int, end: int, *, urls: bool) -> list[tuple[int, int, str]]:
    """Bare URLs (in text) and literal ``{n}`` (anywhere) become placeholders."""
    chunk = text[start:end]
    if "{" not in chunk and (not urls or "://" not in chunk):
        return []
    out = []
    for match in _BARE_URL_RE.finditer(chunk):
        token = match.group(0)
        if token.startswith("{"):
            out.append((start + match.start(), start + match.end(), "mark"))
        elif urls:
            stripped = token.rstrip(_URL_TRAIL)
            if stripped:
                out.append((start + match.start(), start + match.start() + len(stripped), "mark"))
    return out


def _merge_protected(
    spans: list[tuple[int, int]], protected: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Join sentences whose boundary falls inside an inline span."""
    if not protected or len(spans) < 2:
        return spans
    merged = [spans[0]]
    for a, b in spans[1:]:
        prev_a, prev_b = merged[-1]
        if any(p_start < prev_b and a < p_end for p_start, p_end in protected):
            merged[-1] = (prev_a, b)
        else:
            merged.append((a, b))
    return merged


def _number_marks(sentence: str) -> str:
    """Replace each placeholder mark by ``{1}``, ``{2}``... in order."""
    if _MARK not in sentence:
        return sentence
    parts = sentence.split(_MARK)
    out = [parts[0]]
    for i, rest in enumerate(parts[1:], start=1):
        out.append(f"{{{i}}}")
        out.append(rest)
    return "".join(out)


def _is_translatable(sentence: str) -> bool:
    """A sentence with no letter or digit outside placeholders and code spans is copied as is."""
    if "`" in sentence:
        sentence = _CODE_SPAN_RE.sub("", sentence.replace(_MARK, ""))
    elif _MARK in sentence:
        sentence = sentence.replace(_MARK, "")
    return _HAS_WORD_RE.search(sentence) is not None


@functools.lru_cache(maxsize=1024)
def _describe(stack: tuple[str, ...]) -> str:
    names = {
        "Paragraph": "paragraph", "BlockQuote": "blockquote", "Item": "list item",
        "TableCell": "table cell", "List": "", "Table": "", "TableHead": "", "TableRow": "",
    }
    parts: list[str] = []
    for name in stack:
        label = names.get(name, name.lower())
        if label and not (label == "paragraph" and parts and parts[-1] == "list item"):
            parts.append(label)
    return " > ".join(parts) or "paragraph"
