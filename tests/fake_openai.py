"""A fake OpenAI-compatible Chat Completions server on 127.0.0.1; the real ``openai`` client
talks to it (``base_url = FakeOpenAI.url``).

It speaks ``POST /v1/chat/completions`` as trilingual's wire contract uses it (see
``trilingual.engines.llm``) and refuses anything else with 400, so the contract is checked on
every request. Answers are deterministic:

- a text found in :attr:`FakeOpenAI.answers` (``{lang: {source: translation}}``) gets that
  translation; any other text is "translated" by substituting the request's glossary terms and
  transliterating Latin letters to Cyrillic of the target language (``{n}`` placeholders, code
  spans and link destinations pass unchanged);
- :attr:`FakeOpenAI.plant` (source -> ``"fixable"`` | ``"stubborn"`` | None) plants an error
  (a Latin look-alike letter, or a dropped placeholder) in first drafts; a follow-up request
  (one with ``"feedback"``) gets the correct text for ``fixable`` and the error again for
  ``stubborn``;
- :attr:`FakeOpenAI.plan` scripts the next answers, one entry per request answered 200:
  ``"malformed"`` (content that is not JSON), ``"refuse"`` (a refusal), ``"drop"`` (the last
  translation left out), None (normal); ``fail(429, 500, ...)`` answers the next requests with those statuses (``retry-after-ms: 1``,
  so the client's retries are fast); ``always`` answers every request with a status.

Usage is reported as ``prompt_tokens`` = characters of the messages // 3 + 10 and
``completion_tokens`` = characters of the answer // 3 + 1; :attr:`billed` sums what was
answered with 200.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from fake_server import serve, shut_down

_KEEP = re.compile(r"(\{\d+\}|`[^`]*`|\]\([^)]*\)|https?://\S+)")
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_TABLES = {
    "be": str.maketrans(_LATIN + _LATIN.upper(), "абцдэфгхійклмнопкрстувўкыз"
                        + "АБЦДЭФГХІЙКЛМНОПКРСТУВЎКЫЗ"),
    "ru": str.maketrans(_LATIN + _LATIN.upper(), "абцдэфгхийклмнопкрстуввкыз"
                        + "АБЦДЭФГХИЙКЛМНОПКРСТУВВКЫЗ"),
}
_LOOKALIKE = str.maketrans("аеоАЕО", "aeoAEO")


def planted_by_hash(source: str) -> str | None:
    """The sample's planted errors: one text in 8 fixable, one in 16 stubborn (by digest)."""
    n = int(hashlib.sha1(source.encode("utf-8")).hexdigest()[:8], 16)
    if n % 8 == 0:
        return "fixable"
    if n % 16 == 1:
        return "stubborn"
    return None


def plant_error(text: str) -> str:
    """``text`` with one error the checks find: a dropped placeholder, else a Latin look-alike
    (every Cyrillic а/е/о of the first word that has one), else a changed digit, else an extra
    placeholder."""
    if "{0}" in text:
        return text.replace("{0}", "", 1)
    words = text.split(" ")
    for i, word in enumerate(words):
        changed = word.translate(_LOOKALIKE)
        if changed != word and re.search("[\u0400-\u04ff]", changed):
            words[i] = changed
            return " ".join(words)
    digit = re.search(r"\d", text)
    if digit:  # no Cyrillic word: a number changed
        d = digit.start()
        return text[:d] + str((int(text[d]) + 1) % 10) + text[d + 1:]
    return text + " {9}"  # a placeholder the source does not have


