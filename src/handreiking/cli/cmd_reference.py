"""``vragen`` and ``schema``: what the questionnaires ask, for people and for editors.

``vragen`` prints every question with its key, type and allowed answers; ``schema``
writes a JSON Schema per phase, so an editor such as VS Code completes and checks the
answer files (``init`` writes them too, with ``write_schemas``).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from handreiking.cli import shared  # noqa: F401  (registers the way back from git's conflict lines with the reader)
from handreiking.core.errors import UsageError, display_path
from handreiking.core.gate import write_plan_file_if_changed
from handreiking.plan.folder import open_plan
from handreiking.questionnaire.catalog import load_catalog
from handreiking.questionnaire.reference import reference_text
from handreiking.questionnaire.schema import schema_filename, schema_text

if TYPE_CHECKING:
    from handreiking.questionnaire.catalog import Catalog
    from handreiking.wizard.session import Echo


def questions(*, phase: str | None, markdown: bool, echo: Echo) -> int:
    """``vragen``: print the answer-key reference (every id, type, allowed values and condition)."""
    catalog = load_catalog()
    chosen = None
    if phase:
        chosen = catalog.find(phase)
        if chosen is None:
            raise UsageError(f"onbekende fase '{phase}'",
                                   hint="kies uit: " + ", ".join(f"{q.number} {q.phase}" for q in catalog))
    echo(reference_text(catalog, chosen, markdown=markdown).rstrip("\n"))
    return 0


def schema(folder: Path, *, output: Path | None, echo: Echo) -> int:
    """The JSON Schemas into the plan's ``schema/``, or into ``output`` when given."""
    catalog = load_catalog()
    root = None
    if output is not None:
        target = output
    else:
        plan = open_plan(folder)
        target, root = plan.schema_dir, plan.root
    written = write_schemas(catalog, target, root)
    for path in written:
        echo(f"Geschreven: {display_path(path)}")
    if not written:
        echo(f"De schema's in {display_path(target)} waren al bijgewerkt.")
    return 0


def write_schemas(catalog: Catalog, folder: Path, root: Path | None = None) -> list[Path]:
    """The JSON Schemas into ``folder``: the plan's ``schema/`` (``root`` the plan folder, which
    ``schema`` may not leave), or a folder the user named (``root`` None: that folder itself)."""
    written = []
    for questionnaire in catalog:
        path = folder / schema_filename(questionnaire)
        if write_plan_file_if_changed(folder if root is None else root, path, schema_text(questionnaire)):
            written.append(path)
    return written
