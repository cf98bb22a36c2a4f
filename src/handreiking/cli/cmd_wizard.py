"""``wizard``: the questions of a phase, one at a time in the terminal, or all at once from a file.

Interactive, it asks the questions of a phase and saves every answer at once (after
letting someone choose between the two versions a git merge left); with
``--antwoorden FILE`` it checks every given answer and saves them only when all are valid.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from handreiking.cli.shared import is_interactive, load_state, prepare_for_writing
from handreiking.core.errors import HandreikingError, NotInteractiveError, UsageError, ValidationFailed, display_path
from handreiking.core.values import count
from handreiking.git.choose import has_conflicts
from handreiking.plan.folder import hold_plan, open_plan
from handreiking.questionnaire.catalog import load_catalog
from handreiking.wizard.batch import apply_answers
from handreiking.wizard.prompts import show
from handreiking.wizard.resolve import resolve_conflicts
from handreiking.wizard.session import run_interactive

if TYPE_CHECKING:
    from handreiking.plan.folder import Plan
    from handreiking.wizard.session import Echo


def wizard(folder: Path, *, phase: str | None, question: str | None, answers_file: Path | None, quiet: bool,
           echo: Echo) -> int:
    """The wizard, interactive or (``answers_file``) all at once: the lock is taken before
    any answer is read, so what the wizard starts from is what is on disk while it holds the plan."""
    if answers_file is not None and (phase is not None or question is not None):
        # it was ignored: 'wizard --fase 1 --antwoorden' saved the visie block of the file all the same
        raise UsageError("--fase en --vraag horen niet bij --antwoorden: het bestand zegt zelf per blok "
                         "welke fase het is",
                         hint="zet de antwoorden onder een blok per fase, bijvoorbeeld 'vertrekpunt:' "
                              "(de sleutels ziet u met: handreiking vragen)")
    if answers_file is None:
        _check_wizard_arguments(phase, question)
    if answers_file is None and not is_interactive():
        raise NotInteractiveError(
            "de wizard stelt vragen en heeft daarvoor een terminal nodig, maar de invoer komt niet "
            "van een toetsenbord",
            hint=f"gebruik de niet-interactieve vorm: handreiking wizard {folder} --antwoorden BESTAND.yaml",
        )
    if answers_file is None:
        _resolve_plan_conflicts(folder, echo)  # before the plan is opened: plan.yaml must read first
    plan = open_plan(folder)
    with hold_plan(plan) as lock:
        if lock.took_over is not None:
            echo("Let op: een eerdere wizard is niet netjes afgesloten; dit plan is nu weer vrij.", err=True)
        plan = prepare_for_writing(plan, echo)
        if answers_file is not None:
            return _run_wizard_batch(plan, answers_file, quiet=quiet, echo=echo)
        _resolve_merge_conflicts(folder, echo)  # under the lock: it writes the answer files
        _, catalog, answer_set, report = load_state(plan.root)  # each phase round-trip when the wizard enters it
        if report.errors:
            for problem in (*report.warnings, *report.errors):
                show(f"{'Fout' if problem in report.errors else 'Let op'}: {problem.format_message()}")
            wanted = catalog.find(phase) if phase else None
            if wanted is not None and wanted.phase in answer_set.blocked:
                raise HandreikingError(
                    f"fase {wanted.label} kan pas verder als het antwoordbestand weer klopt",
                    hint="herstel de fout hierboven (handreiking check laat alles zien); de andere fasen "
                         f"kunnen wel: handreiking wizard {folder}")
            show("De wizard slaat de fasen met een fout over tot het bestand hersteld is; "
                 "de andere fasen kunt u gewoon invullen.")
        return run_interactive(plan, catalog, answer_set, phase=phase, question_id=question, echo=echo,
                               map_arg=str(folder), lock=lock)


def _check_wizard_arguments(phase: str | None, question: str | None) -> None:
    """An unknown --fase or --vraag is a usage error (exit code 2), found before anything is read."""
    catalog = load_catalog()
    phases = ", ".join(f"{q.number} {q.phase}" for q in catalog)
    chosen = catalog.find(phase) if phase is not None else None
    if phase is not None and chosen is None:
        raise UsageError(f"onbekende fase '{phase}'", hint=f"kies uit: {phases}")
    if question is not None:
        where = [chosen] if chosen is not None else list(catalog)
        if not any(q.question(question) for q in where):
            problem = (f"fase '{chosen.phase}' heeft geen vraag '{question}'" if chosen is not None
                       else f"geen fase heeft een vraag '{question}'")
            command = f"handreiking vragen --fase {chosen.number}" if chosen is not None else "handreiking vragen"
            raise UsageError(problem, hint=f"welke vragen er zijn, met hun id, ziet u met '{command}'")


def _resolve_plan_conflicts(root: Path, echo: Echo) -> None:
    """A conflict in plan.yaml (both changed the title) is chosen before the plan is opened,
    under the plan's lock like every other write."""
    catalog = load_catalog()
    if (root / "plan.yaml").is_file() and has_conflicts(root, catalog, only_plan=True):
        with hold_plan(root):  # the folder: plan.yaml cannot be read until the choice is made
            resolve_conflicts(root, catalog, echo)


def _resolve_merge_conflicts(root: Path, echo: Echo) -> None:
    """Before the wizard starts: let someone choose between the two versions a git merge left."""
    catalog = load_catalog()
    if (root / "plan.yaml").is_file() and has_conflicts(root, catalog):
        resolve_conflicts(root, catalog, echo)


def _run_wizard_batch(plan: Plan, answers_file: Path, *, quiet: bool, echo: Echo) -> int:
    """All or nothing: exit 0 when every given answer is valid (and saved), with what
    is still open as information; exit 1 with every problem when one is not (nothing saved)."""
    _, catalog, answer_set, _ = load_state(plan.root)  # apply_answers reads round-trip what it saves
    outcome = apply_answers(plan, catalog, answer_set, answers_file)
    if outcome.errors:
        raise ValidationFailed(outcome.errors, message=(
            f"{count(len(outcome.errors), 'probleem', 'problemen')} in {display_path(answers_file)}; "
            "er is niets opgeslagen:"))
    if not quiet:
        for line in outcome.saved:
            echo(f"{'Opgeslagen' if outcome.changed else 'Stond er al zo'}: {line}")
    for warning in outcome.warnings:
        echo(f"Let op: {warning.format_message()}", err=True)
    if outcome.changed:
        echo(f"{count(len(outcome.saved), 'antwoord', 'antwoorden')} opgeslagen; alles was geldig.")
    else:
        echo("Alles was geldig, en alle antwoorden stonden er al zo: er is niets veranderd.")
    for questionnaire in catalog:  # not open but unreadable: its answers are there, the file has a fault
        problem = answer_set.blocked.get(questionnaire.phase)
        if problem is not None:
            echo(f"Let op: fase {questionnaire.label} is niet meegeteld, want het antwoordbestand bevat een fout: "
                 f"{problem.format_message()}", err=True)
    if outcome.open and not quiet:
        echo(f"Nog open ({len(outcome.open)}), ter informatie:")
        for line in outcome.open:
            echo(f"  - {line}")
    elif outcome.open:
        echo(f"Nog open: {count(len(outcome.open), 'antwoord', 'antwoorden')} (zie handreiking check).")
    return 0
