"""Two people work a week in parallel on one plan (issue 24, "done when"): both add, edit,
delete, reorder and rename stakeholders, change long texts, amounts, choices and plan.yaml,
and push and pull (merge and rebase). Every conflict is chosen with ``handreiking kies``. At
the end every change of both is in the plan, or was explicitly chosen against, both clones
hold the same plan, check --strict is clean and render --check passes."""
from __future__ import annotations

import shutil

import pytest

from git_helpers import git, git_env  # noqa: F401 - git_env is a fixture
from helpers import run_cli
from handreiking.plan.answers import to_yaml_value
from test_conflicts import commit_as, data, edit, origin_template, stakeholder, team  # noqa: F401 - fixtures

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt"),
              pytest.mark.usefixtures("git_env"), pytest.mark.slow]
SK, COACH = "Kinderopvang Het Speelkwartier", "Pedagogisch coach Het Speelkwartier"
LAST = "Huisartsenpraktijk De Linde – POH-jeugd"


@pytest.fixture
def two(team):  # noqa: F811 - the fixture imported above
    return team


def by_hand(clone, name: str, old: str, new: str) -> None:
    path = clone / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pull(clone, rebase: bool = False) -> bool:
    """True when git stopped on a conflict."""
    done = git(clone, "pull", "-q", "--rebase" if rebase else "--no-rebase", "--no-edit", check=False)
    return done.returncode != 0


def choose(clone, *args: str) -> None:
    assert run_cli("kies", str(clone), *args) == 0


def finish(clone, rebase: bool = False) -> None:
    assert run_cli("kies", str(clone)) == 0  # nothing left to choose
    assert run_cli("render", str(clone)) == 0
    git(clone, "add", "-A")
    if rebase:
        git(clone, "-c", "core.editor=true", "rebase", "--continue")
    else:
        commit_as(clone, "Samengevoegd")


def test_a_week_of_two_people_working_in_parallel_ends_in_one_complete_plan(two, monkeypatch):
    a, b = two
    monkeypatch.setenv("GIT_EDITOR", "true")
    # --- Monday: both work on the stakeholders, the mandate and the title ---------------------
    def anna_monday(d):
        d["stakeholders"].append(to_yaml_value({"naam": "Bibliotheek", "rol": "Voorlezen op de groep"}))
        stakeholder(d, SK)["invloed"] = "midden"
    edit(a, "vertrekpunt", anna_monday)
    by_hand(a, "antwoorden/1-vertrekpunt.yaml", "tot 15.000 euro", "tot 18.000 euro")
    by_hand(a, "plan.yaml", "titel: Samen naar inclusieve kinderopvang in Lindewaard",
            "titel: Ieder kind welkom in Lindewaard")
    commit_as(a, "Maandag Anna")
    git(a, "push", "-q")

    def bert_monday(d):
        d["stakeholders"].append(to_yaml_value({"naam": "Muziekschool", "rol": "Muziek op de groep"}))
        d["stakeholders"].remove(stakeholder(d, COACH))
        d["stakeholders"].insert(0, d["stakeholders"].pop(d["stakeholders"].index(stakeholder(d, LAST))))
        stakeholder(d, SK)["contactpersoon"] = "Jeroen Bakker, bestuurder"
    edit(b, "vertrekpunt", bert_monday)
    by_hand(b, "antwoorden/1-vertrekpunt.yaml", "procesbegeleiding", "procesbegeleiding door een bureau")
    commit_as(b, "Maandag Bert")
    assert pull(b)  # the mandate: both changed the same long text
    mandate = str(data(b, "vertrekpunt")["mandaat"]["conflict"]["hun"]).replace(
        "procesbegeleiding", "procesbegeleiding door een bureau")
    choose(b, "mandaat", "--waarde", " ".join(mandate.split()))  # both edits, typed as one
    finish(b)
    git(b, "push", "-q")
    assert not pull(a)

    # --- Wednesday: a rename against an edit, one amount on both sides, plan.yaml ------------
    edit(a, "vertrekpunt", lambda d: stakeholder(d, "Bibliotheek").__setitem__("naam", "Bibliotheek Lindewaard"))
    edit(a, "vertrekpunt", lambda d: stakeholder(d, "Muziekschool").__setitem__("invloed", "laag"))
    edit(a, "uitvoering", lambda d: d["middelen"][5].__setitem__("bedrag", 21000))  # the SMI budget line
    commit_as(a, "Woensdag Anna")
    git(a, "push", "-q")
    edit(b, "vertrekpunt", lambda d: stakeholder(d, "Bibliotheek").__setitem__("rol", "Voorlezen en boekenkisten"))
    edit(b, "uitvoering", lambda d: d["middelen"][5].__setitem__("bedrag", 24500))  # the SMI budget line
    by_hand(b, "plan.yaml", "regio: Regio Rivierenland-Noord", "regio: Regio Rivierenland")
    commit_as(b, "Woensdag Bert")
    assert pull(b)
    choose(b, "middelen[Opvang op sociaal-medische indicatie voor kinderen zonder toeslagrecht].bedrag", "--ons")  # Bert's amount, explicitly against Anna's
    finish(b)
    git(b, "push", "-q")
    assert not pull(a)

    # --- Friday: choices and the horizon, Bert rebases ---------------------------------------
    edit(a, "visie", lambda d: d["kernwaarden"].append("vroegsignalering"))
    edit(a, "visie", lambda d: d.__setitem__("horizonjaar", 2035))
    commit_as(a, "Vrijdag Anna")
    git(a, "push", "-q")
    edit(b, "visie", lambda d: d["kernwaarden"].remove("samenwerking"))
    edit(b, "visie", lambda d: d.__setitem__("horizonjaar", 2036))
    commit_as(b, "Vrijdag Bert")
    assert pull(b, rebase=True)
    choose(b, "horizonjaar", "--hun")  # in a rebase "hun" is Bert's own commit: 2036
    finish(b, rebase=True)
    git(b, "push", "-q")
    assert not pull(a)

    # --- the merged plan: every change present, or chosen against ----------------------------
    for clone in (a, b):
        vertrekpunt = data(clone, "vertrekpunt")
        names = [item["naam"] for item in vertrekpunt["stakeholders"]]
        assert names[0] == LAST and COACH not in names  # Bert's reorder and removal
        assert stakeholder(vertrekpunt, "Bibliotheek Lindewaard")["rol"] == "Voorlezen en boekenkisten"
        assert stakeholder(vertrekpunt, "Muziekschool")["invloed"] == "laag"
        assert stakeholder(vertrekpunt, SK)["invloed"] == "midden"
        assert stakeholder(vertrekpunt, SK)["contactpersoon"] == "Jeroen Bakker, bestuurder"
        mandate = " ".join(str(vertrekpunt["mandaat"]).split())
        assert "tot 18.000 euro" in mandate and "procesbegeleiding door een bureau" in mandate
        assert data(clone, "uitvoering")["middelen"][5]["bedrag"] == 24500
        visie = data(clone, "visie")
        assert visie["horizonjaar"] == 2036
        assert "vroegsignalering" in visie["kernwaarden"] and "samenwerking" not in visie["kernwaarden"]
        plan_text = (clone / "plan.yaml").read_text(encoding="utf-8")
        assert "titel: Ieder kind welkom in Lindewaard" in plan_text and "regio: Regio Rivierenland\n" in plan_text
        assert run_cli("check", "--strict", str(clone)) == 0
        assert run_cli("render", "--check", str(clone)) == 0
    assert git(a, "rev-parse", "HEAD").stdout == git(b, "rev-parse", "HEAD").stdout
