"""The one Plural-Forms rule: what GNU ``msgfmt -c`` accepts as a catalog's plural header."""

from __future__ import annotations

import functools
import gettext
import re
from pathlib import Path

import polib

from trilingual.errors import CatalogError

_PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?\s*")


def header_problem(value: str | None) -> str | None:
    """:func:`plural_forms_problem` of a catalog's header value; an absent header and a
    template's ``nplurals=INTEGER`` placeholder are not checked."""
    if value is None or "INTEGER" in value:
        return None
    return plural_forms_problem(value)


def check_header(value: str | None, rel: str | Path | None, line: int | None) -> None:
    """Refuse (:class:`CatalogError` at ``rel:line``) a header :func:`header_problem` refuses."""
    problem = header_problem(value)
    if problem:
        raise CatalogError(problem, path=rel, line=line)


@functools.lru_cache(maxsize=64)
def plural_forms_problem(value: str) -> str | None:
    """What GNU ``msgfmt -c`` would refuse about a Plural-Forms value (a one-line message), or None.

    The one rule for every command (extract, translate, check, render, release): the value is
    ``nplurals=N; plural=C-EXPR;`` with 1 <= N <= 6, the expression parses, and for n in
    0..999 it never gives an index of N or more (cached: a language's catalogs share one).
    """
    match = _PLURAL_FORMS.fullmatch(value)
    if match is None:
        return f"invalid Plural-Forms header {value!r}: expected 'nplurals=N; plural=EXPRESSION;'"
    nplurals = int(match.group(1))
    if not 1 <= nplurals <= 6:
        return f"invalid Plural-Forms header {value!r}: nplurals must be between 1 and 6"
    try:
        formula = gettext.c2py(match.group(2))
        largest = max(formula(n) for n in range(1000))
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError, OverflowError) as error:
        return f"invalid Plural-Forms header {value!r}: invalid plural expression ({error})"
    if largest >= nplurals:
        return f"Plural-Forms says nplurals={nplurals} but its formula gives {largest}"
    return None


def _plural_header(header: str) -> tuple[int | None, str | None]:
    """``(nplurals, None)`` for a good Plural-Forms header, ``(None, problem)`` otherwise,
    by :func:`plural_forms_problem`."""
    problem = plural_forms_problem(header)
    if problem is not None:
        return None, problem
    return int(header.split("=", 1)[1].split(";", 1)[0]), None


def plural_problem(po: polib.POFile) -> tuple[str, polib.POEntry | None] | None:
    """What GNU ``msgfmt -c`` would refuse about the plurals of ``po``, if anything.

    Returns ``(message, entry)`` (``entry`` is None for the header) or None when all is well:
    a ``Plural-Forms`` header that parses and whose formula stays below ``nplurals``, and
    plural entries with exactly the forms ``msgstr[0]`` .. ``msgstr[nplurals-1]``.
    """
    nplurals: int | None = None
    header = po.metadata.get("Plural-Forms")
    if header is not None:
        nplurals, problem = _plural_header(header)
        if problem is not None:
            return problem, None
    for entry in po:
        if not entry.msgid_plural:
            continue
        indices = sorted(int(k) for k in entry.msgstr_plural)
        expected = list(range(nplurals if nplurals is not None else len(indices)))
        if indices and indices != expected:
            return (f"plural entry {entry.msgid!r} has forms {indices}, expected {expected}",
                    entry)
    return None


def check_plurals(po: polib.POFile, path: Path, rel: str) -> None:
    """Refuse (CatalogError at the entry's or the header's line) a catalog whose plurals
    ``msgfmt -c`` would reject: extract and translate would write it back as it is."""
    found = plural_problem(po)
    if found is None:
        return
    message, entry = found
    if entry is not None:
        line = entry.linenum or None
    else:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        line = next((i for i, text in enumerate(lines, 1) if '"Plural-Forms:' in text), None)
    raise CatalogError(message, path=rel, line=line)
