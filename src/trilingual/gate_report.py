"""The writers of a :class:`~trilingual.gate.GateReport`: the human listing and table of
``trilingual check`` and ``trilingual stats``, JSON, and JUnit XML for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from trilingual.checks import Issue
from trilingual.fsutil import write_atomic
from trilingual.gate import STATES, CatalogReport, GateReport


def format_issue(issue: Issue, source_language: str = "en") -> str:
    """``file:line: [check-id] severity: message`` plus the source and the translation."""
    return (
        f"{issue.location()}: [{issue.check}] {issue.severity}: {issue.message}\n"
        f"    {source_language}: {issue.source}\n"
        f"    {issue.lang}: {issue.translation}"
    )


def format_table(report: GateReport, *, with_issues: bool = True) -> str:
    """One row per article x language: segments and words per state (and issues, status)."""
    head = ["article", "lang", "segs", "done", "fuzzy", "untr",
            "words", "done", "fuzzy", "untr", "%"]
    if with_issues:
        head += ["err", "warn", "status"]
    rows = [head]
    for c in report.catalogs:
        s = c.stats
        row = [c.slug, c.lang, str(s.total_segments), *(str(s.segments[k]) for k in STATES),
               str(s.total_words), *(str(s.words[k]) for k in STATES), f"{s.percent():.0f}"]
        if not c.exists:
            row[2:] = ["-"] * (len(head) - 2)
            row[-1] = "missing" if with_issues else "-"
        elif with_issues:
            row += [str(c.errors), str(c.warnings), c.status]
        rows.append(row)
    t = report.totals()
    total = ["total", "", str(t.total_segments), *(str(t.segments[k]) for k in STATES),
             str(t.total_words), *(str(t.words[k]) for k in STATES), f"{t.percent():.0f}"]
    if with_issues:
        total += [str(sum(c.errors for c in report.catalogs)),
                  str(sum(c.warnings for c in report.catalogs)), report.verdict]
    rows.append(total)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for row in rows:
        left = {0, 1, len(head) - 1} if with_issues else {0, 1}
        cells = [cell.ljust(w) if i in left else cell.rjust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def format_report(report: GateReport, *, source_language: str = "en", verbose: bool = False) -> str:
    """The human listing: outdated files, issues, optionally pending entries, the table."""
    parts = []
    if report.outdated:
        parts.append("Catalogs out of date with the English sources (run 'trilingual extract'):")
        parts.extend(f"  {path}" for path in report.outdated)
    for issue in report.issues():
        parts.append(format_issue(issue, source_language))
    if verbose:
        for c in report.catalogs:
            parts.extend(f"{c.path}:{p.line}: {p.state}: {p.msgid}" for p in c.pending)
    parts.append(format_table(report))
    return "\n".join(parts) + "\n"


def report_json(report: GateReport) -> str:
    """The whole report as JSON (stable key order)."""
    data = {
        "verdict": report.verdict, "exit_code": report.exit_code, "outdated": report.outdated,
        "totals": report.totals().to_dict(),
        "catalogs": [c.to_dict() for c in report.catalogs],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def report_junit(report: GateReport) -> str:
    """JUnit XML: one test case per article x language; a failing catalog is a failure."""
    def failed(c: CatalogReport) -> bool:
        return c.status != "pass" and not (c.status == "incomplete" and report.allow_incomplete)

    failures = sum(1 for c in report.catalogs if failed(c))
    suites = ET.Element("testsuites", name="trilingual check", tests=str(len(report.catalogs)),
                        failures=str(failures), errors="0")
    suite = ET.SubElement(suites, "testsuite", name="trilingual check",
                          tests=str(len(report.catalogs)), failures=str(failures), errors="0",
                          skipped="0")
    for c in report.catalogs:
        case = ET.SubElement(suite, "testcase", classname=f"trilingual.{c.lang}",
                             name=f"{c.slug} [{c.lang}]", file=c.path)
        issues = "\n".join(format_issue(i) for i in c.issues)
        pending = "\n".join(f"{c.path}:{p.line}: {p.state}: {p.msgid}" for p in c.pending)
        if failed(c):
            s = c.stats
            message = (f"{c.status}: {c.errors} error(s), {c.warnings} warning(s), "
                       f"{s.segments['untranslated']} untranslated, {s.segments['fuzzy']} fuzzy")
            if not c.exists:
                message = f"{c.status}: catalog missing"
            failure = ET.SubElement(case, "failure", type=c.status, message=message)
            failure.text = "\n".join(x for x in (issues, pending) if x)
        elif issues or pending:
            ET.SubElement(case, "system-out").text = "\n".join(x for x in (issues, pending) if x)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def write_report(path: Path, text: str) -> None:
    """Write a JSON/JUnit report file (parent folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
