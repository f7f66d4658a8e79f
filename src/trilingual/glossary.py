"""The project's terminology, ``glossary.yaml``: English terms and their be/ru equivalents.

Format::

    terms:
      - en: Lukashenka            # English term (matched case-insensitively, whole words)
        be: Лукашэнка             # preferred Belarusian form (DeepL has no BE glossaries)
        ru: Лукашенко             # preferred Russian form (sent to DeepL as a glossary)
        forms:                    # optional: inflected forms accepted by the terminology check
          be: [Лукашэнкі, Лукашэнку, Лукашэнкам]
        note: President since 1994   # optional, for translators

``digest`` changes whenever the file's content does (it keys MT caches and DeepL glossaries).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from trilingual.errors import ConfigError

GLOSSARY_NAME = "glossary.yaml"


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    en: str
    targets: dict[str, str] = field(default_factory=dict)
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""

    def target(self, lang: str) -> str | None:
        """The preferred translation into ``lang``, if the glossary gives one."""
        return self.targets.get(lang)


@dataclass(frozen=True)
class Glossary:
    """All terms of a project and a digest of the file they came from."""

    terms: tuple[Term, ...] = ()
    digest: str = "none"

    def for_language(self, lang: str) -> list[Term]:
        """Terms that have a translation into ``lang``."""
        return [t for t in self.terms if lang in t.targets]


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
            if k not in ("en", "forms", "note") and isinstance(v, str) and v
        }
        raw_forms = item.get("forms") or {}
        if not isinstance(raw_forms, dict):
            raise ConfigError(
                f"term #{number} ({item['en']}): 'forms' must be a mapping", path=path
            )
        forms = {
            str(lang): tuple(str(f) for f in (values or []))
            for lang, values in raw_forms.items()
        }
        terms.append(
            Term(en=item["en"], targets=targets, forms=forms, note=str(item.get("note", "")))
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
