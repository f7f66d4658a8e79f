"""The kill matrix: ``extract -j 2``, ``release`` and ``translate`` stopped by SIGKILL and by
SIGTERM at random points of their work, ROUNDS times per signal and command.

After every kill the same command runs again with ``TRILINGUAL_LOCK_TIMEOUT=0`` and must succeed
at once (no orphan holds the lock); then no process of the killed run may be left, and no temp
file (``.*.tmp``) or release staging folder anywhere in the project. A SIGTERMed run must exit
143 with one line on stderr and no traceback. ``extract`` alternates the ``fork`` and
``forkserver`` start methods. The three commands run their rounds side by side (one thread
each) to keep the wall time bounded; the figures are printed (``pytest -s``).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench_modules import load_bench
from fake_deepl import FakeDeepL
from test_release_support import make_project

ROUNDS = int(os.environ.get("TRILINGUAL_KILL_ROUNDS", "20"))  # per signal and command
SEED = 20261205
TERM_LINE = "trilingual: terminated (SIGTERM); finished work was saved"




def articles(count: int) -> dict[str, str]:
    gen = load_bench("generate")
    out = {}
    for index in range(count):
        article = gen.make_article(index, 7)
        out[article.slug] = article.render()
    return out


def tagged(tag: str) -> list[int]:
    """Live (not zombie) processes whose environment carries ``tag``."""
    needle = f"TRILINGUAL_MATRIX_TAG={tag}".encode()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as handle:
                if needle not in handle.read():
                    continue
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        if stat[stat.rfind(b")") + 2 : stat.rfind(b")") + 3] not in (b"Z", b"X"):
            found.append(int(name))
    return found


def debris(root: Path) -> tuple[list[Path], list[Path]]:
    temps = [p for p in root.rglob(".*.tmp")]
    staging = [p for p in root.rglob("release-staging-*")]
    return temps, staging


def cli(root: Path, args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "trilingual.cli", "-C", str(root), *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **env},
    )


@dataclass
class Tally:
    """What one command's rounds gave."""

    command: str
    kills: dict[str, int] = field(default_factory=lambda: {"KILL": 0, "TERM": 0})
    finished_first: int = 0  # runs that ended before the signal (not counted as kills)
    followups_failed: list[str] = field(default_factory=list)
    leftover_processes: int = 0
    leftover_temps: int = 0
    leftover_staging: int = 0
    bad_term_exits: list[str] = field(default_factory=list)
    seconds: float = 0.0
    killed_run_s: float = 0.0
    followup_s: float = 0.0
    error: BaseException | None = None


def run_rounds(
    tally: Tally, root: Path, args: list[str], env: dict[str, str],
    prepare: Callable[[int], dict[str, str]], started: Callable[[subprocess.Popen[str], str], bool],
    rng: random.Random, spread: float,
) -> None:
    """Kill ``args`` ROUNDS times per signal; after each, the same command must succeed."""
    began = time.monotonic()
    attempt = 0
    try:
        while min(tally.kills.values()) < ROUNDS and attempt < 6 * ROUNDS:
            sig = "KILL" if tally.kills["KILL"] <= tally.kills["TERM"] else "TERM"
            attempt += 1
            extra = prepare(attempt)
            tag = uuid.uuid4().hex
            t0 = time.monotonic()
            proc = cli(root, args, {**env, **extra, "TRILINGUAL_MATRIX_TAG": tag})
            if not started(proc, tag):
                proc.wait(60)
                tally.finished_first += 1
                continue
            time.sleep(rng.uniform(0, spread))
            if proc.poll() is not None:
                proc.wait()
                tally.finished_first += 1
                continue
            proc.send_signal(signal.SIGKILL if sig == "KILL" else signal.SIGTERM)
            try:
                _, err = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
                tally.bad_term_exits.append(f"still running 60 s after SIG{sig}: {err!r}")
            if proc.returncode == 0:  # the signal came as the run was exiting: it finished
                tally.finished_first += 1
                continue
            if sig == "TERM":
                lines = err.strip().splitlines()
                if proc.returncode != 143 or "Traceback" in err or lines[-1:] != [TERM_LINE]:
                    tally.bad_term_exits.append(f"exit {proc.returncode}: {err[-300:]!r}")
            tally.kills[sig] += 1
            t1 = time.monotonic()
            tally.killed_run_s += t1 - t0
            follow = cli(root, args, {**env, "TRILINGUAL_LOCK_TIMEOUT": "0"})
            _, err = follow.communicate(timeout=120)
            tally.followup_s += time.monotonic() - t1
            if follow.returncode != 0:
                tally.followups_failed.append(f"exit {follow.returncode}: {err[-300:]!r}")
            deadline = time.monotonic() + 2.0  # orphans would have been SIGKILLed already
            left = tagged(tag)
            while left and time.monotonic() < deadline:
                time.sleep(0.05)
                left = tagged(tag)
            tally.leftover_processes += len(left)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            temps, staging = debris(root)
            tally.leftover_temps += len(temps)
            tally.leftover_staging += len(staging)
    except BaseException as exc:  # reported by the main thread
        tally.error = exc
    tally.seconds = time.monotonic() - began


