"""``release_project``: build every published output of a project into one folder, incrementally.

Each output file is planned with a key: the digest of exactly the inputs it depends on (the
English article, the catalogs of the languages it shows, the editions' shape, the templates,
the configuration, the code and the libraries that shape the bytes). A manifest in
``.trilingual/`` remembers each output's key, the digest of the bytes written and the file's
stat signature, and the content digest and stat signature of every input, so a release with
nothing changed reads no article, catalog or output and renders nothing, and after one article
changes only the pages that show it are rebuilt.

The work is done in two steps. Per article (in worker processes when many articles changed):
render each language, derive its metadata and build its own pages (article, parallel view,
Markdown). Then, from the metadata alone, the pages that list articles (landing, indexes,
editions, newsletters, feeds). Every page built goes to a staging folder first and is moved
into place only when the whole release succeeded: a broken input, a blocked release or an
unsafe output path changes no file.

Stat signatures (size, mtime, ctime, inode) stand for content digests only when the file's
mtime is older than the manifest by more than :data:`RACY_NS`: a file changed within the
clock tick of its last check could look unchanged to ``stat``, so such a file is read and
hashed again (git's "racy" rule; ctime is not used for this test because moving a staged page
into place sets it, but any later write changes it and so the signature).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import importlib.util
import json
import marshal
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import trilingual
from trilingual.errors import ConfigError, ReleaseBlocked, UsageError
from trilingual.fsutil import write_atomic
from trilingual.project import Project
from trilingual.release import dates, paths
from trilingual.release.edition import Edition, article_dates, group_editions, with_articles
from trilingual.release.feeds import MAX_ENTRIES, feed_entries
from trilingual.release.head import SEARCH_JS
from trilingual.release.model import ArticleMeta
from trilingual.release.qa import ReleaseQA
from trilingual.workers import chunks, process_pool, worker_count

if TYPE_CHECKING:
    import jinja2

    from trilingual.document import Document
    from trilingual.release.site import Site
    from trilingual.render import Rendered

MANIFEST_VERSION = 5
MANIFEST_SUFFIX = ".manifest"
RACY_NS = 1_000_000_000  # a file this close to its manifest's time is hashed, never trusted
PARALLEL_MIN = 12  # articles to render before worker processes pay for themselves
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_LIBRARIES = ("babel", "jinja2", "markupsafe", "pyromark", "yaml", "polib", "pagefind")
_DIST_RE = re.compile(r"^(babel|jinja2|markupsafe|pyromark|pyyaml|polib|pagefind)-.*\.dist-info$",
                      re.I)


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
    qa: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (lang, slug, blocking QA issues)
    indexed: tuple[str, ...] = ()  # search shards (Pagefind bundles) built again


@dataclass(frozen=True)
class _Output:
    rel: str
    key: str
    kind: str  # which page builder makes it (see _Builder.build)
    args: tuple[Any, ...] = ()


# A manifest record of an output: [key, content digest, size, mtime_ns, ctime_ns, inode].
Record = list[Any]


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _key(*parts: str) -> str:
    """Digest of strings that hold no NUL (digests, dates, slugs, safe paths): a cheap key."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _signature(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


# Modules whose code shapes the published bytes: a change to any of them rebuilds everything.
_CODE = ("release/*.py", "render.py", "source.py", "segment.py", "placeholder.py",
         "document.py", "catalog.py", "po/*.py", "__init__.py")


def _code_digest() -> str:
    """Digest of the code that shapes the output (and of trilingual's version)."""
    package = Path(trilingual.__file__).parent
    files = sorted({p for pattern in _CODE for p in package.glob(pattern)})
    return _digest(trilingual.__version__,
                   *(f.relative_to(package).as_posix().encode() + f.read_bytes() for f in files))


def _library_versions() -> list[str]:
    """The installed versions of the libraries that shape the output (from their dist-info
    folder names, without importing them): upgrading Babel or pyromark rebuilds everything."""
    folders = set()
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            origin = Path(spec.origin)
            folders.add(origin.parent.parent if origin.name == "__init__.py" else origin.parent)
    found: list[str] = []
    for folder in sorted(folders):
        try:
            found.extend(n for n in os.listdir(folder) if _DIST_RE.match(n))
        except OSError:
            continue
    return sorted(found)


