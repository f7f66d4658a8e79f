"""``trilingual usage``: characters billed by paid engines, per run, engine and language."""

from __future__ import annotations

import argparse
from typing import Any

from trilingual.engines import EngineEnv
from trilingual.engines.deepl import DeeplEngine
from trilingual.ledger import read_usage, summarize
from trilingual.project import Project


def register(sub: Any) -> None:
    """Add the ``usage`` subcommand."""
    parser = sub.add_parser(
        "usage", help="characters sent to paid engines per run, engine and language"
    )
    parser.add_argument("--last", type=int, metavar="N", help="only the last N runs")
    parser.add_argument(
        "--deepl", action="store_true",
        help="also ask DeepL how many characters the account used this billing period",
    )
    parser.set_defaults(func=run)


def run(project: Project, args: argparse.Namespace) -> int:
    """Print the ledger as a table with a total line."""
    if args.deepl:
        engine = DeeplEngine(EngineEnv(config=project.config, state_dir=project.state_dir))
        try:
            used, limit = engine.account_usage()
        finally:
            engine.close()
        print(f"DeepL account: {used if used is not None else '?'} of "
              f"{limit if limit is not None else '?'} characters used this billing period")
    rows = summarize(read_usage(project.state_dir))
    if args.last:
        runs = list(dict.fromkeys(r.run for r in rows))[-args.last :]
        rows = [r for r in rows if r.run in runs]
    if not rows:
        print("no usage recorded yet (.trilingual/usage.jsonl)")
        return 0
    tokens = sum(r.tokens for r in rows)  # a tokens column once a token-billed engine ran
    print(f"{'run':<25} {'engine':<8} {'lang':<5} {'batches':>8} {'segments':>9} "
          f"{'cached':>7} {'chars':>10}" + (f" {'tokens':>9}" if tokens else ""))
    for r in rows:
        print(f"{r.run:<25} {r.engine:<8} {r.lang:<5} {r.batches:>8} {r.segments:>9} "
              f"{r.cached:>7} {r.chars:>10}" + (f" {r.tokens:>9}" if tokens else ""))
    print(f"{'total':<25} {'':<8} {'':<5} {sum(r.batches for r in rows):>8} "
          f"{sum(r.segments for r in rows):>9} {sum(r.cached for r in rows):>7} "
          f"{sum(r.chars for r in rows):>10}" + (f" {tokens:>9}" if tokens else ""))
    return 0
