"""Helpers for the release tests: sample projects with pseudo-translated, reviewed catalogs.

(No tests here; the module name keeps it next to the tests that import it.)
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from trilingual.config import CONFIG_NAME, DEFAULT_CONFIG_TEXT
from trilingual.extract import extract_project
from trilingual.po import read_po, write_po
from trilingual.project import Project

REPO = Path(__file__).resolve().parents[1]
SAMPLE_ARTICLES = REPO / "articles"
CHROMIUM = Path("/usr/bin/chromium")

Translator = Callable[[str, str | None, str], str | None]

MARKS = {"be": "ЎБЕ", "ru": "ЁРУ"}


def localize_numbers(text: str) -> str:
    """``1,000`` -> ``1 000`` and ``12.3`` -> ``12,3`` outside code spans, as be/ru write them
    (so that a stand-in translation passes the ``numbers`` check the release runs)."""
    parts = re.split(r"(`[^`]*`)", text)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"(?<=\d)\.(?=\d)", ",",
                          re.sub(r"(?<=\d),(?=\d{3}\b)", "\u00a0", parts[i]))
    return "".join(parts)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_SCALES = {"thousand": "тыс.", "million": "млн", "billion": "млрд", "trillion": "трлн"}


def localize_words(text: str, lang: str) -> str:
    """English month names (also ``Feb.``) as CLDR's genitive in ``lang`` and scale words as
    be/ru abbreviations, outside code spans: what the ``dates`` and ``numbers`` checks the
    release runs look for in a translation."""
    from babel.dates import get_month_names

    if lang not in ("be", "ru"):
        return text
    names = get_month_names("wide", context="format", locale=lang)
    parts = re.split(r"(`[^`]*`|\{\d+\})", text)
    for i in range(0, len(parts), 2):
        for number, month in enumerate(_MONTHS, start=1):
            parts[i] = re.sub(rf"\b(?:{month}|{month[:3]}\.)(?=[\s,]|$)", names[number], parts[i])
        for word, short in _SCALES.items():
            parts[i] = re.sub(rf"\b{word}s?\b", short, parts[i])
    return "".join(parts)


def pseudo(lang: str, msgctxt: str | None, msgid: str) -> str | None:
    """A visible stand-in translation that keeps placeholders and inline Markdown (numbers,
    dates and scale words written the be/ru way)."""
    return f"{MARKS.get(lang, lang.upper())} {localize_words(localize_numbers(msgid), lang)}"


def make_project(
    root: Path,
    *,
    articles: dict[str, str] | None = None,
    translate: Translator = pseudo,
    config_extra: str = "",
    fuzzy: Callable[[str, str], bool] | None = None,
) -> Project:
    """A project under ``root`` with the sample (or given) articles and filled catalogs.

    ``translate(lang, msgctxt, msgid)`` gives each msgstr (None leaves it empty);
    ``fuzzy(lang, msgid)`` marks an entry fuzzy.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / CONFIG_NAME).write_text(DEFAULT_CONFIG_TEXT + config_extra, encoding="utf-8")
    target = root / "articles"
    target.mkdir(exist_ok=True)
    if articles is None:
        for path in sorted(SAMPLE_ARTICLES.glob("*.md")):
            shutil.copy(path, target / path.name)
    else:
        for slug, text in articles.items():
            (target / f"{slug}.md").write_text(text, encoding="utf-8")
    project = Project.open(root)
    fill_catalogs(project, translate, fuzzy)
    return project


def fill_catalogs(
    project: Project, translate: Translator = pseudo,
    fuzzy: Callable[[str, str], bool] | None = None,
) -> None:
    """Extract catalogs and fill every entry through ``translate``."""
    extract_project(project)
    for slug in project.slugs():
        for lang in project.config.languages:
            path = project.po_path(lang, slug)
            po = read_po(path)
            for entry in po:
                text = translate(lang, entry.msgctxt, entry.msgid)
                entry.msgstr = text or ""
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                if fuzzy is not None and fuzzy(lang, entry.msgid):
                    entry.flags.append("fuzzy")
            write_po(path, po)


def set_translation(project: Project, lang: str, slug: str, msgid_part: str, msgstr: str) -> None:
    """Give the first entry whose msgid contains ``msgid_part`` the translation ``msgstr``."""
    path = project.po_path(lang, slug)
    po = read_po(path)
    for entry in po:
        if msgid_part in entry.msgid:
            entry.msgstr = msgstr
            break
    else:
        raise AssertionError(f"no msgid containing {msgid_part!r}")
    write_po(path, po)
