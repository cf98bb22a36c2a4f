"""The wizard walks every conflict at 80×24 (issue 24, points 2, 3 and 7), through the installed
command in a pty read with pyte: plan.yaml first (before the plan opens), 'conflict N van M',
both versions in words (amounts as € 24.500, a long text as the changed passage side by side,
readable in full), whose each version is (branch and author), then check --strict and
render --check pass."""
from __future__ import annotations

import shutil
import sys

import pytest

from git_helpers import git, git_env  # noqa: F401 - git_env is a fixture
from helpers import run_cli
from keys import CTRL_C, DOWN, ENTER
from test_conflicts import commit_as, data, edit, origin_template, team  # noqa: F401 - fixtures

pytest.importorskip("pexpect")
pytest.importorskip("pyte")
if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect.spawn needs a POSIX pty", allow_module_level=True)
from test_screen import Terminal  # noqa: E402

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt"),
              pytest.mark.usefixtures("git_env"),
              pytest.mark.slow]  # slow: real git merges between clones (CI runs them)
TITLE = "titel: Samen naar inclusieve kinderopvang in Lindewaard"
MANDATE_WORD = "tot 15.000 euro besteden"


@pytest.fixture
def clones(team):  # noqa: F811 - the fixture imported above
    return team


def change(clone, title: str, amount: int, mandate: str) -> None:
    plan_file = clone / "plan.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(TITLE, f"titel: {title}"), encoding="utf-8")

    def answers(d):
        d["mandaat"] = str(d["mandaat"]).replace("tot 15.000 euro besteden", mandate)
    edit(clone, "vertrekpunt", answers)
    edit(clone, "uitvoering", lambda d: d["middelen"][5].__setitem__("bedrag", amount))  # the SMI budget line


def test_the_wizard_walks_every_conflict_in_words_at_80x24(clones, tmp_path):
    a, b = clones
    change(a, "Kinderopvang voor ieder kind in Lindewaard", 21000, "tot 18.000 euro besteden")
    commit_as(a, "Titel en mandaat aangescherpt")
    git(a, "push", "-q")
    change(b, "Samen naar inclusieve opvang", 24500, "tot 15.000 euro per jaar besteden")
    commit_as(b, "Titel korter")
    assert git(b, "pull", "-q", "--no-rebase", "--no-edit", check=False).returncode == 1

    term = Terminal(tmp_path, (80, 24), "wizard", "b", "--fase", "visie")
    shown = term.wait("Conflict 1 van 3", "Plangegevens", "titel",
                      "Samen naar inclusieve opvang", "Kinderopvang voor ieder kind in Lindewaard",
                      "Bert Jansen", "Anna de Vries")
    assert "uw versie (branch main" in " ".join(shown.split()).lower()
    term.send(DOWN + ENTER)  # the other one: Anna's title
    shown = term.wait("Conflict 2 van 3", "mandaat", "18.000", "per jaar", "Beide teksten helemaal lezen")
    assert "Fatima bepaalt de planning" not in shown  # only the passage that changed, side by side
    term.send(DOWN * 3 + ENTER)  # read both in full
    term.wait("gevolgen voor de begroting gaan via het college naar de gemeenteraad", "Welke versie blijft")
    term.send(ENTER)  # this one: Bert's
    term.wait("Conflict 3 van 3", "Bedrag in euro", "€ 24.500", "€ 21.000")
    term.send(DOWN * 2 + ENTER)  # a new value
    term.wait("Bedrag in euro")
    term.send("\x15" + "23000" + ENTER)  # erase the offered 24.500
    term.wait("3 conflicten opgelost", "handreiking render", "Fase 2 · Visie")
    term.send(CTRL_C)
    assert term.finish() == 130
    assert "Kinderopvang voor ieder kind in Lindewaard" in (b / "plan.yaml").read_text(encoding="utf-8")
    assert "tot 15.000 euro per jaar besteden" in " ".join(str(data(b, "vertrekpunt")["mandaat"]).split())
    assert data(b, "uitvoering")["middelen"][5]["bedrag"] == 23000
    assert run_cli("check", "--strict", str(b)) == 0
    assert run_cli("render", str(b)) == 0
    assert run_cli("render", "--check", str(b)) == 0


