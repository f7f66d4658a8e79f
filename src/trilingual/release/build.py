"""``release_project``: build every published output of a project into one folder, incrementally.

Each output file is planned with a key: the digest of exactly the inputs it depends on (see
:mod:`~trilingual.release.outputs` and :mod:`~trilingual.release.inputs`). The manifest
(:mod:`~trilingual.release.manifest`) remembers each output's key, bytes digest and stat
signature, and the digest and signature of every input, so a release with nothing changed reads
no article, catalog or output and renders nothing, and after one article changes only the pages
that show it are rebuilt.

The work is done in two steps. Per article (in worker processes when many articles changed,
:mod:`~trilingual.release.pool`): render each language, derive its metadata and build its own
pages (article, parallel view, Markdown). Then, from the metadata alone, the pages that list
articles (landing, indexes, editions, newsletters, feeds). Every page built goes to a staging
folder first and is moved into place only when the whole release succeeded
(:mod:`~trilingual.release.staging`): a broken input, a blocked release or an unsafe output
path changes no file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trilingual.errors import ConfigError, ReleaseBlocked, UsageError
from trilingual.fsutil import write_atomic
from trilingual.project import Project
from trilingual.release import dates, paths
from trilingual.release.builder import Builder, Built, Unit, card
from trilingual.release.edition import Edition, group_editions
from trilingual.release.feeds import MAX_ENTRIES
from trilingual.release.inputs import global_key, input_digests
from trilingual.release.manifest import (
    MANIFEST_SUFFIX,
    InputRecord,
    Manifest,
    OutputRecord,
    cheap_key,
    digest,
    load_manifest,
    save_manifest,
)
from trilingual.release.model import ArticleMeta
from trilingual.release.outputs import (
    Listing,
    Output,
    article_outputs,
    feed_lists,
    global_outputs,
)
from trilingual.release.pool import run_units
from trilingual.release.staging import commit, staging_folder

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
    qa: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (lang, slug, blocking QA issues)
    indexed: tuple[str, ...] = ()  # search shards (Pagefind bundles) built again


@dataclass
class _Progress(Built):
    """What the release knows and did so far (the state its steps pass on)."""

    metas: dict[tuple[str, str], ArticleMeta] = field(default_factory=dict)
    cards: dict[tuple[str, str], str] = field(default_factory=dict)
    entries: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # reused
    inputs: dict[str, InputRecord] = field(default_factory=dict)
    feeds: dict[str, list[ArticleMeta]] = field(default_factory=dict)  # lang -> feed entries
    feed_bodies: dict[str, str] | None = None  # body HTML of feed entries, when a feed is built


@dataclass(frozen=True)
class _State:
    """Where the release keeps its state between runs (``.trilingual/release-<digest>*``)."""

    base: Path

    @property
    def manifest(self) -> Path:
        return self.base.with_suffix(MANIFEST_SUFFIX)

    def file(self, suffix: str) -> Path:
        return self.base.parent / f"{self.base.name}-{suffix}"


def release_project(project: Project, out_dir: Path | str | None = None) -> ReleaseReport:
    """Build the site, feeds, newsletters and Markdown of every language into ``out_dir``.

    Raises :class:`IncompleteRelease` (a ``ReleaseBlocked``) when ``release.incomplete`` is
    ``fail`` and any article lacks reviewed translations; with ``omit`` such an article is left
    out of that language (its page becomes a notice linking the English original).
    """
    started = time.perf_counter()
    config = project.config
    langs = (config.source_language, *config.languages)
    for lang in langs:
        if not _LANG_RE.match(lang):
            raise UsageError(f"language code {lang!r} cannot name an output folder")
    out = _output_dir(project, out_dir)
    key = global_key(project)
    state = _State(project.state_dir / f"release-{digest(str(out))[:16]}")
    manifest = load_manifest(state.manifest, key)
    if not manifest.same_global:
        _validate_languages(project, langs)
    with staging_folder(project, out) as staging:
        cldr_path = state.file("cldr.json")
        if manifest.same_global:  # (the global key holds Babel's version)
            dates.MEMO.update(_load_strings(cldr_path))
        known = len(dates.MEMO)
        builder = Builder(project, out, staging, langs, key, manifest)
        report = _release(builder, state, started)
    if len(dates.MEMO) != known or not cldr_path.exists():
        write_atomic(cldr_path, json.dumps(dates.MEMO, ensure_ascii=False, sort_keys=True),
                     durable=False)
    return report


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


def _release(builder: Builder, state: _State, started: float) -> ReleaseReport:
    """The release proper: articles, then the pages that list them, then the commit."""
    project, langs, manifest = builder.project, builder.langs, builder.manifest
    done = _Progress()
    slugs = project.slugs()
    files = input_digests(project, slugs, langs, manifest, done.inputs)
    work = [unit for slug in slugs if (unit := _reuse(builder, slug, files[slug], done))]
    _run_articles(builder, work, done)
    done.metas = {(lang, slug): done.metas[(lang, slug)] for slug in slugs for lang in langs}
    if project.config.release_incomplete == "fail":
        _blocked(done.metas, langs)
    plan = _build_listings(builder, slugs, done, state)
    removed, indexed = commit(builder.out, builder.staging, done.written, done.records,
                              manifest.outputs, state.file("search.json"),
                              _search_shards(done), builder.global_key)
    _save_state(builder, done, state)
    return _report(builder, done, plan, removed, indexed, started)


def _reuse(builder: Builder, slug: str, files: list[str], done: _Progress) -> Unit | None:
    """Reuse ``slug``'s metadata and outputs when the manifest has them all up to date, else
    the unit of work that renders it (with the metadata that can still be reused)."""
    langs, manifest = builder.langs, builder.manifest
    article, *catalogs = files
    # a translation's metadata holds its QA verdict, and the cross-language checks read
    # every catalog of the article: a target language's digest covers them all
    digests = [cheap_key(builder.global_key, slug, lang, article, po, *(catalogs if po else ()))
               for lang, po in zip(langs, ["", *catalogs], strict=True)]
    known: dict[str, ArticleMeta] = {}
    for lang, key in zip(langs, digests, strict=True):
        old = manifest.articles.get(f"{lang}/{slug}")
        if isinstance(old, dict) and old.get("digest") == key:
            try:
                values = dict(old)
                card_digest = values.pop("card")
                known[lang] = ArticleMeta.from_json(values)
                done.cards[(lang, slug)] = str(card_digest)
                done.entries[(lang, slug)] = old
            except (TypeError, ValueError, KeyError):
                pass  # a damaged manifest entry: render again
    if len(known) == len(langs):
        fresh: dict[str, OutputRecord] = {}
        images = builder.image_paths(known.values())
        for item in article_outputs(langs, builder.global_key, slug, known, images):
            record = builder.fresh(item)
            if record is None:
                break
            fresh[item.rel] = record
        else:
            done.records.update(fresh)
            done.metas.update(((lang, slug), m) for lang, m in known.items())
            return None
    return slug, digests, known


def _run_articles(builder: Builder, work: list[Unit], done: _Progress) -> None:
    """Render the articles of ``work`` and build their own pages (in workers when many)."""
    bodies = done.bodies
    for result in run_units(builder, work):
        for meta in result.metas:
            done.metas[(meta.lang, meta.slug)] = meta
            done.cards.setdefault((meta.lang, meta.slug), card(meta))
        done.records.update(result.records)
        done.built.extend(result.built)
        done.written.extend(result.written)
        done.renders += result.renders
        bodies.update(result.bodies)
        if len(bodies) > 4 * MAX_ENTRIES * len(builder.langs):  # keep only the feeds' bodies
            keep = {m.digest for entries in feed_lists(done.metas, builder.langs).values()
                    for m in entries}
            bodies = {d: html for d, html in bodies.items() if d in keep}
    done.bodies = bodies


def _build_listings(builder: Builder, slugs: list[str], done: _Progress,
                    state: _State) -> list[Output]:
    """Plan the outputs that list articles and build the stale ones; returns the plan."""
    source, metas = builder.source, done.metas
    editions = group_editions(
        (slug, metas[(source, slug)].day, dt.date.fromisoformat(metas[(source, slug)].edition))
        for slug in slugs
    )
    image_files = builder.images(m.image_src for m in metas.values())
    image_out = {src: paths.image_path(src) for src in image_files}
    done.feeds = feed_lists(metas, builder.langs)
    plan = global_outputs(Listing(builder.langs, metas, done.cards, editions, image_files,
                                  image_out, done.feeds), builder.key)
    stale = builder.stale(plan, done.records)
    if stale:
        _build_global(builder, stale, editions, image_out, done, state)
    return plan


def _build_global(builder: Builder, stale: list[Output], editions: list[Edition],
                  image_out: dict[str, str], done: _Progress, state: _State) -> None:
    if any(item.kind == "feed" for item in stale):
        done.feed_bodies = _load_strings(state.file("feeds.json"))
        done.feed_bodies.update(done.bodies)
    site = builder.site(done.metas, editions, image_out, done.feed_bodies)
    builder.build(stale, site, done)
    done.renders += builder.renderer.count
    if done.feed_bodies is not None:
        done.feed_bodies.update(site.computed_bodies())


def _search_shards(done: _Progress) -> dict[str, list[tuple[str, str, str]]]:
    """The published article pages of each search shard: (slug, output path, digest)."""
    from trilingual.release import search

    shards: dict[str, list[tuple[str, str, str]]] = {}
    for (lang, slug), meta in done.metas.items():
        if meta.published:
            rel = paths.article_path(lang, slug)
            shards.setdefault(search.shard_of(meta.edition), []).append(
                (slug, rel, done.records[rel].digest))
    return shards


def _save_state(builder: Builder, done: _Progress, state: _State) -> None:
    """The manifest of this release, and the feed bodies when a feed was built."""
    articles_json = {}
    for (lang, slug), meta in done.metas.items():
        entry = done.entries.get((lang, slug))
        if entry is None or entry.get("digest") != meta.digest:
            entry = meta.to_json()
            entry["card"] = done.cards[(lang, slug)]
        articles_json[f"{lang}/{slug}"] = entry
    new = Manifest(articles_json, done.inputs, done.records, 0, True)
    save_manifest(state.manifest, builder.manifest, new, builder.global_key, builder.out)
    if done.feed_bodies is not None:
        keep = {m.digest for entries in done.feeds.values() for m in entries}
        write_atomic(state.file("feeds.json"), json.dumps(
            {d: html for d, html in sorted(done.feed_bodies.items()) if d in keep},
            ensure_ascii=False), durable=False)


def _report(builder: Builder, done: _Progress, plan: list[Output], removed: list[str],
            indexed: tuple[str, ...], started: float) -> ReleaseReport:
    counts: dict[str, int] = {}
    for rel in done.records:
        if rel.endswith(".html"):
            folder = rel.split("/", 1)[0] if "/" in rel else ""
            counts[folder] = counts.get(folder, 0) + 1
    metas = done.metas.values()
    omitted = tuple((m.lang, m.slug, len(m.problems)) for m in metas if not m.published)
    qa = tuple((m.lang, m.slug, m.qa) for m in metas if m.qa)
    # outputs in a stable order: the global ones first, then the articles' in slug order
    first = [item.rel for item in plan]
    planned = set(first)
    order = {rel: index for index, rel in enumerate(
        first + sorted(rel for rel in done.records if rel not in planned))}
    return ReleaseReport(
        out_dir=builder.out, pages=counts, outputs=len(done.records),
        built=tuple(sorted(done.built, key=order.__getitem__)),
        written=tuple(sorted(done.written, key=order.__getitem__)), removed=tuple(removed),
        omitted=omitted, renders=done.renders, seconds=time.perf_counter() - started, qa=qa,
        indexed=indexed,
    )


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


def _load_strings(path: Path) -> dict[str, str]:
    """A JSON object of strings kept between releases ({} when missing or damaged)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}
