"""``trilingual extract``: bring every article's POT and be/ru PO files in step with the English.

All inputs of a run are read and validated before the first file is written, so a broken article
or catalog stops the run with nothing half-updated. Articles whose inputs are unchanged since the
last run (content digests kept in ``.trilingual/extract-state.json``) are skipped, so an edit to
one article in a large archive costs one article's work. Independent articles are processed in
parallel worker processes when there are many of them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from trilingual.catalog import (
    UpdateStats,
    build_template,
    template_view,
    update_po,
)
from trilingual.content import other_entries, same_content
from trilingual.document import Document
from trilingual.errors import CatalogError, TrilingualError
from trilingual.fsutil import NEW_FILE_MODE, discard, stage, write_atomic
from trilingual.guarded import Snapshot, Stamp, read_snapshot, replace_staged, save_guarded
from trilingual.numeric import without_auto_segments
from trilingual.po import (
    check_plurals,
    decode_catalog,
    format_po,
    now_stamp,
    parse_po_text,
    refuse_conflict_markers,
)
from trilingual.project import Project
from trilingual.source import read_document
from trilingual.workers import chunks, process_pool, worker_count

STATE_NAME = "extract-state.json"
PARALLEL_MIN = 24  # below this many articles, worker start-up costs more than it saves
CHUNK_MOST = 32  # articles per task at most: when one worker is done, the other is nearly done


@dataclass
class ArticleResult:
    """Files one article needs (re)written, and what the merge did per language.

    ``changed`` lists the files whose content changes (layout differences do not count, see
    :mod:`trilingual.content`, unless ``normalize``); with staging, ``staged`` holds for each
    of them the temp file (beside it) that holds the new content, to be renamed over it, and
    the stamp of the file it was computed from (the rename is guarded by it).
    ``outputs`` (with ``keep_texts``) holds each changed file's snapshot and new text.
    ``digest`` is the state digest of the article's inputs once the new files are in place.
    ``error`` is a refusal (a bad article or catalog): the run must stop and write nothing.
    """

    slug: str
    changed: list[Path] = field(default_factory=list)
    staged: list[tuple[Path, Path, Stamp]] = field(default_factory=list)
    outputs: list[tuple[Path, Snapshot, str]] = field(default_factory=list)
    stats: dict[str, UpdateStats] = field(default_factory=dict)
    segments: int = 0
    digest: str = ""
    error: TrilingualError | None = None
    texts: dict[Path, bytes] = field(default_factory=dict)  # dry run: new content of `changed`


@dataclass
class ExtractReport:
    """Outcome of an extract run."""

    written: list[Path] = field(default_factory=list)
    checked: int = 0
    skipped: int = 0
    segments: int = 0
    stats: dict[tuple[str, str], UpdateStats] = field(default_factory=dict)
    orphans: list[Path] = field(default_factory=list)
    texts: dict[Path, bytes] = field(default_factory=dict)  # dry run: new content of `written`


def _digest(paths: Sequence[Path], extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for path in paths:
        try:
            h.update(path.read_bytes())
        except FileNotFoundError:
            h.update(b"\0missing")
        h.update(b"\0")
    return h.hexdigest()


def _config_key(project: Project) -> str:
    from trilingual import __version__

    cfg = project.config
    return json.dumps([__version__, cfg.translatable_keys, cfg.languages, cfg.source_language,
                       cfg.auto_numbers])


# (path, snapshot read, new text, whether only the layout differs: None = compare them)
_Output = tuple[Path, Snapshot, str, bool | None]


def extract_article(
    project: Project, slug: str, *, stage_files: bool = False, key: str = "",
    normalize: bool = False, keep_texts: bool = False,
) -> ArticleResult:
    """Compute the new POT and PO texts of one article; with ``stage_files``, write each file
    that changes to a temp file beside it (see :class:`ArticleResult`), else write nothing.

    A file changes when its content differs from what extract computes; a file that differs in
    layout only (another tool's wrapping, header order...) is left alone unless ``normalize``.
    """
    path = project.article_path(slug)
    rel = project.relpath(path)
    doc = read_document(path, rel, project.config.translatable_keys)
    if project.config.auto_numbers:
        doc = without_auto_segments(doc)  # number-only cells are rendered, not translated
    result = ArticleResult(slug=slug, segments=len(doc.segments))
    pot_path = project.pot_path(slug)
    pot = build_template(doc, slug, created=now_stamp())
    pot_snap, pot_text, pot_same = _template_output(
        pot, pot_path, project.relpath(pot_path), normalize
    )
    outputs: list[_Output] = [(pot_path, pot_snap, pot_text, pot_same)]
    for lang in project.config.languages:
        output, result.stats[lang] = _catalog_output(
            project, pot, pot_text, lang, slug, normalize
        )
        outputs.append(output)
    _finish(result, doc, outputs, key, stage_files=stage_files, keep_texts=keep_texts)
    return result


def _template_output(
    pot: polib.POFile, pot_path: Path, pot_rel: str, normalize: bool
) -> tuple[Snapshot, str, bool]:
    """The template's snapshot, its new text, and whether the file may stay as it is (an
    unchanged template keeps its creation date; with ``pot`` updated to match)."""
    pot_text = format_po(pot)
    pot_snap = read_snapshot(pot_path, pot_rel)
    pot_same = False
    if pot_snap.data is not None:
        # an unchanged template keeps its creation date (and is not rewritten)
        old_text = decode_catalog(pot_snap.data, pot_rel)
        refuse_conflict_markers(old_text, pot_rel)
        old_date = _POT_DATE.search(old_text)
        new_date = _POT_DATE.search(pot_text)
        if old_date and new_date:
            same = pot_text[: new_date.start()] + old_date.group(0) + pot_text[new_date.end() :]
            if same == old_text:
                pot_text = same
                pot.metadata["POT-Creation-Date"] = old_date.group(1)
                pot_same = True
        if not pot_same and not normalize and not other_entries(old_text, pot):
            old_pot = _parsed_or_none(old_text, pot_rel)
            if old_pot is not None and same_content(old_pot, pot):
                pot_same = True  # another tool's layout: the file stays as it is
                if old_pot.metadata.get("POT-Creation-Date"):
                    pot.metadata["POT-Creation-Date"] = old_pot.metadata["POT-Creation-Date"]
                    pot_text = format_po(pot)
    return pot_snap, pot_text, pot_same


def _catalog_output(
    project: Project, pot: polib.POFile, pot_text: str, lang: str, slug: str, normalize: bool
) -> tuple[_Output, UpdateStats]:
    """The new text of the ``lang`` catalog of ``slug`` and what the update did."""
    po_path = project.po_path(lang, slug)
    po_rel = project.relpath(po_path)
    snap = read_snapshot(po_path, po_rel)
    if snap.data is None:
        merged, stats = template_view(pot, lang, slug)
        return (po_path, snap, format_po(merged, template=(pot, pot_text)), False), stats
    old = parse_po_text(decode_catalog(snap.data, po_rel), po_rel)
    check_plurals(old, po_path, po_rel)
    merged, stats = update_po(old, pot, lang, slug)
    po_text = format_po(merged)
    if normalize:
        return (po_path, snap, po_text, False), stats
    if snap.data != po_text.encode("utf-8"):
        return (po_path, snap, po_text, same_content(old, merged)), stats
    return (po_path, snap, po_text, None), stats


def _finish(
    result: ArticleResult, doc: Document, outputs: list[_Output], key: str, *,
    stage_files: bool, keep_texts: bool,
) -> None:
    """The article's digest, and each output that changes: staged, or kept as bytes/text."""
    digest = hashlib.sha256(key.encode())
    # the article's bytes: its text was decoded strictly, so encoding it gives them back
    raws = []
    for out_path, snap, text, layout in outputs:
        raw = text.encode("utf-8")
        keep = snap.data is not None and (bool(layout) or snap.data == raw)
        raws.append((out_path, snap, text, raw, keep))
    for data in (doc.text.encode("utf-8"), *(
        snap.data if keep and snap.data is not None else raw for _, snap, _, raw, keep in raws
    )):
        digest.update(data)
        digest.update(b"\0")
    result.digest = digest.hexdigest()  # what _digest() reads once the files are in place
    for out_path, snap, text, raw, keep in raws:
        if keep:
            continue
        result.changed.append(out_path)
        if not stage_files:
            result.texts[out_path] = raw
        if keep_texts:
            result.outputs.append((out_path, snap, text))
        if not stage_files:
            continue
        # the template is rebuilt from the article; a catalog is durable once it exists
        # (it may hold translations)
        old_file = snap.exists
        durable = old_file and out_path.suffix == ".po"
        try:
            result.staged.append((out_path, stage(
                out_path, raw, durable=durable, mode=None if old_file else NEW_FILE_MODE
            ), snap.stamp))
        except BaseException:
            _discard_staged([result])
            raise


