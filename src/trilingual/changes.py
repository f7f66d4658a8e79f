"""What ``extract --dry-run`` would change, per catalog: entries new, fuzzy, obsolete (with their
msgids), and a unified diff of every file (``--diff``).

The new contents come from the dry run itself (:attr:`ExtractReport.texts`), so the listing is
exactly what a real run would write; the old ones are the files on disk.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import polib

from trilingual.extract import ExtractReport
from trilingual.po import Key, entry_key, parse_po_text
from trilingual.project import Project


@dataclass
class CatalogChanges:
    """Entry-level changes of one POT or PO file."""

    path: str
    created: bool = False
    new: list[str] = field(default_factory=list)  # msgids of new (empty) entries
    fuzzy: list[tuple[str, str]] = field(default_factory=list)  # (msgid, previous msgid)
    obsolete: list[str] = field(default_factory=list)  # msgids moved to obsolete
    removed: list[str] = field(default_factory=list)  # template only: msgids gone
    other: bool = False  # the file changes otherwise (header, references, comments)

    @property
    def empty(self) -> bool:
        """True when no entry changes (only the layout or the header does)."""
        return not (self.new or self.fuzzy or self.obsolete or self.removed)


def _label(entry: polib.POEntry) -> str:
    return entry.msgid if entry.msgctxt is None else f"[{entry.msgctxt}] {entry.msgid}"


def _entries(text: str, rel: str) -> dict[Key, polib.POEntry]:
    return {entry_key(e): e for e in parse_po_text(text, rel) if e.msgid}


def compare_catalogs(rel: str, old_text: str | None, new_text: str) -> CatalogChanges:
    """The entry-level difference between two versions of a catalog or template."""
    out = CatalogChanges(rel, created=old_text is None)
    old = _entries(old_text, rel) if old_text is not None else {}
    new = _entries(new_text, rel)
    template = rel.endswith(".pot")
    for key, entry in new.items():
        before = old.get(key)
        if entry.obsolete:
            if before is not None and not before.obsolete:
                out.obsolete.append(_label(entry))
            continue
        if before is not None and not before.obsolete:
            continue
        if not template and "fuzzy" in entry.flags and entry.previous_msgid:
            out.fuzzy.append((_label(entry), entry.previous_msgid))
        else:
            out.new.append(_label(entry))
    if template:
        out.removed = [_label(e) for k, e in old.items() if k not in new and not e.obsolete]
    out.other = out.empty
    return out


def _old_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def report_changes(project: Project, report: ExtractReport) -> list[CatalogChanges]:
    """Per file a dry run would write, what changes in it."""
    out = []
    for path in report.written:
        new = report.texts.get(path)
        if new is None:
            continue
        rel = project.relpath(path)
        out.append(compare_catalogs(rel, _old_text(path), new.decode("utf-8")))
    return out


def format_changes(changes: list[CatalogChanges]) -> list[str]:
    """Lines for the terminal: one per file, then one per changed entry."""
    lines = []
    for c in changes:
        head = f"would {'create' if c.created else 'update'} {c.path}"
        counts = [f"{len(c.new)} new"]
        if not c.path.endswith(".pot"):
            counts += [f"{len(c.fuzzy)} fuzzy", f"{len(c.obsolete)} obsolete"]
        else:
            counts.append(f"{len(c.removed)} removed")
        detail = ", ".join(counts) if not c.other else "header, references or comments only"
        lines.append(f"{head}: {detail}")
        if c.created:
            continue  # a new catalog: every entry is new, the template lists them
        lines.extend(f"  new: {m}" for m in c.new)
        for msgid, previous in c.fuzzy:
            lines.append(f"  fuzzy: {msgid}")
            lines.append(f"     was: {previous}")
        lines.extend(f"  obsolete: {m}" for m in c.obsolete)
        lines.extend(f"  removed: {m}" for m in c.removed)
    return lines


def unified_diffs(project: Project, report: ExtractReport) -> str:
    """A unified diff (``a/`` old, ``b/`` new) of every file a dry run would write."""
    parts: list[str] = []
    for path in report.written:
        new = report.texts.get(path)
        if new is None:
            continue
        rel = project.relpath(path)
        old = _old_text(path)
        parts.extend(difflib.unified_diff(
            (old or "").splitlines(keepends=True), new.decode("utf-8").splitlines(keepends=True),
            fromfile="/dev/null" if old is None else f"a/{rel}", tofile=f"b/{rel}",
        ))
    return "".join(parts)