def _glossary_digest(project: Project) -> str:
    """Digest of ``glossary.yaml`` (the terminology check reads it), "" when there is none."""
    try:
        return hashlib.sha256((project.root / "glossary.yaml").read_bytes()).hexdigest()
    except OSError:
        return ""


def _state_name(out: Path) -> str:
    return f"release-{_digest(str(out))[:16]}"


@dataclass
class _Manifest:
    articles: dict[str, Any]
    inputs: dict[str, list[Any]]
    outputs: dict[str, Record]
    trusted_before: int  # stat signatures of files changed before this time (ns) are trusted
    same_global: bool


def _load_manifest(path: Path, global_key: str) -> _Manifest:
    """The manifest of the last release into this folder (empty if missing or unreadable).

    It is stored with ``marshal`` (our own state, rebuilt if Python's format changes): at
    N = 1,000 it holds 10,000 outputs, and JSON took a quarter of an incremental release.
    """
    empty = _Manifest({}, {}, {}, 0, False)
    try:
        with path.open("rb") as handle:
            mtime = os.fstat(handle.fileno()).st_mtime_ns
            data = marshal.loads(handle.read())
    except (FileNotFoundError, ValueError, EOFError, TypeError):
        return empty
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return empty
    parts = [data.get(name) for name in ("articles", "inputs", "outputs")]
    if not all(isinstance(part, dict) for part in parts):
        return empty
    articles, inputs, outputs = parts
    assert isinstance(articles, dict) and isinstance(inputs, dict) and isinstance(outputs, dict)
    same = data.get("global") == global_key
    if not same:
        articles = {}  # configuration, templates or code changed: trust no metadata
    return _Manifest(articles, inputs, outputs, mtime - RACY_NS, same)


def _output_dir(project: Project, out_dir: Path | str | None) -> Path:
    out = Path(out_dir) if out_dir is not None else project.root / project.config.release_out_dir
    out = out.resolve()
    if out == project.root or project.root.is_relative_to(out) or \
            out in (project.articles_dir.resolve(), project.locales_dir.resolve()):
        raise UsageError(f"refusing to release into {out} (it holds the project's sources)")
    return out


def _validate_languages(project: Project, langs: tuple[str, ...]) -> None:
    from babel import Locale, UnknownLocaleError

    for lang in langs:
        try:
            Locale.parse(lang)
        except (ValueError, UnknownLocaleError):
            raise ConfigError(f"no CLDR locale data for language {lang!r} (dates, names)",
                              path=project.root / "trilingual.yaml") from None


def _meta(
    slug: str, lang: str, digest: str, rendered: Rendered, english: ArticleMeta | None,
    qa: tuple[str, ...] = (),
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
        problems=tuple(p.format(lang) for p in rendered.problems), qa=qa,
    )


def _card(meta: ArticleMeta) -> str:
    """Digest of what listing pages show of an article (everything but its text)."""
    return _digest([getattr(meta, f.name) for f in dataclasses.fields(meta) if f.name != "digest"])


def _blocked(metas: dict[tuple[str, str], ArticleMeta], langs: tuple[str, ...]) -> None:
    missing = [m for m in metas.values() if not m.published]
    if not missing:
        return
    parts = []
    for meta in sorted(missing, key=lambda m: (langs.index(m.lang), m.slug)):
        untranslated = sum("] untranslated:" in p for p in meta.problems)
        fuzzy = len(meta.problems) - untranslated
        qa = f", {len(meta.qa)} QA issue(s)" if meta.qa else ""
        parts.append(f"{meta.lang} {meta.slug} ({untranslated} untranslated, {fuzzy} fuzzy{qa})")
    raise IncompleteRelease(
        f"release blocked: {len(missing)} article translation(s) not fully reviewed "
        "or failing QA: " + "; ".join(parts),
        [p for m in missing for p in (*m.problems, *m.qa)],
    )


# --- rendering and page building ------------------------------------------------------------------

class _Renderer:
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


