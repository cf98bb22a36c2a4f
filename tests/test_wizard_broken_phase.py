"""The wizard's "make the documents now?" while another phase's answer file is broken.

``render`` refuses then (documents made without that phase's answers would say
"nog in te vullen" where the plan has an answer). The wizard made them anyway and
emptied the onderzoeksplan; it must leave them as they are and say why.
Driven through the installed command in a real terminal (pty).
"""
from __future__ import annotations

import re
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


def test_the_menu_says_which_questions_wait_for_a_broken_phase(example_plan, screen_keys):
    """Whether six questions of Planvorming apply depends on Visie's answers: with Visie's file
    broken the menu says they wait, as ``status`` does, instead of counting them as not applying."""
    from handreiking.plan.answers import load_answers
    from handreiking.plan.folder import open_plan
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.wizard.session import Wizard

    (example_plan / "antwoorden" / "2-visie.yaml").write_text("kernwaarden: [\n", encoding="utf-8")
    catalog = load_catalog()
    answer_set, _ = load_answers(catalog, example_plan / "antwoorden", round_trip=False)
    wizard = Wizard(open_plan(example_plan), catalog, answer_set)
    screen_keys.close()  # no keys: the menu is drawn, then the input ends
    with pytest.raises(EOFError):
        wizard.menu()
    assert re.search(r"4 Planvorming — \d+ van \d+ beantwoord \(6 vragen wachten op Visie\)", screen_keys.screen)
    assert re.search(r"5 Uitvoering — \d+ van \d+ beantwoord\n", screen_keys.screen)


def test_an_answer_that_cannot_be_saved_because_of_a_hand_edit_says_so(example_plan, monkeypatch):
    """The screen shows the answer with its ✓ as soon as it is given; when the file was broken
    by hand meanwhile, the message says that this answer is not saved yet (and stopping leaves it
    out), not only that the file does not read."""
    from handreiking.core.errors import AnswerFileError
    from handreiking.plan.answers import load_answers
    from handreiking.plan.folder import open_plan
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.wizard import prompts
    from handreiking.wizard.session import Wizard

    catalog = load_catalog()
    answer_set, _ = load_answers(catalog, example_plan / "antwoorden")
    wizard = Wizard(open_plan(example_plan), catalog, answer_set)
    phase = wizard.phase_answers(catalog.get("visie"))
    phase.set("horizonjaar", 2036)
    path = example_plan / "antwoorden" / "2-visie.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("perspectief: inclusief", "perspectief: [kapot"),
                    encoding="utf-8")
    shown: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(prompts, "show", lambda text="", style="": shown.append(text))
    monkeypatch.setattr(prompts, "confirm", lambda message, default=True, **_: asked.append(message) or False)
    with pytest.raises(AnswerFileError):
        phase.save()
    assert shown and shown[0].startswith("Het antwoord hierboven is nog niet bewaard")
    assert "zonder dit antwoord" in asked[0]
    assert "[kapot" in path.read_text(encoding="utf-8")  # nothing written over the hand edit
