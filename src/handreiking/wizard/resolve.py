"""Walking every conflict in the wizard: "conflict 2 van 5", each choice written at once.

What a choice means and how it is written lives in ``git/choose.py``, shared with
``handreiking kies``; this module only adds the questions, so the git layer never needs
the wizard's prompts.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from handreiking.core.values import count
from handreiking.git.choose import apply_choice, choose_version, finish_hint, read_conflicts
from handreiking.git.sides import sides
from handreiking.wizard import prompts


def resolve_conflicts(root: Path, catalog: Any, echo: Callable[..., None], only_plan: bool = False) -> int:
    """Walk every conflict ("conflict 2 van 5") and write each choice at once.
    Returns how many were resolved."""

    files = read_conflicts(root, catalog, only_plan)
    total = sum(len(f.conflicts) for f in files)
    number = 0
    for conflict_file in files:
        named = sides(root, conflict_file.path)
        for conflict in conflict_file.conflicts:
            number += 1
            how, value = choose_version(conflict, prompts, number, total, named)
            apply_choice(conflict, how, value)
            conflict_file.save()
    if number:
        echo(f"{count(number, 'conflict', 'conflicten')} opgelost. Leg het vast met: {finish_hint(root)}")
    return number
