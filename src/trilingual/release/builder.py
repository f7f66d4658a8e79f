"""Building the outputs of one release: freshness against the manifest, rendering, staging.

A :class:`Builder` holds what every build step of one release needs (the project, the output
and staging folders, the languages, the global key, the last manifest, the renderer, the QA
gate, the Jinja2 environment). :meth:`Builder.article_unit` is the work of one article: its
metadata in every language and its own pages when stale; the worker processes of
:mod:`trilingual.release.pool` run it for many articles at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trilingual.project import Project
from trilingual.release import paths
from trilingual.release.edition import Edition, article_dates
from trilingual.release.manifest import Manifest, OutputRecord, digest, signature
from trilingual.release.model import ArticleMeta
from trilingual.release.outputs import Output, article_outputs
from trilingual.release.qa import ReleaseQA
from trilingual.release.staging import stage

if TYPE_CHECKING:
    import jinja2

    from trilingual.document import Document
    from trilingual.release.site import Site
    from trilingual.render import Rendered


def article_meta(
    slug: str, lang: str, key: str, rendered: Rendered, english: ArticleMeta | None,
    qa: tuple[str, ...] = (),
) -> ArticleMeta:
    """The metadata of ``slug`` in ``lang`` from its rendered front matter."""
    front = rendered.front_matter
    path = rendered.document.path if rendered.document is not None else slug

    def text(name: str) -> str:
        value = front.get(name)
        return "" if value is None else str(value)

    image = front.get("image") if isinstance(front.get("image"), dict) else {}
    assert isinstance(image, dict)
    day, monday = article_dates(front, path)
    tags = front.get("tags") or []
    section = text("section")
    return ArticleMeta(
        slug=slug, lang=lang, digest=key,
        title=text("title") or slug, date=day.isoformat(), edition=monday.isoformat(),
        section=section, section_key=english.section if english is not None else section,
        subtitle=text("subtitle"), summary=text("summary"), author=text("author"),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (str(tags),),
        image_src=str(image.get("src") or ""), image_alt=str(image.get("alt") or ""),
        image_credit=str(image.get("credit") or ""),
        problems=tuple(p.format(lang) for p in rendered.problems), qa=qa,
    )


def card(meta: ArticleMeta) -> str:
    """Digest of what listing pages show of an article (everything but its text)."""
    return digest([getattr(meta, f.name) for f in dataclasses.fields(meta) if f.name != "digest"])


class Renderer:
    """Renders articles on demand; the English Document is read once for all languages."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.source = project.config.source_language
        self.cache: dict[tuple[str, str], Rendered] = {}
        self.documents: dict[str, Document] = {}
        self.count = 0

    def __call__(self, lang: str, slug: str) -> Rendered:
        from trilingual.render import Rendered, load_entries, render_document
        from trilingual.source import read_document

        if (lang, slug) not in self.cache:
            if slug not in self.documents:
                path = self.project.article_path(slug)
                self.documents[slug] = read_document(path, self.project.relpath(path),
                                                     self.project.config.translatable_keys)
            doc = self.documents[slug]
            if lang == self.source:
                self.cache[(lang, slug)] = Rendered(lang, doc.text, doc.text[doc.body_start:],
                                                    dict(doc.front_matter), (), doc)
            else:
                self.cache[(lang, slug)] = render_document(
                    doc, load_entries(self.project, lang, slug), lang, escape_html=True)
            self.count += 1
        return self.cache[(lang, slug)]

    def forget(self, slug: str) -> None:
        """Drop what was kept of ``slug``."""
        self.documents.pop(slug, None)
        for key in [k for k in self.cache if k[1] == slug]:
            del self.cache[key]


@dataclass
class Built:
    """What building some outputs did."""

    records: dict[str, OutputRecord] = field(default_factory=dict)
    built: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # whose bytes changed (they are staged)
    bodies: dict[str, str] = field(default_factory=dict)  # meta digest -> body HTML
    renders: int = 0


@dataclass
class UnitResult(Built):
    """What the work on one article did, and its metadata in every language."""

    slug: str = ""
    metas: list[ArticleMeta] = field(default_factory=list)


# one article's work: (slug, its per-language digests, the metadata the manifest still holds)
Unit = tuple[str, list[str], dict[str, ArticleMeta]]


