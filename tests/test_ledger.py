"""The budget as a ledger: yearly and one-off money apart, cover only from money that may pay
the extra costs, gaps per year from the lines; the schema-4 migration; contradicting fields."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from handreiking.plan.folder import SCHEMA_VERSION
from handreiking.insight.dashboard import load_config
from handreiking.insight.ledger import build_ledger
from helpers import copy_example, run_cli

BLOCK = load_config()["begroting"]


def ledger_of(lines, extra=None, start=None, end=None, extra_from=None):
    answers = {"uitvoering.middelen": lines, "planvorming.extra_kosten_per_jaar": extra,
               "planvorming.extra_kosten_vanaf": extra_from,
               "uitvoering.startdatum_uitvoering": start, "uitvoering.einddatum_uitvoering": end}
    return build_ledger(BLOCK, answers.get)


def line(post="Post", bedrag=1000, soort="structureel", van=2026, tot=None, bron="jeugdwet", bestemming="extra",
         maand=None, tot_maand=None):
    item = {"post": post, "bedrag": bedrag, "soort": soort, "van_jaar": van, "bron": bron, "bestemming": bestemming}
    if tot is not None:
        item["tot_jaar"] = tot
    if maand is not None:
        item["van_maand"] = maand
    if tot_maand is not None:
        item["tot_maand"] = tot_maand
    return item


def test_yearly_and_one_off_money_are_never_one_total():
    ledger = ledger_of([line(bedrag=100), line(soort="tijdelijk", bedrag=20, tot=2027), line(soort="eenmalig", bedrag=7)])
    assert (ledger.yearly_total, ledger.structural_total, ledger.temporary_total, ledger.one_off_total) == (
        120, 100, 20, 7)
    assert ledger.by_source("jaarlijks") == (("jeugdwet", 120),) and ledger.by_source("eenmalig") == (("jeugdwet", 7),)


def test_money_for_regular_hours_never_covers_the_extra_costs():
    """Issue 22, 1b: Westerhaven's € 150.000 extra costs were 'covered' by € 160.000, of which
    € 15.000 SMI money. SMI, 1.13 Wko and the Asscher money pay regular childcare."""
    lines = [line(bedrag=120000), line(bron="oab", bedrag=25000), line(bron="smi", bedrag=15000),
             line(bron="asscher", bedrag=9000), line(bron="wko_1_13", bedrag=9000),
             line(bron="kinderopvangtoeslag", bedrag=9000)]
    ledger = ledger_of(lines, extra=150000, start=dt.date(2026, 9, 1), end=dt.date(2027, 8, 31))
    assert [(y.year, y.cover, y.gap) for y in ledger.years] == [(2026, 145000, 5000), (2027, 145000, 5000)]


def test_only_yearly_lines_for_the_extra_costs_cover_them():
    lines = [line(bedrag=50), line(bedrag=30, bestemming="regulier", bron="gemeentefonds"),
             line(soort="eenmalig", bedrag=1000), line(bedrag=40, bestemming=None)]
    assert [y.cover for y in ledger_of(lines, extra=100, start="2026-01-01", end="2026-12-31").years] == [50]


def test_gaps_per_year_follow_from_the_years_of_the_lines():
    lines = [line(bedrag=180, van=2027), line(soort="tijdelijk", bedrag=60, van=2027, tot=2027),
             line(bedrag=117, van=2026)]
    ledger = ledger_of(lines, extra=357, start=dt.date(2026, 9, 1), end=dt.date(2028, 12, 31), extra_from=2027)
    assert [(y.year, y.gap) for y in ledger.years] == [(2027, 0), (2028, 60)]
    assert ledger.structural_cover == 297 and [y.year for y in ledger.gap_years] == [2028]


def test_temporary_money_without_a_last_year_covers_its_first_year_only():
    ledger = ledger_of([line(soort="tijdelijk", bedrag=60, van=2027)], extra=60, start="2027-01-01", end="2028-12-31")
    assert [(y.year, y.gap) for y in ledger.years] == [(2027, 0), (2028, 60)]


def test_a_yearly_line_that_starts_in_september_counts_four_months_in_its_first_year():
    """Issue 22: Lindewaard's roll-out to all locations starts 1-9-2027 and was counted as a full
    € 180.000 in 2027. Its first year counts pro rata; what has not started costs nothing yet, so
    the extra costs of that year are lower by the same part and no gap is invented."""
    lines = [line(bedrag=180000, van=2027, maand=9), line(soort="tijdelijk", bedrag=60000, van=2027, tot=2027),
             line(bedrag=117000, van=2026)]
    ledger = ledger_of(lines, extra=357000, start=dt.date(2026, 9, 1), end=dt.date(2028, 12, 31), extra_from=2027)
    first = ledger.lines[0]
    assert first.starts_mid_year and first.first_year_amount == 60000
    assert [first.amount_in(y) for y in (2026, 2027, 2028)] == [0, 60000, 180000]
    assert [(y.year, y.extra, y.cover, y.gap) for y in ledger.years] == [
        (2027, 237000, 237000, 0), (2028, 357000, 297000, 60000)]
    assert ledger.yearly_by_year == ((2026, 117000), (2027, 237000), (2028, 297000))
    assert ledger.yearly_total == 357000  # the column "Per jaar" keeps the whole amount per year


def test_a_late_start_in_a_plan_that_pays_more_than_the_estimate_never_makes_the_costs_nothing():
    """€ 100.000 extra costs, € 20.000 that runs all year and € 120.000 from December: the
    eleven months not started took € 110.000 off, and the year read "extra kosten € 0,
    gedekt € 30.000". The December line pays only the € 80.000 the first leaves of the
    estimate; of that part, eleven months have not started."""
    lines = [line(bedrag=20000, van=2026), line(bedrag=120000, van=2027, maand=12)]
    ledger = ledger_of(lines, extra=100000, start="2026-01-01", end="2028-12-31", extra_from=2027)
    assert [(y.year, y.extra, y.cover, y.gap, y.late_partly) for y in ledger.years] == [
        (2027, 100000 - round(110000 * 80000 / 120000), 30000, 0, True), (2028, 100000, 140000, 0, False)]


def test_money_that_starts_after_the_estimate_is_paid_never_lowers_a_years_costs():
    """A second trial found that a line of € 100.000 from December lowered the year's costs
    from € 100.000 to € 54.166 (and in the example € 200.000 more from December took
    € 60.054 off), although the money running all year already paid the whole estimate."""
    base = [line(bedrag=100000, van=2026)]
    added = base + [line(bedrag=100000, van=2027, maand=12)]
    for lines in (base, added):
        first = ledger_of(lines, extra=100000, start="2027-01-01", end="2027-12-31").years[0]
        assert (first.extra, first.gap) == (100000, 0)
    # a line that starts only in the next year takes nothing off: that year's money is late
    late = ledger_of([line(bedrag=20000, van=2026), line(bedrag=120000, van=2028)], extra=100000,
                     start="2026-01-01", end="2028-12-31", extra_from=2027)
    assert [(y.year, y.extra, y.cover, y.gap) for y in late.years] == [(2027, 100000, 20000, 80000),
                                                                        (2028, 100000, 140000, 0)]


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 12)), min_size=1, max_size=5), st.integers(1, 10**6))
def test_the_costs_of_a_year_are_at_least_the_share_of_the_estimate_that_already_runs(rows, extra):
    """Lines starting in some month of the year: the extra costs are never more than the
    estimate, and never less than its share that the lines running all year pay for."""
    lines = [line(bedrag=amount, van=2027, maand=month) for amount, month in rows]
    first = ledger_of(lines, extra=extra, start="2027-01-01", end="2027-12-31").years[0]
    whole_year, total = sum(amount for amount, month in rows if month == 1), sum(amount for amount, _ in rows)
    assert (extra * whole_year / total if total else extra) - 1 <= first.extra <= extra
    assert first.gap == max(0, first.extra - first.cover)


def test_a_start_month_in_a_year_before_the_extra_costs_changes_no_year_of_them():
    ledger = ledger_of([line(bedrag=120, van=2026, maand=7)], extra=120, start="2026-01-01", end="2027-12-31",
                       extra_from=2027)
    assert [(y.year, y.extra, y.gap) for y in ledger.years] == [(2027, 120, 0)]
    assert ledger.yearly_by_year == ((2026, 60), (2027, 120))


def test_a_start_month_means_nothing_for_one_off_money_or_outside_one_to_twelve():
    ledger = ledger_of([line(soort="eenmalig", bedrag=90, van=2027, maand=9), line(bedrag=12, van=2027, maand=13)],
                       extra=12, start="2027-01-01", end="2027-12-31")
    assert [line.start_month for line in ledger.lines] == [1, 1] and not ledger.mid_year_lines
    assert [(y.cover, y.gap) for y in ledger.years] == [(12, 0)]


@given(st.integers(1, 12), st.integers(0, 10**6), st.integers(0, 2 * 10**6))
def test_pro_rata_never_gives_more_than_the_whole_year_and_gap_is_costs_minus_cover(month, amount, extra):
    ledger = ledger_of([line(bedrag=amount, van=2027, maand=month)], extra=extra, start="2027-01-01",
                       end="2028-12-31")
    first, second = ledger.years
    assert first.cover <= second.cover == amount and first.extra <= second.extra == extra
    assert first.cover == round(amount * (13 - month) / 12)
    for year in ledger.years:
        assert year.gap == max(0, year.extra - year.cover)


def test_temporary_money_that_stops_in_july_leaves_the_rest_of_that_year_a_gap():
    """Money promised to the end of a school year: the last year counts up to its end month, and
    the extra costs go on, as they do after an end year."""
    ledger = ledger_of([line(soort="tijdelijk", bedrag=60000, van=2027, tot=2028, tot_maand=7)], extra=60000,
                       start="2027-01-01", end="2028-12-31")
    only = ledger.lines[0]
    assert only.ends_mid_year and only.last_day == "31-7-2028" and only.last_year_amount == 35000
    assert only.amounts_by_year == ((2027, 60000), (2028, 35000))
    assert [(y.year, y.extra, y.cover, y.gap) for y in ledger.years] == [(2027, 60000, 60000, 0),
                                                                         (2028, 60000, 35000, 25000)]


def test_a_line_within_one_year_counts_its_months_and_an_impossible_end_month_counts_whole():
    ledger = ledger_of([line(soort="tijdelijk", bedrag=120, van=2027, tot=2027, maand=3, tot_maand=8),
                        line(soort="tijdelijk", bedrag=120, van=2027, tot=2027, maand=9, tot_maand=2),
                        line(soort="structureel", bedrag=120, van=2027, tot_maand=6)],
                       start="2027-01-01", end="2027-12-31")
    assert [(line.months_in(2027), line.amount_in(2027)) for line in ledger.lines] == [(6, 60), (4, 40), (12, 120)]
    assert [line.end_month for line in ledger.lines] == [8, 12, 12]  # a structural line has no end


def test_no_lines_or_no_estimate_gives_no_verdict():
    assert ledger_of([], extra=100, start="2026-01-01").years == ()
    assert ledger_of([line()], extra=None, start="2026-01-01").years == ()


@given(st.lists(st.tuples(st.sampled_from(["structureel", "tijdelijk", "eenmalig"]), st.integers(0, 10**6),
                          st.integers(2025, 2030), st.integers(0, 4),
                          st.sampled_from(["jeugdwet", "smi", "gemeentefonds", "asscher"]),
                          st.sampled_from(["extra", "regulier"])), max_size=8),
       st.integers(0, 2 * 10**6))
def test_cover_never_exceeds_the_yearly_money_and_gap_plus_cover_is_the_estimate(rows, extra):
    lines = [line(soort=s, bedrag=b, van=v, tot=v + d if s == "tijdelijk" else None, bron=src, bestemming=p)
             for s, b, v, d, src, p in rows]
    ledger = ledger_of(lines, extra=extra, start="2025-01-01", end="2031-12-31")
    assert ledger.yearly_total + ledger.one_off_total == sum(b for _, b, *_ in rows)
    for year in ledger.years:
        assert year.cover <= ledger.yearly_total
        assert year.gap == max(0, extra - year.cover)


# --- the examples --------------------------------------------------------------------------


def test_the_examples_budgets_hold_together(example_plan):
    from handreiking.cli.shared import load_state
    from handreiking.insight.dashboard import build_dashboard

    plan, catalog, answer_set, _ = load_state(example_plan)
    budget = build_dashboard(plan, catalog, answer_set).budget
    assert [(y.year, y.gap) for y in budget.gap_years] == [(2028, 60000)]  # as the plan's own text says
    # all locations and the second day part from 1-9-2027: 4 of 12 months of € 180.000 and € 60.000 in 2027
    assert [(y.year, y.extra, y.cover) for y in budget.years] == [(2027, 197000, 197000), (2028, 357000, 297000)]
    assert budget.answered_covered is False


# --- schema 4: one ledger --------------------------------------------------------------------


SCHEMA_3_PLANVORMING = """\
financieringsbronnen: [kinderopvangtoeslag, jeugdwet, smi]
financieringsregels:
  - bron: jeugdwet
    bedrag: 120000
    structureel: false
    looptijd: 2026 en 2027
    einddatum: 2027-12-31
    toelichting: Jeugdhulp op de groep
  - bron: smi
    bedrag: 15000
    structureel: true
