"""Layout is not content: a catalog re-saved by a translator's tool never trips the gate.

Each case re-saves the catalogs of a project (reviewed, fuzzy, fuzzy with ``#|``, empty and
obsolete entries) with a real tool, then: ``check`` does not call them outdated, ``extract``
writes nothing (bytes and mtime unchanged), and no translation changed. ``extract --normalize``
brings the msgcat layout back on demand.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from trilingual.cli import main
from trilingual.gate import run_gate
from trilingual.po import read_po, write_po
from trilingual.project import Project

ARTICLE = """\
---
title: "Potash takes the long way round"
summary: "Exports recovered through Russian ports, at a price that keeps rising every season."
date: 2024-08-28
---

When Lithuania stopped the transit of potash through Klaipeda, many expected a fall that would last for years and empty the state budget.
The port had handled most of the **12 million tonnes** a year. Two years later, the
picture is *more complicated*.

Volumes have recovered, but the [route](https://example.org/route) is longer. Rail wagons leave `Salihorsk`
and cross into Russia.

## Costs

The rail leg adds between $15 and $25 per tonne. Port fees are negotiated with Russian
operators. Belarus is a customer rather than a partner.
"""

EDITED = ARTICLE.replace(
    "Port fees are negotiated with Russian\noperators.",
    "Port fees are negotiated with Russian\nrail operators.",
).replace("Belarus is a customer rather than a partner.", "A new sentence about the route.")

PO = "locales/be/LC_MESSAGES/potash.po"
POT = "locales/templates/potash.pot"


@pytest.fixture(scope="module")
def base_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reviewed, fuzzy (machine and edited with ``#|``), empty and obsolete entries."""
    root = tmp_path_factory.mktemp("layout") / "proj"
    assert main(["init", str(root)]) == 0
    (root / "articles" / "potash.md").write_text(ARTICLE, encoding="utf-8")
    assert main(["-C", str(root), "extract"]) == 0
    assert main(["-C", str(root), "translate", "--engine", "pseudo"]) == 0
    for lang in ("be", "ru"):
        path = root / "locales" / lang / "LC_MESSAGES" / "potash.po"
        po = read_po(path)
        for i, entry in enumerate(e for e in po if e.msgid):
            if i % 2 == 0:
                entry.flags = [f for f in entry.flags if f != "fuzzy"]  # reviewed
        write_po(path, po)
    (root / "articles" / "potash.md").write_text(EDITED, encoding="utf-8")
    assert main(["-C", str(root), "extract"]) == 0
    po = read_po(root / PO)
    states = {("fuzzy" in e.flags, e.previous_msgid is not None, bool(e.msgstr), e.obsolete)
              for e in po}
    assert (True, True, True, False) in states  # edited sentence: fuzzy with #|
    assert (False, False, False, False) in states  # new sentence: empty
    assert any(e.obsolete for e in po) and any(not e.flags and e.msgstr for e in po)
    return root


@pytest.fixture
def project(base_project: Path, tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(base_project, root)
    return root


def _translations(path: Path) -> dict[tuple[str | None, str, bool], str]:
    return {(e.msgctxt, e.msgid, bool(e.obsolete)): e.msgstr for e in polib.pofile(str(path))}


def _files(root: Path) -> dict[Path, tuple[int, bytes]]:
    return {p: (p.stat().st_mtime_ns, p.read_bytes())
            for p in (root / "locales").rglob("*.po*")}


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def _catalogs(root: Path) -> list[Path]:
    return [root / PO, root / "locales/ru/LC_MESSAGES/potash.po", root / POT]


def _polib(root: Path) -> None:
    for path in _catalogs(root):
        polib.pofile(str(path)).save()


def _translate_toolkit(root: Path) -> None:
    from translate.storage import po as ttpo

    for path in _catalogs(root):
        store = ttpo.pofile.parsefile(str(path))
        path.write_bytes(bytes(store))


def _msgcat(*options: str) -> Callable[[Path], None]:
    def run(root: Path) -> None:
        for path in _catalogs(root):
            _run("msgcat", *options, "-o", str(path), str(path))
    return run


def _msgattrib(option: str) -> Callable[[Path], None]:
    def run(root: Path) -> None:
        for path in _catalogs(root)[:2]:
            _run("msgattrib", option, "-o", str(path), str(path))
    return run


_CONTINUED = re.compile(r'"\n"', re.MULTILINE)


def _editor_one_line(root: Path) -> None:
    """A text editor's save with every string on one line (in place, truncate + write)."""
    for path in _catalogs(root):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'^((?:#~ |#\| )?(?:msgid|msgstr|msgctxt)(?:\[\d\])?) ""\n"', r'\1 "',
                      text, flags=re.MULTILINE)
        text = _CONTINUED.sub("", text)
        text = re.sub(r'"\n#~ "', "", text)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)


