"""The ``translate`` workflow: fill empty entries from a chain of engines, never paying twice.

For each language, the entries to fill (empty ones; with ``refresh_fuzzy`` also stale fuzzy
machine output) go through the configured engines in order; the first suggestion wins. Every
suggestion is written fuzzy with a translator comment ``MT: <engine> <date> score=<n>
src=<hash>`` (``src`` is a digest of the msgid the suggestion was made for), except memory exact
matches the config accepts as reviewed.

A machine draft (of a paid engine) is written only when it passes the verification checks
(:mod:`trilingual.engines.verify`); otherwise the entry goes on to the next engine, and an entry
no engine filled is reported with every engine's reasons.

Paid engines go through the persistent cache first (keyed on engine, options, languages,
glossary version, context and text), identical requests of a run are sent once, batches respect
the engine's limits, and every answer is saved to the cache and the usage ledger before the next
request is sent: an interrupted run loses nothing that was paid for. Catalogs are saved every
:data:`SAVE_INTERVAL` seconds (longer when a save is slow: saving takes at most a tenth of the
run, so a huge catalog is not rewritten per batch) and at the end, also after an error or
Ctrl-C; a kill loses at most the drafts of the last interval, which the cache answers for free.
Every save goes through :func:`trilingual.guarded.save_guarded`: a translator's save that
landed meanwhile is merged (only entries still empty on disk are filled), never overwritten.

A run takes the project lock first, then reads and validates every catalog it will touch (each
language, each article; the memory reads them all) before any engine is called or any file is
written: a broken catalog stops the run with nothing changed. That pass keeps only what the run
needs: the catalogs with entries to fill, and for the memory the (msgctxt, msgid, msgstr) of
reviewed entries (the first of each (msgctxt, msgid): later ones never change a lookup), so a
run over thousands of catalogs holds a few hundred of them, not all.
"""

from __future__ import annotations

import datetime as _dt
import json
import marshal
import sqlite3
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from trilingual.config import CONFIG_NAME
from trilingual.engines import (
    Engine,
    EngineEnv,
    Rejected,
    Request,
    Suggestion,
    call_engine,
    create_engine,
)
from trilingual.engines.provenance import (
    apply_suggestion,
    needs_work,
    term_warnings,
)
from trilingual.engines.verify import Verifier, verifies
from trilingual.errors import ConfigError, EngineAnswerLost, EngineError, LockError, UsageError
from trilingual.glossary import load_glossary
from trilingual.guarded import Snapshot, read_snapshot, reload_into, save_guarded
from trilingual.ledger import UsageRecord, append_usage
from trilingual.lock import project_lock
from trilingual.mtcache import CACHE_NAME, CacheKey, MTCache
from trilingual.po import check_plurals, decode_catalog, format_po, parse_po_text, read_po
from trilingual.project import Project
from trilingual.source import read_document

_REJECTED = "\0rejected\0"  # cache marker: the engine answered, the answer was unusable
LEFT_NO_SUGGESTION = "no suggestion"  # why an entry was left empty (the run's summary)
LEFT_REJECTED = "draft failed verification"
SAVE_INTERVAL = 10.0  # seconds between catalog saves during a run (and one at the end)
SAVE_SHARE = 10  # ... or this many times the last save's duration, if longer


@dataclass(frozen=True)
class TranslateOptions:
    """What ``trilingual translate`` was asked to do."""

    engines: tuple[str, ...] | None = None  # None: the configured chain
    languages: tuple[str, ...] | None = None  # None: every configured language
    slugs: tuple[str, ...] | None = None  # None: every article
    dry_run: bool = False
    refresh_fuzzy: bool = False


@dataclass(frozen=True)
class Notice:
    """Something a translator should look at, located in a catalog."""

    path: str
    line: int
    level: str  # 'warning' | 'error'
    message: str
    key: tuple[str | None, str] | None = field(default=None, compare=False)  # the entry's

    def format(self) -> str:
        """``file:line: level: message``."""
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