extra_kosten_per_jaar: 150000
"""

SCHEMA_3_UITVOERING = """\
startdatum_uitvoering: 2026-09-01
einddatum_uitvoering: 2028-08-31
begroting_dekkend: false
tekort_bedrag: 30000
"""


def test_schema_3_money_moves_into_the_ledger_after_a_backup(tmp_path):
    plan = copy_example(tmp_path / "plan")
    (plan / "plan.yaml").write_text((plan / "plan.yaml").read_text(encoding="utf-8").replace(
        f"schema_versie: {SCHEMA_VERSION}", "schema_versie: 3"), encoding="utf-8")
    answers = plan / "antwoorden"
    (answers / "4-planvorming.yaml").write_text(SCHEMA_3_PLANVORMING, encoding="utf-8")
    (answers / "5-uitvoering.yaml").write_text(SCHEMA_3_UITVOERING, encoding="utf-8")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    planvorming = yaml.safe_load((answers / "4-planvorming.yaml").read_text(encoding="utf-8"))
    uitvoering = yaml.safe_load((answers / "5-uitvoering.yaml").read_text(encoding="utf-8"))
    assert "financieringsregels" not in planvorming and planvorming["extra_kosten_per_jaar"] == 150000
    assert "tekort_bedrag" not in uitvoering  # follows from the lines now
    assert uitvoering["middelen"] == [
        {"post": "Jeugdhulp op de groep", "soort": "tijdelijk", "bron": "jeugdwet", "bedrag": 120000, "tot_jaar": 2027},
        {"post": "smi", "soort": "structureel", "bron": "smi", "bedrag": 15000, "bestemming": "regulier"}]
    backup = plan / ".handreiking-backup" / "schema-3" / "antwoorden"
    assert (backup / "4-planvorming.yaml").read_text(encoding="utf-8") == SCHEMA_3_PLANVORMING
    assert (backup / "5-uitvoering.yaml").read_text(encoding="utf-8") == SCHEMA_3_UITVOERING


def test_schema_3_budget_lines_get_their_kind_and_other_money_stays(tmp_path):
    """Budget lines already there: their yes/no becomes a kind; the per-source list is kept
    in the file (check names it as no longer used) rather than lost or counted twice."""
    plan = copy_example(tmp_path / "plan")
    (plan / "plan.yaml").write_text((plan / "plan.yaml").read_text(encoding="utf-8").replace(
        f"schema_versie: {SCHEMA_VERSION}", "schema_versie: 3"), encoding="utf-8")
    answers = plan / "antwoorden"
    (answers / "4-planvorming.yaml").write_text(SCHEMA_3_PLANVORMING, encoding="utf-8")
    (answers / "5-uitvoering.yaml").write_text(SCHEMA_3_UITVOERING + (
        "middelen:\n  - post: Training\n    bedrag: 6000\n    bron: oab\n    structureel: nee\n"
        "  - post: SMI-plaatsen\n    bedrag: 15000\n    bron: smi\n    structureel: true\n"), encoding="utf-8")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    uitvoering = yaml.safe_load((answers / "5-uitvoering.yaml").read_text(encoding="utf-8"))
    assert uitvoering["middelen"] == [
        {"post": "Training", "bedrag": 6000, "bron": "oab", "soort": "eenmalig"},
        {"post": "SMI-plaatsen", "bedrag": 15000, "bron": "smi", "soort": "structureel", "bestemming": "regulier"}]
    assert "financieringsregels" in yaml.safe_load((answers / "4-planvorming.yaml").read_text(encoding="utf-8"))


# --- a line cannot contradict itself -----------------------------------------------------------


@pytest.mark.parametrize("soort, extra, says", [
    ("structureel", "    tot_jaar: 2027\n", "'soort: structureel' (elk jaar, zonder einde) als 'tot_jaar: 2027'"),
    ("eenmalig", "    tot_jaar: 2027\n", "een eenmalige post valt in één jaar"),
    ("tijdelijk", "    tot_jaar: 2025\n", "het eindjaar 2025 ligt vóór het beginjaar 2026"),
])
def test_a_line_that_contradicts_itself_is_refused_naming_both_values(tmp_path, capsys, soort, extra, says):
    plan = tmp_path / "plan"
    shutil.copytree(copy_example(tmp_path / "bron"), plan)
    path = plan / "antwoorden" / "5-uitvoering.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - post: Coördinatie door de regisseur (12 uur per week)\n    soort: structureel\n"
    assert old in text
    path.write_text(text.replace(old, old.replace("structureel", soort) + extra), encoding="utf-8")
    assert run_cli("check", str(plan)) == 1
    err = capsys.readouterr().err
    assert says in err and "5-uitvoering.yaml, regel" in err and "(tot_jaar)" in err


def test_a_one_off_line_with_a_start_month_is_refused(tmp_path, capsys):
    plan = tmp_path / "plan"
    shutil.copytree(copy_example(tmp_path / "bron"), plan)
    path = plan / "antwoorden" / "5-uitvoering.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    soort: eenmalig\n    bedrag: 45000\n"
    assert old in text
    path.write_text(text.replace(old, old + "    van_maand: 9\n"), encoding="utf-8")
    assert run_cli("check", str(plan)) == 1
    err = capsys.readouterr().err
    assert "een eenmalige post heeft geen beginmaand" in err and "(van_maand)" in err


def test_an_end_month_on_money_that_is_not_temporary_or_before_its_start_is_refused(tmp_path, capsys):
    plan = tmp_path / "plan"
    shutil.copytree(copy_example(tmp_path / "bron"), plan)
    path = plan / "antwoorden" / "5-uitvoering.yaml"
    text = path.read_text(encoding="utf-8")
    structural = "    bedrag: 180000\n    van_jaar: 2027\n    van_maand: 9\n"
    temporary = "    bedrag: 60000\n    van_jaar: 2027\n    van_maand: 9\n    tot_jaar: 2027\n"
    assert structural in text and temporary in text
    text = text.replace(structural, structural + "    tot_maand: 7\n")
    path.write_text(text.replace(temporary, temporary + "    tot_maand: 6\n"), encoding="utf-8")
    assert run_cli("check", str(plan)) == 1
    err = capsys.readouterr().err
    assert "alleen tijdelijk geld heeft een eindmaand" in err and "(tot_maand)" in err
    assert "het geld stopt in maand 6 van 2027, vóór het begint in maand 9" in err


def test_the_wizard_asks_the_start_month_only_for_a_yearly_line():
    from handreiking.questionnaire.catalog import load_catalog

    question = load_catalog().get("uitvoering").question("middelen")
    field = next(f for f in question.fields if f.id == "van_maand")
    assert field.condition is not None
    assert [field.is_active({"soort": kind}) for kind in ("structureel", "tijdelijk", "eenmalig")] == [
        True, True, False]
    end = next(f for f in question.fields if f.id == "tot_maand")
    assert [end.is_active({"soort": kind}) for kind in ("structureel", "tijdelijk", "eenmalig")] == [
        False, True, False]


# --- the inventory of facts ------------------------------------------------------------------


def test_every_question_the_fact_inventory_names_exists():
    """docs/feiten.md names, per fact, the one question that holds it; a renamed question
    must not leave it pointing nowhere."""
    import re
    from pathlib import Path

    from handreiking.questionnaire.catalog import load_catalog

    catalog = load_catalog()
    text = (Path(__file__).resolve().parent.parent / "docs" / "feiten.md").read_text(encoding="utf-8")
    phases = set(catalog.phases)
    names = [(p, q) for p, q in re.findall(r"`([a-z]+)\.([a-z_0-9]+)`", text) if p in phases]
    assert len(names) >= 30
    for phase, question in names:
        if question in ("tekort_bedrag", "financieringsregels"):  # named as gone (schema 4)
            continue
        assert catalog.get(phase) is not None and catalog.get(phase).question(question) is not None, (phase, question)


# --- the wizard never writes a line that contradicts itself -------------------------------------


def _walk(example_plan, monkeypatch, index, start, scripted, only):
    """Walk budget line ``index`` of the example from field ``start``; ``scripted`` gives the answers
    per field (a list: one per time it is asked), other fields keep their value."""
    from types import SimpleNamespace

    from handreiking.wizard import prompts
    from handreiking.wizard import groups as wizard_groups
    from handreiking.plan.answers import load_answers
    from handreiking.questionnaire.catalog import load_catalog

    catalog = load_catalog()
    answer_set, _ = load_answers(catalog, example_plan / "antwoorden")
    phase = answer_set["uitvoering"]
    question = catalog.get("uitvoering").question("middelen")
    asked, shown = [], []

    def ask(q, current, **kwargs):
        asked.append((q.id, kwargs["context"].notice))
        return scripted[q.id].pop(0) if scripted.get(q.id) else current

    monkeypatch.setattr(prompts, "ask_question", ask)
    monkeypatch.setattr(prompts, "show", lambda text="", style="": shown.append(text))
    host = SimpleNamespace(answers=answer_set, as_asked=lambda q, current=None: q)
    editor = wizard_groups.GroupEditor(host)
    editor.walk_item(phase, question, phase.get("middelen")[index], index + 1, "Begroting", start=start, only=only)
    saved = yaml.safe_load((example_plan / "antwoorden" / "5-uitvoering.yaml").read_text(encoding="utf-8"))
    return saved["middelen"][index], asked, shown


def test_choosing_structural_takes_the_end_year_out_and_says_so(example_plan, monkeypatch):
    line, _, shown = _walk(example_plan, monkeypatch, 2, "soort", {"soort": ["structureel"]}, only=True)
    assert line["soort"] == "structureel" and "tot_jaar" not in line
    assert shown == ["Weggehaald, want het past niet meer bij dit antwoord: "
                     "Tot en met welk jaar is het geld toegezegd? (2027)."]
    assert run_cli("check", str(example_plan)) == 0


def test_an_end_year_before_the_start_is_asked_again(example_plan, monkeypatch):
    line, asked, _ = _walk(example_plan, monkeypatch, 2, "tot_jaar", {"tot_jaar": [2020, 2028]}, only=False)
    assert line["tot_jaar"] == 2028
    assert asked[0] == ("tot_jaar", "")
    assert asked[1] == ("tot_jaar", "Het eindjaar 2020 ligt vóór het beginjaar 2027.")


def test_the_json_schema_underlines_a_structural_line_with_an_end_year():
    """One definition serves the checks, the answer reference and the editor's schema."""
    import jsonschema

    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.questionnaire.schema import phase_schema

    validator = jsonschema.Draft7Validator(phase_schema(load_catalog().get("uitvoering")))

    def errors(**fields):
        return list(validator.iter_errors({"middelen": [{"post": "Jeugdhulp op de groep", **fields}]}))

    assert errors(soort="structureel", tot_jaar=2027) and errors(soort="eenmalig", tot_jaar=2027)
    assert not errors(soort="tijdelijk", tot_jaar=2027) and not errors(soort="structureel", tot_jaar=None)
    assert errors(soort="eenmalig", van_maand=9) and errors(soort="structureel", van_maand=13)
    assert not errors(soort="structureel", van_maand=9) and not errors(soort="tijdelijk", tot_jaar=2028, van_maand=3)


