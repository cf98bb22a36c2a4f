"""Merge conflicts that handreiking understands: the block, finding it, naming both versions.

When two people change the same answer on two git branches, the merge driver
(``merge.py``) cannot know which answer is right. Instead of git's raw
``<<<<<<<`` markers it writes both versions as a small YAML block in place of
the answer::

    regisseur_uren:
      conflict:
        ons: 12        # the version on the branch that was merged into
        hun: 16        # the version from the other branch

An empty side (``~``) means that side left the answer empty or removed the
item. ``check`` names both versions; the wizard asks "kies de ene, de andere,
of typ een nieuwe" and writes the choice (``conflict_choice.py``). Nothing is
lost until someone chooses.

This module only knows the block's shape, so the validation, the plan file and
the merge driver can recognise a conflict without the wizard's prompts.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

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


def short_value(value: Any, width: int = 60) -> str:
    """One line for a message or a choice: long texts end in '…', items by their name."""
    from handreiking.values import is_answered

    if not is_answered(value):
        return "(leeg of weggehaald)"
    if isinstance(value, dict):
        if set(value) == {"anders"}:
            value = value["anders"]
        else:
            named = next((value[k] for k in ("naam", "id", "stap", "wat", "doel", "vraag") if is_answered(value.get(k))),
                         None)
            value = named if named is not None else ", ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, list):
        value = ", ".join(str(v.get("anders", v)) if isinstance(v, dict) else str(v) for v in value)
    elif isinstance(value, bool):
        value = "ja" if value else "nee"
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe_conflict(value: Any) -> str:
    """The message ``check`` shows: both versions, and how to choose."""
    sides = value[CONFLICT]
    return (f"twee versies na een git-merge — ons: '{short_value(sides[OURS])}'; "
            f"hun: '{short_value(sides[THEIRS])}'. Kies er één met handreiking wizard")


# --- finding conflicts in a file ---------------------------------------------------------


@dataclass
class Conflict:
    """One conflict block: where it sits (``holder[key]``) and what it is about."""

    holder: Any  # the mapping or list that contains the block
    key: Any  # key in that mapping, or index in that list
    label: str  # "Vertrekpunt › Stakeholders › Bibliotheek › Rol", for the person choosing
    question: Any  # the Question to re-ask for "typ een nieuwe", or None
    is_item: bool = False  # a whole group item (kept on one side, removed on the other)

    @property
    def ours(self) -> Any:
        return self.holder[self.key][CONFLICT][OURS]

    @property
    def theirs(self) -> Any:
        return self.holder[self.key][CONFLICT][THEIRS]


def find_conflicts(data: Any, questionnaire: Any = None, title: str = "") -> list[Conflict]:
    """Every conflict block in the parsed file ``data`` (answers of ``questionnaire``, or plan.yaml)."""
    found: list[Conflict] = []
    if not isinstance(data, dict):
        return found
    find = questionnaire.question if questionnaire is not None else (lambda _key: None)
    _walk_mapping(data, find, title, found)
    return found


def _label(prefix: str, text: str) -> str:
    return f"{prefix} › {text}" if prefix else text


def _walk_mapping(data: Any, find: Callable[[str], Any], prefix: str, found: list[Conflict]) -> None:
    for key in list(data):
        question = find(str(key))
        label = _label(prefix, question.text.rstrip("?:") if question is not None else str(key))
        value = data[key]
        if is_conflict(value):
            found.append(Conflict(data, key, label, question))
        elif question is not None and question.is_group and isinstance(value, list):
            for index, item in enumerate(value):
                if is_conflict(item):
                    found.append(Conflict(value, index, _label(label, question.item_name), question, is_item=True))
                elif isinstance(item, dict):
                    name = item.get(question.summary_field) if question.summary_field else None
                    _walk_mapping(item, question.field, _label(label, short_value(name) if name else
                                                               f"{question.item_name} {index + 1}"), found)
        elif isinstance(value, dict):
            _walk_mapping(value, lambda _k: None, label, found)


def plan_conflict_error(data: Any, path: Path) -> Any:
    """The error for the first conflict in plan.yaml (or None), naming both versions."""
    from handreiking.errors import AnswerFileError

    found = find_conflicts(data)
    if not found:
        return None
    first = found[0]
    return AnswerFileError(describe_conflict(first.holder[first.key]), path=path, question_id=first.label)
