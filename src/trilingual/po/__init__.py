"""PO/POT input and output for trilingual, on top of polib: the one reader, the one writer,
the one line breaker, the one header builder and the one Plural-Forms rule.

Modules: :mod:`.read` (:func:`read_po`, :func:`parse_po_text`, :func:`read_translations`) on the
per-entry scan of :mod:`.entry_scan` and the line reader of :mod:`.scan`, with polib's parser
behind them; :mod:`.write` (:func:`format_po`,
:func:`write_po`); :mod:`.linebreak` (GNU's wrapping, its tables generated in :mod:`._tables`);
:mod:`.header`; :mod:`.plural`.

``polib.POFile``/``POEntry`` are the in-memory model.  This module adds:

* :func:`format_po` -- serialise a catalog byte-for-byte as GNU ``msgcat`` (gettext 0.21) writes
  it, so that ``msgcat f.po`` leaves our files unchanged.  It follows ``write-po.c``: header first,
  then the entries, obsolete entries (``#~``) last; comments in the order ``#``, ``#.``, ``#:``
  (wrapped at 79 columns like GNU), ``#,``, ``#|``; strings escaped like GNU (``\\\\ \\" \\a \\b
  \\f \\n \\r \\t \\v``; other control characters are written raw, as msgcat does without ``-E``)
  and wrapped at 79 columns with GNU's algorithm: libunistring's UAX #14 line breaking applied to
  the *escaped* string, never inside an escape, a forced break after ``\\n``, and the
  ``msgid ""`` first line when the string wraps or has an inner ``\\n``.  The line-break classes
  and character widths are tables generated from libunistring 1.0 (the library gettext 0.21
  links), so the pair rules match for every BMP character.
* :func:`read_po` / :func:`parse_po_text` -- polib with one-line :class:`CatalogError` messages.
* :func:`write_po` -- :func:`format_po` + :func:`trilingual.fsutil.write_atomic`.
* :func:`new_catalog` -- an empty catalog with the header ``extract`` writes (POT or PO).

Normalisations that msgcat also makes: a ``fuzzy`` flag on an untranslated entry is dropped,
obsolete entries without a translation are dropped, flags msgcat does not know are dropped and
the known ones are written in GNU's order (``fuzzy``, format flags, ``range:``, ``no-wrap``),
duplicate references are dropped.

Parity evidence (gettext 0.21, libunistring 1.0): the hypothesis properties and seeded catalogs
in ``tests/test_po_write.py`` compare every generated catalog with ``msgcat --force-po`` output
(prose in Latin and Cyrillic, all ASCII punctuation, «» „“ ‘’ — – … № §, NBSP, soft and
non-breaking hyphens, combining accents, tabs, CR, newlines, backslashes, quotes, URLs, Markdown,
long words, msgctxt, plurals, fuzzy/no-wrap flags, previous strings, comments, references,
obsolete entries).  During development 540 catalogs of 300 such entries matched byte for byte,
and 60 more that add zero-width (non-)joiners and spaces, word joiners, CJK, Hangul, ideographic
space, U+2028, BOM and C0/DEL control characters.  ``msgcat`` writes nothing at all for a catalog
holding only its header (without ``--force-po``); it then leaves the file alone.

Known gaps:

* Characters outside the BMP (emoji, regional-indicator flags, rare CJK) get a fallback class
  (width 2 -> ID, width 0 -> CM, else AL); libunistring's emoji/regional-indicator rules are not
  modelled, so a line holding them may wrap elsewhere than msgcat's.
* The 29 east-asian-wide opening brackets (U+2329, U+3008..U+301D, U+FE17.., U+FF08, U+FF3B,
  U+FF5B, U+FF5F, U+FF62) are treated as plain OP; libunistring also breaks before them after
  letters and digits.
* Format directives: with a ``*-format`` flag GNU also refuses to break inside a directive
  (``%s``, ``{name}``...).  We write the flag in GNU's order but do not model the directives;
  trilingual never sets format flags (its ``{n}`` placeholders are not format strings).
* What polib itself cannot keep is lost before we see it: ``#~|`` previous strings of obsolete
  entries (we write them when the entry has them), leading/trailing blanks of comment lines,
  empty ``#.`` lines, the ``\\a`` escape, and header lines that are not ``Key: value``.
"""

from __future__ import annotations

from trilingual.po.header import catalog_header, new_catalog, now_stamp, template_header
from trilingual.po.linebreak import PAGE_WIDTH
from trilingual.po.plural import check_plurals, plural_forms_problem, plural_problem
from trilingual.po.read import (
    Translation,
    decode_catalog,
    parse_po_text,
    read_catalog_text,
    read_po,
    read_translations,
    refuse_conflict_markers,
    translations_from_text,
)
from trilingual.po.scan import Key, entry_key, new_entry
from trilingual.po.write import format_po, write_po

__all__ = [
    "PAGE_WIDTH",
    "Key",
    "Translation",
    "catalog_header",
    "check_plurals",
    "decode_catalog",
    "entry_key",
    "format_po",
    "new_catalog",
    "new_entry",
    "now_stamp",
    "parse_po_text",
    "plural_forms_problem",
    "plural_problem",
    "read_catalog_text",
    "read_po",
    "read_translations",
    "refuse_conflict_markers",
    "template_header",
    "translations_from_text",
    "write_po",
]
