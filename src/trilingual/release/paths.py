"""Where each output of a release goes, and which template files shape it (no Jinja2 import).

The build decides from these alone which outputs are up to date, so a release with nothing to
rebuild never loads the template engine, Babel or the renderer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import trilingual
from trilingual.project import Project

TEMPLATE_NAMES = (
    "base.html", "landing.html", "index.html", "edition.html", "article.html", "notice.html",
    "parallel.html", "newsletter.html", "feed.xml", "style.css", "search.js", "sitemap.xml",
)
BUILTIN_TEMPLATES = Path(trilingual.__file__).parent / "templates"
_SAFE_REL_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/-]*$")


def landing_path() -> str:
    """The landing page."""
    return "index.html"


def css_path() -> str:
    """The stylesheet."""
    return "assets/style.css"


def index_path(lang: str) -> str:
    """A language's index of editions."""
    return f"{lang}/index.html"


def edition_path(lang: str, key: str) -> str:
    """An edition page."""
    return f"{lang}/editions/{key}.html"


def article_path(lang: str, slug: str) -> str:
    """An article page (or, when omitted in ``lang``, its notice page)."""
    return f"{lang}/articles/{slug}.html"


def parallel_path(lang: str, slug: str) -> str:
    """The parallel view of an article, with the interface in ``lang``."""
    return f"{lang}/parallel/{slug}.html"


def newsletter_path(lang: str, key: str) -> str:
    """The newsletter of an edition."""
    return f"{lang}/newsletters/{key}.html"


def feed_path(lang: str) -> str:
    """The Atom feed of a language."""
    return f"{lang}/feed.xml"


def markdown_path(lang: str, slug: str) -> str:
    """An article's Markdown in ``lang``."""
    return f"{lang}/markdown/{slug}.md"


def image_path(src: str) -> str:
    """Where an article image is copied."""
    return f"assets/{src}"


def safe_relative(rel: str) -> str:
    """``rel`` if it is a plain relative path that cannot leave its folder; ValueError otherwise."""
    parts = PurePosixPath(rel).parts
    if not _SAFE_REL_RE.match(rel) or ".." in parts or rel.startswith("/") or "//" in rel:
        raise ValueError(f"unsafe output path {rel!r}")
    return rel


def relative(from_page: str, to_page: str) -> str:
    """The relative URL of ``to_page`` as seen from ``from_page`` (both output-relative)."""
    base = from_page.split("/")[:-1]
    target = to_page.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:])


def template_bytes(project_root: Path) -> dict[str, bytes]:
    """The bytes of every template the site uses: the project's ``templates/NAME`` when it is a
    file, else the built-in one (the lookup order of :func:`site.make_environment`)."""
    own = project_root / "templates"
    found: dict[str, bytes] = {}
    for name in TEMPLATE_NAMES:
        try:
            found[name] = (own / name).read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            found[name] = (BUILTIN_TEMPLATES / name).read_bytes()
    return found


def existing_images(project: Project, sources: Iterable[str]) -> dict[str, Path]:
    """The image sources (front matter ``image.src``) that name a file inside the project,
    looked up in the articles' folder, then the project's: src -> file."""
    found: dict[str, Path] = {}
    bases = (str(project.articles_dir), str(project.root))
    for src in sources:
        if not src or src in found:
            continue
        try:
            safe_relative(src)
        except ValueError:
            continue
        for base in bases:
            if not os.path.isfile(os.path.join(base, src)):  # a cheap stat: most are missing
                continue
            candidate = (Path(base) / src).resolve()
            if candidate.is_file() and candidate.is_relative_to(project.root):
                found[src] = candidate
                break
    return found
