"""trilingual.frontmatter: values to translate located exactly in the article, and every
refusal naming the article's line."""

from __future__ import annotations

import pytest

from trilingual.document import LineIndex
from trilingual.errors import SourceError
from trilingual.frontmatter import MAX_YAML_DEPTH, read_front_matter

ARTICLE = """---
title: Grain prices
date: 2024-05-01
image:
  alt: "A field, at dawn"
summary: |
  Two lines
  of summary.
views: 12
---
Body.
"""
YAML_START = len("---\n")


def read(keys: tuple[str, ...], text: str = ARTICLE):  # type: ignore[no-untyped-def]
    end = text.index("\n---\n", 3) + 1
    return read_front_matter(text[YAML_START:end], YAML_START, "articles/a.md", keys,
                             LineIndex(text))


def test_values_are_located_exactly() -> None:
    data, segments = read(("title", "image.alt", "summary", "views", "date", "missing"))
    assert data["image"] == {"alt": "A field, at dawn"} and data["views"] == 12
    found = [(s.msgctxt, s.msgid, s.line, s.yaml_style, ARTICLE[s.start:s.end])
             for s in segments]
    assert found == [
        ("title", "Grain prices", 2, "", "Grain prices"),
        ("image.alt", "A field, at dawn", 5, '"', '"A field, at dawn"'),
        ("summary", "Two lines\nof summary.", 6, "|", "|\n  Two lines\n  of summary."),
    ]  # numbers and dates are not text; a missing key is not an error
    assert all(s.kind == "front-matter" and s.block == f"front matter: {s.msgctxt}"
               for s in segments)


@pytest.mark.parametrize(("yaml_text", "line", "problem"), [
    ("a: 1\nb: *x\n", 3, "invalid YAML front matter"),
    ("a: &x 1\nb: *x\n", 3, "aliases"),
    ("a: 1\na: 2\n", 3, "duplicate key 'a'"),
    ("a: !!python/object:os.system x\n", 2, "invalid YAML front matter"),
    ("- a\n- b\n", 2, "front matter must be a YAML mapping"),
    ("d: 2024-02-30\n", 2, "invalid YAML front matter"),
    ("a: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1) + "\n", 2,
     f"nested deeper than {MAX_YAML_DEPTH} levels"),
])
def test_refusals_name_the_line(yaml_text: str, line: int, problem: str) -> None:
    text = "---\n" + yaml_text + "---\nBody.\n"
    with pytest.raises(SourceError, match=rf"^articles/a\.md:{line}: .*{problem}"):
        read(("title",), text)


def test_empty_front_matter() -> None:
    assert read(("title",), "---\n\n---\nBody.\n") == ({}, [])
