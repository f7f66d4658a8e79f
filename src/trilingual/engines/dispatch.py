"""How every paid engine is called: cache, de-duplication, batching, billing, never paying twice.

:class:`PaidDispatch` is the one road from the workflow to a :class:`~.paid.PaidEngine` (as
Weblate's machinery base does for its services). For one engine and one target language it

1. looks every text up in the persistent cache (keyed on engine, ``cache_options``,
   languages, ``glossary_digest``, ``cache_context`` and the text); hits are delivered (and
   ledgered as cached) for free;
2. sends each distinct text once: a text met again in another paragraph rides along with the
   first (its answer is cached under both keys);
3. forms batches within the engine's ``max_batch`` and ``max_bytes`` (:func:`batches`), and
   sends them one engine request at a time (:meth:`~.base.Engine.request_groups`);
4. after each answer, delivers it, stores it in the cache, asks the workflow to save
   (:meth:`Sink.checkpoint`) and appends the provider's bill to the usage ledger, before the
   next request is sent; a request that may have been billed without a usable answer
   (:class:`~trilingual.errors.EngineAnswerLost`, Ctrl-C while it was out, an answer refused
   after it was billed) is ledgered too;
5. in a dry run, estimates instead of sending (``billed_chars``).

What is delivered to which entry, and how it is counted, is the workflow's: the dispatcher
only calls its :class:`Sink`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from trilingual.engines.base import Rejected, Request, Suggestion, call_engine
from trilingual.engines.paid import PaidEngine
from trilingual.errors import EngineAnswerLost, EngineError, LockError
from trilingual.ledger import UsageRecord, append_usage
from trilingual.mtcache import CACHE_NAME, CacheKey, MTCache

REJECTED = "\0rejected\0"  # cache marker: the engine answered, the answer was unusable

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)


class Sink(Protocol[T_contra]):
    """What the workflow does with the dispatcher's answers and figures."""

    def deliver(self, items: Sequence[T_contra], result: Suggestion | Rejected) -> None:
        """``result`` is the answer for every item of ``items`` (same text)."""

    def tally(
        self, item: T_contra, *, sent: int = 0, cached: int = 0, chars: int = 0, tokens: int = 0
    ) -> None:
        """Count segments sent or cached, and billed units, on ``item`` (its article)."""

    def checkpoint(self) -> None:
        """An answer was delivered: save what is due (before the next request is sent)."""


class Meter(Protocol):
    """Progress of the requests (``trilingual.translate.Progress`` is one)."""

    def start(self, lang: str, engine: str, segments: int, chars: int) -> None: ...
    def advance(self, segments: int, chars: int) -> None: ...
    def finish(self) -> None: ...


@dataclass(frozen=True)
class Ledger:
    """Where and under which run the bills of a run are written."""

    state_dir: Path
    state_rel: str  # the state folder as messages name it
    run: str
    source_lang: str


