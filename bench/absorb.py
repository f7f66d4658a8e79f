"""Time ``trilingual absorb`` on a whole generated archive after a 5% proofreading edit.

    .venv/bin/python bench/absorb.py --n 1000 [--fraction 0.05] [--work DIR]

Untimed setup: N generated articles (bench/generate.py), ``trilingual extract``, every be entry
translated into a Cyrillic stand-in and reviewed, every article rendered in Belarusian. Then
``fraction`` of the translated body sentences, chosen at random across the archive, get a
proofreader's fix inside the sentence (a word replaced, a word added, or punctuation changed),
and the timed step runs ``trilingual absorb --lang be --partial`` on all N rendered files at
once (an edit of a sentence that occurs twice in one article is refused: one entry holds both).
The script then renders every article again and counts the files that come back byte for byte.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from trilingual.config import CONFIG_NAME, DEFAULT_CONFIG_TEXT  # noqa: E402
from trilingual.extract import extract_project  # noqa: E402
from trilingual.po import read_po, write_po  # noqa: E402
from trilingual.project import Project  # noqa: E402
from trilingual.render import RenderedSpan, load_entries, render_document  # noqa: E402
from trilingual.source import read_document  # noqa: E402

_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CYRILLIC = "абцдэфгхійклмнопкрстуввхызАБЦДЭФГХІЙКЛМНОПКРСТУВВХЫЗ"
_TO_CYRILLIC = str.maketrans(_LATIN, _CYRILLIC)
_KEEP_RE = re.compile(r"(`+[^`]*`+|\{\d+\})")
_WORD_RE = re.compile(r"(?<![\w{/.])[а-яіўё]{4,}(?![\w}/])")
FIXES = ["выпраўлена", "дакладней", "менавіта", "асабліва", "таксама"]


def stand_in(msgid: str) -> str:
    """Latin letters become Cyrillic; code spans and placeholders stay."""
    parts = _KEEP_RE.split(msgid)
    return "бе " + "".join(p if i % 2 else p.translate(_TO_CYRILLIC) for i, p in enumerate(parts))


def setup(root: Path, n: int) -> Project:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / CONFIG_NAME).write_text(DEFAULT_CONFIG_TEXT.replace("[be, ru]", "[be]"),
                                    encoding="utf-8")
    generate.generate_corpus(root / "articles", n)
    project = Project.open(root)
    extract_project(project)
    for slug in project.slugs():
        path = project.po_path("be", slug)
        po = read_po(path)
        for entry in po:
            entry.msgstr = stand_in(entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        write_po(path, po)
    return project


def fix(piece: str, rng: random.Random) -> str:
    """A proofreader's fix inside one sentence."""
    words = list(_WORD_RE.finditer(piece))
    op = rng.randrange(3)
    if words and op < 2:
        word = rng.choice(words)
        if op == 0:
            return piece[:word.start()] + rng.choice(FIXES) + piece[word.end():]
        return piece[:word.end()] + " " + rng.choice(FIXES) + piece[word.end():]
    if piece.endswith("."):
        return piece[:-1] + "!"
    return piece + " " + rng.choice(FIXES)


Pieces = dict[str, list[str]]  # slug -> the text of each segment in the rendered file


def pieces(project: Project, slug: str) -> tuple[str, list[RenderedSpan], list[str]]:
    """The article rendered in be, its segment spans and their texts (front-matter values
    as None: the bench fixes body sentences only)."""
    path = project.article_path(slug)
    doc = read_document(path, project.relpath(path), project.config.translatable_keys)
    spans: list[RenderedSpan] = []
    text = render_document(doc, load_entries(project, "be", slug), "be", spans=spans).text
    spans = [s if seg.kind == "body" else s._replace(translation=None)
             for s, seg in zip(spans, doc.segments, strict=True)]
    return text, spans, [text[s.start:s.end] for s in spans]


def edit(project: Project, out: Path, fraction: float, seed: int
         ) -> tuple[Pieces, Pieces, set[tuple[str, int]], int]:
    """Fix ``fraction`` of the translated body sentences of the rendered files in ``out``;
    returns each file's segment texts before and after, the fixed ones and how many could be."""
    rng = random.Random(f"absorb-bench:{seed}")
    files: dict[str, tuple[str, list[RenderedSpan]]] = {}
    before: Pieces = {}
    pool: list[tuple[str, int]] = []
    for slug in project.slugs():
        text, spans, texts = pieces(project, slug)
        files[slug] = (text, spans)
        before[slug] = texts
        pool.extend((slug, k) for k, s in enumerate(spans) if s.translation is not None)
    chosen = sorted(rng.sample(pool, round(fraction * len(pool))), reverse=True)
    after = {slug: list(texts) for slug, texts in before.items()}
    texts_out = {slug: text for slug, (text, _) in files.items()}
    for slug, k in chosen:  # from the end of each file: earlier offsets stay valid
        span = files[slug][1][k]
        text = texts_out[slug]
        after[slug][k] = fix(text[span.start:span.end], rng)
        texts_out[slug] = text[:span.start] + after[slug][k] + text[span.end:]
    for slug, text in texts_out.items():
        (out / f"{slug}.md").write_text(text, encoding="utf-8")
    return before, after, set(chosen), len(pool)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--fraction", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / "work" / "absorb")
    args = parser.parse_args(argv)
    root = args.work / str(args.n)
    started = time.perf_counter()
    project = setup(root, args.n)
    out = root / "proof" / "be"
    out.mkdir(parents=True)
    before, after, fixed, total = edit(project, out, args.fraction, args.seed)
    print(f"setup: {args.n} articles, {total} translated body sentences, {len(fixed)} fixed "
          f"({time.perf_counter() - started:.0f} s, untimed)")
    files = sorted(str(p) for p in out.glob("*.md"))
    cmd = [str(Path(sys.executable).with_name("trilingual")), "--project", str(root),
           "absorb", "--lang", "be", "--partial", *files]
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
    entries = sum(int(m) for m in re.findall(r"absorbed (\d+) entr", result.stderr))
    refusals = result.stderr.count(": cannot absorb: ")
    print(f"absorb --partial: exit {result.returncode}, {wall:.2f} s wall, {cpu_s:.2f} s CPU "
          f"for {len(files)} files (load average {os.getloadavg()[0]:.1f}); "
          f"{entries} entries written, {refusals} refusals listed")
    absorbed = refused = lost = same_files = 0
    for slug in project.slugs():
        text, _, now = pieces(project, slug)
        same_files += (out / f"{slug}.md").read_text(encoding="utf-8") == text
        for k, piece in enumerate(now):
            if (slug, k) in fixed:
                absorbed += piece == after[slug][k]
                refused += piece == before[slug][k]
                lost += piece not in (after[slug][k], before[slug][k])
            else:
                lost += piece != before[slug][k]
    print(f"fixes: {len(fixed)} made, {absorbed} absorbed, {refused} refused, {lost} lost; "
          f"{same_files}/{args.n} files rendered back byte for byte")
    return 0 if result.returncode == 0 and lost == 0 and absorbed + refused == len(fixed) else 1


if __name__ == "__main__":
    sys.exit(main())
