"""Faults: ``trilingual translate`` killed with SIGKILL at random points, and two processes on
one project.

The kill test runs the real command line in a subprocess against the fake DeepL server (slowed
down so kills land mid-run), SIGKILLs it after a random delay, and after every kill checks that
every catalog parses and passes ``msgfmt -c``, that no temp file is left where a glob for
catalogs or articles would pick it up, that no translation filled by an earlier run is lost or
changed, and that every batch DeepL answered before the last one of the run is in the catalogs.
Runs are repeated (from a fresh project once one completes) until the kill budget is spent.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import msgfmt_check
from fake_deepl import FakeDeepL
from trilingual.cli import main
from trilingual.ledger import read_usage
from trilingual.lock import project_lock
from trilingual.po import read_po
from trilingual.project import Project

SEED = 20261122
KILLS = 25
BUDGET = 55.0  # seconds for the kill loop (process start-up alone is ~1.5 s on 2 busy cores)
SLUGS = ("alpha", "bravo", "charlie", "delta", "echo")
LANGS = ("be", "ru")
WORDS = [
    "potash",
    "exports",
    "rail",
    "wagons",
    "port",
    "border",
    "trade",
    "grain",
    "harvest",
    "tonnes",
    "ministry",
    "railway",
    "lorries",
    "customs",
    "minister",
    "factory",
    "tractor",
    "sanctions",
    "market",
    "pipeline",
    "refinery",
]


def article(rng: random.Random, slug: str, used: set[str]) -> str:
    """Forty unique plain sentences (no markup: the text sent is the msgid)."""
    sentences = []
    while len(sentences) < 40:
        s = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + "."
        if s not in used:
            used.add(s)
            sentences.append(s)
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, 40, 4)]
    return f"---\ntitle: Article {slug}\ndate: 2024-08-28\n---\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def pristine(tmp_path: Path) -> Path:
    """An extracted project with five articles and nothing translated."""
    root = tmp_path / "pristine"
    assert main(["init", str(root)]) == 0
    rng = random.Random(SEED)
    used: set[str] = set()
    for slug in SLUGS:
        (root / "articles" / f"{slug}.md").write_text(article(rng, slug, used), encoding="utf-8")
    assert main(["-C", str(root), "extract"]) == 0
    return root


@pytest.fixture
def server() -> Iterator[FakeDeepL]:
    fake = FakeDeepL(key="kill-test-key-0000:fx").start()
    try:
        yield fake
    finally:
        fake.stop()


def cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "trilingual.cli", "-C", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def deepl_env(fake: FakeDeepL) -> dict[str, str]:
    return {"DEEPL_AUTH_KEY": fake.key, "DEEPL_SERVER_URL": fake.url}


def catalogs(root: Path) -> list[Path]:
    return sorted((root / "locales").rglob("*.po")) + sorted((root / "locales").rglob("*.pot"))


def filled(root: Path) -> dict[tuple[str, str, str], str]:
    """(lang, slug, msgid) -> msgstr of every translated entry; every catalog must parse."""
    out = {}
    for lang in LANGS:
        for slug in SLUGS:
            path = root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
            for entry in read_po(path):
                if entry.msgstr and not entry.obsolete:
                    out[(lang, slug, entry.msgid)] = entry.msgstr
    return out


def stray_files(root: Path) -> list[Path]:
    """Files in locales/ and articles/ that are not the project's own catalogs and articles."""
    known = {root / "locales" / "templates" / f"{s}.pot" for s in SLUGS}
    known |= {root / "locales" / lang / "LC_MESSAGES" / f"{s}.po" for lang in LANGS for s in SLUGS}
    known |= {root / "articles" / f"{s}.md" for s in SLUGS}
    return [
        p
        for d in ("locales", "articles")
        for p in (root / d).rglob("*")
        if p.is_file() and p not in known
    ]


