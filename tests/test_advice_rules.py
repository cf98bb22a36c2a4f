"""The advice rules in questionnaires/advies.yaml, one by one.

Every rule gets a plan that triggers it and a plan close to it that does not,
each made from a copy of the example plan with one small change. A rule whose
expression fails at runtime silently does not apply, so the near miss also
checks that the condition really evaluates (and is false) instead of erroring.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from handreiking.advice import evaluate_advice, load_rules
from handreiking.answers import load_answers, load_phase, to_yaml_value
from handreiking.commands import load_state
from handreiking.questionnaire import load_catalog

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "gemeente-voorbeeld"
RULES_FILE = REPO / "questionnaires" / "advies.yaml"
CATALOG = load_catalog()
RULES = load_rules()
RULES_BY_ID = {rule.id: rule for rule in RULES}
RULES_DATA = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["regels"]
WANNEER = {r["id"]: r["wanneer"] for r in RULES_DATA}

Change = Callable[[Path], None]


# --- building plans ---------------------------------------------------------------------


def _phase(folder: Path, phase: str) -> Any:
    return load_phase(CATALOG.get(phase), folder / "antwoorden")


def _matches(item: Any, where: dict[str, Any] | int, index: int) -> bool:
    if isinstance(where, int):
        return index == where
    return all(item.get(k) == v for k, v in where.items())


def answers(phase: str, **values: Any) -> Change:
    """Set answers of one phase; ``None`` leaves a question open ("weet ik nog niet")."""
    def change(folder: Path) -> None:
        p = _phase(folder, phase)
        for key, value in values.items():
            p.set(key, value)
        p.save()
    return change


def add_to(phase: str, question: str, value: Any) -> Change:
    def change(folder: Path) -> None:
        p = _phase(folder, phase)
        p.set(question, list(p.get(question) or []) + [value])
        p.save()
    return change


def remove_from(phase: str, question: str, value: Any) -> Change:
    def change(folder: Path) -> None:
        p = _phase(folder, phase)
        p.set(question, [v for v in p.get(question) or [] if v != value])
        p.save()
    return change


def rows(phase: str, group: str, where: dict[str, Any] | int | None = None, **fields: Any) -> Change:
    """Change fields of the group items that match ``where`` (a dict of field values, an
    index, or None for every item)."""
    def change(folder: Path) -> None:
        p = _phase(folder, phase)
        hits = 0
        for index, item in enumerate(p.get(group)):
            if where is None or _matches(item, where, index):
                hits += 1
                for key, value in fields.items():
                    item[key] = to_yaml_value(value)
        assert hits, f"geen rij in {phase}.{group} past bij {where}"
        p.save()
    return change


def rows_except(phase: str, group: str, where: dict[str, Any], **fields: Any) -> Change:
    """Change fields of every group item that does NOT match ``where``."""
    def change(folder: Path) -> None:
        p = _phase(folder, phase)
        for index, item in enumerate(p.get(group)):
            if not _matches(item, where, index):
                for key, value in fields.items():
                    item[key] = to_yaml_value(value)
        p.save()
    return change


def drop_rows(phase: str, group: str, where: dict[str, Any] | int) -> Change:
    def change(folder: Path) -> None:
        p = _phase(folder, phase)
        items = list(p.get(group))
        kept = [item for index, item in enumerate(items) if not _matches(item, where, index)]
        assert len(kept) < len(items), f"geen rij in {phase}.{group} past bij {where}"
        p.set(group, kept)
        p.save()
    return change


def keep_rows(phase: str, group: str, count: int) -> Change:
    def change(folder: Path) -> None:
        p = _phase(folder, phase)
        p.set(group, list(p.get(group))[:count])
        p.save()
    return change


def append_rows(phase: str, group: str, *items: dict[str, Any]) -> Change:
    def change(folder: Path) -> None:
        p = _phase(folder, phase)
        p.set(group, list(p.get(group) or []) + [to_yaml_value(item) for item in items])
        p.save()
    return change


def remove_phases(*phases: str) -> Change:
    def change(folder: Path) -> None:
        for phase in phases:
            (folder / "antwoorden" / CATALOG.get(phase).answer_filename).unlink()
    return change


def both(*changes: Change) -> Change:
    """Several edits that together make one change."""
    def change(folder: Path) -> None:
        for c in changes:
            c(folder)
    return change


def make_plan(target: Path, change: Change) -> Path:
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("documenten", ".handreiking.lock", "*.tmp"))
    change(target)
    return target


def _load(folder: Path) -> tuple[Any, list[str]]:
    """The answer set of a plan folder and its validation errors (as ``load_state`` gives
    them, with the questionnaires loaded once for the whole module)."""
    answer_set, report = load_answers(CATALOG, folder / "antwoorden")
    return answer_set, [str(e) for e in report.errors]


def advice(folder: Path) -> list[Any]:
    plan, catalog, answer_set, report = load_state(folder)
    return evaluate_advice(RULES, answer_set)


def fired(folder: Path) -> set[str]:
    """The ids of the advice that applies to the plan in ``folder``."""
    return {a.rule.id for a in advice(folder)}


def raw_condition(rule_id: str, answer_set: Any) -> Any:
    """The condition's value, evaluated like the engine does but letting errors through."""
    from jinja2 import ChainableUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=ChainableUndefined)
    return env.compile_expression(WANNEER[rule_id].strip(), undefined_to_none=False)(**answer_set.scope())


