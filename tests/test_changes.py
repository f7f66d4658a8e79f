"""``extract --dry-run`` says what would change per catalog; ``--diff`` is the exact patch."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from test_release_support import REPO
from trilingual.cli import main

SLUG = "2024-08-28-potash-russian-ports"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    for name in ("articles", "locales"):
        shutil.copytree(REPO / name, root / name)
    for name in ("trilingual.yaml", "glossary.yaml"):
        shutil.copy(REPO / name, root / name)
    article = root / "articles" / f"{SLUG}.md"
    text = article.read_text(encoding="utf-8")
    edited = (text
              .replace("lower than in 2023 and", "lower than in 2022 and")  # edited: fuzzy
              .replace("The point deserves attention.", "")  # removed: obsolete
              + "\nA brand new closing sentence about freight.\n")  # new
    assert edited != text
    article.write_text(edited, encoding="utf-8")
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".trilingual" not in p.parts}


def test_dry_run_lists_entries_per_catalog(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(sample)
    assert main(["-C", str(sample), "extract", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert _snapshot(sample) == before
    po = f"locales/be/LC_MESSAGES/{SLUG}.po"
    assert f"would update {po}: 1 new, 1 fuzzy, 1 obsolete" in out
    assert "  new: A brand new closing sentence about freight." in out
    assert ("  fuzzy: Tonnes are back, but revenue per tonne is lower than in 2022 and far below"
            " the boom of 2022.") in out
    assert ("     was: Tonnes are back, but revenue per tonne is lower than in 2023 and far "
            "below the boom of 2022.") in out
    assert "  obsolete: The point deserves attention." in out
    assert f"would update locales/templates/{SLUG}.pot: 2 new, 2 removed" in out


def test_diff_is_exactly_what_extract_writes(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    patched = tmp_path / "patched"
    shutil.copytree(sample, patched)
    assert main(["-C", str(sample), "extract", "--diff"]) == 0
    diff = capsys.readouterr().out
    assert diff.count("\n--- a/") == 2 and diff.startswith("--- a/locales/")
    assert "+#| msgid \"\"" in diff
    subprocess.run(["patch", "-p1", "-s", "-d", str(patched)], input=diff, text=True, check=True)
    assert main(["-C", str(sample), "extract"]) == 0
    written = _snapshot(sample)
    for name, data in _snapshot(patched).items():
        if name.endswith((".po", ".pot")):
            # the patch carries the dry run's POT-Creation-Date; the real run may be a minute on
            lines = [ln for ln in data.split(b"\n") if b"POT-Creation-Date" not in ln]
            real = [ln for ln in written[name].split(b"\n") if b"POT-Creation-Date" not in ln]
            assert lines == real, name
