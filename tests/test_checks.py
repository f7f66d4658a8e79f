"""Each QA check: sentences it must flag and sentences it must pass, in Belarusian and Russian;
plus the registry contract every check obeys."""

from __future__ import annotations

import re

import polib
import pytest
from babel.numbers import format_decimal, format_percent
from hypothesis import given
from hypothesis import strategies as st

from trilingual.catalog import entry_state
from trilingual.checks import (
    ALL_IDS,
    CHECKS,
    PAIR_CHECKS,
    CheckContext,
    build_checks,
    validate_ids,
)
from trilingual.checks.base import SEVERITIES, Check
from trilingual.checks.completeness import count_words
from trilingual.checks.consistency import CrossLanguageCheck
from trilingual.checks.numbers import english_numbers, target_numbers
from trilingual.checks.terms import matches_form, stem
from trilingual.checks.typography import end_mark
from trilingual.errors import ConfigError
from trilingual.glossary import parse_glossary

GLOSSARY = parse_glossary(
    """
terms:
  - en: Lukashenka
    be: Лукашэнка
    ru: Лукашенко
    forms:
      be: [Лукашэнкі, Лукашэнку, Лукашэнкам]
    inflect: {ru: false}
  - en: Tsikhanouskaya
    be: Ціханоўская
    ru: Тихановская
  - en: Eurasian Economic Union
    be: Еўразійскі эканамічны саюз
    ru: Евразийский экономический союз
  - en: potash
    be: калійныя ўгнаенні
    ru: калийные удобрения
    forms:
      be: [калійных угнаенняў]
  - en: United States
    be: ЗША
    ru: США
  - en: Reuters
    be: Reuters
    ru: Reuters
  - en: Belarus
    forbidden:
      be: [Белоруссія]
      ru: [Белоруссия]
""",
    "glossary.yaml",
)
CONTEXT = CheckContext(glossary=GLOSSARY)
BY_ID = {cls.id: cls(CONTEXT) for cls in CHECKS}

NBSP, NNBSP = "\u00a0", "\u202f"