# Rules that repeat a check the questionnaire already makes (validatie), so their trigger
# plan also has a validation error; `handreiking check` then shows the error instead.
# (A list shorter or longer than the guide asks is an open item, not an error, so
# visie-aantal-uitgangspunten no longer overlaps.)
OVERLAPS_VALIDATION: set[str] = set()


LINDEWAARD_SECTORS_ONDERWIJS = ({"sector": "samenwerkingsverband"}, {"sector": "bestuur_onderwijs"})
BOLSTER = "Jeugdhulp De Bolster"
GEMEENTE = "Gemeente Lindewaard – beleid Jeugd en Onderwijs"
LATER_PHASES = ("visie", "onderzoek", "planvorming", "uitvoering", "evaluatie")


# --- the table: (rule id, change that triggers it, near miss that does not) ---------------

CASES: list[tuple[str, Change, Change]] = [
    # 1 · Vertrekpunt
    ("geen-regisseur-of-opdracht",
     answers("vertrekpunt", regisseur_naam=None),
     both(answers("vertrekpunt", regisseur_naam=None), remove_phases(*LATER_PHASES))),
    ("geen-regisseur-of-opdracht",
     answers("vertrekpunt", gezamenlijke_opdracht=None),
     answers("vertrekpunt", centrale_vraag=None)),
    ("ouders-niet-betrokken",
     rows("vertrekpunt", "stakeholders", {"sector": "ouders_verzorgers"}, betrokkenheid_verkennend="niet",
          betrokkenheid_planvorming="niet", betrokkenheid_uitvoering="niet"),
     rows("vertrekpunt", "stakeholders", {"sector": "ouders_verzorgers"}, betrokkenheid_verkennend="niet",
          betrokkenheid_planvorming="niet", betrokkenheid_uitvoering="passief")),
    ("ouders-niet-betrokken",
     drop_rows("vertrekpunt", "stakeholders", {"sector": "ouders_verzorgers"}),
     drop_rows("vertrekpunt", "stakeholders", {"sector": "huisartsenpraktijk"})),
    ("onderwijs-ontbreekt-bij-schoolkinderen",
     both(*(drop_rows("vertrekpunt", "stakeholders", w) for w in LINDEWAARD_SECTORS_ONDERWIJS)),
     drop_rows("vertrekpunt", "stakeholders", {"sector": "samenwerkingsverband"})),
    ("onderwijs-ontbreekt-bij-schoolkinderen",
     both(*(drop_rows("vertrekpunt", "stakeholders", w) for w in LINDEWAARD_SECTORS_ONDERWIJS)),
     both(*(drop_rows("vertrekpunt", "stakeholders", w) for w in LINDEWAARD_SECTORS_ONDERWIJS),
          remove_from("vertrekpunt", "doelgroep_leeftijden", "bso_4_12"))),
    ("samenwerkingsvoorwaarde-zonder-aanpak",
     answers("vertrekpunt", nodig_organisatie=None),          # organisatie: niet_op_orde
     answers("vertrekpunt", nodig_relatie=None)),             # relatie: op_orde, niets nodig
    ("samenwerkingsvoorwaarde-zonder-aanpak",
     answers("vertrekpunt", nodig_proces=None),               # proces: deels
     answers("vertrekpunt", voorwaarde_proces="op_orde", nodig_proces=None)),

    # 2 · Visie
    ("visie-aantal-uitgangspunten",
     keep_rows("visie", "uitgangspunten", 3),
     keep_rows("visie", "uitgangspunten", 4)),
    ("visie-aantal-uitgangspunten",
     append_rows("visie", "uitgangspunten", {"naam": "Zes"}, {"naam": "Zeven"}),
     append_rows("visie", "uitgangspunten", {"naam": "Zes"})),
    ("visie-aandelen-niet-100",
     answers("visie", aandeel_niveau_1=85, aandeel_niveau_2=10, aandeel_niveau_3=4, aandeel_niveau_4=3),
     answers("visie", aandeel_niveau_1=85.5, aandeel_niveau_2=10, aandeel_niveau_3=3, aandeel_niveau_4=1.5)),
    ("visie-aandelen-niet-100",
     answers("visie", aandeel_niveau_1=95, aandeel_niveau_2=10, aandeel_niveau_3=None, aandeel_niveau_4=None),
     answers("visie", aandeel_niveau_1=85, aandeel_niveau_2=10, aandeel_niveau_3=None, aandeel_niveau_4=None)),
    ("visie-route-onvolledig",
     answers("visie", route_lang=None),
     keep_rows("visie", "route_lang", 1)),
    ("visie-route-onvolledig",
     answers("visie", route_kort=None),
     both(answers("visie", route_kort=None), remove_phases("visie"))),
    ("plusgroepen-zonder-verbinding",
     answers("visie", perspectief="passend"),
     answers("visie", perspectief="passend", plusgroepen_verbinding="Samen buitenspelen en in hetzelfde gebouw.")),
    ("plusgroepen-zonder-verbinding",
     answers("visie", perspectief="passend"),
     answers("visie", perspectief="passend", niveaus_in_aanbod=["niveau_1", "niveau_2"])),

    # 4 · Planvorming
    ("inclusief-met-homogene-groepen",
     answers("planvorming", groepsvorm="homogeen"),
     answers("planvorming", groepsvorm="hybride")),
    ("inclusief-met-homogene-groepen",
     answers("planvorming", groepsvorm="homogeen"),
     both(answers("planvorming", groepsvorm="homogeen"), answers("visie", perspectief="passend"))),
    ("gespecialiseerde-groep-zonder-criteria",
     answers("planvorming", nieuwe_gespecialiseerde_groep=True, indicatieroute=None),
     answers("planvorming", nieuwe_gespecialiseerde_groep=True)),
    ("gespecialiseerde-groep-zonder-criteria",
     answers("planvorming", nieuwe_gespecialiseerde_groep=True, exclusiecriteria=None),
     answers("planvorming", exclusiecriteria=None)),
    ("jeugdzorgprofessional-zonder-afspraken",
     answers("planvorming", taakafbakening=None),
     answers("planvorming", taakafbakening=None, dienstverband_constructie="dienstverband_kinderopvang")),
    ("jeugdzorgprofessional-zonder-afspraken",
     answers("planvorming", vog_regeling="nog_regelen"),
     answers("planvorming", vog_regeling="vog_jeugdhulp")),
    ("jeugdzorgprofessional-zonder-afspraken",
     answers("planvorming", cao_bkr_regeling=None, aanpak_cao_bkr=None),
     answers("planvorming", cao_bkr_regeling=None)),
    ("jeugdzorgprofessional-zonder-afspraken",
     answers("planvorming", vog_regeling=None, aanpak_vog_prk=None),
     answers("planvorming", vog_regeling=None, aanpak_vog_prk=None, inzet_jeugdzorgprofessionals=False)),
    ("kot-en-jeugdwet-zonder-scheiding",
     answers("planvorming", scheiding_opvang_zorg=None, aanpak_scheiding_jeugdwet=None),
     answers("planvorming", scheiding_opvang_zorg=None)),
    ("kot-en-jeugdwet-zonder-scheiding",
     answers("planvorming", scheiding_opvang_zorg=None, aanpak_scheiding_jeugdwet=None),
     both(answers("planvorming", scheiding_opvang_zorg=None, aanpak_scheiding_jeugdwet=None),
          remove_from("planvorming", "financieringsbronnen", "kinderopvangtoeslag"))),
    ("alleen-incidentele-financiering",
     rows_except("planvorming", "financieringsregels", {"bron": "kinderopvangtoeslag"}, structureel=False),
     rows_except("planvorming", "financieringsregels", {"bron": "jeugdwet"}, structureel=False)),
    ("alleen-incidentele-financiering",
     answers("planvorming", financieringsbronnen=["kinderopvangtoeslag", "incidentele_middelen"],
             financieringsregels=None),
     answers("planvorming", financieringsbronnen=["kinderopvangtoeslag", "incidentele_middelen", "gemeentefonds"],
             financieringsregels=None)),
    ("alleen-incidentele-financiering",
     rows_except("planvorming", "financieringsregels", {"bron": "kinderopvangtoeslag"}, structureel=False),
     rows_except("planvorming", "financieringsregels", {"bron": "kinderopvangtoeslag"}, structureel=None)),
    ("wlz-zonder-zorgkantoor",
     add_to("planvorming", "financieringsbronnen", "wlz"),
     add_to("planvorming", "relevante_wetten", "wlz")),
    ("wlz-zonder-zorgkantoor",
     add_to("planvorming", "financieringsbronnen", "wlz"),
     both(add_to("planvorming", "financieringsbronnen", "wlz"),
          append_rows("vertrekpunt", "stakeholders", {"naam": "Zorgkantoor Rivierenland", "sector": "zorgkantoor",
                                                      "invloed": "midden"}))),
    ("wlz-zonder-zorgkantoor",
     append_rows("planvorming", "financieringsregels", {"bron": "wlz", "structureel": True}),
     both(append_rows("planvorming", "financieringsregels", {"bron": "wlz", "structureel": True}),
          append_rows("vertrekpunt", "stakeholders", {"naam": "CIZ",
                                                      "sector": {"anders": "Centrum indicatiestelling zorg"}}))),
    ("zorgprotocol-ontbreekt",
     answers("planvorming", aanpak_beeindiging=None),        # zorgprotocol: false in the example
     answers("planvorming", aanpak_beeindiging=None, zorgprotocol=True)),
    ("huisvesting-zonder-ruimte-eisen",
     answers("planvorming", ruimte_eisen_geregeld=False),
     answers("planvorming", ruimte_eisen_toelichting=None)),
    ("huisvesting-zonder-ruimte-eisen",
     answers("planvorming", ruimte_eisen_geregeld=None),
     answers("planvorming", ruimte_eisen_geregeld=None, huisvestingsoptie=None)),

    # 5 · Uitvoering
    ("risico-zonder-maatregel-of-eigenaar",
     rows("uitvoering", "risicos", 1, maatregel=None),
     rows("uitvoering", "risicos", 1, kans=None)),
    ("risico-zonder-maatregel-of-eigenaar",
     rows("uitvoering", "risicos", 0, eigenaar=None),
     rows("uitvoering", "risicos", 0, impact=None)),
    ("mijlpaal-zonder-eigenaar-of-datum",
     rows("uitvoering", "mijlpalen", 2, datum=None),
     rows("uitvoering", "mijlpalen", 2, status=None)),
    ("mijlpaal-zonder-eigenaar-of-datum",
     rows("uitvoering", "mijlpalen", 0, eigenaar=None),
     rows("uitvoering", "mijlpalen", 0, eigenaar={"anders": "Het kernteam"})),
    ("invloedrijke-partij-zonder-communicatie",
     drop_rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}),
     drop_rows("uitvoering", "communicatie", {"doelgroep": GEMEENTE})),   # bereikt via collegas_gemeente
    ("invloedrijke-partij-zonder-communicatie",
     drop_rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}),
     both(drop_rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}),
          rows("vertrekpunt", "stakeholders", {"naam": BOLSTER}, invloed="midden"))),
    ("communicatie-doelgroep-onbekend",
     rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}, doelgroep="Jeugdhulp Bolster"),
     both(rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}, doelgroep="Jeugdhulp Bolster"),
          rows("vertrekpunt", "stakeholders", {"naam": BOLSTER}, naam="Jeugdhulp Bolster"))),
    ("communicatie-doelgroep-onbekend",
     rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}, doelgroep="Jeugdhulp Bolster"),
     both(rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}, doelgroep="Jeugdhulp Bolster"),
          answers("vertrekpunt", stakeholders=None))),            # no stakeholder table yet
    ("geen-communicatie-met-ouders",
     both(drop_rows("uitvoering", "communicatie", {"doelgroep": "ouders_kinderen"}),
          drop_rows("uitvoering", "communicatie", {"doelgroep": "Ouderplatform Lindewaard"})),
     drop_rows("uitvoering", "communicatie", {"doelgroep": "ouders_kinderen"})),

    # 6 · Evaluatie
    ("doel-zonder-evaluatierij",
     drop_rows("evaluatie", "evaluatieplan", {"doel_id": "D3"}),
     both(drop_rows("evaluatie", "evaluatieplan", {"doel_id": "D3"}),
          drop_rows("uitvoering", "doelen", {"doel_id": "D3"}))),
    ("doel-zonder-evaluatierij",
     append_rows("uitvoering", "doelen", {"doel_id": "D5", "doel": "Een vijfde doel"}),
     answers("evaluatie", evaluatieplan=None)),               # evaluatieplan nog niet begonnen
    ("evaluatierij-zonder-doel",
     rows("evaluatie", "evaluatieplan", {"doel_id": "D4"}, doel_id="D5"),
     append_rows("uitvoering", "doelen", {"doel_id": "D5", "doel": "Een vijfde doel"})),
    ("evaluatierij-zonder-doel",
     rows("evaluatie", "resultaten", 0, doel_id="D9"),
     rows("evaluatie", "resultaten", 0, doel_id=None)),
    ("evaluatie-zonder-nulmeting",
     rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, nulmeting=None),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, tussenmetingen=None)),
    ("meetmomenten-volgorde",
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, nulmeting=dt.date(2026, 10, 1)),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, nulmeting=dt.date(2026, 9, 1))),
    ("meetmomenten-volgorde",   # dates as quoted text compare like dates
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, nulmeting="2026-10-01"),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, nulmeting="2026-08-01")),
    ("meetmomenten-volgorde",
     rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, eindmeting=dt.date(2026, 5, 1)),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, eindmeting=dt.date(2026, 12, 1))),
    ("meetmomenten-volgorde",
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, tussenmetingen=dt.date(2029, 1, 1)),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, tussenmetingen=dt.date(2027, 5, 31))),
    ("meetmomenten-volgorde",
     answers("uitvoering", startdatum_uitvoering=dt.date(2026, 6, 1)),
     answers("uitvoering", startdatum_uitvoering=dt.date(2026, 6, 15))),
    ("evaluatie-zonder-verwerking",
     answers("evaluatie", verwerkingscapaciteit=None),
     answers("evaluatie", belasting_stakeholders=None)),
    ("evaluatie-zonder-verwerking",
     answers("evaluatie", analyse_door=None),
     answers("evaluatie", rapportage_moment=None)),
]


