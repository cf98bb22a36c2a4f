"""The commands themselves: what ``init``, ``wizard``, ``render``, ``check`` … do.

``cli`` parses the command line, maps each command to its function here
(an explicit table) and turns errors into messages and exit codes; this module
acts. Each command is a function with typed keyword parameters (the plan folder
first) that returns an exit code and prints only through ``echo``. Library
modules return values or raise.
"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from handreiking.core.errors import (
    AnswerFileError,
    HandreikingError,
    NotInteractiveError,
    PlanError,
    UsageError,
    ValidationFailed,
    display_path,
)

if TYPE_CHECKING:
    from handreiking.plan.answers import AnswerSet
    from handreiking.plan.folder import Plan, PlanMeta
    from handreiking.questionnaire.catalog import Catalog
    from handreiking.questionnaire.validation import Report
    from handreiking.wizard.session import Echo  # one definition of "how a command prints"


class PlanState(NamedTuple):
    """Everything a command knows about a plan folder once it has read it."""

    plan: Plan
    catalog: Catalog
    answers: AnswerSet
    report: Report


def load_state(folder: str | Path, *, round_trip: bool = False) -> PlanState:
    """Plan, catalog, answers and validation report of a plan folder (``round_trip``
    when answers will be saved, so comments and order survive).

    A plan without its ``antwoorden/`` folder is refused: rendering it would
    write empty documents over the real ones."""
    from handreiking.plan.answers import (
        load_answers,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.plan.folder import (
        open_plan,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.questionnaire.catalog import (
        load_catalog,  # late: each command loads only what it uses, so --help and status stay light
    )

    plan = open_plan(folder)
    answers_dir = plan.answers_dir
    if not answers_dir.is_dir():
        problem = "is een bestand, geen map" if answers_dir.exists() else "ontbreekt"
        raise PlanError(f"de map antwoorden {problem}; er is niets gecontroleerd of gemaakt",
                        path=answers_dir,
                        hint="zet de map terug (bijvoorbeeld met git checkout -- antwoorden) "
                             "of maak een lege map antwoorden voor een plan zonder antwoorden")
    catalog = load_catalog()
    answer_set, report = load_answers(catalog, answers_dir, round_trip=round_trip,
                                      schema=plan.meta.schema_versie)
    if plan.meta.legacy_documents:
        _see_legacy_statuses(plan, catalog, answer_set)
    return PlanState(plan, catalog, answer_set, report)


def _see_legacy_statuses(plan: Plan, catalog: Catalog, answer_set: AnswerSet) -> None:
    """An older plan.yaml still holds ``documenten:``; the first write moves it into the
    answer files. Until then, commands that only read (check, status, render --check) see
    it in memory where it will be, so they say what the documents will say."""
    from handreiking.plan.documents import (  # late: each command loads only what it uses, so --help and status stay light
        carried_over_statuses,
        load_documents,
    )

    moves = carried_over_statuses(load_documents(catalog), plan.meta.legacy_documents,
                                  lambda phase, question_id: answer_set[phase].get(question_id))
    for phase, question_id, value in moves:
        if phase not in answer_set.blocked:
            answer_set[phase].data[question_id] = value


def prepare_for_writing(plan: Plan, echo: Echo) -> Plan:
    """Migrate an older plan (with a backup) before the first write; returns the current plan."""
    from handreiking.plan.folder import (  # late: each command loads only what it uses, so --help and status stay light
        SCHEMA_VERSION,
        migrate_plan,
        open_plan,
    )

    old = plan.meta.schema_versie
    renamed: list[str] = []
    moved: list[str] = []
    backup = migrate_plan(plan, renamed, moved)
    if backup is None:
        return plan
    echo(f"Dit plan is bijgewerkt van schemaversie {old} naar {SCHEMA_VERSION}. "
         f"Een kopie van de oude bestanden staat in {display_path(backup)}.", err=True)
    if renamed:
        echo("Antwoorden met een oude naam hebben de nieuwe naam gekregen:", err=True)
        for change in renamed:
            echo(f"  - {change}", err=True)
    if moved:
        echo("Wat in twee fasen werd gevraagd, staat nu op één plek:", err=True)
        for change in moved:
            echo(f"  - {change}", err=True)
    if plan.meta.legacy_documents:
        echo("De status van de documenten ('documenten:' in plan.yaml) staat nu bij de vragen van hun fase in "
             "antwoorden/ (de vragen over de vaststelling).", err=True)
    return open_plan(plan.root)


def print_report(report: Report, echo: Echo) -> None:
    """Warnings and errors, each with file, line and question (the open points are
    information: ``check`` lists them with ``print_open_items``)."""
    for warning in report.warnings:
        echo(f"Let op: {warning.format_message()}", err=True)
    for error in report.errors:
        echo(f"Fout: {error.format_message()}", err=True)


def print_open_items(items: list[Any], catalog: Any, echo: Echo) -> None:
    """What the guide still asks, per phase: required answers still open and lists
    that are too short. Information, not errors: nothing is blocked by them."""
    from handreiking.core.values import (
        count,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.plan.answers import (
        NOT_ANSWERED,  # late: each command loads only what it uses, so --help and status stay light
    )

    echo(f"Nog open: {count(len(items), 'punt', 'punten')}.")
    for questionnaire in catalog:
        path_name = questionnaire.answer_filename
        mine = [i for i in items if i.path is not None and i.path.name == path_name]
        if not mine:
            continue
        echo(f"  {questionnaire.label} ({display_path(mine[0].path)})")
        for item in mine:
            extra = "" if item.message == NOT_ANSWERED else f": {item.message}"
            where = f", regel {item.line}" if item.line else ""
            echo(f"    - {item.subject or item.question_id}{extra}{where}")
    echo("")


def errors_summary(count: int) -> str:
    """'1 fout gevonden. Herstel die …' / '3 fouten gevonden. Herstel ze …'."""
    from handreiking.core.values import (
        count as counted,  # late: each command loads only what it uses, so --help and status stay light
    )

    return f"{counted(count, 'fout', 'fouten')} gevonden. Herstel {'die' if count == 1 else 'ze'} en probeer opnieuw."


def write_schemas(catalog: Catalog, folder: Path, root: Path | None = None) -> list[Path]:
    """The JSON Schemas into ``folder``: the plan's ``schema/`` (``root`` the plan folder, which
    ``schema`` may not leave), or a folder the user named (``root`` None: that folder itself)."""
    from handreiking.core.gate import (
        write_plan_file_if_changed,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.questionnaire.schema import (  # late: each command loads only what it uses, so --help and status stay light
        schema_filename,
        schema_text,
    )

    written = []
    for questionnaire in catalog:
        path = folder / schema_filename(questionnaire)
        if write_plan_file_if_changed(folder if root is None else root, path, schema_text(questionnaire)):
            written.append(path)
    return written


# --- init -------------------------------------------------------------------


class PlanDetails(NamedTuple):
    """What ``init`` is told about a new plan on the command line (None: not given)."""

    title: str | None = None
    municipality: str | None = None
    director: str | None = None
    organisation: str | None = None
    email: str | None = None
    start_date: str | None = None


def init(root: Path, *, example: bool, details: PlanDetails, git: bool, echo: Echo) -> int:
    from handreiking.core.gate import (
        write_plan_file,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.plan.answers import (
        file_header,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.plan.folder import (  # late: each command loads only what it uses, so --help and status stay light
        GITIGNORE,
        write_new_plan_file,
    )
    from handreiking.questionnaire.catalog import (
        load_catalog,  # late: each command loads only what it uses, so --help and status stay light
    )

    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise PlanError(f"'{root}' bestaat al en is niet leeg", hint="kies een nieuwe mapnaam")
    catalog = load_catalog()
    if example:
        from handreiking.core.gate import (
            record_save,  # late: each command loads only what it uses, so --help and status stay light
        )
        from handreiking.core.resources import (
            data_dir,  # late: each command loads only what it uses, so --help and status stay light
        )

        def copy_and_record(source: str, target: str) -> str:  # these saves count too (see cli's boundary)
            shutil.copy2(source, target)
            record_save(Path(target))
            return target

        shutil.copytree(data_dir("voorbeeld"), root, dirs_exist_ok=True, copy_function=copy_and_record,
                        ignore=shutil.ignore_patterns(".handreiking.lock", "*.tmp"))
        write_schemas(catalog, root / "schema", root)
        _write_attributes(root)
        if git:
            _start_git(root, echo)
        echo(f"Voorbeeldplan gemaakt in {display_path(root)}.")
        echo(f"Maak de documenten met: handreiking render {root}")
        return 0
    meta = _ask_plan_meta(details)
    root.mkdir(parents=True, exist_ok=True)
    write_new_plan_file(root, meta)
    for questionnaire in catalog:
        write_plan_file(root, root / "antwoorden" / questionnaire.answer_filename, file_header(questionnaire))
    write_schemas(catalog, root / "schema", root)
    write_plan_file(root, root / ".gitignore", GITIGNORE)
    _write_attributes(root)
    (root / "documenten").mkdir(exist_ok=True)
    if git:
        _start_git(root, echo)
    echo(f"Plan '{meta.titel}' gemaakt in {display_path(root)}.")
    echo(f"Beantwoord de vragen met: handreiking wizard {root}")
    return 0


def _write_attributes(root: Path) -> None:
    """``.gitattributes`` in every new plan, also without ``--git``: a plan put in git by hand
    later keeps its line endings and documents as they are (on Windows too)."""
    from handreiking.core.gate import (
        write_plan_file,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.git.setup import (  # late: each command loads only what it uses, so --help and status stay light
        ATTRIBUTES_FILE,
        _read_attributes,
        attributes_text,
    )

    write_plan_file(root, root / ATTRIBUTES_FILE, attributes_text(_read_attributes(root)))


def _start_git(root: Path, echo: Echo) -> None:
    from handreiking.core.gate import (
        write_plan_file,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.git.history import (
        init_repository,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.plan.folder import (
        GITIGNORE,  # late: each command loads only what it uses, so --help and status stay light
    )

    if not (root / ".gitignore").exists():
        write_plan_file(root, root / ".gitignore", GITIGNORE)
    init_repository(root)
    echo("De planmap is een git-repository, met een eerste commit, ingesteld om samen aan te werken "
         "(na een git clone: handreiking setup-git).")


def _ask_plan_meta(details: PlanDetails) -> PlanMeta:
    from handreiking.core.values import (  # late: each command loads only what it uses, so --help and status stay light
        email_problem,
        parse_date,
    )
    from handreiking.plan.folder import (  # late: each command loads only what it uses, so --help and status stay light
        PlanMeta,
        Regisseur,
    )

    values = {"titel": details.title, "gemeente": details.municipality, "regisseur": details.director,
              "organisatie": details.organisation, "email": details.email}
    if values["email"] is not None and email_problem(values["email"]):
        raise UsageError(f"--email: {email_problem(values['email'])}")
    if values["titel"] is None and _is_interactive():
        from handreiking.wizard.prompts import (
            ask_plan_details,  # late: each command loads only what it uses, so --help and status stay light
        )

        values.update(ask_plan_details(values))
    if not values.get("titel"):
        raise NotInteractiveError(
            "geef het plan een titel met --titel (er is geen terminal om het te vragen)",
            hint='handreiking init MAP --titel "Inclusieve kinderopvang" --gemeente "Gemeente X" --regisseur "Naam"',
        )
    start = dt.date.today()
    if details.start_date:
        start = parse_date(details.start_date)
        if start is None:
            raise UsageError("--startdatum moet een datum zijn, bijvoorbeeld 1-3-2026 of 2026-03-01")
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


def check(folder: Path, *, strict: bool, as_json: bool, echo: Echo) -> int:
    import json

    from handreiking.core.values import (
        count,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.insight.advice import (  # late: each command loads only what it uses, so --help and status stay light
        advice_for_phase,
        count_advice,
        format_advice,
        plan_advice,
    )
    from handreiking.plan.documents import (
        load_documents,  # late: each command loads only what it uses, so --help and status stay light
    )

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
                    echo("  " + format_advice(item).replace("\n", "\n  "))
        echo(f"\n{counts['let_op']} let op en {count(counts['tip'], 'tip', 'tips')} open; "
             f"{counts['afgewogen']} afgewogen.")
        if counts["let_op"] or counts["tip"]:
            echo(f"Afwegen: handreiking accept {folder} REGEL --reden \"…\"")
    return 1 if failed else 0


def accept(folder: Path, *, rule: str, reason: str | None, withdraw: bool, echo: Echo) -> int:
    from handreiking.insight.advice import (
        load_rules,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.plan.folder import (  # late: each command loads only what it uses, so --help and status stay light
        open_plan,
        save_acknowledgement,
    )
    from handreiking.questionnaire.catalog import (
        load_catalog,  # late: each command loads only what it uses, so --help and status stay light
    )

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
    save_acknowledgement(plan, rule, reason)
    echo(f"Afgewogen: {rule} — {reason.strip()}")
    return 0


# --- render -----------------------------------------------------------------


def parse_formats(text: str) -> tuple[str, ...]:
    from handreiking.plan.documents import (
        FORMATS,  # late: each command loads only what it uses, so --help and status stay light
    )

    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(f"onbekend formaat: {', '.join(unknown) or '(leeg)'}; kies uit md, html, docx, pdf")
    return formats


def render(folder: Path, *, formats: tuple[str, ...], check: bool, watch: bool, page_numbers: bool = False,
           echo: Echo) -> int:
    """Make the documents (``formats`` empty: the formats plan.yaml names), or with ``check``
    only compare them, or with ``watch`` make them again after every save; ``page_numbers``
    afterwards lays the Word files out to put page numbers in their contents."""
    if watch:
        if check:
            raise UsageError("--watch en --check gaan niet samen")
        return _watch(folder, formats, echo)
    code = _render_and_report(folder, formats, check=check, echo=echo)
    if code == 0 and page_numbers and not check:
        if formats and "docx" not in formats:
            echo("Let op: --paginanummers geldt voor de Word-bestanden; met deze --formaat zijn die niet gemaakt.",
                 err=True)
            return code
        code = _number_contents(folder, echo)
    return code


def _number_contents(root: Path, echo: Echo) -> int:
    """``render --paginanummers``: the page numbers of the contents, from a LibreOffice layout."""
    from handreiking.core.gate import (
        record_save,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.render.docx_pages import (  # late: each command loads only what it uses, so --help and status stay light
        layout_tool,
        number_contents,
    )

    program = layout_tool()
    if program is None:
        echo("Fout: voor paginanummers is LibreOffice nodig (soffice) en het pakket pypdf; de Word-bestanden "
             "blijven zonder paginanummers in de inhoud.", err=True)
        return 1
    import subprocess

    for path in sorted((root / "documenten").glob("*.docx")):
        try:
            if number_contents(path, program):
                record_save(path)  # written in place (atomically): a save the error boundary must know of
                echo(f"Paginanummers in de inhoud: {display_path(path)}")
        except (subprocess.SubprocessError, OSError) as exc:
            echo(f"Fout: {display_path(path)}: LibreOffice kon de pagina's niet opmaken ({exc.__class__.__name__}); "
                 "het bestand blijft zonder paginanummers.", err=True)
            return 1
    return 0


def _render_and_report(folder: Path, formats: tuple[str, ...], *, check: bool, echo: Echo) -> int:
    """Validate, render (or with --check compare) and say what happened; the exit code."""
    from handreiking.render.pipeline import (
        render_plan,  # late: each command loads only what it uses, so --help and status stay light
    )

    plan, catalog, answer_set, report = load_state(folder)
    print_report(report, echo)
    if report.errors:
        # The documents combine the phases: made without the broken answers they would say
        # "nog in te vullen" where the plan has an answer. So they stay as they were.
        echo(f"{errors_summary(len(report.errors))} De documenten zijn niet bijgewerkt, zodat er geen "
             "antwoord uit verdwijnt; status en de wizard werken gewoon voor de andere fasen.", err=True)
        return 1
    if not check:
        current = prepare_for_writing(plan, echo)
        if current is not plan:  # migrated: some moves (the budget ledger) are only in the files now
            plan, catalog, answer_set, report = load_state(folder)
    if not formats:
        from handreiking.plan.documents import (
            DEFAULT_FORMATS,  # late: each command loads only what it uses, so --help and status stay light
        )

        formats = parse_formats(",".join(plan.meta.formaten)) if plan.meta.formaten else DEFAULT_FORMATS
    result = render_plan(plan, catalog, answer_set, formats=formats, check=check)
    if check:
        if result.stale:
            echo("Deze documenten passen niet bij de antwoorden (maak ze opnieuw met handreiking render):", err=True)
            for path in result.stale:
                echo(f"  - {display_path(path)}", err=True)
            return 1
        echo(f"Alle {len(result.unchanged)} documenten zijn bijgewerkt.")
        return 0
    for line in result.written_lines(display_path):
        echo(line)
    if not result.written:
        echo(f"Alle {len(result.unchanged)} documenten waren al bijgewerkt.")
    return 0


def _render_once(folder: Path, formats: tuple[str, ...], echo: Echo) -> None:
    """One render for watch mode and the live view: report problems, never stop."""
    try:
        _render_and_report(folder, formats, check=False, echo=echo)
    except HandreikingError as exc:
        echo(f"{exc.prefix}{exc.format_message()}", err=True)


def render_for_live_view(root: Path, echo: Echo) -> None:
    """One render for ``serve``, in plan.yaml's formats: report problems, never stop."""
    _render_once(root, (), echo)


