"""``trilingual translate``: pre-fill empty be/ru entries from the engine chain (written fuzzy)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from trilingual.engines import ENGINES
from trilingual.errors import CatalogError, PartialTranslation
from trilingual.project import Project
from trilingual.translate import (
    LEFT_REJECTED,
    Progress,
    TranslateOptions,
    TranslateReport,
    translate_project,
)


def register(sub: Any) -> None:
    """Add the ``translate`` subcommand."""
    parser = sub.add_parser(
        "translate",
        help="fill empty translations from memory / DeepL / an LLM / pseudo (written fuzzy)",
        description=(
            "Fill empty entries of the be/ru catalogs from the engines of translate.engines "
            "(first suggestion wins). Every suggestion is written fuzzy with an 'MT:' comment. "
            "Engines: " + "; ".join(f"{k}: {v.description}" for k, v in ENGINES.items())
        ),
    )
    parser.add_argument(
        "--engine", action="append", choices=list(ENGINES), metavar="NAME",
        help="use this engine instead of the configured chain (repeat for a chain)",
    )
    parser.add_argument("--lang", action="append", metavar="LANG", help="only this language")
    parser.add_argument("--article", action="append", metavar="SLUG", help="only this article")
    parser.add_argument(
        "--dry-run", action="store_true",
        help="write and send nothing; show per language and article what would be sent",
    )
    parser.add_argument(
        "--refresh-fuzzy", action="store_true",
        help="also replace fuzzy machine output that is stale (English changed, other engine)",
    )
    parser.add_argument(
        "--allow-partial", action="store_true",
        help="exit 0 even when drafts failed verification and their entries were left empty",
    )
    parser.set_defaults(func=run)


class PlainProgress(Progress):
    """One log line per batch on stderr (CI logs, pipes)."""

    def __init__(self) -> None:
        self.label = ""
        self.unit = "characters"
        self.total = (0, 0)
        self.done = [0, 0]

    def start(self, lang: str, engine: str, segments: int, chars: int) -> None:
        self.label = f"{engine} -> {lang}"
        self.total = (segments, chars)
        self.done = [0, 0]
        known = ENGINES.get(engine)
        self.unit = "tokens" if known is not None and known.unit == "tokens" else "characters"
        estimate = " (estimate)" if self.unit == "tokens" else ""
        print(f"translate: {self.label}: sending {segments} segments, {chars} {self.unit}"
              f"{estimate}", file=sys.stderr, flush=True)

    def advance(self, segments: int, chars: int) -> None:
        self.done[0] += segments
        self.done[1] += chars
        print(
            f"translate: {self.label}: {self.done[0]}/{self.total[0]} segments, "
            f"{self.done[1]} {self.unit} billed (saved)", file=sys.stderr, flush=True,
        )


class RichProgress(Progress):
    """A rich progress bar (segments, characters, ETA) on a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        # the bar writes its own terminal codes: to the stream under the escaping one
        console = Console(file=getattr(sys.stdout, "unescaped", sys.stdout))
        self.bar = Bar(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[chars]} chars"), TimeRemainingColumn(), transient=False,
            console=console,
        )
        self.task: Any = None
        self.chars = 0

    def start(self, lang: str, engine: str, segments: int, chars: int) -> None:
        self.chars = 0
        self.bar.start()
        self.task = self.bar.add_task(f"{engine} -> {lang}", total=segments, chars=0)

    def advance(self, segments: int, chars: int) -> None:
        self.chars += chars
        self.bar.update(self.task, advance=segments, chars=self.chars)

    def finish(self) -> None:
        self.bar.stop()


def print_report(project: Project, report: TranslateReport) -> None:
    """Per language and article: entries filled, segments sent, characters, cache hits."""
    rows = sorted(report.rows.values(), key=lambda r: (r.lang, r.slug, r.engine))
    if report.dry_run:
        print("dry run: nothing written, nothing sent")
        width = max([len("article"), *(len(r.slug) for r in rows)])
        print(f"{'lang':<5} {'article':<{width}} {'engine':<8} {'filled':>6} {'send':>6} "
              f"{'chars':>8} {'cached':>7}")
        for r in rows:
            print(f"{r.lang:<5} {r.slug:<{width}} {r.engine:<8} {r.filled:>6} {r.sent:>6} "
                  f"{r.chars:>8} {r.cached:>7}")
        print(f"would send {report.sent} segments, {report.chars} characters")
        if report.tokens:
            estimate = ", ".join(f"{r.lang} {r.slug}: {r.tokens}" for r in rows if r.tokens)
            print(f"tokens (estimate): {report.tokens} ({estimate})")
    else:
        for r in rows:
            billed = f"{r.tokens} tokens" if r.tokens else f"{r.chars} chars"
            extra = f", {r.sent} sent, {billed}, {r.cached} from cache" if (
                r.sent or r.cached) else ""
            print(f"{r.lang} {r.slug}: {r.filled} filled by {r.engine}{extra}")
        print(f"{report.filled} entries filled (fuzzy), {report.sent} segments sent, "
              f"{report.chars} characters billed, {len(report.written)} catalog(s) written"
              + (f", {report.tokens} tokens billed" if report.tokens else ""))
        for line in summary_lines(report):
            print(line)
    for notice in report.notices:
        print(notice.format(), file=sys.stderr)


def summary_lines(report: TranslateReport) -> list[str]:
    """Per language: entries filled (by engine) and entries left empty, with why."""
    langs = sorted({r.lang for r in report.rows.values()} | {lang for lang, _ in report.left})
    out = []
    for lang in langs:
        rows = [r for r in report.rows.values() if r.lang == lang and r.filled]
        engines: dict[str, int] = {}
        for r in rows:
            engines[r.engine] = engines.get(r.engine, 0) + r.filled
        filled = sum(engines.values())
        by = ", ".join(f"{e} {n}" for e, n in sorted(engines.items()))
        left = {reason: n for (lng, reason), n in sorted(report.left.items()) if lng == lang}
        why = "; ".join(f"{n} {reason}" for reason, n in left.items())
        out.append(f"summary {lang}: {filled} filled" + (f" ({by})" if by else "")
                   + f", {sum(left.values())} left empty" + (f" ({why})" if why else ""))
    return out


def run(project: Project, args: argparse.Namespace) -> int:
    """Run the workflow; EngineErrors propagate after finished batches were saved."""
    options = TranslateOptions(
        engines=tuple(args.engine) if args.engine else None,
        languages=tuple(args.lang) if args.lang else None,
        slugs=tuple(args.article) if args.article else None,
        dry_run=args.dry_run,
        refresh_fuzzy=args.refresh_fuzzy,
    )
    progress: Progress = RichProgress() if sys.stderr.isatty() else PlainProgress()
    report = translate_project(project, options, progress)
    print_report(project, report)
    if report.refused:  # a catalog changed on disk and could not be merged: left alone
        more = f" (and {len(report.refused) - 1} more)" if len(report.refused) > 1 else ""
        raise CatalogError(report.refused[0] + more)
    failed = sum(n for (_, reason), n in report.left.items() if reason == LEFT_REJECTED)
    if failed and not args.allow_partial:
        raise PartialTranslation(
            f"{failed} entries left empty because their drafts failed verification "
            "(listed above; --allow-partial exits 0)"
        )
    return 0