# (check id, lang, source, translation) -- every row must be flagged by that check.
FLAG = [
    ("forbidden-term", "ru", "Trade with Belarus grew.", "Торговля с Белоруссией выросла."),
    ("forbidden-term", "be", "Trade with Belarus grew.", "Гандаль з Белоруссіяй вырас."),
    ("placeholders", "be", "The text {1} was cited by {2}.", "Тэкст {1} працытавалі."),
    ("placeholders", "ru", "He cited {1}.", "Он процитировал {1} и {3}."),
    ("markup", "be", "The **main** route is *longer*.", "**Галоўны маршрут *даўжэйшы*."),
    ("markup", "ru", "Run `trilingual check` daily.", "Запускайте `трилингвал check` ежедневно."),
    ("markup", "ru", "The ~~old~~ new plan.", "Новый план."),
    ("links", "be", "Read [the report]({1}).", "Чытайце [справаздачу] ({1})."),
    ("links", "ru", "Data: https://stat.gov.by/en/.", "Данные: https://stat.gov.by/ru/."),
    ("links", "ru", "See [the data][{2}].", "См. [данные][{3}]."),
    ("numbers", "be", "Exports reached 1,200 tonnes.", "Экспарт дасягнуў 1 100 тон."),
    ("numbers", "ru", "Inflation was 2.5% in 2024.", "Инфляция составила 2,5 %."),
    ("numbers", "ru", "Exports reached 1,200 tonnes.", "Экспорт достиг 1,200 тонн."),
    ("numbers", "be", "The deal is worth $1.5 billion.", "Здзелка каштуе 15 млрд долараў."),
    ("latin-lookalike", "be", "In Minsk.", "У М\u0069нску."),
    ("latin-lookalike", "ru", "Foreign policy.", "Внешняя п\u006fлитика."),
    ("latin-lookalike", "be", "Potash exports.", "Калійны экспарт\u0061."),
    ("latin-lookalike", "be", "Minsk and Hrodna.", "Мінск \u0069 Гродна."),
    ("latin-lookalike", "ru", "Minsk and Hrodna.", "Минск \u0438 Гродно, \u0063 кем-то."),
    ("foreign-letters", "be", "The president spoke.", "Прэзидэнт выступіў."),
    ("foreign-letters", "be", "Once more.", "Ещё раз."),
    ("foreign-letters", "ru", "Belarus and Russia.", "Беларусь і Россия."),
    ("foreign-letters", "ru", "The Pravda newspaper.", "Газета «Праўда»."),
    ("apostrophe", "be", "The family.", "Сям'я."),
    ("apostrophe", "be", "The announcement.", "Аб\u02bcява."),
    ("short-u", "be", "She works in Minsk.", "Яна працуе у Мінску."),
    ("short-u", "be", "Minsk in Belarus.", "Мінск ў Беларусі."),
    ("short-u", "be", "In Minsk it is cold.", "Ў Мінску холадна."),
    ("quotes", "be", "He said: “We will win.”", 'Ён сказаў: "Мы пераможам".'),
    ("quotes", "ru", "He said: “We will win.”", "Он сказал: “Мы победим”."),
    ("quotes", "be", "The newspaper “Zviazda” wrote.", "«Газета «Звязда»» пісала."),
    ("quotes", "be", "He said: “We will win.”", "Ён сказаў: «Мы пераможам."),
    ("quotes", "ru", "The so-called ‘reform’.", "Так называемая 'реформа'."),
    ("spaces", "be", "We will win.", "Мы  пераможам."),
    ("spaces", "ru", "We will win.", "Мы победим. "),
    ("spaces", "ru", "Please wait, now.", "Пожалуйста , подождите."),
    ("spaces", "be", "We will win.", " Мы пераможам."),
    ("end-punctuation", "be", "Will prices rise?", "Цэны вырастуць."),
    ("end-punctuation", "ru", "Prices rose.", "Цены выросли"),
    ("end-punctuation", "ru", "The new route", "Новый маршрут."),
    ("end-punctuation", "be", "Three reasons:", "Тры прычыны."),
    ("same-as-source", "be", "The route is longer.", "The route is longer."),
    ("same-as-source", "ru", "The route is longer.", "The route is long."),
    ("same-as-source", "be", "Anton Dubrava", "Anton Dubrava"),
    ("same-as-source", "ru", "**Lithuania**", "**Lithuania**"),
    ("same-as-source", "be", "Economy", "Economy"),
    ("numbers", "be", "12.3", "12.3"),
    ("numbers", "be", "In the 20th century.", "У XIX стагоддзі."),
    ("numbers", "ru", "Growth was 2.5%.", "Рост составил 2.5%."),
    ("terminology", "be", "Lukashenka met Xi.", "Прэзідэнт сустрэўся з Сі."),
    ("terminology", "ru", "Tsikhanouskaya left.", "Цихановская уехала."),
    ("terminology", "be", "Trade within the Eurasian Economic Union.",
     "Гандаль у межах саюза."),
    ("terminology", "ru", "Potash exports fell.", "Экспорт соли упал."),
    ("unsafe-link", "be", "Read [this](javascript:void).", "Чытайце [гэта](javascript:void)."),
    ("unsafe-link", "ru", "Read [this]({1}).", "Читайте [это](data:text/html,x)."),
    ("control-char", "be", "Minsk.", "Мінск\x1b]0;x\x07."),
    ("control-char", "ru", "Minsk.", "Минск\x85."),
    ("hidden-char", "be", "Minsk.", "Мін\u200bск."),
    ("hidden-char", "ru", "Minsk.", "\u202eМинск."),
    ("terminology", "ru", "Lukashenka spoke.", "Лукашенки выступил."),
    ("numbers", "be", "Turnout was 99%.", "Яўка склала 99."),
    ("numbers", "ru", "The deal is worth $1.5 billion.", "Сделка стоит 1,5 млн долларов."),
    ("numbers", "be", "About 3,000 jobs.", "Каля 3 млн працоўных месцаў."),
    ("numbers", "be", 'Read [it]({1} "Report 2024").', 'Чытайце [яе]({1} "Справаздача 2023").'),
    ("numbers", "ru", "It cost €40 million.", "Это стоило 40 млн долларов."),
    ("dates", "be", "On March 4, 2024, it opened.", "4 красавіка 2024 года ён адкрыўся."),
    ("dates", "ru", "It opened on 4 March.", "Он открылся 4 апреля."),
    ("dates", "ru", "It opened on March 4, 2024.", "Он открылся 4 марта 2023 года."),
    ("spelling", "be", "The check was quick.", "Проверка была хуткай."),
    ("spelling", "be", "The bridge reopened.", "Мост зноў адркылі."),
    ("spelling", "ru", "The bridge reopened.", "Мост снова открлыи."),
    ("short-u", "be", "She did not take part.", "Яна не удзельнічала."),
    ("short-u", "be", "Autumn came to town.", "Восень ўвайшла ў горад."),
    ("links", "ru", "See ![a chart]({1}).", "См. ![]({1})."),
    ("numbers", "be", "![Exports in 2023]({1})", "![Экспарт у 2022 годзе]({1})"),
    ("truncation", "be", "The company said the new terminal would double the route's capacity.",
     "Кампанія заявіла."),
    ("truncation", "ru", "The company said the new terminal would double the route's capacity.",
     "Компания заявила."),
    ("negation", "be", "The ministry did not confirm it.", "Міністэрства гэта пацвердзіла."),
    ("negation", "ru", "He never came back.", "Он вернулся."),
]

