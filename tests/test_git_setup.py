"""One-step git set-up: .gitattributes, the local drivers, the hints in status and check."""
from __future__ import annotations

import shutil

import pytest

from git_helpers import git, git_env  # noqa: F401 - git_env is a fixture
from helpers import EXAMPLE, copy_example, run_cli
from handreiking.git.setup import ATTRIBUTES_BLOCK, attributes_text, missing_setup, wanted_config

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt"),
              pytest.mark.usefixtures("git_env")]


def test_attributes_block_is_added_once_and_other_lines_stay():
    mine = "*.pdf binary\n"
    once = attributes_text(mine)
    assert once.startswith(mine) and once.endswith(ATTRIBUTES_BLOCK)
    assert attributes_text(once) == once
    outdated = once.replace("plan.yaml merge=handreiking\n", "")
    assert attributes_text(outdated) == once
    assert attributes_text("") == ATTRIBUTES_BLOCK


def test_setup_git_on_an_existing_plan_repository(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    legacy = plan / "documenten" / ".handreiking-bronnen.json"
    legacy.parent.mkdir()
    legacy.write_text("{}\n", encoding="utf-8")
    git(plan, "init", "-q")
    git(plan, "add", "-A")
    git(plan, "commit", "-qm", "oud plan")
    capsys.readouterr()
    assert run_cli("check", str(plan)) == 0
    err = capsys.readouterr().err
    assert "nog niet ingesteld voor samenwerken" in err and f"handreiking setup-git {plan}" in err
    assert run_cli("setup-git", str(plan)) == 0
    out = capsys.readouterr().out
    assert ".gitattributes geschreven" in out and "weggehaald" in out and "git add -A" in out
    assert not legacy.exists()
    config = git(plan, "config", "--local", "--list").stdout
    for name, value in wanted_config().items():
        assert f"{name}={value}" in config
    assert missing_setup(plan) is None
    git(plan, "add", "-A")
    assert "documenten/.handreiking-bronnen.json" in git(plan, "status", "--porcelain").stdout  # staged removal


def test_plans_outside_git_and_the_example_inside_handreikings_repo_need_no_set_up(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    assert missing_setup(plan) is None
    assert missing_setup(EXAMPLE) is None  # inside the repository of handreiking itself, not its own
    assert run_cli("setup-git", str(plan)) == 1
    assert "staat (nog) niet in git" in capsys.readouterr().err


def test_a_configured_python_that_is_gone_is_reported(tmp_path):
    plan = tmp_path / "plan"
    assert run_cli("init", "--voorbeeld", str(plan), "--git") == 0
    assert missing_setup(plan) is None
    git(plan, "config", "merge.handreiking.driver", "/bestaat/niet/python -m handreiking merge-driver %O %A %B %P")
    assert "Python die er niet meer is" in missing_setup(plan)


def test_internal_commands_are_hidden_and_say_what_they_need(capsys, tmp_path):
    with pytest.raises(SystemExit):
        run_cli("--help")
    out = capsys.readouterr().out
    assert "setup-git" in out and "merge-driver" not in out and "diff-text" not in out
    assert run_cli("merge-driver", "a") == 2
    assert "verwacht 4" in capsys.readouterr().err
    page = tmp_path / "p.html"
    page.write_text("<html><style>p{}</style><h1>Kop</h1><p>Een &amp; twee</p><table><tr><td>a</td>"
                    "<td>b</td></tr></table></html>", encoding="utf-8")
    assert run_cli("diff-text", str(page)) == 0
    assert capsys.readouterr().out == "# Kop\nEen & twee\n| a | b\n"
