"""What a ``translate`` run sends: the entries to fill, each with its request and context.

An entry needs work when it is empty (with ``refresh_fuzzy`` also when it is stale fuzzy machine
output of the chain: :func:`~trilingual.engines.provenance.needs_work`). Its request carries the
msgid, the msgctxt, the paragraph around the sentence and the placeholders of the article's
English source (read once per article, only when one of its entries needs work).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polib

from trilingual.engines import Request
from trilingual.engines.provenance import needs_work
from trilingual.po import entry_key
from trilingual.project import Project
from trilingual.source import read_document
from trilingual.translate.report import Notice
from trilingual.translate.runsave import RunCatalogs

Contexts = dict[tuple[str | None, str], tuple[str, tuple[str, ...]]]


@dataclass
class Item:
    """One entry to fill, its request, and what the chain did with it so far."""

    slug: str
    entry: polib.POEntry
    request: Request
    done: bool = False
    rejected: bool = False  # an engine's draft failed verification
    reasons: list[str] = field(default_factory=list)  # why engines' drafts were not written


class Planner:
    """The items of each language (see the module docstring)."""

    def __init__(
        self, project: Project, catalogs: RunCatalogs, slugs: Sequence[str],
        chain: Sequence[str], *, refresh_fuzzy: bool,
    ) -> None:
        self.project = project
        self.catalogs = catalogs
        self.slugs = list(slugs)
        self.chain = list(chain)
        self.refresh_fuzzy = refresh_fuzzy
        self._contexts: dict[str, Contexts] = {}

    def needs_work(self, entry: polib.POEntry) -> bool:
        """Whether the run fills ``entry`` (on disk it may have been filled meanwhile)."""
        return needs_work(entry, self.refresh_fuzzy, self.chain)

    def contexts(self, slug: str) -> Contexts:
        """(paragraph, placeholders) of each (msgctxt, msgid) of the article's source."""
        if slug in self._contexts:
            return self._contexts[slug]
        path = self.project.article_path(slug)
        doc = read_document(path, self.project.relpath(path), self.project.config.translatable_keys)
        out: Contexts = {}
        for segment in doc.segments:
            out.setdefault(
                (segment.msgctxt, segment.msgid), (segment.paragraph, segment.placeholders)
            )
        self._contexts[slug] = out
        return out

    def items(self, lang: str, notices: list[Notice]) -> list[Item]:
        """The entries of ``lang`` to fill, in article and catalog order; an article without a
        catalog is a warning in ``notices``."""
        items = []
        catalogs = self.catalogs.of(lang)
        for slug in self.slugs:
            if (slug, lang) in self.catalogs.missing:
                rel = self.project.relpath(self.project.po_path(lang, slug))
                notices.append(
                    Notice(rel, 1, "warning", "no catalog yet (run 'trilingual extract')")
                )
                continue
            catalog = catalogs.get(slug)
            if catalog is None:  # nothing to fill
                continue
            contexts: Contexts | None = None
            for entry in catalog.po:
                if not self.needs_work(entry):
                    continue
                if contexts is None:
                    contexts = self.contexts(slug)
                paragraph, placeholders = contexts.get(entry_key(entry), ("", ()))
                request = Request(entry.msgid, entry.msgctxt, paragraph, placeholders)
                items.append(Item(slug, entry, request))
        return items
