"""Placeholders, inline Markdown and links: a translation may move them, never lose or invent
them, and never change what a code span or a link destination says."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import ClassVar

import polib

from trilingual.checks.base import (
    CODE_SPAN_RE,
    LINK_DEST_RE,
    PLACEHOLDER_TOKEN_RE,
    URL_RE,
    Check,
    quote_list,
)

_DELIM_RE = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])|~~")
_REF_LABEL_RE = re.compile(r"\]\[([^\[\]]*)\]")
_EMPTY_LINK_RE = re.compile(r"(?<!!)\[\s*\]\(")
_EMPTY_ALT_RE = re.compile(r"!\[\s*\]\(")


def _diff(source: Counter[str], target: Counter[str]) -> tuple[list[str], list[str]]:
    """(missing from target, added in target), each sorted, with repeats."""
    missing = sorted((source - target).elements())
    added = sorted((target - source).elements())
    return missing, added


def _without_code(text: str) -> str:
    return CODE_SPAN_RE.sub(" ", text)


@lru_cache(maxsize=4096)
def markup_counts(text: str) -> Counter[str]:
    """How many strong, emphasis and strikethrough delimiters ``text`` has (code excluded).

    Cached: callers must not modify the result.
    """
    counts: Counter[str] = Counter()
    if not any(c in text for c in "*_~"):
        return counts
    text = PLACEHOLDER_TOKEN_RE.sub(" ", _without_code(text))
    for match in _DELIM_RE.finditer(text):
        run = match.group(0)
        if run == "~~":
            counts["~~"] += 1
            continue
        strong, single = divmod(len(run), 2)
        counts["**"] += strong
        counts["*"] += single
    return +counts


class PlaceholderCheck(Check):
    """The ``{n}`` placeholders of the source, each as many times, and no others."""

    id = "placeholders"
    severity = "error"
    description = (
        "every {n} placeholder of the source appears as often in the translation, no others"
    )

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        if "{" not in source and "{" not in translation:
            return []
        missing, added = _diff(
            Counter(PLACEHOLDER_TOKEN_RE.findall(source)),
            Counter(PLACEHOLDER_TOKEN_RE.findall(translation)),
        )
        out = []
        if missing:
            out.append(f"placeholder {quote_list(missing)} of the source is missing")
        if added:
            out.append(f"placeholder {quote_list(added)} is not in the source")
        return out


class MarkupCheck(Check):
    """Strong, emphasis, strikethrough and code spans: same number; code text unchanged."""

    id = "markup"
    severity = "error"
    description = (
        "same **strong**, *emphasis*, ~~strikethrough~~ and `code` spans as the source; "
        "code text unchanged"
    )

    _NAMES: ClassVar[dict[str, str]] = {
        "**": "strong (**)", "*": "emphasis (*)", "~~": "strikethrough (~~)",
    }

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        out: list[str] = []
        if not any(c in source or c in translation for c in "*_~`"):
            return out
        src, dst = markup_counts(source), markup_counts(translation)
        for key, name in self._NAMES.items():
            if src[key] != dst[key]:
                out.append(f"{name} delimiters: {src[key]} in the source, {dst[key]} here")
        missing, added = _diff(
            Counter(m.group(2) for m in CODE_SPAN_RE.finditer(source)),
            Counter(m.group(2) for m in CODE_SPAN_RE.finditer(translation)),
        )
        if missing:
            out.append(f"code span {quote_list(missing)} of the source is missing or changed")
        if added and not missing:
            out.append(f"code span {quote_list(added)} is not in the source")
        return out


@lru_cache(maxsize=4096)
def link_targets(text: str) -> Counter[str]:
    """Link and image destinations, reference labels and bare URLs of ``text`` (code excluded).

    Cached: callers must not modify the result.
    """
    found: Counter[str] = Counter()
    if "](" not in text and "][" not in text and "://" not in text and "www." not in text:
        return found
    text = _without_code(text)
    for match in LINK_DEST_RE.finditer(text):
        found[f"({match.group(1)})"] += 1
    for match in _REF_LABEL_RE.finditer(text):
        found[f"[{match.group(1)}]"] += 1
    rest = _REF_LABEL_RE.sub(" ", LINK_DEST_RE.sub(" ", text))
    for match in URL_RE.finditer(rest):
        found[match.group(0).rstrip(".,;:!?»”'\"")] += 1
    return found


class LinkCheck(Check):
    """Links keep their destinations (placeholders or URLs) and reference labels."""

    id = "links"
    severity = "error"
    description = (
        "links and images keep their destinations and labels; URLs unchanged; "
        "no empty link text or image alt text"
    )

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        out: list[str] = []
        src, dst = link_targets(source), link_targets(translation)
        if not src and not dst and "[" not in translation:
            return out
        missing, added = _diff(src, dst)
        # A destination that is a lost or invented placeholder is reported by "placeholders".
        lost, invented = _diff(
            Counter(PLACEHOLDER_TOKEN_RE.findall(source)),
            Counter(PLACEHOLDER_TOKEN_RE.findall(translation)),
        )
        missing = [m for m in missing if m.strip("()") not in lost]
        added = [a for a in added if a.strip("()") not in invented]
        if missing:
            out.append(f"link target {quote_list(missing)} of the source is missing or changed")
        if added:
            out.append(f"link target {quote_list(added)} is not in the source")
        if _EMPTY_LINK_RE.search(translation) and not _EMPTY_LINK_RE.search(source):
            out.append("a link has empty text")
        if _EMPTY_ALT_RE.search(translation) and not _EMPTY_ALT_RE.search(source):
            out.append("an image has empty alt text")
        return out
