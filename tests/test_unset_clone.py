"""A clone made without ``handreiking setup-git`` that pulls a conflicting change.

git then merges plan.yaml and the answer files as plain text and writes its own
conflict lines (<<<<<<<). The way back must work from exactly that state:
``setup-git`` runs although plan.yaml does not read, ``git checkout -m`` then merges
again per question, and ``kies``/``check`` never claim all is well meanwhile.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from git_helpers import git, git_env  # noqa: F401 - git_env is a fixture
from helpers import run_cli

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt"),
              pytest.mark.usefixtures("git_env"),
              pytest.mark.slow]  # slow: real git merges between clones (CI runs them)
OLD_TITLE = "titel: Samen naar inclusieve kinderopvang in Lindewaard"


def change_title(clone: Path, title: str) -> None:
    plan_file = clone / "plan.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(OLD_TITLE, f"titel: {title}"),
                         encoding="utf-8")
    git(clone, "commit", "-qam", title)


@pytest.fixture
def unset_clone(tmp_path: Path) -> Path:
    """Anna (set up) pushes a new title; Carl (never ran setup-git) changed it too and pulls."""
    assert run_cli("init", "--voorbeeld", str(tmp_path / "plan"), "--git") == 0
    git(tmp_path, "clone", "-q", "--bare", "plan", "origin.git")
    for name in ("anna", "carl"):
        git(tmp_path, "clone", "-q", "origin.git", name)
    anna, carl = tmp_path / "anna", tmp_path / "carl"
    assert run_cli("setup-git", str(anna)) == 0
    change_title(anna, "Titel van Anna")
    git(anna, "push", "-q")
    change_title(carl, "Titel van Carl")
    pulled = git(carl, "pull", "-q", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 1
    assert "<<<<<<<" in (carl / "plan.yaml").read_text(encoding="utf-8")  # git's own text merge
    return carl


def test_setup_git_runs_while_plan_yaml_holds_git_conflict_lines(unset_clone, capsys):
    carl = unset_clone
    capsys.readouterr()
    assert run_cli("setup-git", str(carl)) == 0
    out, err = capsys.readouterr()
    assert "Klaar: samenwerken in git" in out and "Fout" not in err
    git(carl, "checkout", "-m", "plan.yaml")  # merged again, now by handreiking: a conflict block
    assert "<<<<<<<" not in (carl / "plan.yaml").read_text(encoding="utf-8")
    assert run_cli("kies", str(carl), "titel", "--hun") == 0
    assert "titel: Titel van Anna\n" in (carl / "plan.yaml").read_text(encoding="utf-8")
    assert run_cli("check", "--strict", str(carl)) == 0


def test_check_status_and_kies_name_the_set_up_as_the_way_back(unset_clone, capsys):
    carl = unset_clone
    way_back = f"handreiking setup-git {carl} && git -C {carl} checkout -m plan.yaml"
    for command in ("check", "status", "render", "kies"):
        capsys.readouterr()
        assert run_cli(command, str(carl)) == 1, command
        out, err = capsys.readouterr()
        assert "git-mergeconflict" in err and "nog niet ingesteld met handreiking setup-git" in err, command
        assert way_back in err, command
        assert "geen conflicten" not in out, command  # kies never says all is well over git's conflict lines


def test_a_set_up_clone_with_git_lines_by_hand_keeps_the_plain_hint(unset_clone, capsys):
    carl = unset_clone
    assert run_cli("setup-git", str(carl)) == 0  # set up now, the lines stay until git merges again
    capsys.readouterr()
    assert run_cli("check", str(carl)) == 1
    err = capsys.readouterr().err
    assert "git diff laat de conflicten zien" in err and "nog niet ingesteld" not in err


def test_git_lines_in_an_answer_file_are_never_called_chosen(tmp_path: Path, capsys):
    """New-user trial: while git's own lines sat in an answer file, status said "Alles is
    gekozen. Rond af met: … git commit" under the error that said the opposite."""
    assert run_cli("init", "--voorbeeld", str(tmp_path / "plan"), "--git") == 0
    git(tmp_path, "clone", "-q", "--bare", "plan", "origin.git")
    for name in ("anna", "carl"):
        git(tmp_path, "clone", "-q", "origin.git", name)
    anna, carl = tmp_path / "anna", tmp_path / "carl"
    for clone, hours in ((anna, 10), (carl, 20)):
        answers = clone / "antwoorden" / "1-vertrekpunt.yaml"
        text = answers.read_text(encoding="utf-8")
        start = text.index("regisseur_uren:")
        answers.write_text(text[:start] + f"regisseur_uren: {hours}" + text[text.index("\n", start):],
                           encoding="utf-8")
        git(clone, "commit", "-qam", f"{hours} uur")
        if clone == anna:
            git(anna, "push", "-q")
    assert git(carl, "pull", "-q", "--no-rebase", "--no-edit", check=False).returncode == 1
    assert "<<<<<<<" in (carl / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8")
    for command in ("status", "check"):
        capsys.readouterr()
        assert run_cli(command, str(carl)) == 1, command
        err = capsys.readouterr().err
        assert "Alles is gekozen" not in err, command
        assert "Nog niets gekozen in antwoorden/1-vertrekpunt.yaml" in err, command