@dataclass
class PlanRow:
    """Per language, article and engine: what was (or, in a dry run, would be) done."""

    lang: str
    slug: str
    engine: str
    filled: int = 0  # entries that received a suggestion
    sent: int = 0  # segments sent to a paid engine (after cache and de-duplication)
    chars: int = 0  # characters billed (estimated in a dry run)
    cached: int = 0  # segments answered by the cache
    tokens: int = 0  # tokens billed by engines billed per token (estimated in a dry run)


@dataclass
class TranslateReport:
    """Outcome of a run."""

    run: str
    dry_run: bool
    rows: dict[tuple[str, str, str], PlanRow] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    # entries left empty per (lang, reason): 'no suggestion' | 'draft failed verification'
    left: dict[tuple[str, str], int] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # catalogs left alone (one line each)

    def row(self, lang: str, slug: str, engine: str) -> PlanRow:
        """The row of (lang, slug, engine), created on first use."""
        key = (lang, slug, engine)
        if key not in self.rows:
            self.rows[key] = PlanRow(lang, slug, engine)
        return self.rows[key]

    @property
    def chars(self) -> int:
        """Characters billed (or to be billed) in this run."""
        return sum(r.chars for r in self.rows.values())

    @property
    def tokens(self) -> int:
        """Tokens billed (or to be billed) in this run."""
        return sum(r.tokens for r in self.rows.values())

    @property
    def sent(self) -> int:
        """Segments sent (or to be sent) to paid engines."""
        return sum(r.sent for r in self.rows.values())

    @property
    def filled(self) -> int:
        """Entries that received a suggestion."""
        return sum(r.filled for r in self.rows.values())


class Progress:
    """Progress callbacks of a run; the base class ignores them (library use, tests)."""

    def start(self, lang: str, engine: str, segments: int, chars: int) -> None:
        """A paid engine is about to send ``segments`` texts into ``lang``."""

    def advance(self, segments: int, chars: int) -> None:
        """A batch is finished and saved."""

    def log(self, message: str) -> None:
        """A one-line event worth telling the user."""

    def finish(self) -> None:
        """The engine is done with the language."""


@dataclass
class _Item:
    slug: str
    entry: polib.POEntry
    request: Request
    done: bool = False
    rejected: bool = False  # an engine's draft failed verification
    reasons: list[str] = field(default_factory=list)  # why engines' drafts were not written


@dataclass
class _Catalog:
    slug: str
    path: Path
    po: polib.POFile
    snapshot: Snapshot
    dirty: bool = False
    stopped: bool = False  # a save was refused: the file is left to its other writer


class _MemoryCollector:
    """The memory's entries of one language, gathered catalog by catalog in article order.

    Reviewed entries only (not fuzzy, not empty, not obsolete, no plural), and of each
    (msgctxt, msgid) only the first: the memory answers a msgid with the first translation of
    the same msgctxt, else the first of any, so later twins never change an answer.
    """

    def __init__(self) -> None:
        self.entries: list[tuple[str | None, str, str]] = []
        self._seen: set[tuple[str | None, str]] = set()

    def add(self, po: polib.POFile) -> None:
        seen = self._seen
        for e in po:
            if e.msgstr and not e.obsolete and "fuzzy" not in e.flags and not e.msgid_plural:
                key = (e.msgctxt, e.msgid)
                if key not in seen:
                    seen.add(key)
                    self.entries.append((e.msgctxt, e.msgid, e.msgstr))

    def pack(self) -> bytes:
        """The entries, compressed: a language waiting for its turn holds a few MB, not tens
        (sentences repeat a lot across articles). Unpacked, the strings are laid out afresh
        instead of scattered among the freed catalogs they were read with."""
        return zlib.compress(marshal.dumps(self.entries), 1)

    @staticmethod
    def unpack(data: bytes) -> list[tuple[str | None, str, str]]:
        """The entries of :meth:`pack`."""
        entries: list[tuple[str | None, str, str]] = marshal.loads(zlib.decompress(data))
        return entries


