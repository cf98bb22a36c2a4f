"""Two hints on stderr about the plan's git: a merge under way, a clone not set up.

``check`` and ``status`` give them before their own report, so a person learns what
git is in the middle of before reading what the answers say.
"""
from __future__ import annotations

from pathlib import Path

from handreiking.git.setup import missing_setup
from handreiking.git.underway import merge_state

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing only
    from handreiking.wizard.session import Echo


def merge_hint(root: Path, map_arg: str, echo: Echo) -> bool:
    """Say (on stderr) when git is in the middle of a merge, rebase or cherry-pick: which files,
    what to run. True when a file holds only one side's version (a commit would lose the other)."""
    state = merge_state(root)
    if state is None:
        return False
    # late: what to say about a merge under way reads the questionnaires; most runs have no merge
    from handreiking.git.state import merge_messages

    lines, one_sided = merge_messages(root, map_arg, state)
    for line in lines:
        echo(line, err=True)
    return one_sided


def git_setup_hint(root: Path, map_arg: str, echo: Echo) -> None:
    """Say (on stderr) when a plan in git lacks handreiking's set-up, and how to add it."""
    problem = missing_setup(root)
    if problem:
        echo(f"Let op: {problem}.\n  Tip: handreiking setup-git {map_arg}", err=True)
