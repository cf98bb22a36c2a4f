"""The advice rules in questionnaires/advies.yaml, one by one.

Every rule gets a plan that triggers it and a plan close to it that does not,
each made from the answers of an example plan with one small change. The plans
live in memory (plain data, as the rules see the answers), so the hundreds of
cases stay fast. A rule whose expression fails at runtime silently does not
apply, so the near miss also checks that the condition really evaluates (and
is false) instead of erroring.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from handreiking.insight.advice import evaluate_advice, load_rules, plan_scope, register_name_helpers
from handreiking.plan.answers import load_answers
from handreiking.cli.shared import load_state
from handreiking.questionnaire.catalog import load_catalog

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "gemeente-voorbeeld"
EXAMPLES = (EXAMPLE, REPO / "examples" / "gemeente-klein", REPO / "examples" / "regio-lage-venen")
RULES_FILE = REPO / "questionnaires" / "advies.yaml"
CATALOG = load_catalog()
RULES = load_rules()
RULES_BY_ID = {rule.id: rule for rule in RULES}
RULES_DATA = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["regels"]
WANNEER = {r["id"]: r["wanneer"] for r in RULES_DATA}
PHASES = tuple(CATALOG.phases)

Plan = dict  # phase name -> {question id: answer}, only answered questions
Change = Callable[[Plan], None]


# --- plans in memory ----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _answered(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


class MemoryAnswers:
    """An answer set of plain data with what ``evaluate_advice`` needs: ``scope()``, and per
    phase its answers and the questions that apply (for ``verplicht.<fase>``)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def scope(self, phase: str | None = None) -> dict[str, Any]:
        scope = {name: {k: v for k, v in self.plan.get(name, {}).items() if _answered(v)} for name in PHASES}
        own = scope.get(phase, {}) if phase is not None else {}
        return {**own, **scope, "plan": dict(self.plan.get("plan", {}))}  # plan: the details of plan.yaml

    def __getitem__(self, phase: str) -> Any:
        from types import SimpleNamespace

        return SimpleNamespace(questionnaire=CATALOG.get(phase), get=self.scope()[phase].get)

    def __iter__(self) -> Any:
        return iter([self[phase] for phase in PHASES])

    def active_questions(self, questionnaire: Any) -> list[Any]:
        scope = self.scope(questionnaire.phase)
        return [q for q in questionnaire.questions if q.is_active(scope)]


def answers_of(folder: Path) -> Plan:
    answer_set, report = load_answers(CATALOG, folder / "antwoorden")
    assert not report.errors, [str(e) for e in report.errors]
    return _plain(answer_set.scope())


BASE = {**answers_of(EXAMPLE), "plan": plan_scope(load_state(EXAMPLE)[0].meta)}


def _matches(item: Any, where: dict[str, Any] | int, index: int) -> bool:
    if isinstance(where, int):
        return index == where
    return all(item.get(k) == v for k, v in where.items())


def _set(mapping: dict, key: str, value: Any) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


def answers(phase: str, **values: Any) -> Change:
    """Set answers of one phase; ``None`` leaves a question open ("weet ik nog niet")."""
    def change(plan: Plan) -> None:
        for key, value in values.items():
            _set(plan.setdefault(phase, {}), key, value)
    return change


def add_to(phase: str, question: str, value: Any) -> Change:
    def change(plan: Plan) -> None:
        plan.setdefault(phase, {})[question] = list(plan[phase].get(question) or []) + [value]
    return change


def remove_from(phase: str, question: str, value: Any) -> Change:
    def change(plan: Plan) -> None:
        plan[phase][question] = [v for v in plan[phase].get(question) or [] if v != value]
    return change


def rows(phase: str, group: str, where: dict[str, Any] | int | None = None, **fields: Any) -> Change:
    """Change fields of the group items that match ``where`` (a dict of field values, an
    index, or None for every item)."""
    def change(plan: Plan) -> None:
        hits = 0
        for index, item in enumerate(plan[phase].get(group) or []):
            if where is None or _matches(item, where, index):
                hits += 1
                for key, value in fields.items():
                    _set(item, key, value)
        assert hits, f"geen rij in {phase}.{group} past bij {where}"
    return change


def rows_except(phase: str, group: str, where: dict[str, Any], **fields: Any) -> Change:
    """Change fields of every group item that does NOT match ``where``."""
    def change(plan: Plan) -> None:
        for index, item in enumerate(plan[phase].get(group) or []):
            if not _matches(item, where, index):
                for key, value in fields.items():
                    _set(item, key, value)
    return change


def drop_rows(phase: str, group: str, where: dict[str, Any] | int) -> Change:
    def change(plan: Plan) -> None:
        items = list(plan[phase].get(group) or [])
        kept = [item for index, item in enumerate(items) if not _matches(item, where, index)]
        assert len(kept) < len(items), f"geen rij in {phase}.{group} past bij {where}"
        plan[phase][group] = kept
    return change


def keep_rows(phase: str, group: str, count: int) -> Change:
    def change(plan: Plan) -> None:
        plan[phase][group] = list(plan[phase].get(group) or [])[:count]
    return change


def append_rows(phase: str, group: str, *items: dict[str, Any]) -> Change:
    def change(plan: Plan) -> None:
        plan.setdefault(phase, {})[group] = list(plan[phase].get(group) or []) + [dict(i) for i in items]
    return change


def remove_phases(*phases: str) -> Change:
    def change(plan: Plan) -> None:
        for phase in phases:
            plan[phase] = {}
    return change


def both(*changes: Change) -> Change:
    """Several edits that together make one change."""
    def change(plan: Plan) -> None:
        for c in changes:
            c(plan)
    return change


def make_plan(change: Change, base: Plan = BASE) -> MemoryAnswers:
    plan = copy.deepcopy(base)
    change(plan)
    return MemoryAnswers(plan)


def advice(answer_set: Any) -> list[Any]:
    return evaluate_advice(RULES, answer_set)


def fired(answer_set: Any) -> set[str]:
    """The ids of the advice that applies to the plan."""
    return {a.rule.id for a in advice(answer_set)}


@functools.lru_cache(maxsize=None)
def _raw_expression(rule_id: str) -> Any:
    from jinja2 import ChainableUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = register_name_helpers(SandboxedEnvironment(undefined=ChainableUndefined))
    return env.compile_expression(WANNEER[rule_id].strip(), undefined_to_none=False)


def raw_condition(rule_id: str, answer_set: Any) -> Any:
    """The condition's value, evaluated like the engine does but letting errors through."""
    return _raw_expression(rule_id)(**answer_set.scope())


