"""Answers from a file (``handreiking wizard MAP --antwoorden FILE``), to prepare a session.

All or nothing: every answer in the file is checked first — its value and
that it belongs to a question that applies — and only when all of them are
fine is anything written. A name or id that points at another answer (a
stakeholder, a goal) and is not found there is reported with what it may have
meant; like in a hand-edited file it is kept, and ``check`` keeps advising on it. One mistake means the
plan stays exactly as it was and every problem is listed, so a script never
leaves a plan half updated. Questions that are still open are information,
not failure: a file that prepares only the first phase succeeds.

The file holds one block per phase (``vertrekpunt:``, ``visie:`` …, or the
number) with ``vraag_id: antwoord`` lines, and optionally a ``plan:`` block for
the plan's own details (titel, gemeente, regio, the regisseur's e-mail, dates). The
regisseur's name and organisation are answers of Vertrekpunt, not details of the plan.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handreiking.core.errors import AnswerFileError
from handreiking.core.gate import plan_file_holds, write_plan_files
from handreiking.core.values import (
    count,
    email_problem,
    impossible_date,
    impossible_date_message,
    is_answered,
    join_dutch,
    name_key,
    parse_date,
)
from handreiking.core.yamldata import plain
from handreiking.core.yamlio import load_yaml, node_position
from handreiking.core.yamlsave import checked_text
from handreiking.plan.answers import AnswerSet, item_gaps, to_yaml_value
from handreiking.plan.folder import PLAN_FILE, Plan, plan_yaml_to_save
from handreiking.plan.inplace import same_names, supplement_items
from handreiking.questionnaire.catalog import OTHER_VALUE, Catalog, Question
from handreiking.questionnaire.condition_text import condition_in_words
from handreiking.questionnaire.validation import date_order_problems, describe_question, shortage, validate_phase

PLAN_TEXT_KEYS = ("titel", "gemeente", "regio")
PLAN_DATE_KEYS = ("startdatum", "versiedatum")
REGISSEUR_KEYS = ("email",)  # the name and organisation are questions of Vertrekpunt (plan.director)
_DIRECTOR_ELSEWHERE = ("de naam en de organisatie van de regisseur zijn vragen van Vertrekpunt: schrijf ze onder "
                       "'vertrekpunt:' als 'regisseur_naam: …' en 'regisseur_organisatie: …'; onder 'plan:' "
                       "staat van de regisseur alleen 'email: …'")


@dataclass
class BatchOutcome:
    saved: list[str] = field(default_factory=list)  # "Visie › horizonjaar", in file order
    errors: list[AnswerFileError] = field(default_factory=list)  # any of these: nothing was saved
    warnings: list[AnswerFileError] = field(default_factory=list)  # saved, but worth a look
    open: list[str] = field(default_factory=list)  # still to answer, for information
    changed: bool = True  # False: every answer in the file was already so (no file written)


def apply_answers(plan: Plan, catalog: Catalog, answer_set: AnswerSet, source: Path) -> BatchOutcome:
    """Check every answer in ``source`` and, only when all are valid, save them all.

    The caller holds the plan's lock and read ``answer_set`` under it; only the phases that get
    answers are read round-trip (``AnswerSet.editable``)."""

    outcome = BatchOutcome()
    data, _ = load_yaml(source, what="het antwoordenbestand", inside=None)  # the user named it
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AnswerFileError("verwacht per fase een blok, bijvoorbeeld 'visie:' met daaronder de antwoorden",
                              path=source, line=1)
    staged: dict[str, dict[str, Any]] = {}
    plan_details: dict[str, Any] = {}
    for key in data:
        line, col = node_position(data, key=key)
        given = data[key]
        if str(key) == "plan":
            plan_details = _check_plan_block(given, source, line, col, outcome)
            continue
        questionnaire = catalog.find(str(key))
        if questionnaire is None:
            outcome.errors.append(AnswerFileError(
                f"onbekend blok '{key}'; schrijf 'plan' of een fase: "
                + join_dutch([f"{q.phase} ({q.number})" for q in catalog], last="of"),
                path=source, line=line, column=col))
            continue
        if questionnaire.phase in answer_set.blocked:
            outcome.errors.append(AnswerFileError(
                f"het antwoordbestand van fase {questionnaire.label} bevat een fout; herstel die eerst "
                f"({answer_set.blocked[questionnaire.phase].format_message()})", path=source, line=line))
            continue
        if given is None:
            continue
        if not isinstance(given, dict):
            outcome.errors.append(AnswerFileError("verwacht regels 'vraag_id: antwoord' onder de fase",
                                                  path=source, line=line, column=col))
            continue
        report = validate_phase(questionnaire, given, source)  # also makes 'ja', '1-7-2027' canonical
        outcome.errors.extend(report.errors)
        for warning in report.warnings:  # an unknown key or field would be stored but never used
            in_item = "[" in str(warning.question_id)  # 'stakeholders[1].telefoon_nr': named by its item
            outcome.errors.append(AnswerFileError(
                (f"fase {questionnaire.label} kent dit veld niet" if in_item else
                 f"fase {questionnaire.label} kent geen vraag '{warning.question_id}'")
                + f"; de ids staan in: handreiking vragen --fase {questionnaire.phase}",
                path=warning.path, line=warning.line, column=warning.column,
                question_id=None if in_item else warning.question_id, subject=warning.subject if in_item else None))
        staged.setdefault(questionnaire.phase, {}).update({str(k): given[k] for k in given})

    origins: dict[tuple[str, str], list[int | None]] = {}  # a group's items: each one's place in the file
    details: dict[tuple[str, str], str] = {}  # a group's items: what was added, updated, left alone
    for phase_id, answers in staged.items():  # in memory only; written below when all is well
        phase = answer_set.editable(phase_id)
        for key, value in answers.items():
            question = phase.questionnaire.question(key)
            if question is None:
                continue
            if question.is_group and value is None:
                value = []  # "middelen:" with nothing under it adds nothing (it never empties the list)
            if question.is_group and isinstance(value, list):
                for name in same_names(value, question.summary_field):
                    line, col = node_position(_block_of(answer_set, phase_id, data), key=key)
                    outcome.errors.append(AnswerFileError(
                        f"twee items heten '{name}' (hoofdletters, spaties en streepjes tellen niet mee); "
                        "laat er één staan", path=source, line=line, column=col, question_id=key,
                        subject=describe_question(question)))
                before = plain(phase.get(key))
                value, origins[phase_id, key] = supplement_items(phase.get(key), value, question.summary_field)
                details[phase_id, key] = _supplement_summary(before, value, origins[phase_id, key])
            phase.set(key, value)
    for phase_id, answers in staged.items():
        _check_after_merge(answer_set, phase_id, answers, data, source, outcome)
        _check_date_order(answer_set, phase_id, answers, _block_of(answer_set, phase_id, data), source,
                          outcome, origins)
    if outcome.errors:
        outcome.errors.sort(key=lambda e: (str(e.path), e.line or 0, e.column or 0))  # in file order
        return outcome

    # All or nothing across files too: every new file is prepared, then they are put in place
    # together (gate.write_plan_files), so a process killed while saving leaves all old or all new.
    files: dict[Path, str] = {}
    for phase_id, answers in staged.items():
        phase = answer_set[phase_id]
        files[phase.path] = checked_text(phase.path, phase.text_to_save(), plain(phase.data))
        outcome.saved.extend(f"{phase.questionnaire.title} › {key}{details.get((phase_id, key), '')}"
                             for key in answers)
    if plan_details:
        files[plan.root / PLAN_FILE] = _plan_details_text(plan, plan_details)
        outcome.saved.extend(f"plan › {key}" for key in plan_details)
    files = {path: text for path, text in files.items() if not plan_file_holds(plan.root, path, text)}
    outcome.changed = bool(files)
    if files:
        write_plan_files(plan.root, files)
    for phase_id in staged:
        answer_set[phase_id].mark_saved()
    outcome.open = _still_open(answer_set, catalog)
    return outcome


def _check_after_merge(answer_set: AnswerSet, phase_id: str, answers: Mapping[str, Any], data: Any, source: Path,
                       outcome: BatchOutcome) -> None:
    """What can only be judged with all answers in place: conditions and references."""
    questionnaire = answer_set[phase_id].questionnaire
    block = _block_of(answer_set, phase_id, data)
    scope = answer_set.scope(phase_id)
    by_phase = {p.questionnaire.phase: p.data for p in answer_set}
    for key, value in answers.items():
        question = questionnaire.question(key)
        if question is None or not is_answered(value):
            continue
        line, col = node_position(block, key=key)
        if not question.is_active(scope):
            outcome.errors.append(AnswerFileError(
                f"{condition_in_words(question, questionnaire, answer_set.catalog)}; laat dit antwoord weg, "
                "of pas eerst dat andere antwoord aan",
                path=source, line=line, column=col, question_id=key, subject=describe_question(question)))
            continue
        problems = [(where, problem, line, col) for where, problem in _reference_problems(question, value, by_phase)]
        if question.is_group and isinstance(value, list):  # another shape is an error of validate_phase
            scope_of = answer_set.item_scopes(phase_id)
            for index, item in enumerate(value, start=1):
                if not isinstance(item, dict):
                    continue
                item_scope = scope_of(item)
                for field_q in question.fields:
                    field_value = item.get(field_q.id)
                    if not is_answered(field_value):
                        continue
                    where = f"{question.item_name} {index}, veld '{field_q.text}' ({field_q.id})"
                    f_line, f_col = node_position(item, key=field_q.id)  # the field's own line
                    f_line, f_col = (f_line, f_col) if f_line else (line, col)
                    if not field_q.is_active(item_scope):
                        problems.append((where, condition_in_words(field_q, questionnaire, answer_set.catalog,
                                                                   group=question) + "; laat het weg", f_line, f_col))
                    problems.extend((where, p, f_line, f_col) for _, p in _reference_problems(field_q, field_value,
                                                                                              by_phase))
        for where, problem, p_line, p_col in problems:
            outcome.warnings.append(AnswerFileError(problem, path=source, line=p_line, column=p_col, question_id=key,
                                                    subject=where or describe_question(question)))


def _block_of(answer_set: AnswerSet, phase_id: str, data: Any) -> Any:
    """The file's block of one phase (named by its id or its number)."""
    questionnaire = answer_set[phase_id].questionnaire
    return next(v for k, v in data.items() if answer_set.catalog.find(str(k)) is questionnaire)


