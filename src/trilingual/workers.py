"""How many worker processes a run over independent articles uses, how it splits them, and the
one way such processes are started and stopped.

``extract``, ``render --out-dir`` and ``release`` share this: one worker per core (at most 8),
none below a command's break-even count unless ``--jobs`` asks, and contiguous chunks of about
a quarter of a worker's share, so the work stays in article order and balances at the end.

Workers never outlive their parent, whatever stops it (:func:`process_pool`):

- the multiprocessing start method is named, never left to Python's default (``fork`` here;
  ``TRILINGUAL_START_METHOD=forkserver`` or ``spawn`` also work for extract and render);
- each worker asks the kernel to SIGKILL it when its parent dies (``PR_SET_PDEATHSIG``) and
  watches the command's own process through a pidfd (with ``forkserver`` its parent is the
  fork server, not the command), so a SIGKILLed command takes its workers with it;
- a worker ignores Ctrl-C (the command stops the pool itself) and closes the project lock it
  inherited through ``fork``, so it can never hold the lock;
- when the command stops early (error, Ctrl-C, SIGTERM) the pool is cancelled and its workers
  are killed at once instead of finishing the queued work;
- temp files a worker writes carry the command's pid (:func:`owner_pid`): when the command was
  killed, the next writer removes them (see :func:`trilingual.lock.remove_debris`).
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
START_METHODS = ("fork", "forkserver", "spawn")
PR_SET_PDEATHSIG = 1
_OWNER: int | None = None  # in a worker: the pid of the command that started it


def worker_count(jobs: int | None, items: int, minimum: int) -> int:
    """Worker processes for ``items`` independent items (1: do the work in this process)."""
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or items == 0 or (jobs is None and items < minimum):
        return 1
    return workers


def chunks(items: Sequence[T], workers: int, *, most: int | None = None) -> list[list[T]]:
    """``items`` cut into contiguous chunks, about four per worker (at most ``most`` each)."""
    size = max(1, len(items) // (workers * 4))
    if most is not None:
        size = min(size, most)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def owner_pid() -> int:
    """The pid temp files are tagged with: the command's, also inside its workers."""
    return _OWNER if _OWNER is not None else os.getpid()


def start_method() -> str:
    """``TRILINGUAL_START_METHOD`` if set (fork, forkserver, spawn), else ``fork``."""
    from trilingual.errors import UsageError

    method = os.environ.get("TRILINGUAL_START_METHOD", "").strip() or "fork"
    if method not in START_METHODS:
        raise UsageError(
            f"TRILINGUAL_START_METHOD must be one of {', '.join(START_METHODS)}, not {method!r}"
        )
    return method


_TRACKER_QUIET = "ignore:resource_tracker:UserWarning"


@contextmanager
def process_pool(workers: int, method: str | None = None) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers die with this process; stopped at once on any exception."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = method or start_method()
    if method != "fork" and _TRACKER_QUIET not in sys.warnoptions:
        # forkserver/spawn pools register their semaphores with multiprocessing's resource
        # tracker; after a SIGTERM the tracker removes them and warns on our stderr. The
        # removal is what we want, the warning only noise: the tracker process inherits this
        # filter (it is started with the interpreter's -W options).
        sys.warnoptions.append(_TRACKER_QUIET)

    class Pool(ProcessPoolExecutor):
        def submit(self, *args: Any, **kwargs: Any) -> Any:
            # a submit may start a worker: Ctrl-C or SIGTERM wait until it is known to the
            # pool (else a worker started in between is never stopped)
            with _signals_deferred():
                return super().submit(*args, **kwargs)

    pool = Pool(
        max_workers=workers, mp_context=multiprocessing.get_context(method),
        initializer=_init_worker, initargs=(os.getpid(), method == "fork"),
    )
    try:
        yield pool
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


_DEFERRED = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back for the duration of the block (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel the queued work and kill the workers now (their results are not wanted)."""
    _quiet_pool_thread(pool)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    calls = getattr(pool, "_call_queue", None)
    if calls is not None:
        # work already pickled for the killed workers stays in the pipe; without this the
        # pool's clean-up (and so the interpreter's exit) waits for ever for it to be read
        calls.cancel_join_thread()
    for process in processes:
        with suppress(OSError, ValueError, AttributeError):
            process.kill()
    with suppress(Exception):
        pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(2)
    results = getattr(pool, "_result_queue", None)
    if results is not None:  # a worker killed mid-answer: the pool's reader gets EOF, not a hang
        with suppress(OSError, AttributeError):
            results._writer.close()


def _quiet_pool_thread(pool: ProcessPoolExecutor) -> None:
    """Once a pool is being killed, an exception in its management thread (it may be setting a
    result on a future just cancelled: InvalidStateError) is expected and not shown: a stopped
    run prints its one line, never a thread's traceback."""
    thread = getattr(pool, "_executor_manager_thread", None)
    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if thread is None or args.thread is not thread:
            previous(args)

    threading.excepthook = hook


def _init_worker(parent: int, forked: bool) -> None:
    """Runs first in every worker: die with the command, never hold its lock or its signals."""
    global _OWNER
    _OWNER = parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's "stop like Ctrl-C"
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _DEFERRED)  # (started while they were held)
    if forked:
        from trilingual.lock import release_inherited

        release_inherited()
    with suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if forked and os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    _watch(parent)


def _watch(parent: int) -> None:
    """Kill this worker as soon as process ``parent`` exits (a daemon thread on a pidfd)."""
    try:
        pidfd = os.pidfd_open(parent)
    except ProcessLookupError:
        os._exit(1)
    except (OSError, AttributeError):
        pidfd = -1  # no pidfd (old kernel): poll the parent's existence instead

    def wait() -> None:
        if pidfd >= 0:
            select.select([pidfd], [], [])
        else:
            while True:
                try:
                    os.kill(parent, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    pass
                threading.Event().wait(0.5)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=wait, name="trilingual-parent-watch", daemon=True).start()