def answered_batches(fake: FakeDeepL, since: int) -> list[tuple[str, list[str]]]:
    """(target, texts) of each translate request answered 200 after request number ``since``."""
    return [
        (str(r.body["target_lang"]).lower(), list(r.body["text"]))
        for r in fake.requests[since:]
        if r.path == "/v2/translate" and r.body.get("_status") == 200
    ]


def cache_rows(root: Path) -> int:
    """Answers in the MT cache (0 before it exists)."""
    path = root / ".trilingual" / "mt-cache.sqlite"
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(path)) as db:
        return int(db.execute("SELECT count(*) FROM mt").fetchone()[0])


def ledger_segments(root: Path) -> list[int]:
    """Segments (sent or from the cache) of every usage-ledger record: written after the save."""
    return [r.segments + r.cached for r in read_usage(root / ".trilingual")]


def wait_for_first_translate(fake: FakeDeepL, mark: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        if any(r.path == "/v2/translate" for r in fake.requests[mark:]):
            return
        time.sleep(0.01)


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing(pristine: Path, server: FakeDeepL) -> None:
    rng = random.Random(SEED)
    root = pristine.parent / "work"
    shutil.copytree(pristine, root)
    server.delay = 0.1  # per request: kills land while batches are in flight
    total_entries = sum(
        len(read_po(pristine / "locales" / lang / "LC_MESSAGES" / f"{s}.po"))
        for lang in LANGS
        for s in SLUGS
    )
    previous: dict[tuple[str, str, str], str] = {}
    kills = finished = completions = resent = 0
    answered_ever: set[tuple[str, str]] = set()
    leftovers: list[Path] = []
    start = time.monotonic()
    while kills < KILLS and time.monotonic() - start < BUDGET:
        mark = len(server.requests)
        ledger_before = len(ledger_segments(root))
        cached_before = cache_rows(root)
        proc = cli(root, "translate", "--engine", "deepl", env=deepl_env(server))
        if rng.random() < 0.2:
            delay = rng.uniform(0.0, 1.5)  # while starting, reading, loading the cache
        else:
            wait_for_first_translate(server, mark, proc)
            delay = rng.uniform(0.0, 1.0)  # while batches are sent and saved
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
            killed = True
        else:
            finished += 1
            killed = False
            _out, err = proc.communicate()
            assert proc.returncode == 0, err
        # every catalog parses and GNU msgfmt accepts it
        for path in catalogs(root):
            read_po(path)
            msgfmt_check(path)
        now = filled(root)
        # nothing filled before is lost or changed: progress is monotonic
        lost = {k: v for k, v in previous.items() if now.get(k) != v}
        assert not lost, f"after kill {kills}: {len(lost)} translations lost or changed"
        # every batch the ledger records was cached before its record was written (catalogs
        # are saved on an interval and at the end: a kill loses at most the last interval's
        # drafts, which the cache answers for free, as checked on the next run below)
        sent = sum(r.segments for r in read_usage(root / ".trilingual")[ledger_before:])
        assert sent <= cache_rows(root) - cached_before
        saved = {(lang, msgid) for (lang, _, msgid) in now}
        answered = [(t, x) for t, texts in answered_batches(server, mark) for x in texts]
        unsaved = [a for a in answered if a not in saved]
        assert killed or not unsaved, f"a finished run left {unsaved[:3]} unsaved"
        # a killed run loses at most its batch in flight (answered, not yet cached): paid again
        again = sum(1 for a in answered if a in answered_ever)
        assert again <= 50, f"run after kill {kills} paid {again} texts again"
        resent += again
        answered_ever.update(answered)
        # no half-written file where a glob for catalogs or articles would pick it up
        strays = stray_files(root)
        assert not [p for p in strays if p.suffix in (".po", ".pot", ".md")], strays
        leftovers += strays
        for path in strays:  # stale temp files of killed writes; cleared to count them
            path.unlink()
        previous = now
        if len(now) == total_entries:
            completions += 1
            # a clean run on the completed project sends nothing more
            mark = len(server.requests)
            proc = cli(root, "translate", "--engine", "deepl", env=deepl_env(server))
            assert proc.wait(timeout=30) == 0
            assert not answered_batches(server, mark)
            shutil.rmtree(root)
            shutil.copytree(pristine, root)
            previous = {}
            answered_ever.clear()
    elapsed = time.monotonic() - start
    print(
        f"\nSIGKILL: {kills} kills, {finished} runs ended before their kill, "
        f"{completions} projects completed, {len(leftovers)} stale temp files, "
        f"{resent} texts paid twice (the batches in flight), {elapsed:.1f}s"
    )
    assert kills >= 15, f"only {kills} kills in {BUDGET}s"


# --- the project lock -------------------------------------------------------------------------


def _hold_lock(root: Path, seconds: float, ready: threading.Event) -> None:
    with project_lock(Project.open(root), timeout=5):
        ready.set()
        time.sleep(seconds)


WRITERS = [
    ["extract"],
    ["extract", "--force"],
    ["translate", "--engine", "pseudo"],
    ["release"],
]


@pytest.mark.parametrize("cmd", WRITERS, ids=lambda c: " ".join(c))
def test_writer_gives_up_with_a_clear_lock_error(pristine: Path, cmd: list[str]) -> None:
    root = pristine
    ready = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(root, 3.0, ready))
    holder.start()
    try:
        assert ready.wait(5)
        before = {p: p.read_bytes() for p in catalogs(root)}
        proc = cli(root, *cmd, env={"TRILINGUAL_LOCK_TIMEOUT": "0.5"})
        _out, err = proc.communicate(timeout=30)
        lines = err.strip().splitlines()
        assert proc.returncode == 7, err
        assert lines[0] == "waiting for another trilingual process to finish..."
        assert len(lines) == 2 and lines[1].startswith(
            "trilingual: error: .trilingual/lock: another trilingual process (pid "
        ), err
        assert "gave up after 0 s" in lines[1] or "gave up after 1 s" in lines[1]
        assert {p: p.read_bytes() for p in catalogs(root)} == before
    finally:
        holder.join()


