"""``trilingual tm``: export the translation memory as TMX 1.4b; import external memories."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from trilingual.fsutil import write_atomic
from trilingual.interchange.tmx import export_tmx, import_tmx
from trilingual.lock import project_lock
from trilingual.project import Project


def register(sub: Any) -> None:
    """Add the ``tm`` subcommand and its ``export`` / ``import`` actions."""
    parser = sub.add_parser("tm", help="translation memory as TMX: export, import")
    actions = parser.add_subparsers(dest="tm_action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="write every reviewed translation as TMX 1.4b (stdout or -o FILE)"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="TMX file to write")
    export.add_argument("--lang", action="append", default=[], metavar="LANG",
                        help="only this target language (repeatable; default: all)")
    imp = actions.add_parser(
        "import", help="store TMX files under tm/ and list them in trilingual.yaml"
    )
    imp.add_argument("files", nargs="+", metavar="FILE.tmx")
    imp.add_argument("--force", action="store_true",
                     help="replace a stored memory of the same name with other content")
    parser.set_defaults(func=run, needs_project=True)


def run(project: Project, args: argparse.Namespace) -> int:
    """Run ``tm export`` or ``tm import``."""
    if args.tm_action == "export":
        for lang in args.lang:
            project.check_language(lang)
        started = time.perf_counter()
        with project_lock(project, shared=True):
            data, units = export_tmx(project, args.lang or None)
        if args.output:
            write_atomic(Path(args.output), data, only_if_changed=True)
            print(
                f"{args.output}: {units:,} translation units, {len(data):,} bytes "
                f"({time.perf_counter() - started:.2f} s)", file=sys.stderr,
            )
        else:
            sys.stdout.buffer.write(data)
        return 0
    for item in import_tmx(project, [Path(f) for f in args.files], force=args.force):
        counts = ", ".join(f"{lang} {n:,}" for lang, n in item.counts.items())
        state = "stored" if item.copied else "already stored"
        listed = "listed in" if item.listed else "already in"
        print(f"{item.rel}: {state} ({counts} pairs); {listed} translate.memory.tmx")
    return 0