LINDEWAARD_SECTORS_ONDERWIJS = ({"sector": "samenwerkingsverband"}, {"sector": "bestuur_onderwijs"})
BOLSTER = "Jeugdhulp De Bolster"
GEMEENTE = "Gemeente Lindewaard – beleid Jeugd en Onderwijs"
LATER_PHASES = ("visie", "onderzoek", "planvorming", "uitvoering", "evaluatie")
VISION_ADOPTED = {"visiedocument_status": "vastgesteld", "visiedocument_vastgesteld_op": dt.date(2026, 6, 25),
                  "visiedocument_vastgesteld_door": "de partners"}


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
    ("visie-aandelen-niet-100",                  # the shares given leave no room for the others
     answers("visie", aandeel_niveau_1=95, aandeel_niveau_2=12, aandeel_niveau_3=None, aandeel_niveau_4=None),
     answers("visie", aandeel_niveau_1=85, aandeel_niveau_2=10, aandeel_niveau_3=None, aandeel_niveau_4=None)),
    ("visie-aandelen-niet-100",                  # all four given: 102 is an estimate, not an error
     answers("visie", aandeel_niveau_1=95, aandeel_niveau_2=10.5, aandeel_niveau_3=None, aandeel_niveau_4=None),
     answers("visie", aandeel_niveau_1=85, aandeel_niveau_2=10, aandeel_niveau_3=4, aandeel_niveau_4=3)),
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
     rows_except("uitvoering", "middelen", {"soort": "eenmalig"}, soort="tijdelijk"),
     rows_except("uitvoering", "middelen", {"bron": "jeugdwet"}, soort="tijdelijk")),
    ("alleen-incidentele-financiering",
     answers("planvorming", financieringsbronnen=["kinderopvangtoeslag", "incidentele_middelen"]),
     answers("planvorming", financieringsbronnen=["kinderopvangtoeslag", "incidentele_middelen", "gemeentefonds"])),
    ("alleen-incidentele-financiering",
     rows_except("uitvoering", "middelen", {"soort": "eenmalig"}, soort="tijdelijk"),
     rows_except("uitvoering", "middelen", {"soort": "eenmalig"}, soort=None)),
    ("wlz-zonder-zorgkantoor",
     add_to("planvorming", "financieringsbronnen", "wlz"),
     add_to("planvorming", "relevante_wetten", "wlz")),
    ("wlz-zonder-zorgkantoor",
     add_to("planvorming", "financieringsbronnen", "wlz"),
     both(add_to("planvorming", "financieringsbronnen", "wlz"),
          append_rows("vertrekpunt", "stakeholders", {"naam": "Zorgkantoor Rivierenland", "sector": "zorgkantoor",
                                                      "invloed": "midden"}))),
    ("wlz-zonder-zorgkantoor",
     append_rows("uitvoering", "middelen", {"post": "Verpleging op de groep", "bron": "wlz", "soort": "structureel"}),
     both(append_rows("uitvoering", "middelen", {"post": "Verpleging op de groep", "bron": "wlz",
                                                 "soort": "structureel"}),
          append_rows("vertrekpunt", "stakeholders", {"naam": "CIZ",
                                                      "sector": {"anders": "Centrum indicatiestelling zorg"}}))),
    ("zorgprotocol-ontbreekt",                               # the example has its protocol (zorgprotocol: true)
     answers("planvorming", zorgprotocol=False),             # an approach to ending placements is no protocol
     answers("planvorming", zorgprotocol=True)),
    ("zorgprotocol-ontbreekt",
     answers("planvorming", zorgprotocol=False, aanpak_beeindiging=None),
     answers("planvorming", zorgprotocol=False, zorgprotocol_gereed=dt.date(2026, 8, 31), aanpak_beeindiging=None)),
    ("zorgprotocol-na-start",
     answers("planvorming", zorgprotocol=False, zorgprotocol_gereed=dt.date(2026, 12, 31)),
     answers("planvorming", zorgprotocol=False, zorgprotocol_gereed=dt.date(2026, 8, 1))),
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
    ("invloedrijke-partij-zonder-communicatie",             # the guide's four rows reach everyone
     both(drop_rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}),
          drop_rows("uitvoering", "communicatie", {"doelgroep": "externe_partners"})),
     drop_rows("uitvoering", "communicatie", {"doelgroep": BOLSTER})),
    ("invloedrijke-partij-zonder-communicatie",
     both(drop_rows("uitvoering", "communicatie", {"doelgroep": GEMEENTE}),
          drop_rows("uitvoering", "communicatie", {"doelgroep": "collegas_gemeente"})),
     both(drop_rows("uitvoering", "communicatie", {"doelgroep": GEMEENTE}),
          drop_rows("uitvoering", "communicatie", {"doelgroep": "collegas_gemeente"}),
          rows("vertrekpunt", "stakeholders", {"naam": GEMEENTE}, betrokkenheid_uitvoering="niet"))),
    ("invloedrijke-partij-zonder-communicatie",             # names match whatever the dash
     both(drop_rows("uitvoering", "communicatie", {"doelgroep": "collegas_gemeente"}),
          rows("uitvoering", "communicatie", {"doelgroep": GEMEENTE}, doelgroep="Gemeente Lindewaard")),
     both(drop_rows("uitvoering", "communicatie", {"doelgroep": "collegas_gemeente"}),
          rows("uitvoering", "communicatie", {"doelgroep": GEMEENTE},
               doelgroep="gemeente lindewaard - beleid jeugd en  onderwijs"))),
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
    ("evaluatierij-zonder-doel",                            # goal ids match whatever the case
     rows("evaluatie", "evaluatieplan", {"doel_id": "D4"}, doel_id="D 4"),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D4"}, doel_id="d4")),
    ("evaluatierij-zonder-doel",
     rows("evaluatie", "resultaten", 0, doel_id="D9"),
     rows("evaluatie", "resultaten", 0, doel_id=None)),
    ("evaluatie-zonder-nulmeting",
     both(rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, nulmeting=None),
          rows("uitvoering", "doelen", {"doel_id": "D2"}, uitgangswaarde=None)),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, nulmeting=None)),   # the baseline is known
    ("eindmeting-na-uitvoering",                            # the execution ends on 31-12-2028
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, eindmeting=dt.date(2029, 6, 1)),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, eindmeting=dt.date(2028, 12, 31))),
    ("volgende-ronde-voor-start",                           # the execution starts on 1-9-2026
     answers("evaluatie", volgende_cyclus_start=dt.date(2026, 2, 1)),
     answers("evaluatie", volgende_cyclus_start=dt.date(2026, 9, 1))),
    ("visie-evaluatie-voor-vaststelling",                   # the vision was adopted on 25-6-2026
     answers("visie", eerste_evaluatie=dt.date(2025, 6, 1)),
     answers("visie", eerste_evaluatie=dt.date(2026, 6, 25))),
    ("visie-evaluatie-voor-vaststelling",                   # only a vision that is adopted
     answers("visie", eerste_evaluatie=dt.date(2025, 6, 1)),
     both(answers("visie", eerste_evaluatie=dt.date(2025, 6, 1)), answers("visie", visiedocument_status="concept"))),
    ("meetmomenten-volgorde",                               # a baseline after the start is allowed
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, nulmeting=dt.date(2029, 1, 1)),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, nulmeting=dt.date(2026, 10, 1))),
    ("meetmomenten-volgorde",   # dates as quoted text compare like dates
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, nulmeting="2029-01-01"),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, nulmeting="2026-08-01")),
    ("meetmomenten-volgorde",
     rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, eindmeting=dt.date(2026, 5, 1)),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, eindmeting=dt.date(2026, 12, 1))),
    ("meetmomenten-volgorde",                               # compared within each row
     answers("uitvoering", startdatum_uitvoering=dt.date(2028, 6, 1)),
     answers("uitvoering", startdatum_uitvoering=dt.date(2027, 12, 1))),
    ("evaluatie-zonder-verwerking",
     answers("evaluatie", verwerkingscapaciteit=None),
     answers("evaluatie", belasting_stakeholders=None)),
    ("evaluatie-zonder-verwerking",
     answers("evaluatie", analyse_door=None),
     answers("evaluatie", rapportage_moment=None)),

    # --- rules added with the inventory of the guide (questionnaires/advies-dekking.md) ---
    # 1 · Vertrekpunt
    ("regisseur-met-belangen-zonder-afspraken",
     answers("vertrekpunt", regisseur_onafhankelijk=False),
     answers("vertrekpunt", regisseur_onafhankelijk=False,
             regisseur_belangen_afspraken="Besluiten waar SKL belang bij heeft, neemt de stuurgroep.")),
    ("stakeholders-sector-ontbreekt",
     drop_rows("vertrekpunt", "stakeholders", {"sector": "ggd_toezicht"}),
     drop_rows("vertrekpunt", "stakeholders", {"sector": "huisartsenpraktijk"})),
    ("stakeholder-nergens-betrokken",
     rows("vertrekpunt", "stakeholders", {"sector": "huisartsenpraktijk"}, betrokkenheid_verkennend="niet",
          betrokkenheid_planvorming="niet", betrokkenheid_uitvoering="niet"),
     rows("vertrekpunt", "stakeholders", {"sector": "huisartsenpraktijk"}, betrokkenheid_verkennend="niet",
          betrokkenheid_planvorming="niet", betrokkenheid_uitvoering="passief")),
    ("huidige-situatie-niet-verkend",
     answers("vertrekpunt", gemist=None),
     both(answers("vertrekpunt", gemist=None), remove_phases("visie", "onderzoek", "planvorming"))),
    ("oorzaak-zonder-oplossingsrichting",
     answers("vertrekpunt", oplossingsrichtingen=["tussenvormen_zorg"]),
     answers("vertrekpunt", oplossingsrichtingen=["tussenvormen_zorg", "pedagogische_basis",
                                                  "coaching_on_the_job", "buitenspelen"])),
    ("opdracht-niet-gedragen",
     answers("vertrekpunt", opdracht_gedragen=False),
     answers("vertrekpunt", opdracht_gedragen=None)),
    ("samenwerking-afspraken-ontbreken",                    # eenduidige_aanpak: false in the example,
     answers("visie", visiedocument_status="concept"),      # which the adopted vision has settled since
     both()),
    ("samenwerking-afspraken-ontbreken",
     answers("vertrekpunt", eenduidige_aanpak=True, overlegstructuur=None),
     answers("vertrekpunt", eenduidige_aanpak=True, overlegstructuur=None, vaste_contactpersonen=None)),

    # 2 · Visie
    ("inclusief-niveau-3-zonder-invulling",
     answers("visie", niveau_3_invulling=None),
     answers("visie", niveau_3_invulling=None, niveaus_in_aanbod=["niveau_1", "niveau_2"])),
    ("niveau-zonder-uitwerking",
     answers("visie", niveau_2_invulling=None),
     answers("visie", niveau_2_invulling=None, niveaus_in_aanbod=["niveau_1", "niveau_3"])),
    ("aandelen-niveaus-kloppen-niet",
     answers("visie", aandeel_niveau_1=60),
     answers("visie", aandeel_niveau_1=82)),
    ("visie-zonder-onderwijs",
     answers("visie", relatie_inclusief_onderwijs=None),
     answers("visie", relatie_inclusief_onderwijs=None, toekomstbeeld=None)),
    ("visie-niet-bestuurlijk-geborgd",
     answers("visie", vastgesteld_door=None),
     answers("visie", vastgesteld_door=["college"])),
    ("visie-commitment-onvolledig",
     answers("visie", ondertekenaars=None),
     answers("visie", evaluatiefrequentie=None)),
    ("visie-commitment-onvolledig",
     answers("visie", evaluatiefrequentie=None, evaluatie_afspraken=None),
     answers("visie", evaluatiefrequentie=None, evaluatie_afspraken=None, toekomstbeeld=None)),
    ("randvoorwaarden-onvolledig",
     answers("visie", randvoorwaarde_beleid=None),
     answers("visie", randvoorwaarde_beleid=None, toekomstbeeld=None)),
    ("visie-partijen-niet-betrokken",
     rows("vertrekpunt", "stakeholders", {"sector": "bestuur_onderwijs"}, betrokkenheid_verkennend="niet"),
     rows("vertrekpunt", "stakeholders", {"sector": "huisartsenpraktijk"}, betrokkenheid_verkennend="niet")),
    ("visie-niet-in-bestaand-overleg",
     answers("visie", lea_verankering=False, lokale_inclusie_agenda=False, bestaand_overleg=None),
     answers("visie", lea_verankering=False, lokale_inclusie_agenda=False)),
    ("horizon-buiten-5-10-jaar",
     answers("visie", horizonjaar=2029),
     answers("visie", horizonjaar=2031)),

    # 3 · Onderzoek: findings checked against Planvorming and Uitvoering
    ("wachtlijst-gevonden-zonder-overbrugging",
     answers("planvorming", overbrugging=None),
     both(answers("planvorming", overbrugging=None), answers("onderzoek", wachtlijst_jeugdhulp=0))),
    ("beeindigde-plaatsingen-zonder-aanpak",
     answers("planvorming", aanpak_beeindiging=None),
     both(answers("planvorming", aanpak_beeindiging=None), answers("onderzoek", aantal_beeindigde_plaatsingen=0))),
    ("behoeften-professionals-niet-in-plan",
     answers("planvorming", toegangsteam=False, inzet_jeugdzorgprofessionals=False,
             inzet_professionals=["regulier_opgeleid"]),
     answers("planvorming", toegangsteam=True, inzet_jeugdzorgprofessionals=False,
             inzet_professionals=["regulier_opgeleid"])),
    ("medische-behoefte-niet-in-plan",
     both(add_to("onderzoek", "behoeften_kinderen", "medische_ondersteuning"),
          answers("planvorming", exclusiecriteria=None)),
     add_to("onderzoek", "behoeften_kinderen", "medische_ondersteuning")),
    ("randvoorwaarde-niet-in-plan",
     both(add_to("onderzoek", "randvoorwaarden_kinderopvang", "ruimte"),
          answers("planvorming", aanpassingen_locatie=None)),
     add_to("onderzoek", "randvoorwaarden_kinderopvang", "ruimte")),
    ("prioriteit-zonder-keuze",
     answers("planvorming", ouder_bouwstenen=None),
     both(answers("planvorming", ouder_bouwstenen=None),
          drop_rows("onderzoek", "prioriteiten", {"thema": "samenwerken_ouders"}))),
    ("informatie-zonder-verantwoordelijke",
     rows("onderzoek", "informatiebehoefte", 0, verantwoordelijke=None),
     rows("onderzoek", "informatiebehoefte", 0, bronnen=None)),
    ("onderzoek-zonder-ouders",
     answers("onderzoek", onderzoeksmethoden=["cijfers_doelgroep"], bevindingen_kinderen_ouders=None),
     answers("onderzoek", onderzoeksmethoden=["cijfers_doelgroep"])),
    ("verdeling-niveaus-niet-toegelicht",
     answers("onderzoek", verdeling_niveaus_toelichting=None),
     answers("onderzoek", verdeling_niveaus_toelichting=None, verdeling_niveaus_klopt=True)),
    ("oorzaken-niet-getoetst",
     answers("onderzoek", bevindingen_oorzaken=None),
     both(answers("onderzoek", bevindingen_oorzaken=None), answers("vertrekpunt", oorzaken=None))),
    ("geen-recht-op-toeslag-niet-opgelost",
     both(add_to("onderzoek", "financieringsknelpunten", "geen_recht_kot"),
          answers("planvorming", toegang_zonder_toeslag=None),
          remove_from("planvorming", "financieringsbronnen", "smi")),
     both(add_to("onderzoek", "financieringsknelpunten", "geen_recht_kot"),
          answers("planvorming", toegang_zonder_toeslag=None))),

    # 4 · Planvorming
    ("inclusief-met-plusgroep",
     answers("planvorming", nieuwe_gespecialiseerde_groep=True),
     both(answers("planvorming", nieuwe_gespecialiseerde_groep=True), answers("visie", perspectief="passend"))),
    ("heterogeen-zonder-middelen",
     answers("planvorming", aanbod_bouwstenen=["aangepast_programma"], inzet_professionals=["regulier_opgeleid"]),
     answers("planvorming", aanbod_bouwstenen=["aangepast_programma", "kleinere_groepen"],
             inzet_professionals=["regulier_opgeleid"])),
    ("hybride-zonder-specialist",                            # hybrid is about staffing, not composition
     answers("planvorming", groepsvorm="hybride", inzet_jeugdzorgprofessionals=False,
             inzet_professionals=["regulier_opgeleid"]),
     answers("planvorming", groepsvorm="hybride", inzet_jeugdzorgprofessionals=False)),
    ("homogeen-zonder-verbinding",
     both(answers("visie", perspectief="passend"), answers("planvorming", groepsvorm="homogeen")),
     both(answers("visie", perspectief="passend"),
          answers("planvorming", groepsvorm="homogeen", homogeen_verbinding="Samen buitenspelen, zelfde gebouw."))),
    ("groepsdynamiek-zonder-coaching",
     answers("planvorming", aanbod_bouwstenen=["extra_medewerker"], ondersteuning_op_groep=None),
     answers("planvorming", aanbod_bouwstenen=["extra_medewerker"], ondersteuning_op_groep=["coaching_intern"])),
    ("coaching-zonder-tijd",
     answers("planvorming", werkdruk_maatregelen=["grenzen_bewaken"]),
     answers("planvorming", werkdruk_maatregelen=["grenzen_bewaken", "intervisie"])),
    ("ve-programma-niet-geborgd",
     answers("planvorming", ve_programma_borging=None),
     both(answers("planvorming", ve_programma_borging=None),
          remove_from("vertrekpunt", "doelgroep_leeftijden", "peuteropvang_ve"))),
    ("aanzuigende-werking-niet-beschreven",
     answers("planvorming", nieuwe_gespecialiseerde_groep=True),
     answers("planvorming", nieuwe_gespecialiseerde_groep=True,
             aanzuigende_werking="Acht plekken, vaste criteria, elk halfjaar de indicaties evalueren.")),
    ("plusgroep-zonder-afbouw",
     both(answers("visie", perspectief="passend"), answers("planvorming", nieuwe_gespecialiseerde_groep=True)),
     both(answers("visie", perspectief="passend"),
          answers("planvorming", nieuwe_gespecialiseerde_groep=True,
                  gespecialiseerde_groep_afbouw="In 2030 besluiten we op basis van de evaluatie."))),
    ("bso-speciaal-onderwijs-niet-geregeld",
     answers("planvorming", bso_speciaal_onderwijs=None),
     both(answers("planvorming", bso_speciaal_onderwijs=None), answers("onderzoek", aantal_speciaal_onderwijs=0))),
    ("personeelstekort-leunt-op-extra-personeel",
     answers("planvorming", personeelskrapte=None),
     both(answers("planvorming", personeelskrapte=None),
          remove_from("vertrekpunt", "oorzaken", "personeelstekort_werkdruk"))),
    ("wachtlijsten-oorzaak-zonder-overbrugging",            # the cause is named, the research has no count
     both(answers("planvorming", overbrugging=None), answers("onderzoek", wachtlijst_jeugdhulp=None)),
     both(answers("planvorming", overbrugging=None), answers("onderzoek", wachtlijst_jeugdhulp=None),
          remove_from("vertrekpunt", "oorzaken", "wachtlijsten_jeugdzorg"))),
    ("wachtlijsten-oorzaak-zonder-overbrugging",            # with a count, the Onderzoek rule speaks
     both(answers("planvorming", overbrugging=None), answers("onderzoek", wachtlijst_jeugdhulp=None)),
     answers("planvorming", overbrugging=None)),
    ("bijscholing-jeugdzorg-onbekend",
     answers("planvorming", bijscholing_jeugdzorg=None),
     answers("planvorming", bijscholing_jeugdzorg=None, inzet_jeugdzorgprofessionals=False)),
    ("professionalisering-zonder-borging",
     answers("planvorming", borging_kennis=None),
     answers("planvorming", borging_kennis=None, ondersteuning_op_groep=None, aanbod_bouwstenen=["extra_medewerker"])),
    ("hogere-kosten-zonder-dekking",
     add_to("planvorming", "inzet_professionals", "hoger_opgeleid"),
     both(add_to("planvorming", "inzet_professionals", "hoger_opgeleid"),
          answers("planvorming", dekking_hogere_kosten=["gemeentelijke_subsidie"]))),
    ("leiderschap-niet-beschreven",
     answers("planvorming", passend_leiderschap=None),
     answers("planvorming", passend_leiderschap=None, werkdruk_maatregelen=None)),
    ("werkdruk-zonder-maatregelen",
     answers("planvorming", werkdruk_maatregelen=None),
     answers("planvorming", werkdruk_maatregelen=None, ondersteuning_op_groep=None)),
    ("gegevens-delen-zonder-afspraken",
     answers("planvorming", privacy_maatregelen=None, aanpak_avg=None),
     answers("planvorming", privacy_maatregelen=None)),
    ("toestemming-ouders-ontbreekt",
     remove_from("planvorming", "privacy_maatregelen", "toestemming_ouders"),
     remove_from("planvorming", "privacy_maatregelen", "anoniem_advies")),
    ("toestemming-onvolledig",
     remove_from("planvorming", "privacy_toestemming", "vrij_en_intrekbaar"),
     remove_from("planvorming", "privacy_toestemming", "vastgelegd_in_beleid")),
    ("incidenteel-zonder-borging",
     answers("planvorming", incidenteel_borging=None),
     both(answers("planvorming", incidenteel_borging=None),
          remove_from("planvorming", "financieringsbronnen", "incidentele_middelen"))),
    ("oab-zonder-onderbouwing",
     answers("planvorming", oab_inzet=None),
     both(answers("planvorming", oab_inzet=None), remove_from("planvorming", "financieringsbronnen", "oab"))),
    ("inclusief-met-individuele-jeugdwet",       # per child, for a group of children with care needs
     answers("planvorming", jeugdwet_vorm="individueel", groepsvorm="hybride"),
     answers("planvorming", jeugdwet_vorm="beide", groepsvorm="hybride")),
    ("inclusief-met-individuele-jeugdwet",
     answers("planvorming", jeugdwet_vorm="individueel", nieuwe_gespecialiseerde_groep=True),
     answers("planvorming", jeugdwet_vorm="individueel")),  # one child on a regular group: the guide's choice
    ("gemeentefonds-als-structureel",                        # a structural gemeentefonds row in the example
     both(),
     rows("uitvoering", "middelen", {"bron": "gemeentefonds", "soort": "structureel"}, soort="tijdelijk")),
    ("jeugdwet-zonder-combinatievorm",
     answers("planvorming", combinatie_in_groep=None),
     answers("planvorming", combinatie_in_groep=None, inzet_jeugdzorgprofessionals=False)),
    ("wetten-passen-niet-bij-financiering",
     remove_from("planvorming", "relevante_wetten", "smi_beleidsregels"),
     remove_from("planvorming", "relevante_wetten", "ikk")),
    ("wetten-passen-niet-bij-financiering",
     add_to("planvorming", "financieringsbronnen", "wmo"),
     both(add_to("planvorming", "financieringsbronnen", "wmo"), add_to("planvorming", "relevante_wetten", "wmo"))),
    ("toezicht-niet-betrokken",
     answers("planvorming", toezichthouders_betrokken=["igj"]),
     answers("planvorming", toezichthouders_betrokken=["ggd"])),
    ("toezicht-niet-betrokken",
     answers("planvorming", combinatievorm="gecombineerde_voorziening", toezichthouders_betrokken=["ggd"]),
     answers("planvorming", combinatievorm="gecombineerde_voorziening", toezichthouders_betrokken=["ggd", "igj"])),
    ("vog-jeugdhulp-bij-structurele-inzet",
     answers("planvorming", vog_regeling="vog_jeugdhulp"),
     answers("planvorming", vog_regeling="vog_jeugdhulp", inzet_jeugdzorgprofessionals=False)),
    ("ketenmodel-gekozen",
     answers("planvorming", samenwerkingsmodel="ketenmodel"),
     answers("planvorming", samenwerkingsmodel="netwerkmodel")),
    ("casusregie-niet-belegd",
     answers("planvorming", casusregie=None),
     answers("planvorming", casusregie=None, samenwerkingsmodel=None)),
    ("casusregie-bij-kinderopvang",
     answers("planvorming", casusregie="kinderopvang"),
     answers("planvorming", casusregie="jgz")),
    ("samenwerkingsafspraken-niet-vastgelegd",
     answers("planvorming", samenwerkingsafspraken_vastgelegd=False),
     answers("planvorming", samenwerkingsafspraken_vastgelegd=None)),
    ("overzicht-aanbod-ontbreekt",
     answers("planvorming", overzicht_aanbod=False),
     answers("planvorming", overzicht_aanbod=True)),
    ("geen-toegangsteam",
     answers("planvorming", toegangsteam=False),
     both(answers("planvorming", toegangsteam=False), answers("visie", niveaus_in_aanbod=["niveau_1", "niveau_2"]))),
    ("doorlooptijd-te-lang",
     answers("planvorming", doorlooptijd_weken=8),
     answers("planvorming", doorlooptijd_weken=6)),
    ("kleine-organisaties-zonder-advies",
     answers("planvorming", advies_kleine_organisaties=None),
     answers("planvorming", advies_kleine_organisaties=None, verwijzers=None)),
    ("geen-terugroute",
     remove_from("planvorming", "protocollen", "terugroute"),
     both(remove_from("planvorming", "protocollen", "terugroute"),
          answers("visie", niveaus_in_aanbod=["niveau_1", "niveau_2"]))),
    ("huisvesting-minimale-aandachtspunten",                 # no accessible toilets chosen in the example
     both(),
     add_to("planvorming", "aanpassingen_locatie", "sanitair")),
    ("huisvesting-zonder-ontmoeting",
     answers("planvorming", huisvestingsoptie="solitaire_locatie"),
     answers("planvorming", huisvestingsoptie="solitaire_locatie",
             huisvesting_ontmoeting="Elke middag samen buitenspelen met de bso ernaast.")),
    ("gezamenlijke-huisvesting-zonder-constructie",
     answers("planvorming", huisvestingsoptie="inclusieve_school_mfa"),
     answers("planvorming", huisvestingsoptie="inclusieve_school_mfa",
             juridische_constructie="Huur van een leegstaand lokaal met toestemming van de gemeente.")),
    ("ihp-zonder-kinderopvang",
     answers("planvorming", huisvestingsoptie="speciaal_onderwijs", ihp_kinderopvang=False),
     answers("planvorming", huisvestingsoptie="bestaande_opvanglocatie", ihp_kinderopvang=False)),
    ("ouders-zonder-aanspreekpunt",
     answers("planvorming", aanspreekpunt_ouders=None),
     answers("planvorming", aanspreekpunt_ouders=None, ouder_bouwstenen=None)),
    ("ouderbeleid-ontbreekt",
     remove_from("planvorming", "ouder_bouwstenen", "ouderbeleid"),
     remove_from("planvorming", "ouder_bouwstenen", "transparantie")),

    # 5 · Uitvoering: goals and money
    ("doel-niet-meetbaar",
     rows("uitvoering", "doelen", {"doel_id": "D2"}, uitgangswaarde=None),
     rows("uitvoering", "doelen", {"doel_id": "D2"}, eigenaar=None)),
    ("doel-niet-meetbaar",
     rows("uitvoering", "doelen", {"doel_id": "D3"}, deadline=None, indicator=None),
     rows("uitvoering", "doelen", {"doel_id": "D3"}, doel=None)),
    ("doel-niet-meetbaar",                                  # a target of 0 is a target
     rows("uitvoering", "doelen", {"doel_id": "D3"}, streefwaarde=""),
     rows("uitvoering", "doelen", {"doel_id": "D3"}, streefwaarde=0)),
    ("doel-buiten-uitvoeringsperiode",
     rows("uitvoering", "doelen", {"doel_id": "D3"}, deadline=dt.date(2029, 6, 30)),
     rows("uitvoering", "doelen", {"doel_id": "D3"}, deadline=dt.date(2028, 12, 31))),
    ("doel-buiten-uitvoeringsperiode",
     rows("uitvoering", "doelen", {"doel_id": "D1"}, deadline="2026-06-30"),
     rows("uitvoering", "doelen", {"doel_id": "D1"}, deadline="2026-09-01")),
    ("post-buiten-uitvoeringsperiode",                   # one-off money after the execution (2026-2028)
     rows("uitvoering", "middelen", {"post": "Prikkelarme hoeken en materialen op alle locaties"}, van_jaar=2031),
     rows("uitvoering", "middelen", {"post": "Prikkelarme hoeken en materialen op alle locaties"}, van_jaar=2028)),
    ("post-buiten-uitvoeringsperiode",                   # temporary money that ended before it began
     rows("uitvoering", "middelen", {"soort": "tijdelijk"}, van_jaar=2024, tot_jaar=2025, van_maand=None),
     rows("uitvoering", "middelen", {"soort": "tijdelijk"}, van_jaar=2024, tot_jaar=2026, van_maand=None)),
    ("post-buiten-uitvoeringsperiode",                   # temporary money that ends in June of the start year
     rows("uitvoering", "middelen", {"soort": "tijdelijk"}, van_jaar=2026, tot_jaar=2026, van_maand=None, tot_maand=6),
     rows("uitvoering", "middelen", {"soort": "tijdelijk"}, van_jaar=2026, tot_jaar=2026, van_maand=None,
          tot_maand=9)),
    ("extra-kosten-buiten-uitvoering",                  # the execution runs 2026-2028
     answers("planvorming", extra_kosten_vanaf=2030),
     answers("planvorming", extra_kosten_vanaf=2028)),
    ("extra-kosten-buiten-uitvoering",
     answers("planvorming", extra_kosten_vanaf=2025),
     answers("planvorming", extra_kosten_vanaf=2026)),
    ("post-zonder-beginjaar",
     rows("uitvoering", "middelen", {"soort": "tijdelijk"}, van_jaar=None, van_maand=None),
     rows("uitvoering", "middelen", {"soort": "tijdelijk"}, van_jaar=2027, van_maand=None)),
    ("uitvoering-einde-voor-start",
     answers("uitvoering", einddatum_uitvoering=dt.date(2026, 1, 1)),
     answers("uitvoering", einddatum_uitvoering=dt.date(2026, 9, 2))),
    ("mijlpaal-na-einde-uitvoering",
     rows("uitvoering", "mijlpalen", 1, datum=dt.date(2029, 3, 1)),
     rows("uitvoering", "mijlpalen", 1, datum=dt.date(2028, 12, 31))),
    ("kosten-niet-gedekt",                                  # the example has a gap in 2028 and says how it is met
     answers("uitvoering", dekking_tekort=None),
     both(answers("uitvoering", dekking_tekort=None, begroting_dekkend=True),
          rows("uitvoering", "middelen", {"tot_jaar": 2027}, soort="structureel"))),
    ("kosten-niet-gedekt",                                  # SMI money for the regular hours is no cover
     both(answers("uitvoering", dekking_tekort=None),
          rows("uitvoering", "middelen", {"tot_jaar": 2027}, soort="structureel", bedrag=40000),
          rows("uitvoering", "middelen", {"bron": "smi"}, bedrag=40000)),
     both(answers("uitvoering", dekking_tekort=None, begroting_dekkend=True),
          rows("uitvoering", "middelen", {"tot_jaar": 2027}, soort="structureel", bedrag=60000),
          rows("uitvoering", "middelen", {"bron": "smi"}, bedrag=40000))),
    ("kosten-niet-gedekt",
     both(answers("uitvoering", dekking_tekort=None), rows("uitvoering", "middelen", {"tot_jaar": 2027},
                                                          soort="structureel"), answers("planvorming",
                                                                                         extra_kosten_per_jaar=None),
          answers("uitvoering", begroting_dekkend=False)),
     both(answers("uitvoering", dekking_tekort=None), rows("uitvoering", "middelen", {"tot_jaar": 2027},
                                                          soort="structureel"), answers("planvorming",
                                                                                         extra_kosten_per_jaar=None),
          answers("uitvoering", begroting_dekkend=True))),
    ("begroting-dekkend-maar-tekort",
     answers("uitvoering", begroting_dekkend=True),
     both(answers("uitvoering", begroting_dekkend=True),
          rows("uitvoering", "middelen", {"tot_jaar": 2027}, soort="structureel"))),
    ("begrotingsbron-niet-gekozen",
     remove_from("planvorming", "financieringsbronnen", "fonds_subsidie"),
     both(remove_from("planvorming", "financieringsbronnen", "fonds_subsidie"),
          rows("uitvoering", "middelen", {"bron": "fonds_subsidie"}, bron="incidentele_middelen"))),
    ("bijstelling-bedrag-zonder-post",                     # the € 12.000 of the example is a budget line
     both(drop_rows("uitvoering", "middelen", {"bedrag": 12000}),
          rows("evaluatie", "bijstellingen", {"doel_id": "D2"}, besluit="De gemeente betaalt 12.000 euro extra.")),
     rows("evaluatie", "bijstellingen", {"doel_id": "D2"}, besluit="De gemeente betaalt 12.000 euro extra.")),
    ("bijstelling-bedrag-zonder-post",
     rows("evaluatie", "bijstellingen", {"doel_id": "D2"}, besluit="De gemeente betaalt € 13.500 extra."),
     rows("evaluatie", "bijstellingen", {"doel_id": "D2"}, besluit="De gemeente betaalt 12.000 euro extra.")),
    ("bijstelling-post-niet-in-begroting",
     rows("evaluatie", "bijstellingen", {"doel_id": "D2"}, post="Extra inval SKL"),
     rows("evaluatie", "bijstellingen", {"doel_id": "D2"},
          post="extra inval bij SKL voor vier trainingsdagen (bijstelling doel  D2)")),
    ("bron-betaalt-geen-extra-kosten",
     rows("uitvoering", "middelen", {"bron": "smi"}, bestemming="extra"),
     rows("uitvoering", "middelen", {"bron": "smi"}, bestemming="regulier")),
    ("bron-betaalt-geen-extra-kosten",
     append_rows("uitvoering", "middelen", {"post": "Kleinere groepen", "bron": "asscher", "soort": "structureel",
                                            "bedrag": 30000, "bestemming": "extra"}),
     append_rows("uitvoering", "middelen", {"post": "Kleinere groepen", "bron": "gemeentefonds",
                                            "soort": "structureel", "bedrag": 30000, "bestemming": "extra"})),
    ("toeslag-zonder-geregistreerde-opvang",
     answers("planvorming", combinatievorm="jeugdzorgopvang"),
     answers("planvorming", combinatievorm="gecombineerde_voorziening")),
    ("zorgbron-betaalt-gewone-opvang",
     rows("uitvoering", "middelen", {"bron": "smi"}, bron="jeugdwet"),
     rows("uitvoering", "middelen", {"bron": "smi"}, bron="jeugdwet", bestemming="extra")),
    ("zorgbron-betaalt-gewone-opvang",
     rows("uitvoering", "middelen", {"bron": "smi"}, bron="zvw"),
     rows("uitvoering", "middelen", {"bron": "smi"}, bron="wko_1_13")),
    ("wmo-betaalt-personeel",
     append_rows("uitvoering", "middelen", {"post": "Salaris begeleider op de groep", "bron": "wmo",
                                            "soort": "structureel", "bedrag": 50000, "bestemming": "extra"}),
     append_rows("uitvoering", "middelen", {"post": "Drempelloze toegang en aangepast sanitair", "bron": "wmo",
                                            "soort": "eenmalig", "bedrag": 50000, "bestemming": "extra"})),
    ("asscher-buiten-peuteropvang",
     append_rows("uitvoering", "middelen", {"post": "Pedagogisch medewerkers bso-plus", "bron": "asscher",
                                            "soort": "structureel", "bedrag": 40000, "bestemming": "regulier"}),
     append_rows("uitvoering", "middelen", {"post": "Peuteropvang voor ouders zonder toeslag", "bron": "asscher",
                                            "soort": "structureel", "bedrag": 40000, "bestemming": "regulier"})),
    ("asscher-buiten-peuteropvang",                        # for which children: the assignment has no toddlers
     both(answers("vertrekpunt", doelgroep_leeftijden=["bso_4_12"]),
          append_rows("uitvoering", "middelen", {"post": "Opvang voor ouders zonder toeslag", "bron": "asscher",
                                                 "soort": "structureel", "bedrag": 40000, "bestemming": "regulier"})),
     both(answers("vertrekpunt", doelgroep_leeftijden=["bso_4_12", "peuteropvang_ve"]),
          append_rows("uitvoering", "middelen", {"post": "Opvang voor ouders zonder toeslag", "bron": "asscher",
                                                 "soort": "structureel", "bedrag": 40000, "bestemming": "regulier"}))),
    ("tijdelijke-post-zonder-eindjaar",
     rows("uitvoering", "middelen", {"soort": "tijdelijk"}, tot_jaar=None),
     rows("uitvoering", "middelen", {"soort": "tijdelijk"}, tot_jaar=2028)),
    ("incidenteel-als-structureel",
     rows("uitvoering", "middelen", {"bron": "incidentele_middelen"}, soort="structureel"),
     rows("uitvoering", "middelen", {"bron": "incidentele_middelen"}, soort="tijdelijk", tot_jaar=2027)),
    ("oab-buiten-ve",
     rows("uitvoering", "middelen", {"bron": "oab"}, post="Jeugdhulpprofessional op de ve-groep"),
     rows("uitvoering", "middelen", {"bron": "oab"}, post="Coaching op de ve-groep")),
    ("begrotingspost-zonder-bron",
     rows("uitvoering", "middelen", 0, bron=None),
     rows("uitvoering", "middelen", 0, soort=None)),
    ("personeel-zonder-begrotingspost",
     answers("uitvoering", middelen=[{"post": "Prikkelarme hoeken", "bedrag": 18000, "bron": "fonds_subsidie"}]),
     answers("uitvoering", middelen=[{"post": "Prikkelarme hoeken", "bedrag": 18000, "bron": "fonds_subsidie"},
                                     {"post": "Extra Pedagogisch Medewerker op de groep", "bedrag": 50000,
                                      "bron": "gemeentefonds"}])),
    ("scholing-zonder-begrotingspost",
     answers("uitvoering", middelen=[{"post": "Prikkelarme hoeken", "bedrag": 18000, "bron": "fonds_subsidie"}]),
     answers("uitvoering", middelen=[{"post": "Prikkelarme hoeken", "bedrag": 18000, "bron": "fonds_subsidie"},
                                     {"post": "Scholing PBS", "bedrag": 20000, "bron": "oab"}])),
    ("tijdelijk-geld-stopt-voor-einde",
     answers("planvorming", incidenteel_borging=None),
     both(answers("planvorming", incidenteel_borging=None),
          rows("uitvoering", "middelen", {"soort": "tijdelijk"}, tot_jaar=2028))),
    ("mijlpaal-vastgesteld-document-concept",
     answers("planvorming", plan_van_aanpak_status="concept"),
     both(answers("planvorming", plan_van_aanpak_status="concept"),
          rows("uitvoering", "mijlpalen", {"mijlpaal": "Plan van aanpak vastgesteld door de stuurgroep"},
               status="gepland"))),
    ("mijlpaal-vastgesteld-document-concept",
     answers("planvorming", plan_van_aanpak_vastgesteld_op=dt.date(2026, 7, 3)),
     answers("planvorming", plan_van_aanpak_vastgesteld_op=dt.date(2026, 7, 2))),
    ("mijlpaal-vastgesteld-document-concept",          # "Plan vastgesteld": the joint plan, the Plan van aanpak
     both(answers("planvorming", plan_van_aanpak_status="concept"),
          rows("uitvoering", "mijlpalen", {"mijlpaal": "Plan van aanpak vastgesteld door de stuurgroep"},
               mijlpaal="Plan vastgesteld in het bestuurlijk overleg")),
     both(answers("planvorming", plan_van_aanpak_status="concept"),
          rows("uitvoering", "mijlpalen", {"mijlpaal": "Plan van aanpak vastgesteld door de stuurgroep"},
               mijlpaal="Werkplan per locatie vastgesteld in het bestuurlijk overleg"))),
    ("document-vastgesteld-mijlpaal-open",              # "vaststelling" names the decision too
     rows("uitvoering", "mijlpalen", {"mijlpaal": "Plan van aanpak vastgesteld door de stuurgroep"}, status="bezig",
          mijlpaal="Vaststelling van het Plan van aanpak in de stuurgroep"),
     rows("uitvoering", "mijlpalen", {"mijlpaal": "Plan van aanpak vastgesteld door de stuurgroep"}, status="bezig",
          mijlpaal="Bespreking van het Plan van aanpak in de stuurgroep")),
    ("document-vastgesteld-mijlpaal-open",
     rows("uitvoering", "mijlpalen", {"mijlpaal": "Plan van aanpak vastgesteld door de stuurgroep"}, status="gepland"),
     both(answers("planvorming", plan_van_aanpak_status="concept"),
          rows("uitvoering", "mijlpalen", {"mijlpaal": "Plan van aanpak vastgesteld door de stuurgroep"},
               status="gepland"))),
    ("streefdatum-plan-voorbij-concept",
     answers("planvorming", plan_van_aanpak_status="concept"),
     both(answers("planvorming", plan_van_aanpak_status="concept"),
          answers("vertrekpunt", streefdatum_plan=dt.date(2027, 9, 1)))),
    ("regisseur-anders-dan-plan",                       # a name a migration left in plan.yaml, as it differed
     answers("plan", regisseur={"naam": "Fatima El-Amrani Jansen"}),
     answers("plan", regisseur={"naam": "fatima  el amrani"})),
    ("regisseur-anders-dan-plan",                       # a name only in plan.yaml is in no document
     both(answers("plan", regisseur={"naam": "Fatima el Amrani"}), answers("vertrekpunt", regisseur_naam=None)),
     answers("plan", regisseur={"naam": "Fatima el Amrani"})),
    ("regisseur-anders-dan-plan",
     answers("plan", regisseur={"organisatie": "Gemeente Lindewaard"}),
     answers("plan", regisseur=None)),
    ("mijlpaal-afgerond-na-versiedatum",
     rows("uitvoering", "mijlpalen", {"mijlpaal": "Plan van aanpak vastgesteld door de stuurgroep"},
          datum=dt.date(2027, 6, 29)),
     rows("uitvoering", "mijlpalen", {"mijlpaal": "Plan van aanpak vastgesteld door de stuurgroep"},
          datum=dt.date(2027, 6, 28))),
    ("resultaat-na-versiedatum",
     rows("evaluatie", "resultaten", {"doel_id": "D4", "meetmoment": "nulmeting"}, datum=dt.date(2027, 6, 29)),
     rows("evaluatie", "resultaten", {"doel_id": "D4", "meetmoment": "nulmeting"}, datum=dt.date(2027, 6, 28))),
    ("uitgangswaarde-na-nulmeting-onbekend",
     rows("uitvoering", "doelen", {"doel_id": "D4"}, uitgangswaarde="Nog niet bekend; volgt uit de nulmeting"),
     rows("uitvoering", "doelen", {"doel_id": "D4"}, uitgangswaarde="35%")),
    ("uitgangswaarde-na-nulmeting-onbekend",
     rows("uitvoering", "doelen", {"doel_id": "D4"}, uitgangswaarde=None),
     both(rows("uitvoering", "doelen", {"doel_id": "D4"}, uitgangswaarde=None),
          drop_rows("evaluatie", "resultaten", {"doel_id": "D4", "meetmoment": "nulmeting"}))),
    ("nulmeting-uitkomst-naast-uitgangswaarde",          # the baseline is asked once, at the goal
     rows("evaluatie", "resultaten", {"doel_id": "D4", "meetmoment": "nulmeting"}, uitkomst="Bij 30% een gesprek."),
     rows("evaluatie", "resultaten", {"doel_id": "D4", "meetmoment": "tussenmeting"}, uitkomst="Bij 30% een gesprek.")),
    ("visie-streefwaarde-anders-dan-doel",               # any of the words for "all staff", across a line break
     answers("visie", randvoorwaarde_professionalisering="Scholing: alle\nmedewerkers volgen de training."),
     answers("visie", randvoorwaarde_professionalisering="Scholing: medewerkers volgen de training.")),
    ("visie-streefwaarde-anders-dan-doel",
     answers("visie", randvoorwaarde_professionalisering="Alle pedagogisch medewerkers volgen de training."),
     both(answers("visie", randvoorwaarde_professionalisering="Alle pedagogisch medewerkers volgen de training."),
          rows("uitvoering", "doelen", {"doel_id": "D2"}, streefwaarde="100%"))),
    ("geen-risicos",
     answers("uitvoering", risicos=None),
     answers("uitvoering", risicos=None, mijlpalen=None)),
    ("uitvoering-zonder-team",
     answers("uitvoering", team=None),
     answers("uitvoering", team=None, mijlpalen=None)),
    ("geen-communicatieplan",
     answers("uitvoering", communicatie=None),
     answers("uitvoering", communicatie=None, mijlpalen=None)),
    ("communicatie-zonder-verantwoordelijke",
     rows("uitvoering", "communicatie", 2, verantwoordelijke=None),
     rows("uitvoering", "communicatie", 2, wanneer=None)),
    ("eigenaar-geen-stakeholder",
     rows("uitvoering", "doelen", {"doel_id": "D1"}, eigenaar="Jeugdhulp Bolster"),
     rows("uitvoering", "doelen", {"doel_id": "D1"}, eigenaar="jeugdhulp  de bolster")),
    ("eigenaar-geen-stakeholder",
     rows("uitvoering", "communicatie", {"doelgroep": "collegas_gemeente"}, verantwoordelijke="Gemeente Lindewaard"),
     rows("uitvoering", "communicatie", {"doelgroep": "collegas_gemeente"},
          verantwoordelijke="Gemeente Lindewaard - beleid Jeugd en Onderwijs")),   # hyphen for an en dash
    ("communicatie-zonder-professionals",
     drop_rows("uitvoering", "communicatie", {"doelgroep": "professionals"}),
     both(drop_rows("uitvoering", "communicatie", {"doelgroep": "professionals"}),
          append_rows("uitvoering", "communicatie", {"doelgroep": "pedagogisch coach het speelkwartier",
                                                     "boodschap": "De werkwijze"}))),

    # 6 · Evaluatie
    ("evaluatie-zonder-eindmeting",
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, eindmeting=None),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, tussenmetingen=None)),
    ("evaluatie-zonder-tussenmeting",
     rows("evaluatie", "evaluatieplan", {"doel_id": "D3"}, tussenmetingen=None),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D3"}, eindmeting=None)),
    ("evaluatierij-zonder-wie",
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, aanleveraar=None),
     rows("evaluatie", "evaluatieplan", {"doel_id": "D1"}, kwalitatieve_bronnen=None)),
    ("achterstand-zonder-bijstelling",
     rows("evaluatie", "resultaten", {"doel_id": "D3"}, oordeel="achter"),
     rows("evaluatie", "resultaten", {"doel_id": "D3"}, oordeel="op_koers")),
    ("bijstelling-zonder-eigenaar",
     rows("evaluatie", "bijstellingen", 0, eigenaar=None),
     rows("evaluatie", "bijstellingen", 0, besluit=None)),
    ("evaluatie-zonder-kosten",
     remove_from("evaluatie", "evaluatie_onderwerpen", "extra_kosten"),
     remove_from("evaluatie", "evaluatie_onderwerpen", "uitstroom")),
    ("evaluatie-zonder-uitstroom",
     remove_from("evaluatie", "evaluatie_onderwerpen", "uitstroom"),
     both(remove_from("evaluatie", "evaluatie_onderwerpen", "uitstroom"),
          answers("vertrekpunt", doelgroep_leeftijden=["bso_4_12"]))),
    ("evaluatie-belasting-niet-gewogen",
     answers("evaluatie", bestaande_bronnen=False, belasting_stakeholders=None),
     answers("evaluatie", bestaande_bronnen=False)),

    # --- a "later phase is filled in" means content, not only a document's status -------------
    ("geen-regisseur-of-opdracht",
     both(remove_phases(*LATER_PHASES), answers("vertrekpunt", regisseur_naam=None),
          answers("visie", toekomstbeeld="Elk kind speelt mee.", **VISION_ADOPTED)),
     both(remove_phases(*LATER_PHASES), answers("vertrekpunt", regisseur_naam=None),
          answers("visie", **VISION_ADOPTED))),
    ("huidige-situatie-niet-verkend",
     both(remove_phases("visie", "onderzoek", "planvorming"), answers("vertrekpunt", gemist=None),
          answers("planvorming", groepsvorm="heterogeen", plan_van_aanpak_status="concept")),
     both(remove_phases("visie", "onderzoek", "planvorming"), answers("vertrekpunt", gemist=None),
          answers("planvorming", plan_van_aanpak_status="concept"))),
    ("visie-aantal-uitgangspunten",                          # no principles yet is an open question
     keep_rows("visie", "uitgangspunten", 1),
     answers("visie", uitgangspunten=None)),

    # --- a document marked vastgesteld ---------------------------------------------------------
    ("visiedocument-vastgesteld-onvolledig",                 # adopted in the example, with date and body
     answers("visie", visiedocument_vastgesteld_op=None),
     answers("visie", visiedocument_status="concept", visiedocument_vastgesteld_op=None)),
    ("visiedocument-vastgesteld-onvolledig",                 # adopted after the plan's version date
     answers("visie", visiedocument_vastgesteld_op=dt.date(2027, 9, 1)),
     answers("visie", visiedocument_vastgesteld_op=dt.date(2027, 6, 28))),
    ("visiedocument-vastgesteld-onvolledig",                 # 5 of the 10 required questions open
     answers("visie", perspectief=None, relevantie=None, toekomstbeeld=None, kernwaarden=None,
             route_kort=None),
     answers("visie", perspectief=None, relevantie=None, toekomstbeeld=None, kernwaarden=None)),
    *((f"{document.replace('_', '-')}-vastgesteld-onvolledig",
       answers(phase, **{f"{document}_status": "vastgesteld", f"{document}_vastgesteld_op": dt.date(2027, 1, 12),
                         f"{document}_vastgesteld_door": None}),
       answers(phase, **{f"{document}_status": "vastgesteld", f"{document}_vastgesteld_op": dt.date(2027, 1, 12),
                         f"{document}_vastgesteld_door": "de stuurgroep"}))
      for document, phase in (("stakeholderanalyse", "vertrekpunt"), ("onderzoeksplan", "onderzoek"),
                              ("plan_van_aanpak", "planvorming"), ("communicatieplan", "uitvoering"),
                              ("evaluatieplan", "evaluatie"))),

    # --- issue 23: time, people and evidence across phases (each rule: a trigger, a near miss)
    ("regisseur-niet-bereikbaar",
     answers("vertrekpunt", regisseur_bereikbaarheid=None),
     both(answers("vertrekpunt", regisseur_bereikbaarheid=None), remove_phases("planvorming", "uitvoering"))),
    ("regisseur-niet-bereikbaar",
     answers("vertrekpunt", regisseur_uren=0),
     answers("vertrekpunt", regisseur_uren=4)),
    ("visie-voor-eerste-bijeenkomst",
     answers("visie", visiedocument_status="vastgesteld", visiedocument_vastgesteld_op=dt.date(2026, 1, 15)),
     answers("visie", visiedocument_status="vastgesteld", visiedocument_vastgesteld_op=dt.date(2026, 1, 29))),
    ("ondertekenaar-geen-partner",
     rows("visie", "ondertekenaars", 0, organisatie="Provincie Gelderland"),
     rows("visie", "ondertekenaars", 0, organisatie="gemeente  lindewaard")),     # as at Vertrekpunt
    ("aantallen-kloppen-niet",
     answers("onderzoek", aantal_kinderen_kinderopvang=7000),
     answers("onderzoek", aantal_kinderen_kinderopvang=6150)),
    ("aantallen-kloppen-niet",
     answers("onderzoek", aantal_ondersteuning_0_4=2000),
     answers("onderzoek", aantal_ondersteuning_0_4=1900, aantal_ondersteuning_4_12=4250)),
    ("aantallen-kloppen-niet",
     answers("onderzoek", aantal_ondersteuning_4_12=6100),
     answers("onderzoek", aantal_ondersteuning_4_12=6100, aantal_kinderen_0_12=None)),
    ("onderzoek-zonder-professionals",
     answers("onderzoek", onderzoeksmethoden=["cijfers_doelgroep", "ouders_bevragen"],
             behoeften_professionals=None, bevindingen_professionals=None),
     answers("onderzoek", onderzoeksmethoden=["cijfers_doelgroep", "ouders_bevragen", "praktijkervaringen"],
             behoeften_professionals=None, bevindingen_professionals=None)),
    ("onderzoek-zonder-sociale-kaart",
     answers("onderzoek", voorzieningen=None, bevindingen_sociale_kaart=None, sociale_kaart=None),
     answers("onderzoek", bevindingen_sociale_kaart=None, sociale_kaart=None)),
    ("plan-vastgesteld-voor-onderzoek",
     answers("planvorming", plan_van_aanpak_status="vastgesteld", plan_van_aanpak_vastgesteld_op=dt.date(2026, 5, 25)),
     answers("planvorming", plan_van_aanpak_status="vastgesteld", plan_van_aanpak_vastgesteld_op=dt.date(2026, 7, 2))),
    ("nieuwe-groep-zonder-cijfers",
     both(answers("planvorming", nieuwe_gespecialiseerde_groep=True),
          answers("onderzoek", aantal_ondersteuning_0_4=None, aantal_ondersteuning_4_12=None, aantal_speciale_opvang=None)),
     both(answers("planvorming", nieuwe_gespecialiseerde_groep=True),
          answers("onderzoek", aantal_ondersteuning_0_4=None, aantal_ondersteuning_4_12=None))),
    ("uitvoering-voor-plan-vastgesteld",
     answers("planvorming", plan_van_aanpak_status="vastgesteld", plan_van_aanpak_vastgesteld_op=dt.date(2026, 9, 15)),
     answers("planvorming", plan_van_aanpak_status="vastgesteld", plan_van_aanpak_vastgesteld_op=dt.date(2026, 9, 1))),
    ("evaluatieplan-niet-bij-uitvoering",
     answers("evaluatie", evaluatieplan=None),
     both(answers("evaluatie", evaluatieplan=None), answers("uitvoering", startdatum_uitvoering=None))),
    ("nulmeting-lang-na-start",
     rows("evaluatie", "evaluatieplan", 1, nulmeting=dt.date(2027, 1, 15)),
     rows("evaluatie", "evaluatieplan", 1, nulmeting=dt.date(2026, 11, 30))),      # 90 days: still "bij de start"
    ("mijlpaal-vertraagd-zonder-bijstelling",
     answers("evaluatie", bijstellingen=None),
     both(answers("evaluatie", bijstellingen=None),
          rows("uitvoering", "mijlpalen", {"status": "vertraagd"}, status="bezig"))),
    ("kinderopvang-tekent-visie-niet",
     drop_rows("visie", "ondertekenaars", {"organisatie": "Kinderopvang Het Speelkwartier"}),
     both(drop_rows("visie", "ondertekenaars", {"organisatie": "Kinderopvang Het Speelkwartier"}),
          rows("vertrekpunt", "stakeholders", {"naam": "Kinderopvang Het Speelkwartier"},
               betrokkenheid_planvorming="niet"))),
    ("casusregie-partij-niet-betrokken",
     both(answers("planvorming", casusregie="wijkteam"),
          drop_rows("vertrekpunt", "stakeholders", {"naam": "Sociaal Wijkteam Lindewaard"})),
     answers("planvorming", casusregie="jgz")),                  # the GGD's jeugdgezondheidszorg takes part
    ("casusregie-partij-niet-betrokken",
     both(answers("planvorming", casusregie="samenwerkingsverband"),
          drop_rows("vertrekpunt", "stakeholders", {"sector": "samenwerkingsverband"})),
     answers("planvorming", casusregie="samenwerkingsverband")),
    ("casusregie-partij-niet-betrokken",
     both(answers("planvorming", casusregie="jgz"),
          drop_rows("vertrekpunt", "stakeholders", {"naam": "GGD Rivierenland-Noord – jeugdgezondheidszorg"})),
     both(answers("planvorming", casusregie={"anders": "de jeugdverpleegkundige"}),
          drop_rows("vertrekpunt", "stakeholders", {"naam": "GGD Rivierenland-Noord – jeugdgezondheidszorg"}))),
    ("eigenaar-niet-in-uitvoering",
     rows("vertrekpunt", "stakeholders", {"naam": "Jeugdhulp De Bolster"}, betrokkenheid_uitvoering="niet"),
     rows("vertrekpunt", "stakeholders", {"naam": "Jeugdhulp De Bolster"}, betrokkenheid_uitvoering="passief")),
    ("tijdelijk-geld-evaluatie-niet-naar-bestuur",
     answers("evaluatie", rapportage_aan=["kernteam", "lea_overleg", "ouders"]),
     answers("evaluatie", rapportage_aan=["kernteam", "lea_overleg", "ouders", "college"])),
    ("visie-borging-zonder-medezeggenschap",
     remove_from("visie", "vastgesteld_door", "ondernemingsraden"),
     both(remove_from("visie", "vastgesteld_door", "ondernemingsraden"),
          remove_from("visie", "vastgesteld_door", "besturen_kinderopvang"),
          remove_from("visie", "vastgesteld_door", "jeugdzorgaanbieders"))),
    ("jgz-ontbreekt-bij-jonge-kinderen",
     drop_rows("vertrekpunt", "stakeholders", {"naam": "GGD Rivierenland-Noord – jeugdgezondheidszorg"}),
     both(drop_rows("vertrekpunt", "stakeholders", {"naam": "GGD Rivierenland-Noord – jeugdgezondheidszorg"}),
          answers("vertrekpunt", doelgroep_leeftijden=["bso_4_12"]))),
    ("combinatie-zonder-inrichtingseisen",
     answers("planvorming", aanpak_inrichtingseisen=None),
     answers("planvorming", aanpak_inrichtingseisen=None, combinatie_in_groep=None)),
    ("combinatie-zonder-inrichtingseisen",
     answers("planvorming", aanpak_inrichtingseisen=None, combinatie_in_groep=None,
             combinatievorm="gecombineerde_voorziening"),
     answers("planvorming", combinatie_in_groep=None, combinatievorm="gecombineerde_voorziening")),
    ("ouders-betalen-extra-voor-ondersteuning",
     answers("planvorming", ouderbijdrage_extra="meer"),
     answers("planvorming", ouderbijdrage_extra="gelijk")),
    ("regisseur-uren-verschillen",
     answers("vertrekpunt", regisseur_uren=16),
     both(answers("vertrekpunt", regisseur_uren=16),
          rows("uitvoering", "team", {"naam": "Fatima el Amrani"}, naam="Fatima El  Amrani", uren=16))),
    ("eigenaar-zonder-teamlid",
     drop_rows("uitvoering", "team", {"organisatie": "Jeugdhulp De Bolster"}),
     both(drop_rows("uitvoering", "team", {"organisatie": "Jeugdhulp De Bolster"}),
          rows("uitvoering", "doelen", {"eigenaar": "Jeugdhulp De Bolster"},
               eigenaar="Stichting Kinderopvang Lindewaard (SKL)"))),
    ("professionals-niet-betrokken",
     drop_rows("vertrekpunt", "stakeholders", {"sector": "coach_kinderopvang"}),
     both(drop_rows("vertrekpunt", "stakeholders", {"sector": "coach_kinderopvang"}),
          append_rows("vertrekpunt", "stakeholders", {"naam": "Zorgcoördinator SKL", "sector": "zorgcoordinator_kinderopvang"}))),
    ("evaluatie-alleen-cijfers",
     rows("evaluatie", "evaluatieplan", 0, kwalitatieve_bronnen=None),
     rows("evaluatie", "evaluatieplan", 0, kwantitatieve_bronnen=None)),
]


