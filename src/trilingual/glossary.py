"""The project's terminology, ``glossary.yaml``: English terms and their be/ru equivalents.

Format::

    terms:
      - en: Lukashenka            # English term (matched case-insensitively, whole words)
        be: Лукашэнка             # preferred Belarusian form (DeepL has no BE glossaries)
        ru: Лукашенко             # preferred Russian form (sent to DeepL as a glossary)
        forms:                    # optional: inflected forms accepted by the terminology check
          be: [Лукашэнкі, Лукашэнку, Лукашэнкам]
        inflect: {ru: false}      # optional: false (every language) or per language; the
                                  # target and the listed forms are then the complete list
        note: President since 1994   # optional, for translators
        definition: ...           # optional: what the term means (TBX definition)
        pos: properNoun           # optional: noun, verb, adjective, adverb, properNoun, other
        admitted: {ru: [...]}     # optional: accepted alternatives (TBX admittedTerm)
        forbidden: {ru: [...]}    # optional: deprecated terms, an error in a translation
      - en: EAEU
        dnt: true                 # do not translate: kept in Latin in every language

``digest`` changes whenever the file's content does (it keys MT caches and DeepL glossaries).

Term matching is one rule, :func:`missing_terms`, used by the ``terminology`` check and by the
glossary warnings of ``translate``: an English term (whole words, any case) asks for its target
in any inflected form (recognised by stem: the base form without its final vowels, ``й`` or
``ь``, at most four more letters after it) or one of the forms the glossary lists (which cover
alternations a stem cannot: Амерыка -> Амерыцы). Short words (three letters or fewer: ЕС, ЗША)
and terms marked ``inflect: false`` match only exactly.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from trilingual.errors import ConfigError

GLOSSARY_NAME = "glossary.yaml"
#: keys of a term that are not target languages
TERM_KEYS = (
    "en", "forms", "note", "definition", "pos", "dnt", "admitted", "forbidden", "inflect",
)
#: TBX-Basic's parts of speech
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "properNoun", "other")


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    en: str
    targets: dict[str, str] = field(default_factory=dict)
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""
    definition: str = ""
    pos: str = ""
    dnt: bool = False
    admitted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fixed: frozenset[str] = frozenset()  # languages whose target does not inflect

    def target(self, lang: str) -> str | None:
        """The preferred translation into ``lang``, if the glossary gives one."""
        return self.targets.get(lang, self.en if self.dnt else None)


@dataclass(frozen=True)
class Glossary:
    """All terms of a project and a digest of the file they came from."""

    terms: tuple[Term, ...] = ()
    digest: str = "none"

    def for_language(self, lang: str) -> list[Term]:
        """Terms that have a translation into ``lang`` (a do-not-translate term: itself)."""
        return [
            t if lang in t.targets else replace(t, targets={**t.targets, lang: t.en})
            for t in self.terms if lang in t.targets or t.dnt
        ]


def parse_glossary(text: str, path: Path | str) -> Glossary:
    """Parse glossary text; errors name the file (and line for YAML syntax errors)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            f"invalid YAML: {getattr(exc, 'problem', None) or exc}",
            path=path, line=None if mark is None else mark.line + 1,
        ) from None
    if data is None:
        data = {"terms": []}
    if not isinstance(data, dict) or not isinstance(data.get("terms", []), list):
        raise ConfigError("expected a mapping with a 'terms' list", path=path)
    terms = []
    seen: dict[str, int] = {}
    for number, item in enumerate(data.get("terms") or [], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("en"), str) or not item["en"]:
            raise ConfigError(f"term #{number} needs a non-empty 'en'", path=path)
        folded = " ".join(item["en"].split()).casefold()  # matched case-insensitively
        if folded in seen:
            raise ConfigError(
                f"term #{number} ({item['en']}) is listed twice (also term #{seen[folded]})",
                path=path,
            )
        seen[folded] = number
        targets = {
            k: v for k, v in item.items()
            if k not in TERM_KEYS and isinstance(v, str) and v
        }
        inflect = item.get("inflect", True)
        if isinstance(inflect, bool):
            fixed = frozenset() if inflect else frozenset(targets)
        elif isinstance(inflect, dict) and all(isinstance(v, bool) for v in inflect.values()):
            fixed = frozenset(str(lang) for lang, v in inflect.items() if not v)
        else:
            raise ConfigError(
                f"term #{number} ({item['en']}): 'inflect' must be true, false or a mapping of "
                "languages to true/false", path=path,
            )
        lists = {}
        for key in ("forms", "admitted", "forbidden"):
            raw = item.get(key) or {}
            if not isinstance(raw, dict):
                raise ConfigError(
                    f"term #{number} ({item['en']}): '{key}' must be a mapping", path=path
                )
            lists[key] = {
                str(lang): tuple(str(f) for f in (values or [])) for lang, values in raw.items()
            }
        pos = str(item.get("pos") or "")
        if pos and pos not in PARTS_OF_SPEECH:
            raise ConfigError(
                f"term #{number} ({item['en']}): 'pos' must be one of "
                f"{', '.join(PARTS_OF_SPEECH)}", path=path,
            )
        terms.append(
            Term(en=item["en"], targets=targets, forms=lists["forms"],
                 note=str(item.get("note", "")), definition=str(item.get("definition") or ""),
                 pos=pos, dnt=item.get("dnt") is True, admitted=lists["admitted"],
                 forbidden=lists["forbidden"], fixed=fixed)
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Glossary(terms=tuple(terms), digest=digest)


def load_glossary(root: Path) -> Glossary:
    """Read ``<root>/glossary.yaml``; an absent file is an empty glossary."""
    path = root / GLOSSARY_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Glossary()
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not valid UTF-8 (byte {exc.start})", path=path) from None
    return parse_glossary(text, path)


# Term matching: one rule for the terminology check and the translate warnings ---------------

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ENDING_LETTERS = set("аеёиоуыэюяіьй")
MAX_SUFFIX = 4


def stem(word: str) -> str:
    """The part of a Cyrillic base form every inflected form starts with (lower case)."""
    word = word.lower()
    if len(word) <= 3:
        return word
    cut = len(word)
    while cut > len(word) - 2 and word[cut - 1] in _ENDING_LETTERS:
        cut -= 1
    return word[: max(cut, 3)]


def _fold(word: str) -> str:
    # Belarusian ў and у alternate at the start of a word (ўгнаенні / угнаенняў).
    word = word.lower().replace("'", "’")
    return "у" + word[1:] if word.startswith("ў") else word


def matches_form(base: str, word: str) -> bool:
    """True if ``word`` may be an inflected form of ``base`` (case-insensitive)."""
    base, word = _fold(base), _fold(word)
    if len(base) <= 3:
        return word == base
    root = stem(base)
    return word.startswith(root) and len(word) - len(root) <= MAX_SUFFIX


@lru_cache(maxsize=1024)
def _english_re(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def _plain(text: str) -> str:
    from trilingual.checks.base import strip_code  # the checks import this module

    return strip_code(text)


def term_present(term: Term, lang: str, translation: str) -> bool:
    """True if the translation holds the term's target (any form, or exactly when the term does
    not inflect in ``lang``) or one of its listed forms."""
    target = term.target(lang)
    if not target:
        return True
    words = _WORD_RE.findall(_plain(translation))
    text = f" {' '.join(_fold(w) for w in words)} "
    exact = (target, *term.forms.get(lang, ())) if lang in term.fixed else term.forms.get(lang, ())
    for form in exact:
        form_words = [_fold(w) for w in _WORD_RE.findall(form)]
        if form_words and f" {' '.join(form_words)} " in text:
            return True
    if lang in term.fixed:
        return False
    return all(
        any(matches_form(part, word) for word in words) for part in _WORD_RE.findall(target)
    )


def term_in_source(term: Term, source: str) -> bool:
    """True if the English term occurs in ``source`` (whole words, any case, code excluded)."""
    return bool(_english_re(term.en).search(_plain(source)))


@lru_cache(maxsize=4096)
def _terms_in(source: str, english: tuple[str, ...]) -> frozenset[str]:
    plain = _plain(source)
    lowered = plain.lower()
    return frozenset(en for en in english
                     if en.split()[0].lower() in lowered and _english_re(en).search(plain))


def missing_terms(glossary: Glossary, lang: str, source: str, translation: str) -> list[Term]:
    """Terms of ``source`` whose ``lang`` equivalent the translation lacks (the one matching
    rule of the terminology check and of translate's glossary warnings)."""
    terms = glossary.for_language(lang)
    found = _terms_in(source, tuple(term.en for term in terms))
    return [term for term in terms
            if term.en in found and not term_present(term, lang, translation)]


def describe_missing(term: Term, lang: str) -> str:
    """``'Lukashenka' should be 'Лукашэнка' (any form)`` (or ``(exactly)`` for fixed forms)."""
    how = "exactly" if lang in term.fixed else "any form"
    return f"{term.en!r} should be {term.target(lang)!r} ({how})"
