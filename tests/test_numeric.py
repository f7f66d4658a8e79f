"""Number-only segments: classified, left out of the catalogs, rendered per language by CLDR."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_release_support import REPO
from trilingual.cli import main
from trilingual.numeric import is_numeric, render_numeric
from trilingual.po import Translation, read_po
from trilingual.project import Project
from trilingual.render import render_article, render_document
from trilingual.source import parse_document

NB = "\u00a0"

RENDERED = [
    # (English, be, ru)
    ("1,150", f"1{NB}150", f"1{NB}150"),
    ("2.5%", f"2,5{NB}%", f"2,5{NB}%"),
    ("2019", "2019", "2019"),
    ("980", "980", "980"),
    ("12.30", "12,30", "12,30"),
    ("$290", f"290{NB}$", f"290{NB}$"),
    ("€1,200.50", f"1{NB}200,50{NB}€", f"1{NB}200,50{NB}€"),
    ("12.5 km", "12,5 км", "12,5 км"),
    ("3 t", "3 т", "3 т"),
    ("2019–2021", "2019–2021", "2019–2021"),
    ("**1,150**", f"**1{NB}150**", f"**1{NB}150**"),
    ("(3.2)", "(3,2)", "(3,2)"),
    ("2024-08-28", "28 жніўня 2024", "28 августа 2024"),
    ("August 2024", "жнівень 2024", "август 2024"),
    ("March 5, 2024", "5 сакавіка 2024", "5 марта 2024"),
]

NOT_NUMERIC = ["Indicator", "2024 (est.)", "5 t of potash", "$1.5 billion", "1.5m", "{1}",
               "`2024`", "Q3 2024", "in 2019", "", "-", "2019 or 2020"]


@pytest.mark.parametrize(("english", "be", "ru"), RENDERED)
def test_number_only_segments_render_per_language(english: str, be: str, ru: str) -> None:
    assert is_numeric(english)
    assert render_numeric(english, "be") == be
    assert render_numeric(english, "ru") == ru
    assert render_numeric(english, "en") in (english, english.replace("2024-08-28", "28 August 2024")
                                             .replace("March 5, 2024", "5 March 2024"))


@pytest.mark.parametrize("text", NOT_NUMERIC)
def test_words_make_a_segment_translators_work(text: str) -> None:
    assert not is_numeric(text)
    assert render_numeric(text, "be") == text


def _parse_local(text: str) -> Decimal:
    return Decimal(text.replace(NB, "").replace(",", "."))


CASES = {"seen": 0}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    grouped=st.booleans(), decimals=st.integers(0, 2), lang=st.sampled_from(["be", "ru"]),
)
def test_rendered_value_is_the_source_value(
    value: Decimal, grouped: bool, decimals: int, lang: str
) -> None:
    english = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    assert is_numeric(english)
    rendered = render_numeric(english, lang)
    assert _parse_local(rendered) == Decimal(english.replace(",", ""))
    assert ("." in rendered) is False  # the English decimal point never survives
    assert (NB in rendered) == ("," in english)  # grouping follows the source
    CASES["seen"] += 1


def test_property_ran() -> None:
    assert CASES["seen"] >= 300


ARTICLE = """\
---
title: "Figures"
---

Exports recovered in 2024.

| Indicator | 2022 | 2023 |
|---|---|---|
| Exports, million tonnes | 9.6 | 1,150.5 |
| Share via Russian ports | 62.5% | $290 |
"""


def _project(root: Path, auto: str = "true") -> Path:
    from trilingual.config import CONFIG_NAME, DEFAULT_CONFIG_TEXT

    root.mkdir(parents=True, exist_ok=True)
    text = DEFAULT_CONFIG_TEXT.replace("auto_numbers: true", f"auto_numbers: {auto}")
    (root / CONFIG_NAME).write_text(text, encoding="utf-8")
    (root / "articles").mkdir()
    (root / "articles" / "figures.md").write_text(ARTICLE, encoding="utf-8")
    return root


def test_extract_leaves_numbers_out_and_render_formats_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = Project.open(_project(tmp_path / "p"))
    assert main(["-C", str(project.root), "extract"]) == 0
    msgids = [e.msgid for e in read_po(project.po_path("be", "figures")) if e.msgid]
    assert msgids == ["Figures", "Exports recovered in 2024.", "Indicator",
                      "Exports, million tonnes", "Share via Russian ports"]
    capsys.readouterr()
    assert main(["-C", str(project.root), "stats"]) == 0
    assert "numbers: 6 number-only segment(s)" in capsys.readouterr().out
    rendered = render_article(project, "figures", "ru")
    assert f"| 9,6 | 1{NB}150,5 |" in rendered.text
    assert f"| 62,5{NB}% | 290{NB}$ |" in rendered.text
    assert {p.msgid for p in rendered.problems} == set(msgids)  # numbers are not problems
    # the identity translation still reproduces the English byte for byte
    doc = parse_document(ARTICLE, "articles/figures.md", project.config.translatable_keys)
    identity = {(s.msgctxt, s.msgid): Translation(s.msgid) for s in doc.segments}
    assert render_document(doc, identity, "be").text == ARTICLE


def test_a_project_can_give_numbers_to_translators(tmp_path: Path) -> None:
    project = Project.open(_project(tmp_path / "p", "false"))
    assert main(["-C", str(project.root), "extract"]) == 0
    msgids = [e.msgid for e in read_po(project.po_path("ru", "figures")) if e.msgid]
    assert "1,150.5" in msgids and "62.5%" in msgids and len(msgids) == 11
    assert not render_article(project, "figures", "ru").complete


def test_bad_setting_is_a_config_error(tmp_path: Path) -> None:
    project_root = tmp_path / "p"
    _project(project_root, "maybe")
    assert main(["-C", str(project_root), "stats"]) == 3


def test_sample_table_cells_are_rendered_not_translated(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    for name in ("articles", "locales"):
        shutil.copytree(REPO / name, root / name)
    for name in ("trilingual.yaml", "glossary.yaml"):
        shutil.copy(REPO / name, root / name)
    project = Project.open(root)
    assert main(["-C", str(root), "extract", "--check"]) == 0  # the sample is up to date
    slug = "2024-08-28-potash-russian-ports"
    active = {e.msgid for e in read_po(project.po_path("be", slug)) if not e.obsolete}
    assert not {"2021", "12.3", "290", "85"} & active
    rendered = render_article(project, slug, "be")
    assert rendered.complete
    assert "| Экспарт, млн тон | 12,3 | 10,5 | 11,8 |" in rendered.text
