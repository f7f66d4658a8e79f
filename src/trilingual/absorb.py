"""Absorb: fixes made in a rendered or published translation flow back into its catalog.

Proofreaders fix the Belarusian or Russian article itself, as ``render`` wrote it or as
``release`` published it (``<lang>/markdown/<slug>.md``, whose added front-matter keys are
ignored). :func:`absorb_files` finds the article, renders it again from the catalog with the
segment spans render records, maps every changed span back to its entry
(:mod:`trilingual.edits`), and stores the edited text as the entry's msgstr: reviewed, with a
translator comment ``# absorbed: <date> <file>``. Only what maps without guessing is absorbed;
everything else is a :class:`Refusal` and, unless ``partial``, nothing is written for that
article. After an absorb, ``render`` reproduces the edited file byte for byte.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polib
import yaml

from trilingual.catalog import entry_state
from trilingual.document import Document
from trilingual.edits import Alignment, Refused, StrayEdit, align, invert_piece
from trilingual.errors import UsageError
from trilingual.guarded import Snapshot, Stamp, read_snapshot, require_saved, save_guarded
from trilingual.lock import project_lock
from trilingual.numeric import is_auto_segment
from trilingual.po import (
    Key,
    Translation,
    entry_key,
    format_po,
    parse_po_text,
    read_catalog_text,
    translations_from_text,
)
from trilingual.project import SLUG_RE, Project
from trilingual.render import Rendered, RenderedSpan, load_entries, render_document
from trilingual.source import read_document
from trilingual.workers import chunks, worker_count

# the keys ``release`` adds to the front matter of <lang>/markdown/<slug>.md (release.site)
RELEASE_KEYS = ("lang", "date_display", "edition", "edition_title", "original")
_RELEASE_LINE_RE = re.compile(
    r'(' + "|".join(RELEASE_KEYS) + r'): ("(?:[^"\\\n]|\\.)*")\n\Z'
)
_OPEN_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_FENCE_RE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})", re.MULTILINE)
_MARKERS_RE = re.compile(r"[ \t>#*+\-\d.)]*")
_LINK_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:", re.MULTILINE)


@dataclass(frozen=True)
class Refusal:
    """An edit that cannot be absorbed, located in the edited file."""

    file: str
    line: int | None
    reason: str

    def format(self) -> str:
        """``FILE:LINE: cannot absorb: <why>``."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: cannot absorb: {self.reason}"


@dataclass(frozen=True)
class EntryEdit:
    """One catalog entry's msgstr, before and after; ``line`` is in the edited file,
    ``po_line`` in the catalog."""

    msgctxt: str | None
    msgid: str
    old: str
    new: str
    line: int
    po_line: int = 0


@dataclass
class ArticleAbsorb:
    """What absorbing one edited file found, and whether its catalog was written."""

    file: str
    lang: str
    slug: str = ""
    catalog: str = ""
    edits: list[EntryEdit] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    written: bool = False


@dataclass
class AbsorbReport:
    """Every file of one ``absorb`` run."""

    articles: list[ArticleAbsorb] = field(default_factory=list)

    @property
    def refused(self) -> int:
        """How many edits were refused."""
        return sum(len(a.refusals) for a in self.articles)


def absorb_files(
    project: Project,
    lang: str,
    files: Sequence[Path],
    *,
    partial: bool = False,
    dry_run: bool = False,
    today: str | None = None,
    jobs: int | None = None,
) -> AbsorbReport:
    """Absorb the edits of each file of ``files`` (translated Markdown in ``lang``).

    Each file is one article and is handled on its own: when an edit of it is refused, nothing
    is written for it (with ``partial``, its other edits are still absorbed). ``dry_run``
    writes nothing. Holds the project lock (shared for a dry run). Many files are read and
    compared by worker processes (``jobs``, default one per core); catalogs are written here.
    """
    project.check_language(lang)
    stamp = today or dt.date.today().isoformat()
    report = AbsorbReport()
    with project_lock(project, shared=dry_run):
        for article, po_path, po_text in _plan_files(project, lang, files, jobs):
            report.articles.append(article)
            if dry_run or not article.edits or (article.refusals and not partial):
                continue
            assert po_path is not None and po_text is not None
            article.written = _apply(project, article, po_path, po_text, stamp)
    return report


# an edited file may change at most this many segments, or half of them if that is more:
# beyond, it is most likely another language's text or another article
MOST_CHANGED = 10
_Plan = tuple["ArticleAbsorb", Path | None, str | None]
PARALLEL_MIN = 16  # below this many files, starting worker processes costs more than it saves


