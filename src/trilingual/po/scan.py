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


def _unescape(value: str) -> str:
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
    return _unescape(inner)


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
    entry = _NEW(_ENTRY)
    entry.__dict__ = {**_DEFAULTS, "msgstr_plural": {}, "occurrences": [], "flags": [], **fields}
    return entry


def _new_entry(linenum: int) -> polib.POEntry:
    return new_entry(linenum=linenum)


# -- translations only ------------------------------------------------------------------------
# Rendering needs msgstr and the fuzzy flag of each entry, nothing else. A catalog laid out as
# msgcat (and format_po) writes it is scanned with one regular expression per entry, which also
# checks its layout: comments in the order # #. #: #, #| (or #~|), then the strings, entries
# apart by blank lines. Anything else goes to the full reader.
_Q = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n'  # one quoted string and its line end
_ENTRY_RE = re.compile(
    r"(?:#(?: [^\n]*)?\n)*"  # translator comments
    r"(?:#\. [^\n]*\n)*"  # extracted comments
    r"(?:#: [^\n]*\n)*"  # references
    r"(?P<fl>#, [^\n]*\n)?"
    # previous strings (#|), or an obsolete entry's (#~|, which polib skips)
    rf"(?:(?:#\| (?:msgctxt|msgid|msgid_plural) {_Q}(?:#\| {_Q})*)+"
    rf"|(?:#~\| (?:(?:msgctxt|msgid|msgid_plural) )?{_Q})+(?=#~ ))?"
    # an obsolete entry has "#~ " before each of its string lines (the first one is "ob")
    r"(?P<ob>#~ )?"
    rf"(?:msgctxt (?P<ct>{_Q}(?:(?(ob)#~ ){_Q})*)(?(ob)#~ ))?"
    rf"msgid (?P<mi>{_Q}(?:(?(ob)#~ ){_Q})*)"
    rf"(?:msgid_plural (?P<mp>{_Q}(?:{_Q})*)"
    rf"(?P<mx>(?:msgstr\[\d\] {_Q}(?:{_Q})*)+)"
    rf"|(?(ob)#~ )msgstr (?P<ms>{_Q}(?:(?(ob)#~ ){_Q})*))"
)


def _value(group: str) -> str:
    """The string of ``"..."\n`` lines (continuations may carry ``#~ ``), unescaped."""
    inner = group[1:-2]
    if '"\n' in inner:
        # every line ends with its closing quote, so '"' + line end + opening quote (after an
        # obsolete entry's "#~ ") occurs only between two lines
        inner = inner.replace('"\n#~ "', "").replace('"\n"', "")
    return _unescape(inner) if "\\" in inner else inner


def scan_translations(text: str) -> tuple[dict[Key, tuple[str, bool]], str | None] | None:
    """What rendering needs of a catalog in msgcat's layout, without building entries: the
    active entries as ``(msgctxt, msgid) -> (msgstr, fuzzy)`` and the header's msgstr.

    ``None`` for a catalog laid out otherwise, and for one a full read must judge (a duplicate
    entry, a second header, a NUL); then read it with :func:`trilingual.po.read.read_po`.
    """
    if not text.endswith("\n") or "\x00" in text:
        return None
    out: dict[Key, tuple[str, bool]] = {}
    header: str | None = None
    end = len(text)
    pos = 0
    match_entry = _ENTRY_RE.match
    while pos < end:
        m = match_entry(text, pos)
        if m is None:
            return None
        flags, obsolete, ctxt, msgid, plural, msgstr = m.group("fl", "ob", "ct", "mi", "mp", "ms")
        pos = m.end()
        if pos < end:
            if text[pos] != "\n":
                return None
            while pos < end and text[pos] == "\n":
                pos += 1
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
        return _parse(lines)
    except _GiveUp:
        return None