def test_a_line_without_its_kind_is_in_no_total_and_the_plan_says_so(example_plan):
    from handreiking.cli.main import main

    path = example_plan / "antwoorden" / "5-uitvoering.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - post: Coördinatie door de regisseur (12 uur per week)\n    soort: structureel\n"
    path.write_text(text.replace(old, old.replace("    soort: structureel\n", "")), encoding="utf-8")
    assert main(["render", str(example_plan), "--formaat", "md"]) == 0
    document = (example_plan / "documenten" / "plan_van_aanpak.md").read_text(encoding="utf-8")
    # the example's years get different money, so the yearly column has no total; each year's
    # money leaves the line out (€ 217.000 in 2027 with it)
    assert "| **Totaal** |  |  |  | – | **€\u00a0204.000** |" in document
    assert "| 2027 | €\u00a0185.000 |" in document
    assert ("Bij 1 post staat nog niet of het geld elk jaar terugkomt of eenmalig is; die telt nog in geen "
            "enkel totaal mee.") in document


# --- both examples: one fact, one value ---------------------------------------------------------

CONSISTENCY_RULES = {"mijlpaal-vastgesteld-document-concept", "uitgangswaarde-na-nulmeting-onbekend",
                     "nulmeting-uitkomst-naast-uitgangswaarde", "document-vastgesteld-mijlpaal-open",
                     "streefdatum-plan-voorbij-concept", "mijlpaal-afgerond-na-versiedatum", "resultaat-na-versiedatum",
                     "bijstelling-post-niet-in-begroting", "regisseur-anders-dan-plan",
                     "visie-streefwaarde-anders-dan-doel", "begrotingsbron-niet-gekozen",
                     "bijstelling-bedrag-zonder-post", "begroting-dekkend-maar-tekort", "kosten-niet-gedekt",
                     "post-buiten-uitvoeringsperiode", "extra-kosten-buiten-uitvoering", "post-zonder-beginjaar"}


