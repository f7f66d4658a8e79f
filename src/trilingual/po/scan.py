"""A fast path for reading PO files into polib objects, with polib's own parser as the fallback.

One deliberate difference: ``\\a`` reads as BEL, as GNU gettext reads it (polib keeps the
backslash; our writer, like msgcat, writes BEL as ``\\a``).

polib's parser is a general state machine that spends most of its time per line (``strip``,
``split``, a regular expression per string, a method lookup per transition): on a 300-entry
catalog it costs about 12 ms, more than everything else ``extract`` and ``render`` do with the
catalog. This module re-implements the same state machine (the same transitions, the same
handlers, the same quirks: ``#~|`` lines are skipped, comments at the top of the file form the
header, trailing comments are dropped) for the lines it knows, as GNU tools and
:func:`trilingual.po.write.format_po` write them, and gives up (returns ``None``) on anything
else, so that polib parses the file and reports what it reports. ``tests/test_po_scan.py``
checks on many generated and hand-made catalogs that both parsers build identical objects.

Catalogs in msgcat's layout are read faster still, one regular expression per entry, by
:mod:`trilingual.po.entry_scan` (which shares :func:`unescape`, :func:`entry_fields` and
:func:`with_metadata` with this reader); this one takes the other well-formed layouts (comments
in another order, entries without a blank line between them, lone ``#.`` lines...).
"""

from __future__ import annotations

import re
from typing import Any

import polib

Key = tuple[str | None, str]  # (msgctxt, msgid): what identifies an entry


def entry_key(entry: polib.POEntry) -> Key:
    """The one definition of a catalog key: (msgctxt, msgid) of an entry."""
    return (entry.msgctxt, entry.msgid)


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_PLURAL = re.compile(r'msgstr\[(\d)\] ("(?:[^"\\]|\\.)*")', re.DOTALL)
_PREVIOUS_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural) )?"(?:[^"\\]|\\.)*"', re.DOTALL)
# GNU's escapes as msgcat writes them; polib's own unescape() forgets \a (BEL), so that a
# catalog holding one changed on every read and write (found by tests/test_fuzz.py)
_UNESCAPE = re.compile(r'\\(\\|n|t|r|v|b|f|a|")')
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a",
              "\\": "\\", '"': '"'}

_ALL = ("st", "he", "gc", "oc", "fl", "ct", "pc", "pm", "pp", "tc", "ms", "mp", "mx", "mi")
# polib's transitions: symbol -> states it may follow (the next state is named by the symbol,
# except "tc" at the top of the file, which is a header comment)
_FROM: dict[str, frozenset[str]] = {
    "tc": frozenset(("st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mp", "mx",
                     "mi")),
    "gc": frozenset(_ALL),
    "oc": frozenset(_ALL),
    "fl": frozenset(_ALL),
    "pc": frozenset(_ALL),
    "pm": frozenset(_ALL),
    "pp": frozenset(_ALL),
    "ct": frozenset(("st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx")),
    "mi": frozenset(("st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx")),
    "mp": frozenset(("tc", "gc", "pc", "pm", "pp", "mi")),
    "ms": frozenset(("mi", "mp", "tc")),
    "mx": frozenset(("mi", "mx", "mp", "tc")),
    "mc": frozenset(("ct", "mi", "mp", "ms", "mx", "pm", "pp", "pc")),
}
_KEYWORDS = {"msgctxt ": "ct", "msgid ": "mi", "msgid_plural ": "mp", "msgstr ": "ms"}
_PREVIOUS = {"msgctxt ": "pc", "msgid ": "pm", "msgid_plural ": "pp"}
#: the entry attribute each keyword symbol sets
_FIELD = {"ct": "msgctxt", "mi": "msgid", "mp": "msgid_plural", "ms": "msgstr",
          "pc": "previous_msgctxt", "pm": "previous_msgid", "pp": "previous_msgid_plural"}
_STARTS_ENTRY = frozenset(("tc", "gc", "oc", "fl", "pp", "pm", "pc", "ct", "mi"))


class _GiveUp(Exception):
    """A line outside the fast path: polib must parse the file."""


class MissingMsgstr(Exception):
    """A msgid without its msgstr (GNU msgfmt refuses it; polib keeps an empty one)."""

    def __init__(self, line: int) -> None:
        super().__init__(f"msgid without msgstr (line {line})")
        self.line = line


def missing_msgstr(lines: list[str]) -> int | None:
    """The line of the first msgid not followed by its msgstr, for catalogs the fast path
    gives to polib (the fast path finds it as it reads)."""
    waiting: int | None = None
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if line.startswith("#~ "):
            line = line[3:].lstrip()
        elif line.startswith("#"):
            if waiting is not None and line not in ("#.", "#:", "#,"):  # those, polib skips
                return waiting
            continue
        if line.startswith("msgid_plural") or not line or line.startswith('"'):
            continue
        if line.startswith(("msgid", "msgctxt")):
            if waiting is not None:
                return waiting
            if line.startswith("msgid"):
                waiting = number
        elif line.startswith("msgstr"):
            waiting = None
    return waiting


def unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return _UNESCAPE.sub(lambda m: _UNESCAPES[m.group(1)], value)


def _string(token: str) -> str:
    """The value of a quoted string token (the whole token must be one string)."""
    inner = token[1:-1]
    if (
        len(token) > 1 and token[0] == '"' and token[-1] == '"'
        and '"' not in inner and "\\" not in inner
    ):
        return inner  # the common case: nothing escaped
    if _STRING.fullmatch(token) is None:
        raise _GiveUp
    return unescape(inner)


_DEFAULTS = vars(polib.POEntry())
_ENTRY = polib.POEntry
_NEW = polib.POEntry.__new__
# the mutable defaults, which new_entry() makes fresh for every entry
assert {n for n, v in _DEFAULTS.items() if isinstance(v, (list, dict))} == {
    "msgstr_plural", "occurrences", "flags"
}


def new_entry(**fields: Any) -> polib.POEntry:
    """``polib.POEntry(**fields)``, a third faster (no keyword-argument lookups).

    The attributes are polib's own defaults (read from a real ``POEntry()``), with fresh lists
    and dicts, updated with ``fields``; ``tests/test_po_scan.py`` compares both.
    """
    return entry_from({**entry_fields(), **fields})


def entry_fields() -> dict[str, Any]:
    """A fresh copy of the attributes of a new ``polib.POEntry`` (see :func:`new_entry`)."""
    return {**_DEFAULTS, "msgstr_plural": {}, "occurrences": [], "flags": []}


def entry_from(fields: dict[str, Any]) -> polib.POEntry:
    """A ``polib.POEntry`` whose attributes are ``fields`` (from :func:`entry_fields`)."""
    entry = _NEW(_ENTRY)
    entry.__dict__ = fields
    return entry


def _new_entry(linenum: int) -> polib.POEntry:
    return new_entry(linenum=linenum)


def header_metadata(msgstr: str) -> dict[str, str]:
    """polib's reading of a header msgstr into ``POFile.metadata``."""
    metadata: dict[str, str] = {}
    key = None
    for message in msgstr.splitlines():
        try:
            key, value = message.split(":", 1)
            metadata[key] = value.strip()
        except (ValueError, KeyError):
            if key is not None:
                metadata[key] += "\n" + message.strip()
    return metadata


def fast_parse(lines: list[str]) -> polib.POFile | None:
    """The catalog polib would build from ``lines`` (split at ``\\n``), or ``None``.

    A catalog it accepts has no line that :func:`trilingual.po.read.parse_po_text` checks for
    before handing text to polib (merge-conflict markers, lines polib would misread), so those
    checks run only when this returns ``None``; a NUL character is the caller's to refuse.
    """
    try:
        return _LineReader().read(lines)
    except _GiveUp:
        return None


