"""Loading the questionnaires: read each definition, check it thoroughly, freeze it.

One definition serves three uses — the wizard's prompts, the validation of
answer files and the exported JSON Schema — so it is loaded once, checked
thoroughly, and then frozen. A content editor's mistake (unknown type,
duplicate id, broken ``wanneer``) is a ``QuestionnaireError`` naming the file
and question id, raised at load time rather than in the middle of a workshop.

The frozen shapes themselves (``Question``, ``Questionnaire``, ``Catalog``, …)
live in ``questionnaire/model.py``; they can be imported from here as well.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from handreiking.core.errors import QuestionnaireError
from handreiking.core.resources import data_dir
from handreiking.core.values import OTHER_VALUE
from handreiking.core.yamlio import read_definition
from handreiking.questionnaire.expressions import ConditionSyntaxError, check_message, compile_condition
from handreiking.questionnaire.model import (  # offered here too: the package reads the model from one place
    CHOICE_KINDS,
    KINDS,
    Catalog,
    Choice,
    ChoiceSource,
    Question,
    Questionnaire,
    Rules,
    Section,
)
from handreiking.questionnaire.validation import check_value

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_PHASE_KEYS = {"fase", "nummer", "titel", "intro", "bron", "secties"}
_SECTION_KEYS = {"id", "titel", "intro", "vragen"}
_QUESTION_KEYS = {
    "id", "vraag", "onderwerp", "type", "hulp", "uitleg", "voorbeeld", "standaard", "verplicht",
    "keuzes", "anders", "validatie", "wanneer", "velden", "item_naam", "item_lidwoord", "item_meervoud", "samenvatting",
    "keuzes_uit", "vroeger", "niet_voor", "eenheid", "achterhaald", "kolom", "mag_leeg", "uniek",
}
_SOURCE_KEYS = {"bron", "waarde", "label"}
_CHOICE_KEYS = {"waarde", "label", "hulp", "vroeger", "in_zin"}
_VALIDATION_KEYS = {"min", "max", "geheel", "min_lengte", "max_lengte", "patroon", "min_items", "max_items", "niet_als"}


def load_catalog(folder: Path | None = None) -> Catalog:
    """Load and cross-check every ``*.yaml`` questionnaire in ``folder``
    (remembered in this process while no file in it changes)."""
    if folder is None:
        folder = data_dir("questionnaires")
    files = tuple(sorted(p for p in Path(folder).glob("*.yaml") if p.name[0].isdigit()))
    stamps = tuple(p.stat().st_mtime_ns for p in files)
    return _load_catalog(files, stamps)


@lru_cache(maxsize=4)
def _load_catalog(files: tuple[Path, ...], _stamps: tuple[int, ...]) -> Catalog:
    return _build_catalog(files)


def _build_catalog(files: tuple[Path, ...]) -> Catalog:
    questionnaires = sorted((load_questionnaire(p) for p in files), key=lambda q: q.number)
    _check_catalog(questionnaires)
    return Catalog(tuple(questionnaires))


def load_questionnaire(path: Path) -> Questionnaire:
    return _build_questionnaire(read_definition(path, what="de vragenlijst"), path)


def _fail(path: Path, message: str, question_id: str | None = None) -> QuestionnaireError:
    return QuestionnaireError(message, path=path, question_id=question_id)


def _article(value: Any, path: Path, qid: str) -> str:
    if value is None:
        return "de"
    if value not in ("de", "het"):
        raise _fail(path, "'item_lidwoord' is 'de' of 'het'", qid)
    return value


def _text(value: Any, path: Path, what: str, qid: str | None, required: bool = False) -> str:
    if value is None:
        if required:
            raise _fail(path, f"'{what}' ontbreekt", qid)
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise _fail(path, f"'{what}' moet tekst zijn", qid)
    return str(value).strip()


def _unknown_keys(raw: Mapping[str, Any], allowed: set[str], path: Path, what: str, qid: str | None) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        noun = "onbekende sleutel" if len(unknown) == 1 else "onbekende sleutels"
        raise _fail(path, f"{noun} in {what}: {', '.join(map(str, unknown))}", qid)


def _build_questionnaire(raw: Any, path: Path) -> Questionnaire:
    if not isinstance(raw, dict):
        raise _fail(path, "een vragenlijst moet beginnen met 'fase:', 'nummer:', 'titel:' en 'secties:'")
    _unknown_keys(raw, _PHASE_KEYS, path, "de fase", None)
    phase = _text(raw.get("fase"), path, "fase", None, required=True)
    if not _ID_RE.match(phase):
        raise _fail(path, f"fase-id '{phase}' mag alleen kleine letters, cijfers en _ bevatten")
    number = raw.get("nummer")
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 99:
        raise _fail(path, "'nummer' moet een geheel getal van 1 tot 99 zijn")
    sections_raw = raw.get("secties")
    if not isinstance(sections_raw, list) or not sections_raw:
        raise _fail(path, "'secties' moet een lijst met minstens één sectie zijn")
    by_id: dict[str, Question] = {}
    sections = []
    for s_raw in sections_raw:
        if not isinstance(s_raw, dict):
            raise _fail(path, "elke sectie moet een blok met 'id', 'titel' en 'vragen' zijn")
        sid = _text(s_raw.get("id"), path, "id van de sectie", None, required=True)
        _unknown_keys(s_raw, _SECTION_KEYS, path, f"sectie '{sid}'", None)
        q_raws = s_raw.get("vragen")
        if not isinstance(q_raws, list) or not q_raws:
            raise _fail(path, f"sectie '{sid}' heeft geen lijst 'vragen'")
        questions = []
        for q_raw in q_raws:
            q = _build_question(q_raw, path, sid, nested=False)
            if q.id in by_id:
                raise _fail(path, "deze vraag-id komt twee keer voor", q.id)
            by_id[q.id] = q
            questions.append(q)
        sections.append(Section(sid, _text(s_raw.get("titel"), path, "titel", None, True),
                                _text(s_raw.get("intro"), path, "intro", None), tuple(questions)))
    return Questionnaire(
        phase=phase,
        number=number,
        title=_text(raw.get("titel"), path, "titel", None, required=True),
        intro=_text(raw.get("intro"), path, "intro", None),
        source=_text(raw.get("bron"), path, "bron", None),
        sections=tuple(sections),
        path=path,
        _by_id=by_id,
    )


def _build_question(raw: Any, path: Path, section: str, nested: bool) -> Question:
    if not isinstance(raw, dict):
        raise _fail(path, f"een vraag in sectie '{section}' is geen blok met 'id', 'vraag' en 'type'")
    qid = _text(raw.get("id"), path, "id", None, required=True)
    if not _ID_RE.match(qid):
        raise _fail(path, "een vraag-id mag alleen kleine letters, cijfers en _ bevatten (snake_case)", qid)
    _unknown_keys(raw, _QUESTION_KEYS, path, "de vraag", qid)
    kind = _text(raw.get("type"), path, "type", qid, required=True)
    if kind not in KINDS:
        raise _fail(path, f"onbekend type '{kind}'; kies uit {', '.join(KINDS)}", qid)
    if nested and kind == "groep":
        raise _fail(path, "een groep kan geen groep bevatten", qid)

    source = _build_source(raw.get("keuzes_uit"), path, qid, kind)
    choices = _build_choices(raw.get("keuzes"), path, qid, kind, optional=source is not None)
    allow_other = bool(raw.get("anders", False))
    if allow_other and kind not in CHOICE_KINDS:
        raise _fail(path, "'anders' kan alleen bij keuze of meerkeuze", qid)
    rules = _build_rules(raw.get("validatie"), path, qid, kind)

    fields: tuple[Question, ...] = ()
    if kind == "groep":
        f_raws = raw.get("velden")
        if not isinstance(f_raws, list) or not f_raws:
            raise _fail(path, "een groep heeft 'velden' nodig (de deelvragen van elk item)", qid)
        fields = tuple(_build_question(f, path, section, nested=True) for f in f_raws)
        ids = [f.id for f in fields]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise _fail(path, f"{'veld-id' if len(dupes) == 1 else 'veld-ids'} dubbel in de groep: "
                          f"{', '.join(sorted(dupes))}", qid)
    elif raw.get("velden") is not None:
        raise _fail(path, "'velden' hoort alleen bij type groep", qid)
    if raw.get("mag_leeg") is not None and not nested:
        raise _fail(path, "'mag_leeg' hoort alleen bij een veld van een groep (een vraag zonder antwoord is altijd open)",
                    qid)
    if raw.get("uniek") is not None and not nested:
        raise _fail(path, "'uniek' hoort alleen bij een veld van een groep", qid)
    if raw.get("mag_leeg") and raw.get("verplicht"):
        raise _fail(path, "een veld is 'verplicht' of 'mag_leeg', niet allebei", qid)
    summary = raw.get("samenvatting")
    if summary is not None and summary not in {f.id for f in fields}:
        raise _fail(path, f"'samenvatting' noemt veld '{summary}', maar dat veld bestaat niet in de groep", qid)

    condition = None
    if raw.get("wanneer") is not None:
        try:
            condition = compile_condition(_text(raw["wanneer"], path, "wanneer", qid))
        except ConditionSyntaxError as exc:
            raise _fail(path, str(exc), qid) from None

    settled_when, settled_text = None, ""
    settled = raw.get("achterhaald")
    if settled is not None:
        if not isinstance(settled, dict) or set(settled) != {"wanneer", "tekst"}:
            raise _fail(path, "'achterhaald' is een blok met 'wanneer' en 'tekst'", qid)
        try:
            settled_when = compile_condition(_text(settled["wanneer"], path, "wanneer", qid, required=True))
        except ConditionSyntaxError as exc:
            raise _fail(path, str(exc), qid) from None
        settled_text = _text(settled["tekst"], path, "tekst", qid, required=True)

    question = Question(
        id=qid,
        text=_text(raw.get("vraag"), path, "vraag", qid, required=True),
        kind=kind,
        topic=_text(raw.get("onderwerp"), path, "onderwerp", qid),
        help=_text(raw.get("hulp"), path, "hulp", qid),
        explanation=_text(raw.get("uitleg"), path, "uitleg", qid),
        example=_text(raw.get("voorbeeld"), path, "voorbeeld", qid),
        default=raw.get("standaard"),
        required=bool(raw.get("verplicht", False)),
        may_be_empty=bool(raw.get("mag_leeg", False)),
        unique=bool(raw.get("uniek", False)),
        choices=choices,
        allow_other=allow_other,
        rules=rules,
        condition=condition,
        fields=fields,
        item_name=_text(raw.get("item_naam"), path, "item_naam", qid) or "item",
        item_article=_article(raw.get("item_lidwoord"), path, qid),
        item_plural=_text(raw.get("item_meervoud"), path, "item_meervoud", qid),
        summary_field=summary or (fields[0].id if fields else None),
        section=section,
        choice_source=source,
        unit=_unit(raw.get("eenheid"), path, qid, kind),
        column=_text(raw.get("kolom"), path, "kolom", qid),
        former_ids=_former(raw.get("vroeger"), path, qid),
        not_before=_not_before(raw.get("niet_voor"), path, qid, kind),
        settled_when=settled_when,
        settled_text=settled_text,
    )
    if question.default is not None:
        problem = check_value(question, question.default)
        for number, item in enumerate(question.default if question.is_group and not problem else (), 1):
            for key, value in item.items():
                field_q = question.field(str(key))
                problem = (f"voorgestelde rij {number} heeft een onbekend veld '{key}'" if field_q is None
                           else check_value(field_q, value) if value is not None else None)
                if problem:
                    break
            if problem:
                break
        if problem:
            raise _fail(path, f"de standaardwaarde past niet bij de vraag: {problem}", qid)
    return question


UNITS = ("euro",)


def _unit(raw: Any, path: Path, qid: str, kind: str) -> str:
    """``eenheid: euro`` marks a number as an amount of money."""
    if raw is None:
        return ""
    if kind != "getal" or raw not in UNITS:
        raise _fail(path, f"'eenheid' hoort bij een getal en is een van: {', '.join(UNITS)}", qid)
    return str(raw)


def _former(raw: Any, path: Path, qid: str) -> tuple[str, ...]:
    """``vroeger``: the id or code (or a list of them) a question or choice had before a
    rename; answers with those are read, and migrated, as the current one."""
    if raw is None:
        return ()
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not all(isinstance(n, str) and _ID_RE.match(n) for n in names):
        raise _fail(path, "'vroeger' is een id of code, of een lijst daarvan (kleine letters, cijfers en _)", qid)
    return tuple(names)


def _not_before(raw: Any, path: Path, qid: str, kind: str) -> str | None:
    """``niet_voor``: the id of a date question (a field of the same item, or a question of
    the phase) that this date may not lie before; checked across the catalog after loading."""
    if raw is None:
        return None
    if kind != "datum" or not isinstance(raw, str) or not _ID_RE.match(raw):
        raise _fail(path, "'niet_voor' hoort bij een datumvraag en noemt de id van een andere datumvraag", qid)
    return raw


def _build_source(raw: Any, path: Path, qid: str, kind: str) -> ChoiceSource | None:
    if raw is None:
        return None
    if kind not in CHOICE_KINDS:
        raise _fail(path, "'keuzes_uit' hoort alleen bij keuze of meerkeuze", qid)
    if not isinstance(raw, dict) or not isinstance(raw.get("bron"), str) or "." not in raw["bron"]:
        raise _fail(path, "'keuzes_uit' heeft 'bron: fase.groep' en 'waarde: veld' nodig", qid)
    _unknown_keys(raw, _SOURCE_KEYS, path, "keuzes_uit", qid)
    phase, group = raw["bron"].split(".", 1)
    value_field = _text(raw.get("waarde"), path, "waarde", qid, required=True)
    return ChoiceSource(phase, group, value_field, _text(raw.get("label"), path, "label", qid) or value_field)


def _build_choices(raw: Any, path: Path, qid: str, kind: str, optional: bool = False) -> tuple[Choice, ...]:
    if kind not in CHOICE_KINDS:
        if raw is not None:
            raise _fail(path, "'keuzes' horen alleen bij keuze of meerkeuze", qid)
        return ()
    if raw is None and optional:
        return ()
    if not isinstance(raw, list) or not raw:
        raise _fail(path, "een keuzevraag heeft een lijst 'keuzes' nodig", qid)
    choices = []
    for c in raw:
        if not isinstance(c, dict):
            raise _fail(path, "elke keuze is een blok met 'waarde' en 'label'", qid)
        _unknown_keys(c, _CHOICE_KEYS, path, "een keuze", qid)
        value = _text(c.get("waarde"), path, "waarde", qid, required=True)
        if value == OTHER_VALUE:
            raise _fail(path, "de waarde 'anders' is gereserveerd; gebruik 'anders: true'", qid)
        choices.append(Choice(value, _text(c.get("label"), path, "label", qid) or value,
                              _text(c.get("hulp"), path, "hulp", qid), _former(c.get("vroeger"), path, qid),
                              sentence=_text(c.get("in_zin"), path, "in_zin", qid)))
    values = [c.value for c in choices]
    dupes = {v for v in values if values.count(v) > 1}
    if dupes:
        raise _fail(path, f"{'keuzewaarde' if len(dupes) == 1 else 'keuzewaarden'} dubbel: "
                          f"{', '.join(sorted(dupes))}", qid)
    return tuple(choices)


def _build_rules(raw: Any, path: Path, qid: str, kind: str) -> Rules:
    if raw is None:
        return Rules()
    if not isinstance(raw, dict):
        raise _fail(path, "'validatie' moet een blok zijn (min, max, patroon, …)", qid)
    _unknown_keys(raw, _VALIDATION_KEYS, path, "validatie", qid)
    for key in ("min_lengte", "max_lengte", "min_items", "max_items"):
        if key in raw and (not isinstance(raw[key], int) or isinstance(raw[key], bool) or raw[key] < 0):
            raise _fail(path, f"'{key}' moet een geheel getal van 0 of meer zijn", qid)
    if ("min_items" in raw or "max_items" in raw) and kind not in ("meerkeuze", "groep"):
        raise _fail(path, "min_items/max_items horen bij meerkeuze of groep", qid)
    if ("min" in raw or "max" in raw) and kind not in ("getal", "datum"):
        raise _fail(path, "min/max horen bij getal of datum; gebruik min_lengte/max_lengte voor tekst", qid)
    if "geheel" in raw and (not isinstance(raw["geheel"], bool) or kind != "getal"):
        raise _fail(path, "'geheel' hoort bij een getal en is true of false", qid)
    pattern = raw.get("patroon")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise _fail(path, f"het patroon is geen geldige reguliere expressie ({exc})", qid) from None
    return Rules(
        forbidden_when=_build_forbidden(raw.get("niet_als"), path, qid),
        min=raw.get("min"),
        max=raw.get("max"),
        whole=bool(raw.get("geheel", False)),
        min_length=raw.get("min_lengte"),
        max_length=raw.get("max_lengte"),
        pattern=str(pattern) if pattern is not None else None,
        min_items=raw.get("min_items"),
        max_items=raw.get("max_items"),
    )


def _build_forbidden(raw: Any, path: Path, qid: str) -> tuple[tuple[Any, str], ...]:
    """``niet_als``: a list of {voorwaarde, melding}; the condition reads the other fields of
    the same item, the message names both values."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _fail(path, "'niet_als' is een lijst met 'voorwaarde' en 'melding'", qid)
    result = []
    for entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"voorwaarde", "melding"}:
            raise _fail(path, "elke regel onder 'niet_als' heeft precies 'voorwaarde' en 'melding'", qid)
        try:
            condition = compile_condition(" ".join(str(entry["voorwaarde"]).split()))
            check_message(str(entry["melding"]))  # (the package's build checked its own)
        except ConditionSyntaxError as exc:
            raise _fail(path, str(exc), qid) from None
        except Exception as exc:  # a broken message template
            raise _fail(path, f"de melding onder 'niet_als' klopt niet: {exc}", qid) from None
        result.append((condition, " ".join(str(entry["melding"]).split())))
    return tuple(result)


