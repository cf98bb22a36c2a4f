"""``handreiking init``: a new plan folder, empty or as a copy of the example."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any, NamedTuple

from handreiking.cli.cmd_reference import write_schemas
from handreiking.cli.shared import is_interactive
from handreiking.core.errors import NotInteractiveError, PlanError, UsageError, display_path
from handreiking.core.gate import record_save, write_plan_file
from handreiking.core.resources import data_dir
from handreiking.core.values import email_problem, parse_date
from handreiking.git.history import init_repository
from handreiking.git.setup import ATTRIBUTES_FILE, _read_attributes, attributes_text
from handreiking.plan.answers import file_header, load_phase
from handreiking.plan.director import NAME, ORGANISATION
from handreiking.plan.folder import GITIGNORE, PlanMeta, Regisseur, write_new_plan_file
from handreiking.questionnaire.catalog import load_catalog

TYPE_CHECKING = False
if TYPE_CHECKING:
    from handreiking.wizard.session import Echo


class PlanDetails(NamedTuple):
    """What ``init`` is told about a new plan on the command line (None: not given)."""

    title: str | None = None
    municipality: str | None = None
    director: str | None = None
    organisation: str | None = None
    email: str | None = None
    start_date: str | None = None


def init(root: Path, *, example: bool, details: PlanDetails, git: bool, echo: Echo) -> int:
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise PlanError(f"'{root}' bestaat al en is niet leeg", hint="kies een nieuwe mapnaam")
    catalog = load_catalog()
    if example:
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
    meta, director = _ask_plan_meta(details)
    root.mkdir(parents=True, exist_ok=True)
    write_new_plan_file(root, meta)
    for questionnaire in catalog:
        write_plan_file(root, root / "antwoorden" / questionnaire.answer_filename, file_header(questionnaire))
    _answer_director(root, catalog, director)
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
    write_plan_file(root, root / ATTRIBUTES_FILE, attributes_text(_read_attributes(root)))


def _start_git(root: Path, echo: Echo) -> None:
    if not (root / ".gitignore").exists():
        write_plan_file(root, root / ".gitignore", GITIGNORE)
    init_repository(root)
    echo("De planmap is een git-repository, met een eerste commit, ingesteld om samen aan te werken "
         "(na een git clone: handreiking setup-git).")


def _answer_director(root: Path, catalog: Any, director: dict[tuple[str, str], str]) -> None:
    """The regisseur's name and organisation, as given to ``init``, are answers of Vertrekpunt
    (their one home): written into its answer file, so that phase shows them answered."""
    given = {where: value for where, value in director.items() if value}
    for phase_id in dict.fromkeys(phase_id for phase_id, _ in given):
        phase = load_phase(catalog.get(phase_id), root / "antwoorden")
        for (_, question_id), value in given.items():
            phase.set(question_id, value)
        phase.save()


def _ask_plan_meta(details: PlanDetails) -> tuple[PlanMeta, dict[tuple[str, str], str]]:
    """plan.yaml's details, and the regisseur's name and organisation (answers of Vertrekpunt)."""
    values = {"titel": details.title, "gemeente": details.municipality, "regisseur": details.director,
              "organisatie": details.organisation, "email": details.email}
    if values["email"] is not None and email_problem(values["email"]):
        raise UsageError(f"--email: {email_problem(values['email'])}")
    if values["titel"] is None and is_interactive():
        # late: prompt_toolkit is loaded only when a person is there to be asked
        from handreiking.wizard.prompts import ask_plan_details

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
    meta = PlanMeta(
        titel=values["titel"].strip(),
        gemeente=(values.get("gemeente") or "").strip(),
        regisseur=Regisseur(email=(values.get("email") or "").strip()),
        startdatum=start,
        versiedatum=start,
    )
    director = {NAME: " ".join((values.get("regisseur") or "").split()),
                ORGANISATION: " ".join((values.get("organisatie") or "").split())}
    return meta, director
