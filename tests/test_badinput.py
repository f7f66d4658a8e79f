"""Hostile and odd input: every file of ``tests/badinput/`` (plus a few made here: a 5 MB article,
symlinks out of the project, unsafe slugs) goes through the command line on a temporary project.

A bad input must give one line on stderr naming the file (``file:line:`` where a line applies),
a non-zero exit code and leave every file on disk byte for byte as it was. An input that is odd
but legitimate (``ok-*``: BOM, CRLF, tabs, unclosed fences, deep nesting, a 5 MB article) must
instead succeed, and the identity translation must render it back byte for byte.

Corpus naming: ``*.md`` becomes ``articles/week.md``, ``*.po`` ``locales/be/LC_MESSAGES/week.po``,
``*.pot`` ``locales/templates/week.pot``, ``config-*.yaml`` ``trilingual.yaml``.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import time
from pathlib import Path

import polib
import pytest

from trilingual.catalog import update_po
from trilingual.cli import main
from trilingual.errors import CatalogError, ConfigError, SourceError, UsageError
from trilingual.po import format_po, parse_po_text, plural_problem, read_po, write_po

CORPUS = Path(__file__).resolve().parent / "badinput"

ARTICLE = """---
title: A week in Minsk
summary: Short summary.
date: 2024-08-28
---

## Trade

