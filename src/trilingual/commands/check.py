"""``trilingual check``: the release gate for CI, and the translators' list of QA issues."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from trilingual.checks import CHECKS, PAIR_CHECKS, Check, PairCheck
from trilingual.gate import run_gate
from trilingual.gate_report import format_report, report_json, report_junit, write_report
from trilingual.lock import project_lock
from trilingual.project import Project


def register(sub: Any) -> None:
    """Add the ``check`` subcommand."""
    parser = sub.add_parser(
        "check",
        help="QA checks and completeness of every article x language; exit 0 only if all pass",
        description=(
            "Exit codes: 0 pass; 10 catalogs out of date with the English (run extract); "
            "11 error-level QA issues; 12 untranslated or unreviewed entries."
        ),
    )
    parser.add_argument("articles", nargs="*", metavar="ARTICLE", help="limit to these articles")
    parser.add_argument("--article", action="append", default=[], metavar="ARTICLE",
                        help="limit to this article (repeatable)")
    parser.add_argument("--lang", action="append", default=[], metavar="LANG",
                        help="limit to this language (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the checks and exit")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    parser.add_argument("--junit", type=Path, metavar="FILE",
                        help="also write JUnit XML (one test case per article x language)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the gate too")
    parser.add_argument("--allow-incomplete", action="store_true",
                        help="untranslated and fuzzy entries do not fail (work in progress)")
    parser.add_argument("--include-fuzzy", action="store_true",
                        help="also check fuzzy (unreviewed) translations")
    parser.add_argument("--no-outdated", action="store_true",
                        help="skip the comparison of catalogs with the English sources")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="also list every untranslated or fuzzy entry")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only the verdict")
    parser.set_defaults(func=run, needs_project=True)


def list_checks() -> str:
    """The registry as a table: id, severity, languages, description."""
    classes: list[type[Check] | type[PairCheck]] = [*CHECKS, *PAIR_CHECKS]
    rows = [(c.id, c.severity, ",".join(c.languages) if c.languages else "all", c.description)
            for c in classes]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{i.ljust(width)}  {s:<8}  {lang:<5}  {d}" for i, s, lang, d in rows) + "\n"


def run(project: Project, args: argparse.Namespace) -> int:
    """Run the gate, print the report, write the files, raise the verdict."""
    if args.list:
        sys.stdout.write(list_checks())
        return 0
    slugs = [*args.articles, *args.article] or None
    with project_lock(project, shared=True):
        report = run_gate(
            project, langs=args.lang or None, slugs=slugs, strict=args.strict,
            include_fuzzy=True if args.include_fuzzy else None,
            check_outdated=not args.no_outdated, allow_incomplete=args.allow_incomplete,
        )
    if args.json:
        write_report(args.json, report_json(report))
    if args.junit:
        write_report(args.junit, report_junit(report))
    if not args.quiet:
        sys.stdout.write(format_report(
            report, source_language=project.config.source_language, verbose=args.verbose
        ))
    failure = report.failure()
    if failure is not None:
        raise failure
    print(f"trilingual check: pass ({len(report.catalogs)} catalog(s))")
    return 0
