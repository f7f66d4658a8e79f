"""``trilingual extract``: update POT and PO files from the English articles."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from trilingual.changes import format_changes, report_changes, unified_diffs
from trilingual.errors import CatalogsOutdated
from trilingual.extract import extract_project
from trilingual.lock import project_lock
from trilingual.project import Project


def register(sub: Any) -> None:
    """Add the ``extract`` subcommand."""
    parser = sub.add_parser(
        "extract", help="update locales/templates/*.pot and locales/<lang>/LC_MESSAGES/*.po"
    )
    parser.add_argument("articles", nargs="*", metavar="ARTICLE", help="limit to these articles")
    parser.add_argument(
        "--dry-run", action="store_true", help="write nothing; list what would change"
    )
    parser.add_argument(
        "--check", action="store_true",
        help="write nothing; exit 10 if any catalog is out of date (for CI)",
    )
    parser.add_argument(
        "--diff", action="store_true",
        help="write nothing; print a unified diff of every file that would change",
    )
    parser.add_argument("--force", action="store_true", help="re-read articles even if unchanged")
    parser.add_argument(
        "--normalize", action="store_true",
        help="also rewrite catalogs whose only differences are layout (another tool's line "
        "wrapping, header order...) in msgcat's layout",
    )
    parser.add_argument("--jobs", "-j", type=int, default=None, help="worker processes")
    parser.set_defaults(func=run)


def run(project: Project, args: argparse.Namespace) -> int:
    """Run the extraction and print a short summary."""
    slugs = [project.resolve_slug(a) for a in args.articles] or None
    dry = args.dry_run or args.check or args.diff
    with project_lock(project, shared=dry):
        report = extract_project(project, slugs, dry_run=dry, jobs=args.jobs, force=args.force,
                                 normalize=args.normalize)
    verb = "would update" if dry else "updated"
    if args.diff:
        sys.stdout.write(unified_diffs(project, report))
    elif dry:
        for line in format_changes(report_changes(project, report)):
            print(line)
    for path in report.written if not dry else ():
        print(f"{verb} {project.relpath(path)}")
    for (slug, lang), stats in sorted(report.stats.items()) if not dry else ():
        if stats.fuzzy or stats.obsoleted:
            print(
                f"{slug} [{lang}]: {stats.fuzzy} fuzzy (edited sentences), "
                f"{stats.obsoleted} obsolete, {stats.new} new"
            )
    for orphan in report.orphans:
        print(
            f"warning: {project.relpath(orphan)} has no article (kept; delete it by hand)",
            file=sys.stderr,
        )
    print(
        f"{report.checked} article(s) read, {report.skipped} unchanged, "
        f"{len(report.written)} file(s) {verb}"
    )
    if args.check and report.written:
        if args.normalize:
            raise CatalogsOutdated(
                "catalogs differ from msgcat's layout; run 'trilingual extract --normalize'"
            )
        raise CatalogsOutdated(
            "catalogs are out of date with the English sources; run 'trilingual extract'"
        )
    return 0
