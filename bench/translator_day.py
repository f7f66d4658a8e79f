"""A translator's day on the sample: what number rendering and placeable adaptation save.

Two scenarios on a copy of the repository's sample project (articles, catalogs, glossary):

* **new article**: a follow-up article with a table of figures whose sentences reuse reviewed
  sentences of the sample with every number changed (and a few sentences the memory has never
  seen); ``extract`` then ``translate`` (memory engine);
* **5% edit**: 5% of the sample's body sentences revised (half of them only in their numbers),
  then ``extract`` and ``translate``.

For each it counts the segments translators no longer touch (number-only segments rendered per
language), the memory suggestions, how many were adapted, and how many of those carry exactly
the new English's numbers (the values of the draft's numbers equal the source's). With
``--without-adaptation`` the memory's adaptation is switched off, to compare.

Run: ``.venv/bin/python bench/translator_day.py [--review DIR]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NUMBER_RE = re.compile(r"(?<![\d.,{])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d}])")
SLUG = "2024-09-11-potash-follow-up"


def copy_sample(dst: Path) -> Path:
    """The sample project (articles, catalogs, configuration, glossary) in ``dst``."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("articles", "locales"):
        shutil.copytree(REPO / name, dst / name)
    for name in ("trilingual.yaml", "glossary.yaml"):
        shutil.copy(REPO / name, dst / name)
    return dst


def bump(number: str, rng: random.Random) -> str:
    """Another number written the same way (grouping, decimals) as ``number``."""
    whole, _, frac = number.partition(".")
    value = Decimal(number.replace(",", ""))
    if len(whole) == 4 and not frac and 1990 <= value <= 2030:  # a year
        return str(int(value) + rng.choice((-2, -1, 1)))
    step = Decimal(rng.randint(1, 9)) / (10 ** len(frac)) if frac else rng.randint(1, 9)
    new = value + step
    text = f"{new:,.{len(frac)}f}" if "," in whole else f"{new:.{len(frac)}f}"
    return text


def renumber(sentence: str, rng: random.Random) -> str:
    """``sentence`` with every number changed."""
    return NUMBER_RE.sub(lambda m: bump(m.group(1), rng), sentence)


def _reviewed_with_numbers(project: Path, lang: str = "be") -> list[str]:
    from trilingual.po import read_po

    out = []
    for po_path in sorted((project / "locales" / lang / "LC_MESSAGES").glob("*.po")):
        for e in read_po(po_path):
            if (e.msgid and not e.obsolete and not e.msgctxt and e.msgstr
                    and "fuzzy" not in e.flags and NUMBER_RE.search(e.msgid)
                    and "{" not in e.msgid and not e.msgid[:1].isdigit()
                    and not e.msgid.startswith(("*", "-", "#", ">", "|"))
                    and len(e.msgid.split()) >= 6):
                out.append(e.msgid)
    return out


def write_follow_up(project: Path, seed: int = 7) -> Path:
    """The new article: renumbered sample sentences, a table of figures, new sentences."""
    rng = random.Random(seed)
    reused = [renumber(s, rng) for s in _reviewed_with_numbers(project)]
    print(f"follow-up article: {len(reused)} renumbered sample sentences", file=sys.stderr)
    fresh = [
        "Analysts in Minsk now watch the quarterly figures more closely than the headlines.",
        "A second terminal would change the arithmetic, but nobody expects it before the "
        "decade is out.",
    ]
    table = [
        "| Indicator | 2022 | 2023 | 2024 |",
        "|---|---|---|---|",
        "| Exports, million tonnes | 9.6 | 10.5 | 11.4 |",
        "| Average price, $ per tonne | $410 | $330 | $275 |",
        "| Freight cost per tonne | 1,150 | 1,240 | 1,310 |",
        "| Share via Russian ports | 62.5% | 85% | 88.2% |",
        "| Rail distance, km | 640 km | 1,250 km | 1,250 km |",
    ]
    body = [*(s for s in reused), fresh[0], "\n".join(table), fresh[1]]
    text = (
        "---\n"
        'title: "Potash, one year on: the figures behind the Russian route"\n'
        'summary: "A follow-up with this year\'s numbers."\n'
        "section: Economy\n"
        "date: 2024-09-11\n"
        "author: Anton Dubrava\n"
        "tags: [potash]\n"
        "---\n\n" + "\n\n".join(body) + "\n"
    )
    path = project / "articles" / f"{SLUG}.md"
    path.write_text(text, encoding="utf-8")
    return path


