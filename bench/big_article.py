"""One huge article: does ``translate`` scale linearly with its size?

Writes an article of SIZE MB (unique generated sentences, five per paragraph), runs ``extract``
and ``translate --engine pseudo`` on it in a fresh project, and prints wall time and peak memory
of each (GNU ``/usr/bin/time``). Catalogs are saved on an interval during ``translate``, not per
batch, so the time per MB should stay flat from 5 to 50 MB.

    python bench/big_article.py 5 50
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

WORDS = [
    "potash", "corridor", "tariff", "border", "harbour", "wagon", "budget", "ledger",
    "freight", "grain", "timber",
]
PLACES = [
    "Klaipeda", "Minsk", "Riga", "Vilnius", "Warsaw", "Gdansk", "Ust-Luga", "Hrodna", "Brest",
    "Mogilev",
]


def article(size: int) -> str:
    """An article of about ``size`` bytes whose sentences are all different."""
    rng = random.Random(1)
    parts = ['---\ntitle: "A very long archive"\ndate: 2024-08-28\n---\n\n']
    total, i = len(parts[0]), 0
    while total < size:
        sentences = []
        for _ in range(5):
            sentences.append(
                f"Report {i} notes that the {rng.choice(WORDS)} {rng.choice(WORDS)} near "
                f"{rng.choice(PLACES)} changed by {i % 97} percent in week {i % 52}."
            )
            i += 1
        text = " ".join(sentences) + "\n\n"
        parts.append(text)
        total += len(text)
    return "".join(parts)


def timed(*args: str) -> str:
    proc = subprocess.run(["/usr/bin/time", "-f", "%e s, %M KB", *args],
                          capture_output=True, text=True, check=True)
    return proc.stderr.strip().splitlines()[-1]


def main(sizes: list[str]) -> None:
    tool = str(Path(sys.executable).with_name("trilingual"))
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "p"
            subprocess.run([tool, "init", str(root)], capture_output=True, check=True)
            (root / "articles" / "big.md").write_text(article(int(float(size) * 1e6)))
            extract = timed(tool, "-C", str(root), "extract")
            translate = timed(tool, "-C", str(root), "translate", "--engine", "pseudo")
            po = root / "locales" / "be" / "LC_MESSAGES" / "big.po"
            print(f"{size} MB article ({po.stat().st_size / 1e6:.0f} MB catalog per language):"
                  f" extract {extract}; translate {translate}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ["5"])
