"""``trilingual translate`` end to end against the fake DeepL server: cost, resume, provenance."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from fake_deepl import FakeDeepL, fake_deepl  # noqa: F401 - fixture
from trilingual.cli import main
from trilingual.engines.provenance import mt_comment, source_hash
from trilingual.errors import CatalogError, LockError
from trilingual.ledger import read_usage
from trilingual.lock import project_lock
from trilingual.project import Project
from trilingual.translate import Progress, TranslateOptions, translate_project

ARTICLE_A = """\
---
title: "Potash takes the long way round"
summary: "Exports recovered through Russian ports."
date: 2024-08-28
---

When Lithuania stopped the transit of potash through Klaipeda, many expected a fall.
The port had handled most of the **12 million tonnes** a year. Two years later, the
picture is *more complicated*.

Volumes have recovered, but the [route]({1}) is longer. Rail wagons leave `Salihorsk`
and cross into Russia. Lukashenka called it a victory.

## Costs

The rail leg adds between $15 and $25 per tonne. Port fees are negotiated with Russian
operators. Belarus is a customer rather than a partner.
"""

ARTICLE_B = """\
---
title: "A border regime tightens"
date: 2024-08-30
---

Lithuania and Poland tightened the border regime. The rail leg adds between $15 and $25
per tonne. Lorries wait for days at the [crossing](https://example.org/x).

Observers were not admitted. Lukashenka called it a victory.
"""


@pytest.fixture
def project(project_dir: Path) -> Path:
    articles = project_dir / "articles"
    articles.mkdir(exist_ok=True)
    (articles / "potash.md").write_text(ARTICLE_A, encoding="utf-8")
    (articles / "border.md").write_text(ARTICLE_B, encoding="utf-8")
    (project_dir / "glossary.yaml").write_text(
        "terms:\n  - en: Lukashenka\n    be: Лукашэнка\n    ru: Лукашенко\n", encoding="utf-8"
    )
    assert main(["-C", str(project_dir), "extract"]) == 0
    return project_dir


def _po(root: Path, lang: str, slug: str) -> polib.POFile:
    return polib.pofile(str(root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"))


def _unverifiable(lang: str, entry: polib.POEntry) -> bool:
    """Drafts are verified before they are written. DeepL has no glossary for be: a be draft of
    a glossary term fails the terminology check; and the fake's be transliteration of
    "12 million" is no Belarusian scale word, so the numbers check refuses it: those entries
    stay empty."""
    return lang == "be" and ("Lukashenka" in entry.msgid or " million" in entry.msgid)


def _all_entries(root: Path) -> list[polib.POEntry]:
    return [e for lang in ("be", "ru") for slug in ("potash", "border")
            for e in _po(root, lang, slug) if not e.obsolete]


def test_first_run_fills_everything_fuzzy_and_rerun_sends_nothing(
    project: Path, fake_deepl: FakeDeepL, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert not fake_deepl.translate_requests()
    assert not (project / ".trilingual" / "mt-cache.sqlite").exists()
    assert main(["-C", str(project), "translate", "--engine", "deepl"]) == 13  # the be entries no engine got right (exit 13)
    out = capsys.readouterr().out
    sent = fake_deepl.texts_sent()
    assert f"would send {len(sent)} segments, {fake_deepl.billed} characters" in dry
    assert f"{len(sent)} segments sent, {fake_deepl.billed} characters billed" in out
    pairs = fake_deepl.pairs_sent()
    assert len(pairs) == len(set(pairs))  # never the same text, language and context twice
    left = [e for slug in ("potash", "border") for e in _po(project, "be", slug)
            if _unverifiable("be", e)]
    assert left and all(not e.msgstr for e in left)
    entries = [e for e in _all_entries(project) if e.msgstr]
    assert len(entries) == len(_all_entries(project)) - len(left)
    assert all("fuzzy" in e.flags for e in entries)
    for entry in entries:
        made = mt_comment(entry)
        assert made is not None and made["engine"] == "deepl" and made["score"] == "100"
        assert made["src"] == source_hash(entry.msgctxt, entry.msgid)
    ru = {e.msgid: e.msgstr for e in _po(project, "ru", "potash")}
    assert ru["Volumes have recovered, but the [route]({1}) is longer."] == (
        "Волумес хаве рецоверед, бут тхе [роуте]({1}) ис лонгер."
    )
    assert "**12 миллион тоннес**" in ru[
        "The port had handled most of the **12 million tonnes** a year."
    ]
    # ru went with tags and glossary, be with neither
    for request in fake_deepl.translate_requests():
        ru_request = request.body["target_lang"] == "RU"
        assert ("tag_handling" in request.body) == ru_request
        assert ("glossary_id" in request.body) == ru_request
        assert request.body.get("context")
        assert len(request.body["text"]) <= 50
    # unchanged re-run: zero characters, zero requests
    fake_deepl.reset()
    billed = fake_deepl.billed
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--refresh-fuzzy"]) == 13
    assert not fake_deepl.translate_requests() and fake_deepl.billed == billed
    assert "0 segments sent, 0 characters billed" in capsys.readouterr().out
    # the key is nowhere on disk
    for path in project.rglob("*"):
        if path.is_file():
            assert fake_deepl.key.encode() not in path.read_bytes(), path


def test_edited_sentences_only_are_sent(project: Path, fake_deepl: FakeDeepL) -> None:  # noqa: F811
    assert main(["-C", str(project), "translate", "--engine", "deepl"]) == 13  # the be entries no engine got right (exit 13)
    fake_deepl.reset()
    article = project / "articles" / "potash.md"
    article.write_text(
        article.read_text().replace("Port fees are negotiated", "Port fees are now negotiated"),
        encoding="utf-8",
    )
    assert main(["-C", str(project), "extract"]) == 0
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--refresh-fuzzy"]) == 13
    edited = "Port fees are now negotiated with Russian operators."
    assert sorted(fake_deepl.texts_sent()) == [edited, edited]  # once per language
    entry = next(e for e in _po(project, "be", "potash") if e.msgid == edited)
    assert entry.previous_msgid is None and "fuzzy" in entry.flags
    assert entry.msgstr.startswith("Порт феес аре нов")


def test_never_overwrites_human_work(project: Path, fake_deepl: FakeDeepL) -> None:  # noqa: F811
    path = project / "locales" / "ru" / "LC_MESSAGES" / "border.po"
    po = polib.pofile(str(path))
    reviewed, human_fuzzy = po[1], po[2]
    reviewed.msgstr = "Литва и Польша ужесточили пограничный режим."
    human_fuzzy.msgstr = "Черновик переводчика."
    human_fuzzy.flags.append("fuzzy")
    po.save(str(path))
    assert main(["-C", str(project), "translate", "--engine", "pseudo", "--refresh-fuzzy"]) == 0
    after = {e.msgid: e for e in polib.pofile(str(path))}
    assert after[reviewed.msgid].msgstr == reviewed.msgstr
    assert after[human_fuzzy.msgid].msgstr == "Черновик переводчика."
    assert mt_comment(after[human_fuzzy.msgid]) is None


def test_memory_engine_reuses_reviewed_translations(project: Path) -> None:
    path = project / "locales" / "be" / "LC_MESSAGES" / "potash.po"
    po = polib.pofile(str(path))
    shared = "The rail leg adds between $15 and $25 per tonne."
    for entry in po:
        if entry.msgid == shared:
            entry.msgstr = "Чыгуначнае плячо дадае ад $15 да $25 за тону."
        if entry.msgid == "Lukashenka called it a victory.":
            entry.msgstr = "Лукашэнка назваў гэта перамогай."
            entry.flags.append("fuzzy")  # not reviewed: never used by the memory
    po.save(str(path))
    border = project / "locales" / "be" / "LC_MESSAGES" / "border.po"
    memory_be = TranslateOptions(engines=("memory",), languages=("be",))
    report = translate_project(Project.open(project), memory_be)
    filled = {e.msgid: e for e in _po(project, "be", "border")}
    hit = filled["The rail leg adds between $15 and $25 per tonne."]
    assert hit.msgstr == "Чыгуначнае плячо дадае ад $15 да $25 за тону." and "fuzzy" in hit.flags
    assert mt_comment(hit) == {"engine": "memory", "date": mt_comment(hit)["date"],  # type: ignore[index]
                               "score": "100", "src": source_hash(None, hit.msgid)}
    assert report.filled == 1
    assert not {e.msgid: e for e in _po(project, "be", "border")}[
        "Lukashenka called it a victory."].msgstr
    # accept_exact: an exact match with the same msgctxt is written reviewed
    config = project / "trilingual.yaml"
    config.write_text(config.read_text().replace("accept_exact: false", "accept_exact: true"))
    border_po = polib.pofile(str(border))
    for entry in border_po:
        if entry.msgid == hit.msgid:
            entry.msgstr = ""
            entry.flags = []
    border_po.save(str(border))
    translate_project(Project.open(project), memory_be)
    again = {e.msgid: e for e in _po(project, "be", "border")}[hit.msgid]
    assert again.msgstr and "fuzzy" not in again.flags


def test_quota_mid_run_keeps_finished_batches_and_resumes(
    project: Path, fake_deepl: FakeDeepL, capsys: pytest.CaptureFixture[str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("trilingual.engines.deepl.DeeplEngine.max_batch", 5)
    fake_deepl.quota = 400
    code = main(["-C", str(project), "translate", "--engine", "deepl", "--lang", "be"])
    err = capsys.readouterr().err
    assert code == 6
    assert "deepl: character quota of this billing period exceeded (HTTP 456)" in err
    first = fake_deepl.pairs_sent()
    assert first
    done = [e for slug in ("potash", "border") for e in _po(project, "be", slug)
            if e.msgstr or _unverifiable("be", e)]
    assert len(done) >= len(set(first))
    fake_deepl.reset()
    fake_deepl.quota = None
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--lang", "be"]) == 13
    second = fake_deepl.pairs_sent()
    assert not set(first) & set(second)
    assert all(e.msgstr or _unverifiable("be", e)
               for slug in ("potash", "border") for e in _po(project, "be", slug))


def test_interrupt_after_a_batch_keeps_it(
    project: Path, fake_deepl: FakeDeepL, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    monkeypatch.setattr("trilingual.engines.deepl.DeeplEngine.max_batch", 4)

    class CtrlC(Progress):
        def advance(self, segments: int, chars: int) -> None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        translate_project(Project.open(project), TranslateOptions(engines=("deepl",)), CtrlC())
    first = fake_deepl.pairs_sent()
    assert len(first) == 4
    filled = [e for lang in ("be", "ru") for slug in ("potash", "border")
              for e in _po(project, lang, slug) if e.msgstr]
    assert len(filled) >= 4  # a sentence repeated in the other article rides along
    fake_deepl.reset()
    translate_project(Project.open(project), TranslateOptions(engines=("deepl",)))
    assert not set(first) & set(fake_deepl.pairs_sent())


@pytest.mark.parametrize("status", [403, 500])
def test_engine_errors_exit_6_with_one_line(
    project: Path, fake_deepl: FakeDeepL, capsys: pytest.CaptureFixture[str], status: int  # noqa: F811
) -> None:
    fake_deepl.always = status
    assert main(["-C", str(project), "translate", "--engine", "deepl"]) == 6
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and err[-1].startswith("trilingual: error: deepl: ")  # progress + error
    assert fake_deepl.key not in "\n".join(err)


def test_lost_placeholders_leave_the_entry_empty(
    project: Path, fake_deepl: FakeDeepL, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    fake_deepl.mangle = lambda text: text.replace("{3}", "")  # be: the link's closing token
    before = next(e for e in _po(project, "be", "potash") if "({1})" in e.msgid).linenum
    # a draft failed verification: distinct exit code 13 (PartialTranslation), and a summary
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--lang", "be",
                 "--article", "potash"]) == 13
    out, err = capsys.readouterr()
    assert "left empty: placeholders or markup lost" in err
    # the link that lost its token, the sentence whose glossary term DeepL cannot keep in be,
    # and the fake's untranslated scale word
    assert "3 left empty (3 draft failed verification)" in out
    entry = next(e for e in _po(project, "be", "potash") if "({1})" in e.msgid)
    assert entry.msgstr == ""
    # the message points at the entry's line in the catalog as written (drafts above it moved it)
    reported = next(ln for ln in err.splitlines() if "placeholders or markup lost" in ln)
    assert reported.startswith(f"locales/be/LC_MESSAGES/potash.po:{entry.linenum}: error:")
    assert entry.linenum != before
    # the rejected answer is cached: a re-run does not pay for it again
    fake_deepl.reset()
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--lang", "be",
                 "--allow-partial"]) == 0
    assert "route" not in " ".join(fake_deepl.texts_sent())


def test_be_glossary_is_checked_afterwards(
    project: Path, fake_deepl: FakeDeepL, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--lang", "be"]) == 13
    err = capsys.readouterr().err
    assert ("error: deepl: left empty: terminology: glossary: 'Lukashenka' should be "
            "'Лукашэнка' (any form)") in err
    entry = next(e for e in _po(project, "be", "border") if _unverifiable("be", e))
    assert entry.msgstr == "" and mt_comment(entry) is None


def test_usage_ledger_table(
    project: Path, fake_deepl: FakeDeepL, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    assert main(["-C", str(project), "translate", "--engine", "deepl"]) == 13  # the be entries no engine got right (exit 13)
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--refresh-fuzzy"]) == 13
    capsys.readouterr()
    assert main(["-C", str(project), "usage"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["run", "engine", "lang", "batches", "segments", "cached", "chars"]
    total = out[-1].split()
    assert total[0] == "total" and int(total[-1]) == fake_deepl.billed
    assert main(["-C", str(project), "usage", "--deepl", "--last", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"DeepL account: {fake_deepl.billed} of 500000 characters used this billing period"
    )
    # the re-run asked only for the be entries no draft passed (see _unverifiable), answered
    # from the cache: one be row, their cached segments, zero characters
    assert len(out) == 4 and out[-1].split()[-2:] == ["3", "0"]


def test_pseudo_and_unknown_options(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(project), "translate", "--engine", "pseudo", "--lang", "ru"]) == 0
    entry = next(e for e in _po(project, "ru", "potash") if "**" in e.msgid)
    assert entry.msgstr.startswith("⟦") and entry.msgstr.count("**") == 2
    assert main(["-C", str(project), "translate", "--lang", "de"]) == 2
    assert main(["-C", str(project), "translate", "--article", "nope"]) != 0


def test_dry_run_needs_no_key_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    before = {p: p.read_bytes() for p in project.rglob("*.po")}
    assert main(["-C", str(project), "translate", "--engine", "memory", "--engine", "deepl",
                 "--dry-run", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "ru    potash" in out and "would send" in out
    assert {p: p.read_bytes() for p in project.rglob("*.po")} == before
    assert not (project / ".trilingual" / "usage.jsonl").exists()
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--lang", "ru"]) == 6
    assert "DEEPL_AUTH_KEY is not set" in capsys.readouterr().err


def test_bad_engine_settings_are_config_errors(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "trilingual.yaml"
    text = config.read_text()
    config.write_text(text.replace("engines: [memory]", "engines: [memory, babelfish]"))
    assert main(["-C", str(project), "translate"]) == 3
    assert "translate.engines: unknown engine 'babelfish'" in capsys.readouterr().err
    config.write_text(text.replace("formality: null", "formality: polite"))
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--dry-run"]) == 3
    assert "'translate.deepl.formality' must be one of" in capsys.readouterr().err


# --- a run is all or nothing before it starts, and saves every paid request ------------------


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project (the lock file holds a pid: left out)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != "lock"}


BROKEN_RU = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Observers were not admitted."
msgstr ""

msgid "Observers were not admitted."
msgstr ""
"""


@pytest.mark.bad_po
@pytest.mark.parametrize("engine", ["pseudo", "deepl"])
def test_a_broken_catalog_stops_the_run_before_anything_is_sent_or_written(
    project: Path, fake_deepl: FakeDeepL, capsys: pytest.CaptureFixture[str], engine: str,  # noqa: F811
) -> None:
    """be comes first, but the broken ru catalog is found before be is translated."""
    ru = project / "locales" / "ru" / "LC_MESSAGES" / "border.po"
    ru.write_text(BROKEN_RU, encoding="utf-8")
    before = _snapshot(project)
    capsys.readouterr()
    assert main(["-C", str(project), "translate", "--engine", engine]) == CatalogError.exit_code
    err = capsys.readouterr().err.splitlines()
    assert err == [err[0]] and err[0].startswith(
        "trilingual: error: locales/ru/LC_MESSAGES/border.po:8: duplicate"
    ), err
    assert _snapshot(project) == before
    assert not fake_deepl.requests  # not even the language list or a glossary


@pytest.mark.bad_po
def test_bad_plurals_in_an_article_the_memory_reads_stop_the_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The memory reads every article's catalog: those are validated too, before any write."""
    path = project / "locales" / "be" / "LC_MESSAGES" / "border.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("nplurals=3;", "nplurals=2;"), encoding="utf-8")
    before = _snapshot(project)
    code = main(["-C", str(project), "translate", "--engine", "memory", "--engine", "pseudo",
                 "--article", "potash"])
    assert code == CatalogError.exit_code
    err = capsys.readouterr().err
    assert "locales/be/LC_MESSAGES/border.po:" in err and "Plural-Forms says nplurals=2" in err
    assert _snapshot(project) == before
    # without the memory, the other article's catalog is not touched: the run goes ahead
    assert main(["-C", str(project), "translate", "--engine", "pseudo",
                 "--article", "potash"]) == 0


def test_the_lock_is_taken_before_any_setup(
    project: Path, fake_deepl: FakeDeepL, capsys: pytest.CaptureFixture[str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While another process holds the lock, translate reads nothing: not even the glossary."""
    (project / "glossary.yaml").write_text("terms: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("TRILINGUAL_LOCK_TIMEOUT", "0.2")
    with project_lock(Project.open(project)):
        code = main(["-C", str(project), "translate", "--engine", "deepl"])
    err = capsys.readouterr().err
    assert code == LockError.exit_code, err
    assert "another trilingual process" in err
    assert not fake_deepl.requests


def _long_article(paragraphs: int, sentences: int) -> str:
    """Paragraphs of ~1700 characters: DeepL's engine sends two per request (4000 of context)."""
    words = ["potash", "rail", "wagons", "border", "grain", "tonnes", "ministry", "lorries"]
    out = []
    for p in range(paragraphs):
        text = []
        for s in range(sentences):
            body = " ".join(words[(p * 7 + s * 3 + i) % len(words)] for i in range(80))
            text.append(f"Item {p}-{s} {body}.")
        out.append(" ".join(text))
    return "---\ntitle: Long\ndate: 2024-08-28\n---\n\n" + "\n\n".join(out) + "\n"


def test_each_request_of_a_batch_is_saved_before_the_next_is_sent(
    project: Path, fake_deepl: FakeDeepL, capsys: pytest.CaptureFixture[str],  # noqa: F811
) -> None:
    """A batch of 50 texts goes out as several HTTP requests (context limit); when the third
    fails, the answers to the first two are kept: the re-run sends only what was not paid."""
    (project / "articles" / "potash.md").unlink()
    (project / "articles" / "border.md").unlink()
    (project / "articles" / "long.md").write_text(_long_article(8, 3), encoding="utf-8")
    assert main(["-C", str(project), "extract"]) == 0
    fake_deepl.fail(None, None, 456)
    args = ["-C", str(project), "translate", "--engine", "deepl", "--lang", "be"]
    assert main(args) == 6
    assert "HTTP 456" in capsys.readouterr().err
    requests = fake_deepl.translate_requests()
    assert [r.body["_status"] for r in requests] == [200, 200, 456]
    first = fake_deepl.texts_sent()
    assert len(first) >= 4
    billed_first = fake_deepl.billed
    po = _po(project, "be", "long")
    assert sum(1 for e in po if e.msgstr) == len(first)
    fake_deepl.reset()
    assert main(args) == 0
    second = fake_deepl.texts_sent()
    assert not set(first) & set(second)
    msgids = [e.msgid for e in _po(project, "be", "long")]
    assert sorted(first + second) == sorted(msgids)
    assert all(e.msgstr for e in _po(project, "be", "long"))
    # nothing was billed twice: the characters DeepL received are those of the texts, once
    assert fake_deepl.billed == sum(len(t) for t in msgids)
    assert fake_deepl.billed - billed_first == sum(len(t) for t in second)
    # and the ledger holds every paid request, the first run's included
    records = read_usage(project / ".trilingual")
    assert sum(r.chars for r in records) == fake_deepl.billed


def test_a_chain_naming_the_memory_twice_runs(project: Path) -> None:
    """The validation pass hands the memory's entries over once: a second memory of the chain
    gathers them again (from the run's catalogs) instead of failing."""
    config = project / "trilingual.yaml"
    config.write_text(config.read_text().replace("accept_exact: false", "accept_exact: true"))
    path = project / "locales" / "be" / "LC_MESSAGES" / "potash.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid == "Lukashenka called it a victory.":
            entry.msgstr = "Лукашэнка назваў гэта перамогай."
    po.save(str(path))
    options = TranslateOptions(engines=("memory", "memory"), languages=("be",))
    report = translate_project(Project.open(project), options)
    filled = {e.msgid: e for e in _po(project, "be", "border")}
    assert filled["Lukashenka called it a victory."].msgstr == "Лукашэнка назваў гэта перамогай."
    assert report.filled == 1