class _Builder:
    """Everything a release needs to build pages, shared by the worker processes (fork)."""

    def __init__(self, project: Project, out: Path, staging: Path, langs: tuple[str, ...],
                 global_key: str, manifest: _Manifest) -> None:
        self.project = project
        self.out = out
        self.staging = staging
        self.langs = langs
        self.source = langs[0]
        self.global_key = global_key
        self.manifest = manifest
        self.renderer = _Renderer(project)
        self.qa = ReleaseQA(project)
        self.out_prefix = f"{out}{os.sep}"
        self._images: dict[str, Path | None] = {}
        self._env: jinja2.Environment | None = None

    def key(self, *parts: object) -> str:
        return _digest(self.global_key, *parts)

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

    def stale(self, items: Iterable[_Output], records: dict[str, Record]) -> list[_Output]:
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

    def fresh(self, item: _Output) -> Record | None:
        """The manifest record of ``item`` when its file on disk is up to date, else None."""
        old = self.manifest.outputs.get(item.rel)
        if not isinstance(old, list) or len(old) != 6 or old[0] != item.key:
            return None
        try:
            st = os.stat(self.out_prefix + item.rel)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        signature = _signature(st)
        if old[2:] == signature and st.st_mtime_ns < self.manifest.trusted_before:
            return old
        try:
            data = (self.out / item.rel).read_bytes()
        except OSError:
            return None
        return [item.key, old[1], *signature] if _digest(data) == old[1] else None

    # building -------------------------------------------------------------------------------

    def stage(self, item: _Output, data: str | bytes) -> tuple[Record, bool]:
        """Put ``data`` in the staging folder unless the output already holds exactly it.

        Returns the output's record (its signature is filled in after the move) and whether
        the bytes changed."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        digest = _digest(raw)
        target = self.out / item.rel
        try:
            st = os.stat(target)
            if stat.S_ISREG(st.st_mode) and target.read_bytes() == raw:
                return [item.key, digest, *_signature(st)], False
        except OSError:
            pass
        staged = self.staging / item.rel
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(raw)
        return [item.key, digest, 0, 0, 0, 0], True

    def build(self, item: _Output, site: Site) -> str | bytes:
        from trilingual.release import feeds, newsletter, search

        kind, args = item.kind, item.args
        if kind == "css":
            return site.stylesheet()
        if kind == "static":  # a template file copied as is (the search box's script)
            assert self.env.loader is not None
            return self.env.loader.get_source(self.env, args[0])[0]
        if kind == "sitemap":
            return search.build_sitemap(site)
        if kind == "landing":
            return site.landing()
        if kind == "image":
            return Path(args[0]).read_bytes()
        if kind == "index":
            return site.index(*args)
        if kind == "feed":
            return feeds.build_feed(site, *args)
        if kind == "edition":
            return site.edition(*args)
        if kind == "newsletter":
            return newsletter.build_newsletter(site, *args)
        if kind == "article":
            return site.article(*args)
        if kind == "parallel":
            return site.parallel(*args)
        if kind == "markdown":
            return site.markdown(*args)
        raise AssertionError(kind)

    # one article ----------------------------------------------------------------------------

    def article_outputs(self, slug: str, metas: dict[str, ArticleMeta],
                        images: dict[str, str]) -> list[_Output]:
        """The article's own outputs in every language (they depend on nothing else)."""
        source = metas[self.source]
        edition = source.edition
        every = [metas[lang].digest for lang in self.langs]
        published = "".join("1" if metas[lang].published else "0" for lang in self.langs)
        items = []
        for lang in self.langs:
            meta = metas[lang]
            own = (self.global_key, lang, edition, meta.digest, source.digest, published,
                   images.get(meta.image_src, ""))
            items.append(_Output(paths.article_path(lang, slug), _key("article", *own),
                                 "article", (lang, slug)))
            items.append(_Output(paths.parallel_path(lang, slug),
                                 _key("parallel", self.global_key, lang, edition, *every),
                                 "parallel", (lang, slug)))
            if meta.published:
                items.append(_Output(paths.markdown_path(lang, slug), _key("markdown", *own),
                                     "markdown", (lang, slug)))
        return items

    def article_unit(self, slug: str, digests: list[str],
                     known: dict[str, ArticleMeta]) -> _UnitResult:
        """Metadata of ``slug`` in every language, and its own pages built when stale."""
        metas: dict[str, ArticleMeta] = {}
        english: ArticleMeta | None = None
        targets = self.langs[1:]
        # (a target's digest holds every catalog: the cross-language checks read them all)
        qa = self.qa.article(slug, targets) if any(t not in known for t in targets) else {}
        for lang, digest in zip(self.langs, digests, strict=True):
            meta = known.get(lang)
            if meta is None:
                meta = _meta(slug, lang, digest, self.renderer(lang, slug), english,
                             qa.get(lang, ()))
            metas[lang] = meta
            if lang == self.source:
                english = meta
        images = {src: paths.image_path(src)
                  for src in self.images(m.image_src for m in metas.values())}
        result = _UnitResult(slug, list(metas.values()))
        items = self.article_outputs(slug, metas, images)
        stale = self.stale(items, result.records)
        if stale:
            monday = dt.date.fromisoformat(metas[self.source].edition)
            site = self.site({(lang, slug): m for lang, m in metas.items()},
                             [Edition(monday, (slug,))], images)
            for item in stale:
                record, changed = self.stage(item, self.build(item, site))
                result.records[item.rel] = record
                result.built.append(item.rel)
                if changed:
                    result.written.append(item.rel)
                if item.kind == "article" and metas[item.args[0]].published:
                    result.bodies[metas[item.args[0]].digest] = site.body_html(*item.args)
        result.renders = self.renderer.count
        self.renderer.count = 0
        self.renderer.forget(slug)
        return result


