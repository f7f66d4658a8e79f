"""How many worker processes a run over independent articles uses, and how it splits them.

``extract``, ``render --out-dir`` and ``release`` share this: one worker per core (at most 8),
none below a command's break-even count unless ``--jobs`` asks, and contiguous chunks of about
a quarter of a worker's share, so the work stays in article order and balances at the end.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


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
