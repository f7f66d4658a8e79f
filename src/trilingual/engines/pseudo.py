"""Pseudo-translation: accented, lengthened, deterministic, with placeholders and Markdown kept.

For testing layouts and the pipeline without cost: ``The vote`` becomes ``⟦Ŧĥé ṽöŧé···⟧``, so text
that escaped translation stands out, and ~30% extra length shows what a longer language does.
"""

from __future__ import annotations

from collections.abc import Sequence

from trilingual.engines.base import Engine, Request, Result, Suggestion
from trilingual.engines.markup import protect

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþʠŕšŧûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŦÛṼŴẊÝŽ",
)


def pseudo_text(text: str) -> str:
    """Accent the Latin letters of ``text``."""
    return text.translate(_ACCENTS)


def pseudo_translate(msgid: str) -> str:
    """Pseudo-translate a msgid, leaving markup and placeholders byte for byte."""
    out = []
    letters = 0
    for piece in protect(msgid, "text").pieces:
        if piece.role == "text":
            out.append(pseudo_text(piece.source))
            letters += sum(ch.isalpha() for ch in piece.source)
        else:
            out.append(piece.source)
    return "⟦" + "".join(out) + "·" * ((letters * 3 + 9) // 10) + "⟧"


class PseudoEngine(Engine):
    """``pseudo``: deterministic accented text for layout and pipeline tests (free, offline)."""

    id = "pseudo"
    description = "accented, lengthened pseudo-translation (free, offline)"
    max_batch = 1000
    max_bytes = 1 << 30

    def translate(self, batch: Sequence[Request], target: str) -> list[Result]:
        """Every request gets its pseudo-translation, scored 0 (never a real translation)."""
        self.check_language(target)
        return [Suggestion(pseudo_translate(r.msgid), 0, self.id) for r in batch]
