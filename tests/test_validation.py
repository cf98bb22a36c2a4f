"""Answer values are checked against their question, with Dutch messages."""
from __future__ import annotations

import datetime as dt

import pytest

from handreiking.questionnaire.catalog import load_catalog
from handreiking.questionnaire.validation import check_value

CATALOG = load_catalog()
VERTREKPUNT = CATALOG.get("vertrekpunt")
VISIE = CATALOG.get("visie")


def q(phase, qid):
    return (VERTREKPUNT if phase == 1 else VISIE).question(qid)


@pytest.mark.parametrize(
    ("question", "value", "fragment"),
    [
        (q(2, "perspectief"), "half", "geen keuze"),
        (q(2, "perspectief"), ["inclusief"], "lijst"),
        (q(2, "toekomstbeeld"), ["a", "b"], "verwacht tekst"),
        (q(2, "horizonjaar"), "ongeveer 2030", "verwacht een getal"),
        (q(2, "horizonjaar"), float("nan"), "verwacht een getal, maar dit is een waarde die geen getal is"),
        (q(2, "horizonjaar"), float("inf"), "verwacht een getal, maar dit is een oneindig groot getal"),
        (q(2, "horizonjaar"), float("-inf"), "oneindig groot getal (zoals .inf of 1e400)"),
        # written by a YAML escape, never typed; a lone half of a pair cannot even be saved as UTF-8
        (q(1, "opdrachtgever"), "X\ud800Y", "(U+D800, teken 2); haal het weg"),
        (q(1, "opdrachtgever"), "rood\x1b[31m", "(U+001B, teken 5)"),
        (q(2, "kernwaarden"), [{"anders": "half\x00"}], "(U+0000, teken 5)"),
        (q(2, "horizonjaar"), "ongeveer 12%", "Schrijf het getal, zoals 12, 12,5 of 24.500."),
        (q(2, "horizonjaar"), 1999, "minstens"),
        (q(2, "eerste_evaluatie"), 5, "datum"),
        (q(2, "eerste_evaluatie"), "volgend jaar", "datum"),
        (q(2, "uitgangspunten"), "tekst", "lijst van items"),
        (q(2, "kernwaarden"), ["respect", "respect"], "twee keer"),
        (q(2, "lea_verankering"), "misschien", "Schrijf ja of nee"),
        (q(2, "perspectief"), "half", "Inclusieve kinderopvang (inclusief)"),
        # a year, a month or a count with a fraction is a typing error (``geheel: true``)
        (q(2, "horizonjaar"), 2030.5, "verwacht een geheel getal, maar hier staat 2030,5"),
        (q(2, "horizonjaar"), "2030,5", "geheel getal"),
    ],
)
def test_invalid_values_are_explained(question, value, fragment):
    problem = check_value(question, value)
    assert problem is not None and fragment in problem


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (q(2, "perspectief"), "inclusief"),
        (q(2, "horizonjaar"), 2034),
        (q(2, "eerste_evaluatie"), dt.date(2027, 6, 1)),
        (q(2, "eerste_evaluatie"), "2027-06-01"),
        (q(2, "kernwaarden"), ["respect", {"anders": "Nieuwsgierigheid"}]),
        (q(2, "lea_verankering"), True),
        (q(2, "toekomstbeeld"), "Ieder kind 👶 doet mee — مرحبا"),
        # what the wizard accepts, a file accepts
        (q(2, "lea_verankering"), "ja"),
        (q(2, "lea_verankering"), "Nee"),
        (q(2, "eerste_evaluatie"), "1-7-2027"),
        (q(2, "horizonjaar"), "2030"),
        (q(2, "aandeel_niveau_2"), "12,5"),  # a share may have a fraction
        (q(2, "horizonjaar"), 2030.0),
        # a short list is incomplete, not wrong: it never blocks
        (q(2, "uitgangspunten"), [{"naam": "a"}]),
    ],
)
def test_valid_values_pass(question, value):
    assert check_value(question, value) is None


def test_other_only_where_allowed():
    assert "geen eigen antwoord" in check_value(q(2, "perspectief"), {"anders": "iets"})


def test_dutch_values_become_canonical_in_the_data():
    from handreiking.questionnaire.validation import validate_phase

    data = {"lea_verankering": "ja", "eerste_evaluatie": "1-7-2027", "aandeel_niveau_2": "12,5",
            "perspectief": "Inclusief"}
    report = validate_phase(VISIE, data, VISIE.path)
    assert not report.errors
    assert data == {"lea_verankering": True, "eerste_evaluatie": dt.date(2027, 7, 1), "aandeel_niveau_2": 12.5,
                    "perspectief": "inclusief"}


def test_short_list_is_incomplete_with_a_countable_message():
    from handreiking.questionnaire.validation import validate_phase

    report = validate_phase(VISIE, {"uitgangspunten": [{"naam": "a"}, {"naam": "b"}]}, VISIE.path)
    assert not report.errors
    assert [p.message for p in report.incomplete] == ["nog 2 van de 4 uitgangspunten"]


