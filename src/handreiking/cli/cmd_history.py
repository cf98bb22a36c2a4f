"""``verschil`` and ``kies``: the plan's history in git, and choosing after a merge.

``verschil`` says per phase and question what changed in the answers (old → new) since
a git revision, or between two. ``kies`` lists the conflicts a git merge left (where,
both versions in words, the name to pass) or, with VRAAG and one of ``--ons``, ``--hun``,
``--beide`` or ``--waarde``, writes that choice: for scripts and for people without a
terminal UI. Exit codes of ``kies``: 0 done (or nothing to choose), 1 a problem (no such
conflict, a value that does not fit the question, conflicts left when listing), 2 wrong use.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from handreiking.core.values import count
from handreiking.cli import shared  # noqa: F401  (registers the way back from git's conflict lines with the reader)
from handreiking.core.conflicts import OURS, THEIRS
from handreiking.core.errors import HandreikingError, UsageError
from handreiking.core.yamlio import read_text
from handreiking.git.choose import (
    BOTH,
    NEW,
    apply_choice,
    can_type_text,
    describe_for_list,
    finish_hint,
    matching,
    plan_files,
    read_conflicts,
    value_for,
)
from handreiking.git.history import format_changes, plan_changes
from handreiking.git.sides import sides
from handreiking.git.state import removed_lines
from handreiking.git.underway import merge_state
from handreiking.plan.folder import PLAN_FILE, hold_plan, open_plan
from handreiking.questionnaire.catalog import load_catalog

if TYPE_CHECKING:
    from handreiking.wizard.session import Echo


def changes(folder: Path, *, revision: str, revision2: str | None, markdown: bool, echo: Echo) -> int:
    """``verschil``: what changed in the answers since ``revision`` (or between two revisions)."""
    plan = open_plan(folder)
    found = plan_changes(plan.root, load_catalog(), revision, revision2)
    since = "de laatste commit" if revision == "HEAD" else revision
    span = f"van {revision} naar {revision2}" if revision2 else f"sinds {since}"
    if not found:
        echo(f"Geen veranderingen in de antwoorden {span}.")
        return 0
    heading = f"Veranderd in de antwoorden {span}" + ("" if markdown else ":")
    echo(format_changes(found, heading=heading, markdown=markdown).rstrip("\n"))
    return 0


def choose(root: Path, *, question: str | None, ours: bool, theirs: bool, both: bool, new_value: str | None,
           echo: Echo) -> int:
    """List the conflicts (``question`` None), or write the choice for one of them."""
    map_arg = str(root)
    if not (root / PLAN_FILE).is_file():
        raise HandreikingError(f"'{root}' is geen planmap: plan.yaml ontbreekt",
                               hint="geef de map van het plan, bijvoorbeeld: handreiking kies mijn-plan")
    how = _how(ours=ours, theirs=theirs, both=both, new_value=new_value)
    if question is None and how is not None:
        raise UsageError("zeg welk conflict u bedoelt", hint=f"de conflicten ziet u met: handreiking kies {map_arg}")
    if question is not None and how is None:
        raise UsageError("kies --ons, --hun, --beide of --waarde TEKST",
                         hint=f"beide versies ziet u met: handreiking kies {map_arg}")
    catalog = load_catalog()
    with hold_plan(root):
        for path, _questionnaire, _title in plan_files(root, catalog):
            read_text(path, inside=root)  # git's own conflict lines (a clone never set up): said, with the way back
        files = read_conflicts(root, catalog)
        if question is None:
            return _list(files, root, map_arg, echo)
        found = matching(files, question)
        if not found:
            known = ", ".join(c.ref for f in files for c in f.conflicts) or "geen: er zijn geen conflicten"
            raise HandreikingError(f"geen conflict '{question}' in dit plan", hint=f"conflicten: {known}")
        if len(found) > 1:
            names = ", ".join(f"{c.file.name}:{c.ref}" for c in found)
            raise UsageError(f"'{question}' past bij meer dan één conflict", hint=f"zet de bestandsnaam ervoor: {names}")
        conflict = found[0]
        value = None
        both_items = conflict.is_item and isinstance(conflict.ours, dict) and isinstance(conflict.theirs, dict)
        if how == BOTH and not (conflict.is_list or both_items):
            raise UsageError("--beide kan alleen bij een lijst", hint="kies --ons, --hun of --waarde TEKST")
        if how == NEW:
            typed_text = can_type_text(conflict)
            if not typed_text and (conflict.question is None or conflict.question.is_group or conflict.is_item):
                raise UsageError("bij een heel item of een lijst kan geen nieuwe waarde", hint="kies --ons, --hun of --beide")
            value, problem = value_for(conflict, new_value)
            if problem:
                raise HandreikingError(f"'{new_value}' past niet bij deze vraag: {problem}",
                                       hint="er is niets veranderd")
        apply_choice(conflict, how, value)
        next(f for f in files if conflict in f.conflicts).save()
        left = sum(len(f.conflicts) for f in read_conflicts(root, catalog))
    word = {OURS: "de ene versie (ons)", THEIRS: "de andere versie (hun)", BOTH: "beide versies",
            NEW: "de nieuwe waarde"}[how]
    echo(f"Gekozen voor {conflict.label}: {word}.")
    if left:
        echo(f"Nog {count(left, 'conflict', 'conflicten')}; die ziet u met: handreiking kies {map_arg}")
    else:
        echo(f"Alle conflicten zijn opgelost. Leg het vast met: {finish_hint(root)}")
    return 0


def _how(*, ours: bool, theirs: bool, both: bool, new_value: str | None) -> str | None:
    chosen = [how for how, on in ((OURS, ours), (THEIRS, theirs), (BOTH, both), (NEW, new_value is not None))
              if on]
    if len(chosen) > 1:
        raise UsageError("kies één van --ons, --hun, --beide en --waarde")
    return chosen[0] if chosen else None


def _list(files: list[Any], root: Path, map_arg: str, echo: Echo) -> int:
    total = sum(len(f.conflicts) for f in files)
    if not total:
        under_way = merge_state(root)
        removed = removed_lines(under_way) if under_way is not None else []
        for line in removed:  # nothing to choose in a file, but something to choose all the same
            echo(line)
        if not removed:
            echo("Er zijn geen conflicten in dit plan.")
        return 0
    echo(f"{count(total, 'conflict', 'conflicten')} na een git-merge:")
    for conflict_file in files:
        named = sides(root, conflict_file.path)
        for conflict in conflict_file.conflicts:
            echo(describe_for_list(conflict, root))
        echo(f"  (ons = {named.ours}; hun = {named.theirs})")
    echo(f"\nKies per conflict, bijvoorbeeld: handreiking kies {map_arg} {files[0].conflicts[0].ref} --ons\n"
         "(of --hun, --beide voor een lijst, --waarde TEKST voor een nieuwe), of alles achter elkaar met: "
         f"handreiking wizard {map_arg}")
    return 1