class _Run:
    """State of one run; see :func:`translate_project`."""

    def __init__(
        self, project: Project, options: TranslateOptions, progress: Progress,
        environ: dict[str, str] | None, today: str,
    ) -> None:
        config = project.config
        self.project = project
        self.options = options
        self.progress = progress
        self.today = today
        self.langs = list(options.languages or config.languages)
        for lang in self.langs:
            if lang not in config.languages:
                configured = ", ".join(config.languages)
                raise UsageError(f"language {lang!r} is not configured (languages: {configured})")
        all_slugs = project.slugs()
        if options.slugs:
            self.slugs = [project.resolve_slug(s) for s in options.slugs]
            for slug in self.slugs:
                project.article_path(slug)  # raises for a missing article
        else:
            self.slugs = all_slugs
        self.all_slugs = all_slugs
        self.chain = list(options.engines or config.engines)
        if not self.chain:
            raise UsageError("no engine configured (translate.engines in trilingual.yaml)")
        self.glossary = load_glossary(project.root)
        # per language, the catalogs of this run's articles that have entries to fill
        self.catalogs: dict[str, dict[str, _Catalog]] = {}
        self._missing: set[tuple[str, str]] = set()
        # per language, the memory's entries gathered while validating, packed (handed over once)
        self._memory_data: dict[str, bytes] = {}
        self._context_cache: dict[
            str, dict[tuple[str | None, str], tuple[str, tuple[str, ...]]]
        ] = {}
        self.env = EngineEnv(
            config=config, state_dir=project.state_dir, glossary=self.glossary,
            memory=self._memory_entries, environ=environ,
        )
        try:
            self.engines: list[Engine] = [create_engine(name, self.env) for name in self.chain]
        except UsageError as error:
            if options.engines:
                raise
            raise ConfigError(
                f"translate.engines: {error.message}", path=project.root / CONFIG_NAME
            ) from None
        self.report = TranslateReport(
            # start time plus a random tag: two runs in one second stay apart
            run=_dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ-") + uuid.uuid4().hex[:4],
            dry_run=options.dry_run,
        )
        self.cache: MTCache | None = None
        self.verifier = Verifier(self.glossary, config.check_disable)
        self._saved_at = time.monotonic()
        self._save_every = SAVE_INTERVAL

    def _open_cache(self) -> None:
        cache_path = self.project.state_dir / CACHE_NAME
        if any(e.billable for e in self.engines) and (
            not self.options.dry_run or cache_path.exists()
        ):
            self.cache = MTCache(cache_path)

    # -- catalogs --------------------------------------------------------------------------
    def _read(self, lang: str, slug: str) -> tuple[Path, polib.POFile | None, Snapshot]:
        """Read and validate one catalog (None when it does not exist), and its snapshot."""
        path = self.project.po_path(lang, slug)
        rel = self.project.relpath(path)
        snapshot = read_snapshot(path, rel)
        if snapshot.data is None:
            self._missing.add((slug, lang))
            return path, None, snapshot
        po = parse_po_text(decode_catalog(snapshot.data, rel), rel)
        po.fpath = str(path)
        check_plurals(po, path, rel)
        return path, po, snapshot

    def _catalogs(self, lang: str) -> dict[str, _Catalog]:
        """The catalogs of ``lang`` this run works on (those with entries to fill)."""
        return self.catalogs.setdefault(lang, {})

    def _load_catalogs(self) -> None:
        """Read and validate every catalog the run will touch, before anything is sent.

        Kept: the catalogs of this run's articles that have work, and the memory's entries;
        every other catalog is dropped once read.
        """
        reads_all = any(engine.uses_memory for engine in self.engines)
        targets = set(self.slugs)
        for lang in self.langs:
            loaded = self._catalogs(lang)
            memory = _MemoryCollector() if reads_all else None
            for slug in self.all_slugs if reads_all else self.slugs:
                if slug in loaded or (slug, lang) in self._missing:
                    continue
                path, po, snapshot = self._read(lang, slug)
                if po is None:
                    continue
                if memory is not None:
                    memory.add(po)
                if slug in targets and any(
                    needs_work(e, self.options.refresh_fuzzy, self.chain) for e in po
                ):
                    loaded[slug] = _Catalog(slug, path, po, snapshot)
            if memory is not None:
                self._memory_data[lang] = memory.pack()

    def _memory_entries(self, lang: str) -> list[tuple[str | None, str, str]]:
        """The memory of ``lang``: reviewed entries of every article's catalog, not only those
        of --article. Gathered by the validation pass and handed over once (the engine keeps
        its own index); asked again (a chain naming the memory twice), gathered again, from the
        catalogs as this run changed them."""
        if lang not in self._memory_data:
            memory = _MemoryCollector()
            working = self._catalogs(lang)
            for slug in self.all_slugs:
                po = working[slug].po if slug in working else self._read(lang, slug)[1]
                if po is not None:
                    memory.add(po)
            return memory.entries
        return _MemoryCollector.unpack(self._memory_data.pop(lang))

    def _save(self, *, final: bool = False) -> None:
        """Save the changed catalogs, guarded, when the save interval is over (or ``final``)."""
        started = time.monotonic()
        if self.options.dry_run or (not final and started - self._saved_at < self._save_every):
            return
        for catalogs in self.catalogs.values():
            for catalog in catalogs.values():
                if catalog.dirty and not catalog.stopped:
                    self._save_one(catalog)
        self._saved_at = time.monotonic()
        self._save_every = max(SAVE_INTERVAL, SAVE_SHARE * (self._saved_at - started))

    def _save_one(self, catalog: _Catalog) -> None:
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

    def _contexts(self, slug: str) -> dict[tuple[str | None, str], tuple[str, tuple[str, ...]]]:
        if slug in self._context_cache:
            return self._context_cache[slug]
        path = self.project.article_path(slug)
        doc = read_document(path, self.project.relpath(path), self.project.config.translatable_keys)
        out: dict[tuple[str | None, str], tuple[str, tuple[str, ...]]] = {}
        for segment in doc.segments:
            out.setdefault(
                (segment.msgctxt, segment.msgid), (segment.paragraph, segment.placeholders)
            )
        self._context_cache[slug] = out
        return out

    def _items(self, lang: str) -> list[_Item]:
        items = []
        catalogs = self._catalogs(lang)
        for slug in self.slugs:
            if (slug, lang) in self._missing:
                rel = self.project.relpath(self.project.po_path(lang, slug))
                self.report.notices.append(
                    Notice(rel, 1, "warning", "no catalog yet (run 'trilingual extract')")
                )
                continue
            catalog = catalogs.get(slug)
            if catalog is None:  # nothing to fill
                continue
            contexts: dict[tuple[str | None, str], tuple[str, tuple[str, ...]]] | None = None
            for entry in catalog.po:
                if not needs_work(entry, self.options.refresh_fuzzy, self.chain):
                    continue
                if contexts is None:
                    contexts = self._contexts(slug)
                paragraph, placeholders = contexts.get((entry.msgctxt, entry.msgid), ("", ()))
                request = Request(entry.msgid, entry.msgctxt, paragraph, placeholders)
                items.append(_Item(slug, entry, request))
        return items

    def _notice(self, lang: str, item: _Item, level: str, message: str) -> None:
        path = self.project.relpath(self.project.po_path(lang, item.slug))
        key = (item.entry.msgctxt, item.entry.msgid)
        self.report.notices.append(Notice(path, item.entry.linenum or 1, level, message, key))

    def _apply(self, lang: str, item: _Item, suggestion: Suggestion, engine: Engine) -> None:
        if verifies(engine):  # a machine draft is written only when it passes the checks
            problems = self.verifier.problems(item.request.msgid, suggestion.text, lang)
            if problems:
                self._reject(lang, item, Rejected("; ".join(problems), engine.id))
                return
        item.done = True
        self.report.row(lang, item.slug, engine.id).filled += 1
        for warning in suggestion.warnings:
            self._notice(lang, item, "warning", f"{engine.id}: {warning}")
        if engine.billable and engine.glossary_digest(lang) == "-":
            for warning in term_warnings(self.glossary, lang, item.entry.msgid, suggestion.text):
                self._notice(lang, item, "warning", f"{engine.id}: {warning}")
        if self.options.dry_run:
            return
        if not needs_work(item.entry, self.options.refresh_fuzzy, self.chain):
            return  # filled or reviewed on disk during the run (merged in by a save)
        apply_suggestion(item.entry, suggestion, self.today)
        self._catalogs(lang)[item.slug].dirty = True

    def _reject(self, lang: str, item: _Item, rejected: Rejected) -> None:
        item.rejected = True
        # reported once the chain is done, and only if no later engine filled the entry
        item.reasons.append(f"{rejected.engine}: left empty: {rejected.reason}")

    # -- engines ---------------------------------------------------------------------------
    def run(self) -> TranslateReport:
        try:
            self._load_catalogs()
            work = {lang: self._items(lang) for lang in self.langs}  # reads the articles
            self._open_cache()
            for lang, items in work.items():
                for engine in self.engines:
                    pending = [it for it in items if not it.done]
                    if not pending:
                        break
                    if engine.billable:
                        self._run_paid(engine, lang, pending)
                    else:
                        self._run_free(engine, lang, pending)
                for item in items:
                    for reason in [] if item.done else item.reasons:
                        self._notice(lang, item, "error", reason)
                if not self.options.dry_run:
                    for item in items:
                        if not item.done:
                            reason = LEFT_REJECTED if item.rejected else LEFT_NO_SUGGESTION
                            self.report.left[(lang, reason)] = (
                                self.report.left.get((lang, reason), 0) + 1)
        finally:
            try:
                self._save(final=True)  # also after an error or Ctrl-C: keep what is done
            finally:
                for engine in self.engines:
                    engine.close()
                if self.cache is not None:
                    self.cache.close()
        self._relocate_notices()
        return self.report

    def _relocate_notices(self) -> None:
        """Point notices at the lines of the catalogs as written: a rewritten catalog's
        entries moved (drafts and ``MT:`` lines were added above them)."""
        lines: dict[str, dict[tuple[str | None, str], int]] = {}
        for path in self.report.written:
            rel = self.project.relpath(path)
            lines[rel] = {(e.msgctxt, e.msgid): e.linenum or 1 for e in read_po(path, rel)}
        self.report.notices = [
            replace(n, line=lines[n.path].get(n.key, n.line))
            if n.key is not None and n.path in lines else n
            for n in self.report.notices
        ]

    def _state_intact(self) -> None:
        """Stop before a paid request if ``.trilingual/`` was deleted during the run (``make
        clean``): its cache and ledger would be lost. (The project lock itself cannot be
        deleted: see :mod:`trilingual.lock`.)"""
        if _state_gone(self.project, self.cache is not None):
            self.project.state_dir.mkdir(parents=True, exist_ok=True)
            raise LockError(
                "was deleted during the run (make clean?): stopped before sending more; "
                "finished batches were saved; run the command again",
                path=self.project.relpath(self.project.state_dir),
            )

    def _run_free(self, engine: Engine, lang: str, items: list[_Item]) -> None:
        engine.check_language(lang)
        for start in range(0, len(items), engine.max_batch):
            chunk = items[start : start + engine.max_batch]
            results = call_engine(engine, [it.request for it in chunk], lang)
            for item, result in zip(chunk, results, strict=True):
                if isinstance(result, Suggestion):
                    self._apply(lang, item, result, engine)
                elif isinstance(result, Rejected):
                    self._reject(lang, item, result)
            self._save()

    def _key(self, engine: Engine, lang: str, request: Request) -> CacheKey:
        return CacheKey(
            engine=engine.id, options=engine.cache_options(lang),
            source_lang=self.project.config.source_language, target_lang=lang,
            glossary=engine.glossary_digest(lang), context=engine.cache_context(request, lang),
            text=request.msgid,
        )

    def _deliver(
        self, engine: Engine, lang: str, items: Sequence[_Item], value: str
    ) -> None:
        for item in items:
            if value.startswith(_REJECTED):
                self._reject(lang, item, Rejected(value[len(_REJECTED):], engine.id))
            else:
                self._apply(lang, item, Suggestion(value, 100, engine.id), engine)

    def _run_paid(self, engine: Engine, lang: str, items: list[_Item]) -> None:
        groups: dict[CacheKey, list[_Item]] = {}
        for item in items:
            groups.setdefault(self._key(engine, lang, item.request), []).append(item)
        hits = self.cache.get_many(groups) if self.cache is not None else {}
        for key, value in hits.items():
            self._deliver(engine, lang, groups[key], value)
            self.report.row(lang, groups[key][0].slug, engine.id).cached += len(groups[key])
        self._save()
        if hits and not self.options.dry_run:
            append_usage(self.project.state_dir, UsageRecord(
                self.report.run, engine.id, lang, 0, 0, sum(len(groups[k]) for k in hits)))
        # one request per distinct text: a text met again in another paragraph rides along
        # (its result is cached under both keys), so a run never sends the same text twice
        twins: dict[CacheKey, list[CacheKey]] = {}
        first: dict[CacheKey, CacheKey] = {}
        for key in groups:
            if key not in hits:
                twins.setdefault(first.setdefault(replace(key, context=""), key), []).append(key)
        if not twins:
            return
        costs = {key: engine.billed_chars(groups[key][0].request, lang) for key in twins}
        if self.options.dry_run:
            for key in twins:
                row = self.report.row(lang, groups[key][0].slug, engine.id)
                row.sent += 1
                _bill(row, engine, costs[key])
            return
        engine.check_language(lang)
        self.progress.start(lang, engine.id, len(twins), sum(costs.values()))
        try:
            sizes = {key: engine.request_bytes(groups[key][0].request, lang) for key in twins}
            limits = (engine.max_batch, engine.max_bytes, sizes.__getitem__)
            for batch in _batches(list(twins), *limits):
                self._send(engine, lang, batch, groups, twins, costs)
        finally:
            self.progress.finish()

    def _send(
        self, engine: Engine, lang: str, batch: list[CacheKey],
        groups: dict[CacheKey, list[_Item]], twins: dict[CacheKey, list[CacheKey]],
        costs: dict[CacheKey, int],
    ) -> None:
        """Send ``batch`` one engine request at a time, saving each answer before the next."""
        requests = [groups[k][0].request for k in batch]
        for indices in engine.request_groups(requests, lang):
            self._send_request(engine, lang, [batch[i] for i in indices], groups, twins, costs)

    def _send_request(
        self, engine: Engine, lang: str, batch: list[CacheKey],
        groups: dict[CacheKey, list[_Item]], twins: dict[CacheKey, list[CacheKey]],
        costs: dict[CacheKey, int],
    ) -> None:
        self._state_intact()  # before paying for a request
        before = int(getattr(engine, "billed", 0))
        try:
            results = call_engine(engine, [groups[k][0].request for k in batch], lang)
        except EngineAnswerLost as lost:  # maybe billed, no usable answer: count it, then stop
            append_usage(self.project.state_dir, _usage(
                self.report.run, engine, lang, lost.segments or len(batch), lost.chars))
            raise
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM while the request was out: maybe billed
            append_usage(self.project.state_dir, _usage(
                self.report.run, engine, lang, len(batch), sum(costs[k] for k in batch)))
            raise
        except EngineError:
            spent = int(getattr(engine, "billed", 0)) - before
            if spent > 0:  # answers paid for and unusable: the bill is still recorded
                record = _usage(self.report.run, engine, lang, 0, spent)
                append_usage(self.project.state_dir, record)
            raise
        reported = int(getattr(engine, "billed", 0)) - before
        chars = reported if reported > 0 else sum(costs[k] for k in batch)
        stored: list[tuple[CacheKey, str]] = []
        for key, result in zip(batch, results, strict=True):
            self.report.row(lang, groups[key][0].slug, engine.id).sent += 1
            if isinstance(result, Suggestion):
                value = result.text
            elif isinstance(result, Rejected):
                value = _REJECTED + result.reason
            else:
                continue
            for twin in twins[key]:
                stored.append((twin, value))
                self._deliver(engine, lang, groups[twin], value)
        # attribute the billed characters to articles in proportion to their texts, exactly
        total = sum(costs[k] for k in batch) or 1
        running = given = 0
        for key in batch:
            running += costs[key]
            share = round(chars * running / total) - given
            given += share
            _bill(self.report.row(lang, groups[key][0].slug, engine.id), engine, share)
        # .trilingual/ deleted while the request was out: recreated, so that this paid answer
        # is still saved and ledgered (the cache's file is gone; the next request stops)
        self.project.state_dir.mkdir(parents=True, exist_ok=True)
        if self.cache is not None:
            try:
                self.cache.put_many(stored)
            except sqlite3.OperationalError:  # "readonly database": its file was deleted
                if not _state_gone(self.project, True):
                    raise
        self._save()
        append_usage(
            self.project.state_dir, _usage(self.report.run, engine, lang, len(batch), chars)
        )
        self.progress.advance(len(batch), chars)


