"""One writer at a time per project: an advisory ``flock`` on ``.trilingual/lock``.

Readers (dry runs, checks) take a shared lock, writers an exclusive one. A process that cannot
get the lock within ``timeout`` seconds gives up with a LockError naming the holder.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from trilingual.errors import LockError, UsageError
from trilingual.project import Project

DEFAULT_TIMEOUT = 30.0


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


@contextmanager
def project_lock(
    project: Project, *, shared: bool = False, timeout: float | None = None
) -> Iterator[None]:
    """Hold the project lock for the duration of the ``with`` block."""
    limit = default_timeout() if timeout is None else timeout
    project.state_dir.mkdir(parents=True, exist_ok=True)
    path = project.state_dir / "lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
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
                    holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
                    raise LockError(
                        f"another trilingual process (pid {holder}) is working on this project; "
                        f"gave up after {limit:.0f} s",
                        path=project.relpath(path),
                    ) from None
                if not announced:
                    print(
                        "waiting for another trilingual process to finish...",
                        file=sys.stderr, flush=True,
                    )
                    announced = True
                time.sleep(0.1)
        if not shared:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
