"""Secrets and output safety.

A distinctive DeepL key goes through ``trilingual translate`` (a subprocess, against the fake
server) on the success path and every error path (403 wrong key, 456 quota, 429/500 refusals,
network down), through ``usage``, ``check`` and ``release``, and in-process with every logger at
DEBUG. The key (and its distinctive middle) must never appear on stdout, stderr, in a log record
or in any file of the project: catalogs, ``.trilingual/`` (ledger, MT cache, glossary state),
``dist/``.

Output safety: a reviewed msgstr holding ``<script>`` is published escaped by ``release``.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fake_deepl import FakeDeepL
from trilingual.cli import main
from trilingual.po import read_po, write_po

KEY = "SeCrEt-7f3a9c1e-trilingual-b0d5e2a4:fx"
NEEDLES = [KEY, KEY[:-3], "7f3a9c1e-trilingual-b0d5e2a4"]

ARTICLE = """---
title: "Potash takes the long way round"
summary: "Exports recovered through Russian ports."
date: 2024-08-28
---

When Lithuania stopped the transit of potash through Klaipeda, many expected a fall.
Volumes have recovered, but the [route](https://example.org/route) is longer.

## Costs

The rail leg adds between $15 and $25 per tonne. Lukashenka called it a victory.
"""


@pytest.fixture
def project(project_dir: Path) -> Path:
    (project_dir / "articles" / "potash.md").write_text(ARTICLE, encoding="utf-8")
    (project_dir / "glossary.yaml").write_text(
        "terms:\n  - en: Lukashenka\n    be: Лукашэнка\n    ru: Лукашенко\n", encoding="utf-8"
    )
    assert main(["-C", str(project_dir), "extract"]) == 0
    return project_dir


@pytest.fixture
def server() -> Iterator[FakeDeepL]:
    fake = FakeDeepL(key=KEY).start()
    try:
        yield fake
    finally:
        fake.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(root: Path, *args: str, url: str, key: str = KEY) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEEPL_AUTH_KEY": key, "DEEPL_SERVER_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "trilingual.cli", "-C", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def leaks(root: Path, *texts: str) -> list[str]:
    """Where any needle appears: in ``texts`` or in any file under ``root``."""
    found = []
    for i, text in enumerate(texts):
        found += [f"output #{i}" for n in NEEDLES if n in text]
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [str(path.relative_to(root)) for n in NEEDLES if n.encode() in data]
    return found


def test_key_never_leaks_on_any_path(project: Path, server: FakeDeepL) -> None:
    outputs: list[str] = []
    # the retried failures (429, 5xx, network) run in-process with fast retries: see below
    scenarios = [
        ("403 wrong key", dict(key=KEY.replace("SeCrEt", "WrOnG!")), None, 6),
        ("403 refused", {}, 403, 6),
        ("dry run", {}, None, 0),
        ("456 quota mid-run", {}, "quota", 6),
        ("success", {}, None, 13),  # a be draft without its glossary term is left empty
    ]
    for name, kwargs, status, code in scenarios:
        server.always = status if isinstance(status, int) else None
        server.quota = 300 if status == "quota" else None
        args = ["translate", "--engine", "deepl"] + (["--dry-run"] if name == "dry run" else [])
        proc = cli(project, *args, url=kwargs.get("url", server.url), key=kwargs.get("key", KEY))
        assert proc.returncode == code, (name, proc.stderr)
        outputs += [proc.stdout, proc.stderr]
        if code == 6:
            assert proc.stderr.strip().splitlines()[-1].startswith("trilingual: error: deepl: ")
    server.always = server.quota = None
    for args in (["usage"], ["check"], ["stats"], ["release"]):
        proc = cli(project, *args, url=server.url)
        outputs += [proc.stdout, proc.stderr]
    assert (project / ".trilingual" / "usage.jsonl").exists()
    assert any((project / ".trilingual").glob("mt-cache*"))
    assert all(e.msgstr for e in read_po(project / "locales/ru/LC_MESSAGES/potash.po"))
    # the wrong-key request did carry a key: the check would notice a leak of it too
    assert any("WrOnG!" in r.auth for r in server.requests)
    assert not leaks(project, *outputs)
    # negative control: the detector does see a key written into the state folder
    canary = project / ".trilingual" / "canary"
    canary.write_text(f"x{KEY}x", encoding="utf-8")
    assert leaks(project) == [".trilingual/canary"] * len(NEEDLES)


def test_key_never_reaches_a_log_record(
    project: Path,
    server: FakeDeepL,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """In-process with every logger (deepl's, urllib3's) at DEBUG: 403, 429, 5xx, network
    down (retried: fast retries here), then success."""
    import deepl

    monkeypatch.setattr(deepl.http_client, "max_network_retries", 1)
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", server.url)
    caplog.set_level(logging.DEBUG)
    for name in ("deepl", "urllib3", "requests", "trilingual"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 0.4)
    monkeypatch.setenv("TRILINGUAL_DEEPL_TIMEOUT", "5")
    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_INITIAL", 0.01)
    for status in (403, 429, 500, 503):
        server.always = status
        assert main(["-C", str(project), "translate", "--engine", "deepl"]) == 6
    server.always = None
    monkeypatch.setenv("DEEPL_SERVER_URL", f"http://127.0.0.1:{free_port()}")  # network down
    assert main(["-C", str(project), "translate", "--engine", "deepl"]) == 6
    monkeypatch.setenv("DEEPL_SERVER_URL", server.url)
    assert main(["-C", str(project), "translate", "--engine", "deepl", "--allow-partial"]) == 0
    out = capsys.readouterr()
    records = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records, "DEBUG logging captured nothing; the check would be empty"
    assert not leaks(project, out.out, out.err, records)


def test_release_escapes_html_from_catalogs(project: Path) -> None:
    """A reviewed msgstr with <script> is published escaped, never as markup."""
    pytest.importorskip("trilingual.release")
    payload = '<script>alert("x")</script>'
    for lang in ("be", "ru"):
        path = project / "locales" / lang / "LC_MESSAGES" / "potash.po"
        po = read_po(path)
        for entry in po:
            entry.msgstr = entry.msgid
            if entry.msgid.startswith("When Lithuania") or entry.msgctxt == "title":
                entry.msgstr = f"{payload} {entry.msgid}"
        write_po(path, po)
    assert main(["-C", str(project), "release"]) == 0
    dist = project / "dist"
    pages = [p for p in dist.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".md")]
    assert pages
    html = [p for p in pages if p.suffix in (".html", ".xml")]
    unescaped = [str(p.relative_to(dist)) for p in html if "<script>alert" in p.read_text("utf-8")]
    assert not unescaped, unescaped
    assert any("&lt;script&gt;alert" in p.read_text("utf-8") for p in html)