def _case_ids() -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for rule_id, _, _ in CASES:
        seen[rule_id] = seen.get(rule_id, 0) + 1
        ids.append(f"{rule_id}-{seen[rule_id]}")
    return ids


@pytest.mark.parametrize(("rule_id", "trigger", "near_miss"), CASES, ids=_case_ids())
def test_rule_fires_and_near_miss_does_not(tmp_path, rule_id, trigger, near_miss):
    answer_set, errors = _load(make_plan(tmp_path / "raak", trigger))
    if rule_id not in OVERLAPS_VALIDATION:
        assert errors == []
    found = [a for a in evaluate_advice(RULES, answer_set) if a.rule.id == rule_id]
    assert found, f"{rule_id} gaat niet af"
    message = found[0].message
    assert "{{" not in message and "{%" not in message, message       # rendered, not the fallback
    assert "Undefined" not in message and "None" not in message, message

    answer_set, errors = _load(make_plan(tmp_path / "mis", near_miss))
    assert errors == []
    assert rule_id not in {a.rule.id for a in evaluate_advice(RULES, answer_set)}
    value = raw_condition(rule_id, answer_set)                      # raises if the rule is broken
    assert not value or (isinstance(value, (list, tuple)) and not list(value))


# --- the rules file as a whole -----------------------------------------------------------


