"""``content``: the one notion of "outdated" (content, not layout).

The fast paths (``same_content`` stopping at the first difference, ``other_entries`` scanning
text without building entries) must answer exactly what comparing whole ``catalog_content``
values answers, on catalogs that differ in one field at a time.
"""

from __future__ import annotations

import copy

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from trilingual.content import catalog_content, other_entries, same_content
from trilingual.po import format_po

WORDS = st.sampled_from(["Minsk", "Мінск", "the port", "«порт»", "", "a\nb", "x  y", "{1}"])


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "be",
                   "X-Generator": draw(st.sampled_from(["Poedit 3.4", "trilingual"]))}
    for number in range(draw(st.integers(0, 5))):
        msgid = draw(WORDS) or f"entry {number}"
        po.append(polib.POEntry(
            msgid=f"{msgid} {number}", msgstr=draw(WORDS), msgctxt=draw(st.sampled_from([None, "title"])),
            flags=draw(st.sampled_from([[], ["fuzzy"]])), tcomment=draw(WORDS),
            comment="paragraph", occurrences=[("articles/a.md", str(number + 1))],
            obsolete=draw(st.booleans()) and draw(st.booleans()),
        ))
    return po


def mutated(po: polib.POFile, how: int, entry: int) -> polib.POFile:
    other = copy.deepcopy(po)
    live = [e for e in other if not e.obsolete]
    target = live[entry % len(live)] if live else None
    if how == 0 and target is not None:
        target.msgstr += "!"
    elif how == 1 and target is not None:
        target.msgid += " (edited)"
    elif how == 2 and target is not None:
        target.flags = [] if "fuzzy" in target.flags else ["fuzzy"]
    elif how == 3:
        other.metadata["X-Generator"] = "Lokalize 24"  # layout, not content
    elif how == 4:
        other.metadata["Language"] = "ru"
    elif how == 5 and target is not None:
        other.remove(target)
    elif how == 6 and target is not None:
        target.tcomment += "\n"  # an empty comment line is layout
    return other


CASES: list[bool] = []


@settings(max_examples=400, derandomize=True, deadline=None)
@given(catalogs(), st.integers(0, 7), st.integers(0, 4))
def test_fast_comparisons_agree_with_whole_contents(po: polib.POFile, how: int, entry: int) -> None:
    other = mutated(po, how, entry)
    expected = catalog_content(po) == catalog_content(other)
    assert same_content(po, other) == expected
    assert same_content(other, po) == expected
    if other_entries(format_po(po), other):
        assert not expected  # it may only ever say "different" when the contents differ
    CASES.append(expected)


def test_comparison_property_ran_on_both_answers() -> None:
    if not CASES:
        test_fast_comparisons_agree_with_whole_contents()
    assert len(CASES) >= 400
    assert 50 <= sum(CASES) <= len(CASES) - 50  # both "same" and "different" were exercised