def test_in_a_rebase_the_versions_are_named_the_other_way_round(clones, capsys):
    a, b = clones
    edit(a, "uitvoering", lambda d: d["middelen"][5].__setitem__("bedrag", 21000))  # the SMI budget line
    commit_as(a, "Bedrag Anna")
    git(a, "push", "-q")
    edit(b, "uitvoering", lambda d: d["middelen"][5].__setitem__("bedrag", 24500))  # the SMI budget line
    commit_as(b, "Bedrag Bert")
    assert git(b, "pull", "-q", "--rebase", check=False).returncode == 1
    capsys.readouterr()
    assert run_cli("kies", str(b)) == 1
    out = capsys.readouterr().out
    # in a rebase "ons" is the branch built on (Anna's pushed work), "hun" the own commit being replayed
    assert "ons = de versie waarop u verder bouwt (Anna de Vries)" in out
    assert "hun = uw commit 'Bedrag Bert' van main (Bert Jansen)" in out
    assert run_cli("kies", str(b), "middelen[Opvang op sociaal-medische indicatie voor kinderen zonder toeslagrecht].bedrag", "--hun") == 0
    assert "git rebase --continue" in capsys.readouterr().out
    assert data(b, "uitvoering")["middelen"][5]["bedrag"] == 24500


def test_the_wizard_offers_conflicts_inside_the_stakeholder_list(clones, tmp_path):
    """Point 1 on screen: a party removed against edited, and one field of another party on both sides."""
    from test_conflicts import SK, set_field, stakeholder

    coach = "Pedagogisch coach Het Speelkwartier"
    a, b = clones

    def anna(d):
        d["stakeholders"].remove(stakeholder(d, coach))
        stakeholder(d, SK)["invloed"] = "midden"
    edit(a, "vertrekpunt", anna)
    commit_as(a, "Coach eruit, invloed midden")
    git(a, "push", "-q")

    def bert(d):
        set_field(coach, "rol", "Coacht de pilotgroepen")(d)
        stakeholder(d, SK)["invloed"] = "laag"
    edit(b, "vertrekpunt", bert)
    commit_as(b, "Rol coach, invloed laag")
    assert git(b, "pull", "-q", "--no-rebase", "--no-edit", check=False).returncode == 1

    term = Terminal(tmp_path, (80, 24), "wizard", "b", "--fase", "vertrekpunt")
    term.wait("Conflict 1 van 2", "Kinderopvang Het Speelkwartier", "invloed", "Laag", "Midden")
    term.send(DOWN + ENTER)  # the other: Anna's "midden"
    term.wait("Conflict 2 van 2", coach, "Houden: " + coach, "Weghalen, zoals de versie van", "Anna de Vries")
    term.send(ENTER)  # keep Bert's edited coach
    term.wait("2 conflicten opgelost", "Fase 1 · Vertrekpunt")
    term.send(CTRL_C)
    assert term.finish() == 130
    saved = data(b, "vertrekpunt")
    assert stakeholder(saved, SK)["invloed"] == "midden"
    assert stakeholder(saved, coach)["rol"] == "Coacht de pilotgroepen"
    assert run_cli("check", "--strict", str(b)) == 0


def test_a_new_title_for_the_plan_cannot_be_empty(clones, tmp_path, capsys):
    """An empty new title was written: plan.yaml then opened nowhere ('titel' ontbreekt of is leeg)."""
    a, b = clones
    for clone, title in ((a, "Titel van Anna"), (b, "Titel van Bert")):
        plan_file = clone / "plan.yaml"
        plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(TITLE, f"titel: {title}"),
                             encoding="utf-8")
        commit_as(clone, title)
    git(a, "push", "-q")
    assert git(b, "pull", "-q", "--no-rebase", "--no-edit", check=False).returncode == 1
    before = (b / "plan.yaml").read_bytes()
    capsys.readouterr()
    assert run_cli("kies", str(b), "titel", "--waarde", " ") == 1
    assert "een lege titel kan niet" in capsys.readouterr().err
    assert (b / "plan.yaml").read_bytes() == before

    term = Terminal(tmp_path, (80, 24), "wizard", "b", "--fase", "visie")
    term.wait("Conflict 1 van 1", "Titel van Bert", "Titel van Anna")
    term.send(DOWN * 2 + ENTER)  # a new value
    term.wait("Nieuwe waarde voor Plangegevens", "Enter = klaar")
    assert "leeg = nog geen antwoord" not in term.text  # empty is refused here: not offered
    term.send("\x15" + ENTER)  # erase the offered title, then Enter on nothing
    term.wait("een lege titel kan niet")
    term.send("\x15" + "Ieder kind welkom" + ENTER)  # the offered title is back; erased again
    term.wait("1 conflict opgelost", "Fase 2 · Visie")
    term.send(CTRL_C)
    assert term.finish() == 130
    assert "titel: Ieder kind welkom\n" in (b / "plan.yaml").read_text(encoding="utf-8")
    assert run_cli("check", str(b)) == 0
