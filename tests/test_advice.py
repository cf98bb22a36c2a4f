"""The advice engine: rules as data, check output, acknowledgements, documents and wizard."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from handreiking.insight.advice import evaluate_advice, load_rules
from handreiking.cli.shared import load_state
from handreiking.core.errors import QuestionnaireError
from helpers import copy_example, plan_with_answers, run_cli

PHASES = ("vertrekpunt", "visie", "onderzoek", "planvorming", "uitvoering", "evaluatie")


def write_rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "advies.yaml"
    path.write_text("regels:\n" + textwrap.indent(textwrap.dedent(body), "  "), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("- id: a\n  fase: visie\n  ernst: let_op\n  wanneer: 'visie.x =='\n  bericht: b\n  bron: c\n", "voorwaarde"),
        ("- id: a\n  fase: visie\n  ernst: ernstig\n  wanneer: 'true'\n  bericht: b\n  bron: c\n", "ernst"),
        ("- id: a\n  fase: nergens\n  ernst: tip\n  wanneer: 'true'\n  bericht: b\n  bron: c\n", "onbekende fase"),
        ("- id: a\n  fase: visie\n  ernst: tip\n  wanneer: 'perspectief'\n  bericht: b\n  bron: c\n", "fase ervoor"),
        ("- id: a\n  fase: visie\n  ernst: tip\n  wanneer: 'true'\n  bericht: '{{ x'\n  bron: c\n", "bericht"),
        ("- id: a\n  fase: visie\n  ernst: tip\n  wanneer: 'true'\n  bericht: b\n", "bron"),
        ("- id: a\n  fase: visie\n  ernst: tip\n  wanneer: 'true'\n  bericht: b\n  bron: c\n  extra: 1\n", "onbekende"),
        # the condition a rule gives to ``waar`` is checked when the rules load, too
        ("- id: a\n  fase: visie\n  ernst: tip\n  wanneer: \"visie.doelen | waar('datum >')\"\n  bericht: b\n"
         "  bron: c\n", "datum >"),
    ],
)
def test_broken_rule_names_file_and_rule_id(tmp_path, body, fragment):
    path = write_rules(tmp_path, body)
    with pytest.raises(QuestionnaireError) as info:
        load_rules(path, phases=PHASES)
    message = str(info.value)
    assert "advies.yaml" in message and "vraag 'a'" in message and fragment in message


def test_duplicate_rule_id(tmp_path):
    rule = "- id: a\n  fase: visie\n  ernst: tip\n  wanneer: 'true'\n  bericht: b\n  bron: c\n"
    with pytest.raises(QuestionnaireError, match="twee keer"):
        load_rules(write_rules(tmp_path, rule + rule), phases=PHASES)


def test_list_result_names_the_hits_and_acknowledgement_applies(tmp_path):
    path = write_rules(tmp_path, """\
        - id: doelen-zonder-letter-d
          fase: uitvoering
          ernst: let_op
          wanneer: "uitvoering.doelen | map(attribute='doel_id') | select('ne', 'D9') | list"
          bericht: "Doelen: {{ treffers | join(', ') }} ({{ visie.perspectief }})."
          bron: "test"
        - id: nooit
          fase: visie
          ernst: tip
          wanneer: "visie.bestaat_niet and visie.bestaat_niet.x > 3"
          bericht: "nooit"
          bron: "test"
        """)
    rules = load_rules(path, phases=PHASES)
    from helpers import EXAMPLE

    _, _, answer_set, _ = load_state(EXAMPLE)
    advice = evaluate_advice(rules, answer_set)
    assert [a.rule.id for a in advice] == ["doelen-zonder-letter-d"]
    assert advice[0].message == "Doelen: D1, D2, D3, D4 (inclusief)."
    assert advice[0].hits == ("D1", "D2", "D3", "D4")
    weighed = evaluate_advice(rules, answer_set, {"doelen-zonder-letter-d": "bewust"})
    assert weighed[0].acknowledged == "bewust" and not weighed[0].is_open


def homogeneous(tmp_path: Path) -> Path:
    """The example plan with the guide's classic contradiction: inclusief vision, homogeneous groups."""
    plan = copy_example(tmp_path / "plan")
    path = plan / "antwoorden" / "4-planvorming.yaml"
    text = path.read_text(encoding="utf-8")
    assert "groepsvorm: heterogeen" in text
    path.write_text(text.replace("groepsvorm: heterogeen", "groepsvorm: homogeen"), encoding="utf-8")
    return plan