def _case_ids() -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for rule_id, _, _ in CASES:
        seen[rule_id] = seen.get(rule_id, 0) + 1
        ids.append(f"{rule_id}-{seen[rule_id]}")
    return ids


@pytest.mark.parametrize(("rule_id", "trigger", "near_miss"), CASES, ids=_case_ids())
def test_rule_fires_and_near_miss_does_not(rule_id, trigger, near_miss):
    rule = (RULES_BY_ID[rule_id],)                                  # only this rule: fast
    found = evaluate_advice(rule, make_plan(trigger))
    assert found, f"{rule_id} gaat niet af"
    message = found[0].message
    assert "{{" not in message and "{%" not in message, message       # rendered, not the fallback
    assert "Undefined" not in message and "None" not in message, message

    answer_set = make_plan(near_miss)
    assert evaluate_advice(rule, answer_set) == []
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
    """Every name in a condition is a phase ("visie.perspectief"), never a bare question id
    (or ``plan`` for plan.yaml, ``verplicht`` for the required questions of a phase,
    ``begroting`` for the budget worked out from the budget lines)."""
    from jinja2 import meta
    from jinja2.sandbox import SandboxedEnvironment

    env = register_name_helpers(SandboxedEnvironment())
    for rule in RULES_DATA:
        names = meta.find_undeclared_variables(env.parse("{{ (" + rule["wanneer"] + ") }}"))
        allowed = set(CATALOG.phases) | {"plan", "verplicht", "begroting"}
        assert names <= allowed, (rule["id"], names - allowed)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_gives_no_let_op_apart_from_acknowledged(example):
    plan, catalog, answer_set, report = load_state(example)
    acknowledged = dict(getattr(plan.meta, "acknowledged", ()) or ())
    result = evaluate_advice(RULES, answer_set, acknowledged)
    open_let_op = [a.rule.id for a in result if a.rule.severity == "let_op" and a.acknowledged is None]
    assert open_let_op == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_rule_evaluates_on_the_example_without_error(example):
    answer_set = make_plan(both(), base=answers_of(example))
    for rule_id in RULES_BY_ID:
        raw_condition(rule_id, answer_set)


