"""GNU gettext's line breaking of PO strings: libunistring's UAX #14 line breaking applied to
the *escaped* string at 79 columns, never inside an escape, a forced break after ``\\n``, and
the ``msgid ""`` first line when the string wraps or has an inner ``\\n`` (see
:mod:`trilingual.po` for the parity evidence and the known gaps)."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import accumulate

from trilingual.po._tables import (
    _AL,
    _BK,
    _CLS,
    _CM,
    _ID,
    _LB_DATA,
    _PAIR,
    _SP,
    _WIDTH_DATA,
    _ZW,
    _ZWJ,
)

PAGE_WIDTH = 79
"""GNU's default page width (``msgcat -w``)."""

def _build_tables() -> tuple[str, bytearray, re.Pattern[str]]:
    classes = [_AL] * 0x10000
    runs = re.findall(r"([0-9a-f]+)([G-Zg-t])", _LB_DATA)
    for (start, letter), nxt in zip(runs, [*runs[1:], ("10000", "")], strict=True):
        a, b = int(start, 16), int(nxt[0], 16)
        classes[a:b] = [letter] * (b - a)
    widths = bytearray(b"\x02") * 0x110000  # width + 1
    for first, last, kind in re.findall(r"([0-9a-f]+)-([0-9a-f]+)([znw])", _WIDTH_DATA):
        a, b = int(first, 16), int(last, 16) + 1
        widths[a:b] = bytes([{"z": 1, "n": 0, "w": 3}[kind]]) * (b - a)
    # Characters the fast path cannot take: not one column wide, or with a class that is not
    # a plain pair-table lookup (marks, zero-width space/joiner, mandatory breaks), or astral.
    special = {_CM, _ZW, _BK, _CLS["ZWJ"]}
    ranges: list[list[int]] = []
    for cp, c in enumerate(classes):
        if c in special or widths[cp] != 2:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    charset = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return "".join(classes), widths, re.compile(f"[{charset}\\U00010000-\\U0010ffff]")


_EXACT_TABLE = ""  # built on first use by _ensure_tables(): 20 ms a command may not need
_WIDTHS = bytearray()
_NEEDS_EXACT: re.Pattern[str] = re.compile("(?!)")


def _ensure_tables() -> None:
    global _EXACT_TABLE, _WIDTHS, _NEEDS_EXACT
    if not _EXACT_TABLE:
        _EXACT_TABLE, _WIDTHS, _NEEDS_EXACT = _build_tables()

_ESCAPE_PAIR = re.compile(r"\\.", re.DOTALL)
_NEEDS_ESCAPE = re.compile('[\\\\"\a\b\f\n\r\t\v]')
_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        '"': '\\"',
        "\a": "\\a",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\v": "\\v",
    }
)


