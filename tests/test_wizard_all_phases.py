"""Every phase walked end to end through the real prompts, on a fresh plan.

The answers are generated from the questionnaire definition, so a question
added to a questionnaire is walked too. Keys are queued ahead into one pipe;
``simulate_walk`` plans them with the wizard's own rules (conditions over the
answers given so far, groups, choices from other groups) on a private copy of
the answers. A prompt the plan did not foresee ends the test with ``EOFError``,
a misplaced key with a wrong answer in the file.
"""
from __future__ import annotations

import re

import datetime as dt
import json
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from handreiking.plan.answers import load_answers, phase_progress
from handreiking.cli.main import main
from handreiking.plan.folder import open_plan
from handreiking.questionnaire.catalog import Question, load_catalog
from handreiking.plan.documents import load_documents
from handreiking.questionnaire.validation import check_value
from handreiking.core.values import parse_date
from handreiking.wizard.session import Wizard
from wizard_driver import NO_FROM_YES, REVIEW_DONE, SUGGESTED, UNKNOWN, Walk, simulate_walk

pytestmark = pytest.mark.slow  # walks every phase of the wizard

CATALOG = load_catalog()
PHASES = list(CATALOG.phases)


def plan_walk(plan_path: Path, phase: str, answer: Callable[[Question, Callable[[Any], int]], Any]) -> Walk:
    answer_set, _ = load_answers(CATALOG, plan_path / "antwoorden")  # a private copy, never saved
    return simulate_walk(answer_set, CATALOG.get(phase), answer)


def run_walk(plan_path: Path, phase: str, walk: Walk, keys: Any) -> dict[str, Any]:
    """Type the walk, "Klaar" in the review and "Nee" to making the documents; the file read back."""
    keys.send(walk.keys, REVIEW_DONE, NO_FROM_YES)
    keys.close()
    plan = open_plan(plan_path)
    answer_set, report = load_answers(CATALOG, plan.answers_dir)
    assert not report.errors
    Wizard(plan, CATALOG, answer_set).run_phase(CATALOG.get(phase))
    path = plan.answers_dir / CATALOG.get(phase).answer_filename
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


class RealAnswers:
    """A valid answer for every question and field, by kind and validation rules.

    Among the first two choices (and ja/nee) it takes the one that switches the
    most follow-up questions on, so conditional questions get walked too.
    """

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, question: Question, active_with: Callable[[Any], int]) -> Any:
        self.count += 1
        n, rules, kind = self.count, question.rules, question.kind
        if kind == "groep":
            if isinstance(question.default, list) and question.default:
                return SUGGESTED
            return max(rules.min_items or 1, 1)
        if kind == "tekst":
            if rules.pattern:
                assert question.example, f"'{question.id}' has a pattern but no voorbeeld to type"
                # a code every item has for itself ('uniek'): the wizard refuses a second D1
                return re.sub(r"\d+$", str(n), question.example) if question.unique else question.example
            return self._fit(question, f"Antwoord {n}")
        if kind == "lange_tekst":
            return self._fit(question, f"Regel {n}.\nEn nog een.")
        if kind == "keuze":
            options: list[Any] = [c.value for c in question.choices][:2]
            if not options and question.allow_other:
                options = [{"anders": f"Eigen antwoord {n}"}]
            if not options:
                return UNKNOWN  # e.g. keuzes_uit an empty group: only "weet ik nog niet" is left
            return self._most_questions(options, active_with, n)
        if kind == "janee":
            return self._most_questions([True, False], active_with, n)
        if kind == "meerkeuze":
            values: list[Any] = [c.value for c in question.choices]
            if question.allow_other:
                values.append({"anders": f"Eigen keuze {n}"})
            wanted = max(2 if n % 2 else 1, rules.min_items or 0)
            if rules.max_items is not None:
                wanted = min(wanted, rules.max_items)
            assert len(values) >= wanted, f"'{question.id}' cannot get {wanted} choices"
            return values[:wanted] if values else UNKNOWN
        if kind == "getal":
            low, high = rules.min, rules.max
            fraction = 0 if rules.whole else 0.5  # a year, a month or a count is whole
            if low is not None and high is not None:
                value: Any = (low + high) // 2
                return value + fraction if n % 2 and value + fraction <= high else value
            return (low or 0) + 7 + (fraction / 2 if n % 2 else 0)
        if kind == "datum":
            date = dt.date(2026, 3, 1) + dt.timedelta(days=3 * n)
            low, high = parse_date(rules.min), parse_date(rules.max)
            return max(low, date) if low else min(high, date) if high else date
        raise AssertionError(f"no answer for kind {kind}")

    @staticmethod
    def _fit(question: Question, text: str) -> str:
        rules = question.rules
        if rules.min_length and len(text) < rules.min_length:
            text += "." * (rules.min_length - len(text))
        return text[: rules.max_length] if rules.max_length else text

    @staticmethod
    def _most_questions(options: list[Any], active_with: Callable[[Any], int], n: int) -> Any:
        counts = [active_with(option) for option in options]
        best = [o for o, c in zip(options, counts) if c == max(counts)]
        return best[n % len(best)]


