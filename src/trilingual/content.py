"""What in a catalog is content and what is layout: the one notion of "outdated".

Translators save catalogs with many tools (Poedit, Lokalize, Weblate's Translate Toolkit writer,
polib scripts, ``msgcat``/``msgattrib``, text editors). They wrap lines differently (or not at
all), order header fields differently, stamp their own header fields, add an empty ``#`` line,
leave ``#|`` on an entry they reviewed, or order entries differently. None of that is content:
a catalog is *outdated* only when what ``extract`` would write differs in what
:func:`catalog_content` keeps, and the guarded save (:mod:`trilingual.guarded`) compares entries
through :func:`entry_content`, so a re-save by any tool never counts as an edit.

Content of an entry: msgctxt, msgid, msgid_plural, the translation(s), the flags (``fuzzy`` only
on a translated entry, as GNU tools write it), translator comments (empty lines dropped),
extracted comments, references (duplicates and ``./`` dropped, as msgcat does), and the
``#|`` previous strings of a fuzzy entry. Content of a catalog: its live entries by
(msgctxt, msgid) in any order, its obsolete entries that hold a translation (in any order), and
its header fields except the ones PO editors stamp on every save (:data:`LAYOUT_HEADERS`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polib

from trilingual.po import entry_key
from trilingual.po.entry_scan import scan_translations

LAYOUT_HEADERS = frozenset({
    "X-Generator", "Last-Translator", "PO-Revision-Date", "Language-Team", "POT-Creation-Date",
})
"""Header fields that are not content: PO editors rewrite them on every save, and extract
stamps ``POT-Creation-Date`` (a template whose entries did not change keeps its date)."""

EntryContent = tuple[Any, ...]


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line for line in (text or "").split("\n") if line.strip())


def _translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def _flags(entry: polib.POEntry) -> frozenset[str]:
    flags = {f.strip() for f in entry.flags if f.strip()}
    if not _translated(entry):
        flags.discard("fuzzy")  # GNU tools drop it from an untranslated entry
    return frozenset(flags)


def _references(entry: polib.POEntry) -> tuple[tuple[str, str], ...]:
    refs: dict[tuple[str, str], None] = {}
    for name, line in entry.occurrences:
        while name.startswith("./"):
            name = name[2:]
        refs[(name, "" if line in (None, "") else str(line))] = None
    return tuple(refs)


def entry_content(entry: polib.POEntry) -> EntryContent:
    """The content of one entry (layout left out); equal values mean the same entry."""
    flags = _flags(entry)
    fuzzy = "fuzzy" in flags
    return (
        entry.msgctxt, entry.msgid, entry.msgid_plural or None, entry.msgstr,
        tuple(sorted((int(k), v) for k, v in entry.msgstr_plural.items())), flags,
        _lines(entry.tcomment), _lines(entry.comment), _references(entry),
        # a "#|" left on a reviewed entry is a leftover, not a state
        (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural)
        if fuzzy else None,
    )


def header_content(po: polib.POFile) -> tuple[tuple[str, str], ...]:
    """The header fields that are content, in a fixed order."""
    return tuple(sorted(
        (key, value.strip()) for key, value in po.metadata.items() if key not in LAYOUT_HEADERS
    ))


def live(po: Iterable[polib.POEntry]) -> dict[tuple[str | None, str], polib.POEntry]:
    """Live (not obsolete) entries by (msgctxt, msgid); the header entry is not among them."""
    return {entry_key(e): e for e in po if not e.obsolete and (e.msgid or e.msgctxt)}


def obsolete_content(po: Iterable[polib.POEntry]) -> tuple[EntryContent, ...]:
    """The obsolete entries a GNU tool writes (those holding a translation), in a fixed order."""
    return tuple(sorted(
        (entry_content(e) for e in po if e.obsolete and _translated(e)), key=repr
    ))


def catalog_content(po: polib.POFile) -> tuple[Any, ...]:
    """The content of a whole catalog (see the module docstring); order and layout left out."""
    entries = live(po)
    return (
        header_content(po),
        frozenset((key, entry_content(e)) for key, e in entries.items()),
        len(entries),
        obsolete_content(po),
    )


def other_entries(text: str, po: polib.POFile) -> bool:
    """Whether catalog ``text`` certainly holds other live entries than ``po`` (so not the
    same content), found by a scan of msgcat's layout without building entries; ``False``
    when the scan cannot tell (another layout): then compare with :func:`same_content`."""
    scanned = scan_translations(text)
    return scanned is not None and scanned[0].keys() != live(po).keys()


def same_content(a: polib.POFile, b: polib.POFile) -> bool:
    """Whether two catalogs hold the same content (layout differences do not count):
    ``catalog_content(a) == catalog_content(b)``, stopping at the first difference (after an
    edit the entries' keys usually differ already, and nothing else is computed)."""
    entries_a, entries_b = live(a), live(b)
    if entries_a.keys() != entries_b.keys() or header_content(a) != header_content(b):
        return False
    if any(entry_content(e) != entry_content(entries_b[k]) for k, e in entries_a.items()):
        return False
    return obsolete_content(a) == obsolete_content(b)
