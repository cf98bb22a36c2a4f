"""The example above a number or date question is written as a person types it at 80×24:
'Bijvoorbeeld: 45.000' and '31-12-2026', not the file's 45000 and 2026-12-31 right above
the hint 'datum als dag-maand-jaar'. Through the installed wizard in a pty read with pyte."""
from __future__ import annotations

import re
import sys

import pytest

from keys import CTRL_C, ENTER

pytest.importorskip("pexpect")
pytest.importorskip("pyte")
if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect.spawn needs a POSIX pty", allow_module_level=True)
from test_screen import Terminal  # noqa: E402


def test_the_example_of_an_amount_reads_as_typed(new_plan):
    term = Terminal(new_plan.parent, (80, 24), "wizard", new_plan.name, "--fase", "5", "--vraag", "middelen")
    term.wait("Welke posten heeft de begroting", "Begrotingspost toevoegen")
    term.send(ENTER)
    term.wait("Begrotingspost")
    term.send("Coach" + ENTER)
    shown = term.wait("Bedrag in euro", "Bijvoorbeeld: 45.000")
    assert "45000" not in shown
    term.send(CTRL_C)
    assert term.finish() == 130


def test_the_example_of_a_date_reads_as_typed():
    from handreiking.wizard.prompts import typed_example
    from handreiking.questionnaire.catalog import load_catalog

    shown = {}
    for questionnaire in load_catalog():
        for question in questionnaire.questions:
            for asked in (question, *(question.fields or ())):
                if asked.example and asked.kind in ("datum", "getal"):
                    shown[asked.id] = typed_example(asked)
    assert shown["zorgprotocol_gereed"] == "31-12-2026"  # the questionnaire writes 2026-12-31
    assert shown["bedrag"] == "45.000" and shown["regisseur_uren"] == "12"
    assert not [value for value in shown.values() if re.match(r"\d{4}-", value)]  # no ISO date left
