"""One ``translate`` run: the engine chain over the planned items, first suggestion wins.

For each language, the items (:mod:`.plan`) go through the configured engines in order. A free
engine is called directly, batch by batch; a paid one through
:class:`~trilingual.engines.dispatch.PaidDispatch` (cache, de-duplication, batching, billing).
Each suggestion is verified when the engine's drafts must be (:mod:`trilingual.engines.verify`)
and applied to its entry (:func:`~trilingual.engines.provenance.apply_suggestion`); the catalogs
are saved as the run goes (:mod:`.runsave`) and once more at the end, also after an error.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from collections.abc import Callable, Sequence

from trilingual.config import CONFIG_NAME
from trilingual.engines import (
    Engine,
    EngineEnv,
    Rejected,
    Suggestion,
    call_engine,
    create_engine,
)
from trilingual.engines.dispatch import Ledger, PaidDispatch
from trilingual.engines.paid import PaidEngine
from trilingual.engines.provenance import apply_suggestion, term_warnings
from trilingual.engines.verify import Verifier, verifies
from trilingual.errors import ConfigError, UsageError
from trilingual.glossary import load_glossary
from trilingual.lock import project_lock
from trilingual.mtcache import CACHE_NAME, MTCache
from trilingual.project import Project
from trilingual.translate.memory import MemoryCollector, RunMemory
from trilingual.translate.plan import Item, Planner
from trilingual.translate.report import (
    LEFT_NO_SUGGESTION,
    LEFT_REJECTED,
    Notice,
    Progress,
    TranslateOptions,
    TranslateReport,
)
from trilingual.translate.runsave import RunCatalogs


class _Run:
    """State of one run; see :func:`translate_project`."""

    def __init__(
        self, project: Project, options: TranslateOptions, progress: Progress,
        environ: dict[str, str] | None, today: str,
    ) -> None:
        config = project.config
        self.project, self.options, self.progress, self.today = project, options, progress, today
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
        self.report = TranslateReport(
            # start time plus a random tag: two runs in one second stay apart
            run=_dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ-") + uuid.uuid4().hex[:4],
            dry_run=options.dry_run,
        )
        self.catalogs = RunCatalogs(project, self.report, dry_run=options.dry_run)
        self.memory = RunMemory(self.catalogs, all_slugs)
        self.planner = Planner(
            project, self.catalogs, self.slugs, self.chain, refresh_fuzzy=options.refresh_fuzzy
        )
        env = EngineEnv(
            config=config, state_dir=project.state_dir, glossary=self.glossary,
            memory=self.memory, environ=environ,
        )
        self.engines = self._create_engines(env)
        self.verifier = Verifier(self.glossary, config.check_disable)
        self.cache: MTCache | None = None

    def _create_engines(self, env: EngineEnv) -> list[Engine]:
        try:
            return [create_engine(name, env) for name in self.chain]
        except UsageError as error:
            if self.options.engines:
                raise
            raise ConfigError(
                f"translate.engines: {error.message}", path=self.project.root / CONFIG_NAME
            ) from None

    def _open_cache(self) -> None:
        cache_path = self.project.state_dir / CACHE_NAME
        if any(e.billable for e in self.engines) and (
            not self.options.dry_run or cache_path.exists()
        ):
            self.cache = MTCache(cache_path)

    def _load_catalogs(self) -> None:
        """Read and validate every catalog the run will touch, before anything is sent.

        Kept: the catalogs of this run's articles that have work, and the memory's entries;
        every other catalog is dropped once read.
        """
        reads_all = any(engine.uses_memory for engine in self.engines)
        for lang in self.langs:
            memory = MemoryCollector() if reads_all else None
            self.catalogs.load(
                lang, self.all_slugs if reads_all else self.slugs, set(self.slugs),
                self.planner.needs_work, memory.add if memory is not None else None,
            )
            if memory is not None:
                self.memory.keep(lang, memory)

    # -- results ---------------------------------------------------------------------------
    def _notice(self, lang: str, item: Item, level: str, message: str) -> None:
        path = self.project.relpath(self.project.po_path(lang, item.slug))
        key = (item.entry.msgctxt, item.entry.msgid)
        self.report.notices.append(Notice(path, item.entry.linenum or 1, level, message, key))

    def _apply(self, lang: str, item: Item, suggestion: Suggestion, engine: Engine) -> None:
        if verifies(engine):  # a machine draft is written only when it passes the checks
            problems = self.verifier.problems(item.request.msgid, suggestion.text, lang)
            if problems:
                self._reject(item, Rejected("; ".join(problems), engine.id))
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
        if not self.planner.needs_work(item.entry):
            return  # filled or reviewed on disk during the run (merged in by a save)
        apply_suggestion(item.entry, suggestion, self.today)
        self.catalogs.of(lang)[item.slug].dirty = True

    def _reject(self, item: Item, rejected: Rejected) -> None:
        item.rejected = True
        # reported once the chain is done, and only if no later engine filled the entry
        item.reasons.append(f"{rejected.engine}: left empty: {rejected.reason}")

    def _result(self, lang: str, item: Item, result: object, engine: Engine) -> None:
        if isinstance(result, Suggestion):
            self._apply(lang, item, result, engine)
        elif isinstance(result, Rejected):
            self._reject(item, result)

    # -- engines ---------------------------------------------------------------------------
    def run(self) -> TranslateReport:
        try:
            self._load_catalogs()
            work = {  # reads the articles
                lang: self.planner.items(lang, self.report.notices) for lang in self.langs
            }
            self._open_cache()
            for lang, items in work.items():
                self._run_chain(lang, items)
        finally:
            try:
                self.catalogs.save(final=True)  # also after an error or Ctrl-C: keep what is done
            finally:
                for engine in self.engines:
                    engine.close()
                if self.cache is not None:
                    self.cache.close()
        self.catalogs.relocate_notices()
        return self.report

    def _run_chain(self, lang: str, items: list[Item]) -> None:
        for engine in self.engines:
            pending = [it for it in items if not it.done]
            if not pending:
                break
            if isinstance(engine, PaidEngine):
                self._dispatch(engine, lang).run(
                    engine, lang, [(it, it.request) for it in pending]
                )
            else:
                self._run_free(engine, lang, pending)
        for item in items:
            for reason in [] if item.done else item.reasons:
                self._notice(lang, item, "error", reason)
        if not self.options.dry_run:
            for item in items:
                if not item.done:
                    reason = LEFT_REJECTED if item.rejected else LEFT_NO_SUGGESTION
                    self.report.left[(lang, reason)] = self.report.left.get((lang, reason), 0) + 1

    def _run_free(self, engine: Engine, lang: str, items: list[Item]) -> None:
        engine.check_language(lang)
        for start in range(0, len(items), engine.max_batch):
            chunk = items[start : start + engine.max_batch]
            results = call_engine(engine, [it.request for it in chunk], lang)
            for item, result in zip(chunk, results, strict=True):
                self._result(lang, item, result, engine)
            self.catalogs.save()

    def _dispatch(self, engine: Engine, lang: str) -> PaidDispatch[Item]:
        project = self.project
        ledger = Ledger(project.state_dir, project.relpath(project.state_dir), self.report.run,
                        project.config.source_language)
        return PaidDispatch(ledger, self.cache, _Sink(self, engine, lang), self.progress,
                            dry_run=self.options.dry_run)


class _Sink:
    """Where a paid engine's answers for one language go: the run's entries and report."""

    def __init__(self, run: _Run, engine: Engine, lang: str) -> None:
        self.run, self.engine, self.lang = run, engine, lang

    def deliver(self, items: Sequence[Item], result: Suggestion | Rejected) -> None:
        for item in items:
            self.run._result(self.lang, item, result, self.engine)

    def tally(
        self, item: Item, *, sent: int = 0, cached: int = 0, chars: int = 0, tokens: int = 0
    ) -> None:
        row = self.run.report.row(self.lang, item.slug, self.engine.id)
        row.sent += sent
        row.cached += cached
        row.chars += chars
        row.tokens += tokens

    def checkpoint(self) -> None:
        self.run.catalogs.save()


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