def _rule_ids_in_file() -> list[str]:
    return [r["id"] for r in RULES_DATA]


def test_every_rule_has_a_test():
    assert set(_rule_ids_in_file()) == {rule_id for rule_id, _, _ in CASES}


def test_rules_are_well_formed():
    ids = _rule_ids_in_file()
    assert len(ids) == len(set(ids)) >= 15
    assert [r.id for r in RULES] == ids
    for rule in RULES:
        assert rule.phase in CATALOG.phases, rule.id
        assert rule.severity in ("let_op", "tip"), rule.id
        assert rule.source.startswith("Handreiking"), rule.id
        assert rule.id == rule.id.lower() and " " not in rule.id and "_" not in rule.id


def test_conditions_only_read_phases():
    """Every name in a condition is a phase ("visie.perspectief"), never a bare question id."""
    from jinja2 import meta
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment()
    for rule in RULES_DATA:
        names = meta.find_undeclared_variables(env.parse("{{ (" + rule["wanneer"] + ") }}"))
        assert names <= set(CATALOG.phases), (rule["id"], names - set(CATALOG.phases))


def test_example_gives_no_let_op_apart_from_acknowledged():
    plan, catalog, answer_set, report = load_state(EXAMPLE)
    acknowledged = dict(getattr(plan.meta, "acknowledged", ()) or ())
    result = evaluate_advice(RULES, answer_set, acknowledged)
    open_let_op = [a.rule.id for a in result if a.rule.severity == "let_op" and a.acknowledged is None]
    assert open_let_op == []


