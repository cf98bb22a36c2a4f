"""Changing answers in place, so that what a person wrote around them stays.

Hand comments are anchored to the data objects they stand beside (see
``handtext``), and a person may give an item keys of their own. Putting a new
list in the place of an old one would cut those threads. So a list given anew
(by batch mode, or after a hand edit made while the wizard ran) is worked into
the list that is there: items are matched by who they are (the name, as the git
merge driver matches them), kept as the same objects, and only their values
change; keys the questionnaire does not know stay.
"""
from __future__ import annotations

from typing import Any, Callable

from handreiking.core.values import repeated_names
from handreiking.core.yamldata import plain as _plain
from handreiking.core.yamldata import set_in_order, to_yaml_value
from handreiking.plan.items import identities, name_field

__all__ = ["update_list", "adopt_hand_edits", "supplement_items", "same_names"]

_ABSENT = object()


def _is_items(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _is_scalars(value: Any) -> bool:
    return isinstance(value, list) and not any(isinstance(item, (dict, list)) for item in value)


def update_list(old: Any, new: Any, known_fields: tuple[str, ...], summary: str | None) -> bool:
    """Make the round-trip list ``old`` hold the values of ``new`` in place; False when
    the two are not lists of the same kind (the caller then replaces the value).

    Items of a group are matched by name; a matched item keeps its object and
    its own keys (those not in ``known_fields``), its known fields become those
    of the new item. Unmatched old items go, new ones are added, in the new order.
    A list of choices keeps its object and takes the new values position by position."""
    if not isinstance(old, list) or not isinstance(new, list):
        return False
    if _is_scalars(old) and _is_scalars(new):
        while len(old) > len(new):
            del old[len(old) - 1]
        for index, value in enumerate(new):
            if index < len(old):
                if _plain(old[index]) != _plain(value):
                    old[index] = to_yaml_value(value)
            else:
                old.append(to_yaml_value(value))
        return True
    if not (_is_items(old) and _is_items(new)):
        return False
    old_ids = identities([_plain(i) for i in old], summary)
    new_ids = identities([_plain(i) for i in new], summary)
    by_id = dict(zip(old_ids, old))
    result = []
    for ident, item in zip(new_ids, new):
        target = by_id.pop(ident, None)
        if target is None:
            result.append(to_yaml_value(_plain(item)))
            continue
        order = list(known_fields)
        for key in [k for k in target if str(k) in known_fields and k not in item]:
            del target[key]
        for key in item:
            if key not in target or _plain(target[key]) != _plain(item[key]):
                set_in_order(target, key, to_yaml_value(_plain(item[key])), order)
        result.append(target)
    arrange(old, result)
    return True


def same_names(items: list[Any], summary: str | None) -> list[str]:
    """The names that more than one of ``items`` has, as the first of them spells it (names
    compared as ``supplement_items`` matches them)."""
    names = [item[key] if key is not None else None for item in items for key in [name_field(item, summary)]]
    return list(dict.fromkeys(first for _, first in repeated_names(names)))


def supplement_items(old: Any, new: list[Any], summary: str | None) -> tuple[list[Any], list[int | None]]:
    """The items of a group from an answers file (``wizard --antwoorden``) added to the items
    there, never in their place: an item with the name of one there updates that one (the
    fields it gives; its name as spelled there, its other fields and own keys stay; names match
    as in the git merge driver), an item with a new name comes at the
    end, and an item the file does not name stays as it is. A file that prepares one new budget
    line so never removes the lines the group entered earlier.

    Returns the plain list and, per item, its place in ``new`` (None: an item that was there
    and that the file does not name)."""
    if not (_is_items(old) and _is_items(new)):
        return new, list(range(len(new)))
    result: list[Any] = [dict(item) for item in (_plain(i) for i in old)]
    origin: list[int | None] = [None] * len(result)
    where = {ident: index for index, ident in enumerate(identities(result, summary))}
    for position, (ident, item) in enumerate(zip(identities([_plain(i) for i in new], summary), new)):
        index = where.get(ident)
        if index is None:
            result.append(dict(_plain(item)))
            origin.append(position)
        else:  # the plan's own spelling of the name stays: other answers may refer to it
            named_by = name_field(result[index], summary)
            result[index].update({k: v for k, v in _plain(item).items() if k != named_by})
            origin[index] = position
    return result, origin


def arrange(seq: Any, items: list[Any]) -> None:
    """Put exactly ``items`` (objects, some of them already in ``seq``) into ``seq``, in order."""
    while len(seq):
        del seq[len(seq) - 1]
    for item in items:
        seq.append(item)


def adopt_hand_edits(base: list[Any], ours: Any, fresh: Any, origin: list[Any], summary: str | None,
                     rebind: Callable[[Any, Any], None]) -> bool:
    """Carry what was edited by hand in ``fresh`` (the list in the file now) into ``ours``
    (the wizard's list, which it changed too), per item and per field.

    ``base`` is the list as the wizard read it (plain data) and ``origin`` the item objects
    it read, so an item of ``ours`` is known by where it came from even when the wizard
    moved or renamed it. For each item both have: keys added by hand are added, values
    changed by hand (where the wizard kept the value it read) are taken, keys removed by
    hand go. Items added by hand are added after the item they followed; items removed by
    hand go when the wizard did not change them. ``rebind(old, new)`` tells the hand text that
    ``fresh``'s objects now live on as ``ours``'s. Returns whether a field was changed on both
    sides to different values, or an item removed by hand was changed by the wizard (the
    wizard's is kept; the caller asks), and True for lists that are not lists of items (the
    caller compares them as a whole).
    """
    if not (_is_items(ours) and _is_items(fresh) and isinstance(base, list)):
        return True  # not a list of items (choices): a change on both sides is asked about as a whole
    clashed = False
    base_ids = identities(base, summary)
    fresh_plain = [_plain(i) for i in fresh]
    fresh_ids = identities(fresh_plain, summary)
    fresh_by_id = dict(zip(fresh_ids, fresh))
    if len(fresh) == len(base) and set(fresh_ids) != set(base_ids):
        fresh_by_id.update(zip(base_ids, fresh))  # renamed by hand, same places: match by place
    matched: set[int] = set()
    partner: dict[int, Any] = {}  # id of a fresh item → the item of ours it lives on as
    rebind(fresh, ours)
    for index in range(len(ours)):
        item = ours[index]
        where = next((j for j, known in enumerate(origin) if known is item), None)
        if where is None or where >= len(base_ids):
            continue
        theirs = fresh_by_id.get(base_ids[where])
        if theirs is None:
            continue
        matched.add(id(theirs))
        partner[id(theirs)] = item
        before = base[where]
        order = list(theirs)
        for key in list(theirs):
            now = _plain(theirs[key])
            if key not in before:
                if key not in item:
                    set_in_order(item, key, theirs[key], order)
            elif now != before[key]:
                mine = _plain(item.get(key, _ABSENT))
                if mine == before[key]:
                    item[key] = theirs[key]
                elif mine != now:
                    clashed = True
        for key in [k for k in before if k not in theirs]:
            if key in item and _plain(item[key]) == before[key]:
                del item[key]
        rebind(theirs, item)
    kept = list(ours)
    for base_index, ident in enumerate(base_ids):  # removed by hand: goes, unless the wizard changed it
        if ident in fresh_by_id:
            continue
        item = origin[base_index] if base_index < len(origin) else None
        if item is None or not any(x is item for x in kept):
            continue
        if _plain(item) == base[base_index]:
            kept = [x for x in kept if x is not item]
        else:
            clashed = True  # removed on one side, changed on the other: the caller asks which stays
    for position, theirs in enumerate(fresh):  # added by hand
        if id(theirs) in matched or fresh_ids[position] in base_ids:
            continue
        previous = partner.get(id(fresh[position - 1])) if position else None
        at = next((k + 1 for k, x in enumerate(kept) if x is previous), None) if position else 0
        kept.insert(len(kept) if at is None else at, theirs)
        partner[id(theirs)] = theirs
    came_from = [next((j for j, known in enumerate(origin) if known is item), None) for item in ours]
    read_order = [j for j in came_from if j is not None]
    if read_order == sorted(read_order):  # the wizard moved nothing: the order in the file stands
        kept = _in_file_order(kept, fresh, partner)
    if len(kept) != len(ours) or any(a is not b for a, b in zip(kept, ours)):
        arrange(ours, kept)
    return clashed


def _in_file_order(kept: list[Any], fresh: Any, partner: dict[int, Any]) -> list[Any]:
    """``kept`` in the order of ``fresh`` (hand-moved items); an item only the wizard has
    (added or copied) stays right after the item it followed."""
    in_file = [partner[id(item)] for item in fresh if id(item) in partner]
    known = {id(item) for item in in_file}
    result: list[Any] = []
    followers: dict[int, list[Any]] = {}
    leading: list[Any] = []
    previous = None
    for item in kept:
        if id(item) in known:
            previous = item
        elif previous is None:
            leading.append(item)
        else:
            followers.setdefault(id(previous), []).append(item)
    result.extend(leading)
    for item in in_file:
        if any(item is x for x in kept):
            result.append(item)
            result.extend(followers.get(id(item), []))
    return result