# (check id, lang, source, translation) -- none of these may be flagged by that check.
PASS = [
    ("forbidden-term", "ru", "A Belarusian firm.", "Белорусская фирма."),
    ("forbidden-term", "be", "Trade with Belarus grew.", "Гандаль з Беларуссю вырас."),
    ("placeholders", "be", "See {2} and {1}.", "Глядзіце {1} і {2}."),
    ("placeholders", "ru", "The text {1} was cited by {2}.", "Текст {1} процитировал {2}."),
    ("markup", "be", "The **main** route is *longer*.", "**Галоўны** маршрут *даўжэйшы*."),
    ("markup", "ru", "Run `trilingual check` daily.", "Ежедневно запускайте `trilingual check`."),
    ("markup", "be", "A *b* and __c__.", "*Б* і **в**."),
    ("links", "be", "Read [the report]({1}).", "Чытайце [справаздачу]({1})."),
    ("links", "ru", "Data: https://stat.gov.by/en/.", "Данные: https://stat.gov.by/en/."),
    ("links", "ru", "See [the data][{2}] and ![a chart]({3}).",
     "См. ![диаграмму]({3}) и [данные][{2}]."),
    ("numbers", "be", "Exports reached 1,200 tonnes.", "Экспарт дасягнуў 1 200 тон."),
    ("numbers", "be", "Exports reached 1,200 tonnes.", f"Экспарт дасягнуў 1{NBSP}200 тон."),
    ("numbers", "ru", "Exports reached 10,000 tonnes.", f"Экспорт достиг 10{NNBSP}000 тонн."),
    ("numbers", "ru", "Exports reached 1,200 tonnes.", "Экспорт достиг 1200 тонн."),
    ("numbers", "be", "Inflation was 2.5% in 2024.", "Інфляцыя ў 2024 годзе склала 2,5 %."),
    ("numbers", "ru", "Inflation was 2.5% in 2024.", "В 2024 году инфляция составила 2,5%."),
    ("numbers", "be", "The deal is worth $1.5 billion.", "Здзелка каштуе 1,5 млрд долараў."),
    ("numbers", "ru", "The deal is worth $1.5 billion.", "Сделка стоит 1,5 млрд долларов."),
    ("numbers", "ru", "The deal is worth $1.5 billion.", "Сделка стоит 1500 млн долларов."),
    ("numbers", "be", "It adds between $15 and $25 per tonne.",
     "Гэта дадае ад 15 да 25 долараў за тону."),
    ("numbers", "ru", "On Feb. 1, 2022, transit stopped.",
     "1 февраля 2022 года транзит прекратился."),
    ("numbers", "be", "About 5,000 jobs.", "Каля 5 тыс. працоўных месцаў."),
    ("numbers", "ru", "The law took effect on May 12, 2024.", "Закон вступил в силу 12.05.2024."),
    ("numbers", "be", "In the 20th century.", "У XX стагоддзі."),
    ("numbers", "ru", "GDP grew in Q1 2024.", "ВВП вырос в I квартале 2024 года."),
    ("latin-lookalike", "be", "GDP grew in Q4.", "ВУП вырас у IV квартале."),
    ("numbers", "be", "Links {1} and `v2.0` have no numbers.",
     "Спасылкі {1} і `v2.0` без лічбаў."),
    ("latin-lookalike", "be", "Reuters reported.", "Агенцтва Reuters паведаміла."),
    ("latin-lookalike", "ru", "The iPhone-based app.", "Приложение для iPhone-ов."),
    ("latin-lookalike", "ru", "Plan B and vitamin C.", "План B и витамин C."),
    ("foreign-letters", "be", "One more object in Minsk.", "Яшчэ адзін аб’ект у Мінску."),
    ("foreign-letters", "ru", "One more object in Minsk.", "Ещё один объект в Минске."),
    ("apostrophe", "be", "The family announcement.", "Аб’ява сям’і."),
    ("apostrophe", "ru", "D'Artagnan.", "Д'Артаньян."),
    ("short-u", "be", "She works in Minsk.", "Яна працуе ў Мінску."),
    ("short-u", "be", "Minsk in Belarus.", "Мінск у Беларусі."),
    ("short-u", "be", "In Minsk it is cold.", "У Мінску холадна."),
    ("short-u", "be", "She did not take part.", "Яна не ўдзельнічала."),
    ("short-u", "be", "Autumn came to Minsk.", "Восень у Мінску."),
    ("dates", "be", "On March 4, 2024, it opened.", "4 сакавіка 2024 года ён адкрыўся."),
    ("dates", "ru", "It opened on 4 March.", "Он открылся 4 марта."),
    ("dates", "ru", "In May, on May 20.", "В мае, 20 мая."),
    ("spelling", "be", "The bridge reopened.", "Мост зноў адкрылі."),
    ("spelling", "ru", "The bridge reopened in the USA.", "Мост в США снова открыли."),
    ("spaces", "be", "Run `trilingual check`.", "Запусціце `trilingual check`."),
    ("numbers", "ru", "The deal is worth $1.5 billion.",
     "Сделка стоит полтора миллиарда долларов."),
    ("numbers", "be", "Prices rose by 5–7%.", "Цэны выраслі на 5–7 %."),
    ("numbers", "ru", "Support was 99 percent.", "Поддержка составила 99 процентов."),
    ("terminology", "ru", "Lukashenka spoke.", "Лукашенко выступил."),
    ("truncation", "be", "The company said the new terminal would double the route's capacity.",
     "Кампанія заявіла, што тэрмінал падвоіць магутнасць маршруту."),
    ("truncation", "ru", "Short.", "Коротко."),
    ("negation", "be", "There is no sign of a deal.", "Прыкмет здзелкі няма."),
    ("negation", "ru", "See No. 5 without delay.", "Смотрите № 5 без промедления."),
    ("negation", "ru", "No deal was signed.", "Сделка не была подписана."),
    ("terminology", "be", "Lukashenka spoke.", "Лукашэнкам не ганарыліся."),
    ("short-u", "be", "The US in 2024.", "ЗША у 2024 годзе."),
    ("short-u", "ru", "She lives in Ufa.", "Она живёт в Уфе, а у него дом."),
    ("quotes", "be", "He said: “We will win.”", "Ён сказаў: «Мы пераможам»."),
    ("quotes", "ru", "“The newspaper ‘Zviazda’ wrote,” he said.",
     "«Газета „Звязда“ писала», — сказал он."),
    ("quotes", "be", "“We will win.", "«Мы пераможам."),
    ("quotes", "be", "The family's flat.", "Кватэра сям'і."),
    ("quotes", "be", "See [the page]({1} \"Title\").", "Глядзіце [старонку]({1} \"Title\")."),
    ("spaces", "be", "Inflation was 2.5%.", "Інфляцыя склала 2,5 %."),
    ("spaces", "ru", "Prices rose — again.", "Цены выросли — снова."),
    ("end-punctuation", "be", "He said: “We will win.”", "Ён сказаў: «Мы пераможам»."),
    ("end-punctuation", "ru", "“Will we win?” he asked.", "«Победим ли мы?» — спросил он."),
    ("end-punctuation", "be", "Wait...", "Пачакайце…"),
    ("end-punctuation", "be", "From Klaipeda to the Gulf of Finland",
     "Ад Клайпеды да Фінскага заліва"),
    ("end-punctuation", "ru", "Read **this.**", "Прочтите **это**."),
    ("same-as-source", "be", "{1}", "{1}"),
    ("same-as-source", "ru", "2024", "2024"),
    ("same-as-source", "be", "Illustration: Reuters", "Ілюстрацыя: Reuters"),
    ("same-as-source", "ru", "Reuters", "Reuters"),
    ("same-as-source", "be", "IMF, 2024", "IMF, 2024"),
    ("same-as-source", "ru", "`trilingual check`", "`trilingual check`"),
    ("same-as-source", "be", "NATO and the EU.", "НАТА і ЕС."),
    ("terminology", "be", "Lukashenka met Xi.", "Лукашэнка сустрэўся з Сі."),
    ("terminology", "be", "Lukashenka's decree.", "Указ Лукашэнкі."),
    ("terminology", "be", "Signed by Lukashenka.", "Падпісаны Лукашэнкам."),
    ("terminology", "ru", "Lukashenka met Xi.", "Лукашенко встретился с Си."),
    ("terminology", "ru", "A letter to Tsikhanouskaya.", "Письмо Тихановской."),
    ("terminology", "be", "Trade within the Eurasian Economic Union.",
     "Гандаль у межах Еўразійскага эканамічнага саюза."),
    ("terminology", "be", "Potash exports fell.", "Экспарт калійных угнаенняў упаў."),
    ("terminology", "ru", "Potash exports fell.", "Экспорт калийных удобрений упал."),
    ("terminology", "ru", "The United States said.", "США заявили."),
    ("terminology", "be", "Lukashenkaville is not a term.", "Гэта не тэрмін."),
    ("unsafe-link", "be", "Read [this]({1}).", "Чытайце [гэта]({1})."),
    ("unsafe-link", "ru", "Write [to us](mailto:a@b.org).", "Пишите [нам](mailto:a@b.org)."),
    ("control-char", "be", "A\ttab.", "А\tтаб."),
    ("control-char", "ru", "Minsk.", "Минск."),
    ("hidden-char", "be", "Word\u200bjoin.", "Сло\u200bва."),
    ("hidden-char", "ru", "Minsk.", "Минск."),
]


