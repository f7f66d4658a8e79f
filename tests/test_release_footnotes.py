"""Footnotes in the published HTML: numbered references, notes at the end, back-links."""

from __future__ import annotations

from pathlib import Path

from test_release_support import make_project
from trilingual.release import release_project
from trilingual.release.footnotes import footnote_numbers, number_blocks, with_footnotes
from trilingual.release.markup import markdown_blocks, markdown_html

SOURCE = (Path(__file__).parent / "golden/footnotes/source.md").read_text(encoding="utf-8")
BODY = SOURCE.split("---\n", 2)[2]


def test_notes_are_numbered_gathered_and_linked_back() -> None:
    html = with_footnotes(markdown_html(BODY), back="Назад")
    assert "[^" not in html and "footnote-definition" not in html
    body, notes = html.split('<section class="footnotes"', 1)
    assert body.count('class="footnote-ref"') == 4
    assert 'id="fnref-1"' in body and 'id="fnref-1-2"' in body  # a note cited twice
    assert [n.split('"')[0] for n in notes.split('<li id="fn-')[1:]] == ["1", "2", "3", "4"]
    first = notes.split('<li id="fn-1"')[1].split("</li>")[0]
    assert 'href="#fnref-1"' in first and 'href="#fnref-1-2"' in first
    assert 'aria-label="Назад"' in first
    second = notes.split('<li id="fn-2"')[1].split("</li>")[0]
    assert second.count("<p>") == 2 and second.rstrip().endswith("</a></p>")  # two paragraphs
    uncited = notes.split('<li id="fn-4"')[1].split("</li>")[0]
    assert "fnref" not in uncited


def test_parallel_blocks_show_numbers_not_markdown() -> None:
    assert footnote_numbers(BODY) == {"1": 1, "cost": 2, "q": 3, "unused": 4}
    blocks = number_blocks(BODY, markdown_blocks(BODY))
    assert not any("[^" in block for block in blocks)
    assert '<sup class="footnote-ref">2</sup>' in blocks[0]
    labels = [b.split('footnote-definition-label">')[1][0] for b in blocks
              if "footnote-definition-label" in b]
    assert labels == ["1", "2", "3", "4"]


def test_release_publishes_translated_notes(tmp_path: Path) -> None:
    project = make_project(tmp_path, articles={"2024-09-04-notes": SOURCE})
    release_project(project)
    page = (tmp_path / "dist/be/articles/2024-09-04-notes.html").read_text(encoding="utf-8")
    assert "ЎБЕ Figures from the port authority." in page.split('class="footnotes"')[1]
    assert "[^" not in page