class _LineReader:
    """polib's state machine, one line at a time (see the module's docstring)."""

    def __init__(self) -> None:
        self.entries: list[polib.POEntry] = []
        self.entry = _new_entry(0)
        self.state = "st"
        self.plural_index = 0
        self.last_is_comment = False
        self.header = ""
        self.waiting = 0  # the line of a msgid still without its msgstr

    def read(self, lines: list[str]) -> polib.POFile:
        seen_any = False
        for number, line in enumerate(lines, 1):
            if not line:
                continue
            if line[0].isspace() or line[-1].isspace():
                raise _GiveUp
            seen_any = True
            if line[0] == "#":
                if not line.startswith("#~"):
                    self.last_is_comment = True
                    self._comment(line, number)
                    continue
                if line.startswith("#~| "):
                    self._obsolete_previous(line)
                    continue
                if not line.startswith("#~ ") or len(line) == 3 or line[3].isspace():
                    raise _GiveUp
                self.last_is_comment = False
                self._strings(line[3:], number, obsolete=True)
            else:
                self.last_is_comment = False
                self._strings(line, number, obsolete=False)
        if self.waiting:
            raise MissingMsgstr(self.waiting)
        if seen_any and not self.last_is_comment:
            self.entries.append(self.entry)
        po = polib.POFile(encoding="utf-8", check_for_duplicates=False)
        po.header = self.header
        done = with_metadata(po, self.entries)
        if done is None:
            raise _GiveUp
        return done

    def _advance(self, symbol: str, linenum: int) -> polib.POEntry:
        """Move to ``symbol``'s state (a new entry when one starts); the entry it fills."""
        if self.state not in _FROM[symbol]:
            raise _GiveUp  # polib reports a syntax error here
        if self.waiting and symbol not in ("mp", "ms", "mx"):
            raise MissingMsgstr(self.waiting)
        if symbol == "mi":
            self.waiting = linenum
        elif symbol in ("ms", "mx"):
            self.waiting = 0
        if symbol in _STARTS_ENTRY and self.state in ("ms", "mx"):
            self.entries.append(self.entry)
            self.entry = _new_entry(linenum)
        self.state = symbol
        return self.entry

    def _obsolete_previous(self, line: str) -> None:
        # polib skips the line; it must still be one polib would not misread
        if _PREVIOUS_LINE.fullmatch(line, 4) is None:
            raise _GiveUp
        if self.waiting:
            raise MissingMsgstr(self.waiting)
        self.last_is_comment = True

    def _comment(self, line: str, number: int) -> None:
        second = line[1:2]
        if second in ("", " ", "#"):
            if self.state in ("st", "he"):  # polib's handle_he, quirks included
                self.header = f"{self.header}\n{line[2:]}" if self.header else line[2:]
                self.state = "he"
                return
            text = line.lstrip("#")
            if text.startswith(" "):
                text = text[1:]
            current = self._advance("tc", number)
            current.tcomment = f"{current.tcomment}\n{text}" if current.tcomment else text
            return
        if second not in ".:,|" or (len(line) > 2 and line[2] != " "):
            raise _GiveUp
        if len(line) <= 3:
            if second == "|" or line[2:].strip():
                raise _GiveUp
            return  # "#.", "#:", "#," alone: polib skips them
        rest = line[3:]
        if second == ".":
            current = self._advance("gc", number)
            current.comment = f"{current.comment}\n{rest}" if current.comment else rest
        elif second == ":":
            current = self._advance("oc", number)
            for occurrence in rest.split():
                path, sep, where = occurrence.rpartition(":")
                if not sep or not where.isdigit():
                    current.occurrences.append((occurrence, ""))
                else:
                    current.occurrences.append((path, where))
        elif second == ",":
            current = self._advance("fl", number)
            current.flags += [flag.strip() for flag in rest.split(",")]
        elif rest.startswith('"'):  # "#| " continuation
            self._continuation(rest)
        else:
            symbol, value = _keyword(rest, _PREVIOUS)
            setattr(self._advance(symbol, number), _FIELD[symbol], value)

    def _continuation(self, token: str) -> None:
        if self.state not in _FROM["mc"]:
            raise _GiveUp
        _continue(self.entry, self.state, _string(token), self.plural_index)

    def _strings(self, line: str, number: int, *, obsolete: bool) -> None:
        """A string line: a continuation, ``msgstr[n]`` or a keyword line."""
        first = line[0]
        if first == '"':
            self._continuation(line)
            return
        if first != "m":
            raise _GiveUp
        if line.startswith("msgstr["):
            match = _PLURAL.fullmatch(line)
            if match is None:
                raise _GiveUp
            current = self._advance("mx", number)
            self.plural_index = int(match.group(1))
            current.msgstr_plural[self.plural_index] = unescape(match.group(2)[1:-1])
            return
        symbol, value = _keyword(line, _KEYWORDS)
        current = self._advance(symbol, number)
        setattr(current, _FIELD[symbol], value)
        if symbol == "mi":
            current.obsolete = obsolete


def _keyword(line: str, table: dict[str, str]) -> tuple[str, str]:
    """(symbol, value) of a ``keyword "string"`` line."""
    for keyword, symbol in table.items():
        if line.startswith(keyword):
            return symbol, _string(line[len(keyword):])
    raise _GiveUp


def _continue(entry: polib.POEntry, state: str, value: str, plural_index: int) -> None:
    """polib's ``handle_mc``: a continuation line extends the string of the current state."""
    if state == "mx":
        entry.msgstr_plural[plural_index] += value
    elif state in _FIELD:
        name = _FIELD[state]
        setattr(entry, name, (getattr(entry, name) or "") + value)


def with_metadata(po: polib.POFile, entries: list[polib.POEntry]) -> polib.POFile | None:
    """polib's handling of the header entry (``msgid ""``): it becomes ``po.metadata``;
    ``None`` for several headers or an obsolete one (polib's choice is subtle; let it decide)."""
    headers = [e for e in entries if e.msgid == ""]
    if len(headers) > 1 or (headers and headers[0].obsolete):
        return None
    if headers:
        header = headers[0]
        entries = [e for e in entries if e is not header]
        po.metadata_is_fuzzy = header.flags  # type: ignore[assignment]  # as polib does
        po.metadata.update(header_metadata(header.msgstr))
    po.extend(entries)
    return po
