"""Golden cases per Markdown construct: source.md -> expected.pot and expected.be.md.

``expected.be.md`` is rendered with a marker translation ("BE:" before every msgid) so the test
shows where translations land, how placeholders come back and which bytes stay untouched.
Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and
review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest

from trilingual.catalog import build_template
from trilingual.config import Config
from trilingual.po import format_po
from trilingual.render import render_document
from trilingual.source import parse_document

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "source.md").exists())
KEYS = Config().translatable_keys
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _load(case: str):  # type: ignore[no-untyped-def]
    text = (GOLDEN / case / "source.md").read_bytes().decode("utf-8")
    return parse_document(text, f"articles/{case}.md", KEYS)


def _check(path: Path, actual: str) -> None:
    if UPDATE or not path.exists():
        path.write_bytes(actual.encode("utf-8"))
        if not UPDATE:
            pytest.fail(f"golden file {path.name} was missing and has been written; review it")
    assert actual == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("case", CASES)
def test_template_matches_golden(case: str) -> None:
    doc = _load(case)
    pot = build_template(doc, case, created="2024-01-01 00:00+0000")
    _check(GOLDEN / case / "expected.pot", format_po(pot))


@pytest.mark.parametrize("case", CASES)
def test_identity_translation_is_byte_exact(case: str) -> None:
    doc = _load(case)
    entries = {
        (s.msgctxt, s.msgid): polib.POEntry(msgid=s.msgid, msgstr=s.msgid, msgctxt=s.msgctxt)
        for s in doc.segments
    }
    rendered = render_document(doc, entries, "be")
    assert rendered.problems == ()
    assert rendered.text == doc.text


@pytest.mark.parametrize("case", CASES)
def test_marked_translation_matches_golden(case: str) -> None:
    doc = _load(case)
    entries = {
        (s.msgctxt, s.msgid): polib.POEntry(msgid=s.msgid, msgstr="BE:" + s.msgid, msgctxt=s.msgctxt)
        for s in doc.segments
    }
    rendered = render_document(doc, entries, "be")
    assert rendered.problems == ()
    _check(GOLDEN / case / "expected.be.md", rendered.text)


def test_untranslated_and_fuzzy_are_reported_not_used() -> None:
    doc = _load("paragraphs")
    first, second = doc.segments[0], doc.segments[1]
    entries = {
        (None, first.msgid): polib.POEntry(msgid=first.msgid, msgstr="Першы сказ.", flags=["fuzzy"]),
    }
    rendered = render_document(doc, entries, "be")
    states = {(p.msgid, p.state) for p in rendered.problems}
    assert (first.msgid, "fuzzy") in states
    assert (second.msgid, "untranslated") in states
    assert "Першы" not in rendered.text
    used = render_document(doc, entries, "be", use_fuzzy=True)
    assert "Першы сказ." in used.text
    assert (first.msgid, "fuzzy-used") in {(p.msgid, p.state) for p in used.problems}