def _plan_chunk(root: str, lang: str, files: list[Path]) -> list[_Plan]:
    project = Project.open(root)
    return [plan_article(project, lang, file) for file in files]


def _plan_files(
    project: Project, lang: str, files: Sequence[Path], jobs: int | None
) -> list[_Plan]:
    """:func:`plan_article` of every file, in order; in worker processes when there are many."""
    workers = worker_count(jobs, len(files), PARALLEL_MIN)
    if workers == 1:
        return [plan_article(project, lang, file) for file in files]
    from concurrent.futures import ProcessPoolExecutor

    parts = chunks(files, workers)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = pool.map(_plan_chunk, [str(project.root)] * len(parts), [lang] * len(parts),
                        parts)
        return [plan for part in done for plan in part]


def plan_article(
    project: Project, lang: str, file: Path
) -> tuple[ArticleAbsorb, Path | None, str | None]:
    """The entry edits and refusals of one edited file (nothing written), with the catalog's
    path and the text read from it."""
    label = _label(project, file)
    article = ArticleAbsorb(label, lang)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise UsageError("no such file", path=label) from None
    except OSError as exc:
        raise UsageError(f"cannot read: {exc.strerror}", path=label) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        article.refusals.append(Refusal(label, line, "not valid UTF-8"))
        return article, None, None
    slug = find_article(project, lang, file, text)
    if slug is None:
        article.refusals.append(Refusal(label, 1, (
            "cannot tell which article this is (name the file <slug>.md, or keep the "
            "'original' key release writes)"
        )))
        return article, None, None
    article.slug = slug
    source = project.article_path(slug)
    doc = read_document(source, project.relpath(source), project.config.translatable_keys)
    if file.resolve() == source.resolve() or text == doc.text:
        article.refusals.append(Refusal(label, None, f"this is the English article, not {lang}"))
        return article, None, None
    edited, added, cut_at, cut_lines = strip_release_keys(text, doc)
    if "lang" in added and added["lang"] != lang:
        article.refusals.append(
            Refusal(label, None, f"the file is in {added['lang']!r}, not {lang!r}")
        )
        return article, None, None
    po_path = project.po_path(lang, slug)
    article.catalog = project.relpath(po_path)
    if not po_path.exists():
        article.refusals.append(Refusal(label, None, f"{article.catalog} does not exist"))
        return article, None, None
    po_text = read_catalog_text(po_path, article.catalog)
    entries = translations_from_text(po_text, article.catalog)
    crlf = "\r\n" in doc.text
    if crlf != ("\r\n" in edited):
        article.refusals.append(Refusal(label, None, (
            f"the line endings were changed (the article uses {'CRLF' if crlf else 'LF'}); "
            "save the file with the original ones"
        )))
        return article, None, None
    lines = _Lines(edited, cut_at, cut_lines)
    rendered, spans, alignment, escape = _render_and_align(doc, entries, lang, edited, added)
    translated = sum(span.translation is not None for span in spans)
    if len(alignment.changed) > max(MOST_CHANGED, translated // 2):
        article.refusals.append(Refusal(label, None, (
            f"{len(alignment.changed)} of {translated} translated sentences differ from the "
            f"catalog: is this the {lang} text of {slug}?"
        )))
        return article, None, None
    front_end = len(rendered.text) - len(rendered.body)
    for stray in alignment.stray:
        reason = _stray_reason(rendered.text, edited, stray, front_end)
        article.refusals.append(Refusal(label, lines.line(stray.new_start), reason))
    _collect_edits(article, doc, entries, rendered.text, spans, alignment, escape, lines)
    if article.edits and not article.refusals:
        _verify_article(article, doc, entries, lang, escape, edited)
    if article.edits:
        po = parse_po_text(po_text, article.catalog)
        index = _entry_index(po)
        article.edits = [
            EntryEdit(e.msgctxt, e.msgid, e.old, e.new, e.line,
                      index[(e.msgctxt, e.msgid)].linenum or 0)
            for e in article.edits
        ]
    return article, po_path, po_text


def _render_and_align(
    doc: Document,
    entries: dict[Key, Translation | polib.POEntry],
    lang: str,
    edited: str,
    added: dict[str, str],
) -> tuple[Rendered, list[RenderedSpan], Alignment, bool]:
    """The rendering the edited file was made from, its spans, the edits, and whether HTML
    was escaped: release escapes it, render does not. A file without release's keys whose
    text holds entities is compared with both readings; the one with fewer edits wins."""
    readings: list[tuple[Rendered, list[RenderedSpan], Alignment, bool]] = []
    for escape in (True,) if added else (False, True):
        spans: list[RenderedSpan] = []
        rendered = render_document(doc, entries, lang, escape_html=escape, spans=spans)
        if readings and rendered.text == readings[0][0].text:
            break
        alignment = align(rendered.text, spans, edited)
        readings.append((rendered, spans, alignment, escape))
        if not (alignment.changed or alignment.stray) or "&" not in edited:
            break
    return min(readings, key=lambda r: len(r[2].changed) + len(r[2].stray))


def _collect_edits(
    article: ArticleAbsorb,
    doc: Document,
    entries: dict[Key, Translation | polib.POEntry],
    rendered: str,
    spans: list[RenderedSpan],
    alignment: Alignment,
    escape: bool,
    lines: _Lines,
) -> None:
    """Turn each changed segment into its entry's new msgstr, or a refusal."""
    proposed: dict[Key, list[tuple[str, int]]] = {}
    for k in sorted(alignment.changed):
        segment, span = doc.segments[k], spans[k]
        where = alignment.where[k]
        if (segment.msgctxt, segment.msgid) not in entries and is_auto_segment(segment):
            article.refusals.append(Refusal(
                article.file, lines.line(where),
                "edits a number-only segment: it is rendered from the English by CLDR rules, "
                "not kept in the catalog",
            ))
            continue
        if span.translation is None:
            entry = entries.get((segment.msgctxt, segment.msgid))
            state = "fuzzy (not reviewed)" if entry is not None and \
                entry_state(entry) == "fuzzy" else "untranslated"
            article.refusals.append(Refusal(
                article.file, lines.line(where),
                f"edits a sentence that is {state}: the text shown is the English; "
                "translate it in the catalog",
            ))
            continue
        old = rendered[span.start:span.end]
        try:
            msgstr = invert_piece(segment, span.translation, old, alignment.changed[k], escape)
        except Refused as refused:
            article.refusals.append(
                Refusal(article.file, lines.line(where + refused.offset), refused.reason)
            )
            continue
        proposed.setdefault((segment.msgctxt, segment.msgid), []).append(
            (msgstr, lines.line(where))
        )
    counts = Counter((s.msgctxt, s.msgid) for s in doc.segments)
    for key, items in proposed.items():
        line = items[0][1]
        if counts[key] > 1 and (len(items) != counts[key] or len({m for m, _ in items}) > 1):
            article.refusals.append(Refusal(article.file, line, (
                f"the sentence occurs {counts[key]} times in the article (one catalog entry); "
                "edit every occurrence alike"
            )))
            continue
        entry = entries[key]
        if items[0][0] != entry.msgstr:
            article.edits.append(EntryEdit(key[0], key[1], entry.msgstr, items[0][0], line))


def _verify_article(
    article: ArticleAbsorb,
    doc: Document,
    entries: dict[Key, Translation | polib.POEntry],
    lang: str,
    escape: bool,
    edited: str,
) -> None:
    """The whole file rendered from the absorbed catalog must be the edited file."""
    new_entries = dict(entries)
    for edit in article.edits:
        new_entries[(edit.msgctxt, edit.msgid)] = Translation(edit.new)
    again = render_document(doc, new_entries, lang, escape_html=escape).text
    if again != edited:  # pragma: no cover - every piece was verified on its own
        article.refusals.append(Refusal(
            article.file, None, "the absorbed catalog would not render this file back exactly"
        ))


def _apply(project: Project, article: ArticleAbsorb, path: Path, text: str, stamp: str) -> bool:
    """Write the article's entry edits into its catalog (reviewed, with an absorbed comment)."""
    po = parse_po_text(text, article.catalog)
    index = _entry_index(po)
    note = f"absorbed: {stamp} {article.file}"
    for edit in article.edits:
        entry = index[(edit.msgctxt, edit.msgid)]
        entry.msgstr = edit.new
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        comments = [c for c in (entry.tcomment or "").split("\n") if c and
                    not c.startswith("absorbed:")]
        entry.tcomment = "\n".join([*comments, note])
    return save_catalog(path, article.catalog, text, format_po(po))


def _entry_index(po: polib.POFile) -> dict[Key, polib.POEntry]:
    return {entry_key(e): e for e in po if not e.obsolete}


def save_catalog(path: Path, rel: str, read: str, text: str) -> bool:
    """The one place absorb writes a catalog, through the guarded save every writer uses: if
    someone saved the file since absorb read it, the three versions are merged entry by entry
    (an entry they changed is kept as they saved it), or the file is left alone (exit 5)."""
    now = read_snapshot(path, rel)
    if now.data is not None and now.data == read.encode("utf-8"):
        base = now
    else:  # changed since it was read: the text read is the merge base
        base = Snapshot(path, read.encode("utf-8"), Stamp(-2, 0, 0, ""))
    result = save_guarded(path, base, text, rel=rel)
    require_saved(result)
    return result.written


# --- which article, and what release added ----------------------------------------------------


def find_article(project: Project, lang: str, file: Path, text: str) -> str | None:
    """The slug of the article ``file`` renders: its name, release's ``original`` key, or a
    catalog of ``lang`` whose title translation is the file's title."""
    stem = file.name[:-3] if file.name.endswith(".md") else file.stem
    if SLUG_RE.match(stem) and (project.articles_dir / f"{stem}.md").is_file():
        return stem
    front = _front_block(text)
    if front is None:
        return None
    match = re.search(r'^original: ("(?:[^"\\\n]|\\.)*")$', front, re.MULTILINE)
    if match is not None:
        stem = PurePosixPath(json.loads(match.group(1))).stem
        if SLUG_RE.match(stem) and (project.articles_dir / f"{stem}.md").is_file():
            return stem
    title = re.search(r"^title:[ \t]*(.+?)[ \t]*$", front, re.MULTILINE)
    if title is None:
        return None
    try:
        value = yaml.safe_load(title.group(1))
    except yaml.YAMLError:
        return None
    for slug in project.slugs():
        for (ctxt, _), entry in load_entries(project, lang, slug).items():
            if ctxt == "title" and entry.msgstr == value:
                return slug
    return None


def _front_block(text: str) -> str | None:
    match = _OPEN_RE.match(text)
    if match is None:
        return None
    close = _CLOSE_RE.search(text, match.end())
    return None if close is None else text[match.end():close.start()]


def strip_release_keys(text: str, doc: Document) -> tuple[str, dict[str, str], int, int]:
    """``text`` without the front-matter lines ``release`` adds (keys the English lacks);
    also the values removed, where they were and how many lines went."""
    match = _OPEN_RE.match(text)
    close = None if match is None else _CLOSE_RE.search(text, match.end())
    if match is None or close is None:
        return text, {}, 0, 0
    lines = text[match.end():close.start()].splitlines(keepends=True)
    added: dict[str, str] = {}
    while lines:
        line = _RELEASE_LINE_RE.match(lines[-1])
        if line is None or line.group(1) in doc.front_matter or line.group(1) in added:
            break
        added[line.group(1)] = json.loads(line.group(2))
        lines.pop()
    if not added:
        return text, {}, 0, 0
    kept = "".join(lines)
    if not kept and doc.body_start <= (1 if doc.text.startswith("\ufeff") else 0):
        # the English has no front matter: release wrote the whole block
        return text[close.end():], added, 0, len(added) + 2
    cut = match.end() + len(kept)
    return text[:cut] + text[close.start():], added, cut, len(added)


class _Lines:
    """Offsets in the edited text (release's lines removed) -> lines of the file as given."""

    def __init__(self, text: str, cut_at: int, cut_lines: int) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.cut_at = cut_at
        self.cut_lines = cut_lines

    def line(self, offset: int) -> int:
        line = bisect.bisect_right(self.starts, offset)
        return line + self.cut_lines if offset >= self.cut_at else line


def _label(project: Project, file: Path) -> str:
    """How a file is named in messages and comments: project-relative when inside it."""
    try:
        return file.resolve().relative_to(project.root).as_posix()
    except ValueError:
        return file.as_posix()


def _stray_reason(rendered: str, edited: str, stray: StrayEdit, front_end: int) -> str:
    """Why an edit outside one segment's text cannot be stored."""
    if len(stray.pieces) > 1:
        return "the edit spans two sentences and cannot be split between their entries"
    old = rendered[stray.start:stray.end]
    new = edited[stray.new_start:stray.new_end]
    if stray.start < front_end:
        return "changes front matter that is not translated (keys, dates, tags, image paths)"
    if len(_FENCE_RE.findall(rendered, 0, stray.start)) % 2:
        return "changes code"
    if old.count("\n") != new.count("\n") or "\r" in old + new:
        return "changes the block structure (paragraphs, headings, list items, line breaks)"
    line_start = rendered.rfind("\n", 0, stray.start) + 1
    line_end = rendered.find("\n", stray.end)
    line = rendered[line_start:len(rendered) if line_end < 0 else line_end]
    if _LINK_DEF_RE.match(line):
        return "changes a link target"
    if _MARKERS_RE.fullmatch(rendered[line_start:stray.start] + old + new):
        return "changes the block structure (a heading, list or quote marker)"
    if "`" in old + new:
        return "changes code"
    if stray.pieces:
        return "changes the text next to a sentence (markup or spacing outside it)"
    return "changes text that is not translated (markup, spacing, code, or the English)"
