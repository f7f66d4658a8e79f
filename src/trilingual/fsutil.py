"""Atomic, change-aware file writes: nothing half-written, nothing rewritten needlessly."""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
from pathlib import Path


def write_atomic(
    path: Path, data: str | bytes, *, only_if_changed: bool = True, durable: bool = True
) -> bool:
    """Write ``data`` to ``path`` through a temp file in the same folder and ``os.replace``.

    ``durable`` flushes the data to the disk (``fsync``) before the rename, so that even a power
    cut leaves the old or the new file; files that are rebuilt from others (templates, the
    published site) skip it: a crash can at worst cost a rebuild, never a translation.

    Returns ``True`` when the file was (re)written, ``False`` when it already held exactly
    ``data`` (then its mtime is left alone, so make-style tools and git see no change).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if only_if_changed:
        try:
            if path.read_bytes() == raw:
                return False
        except FileNotFoundError:
            pass
    tmp = stage(path, raw, durable=durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise
    return True


NEW_FILE_MODE = 0o644  # permissions of a file that did not exist before
_TEMP_NUMBERS = itertools.count()


def stage(
    path: Path, data: str | bytes, *, durable: bool = True, mode: int | None = None
) -> Path:
    """Write ``data`` to a new temp file beside ``path`` (same folder, so that ``os.replace``
    of it onto ``path`` is atomic) with ``path``'s permissions (``mode`` when the caller knows
    them: :data:`NEW_FILE_MODE` for a file it knows is new); ``path`` is not touched.

    Commands that update many files stage them all and rename them only once every one was
    computed without error, so a bad input leaves every file as it was.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = NEW_FILE_MODE
    fd, tmp = _create_temp(path)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        discard(tmp)
        raise
    return tmp


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new, empty file ``.<name>.<pid>-<n>.tmp`` beside ``path`` (its folder made if missing),
    opened for writing; never an existing file or a symlink."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    made_folder = False
    while True:
        tmp = path.with_name(f".{path.name}.{os.getpid()}-{next(_TEMP_NUMBERS)}.tmp")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue  # left behind by a killed process that had the same pid
        except FileNotFoundError:
            if made_folder:
                raise
            path.parent.mkdir(parents=True, exist_ok=True)
            made_folder = True


def discard(tmp: Path) -> None:
    """Remove a staged temp file (gone already is fine)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
