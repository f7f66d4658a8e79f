"""Properties on generated documents that mix every Markdown construct the reader handles.

1. The identity translation (msgstr = msgid everywhere) reassembles the file byte for byte.
2. Segmentation loses nothing: each segment's msgid with placeholders restored is its source
   slice with line breaks (and their container prefixes) folded to one space.
3. Segments are in order and never overlap; a marked translation lands exactly in each span.
"""

from __future__ import annotations

import json
import re

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trilingual.config import Config
from trilingual.placeholder import restore_placeholders
from trilingual.render import render_document
from trilingual.source import parse_document

KEYS = Config().translatable_keys
WORDS = [
    "Belarus", "exports", "grew", "by", "2.5%", "in", "August", "the", "U.S.", "EU", "Minsk",
    "potash", "Dr.", "Smith", "said", "No.", "5", "e.g.", "A.", "Lukashenka", "$1.5", "billion",
    "Беларусь", "экспарт", "ўзрос", "рост", "1,200", "tonnes", "etc.", "i.e.", "«quoted»",
    "don't", "—", "Feb.", "27", "café", "x_y", "a&b", "3.7",
]
INLINE = st.one_of(
    st.sampled_from(WORDS),
    st.builds(lambda w: f"**{w}**", st.sampled_from(WORDS)),
    st.builds(lambda w: f"*{w}*", st.sampled_from(WORDS)),
    st.builds(lambda w: f"`{w}`", st.sampled_from(WORDS)),
    st.builds(lambda w, n: f"[{w}](https://example.org/p{n})", st.sampled_from(WORDS), st.integers(0, 9)),
    st.builds(lambda w: f'[{w}](https://example.org/t "A title")', st.sampled_from(WORDS)),
    st.builds(lambda w: f"![{w}](img.png)", st.sampled_from(WORDS)),
    st.just("<span>"), st.just("</span>"), st.just("{1}"), st.just("https://example.com/x"),
    st.just("\\*"), st.just("&amp;"),
)
SENTENCE = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(INLINE, min_size=1, max_size=8),
    st.sampled_from([".", "?", "!", "...", '."', ""]),
)


def _paragraph_lines(draw: st.DrawFn) -> list[str]:
    sentences = draw(st.lists(SENTENCE, min_size=1, max_size=4))
    text = " ".join(sentences)
    words = text.split(" ")
    lines, current = [], []
    for word in words:
        current.append(word)
        if draw(st.integers(0, 6)) == 0:
            lines.append(" ".join(current))
            current = []
    if current:
        lines.append(" ".join(current))
    return [ln for ln in lines if ln.strip()] or ["Text."]


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks: list[str] = []
    for _ in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(
            ["para", "heading", "list", "quote", "code", "table", "html", "comment", "ref", "olist"]
        ))
        lines = _paragraph_lines(draw)
        if kind == "para":
            blocks.append("\n".join(lines))
        elif kind == "heading":
            blocks.append("#" * draw(st.integers(1, 4)) + " " + " ".join(lines))
        elif kind == "list":
            items = [f"- {lines[0]}" + "".join(f"\n  {ln}" for ln in lines[1:])]
            items.append("- " + " ".join(_paragraph_lines(draw)))
            if draw(st.booleans()):
                items.append("  - " + " ".join(_paragraph_lines(draw)))
            blocks.append("\n".join(items))
        elif kind == "olist":
            blocks.append("1. " + " ".join(lines) + "\n2. " + " ".join(_paragraph_lines(draw)))
        elif kind == "quote":
            blocks.append("\n".join("> " + ln for ln in lines))
        elif kind == "code":
            blocks.append("```\n" + "\n".join(lines) + "\n```")
        elif kind == "table":
            cells = [" ".join(_paragraph_lines(draw)).replace("|", "/") for _ in range(4)]
            blocks.append(f"| {cells[0]} | {cells[1]} |\n|---|---|\n| {cells[2]} | {cells[3]} |")
        elif kind == "html":
            blocks.append("<div>\n" + lines[0] + "\n</div>")
        elif kind == "comment":
            blocks.append("<!-- " + lines[0] + " -->")
        else:
            blocks.append("[ref]: https://example.org/ref")
    text = "\n\n".join(blocks) + "\n"
    if draw(st.booleans()):
        title = draw(st.sampled_from(["A title: with colon", "Plain title", "«Загаловак»"]))
        text = f'---\ntitle: "{title}"\nsummary: {json.dumps(" ".join(_paragraph_lines(draw)), ensure_ascii=False)}\n' \
               f"date: 2024-08-28\nimage:\n  alt: An image\n---\n\n" + text
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


def _fold(source: str) -> str:
    return re.sub(r"[ \t]*\r?\n[ \t>]*", " ", source)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_identity_round_trip_is_byte_exact(text: str) -> None:
    doc = parse_document(text, "articles/x.md", KEYS)
    entries = {
        (s.msgctxt, s.msgid): polib.POEntry(msgid=s.msgid, msgstr=s.msgid, msgctxt=s.msgctxt)
        for s in doc.segments
    }
    assert render_document(doc, entries, "be").text == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_segmentation_loses_nothing(text: str) -> None:
    doc = parse_document(text, "articles/x.md", KEYS)
    previous_end = 0
    for segment in doc.segments:
        assert previous_end <= segment.start < segment.end
        previous_end = segment.end
        if segment.kind == "body":
            source = text[segment.start:segment.end]
            assert restore_placeholders(segment.msgid, segment.placeholders) == _fold(source)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_marked_translation_lands_in_every_span(text: str) -> None:
    doc = parse_document(text, "articles/x.md", KEYS)
    entries = {
        (s.msgctxt, s.msgid): polib.POEntry(msgid=s.msgid, msgstr="ЖЖ " + s.msgid, msgctxt=s.msgctxt)
        for s in doc.segments
    }
    rendered = render_document(doc, entries, "be")
    assert rendered.problems == ()
    for segment in doc.segments:
        if segment.kind == "body":
            assert "ЖЖ " + restore_placeholders(segment.msgid, segment.placeholders).strip() in \
                rendered.text.replace("\r\n", "\n")
