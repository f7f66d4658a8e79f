"""The fastest PO reading: one regular expression per entry, for catalogs in msgcat's layout.

GNU tools, polib, Poedit, Weblate and :func:`trilingual.po.write.format_po` lay entries out the
same way: comments in the order ``#``, ``#.``, ``#:``, ``#,``, ``#|`` (or ``#~|``), then the
strings, entries apart by blank lines. One match of :data:`_ENTRY_RE` takes such an entry whole
and checks its layout, so no Python code runs per line:

* :func:`scan_translations` -- what rendering needs (msgstr and fuzzy), no entries built;
* :func:`scan_entries` -- the ``polib.POFile`` the line reader of :mod:`trilingual.po.scan`
  builds (the same entries, attribute for attribute, line numbers included).

Both return ``None`` for anything else (another layout, a comment line ending in white space,
trailing comments, obsolete plurals…); the caller then reads the catalog with the line reader
and polib behind it. ``tests/test_po_scan.py`` compares all three readers.
"""

from __future__ import annotations

import re
from typing import Any

import polib

from trilingual.po.scan import Key, entry_fields, entry_from, unescape, with_metadata

_Q = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n'  # one quoted string and its line end
# a comment's text never ends in white space (polib strips it; the line reader gives up)
_TEXT = r"[^\n]*[^\s]"
_ENTRY_RE = re.compile(
    rf"(?P<tc>(?:#(?: {_TEXT})?\n)+)?"  # translator comments
    rf"(?P<gc>(?:#\. {_TEXT}\n)+)?"  # extracted comments
    rf"(?P<oc>(?:#: {_TEXT}\n)+)?"  # references
    rf"(?P<fl>#, {_TEXT}\n)?"
    # previous strings (#|), or an obsolete entry's (#~|, which polib skips)
    rf"(?:(?P<pv>(?:#\| (?:msgctxt|msgid|msgid_plural) {_Q}(?:#\| {_Q})*)+)"
    rf"|(?P<op>(?:#~\| (?:(?:msgctxt|msgid|msgid_plural) )?{_Q})+)(?=#~ ))?"
    # an obsolete entry has "#~ " before each of its string lines (the first one is "ob")
    r"(?P<ob>#~ )?"
    rf"(?:msgctxt (?P<ct>{_Q}(?:(?(ob)#~ ){_Q})*)(?(ob)#~ ))?"
    rf"msgid (?P<mi>{_Q}(?:(?(ob)#~ ){_Q})*)"
    rf"(?:msgid_plural (?P<mp>{_Q}(?:{_Q})*)"
    rf"(?P<mx>(?:msgstr\[\d\] {_Q}(?:{_Q})*)+)"
    rf"|(?(ob)#~ )msgstr (?P<ms>{_Q}(?:(?(ob)#~ ){_Q})*))"
)
_PLURAL_RE = re.compile(rf"msgstr\[(\d)\] ({_Q}(?:{_Q})*)")
_PREVIOUS_RE = re.compile(rf"#\| (?:(msgctxt|msgid|msgid_plural) )?({_Q})")
_PREVIOUS_FIELD = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid",
                   "msgid_plural": "previous_msgid_plural"}


def _value(group: str) -> str:
    """The string of ``"..."\n`` lines (continuations may carry ``#~ ``), unescaped."""
    inner = group[1:-2]
    if '"\n' in inner:
        # every line ends with its closing quote, so '"' + line end + opening quote (after an
        # obsolete entry's "#~ ") occurs only between two lines
        inner = inner.replace('"\n#~ "', "").replace('"\n"', "")
    return unescape(inner) if "\\" in inner else inner


def _matches(text: str) -> list[re.Match[str]] | None:
    """One match per entry, or ``None`` unless ``text`` is entries apart by blank lines."""
    if not text.endswith("\n") or "\x00" in text:
        return None
    out: list[re.Match[str]] = []
    end = len(text)
    pos = 0
    match_entry = _ENTRY_RE.match
    while pos < end:
        m = match_entry(text, pos)
        if m is None:
            return None
        out.append(m)
        pos = m.end()
        if pos < end:
            if text[pos] != "\n":
                return None
            while pos < end and text[pos] == "\n":
                pos += 1
    return out


