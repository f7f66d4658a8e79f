"""The review gate: every article x language through the QA checks, statistics, and a verdict.

``run_gate`` is the library function behind ``trilingual check`` and ``trilingual stats``; the
writers of :mod:`trilingual.gate_report` turn its :class:`GateReport` into the human listing,
JSON and JUnit XML for CI.

Verdict, first match wins (exit codes from :mod:`trilingual.errors`):

1. catalogs out of date with the English sources (``extract`` would change a file) -> 10;
2. an error-level QA issue (with ``strict``, any issue) -> 11;
3. an untranslated entry, or a fuzzy one while ``check.require_reviewed`` -> 12;
4. otherwise 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from trilingual.catalog import EntryState, entry_state
from trilingual.checks import (
    Check,
    CheckContext,
    Issue,
    PairCheck,
    build_checks,
    is_ignored,
    spelling,
)
from trilingual.checks.completeness import count_words
from trilingual.errors import (
    CatalogsOutdated,
    ChecksFailed,
    QAErrors,
    TranslationsIncomplete,
    UsageError,
)
from trilingual.glossary import load_glossary
from trilingual.po import Key, entry_key
from trilingual.project import Project

STATES: tuple[EntryState, ...] = ("translated", "fuzzy", "untranslated")
VERDICTS = {0: "pass", CatalogsOutdated.exit_code: "outdated",
            QAErrors.exit_code: "qa-errors", TranslationsIncomplete.exit_code: "incomplete"}


@dataclass
class Stats:
    """Segments and source words per state, and words of the reviewed translations
    (the same quantities ``pocount`` reports)."""

    segments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    translated_target_words: int = 0

    @property
    def total_segments(self) -> int:
        """Every entry (obsolete ones and the header excluded)."""
        return sum(self.segments.values())

    @property
    def total_words(self) -> int:
        """Source words of every entry."""
        return sum(self.words.values())

    def percent(self) -> float:
        """Share of source words in reviewed translations, 0-100."""
        return 100.0 * self.words["translated"] / self.total_words if self.total_words else 100.0

    def add(self, other: Stats) -> None:
        """Accumulate ``other`` into this value (for totals)."""
        for state in STATES:
            self.segments[state] += other.segments[state]
            self.words[state] += other.words[state]
        self.translated_target_words += other.translated_target_words

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "segments": dict(self.segments, total=self.total_segments),
            "words": dict(self.words, total=self.total_words),
            "translated_target_words": self.translated_target_words,
            "percent_translated_words": round(self.percent(), 1),
        }


@dataclass(frozen=True)
class Pending:
    """An entry that keeps a catalog from being complete."""

    line: int
    state: EntryState
    msgid: str
    msgctxt: str | None
    reference: str


@dataclass
class CatalogReport:
    """One article in one language."""

    slug: str
    lang: str
    path: str
    exists: bool = True
    outdated: bool = False
    stats: Stats = field(default_factory=Stats)
    issues: list[Issue] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    require_reviewed: bool = True
    strict: bool = False

    @property
    def errors(self) -> int:
        """Error-level issues."""
        return sum(1 for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> int:
        """Warning-level issues."""
        return sum(1 for i in self.issues if i.severity == "warning")

    @property
    def incomplete(self) -> bool:
        """Untranslated entries, or fuzzy ones when the policy wants them reviewed."""
        if not self.exists or self.stats.segments["untranslated"]:
            return True
        return self.require_reviewed and self.stats.segments["fuzzy"] > 0

    @property
    def failing_issues(self) -> bool:
        """Issues that fail the gate under the policy (spelling never: it is its own level)."""
        return self.errors + self.warnings > 0 if self.strict else self.errors > 0

    @property
    def status(self) -> str:
        """'outdated', 'qa-errors', 'incomplete' or 'pass' (first that applies)."""
        if self.outdated:
            return "outdated"
        if self.failing_issues:
            return "qa-errors"
        return "incomplete" if self.incomplete else "pass"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "article": self.slug, "lang": self.lang, "path": self.path, "exists": self.exists,
            "status": self.status, "outdated": self.outdated,
            "stats": self.stats.to_dict(), "errors": self.errors, "warnings": self.warnings,
            "issues": [i.to_dict() for i in self.issues],
            "pending": [p.__dict__ for p in self.pending],
        }


@dataclass
class GateReport:
    """Every catalog's report, the files ``extract`` would change, and the verdict."""

    catalogs: list[CatalogReport] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    allow_incomplete: bool = False  # work in progress: only outdated catalogs and QA fail

    @property
    def exit_code(self) -> int:
        """0, or the exit code of the first failed gate."""
        if self.outdated:
            return CatalogsOutdated.exit_code
        if any(c.failing_issues for c in self.catalogs):
            return QAErrors.exit_code
        if not self.allow_incomplete and any(c.incomplete for c in self.catalogs):
            return TranslationsIncomplete.exit_code
        return 0

    @property
    def verdict(self) -> str:
        """'pass', 'outdated', 'qa-errors' or 'incomplete'."""
        return VERDICTS[self.exit_code]

    def issues(self) -> list[Issue]:
        """Every issue, catalog by catalog."""
        return [i for c in self.catalogs for i in c.issues]

    def totals(self) -> Stats:
        """Statistics summed over every catalog."""
        total = Stats()
        for catalog in self.catalogs:
            total.add(catalog.stats)
        return total

    def failure(self) -> ChecksFailed | None:
        """The exception matching the verdict (None when everything passes)."""
        code = self.exit_code
        if code == CatalogsOutdated.exit_code:
            return CatalogsOutdated(
                f"{len(self.outdated)} catalog file(s) out of date with the English sources "
                "(run 'trilingual extract')"
            )
        if code == QAErrors.exit_code:
            bad = sum(1 for c in self.catalogs if c.failing_issues)
            errors = sum(c.errors for c in self.catalogs)
            warnings = sum(c.warnings for c in self.catalogs if c.strict)
            if warnings:
                return QAErrors(f"{errors} QA error(s) and {warnings} warning(s) in {bad} "
                                "catalog(s) (--strict: warnings fail the gate too)")
            return QAErrors(f"{errors} QA error(s) in {bad} catalog(s)")
        if code == TranslationsIncomplete.exit_code:
            bad = sum(1 for c in self.catalogs if c.incomplete)
            return TranslationsIncomplete(
                f"{bad} catalog(s) not completely translated and reviewed"
            )
        return None


