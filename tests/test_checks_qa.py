"""The desk-editor checks: one glossary-matching rule everywhere, spelling's own severity and
configuration, CLDR month names, and what --strict says when only warnings fail."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from babel.core import Locale

from trilingual.checks import CheckContext, build_checks
from trilingual.checks.dates import month_forms, names_month
from trilingual.checks.spelling import (
    SpellingCheck,
    catalog_words,
    load_dictionary,
    read_word_list,
)
from trilingual.checks.terms import TerminologyCheck
from trilingual.cli import main
from trilingual.config import parse_config
from trilingual.engines.provenance import term_warnings
from trilingual.errors import ConfigError
from trilingual.glossary import parse_glossary

needs_dictionaries = pytest.mark.skipif(
    load_dictionary("be") is None or load_dictionary("ru") is None,
    reason="hunspell-be/hunspell-ru not installed (.ci/run installs them)",
)

BARE = parse_glossary("terms:\n  - en: Lukashenka\n    be: Лукашэнка\n    ru: Лукашенко\n", "g")
FIXED = parse_glossary(
    "terms:\n  - en: Lukashenka\n    be: Лукашэнка\n    ru: Лукашенко\n"
    "    inflect: {ru: false}\n", "g",
)


@pytest.mark.parametrize(("glossary", "lang", "translation", "accepted"), [
    (BARE, "be", "Сустрэча з Лукашэнкам адбылася ўчора.", True),
    (BARE, "be", "Пра гэта заявіў кіраўнік дзяржавы.", False),
    (BARE, "ru", "Встреча с Лукашенко прошла вчера.", True),
    (BARE, "ru", "Речь Лукашенки была длинной.", True),   # the stem accepts a declined form
    (FIXED, "ru", "Речь Лукашенки была длинной.", False),  # ... unless the term does not inflect
    (FIXED, "ru", "Речь Лукашенко была длинной.", True),
    (FIXED, "be", "Прамова Лукашэнкі была доўгай.", True),  # be still inflects
])
def test_translate_warns_exactly_when_the_terminology_check_does(
    glossary: object, lang: str, translation: str, accepted: bool
) -> None:
    source = "Lukashenka spoke for an hour."
    check = TerminologyCheck(CheckContext(glossary=glossary))  # type: ignore[arg-type]
    flagged = bool(check.check(source, translation, lang))
    warned = bool(term_warnings(glossary, lang, source, translation))  # type: ignore[arg-type]
    assert flagged == warned == (not accepted)


def test_inflect_must_be_a_boolean_or_a_mapping() -> None:
    with pytest.raises(ConfigError, match="'inflect' must be"):
        parse_glossary("terms:\n  - en: X\n    ru: Х\n    inflect: sometimes\n", "glossary.yaml")
    assert parse_glossary("terms:\n  - en: X\n    ru: Х\n    inflect: false\n", "g"
                          ).terms[0].fixed == {"ru"}


def test_month_names_come_from_cldr() -> None:
    for lang in ("be", "ru"):
        locale = Locale(lang)
        for month in range(1, 13):
            for ctx in ("format", "stand-alone"):
                name = locale.months[ctx]["wide"][month]
                assert names_month(name, month, lang)
                assert month_forms(lang)[month][0] and name.lower().startswith(
                    month_forms(lang)[month][0])
    assert names_month("лютым", 2, "be") and names_month("феврале", 2, "ru")
    assert not names_month("сакавіка", 2, "be") and not names_month("марта", 2, "ru")


def test_spelling_setting() -> None:
    def spelling(value: str) -> str:
        return parse_config(f"check:\n  spelling: {value}\n", Path("trilingual.yaml")
                            ).check_spelling

    assert (spelling("on"), spelling("off"), spelling("strict")) == ("on", "off", "strict")
    with pytest.raises(ConfigError, match=r"check\.spelling"):
        spelling("loud")
    checks, _ = build_checks(CheckContext(spelling="off"))
    assert "spelling" not in {c.id for c in checks}


@needs_dictionaries
def test_spelling_severity_suggestions_and_silencing(monkeypatch: pytest.MonkeyPatch) -> None:
    from trilingual.checks import spelling

    monkeypatch.setattr(spelling, "_spent", [0.0])  # earlier tests may have spent the budget
    source, text = "The bridge reopened.", "Мост зноў адркылі."
    issues = SpellingCheck().check(source, text, "be")
    assert [(i.severity, i.message.split(" (")[0]) for i in issues] == [
        ("spelling", "unknown word 'адркылі'")]
    assert "адкрылі" in issues[0].message
    assert [i.severity for i in SpellingCheck(CheckContext(spelling="strict")).check(
        source, text, "be")] == ["error"]
    entry = polib.POEntry(msgid=source, msgstr=text, flags=["ignore-spelling"])
    assert SpellingCheck().check(source, text, "be", entry) == []
    known = CheckContext(known_words=frozenset({"адркылі"}))
    assert SpellingCheck(known).check(source, text, "be") == []


@needs_dictionaries
def test_spelling_skips_acronyms_code_placeholders_and_glossary_names() -> None:
    glossary = parse_glossary("terms:\n  - en: Tsikhanouskaya\n    be: Ціханоўская\n"
                              "    forms:\n      be: [Ціханоўскай]\n", "g")
    check = SpellingCheck(CheckContext(glossary=glossary))
    text = "Ціханоўскай напісалі ў ЗША пра `адркылі` і {1}."
    assert check.check("They wrote to Tsikhanouskaya in the USA about `x` and {1}.", text,
                       "be") == []
    assert check.check("x", "Гэта была ПРОВЕРКА.", "be") == []  # all caps: an acronym
    assert [i.message.split(" (")[0] for i in check.check("x", "Проверка была хуткай.", "be")
            ] == ["unknown word 'Проверка'"]


def test_catalog_words_are_those_of_two_articles() -> None:
    def po(*texts: str) -> polib.POFile:
        catalog = polib.POFile()
        for number, text in enumerate(texts):
            catalog.append(polib.POEntry(msgid=f"s{number}", msgstr=text))
        catalog.append(polib.POEntry(msgid="f", msgstr="Чарнавік адркылі", flags=["fuzzy"]))
        return catalog

    words = catalog_words([po("Памежны пераход адкрылі."), po("Памежны пункт `код`.")])
    assert "памежны" in words and "пераход" not in words and "адркылі" not in words


def test_word_list_format(tmp_path: Path) -> None:
    path = tmp_path / "spelling.txt"
    path.write_text("# comment\nПамежны  # reviewed\n\nсям'я\n", encoding="utf-8")
    assert read_word_list(path) == {"памежны", "сям’я"}
    assert read_word_list(tmp_path / "missing.txt") == frozenset()


ARTICLE = "---\ntitle: Ports\n---\n\nExports fell in 2023.\n"


def test_strict_failing_on_warnings_says_so(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from trilingual.po import read_po, write_po

    root = tmp_path / "p"
    assert main(["init", str(root)]) == 0
    for old in (root / "articles").glob("*.md"):
        old.unlink()
    (root / "articles" / "ports.md").write_text(ARTICLE, encoding="utf-8")
    assert main(["--project", str(root), "extract"]) == 0
    table = {"be": {"Ports": "Парты", "Exports fell in 2023.": "Экспарт  упаў у 2023 годзе."},
             "ru": {"Ports": "Порты", "Exports fell in 2023.": "Экспорт упал в 2023 году."}}
    for lang, rows in table.items():
        path = root / "locales" / lang / "LC_MESSAGES" / "ports.po"
        po = read_po(path)
        for entry in po:
            entry.msgstr = rows[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        write_po(path, po)
    capsys.readouterr()
    assert main(["--project", str(root), "check"]) == 0
    capsys.readouterr()
    assert main(["--project", str(root), "check", "--strict"]) == 11
    err = capsys.readouterr().err
    assert ("0 QA error(s) and 1 warning(s) in 1 catalog(s) (--strict: warnings fail the gate "
            "too)") in err


@needs_dictionaries
def test_spelling_verdicts_persist_across_runs(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from trilingual.checks import spelling

    monkeypatch.setattr(spelling, "_verdicts", {})
    monkeypatch.setattr(spelling, "_suggestions", {})
    monkeypatch.setattr(spelling, "_spent", [0.0])
    assert spelling.is_known("адкрылі", "be") and not spelling.is_known("адркылі", "be")
    assert spelling.suggest("адркылі", "be")
    path = tmp_path / ".trilingual" / spelling.CACHE_NAME
    spelling.save_cache(path)
    monkeypatch.setattr(spelling, "_verdicts", {})
    monkeypatch.setattr(spelling, "_suggestions", {})

    def no_dictionary(lang: str) -> None:
        raise AssertionError("a warm cache needs no dictionary")

    monkeypatch.setattr(spelling, "load_dictionary", no_dictionary)
    spelling.load_cache(path)
    assert spelling.is_known("адкрылі", "be") and not spelling.is_known("адркылі", "be")
    assert "адкрылі" in spelling.suggest("адркылі", "be")
    path.write_text("{not json", encoding="utf-8")
    spelling.load_cache(path)  # an unreadable cache is an empty one