def _state_gone(project: Project, cache_opened: bool) -> bool:
    """True if ``.trilingual/`` (or the MT cache in it) was deleted during the run."""
    state = project.state_dir
    return not state.is_dir() or (cache_opened and not (state / CACHE_NAME).exists())


def _bill(row: PlanRow, engine: Engine, amount: int) -> None:
    """Add ``amount`` billed units of ``engine`` to ``row`` (tokens or characters)."""
    if engine.unit == "tokens":
        row.tokens += amount
    else:
        row.chars += amount


def _usage(run: str, engine: Engine, lang: str, segments: int, amount: int) -> UsageRecord:
    """The ledger record of one request: ``amount`` in the engine's unit."""
    if engine.unit == "tokens":
        return UsageRecord(run, engine.id, lang, segments, 0, tokens=amount)
    return UsageRecord(run, engine.id, lang, segments, amount)


def _json_size(text: str) -> int:
    """Bytes ``text`` takes in a JSON request body (requests escapes non-ASCII as \\uXXXX)."""
    return len(json.dumps(text))


def _batches(
    keys: Sequence[CacheKey], max_count: int, max_bytes: int,
    text_bytes: Callable[[CacheKey], int] = lambda key: _json_size(key.text),
) -> Iterable[list[CacheKey]]:
    """Consecutive groups of at most ``max_count`` keys whose request body fits ``max_bytes``.

    ``text_bytes`` is the size of a text as the engine sends it (tags or tokens included); each
    distinct context paragraph counts once per batch (the engine sends it once per request).
    """
    batch: list[CacheKey] = []
    contexts: set[str] = set()
    size = 0
    budget = max_bytes - 2048  # language codes, options, JSON punctuation
    for key in keys:
        cost = text_bytes(key) + 2
        new_context = key.context not in contexts
        context_cost = _json_size(key.context) + 2 if new_context else 0
        if batch and (len(batch) >= max_count or size + cost + context_cost > budget):
            yield batch
            batch, contexts, size = [], set(), 0
            context_cost = _json_size(key.context) + 2
        batch.append(key)
        contexts.add(key.context)
        size += cost + context_cost
    if batch:
        yield batch


def translate_project(
    project: Project,
    options: TranslateOptions,
    progress: Progress | None = None,
    *,
    environ: dict[str, str] | None = None,
    today: str | None = None,
    lock: bool = True,
    on_ready: Callable[[], None] | None = None,
) -> TranslateReport:
    """Run ``trilingual translate`` on ``project``; raises EngineError after saving finished work.

    ``environ`` replaces ``os.environ`` for engine secrets (tests); ``today`` the comment date.
    The project lock is taken before any setup (glossary, engines, catalogs).
    """

    def work() -> TranslateReport:
        run = _Run(
            project, options, progress or Progress(), environ,
            today or _dt.date.today().isoformat(),
        )
        return run.run()

    if not lock:
        return work()
    with project_lock(project, shared=options.dry_run):
        if on_ready is not None:
            on_ready()
        return work()
