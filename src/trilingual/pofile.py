"""PO/POT input and output for trilingual, on top of polib.

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
* :func:`new_catalog` -- a catalog with gettext's header conventions (POT or PO).

Normalisations that msgcat also makes: a ``fuzzy`` flag on an untranslated entry is dropped,
obsolete entries without a translation are dropped, flags msgcat does not know are dropped and
the known ones are written in GNU's order (``fuzzy``, format flags, ``range:``, ``no-wrap``),
duplicate references are dropped.

Parity evidence (gettext 0.21, libunistring 1.0): the hypothesis properties and seeded catalogs
in ``tests/test_pofile.py`` compare every generated catalog with ``msgcat --force-po`` output
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

import functools
import gettext
import re
from bisect import bisect_right
from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard

import polib

from trilingual.errors import CatalogError
from trilingual.fsutil import write_atomic
from trilingual.poread import (
    Key,
    MissingMsgstr,
    fast_parse,
    header_metadata,
    missing_msgstr,
    scan_translations,
)

__all__ = [
    "PAGE_WIDTH",
    "format_po",
    "new_catalog",
    "parse_po_text",
    "read_po",
    "write_po",
]

PAGE_WIDTH = 79
"""GNU's default page width (``msgcat -w``)."""

# ----------------------------------------------------------------------------------------------
# Line-break classes (libunistring names) and the UAX #14 pair table as libunistring 1.0 applies it.

_LB_CLASSES = [
    "OP",
    "CL",
    "CP",
    "QU",
    "GL",
    "NS",
    "EX",
    "SY",
    "IS",
    "PR",
    "PO",
    "NU",
    "AL",
    "HL",
    "ID",
    "IN",
    "HY",
    "BA",
    "BB",
    "B2",
    "ZW",
    "CM",
    "WJ",
    "H2",
    "H3",
    "JL",
    "JV",
    "JT",
    "RI",
    "EB",
    "EM",
    "ZWJ",
    "SP",
    "BK",
]
_LETTERS = "GHIJKLMNOPQRSTUVWXYZghijklmnopqrst"
_CLS = {name: _LETTERS[i] for i, name in enumerate(_LB_CLASSES)}
_ZWJ = _CLS["ZWJ"]
_SP, _BK, _CM, _ZW, _AL, _ID = (
    _CLS["SP"],
    _CLS["BK"],
    _CLS["CM"],
    _CLS["ZW"],
    _CLS["AL"],
    _CLS["ID"],
)

# _PAIR[before][after] for the first 32 classes: D = break, I = break only after spaces,
# P = no break (probed from libunistring 1.0's u8_possible_linebreaks).
_PAIR_ROWS = [
    "PPPPPPPPPPPPPPPPPPPPPIPPPPPPPPPI",
    "DPPIIPPPPIIDDDDIIIDDPIPDDDDDDDDI",
    "DPPIIIPPPIIIIIDIIIDDPIPDDDDDDDDI",
    "PPPIIIPPPIIIIIIIIIIIPIPIIIIIIIII",
    "IPPIIIPPPIIIIIIIIIIIPIPIIIIIIIII",
    "DPPIIIPPPDDDDDDIIIDDPIPDDDDDDDDI",
    "DPPIIIPPPDDDDDDIIIDDPIPDDDDDDDDI",
    "DPPIIIPPPDDIDIDIIIDDPIPDDDDDDDDI",
    "DPPIIIPPPDDIDDDIIIDDPIPDDDDDDDDI",
    "IPPIIIPPPDDIIIIIIIDDPIPIIIIIDIII",
    "IPPIIIPPPDDIIIDIIIDDPIPDDDDDDDDI",
    "IPPIIIPPPIIIIIDIIIDDPIPDDDDDDDDI",
    "IPPIIIPPPIIIIIDIIIDDPIPDDDDDDDDI",
    "IPPIIIPPPIIIIIDIIIDDPIPDDDDDDDDI",
    "DPPIIIPPPDIDDDDIIIDDPIPDDDDDDDDI",
    "DPPIIIPPPDDDDDDIIIDDPIPDDDDDDDDI",
    "DPPIDIPPPDDIDDDIIIDDPIPDDDDDDDDI",
    "DPPIDIPPPDDDDDDIIIDDPIPDDDDDDDDI",
    "IPPIIIPPPIIIIIIIIIIIPIPIIIIIIIII",
    "DPPIIIPPPDDDDDDIIIDPPIPDDDDDDDDI",
    "DDDDDDDDDDDDDDDDDDDDPDDDDDDDDDDD",
    "IPPIIIPPPIIIIIDIIIDDPIPDDDDDDDDI",
    "IPPIIIPPPIIIIIIIIIIIPIPIIIIIIIII",
    "DPPIIIPPPDIDDDDIIIDDPIPDDDIIDDDI",
    "DPPIIIPPPDIDDDDIIIDDPIPDDDDIDDDI",
    "DPPIIIPPPDIDDDDIIIDDPIPIIIIDDDDI",
    "DPPIIIPPPDIDDDDIIIDDPIPDDDIIDDDI",
    "DPPIIIPPPDIDDDDIIIDDPIPDDDDIDDDI",
    "DPPIIIPPPDDDDDDIIIDDPIPDDDDDIDDI",
    "DPPIIIPPPDIDDDDIIIDDPIPDDDDDDDII",
    "DPPIIIPPPDIDDDDIIIDDPIPDDDDDDDDI",
    "IPPIIIPPPIIIIIIIIIIIPIPIIIIIIIII",
]
_PAIR = {
    _LETTERS[i]: {_LETTERS[j]: row[j] for j in range(len(row))} for i, row in enumerate(_PAIR_ROWS)
}