@pytest.mark.parametrize("name", ["gemeente-voorbeeld", "gemeente-klein", "regio-lage-venen"])
def test_the_examples_say_each_fact_once(name):
    from pathlib import Path

    from handreiking.insight.advice import plan_advice
    from handreiking.cli.shared import load_state

    folder = Path(__file__).resolve().parent.parent / "examples" / name
    plan, catalog, answer_set, _ = load_state(folder)
    fired = {a.rule.id for a in plan_advice(plan, catalog, answer_set)}
    assert not fired & CONSISTENCY_RULES


def _euros(cell: str) -> int:
    digits = cell.replace("*", "").replace("€", "").replace("\u00a0", "").replace(".", "").strip()
    return int(digits) if digits.isdigit() else 0


@pytest.mark.parametrize("name", ["gemeente-voorbeeld", "gemeente-klein"])
def test_the_budget_tables_add_up_and_never_mix_yearly_with_one_off(name):
    """In the committed Plan van aanpak the 'Per jaar' column holds only yearly lines, the
    'Eenmalig' column only one-off lines, and each total is the sum of its own column; the
    yearly lines' full amounts get no total when the years get different money (no year's figure)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "examples" / name / "documenten"
            / "plan_van_aanpak.md").read_text(encoding="utf-8")
    start = text.index("| Post | Bron | Betaalt | Jaren | Per jaar | Eenmalig |")
    rows = [line.split("|")[1:-1] for line in text[start:].split("\n\n")[0].splitlines()[2:]]
    lines, total = rows[:-1], rows[-1]
    for cells in lines:
        kind = cells[3]
        assert (_euros(cells[4]) > 0) == ("eenmalig" not in kind), cells
        assert (_euros(cells[5]) > 0) == ("eenmalig" in kind), cells
    varies = "daarom staat onder *Per jaar* geen totaal" in text  # the years get different money
    assert (total[4].strip() == "–") if varies else (_euros(total[4]) == sum(_euros(c[4]) for c in lines))
    assert varies == (name == "gemeente-voorbeeld")  # a roll-out from September, a temporary second day part
    assert _euros(total[5]) == sum(_euros(c[5]) for c in lines)
    assert "per jaar" not in " ".join(total).lower()


def test_money_per_source_in_a_year_counts_only_the_lines_that_run_then():
    """A source's full yearly amounts together are no year's money when a line starts in
    September or temporary money stops: per year, each source brings what runs that year."""
    lines = [line(bedrag=180000, van=2027, maand=9), line(soort="tijdelijk", bedrag=60000, van=2027, maand=9, tot=2027),
             line(bedrag=32000, bron="gemeentefonds", bestemming="extra"), line(soort="eenmalig", bedrag=7)]
    ledger = ledger_of(lines, extra=240000, start="2026-01-01", end="2028-12-31")
    assert ledger.by_source("jaarlijks") == (("jeugdwet", 240000), ("gemeentefonds", 32000))
    assert [ledger.sources_in(year) for year in (2026, 2027, 2028)] == [
        {"gemeentefonds": 32000}, {"jeugdwet": 80000, "gemeentefonds": 32000},
        {"jeugdwet": 180000, "gemeentefonds": 32000}]
    assert ledger.varies_by_year
    for year, amount in ledger.yearly_by_year:  # the sources of a year add up to that year's money
        assert sum(ledger.sources_in(year).values()) == amount
    steady = ledger_of([line(bedrag=100), line(bedrag=50, bron="oab")], start="2026-01-01", end="2027-12-31")
    assert not steady.varies_by_year and not ledger_of([], start="2026-01-01", end="2026-12-31").varies_by_year


def test_the_sources_table_of_the_example_shows_each_year_and_adds_up_to_the_yearly_money():
    """The example's yearly money differs per year (a roll-out from September, a temporary second
    day part): the table per source has a column per year, and its totals are the years' money
    the Plan van aanpak states, never the € 377.000 no year gets."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "examples" / "gemeente-voorbeeld" / "documenten"
    text = (folder / "plan_van_aanpak.md").read_text(encoding="utf-8")
    table = text[text.index("| Bron | 2026 | 2027 | 2028 | Eenmalig |"):].split("\n\n")[0].splitlines()
    rows = [row.split("|")[1:-1] for row in table[2:]]
    body, total = rows[:-1], rows[-1]
    sums = [sum(_euros(cells[column]) for cells in body) for column in range(1, 5)]
    assert [_euros(cell) for cell in total[1:]] == sums == [73250, 217000, 317000, 204000]
    money_per_year = text[text.index("| Jaar | Jaarlijks geld |"):].split("\n\n")[0]
    for year, amount in zip((2026, 2027, 2028), sums):
        assert f"| {year} | €\u00a0{amount:,} |".replace(",", ".") in money_per_year
    pictured = text[text.index("*Figuur: de begroting per bron"):].split("\n")[0]
    assert "In 2027 € 217.000 jaarlijks geld: Jeugdwet € 165.000;" in pictured and "325.000" not in pictured