def _entry(source: str, translation: str, flags: list[str] | None = None) -> polib.POEntry:
    return polib.POEntry(msgid=source, msgstr=translation, flags=flags or [])


@pytest.mark.parametrize(("check_id", "lang", "source", "translation"), FLAG)
def test_check_flags(check_id: str, lang: str, source: str, translation: str) -> None:
    issues = BY_ID[check_id].check(source, translation, lang, _entry(source, translation))
    assert issues, f"{check_id} missed: {translation!r}"
    assert all(i.check == check_id and i.lang == lang and i.message for i in issues)


@pytest.mark.parametrize(("check_id", "lang", "source", "translation"), PASS)
def test_check_passes(check_id: str, lang: str, source: str, translation: str) -> None:
    issues = BY_ID[check_id].check(source, translation, lang, _entry(source, translation))
    assert issues == [], [i.message for i in issues]


@pytest.mark.parametrize("check_id", [c.id for c in CHECKS])
def test_every_check_has_cases_in_each_of_its_languages(check_id: str) -> None:
    langs = set(BY_ID[check_id].languages or ("be", "ru"))
    for table in (FLAG, PASS):
        assert langs <= {lang for cid, lang, _, _ in table if cid == check_id}, check_id


# Registry contract ------------------------------------------------------------------------


