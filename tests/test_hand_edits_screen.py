"""Issue 19, cases 1 and 3 through the installed command: the wizard in a pty at 80×24,
a comment typed by hand above the first item (and one at the end of the file) while the
list is open, then a field of item 2, a new item 3, and item 3 to place 2. The file must
read, with both comments, the one at the end still last."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from keys import CTRL_C, DOWN, ENTER, ESC_ENTER

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from helpers import installed_command  # noqa: E402
from test_screen import PLAN, SIZES, Terminal  # noqa: E402

CASE_1 = """\
uitgangspunten:
  - naam: Ieder kind welkom
    uitwerking: Elk kind hoort erbij.
  - naam: Samen met ouders
"""


def test_case_1_in_the_real_wizard_with_a_hand_edit_in_between(tmp_path):
    cwd = tmp_path
    done = subprocess.run([installed_command(), "init", PLAN, "--titel", "Inclusieve opvang Testdorp", "--gemeente",
                           "Testdorp", "--regisseur", "Sam de Tester", "--startdatum", "2026-01-12"],
                          cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    path: Path = cwd / PLAN / "antwoorden" / "2-visie.yaml"
    path.write_text(path.read_text(encoding="utf-8") + CASE_1, encoding="utf-8")
    term = Terminal(cwd, SIZES[0], "wizard", PLAN, "--vraag", "uitgangspunten")
    term.wait("Wat wilt u doen?", "Samen met ouders")

    edited = path.read_text(encoding="utf-8").replace("uitgangspunten:\n",
                                                      "uitgangspunten:\n  # formulering nog checken\n")
    edited += "# einde: nog een uitgangspunt over taal?\n"
    path.write_text(edited, encoding="utf-8")  # in the editor beside the wizard

    term.send(DOWN * 2 + ENTER)  # Uitgangspunt wijzigen
    term.wait("Welke wilt u wijzigen?")
    term.send(DOWN + ENTER)  # Samen met ouders
    term.wait("Welk veld van 'Samen met ouders' wilt u wijzigen?")
    term.send(DOWN * 2 + ENTER)  # uitwerking
    term.wait("Wat verstaan de partners onder dit uitgangspunt?")
    term.send("Ouders denken mee." + ESC_ENTER)
    term.wait("Welk veld van 'Samen met ouders' wilt u wijzigen?")
    term.send(ENTER)  # Klaar met dit uitgangspunt
    term.wait("Wat wilt u doen?")

    term.send(DOWN + ENTER)  # Uitgangspunt toevoegen
    term.wait("Uitgangspunt 3 · veld 1 van 3")
    term.send("Dichtbij huis" + ENTER)
    term.wait("Uitgangspunt 3 · veld 2 van 3")
    term.send(ESC_ENTER)  # nog geen antwoord
    term.wait("Uitgangspunt 3 · veld 3 van 3")
    term.send(ESC_ENTER)
    term.wait("Wat wilt u doen?", "Dichtbij huis")

    term.send(DOWN * 5 + ENTER)  # Volgorde wijzigen
    term.wait("Welke wilt u verplaatsen?")
    term.send(DOWN * 2 + ENTER)  # Dichtbij huis
    term.wait("Waar moet 'Dichtbij huis' komen?")
    term.send(DOWN + ENTER)  # Naar plaats 2
    screen = term.wait("Wat wilt u doen?", pattern=r"2\. Dichtbij huis")
    assert "kan niet" not in screen
    term.send(CTRL_C)
    term.wait("Gestopt")
    assert term.finish() == 130

    text = path.read_text(encoding="utf-8")
    assert "uitgangspunten:   -" not in text
    assert text.count("# formulering nog checken") == 1
    assert text.endswith("\n# einde: nog een uitgangspunt over taal?\n")
    assert yaml.safe_load(text)["uitgangspunten"] == [
        {"naam": "Ieder kind welkom", "uitwerking": "Elk kind hoort erbij."},
        {"naam": "Dichtbij huis", "uitwerking": None, "wat_betekent_dit": None},
        {"naam": "Samen met ouders", "uitwerking": "Ouders denken mee."},
    ]