def test_an_empty_plan_gets_no_advice():
    assert fired(make_plan(remove_phases("vertrekpunt", *LATER_PHASES))) == set()


@pytest.mark.parametrize("kept", ("vertrekpunt", *LATER_PHASES))
def test_every_rule_evaluates_on_a_plan_with_one_phase(kept):
    """Half-filled plans are normal; no condition may fail on missing phases."""
    others = [p for p in ("vertrekpunt", *LATER_PHASES) if p != kept]
    answer_set = make_plan(remove_phases(*others))
    for rule_id in RULES_BY_ID:
        raw_condition(rule_id, answer_set)
    ids = {a.rule.id for a in evaluate_advice(RULES, answer_set)}
    start = {"geen-regisseur-of-opdracht", "huidige-situatie-niet-verkend"}   # Vertrekpunt is empty
    expected = {
        "vertrekpunt": {"samenwerking-afspraken-ontbreken",                    # as in the example
                        "streefdatum-plan-voorbij-concept"},   # 2 November 2026 passed, no adopted plan
        "planvorming": start | {"huisvesting-minimale-aandachtspunten"},
        # the plan for after temporary money and the adoption are in Planvorming; no evaluation
        # plan yet, and the delayed milestone has no adjustment yet
        "uitvoering": {"geen-regisseur-of-opdracht", "gemeentefonds-als-structureel",
                       "tijdelijk-geld-stopt-voor-einde", "mijlpaal-vastgesteld-document-concept",
                       "evaluatieplan-niet-bij-uitvoering", "mijlpaal-vertraagd-zonder-bijstelling"},
        "evaluatie": {"geen-regisseur-of-opdracht", "evaluatierij-zonder-doel",  # D1-D4 are gone,
                      "bijstelling-post-niet-in-begroting"},                     # and so is the budget
    }.get(kept, start)
    assert ids == expected


