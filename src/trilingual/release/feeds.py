"""The Atom feed of each language: its published articles, newest first.

Timestamps come from the articles' dates (midnight UTC), never from the clock, so a release with
nothing changed writes the same bytes. Without ``release.base_url`` the links are relative to
the feed's own location (resolved against it, as Atom allows).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from trilingual.release.model import ArticleMeta
from trilingual.release.paths import article_path, feed_path, index_path

if TYPE_CHECKING:
    from trilingual.release.site import Site

MAX_ENTRIES = 50


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def feed_entries(metas: Iterable[ArticleMeta]) -> list[ArticleMeta]:
    """The articles a language's feed shows: its newest published ones, newest first."""
    ordered = sorted(metas, key=lambda m: (m.date, m.slug), reverse=True)
    return [m for m in ordered if m.published][:MAX_ENTRIES]


def build_feed(site: Site, lang: str) -> str:
    """The Atom document of ``lang``."""
    from trilingual.release.dates import language_name

    page = feed_path(lang)
    published = feed_entries(
        site.meta(lang, slug) for edition in site.editions for slug in edition.slugs
    )
    entries = []
    for meta in published:
        href = site.absolute(page, article_path(lang, meta.slug))
        entries.append({
            "title": meta.title,
            "id": href if site.base_url else f"tag:trilingual,{meta.date}:{lang}/{meta.slug}",
            "href": href,
            "updated": _stamp(meta.date),
            "author": meta.author,
            "section": meta.section,
            "summary": meta.summary,
            "content": site.body_html(lang, meta.slug),
        })
    updated = _stamp(max((m.date for m in published), default="1970-01-01"))
    feed_id = (site.absolute(page, page) if site.base_url
               else f"tag:trilingual,2024:{site.site_title.replace(' ', '-').lower()}/{lang}")
    return site.env.get_template("feed.xml").render({
        "lang": lang,
        "site_title": site.title_of(lang),
        "language_name": language_name(lang),
        "feed_id": feed_id,
        "updated": updated,
        "self_href": site.absolute(page, page),
        "home_href": site.absolute(page, index_path(lang)),
        "entries": entries,
    })
