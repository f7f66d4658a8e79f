"""``trilingual review``: the review queue page, its ranking, and the page in headless Chromium."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bench_modules import load_bench
from test_release_support import CHROMIUM
from trilingual.cli import main
from trilingual.gate import run_gate
from trilingual.glossary import Glossary
from trilingual.po import read_po, write_po
from trilingual.project import Project
from trilingual.review import ReviewItem, assess, build_review, word_diff

SLUG = "2024-09-04-budget-wages-price-controls"


def test_word_diff_marks_changed_words() -> None:
    pieces = word_diff("Exports fell in 2023 by far.", "Exports fell sharply in 2024 by far.")
    assert [(p.kind, p.text) for p in pieces if p.kind != "same"] == [
        ("ins", "sharply "), ("del", "2023"), ("ins", "2024")]
    assert "".join(p.text for p in pieces if p.kind != "del") == (
        "Exports fell sharply in 2024 by far.")
    assert "".join(p.text for p in pieces if p.kind != "ins") == "Exports fell in 2023 by far."


def _item(**kw: object) -> ReviewItem:
    base: dict[str, object] = {"state": "fuzzy", "msgid": "Short one.", "msgctxt": None,
                               "location": "x.po:1", "reference": "", "draft": "Кароткі."}
    base.update(kw)
    item = ReviewItem(**base)  # type: ignore[arg-type]
    assess(item, Glossary(), "be")
    return item


def test_ranking_puts_qa_errors_then_low_scores_then_changed_numbers_first() -> None:
    from trilingual.checks import Issue

    error = _item(issues=[Issue("numbers", "error", "number 5 missing")], score=95,
                  engine="memory")
    low = _item(score=76, engine="memory")
    numbers = _item(previous="Exports fell in 2023.", msgid="Exports fell in 2024.")
    long = _item(msgid=" ".join(["word"] * 40) + ".", score=100, engine="deepl")
    plain = _item(score=100, engine="deepl")
    ranked = sorted([plain, long, numbers, low, error], key=lambda i: -i.risk)
    assert ranked == [error, numbers, low, long, plain]
    assert "numbers changed" in numbers.reasons and "score 76" in low.reasons
    assert any("long sentence" in r for r in long.reasons)




@pytest.fixture(scope="module")
def day_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample after a 5% edit, a follow-up article, extract and translate (memory), and
    one reviewed Belarusian entry broken on purpose (a QA error in a reviewed translation)."""
    day = load_bench("translator_day")
    root = day.copy_sample(tmp_path_factory.mktemp("review") / "sample")
    day.edit_sample(root)
    day.write_follow_up(root)
    assert main(["-C", str(root), "extract"]) == 0
    assert main(["-C", str(root), "translate"]) == 0
    po_path = root / "locales" / "be" / "LC_MESSAGES" / f"{SLUG}.po"
    po = read_po(po_path)
    entry = next(e for e in po if e.msgid and e.msgstr and "fuzzy" not in e.flags
                 and not e.msgctxt and "і" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("і", "i", 1)  # a Latin i in a Cyrillic word
    write_po(po_path, po)
    return root


def test_review_page_lists_every_pending_entry(
    day_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = Project.open(day_project)
    out = tmp_path / "review-be.html"
    assert main(["-C", str(day_project), "review", "--lang", "be", "-o", str(out)]) == 0
    assert f"{out}: " in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    page = build_review(project, "be")
    gate = run_gate(project, langs=["be"], include_fuzzy=False, check_outdated=False)
    pending = sum(len(c.pending) for c in gate.catalogs)
    flagged = {(i.path, i.line) for i in gate.issues()}
    assert page.count("untranslated") + page.count("fuzzy") == pending
    assert page.count("reviewed") == len(flagged) >= 1
    assert html.count('class="entry') == len(page.items)
    # the overview ranks across articles and links to each entry on the page
    top = page.riskiest()
    assert [i.risk for i in top] == sorted((i.risk for i in page.items), reverse=True)[:len(top)]
    assert all(f'href="#{i.anchor}"' in html and f'id="{i.anchor}"' in html for i in top)
    assert len({i.anchor for i in page.items}) == len(page.items)
    # what the page must show
    assert "<del>" in html and "<ins>" in html
    assert "adapted: " in html and "score " in html
    assert "[latin-lookalike] error" in html
    assert re.search(r"locales/be/LC_MESSAGES/[\w-]+\.po:\d+", html)
    assert 'lang="ru"' in html  # the other language beside the draft
    # riskiest first within each article
    for article in page.articles:
        risks = [i.risk for i in article.items]
        assert risks == sorted(risks, reverse=True)
    # self-contained, offline, no scripts
    assert "<script" not in html.lower() and not re.search(r"\son\w+=", html)
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)


def test_review_options(day_project: Path, tmp_path: Path) -> None:
    assert main(["-C", str(day_project), "review", "-o", str(tmp_path / "both")]) == 0
    assert sorted(p.name for p in (tmp_path / "both").iterdir()) == [
        "review-be.html", "review-ru.html"]
    assert main(["-C", str(day_project), "review", "-o", str(tmp_path / "x.html")]) == 2
    assert main(["-C", str(day_project), "review", "--lang", "xx"]) == 2


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian)")
def test_review_page_in_chromium(day_project: Path, tmp_path: Path) -> None:
    from test_browser import Chromium

    out = tmp_path / "review-be.html"
    assert main(["-C", str(day_project), "review", "--lang", "be", "-o", str(out)]) == 0
    browser = Chromium(tmp_path / "profile")
    try:
        browser.call("Emulation.setScriptExecutionDisabled", {"value": True}, session=True)
        browser.open(out.as_uri())
        assert browser.errors() == []
        entries = browser.eval("document.querySelectorAll('article.entry').length")
        assert entries == len(build_review(Project.open(day_project), "be").items)
        # the draft and the other language side by side, readable widths
        boxes = browser.eval(
            "Array.from(document.querySelector('.pair').children).map("
            "e => [e.getBoundingClientRect().left, e.getBoundingClientRect().top,"
            " e.getBoundingClientRect().width])")
        assert boxes[0][1] == boxes[1][1] and boxes[0][0] < boxes[1][0]
        assert min(b[2] for b in boxes) > 300
        struck = browser.eval(
            "getComputedStyle(document.querySelector('del')).textDecorationLine")
        assert "line-through" in struck
        full = browser.screenshot("review-be-full")
        assert full.stat().st_size > 20_000
        browser.viewport(1280, 2000)
        path = browser.screenshot("review-be", full_page=False)  # the top of the queue, legible
        assert path.stat().st_size > 20_000
        notes = Path("/work/notes")
        if notes.is_dir():
            shutil.copy(path, notes / "review-screenshot.png")
    finally:
        browser.close()