def weet_ik_nog_niet(question: Question, active_with: Callable[[Any], int]) -> Any:
    return UNKNOWN


def markdown_documents_of(plan_path: Path, phase: str) -> dict[str, str]:
    return {spec.stem: (plan_path / "documenten" / f"{spec.stem}.md").read_text(encoding="utf-8")
            for spec in load_documents(CATALOG) if phase in spec.phases and "md" in spec.formats}


# --- real answers ----------------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
def test_walk_a_phase_with_real_answers(new_plan, keys, capsys, phase):
    questionnaire = CATALOG.get(phase)
    walk = plan_walk(new_plan, phase, RealAnswers())

    saved = run_walk(new_plan, phase, walk, keys)

    assert list(saved) == walk.asked  # questionnaire order; questions that do not apply left out
    for question_id, want in walk.expected.items():
        assert saved[question_id] == want, question_id
    answer_set, report = load_answers(CATALOG, new_plan / "antwoorden")
    assert not report.errors and not report.warnings
    assert [q.id for q in answer_set.active_questions(questionnaire)] == walk.asked
    progress = phase_progress(answer_set, questionnaire)
    assert progress.is_complete, [q.id for q in progress.open]
    for question_id, value in saved.items():  # every answer passes the questionnaire's own rules
        assert check_value(questionnaire.question(question_id), value) is None, question_id
    groups = [q for q in questionnaire.questions if q.is_group and q.id in saved]
    assert all(len(saved[g.id]) >= (g.rules.min_items or 1) for g in groups)
    assert not list((new_plan / "documenten").iterdir())  # making the documents was declined

    capsys.readouterr()
    assert main(["check", "--json", str(new_plan)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["fouten"] == [] and result["waarschuwingen"] == []


def test_real_answers_cover_suggested_rows_conditions_and_choices_from_groups():
    """What the walks above exercise, so a questionnaire change cannot quietly hollow them out."""
    kinds, suggested, conditional, from_groups = set(), 0, 0, 0
    for questionnaire in CATALOG:
        for question in questionnaire.questions:
            kinds.add(question.kind)
            suggested += question.is_group and isinstance(question.default, list)
            conditional += question.condition is not None
            from_groups += any(f.choice_source for f in (question, *question.fields))
    assert kinds == {"tekst", "lange_tekst", "keuze", "meerkeuze", "janee", "getal", "datum", "groep"}
    assert suggested and conditional and from_groups


def test_the_real_walk_answers_a_field_that_depends_on_an_earlier_field_of_its_item(new_plan):
    """uitvoering.middelen: 'tot_jaar' applies once 'soort' is tijdelijk. The uitvoering walk
    above types it, so the wizard must ask it in the middle of a new item."""
    group = CATALOG.get("uitvoering").question("middelen")
    assert group.field("tot_jaar").condition.source == "soort == 'tijdelijk'"
    walk = plan_walk(new_plan, "uitvoering", RealAnswers())
    rows = walk.expected["middelen"]
    assert rows and all(row["soort"] == "tijdelijk" and row["tot_jaar"] for row in rows), rows


# --- weet ik nog niet everywhere ---------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
def test_walk_a_phase_answering_weet_ik_nog_niet(new_plan, keys, phase):
    questionnaire = CATALOG.get(phase)
    walk = plan_walk(new_plan, phase, weet_ik_nog_niet)

    saved = run_walk(new_plan, phase, walk, keys)

    assert list(saved) == walk.asked
    assert saved == dict.fromkeys(walk.asked)  # every visited question: an empty value
    answer_set, _ = load_answers(CATALOG, new_plan / "antwoorden")
    progress = phase_progress(answer_set, questionnaire)
    assert progress.answered == 0 and progress.total == len(walk.asked)

    assert main(["render", str(new_plan)]) == 0
    documents = markdown_documents_of(new_plan, phase)
    assert documents
    for name, text in documents.items():
        assert "Nog in te vullen" in text, name