@dataclass
class _UnitResult:
    slug: str
    metas: list[ArticleMeta]
    records: dict[str, Record] = field(default_factory=dict)
    built: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)  # meta digest -> body HTML
    renders: int = 0


_BUILDER: _Builder | None = None  # the release being built, inherited by forked workers


def _work_chunk(chunk: list[tuple[str, list[str], dict[str, ArticleMeta]]]) -> list[_UnitResult]:
    assert _BUILDER is not None
    return [_BUILDER.article_unit(slug, digests, known) for slug, digests, known in chunk]


def _run_units(builder: _Builder, work: list[tuple[str, list[str], dict[str, ArticleMeta]]],
               ) -> Iterator[_UnitResult]:
    """Each article unit, in worker processes when there are many and more than one core."""
    renders = sum(len(builder.langs) - len(known) for _, _, known in work)
    workers = worker_count(None, renders, PARALLEL_MIN * len(builder.langs))
    if workers == 1:
        for slug, digests, known in work:
            yield builder.article_unit(slug, digests, known)
        return
    import trilingual.release.site  # (imported once, before the fork)
    import trilingual.render
    import trilingual.source  # noqa: F401

    global _BUILDER
    _BUILDER = builder
    parts = chunks(work, workers, most=16)
    try:
        # "fork", whatever TRILINGUAL_START_METHOD says: the workers inherit the builder
        with process_pool(workers, "fork") as pool:
            for part in pool.map(_work_chunk, parts):
                yield from part
    finally:
        _BUILDER = None


# --- the release ---------------------------------------------------------------------------------

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
    out = _output_dir(project, out_dir)
    templates = {name: hashlib.sha256(data).hexdigest()
                 for name, data in paths.template_bytes(project.root).items()}
    settings = [source, list(config.languages), list(config.translatable_keys),
                config.release_incomplete, config.site_title, config.base_url,
                config.release_qa, list(config.check_disable), _glossary_digest(project)]
    global_key = _digest(MANIFEST_VERSION, _code_digest(), _library_versions(), templates,
                         settings)
    state = project.state_dir / _state_name(out)
    manifest = _load_manifest(state.with_suffix(MANIFEST_SUFFIX), global_key)
    if not manifest.same_global:
        _validate_languages(project, langs)
    project.state_dir.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    # pages are built into a staging folder on the output's file system (moved, not copied)
    near = project.state_dir
    if os.stat(near).st_dev != os.stat(out.parent).st_dev:
        near = out.parent
    staging = Path(tempfile.mkdtemp(prefix=f"release-staging-{os.getpid()}-", dir=near))
    cldr_path = state.parent / f"{state.name}-cldr.json"
    if manifest.same_global:  # (the global key holds Babel's version)
        dates.MEMO.update(_load_bodies(cldr_path))
    known = len(dates.MEMO)
    try:
        report = _release(project, out, staging, langs, global_key, manifest, state, started)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if len(dates.MEMO) != known or not cldr_path.exists():
        write_atomic(cldr_path, json.dumps(dates.MEMO, ensure_ascii=False, sort_keys=True),
                     durable=False)
    return report


