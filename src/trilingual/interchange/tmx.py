"""TMX 1.4b: export the project's reviewed translations; read external memories.

Export: one ``<tu>`` per English segment (msgctxt + msgid) with a ``<tuv>`` for English and
for each language that has a reviewed translation of it (the first in article order, as the
memory engine answers), the catalog's ``PO-Revision-Date`` as creation date, the articles as
``x-trilingual-article`` properties and the msgctxt as ``x-trilingual-context``. Text is
written as in the catalogs (inline Markdown, ``{n}`` placeholders).

External memories (``trilingual tm import``) are copied to ``tm/`` under the project and
listed in ``translate.memory.tmx`` of ``trilingual.yaml``; the memory engine reads their pairs
after the project's own catalogs (:func:`memory_pairs`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from trilingual import __version__
from trilingual.catalog import is_reviewed
from trilingual.config import CONFIG_NAME, Config
from trilingual.engines.provenance import source_hash
from trilingual.errors import ConfigError, InterchangeError, UsageError
from trilingual.fsutil import write_atomic
from trilingual.interchange.common import lang_matches, tmx_date, xml_text
from trilingual.interchange.configedit import add_list_item
from trilingual.lock import project_lock
from trilingual.po import read_catalog_text, translations_from_text
from trilingual.project import Project

TM_DIR = "tm"
ARTICLE_PROP = "x-trilingual-article"
CONTEXT_PROP = "x-trilingual-context"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE_CODES = {"bpt", "ept", "ph", "it", "ut"}
_REVISION_RE = re.compile(r'^"PO-Revision-Date: ([^"\\]*)\\n"$', re.MULTILINE)


class MemoryPair(NamedTuple):
    """One source sentence and its translation from an external memory."""

    source: str
    target: str
    origin: str  # the TMX file, relative to the project (shown in the MT: comment)
    context: str | None = None


class _Unit:
    __slots__ = ("articles", "context", "source", "targets")

    def __init__(self, context: str | None, source: str) -> None:
        self.context = context
        self.source = source
        self.articles: list[str] = []
        self.targets: dict[str, tuple[str, str]] = {}  # lang -> (text, date)


def export_tmx(project: Project, langs: list[str] | None = None) -> tuple[bytes, int]:
    """The TMX document of every reviewed translation into ``langs`` (default: all), and the
    number of ``<tu>`` written."""
    langs = list(langs or project.config.languages)
    units: dict[tuple[str | None, str], _Unit] = {}
    for lang in langs:
        project.check_language(lang)
        for slug in project.slugs():
            path = project.po_path(lang, slug)
            if not path.exists():
                continue
            rel = project.relpath(path)
            # the scan that rendering uses: no polib entries (a third of the time)
            text = read_catalog_text(path, rel)
            found = _REVISION_RE.search(text, 0, text.find("\n\n") + 1 or len(text))
            date = tmx_date(found.group(1) if found else "")
            for (msgctxt, msgid), entry in translations_from_text(text, rel).items():
                if not msgid or entry.msgid_plural or not is_reviewed(entry):
                    continue
                unit = units.get((msgctxt, msgid))
                if unit is None:
                    unit = units[(msgctxt, msgid)] = _Unit(msgctxt, msgid)
                if slug not in unit.articles:
                    unit.articles.append(slug)
                if lang not in unit.targets:
                    unit.targets[lang] = (xml_text(entry.msgstr, rel), date)
    source = project.config.source_language
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n',
        f'  <header creationtool="trilingual" creationtoolversion="{__version__}" '
        f'datatype="plaintext" segtype="sentence" adminlang="en" srclang="{source}" '
        'o-tmf="trilingual gettext"/>\n  <body>\n',
    ]
    # units in a stable order: by first article, then in catalog order (dicts keep insertion)
    for unit in sorted(units.values(), key=lambda u: u.articles[0]):
        dates = [date for _text, date in unit.targets.values()]
        out.append(
            f'    <tu tuid="{source_hash(unit.context, unit.source)}" '
            f'creationdate="{max(dates)}">\n'
        )
        for slug in unit.articles:
            out.append(f'      <prop type="{ARTICLE_PROP}">{slug}</prop>\n')
        if unit.context is not None:
            out.append(
                f'      <prop type="{CONTEXT_PROP}">{xml_text(unit.context, "msgctxt")}</prop>\n'
            )
        out.append(
            f'      <tuv xml:lang="{source}"><seg>{xml_text(unit.source, "msgid")}</seg></tuv>\n'
        )
        for lang in langs:
            if lang in unit.targets:
                text, date = unit.targets[lang]
                out.append(
                    f'      <tuv xml:lang="{lang}" creationdate="{date}"><seg>{text}</seg></tuv>\n'
                )
        out.append("    </tu>\n")
    out.append("  </body>\n</tmx>\n")
    return "".join(out).encode("utf-8"), len(units)


def _seg_text(seg: etree._Element) -> str:
    """The text of a ``<seg>``: inline codes (``<bpt>``, ``<ph>``…) left out, ``<hi>`` kept."""
    parts = [seg.text or ""]
    for child in seg:
        if not isinstance(child.tag, str):
            pass
        elif etree.QName(child).localname not in _INLINE_CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_pairs(path: Path, origin: str, source: str, lang: str) -> list[MemoryPair]:
    """The (source, target) pairs of one TMX file for ``lang``; a broken file is an
    InterchangeError naming it (and the line)."""
    pairs: list[MemoryPair] = []
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InterchangeError(f"not a TMX file: {exc.msg}", path=origin,
                               line=exc.lineno or None) from None
    except OSError as exc:
        raise InterchangeError(f"cannot read: {exc.strerror or exc}", path=origin) from None
    root = tree.getroot()
    if etree.QName(root).localname != "tmx" or root.find("body") is None:
        raise InterchangeError("not a TMX file (no <tmx> root with a <body>)", path=origin,
                               line=root.sourceline)
    for tu in root.iterfind("body/tu"):
        texts: dict[str, str] = {}
        for tuv in tu.iterfind("tuv"):
            code = tuv.get(_XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if seg is None:
                raise InterchangeError("<tuv> without <seg>", path=origin, line=tuv.sourceline)
            for wanted in (source, lang):
                if wanted not in texts and lang_matches(code, wanted):
                    texts[wanted] = _seg_text(seg)
        if texts.get(source) and texts.get(lang):
            context = None
            for prop in tu.iterfind("prop"):
                if prop.get("type") == CONTEXT_PROP:
                    context = prop.text or ""
            pairs.append(MemoryPair(texts[source], texts[lang], origin, context))
    return pairs


def _listed(config: Config, root: Path) -> list[tuple[Path, str]]:
    out = []
    for rel in config.memory.tmx:
        path = root / rel
        if not path.is_file():
            raise ConfigError(
                f"translate.memory.tmx: {rel} does not exist", path=root / CONFIG_NAME
            )
        out.append((path, rel))
    return out


def memory_pairs(config: Config, root: Path, lang: str) -> list[MemoryPair]:
    """The pairs of every external memory listed in ``translate.memory.tmx``, in list order."""
    pairs: list[MemoryPair] = []
    for path, rel in _listed(config, root):
        pairs.extend(read_pairs(path, rel, config.source_language, lang))
    return pairs


def merge_external(
    exact: dict[str, list[tuple[str | None, str]]], pairs: Iterable[MemoryPair]
) -> dict[str, str]:
    """Add external pairs to a memory's table (English -> [(msgctxt, translation)]) after the
    project's own entries: a sentence the project has is not touched, and of each other
    sentence only the first file that has it counts. Returns English -> that file."""
    origins: dict[str, str] = {}
    for pair in pairs:
        if pair.source in origins:
            if origins[pair.source] != pair.origin:
                continue
        elif pair.source in exact:
            continue
        origins[pair.source] = pair.origin
        exact.setdefault(pair.source, []).append((pair.context, pair.target))
    return origins


_NAME_RE = re.compile(r"[^A-Za-z0-9._-]+")


class Imported(NamedTuple):
    """What ``tm import`` did with one file."""

    rel: str
    counts: dict[str, int]  # language -> pairs usable by the memory
    copied: bool
    listed: bool


def import_tmx(project: Project, files: Iterable[Path], *, force: bool = False) -> list[Imported]:
    """Copy each TMX file into ``tm/`` and list it in ``trilingual.yaml``; a file that holds no
    pair from the source language into a configured one is refused."""
    config = project.config
    plans: list[tuple[Path, str, bytes, dict[str, int]]] = []
    for file in files:
        name = _NAME_RE.sub("-", file.name).strip("-.") or "memory.tmx"
        if not name.lower().endswith(".tmx"):
            name += ".tmx"
        rel = f"{TM_DIR}/{name}"
        if not file.is_file():
            raise UsageError(f"{file}: no such file")
        counts = {
            lang: len(read_pairs(file, str(file), config.source_language, lang))
            for lang in config.languages
        }
        if not any(counts.values()):
            raise InterchangeError(
                f"no translation unit from {config.source_language!r} into "
                f"{' or '.join(config.languages)}", path=file,
            )
        data = file.read_bytes()
        dest = project.root / rel
        if dest.exists() and dest.read_bytes() != data and not force:
            raise UsageError(
                f"{rel} already exists with other content (--force replaces it)"
            )
        if any(rel == other for _f, other, _d, _c in plans):
            raise UsageError(f"two files would both be stored as {rel}")
        plans.append((file, rel, data, counts))
    results = []
    config_path = project.root / CONFIG_NAME
    with project_lock(project):
        text = config_path.read_text(encoding="utf-8")
        new_text = text
        for _file, rel, data, counts in plans:
            copied = write_atomic(project.root / rel, data)
            before = new_text
            new_text = add_list_item(new_text, ("translate", "memory", "tmx"), rel, config_path)
            results.append(Imported(rel, counts, copied, new_text != before))
        if new_text != text:
            write_atomic(config_path, new_text)
    return results
