"""Time ``trilingual check`` on a generated archive with Cyrillic translations.

The archive comes from ``generate.py``; every entry then gets a reviewed be/ru translation
built word by word from the shipped sample's own reviewed translations (each English word maps
to one Cyrillic word of that language, placeholders, code, numbers and punctuation kept), so
the spelling check sees a realistic vocabulary of real words. The translation step is untimed.

    python bench/check_gate.py --n 1000 --work bench/work/check-1000
    PYTHONPATH=/tmp/base/src python bench/check_gate.py --n 1000 --work ... --reuse

``--reuse`` keeps an existing project (compare two versions of the code on the same files).
Prints the wall time of ``check`` (with and without the comparison with the sources).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

_TOKEN_RE = re.compile(r"(`+.+?`+|\{\d+\}|\]\([^)]*\)|[A-Za-z]+(?:'[a-z]+)?)")
_CYR_WORD_RE = re.compile(r"^[\u0400-\u04ff’]+$")


def _vocabulary(lang: str) -> list[str]:
    words: set[str] = set()
    for path in sorted((REPO / "locales" / lang / "LC_MESSAGES").glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and "fuzzy" not in entry.flags:
                words.update(w.lower() for w in entry.msgstr.split()
                             if _CYR_WORD_RE.match(w) and len(w) > 2)
    return sorted(words)


def _translate(text: str, vocab: list[str]) -> str:
    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        if not token[0].isalpha() or (token.isupper() and len(token) > 1):
            return token
        digest = hashlib.blake2b(token.lower().encode(), digest_size=4).digest()
        out = vocab[int.from_bytes(digest, "big") % len(vocab)]
        return out.capitalize() if token[0].isupper() else out

    return _TOKEN_RE.sub(word, text).replace('"', "«", 1).replace('"', "»", 1)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one command; CPU is steadier on a shared machine."""
    start, cpu = time.perf_counter(), _cpu()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 11, 12):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return took, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    tri = [sys.executable, "-c", "import sys; from trilingual.cli import main; sys.exit(main())"]
    proj = args.work
    if not (args.reuse and (proj / "trilingual.yaml").exists()):
        if proj.exists():
            shutil.rmtree(proj)
        _run([*tri, "init", str(proj)])
        shutil.rmtree(proj / "articles")
        shutil.rmtree(proj / "locales", ignore_errors=True)
        generate.generate_corpus(proj / "articles", args.n, 1)
        _run([*tri, "--project", str(proj), "extract", "--jobs", "2"])
        for lang in ("be", "ru"):
            vocab = _vocabulary(lang)
            for path in sorted((proj / "locales" / lang / "LC_MESSAGES").glob("*.po")):
                po = polib.pofile(str(path), wrapwidth=79)
                for entry in po:
                    entry.msgstr = _translate(entry.msgid, vocab)
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
                po.save(str(path))
        # extract rewrites every catalog in its own layout, so that the gate finds none outdated
        _run([*tri, "--project", str(proj), "extract", "--jobs", "2"])
    for label, extra in (("check -q", []), ("check -q --no-outdated", ["--no-outdated"])):
        times = [_run([*tri, "--project", str(proj), "check", "-q", *extra])
                 for _ in range(args.repeat)]
        print(f"{label}: " + ", ".join(f"{wall:.2f} s wall ({cpu:.2f} s CPU)"
                                       for wall, cpu in times), flush=True)


if __name__ == "__main__":
    main()
