"""TBX-Basic (ISO 30042, the ``martif`` dialect CAT tools read) and DeepL's CSV/TSV glossary
format, to and from ``glossary.yaml``.

One ``<termEntry>`` per term: the note at concept level; in the English ``<langSet>`` the
definition and the term (part of speech, ``preferredTerm-admn-sts``); in each target
``<langSet>`` the preferred term, the admitted alternatives (``admittedTerm-admn-sts``), the
inflected forms (admitted, ``termType`` ``variant``) and the forbidden terms
(``deprecatedTerm-admn-sts``). A do-not-translate term is written in each target language as
itself with ``<termNote type="transferComment">do not translate</termNote>``.

Import merges by English term: an imported term replaces the one with the same ``en``, new
terms are appended, the others are kept; nothing is written when that changes no term.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from lxml import etree

from trilingual.errors import InterchangeError
from trilingual.glossary import GLOSSARY_NAME, PARTS_OF_SPEECH, Glossary, Term, load_glossary
from trilingual.interchange.common import lang_matches, xml_text
from trilingual.interchange.glossfile import format_glossary

DNT_NOTE = "do not translate"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = {
    "preferred": "preferred", "preferredterm": "preferred",
    "admitted": "admitted", "admittedterm": "admitted",
    "deprecated": "forbidden", "deprecatedterm": "forbidden", "forbidden": "forbidden",
    "superseded": "forbidden", "supersededterm": "forbidden", "notrecommended": "forbidden",
}


def _tig(text: str, status: str, pos: str = "", extra: str = "") -> str:
    notes = f'<termNote type="partOfSpeech">{pos}</termNote>' if pos else ""
    return (
        f"        <tig><term>{xml_text(text, GLOSSARY_NAME)}</term>{notes}"
        f'<termNote type="administrativeStatus">{status}Term-admn-sts</termNote>{extra}</tig>\n'
    )


def format_tbx(glossary: Glossary, source: str, langs: list[str]) -> str:
    """The TBX-Basic document of ``glossary`` for the target languages ``langs``."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'
        f'<martif type="TBX-Basic-V1" xml:lang="{source}">\n'
        "  <martifHeader>\n"
        "    <fileDesc><sourceDesc><p>trilingual glossary.yaml</p></sourceDesc></fileDesc>\n"
        '    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>\n'
        "  </martifHeader>\n  <text>\n    <body>\n"
    ]
    for number, term in enumerate(glossary.terms, start=1):
        out.append(f'    <termEntry id="t{number}">\n')
        if term.note:
            out.append(f"      <note>{xml_text(term.note, GLOSSARY_NAME)}</note>\n")
        out.append(f'      <langSet xml:lang="{source}">\n')
        if term.definition:
            out.append(
                '        <descrip type="definition">'
                f"{xml_text(term.definition, GLOSSARY_NAME)}</descrip>\n"
            )
        out.append(_tig(term.en, "preferred", term.pos))
        out.append("      </langSet>\n")
        for lang in [*term.targets, *(x for x in langs if x not in term.targets)]:
            tigs = []
            if lang in term.targets:
                tigs.append(_tig(term.targets[lang], "preferred", term.pos))
            elif term.dnt:
                tigs.append(_tig(term.en, "preferred", term.pos,
                                 f'<termNote type="transferComment">{DNT_NOTE}</termNote>'))
            tigs += [_tig(t, "admitted", term.pos) for t in term.admitted.get(lang, ())]
            tigs += [
                _tig(t, "admitted", term.pos, '<termNote type="termType">variant</termNote>')
                for t in term.forms.get(lang, ())
            ]
            tigs += [_tig(t, "deprecated", term.pos) for t in term.forbidden.get(lang, ())]
            if tigs:
                out.append(f'      <langSet xml:lang="{lang}">\n{"".join(tigs)}      </langSet>\n')
        out.append("    </termEntry>\n")
    out.append("    </body>\n  </text>\n</martif>\n")
    return "".join(out)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _term_notes(tig: etree._Element) -> dict[str, str]:
    notes: dict[str, str] = {}
    for child in tig:
        if _local(child) == "termNote" and child.get("type"):
            notes.setdefault(str(child.get("type")), "".join(child.itertext()).strip())
    return notes


def _status(raw: str) -> str:
    key = raw.strip().lower().removesuffix("-admn-sts").replace(" ", "")
    return _STATUS.get(key, "preferred")


