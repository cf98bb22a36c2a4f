"""Answer files: round-trip saves keep comments, order and unknown keys."""
from __future__ import annotations

import datetime as dt

from handreiking.plan.answers import load_answers, load_phase
from handreiking.questionnaire.catalog import load_catalog
from helpers import EXAMPLE, copy_example

CATALOG = load_catalog()


def test_saving_one_answer_changes_only_that_line(tmp_path):
    plan = copy_example(tmp_path / "plan")
    path = plan / "antwoorden" / "2-visie.yaml"
    original = path.read_text(encoding="utf-8")
    hand_edited = original.replace(
        "perspectief: inclusief", "# Besloten in de visiesessie\nperspectief: inclusief  # unaniem"
    ) + "eigen_notitie: niet van de vragenlijst\n"
    path.write_text(hand_edited, encoding="utf-8")

    phase = load_phase(CATALOG.get("visie"), plan / "antwoorden")
    phase.set("horizonjaar", 2035)
    phase.save()

    before = hand_edited.splitlines()
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [("horizonjaar: 2034", "horizonjaar: 2035")]


def test_new_answers_are_placed_in_questionnaire_order(tmp_path):
    visie = CATALOG.get("visie")
    phase = load_phase(visie, tmp_path)
    phase.set("toekomstbeeld", "Ieder kind doet mee.")
    phase.set("perspectief", "inclusief")
    phase.set("eerste_evaluatie", dt.date(2027, 6, 1))
    phase.save()
    text = (tmp_path / "2-visie.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Fase 2 · Visie")
    assert "# yaml-language-server: $schema=../schema/2-visie.schema.json" in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith("#")]
    assert keys == ["perspectief", "toekomstbeeld", "eerste_evaluatie"]
    assert "eerste_evaluatie: 2027-06-01" in text


def test_multiline_text_is_a_literal_block(tmp_path):
    phase = load_phase(CATALOG.get("visie"), tmp_path)
    phase.set("toekomstbeeld", "Eerste alinea.\n\nTweede alinea.")
    phase.save()
    text = (tmp_path / "2-visie.yaml").read_text(encoding="utf-8")
    assert "toekomstbeeld: |" in text
    assert load_phase(CATALOG.get("visie"), tmp_path).get("toekomstbeeld") == "Eerste alinea.\n\nTweede alinea.\n"


def test_comment_only_file_keeps_its_comments(tmp_path):
    path = tmp_path / "2-visie.yaml"
    path.write_text("# Mijn eigen kop\n# nog niets ingevuld\n", encoding="utf-8")
    phase = load_phase(CATALOG.get("visie"), tmp_path)
    phase.set("perspectief", "passend")
    phase.save()
    assert path.read_text(encoding="utf-8") == "# Mijn eigen kop\n# nog niets ingevuld\nperspectief: passend\n"


def test_group_items_are_one_block_each(tmp_path):
    phase = load_phase(CATALOG.get("visie"), tmp_path)
    phase.set("ondertekenaars", [{"naam": "A", "functie": "wethouder"}, {"naam": "B"}])
    phase.save()
    text = (tmp_path / "2-visie.yaml").read_text(encoding="utf-8")
    assert "ondertekenaars:\n  - naam: A\n    functie: wethouder\n  - naam: B\n" in text


def test_example_answers_are_valid():
    answer_set, report = load_answers(CATALOG, EXAMPLE / "antwoorden")
    assert report.errors == [] and report.warnings == []
    assert answer_set["visie"].get("perspectief") == "inclusief"


# --- hand edits while the wizard runs ---------------------------------------------------------


def _visie_plan(tmp_path):
    plan = copy_example(tmp_path / "plan")
    return plan, plan / "antwoorden" / "2-visie.yaml"


