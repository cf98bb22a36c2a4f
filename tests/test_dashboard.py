"""The dashboard: where the plan stands, worked out from the answers and the version date."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handreiking.core.errors import QuestionnaireError


def dashboard_of(folder: Path, config=None):
    from handreiking.insight.advice import plan_advice
    from handreiking.cli.shared import load_state
    from handreiking.insight.dashboard import build_dashboard
    from handreiking.render.pipeline import load_documents

    plan, catalog, answer_set, report = load_state(folder)
    assert report.ok
    return build_dashboard(plan, catalog, answer_set, plan_advice(plan, catalog, answer_set),
                           load_documents(catalog), config=config)


def edit_answers(folder: Path, phase_file: str, change) -> None:
    import yaml

    path = folder / "antwoorden" / phase_file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_example_puts_the_late_milestone_goals_behind_and_budget_gap_first(example_plan):
    board = dashboard_of(example_plan)
    kinds = [a.kind for a in board.attention]
    assert kinds == ["mijlpaal", "doel", "doel", "begroting"]
    assert "80% van de pedagogisch professionals getraind" in board.attention[0].text
    assert board.attention[1].text.startswith("Doel D2 loopt achter")
    assert board.attention[2].text.startswith("Doel D4 loopt achter")
    assert board.attention[3].text == "De begroting is niet dekkend: in 2028 ontbreekt € 60.000."


def test_example_execution_state(example_plan):
    board = dashboard_of(example_plan)
    assert board.version_date == dt.date(2027, 6, 28)
    dates = [m.date for m in board.milestones]
    assert dates == sorted(dates)
    states = {m.name: m.state for m in board.milestones}
    assert states["80% van de pedagogisch professionals getraind"] == "vertraagd"
    assert states["Nulmeting voor alle vier doelen afgerond"] == "gehaald"
    assert states["Eindmeting en besluit over de volgende planperiode"] == "lopend"
    goals = {g.id: g for g in board.goals}
    assert {k: g.state for k, g in goals.items()} == {"D1": "op_koers", "D2": "achter", "D3": "op_koers",
                                                       "D4": "achter"}
    # The next measurement comes from the evaluation plan, including dates written in a text.
    assert (goals["D1"].next.moment, goals["D1"].next.date) == ("Tussenmeting", dt.date(2027, 12, 15))
    assert (goals["D2"].next.moment, goals["D2"].next.date) == ("Eindmeting", dt.date(2028, 1, 15))
    assert goals["D4"].latest.moment == "Tussenmeting"  # the latest measurement, not the nulmeting
    budget = board.budget
    # Yearly and one-off money apart, never one sum; the gap per year follows from the lines.
    assert (budget.yearly, budget.structural, budget.one_off, budget.covered) == (377000, 317000, 204000, False)
    # all locations and the second day part on the large ones from 1-9-2027: in 2027 four months of
    # € 180.000 and of € 60.000, in the costs and in the cover
    assert [(y.year, y.extra, y.cover, y.gap) for y in budget.years] == [(2027, 197000, 197000, 0),
                                                                       (2028, 357000, 297000, 60000)]
    # the yearly lines' sum (€ 377.000) is no year's figure here: lines start in October 2026 and September 2027
    # and temporary money stops after 2027, so the overview says each year's yearly money
    assert budget.summary == ("jaarlijks € 73.250 in 2026, € 217.000 in 2027 en € 317.000 in 2028, "
                              "en € 204.000 eenmalig begroot; niet dekkend: in 2028 ontbreekt € 60.000.")
    from handreiking.questionnaire.catalog import load_catalog

    jeugdwet = load_catalog().get("uitvoering").question("middelen").field("bron").choice("jeugdwet").label
    assert budget.yearly_by_source[0] == (jeugdwet, 325000)  # the label comes from the questionnaire
    assert board.risks[0].weight == 9 and board.risks[0].owner == "Jeugdhulp De Bolster"
    assert [a.goal for a in board.adjustments] == ["D1", "D2", "D4", ""]


def test_example_route_links_documents_and_answer_files(example_plan):
    board = dashboard_of(example_plan)
    by_id = {p.id: p for p in board.phases}
    assert all(p.state == "afgerond" for p in board.phases)
    assert by_id["uitvoering"].answer_file == "../antwoorden/5-uitvoering.yaml"
    titles = {p: [d.title for d in by_id[p].documents] for p in by_id}
    assert "Visiedocument" in titles["visie"] and "Plan van aanpak" not in titles["visie"]
    assert "Plan van aanpak" in titles["uitvoering"]
    assert all("Overzicht" not in t for t in titles.values())
    assert "visiedocument.docx" in by_id["visie"].documents[0].files


def test_overdue_milestone_and_unmeasured_goal(example_plan):
    def change(data):
        data["mijlpalen"][7]["datum"] = dt.date(2027, 3, 1)  # still "bezig", but past the version date
        data["doelen"].append({"doel_id": "D5", "doel": "Een nieuw doel", "eigenaar": "Jeugdhulp De Bolster"})
    edit_answers(example_plan, "5-uitvoering.yaml", change)
    board = dashboard_of(example_plan)
    overdue = [m for m in board.milestones if m.state == "over_datum"]
    assert [m.name for m in overdue] == ["Jeugdhulpprofessional op de groep op alle 18 locaties"]
    assert board.attention[0].text.startswith("Mijlpaal over datum")
    d5 = next(g for g in board.goals if g.id == "D5")
    assert (d5.state, d5.latest, d5.next) == ("onbekend", None, None)


def test_covered_budget_and_open_required_questions(new_plan):
    board = dashboard_of(new_plan)
    assert board.milestones == () and board.goals == () and board.budget is None
    assert board.attention and {a.kind for a in board.attention} == {"vraag"}
    assert all(p.state == "nog niet begonnen" for p in board.phases)


def test_dates_in_texts():
    from handreiking.insight.dashboard import dates_in

    assert dates_in("31 mei 2027 (pilot) en 15 December 2027") == [dt.date(2027, 5, 31), dt.date(2027, 12, 15)]
    assert dates_in("2027-02-30 of 2027-03-01") == [dt.date(2027, 3, 1)]
    assert dates_in(dt.date(2026, 1, 2)) == [dt.date(2026, 1, 2)]
    assert dates_in("na de zomer") == [] and dates_in(None) == []


def test_a_config_naming_an_unknown_question_is_a_content_error(example_plan):
    with pytest.raises(QuestionnaireError, match="uitvoering.bestaat_niet"):
        dashboard_of(example_plan, config={"risicos": {"vraag": "uitvoering.bestaat_niet"}})
    with pytest.raises(QuestionnaireError, match="'gevaar'"):
        dashboard_of(example_plan, config={"risicos": {"vraag": "uitvoering.risicos", "naam": "gevaar"}})


def test_status_names_no_empty_owner(example_plan, capsys):
    """A milestone or goal without an owner showed as 'Nulmeting uitgevoerd ()' / '— '."""
    from helpers import run_cli

    def drop_owners(data):
        for row in (*data["mijlpalen"], *data["doelen"]):
            row["eigenaar"] = None
    edit_answers(example_plan, "5-uitvoering.yaml", drop_owners)
    capsys.readouterr()
    run_cli("status", str(example_plan))
    out = capsys.readouterr().out
    section = out.split("Uitvoering:", 1)[1].split("\n\n", 1)[0]
    assert "Mijlpalen:" in section and "Doelen:" in section
    assert "()" not in section and not [line for line in section.splitlines() if line.rstrip().endswith("—")]


def test_a_milestone_or_risk_with_only_some_fields_reads_without_empty_brackets(tmp_path, capsys):
    """A late milestone without an owner and a risk with only its name: 'Start (gepland 1
    september 2027)' and 'Tekort aan personeel', never '(…; )' or '(kans , impact ; )'."""
    import re

    from helpers import plan_with_answers, run_cli

    plan = plan_with_answers(tmp_path, "uitvoering:\n  mijlpalen:\n    - mijlpaal: Start\n      datum: 1-9-2027\n"
                             "      status: vertraagd\n  risicos:\n    - risico: Tekort aan personeel\n")
    capsys.readouterr()
    assert run_cli("status", str(plan)) == 0
    out = capsys.readouterr().out
    assert "Mijlpaal vertraagd: Start (gepland 1 september 2027)" in out
    assert "    - Tekort aan personeel\n" in out
    assert run_cli("render", str(plan), "--formaat", "html") == 0
    overview = re.sub(r"<[^>]+>", "", (plan / "documenten" / "index.html").read_text(encoding="utf-8"))
    assert "Tekort aan personeel." in overview
    for text in (out, overview):
        assert not re.search(r"\(\s*;|;\s*\)|\(\s*\)|kans\s*,|impact\s*;", text), text


