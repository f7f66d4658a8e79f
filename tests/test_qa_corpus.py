"""The QA corpus (tests/fixtures/qa_corpus/corpus.yaml): clean reviewed be/ru text raises
nothing under --strict (spelling included), and every planted error is found by its intended
check and by no other. The counts per check id are asserted, so the corpus can only grow."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import polib
import pytest
import yaml

from trilingual.checks import ALL_IDS, CheckContext, build_checks
from trilingual.checks.spelling import load_dictionary, read_word_list
from trilingual.gate import check_entries, check_pairs
from trilingual.glossary import parse_glossary

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "qa_corpus" / "corpus.yaml"
DATA: dict[str, Any] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
CONTEXT = CheckContext(
    glossary=parse_glossary(DATA["glossary"], CORPUS),
    known_words=read_word_list(ROOT / "spelling.txt"),
)
CHECKS, PAIRS = build_checks(CONTEXT)

#: Planted cases per check id; a new case or check must update this table.
EXPECTED = {
    "numbers": 5, "dates": 2, "short-u": 2, "terminology": 2, "links": 1, "spaces": 1,
    "spelling": 3, "truncation": 2, "negation": 2,
}

needs_dictionaries = pytest.mark.skipif(
    load_dictionary("be") is None or load_dictionary("ru") is None,
    reason="hunspell-be/hunspell-ru not installed (.ci/run installs them)",
)


def _catalog(lang: str) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
    for line, case in enumerate(DATA["clean"], start=1):
        po.append(polib.POEntry(msgid=case["en"], msgstr=case[lang],
                                occurrences=[("articles/corpus.md", str(line))]))
    return po


def test_corpus_size_per_check() -> None:
    planted = Counter(case["check"] for case in DATA["planted"])
    assert planted == EXPECTED
    assert set(planted) <= set(ALL_IDS)
    assert len(DATA["clean"]) >= 16


@needs_dictionaries
def test_clean_text_raises_nothing() -> None:
    loaded = {lang: (_catalog(lang), f"{lang}.po") for lang in ("be", "ru")}
    found = {lang: check_entries(po, lang, CHECKS, path=rel) for lang, (po, rel) in loaded.items()}
    pairs = check_pairs(loaded, PAIRS, found)
    issues = [i for lang in loaded for i in found[lang] + pairs[lang]]
    assert [f"{i.lang} [{i.check}] {i.message}: {i.translation}" for i in issues] == []


@needs_dictionaries
@pytest.mark.parametrize("case", DATA["planted"], ids=lambda c: f"{c['check']}-{c['lang']}")
def test_planted_error_is_found_by_its_check_only(case: dict[str, Any]) -> None:
    found = {issue.check for check in CHECKS
             for issue in check.check(case["en"], case["text"], case["lang"])}
    assert found == {case["check"], *case.get("also", ())}


@needs_dictionaries
def test_recall_and_false_alarms() -> None:
    """The figures the issue asks for: every planted error found, no extra finding."""
    hits = extra = 0
    for case in DATA["planted"]:
        found = {issue.check for check in CHECKS
                 for issue in check.check(case["en"], case["text"], case["lang"])}
        hits += case["check"] in found
        extra += len(found - {case["check"], *case.get("also", ())})
    assert (hits, extra) == (len(DATA["planted"]), 0)
