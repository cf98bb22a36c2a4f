"""Whether git is in the middle of combining two versions of the plan, asked cheaply.

A merge, rebase or cherry-pick under way, with the files not yet merged and those that
hold only one side's version (see ``state``). Every ``status`` and ``check`` asks; most
of the time nothing is under way, and saying so needs only git itself, not the
questionnaires that ``state`` loads to say what to do about it.
"""
from __future__ import annotations

from pathlib import Path

from handreiking.core.errors import GitError, HandreikingError
from handreiking.git.command import git
from handreiking.git.setup import is_plan_repository
from handreiking.git.sides import MARKS, git_dir, operation
from handreiking.plan.names import is_answer_path


class MergeState:
    """What git is combining: ``operation`` ("merge", "rebase", "cherry-pick"), the files not yet
    merged (``unmerged``, relative to the plan folder) and of those the ones that hold only one
    side's version, without markers (``one_sided``). (A plain class: asked on every ``status``,
    this module stays light.)"""

    def __init__(self, operation: str, unmerged: list[str] | None = None) -> None:
        self.operation = operation
        self.unmerged = list(unmerged or [])
        self.one_sided: list[str] = []
        # removed on one side and changed on the other: no merge driver runs, nothing to choose
        # in the file; (path, True) when this side removed it, (path, False) when the other did
        self.removed: list[tuple[str, bool]] = []


def merge_state(root: Path) -> MergeState | None:
    """What git is combining in the plan at ``root`` (None: nothing under way, or no git)."""
    if not is_plan_repository(root):
        return None  # a folder inside another project's repository (the example inside handreiking's)
    kind = operation(root)
    try:
        listed = git(root, "ls-files", "-u", "-z", "--", ".", check=False)
    except GitError:
        return None
    stages: dict[str, dict[int, str]] = {}
    for entry in listed.stdout.split("\0") if listed.returncode == 0 else ():
        if "\t" not in entry:
            continue
        info, path = entry.split("\t", 1)
        _mode, blob, stage = info.split()
        stages.setdefault(path, {})[int(stage)] = blob
    if not kind and not stages:
        return None
    state = MergeState(kind or "merge", sorted(stages))
    state.removed = [(path, 2 not in blobs) for path, blobs in sorted(stages.items())
                     if 1 in blobs and (2 in blobs) != (3 in blobs)]
    for path, blobs in sorted(stages.items()):
        if not is_answer_path(path) or not (root / path).is_file():
            continue
        if 2 in blobs and 3 in blobs and blobs[2] != blobs[3] and _is_one_side(root, path, blobs):
            state.one_sided.append(path)
    return state


def _is_one_side(root: Path, path: str, blobs: dict[int, str]) -> bool:
    """Unmerged, yet handreiking's driver never merged it: no conflict block or marker in the file,
    and no mark of the driver for this version of theirs."""
    # late: the reader of plan files is loaded only when a merge is under way, not for every status
    from handreiking.core.yamlio import _CONFLICT_RE, read_text

    try:
        text = read_text(root / path, inside=root)
    except HandreikingError:  # not an ordinary file in the plan: check says so
        return False
    if _CONFLICT_RE.search(text) or "conflict:" in text:
        return False
    folder = git_dir(root)
    if folder is None:
        return False
    marks = folder / MARKS
    seen = marks.read_text(encoding="utf-8", errors="replace").splitlines() if marks.is_file() else []
    return blobs[3] not in {line.split("\t", 1)[0] for line in seen}
