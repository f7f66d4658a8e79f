"""trilingual.gate_report: the writers of a GateReport, on a hand-built report (a clean
catalog, one with a QA error, a fuzzy and an untranslated entry, and a missing one); the
expected outputs were checked by hand: 10 of 30 words is 33%, 40 of 60 is 67%."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from trilingual.checks import Issue
from trilingual.gate import CatalogReport, GateReport, Pending, Stats
from trilingual.gate_report import (
    format_issue,
    format_report,
    format_table,
    report_json,
    report_junit,
    write_report,
)

ISSUE = Issue("numbers", "error", "number 2.5 missing", "ru", "Up 2.5%.", "Рост.", None,
              "locales/ru/LC_MESSAGES/a.po", 21, "articles/a.md:3")


def report() -> GateReport:
    ok = CatalogReport(
        "a", "be", "locales/be/LC_MESSAGES/a.po",
        stats=Stats(segments={"translated": 3, "fuzzy": 0, "untranslated": 0},
                    words={"translated": 30, "fuzzy": 0, "untranslated": 0},
                    translated_target_words=28))
    bad = CatalogReport(
        "a", "ru", "locales/ru/LC_MESSAGES/a.po",
        stats=Stats(segments={"translated": 1, "fuzzy": 1, "untranslated": 1},
                    words={"translated": 10, "fuzzy": 12, "untranslated": 8},
                    translated_target_words=9),
        issues=[ISSUE], pending=[Pending(30, "untranslated", "Hello.", None, "articles/a.md:5")])
    gone = CatalogReport("b", "be", "locales/be/LC_MESSAGES/b.po", exists=False)
    return GateReport([ok, bad, gone])


LISTING = (
    'locales/ru/LC_MESSAGES/a.po:21: [numbers] error: number 2.5 missing\n'
    '    en: Up 2.5%.\n'
    '    ru: Рост.\n'
    'locales/ru/LC_MESSAGES/a.po:30: untranslated: Hello.\n'
    'article  lang  segs  done  fuzzy  untr  words  done  fuzzy  untr    %  err  warn  status\n'
    'a        be       3     3      0     0     30    30      0     0  100    0     0  pass\n'
    'a        ru       3     1      1     1     30    10     12     8   33    1     0  qa-errors\n'
    'b        be       -     -      -     -      -     -      -     -    -    -     -  missing\n'
    'total             6     4      1     1     60    40     12     8   67    1     0  qa-errors\n'
)

TABLE = (
    'article  lang  segs  done  fuzzy  untr  words  done  fuzzy  untr    %\n'
    'a        be       3     3      0     0     30    30      0     0  100\n'
    'a        ru       3     1      1     1     30    10     12     8   33\n'
    'b        be       -     -      -     -      -     -      -     -    -\n'
    'total             6     4      1     1     60    40     12     8   67'
)

JUNIT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<testsuites name="trilingual check" tests="3" failures="2" errors="0">\n'
    '  <testsuite name="trilingual check" tests="3" failures="2" errors="0" skipped="0">\n'
    '    <testcase classname="trilingual.be" name="a [be]" file="locales/be/LC_MESSAGES/a.po" />\n'
    '    <testcase classname="trilingual.ru" name="a [ru]" file="locales/ru/LC_MESSAGES/a.po">\n'
    '      <failure type="qa-errors" message="qa-errors: 1 error(s), 0 warning(s), 1 untranslated, 1 fuzzy">locales/ru/LC_MESSAGES/a.po:21: [numbers] error: number 2.5 missing\n'
    '    en: Up 2.5%.\n'
    '    ru: Рост.\n'
    'locales/ru/LC_MESSAGES/a.po:30: untranslated: Hello.</failure>\n'
    '    </testcase>\n'
    '    <testcase classname="trilingual.be" name="b [be]" file="locales/be/LC_MESSAGES/b.po">\n'
    '      <failure type="incomplete" message="incomplete: catalog missing" />\n'
    '    </testcase>\n'
    '  </testsuite>\n'
    '</testsuites>\n'
)


def test_human_listing_and_table() -> None:
    assert format_report(report(), verbose=True) == LISTING
    assert format_table(report(), with_issues=False) == TABLE
    assert format_issue(ISSUE, "en") == "\n".join(LISTING.split("\n")[:3])


def test_json() -> None:
    data = json.loads(report_json(report()))
    assert (data["verdict"], data["exit_code"], data["outdated"]) == ("qa-errors", 11, [])
    assert data["totals"]["segments"] == {"translated": 4, "fuzzy": 1, "untranslated": 1,
                                          "total": 6}
    assert data["totals"]["percent_translated_words"] == 66.7
    assert [(c["article"], c["lang"], c["status"]) for c in data["catalogs"]] == [
        ("a", "be", "pass"), ("a", "ru", "qa-errors"), ("b", "be", "incomplete")]
    assert data["catalogs"][1]["pending"] == [{"line": 30, "state": "untranslated",
                                               "msgid": "Hello.", "msgctxt": None,
                                               "reference": "articles/a.md:5"}]


def test_junit_is_well_formed_and_exact(tmp_path: Path) -> None:
    assert report_junit(report()) == JUNIT
    path = tmp_path / "out" / "junit.xml"
    write_report(path, JUNIT)
    failures = ET.parse(path).getroot().findall(".//failure")
    assert [f.get("type") for f in failures] == ["qa-errors", "incomplete"]


def test_allow_incomplete_passes_the_missing_catalog_in_junit() -> None:
    lenient = report()
    lenient.allow_incomplete = True
    root = ET.fromstring(report_junit(lenient).split("\n", 1)[1])
    assert [f.get("type") for f in root.iter("failure")] == ["qa-errors"]
