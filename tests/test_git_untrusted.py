"""A plan folder with its own ``.git`` (a zip, a shared drive): the git commands handreiking
runs start no program the repository's config names, and another user's repository is refused."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from git_helpers import git_env  # noqa: F401 - a fixture
from helpers import copy_example, examples, run_cli
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
    other = _other_repository(tmp_path, "Privé aantekening")
    plan = copy_example(tmp_path / "plan")
    (plan / ".git").symlink_to(other / ".git")
    assert run_cli("verschil", str(plan)) == 1
    err = capsys.readouterr().err
    assert "koppeling naar een git-geschiedenis elders" in err and "Traceback" not in err
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    documents = "".join(p.read_text(encoding="utf-8") for p in (plan / "documenten").glob("*.md"))
    assert "Privé aantekening" not in documents


def _plan_in_git(plan: Path) -> None:
    from git_helpers import git

    git(plan, "init", "-q")
    git(plan, "add", "-A")
    git(plan, "commit", "-q", "-m", "Eerste versie")


def _other_repository(tmp_path: Path, message: str = "Geheim") -> Path:
    """Someone else's repository beside the plan, with one commit."""
    from git_helpers import git

    other = tmp_path / "ander"
    other.mkdir()
    git(other, "init", "-q")
    (other / "geheim.txt").write_text("van iemand anders\n", encoding="utf-8")
    git(other, "add", "geheim.txt")
    git(other, "commit", "-q", "-m", message)
    return other