def test_second_writer_waits_for_the_first(pristine: Path) -> None:
    ready = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(pristine, 1.5, ready))
    holder.start()
    assert ready.wait(5)
    started = time.monotonic()
    proc = cli(pristine, "translate", "--engine", "pseudo", env={"TRILINGUAL_LOCK_TIMEOUT": "20"})
    _out, err = proc.communicate(timeout=60)
    waited = time.monotonic() - started
    holder.join()
    assert proc.returncode == 0, err
    assert "waiting for another trilingual process to finish..." in err
    assert waited >= 1.0
    assert all(e.msgstr for p in catalogs(pristine) if p.suffix == ".po" for e in read_po(p))


def test_two_concurrent_translate_runs_never_interleave(pristine: Path, server: FakeDeepL) -> None:
    """Both finish; the second finds the work done; no text is paid twice; files are whole."""
    server.delay = 0.1
    env = {**deepl_env(server), "TRILINGUAL_LOCK_TIMEOUT": "60"}
    first = cli(pristine, "translate", "--engine", "deepl", env=env)
    time.sleep(0.3)
    second = cli(pristine, "translate", "--engine", "deepl", env=env)
    out1, err1 = first.communicate(timeout=90)
    out2, err2 = second.communicate(timeout=90)
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    assert "waiting for another trilingual process" in err1 + err2
    sent = server.pairs_sent()
    assert len(sent) == len(set(sent)), "a text was sent twice"
    assert "0 segments sent" in out1 + out2
    for path in catalogs(pristine):
        msgfmt_check(path)
    assert all(e.msgstr for p in catalogs(pristine) if p.suffix == ".po" for e in read_po(p))