def _watch(folder: Path, formats: tuple[str, ...], echo: Echo) -> int:
    """Re-render whenever an answer file, plan.yaml or a template is saved."""
    from handreiking.cli.watching import (
        watch_plan,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.plan.folder import (
        open_plan,  # late: each command loads only what it uses, so --help and status stay light
    )

    root = open_plan(folder).root.resolve()

    def changed(names: list[str]) -> None:
        echo(f"\nGewijzigd: {', '.join(names)}")
        _render_once(folder, formats, echo)

    _render_once(folder, formats, echo)
    try:
        watch_plan(root, changed,
                   on_ready=lambda: echo("Wacht op wijzigingen in de antwoorden en sjablonen… (stop met Ctrl-C)"))
    except KeyboardInterrupt:
        pass
    echo("Gestopt met kijken.")
    return 0


# --- status -----------------------------------------------------------------


def status(folder: Path, *, echo: Echo) -> int:
    """Where the plan stands, as on the overview page: what needs attention, the route,
    the execution, the advice and whether the documents are up to date."""
    from handreiking.core.values import (
        count,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.render.pipeline import (  # late: each command loads only what it uses, so --help and status stay light
        load_documents,
        render_plan,
    )

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
    from handreiking.insight.advice import (  # late: each command loads only what it uses, so --help and status stay light
        count_advice,
        plan_advice,
    )
    from handreiking.insight.dashboard import (
        build_dashboard,  # late: each command loads only what it uses, so --help and status stay light
    )

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
    from handreiking.render.context import (  # late: each command loads only what it uses, so --help and status stay light
        build_context,
        document_standing,
    )

    adopted = [spec for spec in specs if spec.adoption is not None]
    if not adopted:
        return
    context = build_context(plan, answer_set, catalog)
    width = max(len(spec.title) for spec in adopted)
    for spec in adopted:
        echo(f"  {spec.title:<{width}}  {document_standing(spec.adoption, context, catalog)['statusregel']}")


def _print_route_counts(catalog: Catalog, answer_set: AnswerSet, echo: Echo) -> None:
    """The phases when answers have errors: how far each one is, or that its file has an error."""
    from handreiking.plan.answers import (
        phase_progress,  # late: each command loads only what it uses, so --help and status stay light
    )

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
    from handreiking.core.values import (
        count,  # late: each command loads only what it uses, so --help and status stay light
        format_date,  # late: each command loads only what it uses, so --help and status stay light
    )

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


# --- verschil ---------------------------------------------------------------


def changes(folder: Path, *, revision: str, revision2: str | None, markdown: bool, echo: Echo) -> int:
    """``verschil``: what changed in the answers since ``revision`` (or between two revisions)."""
    from handreiking.git.history import (  # late: each command loads only what it uses, so --help and status stay light
        format_changes,
        plan_changes,
    )
    from handreiking.plan.folder import (
        open_plan,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.questionnaire.catalog import (
        load_catalog,  # late: each command loads only what it uses, so --help and status stay light
    )

    plan = open_plan(folder)
    found = plan_changes(plan.root, load_catalog(), revision, revision2)
    since = "de laatste commit" if revision == "HEAD" else revision
    span = f"van {revision} naar {revision2}" if revision2 else f"sinds {since}"
    if not found:
        echo(f"Geen veranderingen in de antwoorden {span}.")
        return 0
    heading = f"Veranderd in de antwoorden {span}" + ("" if markdown else ":")
    echo(format_changes(found, heading=heading, markdown=markdown).rstrip("\n"))
    return 0


# --- kies -------------------------------------------------------------------


def choose(folder: Path, *, question: str | None, ours: bool, theirs: bool, both: bool, new_value: str | None,
           echo: Echo) -> int:
    """``kies``: list the conflicts a git merge left, or choose one's outcome."""
    from handreiking.cli.kies import (
        choose as run,  # late: each command loads only what it uses, so --help and status stay light
    )

    return run(folder, question=question, ours=ours, theirs=theirs, both=both, new_value=new_value, echo=echo)


# --- setup-git --------------------------------------------------------------


def setup_git(folder: Path, *, echo: Echo) -> int:
    from handreiking.core.gate import (
        PlanFileError,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.git.setup import (
        setup_git as set_up,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.plan.folder import (
        open_plan,  # late: each command loads only what it uses, so --help and status stay light
    )

    root = folder
    try:
        root = open_plan(folder).root
    except PlanFileError:
        raise
    except AnswerFileError:
        # plan.yaml does not read, most often git's conflict lines in a clone that was never set up:
        # setting up is what helps then (git checkout -m merges again), and it needs only the folder
        pass
    done = set_up(root)
    for line in done:
        echo(f"- {line}")
    if not done:
        echo("Dit plan was al ingesteld voor git.")
        return 0
    echo("Klaar: samenwerken in git kan nu zonder conflicten in de documenten.")
    if any(".gitattributes" in line or "weggehaald" in line for line in done):
        echo("Leg de nieuwe instellingen vast met: git add -A && git commit -m \"handreiking setup-git\"")
    return 0


def merge_hint(root: Path, map_arg: str, echo: Echo) -> bool:
    """Say (on stderr) when git is in the middle of a merge, rebase or cherry-pick: which files,
    what to run. True when a file holds only one side's version (a commit would lose the other)."""
    from handreiking.git.state import (
        merge_messages,  # late: each command loads only what it uses, so --help and status stay light
    )

    lines, one_sided = merge_messages(root, map_arg)
    for line in lines:
        echo(line, err=True)
    return one_sided


def git_setup_hint(root: Path, map_arg: str, echo: Echo) -> None:
    """Say (on stderr) when a plan in git lacks handreiking's set-up, and how to add it."""
    from handreiking.git.setup import (
        missing_setup,  # late: each command loads only what it uses, so --help and status stay light
    )

    problem = missing_setup(root)
    if problem:
        echo(f"Let op: {problem}.\n  Tip: handreiking setup-git {map_arg}", err=True)


# --- schema -----------------------------------------------------------------


def house_style(folder: Path, *, overwrite: bool, echo: Echo) -> int:
    """Write the built-in house style to sjablonen/ as a start for the municipality's own."""
    from handreiking.core.gate import (  # late: each command loads only what it uses, so --help and status stay light
        check_write_target,
        write_plan_file,
    )
    from handreiking.plan.folder import (
        open_plan,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.render.docx import (
        default_reference,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.render.pipeline import (  # late: each command loads only what it uses, so --help and status stay light
        HOUSE_STYLE_CSS,
        HOUSE_STYLE_DOCX,
        default_house_style_css,
    )

    plan = open_plan(folder)
    templates = plan.templates_dir
    check_write_target(plan.root, templates / HOUSE_STYLE_CSS)  # 'sjablonen' as a link out of the plan: refused
    files = {templates / HOUSE_STYLE_DOCX: default_reference, templates / HOUSE_STYLE_CSS: default_house_style_css}
    existing = [path for path in files if path.exists()]
    if existing and not overwrite:
        what = " en ".join(display_path(p) for p in existing)
        raise HandreikingError(f"{what} {'bestaat' if len(existing) == 1 else 'bestaan'} al en "
                               f"{'blijft zoals het is' if len(existing) == 1 else 'blijven zoals ze zijn'}",
                               hint="vervang de bestanden met: handreiking huisstijl --overschrijf")
    templates.mkdir(parents=True, exist_ok=True)
    for path, make in files.items():
        write_plan_file(plan.root, path, make())
        echo(f"Geschreven: {display_path(path)}")
    echo("Pas ze aan (stijlen, logo in de koptekst, kleuren) en maak de documenten opnieuw met: handreiking render")
    return 0


def schema(folder: Path, *, output: Path | None, echo: Echo) -> int:
    """The JSON Schemas into the plan's ``schema/``, or into ``output`` when given."""
    from handreiking.questionnaire.catalog import (
        load_catalog,  # late: each command loads only what it uses, so --help and status stay light
    )

    catalog = load_catalog()
    root = None
    if output is not None:
        target = output
    else:
        from handreiking.plan.folder import (
            open_plan,  # late: each command loads only what it uses, so --help and status stay light
        )

        plan = open_plan(folder)
        target, root = plan.schema_dir, plan.root
    written = write_schemas(catalog, target, root)
    for path in written:
        echo(f"Geschreven: {display_path(path)}")
    if not written:
        echo(f"De schema's in {display_path(target)} waren al bijgewerkt.")
    return 0


# --- wizard -----------------------------------------------------------------


def wizard(folder: Path, *, phase: str | None, question: str | None, answers_file: Path | None, quiet: bool,
           echo: Echo) -> int:
    """The wizard, interactive or (``answers_file``) all at once: the lock is taken before
    any answer is read, so what the wizard starts from is what is on disk while it holds the plan."""
    from handreiking.plan.folder import (  # late: each command loads only what it uses, so --help and status stay light
        hold_plan,
        open_plan,
    )

    if answers_file is not None and (phase is not None or question is not None):
        # it was ignored: 'wizard --fase 1 --antwoorden' saved the visie block of the file all the same
        raise UsageError("--fase en --vraag horen niet bij --antwoorden: het bestand zegt zelf per blok "
                         "welke fase het is",
                         hint="zet de antwoorden onder een blok per fase, bijvoorbeeld 'vertrekpunt:' "
                              "(de sleutels ziet u met: handreiking vragen)")
    if answers_file is None:
        _check_wizard_arguments(phase, question)
    if answers_file is None and not _is_interactive():
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
        from handreiking.wizard.session import (
            run_interactive,  # late: each command loads only what it uses, so --help and status stay light
        )

        _resolve_merge_conflicts(folder, echo)  # under the lock: it writes the answer files
        _, catalog, answer_set, report = load_state(plan.root, round_trip=True)
        if report.errors:
            from handreiking.wizard.prompts import show  # a terminal is there: wrap at words, not mid-word

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
    from handreiking.questionnaire.catalog import (
        load_catalog,  # late: each command loads only what it uses, so --help and status stay light
    )

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
    from handreiking.git.choose import (
        has_conflicts,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.plan.folder import (
        hold_plan,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.questionnaire.catalog import (
        load_catalog,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.wizard.resolve import (
        resolve_conflicts,  # late: each command loads only what it uses, so --help and status stay light
    )

    catalog = load_catalog()
    if (root / "plan.yaml").is_file() and has_conflicts(root, catalog, only_plan=True):
        with hold_plan(root):  # the folder: plan.yaml cannot be read until the choice is made
            resolve_conflicts(root, catalog, echo)


def _resolve_merge_conflicts(root: Path, echo: Echo) -> None:
    """Before the wizard starts: let someone choose between the two versions a git merge left."""
    from handreiking.git.choose import (
        has_conflicts,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.questionnaire.catalog import (
        load_catalog,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.wizard.resolve import (
        resolve_conflicts,  # late: each command loads only what it uses, so --help and status stay light
    )

    catalog = load_catalog()
    if (root / "plan.yaml").is_file() and has_conflicts(root, catalog):
        resolve_conflicts(root, catalog, echo)


def _run_wizard_batch(plan: Plan, answers_file: Path, *, quiet: bool, echo: Echo) -> int:
    """All or nothing: exit 0 when every given answer is valid (and saved), with what
    is still open as information; exit 1 with every problem when one is not (nothing saved)."""
    from handreiking.core.values import (
        count,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.wizard.batch import (
        apply_answers,  # late: each command loads only what it uses, so --help and status stay light
    )

    _, catalog, answer_set, _ = load_state(plan.root, round_trip=True)
    outcome = apply_answers(plan, catalog, answer_set, answers_file)
    if outcome.errors:
        raise ValidationFailed(outcome.errors, message=(
            f"{count(len(outcome.errors), 'probleem', 'problemen')} in {display_path(answers_file)}; "
            "er is niets opgeslagen:"))
    if not quiet:
        for line in outcome.saved:
            echo(f"Opgeslagen: {line}")
    for warning in outcome.warnings:
        echo(f"Let op: {warning.format_message()}", err=True)
    echo(f"{count(len(outcome.saved), 'antwoord', 'antwoorden')} opgeslagen; alles was geldig.")
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


# --- vragen -----------------------------------------------------------------


def questions(*, phase: str | None, markdown: bool, echo: Echo) -> int:
    """``vragen``: print the answer-key reference (every id, type, allowed values and condition)."""
    from handreiking.questionnaire.catalog import (
        load_catalog,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.questionnaire.reference import (
        reference_text,  # late: each command loads only what it uses, so --help and status stay light
    )

    catalog = load_catalog()
    chosen = None
    if phase:
        chosen = catalog.find(phase)
        if chosen is None:
            raise HandreikingError(f"onbekende fase '{phase}'",
                                   hint="kies uit: " + ", ".join(f"{q.number} {q.phase}" for q in catalog))
    echo(reference_text(catalog, chosen, markdown=markdown).rstrip("\n"))
    return 0


# --- serve ------------------------------------------------------------------


def serve(folder: Path, *, port: int, open_browser: bool, echo: Echo) -> int:
    """The live view: the documents in the browser, made again after every save."""
    from handreiking.cli import (
        serve as live,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.core.gate import (
        check_write_target,  # late: each command loads only what it uses, so --help and status stay light
    )
    from handreiking.plan.folder import (
        open_plan,  # late: each command loads only what it uses, so --help and status stay light
    )

    plan = open_plan(folder)
    if not 0 <= port <= 65535:
        raise HandreikingError("--poort moet een getal van 0 tot 65535 zijn")
    check_write_target(plan.root, plan.documents_dir / "index.html")  # 'documenten' as a link out: not served
    return live.serve(plan.root.resolve(), port, echo, render=render_for_live_view, open_browser=open_browser)
