"""The ``trilingual`` command: a thin shell over the library's workflow functions.

Each subcommand lives in ``trilingual.commands.<name>`` and exposes ``register(subparsers)``
(which sets ``func``) and a ``run(project, args) -> int``. Errors of the TrilingualError tree
become one line on stderr and their exit code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import importlib.util
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from trilingual import __version__
from trilingual.errors import Terminated, TrilingualError, system_failure
from trilingual.project import Project
from trilingual.safety import EscapingStream

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
    command = _command_word(words)
    parser = build_parser(command)
    args = parser.parse_args(words)
    streams = sys.stdout, sys.stderr
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    # every message goes through one escaping (control and bidi characters shown as \x1b...);
    # `render` prints a document on stdout: data, left as it is
    sys.stderr = EscapingStream(sys.stderr)
    if command != "render":
        sys.stdout = EscapingStream(sys.stdout)
    try:
        code = _run(args)
    finally:
        sys.stdout, sys.stderr = streams
        if main_thread:
            # called as the program (no argv): the work is done and the exit code known, so a
            # SIGTERM from now on changes nothing (rather than killing the exit with -15)
            signal.signal(signal.SIGTERM, signal.SIG_IGN if argv is None else previous)
    if argv is None and code in (130, 143):
        # interrupted, finished work saved: leave now, rather than wait at exit for the
        # threads of a stopped worker pool (a killed worker can leave them waiting for ever)
        import os

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    return code


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM: stop like Ctrl-C (once; a second SIGTERM during the clean-up is ignored)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated()


def _run(args: argparse.Namespace) -> int:
    try:
        needs_project = getattr(args, "needs_project", True)
        project = Project.open(Path(args.project)) if needs_project else None
        code: int = args.func(project, args)
        sys.stdout.flush()  # a closed pipe shows here, not as "Exception ignored" at exit
    except TrilingualError as error:
        print(f"trilingual: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt as stop:
        if isinstance(stop, Terminated):
            print("trilingual: terminated (SIGTERM); finished work was saved", file=sys.stderr)
            return 143
        print("trilingual: interrupted; finished work was saved", file=sys.stderr)
        return 130
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            return _broken_pipe()
        failure = system_failure(exc)
        print(f"trilingual: error: {failure}", file=sys.stderr)
        return failure.exit_code
    except Exception as exc:
        sqlite3 = sys.modules.get("sqlite3")  # the MT cache: disk full, read-only database
        if sqlite3 is None or not isinstance(exc, sqlite3.OperationalError):
            raise
        print(f"trilingual: error: .trilingual: {exc}", file=sys.stderr)
        return 13
    return code


def _broken_pipe() -> int:
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