def test_a_gap_without_a_plan_to_meet_it_is_stated_plainly(example_plan):
    from handreiking.cli.main import main

    path = example_plan / "antwoorden" / "5-uitvoering.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("dekking_tekort:")
    end = text.index("\ninzet_professionals:")
    path.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    assert main(["render", str(example_plan), "--formaat", "md"]) == 0
    document = (example_plan / "documenten" / "plan_van_aanpak.md").read_text(encoding="utf-8")
    assert "De extra kosten zijn niet in elk jaar gedekt: in 2028 ontbreekt €\u00a060.000.\n\n### Jeugdwet" in document


def test_the_wizard_asks_the_start_month_of_a_yearly_line_and_never_of_a_one_off_line(example_plan, monkeypatch):
    _, asked_yearly, _ = _walk(example_plan, monkeypatch, 1, "soort", {}, only=False)
    _, asked_one_off, _ = _walk(example_plan, monkeypatch, 0, "soort", {}, only=False)
    assert "van_maand" in [qid for qid, _ in asked_yearly]
    assert "van_maand" not in [qid for qid, _ in asked_one_off]


def test_choosing_one_off_takes_the_start_month_out_and_says_so(example_plan, monkeypatch):
    line, _, shown = _walk(example_plan, monkeypatch, 1, "soort", {"soort": ["eenmalig"]}, only=True)
    assert line["soort"] == "eenmalig" and "van_maand" not in line
    assert shown == ["Weggehaald, want het past niet meer bij dit antwoord: "
                     "In welke maand van dat jaar begint de post? (9)."]
    assert run_cli("check", str(example_plan)) == 0