# Per catalog -------------------------------------------------------------------------------


def live_entries(po: Iterable[polib.POEntry]) -> list[polib.POEntry]:
    """Entries that count: not obsolete, not the header."""
    return [e for e in po if not e.obsolete and e.msgid]


def reference(entry: polib.POEntry) -> str:
    """``articles/x.md:12`` of the entry's first occurrence (or '')."""
    if not entry.occurrences:
        return ""
    path, line = entry.occurrences[0]
    return f"{path}:{line}" if line else path


def translation_of(entry: polib.POEntry) -> str:
    """The msgstr (plural forms joined by newlines, which the checks treat as text)."""
    if entry.msgid_plural:
        return "\n".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return str(entry.msgstr)


def catalog_stats(po: Iterable[polib.POEntry]) -> Stats:
    """Segments and words per state, counted like ``pocount``."""
    stats = Stats()
    for entry in live_entries(po):
        state = entry_state(entry)
        words = count_words(entry.msgid) + (
            count_words(entry.msgid_plural) if entry.msgid_plural else 0
        )
        stats.segments[state] += 1
        stats.words[state] += words
        if state == "translated":
            stats.translated_target_words += count_words(translation_of(entry))
    return stats


def is_checked(entry: polib.POEntry, include_fuzzy: bool) -> bool:
    """Entries whose translation is checked: reviewed ones, and fuzzy ones if asked."""
    state = entry_state(entry)
    return state == "translated" or (include_fuzzy and state == "fuzzy")


