"""``release_project``: build every published output of a project into one folder, incrementally.

Each output file is planned with a key: the digest of exactly the inputs it depends on (the
English article, the catalogs of the languages it shows, the editions' shape, the templates,
the configuration and the code). A manifest in ``.trilingual/`` remembers each output's key and
the digest of the bytes written, so a release with nothing changed renders nothing and writes
nothing, and after one article changes only the pages that show it are rebuilt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

import trilingual
from trilingual.document import Document
from trilingual.errors import ConfigError, ReleaseBlocked, UsageError
from trilingual.fsutil import write_atomic
from trilingual.project import Project
from trilingual.release import feeds, newsletter, site
from trilingual.release.edition import Edition, article_dates, group_editions
from trilingual.release.model import ArticleMeta
from trilingual.render import Rendered, load_entries, render_document
from trilingual.source import read_document

MANIFEST_VERSION = 1
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


class IncompleteRelease(ReleaseBlocked):
    """The policy is ``fail`` and some articles lack reviewed translations (see ``missing``)."""

    def __init__(self, message: str, missing: Iterable[str]) -> None:
        super().__init__(message)
        self.missing = tuple(missing)


@dataclass(frozen=True)
class ReleaseReport:
    """What a release did."""

    out_dir: Path
    pages: dict[str, int]  # HTML pages per language folder (plus "" for the landing page)
    outputs: int  # files the release consists of
    built: tuple[str, ...]  # outputs regenerated because an input changed
    written: tuple[str, ...]  # outputs whose bytes changed on disk
    removed: tuple[str, ...]  # stale outputs deleted
    omitted: tuple[tuple[str, str, int], ...]  # (lang, slug, segments lacking review)
    renders: int  # article renders performed
    seconds: float = field(compare=False)


@dataclass(frozen=True)
class _Output:
    rel: str
    key: str
    build: Callable[[], str | bytes]


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


# Modules whose code shapes the published bytes: a change to any of them rebuilds everything.
_CODE = ("release/*.py", "render.py", "source.py", "segment.py", "placeholder.py",
         "document.py", "catalog.py", "__init__.py")


def _code_digest() -> str:
    """Digest of the code that shapes the output (and of trilingual's version)."""
    package = Path(trilingual.__file__).parent
    files = sorted({p for pattern in _CODE for p in package.glob(pattern)})
    return _digest(trilingual.__version__,
                   *(f.relative_to(package).as_posix().encode() + f.read_bytes() for f in files))


def _manifest_path(project: Project, out: Path) -> Path:
    return project.state_dir / f"release-{_digest(str(out))[:16]}.json"


def _load_manifest(path: Path, global_key: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return {}
    if data.get("global") != global_key:
        data["articles"] = {}  # configuration, templates or code changed: trust no metadata
    return data


def _output_dir(project: Project, out_dir: Path | str | None) -> Path:
    out = Path(out_dir) if out_dir is not None else project.root / project.config.release_out_dir
    out = out.resolve()
    if out == project.root or project.root.is_relative_to(out) or \
            out in (project.articles_dir.resolve(), project.locales_dir.resolve()):
        raise UsageError(f"refusing to release into {out} (it holds the project's sources)")
    return out


def _meta(
    slug: str, lang: str, digest: str, rendered: Rendered, english: ArticleMeta | None
) -> ArticleMeta:
    front = rendered.front_matter
    path = rendered.document.path if rendered.document is not None else slug

    def text(key: str) -> str:
        value = front.get(key)
        return "" if value is None else str(value)

    image = front.get("image") if isinstance(front.get("image"), dict) else {}
    assert isinstance(image, dict)
    day, monday = article_dates(front, path)
    tags = front.get("tags") or []
    section = text("section")
    return ArticleMeta(
        slug=slug, lang=lang, digest=digest,
        title=text("title") or slug, date=day.isoformat(), edition=monday.isoformat(),
        section=section, section_key=english.section if english is not None else section,
        subtitle=text("subtitle"), summary=text("summary"), author=text("author"),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (str(tags),),
        image_src=str(image.get("src") or ""), image_alt=str(image.get("alt") or ""),
        image_credit=str(image.get("credit") or ""),
        problems=tuple(p.format(lang) for p in rendered.problems),
    )


def _blocked(metas: dict[tuple[str, str], ArticleMeta], langs: tuple[str, ...]) -> None:
    missing = [m for m in metas.values() if not m.published]
    if not missing:
        return
    parts = []
    for meta in sorted(missing, key=lambda m: (langs.index(m.lang), m.slug)):
        untranslated = sum("] untranslated:" in p for p in meta.problems)
        fuzzy = len(meta.problems) - untranslated
        parts.append(f"{meta.lang} {meta.slug} ({untranslated} untranslated, {fuzzy} fuzzy)")
    raise IncompleteRelease(
        f"release blocked: {len(missing)} article translation(s) not fully reviewed: "
        + "; ".join(parts),
        [p for m in missing for p in m.problems],
    )


def release_project(project: Project, out_dir: Path | str | None = None) -> ReleaseReport:
    """Build the site, feeds, newsletters and Markdown of every language into ``out_dir``.

    Raises :class:`IncompleteRelease` (a ``ReleaseBlocked``) when ``release.incomplete`` is
    ``fail`` and any article lacks reviewed translations; with ``omit`` such an article is left
    out of that language (its page becomes a notice linking the English original).
    """
    started = time.perf_counter()
    config = project.config
    source = config.source_language
    langs = (source, *config.languages)
    for lang in langs:
        if not _LANG_RE.match(lang):
            raise UsageError(f"language code {lang!r} cannot name an output folder")
        try:
            Locale.parse(lang)
        except (ValueError, UnknownLocaleError):
            raise ConfigError(f"no CLDR locale data for language {lang!r} (dates, names)",
                              path=project.root / "trilingual.yaml") from None
    out = _output_dir(project, out_dir)
    env = site.make_environment(project)
    settings = [source, list(config.languages), list(config.translatable_keys),
                config.release_incomplete, config.site_title, config.base_url]
    global_key = _digest(MANIFEST_VERSION, _code_digest(), site.template_sources(env), settings)
    manifest_path = _manifest_path(project, out)
    manifest = _load_manifest(manifest_path, global_key)
    old_articles: dict[str, Any] = manifest.get("articles", {})
    old_outputs: dict[str, list[str]] = manifest.get("outputs", {})

    cache: dict[tuple[str, str], Rendered] = {}
    documents: dict[str, Document] = {}

    def rendered(lang: str, slug: str) -> Rendered:
        """The article in ``lang``; the English Document is read once for all languages."""
        if (lang, slug) not in cache:
            if slug not in documents:
                path = project.article_path(slug)
                documents[slug] = read_document(path, project.relpath(path),
                                                config.translatable_keys)
            doc = documents[slug]
            if lang == source:
                cache[(lang, slug)] = Rendered(lang, doc.text, doc.text[doc.body_start:],
                                               dict(doc.front_matter), (), doc)
            else:
                cache[(lang, slug)] = render_document(
                    doc, load_entries(project, lang, slug), lang, escape_html=True)
        return cache[(lang, slug)]

    metas: dict[tuple[str, str], ArticleMeta] = {}
    for slug in project.slugs():
        article = project.article_path(slug).read_bytes()
        english: ArticleMeta | None = None
        for lang in langs:
            po = b"" if lang == source else _read_optional(project.po_path(lang, slug))
            digest = _digest(global_key, slug, lang, article, po)
            old = old_articles.get(f"{lang}/{slug}")
            meta = None
            if isinstance(old, dict) and old.get("digest") == digest:
                try:
                    meta = ArticleMeta.from_json(old)
                except (TypeError, ValueError):
                    meta = None  # a damaged manifest entry: render again
            if meta is None:
                meta = _meta(slug, lang, digest, rendered(lang, slug), english)
            metas[(lang, slug)] = meta
            if lang == source:
                english = meta
    if config.release_incomplete == "fail":
        _blocked(metas, langs)

    editions = group_editions(
        (slug, metas[(source, slug)].day, dt.date.fromisoformat(metas[(source, slug)].edition))
        for (lang, slug) in metas if lang == source
    )
    images = site.existing_images(project, [m for m in metas.values() if m.lang == source])
    image_out = {src: site.image_path(src) for src in images}
    pages = site.Site(project, env, metas, editions, rendered, image_out)
    plan = _plan(pages, langs, metas, editions, images, image_out, global_key)

    built: list[str] = []
    written: list[str] = []
    outputs: dict[str, list[str]] = {}
    for item in plan:
        target = _target(out, item.rel)
        old = old_outputs.get(item.rel)
        if old is not None and old[0] == item.key and _file_digest(target) == old[1]:
            outputs[item.rel] = old
            continue
        data = item.build()
        raw = data.encode("utf-8") if isinstance(data, str) else data
        built.append(item.rel)
        if write_atomic(target, raw):
            written.append(item.rel)
        outputs[item.rel] = [item.key, _digest(raw)]
    removed = []
    for rel in sorted(set(old_outputs) - set(outputs)):
        try:
            target = _target(out, rel)
        except UsageError:
            continue
        if target.is_file():
            target.unlink()
            removed.append(rel)
            _prune_empty(target.parent, out)
    articles_json = {f"{lang}/{slug}": meta.to_json() for (lang, slug), meta in metas.items()}
    project.state_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(manifest_path, json.dumps(
        {"version": MANIFEST_VERSION, "global": global_key, "out": str(out),
         "articles": articles_json, "outputs": outputs},
        ensure_ascii=False, sort_keys=True, indent=1,
    ) + "\n")
    counts: dict[str, int] = {}
    for rel in outputs:
        if rel.endswith(".html"):
            folder = rel.split("/", 1)[0] if "/" in rel else ""
            counts[folder] = counts.get(folder, 0) + 1
    omitted = tuple(
        (m.lang, m.slug, len(m.problems)) for m in metas.values() if not m.published
    )
    return ReleaseReport(
        out_dir=out, pages=counts, outputs=len(outputs), built=tuple(built),
        written=tuple(written), removed=tuple(removed), omitted=omitted, renders=len(cache),
        seconds=time.perf_counter() - started,
    )


def _prune_empty(folder: Path, out: Path) -> None:
    """Remove ``folder`` and its parents while they are empty, stopping at ``out``."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _read_optional(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def _file_digest(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError):
        return None


def _target(out: Path, rel: str) -> Path:
    """``out/rel``, refusing any path that would land outside ``out`` (also through symlinks)."""
    try:
        site.safe_relative(rel)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    target = out / rel
    if not target.resolve().is_relative_to(out):
        raise UsageError(f"output path {rel!r} resolves outside {out}")
    return target


def _plan(
    pages: site.Site,
    langs: tuple[str, ...],
    metas: dict[tuple[str, str], ArticleMeta],
    editions: list[Edition],
    images: dict[str, Path],
    image_out: dict[str, str],
    global_key: str,
) -> list[_Output]:
    """Every output with the key of its inputs, in a stable order."""
    source = langs[0]
    shape = [[e.key, list(e.slugs)] for e in editions]

    def digests(lang: str, slugs: Iterable[str]) -> list[str]:
        return [metas[(lang, s)].digest for s in slugs]

    def key(*parts: object) -> str:
        return _digest(global_key, *parts)

    plan = [
        _Output(site.css_path(), key("css"), pages.stylesheet),
        _Output(site.landing_path(), key("landing", [e.key for e in editions[:1]]),
                pages.landing),
    ]
    for src, path in sorted(images.items()):
        plan.append(_Output(image_out[src], key("image", path.read_bytes()), path.read_bytes))
    all_slugs = [s for e in editions for s in e.slugs]
    for lang in langs:
        plan.append(_Output(site.index_path(lang), key("index", lang, shape, digests(
            lang, all_slugs), digests(source, all_slugs)), _bind(pages.index, lang)))
        plan.append(_Output(site.feed_path(lang), key("feed", lang, digests(lang, all_slugs)),
                            _bind(feeds.build_feed, pages, lang)))
        for edition in editions:
            deps = [edition.key, list(edition.slugs), digests(lang, edition.slugs),
                    digests(source, edition.slugs)]
            plan.append(_Output(site.edition_path(lang, edition.key), key("edition", lang, deps),
                                _bind(pages.edition, lang, edition)))
            plan.append(_Output(site.newsletter_path(lang, edition.key),
                                key("newsletter", lang, deps),
                                _bind(newsletter.build_newsletter, pages, lang, edition)))
            for slug in edition.slugs:
                every = [metas[(other, slug)].digest for other in langs]
                published = [metas[(other, slug)].published for other in langs]
                own = [edition.key, metas[(lang, slug)].digest, metas[(source, slug)].digest,
                       published, image_out.get(metas[(lang, slug)].image_src, "")]
                plan.append(_Output(site.article_path(lang, slug), key("article", lang, own),
                                    _bind(pages.article, lang, slug)))
                plan.append(_Output(site.parallel_path(lang, slug),
                                    key("parallel", lang, edition.key, every),
                                    _bind(pages.parallel, lang, slug)))
                if metas[(lang, slug)].published:
                    plan.append(_Output(site.markdown_path(lang, slug),
                                        key("markdown", lang, own),
                                        _bind(pages.markdown, lang, slug)))
    return plan


def _bind(func: Callable[..., str], *args: Any) -> Callable[[], str]:
    return lambda: func(*args)
