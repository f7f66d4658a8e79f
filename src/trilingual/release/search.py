"""The site's search index (Pagefind) and its sitemap: outputs that cover the whole site.

Pagefind (the PyPI package ``pagefind[extended]`` ships its binary) indexes the article pages
(``<main data-pagefind-body>``), one index per ``<html lang>``, into ``pagefind/`` of the
output. It has no incremental mode, so the index is rebuilt whenever an article page was
written or removed, into a staging folder first and then swapped into place: a failed run
leaves the previous index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from trilingual.errors import ReleaseBlocked
from trilingual.release.head import PAGEFIND, alternates
from trilingual.release.paths import article_path, edition_path, index_path, landing_path

if TYPE_CHECKING:
    from trilingual.release.site import Site

ARTICLE_GLOB = "*/articles/*.html"


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


def needs_index(out: Path, changed: list[str]) -> bool:
    """Whether the search index must be built again: an article page changed or is gone, or
    there is no index yet."""
    if not (out / PAGEFIND / "pagefind-entry.json").is_file():
        return True
    return any(rel.endswith(".html") and "/articles/" in rel for rel in changed)


def build_index(out: Path, work: Path) -> None:
    """Index ``out``'s article pages with Pagefind into ``out/pagefind`` (built beside it in
    ``work``, then swapped in)."""
    staged = Path(tempfile.mkdtemp(prefix="pagefind-", dir=work))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(out), "--glob", ARTICLE_GLOB,
             "--output-path", str(staged / PAGEFIND), "--silent"],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0 or not (staged / PAGEFIND / "pagefind-entry.json").is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise SearchIndexFailed(
                f"pagefind could not build the search index of {out} (exit "
                f"{result.returncode}){': ' + detail[-1] if detail else ''}")
        target = out / PAGEFIND
        old = staged / "old"
        if target.exists():
            os.replace(target, old)
        os.replace(staged / PAGEFIND, target)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
