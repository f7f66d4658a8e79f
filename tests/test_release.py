"""The release workflow: layout, publishing policy, injection safety, incremental builds."""

from __future__ import annotations

import marshal
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from test_release_support import make_project, pseudo, set_translation
from trilingual.cli import main
from trilingual.errors import ReleaseBlocked, SourceError, UsageError
from trilingual.project import Project
from trilingual.release import IncompleteRelease, release_project
from trilingual.release.site import safe_relative

NNBSP = "\u202f"
POTASH = "2024-08-28-potash-russian-ports"
BUDGET = "2024-09-04-budget-wages-price-controls"
CHINA = "2024-09-06-china-trade-corridor"
BORDER = "2024-08-30-lithuania-poland-border-regime"
ATOM = "{http://www.w3.org/2005/Atom}"


def reconfigure(project: Project, old: str, new: str) -> Project:
    path = project.root / "trilingual.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return Project.open(project.root)


_SEARCH_SCRIPT_RE = re.compile(
    r'<script src="(?:\.\./)*(?:pagefind/pagefind-ui\.js|pagefind/shards\.js|assets/search\.js)">'
    r"</script>")


def only_search_scripts(page: str) -> bool:
    """The page's only scripts are the search box's own three (no inline script at all)."""
    return "<script" not in _SEARCH_SCRIPT_RE.sub("", page) and \
        len(_SEARCH_SCRIPT_RE.findall(page)) in (0, 3)


