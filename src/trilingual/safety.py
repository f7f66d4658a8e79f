"""Hostile input: which link targets may go live, and which characters never reach a reader.

One rule per decision, used by every writer of pages, feeds and newsletters, by the QA checks
and by every message printed to a terminal:

- :func:`safe_url`: a link target is live only if its scheme is http, https or mailto, or it
  has no scheme at all (a relative path, a fragment, a query). ``javascript:``, ``data:``,
  ``vbscript:``, ``file:`` and every other scheme are refused, however they are disguised
  (case, entities, percent-escapes, tabs or newlines inside the scheme).
- :func:`control_chars`: C0 controls except tab and line feed, DEL and the C1 block. They are
  invalid in XML 1.0 (C0) or invisible and dangerous in terminals (ESC, CSI); they are a QA
  error in a translation and are replaced by U+FFFD in every published output
  (:func:`scrub_output`).
- :func:`hidden_chars`: bidirectional controls and zero-width characters (a warning when the
  English does not have them: they reorder or hide text without being seen).
- :func:`escape_terminal`: what a message printed to a terminal shows instead of a control or
  bidi character (``\\x1b``, ``\\u202e``); :class:`EscapingStream` applies it to a whole stream.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from typing import Any, TextIO

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

#: C0 except tab and LF, DEL, C1. (CR is included: it never belongs inside a msgstr either.)
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: bidi embeddings, overrides and isolates, marks, and zero-width characters
BIDI_CHARS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
HIDDEN_RE = re.compile(f"[{BIDI_CHARS}{ZERO_WIDTH_CHARS}]")
_TERMINAL_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CHARS}]")
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f]")  # browsers drop these inside a scheme


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (lower case), or None for a relative URL."""
    text = html.unescape(url)
    for _ in range(3):  # %6A%61vascript: ... decoded as a browser decoding an href would not,
        decoded = urllib.parse.unquote(text)  # but a scheme never needs an escape: be strict
        if decoded == text:
            break
        text = decoded
    text = _INVISIBLE_RE.sub("", text)
    match = _SCHEME_RE.match(text)
    if match is not None:
        return match.group(1).lower()
    head = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if ":" in head:  # "java&#x0A;script:" leftovers, "::x": not a clean relative path
        return head.split(":", 1)[0].lower() or ":"
    return None


def safe_url(url: str) -> bool:
    """True if a link to ``url`` may be live on a published page, feed or newsletter."""
    scheme = url_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


_TAG_RE = re.compile(r"<[A-Za-z][^<>]*>")
_URL_ATTR_RE = re.compile(
    r"""\s(?:href|src|srcset|action|formaction|poster|data|background|cite|xlink:href)"""
    r"""\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.IGNORECASE,
)


def tag_urls(tag: str) -> list[str]:
    """The link and resource addresses of one HTML tag (href, src, action...)."""
    return [m.group(1).strip("\"'") for m in _URL_ATTR_RE.finditer(tag)]


def _defuse_tag(match: re.Match[str]) -> str:
    def attr(found: re.Match[str]) -> str:
        return found.group(0) if safe_url(found.group(1).strip("\"'")) else ""

    return _URL_ATTR_RE.sub(attr, match.group(0))


def defuse_links(html_text: str) -> str:
    """``html_text`` with every unsafe address dropped from its tag: the text of an unsafe
    link stays, the link is gone (an ``<a>`` without ``href`` is not a link)."""
    if "=" not in html_text:
        return html_text
    return _TAG_RE.sub(_defuse_tag, html_text)


def control_chars(text: str) -> list[str]:
    """The distinct control characters of ``text`` (C0 but tab and LF, DEL, C1), in order."""
    return list(dict.fromkeys(CONTROL_RE.findall(text)))


def hidden_chars(text: str) -> list[str]:
    """The distinct bidi-control and zero-width characters of ``text``, in order."""
    return list(dict.fromkeys(HIDDEN_RE.findall(text)))


def char_name(char: str) -> str:
    """``U+001B`` style name of one character."""
    return f"U+{ord(char):04X}"


def scrub_output(text: str) -> str:
    """``text`` with every control character replaced by U+FFFD (valid in XML and HTML)."""
    return CONTROL_RE.sub("\ufffd", text) if CONTROL_RE.search(text) else text


def _escape(match: re.Match[str]) -> str:
    # C0 as \x1b; DEL, C1 and bidi as \u0085: JSON printed on stdout stays valid JSON (a JSON
    # writer escapes C0 itself, never DEL, C1 or bidi, and \x is no JSON escape)
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def escape_terminal(text: str) -> str:
    """``text`` safe to print: control and bidi characters shown as ``\\x1b``, ``\\u202e``."""
    return _TERMINAL_RE.sub(_escape, text) if _TERMINAL_RE.search(text) else text


class EscapingStream:
    """A text stream that passes every write through :func:`escape_terminal` (tab and newline
    pass). ``unescaped`` is the stream underneath, for writers that emit their own terminal
    codes (a progress bar)."""

    def __init__(self, stream: TextIO) -> None:
        self.unescaped = stream

    def write(self, text: str) -> int:
        self.unescaped.write(escape_terminal(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unescaped, name)