def test_registry_contract() -> None:
    classes: list[type[Check]] = list(CHECKS)
    ids = [c.id for c in (*CHECKS, *PAIR_CHECKS)]
    assert len(ids) == len(set(ids)) == len(ALL_IDS)
    for cls in (*classes, *PAIR_CHECKS):
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", cls.id), cls
        assert cls.severity in SEVERITIES
        assert cls.description and cls.__doc__
        assert cls.languages is None or set(cls.languages) <= {"be", "ru"}


@pytest.mark.parametrize("check_id", [c.id for c in CHECKS])
def test_ignore_flag_and_comment_silence_one_check(check_id: str) -> None:
    _, lang, source, translation = next(row for row in FLAG if row[0] == check_id)
    check = BY_ID[check_id]
    flagged = _entry(source, translation, ["ignore-" + check_id])
    assert check.check(source, translation, lang, flagged) == []
    commented = _entry(source, translation)
    commented.tcomment = f"checked by the editor: ignore-{check_id}"
    assert check.check(source, translation, lang, commented) == []
    other = _entry(source, translation, ["ignore-something-else"])
    assert check.check(source, translation, lang, other)


def test_checks_skip_languages_they_do_not_cover() -> None:
    assert BY_ID["apostrophe"].check("The family.", "Сям'я.", "ru") == []
    assert BY_ID["foreign-letters"].check("x", "Ещё", "uk") == []


