"""trilingual.render: which translation a segment receives (the review state of its entry),
how it is written back (YAML scalars, folded line breaks, table pipes, HTML escaping,
placeholders), the problems reported, the spans absorb relies on, and the project-level
functions against the sample's committed catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from trilingual.config import Config
from trilingual.po import Translation
from trilingual.project import Project
from trilingual.render import (
    Problem,
    RenderedSpan,
    load_entries,
    render_article,
    render_document,
    render_languages,
    render_many,
    translated_piece,
    unescape_piece,
    yaml_scalar,
)
from trilingual.source import parse_document

REPO = Path(__file__).resolve().parent.parent
KEYS = Config().translatable_keys

ARTICLE = """---
title: Grain prices
summary: Plain words
---

# Grain prices rose

Prices rose in May. Farmers sold less. See [the report](https://example.org/r).

| Crop | Change |
|------|--------|
| Wheat | Up |
"""


def doc():  # type: ignore[no-untyped-def]
    return parse_document(ARTICLE, "articles/grain.md", KEYS)


def test_each_review_state_renders_as_defined() -> None:
    """Reviewed: used; fuzzy: English (or the draft with use_fuzzy); missing: English; a
    plural entry (no msgstr to splice) counts as untranslated."""
    fuzzy = polib.POEntry(msgid="Farmers sold less.", msgstr="Фермеры прадалі менш.",
                          flags=["fuzzy"])
    plural = polib.POEntry(msgid="Plain words", msgid_plural="Plain words",
                           msgstr_plural={0: "a", 1: "b", 2: "c"}, msgctxt="summary")
    entries = {
        (None, "Prices rose in May."): Translation("Цэны выраслі ў траўні."),
        (None, "Farmers sold less."): fuzzy,
        ("summary", "Plain words"): plural,
        ("title", "Grain prices"): Translation("Цэны на збожжа: рост"),
    }
    strict = render_document(doc(), entries, "be")
    assert strict.text == ARTICLE.replace(
        "title: Grain prices", "title: \"Цэны на збожжа: рост\""
    ).replace("Prices rose in May.", "Цэны выраслі ў траўні.")
    assert strict.front_matter == {"title": "Цэны на збожжа: рост", "summary": "Plain words"}
    assert strict.body == strict.text[strict.text.index("\n# Grain") :]
    states = [(p.line, p.state, p.msgid) for p in strict.problems]
    assert states == [
        (3, "untranslated", "Plain words"),
        (6, "untranslated", "Grain prices rose"),
        (8, "fuzzy", "Farmers sold less."),
        (8, "untranslated", "See [the report]({1})."),
        (10, "untranslated", "Crop"),
        (10, "untranslated", "Change"),
        (12, "untranslated", "Wheat"),
        (12, "untranslated", "Up"),
    ]
    assert not strict.complete
    assert strict.problems[2].format("be") == "articles/grain.md:8: [be] fuzzy: Farmers sold less."

    drafts = render_document(doc(), entries, "be", use_fuzzy=True)
    assert "Цэны выраслі ў траўні. Фермеры прадалі менш. See" in drafts.text
    assert [p.state for p in drafts.problems][1:3] == ["untranslated", "fuzzy-used"]


def test_placeholders_tables_and_line_breaks_are_written_back() -> None:
    entries = {
        (None, "See [the report]({1})."): Translation("Гл. [справаздачу]({1})\nтут."),
        (None, "Wheat"): Translation("Пшаніца | азімая"),
    }
    out = render_document(doc(), entries, "be").text
    assert "Гл. [справаздачу](https://example.org/r) тут." in out  # the break folded
    assert "| Пшаніца \\| азімая | Up |" in out  # a pipe would end the cell


def test_escape_html_and_its_inverse() -> None:
    segment = next(s for s in doc().segments if s.msgid == "Prices rose in May.")
    piece = translated_piece("<b>A</b> & `<code>` [x](y)", segment, escape_html=True)
    assert piece == "&lt;b&gt;A&lt;/b&gt; &amp; `<code>` [x]\\(y)"
    assert unescape_piece(piece, segment, escape_html=True) == "<b>A</b> & `<code>` [x](y)"
    cell = next(s for s in doc().segments if s.msgid == "Wheat")
    assert unescape_piece(translated_piece("a | b", cell), cell, False) == "a | b"


@pytest.mark.parametrize(("value", "style", "expected"), [
    ("Просты загаловак", "", "Просты загаловак"),
    ("Загаловак: падзагаловак", "", '"Загаловак: падзагаловак"'),  # ": " is not plain
    ("It's", '"', '"It\'s"'),
    ("It's", "'", "'It''s'"),
    ("# не каментар", "", '"# не каментар"'),
    ("два\nрадкі", "'", '"два\\nрадкі"'),
])
def test_yaml_scalar(value: str, style: str, expected: str) -> None:
    assert yaml_scalar(value, style) == expected


def test_spans_locate_every_segment_in_the_output() -> None:
    entries = {(None, "Prices rose in May."): Translation("Цэны выраслі ў траўні.")}
    spans: list[RenderedSpan] = []
    document = doc()
    out = render_document(document, entries, "be", spans=spans).text
    assert len(spans) == len(document.segments)
    by_msgid = {s.msgid: span for s, span in zip(document.segments, spans, strict=True)}
    used = by_msgid["Prices rose in May."]
    assert out[used.start:used.end] == "Цэны выраслі ў траўні." == used.translation
    copied = by_msgid["Farmers sold less."]
    assert out[copied.start:copied.end] == "Farmers sold less." and copied.translation is None


def test_identity_translation_is_byte_exact_and_complete() -> None:
    document = doc()
    entries = {(s.msgctxt, s.msgid): Translation(s.msgid) for s in document.segments}
    rendered = render_document(document, entries, "ru")
    assert rendered.text == ARTICLE and rendered.complete


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("render-sample")
    for name in ("trilingual.yaml", "glossary.yaml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "articles", root / "articles")
    shutil.copytree(REPO / "locales", root / "locales")
    return Project.open(root)


def test_sample_articles_render_from_their_catalogs(sample: Project) -> None:
    """Every sample article in be/ru: each reviewed msgstr of its catalog appears in the
    output, the problems are exactly its untranslated and fuzzy entries, and the three
    project-level entry points agree byte for byte."""
    slugs = sample.slugs()
    assert slugs
    many = {(item.slug, item.lang): item for item in render_many(sample, slugs, ["be", "ru"])}
    found = 0
    for slug in slugs:
        langs = render_languages(sample, slug, ["en", "be", "ru"])
        assert langs[0].text == (sample.article_path(slug)).read_text(encoding="utf-8")
        for rendered in langs[1:]:
            lang = rendered.lang
            single = render_article(sample, slug, lang)
            assert single.text == rendered.text == many[(slug, lang)].text
            assert single.problems == rendered.problems == many[(slug, lang)].problems
            po = polib.pofile(str(sample.po_path(lang, slug)))
            pending = {(e.msgctxt, e.msgid) for e in po if not e.obsolete and e.msgid
                       and (not e.msgstr or "fuzzy" in e.flags)}
            assert {(p.msgctxt, p.msgid) for p in rendered.problems} <= pending
            for entry in po:
                if entry.msgid and entry.msgstr and not entry.obsolete and \
                        "fuzzy" not in entry.flags and "{" not in entry.msgstr and \
                        entry.msgctxt is None:
                    folded = " ".join(entry.msgstr.split("\n")).strip()
                    assert folded in rendered.text.replace("\\|", "|"), (slug, lang, folded)
                    found += 1
    assert found >= 200  # reviewed translations actually looked for


def test_load_entries_without_a_catalog_is_empty(sample: Project) -> None:
    assert load_entries(sample, "be", "no-such-article") == {}
    slug = sample.slugs()[0]
    assert load_entries(sample, "be", slug)  # the committed catalog


def test_problem_format() -> None:
    problem = Problem("articles/a.md", 4, "Hello.", None, "untranslated")
    assert problem.format("ru") == "articles/a.md:4: [ru] untranslated: Hello."