def _input_digests(project: Project, slugs: list[str], langs: tuple[str, ...],
                   manifest: _Manifest, inputs: dict[str, list[Any]]) -> dict[str, list[str]]:
    """Per article, the content digest of its English file and of each catalog ("" if none)."""
    found: dict[str, list[str]] = {}
    trusted = manifest.trusted_before
    old_inputs = manifest.inputs
    root = f"{project.root}{os.sep}"
    articles = project.articles_dir.resolve()
    plain = articles.is_relative_to(project.root)  # then a regular file in it is inside too
    catalogs = [str(project.po_path(lang, "x"))[:-len("x.po")] for lang in langs[1:]]

    def digest(name: str) -> str:
        rel = name[len(root):] if name.startswith(root) else name
        try:
            st = os.stat(name)
        except FileNotFoundError:
            return ""
        signature = _signature(st)
        old = old_inputs.get(rel)
        if isinstance(old, list) and len(old) == 5 and old[:4] == signature and \
                st.st_mtime_ns < trusted:
            value = str(old[4])
        else:
            try:
                with open(name, "rb") as handle:
                    value = hashlib.sha256(handle.read()).hexdigest()
            except FileNotFoundError:
                return ""
        inputs[rel] = [*signature, value]
        return value

    def article(slug: str) -> str:
        path = f"{articles}{os.sep}{slug}.md"
        if plain:
            try:
                if stat.S_ISREG(os.lstat(path).st_mode):  # not a symlink, not a FIFO
                    return path
            except OSError:
                pass
        return str(project.article_path(slug))  # the full checks (and their error)

    for slug in slugs:  # (valid slugs: project.slugs() checked them)
        found[slug] = [digest(article(slug))] + \
            [digest(f"{folder}{slug}.po") for folder in catalogs]
    return found