def check_entries(
    po: Iterable[polib.POEntry], lang: str, checks: Sequence[Check], *, path: str = "",
    include_fuzzy: bool = False,
) -> list[Issue]:
    """Run every check on every checked entry; issues carry the PO file and line."""
    issues = []
    for entry in live_entries(po):
        if not is_checked(entry, include_fuzzy):
            continue
        translation = translation_of(entry)
        for check in checks:
            for issue in check.check(entry.msgid, translation, lang, entry):
                issues.append(replace(issue, path=path, line=entry.linenum or 0,
                                      reference=reference(entry)))
    return issues


def check_pairs(
    catalogs: dict[str, tuple[polib.POFile, str]], pair_checks: Sequence[PairCheck],
    issues: dict[str, list[Issue]], *, include_fuzzy: bool = False,
) -> dict[str, list[Issue]]:
    """Cross-language checks over the entries every language has checked translations for.

    ``catalogs`` maps a language to its catalog and relative path; ``issues`` holds the
    per-language issues so that a difference a per-language check explains is not repeated.
    """
    out: dict[str, list[Issue]] = {lang: [] for lang in catalogs}
    if len(catalogs) < 2 or not pair_checks:
        return out
    index: dict[str, dict[Key, polib.POEntry]] = {
        lang: {entry_key(e): e for e in live_entries(po) if is_checked(e, include_fuzzy)}
        for lang, (po, _) in catalogs.items()
    }
    explained: set[tuple[str, int, str]] = {
        (lang, i.line, i.check) for lang, found in issues.items() for i in found
    }
    langs = sorted(catalogs)
    for key, entry in index[langs[0]].items():
        entries = {lang: index[lang].get(key) for lang in langs}
        present = {lang: e for lang, e in entries.items() if e is not None}
        if len(present) < 2:
            continue
        translations = {lang: translation_of(e) for lang, e in present.items()}
        for check in pair_checks:
            for lang, message in check.find_pair(entry.msgid, translations):
                target = present[lang]
                if is_ignored(target, check.id) or any(
                    (lang, target.linenum or 0, c) in explained for c in check.covered_by
                ):
                    continue
                out[lang].append(Issue(
                    check.id, check.severity, message, lang=lang, source=entry.msgid,
                    translation=translations[lang], msgctxt=entry.msgctxt,
                    path=catalogs[lang][1], line=target.linenum or 0, reference=reference(target),
                ))
    return out


def pending_entries(po: Iterable[polib.POEntry], require_reviewed: bool) -> list[Pending]:
    """Untranslated entries, and fuzzy ones when the policy wants them reviewed."""
    out = []
    for entry in live_entries(po):
        state = entry_state(entry)
        if state == "untranslated" or (state == "fuzzy" and require_reviewed):
            out.append(Pending(entry.linenum or 0, state, entry.msgid, entry.msgctxt,
                               reference(entry)))
    return out


def project_checks(
    project: Project, langs: Sequence[str] | None = None
) -> tuple[list[Check], list[PairCheck]]:
    """The project's enabled checks (``check.disable``), with its glossary, spelling setting and
    known words loaded once: ``check`` and ``release`` build them here, the same way."""
    config = project.config
    context = CheckContext(glossary=load_glossary(project.root),
                           spelling=config.check_spelling,
                           known_words=known_words(project, list(langs or config.languages)))
    if config.check_spelling != "off":
        spelling.load_cache(project.state_dir / spelling.CACHE_NAME)
    return build_checks(context, config.check_disable)


def article_issues(
    loaded: dict[str, tuple[polib.POFile, str]], checks: Sequence[Check],
    pair_checks: Sequence[PairCheck], *, include_fuzzy: bool = False,
) -> dict[str, list[Issue]]:
    """The QA issues of one article's catalogs (language -> (catalog, relative path)), per
    language in line order: the per-entry checks, then the cross-language ones.

    The one QA rule: ``trilingual check`` and ``trilingual release`` both call this.
    """
    found = {lang: check_entries(po, lang, checks, path=rel, include_fuzzy=include_fuzzy)
             for lang, (po, rel) in loaded.items()}
    for lang, extra in check_pairs(loaded, pair_checks, found,
                                   include_fuzzy=include_fuzzy).items():
        found[lang] = sorted(found[lang] + extra, key=lambda i: i.line)
    return found


