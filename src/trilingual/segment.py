"""English sentence segmentation for analytical commentary prose.

A compact rule-based splitter, no dependency.  Candidate boundaries are a run of sentence
stops (``.`` ``!`` ``?`` ``…`` ``...``) plus any closing quotes, brackets or emphasis markers
(``" ' ” ’ » ) ] * _ ` ``), followed by whitespace.  A candidate becomes a boundary unless
the next word begins with a lowercase letter or one of the rules below vetoes it.  Rules for a
single ``.`` look at the word before it:

* titles and never-final abbreviations (``Mr. Mrs. Ms. Dr. Prof. Gen. … e.g. i.e. vs. cf.
  approx.``): never a boundary;
* reference abbreviations (``No. Nos. Vol. p. pp. Art. Fig. ch.``) and months (``Jan. …
  Dec.``): no boundary before a number (``No. 5``, ``pp. 12–14``, ``Dec. 27``);
* abbreviations that may end a sentence (``U.S. U.K. EU-style dotted capitals, Inc. Ltd. Co.
  Corp. Jr. St. et al.``, months before a word): a boundary only when the next word is a
  typical sentence starter (``The This It In But However …``), so ``U.S. The EU`` splits and
  ``U.S. President`` does not;
* initials (one capital letter, or a transliterated digraph ``Ya. Yu. Zh. Ch. Sh. Kh. Ts.``):
  like the previous group, so ``A. Lukashenka`` and ``J. R. R. Tolkien`` stay whole;
* ``etc.``: a boundary before any capitalized word (a list rarely continues with one);
* ``a.m.`` / ``p.m.``: a boundary before any capitalized word (``at 5 p.m. Leaders met`` splits),
  except a time-zone code (``5 p.m. GMT``) or a ``<Word> time`` phrase (``5 p.m. Minsk time``);
* a one- or two-digit number right after ``:`` or ``;`` or at the start of a sentence is an
  inline list marker (``three steps: 1. Reform…``): no boundary.

Decimals (``2.5%``), dotted names (``example.com``) and ``U.S.``'s inner dots are never
candidates because no whitespace follows them.  Results are cached by text.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["split_sentences"]

# stop run, closers, whitespace
_CANDIDATE = re.compile(r"([.!?\u2026]+)([\"'\u201d\u2019\u00bb)\]*_`]*)\s+")
# after the whitespace: openers, then the next word (letters) or first significant char
_NEXT = re.compile(r"[\"'\u201c\u2018\u00ab\u201e(\[*_]*(?:([^\W\d_]+)(\.?)|(\S))")
_WORD_BEFORE = re.compile(r"\S*\Z")
_OPENERS = "\"'\u201c\u2018\u00ab\u201e([*_`{"
_ROMAN = re.compile(r"[IVXLC]+")


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Never end a sentence (titles before a name; Latin/abbreviated connectives).
_NEVER = _words(
    """Mr Mrs Ms Mx Dr Prof Gen Sen Rep Gov Lt Col Capt Cmdr Sgt Rev Hon Messrs Mme Mlle
    Pres Supt Amb Adm Maj Brig Gens Drs Profs
    e.g i.e cf Cf viz vs Vs v approx Approx ca esp incl excl"""
)
# No boundary before a number; otherwise an ordinary word.
_BEFORE_NUMBER = _words(
    "No Nos no nos Vol Vols vol vols p pp Art Arts art Fig Figs fig figs ch chap Chap "
    "Sec sec Para para Ex Op op Pt pt Nr nr Tab tab Eq eq Ed ed"
)
_MONTHS = _words("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
# May end a sentence: a boundary only before a typical sentence starter.
_STARTER_ONLY = _words(
    "Inc Ltd Co Corp Bros Jr Sr St Mt Ft Ave Rd Blvd Dept Univ Assn Intl Govt al plc Plc "
    "Ya Yu Ye Yo Zh Ch Sh Kh Ts Dz"
)
_TIME = frozenset(("a.m", "p.m", "A.M", "P.M"))
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}\Z")

_STARTERS = _words(
    """The This That These Those It Its In On At But However And Yet So He She They We I You
    There Here A An As If When While After Before Since Although Though Meanwhile Moreover
    Furthermore Nevertheless Nonetheless Still Instead Thus Therefore Hence Indeed Also For
    Such What Why How Who Where Which Whatever Some Many Most Few Both Each Every All Any Not
    Nor Or Then Now Today Yesterday Tomorrow Last Next Our Their His Her My Your Its One Two
    Three By With Without Under Over From To Even Only Much More Another Other Despite Unlike
    Like Given Because Once Until Unless Whether Perhaps Maybe Clearly Still Later Earlier
    Finally First Second Third Similarly Likewise Rather Worse Better Overall Officials Critics
    Analysts Experts Observers None Neither Either Nothing Everything Something Little Several
    Among Against During Between Through Beyond Within Following Amid Asked Do Does Did Is Are
    Was Were Has Have Had Will Would Can Could Should May Might Must Yes No"""
)
_TIMEZONE = re.compile(r"[A-Z]{2,5}\b")


def _is_boundary(text: str, span_start: int, stop_start: int, stop: str, nxt: int) -> bool:
    m = _NEXT.match(text, nxt)
    if m is None:  # pragma: no cover - whitespace is always followed by a non-space char
        return True
    word, word_dot, other = m.group(1) or "", m.group(2) or "", m.group(3) or ""
    if word and word[0].islower():
        return False
    if stop != ".":
        return True  # ? ! … ... ?! and friends: split unless a lowercase word follows
    before = _WORD_BEFORE.search(text, 0, stop_start)
    token = before.group(0).lstrip(_OPENERS) if before else ""
    if not token:
        return True
    starter = bool(word) and word in _STARTERS and not (word_dot and len(word) == 1)
    if token in _NEVER:
        return False
    if token in _BEFORE_NUMBER:
        return not (other.isdigit() or (word and _ROMAN.fullmatch(word)))
    if token in _MONTHS:
        return not other.isdigit() and starter
    if token in _STARTER_ONLY:
        return starter
    if token == "etc":
        return True
    if token in _TIME:
        if not word:
            return True
        if _TIMEZONE.fullmatch(word):
            return False
        return not text.startswith(" time", m.end(1))
    if len(token) == 1 and token.isupper():  # initial: A. Lukashenka, J. R. R. Tolkien
        return starter
    if _DOTTED.match(token):  # U.S, U.K, Ph.D, a.k.a
        return starter
    if token.isdigit() and len(token) <= 2:
        start = before.start() if before else stop_start
        if start == span_start:
            return False  # inline list marker at the start of a sentence: "2. Hold elections."
        i = start - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        if text[i] in ":;":
            return False  # inline list marker after a colon: "demands: 1. Free them."
    return True


@lru_cache(maxsize=8192)
def _split(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while start < n and text[start].isspace():
        start += 1
    if start == n:
        return ()
    for m in _CANDIDATE.finditer(text, start):
        end = m.end(2)
        nxt = m.end()
        if nxt >= n:
            break
        stop = m.group(1)
        if stop.startswith(".") and len(stop) > 1:
            stop = "\u2026"  # "..." behaves like an ellipsis
        if _is_boundary(text, start, m.start(1), stop, nxt):
            spans.append((start, end))
            start = nxt
    end = n
    while text[end - 1].isspace():
        end -= 1
    spans.append((start, end))
    return tuple(spans)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, in order, non-overlapping, each without
    leading/trailing whitespace; the gaps between spans are whitespace only;
    empty/whitespace-only text -> []."""
    return list(_split(text))
