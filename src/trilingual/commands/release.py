"""``trilingual release [--out DIR]``: build the published site, feeds, newsletters and Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from trilingual.lock import project_lock
from trilingual.project import Project
from trilingual.release import IncompleteRelease, release_project


def register(subparsers: Any) -> None:
    """Add the ``release`` subcommand."""
    parser = subparsers.add_parser(
        "release",
        help="build the trilingual site, Atom feeds, newsletters and Markdown (default: dist/)",
        description="Build every published output. Only reviewed translations are published; "
        "release.incomplete in trilingual.yaml says whether an incomplete article is left out "
        "with a notice (omit) or stops the release (fail).",
    )
    parser.add_argument("--out", metavar="DIR", help="output folder (default: release.out_dir)")
    parser.set_defaults(func=run)


def run(project: Project, args: argparse.Namespace) -> int:
    """Run the release and print a summary; an incomplete release under 'fail' lists the gaps."""
    try:
        with project_lock(project):  # no catalog may change while a release reads them
            report = release_project(project, Path(args.out) if args.out else None)
    except IncompleteRelease as error:
        for line in error.missing:
            print(line, file=sys.stderr)
        raise
    blocked = {(lang, slug): issues for lang, slug, issues in report.qa}
    for lang, slug, count in report.omitted:
        issues = blocked.get((lang, slug), ())
        why = [f"{count} segment(s) not reviewed"] if count else []
        if issues:
            why.append(f"{len(issues)} QA issue(s)")
        print(f"trilingual: warning: [{lang}] {slug} left out: {', '.join(why)} "
              f"(a notice links the English original)", file=sys.stderr)
        for issue in issues:
            print(f"    {issue}", file=sys.stderr)
    pages = ", ".join(
        f"{lang or 'landing'} {count}" for lang, count in sorted(report.pages.items())
    )
    print(f"released {report.outputs} files into {report.out_dir} ({pages} HTML pages); "
          f"{len(report.built)} rebuilt, {len(report.written)} written, "
          f"{len(report.removed)} removed in {report.seconds:.2f}s")
    return 0
