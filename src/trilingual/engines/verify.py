"""Verification of machine drafts: the QA checks translators see, run before a draft is written.

Every draft of a machine-translation engine (``llm``, ``deepl``: the paid ones) goes through the
placeholder, markup, link, number, Latin-look-alike, foreign-letter and terminology checks of
:mod:`trilingual.checks` (the same classes ``trilingual check`` runs, so one rule lives in one
place). A draft with any finding is not written: the ``llm`` engine sends it back once with the
findings, the workflow then offers it to the next engine of the chain, and what no engine gets
right stays empty with its reasons in the run's notices. The memory (reviewed human text) and
``pseudo`` (layout testing) are not verified.

Checks turned off with ``check.disable`` are not run here either.
"""

from __future__ import annotations

from collections.abc import Iterable

from trilingual.checks import CHECKS, Check, CheckContext
from trilingual.engines.base import Engine
from trilingual.glossary import Glossary

#: the checks a draft must pass, by id (registry order is kept)
VERIFY_IDS: tuple[str, ...] = (
    "placeholders",
    "markup",
    "links",
    "numbers",
    "latin-lookalike",
    "foreign-letters",
    "terminology",
)


class Verifier:
    """The verification checks of one project, built once per run."""

    def __init__(self, glossary: Glossary, disable: Iterable[str] = ()) -> None:
        off = set(disable)
        context = CheckContext(glossary=glossary)
        self.checks: list[Check] = [
            cls(context) for cls in CHECKS if cls.id in VERIFY_IDS and cls.id not in off
        ]

    def problems(self, source: str, draft: str, lang: str) -> list[str]:
        """``<check id>: <message>`` for everything wrong with ``draft`` (empty: it passes)."""
        if not draft.strip():
            return ["empty draft"]
        return [
            f"{issue.check}: {issue.message}"
            for check in self.checks
            for issue in check.check(source, draft, lang)
        ]


def verifies(engine: Engine) -> bool:
    """Whether ``engine``'s drafts are verified: those of machine translation (paid) engines."""
    return engine.billable
