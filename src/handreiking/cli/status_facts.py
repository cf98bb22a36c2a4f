"""What ``status`` says about a plan, worked out from its files: the facts ``cmd_status`` prints.

Reads the plan, checks every answer and works out the dashboard, the advice and each
document's standing, as plain text lines; with them the digests that tell, together
with git's log, whether the documents are up to date (``render.freshness``). Plain data
throughout, so ``status_memo`` can keep the facts for the same files (see there).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from handreiking.cli.shared import PlanState, load_state, print_report
from handreiking.core.errors import AnswerFileError
from handreiking.core.values import count, format_date
from handreiking.insight.advice import advice_summary, count_advice, plan_advice
from handreiking.insight.dashboard import build_dashboard
from handreiking.plan.answers import load_answers, phase_progress
from handreiking.plan.director import director_name
from handreiking.plan.documents import DEFAULT_FORMATS, load_documents
from handreiking.plan.names import ANSWERS_DIR, PLAN_FILE
from handreiking.questionnaire.catalog import load_catalog
from handreiking.render.context import build_context, document_standing
from handreiking.render.fingerprints import fingerprint_parts

if TYPE_CHECKING:
    from handreiking.plan.answers import AnswerSet
    from handreiking.questionnaire.catalog import Catalog
    from handreiking.wizard.session import Echo

Facts = dict[str, Any]
"""``regels``: the lines to print before the documents, each ``[on stderr, text]``;
``fouten``: the answers have errors (then nothing follows, and the facts name paths as
seen from here, so they are not kept); ``documenten``: per document its id, file names
and fingerprint parts, and whether the change log counts (``geschiedenis``);
``stand``: each adopted document's standing line."""


def gather(folder: Path) -> tuple[Facts, PlanState | None]:
    """The facts of the plan in ``folder``, and the plan as read (for a check that must make
    the documents to compare them; None when plan.yaml did not read)."""
    try:
        state = load_state(folder)
    except AnswerFileError as exc:
        if exc.path is None or Path(exc.path).name != PLAN_FILE or not (Path(folder) / ANSWERS_DIR).is_dir():
            raise
        return _without_plan_file(Path(folder), exc), None
    plan, catalog, answer_set, report = state
    lines: list[list[Any]] = []

    def echo(text: str = "", *, err: bool = False) -> None:
        lines.append([err, text])

    meta = plan.meta
    echo(f"{meta.titel}" + (f" — {meta.gemeente}" if meta.gemeente else ""))
    director = director_name(answer_set)  # an answer of Vertrekpunt, not plan.yaml
    if director:
        echo(f"Regisseur: {director}")
    if report.errors:
        _print_route_counts(catalog, answer_set, echo)
        echo("")
        print_report(report, echo)
        echo("Documenten: niet bij te werken zolang er fouten in de antwoorden staan (zie handreiking check).")
        return {"regels": lines, "fouten": True, "documenten": [], "stand": []}, state
    advice = plan_advice(plan, catalog, answer_set)
    specs = load_documents(catalog)
    board = build_dashboard(plan, catalog, answer_set, advice, specs)
    _print_dashboard(board, echo)
    counts = count_advice(advice)
    echo("")
    echo(f"Advies: {advice_summary(counts)}" + (" (zie handreiking check)" if counts["let_op"] or counts["tip"] else ""))
    parts = fingerprint_parts(plan, answer_set, specs)
    documents = [{"id": spec.id, "bestanden": [f"{spec.stem}.{fmt}" for fmt in DEFAULT_FORMATS if fmt in spec.formats],
                  "delen": parts[spec.id], "geschiedenis": spec.history} for spec in specs]
    standing: list[list[Any]] = []
    _print_document_standing(plan, catalog, answer_set, specs, lambda text="", *, err=False: standing.append([err, text]))
    return {"regels": lines, "fouten": False, "documenten": documents, "stand": standing}, state


def _without_plan_file(root: Path, problem: AnswerFileError) -> Facts:
    """plan.yaml does not read: the phases are still shown, as with a broken answer file
    (one broken file does not hide the others); its error comes with theirs."""
    catalog = load_catalog()
    answer_set, report = load_answers(catalog, root / ANSWERS_DIR, round_trip=False)
    lines: list[list[Any]] = []

    def echo(text: str = "", *, err: bool = False) -> None:
        lines.append([err, text])

    _print_route_counts(catalog, answer_set, echo)
    echo("")
    report.errors.insert(0, problem)
    print_report(report, echo)
    echo("Documenten: niet bij te werken zolang plan.yaml of een antwoordbestand een fout bevat "
         "(zie handreiking check).")
    return {"regels": lines, "fouten": True, "documenten": [], "stand": []}


def compare_documents(folder: Path, state: PlanState | None = None) -> tuple[list[str], int]:
    """The names of the documents that are out of date or missing and how many files are up
    to date, found by making the documents in memory and comparing (nothing is written);
    ``state``: the plan as ``gather`` read it, if it did."""
    # late: the renderer (Jinja, Word) is loaded only when the render state cannot tell
    from handreiking.render.pipeline import render_plan

    state = state or load_state(folder)
    result = render_plan(state.plan, state.catalog, state.answers, check=True)
    return sorted({p.name for p in result.stale}), len(result.unchanged)


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
    width = max(len(questionnaire.label) for questionnaire in catalog)  # each line fits 80 columns
    for questionnaire in catalog:
        if questionnaire.phase in answer_set.blocked:
            merged = getattr(answer_set.blocked[questionnaire.phase], "is_merge_conflict", False)
            echo(f"  ! {questionnaire.label:<{width}} "
                 + ("na een git-merge: eerst kiezen (zie hieronder)" if merged
                    else "fout in het antwoordbestand (zie hieronder)"))
            continue
        progress = phase_progress(answer_set, questionnaire)
        mark = "✓" if progress.is_finished else "·"
        notes = [f"{len(progress.open)} open"] if progress.open else []
        notes += progress.unfinished
        notes += [progress.waiting] if progress.waiting else []
        echo(f"  {mark} {questionnaire.label:<{width}} {progress.answered} van {progress.total} beantwoord"
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
        echo("  Niets: de mijlpalen en doelen liggen op koers, de begroting is dekkend en er staat geen advies met 'let op' open.")
    echo("")
    echo("De route:")
    for phase in board.phases:
        mark = "✓" if phase.state == "afgerond" else "·"
        advice = f", advies {phase.advice_let_op} let op, {count(phase.advice_tip, 'tip', 'tips')}" if (
            phase.advice_let_op or phase.advice_tip) else ""
        echo(f"  {mark} {phase.number} {phase.title:<26} {phase.state} ({phase.answered} van {phase.total} beantwoord)"
             + (f", {phase.open_count} open" if phase.open_count else "") + advice)
        for note in phase.unfinished:  # answered, but not done: what the "open" above counts besides questions
            echo(f"      {note}")
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
            echo(f"    - {r.summary}")
        if len(board.risks) > 3:
            echo(f"    En {len(board.risks) - 3} andere in het Plan van aanpak.")
    if board.adjustments:
        echo("  Besloten bijstellingen:")
        for a in board.adjustments:
            echo(f"    - {a.what}" + (f" ({a.goal})" if a.goal else "")
                 + (f", vanaf {format_date(a.date)}" if a.date else ""))
