"""The persistent machine-translation cache, ``.trilingual/mt-cache.sqlite``: never pay twice.

A result is keyed on everything that shapes it: engine, engine options, source and target
language, glossary version, context paragraph and the source text. Keys are SHA-256 digests of
those fields, so the file holds translations but no secrets and no request metadata.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CACHE_NAME = "mt-cache.sqlite"


@dataclass(frozen=True)
class CacheKey:
    """Every input that changes an engine's output for one text."""

    engine: str
    options: str
    source_lang: str
    target_lang: str
    glossary: str
    context: str
    text: str

    @property
    def digest(self) -> str:
        """Stable hex key for the database."""
        fields = [self.engine, self.options, self.source_lang, self.target_lang,
                  self.glossary, self.context, self.text]
        return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


class MTCache:
    """A small sqlite key-value store of (key -> translation); safe to delete at any time."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path))
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS mt (key TEXT PRIMARY KEY, engine TEXT NOT NULL,"
            " target TEXT NOT NULL, translation TEXT NOT NULL, created REAL NOT NULL)"
        )
        self._db.commit()

    @classmethod
    def open(cls, state_dir: Path) -> MTCache:
        """The project's cache in ``state_dir``."""
        return cls(state_dir / CACHE_NAME)

    def get(self, key: CacheKey) -> str | None:
        """The cached translation for ``key``, if any."""
        row = self._db.execute("SELECT translation FROM mt WHERE key = ?", (key.digest,)).fetchone()
        return None if row is None else str(row[0])

    def get_many(self, keys: Iterable[CacheKey]) -> dict[CacheKey, str]:
        """Cached translations of ``keys`` (missing keys are absent from the result)."""
        out: dict[CacheKey, str] = {}
        for key in keys:
            value = self.get(key)
            if value is not None:
                out[key] = value
        return out

    def put_many(self, items: Iterable[tuple[CacheKey, str]]) -> None:
        """Store translations and commit at once (one batch = one transaction)."""
        now = time.time()
        self._db.executemany(
            "INSERT OR REPLACE INTO mt (key, engine, target, translation, created)"
            " VALUES (?, ?, ?, ?, ?)",
            [(k.digest, k.engine, k.target_lang, v, now) for k, v in items],
        )
        self._db.commit()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM mt").fetchone()[0])

    def close(self) -> None:
        """Close the database."""
        self._db.close()
