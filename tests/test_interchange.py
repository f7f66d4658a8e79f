"""TMX, TBX, XLIFF and DeepL CSV: exports read back by Translate Toolkit's storages, exact
round trips on the sample project, imports that verify and refuse, and the memory engine using
an external TMX after the project's own catalogs."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from translate.storage import tbx as tt_tbx
from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff

from trilingual.cli import main
from trilingual.config import parse_config
from trilingual.glossary import GLOSSARY_NAME, load_glossary, parse_glossary
from trilingual.interchange.configedit import add_list_item
from trilingual.interchange.glossfile import format_glossary
from trilingual.interchange.inline import (
    TOKEN_RE,
    Code,
    native_of,
    next_token,
    number_codes,
    parse_inline,
    to_native,
)
from trilingual.interchange.inline import to_xliff as inline_xliff
from trilingual.interchange.tbx import format_tbx, parse_tbx

REPO = Path(__file__).resolve().parent.parent
XLIFF_NS = "{urn:oasis:names:tc:xliff:document:1.2}"


def _sample(root: Path, *, locales: bool = True) -> Path:
    root.mkdir(parents=True)
    for name in ("trilingual.yaml", "glossary.yaml", "articles", *(("locales",) if locales else ())):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    return root


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".trilingual" not in p.parts}


def _reviewed(root: Path, lang: str) -> dict[tuple[str, str | None, str], str]:
    out = {}
    for po_path in sorted((root / "locales" / lang / "LC_MESSAGES").glob("*.po")):
        for e in polib.pofile(str(po_path)):
            if e.msgstr and "fuzzy" not in e.flags and not e.obsolete:
                out[(po_path.stem, e.msgctxt, e.msgid)] = e.msgstr
    return out


# TMX ---------------------------------------------------------------------------------------


def test_tmx_export_is_read_by_translate_toolkit(tmp_path: Path) -> None:
    root = _sample(tmp_path / "p")
    before = _snapshot(root)
    out = tmp_path / "memory.be.tmx"
    assert main(["-C", str(root), "tm", "export", "--lang", "be", "-o", str(out)]) == 0
    store = tt_tmx.tmxfile.parsefile(str(out))
    reviewed = _reviewed(root, "be")
    expected = {(ctxt, msgid): text for (_slug, ctxt, msgid), text in reversed(reviewed.items())}
    pairs = {(u.source, u.target) for u in store.units}
    assert len(store.units) == len(expected) > 200
    assert pairs == {(msgid, text) for (_c, msgid), text in expected.items()}
    assert _snapshot(root) == before  # an export writes nothing in the project


def test_tmx_export_holds_both_languages_dates_and_articles(tmp_path: Path) -> None:
    root = _sample(tmp_path / "p")
    out = tmp_path / "memory.tmx"
    assert main(["-C", str(root), "tm", "export", "-o", str(out)]) == 0
    store = tt_tmx.tmxfile.parsefile(str(out))
    tree = etree.parse(str(out))
    tus = tree.findall("body/tu")
    assert len(tus) == len(store.units)
    ru = _reviewed(root, "ru")
    both = 0
    for unit, tu in zip(store.units, tus, strict=True):
        langs = [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tu.findall("tuv")]
        assert langs[0] == "en" and set(langs) <= {"en", "be", "ru"}
        assert tu.get("creationdate", "").startswith("2026")
        articles = [p.text for p in tu.findall("prop") if p.get("type") == "x-trilingual-article"]
        assert articles and all((root / "articles" / f"{a}.md").exists() for a in articles)
        if len(langs) == 3:
            both += 1
            node = unit.getlanguageNode(lang="ru")
            ctxt = next((p.text for p in tu.findall("prop") if p.get("type") == "x-trilingual-context"), None)
            assert unit.getNodeText(node) == ru[(articles[0], ctxt, unit.source)]
    assert both == len(tus)  # the sample is fully translated in both languages


def test_tmx_into_a_fresh_project_fills_the_same_sentences(tmp_path: Path) -> None:
    source = _sample(tmp_path / "a")
    out = tmp_path / "a.tmx"
    assert main(["-C", str(source), "tm", "export", "-o", str(out)]) == 0
    fresh = _sample(tmp_path / "b", locales=False)
    assert main(["-C", str(fresh), "extract"]) == 0
    catalogs = {p: p.read_bytes() for p in (fresh / "locales").rglob("*.po")}
    config_before = (fresh / "trilingual.yaml").read_text(encoding="utf-8")
    assert main(["-C", str(fresh), "tm", "import", str(out)]) == 0
    # the import stores the file and lists it; catalogs are untouched
    assert (fresh / "tm" / "a.tmx").read_bytes() == out.read_bytes()
    assert {p: p.read_bytes() for p in (fresh / "locales").rglob("*.po")} == catalogs
    config = (fresh / "trilingual.yaml").read_text(encoding="utf-8")
    assert config.replace("    tmx: [tm/a.tmx]\n", "") == config_before
    assert main(["-C", str(fresh), "tm", "import", str(out)]) == 0  # again: nothing changes
    assert (fresh / "trilingual.yaml").read_text(encoding="utf-8") == config
    assert main(["-C", str(fresh), "translate", "--engine", "memory"]) == 0
    for lang in ("be", "ru"):
        want = _reviewed(source, lang)
        got = {}
        for po_path in sorted((fresh / "locales" / lang / "LC_MESSAGES").glob("*.po")):
            for e in polib.pofile(str(po_path)):
                if e.msgstr:
                    assert "fuzzy" in e.flags and "origin=tm/a.tmx" in e.tcomment, e.msgid
                    got[(po_path.stem, e.msgctxt, e.msgid)] = e.msgstr
        assert got == want and len(got) > 200


def _po(path: Path, lang: str, entries: list[tuple[str, str, bool]]) -> None:
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "x", "PO-Revision-Date": "2026-11-22 05:59+0000",
        "Language": lang, "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    }
    for msgid, msgstr, fuzzy in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else []))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def test_memory_prefers_the_project_and_never_reviews_external_matches(project_dir: Path, tmp_path: Path) -> None:
    (project_dir / "articles" / "a.md").write_text(
        "---\ntitle: A\ndate: 2024-08-28\n---\n\nThe port is open. The rail is slow. The sea is calm today.\n",
        encoding="utf-8",
    )
    assert main(["-C", str(project_dir), "extract"]) == 0
    # the project's own memory: another article, reviewed
    _po(project_dir / "locales" / "be" / "LC_MESSAGES" / "b.po", "be", [("The port is open.", "Порт адкрыты.", False)])
    (project_dir / "articles" / "b.md").write_text("---\ntitle: B\ndate: 2024-08-28\n---\n\nThe port is open.\n", encoding="utf-8")
    tmx = tmp_path / "freelancer memory.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US" '
        'creationtool="x" creationtoolversion="1" datatype="plaintext" segtype="sentence" '
        'adminlang="en" o-tmf="x"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>The port is open.</seg></tuv><tuv xml:lang="be-BY"><seg>ЧУЖОЕ</seg></tuv></tu>'
        '<tu><tuv xml:lang="EN"><seg>The rail is slow.</seg></tuv><tuv xml:lang="be"><seg>Чыгунка <bpt i="1">&lt;b&gt;</bpt>павольная<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>'
        '<tu><tuv xml:lang="en"><seg>The sea is calm.</seg></tuv><tuv xml:lang="be"><seg>Мора спакойнае.</seg></tuv></tu>'
        "</body></tmx>\n", encoding="utf-8")
    assert main(["-C", str(project_dir), "tm", "import", str(tmx)]) == 0
    config = (project_dir / "trilingual.yaml").read_text(encoding="utf-8")
    config = config.replace("accept_exact: false", "accept_exact: true")
    (project_dir / "trilingual.yaml").write_text(config, encoding="utf-8")
    assert main(["-C", str(project_dir), "translate", "--engine", "memory", "--lang", "be", "--article", "a"]) == 0
    entries = {e.msgid: e for e in polib.pofile(str(project_dir / "locales/be/LC_MESSAGES/a.po"))}
    port, rail, sea = entries["The port is open."], entries["The rail is slow."], entries["The sea is calm today."]
    assert port.msgstr == "Порт адкрыты." and "origin=" not in port.tcomment
    assert rail.msgstr == "Чыгунка павольная." and "fuzzy" in rail.flags  # exact, yet external
    assert "score=100" in rail.tcomment and "origin=tm/freelancer-memory.tmx" in rail.tcomment
    assert sea.msgstr == "Мора спакойнае." and "fuzzy" in sea.flags
    assert "origin=tm/freelancer-memory.tmx" in sea.tcomment and "score=100" not in sea.tcomment


def test_tm_import_refuses_what_is_not_a_memory(project_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(project_dir)
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>\n<tuv xml:lang='en'><seg>x</seg></tuv>\n</body></tmx>", encoding="utf-8")
    assert main(["-C", str(project_dir), "tm", "import", str(bad)]) == 5
    assert f"{bad}:" in capsys.readouterr().err
    german = tmp_path / "de.tmx"
    german.write_text('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>x</seg></tuv>'
                      '<tuv xml:lang="de"><seg>y</seg></tuv></tu></body></tmx>', encoding="utf-8")
    assert main(["-C", str(project_dir), "tm", "import", str(german)]) == 5
    assert "no translation unit from 'en' into be or ru" in capsys.readouterr().err
    assert _snapshot(project_dir) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("translate:\n  memory:\n    threshold: 75  # keep\n  deepl: {}\n",
         "translate:\n  memory:\n    threshold: 75  # keep\n    tmx: [tm/x.tmx]\n  deepl: {}\n"),
        ("translate:\n  memory:\n    tmx: [tm/a.tmx]   # ours\n",
         "translate:\n  memory:\n    tmx: [tm/a.tmx, tm/x.tmx]   # ours\n"),
        ("translate:\n  memory:\n    tmx:\n      - tm/a.tmx\ncheck: {}\n",
         "translate:\n  memory:\n    tmx:\n      - tm/a.tmx\n      - tm/x.tmx\ncheck: {}\n"),
        ("translate:\n  engines: [memory]\n", "translate:\n  engines: [memory]\n  memory:\n    tmx: [tm/x.tmx]\n"),
        ("languages: [be]\n", "languages: [be]\ntranslate:\n  memory:\n    tmx: [tm/x.tmx]\n"),
        ("", "translate:\n  memory:\n    tmx: [tm/x.tmx]\n"),
    ],
)
def test_listing_a_memory_changes_only_its_line(text: str, expected: str) -> None:
    path = Path("trilingual.yaml")
    assert add_list_item(text, ("translate", "memory", "tmx"), "tm/x.tmx", path) == expected
    assert parse_config(expected, path).memory.tmx[-1] == "tm/x.tmx"


# XLIFF -------------------------------------------------------------------------------------


def test_xliff_round_trip_changes_no_byte_and_tt_reads_every_file(tmp_path: Path) -> None:
    root = _sample(tmp_path / "p")
    # make some entries fuzzy and one untranslated, as a project in progress has
    po_path = root / "locales/be/LC_MESSAGES/2024-08-28-potash-russian-ports.po"
    po = polib.pofile(str(po_path), wrapwidth=79)
    body = [e for e in po if not e.msgctxt]
    body[0].flags.append("fuzzy")
    body[0].previous_msgid = "An older sentence."
    body[1].msgstr = ""
    from trilingual.po import write_po

    write_po(po_path, po)
    before = _snapshot(root)
    out = tmp_path / "x"
    assert main(["-C", str(root), "xliff", "export", "-o", str(out)]) == 0
    files = sorted(out.glob("*.xlf"))
    assert len(files) == 8
    states: dict[str, int] = {}
    for path in files:
        store = tt_xliff.xlifffile.parsefile(str(path))
        lang = path.name.split(".")[-2]
        catalog = polib.pofile(str(root / "locales" / lang / "LC_MESSAGES" / f"{path.name.split('.')[0]}.po"))
        active = [e for e in catalog if not e.obsolete]
        assert len(store.units) == len(active)
        for unit, entry in zip(store.units, active, strict=True):
            text_only = [n for n in parse_inline(entry.msgid) if not isinstance(n, Code)]
            if text_only == [entry.msgid]:
                assert unit.source == entry.msgid
            assert unit.istranslated() == (bool(entry.msgstr) and "fuzzy" not in entry.flags)
            assert unit.isfuzzy() == ("fuzzy" in entry.flags)
            state = unit.getlanguageNode(lang=None, index=1).get("state")
            states[state] = states.get(state, 0) + 1
    assert states["new"] == 1 and states["needs-review-translation"] == 1 and states["translated"] > 400
    assert main(["-C", str(root), "xliff", "import", *map(str, files)]) == 0
    assert _snapshot(root) == before


def _export_one(root: Path, tmp_path: Path) -> tuple[Path, etree._ElementTree]:
    out = tmp_path / "x"
    assert main(["-C", str(root), "xliff", "export", "--lang", "ru", "-o", str(out),
                 "2024-08-28-potash-russian-ports"]) == 0
    path = out / "2024-08-28-potash-russian-ports.ru.xlf"
    return path, etree.parse(str(path))


def test_xliff_export_names_the_entry_xml_cannot_carry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path / "p")
    po_path = root / "locales/ru/LC_MESSAGES/2024-08-28-potash-russian-ports.po"
    po = polib.pofile(str(po_path), wrapwidth=79)
    entry = [e for e in po if e.msgstr and not e.msgctxt][3]
    entry.tcomment = "a bell \a in a translator's note"
    from trilingual.po import write_po

    write_po(po_path, po)
    line = next(e for e in polib.pofile(str(po_path)) if e.msgid == entry.msgid).linenum
    out = tmp_path / "x"
    assert main(["-C", str(root), "xliff", "export", "--lang", "ru", "-o", str(out)]) == 5
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"trilingual: error: locales/ru/LC_MESSAGES/2024-08-28-potash-russian-ports.po:{line}: "
                   "character U+0007 cannot be written to XML"]


def _unit(tree: etree._ElementTree, needle: str) -> etree._Element:
    for unit in tree.iter(f"{XLIFF_NS}trans-unit"):
        if needle in "".join(unit.find(f"{XLIFF_NS}source").itertext()):
            return unit
    raise AssertionError(needle)


def test_xliff_import_writes_targets_with_the_states_the_file_gives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path / "p")
    path, tree = _export_one(root, tmp_path)
    link = _unit(tree, "in the archive")  # reviewed, with a link and a placeholder
    target = link.find(f"{XLIFF_NS}target")
    g = target.find(f"{XLIFF_NS}g")
    g.text = "в нашем архиве"
    target.set("state", "needs-review-translation")  # changed, not approved: fuzzy
    plain = _unit(tree, "The size of the discount")
    plain.find(f"{XLIFF_NS}target").text = "Размер скидки проверить трудно."
    plain.find(f"{XLIFF_NS}target").set("state", "final")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["-C", str(root), "xliff", "import", str(path)]) == 0
    entries = {e.msgid: e for e in polib.pofile(str(root / "locales/ru/LC_MESSAGES/2024-08-28-potash-russian-ports.po"))}
    changed = entries["Readers can find our earlier note on fertiliser markets [in the archive]({1})."]
    assert changed.msgstr.endswith("[в нашем архиве]({1}).") and "fuzzy" in changed.flags
    assert entries["The size of the discount is difficult to verify."].msgstr == "Размер скидки проверить трудно."
    assert "fuzzy" not in entries["The size of the discount is difficult to verify."].flags
    assert "2 entr(ies) changed, 1 catalog(s) written" in capsys.readouterr().out


def test_xliff_import_refuses_lost_placeholders_and_skips_stale_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path / "p")
    path, tree = _export_one(root, tmp_path)
    link = _unit(tree, "in the archive")
    target = link.find(f"{XLIFF_NS}target")
    for x in target.iter(f"{XLIFF_NS}x"):
        x.getparent().remove(x)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    before = _snapshot(root)
    assert main(["-C", str(root), "xliff", "import", str(path)]) == 5
    err = capsys.readouterr().err
    assert f"{path}:{target.sourceline}: placeholders differ from the English: lost {{1}}" in err
    assert _snapshot(root) == before
    # a unit whose English changed since the export is skipped with a warning
    path, tree = _export_one(root, tmp_path)
    unit = _unit(tree, "The size of the discount")
    unit.find(f"{XLIFF_NS}source").text = "The size of the rebate is difficult to verify."
    unit.find(f"{XLIFF_NS}target").text = "Другое."
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["-C", str(root), "xliff", "import", str(path)]) == 0
    assert "warning: skipped: the English changed since the export" in capsys.readouterr().err
    assert _snapshot(root) == before


MARKDOWNISH = st.lists(
    st.sampled_from(["a", " ", "b c", "**", "*", "_", "__", "~~", "`", "``", "[", "![", "](",
                     ")", "][", "]", "{1}", "{2}", "\\", "\\*", "x_y", "<b>", "&"]),
    max_size=14,
).map("".join)


@settings(max_examples=600, derandomize=True, deadline=None)
@given(MARKDOWNISH, MARKDOWNISH)
def test_inline_elements_give_back_every_string(source: str, target: str) -> None:
    nodes, target_nodes = parse_inline(source), parse_inline(target)
    assert native_of(nodes) == source and native_of(target_nodes) == target
    number_codes(nodes, target_nodes)
    for text, tree in ((source, nodes), (target, target_nodes)):
        element = etree.fromstring(f'<t xmlns="urn:x">{inline_xliff(tree)}</t>')
        assert to_native(element) == text
    _EXERCISED.append(source)


_EXERCISED: list[str] = []


def test_inline_property_ran_on_markup() -> None:
    if not _EXERCISED:
        test_inline_elements_give_back_every_string()
    assert len(_EXERCISED) >= 600
    with_groups = [s for s in _EXERCISED if any(not isinstance(n, str | Code) for n in parse_inline(s))]
    assert len(with_groups) > 60


_TOKEN_CASES: list[int] = []


@settings(max_examples=600, derandomize=True, deadline=None)
@given(MARKDOWNISH, st.integers(min_value=0, max_value=12))
def test_next_token_finds_what_a_full_search_finds(text: str, pos: int) -> None:
    fast, slow = next_token(text, pos), TOKEN_RE.search(text, pos)
    assert (fast and (fast.span(), fast.lastgroup)) == (slow and (slow.span(), slow.lastgroup))
    _TOKEN_CASES.append(int(slow is not None))


def test_next_token_property_ran_on_tokens() -> None:
    if not _TOKEN_CASES:
        test_next_token_finds_what_a_full_search_finds()
    assert len(_TOKEN_CASES) >= 600 and sum(_TOKEN_CASES) > 300


# TBX and DeepL CSV -------------------------------------------------------------------------

FULL = """\
terms:
  - en: EAEU
    dnt: true
    pos: properNoun
    note: abbreviation; kept in Latin
  - en: Belarus
    be: Беларусь
    ru: Беларусь
    pos: properNoun
    definition: the country; "Belarus", not "Byelorussia"
    admitted:
      ru: [Республика Беларусь]
    forbidden:
      be: [Белоруссія]
      ru: [Белоруссия, Белорусь]
    forms:
      ru: [Беларуси]
    note: "two lines:\\nsecond"
