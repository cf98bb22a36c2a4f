"""Merge conflicts that handreiking understands: the block, finding it, naming both versions.

When two people change the same answer on two git branches, the merge driver
(``git/merge.py``) cannot know which answer is right. Instead of git's raw
``<<<<<<<`` markers it writes both versions as a small YAML block in place of
the answer::

    regisseur_uren:
      conflict:
        ons: 12        # the version on the branch that was merged into
        hun: 16        # the version from the other branch

An empty side (``~``) means that side left the answer empty or removed the
item. A block can sit anywhere: in place of an answer, of a field of a group
item, or of a whole item. ``find_conflicts`` is the one finder: it knows the
questionnaire, descends into lists and item fields, and names each conflict
(question, item by name, field) with a reference for ``handreiking kies``
(``stakeholders[Bibliotheek].rol``). ``in_words`` shows a value as a person
reads it (choice labels, € amounts, dates). A file with a block is never read
as answers; the wizard and ``kies`` write the choice (``git/choose.py``).
Nothing is lost until someone chooses.

This module only knows the block's shape, so the validation, the plan file and
the merge driver can recognise a conflict without the wizard's prompts.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from handreiking.core.errors import AnswerFileError
from handreiking.core.values import format_date, format_money, format_number, is_answered

CONFLICT = "conflict"
OURS = "ons"
THEIRS = "hun"


def is_conflict(value: Any) -> bool:
    """A ``{conflict: {ons: …, hun: …}}`` block left by the merge driver."""
    if not isinstance(value, dict) or len(value) != 1 or CONFLICT not in value:
        return False
    sides = value[CONFLICT]
    return isinstance(sides, dict) and set(sides) == {OURS, THEIRS}


def make_conflict(ours: Any, theirs: Any) -> Any:
    """The conflict block for two versions (``None``: empty or removed on that side)."""
    from ruamel.yaml.comments import CommentedMap

    sides = CommentedMap()
    sides[OURS] = ours
    sides[THEIRS] = theirs
    block = CommentedMap()
    block[CONFLICT] = sides
    return block


def short_value(value: Any, width: int = 60, question: Any = None) -> str:
    """One line for a message or a choice, in words: choice labels, amounts as ``€ 24.500``,
    Dutch dates, ja/nee, items by their name; long texts end in '…'."""
    text = in_words(question, value)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def is_money(question: Any) -> bool:
    """A number question about euros (``bedrag``, or '(euro)' in the question)."""
    return question is not None and question.kind == "getal" and (
        "bedrag" in question.id or "euro" in question.text.lower())


def in_words(question: Any, value: Any) -> str:
    """An answer (or a whole item) as a person reads it, on one line."""

    if is_conflict(value):
        sides = value[CONFLICT]
        return f"twee versies: {in_words(question, sides[OURS])} / {in_words(question, sides[THEIRS])}"
    if not is_answered(value):
        return "(leeg of weggehaald)"
    if isinstance(value, dict) and set(value) == {"anders"}:
        text: str = str(value["anders"])
    elif isinstance(value, dict):
        text = _item_in_words(question, value)
    elif isinstance(value, list):
        if question is not None and question.is_group:
            names = [item_name(question, v) or "(zonder naam)" for v in value]
            text = f"{len(value)} × {question.item_name}: " + ", ".join(names)
        else:
            text = ", ".join(in_words(question, v) for v in value)
    elif isinstance(value, bool):
        text = "ja" if value else "nee"
    elif isinstance(value, (int, float)) and is_money(question):
        text = format_money(value)
    elif isinstance(value, (int, float)):
        text = format_number(value)
    elif hasattr(value, "isoformat"):
        text = format_date(value)
    else:
        choice = question.choice(value) if question is not None and question.choices else None
        text = choice.label if choice is not None else str(value)
    return " ".join(text.split())


def item_name(question: Any, item: Any, raw: bool = False) -> str | None:
    """The name of a group item (its ``samenvatting`` field, or naam/id/…) in words (``raw``: as
    in the file, a choice's code), or None."""

    if not isinstance(item, dict) or is_conflict(item):
        return None
    keys = ((question.summary_field,) if question is not None and question.summary_field else ()) + _NAME_KEYS
    for key in keys:
        value = item.get(key)
        if is_conflict(value):  # a renamed item: the name this branch gave it
            value = value[CONFLICT][OURS] if is_answered(value[CONFLICT][OURS]) else value[CONFLICT][THEIRS]
        if is_answered(value) and not isinstance(value, (dict, list)):
            field = question.field(key) if question is not None else None
            return str(value).strip() if raw else in_words(field, value)
    return None


_NAME_KEYS = ("naam", "id", "stap", "wat", "doel", "vraag", "titel")


def _item_in_words(question: Any, item: dict[str, Any]) -> str:
    """'Bibliotheek (rol: Voorlezen; invloed: laag)': the name, then the other fields."""
    name = item_name(question, item)
    parts = []
    for key, field_value in item.items():
        field = question.field(str(key)) if question is not None and question.is_group else None
        shown = in_words(field, field_value)
        if name is not None and shown == name:
            continue
        parts.append(f"{key}: {shown}")
    rest = "; ".join(parts)
    if name is None:
        return rest
    return f"{name} ({rest})" if rest else name


def describe_conflict(value: Any, question: Any = None, ref: str = "") -> str:
    """The message ``check`` shows: both versions in words, and how to choose."""
    sides = value[CONFLICT]
    how = f"handreiking kies MAP {ref} --ons of --hun" if ref else "handreiking kies"
    return (f"twee versies na een git-merge — ons: '{short_value(sides[OURS], question=question)}'; "
            f"hun: '{short_value(sides[THEIRS], question=question)}'. Kies er één met handreiking wizard "
            f"of met {how}; tot dan leest handreiking dit bestand niet als antwoorden")


# --- finding conflicts in a file ---------------------------------------------------------


@dataclass
class Conflict:
    """One conflict block: where it sits (``holder[key]``) and what it is about."""

    holder: Any  # the mapping or list that contains the block
    key: Any  # key in that mapping, or index in that list
    label: str  # "Vertrekpunt › Stakeholders › Bibliotheek › Rol", for the person choosing
    question: Any  # the Question (or field) to re-ask for "typ een nieuwe", or None
    is_item: bool = False  # a whole group item (kept on one side, removed on the other)
    ref: str = ""  # how a command names it: "stakeholders[Bibliotheek].rol", "titel"
    group: Any = None  # the group question when the conflict sits in (or is) an item
    item: str = ""  # the item's name (or "stakeholder 3")
    file: Any = None  # the file it is in (set by the caller that read the file)
    number_ref: str = ""  # the same with item numbers ("stakeholders[3].rol"), as check names it

    @property
    def ours(self) -> Any:
        return self.holder[self.key][CONFLICT][OURS]

    @property
    def theirs(self) -> Any:
        return self.holder[self.key][CONFLICT][THEIRS]

    @property
    def is_list(self) -> bool:
        """Both versions are lists (a group, or choices): 'both' can be kept."""
        return isinstance(self.ours, list) and isinstance(self.theirs, list)


def find_conflicts(data: Any, questionnaire: Any = None, title: str = "") -> list[Conflict]:
    """Every conflict block in the parsed file ``data`` (answers of ``questionnaire``, or plan.yaml),
    also inside lists and their items' fields, in file order."""
    found: list[Conflict] = []
    if not isinstance(data, dict):
        return found
    find = questionnaire.question if questionnaire is not None else (lambda _key: None)
    _walk_mapping(data, find, title, ("", ""), None, "", found)
    return found


def _label(prefix: str, text: str) -> str:
    return f"{prefix} › {text}" if prefix else text


def _walk_mapping(data: Any, find: Callable[[str], Any], prefix: str, refs: tuple[str, str], group: Any,
                  item: str, found: list[Conflict]) -> None:
    for key in list(data):
        question = find(str(key))
        label = _label(prefix, question.text.rstrip("?:") if question is not None else str(key))
        key_ref = tuple(f"{ref}.{key}" if ref else str(key) for ref in refs)
        value = data[key]
        if is_conflict(value):
            found.append(Conflict(data, key, label, question, ref=key_ref[0], group=group, item=item,
                                  number_ref=key_ref[1]))
        elif isinstance(value, list):
            _walk_list(value, question, label, key_ref, found)
        elif isinstance(value, dict):
            fields = question.field if question is not None and question.is_group else (lambda _k: None)
            _walk_mapping(value, fields, label, key_ref, group, item, found)


def _walk_list(value: list[Any], question: Any, label: str, refs: tuple[str, ...], found: list[Conflict]) -> None:
    group = question if question is not None and question.is_group else None
    noun = group.item_name if group is not None else "item"
    names = [item_name(group, v, raw=True) for v in value]
    for index, entry in enumerate(value):
        name = names[index]
        words = item_name(group, entry)
        unique = name is not None and names.count(name) == 1 and not any(c in name for c in "[]")
        ref, numbered = refs
        item_ref = (f"{ref}[{name if unique else index + 1}]", f"{numbered}[{index + 1}]")
        shown = words if words is not None else f"{noun} {index + 1}"
        if is_conflict(entry):
            sides = entry[CONFLICT]
            side_name = item_name(group, sides[OURS], raw=True) or item_name(group, sides[THEIRS], raw=True)
            side_words = item_name(group, sides[OURS]) or item_name(group, sides[THEIRS]) or f"{noun} {index + 1}"
            side_unique = side_name is not None and not any(c in side_name for c in "[]") and \
                side_name not in names
            found.append(Conflict(value, index, _label(label, side_words), group,
                                  is_item=True, ref=f"{ref}[{side_name if side_unique else index + 1}]",
                                  group=group, item=side_words, number_ref=item_ref[1]))
        elif isinstance(entry, dict):
            fields = group.field if group is not None else (lambda _k: None)
            _walk_mapping(entry, fields, _label(label, shown), item_ref, group, shown, found)


def plan_conflict_error(data: Any, path: Path) -> Any:
    """The error for the first conflict in plan.yaml (or None), naming both versions."""

    found = find_conflicts(data)
    if not found:
        return None
    first = found[0]
    return AnswerFileError(describe_conflict(first.holder[first.key], first.question), path=path,
                           question_id=first.label)
