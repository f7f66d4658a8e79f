"""The translation memory: every reviewed entry of every article's catalog in the language.

Exact matches first (same msgid; same msgctxt preferred), then fuzzy matches through the shared
:class:`~trilingual.fuzzy.FuzzyIndex`, accepted from ``translate.memory.threshold`` up. Only an
exact match with the same msgctxt may count as reviewed, and only with
``translate.memory.accept_exact: true``; everything else is written fuzzy.

A fuzzy match whose English differs from the new one in numbers, placeholders or glossary names
is adapted (:mod:`trilingual.engines.adapt`): the new ones are written into the stored
translation, and the ``MT:`` line says ``adapted: old→new``. A match whose placeables cannot be
mapped is skipped (the next candidate is tried): no suggestion rather than a wrong number.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from trilingual.engines.adapt import adapt
from trilingual.engines.base import Engine, EngineEnv, Request, Result, Suggestion
from trilingual.fuzzy import FuzzyIndex

if TYPE_CHECKING:
    from trilingual.interchange.tmx import MemoryPair


class _Memory:
    """Reviewed (msgctxt, msgid, msgstr) triples of one language, indexed.

    ``answers`` remembers every lookup: a sentence asked again (articles share many) is
    answered once.
    """

    def __init__(
        self, entries: list[tuple[str | None, str, str]], external: Sequence[MemoryPair] = ()
    ) -> None:
        self.exact: dict[str, list[tuple[str | None, str]]] = {}
        for ctxt, msgid, msgstr in entries:
            self.exact.setdefault(msgid, []).append((ctxt, msgstr))
        self.origins: dict[str, str] = {}  # sentences only an external memory (TMX) answers
        if external:
            from trilingual.interchange.tmx import merge_external

            self.origins = merge_external(self.exact, external)
        self.sources = list(self.exact)
        self.index: FuzzyIndex | None = None
        self.answers: dict[tuple[str, str | None], Suggestion | None] = {}

    def fuzzy(self) -> FuzzyIndex:
        if self.index is None:
            self.index = FuzzyIndex(self.sources)
        return self.index


class MemoryEngine(Engine):
    """``memory``: reviewed translations of this project, exact and fuzzy (free, offline)."""

    id = "memory"
    description = "reviewed translations already in the project's catalogs (free, offline)"
    max_batch = 1000
    max_bytes = 1 << 30
    uses_memory = True

    def __init__(self, env: EngineEnv) -> None:
        super().__init__(env)
        self._memories: dict[str, _Memory] = {}

    def _memory(self, target: str) -> _Memory:
        if target not in self._memories:
            # one language at a time: a run goes language by language, and an index of 100k
            # entries is worth freeing before the next one is built
            self._memories.clear()
            from trilingual.interchange.tmx import memory_pairs

            # the project root: state_dir is its .trilingual/
            external = memory_pairs(self.env.config, self.env.state_dir.parent, target)
            self._memories[target] = _Memory(self.env.memory(target), external)
        return self._memories[target]

    def lookup(self, request: Request, target: str) -> Suggestion | None:
        """The best stored translation for ``request``, or None below the threshold."""
        memory = self._memory(target)
        key = (request.msgid, request.msgctxt)
        if key not in memory.answers:
            memory.answers[key] = self._lookup(memory, request, target)
        return memory.answers[key]

    def _lookup(self, memory: _Memory, request: Request, target: str) -> Suggestion | None:
        options = self.env.config.memory
        found = memory.exact.get(request.msgid)
        if found:
            same = [msgstr for ctxt, msgstr in found if ctxt == request.msgctxt]
            origin = memory.origins.get(request.msgid, "")
            reviewed = bool(same) and options.accept_exact and not origin
            return Suggestion(
                (same or [found[0][1]])[0], 100, self.id, reviewed=reviewed, origin=origin
            )
        if not memory.sources:
            return None
        terms = self.env.glossary.for_language(target)
        for index, score in self._candidates(memory, request.msgid, options.threshold):
            source = memory.sources[index]
            candidates = memory.exact[source]
            same = [msgstr for ctxt, msgstr in candidates if ctxt == request.msgctxt]
            adapted = adapt(source, request.msgid, (same or [candidates[0][1]])[0],
                            target, terms)
            if adapted is None:
                continue  # its numbers or names cannot be carried over: never a wrong one
            # a fuzzy score of 100 means "equal after scoring", never identical: cap it at 99
            return Suggestion(adapted.text, min(int(score), 99), self.id, note=adapted.note(),
                              origin=memory.origins.get(source, ""))
        return None

    @staticmethod
    def _candidates(memory: _Memory, msgid: str, cutoff: int) -> Iterator[tuple[int, float]]:
        """The best match, then (only if it cannot be adapted) the next four."""
        best = memory.fuzzy().best(msgid, cutoff=cutoff)
        if best is None:
            return
        yield best
        for found in memory.fuzzy().top(msgid, limit=5, cutoff=cutoff):
            if found[0] != best[0]:
                yield found

    def translate(self, batch: Sequence[Request], target: str) -> list[Result]:
        """Look every request up in the memory of ``target``."""
        self.check_language(target)
        return [self.lookup(request, target) for request in batch]
