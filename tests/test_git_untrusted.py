"""A plan folder with its own ``.git`` (a zip, a shared drive): the git commands handreiking
runs start no program the repository's config names, and another user's repository is refused."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from git_helpers import git_env  # noqa: F401 - a fixture
from helpers import copy_example, run_cli
from hostile_plan import make_hostile_repository

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt"),
              pytest.mark.usefixtures("git_env")]


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    plan = copy_example(tmp_path / "plan")
    ran = make_hostile_repository(plan, tmp_path / "buiten")
    return plan, ran


@pytest.mark.parametrize("command", [
    ("render",), ("status",), ("verschil",), ("verschil", "HEAD~1", "HEAD"), ("check",),
])
def test_no_program_from_the_plans_git_config_runs(hostile, command, capsys, monkeypatch):
    plan, ran = hostile
    monkeypatch.chdir(plan)  # the documented way: run handreiking from inside the plan folder
    code = run_cli(command[0], ".", *command[1:])
    out = capsys.readouterr()
    assert not ran.exists(), f"{command}: {ran.read_text(encoding='utf-8')}"
    assert code in (0, 1), out.err
    assert "Traceback" not in out.out + out.err


def test_setup_git_writes_only_its_own_config_and_runs_nothing(hostile, capsys):
    plan, ran = hostile
    assert run_cli("setup-git", str(plan)) == 0
    assert not ran.exists(), ran.read_text(encoding="utf-8")
    config = (plan / ".git" / "config").read_text(encoding="utf-8")
    assert "merge-driver" in config  # handreiking's own merge driver is set up


def test_a_repository_of_another_user_is_refused(tmp_path, capsys, monkeypatch):
    plan = copy_example(tmp_path / "plan")
    from git_helpers import git

    git(plan, "init", "-q")
    git(plan, "add", "-A")
    git(plan, "commit", "-q", "-m", "Eerste versie")
    from handreiking.git import command as gitcommand

    monkeypatch.setattr(gitcommand, "_current_user", lambda: os.lstat(plan).st_uid + 1)
    assert run_cli("verschil", str(plan)) == 1
    err = capsys.readouterr().err
    assert "van een andere gebruiker" in err and "Traceback" not in err


def test_a_git_folder_linked_from_elsewhere_is_refused(tmp_path, capsys):
    """A plan whose .git is a link to another repository (say the user's own private one)
    would put that history in the documents' change log."""
    from git_helpers import git

    other = tmp_path / "ander"
    other.mkdir()
    git(other, "init", "-q")
    (other / "x.txt").write_text("x", encoding="utf-8")
    git(other, "add", "-A")
    git(other, "commit", "-q", "-m", "Privé aantekening")
    plan = copy_example(tmp_path / "plan")
    (plan / ".git").symlink_to(other / ".git")
    assert run_cli("verschil", str(plan)) == 1
    err = capsys.readouterr().err
    assert "koppeling naar een git-geschiedenis elders" in err and "Traceback" not in err
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    documents = "".join(p.read_text(encoding="utf-8") for p in (plan / "documenten").glob("*.md"))
    assert "Privé aantekening" not in documents
