"""``trilingual render --lang LANG ARTICLE``: print an article rebuilt from its catalog."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from trilingual.errors import IncompleteTranslation
from trilingual.fsutil import write_atomic
from trilingual.project import Project
from trilingual.render import render_article


def register(sub: Any) -> None:
    """Add the ``render`` subcommand."""
    parser = sub.add_parser("render", help="rebuild one article in a language from its catalog")
    parser.add_argument("article", metavar="ARTICLE", help="slug or path of the article")
    parser.add_argument("--lang", "-l", required=True, help="target language (e.g. be, ru)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--allow-incomplete", action="store_true",
        help="keep English for untranslated/fuzzy sentences (each is reported on stderr)",
    )
    parser.add_argument(
        "--use-fuzzy", action="store_true", help="use fuzzy translations (reported) for previews"
    )
    parser.set_defaults(func=run)


def run(project: Project, args: argparse.Namespace) -> int:
    """Render, report problems, and write or print the result."""
    slug = project.resolve_slug(args.article)
    if args.lang != project.config.source_language:
        project.po_path(args.lang, slug)  # validates the language
    rendered = render_article(project, slug, args.lang, use_fuzzy=args.use_fuzzy)
    for problem in rendered.problems:
        print(problem.format(args.lang), file=sys.stderr)
    blocking = [p for p in rendered.problems if p.state != "fuzzy-used"]
    if blocking and not args.allow_incomplete:
        raise IncompleteTranslation(
            f"{len(blocking)} segment(s) untranslated or fuzzy in [{args.lang}] "
            "(listed above); use --allow-incomplete to keep English for them",
            path=project.relpath(project.article_path(slug)),
        )
    if args.output:
        write_atomic(Path(args.output), rendered.text)
    else:
        sys.stdout.write(rendered.text)
    return 0
