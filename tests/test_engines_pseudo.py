"""The pseudo engine: deterministic, visibly different, markup and placeholders byte for byte."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trilingual.engines.markup import split_pieces
from trilingual.engines.pseudo import pseudo_translate

TOKENS = st.sampled_from(["word ", "Minsk ", "**", "*", "`", "[", "]", "({1})", "{2}", " ", "."])


@settings(max_examples=150, deadline=None)
@given(st.lists(TOKENS, min_size=1, max_size=25).map("".join))
def test_markup_and_placeholders_are_kept(msgid: str) -> None:
    out = pseudo_translate(msgid)
    assert out == pseudo_translate(msgid)  # deterministic
    assert out.startswith("⟦") and out.endswith("⟧")
    kept = [p.source for p in split_pieces(msgid) if p.role != "text"]
    inner = out[1:-1].rstrip("·")
    assert [p.source for p in split_pieces(inner) if p.role != "text"] == kept


def test_example() -> None:
    assert pseudo_translate("The **vote** [here]({1}).") == "⟦Ŧĥé **ṽöŧé** [ĥéŕé]({1}).····⟧"
