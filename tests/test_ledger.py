"""The usage ledger survives a run killed mid-append: the torn line is skipped with a warning and
the next append starts on a line of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trilingual.cli import main
from trilingual.ledger import LEDGER_NAME, UsageRecord, append_usage, read_usage

FIRST = UsageRecord("2026-11-22T06:01:02Z-aaaa", "deepl", "ru", 3, 120)
SECOND = UsageRecord("2026-11-22T07:00:00Z-bbbb", "deepl", "be", 2, 80)


def _torn(state: Path) -> Path:
    """A ledger with one whole record and a second one cut off mid-line (no newline)."""
    append_usage(state, FIRST)
    path = state / LEDGER_NAME
    whole = json.dumps({"run": "2026-11-22T06:30:00Z-cccc", "engine": "deepl", "lang": "be",
                        "segments": 9, "chars": 999, "cached": 0})
    with path.open("ab") as handle:
        handle.write(whole[: len(whole) // 2].encode())
    return path


def test_a_torn_last_line_is_skipped_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / ".trilingual"
    _torn(state)
    assert read_usage(state) == [FIRST]
    err = capsys.readouterr().err
    assert ".trilingual/usage.jsonl:2: skipped a torn" in err


def test_an_append_after_a_torn_line_starts_on_a_new_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / ".trilingual"
    path = _torn(state)
    append_usage(state, SECOND)
    append_usage(state, FIRST)
    assert read_usage(state) == [FIRST, SECOND, FIRST]
    lines = path.read_bytes().split(b"\n")
    assert len(lines) == 5 and lines[-1] == b""  # whole, torn, second, first, end
    assert json.loads(lines[2]) == {"run": SECOND.run, "engine": "deepl", "lang": "be",
                                    "segments": 2, "chars": 80, "cached": 0}


def test_odd_lines_never_break_the_reader(tmp_path: Path) -> None:
    state = tmp_path / ".trilingual"
    state.mkdir()
    (state / LEDGER_NAME).write_bytes(
        b'[1, 2]\n"text"\n{"run": 1}\n\x00\x00\x00\n{"run": "r", "engine": "deepl", '
        b'"lang": "ru", "segments": "3", "chars": 1, "cached": 0}\n\xff\xfe\n'
        + json.dumps(FIRST.__dict__).encode() + b'\n{"run": "\xd0'
    )
    assert read_usage(state, warn=None) == [FIRST]


def test_usage_command_reads_a_torn_ledger(
    project_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = project_dir / ".trilingual"
    _torn(state)
    append_usage(state, SECOND)
    capsys.readouterr()
    assert main(["-C", str(project_dir), "usage"]) == 0
    captured = capsys.readouterr()
    total = captured.out.splitlines()[-1].split()
    assert total[0] == "total" and total[-1] == "200"
    assert len(captured.out.splitlines()) == 4  # header, two runs, total
    assert captured.err.count("skipped a torn") == 1
    assert "Traceback" not in captured.err
