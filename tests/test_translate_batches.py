"""Batch forming: at most 50 texts and 128 KiB per request, in order, nothing lost."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from trilingual.engines.deepl import DeeplEngine
from trilingual.engines.dispatch import batches as form_batches
from trilingual.engines.markup import protect
from trilingual.mtcache import CacheKey


def _key(text: str, context: str = "") -> CacheKey:
    return CacheKey("deepl", "", "en", "ru", "-", context, text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 9000), st.integers(0, 3000)), max_size=140))
def test_batches_respect_count_and_size(sizes: list[tuple[int, int]]) -> None:
    keys = [_key("ж*" * (n // 2) + f" {i}", "п" * c + str(i % 3))
            for i, (n, c) in enumerate(sizes)]
    sizes = {k: len(json.dumps(protect(k.text, "xml").text)) for k in keys}
    budget = DeeplEngine.max_bytes - DeeplEngine.request_overhead
    batches = list(form_batches(keys, 50, budget, sizes.__getitem__))
    assert [k for batch in batches for k in batch] == keys
    for batch in batches:
        assert 1 <= len(batch) <= 50
        contexts = list(dict.fromkeys(k.context for k in batch))
        body = {"text": [protect(k.text, "xml").text for k in batch],
                "context": "\n\n".join(contexts), "target_lang": "RU", "source_lang": "EN",
                "tag_handling": "xml", "show_billed_characters": True}
        size = len(json.dumps(body).encode("utf-8"))
        assert size <= 128 * 1024 or len(batch) == 1
