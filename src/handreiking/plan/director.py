"""Where the regisseur's name and organisation live: two answers of Vertrekpunt.

Since schema 6 they are one fact with one home (before, plan.yaml held them as well; the
migration moved them, see ``fact_moves``). Templates read them as
``vertrekpunt.regisseur_naam``; code that needs them outside a template (a document's
author, the first line of ``status``) reads them through here.
"""
from __future__ import annotations

from typing import Any

NAME = ("vertrekpunt", "regisseur_naam")
ORGANISATION = ("vertrekpunt", "regisseur_organisatie")


def director_name(answer_set: Any) -> str:
    """The regisseur's name as answered (one line), or "" while it is open or its file does not read."""
    phase, question_id = NAME
    if phase in answer_set.blocked:
        return ""
    value = answer_set[phase].get(question_id)
    return " ".join(value.split()) if isinstance(value, str) else ""