def _parse(lines: list[str]) -> polib.POFile:
    po = polib.POFile(encoding="utf-8", check_for_duplicates=False)
    entries: list[polib.POEntry] = []
    entry = _new_entry(0)
    state = "st"
    plural_index = 0
    last_is_comment = False
    seen_any = False
    header = ""

    waiting = 0  # the line of a msgid still without its msgstr

    def advance(symbol: str, linenum: int) -> polib.POEntry:
        nonlocal entry, state, waiting
        if state not in _FROM[symbol]:
            raise _GiveUp  # polib reports a syntax error here
        if waiting and symbol not in ("mp", "ms", "mx"):
            raise MissingMsgstr(waiting)
        if symbol == "mi":
            waiting = linenum
        elif symbol in ("ms", "mx"):
            waiting = 0
        if symbol in _STARTS_ENTRY and state in ("ms", "mx"):
            entries.append(entry)
            entry = _new_entry(linenum)
        return entry

    for number, line in enumerate(lines, 1):
        if not line:
            continue
        if line[0].isspace() or line[-1].isspace():
            raise _GiveUp
        seen_any = True
        first = line[0]
        obsolete = False
        if first == "#":
            second = line[1:2]
            if second == "~":
                if line.startswith("#~| "):
                    # polib skips the line; it must still be one polib would not misread
                    if _PREVIOUS_LINE.fullmatch(line, 4) is None:
                        raise _GiveUp
                    if waiting:
                        raise MissingMsgstr(waiting)
                    last_is_comment = True
                    continue
                if not line.startswith("#~ "):
                    raise _GiveUp
                line = line[3:]
                if not line or line[0].isspace():
                    raise _GiveUp
                first = line[0]
                obsolete = True
            else:
                last_is_comment = True
                if second == "" or second == " " or second == "#":
                    if state in ("st", "he"):  # polib's handle_he, quirks included
                        header = f"{header}\n{line[2:]}" if header else line[2:]
                        state = "he"
                        continue
                    current = advance("tc", number)
                    text = line.lstrip("#")
                    if text.startswith(" "):
                        text = text[1:]
                    current.tcomment = f"{current.tcomment}\n{text}" if current.tcomment else text
                    state = "tc"
                    continue
                if second not in ".:,|" or (len(line) > 2 and line[2] != " "):
                    raise _GiveUp
                if len(line) <= 3:
                    if second == "|" or line[2:].strip():
                        raise _GiveUp
                    continue  # "#.", "#:", "#," alone: polib skips them
                rest = line[3:]
                if second == ".":
                    current = advance("gc", number)
                    current.comment = f"{current.comment}\n{rest}" if current.comment else rest
                    state = "gc"
                elif second == ":":
                    current = advance("oc", number)
                    for occurrence in rest.split():
                        path, sep, where = occurrence.rpartition(":")
                        if not sep or not where.isdigit():
                            current.occurrences.append((occurrence, ""))
                        else:
                            current.occurrences.append((path, where))
                    state = "oc"
                elif second == ",":
                    current = advance("fl", number)
                    current.flags += [flag.strip() for flag in rest.split(",")]
                    state = "fl"
                else:  # "#| "
                    if rest.startswith('"'):
                        if state not in _FROM["mc"]:
                            raise _GiveUp
                        _continue(entry, state, _string(rest), plural_index)
                        continue
                    symbol, value = _keyword(rest, _PREVIOUS)
                    setattr(advance(symbol, number), _FIELD[symbol], value)
                    state = symbol
                continue
        last_is_comment = False
        if first == '"':
            if state not in _FROM["mc"]:
                raise _GiveUp
            _continue(entry, state, _string(line), plural_index)
            continue
        if first != "m":
            raise _GiveUp
        if line.startswith("msgstr["):
            match = _PLURAL.fullmatch(line)
            if match is None:
                raise _GiveUp
            current = advance("mx", number)
            plural_index = int(match.group(1))
            current.msgstr_plural[plural_index] = _unescape(match.group(2)[1:-1])
            state = "mx"
            continue
        symbol, value = _keyword(line, _KEYWORDS)
        current = advance(symbol, number)
        setattr(current, _FIELD[symbol], value)
        if symbol == "mi":
            current.obsolete = obsolete
        state = symbol
    if waiting:
        raise MissingMsgstr(waiting)
    if seen_any and not last_is_comment:
        entries.append(entry)
    po.header = header
    return _with_metadata(po, entries)


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


def _with_metadata(po: polib.POFile, entries: list[polib.POEntry]) -> polib.POFile:
    """polib's handling of the header entry (``msgid ""``): it becomes ``po.metadata``."""
    headers = [e for e in entries if e.msgid == ""]
    if len(headers) > 1 or (headers and headers[0].obsolete):
        raise _GiveUp  # polib's choice among several is subtle; let it decide
    if headers:
        header = headers[0]
        entries = [e for e in entries if e is not header]
        po.metadata_is_fuzzy = header.flags  # type: ignore[assignment]  # as polib does
        po.metadata.update(header_metadata(header.msgstr))
    po.extend(entries)
    return po
