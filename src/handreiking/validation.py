"""Checks answers against the questionnaire and collects every problem.

Validators return a Dutch message or ``None`` (like copier's validators and
questionary's ``validate``), so the same function serves the wizard's prompt
and ``handreiking check``. A report holds all errors and warnings at once:
people fix a file in one go instead of one error per run.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handreiking.conflicts import describe_conflict, is_conflict
from handreiking.errors import AnswerFileError
from handreiking.questionnaire import OTHER_VALUE, Question, Questionnaire
from handreiking.yamlio import node_position

MAX_TEXT_LENGTH = 20_000


@dataclass
class Report:
    """Errors make an answer file unusable; warnings are kept and reported."""

    errors: list[AnswerFileError] = field(default_factory=list)
    warnings: list[AnswerFileError] = field(default_factory=list)

    def extend(self, other: "Report") -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    @property
    def ok(self) -> bool:
        return not self.errors


def is_answered(value: Any) -> bool:
    """``None`` (and an empty list or text) means the question is still open."""
    if value is None:
        return False
    if isinstance(value, (str, list, dict)) and not value:
        return False
    return True


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "ja/nee-waarde"
    if isinstance(value, (list, tuple)):
        return "lijst"
    if isinstance(value, dict):
        return "blok met sleutels"
    if _is_number(value):
        return "getal"
    if isinstance(value, dt.date):
        return "datum"
    return "tekst"


def check_value(question: Question, value: Any) -> str | None:
    """The Dutch problem with an answered ``value``, or None when it is fine."""
    kind = question.kind
    if kind in ("tekst", "lange_tekst"):
        if isinstance(value, (list, dict, bool)) or not isinstance(value, (str, int, float, dt.date)):
            return f"verwacht tekst, maar dit is een {_describe(value)}"
        return _check_text(question, str(value))
    if kind == "keuze":
        return _check_choice(question, value)
    if kind == "meerkeuze":
        if not isinstance(value, list):
            return f"verwacht een lijst van keuzes, maar dit is een {_describe(value)}"
        seen: list[Any] = []
        for item in value:
            problem = _check_choice(question, item)
            if problem:
                return problem
            key = item.get(OTHER_VALUE) if isinstance(item, dict) else item
            if key in seen:
                return f"'{key}' staat twee keer in de lijst"
            seen.append(key)
        return _check_count(question, len(value))
    if kind == "janee":
        if not isinstance(value, bool):
            return f"verwacht ja of nee (schrijf true of false), maar dit is '{value}'"
        return None
    if kind == "getal":
        if not _is_number(value):
            return f"verwacht een getal, maar dit is een {_describe(value)}"
        rules = question.rules
        if rules.min is not None and value < rules.min:
            return f"het getal moet minstens {rules.min} zijn"
        if rules.max is not None and value > rules.max:
            return f"het getal mag hoogstens {rules.max} zijn"
        return None
    if kind == "datum":
        date = parse_date(value)
        if date is None or isinstance(value, (bool, int, float)):
            return f"verwacht een datum als jaar-maand-dag (bijvoorbeeld 2026-03-01), maar dit is '{value}'"
        low, high = parse_date(question.rules.min), parse_date(question.rules.max)
        if low and date < low:
            return f"de datum mag niet vóór {low.isoformat()} liggen"
        if high and date > high:
            return f"de datum mag niet na {high.isoformat()} liggen"
        return None
    if kind == "groep":
        if not isinstance(value, list):
            return f"verwacht een lijst van items, maar dit is een {_describe(value)}"
        if any(not isinstance(item, dict) for item in value):
            return "elk item van de lijst moet een blok met velden zijn (regels met 'veld: waarde')"
        return _check_count(question, len(value))
    return None  # pragma: no cover - kinds are checked at load


def _check_text(question: Question, text: str) -> str | None:
    rules = question.rules
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
            return "bij deze vraag is geen eigen antwoord ('anders') mogelijk"
        if set(value) != {OTHER_VALUE} or not isinstance(value[OTHER_VALUE], str) or not value[OTHER_VALUE].strip():
            return "schrijf een eigen antwoord als {anders: \"uw tekst\"}"
        return _check_text(question, value[OTHER_VALUE])
    if not isinstance(value, str):
        return f"verwacht een van de keuzes, maar dit is een {_describe(value)}"
    if question.choice_source is not None and value.strip():
        return None  # taken from a group that changes; advice checks it still matches
    if question.choice(value) is None:
        options = ", ".join(c.value for c in question.choices)
        return f"'{value}' is geen keuze bij deze vraag; mogelijk zijn: {options}"
    return None


def _check_count(question: Question, count: int) -> str | None:
    rules = question.rules
    if rules.min_items is not None and count < rules.min_items:
        return f"er zijn er {count}; de handreiking vraagt er minstens {rules.min_items}"
    if rules.max_items is not None and count > rules.max_items:
        return f"er zijn er {count}; de handreiking vraagt er hoogstens {rules.max_items}"
    return None


def validate_phase(questionnaire: Questionnaire, data: Mapping[str, Any], path: Path) -> Report:
    """Validate one phase's answers (a round-trip mapping from the answer file)."""
    return _validate_mapping(
        data, questionnaire.question, path, str,
        "onbekende sleutel: geen vraag van deze fase. Hij blijft bewaard maar wordt niet gebruikt.")


def _validate_mapping(data: Mapping[str, Any], find: Any, path: Path, name: Any, unknown: str) -> Report:
    """Check every key of ``data`` against the question ``find(key)`` returns; groups
    recurse into their items. ``name(key)`` is how a problem names the answer."""
    report = Report()
    for key in data:
        question = find(str(key))
        line, col = node_position(data, key=key)
        if question is None:
            report.warnings.append(AnswerFileError(unknown, path=path, line=line, column=col,
                                                   question_id=name(key)))
            continue
        value = data[key]
        if not is_answered(value):
            continue
        if is_conflict(value):  # left by a git merge: both versions, until someone chooses
            line, col = _value_position(data, key, line, col)
            report.errors.append(AnswerFileError(describe_conflict(value), path=path, line=line, column=col,
                                                 question_id=name(key)))
            continue
        problem = check_value(question, value)
        if problem:
            line, col = _value_position(data, key, line, col)
            report.errors.append(AnswerFileError(problem, path=path, line=line, column=col, question_id=name(key)))
            continue
        if question.is_group:
            for index, item in enumerate(value, start=1):
                if is_conflict(item):
                    report.errors.append(AnswerFileError(describe_conflict(item), path=path, line=line,
                                                         question_id=f"{question.id}[{index}]"))
                    continue
                report.extend(_validate_mapping(
                    item, question.field, path, lambda k, i=index: f"{question.id}[{i}].{k}",
                    f"onbekend veld in {question.item_name} {index}; het blijft bewaard maar wordt niet gebruikt."))
    return report


def _value_position(data: Any, key: Any, line: int | None, col: int | None) -> tuple[int | None, int | None]:
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
