"""absorb: fixes made in rendered or published be/ru Markdown flow back into the catalogs.

Every test edits a real rendering of the sample (its real Belarusian and Russian catalogs),
runs ``trilingual absorb`` through the CLI, and asserts on the catalog it wrote and on the
round trip: rendering again gives the edited file byte for byte.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest

from trilingual.absorb import absorb_files, save_catalog
from trilingual.cli import main
from trilingual.errors import AbsorbRefused
from trilingual.lock import project_lock
from trilingual.project import Project
from trilingual.release import release_project
from trilingual.render import render_article

REPO = Path(__file__).resolve().parents[1]
POTASH = "2024-08-28-potash-russian-ports"
BORDER = "2024-08-30-lithuania-poland-border-regime"
BUDGET = "2024-09-04-budget-wages-price-controls"
CHINA = "2024-09-06-china-trade-corridor"
TODAY = "2026-12-05"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of the repository's sample: articles and their real be/ru catalogs."""
    root = tmp_path / "proj"
    root.mkdir()
    for name in ("trilingual.yaml", "glossary.yaml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "articles", root / "articles")
    shutil.copytree(REPO / "locales", root / "locales")
    return Project.open(root)


def rendered(project: Project, slug: str, lang: str) -> str:
    return render_article(project, slug, lang).text


def write_edit(project: Project, slug: str, lang: str, *replacements: tuple[str, str]) -> Path:
    """Render ``slug`` in ``lang``, apply each (old, new) once, save as ``edited/<slug>.md``."""
    text = rendered(project, slug, lang)
    for old, new in replacements:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    path = project.root / "edited" / lang / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def absorb(project: Project, lang: str, *files: Path, extra: tuple[str, ...] = ()) -> int:
    return main(["--project", str(project.root), "absorb", "--lang", lang,
                 *extra, *(str(f) for f in files)])


def catalog(project: Project, lang: str, slug: str) -> polib.POFile:
    return polib.pofile(str(project.po_path(lang, slug)))


def entries(project: Project, lang: str, slug: str) -> dict[tuple[str | None, str], str]:
    return {(e.msgctxt, e.msgid): e.msgstr for e in catalog(project, lang, slug)}


def entry_with(project: Project, lang: str, slug: str, msgstr_part: str) -> polib.POEntry:
    found = [e for e in catalog(project, lang, slug) if msgstr_part in e.msgstr]
    assert len(found) == 1, msgstr_part
    return found[0]


def assert_absorbed(project: Project, lang: str, slug: str, edited: Path,
                    before: dict[tuple[str | None, str], str], changed: int) -> None:
    """Exactly ``changed`` entries differ, each reviewed and commented; the round trip holds."""
    after = entries(project, lang, slug)
    diff = [k for k in after if after[k] != before[k]]
    assert len(diff) == changed
    po = catalog(project, lang, slug)
    for entry in po:
        if (entry.msgctxt, entry.msgid) in diff:
            assert "fuzzy" not in entry.flags
            label = project.relpath(edited)
            assert entry.tcomment.splitlines()[-1] == f"absorbed: {TODAY} {label}"
        else:
            assert "absorbed:" not in (entry.tcomment or "")
    assert rendered(project, slug, lang).encode("utf-8") == edited.read_bytes()


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    class _Date(dt.date):
        @classmethod
        def today(cls) -> _Date:
            return cls(2026, 12, 5)

    monkeypatch.setattr("trilingual.absorb.dt.date", _Date)


# --- what is absorbed ---------------------------------------------------------------------


def test_single_word_fix(project: Project) -> None:
    before = entries(project, "be", POTASH)
    edited = write_edit(project, POTASH, "be", ("глыбокага і працяглага", "глыбокага ды працяглага"))
    assert absorb(project, "be", edited) == 0
    assert_absorbed(project, "be", POTASH, edited, before, 1)
    assert "глыбокага ды працяглага" in entry_with(project, "be", POTASH, "ды працяглага").msgstr


def test_whole_sentence_rewrite(project: Project) -> None:
    text = rendered(project, POTASH, "ru")
    sentence = next(line for line in text.splitlines() if line.startswith("Объёмы"))
    first = sentence.split(". ")[0] + "."
    edited = write_edit(project, POTASH, "ru", (first, "Объёмы почти вернулись к прежним, "
                                                       "хотя путь стал длиннее и дороже."))
    before = entries(project, "ru", POTASH)
    assert absorb(project, "ru", edited) == 0
    assert_absorbed(project, "ru", POTASH, edited, before, 1)
    entry_with(project, "ru", POTASH, "Объёмы почти вернулись к прежним")


def test_punctuation_and_typography(project: Project) -> None:
    before = entries(project, "be", BORDER)
    edited = write_edit(
        project, BORDER, "be",
        ("Тэрэспаль — Брэст;", "Тэрэспаль–Брэст;"),  # dash and spacing
        ("па некалькі дзён.", "па некалькі дзён!"),  # end punctuation
        ("«пакідае дзверы адчыненымі для звычайных людзей»",
         "„пакідае дзверы адчыненымі для звычайных людзей“"),  # quotes
    )
    assert absorb(project, "be", edited) == 0
    assert_absorbed(project, "be", BORDER, edited, before, 3)


def test_edits_inside_emphasis_and_link_text(project: Project) -> None:
    before = entries(project, "ru", POTASH)
    edited = write_edit(
        project, POTASH, "ru",
        ("*объёмов*", "*физических объёмов*"),
        ("[в архиве](https://example.org/archive/fertiliser-markets)",
         "[в нашем архиве](https://example.org/archive/fertiliser-markets)"),
    )
    assert absorb(project, "ru", edited) == 0
    assert_absorbed(project, "ru", POTASH, edited, before, 2)
    entry = entry_with(project, "ru", POTASH, "в нашем архиве")
    assert "[в нашем архиве]({1})" in entry.msgstr  # the URL stays a placeholder


def test_front_matter_values(project: Project) -> None:
    before = entries(project, "be", POTASH)
    edited = write_edit(
        project, POTASH, "be",
        ("Калійныя ўгнаенні кружным шляхам", "Калій кружным шляхам"),
        ("Шэраг крытых вагонаў", "Чарада крытых вагонаў"),
        ("section: Эканоміка", "section: Эканоміка і фінансы"),
    )
    assert absorb(project, "be", edited) == 0
    assert_absorbed(project, "be", POTASH, edited, before, 3)
    after = entries(project, "be", POTASH)
    title = next(v for (ctxt, _), v in after.items() if ctxt == "title")
    assert title.startswith("Калій кружным шляхам")
    assert next(v for (ctxt, _), v in after.items() if ctxt == "section") == "Эканоміка і фінансы"


def test_table_cell_and_code_neighbour(project: Project) -> None:
    before = entries(project, "be", CHINA)
    edited = write_edit(project, CHINA, "be", ("— і ёсць фізічная прычына", "— вось фізічная прычына"))
    assert absorb(project, "be", edited) == 0
    assert_absorbed(project, "be", CHINA, edited, before, 1)
    assert "`1520 mm`" in entry_with(project, "be", CHINA, "вось фізічная").msgstr
    before = entries(project, "ru", POTASH)
    edited = write_edit(project, POTASH, "ru", ("| Экспорт, млн тонн |", "| Вывоз, млн т |"))
    assert absorb(project, "ru", edited) == 0
    assert_absorbed(project, "ru", POTASH, edited, before, 1)


def test_published_markdown_with_release_keys(project: Project) -> None:
    release_project(project)
    published = project.root / "dist" / "be" / "markdown" / f"{BORDER}.md"
    text = published.read_text(encoding="utf-8")
    assert "\noriginal: " in text
    # renamed: found through release's `original` key
    copy = project.root / "proof.md"
    copy.write_text(text.replace("сем’і.", "сем’і, і проста турысты."), encoding="utf-8")
    before = entries(project, "be", BORDER)
    assert absorb(project, "be", copy) == 0
    after = entries(project, "be", BORDER)
    assert [k for k in after if after[k] != before[k]] and \
        sum(after[k] != before[k] for k in after) == 1
    release_project(project)  # release reproduces the edited file
    assert published.read_bytes() == copy.read_bytes()


def test_article_found_by_translated_title(project: Project) -> None:
    edited = write_edit(project, BUDGET, "ru")
    renamed = edited.with_name("whatever-name.md")
    edited.rename(renamed)
    text = renamed.read_text(encoding="utf-8")
    renamed.write_text(text.replace("вполне благополучно", "благополучно", 1), encoding="utf-8")
    report = absorb_files(project, "ru", [renamed])
    assert report.articles[0].slug == BUDGET and len(report.articles[0].edits) == 1
    assert rendered(project, BUDGET, "ru") == renamed.read_text(encoding="utf-8")


def test_dry_run_shows_old_and_new_and_writes_nothing(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.po_path("be", POTASH)
    original = path.read_bytes()
    edited = write_edit(project, POTASH, "be", ("глыбокага і працяглага", "глыбокага ды працяглага"))
    assert absorb(project, "be", edited, extra=("--dry-run",)) == 0
    out = capsys.readouterr().out
    old = [ln for ln in out.splitlines() if ln.startswith("  - ")]
    new = [ln for ln in out.splitlines() if ln.startswith("  + ")]
    assert len(old) == len(new) == 1
    assert old[0].startswith("  - Калі 1") and "глыбокага і працяглага" in old[0]
    assert new[0] == old[0].replace("  - ", "  + ").replace(" і працяглага", " ды працяглага")
    assert path.read_bytes() == original


def test_unchanged_file_writes_nothing(project: Project) -> None:
    path = project.po_path("ru", CHINA)
    stamp = path.stat().st_mtime_ns
    edited = write_edit(project, CHINA, "ru")
    assert absorb(project, "ru", edited) == 0
    assert path.stat().st_mtime_ns == stamp


def test_absorbed_text_goes_through_the_qa_checks(project: Project) -> None:
    edited = write_edit(project, POTASH, "be", ("прыкладна 12", "прыкладна 13"))
    assert absorb(project, "be", edited) == 0
    code = main(["--project", str(project.root), "check", "--lang", "be", POTASH])
    assert code == 11  # the numbers check sees 13 where the English says 12


# --- what is refused ----------------------------------------------------------------------


REFUSED = [
    ("link target", POTASH, "ru",
     ("example.org/archive/fertiliser-markets", "example.org/archive/other"),
     "changes a link target (https://example.org/archive/fertiliser-markets)"),
    ("inline code", CHINA, "be", ("`1520 mm`", "`1520 мм`"), "changes code"),
    ("link syntax", POTASH, "ru", ("[в архиве](", "в архиве ("),
     "changes a link (its brackets or its target)"),
    ("new paragraph", POTASH, "be", ("падзення экспарту. Менавіта", "падзення экспарту.\n\nМенавіта"),
     "changes the block structure"),
    ("line break in a sentence", POTASH, "be", ("глыбокага і працяглага", "глыбокага і\nпрацяглага"),
     "changes the block structure"),
    ("merged paragraphs", BORDER, "be", ("па некалькі дзён.\nТакая", "па некалькі дзён. Такая"),
     "changes the block structure"),
    ("list item added", POTASH, "be", ("3. **Дзяржава.**", "4. **Іншыя.** Таксама.\n3. **Дзяржава.**"),
     "changes the block structure"),
    ("two sentences at once", POTASH, "be", ("падзення экспарту. Менавіта", "падзення экспарту—менавіта"),
     "the edit spans two sentences"),
    ("untranslated front matter", POTASH, "be", ("tags: [potash, logistics", "tags: [калій, logistics"),
     "changes front matter that is not translated"),
    ("heading level", CHINA, "ru", ("\n## ", "\n### "), "changes the block structure (a heading"),
    ("list marker", POTASH, "be", ("\n2. **", "\n2) **"), "changes the block structure (a heading"),
    ("pipe in a table cell", POTASH, "ru", ("| Экспорт, млн тонн |", "| Экспорт | млн тонн |"),
     "changes the table structure"),
    ("table alignment", POTASH, "be", ("|---|---|", "|:--|---|"),
     "changes text that is not translated"),
    ("literal placeholder", POTASH, "be", ("глыбокага і працяглага", "глыбокага {1} працяглага"),
     "adds '{1}'"),
    ("front matter quoting", POTASH, "be", ('title: "Калійныя', "title: 'Калійныя"),
     "the front-matter value is not valid YAML"),
]


@pytest.mark.parametrize(("name", "slug", "lang", "change", "reason"), REFUSED,
                         ids=[r[0] for r in REFUSED])
def test_refused_edit_writes_nothing(
    project: Project, capsys: pytest.CaptureFixture[str],
    name: str, slug: str, lang: str, change: tuple[str, str], reason: str,
) -> None:
    path = project.po_path(lang, slug)
    original = path.read_bytes()
    edited = write_edit(project, slug, lang, change)
    assert absorb(project, lang, edited) == AbsorbRefused.exit_code == 14
    err = capsys.readouterr().err
    label = project.relpath(edited)
    line = [ln for ln in err.splitlines() if ": cannot absorb: " in ln]
    assert line, err
    assert line[0].startswith(f"{label}:")
    where = int(line[0].split(":")[1])
    text = edited.read_text(encoding="utf-8")
    assert change[1].splitlines()[0] in text.splitlines()[where - 1] or "\n" in change[1]
    assert reason in line[0]
    assert path.read_bytes() == original


def test_code_block_edit_is_refused(tmp_path: Path) -> None:
    from test_release_support import make_project

    article = ("---\ntitle: Code\ndate: 2024-08-28\n---\n\nRun this first.\n\n"
               "```sh\nmake release\n```\n\nThen check the result.\n")
    project = make_project(tmp_path / "p", articles={"code": article})
    edited = tmp_path / "code.md"
    edited.write_text(rendered(project, "code", "be").replace("make release", "make all"),
                      encoding="utf-8")
    report = absorb_files(project, "be", [edited])
    assert [r.reason for a in report.articles for r in a.refusals] == ["changes code"]
    assert report.articles[0].refusals[0].line == 9


def test_untranslated_and_fuzzy_sentences_are_refused(tmp_path: Path) -> None:
    from test_release_support import make_project

    article = ("---\ntitle: Mixed\ndate: 2024-08-28\n---\n\n"
               "First sentence here. Second sentence here. Third sentence here.\n")
    project = make_project(
        tmp_path / "p", articles={"mixed": article},
        translate=lambda lang, ctxt, msgid: None if msgid.startswith("Second") else f"Ў {msgid}",
        fuzzy=lambda lang, msgid: msgid.startswith("Third"),
    )
    text = rendered(project, "mixed", "be")
    assert "Second sentence here." in text and "Third sentence here." in text  # English
    edited = tmp_path / "mixed.md"
    edited.write_text(text.replace("Second sentence", "Другі сказ").replace(
        "Third sentence", "Трэці сказ"), encoding="utf-8")
    report = absorb_files(project, "be", [edited])
    reasons = [r.reason for r in report.articles[0].refusals]
    assert len(reasons) == 2
    assert "untranslated" in reasons[0] and "fuzzy" in reasons[1]
    assert not report.articles[0].written


def test_repeated_sentence_must_be_edited_alike(tmp_path: Path) -> None:
    from test_release_support import make_project

    article = ("---\ntitle: Twice\ndate: 2024-08-28\n---\n\nThe same line.\n\nMiddle.\n\n"
               "The same line.\n")
    project = make_project(tmp_path / "p", articles={"twice": article})
    text = rendered(project, "twice", "be")
    edited = tmp_path / "twice.md"
    edited.write_text(text.replace("same line", "same row", 1), encoding="utf-8")
    report = absorb_files(project, "be", [edited])
    assert "occurs 2 times" in report.articles[0].refusals[0].reason
    edited.write_text(text.replace("same line", "same row"), encoding="utf-8")
    report = absorb_files(project, "be", [edited])
    assert not report.articles[0].refusals and len(report.articles[0].edits) == 1
    assert rendered(project, "twice", "be") == edited.read_text(encoding="utf-8")


def test_partial_absorbs_the_mappable_edits(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = entries(project, "ru", POTASH)
    edited = write_edit(
        project, POTASH, "ru",
        ("*объёмов*", "*физических объёмов*"),
        ("example.org/archive/fertiliser-markets", "example.org/archive/other"),
    )
    assert absorb(project, "ru", edited, extra=("--partial",)) == 0
    assert "cannot absorb: changes a link target" in capsys.readouterr().err
    after = entries(project, "ru", POTASH)
    changed = [k for k in after if after[k] != before[k]]
    assert len(changed) == 1 and "*физических объёмов*" in after[changed[0]]


def test_other_articles_are_still_absorbed(project: Project) -> None:
    good = write_edit(project, CHINA, "be", ("— і ёсць фізічная прычына", "— вось фізічная прычына"))
    bad = write_edit(project, POTASH, "be", ("tags: [potash, logistics", "tags: [potash, freight"))
    potash = project.po_path("be", POTASH).read_bytes()
    assert absorb(project, "be", bad, good) == 14
    assert project.po_path("be", POTASH).read_bytes() == potash
    assert rendered(project, CHINA, "be").encode() == good.read_bytes()


def test_wrong_language_and_unknown_file(project: Project, tmp_path: Path) -> None:
    release_project(project)
    published = project.root / "dist" / "ru" / "markdown" / f"{CHINA}.md"
    report = absorb_files(project, "be", [published])
    assert "the file is in 'ru', not 'be'" in report.articles[0].refusals[0].reason
    stray = tmp_path / "notes.md"
    stray.write_text("Just some notes.\n", encoding="utf-8")
    report = absorb_files(project, "be", [stray])
    assert "cannot tell which article" in report.articles[0].refusals[0].reason
    assert main(["--project", str(project.root), "absorb", "--lang", "be",
                 str(tmp_path / "missing.md")]) == 2


def test_waits_for_the_project_lock(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    edited = write_edit(project, CHINA, "be", ("— і ёсць фізічная прычына", "— вось фізічная прычына"))
    monkeypatch.setenv("TRILINGUAL_LOCK_TIMEOUT", "0")
    original = project.po_path("be", CHINA).read_bytes()
    with project_lock(project):  # another writer (flock: a second open conflicts)
        assert absorb(project, "be", edited) == 7
    assert project.po_path("be", CHINA).read_bytes() == original
    assert absorb(project, "be", edited) == 0


def test_catalog_changed_since_read_is_not_overwritten(project: Project) -> None:
    path = project.po_path("be", POTASH)
    read = path.read_text(encoding="utf-8")
    outside = read.replace("Эканоміка", "Эканоміка (правілі ў Poedit)")
    path.write_text(outside, encoding="utf-8")
    # the same entry changed on both sides: the outside save wins (guarded merge)
    save_catalog(path, "x.po", read, read.replace("Эканоміка", "Эк."))
    assert path.read_text(encoding="utf-8") == outside


# --- generated articles and other constructs ------------------------------------------------


def _cyrillic(lang: str, msgctxt: str | None, msgid: str) -> str:
    from test_absorb_property import cyrillic

    return cyrillic(lang, msgctxt, msgid)


def test_generated_article_reference_link_and_image_alt(tmp_path: Path) -> None:
    from bench_modules import load_bench
    from test_release_support import make_project

    gen = load_bench("generate")
    article = gen.make_article(1, 1)  # type: ignore[attr-defined]
    project = make_project(tmp_path / "p", articles={article.slug: article.render()},
                           translate=_cyrillic)
    text = rendered(project, article.slug, "ru")
    ref = re.search(r"\[([^\]]+)\]\[[^\]]+\]", text)
    image = re.search(r"!\[([^\]]+)\]", text)
    assert ref is not None and image is not None
    edited = text.replace(ref.group(0), ref.group(0).replace(ref.group(1), "новый текст"), 1)
    edited = edited.replace(image.group(0), "![подпись к рисунку]", 1)
    path = tmp_path / f"{article.slug}.md"
    path.write_text(edited, encoding="utf-8")
    before = entries(project, "ru", article.slug)
    report = absorb_files(project, "ru", [path])
    assert not report.articles[0].refusals and len(report.articles[0].edits) == 2
    assert rendered(project, article.slug, "ru") == edited
    after = entries(project, "ru", article.slug)
    assert sum(after[k] != before[k] for k in after) == 2


AUTOLINKS = ("---\ntitle: Links\ndate: 2024-08-28\n---\n\n"
             "See <https://example.org/a> for the rules. The list is at https://example.org/b "
             "and in <abbr title=\"x\">EU</abbr> law. Ask [us][desk] today.\n\n"
             "[desk]: https://example.org/desk\n")


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("https://example.org/a", "https://example.org/z", "changes a link target"),
    ("example.org/b", "example.org/bb", "changes a link target"),
    ('title="x"', 'title="y"', "changes raw HTML"),
    ("https://example.org/desk", "https://example.org/other", "changes a link target"),
    ("[desk]", "[other]", "changes a link target"),
])
def test_placeholders_and_link_definitions_are_refused(
    tmp_path: Path, old: str, new: str, reason: str
) -> None:
    from test_release_support import make_project

    project = make_project(tmp_path / "p", articles={"links": AUTOLINKS}, translate=_cyrillic)
    text = rendered(project, "links", "be")
    assert old in text
    path = tmp_path / "links.md"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    original = project.po_path("be", "links").read_bytes()
    report = absorb_files(project, "be", [path])
    assert [r.reason.split(" (")[0] for r in report.articles[0].refusals] == [reason]
    assert project.po_path("be", "links").read_bytes() == original
    # the words around the placeholders are absorbed
    path.write_text(text.replace("бе Сээ", "бе Глядзі", 1), encoding="utf-8")
    report = absorb_files(project, "be", [path])
    assert not report.articles[0].refusals
    assert rendered(project, "links", "be") == path.read_text(encoding="utf-8")


def test_published_text_with_escaped_html_comes_back(tmp_path: Path) -> None:
    from test_release_support import make_project

    article = ("---\ntitle: Signs\ndate: 2024-08-28\n---\n\n"
               "Prices rose by less than 5% in the first half. Then they fell.\n")
    project = make_project(
        tmp_path / "p", articles={"signs": article},
        translate=lambda lang, ctxt, msgid: "Цэны & тарыфы < 5 %." if msgid.startswith(
            "Prices") else f"Ў {msgid}",
        config_extra="release:\n  qa: off\n",  # the stand-in text is not a translation QA passes
    )
    release_project(project)
    published = project.root / "dist" / "be" / "markdown" / "signs.md"
    text = published.read_text(encoding="utf-8")
    assert "Цэны &amp; тарыфы &lt; 5 %." in text
    proof = tmp_path / "signs.md"
    proof.write_text(text.replace("тарыфы &lt; 5", "тарыфы &lt; 6"), encoding="utf-8")
    report = absorb_files(project, "be", [proof])
    assert [(e.old, e.new) for e in report.articles[0].edits] == [
        ("Цэны & тарыфы < 5 %.", "Цэны & тарыфы < 6 %.")]
    release_project(project)
    assert published.read_bytes() == proof.read_bytes()


def test_published_text_without_release_keys_is_read_as_published(tmp_path: Path) -> None:
    from test_release_support import make_project

    article = ("---\ntitle: Signs\ndate: 2024-08-28\n---\n\n"
               "Prices rose by less than 5% in the first half. Then they fell.\n")
    project = make_project(
        tmp_path / "p", articles={"signs": article},
        translate=lambda lang, ctxt, msgid: "Цэны & тарыфы < 5 %." if msgid.startswith(
            "Prices") else f"Ў {msgid}",
        config_extra="release:\n  qa: off\n",  # the stand-in text is not a translation QA passes
    )
    release_project(project)
    text = (project.root / "dist" / "be" / "markdown" / "signs.md").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(lang|date_display|edition|edition_title|original): .*\n", "", text)
    proof = tmp_path / "signs.md"
    proof.write_text(text.replace("Ў Then", "Ў And then"), encoding="utf-8")
    report = absorb_files(project, "be", [proof])
    # only the edited sentence: the escaped one is recognised, not absorbed as "&amp;"
    assert [(e.old, e.new) for e in report.articles[0].edits] == [
        ("Ў Then they fell.", "Ў And then they fell.")]


def test_changed_line_endings_are_refused(project: Project) -> None:
    edited = write_edit(project, POTASH, "be", ("глыбокага і працяглага", "глыбокага ды працяглага"))
    edited.write_bytes(edited.read_bytes().replace(b"\n", b"\r\n"))
    report = absorb_files(project, "be", [edited])
    assert "line endings were changed (the article uses LF)" in report.articles[0].refusals[0].reason
    assert not report.articles[0].written


def test_english_article_or_another_language_is_refused(project: Project) -> None:
    potash = project.po_path("be", POTASH).read_bytes()
    report = absorb_files(project, "be", [project.article_path(POTASH)])
    assert report.articles[0].refusals[0].reason == "this is the English article, not be"
    russian = write_edit(project, POTASH, "ru")
    report = absorb_files(project, "be", [russian])  # a Russian rendering given as be
    assert "translated sentences differ from the catalog: is this the be text" in \
        report.articles[0].refusals[0].reason
    assert project.po_path("be", POTASH).read_bytes() == potash


@pytest.mark.parametrize(("new", "first", "second"), [
    ("Ў First one. and more Ў Second one.", "Ў First one. and more", "Ў Second one."),
    ("Ў First one. A new one. Ў Second one.", "Ў First one.", "A new one. Ў Second one."),
    ("Ў First one more. Ў Second one.", "Ў First one more.", "Ў Second one."),
])
def test_text_added_between_two_sentences(tmp_path: Path, new: str, first: str,
                                          second: str) -> None:
    from test_release_support import make_project

    article = "---\ntitle: Two\ndate: 2024-08-28\n---\n\nFirst one. Second one.\n"
    project = make_project(tmp_path / "p", articles={"two": article},
                           translate=lambda lang, ctxt, msgid: f"Ў {msgid}")
    text = rendered(project, "two", "be")
    path = tmp_path / "two.md"
    path.write_text(text.replace("Ў First one. Ў Second one.", new), encoding="utf-8")
    report = absorb_files(project, "be", [path])
    assert not report.articles[0].refusals
    after = entries(project, "be", "two")
    assert after[(None, "First one.")] == first
    assert after[(None, "Second one.")] == second
    assert rendered(project, "two", "be") == path.read_text(encoding="utf-8")