def _char_class(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x10000:
        return _EXACT_TABLE[cp]
    w = _WIDTHS[cp]
    return _ID if w == 3 else _CM if w == 1 else _AL


def _greedy(opps: list[int], pos: list[int], total: int, col0: int, width: int) -> list[int]:
    """libunistring's u8_width_linebreaks over one segment without mandatory breaks.

    ``opps`` are the break opportunities (indices), ``pos`` their columns from the segment start
    (non-decreasing), ``total`` the segment's width, ``col0`` the starting column.  A break is
    inserted at the last opportunity before the first piece end that passes ``width``.
    """
    out: list[int] = []
    start_w = 0  # column (from the segment start) where the current line starts
    j = 0  # index of the first opportunity after the current line start
    while True:
        limit = start_w + width - col0
        if total <= limit:
            return out
        i = bisect_right(pos, limit)
        if i > j:
            k = i - 1
        elif j < len(opps):
            k = j
        else:
            return out
        out.append(opps[k])
        start_w, col0, j = pos[k], 0, k + 1


_NO_POSITIONS: frozenset[int] = frozenset()


def _protected(p: str, ends_with_newline: bool) -> set[int]:
    """Positions where GNU forbids a break: inside an escape, and before a final ``\\n``."""
    prot = {m.start() + 1 for m in _ESCAPE_PAIR.finditer(p)} if "\\" in p else set()
    if ends_with_newline:
        prot.add(len(p) - 2)
    return prot


def breaks(
    p: str, startcol: int, width: int, ends_with_newline: bool, first_only: bool = False
) -> list[int]:
    """Indices of ``p`` (an escaped string) where GNU msgcat starts a new line (with
    ``first_only``, just the first of them: whether the text needs a line of its own)."""
    n = len(p)
    if startcol + n <= width and (p.isascii() or startcol + 2 * n <= width):
        return []
    if not _EXACT_TABLE:
        _ensure_tables()
    if _NEEDS_EXACT.search(p):
        # Zero-width spaces at the very end take no column and offer no break (UAX #14 LB7:
        # no break before ZW): the breaks are those of the text without them.
        bare = p.rstrip("\u200b")
        if bare != p and not ends_with_newline and not _NEEDS_EXACT.search(bare):
            return breaks(bare, startcol, width, False, first_only)
        return breaks_exact(p, startcol, width, ends_with_newline)[:1 if first_only else None]
    if startcol + n <= width:  # every character is one column wide here
        return []
    # Every character is one column wide and has a plain pair-table class: find, line by line,
    # the last break opportunity that fits (looking at a few characters around the line end).
    table = _EXACT_TABLE
    pair = _PAIR
    sp = _SP
    prot = _protected(p, ends_with_newline) if "\\" in p or ends_with_newline else _NO_POSITIONS

    def opportunity(k: int) -> bool:
        c = table[ord(p[k])]
        if c == sp or k in prot:
            return False
        j = k - 1
        before = table[ord(p[j])]
        if before != sp:
            return pair[before][c] == "D"
        while j >= 0 and table[ord(p[j])] == sp:
            j -= 1
        return j >= 0 and pair[table[ord(p[j])]][c] != "P"

    out: list[int] = []
    start, col0 = 0, startcol
    while True:
        limit = start + width - col0
        if n <= limit:
            return out
        found = -1
        # Backwards from the line end: the common case meets a space within a word's length.
        k = min(limit, n - 1)
        c = table[ord(p[k])]
        while k > start:
            before = table[ord(p[k - 1])]
            if c != sp and k not in prot:
                if before != sp:
                    if pair[before][c] == "D":
                        found = k
                        break
                else:
                    j = k - 2
                    while j >= 0 and table[ord(p[j])] == sp:
                        j -= 1
                    if j >= 0 and pair[table[ord(p[j])]][c] != "P":
                        found = k
                        break
            k -= 1
            c = before
        if found < 0:
            for k in range(max(limit, start) + 1, n):
                if opportunity(k):
                    found = k
                    break
        if found < 0:
            return out
        out.append(found)
        if first_only:
            return out
        start, col0 = found, 0


def breaks_exact(p: str, startcol: int, width: int, ends_with_newline: bool) -> list[int]:
    """The character-by-character version of :func:`_breaks` (combining marks, wide characters,
    zero-width spaces, mandatory breaks, characters outside the BMP)."""
    _ensure_tables()
    n = len(p)
    cls = [_char_class(ch) for ch in p]
    brk = [0] * n  # 0 prohibited, 1 possible, 2 mandatory
    last = _BK
    seen_space = zwj = -1
    for k, c in enumerate(cls):
        if c == _BK:
            brk[k] = 2
            last, seen_space = _BK, -1
            continue
        if c == _SP:
            seen_space = k
            continue
        if c == _ZW:
            last, seen_space = _ZW, -1
            continue
        if c in (_CM, _ZWJ):  # libunistring 1.0: a mark counts as AL after a space or
            # at the start (and may then start a line), else it belongs to the previous character
            if last == _ZW or (seen_space >= 0 and last != _BK):
                brk[k] = 1
                last = _AL
            elif last == _BK:
                last = _AL
            seen_space = -1
            if c == _ZWJ:
                zwj = k + 1  # no break right after a zero-width joiner
            continue
        if k == zwj:
            pass
        elif last == _ZW:
            brk[k] = 1
        elif last != _BK:
            t = _PAIR[last][c]
            if t == "D" or (t == "I" and seen_space >= 0):
                brk[k] = 1
        last, seen_space = c, -1
    for k in _protected(p, ends_with_newline):
        brk[k] = 0
    widths = [max(_WIDTHS[ord(ch)] - 1, 0) for ch in p]
    out: list[int] = []
    seg_start, col0 = 0, startcol
    for seg_end in [*(k for k in range(n) if brk[k] == 2), n]:
        offsets = list(accumulate(widths[seg_start:seg_end], initial=0))
        opps = [k for k in range(seg_start + 1, seg_end) if brk[k] == 1]
        pos = [offsets[k - seg_start] for k in opps]
        out += _greedy(opps, pos, offsets[-1], col0, width)
        seg_start, col0 = seg_end + 1, 0
    return out


def wrap_string(out: list[str], prefix: str, name: str, value: str, do_wrap: bool = True) -> None:
    """GNU write-po.c ``wrap()``: write ``name "value"`` as msgcat does (non-indented style)."""
    if not value and not prefix:
        out.append(f'{name} ""\n')
    else:
        out.extend(_wrapped(prefix, name, value, do_wrap))


@functools.lru_cache(maxsize=16384)
def _wrapped(prefix: str, name: str, value: str, do_wrap: bool) -> tuple[str, ...]:
    """The lines of :func:`_wrap`, cached: a template and its catalogs share most strings."""
    out: list[str] = []
    _wrap_into(out, prefix, name, value, do_wrap)
    return tuple(out)


def _wrap_into(out: list[str], prefix: str, name: str, value: str, do_wrap: bool) -> None:
    after_break = len(prefix) + 1
    width = (PAGE_WIDTH if do_wrap else 2**31 - 1) - 1 - after_break
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(parts[-1])
    first = True
    last_index = len(portions) - 1
    for index, portion in enumerate(portions):
        p = portion.translate(_ESCAPES) if _NEEDS_ESCAPE.search(portion) else portion
        ends_nl = portion.endswith("\n")
        if first:
            # GNU puts the first portion beside the keyword if it fits there, else it starts
            # with an empty string and wraps from column 0
            startcol = len(name) + 1
            if (p and (index < last_index or startcol > width)) or breaks(
                p, startcol, width, ends_nl, first_only=True
            ):
                out.append(f'{prefix}{name} ""\n')
                first = False
                cuts = breaks(p, 0, width, ends_nl)
            else:
                out.append(f'{prefix}{name} "{p}"\n')
                first = False
                continue
        else:
            cuts = breaks(p, 0, width, ends_nl)
        head = prefix
        prev = 0
        for b in cuts:
            out.append(f'{head}"{p[prev:b]}"\n')
            head = prefix
            prev = b
        out.append(f'{head}"{p[prev:]}"\n')


