"""``trilingual render``: articles rebuilt from their catalogs.

``render --lang be ARTICLE`` prints one article (``-o FILE`` writes it); ``render --lang be,ru
--out-dir DIR [ARTICLE...]`` writes ``DIR/<lang>/<slug>.md`` for the given articles (default:
all), using every core. Untranslated and fuzzy sentences are listed on stderr; unless
``--allow-incomplete`` is given they stop the run before anything is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from trilingual.errors import IncompleteTranslation, UsageError
from trilingual.project import Project


def register(sub: Any) -> None:
    """Add the ``render`` subcommand."""
    parser = sub.add_parser(
        "render", help="rebuild articles in a language from their catalogs"
    )
    parser.add_argument(
        "articles", nargs="*", metavar="ARTICLE",
        help="slug or path of the article (with --out-dir: any number; none = all)",
    )
    parser.add_argument(
        "--lang", "-l", required=True,
        help="target language (e.g. be); with --out-dir a comma-separated list (be,ru)",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--out-dir", metavar="DIR", help="write DIR/<lang>/<slug>.md for every article given"
    )
    parser.add_argument("--jobs", "-j", type=int, default=None, help="worker processes")
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
    from trilingual.fsutil import write_atomic
    from trilingual.render import render_many

    langs = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
    if not langs:
        raise UsageError("--lang needs a language")
    if args.out_dir is None:
        if len(args.articles) != 1 or len(langs) != 1:
            raise UsageError(
                "render one article in one language, or use --out-dir DIR for several"
            )
    elif args.output is not None:
        raise UsageError("--output and --out-dir exclude each other")
    slugs = [project.resolve_slug(a) for a in args.articles] or project.slugs()
    for lang in langs:
        if lang != project.config.source_language:
            project.check_language(lang)
    items = render_many(project, slugs, langs, use_fuzzy=args.use_fuzzy, jobs=args.jobs)
    blocking = 0
    for item in items:
        for problem in item.problems:
            print(problem.format(item.lang), file=sys.stderr)
            blocking += problem.state != "fuzzy-used"
    if blocking and not args.allow_incomplete:
        where = (
            project.relpath(project.article_path(slugs[0])) if len(slugs) == 1 else None
        )
        raise IncompleteTranslation(
            f"{blocking} segment(s) untranslated or fuzzy in [{','.join(langs)}] "
            "(listed above); use --allow-incomplete to keep English for them",
            path=where,
        )
    if args.out_dir is not None:
        out_dir = Path(args.out_dir)
        for item in items:
            # rebuilt from the catalogs at will: no fsync
            write_atomic(out_dir / item.lang / f"{item.slug}.md", item.text, durable=False)
        print(f"{len(items)} file(s) in {out_dir}", file=sys.stderr)
    elif args.output:
        write_atomic(Path(args.output), items[0].text)
    else:
        sys.stdout.write(items[0].text)
    return 0
