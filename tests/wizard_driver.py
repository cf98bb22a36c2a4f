"""A small driver for the wizard: intended answer → the keys a person would press.

Keys are queued into one pipe ahead of the prompts (prompt_toolkit keeps
unread keys as type-ahead), so a walk is planned before the wizard runs:
``simulate_walk`` replays the wizard's own rules (the same ``AnswerSet``
conditions, the same order, the same group menus) on an in-memory copy of
the answers and returns the keys, the questions it expects to be asked and
the answers it expects on disk.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from handreiking.plan.answers import AnswerSet
from handreiking.wizard.prompts import Action
from handreiking.questionnaire.catalog import Question, Questionnaire
from handreiking.core.values import is_answered
from keys import BACKSPACE, DOWN, ENTER, ESC_ENTER, SPACE, UP

UNKNOWN = Action.UNKNOWN  # "weet ik nog niet" in answer scripts

# Group menu positions (see GroupEditor.edit): with items the choices are
# done (the default), add, edit, copy, remove, [move], [explanation], [back].
ADD_FIRST = ENTER                 # empty group without suggested rows: "toevoegen" is the default
ADD_MORE = DOWN + ENTER
EDIT = DOWN * 2 + ENTER
COPY = DOWN * 3 + ENTER
REMOVE = DOWN * 4 + ENTER
MOVE = DOWN * 5 + ENTER           # only with two items or more
DONE = ENTER
FIELD_DONE = ENTER                # the field menu of one item: "Klaar met deze …" is the default
YES_FROM_NO = UP + ENTER          # a ja/nee confirmation whose default is "nee"
NO_FROM_YES = DOWN + ENTER        # a ja/nee confirmation whose default is "ja"
REVIEW_DONE = ENTER               # the review list: "Klaar" is the default


def _move(start: int, target: int) -> str:
    return DOWN * (target - start) if target >= start else UP * (start - target)


def _menu_values(question: Question) -> list[Any]:
    """The values of a keuze/janee menu in prompt order (before the optional back entry)."""
    if question.kind == "janee":
        values: list[Any] = [True, False]
    else:
        values = [c.value for c in question.choices] + (["__anders__"] if question.allow_other else [])
    return values + [UNKNOWN]


def _as_typed(question: Question, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.day}-{value.month}-{value.year}"
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)


def answer_keys(question: Question, value: Any, current: Any = None) -> str:
    """Keys that turn ``current`` into ``value`` (``UNKNOWN`` = weet ik nog niet).

    For a question with ``keuzes_uit`` pass the question with the choices the
    wizard adds (``with_source_choices``)."""
    kind = question.kind
    if kind in ("tekst", "getal", "datum", "lange_tekst"):
        # a number's suggestion is shown as a hint, not typed in for the user
        shown = current if current is not None or kind == "getal" else question.default
        erase = BACKSPACE * len(_as_typed(question, shown))
        typed = "" if value is UNKNOWN else _as_typed(question, value)
        return erase + typed + (ESC_ENTER if kind == "lange_tekst" else ENTER)
    if kind in ("keuze", "janee"):
        values = _menu_values(question)
        shown = current if current is not None else question.default
        if isinstance(shown, dict):
            shown = "__anders__"
        start = values.index(shown) if shown in values else 0
        if isinstance(value, dict):
            erase = BACKSPACE * len(current["anders"]) if isinstance(current, dict) else ""
            return _move(start, values.index("__anders__")) + ENTER + erase + value["anders"] + ENTER
        return _move(start, values.index(value)) + ENTER
    if kind == "meerkeuze":
        values = [c.value for c in question.choices] + (["__anders__"] if question.allow_other else [])
        wanted = [] if value is UNKNOWN else value
        wanted_plain = {v for v in wanted if isinstance(v, str)}
        other = next((v for v in wanted if isinstance(v, dict)), None)
        shown = current if isinstance(current, list) else (question.default or [])
        had = {v for v in shown if isinstance(v, str)}
        if any(isinstance(v, dict) for v in shown):
            had.add("__anders__")
        out, position = "", 0
        for index, choice in enumerate(values):
            on_now = choice in had
            on_wanted = (other is not None) if choice == "__anders__" else choice in wanted_plain
            if on_now != on_wanted:
                out += _move(position, index) + SPACE
                position = index
        out += ENTER
        if other is not None:
            out += other["anders"] + ENTER
        return out
    raise AssertionError(f"no key script for kind {kind}")


def phase_keys(questionnaire: Questionnaire, script: dict[str, Any]) -> tuple[str, list[str]]:
    """Keys for walking a fresh phase in order; returns the keys and the ids asked.

    ``script`` maps question id → intended answer, or → a ready key string for
    groups. Conditions are evaluated on the scripted answers, as the wizard does.
    """
    out, asked, scope = "", [], {}
    for question in questionnaire.questions:
        if not question.is_active(scope):
            continue
        assert question.id in script, f"the script has no answer for the new question '{question.id}'"
        answer = script[question.id]
        asked.append(question.id)
        if question.is_group:
            out += answer
            continue
        out += answer_keys(question, answer)
        if answer is not UNKNOWN and is_answered(answer):
            scope[question.id] = answer
    return out, asked


def item_keys(group: Question, values: dict[str, Any]) -> str:
    """Keys for the fields of a new group item, in field order."""
    return "".join(answer_keys(f, values.get(f.id, UNKNOWN)) for f in group.fields)


def field_keys(group: Question, item: dict[str, Any], field_id: str, value: Any) -> str:
    """In the field menu of ``item``: pick one field, answer it, and close the menu."""
    position = [f.id for f in group.fields].index(field_id) + 1  # after "Klaar met deze …"
    field_q = group.field(field_id)
    return DOWN * position + ENTER + answer_keys(field_q, value, item.get(field_id)) + FIELD_DONE


# --- planning a whole walk with the wizard's own rules ---------------------------------

SUGGESTED = "voorgestelde rijen"  # a group answer: take the suggested rows (``standaard``)


def with_source_choices(answer_set: AnswerSet, question: Question) -> Question:
    """The question as the wizard asks it: with the choices a ``keuzes_uit`` group gives now."""
    source = question.choice_source
    if source is None:
        return question
    answers = {phase.questionnaire.phase: phase.data for phase in answer_set}
    extra = tuple(c for c in source.choices(answers) if question.choice(c.value) is None)
    return replace(question, choices=question.choices + extra)


def saved_form(question: Question, value: Any) -> Any:
    """``value`` as it reads back from the answer file (``UNKNOWN`` → null)."""
    if value is UNKNOWN or value is None:
        return None
    if isinstance(value, str) and "\n" in value.strip():
        return value.rstrip("\n") + "\n"  # a literal block ends in a newline
    if question.is_group and isinstance(value, list):
        return [{key: saved_form(question.field(key), v) for key, v in item.items()} for item in value]
    return value


@dataclass
class Walk:
    """What a planned walk types, asks and leaves in the answer file."""

    keys: str = ""
    asked: list[str] = field(default_factory=list)
    expected: dict[str, Any] = field(default_factory=dict)  # question id → value read back from the file


# ``answer(question, active_with)`` returns the intended value of one question
# or field: a value, UNKNOWN, or for a group: SUGGESTED, UNKNOWN or a number of
# items to add. ``active_with(value)`` tells how many questions (or fields of the
# item) would apply after that answer, so a strategy can prefer answers that
# switch follow-up questions on.
Strategy = Callable[[Question, Callable[[Any], int]], Any]


def simulate_walk(answer_set: AnswerSet, questionnaire: Questionnaire, answer: Strategy) -> Walk:
    """Plan a walk through a phase whose questions are all unseen, like ``Wizard.run_phase``.

    ``answer_set`` is a private copy (answers are set in memory, never saved).
    """
    phase = answer_set[questionnaire.phase]
    walk = Walk()
    order = [q.id for q in questionnaire.questions]

    def active_ids() -> list[str]:
        return [q.id for q in answer_set.active_questions(questionnaire)]

    def count_with(question_id: str, value: Any) -> int:
        before = phase.data.get(question_id, None) if question_id in phase.data else UNKNOWN
        phase.set(question_id, None if value is UNKNOWN else value)
        count = len(active_ids())
        if before is UNKNOWN:
            del phase.data[question_id]
        else:
            phase.set(question_id, before)
        return count

    ids = active_ids()
    current = ids[0] if ids else None
    while current is not None:
        question = questionnaire.question(current)
        walk.asked.append(current)
        if question.is_group:
            keys, value = _group_walk(answer_set, questionnaire, question, answer)
        else:
            shown = with_source_choices(answer_set, question)
            value = answer(shown, lambda v, qid=current: count_with(qid, v))
            keys = answer_keys(shown, value)
        walk.keys += keys
        phase.set(current, None if value is UNKNOWN else value)
        walk.expected[current] = saved_form(question, value)
        ids = active_ids()
        current = next((qid for qid in order[order.index(current) + 1:] if qid in ids), None)
    return walk


def _group_walk(answer_set: AnswerSet, questionnaire: Questionnaire, group: Question,
                answer: Strategy) -> tuple[str, Any]:
    suggested = group.default if isinstance(group.default, list) and group.default else []
    # the menu of an empty group: [suggested,] add, weet ik nog niet, [uitleg,] [vorige]
    menu = (["suggested"] if suggested else []) + ["add", UNKNOWN]
    plan = answer(group, lambda v: 0)
    if plan is UNKNOWN:
        return _move(0, menu.index(UNKNOWN)) + ENTER, UNKNOWN
    if plan == SUGGESTED:
        assert suggested, f"group '{group.id}' has no suggested rows"
        rows = []
        for row in suggested:  # every active field present, the open ones empty
            scope = answer_set.scope(questionnaire.phase, row)
            rows.append({f.id: row.get(f.id) for f in group.fields if f.id in row or f.is_active(scope)})
        return ENTER + DONE, rows
    keys, items = "", []
    for number in range(int(plan)):
        keys += (_move(0, menu.index("add")) + ENTER) if number == 0 else ADD_MORE
        item_keys_, item = _item_walk(answer_set, questionnaire, group, answer)
        keys += item_keys_
        items.append(item)
    return keys + DONE, items


def _item_walk(answer_set: AnswerSet, questionnaire: Questionnaire, group: Question,
               answer: Strategy) -> tuple[str, dict[str, Any]]:
    """The fields of one new item; conditions between fields see the fields answered so far."""
    item: dict[str, Any] = {}
    order = [f.id for f in group.fields]

    def active(with_item: dict[str, Any]) -> list[str]:
        scope = answer_set.scope(questionnaire.phase, with_item)
        return [f.id for f in group.fields if f.is_active(scope)]

    keys = ""
    ids = active(item)
    current = ids[0] if ids else None
    while current is not None:
        field_q = with_source_choices(answer_set, group.field(current))
        value = answer(field_q, lambda v, qid=current: len(active({**item, qid: None if v is UNKNOWN else v})))
        keys += answer_keys(field_q, value)
        item[current] = None if value is UNKNOWN else value
        ids = active(item)
        current = next((qid for qid in order[order.index(current) + 1:] if qid in ids), None)
    return keys, item
