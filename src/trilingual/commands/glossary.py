"""``trilingual glossary``: ``glossary.yaml`` as TBX-Basic or DeepL CSV/TSV, and TBX import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from trilingual.errors import UsageError
from trilingual.fsutil import write_atomic
from trilingual.glossary import GLOSSARY_NAME, load_glossary
from trilingual.interchange.tbx import format_deepl, format_tbx, import_tbx
from trilingual.lock import project_lock
from trilingual.project import Project


def register(sub: Any) -> None:
    """Add the ``glossary`` subcommand and its ``export`` / ``import`` actions."""
    parser = sub.add_parser("glossary", help="glossary.yaml as TBX or DeepL CSV/TSV; TBX import")
    actions = parser.add_subparsers(dest="glossary_action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write the glossary (stdout or -o FILE)")
    export.add_argument("--format", choices=("tbx", "csv", "tsv"), default="tbx")
    export.add_argument("--lang", metavar="LANG",
                        help="target language (csv/tsv: required; tbx: default all)")
    export.add_argument("-o", "--output", metavar="FILE")
    imp = actions.add_parser("import", help="merge TBX files into glossary.yaml")
    imp.add_argument("files", nargs="+", metavar="FILE.tbx")
    parser.set_defaults(func=run, needs_project=True)


def run(project: Project, args: argparse.Namespace) -> int:
    """Run ``glossary export`` or ``glossary import``."""
    config = project.config
    if args.glossary_action == "export":
        glossary = load_glossary(project.root)
        if args.format == "tbx":
            langs = [project.check_language(args.lang)] if args.lang else list(config.languages)
            text = format_tbx(glossary, config.source_language, langs)
        else:
            if not args.lang:
                raise UsageError(f"--format {args.format} needs --lang (one target language)")
            text = format_deepl(glossary, project.check_language(args.lang),
                                tsv=args.format == "tsv")
        if args.output:
            write_atomic(Path(args.output), text)
        else:
            sys.stdout.write(text)
        return 0
    with project_lock(project):
        path = project.root / GLOSSARY_NAME
        text, added, changed = import_tbx(
            project.root, [Path(f) for f in args.files], config.source_language,
            list(config.languages),
        )
        wrote = (added or changed) and write_atomic(path, text)
    print(f"{GLOSSARY_NAME}: {added} term(s) added, {changed} changed"
          + ("" if wrote else "; nothing written"))
    return 0