def scan_translations(text: str) -> tuple[dict[Key, tuple[str, bool]], str | None] | None:
    """What rendering needs of a catalog in msgcat's layout, without building entries: the
    active entries as ``(msgctxt, msgid) -> (msgstr, fuzzy)`` and the header's msgstr.

    ``None`` for a catalog laid out otherwise, and for one a full read must judge (a duplicate
    entry, a second header, a NUL); then read it with :func:`trilingual.po.read.read_po`.
    """
    matches = _matches(text)
    if matches is None:
        return None
    out: dict[Key, tuple[str, bool]] = {}
    header: str | None = None
    for m in matches:
        flags, obsolete, ctxt, msgid, plural, msgstr = m.group("fl", "ob", "ct", "mi", "mp", "ms")
        msgid = _value(msgid)
        if msgid == "":  # the header (polib takes any entry with an empty msgid for it)
            if header is not None or obsolete or plural is not None:
                return None
            header = _value(msgstr)
            continue
        if obsolete:
            if plural is not None:
                return None
            continue
        key = (None if ctxt is None else _value(ctxt), msgid)
        if key in out:
            return None
        fuzzy = flags is not None and "fuzzy" in (f.strip() for f in flags[3:-1].split(","))
        out[key] = ("" if msgstr is None else _value(msgstr), fuzzy)
    return out, header


def _comment(group: str, skip: int) -> str:
    """Comment lines joined as polib joins them (an empty first line is dropped: its quirk)."""
    joined = ""
    for line in group[:-1].split("\n"):
        joined = f"{joined}\n{line[skip:]}" if joined else line[skip:]
    return joined


def _occurrences(group: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for occurrence in group[3:-1].replace("\n#: ", "\n").split():
        path, sep, where = occurrence.rpartition(":")
        out.append((path, where) if sep and where.isdigit() else (occurrence, ""))
    return out


def _previous(group: str, fields: dict[str, Any]) -> None:
    """The ``#|`` strings into ``fields`` (a bare string line extends the one before)."""
    name = ""
    for match in _PREVIOUS_RE.finditer(group):
        keyword, value = match.group(1, 2)
        value = _value(value)
        if keyword is not None:
            name = _PREVIOUS_FIELD[keyword]
            fields[name] = value
        else:
            fields[name] = f"{fields[name]}{value}"


def _entry(m: re.Match[str], linenum: int, first: bool) -> polib.POEntry:
    """The entry of one match; the first entry's translator comments are the file's header
    comment, not the entry's (polib's reading), and its line number is 0 (polib's)."""
    tc, gc, oc, fl, pv, ob, ct, mi, mp, mx, ms = m.group(
        "tc", "gc", "oc", "fl", "pv", "ob", "ct", "mi", "mp", "mx", "ms"
    )
    fields = entry_fields()
    fields["linenum"] = linenum
    fields["msgid"] = _value(mi)
    if tc is not None and not first:
        fields["tcomment"] = _comment(tc, 2)
    if gc is not None:
        fields["comment"] = _comment(gc, 3)
    if oc is not None:
        fields["occurrences"] = _occurrences(oc)
    if fl is not None:
        fields["flags"] = [flag.strip() for flag in fl[3:-1].split(",")]
    if pv is not None:
        _previous(pv, fields)
    if ob is not None:
        fields["obsolete"] = True
    if ct is not None:
        fields["msgctxt"] = _value(ct)
    if mp is not None:
        fields["msgid_plural"] = _value(mp)
        fields["msgstr_plural"] = {
            int(index): _value(value) for index, value in _PLURAL_RE.findall(mx)
        }
    else:
        fields["msgstr"] = _value(ms)
    return entry_from(fields)


def scan_entries(text: str) -> polib.POFile | None:
    """The catalog the line reader (:func:`trilingual.po.scan.fast_parse`) builds from
    ``text``, or ``None`` when ``text`` is not in msgcat's layout throughout."""
    matches = _matches(text)
    if matches is None:
        return None
    entries: list[polib.POEntry] = []
    header = ""
    line, at = 1, 0
    for m in matches:
        line += text.count("\n", at, m.start())
        at = m.start()
        start = line
        skipped = m.group("op")  # polib skips "#~|" lines: the entry starts after them
        if skipped is not None and m.start("op") == at:
            start += skipped.count("\n")
        if at == 0:
            tc = m.group("tc")
            header = "" if tc is None else _comment(tc, 2)
            entries.append(_entry(m, 0, True))
        else:
            entries.append(_entry(m, start, False))
    po = polib.POFile(encoding="utf-8", check_for_duplicates=False)
    po.header = header
    return with_metadata(po, entries)
