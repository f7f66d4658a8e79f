"""Numbered placeholders ``{1}``, ``{2}``... standing in msgids for what translators must not edit.

URLs (link destinations, autolinks, bare URLs), raw inline HTML, reference labels and any literal
``{n}`` of the source are replaced by placeholders during extraction; the extracted comment of
the entry says what each one stands for. Emphasis, strong, strikethrough and code spans stay as
readable Markdown in the msgid (a translator may move them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PLACEHOLDER_RE = re.compile(r"\{(\d+)\}")


def find_placeholders(text: str) -> list[str]:
    """All placeholder tokens of ``text`` in order, e.g. ``['{1}', '{2}', '{1}']``."""
    return [m.group(0) for m in PLACEHOLDER_RE.finditer(text)]


def restore_placeholders(text: str, values: Sequence[str]) -> str:
    """Replace each ``{n}`` (1 <= n <= len(values)) by ``values[n-1]``; leave others alone."""
    if "{" not in text:
        return text

    def sub(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if 1 <= index <= len(values):
            return values[index - 1]
        return match.group(0)

    return PLACEHOLDER_RE.sub(sub, text)


def describe_placeholders(values: Sequence[str]) -> list[str]:
    """Extracted-comment lines explaining each placeholder, e.g. ``{1} = https://...``."""
    return [f"{{{i}}} = {value}" for i, value in enumerate(values, start=1)]