def parse_tbx(path: Path, source: str, langs: list[str]) -> list[Term]:
    """The terms of a TBX file (TBX-Basic, or any ``martif``/``tbx`` with termEntry/langSet/
    tig or termSec); a broken file is an InterchangeError naming it and the line."""
    where = str(path)
    try:
        root = etree.parse(where, etree.XMLParser(resolve_entities=False, no_network=True,
                                                  load_dtd=False)).getroot()
    except etree.XMLSyntaxError as exc:
        raise InterchangeError(f"not a TBX file: {exc.msg}", path=where,
                               line=exc.lineno or None) from None
    except OSError as exc:
        raise InterchangeError(f"cannot read: {exc.strerror or exc}", path=where) from None
    if _local(root) not in ("martif", "tbx"):
        raise InterchangeError("not a TBX file (root is not <martif> or <tbx>)", path=where,
                               line=root.sourceline)
    terms: list[Term] = []
    for entry in root.iter():
        if _local(entry) not in ("termEntry", "conceptEntry"):
            continue
        notes = [" ".join(n.itertext()).strip() for n in entry if _local(n) == "note"]
        en = definition = pos = ""
        dnt = False
        targets: dict[str, str] = {}
        lists: dict[str, dict[str, list[str]]] = {"admitted": {}, "forms": {}, "forbidden": {}}
        for lang_set in entry:
            if _local(lang_set) != "langSet":
                continue
            code = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            is_source = lang_matches(code, source)
            lang = next((x for x in langs if lang_matches(code, x)), None)
            for child in lang_set:
                if _local(child) == "descrip" and child.get("type") == "definition":
                    definition = definition or "".join(child.itertext()).strip()
            for tig in lang_set:
                if _local(tig) not in ("tig", "termSec", "ntig"):
                    continue
                term_el = next((t for t in tig.iter() if _local(t) == "term"), None)
                text = "".join(term_el.itertext()).strip() if term_el is not None else ""
                if not text:
                    continue
                info = _term_notes(tig)
                status = _status(info.get("administrativeStatus", ""))
                if is_source:
                    if not en and status != "forbidden":
                        en = text
                        pos = info.get("partOfSpeech", "")
                    continue
                if lang is None:
                    continue
                if info.get("transferComment", "").lower() == DNT_NOTE:
                    dnt = True
                elif status == "forbidden":
                    lists["forbidden"].setdefault(lang, []).append(text)
                elif info.get("termType") == "variant":
                    lists["forms"].setdefault(lang, []).append(text)
                elif status == "preferred" and lang not in targets:
                    targets[lang] = text
                else:
                    lists["admitted"].setdefault(lang, []).append(text)
        if not en:
            raise InterchangeError("term entry without an English term", path=where,
                                   line=entry.sourceline)
        terms.append(Term(
            en=en, targets=targets,
            forms={k: tuple(v) for k, v in lists["forms"].items()},
            note="\n".join(n for n in notes if n), definition=definition,
            pos=pos if pos in PARTS_OF_SPEECH else "", dnt=dnt,
            admitted={k: tuple(v) for k, v in lists["admitted"].items()},
            forbidden={k: tuple(v) for k, v in lists["forbidden"].items()},
        ))
    return terms


def merge_terms(old: tuple[Term, ...], new: list[Term]) -> tuple[tuple[Term, ...], int, int]:
    """``old`` with ``new`` merged by English term: (terms, added, changed)."""
    by_en = {t.en: t for t in new}
    merged = []
    changed = 0
    for term in old:
        replacement = by_en.pop(term.en, term)
        if replacement is not term and not replacement.fixed:
            # TBX-Basic has no field for "does not inflect": the glossary's own setting stays
            replacement = replace(replacement, fixed=term.fixed & set(replacement.targets))
        changed += replacement != term
        merged.append(replacement)
    merged += by_en.values()
    return tuple(merged), len(by_en), changed


def import_tbx(
    root: Path, files: list[Path], source: str, langs: list[str]
) -> tuple[str, int, int]:
    """The new ``glossary.yaml`` text after merging ``files``; (text, added, changed)."""
    glossary = load_glossary(root)
    terms = glossary.terms
    added = changed = 0
    for file in files:
        terms, plus, diff = merge_terms(terms, parse_tbx(file, source, langs))
        added += plus
        changed += diff
    return format_glossary(terms), added, changed


def format_deepl(glossary: Glossary, lang: str, *, tsv: bool = False) -> str:
    """DeepL's glossary entries format: ``source,target`` per line (or tab-separated), no
    header, one entry per English term (its preferred, or do-not-translate, form)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if tsv else ",", lineterminator="\n")
    seen: set[str] = set()
    for term in glossary.for_language(lang):
        target = term.targets[lang].strip()
        if term.en.strip() in seen or not target:
            continue
        seen.add(term.en.strip())
        if tsv and ("\t" in term.en or "\t" in target):
            raise InterchangeError(f"term {term.en!r} holds a tab (use CSV)", path=GLOSSARY_NAME)
        writer.writerow([term.en.strip(), target])
    return buffer.getvalue()