def test_every_rule_evaluates_on_the_example_without_error():
    answer_set, errors = _load(EXAMPLE)
    assert errors == []
    for rule_id in RULES_BY_ID:
        raw_condition(rule_id, answer_set)


def test_an_empty_plan_gets_no_advice(tmp_path):
    folder = make_plan(tmp_path / "leeg", remove_phases("vertrekpunt", *LATER_PHASES))
    assert fired(folder) == set()


@pytest.mark.parametrize("kept", ("vertrekpunt", *LATER_PHASES))
def test_every_rule_evaluates_on_a_plan_with_one_phase(tmp_path, kept):
    """Half-filled plans are normal; no condition may fail on missing phases."""
    others = [p for p in ("vertrekpunt", *LATER_PHASES) if p != kept]
    answer_set, errors = _load(make_plan(tmp_path / "plan", remove_phases(*others)))
    for rule_id in RULES_BY_ID:
        raw_condition(rule_id, answer_set)
    ids = {a.rule.id for a in evaluate_advice(RULES, answer_set)}
    expected = {
        "vertrekpunt": set(),
        "evaluatie": {"geen-regisseur-of-opdracht", "evaluatierij-zonder-doel"},  # D1-D4 are gone
    }.get(kept, {"geen-regisseur-of-opdracht"})
    assert ids == expected


