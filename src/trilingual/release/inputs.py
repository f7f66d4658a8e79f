"""What a release is built from: the global key and the content digests of the inputs.

The global key is the digest of everything that shapes every output (the manifest version, the
code, the libraries, the templates, the configuration, the glossary): when it changes,
everything is rebuilt. Per article, the content digests of its English file and of its
catalogs decide which of its outputs are stale; a file's stat signature stands for its digest
while it is trusted (see :mod:`trilingual.release.manifest`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import stat
from pathlib import Path

import trilingual
from trilingual.checks.spelling import SPELLING_NAME
from trilingual.project import Project
from trilingual.release import paths
from trilingual.release.manifest import MANIFEST_VERSION, InputRecord, Manifest, digest, signature

_LIBRARIES = ("babel", "jinja2", "markupsafe", "pyromark", "yaml", "polib", "pagefind")
_DIST_RE = re.compile(r"^(babel|jinja2|markupsafe|pyromark|pyyaml|polib|pagefind)-.*\.dist-info$",
                      re.I)

# Modules whose code shapes the published bytes: a change to any of them rebuilds everything.
_CODE = ("release/*.py", "render.py", "source.py", "segment.py", "placeholder.py",
         "document.py", "catalog.py", "po/*.py", "__init__.py")


def code_digest() -> str:
    """Digest of the code that shapes the output (and of trilingual's version)."""
    package = Path(trilingual.__file__).parent
    files = sorted({p for pattern in _CODE for p in package.glob(pattern)})
    return digest(trilingual.__version__,
                  *(f.relative_to(package).as_posix().encode() + f.read_bytes() for f in files))


def library_versions() -> list[str]:
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


def glossary_digest(project: Project, name: str = "glossary.yaml") -> str:
    """Digest of ``glossary.yaml`` (the terminology check reads it), or of another project
    file the checks read (``spelling.txt``); "" when there is none."""
    try:
        return hashlib.sha256((project.root / name).read_bytes()).hexdigest()
    except OSError:
        return ""


def global_key(project: Project) -> str:
    """Digest of everything that shapes every output of ``project``'s release."""
    config = project.config
    templates = {name: hashlib.sha256(data).hexdigest()
                 for name, data in paths.template_bytes(project.root).items()}
    settings = [config.source_language, list(config.languages), list(config.translatable_keys),
                config.release_incomplete, config.site_title, config.base_url,
                config.release_qa, list(config.check_disable), glossary_digest(project),
                # what the spelling check knows (its issues block under strict)
                config.check_spelling, config.check_spelling_catalogs,
                glossary_digest(project, SPELLING_NAME)]
    return digest(MANIFEST_VERSION, code_digest(), library_versions(), templates, settings)


def input_digests(project: Project, slugs: list[str], langs: tuple[str, ...],
                  manifest: Manifest, inputs: dict[str, InputRecord]) -> dict[str, list[str]]:
    """Per article, the content digest of its English file and of each catalog ("" if none);
    the record of every input read goes into ``inputs``."""
    trusted = manifest.trusted_before
    root = f"{project.root}{os.sep}"
    articles = project.articles_dir.resolve()
    plain = articles.is_relative_to(project.root)  # then a regular file in it is inside too
    catalogs = [str(project.po_path(lang, "x"))[:-len("x.po")] for lang in langs[1:]]

    def file_digest(name: str) -> str:
        rel = name[len(root):] if name.startswith(root) else name
        try:
            st = os.stat(name)
        except FileNotFoundError:
            return ""
        old = manifest.input(rel)
        if old is not None and st.st_mtime_ns < trusted and \
                old[:4] == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino):
            inputs[rel] = old  # (unchanged: the record itself, no new one per release)
            return old.digest
        try:
            with open(name, "rb") as handle:
                value = hashlib.sha256(handle.read()).hexdigest()
        except FileNotFoundError:
            return ""
        inputs[rel] = InputRecord(*signature(st), value)
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

    # (valid slugs: project.slugs() checked them)
    return {slug: [file_digest(article(slug))] + [file_digest(f"{folder}{slug}.po")
                                                  for folder in catalogs]
            for slug in slugs}
