"""An article's other views: every language side by side, and its Markdown file.

Like :mod:`trilingual.release.feeds` and :mod:`trilingual.release.newsletter`, each is a
function of the :class:`~trilingual.release.site.Site` of a release.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

from trilingual.release.dates import format_day, format_interval, language_name
from trilingual.release.paths import article_path, markdown_path, parallel_path, relative
from trilingual.release.site import Site
from trilingual.release.ui import ui_strings


def build_parallel(site: Site, lang: str, slug: str) -> str:
    """Every language of an article side by side, one row per top-level block."""
    page = parallel_path(lang, slug)
    columns = []
    blocks: list[list[str]] = []
    for other in site.langs:
        meta = site.meta(other, slug)
        columns.append({"lang": other, "name": language_name(other), "ui": ui_strings(other),
                        "title": meta.title, "published": meta.published,
                        "href": relative(page, article_path(other, slug))})
        blocks.append(site.body_blocks(other, slug) if meta.published else [])
    height = max((len(b) for b in blocks), default=0)
    rows = [
        [{"lang": column["lang"],
          "html": Markup(cells[i] if i < len(cells) else "")}
         for column, cells in zip(columns, blocks, strict=True)]
        for i in range(height)
    ]
    title = site.meta(lang, slug).title if site.meta(lang, slug).published else \
        site.meta(site.source, slug).title
    context = site.page_context(lang, page, title, "parallel",
                                lambda other: parallel_path(other, slug), site.langs)
    context.update({"title": title, "columns": columns, "rows": rows})
    return site.env.get_template("parallel.html").render(context)


def build_markdown(site: Site, lang: str, slug: str) -> str:
    """The article's Markdown in ``lang`` with localized dates added to its front matter."""
    rendered = site.rendered(lang, slug)
    meta = site.meta(lang, slug)
    edition = site.edition_of(slug)
    head = rendered.text[: len(rendered.text) - len(rendered.body)]
    extra = {
        "lang": lang,
        "date_display": format_day(meta.day, lang),
        "edition": edition.key,
        "edition_title": format_interval(edition.monday, edition.sunday, lang),
    }
    if lang != site.source:
        extra["original"] = relative(markdown_path(lang, slug),
                                     markdown_path(site.source, slug))
    front = rendered.front_matter
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                    for key, value in extra.items() if key not in front)
    match = re.search(r"^(?:---|\.\.\.)[ \t]*\r?\n?\Z", head, re.MULTILINE)
    if match is None:
        return f"---\n{lines}---\n{rendered.text}"
    return head[: match.start()] + lines + head[match.start():] + rendered.body