def segregation_rule_id() -> str:
    rules = load_rules(phases=PHASES)
    matches = [r.id for r in rules if "homogeen" in r.condition.source and "inclusief" in r.condition.source]
    assert matches, "advies.yaml heeft een regel voor inclusief + homogene groepen"
    return matches[0]


def test_check_shows_advice_grouped_with_source_and_strict_fails(tmp_path, capsys):
    plan = homogeneous(tmp_path)
    rule_id = segregation_rule_id()
    assert run_cli("check", str(plan)) == 0
    out = capsys.readouterr().out
    assert "Advies:" in out and "4 Planvorming" in out and f"regel {rule_id}" in out and "Bron:" in out
    assert run_cli("check", str(plan), "--strict") == 1
    capsys.readouterr()


def test_check_json_is_stable_and_parseable(tmp_path, capsys):
    plan = homogeneous(tmp_path)
    run_cli("check", str(plan), "--json")
    first = capsys.readouterr().out
    run_cli("check", str(plan), "--json")
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert set(data) == {"plan", "fouten", "waarschuwingen", "open", "advies", "telling"}
    item = next(a for a in data["advies"] if a["id"] == segregation_rule_id())
    assert set(item) == {"id", "fase", "ernst", "bericht", "bron", "treffers", "afgewogen"}
    assert item["ernst"] == "let_op" and item["afgewogen"] is None


