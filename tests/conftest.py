"""Shared fixtures. Every PO file a test leaves in its tmp_path is validated by GNU ``msgfmt -c``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

# The spylls 0.1.7 wheel installs a top-level "tests" package of its own; "tests" (as in
# "from tests.test_fuzz import ...") must be this folder.
_TESTS = types.ModuleType("tests")
_TESTS.__path__ = [str(Path(__file__).resolve().parent)]
sys.modules["tests"] = _TESTS

MSGFMT = shutil.which("msgfmt")
REPO = Path(__file__).resolve().parent.parent


def msgfmt_check(path: Path) -> None:
    """Fail the test when GNU msgfmt -c rejects ``path``."""
    if MSGFMT is None:
        pytest.fail("GNU gettext (msgfmt) is not installed; .ci/run installs it")
    proc = subprocess.run(
        [MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 0, f"msgfmt -c rejected {path}:\n{proc.stderr}"


@pytest.fixture(autouse=True)
def _msgfmt_every_written_po(request: pytest.FixtureRequest) -> Iterator[None]:
    if "tmp_path" not in request.fixturenames or request.node.get_closest_marker("bad_po"):
        yield
        return
    tmp: Path = request.getfixturevalue("tmp_path")
    yield
    for po in tmp.rglob("*.po"):
        if "bad" in po.parts or po.name.startswith("bad"):
            continue
        msgfmt_check(po)


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A fresh project made by ``trilingual init``."""
    from trilingual.cli import main

    root = tmp_path / "proj"
    assert main(["init", str(root)]) == 0
    return root
