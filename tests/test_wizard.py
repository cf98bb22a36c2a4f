"""The wizard walker driven through the real prompts with piped keys.

Keys are queued up front: prompt_toolkit keeps unread keys as type-ahead for
the next prompt, so a whole session can be typed in one go. After the keys
the pipe is closed, so a prompt the script did not expect ends the test with
``EOFError`` instead of hanging.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from handreiking.plan.answers import load_answers, load_phase
from handreiking.core.errors import LockError
from handreiking.plan.folder import LOCK_FILE, PlanLock, open_plan
from handreiking.questionnaire.catalog import load_catalog
from handreiking.wizard.session import Wizard
from keys import BACKSPACE, CTRL_C, CTRL_D, DOWN, ENTER, ESC_ENTER, UP
from wizard_driver import (  # the driver: intended answer → the keys a person would press
    ADD_FIRST, ADD_MORE, COPY, DONE, EDIT, MOVE, NO_FROM_YES, REMOVE, REVIEW_DONE, UNKNOWN, YES_FROM_NO, _move,
    answer_keys, field_keys, item_keys, phase_keys,
)

CATALOG = load_catalog()
VERTREKPUNT = CATALOG.get("vertrekpunt")


def load_file(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def new_wizard(plan_path: Path) -> tuple[Wizard, Any]:
    plan = open_plan(plan_path)
    answer_set, report = load_answers(CATALOG, plan.answers_dir, round_trip=False)  # as the command reads them
    assert not report.errors
    return Wizard(plan, CATALOG, answer_set), answer_set


def answer_file(plan_path: Path) -> Path:
    return plan_path / "antwoorden" / VERTREKPUNT.answer_filename


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
    # change: pick the second item, then straight to its field "rol"
    keys += EDIT + DOWN + ENTER + field_keys(STAKEHOLDERS, ITEM_B, "rol", "Denkt mee bij elke stap")
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
    "stakeholderanalyse_status": "vastgesteld",  # from the suggested "concept"; then date and body are asked
    "stakeholderanalyse_vastgesteld_op": dt.date(2026, 3, 2),
    "stakeholderanalyse_vastgesteld_door": "Het kernteam",
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


def test_document_status_is_asked_in_its_phase_and_goes_on_the_cover(new_plan, keys):
    """The vaststelling questions at the end of the visie phase: date and body only once
    "vastgesteld" is chosen; the Visiedocument's cover says what was answered, and back to
    "concept" it carries the plan's version date again."""
    from handreiking.cli.main import main

    visie = CATALOG.get("visie")
    status, day, body = (visie.question(f"visiedocument_{q}") for q in ("status", "vastgesteld_op", "vastgesteld_door"))
    keys.send(answer_keys(status, "vastgesteld"), answer_keys(day, dt.date(2026, 6, 25)),
              answer_keys(body, "de gemeenteraad"), REVIEW_DONE, NO_FROM_YES)
    keys.close()
    wizard, _ = new_wizard(new_plan)
    wizard.run_phase(visie, start_at="visiedocument_status")
    path = new_plan / "antwoorden" / visie.answer_filename
    assert load_file(path) == {"visiedocument_status": "vastgesteld", "visiedocument_vastgesteld_op": dt.date(2026, 6, 25),
                               "visiedocument_vastgesteld_door": "de gemeenteraad"}
    assert main(["render", str(new_plan), "--formaat", "md"]) == 0
    cover = (new_plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert "Vastgesteld door de gemeenteraad op 25 juni 2026" in cover


def test_two_answers_that_no_longer_apply_are_offered_for_removal_once(new_plan, keys):
    """Back to "concept" switches off both the date and the body: one question for both (a
    second confirm, or a date or body prompt, would read the review keys and then find the
    pipe closed), and the cover shows the version date again."""
    visie = CATALOG.get("visie")
    path = new_plan / "antwoorden" / visie.answer_filename
    path.write_text("visiedocument_status: vastgesteld\nvisiedocument_vastgesteld_op: 2026-06-25\n"
                    "visiedocument_vastgesteld_door: de gemeenteraad\n", encoding="utf-8")
    keys.send(answer_keys(visie.question("visiedocument_status"), "concept", current="vastgesteld"),
              YES_FROM_NO, REVIEW_DONE, NO_FROM_YES)
    keys.close()
    wizard, _ = new_wizard(new_plan)
    wizard.run_phase(visie, start_at="visiedocument_status")
    assert load_file(path) == {"visiedocument_status": "concept"}
    from handreiking.cli.main import main

    assert main(["render", str(new_plan), "--formaat", "md"]) == 0
    cover = (new_plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert "Concept, versie 12 januari 2026" in cover and "25 juni 2026" not in cover


# --- stop and resume ----------------------------------------------------------------------

FIRST_THREE = "Sam de Tester" + ENTER + "Gemeente Testdorp" + ENTER + DOWN + ENTER
SAM = "Sam"


def test_ctrl_c_keeps_every_answer_and_resume_starts_at_question_four(new_plan, keys):
    keys.send(FIRST_THREE, CTRL_C)
    wizard, _ = new_wizard(new_plan)

    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(VERTREKPUNT)

    assert load_file(answer_file(new_plan)) == {
        "regisseur_naam": "Sam de Tester",
        "regisseur_organisatie": "Gemeente Testdorp",
        "regisseur_rol": "extern_ingehuurd",
    }
    second, _ = new_wizard(new_plan)  # a new session reads the file again
    assert second._first_unseen(VERTREKPUNT) == "regisseur_onafhankelijk"

    # the first prompt of the second run is question 4 (janee): "Nee" lands there
    keys.send(DOWN, ENTER, CTRL_C)
    keys.close()
    with pytest.raises(KeyboardInterrupt):
        second.run_phase(VERTREKPUNT)
    saved = load_file(answer_file(new_plan))
    assert list(saved) == ["regisseur_naam", "regisseur_organisatie", "regisseur_rol", "regisseur_onafhankelijk"]
    assert saved["regisseur_onafhankelijk"] is False
    assert saved["regisseur_naam"] == "Sam de Tester"


def test_resume_shows_question_four_first(new_plan, screen_keys):
    screen_keys.send(FIRST_THREE, CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        new_wizard(new_plan)[0].run_phase(VERTREKPUNT)
    before = len(screen_keys.screen)

    screen_keys.send(CTRL_C)
    screen_keys.close()
    with pytest.raises(KeyboardInterrupt):
        new_wizard(new_plan)[0].run_phase(VERTREKPUNT)

    second_run = screen_keys.screen[before:]
    assert "vraag 4 van" in second_run
    assert "vraag 1 van" not in second_run
    assert VERTREKPUNT.question("regisseur_onafhankelijk").text in second_run


def test_unknown_answers_count_as_seen_for_resume(new_plan, keys):
    keys.send(BACKSPACE * len("Sam de Tester"), ENTER, ENTER, CTRL_C)  # two times "nog geen antwoord"
    keys.close()
    wizard, answer_set = new_wizard(new_plan)
    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(VERTREKPUNT)

    assert load_file(answer_file(new_plan)) == {"regisseur_naam": None, "regisseur_organisatie": None}
    assert new_wizard(new_plan)[0]._first_unseen(VERTREKPUNT) == "regisseur_rol"


def test_run_interactive_turns_ctrl_c_into_a_dutch_stop_with_resume_hint(new_plan, keys):
    from handreiking.core.errors import WizardInterrupted
    from handreiking.wizard.session import run_interactive

    keys.send(SAM + ENTER, CTRL_C)
    keys.close()
    plan = open_plan(new_plan)
    answer_set, _ = load_answers(CATALOG, plan.answers_dir)
    messages = []

    with pytest.raises(WizardInterrupted) as caught:
        run_interactive(plan, CATALOG, answer_set, phase="1", question_id=None,
                        echo=lambda *a, **k: messages.append(a), map_arg="mijnplan")

    assert caught.value.exit_code == 130
    text = caught.value.format_message()
    assert "Gestopt" in text and "bewaard" in text
    assert "handreiking wizard mijnplan --fase vertrekpunt" in text
    assert not (new_plan / LOCK_FILE).exists()  # the lock is released
    assert load_file(answer_file(new_plan)) == {"regisseur_naam": "Sam"}


# --- start at a question, go back ------------------------------------------------------------


def test_start_at_question(new_plan, screen_keys):
    screen_keys.send("Wethouder Jeugd", ENTER, CTRL_C)
    screen_keys.close()
    wizard, _ = new_wizard(new_plan)

    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(VERTREKPUNT, start_at="opdrachtgever")

    assert load_file(answer_file(new_plan)) == {"opdrachtgever": "Wethouder Jeugd"}
    assert "vraag 9 van" in screen_keys.screen and "vraag 1 van" not in screen_keys.screen


def test_start_at_question_finds_its_phase(new_plan, keys):
    from handreiking.core.errors import WizardInterrupted
    from handreiking.wizard.session import run_interactive

    keys.send("Nu samen.", ESC_ENTER, CTRL_C)  # mandaat is lange_tekst
    keys.close()
    plan = open_plan(new_plan)
    answer_set, _ = load_answers(CATALOG, plan.answers_dir)

    with pytest.raises(WizardInterrupted):
        run_interactive(plan, CATALOG, answer_set, phase=None, question_id="mandaat", echo=print)

    assert load_file(answer_file(new_plan)) == {"mandaat": "Nu samen."}


def test_start_at_unknown_question_is_a_dutch_error(new_plan, keys):
    from handreiking.core.errors import HandreikingError

    keys.close()
    wizard, _ = new_wizard(new_plan)
    with pytest.raises(HandreikingError, match="geen vraag 'bestaat_niet'"):
        wizard.run_phase(VERTREKPUNT, start_at="bestaat_niet")


def test_back_goes_to_the_previous_question_and_keeps_its_answer_as_default(new_plan, keys):
    keys.send(
        SAM, ENTER,                         # 1 regisseur_naam
        "Gemeente", ENTER,                  # 2 regisseur_organisatie
        UP, ENTER,                          # 3 regisseur_rol: the last entry is "Vorige vraag"
        BACKSPACE * 8, "Regio", ENTER,      # 2 again, its answer is the default: change it
        DOWN, ENTER,                        # 3 regisseur_rol: the second choice
        UP, ENTER,                          # 4 janee: back again, via the last entry
        ENTER,                              # 3 again: the saved choice is the default
        DOWN, ENTER,                        # 4 nee
        CTRL_C,
    )
    keys.close()
    wizard, _ = new_wizard(new_plan)

    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(VERTREKPUNT)

    assert load_file(answer_file(new_plan)) == {
        "regisseur_naam": "Sam",
        "regisseur_organisatie": "Regio",
        "regisseur_rol": "extern_ingehuurd",
        "regisseur_onafhankelijk": False,
    }


def test_back_skips_questions_that_do_not_apply(new_plan, keys):
    # onafhankelijk = ja switches regisseur_belangen_afspraken off; back from
    # bereikbaarheid lands on onafhankelijk
    keys.send(SAM, ENTER, ENTER, ENTER, ENTER,     # naam, organisatie open, rol, ja
              "<", ESC_ENTER,                       # bereikbaarheid: back
              DOWN, ENTER,                          # onafhankelijk: nee
              "Stuurgroep beslist.", ESC_ENTER,     # now belangen_afspraken applies
              CTRL_C)
    keys.close()
    wizard, _ = new_wizard(new_plan)

    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(VERTREKPUNT)

    saved = load_file(answer_file(new_plan))
    assert saved["regisseur_onafhankelijk"] is False
    assert saved["regisseur_belangen_afspraken"] == "Stuurgroep beslist."
    assert "regisseur_bereikbaarheid" not in saved  # went back before answering it


# --- review ---------------------------------------------------------------------------------


def test_review_changes_one_answer_and_only_that_line(example_plan, keys):
    path = answer_file(example_plan)
    before = path.read_text(encoding="utf-8").splitlines()
    wizard, answer_set = new_wizard(example_plan)
    active = [q.id for q in answer_set.active_questions(VERTREKPUNT)]
    assert wizard._first_unseen(VERTREKPUNT) is None  # everything seen: straight to the review
    old = answer_set["vertrekpunt"].get("regisseur_uren")

    keys.send(DOWN * (active.index("regisseur_uren") + 1), ENTER,   # pick the answer in the list
              BACKSPACE * len(str(old)), "16", ENTER,               # change it
              ENTER,                                                # review again: Klaar
              NO_FROM_YES)                                          # no documents now
    keys.close()
    wizard.run_phase(VERTREKPUNT)

    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [("regisseur_uren: 12", "regisseur_uren: 16")]


def test_review_offers_to_render_the_documents(example_plan, keys):
    documents = example_plan / "documenten"
    for path in documents.iterdir():
        path.unlink()
    keys.send(ENTER, ENTER)  # Klaar; "Ja, maak de documenten"
    keys.close()
    wizard, _ = new_wizard(example_plan)

    wizard.run_phase(VERTREKPUNT)

    assert sorted(p.suffix for p in documents.iterdir() if p.stem == "stakeholderanalyse") == [
        ".docx", ".html", ".md"]


# --- hand-written comments survive -------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", HOME=str(repo))
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout


def _changed_lines(diff: str) -> list[str]:
    return [line for line in diff.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("question_id, old_line, typed, new_line", [
    ("regisseur_uren", r"regisseur_uren: 12", "16", r"regisseur_uren: 16"),
    # the end-of-line comment stays (ruamel keeps it in its old column)
    ("opdrachtgever",
     r"opdrachtgever: Wethouder Jeugd, Onderwijs en Zorg, namens het college van B&W  # bevestigd in januari",
     "De wethouder",
     r"opdrachtgever: De wethouder +# bevestigd in januari"),
])
def test_wizard_changes_only_the_answered_line(example_plan, keys, question_id, old_line, typed, new_line):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")  # platform limitation: the diff needs git
    path = answer_file(example_plan)
    text = path.read_text(encoding="utf-8")
    text = text.replace("opdrachtgever: Wethouder Jeugd, Onderwijs en Zorg, namens het college van B&W\n",
                        "opdrachtgever: Wethouder Jeugd, Onderwijs en Zorg, namens het college van B&W"
                        "  # bevestigd in januari\n")
    text = text.replace("mandaat: >-\n", "# Afgestemd met de wethouder op 12 januari.\nmandaat: >-\n")
    text = text.replace("regisseur_taken:\n", "eigen_notitie: nog bellen met de GGD\nregisseur_taken:\n")
    path.write_text(text, encoding="utf-8")
    _git(example_plan, "init", "-q")
    _git(example_plan, "add", "antwoorden")
    _git(example_plan, "commit", "-q", "-m", "start")
    wizard, answer_set = new_wizard(example_plan)
    current = answer_set["vertrekpunt"].get(question_id)

    keys.send(BACKSPACE * len(str(current)), typed, ENTER, CTRL_C)
    keys.close()
    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(VERTREKPUNT, start_at=question_id)

    diff = _git(example_plan, "diff", "--", "antwoorden")
    removed, added = _changed_lines(diff)
    assert removed == f"-{old_line}"
    assert re.fullmatch(rf"\+{new_line}", added), added
    after = path.read_text(encoding="utf-8")
    assert "# Afgestemd met de wethouder op 12 januari.\nmandaat: >-\n" in after
    assert "eigen_notitie: nog bellen met de GGD\n" in after
    assert _git(example_plan, "status", "--porcelain", "--", "antwoorden").strip() == \
        "M antwoorden/1-vertrekpunt.yaml"


# --- non-interactive --antwoorden ----------------------------------------------------------------


# (moved to test_batch.py: batch answers are all or nothing)


# --- the lock ------------------------------------------------------------------------------------


def test_second_lock_holder_is_told_who_holds_the_plan(new_plan, keys):
    from handreiking.wizard.session import run_interactive

    plan = open_plan(new_plan)
    keys.close()
    with PlanLock(plan):
        holder = json.loads((new_plan / LOCK_FILE).read_text(encoding="utf-8"))
        with pytest.raises(LockError) as caught:
            PlanLock(plan).acquire()
        message = caught.value.format_message()
        assert "al geopend in een andere wizard" in message
        assert holder["gebruiker"] in message and holder["host"] in message and str(os.getpid()) in message
        assert LOCK_FILE in message  # the tip names the file to remove

        answer_set, _ = load_answers(CATALOG, plan.answers_dir)
        with pytest.raises(LockError):  # before any question is asked
            run_interactive(plan, CATALOG, answer_set, phase="1", question_id=None, echo=print)
    assert not (new_plan / LOCK_FILE).exists()


def test_batch_answers_respect_the_lock(new_plan, tmp_path, capsys):
    from handreiking.cli.main import main

    source = tmp_path / "invoer.yaml"
    source.write_text("vertrekpunt:\n  regisseur_naam: Noor\n", encoding="utf-8")
    with PlanLock(open_plan(new_plan)):
        code = main(["wizard", str(new_plan), "--antwoorden", str(source)])
    _, err = capsys.readouterr()
    assert code == 1
    assert "al geopend in een andere wizard" in err
    assert load_file(answer_file(new_plan)) == {}


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_stale_lock_of_a_dead_process_is_taken_over(new_plan, keys):
    import socket

    from handreiking.core.errors import WizardInterrupted
    from handreiking.wizard.session import run_interactive

    stale = {"pid": _dead_pid(), "host": socket.gethostname(), "gebruiker": "iemand",
             "sinds": "2026-01-12T09:00:00"}
    (new_plan / LOCK_FILE).write_text(json.dumps(stale), encoding="utf-8")
    plan = open_plan(new_plan)

    lock = PlanLock(plan).acquire()
    assert lock.took_over == stale
    assert json.loads((new_plan / LOCK_FILE).read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()

    (new_plan / LOCK_FILE).write_text(json.dumps(stale), encoding="utf-8")
    keys.send(CTRL_C)
    keys.close()
    messages = []
    answer_set, _ = load_answers(CATALOG, plan.answers_dir)
    with pytest.raises(WizardInterrupted):
        run_interactive(plan, CATALOG, answer_set, phase="1", question_id=None,
                        echo=lambda text="", **k: messages.append(text))
    assert any("niet netjes afgesloten" in m for m in messages)
    assert not (new_plan / LOCK_FILE).exists()


# --- groups: the ways out ---------------------------------------------------------------------


def _run_until_stop(plan_path: Path, start_at: str | None = None) -> None:
    wizard, _ = new_wizard(plan_path)
    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(VERTREKPUNT, start_at=start_at)


def test_group_back_out_of_change_and_remove_keeps_the_item(new_plan, keys):
    keys.send(ADD_FIRST, item_keys(STAKEHOLDERS, ITEM_C),
              EDIT, DOWN, ENTER,          # the item list ends with "Terug": nothing changes
              REMOVE, ENTER, ENTER,       # pick the item, then the default "Nee"
              DONE, CTRL_C)
    keys.close()

    _run_until_stop(new_plan, start_at="stakeholders")

    assert load_file(answer_file(new_plan)) == {"stakeholders": [expected_item(ITEM_C)]}


def test_empty_group_can_stay_open(new_plan, keys):
    keys.send(DOWN, ENTER, CTRL_C)  # "Weet ik nog niet"
    keys.close()

    _run_until_stop(new_plan, start_at="stakeholders")

    assert load_file(answer_file(new_plan)) == {"stakeholders": None}
    assert new_wizard(new_plan)[0]._first_unseen(VERTREKPUNT) == "regisseur_naam"


def test_group_explanation(new_plan, screen_keys):
    screen_keys.send(DOWN * 2, ENTER)  # add, weet ik nog niet, uitleg
    screen_keys.send_when_seen("Uitleg uit de handreiking:", CTRL_C)

    _run_until_stop(new_plan, start_at="stakeholders")

    assert "ervaringsdeskundigen" in " ".join(screen_keys.screen.split())


def test_stop_before_the_first_field_leaves_no_empty_item(new_plan, keys):
    keys.send(ADD_FIRST, CTRL_C)
    keys.close()

    _run_until_stop(new_plan, start_at="stakeholders")

    assert "stakeholders" not in load_file(answer_file(new_plan))


def test_stop_inside_an_item_keeps_the_fields_answered_so_far(new_plan, keys):
    keys.send(ADD_FIRST, "Ouderplatform", ENTER, CTRL_C)
    keys.close()

    _run_until_stop(new_plan, start_at="stakeholders")

    assert load_file(answer_file(new_plan)) == {"stakeholders": [{"naam": "Ouderplatform"}]}


def test_review_summaries():
    from handreiking.wizard.session import summarize

    taken = VERTREKPUNT.question("regisseur_taken")
    assert summarize(taken, ["verbinden", {"anders": "Notuleren"}]) == \
        "Partijen verbinden en bij elkaar brengen, Notuleren"
    assert summarize(taken, ["niet_meer_in_de_lijst"]) == "niet_meer_in_de_lijst"  # no crash
    assert summarize(STAKEHOLDERS, [{"naam": "a"}, {"naam": "b"}]) == "2 × stakeholder"
    assert summarize(VERTREKPUNT.question("opdracht_gedragen"), False) == "nee"
    assert summarize(VERTREKPUNT.question("regisseur_uren"), 12.5) == "12,5"
    assert summarize(VERTREKPUNT.question("mandaat"), None) == "open"
    assert summarize(VERTREKPUNT.question("mandaat"), "woord " * 40).endswith("…")


# --- the menu and run_interactive -------------------------------------------------------------------


def _interactive(plan_path: Path, **kwargs: Any) -> tuple[int, list[str]]:
    from handreiking.wizard.session import run_interactive

    plan = open_plan(plan_path)
    answer_set, _ = load_answers(CATALOG, plan.answers_dir)
    messages: list[str] = []
    code = run_interactive(plan, CATALOG, answer_set, echo=lambda text="", **k: messages.append(text),
                           **{"phase": None, "question_id": None, "map_arg": "mijnplan", **kwargs})
    return code, messages


def test_menu_stop(new_plan, screen_keys):
    screen_keys.send(UP, ENTER)  # "Stoppen" is the last entry
    screen_keys.close()

    code, messages = _interactive(new_plan)

    assert code == 0
    assert messages == ["Tot de volgende keer. Al uw antwoorden zijn bewaard."]
    _, answer_set = new_wizard(new_plan)
    screen = screen_keys.screen
    assert f"1 Vertrekpunt — 0 van {len(answer_set.active_questions(VERTREKPUNT))} beantwoord" in screen
    assert "2 Visie" in screen
    assert not (new_plan / LOCK_FILE).exists()


def test_menu_opens_the_first_unfinished_phase_and_ctrl_c_names_it(new_plan, keys):
    from handreiking.core.errors import WizardInterrupted

    keys.send(ENTER, SAM, ENTER, CTRL_C)
    keys.close()

    with pytest.raises(WizardInterrupted) as caught:
        _interactive(new_plan)

    assert "handreiking wizard mijnplan --fase vertrekpunt" in caught.value.format_message()
    assert load_file(answer_file(new_plan)) == {"regisseur_naam": "Sam"}


def test_menu_after_a_finished_phase_comes_back(example_plan, keys):
    from handreiking.plan.answers import phase_progress

    _, answer_set = new_wizard(example_plan)
    phases = list(CATALOG)
    # the menu points at the first unfinished phase (or at the first phase)
    start = next((i for i, q in enumerate(phases) if not phase_progress(answer_set, q).is_complete), 0)
    assert phase_progress(answer_set, VERTREKPUNT).is_complete
    keys.send(_move(start, 0), ENTER,   # menu: Vertrekpunt, all seen: straight to the review
              ENTER,                    # review: Klaar
              NO_FROM_YES,              # no documents
              _move(start, len(phases)), ENTER)  # menu again: Stoppen (the last entry)
    keys.close()

    code, messages = _interactive(example_plan)

    assert code == 0
    assert messages[-1].startswith("Tot de volgende keer")


def test_ctrl_d_stops_like_ctrl_c(new_plan, keys):
    from handreiking.core.errors import WizardInterrupted

    keys.send(SAM, ENTER, CTRL_D)
    keys.close()

    with pytest.raises(WizardInterrupted, match="Gestopt"):
        _interactive(new_plan, phase="vertrekpunt")
    assert load_file(answer_file(new_plan)) == {"regisseur_naam": "Sam"}


def test_unknown_phase_is_a_dutch_error(new_plan, keys):
    from handreiking.core.errors import HandreikingError

    keys.close()
    with pytest.raises(HandreikingError, match="onbekende fase 'zeven'") as caught:
        _interactive(new_plan, phase="zeven")
    assert "1 vertrekpunt" in caught.value.format_message()


# --- choices from a group (keuzes_uit) and suggested rows ------------------------------------------


def _with_stakeholders(plan_path: Path, *names: str) -> None:
    _, answer_set = new_wizard(plan_path)
    phase = answer_set.editable("vertrekpunt")
    phase.set("stakeholders", [{"naam": name} for name in names])
    phase.save()


def test_choices_from_a_group_are_the_current_items(new_plan, screen_keys):
    _with_stakeholders(new_plan, "Kinderopvang De Vlinder", "Ouderplatform")
    evaluatie = CATALOG.get("evaluatie")
    question = evaluatie.question("analyse_door")
    assert question.choice_source is not None and question.choice("Ouderplatform") is None
    static = len(question.choices)
    screen_keys.send(DOWN * (static + 1), ENTER, CTRL_C)  # the second stakeholder
    screen_keys.close()
    wizard, _ = new_wizard(new_plan)

    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(evaluatie, start_at="analyse_door")

    saved = load_file(new_plan / "antwoorden" / evaluatie.answer_filename)
    assert saved == {"analyse_door": "Ouderplatform"}
    assert "Kinderopvang De Vlinder" in screen_keys.screen


def test_choices_from_an_empty_group_say_where_they_come_from(new_plan, screen_keys):
    screen_keys.close()
    wizard, _ = new_wizard(new_plan)
    field = next(f for q in CATALOG.get("evaluatie").questions for f in q.fields
                 if f.choice_source is not None and not f.choices)

    resolved = wizard._with_source_choices(field)

    assert resolved.choices == ()
    assert f"Er zijn nog geen keuzes: die komen uit de antwoorden op '{field.choice_source.group}'" in \
        screen_keys.screen


def test_group_offers_the_suggested_rows(new_plan, keys):
    onderzoek = CATALOG.get("onderzoek")
    group = onderzoek.question("informatiebehoefte")
    assert isinstance(group.default, list) and group.default
    keys.send(ENTER,    # empty group: "De N voorgestelde rijen overnemen" is the default
              ENTER,    # with items the default is "Klaar met deze vraag"
              CTRL_C)
    keys.close()
    wizard, _ = new_wizard(new_plan)

    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(onderzoek, start_at="informatiebehoefte")

    saved = load_file(new_plan / "antwoorden" / onderzoek.answer_filename)
    order = [f.id for f in group.fields]
    assert len(saved["informatiebehoefte"]) == len(group.default)
    for row, suggested in zip(saved["informatiebehoefte"], group.default):
        assert list(row) == order  # field order, like items the wizard adds; the open fields empty
        assert {k: v for k, v in row.items() if k in suggested} == suggested
        assert all(row[k] is None for k in row if k not in suggested)
    # every field is present, so a later session does not resume inside a suggested row
    assert new_wizard(new_plan)[0]._first_unseen(onderzoek) != "informatiebehoefte"


def test_answer_no_longer_in_source_group_stays_the_default(example_plan, keys):
    """A keuzes_uit answer whose stakeholder was renamed is kept when Enter is pressed."""
    from handreiking.plan.answers import load_answers
    from handreiking.plan.folder import open_plan
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.wizard.session import Wizard

    catalog = load_catalog()
    answer_set, _ = load_answers(catalog, example_plan / "antwoorden")
    evaluatie = catalog.get("evaluatie")
    phase = answer_set["evaluatie"]
    phase.set("analyse_door", "Een partij die er niet meer is")
    wizard = Wizard(open_plan(example_plan), catalog, answer_set)
    keys.send(ENTER)
    result = wizard.ask_and_save(phase, evaluatie.question("analyse_door"))
    assert result == "Een partij die er niet meer is"


@pytest.mark.parametrize("stop", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_stop_in_the_review_keeps_every_answer(example_plan, keys, stop):
    """Ctrl-C or end of input in the end-of-phase review: nothing is lost, the lock is released."""
    from handreiking.core.errors import WizardInterrupted

    path = example_plan / "antwoorden" / "2-visie.yaml"
    before = path.read_bytes()
    keys.send(stop)
    keys.close()
    with pytest.raises(WizardInterrupted, match="Gestopt"):
        _interactive(example_plan, phase="visie")  # every question seen: the wizard opens the review
    assert path.read_bytes() == before
    assert not (example_plan / LOCK_FILE).exists()


# --- groups: change one field, copy, move, the table ----------------------------------------------


def test_change_one_field_copy_and_move_items(new_plan, keys):
    keys.send(ADD_FIRST, item_keys(STAKEHOLDERS, ITEM_A),
              ADD_MORE, item_keys(STAKEHOLDERS, ITEM_C),
              # copy the first item: the copy comes right under it, its field menu opens
              COPY, ENTER, field_keys(STAKEHOLDERS, {"naam": ITEM_A["naam"] + " (kopie)"}, "naam", "De Vlinder Oost"),
              # move the last item ("Wordt verwijderd") to the first place
              MOVE, DOWN * 2, ENTER, ENTER,
              DONE, CTRL_C)
    keys.close()

    _run_until_stop(new_plan, start_at="stakeholders")

    saved = load_file(answer_file(new_plan))["stakeholders"]
    assert [item["naam"] for item in saved] == ["Wordt verwijderd", ITEM_A["naam"], "De Vlinder Oost"]
    assert {k: v for k, v in saved[2].items() if k != "naam"} == \
        {k: v for k, v in expected_item(ITEM_A).items() if k != "naam"}


def test_group_table_fits_the_width():
    from handreiking.wizard.groups import group_table

    items = [expected_item(ITEM_A), expected_item(ITEM_B), {"naam": "x" * 100}]
    for width in (40, 80, 140):
        lines = group_table(STAKEHOLDERS, items, width)
        assert len(lines) == 4
        assert all(len(line) <= width for line in lines), (width, lines)
        assert lines[0].split()[0].startswith("Naam")
        assert "Kinderopvang De Vlinder"[: 10] in lines[1] and "Ouderplatform" in lines[2]
    assert "Ouders uit de wijk" in "".join(group_table(STAKEHOLDERS, items, 140))  # an "anders" answer
    # a field's ``kolom`` titles its column ("Code", not the id "doel_id")
    goals = CATALOG.get("uitvoering").question("doelen")
    assert group_table(goals, [{"doel_id": "D1", "doel": "Meer kinderen"}], 80)[0].split()[0] == "Code"


def test_resume_continues_a_half_filled_item_at_its_first_open_field(new_plan, keys):
    keys.send(ADD_FIRST, "Ouderplatform", ENTER, CTRL_C)
    _run_until_stop(new_plan, start_at="stakeholders")
    path = answer_file(new_plan)
    before = [q.id for q in VERTREKPUNT.questions[: [q.id for q in VERTREKPUNT.questions].index("stakeholders")]
              if q.condition is None]
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"{qid}:\n" for qid in before), encoding="utf-8")

    wizard, _ = new_wizard(new_plan)
    assert wizard._first_unseen(VERTREKPUNT) == "stakeholders"
    keys.send("De Bolster B.V.", ENTER, CTRL_C)  # the second field ("organisatie") comes first
    keys.close()
    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(VERTREKPUNT)

    assert load_file(path)["stakeholders"] == [{"naam": "Ouderplatform", "organisatie": "De Bolster B.V."}]


def test_resume_in_an_item_without_a_name_says_so_once(new_plan, screen_keys):
    path = answer_file(new_plan)
    before = [q.id for q in VERTREKPUNT.questions[: [q.id for q in VERTREKPUNT.questions].index("stakeholders")]
              if q.condition is None]
    path.write_text("".join(f"{qid}:\n" for qid in before) + "stakeholders:\n  - organisatie: De Bolster\n",
                    encoding="utf-8")
    wizard, _ = new_wizard(new_plan)
    screen_keys.send(CTRL_C)
    screen_keys.close()
    with pytest.raises(KeyboardInterrupt):
        wizard.run_phase(VERTREKPUNT)
    assert "Verder met stakeholder 1 (nog zonder naam) bij het eerste veld" in " ".join(screen_keys.screen.split())


# --- details: plan defaults, --vraag, plural, the accept hint ----------------------------------------


def test_the_regisseur_given_to_init_is_answered_and_the_wizard_starts_after_it(tmp_path):
    """One fact, one home: ``init --regisseur/--organisatie`` answers Vertrekpunt's questions
    (nothing is offered from plan.yaml any more; plan.yaml holds only the e-mail)."""
    from handreiking.cli.main import main

    assert main(["init", str(tmp_path / "p"), "--titel", "T", "--regisseur", "Fatima Zuiderveen",
                 "--organisatie", "Gemeente Lindewaard", "--email", "f@lindewaard.example"]) == 0
    assert load_file(answer_file(tmp_path / "p")) == {"regisseur_naam": "Fatima Zuiderveen",
                                                      "regisseur_organisatie": "Gemeente Lindewaard"}
    assert load_file(tmp_path / "p" / "plan.yaml")["regisseur"] == {"email": "f@lindewaard.example"}
    wizard, _ = new_wizard(tmp_path / "p")
    assert wizard._first_unseen(VERTREKPUNT) == "regisseur_rol"
    assert wizard.as_asked(VERTREKPUNT.question("regisseur_organisatie")).default is None
    assert not [q.id for questionnaire in CATALOG for q in questionnaire.questions
                if str(q.default).startswith("{plan.")]


def test_unknown_question_is_reported_before_any_intro_or_lock(new_plan, screen_keys):
    from handreiking.core.errors import HandreikingError

    screen_keys.close()
    with pytest.raises(HandreikingError, match="geen vraag 'bestaat_niet'"):
        _interactive(new_plan, phase="visie", question_id="bestaat_niet")
    assert screen_keys.screen == ""
    assert not (new_plan / LOCK_FILE).exists()


def test_plural():
    from handreiking.wizard.review import plural

    assert plural(1, "vraag", "vragen") == "1 vraag"
    assert plural(0, "vraag", "vragen") == "0 vragen"
    assert plural(2, "vraag", "vragen") == "2 vragen"


def test_open_advice_names_the_folder_and_the_rule_to_accept(new_plan, screen_keys):
    from handreiking.insight.advice import advice_for_phase, plan_advice
    from handreiking.wizard.review import show_advice

    screen_keys.close()
    _with_stakeholders(new_plan, "Kinderopvang De Vlinder")  # no parents: an open advice
    plan = open_plan(new_plan)
    answer_set, _ = load_answers(CATALOG, plan.answers_dir)
    wizard = Wizard(plan, CATALOG, answer_set, map_arg="mijn plan")
    advice = plan_advice(plan, CATALOG, answer_set)
    phase = next(q for q in CATALOG if any(a.is_open for a in advice_for_phase(advice, q.phase)))
    rule = next(a.rule.id for a in advice_for_phase(advice, phase.phase) if a.is_open)

    show_advice(wizard, phase)

    assert f"handreiking accept 'mijn plan' {rule} --reden" in screen_keys.screen
    assert "MAP REGEL" not in screen_keys.screen


def test_a_phase_whose_file_broke_after_the_wizard_started_is_left_alone(new_plan, screen_keys):
    """The wizard reads a phase round-trip only when it enters it. A file that read at the start
    but was broken by hand since is not written over: the wizard says so and the phase waits."""
    screen_keys.close()
    wizard, answer_set = new_wizard(new_plan)
    visie = CATALOG.get("visie")
    path = new_plan / "antwoorden" / visie.answer_filename
    path.write_text("toekomstbeeld: [\n", encoding="utf-8")

    wizard.run_phase(visie)

    assert "kan pas verder als het bestand weer klopt" in screen_keys.screen
    assert "visie" in answer_set.blocked
    assert path.read_text(encoding="utf-8") == "toekomstbeeld: [\n"


def test_a_phase_repaired_while_the_wizard_runs_can_be_filled_in_without_a_restart(new_plan, screen_keys,
                                                                                  monkeypatch):
    """Picked from the menu, a phase the wizard left alone is read again: once the file is
    repaired, the wizard enters it."""
    from handreiking.core.errors import WizardInterrupted
    from handreiking.wizard import prompts

    visie = CATALOG.get("visie")
    path = new_plan / "antwoorden" / visie.answer_filename
    path.write_text("toekomstbeeld: [\n", encoding="utf-8")
    shown = prompts.show

    def repair_after_the_message(text: str, *args: Any, **kwargs: Any) -> None:
        shown(text, *args, **kwargs)
        if "kan pas verder" in text:
            path.write_text("toekomstbeeld: Elk kind speelt mee\n", encoding="utf-8")  # someone repairs it

    monkeypatch.setattr(prompts, "show", repair_after_the_message)
    screen_keys.send(DOWN, ENTER, DOWN, ENTER, CTRL_C)  # Visie (left alone), then Visie again, then stop
    screen_keys.close()

    with pytest.raises(WizardInterrupted):
        _interactive(new_plan)

    screen = screen_keys.screen
    assert screen.count("kan pas verder") == 1
    assert "Fase 2 · Visie" in screen.split("kan pas verder", 1)[1]
    assert load_file(path) == {"toekomstbeeld": "Elk kind speelt mee"}


def test_stopped_while_a_save_asks_about_the_file_the_message_says_the_last_answer_is_not_saved(
        new_plan, screen_keys, monkeypatch):
    """Ctrl-C at "Welk antwoord blijft?" (the same answer changed in the file meanwhile): the
    answer just typed was not written, and the stop message must not say all is saved."""
    from handreiking.core.errors import WizardInterrupted
    from handreiking.wizard import prompts

    path = answer_file(new_plan)
    asked = prompts.ask_question

    def edited_by_hand_meanwhile(*args: Any, **kwargs: Any) -> Any:
        result = asked(*args, **kwargs)
        path.write_text("regisseur_naam: Noor Yılmaz\n", encoding="utf-8")
        return result

    monkeypatch.setattr(prompts, "ask_question", edited_by_hand_meanwhile)
    screen_keys.send("Sam de Tester", ENTER, CTRL_C)  # the answer; then stop at the question which stays
    screen_keys.close()

    with pytest.raises(WizardInterrupted) as caught:
        _interactive(new_plan, phase="vertrekpunt", question_id="regisseur_naam")

    assert "Welk antwoord blijft?" in screen_keys.screen
    message = caught.value.format_message()
    assert "níet bewaard" in message and "Al uw antwoorden tot nu toe zijn bewaard" not in message
    assert load_file(path) == {"regisseur_naam": "Noor Yılmaz"}


def test_a_phase_read_before_and_changed_by_hand_since_shows_the_file_as_it_is_now(example_plan):
    """A phase with a warning is read round-trip at the start (to say its line). Changed by hand
    before the wizard enters it, it is read again: the wizard shows what the file holds now."""
    from handreiking.plan.answers import PhaseAnswers

    visie = CATALOG.get("visie")
    path = example_plan / "antwoorden" / visie.answer_filename
    path.write_text(path.read_text(encoding="utf-8") + "eigen_notitie: blijft\n", encoding="utf-8")
    wizard, answer_set = new_wizard(example_plan)
    assert isinstance(answer_set["visie"], PhaseAnswers)
    path.write_text(path.read_text(encoding="utf-8").replace("horizonjaar: 2034", "horizonjaar: 2040"),
                    encoding="utf-8")

    assert wizard.phase_answers(visie).get("horizonjaar") == 2040


def test_a_name_another_item_has_is_asked_again_and_a_copy_gets_its_own(new_plan, screen_keys):
    """Answers elsewhere point to a party by its name (``uniek``): the wizard refuses a second
    'Kinderopvang De Vlinder' (also typed in other letters), and a copied goal gets the next
    free code (D1 → D2), not 'D1 (kopie)', which no goal code may be."""
    from keys import BACKSPACE

    from handreiking.wizard.groups import copy_item

    twin = "kinderopvang de  vlinder"
    screen_keys.send(ADD_FIRST, item_keys(STAKEHOLDERS, ITEM_A), ADD_MORE, twin, ENTER)
    screen_keys.send_when_seen("er is al een stakeholder met 'kinderopvang de vlinder'",
                               BACKSPACE * len(twin), "Tweede partij", ENTER, CTRL_C)
    _run_until_stop(new_plan, start_at="stakeholders")
    assert "er is al een stakeholder met 'kinderopvang de vlinder'" in screen_keys.screen
    saved = load_file(answer_file(new_plan))["stakeholders"]
    assert [item["naam"] for item in saved] == [ITEM_A["naam"], "Tweede partij"]

    phase = load_phase(CATALOG.get("uitvoering"), new_plan / "antwoorden")
    goals = CATALOG.get("uitvoering").question("doelen")
    phase.set("doelen", [{"doel_id": "D1", "doel": "Meer kinderen"}, {"doel_id": "D3", "doel": "Sneller"}])
    phase.save()
    assert copy_item(phase, goals, 0)["doel_id"] == "D4"
    parties = load_phase(VERTREKPUNT, new_plan / "antwoorden")
    assert copy_item(parties, STAKEHOLDERS, 0)["naam"] == ITEM_A["naam"] + " (kopie)"
    assert copy_item(parties, STAKEHOLDERS, 0)["naam"] == ITEM_A["naam"] + " (kopie 2)"
