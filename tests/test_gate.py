"""The review gate: the seeded-error fixture, and ``trilingual check``/``stats`` end to end on a
temporary project (exit codes, JSON and JUnit files, filters, policy)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from trilingual.checks import CheckContext, build_checks
from trilingual.checks.spelling import read_word_list
from trilingual.cli import main
from trilingual.gate import catalog_stats, check_entries, check_pairs
from trilingual.glossary import load_glossary

SEEDED = Path(__file__).parent / "fixtures" / "checks"
LANGS = ("be", "ru")


def _seeded(include_fuzzy: bool = False) -> tuple[
    dict[str, polib.POFile], set[tuple[str, str, str]], list[tuple[str, str, str]]
]:
    known = read_word_list(Path(__file__).parents[1] / "spelling.txt") | read_word_list(
        SEEDED / "spelling.txt")
    checks, pairs = build_checks(CheckContext(glossary=load_glossary(SEEDED), known_words=known))
    catalogs = {lang: (polib.pofile(str(SEEDED / f"{lang}.po")), f"{lang}.po") for lang in LANGS}
    issues = {lang: check_entries(po, lang, checks, path=rel, include_fuzzy=include_fuzzy)
              for lang, (po, rel) in catalogs.items()}
    extra = check_pairs(catalogs, pairs, issues, include_fuzzy=include_fuzzy)
    found = [(lang, i.source, i.check) for lang in LANGS for i in issues[lang] + extra[lang]]
    planted = {
        (lang, e.msgid, e.tcomment.removeprefix("planted: "))
        for lang, (po, _) in catalogs.items() for e in po if e.tcomment.startswith("planted: ")
    }
    return {lang: po for lang, (po, _) in catalogs.items()}, planted, found


def test_seeded_errors_are_all_found_and_nothing_else() -> None:
    _, planted, found = _seeded()
    # every check in be and ru (apostrophe, short-u: be only), cross-language once
    assert len(planted) == 34
    assert sorted(found) == sorted(planted), "found != planted"
    assert len(found) == len(set(found)), "an error was reported twice"
    from trilingual.checks import ALL_IDS

    # the hostile-input checks have their own catalogs through the gate (tests/test_safety.py)
    assert {check for _, _, check in planted} == set(ALL_IDS) - {
        "unsafe-link", "control-char", "hidden-char"}


def test_seeded_fuzzy_entry_is_checked_only_on_request() -> None:
    _, planted, found = _seeded(include_fuzzy=True)
    extra = set(found) - planted
    assert extra == {(lang, "The rail leg is longer.", "end-punctuation") for lang in LANGS}


def test_seeded_stats() -> None:
    catalogs, _, _ = _seeded()
    for po in catalogs.values():
        stats = catalog_stats(po)
        assert stats.segments == {"translated": 37, "fuzzy": 1, "untranslated": 1}
        assert stats.words["fuzzy"] == 5 and stats.words["untranslated"] == 9
    # pocount (Translate Toolkit 3.20.4) on the files before the dates, spelling, truncation
    # and negation entries:
    # 32/247 (target words 212 be, 216 ru), fuzzy 1/5, untranslated 1/9, total 34/261; those
    # two entries add 7 + 4 source words and 6 + 3 target words in each language; the
    # truncation and negation entries 14 + 7 and 3 + 3; the forbidden-term entry 4 and 4.
    assert catalog_stats(catalogs["be"]).words["translated"] == 283
    assert catalog_stats(catalogs["be"]).translated_target_words == 231
    assert catalog_stats(catalogs["ru"]).translated_target_words == 235


# End to end on a temporary project ---------------------------------------------------------

ARTICLE = """\
---
title: "Potash and ports"
date: 2024-08-28
author: Jane Doe
---