def _parsed_or_none(text: str, rel: str) -> polib.POFile | None:
    """The parsed catalog, or None when it cannot be read (it is rewritten then)."""
    try:
        return parse_po_text(text, rel)
    except TrilingualError:
        return None


_POT_DATE = re.compile(r'^"POT-Creation-Date: ([^"\\\n]*)\\n"$', re.MULTILINE)


def _discard_staged(results: Sequence[ArticleResult]) -> None:
    for result in results:
        for _, tmp, _ in result.staged:
            discard(tmp)
        result.staged = []


def _extract_slugs(
    root: str, slugs: Sequence[str], stage_files: bool, key: str, normalize: bool = False
) -> list[ArticleResult]:
    """Extract ``slugs`` in order; a refusal ends the list (staged files of it discarded)."""
    project = Project.open(root)
    results: list[ArticleResult] = []
    for slug in slugs:
        try:
            results.append(extract_article(
                project, slug, stage_files=stage_files, key=key, normalize=normalize
            ))
        except TrilingualError as error:
            results.append(ArticleResult(slug=slug, error=error))
            break
        except BaseException:
            _discard_staged(results)
            raise
    return results


def extract_project(
    project: Project,
    slugs: Sequence[str] | None = None,
    *,
    dry_run: bool = False,
    jobs: int | None = None,
    force: bool = False,
    normalize: bool = False,
) -> ExtractReport:
    """Update the catalogs of ``slugs`` (default: every article).

    With ``dry_run`` nothing is written; ``report.written`` lists what would change. Files
    that differ from extract's output in layout only are left alone unless ``normalize``
    (then every file is read and rewritten in msgcat's layout where it differs).

    Every file is replaced only if it is still what was read (see :mod:`trilingual.guarded`);
    an article whose file changed meanwhile is extracted again from what is on disk now and
    saved through :func:`trilingual.guarded.save_guarded`; a file that cannot be merged is left
    alone and raised as a :class:`CatalogError` once the other articles are written.
    """
    force = force or normalize
    report = ExtractReport()
    all_slugs = project.slugs()
    wanted = list(slugs) if slugs is not None else all_slugs
    if slugs is not None:
        for slug in wanted:
            project.article_path(slug)  # validates the slug and that the file exists
    state_path = project.state_dir / STATE_NAME
    state = _load_state(state_path)
    key = _config_key(project)
    folders = _folders(project)
    todo = _stale_slugs(project, wanted, state, key, folders, force, report)
    results = _run(project, todo, jobs, stage_files=not dry_run, key=key, normalize=normalize)
    failed = next((r for r in results if r.error is not None), None)
    if failed is not None or dry_run:
        _discard_staged(results)
        if failed is not None and failed.error is not None:
            raise failed.error
    report.checked = len(todo)
    for result in results:
        report.segments += result.segments
        for lang, stats in result.stats.items():
            report.stats[(result.slug, lang)] = stats
        report.written.extend(result.changed)
        report.texts.update(result.texts)
    if not dry_run:
        refused = _replace_all(project, results, state, key, folders, normalize)
        state = {s: d for s, d in state.items() if s in all_slugs}
        write_atomic(state_path, json.dumps(state, indent=0, sort_keys=True), durable=False)
        if refused:
            more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
            raise CatalogError(refused[0] + more)
    existing = set(all_slugs)
    templates = project.locales_dir / "templates"
    if templates.is_dir():
        report.orphans = sorted(p for p in templates.glob("*.pot") if p.stem not in existing)
    return report


