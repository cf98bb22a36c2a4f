"""Merge conflicts that handreiking understands, and choosing between the two versions.

When two people change the same answer on two git branches, the merge driver
(``merge.py``) cannot know which answer is right. Instead of git's raw
``<<<<<<<`` markers it writes both versions as a small YAML block in place of
the answer::

    regisseur_uren:
      conflict:
        ons: 12        # the version on the branch that was merged into
        hun: 16        # the version from the other branch

An empty side (``~``) means that side left the answer empty or removed the
item. ``check`` names both versions; the wizard asks "kies de ene, de andere,
of typ een nieuwe" and writes the choice. Nothing is lost until someone chooses.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

CONFLICT = "conflict"
OURS = "ons"
THEIRS = "hun"


def is_conflict(value: Any) -> bool:
    """A ``{conflict: {ons: …, hun: …}}`` block left by the merge driver."""
    if not isinstance(value, dict) or len(value) != 1 or CONFLICT not in value:
        return False
    sides = value[CONFLICT]
    return isinstance(sides, dict) and set(sides) == {OURS, THEIRS}


def make_conflict(ours: Any, theirs: Any) -> Any:
    """The conflict block for two versions (``None``: empty or removed on that side)."""
    from ruamel.yaml.comments import CommentedMap

    sides = CommentedMap()
    sides[OURS] = ours
    sides[THEIRS] = theirs
    block = CommentedMap()
    block[CONFLICT] = sides
    return block


def short_value(value: Any, width: int = 60) -> str:
    """One line for a message or a choice: long texts end in '…', items by their name."""
    from handreiking.values import is_answered

    if not is_answered(value):
        return "(leeg of weggehaald)"
    if isinstance(value, dict):
        if set(value) == {"anders"}:
            value = value["anders"]
        else:
            named = next((value[k] for k in ("naam", "id", "stap", "wat", "doel", "vraag") if is_answered(value.get(k))),
                         None)
            value = named if named is not None else ", ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, list):
        value = ", ".join(str(v.get("anders", v)) if isinstance(v, dict) else str(v) for v in value)
    elif isinstance(value, bool):
        value = "ja" if value else "nee"
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe_conflict(value: Any) -> str:
    """The message ``check`` shows: both versions, and how to choose."""
    sides = value[CONFLICT]
    return (f"twee versies na een git-merge — ons: '{short_value(sides[OURS])}'; "
            f"hun: '{short_value(sides[THEIRS])}'. Kies er één met handreiking wizard")


# --- finding conflicts in a file ---------------------------------------------------------


@dataclass
class Conflict:
    """One conflict block: where it sits (``holder[key]``) and what it is about."""

    holder: Any  # the mapping or list that contains the block
    key: Any  # key in that mapping, or index in that list
    label: str  # "Vertrekpunt › Stakeholders › Bibliotheek › Rol", for the person choosing
    question: Any  # the Question to re-ask for "typ een nieuwe", or None
    is_item: bool = False  # a whole group item (kept on one side, removed on the other)

    @property
    def ours(self) -> Any:
        return self.holder[self.key][CONFLICT][OURS]

    @property
    def theirs(self) -> Any:
        return self.holder[self.key][CONFLICT][THEIRS]


def find_conflicts(data: Any, questionnaire: Any = None, title: str = "") -> list[Conflict]:
    """Every conflict block in the parsed file ``data`` (answers of ``questionnaire``, or plan.yaml)."""
    found: list[Conflict] = []
    if not isinstance(data, dict):
        return found
    find = questionnaire.question if questionnaire is not None else (lambda _key: None)
    _walk_mapping(data, find, title, found)
    return found


def _label(prefix: str, text: str) -> str:
    return f"{prefix} › {text}" if prefix else text


def _walk_mapping(data: Any, find: Callable[[str], Any], prefix: str, found: list[Conflict]) -> None:
    for key in list(data):
        question = find(str(key))
        label = _label(prefix, question.text.rstrip("?:") if question is not None else str(key))
        value = data[key]
        if is_conflict(value):
            found.append(Conflict(data, key, label, question))
        elif question is not None and question.is_group and isinstance(value, list):
            for index, item in enumerate(value):
                if is_conflict(item):
                    found.append(Conflict(value, index, _label(label, question.item_name), question, is_item=True))
                elif isinstance(item, dict):
                    name = item.get(question.summary_field) if question.summary_field else None
                    _walk_mapping(item, question.field, _label(label, short_value(name) if name else
                                                               f"{question.item_name} {index + 1}"), found)
        elif isinstance(value, dict):
            _walk_mapping(value, lambda _k: None, label, found)


def plan_conflict_error(data: Any, path: Path) -> Any:
    """The error for the first conflict in plan.yaml (or None), naming both versions."""
    from handreiking.errors import AnswerFileError

    found = find_conflicts(data)
    if not found:
        return None
    first = found[0]
    return AnswerFileError(describe_conflict(first.holder[first.key]), path=path, question_id=first.label)


# --- choosing, in the wizard ---------------------------------------------------------


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
            if f"{CONFLICT}:" in read_text(path) and _file_conflicts(path, None, ""):
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
    from handreiking.files import atomic_write
    from handreiking.yamlio import dump_yaml, load_yaml

    resolved = 0
    for path, questionnaire, title in plan_files(root, catalog):
        data, text = load_yaml(path)
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
            atomic_write(path, out if newline == "\n" else out.replace("\n", newline))
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
