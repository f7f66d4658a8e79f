"""Reassemble an article in a target language from its English Document and its catalog.

Every byte outside the segments is copied; a segment whose translation equals its msgid is
copied from the source too (so the identity translation reproduces the file byte for byte);
other segments receive the translation with placeholders restored. Untranslated and fuzzy
entries fall back to English and are always reported in ``problems``: callers decide policy.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import polib
import yaml

from trilingual.catalog import entry_state
from trilingual.document import Document, Segment
from trilingual.numeric import is_auto_segment, render_numeric
from trilingual.placeholder import restore_placeholders
from trilingual.po import Key, Translation, read_translations
from trilingual.project import Project
from trilingual.source import read_document
from trilingual.workers import chunks, process_pool, worker_count

ProblemState = Literal["untranslated", "fuzzy", "fuzzy-used"]
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_UNESCAPED_PIPE_RE = re.compile(r"(?<!\\)\|")
_CODE_SPLIT_RE = re.compile(r"(`+[^`]*?`+)")
_FOREIGN_LINK_RE = re.compile(r"\]\((?!\{\d+\}[\s)])")
_PLAIN_UNSAFE_RE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: | #|\s$")


@dataclass(frozen=True)
class Problem:
    """A segment rendered without a reviewed translation."""

    path: str
    line: int
    msgid: str
    msgctxt: str | None
    state: ProblemState

    def format(self, lang: str) -> str:
        """``articles/x.md:12: [be] untranslated: msgid``."""
        return f"{self.path}:{self.line}: [{lang}] {self.state}: {self.msgid}"


@dataclass(frozen=True)
class Rendered:
    """An article rebuilt in one language."""

    lang: str
    text: str
    body: str
    front_matter: dict[str, Any]
    problems: tuple[Problem, ...] = ()
    document: Document | None = field(default=None, repr=False)

    @property
    def complete(self) -> bool:
        """True when every segment had a reviewed translation."""
        return not self.problems


Entries = Mapping[Key, Translation | polib.POEntry]


def load_entries(project: Project, lang: str, slug: str) -> Entries:
    """Active entries of ``locales/<lang>/LC_MESSAGES/<slug>.po`` (empty if there is none)."""
    path = project.po_path(lang, slug)
    if not path.exists():
        return {}
    return read_translations(path, project.relpath(path))


def render_article(
    project: Project, slug: str, lang: str, *, use_fuzzy: bool = False, escape_html: bool = False
) -> Rendered:
    """Rebuild ``articles/<slug>.md`` in ``lang`` from its catalog."""
    path = project.article_path(slug)
    doc = read_document(path, project.relpath(path), project.config.translatable_keys)
    if lang == project.config.source_language:
        body = doc.text[doc.body_start:]
        return Rendered(lang, doc.text, body, dict(doc.front_matter), (), doc)
    entries = load_entries(project, lang, slug)
    return render_document(doc, entries, lang, use_fuzzy=use_fuzzy, escape_html=escape_html)


def render_languages(
    project: Project, slug: str, langs: Sequence[str], *, use_fuzzy: bool = False
) -> list[Rendered]:
    """One article in each of ``langs``, reading and segmenting the English once."""
    path = project.article_path(slug)
    doc = read_document(path, project.relpath(path), project.config.translatable_keys)
    out = []
    for lang in langs:
        if lang == project.config.source_language:
            body = doc.text[doc.body_start:]
            out.append(Rendered(lang, doc.text, body, dict(doc.front_matter), (), doc))
        else:
            entries = load_entries(project, lang, slug)
            out.append(render_document(doc, entries, lang, use_fuzzy=use_fuzzy))
    return out


@dataclass(frozen=True)
class BatchItem:
    """One rendered file of :func:`render_many` (no Document: it crosses process borders)."""

    slug: str
    lang: str
    text: str
    problems: tuple[Problem, ...]


PARALLEL_MIN = 16  # below this many articles, starting worker processes costs more than it saves


def _render_slugs(
    root: str, slugs: Sequence[str], langs: Sequence[str], use_fuzzy: bool
) -> list[BatchItem]:
    """A worker's share (it opens the project itself)."""
    return _render_with(Project.open(root), slugs, langs, use_fuzzy)


def _render_with(
    project: Project, slugs: Sequence[str], langs: Sequence[str], use_fuzzy: bool
) -> list[BatchItem]:
    return [
        BatchItem(slug, r.lang, r.text, r.problems)
        for slug in slugs
        for r in render_languages(project, slug, langs, use_fuzzy=use_fuzzy)
    ]


def render_many(
    project: Project,
    slugs: Sequence[str],
    langs: Sequence[str],
    *,
    use_fuzzy: bool = False,
    jobs: int | None = None,
) -> list[BatchItem]:
    """Every article of ``slugs`` in every language of ``langs``, in that order.

    Articles are independent: with many of them, worker processes (``jobs``, default: one per
    core) share the work in contiguous chunks.
    """
    workers = worker_count(jobs, len(slugs), PARALLEL_MIN)
    root = str(project.root)
    if workers == 1:
        return _render_with(project, slugs, langs, use_fuzzy)
    parts_in = chunks(slugs, workers)
    with process_pool(workers) as pool:
        parts = pool.map(
            _render_slugs, [root] * len(parts_in), parts_in, [langs] * len(parts_in),
            [use_fuzzy] * len(parts_in),
        )
        return [item for part in parts for item in part]