def edit_sample(project: Path, fraction: float = 0.05, seed: int = 5) -> int:
    """Revise ``fraction`` of the sample's body sentences in place: sentences with numbers get
    new numbers, the others a changed word. Returns the number of sentences revised."""
    from trilingual.source import read_document

    rng = random.Random(seed)
    total = 0
    picks: list[tuple[Path, int, int, str]] = []
    for path in sorted((project / "articles").glob("*.md")):
        doc = read_document(path, f"articles/{path.name}", ())
        body = [s for s in doc.segments if s.kind == "body"]
        total += len(body)
        for s in body:
            raw = doc.text[s.start:s.end]
            if "\n" in raw or "|" in raw or len(raw.split()) < 6:
                continue
            picks.append((path, s.start, s.end, raw))
    count = round(fraction * total)
    numbered = [p for p in picks if NUMBER_RE.search(p[3])]
    plain = [p for p in picks if not NUMBER_RE.search(p[3])]
    chosen = rng.sample(numbered, min(len(numbered), count // 2))
    chosen += rng.sample(plain, count - len(chosen))
    by_file: dict[Path, list[tuple[int, int, str]]] = {}
    for path, start, end, raw in chosen:
        if NUMBER_RE.search(raw):
            new = renumber(raw, rng)
        else:
            words = raw.split(" ")
            i = rng.randrange(1, len(words) - 1)
            words[i] = {"the": "this", "a": "one"}.get(words[i], "notably " + words[i])
            new = " ".join(words)
        by_file.setdefault(path, []).append((start, end, new))
    for path, edits in by_file.items():
        text = path.read_text(encoding="utf-8")
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
        path.write_text(text, encoding="utf-8")
    return len(chosen)


def _values(numbers: object) -> Counter[Decimal]:
    return Counter(Decimal(n.value) for n in numbers)  # type: ignore[attr-defined]


def measure(project: Path, adaptation: bool = True) -> dict[str, object]:
    """Run extract + translate (memory) on ``project`` and count what the issue asks for."""
    from trilingual.checks.numbers import english_numbers, target_numbers
    from trilingual.engines import memory
    from trilingual.engines.adapt import Adapted
    from trilingual.engines.provenance import mt_comment
    from trilingual.extract import extract_project
    from trilingual.numeric import auto_segments
    from trilingual.po import read_po
    from trilingual.project import Project
    from trilingual.source import read_document
    from trilingual.translate import TranslateOptions, translate_project

    saved = memory.adapt
    if not adaptation:
        memory.adapt = lambda _old, _new, text, _lang, _terms=(): Adapted(text)  # type: ignore
    try:
        proj = Project.open(project)
        extract_report = extract_project(proj)
        before = {
            (lang, slug): {(e.msgctxt, e.msgid) for e in read_po(proj.po_path(lang, slug))
                           if e.msgstr}
            for lang in proj.config.languages for slug in proj.slugs()
        }
        translate_project(proj, TranslateOptions(engines=("memory",)), today="2026-12-05")
    finally:
        memory.adapt = saved
    auto = 0
    figures: dict[str, object] = {}
    for slug in proj.slugs():
        path = proj.article_path(slug)
        doc = read_document(path, proj.relpath(path), proj.config.translatable_keys)
        auto += len(auto_segments(doc))
        if slug == SLUG:
            figures["article_segments"] = len(doc.segments)
            figures["article_number_only_segments"] = len(auto_segments(doc))
    figures.update({
        "fuzzy_by_extract": sum(s.fuzzy for s in extract_report.stats.values()),
        "new_by_extract": sum(s.new for s in extract_report.stats.values()),
        "number_only_segments": auto,
    })
    per_lang: dict[str, dict[str, int]] = {}
    for lang in proj.config.languages:
        counts = Counter[str]()
        for slug in proj.slugs():
            for e in read_po(proj.po_path(lang, slug)):
                made = mt_comment(e) if e.msgstr else None
                if made is None or (e.msgctxt, e.msgid) in before[(lang, slug)]:
                    continue
                counts["memory_suggestions"] += 1
                wanted = _values(english_numbers(e.msgid))
                got = _values(target_numbers(e.msgstr, lang))
                right = wanted == got
                counts["with_numbers"] += bool(wanted)
                counts["wrong_numbers"] += bool(wanted) and not right
                if "adapted:" in e.tcomment:
                    counts["adapted"] += 1
                    counts["adapted_right_numbers"] += right
        per_lang[lang] = dict(counts)
    figures["per_language"] = per_lang
    return figures


def main() -> None:
    """Print the figures of both scenarios as JSON."""
    sys.path.insert(0, str(REPO / "src"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=REPO / "test-output" / "translator-day")
    parser.add_argument("--without-adaptation", action="store_true")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    new = copy_sample(args.work / "new-article")
    write_follow_up(new)
    edit = copy_sample(args.work / "edit")
    revised = edit_sample(edit)
    adaptation = not args.without_adaptation
    out = {
        "new_article": measure(new, adaptation),
        "edit_5_percent": {"sentences_revised": revised, **measure(edit, adaptation)},
        "projects": {"new_article": str(new), "edit_5_percent": str(edit)},
    }
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
