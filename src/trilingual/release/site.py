"""The pages of the static site, rendered through Jinja2 templates with autoescape on.

Every page is a pure function of the release's article metadata and (for article pages) the
rendered translation, so the build can decide from digests alone which pages need rebuilding.
Links between pages are relative, so the site works from any folder or from ``file://``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from trilingual.project import Project
from trilingual.release import head, paths
from trilingual.release.dates import format_day, format_interval, language_name, text_direction
from trilingual.release.edition import Edition, with_articles
from trilingual.release.footnotes import number_blocks, with_footnotes
from trilingual.release.markup import markdown_blocks, markdown_html
from trilingual.release.model import ArticleMeta
from trilingual.release.paths import (
    TEMPLATE_NAMES,
    article_path,
    css_path,
    edition_path,
    feed_path,
    image_path,
    index_path,
    landing_path,
    markdown_path,
    newsletter_path,
    parallel_path,
    relative,
    safe_relative,
)
from trilingual.release.ui import site_identity, ui_strings
from trilingual.safety import scrub_output

if TYPE_CHECKING:
    from trilingual.render import Rendered

__all__ = [
    "TEMPLATE_NAMES", "Site", "article_path", "css_path", "edition_path", "existing_images",
    "feed_path", "image_path", "index_path", "landing_path", "make_environment",
    "markdown_path", "newsletter_path", "parallel_path", "relative", "safe_relative",
    "template_sources",
]

# --- templates ----------------------------------------------------------------------------------

def make_environment(project: Project, cache_dir: Path | None = None) -> jinja2.Environment:
    """Templates from the project's ``templates/`` folder first, then the built-in ones.

    With ``cache_dir``, compiled templates are kept there (Jinja2's bytecode cache, keyed on
    each template's source), so a release does not compile them again.
    """
    loaders: list[jinja2.BaseLoader] = []
    own = project.root / "templates"
    if own.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(own)))
    loaders.append(jinja2.PackageLoader("trilingual", "templates"))
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        finalize=_finalize,
        bytecode_cache=_BytecodeCache(str(cache_dir)) if cache_dir else None,
    )


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's compiled-template cache; failing to store in it (disk full) costs only time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _finalize(value: Any) -> Any:
    """Every value a template prints: control characters never reach HTML or XML output."""
    if isinstance(value, str):
        cleaned = scrub_output(value)
        if cleaned is not value:
            return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def template_sources(env: jinja2.Environment) -> dict[str, str]:
    """The source text of every template the site uses (for the build digest)."""
    assert env.loader is not None
    return {name: env.loader.get_source(env, name)[0] for name in TEMPLATE_NAMES}


# --- the site -----------------------------------------------------------------------------------

class Site:
    """Renders the pages of one release."""

    def __init__(
        self,
        project: Project,
        env: jinja2.Environment,
        metas: Mapping[tuple[str, str], ArticleMeta],
        editions: Sequence[Edition],
        rendered: Callable[[str, str], Rendered],
        images: Mapping[str, str],
        bodies: Mapping[str, str] | None = None,
    ) -> None:
        self.project = project
        self.env = env
        self.metas = metas
        self.editions = list(editions)
        self.rendered = rendered
        self.images = images  # image src -> output path, for images that exist
        self.source = project.config.source_language
        self.langs = (self.source, *project.config.languages)
        self.site_title = project.config.site_title
        self.base_url = project.config.base_url.rstrip("/")
        self.bodies = bodies if bodies is not None else {}  # meta digest -> body HTML
        self._html: dict[tuple[str, str], str] = {}
        self._blocks: dict[tuple[str, str], list[str]] = {}

    def body_html(self, lang: str, slug: str) -> str:
        """The article body in ``lang`` as HTML (computed once per release, or known already
        from ``bodies`` by the digest of the article's metadata)."""
        if (lang, slug) not in self._html:
            known = self.bodies.get(self.metas[(lang, slug)].digest)
            self._html[(lang, slug)] = known if known is not None else with_footnotes(
                markdown_html(self.rendered(lang, slug).body),
                back=ui_strings(lang)["footnote_back"])
        return self._html[(lang, slug)]

    def computed_bodies(self) -> dict[str, str]:
        """The body HTML computed so far, by the digest of the article's metadata."""
        return {self.metas[key].digest: html for key, html in self._html.items()}

    def forget(self, slug: str) -> None:
        """Drop the HTML kept for ``slug`` (the build is done with its pages)."""
        for lang in self.langs:
            self._html.pop((lang, slug), None)
            self._blocks.pop((lang, slug), None)

    def body_blocks(self, lang: str, slug: str) -> list[str]:
        """The article body in ``lang`` as HTML, one string per top-level block."""
        if (lang, slug) not in self._blocks:
            body = self.rendered(lang, slug).body
            self._blocks[(lang, slug)] = number_blocks(body, markdown_blocks(body))
        return self._blocks[(lang, slug)]

    # helpers -----------------------------------------------------------------------------------

    def url(self, from_page: str, to_page: str) -> str:
        """Absolute URL when a base URL is configured and wanted, else relative."""
        return relative(from_page, to_page)

    def absolute(self, from_page: str, to_page: str) -> str:
        """``base_url/to_page`` when ``base_url`` is set, else the relative URL."""
        if self.base_url:
            return f"{self.base_url}/{to_page}"
        return relative(from_page, to_page)

    def title_of(self, lang: str) -> str:
        """The site's title in ``lang``."""
        return site_identity(self.project.config, lang)[0]

    def meta(self, lang: str, slug: str) -> ArticleMeta:
        """Metadata of ``slug`` in ``lang``."""
        return self.metas[(lang, slug)]

    def page_context(
        self, lang: str, page: str, title: str, kind: str, same_page: Callable[[str], str],
        alternates: Sequence[str], *, x_default: str | None = None, **extra: Any,
    ) -> dict[str, Any]:
        """The values every page shows; ``extra`` goes to :func:`head.head` (description,
        image, canonical, robots...). ``alternates`` are the languages of the page's group
        (with ``x_default``, else the source language's page when it is one of them)."""
        title_text, tagline = site_identity(self.project.config, lang)
        if x_default is None and self.source in alternates:
            x_default = same_page(self.source)
        links = head.alternates(self.base_url, page, same_page, alternates, x_default)
        extra.setdefault("description", tagline)
        return {
            "lang": lang,
            "dir": text_direction(lang),
            "ui": ui_strings(lang),
            "site_title": title_text,
            "tagline": tagline,
            "page_title": title,
            "page_kind": kind,
            "css": relative(page, css_path()),
            "home": relative(page, landing_path()),
            "lang_home": relative(page, index_path(lang)),
            "feed": relative(page, feed_path(lang)),
            "source_lang": self.source,
            "switcher": [
                {"lang": other, "name": language_name(other), "current": other == lang,
                 "href": relative(page, same_page(other))}
                for other in self.langs
            ],
            "search_translations": head.search_translations(ui_strings(lang)),
            **head.head(self.base_url, lang, page, alternates=links, **extra),
        }

    def _teaser(self, page: str, meta: ArticleMeta) -> dict[str, Any]:
        return {
            "href": relative(page, article_path(meta.lang, meta.slug)),
            "abs_href": self.absolute(page, article_path(meta.lang, meta.slug)),
            "title": meta.title, "subtitle": meta.subtitle, "summary": meta.summary,
            "author": meta.author, "date": meta.date,
            "date_display": format_day(meta.day, meta.lang),
            "original": relative(page, article_path(self.source, meta.slug)),
            "abs_original": self.absolute(page, article_path(self.source, meta.slug)),
        }

    def edition_context(self, lang: str, edition: Edition, page: str) -> dict[str, Any]:
        """Period title, sections (in order of first appearance) and omitted articles."""
        sections: dict[str, dict[str, Any]] = {}
        omitted = []
        for slug in edition.slugs:
            meta = self.meta(lang, slug)
            if not meta.published:
                omitted.append(self._teaser(page, self.meta(self.source, slug)))
                continue
            group = sections.setdefault(meta.section_key, {"name": meta.section, "articles": []})
            group["articles"].append(self._teaser(page, meta))
        return {
            "key": edition.key,
            "title": format_interval(edition.monday, edition.sunday, lang),
            "href": self.absolute(page, edition_path(lang, edition.key)),
            "newsletter": relative(page, newsletter_path(lang, edition.key)),
            "sections": list(sections.values()),
            "omitted": omitted,
        }

    def edition_of(self, slug: str) -> Edition:
        """The edition holding ``slug``."""
        return next(e for e in self.editions if slug in e.slugs)

    def linked_editions(self, lang: str) -> list[Edition]:
        """The editions ``lang`` links to: those with at least one article published in it."""
        return with_articles(self.editions, lambda slug: self.meta(lang, slug).published)

    def published_langs(self, slug: str) -> list[str]:
        """Languages in which ``slug`` is published."""
        return [lang for lang in self.langs if self.meta(lang, slug).published]

    # pages -------------------------------------------------------------------------------------

    def landing(self) -> str:
        """The landing page: one entry per language with its latest edition."""
        page = landing_path()
        languages = []
        for lang in self.langs:
            latest = None
            linked = self.linked_editions(lang)
            if linked:
                edition = linked[0]
                latest = {"title": format_interval(edition.monday, edition.sunday, lang),
                          "href": relative(page, edition_path(lang, edition.key))}
            title, tagline = site_identity(self.project.config, lang)
            languages.append({"lang": lang, "name": language_name(lang), "ui": ui_strings(lang),
                              "site_title": title, "tagline": tagline,
                              "href": relative(page, index_path(lang)), "latest": latest})
        context = self.page_context(self.source, page, "", "landing", index_path, self.langs,
                             x_default=landing_path())
        context["feed"] = ""
        context["languages"] = languages
        return self.env.get_template("landing.html").render(context)

    def index(self, lang: str) -> str:
        """A language's list of editions, newest first."""
        page = index_path(lang)
        editions = []
        for edition in self.linked_editions(lang):
            context = self.edition_context(lang, edition, page)
            context["href"] = relative(page, edition_path(lang, edition.key))
            context["articles"] = [a for s in context["sections"] for a in s["articles"]]
            editions.append(context)
        context = self.page_context(lang, page, ui_strings(lang)["editions"], "index", index_path,
                             self.langs, x_default=landing_path())
        context["editions"] = editions
        return self.env.get_template("index.html").render(context)

    def edition(self, lang: str, edition: Edition) -> str:
        """An edition page: its period and its articles grouped by section."""
        page = edition_path(lang, edition.key)
        data = self.edition_context(lang, edition, page)
        context = self.page_context(lang, page, data["title"], "edition",
                             lambda other: edition_path(other, edition.key), self.langs)
        context["edition"] = data
        return self.env.get_template("edition.html").render(context)

    def article(self, lang: str, slug: str) -> str:
        """An article page, or the notice page when ``slug`` is not published in ``lang``."""
        page = article_path(lang, slug)
        meta = self.meta(lang, slug)
        edition = self.edition_of(slug)
        data = self._teaser(page, meta)
        data.update({
            "section": meta.section, "tags": list(meta.tags),
            "edition_href": relative(page, edition_path(lang, edition.key)),
            "edition_title": format_interval(edition.monday, edition.sunday, lang),
            "parallel_href": relative(page, parallel_path(lang, slug)),
            "image": None,
        })
        if not meta.published:
            data["title"] = self.meta(self.source, slug).title
            context = self.page_context(lang, page, data["title"], "notice",
                                 lambda other: article_path(other, slug), (),
                                 robots="noindex",
                                 canonical=article_path(self.source, slug))
            context["article"] = data
            return self.env.get_template("notice.html").render(context)
        if meta.image_src in self.images:
            data["image"] = {"href": relative(page, self.images[meta.image_src]),
                             "alt": meta.image_alt, "credit": meta.image_credit}
        data["body"] = Markup(self.body_html(lang, slug))
        context = self.page_context(lang, page, meta.title, "article",
                             lambda other: article_path(other, slug), self.published_langs(slug),
                             description=meta.summary or meta.subtitle, og_type="article",
                             image=self.images.get(meta.image_src, ""),
                             image_alt=meta.image_alt, indexed=True)
        context["article"] = data
        return self.env.get_template("article.html").render(context)


def existing_images(project: Project, metas: Sequence[ArticleMeta]) -> dict[str, Path]:
    """Image sources of the front matter that exist inside the project: src -> file."""
    return paths.existing_images(project, (meta.image_src for meta in metas))
