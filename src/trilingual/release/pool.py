"""The worker pool of a release: many articles' units of work in forked worker processes.

The workers are forked (whatever ``TRILINGUAL_START_METHOD`` says), so they inherit the
release's :class:`~trilingual.release.builder.Builder` (its manifest, renderer, QA gate and
templates) instead of receiving a pickled copy per task. A forked child reaches an inherited
object only through a module, so :class:`_Inherited` holds the builder of the one pool that is
running, for its duration only; nothing else in the release lives at module level.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from trilingual.release.builder import Builder, Unit, UnitResult
from trilingual.workers import chunks, process_pool, worker_count

PARALLEL_MIN = 12  # articles to render before worker processes pay for themselves


class _Inherited:
    """The builder the forked workers inherit (set only while a pool runs)."""

    builder: ClassVar[Builder | None] = None


def _work_chunk(chunk: list[Unit]) -> list[UnitResult]:
    builder = _Inherited.builder
    assert builder is not None
    return [builder.article_unit(slug, digests, known) for slug, digests, known in chunk]


def run_units(builder: Builder, work: list[Unit]) -> Iterator[UnitResult]:
    """Each article unit, in worker processes when there are many and more than one core."""
    renders = sum(len(builder.langs) - len(known) for _, _, known in work)
    workers = worker_count(None, renders, PARALLEL_MIN * len(builder.langs))
    if workers == 1:
        for slug, digests, known in work:
            yield builder.article_unit(slug, digests, known)
        return
    import trilingual.release.site  # (imported once, before the fork)
    import trilingual.render
    import trilingual.source  # noqa: F401

    _Inherited.builder = builder
    parts = chunks(work, workers, most=16)
    try:
        with process_pool(workers, "fork") as pool:
            for part in pool.map(_work_chunk, parts):
                yield from part
    finally:
        _Inherited.builder = None
