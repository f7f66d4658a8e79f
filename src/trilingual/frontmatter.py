"""The YAML front matter of an article: parsed safely (no tags, aliases or duplicate keys, a
bounded depth) and the translatable values located exactly in the source text, as segments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from trilingual.document import LineIndex, Segment
from trilingual.errors import SourceError


class _SafeNoDates(yaml.SafeLoader):
    """SafeLoader; tags such as ``!!python/object`` are refused like any unknown tag.

    Aliases are refused too (front matter has no use for them, and they are how "billion
    laughs" bombs multiply), and so are duplicate keys (YAML would silently keep the last one
    while the catalog offered the first to translators).
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter", mark
            )
        return super().compose_node(parent, index)


# libyaml's loader when PyYAML was built with it (None: the pure-Python loader)
LIBYAML_LOADER: Any = getattr(yaml, "CSafeLoader", None)
MAX_YAML_DEPTH = 64


def _compose_and_load(yaml_text: str) -> tuple[Any, Any]:
    """The node tree (with source marks) and the data of ``yaml_text``, parsed once.

    With libyaml (PyYAML's C extension, about 10 times faster than the pure-Python parser) the
    rules of ``_SafeNoDates`` are applied to the event stream and the composed nodes; without
    it the pure-Python loader applies them itself.
    """
    if LIBYAML_LOADER is None:  # pragma: no cover - PyYAML built without libyaml
        return _node_and_data(_SafeNoDates(yaml_text))
    depth = 0
    for event in yaml.parse(yaml_text, Loader=LIBYAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter",
                event.start_mark,  # type: ignore[arg-type]  # libyaml's Mark, same fields
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_YAML_DEPTH} levels",
                    event.start_mark,  # type: ignore[arg-type]
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return _node_and_data(LIBYAML_LOADER(yaml_text))


def _node_and_data(loader: Any) -> tuple[Any, Any]:
    """Compose the one document of ``loader``, refuse duplicate keys, construct its data."""
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _refuse_duplicate_keys(node)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def _refuse_duplicate_keys(node: yaml.Node) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise yaml.composer.ComposerError(
                        None, None, f"duplicate key {key_node.value!r}", key_node.start_mark
                    )
                seen.add(key_node.value)
            _refuse_duplicate_keys(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(item)


def read_front_matter(
    yaml_text: str, base: int, rel: str, keys: Sequence[str], lines: LineIndex
) -> tuple[dict[str, Any], list[Segment]]:
    """The data of the front matter ``yaml_text`` (which starts at offset ``base`` of the
    article) and a segment for each of ``keys`` (dotted paths) that holds text to translate.

    Refused with a :class:`SourceError` naming the line: invalid YAML, tags, aliases,
    duplicate keys, nesting deeper than :data:`MAX_YAML_DEPTH`, anything but a mapping."""
    first_line = lines.line(base)
    try:
        node, data = _compose_and_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(f"invalid YAML front matter: {problem}", path=rel, line=line) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # a value the resolver accepted but cannot build (``date: 2024-02-30``), or nesting
        # deeper than the recursive composer can follow
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SourceError(
            f"invalid YAML front matter: {problem}", path=rel, line=first_line
        ) from None
    if data is None:
        return {}, []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise SourceError("front matter must be a YAML mapping", path=rel, line=first_line)
    segments = []
    for key in keys:
        scalar = _find_scalar(node, key.split("."))
        if scalar is None or not scalar.value.strip():
            continue
        if scalar.tag != "tag:yaml.org,2002:str" and not scalar.style:
            continue  # a number or date: nothing to translate
        start = base + scalar.start_mark.index
        end = base + scalar.end_mark.index
        msgid = scalar.value
        if scalar.style in ("|", ">"):
            # a block scalar ends before its final line break, which stays literal
            while end > start and yaml_text[end - base - 1] in "\r\n":
                end -= 1
            msgid = msgid.rstrip("\n")
        segments.append(Segment(
            msgid=msgid, start=start, end=end, line=lines.line(start),
            block=f"front matter: {key}", kind="front-matter", msgctxt=key,
            paragraph=msgid, yaml_style=scalar.style or "",
        ))
    segments.sort(key=lambda s: s.start)
    return data, segments


def _find_scalar(node: yaml.Node, path: list[str]) -> yaml.ScalarNode | None:
    for part in path:
        if not isinstance(node, yaml.MappingNode):
            return None
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                node = value_node
                break
        else:
            return None
    return node if isinstance(node, yaml.ScalarNode) else None