def _check_catalog(questionnaires: list[Questionnaire]) -> None:
    """Cross-file checks: unique phases and numbers, conditions name known things."""
    phases: dict[str, Questionnaire] = {}
    numbers: set[int] = set()
    for q in questionnaires:
        if q.phase in phases:
            raise _fail(q.path, f"fase '{q.phase}' staat ook in {phases[q.phase].path.name}")
        if q.number in numbers:
            raise _fail(q.path, f"fasenummer {q.number} komt twee keer voor")
        expected = f"{q.number}-{q.phase}.yaml"
        if q.path is not None and q.path.name != expected:
            raise _fail(q.path, f"de bestandsnaam moet '{expected}' zijn")
        phases[q.phase] = q
        numbers.add(q.number)
    for q in questionnaires:
        clash = set(phases) & set(q._by_id)
        if clash:
            raise _fail(q.path, "een vraag-id mag niet gelijk zijn aan de naam van een fase", sorted(clash)[0])
        for question in q.questions:
            _check_names(q, question, set(phases), ())
            _check_source(q, question, phases)
            _check_not_before(q, question, q.questions)
            _check_former(q, question, q.questions)
            for f in question.fields:
                _check_names(q, f, set(phases), question.fields)
                _check_source(q, f, phases)
                _check_not_before(q, f, question.fields + q.questions)
                _check_former(q, f, question.fields)


