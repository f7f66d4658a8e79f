"""trilingual.events: pulldown-cmark's events with character offsets into the article, also
after non-ASCII text (pyromark reports UTF-8 byte offsets)."""

from __future__ import annotations

from trilingual.events import Event, markdown_events

BODY = "# Заголовок\n\nТекст «тут» with *emphasis* and [a link](https://e.org \"t\").\n"


def test_offsets_are_characters_and_shifted_by_base() -> None:
    base = 7
    article = "x" * base + BODY
    events = markdown_events(BODY, base)
    texts = [article[e.start:e.end] for e in events if e.kind == "Text"]
    assert texts == ["Заголовок", "Текст «тут» with ", "emphasis", " and ", "a link", "."]
    heading = next(e for e in events if e.kind == "Start" and e.name == "Heading")
    assert heading.info == "1" and article[heading.start:heading.end] == "# Заголовок\n"
    link = next(e for e in events if e.kind == "Start" and e.name == "Link")
    assert article[link.start:link.end] == '[a link](https://e.org "t")'
    assert [e.kind for e in events].count("Start") == [e.kind for e in events].count("End")


def test_ascii_and_empty_bodies() -> None:
    assert markdown_events("", 0) == []
    events = markdown_events("Plain.\n", 3)
    assert events[0] == Event("Start", "Paragraph", 3, 10, None)
    assert [(e.kind, e.start, e.end) for e in events[1:]] == [("Text", 3, 9),
                                                               ("End", 3, 10)]
