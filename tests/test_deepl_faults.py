"""DeepL fault modes through a fault-injecting proxy in front of the fake DeepL server.

The proxy spoils the first translate request of a run (a late answer after the client's
timeout, a null text, a short answer, an empty text, a body that is not JSON, a 502 after the
server translated, a 503 before it did); then a second run goes through cleanly. For each mode:
the first run's exit code and one-line message, what the fake server billed against the work
needed (the characters of a clean run), and what the usage ledger counted. The rule checked:
a request DeepL may have processed is never sent again by the client, every attempt DeepL
billed is in the ledger, and a spoiled answer is never cached (the next run asks again, once).
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import deepl
import pytest

from fake_deepl import FakeDeepL
from test_release_support import make_project
from trilingual.cli import main
from trilingual.ledger import read_usage
from trilingual.po import read_po

ARTICLE = """---
title: Rail freight through the northern corridor
date: 2024-08-28
---

The first trains left Minsk on Monday. Each carried sixty wagons of potash for the port.
Officials said the route adds four days to every delivery.

Traders expect the **new tariff** to hold until spring. Analysts are less sure.
"""
SECOND = """---
title: Grain exports in the autumn
date: 2024-08-29
---

Grain exports rose in September. The harvest was larger than last year.
Most of it went east by rail.
"""


class Proxy:
    """Forwards every request to ``upstream``; spoils the first translate request by ``mode``."""

    def __init__(self, upstream: str) -> None:
        self.upstream = urllib.parse.urlsplit(upstream)
        self.mode = "pass"
        self.spoil_left = 0
        self.late = 2.5
        self.translate_seen = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                proxy.handle(self, "GET")

            def do_POST(self) -> None:
                proxy.handle(self, "POST")

            def do_DELETE(self) -> None:
                proxy.handle(self, "DELETE")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()

    def forward(self, method: str, path: str, body: bytes, headers: dict[str, str],
                ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=30)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = {k: v for k, v in handler.headers.items()
                   if k.lower() in ("authorization", "content-type", "user-agent")}
        spoil = False
        if handler.path.startswith("/v2/translate"):
            self.translate_seen += 1
            if self.spoil_left > 0:
                self.spoil_left -= 1
                spoil = True
        mode = self.mode if spoil else "pass"
        if mode == "503":  # refused before the server saw it
            self.send(handler, 503, b'{"message": "unavailable"}')
            return
        status, data = self.forward(method, handler.path, body, headers)
        if mode in ("null", "short", "empty"):
            answer = json.loads(data)
            if mode == "null":
                answer["translations"][0]["text"] = None
            elif mode == "short":
                answer["translations"].pop()
            else:
                answer["translations"][-1]["text"] = ""
            data = json.dumps(answer).encode()
        elif mode == "garbage":
            data = b"<html>Bad gateway</html>"
        elif mode == "502":
            status, data = 502, b'{"message": "bad gateway"}'
        elif mode == "late":
            time.sleep(self.late)  # the client has given up by now
        self.send(handler, status, data)

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, data: bytes) -> None:
        try:
            handler.send_response(status)
            if status != 204:
                handler.send_header("Content-Type", "application/json")
                handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            if status != 204:
                handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def chain(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeDeepL, Proxy]]:
    fake = FakeDeepL().start()
    proxy = Proxy(fake.url)
    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_INITIAL", 0.01)
    monkeypatch.setenv("DEEPL_AUTH_KEY", fake.key)
    monkeypatch.setenv("DEEPL_SERVER_URL", proxy.url)
    monkeypatch.setenv("TRILINGUAL_DEEPL_TIMEOUT", "1.5")
    try:
        yield fake, proxy
    finally:
        proxy.stop()
        fake.stop()


def project(root: Path) -> Path:
    make_project(root, articles={"2024-08-28-rail": ARTICLE, "2024-08-29-grain": SECOND},
                 translate=lambda lang, ctx, msgid: None)
    return root


def translate(root: Path) -> int:
    return main(["-C", str(root), "translate", "--engine", "deepl"])


def ledger_chars(root: Path) -> int:
    return sum(r.chars for r in read_usage(root / ".trilingual"))


def filled(root: Path) -> int:
    return sum(1 for lang in ("be", "ru") for slug in ("2024-08-28-rail", "2024-08-29-grain")
               for e in read_po(root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po")
               if e.msgstr)


MODES = {
    # mode: (exit of the first run, message part, does the spoiled request get billed?)
    "late": (6, "within 1.5 s (DeepL may have processed and billed the request: not sent again)",
             True),
    "null": (6, "DeepL answered no text (null) for text 1 of", True),
    "short": (6, "DeepL answered {n1} translations for {n} texts", True),
    "empty": (6, "DeepL answered an empty translation for text", True),
    "garbage": (6, "DeepL answered 0 translations for {n} texts", True),
    "502": (6, "server error (HTTP 502): DeepL may have processed the request", True),
    "503": (0, "", False),
}


def test_fault_modes_bill_once_and_are_ledgered(
    chain: tuple[FakeDeepL, Proxy], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    fake, proxy = chain
    clean = project(tmp_path / "clean")
    assert translate(clean) == 0
    needed = fake.billed  # the work: every distinct text once
    total_segments = filled(clean)
    first_request = fake.translate_requests()[0].body["text"]
    assert needed > 0 and ledger_chars(clean) == needed
    capsys.readouterr()
    figures = []
    for mode, (code, message, billed_spoiled) in MODES.items():
        root = project(tmp_path / mode)
        fake.billed = 0
        fake.reset()
        proxy.mode, proxy.spoil_left = mode, 1
        assert translate(root) == code, mode
        err = capsys.readouterr().err
        n = len(first_request)
        expected = message.format(n=n, n1=n - 1)
        if code:
            errors = [line for line in err.splitlines() if line.startswith("trilingual: error:")]
            assert len(errors) == 1 and expected in errors[0], (mode, err)
            assert "Traceback" not in err
        sent_first = len(fake.translate_requests())
        # never sent twice by the client: the spoiled request reached the server once
        spoiled_cost = sum(len(t) for t in first_request)
        assert proxy.translate_seen >= 1
        proxy.mode = "pass"
        proxy.translate_seen = 0
        assert translate(root) == 0, mode
        capsys.readouterr()
        assert filled(root) == total_segments, mode
        extra = fake.billed - needed
        assert extra == (spoiled_cost if billed_spoiled else 0), (mode, extra, spoiled_cost)
        # every character the server billed is in the ledger (a lost answer at its estimate)
        assert ledger_chars(root) == fake.billed, (mode, ledger_chars(root), fake.billed)
        figures.append(f"{mode}: exit {code}, requests in the failed run {sent_first}, billed "
                       f"{fake.billed} for {needed} needed (+{extra}), ledger "
                       f"{ledger_chars(root)}")
    print("\n" + "\n".join(figures))
