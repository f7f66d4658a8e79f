"""The command line on a temporary project: init -> extract -> translate by hand -> edit -> extract
-> render, and every bad input refused with one line naming the file, a non-zero exit and no file
changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polib
import pytest

from trilingual.cli import main
from trilingual.errors import CatalogError, SourceError, UsageError

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


def run(root: Path, *args: str) -> int:
    return main(["--project", str(root), *args])


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file() and ".trilingual" not in p.parts
    }


def test_init_extract_edit_extract_render(project_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project_dir
    (root / "articles" / "week.md").write_text(ARTICLE, encoding="utf-8")
    assert run(root, "extract") == 0
    pot = root / "locales/templates/week.pot"
    be = root / "locales/be/LC_MESSAGES/week.po"
    ru = root / "locales/ru/LC_MESSAGES/week.po"
    assert pot.exists() and be.exists() and ru.exists()
    po = polib.pofile(str(be))
    assert [e.msgid for e in po] == [
        "A week in Minsk", "Short summary.", "Trade", "Exports to China rose by 12%.",
        "See [the data]({1}).", "Potash moved by rail.", "Wood moved by road.",
    ]
    assert po[4].occurrences == [("articles/week.md", "9")]
    assert "{1} = https://example.org/data" in po[4].comment
    # a second extract with nothing changed writes nothing
    before = snapshot(root)
    mtimes = {p: p.stat().st_mtime_ns for p in (pot, be, ru)}
    assert run(root, "extract") == 0
    assert snapshot(root) == before
    assert {p: p.stat().st_mtime_ns for p in (pot, be, ru)} == mtimes
    # translate by hand
    translations = {
        "A week in Minsk": "Тыдзень у Мінску", "Short summary.": "Кароткі змест.",
        "Trade": "Гандаль", "Exports to China rose by 12%.": "Экспарт у Кітай вырас на 12 %.",
        "See [the data]({1}).": "Гл. [даныя]({1}).", "Potash moved by rail.": "Калій ехаў чыгункай.",
        "Wood moved by road.": "Драўніна ехала дарогай.",
    }
    for entry in po:
        entry.msgstr = translations[entry.msgid]
    from trilingual.po import write_po
    write_po(be, po)
    capsys.readouterr()
    assert run(root, "render", "--lang", "be", "week") == 0
    out = capsys.readouterr().out
    assert out == ARTICLE.replace("A week in Minsk", "Тыдзень у Мінску").replace(
        "Short summary.", "Кароткі змест.").replace("## Trade", "## Гандаль").replace(
        "Exports to China rose by 12%. See [the data](https://example.org/data).",
        "Экспарт у Кітай вырас на 12 %. Гл. [даныя](https://example.org/data).").replace(
        "Potash moved by rail.", "Калій ехаў чыгункай.").replace(
        "Wood moved by road.", "Драўніна ехала дарогай.")
    # edit the English: one sentence changed, one removed, one added
    edited = ARTICLE.replace("rose by 12%", "rose by 15%").replace(
        "- Wood moved by road.\n", "- Grain harvests in Homiel set a record.\n")
    (root / "articles" / "week.md").write_text(edited, encoding="utf-8")
    assert run(root, "extract") == 0
    po = polib.pofile(str(be))
    changed = po.find("Exports to China rose by 15%.")
    assert changed is not None and changed.fuzzy
    assert changed.previous_msgid == "Exports to China rose by 12%."
    assert changed.msgstr == "Экспарт у Кітай вырас на 12 %."
    assert po.find("Wood moved by road.", include_obsolete_entries=True).obsolete
    # the render refuses fuzzy/untranslated unless asked, and names them
    capsys.readouterr()
    assert run(root, "render", "--lang", "be", "week") == 9
    err = capsys.readouterr().err
    assert "articles/week.md:9: [be] fuzzy: Exports to China rose by 15%." in err
    assert "untranslated: Grain harvests in Homiel set a record." in err
    out_file = root / "out.md"
    assert run(root, "render", "--lang", "be", "week", "--allow-incomplete", "-o", str(out_file)) == 0
    assert "Exports to China rose by 15%." in out_file.read_text(encoding="utf-8")
    assert run(root, "extract", "--check") == 0


def _bad_po(root: Path, content: bytes) -> None:
    (root / "articles" / "week.md").write_text(ARTICLE, encoding="utf-8")
    assert run(root, "extract") == 0
    (root / "locales/be/LC_MESSAGES/week.po").write_bytes(content)


CONFLICT = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n<<<<<<< HEAD\nmsgid "A"\nmsgstr "B"\n=======\nmsgid "A"\nmsgstr "C"\n>>>>>>> other\n'


@pytest.mark.bad_po
@pytest.mark.parametrize(
    ("setup", "expect", "code"),
    [
        (lambda r: (r / "articles/week.md").write_text("---\ntitle: [x\n---\nText.\n"),
         "articles/week.md:3: invalid YAML front matter", SourceError.exit_code),
        (lambda r: (r / "articles/week.md").write_bytes(b"Text \xfe.\n"),
         "articles/week.md:1: not valid UTF-8", SourceError.exit_code),
        (lambda r: _bad_po(r, CONFLICT), "locales/be/LC_MESSAGES/week.po:5:", CatalogError.exit_code),
        (lambda r: _bad_po(r, b'msgid "A"\nmsgstr "B"\nmsgid\n'), "locales/be/LC_MESSAGES/week.po",
         CatalogError.exit_code),
    ],
)
def test_bad_inputs_fail_cleanly(project_dir: Path, capsys: pytest.CaptureFixture[str], setup, expect: str, code: int) -> None:  # type: ignore[no-untyped-def]
    setup(project_dir)
    before = snapshot(project_dir)
    capsys.readouterr()
    assert run(project_dir, "extract") == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expect in err, err
    assert snapshot(project_dir) == before


@pytest.mark.parametrize("name", ["../etc/passwd", "/abs/path", "a/../../b", "UPPER"])
def test_unsafe_slugs_are_refused(project_dir: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    code = run(project_dir, "render", "--lang", "be", name)
    assert code in (UsageError.exit_code, SourceError.exit_code)
    assert "trilingual: error:" in capsys.readouterr().err


def test_missing_article_and_unknown_language(project_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project_dir, "render", "--lang", "be", "nope") == SourceError.exit_code
    assert "articles/nope.md: no such article" in capsys.readouterr().err
    (project_dir / "articles" / "week.md").write_text(ARTICLE, encoding="utf-8")
    assert run(project_dir, "render", "--lang", "de", "week") == UsageError.exit_code
    assert "language 'de' is not configured" in capsys.readouterr().err


def test_no_project_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(tmp_path), "extract"]) == 3
    assert "trilingual.yaml" in capsys.readouterr().err


def test_fresh_clone_of_the_sample_rewrites_nothing(tmp_path: Path) -> None:
    """No extract state (a fresh clone): the shipped catalogs are up to date, so not one byte
    of them changes (the template dates must survive, in the POT and in the PO headers)."""
    import shutil

    from trilingual.cli import main

    root = Path(__file__).resolve().parent.parent
    copy = tmp_path / "sample"
    copy.mkdir()
    for name in ("trilingual.yaml", "glossary.yaml", "articles", "locales"):
        src = root / name
        if src.is_dir():
            shutil.copytree(src, copy / name)
        else:
            shutil.copy2(src, copy / name)
    before = {p: p.read_bytes() for p in (copy / "locales").rglob("*.po*")}
    assert before
    assert main(["--project", str(copy), "extract"]) == 0
    after = {p: p.read_bytes() for p in (copy / "locales").rglob("*.po*")}
    assert after == before


def test_render_out_dir_matches_single_renders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``render --out-dir`` (several articles and languages, worker processes) writes exactly
    what ``render --lang L ARTICLE`` prints for each; bad combinations are usage errors."""
    from trilingual.cli import main

    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "out"
    assert main(["--project", str(root), "render", "--lang", "be,ru", "--out-dir", str(out),
                 "--jobs", "2"]) == 0
    slugs = sorted(p.stem for p in (root / "articles").glob("*.md"))
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.md"))
    assert written == sorted(f"{lang}/{slug}.md" for lang in ("be", "ru") for slug in slugs)
    capsys.readouterr()
    for lang in ("be", "ru"):
        for slug in slugs:
            assert main(["--project", str(root), "render", "--lang", lang, slug]) == 0
            assert capsys.readouterr().out == (out / lang / f"{slug}.md").read_text("utf-8")
    for argv in (["render", "--lang", "be", slugs[0], slugs[1]],
                 ["render", "--lang", "be,ru", slugs[0]],
                 ["render", "--lang", "be", "--out-dir", str(out), "-o", str(tmp_path / "x")]):
        assert main(["--project", str(root), *argv]) == 2
        assert capsys.readouterr().err.startswith("trilingual: error: ")