def test_disable_and_unknown_ids() -> None:
    checks, pairs = build_checks(CONTEXT, ["numbers", "cross-language"])
    ids = {c.id for c in checks} | {p.id for p in pairs}
    assert "numbers" not in ids and "cross-language" not in ids and "quotes" in ids
    with pytest.raises(ConfigError, match="unknown check id 'nubmers'"):
        validate_ids(["nubmers"])


# Cross-language ---------------------------------------------------------------------------


def test_cross_language_reports_the_odd_translation() -> None:
    pair = CrossLanguageCheck(CONTEXT)
    found = pair.find_pair("Prices rose last year.",
                           {"be": "Цэны выраслі летась.", "ru": "Цены выросли в 2023 году."})
    assert [lang for lang, _ in found] == ["ru"]
    assert "2023" in found[0][1]


def test_cross_language_passes_agreeing_translations() -> None:
    pair = CrossLanguageCheck(CONTEXT)
    assert pair.find_pair("Prices rose last year.", {
        "be": "Цэны выраслі ў 2023 годзе.", "ru": "Цены выросли в 2023 году.",
    }) == []
    assert pair.find_pair("Exports: 1,200 t in {1}.", {
        "be": "Экспарт: 1 200 т у {1}.", "ru": "Экспорт: 1200 т в {1}.",
    }) == []


