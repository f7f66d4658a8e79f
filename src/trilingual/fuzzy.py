"""Indexed fuzzy lookup of similar sentences: a word inverted index picks candidates, RapidFuzz
scores them. Used by catalog updates (closest old msgid) and by the translation memory.

Brute force over every stored text is O(n) per query; picking candidates by their rarest shared
words first keeps lookups fast on 100k entries (see FACTS.md, "Translation-memory lookup").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

_WORD_RE = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lowercased word tokens of ``text``."""
    return _WORD_RE.findall(text.lower())


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
        self._postings: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(self.texts):
            for word in set(words(text)):
                self._postings[word].append(i)

    def __len__(self) -> int:
        return len(self.texts)

    def _candidates(self, query: str) -> list[int]:
        query_words = [w for w in set(words(query)) if w in self._postings]
        if not query_words:
            return []
        query_words.sort(key=lambda w: len(self._postings[w]))
        counts: Counter[int] = Counter()
        for word in query_words[: self.rare_words]:
            counts.update(self._postings[word])
        return [i for i, _ in counts.most_common(self.max_candidates)]

    def top(self, query: str, *, limit: int = 5, cutoff: float = 0.0) -> list[tuple[int, float]]:
        """Up to ``limit`` (index, score) pairs with score >= ``cutoff``, best first."""
        if len(self.texts) <= self.max_candidates:
            ids = list(range(len(self.texts)))
        else:
            ids = self._candidates(query)
        if not ids:
            return []
        choices = {i: self.texts[i] for i in ids}
        found = process.extract(
            query, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
        )
        # ties: lower index (earlier, i.e. document order) first, for determinism
        ranked = sorted(((float(score), key) for _, score, key in found), key=lambda p: (-p[0], p[1]))
        return [(key, score) for score, key in ranked]

    def best(self, query: str, *, cutoff: float = 0.0) -> tuple[int, float] | None:
        """The single best (index, score) with score >= ``cutoff``, or None."""
        found = self.top(query, limit=1, cutoff=cutoff)
        return found[0] if found else None
