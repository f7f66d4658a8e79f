"""``trilingual review``: one self-contained HTML page per language of everything waiting for
review, riskiest first."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from trilingual.errors import UsageError
from trilingual.fsutil import write_atomic
from trilingual.lock import project_lock
from trilingual.project import Project

DEFAULT_DIR = "review"  # inside the project's state folder (.trilingual/review/)


def register(sub: Any) -> None:
    """Add the ``review`` subcommand."""
    parser = sub.add_parser(
        "review",
        help="HTML page per language of pending entries (diff, drafts, QA), riskiest first",
    )
    parser.add_argument("articles", nargs="*", metavar="ARTICLE", help="limit to these articles")
    parser.add_argument("--lang", action="append", default=[], metavar="LANG",
                        help="only this language (repeatable; default: every language)")
    parser.add_argument(
        "-o", "--output", metavar="PATH", default=None,
        help="a folder for review-<lang>.html (default: .trilingual/review/), or an .html file "
             "when one language is asked for",
    )
    parser.set_defaults(func=run)


def output_paths(project: Project, langs: list[str], output: str | None) -> dict[str, Path]:
    """Where each language's page goes."""
    if output is not None and output.endswith(".html"):
        if len(langs) != 1:
            raise UsageError("-o FILE.html needs exactly one --lang (or give a folder)")
        return {langs[0]: Path(output)}
    folder = Path(output) if output is not None else project.state_dir / DEFAULT_DIR
    return {lang: folder / f"review-{lang}.html" for lang in langs}


def run(project: Project, args: argparse.Namespace) -> int:
    """Write the pages and print one line per language."""
    from trilingual.review import build_review, render_review

    langs = list(args.lang or project.config.languages)
    paths = output_paths(project, langs, args.output)
    with project_lock(project, shared=True):
        pages = {lang: build_review(project, lang, args.articles or None) for lang in langs}
    for lang, page in pages.items():
        path = paths[lang]
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, render_review(project, page))
        print(f"{path}: {len(page.items)} entries to review ({page.count('untranslated')} "
              f"untranslated, {page.count('fuzzy')} fuzzy, {page.count('reviewed')} reviewed "
              f"with QA issues) in {len(page.articles)} article(s)")
    return 0