# --- messages name the answers involved --------------------------------------------------


def _message(tmp_path: Path, rule_id: str, change: Change) -> str:
    found = [a for a in advice(make_plan(tmp_path / "plan", change)) if a.rule.id == rule_id]
    assert found, rule_id
    return found[0].message


def test_message_names_the_goal_without_evaluation_row(tmp_path):
    message = _message(tmp_path, "doel-zonder-evaluatierij",
                       both(drop_rows("evaluatie", "evaluatieplan", {"doel_id": "D3"}),
                            drop_rows("evaluatie", "evaluatieplan", {"doel_id": "D1"})))
    assert "D1, D3" in message and "D2" not in message


def test_hits_are_the_goal_ids(tmp_path):
    folder = make_plan(tmp_path / "plan", drop_rows("evaluatie", "evaluatieplan", {"doel_id": "D3"}))
    found = [a for a in advice(folder) if a.rule.id == "doel-zonder-evaluatierij"]
    assert list(found[0].hits) == ["D3"]


def test_message_names_the_unknown_goal(tmp_path):
    message = _message(tmp_path, "evaluatierij-zonder-doel",
                       rows("evaluatie", "evaluatieplan", {"doel_id": "D4"}, doel_id="D7"))
    assert "D7" in message


def test_message_names_the_stakeholder_without_communication(tmp_path):
    message = _message(tmp_path, "invloedrijke-partij-zonder-communicatie",
                       drop_rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}))
    assert BOLSTER in message and "Kinderopvang Het Speelkwartier" not in message