def _check_not_before(q: Questionnaire, question: Question, candidates: tuple[Question, ...]) -> None:
    """``niet_voor`` names another date question of the same item, else of the phase."""
    if question.not_before is None:
        return
    other = next((c for c in candidates if c.id == question.not_before), None)
    if other is None or other is question or other.kind != "datum":
        raise _fail(q.path, f"'niet_voor' noemt '{question.not_before}', maar dat is geen andere datumvraag "
                            "van dit item of deze fase", question.id)


def _check_former(q: Questionnaire, question: Question, neighbours: tuple[Question, ...]) -> None:
    """An old id or code (``vroeger``) may not be a current one: a renamed answer must
    have one place to go."""
    current_ids = {n.id for n in neighbours}
    for old in question.former_ids:
        if old in current_ids or any(old in n.former_ids for n in neighbours if n is not question):
            raise _fail(q.path, f"'vroeger: {old}' is ook de id van een andere vraag", question.id)
    codes = {c.value for c in question.choices}
    for choice in question.choices:
        for old in choice.former:
            if old in codes or sum(old in c.former for c in question.choices) > 1:
                raise _fail(q.path, f"'vroeger: {old}' is ook een andere keuze", question.id)


def _check_source(q: Questionnaire, question: Question, phases: dict[str, Questionnaire]) -> None:
    source = question.choice_source
    if source is None:
        return
    group = phases[source.phase].question(source.group) if source.phase in phases else None
    if group is None or not group.is_group:
        raise _fail(q.path, f"'keuzes_uit' noemt '{source.phase}.{source.group}', maar dat is geen groep", question.id)
    for name in (source.value_field, source.label_field):
        if group.field(name) is None:
            raise _fail(q.path, f"'keuzes_uit': de groep '{source.group}' heeft geen veld '{name}'", question.id)
    if source.value_field == group.summary_field and not group.field(source.value_field).unique:
        # an answer here names one item of that group: two items with that name would be mixed up
        raise _fail(q.path, f"'keuzes_uit' wijst items van '{source.group}' aan met '{source.value_field}'; "
                            f"geef dat veld daar 'uniek: true'", question.id)


def _check_names(q: Questionnaire, question: Question, phases: set[str], siblings: tuple[Question, ...]) -> None:
    if question.condition is None:
        return
    known = set(q._by_id) | phases | {f.id for f in siblings} | {"none", "true", "false"}
    unknown = sorted(question.condition.names - known)
    if unknown:
        raise _fail(
            q.path,
            f"de voorwaarde '{question.condition.source}' noemt "
            f"{'een onbekende naam' if len(unknown) == 1 else 'onbekende namen'}: {', '.join(unknown)}",
            question.id,
        )