def test_a_budget_line_without_its_kind_shows_its_amount_and_that_it_does_not_count_yet(tmp_path):
    """€ 5.000 typed without 'structureel', 'tijdelijk' or 'eenmalig' is in no total (which one?),
    but the Plan van aanpak shows it, and the line's missing name, instead of a row of dashes."""
    from helpers import plan_with_answers, run_cli

    plan = plan_with_answers(tmp_path, "uitvoering:\n  middelen:\n    - bedrag: 5000\n")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    text = (plan / "documenten" / "plan_van_aanpak.md").read_text(encoding="utf-8")
    assert "| *nog in te vullen* | Bron onbekend | – | *soort nog in te vullen; €\u00a05.000 telt nog niet mee* |" in text


def test_a_plan_that_calls_its_budget_covered_while_the_lines_leave_a_gap_says_both(example_plan):
    """The answer "dekkend" next to lines that leave € 60.000 open in 2028: the Plan van aanpak
    does not state the answer as a fact under a figure with a Tekort bar."""
    path = example_plan / "antwoorden" / "5-uitvoering.yaml"
    text = path.read_text(encoding="utf-8")
    assert "begroting_dekkend: false\n" in text
    path.write_text(text.replace("begroting_dekkend: false\n", "begroting_dekkend: true\n"), encoding="utf-8")
    assert run_cli("render", str(example_plan), "--formaat", "md") == 0
    plan = (example_plan / "documenten" / "plan_van_aanpak.md").read_text(encoding="utf-8")
    assert ("Volgens de partners is de begroting dekkend voor de hele uitvoeringsperiode, maar de posten hierboven "
            "laten een tekort zien: in 2028 ontbreekt €\u00a060.000.") in plan
    assert "De begroting is dekkend voor de hele uitvoeringsperiode." not in plan


