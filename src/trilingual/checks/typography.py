"""Typography of Belarusian and Russian: «…» quotes with „…“ inside, clean spacing, and the
sentence ending the way the source's does."""

from __future__ import annotations

import re

import polib

from trilingual.checks.base import (
    CODE_SPAN_RE,
    LINK_DEST_RE,
    PLACEHOLDER_TOKEN_RE,
    URL_RE,
    Check,
    strip_code,
)

_SPACE_RUN_RE = re.compile(r"[ \u00a0\u202f]{2,}")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"[ \u00a0\u202f]+([,.;:!?])(?=[\s»”“)*_]|$)")
_TRAIL_DECORATION = set(" \t\r\n\u00a0\u202f*_~)]»«”“„\"'’›‹")
_END_PUNCT = set(".?!…:;")
_QUOTE_RE = re.compile("[\"“”‘«»„']")
# A straight single quote opening or closing a Cyrillic word ('слова'), not an apostrophe inside.
_SINGLE_QUOTE_RE = re.compile(r"(?<!\w)'(?=[\u0400-\u04ff])|(?<=[\u0400-\u04ff])'(?!\w)")


class QuotesCheck(Check):
    """Belarusian and Russian quote with «ёлачкі», and „лапкі“ inside them."""

    id = "quotes"
    severity = "warning"
    description = 'quotation marks are «…» with „…“ inside, not "…" or “…”'
    languages = ("be", "ru")

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        text = strip_code(translation)
        out: list[str] = []
        if not _QUOTE_RE.search(text):
            return out
        if '"' in text:
            out.append('straight quotes "…"; use «…» (and „…“ inside)')
        if "”" in text or "‘" in text:
            out.append("English quotes “…” or ‘…’; use «…» (and „…“ inside)")
        if _SINGLE_QUOTE_RE.search(text):
            out.append("straight single quotes '…'; use «…» (and „…“ inside)")
        depth: list[str] = []
        nested = stray = False
        for char in text:
            if char == "«":
                nested = nested or "«" in depth
                depth.append(char)
            elif char == "»":
                if depth and depth[-1] == "«":
                    depth.pop()
            elif char == "„":
                depth.append(char)
            elif char == "“":
                if depth and depth[-1] == "„":
                    depth.pop()
                else:
                    stray = True
        if nested:
            out.append("«…» inside «…»; inner quotes are „…“")
        if stray and "”" not in text:
            out.append("“ without an opening „; use «…» (and „…“ inside)")
        if _balanced_source(source) and text.count("«") != text.count("»"):
            out.append(f"unbalanced quotes: {text.count('«')} « against {text.count('»')} »")
        return out


def _balanced_source(source: str) -> bool:
    """True if the source sentence opens and closes its double quotes itself (a sentence of a
    longer quotation may legitimately open or close only)."""
    text = strip_code(source)
    return (text.count("“") == text.count("”") and text.count('"') % 2 == 0
            and text.count("«") == text.count("»"))


class SpacesCheck(Check):
    """Double spaces, leading or trailing spaces not in the source, space before punctuation."""

    id = "spaces"
    severity = "warning"
    description = (
        "no double spaces, no leading/trailing spaces unlike the source, "
        "no space before , . ; : ! ?"
    )

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        out = []
        if _SPACE_RUN_RE.search(translation) and not _SPACE_RUN_RE.search(source):
            out.append("double space")
        if translation[:1].isspace() != source[:1].isspace():
            out.append("leading space differs from the source")
        if translation[-1:].isspace() != source[-1:].isspace():
            out.append("trailing space differs from the source")
        found = (_SPACE_BEFORE_PUNCT_RE.findall(_masked(translation))
                 if _SPACE_BEFORE_PUNCT_RE.search(translation) else [])
        if found and not _SPACE_BEFORE_PUNCT_RE.search(_masked(source)):
            out.append(f"space before {''.join(sorted(set(found)))!r}")
        return out


def _masked(text: str) -> str:
    """Code spans, link destinations, URLs and placeholders as one letter each, so that a
    full stop right after `code` or {1} is not a "space before '.'"."""
    for pattern, mask in ((CODE_SPAN_RE, "x"), (LINK_DEST_RE, "]x"), (URL_RE, "x"),
                          (PLACEHOLDER_TOKEN_RE, "x")):
        text = pattern.sub(mask, text)
    return text


def end_mark(text: str) -> str:
    """The kind of ending punctuation: '?', '!', '?!', '…', '.', ':', ';' or '' (none).

    Closing quotes, brackets and emphasis are looked through, so «word». and “word.” agree.
    """
    text = text.rstrip()
    index = len(text)
    marks = ""
    while index > 0 and (text[index - 1] in _TRAIL_DECORATION or text[index - 1] in _END_PUNCT):
        if text[index - 1] in _END_PUNCT:
            marks = text[index - 1] + marks
        index -= 1
    if not marks:
        return ""
    if "?" in marks or "!" in marks:
        return "".join(c for c in "?!" if c in marks)
    if "…" in marks or "..." in marks:
        return "…"
    return marks[-1]


_END_NAMES = {
    "": "no ending punctuation", ".": "a full stop", "?": "a question mark",
    "!": "an exclamation mark", "?!": "?!", "…": "an ellipsis", ":": "a colon", ";": "a semicolon",
}
_EQUIVALENT = {frozenset({".", "…"})}


class EndPunctuationCheck(Check):
    """A sentence ends the way the source's does (full stop, question, exclamation, colon...)."""

    id = "end-punctuation"
    severity = "warning"
    description = (
        "the translation ends with the same kind of punctuation as the source (. ? ! : ; …)"
    )

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        want, got = end_mark(source), end_mark(translation)
        if want == got or frozenset({want, got}) in _EQUIVALENT:
            return []
        return [f"the source ends with {_END_NAMES[want]}, the translation with {_END_NAMES[got]}"]
