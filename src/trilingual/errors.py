"""The one exception tree of trilingual; each class knows its process exit code.

Anything that is not a ``TrilingualError`` is a bug and surfaces with a traceback.
"""

from __future__ import annotations

from pathlib import Path


class TrilingualError(Exception):
    """Root of every expected failure. ``str(error)`` is the one-line message shown to users."""

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(self.format())

    def format(self) -> str:
        """``file:line: message`` (or ``file: message``, or just the message)."""
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class UsageError(TrilingualError):
    """The command line or its arguments are wrong (unknown article, bad language...)."""

    exit_code = 2


class ConfigError(TrilingualError):
    """``trilingual.yaml`` or ``glossary.yaml`` is missing, malformed or inconsistent."""

    exit_code = 3


class SourceError(TrilingualError):
    """An English article cannot be read: bad UTF-8, bad front matter, unsafe path."""

    exit_code = 4


class CatalogError(TrilingualError):
    """A PO/POT file cannot be read or trusted: syntax error, conflict markers, bad header."""

    exit_code = 5


class InterchangeError(CatalogError):
    """A TMX, TBX or XLIFF file cannot be read or trusted (same exit code as a bad catalog)."""


class EngineError(TrilingualError):
    """A machine-translation engine failed (auth, quota, network, unsupported language)."""

    exit_code = 6


class LockError(TrilingualError):
    """Another trilingual process holds the project lock."""

    exit_code = 7


class ReleaseBlocked(TrilingualError):
    """The publishing policy forbids the release (missing or unreviewed translations)."""

    exit_code = 8


class IncompleteTranslation(TrilingualError):
    """A render needed translations that are missing or fuzzy."""

    exit_code = 9


class AbsorbRefused(TrilingualError):
    """An edit of translated Markdown cannot be mapped back to its catalog entries."""

    exit_code = 14


class ChecksFailed(TrilingualError):
    """``trilingual check`` verdict; the subclass says which gate failed."""

    exit_code = 10


class CatalogsOutdated(ChecksFailed):
    """Catalogs are out of date with the English sources (run ``trilingual extract``)."""

    exit_code = 10


class QAErrors(ChecksFailed):
    """At least one error-level QA issue."""

    exit_code = 11


class TranslationsIncomplete(ChecksFailed):
    """Entries untranslated or fuzzy where the policy requires them reviewed."""

    exit_code = 12


class PartialTranslation(TrilingualError):
    """``translate`` left entries empty because their drafts failed verification."""

    exit_code = 13


class EngineAnswerLost(EngineError):
    """A paid engine may have processed (and billed) a request whose answer is lost or unusable
    (a timeout after sending, a malformed, short, null or empty answer). ``chars`` is what the
    attempt is assumed to have cost (the engine's own count when it reported one), so that the
    usage ledger counts it; nothing of the answer is used or cached."""

    def __init__(self, message: str, *, chars: int = 0, segments: int = 0) -> None:
        super().__init__(message)
        self.chars = chars
        self.segments = segments


class SystemFailure(TrilingualError):
    """The operating system refused an operation: disk full, permission denied, read-only file
    system, too many open files... The message names the file and the reason."""

    exit_code = 15


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI runner cancelling the job): handled like Ctrl-C, exit 143 (128 + 15).

    A ``KeyboardInterrupt`` so that every path that already stops cleanly on Ctrl-C (finished
    work saved, temp files removed, worker processes stopped) does the same on SIGTERM."""


_OS_REASONS = {
    "ENOSPC": "disk full",
    "EDQUOT": "disk quota exceeded",
    "EACCES": "permission denied",
    "EPERM": "operation not permitted (immutable or protected file?)",
    "EROFS": "read-only file system",
    "EMFILE": "too many open files (raise 'ulimit -n')",
    "ENFILE": "too many open files in the system",
    "EIO": "input/output error (failing disk?)",
    "ENAMETOOLONG": "file name too long",
    "ENOTDIR": "a path component is not a folder",
    "EISDIR": "is a folder",
    "ENOENT": "no such file or folder",
    "EXDEV": "cannot move across file systems",
    "ENOMEM": "out of memory",
}


def system_failure(exc: OSError) -> SystemFailure:
    """The one-line error (exit 15) for an OS failure: what failed, on which file, and why."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    reason = _OS_REASONS.get(name) or (exc.strerror or type(exc).__name__).lower()
    # a failed rename names its target: the file the user knows (the source is a temp file)
    where = exc.filename2 if exc.filename2 is not None else exc.filename
    detail = f"{reason} ({name})" if name else reason
    return SystemFailure(detail, path=None if where is None else str(where))
