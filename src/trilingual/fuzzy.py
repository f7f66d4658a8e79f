"""Indexed fuzzy lookup of similar sentences: a word inverted index picks candidates, RapidFuzz
scores them. Used by catalog updates (closest old msgid) and by the translation memory.

Brute force over every stored text is O(n) per query; picking candidates by their rarest shared
words first keeps lookups fast on 100k entries (see FACTS.md, "Translation-memory lookup";
``bench/tm_lookup.py`` measures it). Two cheap filters come before scoring:

- a length window: ``fuzz.ratio`` can reach ``cutoff`` only when the shorter text is at least
  ``cutoff / (200 - cutoff)`` of the longer one, so texts outside it are never scored;
- shared-word counting runs in numpy when numpy is installed, and in a Counter otherwise (same
  candidates, slower on big indexes). The numpy path numbers texts by length ("ranks"): the
  length window is then a rank range, cut out of each sorted posting array by binary search,
  and shared words are counted with ``bincount`` over that range (no sort per query).
"""

from __future__ import annotations

import bisect
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


def length_window(length: int, cutoff: float) -> tuple[float, float]:
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
            lengths = np.asarray(self._lengths, dtype=np.int32)
            by_length = np.argsort(lengths, kind="stable").astype(np.int32)
            rank = np.empty(len(self.texts), dtype=np.int32)
            rank[by_length] = np.arange(len(self.texts), dtype=np.int32)
            self._lengths = lengths
            self._by_length = by_length  # rank -> index
            self._sorted_lengths: list[int] = lengths[by_length].tolist()  # for bisect
            self._texts_np = np.empty(len(self.texts), dtype=object)
            self._texts_np[:] = self.texts
            # postings hold ranks, ascending
            self._postings = {
                w: np.sort(rank[np.asarray(ids, dtype=np.int32)]) for w, ids in postings.items()
            }

    def __len__(self) -> int:
        return len(self.texts)

    def _candidates(self, query: str, cutoff: float = 0.0) -> list[int]:
        return self._pick(query, cutoff)[0]

    def _pick(self, query: str, cutoff: float) -> tuple[list[int], list[str]]:
        """Candidate indexes, ascending, and their texts."""
        query_words = [w for w in set(words(query)) if w in self._postings]
        if not query_words:
            return [], []
        query_words.sort(key=lambda w: (len(self._postings[w]), w))
        chosen = query_words[: self.rare_words]
        low, high = length_window(len(query), cutoff)
        if self._np is not None:
            return self._pick_np(chosen, low, high)
        counts: Counter[int] = Counter()
        for word in chosen:
            counts.update(self._postings[word])
        lengths = self._lengths
        ranked = sorted(
            (i for i in counts if low <= lengths[i] <= high), key=lambda i: (-counts[i], i)
        )
        ids = sorted(ranked[: self.max_candidates])
        return ids, [self.texts[i] for i in ids]

    def _pick_np(self, chosen: list[str], low: float, high: float) -> tuple[list[int], list[str]]:
        # (numpy scalars and bisect: numpy's searchsorted with a Python number converts the
        # array first, and flatnonzero on int64 is several times slower than on a mask)
        np = self._np
        first = bisect.bisect_left(self._sorted_lengths, low)  # first rank with length >= low
        end = bisect.bisect_right(self._sorted_lengths, high)  # first rank with length > high
        if first >= end:
            return [], []
        first_np, end_np = np.int32(first), np.int32(end)
        parts = []
        for word in chosen:
            ranks = self._postings[word]
            parts.append(ranks[ranks.searchsorted(first_np) : ranks.searchsorted(end_np)])
        ranks = np.concatenate(parts)
        if not len(ranks):
            return [], []
        counts = np.bincount(ranks - first_np)
        hits = (counts > 0).nonzero()[0]
        ids = self._by_length[hits + first]
        if len(ids) > self.max_candidates:
            # most shared words first, ties by index (document order), as the Counter path
            keys = counts[hits].astype(np.int64) * (len(self.texts) + 1) - ids
            ids = ids[np.argpartition(-keys, self.max_candidates - 1)[: self.max_candidates]]
        ids = np.sort(ids)
        return ids.tolist(), self._texts_np[ids].tolist()

    def top(self, query: str, *, limit: int = 5, cutoff: float = 0.0) -> list[tuple[int, float]]:
        """Up to ``limit`` (index, score) pairs with score >= ``cutoff``, best first."""
        if len(self.texts) <= self.max_candidates:
            ids, choices = list(range(len(self.texts))), self.texts
        else:
            ids, choices = self._pick(query, cutoff)
        if not ids:
            return []
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
