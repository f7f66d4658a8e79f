"""What every translation engine is: a small class with an id and one batch method.

The workflow hands an engine batches of :class:`Request` (at most ``max_batch`` texts and
``max_bytes`` bytes) and gets back one :class:`Suggestion` or ``None`` per request, in order.
Every failure crosses :func:`call_engine`, the one error boundary, which turns it into an
:class:`~trilingual.errors.EngineError` with a one-line message (never holding a secret).
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from trilingual.config import Config
from trilingual.errors import EngineError
from trilingual.glossary import Glossary


@dataclass(frozen=True)
class Request:
    """One entry to translate: its msgid (inline Markdown, ``{n}`` placeholders) and context."""

    msgid: str
    msgctxt: str | None = None
    context: str = ""  # the paragraph around the sentence (DeepL ``context=``, not billed)
    placeholders: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A proposed translation. ``reviewed`` only for memory exact matches the config accepts;
    ``warnings`` are reported next to the entry (the suggestion is still written)."""

    text: str
    score: int
    engine: str
    reviewed: bool = False
    warnings: tuple[str, ...] = ()
    note: str = ""  # appended to the ``MT:`` provenance line (memory: ``adapted: 2019→2021``)
    origin: str = ""  # where a memory match came from (an external TMX), for the MT: comment


@dataclass(frozen=True)
class Rejected:
    """Returned instead of a Suggestion when the engine answered but the answer is unusable."""

    reason: str
    engine: str


Result = Suggestion | Rejected | None

MemoryLoader = Callable[[str], list[tuple[str | None, str, str]]]


@dataclass
class EngineEnv:
    """What engines may use: configuration, glossary, private state folder, the memory source."""

    config: Config
    state_dir: Path
    glossary: Glossary = field(default_factory=Glossary)
    memory: MemoryLoader = field(default=lambda _lang: [])
    environ: dict[str, str] | None = None  # None: os.environ


class Engine(ABC):
    """Base of every engine. Subclasses set ``id`` and implement :meth:`translate`."""

    id: ClassVar[str]
    description: ClassVar[str] = ""
    billable: ClassVar[bool] = False  # paid per character or token: see engines.dispatch
    unit: ClassVar[str] = "chars"  # what ``billed`` counts: chars or tokens
    max_batch: ClassVar[int] = 50
    max_bytes: ClassVar[int] = 128 * 1024
    languages: ClassVar[frozenset[str] | None] = None  # None: any language (checked remotely)
    uses_memory: ClassVar[bool] = False  # reads every article's catalog through env.memory

    def __init__(self, env: EngineEnv) -> None:
        self.env = env
        self.billed = 0  # units (``unit``) the provider billed in this run; 0 for free engines

    def supports(self, target: str) -> bool:
        """Whether ``target`` can be asked for (without a network round trip)."""
        return self.languages is None or target in self.languages

    def check_language(self, target: str) -> None:
        """Raise EngineError when ``target`` is not supported."""
        if not self.supports(target):
            raise EngineError(f"{self.id}: target language {target!r} is not supported")

    def cache_options(self, target: str) -> str:
        """Everything besides the text that changes this engine's output (part of cache keys)."""
        return ""

    def cache_context(self, request: Request, target: str) -> str:
        """Everything besides the text sent with ``request`` (part of cache keys)."""
        return request.context

    def glossary_digest(self, target: str) -> str:
        """Version of the terminology the engine applies for ``target`` ('-' if none)."""
        return "-"

    def billed_chars(self, request: Request, target: str) -> int:
        """Characters this engine would bill for ``request`` (estimate for --dry-run)."""
        return len(request.msgid)

    def request_bytes(self, request: Request, target: str) -> int:
        """Bytes the text of ``request`` takes in a JSON request body (for batch limits)."""
        return len(json.dumps(request.msgid))

    def request_groups(self, batch: Sequence[Request], target: str) -> list[list[int]]:
        """How :meth:`translate` splits ``batch`` into requests, as lists of indices.

        A paid engine that sends one batch as several requests says so here: the workflow then
        hands it one group at a time and saves each answer before the next is sent.
        """
        return [list(range(len(batch)))]

    @abstractmethod
    def translate(self, batch: Sequence[Request], target: str) -> list[Result]:
        """One result per request, in order: Suggestion, Rejected (bad output) or None."""

    def map_error(self, exc: BaseException) -> EngineError | None:
        """The one-line EngineError of a failure of this engine's client; None: not ours."""
        return None

    def close(self) -> None:  # noqa: B027 - optional hook, most engines hold nothing
        """Release connections; called once at the end of a run."""


def call_engine(
    engine: Engine,
    batch: Sequence[Request],
    target: str,
    map_error: Callable[[BaseException], EngineError | None] | None = None,
) -> list[Result]:
    """The error boundary: run one batch; every expected failure becomes an EngineError."""
    try:
        results = engine.translate(batch, target)
    except EngineError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        mapped = map_error(exc) if map_error is not None else None
        if mapped is None:
            mapped = engine.map_error(exc)
        if mapped is None:
            raise
        raise mapped from None
    if len(results) != len(batch):
        raise EngineError(
            f"{engine.id}: returned {len(results)} results for {len(batch)} texts"
        )
    return results
