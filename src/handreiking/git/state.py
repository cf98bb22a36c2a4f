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

from pathlib import Path

from handreiking.core.conflicts import find_conflicts
from handreiking.core.errors import AnswerFileError
from handreiking.core.gate import ANSWER_LIMIT, read_plan_text
from handreiking.core.yamlio import _CONFLICT_RE, make_yaml
from handreiking.git.choose import finish_hint, has_conflicts
from handreiking.git.command import git
from handreiking.git.merge import questionnaire_for
from handreiking.git.underway import MergeState, merge_state
from handreiking.plan.names import is_answer_path
from handreiking.questionnaire.catalog import load_catalog


def merge_messages(root: Path, map_arg: str, state: MergeState | None = None) -> tuple[list[str], bool]:
    """What ``status`` and ``check`` say about a merge under way (``state``, when the caller
    already asked ``merge_state``), and whether it is a problem that must stop a commit (a
    one-sided file)."""
    state = state or merge_state(root)
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
    lines += removed_lines(state)
    with_git_lines = [path for path in state.unmerged if _has_git_lines(root, path)]
    if with_git_lines:
        lines.append(f"Nog niets gekozen in {', '.join(with_git_lines)}: daar staan de conflictregels van git "
                     "zelf (<<<<<<<). De foutmelding bij dat bestand zegt hoe het verder gaat.")
    if has_conflicts(root, load_catalog()):
        lines.append(f"Kies per conflict met: handreiking wizard {map_arg} (of zonder wizard: "
                     f"handreiking kies {map_arg})")
    elif not state.one_sided and not with_git_lines and not state.removed:
        lines.append(f"Alles is gekozen. Rond af met: {finish_hint(root)}")
    return lines, bool(state.one_sided)


def removed_lines(state: MergeState) -> list[str]:
    """A file one side removed and the other changed: git asks which of the two stays, and
    "everything is chosen" would bring it back unseen (or leave it out) with the commit."""
    lines = []
    for path, here in state.removed:
        if here:
            lines.append(f"{path} is aan deze kant weggehaald en aan de andere kant veranderd. Kies: weg laten met "
                         f"git rm {path}, of de veranderde versie terugzetten met git checkout --theirs {path} "
                         f"&& git add {path}.")
        else:
            lines.append(f"{path} is aan de andere kant weggehaald en aan deze kant veranderd. Kies: houden met "
                         f"git add {path}, of ook weghalen met git rm {path}.")
    return lines


def _has_git_lines(root: Path, path: str) -> bool:
    """The unmerged file still holds git's own conflict lines: git merged it without
    handreiking's merge driver, so nothing is chosen yet however the answers look."""
    try:
        return bool(_CONFLICT_RE.search(read_plan_text(root / path, inside=root, limit=ANSWER_LIMIT)))
    except (OSError, AnswerFileError):
        return False


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
