"""Inline Markdown and ``{n}`` placeholders as XLIFF 1.2 inline elements, and back.

A segment (msgid or msgstr) is split into text and protected codes, exactly invertibly:

* ``{n}`` -> ``<x id=".." ctype="x-placeholder" equiv-text="{n}"/>``
* a code span -> ``<ph id=".." ctype="x-code">`code`</ph>`` (the native code is its content)
* ``**strong**``, ``*em*``, ``~~strike~~`` (and ``__``/``_``) -> ``<g ctype="bold|italic|…">``
* ``[text](…)`` / ``![alt](…)`` -> ``<g ctype="link|x-image">text</g>`` followed by
  ``<x ctype="x-link-target" equiv-text="({1})"/>`` for the protected destination.

Delimiters without a partner stay text. :func:`to_native` rebuilds the Markdown from the
elements (``equiv-text`` of ``<x>``, content of ``<ph>``/``<bpt>``/``<ept>``, the delimiters a
``<g>``'s ctype stands for), so ``to_native(to_xliff(s)) == s`` for every string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from trilingual.interchange.common import xml_escape

TOKEN_RE = re.compile(
    r"(?P<esc>\\.)"
    r"|(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    r"|(?P<ph>\{\d+\})"
    r"|(?P<close>\](?:\([^()]*\)|\[[^\]]*\]))"
    r"|(?P<open>!?\[)"
    r"|(?P<delim>\*\*|__|~~|\*|_)",
    re.DOTALL,
)
# the characters a token can start with: TOKEN_RE is tried only where one stands
_TOKEN_START_RE = re.compile(r"[\\`{\]!\[*_~]")


def is_plain(text: str) -> bool:
    """``text`` holds no code and no markup: it is its own XLIFF content (escaped)."""
    return _TOKEN_START_RE.search(text) is None


def next_token(text: str, pos: int) -> re.Match[str] | None:
    """``TOKEN_RE.search(text, pos)``, twenty times faster: ``re`` cannot skip ahead to a
    possible start in a pattern of named alternatives, so it is tried only where one of its
    first characters stands (most sentences hold none)."""
    while True:
        start = _TOKEN_START_RE.search(text, pos)
        if start is None:
            return None
        match = TOKEN_RE.match(text, start.start())
        if match is not None:
            return match
        pos = start.start() + 1

#: g ctype -> (opening, closing) Markdown
G_NATIVE: dict[str, tuple[str, str]] = {
    "bold": ("**", "**"),
    "x-bold-underscore": ("__", "__"),
    "italic": ("*", "*"),
    "x-italic-underscore": ("_", "_"),
    "x-strike": ("~~", "~~"),
    "link": ("[", "]"),
    "x-image": ("![", "]"),
}
_CTYPE = {opening: ctype for ctype, (opening, _close) in G_NATIVE.items()}


@dataclass
class Code:
    """A protected code without content: a placeholder, a link target, a code span."""

    element: str  # 'x' or 'ph'
    ctype: str
    native: str
    id: str = ""


@dataclass
class Group:
    """Paired markup around translatable content."""

    ctype: str
    children: list[Node] = field(default_factory=list)
    id: str = ""


Node = str | Code | Group


def parse_inline(text: str) -> list[Node]:
    """The nodes of ``text``; joined back by :func:`native_of` they give ``text``."""
    root: list[Node] = []
    # stack of (opening delimiter, its group, the list the group sits in, index there)
    stack: list[tuple[str, Group, list[Node]]] = []
    current = root
    pos = 0

    def add_text(value: str) -> None:
        if current and isinstance(current[-1], str):
            current[-1] += value
        else:
            current.append(value)

    def unwind(to: int) -> None:
        """Drop the groups above stack position ``to``: their openings become text."""
        nonlocal current
        while len(stack) > to:
            opening, group, parent = stack.pop()
            parent.pop()  # the group itself (always the last node of its parent)
            saved, current = current, parent
            add_text(opening)
            for child in group.children:
                if isinstance(child, str):
                    add_text(child)
                else:
                    current.append(child)
            del saved

    while True:
        match = next_token(text, pos)
        if match is None:
            if pos < len(text):
                add_text(text[pos:])
            break
        if match.start() > pos:
            add_text(text[pos:match.start()])
        kind = match.lastgroup if match.lastgroup != "ticks" else "code"
        value = match.group(0)
        pos = match.end()
        if kind == "esc":
            add_text(value)
        elif kind == "code":
            current.append(Code("ph", "x-code", value))
        elif kind == "ph":
            current.append(Code("x", "x-placeholder", value))
        elif kind == "open":
            group = Group(_CTYPE[value])
            current.append(group)
            stack.append((value, group, current))
            current = group.children
        elif kind == "close":
            at = next((i for i in range(len(stack) - 1, -1, -1)
                       if stack[i][0] in ("[", "![")), None)
            if at is None:
                add_text("]")
                pos = match.start() + 1
                continue
            unwind(at + 1)
            _opening, _group, parent = stack.pop()
            current = parent
            current.append(Code("x", "x-link-target", value[1:]))
        else:  # emphasis delimiter
            before = text[match.start() - 1] if match.start() else " "
            after = text[pos] if pos < len(text) else " "
            if value[0] == "_" and before.isalnum() and after.isalnum():
                add_text(value)
            elif stack and stack[-1][0] == value:
                _opening, _group, parent = stack.pop()
                current = parent
            else:
                group = Group(_CTYPE[value])
                current.append(group)
                stack.append((value, group, current))
                current = group.children
    unwind(0)
    return root


def native_of(nodes: list[Node]) -> str:
    """The Markdown the nodes stand for."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Code):
            out.append(node.native)
        else:
            opening, closing = G_NATIVE[node.ctype]
            out += [opening, native_of(node.children), closing]
    return "".join(out)


