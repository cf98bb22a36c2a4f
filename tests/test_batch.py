"""``wizard --antwoorden FILE``: all or nothing, with every problem listed at once."""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from handreiking.cli.main import main
from helpers import examples


def _write(tmp_path: Path, text: str) -> Path:
    source = tmp_path / "invoer.yaml"
    source.write_text(text, encoding="utf-8")
    return source


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _snapshot(plan: Path) -> dict[str, bytes]:
    return {str(p.relative_to(plan)): p.read_bytes() for p in sorted(plan.rglob("*.yaml"))}


def test_one_invalid_answer_saves_nothing_and_lists_every_problem(example_plan, tmp_path, capsys):
    before = _snapshot(example_plan)
    source = _write(tmp_path,
                    "vertrekpunt:\n"
                    "  regisseur_naam: Noor Yilmaz\n"             # valid, but must not be saved alone
                    "  regisseur_rol: wethouder\n"                # not a choice
                    "  onbekende_vraag: iets\n"                   # no such question
                    "visie:\n"
                    "  horizonjaar: over tien jaar\n"             # not a number
                    "  kernwaarden:\n"
                    "    - respect\n"
                    "    - snelheid\n"                            # not a choice, on its own line
                    "plan:\n"
                    "  startdatum: morgen\n")                     # not a date
    code = main(["wizard", str(example_plan), "--antwoorden", str(source)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "5 problemen" in err and "niets opgeslagen" in err
    problems = [line for line in err.splitlines() if line.startswith("- ")]
    assert len(problems) == 5, err
    assert any("regel 3" in p and "regisseur_rol" in p and "Beleidsadviseur van de gemeente" in p for p in problems)
    assert any("regel 4" in p and "onbekende_vraag" in p and "handreiking vragen" in p for p in problems)
    assert any("regel 6" in p and "horizonjaar" in p for p in problems)
    assert any("regel 9" in p and "'snelheid' is geen keuze" in p for p in problems)
    assert any("regel 11" in p and "datum" in p for p in problems)
    assert "Opgeslagen" not in out and "Traceback" not in err
    assert _snapshot(example_plan) == before


def test_valid_partial_file_saves_and_exits_0_with_open_answers_as_information(new_plan, tmp_path, capsys):
    source = _write(tmp_path,
                    "plan:\n"
                    "  titel: Samen sterk in Testdorp\n"
                    "  regio: Regio Midden\n"
                    "  regisseur:\n"
                    "    email: noor@testdorp.example\n"
                    "  startdatum: 1-3-2026\n"
                    "1:\n"
                    "  regisseur_naam: Noor Yilmaz\n"
                    "  regisseur_onafhankelijk: ja\n"
                    "  regisseur_uren: 12,5\n"
                    "visie:\n"
                    "  uitgangspunten:\n"
                    "    - naam: Ieder kind is welkom\n")
    code = main(["wizard", str(new_plan), "--antwoorden", str(source)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Opgeslagen: Vertrekpunt › regisseur_uren" in out
    assert "8 antwoorden opgeslagen" in out  # 4 plan details, 3 + 1 answers
    assert "Nog open" in out and "regisseur_rol" in out  # information, not failure
    assert "nog 3 van de 4 uitgangspunten" in out
    # the item was given its name only: what the Visiedocument prints as *Nog in te vullen* is said here too
    assert ("Visie › uitgangspunten: bij 1 uitgangspunt nog in te vullen: wat de partners onder het "
            "uitgangspunt verstaan, wat het uitgangspunt in de praktijk betekent") in out
    saved = _load(new_plan / "antwoorden" / "1-vertrekpunt.yaml")
    assert saved == {"regisseur_naam": "Noor Yilmaz", "regisseur_onafhankelijk": True, "regisseur_uren": 12.5}
    plan_text = (new_plan / "plan.yaml").read_text(encoding="utf-8")
    assert plan_text.startswith("# Plan voor inclusieve kinderopvang")  # comments stay
    meta = _load(new_plan / "plan.yaml")
    assert meta["titel"] == "Samen sterk in Testdorp" and meta["regio"] == "Regio Midden"
    assert meta["gemeente"] == "Gemeente Testdorp"  # not given: unchanged
    assert meta["regisseur"] == {"email": "noor@testdorp.example"}  # the name is Vertrekpunt's answer
    assert meta["startdatum"] == dt.date(2026, 3, 1)


@pytest.mark.parametrize("given", ["  regisseur: Noor Yilmaz\n",
                                   "  regisseur:\n    naam: Noor Yilmaz\n    email: noor@testdorp.example\n",
                                   "  regisseur:\n    organisatie: Gemeente Testdorp\n"])
def test_the_regisseur_s_name_under_plan_is_refused_with_where_it_belongs(new_plan, tmp_path, capsys, given):
    """The name and organisation are answers of Vertrekpunt (one fact, one home), not plan details."""
    before = {p: p.read_bytes() for p in new_plan.rglob("*") if p.is_file()}
    source = _write(tmp_path, "plan:\n" + given + "vertrekpunt:\n  regisseur_uren: 12\n")
    assert main(["wizard", str(new_plan), "--antwoorden", str(source)]) == 1
    _, err = capsys.readouterr()
    assert "regel 2" in err and "vragen van Vertrekpunt" in err and "regisseur_naam: …" in err, err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in new_plan.rglob("*") if p.is_file()} == before


def test_a_phase_whose_file_does_not_read_is_named_not_listed_as_open(example_plan, tmp_path, capsys):
    """Its questions were listed as 'Nog open' (they are answered, the file has a fault), unnamed."""
    research = example_plan / "antwoorden" / "3-onderzoek.yaml"
    research.write_text(research.read_text(encoding="utf-8") + "onderzoek_doel: [niet dicht\n", encoding="utf-8")
    source = _write(tmp_path, "vertrekpunt:\n  regisseur_uren: 20\n")
    assert main(["wizard", str(example_plan), "--antwoorden", str(source)]) == 0
    out, err = capsys.readouterr()
    assert "1 antwoord opgeslagen" in out
    assert "Onderzoek & analyse ›" not in out and "Nog open" not in out
    assert "Let op: fase 3 Onderzoek & analyse is niet meegeteld" in err and "3-onderzoek.yaml, regel" in err


def test_fase_with_antwoorden_is_a_usage_error_not_ignored(new_plan, tmp_path, capsys):
    """'--fase 1 --antwoorden' saved the file's visie block all the same (and refused flat keys
    without saying why)."""
    before = _snapshot(new_plan)
    source = _write(tmp_path, "visie:\n  horizonjaar: 2034\n")
    assert main(["wizard", str(new_plan), "--fase", "1", "--antwoorden", str(source)]) == 2
    err = capsys.readouterr().err
    assert "--fase en --vraag horen niet bij --antwoorden" in err and "blok per fase" in err
    assert _snapshot(new_plan) == before


def test_stil_prints_only_the_outcome(new_plan, tmp_path, capsys):
    source = _write(tmp_path, "vertrekpunt:\n  regisseur_naam: Noor\n")
    assert main(["wizard", str(new_plan), "--antwoorden", str(source), "--stil"]) == 0
    out, _ = capsys.readouterr()
    assert "Opgeslagen:" not in out
    assert "1 antwoord opgeslagen" in out
    assert len(out.strip().splitlines()) == 2


def test_an_answer_to_a_question_that_does_not_apply_is_refused(example_plan, tmp_path, capsys):
    before = _snapshot(example_plan)
    source = _write(tmp_path,
                    "vertrekpunt:\n"
                    "  regisseur_onafhankelijk: ja\n"
                    "  regisseur_belangen_afspraken: Besluiten neemt de stuurgroep.\n")  # only when 'nee'
    assert main(["wizard", str(example_plan), "--antwoorden", str(source)]) == 1
    err = capsys.readouterr().err
    assert "regel 3" in err and ("deze vraag geldt alleen als het antwoord op 'Is de regisseur onafhankelijk, "
                                 "dus zonder eigen commercieel belang bij de uitkomst?' nee is") in " ".join(err.split())
    assert "==" not in err and "voorwaarde" not in err  # in words, never as code
    assert _snapshot(example_plan) == before


def test_a_date_that_does_not_exist_is_named_as_such(example_plan, tmp_path, capsys):
    """31 February is written correctly but is not in the calendar: batch mode says so, in the
    same words as the wizard, for an answer and for a date of the plan."""
    before = _snapshot(example_plan)
    source = _write(tmp_path, "plan:\n  startdatum: 30-2-2026\nvertrekpunt:\n  streefdatum_plan: 31-2-2026\n")
    assert main(["wizard", str(example_plan), "--antwoorden", str(source)]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "de datum 31-2-2026 bestaat niet; schrijf bijvoorbeeld 1-3-2026" in err
    assert "de datum 30-2-2026 bestaat niet" in err
    assert "verwacht een datum" not in err and "tekst" not in err
    assert _snapshot(example_plan) == before


@pytest.mark.parametrize("phase, question_id, group, words", [
    ("visie", "visiedocument_vastgesteld_op", None,
     "deze vraag geldt alleen als bij 'Is het visiedocument nog een concept, of is het vastgesteld?' "
     "'Vastgesteld' gekozen is"),
    ("vertrekpunt", "regisseur_belangen_afspraken", None,
     "deze vraag geldt alleen als het antwoord op 'Is de regisseur onafhankelijk, dus zonder eigen commercieel "
     "belang bij de uitkomst?' nee is"),
])
def test_a_condition_in_words(phase, question_id, group, words):
    from handreiking.questionnaire.condition_text import condition_in_words
    from handreiking.questionnaire.catalog import load_catalog

    catalog = load_catalog()
    questionnaire = catalog.get(phase)
    assert condition_in_words(questionnaire.question(question_id), questionnaire, catalog) == words


def test_every_condition_reads_without_code():
    """No condition of the shipped questionnaires comes out as code; one that is too intricate
    to say plainly names the questions it depends on."""
    from handreiking.questionnaire.condition_text import condition_in_words
    from handreiking.questionnaire.catalog import load_catalog

    catalog = load_catalog()
    seen = 0
    for questionnaire in catalog:
        for question in questionnaire.questions:
            pairs = [(question, None)] + [(f, question) for f in question.fields]
            for asked, group in pairs:
                if asked.condition is None:
                    continue
                seen += 1
                words = condition_in_words(asked, questionnaire, catalog, group=group)
                assert words.startswith(("deze vraag geldt alleen", "dit veld geldt alleen")), words
                for code in ("==", "!=", " in ", "|", "_", "true", "false", "none", "(", "[", "'niveau"):
                    quoted = words.split("'")[::2]  # outside the quoted question texts and labels
                    assert all(code not in part for part in quoted), (asked.condition.source, words)
    assert seen > 40


def test_references_to_other_answers_are_checked(example_plan, tmp_path, capsys):
    """A stakeholder name that is not among the stakeholders is reported, with the name it
    probably means; like a hand-edited file, the answer is kept (check keeps advising on it)."""
    names = [item["naam"] for item in _load(example_plan / "antwoorden" / "1-vertrekpunt.yaml")["stakeholders"]]
    near = names[0].upper()
    source = _write(tmp_path,
                    "uitvoering:\n"
                    "  doelen:\n"
                    "    - doel_id: D9\n"
                    "      doel: Meer kinderen in de gewone groep\n"
                    f"      eigenaar: {near}\n"
                    "    - doel_id: D10\n"
                    "      doel: Een plusgroep\n"
                    "      eigenaar: Bakkerij Jansen\n")
    assert main(["wizard", str(example_plan), "--antwoorden", str(source)]) == 0
    err = capsys.readouterr().err
    assert f"'{near}' staat niet bij vertrekpunt.stakeholders" in err and f"bedoelt u '{names[0]}'?" in err
    assert "'Bakkerij Jansen' staat niet bij vertrekpunt.stakeholders" in err and "bekend zijn:" in err
    assert names[1] in err  # the names that can be used are listed
    assert "regel 5, kolom 7" in err and "regel 8, kolom 7" in err  # the line of each eigenaar, not of 'doelen:'
    owners = [d["eigenaar"] for d in _load(example_plan / "antwoorden" / "5-uitvoering.yaml")["doelen"]]
    assert owners[-2:] == [near, "Bakkerij Jansen"]

    ok = _write(tmp_path, "uitvoering:\n  doelen:\n    - doel_id: D9\n      doel: Meer kinderen\n"
                          f"      eigenaar: {names[0]}\n")
    assert main(["wizard", str(example_plan), "--antwoorden", str(ok), "--stil"]) == 0
    assert "Let op" not in capsys.readouterr().err


@pytest.mark.parametrize(("text", "fragment"), [
    ("visie: [1, 2]\n", "verwacht regels"),
    ("fase9:\n  a: 1\n", "onbekend blok 'fase9'"),
    ("plan:\n  kleur: blauw\n", "onbekend gegeven van het plan"),
    ("plan:\n  titel: ''\n", "titel mag niet leeg"),
])
def test_shape_problems(new_plan, tmp_path, capsys, text, fragment):
    assert main(["wizard", str(new_plan), "--antwoorden", str(_write(tmp_path, text))]) == 1
    assert fragment in capsys.readouterr().err


def test_reference_lists_every_question_and_the_shipped_copy_is_current(capsys):
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.questionnaire.reference import reference_text

    catalog = load_catalog()
    text = reference_text(catalog, markdown=True)
    shipped = Path(__file__).resolve().parent.parent / "docs" / "antwoorden-referentie.md"
    assert shipped.read_text(encoding="utf-8") == text, "maak opnieuw: handreiking vragen --markdown > " \
                                                         "docs/antwoorden-referentie.md"
    for questionnaire in catalog:
        for question in questionnaire.questions:
            assert f"### `{question.id}`" in text
            for choice in question.choices:
                assert f"`{choice.value}` ({choice.label})" in text or f"`{choice.value}`" in text
            if question.condition is not None:
                assert f"`{question.condition.source}`" in text
    assert main(["vragen", "--fase", "visie"]) == 0
    out = capsys.readouterr().out
    assert "horizonjaar: " in out and "stakeholders" not in out and "`" not in out
    assert main(["vragen", "--fase", "negen"]) == 2  # a usage error


def test_the_example_in_the_reference_is_a_valid_batch_file(new_plan, tmp_path, capsys):
    from handreiking.questionnaire.reference import INTRO

    example = INTRO.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert main(["wizard", str(new_plan), "--antwoorden", str(_write(tmp_path, example)), "--stil"]) == 0
    assert _load(new_plan / "plan.yaml")["gemeente"] == "Gemeente Voorbeeld"


def test_only_the_phases_with_answers_are_written_and_they_keep_what_was_typed_by_hand(example_plan, tmp_path,
                                                                                     capsys):
    """The batch reads round-trip only the phases it saves: those keep their comments, and
    an answer typed by hand in the wizard's accepted form ('ja') is written in the fixed form,
    as any save does; every other file stays byte for byte as it was."""
    visie = example_plan / "antwoorden" / "2-visie.yaml"
    text = visie.read_text(encoding="utf-8").replace("lea_verankering: true", "# met de hand\nlea_verankering: ja")
    visie.write_text(text, encoding="utf-8")
    before = _snapshot(example_plan)
    source = _write(tmp_path, "visie:\n  horizonjaar: 2031\n")
    assert main(["wizard", str(example_plan), "--antwoorden", str(source), "--stil"]) == 0, capsys.readouterr().err
    after = _snapshot(example_plan)
    assert {name for name in after if after[name] != before[name]} == {"antwoorden/2-visie.yaml"}
    written = visie.read_text(encoding="utf-8")
    assert "# met de hand\nlea_verankering: true\n" in written and "horizonjaar: 2031\n" in written


def test_items_in_a_file_are_added_to_a_group_never_put_in_its_place(example_plan, tmp_path, capsys):
    """A file that prepares one new budget line leaves the lines the group entered earlier
    (with their comments and own keys); a line with the name of one there updates only the
    fields the file gives; the message says what happened to the list."""
    path = example_plan / "antwoorden" / "5-uitvoering.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - post: Pilot jeugdhulpprofessional op de groep, drie locaties\n",
        "  # Post van de wethouder\n  - post: Pilot jeugdhulpprofessional op de groep, drie locaties\n"
        "    mijn_notitie: navragen\n", 1)
    path.write_text(text, encoding="utf-8")
    before = _load(path)["middelen"]
    source = _write(tmp_path, "uitvoering:\n  middelen:\n"
                              "    - post: Training pedagogisch professionals\n      bedrag: 12.500,00\n"
                              "      soort: eenmalig\n      van_jaar: 2027\n      bron: gemeentefonds\n"
                              "    - post: pilot Jeugdhulpprofessional op de groep,  drie locaties\n"
                              "      bedrag: 50000\n")
    assert main(["wizard", str(example_plan), "--antwoorden", str(source)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    after = _load(path)["middelen"]
    assert len(after) == len(before) + 1
    assert after[0] == {**before[0], "bedrag": 50000}  # named alike: only the amount changed, its own key stays
    assert after[1:-1] == before[1:]  # the lines the file does not name stay as they were
    assert after[-1] == {"post": "Training pedagogisch professionals", "bedrag": 12500, "soort": "eenmalig",
                         "van_jaar": 2027, "bron": "gemeentefonds"}
    assert "  # Post van de wethouder\n  - post: Pilot jeugdhulpprofessional" in path.read_text(encoding="utf-8")
    assert (f"Opgeslagen: Uitvoering › middelen (1 nieuw, 1 bijgewerkt; {len(before) - 1} items die er al "
            "stonden, blijven staan)") in out

    # the same file again changes nothing, and says so
    text = path.read_text(encoding="utf-8")
    assert main(["wizard", str(example_plan), "--antwoorden", str(source)]) == 0
    assert path.read_text(encoding="utf-8") == text
    out = capsys.readouterr().out
    assert "(niets veranderd;" in out and "er is niets veranderd" in out and "opgeslagen; alles" not in out


_NAMES = st.sampled_from(["Training", "training", " Training ", "Coördinatie", "Pilot-groep", "pilot groep", None])
_ITEMS = st.lists(st.fixed_dictionaries({"post": _NAMES}, optional={
    "bedrag": st.integers(0, 10**6), "bron": st.sampled_from(["gemeentefonds", "jeugdwet"]),
    "eigen": st.text(max_size=3)}), max_size=5)


@settings(max_examples=examples(100), deadline=None)
@given(old=_ITEMS, new=_ITEMS)
def test_supplementing_a_group_never_loses_an_item_or_a_given_field(old, new):
    """Whatever the plan and the file hold: every item there stays (at its place, with every key
    the file does not give), and every field the file gives ends up in exactly one item."""
    from handreiking.plan.inplace import supplement_items

    result, origin = supplement_items(copy.deepcopy(old), copy.deepcopy(new), "post")
    assert len(origin) == len(result) >= len(old)
    assert sorted(p for p in origin if p is not None) == list(range(len(new)))  # each file item placed once
    for index, item in enumerate(old):
        given = new[origin[index]] if origin[index] is not None else {}
        assert result[index]["post"] == item["post"]  # the plan's spelling of the name
        assert all(result[index][k] == v for k, v in item.items() if k not in given)
    for index, place in enumerate(origin):
        if place is not None:
            assert all(result[index][k] == v for k, v in new[place].items() if k != "post" or index >= len(old))


@pytest.mark.parametrize("text, said", [
    ("uitvoering:\n  middelen:\n", None),  # nothing under the list: it adds nothing, never empties it
    ("uitvoering:\n  middelen: ~\n", None),
    ("uitvoering:\n  middelen:\n    post: Los item\n", "verwacht een lijst van items"),  # a block, not a list
    ("uitvoering:\n  middelen:\n    - post: Vervoer naar de bso-plus\n      bedrag: 100\n"
     "    - post: vervoer naar de BSO-plus\n      bedrag: 200\n", "twee items heten 'Vervoer naar de bso-plus'"),
])
def test_a_list_in_a_file_that_says_nothing_or_not_clearly_leaves_the_items_alone(example_plan, tmp_path, capsys,
                                                                                text, said):
    path = example_plan / "antwoorden" / "5-uitvoering.yaml"
    before = path.read_bytes()
    code = main(["wizard", str(example_plan), "--antwoorden", str(_write(tmp_path, text))])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "onverwachts" not in err
    if said is None:
        assert code == 0 and "(niets veranderd;" in out
    else:
        assert code == 1 and said in err and "invoer.yaml, regel" in err
    assert _load(path)["middelen"] == yaml.safe_load(before)["middelen"]


def test_an_unknown_field_in_an_item_is_named_by_its_item(example_plan, tmp_path, capsys):
    source = _write(tmp_path, "vertrekpunt:\n  stakeholders:\n    - naam: Bibliotheek\n      telefoon_nr: 123\n")
    assert main(["wizard", str(example_plan), "--antwoorden", str(source)]) == 1
    err = capsys.readouterr().err
    assert "regel 4, kolom 7, stakeholder 'Bibliotheek', veld 'telefoon_nr': fase 1 Vertrekpunt kent dit veld niet" \
        in err, err
