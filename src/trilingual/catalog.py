"""Catalogs from documents: the POT of an article and the update of its be/ru PO files.

The update follows ``msgmerge --previous``: an unchanged sentence keeps its translation, an
edited one receives the closest old translation marked fuzzy with ``#| msgid``, a removed one
becomes obsolete. Fuzzy candidates are found through an inverted-word index over the old entries
that lost their sentence, so the cost grows with the number of edits, not catalog size squared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

import polib

from trilingual.document import Document
from trilingual.placeholder import describe_placeholders
from trilingual.po import Key, entry_key, new_entry, now_stamp
from trilingual.po.header import catalog_header, plural_forms_of, template_header

if TYPE_CHECKING:
    from trilingual.fuzzy import FuzzyIndex

__all__ = [
    "FUZZY_CUTOFF",
    "EntryState",
    "TranslationLike",
    "UpdateStats",
    "build_template",
    "entry_state",
    "has_translation",
    "is_reviewed",
    "template_view",
    "update_po",
]

FUZZY_CUTOFF = 60.0  # like msgmerge's 0.6 similarity threshold
_HEADER_PLACEHOLDER = "YEAR-MO-DA HO:MI+ZONE"

EntryState = Literal["translated", "fuzzy", "untranslated"]


class TranslationLike(Protocol):
    """What the review state needs of an entry: a ``polib.POEntry`` or the fast reader's
    :class:`trilingual.po.Translation`."""

    @property
    def msgstr(self) -> str: ...
    @property
    def flags(self) -> Sequence[str]: ...
    @property
    def msgid_plural(self) -> str: ...
    @property
    def msgstr_plural(self) -> Mapping[int, str]: ...


def entry_state(entry: TranslationLike) -> EntryState:
    """The one definition of an entry's review state, used by every command:

    - ``untranslated``: the msgstr is empty (a plural entry: any of its forms is empty);
    - ``fuzzy``: filled, but flagged ``fuzzy`` (a draft: machine, memory or an edited source);
    - ``translated``: filled and not fuzzy, i.e. reviewed.

    Obsolete entries have a state too: callers that only want live entries filter them first.
    """
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        filled = bool(forms) and all(forms.values())
    else:
        filled = bool(entry.msgstr)
    if not filled:
        return "untranslated"
    return "fuzzy" if "fuzzy" in entry.flags else "translated"


def is_reviewed(entry: TranslationLike) -> bool:
    """True when ``entry`` holds a reviewed translation (:func:`entry_state` is 'translated')."""
    return entry_state(entry) == "translated"


def build_template(doc: Document, slug: str, created: str) -> polib.POFile:
    """The POT of one article: one entry per distinct (msgctxt, msgid), in document order."""
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = template_header(slug, created)
    pot.metadata_is_fuzzy = True
    seen: dict[Key, polib.POEntry] = {}
    # dicts as ordered sets: a sentence repeated thousands of times stays linear
    comments: dict[Key, dict[str, None]] = {}
    occurrences: dict[Key, dict[tuple[str, str], None]] = {}
    path = doc.path
    for segment in doc.segments:
        key = (segment.msgctxt, segment.msgid)
        entry = seen.get(key)
        if entry is None:
            entry = new_entry(msgid=segment.msgid, msgstr="", msgctxt=segment.msgctxt)
            seen[key] = entry
            comments[key] = comment = {segment.block: None}
            occurrences[key] = {(path, str(segment.line)): None}
            pot.append(entry)
        else:
            comment = comments[key]
            comment[segment.block] = None
            occurrences[key][(path, str(segment.line))] = None
        if segment.placeholders:
            for line in describe_placeholders(segment.placeholders):
                comment[line] = None
    for key, entry in seen.items():
        entry.comment = "\n".join(comments[key])
        entry.occurrences = list(occurrences[key])
    return pot


@dataclass
class UpdateStats:
    """What an update did to one PO file."""

    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsoleted: int = 0
    dropped_empty: int = 0
    fuzzy_pairs: list[tuple[str, str]] = field(default_factory=list)


def template_view(pot: polib.POFile, lang: str, slug: str) -> tuple[polib.POFile, UpdateStats]:
    """What ``update_po(None, pot, lang, slug)`` returns, for writing only: the new catalog
    shares the template's entry objects instead of copying them (extract formats it at once;
    copying 300 entries per language was a sixth of extracting a new article)."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = catalog_header(lang, slug, pot.metadata)
    po.extend(pot)
    return po, UpdateStats(new=len(pot))


