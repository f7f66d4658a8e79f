"""What every paid engine shares: its secret, its bill, its batching and its fault rules.

:class:`~trilingual.engines.dispatch.PaidDispatch` gives every paid engine the same treatment:
the persistent cache first (keyed on engine, :meth:`~Engine.cache_options`, languages,
:meth:`~Engine.glossary_digest`, :meth:`~Engine.cache_context` and the text), one request per
distinct text of a run, each request's answer saved to the catalogs, the cache and the usage
ledger before the next one is sent, and a ``--dry-run`` estimate from :meth:`billed_chars`.
This base adds what an engine itself must do to play by those rules:

- the key comes from one environment variable only, and never reaches a message (``scrub``);
- ``billed`` counts what the provider billed, in ``unit`` (``chars`` or ``tokens``), so the
  ledger records the provider's own figure, also for an answer that turned out unusable;
- ``request_groups`` splits a batch into requests whose estimated size stays within a budget
  (:meth:`cost` per request plus :meth:`shared_cost` once per request for what several texts
  share, such as a paragraph);
- ``fault`` makes the one-line :class:`~trilingual.errors.EngineError` (exit 6) of a failure,
  naming it plainly and saying that finished batches were saved.

``deepl`` and ``llm`` are built on it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import ClassVar

from trilingual.engines.base import Engine, EngineEnv, Request
from trilingual.errors import EngineError


class PaidEngine(Engine):
    """Base of engines billed per character or token; see the module docstring."""

    billable = True
    unit: ClassVar[str] = "chars"
    key_variable: ClassVar[str] = ""  # the environment variable holding the key
    request_overhead: ClassVar[int] = 2048  # body bytes besides texts and contexts (language
    # codes, options, JSON punctuation): batches hold max_bytes - request_overhead

    def __init__(self, env: EngineEnv) -> None:
        super().__init__(env)
        environ = os.environ if env.environ is None else env.environ
        self.environ = environ
        self.key = environ.get(self.key_variable, "").strip() if self.key_variable else ""

    def require_key(self) -> str:
        """The key, or an EngineError saying which variable to export."""
        if not self.key:
            raise EngineError(
                f"{self.id}: {self.key_variable} is not set (export it; it is never read "
                "from files)"
            )
        return self.key

    def scrub(self, text: str) -> str:
        """``text`` with the key (and any long part of it) replaced by ``***``."""
        if self.key:
            text = text.replace(self.key, "***")
            if len(self.key) > 16:
                text = text.replace(self.key[4:-4], "***")
        return text

    def fault(self, message: str) -> EngineError:
        """The one-line error of a failed request (exit 6), without the key."""
        return EngineError(self.scrub(f"{self.id}: {message}; finished batches were saved"))

    # -- batching to a budget -----------------------------------------------------------------
    def budget(self, target: str) -> int:
        """Largest estimated size of one request (in ``unit``); 0: no budget."""
        return 0

    def cost(self, request: Request, target: str) -> int:
        """Estimated size of ``request``'s own part of a request."""
        return self.billed_chars(request, target)

    def shared_parts(self, request: Request, target: str) -> dict[str, int]:
        """Parts several requests may share (a paragraph...), by key, with their size."""
        return {}

    def overhead(self, target: str) -> int:
        """Estimated fixed size of every request (instructions, JSON punctuation)."""
        return 0

    def request_groups(self, batch: Sequence[Request], target: str) -> list[list[int]]:
        """Consecutive groups whose estimated size (overhead, own parts, each shared part once)
        stays within :meth:`budget`; a single request over budget is sent alone."""
        limit = self.budget(target)
        if limit <= 0:
            return [list(range(len(batch)))] if batch else []
        groups: list[list[int]] = []
        group: list[int] = []
        seen: set[str] = set()
        size = self.overhead(target)
        for i, request in enumerate(batch):
            shared = {k: v for k, v in self.shared_parts(request, target).items()}
            extra = self.cost(request, target) + sum(v for k, v in shared.items() if k not in seen)
            if group and size + extra > limit:
                groups.append(group)
                group, seen, size = [], set(), self.overhead(target)
                extra = self.cost(request, target) + sum(shared.values())
            group.append(i)
            seen.update(shared)
            size += extra
        if group:
            groups.append(group)
        return groups