@dataclass
class FakeOpenAI:
    """State of the fake server; ``url`` is what ``base_url`` / OPENAI_BASE_URL should be."""

    key: str = "sk-fake-0123456789abcdef"
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    plant: Callable[[str], str | None] | None = None
    plan: list[str | None] = field(default_factory=list)  # scripted next answers
    failures: list[int | None] = field(default_factory=list)  # next statuses (None: normal)
    always: int | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)  # bodies, with "_status"
    billed: int = 0
    url: str = ""
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, *statuses: int | None) -> None:
        """Answer the next requests with these statuses, one each (None: normally)."""
        self.failures.extend(statuses)

    def answered(self) -> list[dict[str, Any]]:
        """The user documents of every request answered 200."""
        return [json.loads(r["messages"][-1]["content"]) for r in self.requests
                if r.get("_status") == 200]

    def start(self) -> FakeOpenAI:
        """Serve on an ephemeral port in a daemon thread."""
        state = self

        class Handler(_Handler):
            fake = state

        self._server, base = serve(Handler)
        self.url = base + "/v1"
        return self

    def stop(self) -> None:
        """Shut the server down."""
        shut_down(self._server)

    # -- behaviour ---------------------------------------------------------------------------
    def translate(self, text: str, target: str, glossary: list[dict[str, Any]]) -> str:
        """The correct answer for ``text``: known, else glossary + transliteration."""
        known = self.answers.get(target, {}).get(text)
        if known is not None:
            return known
        parts = _KEEP.split(text)
        out = []
        for i, part in enumerate(parts):
            if i % 2 == 1:
                out.append(part)
                continue
            for term in glossary:
                part = re.sub(rf"(?i)\b{re.escape(term['en'])}\b", term["target"], part)
            # "percent" written as the sign: a model writes a word or the sign, never a
            # transliteration the numbers check could not read
            part = re.sub(r" ?\bper ?cent\b", " %", part)
            out.append(part.translate(_TABLES.get(target, _TABLES["ru"])))
        return "".join(out)

    def answer(self, document: dict[str, Any]) -> tuple[str | None, str | None]:
        """(content, refusal) for one user document."""
        step = self.plan.pop(0) if self.plan else None
        if step == "refuse":
            return None, "I can't help with translating this text."
        if step == "malformed":
            return '{"translations": [{"id": "1", "text": "unterminated', None
        target = document["target_language"]
        glossary = document["context"]["glossary"]
        followup = "feedback" in document
        items = []
        for segment in document["segments"]:
            text = self.translate(segment["text"], target, glossary)
            kind = self.plant(segment["text"]) if self.plant is not None else None
            if kind == "stubborn" or (kind == "fixable" and not followup):
                text = plant_error(text)
            items.append({"id": segment["id"], "text": text})
        if step == "drop" and items:
            items.pop()
        return json.dumps({"translations": items}, ensure_ascii=False), None


def _contract_error(body: dict[str, Any]) -> str | None:
    """What the request gets wrong about the wire contract (None: nothing)."""
    form = body.get("response_format") or {}
    if form.get("type") != "json_schema" or "schema" not in (form.get("json_schema") or {}):
        return "response_format must be of type json_schema"
    messages = body.get("messages") or []
    if not messages or messages[-1].get("role") != "user":
        return "the last message must be the user's"
    try:
        document = json.loads(messages[-1]["content"])
    except ValueError:
        return "the user message is not JSON"
    for key in ("source_language", "target_language", "segments", "context"):
        if key not in document:
            return f"the user document has no {key!r}"
    if not all(isinstance(s.get("id"), str) and isinstance(s.get("text"), str)
               for s in document["segments"]):
        return "segments must be [{id: string, text: string}]"
    return None


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, kind: str) -> None:
        self._send(status, {"error": {"message": message, "type": kind, "code": None}},
                   {"retry-after-ms": "1"})

    def do_POST(self) -> None:
        fake = self.fake
        length = int(self.headers.get("Content-Length") or 0)
        body: dict[str, Any] = json.loads(self.rfile.read(length) or b"{}")
        with fake._lock:
            fake.requests.append(body)
            status = fake.failures.pop(0) if fake.failures else fake.always
            if self.path != "/v1/chat/completions":
                body["_status"] = 404
                return self._error(404, f"no route {self.path}", "invalid_request_error")
            if self.headers.get("Authorization") != f"Bearer {fake.key}":
                body["_status"] = 401
                return self._error(401, "Incorrect API key provided.", "invalid_request_error")
            if status is not None:
                body["_status"] = status
                return self._error(status, f"planted HTTP {status}", "server_error")
            problem = _contract_error(body)
            if problem is not None:
                body["_status"] = 400
                return self._error(400, problem, "invalid_request_error")
            document = json.loads(body["messages"][-1]["content"])
            content, refusal = fake.answer(document)
            prompt = sum(len(str(m.get("content", ""))) for m in body["messages"]) // 3 + 10
            completion = len(content or refusal or "") // 3 + 1
            fake.billed += prompt + completion
            body["_status"] = 200
            self._send(200, {
                "id": f"chatcmpl-{len(fake.requests)}",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", ""),
                "choices": [{
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "finish_reason": "stop",
                    "logprobs": None,
                }],
                "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                          "total_tokens": prompt + completion},
            }, {})


@pytest.fixture
def fake_openai(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """A running fake server; OPENAI_API_KEY / OPENAI_BASE_URL point at it."""
    server = FakeOpenAI().start()
    monkeypatch.setenv("OPENAI_API_KEY", server.key)
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    try:
        yield server
    finally:
        server.stop()
