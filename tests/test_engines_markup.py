"""Placeholder and markup protection: a bijection in both wire formats."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trilingual.engines.markup import MarkupLost, protect, restore

ALPHABET = st.sampled_from(
    [*"ab cdé Ж*_~`[]()!{}<>&\\#-1234567890\"'|:.\n", "**", "{1}", "{12}", "](", "&amp;"]
)
MARKDOWNISH = st.lists(ALPHABET, max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(MARKDOWNISH, st.text(max_size=60)))
def test_protect_restore_is_identity_xml(msgid: str) -> None:
    protected = protect(msgid, "xml")
    assert restore(protected.text, protected) == msgid


@settings(max_examples=200, deadline=None)
@given(st.one_of(MARKDOWNISH, st.text(max_size=60)))
def test_protect_restore_is_identity_text(msgid: str) -> None:
    protected = protect(msgid, "text")
    assert restore(protected.text, protected) == msgid


def test_xml_wire_format() -> None:
    msgid = "A **bold** and *em* [link]({1}) with `code` and {2} & <b>."
    protected = protect(msgid, "xml")
    assert protected.text == (
        'A <b>bold</b> and <i>em</i> <a>link</a> with <c i="1"/> and <x i="2"/> &amp; '
        '<h i="1"/>.'
    )
    assert "code" not in protected.billable
    translated = (
        'Б <x i="2"/> <a>ссылка</a> <b>жирный</b>, <i>курсив</i> <c i="1"/> &amp; <h i="1"/>.'
    )
    assert restore(translated, protected) == (
        "Б {2} [ссылка]({1}) **жирный**, *курсив* `code` & <b>."
    )


def test_text_wire_format_numbers_above_placeholders() -> None:
    protected = protect("See **this** [page]({3}).", "text")
    assert protected.text == "See {4}this{5} {6}page{7}."
    assert restore("Гл. {6}старонку{7} {4}гэта{5}.", protected) == (
        "Гл. [старонку]({3}) **гэта**."
    )


@pytest.mark.parametrize(
    ("mode", "translated"),
    [
        ("text", "See {4}this{5} page."),  # lost a token
        ("text", "See {5}this{4} {6}page{7}."),  # pair reversed
        ("text", "See {4}this{5} {6}page{7}{7}."),  # duplicated
        ("xml", "See <b>this</b> page."),
        ("xml", "See <b>this <a>page</b></a>."),
        ("xml", 'See <b>this</b> <a>page</a> <x i="9"/>.'),
    ],
)
def test_lost_markup_is_detected(mode: str, translated: str) -> None:
    protected = protect("See **this** [page]({3}).", mode)  # type: ignore[arg-type]
    with pytest.raises(MarkupLost):
        restore(translated, protected)


def test_text_mode_tolerates_spaced_tokens_and_spaces_inside_pairs() -> None:
    protected = protect("See **this** [page]({3}).", "text")
    assert restore("Гл. { 6 } старонку {7} { 4 } гэта {5}.", protected) == (
        "Гл. [старонку]({3}) **гэта**."
    )
    literal = protect("Keep { 6 } as it is.", "text")
    assert restore(literal.text, literal) == "Keep { 6 } as it is."
