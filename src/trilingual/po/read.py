"""The one PO reader: :func:`read_po` / :func:`parse_po_text` build polib catalogs (one
expression per entry, :mod:`trilingual.po.entry_scan`, for files in msgcat's layout; the line
reader of :mod:`trilingual.po.scan` for other well-formed ones; polib's own parser for anything
else) and refuse, with a one-line :class:`CatalogError` naming the file and line, what GNU
``msgfmt -c`` would refuse; :func:`read_translations` gives rendering what it needs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import polib

from trilingual.errors import CatalogError
from trilingual.po.entry_scan import scan_entries, scan_translations
from trilingual.po.plural import check_header, header_problem
from trilingual.po.scan import (
    Key,
    MissingMsgstr,
    entry_key,
    fast_parse,
    header_metadata,
    missing_msgstr,
)

# ----------------------------------------------------------------------------------------------
# Reading

_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?:[ \t].*)?$", re.MULTILINE)
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_POLIB_DETAIL = re.compile(r"\(line \d+\):\s*(.*)$")
_CHARSET = re.compile(r"charset=([^\s;]+)", re.IGNORECASE)


def refuse_conflict_markers(text: str, rel: str | Path | None) -> None:
    """A :class:`CatalogError` at the first git merge-conflict marker line, if any."""
    if not any(marker in text for marker in ("<<<<<<<", "=======", ">>>>>>>", "|||||||")):
        return
    conflict = _CONFLICT.search(text)
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        raise CatalogError(
            "merge conflict markers; resolve the conflict first", path=rel, line=line
        )


def parse_po_text(text: str, rel: str | Path | None = None) -> polib.POFile:
    """Parse PO/POT text (already decoded) into a ``polib.POFile``; errors name ``rel``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # The fast readers accept only well-formed lines (no conflict marker, no line polib would
    # misread): one expression per entry for msgcat's layout, else one step per line; what
    # they refuse goes through the checks below and polib's own parser.
    fast = scan_entries(text)  # (None for a text holding NUL)
    lines = [] if fast is not None else text.split("\n")
    try:
        if fast is None and "\x00" not in text:
            fast = fast_parse(lines)
    except MissingMsgstr as missing:
        raise CatalogError("msgid without msgstr", path=rel, line=missing.line) from None
    if fast is None:
        refuse_conflict_markers(text, rel)
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            raise CatalogError("NUL character in catalog", path=rel, line=line)
        bad = first_bad_line(text)
        if bad is not None:
            raise CatalogError("PO syntax error", path=rel, line=bad)
        lonely = missing_msgstr(lines)
        if lonely is not None:
            raise CatalogError("msgid without msgstr", path=rel, line=lonely)
    try:
        # polib treats a string holding an existing file name as a path (a trailing newline
        # keeps the text from ever being taken for one), and splits text with str.splitlines(),
        # which also breaks at U+2028, U+2029, U+0085 and \x1c-\x1e inside strings: hand it
        # the lines split at "\n" only, as it reads files.
        if fast is not None:
            po = fast
        else:
            parser: polib._POFileParser[polib.POFile] = polib._POFileParser(
                "\n", encoding="utf-8", klass=polib.POFile
            )
            parser.fhandle = lines  # type: ignore[assignment]
            po = parser.parse()
    except (OSError, ValueError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        found = _POLIB_LINE.search(message)
        detail = _POLIB_DETAIL.search(message)
        what = "PO syntax error" + (f": {detail.group(1)}" if detail and detail.group(1) else "")
        raise CatalogError(
            what if found else f"PO syntax error: {message}",
            path=rel,
            line=int(found.group(1)) if found else None,
        ) from None
    seen: set[tuple[str | None, str]] = set()
    for entry in po:
        if entry.obsolete:
            continue
        key = entry_key(entry)
        if key in seen:
            where = "" if entry.msgctxt is None else f" (msgctxt {entry.msgctxt!r})"
            raise CatalogError(
                f"duplicate message definition {_short(entry.msgid)!r}{where}",
                path=rel,
                line=max(entry.linenum or 0, 1),
            )
        seen.add(key)
    for entry in po:
        if not entry.obsolete and entry.msgid == "" and entry.msgctxt is None:
            raise CatalogError(
                'duplicate header entry (msgid "")', path=rel, line=_second_header_line(text)
            )
    plural_forms = po.metadata.get("Plural-Forms")
    if header_problem(plural_forms):
        header_at = re.search(r'^[ \t]*"Plural-Forms:', text, re.MULTILINE)
        header_line = None if header_at is None else text.count("\n", 0, header_at.start()) + 1
        check_header(plural_forms, rel, header_line)
    charset = _foreign_charset(po.metadata.get("Content-Type", ""))
    if charset is not None:
        raise CatalogError(
            f"catalog charset is {charset}; only UTF-8 catalogs are supported", path=rel
        )
    return po


def _foreign_charset(content_type: str) -> str | None:
    """The charset a Content-Type header names, unless it is UTF-8 (or the POT placeholder)."""
    charset = _CHARSET.search(content_type)
    if charset and charset.group(1).upper() not in ("UTF-8", "UTF8", "CHARSET"):
        return charset.group(1)
    return None


_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_KEYWORD = r"(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+"
_BODY = rf"(?:{_KEYWORD})?{_STRING}(?:[ \t]*{_STRING})*"
# A line polib would misread silently (e.g. an unterminated string): not blank, not a plain
# comment, and not a keyword/string line (possibly behind "#~", "#~|" or "#|").
_BAD_LINE = re.compile(
    rf"^(?![ \t]*(?:(?:#~[ \t]*(?:\|[ \t]*)?|#\|[ \t]*)(?:{_BODY})?|{_BODY})?[ \t\r]*$)"
    rf"(?![ \t]*#(?![~|])).*",
    re.MULTILINE,
)


def first_bad_line(text: str) -> int | None:
    """The line number of the first line polib would misread silently, if any."""
    bad = _BAD_LINE.search(text)
    return None if bad is None else text.count("\n", 0, bad.start()) + 1


_EMPTY_MSGID = re.compile(r'^msgid ""[ \t\r]*$', re.MULTILINE)


def _second_header_line(text: str) -> int | None:
    """The line of the second ``msgid ""`` without a msgctxt, if any."""
    count = 0
    for match in _EMPTY_MSGID.finditer(text):
        previous = text[text.rfind("\n", 0, max(match.start() - 1, 0)) + 1 : match.start()]
        if previous.lstrip().startswith(("msgctxt", '"')):
            continue
        count += 1
        if count == 2:
            return text.count("\n", 0, match.start()) + 1
    return None


def _short(text: str, size: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= size else text[: size - 1] + "…"


def read_catalog_text(path: Path, rel: str | None = None) -> str:
    """The decoded text of a PO/POT file; a missing, unreadable or non-UTF-8 file is a
    one-line :class:`CatalogError` naming ``rel or path`` (and the line where known)."""
    where = rel or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CatalogError("catalog not found", path=where) from None
    except OSError as error:
        raise CatalogError(f"cannot read catalog: {error.strerror or error}", path=where) from None
    return decode_catalog(data, where)


def decode_catalog(data: bytes, where: str | Path | None) -> str:
    """The text of catalog bytes; bad UTF-8 is a :class:`CatalogError` at its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CatalogError("invalid UTF-8", path=where, line=line) from None


class Translation(NamedTuple):
    """What rendering needs of a catalog entry (a ``polib.POEntry`` has both attributes too)."""

    msgstr: str
    flags: tuple[str, ...] = ()

    @property
    def msgid_plural(self) -> str:
        """Always empty: the fast reader returns singular entries only."""
        return ""

    @property
    def msgstr_plural(self) -> Mapping[int, str]:
        """Always empty (see :attr:`msgid_plural`)."""
        return _NO_FORMS


_FUZZY = ("fuzzy",)
_NO_FORMS: Mapping[int, str] = MappingProxyType({})


def read_translations(
    path: Path, rel: str | None = None
) -> dict[Key, Translation | polib.POEntry]:
    """The active (not obsolete) entries of a PO file by (msgctxt, msgid), with the errors of
    :func:`read_po`; a catalog in msgcat's layout is scanned without building polib entries
    (a third of the time)."""
    where = rel or str(path)
    return translations_from_text(read_catalog_text(path, where), where)


def translations_from_text(
    text: str, rel: str | Path | None = None
) -> dict[Key, Translation | polib.POEntry]:
    """:func:`read_translations` of catalog text (already decoded)."""
    scanned = scan_translations(text[1:] if text.startswith("\ufeff") else text)
    if scanned is not None:
        table, header = scanned
        metadata = header_metadata(header or "")
        plural_forms = metadata.get("Plural-Forms")
        content_type = metadata.get("Content-Type", "")
        if not header_problem(plural_forms) and _foreign_charset(content_type) is None:
            return {
                key: Translation(msgstr, _FUZZY if fuzzy else ())
                for key, (msgstr, fuzzy) in table.items()
            }
    po = parse_po_text(text, rel)  # anything else, errors included, as read_po sees it
    return {entry_key(e): e for e in po if not e.obsolete}


def read_po(path: Path, rel: str | None = None) -> polib.POFile:
    """Read a PO/POT file; every problem is a one-line :class:`CatalogError` naming
    ``rel or path`` (and the line where known).  A UTF-8 BOM is accepted and dropped."""
    where = rel or str(path)
    text = read_catalog_text(path, where)
    po = parse_po_text(text, where)
    po.fpath = str(path)
    return po