def _supplement_summary(before: Any, after: list[Any], origin: list[int | None]) -> str:
    """' (1 nieuw; 2 die er al stonden, blijven staan)': what a group's items in the file did."""
    old = before if isinstance(before, list) else []
    added = sum(1 for index, place in enumerate(origin) if place is not None and index >= len(old))
    updated = sum(1 for index, place in enumerate(origin) if place is not None and index < len(old)
                  and after[index] != old[index])
    kept = origin.count(None)
    parts = [f"{added} nieuw"] if added else []
    parts += [f"{updated} bijgewerkt"] if updated else []
    said = ", ".join(parts) or "niets veranderd"
    return f" ({said}; {count(kept, 'item dat er al stond, blijft', 'items die er al stonden, blijven')} staan)" \
        if kept else f" ({said})"


def _check_date_order(answer_set: AnswerSet, phase_id: str, answers: Mapping[str, Any], block: Any, source: Path,
                      outcome: BatchOutcome, origins: Mapping[tuple[str, str], list[int | None]]) -> None:
    """An end before its start (``niet_voor`` in the questionnaire) is refused, as the wizard
    asks it again: when the file gives either date, with both dates in the message. ``origins``:
    per group, each item's place in the file (an item the file does not name has none)."""
    phase = answer_set[phase_id]
    questionnaire = phase.questionnaire
    given = set(answers)
    for question_id, number, problem in date_order_problems(questionnaire, phase.data):
        question = questionnaire.question(question_id)
        if number is None:
            involved = [question_id, question.not_before]
        else:  # a field of an item; its niet_voor may name a question of the phase
            involved = [question_id, *(f.not_before for f in question.fields if f.not_before
                                       and questionnaire.question(f.not_before) is not None)]
        named = [key for key in involved if key in given]
        if not named:
            continue
        line, col = node_position(block, key=named[0])
        places = origins.get((phase_id, question_id)) or []
        place = places[number - 1] if number is not None and number <= len(places) else None
        if number is not None and named[0] == question_id:
            if place is None:
                continue  # an item the file does not name: as it was (``check`` judges it)
            line, col = node_position(answers[question_id], index=place)
        # an item as the file numbers it (the plan's own items may stand before it)
        subject = describe_question(question) if number is None else \
            f"{question.item_name} {number if place is None else place + 1}"
        outcome.errors.append(AnswerFileError(problem, path=source, line=line, column=col, question_id=question_id,
                                              subject=subject))


