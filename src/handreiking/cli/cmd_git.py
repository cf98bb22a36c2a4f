"""``setup-git`` and the commands git itself runs once it is set up.

``setup-git`` sets a plan's git up for working together: answers merged per question,
documents that never block a merge, readable diffs. Git then runs ``merge-driver``
(merge one answer file) and ``conflict-hook`` (refuse a commit that still holds two
versions); neither is in ``--help`` (see ``main.INTERNAL_COMMANDS``).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from handreiking.cli import shared  # noqa: F401  (registers the way back from git's conflict lines with the reader)
from handreiking.core.errors import AnswerFileError
from handreiking.core.gate import PlanFileError
from handreiking.git.merge import run_driver
from handreiking.git.setup import setup_git as set_up
from handreiking.git.state import run_hook
from handreiking.plan.folder import open_plan

if TYPE_CHECKING:
    from handreiking.wizard.session import Echo


def setup_git(folder: Path, *, echo: Echo) -> int:
    """``setup-git``: set git up for this plan (merge per question, documents never block a merge)."""
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


def merge_driver(files: list[str], *, echo: Echo) -> int:
    """``merge-driver %O %A %B %P``: merge one plan file per question (git's merge driver)."""
    base, ours, theirs, path = files
    return run_driver(base, ours, theirs, path, echo=echo)


def conflict_hook(*, echo: Echo) -> int:
    """``conflict-hook`` (git's pre-commit hook): refuse a commit that holds conflict blocks."""
    return run_hook(Path.cwd(), echo)
