"""Protect a msgid's inline Markdown and ``{n}`` placeholders on their way through an MT engine.

A msgid is cut into *text* (what the engine translates) and *markup* (what it must carry
unchanged): the delimiters of ``**strong**``, ``*em*``, ``~~del~~``, links and images, whole code
spans, raw HTML and ``{n}`` placeholders. Positions come from pyromark's exact byte ranges, and
every character not claimed by markup stays text, so the pieces always join back to the msgid.

Two wire formats:

- ``xml`` (DeepL ``tag_handling="xml"``, used for ru): paired markup becomes elements
  (``**x**`` -> ``<b>x</b>``, ``[x]({1})`` -> ``<a>x</a>``), opaque markup becomes empty
  elements (``{1}`` -> ``<x i="1"/>``, a code span -> ``<c i="1"/>``); text is XML-escaped.
- ``text`` (no tag handling, used for be): every markup piece becomes an opaque token ``{k}``;
  ``{n}`` placeholders keep their own spelling, other pieces are numbered above them.

:func:`restore` maps an engine's output back to Markdown and raises :class:`MarkupLost` when a
piece went missing, was duplicated or a pair came back out of order. ``restore(protect(s)) == s``
for every string in both modes (a hypothesis property in the tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import pyromark

Mode = Literal["xml", "text"]

_PLACEHOLDER_RE = re.compile(r"\{\d+\}")
_PAIR_TAGS = {"Strong": "b", "Emphasis": "i", "Strikethrough": "s", "Link": "a", "Image": "g"}
_OPTIONS = pyromark.Options.ENABLE_STRIKETHROUGH


class MarkupLost(ValueError):
    """The engine's output lost, duplicated or reordered a protected piece."""


@dataclass(frozen=True)
class Piece:
    """One stretch of the msgid: ``role`` is 'text', 'opaque', 'open' or 'close'."""

    role: str
    source: str
    kind: str = ""  # tag name for markup
    pair: int = -1  # for open/close: index of the pair


@dataclass(frozen=True)
class Protected:
    """A msgid prepared for one wire format, with what :func:`restore` needs to undo it."""

    source: str
    mode: Mode
    text: str  # what is sent to the engine
    pieces: tuple[Piece, ...]
    tokens: tuple[tuple[str, str], ...]  # (wire token, source) for every markup piece, in order

    @property
    def billable(self) -> str:
        """The characters an engine bills: tags are free in XML mode, tokens are not in text."""
        if self.mode == "text":
            return self.text
        return "".join(p.source for p in self.pieces if p.role == "text")


def _byte_to_char(text: str) -> list[int]:
    """Map every UTF-8 byte offset of ``text`` (and its end) to a character offset."""
    table = []
    for index, char in enumerate(text):
        table.extend([index] * len(char.encode("utf-8")))
    table.append(len(text))
    return table


def _markup_spans(msgid: str) -> list[tuple[int, int, str, str, int]]:
    """(start, end, role, kind, pair) of each markup stretch, sorted and never overlapping."""
    to_char = _byte_to_char(msgid)
    spans: list[tuple[int, int, str, str, int]] = []
    stack: list[list[Any]] = []  # [kind or None, start, end, first_child, last_child]
    pairs = 0

    def touch(start: int, end: int) -> None:
        if stack:
            top = stack[-1]
            if top[3] is None:
                top[3] = start
            top[4] = end if top[4] is None else max(top[4], end)

    def callback(*_args: Any) -> tuple[str, str]:
        return ("", "")

    events = pyromark.events_with_range(msgid, options=_OPTIONS, broken_link_callback=callback)
    for event, rng in events:
        start, end = to_char[rng["start"]], to_char[rng["end"]]
        if isinstance(event, dict) and "Start" in event:
            tag = event["Start"]
            name = tag if isinstance(tag, str) else next(iter(tag))
            touch(start, end)
            stack.append([_PAIR_TAGS.get(name), start, end, None, None])
        elif isinstance(event, dict) and "End" in event:
            kind, s, e, first, last = stack.pop()
            if kind is None:
                continue
            if first is None:  # nothing inside: the whole element is one opaque piece
                spans.append((s, e, "opaque", "o", -1))
            else:
                spans.append((s, first, "open", kind, pairs))
                spans.append((last, e, "close", kind, pairs))
                pairs += 1
        else:
            name = next(iter(event)) if isinstance(event, dict) else str(event)
            touch(start, end)
            if name == "Code":
                spans.append((start, end, "opaque", "c", -1))
            elif name in ("InlineHtml", "Html", "InlineMath", "DisplayMath", "FootnoteReference"):
                spans.append((start, end, "opaque", "h", -1))
    spans.sort()
    clean: list[tuple[int, int, str, str, int]] = []
    position = 0
    broken: set[int] = set()
    for span in spans:
        start, end = span[0], span[1]
        if start < position or end <= start or end > len(msgid):
            if span[4] >= 0:
                broken.add(span[4])
            continue
        clean.append(span)
        position = end
    # a pair whose other half was dropped is no pair: keep its half as an opaque piece
    return [
        (s, e, "opaque", "o", -1) if pair in broken else (s, e, role, kind, pair)
        for s, e, role, kind, pair in clean
    ]


