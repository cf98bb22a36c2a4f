"""``status``: where the plan stands, as on the overview page, in the terminal.

What needs attention, the route through the phases, the execution (milestones, goals,
budget, risks), the advice, whether the documents are up to date and each document's
standing. The facts come from ``status_facts``, or, for files exactly as the last
``status`` found them, from what it kept (``status_memo``); git and whether the
documents on disk are the ones last made are asked anew every time.
"""
from __future__ import annotations

from pathlib import Path

from handreiking.cli import status_memo
from handreiking.cli.git_hints import git_setup_hint, merge_hint
from handreiking.cli.screen_text import for_screen
from handreiking.core.errors import display_path
from handreiking.plan.names import DOCUMENTS_DIR
from handreiking.render.freshness import file_standing, with_history

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing only: status with kept facts does not load it
    from typing import Any

    from handreiking.cli.shared import PlanState
    from handreiking.wizard.session import Echo


def status(folder: Path, *, echo: Echo) -> int:
    """Where the plan stands, as on the overview page: what needs attention, the route,
    the execution, the advice and whether the documents are up to date."""
    root = Path(folder)
    key = status_memo.inputs_key(root)
    facts = status_memo.recall(root, key) if key is not None else None
    state = None
    if facts is None:
        # late: the plan is read, checked and worked out (questionnaires, Jinja, the dashboard)
        # only when no facts are kept for exactly these files
        from handreiking.cli import status_facts

        facts, state = status_facts.gather(folder)
        if key is not None and status_memo.inputs_key(root) == key:  # not changed while being read
            status_memo.keep(root, key, facts)
    git_setup_hint(root, str(folder), echo)
    one_sided = merge_hint(root, str(folder), echo)
    for err, line in facts["regels"]:
        echo(for_screen(line, err=err), err=err)
    if facts["fouten"]:
        return 1
    stale, unchanged = _stale_documents(folder, facts["documenten"], state)
    echo("")
    if stale:
        echo(for_screen("Documenten: verouderd of ontbreekt: " + ", ".join(stale)))
        echo(f"Maak de documenten opnieuw met: handreiking render {folder}")
    else:
        echo(for_screen(f"Documenten: alle {unchanged} bestanden zijn bijgewerkt "
                        f"(overzicht: {display_path(root / DOCUMENTS_DIR / 'index.html')})."))
    for err, line in facts["stand"]:
        echo(for_screen(line, err=err), err=err)
    return 1 if one_sided else 0


def _stale_documents(folder: Path, documents: list[dict[str, Any]], state: PlanState | None) -> tuple[list[str], int]:
    """The names of the documents' files that are out of date or missing, and how many are up
    to date: from the render state and the files on disk, and when they cannot tell about a
    file, by making the documents in memory and comparing (nothing is written)."""
    root = Path(folder)
    fingerprints = with_history(root, {d["id"]: d["delen"] for d in documents},
                                {d["id"] for d in documents if d["geschiedenis"]})
    files = {d["id"]: [root / DOCUMENTS_DIR / name for name in d["bestanden"]] for d in documents}
    current, missing, unknown = file_standing(root, files, fingerprints)
    if not unknown:
        return sorted({p.name for p in missing}), len(current)
    # late: the renderer is loaded only when the render state cannot tell about a file
    from handreiking.cli import status_facts

    return status_facts.compare_documents(folder, state)