Exports to China rose by 12%. See [the data](https://example.org/data).

- Potash moved by rail.
- Wood moved by road.
"""

PO = "locales/be/LC_MESSAGES/week.po"
MD = "articles/week.md"
SRC, CAT, CFG = SourceError.exit_code, CatalogError.exit_code, ConfigError.exit_code

#: corpus file -> (exit code, text the one stderr line must hold)
BAD: dict[str, tuple[int, str]] = {
    # PO files: broken
    "po-truncated-mid-string.po": (CAT, f"{PO}:10: PO syntax error"),
    "po-truncated-mid-header.po": (CAT, f"{PO}:4: PO syntax error"),
    "po-truncated-after-msgid.po": (CAT, f"{PO}:10: msgid without msgstr"),
    "po-conflict-markers.po": (CAT, f"{PO}:10: merge conflict markers"),
    "po-conflict-diff3.po": (CAT, f"{PO}:11: merge conflict markers"),
    "po-duplicate-msgid.po": (CAT, f"{PO}:17: duplicate message definition 'Trade'"),
    "po-duplicate-msgctxt.po": (CAT, f"{PO}:14: duplicate message definition 'A week in Minsk'"),
    "po-header-twice.po": (CAT, f"{PO}:10: duplicate"),
    "po-plural-forms-garbage.po": (CAT, f"{PO}:8: invalid Plural-Forms header"),
    "po-plural-forms-too-few.po": (CAT, f"{PO}:8: Plural-Forms says nplurals=1"),
    "po-plural-index-gap.po": (CAT, f"{PO}:10: plural entry 'one file' has forms [0, 2]"),
    "po-invalid-utf8.po": (CAT, f"{PO}:11: invalid UTF-8"),
    "po-overlong-utf8.po": (CAT, f"{PO}:11: invalid UTF-8"),
    "po-latin1-charset.po": (CAT, f"{PO}:11: invalid UTF-8"),
    "po-nul-byte.po": (CAT, f"{PO}:11: NUL character"),
    "po-binary-mo.po": (CAT, f"{PO}:1: invalid UTF-8"),
    "po-msgstr-without-msgid.po": (CAT, f"{PO}:10: PO syntax error"),
    "po-unknown-keyword.po": (CAT, f"{PO}:11: PO syntax error"),
    "po-unescaped-quote.po": (CAT, f"{PO}:11: PO syntax error"),
    "po-stray-text.po": (CAT, f"{PO}:12: PO syntax error"),
    "po-obsolete-unterminated.po": (CAT, f"{PO}:14: PO syntax error"),
    "po-previous-unterminated.po": (CAT, f"{PO}:11: PO syntax error"),
    "pot-conflict-markers.pot": (CAT, "locales/templates/week.pot:10: merge conflict markers"),
    # Markdown articles: broken
    "md-invalid-utf8.md": (SRC, f"{MD}:6: not valid UTF-8 (byte 0xfe)"),
    "md-utf8-surrogate.md": (SRC, f"{MD}:5: not valid UTF-8"),
    "md-nul.md": (SRC, f"{MD}:1: NUL character in article"),
    "md-eot-control.md": (SRC, f"{MD}:5: control character U+0004 (EOT) in article"),
    "md-front-matter-unclosed.md": (
        SRC,
        f"{MD}:1: front matter starting with '---' is never closed",
    ),
    "md-front-matter-list.md": (SRC, f"{MD}:2: front matter must be a YAML mapping"),
    "md-front-matter-scalar.md": (SRC, f"{MD}:2: front matter must be a YAML mapping"),
    "md-yaml-billion-laughs.md": (SRC, f"{MD}:4: invalid YAML front matter: aliases"),
    "md-yaml-python-tag.md": (SRC, f"{MD}:2: invalid YAML front matter: could not determine"),
    "md-yaml-python-name.md": (SRC, f"{MD}:3: invalid YAML front matter: could not determine"),
    "md-yaml-custom-tag.md": (SRC, f"{MD}:2: invalid YAML front matter: could not determine"),
    "md-yaml-syntax.md": (SRC, f"{MD}:3: invalid YAML front matter"),
    "md-yaml-tab-indent.md": (SRC, f"{MD}:4: invalid YAML front matter"),
    "md-yaml-duplicate-key.md": (SRC, f"{MD}:3: invalid YAML front matter: duplicate key 'title'"),
    "md-yaml-bad-date.md": (SRC, f"{MD}:2: invalid YAML front matter: day is out of range"),
    "md-yaml-deep-nesting.md": (SRC, f"{MD}:3: invalid YAML front matter"),
    # trilingual.yaml: broken
    "config-bad-yaml.yaml": (CFG, "trilingual.yaml:3: invalid YAML"),
    "config-python-tag.yaml": (CFG, "trilingual.yaml:1: invalid YAML: could not determine"),
    "config-articles-outside.yaml": (CFG, "trilingual.yaml: 'articles_dir' must be a relative"),
    "config-language-path.yaml": (CFG, "trilingual.yaml: 'languages': '../../../tmp/evil'"),
}

OK = sorted(p.name for p in CORPUS.iterdir() if p.name.startswith("ok-"))


def run(root: Path, *args: str) -> int:
    return main(["--project", str(root), *args])


def snapshot(root: Path, *, state: bool = True) -> dict[str, str]:
    """sha256 of every file under ``root`` (the lock file's content is a pid: left out)."""
    out = {}
    for path in sorted(root.rglob("*")):
        if not state and ".trilingual" in path.relative_to(root).parts:
            continue
        if path.is_file() and not path.is_symlink() and path.name != "lock":
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def place(root: Path, name: str, data: bytes) -> Path:
    if name.endswith(".md"):
        dest = root / MD
    elif name.endswith(".pot"):
        dest = root / "locales/templates/week.pot"
    elif name.endswith(".po"):
        dest = root / PO
    else:
        dest = root / "trilingual.yaml"
    dest.write_bytes(data)
    return dest


@pytest.fixture
def project(project_dir: Path) -> Path:
    """A project with one article, its catalogs extracted and one sentence translated."""
    (project_dir / MD).write_text(ARTICLE, encoding="utf-8")
    assert run(project_dir, "extract") == 0
    po = read_po(project_dir / PO)
    po.find("Trade").msgstr = "Гандаль"
    write_po(project_dir / PO, po)
    return project_dir


#: read_po refuses a malformed Plural-Forms header; the semantic plural checks (formula beyond
#: nplurals, missing forms) live in extract, translate and check (catalog.plural_problem), so
#: render still accepts these files
PLURAL_SEMANTICS = {"po-plural-forms-too-few.po", "po-plural-index-gap.po"}


def commands(name: str) -> list[list[str]]:
    """Every command that reads the kind of file ``name`` is."""
    if name.endswith(".pot"):
        return [["extract"], ["extract", "--check"]]
    if name in PLURAL_SEMANTICS:
        return [["extract"], ["extract", "--check"], ["translate", "--engine", "pseudo"]]
    return [
        ["extract"],
        ["extract", "--dry-run"],
        ["render", "--lang", "be", "--allow-incomplete", "week"],
        ["translate", "--engine", "pseudo"],
        ["check"],
        ["release"],
    ]


def test_corpus_is_complete() -> None:
    files = {p.name for p in CORPUS.iterdir()}
    assert set(BAD) <= files
    assert files - set(BAD) == set(OK), files - set(BAD) - set(OK)
    assert len(files) >= 30


def _expect_refusal(
    root: Path,
    name: str,
    capsys: pytest.CaptureFixture[str],
    code: int,
    expect: str,
    cmds: list[list[str]] | None = None,
) -> None:
    for cmd in cmds or commands(name):
        before = snapshot(root)
        capsys.readouterr()
        got = run(root, *cmd)
        err = capsys.readouterr().err
        lines = err.splitlines()
        assert got == code, (cmd, got, err)
        assert len(lines) == 1 and lines[0].startswith("trilingual: error: "), (cmd, err)
        assert expect in lines[0], (cmd, lines[0])
        assert snapshot(root) == before, cmd


@pytest.mark.bad_po
@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_and_nothing_changes(
    project: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, expect = BAD[name]
    place(project, name, (CORPUS / name).read_bytes())
    _expect_refusal(project, name, capsys, code, expect)


def identity_fill(root: Path, slug: str = "week") -> int:
    """Set msgstr = msgid for every entry of the be catalog; return the entry count."""
    path = root / "locales/be/LC_MESSAGES" / f"{slug}.po"
    po = read_po(path)
    for entry in po:
        entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    write_po(path, po)
    return len(po)


@pytest.mark.parametrize("name", [n for n in OK if n.endswith(".md")])
def test_odd_but_valid_articles_round_trip(
    project: Path, name: str
) -> None:
    data = (CORPUS / name).read_bytes()
    place(project, name, data)
    assert run(project, "extract") == 0
    identity_fill(project)
    out = project / "out.md"
    assert run(project, "render", "--lang", "be", "week", "-o", str(out)) == 0
    assert out.read_bytes() == data
    # a second extract changes no catalog (only its digest of the inputs)
    before = snapshot(project, state=False)
    assert run(project, "extract") == 0
    assert snapshot(project, state=False) == before


@pytest.mark.parametrize("name", [n for n in OK if n.endswith(".po")])
def test_odd_but_valid_catalogs_are_read(project: Path, name: str) -> None:
    data = (CORPUS / name).read_bytes()
    place(project, name, data)
    assert run(project, "extract") == 0
    po = read_po(project / PO)
    text = format_po(po)
    assert format_po(parse_po_text(text)) == text
    if data:
        kept = po.find("Exports to China rose by 12%.")
        assert kept is not None and kept.msgstr, "the translation in the odd file was lost"


# --- made here: unsafe names, symlinks, a 5 MB article ---------------------------------------


@pytest.mark.parametrize(
    "name", ["../etc/passwd", "/etc/passwd", "a/../../b", "..", "UPPER", "we ek", "x.y/z", ""]
)
def test_unsafe_slugs_are_refused(
    project: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    for cmd in (
        ["render", "--lang", "be", name],
        ["extract", name],
        ["translate", "--engine", "pseudo", "--article", name],
    ):
        before = snapshot(project)
        capsys.readouterr()
        code = run(project, *cmd)
        err = capsys.readouterr().err.splitlines()
        assert code in (UsageError.exit_code, SourceError.exit_code), (cmd, code)
        assert len(err) == 1 and err[0].startswith("trilingual: error: "), (cmd, err)
        assert snapshot(project) == before


def test_article_file_with_unsafe_name_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "articles" / "Bad Name.md").write_text("Text.\n", encoding="utf-8")
    _expect_refusal(
        project,
        "x.md",
        capsys,
        SRC,
        "articles/Bad Name.md: article file name",
        [["extract"], ["translate", "--engine", "pseudo"], ["check"], ["release"]],
    )


def test_symlinked_article_out_of_the_project_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "outside.md"
    secret.write_text("Secret sentence outside the project.\n", encoding="utf-8")
    (project / "articles" / "leak.md").symlink_to(secret)
    for cmd in (
        ["extract"],
        ["render", "--lang", "be", "leak"],
        ["translate", "--engine", "pseudo", "--article", "leak"],
        ["check"],
    ):
        before = snapshot(project)
        capsys.readouterr()
        code = run(project, *cmd)
        err = capsys.readouterr().err.splitlines()
        assert code == SRC, (cmd, code, err)
        assert len(err) == 1 and "articles/leak.md" in err[0] and "outside" in err[0], err
        assert snapshot(project) == before
    assert secret.read_text(encoding="utf-8") == "Secret sentence outside the project.\n"


def test_symlinked_articles_folder_out_of_the_project_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "week.md").write_text(ARTICLE, encoding="utf-8")
    (project / "articles" / "week.md").unlink()
    (project / "articles").rmdir()
    (project / "articles").symlink_to(outside)
    before = snapshot(project)
    capsys.readouterr()
    assert run(project, "extract") == SRC
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "articles/week.md" in err[0] and "outside" in err[0], err
    assert snapshot(project) == before


def test_symlinked_catalog_out_of_the_project_is_never_written_through(
    project: Path, tmp_path: Path
) -> None:
    """A PO that is a symlink to a file elsewhere: reading is allowed (it is the translator's
    setup), but a write replaces the link, never the file outside."""
    outside = tmp_path / "shared.po"
    outside.write_bytes((project / PO).read_bytes())
    original = outside.read_bytes()
    (project / PO).unlink()
    (project / PO).symlink_to(outside)
    (project / MD).write_text(ARTICLE.replace("rose by 12%", "rose by 15%"), encoding="utf-8")
    assert run(project, "extract") == 0
    assert outside.read_bytes() == original


def big_article(target: int = 5 * 1024 * 1024, seed: int = 5) -> str:
    """About ``target`` bytes of varied Markdown: long paragraphs, lists, quotes, a table, code."""
    rng = random.Random(seed)
    words = [
        "the",
        "port",
        "of",
        "Klaipeda",
        "handled",
        "potash",
        "exports",
        "while",
        "rail",
        "wagons",
        "crossed",
        "into",
        "Russia",
        "and",
        "Minsk",
        "said",
        "that",
        "trade",
        "with",
        "China",
        "rose",
        "by",
        "twelve",
        "percent",
        "in",
        "the",
        "first",
        "half",
        "of",
        "the",
        "year",
        "Лукашэнка",
        "заявіў",
    ]

    def sentence(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

    parts = ["---\ntitle: A very long week\ndate: 2024-08-28\n---\n\n"]
    size = i = 0
    while size < target:
        k = i % 6
        if k == 0:
            part = f"## Section {i}: {sentence(6)}\n\n"
        elif k == 1:
            part = (
                "".join(
                    f"- {sentence(30)} [Source](https://example.org/{i}/{j}).\n" for j in range(5)
                )
                + "\n"
            )
        elif k == 2:
            part = "> " + " ".join(sentence(40) for _ in range(4)) + "\n\n"
        elif k == 3:
            part = (
                "| A | B |\n|---|---|\n"
                + "".join(f"| {sentence(8)} | {rng.randint(0, 10**6)} |\n" for _ in range(5))
                + "\n"
            )
        elif k == 4:
            part = (
                "```\n"
                + "\n".join(f"code line {j} = {rng.random()}" for j in range(200))
                + "\n```\n\n"
            )
        else:
            part = " ".join(sentence(rng.randint(25, 60)) for _ in range(8)) + " **Bold** `x`.\n\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
        i += 1
    return "".join(parts)


def test_five_megabyte_article_round_trips(project: Path) -> None:
    data = big_article().encode("utf-8")
    assert len(data) >= 5 * 1024 * 1024
    (project / MD).write_bytes(data)
    start = time.monotonic()
    assert run(project, "extract") == 0
    extract_seconds = time.monotonic() - start
    entries = identity_fill(project)
    out = project / "out.md"
    start = time.monotonic()
    assert run(project, "render", "--lang", "be", "week", "-o", str(out)) == 0
    render_seconds = time.monotonic() - start
    assert out.read_bytes() == data
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"5 MB article: {entries} entries, extract {extract_seconds:.1f}s, "
        f"render {render_seconds:.1f}s, peak RSS {peak_mb:.0f} MB"
    )
    assert extract_seconds < 90 and render_seconds < 60
    assert peak_mb < 1500


# --- the catalog update keeps hand-made plural entries ----------------------------------------

PLURAL_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "адзін файл"
msgstr[1] "%d файлы"
msgstr[2] "%d файлаў"
"""


def test_update_keeps_translated_plural_entries_as_obsolete() -> None:
    old = parse_po_text(PLURAL_PO)
    assert plural_problem(old) is None
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid="Trade", msgstr=""))
    merged, stats = update_po(old, pot, "be", "week")
    gone = [e for e in merged if e.obsolete]
    assert stats.dropped_empty == 0
    assert len(gone) == 1 and gone[0].msgstr_plural == {
        0: "адзін файл",
        1: "%d файлы",
        2: "%d файлаў",
    }
    assert '#~ msgstr[2] "%d файлаў"' in format_po(merged)


def test_environment_has_no_leftover_temp_files(project: Path) -> None:
    """write_atomic's temp files never survive a refused command."""
    for name in BAD:
        if name.endswith(".md"):
            place(project, name, (CORPUS / name).read_bytes())
            run(project, "extract")
    leftovers = [p for p in project.rglob("*.tmp")] + [
        p
        for p in project.rglob(".*")
        if p.is_file() and p.name not in (".gitignore", "lock") and ".trilingual" not in p.parts
    ]
    assert not leftovers, leftovers
    assert os.listdir(project / "articles") == ["week.md"]


@pytest.mark.bad_po
@pytest.mark.parametrize(
    ("name", "expect"),
    [
        ("po-plural-forms-too-few.po", f"{PO}:8: Plural-Forms says nplurals=1"),
        ("po-plural-index-gap.po", f"{PO}:10: plural entry 'one file' has forms [0, 2]"),
    ],
    ids=["too-few", "index-gap"],
)
@pytest.mark.parametrize("lang", ["be", "ru"])
def test_translate_refuses_bad_plurals(
    project: Path, capsys: pytest.CaptureFixture[str], name: str, expect: str, lang: str
) -> None:
    """msgfmt -c would reject these plurals: translate must not write the catalog back."""
    dest = project / PO.replace("/be/", f"/{lang}/")
    dest.write_bytes((CORPUS / name).read_bytes())
    expect = expect.replace("/be/", f"/{lang}/")
    _expect_refusal(project, name, capsys, CAT, expect, [["translate", "--engine", "pseudo"]])


@pytest.mark.bad_po
@pytest.mark.parametrize("where", [MD, "articles/other.md", PO, "locales/templates/week.pot"])
def test_fifo_or_folder_instead_of_a_file_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """A named pipe used to block extract for ever; a folder is refused the same way."""
    path = project / where
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    code = SRC if where.endswith(".md") else CAT
    _expect_refusal(project, where, capsys, code, f"{where}: not a regular file", [["extract"]])
    path.unlink()
    path.mkdir()
    _expect_refusal(project, where, capsys, code, f"{where}: not a regular file", [["extract"]])


HOSTILE_MSGSTRS = [
    "Гандаль\r\r# Injected heading",
    "Гандаль\r\n\r\n<div>raw html block</div>",
    "Гандаль\r- injected item",
    "Гандаль\n\n---\n\n## Injected",
]


@pytest.mark.parametrize("msgstr", HOSTILE_MSGSTRS)
def test_a_translation_cannot_change_the_document_structure(project: Path, msgstr: str) -> None:
    """Line breaks in a msgstr (CR alone included) fold to spaces: no new block appears."""
    import re

    import pyromark

    def shape(markdown: str) -> list[str]:
        return re.findall(r"<(h\d|li|p|hr|ul|ol|blockquote|pre|table)\b", pyromark.html(markdown))

    po = read_po(project / PO)
    for entry in po:
        entry.msgstr = entry.msgid
    po.find("Trade").msgstr = msgstr
    po.find("Potash moved by rail.").msgstr = msgstr
    po.find("A week in Minsk", msgctxt="title").msgstr = msgstr
    write_po(project / PO, po)
    out = project / "out.md"
    assert run(project, "render", "--lang", "be", "week", "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "\r" not in text
    body = text.split("---\n", 2)[2]
    assert shape(body) == shape(ARTICLE.split("---\n", 2)[2])
    import yaml

    assert yaml.safe_load(text.split("---\n", 2)[1])["title"] == msgstr


@pytest.mark.bad_po
def test_translate_with_a_broken_ru_catalog_changes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "po-duplicate-msgid.po"
    (project / "locales/ru/LC_MESSAGES/week.po").write_bytes((CORPUS / name).read_bytes())
    ru = "locales/ru/LC_MESSAGES/week.po"
    _expect_refusal(
        project, name, capsys, CAT, f"{ru}:17: duplicate", [["translate", "--engine", "pseudo"]]
    )