def render_document(
    doc: Document,
    entries: Entries,
    lang: str,
    *,
    use_fuzzy: bool = False,
    escape_html: bool = False,
    spans: list[RenderedSpan] | None = None,
) -> Rendered:
    """Splice translations from ``entries`` into ``doc``.

    ``spans``, when given, receives one :class:`RenderedSpan` per segment of ``doc`` (in
    order): where its text is in ``Rendered.text`` and which translation made it (``absorb``
    maps edits of the rendered text back to entries through them).
    """
    text = doc.text
    out: list[str] = []
    out_len = 0
    pos = 0
    body_out: int | None = None
    problems: list[Problem] = []
    front = copy.deepcopy(doc.front_matter)
    for segment in doc.segments:
        gap = text[pos:segment.start]
        if body_out is None and segment.start >= doc.body_start:
            body_out = out_len + (doc.body_start - pos)
        out.append(gap)
        out_len += len(gap)
        entry = entries.get((segment.msgctxt, segment.msgid))
        translation, problem = _pick(segment, entry, use_fuzzy)
        if entry is None and is_auto_segment(segment):  # numbers: not in catalogs, rendered
            translation, problem = render_numeric(segment.msgid, lang), None
        if problem is not None:
            problems.append(
                Problem(doc.path, segment.line, segment.msgid, segment.msgctxt, problem)
            )
        if translation is None or translation == segment.msgid:
            piece = text[segment.start:segment.end]
        else:
            piece = translated_piece(translation, segment, escape_html)
            if segment.kind == "front-matter":
                _set_path(front, segment.msgctxt or "", translation)
        if spans is not None:
            spans.append(RenderedSpan(out_len, out_len + len(piece), translation))
        out.append(piece)
        out_len += len(piece)
        pos = segment.end
    if body_out is None:
        body_out = out_len + max(doc.body_start - pos, 0)
    out.append(text[pos:])
    result = "".join(out)
    return Rendered(lang, result, result[body_out:], front, tuple(problems), doc)


class RenderedSpan(NamedTuple):
    """Where one segment's text is in a rendered file, and the translation used for it
    (``None``: the English was copied because the entry is untranslated or fuzzy)."""

    start: int
    end: int
    translation: str | None


def translated_piece(translation: str, segment: Segment, escape_html: bool = False) -> str:
    """The text render writes for ``segment`` translated as ``translation`` (when that differs
    from the msgid): a YAML scalar in the front matter, else the sentence with its line breaks
    folded, escaped as asked and its placeholders restored."""
    if segment.kind == "front-matter":
        return yaml_scalar(translation, segment.yaml_style)
    return _body_piece(translation, segment, escape_html)


def unescape_piece(text: str, segment: Segment, escape_html: bool) -> str:
    """Undo the escaping :func:`translated_piece` applies to a body sentence's text (its
    placeholders already back to ``{n}``): ``\\|`` in table cells and, with ``escape_html``,
    the entities and ``]\\(`` outside code spans. ``absorb`` uses it on edited text."""
    if segment.in_table:
        text = text.replace("\\|", "|")
    if escape_html:
        parts = _CODE_SPLIT_RE.split(text)
        for i in range(0, len(parts), 2):  # even parts are outside code spans
            parts[i] = _ENTITY_RE.sub(
                lambda m: _ENTITIES[m.group()], parts[i].replace("]\\(", "](")
            )
        text = "".join(parts)
    return text


_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
_ENTITY_RE = re.compile("&(?:lt|gt|amp);")


def _pick(
    segment: Segment, entry: Translation | polib.POEntry | None, use_fuzzy: bool
) -> tuple[str | None, ProblemState | None]:
    # a plural entry has no msgstr to render: untranslated here, whatever its forms hold
    if entry is None or not entry.msgstr or (state := entry_state(entry)) == "untranslated":
        return None, "untranslated"
    if state == "fuzzy":
        return (entry.msgstr, "fuzzy-used") if use_fuzzy else (None, "fuzzy")
    return entry.msgstr, None


def _body_piece(translation: str, segment: Segment, escape_html: bool) -> str:
    # every line break a Markdown reader knows (CR alone included) folds to a space: a
    # translation must never end its block and start a heading, list or raw HTML block
    piece = " ".join(_LINE_BREAK_RE.split(translation)).strip()
    if escape_html:
        parts = _CODE_SPLIT_RE.split(piece)
        for i in range(0, len(parts), 2):  # even parts are outside code spans
            parts[i] = _FOREIGN_LINK_RE.sub(r"]\\(", html.escape(parts[i], quote=False))
        piece = "".join(parts)
    if segment.in_table:
        piece = _UNESCAPED_PIPE_RE.sub(r"\\|", piece)
    return restore_placeholders(piece, segment.placeholders)


_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster


def yaml_scalar(value: str, style: str) -> str:
    """``value`` as a one-line YAML scalar, plain when the original was plain and it is safe."""
    if style == "" and not _LINE_BREAK_RE.search(value) and not _PLAIN_UNSAFE_RE.search(value):
        try:
            if yaml.load(value, Loader=_SAFE_LOADER) == value:
                return value
        except yaml.YAMLError:
            pass
    if style == "'" and not _LINE_BREAK_RE.search(value):
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def _set_path(data: dict[str, Any], dotted: str, value: str) -> None:
    node: Any = data
    parts = dotted.split(".")
    for part in parts[:-1]:
        if not isinstance(node, dict) or part not in node:
            return
        node = node[part]
    if isinstance(node, dict):
        node[parts[-1]] = value