def _signature(node: Code | Group) -> tuple[str, str]:
    return (node.ctype, node.native) if isinstance(node, Code) else (node.ctype, "")


def _walk(nodes: list[Node]) -> list[Code | Group]:
    out: list[Code | Group] = []
    for node in nodes:
        if not isinstance(node, str):
            out.append(node)
            if isinstance(node, Group):
                out.extend(_walk(node.children))
    return out


def number_codes(source: list[Node], target: list[Node] | None = None) -> None:
    """Give every code an id: 1, 2… in source order; a target code takes the id of the first
    unused source code of the same kind (so CAT tools pair them), others new ids."""
    ids: dict[tuple[str, str], list[str]] = {}
    count = 0
    for node in _walk(source):
        count += 1
        node.id = str(count)
        ids.setdefault(_signature(node), []).append(node.id)
    for node in _walk(target or []):
        free = ids.get(_signature(node))
        if free:
            node.id = free.pop(0)
        else:
            count += 1
            node.id = str(count)


def to_xliff(nodes: list[Node]) -> str:
    """XLIFF 1.2 inline content (escaped XML) for ``nodes``; characters XML cannot carry are
    the caller's to refuse (:func:`trilingual.interchange.common.xml_unwritable`)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(xml_escape(node))
        elif isinstance(node, Code) and node.element == "x":
            out.append(
                f'<x id="{node.id}" ctype="{node.ctype}" '
                f'equiv-text="{xml_escape(node.native)}"/>'
            )
        elif isinstance(node, Code):
            out.append(
                f'<ph id="{node.id}" ctype="{node.ctype}">{xml_escape(node.native)}</ph>'
            )
        else:
            out.append(
                f'<g id="{node.id}" ctype="{node.ctype}">{to_xliff(node.children)}</g>'
            )
    return "".join(out)


class InlineProblem(ValueError):
    """An inline element :func:`to_native` cannot turn back into Markdown."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def _codes_by_id(nodes: list[Node]) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in _walk(nodes):
        if isinstance(node, Code):
            out[node.id] = node.native
        else:
            out[node.id] = node.ctype
    return out


def to_native(element: etree._Element, source: Mapping[str, str] | None = None) -> str:
    """The Markdown of a ``<source>``/``<target>`` element. ``source`` maps the ids of the
    source's codes to their native text (or a group's ctype), for tools that drop attributes."""
    source = source or {}
    out = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            out.append(child.tail or "")
            continue
        name = etree.QName(child).localname
        cid = child.get("id", "")
        if name == "x":
            native = child.get("equiv-text")
            if native is None:
                native = source.get(cid)
            if native is None or native in G_NATIVE:
                raise InlineProblem(f"<x id={cid!r}> stands for nothing known", child.sourceline)
            out.append(native)
        elif name in ("ph", "bpt", "ept", "it"):
            native = "".join(child.itertext()) or source.get(cid, "")
            out.append(native)
        elif name in ("g", "mrk"):
            ctype = child.get("ctype") or source.get(cid, "")
            if name == "mrk":
                out.append(to_native(child, source))
            elif ctype in G_NATIVE:
                opening, closing = G_NATIVE[ctype]
                out += [opening, to_native(child, source), closing]
            else:
                raise InlineProblem(f"<g ctype={ctype!r}> is not one trilingual wrote",
                                    child.sourceline)
        else:
            raise InlineProblem(f"unexpected <{name}> in a segment", child.sourceline)
        out.append(child.tail or "")
    return "".join(out)


def source_codes(text: str) -> dict[str, str]:
    """Ids of the codes of ``text`` (numbered as the export numbers them) to their native."""
    nodes = parse_inline(text)
    number_codes(nodes)
    return _codes_by_id(nodes)
