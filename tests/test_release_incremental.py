"""Incremental releases give exactly the bytes of a full release, and notice every change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import trilingual
from test_release_support import fill_catalogs, make_project, pseudo, set_translation
from trilingual.errors import SourceError
from trilingual.project import Project
from trilingual.release import build, pool, release_project

CHINA = "2024-09-06-china-trade-corridor"
BORDER = "2024-08-30-lithuania-poland-border-regime"


def tree(folder: Path) -> dict[str, bytes]:
    """Every output file and its bytes; a search bundle (whose bytes Pagefind does not keep
    in one order from run to run) by the pages it indexes."""
    found = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if not p.is_file():
            continue
        if rel.startswith("pagefind/") and rel.count("/") > 1:
            bundle = rel.split("/")[1]
            entry = json.loads((folder / "pagefind" / bundle / "pagefind-entry.json").read_text())
            found[f"pagefind/{bundle}/"] = json.dumps(
                {lang: v["page_count"] for lang, v in entry["languages"].items()},
                sort_keys=True).encode()
            continue
        found[rel] = p.read_bytes()
    return found


def full(project: Project, out: Path) -> dict[str, bytes]:
    """A release from scratch: a folder no manifest knows."""
    assert not out.exists()
    report = release_project(project, out)
    assert len(report.built) == report.outputs
    return tree(out)


def age_manifests(project: Project, seconds: float = 30.0) -> None:
    """Date every manifest ``seconds`` later, so that stat signatures are trusted."""
    for manifest in project.state_dir.glob("release-*.manifest"):
        st = manifest.stat()
        os.utime(manifest, ns=(st.st_atime_ns, st.st_mtime_ns + int(seconds * 1e9)))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "p")


def test_incremental_equals_full_after_each_kind_of_change(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "inc"
    release_project(project, out)
    steps = 0

    def check() -> build.ReleaseReport:
        nonlocal steps
        steps += 1
        report = release_project(project, out)
        assert tree(out) == full(project, tmp_path / f"full{steps}")
        return report

    # a translation
    set_translation(project, "ru", CHINA, "reputational reasons", "ЁРУ Новый перевод.")
    report = check()
    assert 0 < len(report.built) < report.outputs
    # the English text: new sentences are untranslated, the article is left out in be and ru
    path = project.article_path(BORDER)
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    fill_catalogs(project, translate=lambda lang, ctx, msgid: None if "One more" in msgid
                  else pseudo(lang, ctx, msgid))
    report = check()
    assert {slug for _, slug, _ in report.omitted} == {BORDER}
    # the translation arrives
    fill_catalogs(project)
    check()
    # the configuration: the site title is on every page
    config = project.root / "trilingual.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "site_title: Belarus Weekly Commentary", "site_title: The Weekly"), "utf-8")
    project = Project.open(project.root)
    report = check()
    assert len(report.built) == report.outputs
    assert b"The Weekly" in (out / "en/index.html").read_bytes()
    # a template of the project's own
    (project.root / "templates").mkdir()
    (project.root / "templates/feed.xml").write_text(
        (Path(trilingual.__file__).parent / "templates/feed.xml").read_text("utf-8")
        .replace("<generator>trilingual</generator>", "<generator>ours</generator>"), "utf-8")
    report = check()
    assert len(report.built) == report.outputs
    assert b"<generator>ours</generator>" in (out / "be/feed.xml").read_bytes()
    assert set(report.written) == {"en/feed.xml", "be/feed.xml", "ru/feed.xml"}
    # trilingual's version
    monkeypatch.setattr(trilingual, "__version__", trilingual.__version__ + ".post1")
    report = check()
    assert len(report.built) == report.outputs and report.written == ()
    # an article removed
    project.article_path(CHINA).unlink()
    report = check()
    assert f"be/articles/{CHINA}.html" in report.removed


def test_parallel_build_equals_sequential_build(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "PARALLEL_MIN", 10**9)
    sequential = full(project, tmp_path / "seq")
    monkeypatch.setattr(pool, "PARALLEL_MIN", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert full(project, tmp_path / "par") == sequential
    set_translation(project, "be", CHINA, "reputational reasons", "ЎБЕ Новы пераклад.")
    path = project.article_path(BORDER)
    path.write_text(path.read_text(encoding="utf-8").replace("the", "the", 1), "utf-8")
    release_project(project, tmp_path / "par")
    assert tree(tmp_path / "par") == full(project, tmp_path / "seq2")


def test_deleted_output_is_rebuilt(project: Project) -> None:
    release_project(project)
    dist = project.root / "dist"
    before = tree(dist)
    age_manifests(project)
    for rel in ("en/index.html", f"ru/articles/{CHINA}.html", "be/feed.xml", "assets/style.css"):
        (dist / rel).unlink()
        report = release_project(project)
        assert report.built == (rel,) and report.written == (rel,)
        assert tree(dist) == before


def test_output_changed_behind_the_release_is_repaired(project: Project) -> None:
    """Same size, mtime set back: the ctime (and inode) still tell."""
    release_project(project)
    dist = project.root / "dist"
    before = tree(dist)
    age_manifests(project)
    target = dist / f"be/articles/{CHINA}.html"
    st = target.stat()
    data = target.read_bytes()
    target.write_bytes(data.replace(b"<html", b"<HTML", 1))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert target.stat().st_size == st.st_size
    report = release_project(project)
    assert report.built == (f"be/articles/{CHINA}.html",)
    assert tree(dist) == before


def test_recent_output_is_compared_by_content(project: Project) -> None:
    """Right after a release every signature is too recent to trust: the bytes are read."""
    release_project(project)
    dist = project.root / "dist"
    target = dist / "ru/index.html"
    data = target.read_bytes()
    target.write_bytes(data.replace(b"<html", b"<HTML", 1))
    report = release_project(project)
    assert report.built == ("ru/index.html",)
    assert target.read_bytes() == data


def test_catalog_changed_with_same_size_and_mtime_is_noticed(project: Project) -> None:
    release_project(project)
    age_manifests(project)
    path = project.po_path("ru", CHINA)
    st = path.stat()
    text = path.read_text("utf-8")
    assert "ЁРУ Between Brest" in text
    path.write_text(text.replace("ЁРУ Between Brest", "ЁРУ Between Bresd"), "utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    report = release_project(project)
    assert f"ru/articles/{CHINA}.html" in report.written
    assert "ЁРУ Between Bresd" in (project.root / f"dist/ru/articles/{CHINA}.html").read_text(
        "utf-8")


def test_nothing_changed_reads_no_input_and_no_output(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    release_project(project)
    age_manifests(project)
    read: list[str] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    report = release_project(project)
    assert report.built == () and report.renders == 0
    watched = [str(project.root / folder) for folder in ("articles", "locales", "dist")]
    assert read and not [name for name in read if name.startswith(tuple(watched))]


def test_failed_release_changes_no_file(project: Project, tmp_path: Path) -> None:
    release_project(project)
    dist = project.root / "dist"
    before = tree(dist)
    set_translation(project, "ru", CHINA, "reputational reasons", "ЁРУ Новый перевод.")
    path = project.article_path(BORDER)
    path.write_text(path.read_text("utf-8").replace("date:", "date: not-a-date #", 1), "utf-8")
    with pytest.raises(SourceError):
        release_project(project)
    assert tree(dist) == before
    assert not list(project.state_dir.glob("release-staging-*"))
