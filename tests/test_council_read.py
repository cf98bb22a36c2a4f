"""What a council member trips over when reading the Visiedocument, Plan van aanpak and
Evaluatieplan (issue 22): words that fit one municipality in a regional plan, a signature that
has not been placed presented as done, a gap that only means "not yet measured", a generic
option label where the plan has a named team, an own core value without its meaning.

Each test renders an example (or a changed copy) and reads the Markdown a reader gets."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import copy_example, run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("gemeente-voorbeeld", "regio-lage-venen", "gemeente-klein")
READ = ("visiedocument", "plan_van_aanpak", "evaluatieplan")


def document(plan: Path, name: str) -> str:
    return (plan / "documenten" / f"{name}.md").read_text(encoding="utf-8")


def rendered(plan: Path) -> Path:
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    return plan


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("example", EXAMPLES)
def test_no_document_speaks_of_one_municipality_or_prints_a_generic_team(example):
    """A regional plan is not "onze gemeente"; a plan names its team, not "X of Y"."""
    for name in READ:
        text = document(ROOT / "examples" / example, name)
        assert "onze gemeente" not in text, name
        for generic in ("wijkteam of buurtteam", "kernteam of uitvoeringsteam", "factsheet of dashboard",
                        "indicatieorgaan of toegangsteam"):
            assert generic not in text.lower(), (name, generic)


def test_an_own_core_value_carries_its_meaning_like_the_offered_ones():
    text = document(ROOT / "examples" / "gemeente-voorbeeld", "visiedocument")
    assert "- **Plezier in spelen en samen ontdekken**: Kinderen leren het meest" in text
    assert "- **Toegankelijkheid**: Ieder kind is welkom" in text


def test_a_signature_without_a_date_is_not_counted_as_placed(tmp_path):
    """Lindewaard: every partner signed. Take one date away: the row stays, its date cell is
    empty (to be written by hand) and the text no longer says that all partners signed."""
    plan = copy_example(tmp_path / "plan")
    assert "Alle partners hebben getekend." in document(rendered(plan), "visiedocument")
    replace_once(plan / "antwoorden" / "2-visie.yaml",
                 "    organisatie: Huisartsenpraktijk De Linde\n    datum: 2026-06-18\n",
                 "    organisatie: Huisartsenpraktijk De Linde\n")
    text = document(rendered(plan), "visiedocument")
    assert "Alle partners hebben getekend." not in text
    assert "| Mark Jonker | Huisarts | Huisartsenpraktijk De Linde |  | |" in text
    assert "Nog in te vullen: Datum van ondertekening" not in text


def test_an_evaluation_plan_before_its_first_measurement_says_when_measuring_starts(tmp_path):
    """Westerhaven's concept (30 June 2026) measures first on 15 September 2026: no results and
    no adjustments yet is the state of the plan, not a missing answer."""
    text = document(ROOT / "examples" / "gemeente-klein", "evaluatieplan")
    assert "Er is nog niet gemeten. De eerste meting is de nulmeting op 15 september 2026" in text
    assert "Nog in te vullen" not in text
    # once a measurement date has passed, an empty results table is a gap again
    plan = tmp_path / "klein"
    shutil.copytree(ROOT / "examples" / "gemeente-klein", plan, ignore=shutil.ignore_patterns("documenten"))
    replace_once(plan / "plan.yaml", "versiedatum: 2026-06-30", "versiedatum: 2026-10-15")
    text = document(rendered(plan), "evaluatieplan")
    assert "Er is nog niet gemeten" not in text
    assert "*Nog in te vullen: de uitkomsten per doel*" in text


def test_the_indicating_team_is_the_plans_own_access_team_when_it_has_one(tmp_path):
    text = document(ROOT / "examples" / "gemeente-voorbeeld", "plan_van_aanpak")
    assert ("Het gezamenlijke team voor toegang en expertise (zie Samenwerking rond het kind) bepaalt of een "
            "kind de extra ondersteuning krijgt.") in text
    plan = copy_example(tmp_path / "plan")
    replace_once(plan / "antwoorden" / "4-planvorming.yaml", "toegangsteam: true\n", "toegangsteam: false\n")
    text = document(rendered(plan), "plan_van_aanpak")
    assert "Een daarvoor aangewezen team bepaalt of een kind de extra ondersteuning krijgt." in text


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_yearly_estimate_names_every_year_that_costs_less_as_the_table_shows_it(example):
    """"€ 357.000 per jaar, vanaf 2027" above a 2027 row of € 197.000 reads as a contradiction:
    the sentence says which years differ, with the table's figure."""
    import re

    text = document(ROOT / "examples" / example, "plan_van_aanpak")
    sentence = next(line for line in text.splitlines() if line.startswith("De partners schatten de extra kosten"))
    estimate = re.search(r"op (€\s[\d.]+) per jaar", sentence).group(1)  # \s: the space may be a non-breaking one
    rows = re.findall(r"^\| (\d{4}) \| (€\s[\d.]+) \| €\s[\d.]+ \| .* \|$", text, flags=re.MULTILINE)
    assert rows, "the table of extra costs per year"
    for year, extra in rows:
        assert (extra == estimate) != (f"in {year} is dat {extra}" in sentence), (year, extra, sentence)


def test_a_first_year_of_the_extra_costs_not_given_is_said_to_be_the_start_of_the_execution():
    """The overview lists "het eerste jaar van de extra kosten" as open; the Plan van aanpak
    then says where its year comes from, instead of printing a year as if the partners chose it."""
    derived = "(de start van de uitvoering; het eerste jaar van de extra kosten is nog niet vastgesteld)"
    assert f"per jaar, vanaf 2026 {derived}." in document(ROOT / "examples" / "gemeente-klein", "plan_van_aanpak")
    assert derived not in document(ROOT / "examples" / "gemeente-voorbeeld", "plan_van_aanpak")  # answered: 2027
