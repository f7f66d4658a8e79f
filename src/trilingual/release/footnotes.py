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
