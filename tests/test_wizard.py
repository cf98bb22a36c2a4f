"""The wizard walker driven through real questionary prompts with piped keys.

Keys are queued up front: prompt_toolkit keeps unread keys as type-ahead for
the next prompt, so a whole session can be typed in one go. After the keys
the pipe is closed, so a prompt the script did not expect ends the test with
``EOFError`` instead of hanging.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from handreiking.answers import load_answers
from handreiking.errors import LockError
from handreiking.plan import LOCK_FILE, PlanLock, open_plan
from handreiking.prompts import Action
from handreiking.questionnaire import Question, load_catalog
from handreiking.validation import is_answered
from handreiking.wizard import Wizard
from keys import BACKSPACE, CTRL_C, DOWN, ENTER, ESC_ENTER, SPACE, UP

UNKNOWN = Action.UNKNOWN  # "weet ik nog niet" in the answer scripts below
CATALOG = load_catalog()
VERTREKPUNT = CATALOG.get("vertrekpunt")


# --- a small driver: intended answer → the keys a person would press ------------


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
    """Keys that turn ``current`` into ``value`` (``UNKNOWN`` = weet ik nog niet)."""
    kind = question.kind
    if kind in ("tekst", "getal", "datum", "lange_tekst"):
        shown = current if current is not None else question.default
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
        had = set(current or [])
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


def phase_keys(questionnaire, script: dict[str, Any]) -> tuple[str, list[str]]:
    """Keys for walking a fresh phase in order; returns the keys and the ids asked.

    ``script`` maps question id → intended answer, or → a ready key string for
    groups. Conditions are evaluated on the scripted answers, as the wizard does.
    """
    out, asked, scope = "", [], {}
    for question in questionnaire.questions:
        if not question.is_active(scope):
            continue
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


def load_file(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def new_wizard(plan_path: Path) -> tuple[Wizard, Any]:
    plan = open_plan(plan_path)
    answer_set, report = load_answers(CATALOG, plan.answers_dir)
    assert not report.errors
    return Wizard(plan, CATALOG, answer_set), answer_set


def answer_file(plan_path: Path) -> Path:
    return plan_path / "antwoorden" / VERTREKPUNT.answer_filename


# Group menu positions (see Wizard.edit_group): with items the choices are
# add, edit, remove, done, explanation, back — and "done" is the default.
ADD_FIRST = ENTER                 # empty group: "toevoegen" is the default
ADD_MORE = UP * 3 + ENTER
EDIT = UP * 2 + ENTER
REMOVE = UP + ENTER
DONE = ENTER
YES_FROM_NO = UP + ENTER          # a ja/nee confirmation whose default is "nee"
NO_FROM_YES = DOWN + ENTER        # a ja/nee confirmation whose default is "ja"

STAKEHOLDERS = VERTREKPUNT.question("stakeholders")
ITEM_A = {"naam": "Kinderopvang De Vlinder", "organisatie": "De Vlinder B.V.",
          "sector": "directie_kinderopvang", "rol": "Levert locaties", "belang": "Wil alle kinderen opvangen.",
          "invloed": "hoog", "belang_niveau": "hoog", "betrokkenheid_verkennend": "actief",
          "betrokkenheid_planvorming": "actief", "betrokkenheid_uitvoering": "passief",
          "contactpersoon": "An de Wit", "email": "an@vlinder.example"}
ITEM_B = {"naam": "Ouderplatform", "sector": {"anders": "Ouders uit de wijk"}, "rol": "Klankbord",
          "invloed": "laag", "belang_niveau": "hoog"}
ITEM_C = {"naam": "Wordt verwijderd"}


def stakeholder_keys() -> str:
    """Add three stakeholders, change the role of the second, remove the third."""
    keys = ADD_FIRST + item_keys(STAKEHOLDERS, ITEM_A)
    keys += ADD_MORE + item_keys(STAKEHOLDERS, ITEM_B)
    keys += ADD_MORE + item_keys(STAKEHOLDERS, ITEM_C)
    # change: pick the second item, keep every field except "rol"
    keys += EDIT + DOWN + ENTER
    for f in STAKEHOLDERS.fields:
        current = ITEM_B.get(f.id)
        current = None if current is UNKNOWN else current
        keys += answer_keys(f, "Denkt mee bij elke stap" if f.id == "rol" else (current or UNKNOWN), current)
    # remove: pick the third item and confirm
    keys += REMOVE + DOWN * 2 + ENTER + YES_FROM_NO
    return keys + DONE


PHASE_1 = {
    "regisseur_naam": "Sam de Tester",
    "regisseur_organisatie": UNKNOWN,
    "regisseur_rol": {"anders": "Kwartiermaker van de regio"},
    "regisseur_onafhankelijk": False,
    "regisseur_belangen_afspraken": "Besluiten neemt de stuurgroep.\nNiet de regisseur.",
    "regisseur_bereikbaarheid": UNKNOWN,
    "regisseur_uren": 12.5,
    "regisseur_taken": ["verbinden", "voortgang", {"anders": "Notuleren"}],
    "opdrachtgever": "Wethouder Jeugd",
    "mandaat": "Planning en agenda.",
    "stakeholders": None,  # filled in by stakeholder_keys()
    "stakeholders_ontbrekend": UNKNOWN,
    "knelpunten": "Lange wachtlijsten.",
    "uitdagingen_wensen": "Hulp op de groep.",
    "gemist": UNKNOWN,
    "wat_gaat_goed": "Korte lijnen met de JGZ.",
    "inventarisatie_methode": ["interviews"],
    "datum_eerste_bijeenkomst": dt.date(2026, 1, 29),
    "oorzaken": ["wachtlijsten_jeugdzorg", "schermgebruik"],
    "signalen_wachtlijsten": "Vier maanden wachten.",
    "signalen_schermgebruik": UNKNOWN,
    "oplossingsrichtingen": UNKNOWN,
    "oorzaken_toelichting": "Vooral werkdruk.",
    "gezamenlijke_opdracht": "Een plek voor ieder kind.",
    "centrale_vraag": "Hoe maken we het aanbod dekkend?",
    "doelgroep_leeftijden": ["kdv_0_4", "bso_4_12"],
    "scope": UNKNOWN,
    "streefdatum_plan": dt.date(2026, 11, 2),
    "opdracht_gedragen": True,
    "voorwaarde_gedeelde_ambitie": "deels",
    "nodig_gedeelde_ambitie": "Een visiesessie.",
    "voorwaarde_belangen": "op_orde",
    "voorwaarde_relatie": UNKNOWN,
    "voorwaarde_proces": "niet_op_orde",
    "nodig_proces": UNKNOWN,
    "voorwaarde_organisatie": "weet_niet",
    "vaste_contactpersonen": False,
    "overlegstructuur": "Kernteam elke zes weken.",
    "bestaande_overleggen": ["lea"],
    "eenduidige_aanpak": UNKNOWN,
}


def expected_item(values: dict[str, Any]) -> dict[str, Any]:
    return {f.id: (None if values.get(f.id, UNKNOWN) is UNKNOWN else values[f.id]) for f in STAKEHOLDERS.fields}


# --- a whole phase --------------------------------------------------------------------


def test_answer_all_of_phase_one(new_plan, keys):
    script = dict(PHASE_1, stakeholders=stakeholder_keys())
    walk, asked = phase_keys(VERTREKPUNT, script)
    keys.send(walk, ENTER, NO_FROM_YES)  # review: "Klaar" is the default; then no documents
    keys.close()
    wizard, _ = new_wizard(new_plan)

    wizard.run_phase(VERTREKPUNT)

    saved = load_file(answer_file(new_plan))
    assert list(saved) == asked  # questionnaire order, inactive questions left out
    assert "regisseur_belangen_afspraken" in asked and "signalen_personeel" not in asked
    for qid, value in PHASE_1.items():
        if qid == "stakeholders":
            continue
        want = None if value is UNKNOWN else value
        if isinstance(want, str) and "\n" in want:
            want += "\n"  # saved as a literal block, which ends in a newline
        assert saved[qid] == want, qid
    changed_b = dict(ITEM_B, rol="Denkt mee bij elke stap")
    assert saved["stakeholders"] == [expected_item(ITEM_A), expected_item(changed_b)]
    assert [list(item) for item in saved["stakeholders"]] == [[f.id for f in STAKEHOLDERS.fields]] * 2
    text = answer_file(new_plan).read_text(encoding="utf-8")
    assert text.startswith("# Fase 1 · Vertrekpunt")
    assert "regisseur_belangen_afspraken: |" in text  # multi-line answers as a literal block
    assert not list((new_plan / "documenten").iterdir())  # rendering was declined
