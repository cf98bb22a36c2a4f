"""``check`` and ``accept``: are the answers in order, and what does the advice say.

``check`` validates every answer file against the questionnaires, lists what is still
open and shows the advice (where answers of different phases do not fit together);
``accept`` records in plan.yaml that the group weighed an advice, and why.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handreiking.cli.git_hints import git_setup_hint, merge_hint
from handreiking.cli.screen_text import for_screen
from handreiking.cli.shared import errors_summary, load_state, prepare_for_writing, print_open_items, print_report
from handreiking.core.errors import HandreikingError, UsageError
from handreiking.insight.advice import (
    advice_for_phase,
    advice_summary,
    count_advice,
    format_advice,
    load_rules,
    plan_advice,
)
from handreiking.plan.documents import load_documents
from handreiking.plan.folder import open_plan, save_acknowledgement
from handreiking.questionnaire.catalog import load_catalog

if TYPE_CHECKING:
    from handreiking.wizard.session import Echo


def check(folder: Path, *, strict: bool, as_json: bool, echo: Echo) -> int:

    plan, catalog, answer_set, report = load_state(folder)
    load_documents(catalog)
    advice = plan_advice(plan, catalog, answer_set) if report.ok else []
    counts = count_advice(advice)
    failed = bool(report.errors) or (strict and (counts["let_op"] > 0 or bool(report.incomplete)))
    if as_json:
        def problem(error: Any) -> dict[str, Any]:
            return {"bestand": str(error.path) if error.path else None, "regel": error.line,
                    "kolom": error.column, "vraag": error.question_id, "bericht": error.message}

        echo(json.dumps({
            "plan": plan.meta.titel,
            "fouten": [problem(e) for e in report.errors],
            "waarschuwingen": [problem(w) for w in report.warnings],
            "open": [problem(i) for i in report.incomplete],
            "advies": [a.as_dict() for a in advice],
            "telling": counts,
        }, ensure_ascii=False, indent=2, sort_keys=True))
        return 1 if failed else 0
    print_report(report, echo)
    if report.incomplete:
        print_open_items(report.incomplete, catalog, echo)
    git_setup_hint(plan.root, str(folder), echo)
    one_sided = merge_hint(plan.root, str(folder), echo)
    if report.errors:
        echo(errors_summary(len(report.errors)), err=True)
        return 1
    if one_sided:
        echo("Niet in orde: een bestand bevat maar één van de twee versies van de merge (zie hierboven).", err=True)
        return 1
    echo(f"Alle antwoordbestanden van '{plan.meta.titel}' zijn in orde.")
    if report.incomplete:
        echo("De documenten tonen deze open punten als 'Nog in te vullen'."
             + (" Met --strict tellen ze als fout." if strict else ""))
    if advice:
        echo("")
        echo("Advies:")
        for questionnaire in catalog:
            items = advice_for_phase(advice, questionnaire.phase)
            if items:
                echo(f"\n{questionnaire.label}")
                for item in items:
                    echo(for_screen("  " + format_advice(item).replace("\n", "\n  ")))
        said = advice_summary(counts)
        echo(f"\n{said[0].upper()}{said[1:]}.")
        if counts["let_op"] or counts["tip"]:
            echo(f"Afwegen: handreiking accept {folder} REGEL --reden \"…\"")
    return 1 if failed else 0


def accept(folder: Path, *, rule: str, reason: str | None, withdraw: bool, echo: Echo) -> int:
    plan = open_plan(folder)
    rules = {r.id: r for r in load_rules(phases=load_catalog().phases)}
    if rule not in rules:
        raise UsageError(f"er is geen advies met de id '{rule}'",
                         hint="de id staat achter 'regel' in de uitvoer van handreiking check")
    if not withdraw and (not reason or not reason.strip()):
        raise UsageError("geef de reden met --reden \"…\"; die komt in plan.yaml en in de documenten")
    plan = prepare_for_writing(plan, echo)
    if withdraw or reason is None:
        save_acknowledgement(plan, rule, None)
        echo(f"De afweging van '{rule}' is weggehaald; het advies staat weer open.")
        return 0
    previous = dict(plan.meta.acknowledged).get(rule)
    save_acknowledgement(plan, rule, reason)
    echo(f"Afgewogen: {rule} — {reason.strip()}")
    if previous and previous != " ".join(reason.split()):
        echo(f"Dit vervangt de eerdere afweging: “{previous}”.")
    try:
        state = load_state(folder)
    except HandreikingError:  # saved; whether it applies now is only a remark, and check says what is wrong
        return 0
    if not state.report.errors and not any(a.rule.id == rule for a in plan_advice(state.plan, state.catalog,
                                                                                     state.answers)):
        echo("Let op: dit advies geldt nu niet voor dit plan (handreiking check noemt het niet). De afweging "
             "is bewaard en komt in de documenten zodra het advies wel geldt.", err=True)
    return 0
