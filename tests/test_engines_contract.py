"""The contract every engine of the registry passes: batching, placeholders, errors, languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from fake_deepl import FakeDeepL, fake_deepl  # noqa: F401 - fixture
from fake_openai import FakeOpenAI, fake_openai  # noqa: F401 - fixture
from trilingual.config import Config
from trilingual.engines import ENGINES, EngineEnv, Request, Suggestion, call_engine, create_engine
from trilingual.errors import EngineError
from trilingual.placeholder import find_placeholders

MSGIDS = [
    "The **vote** was held on [Sunday]({1}) in `Minsk`.",
    "Turnout was {1} according to *official* figures.",
    "Observers were not admitted.",
]
# the memory holds reviewed translations of the same sentences
MEMORY = [
    (None, MSGIDS[0], "Голосование **прошло** в [воскресенье]({1}) в `Minsk`."),
    (None, MSGIDS[1], "Явка составила {1} по *официальным* данным."),
    (None, MSGIDS[2], "Наблюдателей не допустили."),
]


@pytest.fixture(params=list(ENGINES))
def engine_env(
    request: pytest.FixtureRequest, tmp_path: Path, fake_deepl: FakeDeepL,  # noqa: F811
    fake_openai: FakeOpenAI,  # noqa: F811
) -> Iterator[tuple[str, EngineEnv, FakeDeepL]]:
    env = EngineEnv(
        config=Config(), state_dir=tmp_path / ".trilingual", memory=lambda _lang: list(MEMORY),
        environ={"DEEPL_AUTH_KEY": fake_deepl.key, "DEEPL_SERVER_URL": fake_deepl.url,
                 "OPENAI_API_KEY": fake_openai.key, "OPENAI_BASE_URL": fake_openai.url},
    )
    yield request.param, env, fake_deepl


def _markup(text: str) -> list[str]:
    return sorted(re.findall(r"\*\*|`[^`]*`|\]\(\{\d+\}\)|\{\d+\}", text))


@pytest.mark.parametrize("lang", ["be", "ru"])
def test_one_result_per_request_in_order(
    engine_env: tuple[str, EngineEnv, FakeDeepL], lang: str
) -> None:
    name, env, _ = engine_env
    engine = create_engine(name, env)
    assert engine.id == name and re.fullmatch(r"[a-z]+(-[a-z]+)*", name)
    assert engine.supports(lang)
    results = call_engine(engine, [Request(m, context="ctx") for m in MSGIDS], lang)
    assert len(results) == len(MSGIDS)
    for msgid, result in zip(MSGIDS, results, strict=True):
        assert isinstance(result, Suggestion)
        assert result.engine == name and 0 <= result.score <= 100 and result.text
        assert find_placeholders(result.text) == find_placeholders(msgid)
        assert _markup(result.text) == _markup(msgid)
    assert call_engine(engine, [], lang) == []
    engine.close()


def test_batch_limits_are_respected(engine_env: tuple[str, EngineEnv, FakeDeepL]) -> None:
    name, env, fake = engine_env
    engine = create_engine(name, env)
    assert engine.max_batch >= 1 and engine.max_bytes >= 1024
    batch = [Request(f"Sentence number {i} about {{1}}.", context=f"p{i % 7}") for i in range(50)]
    results = call_engine(engine, batch[: engine.max_batch], "ru")
    assert len(results) == min(50, engine.max_batch)
    for request in fake.translate_requests():
        assert len(request.body["text"]) <= 50


def test_unsupported_language_is_an_engine_error(
    engine_env: tuple[str, EngineEnv, FakeDeepL],
) -> None:
    name, env, _ = engine_env
    engine = create_engine(name, env)
    if engine.languages is None and not engine.billable:
        pytest.skip(f"{name} works for any language")
    with pytest.raises(EngineError, match="not supported"):
        call_engine(engine, [Request(MSGIDS[2])], "xx")


def test_failures_cross_the_boundary_as_engine_errors(
    engine_env: tuple[str, EngineEnv, FakeDeepL], fake_openai: FakeOpenAI,  # noqa: F811
) -> None:
    name, env, fake = engine_env
    engine = create_engine(name, env)

    def broken(*_args: object) -> list[object]:
        raise ConnectionError("network down")

    mapped = engine.map_error(ConnectionError("x")) if hasattr(engine, "map_error") else None
    if not engine.billable:
        # offline engines have no expected failures: anything raised is a bug and propagates
        engine.translate = broken  # type: ignore[method-assign]
        with pytest.raises(ConnectionError):
            call_engine(engine, [Request(MSGIDS[2])], "ru")
        return
    assert mapped is None  # only the client's own exceptions are mapped
    fake.always = fake_openai.always = 403
    with pytest.raises(EngineError) as info:
        call_engine(engine, [Request(MSGIDS[2])], "ru")
    assert "\n" not in str(info.value) and fake.key not in str(info.value)
    assert fake_openai.key not in str(info.value)
