"""Every reviewed translation shipped in the repository passes every QA check (no errors and no
warnings). Runs over whatever catalogs ``locales/`` holds; fails if there is no reviewed
translation at all for one of the languages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from trilingual.checks import CheckContext, build_checks
from trilingual.gate import check_entries, check_pairs, format_issue, live_entries
from trilingual.glossary import load_glossary
from trilingual.pofile import read_po
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
    checks, pairs = build_checks(
        CheckContext(glossary=load_glossary(ROOT)), project.config.check_disable
    )
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
        "р", "с", "т", "у", "в", "ў", "кс", "ы", "з",
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


def structural_translation(msgid: str, lang: str) -> str:
    """A 'translation' that keeps everything a translator must keep (placeholders, markup,
    links, numbers in local format, «» quotes, punctuation) and transliterates the words."""
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
            text = "".join(
                (table[_LATIN.index(c.lower())].upper() if c.isupper()
                 else table[_LATIN.index(c)]) if c.lower() in _LATIN else c
                for c in text
            )
        out.append(text)
    return "".join(out)


def test_no_false_alarms_on_the_shipped_articles(tmp_path: Path) -> None:
    """Every msgid the extractor makes from the repository's articles, 'translated' keeping
    its structure, passes every check except terminology (the words are not translated)."""
    from trilingual.cli import main

    articles = sorted((ROOT / "articles").glob("*.md"))
    assert articles
    root = tmp_path / "p"
    assert main(["init", str(root)]) == 0
    for path in articles:
        shutil.copy(path, root / "articles" / path.name)
    assert main(["--project", str(root), "extract"]) == 0
    checks, pairs = build_checks(CheckContext(), ["terminology"])
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
