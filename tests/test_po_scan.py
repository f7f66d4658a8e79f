"""The fast PO reader (``trilingual.po.scan``) builds exactly what polib's parser builds.

Differential tests: on every catalog of the sample project and the golden cases, on catalogs we
write (with previous msgids, obsolete entries, plurals, odd strings), and on a hypothesis soup
of PO lines, ``fast_parse`` either gives up (``None``: polib parses) or returns objects equal,
attribute by attribute, to polib's. Our own catalogs must always take the fast path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_fuzz import FUZZ, PO_LINE

from trilingual.errors import CatalogError
from trilingual.po import format_po, parse_po_text, refuse_conflict_markers, translations_from_text
from trilingual.po.entry_scan import scan_entries, scan_translations
from trilingual.po.read import first_bad_line
from trilingual.po.scan import (
    MissingMsgstr,
    fast_parse,
    missing_msgstr,
    new_entry,
)

ROOT = Path(__file__).resolve().parent.parent


def polib_parse(lines: list[str]) -> polib.POFile:
    parser: polib._POFileParser[polib.POFile] = polib._POFileParser(
        "\n", encoding="utf-8", klass=polib.POFile
    )
    parser.fhandle = lines  # type: ignore[assignment]
    return parser.parse()


def snapshot(po: polib.POFile) -> dict[str, Any]:
    return {
        "header": po.header,
        "metadata": list(po.metadata.items()),
        "fuzzy": po.metadata_is_fuzzy,
        "fpath": po.fpath,
        "encoding": po.encoding,
        "wrapwidth": po.wrapwidth,
        "entries": [dict(vars(e)) for e in po],
    }


def rendering_view(table: dict[Any, Any]) -> dict[Any, tuple[str, bool]]:
    return {key: (e.msgstr, "fuzzy" in e.flags) for key, e in table.items()}


def same_translations(text: str) -> bool:
    """The scan for rendering gives what the full reader gives (or the same error); ``True``
    when the scan, not the full reader, did the work."""
    try:
        full = parse_po_text(text, "x.po")
    except CatalogError as error:
        with pytest.raises(CatalogError) as raised:
            translations_from_text(text, "x.po")
        assert str(raised.value) == str(error), text
        return False
    expected = {(e.msgctxt, e.msgid): (e.msgstr, "fuzzy" in e.flags) for e in full
                if not e.obsolete}
    assert rendering_view(translations_from_text(text, "x.po")) == expected, text
    return scan_translations(text) is not None


def same_as_polib(text: str) -> polib.POFile | None:
    same_translations(text)
    lines = text.split("\n")
    try:
        fast = fast_parse(lines)
    except MissingMsgstr as missing:  # refused on purpose: polib would keep msgstr ""
        assert missing_msgstr(lines) == missing.line, text
        return None
    by_entry = scan_entries(text)
    if by_entry is not None:
        assert fast is not None and snapshot(by_entry) == snapshot(fast), text
        _BY_ENTRY.append(len(by_entry))
    if fast is None:
        return None
    try:
        slow = polib_parse(lines)
    except OSError as error:  # pragma: no cover - a difference is a bug of the fast path
        pytest.fail(f"fast path accepted what polib refuses ({error}):\n{text}")
    if "\\a" in text:  # polib reads \a as backslash + a; we read BEL, as GNU does
        slow_lines = [  # in strings only: comments keep their text as written
            re.sub(r"\\(.)", lambda m: "\a" if m[1] == "a" else m[0], line)
            if not line.startswith("#") or line.startswith(("#~ ", "#| ", "#~| ")) else line
            for line in lines
        ]
        slow = polib_parse(slow_lines)
    assert snapshot(fast) == snapshot(slow), text
    # what the fast path accepts passes the checks it lets parse_po_text skip
    assert first_bad_line(text) is None, text
    refuse_conflict_markers(text, "x.po")  # raises CatalogError on a conflict marker line
    return fast


_BY_ENTRY: list[int] = []  # entries the per-entry scan read, one item per catalog


def project_catalogs() -> list[Path]:
    found = sorted((ROOT / "locales").rglob("*.po")) + sorted((ROOT / "locales").rglob("*.pot"))
    found += sorted((ROOT / "tests" / "golden").rglob("*.pot"))
    return found


@pytest.mark.parametrize("path", project_catalogs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_project_catalogs_take_the_fast_path(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert same_as_polib(text) is not None
    assert scan_entries(text) is not None  # one expression per entry reads them
    assert same_translations(text)  # and rendering scans them without building entries


def test_written_catalog_with_every_kind_of_entry() -> None:
    po = polib.POFile()
    po.header = "Translations of x\nSecond line"
    po.metadata = {"Project-Id-Version": "x", "Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=3; plural=(n%10==1 ? 0 : 1);"}
    po.metadata_is_fuzzy = ["fuzzy"]
    long = "A sentence long enough to wrap " * 5 + "«Мінск» ў і ’ \\ \"q\" \t tab"
    po.append(polib.POEntry(msgid=long, msgstr=long.upper(), comment="paragraph\n{1} = url",
                            tcomment="machine: deepl 2026-12-01\n\nsecond", flags=["fuzzy"],
                            occurrences=[("articles/a.md", "3"), ("articles/a.md", "9")],
                            previous_msgid="old " + long, previous_msgctxt="ctx"))
    po.append(polib.POEntry(msgid="Line\nbreaks\n", msgstr="Радок\n", msgctxt="title"))
    po.append(polib.POEntry(msgid="one", msgid_plural="many",
                            msgstr_plural={0: "адзін", 1: "два", 2: "шмат"}))
    po.append(polib.POEntry(msgid="gone", msgstr="няма", obsolete=True, flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="empty", msgstr=""))
    text = format_po(po)
    parsed = same_as_polib(text)
    assert parsed is not None
    assert same_translations(text)
    assert [e.msgid for e in parsed] == [long, "Line\nbreaks\n", "one", "empty", "gone"]
    assert parsed[0].previous_msgid == "old " + long
    assert parsed.header == po.header


@pytest.mark.parametrize("text", [
    "",
    "\n\n",
    "# only a comment\n",
    '#\n# second\nmsgid ""\nmsgstr "X: y\\n"\n',
    'msgid "a"\nmsgstr "b"\n# trailing comment\n',
    'msgid "a"\nmsgstr "b"\n#~ msgid "c"\n#~ msgstr "d"\n',
    'msgid "a"\nmsgstr "b"\n\n#~| msgid "old"\n#~ msgid "c"\n#~ msgstr "d"\n',
    '#| msgid "p"\n#| "q"\nmsgid "a"\nmsgstr[0] "b"\nmsgstr[1] "c"\n"d"\n',
    'msgid ""\nmsgstr ""\n"A: 1\\n"\n"continued line\\n"\n"B:2\\n"\n',
    '#: a.md:1 b.md c:d:5 e:x\nmsgid "a"\nmsgstr ""\n',
    '#.\n#:\n#,\nmsgid "a"\nmsgstr ""\n',
])
def test_small_cases(text: str) -> None:
    assert same_as_polib(text) is not None  # the fast path takes each, and agrees with polib


@settings(FUZZ, max_examples=1500)
@given(st.lists(PO_LINE, max_size=25))
def test_soup_of_po_lines(lines: list[str]) -> None:
    same_as_polib("\n".join(lines) + "\n")


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"),
               max_size=12)


@st.composite
def entry_text(draw: st.DrawFn) -> str:
    """One well-formed entry in a layout GNU tools or editors may write."""
    obsolete = draw(st.booleans()) and draw(st.booleans())
    out: list[str] = []
    for _ in range(draw(st.integers(0, 2))):
        comment = draw(TEXT).strip()
        out.append(f"# {comment}" if comment else "#")
    if draw(st.booleans()):
        out.append("#. " + (draw(TEXT).strip() or "x"))
    if draw(st.booleans()):
        out.append("#: " + draw(st.sampled_from(["a.md:1", "a.md:2 b.md:30", "c:d:5 e"])))
    if draw(st.booleans()):
        out.append("#, " + draw(st.sampled_from(["fuzzy", "fuzzy, python-format", "no-wrap"])))
    prefix = "#~ " if obsolete else ""
    if not obsolete and draw(st.booleans()):
        out.append("#| msgid " + quoted(draw(TEXT)))
        if draw(st.booleans()):
            out.append("#| " + quoted(draw(TEXT)))

    def string(keyword: str) -> None:
        parts = draw(st.lists(TEXT, min_size=1, max_size=3))
        if keyword == "msgid" and not "".join(parts):
            parts = ["x"]  # an empty msgid is the header
        if len(parts) == 1:
            out.append(f"{prefix}{keyword} {quoted(parts[0])}")
        else:
            out.append(f'{prefix}{keyword} ""')
            out.extend(f"{prefix}{quoted(p)}" for p in parts)

    if draw(st.booleans()):
        string("msgctxt")
    string("msgid")
    if not obsolete and draw(st.booleans()):
        string("msgid_plural")
        for i in range(draw(st.integers(1, 3))):
            string(f"msgstr[{i}]")
    else:
        string("msgstr")
    return "\n".join(out)


@settings(FUZZ, max_examples=800)
@given(st.lists(entry_text(), max_size=8), st.booleans())
def test_well_formed_catalogs_take_the_fast_path(entries: list[str], header: bool) -> None:
    head = ['# Title', '#, fuzzy', 'msgid ""', 'msgstr ""', '"Language: be\\n"'] if header else []
    text = "\n\n".join(["\n".join(head)] * header + entries) + "\n"
    assert same_as_polib(text) is not None, text


def test_entry_scan_ran_on_many_catalogs() -> None:
    """The differential checks above compared the per-entry scan on real numbers of cases."""
    if len(_BY_ENTRY) < 500:
        _BY_ENTRY.clear()
        test_well_formed_catalogs_take_the_fast_path()
    assert len(_BY_ENTRY) >= 500 and sum(_BY_ENTRY) >= 1500


def test_new_entry_is_a_polib_entry() -> None:
    fields = {"msgid": "a", "msgstr": "б", "msgctxt": "c", "comment": "x",
              "occurrences": [("a.md", "1")]}
    assert vars(new_entry(**fields)) == vars(polib.POEntry(**fields))
    assert vars(new_entry()) == vars(polib.POEntry())
    one, two = new_entry(), new_entry()
    one.flags.append("fuzzy")
    one.msgstr_plural[0] = "x"
    assert two.flags == [] and two.msgstr_plural == {}  # no shared defaults


def test_bel_escape_reads_as_gnu_does() -> None:
    po = polib.POFile()
    po.append(polib.POEntry(msgid="ring \a bell \\a", msgstr="звон \a"))
    text = format_po(po)
    assert 'msgid "ring \\a bell \\\\a"' in text
    again = fast_parse(text.split("\n"))
    assert again is not None and again[0].msgid == "ring \a bell \\a"
    assert format_po(again) == text


@pytest.mark.parametrize(("text", "line"), [
    ('msgid "a"\n', 1),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n# comment\nmsgid "d"\nmsgstr ""\n', 4),
    ('msgid "a"\nmsgid_plural "as"\n', 1),
    ('msgid "a"\nmsgstr ""\n#~ msgid "old"\n', 3),
    ('msgctxt "x"\nmsgid "a"\n\nmsgctxt "y"\nmsgid "b"\nmsgstr ""\n', 2),
    ('msgid "a"\n# comment between\nmsgstr "b"\n', 1),
])
def test_msgid_without_msgstr_is_refused(text: str, line: int) -> None:
    """GNU msgfmt refuses these; polib would keep an empty msgstr (or lose the entry)."""
    from trilingual.errors import CatalogError
    from trilingual.po import parse_po_text

    assert missing_msgstr(text.split("\n")) == line
    with pytest.raises(CatalogError, match=rf"x\.po:{line}: msgid without msgstr"):
        parse_po_text(text, "x.po")
    # the polib path (a CRLF file leaves the fast path) finds the same line
    with pytest.raises(CatalogError, match=rf"x\.po:{line}: msgid without msgstr"):
        parse_po_text(text.replace("\n", "\r\n"), "x.po")


@pytest.mark.parametrize("text", [
    'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',  # duplicate
    'msgid ""\nmsgstr "X: y\\n"\n\nmsgid ""\nmsgstr "Z: w\\n"\n',  # second header
    'msgid ""\nmsgstr "Plural-Forms: nplurals=x;\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=KOI8-R\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    '#~ msgid ""\n#~ msgstr "X: y\\n"\n\nmsgid "a"\nmsgstr "b"\n',  # obsolete header
    'msgctxt "c"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "c"\nmsgid "a"\nmsgstr "d"\n',
    '#, fuzzy\nmsgid "a"\nmsgstr "b"\n\n#, no-wrap, fuzzy\nmsgid "c"\nmsgstr "d"\n',
    '#, fuzzyish\nmsgid "a"\nmsgstr "b"\n',
    'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\n',
    '#~ msgid "a"\n#~ msgid_plural "as"\n#~ msgstr[0] "b"\n',
    'msgid "a"\nmsgstr "b"\n\n\n\nmsgid "c"\nmsgstr "d"\n',  # blank lines between entries
    'msgid "a"\nmsgstr "b\x00"\n',  # a NUL: the full reader's error
    'msgid "a"\nmsgstr "b" \n',
    'msgid "a"\n#~ msgstr "b"\n',
    '\ufeffmsgid "a"\nmsgstr "b"\n',
])
def test_rendering_scan_agrees_with_the_full_reader(text: str) -> None:
    same_translations(text)


def test_rendering_scan_takes_msgcat_layouts() -> None:
    text = ('# Title\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: be\\n"\n\n'
            '#. paragraph\n#: a.md:1\n#, fuzzy\n#| msgid "old"\nmsgid ""\n"long "\n"one"\n'
            'msgstr "доўгі"\n\n#~| msgid "x"\n#~ msgid "gone"\n#~ msgstr "няма"\n')
    assert same_translations(text)
    assert rendering_view(translations_from_text(text)) == {(None, "long one"): ("доўгі", True)}
