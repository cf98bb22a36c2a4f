"""What a council member reads in a plan that is not finished or not consistent yet.

Each case is one a reader found while reading variants of the example next to each other:
a sentence that was true of the example but not of the variant. The variant is made by
changing answers, the documents are made again, and the sentence must now be true.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

import yaml

from handreiking.cli.main import main

PHASE_FILES = {"visie": "2-visie.yaml", "uitvoering": "5-uitvoering.yaml"}


def change(plan: Path, phase: str, edit: Callable[[dict[str, Any]], None]) -> None:
    """Change one phase's answers as someone editing the file would (comments are not kept)."""
    path = plan / "antwoorden" / PHASE_FILES[phase]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def documents(plan: Path) -> dict[str, str]:
    assert main(["render", str(plan), "--formaat", "md,html"]) == 0
    return {p.name: p.read_text(encoding="utf-8").replace("\u00a0", " ")  # an amount keeps € and number together
            for p in (plan / "documenten").glob("*.*") if p.suffix in (".md", ".html")}


def test_a_plan_without_goals_or_amounts_claims_no_agreement_and_no_budget(example_plan):
    """Without goals, "all partners agreed to these goals" agreed to nothing; without a single
    amount, "€ 0 per jaar begroot" is a budget nobody made."""
    def empty(answers: dict[str, Any]) -> None:
        answers.pop("doelen")
        answers.pop("middelen")

    change(example_plan, "uitvoering", empty)
    docs = documents(example_plan)
    assert "met deze doelen ingestemd" not in docs["plan_van_aanpak.md"]
    overview = docs["index.html"]
    assert "nog geen bedragen ingevuld" in overview and "€ 0 per jaar" not in overview


def test_not_covered_when_the_temporary_money_stops_is_no_contradiction(example_plan):
    """One year of execution, covered by temporary money, "niet dekkend" answered: both are
    true (the gap comes when the temporary money stops), so the plan says so instead of
    promising to correct one of them."""
    def one_year(answers: dict[str, Any]) -> None:
        answers["startdatum_uitvoering"] = dt.date(2027, 1, 1)
        answers["einddatum_uitvoering"] = dt.date(2027, 12, 31)

    change(example_plan, "uitvoering", one_year)
    plan = documents(example_plan)["plan_van_aanpak.md"]
    middelen = plan[plan.index("## Middelen en begroting"):]
    assert "Eén van beide stellen we nog bij" not in middelen
    assert ("Volgens de partners is de begroting nog niet dekkend. In de jaren van de uitvoering laten de posten "
            "hierboven geen tekort zien, maar zonder einddatum is € 297.000 per jaar gedekt: als het tijdelijke "
            "geld stopt, ontbreekt € 60.000 per jaar.") in middelen


def test_everyone_the_evaluation_reports_to_shares_one_row(example_plan):
    """The organs the evaluation reports to get the same report at the same moment: one row
    for all of them, not the same text copied into a row for each (which made the kernteam's
    row say it hears the results "in the next stuurgroep")."""
    plan = documents(example_plan)["communicatieplan.md"]
    evaluation = "| De uitkomsten van de evaluatie en de bijstellingen die daaruit volgen"
    assert plan.count(evaluation) == 1
    assert "| Kernteam, Stuurgroep van bestuurders, LEA-overleg en Gemeenteraad " + evaluation in plan
    assert "de laatste twee regels van de tabel" in plan


def test_an_inclusive_vision_with_level_3_in_its_offer_says_so(example_plan):
    """The inclusive perspective puts the accent on levels 1 and 2; an offer with level 3 says
    it has that too, and without it the paragraph ends before the next heading."""
    vision = documents(example_plan)["visiedocument.md"]
    assert "Ons aanbod heeft ook gespecialiseerde ondersteuning (niveau 3)" in vision
    change(example_plan, "visie", lambda answers: answers["niveaus_in_aanbod"].remove("niveau_3"))
    vision = documents(example_plan)["visiedocument.md"]
    assert "niveau 3)" not in vision.split("### Het continuüm")[0]
    assert "het alternatief.\n\n### Het continuüm van ondersteuning" in vision


def test_a_budget_figure_of_all_sources_together_says_so_in_its_text(example_plan):
    """Five years of execution with every source: the figure shows one bar per year, and its
    text alternative says so, as its caption does."""
    change(example_plan, "uitvoering", lambda answers: answers.update(einddatum_uitvoering=dt.date(2032, 12, 31)))
    plan = documents(example_plan)["plan_van_aanpak.md"]
    figure = next(line for line in plan.splitlines() if line.startswith("*Figuur: de begroting"))
    assert figure.startswith("*Figuur: de begroting per jaar (alle bronnen samen) en eenmalig.* "
                             "Begroting per jaar, alle bronnen samen. In 2026 ")