class PaidDispatch(Generic[T]):
    """Calls paid engines for one run; see the module docstring."""

    def __init__(
        self, ledger: Ledger, cache: MTCache | None, sink: Sink[T], meter: Meter,
        *, dry_run: bool = False,
    ) -> None:
        self.ledger = ledger
        self.cache = cache
        self.sink = sink
        self.meter = meter
        self.dry_run = dry_run

    def key(self, engine: PaidEngine, lang: str, request: Request) -> CacheKey:
        """The cache key of ``request`` for ``engine`` into ``lang``."""
        return CacheKey(
            engine=engine.id, options=engine.cache_options(lang),
            source_lang=self.ledger.source_lang, target_lang=lang,
            glossary=engine.glossary_digest(lang), context=engine.cache_context(request, lang),
            text=request.msgid,
        )

    def run(self, engine: PaidEngine, lang: str, items: Sequence[tuple[T, Request]]) -> None:
        """Answer every item: from the cache, else by ``engine`` (once per distinct text)."""
        groups: dict[CacheKey, list[T]] = {}
        requests: dict[CacheKey, Request] = {}
        for item, request in items:
            key = self.key(engine, lang, request)
            groups.setdefault(key, []).append(item)
            requests.setdefault(key, request)
        hits = self.cache.get_many(groups) if self.cache is not None else {}
        for key, value in hits.items():
            self.sink.deliver(groups[key], _decode(value, engine.id))
            self.sink.tally(groups[key][0], cached=len(groups[key]))
        self.sink.checkpoint()
        if hits and not self.dry_run:
            self._append(UsageRecord(
                self.ledger.run, engine.id, lang, 0, 0, sum(len(groups[k]) for k in hits)))
        twins: dict[CacheKey, list[CacheKey]] = {}
        first: dict[CacheKey, CacheKey] = {}
        for key in groups:
            if key not in hits:
                twins.setdefault(first.setdefault(replace(key, context=""), key), []).append(key)
        if twins:
            _Requests(self, engine, lang, groups, requests, twins).send_all()

    def _append(self, record: UsageRecord) -> None:
        append_usage(self.ledger.state_dir, record)

    def state_gone(self) -> bool:
        """True if the state folder (or the MT cache in it) was deleted during the run."""
        state = self.ledger.state_dir
        return not state.is_dir() or (
            self.cache is not None and not (state / CACHE_NAME).exists())

    def state_intact(self) -> None:
        """Stop before a paid request if ``.trilingual/`` was deleted during the run (``make
        clean``): its cache and ledger would be lost."""
        if self.state_gone():
            self.ledger.state_dir.mkdir(parents=True, exist_ok=True)
            raise LockError(
                "was deleted during the run (make clean?): stopped before sending more; "
                "finished batches were saved; run the command again",
                path=self.ledger.state_rel,
            )


