"""Placeable adaptation: carry the new English's numbers, placeholders and names into a memory
match's translation (what CAT tools call auto-localizing placeables).

A memory match was translated for another English sentence. Where the two sentences differ in
*placeables* (numbers, ``{n}`` placeholders, glossary names), the stored translation holds the
old ones; :func:`adapt` finds each of them in the translation and writes the new one in its
place (numbers in the target language's format, names in the same glossary form: base form for
base form, the i-th listed inflection for the i-th). When a changed placeable cannot be placed
with certainty (it is missing from the translation, appears a different number of times, an
English one was added or dropped, or one old value becomes two new ones) the answer is None:
no suggestion rather than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from trilingual.glossary import Term
from trilingual.numeric import format_number

_PH = r"\{\d+\}"
_EN_NUM = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d)"
_TARGET_NUM_RE = re.compile(
    r"(?<![\d.,{])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\d}])"
)
_PH_RE = re.compile(_PH)
_SPACES = " \u00a0\u202f"


@dataclass(frozen=True)
class Placeable:
    """A number, placeholder or glossary term of an English sentence."""

    kind: str  # 'num' | 'ph' | 'term'
    text: str  # as written in the English
    term: int = -1  # index into the terms list for 'term'


@dataclass(frozen=True)
class Adapted:
    """A translation with the new placeables in place; ``changes`` lists (old, new) English."""

    text: str
    changes: tuple[tuple[str, str], ...] = ()

    def note(self) -> str:
        """``adapted: 2019→2021, {1}→{2}`` for the ``MT:`` provenance line ('' if unchanged)."""
        if not self.changes:
            return ""
        return "adapted: " + ", ".join(f"{old}→{new}" for old, new in self.changes)


@lru_cache(maxsize=64)
def _token_re(terms: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    term = rf"|(?P<term>(?<!\w)(?:{names})(?!\w))" if names else ""
    return re.compile(rf"(?P<ph>{_PH})|(?P<num>{_EN_NUM}){term}|(?P<word>\w+)", re.IGNORECASE)


def _tokens(text: str, terms: Sequence[Term]) -> list[str | Placeable]:
    """Words (lower case) and placeables of an English sentence, in order."""
    lowered = {t.en.lower(): i for i, t in enumerate(terms)}
    out: list[str | Placeable] = []
    for match in _token_re(tuple(t.en for t in terms)).finditer(text):
        if match.group("ph"):
            out.append(Placeable("ph", match.group(0)))
        elif match.group("num"):
            out.append(Placeable("num", match.group(0)))
        elif match.lastgroup == "term":
            out.append(Placeable("term", match.group(0), lowered[match.group(0).lower()]))
        else:
            out.append(match.group(0).lower())
    return out


def _skeleton(tokens: list[str | Placeable]) -> list[str]:
    return [t if isinstance(t, str) else "\0" + t.kind for t in tokens]


def _pairs(
    old: list[str | Placeable], new: list[str | Placeable]
) -> list[tuple[Placeable, Placeable]] | None:
    """Every placeable of ``old`` paired with one of ``new`` (None if they do not pair up)."""
    matcher = SequenceMatcher(None, _skeleton(old), _skeleton(new), autojunk=False)
    pairs: list[tuple[Placeable, Placeable]] = []
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        left = [t for t in old[i1:i2] if isinstance(t, Placeable)]
        right = [t for t in new[j1:j2] if isinstance(t, Placeable)]
        for kind in ("num", "ph", "term"):
            a = [t for t in left if t.kind == kind]
            b = [t for t in right if t.kind == kind]
            if len(a) != len(b):
                return None  # a placeable added or dropped: nothing to map it to
            pairs.extend(zip(a, b, strict=True))
    return pairs


def _value(text: str) -> Decimal | None:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return None


def _number_spans(translation: str, english: str) -> list[tuple[int, int]]:
    """Where the value of the English number ``english`` is written in ``translation``."""
    wanted = _value(english.replace(",", ""))
    spans = []
    for match in _TARGET_NUM_RE.finditer(translation):
        raw = re.sub(r"[ \u00a0\u202f]", "", match.group(1)).replace(",", ".")
        if wanted is not None and _value(raw) == wanted:
            spans.append(match.span(1))
    return spans


def _same_spacing(number: str, old: str) -> str:
    """``number`` grouped with the space the translator used in ``old`` (if any)."""
    space = next((c for c in old if c in _SPACES), None)
    if space is None:
        return number
    return "".join(space if c in _SPACES else c for c in number)


def _forms(term: Term, lang: str) -> list[str]:
    base = term.targets.get(lang)
    return [] if base is None else [base, *term.forms.get(lang, ())]


def _term_spans(translation: str, term: Term, lang: str) -> list[tuple[int, int, int]]:
    """(start, end, form index) of every form of ``term`` in ``translation``, longest first."""
    spans: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    forms = sorted(enumerate(_forms(term, lang)), key=lambda f: -len(f[1]))
    for index, form in forms:
        pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(translation):
            if not taken.intersection(range(*match.span())):
                spans.append((match.start(), match.end(), index))
                taken.update(range(*match.span()))
    return sorted(spans)


def adapt(
    old_source: str, new_source: str, translation: str, lang: str, terms: Sequence[Term] = ()
) -> Adapted | None:
    """``translation`` (of ``old_source``) with the placeables of ``new_source`` in place.

    ``Adapted(translation)`` when the placeables are the same; None when a changed one cannot
    be mapped with certainty.
    """
    old = _tokens(old_source, terms)
    new = _tokens(new_source, terms)
    pairs = _pairs(old, new)
    if pairs is None:
        return None
    mapping: dict[Placeable, Placeable] = {}
    for a, b in pairs:
        if mapping.setdefault(a, b) != b:
            return None  # one old value becomes two different new ones: which is which?
    changed = {a: b for a, b in mapping.items() if a.text != b.text}
    if not changed:
        return Adapted(translation)
    counts: dict[Placeable, int] = {}
    for token in old:
        if isinstance(token, Placeable):
            counts[token] = counts.get(token, 0) + 1
    masked = _PH_RE.sub(lambda m: "\0" * len(m.group(0)), translation)
    edits: list[tuple[int, int, str]] = []
    for a, b in changed.items():
        if a.kind == "ph":
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(a.text), translation)]
            replacements = [b.text] * len(spans)
        elif a.kind == "num":
            spans = _number_spans(masked, a.text)
            number = format_number(b.text, lang)
            replacements = [_same_spacing(number, translation[s:e]) for s, e in spans]
        else:
            found = _term_spans(translation, terms[a.term], lang)
            new_forms = _forms(terms[b.term], lang)
            if any(index >= len(new_forms) for _, _, index in found):
                return None  # the new name has no such inflected form in the glossary
            spans = [(s, e) for s, e, _ in found]
            replacements = [new_forms[index] for _, _, index in found]
        if len(spans) != counts[a]:
            return None  # missing, or written a different number of times: not certain
        edits.extend((s, e, r) for (s, e), r in zip(spans, replacements, strict=True))
    edits.sort()
    for (_, end, _), (start, _, _) in pairwise(edits):
        if start < end:
            return None
    out = []
    pos = 0
    for start, end, text in edits:
        out.append(translation[pos:start])
        out.append(text)
        pos = end
    out.append(translation[pos:])
    changes = tuple(sorted((a.text, b.text) for a, b in changed.items()))
    return Adapted("".join(out), changes)


def placeables(text: str, terms: Sequence[Term] = ()) -> dict[str, list[str]]:
    """The numbers ('num'), placeholders ('ph') and glossary names ('term', as the glossary
    spells them) of an English sentence, in order."""
    out: dict[str, list[str]] = {}
    for token in _tokens(text, terms):
        if isinstance(token, Placeable):
            value = terms[token.term].en if token.kind == "term" else token.text
            out.setdefault(token.kind, []).append(value)
    return out
