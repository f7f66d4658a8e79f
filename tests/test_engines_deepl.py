"""The DeepL engine against the fake server: per-language features, glossary, errors, secrets."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fake_deepl import FakeDeepL, fake_deepl  # noqa: F401 - fixture
from trilingual.config import Config, DeeplOptions
from trilingual.engines import EngineEnv, Rejected, Request, Suggestion, call_engine
from trilingual.engines.deepl import DeeplEngine
from trilingual.errors import EngineError
from trilingual.glossary import parse_glossary

GLOSSARY = """\
terms:
  - en: Lukashenka
    be: Лукашэнка
    ru: Лукашенко
    forms: {be: [Лукашэнкі, Лукашэнку]}
"""


def _engine(
    fake: FakeDeepL, tmp_path: Path, glossary: str = GLOSSARY, formality: str | None = None
) -> DeeplEngine:
    env = EngineEnv(
        config=Config(deepl=DeeplOptions(formality=formality)),
        state_dir=tmp_path / ".trilingual",
        glossary=parse_glossary(glossary, "glossary.yaml"),
        environ={"DEEPL_AUTH_KEY": fake.key, "DEEPL_SERVER_URL": fake.url},
    )
    return DeeplEngine(env)


def test_ru_sends_xml_glossary_and_context(fake_deepl: FakeDeepL, tmp_path: Path) -> None:  # noqa: F811
    engine = _engine(fake_deepl, tmp_path, formality="more")
    results = call_engine(engine, [
        Request("**Lukashenka** spoke [here]({1}).", context="The whole paragraph."),
    ], "ru")
    (request,) = fake_deepl.translate_requests()
    body = request.body
    assert body["tag_handling"] == "xml" and body["target_lang"] == "RU"
    assert body["text"] == ['<b>Lukashenka</b> spoke <a>here</a>.']
    assert body["context"] == "The whole paragraph."
    assert body["glossary_id"] == "gl-1" and body["formality"] == "more"
    assert isinstance(results[0], Suggestion)
    assert results[0].text == "**Лукашенко** споке [хере]({1})."
    # the glossary is remembered: a new run (new engine) does not create it again
    call_engine(_engine(fake_deepl, tmp_path), [Request("Lukashenka again.")], "ru")
    creations = [r for r in fake_deepl.requests if r.path == "/v2/glossaries"]
    assert len(creations) == 1
    # a changed glossary file makes a new DeepL glossary and deletes the old one
    changed = GLOSSARY.replace("Лукашенко", "Лукашенка")
    call_engine(_engine(fake_deepl, tmp_path, glossary=changed), [Request("Lukashenka.")], "ru")
    assert list(fake_deepl.glossaries) == ["gl-2"]
    state = json.loads((tmp_path / ".trilingual" / "deepl-glossaries.json").read_text())
    assert state["ru"]["id"] == "gl-2" and fake_deepl.key not in json.dumps(state)


def test_glossary_deleted_on_deepl_is_recreated(fake_deepl: FakeDeepL, tmp_path: Path) -> None:  # noqa: F811
    call_engine(_engine(fake_deepl, tmp_path), [Request("Lukashenka.")], "ru")
    fake_deepl.glossaries.clear()  # someone deleted it in the DeepL account
    (result,) = call_engine(_engine(fake_deepl, tmp_path), [Request("Lukashenka.")], "ru")
    assert isinstance(result, Suggestion) and result.text == "Лукашенко."
    assert list(fake_deepl.glossaries) == ["gl-2"]


def test_be_sends_text_tokens_no_glossary_soft_formality(
    fake_deepl: FakeDeepL, tmp_path: Path  # noqa: F811
) -> None:
    engine = _engine(fake_deepl, tmp_path, formality="less")
    results = call_engine(engine, [Request("**Lukashenka** spoke [here]({1}).")], "be")
    (request,) = fake_deepl.translate_requests()
    body = request.body
    assert "tag_handling" not in body and "glossary_id" not in body
    assert body["formality"] == "prefer_less"
    assert body["text"] == ["{2}Lukashenka{3} spoke {4}here{5}."]
    assert isinstance(results[0], Suggestion)
    assert results[0].text == "**Лукасхенка** споке [хере]({1})."
    assert not [r for r in fake_deepl.requests if r.path == "/v2/glossaries"]


def test_lost_tokens_are_rejected_not_written(fake_deepl: FakeDeepL, tmp_path: Path) -> None:  # noqa: F811
    fake_deepl.mangle = lambda text: text.replace("{3}", "")
    results = call_engine(_engine(fake_deepl, tmp_path), [
        Request("See [here]({1})."), Request("Plain sentence."),
    ], "be")
    assert isinstance(results[0], Rejected) and "lost" in results[0].reason
    assert isinstance(results[1], Suggestion)


def test_paragraphs_are_grouped_into_requests(fake_deepl: FakeDeepL, tmp_path: Path) -> None:  # noqa: F811
    batch = [Request(f"Sentence {i}.", context=f"Paragraph {i // 3} " + "x" * 1500)
             for i in range(12)]
    call_engine(_engine(fake_deepl, tmp_path), batch, "be")
    sent = fake_deepl.translate_requests()
    assert sum(len(r.body["text"]) for r in sent) == 12
    assert all(len(r.body["context"]) <= 4100 for r in sent)
    assert len(sent) == 2  # 4 paragraphs, two per request


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (403, "authorization failed (HTTP 403): check DEEPL_AUTH_KEY"),
        (456, "character quota of this billing period exceeded (HTTP 456)"),
        (429, "too many requests (HTTP 429), still refused after 2 retries"),
        (500, "server error (HTTP 500): DeepL may have processed the request (not sent "
              "again); 6 characters counted as billed in the usage ledger, nothing of this "
              "answer used or cached"),
        (502, "server error (HTTP 502): DeepL may have processed the request (not sent "
              "again); 6 characters counted as billed in the usage ledger, nothing of this "
              "answer used or cached"),
        (503, "server error (HTTP 503) after 2 retries"),
        (400, "request refused: Bad request, message: injected 400"),
    ],
)
def test_http_errors_have_one_clear_message(
    fake_deepl: FakeDeepL, tmp_path: Path, status: int, message: str  # noqa: F811
) -> None:
    fake_deepl.always = status
    with pytest.raises(EngineError) as info:
        call_engine(_engine(fake_deepl, tmp_path), [Request("Hello.")], "be")
    text = str(info.value)
    assert text == f"deepl: {message}; finished batches were saved"
    assert info.value.exit_code == 6 and fake_deepl.key not in text
    retried = 3 if status in (429, 503) else 1  # only "not processed, try again" is repeated
    assert len(fake_deepl.translate_requests()) == retried


def test_retry_then_success(fake_deepl: FakeDeepL, tmp_path: Path) -> None:  # noqa: F811
    fake_deepl.fail(429, 503)
    results = call_engine(_engine(fake_deepl, tmp_path), [Request("Hello.")], "ru")
    assert isinstance(results[0], Suggestion)


def test_timeout(
    fake_deepl: FakeDeepL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    import deepl

    monkeypatch.setattr(deepl.http_client, "max_network_retries", 1)
    monkeypatch.setenv("TRILINGUAL_DEEPL_TIMEOUT", "0.4")
    fake_deepl.delay = 1.0
    with pytest.raises(EngineError, match=r"no answer from http://127\.0\.0\.1:\d+ within "
                       r"0\.4 s .* not sent again"):
        call_engine(_engine(fake_deepl, tmp_path), [Request("Hello.")], "ru")
    assert len(fake_deepl.translate_requests()) == 1  # a request that may be billed: once


def test_connection_refused(fake_deepl: FakeDeepL, tmp_path: Path) -> None:  # noqa: F811
    fake_deepl.stop()
    with pytest.raises(EngineError, match=r"connection to .* failed"):
        call_engine(_engine(fake_deepl, tmp_path), [Request("Hello.")], "ru")


def test_wrong_key_fails_on_the_language_check(fake_deepl: FakeDeepL, tmp_path: Path) -> None:  # noqa: F811
    env = EngineEnv(config=Config(), state_dir=tmp_path,
                    environ={"DEEPL_AUTH_KEY": "wrong-secret", "DEEPL_SERVER_URL": fake_deepl.url})
    with pytest.raises(EngineError, match="HTTP 403") as info:
        DeeplEngine(env).check_language("ru")
    assert "wrong-secret" not in str(info.value)


def test_missing_key(tmp_path: Path) -> None:
    env = EngineEnv(config=Config(), state_dir=tmp_path, environ={})
    with pytest.raises(EngineError, match="DEEPL_AUTH_KEY is not set"):
        call_engine(DeeplEngine(env), [Request("Hello.")], "ru")


def test_unsupported_language(fake_deepl: FakeDeepL, tmp_path: Path) -> None:  # noqa: F811
    with pytest.raises(EngineError, match="'pl' is not supported"):
        call_engine(_engine(fake_deepl, tmp_path), [Request("Hello.")], "pl")


@pytest.mark.real_deepl
@pytest.mark.skipif(not os.environ.get("DEEPL_AUTH_KEY"), reason="DEEPL_AUTH_KEY not set")
def test_real_service_smoke(tmp_path: Path) -> None:
    env = EngineEnv(config=Config(), state_dir=tmp_path / ".trilingual")
    engine = DeeplEngine(env)
    msgid = "The **election** was held on [Sunday]({1})."
    for lang in ("ru", "be"):
        (result,) = call_engine(engine, [Request(msgid, context="Belarus voted.")], lang)
        assert isinstance(result, (Suggestion, Rejected))
        if isinstance(result, Suggestion):
            assert "({1})" in result.text and result.text.count("**") == 2
    engine.close()


def test_deepl_client_is_imported_only_when_deepl_is_used(project_dir: Path) -> None:
    """``import deepl`` (and requests) costs ~150 ms: a run without the DeepL engine skips it."""
    import subprocess
    import sys

    (project_dir / "articles" / "a.md").write_text(
        "---\ntitle: A\ndate: 2024-08-28\n---\n\nText.\n", encoding="utf-8"
    )
    script = (
        "import sys\n"
        "from trilingual.cli import main\n"
        "import trilingual.translate, trilingual.engines, trilingual.commands.usage\n"
        f"root = {str(project_dir)!r}\n"
        "for cmd in (['extract'], ['translate', '--engine', 'memory'], ['usage'],"
        " ['translate', '--engine', 'pseudo', '--dry-run']):\n"
        "    assert main(['-C', root, *cmd]) == 0, cmd\n"
        "    assert 'deepl' not in sys.modules and 'requests' not in sys.modules, cmd\n"
        "main(['-C', root, 'translate', '--engine', 'deepl', '--dry-run'])\n"
        "print('deepl' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPL_")}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "False"  # a dry run sends nothing: no client either