def test_message_names_the_missing_arrangements_for_youth_care_professionals(tmp_path):
    message = _message(tmp_path, "jeugdzorgprofessional-zonder-afspraken",
                       answers("planvorming", taakafbakening=None, vog_regeling="nog_regelen"))
    assert "taakafbakening" in message and "VOG" in message and "cao" not in message


def test_message_names_the_missing_horizon(tmp_path):
    message = _message(tmp_path, "visie-route-onvolledig", answers("visie", route_middellang=None))
    assert "geen stappen voor de middellange termijn (3-5 jaar)." in message
    assert "korte termijn (1-2 jaar)" not in message


def test_message_names_the_sum_of_the_levels(tmp_path):
    message = _message(tmp_path, "visie-aandelen-niet-100",
                       answers("visie", aandeel_niveau_1=85, aandeel_niveau_2=10, aandeel_niveau_3=4.5,
                               aandeel_niveau_4=3))
    assert "samen op tot 102,5 procent in plaats van 100" in message


def test_message_counts_the_principles(tmp_path):
    message = _message(tmp_path, "visie-aantal-uitgangspunten", keep_rows("visie", "uitgangspunten", 2))
    assert "nu 2 uitgangspunt" in message


def test_message_names_the_risk(tmp_path):
    message = _message(tmp_path, "risico-zonder-maatregel-of-eigenaar",
                       rows("uitvoering", "risicos", 4, maatregel=None))
    assert "Geen structurele financiering voor" in message


def test_message_names_the_milestone(tmp_path):
    message = _message(tmp_path, "mijlpaal-zonder-eigenaar-of-datum",
                       rows("uitvoering", "mijlpalen", 1, datum=None))
    assert "Plan van aanpak vastgesteld door de stuurgroep" in message


def test_message_names_the_dates_in_the_wrong_order(tmp_path):
    message = _message(tmp_path, "meetmomenten-volgorde",
                       rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, eindmeting=dt.date(2026, 8, 1)))
    assert "eindmeting (2026-08-01)" in message and "start van de uitvoering (2026-09-01)" in message
    assert "eerste nulmeting" not in message


def test_message_names_the_late_baseline(tmp_path):
    message = _message(tmp_path, "meetmomenten-volgorde",
                       rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, nulmeting=dt.date(2026, 10, 1)))
    assert "nulmeting (2026-10-01)" in message


def test_message_names_the_goal_without_baseline(tmp_path):
    message = _message(tmp_path, "evaluatie-zonder-nulmeting",
                       rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, nulmeting=None))
    assert "doel D2" in message


def test_message_names_the_unknown_target_group(tmp_path):
    message = _message(tmp_path, "communicatie-doelgroep-onbekend",
                       rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}, doelgroep="Jeugdhulp Bolster"))
    assert "Jeugdhulp Bolster" in message


def test_message_names_the_housing_option_in_words(tmp_path):
    message = _message(tmp_path, "huisvesting-zonder-ruimte-eisen",
                       answers("planvorming", ruimte_eisen_geregeld=False))
    assert "een bestaande opvanglocatie" in message and "bestaande_opvanglocatie" not in message


def test_message_names_the_cooperation_conditions(tmp_path):
    message = _message(tmp_path, "samenwerkingsvoorwaarde-zonder-aanpak",
                       answers("vertrekpunt", nodig_organisatie=None, nodig_belangen=None))
    assert "belangen, organisatie" in message


def test_message_names_what_is_missing_at_the_start(tmp_path):
    message = _message(tmp_path, "geen-regisseur-of-opdracht",
                       answers("vertrekpunt", regisseur_naam=None, gezamenlijke_opdracht=None))
    assert "de naam van de regisseur en de gezamenlijke opdracht" in message


def test_acknowledged_advice_keeps_its_reason(tmp_path):
    folder = make_plan(tmp_path / "plan", answers("planvorming", groepsvorm="homogeen"))
    plan, catalog, answer_set, report = load_state(folder)
    result = evaluate_advice(RULES, answer_set, {"inclusief-met-homogene-groepen": "Tijdelijk, tot 2028."})
    found = [a for a in result if a.rule.id == "inclusief-met-homogene-groepen"]
    assert found[0].acknowledged == "Tijdelijk, tot 2028."
