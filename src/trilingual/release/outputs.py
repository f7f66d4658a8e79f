"""The outputs of a release: what each one is keyed on, and which builder makes each kind.

Each output is planned as an :class:`Output` with a key, the digest of exactly the inputs it
depends on; an output whose key and file match the manifest is not built again. An article's
own outputs (its page, its parallel view, its Markdown) depend on that article alone; the
global outputs (landing, indexes, editions, newsletters, feeds, sitemap, images, static
files) on the metadata of the articles they list. :data:`KINDS` maps each kind of output to
the function that builds its bytes from the release's :class:`~trilingual.release.site.Site`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from trilingual.release import feeds, paths, search
from trilingual.release.edition import Edition, with_articles
from trilingual.release.head import SEARCH_JS
from trilingual.release.manifest import cheap_key
from trilingual.release.model import ArticleMeta

if TYPE_CHECKING:
    from trilingual.release.site import Site

Metas = Mapping[tuple[str, str], ArticleMeta]


@dataclass(frozen=True)
class Output:
    """One file of the release: where it goes, its key, and how it is built."""

    rel: str
    key: str
    kind: str  # a key of KINDS
    args: tuple[Any, ...] = ()

    def build(self, site: Site) -> str | bytes:
        """The output's bytes (or text, written as UTF-8)."""
        return KINDS[self.kind](site, *self.args)


def _stylesheet(site: Site) -> str:
    """The site's CSS (the project's ``templates/style.css`` when it has one)."""
    assert site.env.loader is not None
    return site.env.loader.get_source(site.env, "style.css")[0]


def _static(site: Site, name: str) -> str:
    """A template file copied as is (the search box's script)."""
    assert site.env.loader is not None
    return site.env.loader.get_source(site.env, name)[0]


def _image(_site: Site, path: str) -> bytes:
    return Path(path).read_bytes()


# (the builders that need Jinja2 are imported on first use: a release with nothing to build
# imports no template machinery)
def _newsletter(site: Site, lang: str, edition: Edition) -> str:
    from trilingual.release.newsletter import build_newsletter

    return build_newsletter(site, lang, edition)


def _parallel(site: Site, lang: str, slug: str) -> str:
    from trilingual.release.views import build_parallel

    return build_parallel(site, lang, slug)


def _markdown(site: Site, lang: str, slug: str) -> str:
    from trilingual.release.views import build_markdown

    return build_markdown(site, lang, slug)


KINDS: Mapping[str, Callable[..., str | bytes]] = MappingProxyType({
    "css": _stylesheet,
    "static": _static,
    "sitemap": search.build_sitemap,
    "landing": lambda site: site.landing(),
    "image": _image,
    "index": lambda site, lang: site.index(lang),
    "feed": feeds.build_feed,
    "edition": lambda site, lang, edition: site.edition(lang, edition),
    "newsletter": _newsletter,
    "article": lambda site, lang, slug: site.article(lang, slug),
    "parallel": _parallel,
    "markdown": _markdown,
})


def article_outputs(langs: tuple[str, ...], global_key: str, slug: str,
                    metas: Mapping[str, ArticleMeta], images: Mapping[str, str]) -> list[Output]:
    """The article's own outputs in every language (they depend on nothing else)."""
    source = metas[langs[0]]
    edition = source.edition
    every = [metas[lang].digest for lang in langs]
    published = "".join("1" if metas[lang].published else "0" for lang in langs)
    items = []
    for lang in langs:
        meta = metas[lang]
        own = (global_key, lang, edition, meta.digest, source.digest, published,
               images.get(meta.image_src, ""))
        items.append(Output(paths.article_path(lang, slug), cheap_key("article", *own),
                            "article", (lang, slug)))
        items.append(Output(paths.parallel_path(lang, slug),
                            cheap_key("parallel", global_key, lang, edition, *every),
                            "parallel", (lang, slug)))
        if meta.published:
            items.append(Output(paths.markdown_path(lang, slug), cheap_key("markdown", *own),
                                "markdown", (lang, slug)))
    return items


@dataclass(frozen=True)
class Listing:
    """What the global outputs are planned from: the metadata of every article."""

    langs: tuple[str, ...]
    metas: Metas
    cards: Mapping[tuple[str, str], str]  # digest of what listing pages show of an article
    editions: list[Edition]
    images: Mapping[str, Path]  # image src -> file
    image_out: Mapping[str, str]  # image src -> output path
    feed_lists: Mapping[str, list[ArticleMeta]]  # lang -> the articles its feed shows


def global_outputs(listing: Listing, key: Callable[..., str]) -> list[Output]:
    """The outputs that list articles (or belong to none), keyed on the metadata they show."""
    langs, metas, editions = listing.langs, listing.metas, listing.editions
    source = langs[0]
    shape = [[e.key, list(e.slugs)] for e in editions]

    def listed(lang: str, slugs: Iterable[str]) -> list[str]:
        return [listing.cards[(lang, s)] for s in slugs]

    published = "".join("1" if metas[(lang, slug)].published else "0"
                        for edition in editions for slug in edition.slugs for lang in langs)
    plan = [
        Output(paths.css_path(), key("css"), "css"),
        Output(SEARCH_JS, key("static", "search.js"), "static", ("search.js",)),
        Output("sitemap.xml", key("sitemap", shape, published), "sitemap"),
        Output(paths.landing_path(), key("landing", [
            [e.key for e in with_articles(editions, published_in(metas, lang))[:1]]
            for lang in langs]), "landing"),
    ]
    for src, path in sorted(listing.images.items()):
        plan.append(Output(listing.image_out[src], key("image", path.read_bytes()), "image",
                           (str(path),)))
    all_slugs = [s for e in editions for s in e.slugs]
    for lang in langs:
        plan.append(Output(paths.index_path(lang), key("index", lang, shape, listed(
            lang, all_slugs), listed(source, all_slugs)), "index", (lang,)))
        plan.append(Output(paths.feed_path(lang),
                           key("feed", lang, [m.digest for m in listing.feed_lists[lang]]),
                           "feed", (lang,)))
        for edition in editions:
            deps = [edition.key, list(edition.slugs), listed(lang, edition.slugs),
                    listed(source, edition.slugs)]
            plan.append(Output(paths.edition_path(lang, edition.key),
                               key("edition", lang, deps), "edition", (lang, edition)))
            plan.append(Output(paths.newsletter_path(lang, edition.key),
                               key("newsletter", lang, deps), "newsletter", (lang, edition)))
    return plan


def published_in(metas: Metas, lang: str) -> Callable[[str], bool]:
    return lambda slug: metas[(lang, slug)].published


def feed_lists(metas: Metas, langs: tuple[str, ...]) -> dict[str, list[ArticleMeta]]:
    """Per language, the articles its feed shows."""
    return {lang: feeds.feed_entries(m for (other, _), m in metas.items() if other == lang)
            for lang in langs}