# Whole project -------------------------------------------------------------------------------


def _read_po(path: Path, rel: str) -> polib.POFile:
    from trilingual import po as pofile

    po: polib.POFile = pofile.read_po(path, rel)
    return po


def outdated_files(project: Project, slugs: Sequence[str] | None) -> list[str]:
    """Catalog files ``trilingual extract`` would change (nothing is written)."""
    from trilingual.extract import extract_project

    report = extract_project(project, slugs, dry_run=True)
    return sorted(project.relpath(p) for p in report.written)


def known_words(project: Project, langs: Sequence[str]) -> frozenset[str]:
    """Words the spelling check accepts besides Hunspell: ``spelling.txt``, and with
    ``check.spelling_catalogs`` the words of reviewed translations of two or more articles."""
    from trilingual.checks.spelling import SPELLING_NAME, catalog_words, read_word_list

    words = read_word_list(project.root / SPELLING_NAME)
    if project.config.check_spelling_catalogs and project.config.check_spelling != "off":
        for lang in langs:
            paths = [project.po_path(lang, slug) for slug in project.slugs()]
            words |= catalog_words([_read_po(p, project.relpath(p)) for p in paths if p.exists()])
    return words


def run_gate(
    project: Project, *, langs: Sequence[str] | None = None, slugs: Sequence[str] | None = None,
    run_checks: bool = True, include_fuzzy: bool | None = None, strict: bool = False,
    check_outdated: bool = True, allow_incomplete: bool = False,
) -> GateReport:
    """Statistics (and unless ``run_checks`` is false, QA issues) for every article x language.

    ``include_fuzzy`` (default: when the policy publishes fuzzy entries) also checks fuzzy
    translations; ``strict`` makes warnings fail the gate like errors; ``allow_incomplete``
    lets untranslated and fuzzy entries pass (reported, not failing).
    """
    config = project.config
    langs = list(langs or config.languages)
    unknown = [lang for lang in langs if lang not in config.languages]
    if unknown:
        raise UsageError(
            f"language {unknown[0]!r} is not configured (languages: {', '.join(config.languages)})"
        )
    slugs = [project.resolve_slug(s) for s in slugs] if slugs else project.slugs()
    if include_fuzzy is None:
        include_fuzzy = not config.check_require_reviewed
    checks: list[Check] = []
    pair_checks: list[PairCheck] = []
    if run_checks:
        checks, pair_checks = project_checks(project, langs)
    report = GateReport(allow_incomplete=allow_incomplete)
    if check_outdated:
        report.outdated = outdated_files(project, slugs)
    stale = set(report.outdated)
    for slug in slugs:
        loaded: dict[str, tuple[polib.POFile, str]] = {}
        per_lang: dict[str, CatalogReport] = {}
        for lang in langs:
            path = project.po_path(lang, slug)
            rel = project.relpath(path)
            catalog = CatalogReport(slug, lang, rel, require_reviewed=config.check_require_reviewed,
                                    strict=strict)
            catalog.outdated = rel in stale or project.relpath(project.pot_path(slug)) in stale
            per_lang[lang] = catalog
            report.catalogs.append(catalog)
            if not path.exists():
                catalog.exists = False
                continue
            po = _read_po(path, rel)
            loaded[lang] = (po, rel)
            catalog.stats = catalog_stats(po)
            catalog.pending = pending_entries(po, config.check_require_reviewed)
        for lang, issues in article_issues(loaded, checks, pair_checks,
                                           include_fuzzy=include_fuzzy).items():
            per_lang[lang].issues = issues
    if run_checks and config.check_spelling != "off":
        spelling.save_cache(project.state_dir / spelling.CACHE_NAME)
    return report
