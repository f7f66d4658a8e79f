"""Catalog update semantics (msgmerge --previous) and PO stability."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trilingual.catalog import (
    build_template,
    entry_state,
    is_reviewed,
    template_view,
    update_po,
)
from trilingual.config import Config
from trilingual.po import Translation, entry_key, format_po, parse_po_text
from trilingual.source import parse_document

KEYS = Config().translatable_keys

ARTICLE = """---
title: Trade with China
---

Exports to China rose by 12% in the first half of the year. Most of it was potash.

Minsk hopes the new rail corridor will cut delivery times to three weeks.

The border with Lithuania stays closed to Belarusian trucks.
"""


def translate_all(po: polib.POFile) -> None:
    for entry in po:
        entry.msgstr = "ПЕРАКЛАД " + entry.msgid


def template(text: str) -> polib.POFile:
    return build_template(parse_document(text, "articles/a.md", KEYS), "a", "2024-01-01 00:00+0000")


def test_unchanged_edited_removed_added() -> None:
    po, _ = update_po(None, template(ARTICLE), "be", "a")
    translate_all(po)
    edited = ARTICLE.replace("rose by 12%", "rose by 14%").replace(
        "The border with Lithuania stays closed to Belarusian trucks.\n",
        "A new sentence about Hrodna appears.\n",
    )
    new, stats = update_po(po, template(edited), "be", "a")
    by_id = {e.msgid: e for e in new if not e.obsolete}
    kept = by_id["Most of it was potash."]
    assert kept.msgstr == "ПЕРАКЛАД Most of it was potash." and not kept.fuzzy
    fuzzy = by_id["Exports to China rose by 14% in the first half of the year."]
    assert fuzzy.fuzzy
    assert fuzzy.previous_msgid == "Exports to China rose by 12% in the first half of the year."
    assert fuzzy.msgstr == "ПЕРАКЛАД Exports to China rose by 12% in the first half of the year."
    assert by_id["A new sentence about Hrodna appears."].msgstr == ""
    obsolete = [e for e in new if e.obsolete]
    assert [e.msgid for e in obsolete] == ["The border with Lithuania stays closed to Belarusian trucks."]
    assert (stats.kept, stats.fuzzy, stats.new, stats.obsoleted) == (3, 1, 1, 1)
    text = format_po(new)
    assert "#| msgid \"Exports to China rose by 12% in the first half of the year.\"" in text
    assert "#~ msgid \"The border with Lithuania" in text
    assert format_po(parse_po_text(text)) == text  # write -> read -> write is stable


def test_entries_follow_document_order_and_header_is_right() -> None:
    po, _ = update_po(None, template(ARTICLE), "ru", "a")
    assert [e.msgctxt for e in po][:1] == ["title"]
    assert po.metadata["Language"] == "ru"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


SENTENCES = st.lists(
    st.text(alphabet="abcdefgh ", min_size=3, max_size=30).map(lambda s: s.strip().capitalize() + "."),
    min_size=1, max_size=12, unique=True,
).filter(lambda xs: all(len(x) > 2 for x in xs))


@settings(max_examples=200, deadline=None)
@given(SENTENCES, SENTENCES, st.data())
def test_update_never_loses_a_translation(old_sentences: list[str], new_sentences: list[str], data: st.DataObject) -> None:
    old_pot = template("\n\n".join(old_sentences) + "\n")
    old, _ = update_po(None, old_pot, "be", "a")
    for entry in old:
        if data.draw(st.booleans()):
            entry.msgstr = "T:" + entry.msgid
    translations = {e.msgstr for e in old if e.msgstr}
    new, _ = update_po(old, template("\n\n".join(new_sentences) + "\n"), "be", "a")
    surviving = {e.msgstr for e in new if e.msgstr}
    assert translations <= surviving
    again = parse_po_text(format_po(new))
    assert {e.msgstr for e in again if e.msgstr} == surviving


def test_msgcat_leaves_our_catalog_unchanged(tmp_path: Path) -> None:
    po, _ = update_po(None, template(ARTICLE * 3), "be", "a")
    translate_all(po)
    path = tmp_path / "a.po"
    path.write_text(format_po(po), encoding="utf-8")
    msgcat = shutil.which("msgcat")
    assert msgcat, "GNU gettext is required (installed by .ci/run)"
    out = subprocess.run([msgcat, str(path)], capture_output=True, text=True, check=True).stdout
    assert out == path.read_text(encoding="utf-8")


def test_template_view_writes_what_update_po_writes() -> None:
    root = Path(__file__).resolve().parent
    for source in sorted((root / "golden").glob("*/source.md")):
        pot = template(source.read_text(encoding="utf-8"))
        for lang in ("be", "ru"):
            copied, stats = update_po(None, pot, lang, "a")
            shared, view_stats = template_view(pot, lang, "a")
            assert format_po(shared) == format_po(copied)
            assert view_stats == stats


@pytest.mark.parametrize(("msgstr", "flags", "state"), [
    ("", [], "untranslated"),
    ("", ["fuzzy"], "untranslated"),  # GNU tools drop the flag of an empty entry
    ("Прывітанне.", ["fuzzy"], "fuzzy"),
    ("Прывітанне.", ["fuzzy", "python-format"], "fuzzy"),
    ("Прывітанне.", [], "translated"),
    ("Прывітанне.", ["no-wrap"], "translated"),
])
def test_entry_state_is_one_answer_for_both_readers(
    msgstr: str, flags: list[str], state: str
) -> None:
    """The fast reader's Translation and polib's entry get the same review state."""
    full = polib.POEntry(msgid="Hello.", msgstr=msgstr, flags=list(flags))
    fast = Translation(msgstr, tuple(flags))
    assert entry_state(full) == entry_state(fast) == state
    assert is_reviewed(full) == is_reviewed(fast) == (state == "translated")


def test_plural_entry_is_translated_when_every_form_is() -> None:
    entry = polib.POEntry(msgid="day", msgid_plural="days", msgstr_plural={0: "дзень", 1: ""})
    assert entry_state(entry) == "untranslated"
    entry.msgstr_plural[1] = "дні"
    assert entry_state(entry) == "translated"
    entry.flags.append("fuzzy")
    assert entry_state(entry) == "fuzzy" and not is_reviewed(entry)


def test_entry_key_is_context_and_msgid() -> None:
    assert entry_key(polib.POEntry(msgid="May", msgctxt="month")) == ("month", "May")
    assert entry_key(polib.POEntry(msgid="May")) == (None, "May")
