"""The released sample in headless Chromium, served over HTTP as a reader gets it: search,
localized identity, latest-edition links.

Pagefind's search loads its index with ``fetch``, which Chromium refuses on ``file://``, so
these pages are served by a local ``http.server``.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from test_browser import Chromium
from test_release_support import CHROMIUM, REPO, make_project, pseudo
from trilingual.project import Project
from trilingual.release import release_project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian)"),
]

CHINA = "2024-09-06-china-trade-corridor"
BUDGET = "2024-09-04-budget-wages-price-controls"
POTASH = "2024-08-28-potash-russian-ports"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's sample (its own translations and configuration), released and served:
    the base URL of the served ``dist/``."""
    root = tmp_path_factory.mktemp("served")
    for name in ("trilingual.yaml", "glossary.yaml", "articles", "locales"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    report = release_project(Project.open(root))
    assert report.omitted == () and report.indexed
    handler = functools.partial(_Quiet, directory=str(root / "dist"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    chromium = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chromium
    finally:
        chromium.close()


def _search(browser: Chromium, word: str) -> list[dict[str, str]]:
    """Type ``word`` into the page's search box like a reader and wait for the results."""
    browser.eval("document.querySelector('.pagefind-ui__search-input').focus()")
    browser.call("Input.insertText", {"text": word}, session=True)
    deadline = time.monotonic() + 20
    last: list[dict[str, str]] = []
    steady = 0
    while time.monotonic() < deadline:  # results arrive shard by shard: wait until they settle
        found: list[dict[str, str]] = browser.eval("""
            Array.from(document.querySelectorAll('.pagefind-ui__result-link')).map(a =>
              ({href: a.href, text: a.textContent}))""")
        steady = steady + 1 if found and found == last else 0
        if steady >= 5:
            return found
        last = found
        time.sleep(0.1)
    message = browser.eval("(document.querySelector('.pagefind-ui__message') || {}).textContent")
    raise AssertionError(f"no search result for {word!r} ({message!r}; {browser.errors()})")


@pytest.mark.parametrize(("lang", "word", "slug", "title"), [
    ("be", "калідор", CHINA, "Паміж Брэстам і Пекінам"),  # the newest shard (2024-09-02)
    ("ru", "коридор", CHINA, "Между Брестом и Пекином"),
    ("be", "калійных", POTASH, "Калійныя ўгнаенні"),  # an older shard (2024-08-26), merged
    ("ru", "калийных", POTASH, "Калийные удобрения"),
])
def test_search_finds_an_article_in_the_pages_language(
    served: str, browser: Chromium, lang: str, word: str, slug: str, title: str
) -> None:
    browser.open(f"{served}/{lang}/index.html")
    assert browser.eval("!!document.querySelector('.pagefind-ui__search-input')")
    placeholder = browser.eval(
        "document.querySelector('.pagefind-ui__search-input').placeholder")
    assert placeholder == {"be": "Пошук па архіве", "ru": "Поиск по архиву"}[lang]
    results = _search(browser, word)
    assert any(r["href"].endswith(f"/{lang}/articles/{slug}.html") for r in results), results
    assert all(f"/{lang}/articles/" in r["href"] for r in results), results  # its language only
    assert any(r["text"].startswith(title) for r in results), results
    assert browser.errors() == []
    browser.screenshot(f"search-{lang}-{slug[:10]}", full_page=False)
    browser.click_and_wait(".pagefind-ui__result-link")
    assert browser.eval("document.documentElement.lang") == lang
    assert f"/{lang}/articles/" in browser.eval("location.pathname")


def test_search_box_is_on_every_page(served: str, browser: Chromium) -> None:
    for rel in ("index.html", "en/index.html", "be/editions/2024-09-02.html",
                f"ru/articles/{CHINA}.html", f"be/parallel/{CHINA}.html"):
        browser.open(f"{served}/{rel}")
        deadline = time.monotonic() + 10
        while not browser.eval("!!document.querySelector('.pagefind-ui__search-input')"):
            assert time.monotonic() < deadline, rel
            time.sleep(0.1)
        assert browser.errors() == [], rel


def test_localized_titles_and_authors(served: str, browser: Chromium) -> None:
    expected = {
        "en": ("Belarus Weekly Commentary", "Iryna Klen"),
        "be": ("Беларускі штотыднёвы каментарый", "Ірына Клен"),
        "ru": ("Белорусский еженедельный комментарий", "Ирина Клен"),
    }
    for lang, (title, author) in expected.items():
        browser.open(f"{served}/{lang}/articles/{CHINA}.html")
        assert browser.eval("document.querySelector('.site-title').textContent") == title
        assert browser.eval("document.title").endswith(f" · {title}")
        tagline = browser.eval("document.querySelector('.tagline').textContent")
        assert tagline and (lang == "en") == tagline.isascii()
        meta = browser.eval("document.querySelector('.article-header .meta').innerText")
        assert author in meta
        if lang != "en":  # dates and sections shown as written, not upper-cased
            kicker = browser.eval("document.querySelector('.kicker').innerText")
            assert kicker == browser.eval("document.querySelector('.kicker').textContent")
            assert "верас" in kicker or "сентяб" in kicker, kicker
            assert browser.eval(
                "getComputedStyle(document.querySelector('.kicker')).textTransform") == "none"
        og = browser.eval("document.querySelector('meta[property=\"og:locale\"]').content")
        assert og == {"en": "en_US", "be": "be_BY", "ru": "ru_RU"}[lang]
    browser.open(f"{served}/index.html")
    text = browser.eval("document.querySelector('main').innerText")
    assert all(title in text for title, _ in expected.values())
    browser.screenshot("landing-localized", full_page=False)


@pytest.fixture(scope="module")
def newest_untranslated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Pseudo-translated sample whose newest edition (2024-09-02) is left out in Belarusian."""
    root = tmp_path_factory.mktemp("latest")

    def translate(lang: str, msgctxt: str | None, msgid: str) -> str | None:
        if lang == "be" and msgctxt is None and ("price controls" in msgid or "Great Stone"
                                                 in msgid):
            return None
        return pseudo(lang, msgctxt, msgid)

    project = make_project(root, translate=translate)
    report = release_project(project)
    assert {(lang, slug) for lang, slug, _ in report.omitted} == {
        ("be", BUDGET), ("be", CHINA)}
    handler = functools.partial(_Quiet, directory=str(root / "dist"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_latest_edition_links_lead_to_content(newest_untranslated: str,
                                              browser: Chromium) -> None:
    base = newest_untranslated
    for lang, key in (("en", "2024-09-02"), ("ru", "2024-09-02"), ("be", "2024-08-26")):
        browser.open(f"{base}/index.html")
        browser.click_and_wait(f".landing-languages li[lang={lang}] .landing-latest a")
        assert browser.eval("location.pathname") == f"/{lang}/editions/{key}.html"
        assert browser.eval("document.querySelectorAll('.teaser h3 a').length") >= 1, lang
    browser.open(f"{base}/be/index.html")
    links = browser.eval("Array.from(document.querySelectorAll('main a')).map(a => a.href)")
    assert not any("2024-09-02" in link for link in links), links
    assert any("2024-08-26" in link for link in links)
    # the empty edition's notices stay reachable from the English one
    browser.open(f"{base}/en/editions/2024-09-02.html")
    browser.click_and_wait(".switcher a[data-lang=be]")
    assert browser.eval("document.querySelectorAll('.notice.omitted li').length") == 2
    assert json.dumps(browser.errors()) == "[]"


@pytest.mark.parametrize(("lang", "note"), [
    ("en", "The figure is a rough average"),
    ("be", "Гэта лічба — прыблізнае сярэдняе"),
    ("ru", "Эта цифра — приблизительное среднее"),
])
def test_footnote_links_both_ways(served: str, browser: Chromium, lang: str, note: str) -> None:
    browser.open(f"{served}/{lang}/articles/{POTASH}.html")
    assert "[^" not in browser.eval("document.body.innerText")  # no raw Markdown
    ref = browser.eval("""(() => { const a = document.querySelector('sup.footnote-ref a');
        return {text: a.textContent, sentence: a.closest('p').textContent}; })()""")
    assert ref["text"] == "1"
    assert "12" in ref["sentence"]  # it follows the sentence the English attaches it to
    notes = browser.eval(
        "Array.from(document.querySelectorAll('section.footnotes li')).map(li => li.innerText)")
    assert len(notes) == 1 and notes[0].startswith(note)
    browser.eval("document.querySelector('sup.footnote-ref a').click()")
    assert browser.eval("location.hash") == "#fn-1"
    assert browser.eval("document.querySelector(':target').id") == "fn-1"
    top = browser.eval("document.getElementById('fn-1').getBoundingClientRect().top")
    assert 0 <= top < 900  # scrolled into view
    browser.screenshot(f"footnote-{lang}", full_page=False)
    browser.eval("document.querySelector('a.footnote-back').click()")
    assert browser.eval("location.hash") == "#fnref-1"
    assert browser.eval("document.querySelector(':target').closest('p').textContent") == \
        ref["sentence"]
    assert browser.errors() == []
