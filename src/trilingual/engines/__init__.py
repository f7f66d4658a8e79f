"""Translation engines: an explicit, ordered registry of small classes with one batch method.

``memory`` (offline default), ``deepl`` (paid API), ``llm`` (paid, OpenAI-compatible, verified
drafts), ``pseudo`` (layout testing). Each engine
passes the shared contract test in ``tests/test_engines_contract.py``.
"""

from __future__ import annotations

from trilingual.engines.base import (
    Engine,
    EngineEnv,
    Rejected,
    Request,
    Result,
    Suggestion,
    call_engine,
)
from trilingual.engines.deepl import DeeplEngine
from trilingual.engines.llm import LlmEngine
from trilingual.engines.memory import MemoryEngine
from trilingual.engines.pseudo import PseudoEngine
from trilingual.errors import UsageError

#: every engine, by id, in the order ``trilingual translate --help`` lists them
ENGINES: dict[str, type[Engine]] = {
    cls.id: cls for cls in (MemoryEngine, DeeplEngine, LlmEngine, PseudoEngine)
}


def create_engine(name: str, env: EngineEnv) -> Engine:
    """An engine instance by registry id; an unknown id is a UsageError."""
    try:
        cls = ENGINES[name]
    except KeyError:
        raise UsageError(
            f"unknown engine {name!r} (engines: {', '.join(ENGINES)})"
        ) from None
    return cls(env)


__all__ = [
    "ENGINES",
    "Engine",
    "EngineEnv",
    "Rejected",
    "Request",
    "Result",
    "Suggestion",
    "call_engine",
    "create_engine",
]