Exports fell by 1,200 tonnes in 2023. Lukashenka blamed [Lithuania](https://example.com/lt).

## The new route
"""

GLOSSARY = """\
terms:
  - en: Lukashenka
    be: Лукашэнка
    ru: Лукашенко
"""

GOOD = {
    "be": {
        "Potash and ports": "Калій і парты",
        "Exports fell by 1,200 tonnes in 2023.": "У 2023 годзе экспарт скараціўся на 1 200 тон.",
        "Lukashenka blamed [Lithuania]({1}).": "Лукашэнка абвінаваціў [Літву]({1}).",
        "The new route": "Новы маршрут",
    },
    "ru": {
        "Potash and ports": "Калий и порты",
        "Exports fell by 1,200 tonnes in 2023.": "В 2023 году экспорт сократился на 1 200 тонн.",
        "Lukashenka blamed [Lithuania]({1}).": "Лукашенко обвинил [Литву]({1}).",
        "The new route": "Новый маршрут",
    },
}
SLUG = "potash-ports"


def _po_path(root: Path, lang: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"


def _translate(root: Path, lang: str, table: dict[str, str], *, fuzzy: set[str] = frozenset(),
               comment: dict[str, str] | None = None) -> None:
    from trilingual.po import read_po, write_po

    path = _po_path(root, lang)
    po = read_po(path)
    for entry in po:
        entry.msgstr = table.get(entry.msgid, "")
        if entry.msgid in fuzzy:
            entry.flags.append("fuzzy")
        if comment and entry.msgid in comment:
            entry.tcomment = comment[entry.msgid]
    write_po(path, po)


@pytest.fixture()
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "proj"
    assert main(["init", str(root)]) == 0
    (root / "articles" / f"{SLUG}.md").write_text(ARTICLE, encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    assert main(["--project", str(root), "extract"]) == 0
    capsys.readouterr()
    return root


def _check(root: Path, *args: str) -> int:
    return main(["--project", str(root), "check", *args])


def test_fresh_catalogs_are_incomplete(project: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    report, junit = tmp_path / "out" / "check.json", tmp_path / "out" / "junit.xml"
    assert _check(project, "--json", str(report), "--junit", str(junit)) == 12
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["verdict"] == "incomplete" and data["exit_code"] == 12
    assert [(c["article"], c["lang"], c["status"]) for c in data["catalogs"]] == [
        (SLUG, "be", "incomplete"), (SLUG, "ru", "incomplete")
    ]
    assert data["catalogs"][0]["stats"]["segments"] == {
        "translated": 0, "fuzzy": 0, "untranslated": 4, "total": 4
    }
    assert len(data["catalogs"][0]["pending"]) == 4
    suites = ET.parse(junit).getroot()
    cases = suites.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == [f"{SLUG} [be]", f"{SLUG} [ru]"]
    assert all(c.find("failure") is not None for c in cases)
    assert suites.get("failures") == "2"
    assert "not completely translated" in capsys.readouterr().err
    assert _check(project, "--allow-incomplete") == 0


def test_clean_translations_pass(project: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    for lang in LANGS:
        _translate(project, lang, GOOD[lang])
    report, junit = tmp_path / "check.json", tmp_path / "junit.xml"
    assert _check(project, "--json", str(report), "--junit", str(junit)) == 0
    out = capsys.readouterr().out
    assert "pass" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["verdict"] == "pass" and data["outdated"] == []
    assert all(c["issues"] == [] and c["status"] == "pass" for c in data["catalogs"])
    cases = ET.parse(junit).getroot().findall("./testsuite/testcase")
    assert len(cases) == 2 and all(c.find("failure") is None for c in cases)


def test_qa_error_exit_code_and_human_output(project: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = dict(GOOD["be"])
    bad["Exports fell by 1,200 tonnes in 2023."] = "У 2023 годзе экспарт скараціўся на 1 100 тон."
    _translate(project, "be", bad)
    _translate(project, "ru", GOOD["ru"])
    junit = tmp_path / "junit.xml"
    assert _check(project, "--junit", str(junit)) == 11
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "[numbers]" in ln)
    assert line.startswith(f"locales/be/LC_MESSAGES/{SLUG}.po:")
    assert int(line.split(":")[1]) > 0
    assert "    en: Exports fell by 1,200 tonnes in 2023." in out
    assert "    be: У 2023 годзе экспарт скараціўся на 1 100 тон." in out
    failures = ET.parse(junit).getroot().findall(".//failure")
    assert [f.get("type") for f in failures] == ["qa-errors"]
    assert "[numbers]" in (failures[0].text or "")
    # the ru catalog alone passes
    assert _check(project, "--lang", "ru") == 0


def test_translator_comment_silences_a_check_and_survives_extract(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = dict(GOOD["be"])
    msgid = "Exports fell by 1,200 tonnes in 2023."
    bad[msgid] = "У 2023 годзе экспарт скараціўся на тысячу дзвесце тон."
    _translate(project, "be", bad, comment={msgid: "ignore-numbers"})
    _translate(project, "ru", GOOD["ru"])
    assert main(["--project", str(project), "extract"]) == 0
    assert _check(project) == 0


def test_warnings_pass_unless_strict(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = dict(GOOD["ru"])
    table["The new route"] = "Новый  маршрут"
    _translate(project, "ru", table)
    _translate(project, "be", GOOD["be"])
    assert _check(project) == 0
    assert "[spaces] warning: double space" in capsys.readouterr().out
    assert _check(project, "--strict") == 11


def test_fuzzy_entries_follow_the_review_policy(project: Path) -> None:
    for lang in LANGS:
        _translate(project, lang, GOOD[lang], fuzzy={"The new route"})
    assert _check(project) == 12
    config = project / "trilingual.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "require_reviewed: true", "require_reviewed: false"
    )
    config.write_text(text, encoding="utf-8")
    assert _check(project) == 0


def test_outdated_catalogs_come_first(project: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    for lang in LANGS:
        _translate(project, lang, GOOD[lang])
    article = project / "articles" / f"{SLUG}.md"
    article.write_text(ARTICLE + "\nA new paragraph.\n", encoding="utf-8")
    report = tmp_path / "r.json"
    assert _check(project, "--json", str(report)) == 10
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["verdict"] == "outdated"
    assert f"locales/templates/{SLUG}.pot" in data["outdated"]
    assert "run 'trilingual extract'" in capsys.readouterr().err
    assert _check(project, "--no-outdated") == 0


def test_filters_list_and_config(project: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.json"
    assert _check(project, "--lang", "be", "--article", SLUG, "--json", str(report)) == 12
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [(c["article"], c["lang"]) for c in data["catalogs"]] == [(SLUG, "be")]
    assert _check(project, "--lang", "uk") == 2
    assert _check(project, "--article", "no-such-article") == 4
    capsys.readouterr()
    assert _check(project, "--list") == 0
    listing = capsys.readouterr().out
    from trilingual.checks import ALL_IDS

    assert [ln.split()[0] for ln in listing.splitlines()] == list(ALL_IDS)
    config = project / "trilingual.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "disable: []", "disable: [nubmers]"), encoding="utf-8")
    assert _check(project) == 3


def test_disabled_check_is_not_run(project: Path) -> None:
    bad = dict(GOOD["be"])
    bad["Exports fell by 1,200 tonnes in 2023."] = "У 2023 годзе экспарт скараціўся на 1 100 тон."
    _translate(project, "be", bad)
    _translate(project, "ru", GOOD["ru"])
    config = project / "trilingual.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "disable: []", "disable: [numbers]"), encoding="utf-8")
    assert _check(project) == 0


def test_stats_json_and_table(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _translate(project, "be", GOOD["be"], fuzzy={"The new route"})
    assert main(["--project", str(project), "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    be = next(c for c in data["catalogs"] if c["lang"] == "be")
    assert be["segments"] == {"translated": 3, "fuzzy": 1, "untranslated": 0, "total": 4}
    # pocount: 2 + 8 + 4 source words translated, 3 fuzzy
    assert be["words"] == {"translated": 14, "fuzzy": 3, "untranslated": 0, "total": 17}
    ru = next(c for c in data["catalogs"] if c["lang"] == "ru")
    assert ru["segments"]["untranslated"] == 4
    assert main(["--project", str(project), "stats", "--lang", "be"]) == 0
    table = capsys.readouterr().out
    assert f"{SLUG}  be" in table and " ru " not in table


def test_stats_edge_cases_match_pocount() -> None:
    """Obsolete entries, fuzzy without translation, msgctxt: pocount 3.20.4 gives 1/3
    translated (3 target words), 1/3 fuzzy, 2/3 untranslated, 4/9 total for this file."""
    po = polib.pofile(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "One two three."\nmsgstr "Адзін два тры."\n\n'
        '#, fuzzy\nmsgid "Four five."\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Six seven eight."\nmsgstr "Шэсць сем восем."\n\n'
        'msgctxt "title"\nmsgid "Nine"\nmsgstr ""\n\n'
        '#~ msgid "Obsolete words here."\n#~ msgstr "Састарэлыя словы."\n'
    )
    stats = catalog_stats(po)
    assert stats.segments == {"translated": 1, "fuzzy": 1, "untranslated": 2}
    assert stats.words == {"translated": 3, "fuzzy": 3, "untranslated": 3}
    assert stats.translated_target_words == 3 and stats.total_words == 9
