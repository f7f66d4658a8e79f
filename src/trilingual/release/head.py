"""What a page's ``<head>`` tells search engines and link previews: canonical URL, ``hreflang``
alternates (with ``x-default``), Open Graph and Twitter cards, description, and the search box.

Alternates are reciprocal by construction: every page of a group (one article in each
published language, one edition, one language index) lists the same set, itself included, so
each page it names names it back. The landing page is the ``x-default`` of the language
indexes. Notices (an article not published in a language) are no translation: they list no
alternates, carry ``noindex`` and name the English original as canonical.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from trilingual.release.paths import relative

PAGEFIND = "pagefind"  # Pagefind's bundle folder in the output
SEARCH_JS = "assets/search.js"


def og_locale(lang: str) -> str:
    """``be_BY``, ``ru_RU``, ``en_US``: the language with its most likely territory (CLDR)."""
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(lang, lang))
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if p.isupper() and len(p) == 2), "")
    return f"{parts[0]}_{territory}" if territory else parts[0]


def url(base_url: str, page: str, to_page: str) -> str:
    """``base_url/to_page`` when ``base_url`` is set, else ``to_page`` relative to ``page``."""
    return f"{base_url}/{to_page}" if base_url else relative(page, to_page)


def alternates(base_url: str, page: str, same_page: Callable[[str], str], langs: Sequence[str],
               x_default: str | None) -> list[dict[str, str]]:
    """``hreflang`` links to ``same_page(lang)`` for each of ``langs``, then ``x-default``."""
    links = [{"lang": lang, "href": url(base_url, page, same_page(lang))} for lang in langs]
    if x_default is not None:
        links.append({"lang": "x-default", "href": url(base_url, page, x_default)})
    return links


def head(base_url: str, lang: str, page: str, *, alternates: list[dict[str, str]],
         description: str = "", canonical: str | None = None, image: str = "",
         image_alt: str = "", og_type: str = "website", robots: str = "",
         search: bool = True, indexed: bool = False) -> dict[str, Any]:
    """The template values of a page's head (``canonical``: another page than itself)."""
    others = [a["lang"] for a in alternates if a["lang"] not in (lang, "x-default")]
    return {
        "canonical": f"{base_url}/{canonical or page}" if base_url else "",
        "alternates": alternates,
        "description": " ".join(description.split()),
        "robots": robots,
        "og": {
            "type": og_type, "locale": og_locale(lang),
            "alternate_locales": [og_locale(other) for other in others],
            "image": url(base_url, page, image) if image else "", "image_alt": image_alt,
        },
        "search": {
            "bundle": relative(page, f"{PAGEFIND}/"),
            "js": relative(page, f"{PAGEFIND}/pagefind-ui.js"),
            "css": relative(page, f"{PAGEFIND}/pagefind-ui.css"),
            "init": relative(page, SEARCH_JS),
            "shards": relative(page, f"{PAGEFIND}/shards.js"),
        } if search else None,
        "indexed": indexed,
    }


_SEARCH_STRINGS = {"placeholder": "search_placeholder", "zero_results": "zero_results",
                   "many_results": "many_results", "one_result": "one_result",
                   "load_more": "load_more", "clear_search": "clear_search"}


def search_translations(ui: Mapping[str, str]) -> str:
    """The search box's interface strings (Pagefind UI's ``translations``) as JSON."""
    return json.dumps({key: ui[name] for key, name in _SEARCH_STRINGS.items()},
                      ensure_ascii=False, sort_keys=True)