def _release(project: Project, out: Path, staging: Path, langs: tuple[str, ...],
             global_key: str, manifest: _Manifest, state: Path, started: float) -> ReleaseReport:
    source = langs[0]
    builder = _Builder(project, out, staging, langs, global_key, manifest)
    inputs: dict[str, list[Any]] = {}
    slugs = project.slugs()
    files = _input_digests(project, slugs, langs, manifest, inputs)

    metas: dict[tuple[str, str], ArticleMeta] = {}
    cards: dict[tuple[str, str], str] = {}
    entries: dict[tuple[str, str], dict[str, Any]] = {}  # manifest entries of known metas
    records: dict[str, Record] = {}
    built: list[str] = []
    written: list[str] = []
    bodies: dict[str, str] = {}
    renders = 0
    work = []
    for slug in slugs:
        article, *catalogs = files[slug]
        # a translation's metadata holds its QA verdict, and the cross-language checks read
        # every catalog of the article: a target language's digest covers them all
        digests = [_key(global_key, slug, lang, article, po, *(catalogs if po else ()))
                   for lang, po in zip(langs, ["", *catalogs], strict=True)]
        known: dict[str, ArticleMeta] = {}
        for lang, digest in zip(langs, digests, strict=True):
            old = manifest.articles.get(f"{lang}/{slug}")
            if isinstance(old, dict) and old.get("digest") == digest:
                try:
                    values = dict(old)
                    card = values.pop("card")
                    known[lang] = ArticleMeta.from_json(values)
                    cards[(lang, slug)] = str(card)
                    entries[(lang, slug)] = old
                except (TypeError, ValueError, KeyError):
                    pass  # a damaged manifest entry: render again
        if len(known) == len(langs):
            images = {src: paths.image_path(src)
                      for src in builder.images(m.image_src for m in known.values())}
            fresh = {}
            for item in builder.article_outputs(slug, known, images):
                record = builder.fresh(item)
                if record is None:
                    break
                fresh[item.rel] = record
            else:
                records.update(fresh)
                metas.update(((lang, slug), m) for lang, m in known.items())
                continue
        work.append((slug, digests, known))

    feeds_seen: dict[str, list[ArticleMeta]] = {}
    for result in _run_units(builder, work):
        for meta in result.metas:
            metas[(meta.lang, meta.slug)] = meta
            cards.setdefault((meta.lang, meta.slug), _card(meta))
        records.update(result.records)
        built.extend(result.built)
        written.extend(result.written)
        renders += result.renders
        bodies.update(result.bodies)
        if len(bodies) > 4 * MAX_ENTRIES * len(langs):
            feeds_seen = _feed_lists(metas, langs)
            keep = {m.digest for entries in feeds_seen.values() for m in entries}
            bodies = {d: html for d, html in bodies.items() if d in keep}
    metas = {(lang, slug): metas[(lang, slug)] for slug in slugs for lang in langs}
    if project.config.release_incomplete == "fail":
        _blocked(metas, langs)

    editions = group_editions(
        (slug, metas[(source, slug)].day, dt.date.fromisoformat(metas[(source, slug)].edition))
        for slug in slugs
    )
    image_files = builder.images(m.image_src for m in metas.values())
    image_out = {src: paths.image_path(src) for src in image_files}
    feeds_seen = _feed_lists(metas, langs)
    plan = _global_plan(builder, langs, metas, cards, editions, image_files, image_out,
                        feeds_seen)
    stale = builder.stale(plan, records)
    cache_path = state.parent / f"{state.name}-feeds.json"
    feed_bodies: dict[str, str] | None = None  # body HTML of feed entries, when a feed is built
    if stale:
        if any(item.kind == "feed" for item in stale):
            feed_bodies = _load_bodies(cache_path)
            feed_bodies.update(bodies)
        site = builder.site(metas, editions, image_out, feed_bodies)
        for item in stale:
            record, changed = builder.stage(item, builder.build(item, site))
            records[item.rel] = record
            built.append(item.rel)
            if changed:
                written.append(item.rel)
        renders += builder.renderer.count
        if feed_bodies is not None:
            feed_bodies.update(site.computed_bodies())

    # commit: everything was built; move the changed files into place, delete stale ones.
    # Each replaced or deleted file is kept (hard-linked) in the staging folder first, so a
    # failure part-way (disk full, permissions) puts every file back: all new or all old.
    targets = {rel: _target(out, rel) for rel in written}
    undo = _Undo(staging / ".previous")
    removed = []
    try:
        for rel in written:
            target = targets[rel]
            target.parent.mkdir(parents=True, exist_ok=True)
            undo.keep(rel, target)
            _move(staging / rel, target)
            records[rel][2:] = _signature(os.stat(target))
        for rel in sorted(set(manifest.outputs) - set(records)):
            try:
                target = _target(out, rel)
            except UsageError:
                continue
            if target.is_file():
                undo.keep(rel, target)
                target.unlink()
                removed.append(rel)
                _prune_empty(target.parent, out)
        # the search index follows the pages; if it cannot be built (disk full), the pages
        # go back too: readers never see pages the index does not know, or the reverse
        from trilingual.release import search

        shards: dict[str, list[tuple[str, str, str]]] = {}
        for (lang, slug), meta in metas.items():
            if meta.published:
                rel = paths.article_path(lang, slug)
                shards.setdefault(search.shard_of(meta.edition), []).append(
                    (slug, rel, str(records[rel][1])))
        indexed = search.update_index(
            out, staging.parent, state.parent / f"{state.name}-search.json", shards, global_key)
    except BaseException:
        undo.roll_back()
        raise
    articles_json = {}
    for (lang, slug), meta in metas.items():
        entry = entries.get((lang, slug))
        if entry is None or entry.get("digest") != meta.digest:
            entry = meta.to_json()
            entry["card"] = cards[(lang, slug)]
        articles_json[f"{lang}/{slug}"] = entry
    if not (manifest.same_global and articles_json == manifest.articles and
            inputs == manifest.inputs and records == manifest.outputs):
        write_atomic(state.with_suffix(MANIFEST_SUFFIX), marshal.dumps(
            {"version": MANIFEST_VERSION, "global": global_key, "out": str(out),
             "articles": articles_json, "inputs": inputs, "outputs": records},
        ), durable=False)
    if feed_bodies is not None:
        keep = {m.digest for entries in feeds_seen.values() for m in entries}
        write_atomic(cache_path, json.dumps(
            {d: html for d, html in sorted(feed_bodies.items()) if d in keep},
            ensure_ascii=False), durable=False)
    counts: dict[str, int] = {}
    for rel in records:
        if rel.endswith(".html"):
            folder = rel.split("/", 1)[0] if "/" in rel else ""
            counts[folder] = counts.get(folder, 0) + 1
    omitted = tuple(
        (m.lang, m.slug, len(m.problems)) for m in metas.values() if not m.published
    )
    qa = tuple((m.lang, m.slug, m.qa) for m in metas.values() if m.qa)
    order = {item: index for index, item in enumerate(_output_order(records, plan))}
    return ReleaseReport(
        out_dir=out, pages=counts, outputs=len(records),
        built=tuple(sorted(built, key=order.__getitem__)),
        written=tuple(sorted(written, key=order.__getitem__)), removed=tuple(removed),
        omitted=omitted, renders=renders, seconds=time.perf_counter() - started, qa=qa,
        indexed=indexed,
    )