def _poedit_header(root: Path) -> None:
    """What Poedit stamps on save: translator, team, revision date, generator; order changed."""
    for path in _catalogs(root)[:2]:
        po = polib.pofile(str(path))
        meta = dict(reversed(list(po.metadata.items())))
        meta.update({
            "Last-Translator": "Alesia Translator <alesia@example.org>",
            "Language-Team": "Belarusian <be@example.org>",
            "PO-Revision-Date": "2026-12-05 19:02+0100",
            "X-Generator": "Poedit 3.2.2",
        })
        po.metadata = meta
        po.save()


TOOLS: dict[str, Callable[[Path], None]] = {
    "polib": _polib,
    "translate-toolkit": _translate_toolkit,
    "msgcat --no-wrap": _msgcat("--no-wrap"),
    "msgcat --width=40": _msgcat("--width=40"),
    "msgcat --width=120": _msgcat("--width=120"),
    "msgcat --sort-output": _msgcat("--sort-output"),
    "msgattrib --clear-fuzzy": _msgattrib("--clear-fuzzy"),
    "msgattrib --set-fuzzy": _msgattrib("--set-fuzzy"),
    "editor one-line save": _editor_one_line,
    "poedit header fields": _poedit_header,
}


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_tool_resave_is_not_outdated_and_extract_writes_nothing(
    project: Path, tool: str
) -> None:
    before = {p: _translations(p) for p in _catalogs(project)}
    original = _files(project)
    TOOLS[tool](project)
    resaved = _files(project)
    if tool != "translate-toolkit":  # Translate Toolkit writes msgcat's layout byte for byte
        assert any(resaved[p][1] != original[p][1] for p in original), "the tool changed nothing"
    assert {p: _translations(p) for p in _catalogs(project)} == before
    report = run_gate(Project.open(project), run_checks=False)
    assert report.outdated == []
    assert report.verdict != "outdated"
    assert main(["-C", str(project), "extract", "--check"]) == 0
    assert main(["-C", str(project), "extract"]) == 0
    assert _files(project) == resaved  # bytes and mtimes: nothing rewritten
    assert {p: _translations(p) for p in _catalogs(project)} == before
    # --normalize brings back msgcat's layout, still with the same translations
    assert main(["-C", str(project), "extract", "--normalize"]) == 0
    for path in _catalogs(project):
        out = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
        assert out == path.read_bytes(), path
    assert {p: _translations(p) for p in _catalogs(project)} == before


def test_a_content_change_after_a_resave_is_outdated(project: Path) -> None:
    _msgcat("--no-wrap")(project)
    (project / "articles" / "potash.md").write_text(
        EDITED.replace("A new sentence about the route.", "Another sentence."), encoding="utf-8"
    )
    report = run_gate(Project.open(project), run_checks=False)
    assert PO in report.outdated and POT in report.outdated
    before = _files(project)
    assert main(["-C", str(project), "extract"]) == 0
    after = _files(project)
    assert after[project / PO] != before[project / PO]
    assert "Another sentence." in (project / PO).read_text(encoding="utf-8")


def test_the_gate_lists_issues_and_pending_entries_of_an_outdated_catalog(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = read_po(project / PO)
    entry = next(e for e in po if e.msgid.startswith("The rail leg"))
    entry.msgstr, entry.flags = "Чыгунка каштуе $16.", []  # a numbers error
    write_po(project / PO, po)
    (project / "articles" / "potash.md").write_text(
        EDITED.replace("A new sentence about the route.", "Another sentence."), encoding="utf-8"
    )
    json_path, junit_path = tmp_path / "r.json", tmp_path / "r.xml"
    code = main(["-C", str(project), "check", "-v", "--json", str(json_path),
                 "--junit", str(junit_path)])
    assert code == 10  # outdated decides the exit code ...
    out = capsys.readouterr().out
    assert "[numbers] error" in out and ": untranslated: " in out  # ... but all is listed
    data = json_path.read_text(encoding="utf-8")
    assert '"check": "numbers"' in data and '"state": "untranslated"' in data
    junit = junit_path.read_text(encoding="utf-8")
    assert "[numbers] error" in junit and ": untranslated: " in junit


def test_a_weblate_style_edit_through_translate_toolkit_is_kept_and_not_outdated(
    project: Path,
) -> None:
    """Weblate writes with Translate Toolkit: translate the empty entry, approve a fuzzy one."""
    from translate.storage import po as ttpo

    path = project / PO
    before = _translations(path)
    store = ttpo.pofile.parsefile(str(path))
    empty = next(u for u in store.units if not u.isheader() and not u.isobsolete()
                 and not u.target)
    empty.target = "Новы сказ пра маршрут."
    fuzzy = next(u for u in store.units if u.isfuzzy() and u.target)
    fuzzy.markfuzzy(False)
    path.write_bytes(bytes(store))
    expected = dict(before)
    expected[(None, empty.source, False)] = "Новы сказ пра маршрут."
    assert _translations(path) == expected
    assert not next(e for e in polib.pofile(str(path)) if e.msgid == fuzzy.source).fuzzy
    assert run_gate(Project.open(project), run_checks=False).outdated == []
    saved = _files(project)
    assert main(["-C", str(project), "extract"]) == 0
    assert _files(project) == saved