def descendants(pid: int) -> int:
    """How many processes descend from ``pid`` (children, grandchildren...)."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as handle:
                kids = [int(k) for k in handle.read().split()]
        except OSError:
            continue
        total += len(kids)
        todo.extend(kids)
    return total


def workers_at_least(count: int, timeout: float = 30.0) -> Callable[[subprocess.Popen[str], str],
                                                                     bool]:
    """Wait until the run has started ``count`` processes below it (its workers)."""
    def wait(proc: subprocess.Popen[str], tag: str) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            if descendants(proc.pid) >= count:
                return True
            time.sleep(0.02)
        return False
    return wait


@pytest.mark.slow
def test_kill_matrix(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    texts = articles(13)
    # extract -j 2: every round edits the articles, so there is real work to kill
    ex_root = tmp_path / "extract"  # eight articles
    make_project(ex_root, articles=dict(list(texts.items())[:8]))

    def edit(attempt: int) -> dict[str, str]:
        for slug in list(texts)[:8]:
            path = ex_root / "articles" / f"{slug}.md"
            path.write_text(path.read_text(encoding="utf-8") +
                            f"\nEdit number {attempt} of {slug} changes the catalog.\n",
                            encoding="utf-8")
        return {"TRILINGUAL_START_METHOD": "forkserver" if attempt % 2 else "fork"}

    # release: 13 articles x 3 languages (enough for 2 workers); every round forgets the manifest, so everything is rebuilt
    rel_root = tmp_path / "release"
    make_project(rel_root, articles=texts)

    def forget(attempt: int) -> dict[str, str]:
        for path in (rel_root / ".trilingual").glob("*.manifest"):
            path.unlink()
        return {}

    # translate: two articles against the fake DeepL; every round starts from the pristine
    # catalogs and an empty cache
    tr_root = tmp_path / "translate"
    make_project(tr_root, articles=dict(list(texts.items())[:2]),
                 translate=lambda lang, ctx, msgid: None)
    pristine = tmp_path / "translate-pristine"
    shutil.copytree(tr_root / "locales", pristine)
    server = FakeDeepL(key="matrix-key-0000:fx").start()
    assert server._server is not None  # a killed client resets its connection: not news
    server._server.handle_error = lambda request, address: None  # type: ignore[method-assign]
    server.delay = 0.02

    def reset(attempt: int) -> dict[str, str]:
        shutil.rmtree(tr_root / "locales")
        shutil.copytree(pristine, tr_root / "locales")
        for path in (tr_root / ".trilingual").glob("mt-cache*"):
            path.unlink()
        return {}

    def first_request(proc: subprocess.Popen[str], tag: str) -> bool:
        mark = len(server.requests)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if any(r.path == "/v2/translate" for r in server.requests[mark:]):
                return True
            time.sleep(0.02)
        return False

    deepl_env = {"DEEPL_AUTH_KEY": server.key, "DEEPL_SERVER_URL": server.url,
                 "TRILINGUAL_DEEPL_TIMEOUT": "30"}
    tallies = [Tally("extract -j 2"), Tally("release"), Tally("translate")]
    jobs = [
        (tallies[0], ex_root, ["extract", "-j", "2"], {}, edit, workers_at_least(2), 0.25),
        (tallies[1], rel_root, ["release"], {}, forget, workers_at_least(2), 0.4),
        (tallies[2], tr_root, ["translate", "--engine", "deepl", "--allow-partial"], deepl_env,
         reset, first_request, 0.5),
    ]
    threads = [
        threading.Thread(target=run_rounds, args=(t, root, args, env, prep, started,
                                                  random.Random(rng.random()), spread))
        for t, root, args, env, prep, started, spread in jobs
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.stop()
    for t in tallies:
        print(f"\n{t.command}: {t.kills['KILL']} SIGKILL + {t.kills['TERM']} SIGTERM rounds "
              f"({t.finished_first} runs ended before the signal) in {t.seconds:.0f} s; "
              f"follow-up failures {len(t.followups_failed)}, leftover processes "
              f"{t.leftover_processes}, temp files {t.leftover_temps}, staging folders "
              f"{t.leftover_staging}, bad SIGTERM exits {len(t.bad_term_exits)} "
              f"(killed runs {t.killed_run_s:.0f} s, follow-ups {t.followup_s:.0f} s)")
    for t in tallies:
        for bad in t.bad_term_exits + t.followups_failed:
            print(f"{t.command}: {bad}")
    for t in tallies:
        if t.error is not None:
            raise t.error
        assert t.kills["KILL"] >= ROUNDS and t.kills["TERM"] >= ROUNDS, t
        assert t.followups_failed == [], t.followups_failed[:3]
        assert t.bad_term_exits == [], t.bad_term_exits[:3]
        assert (t.leftover_processes, t.leftover_temps, t.leftover_staging) == (0, 0, 0), t
