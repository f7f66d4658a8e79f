"""The memory engine's output on a many-article project, frozen: speed work must not change it.

The project is synthetic (seeded): 30 articles whose catalogs share sentences, some exactly
(same or other msgctxt, translated differently by different articles), some with a word or two
changed; reviewed, fuzzy, empty and obsolete entries mixed. The last articles are empty and get
filled. Over 600 distinct sentences, so the fuzzy index takes its candidate-selection path.

``tests/fixtures/translate_memory_golden.json`` was computed by the implementation that read
every catalog as a polib object and kept it (before the memory was slimmed down); regenerate it
only for an intended change of behaviour: ``TRILINGUAL_REGEN_GOLDEN=1 pytest <this file>``.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import polib
import pytest

from trilingual.po import new_catalog, write_po
from trilingual.project import Project
from trilingual.translate import TranslateOptions, translate_project

GOLDEN = Path(__file__).parent / "fixtures" / "translate_memory_golden.json"
ARTICLES = 30
NEW = 5  # the last NEW articles have empty catalogs
CTXTS = [None, None, None, None, "title", "summary", "image.alt"]
_VOCABULARY = (
    "the government port rail grain border ministry potash tariff customs loan screen "
    "officials treasury coast commission quota exports wagons lorries bureau merger hospital "
    "airport union rules schedule new old local foreign regional raised cut suspended "
    "approved delayed blocked in on at with after before since during quietly again"
)
WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))).capitalize() + "."


def _variant(rng: random.Random, text: str) -> str:
    words = text[:-1].split()
    for _ in range(rng.randint(1, 2)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words) + rng.choice([".", "!", ""])


def _build(root: Path) -> list[str]:
    rng = random.Random(20261202)
    pool: list[str] = []
    slugs = [f"a{i:02d}" for i in range(ARTICLES)]
    catalogs: dict[str, list[tuple[str | None, str]]] = {}
    for slug in slugs:
        keys: dict[tuple[str | None, str], None] = {}
        while len(keys) < 50:
            roll = rng.random()
            if pool and roll < 0.3:
                msgid = rng.choice(pool)  # a sentence met before
            elif pool and roll < 0.6:
                msgid = _variant(rng, rng.choice(pool))  # a similar one
            else:
                msgid = _sentence(rng)
            pool.append(msgid)
            keys[(rng.choice(CTXTS), msgid)] = None
        catalogs[slug] = list(keys)
        (root / "articles" / f"{slug}.md").write_text(
            f'---\ntitle: "{slug}"\n---\n\nText of {slug}.\n', encoding="utf-8"
        )
    for lang in ("be", "ru"):
        folder = root / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        for number, slug in enumerate(slugs):
            po = new_catalog(lang, slug, "2026-01-01 00:00+0000")
            new = number >= ARTICLES - NEW
            for ctxt, msgid in catalogs[slug]:
                entry = polib.POEntry(msgctxt=ctxt, msgid=msgid, msgstr="")
                roll = rng.random()
                if not new and roll < 0.8:
                    entry.msgstr = f"{lang}/{slug}: {msgid[::-1]}"
                    if roll < 0.1:
                        entry.flags.append("fuzzy")  # not reviewed: not in the memory
                elif not new and roll < 0.83:
                    entry.msgstr = f"{lang}/{slug}: obsolete"
                    entry.obsolete = True
                po.append(entry)
            if new:
                po.append(polib.POEntry(msgid="One apple", msgid_plural="{n} apples",
                                        msgstr_plural={0: "", 1: "", 2: ""}))
            write_po(folder / f"{slug}.po", po)
    return slugs


def _outcome(root: Path, slugs: list[str]) -> dict[str, list[list[object]]]:
    out: dict[str, list[list[object]]] = {}
    for lang in ("be", "ru"):
        for slug in slugs:
            po = polib.pofile(str(root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"))
            # what a run may touch: empty entries, and those it filled (with an MT: comment)
            out[f"{lang}/{slug}"] = [
                [e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags, e.tcomment]
                for e in po if not e.obsolete and not e.msgid_plural
                and (not e.msgstr or e.tcomment.startswith("MT:"))
            ]
    return out


def _dump(golden: dict[str, dict[str, object]]) -> str:
    """JSON with one catalog entry a line (reviewable diffs)."""
    lines = ["{"]
    for n, (scenario, got) in enumerate(sorted(golden.items())):
        lines.append(f" {json.dumps(scenario)}: {{")
        lines.append(f'  "filled": {json.dumps(got["filled"])},')
        lines.append(f'  "written": {json.dumps(got["written"])},')
        lines.append('  "catalogs": {')
        catalogs = got["catalogs"]
        assert isinstance(catalogs, dict)
        for m, (name, entries) in enumerate(sorted(catalogs.items())):
            lines.append(f"   {json.dumps(name)}: [")
            lines.extend(f"    {json.dumps(e, ensure_ascii=False)}," for e in entries)
            if entries:
                lines[-1] = lines[-1][:-1]
            lines.append("   ]" + ("," if m < len(catalogs) - 1 else ""))
        lines.append("  }")
        lines.append(" }" + ("," if n < len(golden) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


SCENARIOS = {
    "default": ({}, None),
    "accept-exact-60-two-articles": (
        {"accept_exact: false": "accept_exact: true", "threshold: 75": "threshold: 60"},
        ("a26", "a28"),
    ),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_memory_output_is_unchanged(project_dir: Path, scenario: str) -> None:
    edits, articles = SCENARIOS[scenario]
    config = project_dir / "trilingual.yaml"
    text = config.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    (project_dir / "articles").mkdir(exist_ok=True)
    slugs = _build(project_dir)
    options = TranslateOptions(engines=("memory",), slugs=articles)
    report = translate_project(Project.open(project_dir), options, today="2026-12-02")
    got = {
        "filled": report.filled,
        "written": sorted(str(p.relative_to(project_dir)) for p in report.written),
        "catalogs": _outcome(project_dir, slugs),
    }
    if os.environ.get("TRILINGUAL_REGEN_GOLDEN"):
        golden = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
        golden[scenario] = got
        GOLDEN.write_text(_dump(golden), encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))[scenario]
    assert got["filled"] == expected["filled"]
    assert got["written"] == expected["written"]
    for name, entries in expected["catalogs"].items():
        assert got["catalogs"][name] == entries, name