class Builder:
    """Everything a release needs to build pages, shared by the worker processes (fork)."""

    def __init__(self, project: Project, out: Path, staging: Path, langs: tuple[str, ...],
                 global_key: str, manifest: Manifest) -> None:
        self.project = project
        self.out = out
        self.staging = staging
        self.langs = langs
        self.source = langs[0]
        self.global_key = global_key
        self.manifest = manifest
        self.renderer = Renderer(project)
        self.qa = ReleaseQA(project)
        self.out_prefix = f"{out}{os.sep}"
        self._images: dict[str, Path | None] = {}
        self._env: jinja2.Environment | None = None

    def key(self, *parts: object) -> str:
        return digest(self.global_key, *parts)

    def images(self, sources: Iterable[str]) -> dict[str, Path]:
        """The image files that exist for ``sources`` (looked up once per release)."""
        found = {}
        for src in sources:
            if src not in self._images:
                self._images[src] = paths.existing_images(self.project, [src]).get(src)
            file = self._images[src]
            if file is not None:
                found[src] = file
        return found

    def image_paths(self, metas: Iterable[ArticleMeta]) -> dict[str, str]:
        """Image src -> output path, for the images of ``metas`` that exist."""
        return {src: paths.image_path(src) for src in self.images(m.image_src for m in metas)}

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            from trilingual.release.site import make_environment

            self._env = make_environment(self.project, self.project.state_dir / "jinja")
        return self._env

    def site(self, metas: dict[tuple[str, str], ArticleMeta], editions: list[Edition],
             images: dict[str, str], bodies: dict[str, str] | None = None) -> Site:
        from trilingual.release.site import Site

        return Site(self.project, self.env, metas, editions, self.renderer, images, bodies)

    # freshness ------------------------------------------------------------------------------

    def stale(self, items: Iterable[Output], records: dict[str, OutputRecord]) -> list[Output]:
        """The items whose output must be built; the record of every fresh one goes into
        ``records``."""
        out = []
        for item in items:
            record = self.fresh(item)
            if record is None:
                out.append(item)
            else:
                records[item.rel] = record
        return out

    def fresh(self, item: Output) -> OutputRecord | None:
        """The manifest record of ``item`` when its file on disk is up to date, else None."""
        old = self.manifest.output(item.rel)
        if old is None or old.key != item.key:
            return None
        try:
            st = os.stat(self.out_prefix + item.rel)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        # (a plain tuple: this runs for every output of every release)
        if old[2:] == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) and \
                st.st_mtime_ns < self.manifest.trusted_before:
            return old
        try:
            data = (self.out / item.rel).read_bytes()
        except OSError:
            return None
        return OutputRecord(item.key, old.digest, *signature(st)) \
            if digest(data) == old.digest else None

    # building -------------------------------------------------------------------------------

    def build(self, items: list[Output], site: Site, into: Built) -> None:
        """Build and stage ``items`` (all stale) with ``site``; what was done goes ``into``."""
        for item in items:
            record, changed = stage(self.out, self.staging, item.rel, item.key, item.build(site))
            into.records[item.rel] = record
            into.built.append(item.rel)
            if changed:
                into.written.append(item.rel)
            if item.kind == "article" and site.meta(*item.args).published:
                into.bodies[site.meta(*item.args).digest] = site.body_html(*item.args)

    def article_unit(self, slug: str, digests: list[str],
                     known: dict[str, ArticleMeta]) -> UnitResult:
        """Metadata of ``slug`` in every language, and its own pages built when stale."""
        metas: dict[str, ArticleMeta] = {}
        english: ArticleMeta | None = None
        targets = self.langs[1:]
        # (a target's digest holds every catalog: the cross-language checks read them all)
        qa = self.qa.article(slug, targets) if any(t not in known for t in targets) else {}
        for lang, key in zip(self.langs, digests, strict=True):
            meta = known.get(lang)
            if meta is None:
                meta = article_meta(slug, lang, key, self.renderer(lang, slug), english,
                                    qa.get(lang, ()))
            metas[lang] = meta
            if lang == self.source:
                english = meta
        images = self.image_paths(metas.values())
        result = UnitResult(slug=slug, metas=list(metas.values()))
        stale = self.stale(article_outputs(self.langs, self.global_key, slug, metas, images),
                           result.records)
        if stale:
            monday = dt.date.fromisoformat(metas[self.source].edition)
            site = self.site({(lang, slug): m for lang, m in metas.items()},
                             [Edition(monday, (slug,))], images)
            self.build(stale, site, result)
        result.renders = self.renderer.count
        self.renderer.count = 0
        self.renderer.forget(slug)
        return result
