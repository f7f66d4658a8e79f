"""The benchmark's synthetic archive: deterministic, sized, complete, and edits as asked.

No timing here: the harness measures speed; these tests only pin the corpus it measures.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bench_modules import load_bench

gen = load_bench("generate")
SAMPLE = range(12)


def _text(index: int, seed: int = 1) -> str:
    return gen.make_article(index, seed).render()


def test_same_seed_same_bytes_and_prefix_property(tmp_path: Path) -> None:
    a = gen.generate_corpus(tmp_path / "a", 6, seed=3)
    b = gen.generate_corpus(tmp_path / "b", 4, seed=3)
    for pa, pb in zip(a, b, strict=False):
        assert pa.name == pb.name
        assert pa.read_bytes() == pb.read_bytes()
    assert _text(0, seed=3) != _text(0, seed=4)
    assert len({p.name for p in a}) == 6


@pytest.mark.parametrize("index", SAMPLE)
def test_word_count_in_range(index: int) -> None:
    _, body = gen.split_front(_text(index))
    assert gen.MIN_WORDS <= gen.word_count(body) <= gen.MAX_WORDS


@pytest.mark.parametrize("index", SAMPLE)
def test_front_matter_follows_the_contract(index: int) -> None:
    front, _ = gen.split_front(_text(index))
    data = yaml.safe_load(front.strip().strip("-"))
    assert {"title", "summary", "section", "date", "author", "tags"} <= set(data)
    assert set(data) <= {"title", "subtitle", "summary", "section", "date", "edition",
                         "author", "tags", "image"}
    assert isinstance(data["tags"], list)
    if "image" in data:
        assert set(data["image"]) == {"src", "alt", "credit"}
    if "edition" in data:
        assert data["edition"].weekday() == 0


CONSTRUCTS = {
    "heading 2": r"(?m)^## \S",
    "bullet list": r"(?m)^- \S",
    "nested list": r"(?m)^ {2,3}- \S",
    "ordered list": r"(?m)^1\. \S",
    "blockquote": r"(?m)^> \S",
    "table": r"(?m)^\|---\|",
    "figure": r"(?m)^!\[[^\]]+\]\(images/[^ )]+ \"[^\"]+\"\)$",
    "figure caption": r"(?m)^\*Figure \d+: ",
    "emphasis or strong": r"(?<![*\w])\*{1,2}[a-z][^*\n]+\*{1,2}",
    "inline link": r"\[[^\]]+\]\(https://[^ )]+\)",
    "U.S.": r"\bU\.S\.",
    "e.g.": r"\be\.g\. ",
    "Dr.": r"\bDr\. [A-Z]",
    "No. n": r"\bNo\. \d+",
    "initials": r"\b[A-Z]\. [A-Z]\. [A-Z][a-z]+",
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_every_article_has_the_construct(name: str) -> None:
    for index in SAMPLE:
        assert re.search(CONSTRUCTS[name], _text(index)), (name, index)


def test_constructs_across_the_corpus() -> None:
    text = "\n".join(_text(i) for i in range(40))
    assert re.search(r'\[[^\]]+\]\(https://[^ )]+ "[^"]+"\)', text)  # link with a title
    assert re.search(r"(?m)^\[ref-\d+\]: https://", text)  # reference definition
    assert re.search(r"(?m)^### \S", text)
    assert re.search(r"<https://[^>]+>", text)  # autolink
    assert re.search(r"`[^`]+`", text)  # inline code
    assert "p.m." in text and "i.e." in text


def test_reference_labels_are_all_defined() -> None:
    for index in range(40):
        text = _text(index)
        used = set(re.findall(r"\]\[(ref-\d+)\]", text))
        defined = set(re.findall(r"(?m)^\[(ref-\d+)\]: ", text))
        assert used == defined, index


def test_boilerplate_is_about_ten_percent() -> None:
    sentences = [s for i in range(30) for s in gen.make_article(i).sentences()]
    share = sum(s.boilerplate for s in sentences) / len(sentences)
    assert 0.06 <= share <= 0.15, share
    texts = [s.text for s in sentences if s.boilerplate]
    assert len(set(texts)) <= len(gen.BOILERPLATE)  # they recur


@pytest.mark.parametrize("fraction", [0.0, 0.05, 0.2])
def test_edit_fraction_honoured(tmp_path: Path, fraction: float) -> None:
    paths = gen.generate_corpus(tmp_path, 8)
    before = {p.name: p.read_text(encoding="utf-8") for p in paths}
    stats = gen.edit_corpus(tmp_path, fraction, edit_seed=2)
    assert stats.sentences == sum(1 for i in range(8) for _ in gen.make_article(i).sentences())
    assert stats.revised == round(fraction * stats.sentences)
    # Count the revised sentences directly: compare sentence by sentence.
    originals = [s.text for i in range(8) for s in gen.make_article(i).sentences()]
    articles = [gen.make_article(i) for i in range(8)]
    gen.edit_articles(articles, fraction, 2)
    revised = [s.text for a in articles for s in a.sentences()]
    assert sum(a != b for a, b in zip(originals, revised, strict=True)) == stats.revised
    changed = {p.name for p in paths if p.read_text(encoding="utf-8") != before[p.name]}
    assert changed == {f"{s}.md" for s in stats.files_changed}
    assert bool(changed) == (fraction > 0)


def test_edit_is_seeded_and_relative_to_the_original(tmp_path: Path) -> None:
    gen.generate_corpus(tmp_path / "a", 5)
    gen.generate_corpus(tmp_path / "b", 5)
    gen.edit_corpus(tmp_path / "a", 0.1, edit_seed=9)
    gen.edit_corpus(tmp_path / "b", 0.1, edit_seed=9)
    gen.edit_corpus(tmp_path / "b", 0.1, edit_seed=9)  # again: same result, not cumulative
    for pa in sorted((tmp_path / "a").glob("*.md")):
        assert pa.read_bytes() == (tmp_path / "b" / pa.name).read_bytes()


def test_edit_one_article_only(tmp_path: Path) -> None:
    paths = gen.generate_corpus(tmp_path, 4)
    before = {p.name: p.read_bytes() for p in paths}
    slug = paths[2].stem
    stats = gen.edit_corpus(tmp_path, 0.05, edit_seed=1, slugs=[slug])
    assert stats.files_changed == [slug]
    assert stats.revised >= 1
    assert [p.name for p in paths if p.read_bytes() != before[p.name]] == [f"{slug}.md"]


def test_revisions_keep_the_markup_and_differ() -> None:
    import random

    rng = random.Random(4)
    for index in range(6):
        for sentence in gen.make_article(index).sentences():
            new = gen.revise(sentence.text, rng)
            assert new != sentence.text
            for token in ("](", "**", "`", "[", "<https"):
                assert new.count(token) == sentence.text.count(token)
