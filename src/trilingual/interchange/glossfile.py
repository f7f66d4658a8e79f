"""Write ``glossary.yaml`` in its one canonical layout (the layout of the shipped sample).

Two-space list items, one key per line in a fixed order (``en``, the target languages,
``dnt``, ``pos``, ``definition``, ``admitted``, ``forbidden``, ``forms``, ``note``), lists of
forms in flow style; scalars plain where YAML allows, else quoted.
:func:`format_glossary` of a parsed canonical file gives the file back byte for byte.
"""

from __future__ import annotations

import json

import yaml

from trilingual.glossary import Term


def _scalar(value: str) -> str:
    if "\n" in value or "\r" in value:
        return json.dumps(value, ensure_ascii=False)
    dumped = yaml.safe_dump({"k": value}, allow_unicode=True, width=1 << 20)
    return dumped[3:].rstrip("\n")


def _flow(values: tuple[str, ...]) -> str:
    dumped = yaml.safe_dump(list(values), default_flow_style=True, allow_unicode=True,
                            width=1 << 20)
    return dumped.strip()


def _mapping(out: list[str], key: str, values: dict[str, tuple[str, ...]]) -> None:
    if any(values.values()):
        out.append(f"    {key}:")
        out += [f"      {lang}: {_flow(items)}" for lang, items in values.items() if items]


def format_term(term: Term) -> list[str]:
    """The lines of one term."""
    out = [f"  - en: {_scalar(term.en)}"]
    out += [f"    {lang}: {_scalar(text)}" for lang, text in term.targets.items()]
    if term.dnt:
        out.append("    dnt: true")
    if term.pos:
        out.append(f"    pos: {term.pos}")
    if term.definition:
        out.append(f"    definition: {_scalar(term.definition)}")
    _mapping(out, "admitted", term.admitted)
    _mapping(out, "forbidden", term.forbidden)
    _mapping(out, "forms", term.forms)
    if term.fixed:  # languages whose target does not inflect
        langs = [lang for lang in term.targets if lang in term.fixed]
        out.append("    inflect: {" + ", ".join(f"{lang}: false" for lang in langs) + "}")
    if term.note:
        out.append(f"    note: {_scalar(term.note)}")
    return out


def format_glossary(terms: tuple[Term, ...] | list[Term]) -> str:
    """The text of ``glossary.yaml`` holding ``terms``."""
    if not terms:
        return "terms: []\n"
    lines = ["terms:"]
    for term in terms:
        lines += format_term(term)
    return "\n".join(lines) + "\n"
