"""What the ``llm`` engine sends with each text, and how its client's failures read.

:class:`Prompt` builds the user message's JSON document (see :mod:`trilingual.engines.llm`):
the paragraphs, the glossary terms occurring in the texts (matched as the terminology check
does), the reviewed translations of the same msgid in the project's other languages and up to
k similar reviewed pairs of the target language (the memory, ``EngineEnv.memory``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trilingual.engines.base import EngineEnv, Request
from trilingual.fuzzy import FuzzyIndex
from trilingual.glossary import (
    Term,
    term_in_source,  # the terminology check's own term match
)

EXAMPLE_CUTOFF = 50  # minimum similarity (0-100) of a memory pair sent as an example
Pairs = list[tuple[str, str]]


class Memory:
    """Reviewed pairs of one language: exact lookup by msgid and a similarity index."""

    def __init__(self, entries: list[tuple[str | None, str, str]]) -> None:
        self.exact: dict[str, list[tuple[str | None, str]]] = {}
        for ctxt, msgid, msgstr in entries:
            self.exact.setdefault(msgid, []).append((ctxt, msgstr))
        self.sources = list(self.exact)
        self._index: FuzzyIndex | None = None

    def get(self, msgid: str, msgctxt: str | None) -> str | None:
        """The translation of ``msgid`` (of the same msgctxt first), if reviewed anywhere."""
        found = self.exact.get(msgid)
        if not found:
            return None
        same = [msgstr for ctxt, msgstr in found if ctxt == msgctxt]
        return (same or [found[0][1]])[0]

    def similar(self, msgid: str, k: int) -> Pairs:
        """Up to ``k`` (source, translation) pairs similar to ``msgid`` (not itself)."""
        if k <= 0 or not self.sources:
            return []
        if self._index is None:
            self._index = FuzzyIndex(self.sources)
        found = self._index.top(msgid, limit=k + 1, cutoff=EXAMPLE_CUTOFF)
        pairs = [(self.sources[i], self.exact[self.sources[i]][0][1]) for i, _ in found]
        return [(s, t) for s, t in pairs if s != msgid][:k]


class Prompt:
    """The context of each request, looked up once per (target, msgctxt, msgid)."""

    def __init__(self, env: EngineEnv) -> None:
        self.env = env
        self._memories: dict[str, Memory] = {}
        # per (target, msgctxt, msgid): other languages' reviewed texts and the examples
        self._context: dict[tuple[str, str | None, str], tuple[Pairs, Pairs]] = {}

    def memory(self, lang: str) -> Memory:
        """The memory of ``lang`` (asked of the workflow once)."""
        if lang not in self._memories:
            self._memories[lang] = Memory(self.env.memory(lang))
        return self._memories[lang]

    def _lookups(self, request: Request, target: str) -> tuple[Pairs, Pairs]:
        key = (target, request.msgctxt, request.msgid)
        if key not in self._context:
            others = []
            for lang in self.env.config.languages:
                if lang != target:
                    text = self.memory(lang).get(request.msgid, request.msgctxt)
                    if text:
                        others.append((lang, text))
            examples = self.memory(target).similar(request.msgid, self.env.config.llm.examples)
            self._context[key] = (others, examples)
        return self._context[key]

    def others(self, request: Request, target: str) -> Pairs:
        """(language, reviewed translation) of ``request`` in the project's other languages."""
        return self._lookups(request, target)[0]

    def examples(self, request: Request, target: str) -> Pairs:
        """Up to k (source, translation) reviewed pairs similar to ``request``."""
        return self._lookups(request, target)[1]

    def terms(self, request: Request, target: str) -> list[Term]:
        """Glossary terms occurring in ``request``, matched as the terminology check does."""
        return [t for t in self.env.glossary.for_language(target)
                if term_in_source(t, request.msgid)]

    def payload(
        self, batch: Sequence[Request], target: str, ids: Sequence[str],
        feedback: Sequence[dict[str, Any]] = (),
    ) -> dict[str, Any]:
        """The JSON document of the user message (see :mod:`trilingual.engines.llm`)."""
        paragraphs: list[str] = []
        glossary: dict[str, dict[str, Any]] = {}
        others: list[dict[str, str]] = []
        examples: dict[str, str] = {}
        for sid, request in zip(ids, batch, strict=True):
            if request.context and request.context not in paragraphs:
                paragraphs.append(request.context)
            for term in self.terms(request, target):
                entry: dict[str, Any] = {"en": term.en, "target": term.targets[target]}
                if term.forms.get(target):
                    entry["forms"] = list(term.forms[target])
                if term.note:
                    entry["note"] = term.note
                glossary.setdefault(term.en, entry)
            for lang, text in self.others(request, target):
                others.append({"id": sid, "language": lang, "text": text})
            for source, text in self.examples(request, target):
                examples.setdefault(source, text)
        document: dict[str, Any] = {
            "source_language": self.env.config.source_language,
            "target_language": target,
            "segments": [
                {"id": sid, "text": r.msgid} for sid, r in zip(ids, batch, strict=True)
            ],
            "context": {
                "paragraphs": paragraphs,
                "glossary": list(glossary.values()),
                "other_translations": others,
                "examples": [{"source": s, "target": t} for s, t in examples.items()],
            },
        }
        if feedback:
            document["feedback"] = list(feedback)
        return document


def fault_message(exc: BaseException, where: str, retries: int) -> str | None:
    """One plain line per failure the ``openai`` client reports; None: not the client's."""
    import openai

    if isinstance(exc, openai.AuthenticationError):
        return f"authorization failed (HTTP 401) at {where}: check OPENAI_API_KEY"
    if isinstance(exc, openai.PermissionDeniedError):
        return f"access denied (HTTP 403) at {where}: check OPENAI_API_KEY and the model"
    if isinstance(exc, openai.RateLimitError):
        return (f"too many requests or quota exhausted (HTTP 429) at {where}, still "
                f"refused after {retries} retries")
    if isinstance(exc, openai.InternalServerError):
        return f"server error (HTTP {exc.status_code}) at {where} after {retries} retries"
    if isinstance(exc, openai.APITimeoutError):
        return f"requests to {where} timed out (after {retries} retries)"
    if isinstance(exc, openai.APIConnectionError):
        return f"connection to {where} failed (after {retries} retries)"
    if isinstance(exc, openai.NotFoundError):
        return f"not found (HTTP 404) at {where}: check translate.llm.model and base_url"
    if isinstance(exc, openai.APIStatusError):
        detail = " ".join(str(exc).split())[:200]
        return f"request refused (HTTP {exc.status_code}) at {where}: {detail}"
    return None