def test_group_field_problem_names_the_item_and_the_field():
    from handreiking.questionnaire.validation import validate_phase

    report = validate_phase(VERTREKPUNT, {"stakeholders": [{"naam": "De Bolster", "sector": "bakkerij"}]},
                            VERTREKPUNT.path)
    (error,) = report.errors
    assert "stakeholder 'De Bolster', veld '" in error.format_message()
    assert "(sector)" in error.format_message()
    assert error.question_id == "stakeholders[1].sector"
    assert "Kinderopvang" in error.message  # labels, not only codes


@pytest.mark.parametrize(("noun", "plural"), [("uitgangspunt", "uitgangspunten"), ("stap", "stappen"),
                                              ("doel", "doelen"), ("analysevraag", "analysevragen"),
                                              ("stakeholder", "stakeholders"), ("risico", "risico's"),
                                              ("regel van het plan", "regels van het plan")])
def test_plural_of_item_names(noun, plural):
    from handreiking.core.values import plural_noun

    assert plural_noun(noun) == plural


def test_the_suggested_level_shares_add_up_to_100():
    """The wizard shows the guide's numbers as a suggestion; taken together they must not
    trigger the advice that the four shares do not add up (visie-aandelen-niet-100)."""
    shares = [VISIE.question(f"aandeel_niveau_{n}").default for n in range(1, 5)]
    assert all(isinstance(s, (int, float)) for s in shares) and sum(shares) == 100


def test_whole_numbers_are_one_rule_for_wizard_file_and_schema():
    """``geheel`` in the questionnaire: the wizard and the file refuse 9,5 for a month, the
    JSON Schema says integer, and the reference says so."""
    from handreiking.questionnaire.reference import reference_text
    from handreiking.questionnaire.schema import phase_schema

    month = next(f for f in CATALOG.get("uitvoering").question("middelen").fields if f.id == "van_maand")
    assert month.rules.whole
    assert "geheel getal, zoals 9, maar hier staat 9,5" in check_value(month, 9.5) and check_value(month, 9) is None
    schema = phase_schema(CATALOG.get("visie"))["properties"]["horizonjaar"]
    assert {"type": "integer", "minimum": 2026, "maximum": 2040} in schema["anyOf"][0]["anyOf"]
    assert "Een geheel getal" in reference_text(CATALOG, markdown=True)
    shares = phase_schema(CATALOG.get("visie"))["properties"]["aandeel_niveau_2"]
    assert shares["anyOf"][0]["anyOf"][0]["type"] == "number"


def test_an_empty_list_item_is_called_empty_not_a_date(tmp_path, capsys):
    from helpers import run_cli

    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "T") == 0
    (plan / "antwoorden" / "2-visie.yaml").write_text("kernwaarden:\n  -\n  - respect\n", encoding="utf-8")
    capsys.readouterr()
    assert run_cli("check", str(plan)) == 1
    err = capsys.readouterr().err
    assert "regel 2" in err and "maar dit is een leeg item (een streepje zonder iets erachter)" in err
    assert "datum" not in err


def test_half_a_character_pair_is_named_with_its_line_and_stops_no_command(tmp_path, capsys):
    """``"X\\ud800Y"`` in an answer file passed ``check`` and stopped ``render`` with an unexpected
    error (it cannot be written as UTF-8): now both name the file, line and question."""
    from helpers import run_cli

    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "T") == 0
    (plan / "antwoorden" / "1-vertrekpunt.yaml").write_text('regisseur_naam: Anna\nopdrachtgever: "X\\ud800Y"\n',
                                                              encoding="utf-8")
    capsys.readouterr()
    for command in ("check", "render"):
        assert run_cli(command, str(plan)) == 1
        err = capsys.readouterr().err
        assert "regel 2" in err and "(opdrachtgever)" in err and "U+D800" in err and "onverwachts" not in err


def test_names_that_differ_only_in_capitals_spaces_or_dashes_are_one_name():
    """One rule for every place that compares names (core.values.name_key): the wizard's check
    of a new party, check, answer files, advice and the merge driver."""
    from handreiking.core.values import name_key
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.questionnaire.validation import name_taken

    parties = load_catalog().get("vertrekpunt").question("stakeholders")
    items = [{"naam": "GGD Noorderkust – jeugdgezondheidszorg"}, {"naam": "Jeugdhulp Kustlijn"}]
    for typed in ("GGD Noorderkust - jeugdgezondheidszorg", "ggd noorderkust-jeugdgezondheidszorg",
                  "Jeugdhulp-Kustlijn", "jeugdhulp  kustlijn", "Jeugdhulp_Kustlijn"):
        assert name_taken(parties, items, typed), typed
    assert name_taken(parties, items, "Jeugdhulp Kustlijn", own=items[1]) is None  # its own name
    assert name_taken(parties, items, "Jeugdhulp Kustlijn Noord") is None
    assert name_key({"anders": "Ouders uit de wijk"}) == name_key("ouders uit de wijk")
