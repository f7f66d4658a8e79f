"""The one PO writer: a catalog serialised byte for byte as GNU ``msgcat`` (gettext 0.21)
writes it (``write-po.c``: header first, then the entries, obsolete entries last; comments in
the order ``#``, ``#.``, ``#:``, ``#,``, ``#|``; strings escaped and wrapped like GNU)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polib

from trilingual.fsutil import write_atomic
from trilingual.po.linebreak import PAGE_WIDTH, wrap_string

# ----------------------------------------------------------------------------------------------
# Entries

_FORMAT_LANGUAGES = [
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
]
_FLAG_ORDER = {
    flag: i
    for i, flag in enumerate(
        f"{neg}{lang}-format" for lang in _FORMAT_LANGUAGES for neg in ("", "no-")
    )
}


def _flags_line(flags: Iterable[str], fuzzy: bool, obsolete: bool) -> str | None:
    """The ``#,`` line msgcat writes for these flags (``None``: no line)."""
    names = [f.strip() for f in flags]
    if obsolete:
        return "#, fuzzy\n" if "fuzzy" in names else None
    out = ["fuzzy"] if fuzzy and "fuzzy" in names else []
    formats: dict[str, str] = {}
    for f in names:
        if f in _FLAG_ORDER:
            formats[f.removeprefix("no-")] = f
    out += sorted(formats.values(), key=_FLAG_ORDER.__getitem__)
    out += [f for f in names if f.startswith("range:")][:1]
    if "no-wrap" in names:
        out.append("no-wrap")
    return f"#, {', '.join(out)}\n" if out else None


def _comment_lines(out: list[str], entry: polib.POEntry) -> None:
    if entry.tcomment:
        for line in entry.tcomment.split("\n"):
            out.append(f"# {line}\n" if line else "#\n")
    if entry.comment:
        for line in entry.comment.split("\n"):
            out.append(f"#. {line}\n" if line else "#.\n")
    if entry.occurrences:
        refs: list[str] = []
        seen: set[tuple[str, str]] = set()
        for name, line in entry.occurrences:
            line = str(line) if line not in (None, "") else ""
            while name.startswith("./"):
                name = name[2:]
            if (name, line) in seen:
                continue
            seen.add((name, line))
            refs.append(f"{name}:{line}" if line else name)
        text = "#:"
        column = 2
        for ref in refs:
            size = len(ref) + 1
            if column > 2 and column + size > PAGE_WIDTH:
                out.append(text + "\n")
                text, column = "#:", 2
            text += " " + ref
            column += size
        out.append(text + "\n")


def _msgstrs(entry: polib.POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural or entry.msgstr_plural:
        forms = sorted((int(k), v) for k, v in entry.msgstr_plural.items()) or [(0, ""), (1, "")]
        return [(f"msgstr[{i}]", v) for i, v in forms]
    return [("msgstr", entry.msgstr)]


def _entry_lines(out: list[str], entry: polib.POEntry) -> None:
    obsolete = bool(entry.obsolete)
    msgstrs = _msgstrs(entry)
    _comment_lines(out, entry)
    flags = _flags_line(entry.flags, msgstrs[0][1] != "", obsolete) if entry.flags else None
    if flags:
        out.append(flags)
    # msgcat writes no flag but fuzzy on obsolete entries, so they always wrap at a fixed point.
    do_wrap = obsolete or not entry.flags or "no-wrap" not in (f.strip() for f in entry.flags)
    prev = "#~| " if obsolete else "#| "
    if entry.previous_msgctxt is not None:
        wrap_string(out, prev, "msgctxt", entry.previous_msgctxt, do_wrap)
    if entry.previous_msgid is not None:
        wrap_string(out, prev, "msgid", entry.previous_msgid, do_wrap)
    if entry.previous_msgid_plural is not None:
        wrap_string(out, prev, "msgid_plural", entry.previous_msgid_plural, do_wrap)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        wrap_string(out, prefix, "msgctxt", entry.msgctxt, do_wrap)
    wrap_string(out, prefix, "msgid", entry.msgid, do_wrap)
    if entry.msgid_plural or entry.msgstr_plural:
        wrap_string(out, prefix, "msgid_plural", entry.msgid_plural, do_wrap)
    for name, value in msgstrs:
        wrap_string(out, prefix, name, value, do_wrap)


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    fuzzy = po.metadata_is_fuzzy
    if not (po.metadata or po.header or fuzzy):
        return None
    flags = ["fuzzy"] if fuzzy else []
    if isinstance(fuzzy, list):
        flags = [str(f) for f in fuzzy]
    msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    return polib.POEntry(msgid="", msgstr=msgstr, tcomment=po.header or "", flags=flags)


_ENTRY_CACHE: dict[tuple[Any, ...], str] = {}
_ENTRY_CACHE_SIZE = 20000


def _entry_text(entry: polib.POEntry) -> str:
    """The lines of one entry; cached, since a template and its new catalogs share entries."""
    key = (
        entry.obsolete, entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
        tuple(entry.msgstr_plural.items()), entry.tcomment, entry.comment,
        tuple(entry.occurrences), tuple(entry.flags), entry.previous_msgctxt,
        entry.previous_msgid, entry.previous_msgid_plural,
    )
    text = _ENTRY_CACHE.get(key)
    if text is None:
        out: list[str] = []
        _entry_lines(out, entry)
        text = "".join(out)
        if len(_ENTRY_CACHE) >= _ENTRY_CACHE_SIZE:
            _ENTRY_CACHE.clear()
        _ENTRY_CACHE[key] = text
    return text


def format_po(po: polib.POFile, template: tuple[polib.POFile, str] | None = None) -> str:
    """The catalog as GNU ``msgcat`` (gettext 0.21, default options) writes it.

    ``template`` is a ``(pot, format_po(pot))`` pair: when ``po`` holds exactly the template's
    entry objects (:func:`trilingual.catalog.template_view`), its entry lines are the
    template's, and only the header is formatted.
    """
    if template is not None:
        pot, pot_text = template
        if len(po) == len(pot) and all(a is b for a, b in zip(po, pot, strict=True)):
            pot_head = _header_text(pot)
            head = _header_text(po)
            if pot_head and head and pot_text.startswith(pot_head):
                return head + pot_text[len(pot_head):]
    out: list[str] = []
    header = _header_entry(po)
    live = [e for e in po if not e.obsolete]
    dead = [e for e in po if e.obsolete and _msgstrs(e)[0][1] != ""]
    if header is not None:
        _entry_lines(out, header)
    for entry in [*live, *dead]:
        if out:
            out.append("\n")
        out.append(_entry_text(entry))
    return "".join(out)


def _header_text(po: polib.POFile) -> str:
    """The header entry's lines as :func:`format_po` writes them ("" without a header)."""
    header = _header_entry(po)
    if header is None:
        return ""
    out: list[str] = []
    _entry_lines(out, header)
    return "".join(out)


def write_po(path: Path, po: polib.POFile) -> bool:
    """Write ``po`` as msgcat would; ``False`` (nothing touched) when the file already matches."""
    return write_atomic(path, format_po(po))


