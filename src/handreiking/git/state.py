"""Where a git merge (or rebase, or cherry-pick) of the plan stands, and the hook that keeps
conflict blocks out of commits.

``status`` and ``check`` say plainly when git is in the middle of combining two
versions: which files are not yet merged, and what to run. One case needs git's
index to see: when handreiking's merge driver could not run (a clone without
``setup-git`` whose config points elsewhere, a moved virtual environment), git
leaves the file as one side's version, without any marker, but still unmerged
(stages 1-3 in the index). Such a *one-sided* file would be committed with the
other side lost; ``git checkout -m FILE`` after ``setup-git`` merges it again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handreiking.core.conflicts import find_conflicts
from handreiking.core.errors import GitError, HandreikingError
from handreiking.core.yamlio import _CONFLICT_RE, make_yaml, read_text
from handreiking.git.choose import finish_hint, has_conflicts
from handreiking.git.command import git
from handreiking.git.markers import is_answer_path  # noqa: F401 - also part of this module's API
from handreiking.git.merge import questionnaire_for
from handreiking.git.setup import is_plan_repository
from handreiking.git.sides import MARKS, git_dir, operation
from handreiking.questionnaire.catalog import load_catalog


@dataclass
class MergeState:
    operation: str  # "merge", "rebase", "cherry-pick"
    unmerged: list[str] = field(default_factory=list)  # paths relative to the plan folder
    one_sided: list[str] = field(default_factory=list)  # unmerged, no markers: one version only


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
    for path, blobs in sorted(stages.items()):
        if not is_answer_path(path) or not (root / path).is_file():
            continue
        if 2 in blobs and 3 in blobs and blobs[2] != blobs[3] and _is_one_side(root, path, blobs):
            state.one_sided.append(path)
    return state


def _is_one_side(root: Path, path: str, blobs: dict[int, str]) -> bool:
    """Unmerged, yet handreiking's driver never merged it: no conflict block or marker in the file,
    and no mark of the driver for this version of theirs."""


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


def merge_messages(root: Path, map_arg: str) -> tuple[list[str], bool]:
    """What ``status`` and ``check`` say about a merge under way, and whether it is a problem
    that must stop a commit (a one-sided file)."""

    state = merge_state(root)
    if state is None:
        return [], False
    what = {"merge": "samenvoegen (merge)", "rebase": "opnieuw toepassen (rebase)",
            "cherry-pick": "overnemen (cherry-pick)"}[state.operation]
    lines = [f"Git is bezig met {what}."]
    if state.unmerged:
        lines.append(f"Nog niet samengevoegd: {', '.join(state.unmerged)}.")
    for path in state.one_sided:
        lines.append(
            f"Let op: {path} bevat maar één van de twee versies: de samenvoeger van handreiking kon niet draaien "
            "(geen setup-git na de clone, of een verplaatste Python). Zo vastgelegd gaat de andere versie "
            f"verloren. Herstel het met: handreiking setup-git {map_arg} && git checkout -m {path}")
    if has_conflicts(root, load_catalog()):
        lines.append(f"Kies per conflict met: handreiking wizard {map_arg} (of zonder wizard: "
                     f"handreiking kies {map_arg})")
    elif not state.one_sided:
        lines.append(f"Alles is gekozen. Rond af met: {finish_hint(root)}")
    return lines, bool(state.one_sided)


# --- the hook: no conflict blocks in a commit ----------------------------------------------------


def staged_conflicts(root: Path) -> list[str]:
    """'antwoorden/1-vertrekpunt.yaml: stakeholders[Bibliotheek].rol' for every conflict block (or
    git marker) in the answer files and plan.yaml as they are staged for the commit."""

    listed = git(root, "ls-files", "-z", "--cached", check=False)
    found: list[str] = []
    for path in listed.stdout.split("\0"):
        if not path or not is_answer_path(path):
            continue
        shown = git(root, "show", f":{path}", check=False)
        if shown.returncode != 0:
            continue  # unmerged: git itself refuses the commit
        text = shown.stdout
        if _CONFLICT_RE.search(text):
            found.append(f"{path}: regels met <<<<<<< of >>>>>>> (git-conflictmarkeringen)")
            continue
        if "conflict:" not in text:
            continue
        try:
            data = make_yaml().load(text)
        except Exception:  # not YAML: check says what is wrong; this hook only looks for conflicts
            continue

        found += [f"{path}: {c.ref}" for c in find_conflicts(data, questionnaire_for(path))]
    return found


def run_hook(root: Path, echo: object) -> int:
    """``handreiking conflict-hook`` (git's pre-commit and pre-merge-commit): refuse a commit that
    holds conflict blocks."""
    found = staged_conflicts(root)
    if not found:
        return 0
    lines = ["handreiking: deze commit bevat nog twee versies na een git-merge; er is niets vastgelegd.",
             *(f"  {line}" for line in found),
             "Kies eerst per conflict met: handreiking wizard (of: handreiking kies MAP), en daarna: git add -A"]
    for line in lines:
        echo(line, err=True)  # type: ignore[operator]
    return 1