def _stale_slugs(
    project: Project, wanted: list[str], state: dict[str, Any], key: str,
    folders: list[tuple[str, str]], force: bool, report: ExtractReport,
) -> list[str]:
    """The articles to extract: never extracted, ``force``, or their files changed since the
    state recorded them (same stat: skipped unread; same digest: skipped, state refreshed)."""
    todo = []
    for slug in wanted:
        paths = [f"{folder}/{slug}{suffix}" for folder, suffix in folders]
        signature = _signature(project, paths)
        known = None if force else state.get(slug)
        if known is None:
            todo.append(slug)  # never extracted (or --force): the worker validates and reads
            continue
        if signature == known.get("stat"):
            report.skipped += 1  # same size, time and kind: not even read
            continue
        project.article_path(slug)  # before reading it: inside the project, a regular file
        digest = _digest([Path(p) for p in paths], key)
        if known.get("digest") == digest:
            report.skipped += 1
            state[slug] = {"digest": digest, "stat": _settled(signature)}
        else:
            todo.append(slug)
    return todo


def _replace_all(
    project: Project, results: list[ArticleResult], state: dict[str, Any], key: str,
    folders: list[tuple[str, str]], normalize: bool,
) -> list[str]:
    """Put every staged file in place (an article saved meanwhile is extracted again and
    saved guarded) and record each article in ``state``; the refusal messages."""
    refused: list[str] = []
    try:
        for result in results:
            clean = True
            for path, tmp, stamp in result.staged:
                clean = replace_staged(path, tmp, stamp) and clean
            result.staged = []
            paths = [f"{folder}/{result.slug}{suffix}" for folder, suffix in folders]
            digest = result.digest
            if not clean:  # someone saved a file of this article meanwhile: do it again
                problem = _redo(project, result.slug, key, normalize)
                if problem:
                    refused.append(problem)
                    state.pop(result.slug, None)
                    continue
                digest = _digest([Path(p) for p in paths], key)
            state[result.slug] = {
                "digest": digest, "stat": _settled(_signature(project, paths))
            }
    finally:
        _discard_staged(results)
    return refused


