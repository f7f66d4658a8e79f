"""Interface strings of the published site, newsletter and feeds, per language.

Language names come from CLDR (:func:`trilingual.release.dates.language_name`); everything else
is a short phrase kept here. A language without its own table falls back to English.
"""

from __future__ import annotations

from collections.abc import Mapping

from trilingual.config import Config

_EN: dict[str, str] = {
    "editions": "Editions",
    "edition": "Edition",
    "latest_edition": "Latest edition",
    "all_editions": "All editions",
    "languages": "Languages",
    "by": "By",
    "published": "Published",
    "parallel_view": "Parallel view",
    "parallel_intro": "English, Belarusian and Russian side by side, paragraph by paragraph.",
    "feed": "Atom feed",
    "newsletter": "Newsletter",
    "articles": "articles",
    "not_available": "This article is not yet available in English.",
    "read_original": "Read the English original",
    "not_translated_list": "Not yet translated",
    "back_to_edition": "Back to the edition",
    "home": "Home",
    "skip": "Skip to content",
    "tags": "Tags",
    "view_online": "View this edition online",
    "choose_language": "Choose a language",
    "image_credit": "Image",
    "read_more": "Read more",
    "search": "Search",
    "search_placeholder": "Search the archive",
    "zero_results": "No results for [SEARCH_TERM]",
    "many_results": "[COUNT] results for [SEARCH_TERM]",
    "one_result": "[COUNT] result for [SEARCH_TERM]",
    "load_more": "Load more results",
    "clear_search": "Clear",
    "footnote_back": "Back to the text",
}

_BE: dict[str, str] = {
    "editions": "Выпускі",
    "edition": "Выпуск",
    "latest_edition": "Апошні выпуск",
    "all_editions": "Усе выпускі",
    "languages": "Мовы",
    "by": "Аўтар:",
    "published": "Апублікавана",
    "parallel_view": "Паралельны тэкст",
    "parallel_intro": "Англійская, беларуская і руская версіі побач, абзац за абзацам.",
    "feed": "Стужка Atom",
    "newsletter": "Рассылка",
    "articles": "артыкулы",
    "not_available": "Гэты артыкул яшчэ не перакладзены на беларускую мову.",
    "read_original": "Чытаць арыгінал па-англійску",
    "not_translated_list": "Яшчэ не перакладзена",
    "back_to_edition": "Да выпуску",
    "home": "Галоўная",
    "skip": "Перайсці да зместу",
    "tags": "Тэгі",
    "view_online": "Глядзець выпуск на сайце",
    "choose_language": "Абярыце мову",
    "image_credit": "Выява",
    "read_more": "Чытаць далей",
    "search": "Пошук",
    "search_placeholder": "Пошук па архіве",
    "zero_results": "Па запыце [SEARCH_TERM] нічога не знойдзена",
    "many_results": "Вынікі па запыце [SEARCH_TERM]: [COUNT]",
    "one_result": "Вынікі па запыце [SEARCH_TERM]: [COUNT]",
    "load_more": "Паказаць яшчэ",
    "clear_search": "Ачысціць",
    "footnote_back": "Назад да тэксту",
}

_RU: dict[str, str] = {
    "editions": "Выпуски",
    "edition": "Выпуск",
    "latest_edition": "Последний выпуск",
    "all_editions": "Все выпуски",
    "languages": "Языки",
    "by": "Автор:",
    "published": "Опубликовано",
    "parallel_view": "Параллельный текст",
    "parallel_intro": "Английская, белорусская и русская версии рядом, абзац за абзацем.",
    "feed": "Лента Atom",
    "newsletter": "Рассылка",
    "articles": "статьи",
    "not_available": "Эта статья ещё не переведена на русский язык.",
    "read_original": "Читать оригинал на английском",
    "not_translated_list": "Ещё не переведено",
    "back_to_edition": "К выпуску",
    "home": "Главная",
    "skip": "Перейти к содержанию",
    "tags": "Теги",
    "view_online": "Открыть выпуск на сайте",
    "choose_language": "Выберите язык",
    "image_credit": "Изображение",
    "read_more": "Читать далее",
    "search": "Поиск",
    "search_placeholder": "Поиск по архиву",
    "zero_results": "По запросу [SEARCH_TERM] ничего не найдено",
    "many_results": "Результаты по запросу [SEARCH_TERM]: [COUNT]",
    "one_result": "Результаты по запросу [SEARCH_TERM]: [COUNT]",
    "load_more": "Показать ещё",
    "clear_search": "Очистить",
    "footnote_back": "Назад к тексту",
}

UI: Mapping[str, Mapping[str, str]] = {"en": _EN, "be": _BE, "ru": _RU}


def ui_strings(lang: str) -> Mapping[str, str]:
    """The interface strings of ``lang`` (English for a language without a table)."""
    table = UI.get(lang)
    if table is None:
        return _EN
    return {**_EN, **table}


def site_identity(config: Config, lang: str) -> tuple[str, str]:
    """The site's title and tagline in ``lang`` (``release.site_title`` / ``release.tagline``,
    each a text for every language or a mapping per language; the title falls back to the
    source language's, the tagline to the text for every language, else none)."""
    titles = dict(config.site_titles)
    taglines = dict(config.taglines)
    return titles.get(lang, config.site_title), taglines.get(lang, taglines.get("", ""))