def test_the_evaluation_plan_writes_a_post_of_part_years_as_the_plan_of_approach_does(example_plan):
    """A bijstelling paid by temporary money from September to June: the Evaluatieplan said
    "€ 24.000 per jaar, van 2027 tot en met 2028", which no year gets; now the same months and
    amounts per year as the Plan van aanpak."""
    path = example_plan / "antwoorden" / "5-uitvoering.yaml"
    text = path.read_text(encoding="utf-8")
    old = ("  - post: Extra inval bij SKL voor vier trainingsdagen (bijstelling doel D2)\n    soort: eenmalig\n"
           "    bedrag: 12000\n    van_jaar: 2027\n")
    assert old in text
    path.write_text(text.replace(old, old.replace("soort: eenmalig", "soort: tijdelijk").replace(
        "12000", "24000").replace("van_jaar: 2027\n", "van_jaar: 2027\n    van_maand: 9\n    tot_jaar: 2028\n"
                                  "    tot_maand: 6\n")), encoding="utf-8")
    assert run_cli("render", str(example_plan), "--formaat", "md") == 0
    folder = example_plan / "documenten"
    said = "€\u00a024.000 per jaar, 1-9-2027 tot en met 30-6-2028, dus €\u00a08.000 in 2027 en €\u00a012.000 in 2028"
    assert said in (folder / "evaluatieplan.md").read_text(encoding="utf-8")
    plan = (folder / "plan_van_aanpak.md").read_text(encoding="utf-8")
    assert "| 1-9-2027 tot en met 30-6-2028 | €\u00a024.000 |" in plan
    assert "dus €\u00a08.000 in 2027 en €\u00a012.000 in 2028" in plan


