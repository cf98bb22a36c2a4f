"""Answer values are checked against their question, with Dutch messages."""
from __future__ import annotations

import datetime as dt

import pytest

from handreiking.questionnaire import load_catalog
from handreiking.validation import check_value

CATALOG = load_catalog()
VERTREKPUNT = CATALOG.get("vertrekpunt")
VISIE = CATALOG.get("visie")


def q(phase, qid):
    return (VERTREKPUNT if phase == 1 else VISIE).question(qid)


@pytest.mark.parametrize(
    ("question", "value", "fragment"),
    [
        (q(2, "perspectief"), "half", "geen keuze"),
        (q(2, "perspectief"), ["inclusief"], "lijst"),
        (q(2, "toekomstbeeld"), ["a", "b"], "verwacht tekst"),
        (q(2, "horizonjaar"), "2030", "verwacht een getal"),
        (q(2, "horizonjaar"), 1999, "minstens"),
        (q(2, "eerste_evaluatie"), 5, "datum"),
        (q(2, "eerste_evaluatie"), "volgend jaar", "datum"),
        (q(2, "uitgangspunten"), [{"naam": "a"}], "minstens 4"),
        (q(2, "uitgangspunten"), "tekst", "lijst van items"),
        (q(2, "kernwaarden"), ["respect", "respect"], "twee keer"),
        (q(2, "lea_verankering"), "ja", "ja of nee"),
    ],
)
def test_invalid_values_are_explained(question, value, fragment):
    problem = check_value(question, value)
    assert problem is not None and fragment in problem


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (q(2, "perspectief"), "inclusief"),
        (q(2, "horizonjaar"), 2034),
        (q(2, "eerste_evaluatie"), dt.date(2027, 6, 1)),
        (q(2, "eerste_evaluatie"), "2027-06-01"),
        (q(2, "kernwaarden"), ["respect", {"anders": "Nieuwsgierigheid"}]),
        (q(2, "lea_verankering"), True),
        (q(2, "toekomstbeeld"), "Ieder kind 👶 doet mee — مرحبا"),
    ],
)
def test_valid_values_pass(question, value):
    assert check_value(question, value) is None


def test_other_only_where_allowed():
    assert "geen eigen antwoord" in check_value(q(2, "perspectief"), {"anders": "iets"})
