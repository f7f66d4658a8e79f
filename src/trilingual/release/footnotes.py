"""GFM footnotes in published HTML: numbered references, notes at the end, back-links.

pulldown-cmark (``pyromark``) renders a reference as ``<sup class="footnote-reference"><a
href="#LABEL">N</a></sup>`` and each definition where it stands, as ``<div
class="footnote-definition" id="LABEL">``; it gives no way back from a note. This module moves
the definitions into one ``<section class="footnotes">`` list at the end, numbered as
pulldown-cmark numbered them (order of first reference), gives every reference an id, and ends
each note with a back-link to its first reference (and one more per further reference). Ids
come from the numbers, never from the labels, so any label is safe.
"""

from __future__ import annotations

import re

_REF_RE = re.compile(r'<sup class="footnote-reference"><a href="#[^"]*">(\d+)</a></sup>')
_DEF_RE = re.compile(
    r'<div class="footnote-definition" id="[^"]*"><sup class="footnote-definition-label">(\d+)'
    r"</sup>\n?(.*?)</div>\n?", re.DOTALL)
_LAST_P_RE = re.compile(r"</p>\s*\Z")


def with_footnotes(html: str, *, back: str = "Back to the text") -> str:
    """``html`` with its footnotes numbered, linked both ways and gathered at the end."""
    if "footnote-" not in html:
        return html
    seen: dict[str, int] = {}

    def reference(match: re.Match[str]) -> str:
        number = match.group(1)
        seen[number] = seen.get(number, 0) + 1
        ref_id = f"fnref-{number}" + (f"-{seen[number]}" if seen[number] > 1 else "")
        return (f'<sup class="footnote-ref" id="{ref_id}"><a href="#fn-{number}" '
                f'role="doc-noteref">{number}</a></sup>')

    html = _REF_RE.sub(reference, html)
    notes: dict[int, str] = {}

    def definition(match: re.Match[str]) -> str:
        notes[int(match.group(1))] = match.group(2).strip()
        return ""

    html = _DEF_RE.sub(definition, html)
    if not notes:
        return html
    items = []
    for number in sorted(notes):
        key = str(number)
        links = " ".join(
            f'<a href="#fnref-{key}{"" if i == 1 else f"-{i}"}" class="footnote-back" '
            f'role="doc-backlink" aria-label="{back}">↩{"" if i == 1 else f"<sup>{i}</sup>"}</a>'
            for i in range(1, seen.get(key, 0) + 1))
        body = notes[number]
        if links:
            body = _LAST_P_RE.sub(f" {links}</p>", body) if _LAST_P_RE.search(body) \
                else f"{body} {links}"
        items.append(f'<li id="fn-{key}" value="{key}">{body}</li>')
    return (f'{html}<section class="footnotes" role="doc-endnotes">\n<ol>\n'
            + "\n".join(items) + "\n</ol>\n</section>\n")


def footnote_numbers(markdown: str) -> dict[str, int]:
    """Label -> number of each footnote of ``markdown``, as pulldown-cmark numbers them:
    in order of first reference, then definitions nobody cites."""
    import pyromark

    from trilingual.release.markup import OPTIONS

    numbers: dict[str, int] = {}
    defined: list[str] = []
    for event in pyromark.events(markdown, options=OPTIONS):
        if not isinstance(event, dict):
            continue
        if "FootnoteReference" in event:
            numbers.setdefault(str(event["FootnoteReference"]), len(numbers) + 1)
        start = event.get("Start")
        if isinstance(start, dict) and "FootnoteDefinition" in start:
            defined.append(str(start["FootnoteDefinition"]))
    for label in defined:
        numbers.setdefault(label, len(numbers) + 1)
    return numbers


_DEF_LABEL_RE = re.compile(
    r'(<div class="footnote-definition" id=")([^"]*)("><sup class="footnote-definition-label">)'
    r"\d+(</sup>)")


def number_blocks(markdown: str, blocks: list[str]) -> list[str]:
    """The parallel view's blocks (rendered one by one, so a reference and its note are in
    different blocks) with each reference shown as its note's number, and each note numbered
    as on the article page."""
    if "[^" not in markdown:
        return blocks
    numbers = footnote_numbers(markdown)
    if not numbers:
        return blocks
    refs = re.compile("|".join(re.escape(f"[^{label}]") for label in
                               sorted(numbers, key=len, reverse=True)))

    def ref(match: re.Match[str]) -> str:
        return f'<sup class="footnote-ref">{numbers[match.group()[2:-1]]}</sup>'

    def label(match: re.Match[str]) -> str:
        number = numbers.get(match.group(2))
        return match.group() if number is None else \
            f"{match.group(1)}{match.group(2)}{match.group(3)}{number}{match.group(4)}"

    return [_DEF_LABEL_RE.sub(label, refs.sub(ref, block)) for block in blocks]
