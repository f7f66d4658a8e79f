"""Hostile input: links that must not go live, characters that must not reach a page.

The rules themselves live in :mod:`trilingual.safety` (the release applies the same ones: an
unsafe link is never rendered as a link, a control character never reaches HTML or XML).
"""

from __future__ import annotations

import re
import unicodedata
from typing import ClassVar

import polib

from trilingual.checks.base import Check
from trilingual.safety import (
    char_name,
    control_chars,
    hidden_chars,
    safe_url,
    tag_urls,
    url_scheme,
)

_COMMENT_RE = re.compile(r"^\{(\d+)\} = (.*)$", re.MULTILINE)
#: the start of a Markdown link destination, up to where its scheme is known for sure
_DEST_RE = re.compile(r"\]\(\s*<?([^\s)>]+)")
_AUTOLINK_RE = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>")


def _placeholder_urls(source: str, comment: str) -> list[str]:
    """The addresses the placeholders of ``source`` stand for (from its extracted comment):
    link destinations ``]({n})``, autolinks ``<{n}>`` and the href/src of raw HTML tags."""
    found = []
    for number, value in _COMMENT_RE.findall(comment or ""):
        token = f"{{{number}}}"
        if _AUTOLINK_RE.fullmatch(value):  # <scheme:...>
            found.append(value[1:-1])
        elif value.startswith("<"):
            found.extend(tag_urls(value))
        elif f"]({token}" in source or f"<{token}>" in source:
            found.append(value)
    return found


def _describe(url: str) -> str:
    shown = url if len(url) <= 60 else url[:57] + "..."
    return f"{url_scheme(url)}: link {shown!r}"


class UnsafeLinkCheck(Check):
    """Links whose scheme is not http, https, mailto or relative (javascript:, data:...)."""

    id: ClassVar[str] = "unsafe-link"
    severity = "error"
    description = ("a link whose scheme is not http, https, mailto or a relative path "
                   "(javascript:, data:...): never published as a link")

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        messages = [
            f"the English article has an unsafe {_describe(url)}: it is not published as a "
            "link (fix the English source)"
            for url in dict.fromkeys([*_placeholder_urls(source, entry.comment),
                                      *(_DEST_RE.findall(source) if "](" in source else [])])
            if not safe_url(url)
        ]
        if "](" in translation:
            messages.extend(
                f"the translation adds an unsafe {_describe(url)}"
                for url in dict.fromkeys(_DEST_RE.findall(translation))
                if not safe_url(url) and url not in source
            )
        return messages


class ControlCharCheck(Check):
    """Control characters (C0 except tab and newline, DEL, C1) in a translation."""

    id: ClassVar[str] = "control-char"
    severity = "error"
    description = "control characters (C0 except tab and newline, DEL, C1) in the translation"

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        found = control_chars(translation)
        if not found:
            return []
        names = ", ".join(char_name(c) for c in found)
        return [f"control character(s) {names} in the translation (invisible, and not allowed "
                "in the site's XML feeds): delete them"]


class HiddenCharCheck(Check):
    """Bidi controls and zero-width characters the English does not have."""

    id: ClassVar[str] = "hidden-char"
    severity = "warning"
    description = "bidi controls or zero-width characters that the English does not have"

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        extra = [c for c in hidden_chars(translation) if c not in source]
        if not extra:
            return []
        names = ", ".join(
            f"{char_name(c)} ({unicodedata.name(c, 'unnamed').lower()})" for c in extra
        )
        return [f"invisible character(s) {names} in the translation but not in the English: "
                "they reorder or hide text"]
