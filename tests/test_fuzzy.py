"""FuzzyIndex: same answers with and without numpy, length window never drops a real match."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from trilingual import fuzzy
from trilingual.fuzzy import FuzzyIndex, length_window

_VOCABULARY = (
    "the government raised wages prices budget potash ports rail border minsk vilnius "
    "trade china exports fell rose sharply slowly in on of and a year month"
)
WORDS = _VOCABULARY.split()


def _corpus(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [*WORDS, *(f"{w}{i}" for i in range(60) for w in WORDS[:10])]
    return [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(4, 14))) + "."
            for _ in range(n)]


def test_small_index_is_brute_force_and_deterministic() -> None:
    index = FuzzyIndex(["alpha beta", "alpha beta", "gamma"])
    assert len(index) == 3
    assert index.best("alpha beta") == (0, 100.0)  # ties: earliest first
    assert index.top("alpha beta", limit=5, cutoff=50) == [(0, 100.0), (1, 100.0)]
    assert index.best("zzz", cutoff=90) is None
    assert FuzzyIndex([]).best("x") is None


def test_numpy_and_pure_python_paths_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _corpus(2000)
    queries = [t.replace("the", "a", 1) for t in texts[:60]] + _corpus(30, seed=2)
    assert fuzzy._numpy() is not None  # numpy is a dependency
    fast = FuzzyIndex(texts, max_candidates=200)
    assert not isinstance(fast._lengths, list)  # the numpy path
    monkeypatch.setattr(fuzzy, "_numpy", lambda: None)
    slow = FuzzyIndex(texts, max_candidates=200)
    for query in queries:
        assert fast.best(query, cutoff=75) == slow.best(query, cutoff=75)
        assert fast.top(query, limit=3, cutoff=60) == slow.top(query, limit=3, cutoff=60)


def test_indexed_search_finds_edited_sentences() -> None:
    texts = _corpus(5000)
    index = FuzzyIndex(texts)
    found = 0
    for i in range(0, 5000, 50):
        best = index.best(texts[i] + " indeed", cutoff=75)
        found += best is not None and texts[best[0]] == texts[i]
    assert found >= 95


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40),
       st.integers(min_value=1, max_value=100))
def test_length_window_keeps_every_possible_match(a: str, b: str, cutoff: int) -> None:
    if fuzz.ratio(a, b) >= cutoff:
        low, high = length_window(len(a), cutoff)
        assert low <= len(b) <= high
