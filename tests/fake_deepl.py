"""A fake DeepL API on 127.0.0.1 for tests: the real ``deepl`` client talks to it.

Speaks what ``deepl`` 1.32 calls: ``POST /v2/translate`` (JSON), ``GET /v2/languages``
(form body ``type=target``), ``GET /v2/usage``, ``GET /v2/glossary-language-pairs``,
``POST/GET/DELETE /v2/glossaries[/id]``. Every request is recorded; failures are injected with
:meth:`FakeDeepL.fail` (status codes) and :attr:`FakeDeepL.delay` (timeouts), and a character
quota makes it answer 456 once exhausted.

The "translation" is deterministic: glossary terms are substituted, then Latin letters are
transliterated to Cyrillic; XML tags (with ``tag_handling=xml``) and ``{n}`` tokens pass
unchanged, so the pipeline can verify them.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import deepl
import pytest

from fake_server import serve, shut_down

TARGETS = {"RU": True, "BE": False, "DE": True, "UK": False}  # code -> supports formality
_TAG_OR_TOKEN = re.compile(r"(<[^>]*>|\{\d+\}|&\w+;|&#\w+;)")
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC = "абцдефгхийклмнопярстуввхйз"
_TABLE = str.maketrans(_LATIN + _LATIN.upper(), _CYRILLIC + _CYRILLIC.upper())
_BE = _CYRILLIC.replace("и", "і")  # Belarusian has і, never и (drafts are verified)
_TABLE_BE = str.maketrans(_LATIN + _LATIN.upper(), _BE + _BE.upper())


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    body: dict[str, Any]
    auth: str


@dataclass
class FakeDeepL:
    """State of the fake server; ``url`` is what DEEPL_SERVER_URL should be."""

    key: str = "fake-key-0123456789abcdef:fx"
    requests: list[Recorded] = field(default_factory=list)
    failures: list[int | None] = field(default_factory=list)  # answered next, in order
    always: int | None = None  # status answered to every translate request
    delay: float = 0.0  # seconds before answering translate (a timeout when > client timeout)
    quota: int | None = None  # characters left; 456 once a request would exceed it
    billed: int = 0
    glossaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    glossary_count: int = 0
    mangle: Callable[[str], str] | None = None  # applied to every translation (token loss...)
    url: str = ""
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- control -------------------------------------------------------------------------
    def fail(self, *statuses: int | None) -> None:
        """Answer the next translate requests with these statuses (one each; None: normally).

        ``fail(None, None, 456)`` lets two requests through and refuses the third.
        """
        self.failures.extend(statuses)

    def translate_requests(self) -> list[Recorded]:
        """Recorded successful-or-not POST /v2/translate requests."""
        return [r for r in self.requests if r.path == "/v2/translate"]

    def texts_sent(self) -> list[str]:
        """Every text of every translate request answered 200."""
        return [t for r in self.translate_requests() if r.body.get("_status") == 200
                for t in r.body["text"]]

    def pairs_sent(self) -> list[tuple[str, str, str]]:
        """(target, context, text) of every text answered 200: what must never be paid twice."""
        return [(str(r.body["target_lang"]), str(r.body.get("context", "")), t)
                for r in self.translate_requests()
                if r.body.get("_status") == 200 for t in r.body["text"]]

    def reset(self) -> None:
        """Forget recorded requests (keeps glossaries and quota)."""
        self.requests.clear()

    def start(self) -> FakeDeepL:
        """Serve on an ephemeral port in a daemon thread."""
        state = self

        class Handler(_Handler):
            fake = state

        self._server, base = serve(Handler)
        self.url = base + ""
        return self

    def stop(self) -> None:
        """Shut the server down."""
        shut_down(self._server)

    # -- behaviour -----------------------------------------------------------------------
    def fake_translate(self, text: str, target: str, xml: bool, glossary: dict[str, str]) -> str:
        """Deterministic pseudo-Cyrillic translation that keeps tags and tokens."""
        parts = _TAG_OR_TOKEN.split(text)
        out = []
        for i, part in enumerate(parts):
            if i % 2 == 1 and (xml or part.startswith("{")):
                out.append(part)
                continue
            for en, tr in glossary.items():
                part = re.sub(rf"(?i)\b{re.escape(en)}\b", tr, part)
            part = re.sub(r" ?\bper ?cent\b", " %", part)  # as DeepL writes it: the sign
            out.append(part.translate(_TABLE_BE if target.upper() == "BE" else _TABLE))
        result = "".join(out)
        return self.mangle(result) if self.mangle is not None else result


@pytest.fixture
def fake_deepl(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDeepL]:
    """A running fake server; DEEPL_AUTH_KEY / DEEPL_SERVER_URL point at it; fast retries."""
    server = FakeDeepL().start()
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 2)
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 0.4)
    monkeypatch.setenv("TRILINGUAL_DEEPL_TIMEOUT", "5")
    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_INITIAL", 0.01)
    monkeypatch.setenv("DEEPL_AUTH_KEY", server.key)
    monkeypatch.setenv("DEEPL_SERVER_URL", server.url)
    try:
        yield server
    finally:
        server.stop()


class _Handler(BaseHTTPRequestHandler):
    fake: FakeDeepL
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # silence the test output
        pass

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return {}
        if "json" in (self.headers.get("Content-Type") or ""):
            data: dict[str, Any] = json.loads(raw)
            return data
        return {k: v if len(v) > 1 else v[0]
                for k, v in urllib.parse.parse_qs(raw.decode()).items()}

    def _send(self, status: int, payload: Any) -> None:
        data = b"" if status == 204 else json.dumps(payload).encode()  # 204 has no body
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _handle(self, method: str) -> None:
        fake = self.fake
        path = urllib.parse.urlsplit(self.path).path
        body = self._body()
        auth = self.headers.get("Authorization", "")
        record = Recorded(method, path, body, auth)
        with fake._lock:
            fake.requests.append(record)
        if auth != f"DeepL-Auth-Key {fake.key}":
            body["_status"] = 403
            self._send(403, {"message": "Wrong endpoint or key"})
            return
        if path == "/v2/translate":
            self._translate(body)
        elif path == "/v2/languages":
            if body.get("type") == "target":
                langs = [{"language": c, "name": c, "supports_formality": f}
                         for c, f in TARGETS.items()]
            else:
                langs = [{"language": "EN", "name": "English"}]
            self._send(200, langs)
        elif path == "/v2/usage":
            self._send(200, {"character_count": fake.billed, "character_limit": 500000})
        elif path == "/v2/glossary-language-pairs":
            self._send(200, {"supported_languages": [{"source_lang": "en", "target_lang": "ru"}]})
        elif path == "/v2/glossaries" and method == "POST":
            self._create_glossary(body)
        elif path.startswith("/v2/glossaries/") and method == "DELETE":
            fake.glossaries.pop(path.rsplit("/", 1)[1], None)
            self._send(204, {})
        elif path.startswith("/v2/glossaries/") and method == "GET":
            gid = path.rsplit("/", 1)[1]
            if gid in fake.glossaries:
                self._send(200, fake.glossaries[gid]["info"])
            else:
                self._send(404, {"message": "Glossary not found"})
        else:
            self._send(404, {"message": "not found"})

    def _create_glossary(self, body: dict[str, Any]) -> None:
        fake = self.fake
        if str(body.get("target_lang", "")).upper() == "BE":
            self._send(400, {"message": "Unsupported glossary target language"})
            return
        entries = dict(
            line.split("\t", 1) for line in str(body["entries"]).splitlines() if "\t" in line
        )
        fake.glossary_count += 1
        gid = f"gl-{fake.glossary_count}"  # never reused, like DeepL's UUIDs
        info = {"glossary_id": gid, "name": body["name"], "ready": True,
                "source_lang": body["source_lang"], "target_lang": body["target_lang"],
                "creation_time": "2026-11-22T06:00:00.000Z", "entry_count": len(entries)}
        fake.glossaries[gid] = {"info": info, "entries": entries}
        self._send(201, info)

    def _translate(self, body: dict[str, Any]) -> None:
        fake = self.fake
        with fake._lock:
            status = fake.failures.pop(0) if fake.failures else fake.always
        if fake.delay:
            time.sleep(fake.delay)
        target = str(body.get("target_lang", "")).upper()
        xml = body.get("tag_handling") == "xml"
        if status is None and target not in TARGETS:
            status = 400
        if status is None and target == "BE" and (
            xml or body.get("glossary_id") or body.get("formality") in ("more", "less")
        ):
            status = 400  # DeepL's feature table for BE
        texts = body.get("text") or []
        billed = [len(re.sub(r"<[^>]*>", "", t)) if xml else len(t) for t in texts]
        if status is None and fake.quota is not None and sum(billed) > fake.quota:
            status = 456
        if status is not None:
            body["_status"] = status
            self._send(status, {"message": f"injected {status}"})
            return
        glossary: dict[str, str] = {}
        gid = body.get("glossary_id")
        if gid:
            if gid not in fake.glossaries:
                body["_status"] = 404
                self._send(404, {"message": "Glossary not found"})
                return
            glossary = fake.glossaries[gid]["entries"]
        with fake._lock:
            fake.billed += sum(billed)
            if fake.quota is not None:
                fake.quota -= sum(billed)
        body["_status"] = 200
        self._send(200, {"translations": [
            {"detected_source_language": "EN", "billed_characters": n,
             "text": fake.fake_translate(t, target, xml, glossary)}
            for t, n in zip(texts, billed, strict=True)
        ]})

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")