# ----------------------------------------------------------------------------------------------
# Generated from GNU libunistring 1.0 (the library GNU gettext 0.21 links) through ctypes: the
# line-break class of every BMP code point as runs "<hex first code point><class letter>"
# (letters index _LB_CLASSES through _LETTERS), and every code point whose uc_width is not 1 as
# "<hex first>-<hex last><z|n|w>" (z: width 0, n: control character, w: width 2).
_LB_DATA = (
    "0h9Xateh20s21M22J23S24P25Q26S27J28G29I2aS2bP2cO2dW2eO2fN30R3aO3cS3fM40S5bG5cP5dI5eS7bG7cX7dH7e"
    "S7fh85t86ha0Ka1Ga2Qa3Pa6SabJacSadXaeSb0Qb1Pb2Sb4Yb5SbbJbcSbfGc0S2c8Y2c9S2ccY2cdS2dfY2e0S300h34"
    "fK350h35cK363h370S37eO37fS483h48aS589O58aX58bS58fP590S591h5beX5bfh5c0S5c1h5c3S5c4h5c6M5c7h5c8S"
    "5d0T5ebS5efT5f3S609Q60cO60eS610h61bM61ch61dM620S64bh660R66aQ66bR66dS670h671S6d4M6d5S6d6h6ddS6d"
    "fh6e5S6e7h6e9S6eah6eeS6f0R6faS711h712S730h74bS7a6h7b1S7c0R7caS7ebh7f4S7f8O7f9M7faS7fdh7feP800S"
    "816h81aS81bh824S825h828S829h82eS859h85cS898h8a0S8cah8e2S8e3h904S93ah93dS93eh950S951h958S962h96"
    "4X966R970S981h984S9bch9bdS9beh9c5S9c7h9c9S9cbh9ceS9d7h9d8S9e2h9e4S9e6R9f0S9f2Q9f4S9f9Q9faS9fbP"
    "9fcS9feh9ffSa01ha04Sa3cha3dSa3eha43Sa47ha49Sa4bha4eSa51ha52Sa66Ra70ha72Sa75ha76Sa81ha84Sabchab"
    "dSabehac6Sac7hacaSacbhaceSae2hae4Sae6Raf0Saf1Paf2Safahb00Sb01hb04Sb3chb3dSb3ehb45Sb47hb49Sb4bh"
    "b4eSb55hb58Sb62hb64Sb66Rb70Sb82hb83Sbbehbc3Sbc6hbc9SbcahbceSbd7hbd8Sbe6Rbf0Sbf9PbfaSc00hc05Sc3"
    "chc3dSc3ehc45Sc46hc49Sc4ahc4eSc55hc57Sc62hc64Sc66Rc70Sc77Yc78Sc81hc84Yc85ScbchcbdScbehcc5Scc6h"
    "cc9SccahcceScd5hcd7Sce2hce4Sce6Rcf0Sd00hd04Sd3bhd3dSd3ehd45Sd46hd49Sd4ahd4eSd57hd58Sd62hd64Sd6"
    "6Rd70Sd79Qd7aSd81hd84SdcahdcbSdcfhdd5Sdd6hdd7Sdd8hde0Sde6Rdf0Sdf2hdf4Se3fPe40Se50Re5aXe5cSed0R"
    "edaSf01Yf05Sf06Yf08Kf09Yf0bXf0cKf0dMf12Kf13Sf14Mf15Sf18hf1aSf20Rf2aSf34Xf35hf36Sf37hf38Sf39hf3"
    "aGf3bHf3cGf3dHf3ehf40Sf71hf7fXf80hf85Xf86hf88Sf8dhf98Sf99hfbdSfbeXfc0Sfc6hfc7Sfd0Yfd2Xfd3Yfd4S"
    "fd9KfdbS1040R104aX104cS1090R109aS1100l1160m11a8n1200S135dh1360S1361X1362S1400X1401S1680X1681S1"
    "69bG169cH169dS16ebX16eeS1712h1716S1732h1735X1737S1752h1754S1772h1774S17d4X17d6L17d7S17d8X17d9S"
    "17daX17dbP17dcS17e0R17eaS1802M1804X1806Y1807S1808M180aS180bh180eK180fh1810R181aS1885h1887S18a9"
    "h18aaS1920h192cS1930h193cS1944M1946R1950S19d0R19daS1a17h1a1cS1a7fh1a80R1a8aS1a90R1a9aS1ab0h1ac"
    "fS1b00h1b05S1b34h1b45S1b50R1b5aX1b5cS1b5dX1b61S1b6bh1b74S1b7dX1b7fS1b80h1b83S1ba1h1baeS1bb0R1b"
    "baS1be6h1bf4S1c24h1c38S1c3bX1c40R1c4aS1c50R1c5aS1c7eX1c80S1cd0h1cd3S1cd4h1ce9S1cedh1ceeS1cf4h1"
    "cf5S1cf7h1cfaS1dc0h1e00S1ffdY1ffeS2000X2007K2008X200bg200ch200dr200eh2010X2011K2012X2014Z2015S"
    "2018J201aG201bJ201eG201fJ2020S2024V2027X2028t202ah202fK2030Q2038S2039J203bS203cL203eS2044O2045"
    "G2046H2047L204aS2056X2057S2058X205cS205dX2060i2061S2066h2070S207dG207eH207fS208dG208eH208fS20a"
    "0P20a7Q20a8P20b6Q20b7P20bbQ20bcP20beQ20bfP20c0Q20c1P20d0h20f1S2103Q2104S2109Q210aS2116P2117S22"
    "12P2214S22efV22f0S2308G2309H230aG230bH230cS231aU231cS2329G232aH232bS23f0U23f4S2600U2604S2614U2"
    "616S2618U2619S261aU261dp261eU2620S2639U263cS2668U2669S267fU2680S26bdU26c9S26cdU26ceS26cfU26d2S"
    "26d3U26d5S26d8U26daS26dcU26ddS26dfU26e2S26eaU26ebS26f1U26f6S26f7U26f9p26faU26fbS26fdU2705S2708"
    "U270ap270eS275bJ2761S2762M2764U2765S2768G2769H276aG276bH276cG276dH276eG276fH2770G2771H2772G277"
    "3H2774G2775H2776S27c5G27c6H27c7S27e6G27e7H27e8G27e9H27eaG27ebH27ecG27edH27eeG27efH27f0S2983G29"
    "84H2985G2986H2987G2988H2989G298aH298bG298cH298dG298eH298fG2990H2991G2992H2993G2994H2995G2996H2"
    "997G2998H2999S29d8G29d9H29daG29dbH29dcS29fcG29fdH29feS2cefh2cf2S2cf9M2cfaX2cfdS2cfeM2cffX2d00S"
    "2d70X2d71S2d7fh2d80S2de0h2e00J2e0eX2e16S2e17X2e18G2e19X2e1aS2e1cJ2e1eS2e20J2e22G2e23H2e24G2e25"
    "H2e26G2e27H2e28G2e29H2e2aX2e2eM2e2fS2e30X2e32S2e33X2e35S2e3aZ2e3cX2e3fS2e40X2e42G2e43X2e4bS2e4"
    "cX2e4dS2e4eX2e50S2e53M2e55G2e56H2e57G2e58H2e59G2e5aH2e5bG2e5cH2e5dX2e5eS2e80U2e9aS2e9bU2ef4S2f"
    "00U2fd6S2ff0U2ffcS3000X3001H3003U3005L3006U3008G3009H300aG300bH300cG300dH300eG300fH3010G3011H3"
    "012U3014G3015H3016G3017H3018G3019H301aG301bH301cL301dG301eH3020U302ah3030U3035h3036U303bL303dU"
    "3040S3041L3042U3043L3044U3045L3046U3047L3048U3049L304aU3063L3064U3083L3084U3085L3086U3087L3088"
    "U308eL308fU3095L3097S3099h309bL309fU30a0L30a2U30a3L30a4U30a5L30a6U30a7L30a8U30a9L30aaU30c3L30c"
    "4U30e3L30e4U30e5L30e6U30e7L30e8U30eeL30efU30f5L30f7U30fbL30ffU3100S3105U3130S3131U318fS3190U31"
    "e4S31f0L3200U321fS3220U3248S3250U4dc0S4e00Ua015La016Ua48dSa490Ua4c7Sa4feXa500Sa60dXa60eMa60fXa"
    "610Sa620Ra62aSa66fha673Sa674ha67eSa69eha6a0Sa6f0ha6f2Sa6f3Xa6f8Sa802ha803Sa806ha807Sa80bha80cS"
    "a823ha828Sa82cha82dSa838Qa839Sa874Ya876Ma878Sa880ha882Sa8b4ha8c6Sa8ceXa8d0Ra8daSa8e0ha8f2Sa8fc"
    "Ya8fdSa8ffha900Ra90aSa926ha92eXa930Sa947ha954Sa960la97dSa980ha984Sa9b3ha9c1Sa9c7Xa9caSa9d0Ra9d"
    "aSa9f0Ra9faSaa29haa37Saa43haa44Saa4chaa4eSaa50Raa5aSaa5dXaa60Saaebhaaf0Xaaf2Saaf5haaf7Sabe3hab"
    "ebXabechabeeSabf0RabfaSac00jac01kac1cjac1dkac38jac39kac54jac55kac70jac71kac8cjac8dkaca8jaca9ka"
    "cc4jacc5kace0jace1kacfcjacfdkad18jad19kad34jad35kad50jad51kad6cjad6dkad88jad89kada4jada5kadc0j"
    "adc1kaddcjadddkadf8jadf9kae14jae15kae30jae31kae4cjae4dkae68jae69kae84jae85kaea0jaea1kaebcjaebd"
    "kaed8jaed9kaef4jaef5kaf10jaf11kaf2cjaf2dkaf48jaf49kaf64jaf65kaf80jaf81kaf9cjaf9dkafb8jafb9kafd"
    "4jafd5kaff0jaff1kb00cjb00dkb028jb029kb044jb045kb060jb061kb07cjb07dkb098jb099kb0b4jb0b5kb0d0jb0"
    "d1kb0ecjb0edkb108jb109kb124jb125kb140jb141kb15cjb15dkb178jb179kb194jb195kb1b0jb1b1kb1ccjb1cdkb"
    "1e8jb1e9kb204jb205kb220jb221kb23cjb23dkb258jb259kb274jb275kb290jb291kb2acjb2adkb2c8jb2c9kb2e4j"
    "b2e5kb300jb301kb31cjb31dkb338jb339kb354jb355kb370jb371kb38cjb38dkb3a8jb3a9kb3c4jb3c5kb3e0jb3e1"
    "kb3fcjb3fdkb418jb419kb434jb435kb450jb451kb46cjb46dkb488jb489kb4a4jb4a5kb4c0jb4c1kb4dcjb4ddkb4f"
    "8jb4f9kb514jb515kb530jb531kb54cjb54dkb568jb569kb584jb585kb5a0jb5a1kb5bcjb5bdkb5d8jb5d9kb5f4jb5"
    "f5kb610jb611kb62cjb62dkb648jb649kb664jb665kb680jb681kb69cjb69dkb6b8jb6b9kb6d4jb6d5kb6f0jb6f1kb"
    "70cjb70dkb728jb729kb744jb745kb760jb761kb77cjb77dkb798jb799kb7b4jb7b5kb7d0jb7d1kb7ecjb7edkb808j"
    "b809kb824jb825kb840jb841kb85cjb85dkb878jb879kb894jb895kb8b0jb8b1kb8ccjb8cdkb8e8jb8e9kb904jb905"
    "kb920jb921kb93cjb93dkb958jb959kb974jb975kb990jb991kb9acjb9adkb9c8jb9c9kb9e4jb9e5kba00jba01kba1"
    "cjba1dkba38jba39kba54jba55kba70jba71kba8cjba8dkbaa8jbaa9kbac4jbac5kbae0jbae1kbafcjbafdkbb18jbb"
    "19kbb34jbb35kbb50jbb51kbb6cjbb6dkbb88jbb89kbba4jbba5kbbc0jbbc1kbbdcjbbddkbbf8jbbf9kbc14jbc15kb"
    "c30jbc31kbc4cjbc4dkbc68jbc69kbc84jbc85kbca0jbca1kbcbcjbcbdkbcd8jbcd9kbcf4jbcf5kbd10jbd11kbd2cj"
    "bd2dkbd48jbd49kbd64jbd65kbd80jbd81kbd9cjbd9dkbdb8jbdb9kbdd4jbdd5kbdf0jbdf1kbe0cjbe0dkbe28jbe29"
    "kbe44jbe45kbe60jbe61kbe7cjbe7dkbe98jbe99kbeb4jbeb5kbed0jbed1kbeecjbeedkbf08jbf09kbf24jbf25kbf4"
    "0jbf41kbf5cjbf5dkbf78jbf79kbf94jbf95kbfb0jbfb1kbfccjbfcdkbfe8jbfe9kc004jc005kc020jc021kc03cjc0"
    "3dkc058jc059kc074jc075kc090jc091kc0acjc0adkc0c8jc0c9kc0e4jc0e5kc100jc101kc11cjc11dkc138jc139kc"
    "154jc155kc170jc171kc18cjc18dkc1a8jc1a9kc1c4jc1c5kc1e0jc1e1kc1fcjc1fdkc218jc219kc234jc235kc250j"
    "c251kc26cjc26dkc288jc289kc2a4jc2a5kc2c0jc2c1kc2dcjc2ddkc2f8jc2f9kc314jc315kc330jc331kc34cjc34d"
    "kc368jc369kc384jc385kc3a0jc3a1kc3bcjc3bdkc3d8jc3d9kc3f4jc3f5kc410jc411kc42cjc42dkc448jc449kc46"
    "4jc465kc480jc481kc49cjc49dkc4b8jc4b9kc4d4jc4d5kc4f0jc4f1kc50cjc50dkc528jc529kc544jc545kc560jc5"
    "61kc57cjc57dkc598jc599kc5b4jc5b5kc5d0jc5d1kc5ecjc5edkc608jc609kc624jc625kc640jc641kc65cjc65dkc"
    "678jc679kc694jc695kc6b0jc6b1kc6ccjc6cdkc6e8jc6e9kc704jc705kc720jc721kc73cjc73dkc758jc759kc774j"
    "c775kc790jc791kc7acjc7adkc7c8jc7c9kc7e4jc7e5kc800jc801kc81cjc81dkc838jc839kc854jc855kc870jc871"
    "kc88cjc88dkc8a8jc8a9kc8c4jc8c5kc8e0jc8e1kc8fcjc8fdkc918jc919kc934jc935kc950jc951kc96cjc96dkc98"
    "8jc989kc9a4jc9a5kc9c0jc9c1kc9dcjc9ddkc9f8jc9f9kca14jca15kca30jca31kca4cjca4dkca68jca69kca84jca"
    "85kcaa0jcaa1kcabcjcabdkcad8jcad9kcaf4jcaf5kcb10jcb11kcb2cjcb2dkcb48jcb49kcb64jcb65kcb80jcb81kc"
    "b9cjcb9dkcbb8jcbb9kcbd4jcbd5kcbf0jcbf1kcc0cjcc0dkcc28jcc29kcc44jcc45kcc60jcc61kcc7cjcc7dkcc98j"
    "cc99kccb4jccb5kccd0jccd1kccecjccedkcd08jcd09kcd24jcd25kcd40jcd41kcd5cjcd5dkcd78jcd79kcd94jcd95"
    "kcdb0jcdb1kcdccjcdcdkcde8jcde9kce04jce05kce20jce21kce3cjce3dkce58jce59kce74jce75kce90jce91kcea"
    "cjceadkcec8jcec9kcee4jcee5kcf00jcf01kcf1cjcf1dkcf38jcf39kcf54jcf55kcf70jcf71kcf8cjcf8dkcfa8jcf"
    "a9kcfc4jcfc5kcfe0jcfe1kcffcjcffdkd018jd019kd034jd035kd050jd051kd06cjd06dkd088jd089kd0a4jd0a5kd"
    "0c0jd0c1kd0dcjd0ddkd0f8jd0f9kd114jd115kd130jd131kd14cjd14dkd168jd169kd184jd185kd1a0jd1a1kd1bcj"
    "d1bdkd1d8jd1d9kd1f4jd1f5kd210jd211kd22cjd22dkd248jd249kd264jd265kd280jd281kd29cjd29dkd2b8jd2b9"
    "kd2d4jd2d5kd2f0jd2f1kd30cjd30dkd328jd329kd344jd345kd360jd361kd37cjd37dkd398jd399kd3b4jd3b5kd3d"
    "0jd3d1kd3ecjd3edkd408jd409kd424jd425kd440jd441kd45cjd45dkd478jd479kd494jd495kd4b0jd4b1kd4ccjd4"
    "cdkd4e8jd4e9kd504jd505kd520jd521kd53cjd53dkd558jd559kd574jd575kd590jd591kd5acjd5adkd5c8jd5c9kd"
    "5e4jd5e5kd600jd601kd61cjd61dkd638jd639kd654jd655kd670jd671kd68cjd68dkd6a8jd6a9kd6c4jd6c5kd6e0j"
    "d6e1kd6fcjd6fdkd718jd719kd734jd735kd750jd751kd76cjd76dkd788jd789kd7a4Sd7b0md7c7Sd7cbnd7fcSf900"
    "Ufb00Sfb1dTfb1ehfb1fTfb29Sfb2aTfb37Sfb38Tfb3dSfb3eTfb3fSfb40Tfb42Sfb43Tfb45Sfb46Tfb50Sfd3eHfd3"
    "fGfd40SfdfcQfdfdSfe00hfe10Ofe11Hfe13Ofe15Mfe17Gfe18Hfe19Vfe1aSfe20hfe30Ufe35Gfe36Hfe37Gfe38Hfe"
    "39Gfe3aHfe3bGfe3cHfe3dGfe3eHfe3fGfe40Hfe41Gfe42Hfe43Gfe44Hfe45Ufe47Gfe48Hfe49Ufe50Hfe51Ufe52Hf"
    "e53Sfe54Lfe56Mfe58Ufe59Gfe5aHfe5bGfe5cHfe5dGfe5eHfe5fUfe67Sfe68Ufe69Pfe6aQfe6bUfe6cSfeffiff00S"
    "ff01Mff02Uff04Pff05Qff06Uff08Gff09Hff0aUff0cHff0dUff0eHff0fUff1aLff1cUff1fMff20Uff3bGff3cUff3d"
    "Hff3eUff5bGff5cUff5dHff5eUff5fGff60Hff62Gff63Hff65Lff66Uff67Lff71Uff9eLffa0UffbfSffc2Uffc8Sffc"
    "aUffd0Sffd2Uffd8SffdaUffddSffe0Qffe1Pffe2Uffe5Pffe7Sfff9hfffcUfffdS"
)
_WIDTH_DATA = (
    "0-0z1-1fn7f-9fnad-adz300-36fz483-489z591-5bdz5bf-5bfz5c1-5c2z5c4-5c5z5c7-5c7z600-605z610-61az6"
    "1c-61cz64b-65fz670-670z6d6-6ddz6df-6e4z6e7-6e8z6ea-6edz70f-70fz711-711z730-74az7a6-7b0z7eb-7f3"
    "z7fd-7fdz816-819z81b-823z825-827z829-82dz859-85bz890-891z898-89fz8ca-902z93a-93az93c-93cz941-9"
    "48z94d-94dz951-957z962-963z981-981z9bc-9bcz9c1-9c4z9cd-9cdz9e2-9e3z9fe-9feza01-a02za3c-a3cza41"
    "-a42za47-a48za4b-a4dza51-a51za70-a71za75-a75za81-a82zabc-abczac1-ac5zac7-ac8zacd-acdzae2-ae3za"
    "fa-affzb01-b01zb3c-b3czb3f-b3fzb41-b44zb4d-b4dzb55-b56zb62-b63zb82-b82zbc0-bc0zbcd-bcdzc00-c00"
    "zc04-c04zc3c-c3czc3e-c40zc46-c48zc4a-c4dzc55-c56zc62-c63zc81-c81zcbc-cbczccc-ccdzce2-ce3zd00-d"
    "01zd3b-d3czd41-d44zd4d-d4dzd62-d63zd81-d81zdca-dcazdd2-dd4zdd6-dd6ze31-e31ze34-e3aze47-e4ezeb1"
    "-eb1zeb4-ebczec8-ecdzf18-f19zf35-f35zf37-f37zf39-f39zf71-f7ezf80-f84zf86-f87zf8d-f97zf99-fbczf"
    "c6-fc6z102d-1030z1032-1037z1039-103az103d-103ez1058-1059z105e-1060z1071-1074z1082-1082z1085-10"
    "86z108d-108dz109d-109dz1100-115fw1160-11ffz135d-135fz1712-1714z1732-1733z1752-1753z1772-1773z1"
    "7b4-17b5z17b7-17bdz17c6-17c6z17c9-17d3z17dd-17ddz180b-180fz1885-1886z18a9-18a9z1920-1922z1927-"
    "1928z1932-1932z1939-193bz1a17-1a18z1a1b-1a1bz1a56-1a56z1a58-1a5ez1a60-1a60z1a62-1a62z1a65-1a6c"
    "z1a73-1a7cz1a7f-1a7fz1ab0-1acez1b00-1b03z1b34-1b34z1b36-1b3az1b3c-1b3cz1b42-1b42z1b6b-1b73z1b8"
    "0-1b81z1ba2-1ba5z1ba8-1ba9z1bab-1badz1be6-1be6z1be8-1be9z1bed-1bedz1bef-1bf1z1c2c-1c33z1c36-1c"
    "37z1cd0-1cd2z1cd4-1ce0z1ce2-1ce8z1ced-1cedz1cf4-1cf4z1cf8-1cf9z1dc0-1dffz200b-200fz202a-202ez2"
    "060-2064z2066-206fz20d0-20f0z231a-231bw2329-232aw23e9-23ecw23f0-23f0w23f3-23f3w25fd-25few2614-"
    "2615w2648-2653w267f-267fw2693-2693w26a1-26a1w26aa-26abw26bd-26bew26c4-26c5w26ce-26cew26d4-26d4"
    "w26ea-26eaw26f2-26f3w26f5-26f5w26fa-26faw26fd-26fdw2705-2705w270a-270bw2728-2728w274c-274cw274"
    "e-274ew2753-2755w2757-2757w2795-2797w27b0-27b0w27bf-27bfw2b1b-2b1cw2b50-2b50w2b55-2b55w2cef-2c"
    "f1z2d7f-2d7fz2de0-2dffz2e80-3029w302a-302dz302e-303ew3040-3098w3099-309az309b-3247w3250-4dbfw4"
    "e00-a4cfwa66f-a672za674-a67dza69e-a69fza6f0-a6f1za802-a802za806-a806za80b-a80bza825-a826za82c-"
    "a82cza8c4-a8c5za8e0-a8f1za8ff-a8ffza926-a92dza947-a951za960-a97cwa980-a982za9b3-a9b3za9b6-a9b9"
    "za9bc-a9bdza9e5-a9e5zaa29-aa2ezaa31-aa32zaa35-aa36zaa43-aa43zaa4c-aa4czaa7c-aa7czaab0-aab0zaab"
    "2-aab4zaab7-aab8zaabe-aabfzaac1-aac1zaaec-aaedzaaf6-aaf6zabe5-abe5zabe8-abe8zabed-abedzac00-d7"
    "a3wd7b0-d7c6zd7cb-d7fbzf900-faffwfb1e-fb1ezfe00-fe0fzfe10-fe1fwfe20-fe2fzfe30-fe6fwfeff-feffzf"
    "f00-ff60wffe0-ffe6wfff9-fffbz101fd-101fdz102e0-102e0z10376-1037az10a01-10a03z10a05-10a06z10a0c"
    "-10a0fz10a38-10a3az10a3f-10a3fz10ae5-10ae6z10d24-10d27z10eab-10eacz10f46-10f50z10f82-10f85z110"
    "01-11001z11038-11046z11070-11070z11073-11074z1107f-11081z110b3-110b6z110b9-110baz110bd-110bdz1"
    "10c2-110c2z110cd-110cdz11100-11102z11127-1112bz1112d-11134z11173-11173z11180-11181z111b6-111be"
    "z111c9-111ccz111cf-111cfz1122f-11231z11234-11234z11236-11237z1123e-1123ez112df-112dfz112e3-112"
    "eaz11300-11301z1133b-1133cz11340-11340z11366-1136cz11370-11374z11438-1143fz11442-11444z11446-1"
    "1446z1145e-1145ez114b3-114b8z114ba-114baz114bf-114c0z114c2-114c3z115b2-115b5z115bc-115bdz115bf"
    "-115c0z115dc-115ddz11633-1163az1163d-1163dz1163f-11640z116ab-116abz116ad-116adz116b0-116b5z116"
    "b7-116b7z1171d-1171fz11722-11725z11727-1172bz1182f-11837z11839-1183az1193b-1193cz1193e-1193ez1"
    "1943-11943z119d4-119d7z119da-119dbz119e0-119e0z11a01-11a06z11a09-11a0az11a33-11a38z11a3b-11a3e"
    "z11a47-11a47z11a51-11a56z11a59-11a5bz11a8a-11a96z11a98-11a99z11c30-11c36z11c38-11c3dz11c92-11c"
    "a7z11caa-11cb0z11cb2-11cb3z11cb5-11cb6z11d31-11d36z11d3a-11d3az11d3c-11d3dz11d3f-11d45z11d47-1"
    "1d47z11d90-11d91z11d95-11d95z11d97-11d97z11ef3-11ef4z13430-13438z16af0-16af4z16b30-16b36z16f4f"
    "-16f4fz16f8f-16f92z16fe0-16fe3w16fe4-16fe4z16ff0-16ff1w17000-187f7w18800-18cd5w18d00-18d08w1af"
    "f0-1aff3w1aff5-1affbw1affd-1affew1b000-1b122w1b150-1b152w1b164-1b167w1b170-1b2fbw1bc9d-1bc9ez1"
    "bca0-1bca3z1cf00-1cf2dz1cf30-1cf46z1d167-1d169z1d173-1d182z1d185-1d18bz1d1aa-1d1adz1d242-1d244"
    "z1da00-1da36z1da3b-1da6cz1da75-1da75z1da84-1da84z1da9b-1da9fz1daa1-1daafz1e000-1e006z1e008-1e0"
    "18z1e01b-1e021z1e023-1e024z1e026-1e02az1e130-1e136z1e2ae-1e2aez1e2ec-1e2efz1e8d0-1e8d6z1e944-1"
    "e94az1f004-1f004w1f0cf-1f0cfw1f18e-1f18ew1f191-1f19aw1f200-1f320w1f32d-1f335w1f337-1f37cw1f37e"
    "-1f393w1f3a0-1f3caw1f3cf-1f3d3w1f3e0-1f3f0w1f3f4-1f3f4w1f3f8-1f43ew1f440-1f440w1f442-1f4fcw1f4"
    "ff-1f53dw1f54b-1f54ew1f550-1f567w1f57a-1f57aw1f595-1f596w1f5a4-1f5a4w1f5fb-1f64fw1f680-1f6c5w1"
    "f6cc-1f6ccw1f6d0-1f6d2w1f6d5-1f6d7w1f6dd-1f6dfw1f6eb-1f6ecw1f6f4-1f6fcw1f7e0-1f7ebw1f7f0-1f7f0"
    "w1f90c-1f93aw1f93c-1f945w1f947-1f9ffw1fa70-1fa74w1fa78-1fa7cw1fa80-1fa86w1fa90-1faacw1fab0-1fa"
    "baw1fac0-1fac5w1fad0-1fad9w1fae0-1fae7w1faf0-1faf6w20000-3ffffwe0001-e0001ze0020-e007fze0100-e"
    "01efz"
)


