"""Compare sentence segmenters: errors on the hard-case table, speed on ~1 MB of prose.

    .venv/bin/pip install pysbd blingfire sentencex   # comparison only, not runtime deps
    .venv/bin/python bench/segmenters.py [--mb 1.0] [--show-errors]

The hard cases are read from tests/test_segment.py (HARD_CASES).  Libraries that are not
installed are skipped.  Outputs are compared after collapsing whitespace, since some
libraries normalize it.
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from trilingual import segment  # noqa: E402

Splitter = Callable[[str], list[str]]


def _load_cases() -> list[tuple[str, list[str]]]:
    spec = importlib.util.spec_from_file_location("test_segment", ROOT / "tests/test_segment.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    cases: list[tuple[str, list[str]]] = mod.HARD_CASES
    return [(t, e) for t, e in cases if t.strip()]


def _ours(text: str) -> list[str]:
    return [text[s:e] for s, e in segment.split_sentences(text)]


def _ours_nocache(text: str) -> list[str]:
    return [text[s:e] for s, e in segment._split.__wrapped__(text)]


def _splitters() -> dict[str, Splitter]:
    out: dict[str, Splitter] = {"trilingual": _ours}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        out["pysbd"] = lambda t: list(seg.segment(t))
    except ImportError:
        print("pysbd not installed; skipped")
    try:
        import blingfire

        out["blingfire"] = lambda t: blingfire.text_to_sentences(t).split("\n") if t else []
    except ImportError:
        print("blingfire not installed; skipped")
    try:
        import sentencex

        out["sentencex"] = lambda t: list(sentencex.segment("en", t))
    except ImportError:
        print("sentencex not installed; skipped")
    return out


def _norm(sents: list[str]) -> list[str]:
    return [n for n in (" ".join(s.split()) for s in sents) if n]


_SUBJECTS = [
    "The government",
    "Minsk",
    "The opposition",
    "Lukashenka",
    "The EU",
    "Moscow",
    "Sviatlana Tsikhanouskaya",
    "The central bank",
    "Belaruskali",
    "Independent analysts",
]
_VERBS = [
    "announced new measures against",
    "quietly abandoned plans for",
    "repeatedly denied any role in",
    "sought support from the U.S. for",
    "published figures on",
    "commented on",
]
_OBJECTS = [
    "potash exports to China",
    "the 2020 protests",
    "the new constitution",
    "Decree No. 5 on the currency market",
    "a $1.5 billion loan from Russia",
    "inflation of 7.3 per cent",
    "political prisoners, e.g. journalists and lawyers",
    "the Dec. 27 referendum",
    "the report by Prof. Smith et al.",
    "its border with Lithuania, Latvia, etc.",
    "«Жыве Беларусь!» slogans",
]
_TAILS = [
    ".",
    ".",
    ".",
    " at 5 p.m. on Friday.",
    ' and called it "a success."',
    ", according to [official data]({1}).",
    "?",
    " (see p. 4).",
    "…",
]


def _corpus(mb: float, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    paras: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        sents = []
        for _ in range(rnd.randint(3, 8)):
            if rnd.random() < 0.15:
                sents.append(rnd.choice(_CASE_TEXTS))
            else:
                sents.append(
                    f"{rnd.choice(_SUBJECTS)} {rnd.choice(_VERBS)} {rnd.choice(_OBJECTS)}"
                    f" in {rnd.randint(1991, 2025)}{rnd.choice(_TAILS)}"
                )
        para = " ".join(sents)
        paras.append(para)
        size += len(para.encode()) + 2
    return paras


_CASE_TEXTS: list[str] = []


def _article_paragraphs(pattern: str) -> list[str]:
    """Crude paragraphs / list items of Markdown articles (front matter, tables, HTML and
    code blocks skipped; soft breaks joined), roughly what the extractor passes."""
    out: list[str] = []
    for f in sorted(glob.glob(pattern)):
        text = Path(f).read_text(encoding="utf-8")
        body = text.split("---", 2)[2] if text.startswith("---") else text
        for block in re.split(r"\n\s*\n", body):
            if block.lstrip().startswith(("|", "<", "```")):
                continue
            for item in re.split(r"\n(?=\s*(?:[-*+]|\d+\.) )", block):
                item = " ".join(re.sub(r"^\s*(?:[-*+>#]+|\d+\.)\s+", "", item).split())
                if item:
                    out.append(item)
    return out


def _compare_on_articles(pattern: str, splitters: dict[str, Splitter]) -> None:
    paras = _article_paragraphs(pattern)
    print(f"\nreal text {pattern}: {len(paras)} paragraphs; paragraphs split differently:")
    diff: dict[str, int] = dict.fromkeys(splitters, 0)
    markdown_only: dict[str, int] = dict.fromkeys(splitters, 0)
    for p in paras:
        ours = _norm(splitters["trilingual"](p))
        for name, fn in splitters.items():
            got = _norm(fn(p))
            if got != ours:
                diff[name] += 1
                # a stray Markdown marker split off ("*", "** Next") is the library's error
                if any(s in ("*", "**", "_", "`") or s.startswith(("* ", "** ")) for s in got):
                    markdown_only[name] += 1
    for name in splitters:
        if name != "trilingual":
            print(
                f"  {name:12s} {diff[name]:5d}  (of which {markdown_only[name]} split off a "
                "Markdown marker)"
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--articles", help="glob of Markdown articles to compare on (no gold)")
    ap.add_argument("--repeat", type=int, default=5, help="speed runs per library (best kept)")
    ap.add_argument("--skip-speed", nargs="*", default=[], help="libraries to skip in speed")
    args = ap.parse_args()

    cases = _load_cases()
    _CASE_TEXTS.extend(t for t, _ in cases)
    splitters = _splitters()

    print(f"hard cases: {len(cases)}")
    for name, fn in splitters.items():
        errors = []
        for text, expected in cases:
            try:
                got = _norm(fn(text))
            except Exception as exc:  # a crash counts as an error
                got = [f"<{type(exc).__name__}>"]
            if got != _norm(expected):
                errors.append((text, got))
        print(f"  {name:12s} errors: {len(errors)}")
        if args.show_errors:
            for text, got in errors:
                print(f"      {text!r}\n        -> {got!r}")

    if args.articles:
        _compare_on_articles(args.articles, splitters)

    paras = _corpus(args.mb)
    nbytes = sum(len(p.encode()) for p in paras)
    print(
        f"\nspeed: {len(paras)} paragraphs, {nbytes / 1e6:.2f} MB "
        "(all distinct, cold cache; best of --repeat runs)"
    )
    runs: dict[str, Splitter] = {"trilingual (no cache)": _ours_nocache, **splitters}
    for name, fn in runs.items():
        if name in args.skip_speed:
            continue
        times = []
        for _ in range(args.repeat):
            segment._split.cache_clear()
            t0 = time.perf_counter()
            n = sum(len(fn(p)) for p in paras)
            times.append(time.perf_counter() - t0)
            if times[-1] > 2:  # slow library: one run is enough
                break
        dt = min(times)
        print(
            f"  {name:22s} {dt:7.3f} s  {dt / (nbytes / 1e6):7.3f} s/MB  "
            f"{n / dt:10,.0f} sentences/s  ({n} sentences; best of {len(times)})"
        )
    # repeated boilerplate: the same paragraphs again, cache warm
    sum(len(segment.split_sentences(p)) for p in paras[:8000])
    t0 = time.perf_counter()
    sum(len(segment.split_sentences(p)) for p in paras[:8000])
    dt = time.perf_counter() - t0
    print(f"  trilingual, warm cache on {min(8000, len(paras))} repeated paragraphs: {dt:.3f} s")


if __name__ == "__main__":
    main()
