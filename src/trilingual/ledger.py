"""The usage ledger, ``.trilingual/usage.jsonl``: characters billed per run, engine and language.

One JSON line is appended per request that reached a paid engine (so a crash loses nothing that
was billed); ``trilingual usage`` sums them per run. Lines hold counts only, never texts or keys.

A process killed mid-append can leave a torn last line: readers skip it with a warning on stderr,
and the next append starts on a new line, so the torn line never swallows a good record.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
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
    tokens: int = 0  # tokens billed (engines billed per token, e.g. llm)


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
    tokens: int = 0  # tokens billed


def ledger_path(state_dir: Path) -> Path:
    """``.trilingual/usage.jsonl``."""
    return state_dir / LEDGER_NAME


def append_usage(state_dir: Path, record: UsageRecord) -> None:
    """Append one record (on a line of its own, even after a torn one) and flush it to disk."""
    path = ledger_path(state_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(record)
    if not record.tokens:
        del data["tokens"]  # engines billed per character write the lines they always wrote
    line = (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode()
    with path.open("a+b") as handle:
        end = handle.seek(0, os.SEEK_END)
        if end:
            handle.seek(end - 1)
            if handle.read(1) != b"\n":
                line = b"\n" + line  # the last append was torn: do not glue onto it
        handle.write(line)  # append mode: always at the end, whatever the position
        handle.flush()
        os.fsync(handle.fileno())


def _warn(message: str) -> None:
    print(f"trilingual: warning: {message}", file=sys.stderr)


def _record(line: bytes) -> UsageRecord | None:
    """The record of one ledger line, or None when the line is not a whole record."""
    try:
        data = json.loads(line.decode("utf-8"))
        record = UsageRecord(**data)
    except (ValueError, TypeError):
        return None
    fields = (record.segments, record.chars, record.cached, record.tokens)
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in fields):
        return None
    if not all(isinstance(s, str) for s in (record.run, record.engine, record.lang)):
        return None
    return record


def read_usage(
    state_dir: Path, warn: Callable[[str], None] | None = _warn
) -> list[UsageRecord]:
    """Every record of the ledger, oldest first.

    A line that is not a whole record (torn by a crash mid-append) is skipped; ``warn`` (stderr
    by default, None for silence) is told its line number.
    """
    path = ledger_path(state_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    records = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        record = _record(line)
        if record is None:
            if warn is not None:
                warn(f"{path.parent.name}/{path.name}:{number}: skipped a torn or unreadable "
                     f"line (a run killed while writing it)")
            continue
        records.append(record)
    return records


def summarize(records: Iterable[UsageRecord]) -> list[UsageRow]:
    """One row per (run, engine, language), in order of first appearance."""
    rows: dict[tuple[str, str, str], list[int]] = {}
    for record in records:
        sums = rows.setdefault((record.run, record.engine, record.lang), [0, 0, 0, 0, 0])
        sums[0] += 1 if record.segments else 0
        sums[1] += record.segments
        sums[2] += record.chars
        sums[3] += record.cached
        sums[4] += record.tokens
    return [UsageRow(run, engine, lang, *sums) for (run, engine, lang), sums in rows.items()]
