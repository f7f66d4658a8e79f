"""``trilingual absorb``: fixes made in translated Markdown flow back into the catalogs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from trilingual.errors import AbsorbRefused
from trilingual.project import Project


def register(sub: Any) -> None:
    """Add the ``absorb`` subcommand."""
    parser = sub.add_parser(
        "absorb",
        help="bring fixes made in rendered or published be/ru Markdown back into the catalogs",
        description=(
            "Compare each FILE (an article as 'render' writes it or as 'release' publishes it "
            "in <lang>/markdown/<slug>.md) with the article rendered from its catalog, and "
            "store every edited sentence or front-matter value as its entry's translation "
            "(reviewed, with a '# absorbed: <date> <file>' comment). Edits that cannot be "
            "mapped without guessing (link targets, code, placeholders, block structure, two "
            "sentences at once, untranslated text) are listed as 'FILE:LINE: cannot absorb: "
            "<why>' and nothing is written for that article (exit 14) unless --partial."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="edited translated Markdown")
    parser.add_argument("--lang", "-l", required=True, help="language of the files (be, ru)")
    parser.add_argument(
        "--partial", action="store_true",
        help="absorb the edits that can be mapped and list the others (exit 0)",
    )
    parser.add_argument(
        "--dry-run", action="store_true",
        help="write nothing; show each entry's old and new msgstr",
    )
    parser.add_argument("--jobs", "-j", type=int, default=None, help="worker processes")
    parser.set_defaults(func=run)


def run(project: Project, args: argparse.Namespace) -> int:
    """Absorb, print what happened per file, and fail when edits were refused."""
    from trilingual.absorb import absorb_files

    report = absorb_files(
        project, args.lang, [Path(f) for f in args.files],
        partial=args.partial, dry_run=args.dry_run, jobs=args.jobs,
    )
    blocked = 0
    for article in report.articles:
        for refusal in article.refusals:
            print(refusal.format(), file=sys.stderr)
        if args.dry_run:
            for edit in article.edits:
                context = f" [{edit.msgctxt}]" if edit.msgctxt else ""
                print(f"{article.catalog}:{edit.po_line}:{context} {article.file}:{edit.line}")
                print(f"  - {edit.old}")
                print(f"  + {edit.new}")
        count = len(article.edits)
        if article.refusals and not args.partial:
            blocked += 1
            done = "nothing written" if not args.dry_run else "nothing would be written"
            print(f"{article.file}: {done}: {len(article.refusals)} edit(s) cannot be absorbed",
                  file=sys.stderr)
        elif count:
            verb = "would absorb" if args.dry_run else "absorbed"
            print(f"{article.file}: {verb} {count} entr{'y' if count == 1 else 'ies'} "
                  f"into {article.catalog}", file=sys.stderr)
        elif not article.refusals:
            print(f"{article.file}: nothing to absorb (same as the catalog)", file=sys.stderr)
    if blocked:
        raise AbsorbRefused(
            f"{report.refused} edit(s) in {blocked} file(s) cannot be absorbed (listed above); "
            "nothing written for those articles (--partial absorbs the others)"
        )
    return 0
