"""One fact, one question (schema 5): a goal's baseline is asked once, at the goal.

A plan of schema 4 could hold it twice: the goal's ``uitgangswaarde`` (Uitvoering) and the
outcome of a nulmeting in the results (Evaluatie). The migration keeps the goal's answer
(the phase that owns the fact): an open baseline takes the nulmeting's outcome, the same
value is kept once, and a different value stays where it was as a note that ``check`` names
with both places. The documents print one value: the goal's.
"""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handreiking.plan.folder import SCHEMA_VERSION
from handreiking.plan.fact_moves import move_facts
from helpers import copy_example, examples, run_cli

NULMETING = "Dossieronderzoek bij 40 signalen: bij 35% een gesprek binnen twee weken."


def schema_4_plan(tmp_path, baseline):
    """The example, written as schema 4 wrote it: D4's nulmeting with its own outcome."""
    plan = copy_example(tmp_path / "plan")
    (plan / "plan.yaml").write_text((plan / "plan.yaml").read_text(encoding="utf-8").replace(
        f"schema_versie: {SCHEMA_VERSION}", "schema_versie: 4"), encoding="utf-8")
    uitvoering = plan / "antwoorden" / "5-uitvoering.yaml"
    text = uitvoering.read_text(encoding="utf-8")
    old = "    uitgangswaarde: 35% (nulmeting juni 2026, dossieronderzoek bij 40 signalen)\n"
    assert old in text
    uitvoering.write_text(text.replace(old, f"    uitgangswaarde: '{baseline}'\n" if baseline else ""), encoding="utf-8")
    evaluatie = plan / "antwoorden" / "6-evaluatie.yaml"
    text = evaluatie.read_text(encoding="utf-8")
    old = "  - doel_id: D4\n    meetmoment: nulmeting\n    datum: 2026-06-15\n"  # each goal has a nulmeting
    assert text.count(old) == 1
    evaluatie.write_text(text.replace(old, old + f"    uitkomst: '{NULMETING}'\n"), encoding="utf-8")
    return plan


def answers_of(plan, name):
    return yaml.safe_load((plan / "antwoorden" / name).read_text(encoding="utf-8"))


def goal(plan, goal_id="D4"):
    return next(d for d in answers_of(plan, "5-uitvoering.yaml")["doelen"] if d["doel_id"] == goal_id)


def nulmeting(plan, goal_id="D4"):
    return next(r for r in answers_of(plan, "6-evaluatie.yaml")["resultaten"]
                if r["doel_id"] == goal_id and r["meetmoment"] == "nulmeting")


def results_row(plan, goal_id="D4", moment="Nulmeting"):
    text = (plan / "documenten" / "evaluatieplan.md").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith(f"| {goal_id} | {moment} |"))


def test_an_open_baseline_takes_the_outcome_of_the_nulmeting(tmp_path, capsys):
    plan = schema_4_plan(tmp_path, "Nog niet bekend; volgt uit de nulmeting")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    err = capsys.readouterr().err
    assert "D4: de uitkomst van de nulmeting staat nu als de uitgangswaarde bij het doel" in err
    assert goal(plan)["uitgangswaarde"] == NULMETING
    assert "uitkomst" not in nulmeting(plan)
    assert nulmeting(plan)["conclusie"]  # the rest of the row stays
    backup = plan / ".handreiking-backup" / "schema-4" / "antwoorden" / "6-evaluatie.yaml"
    assert NULMETING in backup.read_text(encoding="utf-8")
    row = results_row(plan)
    assert f"Uitgangswaarde: {NULMETING}" in row
    plan_van_aanpak = (plan / "documenten" / "plan_van_aanpak.md").read_text(encoding="utf-8")
    assert f"| {NULMETING} |" in plan_van_aanpak and "Nog niet bekend" not in plan_van_aanpak


def test_the_same_value_twice_is_kept_once(tmp_path, capsys):
    plan = schema_4_plan(tmp_path, NULMETING.replace(" ", "  "))
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    assert "verschilt" not in capsys.readouterr().err
    assert "uitkomst" not in nulmeting(plan)
    assert goal(plan)["uitgangswaarde"] == NULMETING.replace(" ", "  ")


