"""The guarded save: a save that landed since the read is merged, never overwritten.

Each outside save here is real file I/O (atomic rename or in-place truncate + write) placed at a
chosen moment of :func:`save_guarded`: before it starts, while its temp file is written, and
between its last check and the swap.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from trilingual import guarded
from trilingual.guarded import merge_catalogs, read_snapshot, save_guarded
from trilingual.po import format_po, parse_po_text

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: be\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
)


def catalog(**entries: str) -> str:
    """A catalog with entries ``a``, ``b``, ``c``... (msgid = name), msgstr as given."""
    po = parse_po_text(HEADER)
    for msgid, msgstr in entries.items():
        po.append(polib.POEntry(msgid=f"Sentence {msgid}.", msgstr=msgstr,
                                flags=["fuzzy"] if msgstr.startswith("MT") else []))
    return format_po(po)


def msgstrs(path: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgid}


def save_by_rename(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".editor")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def save_in_place(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


SAVES: dict[str, Callable[[Path, str], None]] = {"rename": save_by_rename, "in-place": save_in_place}
BASE = {"a": "", "b": "", "c": "Рэцэнзаваны сказ."}
OURS = {"a": "MT a", "b": "MT b", "c": "Рэцэнзаваны сказ."}


@pytest.fixture
def po(tmp_path: Path) -> Path:
    path = tmp_path / "x.po"
    path.write_text(catalog(**BASE), encoding="utf-8")
    return path


def test_unchanged_disk_is_replaced(po: Path) -> None:
    snap = read_snapshot(po)
    result = save_guarded(po, snap, catalog(**OURS))
    assert result.written and not result.merged
    assert po.read_text(encoding="utf-8") == catalog(**OURS)
    assert result.snapshot.stamp == read_snapshot(po).stamp  # the base of the next save
    again = save_guarded(po, result.snapshot, catalog(**OURS))
    assert again.status == "unchanged"


@pytest.mark.parametrize("style", list(SAVES))
@pytest.mark.parametrize("moment", ["before", "while-staging", "before-swap"])
def test_an_outside_save_at_any_moment_is_merged(
    po: Path, monkeypatch: pytest.MonkeyPatch, style: str, moment: str
) -> None:
    if moment == "before-swap" and guarded._RENAMEAT2 is None:
        pytest.skip("no renameat2 here: the documented window before the rename remains")
    snap = read_snapshot(po)
    theirs = catalog(**dict(BASE, b="Ручны пераклад b.", c="Рэцэнзаваны сказ, выпраўлены."))

    def outside() -> None:
        SAVES[style](po, theirs)

    calls = {"n": 0}
    if moment == "before":
        outside()
    elif moment == "while-staging":
        real_stage = guarded.stage

        def stage(*args: object, **kwargs: object) -> Path:
            tmp = real_stage(*args, **kwargs)  # type: ignore[arg-type]
            if not calls["n"]:
                outside()
            calls["n"] += 1
            return tmp

        monkeypatch.setattr(guarded, "stage", stage)
    else:
        real_exchange = guarded._exchange

        def exchange(tmp: Path, path: Path) -> bool:
            if not calls["n"]:
                outside()  # after the last check, just before the swap
            calls["n"] += 1
            return real_exchange(tmp, path)

        monkeypatch.setattr(guarded, "_exchange", exchange)
    result = save_guarded(po, snap, catalog(**OURS), fill_empty=True)
    assert result.written and result.merged
    assert result.kept == 1  # b: theirs won over our draft
    assert msgstrs(po) == {"Sentence a.": "MT a", "Sentence b.": "Ручны пераклад b.",
                           "Sentence c.": "Рэцэнзаваны сказ, выпраўлены."}
    assert not list(po.parent.glob(".*.tmp"))
    if moment != "before":
        assert calls["n"] >= 1


def test_fill_empty_refills_a_draft_someone_emptied(po: Path) -> None:
    save_guarded(po, read_snapshot(po), catalog(**OURS))
    snap = read_snapshot(po)  # our drafts are on disk
    save_in_place(po, catalog(**BASE))  # a stale editor buffer saved over them
    more = dict(OURS, c="Рэцэнзаваны сказ.")
    assert save_guarded(po, snap, catalog(**more), fill_empty=True).written
    assert msgstrs(po)["Sentence a."] == "MT a"
    po.write_text(catalog(**BASE), encoding="utf-8")
    snap2 = read_snapshot(po)
    save_in_place(po, catalog(**dict(BASE, a="Ручны a.")))
    save_guarded(po, snap2, catalog(**OURS), fill_empty=False)
    assert msgstrs(po)["Sentence a."] == "Ручны a."  # changed by someone: never touched


def test_layout_only_resave_is_no_change(po: Path) -> None:
    snap = read_snapshot(po)
    po.write_text(catalog(**BASE).replace('msgstr ""\n"Language', 'msgstr ""\n"Language'),
                  encoding="utf-8")
    text = po.read_text(encoding="utf-8")
    # every string on one line: another layout, the same content
    save_in_place(po, text.replace('"\n"', ""))
    result = save_guarded(po, snap, catalog(**OURS))
    assert result.merged and result.kept == 0
    assert msgstrs(po) == {f"Sentence {k}.": v for k, v in OURS.items()}


@pytest.mark.bad_po
@pytest.mark.parametrize("damage", ["garbage", "half", "new-entry", "deleted"])
def test_an_unmergeable_disk_is_left_alone(
    po: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guarded, "SETTLE", (0.01,))
    snap = read_snapshot(po)
    if damage == "garbage":
        save_in_place(po, "msgid \"x\nthis is not a catalog\n")
    elif damage == "half":
        save_in_place(po, catalog(**BASE)[:-25])
    elif damage == "new-entry":
        save_in_place(po, catalog(**dict(BASE, d="Новы.")))
    else:
        po.unlink()
    before = po.read_bytes() if po.exists() else None
    result = save_guarded(po, snap, catalog(**OURS), rel="locales/be/LC_MESSAGES/x.po")
    assert result.refused and not result.written
    assert result.message.startswith("locales/be/LC_MESSAGES/x.po: changed on disk")
    assert "\n" not in result.message
    assert (po.read_bytes() if po.exists() else None) == before
    assert not list(po.parent.glob(".*.tmp"))


def test_a_half_written_save_is_waited_for(po: Path) -> None:
    snap = read_snapshot(po)
    theirs = catalog(**dict(BASE, b="Ручны b."))
    save_in_place(po, theirs[: len(theirs) // 2])  # an in-place save under way ...

    def finish() -> None:
        time.sleep(0.03)
        save_in_place(po, theirs)  # ... that ends a moment later

    thread = threading.Thread(target=finish)
    thread.start()
    result = save_guarded(po, snap, catalog(**OURS), fill_empty=True)
    thread.join()
    assert result.written and result.merged
    assert msgstrs(po) == {"Sentence a.": "MT a", "Sentence b.": "Ручны b.",
                           "Sentence c.": "Рэцэнзаваны сказ."}


def test_merge_rules() -> None:
    base = catalog(**BASE).encode()
    # ours adds an entry and theirs reviewed one: both kept
    ours = catalog(**dict(BASE, d="Новы."))
    theirs = catalog(**dict(BASE, c="Іначай.")).encode()
    merged = merge_catalogs(base, ours, theirs)
    assert merged.text is not None
    got = {e.msgid: e.msgstr for e in parse_po_text(merged.text) if e.msgid}
    assert got == {"Sentence a.": "", "Sentence b.": "", "Sentence c.": "Іначай.",
                   "Sentence d.": "Новы."}
    # ours removes an entry that theirs changed: no merge
    removed = catalog(a="", b="")
    assert merge_catalogs(base, removed, theirs).problem
    # ours removes an entry theirs left alone: removed
    assert merge_catalogs(base, catalog(a="", c=""), catalog(**dict(BASE, a="x")).encode()).text


ARTICLE = "---\ntitle: \"Notes\"\ndate: 2024-08-28\n---\n\nFirst sentence here. Second one there.\n"


@pytest.mark.parametrize("style", list(SAVES))
def test_extract_merges_a_translator_save_that_lands_before_its_rename(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch, style: str
) -> None:
    from trilingual import extract
    from trilingual.cli import main

    article = project_dir / "articles" / "notes.md"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["-C", str(project_dir), "extract"]) == 0
    path = project_dir / "locales" / "be" / "LC_MESSAGES" / "notes.po"
    article.write_text(ARTICLE.replace("there.", "there. A third one.\n"), encoding="utf-8")
    real = extract.replace_staged
    landed = []

    def replace_staged(target: Path, tmp: Path, stamp: guarded.Stamp) -> bool:
        if target == path and not landed:  # the translator saves just before the rename
            po = polib.pofile(str(path))
            next(e for e in po if e.msgid == "First sentence here.").msgstr = "Першы сказ."
            SAVES[style](path, str(po))
            landed.append(target)
        return real(target, tmp, stamp)

    monkeypatch.setattr(extract, "replace_staged", replace_staged)
    assert main(["-C", str(project_dir), "extract"]) == 0
    assert landed
    got = msgstrs(path)
    assert got["First sentence here."] == "Першы сказ."
    assert "A third one." in got
    assert main(["-C", str(project_dir), "extract", "--check"]) == 0


@pytest.mark.bad_po
def test_extract_leaves_a_catalog_broken_meanwhile_alone(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from trilingual import extract
    from trilingual.cli import main

    monkeypatch.setattr(guarded, "SETTLE", (0.01,))
    article = project_dir / "articles" / "notes.md"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["-C", str(project_dir), "extract"]) == 0
    path = project_dir / "locales" / "be" / "LC_MESSAGES" / "notes.po"
    article.write_text(ARTICLE.replace("there.", "there. A third one.\n"), encoding="utf-8")
    real = extract.replace_staged

    def replace_staged(target: Path, tmp: Path, stamp: guarded.Stamp) -> bool:
        if target == path:
            save_in_place(path, 'msgid "half a file\n')
        return real(target, tmp, stamp)

    monkeypatch.setattr(extract, "replace_staged", replace_staged)
    assert main(["-C", str(project_dir), "extract"]) == 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "locales/be/LC_MESSAGES/notes.po:" in err
    assert path.read_text(encoding="utf-8") == 'msgid "half a file\n'
    assert "A third one." in msgstrs(project_dir / "locales" / "ru" / "LC_MESSAGES" / "notes.po")
