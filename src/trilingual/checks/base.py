"""The contract every QA check follows: an id, a severity, a description, the languages it
applies to, and one predicate over (source, translation, language, entry).

A check never reads files and never knows where the entry lives; the gate attaches the
location (PO file, line, article reference) to the :class:`Issue` values a check returns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar, Literal

import polib

from trilingual.glossary import Glossary

# 'spelling' is listed and never fails the gate, not even with --strict (unless the project
# sets check.spelling: strict, which makes those issues errors).
Severity = Literal["error", "warning", "spelling"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "spelling")

IGNORE_FLAG_PREFIX = "ignore-"


@dataclass(frozen=True)
class Issue:
    """One finding of one check on one entry.

    ``path``/``line`` locate the PO entry (what a translator opens); ``reference`` is the
    entry's first ``#:`` reference into the English article.
    """

    check: str
    severity: Severity
    message: str
    lang: str = ""
    source: str = ""
    translation: str = ""
    msgctxt: str | None = None
    path: str = ""
    line: int = 0
    reference: str = ""

    def location(self) -> str:
        """``file:line`` of the PO entry (or just the file)."""
        if not self.path:
            return "<entry>"
        return f"{self.path}:{self.line}" if self.line else self.path

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "lang": self.lang,
            "path": self.path,
            "line": self.line,
            "reference": self.reference,
            "msgctxt": self.msgctxt,
            "source": self.source,
            "translation": self.translation,
        }


@dataclass(frozen=True)
class CheckContext:
    """Project-wide inputs a check may need; built once per run.

    ``spelling`` is the project's ``check.spelling`` (off, on, strict); ``known_words`` the
    lower-case words the spelling check accepts besides its dictionaries (spelling.txt...).
    """

    glossary: Glossary = field(default_factory=Glossary)
    spelling: str = "on"
    known_words: frozenset[str] = frozenset()


class Check:
    """Base class of a per-entry check: subclasses set the class attributes and ``find``."""

    id: ClassVar[str] = ""
    severity: ClassVar[Severity] = "error"
    description: ClassVar[str] = ""
    languages: ClassVar[tuple[str, ...] | None] = None  # None: every target language

    def __init__(self, context: CheckContext | None = None) -> None:
        self.context = context or CheckContext()

    def applies_to(self, lang: str) -> bool:
        """True if the check runs on translations into ``lang``."""
        return self.languages is None or lang in self.languages

    def reported_severity(self) -> Severity:
        """The severity of the issues it reports in this project (its ``severity``)."""
        return self.severity

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        """Messages describing what is wrong with ``translation`` (empty when it passes)."""
        raise NotImplementedError

    def check(
        self, source: str, translation: str, lang: str, entry: polib.POEntry | None = None
    ) -> list[Issue]:
        """Run the predicate and wrap its messages into issues (no location yet).

        An entry flagged ``#, ignore-<id>`` is never reported by this check.
        """
        if entry is None:
            entry = polib.POEntry(msgid=source, msgstr=translation)
        if not self.applies_to(lang) or is_ignored(entry, self.id):
            return []
        return [
            Issue(self.id, self.severity, message, lang=lang, source=source,
                  translation=translation, msgctxt=entry.msgctxt)
            for message in self.find(source, translation, lang, entry)
        ]


class PairCheck:
    """Base class of a cross-language check over the translations of one msgid.

    ``covered_by`` names per-language checks whose issue on the same entry already explains a
    difference; the gate drops a pair issue on a language that has one of those.
    """

    id: ClassVar[str] = ""
    severity: ClassVar[Severity] = "warning"
    description: ClassVar[str] = ""
    languages: ClassVar[tuple[str, ...] | None] = None
    covered_by: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: CheckContext | None = None) -> None:
        self.context = context or CheckContext()

    def reported_severity(self) -> Severity:
        """The severity of the issues it reports (its ``severity``)."""
        return self.severity

    def find_pair(
        self, source: str, translations: dict[str, str]
    ) -> list[tuple[str, str]]:
        """``(lang, message)`` pairs: which translation looks wrong, and why."""
        raise NotImplementedError


_IGNORE_COMMENT_RE = re.compile(r"(?<![\w-])ignore-([a-z0-9-]+)")


def ignored_checks(entry: polib.POEntry) -> set[str]:
    """Check ids silenced on ``entry``: flags ``#, ignore-<id>`` and translator-comment words
    ``# ignore-<id>`` (GNU msgmerge/msgcat keep translator comments but drop unknown flags)."""
    found = {f[len(IGNORE_FLAG_PREFIX):] for f in entry.flags if f.startswith(IGNORE_FLAG_PREFIX)}
    if entry.tcomment and IGNORE_FLAG_PREFIX in entry.tcomment:
        found.update(_IGNORE_COMMENT_RE.findall(entry.tcomment))
    return found


def is_ignored(entry: polib.POEntry, check_id: str) -> bool:
    """True if the entry silences ``check_id`` (flag or translator comment)."""
    return check_id in ignored_checks(entry)


# Shared text helpers -----------------------------------------------------------------------

CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
PLACEHOLDER_TOKEN_RE = re.compile(r"\{\d+\}")
URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>)\]]+|\bwww\.[^\s<>)\]]+")
# ``](destination "title")``: group 1 is the destination; the title (any Markdown quoting, or
# «…» a translator used) is translatable text and not compared.
LINK_DEST_RE = re.compile(
    r"\]\(([^()\s]*)(?:\s+(?:\"[^\"]*\"|'[^']*'|«[^»]*»|“[^”]*”|\([^()]*\)))?\)"
)
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")


@lru_cache(maxsize=8192)
def strip_code(text: str) -> str:
    """``text`` with code spans, link destinations, URLs and placeholders blanked out."""
    if "`" in text:
        text = CODE_SPAN_RE.sub(" ", text)
    if "](" in text:
        text = LINK_DEST_RE.sub("] ", text)
    if "://" in text or "www." in text:
        text = URL_RE.sub(" ", text)
    if "{" in text:
        text = PLACEHOLDER_TOKEN_RE.sub(" ", text)
    return text


def quote_list(items: Sequence[str]) -> str:
    """``'a', 'b'`` for messages."""
    return ", ".join(repr(i) for i in items)
