"""QA as part of publishing: which QA issues keep a reviewed translation out of a release.

``release.qa`` says what blocks: ``errors`` (default) the error-level issues, ``warnings`` every
issue, ``off`` none. The issues themselves come from :func:`trilingual.gate.article_issues`, the
function ``trilingual check`` runs, so the release and the gate can never disagree on what a QA
error is. A blocked article x language is treated like an incomplete one by
``release.incomplete`` (``omit``: a notice and a warning naming the issues; ``fail``: exit 8).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from trilingual.project import Project

if TYPE_CHECKING:
    from trilingual.checks import Check, Issue, PairCheck
    from trilingual.checks.base import Severity

QA_MODES = ("errors", "warnings", "off")


def blocks(issue: Issue, mode: str) -> bool:
    """Whether ``issue`` keeps its translation out of the release under ``mode``."""
    return severity_blocks(issue.severity, mode)


def severity_blocks(severity: Severity, mode: str) -> bool:
    """Whether an issue of ``severity`` keeps its translation out under ``mode``: a check
    whose issues never do is not run by the release at all (the spelling check's dictionaries
    cost a second and 200 MB to load)."""
    if mode == "off":
        return False
    return mode == "warnings" or severity == "error"


def format_blocking(issue: Issue) -> str:
    """``file:line: [check-id] severity: message`` (the first line ``check`` prints)."""
    return f"{issue.location()}: [{issue.check}] {issue.severity}: {issue.message}"


class ReleaseQA:
    """The project's checks, built once per release (and inherited by forked workers)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.mode = project.config.release_qa
        self._checks: tuple[list[Check], list[PairCheck]] | None = None

    def article(self, slug: str, langs: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """Per target language, the issues that block ``slug`` there (empty when none)."""
        if self.mode == "off":
            return {lang: () for lang in langs}
        from trilingual import gate
        from trilingual import po as pofile

        if self._checks is None:
            checks, pair_checks = gate.project_checks(self.project)
            self._checks = (
                [c for c in checks if severity_blocks(c.reported_severity(), self.mode)],
                [c for c in pair_checks if severity_blocks(c.reported_severity(), self.mode)],
            )
        loaded = {}
        for lang in langs:
            path = self.project.po_path(lang, slug)
            if path.exists():
                rel = self.project.relpath(path)
                loaded[lang] = (pofile.read_po(path, rel), rel)
        found = gate.article_issues(loaded, *self._checks, include_fuzzy=False)
        return {lang: tuple(format_blocking(i) for i in found.get(lang, ())
                            if blocks(i, self.mode))
                for lang in langs}