def _build_tables() -> tuple[str, bytearray, re.Pattern[str]]:
    classes = [_AL] * 0x10000
    runs = re.findall(r"([0-9a-f]+)([G-Zg-t])", _LB_DATA)
    for (start, letter), nxt in zip(runs, [*runs[1:], ("10000", "")], strict=True):
        a, b = int(start, 16), int(nxt[0], 16)
        classes[a:b] = [letter] * (b - a)
    widths = bytearray(b"\x02") * 0x110000  # width + 1
    for first, last, kind in re.findall(r"([0-9a-f]+)-([0-9a-f]+)([znw])", _WIDTH_DATA):
        a, b = int(first, 16), int(last, 16) + 1
        widths[a:b] = bytes([{"z": 1, "n": 0, "w": 3}[kind]]) * (b - a)
    # Characters the fast path cannot take: not one column wide, or with a class that is not
    # a plain pair-table lookup (marks, zero-width space/joiner, mandatory breaks), or astral.
    special = {_CM, _ZW, _BK, _CLS["ZWJ"]}
    ranges: list[list[int]] = []
    for cp, c in enumerate(classes):
        if c in special or widths[cp] != 2:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    charset = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return "".join(classes), widths, re.compile(f"[{charset}\\U00010000-\\U0010ffff]")