# --- messages name the answers involved --------------------------------------------------


def _message(rule_id: str, change: Change) -> str:
    found = [a for a in advice(make_plan(change)) if a.rule.id == rule_id]
    assert found, rule_id
    return found[0].message


def test_message_names_the_goal_without_evaluation_row():
    message = _message("doel-zonder-evaluatierij",
                       both(drop_rows("evaluatie", "evaluatieplan", {"doel_id": "D3"}),
                            drop_rows("evaluatie", "evaluatieplan", {"doel_id": "D1"})))
    assert "D1 en D3" in message and "D2" not in message


def test_hits_are_the_goal_ids():
    found = [a for a in advice(make_plan(drop_rows("evaluatie", "evaluatieplan", {"doel_id": "D3"}))) if a.rule.id == "doel-zonder-evaluatierij"]
    assert list(found[0].hits) == ["D3"]


def test_message_names_the_unknown_goal():
    message = _message("evaluatierij-zonder-doel",
                       rows("evaluatie", "evaluatieplan", {"doel_id": "D4"}, doel_id="D7"))
    assert "D7" in message


def test_message_names_the_stakeholder_without_communication():
    message = _message("invloedrijke-partij-zonder-communicatie",
                       both(drop_rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}),
                            drop_rows("uitvoering", "communicatie", {"doelgroep": "externe_partners"})))
    assert BOLSTER in message and "Kinderopvang Het Speelkwartier" not in message


