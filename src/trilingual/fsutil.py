"""Atomic, change-aware file writes: nothing half-written, nothing rewritten needlessly."""

from __future__ import annotations

import contextlib
import os
import tempfile
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


def stage(path: Path, data: str | bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to a new temp file beside ``path`` (same folder, so that ``os.replace``
    of it onto ``path`` is atomic) with ``path``'s permissions; ``path`` is not touched.

    Commands that update many files stage them all and rename them only once every one was
    computed without error, so a bad input leaves every file as it was.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
    except BaseException:
        discard(tmp)
        raise
    return tmp


def discard(tmp: Path) -> None:
    """Remove a staged temp file (gone already is fine)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
