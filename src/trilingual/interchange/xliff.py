"""XLIFF 1.2: hand a freelancer one file per article x language and take it back.

Export (:func:`export_xliff`): every active entry of the catalog becomes a ``<trans-unit>``
(``resname`` = msgctxt) whose source and target carry placeholders and inline Markdown as
inline elements (see :mod:`trilingual.interchange.inline`); states: untranslated ``new``,
fuzzy ``needs-review-translation``, reviewed ``translated``; notes carry the block comments,
the placeholder meanings, the translator comments and the previous English of a fuzzy entry
(reviewed units also carry ``approved="yes"``, which Translate Toolkit and Weblate read);
``#:`` references become a location context group.

Import (:func:`import_xliff`): each unit is matched to its entry by msgctxt and English text
(a unit whose English changed since the export is skipped with a warning), its placeholders are
verified against the English, and the target is written through the one catalog writer of
:mod:`trilingual.interchange.common`. A changed translation is reviewed only where the file
says ``translated``, ``final`` or ``signed-off`` (else fuzzy); an unchanged one keeps its state
unless the file promotes it. An empty target never erases a translation, and an unreviewed
target equal to its source (a copy of the English) is not a translation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib
from lxml import etree

from trilingual import __version__
from trilingual.catalog import is_reviewed
from trilingual.errors import InterchangeError
from trilingual.fsutil import write_atomic
from trilingual.interchange.common import (
    Catalog,
    update_catalogs,
    xml_escape,
    xml_text,
    xml_unwritable,
)
from trilingual.interchange.inline import (
    InlineProblem,
    is_plain,
    number_codes,
    parse_inline,
    source_codes,
    to_native,
    to_xliff,
)
from trilingual.placeholder import find_placeholders
from trilingual.po import Key, entry_key
from trilingual.project import Project

NS = "urn:oasis:names:tc:xliff:document:1.2"
REVIEWED_STATES = frozenset({"translated", "final", "signed-off"})
_Q = f"{{{NS}}}"


def _state(entry: polib.POEntry) -> str:
    if not entry.msgstr:
        return "new"
    return "translated" if is_reviewed(entry) else "needs-review-translation"


def _unit(number: int, entry: polib.POEntry, copy_source: bool = False) -> str:
    target_text = entry.msgstr or (entry.msgid if copy_source else "")
    if is_plain(entry.msgid) and is_plain(target_text):  # most sentences: no inline element
        source_xml, target_xml = xml_escape(entry.msgid), xml_escape(target_text)
    else:
        source, target = parse_inline(entry.msgid), parse_inline(target_text)
        number_codes(source, target)
        source_xml, target_xml = to_xliff(source), to_xliff(target)
    resname = "" if entry.msgctxt is None else f' resname="{xml_escape(entry.msgctxt)}"'
    # Translate Toolkit and Weblate read approved="yes" as reviewed
    approved = ' approved="yes"' if is_reviewed(entry) else ""
    out = [
        f'      <trans-unit id="{number}"{resname}{approved} xml:space="preserve">\n'
        f"        <source>{source_xml}</source>\n"
        f'        <target state="{_state(entry)}">{target_xml}</target>\n'
    ]
    for ref, line in entry.occurrences:
        out.append(
            '        <context-group purpose="location">'
            f'<context context-type="sourcefile">{xml_escape(ref)}</context>'
            + (f'<context context-type="linenumber">{line}</context>' if line else "")
            + "</context-group>\n"
        )
    notes = [("developer", n) for n in (entry.comment or "").splitlines() if n]
    if entry.previous_msgid and "fuzzy" in entry.flags:
        notes.append(("developer", f"previous English: {entry.previous_msgid}"))
    notes += [("translator", n) for n in (entry.tcomment or "").splitlines() if n]
    for author, note in notes:
        out.append(f'        <note from="{author}">{xml_escape(note)}</note>\n')
    out.append("      </trans-unit>\n")
    return "".join(out)


def _exported(catalog: Catalog) -> list[polib.POEntry]:
    return [e for e in catalog.po if not e.obsolete and not e.msgid_plural]


def _refuse_unwritable(catalog: Catalog) -> None:
    """Name the entry (catalog line) holding a character XML cannot carry."""
    for entry in _exported(catalog):
        values = [entry.msgctxt or "", entry.msgid, entry.msgstr, entry.comment, entry.tcomment,
                  entry.previous_msgid or "", *(ref for ref, _line in entry.occurrences)]
        for value in values:
            error = xml_unwritable(value, catalog.rel, entry.linenum or None)
            if error is not None:
                raise error


def format_xliff(catalog: Catalog, source_language: str, *, copy_source: bool = False) -> str:
    """The XLIFF 1.2 document of one catalog. ``copy_source``: an untranslated unit's target
    holds a copy of its source (state ``new``), as tools that translate the target element
    (OmegaT's built-in filter, Okapi's convention) need."""
    units = "".join(
        _unit(number, entry, copy_source)
        for number, entry in enumerate(_exported(catalog), start=1)
    )
    # one scan of the whole document for characters XML cannot carry (a scan per string
    # cost a fifth of the export); the entry holding one is then looked for
    error = xml_unwritable(units, catalog.rel)
    if error is not None:
        _refuse_unwritable(catalog)  # names the entry's line
        raise error  # (a field it does not look at: the file, without a line)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff version="1.2" xmlns="{NS}">\n'
        f'  <file original="{xml_text(catalog.rel, catalog.rel)}" datatype="po" '
        f'source-language="{source_language}" target-language="{catalog.lang}" '
        'tool-id="trilingual">\n'
        f'    <header><tool tool-id="trilingual" tool-name="trilingual" '
        f'tool-version="{__version__}"/></header>\n'
        "    <body>\n" + units + "    </body>\n  </file>\n</xliff>\n"
    )


def export_xliff(
    project: Project, langs: list[str], slugs: list[str], out_dir: Path, *,
    copy_source: bool = False,
) -> list[tuple[Path, int]]:
    """Write ``<out_dir>/<slug>.<lang>.xlf`` per article x language; returns (path, units)."""
    from trilingual.interchange.common import iter_catalogs

    written = []
    for catalog in iter_catalogs(project, langs, slugs):
        path = out_dir / f"{catalog.slug}.{catalog.lang}.xlf"
        text = format_xliff(catalog, project.config.source_language, copy_source=copy_source)
        # rebuilt from the catalogs at will: no fsync (see write_atomic)
        write_atomic(path, text, durable=False)
        written.append((path, text.count("<trans-unit ")))
    return written


@dataclass
class _Target:
    msgctxt: str | None
    msgid: str
    text: str
    reviewed: bool
    line: int


@dataclass
class ImportReport:
    """What ``xliff import`` did."""

    written: list[str] = field(default_factory=list)
    units: int = 0
    changed: int = 0
    warnings: list[str] = field(default_factory=list)


def _read_file(project: Project, path: Path) -> dict[tuple[str, str], list[_Target]]:
    where = str(path)
    try:
        tree = etree.parse(where, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InterchangeError(f"not an XLIFF file: {exc.msg}", path=where,
                               line=exc.lineno or None) from None
    except OSError as exc:
        raise InterchangeError(f"cannot read: {exc.strerror or exc}", path=where) from None
    root = tree.getroot()
    if root.tag != f"{_Q}xliff" or root.get("version") != "1.2":
        raise InterchangeError("not an XLIFF 1.2 file (root <xliff version=\"1.2\"> in "
                               f"the namespace {NS})", path=where, line=root.sourceline)
    found: dict[tuple[str, str], list[_Target]] = {}
    for file in root.iterfind(f"{_Q}file"):
        lang = file.get("target-language", "")
        if lang not in project.config.languages:
            raise InterchangeError(
                f"target-language {lang!r} is not configured "
                f"(languages: {', '.join(project.config.languages)})",
                path=where, line=file.sourceline,
            )
        original = file.get("original", "")
        slug = Path(original).stem
        try:
            expected = project.relpath(project.po_path(lang, slug))
        except Exception:
            expected = ""
        if original != expected:
            raise InterchangeError(
                f"original {original!r} is not a catalog of this project", path=where,
                line=file.sourceline,
            )
        targets = found.setdefault((lang, slug), [])
        for unit in file.iter(f"{_Q}trans-unit"):
            source_el = unit.find(f"{_Q}source")
            target_el = unit.find(f"{_Q}target")
            if source_el is None:
                raise InterchangeError("<trans-unit> without <source>", path=where,
                                       line=unit.sourceline)
            if target_el is None:
                continue
            try:
                source = to_native(source_el)
                text = to_native(target_el, source_codes(source))
            except InlineProblem as problem:
                raise InterchangeError(str(problem), path=where, line=problem.line) from None
            state = target_el.get("state", "")
            if not text or (text == source and state not in REVIEWED_STATES):
                continue  # nothing, or the English copied (--copy-source): not a translation
            want = Counter(find_placeholders(source))
            have = Counter(find_placeholders(text))
            if want != have:
                lost = sorted((want - have).elements())
                extra = sorted((have - want).elements())
                what = "; ".join(
                    part for part in (
                        f"lost {' '.join(lost)}" if lost else "",
                        f"invented or repeated {' '.join(extra)}" if extra else "",
                    ) if part
                )
                raise InterchangeError(f"placeholders differ from the English: {what}",
                                       path=where, line=target_el.sourceline)
            targets.append(_Target(unit.get("resname"), source, text,
                                   state in REVIEWED_STATES, target_el.sourceline or 0))
    return found


def _apply(catalog: Catalog, targets: list[_Target], report: ImportReport, where: str) -> bool:
    entries: dict[Key, polib.POEntry] = {
        entry_key(e): e for e in catalog.po if not e.obsolete
    }
    changed = False
    for target in targets:
        report.units += 1
        entry = entries.get((target.msgctxt, target.msgid))
        if entry is None:
            report.warnings.append(
                f"{where}:{target.line}: warning: skipped: the English changed since the "
                f"export (no entry {target.msgid[:50]!r} in {catalog.rel})"
            )
            continue
        touched = False
        if target.text != entry.msgstr:
            entry.msgstr = target.text
            # a person's text now: the machine provenance no longer describes it
            entry.tcomment = "\n".join(
                ln for ln in (entry.tcomment or "").splitlines() if not ln.startswith("MT: ")
            )
            if "fuzzy" not in entry.flags and not target.reviewed:
                entry.flags.append("fuzzy")
            touched = True
        if target.reviewed and "fuzzy" in entry.flags:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = None
            entry.previous_msgctxt = None
            touched = True
        if touched:
            report.changed += 1
            changed = True
    return changed


def import_xliff(project: Project, files: list[Path]) -> ImportReport:
    """Bring the targets of ``files`` into the catalogs (all files verified before any write)."""
    plan: dict[tuple[str, str], list[tuple[str, list[_Target]]]] = {}
    for path in files:
        for key, targets in _read_file(project, path).items():
            plan.setdefault(key, []).append((str(path), targets))
    report = ImportReport()

    def edit(catalog: Catalog) -> bool:
        changed = False
        for where, targets in plan[(catalog.lang, catalog.slug)]:
            changed = _apply(catalog, targets, report, where) or changed
        return changed

    report.written = update_catalogs(project, list(plan), edit)
    return report