def test_message_names_the_missing_arrangements_for_youth_care_professionals():
    message = _message("jeugdzorgprofessional-zonder-afspraken",
                       answers("planvorming", taakafbakening=None, vog_regeling="nog_regelen"))
    assert "taakafbakening" in message and "VOG" in message and "cao" not in message


def test_message_names_the_missing_horizon():
    message = _message("visie-route-onvolledig", answers("visie", route_middellang=None))
    assert "geen stappen voor de middellange termijn (3-5 jaar)." in message
    assert "korte termijn (1-2 jaar)" not in message


def test_message_names_the_sum_of_the_levels():
    message = _message("visie-aandelen-niet-100",
                       answers("visie", aandeel_niveau_1=95, aandeel_niveau_2=10.5, aandeel_niveau_3=None,
                               aandeel_niveau_4=None))
    assert "samen al op tot 105,5 procent" in message and "indicatie" in message
    assert "visie-aandelen-niet-100" not in fired(make_plan(answers(
        "visie", aandeel_niveau_1=85, aandeel_niveau_2=10, aandeel_niveau_3=4.5, aandeel_niveau_4=3)))


def test_message_counts_the_principles():
    message = _message("visie-aantal-uitgangspunten", keep_rows("visie", "uitgangspunten", 2))
    assert "nu 2 uitgangspunten" in message and "Werk er een paar bij" in message
    assert "samen" not in message
    message = _message("visie-aantal-uitgangspunten",
                       append_rows("visie", "uitgangspunten", {"naam": "Zes"}, {"naam": "Zeven"}))
    assert "Voeg uitgangspunten samen" in message and "Werk er" not in message


