"""trilingual.extract: templates and catalogs written from the articles (a new article against
its golden template), nothing rewritten when nothing changed, the state that skips unchanged
articles, an edited sentence merged as a fuzzy entry with its previous msgid, a removed one
made obsolete, dry runs, and orphaned templates. conftest runs ``msgfmt -c`` on every .po left
in tmp_path."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural

from trilingual.extract import extract_article, extract_project
from trilingual.project import Project

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
DATE_RE = re.compile(r'^"POT-Creation-Date: [^"]*"$', re.MULTILINE)


def copy_sample(root: Path) -> Project:
    for name in ("trilingual.yaml", "glossary.yaml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "articles", root / "articles")
    shutil.copytree(REPO / "locales", root / "locales")
    return Project.open(root)


def snapshot(project: Project) -> dict[str, bytes]:
    return {str(p.relative_to(project.root)): p.read_bytes()
            for p in sorted(project.locales_dir.rglob("*")) if p.is_file()}


def test_sample_catalogs_are_up_to_date_and_stay_byte_identical(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    before = snapshot(project)
    report = extract_project(project)
    assert report.written == [] and report.orphans == []
    assert report.checked == len(project.slugs()) and report.skipped == 0
    assert report.segments > 0
    assert all(s.new == 0 and s.fuzzy == 0 and s.obsoleted == 0 for s in report.stats.values())
    assert snapshot(project) == before
    again = extract_project(project)  # the state file: nothing is even read
    assert (again.checked, again.skipped, again.written) == (0, len(project.slugs()), [])


def test_new_article_gets_the_golden_template_and_two_catalogs(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    shutil.copy(GOLDEN / "paragraphs" / "source.md", project.articles_dir / "paragraphs.md")
    report = extract_project(project, ["paragraphs"])
    pot_path = project.pot_path("paragraphs")
    po_paths = [project.po_path(lang, "paragraphs") for lang in ("be", "ru")]
    assert report.written == [pot_path, *po_paths]
    expected = (GOLDEN / "paragraphs" / "expected.pot").read_text(encoding="utf-8")
    written = pot_path.read_text(encoding="utf-8")
    assert DATE_RE.sub("DATE", written) == DATE_RE.sub("DATE", expected)
    pot = polib.pofile(str(pot_path))
    for lang, path in zip(("be", "ru"), po_paths, strict=True):
        po = polib.pofile(str(path))
        assert po.metadata["Language"] == lang
        assert po.metadata["Plural-Forms"] == get_plural(lang).plural_forms
        assert po.metadata["POT-Creation-Date"] == pot.metadata["POT-Creation-Date"]
        assert [(e.msgctxt, e.msgid, e.msgstr) for e in po] == [
            (e.msgctxt, e.msgid, "") for e in pot]
        assert report.stats[("paragraphs", lang)].new == len(pot)


def reviewed_sentence(project: Project) -> tuple[str, polib.POEntry]:
    """An article and a reviewed body entry of its be catalog found once in the article."""
    for slug in project.slugs():
        text = project.article_path(slug).read_text(encoding="utf-8")
        for entry in polib.pofile(str(project.po_path("be", slug))):
            if entry.msgctxt is None and entry.msgstr and "fuzzy" not in entry.flags and \
                    len(entry.msgid) > 60 and "{" not in entry.msgid and \
                    text.count(entry.msgid) == 1 and " the " in entry.msgid:
                return slug, entry
    raise AssertionError("no suitable sentence in the sample")


def test_edited_sentence_is_fuzzy_with_its_previous_msgid(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    slug, old = reviewed_sentence(project)
    new_msgid = old.msgid.replace(" the ", " this ", 1)
    article = project.article_path(slug)
    article.write_text(article.read_text(encoding="utf-8").replace(old.msgid, new_msgid),
                       encoding="utf-8")
    report = extract_project(project, [slug])
    assert report.written == [project.pot_path(slug), project.po_path("be", slug),
                              project.po_path("ru", slug)]
    for lang in ("be", "ru"):
        stats = report.stats[(slug, lang)]
        assert (stats.fuzzy, stats.new, stats.obsoleted) == (1, 0, 0)
        assert stats.fuzzy_pairs == [(old.msgid, new_msgid)]
    po = polib.pofile(str(project.po_path("be", slug)))
    entry = po.find(new_msgid)
    assert entry is not None and entry.msgstr == old.msgstr
    assert "fuzzy" in entry.flags and entry.previous_msgid == old.msgid
    assert po.find(old.msgid) is None  # it seeded the fuzzy entry: not kept as obsolete


def test_removed_sentence_becomes_obsolete_and_dry_run_writes_nothing(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    slug, old = reviewed_sentence(project)
    article = project.article_path(slug)
    article.write_text(article.read_text(encoding="utf-8").replace(old.msgid, ""),
                       encoding="utf-8")
    obsolete = {e.msgid for e in polib.pofile(str(project.po_path("be", slug))) if e.obsolete}
    before = snapshot(project)
    dry = extract_project(project, [slug], dry_run=True)
    assert snapshot(project) == before
    assert dry.written == [project.pot_path(slug), project.po_path("be", slug),
                           project.po_path("ru", slug)]
    assert dry.stats[(slug, "be")].obsoleted == 1
    report = extract_project(project, [slug])
    assert report.written == dry.written
    assert {p: p.read_bytes() for p in report.written} == dry.texts
    gone = [e for e in polib.pofile(str(project.po_path("be", slug)))
            if e.obsolete and e.msgid not in obsolete]
    assert [(e.msgid, e.msgstr) for e in gone] == [(old.msgid, old.msgstr)]


def test_extract_article_computes_without_writing(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    slug = project.slugs()[0]
    unchanged = extract_article(project, slug)
    assert unchanged.changed == [] and unchanged.texts == {} and unchanged.error is None
    project.po_path("ru", slug).unlink()
    result = extract_article(project, slug)
    assert result.changed == [project.po_path("ru", slug)]
    assert not project.po_path("ru", slug).exists()
    text = result.texts[project.po_path("ru", slug)].decode("utf-8")
    assert '"Language: ru\\n"' in text and 'msgstr "' in text


def test_orphan_templates_are_reported(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    slug = project.slugs()[0]
    project.article_path(slug).unlink()
    report = extract_project(project)
    assert report.orphans == [project.pot_path(slug)]


@pytest.mark.parametrize("normalize", [False, True])
def test_layout_of_another_tool_is_kept_unless_normalized(tmp_path: Path, normalize: bool) -> None:
    project = copy_sample(tmp_path)
    slug = project.slugs()[0]
    path = project.po_path("be", slug)
    # another tool's wrapping (GNU msgcat at 40 columns): same content, other bytes
    subprocess.run(["msgcat", "-w", "40", "-o", str(path), str(path)], check=True)
    rewrapped = path.read_bytes()
    assert rewrapped != (REPO / path.relative_to(project.root)).read_bytes()
    report = extract_project(project, [slug], normalize=normalize)
    assert (path in report.written) == normalize
    assert (path.read_bytes() == rewrapped) != normalize
