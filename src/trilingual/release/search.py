"""The site's search index (Pagefind) and its sitemap: outputs that cover the whole site.

Pagefind (the PyPI package ``pagefind[extended]`` ships its binary) indexes the article pages
(``<main data-pagefind-body>``), one index per ``<html lang>``, into ``pagefind/`` of the
output. It has no incremental mode and indexing a whole archive takes seconds, so the index is
split into shards, one Pagefind bundle per edition, which the search box merges
(Pagefind's ``mergeIndex``); a release rebuilds only the shards whose article pages changed,
each into a staging folder first and then swapped into place (a failed run keeps the old one).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from trilingual.errors import ReleaseBlocked
from trilingual.fsutil import write_atomic
from trilingual.release.head import PAGEFIND, alternates
from trilingual.release.paths import article_path, edition_path, index_path, landing_path

if TYPE_CHECKING:
    from trilingual.release.site import Site

ENTRY = "pagefind-entry.json"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
_SHARD_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def shard_of(edition: str) -> str:
    """The search shard of an article: its edition (``2024-08-26``). Indexing a shard costs
    about 4 ms of CPU per page, so one edition's pages (tens) stay well within an incremental
    release's budget, where a month of a busy archive (150 pages) took 0.6 s."""
    return edition


class SearchIndexFailed(ReleaseBlocked):
    """Pagefind could not build the search index."""


def build_sitemap(site: Site) -> str:
    """``sitemap.xml``: every indexable page with its ``xhtml:link`` alternates, the same
    groups the pages' own ``hreflang`` links show (notices are left out: ``noindex``)."""
    base, page = site.base_url, "sitemap.xml"
    urls = []

    def add(path: str, links: list[dict[str, str]]) -> None:
        urls.append({"loc": f"{base}/{path}" if base else path, "alternates": links})

    langs = site.langs
    add(landing_path(), alternates(base, page, index_path, langs, landing_path()))
    for lang in langs:
        add(index_path(lang), alternates(base, page, index_path, langs, landing_path()))
    for edition in site.editions:
        def same(other: str, key: str = edition.key) -> str:
            return edition_path(other, key)
        for lang in langs:
            add(edition_path(lang, edition.key),
                alternates(base, page, same, langs, same(site.source)))
    for edition in site.editions:
        for slug in edition.slugs:
            published = site.published_langs(slug)

            def article(other: str, slug: str = slug) -> str:
                return article_path(other, slug)
            x_default = article(site.source) if site.source in published else None
            for lang in published:
                add(article(lang), alternates(base, page, article, published, x_default))
    return site.env.get_template("sitemap.xml").render({"urls": urls})


def _digest(items: list[tuple[str, str]]) -> str:
    return hashlib.sha256(json.dumps(sorted(items)).encode()).hexdigest()


def update_index(out: Path, work: Path, state: Path,
                 shards: dict[str, list[tuple[str, str, str]]], salt: str = "") -> tuple[str, ...]:
    """Bring ``out/pagefind`` in step with the article pages; returns the shards rebuilt.

    ``shards`` maps a shard id (the edition, ``2024-08-26``) to its published article
    pages as (slug, output path, content digest). Each shard is a Pagefind bundle of its own,
    ``pagefind/<id>/``, built again only when one of its pages changed; the search box merges
    them all (``pagefind/shards.js`` lists them, newest first). ``state`` remembers the
    digest each shard was built from; ``salt`` (the release's global key, which holds the
    installed Pagefind's version) goes into every digest.
    """
    try:
        old = json.loads(state.read_text(encoding="utf-8"))
        old = old if isinstance(old, dict) else {}
    except (FileNotFoundError, ValueError):
        old = {}
    root = out / PAGEFIND
    new = {shard: _digest([("", salt)] + [(rel, digest) for _, rel, digest in pages])
           for shard, pages in shards.items()}
    stale = [shard for shard in sorted(new, reverse=True)
             if old.get(shard) != new[shard] or not (root / shard / ENTRY).is_file()]
    _build_bundles(out, work, [(root / shard, sorted(rel for _, rel, _ in shards[shard]))
                               for shard in stale])
    if root.is_dir():
        for folder in root.iterdir():  # shards of articles that are gone
            if folder.is_dir() and _SHARD_RE.match(folder.name) and folder.name not in new:
                shutil.rmtree(folder)
    # (a release with nothing to index reads and writes nothing here)
    missing = not all((root / name).is_file() for name in ("shards.js", *UI_FILES))
    if stale or missing or set(new) != set(old):
        listing = f"window.trilingualSearch = {json.dumps(sorted(new, reverse=True))};\n"
        root.mkdir(parents=True, exist_ok=True)
        write_atomic(root / "shards.js", listing, durable=False)
        if new:  # the search box's UI files, the same in every bundle: kept beside shards.js
            newest = root / max(new)
            for name in UI_FILES:
                write_atomic(root / name, (newest / name).read_bytes(), durable=False)
    if new != old:
        write_atomic(state, json.dumps(new, sort_keys=True), durable=False)
    return tuple(stale)


def _pagefind() -> list[str]:
    """The Pagefind command: the binary ``pagefind[extended]`` ships (run directly, which saves
    starting a Python interpreter per bundle), else ``python -m pagefind``."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

        return [str(get_executable())]
    except Exception:  # not installed, or no binary for this platform: let pagefind say so
        return [sys.executable, "-m", "pagefind"]


def _build_bundles(out: Path, work: Path, bundles: list[tuple[Path, list[str]]]) -> None:
    """Build each (target, pages) bundle; Pagefind runs one core per bundle, so bundles are
    built side by side, one per core (a full release at N = 1,000 builds 92). On a failure or
    an interrupt the bundles not started yet are dropped and the error is raised."""
    workers = min(len(bundles), os.cpu_count() or 1)
    if workers <= 1:
        for target, pages in bundles:
            _build_bundle(out, work, target, pages)
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="pagefind") as pool:
        futures = [pool.submit(_build_bundle, out, work, target, pages)
                   for target, pages in bundles]
        try:
            for future in futures:
                future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _build_bundle(out: Path, work: Path, target: Path, pages: list[str]) -> None:
    """Index ``pages`` (output paths) with Pagefind into ``target``: the pages are copied into
    a small folder of their own (so Pagefind walks only them; hard links would change the
    pages' ctime, which the release's stat signatures watch), the bundle is built beside
    ``target`` in ``work`` and then swapped in (a failed run keeps the old bundle)."""
    staged = Path(tempfile.mkdtemp(prefix="pagefind-", dir=work))
    try:
        site = staged / "site"
        for rel in pages:
            copy = site / rel
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / rel, copy)
        result = subprocess.run(
            [*_pagefind(), "--site", str(site),
             "--output-path", str(staged / "bundle"), "--silent"],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0 or not (staged / "bundle" / ENTRY).is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise SearchIndexFailed(
                f"pagefind could not build the search index {target} (exit "
                f"{result.returncode}){': ' + detail[-1] if detail else ''}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            os.replace(target, staged / "old")
        os.replace(staged / "bundle", target)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
