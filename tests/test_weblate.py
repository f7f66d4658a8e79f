"""Weblate in front of trilingual, for real: a local Weblate (PyPI, Debian's PostgreSQL, Celery
eager) discovers one component per article with the README's regex, a translation is saved
through its REST API, Weblate commits and pushes, and then ``trilingual check`` passes with
nothing outdated and ``extract`` rewrites nothing.

Slow (minutes) and heavy: only ``make test-weblate`` runs it (it sets TRILINGUAL_WEBLATE_PYTHON
after tests/weblate/setup.sh prepared Weblate and the database).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import polib
import pytest

from trilingual.cli import main

REPO = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("TRILINGUAL_WEBLATE_PYTHON", "")

pytestmark = pytest.mark.skipif(
    not PYTHON, reason="needs a Weblate install: run `make test-weblate`"
)

SLUG = "2024-08-28-potash-russian-ports"
SOURCE = "The size of the discount is difficult to verify."
TARGET = "Памер зніжкі праверыць цяжка."


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def test_weblate_saves_commits_and_the_gate_still_passes(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for name in ("trilingual.yaml", "glossary.yaml", "articles", "locales"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, work / name)
    _git(work, "init", "-q", "-b", "main")
    _git(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    _git(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "sample")
    origin = tmp_path / "origin.git"
    _git(tmp_path, "clone", "-q", "--bare", str(work), str(origin))
    slugs = sorted(p.stem for p in (work / "articles").glob("*.md"))

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings",
           "PYTHONPATH": str(REPO / "tests" / "weblate"),
           "WEBLATE_DATA_DIR": str(tmp_path / "weblate-data")}
    started = time.monotonic()
    run = subprocess.run(
        [PYTHON, str(REPO / "tests" / "weblate" / "drive.py"), str(origin), slugs[0], SLUG,
         SOURCE, TARGET],
        env=env, capture_output=True, text=True, timeout=1800,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"weblate: {time.monotonic() - started:.0f} s, {seen}")
    # discovery: one component per article (plus the glossary Weblate adds to every project)
    assert [c for c in seen["components"] if c != "glossary"] == slugs

    after = tmp_path / "after"
    _git(tmp_path, "clone", "-q", str(origin), str(after))
    log = _git(after, "log", "--format=%an|%s")
    assert log.splitlines()[0].split("|")[0] != "t", log  # Weblate's commit is on top
    changed = _git(after, "diff", "--name-only", "HEAD~1", "HEAD").split()
    assert changed == [f"locales/be/LC_MESSAGES/{SLUG}.po"]
    entries = {e.msgid: e for e in polib.pofile(str(after / changed[0]))}
    assert entries[SOURCE].msgstr == TARGET and "fuzzy" not in entries[SOURCE].flags

    before = {p: p.read_bytes() for p in (after / "locales").rglob("*.po*")}
    assert main(["-C", str(after), "check"]) == 0
    assert main(["-C", str(after), "extract", "--check"]) == 0
    assert main(["-C", str(after), "extract"]) == 0
    assert {p: p.read_bytes() for p in (after / "locales").rglob("*.po*")} == before