def test_hand_edits_since_reading_are_kept_when_one_answer_is_saved(tmp_path):
    plan, path = _visie_plan(tmp_path)
    phase = load_phase(CATALOG.get("visie"), plan / "antwoorden")
    text = path.read_text(encoding="utf-8")
    hand = text.replace("horizonjaar: 2034", "# met de hand\nhorizonjaar: 2036") + "eigen_notitie: bewaren\n"
    path.write_text(hand, encoding="utf-8")

    phase.set("perspectief", "passend")
    phase.save()

    saved = path.read_text(encoding="utf-8")
    assert "# met de hand\nhorizonjaar: 2036" in saved and "eigen_notitie: bewaren" in saved
    assert "perspectief: passend" in saved
    assert saved == hand.replace("perspectief: inclusief", "perspectief: passend")


def test_same_answer_edited_in_both_places_asks_which_stays(tmp_path):
    plan, path = _visie_plan(tmp_path)
    asked = []
    for keep_wizard, expected in ((True, "horizonjaar: 2040"), (False, "horizonjaar: 2036")):
        phase = load_phase(CATALOG.get("visie"), plan / "antwoorden")
        phase.on_conflict = lambda key, mine, theirs, keep=keep_wizard: asked.append((key, mine, theirs)) or keep
        path.write_text(path.read_text(encoding="utf-8").replace("horizonjaar: 2034", "horizonjaar: 2036")
                        .replace("horizonjaar: 2040", "horizonjaar: 2036"), encoding="utf-8")
        phase.set("horizonjaar", 2040)
        phase.save()
        assert expected in path.read_text(encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8").replace(expected, "horizonjaar: 2034"), encoding="utf-8")
    assert asked == [("horizonjaar", 2040, 2036)] * 2


def test_a_file_only_touched_is_not_read_again(tmp_path):
    import os

    plan, path = _visie_plan(tmp_path)
    phase = load_phase(CATALOG.get("visie"), plan / "antwoorden")
    os.utime(path, ns=(1, 1))  # another time stamp, the same bytes
    phase.on_conflict = lambda *args: (_ for _ in ()).throw(AssertionError("no conflict expected"))
    data_before = phase.data
    phase.set("horizonjaar", 2035)
    phase.save()
    assert phase.data is data_before  # nothing merged: the content had not changed
    assert "horizonjaar: 2035" in path.read_text(encoding="utf-8")


def test_wizard_keeps_a_hand_edit_made_during_the_session(example_plan, keys):
    """Through the wizard with piped keys: a hand edit of another answer survives, and for the
    same answer edited by hand the wizard asks (Enter keeps the wizard's, Down Enter the file's)."""
    from handreiking.plan.folder import open_plan
    from handreiking.wizard.session import Wizard

    answer_set, _ = load_answers(CATALOG, example_plan / "antwoorden")
    wizard = Wizard(open_plan(example_plan), CATALOG, answer_set)
    wizard.current_phase = CATALOG.get("vertrekpunt")
    phase = wizard.phase_answers(wizard.current_phase)  # as run_phase gets it: with the questions for hand edits
    path = phase.path
    path.write_text(path.read_text(encoding="utf-8").replace("regisseur_uren: ", "regisseur_uren: 3") +
                    "notitie_van_de_hand: blijft\n", encoding="utf-8")
    hand_hours = yaml_load(path)["regisseur_uren"]

    keys.send("\x15", "Noor Yilmaz", "\r")  # Ctrl-U clears the current answer, then type and Enter
    wizard.ask_and_save(phase, CATALOG.get("vertrekpunt").question("regisseur_naam"))
    saved = yaml_load(path)
    assert saved["regisseur_naam"] == "Noor Yilmaz"
    assert saved["regisseur_uren"] == hand_hours and saved["notitie_van_de_hand"] == "blijft"

    path.write_text(path.read_text(encoding="utf-8").replace("regisseur_naam: Noor Yilmaz",
                                                             "regisseur_naam: Noor Yılmaz-de Vries"),
                    encoding="utf-8")
    keys.send("\x15", "N. Yilmaz", "\r", "\x1b[B", "\r")  # a new name; then: keep the file's
    wizard.ask_and_save(phase, CATALOG.get("vertrekpunt").question("regisseur_naam"))
    assert yaml_load(path)["regisseur_naam"] == "Noor Yılmaz-de Vries"


def yaml_load(path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))
