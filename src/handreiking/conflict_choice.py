"""Choosing between the two versions of a merge conflict, in the wizard.

For every conflict block (``conflicts.py``) in plan.yaml and the answer files
the person is asked "kies de ene, de andere, of typ een nieuwe"; each choice is
written at once, so an interrupted session keeps what was already chosen.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from handreiking.conflicts import CONFLICT, OURS, THEIRS, Conflict, find_conflicts, short_value

NEW = "__nieuw__"


def plan_files(root: Path, catalog: Any) -> list[tuple[Path, Any, str]]:
    """(path, questionnaire, title) of every file that can hold conflicts: plan.yaml and the answers."""
    files: list[tuple[Path, Any, str]] = [(root / "plan.yaml", None, "Plangegevens")]
    files += [(root / "antwoorden" / q.answer_filename, q, q.title) for q in catalog]
    return [f for f in files if f[0].is_file()]


def has_conflicts(root: Path, catalog: Any) -> bool:
    """Quick test on the text, so the wizard only loads files round-trip when needed."""
    from handreiking.yamlio import read_text

    for path, _, _ in plan_files(root, catalog):
        try:
            if f"{CONFLICT}:" in read_text(path, inside=root) and _file_conflicts(path, None, ""):
                return True
        except Exception:  # an unreadable file is reported by check, not here
            continue
    return False


def _file_conflicts(path: Path, questionnaire: Any, title: str) -> list[Conflict]:
    from handreiking.yamlio import load_yaml

    data, _ = load_yaml(path)
    return find_conflicts(data, questionnaire, title)


def resolve_conflicts(root: Path, catalog: Any, echo: Callable[..., None]) -> int:
    """Ask, per conflict, which version stays ("kies de ene, de andere, of typ een nieuwe");
    each choice is saved at once. Returns how many were resolved."""
    from handreiking import prompts
    from handreiking.planfiles import write_plan_file
    from handreiking.yamlio import dump_yaml, load_yaml

    resolved = 0
    for path, questionnaire, title in plan_files(root, catalog):
        data, text = load_yaml(path, inside=root)
        conflicts = find_conflicts(data, questionnaire, title)
        if not conflicts:
            continue
        newline = "\r\n" if "\r\n" in text else "\n"
        for conflict in conflicts:
            value = choose_version(conflict, prompts)
            if value is _REMOVE:
                del conflict.holder[conflict.key]
            else:
                conflict.holder[conflict.key] = _as_yaml(value)
            out = dump_yaml(data)
            write_plan_file(root, path, out if newline == "\n" else out.replace("\n", newline))
            resolved += 1
    if resolved:
        echo(f"{resolved} conflict(en) opgelost. Leg het vast met: {finish_hint(root)}")
    return resolved


def finish_hint(root: Path) -> str:
    """How to finish what git was doing when it stopped: a merge, a rebase or a cherry-pick."""
    from handreiking.errors import GitError
    from handreiking.gitcommand import git

    try:
        result = git(root, "rev-parse", "--absolute-git-dir", check=False)
    except GitError:
        return "git add -A && git commit"
    git_dir = Path(result.stdout.strip()) if result.returncode == 0 else None
    if git_dir is not None and ((git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists()):
        return "git add -A && git rebase --continue"
    if git_dir is not None and (git_dir / "CHERRY_PICK_HEAD").exists():
        return "git add -A && git cherry-pick --continue"
    return "git add -A && git commit"


_REMOVE = object()


def choose_version(conflict: Conflict, prompts: Any) -> Any:
    """The value that replaces the conflict block (``_REMOVE`` drops a group item)."""
    from handreiking.values import is_answered

    ours, theirs = conflict.ours, conflict.theirs
    prompts.show_heading(f"\nTwee versies van: {conflict.label}")
    prompts.show_help("Twee mensen veranderden dit antwoord tegelijk. Kies de ene, de andere, of typ een nieuwe.")
    if conflict.is_item:
        keep, drop = (ours, "ons") if is_answered(ours) else (theirs, "hun")
        choices = [(f"Houden: {short_value(keep, 70)}", "keep", ""),
                   ("Verwijderen (zoals de andere kant deed)", "drop", "")]
        picked = prompts.select("Wat blijft er?", choices)
        return keep if picked == "keep" else _REMOVE
    choices = [(f"De ene (ons): {short_value(ours, 70)}", OURS, ""),
               (f"De andere (hun): {short_value(theirs, 70)}", THEIRS, "")]
    question = conflict.question
    can_type = question is not None and not question.is_group
    if can_type:
        choices.append(("Een nieuwe typen", NEW, ""))
    picked = prompts.select("Welke versie blijft?", choices)
    if picked == OURS:
        return ours
    if picked == THEIRS:
        return theirs
    current = ours if is_answered(ours) else theirs
    result = prompts.ask_question(question, current, allow_back=False)
    return None if result is prompts.Action.UNKNOWN else result


def _as_yaml(value: Any) -> Any:
    from handreiking.answers import to_yaml_value

    return to_yaml_value(value)