def _reference_problems(question: Question, value: Any, by_phase: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A name or id that must be one of another answer's items (a stakeholder, a goal)."""
    source = question.choice_source
    if source is None:
        return []
    known = {c.value for c in source.choices(by_phase)} | {c.value for c in question.choices}
    given = value if isinstance(value, list) else [value]
    problems = []
    for item in given:
        if isinstance(item, dict) and OTHER_VALUE in item:
            continue
        if isinstance(item, str) and item.strip() not in known:
            group = f"{source.phase}.{source.group}"
            close = [k for k in sorted(known) if name_key(k) == name_key(item)]
            if close:
                hint = f"bedoelt u '{close[0]}'? Schrijf de naam precies zo"
            else:
                options = join_dutch(sorted(known), last="of") or "(nog geen)"
                hint = f"bekend zijn: {options}" + (" (of schrijf {anders: \"…\"})" if question.allow_other else "")
            problems.append(("", f"'{item}' staat niet bij {group} (veld {source.value_field}); {hint}. "
                                 "Het antwoord is wel opgeslagen"))
    return problems


def _check_plan_block(given: Any, source: Path, line: int | None, col: int | None,
                      outcome: BatchOutcome) -> dict[str, Any]:
    """The ``plan:`` block: titel, gemeente, regio, regisseur (its email) and dates."""
    if not isinstance(given, dict):
        outcome.errors.append(AnswerFileError("verwacht onder 'plan:' regels als 'titel: …' en 'gemeente: …'",
                                              path=source, line=line, column=col))
        return {}
    details: dict[str, Any] = {}
    allowed = (*PLAN_TEXT_KEYS, "regisseur", *PLAN_DATE_KEYS)
    for key in given:
        k_line, k_col = node_position(given, key=key)
        value = given[key]

        def fail(message: str) -> None:
            outcome.errors.append(AnswerFileError(message, path=source, line=k_line, column=k_col,
                                                  question_id=f"plan.{key}", subject=f"plan, '{key}'"))

        if key not in allowed:
            fail("onbekend gegeven van het plan; mogelijk zijn: " + join_dutch(list(allowed), last="of"))
        elif key in PLAN_DATE_KEYS:
            date = parse_date(value)
            if impossible_date(value) is not None:
                fail(impossible_date_message(impossible_date(value)))  # type: ignore[arg-type]
            elif date is None:
                fail("verwacht een datum als 1-7-2027 of 2027-07-01")
            else:
                details[key] = date
        elif key == "regisseur":
            if isinstance(value, str) or (isinstance(value, dict) and {"naam", "organisatie"} & set(map(str, value))):
                fail(_DIRECTOR_ELSEWHERE)
            elif isinstance(value, dict) and set(map(str, value)) <= set(REGISSEUR_KEYS) and all(
                    isinstance(v, str) for v in value.values()):
                if email_problem(str(value.get("email") or "")):
                    fail(email_problem(str(value.get("email"))) or "")
                else:
                    details[key] = {str(k): v.strip() for k, v in value.items()}
            else:
                fail("schrijf het e-mailadres van de regisseur als blok: 'regisseur:' met daaronder 'email: …'")
        elif not isinstance(value, str) or (key == "titel" and not value.strip()):
            fail("verwacht tekst" + (" (de titel mag niet leeg zijn)" if key == "titel" else ""))
        else:
            details[key] = value.strip()
    return details


def _plan_details_text(plan: Plan, details: Mapping[str, Any]) -> str:
    """plan.yaml with the given details written in, keeping its comments and other keys
    (read back first, like every write: ``plan.plan_yaml_to_save``)."""

    path = plan.root / PLAN_FILE
    data, as_read = load_yaml(path, what="plan.yaml", inside=plan.root)
    for key, value in details.items():
        if key == "regisseur":
            block = data.get("regisseur")
            if not isinstance(block, dict):
                data["regisseur"] = block = to_yaml_value({})
            for sub, text in value.items():
                block[sub] = text
        else:
            data[key] = value
    return plan_yaml_to_save(path, data, as_read)


def _still_open(answer_set: AnswerSet, catalog: Catalog) -> list[str]:
    """Per phase, the required questions still open, the lists still too short and the
    items with an empty field."""
    lines = []
    for questionnaire in catalog:
        if questionnaire.phase in answer_set.blocked:
            continue  # not open: its file does not read (said separately)
        phase = answer_set[questionnaire.phase]
        active = answer_set.active_questions(questionnaire)
        for question in active:
            value = phase.get(question.id)
            if question.required and not is_answered(value):
                lines.append(f"{questionnaire.title} › {question.id}: {question.text}")
            short = shortage(question, value)
            if short:
                lines.append(f"{questionnaire.title} › {question.id}: {short}")
        lines += [f"{questionnaire.title} › {gap.question.id}: {gap.in_full}"
                  for gap in item_gaps(answer_set, questionnaire, active)]
    return lines
