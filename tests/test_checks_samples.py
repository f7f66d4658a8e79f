"""Every reviewed translation shipped in the repository passes every QA check (no errors and no
warnings). Runs over whatever catalogs ``locales/`` holds; fails if there is no reviewed
translation at all for one of the languages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from trilingual.checks import CheckContext, build_checks, is_ignored
from trilingual.checks.base import strip_code
from trilingual.checks.completeness import is_exempt_from_translation
from trilingual.gate import check_entries, check_pairs, known_words, live_entries
from trilingual.gate_report import format_issue
from trilingual.glossary import load_glossary
from trilingual.po import read_po
from trilingual.project import Project

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("be", "ru")


def _catalogs(lang: str) -> list[Path]:
    return sorted((ROOT / "locales" / lang / "LC_MESSAGES").glob("*.po"))


@pytest.mark.parametrize("lang", LANGS)
def test_repository_ships_reviewed_translations(lang: str) -> None:
    reviewed = 0
    for path in _catalogs(lang):
        po = read_po(path, path.relative_to(ROOT).as_posix())
        reviewed += sum(1 for e in live_entries(po) if e.msgstr and not e.fuzzy)
    assert reviewed > 0, f"no reviewed {lang} translation under locales/{lang}/LC_MESSAGES"


def test_shipped_reviewed_translations_have_no_issues() -> None:
    project = Project.open(ROOT)
    context = CheckContext(glossary=load_glossary(ROOT), known_words=known_words(project, LANGS))
    checks, pairs = build_checks(context, project.config.check_disable)
    slugs = sorted({p.stem for lang in LANGS for p in _catalogs(lang)})
    problems = []
    for slug in slugs:
        loaded = {}
        for lang in LANGS:
            path = ROOT / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
            if path.exists():
                rel = path.relative_to(ROOT).as_posix()
                loaded[lang] = (read_po(path, rel), rel)
        found = {lang: check_entries(po, lang, checks, path=rel)
                 for lang, (po, rel) in loaded.items()}
        pairs_found = check_pairs(loaded, pairs, found)
        for lang in loaded:
            problems += [format_issue(i) for i in found[lang] + pairs_found[lang]]
    assert not problems, f"{len(problems)} issue(s):\n" + "\n".join(problems)


# False alarms on real msgids -----------------------------------------------------------------

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC = {
    "be": [
        "а", "б", "ц", "д", "э", "ф", "г", "х", "і", "й", "к", "л", "м", "н", "о", "п", "к",
        "р", "с", "т", "ю", "в", "в", "кс", "ы", "з",
    ],
    "ru": [
        "а", "б", "ц", "д", "е", "ф", "г", "х", "и", "й", "к", "л", "м", "н", "о", "п", "к",
        "р", "с", "т", "у", "в", "в", "кс", "ы", "з",
    ],
}
_KEEP_RE = re.compile(r"(`+).+?\1|\{\d+\}|\]\([^)]*\)|\]\[[^\]]*\]|https?://\S+")
_EN_NUMBER_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")


def _local_number(match: re.Match[str]) -> str:
    text = match.group(0)
    return text.replace(",", "\u00a0").replace(".", ",")


# Scale and currency words a translator must keep with their numbers.
_KEPT_WORDS = {
    "be": {"thousand": "тыс.", "million": "млн", "billion": "млрд", "trillion": "трлн",
           "euros": "еўра", "euro": "еўра", "dollars": "долараў", "dollar": "долар"},
    "ru": {"thousand": "тыс.", "million": "млн", "billion": "млрд", "trillion": "трлн",
           "euros": "евро", "euro": "евро", "dollars": "долларов", "dollar": "доллар"},
}
_KEPT_RE = re.compile(r"\b(" + "|".join(sorted(_KEPT_WORDS["be"], key=len, reverse=True))
                      + r")\b", re.IGNORECASE)


def structural_translation(msgid: str, lang: str) -> str:
    """A 'translation' that keeps everything a translator must keep (placeholders, markup,
    links, numbers in local format with their scale and currency words, «» quotes,
    punctuation) and transliterates the other words."""
    table = _CYRILLIC[lang]
    out, last = [], 0
    pieces = []
    for match in _KEEP_RE.finditer(msgid):
        pieces += [(False, msgid[last:match.start()]), (True, match.group(0))]
        last = match.end()
    pieces.append((False, msgid[last:]))
    straight = 0
    for keep, text in pieces:
        if not keep:
            text = _EN_NUMBER_RE.sub(_local_number, text)
            text = text.replace("“", "«").replace("”", "»").replace("‘", "„")
            while '"' in text:
                text = text.replace('"', "«»"[straight % 2], 1)
                straight += 1
            text = re.sub(r"(?<=\w)['’](?=\w)", "", text).replace("’", "“")
            kept = _KEPT_RE.split(text)
            text = "".join(
                _KEPT_WORDS[lang][part.lower()] if index % 2 else "".join(
                    (table[_LATIN.index(c.lower())].upper() if c.isupper()
                     else table[_LATIN.index(c)]) if c.lower() in _LATIN else c
                    for c in part
                )
                for index, part in enumerate(kept)
            )
        out.append(text)
    return "".join(out)


def test_no_false_alarms_on_the_shipped_articles(tmp_path: Path) -> None:
    """Every msgid the extractor makes from the repository's articles, 'translated' keeping
    its structure, passes every check except terminology, spelling, dates and negation (month
    names and negations are words, and words are not translated)."""
    from trilingual.cli import main

    articles = sorted((ROOT / "articles").glob("*.md"))
    assert articles
    root = tmp_path / "p"
    assert main(["init", str(root)]) == 0
    for path in articles:
        shutil.copy(path, root / "articles" / path.name)
    assert main(["--project", str(root), "extract"]) == 0
    checks, pairs = build_checks(CheckContext(), ["terminology", "spelling", "dates",
                                                    "negation"])
    problems, entries = [], 0
    for path in articles:
        loaded = {}
        for lang in LANGS:
            po_path = root / "locales" / lang / "LC_MESSAGES" / f"{path.stem}.po"
            po = read_po(po_path)
            for entry in po:
                entry.msgstr = structural_translation(entry.msgid, lang)
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            entries += len(po)
            loaded[lang] = (po, po_path.name)
        found = {lang: check_entries(po, lang, checks, path=rel)
                 for lang, (po, rel) in loaded.items()}
        pairs_found = check_pairs(loaded, pairs, found)
        for lang in loaded:
            problems += [format_issue(i) for i in found[lang] + pairs_found[lang]]
    assert entries > 100
    assert not problems, "\n".join(problems)


# Recall on real sentences ----------------------------------------------------------------------

_LOOKALIKE = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i"}


def _mutations(source: str, text: str, lang: str) -> list[tuple[str, str]]:
    """(check id, broken translation) pairs: one typical mistake of each kind, where it applies."""
    out = []
    plain = strip_code(text)
    digits = re.search(r"\d+", plain)
    if digits and re.search(r"\d", strip_code(source)):
        out.append(("numbers", text.replace(digits.group(0), str(int(digits.group(0)) + 1), 1)))
    token = re.search(r"\{\d+\}", text)
    if token:
        out.append(("placeholders", text.replace(token.group(0), "", 1)))
    word = re.search(r"[а-яіў]{3,}", plain)
    if word:
        w = word.group(0)
        i = next((k for k, ch in enumerate(w) if ch in _LOOKALIKE), None)
        if i is not None:
            swapped = w[:i] + _LOOKALIKE[w[i]] + w[i + 1:]
            out.append(("latin-lookalike", text.replace(w, swapped, 1)))
        own, other = ("і", "и") if lang == "be" else ("и", "і")
        if own in w:
            out.append(("foreign-letters", text.replace(w, w.replace(own, other), 1)))
    if "«" in text:
        out.append(("quotes", text.replace("«", '"').replace("»", '"')))
    if text.rstrip()[-1:] in (".", "?", "!", ":"):
        out.append(("end-punctuation", text.rstrip()[:-1]))
    if " " in text:
        out.append(("spaces", text.replace(" ", "  ", 1)))
    short_u = re.search(r"[аеёіоуыэюя] ў ", text) if lang == "be" else None
    if short_u:
        out.append(("short-u", text[:short_u.start() + 1] + " у " + text[short_u.end():]))
    if lang == "be" and "’" in plain:
        out.append(("apostrophe", text.replace("’", "'")))
    if "**" in text:
        out.append(("markup", text.replace("**", "", 1)))
    if "](" in text:
        out.append(("links", text.replace("](", "] (", 1)))
    if not is_exempt_from_translation(source):
        out.append(("same-as-source", source))
    typo = re.search(r"(?<![\w’-])[а-яіў]{7,}(?![\w’-])", plain)
    if typo:  # two letters in the middle of a long word swapped
        w = typo.group(0)
        swapped = w[:3] + w[4] + w[3] + w[5:]
        if swapped != w:
            out.append(("spelling", text.replace(w, swapped, 1)))
    return [(check, broken) for check, broken in out if broken != text]


def test_typical_mistakes_in_shipped_translations_are_caught() -> None:
    """Each shipped reviewed translation, broken in one typical way at a time, is flagged by the
    check for that kind of mistake (unless the entry silences that check)."""
    project = Project.open(ROOT)
    checks, _ = build_checks(CheckContext(glossary=load_glossary(ROOT),
                                          known_words=known_words(project, LANGS)))
    tried, missed = 0, []
    for lang in LANGS:
        for path in _catalogs(lang):
            for entry in live_entries(read_po(path)):
                if not entry.msgstr or entry.fuzzy:
                    continue
                for check_id, broken in _mutations(entry.msgid, entry.msgstr, lang):
                    if is_ignored(entry, check_id):
                        continue
                    tried += 1
                    found = {
                        i.check for c in checks for i in c.check(entry.msgid, broken, lang, entry)
                    }
                    if check_id not in found:
                        missed.append(f"{lang} [{check_id}] {broken}")
    assert tried > 100 or not _catalogs("be")
    assert not missed, "\n".join(missed)
