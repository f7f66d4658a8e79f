"""Map the edits of a rendered translation back to the segments render spliced in.

``render`` records where every segment's text lies in the file it writes
(:class:`~trilingual.render.RenderedSpan`); everything between two segments (Markdown syntax,
code, link definitions, untranslated front matter, spacing) is copied from the English file.
:func:`align` compares the edited file with a fresh rendering and returns the new text of each
segment whose text changed, plus every edit that falls outside a single segment (those cannot
be stored in a catalog). :func:`invert_piece` turns a segment's new rendered text back into a
msgstr: placeholders (URLs, raw HTML) become ``{n}`` again and render's escaping is undone, and
the result is accepted only if rendering it gives exactly the edited text.

Nothing here guesses: an edit is attributed to a segment only when it lies inside that
segment's text (an insertion at either end included); anything else is reported.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from trilingual.checks.base import CODE_SPAN_RE, LINK_DEST_RE
from trilingual.document import Segment
from trilingual.placeholder import PLACEHOLDER_RE
from trilingual.render import RenderedSpan, translated_piece, unescape_piece

_SENTINEL = 0xF0000  # Unicode plane 15 (private use): stands for placeholder n while locating it
_SENTINEL_RE = re.compile("[\U000f0000-\U000ffffd]")
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LINK_SYNTAX_RE = re.compile(r"!?\[|\]\(|\]\[|\]")


@dataclass(frozen=True)
class StrayEdit:
    """An edit outside any one segment: ``rendered[start:end]`` became ``edited[new_start:
    new_end]``; ``pieces`` are the indexes of the segments it overlaps."""

    start: int
    end: int
    new_start: int
    new_end: int
    pieces: tuple[int, ...] = ()


@dataclass
class Alignment:
    """What changed between a rendering and its edited copy."""

    changed: dict[int, str] = field(default_factory=dict)  # segment index -> new text
    where: dict[int, int] = field(default_factory=dict)  # segment index -> offset in the edit
    stray: list[StrayEdit] = field(default_factory=list)


class Refused(Exception):
    """An edit of one segment that cannot be stored; ``offset`` is inside the new text."""

    def __init__(self, reason: str, offset: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset


def align(rendered: str, spans: Sequence[RenderedSpan], edited: str) -> Alignment:
    """Compare ``edited`` with ``rendered``, whose segments lie at ``spans``."""
    out = Alignment()
    if rendered == edited:
        return out
    regions = [(0, len(rendered), 0, len(edited), 0, len(spans))]
    while regions:
        _align_region(rendered, spans, edited, regions.pop(), regions, out)
    return out


def _align_region(
    r: str,
    spans: Sequence[RenderedSpan],
    e: str,
    region: tuple[int, int, int, int, int, int],
    todo: list[tuple[int, int, int, int, int, int]],
    out: Alignment,
) -> None:
    """One region: ``r[ra:rb]`` against ``e[ea:eb]``, holding whole segments ``ka..kb-1``."""
    ra, rb, ea, eb, ka, kb = region
    p = _common_prefix(r, ra, rb, e, ea, eb)
    if p == rb - ra == eb - ea:
        return
    s = _common_suffix(r, ra + p, rb, e, ea + p, eb)
    r0, r1, e0, e1 = ra + p, rb - s, ea + p, eb - s
    if r0 == r1 or e0 == e1:  # added or removed text: where it goes may be a choice
        slid = _slide(r, spans, e, ka, kb, (r0, r1, e0, e1), ra, rb)
        k = None if slid is None else slid[0]
    else:
        k = _container(spans, ka, kb, r0, r1)
    if k is not None:  # one segment's text changed: the usual case
        span = spans[k]
        start = span.start - ra + ea
        out.changed[k] = e[start:span.end - rb + eb]
        out.where[k] = start
        return
    anchors = _anchors(r, spans, e, region, r0, r1)
    if anchors:
        prev_r, prev_e, prev_k = ra, ea, ka
        for k, pos in anchors:
            todo.append((prev_r, spans[k].start, prev_e, pos, prev_k, k))
            prev_r, prev_e, prev_k = spans[k].end, pos + spans[k].end - spans[k].start, k + 1
        todo.append((prev_r, rb, prev_e, eb, prev_k, kb))
        return
    _diff_region(r, spans, e, ka, kb, r0, r1, e0, e1, out, (ra, rb))


_SENTENCE_END_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]*_]*$")


def _slide(
    r: str, spans: Sequence[RenderedSpan], e: str, ka: int, kb: int,
    edit: tuple[int, int, int, int], lo: int, hi: int,
) -> tuple[int, int] | None:
    """A pure insertion or deletion ``r[a:b]`` -> ``e[j1:j2]`` that no segment holds where the
    diff put it, moved within ``lo..hi`` to where one does: (segment, shift) or None.

    Text added where a segment meets the text between segments can often be placed on
    either side (``A. B.`` -> ``A. x B.``: ``" x"`` after ``A.`` or ``"x "`` before ``B.``).
    It goes with the segment before it, unless it ends like a sentence: then it is a new
    sentence at the start of the segment after it.
    """
    a, b, j1, j2 = edit
    insertion = a == b
    found: list[tuple[int, int]] = []  # (shift, segment), left to right
    m = 0
    while True:  # to the left
        k = _container(spans, ka, kb, a - m, b - m)
        if k is not None:
            found.insert(0, (-m, k))
        at = a - m - 1
        if at < lo or r[at] != (e[j2 - m - 1] if insertion else r[b - m - 1]):
            break
        m += 1
    m = 0
    while True:  # to the right
        at = a + m
        if b + m >= hi or r[at] != (e[j1 + m] if insertion else r[b + m]):
            break
        m += 1
        k = _container(spans, ka, kb, a + m, b + m)
        if k is not None:
            found.append((m, k))
    if not found:
        return None
    changed = (e[j1:j2] if insertion else r[a:b]).strip()
    shift, k = found[-1] if _SENTENCE_END_RE.search(changed) else found[0]
    return k, shift


def _diff_region(
    r: str, spans: Sequence[RenderedSpan], e: str, ka: int, kb: int,
    r0: int, r1: int, e0: int, e1: int, out: Alignment, bounds: tuple[int, int],
) -> None:
    """Character diff of a region that touches several segments or the text between them."""
    matcher = difflib.SequenceMatcher(None, r[r0:r1], e[e0:e1], autojunk=False)
    edits: dict[int, list[tuple[int, int, str, int]]] = {}
    opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    for n, (_, i1, i2, j1, j2) in enumerate(opcodes):
        a, b = r0 + i1, r0 + i2
        k = None
        if i1 == i2 or j1 == j2:
            # the text between two edits (or the region's ends) is equal on both sides
            lo = r0 + opcodes[n - 1][2] if n else bounds[0]
            hi = r0 + opcodes[n + 1][1] if n + 1 < len(opcodes) else bounds[1]
            slid = _slide(r, spans, e, ka, kb, (a, b, e0 + j1, e0 + j2), lo, hi)
            if slid is not None:
                k, shift = slid
                a, b, j1, j2 = a + shift, b + shift, j1 + shift, j2 + shift
        else:
            k = _container(spans, ka, kb, a, b)
        if k is None:
            touched = tuple(i for i in range(ka, kb) if spans[i].start < b and a < spans[i].end)
            last = out.stray[-1] if out.stray else None
            if last is not None and not touched and not last.pieces and last.end <= a and not any(
                last.end <= spans[i].start < a for i in range(ka, kb)
            ):  # one edit of the text between two segments, cut in pieces by the diff
                out.stray[-1] = StrayEdit(last.start, b, last.new_start, e0 + j2)
            else:
                out.stray.append(StrayEdit(a, b, e0 + j1, e0 + j2, touched))
        else:
            edits.setdefault(k, []).append((a, b, e[e0 + j1:e0 + j2], e0 + j1))
    for k, changes in edits.items():
        span = spans[k]
        parts, pos = [], span.start
        for a, b, new, _ in changes:
            parts.append(r[pos:a])
            parts.append(new)
            pos = b
        parts.append(r[pos:span.end])
        out.changed[k] = "".join(parts)
        out.where[k] = changes[0][3] - (changes[0][0] - span.start)


def _common_prefix(r: str, ra: int, rb: int, e: str, ea: int, eb: int) -> int:
    n = min(rb - ra, eb - ea)
    if r[ra:ra + n] == e[ea:ea + n]:
        return n
    lo, hi = 0, n  # r[ra:ra+lo] == e[ea:ea+lo], and not so for hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if r[ra:ra + mid] == e[ea:ea + mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _common_suffix(r: str, ra: int, rb: int, e: str, ea: int, eb: int) -> int:
    n = min(rb - ra, eb - ea)
    if r[rb - n:rb] == e[eb - n:eb]:
        return n
    lo, hi = 0, n
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if r[rb - mid:rb] == e[eb - mid:eb]:
            lo = mid
        else:
            hi = mid
    return lo


def _container(spans: Sequence[RenderedSpan], ka: int, kb: int, a: int, b: int) -> int | None:
    """The segment among ``ka..kb-1`` whose text holds ``[a, b)`` (its ends included)."""
    lo, hi = ka, kb
    while lo < hi:  # first segment ending at or after a
        mid = (lo + hi) // 2
        if spans[mid].end < a:
            lo = mid + 1
        else:
            hi = mid
    for k in range(lo, min(lo + 2, kb)):
        if spans[k].start <= a and b <= spans[k].end:
            return k
    return None


def _anchors(
    r: str, spans: Sequence[RenderedSpan], e: str, region: tuple[int, int, int, int, int, int],
    r0: int, r1: int,
) -> list[tuple[int, int]]:
    """Segments inside the changed range ``r0..r1`` whose text, with the whole text between
    it and its neighbours, occurs once on both sides of the region (patience diff): the edits
    between them are aligned separately. The neighbouring text keeps a segment with words
    added at one end (the changed one) from passing for an unchanged one."""
    ra, rb, ea, eb, ka, kb = region
    found: list[tuple[int, int]] = []
    last_end = ea
    for k in range(ka, kb):
        span = spans[k]
        if span.start < r0 or span.end > r1 or span.end - span.start < 2:
            continue
        left = span.start - max(spans[k - 1].end if k > 0 else 0, ra)
        right = min(spans[k + 1].start if k + 1 < len(spans) else len(r), rb) - span.end
        text = r[span.start - left:span.end + right]
        first = r.find(text, ra, rb)
        if first != span.start - left or r.find(text, first + 1, rb) >= 0:
            continue
        pos = e.find(text, last_end, eb)
        if pos < 0 or e.find(text, pos + 1, eb) >= 0 or e.find(text, ea, last_end) >= 0:
            continue
        found.append((k, pos + left))
        last_end = pos + len(text) - right
    return found


# --- one segment's new text -> msgstr ---------------------------------------------------------


def invert_piece(
    segment: Segment, translation: str, old: str, new: str, escape_html: bool
) -> str:
    """The msgstr that renders ``segment`` as ``new`` (it rendered as ``old`` from
    ``translation``); raises :class:`Refused` when there is none or the edit changes what a
    translation may not change (a link target, code, a placeholder)."""
    if segment.kind == "front-matter":
        return _invert_front(segment, old, new)
    if translation == segment.msgid and translated_piece(translation, segment, escape_html) != old:
        raise Refused(
            "this sentence is the English copied with its source line breaks; "
            "translate it in the catalog"
        )
    occurrences = _placeholder_spans(segment, translation, escape_html)
    located = _follow(old, new, occurrences, segment)
    _refuse_longer_urls(segment, new, located)
    parts: list[str] = []
    pos = 0
    for start, end, index in located:
        _refuse_literal_placeholder(new, pos, start)
        parts.append(new[pos:start])
        parts.append(f"{{{index}}}")
        pos = end
    _refuse_literal_placeholder(new, pos, len(new))
    parts.append(new[pos:])
    msgstr = unescape_piece("".join(parts), segment, escape_html)
    _verify(segment, msgstr, old, new, escape_html)
    _refuse_structure(translation, msgstr)
    return msgstr


def _placeholder_spans(
    segment: Segment, translation: str, escape_html: bool
) -> list[tuple[int, int, int]]:
    """Where each placeholder of ``translation`` lands in its rendered text: (start, end, n)."""
    values = segment.placeholders
    if not values or "{" not in translation:
        return []
    marks = tuple(chr(_SENTINEL + i) for i in range(1, len(values) + 1))
    marked = translated_piece(translation, segment._replace(placeholders=marks), escape_html)
    out = []
    shift = 0
    for match in _SENTINEL_RE.finditer(marked):
        index = ord(match.group()) - _SENTINEL
        start = match.start() + shift
        out.append((start, start + len(values[index - 1]), index))
        shift += len(values[index - 1]) - 1
    return out


def _follow(
    old: str, new: str, occurrences: list[tuple[int, int, int]], segment: Segment
) -> list[tuple[int, int, int]]:
    """The placeholder occurrences of ``old`` located in ``new``; an edit that touches one is
    refused."""
    if not occurrences:
        return []
    p = _common_prefix(old, 0, len(old), new, 0, len(new))
    s = _common_suffix(old, p, len(old), new, p, len(new))
    lo, hi, delta = p, len(old) - s, len(new) - len(old)
    if all(b <= lo or a >= hi for a, b, _ in occurrences):  # ends touching an edit are fine
        return [(a, b, n) if b <= lo else (a + delta, b + delta, n) for a, b, n in occurrences]
    blocks = difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
    out = []
    for a, b, n in occurrences:
        for i, j, size in blocks:
            if i <= a and b <= i + size:
                out.append((a - i + j, b - i + j, n))
                break
        else:
            value = segment.placeholders[n - 1]
            raise Refused(_placeholder_reason(value, segment.msgid, n), p)
    return out


def _placeholder_reason(value: str, msgid: str, n: int) -> str:
    short = value if len(value) <= 60 else value[:57] + "..."
    if value.startswith("<") and not value.startswith(("<http", "<mailto")):
        return f"changes raw HTML ({short})"
    if f"]({{{n}}}" in msgid or f"][{{{n}}}]" in msgid or "://" in value or "@" in value:
        return f"changes a link target ({short})"
    return f"changes a placeholder ({{{n}}} = {short})"


_UNESCAPED_PIPE_RE = re.compile(r"(?<!\\)\|")
_BARE_URL_RE = re.compile(r"(?:https?|ftp)://\S+")
_URL_RUN_RE = re.compile(r"[^\s<>]*")
_URL_TRAIL = ".,;:!?)]»\"'”’*_"


def _refuse_longer_urls(
    segment: Segment, new: str, located: list[tuple[int, int, int]]
) -> None:
    """Text typed against a bare URL would make it part of the URL (a new link target)."""
    for start, end, n in located:
        value = segment.placeholders[n - 1]
        if not _BARE_URL_RE.fullmatch(value) or f"]({{{n}}}" in segment.msgid:
            continue
        run = _URL_RUN_RE.match(new, end)
        glued = run is not None and run.group().rstrip(_URL_TRAIL)
        if glued or (start > 0 and new[start - 1].isalnum()):
            raise Refused(_placeholder_reason(value, segment.msgid, n), start)


def _refuse_literal_placeholder(new: str, start: int, end: int) -> None:
    match = PLACEHOLDER_RE.search(new, start, end)
    if match is not None:
        raise Refused(
            f"adds {match.group()!r}, which a catalog reads as a placeholder", match.start()
        )


def _verify(segment: Segment, msgstr: str, old: str, new: str, escape_html: bool) -> None:
    if not msgstr.strip():
        raise Refused("removes a whole sentence (its entry would be left untranslated)")
    if msgstr == segment.msgid:
        back = old if translated_piece(msgstr, segment, escape_html) == old else None
    else:
        back = translated_piece(msgstr, segment, escape_html)
    if back == new:
        return
    if "\n" in new or "\r" in new:
        raise Refused(
            "changes the block structure (a line break inside a sentence)",
            new.find("\n") if "\n" in new else new.find("\r"),
        )
    if new != new.strip():
        raise Refused("adds spaces at the start or end of a sentence")
    pipe = _UNESCAPED_PIPE_RE.search(new) if segment.in_table else None
    if pipe is not None:
        raise Refused("changes the table structure (a '|' starts a new cell; write '\\|')",
                      pipe.start())
    raise Refused("the edited text cannot be stored exactly in the catalog")


def _refuse_structure(before: str, after: str) -> None:
    """Code and link syntax are not the proofreader's to change."""
    old_code = [m.group() for m in CODE_SPAN_RE.finditer(before)]
    new_code = [m.group() for m in CODE_SPAN_RE.finditer(after)]
    if old_code != new_code:
        changed = [c for c in new_code if c not in old_code] or [
            c for c in old_code if c not in new_code
        ]
        raise Refused(f"changes code ({changed[0] if changed else 'a code span'})")
    old_plain = CODE_SPAN_RE.sub("", before)
    new_plain = CODE_SPAN_RE.sub("", after)
    old_dest = [m.group(1) for m in LINK_DEST_RE.finditer(old_plain)]
    new_dest = [m.group(1) for m in LINK_DEST_RE.finditer(new_plain)]
    if old_dest != new_dest or _LINK_SYNTAX_RE.findall(old_plain) != _LINK_SYNTAX_RE.findall(
        new_plain
    ):
        raise Refused("changes a link (its brackets or its target)")


def _invert_front(segment: Segment, old: str, new: str) -> str:
    try:
        value = yaml.load(new, Loader=_SAFE_LOADER)
    except yaml.YAMLError:
        raise Refused("the front-matter value is not valid YAML") from None
    if not isinstance(value, str) or not value.strip():
        raise Refused("a translated front-matter value must be text")
    back = old if value == segment.msgid else translated_piece(value, segment)
    if back != new:
        raise Refused(f"write the front-matter value as render does: {back}")
    return value