def _output_order(records: dict[str, Record], plan: list[_Output]) -> list[str]:
    """Outputs in a stable order: the global ones first, then the articles' in slug order."""
    first = [item.rel for item in plan]
    planned = set(first)
    return first + sorted(rel for rel in records if rel not in planned)


def _feed_lists(metas: dict[tuple[str, str], ArticleMeta],
                langs: tuple[str, ...]) -> dict[str, list[ArticleMeta]]:
    return {lang: feed_entries(m for (other, _), m in metas.items() if other == lang)
            for lang in langs}


def _load_bodies(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def _global_plan(
    builder: _Builder,
    langs: tuple[str, ...],
    metas: dict[tuple[str, str], ArticleMeta],
    cards: dict[tuple[str, str], str],
    editions: list[Edition],
    images: dict[str, Path],
    image_out: dict[str, str],
    feed_lists: dict[str, list[ArticleMeta]],
) -> list[_Output]:
    """The outputs that list articles (or belong to none), keyed on the metadata they show."""
    source = langs[0]
    shape = [[e.key, list(e.slugs)] for e in editions]
    key = builder.key

    def listed(lang: str, slugs: Iterable[str]) -> list[str]:
        return [cards[(lang, s)] for s in slugs]

    published = "".join("1" if metas[(lang, slug)].published else "0"
                        for edition in editions for slug in edition.slugs for lang in langs)
    plan = [
        _Output(paths.css_path(), key("css"), "css"),
        _Output(SEARCH_JS, key("static", "search.js"), "static", ("search.js",)),
        _Output("sitemap.xml", key("sitemap", shape, published), "sitemap"),
        _Output(paths.landing_path(), key("landing", [
            [e.key for e in with_articles(editions, _published_in(metas, lang))[:1]]
            for lang in langs]), "landing"),
    ]
    for src, path in sorted(images.items()):
        plan.append(_Output(image_out[src], key("image", path.read_bytes()), "image",
                            (str(path),)))
    all_slugs = [s for e in editions for s in e.slugs]
    for lang in langs:
        plan.append(_Output(paths.index_path(lang), key("index", lang, shape, listed(
            lang, all_slugs), listed(source, all_slugs)), "index", (lang,)))
        plan.append(_Output(paths.feed_path(lang),
                            key("feed", lang, [m.digest for m in feed_lists[lang]]),
                            "feed", (lang,)))
        for edition in editions:
            deps = [edition.key, list(edition.slugs), listed(lang, edition.slugs),
                    listed(source, edition.slugs)]
            plan.append(_Output(paths.edition_path(lang, edition.key),
                                key("edition", lang, deps), "edition", (lang, edition)))
            plan.append(_Output(paths.newsletter_path(lang, edition.key),
                                key("newsletter", lang, deps), "newsletter", (lang, edition)))
    return plan


def _published_in(metas: dict[tuple[str, str], ArticleMeta], lang: str) -> Callable[[str], bool]:
    return lambda slug: metas[(lang, slug)].published


class _Undo:
    """The files a release commit replaced or deleted, to put back if the commit fails."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.done: list[tuple[Path, Path | None]] = []  # (target, its old copy or None)

    def keep(self, rel: str, target: Path) -> None:
        copy: Path | None = self.folder / rel
        assert copy is not None
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            os.link(target, copy)
        except FileNotFoundError:
            copy = None  # a new file: undone by deleting it
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
                raise
            shutil.copy2(target, copy)
        self.done.append((target, copy))

    def roll_back(self) -> None:
        for target, copy in reversed(self.done):
            try:
                if copy is None:
                    target.unlink(missing_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(copy, target)
            except OSError:
                pass  # best effort: the next release rebuilds what the manifest does not match


def _move(staged: Path, target: Path) -> None:
    try:
        os.replace(staged, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        write_atomic(target, staged.read_bytes(), only_if_changed=False, durable=False)


def _prune_empty(folder: Path, out: Path) -> None:
    """Remove ``folder`` and its parents while they are empty, stopping at ``out``."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _target(out: Path, rel: str) -> Path:
    """``out/rel``, refusing any path that would land outside ``out`` (also through symlinks)."""
    try:
        paths.safe_relative(rel)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    target = out / rel
    if not target.resolve().is_relative_to(out):
        raise UsageError(f"output path {rel!r} resolves outside {out}")
    return target

