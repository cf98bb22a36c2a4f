"""What each command does; ``cli`` parses arguments and handles errors.

Each ``run_<command>(args, echo)`` returns an exit code and prints only
through ``echo``. Library modules return values or raise.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path
from typing import Any, Callable

from handreiking.errors import HandreikingError, NotInteractiveError, PlanError, ValidationFailed, display_path

Echo = Callable[..., None]


def load_state(folder: str | Path) -> tuple[Any, Any, Any, Any]:
    """Plan, catalog, answers and validation report of a plan folder."""
    from handreiking.answers import load_answers
    from handreiking.plan import open_plan
    from handreiking.questionnaire import load_catalog

    plan = open_plan(folder)
    catalog = load_catalog()
    answer_set, report = load_answers(catalog, plan.answers_dir)
    return plan, catalog, answer_set, report


def prepare_for_writing(plan: Any, echo: Echo) -> Any:
    """Migrate an older plan (with a backup) before the first write; returns the current plan."""
    from handreiking.plan import SCHEMA_VERSION, migrate_plan, open_plan

    old = plan.meta.schema_versie
    backup = migrate_plan(plan)
    if backup is None:
        return plan
    echo(f"Dit plan is bijgewerkt van schemaversie {old} naar {SCHEMA_VERSION}. "
         f"Een kopie van de oude bestanden staat in {display_path(backup)}.", err=True)
    return open_plan(plan.root)


def print_report(report: Any, echo: Echo) -> None:
    for warning in report.warnings:
        echo(f"Let op: {warning.format_message()}", err=True)
    for error in report.errors:
        echo(f"Fout: {error.format_message()}", err=True)


def write_schemas(catalog: Any, folder: Path) -> list[Path]:
    from handreiking.files import write_if_changed
    from handreiking.schema import schema_filename, schema_text

    written = []
    for questionnaire in catalog:
        path = folder / schema_filename(questionnaire)
        if write_if_changed(path, schema_text(questionnaire)):
            written.append(path)
    return written


# --- init -------------------------------------------------------------------


def run_init(args: Any, echo: Echo) -> int:
    from handreiking.answers import file_header
    from handreiking.files import atomic_write
    from handreiking.plan import GITIGNORE, PlanMeta, Regisseur, write_new_plan_file
    from handreiking.questionnaire import load_catalog

    root = Path(args.map)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise PlanError(f"'{root}' bestaat al en is niet leeg", hint="kies een nieuwe mapnaam")
    catalog = load_catalog()
    if args.voorbeeld:
        from handreiking.resources import data_dir

        shutil.copytree(data_dir("voorbeeld"), root, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".handreiking.lock", "*.tmp"))
        write_schemas(catalog, root / "schema")
        echo(f"Voorbeeldplan gemaakt in {display_path(root)}.")
        echo(f"Maak de documenten met: handreiking render {args.map}")
        return 0
    meta = _ask_plan_meta(args)
    root.mkdir(parents=True, exist_ok=True)
    write_new_plan_file(root, meta)
    for questionnaire in catalog:
        atomic_write(root / "antwoorden" / questionnaire.answer_filename, file_header(questionnaire))
    write_schemas(catalog, root / "schema")
    atomic_write(root / ".gitignore", GITIGNORE)
    (root / "documenten").mkdir(exist_ok=True)
    echo(f"Plan '{meta.titel}' gemaakt in {display_path(root)}.")
    echo(f"Beantwoord de vragen met: handreiking wizard {args.map}")
    return 0


def _ask_plan_meta(args: Any) -> Any:
    from handreiking.plan import PlanMeta, Regisseur
    from handreiking.validation import parse_date

    values = {k: getattr(args, k) for k in ("titel", "gemeente", "regisseur", "organisatie", "email")}
    if values["titel"] is None and _is_interactive():
        from handreiking.prompts import ask_plan_details

        values.update(ask_plan_details(values))
    if not values.get("titel"):
        raise NotInteractiveError(
            "geef het plan een titel met --titel (er is geen terminal om het te vragen)",
            hint='handreiking init MAP --titel "Inclusieve kinderopvang" --gemeente "Gemeente X" --regisseur "Naam"',
        )
    start = dt.date.today()
    if args.startdatum:
        start = parse_date(args.startdatum)
        if start is None:
            raise PlanError("--startdatum moet een datum zijn als jaar-maand-dag, bijvoorbeeld 2026-03-01")
    return PlanMeta(
        titel=values["titel"].strip(),
        gemeente=(values.get("gemeente") or "").strip(),
        regisseur=Regisseur((values.get("regisseur") or "").strip(), (values.get("organisatie") or "").strip(),
                            (values.get("email") or "").strip()),
        startdatum=start,
        versiedatum=start,
    )


def _is_interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


# --- check ------------------------------------------------------------------


def run_check(args: Any, echo: Echo) -> int:
    from handreiking.render import load_documents

    plan, catalog, answer_set, report = load_state(args.map)
    load_documents(catalog)
    print_report(report, echo)
    if report.errors:
        count = len(report.errors)
        echo(f"{count} fout{'en' if count != 1 else ''} gevonden. Herstel ze en probeer opnieuw.", err=True)
        return 1
    echo(f"Alle antwoordbestanden van '{plan.meta.titel}' zijn in orde.")
    return 0


# --- render -----------------------------------------------------------------


def parse_formats(text: str) -> tuple[str, ...]:
    from handreiking.render import FORMATS

    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise HandreikingError(f"onbekend formaat: {', '.join(unknown) or '(leeg)'}; kies uit md, html, docx")
    return formats


def run_render(args: Any, echo: Echo) -> int:
    from handreiking.render import render_plan

    formats = parse_formats(args.formaat)
    plan, catalog, answer_set, report = load_state(args.map)
    print_report(report, echo)
    if report.errors:
        echo("De documenten zijn niet gemaakt: herstel eerst de fouten hierboven.", err=True)
        return 1
    if not args.check:
        plan = prepare_for_writing(plan, echo)
    result = render_plan(plan, catalog, answer_set, formats=formats, check=args.check)
    if args.check:
        if result.stale:
            echo("Deze documenten passen niet bij de antwoorden (maak ze opnieuw met handreiking render):", err=True)
            for path in result.stale:
                echo(f"  - {display_path(path)}", err=True)
            return 1
        echo(f"Alle {len(result.unchanged)} documenten zijn bijgewerkt.")
        return 0
    for path in result.written:
        echo(f"Bijgewerkt: {display_path(path)}")
    if not result.written:
        echo(f"Alle {len(result.unchanged)} documenten waren al bijgewerkt.")
    return 0


# --- status -----------------------------------------------------------------


def run_status(args: Any, echo: Echo) -> int:
    from handreiking.answers import phase_progress
    from handreiking.render import render_plan

    plan, catalog, answer_set, report = load_state(args.map)
    meta = plan.meta
    echo(f"{meta.titel}" + (f" — {meta.gemeente}" if meta.gemeente else ""))
    if meta.regisseur.naam:
        echo(f"Regisseur: {meta.regisseur.naam}")
    echo("")
    echo("Fasen:")
    for questionnaire in catalog:
        progress = phase_progress(answer_set, questionnaire)
        mark = "✓" if progress.is_complete else "·"
        echo(f"  {mark} {questionnaire.label:<28} {progress.answered} van {progress.total} beantwoord"
             + (f", {len(progress.open)} open" if progress.open else ""))
    if report.errors:
        echo("")
        print_report(report, echo)
        echo("Documenten: niet te beoordelen zolang er fouten in de antwoorden staan (zie handreiking check).")
        return 1
    result = render_plan(plan, catalog, answer_set, check=True)
    echo("")
    echo("Documenten:")
    stale = {p.name for p in result.stale}
    for path in sorted(result.unchanged + result.stale, key=lambda p: p.name):
        state = "verouderd of ontbreekt" if path.name in stale else "bijgewerkt"
        echo(f"  {'!' if path.name in stale else '✓'} {path.name:<28} {state}")
    if stale:
        echo(f"\nMaak de documenten opnieuw met: handreiking render {args.map}")
    return 0


# --- schema -----------------------------------------------------------------


def run_schema(args: Any, echo: Echo) -> int:
    from handreiking.questionnaire import load_catalog

    catalog = load_catalog()
    if args.uitvoer:
        folder = Path(args.uitvoer)
    else:
        from handreiking.plan import open_plan

        folder = open_plan(args.map).schema_dir
    written = write_schemas(catalog, folder)
    for path in written:
        echo(f"Geschreven: {display_path(path)}")
    if not written:
        echo(f"De schema's in {display_path(folder)} waren al bijgewerkt.")
    return 0


# --- wizard -----------------------------------------------------------------


def run_wizard(args: Any, echo: Echo) -> int:
    if args.antwoorden:
        return _run_wizard_batch(args, echo)
    if not _is_interactive():
        raise NotInteractiveError(
            "de wizard stelt vragen en heeft daarvoor een terminal nodig, maar de invoer komt niet "
            "van een toetsenbord",
            hint=f"gebruik de niet-interactieve vorm: handreiking wizard {args.map} --antwoorden BESTAND.yaml",
        )
    from handreiking.wizard import run_interactive

    plan, catalog, answer_set, report = load_state(args.map)
    if report.errors:
        print_report(report, echo)
        raise HandreikingError(
            "de wizard start niet zolang een antwoordbestand fouten bevat, zodat er geen antwoord verloren gaat",
            hint="herstel de fouten hierboven (handreiking check laat ze opnieuw zien)",
        )
    plan = prepare_for_writing(plan, echo)
    return run_interactive(plan, catalog, answer_set, phase=args.fase, question_id=args.vraag, echo=echo,
                           map_arg=args.map)


def _run_wizard_batch(args: Any, echo: Echo) -> int:
    from handreiking.wizard import merge_answers

    plan, catalog, answer_set, report = load_state(args.map)
    if report.errors:
        print_report(report, echo)
        raise HandreikingError("herstel eerst de fouten in de bestaande antwoorden")
    plan = prepare_for_writing(plan, echo)
    outcome = merge_answers(plan, catalog, answer_set, Path(args.antwoorden))
    for line in outcome.saved:
        echo(f"Opgeslagen: {line}")
    for warning in outcome.warnings:
        echo(f"Let op: {warning.format_message()}", err=True)
    problems = outcome.errors + outcome.missing
    if problems:
        raise ValidationFailed(problems, message=(
            f"{len(outcome.errors)} ongeldig(e) en {len(outcome.missing)} ontbrekend(e) antwoord(en):"))
    echo("Alle antwoorden zijn geldig en opgeslagen.")
    return 0