def test_the_next_measurement_comes_after_the_latest_one_done(tmp_path, capsys):
    """A result dated after the version (typed ahead by mistake): status never names as 'next' a
    moment before the one already measured, and the advice says the date is later than this version."""
    import datetime as dt
    import re

    from helpers import copy_example, run_cli
    from handreiking.plan.answers import load_phase
    from handreiking.questionnaire.catalog import load_catalog

    plan = copy_example(tmp_path / "plan")
    phase = load_phase(load_catalog().get("evaluatie"), plan / "antwoorden")
    results = phase.get("resultaten")
    results.append({"doel_id": "D1", "meetmoment": "tussenmeting", "datum": dt.date(2028, 2, 1), "oordeel": "achter"})
    phase.set("resultaten", results)
    phase.save()
    assert run_cli("status", str(plan)) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("D1 "))
    assert "(tussenmeting 1 februari 2028)" in line
    months = {m: n for n, m in enumerate(["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                          "september", "oktober", "november", "december"], start=1)}
    following = re.search(r"volgende: \w+ (\d+) (\w+) (\d{4})", line)
    assert following is None or dt.date(int(following[3]), months[following[2]], int(following[1])) > dt.date(2028, 2, 1)
    assert run_cli("check", str(plan)) == 0
    assert "Bij doel D1 staat een uitkomst met een datum na deze versie van het plan" in capsys.readouterr().out
