"""The catalogs of a ``translate`` run: read and validated up front, saved guarded as it goes.

A run reads and validates every catalog it will touch (each language, each article; the memory
reads them all) before any engine is called or any file is written: a broken catalog stops the
run with nothing changed. It keeps only the catalogs with entries to fill.

Catalogs are saved every :data:`SAVE_INTERVAL` seconds (longer when a save is slow: saving takes
at most a tenth of the run, so a huge catalog is not rewritten per batch) and at the end, also
after an error or Ctrl-C; a kill loses at most the drafts of the last interval, which the cache
answers for free. Every save goes through :func:`trilingual.guarded.save_guarded`: a
translator's save that landed meanwhile is merged (only entries still empty on disk are
filled), never overwritten.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from trilingual.guarded import Snapshot, read_snapshot, reload_into, save_guarded
from trilingual.po import (
    check_plurals,
    decode_catalog,
    entry_key,
    format_po,
    parse_po_text,
    read_po,
)
from trilingual.project import Project
from trilingual.translate.report import Notice, TranslateReport

SAVE_INTERVAL = 10.0  # seconds between catalog saves during a run (and one at the end)
SAVE_SHARE = 10  # ... or this many times the last save's duration, if longer


@dataclass
class RunCatalog:
    """A catalog the run fills, with the snapshot its guarded saves compare against."""

    slug: str
    path: Path
    po: polib.POFile
    snapshot: Snapshot
    dirty: bool = False
    stopped: bool = False  # a save was refused: the file is left to its other writer


class RunCatalogs:
    """Per language, the catalogs of this run's articles that have entries to fill."""

    def __init__(self, project: Project, report: TranslateReport, *, dry_run: bool) -> None:
        self.project = project
        self.report = report
        self.dry_run = dry_run
        self.by_lang: dict[str, dict[str, RunCatalog]] = {}
        self.missing: set[tuple[str, str]] = set()  # (slug, lang) without a catalog
        self._saved_at = time.monotonic()
        self._save_every = SAVE_INTERVAL

    def of(self, lang: str) -> dict[str, RunCatalog]:
        """The catalogs of ``lang`` this run works on (those with entries to fill)."""
        return self.by_lang.setdefault(lang, {})

    def read(self, lang: str, slug: str) -> tuple[Path, polib.POFile | None, Snapshot]:
        """Read and validate one catalog (None when it does not exist), and its snapshot."""
        path = self.project.po_path(lang, slug)
        rel = self.project.relpath(path)
        snapshot = read_snapshot(path, rel)
        if snapshot.data is None:
            self.missing.add((slug, lang))
            return path, None, snapshot
        po = parse_po_text(decode_catalog(snapshot.data, rel), rel)
        po.fpath = str(path)
        check_plurals(po, path, rel)
        return path, po, snapshot

    def load(
        self, lang: str, slugs: Iterable[str], targets: set[str],
        has_work: Callable[[polib.POEntry], bool],
        collect: Callable[[polib.POFile], None] | None = None,
    ) -> None:
        """Read and validate the catalogs of ``slugs``; keep those of ``targets`` with an entry
        ``has_work``; hand every catalog read to ``collect`` (the memory), then drop it."""
        loaded = self.of(lang)
        for slug in slugs:
            if slug in loaded or (slug, lang) in self.missing:
                continue
            path, po, snapshot = self.read(lang, slug)
            if po is None:
                continue
            if collect is not None:
                collect(po)
            if slug in targets and any(has_work(e) for e in po):
                loaded[slug] = RunCatalog(slug, path, po, snapshot)

    def save(self, *, final: bool = False) -> None:
        """Save the changed catalogs, guarded, when the save interval is over (or ``final``)."""
        started = time.monotonic()
        if self.dry_run or (not final and started - self._saved_at < self._save_every):
            return
        for catalogs in self.by_lang.values():
            for catalog in catalogs.values():
                if catalog.dirty and not catalog.stopped:
                    self._save_one(catalog)
        self._saved_at = time.monotonic()
        self._save_every = max(SAVE_INTERVAL, SAVE_SHARE * (self._saved_at - started))

    def _save_one(self, catalog: RunCatalog) -> None:
        rel = self.project.relpath(catalog.path)
        result = save_guarded(
            catalog.path, catalog.snapshot, format_po(catalog.po), rel=rel, fill_empty=True
        )
        catalog.dirty = False
        if result.refused:
            catalog.stopped = True
            self.report.refused.append(
                f"{result.message}; run translate again (paid answers come from the cache)"
            )
            return
        if result.merged and result.text is not None:
            reload_into(catalog.po, result.text, rel)  # their changes are ours from now on
            if result.kept:
                self.report.notices.append(Notice(rel, 1, "warning", (
                    f"{result.kept} suggestion(s) not written: those entries were changed on "
                    "disk during the run (kept as saved there)"
                )))
        catalog.snapshot = result.snapshot
        if result.written and catalog.path not in self.report.written:
            self.report.written.append(catalog.path)

    def relocate_notices(self) -> None:
        """Point notices at the lines of the catalogs as written: a rewritten catalog's
        entries moved (drafts and ``MT:`` lines were added above them)."""
        lines: dict[str, dict[tuple[str | None, str], int]] = {}
        for path in self.report.written:
            rel = self.project.relpath(path)
            lines[rel] = {entry_key(e): e.linenum or 1 for e in read_po(path, rel)}
        self.report.notices = [
            replace(n, line=lines[n.path].get(n.key, n.line))
            if n.key is not None and n.path in lines else n
            for n in self.report.notices
        ]
