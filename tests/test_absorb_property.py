"""Absorb inverts render: random in-segment edits of rendered be/ru articles either come back
byte for byte from the catalogs after ``absorb``, or are refused with the catalog untouched.

The articles are the repository's sample (its real translations) and the benchmark generator's
(headings, lists, quotes, tables, links with titles, reference links, autolinks, emphasis, code
spans, images), translated into a Cyrillic stand-in that keeps every placeholder and all inline
Markdown. A case is one to three edits in one article; it is absorbed, or refused as a whole. ``ABSORB_EXAMPLES`` raises the number of
random cases (the default keeps the suite quick); ``pytest -s`` prints the tally.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench_modules import load_bench
from test_release_support import make_project
from trilingual.absorb import absorb_files
from trilingual.project import Project
from trilingual.render import RenderedSpan, load_entries, render_article, render_document
from trilingual.source import read_document

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("ABSORB_EXAMPLES", "150"))
ARTICLES = 4

_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CYRILLIC = "абцдэфгхійклмнопкрстуввхызАБЦДЭФГХІЙКЛМНОПКРСТУВВХЫЗ"
_TO_CYRILLIC = str.maketrans(_LATIN, _CYRILLIC)
_KEEP_RE = re.compile(r"(`+[^`]*`+|\{\d+\})")




def cyrillic(lang: str, msgctxt: str | None, msgid: str) -> str:
    """A stand-in translation: Latin letters become Cyrillic, code and placeholders stay."""
    parts = _KEEP_RE.split(msgid)
    out = [p if i % 2 else p.translate(_TO_CYRILLIC) for i, p in enumerate(parts)]
    return ("ру " if lang == "ru" else "бе ") + "".join(out)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Project:
    gen = load_bench("generate")
    articles = {}
    for index in range(ARTICLES):
        article = gen.make_article(index, 1)  # type: ignore[attr-defined]
        articles[article.slug] = article.render()
    return make_project(tmp_path_factory.mktemp("absorb-gen"), articles=articles,
                        translate=cyrillic)


_WORDS = st.sampled_from(["мір", "ўсё", "дзяржава", "рост", "тысяча", "Мінск", "калі",
                          "працэнт", "бюджэт", "ЕС", "2024", "11,5"])
_CHARS = st.sampled_from(list("абвгдеёжзійклмнопрстуўфхцчшыьэюя АБВ.,;:!?—–«»„“’'\"()-0123"))
_MARKUP = st.sampled_from(["*", "**", "_", "`", "[", "]", "{1}", "{", "<", ">", "&", "|",
                           "\\", "#", "\n", "  ", "\n\n", "https://example.org/x"])
_INSERT = st.lists(st.one_of(_WORDS, _CHARS, _CHARS, _WORDS, _MARKUP), max_size=5).map(
    lambda parts: " ".join(parts) if len(parts) > 1 and parts[0].isalpha() else "".join(parts)
)


def random_edits(project: Project, examples: int) -> Counter[str]:
    """Apply ``examples`` random sets of 1-3 in-segment edits; tally how each ended."""
    slugs = project.slugs()
    langs = project.config.languages
    cache: dict[tuple[str, str], tuple[str, list[RenderedSpan]]] = {}
    for slug in slugs:
        path = project.article_path(slug)
        doc = read_document(path, project.relpath(path), project.config.translatable_keys)
        for lang in langs:
            spans: list[RenderedSpan] = []
            text = render_document(doc, load_entries(project, lang, slug), lang,
                                   spans=spans).text
            cache[(slug, lang)] = (text, spans)
    stats: Counter[str] = Counter()
    proof = project.root / "proof"
    proof.mkdir(exist_ok=True)

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def one_case(data: st.DataObject) -> None:
        slug = data.draw(st.sampled_from(slugs))
        lang = data.draw(st.sampled_from(langs))
        text, spans = cache[(slug, lang)]
        picks = data.draw(st.lists(st.integers(0, len(spans) - 1), min_size=1, max_size=3,
                                   unique=True))
        edits = []
        for k in sorted(picks):
            span = spans[k]
            a = data.draw(st.integers(span.start, span.end))
            b = data.draw(st.integers(a, min(span.end, a + 30)))
            edits.append((a, b, data.draw(_INSERT)))
        edited = text
        for a, b, new in reversed(edits):
            edited = edited[:a] + new + edited[b:]
        assume(edited != text)
        stats["tried"] += 1
        stats["edits"] += len(edits)
        catalog = project.po_path(lang, slug)
        before = catalog.read_bytes()
        edited_file = proof / f"{slug}.md"
        edited_file.write_text(edited, encoding="utf-8")
        try:
            report = absorb_files(project, lang, [edited_file], today="2026-12-05")
            article = report.articles[0]
            if not article.refusals:
                again = render_article(project, slug, lang).text
                if again == edited:
                    stats["absorbed"] += 1
                    if article.written:
                        result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(catalog)],
                                                capture_output=True, text=True, check=False)
                        assert result.returncode == 0, result.stderr
                else:
                    stats["lost"] += 1
            elif catalog.read_bytes() == before:
                stats["refused"] += 1
                for refusal in article.refusals:
                    stats["reason: " + refusal.reason.split(" (")[0].split(":")[0]] += 1
            else:
                stats["lost"] += 1
        finally:
            catalog.write_bytes(before)

    one_case()
    return stats


def test_absorb_inverts_render_on_generated_articles(generated: Project) -> None:
    stats = random_edits(generated, EXAMPLES)
    print("\ngenerated articles, random in-segment edits:", dict(sorted(stats.items())))
    assert stats["lost"] == 0
    assert stats["tried"] == EXAMPLES
    assert stats["absorbed"] + stats["refused"] == stats["tried"]
    assert stats["absorbed"] >= stats["tried"] * 0.3  # plain-text edits come back
    assert stats["refused"] >= stats["tried"] * 0.05  # markup and line breaks are refused


def test_absorb_inverts_render_on_the_sample(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("absorb-sample")
    for name in ("trilingual.yaml", "glossary.yaml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "articles", root / "articles")
    shutil.copytree(REPO / "locales", root / "locales")
    examples = max(EXAMPLES // 3, 20)
    stats = random_edits(Project.open(root), examples)
    print("\nsample (real be/ru translations):", dict(sorted(stats.items())))
    assert stats["lost"] == 0
    assert stats["tried"] == examples
    assert stats["absorbed"] + stats["refused"] == stats["tried"]
    assert stats["absorbed"] >= stats["tried"] * 0.5
