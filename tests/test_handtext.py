"""Hand comments, blank lines and own keys survive every save; a text that does not
read back is never written (issue 19, cases 1 and 3).

The stateful property test that mixes hand edits and wizard operations at random
is in test_hand_edits_property.py; these are the cases as they were seen.
"""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from handreiking.plan.answers import load_answers, load_phase
from handreiking.core.errors import WriteError
from handreiking.core.handtext import HandText, dump_bare
from handreiking.questionnaire.catalog import load_catalog
from handreiking.wizard.groups import add_item, copy_item, move_item, remove_item, set_field
from handreiking.core.yamlio import make_yaml
from handreiking.core.yamlsave import check_yaml_text, save_yaml

CATALOG = load_catalog()
VISIE = CATALOG.get("visie")
UITGANGSPUNTEN = VISIE.question("uitgangspunten")

CASE_1 = """\
uitgangspunten:
  - naam: Ieder kind welkom
    uitwerking: Elk kind hoort erbij.
  - naam: Samen met ouders
"""


def read(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_case_1_comment_above_the_first_item_then_add_field_add_item_and_move(tmp_path):
    """Issue 19, case 1: the comment is typed while the wizard has the list open; a field
    of item 2, a new item 3, item 3 to place 2. The file became 'uitgangspunten:   -'."""
    path = tmp_path / "2-visie.yaml"
    path.write_text(CASE_1, encoding="utf-8")
    phase = load_phase(VISIE, tmp_path)  # the wizard reads the file
    path.write_text(CASE_1.replace("uitgangspunten:\n", "uitgangspunten:\n  # formulering nog checken\n"),
                    encoding="utf-8")  # by hand, in the editor beside the wizard
    items = phase.get("uitgangspunten")
    set_field(phase, UITGANGSPUNTEN, items[1], "uitwerking", "Ouders denken mee.")
    item = add_item(phase, UITGANGSPUNTEN)
    set_field(phase, UITGANGSPUNTEN, item, "naam", "Dichtbij huis")
    move_item(phase, UITGANGSPUNTEN, 2, 1)

    text = path.read_text(encoding="utf-8")
    assert "uitgangspunten:   -" not in text
    assert "# formulering nog checken" in text
    assert read(path) == {"uitgangspunten": [
        {"naam": "Ieder kind welkom", "uitwerking": "Elk kind hoort erbij."},
        {"naam": "Dichtbij huis"},
        {"naam": "Samen met ouders", "uitwerking": "Ouders denken mee."},
    ]}
    assert load_answers(CATALOG, tmp_path)[1].errors == []


def test_a_comment_above_an_item_moves_with_it_and_the_end_of_the_file_stays_last(tmp_path):
    path = tmp_path / "2-visie.yaml"
    path.write_text("# kop van het bestand\n\nperspectief: inclusief  # unaniem\nuitgangspunten:\n"
                    "  # over de eerste\n  - naam: Een\n    # binnen een\n    uitwerking: |\n      regel\n"
                    "      # geen commentaar: tekst\n\n  # over de tweede\n  - naam: Twee  # achter twee\n"
                    "# na de lijst, aan het eind\n", encoding="utf-8")
    phase = load_phase(VISIE, tmp_path)
    move_item(phase, UITGANGSPUNTEN, 1, 0)
    text = path.read_text(encoding="utf-8")
    # the lines above an item (blank ones too) move with it; what follows the list stays last
    assert text == ("# kop van het bestand\n\nperspectief: inclusief  # unaniem\nuitgangspunten:\n"
                    "\n  # over de tweede\n  - naam: Twee  # achter twee\n"
                    "  # over de eerste\n  - naam: Een\n    # binnen een\n    uitwerking: |\n      regel\n"
                    "      # geen commentaar: tekst\n# na de lijst, aan het eind\n")
    set_field(phase, UITGANGSPUNTEN, phase.get("uitgangspunten")[1], "wat_betekent_dit", "Meer.")
    item = add_item(phase, UITGANGSPUNTEN)
    set_field(phase, UITGANGSPUNTEN, item, "naam", "Drie")
    text = path.read_text(encoding="utf-8")
    assert text.endswith("  - naam: Drie\n# na de lijst, aan het eind\n")
    assert read(path)["uitgangspunten"][1]["wat_betekent_dit"] == "Meer."


def test_copy_does_not_double_comments_and_remove_takes_only_what_was_inside(tmp_path):
    path = tmp_path / "2-visie.yaml"
    path.write_text("uitgangspunten:\n  # boven een\n  - naam: Een  # in een\n    uitwerking: a\n"
                    "  # boven twee\n  - naam: Twee\n    # in twee\n    uitwerking: b\n# einde\n", encoding="utf-8")
    phase = load_phase(VISIE, tmp_path)
    copy_item(phase, UITGANGSPUNTEN, 0)
    text = path.read_text(encoding="utf-8")
    assert [text.count(c) for c in ("# boven een", "# in een", "# boven twee", "# in twee", "# einde")] == [1] * 5
    assert [i["naam"] for i in read(path)["uitgangspunten"]] == ["Een", "Een (kopie)", "Twee"]
    remove_item(phase, UITGANGSPUNTEN, 2)
    text = path.read_text(encoding="utf-8")
    assert "# in twee" not in text  # written inside the removed item: it went with it
    assert "# boven twee" in text and "# einde" in text and text.endswith("# einde\n")


def test_a_hand_edit_inside_the_list_the_wizard_changes_is_merged_per_item(tmp_path):
    path = tmp_path / "2-visie.yaml"
    path.write_text(CASE_1, encoding="utf-8")
    phase = load_phase(VISIE, tmp_path)
    path.write_text("uitgangspunten:\n  - naam: Samen met ouders\n    eigen_notitie: van Mieke  # nagevraagd\n"
                    "  - naam: Ieder kind welkom\n    uitwerking: Elk kind hoort er echt bij.\n", encoding="utf-8")
    set_field(phase, UITGANGSPUNTEN, phase.get("uitgangspunten")[1], "wat_betekent_dit", "We vragen het.")
    assert read(path) == {"uitgangspunten": [
        {"naam": "Samen met ouders", "eigen_notitie": "van Mieke", "wat_betekent_dit": "We vragen het."},
        {"naam": "Ieder kind welkom", "uitwerking": "Elk kind hoort er echt bij."},
    ]}
    assert "# nagevraagd" in path.read_text(encoding="utf-8")


def test_batch_keeps_comments_and_own_keys_inside_items_and_at_the_end(tmp_path):
    from helpers import copy_example, run_cli

    plan_dir = copy_example(tmp_path / "plan")
    path = plan_dir / "antwoorden" / "2-visie.yaml"
    text = path.read_text(encoding="utf-8")
    first = read(path)["uitgangspunten"][0]["naam"]
    text = text.replace(f"  - naam: {first}\n", f"  # over het eerste\n  - naam: {first}  # goed zo\n"
                        "    eigen_sleutel: blijft\n    # binnen het eerste\n", 1) + "# het einde van het bestand\n"
    path.write_text(text, encoding="utf-8")
    source = tmp_path / "invoer.yaml"
    items = read(path)["uitgangspunten"]
    new = [{k: v for k, v in item.items() if k != "eigen_sleutel"} for item in items]
    new[0]["wat_betekent_dit"] = "Nieuw uit het script."
    source.write_text(yaml.safe_dump({"visie": {"uitgangspunten": new}}, allow_unicode=True), encoding="utf-8")
    assert run_cli("wizard", str(plan_dir), "--antwoorden", str(source)) == 0
    after = path.read_text(encoding="utf-8")
    for comment in ("# over het eerste", "# goed zo", "# binnen het eerste", "# het einde van het bestand"):
        assert after.count(comment) == 1, comment
    assert after.endswith("# het einde van het bestand\n")
    saved = read(path)["uitgangspunten"]
    assert saved[0]["eigen_sleutel"] == "blijft" and saved[0]["wat_betekent_dit"] == "Nieuw uit het script."


def test_a_text_that_reads_back_differently_is_not_written(tmp_path):
    path = tmp_path / "2-visie.yaml"
    path.write_text("perspectief: inclusief\n", encoding="utf-8")
    with pytest.raises(WriteError) as caught:
        save_yaml(path, "uitgangspunten:   -\n  - naam: Een\n", {"uitgangspunten": [{"naam": "Een"}]}, root=tmp_path)
    assert "niet opgeslagen" in caught.value.message and "niet veranderd" in caught.value.message
    with pytest.raises(WriteError):
        save_yaml(path, "horizonjaar: 2035\n", {"horizonjaar": 2034}, root=tmp_path)
    with pytest.raises(WriteError):  # true is not 1
        save_yaml(path, "x: 1\n", {"x": True}, root=tmp_path)
    assert path.read_text(encoding="utf-8") == "perspectief: inclusief\n"
    assert check_yaml_text("x: 2027-07-01\n", {"x": dt.date(2027, 7, 1)}) is None
    assert check_yaml_text("x: .nan\n", {"x": float("nan")}) is None  # typed by hand: the file still saves


def test_a_hand_comment_in_a_block_scalar_is_text_not_a_comment(tmp_path):
    text = "toekomstbeeld: |\n  Eerste regel.\n  # dit is tekst\n\n# dit is commentaar\nhorizonjaar: 2034\n"
    data = make_yaml().load(text)
    hand = HandText.read(text, data)
    assert hand.write(data) == text
    data["horizonjaar"] = 2035
    assert hand.write(data) == text.replace("2034", "2035")


# --- the parts of ruamel.yaml that handtext relies on (not its documented API) ----------


def test_ruamel_line_records_scanner_spans_and_flow_style_as_handtext_uses_them():
    text = "a: 1\nlijst:\n  - naam: x\n    tekst: |\n      regel\n      # tekst\n\n    keuzes: [p, q]\n"
    data = make_yaml().load(text)
    assert data.lc.key("lijst") == (1, 0)
    assert data["lijst"].lc.item(0) == (2, 4)
    assert data["lijst"][0].lc.key("keuzes") == (7, 4)
    scalars = [t for t in make_yaml().scan(text) if type(t).__name__ == "ScalarToken"]
    block = next(t for t in scalars if t.value.startswith("regel"))
    assert (block.start_mark.line, block.end_mark.line, block.end_mark.column) == (3, 7, 0)
    keuzes = data["lijst"][0]["keuzes"]
    assert keuzes.fa.flow_style()
    assert dump_bare(data) == "a: 1\nlijst:\n  - naam: x\n    tekst: |\n      regel\n      # tekst\n" \
                              "    keuzes: [p, q]\n"


def test_dump_bare_writes_no_comment_that_ruamel_holds():
    text = "# kop\na: 1  # eol\nb:\n  # boven\n  - x\n# eind\n"
    assert dump_bare(make_yaml().load(text)) == "a: 1\nb:\n  - x\n"


def test_the_wizard_says_it_could_not_save_and_never_says_bewaard(example_plan, keys, monkeypatch):
    """Fault injection: the hand-text writer made to produce the old broken text of case 1.
    The check before replacing refuses it; the file stays as it was; the session ends with
    a Dutch message (exit 1 from the CLI), not with 'Al uw antwoorden zijn bewaard'."""
    from handreiking.core import handtext
    from handreiking.plan.folder import open_plan
    from handreiking.wizard.session import run_interactive

    path = example_plan / "antwoorden" / "2-visie.yaml"
    before = path.read_bytes()
    monkeypatch.setattr(handtext.HandText, "write",
                        lambda self, data: "uitgangspunten:   -\n    naam: Ieder kind welkom\n")
    answer_set, _ = load_answers(CATALOG, example_plan / "antwoorden")
    said: list[str] = []
    keys.send("\x15", "2036", "\r")
    with pytest.raises(WriteError) as caught:
        run_interactive(open_plan(example_plan), CATALOG, answer_set, phase="visie", question_id="horizonjaar",
                        echo=lambda text="", **_: said.append(text))
    assert path.read_bytes() == before
    assert not any("bewaard" in line for line in said)
    message = caught.value.format_message()
    assert "2-visie.yaml" in message and "niet opgeslagen" in message and "geen leesbare YAML" in message
    assert caught.value.exit_code == 1


def test_crlf_stays_and_a_comment_that_left_with_its_item_does_not_come_back(tmp_path):
    path = tmp_path / "2-visie.yaml"
    path.write_bytes(b"# kop\r\nuitgangspunten:\r\n  # boven een\r\n  - naam: Een  # in een\r\n  - naam: Twee\r\n"
                     b"# eind, zonder regeleinde")
    phase = load_phase(VISIE, tmp_path)
    move_item(phase, UITGANGSPUNTEN, 1, 0)
    assert path.read_bytes() == (b"# kop\r\nuitgangspunten:\r\n  - naam: Twee\r\n  # boven een\r\n"
                                 b"  - naam: Een  # in een\r\n# eind, zonder regeleinde\r\n")
    remove_item(phase, UITGANGSPUNTEN, 1)
    phase.data.pop("uitgangspunten")  # the wizard takes away an answer that no longer applies
    phase.save()
    assert path.read_bytes() == b"# kop\r\n# boven een\r\n# eind, zonder regeleinde\r\n"


def test_a_copy_is_known_by_itself_after_a_hand_reorder_moved_it(tmp_path):
    """Found by the long property run: the hand swapped two items while the wizard had the
    list open; the wizard's copy then landed elsewhere than index + 1, and the field menu
    opened on the wrong item. The copy is handed back as itself."""
    path = tmp_path / "2-visie.yaml"
    path.write_text("uitgangspunten:\n  - naam: Een\n  - naam: Twee\n  - naam: Drie\n", encoding="utf-8")
    phase = load_phase(VISIE, tmp_path)
    path.write_text("uitgangspunten:\n  - naam: Twee\n  - naam: Een\n  - naam: Drie\n", encoding="utf-8")
    duplicate = copy_item(phase, UITGANGSPUNTEN, 1)  # 'Twee', second in the wizard's list
    assert duplicate["naam"] == "Twee (kopie)"
    set_field(phase, UITGANGSPUNTEN, duplicate, "naam", "Twee bis")
    assert [i["naam"] for i in read(path)["uitgangspunten"]] == ["Twee", "Twee bis", "Een", "Drie"]


def test_a_choice_list_changed_in_both_places_is_still_asked_about(tmp_path):
    path = tmp_path / "2-visie.yaml"
    path.write_text("kernwaarden:\n  - toegankelijkheid\n", encoding="utf-8")
    phase = load_phase(VISIE, tmp_path)
    asked = []
    phase.on_conflict = lambda key, mine, theirs: asked.append((key, mine, theirs)) or False
    path.write_text("kernwaarden:\n  - toegankelijkheid\n  - samenwerking\n", encoding="utf-8")
    phase.set("kernwaarden", ["toegankelijkheid", "diversiteit"])
    phase.save()
    assert asked == [("kernwaarden", ["toegankelijkheid", "diversiteit"], ["toegankelijkheid", "samenwerking"])]
    assert read(path)["kernwaarden"] == ["toegankelijkheid", "samenwerking"]
