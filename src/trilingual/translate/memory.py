"""The memory of a run: reviewed entries of every article's catalog, per language.

Gathered by the validation pass (:meth:`~trilingual.translate.runsave.RunCatalogs.load`) and
handed over once to the engine that asks (``EngineEnv.memory``; the engine keeps its own index).
Reviewed entries only (not fuzzy, not empty, not obsolete, no plural), and of each
(msgctxt, msgid) only the first: the memory answers a msgid with the first translation of the
same msgctxt, else the first of any, so later twins never change an answer.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Sequence

import polib

from trilingual.catalog import is_reviewed
from trilingual.po import entry_key
from trilingual.translate.runsave import RunCatalogs

MemoryEntries = list[tuple[str | None, str, str]]


class MemoryCollector:
    """The memory's entries of one language, gathered catalog by catalog in article order."""

    def __init__(self) -> None:
        self.entries: MemoryEntries = []
        self._seen: set[tuple[str | None, str]] = set()

    def add(self, po: polib.POFile) -> None:
        """Add the reviewed entries of ``po`` not seen yet."""
        seen = self._seen
        for e in po:
            if not e.obsolete and not e.msgid_plural and is_reviewed(e):
                key = entry_key(e)
                if key not in seen:
                    seen.add(key)
                    self.entries.append((e.msgctxt, e.msgid, e.msgstr))

    def pack(self) -> bytes:
        """The entries, compressed: a language waiting for its turn holds a few MB, not tens
        (sentences repeat a lot across articles). Unpacked, the strings are laid out afresh
        instead of scattered among the freed catalogs they were read with."""
        return zlib.compress(marshal.dumps(self.entries), 1)

    @staticmethod
    def unpack(data: bytes) -> MemoryEntries:
        """The entries of :meth:`pack`."""
        entries: MemoryEntries = marshal.loads(zlib.decompress(data))
        return entries


class RunMemory:
    """Per language, the memory gathered while validating, packed until an engine asks."""

    def __init__(self, catalogs: RunCatalogs, all_slugs: Sequence[str]) -> None:
        self.catalogs = catalogs
        self.all_slugs = list(all_slugs)
        self.packed: dict[str, bytes] = {}

    def keep(self, lang: str, collector: MemoryCollector) -> None:
        """``collector`` holds the memory of ``lang`` (the validation pass read every catalog)."""
        self.packed[lang] = collector.pack()

    def __call__(self, lang: str) -> MemoryEntries:
        """The memory of ``lang``: reviewed entries of every article's catalog, not only those
        of --article. Handed over once; asked again (a chain naming the memory twice), gathered
        again, from the catalogs as this run changed them."""
        if lang in self.packed:
            return MemoryCollector.unpack(self.packed.pop(lang))
        memory = MemoryCollector()
        working = self.catalogs.of(lang)
        for slug in self.all_slugs:
            po = working[slug].po if slug in working else self.catalogs.read(lang, slug)[1]
            if po is not None:
                memory.add(po)
        return memory.entries
