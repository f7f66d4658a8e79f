"""The one builder of catalog headers: a template's (xgettext's conventions) and a language
catalog's (msginit's, with Babel/CLDR's Plural-Forms), used by ``extract`` and every tool that
makes a new catalog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polib

from trilingual import __version__
from trilingual.po.linebreak import PAGE_WIDTH

PLACEHOLDER_DATE = "YEAR-MO-DA HO:MI+ZONE"


def plural_forms_of(lang: str) -> str:
    """The ``Plural-Forms`` header CLDR gives ``lang`` (Babel's table, imported on first use:
    a command that writes no new catalog does not pay for it)."""
    from babel.messages.plurals import get_plural

    return str(get_plural(lang).plural_forms)


def template_header(project: str, created: str) -> dict[str, str]:
    """The header of a POT: xgettext's placeholders where nothing is known yet."""
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": PLACEHOLDER_DATE,
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"trilingual {__version__}",
    }


def catalog_header(lang: str, project: str, template: Mapping[str, str]) -> dict[str, str]:
    """The header of a new PO for ``lang`` made from its template's header: ``Language``,
    Babel's ``Plural-Forms`` (so ``msgfmt -c`` accepts it) and no placeholder left."""
    meta = dict(template)
    meta.update({
        "PO-Revision-Date": template.get("POT-Creation-Date") or "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": lang,
        "Plural-Forms": plural_forms_of(lang),
    })
    meta["Project-Id-Version"] = project
    return meta


def now_stamp() -> str:
    """Current time in PO header format (``2024-08-26 10:00+0000``)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000")


def new_catalog(lang: str | None, project: str, created: str | None = None) -> polib.POFile:
    """An empty catalog with the header ``extract`` writes: a POT (``#, fuzzy`` header) when
    ``lang`` is None, else a PO for ``lang``. Without ``created``, a POT keeps xgettext's
    date placeholder and a PO gets the current time (``msgfmt -c`` warns on placeholders)."""
    po = polib.POFile(encoding="utf-8", wrapwidth=PAGE_WIDTH)
    if created is None:
        created = PLACEHOLDER_DATE if lang is None else now_stamp()
    header = template_header(project, created)
    if lang is None:
        po.metadata = header
        po.metadata_is_fuzzy = True
    else:
        po.metadata = catalog_header(lang, project, header)
    return po
