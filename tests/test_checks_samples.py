"""Every reviewed translation shipped in the repository passes every QA check (no errors and no
warnings). Runs over whatever catalogs ``locales/`` holds; fails if there is no reviewed
translation at all for one of the languages."""

from __future__ import annotations

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
