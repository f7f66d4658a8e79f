"""Terminology from ``glossary.yaml``: when the English term occurs, its Belarusian or Russian
equivalent must occur too, in any inflected form, or exactly when the glossary says the term
does not inflect (``inflect: false``: Russian indeclinable surnames in -ко, Гродно).

The matching rule lives in :mod:`trilingual.glossary` (:func:`missing_terms`), shared with the
glossary warnings of ``translate``.
"""

from __future__ import annotations

import polib

from trilingual.checks.base import Check
from trilingual.glossary import describe_missing, matches_form, missing_terms, stem, term_present

__all__ = ["TerminologyCheck", "matches_form", "stem", "term_present"]


class TerminologyCheck(Check):
    """Glossary terms are translated with the glossary's equivalent."""

    id = "terminology"
    severity = "warning"
    description = (
        "when a glossary term occurs in the source, its be/ru equivalent occurs (any inflected "
        "form; only the listed forms for terms with inflect: false)"
    )

    def find(self, source: str, translation: str, lang: str, entry: polib.POEntry) -> list[str]:
        return [f"glossary: {describe_missing(term, lang)}"
                for term in missing_terms(self.context.glossary, lang, source, translation)]
