"""A hand edit and the wizard changed the same list: merge per item and per field.

The wizard saves into a file that may have been edited by hand since it was
read (``answers.PhaseAnswers.save``). For a list of items (stakeholders, goals,
…) the two edits are merged the way the git merge driver merges two branches
(``merge.Merger``): base = the answers as the wizard last read them, ours =
the wizard's list, theirs = the list in the file now. Different items and
different fields of one item simply combine; only a field (or an item) that
both changed is asked about, with both values in words.
"""
from __future__ import annotations

from typing import Any, Callable

from handreiking.core.conflicts import OURS, THEIRS, find_conflicts
from handreiking.git.choose import apply_choice
from handreiking.git.merge import _MISSING, Merger

# (reference such as "stakeholders[Bibliotheek].rol", the wizard's value, the file's value) → keep the wizard's?
Ask = Callable[[str, Any, Any], bool]


def merge_edit(key: str, base: Any, mine: Any, theirs: Any, question: Any, ask: Ask | None) -> Any:
    """The merged answer ``key``; ``mine`` (round-trip) may be changed in place."""
    from ruamel.yaml.comments import CommentedMap


    merged = Merger().value(base if base is not None else _MISSING, mine, theirs, question, key)
    holder = CommentedMap()
    holder[key] = merged
    questionnaire = _Single(question)
    for conflict in find_conflicts(holder, questionnaire):
        keep_mine = ask(conflict.ref, conflict.ours, conflict.theirs) if ask is not None else True
        apply_choice(conflict, OURS if keep_mine else THEIRS)
    return holder[key]


class _Single:
    """The one question the finder needs to name items and fields."""

    def __init__(self, question: Any) -> None:
        self._question = question

    def question(self, key: str) -> Any:
        return self._question if self._question is not None and key == self._question.id else None