class _Requests(Generic[T]):
    """The distinct texts of one engine and language that the cache did not answer."""

    def __init__(
        self, dispatch: PaidDispatch[T], engine: PaidEngine, lang: str,
        groups: dict[CacheKey, list[T]], requests: dict[CacheKey, Request],
        twins: dict[CacheKey, list[CacheKey]],
    ) -> None:
        self.dispatch, self.sink = dispatch, dispatch.sink
        self.engine, self.lang = engine, lang
        self.groups, self.requests, self.twins = groups, requests, twins
        self.costs = {key: engine.billed_chars(requests[key], lang) for key in twins}

    def send_all(self) -> None:
        engine, lang = self.engine, self.lang
        if self.dispatch.dry_run:
            for key in self.twins:
                self.sink.tally(self.groups[key][0], sent=1)
                self._bill(key, self.costs[key])
            return
        engine.check_language(lang)
        meter = self.dispatch.meter
        meter.start(lang, engine.id, len(self.twins), sum(self.costs.values()))
        try:
            sizes = {key: engine.request_bytes(self.requests[key], lang) for key in self.twins}
            budget = engine.max_bytes - engine.request_overhead
            for batch in batches(list(self.twins), engine.max_batch, budget, sizes.__getitem__):
                texts = [self.requests[k] for k in batch]
                for indices in engine.request_groups(texts, lang):
                    self._send([batch[i] for i in indices])
        finally:
            meter.finish()

    def _bill(self, key: CacheKey, amount: int) -> None:
        if self.engine.unit == "tokens":
            self.sink.tally(self.groups[key][0], tokens=amount)
        else:
            self.sink.tally(self.groups[key][0], chars=amount)

    def _usage(self, segments: int, amount: int) -> UsageRecord:
        """The ledger record of one request: ``amount`` in the engine's unit."""
        run, engine = self.dispatch.ledger.run, self.engine
        if engine.unit == "tokens":
            return UsageRecord(run, engine.id, self.lang, segments, 0, tokens=amount)
        return UsageRecord(run, engine.id, self.lang, segments, amount)

    def _call(self, batch: list[CacheKey]) -> tuple[list[Suggestion | Rejected | None], int]:
        """One engine request: its results and what it billed; a failure is ledgered."""
        dispatch, engine = self.dispatch, self.engine
        dispatch.state_intact()  # before paying for a request
        before = engine.billed
        try:
            results = call_engine(engine, [self.requests[k] for k in batch], self.lang)
        except EngineAnswerLost as lost:  # maybe billed, no usable answer: count it, then stop
            dispatch._append(self._usage(lost.segments or len(batch), lost.chars))
            raise
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM while the request was out: maybe billed
            dispatch._append(self._usage(len(batch), sum(self.costs[k] for k in batch)))
            raise
        except EngineError:
            spent = engine.billed - before
            if spent > 0:  # answers paid for and unusable: the bill is still recorded
                dispatch._append(self._usage(0, spent))
            raise
        reported = engine.billed - before
        return results, reported if reported > 0 else sum(self.costs[k] for k in batch)

    def _send(self, batch: list[CacheKey]) -> None:
        """Send one request; deliver, cache, save and ledger its answer before the next."""
        dispatch = self.dispatch
        results, billed = self._call(batch)
        stored: list[tuple[CacheKey, str]] = []
        for key, result in zip(batch, results, strict=True):
            self.sink.tally(self.groups[key][0], sent=1)
            if isinstance(result, Suggestion):
                value = result.text
            elif isinstance(result, Rejected):
                value = REJECTED + result.reason
            else:
                continue
            for twin in self.twins[key]:
                stored.append((twin, value))
                self.sink.deliver(self.groups[twin], _decode(value, self.engine.id))
        # attribute the billed units to articles in proportion to their texts, exactly
        total = sum(self.costs[k] for k in batch) or 1
        running = given = 0
        for key in batch:
            running += self.costs[key]
            share = round(billed * running / total) - given
            given += share
            self._bill(key, share)
        # .trilingual/ deleted while the request was out: recreated, so that this paid answer
        # is still saved and ledgered (the cache's file is gone; the next request stops)
        dispatch.ledger.state_dir.mkdir(parents=True, exist_ok=True)
        if dispatch.cache is not None:
            try:
                dispatch.cache.put_many(stored)
            except sqlite3.OperationalError:  # "readonly database": its file was deleted
                if not dispatch.state_gone():
                    raise
        self.sink.checkpoint()
        dispatch._append(self._usage(len(batch), billed))
        dispatch.meter.advance(len(batch), billed)


def _decode(value: str, engine: str) -> Suggestion | Rejected:
    """The result a cached (or just received) value stands for."""
    if value.startswith(REJECTED):
        return Rejected(value[len(REJECTED):], engine)
    return Suggestion(value, 100, engine)


def _json_size(text: str) -> int:
    """Bytes ``text`` takes in a JSON request body (requests escapes non-ASCII as \\uXXXX)."""
    return len(json.dumps(text))


def batches(
    keys: Sequence[CacheKey], max_count: int, budget: int,
    text_bytes: Callable[[CacheKey], int] = lambda key: _json_size(key.text),
) -> Iterable[list[CacheKey]]:
    """Consecutive groups of at most ``max_count`` keys whose texts and contexts fit ``budget``
    bytes (the request body less the engine's ``request_overhead``).

    ``text_bytes`` is the size of a text as the engine sends it (tags or tokens included); each
    distinct context paragraph counts once per batch (the engine sends it once per request).
    """
    batch: list[CacheKey] = []
    contexts: set[str] = set()
    size = 0
    for key in keys:
        cost = text_bytes(key) + 2
        new_context = key.context not in contexts
        context_cost = _json_size(key.context) + 2 if new_context else 0
        if batch and (len(batch) >= max_count or size + cost + context_cost > budget):
            yield batch
            batch, contexts, size = [], set(), 0
            context_cost = _json_size(key.context) + 2
        batch.append(key)
        contexts.add(key.context)
        size += cost + context_cost
    if batch:
        yield batch