_EXACT_TABLE = ""  # built on first use by _ensure_tables(): 20 ms a command may not need
_WIDTHS = bytearray()
_NEEDS_EXACT: re.Pattern[str] = re.compile("(?!)")


def _ensure_tables() -> None:
    global _EXACT_TABLE, _WIDTHS, _NEEDS_EXACT
    if not _EXACT_TABLE:
        _EXACT_TABLE, _WIDTHS, _NEEDS_EXACT = _build_tables()

_ESCAPE_PAIR = re.compile(r"\\.", re.DOTALL)
_NEEDS_ESCAPE = re.compile('[\\\\"\a\b\f\n\r\t\v]')
_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        '"': '\\"',
        "\a": "\\a",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\v": "\\v",
    }
)


def _char_class(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x10000:
        return _EXACT_TABLE[cp]
    w = _WIDTHS[cp]
    return _ID if w == 3 else _CM if w == 1 else _AL


def _greedy(opps: list[int], pos: list[int], total: int, col0: int, width: int) -> list[int]:
    """libunistring's u8_width_linebreaks over one segment without mandatory breaks.

    ``opps`` are the break opportunities (indices), ``pos`` their columns from the segment start
    (non-decreasing), ``total`` the segment's width, ``col0`` the starting column.  A break is
    inserted at the last opportunity before the first piece end that passes ``width``.
    """
    out: list[int] = []
    start_w = 0  # column (from the segment start) where the current line starts
    j = 0  # index of the first opportunity after the current line start
    while True:
        limit = start_w + width - col0
        if total <= limit:
            return out
        i = bisect_right(pos, limit)
        if i > j:
            k = i - 1
        elif j < len(opps):
            k = j
        else:
            return out
        out.append(opps[k])
        start_w, col0, j = pos[k], 0, k + 1


_NO_POSITIONS: frozenset[int] = frozenset()


def _protected(p: str, ends_with_newline: bool) -> set[int]:
    """Positions where GNU forbids a break: inside an escape, and before a final ``\\n``."""
    prot = {m.start() + 1 for m in _ESCAPE_PAIR.finditer(p)} if "\\" in p else set()
    if ends_with_newline:
        prot.add(len(p) - 2)
    return prot


def _breaks(
    p: str, startcol: int, width: int, ends_with_newline: bool, first_only: bool = False
) -> list[int]:
    """Indices of ``p`` (an escaped string) where GNU msgcat starts a new line (with
    ``first_only``, just the first of them: whether the text needs a line of its own)."""
    n = len(p)
    if startcol + n <= width and (p.isascii() or startcol + 2 * n <= width):
        return []
    if not _EXACT_TABLE:
        _ensure_tables()
    if _NEEDS_EXACT.search(p):
        # Zero-width spaces at the very end take no column and offer no break (UAX #14 LB7:
        # no break before ZW): the breaks are those of the text without them.
        bare = p.rstrip("\u200b")
        if bare != p and not ends_with_newline and not _NEEDS_EXACT.search(bare):
            return _breaks(bare, startcol, width, False, first_only)
        return _breaks_exact(p, startcol, width, ends_with_newline)[:1 if first_only else None]
    if startcol + n <= width:  # every character is one column wide here
        return []
    # Every character is one column wide and has a plain pair-table class: find, line by line,
    # the last break opportunity that fits (looking at a few characters around the line end).
    table = _EXACT_TABLE
    pair = _PAIR
    sp = _SP
    prot = _protected(p, ends_with_newline) if "\\" in p or ends_with_newline else _NO_POSITIONS

    def opportunity(k: int) -> bool:
        c = table[ord(p[k])]
        if c == sp or k in prot:
            return False
        j = k - 1
        before = table[ord(p[j])]
        if before != sp:
            return pair[before][c] == "D"
        while j >= 0 and table[ord(p[j])] == sp:
            j -= 1
        return j >= 0 and pair[table[ord(p[j])]][c] != "P"

    out: list[int] = []
    start, col0 = 0, startcol
    while True:
        limit = start + width - col0
        if n <= limit:
            return out
        found = -1
        # Backwards from the line end: the common case meets a space within a word's length.
        k = min(limit, n - 1)
        c = table[ord(p[k])]
        while k > start:
            before = table[ord(p[k - 1])]
            if c != sp and k not in prot:
                if before != sp:
                    if pair[before][c] == "D":
                        found = k
                        break
                else:
                    j = k - 2
                    while j >= 0 and table[ord(p[j])] == sp:
                        j -= 1
                    if j >= 0 and pair[table[ord(p[j])]][c] != "P":
                        found = k
                        break
            k -= 1
            c = before
        if found < 0:
            for k in range(max(limit, start) + 1, n):
                if opportunity(k):
                    found = k
                    break
        if found < 0:
            return out
        out.append(found)
        if first_only:
            return out
        start, col0 = found, 0


def _breaks_exact(p: str, startcol: int, width: int, ends_with_newline: bool) -> list[int]:
    """The character-by-character version of :func:`_breaks` (combining marks, wide characters,
    zero-width spaces, mandatory breaks, characters outside the BMP)."""
    _ensure_tables()
    n = len(p)
    cls = [_char_class(ch) for ch in p]
    brk = [0] * n  # 0 prohibited, 1 possible, 2 mandatory
    last = _BK
    seen_space = zwj = -1
    for k, c in enumerate(cls):
        if c == _BK:
            brk[k] = 2
            last, seen_space = _BK, -1
            continue
        if c == _SP:
            seen_space = k
            continue
        if c == _ZW:
            last, seen_space = _ZW, -1
            continue
        if c in (_CM, _ZWJ):  # libunistring 1.0: a mark counts as AL after a space or
            # at the start (and may then start a line), else it belongs to the previous character
            if last == _ZW or (seen_space >= 0 and last != _BK):
                brk[k] = 1
                last = _AL
            elif last == _BK:
                last = _AL
            seen_space = -1
            if c == _ZWJ:
                zwj = k + 1  # no break right after a zero-width joiner
            continue
        if k == zwj:
            pass
        elif last == _ZW:
            brk[k] = 1
        elif last != _BK:
            t = _PAIR[last][c]
            if t == "D" or (t == "I" and seen_space >= 0):
                brk[k] = 1
        last, seen_space = c, -1
    for k in _protected(p, ends_with_newline):
        brk[k] = 0
    widths = [max(_WIDTHS[ord(ch)] - 1, 0) for ch in p]
    out: list[int] = []
    seg_start, col0 = 0, startcol
    for seg_end in [*(k for k in range(n) if brk[k] == 2), n]:
        offsets = list(accumulate(widths[seg_start:seg_end], initial=0))
        opps = [k for k in range(seg_start + 1, seg_end) if brk[k] == 1]
        pos = [offsets[k - seg_start] for k in opps]
        out += _greedy(opps, pos, offsets[-1], col0, width)
        seg_start, col0 = seg_end + 1, 0
    return out


def _wrap(out: list[str], prefix: str, name: str, value: str, do_wrap: bool = True) -> None:
    """GNU write-po.c ``wrap()``: write ``name "value"`` as msgcat does (non-indented style)."""
    if not value and not prefix:
        out.append(f'{name} ""\n')
    else:
        out.extend(_wrapped(prefix, name, value, do_wrap))


@functools.lru_cache(maxsize=16384)
def _wrapped(prefix: str, name: str, value: str, do_wrap: bool) -> tuple[str, ...]:
    """The lines of :func:`_wrap`, cached: a template and its catalogs share most strings."""
    out: list[str] = []
    _wrap_into(out, prefix, name, value, do_wrap)
    return tuple(out)


def _wrap_into(out: list[str], prefix: str, name: str, value: str, do_wrap: bool) -> None:
    after_break = len(prefix) + 1
    width = (PAGE_WIDTH if do_wrap else 2**31 - 1) - 1 - after_break
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(parts[-1])
    first = True
    last_index = len(portions) - 1
    for index, portion in enumerate(portions):
        p = portion.translate(_ESCAPES) if _NEEDS_ESCAPE.search(portion) else portion
        ends_nl = portion.endswith("\n")
        if first:
            # GNU puts the first portion beside the keyword if it fits there, else it starts
            # with an empty string and wraps from column 0
            startcol = len(name) + 1
            if (p and (index < last_index or startcol > width)) or _breaks(
                p, startcol, width, ends_nl, first_only=True
            ):
                out.append(f'{prefix}{name} ""\n')
                first = False
                breaks = _breaks(p, 0, width, ends_nl)
            else:
                out.append(f'{prefix}{name} "{p}"\n')
                first = False
                continue
        else:
            breaks = _breaks(p, 0, width, ends_nl)
        head = prefix
        prev = 0
        for b in breaks:
            out.append(f'{head}"{p[prev:b]}"\n')
            head = prefix
            prev = b
        out.append(f'{head}"{p[prev:]}"\n')


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
        _wrap(out, prev, "msgctxt", entry.previous_msgctxt, do_wrap)
    if entry.previous_msgid is not None:
        _wrap(out, prev, "msgid", entry.previous_msgid, do_wrap)
    if entry.previous_msgid_plural is not None:
        _wrap(out, prev, "msgid_plural", entry.previous_msgid_plural, do_wrap)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", entry.msgctxt, do_wrap)
    _wrap(out, prefix, "msgid", entry.msgid, do_wrap)
    if entry.msgid_plural or entry.msgstr_plural:
        _wrap(out, prefix, "msgid_plural", entry.msgid_plural, do_wrap)
    for name, value in msgstrs:
        _wrap(out, prefix, name, value, do_wrap)


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
    lines = text.split("\n")
    # The fast reader accepts only well-formed lines (no conflict marker, no line polib would
    # misread); what it refuses goes through the checks below and polib's own parser.
    try:
        fast = None if "\x00" in text else fast_parse(lines)
    except MissingMsgstr as missing:
        raise CatalogError("msgid without msgstr", path=rel, line=missing.line) from None
    if fast is None:
        refuse_conflict_markers(text, rel)
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            raise CatalogError("NUL character in catalog", path=rel, line=line)
        bad = _first_bad_line(text)
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
        key = (entry.msgctxt, entry.msgid)
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
    if _checked_plural_forms(plural_forms):
        header_at = re.search(r'^[ \t]*"Plural-Forms:', text, re.MULTILINE)
        header_line = None if header_at is None else text.count("\n", 0, header_at.start()) + 1
        _check_plural_forms(plural_forms, rel, header_line)
    charset = _foreign_charset(po.metadata.get("Content-Type", ""))
    if charset is not None:
        raise CatalogError(
            f"catalog charset is {charset}; only UTF-8 catalogs are supported", path=rel
        )
    return po


def _checked_plural_forms(value: str | None) -> TypeGuard[str]:
    """Whether a catalog's Plural-Forms header is checked (a template's placeholder is not)."""
    return value is not None and "INTEGER" not in value


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


def _first_bad_line(text: str) -> int | None:
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


_PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?\s*")


def _check_plural_forms(value: str, rel: str | Path | None, line: int | None) -> None:
    """Refuse a Plural-Forms header msgfmt would reject (``nplurals=N; plural=C-EXPR;``)."""
    problem = _plural_forms_problem(value)
    if problem:
        raise CatalogError(f"invalid Plural-Forms header {value!r}: {problem}", path=rel, line=line)


@functools.lru_cache(maxsize=64)
def _plural_forms_problem(value: str) -> str | None:
    """What is wrong with a Plural-Forms value (cached: a language's catalogs share one)."""
    match = _PLURAL_FORMS.fullmatch(value)
    if match is None:
        return "expected 'nplurals=N; plural=EXPRESSION;'"
    if int(match.group(1)) < 1:
        return "nplurals must be at least 1"
    try:
        gettext.c2py(match.group(2))
    except (ValueError, SyntaxError, RecursionError) as error:
        return f"invalid plural expression ({error})"
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


_FUZZY = ("fuzzy",)


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
        if not (
            _checked_plural_forms(plural_forms) and _plural_forms_problem(plural_forms)
        ) and _foreign_charset(metadata.get("Content-Type", "")) is None:
            return {
                key: Translation(msgstr, _FUZZY if fuzzy else ())
                for key, (msgstr, fuzzy) in table.items()
            }
    po = parse_po_text(text, rel)  # anything else, errors included, as read_po sees it
    return {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}


def read_po(path: Path, rel: str | None = None) -> polib.POFile:
    """Read a PO/POT file; every problem is a one-line :class:`CatalogError` naming
    ``rel or path`` (and the line where known).  A UTF-8 BOM is accepted and dropped."""
    where = rel or str(path)
    text = read_catalog_text(path, where)
    po = parse_po_text(text, where)
    po.fpath = str(path)
    return po


# ----------------------------------------------------------------------------------------------
# New catalogs

_PLACEHOLDER_DATE = "YEAR-MO-DA HO:MI+ZONE"


def _date(value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.strftime("%Y-%m-%d %H:%M%z")


def new_catalog(
    lang: str | None,
    project_name: str,
    *,
    version: str | None = None,
    bugs_to: str = "",
    creation_date: datetime | str | None = None,
    revision_date: datetime | str | None = None,
    last_translator: str | None = None,
    language_team: str | None = None,
    comment: str | None = None,
) -> polib.POFile:
    """An empty catalog with gettext's header: a POT when ``lang`` is ``None``, else a PO.

    A POT keeps xgettext's template conventions (``#, fuzzy`` header, ``YEAR-MO-DA HO:MI+ZONE``
    and ``FULL NAME <EMAIL@ADDRESS>`` placeholders where nothing is known, empty ``Language``).
    A PO gets ``Language`` and Babel's ``Plural-Forms`` and no placeholder, so ``msgfmt -c``
    accepts it; unknown dates default to ``creation_date`` or now, the translator to msginit's
    ``Automatically generated`` and the team to ``none``.
    """
    po = polib.POFile(encoding="utf-8", wrapwidth=PAGE_WIDTH)
    project = f"{project_name} {version}" if version else project_name
    created = _date(creation_date)
    meta: dict[str, str] = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": bugs_to,
    }
    if lang is None:
        po.header = comment if comment is not None else f"Translation template for {project}."
        po.metadata_is_fuzzy = True
        meta.update(
            {
                "POT-Creation-Date": created or _PLACEHOLDER_DATE,
                "PO-Revision-Date": _date(revision_date) or _PLACEHOLDER_DATE,
                "Last-Translator": last_translator or "FULL NAME <EMAIL@ADDRESS>",
                "Language-Team": language_team or "LANGUAGE <LL@li.org>",
                "Language": "",
            }
        )
    else:
        from babel.messages.plurals import get_plural

        now = _date(datetime.now(UTC))
        po.header = comment if comment is not None else f"{lang} translation of {project}."
        meta.update(
            {
                "POT-Creation-Date": created or now or "",
                "PO-Revision-Date": _date(revision_date) or created or now or "",
                "Last-Translator": last_translator or "Automatically generated",
                "Language-Team": language_team or "none",
                "Language": lang,
            }
        )
    meta.update(
        {
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
    )
    if lang is not None:
        meta["Plural-Forms"] = get_plural(lang).plural_forms
    po.metadata = meta
    return po
