"""No lost updates: translators save while ``translate`` runs against a slow DeepL.

Real writer processes (``po_writer.py``: polib, then an atomic rename or an in-place truncate +
write) save each catalog at random moments while ``translate --engine deepl`` runs against the
fake server, answering slowly and in small batches so that the run saves many times. After each
run: every translator save is in the file, and every entry the translators left empty holds
its machine draft.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import polib
import pytest

from fake_deepl import FakeDeepL, fake_deepl  # noqa: F401 - fixture
from trilingual.cli import main
from trilingual.engines.deepl import DeeplEngine
from trilingual.engines.provenance import mt_comment
from trilingual.guarded import SaveResult, save_guarded
from trilingual.project import Project
from trilingual.translate import TranslateOptions, translate_project
from trilingual.translate import runsave as translate_module

WRITER = Path(__file__).with_name("po_writer.py")
WORDS = ["potash", "corridor", "tariff", "border", "harbour", "wagon", "budget", "ledger"]
ARTICLE = "---\ntitle: \"Freight notes\"\ndate: 2024-08-28\n---\n\n" + "\n\n".join(
    f"Note {i} says the {WORDS[i % 8]} costs rose by {i} percent. "
    f"The {WORDS[(i + 3) % 8]} stayed open in week {i}."
    for i in range(20)
) + "\n"
RUNS = 3  # per save style
LANGS = ("be", "ru")


@pytest.fixture
def project(project_dir: Path) -> Path:
    (project_dir / "articles" / "notes.md").write_text(ARTICLE, encoding="utf-8")
    assert main(["-C", str(project_dir), "extract"]) == 0
    return project_dir


def _catalog(root: Path, lang: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / "notes.po"


@pytest.mark.parametrize("style", ["rename", "in-place"])
def test_translator_saves_during_translate_are_never_lost(
    project: Path, fake_deepl: FakeDeepL, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
    tmp_path: Path, style: str,
) -> None:
    monkeypatch.setattr(translate_module, "SAVE_INTERVAL", 0.05)
    monkeypatch.setattr(DeeplEngine, "max_batch", 3)
    fake_deepl.delay = 0.01  # on top of ~40 ms per request of the local HTTP exchange
    results: list[SaveResult] = []

    def counted(*args: Any, **kwargs: Any) -> SaveResult:
        results.append(save_guarded(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(translate_module, "save_guarded", counted)
    pristine = {lang: _catalog(project, lang).read_bytes() for lang in LANGS}
    tried = lost = drafts_missing = 0
    for run in range(RUNS):
        for lang in LANGS:
            _catalog(project, lang).write_bytes(pristine[lang])
        (project / ".trilingual" / "mt-cache.sqlite").unlink(missing_ok=True)
        go, stop = tmp_path / f"go{run}", tmp_path / f"stop{run}"
        fake_deepl.mangle = lambda text, go=go: (go.touch(), text)[1]  # writers start mid-run
        writers = [
            subprocess.Popen([sys.executable, str(WRITER), str(_catalog(project, lang)), style,
                              str(run * 10 + i), str(go), str(stop),
                              str(tmp_path / f"log{run}{lang}.json")])
            for i, lang in enumerate(LANGS)
        ]
        try:
            report = translate_project(Project.open(project), TranslateOptions(engines=("deepl",)))
        finally:
            go.touch()
            stop.touch()
            for writer in writers:
                writer.wait(timeout=30)
        assert report.refused == []
        for lang in LANGS:
            log = json.loads((tmp_path / f"log{run}{lang}.json").read_text(encoding="utf-8"))
            final = {e.msgid: e for e in polib.pofile(str(_catalog(project, lang)))
                     if e.msgid and not e.obsolete}
            touched = set()
            for save in log["saves"]:
                tried += 1
                touched.add(save["msgid"])
                entry = final[save["msgid"]]
                if entry.msgstr != save["msgstr"] or "fuzzy" in entry.flags:
                    lost += 1
            for msgid, entry in final.items():
                if msgid in touched:
                    continue
                made = mt_comment(entry)
                if not entry.msgstr or made is None or made["engine"] != "deepl":
                    drafts_missing += 1
        for path in project.rglob("*.editor"):
            path.unlink()
    merged = sum(r.merged for r in results)
    print(f"\n{style}: {RUNS} runs, {tried} translator saves tried, {lost} lost, "
          f"{drafts_missing} machine drafts missing; translate saved {len(results)} times, "
          f"{merged} of them merging a translator's save")
    assert tried >= RUNS * 8, "the writers hardly saved: the test proves nothing"
    assert merged >= RUNS, "no save landed during a run: the test proves nothing"
    assert (lost, drafts_missing) == (0, 0)
    assert not list(project.rglob(".*.tmp"))


def test_a_rerun_after_a_refused_save_costs_nothing(
    project: Path, fake_deepl: FakeDeepL, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A catalog broken on disk during the run is left alone (exit 5, one line naming it);
    the answers are cached, so the next run sends nothing and fills everything."""
    path = _catalog(project, "be")
    good = path.read_bytes()
    calls = {"n": 0}

    def break_it(text: str) -> str:
        calls["n"] += 1
        if calls["n"] == 1:
            path.write_bytes(good[: len(good) // 2] + b'\nmsgid "unterminated\n')
        return text

    monkeypatch.setattr("trilingual.guarded.SETTLE", (0.01,))
    fake_deepl.mangle = break_it
    code = main(["-C", str(project), "translate", "--engine", "deepl", "--lang", "be"])
    err = capsys.readouterr().err
    assert code == 5
    assert "locales/be/LC_MESSAGES/notes.po: changed on disk" in err
    assert path.read_bytes().endswith(b'msgid "unterminated\n')  # left as it is
    path.write_bytes(good)  # the translator repairs the file
    billed = fake_deepl.billed
    fake_deepl.reset()
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--lang", "be"]) == 0
    assert fake_deepl.billed == billed and not fake_deepl.translate_requests()
    assert all(e.msgstr for e in polib.pofile(str(path)) if e.msgid and not e.obsolete)