def test_a_line_says_its_years_in_one_wording_for_every_document():
    lines = [line(van=2027, maand=9), line(van=2026), line(soort="tijdelijk", van=2027, tot=2027),
             line(soort="tijdelijk", van=2027, tot=2028, tot_maand=7), line(soort="tijdelijk", van=2027),
             line(soort="eenmalig", van=2026), line(soort=None)]
    assert [item.when for item in ledger_of(lines).lines] == [
        "vanaf 1-9-2027, structureel", "vanaf 2026, structureel", "alleen 2027", "2027 tot en met 31-7-2028",
        "vanaf 2027, tijdelijk", "2026, eenmalig", ""]


def test_a_plan_that_calls_its_budget_not_covered_while_the_lines_cover_every_year_says_both(example_plan):
    """The reverse of the case above: lines that cover every year beside the answer "nee"."""
    path = example_plan / "antwoorden" / "4-planvorming.yaml"
    text = path.read_text(encoding="utf-8")
    assert "extra_kosten_per_jaar: 357000\n" in text
    path.write_text(text.replace("extra_kosten_per_jaar: 357000\n", "extra_kosten_per_jaar: 297000\n"),
                    encoding="utf-8")  # what the lines pay from 2028: no year has a gap
    assert run_cli("render", str(example_plan), "--formaat", "md") == 0
    plan = (example_plan / "documenten" / "plan_van_aanpak.md").read_text(encoding="utf-8")
    assert ("Volgens de partners is de begroting nog niet dekkend voor de hele uitvoeringsperiode, al laten de "
            "posten hierboven in geen jaar een tekort zien.") in plan
    assert "De begroting is nog niet dekkend voor de hele uitvoeringsperiode." not in plan
