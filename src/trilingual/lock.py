"""One writer at a time per project: an advisory ``flock`` on the project folder itself.

Readers (dry runs, checks) take a shared lock, writers an exclusive one. A process that cannot
get the lock within ``timeout`` seconds gives up with a LockError naming the holder.

The lock is taken on the project's root folder (opened read-only), not on a file inside
``.trilingual/``: deleting ``.trilingual/`` during a run (``make clean``, ``rm -rf``) cannot
remove it, so a second writer still waits. ``.trilingual/lock`` only tells waiting processes
the holder's pid (rewritten by each writer; its absence is harmless).

A writer that got the lock removes the debris of runs that were killed (SIGKILL, power cut):
hidden temp files ``.<name>.<pid>-<random>.tmp`` and ``release-staging-<pid>-*`` folders whose
owner process is gone (see :func:`remove_debris`). Worker processes close the inherited lock
(:func:`release_inherited`) so that they can never hold it after their parent died.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from trilingual.errors import LockError, UsageError
from trilingual.project import Project

DEFAULT_TIMEOUT = 30.0
HOLDER_NAME = "lock"
#: a temp file of :func:`trilingual.fsutil.stage`: ``.<name>.<pid>-<mkstemp random>.tmp``
#: (older versions wrote ``.<name>.<random>.tmp``: no pid, removed as well)
TEMP_RE = re.compile(r"^\..+?\.(?:(\d+)-)?[a-z0-9_]{8}\.tmp$")
STAGING_RE = re.compile(r"^release-staging-(?:(\d+)-)?[a-z0-9_]{8}$")

_HELD: set[int] = set()  # descriptors holding a project lock in this process


def default_timeout() -> float:
    """Seconds to wait for the lock: ``TRILINGUAL_LOCK_TIMEOUT`` (read at each use), else 30."""
    raw = os.environ.get("TRILINGUAL_LOCK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses nan; inf waits for ever
        raise UsageError(
            f"TRILINGUAL_LOCK_TIMEOUT must be a number of seconds, not {raw!r}"
        )
    return value


def _holder(project: Project) -> str:
    try:
        raw = (project.state_dir / HOLDER_NAME).read_bytes()[:64]
    except OSError:
        return "unknown"
    return raw.decode("ascii", "replace").strip() or "unknown"


@contextmanager
def project_lock(
    project: Project, *, shared: bool = False, timeout: float | None = None
) -> Iterator[None]:
    """Hold the project lock for the duration of the ``with`` block."""
    limit = default_timeout() if timeout is None else timeout
    fd = os.open(project.root, os.O_RDONLY | os.O_DIRECTORY)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    deadline = time.monotonic() + limit
    announced = False
    try:
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockError(
                        f"another trilingual process (pid {_holder(project)}) is working on "
                        f"this project; gave up after {limit:.0f} s",
                        path=project.relpath(project.state_dir / HOLDER_NAME),
                    ) from None
                if not announced:
                    print(
                        "waiting for another trilingual process to finish...",
                        file=sys.stderr, flush=True,
                    )
                    announced = True
                time.sleep(0.1)
        _HELD.add(fd)
        if not shared:
            project.state_dir.mkdir(parents=True, exist_ok=True)
            _write_holder(project.state_dir / HOLDER_NAME)
            remove_debris(project)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)


def _write_holder(path: Path) -> None:
    """Record this process's pid for waiting processes (best effort: it is only a message)."""
    with suppress(OSError):
        holder = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(holder, str(os.getpid()).encode())
        finally:
            os.close(holder)


def release_inherited() -> None:
    """Close every lock descriptor inherited from the parent (called in a forked worker)."""
    for fd in list(_HELD):
        with suppress(OSError):
            os.close(fd)
    _HELD.clear()


def owner_gone(pid: int | None) -> bool:
    """True if process ``pid`` no longer runs (a zombie counts as gone; None: unknown owner)."""
    if pid is None:
        return True
    if pid == os.getpid():
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
        return stat[stat.rfind(b")") + 2 : stat.rfind(b")") + 3] in (b"Z", b"X")
    except FileNotFoundError:
        return True
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _pid(match: re.Match[str]) -> int | None:
    return int(match.group(1)) if match.group(1) else None


def remove_debris(project: Project, extra: Iterable[Path] = ()) -> list[Path]:
    """Remove temp files and release staging folders left by killed runs; returns them.

    Called by every writer once it holds the exclusive lock: no other trilingual writer can be
    at work then, and only files whose owner process is gone are removed. Looks in the project
    root, ``.trilingual/``, the articles folder and every folder under the locales folder
    (plus ``extra`` folders, e.g. a release's output parent).
    """
    removed: list[Path] = []
    folders = [project.root, project.state_dir, project.articles_dir, *extra]
    for top, dirs, _files in os.walk(project.locales_dir):
        folders.append(Path(top))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
    for folder in dict.fromkeys(folders):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.endswith(".tmp") and (match := TEMP_RE.match(name)) is not None:
                if owner_gone(_pid(match)):
                    with suppress(FileNotFoundError, IsADirectoryError):
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
            elif name.startswith("release-staging-") and (
                match := STAGING_RE.match(name)
            ) is not None and owner_gone(_pid(match)) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(Path(entry.path))
    return removed
