"""Every exit code the README's table lists is produced by a real run of the command line.

The table is read from README.md, so a code added there without a scenario here (or a scenario
whose command exits differently) fails this test: the README and the program cannot drift apart.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from fake_deepl import FakeDeepL
from trilingual.cli import main
from trilingual.lock import project_lock
from trilingual.po import write_po
from trilingual.project import Project

REPO = Path(__file__).resolve().parent.parent

ARTICLE = """---
title: A week in Minsk
date: 2024-08-28
---

Exports to China rose by 12% in 2023.

Potash moved by rail.
"""


def readme_codes() -> set[int]:
    """The codes of the README's exit-code table (``| 10 / 11 / 12 | ...`` gives three)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    codes: set[int] = set()
    for line in section.splitlines():
        match = re.match(r"\|\s*(\d+(?:\s*/\s*\d+)*)\s*\|", line)
        if match:
            codes.update(int(c) for c in match.group(1).split("/"))
    return codes


def cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trilingual.cli", "-C", str(root), *args],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "TRILINGUAL_LOCK_TIMEOUT": "0.3", **(env or {})},
    )


def make_project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    assert main(["init", str(root)]) == 0
    (root / "articles" / "week.md").write_text(ARTICLE, encoding="utf-8")
    assert main(["-C", str(root), "extract"]) == 0
    return root


def translate_all(root: Path, *, wrong_number: bool = False) -> None:
    """Review every be/ru entry by hand (optionally with a wrong number in one)."""
    words = {"A week in Minsk": "Тыдзень у Мінску",
             "Exports to China rose by 12% in 2023.": "Экспарт у Кітай вырас на 12 % у 2023 годзе.",
             "Potash moved by rail.": "Калій ехаў чыгункай."}
    ru = {"A week in Minsk": "Неделя в Минске",
          "Exports to China rose by 12% in 2023.": "Экспорт в Китай вырос на 12 % в 2023 году.",
          "Potash moved by rail.": "Калий шёл по железной дороге."}
    for lang, table in (("be", words), ("ru", ru)):
        path = root / f"locales/{lang}/LC_MESSAGES/week.po"
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = table[entry.msgid]
            if wrong_number and lang == "be" and "12%" in entry.msgid:
                entry.msgstr = entry.msgstr.replace("12 %", "21 %")
        write_po(path, po)  # trilingual's own layout: this test is about the codes


def _ok(root: Path) -> subprocess.CompletedProcess[str]:
    return cli(root, "stats")


def _usage(root: Path) -> subprocess.CompletedProcess[str]:
    return cli(root, "check", "--no-such-option")


def _config(root: Path) -> subprocess.CompletedProcess[str]:
    with (root / "trilingual.yaml").open("a", encoding="utf-8") as fh:
        fh.write("no_such_key: 1\n")
    return cli(root, "stats")


def _source(root: Path) -> subprocess.CompletedProcess[str]:
    (root / "articles" / "week.md").write_bytes(b"---\ntitle: x\xff\n---\n")
    return cli(root, "extract")


def _catalog(root: Path) -> subprocess.CompletedProcess[str]:
    po = root / "locales/be/LC_MESSAGES/week.po"
    po.write_text(po.read_text(encoding="utf-8") + "<<<<<<< HEAD\n", encoding="utf-8")
    return cli(root, "check")