def test_parallel_extract_refusal_writes_nothing(project_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Workers stage files beside their targets; one broken catalog among 30 articles stops
    the run with every file unchanged and no temp file left behind."""
    from trilingual.cli import main

    articles = project_dir / "articles"
    for i in range(30):
        (articles / f"a{i:02d}.md").write_text(f"# Title {i}\n\nFirst sentence {i}. Second one.\n")
    assert main(["--project", str(project_dir), "extract", "--jobs", "2"]) == 0
    for i in range(30):
        (articles / f"a{i:02d}.md").write_text(f"# Title {i}\n\nFirst sentence {i}. Third one.\n")
    broken = project_dir / "locales" / "ru" / "LC_MESSAGES" / "a29.po"
    broken.write_text(broken.read_text() + '\nmsgid "unterminated\n')
    before = {p: p.read_bytes() for p in project_dir.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["--project", str(project_dir), "extract", "--jobs", "2"]) == 5
    assert "locales/ru/LC_MESSAGES/a29.po:" in capsys.readouterr().err
    after = {p: p.read_bytes() for p in project_dir.rglob("*") if p.is_file()}
    assert after == before
    broken.write_text(before[broken].decode().split('\nmsgid "unterminated')[0])
    assert main(["--project", str(project_dir), "extract", "--jobs", "2"]) == 0
    assert not list(project_dir.rglob("*.tmp"))
    assert "Third one." in (project_dir / "locales" / "be" / "LC_MESSAGES" / "a00.po").read_text()


def test_extract_state_sees_same_size_edits(project_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Unchanged inputs are recognised by size and time without being read; an edit that keeps
    the size right after a run (file times tick coarsely) is still seen, and so is an edit
    with an older time stamp, and a touch without change costs a re-read, not a rewrite."""
    import os

    from trilingual.cli import main

    article = project_dir / "articles" / "week.md"
    article.write_text("# Week\n\nPotash moved by rail. Prices fell.\n")
    assert main(["--project", str(project_dir), "extract"]) == 0
    pot = project_dir / "locales" / "templates" / "week.pot"
    article.write_text("# Week\n\nPotash moved by road. Prices fell.\n")  # same size, at once
    assert main(["--project", str(project_dir), "extract"]) == 0
    assert "by road" in pot.read_text()
    capsys.readouterr()
    old = article.stat()
    article.write_text("# Week\n\nPotash moved by boat. Prices fell.\n")
    os.utime(article, ns=(old.st_atime_ns - 10**10, old.st_mtime_ns - 10**10))
    assert main(["--project", str(project_dir), "extract"]) == 0
    assert "by boat" in pot.read_text()
    assert "1 article(s) read" in capsys.readouterr().out
    os.utime(article)
    assert main(["--project", str(project_dir), "extract"]) == 0
    assert "0 file(s) updated" in capsys.readouterr().out