def test_cross_language_flags_differing_links_when_one_side_ignored_its_check() -> None:
    pair = CrossLanguageCheck(CONTEXT)
    found = pair.find_pair("See {1}.", {"be": "Гл. {1}.", "ru": "См. {2}."})
    assert ("ru", "placeholders differ from the be translation") in found


# Helpers ----------------------------------------------------------------------------------


def test_number_parsing() -> None:
    assert [n.value for n in english_numbers("On Feb. 1, 2022, 1,200.5 t and 3.5%.")] == [
        "1", "2022", "1200.5", "3.5"
    ]
    assert [n.value for n in english_numbers("Call {12} or see `x 44`.")] == []
    values = target_numbers(f"1{NBSP}200,5 т, 1,5 млрд", "be")
    assert [n.value for n in values] == ["1200.5", "1.5"]
    assert "1500000000" in values[1].values


def test_stems_and_forms() -> None:
    assert stem("Лукашэнка") == "лукашэнк"
    assert stem("Беларусь") == "беларус"
    assert stem("ЗША") == "зша"
    assert matches_form("Ціханоўская", "Ціханоўскай")
    assert matches_form("ўгнаенні", "угнаенняў")
    assert matches_form("Мінск", "Мінску")
    assert not matches_form("ЗША", "ЗШАА")
    assert not matches_form("Лукашэнка", "Лукашэнкаўскімі")


def test_end_mark() -> None:
    assert end_mark("He said: “Go.”") == "."
    assert end_mark("«Ідзі!» — сказаў ён") == ""
    assert end_mark("Ён спытаў: «Ідзём?»") == "?"
    assert end_mark("What?!") == "?!"
    assert end_mark("Wait...") == "…"
    assert end_mark("**Bold.**") == "."
    assert end_mark("No ending") == ""


def test_entry_state_and_words() -> None:
    assert entry_state(polib.POEntry(msgid="a", msgstr="")) == "untranslated"
    assert entry_state(polib.POEntry(msgid="a", msgstr="б", flags=["fuzzy"])) == "fuzzy"
    assert entry_state(polib.POEntry(msgid="a", msgstr="б")) == "translated"
    # The numbers pocount (Translate Toolkit 3.20.4) gives for the same strings.
    assert count_words("The U.S. economy grew 2.5% in 2024, to $1,200.50 billion.") == 9
    assert count_words("don't stop — it’s Lukashenka’s **plan**: e.g. {1}") == 6
    assert count_words("Ust-Luga St. Petersburg 10:30 a.m.") == 6
    assert count_words("Экспарт сям’і склаў 1 200 тон.") == 6
    assert count_words(f"Экспарт сям'і склаў 1{NBSP}200 тон, 2,5 %.") == 7


# Properties -------------------------------------------------------------------------------

@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["be", "ru"]),
)
def test_any_number_babel_formats_counts_as_present(whole: int, cents: int, lang: str) -> None:
    """English ``12,345.67`` against Babel's be/ru formatting of the same value."""
    english = f"{whole:,}.{cents:02d}" if cents else f"{whole:,}"
    value = f"{whole}.{cents:02d}" if cents else str(whole)
    local = format_decimal(value, locale=lang, decimal_quantization=False)
    check = BY_ID["numbers"]
    assert check.check(f"It cost {english} rubles.", f"Гэта каштавала {local} рублёў.", lang) == []


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["be", "ru"]))
def test_percentages_in_babel_format_count_as_present(tenths: int, lang: str) -> None:
    english = f"{tenths / 10:g}%"
    local = format_percent(tenths / 1000, locale=lang, format="#,##0.#%")
    assert BY_ID["numbers"].check(f"Growth was {english}.", f"Рост {local}.", lang) == []


def test_docs_describe_every_check() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for cls in (*CHECKS, *PAIR_CHECKS):
        assert f"| `{cls.id}` | {cls.severity} |" in docs, cls.id