"""


def test_glossary_yaml_has_one_canonical_layout() -> None:
    sample = (REPO / GLOSSARY_NAME).read_text(encoding="utf-8")
    assert format_glossary(parse_glossary(sample, GLOSSARY_NAME).terms) == sample
    assert format_glossary(parse_glossary(FULL, GLOSSARY_NAME).terms) == FULL


def test_tbx_keeps_every_field_and_translate_toolkit_reads_it(tmp_path: Path) -> None:
    glossary = parse_glossary(FULL, GLOSSARY_NAME)
    path = tmp_path / "g.tbx"
    path.write_text(format_tbx(glossary, "en", ["be", "ru"]), encoding="utf-8")
    assert tuple(parse_tbx(path, "en", ["be", "ru"])) == glossary.terms
    store = tt_tbx.tbxfile.parsefile(str(path))
    assert [u.source for u in store.units] == ["EAEU", "Belarus"]
    belarus = store.units[1]
    ru = belarus.get_target_terms("ru")
    assert [(t.text, t.administrative_status) for t in ru] == [
        ("Беларусь", "preferredTerm-admn-sts"), ("Республика Беларусь", "admittedTerm-admn-sts"),
        ("Беларуси", "admittedTerm-admn-sts"), ("Белоруссия", "deprecatedTerm-admn-sts"),
        ("Белорусь", "deprecatedTerm-admn-sts"),
    ]
    assert [t.deprecated for t in belarus.get_target_terms("be")] == [False, True]
    assert [t.text for t in store.units[0].get_target_terms("be")] == ["EAEU"]
    assert "two lines:\nsecond" in store.units[1].getnotes()


def test_tbx_round_trip_through_the_cli_changes_no_glossary_byte(tmp_path: Path) -> None:
    root = _sample(tmp_path / "p")
    tbx = tmp_path / "g.tbx"
    assert main(["-C", str(root), "glossary", "export", "-o", str(tbx)]) == 0
    store = tt_tbx.tbxfile.parsefile(str(tbx))
    glossary = load_glossary(root)
    assert [u.source for u in store.units] == [t.en for t in glossary.terms]
    before = _snapshot(root)
    assert main(["-C", str(root), "glossary", "import", str(tbx)]) == 0
    assert _snapshot(root) == before
    # into a project with an empty glossary, the import writes the same file
    (root / GLOSSARY_NAME).write_text("terms: []\n", encoding="utf-8")
    assert main(["-C", str(root), "glossary", "import", str(tbx)]) == 0
    # ... except `inflect:`, which TBX-Basic has no field for (a project setting, kept by an
    # import into a glossary that has it, as above)
    expected = "".join(line for line in (REPO / GLOSSARY_NAME).read_text(encoding="utf-8")
                       .splitlines(keepends=True) if not line.startswith("    inflect:"))
    assert (root / GLOSSARY_NAME).read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_deepl_glossary_entries(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path / "p")
    (root / GLOSSARY_NAME).write_text(FULL, encoding="utf-8")
    assert main(["-C", str(root), "glossary", "export", "--format", fmt, "--lang", "ru"]) == 0
    text = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
    assert rows == [["EAEU", "EAEU"], ["Belarus", "Беларусь"]]
    assert main(["-C", str(root), "glossary", "export", "--format", fmt]) == 2


def test_tbx_import_refuses_broken_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample(tmp_path / "p")
    bad = tmp_path / "bad.tbx"
    bad.write_text('<martif><text><body><termEntry>\n<langSet xml:lang="ru"><tig><term>x</term></tig></langSet>'
                   "</termEntry></body></text></martif>", encoding="utf-8")
    before = _snapshot(root)
    assert main(["-C", str(root), "glossary", "import", str(bad)]) == 5
    assert f"{bad}:1: term entry without an English term" in capsys.readouterr().err
    assert _snapshot(root) == before


def test_do_not_translate_terms_reach_the_checks_as_latin_targets() -> None:
    from trilingual.checks import CheckContext, build_checks

    glossary = parse_glossary(FULL, GLOSSARY_NAME)
    assert [t.en for t in glossary.for_language("be")] == ["EAEU", "Belarus"]
    assert glossary.terms[0].target("ru") == "EAEU" and glossary.terms[1].target("de") is None
    checks = {c.id: c for c in build_checks(CheckContext(glossary=glossary))[0]}
    source = "The EAEU rules changed."
    assert checks["terminology"].check(source, "Правілы ЕАЭС змяніліся.", "be")
    assert not checks["terminology"].check(source, "Правілы EAEU змяніліся.", "be")
    assert checks["forbidden-term"].check("Belarus grew.", "Белоруссия выросла.", "ru")
    assert not checks["forbidden-term"].check("Belarus grew.", "Беларусь выросла.", "ru")
