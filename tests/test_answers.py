"""Answer files: round-trip saves keep comments, order and unknown keys."""
from __future__ import annotations

import datetime as dt

from handreiking.answers import load_answers, load_phase
from handreiking.questionnaire import load_catalog
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
