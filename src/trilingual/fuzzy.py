"""Indexed fuzzy lookup of similar sentences: a word inverted index picks candidates, RapidFuzz
scores them. Used by catalog updates (closest old msgid) and by the translation memory.

Brute force over every stored text is O(n) per query; picking candidates by their rarest shared
words first keeps lookups fast on 100k entries (see FACTS.md, "Translation-memory lookup";
``bench/tm_lookup.py`` measures it). Two cheap filters come before scoring:

- a length window: ``fuzz.ratio`` can reach ``cutoff`` only when the shorter text is at least
  ``cutoff / (200 - cutoff)`` of the longer one, so texts outside it are never scored;
- shared-word counting runs in numpy (``bincount`` over posting arrays) when numpy is
  installed, and in a Counter otherwise (same candidates, slower on big indexes).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz, process


@functools.cache
def _numpy() -> Any:
    """numpy if installed (an optional accelerator of the counting step), else ``None``.

    Imported on first use by a big index only: it costs about 0.1 s, which a command that
    never builds one (extract, release) should not pay.
    """
    try:
        import numpy
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return numpy

_WORD_RE = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lowercased word tokens of ``text``."""
    return _WORD_RE.findall(text.lower())


def _length_window(length: int, cutoff: float) -> tuple[float, float]:
    """Lengths a text may have and still reach ``cutoff`` in ``fuzz.ratio`` against ``length``."""
    if cutoff <= 0:
        return 0.0, float("inf")
    if cutoff >= 200:
        return float(length), float(length)
    low = cutoff * length / (200 - cutoff)
    high = length * (200 - cutoff) / cutoff
    return low - 1e-6, high + 1e-6


class FuzzyIndex:
    """Best-match search over a fixed list of texts.

    ``rare_words`` query words with the fewest postings select candidates; the ``max_candidates``
    with most shared words are scored with ``fuzz.ratio`` (0-100).
    """

    def __init__(
        self, texts: Sequence[str], *, rare_words: int = 8, max_candidates: int = 600
    ) -> None:
        self.texts = list(texts)
        self.rare_words = rare_words
        self.max_candidates = max_candidates
        postings: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(self.texts):
            for word in set(words(text)):
                postings[word].append(i)
        self._postings: dict[str, Any] = dict(postings)
        self._lengths: Any = [len(t) for t in self.texts]
        np = _numpy() if len(self.texts) > max_candidates else None
        self._np: Any = np
        if np is not None:
            self._postings = {w: np.asarray(ids, dtype=np.int32) for w, ids in postings.items()}
            self._lengths = np.asarray(self._lengths, dtype=np.int32)

    def __len__(self) -> int:
        return len(self.texts)

    def _candidates(self, query: str, cutoff: float = 0.0) -> list[int]:
        query_words = [w for w in set(words(query)) if w in self._postings]
        if not query_words:
            return []
        query_words.sort(key=lambda w: (len(self._postings[w]), w))
        chosen = query_words[: self.rare_words]
        low, high = _length_window(len(query), cutoff)
        if not isinstance(self._lengths, list):
            return self._candidates_np(chosen, low, high)
        counts: Counter[int] = Counter()
        for word in chosen:
            counts.update(self._postings[word])
        lengths = self._lengths
        ranked = sorted(
            (i for i in counts if low <= lengths[i] <= high), key=lambda i: (-counts[i], i)
        )
        return sorted(ranked[: self.max_candidates])

    def _candidates_np(self, chosen: list[str], low: float, high: float) -> list[int]:
        np = self._np
        ids = np.concatenate([self._postings[w] for w in chosen])
        lengths = self._lengths[ids]
        ids = ids[(lengths >= low) & (lengths <= high)]
        hits, counts = np.unique(ids, return_counts=True)
        if len(hits) > self.max_candidates:
            # most shared words first, ties by index (document order), as the Counter path
            keys = counts.astype(np.int64) * (len(self.texts) + 1) - hits
            top = np.argpartition(-keys, self.max_candidates - 1)[: self.max_candidates]
            hits = np.sort(hits[top])
        return [int(i) for i in hits]

    def top(self, query: str, *, limit: int = 5, cutoff: float = 0.0) -> list[tuple[int, float]]:
        """Up to ``limit`` (index, score) pairs with score >= ``cutoff``, best first."""
        if len(self.texts) <= self.max_candidates:
            ids = list(range(len(self.texts)))
        else:
            ids = self._candidates(query, cutoff)
        if not ids:
            return []
        choices = [self.texts[i] for i in ids]
        if limit == 1:
            # extractOne keeps the first of equal scores: ids are ascending, so the earliest
            one = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
            return [] if one is None else [(ids[one[2]], float(one[1]))]
        found = process.extract(
            query, choices, scorer=fuzz.ratio, limit=None, score_cutoff=cutoff
        )
        # ties: lower index (earlier, i.e. document order) first, for determinism
        ranked = sorted(((float(score), ids[pos]) for _, score, pos in found),
                        key=lambda p: (-p[0], p[1]))
        return [(key, score) for score, key in ranked[:limit]]

    def best(self, query: str, *, cutoff: float = 0.0) -> tuple[int, float] | None:
        """The single best (index, score) with score >= ``cutoff``, or None."""
        found = self.top(query, limit=1, cutoff=cutoff)
        return found[0] if found else None
