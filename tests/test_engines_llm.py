"""The ``llm`` engine end to end: the real ``openai`` client against our fake server.

Wire contract, verification with one follow-up, fallback to the next engine, malformed answers,
refusals, 429/5xx through the client's retries, the cache (a re-run pays nothing), the token
ledger, ``--dry-run``, the budget, key hygiene; and the shipped sample with planted errors.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from fake_deepl import FakeDeepL, fake_deepl  # noqa: F401 - fixture
from fake_openai import FakeOpenAI, fake_openai, planted_by_hash  # noqa: F401 - fixture
from trilingual.cli import main
from trilingual.config import Config
from trilingual.engines import EngineEnv, Rejected, Request, Suggestion, call_engine
from trilingual.engines.llm import ANSWER_SCHEMA, DEFAULT_INSTRUCTIONS, LlmEngine
from trilingual.engines.provenance import mt_comment
from trilingual.engines.verify import Verifier
from trilingual.glossary import load_glossary
from trilingual.ledger import read_usage

REPO = Path(__file__).resolve().parent.parent

GRAIN = """\
---
title: "Grain moves east"
date: 2024-09-10
---

When Lukashenka opened the new terminal, exporters expected lower costs.
The terminal handles **3 million tonnes** a year. Its [operator](https://example.org/op) is
state-owned.

Freight rates fell by 12 per cent in August. Lukashenka called it a success.
"""
RAIL = """\
---
title: "Rail takes the strain"
date: 2024-09-12
---

Freight rates fell by 15 per cent in September. Observers were not admitted.
Wagons wait for days at the `Brest` crossing.
"""
# what the fake "model" answers (Belarusian written for these tests)
BE = {
    "Grain moves east": "Збожжа рухаецца на ўсход",
    "When Lukashenka opened the new terminal, exporters expected lower costs.":
        "Калі Лукашэнка адкрыў новы тэрмінал, экспарцёры чакалі меншых выдаткаў.",
    "The terminal handles **3 million tonnes** a year.": "Тэрмінал апрацоўвае **3 млн тон** за год.",
    "Its [operator]({1}) is state-owned.": "Яго [аператар]({1}) належыць дзяржаве.",
    "Freight rates fell by 12 per cent in August.":
        "Стаўкі фрахту ў жніўні знізіліся на 12 працэнтаў.",
    "Lukashenka called it a success.": "Лукашэнка назваў гэта поспехам.",
    "Rail takes the strain": "Чыгунка бярэ нагрузку на сябе",
    "Freight rates fell by 15 per cent in September.":
        "Стаўкі фрахту ў верасні знізіліся на 15 працэнтаў.",
    "Observers were not admitted.": "Назіральнікаў не пусцілі.",
    "Wagons wait for days at the `Brest` crossing.": "Вагоны чакаюць днямі на пераходзе `Brest`.",
}
AUGUST, SEPTEMBER = "Freight rates fell by 12 per cent in August.", (
    "Freight rates fell by 15 per cent in September.")
OBSERVERS, SUCCESS = "Observers were not admitted.", "Lukashenka called it a success."


@pytest.fixture
def project(project_dir: Path) -> Path:
    (project_dir / "articles" / "grain.md").write_text(GRAIN, encoding="utf-8")
    (project_dir / "articles" / "rail.md").write_text(RAIL, encoding="utf-8")
    (project_dir / "glossary.yaml").write_text(
        "terms:\n  - en: Lukashenka\n    be: Лукашэнка\n    ru: Лукашенко\n", encoding="utf-8"
    )
    assert main(["-C", str(project_dir), "extract"]) == 0
    return project_dir


@pytest.fixture
def fake(fake_openai: FakeOpenAI) -> FakeOpenAI:  # noqa: F811
    fake_openai.answers = {"be": dict(BE)}
    return fake_openai


def _po(root: Path, lang: str, slug: str) -> polib.POFile:
    return polib.pofile(str(root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"))


def _entries(root: Path, lang: str) -> dict[str, polib.POEntry]:
    return {e.msgid: e for slug in ("grain", "rail") for e in _po(root, lang, slug) if e.msgid}


def _review(root: Path, lang: str, slug: str, msgid: str, msgstr: str) -> None:
    po = _po(root, lang, slug)
    po.find(msgid).msgstr = msgstr
    po.save()


def _assert_all_written_pass(root: Path, lang: str) -> int:
    verifier = Verifier(load_glossary(root))
    written = [e for e in _entries(root, lang).values() if e.msgstr]
    for entry in written:
        assert verifier.problems(entry.msgid, entry.msgstr, lang) == [], entry.msgid
    return len(written)


def test_wire_contract_context_provenance_and_ledger(
    project: Path, fake: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    _review(project, "ru", "rail", OBSERVERS, "Наблюдателей не допустили.")
    _review(project, "be", "grain", AUGUST, BE[AUGUST])
    assert main(["-C", str(project), "translate", "--engine", "llm", "--lang", "be"]) == 0
    out = capsys.readouterr().out
    assert len(fake.requests) == 1  # one batch, every draft verified at once
    body = fake.requests[0]
    assert body["model"] == "gpt-4o-mini"
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "translations", "strict": True, "schema": ANSWER_SCHEMA},
    }
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][0]["content"] == DEFAULT_INSTRUCTIONS["be"]
    doc = json.loads(body["messages"][-1]["content"])
    assert doc["source_language"] == "en" and doc["target_language"] == "be"
    texts = {s["text"]: s["id"] for s in doc["segments"]}
    assert set(texts) == set(BE) - {AUGUST}  # the reviewed one is not asked for
    assert len(set(texts.values())) == len(texts) and all(isinstance(i, str) for i in texts.values())
    context = doc["context"]
    assert context["glossary"] == [{"en": "Lukashenka", "target": "Лукашэнка"}]
    assert {"id": texts[OBSERVERS], "language": "ru", "text": "Наблюдателей не допустили."} in (
        context["other_translations"])
    assert {"source": AUGUST, "target": BE[AUGUST]} in context["examples"]
    assert any(p.startswith("Freight rates fell by 15 per cent") for p in context["paragraphs"])
    # every draft written fuzzy with llm provenance, and every one passes the checks
    entries = _entries(project, "be")
    for msgid in set(BE) - {AUGUST}:
        entry = entries[msgid]
        assert entry.msgstr == BE[msgid] and "fuzzy" in entry.flags
        made = mt_comment(entry)
        assert made is not None and made["engine"] == "llm"
    assert _assert_all_written_pass(project, "be") == len(BE)
    # tokens as the server reported them, in the ledger and the report
    records = read_usage(project / ".trilingual")
    assert [(r.engine, r.chars) for r in records] == [("llm", 0)]
    assert sum(r.tokens for r in records) == fake.billed > 0
    assert f"{fake.billed} tokens billed" in out


def test_planted_errors_corrected_on_the_follow_up_or_passed_on(
    project: Path, fake: FakeOpenAI, fake_deepl: FakeDeepL,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    planted = {OBSERVERS: "fixable", SEPTEMBER: "stubborn", SUCCESS: "stubborn"}
    fake.plant = planted.get
    # one entry passed no engine's checks: exit 13 (PartialTranslation)
    assert main(["-C", str(project), "translate", "--engine", "llm", "--engine", "deepl",
                 "--lang", "be"]) == 13
    err = capsys.readouterr().err
    first, followup = fake.answered()
    assert "feedback" not in first and len(first["segments"]) == len(BE)
    ids = {s["text"]: s["id"] for s in first["segments"]}
    assert sorted(s["text"] for s in followup["segments"]) == sorted(planted)
    feedback = {f["id"]: f for f in followup["feedback"]}
    assert set(feedback) == {ids[t] for t in planted}
    for item in feedback.values():
        assert item["errors"][0].startswith("latin-lookalike: word ")
        assert item["draft"]
    entries = _entries(project, "be")
    fixed = entries[OBSERVERS]
    assert fixed.msgstr == BE[OBSERVERS] and mt_comment(fixed)["engine"] == "llm"  # type: ignore[index]
    # the stubborn ones went to DeepL: one passed there, one (a glossary term) passed nowhere
    assert sorted(fake_deepl.texts_sent()) == sorted([SEPTEMBER, SUCCESS])
    assert mt_comment(entries[SEPTEMBER])["engine"] == "deepl"  # type: ignore[index]
    assert entries[SUCCESS].msgstr == "" and mt_comment(entries[SUCCESS]) is None
    assert "error: llm: left empty: latin-lookalike:" in err and "(after one follow-up)" in err
    assert "error: deepl: left empty: terminology: glossary: 'Lukashenka'" in err
    assert _assert_all_written_pass(project, "be") == len(BE) - 1


def test_malformed_answer_once_is_retried_twice_exits_6(
    project: Path, fake: FakeOpenAI, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake.plan = ["malformed"]
    assert main(["-C", str(project), "translate", "--engine", "llm", "--lang", "be"]) == 0
    assert len(fake.answered()) == 2 and _assert_all_written_pass(project, "be") == len(BE)
    feedback = fake.answered()[1]["feedback"]
    assert feedback[0]["errors"][0].startswith("malformed answer: the answer is not JSON")
    # a later batch whose answer and follow-up are both not JSON stops the run (exit 6)
    monkeypatch.setattr(LlmEngine, "max_batch", 4)
    fake.plan = [None, "malformed", "malformed"]
    fake.requests.clear()
    billed = fake.billed
    code = main(["-C", str(project), "translate", "--engine", "llm", "--lang", "ru"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 6
    assert err[-1].startswith("trilingual: error: llm: malformed answers from http://127.0.0.1:")
    assert "the answer is not JSON" in err[-1] and "finished batches were saved" in err[-1]
    ru = [e for e in _entries(project, "ru").values() if e.msgstr]
    assert len(ru) == 4  # the first batch was saved
    # the unusable answers were billed: the ledger says so
    tokens = sum(r.tokens for r in read_usage(project / ".trilingual") if r.lang == "ru")
    assert tokens == fake.billed - billed


def test_refusal_and_dropped_ids_fall_back_and_are_not_paid_twice(
    project: Path, fake: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.plan = ["drop", "refuse"]
    assert main(["-C", str(project), "translate", "--engine", "llm", "--lang", "be"]) == 13
    err = capsys.readouterr().err
    assert "missing from the answer" in fake.answered()[1]["feedback"][0]["errors"]
    left = [e for e in _entries(project, "be").values() if not e.msgstr]
    assert len(left) == 1
    assert "llm: left empty: the model refused: I can't help" in err
    # the refusal was paid for once: a re-run answers it from the cache
    fake.requests.clear()
    assert main(["-C", str(project), "translate", "--engine", "llm", "--lang", "be"]) == 13
    assert fake.requests == []
    assert "the model refused" in capsys.readouterr().err


def test_429_and_5xx_go_through_the_clients_retries(
    project: Path, fake: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.fail(429, 500, 503)
    assert main(["-C", str(project), "translate", "--engine", "llm", "--lang", "be"]) == 0
    assert [r["_status"] for r in fake.requests] == [429, 500, 503, 200]
    capsys.readouterr()
    for status, words in ((500, "server error (HTTP 500)"), (429, "too many requests")):
        fake.requests.clear()
        fake.always = status
        assert main(["-C", str(project), "translate", "--engine", "llm", "--lang", "ru"]) == 6
        err = capsys.readouterr().err.strip().splitlines()
        assert words in err[-1] and "after 4 retries" in err[-1]
        assert len(fake.requests) == 5  # the first try and the client's 4 retries
        assert not [e for e in _entries(project, "ru").values() if e.msgstr]


def test_a_failed_follow_up_keeps_the_paid_answer(
    project: Path, fake: FakeOpenAI, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(LlmEngine, "max_batch", 4)
    terminal = "The terminal handles **3 million tonnes** a year."
    fake.plant = {terminal: "fixable"}.get
    fake.fail(None, 500, 500, 500, 500, 500)  # the follow-up fails through every retry
    code = main(["-C", str(project), "translate", "--engine", "llm", "--lang", "be"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 6 and "server error (HTTP 500)" in err[-1]
    first = fake.answered()
    assert len(first) == 1 and terminal in [s["text"] for s in first[0]["segments"]]
    written = {e.msgid for e in _entries(project, "be").values() if e.msgstr}
    assert written == {s["text"] for s in first[0]["segments"]} - {terminal}
    assert sum(r.tokens for r in read_usage(project / ".trilingual")) == fake.billed
    # the next run asks only for what the paid answer did not settle
    fake.requests.clear()
    assert main(["-C", str(project), "translate", "--engine", "llm", "--lang", "be"]) == 0
    again = [s["text"] for d in fake.answered() for s in d["segments"]]
    assert terminal in again and not written & set(again)
    assert _assert_all_written_pass(project, "be") == len(BE)


def test_rerun_costs_nothing_and_dry_run_estimates(
    project: Path, fake: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    locales = project / "locales"
    pristine = {p: p.read_bytes() for p in locales.rglob("*.po")}
    assert main(["-C", str(project), "translate", "--engine", "llm", "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert fake.requests == [] and not (project / ".trilingual" / "mt-cache.sqlite").exists()
    estimate = int(dry.split("tokens (estimate): ")[1].split()[0])
    assert main(["-C", str(project), "translate", "--engine", "llm"]) == 0
    capsys.readouterr()
    billed, requests = fake.billed, len(fake.requests)
    assert requests == 2 and 0.5 < estimate / billed < 2  # be and ru; a fair estimate
    drafts = {p: p.read_bytes() for p in locales.rglob("*.po")}
    for path, data in pristine.items():  # the catalogs as before the run, the cache kept
        path.write_bytes(data)
    assert main(["-C", str(project), "translate", "--engine", "llm"]) == 0
    out = capsys.readouterr().out
    assert len(fake.requests) == requests and fake.billed == billed
    assert "0 segments sent" in out and "tokens billed" not in out
    assert {p: p.read_bytes() for p in locales.rglob("*.po")} == drafts
    last = [r for r in read_usage(project / ".trilingual") if r.run == read_usage(
        project / ".trilingual")[-1].run]
    assert sum(r.tokens for r in last) == 0 and sum(r.cached for r in last) > 0


def test_token_budget_splits_batches(project: Path, fake: FakeOpenAI) -> None:
    config = project / "trilingual.yaml"
    config.write_text(config.read_text().replace(
        "token_budget: 6000", "token_budget: 500"), encoding="utf-8")
    assert main(["-C", str(project), "translate", "--engine", "llm", "--lang", "be"]) == 0
    docs = fake.answered()
    assert len(docs) >= 2 and sum(len(d["segments"]) for d in docs) == len(BE)
    assert _assert_all_written_pass(project, "be") == len(BE)


def test_config_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = project / "trilingual.yaml"
    text = config.read_text()
    for old, bad, words in (
        ("token_budget: 6000", "token_budget: 10", "translate.llm.token_budget"),
        ("token_budget: 6000", "api_key: sk-x", "unknown key 'translate.llm.api_key'"),
        ("instructions: {}", "instructions: [be]", "translate.llm.instructions"),
        ("examples: 3", "examples: -1", "translate.llm.examples"),
    ):
        assert old in text
        config.write_text(text.replace(old, bad), encoding="utf-8")
        assert main(["-C", str(project), "translate", "--engine", "llm"]) == 3
        assert words in capsys.readouterr().err


KEY = "sk-SeCrEt-5b1e77d2-trilingual-llm-9c40aa31"
NEEDLES = [KEY, "5b1e77d2-trilingual-llm-9c40aa31"]


def _cli(root: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trilingual.cli", "-C", str(root), *args],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=120,
    )


def test_the_key_never_leaks(
    project: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeOpenAI(key=KEY, answers={"be": dict(BE)}).start()
    try:
        env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": fake.url}
        outputs = [_cli(project, "translate", "--engine", "llm", "--lang", "be", env=env)]
        assert outputs[0].returncode == 0
        fake.always = 500
        outputs.append(_cli(project, "translate", "--engine", "llm", "--lang", "ru", env=env))
        fake.always = None
        wrong = {**env, "OPENAI_API_KEY": KEY[::-1]}
        outputs.append(_cli(project, "translate", "--engine", "llm", "--lang", "ru", env=wrong))
        assert "authorization failed (HTTP 401)" in outputs[-1].stderr
        outputs.append(_cli(project, "usage", env=env))
        assert [o.returncode for o in outputs] == [0, 6, 6, 0]
        # in-process, every logger at DEBUG (the openai client and httpx log requests)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
        with caplog.at_level(logging.DEBUG):
            assert main(["-C", str(project), "translate", "--engine", "llm", "--lang", "ru"]) == 0
    finally:
        fake.stop()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for needle in NEEDLES:
        for out in outputs:
            assert needle not in out.stdout and needle not in out.stderr
        assert needle not in logged
        for path in project.rglob("*"):
            if path.is_file():
                assert needle.encode() not in path.read_bytes(), path


def test_no_key_is_exit_6_naming_the_variable(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert main(["-C", str(project), "translate", "--engine", "llm", "--lang", "be"]) == 6
    err = capsys.readouterr().err
    assert "llm: OPENAI_API_KEY is not set (export it; it is never read from files)" in err
    # a dry run needs no key
    assert main(["-C", str(project), "translate", "--engine", "llm", "--dry-run"]) == 0


def _sample(tmp: Path, fake: FakeOpenAI) -> Path:
    """The shipped sample with every be and ru translation removed; the fake "model" knows
    the reviewed translations and plants errors (planted_by_hash)."""
    root = tmp / "sample"
    for name in ("articles", "locales"):
        shutil.copytree(REPO / name, root / name)
    for name in ("trilingual.yaml", "glossary.yaml"):
        shutil.copy(REPO / name, root / name)
    for lang in ("be", "ru"):
        known = fake.answers.setdefault(lang, {})
        for path in sorted((root / "locales" / lang / "LC_MESSAGES").glob("*.po")):
            po = polib.pofile(str(path))
            for entry in po:
                if entry.msgstr and not entry.obsolete:
                    known[entry.msgid] = entry.msgstr
                    entry.msgstr = ""
                    entry.flags = [f for f in entry.flags if f != "fuzzy"]
            po.save()
    fake.plant = planted_by_hash
    return root


def test_sample_every_draft_verified_and_a_rerun_is_free(
    tmp_path: Path, fake: FakeOpenAI, fake_deepl: FakeDeepL,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = _sample(tmp_path, fake)
    chain = ["--engine", "memory", "--engine", "llm", "--engine", "deepl"]
    pristine = {p: p.read_bytes() for p in (root / "locales").rglob("*.po")}
    assert main(["-C", str(root), "translate", *chain, "--allow-partial"]) == 0
    capsys.readouterr()
    followups = [d for d in fake.answered() if "feedback" in d]
    assert followups and len(fake.answered()) > len(followups)
    verifier = Verifier(load_glossary(root))
    engines: dict[str, int] = {}
    for lang in ("be", "ru"):
        for path in (root / "locales" / lang / "LC_MESSAGES").glob("*.po"):
            for entry in polib.pofile(str(path)):
                if entry.msgstr and not entry.obsolete:
                    made = mt_comment(entry)
                    assert made is not None and "fuzzy" in entry.flags
                    engines[made["engine"]] = engines.get(made["engine"], 0) + 1
                    assert verifier.problems(entry.msgid, entry.msgstr, lang) == []
    assert engines["llm"] > 10 * engines.get("deepl", 0)
    # fixable plants were corrected: their entries hold the known translation
    fixable = [t for t in fake.answers["be"] if planted_by_hash(t) == "fixable"]
    be = {e.msgid: e.msgstr for p in (root / "locales" / "be" / "LC_MESSAGES").glob("*.po")
          for e in polib.pofile(str(p))}
    wrong = [t for t in fixable if t in be and be[t] != fake.answers["be"][t]]
    assert fixable and not wrong, wrong
    # a re-run over the same empty catalogs costs nothing
    billed, sent = fake.billed, len(fake.requests)
    deepl_billed = fake_deepl.billed
    for path, data in pristine.items():
        path.write_bytes(data)
    assert main(["-C", str(root), "translate", *chain, "--allow-partial"]) == 0
    assert (fake.billed, len(fake.requests), fake_deepl.billed) == (billed, sent, deepl_billed)


def test_verifier_uses_the_check_classes_and_respects_disable() -> None:
    verifier = Verifier(load_glossary(REPO))
    assert [c.id for c in verifier.checks] == [
        "placeholders", "markup", "links", "numbers", "latin-lookalike", "foreign-letters",
        "terminology"]
    problems = verifier.problems("Lukashenka met {1} on 3 May.", "Лукашенко встретил 4 мая.", "be")
    assert {p.split(":")[0] for p in problems} == {
        "placeholders", "numbers", "foreign-letters", "terminology"}
    assert Verifier(load_glossary(REPO), disable=["numbers"]).problems(
        "On 3 May.", "4 мая.", "be") == []


@pytest.mark.real_llm
@pytest.mark.skipif(not os.environ.get("OPENAI_API_KEY"), reason="needs OPENAI_API_KEY")
def test_smoke_against_a_real_endpoint(tmp_path: Path) -> None:
    engine = LlmEngine(EngineEnv(config=Config(), state_dir=tmp_path, glossary=load_glossary(REPO)))
    try:
        results = call_engine(engine, [Request("Lukashenka called it a victory.")], "be")
    finally:
        engine.close()
    assert len(results) == 1 and isinstance(results[0], Suggestion | Rejected)
    assert engine.requests >= 1 and engine.billed > 0
