"""The ``translate`` workflow: fill empty entries from a chain of engines, never paying twice.

For each language, the entries to fill (empty ones; with ``refresh_fuzzy`` also stale fuzzy
machine output) go through the configured engines in order; the first suggestion wins. Every
suggestion is written fuzzy with a translator comment ``MT: <engine> <date> score=<n>
src=<hash>`` (``src`` is a digest of the msgid the suggestion was made for), except memory exact
matches the config accepts as reviewed.

A machine draft (of a paid engine) is written only when it passes the verification checks
(:mod:`trilingual.engines.verify`); otherwise the entry goes on to the next engine, and an entry
no engine filled is reported with every engine's reasons.

The package, by concern:

- :mod:`.report`: what a run was asked (``TranslateOptions``) and what it reports
  (``TranslateReport``, ``PlanRow``, ``Notice``, ``Progress``);
- :mod:`.runsave`: the run's catalogs, read and validated before anything is sent, saved
  guarded every :data:`~.runsave.SAVE_INTERVAL` seconds and at the end;
- :mod:`.memory`: the memory engine's reviewed entries, gathered by that validation pass;
- :mod:`.plan`: what to send, with what context (paragraph, placeholders);
- :mod:`.run`: the engine chain over the plan; paid engines go through
  :class:`trilingual.engines.dispatch.PaidDispatch` (cache, de-duplication, batching, billing
  and usage ledger, in the engine layer).

A run takes the project lock first, then reads and validates every catalog it will touch before
any engine is called or any file is written: a broken catalog stops the run with nothing
changed. That pass keeps only what the run needs: the catalogs with entries to fill, and for the
memory the (msgctxt, msgid, msgstr) of reviewed entries, so a run over thousands of catalogs
holds a few hundred of them, not all.
"""

from __future__ import annotations

from trilingual.translate.report import (
    LEFT_NO_SUGGESTION,
    LEFT_REJECTED,
    Notice,
    PlanRow,
    Progress,
    TranslateOptions,
    TranslateReport,
)
from trilingual.translate.run import translate_project
from trilingual.translate.runsave import SAVE_INTERVAL, SAVE_SHARE

__all__ = [
    "LEFT_NO_SUGGESTION",
    "LEFT_REJECTED",
    "SAVE_INTERVAL",
    "SAVE_SHARE",
    "Notice",
    "PlanRow",
    "Progress",
    "TranslateOptions",
    "TranslateReport",
    "translate_project",
]