@pytest.mark.parametrize("missing, says, silent", [
    (("regisseur_naam",), "ontbreekt nog de naam van de regisseur.", "gezamenlijke opdracht"),
    (("gezamenlijke_opdracht",), "ontbreekt nog de gezamenlijke opdracht.", "Zonder regisseur"),
    (("regisseur_naam", "gezamenlijke_opdracht"),
     "de naam van de regisseur en de gezamenlijke opdracht. Zonder regisseur", None),
])
def test_message_says_only_what_is_missing_at_the_start(missing, says, silent):
    message = _message("geen-regisseur-of-opdracht", answers("vertrekpunt", **dict.fromkeys(missing)))
    assert says in message
    assert silent is None or silent not in message


def test_vaststelling_questions_do_not_make_a_phase_started():
    """Only the status, date and body of a document are answered in a later phase: the group
    has not worked on that phase, so "later fasen zijn al ingevuld" would not fit."""
    from handreiking.insight.advice import adoption_question_ids

    ids = adoption_question_ids()
    assert {"visiedocument_status", "visiedocument_vastgesteld_op", "evaluatieplan_vastgesteld_door"} <= ids
    only_status = both(remove_phases(*LATER_PHASES), answers("vertrekpunt", regisseur_naam=None, gemist=None),
                       *(answers(phase, **{i: "vastgesteld" for i in ids if i.endswith("_status")})
                         for phase in LATER_PHASES))
    assert not {"geen-regisseur-of-opdracht", "huidige-situatie-niet-verkend"} & fired(make_plan(only_status))