def _engine(root: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DEEPL_AUTH_KEY"}
    return subprocess.run(
        [sys.executable, "-m", "trilingual.cli", "-C", str(root), "translate", "--engine", "deepl"],
        capture_output=True, text=True, timeout=120, env=env,
    )


def _lock(root: Path) -> subprocess.CompletedProcess[str]:
    with project_lock(Project.open(root)):  # another writer holds the project
        return cli(root, "extract")


def _release_blocked(root: Path) -> subprocess.CompletedProcess[str]:
    text = (root / "trilingual.yaml").read_text(encoding="utf-8")
    (root / "trilingual.yaml").write_text(text + "\nrelease:\n  incomplete: fail\n", encoding="utf-8")
    return cli(root, "release")


def _render_incomplete(root: Path) -> subprocess.CompletedProcess[str]:
    return cli(root, "render", "--lang", "be", "week")


def _outdated(root: Path) -> subprocess.CompletedProcess[str]:
    with (root / "articles" / "week.md").open("a", encoding="utf-8") as fh:
        fh.write("\nA new sentence was added.\n")
    return cli(root, "check")


def _qa_errors(root: Path) -> subprocess.CompletedProcess[str]:
    translate_all(root, wrong_number=True)
    return cli(root, "check")


def _incomplete(root: Path) -> subprocess.CompletedProcess[str]:
    return cli(root, "check")


def _signalled(root: Path, sig: signal.Signals) -> subprocess.CompletedProcess[str]:
    """``translate`` sent ``sig`` while its DeepL request hangs."""
    fake = FakeDeepL(key="exit-code-key-0000:fx").start()
    fake.delay = 30.0  # the request hangs until the signal
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "trilingual.cli", "-C", str(root), "translate", "--engine", "deepl"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "DEEPL_AUTH_KEY": fake.key, "DEEPL_SERVER_URL": fake.url},
        )
        deadline = time.monotonic() + 60
        while not fake.translate_requests() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fake.translate_requests(), "translate never reached the server"
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    finally:
        fake.delay = 0.0
        fake.stop()


def _interrupted(root: Path) -> subprocess.CompletedProcess[str]:
    return _signalled(root, signal.SIGINT)


def _partial(root: Path) -> subprocess.CompletedProcess[str]:
    with (root / "articles" / "week.md").open("a", encoding="utf-8") as fh:
        fh.write("\nSee [the data](https://example.org/data).\n")
    assert main(["-C", str(root), "extract"]) == 0
    fake = FakeDeepL(key="exit-code-key-0000:fx").start()
    # every draft loses its placeholders and tags
    fake.mangle = lambda text: re.sub(r"\{\d+\}|<[^>]*>", "", text)
    try:
        return cli(root, "translate", "--engine", "deepl",
                   env={"DEEPL_AUTH_KEY": fake.key, "DEEPL_SERVER_URL": fake.url})
    finally:
        fake.stop()


def _absorb_refused(root: Path) -> subprocess.CompletedProcess[str]:
    translate_all(root)
    out = root / "week.md"
    assert main(["-C", str(root), "render", "--lang", "be", "week", "-o", str(out)]) == 0
    out.write_text(out.read_text(encoding="utf-8") + "\nA paragraph the English lacks.\n",
                   encoding="utf-8")  # a new block: not an edit of a segment
    return cli(root, "absorb", "--lang", "be", str(out))


def _system(root: Path) -> subprocess.CompletedProcess[str]:
    (root / "notafolder").write_text("x", encoding="utf-8")
    return cli(root, "release", "--out", str(root / "notafolder" / "site"))  # the OS refuses


def _terminated(root: Path) -> subprocess.CompletedProcess[str]:
    return _signalled(root, signal.SIGTERM)


SCENARIOS: dict[int, Callable[[Path], subprocess.CompletedProcess[str]]] = {
    0: _ok, 2: _usage, 3: _config, 4: _source, 5: _catalog, 6: _engine, 7: _lock,
    8: _release_blocked, 9: _render_incomplete, 10: _outdated, 11: _qa_errors, 12: _incomplete,
    13: _partial, 14: _absorb_refused, 15: _system, 130: _interrupted, 143: _terminated,
}


def test_every_readme_code_has_a_scenario() -> None:
    codes = readme_codes()
    assert len(codes) >= 13
    assert codes == set(SCENARIOS), f"README lists {sorted(codes)}; scenarios {sorted(SCENARIOS)}"


@pytest.mark.parametrize(
    "code", [pytest.param(c, marks=pytest.mark.bad_po) if c == 5 else c for c in sorted(SCENARIOS)]
)
def test_exit_code(tmp_path: Path, code: int) -> None:
    root = make_project(tmp_path)
    proc = SCENARIOS[code](root)
    assert proc.returncode == code, proc.stderr
    if code not in (0, 2):
        # no traceback; the verdict or error is a line of its own
        assert "Traceback" not in proc.stderr
        assert proc.stderr.strip() or proc.stdout.strip(), "nothing said"
