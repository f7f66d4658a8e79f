"""The usage ledger, ``.trilingual/usage.jsonl``: characters billed per run, engine and language.

One JSON line is appended per request that reached a paid engine (so a crash loses nothing that
was billed); ``trilingual usage`` sums them per run. Lines hold counts only, never texts or keys.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

LEDGER_NAME = "usage.jsonl"


@dataclass(frozen=True)
class UsageRecord:
    """Characters sent to (and billed by) an engine for one batch of one run."""

    run: str  # run id: UTC start time and a tag, e.g. 2026-11-22T06:01:02Z-3f9a
    engine: str
    lang: str
    segments: int
    chars: int  # characters billed (the engine's own count when it reports one)
    cached: int = 0  # segments answered from the cache in this batch (free)


@dataclass(frozen=True)
class UsageRow:
    """Sum over one (run, engine, language)."""

    run: str
    engine: str
    lang: str
    batches: int  # batches sent
    segments: int
    chars: int
    cached: int  # segments answered from the cache


def ledger_path(state_dir: Path) -> Path:
    """``.trilingual/usage.jsonl``."""
    return state_dir / LEDGER_NAME


def append_usage(state_dir: Path, record: UsageRecord) -> None:
    """Append one record and flush it to disk."""
    path = ledger_path(state_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(record), ensure_ascii=False, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_usage(state_dir: Path) -> list[UsageRecord]:
    """Every record of the ledger, oldest first (unreadable lines are skipped)."""
    path = ledger_path(state_dir)
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
            records.append(UsageRecord(**data))
        except (ValueError, TypeError):
            continue  # a line torn by a crash mid-write
    return records


def summarize(records: Iterable[UsageRecord]) -> list[UsageRow]:
    """One row per (run, engine, language), in order of first appearance."""
    rows: dict[tuple[str, str, str], list[int]] = {}
    for record in records:
        sums = rows.setdefault((record.run, record.engine, record.lang), [0, 0, 0, 0])
        sums[0] += 1 if record.segments else 0
        sums[1] += record.segments
        sums[2] += record.chars
        sums[3] += record.cached
    return [UsageRow(run, engine, lang, *sums) for (run, engine, lang), sums in rows.items()]
