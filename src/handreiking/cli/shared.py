"""What the commands share: reading a plan folder, preparing it for a write, printing a report.

Every command module (``cmd_*``) that reads a plan starts here: ``load_state`` reads the
plan, the questionnaires, the answers and their validation report in one go. Importing
this module also registers, with the reader of plan files, the way back from git's own
conflict lines (``git.markers``), so every command that reads a plan can say it.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from handreiking.cli.screen_text import for_screen
from handreiking.core.errors import PlanError, display_path
from handreiking.core.values import count
from handreiking.git import markers  # noqa: F401  (registers the way back from git's conflict lines with the reader)
from handreiking.plan.answers import NOT_ANSWERED, load_answers
from handreiking.plan.documents import carried_over_statuses, load_documents
from handreiking.plan.folder import SCHEMA_VERSION, migrate_plan, open_plan
from handreiking.questionnaire.catalog import load_catalog

if TYPE_CHECKING:
    from handreiking.plan.answers import AnswerSet
    from handreiking.plan.folder import Plan
    from handreiking.questionnaire.catalog import Catalog
    from handreiking.questionnaire.validation import Report
    from handreiking.wizard.session import Echo  # one definition of "how a command prints"


class PlanState(NamedTuple):
    """Everything a command knows about a plan folder once it has read it."""

    plan: Plan
    catalog: Catalog
    answers: AnswerSet
    report: Report


def load_state(folder: str | Path, *, round_trip: bool = False) -> PlanState:
    """Plan, catalog, answers and validation report of a plan folder (``round_trip``
    when answers will be saved, so comments and order survive).

    A plan without its ``antwoorden/`` folder is refused: rendering it would
    write empty documents over the real ones."""
    plan = open_plan(folder)
    answers_dir = plan.answers_dir
    if not answers_dir.is_dir():
        problem = "is een bestand, geen map" if answers_dir.exists() else "ontbreekt"
        raise PlanError(f"de map antwoorden {problem}; er is niets gecontroleerd of gemaakt",
                        path=answers_dir,
                        hint="zet de map terug (bijvoorbeeld met git checkout -- antwoorden) "
                             "of maak een lege map antwoorden voor een plan zonder antwoorden")
    catalog = load_catalog()
    director = plan.meta.regisseur  # an older plan.yaml's name and organisation read as moved
    answer_set, report = load_answers(catalog, answers_dir, round_trip=round_trip, schema=plan.meta.schema_versie,
                                      plan_details={"naam": director.naam, "organisatie": director.organisatie})
    if plan.meta.legacy_documents:
        _see_legacy_statuses(plan, catalog, answer_set)
    return PlanState(plan, catalog, answer_set, report)


def _see_legacy_statuses(plan: Plan, catalog: Catalog, answer_set: AnswerSet) -> None:
    """An older plan.yaml still holds ``documenten:``; the first write moves it into the
    answer files. Until then, commands that only read (check, status, render --check) see
    it in memory where it will be, so they say what the documents will say."""
    moves = carried_over_statuses(load_documents(catalog), plan.meta.legacy_documents,
                                  lambda phase, question_id: answer_set[phase].get(question_id))
    for phase, question_id, value in moves:
        if phase not in answer_set.blocked:
            answer_set[phase].data[question_id] = value


def prepare_for_writing(plan: Plan, echo: Echo) -> Plan:
    """Migrate an older plan (with a backup) before the first write; returns the current plan."""
    old = plan.meta.schema_versie
    renamed: list[str] = []
    moved: list[str] = []
    backup = migrate_plan(plan, renamed, moved)
    if backup is None:
        return plan
    echo(f"Dit plan is bijgewerkt van schemaversie {old} naar {SCHEMA_VERSION}. "
         f"Een kopie van de oude bestanden staat in {display_path(backup)}.", err=True)
    if renamed:
        echo("Antwoorden met een oude naam hebben de nieuwe naam gekregen:", err=True)
        for change in renamed:
            echo(f"  - {change}", err=True)
    if moved:
        echo("Wat op twee plaatsen stond, staat nu op één plek:", err=True)
        for change in moved:
            echo(f"  - {change}", err=True)
    if plan.meta.legacy_documents:
        echo("De status van de documenten ('documenten:' in plan.yaml) staat nu bij de vragen van hun fase in "
             "antwoorden/ (de vragen over de vaststelling).", err=True)
    return open_plan(plan.root)


def print_report(report: Report, echo: Echo) -> None:
    """Warnings and errors, each with file, line and question (the open points are
    information: ``check`` lists them with ``print_open_items``)."""
    for warning in report.warnings:
        echo(for_screen(f"Let op: {warning.format_message()}", err=True), err=True)
    for error in report.errors:
        echo(for_screen(f"Fout: {error.format_message()}", err=True), err=True)


def print_open_items(items: list[Any], catalog: Any, echo: Echo) -> None:
    """What the guide still asks, per phase: required answers still open and lists
    that are too short. Information, not errors: nothing is blocked by them."""
    # "verplicht": status counts every open question, the optional ones too; this list is shorter
    echo(f"Nog open: {count(len(items), 'verplicht punt', 'verplichte punten')} "
         "(status telt ook de andere open vragen).")
    for questionnaire in catalog:
        path_name = questionnaire.answer_filename
        mine = [i for i in items if i.path is not None and i.path.name == path_name]
        if not mine:
            continue
        echo(f"  {questionnaire.label} ({display_path(mine[0].path)})")
        for item in mine:
            extra = "" if item.message == NOT_ANSWERED else f": {item.message}"
            where = f", regel {item.line}" if item.line else ""
            echo(for_screen(f"    - {item.subject or item.question_id}{extra}{where}"))
    echo("")


def errors_summary(found: int) -> str:
    """'1 fout gevonden. Herstel die …' / '3 fouten gevonden. Herstel ze …'."""
    return f"{count(found, 'fout', 'fouten')} gevonden. Herstel {'die' if found == 1 else 'ze'} en probeer opnieuw."


def is_interactive() -> bool:
    """True when a person types the input and reads the output (both a terminal)."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
