"""What a ``translate`` run was asked to do and what it reports: rows, notices, progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LEFT_NO_SUGGESTION = "no suggestion"  # why an entry was left empty (the run's summary)
LEFT_REJECTED = "draft failed verification"


@dataclass(frozen=True)
class TranslateOptions:
    """What ``trilingual translate`` was asked to do."""

    engines: tuple[str, ...] | None = None  # None: the configured chain
    languages: tuple[str, ...] | None = None  # None: every configured language
    slugs: tuple[str, ...] | None = None  # None: every article
    dry_run: bool = False
    refresh_fuzzy: bool = False


@dataclass(frozen=True)
class Notice:
    """Something a translator should look at, located in a catalog."""

    path: str
    line: int
    level: str  # 'warning' | 'error'
    message: str
    key: tuple[str | None, str] | None = field(default=None, compare=False)  # the entry's

    def format(self) -> str:
        """``file:line: level: message``."""
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


@dataclass
class PlanRow:
    """Per language, article and engine: what was (or, in a dry run, would be) done."""

    lang: str
    slug: str
    engine: str
    filled: int = 0  # entries that received a suggestion
    sent: int = 0  # segments sent to a paid engine (after cache and de-duplication)
    chars: int = 0  # characters billed (estimated in a dry run)
    cached: int = 0  # segments answered by the cache
    tokens: int = 0  # tokens billed by engines billed per token (estimated in a dry run)


@dataclass
class TranslateReport:
    """Outcome of a run."""

    run: str
    dry_run: bool
    rows: dict[tuple[str, str, str], PlanRow] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    # entries left empty per (lang, reason): 'no suggestion' | 'draft failed verification'
    left: dict[tuple[str, str], int] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # catalogs left alone (one line each)

    def row(self, lang: str, slug: str, engine: str) -> PlanRow:
        """The row of (lang, slug, engine), created on first use."""
        key = (lang, slug, engine)
        if key not in self.rows:
            self.rows[key] = PlanRow(lang, slug, engine)
        return self.rows[key]

    @property
    def chars(self) -> int:
        """Characters billed (or to be billed) in this run."""
        return sum(r.chars for r in self.rows.values())

    @property
    def tokens(self) -> int:
        """Tokens billed (or to be billed) in this run."""
        return sum(r.tokens for r in self.rows.values())

    @property
    def sent(self) -> int:
        """Segments sent (or to be sent) to paid engines."""
        return sum(r.sent for r in self.rows.values())

    @property
    def filled(self) -> int:
        """Entries that received a suggestion."""
        return sum(r.filled for r in self.rows.values())


class Progress:
    """Progress callbacks of a run; the base class ignores them (library use, tests)."""

    def start(self, lang: str, engine: str, segments: int, chars: int) -> None:
        """A paid engine is about to send ``segments`` texts into ``lang``."""

    def advance(self, segments: int, chars: int) -> None:
        """A batch is finished and saved."""

    def log(self, message: str) -> None:
        """A one-line event worth telling the user."""

    def finish(self) -> None:
        """The engine is done with the language."""