def test_vaststelling_rules_count_the_required_questions_the_engine_finds():
    """Each document's "vastgesteld but unfinished" rule counts its phase's required questions
    through ``verplicht.<fase>`` (worked out from the questionnaire), never a copy of the list."""
    from handreiking.insight.advice import RequiredQuestions

    for rule in RULES_DATA:
        if rule["id"].endswith("-vastgesteld-onvolledig"):
            assert f"verplicht.{rule['fase']}.open" in rule["wanneer"], rule["id"]
            assert "reject('in'" not in rule["wanneer"], rule["id"]
    required = RequiredQuestions(make_plan(answers("visie", perspectief=None, kernwaarden=None)))
    assert "perspectief" in required["visie"]["open"] and "kernwaarden" in required["visie"]["open"]
    assert set(required["visie"]["open"]) <= set(required["visie"]["alle"])
    assert required["visie"]["alle"] == [q.id for q in CATALOG.get("visie").questions if q.required]


def test_vaststelling_message_names_what_is_missing():
    message = _message("visiedocument-vastgesteld-onvolledig",
                       answers("visie", visiedocument_vastgesteld_op=None, visiedocument_vastgesteld_door=None,
                               **dict.fromkeys(("perspectief", "relevantie", "toekomstbeeld", "kernwaarden",
                                                "route_kort", "uitgangspunten"))))
    assert message.startswith("Het visiedocument staat op vastgesteld, maar niet alles past daarbij: de datum van "
                              "het besluit ontbreekt; er staat niet wie het vaststelde; 6 van de 10 verplichte "
                              "vragen van deze fase staan nog open."), message
    assert "terug op Concept" in message and "titelblad" in message and "versiedatum" not in message
    only_date = _message("visiedocument-vastgesteld-onvolledig", answers("visie", visiedocument_vastgesteld_op=None))
    assert "past daarbij: de datum van het besluit ontbreekt." in only_date and "Concept" not in only_date
    late = _message("visiedocument-vastgesteld-onvolledig",
                    answers("visie", visiedocument_vastgesteld_op=dt.date(2027, 9, 1)))
    assert ("het besluit (1 september 2027) is van na de datum van deze versie van het plan (28 juni 2027)."
            in late), late
    assert "nieuwe versiedatum" in late and "titelblad" not in late


def test_message_names_the_risk():
    message = _message("risico-zonder-maatregel-of-eigenaar",
                       rows("uitvoering", "risicos", 4, maatregel=None))
    assert "Geen structurele financiering voor" in message


def test_message_names_the_milestone():
    message = _message("mijlpaal-zonder-eigenaar-of-datum",
                       rows("uitvoering", "mijlpalen", 1, datum=None))
    assert "Plan van aanpak vastgesteld door de stuurgroep" in message


def test_message_names_the_goal_with_dates_in_the_wrong_order():
    message = _message("meetmomenten-volgorde",
                       rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, eindmeting=dt.date(2026, 8, 1)))
    assert "doel D2 " in message and "D1" not in message


def test_message_names_the_goal_without_baseline():
    message = _message("evaluatie-zonder-nulmeting",
                       both(rows("evaluatie", "evaluatieplan", {"doel_id": "D2"}, nulmeting=None),
                            rows("uitvoering", "doelen", {"doel_id": "D2"}, uitgangswaarde=None)))
    assert "doel D2" in message


def test_message_names_the_unknown_target_group():
    message = _message("communicatie-doelgroep-onbekend",
                       rows("uitvoering", "communicatie", {"doelgroep": BOLSTER}, doelgroep="Jeugdhulp Bolster"))
    assert "Jeugdhulp Bolster" in message


def test_message_names_the_housing_option_in_words():
    message = _message("huisvesting-zonder-ruimte-eisen",
                       answers("planvorming", ruimte_eisen_geregeld=False))
    assert "een bestaande opvanglocatie" in message and "bestaande_opvanglocatie" not in message


def test_message_names_the_cooperation_conditions():
    message = _message("samenwerkingsvoorwaarde-zonder-aanpak",
                       answers("vertrekpunt", nodig_organisatie=None, nodig_belangen=None))
    assert "belangen en organisatie" in message


def test_message_names_what_is_missing_at_the_start():
    message = _message("geen-regisseur-of-opdracht",
                       answers("vertrekpunt", regisseur_naam=None, gezamenlijke_opdracht=None))
    assert "de naam van de regisseur en de gezamenlijke opdracht" in message


def test_acknowledged_advice_keeps_its_reason():
    answer_set = make_plan(answers("planvorming", groepsvorm="homogeen"))
    result = evaluate_advice(RULES, answer_set, {"inclusief-met-homogene-groepen": "Tijdelijk, tot 2028."})
    found = [a for a in result if a.rule.id == "inclusief-met-homogene-groepen"]
    assert found[0].acknowledged == "Tijdelijk, tot 2028."


def test_message_names_the_goal_and_what_it_lacks():
    message = _message("doel-niet-meetbaar", rows("uitvoering", "doelen", {"doel_id": "D2"}, streefwaarde=None))
    assert "zonder streefwaarde: D2" in message and "D1" not in message


def test_message_names_the_temporary_source():
    message = _message("tijdelijk-geld-stopt-voor-einde", answers("planvorming", incidenteel_borging=None))
    assert "tweede dagdeel op de grote locaties" in message and "31 december 2028" in message


def test_one_list_of_financing_sources_for_planning_and_budget():
    """Planvorming (the sources) and Uitvoering (budget lines) offer the same sources."""
    def choices(phase: str, question: str, field: str | None = None) -> list[tuple[str, str]]:
        q = CATALOG.get(phase).question(question)
        if field:
            q = next(f for f in q.fields if f.id == field)
        return [(c.value, c.label) for c in q.choices]

    sources = choices("planvorming", "financieringsbronnen")
    assert len(sources) == 13 and ("wlz", "Wet langdurige zorg (Wlz)") in sources
    assert choices("uitvoering", "middelen", "bron") == sources


def test_the_guides_four_rows_reach_every_party():
    """A communication plan in the guide's own format (four rows) draws no advice about parties."""
    four_rows = [{"doelgroep": d, "boodschap": "…", "verantwoordelijke": GEMEENTE}
                 for d in ("ouders_kinderen", "professionals", "collegas_gemeente", "externe_partners")]
    ids = fired(make_plan(answers("uitvoering", communicatie=four_rows)))
    assert not ids & {"invloedrijke-partij-zonder-communicatie", "communicatie-doelgroep-onbekend",
                      "geen-communicatie-met-ouders", "communicatie-zonder-professionals",
                      "communicatie-zonder-verantwoordelijke", "eigenaar-geen-stakeholder"}


def test_money_messages_name_the_line_the_amount_and_the_source_in_words():
    message = _message("bron-betaalt-geen-extra-kosten",
                       rows("uitvoering", "middelen", {"bron": "smi"}, bestemming="extra"))
    assert ('De post "Opvang op sociaal-medische indicatie voor kinderen zonder toeslagrecht" (€ 20.000 per jaar)'
            in message and "met als bron Sociaal-medische indicatie (SMI)." in message)
    message = _message("begrotingsbron-niet-gekozen", remove_from("planvorming", "financieringsbronnen",
                                                                   "fonds_subsidie"))
    assert "niet is gekozen: Fonds of private subsidie." in message


def test_message_gives_amounts_and_dates_as_a_reader_writes_them():
    message = _message("kosten-niet-gedekt", answers("uitvoering", dekking_tekort=None))
    assert "€ 357.000 per jaar" in message and "in 2028 ontbreekt € 60.000" in message
    message = _message("zorgprotocol-na-start", answers("planvorming", zorgprotocol=False,
                                                        zorgprotocol_gereed=dt.date(2026, 12, 31)))
    assert "31 december 2026" in message and "1 september 2026" in message


def test_per_row_conditions_name_only_fields_and_phases():
    """Inside waar("…") the names are the fields of a group row (or phases); a typo would
    silently count as an empty field, so check them here."""
    import re

    from handreiking.questionnaire.expressions import compile_condition

    fields = {f.id for q in CATALOG for question in q.questions for f in question.fields}
    assert {"deadline", "nulmeting", "eindmeting", "soort", "tot_jaar"} <= fields
    checked = 0
    for rule in RULES_DATA:
        for source in re.findall(r'waar\("([^"]*)"\)', rule["wanneer"]):
            names = compile_condition(" ".join(source.split())).names
            known = fields | set(PHASES) | {"plan"}  # plan.versiedatum: the outer names hold inside a row too
            assert names <= known, (rule["id"], names - known)
            checked += 1
    assert checked >= 8


def test_a_milestone_against_its_document_names_both_places_and_what_each_says():
    concept = _message("mijlpaal-vastgesteld-document-concept", answers("planvorming", plan_van_aanpak_status="concept"))
    assert ('De mijlpaal "Plan van aanpak vastgesteld door de stuurgroep" (2 juli 2026) is afgerond (Uitvoering, '
            "Projectplanning), maar bij de vaststelling van het Plan van aanpak (Planvorming) staat het document "
            "nog als concept.") in concept
    other_day = _message("mijlpaal-vastgesteld-document-concept",
                         answers("planvorming", plan_van_aanpak_vastgesteld_op=dt.date(2026, 7, 3)))
    assert "staat het document als vastgesteld op 3 juli 2026." in other_day


def test_message_names_a_structural_gemeentefonds_line_without_its_amount():
    """A line whose amount is still open: the advice says so, never "( per jaar)"."""
    message = _message("gemeentefonds-als-structureel",
                       rows("uitvoering", "middelen", {"bron": "gemeentefonds", "soort": "structureel"}, bedrag=None))
    assert "(een onbekend bedrag per jaar)" in message and "( per jaar)" not in message
    three = _message("gemeentefonds-als-structureel",  # the two one-off gemeentefonds lines made structural
                     rows("uitvoering", "middelen", {"bron": "gemeentefonds", "soort": "eenmalig"}, soort="structureel"))
    assert "(€ 45.000, € 32.000 en € 15.000 per jaar)" in three


def test_message_names_the_post_outside_the_execution_and_its_years():
    message = _message("post-buiten-uitvoeringsperiode",
                       rows("uitvoering", "middelen", {"post": "Prikkelarme hoeken en materialen op alle locaties"},
                            van_jaar=2031))
    assert message.startswith('Het geld van de post "Prikkelarme hoeken en materialen op alle locaties" valt buiten '
                              "de jaren van de uitvoering (1 september 2026 tot en met 31 december 2028).")
    both_out = _message("post-buiten-uitvoeringsperiode", both(
        rows("uitvoering", "middelen", {"post": "Prikkelarme hoeken en materialen op alle locaties"}, van_jaar=2031),
        rows("uitvoering", "middelen", {"post": "Inval tijdens de trainingen"}, van_jaar=2030),
        answers("uitvoering", startdatum_uitvoering=None)))
    assert ('de posten "Inval tijdens de trainingen"; "Prikkelarme hoeken en materialen op alle locaties" valt '
            "buiten de jaren van de uitvoering (die eindigt op 31 december 2028)") in both_out or (
            '"Prikkelarme hoeken en materialen op alle locaties"; "Inval tijdens de trainingen"' in both_out)
    assert "?" not in both_out and "van de posten of de periode" in both_out
