"""Provenance of machine suggestions in catalogs: the ``MT:`` translator comment.

Every suggestion an engine makes is written with a comment line

    # MT: <engine> <YYYY-MM-DD> score=<0-100> src=<digest of msgctxt + msgid>

so reviewers see what is machine output, and ``translate --refresh-fuzzy`` can tell stale
machine drafts (the English changed: ``src`` no longer matches) from human work (no ``MT:``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import polib

from trilingual.catalog import entry_state
from trilingual.engines.base import Suggestion
from trilingual.glossary import Glossary, describe_missing, missing_terms

MT_PREFIX = "MT: "
_MT_RE = re.compile(
    r"^MT: (?P<engine>\S+) (?P<date>\S+) score=(?P<score>\d+)(?: src=(?P<src>\w+))?"
)


def source_hash(msgctxt: str | None, msgid: str) -> str:
    """Short digest of an entry's source, kept in the MT comment to spot stale suggestions."""
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def mt_comment(entry: polib.POEntry) -> dict[str, str] | None:
    """The parsed ``MT:`` line of an entry's translator comment, if it has one."""
    for line in (entry.tcomment or "").splitlines():
        match = _MT_RE.match(line)
        if match:
            return {k: v or "" for k, v in match.groupdict().items()}
    return None


def apply_suggestion(entry: polib.POEntry, suggestion: Suggestion, today: str) -> None:
    """Write ``suggestion`` into ``entry``: fuzzy (unless reviewed) with a provenance comment."""
    entry.msgstr = suggestion.text
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    if not suggestion.reviewed:
        entry.flags.append("fuzzy")
    entry.previous_msgid = None
    entry.previous_msgctxt = None
    lines = [ln for ln in (entry.tcomment or "").splitlines() if not _MT_RE.match(ln)]
    lines.append(
        f"{MT_PREFIX}{suggestion.engine} {today} score={suggestion.score} "
        f"src={source_hash(entry.msgctxt, entry.msgid)}"
        + (f" {suggestion.note}" if suggestion.note else "")
        + (f" origin={suggestion.origin}" if suggestion.origin else "")
    )
    entry.tcomment = "\n".join(lines)


def needs_work(entry: polib.POEntry, refresh_fuzzy: bool, chain: Sequence[str]) -> bool:
    """Whether the run may write ``entry``.

    Empty entries always; with ``refresh_fuzzy`` also fuzzy machine output that is stale: made
    for another source text (the English changed) or by an engine outside the current chain.
    Reviewed or human-written translations are never touched.
    """
    if entry.obsolete or entry.msgid_plural:
        return False
    state = entry_state(entry)  # the one review rule (trilingual.catalog)
    if state == "untranslated":
        return True
    if not refresh_fuzzy or state != "fuzzy":
        return False
    made = mt_comment(entry)
    if made is None:
        return False
    current = made["src"] == source_hash(entry.msgctxt, entry.msgid) and made["engine"] in chain
    return not current


def term_warnings(glossary: Glossary, lang: str, msgid: str, translation: str) -> list[str]:
    """Glossary terms present in ``msgid`` whose ``lang`` equivalent the translation lacks: the
    terminology check's own matching rule (:func:`trilingual.glossary.missing_terms`)."""
    return [f"glossary term {describe_missing(term, lang)}"
            for term in missing_terms(glossary, lang, msgid, translation)]