def update_po(
    old: polib.POFile | None, pot: polib.POFile, lang: str, slug: str
) -> tuple[polib.POFile, UpdateStats]:
    """Merge ``pot`` into ``old`` (or a new catalog) with ``msgmerge --previous`` semantics."""
    stats = UpdateStats()
    po = _updated_header(old, pot, lang, slug)
    old_active: dict[Key, polib.POEntry] = {}
    old_obsolete: dict[Key, polib.POEntry] = {}
    if old is not None:
        old_active = {entry_key(e): e for e in old if not e.obsolete}
        old_obsolete = {entry_key(e): e for e in old if e.obsolete}

    new_keys = {entry_key(e) for e in pot}
    # old translated entries whose sentence is gone: fuzzy candidates
    orphans = [
        e for k, e in old_active.items() if k not in new_keys and e.msgstr and not e.msgid_plural
    ]
    if orphans:
        from trilingual.fuzzy import FuzzyIndex  # rapidfuzz: only when something moved

        index: FuzzyIndex | None = FuzzyIndex([e.msgid for e in orphans])
    else:
        index = None
    used: set[int] = set()  # ids of orphans that seeded a fuzzy entry
    for template in pot:
        key = entry_key(template)
        entry = new_entry(
            msgid=template.msgid, msgctxt=template.msgctxt, msgstr="",
            comment=template.comment, occurrences=list(template.occurrences),
        )
        source = old_active.get(key) or old_obsolete.pop(key, None)
        if source is not None:
            entry.msgstr = source.msgstr
            entry.flags = list(source.flags)
            entry.tcomment = source.tcomment
            if "fuzzy" in source.flags:
                entry.previous_msgid = source.previous_msgid
                entry.previous_msgctxt = source.previous_msgctxt
            stats.kept += 1
        elif index is not None and (match := index.best(template.msgid, cutoff=FUZZY_CUTOFF)):
            old_entry = orphans[match[0]]
            used.add(id(old_entry))
            entry.msgstr = old_entry.msgstr
            entry.tcomment = old_entry.tcomment
            entry.flags = [f for f in old_entry.flags if f != "fuzzy"] + ["fuzzy"]
            entry.previous_msgid = old_entry.msgid
            entry.previous_msgctxt = (
                old_entry.msgctxt if old_entry.msgctxt != template.msgctxt else None
            )
            stats.fuzzy += 1
            stats.fuzzy_pairs.append((old_entry.msgid, template.msgid))
        else:
            stats.new += 1
        po.append(entry)
    _append_obsolete(po, stats, old_active, new_keys, used)
    for old_entry in old_obsolete.values():
        po.append(old_entry)
    return po, stats


def _updated_header(
    old: polib.POFile | None, pot: polib.POFile, lang: str, slug: str
) -> polib.POFile:
    """An empty catalog with the header of ``old`` (or a new one), dated like ``pot``."""
    po = polib.POFile(wrapwidth=79)
    if old is None:
        po.metadata = catalog_header(lang, slug, pot.metadata)
        return po
    po.metadata = dict(old.metadata)
    po.metadata_is_fuzzy = old.metadata_is_fuzzy
    po.header = old.header
    po.metadata["POT-Creation-Date"] = pot.metadata.get("POT-Creation-Date") or now_stamp()
    po.metadata.setdefault("Language", lang)
    po.metadata.setdefault("Content-Type", "text/plain; charset=UTF-8")
    po.metadata.setdefault("Plural-Forms", plural_forms_of(lang))
    return po


def _append_obsolete(
    po: polib.POFile, stats: UpdateStats, old_active: dict[Key, polib.POEntry],
    new_keys: set[Key], used: set[int],
) -> None:
    """Obsolete entries for the translated ones that disappeared and did not seed a fuzzy
    match (an untranslated one is dropped)."""
    for key, old_entry in old_active.items():
        if key in new_keys:
            continue
        if not has_translation(old_entry):
            stats.dropped_empty += 1
            continue
        if id(old_entry) in used:
            continue
        gone = polib.POEntry(
            msgid=old_entry.msgid, msgctxt=old_entry.msgctxt, msgstr=old_entry.msgstr,
            flags=list(old_entry.flags), tcomment=old_entry.tcomment, obsolete=True,
        )
        if old_entry.msgid_plural:  # a hand-made plural entry: keep every form
            gone.msgid_plural = old_entry.msgid_plural
            gone.msgstr_plural = dict(old_entry.msgstr_plural)
        po.append(gone)
        stats.obsoleted += 1


def has_translation(entry: polib.POEntry) -> bool:
    """True when a translator wrote something into ``entry`` (msgstr or any plural form)."""
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())
