"""What ``trilingual translate`` pays DeepL: first run, unchanged re-run, after a 5% edit.

Builds a project of N generated articles (bench/generate.py), starts the fake DeepL server of
the tests (the real ``deepl`` client talks to it through DEEPL_SERVER_URL) and counts the
characters it billed:

1. first run (``translate --engine deepl``) into be and ru;
2. unchanged re-run (``--refresh-fuzzy``): must be 0;
3. after revising ``--fraction`` of the sentences, ``extract`` then ``translate
   --refresh-fuzzy``: compared with the characters of the edited sentences (once per language).

    python bench/mt_costs.py [--articles 20] [--fraction 0.05] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent / "src"))

import generate  # noqa: E402
import polib  # noqa: E402

from fake_deepl import FakeDeepL  # noqa: E402
from trilingual.cli import main as cli  # noqa: E402


def _run(root: Path, *args: str) -> float:
    started = time.perf_counter()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli(["-C", str(root), *args])
    if code != 0:
        raise SystemExit(f"trilingual {' '.join(args)} failed ({code}):\n{err.getvalue()}")
    return time.perf_counter() - started


def _msgids(root: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for pot in sorted((root / "locales" / "templates").glob("*.pot"))
            for e in polib.pofile(str(pot))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--fraction", type=float, default=0.05)
    parser.add_argument("--keep", type=Path, help="build the project here and keep it")
    args = parser.parse_args(argv)

    root = args.keep or Path(tempfile.mkdtemp(prefix="trilingual-mt-costs-")) / "proj"
    if root.exists():
        shutil.rmtree(root)
    fake = FakeDeepL().start()
    os.environ["DEEPL_AUTH_KEY"] = fake.key
    os.environ["DEEPL_SERVER_URL"] = fake.url
    try:
        assert cli(["init", str(root)]) == 0
        generate.generate_corpus(root / "articles", args.articles)
        _run(root, "extract")
        before = _msgids(root)
        print(f"{args.articles} articles, {len(before)} segments per language")

        seconds = _run(root, "translate", "--engine", "deepl")
        texts = fake.texts_sent()
        pairs = fake.pairs_sent()
        requests = fake.translate_requests()
        largest = max(len(json.dumps({k: v for k, v in r.body.items() if k != "_status"}))
                      for r in requests)
        print(f"first run:      {fake.billed:>8} characters, {len(texts)} texts, "
              f"{len(requests)} requests (max {max(len(r.body['text']) for r in requests)} "
              f"texts, largest body {largest / 1024:.1f} KiB), "
              f"{len(pairs) - len(set(pairs))} repeated (text, context, language), "
              f"{seconds:.1f} s")

        fake.reset()
        billed = fake.billed
        seconds = _run(root, "translate", "--engine", "deepl", "--refresh-fuzzy")
        print(f"re-run:         {fake.billed - billed:>8} characters, "
              f"{len(fake.translate_requests())} requests, {seconds:.1f} s")

        stats = generate.edit_corpus(root / "articles", args.fraction)
        _run(root, "extract")
        edited = _msgids(root) - before
        edited_chars = sum(len(msgid) for _, msgid in edited)
        fake.reset()
        billed = fake.billed
        seconds = _run(root, "translate", "--engine", "deepl", "--refresh-fuzzy")
        sent = fake.billed - billed
        languages = 2
        print(f"after editing {stats.revised} of {stats.sentences} sentences "
              f"({len(edited)} new msgids, {edited_chars} characters):")
        print(f"  edit run:     {sent:>8} characters, {len(fake.texts_sent())} texts, "
              f"{seconds:.1f} s")
        print(f"  ratio to the edited sentences x {languages} languages: "
              f"{sent / max(1, edited_chars * languages):.3f}")
    finally:
        fake.stop()
        if args.keep is None:
            shutil.rmtree(root.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