def split_pieces(msgid: str) -> list[Piece]:
    """Cut ``msgid`` into text and markup pieces that join back to it exactly."""
    pieces: list[Piece] = []

    def add_text(text: str) -> None:
        position = 0
        for match in _PLACEHOLDER_RE.finditer(text):
            if match.start() > position:
                pieces.append(Piece("text", text[position : match.start()]))
            pieces.append(Piece("opaque", match.group(0), "x"))
            position = match.end()
        if position < len(text):
            pieces.append(Piece("text", text[position:]))

    position = 0
    for start, end, role, kind, pair in _markup_spans(msgid):
        if start > position:
            add_text(msgid[position:start])
        pieces.append(Piece(role, msgid[start:end], kind, pair))
        position = end
    if position < len(msgid):
        add_text(msgid[position:])
    return pieces


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_ENTITY_RE = re.compile(r"&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _xml_unescape(text: str) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return _NAMED[name]

    return _ENTITY_RE.sub(sub, text)


def protect(msgid: str, mode: Mode) -> Protected:
    """Prepare ``msgid`` for an engine in ``mode`` ('xml' or 'text')."""
    pieces = split_pieces(msgid)
    tokens: list[tuple[str, str]] = []
    out: list[str] = []
    if mode == "xml":
        variants: dict[tuple[str, str], str] = {}  # (kind, source key) -> attribute
        open_tags: dict[int, str] = {}
        closes = {p.pair: p.source for p in pieces if p.role == "close"}
        for piece in pieces:
            if piece.role == "text":
                out.append(_xml_escape(piece.source))
                continue
            if piece.role == "close":
                tag = f"</{open_tags[piece.pair]}>"
            else:
                key = piece.source + "\0" + closes.get(piece.pair, "")
                same = sum(1 for k in variants if k[0] == piece.kind)
                if piece.kind == "x":
                    attr = f' i="{int(piece.source[1:-1])}"'
                elif piece.role == "open" and not same:
                    attr = ""
                else:
                    attr = variants.get((piece.kind, key), f' i="{same + 1}"')
                variants[(piece.kind, key)] = attr
                if piece.role == "open":
                    open_tags[piece.pair] = piece.kind
                    tag = f"<{piece.kind}{attr}>"
                else:
                    tag = f"<{piece.kind}{attr}/>"
            tokens.append((tag, piece.source))
            out.append(tag)
    else:
        # numbered above every {n} of the msgid, so a token never reads as a real placeholder
        counter = max((int(m.group(0)[1:-1]) for m in _PLACEHOLDER_RE.finditer(msgid)), default=0)
        for piece in pieces:
            if piece.role == "text":
                out.append(piece.source)
                continue
            if piece.kind == "x":
                token = piece.source
            else:
                counter += 1
                token = f"{{{counter}}}"
            tokens.append((token, piece.source))
            out.append(token)
    return Protected(msgid, mode, "".join(out), tuple(pieces), tuple(tokens))


_TAG_RE = re.compile(
    r"<(/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
)
_ATTR_RE = re.compile(r"([\w.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_TOKEN_RE = re.compile(r"\{\d+\}")


def _canonical_tag(match: re.Match[str]) -> str:
    closing, name, attrs, empty = match.groups()
    if closing:
        return f"</{name}>"
    rendered = "".join(f' {k}="{v or w}"' for k, v, w in _ATTR_RE.findall(attrs))
    return f"<{name}{rendered}{'/' if empty else ''}>"


def restore(translated: str, protected: Protected) -> str:
    """Turn an engine's output for ``protected`` back into Markdown, or raise MarkupLost."""
    if protected.mode == "xml":
        return _restore_xml(translated, protected)
    return _restore_text(translated, protected)


def _restore_xml(translated: str, protected: Protected) -> str:
    by_tag: dict[str, str] = {}
    close_of: dict[str, str] = {}
    open_tag: dict[int, str] = {}
    markup = [p for p in protected.pieces if p.role != "text"]
    for (tag, source), piece in zip(protected.tokens, markup, strict=True):
        if piece.role == "close":
            close_of.setdefault(open_tag[piece.pair], source)
        else:
            by_tag[tag] = source
            if piece.role == "open":
                open_tag[piece.pair] = tag
    expected = sorted(t for t, _ in protected.tokens if not t.startswith("</"))
    seen: list[str] = []
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # (element name, opening tag)
    position = 0
    for match in _TAG_RE.finditer(translated):
        out.append(_xml_unescape(translated[position : match.start()]))
        position = match.end()
        closing, name, _attrs, _empty = match.groups()
        tag = _canonical_tag(match)
        if closing:
            if not stack or stack[-1][0] != name:
                raise MarkupLost(f"unbalanced {tag}")
            out.append(close_of[stack.pop()[1]])
            continue
        if tag not in by_tag:
            raise MarkupLost(f"unknown tag {tag}")
        if tag in close_of:
            stack.append((name, tag))
        out.append(by_tag[tag])
        seen.append(tag)
    out.append(_xml_unescape(translated[position:]))
    if stack:
        raise MarkupLost(f"unclosed {stack[-1][1]}")
    if sorted(seen) != expected:
        raise MarkupLost("markup pieces missing or repeated")
    return "".join(out)


_LOOSE_TOKEN_RE = re.compile(r"\{\s*(\d+)\s*\}")


def _restore_text(translated: str, protected: Protected) -> str:
    try:
        return _restore_text_strict(translated, protected)
    except MarkupLost:
        # engines without tag handling sometimes space a token out ("{ 4 }"): accept that
        # for our own tokens only, then check everything again
        ours = {t for t, _ in protected.tokens}

        def tighten(match: re.Match[str]) -> str:
            token = "{" + match.group(1) + "}"
            return token if token in ours else match.group(0)

        loose = _LOOSE_TOKEN_RE.sub(tighten, translated)
        if loose == translated:
            raise
        return _restore_text_strict(loose, protected)


def _restore_text_strict(translated: str, protected: Protected) -> str:
    by_token = dict(protected.tokens)
    order = {token: i for i, (token, _) in enumerate(protected.tokens)}
    found = [m.group(0) for m in _TOKEN_RE.finditer(translated)]
    if sorted(found) != sorted(t for t, _ in protected.tokens):
        missing = sorted(set(by_token) - set(found)) or sorted(set(found) - set(by_token))
        raise MarkupLost(f"placeholder {missing[0] if missing else ''} lost or repeated".strip())
    # each pair must come back open before close
    pieces = [p for p in protected.pieces if p.role != "text"]
    opens = {p.pair: tok for (tok, _), p in zip(protected.tokens, pieces, strict=True)
             if p.role == "open"}
    closes = {p.pair: tok for (tok, _), p in zip(protected.tokens, pieces, strict=True)
              if p.role == "close"}
    where = {tok: translated.find(tok) for tok in order}
    for pair, tok in opens.items():
        if where[tok] > where[closes[pair]]:
            raise MarkupLost("markup pair came back reversed")
    translated = _snug_pairs(translated, protected, opens, closes)
    return _TOKEN_RE.sub(lambda m: by_token.get(m.group(0), m.group(0)), translated)


def _snug_pairs(
    translated: str, protected: Protected, opens: dict[int, str], closes: dict[int, str]
) -> str:
    """Drop spaces an engine put just inside a pair (``{4} word {5}``) where the msgid had none.

    ``** word **`` is not emphasis in Markdown, so the space would break the formatting.
    """
    pieces = list(protected.pieces)
    tight_open = set()
    tight_close = set()
    for i, piece in enumerate(pieces):
        if piece.role == "open" and i + 1 < len(pieces) and not pieces[i + 1].source[:1].isspace():
            tight_open.add(opens[piece.pair])
        if piece.role == "close" and i > 0 and not pieces[i - 1].source[-1:].isspace():
            tight_close.add(closes[piece.pair])
    for token in tight_open:
        translated = re.sub(re.escape(token) + r"[ \t]+", token, translated)
    for token in tight_close:
        translated = re.sub(r"[ \t]+" + re.escape(token), token, translated)
    return translated
