"""QA is part of publishing: a reviewed translation with a QA error is not published."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_release_support import make_project, set_translation
from trilingual.cli import main
from trilingual.gate import run_gate
from trilingual.project import Project
from trilingual.release import IncompleteRelease, release_project

POTASH = "2024-08-28-potash-russian-ports"
SENTENCE = "Volumes have largely recovered"


def _configure(project: Project, old: str, new: str) -> Project:
    path = project.root / "trilingual.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return Project.open(project.root)


def _plant_wrong_number(project: Project) -> str:
    """Make a reviewed ru translation of a sentence with a number carry another number."""
    from trilingual.po import read_po, write_po

    path = project.po_path("ru", POTASH)
    po = read_po(path)
    entry = next(e for e in po if e.msgctxt is None and re.search(r"\d", e.msgid)
                 and "fuzzy" not in e.flags and e.msgstr)
    wrong = "ЁРУ " + re.sub(r"\d+", "999", entry.msgid)
    assert wrong != entry.msgstr
    entry.msgstr = wrong
    write_po(path, po)
    return wrong


@pytest.fixture
def planted(tmp_path: Path) -> tuple[Project, str]:
    project = make_project(tmp_path)
    release_project(project)  # clean first: every translation is published
    assert "notice omitted" not in (tmp_path / "dist/ru/articles" / f"{POTASH}.html").read_text()
    return project, _plant_wrong_number(project)


def test_check_and_release_agree_on_the_planted_error(planted: tuple[Project, str],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    project, wrong = planted
    gate = run_gate(project, check_outdated=False)
    errors = [i for i in gate.issues() if i.severity == "error"]
    assert gate.exit_code == 11 and errors and all(i.lang == "ru" for i in errors)
    code = main(["--project", str(project.root), "release"])
    assert code == 0
    err = capsys.readouterr().err
    assert f"[ru] {POTASH} left out" in err and "QA issue" in err
    for issue in errors:  # the warning names every issue the gate found, file and line
        assert f"{issue.location()}: [{issue.check}] error:" in err
    dist = project.root / "dist"
    page = (dist / "ru/articles" / f"{POTASH}.html").read_text(encoding="utf-8")
    assert "notice omitted" in page
    for file in dist.rglob("*"):  # published nowhere: pages, feed, Markdown, newsletters
        if file.is_file() and file.suffix in (".html", ".xml", ".md"):
            assert wrong not in file.read_text(encoding="utf-8"), file
    assert not (dist / "ru/markdown" / f"{POTASH}.md").exists()
    # be is unaffected
    be = (dist / "be/articles" / f"{POTASH}.html").read_text(encoding="utf-8")
    assert "notice omitted" not in be


def test_fail_policy_stops_on_qa_errors(planted: tuple[Project, str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    project, _ = planted
    project = _configure(project, "incomplete: omit", "incomplete: fail")
    with pytest.raises(IncompleteRelease) as caught:
        release_project(project)
    assert caught.value.exit_code == 8 and "QA issue" in str(caught.value)
    assert any("[numbers] error:" in line for line in caught.value.missing)
    assert main(["--project", str(project.root), "release"]) == 8
    assert "[numbers] error:" in capsys.readouterr().err


def test_qa_off_publishes_and_fixing_it_republishes(planted: tuple[Project, str]) -> None:
    project, wrong = planted
    page = project.root / "dist/ru/articles" / f"{POTASH}.html"
    off = _configure(project, "qa: errors", "qa: off")
    assert release_project(off).omitted == ()
    assert wrong in page.read_text(encoding="utf-8")
    on = _configure(off, "qa: off", "qa: errors")
    assert [(lang, slug) for lang, slug, _ in release_project(on).omitted] == [("ru", POTASH)]
    assert "notice omitted" in page.read_text(encoding="utf-8")


def test_warnings_mode_blocks_warnings_too(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    # a double space is a warning (spaces), not an error
    set_translation(project, "be", POTASH, SENTENCE,
                    "ЎБЕ " + _translation(project, "be", SENTENCE).replace(" ", "  ", 1))
    assert release_project(project).omitted == ()
    strict = _configure(project, "qa: errors", "qa: warnings")
    report = release_project(strict)
    assert ("be", POTASH) in [(lang, slug) for lang, slug, _ in report.omitted]
    blocked = dict(((lang, slug), issues) for lang, slug, issues in report.qa)
    assert any("[spaces] warning:" in issue for issue in blocked[("be", POTASH)])


def _translation(project: Project, lang: str, part: str) -> str:
    from trilingual.po import read_po

    for entry in read_po(project.po_path(lang, POTASH)):
        if part in entry.msgid:
            return str(entry.msgstr)
    raise AssertionError(part)


def test_release_runs_only_the_checks_whose_issues_can_block(tmp_path: Path) -> None:
    """Spelling issues never block under ``qa: errors``, so the release loads no dictionary
    (a second and 200 MB); with ``check.spelling: strict`` they are errors, and do block."""
    from trilingual.checks import spelling

    if spelling.dictionary_path("be") is None:
        pytest.skip("hunspell-be is not installed")
    project = make_project(tmp_path)
    set_translation(project, "be", POTASH, SENTENCE,
                    _translation(project, "be", SENTENCE) + " зюзюбляк")
    spelling.load_dictionary.cache_clear()
    assert release_project(project).omitted == ()
    assert spelling.load_dictionary.cache_info().misses == 0
    strict = _configure(project, "require_reviewed: true", "require_reviewed: true\n  spelling: strict")
    report = release_project(strict)
    assert [(lang, slug) for lang, slug, _ in report.omitted] == [("be", POTASH)]
    blocked = dict(((lang, slug), issues) for lang, slug, issues in report.qa)
    assert any("[spelling] error: unknown word 'зюзюбляк'" in i for i in blocked[("be", POTASH)])