def test_extract_and_translate_race_keeps_both(pristine: Path, server: FakeDeepL) -> None:
    """An editor's extract (an edited sentence) while translate runs: the lock serialises them,
    so the edit's fuzzy merge and the machine suggestions both survive."""
    server.delay = 0.1
    env = {**deepl_env(server), "TRILINGUAL_LOCK_TIMEOUT": "60"}
    source = pristine / "articles" / "alpha.md"
    text = source.read_text(encoding="utf-8")
    translate = cli(pristine, "translate", "--engine", "deepl", env=env)
    time.sleep(0.6)
    edited = text.replace("---\n\n", "---\n\nA brand new opening sentence here.\n\n", 1)
    source.write_text(edited, encoding="utf-8")
    extract = cli(pristine, "extract", env=env)
    assert extract.wait(timeout=90) == 0, extract.communicate()[1]
    assert translate.wait(timeout=90) == 0, translate.communicate()[1]
    for lang in LANGS:
        po = read_po(pristine / "locales" / lang / "LC_MESSAGES" / "alpha.po")
        new = po.find("A brand new opening sentence here.")
        assert new is not None  # the extract's entry is there
        others = [e for e in po if not e.obsolete and e.msgid != new.msgid]
        assert others and all(e.msgstr for e in others)  # and translate's suggestions


@pytest.mark.parametrize("value", ["abc", "-1", "nan"])
def test_bad_lock_timeout_is_a_usage_error(pristine: Path, value: str) -> None:
    """It used to crash every command with a ValueError traceback at import time."""
    proc = cli(pristine, "extract", env={"TRILINGUAL_LOCK_TIMEOUT": value})
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2, err
    assert err.strip() == (
        f"trilingual: error: TRILINGUAL_LOCK_TIMEOUT must be a number of seconds, not {value!r}"
    )


# --- stdout closed early ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose stats and render print far more than a pipe buffer holds."""
    root = tmp_path_factory.mktemp("pipe") / "proj"
    assert main(["init", str(root)]) == 0
    lines = [f"Paragraph number {i} says something long enough to fill a line.\n"
             for i in range(3000)]
    (root / "articles" / "big.md").write_text(
        "---\ntitle: Big\ndate: 2024-08-28\n---\n\n" + "\n".join(lines), encoding="utf-8"
    )
    for i in range(40):  # stats: one row per article and language
        (root / "articles" / f"a{i:02}.md").write_text(
            f"---\ntitle: Article {i}\ndate: 2024-08-28\n---\n\nText {i}.\n", encoding="utf-8"
        )
    assert main(["-C", str(root), "extract"]) == 0
    return root


PIPED = [
    ["stats"],
    ["render", "--lang", "be", "--allow-incomplete", "big"],
    ["translate", "--engine", "pseudo", "--dry-run"],
]


def _quiet_exit(proc: subprocess.CompletedProcess[bytes] | subprocess.Popen[bytes],
                err: str) -> None:
    assert "Traceback" not in err and "BrokenPipeError" not in err, err[-2000:]
    assert "Exception ignored" not in err, err[-2000:]
    assert proc.returncode in (0, 141), (proc.returncode, err[-2000:])


@pytest.mark.parametrize("cmd", PIPED, ids=lambda c: c[0])
def test_stdout_closed_before_the_first_write_exits_quietly(
    big_project: Path, cmd: list[str]
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "trilingual.cli", "-C", str(big_project), *cmd],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # long before the interpreter has started: every write fails
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    _quiet_exit(proc, err)
    assert proc.returncode == 141


@pytest.mark.parametrize("cmd", PIPED, ids=lambda c: c[0])
def test_piped_into_head_exits_quietly(big_project: Path, cmd: list[str]) -> None:
    """``trilingual stats | head -1``: the first line, then no traceback."""
    shell = 'set -o pipefail; "$@" | head -1'
    proc = subprocess.run(
        ["bash", "-c", shell, "bash", sys.executable, "-m", "trilingual.cli",
         "-C", str(big_project), *cmd],
        capture_output=True, timeout=60,
    )
    err = proc.stderr.decode("utf-8", "replace")
    _quiet_exit(proc, err)
    assert len(proc.stdout.decode().splitlines()) == 1
