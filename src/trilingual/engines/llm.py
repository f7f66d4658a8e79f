"""``llm``: a large language model behind the OpenAI Chat Completions protocol, verified.

Any server speaking that protocol works (OpenAI, vLLM, llama.cpp server, ollama) through the
official ``openai`` client: ``translate.llm.model``, ``translate.llm.base_url`` (else
``OPENAI_BASE_URL``), the key from ``OPENAI_API_KEY`` only.

Wire contract, one Chat Completions request per batch: a system message with the target
language's instructions, then one user message whose content is a JSON document::

    {"source_language": "en", "target_language": "be",
     "segments": [{"id": "1", "text": "<msgid with {n} placeholders and inline Markdown>"}],
     "context": {"paragraphs": [...], "glossary": [{"en", "target", "forms", "note"}],
                 "other_translations": [{"id", "language", "text"}],
                 "examples": [{"source", "target"}]}}

asked for with ``response_format`` of type ``json_schema`` (:data:`ANSWER_SCHEMA`); the answer is
``{"translations": [{"id": "1", "text": "..."}]}``. Every draft is verified
(:mod:`trilingual.engines.verify`); the failing ones go back once in a follow-up request of the
same shape with ``"feedback": [{"id", "draft", "errors": [...]}]``, and what still fails is
returned as :class:`~trilingual.engines.base.Rejected` (the workflow offers it to the next
engine). A refusal or an answer that is not the JSON asked for counts as failing for the
segments concerned; a batch whose answer and follow-up are both not JSON stops the run (exit 6).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from trilingual.engines.base import EngineEnv, Rejected, Request, Result, Suggestion
from trilingual.engines.llm_prompt import Prompt, fault_message
from trilingual.engines.paid import PaidEngine
from trilingual.engines.verify import Verifier
from trilingual.errors import EngineError

DEFAULT_BASE_URL = "https://api.openai.com/v1"
MAX_RETRIES = 4  # the client's own retries of 408/409/429/5xx and connection errors
TIMEOUT = 120.0  # seconds per request

_COMMON = (
    "Translate each segment's text from English. Return every id exactly once. Keep each "
    "placeholder such as {0} or {1} exactly once and unchanged; keep inline Markdown (*, **, "
    "`code`, [text](url)) around the matching words, with URLs unchanged; keep every number's "
    "value, written the target language's way (1 200,5; 2,5 %). Use the glossary's target "
    "terms, inflected as the sentence needs. The paragraphs give context only: translate the "
    "segments, nothing else. When a reviewed translation into another language is given, keep "
    "to its meaning. Follow the style of the examples. Where feedback lists errors of a "
    "previous draft, correct them."
)
DEFAULT_INSTRUCTIONS: dict[str, str] = {
    "be": (
        "You are a professional translator of news commentary into Belarusian. Write "
        "normative Belarusian (the official orthography of 2008, not taraškievica), only with "
        "Belarusian letters: і, never и; ў after a vowel (і ўсё, яна ўвайшла), у after a "
        "consonant or at the start of a sentence; the apostrophe is ’ (сям’я, аб’ява); "
        "quotation marks «…», with „…“ inside. Keep proper names as the glossary gives them. "
    ) + _COMMON,
    "ru": (
        "You are a professional translator of news commentary into Russian. Write standard "
        "literary Russian, only with Russian letters (never і or ў); quotation marks «…», "
        "with „…“ inside; ё where the standard requires it is optional. Keep proper names as "
        "the glossary gives them. "
    ) + _COMMON,
}
GENERIC_INSTRUCTIONS = (
    "You are a professional translator of news commentary into the target language. "
) + _COMMON

#: the ``response_format`` schema of every request
ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "translations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["translations"],
    "additionalProperties": False,
}


def estimate_tokens(text: str) -> int:
    """Rough token count (about 3 characters a token across English and Cyrillic)."""
    return (len(text) + 2) // 3


class Malformed(Exception):
    """The answer is not the JSON document asked for."""


def parse_answer(content: str | None) -> dict[str, str]:
    """``{id: text}`` of an answer; Malformed names what is wrong, plainly."""
    if content is None or not content.strip():
        raise Malformed("the answer is empty")
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise Malformed(f"the answer is not JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("translations"), list):
        raise Malformed('the answer has no "translations" list')
    out: dict[str, str] = {}
    for item in data["translations"]:
        if not (isinstance(item, dict) and isinstance(item.get("id"), str)
                and isinstance(item.get("text"), str)):
            raise Malformed('a "translations" item is not {"id": string, "text": string}')
        out.setdefault(item["id"], item["text"])
    return out


class LlmEngine(PaidEngine):
    """``llm``: OpenAI-compatible Chat Completions (billed per token; drafts verified)."""

    id = "llm"
    description = (
        "OpenAI-compatible LLM (needs OPENAI_API_KEY; translate.llm.base_url or "
        "OPENAI_BASE_URL for other servers)"
    )
    unit = "tokens"
    key_variable = "OPENAI_API_KEY"
    max_batch = 40  # long answer lists are where models drop items
    max_bytes = 1 << 20
    uses_memory = True  # examples and the other language's reviewed translations

    def __init__(self, env: EngineEnv) -> None:
        super().__init__(env)
        options = env.config.llm
        self.model = options.model
        self.base_url = (
            options.base_url or self.environ.get("OPENAI_BASE_URL", "").strip()
            or DEFAULT_BASE_URL
        ).rstrip("/")
        self.verifier = Verifier(env.glossary, env.config.check_disable)
        self._client: Any = None
        self.prompt = Prompt(env)  # what goes with each text: context, glossary, examples
        self._fault: EngineError | None = None  # a failed follow-up, raised on the next call
        self.requests = 0  # Chat Completions requests answered
        self.followups = 0  # follow-up requests (drafts sent back with their errors)
        self.corrected = 0  # drafts that passed after the follow-up
        self.failed = 0  # drafts returned as Rejected (to the next engine)

    # -- options and context ----------------------------------------------------------------
    def supports(self, target: str) -> bool:
        """A language of the project, or one with instructions of its own."""
        return (target in self.env.config.languages or target in DEFAULT_INSTRUCTIONS
                or target in dict(self.env.config.llm.instructions))

    def check_language(self, target: str) -> None:
        """Refuse a language neither the project nor the instructions know."""
        if not self.supports(target):
            raise EngineError(
                f"llm: target language {target!r} is not supported (add "
                f"translate.llm.instructions.{target} and the language to 'languages')"
            )

    def instructions(self, target: str) -> str:
        """The system message for ``target``: the config's, else the built-in default."""
        configured = dict(self.env.config.llm.instructions)
        return configured.get(target) or DEFAULT_INSTRUCTIONS.get(target, GENERIC_INSTRUCTIONS)

    def cache_options(self, target: str) -> str:
        """Model, server, instructions and k: all change the answer."""
        digest = hashlib.sha256(self.instructions(target).encode("utf-8")).hexdigest()[:16]
        return json.dumps(
            ["v1", self.model, self.base_url, digest, self.env.config.llm.examples]
        )

    def glossary_digest(self, target: str) -> str:
        """The glossary version (its terms for ``target`` travel with every request)."""
        return self.env.glossary.digest if self.env.glossary.for_language(target) else "-"

    def cache_context(self, request: Request, target: str) -> str:
        """The paragraph plus everything else sent with this text (other languages, examples)."""
        prompt = self.prompt
        extra = json.dumps([prompt.others(request, target), prompt.examples(request, target)],
                           ensure_ascii=False)
        return request.context + "\0" + hashlib.sha256(extra.encode("utf-8")).hexdigest()

    # -- sizes and budget ---------------------------------------------------------------------
    def budget(self, target: str) -> int:
        """``translate.llm.token_budget``: estimated prompt tokens per request."""
        return self.env.config.llm.token_budget

    def overhead(self, target: str) -> int:
        """Instructions and the JSON frame."""
        return estimate_tokens(self.instructions(target)) + 60

    def cost(self, request: Request, target: str) -> int:
        """The segment and its reviewed other-language translations (prompt tokens)."""
        return 12 + estimate_tokens(request.msgid) + sum(
            estimate_tokens(text) + 12 for _lang, text in self.prompt.others(request, target)
        )

    def shared_parts(self, request: Request, target: str) -> dict[str, int]:
        """Paragraph, glossary entries and examples: sent once per request however many
        segments need them."""
        parts = {"p:" + request.context: estimate_tokens(request.context) + 2}
        for term in self.prompt.terms(request, target):
            parts["g:" + term.en] = 20 + estimate_tokens(term.note + "".join(term.forms.get(
                target, ())))
        for source, text in self.prompt.examples(request, target):
            parts["e:" + source] = 10 + estimate_tokens(source) + estimate_tokens(text)
        return parts

    def billed_chars(self, request: Request, target: str) -> int:
        """Estimated tokens of this text alone (its share of a request, prompt and answer),
        for ``--dry-run``; the run itself records the tokens the server reports."""
        own = self.cost(request, target) + sum(self.shared_parts(request, target).values())
        return own + 2 * estimate_tokens(request.msgid) + 10

    # -- the wire ---------------------------------------------------------------------------
    def payload(
        self, batch: Sequence[Request], target: str, ids: Sequence[str],
        feedback: Sequence[dict[str, Any]] = (),
    ) -> dict[str, Any]:
        """The JSON document of the user message (see the module docstring)."""
        return self.prompt.payload(batch, target, ids, feedback)

    def client(self) -> Any:
        """The ``openai.OpenAI`` client (made on first use)."""
        if self._client is None:
            key = self.require_key()
            import openai  # here: a run without this engine does not pay the import

            self._client = openai.OpenAI(
                api_key=key, base_url=self.base_url, max_retries=MAX_RETRIES, timeout=TIMEOUT,
            )
        return self._client

    def ask(self, document: dict[str, Any], target: str) -> tuple[dict[str, str] | None, str]:
        """Send one request; ``({id: text}, "")``, or ``(None, why)`` for a refusal or a
        malformed answer. The tokens the server reports are added to ``billed``."""
        completion = self.client().chat.completions.create(
            model=self.model,
            messages=[
                {"role": "system", "content": self.instructions(target)},
                {"role": "user", "content": json.dumps(document, ensure_ascii=False)},
            ],
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "translations", "strict": True, "schema": ANSWER_SCHEMA},
            },
        )
        self.requests += 1
        usage = getattr(completion, "usage", None)
        tokens = int(getattr(usage, "total_tokens", 0) or 0) if usage is not None else 0
        if not tokens:  # a server that reports no usage: bill our estimate, never nothing
            tokens = estimate_tokens(json.dumps(document, ensure_ascii=False)) + 200
        self.billed += tokens
        if not completion.choices:
            return None, "malformed answer: no choices"
        choice = completion.choices[0]
        refusal = getattr(choice.message, "refusal", None)
        if refusal:
            return None, f"the model refused: {' '.join(str(refusal).split())[:200]}"
        if choice.finish_reason == "length":
            return None, "malformed answer: cut off at the model's length limit"
        try:
            return parse_answer(choice.message.content), ""
        except Malformed as exc:
            return None, f"malformed answer: {exc}"

    def _check(
        self, batch: Sequence[Request], target: str, ids: Sequence[str],
        answer: dict[str, str] | None, why: str,
    ) -> dict[str, tuple[str, list[str]]]:
        """``{id: (draft, problems)}`` of one answer (problems empty: verified)."""
        out: dict[str, tuple[str, list[str]]] = {}
        for sid, request in zip(ids, batch, strict=True):
            if answer is None:
                out[sid] = ("", [why])
            elif sid not in answer:
                out[sid] = ("", ["missing from the answer"])
            else:
                draft = answer[sid]
                out[sid] = (draft, self.verifier.problems(request.msgid, draft, target))
        return out

    def translate(self, batch: Sequence[Request], target: str) -> list[Result]:
        """Translate, verify, send the failing drafts back once, reject what still fails."""
        if self._fault is not None:
            fault, self._fault = self._fault, None
            raise fault
        self.check_language(target)
        results: list[Result] = [None] * len(batch)
        for group in self.request_groups(batch, target):
            requests = [batch[i] for i in group]
            for i, result in zip(group, self._translate_group(requests, target), strict=True):
                results[i] = result
        return results

    def _translate_group(self, batch: Sequence[Request], target: str) -> list[Result]:
        ids = [str(n) for n in range(1, len(batch) + 1)]
        answer, why = self.ask(self.payload(batch, target, ids), target)
        first = self._check(batch, target, ids, answer, why)
        failing = [n for n, sid in enumerate(ids) if first[sid][1]]
        final = dict(first)
        if failing:
            self.followups += 1
            retry_ids = [ids[n] for n in failing]
            feedback = [
                {"id": sid, "draft": first[sid][0], "errors": first[sid][1]} for sid in retry_ids
            ]
            retry_batch = [batch[n] for n in failing]
            try:
                again, why2 = self.ask(
                    self.payload(retry_batch, target, retry_ids, feedback), target
                )
            except Exception as exc:
                fault = self.map_error(exc)
                if fault is None:
                    raise
                # the first answer is paid for: its verified drafts are delivered (and cached),
                # the failing ones get no result (asked again next run); the fault stops the
                # run at the next request
                self._fault = fault
                return [None if first[sid][1] else Suggestion(first[sid][0], 100, self.id)
                        for sid in ids]
            if again is None and why.startswith("malformed") and why2.startswith("malformed"):
                raise self.fault(f"malformed answers from {self.base_url}: {why}; "
                                 f"after the follow-up: {why2}")
            second = self._check(retry_batch, target, retry_ids, again, why2)
            for sid in retry_ids:
                if not second[sid][1]:
                    self.corrected += 1
                final[sid] = second[sid]
        out: list[Result] = []
        for sid in ids:
            draft, problems = final[sid]
            if problems:
                self.failed += 1
                out.append(Rejected("; ".join(problems) + " (after one follow-up)", self.id))
            else:
                out.append(Suggestion(draft, 100, self.id))
        return out

    # -- faults -----------------------------------------------------------------------------
    def map_error(self, exc: BaseException) -> EngineError | None:
        """One plain line per failure the ``openai`` client reports."""
        message = fault_message(exc, self.base_url, MAX_RETRIES)
        return None if message is None else self.fault(message)

    def close(self) -> None:
        """Close the HTTP connections."""
        if self._client is not None:
            self._client.close()
            self._client = None
