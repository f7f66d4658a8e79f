"""``trilingual stats``: segments and words per state for every article x language."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from trilingual.gate import format_table, run_gate
from trilingual.lock import project_lock
from trilingual.project import Project


def register(sub: Any) -> None:
    """Add the ``stats`` subcommand."""
    parser = sub.add_parser(
        "stats", help="table of segments and words per state (translated, fuzzy, untranslated)"
    )
    parser.add_argument("articles", nargs="*", metavar="ARTICLE", help="limit to these articles")
    parser.add_argument("--article", action="append", default=[], metavar="ARTICLE",
                        help="limit to this article (repeatable)")
    parser.add_argument("--lang", action="append", default=[], metavar="LANG",
                        help="limit to this language (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.set_defaults(func=run, needs_project=True)


def run(project: Project, args: argparse.Namespace) -> int:
    """Print the statistics; always exits 0 (use ``check`` for a verdict)."""
    slugs = [*args.articles, *args.article] or None
    with project_lock(project, shared=True):
        report = run_gate(project, langs=args.lang or None, slugs=slugs, run_checks=False,
                          check_outdated=False)
    if args.json:
        data = {
            "totals": report.totals().to_dict(),
            "catalogs": [
                {"article": c.slug, "lang": c.lang, "path": c.path, "exists": c.exists,
                 **c.stats.to_dict()}
                for c in report.catalogs
            ],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_table(report, with_issues=False) + "\n")
        sys.stdout.write(
            "segs/words: done = translated and reviewed, fuzzy = needs review, "
            "untr = untranslated; words are English source words (as pocount counts them)\n"
        )
    return 0
