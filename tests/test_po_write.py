"""trilingual.po (writer, line breaker, headers): msgcat-identical output, read errors, headers."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trilingual.errors import CatalogError
from trilingual.po import (
    format_po,
    new_catalog,
    parse_po_text,
    read_po,
    write_po,
)
from trilingual.po.linebreak import breaks, breaks_exact

MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
needs_msgcat = pytest.mark.skipif(MSGCAT is None, reason="GNU gettext msgcat not installed")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext msgfmt not installed")


def msgcat(path: Path) -> str:
    assert MSGCAT is not None
    # --force-po: msgcat writes nothing at all for a catalog that holds only its header.
    done = subprocess.run([MSGCAT, "--force-po", str(path)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    assert MSGFMT is not None
    return subprocess.run(
        [MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )


def assert_msgcat_stable(tmp_path: Path, text: str) -> None:
    path = tmp_path / "catalog.po"
    path.write_text(text, encoding="utf-8")
    out = msgcat(path)
    if out != text:  # show the first differing lines, not two walls of text
        got, want = text.splitlines(), out.splitlines()
        for i, (a, b) in enumerate(zip(got, want, strict=False)):
            if a != b:
                pytest.fail(f"line {i + 1}: ours {a!r} != msgcat {b!r}")
        pytest.fail(f"length differs: ours {len(got)} lines, msgcat {len(want)}")


# ----------------------------------------------------------------------------------------------
# Random catalogs: prose in English, Belarusian and Russian, URLs, Markdown, escapes.

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
CYRILLIC = "абвгдеёжзійклмнопрстуўфхцчшщъыьэюяАБВГДЕЁЖЗІЙКЛМНОПРСТУЎФХЦЧШЩЪЫЬЭЮЯ"
PUNCT = " .,;:!?'\"()[]{}<>/\\-_*#%&@=+~`^|$«»—–…“”„’‘№§°\u00a0\u2011\u00ad\u0301"
CONTROL = "\t\n\r"
ALPHABET = LATIN + CYRILLIC + PUNCT + CONTROL
TOKENS = [
    " ",
    "  ",
    "\n",
    "\n\n",
    "https://example.com/news/2024/08/28/trade-china?utm_source=x&id=42#section-3",
    "https://be.wikipedia.org/wiki/Мінск",
    "**strong**",
    "*em*",
    "~~del~~",
    "`code`",
    "[link text]({1})",
    '[text]({2} "title")',
    "![alt]({3})",
    "[text][{4}]",
    "{1}",
    "Прэзідэнт",
    "— ",
    " — ",
    "«цытата»",
    "…",
    "e.g.",
    "1,000.50",
    "x" * 85,
    "Супрацьпастаўленне" * 4,
    "\\n",
    '\\"',
    "\t",
]

texts = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(ALPHABET, min_size=1, max_size=12)),
    max_size=24,
).map("".join)
comment_lines = (
    st.text(LATIN + CYRILLIC + " .,:{}=/-«»—", min_size=1, max_size=90).map(str.strip).filter(bool)
)
references = st.tuples(
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-_/.", min_size=1, max_size=40).map(
        lambda s: "articles/" + s.strip("./") + ".md"
    ),
    st.one_of(st.just(""), st.integers(1, 99999).map(str)),
)


def matching_ends(msgstr: str, msgid: str) -> str:
    """msgfmt -c wants msgstr to begin/end with a newline exactly when msgid does."""
    core = msgstr.strip("\n")
    if not core:
        return ""
    return ("\n" if msgid.startswith("\n") else "") + core + ("\n" if msgid.endswith("\n") else "")


@st.composite
def catalogs(draw: st.DrawFn, *, obsolete_previous: bool = False) -> polib.POFile:
    po = new_catalog("be", "Trilingual test", "2026-01-02 03:04+0000")
    for i in range(draw(st.integers(0, 12))):
        msgid = draw(texts) + f" {i}"
        entry = polib.POEntry(msgid=msgid, msgstr=matching_ends(draw(texts), msgid))
        if draw(st.booleans()):
            entry.msgctxt = draw(texts)
        if draw(st.integers(0, 5)) == 0:  # plural: Belarusian has three forms
            entry.msgid_plural = matching_ends(draw(texts) + f" {i}", msgid)
            forms = [matching_ends(draw(texts), msgid) for _ in range(3)]
            if not all(forms):
                forms = ["", "", ""]
            entry.msgstr_plural = dict(enumerate(forms))
            entry.msgstr = ""
        if draw(st.integers(0, 3)) == 0:
            entry.flags.append("fuzzy")
        if draw(st.integers(0, 7)) == 0:
            entry.flags.append("no-wrap")
        if draw(st.integers(0, 3)) == 0:
            entry.previous_msgid = draw(texts)
            if draw(st.booleans()):
                entry.previous_msgctxt = draw(texts)
        if draw(st.booleans()):
            entry.comment = "\n".join(draw(st.lists(comment_lines, min_size=1, max_size=3)))
        if draw(st.integers(0, 3)) == 0:
            entry.tcomment = "\n".join(draw(st.lists(comment_lines, min_size=1, max_size=2)))
        if draw(st.booleans()):
            entry.occurrences = draw(st.lists(references, min_size=1, max_size=8))
        if draw(st.integers(0, 5)) == 0:
            entry.obsolete = True
            if not obsolete_previous:
                entry.previous_msgid = entry.previous_msgctxt = None
        po.append(entry)
    return po


PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@needs_msgcat
@PROPERTY
@given(catalogs(obsolete_previous=True))
def test_format_po_is_what_msgcat_writes(tmp_path: Path, po: polib.POFile) -> None:
    assert_msgcat_stable(tmp_path, format_po(po))


@settings(PROPERTY, max_examples=100)
@given(catalogs())
def test_read_format_round_trip_is_stable(po: polib.POFile) -> None:
    text = format_po(po)
    again = format_po(parse_po_text(text, "x.po"))
    assert again == text
    assert format_po(parse_po_text(again, "x.po")) == again


@needs_msgfmt
@settings(PROPERTY, max_examples=100)
@given(catalogs())
def test_msgfmt_check_accepts_po_files(tmp_path: Path, po: polib.POFile) -> None:
    path = tmp_path / "be.po"
    write_po(path, po)
    done = msgfmt_check(path)
    assert done.returncode == 0, done.stderr


def seeded_catalog(seed: int, size: int = 200) -> polib.POFile:
    """Bigger catalogs than hypothesis draws: long paragraphs, every kind of comment."""
    rng = random.Random(seed)

    def text(words: int) -> str:
        out = []
        for _ in range(rng.randint(0, words)):
            roll = rng.random()
            if roll < 0.55:
                out.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12))))
            elif roll < 0.8:
                out.append(rng.choice(TOKENS))
            else:
                out.append(" ")
        return "".join(out)

    po = new_catalog("ru", "Seeded", "2026-01-02 03:04+0000")
    for i in range(size):
        msgid = f"{text(60)} {i}"
        msgstr = matching_ends(text(60), msgid) if rng.random() < 0.7 else ""
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
        if rng.random() < 0.3:
            entry.msgctxt = text(5)
        if rng.random() < 0.3:
            entry.flags.append("fuzzy")
            entry.previous_msgid = text(40)
        if rng.random() < 0.5:
            entry.comment = "paragraph\n{1} = https://example.org/" + "a" * rng.randint(0, 90)
        if rng.random() < 0.5:
            entry.occurrences = [
                (f"articles/{'s' * rng.randint(1, 40)}.md", str(rng.randint(1, 9999)))
                for _ in range(rng.randint(1, 9))
            ]
        entry.obsolete = rng.random() < 0.1
        po.append(entry)
    return po


@needs_msgcat
@pytest.mark.parametrize("seed", range(10))
def test_seeded_catalogs_match_msgcat(tmp_path: Path, seed: int) -> None:
    assert_msgcat_stable(tmp_path, format_po(seeded_catalog(seed)))


@settings(max_examples=300, deadline=None)
@given(st.text(LATIN + CYRILLIC + PUNCT.replace("\u0301", "") + "\\", max_size=300))
def test_fast_line_breaking_agrees_with_the_exact_path(text: str) -> None:
    for startcol in (0, 6, 13):
        assert breaks(text, startcol, 77, False) == breaks_exact(text, startcol, 77, False)


@settings(max_examples=300, deadline=None)
@given(st.text(LATIN + CYRILLIC + PUNCT.replace("\u0301", "") + "\\", max_size=300),
       st.integers(1, 3), st.booleans())
def test_trailing_zero_width_spaces_agree_with_the_exact_path(
    text: str, count: int, space: bool
) -> None:
    text = text + " " * space + "\u200b" * count
    for startcol in (0, 6, 13):
        assert breaks(text, startcol, 77, False) == breaks_exact(text, startcol, 77, False)


# ----------------------------------------------------------------------------------------------
# Golden output


def entry_text(**fields: object) -> str:
    po = polib.POFile()
    po.append(polib.POEntry(**fields))
    return format_po(po)


def test_short_string_stays_on_one_line() -> None:
    assert entry_text(msgid="Hello", msgstr="Прывітанне") == 'msgid "Hello"\nmsgstr "Прывітанне"\n'


def test_inner_newline_uses_the_empty_first_line() -> None:
    assert entry_text(msgid="a\nb", msgstr="") == 'msgid ""\n"a\\n"\n"b"\nmsgstr ""\n'
    assert entry_text(msgid="a\n", msgstr="") == 'msgid "a\\n"\nmsgstr ""\n'


def test_escapes() -> None:
    assert entry_text(msgid='q"b\\t\tr\r', msgstr="") == 'msgid "q\\"b\\\\t\\tr\\r"\nmsgstr ""\n'


def test_long_string_wraps_after_spaces_at_79_columns() -> None:
    msgid = " ".join(["word"] * 40)
    lines = entry_text(msgid=msgid, msgstr="").splitlines()
    assert lines[0] == 'msgid ""'
    assert all(len(line) <= 79 for line in lines)
    assert lines[1] == '"' + "word " * 15 + '"'


def test_fuzzy_is_dropped_on_untranslated_entries_like_msgcat() -> None:
    assert "fuzzy" not in entry_text(msgid="a", msgstr="", flags=["fuzzy"])
    assert entry_text(msgid="a", msgstr="b", flags=["fuzzy"]).startswith("#, fuzzy\n")


def test_comment_order_and_previous() -> None:
    text = entry_text(
        msgid="new",
        msgstr="x",
        msgctxt="title",
        tcomment="translator",
        comment="paragraph",
        occurrences=[("articles/a.md", "3")],
        flags=["fuzzy"],
        previous_msgid="old",
    )
    assert text == (
        '# translator\n#. paragraph\n#: articles/a.md:3\n#, fuzzy\n#| msgid "old"\n'
        'msgctxt "title"\nmsgid "new"\nmsgstr "x"\n'
    )


@needs_msgcat
def test_obsolete_entries_go_last_with_previous(tmp_path: Path) -> None:
    po = new_catalog("be", "T", "2026-01-02 03:04+0000")
    po.append(polib.POEntry(msgid="gone", msgstr="было", obsolete=True, previous_msgid="went"))
    po.append(polib.POEntry(msgid="dropped", msgstr="", obsolete=True))
    po.append(polib.POEntry(msgid="live", msgstr="жыве"))
    text = format_po(po)
    assert text.endswith(
        '\n\nmsgid "live"\nmsgstr "жыве"\n\n#~| msgid "went"\n#~ msgid "gone"\n#~ msgstr "было"\n'
    )
    assert "dropped" not in text
    assert_msgcat_stable(tmp_path, text)


@needs_msgcat
def test_references_wrap_like_gnu(tmp_path: Path) -> None:
    po = new_catalog("be", "T", "2026-01-02 03:04+0000")
    refs = [(f"./articles/article-number-{i}.md", str(i * 7)) for i in range(12)]
    po.append(polib.POEntry(msgid="x", msgstr="y", occurrences=refs + refs[:2]))
    text = format_po(po)
    assert "./" not in text and text.count("article-number-0.md") == 1
    assert_msgcat_stable(tmp_path, text)


def test_write_po_skips_unchanged_files(tmp_path: Path) -> None:
    path = tmp_path / "locales" / "be.po"
    po = new_catalog("be", "T", "2026-01-02 03:04+0000")
    assert write_po(path, po) is True
    assert write_po(path, po) is False
    po.append(polib.POEntry(msgid="a", msgstr="b"))
    assert write_po(path, po) is True
    assert read_po(path).find("a") is not None


# ----------------------------------------------------------------------------------------------
# Headers


@needs_msgfmt
def test_new_po_catalog_passes_msgfmt_check(tmp_path: Path) -> None:
    for lang in ("be", "ru", "en"):
        po = new_catalog(lang, "Trilingual")
        forms = int(po.metadata["Plural-Forms"].split(";")[0].split("=")[1])
        plural = {i: f"form {i}" for i in range(forms)}
        po.append(polib.POEntry(msgid="One", msgid_plural="Many", msgstr_plural=plural))
        path = tmp_path / f"{lang}.po"
        write_po(path, po)
        done = msgfmt_check(path)
        assert done.returncode == 0 and "warning" not in done.stderr, done.stderr
        assert po.metadata["Language"] == lang
        assert po.metadata["Plural-Forms"].startswith("nplurals=")


def test_new_pot_keeps_template_conventions() -> None:
    text = format_po(new_catalog(None, "Trilingual"))
    assert text.splitlines()[0:2] == ["#, fuzzy", 'msgid ""']
    assert '"POT-Creation-Date: YEAR-MO-DA HO:MI+ZONE\\n"' in text
    assert '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"' in text
    assert '"Language: \\n"' in text and "Plural-Forms" not in text
    assert parse_po_text(text).metadata_is_fuzzy


# ----------------------------------------------------------------------------------------------
# Read errors


def read_bytes_as_po(tmp_path: Path, data: bytes) -> polib.POFile:
    path = tmp_path / "bad.po"  # conftest leaves files named bad* out of its msgfmt check
    path.write_bytes(data)
    return read_po(path, "locales/be/LC_MESSAGES/a.po")


GOOD = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            GOOD + b'<<<<<<< HEAD\nmsgid "c"\nmsgstr "d"\n=======\n>>>>>>> theirs\n',
            "locales/be/LC_MESSAGES/a.po:6: merge conflict markers; resolve the conflict first",
        ),
        (GOOD + b"garbage\n", "locales/be/LC_MESSAGES/a.po:6: PO syntax error"),
        (GOOD + b'msgid "c\nmsgstr "d"\n', "locales/be/LC_MESSAGES/a.po:6: PO syntax error"),
        (GOOD.replace(b'"b"', b'"\xd0"'), "locales/be/LC_MESSAGES/a.po:5: invalid UTF-8"),
        (
            GOOD + b'\nmsgid "a"\nmsgstr "c"\n',
            "locales/be/LC_MESSAGES/a.po:7: duplicate message definition 'a'",
        ),
    ],
)
def test_read_errors_are_one_line_with_the_line(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(CatalogError) as raised:
        read_bytes_as_po(tmp_path, data)
    assert str(raised.value) == message
    assert raised.value.exit_code == 5


def test_polib_syntax_errors_keep_their_line(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as raised:
        read_bytes_as_po(tmp_path, GOOD + b'msgid "x" "y"\nmsgstr ""\n')
    assert raised.value.line == 6
    assert "\n" not in str(raised.value)


def test_same_msgid_in_other_context_is_no_duplicate(tmp_path: Path) -> None:
    po = read_bytes_as_po(tmp_path, GOOD + b'\nmsgctxt "title"\nmsgid "a"\nmsgstr "c"\n')
    assert [e.msgctxt for e in po] == [None, "title"]


def test_bom_is_accepted(tmp_path: Path) -> None:
    po = read_bytes_as_po(tmp_path, b"\xef\xbb\xbf" + GOOD)
    assert [e.msgstr for e in po] == ["b"]
    assert not format_po(po).startswith("\ufeff")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="catalog not found"):
        read_po(tmp_path / "none.po")


def test_reading_keeps_previous_flags_comments_and_obsolete() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "# translator\n#. paragraph\n#: articles/a.md:3\n#, fuzzy\n"
        '#| msgctxt "old ctx"\n#| msgid "old"\nmsgctxt "title"\nmsgid "new"\nmsgstr "x"\n\n'
        '#~ msgid "gone"\n#~ msgstr "было"\n'
    )
    po = parse_po_text(text, "x.po")
    assert format_po(po) == text
    entry = po.find("new", msgctxt="title")
    assert entry is not None
    assert (entry.previous_msgid, entry.previous_msgctxt, entry.flags) == (
        "old",
        "old ctx",
        ["fuzzy"],
    )
    assert [e.msgid for e in po.obsolete_entries()] == ["gone"]


def test_unicode_line_separators_inside_strings_survive_reading() -> None:
    po = new_catalog("be", "T", "2026-01-02 03:04+0000")
    odd = "a\u2028b\u2029c\u0085d\x1ce\x1df\x1eg"
    po.append(polib.POEntry(msgid=odd, msgstr=odd))
    back = parse_po_text(format_po(po), "x.po")
    assert [(e.msgid, e.msgstr) for e in back] == [(odd, odd)]


def test_second_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"a\.po:7: duplicate header entry"):
        read_bytes_as_po(tmp_path, GOOD + b'\nmsgid ""\nmsgstr "X: y\\n"\n')


def test_bad_plural_forms_header_is_refused() -> None:
    text = format_po(new_catalog("be", "T", "2026-01-02 03:04+0000"))
    assert "nplurals=3; plural=n % 10 == 1 &&" in text  # Babel's CLDR rule for be
    broken = text.replace("nplurals=3;", "nplurals=three;")
    with pytest.raises(CatalogError, match=r"x\.po:14: invalid Plural-Forms header"):
        parse_po_text(broken, "x.po")
    with pytest.raises(CatalogError, match="invalid plural expression"):
        parse_po_text(text.replace("plural=n % 10 == 1 &&", "plural=n % 10 == 1 >> &&"), "x.po")
    assert parse_po_text(text).metadata["Plural-Forms"].startswith("nplurals=3")
