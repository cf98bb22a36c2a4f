"""Choosing between the two versions of a merge conflict: in the wizard and with ``kies``.

Every conflict block (``core/conflicts.py``) in plan.yaml and the answer files is
walked in turn ("conflict 2 van 5"), with both versions in words and whose they
are (``git/sides.py``); the person keeps one, the other, both (for lists)
or types a new value. ``handreiking kies`` does the same without a terminal UI.
Each choice is written at once, so an interrupted session keeps what was
already chosen; nothing of the other side is lost until someone chooses.
"""
from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handreiking.core.conflicts import CONFLICT, OURS, THEIRS, Conflict, find_conflicts, in_words, is_money, short_value
from handreiking.core.handtext import comment_slots
from handreiking.core.values import is_answered
from handreiking.core.yamldata import plain
from handreiking.core.yamlio import dump_yaml, load_yaml, read_text
from handreiking.core.yamlsave import save_yaml
from handreiking.core.values import name_key
from handreiking.git.merge import _remove_item, _replace_item, _set_tail, _tail
from handreiking.git.sides import PLAIN, Sides, operation
from handreiking.plan.answers import to_yaml_value
from handreiking.plan.folder import PLAN_FILE
from handreiking.plan.items import content_key, identities
from handreiking.questionnaire.model import Question
from handreiking.questionnaire.validation import check_value, normalize_answer

NEW = "__nieuw__"
BOTH = "beide"
READ = "__lezen__"


@dataclass
class ConflictFile:
    """One file with its conflicts, read round-trip so a choice can be written back."""

    path: Path
    questionnaire: Any
    title: str
    data: Any
    newline: str
    conflicts: list[Conflict] = field(default_factory=list)
    root: Path | None = None  # the plan folder: writes go through the plan-file gate

    def save(self) -> None:
        """Write the file back (read back first, through the plan-file gate: ``yamlsave``)."""

        save_yaml(self.path, dump_yaml(self.data), plain(self.data), root=self.root or self.path.parent,
                  newline=self.newline)


def plan_files(root: Path, catalog: Any) -> list[tuple[Path, Any, str]]:
    """(path, questionnaire, title) of every file that can hold conflicts: plan.yaml and the answers."""
    files: list[tuple[Path, Any, str]] = [(root / "plan.yaml", None, "Plangegevens")]
    files += [(root / "antwoorden" / q.answer_filename, q, q.title) for q in catalog]
    return [f for f in files if f[0].is_file()]


def read_conflicts(root: Path, catalog: Any, only_plan: bool = False) -> list[ConflictFile]:
    """Every file of the plan that holds conflict blocks, with them (plan.yaml first)."""

    found = []
    for path, questionnaire, title in plan_files(root, catalog)[: 1 if only_plan else None]:
        try:
            if f"{CONFLICT}:" not in read_text(path, inside=root):
                continue
            data, text = load_yaml(path, inside=root)
        except Exception:  # an unreadable file is reported by check, not here
            continue
        conflicts = find_conflicts(data, questionnaire, title)
        for conflict in conflicts:
            conflict.file = path
        if conflicts:
            found.append(ConflictFile(path, questionnaire, title, data, "\r\n" if "\r\n" in text else "\n",
                                      conflicts, root))
    return found


def has_conflicts(root: Path, catalog: Any, only_plan: bool = False) -> bool:
    return bool(read_conflicts(root, catalog, only_plan))


# --- applying a choice -------------------------------------------------------------------


def both_values(ours: Any, theirs: Any) -> Any:
    """Both versions of a list: ours, then what only theirs has (items by name, choices by value)."""

    if all(isinstance(v, dict) for v in (*ours, *theirs)):
        seen = set(identities(list(ours), None))
        extra = [v for v, ident in zip(theirs, identities(list(theirs), None)) if ident not in seen]
    else:
        keys = {content_key(v) for v in ours}
        extra = [v for v in theirs if content_key(v) not in keys]
    return [*ours, *extra]


def apply_choice(conflict: Conflict, how: str, value: Any = None) -> None:
    """Replace the conflict block: ``how`` is OURS, THEIRS, BOTH or NEW (with ``value``)."""

    ours, theirs = conflict.ours, conflict.theirs
    if how == OURS:
        chosen = ours
    elif how == THEIRS:
        chosen = theirs
    elif how == BOTH:
        if conflict.is_item and isinstance(ours, dict) and isinstance(theirs, dict):
            _replace_item(conflict.holder, conflict.key, ours)
            conflict.holder.insert(conflict.key + 1, _as_yaml(theirs))
            return
        chosen = both_values(ours, theirs)
    else:
        chosen = value

    if isinstance(conflict.holder, list):
        if conflict.is_item and not is_answered(chosen):
            _remove_item(conflict.holder, conflict.key)
        else:
            _replace_item(conflict.holder, conflict.key, chosen)
    else:
        _set_keeping_comment(conflict.holder, conflict.key, chosen, remove=chosen is None and how in (OURS, THEIRS))