def _redo(project: Project, slug: str, key: str, normalize: bool) -> str:
    """Extract ``slug`` again from the files as they are now and save each one guarded;
    the refusal message of a file that could not be saved, else ""."""
    try:
        result = extract_article(project, slug, key=key, normalize=normalize, keep_texts=True)
    except TrilingualError as error:  # a file broken meanwhile: left as it is
        return str(error)
    for path, snap, text in result.outputs:
        durable = snap.exists and path.suffix == ".po"
        saved = save_guarded(
            path, snap, text, rel=project.relpath(path), durable=durable,
            mode=None if snap.exists else NEW_FILE_MODE,
        )
        if saved.refused:
            return saved.message
    return ""


def _run(
    project: Project, slugs: list[str], jobs: int | None, *, stage_files: bool, key: str,
    normalize: bool = False,
) -> list[ArticleResult]:
    """Extract ``slugs``, in worker processes when there are many (each writes its own staged
    files: no catalog text crosses a process border)."""
    workers = worker_count(jobs, len(slugs), PARALLEL_MIN)
    root = str(project.root)
    if workers == 1:
        return _extract_slugs(root, slugs, stage_files, key, normalize)
    results: list[ArticleResult] = []
    crash: BaseException | None = None
    with process_pool(workers) as pool:
        futures = [
            pool.submit(_extract_slugs, root, c, stage_files, key, normalize)
            for c in chunks(slugs, workers, most=CHUNK_MOST)
        ]
        for future in futures:
            try:
                results.extend(future.result())
            except KeyboardInterrupt:  # Ctrl-C, SIGTERM: stop the workers now
                _discard_staged(results)
                raise
            except BaseException as error:  # a bug in a worker: clean up, then re-raise
                crash = crash or error
    if crash is not None:
        _discard_staged(results)
        raise crash
    return results


def _load_state(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


def _folders(project: Project) -> list[tuple[str, str]]:
    """(folder, suffix) of an article's inputs, article, template, catalogs, as plain strings
    (pathlib costs more than the work when 1,000 unchanged articles are looked at)."""
    return [
        (str(project.articles_dir), ".md"),
        (str(project.locales_dir / "templates"), ".pot"),
        *((str(project.locales_dir / lang / "LC_MESSAGES"), ".po")
          for lang in project.config.languages),
    ]


def _signature(project: Project, paths: Sequence[str]) -> list[list[int] | None]:
    """Size, modification time and file type of each input (``None``: missing). A catalog that
    is not a regular file (a FIFO would block the read for ever) is refused here."""
    out: list[list[int] | None] = []
    for i, name in enumerate(paths):
        try:
            info = os.stat(name)
        except FileNotFoundError:
            out.append(None)
            continue
        if i and not stat.S_ISREG(info.st_mode):
            raise CatalogError("not a regular file", path=project.relpath(Path(name)))
        out.append([info.st_size, info.st_mtime_ns, stat.S_IFMT(info.st_mode)])
    return out


RACY_NS = 2_000_000_000


def _settled(signature: list[list[int] | None]) -> list[list[int] | None] | None:
    """The signature to trust next time, or ``None`` when a file changed too recently: file
    times tick coarsely, so an edit in the same tick would keep size and time ("racy git")."""
    now = time.time_ns()
    if any(s is not None and now - s[1] < RACY_NS for s in signature):
        return None
    return signature
