"""Answers written under an old id or choice code, read as the current one.

When a question id, a field id or a choice code is renamed, the questionnaire
keeps the old name under ``vroeger:``. Every reader of an answer file passes
the answers through :func:`apply_renames` first, so a plan written before the
rename opens and reads as it did; the schema migration (``plan.migrate_plan``)
writes the new names to the files, after its backup. Which names changed is
data in the questionnaires: this module knows no question.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from handreiking.core.values import OTHER_VALUE

if TYPE_CHECKING:
    from handreiking.questionnaire.model import Question, Questionnaire

__all__ = ["apply_renames"]


def apply_renames(questionnaire: Questionnaire, data: Any) -> list[str]:
    """Rename old ids and codes in ``data`` (one phase's answers) in place, keeping
    each key's place and comments; returns what changed, as 'oud → nieuw'."""
    changed: list[str] = []
    if not isinstance(data, MutableMapping):
        return changed
    for key in list(data):
        if not isinstance(key, str) or questionnaire.question(key) is not None:
            continue
        renamed = questionnaire.renamed_question(key)
        if renamed is not None and renamed.id not in data:
            _rename_key(data, key, renamed.id)
            changed.append(f"{key} → {renamed.id}")
    for question in questionnaire.questions:
        if question.id in data:
            changed += _rename_value(question, data, question.id)
    return changed


def _rename_value(question: Question, holder: Any, key: Any) -> list[str]:
    """Old codes in the answer ``holder[key]`` of ``question`` (a choice, a list of choices,
    or the items of a group with their fields)."""
    value = holder[key]
    changed: list[str] = []
    if question.is_group and isinstance(value, list):
        for item in value:
            if not isinstance(item, MutableMapping):
                continue
            for field_key in list(item):
                if isinstance(field_key, str) and question.field(field_key) is None:
                    renamed = question.renamed_field(field_key)
                    if renamed is not None and renamed.id not in item:
                        _rename_key(item, field_key, renamed.id)
                        changed.append(f"{question.id}.{field_key} → {renamed.id}")
            for field_q in question.fields:
                if field_q.id in item:
                    changed += _rename_value(field_q, item, field_q.id)
        return changed
    if not question.choices:
        return changed
    if isinstance(value, list):
        for index, entry in enumerate(value):
            changed += _rename_code(question, value, index, entry)
    else:
        changed += _rename_code(question, holder, key, value)
    return changed


def _rename_code(question: Question, holder: Any, key: Any, value: Any) -> list[str]:
    if not isinstance(value, str) or value == OTHER_VALUE or question.choice(value) is not None:
        return []
    choice = question.renamed_choice(value)
    if choice is None:
        return []
    holder[key] = choice.value
    return [f"{question.id}: {value} → {choice.value}"]


def _rename_key(mapping: Any, old: str, new: str) -> None:
    """``old: value`` becomes ``new: value`` at the same place, with the same comments."""
    keys = list(mapping)
    position = keys.index(old)
    value = mapping[old]
    comments = getattr(mapping, "ca", None)
    comment = comments.items.pop(old, None) if comments is not None else None
    del mapping[old]
    if hasattr(mapping, "insert"):
        mapping.insert(position, new, value)
    else:  # a plain dict: rebuild it in order
        rest = {k: mapping.pop(k) for k in keys[position + 1:]}
        mapping[new] = value
        mapping.update(rest)
    if comment is not None:
        comments.items[new] = comment
