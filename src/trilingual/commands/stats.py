"""``trilingual stats``: segments and words per state for every article x language."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from trilingual.gate import run_gate
from trilingual.gate_report import format_table
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


def auto_numbers(project: Project, slugs: list[str]) -> dict[str, int]:
    """Per article, the number-only segments rendered per language instead of translated
    (none when ``translate.auto_numbers`` is off)."""
    if not project.config.auto_numbers:
        return {}
    from trilingual.numeric import auto_segments
    from trilingual.source import read_document

    out = {}
    for slug in slugs:
        path = project.article_path(slug)
        doc = read_document(path, project.relpath(path), project.config.translatable_keys)
        if count := len(auto_segments(doc)):
            out[slug] = count
    return out


def run(project: Project, args: argparse.Namespace) -> int:
    """Print the statistics; always exits 0 (use ``check`` for a verdict)."""
    slugs = [*args.articles, *args.article] or None
    with project_lock(project, shared=True):
        report = run_gate(project, langs=args.lang or None, slugs=slugs, run_checks=False,
                          check_outdated=False)
        auto = auto_numbers(project, sorted({c.slug for c in report.catalogs}))
    if args.json:
        data = {
            "totals": report.totals().to_dict(),
            "catalogs": [
                {"article": c.slug, "lang": c.lang, "path": c.path, "exists": c.exists,
                 **c.stats.to_dict(), "auto_numbers": auto.get(c.slug, 0)}
                for c in report.catalogs
            ],
            "auto_numbers": sum(auto.values()),
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_table(report, with_issues=False) + "\n")
        sys.stdout.write(
            "segs/words: done = translated and reviewed, fuzzy = needs review, "
            "untr = untranslated; words are English source words (as pocount counts them)\n"
        )
        if auto:
            sys.stdout.write(
                f"numbers: {sum(auto.values())} number-only segment(s) rendered per language "
                "(not in the catalogs, no translator work): "
                + ", ".join(f"{slug} {n}" for slug, n in sorted(auto.items())) + "\n"
            )
    return 0
