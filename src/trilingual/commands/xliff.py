"""``trilingual xliff``: XLIFF 1.2 files per article x language for CAT tools, and back."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from trilingual.interchange.xliff import export_xliff, import_xliff
from trilingual.lock import project_lock
from trilingual.project import Project


def register(sub: Any) -> None:
    """Add the ``xliff`` subcommand and its ``export`` / ``import`` actions."""
    parser = sub.add_parser("xliff", help="XLIFF 1.2 for CAT tools: export, import")
    actions = parser.add_subparsers(dest="xliff_action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write DIR/<slug>.<lang>.xlf per catalog")
    export.add_argument("articles", nargs="*", metavar="ARTICLE",
                        help="only these articles (default: all)")
    export.add_argument("--lang", action="append", default=[], metavar="LANG",
                        help="target language (repeatable; default: all)")
    export.add_argument("-o", "--out-dir", required=True, metavar="DIR")
    export.add_argument("--copy-source", action="store_true",
                        help="untranslated targets hold a copy of the English (for OmegaT)")
    imp = actions.add_parser("import", help="bring translated XLIFF files into the catalogs")
    imp.add_argument("files", nargs="+", metavar="FILE.xlf")
    parser.set_defaults(func=run, needs_project=True)


def run(project: Project, args: argparse.Namespace) -> int:
    """Run ``xliff export`` or ``xliff import``."""
    if args.xliff_action == "export":
        langs = [project.check_language(lang) for lang in args.lang] or list(
            project.config.languages
        )
        slugs = [project.resolve_slug(a) for a in args.articles] or project.slugs()
        for slug in slugs:
            project.article_path(slug)
        started = time.perf_counter()
        with project_lock(project, shared=True):
            written = export_xliff(project, langs, slugs, Path(args.out_dir),
                                   copy_source=args.copy_source)
        units = sum(n for _p, n in written)
        size = sum(p.stat().st_size for p, _n in written)
        print(f"{len(written)} XLIFF file(s) in {args.out_dir}: {units:,} units, {size:,} bytes "
              f"({time.perf_counter() - started:.2f} s)")
        return 0
    report = import_xliff(project, [Path(f) for f in args.files])
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    for rel in report.written:
        print(f"updated {rel}")
    print(f"{report.units:,} unit(s) read, {report.changed:,} entr(ies) changed, "
          f"{len(report.written)} catalog(s) written, {len(report.warnings)} skipped")
    return 0
