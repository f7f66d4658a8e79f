"""Staging and swap: every output a release builds goes to a staging folder first, and is moved
into place only when the whole release succeeded, all together or not at all.

The staging folder lives on the output's file system (pages are moved, not copied) and is named
``release-staging-<pid>-<random>`` so that :func:`trilingual.lock.remove_debris` can tell the
folder of a killed run from a live one. The commit moves the changed files into place, deletes
stale ones and brings the search index in step; each replaced or deleted file is kept
(hard-linked) in the staging folder first, so a failure part-way (disk full, permissions) puts
every file back: readers see all new or all old.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from trilingual.errors import UsageError
from trilingual.fsutil import write_atomic
from trilingual.project import Project
from trilingual.release import paths
from trilingual.release.manifest import NO_SIGNATURE, OutputRecord, digest, signature


@contextmanager
def staging_folder(project: Project, out: Path) -> Iterator[Path]:
    """A fresh staging folder on ``out``'s file system, removed with everything in it after."""
    project.state_dir.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    near = project.state_dir
    if os.stat(near).st_dev != os.stat(out.parent).st_dev:
        near = out.parent
    staging = Path(tempfile.mkdtemp(prefix=f"release-staging-{os.getpid()}-", dir=near))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def stage(out: Path, staging: Path, rel: str, key: str, data: str | bytes,
          ) -> tuple[OutputRecord, bool]:
    """Put ``data`` in the staging folder unless ``out/rel`` already holds exactly it.

    Returns the output's record (its signature is filled in after the move) and whether the
    bytes changed."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    content = digest(raw)
    target = out / rel
    try:
        st = os.stat(target)
        if stat.S_ISREG(st.st_mode) and target.read_bytes() == raw:
            return OutputRecord(key, content, *signature(st)), False
    except OSError:
        pass
    staged = staging / rel
    staged.parent.mkdir(parents=True, exist_ok=True)
    staged.write_bytes(raw)
    return OutputRecord(key, content, *NO_SIGNATURE), True


def commit(out: Path, staging: Path, written: list[str], records: dict[str, OutputRecord],
           old_outputs: Mapping[str, object], search_state: Path,
           shards: dict[str, list[tuple[str, str, str]]], salt: str,
           ) -> tuple[list[str], tuple[str, ...]]:
    """Move the ``written`` outputs into place, delete the outputs of the last release that
    are no longer in ``records`` and update the search index; undo it all on any failure.

    Returns the outputs removed and the search shards built again; the records of the moved
    outputs get their new stat signature."""
    from trilingual.release import search

    targets = {rel: target(out, rel) for rel in written}
    undo = Undo(staging / ".previous")
    removed = []
    try:
        for rel in written:
            path = targets[rel]
            path.parent.mkdir(parents=True, exist_ok=True)
            undo.keep(rel, path)
            move(staging / rel, path)
            records[rel] = records[rel].with_signature(signature(os.stat(path)))
        for rel in sorted(set(old_outputs) - set(records)):
            try:
                path = target(out, rel)
            except UsageError:
                continue
            if path.is_file():
                undo.keep(rel, path)
                path.unlink()
                removed.append(rel)
                prune_empty(path.parent, out)
        # the search index follows the pages; if it cannot be built (disk full), the pages
        # go back too: readers never see pages the index does not know, or the reverse
        indexed = search.update_index(out, staging.parent, search_state, shards, salt)
    except BaseException:
        undo.roll_back()
        raise
    return removed, indexed


class Undo:
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


def move(staged: Path, target: Path) -> None:
    """Move a staged file into place (copied when the staging folder is on another device)."""
    try:
        os.replace(staged, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        write_atomic(target, staged.read_bytes(), only_if_changed=False, durable=False)


def prune_empty(folder: Path, out: Path) -> None:
    """Remove ``folder`` and its parents while they are empty, stopping at ``out``."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def target(out: Path, rel: str) -> Path:
    """``out/rel``, refusing any path that would land outside ``out`` (also through symlinks)."""
    try:
        paths.safe_relative(rel)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    path = out / rel
    if not path.resolve().is_relative_to(out):
        raise UsageError(f"output path {rel!r} resolves outside {out}")
    return path
