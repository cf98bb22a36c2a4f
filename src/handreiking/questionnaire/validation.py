"""Checks answers against the questionnaire and collects every problem.

Validators return a Dutch message or ``None`` (like copier's validators and
questionary's ``validate``), so the same function serves the wizard's prompt
and ``handreiking check``. A report holds all problems at once: people fix a
file in one go instead of one error per run.

Three sorts of problem, because a workshop must never be blocked by a plan
that is simply not finished yet:

- *errors*: a value that cannot be used (text where a date belongs, a choice
  that does not exist). The documents are not made until it is fixed.
- *warnings*: something kept but not used (an unknown key).
- *incomplete*: a list shorter than the guide asks, a required answer still
  open. ``check`` reports these and ``check --strict`` fails on them; the
  wizard and ``render`` go on, and the documents show them as open items.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handreiking.core.conflicts import describe_conflict, is_conflict
from handreiking.core.errors import AnswerFileError
from handreiking.core.values import (
    OTHER_VALUE,
    format_amount,
    format_number,
    format_short_date,
    impossible_date,
    impossible_date_message,
    is_answered,
    is_number,
    join_dutch,
    name_key,
    normalize,
    repeated_names,
    parse_date,
    thousands_message,
    three_decimals,
)
from handreiking.core.yamlio import node_position
from handreiking.questionnaire.expressions import message_template
from handreiking.questionnaire.renames import apply_renames

if TYPE_CHECKING:  # the model's types only
    from handreiking.questionnaire.model import Question, Questionnaire

__all__ = ["Report", "check_value", "count_problem", "describe_question", "item_contradictions", "missing_required",
           "normalize_answer", "shortage", "validate_phase"]

MAX_TEXT_LENGTH = 20_000


@dataclass
class Report:
    """Errors make an answer unusable; warnings and incomplete answers are kept and reported."""

    errors: list[AnswerFileError] = field(default_factory=list)
    warnings: list[AnswerFileError] = field(default_factory=list)
    incomplete: list[AnswerFileError] = field(default_factory=list)

    def extend(self, other: "Report") -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)
        self.incomplete.extend(other.incomplete)

    @property
    def ok(self) -> bool:
        return not self.errors


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "ja/nee-waarde"
    if isinstance(value, (list, tuple)):
        return "lijst"
    if isinstance(value, dict):
        return "blok met sleutels"
    if isinstance(value, float) and value != value:
        return "waarde die geen getal is (.nan)"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "oneindig groot getal (zoals .inf of 1e400)"
    if isinstance(value, (int, float)):
        return "getal"
    if isinstance(value, str):
        return f"tekst ('{value}')" if len(value) <= 40 else "tekst"
    if value is None:
        return "leeg item (een streepje zonder iets erachter)"
    return "datum" if isinstance(value, (dt.date, dt.datetime)) else "waarde van een ander soort"


def describe_question(question: Question) -> str:
    """How a message names a question: by its Dutch text, with the key as it is in the file."""
    return f"vraag '{question.text}' ({question.id})"


def choice_list(question: Question) -> str:
    """'Op orde (op_orde), Deels op orde (deels) of …': labels first, codes for the file."""
    return join_dutch([f"{c.label} ({c.value})" if c.label != c.value else c.value for c in question.choices],
                      last="of")


def normalize_answer(question: Question, value: Any) -> Any:
    """The canonical form of an answer as a person may write it in a file (``ja``,
    ``1-7-2027``, ``12,5``, a choice's label instead of its code); unreadable
    values come back unchanged for ``check_value`` to explain."""
    if question.kind in ("keuze", "meerkeuze"):
        if question.kind == "meerkeuze" and isinstance(value, list):
            return [_choice_code(question, item) for item in value]
        return _choice_code(question, value)
    if question.kind == "groep" and isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                for key in list(item):
                    field_q = question.field(str(key))
                    if field_q is not None and is_answered(item[key]):
                        new = normalize_answer(field_q, item[key])
                        if new is not item[key] and new != item[key]:
                            item[key] = new
        return value
    return normalize(question.kind, value)


def _choice_code(question: Question, value: Any) -> Any:
    if not isinstance(value, str) or question.choice(value) is not None:
        return value
    wanted = value.strip().casefold()
    found = [c for c in question.choices if wanted in (c.value.casefold(), c.label.casefold())]
    return found[0].value if len(found) == 1 else value


def check_value(question: Question, value: Any) -> str | None:
    """The Dutch problem with an answered ``value``, or None when it is fine.

    The number of items in a list is not checked here: a short list is
    incomplete, not wrong (see ``count_problem``)."""
    problem = _problem(question, normalize_answer(question, value))
    return problem[0] if problem else None


def _problem(question: Question, value: Any) -> tuple[str, int | None] | None:
    """(message, index of the list item at fault or None) for an answered value."""
    kind = question.kind
    if kind in ("tekst", "lange_tekst"):
        if isinstance(value, (list, dict, bool)) or not isinstance(value, (str, int, float)) and parse_date(value) is None:
            return f"verwacht tekst, maar dit is een {_describe(value)}", None
        return _message(_check_text(question, str(value)))
    if kind == "keuze":
        return _message(_check_choice(question, value))
    if kind == "meerkeuze":
        if not isinstance(value, list):
            return (f"verwacht een lijst van keuzes (elke keuze op een eigen regel met '- ' ervoor), "
                    f"maar dit is een {_describe(value)}"), None
        seen: list[Any] = []
        for index, item in enumerate(value):
            problem = _check_choice(question, item)
            if problem:
                return problem, index
            key = item.get(OTHER_VALUE) if isinstance(item, dict) else item
            if key in seen:
                return f"'{key}' staat twee keer in de lijst; laat er één staan", index
            seen.append(key)
        return None
    if kind == "janee":
        if not isinstance(value, bool):
            return f"verwacht ja of nee, maar dit is een {_describe(value)}. Schrijf ja of nee.", None
        return None
    if kind == "getal":
        if not is_number(value):
            return (f"verwacht een getal, maar dit is een {_describe(value)}. "
                    "Schrijf het getal, zoals 12, 12,5 of 24.500."), None
        if three_decimals(value):
            return thousands_message(value), None
        rules = question.rules
        if rules.whole and value != int(value):
            like = f", zoals {question.example}" if question.example else ""
            return f"verwacht een geheel getal{like}, maar hier staat {format_number(value)}", None
        if rules.min is not None and value < rules.min:
            return f"het getal moet minstens {rules.min} zijn", None
        if rules.max is not None and value > rules.max:
            return f"het getal mag hoogstens {rules.max} zijn", None
        return None
    if kind == "datum":
        date = parse_date(value)
        impossible = impossible_date(value)
        if impossible is not None:
            return impossible_date_message(impossible) + ".", None
        if date is None:
            return (f"verwacht een datum, maar dit is een {_describe(value)}. "
                    "Schrijf de datum als dag-maand-jaar (1-7-2027) of jaar-maand-dag (2027-07-01)."), None
        low, high = parse_date(question.rules.min), parse_date(question.rules.max)
        if low and date < low:
            return f"de datum mag niet vóór {format_short_date(low)} liggen", None
        if high and date > high:
            return f"de datum mag niet na {format_short_date(high)} liggen", None
        return None
    if kind == "groep":
        if not isinstance(value, list):
            return (f"verwacht een lijst van items (elk item begint met '- '), maar dit is een "
                    f"{_describe(value)}"), None
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                return ("elk item van de lijst is een blok met regels 'veld: waarde'; "
                        f"dit item is een {_describe(item)}"), index
        return None
    return None  # pragma: no cover - kinds are checked at load


def _message(problem: str | None) -> tuple[str, None] | None:
    return (problem, None) if problem else None


# Control characters (except tab and line breaks) and halves of a UTF-16 pair: YAML lets an
# escape such as "\e" or "\ud800" write them, no document can hold them (a lone half cannot be
# written as UTF-8 at all, and stopped render with an unexpected error), and no one types them.
_ODD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_TERMINAL_CODE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")  # a colour or cursor code: ESC [ 31 m


def without_odd_characters(text: str) -> str:
    """``text`` without the characters :func:`_check_text` refuses: what the wizard takes from
    a paste (a form feed or an escape sequence from another program), which no one would see."""
    return _ODD_CHARACTER.sub("", _TERMINAL_CODE.sub("", text))


def _check_text(question: Question, text: str) -> str | None:
    rules = question.rules
    odd = _ODD_CHARACTER.search(text)
    if odd is not None:
        return (f"de tekst bevat een teken dat geen letter, cijfer of leesteken is (U+{ord(odd.group()):04X}, "
                f"teken {odd.start() + 1}); haal het weg")
    if len(text) > MAX_TEXT_LENGTH:
        return f"de tekst is te lang ({len(text)} tekens; maximaal {MAX_TEXT_LENGTH})"
    if rules.min_length is not None and len(text) < rules.min_length:
        return f"de tekst moet minstens {rules.min_length} tekens lang zijn"
    if rules.max_length is not None and len(text) > rules.max_length:
        return f"de tekst mag hoogstens {rules.max_length} tekens lang zijn"
    if rules.pattern is not None and not re.fullmatch(rules.pattern, text):
        example = f" (bijvoorbeeld: {question.example})" if question.example else ""
        return f"'{text}' heeft niet de verwachte vorm{example}"
    return None


def _check_choice(question: Question, value: Any) -> str | None:
    if isinstance(value, dict):
        if not question.allow_other:
            return "bij deze vraag is geen eigen antwoord ('anders') mogelijk; kies uit: " + choice_list(question)
        if set(value) != {OTHER_VALUE} or not isinstance(value[OTHER_VALUE], str) or not value[OTHER_VALUE].strip():
            return "schrijf een eigen antwoord als {anders: \"uw tekst\"}"
        return _check_text(question, value[OTHER_VALUE])
    if not isinstance(value, str):
        return f"verwacht een van de keuzes, maar dit is een {_describe(value)}; kies uit: " + choice_list(question)
    if question.choice_source is not None and value.strip():
        return None  # taken from a group that changes; advice checks it still matches
    if question.choice(value) is None:
        other = " Of schrijf een eigen antwoord als {anders: \"uw tekst\"}." if question.allow_other else ""
        return f"'{value}' is geen keuze bij deze vraag. Kies uit: {choice_list(question)}.{other}"
    return None


def shortage(question: Question, value: Any) -> str | None:
    """'nog 2 van de 4 uitgangspunten' when an answered list is shorter than the guide asks."""
    if question.kind not in ("meerkeuze", "groep") or not isinstance(value, list) or not value:
        return None
    minimum = question.rules.min_items
    if minimum is None or len(value) >= minimum:
        return None
    noun = question.items_name if question.is_group else "keuzes"
    return f"nog {minimum - len(value)} van de {minimum} {noun}"


def count_problem(question: Question, value: Any) -> str | None:
    """A list shorter (``shortage``) or longer than the guide asks; None when the number fits."""
    short = shortage(question, value)
    if short or question.kind not in ("meerkeuze", "groep") or not isinstance(value, list):
        return short
    maximum = question.rules.max_items
    if maximum is not None and len(value) > maximum:
        noun = question.items_name if question.is_group else "keuzes"
        return f"{len(value)} {noun}; de handreiking noemt er hoogstens {maximum}"
    return None


def validate_phase(questionnaire: Questionnaire, data: Mapping[str, Any], path: Path) -> Report:
    """Validate one phase's answers (a mapping read from the answer file).

    Values written the Dutch way (``ja``, ``1-7-2027``, ``12,5``, a choice's label) and
    ids or codes from before a rename (``vroeger``) are replaced in ``data`` by their
    canonical form, so everything after this step — documents, advice, the wizard's next
    save — sees one form.
    """

    apply_renames(questionnaire, data)  # an answer under an old id or code reads as the current one
    return _validate_mapping(
        data, questionnaire.question, path,
        lambda question, key: (str(key), describe_question(question) if question else f"sleutel '{key}'"),
        "onbekende sleutel: geen vraag van deze fase. Hij blijft bewaard maar wordt niet gebruikt.")


MAX_LIST_ITEMS = 1000  # items in one list: a plan has tens; a file with 40.000 would keep every command busy


def _validate_mapping(data: Any, find: Any, path: Path, name: Any, unknown: str) -> Report:
    """Check every key of ``data`` against the question ``find(key)`` returns; groups
    recurse into their items. ``name(question, key)`` gives (id, subject): the
    answer's id path for programs and how a message names it for people."""
    report = Report()
    for key in list(data):
        line, col = node_position(data, key=key)
        if not isinstance(key, str):
            report.errors.append(AnswerFileError(
                f"'{key}' staat waar de id van een vraag hoort (bijvoorbeeld 'perspectief:'); "
                "staat er een dubbele punt te veel of een sleutel zonder naam?", path=path, line=line, column=col))
            continue
        question = find(key)
        if question is None:
            qid, subject = name(None, key)
            report.warnings.append(AnswerFileError(unknown, path=path, line=line, column=col,
                                                   question_id=qid, subject=subject))
            continue
        value = data[key]
        if not is_answered(value):
            continue
        qid, subject = name(question, key)
        if is_conflict(value):  # left by a git merge: both versions, until someone chooses
            line, col = _value_position(data, key, None, line, col)
            report.errors.append(_conflict_error(describe_conflict(value, question, qid), path=path, line=line,
                                                 column=col, question_id=qid, subject=subject))
            continue
        if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:  # before any work per item
            line, col = _value_position(data, key, None, line, col)
            report.errors.append(AnswerFileError(
                f"deze lijst heeft {format_amount(len(value))} items; handreiking leest er hoogstens "
                f"{format_amount(MAX_LIST_ITEMS)} (een plan heeft er hooguit enkele tientallen)",
                path=path, line=line, column=col, question_id=qid, subject=subject))
            continue
        canonical = normalize_answer(question, value)
        problem = _problem(question, canonical)
        if problem:
            message, index = problem
            line, col = _value_position(data, key, index, line, col)
            report.errors.append(AnswerFileError(message, path=path, line=line, column=col,
                                                 question_id=qid, subject=subject))
            continue
        if canonical is not value and canonical != value:
            data[key] = canonical
        shortage = count_problem(question, canonical)
        if shortage:
            report.incomplete.append(AnswerFileError(shortage, path=path, line=line, column=col,
                                                     question_id=qid, subject=subject))
        if question.is_group:
            if question.unique_field is not None:
                report.extend(_same_names(question, question.unique_field, canonical, path, subject))
            for index, item in enumerate(canonical, start=1):
                if is_conflict(item):
                    ref = f"{question.id}[{index}]"
                    report.errors.append(_conflict_error(describe_conflict(item, question, ref), path=path,
                                                         line=line, question_id=ref, subject=subject))
                    continue
                title = _item_title(question, item, index)
                report.extend(_item_contradictions(question, item, path, title, index))
                report.extend(_validate_mapping(
                    item, question.field, path,
                    lambda field_q, k, t=title, i=index: (
                        f"{question.id}[{i}].{k}", f"{t}, veld '{field_q.text}' ({k})" if field_q else f"{t}, veld '{k}'"),
                    "onbekend veld; het blijft bewaard maar wordt niet gebruikt."))
    return report


def _name_key(value: Any) -> str | None:
    """How two item names compare (``name_key``: capitals, spaces and dashes do not count), or
    None for no name."""
    return name_key(value) or None if is_answered(value) and not isinstance(value, (list, dict)) else None


def name_taken(question: Question, items: Any, value: Any, own: Any = None) -> str | None:
    """The Dutch problem when another item of the group (not ``own``) already has ``value`` in its
    ``uniek`` field: answers elsewhere point to an item by it, so two would be mixed up."""
    key = _name_key(value)
    field = question.unique_field
    if key is None or field is None or not isinstance(items, list):
        return None
    if any(item is not own and isinstance(item, Mapping) and _name_key(item.get(field.id)) == key for item in items):
        return _taken(question, value)
    return None


def _taken(question: Question, value: Any) -> str:
    return f"er is al een {question.item_name} met '{' '.join(str(value).split())}'; geef elk een eigen naam of code"


def _same_names(question: Question, field: Question, items: list[Any], path: Path, subject: str) -> Report:
    """A warning at every item whose ``uniek`` field an earlier item of the same list already has.
    A warning, not an error: a plan may hold two from before (an older copy action wrote
    'X (kopie)' each time), and an error would lock the phase in the wizard, where the name
    can be changed; answers that name it point to the first."""
    report = Report()
    names = [item.get(field.id) if isinstance(item, Mapping) and _name_key(item.get(field.id)) else None
             for item in items]
    for position, _first in repeated_names(names):
        line, col = node_position(items[position], key=field.id)
        report.warnings.append(AnswerFileError(
            f"{_taken(question, names[position])}. Antwoorden die deze naam noemen, wijzen nu de eerste aan",
            path=path, line=line, column=col, question_id=f"{question.id}[{position + 1}]", subject=subject))
    return report


def item_contradictions(question: Question, item: Any) -> list[tuple[Question, str]]:
    """(field, message) for every field of one group item that contradicts another field of
    the same item (``niet_als`` in the questionnaire), such as a structural line with an end year."""

    if not isinstance(item, Mapping):
        return []
    scope = {k: v for k, v in item.items() if is_answered(v)}
    found = []
    for sub in question.fields:
        if sub.id not in scope:
            continue
        for condition, message in sub.rules.forbidden_when:
            if condition.evaluate(scope):
                try:
                    text = message_template(message).render(**scope)
                except Exception:  # a message that cannot be filled in still says what is wrong
                    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "…", message)
                found.append((sub, " ".join(text.split())))
    return found


def _item_contradictions(question: Question, item: Any, path: Path, title: str, index: int) -> Report:
    report = Report()
    for sub, message in item_contradictions(question, item):
        line, col = node_position(item, key=sub.id)
        report.errors.append(AnswerFileError(
            message, path=path, line=line, column=col, question_id=f"{question.id}[{index}].{sub.id}",
            subject=f"{title}, veld '{sub.text}' ({sub.id})"))
    return report


def _conflict_error(message: str, **where: Any) -> AnswerFileError:
    """A merge conflict is an error for check, render and status, and a file with one is never
    read as answers (the phase is blocked until someone chooses, in the wizard or with ``kies``);
    ``is_merge_conflict`` lets the callers say so."""
    error = AnswerFileError(message, **where)
    error.is_merge_conflict = True  # type: ignore[attr-defined]
    return error


def _item_title(question: Question, item: Any, index: int) -> str:
    """"stakeholder 'De Bolster'" or "stakeholder 3" when the item has no name yet."""
    value = item.get(question.summary_field) if isinstance(item, dict) and question.summary_field else None
    if is_conflict(value):  # renamed on both sides: the name on this branch
        value = value["conflict"]["ons"] if is_answered(value["conflict"]["ons"]) else value["conflict"]["hun"]
    if is_answered(value) and isinstance(value, (str, int, float)) and len(str(value)) <= 60:
        return f"{question.item_name} '{' '.join(str(value).split())}'"
    return f"{question.item_name} {index}"


def _value_position(data: Any, key: Any, index: int | None, line: int | None,
                    col: int | None) -> tuple[int | None, int | None]:
    """Where the value of ``key`` (or its list item ``index``) starts in the file."""
    value = data[key]
    if index is not None:
        item_line, item_col = node_position(value, index=index)
        if item_line is not None:
            return item_line, item_col
    lc = getattr(data, "lc", None)
    try:
        vline, vcol = lc.value(key)
        return vline + 1, vcol + 1
    except Exception:
        return line, col


def missing_required(questionnaire: Questionnaire, data: Mapping[str, Any], scope: Mapping[str, Any]) -> list[Question]:
    """Required, active questions without an answer."""
    return [
        q for q in questionnaire.questions
        if q.required and q.is_active(scope) and not is_answered(data.get(q.id))
    ]


# --- dates in order ----------------------------------------------------------------


def date_order_problem(question: Question, value: Any, answers: Mapping[str, Any],
                       siblings: tuple[Question, ...], others: Mapping[str, Question]) -> str | None:
    """The Dutch problem when the date ``value`` of ``question`` lies before a date it may
    not precede, or after one that may not precede it (``niet_voor`` in the questionnaire).

    ``answers`` holds the answers next to ``question`` (its item for a field of a group,
    else the phase's answers), ``siblings`` the questions those answers belong to, and
    ``others`` the phase's own questions by id, for a field whose ``niet_voor`` names a
    question of the phase (the item's answers then come from :func:`order_scope`)."""
    date = parse_date(value)
    if date is None:
        return None
    by_id = {q.id: q for q in siblings}

    def other_value(other_id: str) -> tuple[Question | None, Any]:
        if other_id in by_id:
            return by_id[other_id], answers.get(other_id)
        phase_answers = answers.get(_PHASE_ANSWERS) if isinstance(answers, Mapping) else None
        if other_id in others and isinstance(phase_answers, Mapping):
            return others[other_id], phase_answers.get(other_id)
        return None, None

    if question.not_before:
        other, before = other_value(question.not_before)
        before_date = parse_date(before)
        if other is not None and before_date is not None and date < before_date:
            return _order_message(question, date, other, before_date)
    for later in siblings:  # a date that may not lie before this one, in the same item or phase
        if later.not_before == question.id and later is not question:
            after_date = parse_date(answers.get(later.id))
            if after_date is not None and after_date < date:
                return _order_message(later, after_date, question, date, typed_is_later=False)
    return None


_PHASE_ANSWERS = ".."  # in the answers of an item handed to date_order_problem: the phase's answers


def order_scope(item: Mapping[str, Any], phase_answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of one group item, with the phase's answers where a field's
    ``niet_voor`` can find a question of the phase."""
    return {**item, _PHASE_ANSWERS: phase_answers}


def _order_message(later: Question, late: Any, earlier: Question, early: Any, typed_is_later: bool = True) -> str:
    """'De einddatum … (1-7-2027) ligt vóór de startdatum … (1-9-2027)', and what to do about it:
    for the date being given, the dates it may take."""
    subject = later.subject
    text = (f"{subject[:1].upper()}{subject[1:]} ({format_short_date(late)}) ligt vóór {earlier.subject} "
            f"({format_short_date(early)}). ")
    if typed_is_later:
        return text + f"Kies een datum op of na {format_short_date(early)}, of pas {earlier.subject} aan."
    return text + f"Kies een datum op of vóór {format_short_date(late)}, of pas {later.subject} aan."


def date_order_problems(questionnaire: Questionnaire, data: Mapping[str, Any]) -> list[tuple[str, int | None, str]]:
    """Every date of a phase that lies before the date it may not precede:
    (question id, item number or None, message), for batch mode."""
    found: list[tuple[str, int | None, str]] = []
    questions = questionnaire.questions
    others = {q.id: q for q in questions}
    for question in questions:
        if question.kind == "datum" and question.not_before:
            problem = date_order_problem(question, data.get(question.id), data, questions, others)
            if problem:
                found.append((question.id, None, problem))
        if question.is_group and isinstance(data.get(question.id), list):
            for number, item in enumerate(data[question.id], start=1):
                if not isinstance(item, Mapping):
                    continue
                scope = order_scope(item, data)
                for field_q in question.fields:
                    if field_q.kind == "datum" and field_q.not_before:
                        problem = date_order_problem(field_q, item.get(field_q.id), scope, question.fields, others)
                        if problem:
                            found.append((question.id, number, problem))
    return found
