"""Atomic, change-aware file writes: nothing half-written, nothing rewritten needlessly."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from trilingual.workers import owner_pid


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
    path.parent.mkdir(parents=True, exist_ok=True)
    # the owner's pid in the name: the next writer removes it if its owner was killed
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{path.name}.{owner_pid()}-", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise _naming(exc, path) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(fd, mode)
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(fd)
    except OSError as exc:
        discard(tmp)
        raise _naming(exc, path) from None
    except BaseException:
        discard(tmp)
        raise
    return tmp


def _naming(exc: OSError, path: Path) -> OSError:
    """``exc`` about ``path`` (the file the user knows), not about a temp file."""
    return OSError(exc.errno, exc.strerror, str(path))


def discard(tmp: Path) -> None:
    """Remove a staged temp file (gone already is fine)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
