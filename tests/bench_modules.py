"""The benchmark's scripts as modules for the tests (``bench/`` is not a package).

(No tests here; several test modules load ``bench/generate.py`` or ``bench/translator_day.py``
and share one loaded copy.)
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load_bench(stem: str) -> ModuleType:
    """``bench/<stem>.py``, loaded once per process as the module ``bench_<stem>`` (registered
    in ``sys.modules`` before it runs, as its dataclasses need)."""
    name = f"bench_{stem}"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{stem}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module
