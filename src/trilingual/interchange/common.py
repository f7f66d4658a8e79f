"""What the interchange formats share: the project's catalogs, XML text rules, one writer.

Every import that changes catalogs goes through :func:`update_catalogs`: it takes the project
lock, reads each catalog, lets the caller change its entries, and writes the changed ones
through the guarded save (:mod:`trilingual.guarded`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from trilingual.errors import CatalogError
from trilingual.guarded import Snapshot, read_snapshot, require_saved, save_guarded
from trilingual.lock import project_lock
from trilingual.po import check_plurals, decode_catalog, format_po, parse_po_text, read_po
from trilingual.project import Project

# XML 1.0 cannot carry these characters at all (not even as character references)
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_unwritable(text: str, where: str, line: int | None = None) -> CatalogError | None:
    """The error to raise when ``text`` holds a character XML cannot carry, else ``None``."""
    bad = XML_INVALID_RE.search(text)
    if bad is None:
        return None
    return CatalogError(
        f"character U+{ord(bad.group(0)):04X} cannot be written to XML", path=where, line=line
    )


def xml_escape(text: str) -> str:
    """``text`` escaped for XML character data and attribute values; the caller has checked
    it with :func:`xml_unwritable` (a whole document at once is the fast way)."""
    # four replaces: C loops that copy nothing when there is nothing to replace (str.translate
    # is 60 times slower on Cyrillic text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def xml_text(text: str, where: str) -> str:
    """``text`` checked (:func:`xml_unwritable`) and escaped for XML."""
    error = xml_unwritable(text, where)
    if error is not None:
        raise error
    return xml_escape(text)


def lang_matches(value: str | None, lang: str) -> bool:
    """``be-BY``, ``BE``, ``be_BY`` all name ``be`` (primary subtag, any case)."""
    if not value:
        return False
    return re.split(r"[-_]", value, maxsplit=1)[0].lower() == lang.split("_")[0].lower()


def tmx_date(raw: str) -> str:
    """A ``PO-Revision-Date`` as a TMX/ISO basic date (``20261122T055900Z``)."""
    try:
        when = datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M%z")
    except ValueError:
        return "19700101T000000Z"
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass
class Catalog:
    """One article's catalog in one language, as read."""

    lang: str
    slug: str
    path: Path
    rel: str
    po: polib.POFile


def iter_catalogs(
    project: Project, langs: list[str], slugs: list[str] | None = None
) -> Iterator[Catalog]:
    """Every existing catalog of ``langs`` (article order within a language)."""
    for lang in langs:
        project.check_language(lang)
        for slug in slugs if slugs is not None else project.slugs():
            path = project.po_path(lang, slug)
            if not path.exists():
                continue
            rel = project.relpath(path)
            yield Catalog(lang, slug, path, rel, read_po(path, rel))


Editor = Callable[[Catalog], bool]


def update_catalogs(project: Project, targets: list[tuple[str, str]], edit: Editor) -> list[str]:
    """Read each ``(lang, slug)`` catalog, let ``edit`` change it (it returns whether it did),
    and write the changed ones under the project lock through the guarded save (a translator's
    save made meanwhile is merged, never overwritten). Nothing is written when any catalog
    cannot be read or ``edit`` raises. Returns the relative paths written."""
    with project_lock(project):
        pending: list[tuple[Path, str, Snapshot, str]] = []
        for lang, slug in targets:
            path = project.po_path(lang, slug)
            rel = project.relpath(path)
            snap = read_snapshot(path, rel)
            if snap.data is None:
                raise CatalogError("no such catalog (run 'trilingual extract')", path=rel)
            po = parse_po_text(decode_catalog(snap.data, rel), rel)
            po.fpath = str(path)
            check_plurals(po, path, rel)
            catalog = Catalog(lang, slug, path, rel, po)
            if edit(catalog):
                text = format_po(po)
                if text.encode("utf-8") != snap.data:
                    pending.append((path, rel, snap, text))
        written: list[str] = []
        for path, rel, snap, text in pending:
            result = save_guarded(path, snap, text, rel=rel)
            require_saved(result)
            if result.written:
                written.append(rel)
        return written
