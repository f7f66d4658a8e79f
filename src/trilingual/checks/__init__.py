"""QA checks: an explicit, ordered registry of small classes (Weblate's pattern).

Every check has a kebab-case ``id``, a ``severity`` ('error' fails the release gate, 'warning'
is reported), a one-line ``description`` and the ``languages`` it applies to (None: all). A
translator silences one check on one entry with the PO flag ``#, ignore-<id>``; a project turns
checks off with ``check.disable`` in ``trilingual.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable

from trilingual.checks.base import (
    Check,
    CheckContext,
    Issue,
    PairCheck,
    Severity,
    is_ignored,
)
from trilingual.checks.completeness import SameAsSourceCheck
from trilingual.checks.consistency import CrossLanguageCheck
from trilingual.checks.dates import DateCheck
from trilingual.checks.forbidden import ForbiddenTermCheck
from trilingual.checks.markup import LinkCheck, MarkupCheck, PlaceholderCheck
from trilingual.checks.meaning import NegationCheck, TruncationCheck
from trilingual.checks.numbers import NumberCheck
from trilingual.checks.safety import ControlCharCheck, HiddenCharCheck, UnsafeLinkCheck
from trilingual.checks.script import (
    ApostropheCheck,
    ForeignLettersCheck,
    LatinLookalikeCheck,
    ShortUCheck,
)
from trilingual.checks.spelling import SpellingCheck
from trilingual.checks.terms import TerminologyCheck
from trilingual.checks.typography import EndPunctuationCheck, QuotesCheck, SpacesCheck
from trilingual.errors import ConfigError

#: Per-entry checks, in the order their issues are reported.
CHECKS: tuple[type[Check], ...] = (
    PlaceholderCheck,
    MarkupCheck,
    LinkCheck,
    NumberCheck,
    DateCheck,
    LatinLookalikeCheck,
    ForeignLettersCheck,
    ApostropheCheck,
    ShortUCheck,
    QuotesCheck,
    SpacesCheck,
    EndPunctuationCheck,
    SameAsSourceCheck,
    TerminologyCheck,
    ForbiddenTermCheck,
    UnsafeLinkCheck,
    ControlCharCheck,
    HiddenCharCheck,
    TruncationCheck,
    NegationCheck,
    SpellingCheck,
)

#: Checks over the translations of one msgid into every language.
PAIR_CHECKS: tuple[type[PairCheck], ...] = (CrossLanguageCheck,)

ALL_IDS: tuple[str, ...] = tuple(c.id for c in CHECKS) + tuple(c.id for c in PAIR_CHECKS)


def validate_ids(ids: Iterable[str], *, origin: str = "check.disable") -> None:
    """Raise ConfigError naming the first id that is not a registered check."""
    for check_id in ids:
        if check_id not in ALL_IDS:
            raise ConfigError(
                f"{origin}: unknown check id {check_id!r} (known: {', '.join(ALL_IDS)})"
            )


def build_checks(
    context: CheckContext | None = None, disable: Iterable[str] = ()
) -> tuple[list[Check], list[PairCheck]]:
    """Instances of every enabled check, in registry order."""
    disabled = set(disable)
    validate_ids(disabled)
    context = context or CheckContext()
    if context.spelling == "off":
        disabled.add(SpellingCheck.id)
    return (
        [cls(context) for cls in CHECKS if cls.id not in disabled],
        [cls(context) for cls in PAIR_CHECKS if cls.id not in disabled],
    )


__all__ = [
    "ALL_IDS",
    "CHECKS",
    "PAIR_CHECKS",
    "Check",
    "CheckContext",
    "Issue",
    "PairCheck",
    "Severity",
    "build_checks",
    "is_ignored",
    "validate_ids",
]
