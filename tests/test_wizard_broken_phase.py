"""The wizard's "make the documents now?" while another phase's answer file is broken.

``render`` refuses then (documents made without that phase's answers would say
"nog in te vullen" where the plan has an answer). The wizard made them anyway and
emptied the onderzoeksplan; it must leave them as they are and say why.
Driven through the installed command in a real terminal (pty).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import default_signals, installed_command
from keys import ENTER

pexpect = pytest.importorskip("pexpect")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect.spawn needs a POSIX pty", allow_module_level=True)

TIMEOUT = 60  # a bound for a loaded 2-core machine, never a timing


def documents(plan: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((plan / "documenten").iterdir()) if p.is_file()}


@pytest.mark.parametrize("breakage", ["typfout", "link naar buiten"])
def test_the_wizard_does_not_make_documents_while_another_phase_is_broken(example_plan, tmp_path, breakage):
    research = example_plan / "antwoorden" / "3-onderzoek.yaml"
    if breakage == "typfout":
        research.write_text(research.read_text(encoding="utf-8") + "onderzoek_doel: [niet dicht\n",
                            encoding="utf-8")
    else:
        outside = tmp_path / "elders.yaml"
        outside.write_bytes(research.read_bytes())
        research.unlink()
        research.symlink_to(outside)
    before = documents(example_plan)
    assert "onderzoeksplan.md" in before

    env = {"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    child = pexpect.spawn(installed_command(), ["wizard", str(example_plan), "--fase", "1"], env=env,
                          dimensions=(24, 80), encoding="utf-8", timeout=TIMEOUT, preexec_fn=default_signals)
    child.expect("Overzicht fase 1")  # every question of the example is answered: the review list
    child.expect("Klaar: deze fase afsluiten")
    child.send(ENTER)
    child.expect("De documenten maakt de wizard nu niet")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    screen = " ".join(child.before.split()) if child.before else ""
    assert "Wilt u de documenten nu maken" not in screen
    assert documents(example_plan) == before  # not one document emptied
