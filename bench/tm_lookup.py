"""Translation-memory lookup time with many stored entries (the memory engine's hot path).

Stores N distinct English sentences of the synthetic archive (bench/generate.py) with fake
translations, then looks up Q queries: half are revised versions of stored sentences (a synonym
swap, an inserted adverb or an added clause: the memory should find the original), half are
sentences of articles that were not stored. Reports build time, per-query p50/p95/max and how
often the revised query found its original.

    python bench/tm_lookup.py [--entries 100000] [--queries 1000] [--threshold 75]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import generate

from trilingual import fuzzy
from trilingual.config import Config, MemoryOptions
from trilingual.engines import EngineEnv, Request
from trilingual.engines.memory import MemoryEngine


def sentences(limit: int, start: int = 0) -> tuple[list[str], int]:
    """Up to ``limit`` distinct sentences of articles start, start+1, ...; and the next index."""
    seen: dict[str, None] = {}
    index = start
    while len(seen) < limit:
        for sentence in generate.make_article(index).sentences():
            seen.setdefault(sentence.text, None)
        index += 1
    return list(seen)[:limit], index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--threshold", type=int, default=75)
    parser.add_argument("--no-numpy", action="store_true", help="measure the pure-Python path")
    args = parser.parse_args(argv)
    if args.no_numpy:
        fuzzy._np = None

    t0 = time.perf_counter()
    stored, next_index = sentences(args.entries)
    fresh, _ = sentences(args.queries // 2, start=next_index)
    known = set(stored)
    fresh = [s for s in fresh if s not in known][: args.queries // 2]
    rng = random.Random(7)
    originals = rng.sample(stored, args.queries - len(fresh))
    revised = [generate.revise(s, rng) for s in originals]
    print(f"corpus: {len(stored)} stored sentences ({time.perf_counter() - t0:.1f} s to generate)")

    entries = [(None, s, f"[be] {s}") for s in stored]
    config = Config(memory=MemoryOptions(threshold=args.threshold))
    engine = MemoryEngine(EngineEnv(config=config, state_dir=Path("."), memory=lambda _: entries))
    t0 = time.perf_counter()
    engine.translate([Request("warm-up query that builds the index")], "be")
    print(f"index build: {time.perf_counter() - t0:.2f} s")

    timings: list[float] = []
    cpu: list[float] = []
    found = hits = 0
    for query, original in [*zip(revised, originals, strict=True), *((f, None) for f in fresh)]:
        t, c = time.perf_counter(), time.thread_time()
        suggestion = engine.lookup(Request(query), "be")
        timings.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
        if suggestion is not None:
            hits += 1
            if original is not None and suggestion.text == f"[be] {original}":
                found += 1
    timings.sort()
    cpu.sort()
    ms = [t * 1000 for t in timings]
    p95 = ms[int(0.95 * (len(ms) - 1))]
    cpu_ms = [t * 1000 for t in cpu]
    print(f"queries: {len(ms)} ({len(revised)} revised, {len(fresh)} unseen); "
          f"suggestions >= {args.threshold}: {hits}")
    print(f"revised queries that found their original: {found}/{len(revised)}")
    print(f"lookup ms: p50 {statistics.median(ms):.2f}  p95 {p95:.2f}  max {ms[-1]:.2f}  "
          f"mean {statistics.fmean(ms):.2f}  (wall clock)")
    print(f"lookup ms: p50 {statistics.median(cpu_ms):.2f}  "
          f"p95 {cpu_ms[int(0.95 * (len(cpu_ms) - 1))]:.2f}  max {cpu_ms[-1]:.2f}  "
          f"(CPU time of this thread: what the wall clock is on an idle machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
