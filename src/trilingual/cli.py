"""The ``trilingual`` command: a thin shell over the library's workflow functions.

Each subcommand lives in ``trilingual.commands.<name>`` and exposes ``register(subparsers)``
(which sets ``func``) and a ``run(project, args) -> int``. Errors of the TrilingualError tree
become one line on stderr and their exit code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

from trilingual import __version__
from trilingual.errors import TrilingualError
from trilingual.project import Project

COMMANDS = (
    "init", "extract", "render", "translate", "usage", "check", "stats", "release", "review",
    "absorb", "tm", "glossary", "xliff",
)


def _command_word(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (``None`` if there is none or it is not known)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in ("--project", "-C"):
            skip = True
        elif token == "--":
            return None
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every available subcommand (or just ``only``).

    Registering one subcommand imports one command module: a run of ``extract`` does not pay
    for importing the DeepL client, Jinja2 and the release code.
    """
    parser = argparse.ArgumentParser(
        prog="trilingual",
        description="English Markdown to Belarusian and Russian through gettext catalogs.",
    )
    parser.add_argument("--version", action="version", version=f"trilingual {__version__}")
    parser.add_argument(
        "--project", "-C", metavar="DIR", default=".",
        help="project folder (holding trilingual.yaml); default: the current folder",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS if only is None else (only,):
        module_name = f"trilingual.commands.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    # A run over an archive allocates millions of small containers (entries, tuples, events)
    # that reference counting frees; at the default threshold (700 allocations) the cycle
    # collector would sweep the growing heap thousands of times for nothing (5% of extract).
    gc.set_threshold(50_000, 20, 20)
    parser = build_parser(_command_word(words))
    args = parser.parse_args(words)
    try:
        needs_project = getattr(args, "needs_project", True)
        project = Project.open(Path(args.project)) if needs_project else None
        code: int = args.func(project, args)
        sys.stdout.flush()  # a closed pipe shows here, not as "Exception ignored" at exit
    except TrilingualError as error:
        print(f"trilingual: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("trilingual: interrupted; finished work was saved", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout closed early (`trilingual stats | head -1`): stop quietly, as a shell command
        # killed by SIGPIPE does (128 + 13); stdout goes to /dev/null so that the interpreter's
        # last flush of what is still buffered finds no broken pipe either
        import os

        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass
        return 141
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
