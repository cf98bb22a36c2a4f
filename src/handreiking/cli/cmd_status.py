"""``status``: where the plan stands, as on the overview page, in the terminal.

What needs attention, the route through the phases, the execution (milestones, goals,
budget, risks), the advice, whether the documents are up to date and each document's
standing.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from handreiking.cli.git_hints import git_setup_hint, merge_hint
from handreiking.cli.shared import load_state, print_report
from handreiking.core.errors import display_path
from handreiking.core.values import count, format_date
from handreiking.insight.advice import count_advice, plan_advice
from handreiking.insight.dashboard import build_dashboard
from handreiking.plan.answers import phase_progress
from handreiking.render.context import build_context, document_standing
from handreiking.render.pipeline import load_documents, render_plan

if TYPE_CHECKING:
    from handreiking.plan.answers import AnswerSet
    from handreiking.questionnaire.catalog import Catalog
    from handreiking.wizard.session import Echo


def status(folder: Path, *, echo: Echo) -> int:
    """Where the plan stands, as on the overview page: what needs attention, the route,
    the execution, the advice and whether the documents are up to date."""
    plan, catalog, answer_set, report = load_state(folder)
    git_setup_hint(plan.root, str(folder), echo)
    one_sided = merge_hint(plan.root, str(folder), echo)
    meta = plan.meta
    echo(f"{meta.titel}" + (f" — {meta.gemeente}" if meta.gemeente else ""))
    if meta.regisseur.naam:
        echo(f"Regisseur: {meta.regisseur.naam}")
    if report.errors:
        _print_route_counts(catalog, answer_set, echo)
        echo("")
        print_report(report, echo)
        echo("Documenten: niet bij te werken zolang er fouten in de antwoorden staan (zie handreiking check).")
        return 1
    advice = plan_advice(plan, catalog, answer_set)
    specs = load_documents(catalog)
    board = build_dashboard(plan, catalog, answer_set, advice, specs)
    _print_dashboard(board, echo)
    counts = count_advice(advice)
    echo("")
    echo(f"Advies: {counts['let_op']} let op en {count(counts['tip'], 'tip', 'tips')} open; "
         f"{counts['afgewogen']} afgewogen" + (" (zie handreiking check)" if counts["let_op"] or counts["tip"] else ""))
    result = render_plan(plan, catalog, answer_set, check=True)
    stale = sorted({p.name for p in result.stale})
    echo("")
    if stale:
        echo("Documenten: verouderd of ontbreekt: " + ", ".join(stale))
        echo(f"Maak de documenten opnieuw met: handreiking render {folder}")
    else:
        echo(f"Documenten: alle {len(result.unchanged)} bestanden zijn bijgewerkt "
             f"(overzicht: {display_path(plan.documents_dir / 'index.html')}).")
    _print_document_standing(plan, catalog, answer_set, specs, echo)
    return 1 if one_sided else 0


def _print_document_standing(plan: Any, catalog: Any, answer_set: Any, specs: Any, echo: Echo) -> None:
    """Each document's status line, as on its cover and in the overview's list."""
    adopted = [spec for spec in specs if spec.adoption is not None]
    if not adopted:
        return
    context = build_context(plan, answer_set, catalog)
    width = max(len(spec.title) for spec in adopted)
    for spec in adopted:
        echo(f"  {spec.title:<{width}}  {document_standing(spec.adoption, context, catalog)['statusregel']}")


def _print_route_counts(catalog: Catalog, answer_set: AnswerSet, echo: Echo) -> None:
    """The phases when answers have errors: how far each one is, or that its file has an error."""
    echo("")
    echo("Fasen:")
    for questionnaire in catalog:
        if questionnaire.phase in answer_set.blocked:
            merged = getattr(answer_set.blocked[questionnaire.phase], "is_merge_conflict", False)
            echo(f"  ! {questionnaire.label:<28} "
                 + ("twee versies na een git-merge: eerst kiezen (zie hieronder)" if merged
                    else "het antwoordbestand bevat een fout (zie hieronder)"))
            continue
        progress = phase_progress(answer_set, questionnaire)
        mark = "✓" if progress.is_complete and not progress.short else "·"
        notes = [f"{len(progress.open)} open"] if progress.open else []
        notes += [short for _, short in progress.short]
        echo(f"  {mark} {questionnaire.label:<28} {progress.answered} van {progress.total} beantwoord"
             + (f" ({', '.join(notes)})" if notes else ""))


def _print_dashboard(board: Any, echo: Echo) -> None:
    """The dashboard in the terminal: the same content and order as the overview page
    (templates/overzicht.md.j2)."""
    echo(f"Stand op {format_date(board.version_date)}")
    echo("")
    echo("Nu aandacht nodig:")
    for item in board.attention:
        echo(f"  ! {item.text}")
    if not board.attention:
        echo("  Niets: de mijlpalen en doelen liggen op koers, de begroting is dekkend en er is geen open let op.")
    echo("")
    echo("De route:")
    for phase in board.phases:
        mark = "✓" if phase.state == "afgerond" else "·"
        advice = f", advies {phase.advice_let_op} let op, {count(phase.advice_tip, 'tip', 'tips')}" if (
            phase.advice_let_op or phase.advice_tip) else ""
        echo(f"  {mark} {phase.number} {phase.title:<26} {phase.state} ({phase.answered} van {phase.total} beantwoord)"
             + (f", {len(phase.open_questions)} open" if phase.open_questions else "") + advice)
    if not (board.milestones or board.goals or board.budget):
        return
    echo("")
    echo("Uitvoering:")
    if board.milestones:
        done = sum(1 for m in board.milestones if m.state == "gehaald")
        echo(f"  Mijlpalen: {done} van de {len(board.milestones)} gehaald. Nog te gaan:")
        for m in board.milestones:
            if m.state in ("gehaald", "vervallen"):
                continue
            state = f"over datum ({m.status_label.lower()})" if m.state == "over_datum" else m.status_label.lower()
            when = format_date(m.date) if m.date else "–"
            echo(f"    {when:<18} {state:<12} {m.name}" + (f" ({m.owner})" if m.owner else ""))
    if board.goals:
        echo("  Doelen:")
        for g in board.goals:
            latest = (f"{g.latest.verdict_label.lower()} ({g.latest.moment.lower()}"
                      + (f" {format_date(g.latest.date)})" if g.latest.date else ")")) if g.latest else "nog niet gemeten"
            upcoming = f"; volgende: {g.next.moment.lower()} {format_date(g.next.date)}" if g.next else ""
            echo(f"    {g.id:<4} {latest}{upcoming}" + (f" — {g.owner}" if g.owner else ""))
    if board.budget:
        echo(f"  Begroting: {board.budget.summary}")
    if board.risks:
        echo("  Grootste risico's:")
        for r in board.risks[:3]:
            echo(f"    - {r.name} (kans {r.likelihood.lower()}, impact {r.impact.lower()}; {r.owner})")
        if len(board.risks) > 3:
            echo(f"    En {len(board.risks) - 3} andere in het Plan van aanpak.")
    if board.adjustments:
        echo("  Besloten bijstellingen:")
        for a in board.adjustments:
            echo(f"    - {a.what}" + (f" ({a.goal})" if a.goal else "")
                 + (f", vanaf {format_date(a.date)}" if a.date else ""))