def snapshot(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The four sample commentaries, pseudo-translated and reviewed, released once."""
    project = make_project(tmp_path_factory.mktemp("sample"))
    release_project(project)
    return project


def read(project: Project, rel: str) -> str:
    return (project.root / "dist" / rel).read_text(encoding="utf-8")


# --- layout -------------------------------------------------------------------------------------

def test_layout_and_page_counts(sample: Project) -> None:
    report = release_project(sample)
    assert report.pages == {"": 1, "en": 13, "be": 13, "ru": 13}
    dist = sample.root / "dist"
    for lang in ("en", "be", "ru"):
        for rel in ("index.html", "feed.xml", "editions/2024-08-26.html",
                    "editions/2024-09-02.html", "newsletters/2024-09-02.html",
                    f"articles/{POTASH}.html", f"parallel/{POTASH}.html", f"markdown/{POTASH}.md"):
            assert (dist / lang / rel).is_file(), f"{lang}/{rel}"
    assert (dist / "index.html").is_file() and (dist / "assets/style.css").is_file()


def test_edition_page_has_localized_period_and_sections(sample: Project) -> None:
    be = read(sample, "be/editions/2024-08-26.html")
    assert '<html lang="be"' in be
    assert f"26 жніўня – 1 верасня 2024{NNBSP}г." in be
    assert be.index("ЎБЕ Economy") < be.index("ЎБЕ Foreign policy")  # translated section names
    ru = read(sample, "ru/editions/2024-09-02.html")
    assert f"2–8 сентября 2024{NNBSP}г." in ru
    assert f"4 сентября 2024{NNBSP}г." in ru
    en = read(sample, "en/editions/2024-08-26.html")
    assert "August 26 – September 1, 2024" in en


def test_article_page_switcher_and_hreflang(sample: Project) -> None:
    page = read(sample, f"be/articles/{POTASH}.html")
    assert '<html lang="be"' in page
    assert f'href="../../ru/articles/{POTASH}.html" hreflang="ru" lang="ru"' in page
    assert f'href="../../en/articles/{POTASH}.html" hreflang="en" lang="en"' in page
    for lang in ("en", "be", "ru"):
        assert f'<link rel="alternate" hreflang="{lang}"' in page
    assert only_search_scripts(page) and "http://" not in page.split("<main", 1)[0]
    assert "ЎБЕ From Klaipeda to the Gulf of Finland</h2>" in page
    assert "<table>" in page  # GFM table


def test_markdown_has_translated_front_matter_and_local_dates(sample: Project) -> None:
    text = read(sample, f"be/markdown/{POTASH}.md")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"].startswith("ЎБЕ Potash")
    assert front["section"] == "ЎБЕ Economy"
    assert front["date_display"] == f"28 жніўня 2024{NNBSP}г."
    assert front["edition_title"] == f"26 жніўня – 1 верасня 2024{NNBSP}г."
    assert front["original"] == f"../../en/markdown/{POTASH}.md"
    assert front["author"] == "Anton Dubrava"
    assert "## ЎБЕ From Klaipeda" in text


def test_atom_feed(sample: Project) -> None:
    root = ET.fromstring(read(sample, "ru/feed.xml").encode())
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4
    assert root.findtext(f"{ATOM}updated") == "2024-09-06T00:00:00Z"
    assert entries[0].findtext(f"{ATOM}updated") == "2024-09-06T00:00:00Z"
    assert entries[0].findtext(f"{ATOM}title", "").startswith("ЁРУ Between Brest")
    content = entries[0].findtext(f"{ATOM}content", "")
    assert content.startswith("<p>ЁРУ ")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 4


def test_newsletter_is_email_ready(sample: Project) -> None:
    mail = read(sample, "be/newsletters/2024-08-26.html")
    assert "<script" not in mail and "<style" not in mail and "stylesheet" not in mail
    assert mail.count('style="') > 10
    assert f"26 жніўня – 1 верасня 2024{NNBSP}г." in mail
    assert f'href="../articles/{POTASH}.html"' in mail


def test_parallel_view_aligns_blocks(sample: Project) -> None:
    page = read(sample, f"ru/parallel/{POTASH}.html")
    rows = page.split('<div class="parallel-row">')[1:]
    assert len(rows) > 15
    for row in rows:
        assert row.count('class="parallel-cell" lang=') == 3
    heading_row = next(r for r in rows if "<h2>From Klaipeda" in r)
    assert "<h2>ЎБЕ From Klaipeda" in heading_row and "<h2>ЁРУ From Klaipeda" in heading_row


# --- policy -------------------------------------------------------------------------------------

def _incomplete(lang: str, marker: str):  # type: ignore[no-untyped-def]
    def translate(target: str, msgctxt: str | None, msgid: str) -> str | None:
        if target == lang and marker in msgid:
            return None
        return pseudo(target, msgctxt, msgid)
    return translate


def test_omit_leaves_article_out_with_notice(tmp_path: Path) -> None:
    project = make_project(tmp_path, translate=_incomplete("be", "price controls"))
    report = release_project(project)
    assert [(lang, slug) for lang, slug, _ in report.omitted] == [("be", BUDGET)]
    notice = read(project, f"be/articles/{BUDGET}.html")
    assert 'class="notice omitted"' in notice
    assert f'href="../../en/articles/{BUDGET}.html"' in notice
    assert "September is budget season" not in notice  # no English body under a be page
    assert 'hreflang="be"' not in notice.split("</head>")[0]  # not offered as an alternate
    edition = read(project, "be/editions/2024-09-02.html")
    assert "Яшчэ не перакладзена" in edition
    assert f'href="../../en/articles/{BUDGET}.html"' in edition
    assert f"../articles/{BUDGET}.html" not in edition  # not listed as a be article
    feed = read(project, "be/feed.xml")
    assert BUDGET not in feed and CHINA in feed
    assert not (project.root / "dist/be/markdown" / f"{BUDGET}.md").exists()
    assert "Яшчэ не перакладзена" in read(project, "be/newsletters/2024-09-02.html")
    parallel = read(project, f"en/parallel/{BUDGET}.html")
    assert "Гэты артыкул яшчэ не перакладзены" in parallel
    assert BUDGET in read(project, "ru/feed.xml")  # other languages are unaffected


def test_fuzzy_translation_is_not_published(tmp_path: Path) -> None:
    project = make_project(tmp_path, fuzzy=lambda lang, msgid: lang == "ru" and
                           msgid.startswith("Volumes have largely recovered"))
    report = release_project(project)
    assert [(lang, slug) for lang, slug, _ in report.omitted] == [("ru", POTASH)]
    assert 'class="notice omitted"' in read(project, f"ru/articles/{POTASH}.html")


def test_fail_policy_blocks_the_release_with_the_list(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, translate=_incomplete("ru", "Great Stone"))
    project = reconfigure(project, "incomplete: omit", "incomplete: fail")
    with pytest.raises(ReleaseBlocked) as caught:
        release_project(project)
    error = caught.value
    assert isinstance(error, IncompleteRelease) and error.exit_code == 8
    assert f"ru {CHINA}" in str(error) and "untranslated" in str(error)
    assert "\n" not in str(error)
    assert error.missing and all("[ru] untranslated:" in line for line in error.missing)
    assert any("Great Stone" in line for line in error.missing)
    assert not (project.root / "dist").exists()  # nothing half-published
    code = main(["--project", str(project.root), "release"])
    assert code == 8
    err = capsys.readouterr().err
    assert "Great Stone" in err and "release blocked" in err


# --- safety -------------------------------------------------------------------------------------

def test_injected_markup_renders_inert(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    evil = ('<script>alert(1)</script> <img src=x onerror="alert(2)"> **ok** '
            '[click](javascript:alert(3)) & done.')
    set_translation(project, "be", POTASH, "Volumes have largely recovered", evil)
    # (the QA gate would keep this translation out: publish it anyway to test the escaping)
    project = reconfigure(project, "qa: errors", "qa: off")
    path = project.po_path("be", POTASH)
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgstr "ЎБЕ Potash the long way round',
                        'msgstr "<script>alert(4)</script>ЎБЕ Potash the long way round', 1)
    path.write_text(text, encoding="utf-8")
    release_project(project)
    dist = project.root / "dist"
    for file in dist.rglob("*"):
        if file.suffix in (".html", ".xml"):
            body = file.read_text(encoding="utf-8")
            assert file.suffix == ".xml" or only_search_scripts(body), file
            assert "<img src=x" not in body and 'href="javascript' not in body, file
    article = read(project, f"be/articles/{POTASH}.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&lt;script&gt;alert(4)&lt;/script&gt;ЎБЕ Potash" in article  # title, autoescaped
    assert "<strong>ok</strong>" in article  # Markdown the msgid allows still works
    assert "&amp; done." in article
    feed = read(project, "be/feed.xml")
    assert "&lt;script" in feed  # escaped once more inside Atom's type="html" content
    root = ET.fromstring(feed.encode())
    for content in root.iter(f"{ATOM}content"):
        assert "<script" not in (content.text or "")


def test_safe_relative_paths() -> None:
    assert safe_relative("be/articles/x.html") == "be/articles/x.html"
    for bad in ("../x", "/etc/passwd", "a/../../b", "a//b", ".hidden", "be/../../x"):
        with pytest.raises(ValueError):
            safe_relative(bad)


def test_output_never_leaves_the_output_dir(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", articles={
        "one": "---\ntitle: One\nsection: S\ndate: 2024-09-03\n"
               "image:\n  src: ../../secret.txt\n  alt: x\n---\n\nText.\n",
    })
    (tmp_path / "secret.txt").write_text("secret")
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "en").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UsageError):
        release_project(project, out)
    assert list(outside.iterdir()) == []
    (out / "en").unlink()
    release_project(project, out)
    assert not any("secret" in p.name for p in out.rglob("*"))
    with pytest.raises(UsageError):
        release_project(project, project.root)


# --- incremental --------------------------------------------------------------------------------

def test_second_release_with_nothing_changed_touches_no_file(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    first = release_project(project)
    assert len(first.written) == first.outputs
    before = snapshot(project.root / "dist")
    state = snapshot(project.state_dir)
    second = release_project(project)
    assert second.built == () and second.written == () and second.removed == ()
    assert second.renders == 0
    assert snapshot(project.root / "dist") == before
    assert snapshot(project.state_dir) == state


def test_one_changed_translation_rebuilds_only_its_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    release_project(project)
    set_translation(project, "ru", CHINA, "reputational reasons", "ЁРУ Новый перевод предложения.")
    report = release_project(project)
    # a sentence of the body: the listing pages (index, edition, newsletter) show none of it;
    # the be translation is checked again (the cross-language QA checks read the ru catalog),
    # so its pages are built again, with the same bytes
    assert set(report.built) == {
        f"ru/articles/{CHINA}.html", f"ru/markdown/{CHINA}.md",
        f"en/parallel/{CHINA}.html", f"be/parallel/{CHINA}.html", f"ru/parallel/{CHINA}.html",
        "ru/feed.xml", f"be/articles/{CHINA}.html", f"be/markdown/{CHINA}.md", "be/feed.xml",
    }
    assert not any(rel.startswith("be/") and "parallel" not in rel for rel in report.written)
    assert f"ru/articles/{CHINA}.html" in report.written
    assert report.renders == 3  # ru/CHINA and the other two columns; feed bodies are cached
    assert "Новый перевод" in read(project, f"ru/articles/{CHINA}.html")
    assert "Новый перевод" in read(project, "ru/feed.xml")


def test_changed_title_rebuilds_the_listing_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    release_project(project)
    set_translation(project, "ru", CHINA, "Between Brest and Beijing", "ЁРУ Новый заголовок")
    report = release_project(project)
    assert {"ru/editions/2024-09-02.html", "ru/newsletters/2024-09-02.html", "ru/index.html",
            "ru/feed.xml"} <= set(report.written)
    assert "ЁРУ Новый заголовок" in read(project, "ru/index.html")


def test_changed_english_article_rebuilds_it_in_every_language(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    release_project(project)
    path = project.article_path(BORDER)
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                    encoding="utf-8")
    report = release_project(project)
    # the new sentence has no translation yet: be and ru leave the article out
    assert {(lang, slug) for lang, slug, _ in report.omitted} == {("be", BORDER), ("ru", BORDER)}
    assert all(BORDER in rel or "2024-08-26" in rel or
               rel.endswith(("index.html", "feed.xml", "sitemap.xml")) for rel in report.built)
    assert not any(POTASH in rel for rel in report.built)
    assert set(report.removed) == {f"be/markdown/{BORDER}.md", f"ru/markdown/{BORDER}.md"}


def test_removed_article_removes_its_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    release_project(project)
    project.article_path(CHINA).unlink()
    report = release_project(project)
    assert f"be/articles/{CHINA}.html" in report.removed
    assert not (project.root / "dist/be/articles" / f"{CHINA}.html").exists()
    assert CHINA not in read(project, "be/editions/2024-09-02.html")


def test_manually_damaged_output_is_repaired(sample: Project) -> None:
    target = sample.root / "dist/en/index.html"
    target.write_text("broken", encoding="utf-8")
    report = release_project(sample)
    assert report.built == ("en/index.html",)
    assert "<html" in target.read_text(encoding="utf-8")


# --- editions and templates ---------------------------------------------------------------------

def _article(title: str, day: str, section: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\nsection: {section}\ndate: {day}\n{extra}---\n\nBody of {title}.\n"


def test_explicit_edition_key_overrides_the_week(tmp_path: Path) -> None:
    project = make_project(tmp_path, articles={
        "late": _article("Late", "2024-09-09", "Economy", "edition: 2024-09-02\n"),
        "early": _article("Early", "2024-09-03", "Politics"),
    })
    report = release_project(project)
    assert report.pages["en"] == 1 + 1 + 1 + 2 + 2  # index, edition, newsletter, 2+2 articles
    edition = read(project, "en/editions/2024-09-02.html")
    assert "Late" in edition and "Early" in edition
    assert edition.index(">Economy<") > edition.index(">Politics<")  # order of first appearance


def test_edition_must_be_a_monday(tmp_path: Path) -> None:
    project = make_project(tmp_path, articles={
        "bad": _article("Bad", "2024-09-04", "X", "edition: 2024-09-04\n"),
    })
    with pytest.raises(SourceError, match="Monday"):
        release_project(project)


def test_project_templates_override_by_file_name(tmp_path: Path) -> None:
    project = make_project(tmp_path, articles={"a": _article("A", "2024-09-03", "S")})
    (project.root / "templates").mkdir()
    (project.root / "templates/style.css").write_text("body { color: teal; }\n")
    (project.root / "templates/notice.html").write_text("unused\n")
    release_project(project)
    assert read(project, "assets/style.css") == "body { color: teal; }\n"
    (project.root / "templates/article.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="custom">{{ article.title }}'
        "</p>{% endblock %}\n")
    report = release_project(project)
    assert set(report.built) >= {"en/articles/a.html", "be/articles/a.html"}
    assert '<p class="custom">A</p>' in read(project, "en/articles/a.html")


def test_cli_release_with_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p", articles={"a": _article("A", "2024-09-03", "S")})
    out = tmp_path / "site"
    assert main(["--project", str(project.root), "release", "--out", str(out)]) == 0
    assert (out / "be/articles/a.html").is_file()
    assert "released" in capsys.readouterr().out
    before = snapshot(out)
    os.utime(out / "index.html")  # mtimes only; content equal → still nothing rewritten
    assert main(["--project", str(project.root), "release", "--out", str(out)]) == 0
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k != "index.html"} == \
        {k: v for k, v in before.items() if k != "index.html"}


def test_ui_tables_are_complete() -> None:
    from trilingual.release.ui import UI, ui_strings

    for lang, table in UI.items():
        assert set(table) == set(UI["en"]), lang
    assert ui_strings("xx") == UI["en"]
    assert ui_strings("be")["read_more"] == "Чытаць далей"


def test_existing_image_is_copied_with_translated_alt(tmp_path: Path) -> None:
    text = ("---\ntitle: Pic\nsection: S\ndate: 2024-09-03\nimage:\n  src: images/p.png\n"
            "  alt: A freight yard\n  credit: Our archive\n---\n\nText.\n")
    root = tmp_path / "p"
    (root / "articles/images").mkdir(parents=True)
    (root / "articles/images/p.png").write_bytes(b"\x89PNG fake")
    project = make_project(root, articles={"pic": text})
    release_project(project)
    assert (root / "dist/assets/images/p.png").read_bytes() == b"\x89PNG fake"
    page = read(project, "ru/articles/pic.html")
    assert '<img src="../../assets/images/p.png" alt="ЁРУ A freight yard">' in page
    assert "ЁРУ Our archive" in page


def test_damaged_manifest_is_not_trusted(tmp_path: Path) -> None:
    project = make_project(tmp_path, articles={"a": _article("A", "2024-09-03", "S")})
    release_project(project)
    for manifest in project.state_dir.glob("release-*.manifest"):
        data = marshal.loads(manifest.read_bytes())
        for entry in data["articles"].values():
            entry["unknown_field"] = entry.pop("title")
        manifest.write_bytes(marshal.dumps(data))
    report = release_project(project)
    assert report.renders == 3 and report.written == ()
    for manifest in project.state_dir.glob("release-*.manifest"):
        manifest.write_bytes(b"{not marshal")
    report = release_project(project)
    assert report.written == () and len(report.built) == report.outputs
