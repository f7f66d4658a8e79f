"""``deepl``: the DeepL API through its official client, by DeepL's own feature table.

- **ru**: inline Markdown and placeholders travel as XML (``tag_handling="xml"``, tags are not
  billed); the project's terms (``glossary.yaml``) go as a DeepL glossary, created once per
  glossary version and remembered in ``.trilingual/deepl-glossaries.json``; ``formality`` as set.
- **be**: no tag handling, no glossary, no ``more``/``less`` formality (DeepL refuses them, the
  ``prefer_*`` forms are sent instead): markup travels as ``{k}`` tokens verified on return, and
  glossary terms are checked afterwards by the workflow (a warning per missing term).

``DEEPL_AUTH_KEY`` and ``DEEPL_SERVER_URL`` come from the environment only; the key never
reaches a message, a log line or a file. Requests hold at most 50 texts and 128 KiB; the
paragraphs of a request's sentences go in ``context=`` (not billed).

Never pay twice for one answer. Each request waits up to :data:`TIMEOUT` seconds
(``TRILINGUAL_DEEPL_TIMEOUT``; a full 50-text request takes DeepL tens of seconds at busy
times). The client repeats a request only when DeepL surely did not process it: 429 and 5xx
answers, and connections that were never established. A request that was sent but whose answer
did not arrive (timeout, connection cut) may have been processed and billed: it is not sent
again; the run stops with exit 6 and its characters are counted in the usage ledger
(:class:`~trilingual.errors.EngineAnswerLost`). So are answers that cannot be used: fewer or
more translations than texts, a null, empty or malformed translation. Nothing of such an answer
is cached, so the next run asks again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from trilingual.config import CONFIG_NAME
from trilingual.engines.base import EngineEnv, Rejected, Request, Result, Suggestion
from trilingual.engines.deepl_wire import (
    GLOSSARY_STATE,
    RETRIED,
    TIMEOUT,
    Glossaries,
    fault_message,
    make_client,
    never_sent,
    timeout_from,
)
from trilingual.engines.markup import MarkupLost, Protected, protect, restore
from trilingual.engines.paid import PaidEngine
from trilingual.errors import ConfigError, EngineAnswerLost, EngineError

#: what DeepL offers per target language (FACTS.md, "DeepL"): tags, glossary, formality
FEATURES: dict[str, tuple[bool, bool, bool]] = {
    "ru": (True, True, True),
    "be": (False, False, False),
}
FORMALITIES = (None, "default", "more", "less", "prefer_more", "prefer_less")
MODEL_TYPES = (None, "quality_optimized", "prefer_quality_optimized", "latency_optimized")
CONTEXT_LIMIT = 4000  # characters of joined paragraphs per request (free, but keep it focused)
__all__ = ["CONTEXT_LIMIT", "FEATURES", "GLOSSARY_STATE", "RETRIED", "TIMEOUT", "DeeplEngine"]


class DeeplEngine(PaidEngine):
    """``deepl``: DeepL API (paid per character; needs DEEPL_AUTH_KEY in the environment)."""

    id = "deepl"
    description = "DeepL API (needs DEEPL_AUTH_KEY; DEEPL_SERVER_URL optional)"
    key_variable = "DEEPL_AUTH_KEY"
    max_batch = 50
    max_bytes = 128 * 1024

    def __init__(self, env: EngineEnv) -> None:
        super().__init__(env)
        self._server = self.environ.get("DEEPL_SERVER_URL", "").strip() or None
        self._translator: Any = None
        self._targets: set[str] | None = None
        self._glossaries = Glossaries(env.state_dir, self._server, env.config.source_language)
        options = env.config.deepl
        where = env.state_dir.parent / CONFIG_NAME
        if options.formality not in FORMALITIES:
            raise ConfigError(
                f"translate.deepl.formality must be one of {', '.join(FORMALITIES[1:])}",
                path=where,
            )
        if options.model_type not in MODEL_TYPES:
            raise ConfigError(
                f"translate.deepl.model_type must be one of {', '.join(MODEL_TYPES[1:])}",
                path=where,
            )
        self.timeout = timeout_from(os.environ)  # not a secret: always the process's own

    # -- options ---------------------------------------------------------------------------
    def _features(self, target: str) -> tuple[bool, bool, bool]:
        return FEATURES.get(target, (True, False, False))

    def mode(self, target: str) -> str:
        """'xml' where DeepL handles tags for ``target``, else 'text'."""
        return "xml" if self._features(target)[0] else "text"

    def formality(self, target: str) -> str | None:
        """The formality sent for ``target`` (hard more/less become prefer_* where refused)."""
        value = self.env.config.deepl.formality
        if value in (None, "", "default"):
            return None
        if not self._features(target)[2] and value in ("more", "less"):
            return f"prefer_{value}"
        return str(value)

    def cache_options(self, target: str) -> str:
        """Formality, model type and wire format: all change DeepL's output."""
        return json.dumps(
            [self.formality(target), self.env.config.deepl.model_type, self.mode(target)]
        )

    def glossary_terms(self, target: str) -> dict[str, str]:
        """English -> target terms of the project glossary."""
        return {t.en: t.targets[target] for t in self.env.glossary.for_language(target)}

    def glossary_digest(self, target: str) -> str:
        """Glossary version, only where DeepL applies a glossary (ru)."""
        if self._features(target)[1] and self.glossary_terms(target):
            return self.env.glossary.digest
        return "-"

    def billed_chars(self, request: Request, target: str) -> int:
        """Code points of the text as sent; XML tags are free."""
        return len(protect(request.msgid, self.mode(target)).billable)  # type: ignore[arg-type]

    def request_bytes(self, request: Request, target: str) -> int:
        """JSON bytes of the text as sent (with its tags or tokens)."""
        return len(json.dumps(protect(request.msgid, self.mode(target)).text))  # type: ignore[arg-type]

    # -- client and errors -----------------------------------------------------------------
    def _client(self) -> Any:
        if self._translator is None:
            self._translator = make_client(self.require_key(), self._server, self.timeout)
        return self._translator

    def map_error(self, exc: BaseException) -> EngineError | None:
        """One distinct one-line message per failure DeepL's client reports."""
        message = fault_message(exc, self._server or "the DeepL API")
        return None if message is None else self.fault(message)

    def check_language(self, target: str) -> None:
        """Ask DeepL (once per run) whether it translates into ``target``."""
        if self._targets is None:
            import deepl

            try:
                languages = self._client().get_target_languages()
            except deepl.DeepLException as exc:
                raise self.map_error(exc) or EngineError(f"deepl: {exc}") from None
            self._targets = {str(lang.code).lower() for lang in languages}
        codes = {target.lower(), *(c for c in self._targets if c.startswith(target.lower() + "-"))}
        if not codes & self._targets:
            raise EngineError(f"deepl: target language {target!r} is not supported by DeepL")

    def account_usage(self) -> tuple[int | None, int | None]:
        """(characters used, character limit) of the DeepL account in this billing period."""
        import deepl

        try:
            usage = self._client().get_usage()
        except deepl.DeepLException as exc:
            raise self.map_error(exc) or EngineError(f"deepl: {exc}") from None
        return usage.character.count, usage.character.limit

    # -- glossary --------------------------------------------------------------------------
    def _glossary_id(self, target: str, *, recreate: bool = False) -> str | None:
        terms = self.glossary_terms(target) if self._features(target)[1] else {}
        return self._glossaries.get(
            self._client, target, terms, self.env.glossary.digest, recreate=recreate
        )

    # -- translation -----------------------------------------------------------------------
    def _requests(self, batch: Sequence[Request]) -> list[tuple[list[int], str]]:
        """Split a batch into API requests whose joined distinct paragraphs fit CONTEXT_LIMIT."""
        groups: list[tuple[list[int], str]] = []
        indices: list[int] = []
        paragraphs: list[str] = []
        for i, request in enumerate(batch):
            para = request.context
            if para and para not in paragraphs:
                if indices and sum(map(len, paragraphs)) + len(para) > CONTEXT_LIMIT:
                    groups.append((indices, "\n\n".join(paragraphs)))
                    indices, paragraphs = [], []
                paragraphs.append(para)
            indices.append(i)
        if indices:
            groups.append((indices, "\n\n".join(paragraphs)))
        return groups

    def request_groups(self, batch: Sequence[Request], target: str) -> list[list[int]]:
        """One group per API request :meth:`translate` would send (see :meth:`_requests`)."""
        return [indices for indices, _context in self._requests(batch)]

    def _options(self, target: str) -> dict[str, Any]:
        """The keyword arguments of every ``translate_text`` call into ``target``."""
        options: dict[str, Any] = {
            "source_lang": self.env.config.source_language.upper(),
            "target_lang": target.upper(),
        }
        if self.mode(target) == "xml":
            options["tag_handling"] = "xml"
            options["outline_detection"] = False
        formality = self.formality(target)
        if formality:
            options["formality"] = formality
        if self.env.config.deepl.model_type:
            options["model_type"] = self.env.config.deepl.model_type
        glossary = self._glossary_id(target)
        if glossary:
            options["glossary"] = glossary
        return options

    def translate(self, batch: Sequence[Request], target: str) -> list[Result]:
        """Translate a batch (<= 50 texts, <= 128 KiB) into ``target``."""
        self.check_language(target)
        client = self._client()
        mode = self.mode(target)
        protected = [protect(r.msgid, mode) for r in batch]  # type: ignore[arg-type]
        options = self._options(target)
        results: list[Result] = [None] * len(batch)
        for indices, context in self._requests(batch):
            texts = [protected[i].text for i in indices]
            extra = {"context": context} if context else {}
            cost = sum(len(protected[i].billable) for i in indices)
            answers = self._send(client, texts, {**options, **extra}, target, cost)
            if "glossary" in options:  # made again by _send: the next requests use the new one
                options["glossary"] = self._glossary_id(target)
            self._verify(answers, texts, cost)
            for i, answer in zip(indices, answers, strict=True):
                self.billed += int(getattr(answer, "billed_characters", 0) or 0)
                results[i] = self._result(answer.text, protected[i])
        return results

    def _send(
        self, client: Any, texts: list[str], options: dict[str, Any], target: str, cost: int
    ) -> Any:
        """One API request; a failure after which DeepL may have billed is EngineAnswerLost."""
        import deepl

        try:
            try:
                return client.translate_text(texts, **options)
            except deepl.DeepLException as exc:
                # a remembered glossary deleted on DeepL's side (or another account): make it
                # again, once, and repeat the request (refused, so not billed)
                status = getattr(exc, "http_status_code", None)
                remembered = self._glossaries.remembered
                if not (options.get("glossary") and target in remembered
                        and status in (400, 404)):
                    raise
                remembered.discard(target)
                options["glossary"] = self._glossary_id(target, recreate=True)
                return client.translate_text(texts, **options)
        except deepl.DeepLException as exc:
            status = getattr(exc, "http_status_code", None)
            if isinstance(exc, deepl.ConnectionException) and not never_sent(exc):
                raise self._lost(
                    f"no answer from {self._server or 'the DeepL API'} within "
                    f"{self.timeout:g} s (DeepL may have processed and billed the request: "
                    "not sent again)", cost, len(texts)) from None
            if status is None or status < 500 or status in RETRIED:
                raise
            raise self._lost(f"server error (HTTP {status}): DeepL may have processed the "
                             "request (not sent again)", cost, len(texts)) from None
        except (TypeError, KeyError, AttributeError) as exc:  # the client's parsing
            raise self._lost(f"DeepL's answer is malformed ({type(exc).__name__})",
                             cost, len(texts)) from None

    def _lost(self, what: str, chars: int, segments: int) -> EngineAnswerLost:
        """The error for a request that may have been billed without a usable answer."""
        return EngineAnswerLost(
            f"deepl: {what}; {chars} characters counted as billed in the usage ledger, "
            "nothing of this answer used or cached; finished batches were saved",
            chars=chars, segments=segments,
        )

    def _verify(self, answers: Any, texts: list[str], cost: int) -> None:
        """Refuse an answer that does not hold one non-empty text per text sent."""
        if not isinstance(answers, list) or len(answers) != len(texts):
            count = len(answers) if isinstance(answers, list) else 0
            billed = sum(int(getattr(a, "billed_characters", 0) or 0) for a in answers or [])
            raise self._lost(f"DeepL answered {count} translations for {len(texts)} texts",
                             max(billed, cost), len(texts))
        billed = max(sum(int(getattr(a, "billed_characters", 0) or 0) for a in answers), cost)
        for number, (answer, sent) in enumerate(zip(answers, texts, strict=True), start=1):
            text = getattr(answer, "text", None)
            if not isinstance(text, str):
                raise self._lost(f"DeepL answered no text (null) for text {number} of "
                                 f"{len(texts)}", billed, len(texts))
            if not text.strip() and sent.strip():
                raise self._lost(f"DeepL answered an empty translation for text {number} of "
                                 f"{len(texts)}", billed, len(texts))

    def _result(self, text: str, protected: Protected) -> Result:
        try:
            return Suggestion(restore(text, protected), 100, self.id)
        except MarkupLost as lost:
            return Rejected(f"placeholders or markup lost ({lost})", self.id)

    def close(self) -> None:
        """Close the HTTP session."""
        if self._translator is not None:
            self._translator.close()
            self._translator = None