def test_a_git_config_linked_to_a_file_elsewhere_is_neither_read_nor_changed(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    _plan_in_git(plan)
    outside = tmp_path / "buiten-config"
    (plan / ".git" / "config").rename(outside)
    (plan / ".git" / "config").symlink_to(outside)
    before = outside.read_bytes()
    for command in ("setup-git", "verschil"):
        assert run_cli(command, str(plan)) == 1, command
        err = capsys.readouterr().err
        assert "geen gewoon bestand" in err and "Traceback" not in err, command
    assert run_cli("status", str(plan)) == 0  # status asks git nothing then: it says no more about git
    assert outside.read_bytes() == before


def test_setup_git_writes_no_hook_through_a_linked_hooks_folder(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    _plan_in_git(plan)
    outside = tmp_path / "buiten-hooks"
    outside.mkdir()
    shutil.rmtree(plan / ".git" / "hooks")
    (plan / ".git" / "hooks").symlink_to(outside)
    assert run_cli("setup-git", str(plan)) == 1
    err = capsys.readouterr().err
    assert "git-hook pre-commit is een verwijzing" in err and "Traceback" not in err
    assert list(outside.iterdir()) == []


def test_a_hook_that_is_a_folder_is_left_alone_with_a_dutch_note(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    _plan_in_git(plan)
    (plan / ".git" / "hooks" / "pre-commit").mkdir(parents=True)
    assert run_cli("setup-git", str(plan)) == 0
    out = capsys.readouterr().out
    assert "git-hook pre-commit bestond al (van iemand anders) en is niet vervangen" in out
    assert (plan / ".git" / "hooks" / "pre-commit").is_dir()


def test_a_git_pointer_to_a_repository_elsewhere_is_refused(tmp_path, capsys):
    """A ``.git`` file ("gitdir: …") from a zip that points to the user's own repository: setup-git
    would put hooks and settings there, and verschil would show its history."""
    from git_helpers import git

    other = tmp_path / "ander"
    other.mkdir()
    git(other, "init", "-q")
    config_before = (other / ".git" / "config").read_bytes()
    plan = copy_example(tmp_path / "plan")
    (plan / ".git").write_text(f"gitdir: {other / '.git'}\n", encoding="utf-8")
    for command in ("setup-git", "verschil"):
        assert run_cli(command, str(plan)) == 1, command
        err = capsys.readouterr().err
        assert "verwijst naar een git-geschiedenis buiten de planmap" in err and "Traceback" not in err
    assert (other / ".git" / "config").read_bytes() == config_before
    assert not [p for p in (other / ".git" / "hooks").iterdir() if p.name in ("pre-commit", "pre-merge-commit")]


def test_a_submodule_plan_whose_git_folder_is_in_the_repository_around_it_works(tmp_path, capsys):
    from git_helpers import git

    around = tmp_path / "gemeente"
    around.mkdir()
    git(around, "init", "-q")
    plan = copy_example(around / "plan")
    _plan_in_git(plan)
    modules = around / ".git" / "modules" / "plan"
    modules.parent.mkdir(parents=True)
    (plan / ".git").rename(modules)
    (plan / ".git").write_text("gitdir: ../.git/modules/plan\n", encoding="utf-8")
    git(plan, "config", "core.worktree", "../../../plan")
    assert run_cli("setup-git", str(plan)) == 0, capsys.readouterr().err
    assert "merge-driver" in (modules / "config").read_text(encoding="utf-8")


def test_setup_git_deletes_nothing_through_a_linked_documents_folder(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    _plan_in_git(plan)
    outside = tmp_path / "buiten-documenten"
    outside.mkdir()
    shutil.rmtree(plan / "documenten", ignore_errors=True)
    (plan / "documenten").symlink_to(outside)
    (outside / ".handreiking-bronnen.json").write_text("{}", encoding="utf-8")
    run_cli("setup-git", str(plan))
    assert "Traceback" not in capsys.readouterr().err
    assert (outside / ".handreiking-bronnen.json").exists()


@pytest.mark.parametrize("how", ["alternates", "commondir", "objects linked", "refs linked"])
def test_a_git_folder_that_borrows_another_repository_is_refused(tmp_path, capsys, how):
    """A zip's ``.git`` that uses another repository's objects (``objects/info/alternates``, as
    ``git clone --shared`` leaves it), its whole repository (``commondir``), or links its
    ``objects``/``refs`` there: history would read, and setup-git write, outside the plan."""
    other = _other_repository(tmp_path)
    before = sorted(p.relative_to(other) for p in (other / ".git").rglob("*"))
    plan = copy_example(tmp_path / "plan")
    _plan_in_git(plan)
    dot_git = plan / ".git"
    if how == "alternates":
        (dot_git / "objects" / "info" / "alternates").write_text(f"{other / '.git' / 'objects'}\n", encoding="utf-8")
    elif how == "commondir":
        (dot_git / "commondir").write_text(f"{other / '.git'}\n", encoding="utf-8")
    else:
        name = how.split()[0]
        shutil.rmtree(dot_git / name)
        (dot_git / name).symlink_to(other / ".git" / name)
    for command in ("setup-git", "verschil"):
        assert run_cli(command, str(plan)) == 1, command
        err = capsys.readouterr().err
        assert ("laat git de geschiedenis van een andere map gebruiken" in err
                or "is een koppeling naar iets buiten de planmap" in err), err
        assert "Traceback" not in err and "geheim" not in err.lower()
    assert sorted(p.relative_to(other) for p in (other / ".git").rglob("*")) == before  # nothing written there


def test_a_clone_with_alternates_inside_its_own_folder_still_works(tmp_path, capsys):
    """An alternates file that names objects inside the plan's own repository is its own history."""
    plan = copy_example(tmp_path / "plan")
    _plan_in_git(plan)
    spare = plan / ".git" / "extra-objects"
    spare.mkdir()
    (plan / ".git" / "objects" / "info" / "alternates").write_text("../extra-objects\n", encoding="utf-8")
    assert run_cli("verschil", str(plan)) == 0, capsys.readouterr().err


def _quoted(path: Path) -> str:
    """A path as git may quote it in alternates: every '/' as the octal escape \\057."""
    return '"' + str(path).replace("/", "\\057") + '"'


@pytest.mark.parametrize("how", ["quoted", "chained", "after a long comment", "commondir with a linked config",
                                 "linked pack folder", "linked refs/heads"])
def test_a_borrowed_repository_hidden_one_step_further_is_refused_too(tmp_path, capsys, how):
    """What a second attacker's trial found past the first check: git decodes quoted paths,
    follows alternates of alternates, reads a pointer file whole, uses the config of the folder
    ``commondir`` names, and follows links deeper in ``objects`` and ``refs``."""
    other = _other_repository(tmp_path)
    before = {p.relative_to(other): p.read_bytes() for p in (other / ".git").rglob("*") if p.is_file()}
    plan = copy_example(tmp_path / "plan")
    _plan_in_git(plan)
    dot_git = plan / ".git"
    alternates = dot_git / "objects" / "info" / "alternates"
    if how == "quoted":
        alternates.write_text(_quoted(other / ".git" / "objects") + "\n", encoding="utf-8")
    elif how == "chained":
        store = plan / "opslag" / "objects" / "info"
        store.mkdir(parents=True)
        (store / "alternates").write_text(f"{other / '.git' / 'objects'}\n", encoding="utf-8")
        alternates.write_text("../../../opslag/objects\n", encoding="utf-8")
    elif how == "after a long comment":
        alternates.write_text("#" + "x" * 70000 + f"\n{other / '.git' / 'objects'}\n", encoding="utf-8")
    elif how == "commondir with a linked config":
        common = plan / "gedeeld"
        shutil.copytree(dot_git, common)
        (common / "config").unlink()
        (common / "config").symlink_to(other / ".git" / "config")
        (dot_git / "commondir").write_text("../gedeeld\n", encoding="utf-8")
    elif how == "linked pack folder":
        shutil.rmtree(dot_git / "objects" / "pack")
        (dot_git / "objects" / "pack").symlink_to(other / ".git" / "objects" / "pack")
    else:
        shutil.rmtree(dot_git / "refs" / "heads")
        (dot_git / "refs" / "heads").symlink_to(other / ".git" / "refs" / "heads")
    for command in ("setup-git", "verschil"):
        assert run_cli(command, str(plan)) == 1, (command, capsys.readouterr())
        err = capsys.readouterr().err
        assert "handreiking gebruikt" in err and "Traceback" not in err and "geheim" not in err.lower(), err
    after = {p.relative_to(other): p.read_bytes() for p in (other / ".git").rglob("*") if p.is_file()}
    assert after == before  # not a byte written there


def test_quoted_and_chained_alternates_inside_the_plan_still_work(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    _plan_in_git(plan)
    store = plan / ".git" / "extra" / "objects" / "info"
    store.mkdir(parents=True)
    (store / "alternates").write_text("../../../objects-spare\n", encoding="utf-8")
    (plan / ".git" / "objects-spare").mkdir()
    (plan / ".git" / "objects" / "info" / "alternates").write_text(
        _quoted(plan / ".git" / "extra" / "objects") + "\n", encoding="utf-8")
    assert run_cli("verschil", str(plan)) == 0, capsys.readouterr().err


@settings(max_examples=examples(200), deadline=None)
@given(st.text())
def test_any_quoted_pointer_line_is_decoded_without_an_error(text):
    """A pointer file is someone else's text: any quoted line decodes (as git would, or to
    something git would refuse), never to an exception."""
    from handreiking.git.command import _unquote_c

    assert isinstance(_unquote_c('"' + text + '"'), str)
    assert _unquote_c('"\\057tmp\\057x"') == "/tmp/x"


def test_git_variables_in_the_environment_do_not_point_handreiking_at_another_repository(tmp_path, capsys,
                                                                                          monkeypatch):
    """GIT_DIR and its kin in the user's environment (left over from a script, or set by a git hook
    that starts handreiking) made the overview show another repository's history."""
    from handreiking.git.command import git

    plan = copy_example(tmp_path / "plan")
    _plan_in_git(plan)
    other = _other_repository(tmp_path)
    assert run_cli("render", str(plan)) == 0
    for name, value in {"GIT_DIR": other / ".git", "GIT_WORK_TREE": other, "GIT_INDEX_FILE": other / ".git" / "index",
                        "GIT_OBJECT_DIRECTORY": other / ".git" / "objects", "GIT_CONFIG_COUNT": "1",
                        "GIT_CONFIG_KEY_0": "core.pager", "GIT_CONFIG_VALUE_0": "false"}.items():
        monkeypatch.setenv(name, str(value))
    assert git(plan, "log", "--format=%s").stdout.strip() == "Eerste versie"
    assert run_cli("render", str(plan), "--check") == 0, capsys.readouterr().out  # the same documents


def test_a_git_log_in_another_encoding_is_read(tmp_path, capsys):
    """``i18n.logOutputEncoding`` in the plan's (or the user's) config made git write the log in
    Latin-1, and reading it as UTF-8 stopped render and status with an unexpected error."""
    from git_helpers import git

    plan = copy_example(tmp_path / "plan")
    _plan_in_git(plan)
    answers = plan / "antwoorden" / "1-vertrekpunt.yaml"
    answers.write_text(answers.read_text(encoding="utf-8").replace("regisseur_uren: 12", "regisseur_uren: 14"),
                       encoding="utf-8")
    git(plan, "commit", "-q", "-am", "Zoë: minder uren, café-overleg")
    git(plan, "config", "i18n.logOutputEncoding", "ISO-8859-1")
    for command in ("render", "status"):
        assert run_cli(command, str(plan)) == 0, command
        out = capsys.readouterr()
        assert "onverwachts" not in out.out + out.err
