"""What the source reader extracts, and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from trilingual.config import Config
from trilingual.errors import SourceError
from trilingual.source import parse_document, read_document

KEYS = Config().translatable_keys
GOLDEN = Path(__file__).parent / "golden"


def msgids(case: str) -> list[str]:
    text = (GOLDEN / case / "source.md").read_bytes().decode()
    return [s.msgid for s in parse_document(text, "a.md", KEYS).segments]


def test_sentences_respect_abbreviations_initials_decimals_and_quotes() -> None:
    assert msgids("paragraphs") == [
        "The first sentence is short.",
        "The second one mentions A. Lukashenka and the U.S. Treasury, which raised rates by "
        "0.25% on Feb. 27.",
        "Exports grew 2.5% in August... but imports fell.",
        '"It was a gift."',
        "Exports rose anyway.",
        "Prices rose e.g. for bread, i.e. staples, etc.",
        "Nobody was surprised.",
    ]


def test_never_splits_inside_inline_spans_and_keeps_markup_readable() -> None:
    ids = msgids("emphasis-code")
    assert ids[0] == "Some **bold text. With two sentences.** and *italic* and ~~struck~~ words."
    assert ids[1] == "Call `trilingual extract --dry-run. Then` again."
    assert ids[2] == "A literal {1} and {2} here."
    assert not any("print" in m or "indented" in m for m in ids)


def test_links_urls_and_html_become_placeholders() -> None:
    text = (GOLDEN / "links" / "source.md").read_text()
    doc = parse_document(text, "a.md", KEYS)
    by_id = {s.msgid: s for s in doc.segments}
    first = by_id['Read [the report]({1} "Annual report") now.']
    assert first.placeholders == ("https://example.org/report",)
    assert any(s.placeholders == ("<https://example.org/auto>", "https://example.com/bare")
               for s in doc.segments)
    assert all("example.org/ref" not in s.msgid for s in doc.segments)
    html = parse_document((GOLDEN / "html" / "source.md").read_text(), "a.md", KEYS)
    assert [s.msgid for s in html.segments] == [
        "A sentence with {1}EU{2} markup.", "And {1} a break."
    ]
    assert html.segments[0].placeholders == ('<abbr title="European Union">', "</abbr>")


def test_front_matter_keys_become_context_entries() -> None:
    doc = parse_document((GOLDEN / "front-matter" / "source.md").read_text(), "a.md", KEYS)
    fm = [(s.msgctxt, s.msgid) for s in doc.segments if s.kind == "front-matter"]
    assert fm == [
        ("title", "Belarus: a quiet week"),
        ("subtitle", "It's complicated"),
        ("summary", "A folded summary over two lines."),
        ("image.alt", "Trucks at a border crossing"),
        ("image.credit", "Photo by the editors"),
    ]
    assert doc.front_matter["author"] == "A. Writer"


def test_blocks_are_named_and_lines_are_right() -> None:
    doc = parse_document((GOLDEN / "lists" / "source.md").read_text(), "a.md", KEYS)
    got = [(s.line, s.block, s.msgid) for s in doc.segments]
    assert (4, "list item > list item", "Nested item one.") in got
    assert (2, "list item", "Second item wraps onto a second line.") in got
    assert (11, "list item", "A second paragraph in the item.") in got


def test_table_cells_and_escaped_pipe() -> None:
    doc = parse_document((GOLDEN / "table" / "source.md").read_text(), "a.md", KEYS)
    cells = [s.msgid for s in doc.segments]
    assert "Growth \\| share" in cells
    assert "—" not in cells  # nothing to translate in a dash-only cell
    assert all(s.in_table for s in doc.segments)


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"---\ntitle: [unclosed\n---\nBody\n", "invalid YAML front matter", 3),
        (b"---\n- a list\n---\nBody\n", "front matter must be a YAML mapping", 2),
        (b"---\ntitle: x\nBody without end\n", "never closed", 1),
        (b"Good line\nbad \xff byte\n", "not valid UTF-8", 2),
        (b"---\nx: !!python/object:os.system ls\n---\n", "invalid YAML front matter", 2),
    ],
)
def test_bad_sources_fail_with_file_and_line(
    tmp_path: Path, content: bytes, message: str, line: int
) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        read_document(path, "articles/bad.md", KEYS)
    assert message in str(info.value)
    assert str(info.value).startswith(f"articles/bad.md:{line}: ")
    assert "\n" not in str(info.value)


def test_bom_is_kept_outside_segments() -> None:
    doc = parse_document("\ufeff# Title\n\nText.\n", "a.md", KEYS)
    assert [s.msgid for s in doc.segments] == ["Title", "Text."]


@pytest.mark.parametrize("libyaml", [True, False])
def test_front_matter_rules_with_and_without_libyaml(
    monkeypatch: pytest.MonkeyPatch, libyaml: bool
) -> None:
    """The libyaml path (events + nodes) and the pure-Python loader refuse the same things and
    find the same scalars."""
    import trilingual.frontmatter as frontmatter

    if not libyaml:
        monkeypatch.setattr(frontmatter, "LIBYAML_LOADER", None)
    good = '---\ntitle: "A «title»"\nimage:\n  alt: Alt text\n---\n\nBody.\n'
    doc = parse_document(good, "articles/x.md", ("title", "image.alt"))
    assert [(s.msgctxt, s.msgid) for s in doc.segments[:2]] == [
        ("title", "A «title»"), ("image.alt", "Alt text")]
    for text, problem in [
        ("---\na: &x 1\nb: *x\n---\n", "aliases"),
        ("---\na: 1\nb:\n  c: 2\n  c: 3\n---\n", "duplicate key 'c'"),
        ("---\na: !!python/object:os.system x\n---\n", "invalid YAML front matter"),
    ]:
        with pytest.raises(SourceError, match=problem):
            parse_document(text + "\nBody.\n", "articles/x.md", ("title",))


def test_front_matter_nesting_is_limited() -> None:
    """Deep nesting is refused before libyaml composes it (its composer recurses in C)."""
    deep = "---\na: " + "[" * 70 + "]" * 70 + "\n---\n\nBody.\n"
    with pytest.raises(SourceError, match=r"x\.md:2: .*nested deeper than 64 levels"):
        parse_document(deep, "x.md", ("title",))
    shallow = "---\na: " + "[" * 60 + "]" * 60 + "\n---\n\nBody.\n"
    assert parse_document(shallow, "x.md", ("title",)).segments  # the body sentence