def test_accept_records_reason_in_plan_yaml_and_documents_show_it(tmp_path, capsys):
    plan = homogeneous(tmp_path)
    rule_id = segregation_rule_id()
    run_cli("render", str(plan))
    # open advice is shown in the overview, not in the plan itself
    assert "Bijlage: Afwegingen" not in (plan / "documenten" / "plan_van_aanpak.md").read_text(encoding="utf-8")
    assert "homogen" in (plan / "documenten" / "index.html").read_text(encoding="utf-8")

    assert run_cli("accept", str(plan), rule_id, "--reden", "Tijdelijk, tot de nieuwbouw klaar is") == 0
    assert f"{rule_id}: Tijdelijk, tot de nieuwbouw klaar is" in (plan / "plan.yaml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert run_cli("check", str(plan), "--strict") in (0, 1)
    out = capsys.readouterr().out
    assert "[afgewogen]" in out and "Tijdelijk, tot de nieuwbouw klaar is" in out
    run_cli("render", str(plan))
    text = (plan / "documenten" / "plan_van_aanpak.md").read_text(encoding="utf-8")
    assert ".\n\n## Bijlage: Afwegingen\n" in text  # a heading of its own, not glued to the last bullet
    assert ">Bijlage: Afwegingen</h2>" in (plan / "documenten" / "plan_van_aanpak.html").read_text(encoding="utf-8")
    appendix = text.split("Bijlage: Afwegingen")[1]
    assert "homogen" in appendix and "Tijdelijk, tot de nieuwbouw klaar is" in appendix

    assert run_cli("accept", str(plan), rule_id, "--intrekken") == 0
    assert rule_id not in (plan / "plan.yaml").read_text(encoding="utf-8")


def test_accept_unknown_rule_or_without_reason(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    assert run_cli("accept", str(plan), "bestaat-niet", "--reden", "x") == 2  # a usage error
    assert "geen advies" in capsys.readouterr().err
    assert run_cli("accept", str(plan), segregation_rule_id()) == 2
    assert "--reden" in capsys.readouterr().err


def test_status_counts_advice(tmp_path, capsys):
    plan = homogeneous(tmp_path)
    run_cli("status", str(plan))
    assert "Advies:" in capsys.readouterr().out


def test_wizard_shows_the_advice_of_the_phase_at_its_end(tmp_path, screen_keys):
    from handreiking.plan.folder import open_plan
    from handreiking.wizard.session import Wizard
    from keys import DOWN, ENTER

    plan_dir = homogeneous(tmp_path)
    plan, catalog, answer_set, _ = load_state(plan_dir)
    wizard = Wizard(open_plan(plan_dir), catalog, answer_set)
    screen_keys.send(ENTER, DOWN, ENTER)  # review: Klaar; documents: Nee
    wizard.review(catalog.get("planvorming"))
    assert "Advies bij fase 4" in screen_keys.screen and "homogen" in screen_keys.screen


# --- the inventory of the guide's warnings (questionnaires/advies-dekking.md) --------------

_INVENTORY_COLUMNS = ("nr", "regel", "kracht", "passage in de handreiking", "waarschuwing of voorwaarde", "dekking")
_STRENGTHS = {"let op": "let_op", "tip": "tip"}


def _inventory_rows() -> list[dict[str, str]]:
    """Every statement in the inventory as a row of its fixed columns."""
    import re

    text = (Path(__file__).resolve().parent.parent / "questionnaires" / "advies-dekking.md").read_text(encoding="utf-8")
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == "nr":
            assert tuple(cells) == _INVENTORY_COLUMNS, f"regel {number}: andere kolommen dan {_INVENTORY_COLUMNS}"
        elif line.startswith("|") and re.fullmatch(r"[A-Z]\d+", cells[0]):
            assert len(cells) == len(_INVENTORY_COLUMNS), f"{cells[0]}: {len(cells)} kolommen"
            found.append(dict(zip(_INVENTORY_COLUMNS, cells)))
    return found


def _rule_names(text: str) -> list[str]:
    import re

    return re.findall(r"`([a-z0-9-]+)`", text)


def _primary_and_also(coverage: str) -> tuple[list[str], list[str]]:
    """The rules a row is watched by with its own strength, and those after 'ook:'."""
    if coverage.startswith("geen regel"):
        return [], []
    own, _, also = coverage.partition("ook:")
    return _rule_names(own), _rule_names(also)


def test_every_statement_in_the_inventory_names_a_rule_or_a_reason():
    rules = {r.id for r in load_rules()}
    rows = _inventory_rows()
    assert len(rows) >= 190
    assert len({row["nr"] for row in rows}) == len(rows), "dubbel nummer in de inventaris"
    for row in rows:
        nr, coverage = row["nr"], row["dekking"]
        assert row["regel"].isdigit() and 1 <= int(row["regel"]) <= 2300, f"{nr}: geen regelnummer in de handreiking"
        assert row["kracht"] in _STRENGTHS, f"{nr}: kracht is 'let op' of 'tip', niet {row['kracht']!r}"
        named = _rule_names(coverage)
        assert set(named) <= rules, f"{nr}: onbekende regel(s) {set(named) - rules}"
        if coverage.startswith("geen regel"):
            assert len(coverage) > len("geen regel:") + 30, f"{nr}: de reden is te kort"
        else:
            assert named, f"{nr}: noemt geen regel en geen reden"


def test_every_rule_is_in_the_inventory_with_its_own_strength():
    """A rule's severity is the strength of the statements it watches (rules before 'ook:')."""
    severity = {r.id: r.severity for r in load_rules()}
    primary: dict[str, set[str]] = {}
    for row in _inventory_rows():
        own, _ = _primary_and_also(row["dekking"])
        for rule_id in own:
            primary.setdefault(rule_id, set()).add(row["nr"])
            assert severity[rule_id] == _STRENGTHS[row["kracht"]], (
                f"{row['nr']} ({row['kracht']}): regel {rule_id} heeft ernst {severity[rule_id]}")
    assert set(severity) - set(primary) == set(), "regels zonder eigen rij in de inventaris"


def test_the_inventory_holds_every_must_of_the_guide_it_names():
    """The strength follows the guide's words: a row quoting 'moet', 'verplicht', 'vereist',
    'essentieel' or 'noodzakelijk' is a let op, unless the word belongs to someone else's task
    (then the row says so in its reason)."""
    import re

    strong = re.compile(r"\b(moet|moeten|verplicht|vereist|essentieel|noodzakelijk|mag niet|kan niet)\b", re.I)
    for row in _inventory_rows():
        quoted = " ".join(re.findall(r'"([^"]+)"', row["passage in de handreiking"]))
        if strong.search(quoted) and row["kracht"] == "tip":
            assert row["dekking"].startswith("geen regel") or row["nr"] in _WEAK_MUSTS, (
                f"{row['nr']}: de handreiking zegt '{strong.search(quoted).group(0)}', de rij is een tip")


def test_days_until_counts_calendar_days_between_dates_or_iso_text():
    import datetime as dt

    from handreiking.insight.advice import days_until

    assert days_until(dt.date(2026, 9, 1), dt.date(2026, 11, 30)) == 90
    assert days_until("2026-09-01", dt.date(2026, 8, 31)) == -1
    assert days_until(dt.datetime(2028, 2, 28, 23, 0), "2028-03-01") == 2     # a leap year
    for not_a_date in (None, "", "1-9-2026", 12, ["2026-09-01"]):
        assert days_until(not_a_date, dt.date(2026, 9, 1)) is None
        assert days_until(dt.date(2026, 9, 1), not_a_date) is None


# Rows whose quoted passage uses a strong word that is no rule for the plan: a research
# question ("welke ... moeten betrokken worden?"), the load of those who *must* deliver data,
# the table that shows who must be involved, or the motto "speciaal als het moet".
_WEAK_MUSTS = {"A8", "E12", "M3", "N4"}


# --- the second example plan: a small municipality, made through batch mode --------------

SMALL = Path(__file__).resolve().parent.parent / "examples" / "gemeente-klein"


@pytest.mark.parametrize("example", ("gemeente-voorbeeld", "gemeente-klein", "regio-lage-venen"))
def test_both_example_plans_check_clean_without_let_op(example, capsys):
    folder = Path(__file__).resolve().parent.parent / "examples" / example
    assert run_cli("check", "--json", str(folder)) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["fouten"] == [] and result["telling"]["let_op"] == 0, result["advies"]
    assert run_cli("check", "--strict", str(folder)) == 0


def test_rules_read_the_version_date_of_plan_yaml(tmp_path, capsys):
    """plan.versiedatum reaches the rules through check: an adoption after the plan's version
    date draws the tip; moving the version date on (as a new version would) makes it go."""
    plan = copy_example(tmp_path / "plan")
    visie = plan / "antwoorden" / "2-visie.yaml"
    visie.write_text(visie.read_text(encoding="utf-8").replace("visiedocument_vastgesteld_op: 2026-06-25",
                                                               "visiedocument_vastgesteld_op: 2027-09-01"),
                     encoding="utf-8")

    def tips() -> list[str]:
        assert run_cli("check", "--json", str(plan)) == 0
        return [a["bericht"] for a in json.loads(capsys.readouterr().out)["advies"]
                if a["id"] == "visiedocument-vastgesteld-onvolledig"]

    found = tips()
    assert len(found) == 1 and "28 juni 2027" in found[0]
    meta = plan / "plan.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("versiedatum: 2027-06-28", "versiedatum: 2027-09-01"),
                    encoding="utf-8")
    assert tips() == []


def test_small_example_documents_are_up_to_date():
    assert run_cli("render", str(SMALL), "--check") == 0


# --- the third example plan: a region of three small municipalities with a hired director --

REGION = Path(__file__).resolve().parent.parent / "examples" / "regio-lage-venen"


def test_region_example_documents_are_up_to_date():
    assert run_cli("render", str(REGION), "--check") == 0


def test_region_example_is_the_batch_input(tmp_path):
    """examples/invoer-regio-lage-venen.yaml, given to 'wizard --antwoorden', makes the same answer files."""
    target = tmp_path / "regio"
    assert run_cli("init", str(target), "--titel", "Proef", "--gemeente", "Gemeente Marsveen (penvoerder)",
                   "--regisseur", "Karin Hoekstra", "--startdatum", "2025-06-12") == 0
    assert run_cli("wizard", str(target), "--antwoorden", str(REGION.parent / "invoer-regio-lage-venen.yaml")) == 0
    for path in sorted((REGION / "antwoorden").glob("*.yaml")):
        assert (target / "antwoorden" / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_region_example_is_halfway_and_consistent():
    """The region's plan is halfway through execution: the plan adopted before the start, the
    findings before the plan, a delayed milestone with a decided adjustment, and no advice at all."""
    from handreiking.cli.shared import load_state

    state = load_state(REGION)
    answers = state.answers.scope()
    plan, uitvoering = answers["planvorming"], answers["uitvoering"]
    assert answers["onderzoek"]["bevindingen_besproken"] < plan["plan_van_aanpak_vastgesteld_op"] \
        < uitvoering["startdatum_uitvoering"] < state.plan.meta.versiedatum < uitvoering["einddatum_uitvoering"]
    assert [m["status"] for m in uitvoering["mijlpalen"]].count("vertraagd") == 1
    assert answers["evaluatie"]["bijstellingen"]


def test_small_example_is_the_batch_input(tmp_path):
    """examples/invoer-gemeente-klein.yaml, given to 'wizard --antwoorden', makes the same answer files."""
    target = tmp_path / "klein"
    assert run_cli("init", str(target), "--titel", "Proef", "--gemeente", "Gemeente Westerhaven",
                   "--regisseur", "Ingrid Bakker", "--startdatum", "2026-01-20") == 0
    assert run_cli("wizard", str(target), "--antwoorden", str(SMALL.parent / "invoer-gemeente-klein.yaml")) == 0
    for path in sorted((SMALL / "antwoorden").glob("*.yaml")):
        assert (target / "antwoorden" / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_accept_says_when_the_advice_does_not_apply_and_when_it_replaces_a_reason(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    assert run_cli("accept", str(plan), "ouders-niet-betrokken", "--reden", "Volgt later") == 0
    assert "dit advies geldt nu niet voor dit plan" in capsys.readouterr().err
    assert run_cli("accept", str(plan), "gemeentefonds-als-structureel", "--reden", "Eerste") == 0
    out, err = capsys.readouterr()
    assert "geldt nu niet" not in err and "vervangt" not in out
    assert run_cli("accept", str(plan), "gemeentefonds-als-structureel", "--reden", "Tweede") == 0
    assert "Dit vervangt de eerdere afweging: “Eerste”." in capsys.readouterr().out


def test_numbers_with_a_decimal_comma_stay_dutch_in_advice_and_documents(tmp_path, capsys):
    """16,5 hours and a share of 10,5% read as typed: in the advice (``check`` and the overview)
    and in a document sentence that joins numbers to text; never 16.5 or 10.5%."""
    import re

    plan = plan_with_answers(tmp_path, "vertrekpunt:\n  regisseur_uren: 16,5\n"
                             "visie:\n  aandeel_niveau_1: 90\n  aandeel_niveau_2: 10,5\n  aandeel_niveau_3: 3,5\n"
                             "  aandeel_niveau_4: 1,5\n"
                             "uitvoering:\n  team:\n    - naam: Sanne\n      uren: 12,5\n",
                             "--gemeente", "G", "--regisseur", "Sanne", "--organisatie", "Gem")
    capsys.readouterr()
    assert run_cli("check", str(plan)) == 0
    advice = capsys.readouterr().out
    assert "(Sanne) 16,5 uur per week voor het proces, in het uitvoeringsteam 12,5 uur" in advice
    assert "105,5 procent" in advice
    assert run_cli("render", str(plan), "--formaat", "md,html") == 0
    research = (plan / "documenten" / "onderzoeksplan.md").read_text(encoding="utf-8")
    assert "niveau 2: 10,5%, niveau 3: 3,5%" in research
    for path in [*sorted((plan / "documenten").glob("*.md")), plan / "documenten" / "index.html"]:
        text = re.sub(r"(?s)<style.*?</style>|<script.*?</script>|<[^>]*>|https?://\S+", "",
                      path.read_text(encoding="utf-8"))
        assert not re.findall(r"\b\d+\.\d{1,2}\b", text), path.name
    assert not re.findall(r"\b\d+\.\d{1,2}\b", advice)