def test_a_different_value_stays_as_a_note_and_check_names_both_places(tmp_path, capsys):
    plan = schema_4_plan(tmp_path, "30% (2026)")
    assert run_cli("check", str(plan)) == 0  # reading sees the moves in memory, writes nothing
    out = " ".join(capsys.readouterr().out.split())
    assert "regel nulmeting-uitkomst-naast-uitgangswaarde" in out
    assert "Bij de nulmeting van D4 (Evaluatie, Resultaten)" in out and NULMETING[:40] in out
    assert 'Bij het doel (Uitvoering, Meetbare doelen) staat als uitgangswaarde "30% (2026)"' in out
    assert not (plan / ".handreiking-backup").exists()

    assert run_cli("render", str(plan), "--formaat", "md") == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "D4: de uitkomst van de nulmeting" in err and "verschilt van de uitgangswaarde bij het doel" in err
    assert goal(plan)["uitgangswaarde"] == "30% (2026)"  # the owner's answer is kept
    assert nulmeting(plan)["uitkomst"] == NULMETING  # the other one is not lost
    # the documents print one value, the goal's
    assert "Uitgangswaarde: 30% (2026)" in results_row(plan)
    for document in (plan / "documenten").glob("*.md"):
        text = document.read_text(encoding="utf-8")
        assert "Dossieronderzoek bij 40 signalen: bij 35%" not in text.replace("\\", ""), document.name


def test_an_unanswered_baseline_reads_as_the_nulmeting_before_any_write(tmp_path, capsys):
    plan = schema_4_plan(tmp_path, None)
    assert run_cli("check", str(plan)) == 0
    out = capsys.readouterr().out
    assert "uitgangswaarde-na-nulmeting-onbekend" not in out and "nulmeting-uitkomst-naast" not in out
    assert "uitgangswaarde:" not in (plan / "antwoorden" / "5-uitvoering.yaml").read_text(
        encoding="utf-8").split("doel_id: D4")[1].split("doel_id:")[0]  # still as written


def test_a_row_without_one_goal_stays_as_it_is():
    """A nulmeting for a goal that does not exist (or exists twice) moves nowhere."""
    phases = {
        "uitvoering": {"doelen": [{"doel_id": "D1", "uitgangswaarde": None},
                                  {"doel_id": "D2"}, {"doel_id": "d2"}]},
        "evaluatie": {"resultaten": [{"doel_id": "D9", "meetmoment": "nulmeting", "uitkomst": "12"},
                                     {"doel_id": "D2", "meetmoment": "nulmeting", "uitkomst": "13"},
                                     {"doel_id": "D1", "meetmoment": "tussenmeting", "uitkomst": "14"},
                                     {"doel_id": "d1 ", "meetmoment": "nulmeting", "uitkomst": "15\n%"}]},
    }

    class Phase:
        def __init__(self, data):
            self.data = data

        def get(self, key):
            return self.data.get(key)

    notes: list[str] = []
    assert move_facts(lambda name: Phase(phases[name]), save=False, since=4, notes=notes)
    assert phases["uitvoering"]["doelen"][0]["uitgangswaarde"] == "15 %"
    assert [r.get("uitkomst") for r in phases["evaluatie"]["resultaten"]] == ["12", "13", "14", None]
    assert notes == ["d1: de uitkomst van de nulmeting staat nu als de uitgangswaarde bij het doel (Uitvoering)."]


# --- the plan's adoption: one answer, the document's own vaststelling ----------------------------


def test_the_stakeholderanalyse_says_the_plan_was_adopted_instead_of_a_passed_target_date():
    from pathlib import Path

    examples = Path(__file__).resolve().parent.parent / "examples"
    adopted = (examples / "gemeente-voorbeeld" / "documenten" / "stakeholderanalyse.md").read_text(encoding="utf-8")
    assert ("- **Gezamenlijk plan:** het *Plan van aanpak* is vastgesteld door de stuurgroep op 2 juli 2026 "
            "(streefdatum was 2 november 2026).") in adopted
    assert "Streefdatum gezamenlijk plan" not in adopted
    concept = (examples / "gemeente-klein" / "documenten" / "stakeholderanalyse.md").read_text(encoding="utf-8")
    assert "- **Streefdatum gezamenlijk plan:** 30 juni 2026\n" in concept  # the version date itself: not passed


def test_a_passed_target_date_without_an_adopted_plan_says_so(tmp_path):
    plan = copy_example(tmp_path / "plan")
    planvorming = plan / "antwoorden" / "4-planvorming.yaml"
    text = planvorming.read_text(encoding="utf-8")
    planvorming.write_text(text.replace("plan_van_aanpak_status: vastgesteld", "plan_van_aanpak_status: concept"),
                           encoding="utf-8")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    text = (plan / "documenten" / "stakeholderanalyse.md").read_text(encoding="utf-8")
    assert ("- **Streefdatum gezamenlijk plan:** 2 november 2026. Die datum is voorbij; het *Plan van aanpak* "
            "is nog niet vastgesteld.") in text
    assert "Gezamenlijk plan:** het" not in text


# --- money a decision costs: one amount, at its budget line --------------------------------------


