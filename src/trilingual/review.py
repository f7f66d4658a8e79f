"""The review queue of one language as one self-contained HTML page (``trilingual review``).

Every pending entry (untranslated, fuzzy, and reviewed ones that QA flags) grouped by article:
the English with a word-level diff against the previous English (``#| msgid``), the draft with
its provenance and score, the other language's translation beside it, the QA issues of the same
checks ``trilingual check`` runs (:func:`trilingual.gate.check_entries` and
:func:`~trilingual.gate.check_pairs`), ``file:line`` for the PO editor, and a risk ranking:
QA errors first, then low scores, changed numbers or names, long sentences. The page needs no
script and loads nothing: styles are inline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import polib

from trilingual.catalog import entry_state
from trilingual.checks import Issue, build_checks
from trilingual.checks.base import CheckContext
from trilingual.checks.completeness import count_words
from trilingual.engines.adapt import placeables
from trilingual.engines.provenance import mt_comment
from trilingual.errors import UsageError
from trilingual.gate import check_entries, check_pairs, live_entries, reference
from trilingual.glossary import Glossary, load_glossary
from trilingual.po import Key, entry_key, read_po
from trilingual.project import Project

_DIFF_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")
LONG_SENTENCE = 30  # words: from here a sentence counts as long


@dataclass(frozen=True)
class DiffPiece:
    """A run of the word diff: 'same', 'del' (only in the previous English) or 'ins'."""

    kind: str
    text: str


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """Word-level diff of two sentences (whitespace and punctuation are tokens too)."""
    a, b = _DIFF_TOKEN_RE.findall(old), _DIFF_TOKEN_RE.findall(new)
    out: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(DiffPiece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(DiffPiece("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(DiffPiece("ins", "".join(b[j1:j2])))
    return out


@dataclass
class ReviewItem:
    """One pending entry of one language."""

    state: str  # 'untranslated' | 'fuzzy' | 'reviewed'
    msgid: str
    msgctxt: str | None
    location: str  # locales/<lang>/LC_MESSAGES/<slug>.po:<line>
    reference: str  # articles/<slug>.md:<line>
    draft: str
    previous: str | None = None
    diff: list[DiffPiece] = field(default_factory=list)
    engine: str = ""  # provenance of a machine draft ('' for human or none)
    date: str = ""
    score: int | None = None
    note: str = ""  # e.g. 'adapted: 2019→2021'
    other_lang: str = ""
    other: str = ""
    other_state: str = ""
    issues: list[Issue] = field(default_factory=list)
    risk: int = 0
    reasons: list[str] = field(default_factory=list)
    anchor: str = ""  # id of the entry on the page (``<slug>-<line>``)

    @property
    def errors(self) -> int:
        """Error-level QA issues."""
        return sum(1 for i in self.issues if i.severity == "error")


@dataclass
class ArticleQueue:
    """The pending entries of one article, riskiest first."""

    slug: str
    path: str
    items: list[ReviewItem] = field(default_factory=list)

    @property
    def risk(self) -> int:
        """The risk of its riskiest entry."""
        return max((i.risk for i in self.items), default=0)


@dataclass
class ReviewPage:
    """Everything waiting for review in one language."""

    lang: str
    source_language: str
    articles: list[ArticleQueue] = field(default_factory=list)

    @property
    def items(self) -> list[ReviewItem]:
        """Every pending entry, article by article."""
        return [i for a in self.articles for i in a.items]

    def riskiest(self, limit: int = 15) -> list[ReviewItem]:
        """The ``limit`` riskiest entries of every article, most risky first (page order on
        ties)."""
        return sorted(self.items, key=lambda i: -i.risk)[:limit]

    def count(self, state: str) -> int:
        """Pending entries in ``state``."""
        return sum(1 for i in self.items if i.state == state)


def assess(item: ReviewItem, terms: Glossary, lang: str) -> None:
    """Set ``item.risk`` and the reasons behind it (most to least risky: QA errors, low scores,
    numbers or names changed, long sentences)."""
    risk, reasons = 0, []
    if item.errors:
        risk += 1000 * item.errors
        reasons.append(f"{item.errors} QA error(s)")
    warnings = len(item.issues) - item.errors
    if warnings:
        risk += 100 * warnings
        reasons.append(f"{warnings} QA warning(s)")
    if item.state == "untranslated":
        risk += 400
        reasons.append("no draft")
    elif item.score is not None and item.score < 100:
        risk += 4 * (100 - item.score)
        reasons.append(f"score {item.score}")
    elif item.state == "fuzzy" and item.engine == "" and item.previous is not None:
        risk += 100
        reasons.append("old translation of edited English")
    if item.previous is not None:
        kinds = _changed_placeables(item.previous, item.msgid, terms, lang)
        if kinds:
            risk += 300
            reasons.append(f"{' and '.join(kinds)} changed")
    if item.note:
        risk += 150
        reasons.append(item.note.split(":")[0] + " by the memory")
    words = count_words(item.msgid)
    if words >= LONG_SENTENCE:
        risk += 2 * words
        reasons.append(f"long sentence ({words} words)")
    item.risk, item.reasons = risk, reasons


def _changed_placeables(old: str, new: str, glossary: Glossary, lang: str) -> list[str]:
    terms = glossary.for_language(lang)
    before, after = placeables(old, terms), placeables(new, terms)
    names = {"num": "numbers", "ph": "placeholders", "term": "names"}
    return [names[k] for k in ("num", "ph", "term") if before.get(k, []) != after.get(k, [])]


def _read(project: Project, lang: str, slug: str) -> tuple[polib.POFile, str] | None:
    path = project.po_path(lang, slug)
    if not path.exists():
        return None
    rel = project.relpath(path)
    return read_po(path, rel), rel


def build_review(
    project: Project, lang: str, slugs: Sequence[str] | None = None
) -> ReviewPage:
    """The review queue of ``lang`` over ``slugs`` (default: every article)."""
    config = project.config
    if lang not in config.languages:
        raise UsageError(
            f"language {lang!r} is not configured (languages: {', '.join(config.languages)})"
        )
    glossary = load_glossary(project.root)
    checks, pair_checks = build_checks(CheckContext(glossary=glossary), config.check_disable)
    others = [x for x in config.languages if x != lang]
    page = ReviewPage(lang, config.source_language)
    for slug in [project.resolve_slug(s) for s in slugs] if slugs else project.slugs():
        loaded = {x: found for x in (lang, *others) if (found := _read(project, x, slug))}
        if lang not in loaded:
            continue
        po, rel = loaded[lang]
        issues = {x: check_entries(p, x, checks, path=r, include_fuzzy=True)
                  for x, (p, r) in loaded.items()}
        for x, extra in check_pairs(loaded, pair_checks, issues, include_fuzzy=True).items():
            issues[x] += extra
        by_line: dict[int, list[Issue]] = {}
        for issue in issues[lang]:
            by_line.setdefault(issue.line, []).append(issue)
        other_entries: dict[str, dict[Key, polib.POEntry]] = {
            x: {entry_key(e): e for e in live_entries(loaded[x][0])}
            for x in others if x in loaded
        }
        queue = ArticleQueue(slug, rel)
        for entry in live_entries(po):
            state = entry_state(entry)
            flagged = by_line.get(entry.linenum or 0, [])
            if state == "translated" and not flagged:
                continue
            item = _item(entry, state, rel, flagged, others, other_entries)
            item.anchor = f"{slug}-{entry.linenum or 0}"
            assess(item, glossary, lang)
            queue.items.append(item)
        if queue.items:
            queue.items.sort(key=lambda i: -i.risk)
            page.articles.append(queue)
    page.articles.sort(key=lambda a: -a.risk)
    return page


def _item(
    entry: polib.POEntry, state: str, rel: str, issues: list[Issue], others: list[str],
    other_entries: dict[str, dict[Key, polib.POEntry]],
) -> ReviewItem:
    item = ReviewItem(
        state="reviewed" if state == "translated" else state,
        msgid=entry.msgid, msgctxt=entry.msgctxt,
        location=f"{rel}:{entry.linenum or 0}", reference=reference(entry),
        draft=entry.msgstr, previous=entry.previous_msgid or None, issues=issues,
    )
    if item.previous is not None:
        item.diff = word_diff(item.previous, entry.msgid)
    made = mt_comment(entry) if entry.msgstr else None
    if made is not None:
        item.engine, item.date, item.score = made["engine"], made["date"], int(made["score"])
        line = next(ln for ln in entry.tcomment.splitlines() if ln.startswith("MT: "))
        item.note = line.split(" adapted: ", 1)[1] if " adapted: " in line else ""
        item.note = f"adapted: {item.note}" if item.note else ""
    for other in others:
        twin = other_entries.get(other, {}).get(entry_key(entry))
        if twin is not None:
            item.other_lang, item.other = other, twin.msgstr
            item.other_state = entry_state(twin)
            break
    return item


def render_review(project: Project, page: ReviewPage) -> str:
    """The page as HTML (template ``review.html``; a project's ``templates/`` may replace it)."""
    from trilingual.release.site import make_environment

    env = make_environment(project)
    return env.get_template("review.html").render(page=page, title=project.config.site_title)
