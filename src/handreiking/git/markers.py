"""git's own conflict lines (<<<<<<<) in a plan file, and the way back.

They appear when handreiking's merge driver was not set up in a clone (no
``handreiking setup-git`` after ``git clone``): git merged plan.yaml and the answer
files as plain text. The reader of plan files (yamlio) asks here for the hint it shows;
this module therefore imports nothing that reads plan files.
"""
from __future__ import annotations

import shlex
from pathlib import Path

from handreiking.core.errors import GitError
from handreiking.core.yamlio import MARKER_REMEDIES
from handreiking.git.command import git
from handreiking.git.setup import missing_setup
from handreiking.plan.names import is_answer_path


def marker_remedy(root: Path, path: Path) -> str | None:
    """The way back when a plan file holds git's own conflict lines because handreiking's merge
    driver was not set up in this clone (None: it is set up, or the plan is not in git)."""

    try:
        if missing_setup(root) is None:
            return None
        listed = git(root, "ls-files", "-u", "-z", "--", ".", check=False)  # not merge_state: it reads files
    except (GitError, OSError):
        return None
    unmerged = {entry.split("\t", 1)[1] for entry in listed.stdout.split("\0") if "\t" in entry}
    try:
        named = path.resolve().relative_to(root.resolve()).as_posix()
    except (OSError, ValueError):
        named = path.name
    files = " ".join(shlex.quote(p) for p in sorted(p for p in unmerged if is_answer_path(p)) or [named])
    folder = shlex.quote(str(root))
    in_folder = "git" if str(root) == "." else f"git -C {folder}"
    return (f"deze clone is nog niet ingesteld met handreiking setup-git, daarom zette git zijn eigen "
            f"conflictregels in het bestand. Voeg opnieuw samen, per vraag: handreiking setup-git {folder} "
            f"&& {in_folder} checkout -m {files}; kies daarna met handreiking wizard of handreiking kies")


MARKER_REMEDIES.append(marker_remedy)
