"""Cross-language consistency: the Belarusian and Russian translations of one sentence carry the
same numbers, placeholders and links.

Differences a per-language check already explains (a number of the source missing, a lost
placeholder) are left to that check; this one catches what comparing with the English cannot,
such as a number one translator added (a year made explicit) and the other did not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from trilingual.checks.base import PLACEHOLDER_TOKEN_RE, PairCheck
from trilingual.checks.markup import link_targets
from trilingual.checks.numbers import english_numbers, target_numbers


class CrossLanguageCheck(PairCheck):
    """The be and ru translations of one msgid agree on numbers, placeholders and links."""

    id = "cross-language"
    severity = "warning"
    description = (
        "the be and ru translations of one sentence have the same numbers, placeholders and links"
    )
    covered_by = ("numbers", "placeholders", "links")

    def find_pair(self, source: str, translations: dict[str, str]) -> list[tuple[str, str]]:
        if len(translations) < 2:
            return []
        out: list[tuple[str, str]] = []
        langs = sorted(translations)

        # Numbers not in the source: every translation should add the same ones (or none).
        source_values: set[str] = set()
        for number in english_numbers(source):
            source_values |= number.values
        extras: dict[str, Counter[str]] = {}
        shown: dict[str, dict[str, str]] = {}
        for lang in langs:
            numbers = [n for n in target_numbers(translations[lang], lang)
                       if not n.values & source_values]
            extras[lang] = Counter(n.value for n in numbers)
            shown[lang] = {n.value: n.text for n in numbers}
        for lang in langs:
            others = [o for o in langs if o != lang]
            lonely = sorted(v for v in extras[lang]
                            if all(v not in extras[o] for o in others))
            if lonely:
                written = ", ".join(shown[lang][v] for v in lonely)
                out.append((lang, f"number {written} is neither in the source nor in the "
                                  f"{'/'.join(others)} translation"))

        # Placeholders and links: whichever translation differs from the source is reported.
        aspects: dict[str, Callable[[str], Counter[str]]] = {
            "placeholders": lambda text: Counter(PLACEHOLDER_TOKEN_RE.findall(text)),
            "links": link_targets,
        }
        for name, signature in aspects.items():
            sigs = {lang: signature(translations[lang]) for lang in langs}
            if all(sig == sigs[langs[0]] for sig in sigs.values()):
                continue
            want = signature(source)
            for lang in langs:
                if sigs[lang] != want:
                    rest = "/".join(o for o in langs if o != lang)
                    out.append((lang, f"{name} differ from the {rest} translation"))
        return out
