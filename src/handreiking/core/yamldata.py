"""Round-trip answer data as values: compare it, build it, put a key in its place.

Small helpers shared by everything that changes an answer file's data in memory
(``answers``, ``inplace``, ``batch``, the merge driver) and by the writer that
checks a file before it is replaced (``yamlsave``).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handreiking.core.values import file_number

__all__ = ["plain", "set_in_order", "to_yaml_value"]


def plain(value: Any) -> Any:
    """Round-trip data as plain dicts and lists, to compare answers by value."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def set_in_order(mapping: Any, key: str, value: Any, order: list[str]) -> None:
    """Set ``key`` in a round-trip mapping; a new key goes right after the last key
    that comes before it in ``order``, so hand-kept files stay in question order."""
    if key in mapping:
        mapping[key] = value
        return
    position = 0
    if key in order:
        earlier = set(order[: order.index(key)])
        for index, existing in enumerate(mapping):
            if existing in earlier:
                position = index + 1
    mapping.insert(position, key, value)


def to_yaml_value(value: Any) -> Any:
    """Turn plain Python values into round-trip values with a readable layout."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, str) and "\n" in value.strip():
        return LiteralScalarString(value.rstrip("\n") + "\n")
    if isinstance(value, (CommentedMap, CommentedSeq)):
        return value
    if isinstance(value, dict):
        result = CommentedMap()
        for k, v in value.items():
            result[k] = to_yaml_value(v)
        return result
    if isinstance(value, (list, tuple)):
        return CommentedSeq(to_yaml_value(v) for v in value)
    return file_number(value)