def test_what_an_adjustment_costs_comes_from_its_budget_line(tmp_path):
    plan = copy_example(tmp_path / "plan")
    uitvoering = plan / "antwoorden" / "5-uitvoering.yaml"
    uitvoering.write_text(uitvoering.read_text(encoding="utf-8").replace("bedrag: 12000", "bedrag: 13500"),
                          encoding="utf-8")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    text = (plan / "documenten" / "evaluatieplan.md").read_text(encoding="utf-8")
    assert ("- **Extra trainingsrondes en inval voor SKL:** €\u00a013.500 eenmalig in 2027 (bron: Incidentele "
            'middelen; post "Extra inval bij SKL voor vier trainingsdagen (bijstelling doel D2)").') in text
    assert "12.000" not in text  # the decision itself no longer repeats the amount
    besluit = answers_of(plan, "6-evaluatie.yaml")["bijstellingen"][1]["besluit"]
    assert "euro" not in besluit and "€" not in besluit


def test_the_wizard_asks_no_outcome_for_a_nulmeting():
    """The outcome field of a result applies to an interim or final measurement only."""
    from handreiking.questionnaire.catalog import load_catalog

    results = load_catalog().get("evaluatie").question("resultaten")
    outcome = next(f for f in results.fields if f.id == "uitkomst")
    assert outcome.condition.evaluate({"meetmoment": "nulmeting"}) is False
    assert outcome.condition.evaluate({"meetmoment": "tussenmeting"}) is True
    assert outcome.condition.evaluate({"meetmoment": "eindmeting"}) is True


_TEXT = st.one_of(st.none(), st.sampled_from(["", "  ", "35%", "35 %", "Nog niet bekend", "nog onbekend"]),
                  st.text(max_size=12), st.integers(-5, 5), st.lists(st.text(max_size=3), max_size=2),
                  st.fixed_dictionaries({"anders": st.text(max_size=5)}))
_CODE = st.sampled_from(["D1", "d1", " D1 ", "D2", "D3", None])


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goals=st.lists(st.fixed_dictionaries({"doel_id": _CODE, "uitgangswaarde": _TEXT}), max_size=4),
       results=st.lists(st.fixed_dictionaries({"doel_id": _CODE, "uitkomst": _TEXT,
                                               "meetmoment": st.sampled_from(["nulmeting", "tussenmeting", None])}),
                        max_size=4))
# Found by the property: a row that only says "nog niet bekend" filled the baseline first and
# the measured value of the next row then took its place, so the first row's words were gone.
@example(goals=[{"doel_id": "D1", "uitgangswaarde": None}],
         results=[{"doel_id": "D1", "uitkomst": None, "meetmoment": "nulmeting"},
                  {"doel_id": "D1", "uitkomst": "Nog niet bekend", "meetmoment": "nulmeting"},
                  {"doel_id": "D1", "uitkomst": "35%", "meetmoment": "nulmeting"}])
@example(goals=[{"doel_id": "D1", "uitgangswaarde": None}],
         results=[{"doel_id": "D1", "uitkomst": "Nog niet bekend", "meetmoment": "nulmeting"},
                  {"doel_id": "D1", "uitkomst": "nog onbekend", "meetmoment": "nulmeting"}])
def test_the_baseline_move_never_loses_an_answer(goals, results):
    """Whatever the two lists hold: a baseline that said something stays as it was, and every
    nulmeting outcome that goes is now a goal's baseline (the same words)."""
    import copy

    phases = {"uitvoering": {"doelen": copy.deepcopy(goals)}, "evaluatie": {"resultaten": copy.deepcopy(results)}}

    class Phase:
        def __init__(self, data):
            self.data = data

        def get(self, key):
            return self.data.get(key)

    notes: list[str] = []
    move_facts(lambda name: Phase(phases[name]), save=False, since=4, notes=notes)
    after_goals, after_results = phases["uitvoering"]["doelen"], phases["evaluatie"]["resultaten"]
    baselines = [" ".join(str(g.get("uitgangswaarde")).split()) for g in after_goals]
    for before, after in zip(goals, after_goals):
        said = before["uitgangswaarde"]
        if said is not None and not (isinstance(said, str) and (not said.strip() or "onbekend" in said.lower()
                                                                  or "niet bekend" in said.lower())):
            assert after["uitgangswaarde"] == said
    for before, after in zip(results, after_results):
        assert {k: v for k, v in after.items() if k != "uitkomst"} == {k: v for k, v in before.items()
                                                                       if k != "uitkomst"}
        if "uitkomst" not in after:
            assert " ".join(str(before["uitkomst"]).split()).casefold() in (b.casefold() for b in baselines)
        else:
            assert after["uitkomst"] == before["uitkomst"]
