"""The operating system says no: disk full (a small tmpfs), an immutable catalog, a read-only
file system, too few file descriptors, a release that fails while moving pages into place.

Every case: one line on stderr naming the file and the reason, exit 15, no traceback, no temp
file left, and every file either as it was or wholly new. The tmpfs cases need ``mount`` (root,
as in CI); where it is refused they are skipped with the reason printed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_release_support import make_project
from trilingual.cli import main
from trilingual.project import Project

ONE_LINE_ERROR = "trilingual: error: "


def run(root: Path, *args: str, limit_files: int | None = None,
        ) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if limit_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit_files, limit_files))

    return subprocess.run([sys.executable, "-m", "trilingual.cli", "-C", str(root), *args],
                          capture_output=True, text=True, preexec_fn=limit, timeout=120)


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "lock"}


def temps(folder: Path) -> list[Path]:
    return list(folder.rglob(".*.tmp")) + list(folder.rglob("release-staging-*"))


def assert_one_line(result: subprocess.CompletedProcess[str], reason: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 15, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in lines if line.startswith(ONE_LINE_ERROR)]
    assert len(errors) == 1 and reason in errors[0], result.stderr
    return errors[0]


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """An 8 MB tmpfs under tmp_path (skipped, with the reason printed, where mount is refused)."""
    mount = tmp_path / "fs"
    mount.mkdir()
    if not shutil.which("mount"):
        reason = "no mount command: disk-full cases not run"
        print(reason)
        pytest.skip(reason)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        reason = f"mount refused ({result.stderr.strip() or result.returncode}): not run"
        print(reason)
        pytest.skip(reason)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to the last byte; returns the filler file."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


def test_disk_full_is_one_line_and_changes_nothing(small_fs: Path) -> None:
    root = small_fs / "project"
    make_project(root, translate=lambda lang, ctx, msgid: None if (
        lang == "be" and "the" in msgid) else f"{lang} {msgid}")  # some entries to translate
    assert main(["-C", str(root), "release"]) == 0
    article = next((root / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nA new closing sentence.\n",
                       encoding="utf-8")
    before = digests(root)
    filler = fill(small_fs)
    figures = []
    for args in (["extract"], ["translate", "--engine", "pseudo"], ["release"]):
        if args[0] == "release":  # (with catalogs as extract left them: all old)
            shutil.rmtree(root / ".trilingual", ignore_errors=True)
        result = run(root, *args)
        line = assert_one_line(result, "disk full (ENOSPC)")
        figures.append(f"{args[0]}: exit {result.returncode}: {line}")
        assert temps(root) == []
        after = digests(root)
        changed = {k for k in before if k in after and before[k] != after[k]}
        assert changed == set(), (args, changed)
        assert set(before) - set(after) <= {k for k in before if k.startswith(".trilingual/")}
    print("\n" + "\n".join(figures))
    filler.unlink()
    assert run(root, "extract").returncode == 0
    assert run(root, "release").returncode == 0
    assert temps(root) == []
    assert Project.open(root).slugs()


def test_immutable_catalog_is_one_line(tmp_path: Path) -> None:
    root = tmp_path / "project"
    project = make_project(root)
    slug = project.slugs()[0]
    catalog = project.po_path("be", slug)
    article = project.article_path(slug)
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                       encoding="utf-8")
    locked = subprocess.run(["chattr", "+i", str(catalog)], capture_output=True, text=True)
    if locked.returncode != 0:
        reason = f"chattr +i refused ({locked.stderr.strip()}): immutable case not run"
        print(reason)
        pytest.skip(reason)
    try:
        before = catalog.read_bytes()
        result = run(root, "extract")
        line = assert_one_line(result, "operation not permitted")
        assert str(catalog) in line and "(EPERM)" in line
        print(f"\nimmutable catalog: exit {result.returncode}: {line}")
        assert catalog.read_bytes() == before
        assert temps(root) == []
    finally:
        subprocess.run(["chattr", "-i", str(catalog)], capture_output=True)
    assert run(root, "extract").returncode == 0


def test_read_only_file_system_is_one_line(small_fs: Path) -> None:
    root = small_fs / "project"
    make_project(root)
    assert main(["-C", str(root), "release"]) == 0
    article = next((root / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nAnother sentence.\n",
                       encoding="utf-8")
    before = digests(root)
    remount = subprocess.run(["mount", "-o", "remount,ro", str(small_fs)],
                             capture_output=True, text=True)
    if remount.returncode != 0:
        pytest.skip(f"remount read-only refused: {remount.stderr.strip()}")
    try:
        result = run(root, "extract")
        line = assert_one_line(result, "read-only file system (EROFS)")
        print(f"\nread-only file system: exit {result.returncode}: {line}")
        assert digests(root) == before
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_fs)], capture_output=True)


def test_too_many_open_files_is_one_line(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_project(root)
    result = run(root, "extract", "--force", "-j", "2", limit_files=14)
    line = assert_one_line(result, "too many open files")
    print(f"\nulimit -n 14: exit {result.returncode}: {line}")
    assert temps(root) == []


def test_release_that_fails_while_moving_pages_rolls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import trilingual.release.staging as staging

    root = tmp_path / "project"
    project = make_project(root)
    assert main(["-C", str(root), "release"]) == 0
    dist = root / "dist"
    before = digests(dist)
    # a change that rewrites many pages, and a disk that fills up after the tenth move
    (root / "trilingual.yaml").write_text(
        (root / "trilingual.yaml").read_text(encoding="utf-8").replace(
            "site_title: Belarus Weekly Commentary", "site_title: Weekly Notes"),
        encoding="utf-8")
    moved = []
    real_move = staging.move

    def failing_move(staged: Path, target: Path) -> None:
        if len(moved) == 10:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        moved.append(target)
        real_move(staged, target)

    monkeypatch.setattr(staging, "move", failing_move)
    assert main(["-C", str(root), "release"]) == 15
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk full (ENOSPC)" in err
    assert len(moved) == 10
    assert digests(dist) == before  # every page old: none of the ten moved stays new
    assert temps(root) == []
    monkeypatch.setattr(staging, "move", real_move)
    assert main(["-C", str(root), "release"]) == 0
    after = digests(dist)
    assert after != before and all("Weekly Notes" in (dist / rel).read_text(encoding="utf-8")
                                   for rel in after if rel.endswith("index.html"))
    assert project.root == root


def test_deleting_the_state_folder_does_not_free_the_lock(tmp_path: Path) -> None:
    from trilingual.lock import project_lock

    root = tmp_path / "project"
    project = make_project(root)
    with project_lock(project):
        shutil.rmtree(root / ".trilingual")  # what `make clean` does during a run
        result = subprocess.run(
            [sys.executable, "-m", "trilingual.cli", "-C", str(root), "extract"],
            capture_output=True, text=True, env={**os.environ, "TRILINGUAL_LOCK_TIMEOUT": "0.5"},
        )
    assert result.returncode == 7, result.stderr
    assert "another trilingual process" in result.stderr
    assert run(root, "extract").returncode == 0


def test_state_folder_deleted_during_translate_stops_before_paying_more(tmp_path: Path) -> None:
    import time

    from fake_deepl import FakeDeepL
    from test_kill_matrix import articles
    from trilingual.ledger import read_usage
    from trilingual.po import read_po

    root = tmp_path / "project"
    # the fake's pseudo-translations keep English decimal points and names: the checks that
    # verify drafts would reject some, and this test is about every *accepted* answer landing
    project = make_project(
        root, articles=articles(3), translate=lambda lang, ctx, msgid: None,
        config_extra="check:\n  disable: [numbers, terminology, dates, latin-lookalike, "
                     "foreign-letters, markup, links]\n")
    fake = FakeDeepL().start()
    fake.delay = 0.3
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "trilingual.cli", "-C", str(root), "translate", "--engine",
             "deepl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "DEEPL_AUTH_KEY": fake.key, "DEEPL_SERVER_URL": fake.url},
        )
        deadline = time.monotonic() + 60
        while not fake.translate_requests() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.45)
        shutil.rmtree(root / ".trilingual")  # `make clean` during the run (and its ledger)
        billed_before = fake.billed
        _, err = proc.communicate(timeout=120)
    finally:
        fake.stop()
    assert proc.returncode == 7, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        "trilingual: error: .trilingual: was deleted during the run (make clean?): stopped "
        "before sending more; finished batches were saved; run the command again")
    answered = {t for t in fake.texts_sent()}
    assert 0 < len(answered) < 316  # stopped early
    filled = {e.msgid for slug in project.slugs() for lang in ("be", "ru")
              for e in read_po(project.po_path(lang, slug)) if e.msgstr}
    assert len(filled) >= len(answered)  # every paid answer is in the catalogs
    # and what was billed after the deletion is in the (recreated) ledger
    ledgered = sum(r.chars for r in read_usage(root / ".trilingual"))
    assert fake.billed - billed_before <= ledgered <= fake.billed