def _set_keeping_comment(holder: Any, key: Any, value: Any, remove: bool) -> None:
    """Put the chosen value (or remove the answer, as that side did); the comment that the merge
    kept after the block (a section heading, say) comes back after the answer."""

    token = _tail(holder[key])
    if token is not None:
        _set_tail(holder[key], None)
    if remove:
        keys = list(holder)
        before = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
        del holder[key]
        if token is not None and before is not None:
            _attach(holder, before, token)
        return
    new = _as_yaml(value)
    holder[key] = new
    if token is None:
        return
    if isinstance(new, (dict, list)) and new:
        _set_tail(new, token)
    else:
        _attach(holder, key, token)


def _attach(holder: Any, key: Any, token: Any) -> None:
    value = holder[key]
    if isinstance(value, (dict, list)) and value:
        _set_tail(value, token)
        return
    entry = comment_slots(holder).setdefault(key, [None, None, None, None])
    entry[2] = token


def _as_yaml(value: Any) -> Any:
    return to_yaml_value(value)


# --- showing both versions ---------------------------------------------------------------


def is_long(conflict: Conflict) -> bool:
    return any(isinstance(v, str) and len(v) > 70 for v in (conflict.ours, conflict.theirs))


def changed_passage(a: str, b: str, context: int = 4) -> tuple[str, str]:
    """The part of two texts that differs, with a few words around it ('… tot 15.000 euro …')."""
    wa, wb = a.split(), b.split()
    blocks = [op for op in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not blocks:
        return " ".join(wa), " ".join(wb)
    start_a, start_b = blocks[0][1], blocks[0][3]
    end_a, end_b = blocks[-1][2], blocks[-1][4]
    lo_a, lo_b = max(0, start_a - context), max(0, start_b - context)
    hi_a, hi_b = min(len(wa), end_a + context), min(len(wb), end_b + context)

    def cut(words: list[str], lo: int, hi: int) -> str:
        return ("… " if lo > 0 else "") + " ".join(words[lo:hi]) + (" …" if hi < len(words) else "")

    return cut(wa, lo_a, hi_a), cut(wb, lo_b, hi_b)


def side_by_side(left_title: str, left: str, right_title: str, right: str, width: int = 78) -> str:
    """Two texts in two columns, each under its title, wrapped at words."""
    column = (width - 3) // 2
    titles = [textwrap.wrap(left_title, column), textwrap.wrap(right_title, column)]
    height = max(len(t) for t in titles)
    titles = [t + [""] * (height - len(t)) for t in titles]
    lefts = titles[0] + ["-" * column] + (textwrap.wrap(left, column) or [""])
    rights = titles[1] + ["-" * column] + (textwrap.wrap(right, column) or [""])
    rows = max(len(lefts), len(rights))
    lefts += [""] * (rows - len(lefts))
    rights += [""] * (rows - len(rights))
    return "\n".join(f"{a:<{column}} | {b}".rstrip() for a, b in zip(lefts, rights))


def _words(conflict: Conflict, value: Any) -> str:
    if conflict.is_item:
        return in_words(conflict.group, value)
    return in_words(conflict.question, value)


# --- the wizard's walk -------------------------------------------------------------------


def finish_hint(root: Path) -> str:
    """How to finish what git was doing when it stopped (a merge, a rebase or a cherry-pick),
    with the documents made anew first, so they are part of the same commit."""

    kind = operation(root)
    step = {"rebase": "git add -A && git rebase --continue",
            "cherry-pick": "git add -A && git cherry-pick --continue"}.get(kind, "git add -A && git commit")
    try:
        here = root.resolve() == Path.cwd().resolve()
    except OSError:
        here = False
    render = "handreiking render" if here else f"handreiking render {root}"
    return f"{render} && {step}"


def choose_version(conflict: Conflict, prompts: Any, number: int = 1, total: int = 1,
                   named: Sides = PLAIN) -> tuple[str, Any]:
    """Ask which version stays; returns (how, value) for ``apply_choice``."""

    ours, theirs = conflict.ours, conflict.theirs
    prompts.show_heading(f"\nConflict {number} van {total}: {conflict.label}")
    prompts.show_help("Twee mensen veranderden dit tegelijk. Kies welke versie blijft.")
    if is_long(conflict) and isinstance(ours, str) and isinstance(theirs, str):
        left, right = changed_passage(ours, theirs)
        prompts.show(side_by_side(_cap(named.ours), left, _cap(named.theirs), right,
                                  width=min(78, prompts.terminal_size()[0] - 2)))
    else:
        prompts.show(f"  {_cap(named.ours)}: {_words(conflict, ours)}")
        prompts.show(f"  {_cap(named.theirs)}: {_words(conflict, theirs)}")
    if conflict.is_item and not (is_answered(ours) and is_answered(theirs)):
        keep, keep_how = (ours, OURS) if is_answered(ours) else (theirs, THEIRS)
        drop_how = THEIRS if keep_how == OURS else OURS
        dropper = named.theirs if keep_how == OURS else named.ours
        choices = [(f"Houden: {short_value(keep, 60, conflict.group)}", keep_how, ""),
                   (f"Weghalen, zoals {dropper} deed", drop_how, "")]
        return prompts.select("Wat blijft er?", choices), None
    about = conflict.group if conflict.is_item else conflict.question
    mine, other = short_value(ours, 62, about), short_value(theirs, 58, about)
    if is_long(conflict) and isinstance(ours, str) and isinstance(theirs, str):
        mine, other = (_cut(part, width) for part, width in zip(changed_passage(ours, theirs, 2), (62, 58)))
    choices = [(f"Deze: {mine}", OURS, named.ours), (f"De andere: {other}", THEIRS, named.theirs)]
    if conflict.is_list or (conflict.is_item and isinstance(ours, dict) and isinstance(theirs, dict)):
        choices.append(("Beide houden", BOTH, ""))
    question = conflict.question if conflict.question is not None or not can_type_text(conflict) else _plain_text(conflict)
    can_type = question is not None and not question.is_group and not conflict.is_item
    if can_type:
        choices.append(("Een nieuwe typen", NEW, ""))
    if is_long(conflict):
        choices.append(("Beide teksten helemaal lezen", READ, ""))
    while True:
        picked = prompts.select("Welke versie blijft?", choices)
        if picked != READ:
            break
        prompts.show(f"{_cap(named.ours)}:", "class:heading")
        prompts.show(str(ours))
        prompts.show(f"{_cap(named.theirs)}:", "class:heading")
        prompts.show(str(theirs))
    if picked != NEW:
        return picked, None
    current = ours if is_answered(ours) else theirs
    while True:
        result = prompts.ask_question(question, current, allow_back=False,
                                      check=lambda value: plan_value_problem(conflict, value),
                                      may_be_empty=plan_value_problem(conflict, None) is None)
        value = None if result is prompts.Action.UNKNOWN else result
        problem = plan_value_problem(conflict, value)  # an empty answer passes the prompt's own check
        if problem is None:
            return NEW, value
        prompts.show(problem, "class:warning")


def plan_value_problem(conflict: Conflict, value: Any) -> str | None:
    """plan.yaml cannot be without its title (nothing opens the plan then): a new value for it
    may not be empty."""

    in_plan = conflict.file is not None and Path(conflict.file).name == PLAN_FILE and conflict.ref == "titel"
    if in_plan and (not is_answered(value) or not str(value).strip()):
        return "Het plan heeft een titel nodig; een lege titel kan niet."
    return None


def can_type_text(conflict: Conflict) -> bool:
    """A value outside the questionnaire (plan.yaml's title, say) that is text on both sides can be
    typed anew."""
    return conflict.question is None and not conflict.is_item and all(
        v is None or isinstance(v, str) for v in (conflict.ours, conflict.theirs))


def _plain_text(conflict: Conflict) -> Any:
    return Question(id=str(conflict.key), text=f"Nieuwe waarde voor {conflict.label}", kind="tekst")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- naming a conflict on the command line -------------------------------------------------


def matching(files: list[ConflictFile], wanted: str) -> list[Conflict]:
    """The conflicts ``wanted`` names: its reference (``stakeholders[Bibliotheek].rol``), the same
    with the item's number (``stakeholders[2].rol``, as check prints it), with or without the file
    (``1-vertrekpunt.yaml:…``); names in any case and spacing."""
    file_part, _, ref = wanted.rpartition(":") if ":" in wanted else ("", "", wanted)
    result = []
    for conflict_file in files:
        if file_part and name_key(file_part) not in (name_key(conflict_file.path.name),
                                                        name_key(conflict_file.path.stem)):
            continue
        for conflict in conflict_file.conflicts:
            if _same_ref(conflict, ref):
                result.append(conflict)
    return result


def _same_ref(conflict: Conflict, ref: str) -> bool:
    return name_key(ref) in {name_key(conflict.ref), name_key(conflict.number_ref)}


def describe_for_list(conflict: Conflict, root: Path) -> str:
    """One conflict in a listing of ``kies``: where, and both versions in words."""
    try:
        where = conflict.file.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, AttributeError):
        where = str(conflict.file)
    return (f"{where}: {conflict.ref}\n    {conflict.label}\n"
            f"    ons: {short_value(conflict.ours, 70, conflict.group if conflict.is_item else conflict.question)}\n"
            f"    hun: {short_value(conflict.theirs, 70, conflict.group if conflict.is_item else conflict.question)}")


def value_for(conflict: Conflict, text: str) -> tuple[Any, str | None]:
    """A value typed after ``--waarde`` for the conflict's question, or a problem in Dutch."""

    question = conflict.question
    if question is None:
        return text, plan_value_problem(conflict, text)

    if question.kind == "meerkeuze":
        value: Any = [part.strip() for part in text.split(",") if part.strip()]
    elif is_money(question):
        value = text.replace("€", "").strip()
    else:
        value = text
    value = normalize_answer(question, value)
    return value, check_value(question, value)
