"""Editing a repeatable group (stakeholders, goals, risks …) in the wizard.

A group is a list of items with the same fields. In a workshop people add an
item, fix one field of another, put the most important one first, or copy a
similar one; each of those is one or two menu choices, and every change is
saved at once. The items stand above the menu as a compact table that fits
the screen, so the room sees the whole list while deciding.
"""
from __future__ import annotations

import copy
import re
from typing import Any, Callable, Protocol

from handreiking.core.values import count, format_quantity, format_value, is_answered
from handreiking.plan.answers import AnswerSet, PhaseAnswers, set_in_order, to_yaml_value
from handreiking.questionnaire.catalog import Question
from handreiking.questionnaire.validation import (check_value, date_order_problem, item_contradictions, name_taken,
                                                  order_scope, shortage)
from handreiking.wizard import prompts
from handreiking.wizard.prompts import Action, Context

DONE = "__klaar__"
ALL_FIELDS = "__alle_velden__"
_TABLE_KINDS = ("tekst", "keuze", "janee", "getal", "datum")


def short_value(question: Question, value: Any) -> str:
    """One cell of the table, or one line of the field menu."""

    if not is_answered(value):
        return "–"
    if isinstance(value, dict):
        return str(value.get("anders", ""))
    if question.kind == "janee":
        return "ja" if value else "nee"
    if question.kind in ("keuze", "meerkeuze"):
        values = value if isinstance(value, list) else [value]
        return ", ".join(c.label if (c := question.choice(v)) else
                         (str(v.get("anders", "")) if isinstance(v, dict) else str(v)) for v in values)
    if question.kind == "getal":
        return format_quantity(value, question.unit)
    return " ".join(format_value(value).split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def column_title(field_q: Question) -> str:
    """A short column title: the field's ``kolom`` in the questionnaire, else its id, which is
    Dutch words in snake_case ("belang_niveau")."""
    return field_q.column or field_q.id.replace("_", " ").capitalize()


def group_table(question: Question, items: list[Any], width: int) -> list[str]:
    """The items as a table of the fields that fit ``width`` (summary field first)."""
    if not items:
        return ["  (nog geen)"]
    fields = [f for f in question.fields if f.kind in _TABLE_KINDS]
    fields.sort(key=lambda f: f.id != question.summary_field)
    rows = [[short_value(f, item.get(f.id) if isinstance(item, dict) else None) for f in fields] for item in items]
    number_width = len(str(len(items))) + 2
    columns: list[int] = []
    used = number_width
    for index, field_q in enumerate(fields):
        header = column_title(field_q)
        natural = max([len(r[index]) for r in rows] + [min(len(header), 14)])
        limit = 28 if index == 0 else 18
        size = max(min(natural, limit), 4)
        if used + size + 2 > width:
            if index == 0:
                size = max(width - used - 2, 4)
            else:
                break
        columns.append(size)
        used += size + 2
    head = " " * number_width + "  ".join(_cut(column_title(fields[i]), size).ljust(size)
                                          for i, size in enumerate(columns))
    lines = [head.rstrip()]
    for number, row in enumerate(rows, start=1):
        cells = "  ".join(_cut(row[i], size).ljust(size) for i, size in enumerate(columns))
        lines.append(f"{number}.".rjust(number_width - 1) + " " + cells.rstrip())
    return lines


# -- what each menu choice does to the list (and saves); the menus below only ask --------


def items_of(phase: PhaseAnswers, question: Question) -> Any:
    """The group's list in the phase, made when there is none yet."""
    items = phase.get(question.id)
    if not isinstance(items, list):
        phase.set(question.id, [])
        items = phase.get(question.id)
    return items


def add_item(phase: PhaseAnswers, question: Question) -> Any:
    """A new empty item at the end. Not saved yet: the first answered field saves the
    item, so a stop right here leaves no empty "- {}" item in the file."""
    items = items_of(phase, question)
    items.append(to_yaml_value({}))
    return items[-1]


def set_field(phase: PhaseAnswers, question: Question, item: Any, field_id: str, value: Any,
              before_save: Callable[[], str] | None = None) -> str:
    """One field of one item (``None``: "weet ik nog niet"), saved at once when it changed.
    ``before_save`` tidies the item first (a field the new answer switched off); what it
    returns, a notice for the person, is returned."""
    value = to_yaml_value(value)
    notice = ""
    if field_id not in item or item.get(field_id) != value:
        set_in_order(item, field_id, value, [f.id for f in question.fields])
        if before_save is not None:
            notice = before_save()
        phase.save()
    return notice


def copy_item(phase: PhaseAnswers, question: Question, index: int) -> Any:
    """A copy right below the original ("… (kopie)"), saved; returns the copy. The copy
    starts without the hand comments of the original (they are not doubled). (Its place
    may differ from ``index + 1`` after the save: a hand edit may have moved items.)"""
    items = phase.get(question.id)
    duplicate = copy.deepcopy(items[index])
    name = (question.unique_field.id if question.unique_field else None) or question.summary_field
    if name and isinstance(duplicate.get(name), str) and duplicate.get(name):
        duplicate[name] = copy_name(question, items, name, duplicate[name])
    items.insert(index + 1, duplicate)
    phase.save()
    return duplicate


def copy_name(question: Question, items: list[Any], field_id: str, name: str) -> str:
    """The name of a copy: 'Ouderavond (kopie)' ('(kopie 2)' when that one is there too), or,
    for a code with a set form such as 'D1', the first number after the highest of that form
    ('D4'): the copy is valid and has a name of its own."""
    field = question.field(field_id)
    wanted = f"{name} (kopie)"
    numbered = re.fullmatch(r"(.*?)(\d+)", name)
    if numbered and field is not None and check_value(field, wanted) is not None:
        prefix = numbered.group(1)
        used = [int(found.group(1)) for item in items if isinstance(item, dict)
                for found in [re.fullmatch(re.escape(prefix) + r"(\d+)", str(item.get(field.id, "")))] if found]
        return f"{prefix}{max(used, default=0) + 1}"
    number = 2
    while name_taken(question, items, wanted):
        wanted, number = f"{name} (kopie {number})", number + 1
    return wanted


def move_item(phase: PhaseAnswers, question: Question, index: int, target: int) -> None:
    """Item ``index`` to place ``target`` (both from 0), saved; its comments go with it."""
    items = phase.get(question.id)
    items.insert(target, items.pop(index))
    phase.save()


def remove_item(phase: PhaseAnswers, question: Question, index: int) -> None:
    """Remove one item, saved (the comments written inside it go with it)."""
    del phase.get(question.id)[index]
    phase.save()


class GroupHost(Protocol):
    """What group editing needs from the wizard that runs it (``wizard.Wizard``).

    Written out here so that the dependency points one way: the wizard uses
    this module, and this module knows the wizard only by these three members.
    """

    answers: AnswerSet  # every phase's answers: a field's condition may look at other phases

    def as_asked(self, question: Question, current: Any = None) -> Question:
        """The question as the wizard asks it now (with the choices that come from a group)."""
        ...

    def save_answer(self, phase: PhaseAnswers, question_id: str, value: Any) -> None:
        """Set one answer of ``phase`` and write the file."""
        ...


class GroupEditor:
    """The group menus of one wizard session."""

    def __init__(self, wizard: GroupHost) -> None:
        self.wizard = wizard

    # -- the group menu ---------------------------------------------------------------

    def edit(self, phase: PhaseAnswers, question: Question, allow_back: bool, heading: str,
             resume: bool = False) -> Any:
        """Add, change, copy, move and remove items until the user is done."""
        if resume:
            self._continue_half_item(phase, question, heading)
        name = question.item_name.capitalize()
        while True:
            items = phase.get(question.id)
            items = items if isinstance(items, list) else []
            width = prompts.terminal_width()
            context = Context(heading=heading, help=question.help,
                              body=(f"{question.text}",) + tuple(group_table(question, items, width)))
            suggested = question.default if isinstance(question.default, list) and not items else []
            choices = [(f"De {len(suggested)} voorgestelde rijen uit de handreiking overnemen", "suggested",
                        "U kunt ze daarna wijzigen of verwijderen.")] if suggested else []
            if items:  # "Klaar" first and the default; the other entries keep their places
                choices.append(("Klaar met deze vraag", DONE, ""))
            choices.append((f"{name} toevoegen", "add", ""))
            if items:
                choices.append((f"{name} wijzigen", "edit", "Kies een item en dan het veld dat u wilt aanpassen."))
                choices.append((f"{name} kopiëren", "copy", "Een kopie komt direct onder het origineel."))
                choices.append((f"{name} verwijderen", "remove", ""))
                if len(items) > 1:
                    choices.append(("Volgorde wijzigen", "move", ""))
            else:
                choices.append((prompts.UNKNOWN_TITLE, Action.UNKNOWN, ""))
            if question.explanation:
                choices.append((prompts.EXPLAIN_TITLE, prompts.EXPLAIN_VALUE, ""))
            if allow_back:
                choices.append((prompts.BACK_TITLE, Action.BACK, ""))
            picked = prompts.select("Wat wilt u doen?", choices, context=context,
                                    default=DONE if items else ("suggested" if suggested else "add"),
                                    explanation=question.explanation or prompts.NO_EXPLANATION,
                                    allow_back=allow_back, record=False)
            if picked is Action.BACK:
                return Action.BACK
            if picked is Action.UNKNOWN:
                if not phase.is_visited(question.id):
                    self.wizard.save_answer(phase, question.id, None)
                return Action.UNKNOWN
            if picked == DONE:
                short = shortage(question, items)
                if short and not prompts.confirm(
                        f"Er {'is' if len(items) == 1 else 'zijn'} nu "
                        f"{count(len(items), question.item_name, question.items_name)}; de handreiking vraagt er "
                        f"minstens {question.rules.min_items} ({short}). Toch verder? Dat staat dan als open "
                        "punt in de documenten.", default=True):
                    continue
                prompts.record_answer(question.text, f"{len(items)} × {question.item_name}")
                return items
            if picked == "suggested":
                phase.set(question.id, [self._complete(phase, question, row) for row in suggested])
                phase.save()
            elif picked == "add":
                self._add_item(phase, question, heading)
            else:
                self._on_item(picked, phase, question, items, heading)

    def _on_item(self, action: str, phase: PhaseAnswers, question: Question, items: list[Any], heading: str) -> None:
        ask = {"edit": "Welke wilt u wijzigen?", "copy": "Welke wilt u kopiëren?",
               "move": "Welke wilt u verplaatsen?", "remove": "Welke wilt u verwijderen?"}[action]
        index = self._pick_item(question, items, ask, heading)
        if index is None:
            return
        title = self.item_title(question, items[index], index + 1)
        if action == "edit":
            self._field_menu(phase, question, items[index], heading)
        elif action == "copy":
            self._field_menu(phase, question, copy_item(phase, question, index), heading)  # the copy itself
        elif action == "move":
            places = [(f"Naar plaats {n + 1}" + (f" (nu: {self.item_title(question, items[n], n + 1)})"), n, "")
                      for n in range(len(items)) if n != index]
            places.append(("Terug", None, ""))
            target = prompts.select(f"Waar moet '{title}' komen?", places, context=Context(heading=heading),
                                    record=False)
            if target is not None:
                move_item(phase, question, index, target)
        elif action == "remove" and prompts.confirm(f"'{title}' echt verwijderen?", default=False,
                                                    context=Context(heading=heading)):
            remove_item(phase, question, index)

    def item_title(self, question: Question, item: Any, index: int) -> str:
        value = item.get(question.summary_field) if isinstance(item, dict) and question.summary_field else None
        return str(value) if is_answered(value) else f"{question.item_name} {index} (zonder naam)"

    def _pick_item(self, question: Question, items: list[Any], message: str, heading: str) -> int | None:
        choices = [(self.item_title(question, item, i + 1), i, "") for i, item in enumerate(items)]
        choices.append(("Terug", None, ""))
        return prompts.select(message, choices, context=Context(heading=heading), record=False)

    # -- one item ---------------------------------------------------------------------

    def _active_fields(self, phase: PhaseAnswers, question: Question, item: Any) -> list[Question]:
        scope = self.wizard.answers.scope(phase.questionnaire.phase, item)
        return [f for f in question.fields if f.is_active(scope)]

    def _complete(self, phase: PhaseAnswers, question: Question, row: dict[str, Any]) -> Any:
        """A suggested row with every field present (open ones empty), so resuming skips it."""
        item = to_yaml_value({k: row[k] for k in sorted(row, key=[f.id for f in question.fields].index)})
        for field_q in self._active_fields(phase, question, item):
            if field_q.id not in item:
                set_in_order(item, field_q.id, None, [f.id for f in question.fields])
        return item

    def first_open_field(self, phase: PhaseAnswers, question: Question) -> tuple[int, str] | None:
        """The first item with a field never seen (a stop halfway through it), and that field."""
        items = phase.get(question.id)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            missing = next((f.id for f in self._active_fields(phase, question, item) if f.id not in item), None)
            if missing is not None:
                return index, missing
        return None

    def _continue_half_item(self, phase: PhaseAnswers, question: Question, heading: str) -> None:
        found = self.first_open_field(phase, question)
        if found is None:
            return
        index, field_id = found
        items = phase.get(question.id)
        item = items[index]
        name = item.get(question.summary_field) if isinstance(item, dict) and question.summary_field else None
        called = f" ('{name}')" if is_answered(name) else " (nog zonder naam)"
        notice = (f"Verder met {question.item_name} {index + 1}{called} bij het eerste veld dat nog niet aan bod "
                  "kwam.")
        self.walk_item(phase, question, items[index], index + 1, heading, start=field_id, notice=notice)

    def _add_item(self, phase: PhaseAnswers, question: Question, heading: str) -> None:
        item = add_item(phase, question)
        self.walk_item(phase, question, item, len(phase.get(question.id)), heading)

    def _field_menu(self, phase: PhaseAnswers, question: Question, item: Any, heading: str) -> None:
        """Pick a field of one item and change just that one, until the item is done.

        The item is followed by what it is, not by its place: a hand edit that moved it in
        the file (the wizard takes the file's order when it moved nothing) keeps it in view."""
        default: Any = None
        while True:
            items = phase.get(question.id)
            index = next((n for n, x in enumerate(items if isinstance(items, list) else []) if x is item), -1)
            if index < 0:
                return  # removed by hand in the meantime
            fields = self._active_fields(phase, question, item)
            choices: list[tuple[str, Any, str]] = [(f"Klaar met {'dit' if question.item_article == 'het' else 'deze'} {question.item_name}", DONE, "")]
            choices += [(f"{f.text.rstrip('?: ')}: {_cut(short_value(f, item.get(f.id)), 50)}", f.id, f.help)
                        for f in fields]
            choices.append(("Alle velden na elkaar langslopen", ALL_FIELDS, ""))
            title = self.item_title(question, item, index + 1)
            picked = prompts.select(f"Welk veld van '{title}' wilt u wijzigen?", choices,
                                    context=Context(heading=heading), default=default, record=False)
            if picked == DONE:
                return
            if picked == ALL_FIELDS:
                self.walk_item(phase, question, item, index + 1, heading)
                return
            self.walk_item(phase, question, item, index + 1, heading, start=picked, only=True)
            default = DONE

    @staticmethod
    def _clash(question: Question, item: Any, field_q: Question, value: Any) -> str:
        """Why ``value`` for ``field_q`` contradicts the rest of the item (``niet_als``), or ''."""

        if value is None:
            return ""
        trial = {**{k: v for k, v in item.items() if k != field_q.id}, field_q.id: value}
        for sub, message in item_contradictions(question, trial):
            if sub.id == field_q.id:
                return message[:1].upper() + message[1:]
        return ""

    def _drop_switched_off_contradictions(self, phase: PhaseAnswers, question: Question, item: Any) -> str:
        """A field this answer switched off, whose value now contradicts it (an end year after
        choosing 'structureel'), is taken out of the item, so the file never contradicts itself;
        the notice names what went and why."""

        active = {f.id for f in self._active_fields(phase, question, item)}
        gone = []
        for sub, _message in item_contradictions(question, item):
            if sub.id not in active and sub.id in item:
                gone.append(f"{sub.text} ({short_value(sub, item.pop(sub.id))})")
        return ("Weggehaald, want het past niet meer bij dit antwoord: " + "; ".join(gone) + ".") if gone else ""

    def walk_item(self, phase: PhaseAnswers, question: Question, item: Any, number: int, heading: str,
                  start: str | None = None, only: bool = False, notice: str = "") -> None:
        """Walk the fields of one item from ``start``; each field is saved as it is answered.

        Conditions between fields of one item (``looptijd`` when ``structureel``
        is nee) are evaluated again after every answer, like questions in a phase.
        """
        order = [f.id for f in question.fields]
        fields = self._active_fields(phase, question, item)
        current = start if start is not None else (fields[0].id if fields else None)
        while current is not None:
            fields = self._active_fields(phase, question, item)
            ids = [f.id for f in fields]
            if current not in ids:
                return
            position = ids.index(current)
            field_q = fields[position]
            context = Context(
                heading=f"{heading} · {question.item_name.capitalize()} {number} · veld {position + 1} van {len(fields)}",
                help=field_q.help, example=prompts.typed_example(field_q), notice=notice)
            notice = ""
            value_now = item.get(field_q.id)
            others = {q.id: q for q in phase.questionnaire.questions}
            result = prompts.ask_question(
                self.wizard.as_asked(field_q, value_now), value_now, allow_back=position > 0 and not only,
                context=context, check=lambda value, f=field_q: (
                    (name_taken(question, phase.get(question.id), value, own=item) if f.unique else None)
                    or date_order_problem(f, value, order_scope(item, phase.data), question.fields, others)))
            if result is Action.BACK:
                current = ids[position - 1]
                continue
            value = None if result is Action.UNKNOWN else to_yaml_value(result)
            clash = self._clash(question, item, field_q, value)
            if clash:  # this answer contradicts another field of the item: ask it again, saying why
                notice = clash
                continue
            notice = set_field(phase, question, item, field_q.id, value,
                               before_save=lambda: self._drop_switched_off_contradictions(phase, question, item))
            if only:
                if notice:
                    prompts.show(notice)
                return
            ids = [f.id for f in self._active_fields(phase, question, item)]
            current = next((i for i in order[order.index(field_q.id) + 1:] if i in ids), None)
