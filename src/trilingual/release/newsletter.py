"""The email edition: one self-contained HTML file per language and edition.

Email clients ignore ``<style>`` blocks and external sheets and never run scripts, so the
template uses tables and inline ``style`` attributes only. Links are absolute when
``release.base_url`` is set (as they must be in a sent email) and relative otherwise.
"""

from __future__ import annotations

from trilingual.release.dates import text_direction
from trilingual.release.edition import Edition
from trilingual.release.site import Site, index_path, newsletter_path
from trilingual.release.ui import ui_strings


def build_newsletter(site: Site, lang: str, edition: Edition) -> str:
    """The newsletter HTML of ``edition`` in ``lang``."""
    page = newsletter_path(lang, edition.key)
    data = site.edition_context(lang, edition, page)
    for section in data["sections"]:
        for article in section["articles"]:
            article["href"] = article["abs_href"]
    for article in data["omitted"]:
        article["original"] = article["abs_original"]
    return site.env.get_template("newsletter.html").render({
        "lang": lang,
        "dir": text_direction(lang),
        "ui": ui_strings(lang),
        "site_title": site.title_of(lang),
        "source_lang": site.source,
        "edition": data,
        "home": site.absolute(page, index_path(lang)),
    })
