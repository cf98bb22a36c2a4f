"""``render`` and ``huisstijl``: the documents, made once, checked, or again after every save.

``render`` validates the answers and makes the documents (or with ``--check`` only
compares them, or with ``--watch`` makes them again after every save); the live view
(``serve``) renders through ``render_for_live_view``. ``huisstijl`` writes the built-in
house style into the plan as a start for the municipality's own.
"""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from handreiking.cli.shared import errors_summary, load_state, prepare_for_writing, print_report
from handreiking.cli.watching import watch_plan
from handreiking.core.errors import HandreikingError, UsageError, display_path
from handreiking.core.gate import check_write_target, record_save, write_plan_file
from handreiking.plan.documents import DEFAULT_FORMATS, FORMATS
from handreiking.plan.folder import open_plan
from handreiking.render import docx_pages
from handreiking.render.docx import default_reference
from handreiking.render.freshness import record_file_as_it_is
from handreiking.render.pipeline import HOUSE_STYLE_CSS, HOUSE_STYLE_DOCX, default_house_style_css, render_plan

if TYPE_CHECKING:
    from handreiking.wizard.session import Echo


def parse_formats(text: str) -> tuple[str, ...]:
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
    program = docx_pages.layout_tool()
    if program is None:
        echo("Fout: voor paginanummers is LibreOffice nodig (soffice) en het pakket pypdf; de Word-bestanden "
             "blijven zonder paginanummers in de inhoud.", err=True)
        return 1
    for path in sorted((root / "documenten").glob("*.docx")):
        try:
            if docx_pages.number_contents(path, program):
                record_save(path)  # written in place (atomically): a save the error boundary must know of
                record_file_as_it_is(root, path)  # still made from these answers: status, --check, render keep it
                echo(f"Paginanummers in de inhoud: {display_path(path)}")
        except (subprocess.SubprocessError, OSError) as exc:
            echo(f"Fout: {display_path(path)}: LibreOffice kon de pagina's niet opmaken ({exc.__class__.__name__}); "
                 "het bestand blijft zonder paginanummers.", err=True)
            return 1
    return 0


def _render_and_report(folder: Path, formats: tuple[str, ...], *, check: bool, echo: Echo) -> int:
    """Validate, render (or with --check compare) and say what happened; the exit code."""
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

        formats = parse_formats(",".join(plan.meta.formaten)) if plan.meta.formaten else DEFAULT_FORMATS
    result = render_plan(plan, catalog, answer_set, formats=formats, check=check)
    if check:
        if result.stale:
            echo("Deze documenten passen niet bij de antwoorden (maak ze opnieuw met handreiking render):", err=True)
            for path in result.stale:  # a file that is not there yet is named as such
                echo(f"  - {display_path(path)}{'' if path.exists() else ' (ontbreekt nog)'}", err=True)
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
    root = open_plan(folder).root.resolve()

    def changed(names: list[str]) -> None:
        echo(f"\nGewijzigd: {', '.join(names)}")
        _render_once(folder, formats, echo)

    _render_once(folder, formats, echo)
    try:
        watch_plan(root, changed,
                   on_ready=lambda: echo("Wacht op wijzigingen in de antwoorden en sjablonen… (stop met Ctrl-C)"))
    except KeyboardInterrupt:  # the way to stop: exit code 130 like the live view (serve)
        echo("Gestopt met kijken.")
        return 130
    echo("Gestopt met kijken.")
    return 0


def house_style(folder: Path, *, overwrite: bool, echo: Echo) -> int:
    """Write the built-in house style to sjablonen/ as a start for the municipality's own."""
    plan = open_plan(folder)
    templates = plan.templates_dir
    check_write_target(plan.root, templates / HOUSE_STYLE_CSS)  # 'sjablonen' as a link out of the plan: refused
    files = {templates / HOUSE_STYLE_DOCX: default_reference, templates / HOUSE_STYLE_CSS: default_house_style_css}
    existing = [path for path in files if path.exists()]
    if existing and not overwrite:
        what = " en ".join(display_path(p) for p in existing)
        raise HandreikingError(f"{what} {'bestaat' if len(existing) == 1 else 'bestaan'} al en "
                               f"{'blijft zoals het is' if len(existing) == 1 else 'blijven zoals ze zijn'}",
                               hint=f"vervang de bestanden met: handreiking huisstijl {folder} --overschrijf")
    templates.mkdir(parents=True, exist_ok=True)
    for path, make in files.items():
        write_plan_file(plan.root, path, make())
        echo(f"Geschreven: {display_path(path)}")
    echo("Pas ze aan (stijlen, logo in de koptekst, kleuren) en maak de documenten opnieuw met: handreiking render")
    return 0
