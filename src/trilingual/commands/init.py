"""``trilingual init DIR``: create an empty project."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from trilingual.config import CONFIG_NAME, DEFAULT_CONFIG_TEXT
from trilingual.errors import UsageError
from trilingual.fsutil import write_atomic

_GLOSSARY = "# Terminology: English term -> be/ru equivalents (see the README)\nterms: []\n"
_GITIGNORE = ".trilingual/\ndist/\n"


def register(sub: Any) -> None:
    """Add the ``init`` subcommand."""
    parser = sub.add_parser("init", help="create a new, empty trilingual project in DIR")
    parser.add_argument("directory", metavar="DIR", help="folder to create or fill")
    parser.set_defaults(func=run, needs_project=False)


def init_project(root: Path, languages: tuple[str, ...] = ("be", "ru")) -> Path:
    """Create ``trilingual.yaml``, ``glossary.yaml``, ``articles/`` and ``locales/`` under root."""
    config = root / CONFIG_NAME
    if config.exists():
        raise UsageError(f"{config} already exists; not overwriting a project")
    root.mkdir(parents=True, exist_ok=True)
    (root / "articles").mkdir(exist_ok=True)
    (root / "locales" / "templates").mkdir(parents=True, exist_ok=True)
    for lang in languages:
        (root / "locales" / lang / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    write_atomic(config, DEFAULT_CONFIG_TEXT)
    if not (root / "glossary.yaml").exists():
        write_atomic(root / "glossary.yaml", _GLOSSARY)
    if not (root / ".gitignore").exists():
        write_atomic(root / ".gitignore", _GITIGNORE)
    return config


def run(project: object, args: argparse.Namespace) -> int:
    """Create the project and say what to do next."""
    root = Path(args.directory)
    init_project(root)
    print(f"created a trilingual project in {root}")
    print("next: add articles/<slug>.md, then run 'trilingual extract'")
    return 0
