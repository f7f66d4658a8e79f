"""The project's terminology, ``glossary.yaml``: English terms and their be/ru equivalents.

Format::

    terms:
      - en: Lukashenka            # English term (matched case-insensitively, whole words)
        be: Лукашэнка             # preferred Belarusian form (DeepL has no BE glossaries)
        ru: Лукашенко             # preferred Russian form (sent to DeepL as a glossary)
        forms:                    # optional: inflected forms accepted by the terminology check
          be: [Лукашэнкі, Лукашэнку, Лукашэнкам]
        note: President since 1994   # optional, for translators
        definition: ...           # optional: what the term means (TBX definition)
        pos: properNoun           # optional: noun, verb, adjective, adverb, properNoun, other
        admitted: {ru: [...]}     # optional: accepted alternatives (TBX admittedTerm)
        forbidden: {ru: [...]}    # optional: deprecated terms, an error in a translation
      - en: EAEU
        dnt: true                 # do not translate: kept in Latin in every language

``digest`` changes whenever the file's content does (it keys MT caches and DeepL glossaries).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from trilingual.errors import ConfigError

GLOSSARY_NAME = "glossary.yaml"
#: keys of a term that are not target languages
TERM_KEYS = ("en", "forms", "note", "definition", "pos", "dnt", "admitted", "forbidden")
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
                 forbidden=lists["forbidden"])
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
