"""Add one item to a list of ``trilingual.yaml`` without touching any other byte.

PyYAML's composer gives every node's start and end offsets, so the new item is spliced into
the text: appended to a flow list (``tmx: [a]`` -> ``tmx: [a, b]``), added as a line to a
block list, or added with its missing parent keys after the last line of the nearest
existing mapping. Comments and layout stay as the user wrote them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from trilingual.config import parse_config
from trilingual.errors import ConfigError


def _value(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v  # type: ignore[no-any-return]
    return None


def _line_end(text: str, offset: int) -> int:
    """Offset just after the line holding ``offset - 1`` (the end of a node)."""
    end = text.find("\n", max(offset - 1, 0))
    return len(text) if end < 0 else end + 1


def _last_leaf_end(node: yaml.Node) -> int:
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value and not (
        node.flow_style
    ):
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


def _flow_item(item: str) -> str:
    dumped = yaml.safe_dump([item], default_flow_style=True, allow_unicode=True, width=1 << 20)
    return dumped.strip()[1:-1]


def add_list_item(text: str, keys: tuple[str, ...], item: str, path: Path) -> str:
    """``text`` with ``item`` added to the list at ``keys`` (unchanged if already there)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path=path) from None
    if root is None:
        root = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError("the configuration must be a mapping", path=path)
    node: yaml.MappingNode = root
    depth = 0
    while depth < len(keys) - 1:
        child = _value(node, keys[depth])
        if child is None or (isinstance(child, yaml.ScalarNode) and child.value in ("", "~")):
            break
        if not isinstance(child, yaml.MappingNode) or child.flow_style:
            raise ConfigError(
                f"'{'.'.join(keys[: depth + 1])}' is not a block mapping: add "
                f"{'.'.join(keys)}: [{item}] by hand", path=path,
            )
        node = child
        depth += 1
    lst = _value(node, keys[-1]) if depth == len(keys) - 1 else None
    if isinstance(lst, yaml.SequenceNode):
        if any(isinstance(v, yaml.ScalarNode) and v.value == item for v in lst.value):
            return text
        if lst.flow_style:
            close = text.rindex("]", 0, lst.end_mark.index)
            sep = ", " if lst.value else ""
            new = text[:close] + sep + _flow_item(item) + text[close:]
        else:
            first = lst.value[0]
            column = text.rfind("-", 0, first.start_mark.index) - (
                text.rfind("\n", 0, first.start_mark.index) + 1
            )
            at = _line_end(text, _last_leaf_end(lst))
            new = text[:at] + " " * column + "- " + _flow_item(item) + "\n" + text[at:]
    elif lst is not None and not (isinstance(lst, yaml.ScalarNode) and lst.value in ("", "~")):
        raise ConfigError(f"'{'.'.join(keys)}' must be a list of strings", path=path)
    else:
        if node.value:
            first_key = node.value[0][0]
            column = first_key.start_mark.column
            at = _line_end(text, _last_leaf_end(node))
        else:
            column, at = 0, len(text)
        if lst is not None:  # `tmx:` with no value: replace that line's key
            at = _line_end(text, lst.end_mark.index)
            start = text.rfind("\n", 0, lst.start_mark.index) + 1
            text = text[:start] + text[at:]
            at = start
            depth = len(keys) - 1
        lines = []
        for level, key in enumerate(keys[depth:]):
            indent = " " * (column + 2 * level)
            last = level == len(keys) - depth - 1
            lines.append(f"{indent}{key}: [{_flow_item(item)}]" if last else f"{indent}{key}:")
        prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
        new = text[:at] + prefix + "\n".join(lines) + "\n" + text[at:]
    parse_config(new, path)
    return new
