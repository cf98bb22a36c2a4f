"""Issue 19 point 4: a hand edit and the wizard both changed the stakeholder list while the wizard
ran. Different items and fields combine; only the field both changed is asked, in words."""
from __future__ import annotations

import shutil
from pathlib import Path

from handreiking.plan.answers import load_phase, to_yaml_value
from handreiking.wizard.handmerge import merge_edit
from handreiking.questionnaire.catalog import load_catalog

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "gemeente-voorbeeld"
VERTREKPUNT = load_catalog().get("vertrekpunt")
SK, COACH = "Kinderopvang Het Speelkwartier", "Pedagogisch coach Het Speelkwartier"


def item(data, name):
    return next(i for i in data["stakeholders"] if i["naam"] == name)


def _wizard_phase(tmp_path, keep_mine: bool):
    """Vertrekpunt of a copy of the example, read as the wizard reads it, with its questions
    answered by ``keep_mine`` and recorded in the list it returns."""
    shutil.copytree(EXAMPLE / "antwoorden", tmp_path / "antwoorden")
    phase = load_phase(VERTREKPUNT, tmp_path / "antwoorden")
    asked: list[tuple[str, object, object]] = []
    phase.on_conflict = lambda ref, mine, theirs: asked.append((ref, mine, theirs)) or keep_mine
    phase.merge_list = lambda key, base, mine, theirs, question: merge_edit(key, base, mine, theirs, question,
                                                                           phase.on_conflict)
    return phase, asked


def test_the_wizard_and_a_hand_edit_of_one_list_merge_per_item_and_field(tmp_path):
    path = tmp_path / "antwoorden" / VERTREKPUNT.answer_filename
    phase, asked = _wizard_phase(tmp_path, keep_mine=False)
    # the wizard: the role of one party, the influence of another, one party added
    item(phase.data, SK)["rol"] = "Levert twee pilotlocaties"
    item(phase.data, COACH)["invloed"] = "hoog"
    phase.data["stakeholders"].append(to_yaml_value({"naam": "Bibliotheek Lindewaard", "rol": "Voorlezen"}))
    # meanwhile by hand: the same role (differently), another field of the coach, a comment, an item
    text = path.read_text(encoding="utf-8")
    text = text.replace("    contactpersoon: Jeroen Bakker, directeur\n",
                        "    contactpersoon: Jeroen Bakker, directeur  # gebeld op 3 maart\n", 1)
    text = text.replace("  - naam: Kinderopvang Het Speelkwartier\n",
                        "  # met de hand bijgewerkt\n  - naam: Kinderopvang Het Speelkwartier\n", 1)
    text = text.replace("stakeholders_ontbrekend:",
                        "  - naam: Muziekschool\n    rol: Muziek op de groep\nstakeholders_ontbrekend:", 1)
    path.write_text(text, encoding="utf-8")
    by_hand = load_phase(VERTREKPUNT, tmp_path / "antwoorden")
    item(by_hand.data, SK)["rol"] = "Levert drie pilotlocaties"
    item(by_hand.data, COACH)["email"] = "coach@speelkwartier.example"
    by_hand.save()
    phase.save()
    # only the field both changed was asked, with both values, and the file's was kept
    assert [a[0] for a in asked] == [f"stakeholders[{SK}].rol"]
    assert asked[0][1] == "Levert twee pilotlocaties" and asked[0][2] == "Levert drie pilotlocaties"
    saved = load_phase(VERTREKPUNT, tmp_path / "antwoorden").data
    assert item(saved, SK)["rol"] == "Levert drie pilotlocaties"
    assert item(saved, COACH)["invloed"] == "hoog" and item(saved, COACH)["email"] == "coach@speelkwartier.example"
    names = [i["naam"] for i in saved["stakeholders"]]
    assert "Bibliotheek Lindewaard" in names and "Muziekschool" in names
    final = path.read_text(encoding="utf-8")
    assert "# gebeld op 3 maart" in final and "# met de hand bijgewerkt" in final
    assert "conflict:" not in final


def test_on_screen_only_the_field_both_changed_is_asked_in_words(tmp_path):
    """80×24, the installed command: the wizard edits one party's role while the file gets another
    role for it and a new party by hand; the wizard asks about that one role, in words."""
    import pytest

    pytest.importorskip("pexpect")
    pytest.importorskip("pyte")
    from keys import CTRL_C, DOWN, ENTER
    from test_screen import Terminal

    shutil.copytree(EXAMPLE, tmp_path / "plan", ignore=shutil.ignore_patterns("documenten"))
    path = tmp_path / "plan" / "antwoorden" / VERTREKPUNT.answer_filename
    term = Terminal(tmp_path, (80, 24), "wizard", "plan", "--fase", "vertrekpunt", "--vraag", "stakeholders")
    term.wait("Welke partijen en personen zijn betrokken")
    term.send(DOWN * 2 + ENTER)  # edit an item
    term.wait("Kinderopvang Het Speelkwartier")
    term.send(ENTER)  # the first party
    term.wait("Welk veld van")
    term.send(DOWN * 4 + ENTER)  # its role
    term.wait("Welke rol heeft deze partij in dit proces")
    by_hand = load_phase(VERTREKPUNT, path.parent)
    item(by_hand.data, SK)["rol"] = "Levert drie pilotlocaties"
    by_hand.data["stakeholders"].append(to_yaml_value({"naam": "Muziekschool", "rol": "Muziek op de groep"}))
    by_hand.save()
    term.send("\x15" + "Levert twee pilotlocaties" + ENTER)  # Ctrl-U clears the line, then the new role
    term.wait("Het antwoord op 'Welke rol heeft deze partij in dit proces?' bij stakeholder",
              "Dat uit de wizard: Levert twee pilotlocaties", "Dat uit het bestand: Levert drie pilotlocaties")
    term.send(ENTER)  # the wizard's
    term.wait("Welk veld van")
    term.send(CTRL_C)
    assert term.finish() == 130
    saved = load_phase(VERTREKPUNT, path.parent).data
    assert item(saved, SK)["rol"] == "Levert twee pilotlocaties"
    assert "Muziekschool" in [i["naam"] for i in saved["stakeholders"]]


def _wizard_changed_an_item_the_hand_removed(tmp_path, keep_mine: bool):
    """The wizard changed the coach's role while the coach was removed from the file by hand."""
    phase, asked = _wizard_phase(tmp_path, keep_mine)
    item(phase.data, COACH)["rol"] = "Coacht de teams op de pilotlocaties"
    by_hand = load_phase(VERTREKPUNT, tmp_path / "antwoorden")
    by_hand.data["stakeholders"] = [i for i in by_hand.data["stakeholders"] if i["naam"] != COACH]
    by_hand.save()
    phase.save()
    names = [i["naam"] for i in load_phase(VERTREKPUNT, tmp_path / "antwoorden").data["stakeholders"]]
    return asked, names


def test_an_item_removed_by_hand_and_changed_in_the_wizard_is_asked_about(tmp_path):
    """Removed in the file, changed in the wizard: neither side wins in silence."""
    asked, names = _wizard_changed_an_item_the_hand_removed(tmp_path / "houden", keep_mine=True)
    assert [a[0] for a in asked] == [f"stakeholders[{COACH}]"]
    assert COACH in names
    asked, names = _wizard_changed_an_item_the_hand_removed(tmp_path / "weg", keep_mine=False)
    assert len(asked) == 1 and COACH not in names and SK in names
