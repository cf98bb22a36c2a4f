"""Which list item is which: one rule for the wizard's in-place update, the merge driver and kies.

All three compare lists of items (a hand edit made while the wizard ran; two people's
versions of a file) and must match each item with itself, also after it moved. An item is known
by its name: the group's summary field, else the first usual name field that holds something,
compared as people read names (``values.name_key``). An item without a name, or a conflict git
left, is known by its whole content. A name that occurs twice is numbered, so that every item
has an identity of its own.
"""
from __future__ import annotations

import json
from typing import Any

from handreiking.core.conflicts import is_conflict
from handreiking.core.values import name_key

__all__ = ["NAME_FIELDS", "comparable", "content_key", "identities", "name_field"]

# Fields that name an item after the group's summary field, and instead of it where the caller
# does not know the group (``kies --beide`` joins two lists of items by name).
NAME_FIELDS = ("naam", "id", "doel_id", "stap", "wat")


def name_field(item: Any, field: str | None) -> str | None:
    """The key whose value names ``item``: ``field`` (the group's summary field), else a usual name key."""
    if isinstance(item, dict) and not is_conflict(item):
        for key in ((field,) if field else ()) + NAME_FIELDS:
            value = item.get(key)
            if value is not None and str(value).strip():
                return key
    return None


def comparable(value: Any) -> Any:
    """Round-trip values as plain data for comparing: a folded and a plain text are equal (the
    line break a folded block ends with does not count), ruamel's numbers are Python's."""
    if isinstance(value, dict):
        return {str(k): comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, str):
        return str(value).strip()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value) if isinstance(value, float) else int(value)
    return value


def content_key(value: Any) -> str:
    """A value as text that compares equal exactly when the values are :func:`comparable`-equal."""
    return json.dumps(comparable(value), sort_keys=True, default=str)


def identities(items: list[Any], field: str | None) -> list[str]:
    """Each item's identity: its name in normal form, else ``#`` and its content; numbered when it occurs twice."""
    seen: dict[str, int] = {}
    result = []
    for item in items:
        key = name_field(item, field)
        ident = name_key(item[key]) if key else "#" + content_key(item)
        seen[ident] = seen.get(ident, 0) + 1
        result.append(ident if seen[ident] == 1 else f"{ident}\0{seen[ident]}")
    return result
