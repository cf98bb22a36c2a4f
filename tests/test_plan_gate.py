"""A plan from someone else is safe to open (issue 20, points 1-4, 6, 12, 13).

Every file the plan names goes through one gate (``planfiles``): links out of the
plan folder, devices, pipes and huge files are refused with a Dutch message, the
lock file is never followed, templates see only templates, YAML from old commits
is bounded, a batch is all or nothing, and the cache's subfolders are checked.
Each test builds the trick as an attacker would (mostly with a real ``git clone``)
and checks what a person sees and that nothing outside the plan changed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from git_helpers import git, git_env  # noqa: F401 - fixture
from helpers import copy_example, examples, installed_command, run_cli
from hostile_plan import BILLION_LAUGHS, LINK_CANARIES, plant_link_tricks

HANG = 60  # seconds: a command still running after this is hanging (issue 20: "no command longer than a minute")

def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command, as a person runs it; a hang fails the test instead of blocking it."""
    try:
        return subprocess.run([installed_command(), *args], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=HANG, input=stdin if stdin is not None else "")
    except subprocess.TimeoutExpired:
        pytest.fail(f"handreiking {' '.join(args)} liep na {HANG} seconden nog (hangt)")


def snapshot(folder: Path, *, skip: tuple[Path, ...] = ()) -> dict[str, tuple[str, bytes]]:
    """Every entry under ``folder`` (links as their target, files by content), except ``skip``."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if any(path == s or s in path.parents for s in skip):
            continue
        if path.is_symlink():
            found[str(path.relative_to(folder))] = ("link", os.readlink(path).encode())
        elif path.is_file():
            found[str(path.relative_to(folder))] = ("file", path.read_bytes())
        else:
            found[str(path.relative_to(folder))] = ("dir", b"")
    return found


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def hostile_origin(tmp_path: Path) -> Path:
    """A repository with a plan in it, ready for the tricks of one test."""
    origin = copy_example(tmp_path / "origin")
    git(origin, "init", "-q")
    commit_all(origin, "Plan")
    return origin


def clone(origin: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(target)], check=True, capture_output=True)
    return target


def batch_file(tmp_path: Path) -> Path:
    source = tmp_path / "invoer.yaml"
    source.write_text("visie:\n  horizonjaar: 2036\nvertrekpunt:\n  regisseur_naam: Noor Yilmaz\n", encoding="utf-8")
    return source


# --- point 1: the lock file -------------------------------------------------------------


@pytest.mark.usefixtures("git_env")
def test_a_committed_lock_file_link_never_touches_its_target(tmp_path, capsys):
    """Issue 20.1: a plan repository that commits ``.handreiking.lock -> ../../victim``; the
    wizard replaces the link by its own lock and leaves the file it points to alone."""
    home = tmp_path / "home"
    victim = home / "victim"
    victim.parent.mkdir()
    victim.write_text("export PATH=$HOME/bin:$PATH\n", encoding="utf-8")
    origin = hostile_origin(tmp_path)
    (origin / ".handreiking.lock").symlink_to("../../victim")
    commit_all(origin, "Slot")
    plan = clone(origin, home / "plannen" / "plan")
    assert (plan / ".handreiking.lock").is_symlink() and (plan / ".handreiking.lock").resolve() == victim

    code = run_cli("wizard", str(plan), "--antwoorden", str(batch_file(tmp_path)))
    out = capsys.readouterr()
    assert code == 0, out.err
    assert victim.read_text(encoding="utf-8") == "export PATH=$HOME/bin:$PATH\n"
    assert "horizonjaar: 2036" in (plan / "antwoorden" / "2-visie.yaml").read_text(encoding="utf-8")
    assert not os.path.lexists(plan / ".handreiking.lock")  # released: our own lock file is gone again


def test_a_lock_file_that_is_a_pipe_or_hard_link_is_replaced_not_used(example_plan, tmp_path, capsys):
    other = tmp_path / "elders.txt"
    other.write_text("van iemand anders\n", encoding="utf-8")
    os.link(other, example_plan / ".handreiking.lock")
    assert run_cli("wizard", str(example_plan), "--antwoorden", str(batch_file(tmp_path))) == 0
    assert other.read_text(encoding="utf-8") == "van iemand anders\n"
    os.mkfifo(example_plan / ".handreiking.lock")
    assert run_cli("wizard", str(example_plan), "--antwoorden", str(batch_file(tmp_path))) == 0
    assert not os.path.lexists(example_plan / ".handreiking.lock")
    capsys.readouterr()


def test_a_running_wizard_still_keeps_a_second_one_out(example_plan):
    from handreiking.core.errors import LockError
    from handreiking.plan.folder import PlanLock, open_plan

    plan = open_plan(example_plan)
    with PlanLock(plan):
        with pytest.raises(LockError, match="al geopend in een andere wizard"):
            PlanLock(plan).acquire()


# --- point 2: templates see only templates ---------------------------------------------


def test_a_template_cannot_include_a_file_through_a_link_out_of_the_plan(example_plan, tmp_path, capsys):
    """Issue 20.2: ``{% include 'etclink/passwd' %}`` with ``etclink -> /etc``."""
    outside = tmp_path / "geheim"
    outside.mkdir()
    (outside / "passwd").write_text("GEHEIM-WACHTWOORD\n", encoding="utf-8")
    templates = example_plan / "sjablonen"
    templates.mkdir()
    (templates / "etclink").symlink_to("/etc")
    (templates / "geheimlink").symlink_to(outside)
    (templates / "visiedocument.md.j2").write_text(
        "# Visie\n\n{% include 'etclink/passwd' %}\n", encoding="utf-8")
    code = run_cli("render", str(example_plan), "--formaat", "md")
    out = capsys.readouterr()
    assert code == 1
    assert "buiten de map sjablonen" in out.err and "etclink" in out.err
    assert "Traceback" not in out.err

    (templates / "visiedocument.md.j2").write_text("# Visie\n\n{% include 'geheimlink/passwd' %}\n",
                                                   encoding="utf-8")
    assert run_cli("render", str(example_plan), "--formaat", "md") == 1
    assert "buiten de map sjablonen" in capsys.readouterr().err
    written = "".join(p.read_text(encoding="utf-8") for p in (example_plan / "documenten").glob("*.md"))
    assert "GEHEIM-WACHTWOORD" not in written


def test_templates_see_only_the_templates_folder(example_plan, capsys):
    """A link inside sjablonen/ is fine; one to elsewhere, even in the plan, is not a template."""
    templates = example_plan / "sjablonen"
    (templates / "eigen").mkdir(parents=True)
    (templates / "eigen" / "visie.md.j2").write_text("# Eigen visie\n\nVan de partners.\n", encoding="utf-8")
    (templates / "visiedocument.md.j2").symlink_to("eigen/visie.md.j2")
    assert run_cli("render", str(example_plan), "--formaat", "md") == 0, capsys.readouterr().err
    assert "Van de partners." in (example_plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    (templates / "visiedocument.md.j2").unlink()
    (templates / "visiedocument.md.j2").symlink_to("../plan.yaml")
    assert run_cli("render", str(example_plan), "--formaat", "md") == 1
    assert "buiten de map sjablonen" in capsys.readouterr().err


@pytest.mark.parametrize("asked", ["bestaat-niet.md.j2", "../../geheim.txt", "/etc/passwd"])
def test_an_include_of_a_template_that_is_not_there_names_it_and_where(example_plan, capsys, asked):
    """It said "vraag 'visiedocument': sjabloon 'visiedocument.md.j2' niet gevonden": the wrong
    file, and a document called a question."""
    templates = example_plan / "sjablonen"
    templates.mkdir()
    (templates / "visiedocument.md.j2").write_text(f"# Visie\n\n{{% include '{asked}' %}}\n", encoding="utf-8")
    assert run_cli("render", str(example_plan), "--formaat", "md") == 1
    err = capsys.readouterr().err
    assert f"visiedocument.md.j2, regel 3: het sjabloon vraagt om '{asked}'" in err
    assert "vraag '" not in err and "Traceback" not in err


def test_a_house_style_linked_out_of_the_plan_is_refused(example_plan, tmp_path, capsys):
    """Issue 20.2: a symlinked ``huisstijl.css`` was copied into every HTML page."""
    secret = tmp_path / "token.css"
    secret.write_text("/* GEHEIM-TOKEN */ body { color: red; }\n", encoding="utf-8")
    (example_plan / "sjablonen").mkdir()
    (example_plan / "sjablonen" / "huisstijl.css").symlink_to(secret)
    code = run_cli("render", str(example_plan), "--formaat", "html")
    err = capsys.readouterr().err
    assert code == 1
    assert "huisstijl.css" in err and "buiten de planmap" in err
    pages = list((example_plan / "documenten").glob("*.html")) if (example_plan / "documenten").exists() else []
    assert all("GEHEIM-TOKEN" not in p.read_text(encoding="utf-8") for p in pages)


# --- point 3: /dev/zero and other endless files ----------------------------------------


@pytest.mark.parametrize("name", ["antwoorden/2-visie.yaml", "sjablonen/huisstijl.docx", "plan.yaml"])
def test_a_link_to_dev_zero_is_refused_quickly(example_plan, name):
    """Issue 20.3: read without limit (about 1 GB/s) until the machine ran out of memory."""
    path = example_plan / name
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to("/dev/zero")
    commands = [["check"], ["render", "--formaat", "md"], ["render", "--formaat", "docx"], ["status"]]
    for command in commands:
        result = run(*command, str(example_plan))
        said = result.stderr + result.stdout
        assert "Traceback" not in result.stderr
        reads_it = command[-1] == "docx" or not name.startswith("sjablonen")  # check/status/md skip the house style
        if reads_it:
            assert result.returncode == 1, (command, result.stdout, result.stderr)
            assert Path(name).name in said and "buiten de planmap" in said, (command, said)
        else:
            assert result.returncode in (0, 1), (command, said)


@pytest.mark.parametrize("where", ["answer", "batch"])
def test_a_pipe_as_answer_file_gives_a_message_instead_of_blocking(example_plan, tmp_path, where):
    """Issue 20.13: a FIFO as answer file blocked for ever."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no pipes on this system")
    if where == "answer":
        fifo = example_plan / "antwoorden" / "2-visie.yaml"
        fifo.unlink()
        os.mkfifo(fifo)
        result = run("check", str(example_plan))
    else:
        fifo = tmp_path / "invoer.yaml"
        os.mkfifo(fifo)
        result = run("wizard", str(example_plan), "--antwoorden", str(fifo))
    assert result.returncode == 1, result.stderr
    assert "geen gewoon bestand" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_huge_template_is_refused_with_its_name(example_plan, capsys):
    (example_plan / "sjablonen").mkdir()
    (example_plan / "sjablonen" / "visiedocument.md.j2").write_bytes(b"# x\n" + b"a" * (3 * 1024 * 1024))
    assert run_cli("render", str(example_plan), "--formaat", "md") == 1
    err = capsys.readouterr().err
    assert "visiedocument.md.j2" in err and "te groot" in err


def test_an_answer_file_with_thousands_of_items_is_refused_before_any_work_per_item(example_plan, capsys):
    """40.000 parties in 1 MB: every command would take minutes and gigabytes; the list is refused,
    named with its line, and the other phases go on."""
    path = example_plan / "antwoorden" / "1-vertrekpunt.yaml"
    text = path.read_text(encoding="utf-8")
    extra = "".join(f"  - naam: P{n}\n" for n in range(1001))
    path.write_text(text.replace("stakeholders:\n", "stakeholders:\n" + extra, 1), encoding="utf-8")
    assert run_cli("check", str(example_plan)) == 1
    err = capsys.readouterr().err
    assert "(stakeholders): deze lijst heeft 10" in err and "hoogstens 1000" in err and "regel" in err
    assert run_cli("status", str(example_plan)) == 1  # status says what is wrong, and shows the rest
    assert "! 1 Vertrekpunt" in capsys.readouterr().out


def test_an_answer_file_over_one_megabyte_is_refused(example_plan, capsys):
    path = example_plan / "antwoorden" / "2-visie.yaml"
    path.write_bytes(path.read_bytes() + b"# " + b"x" * (1024 * 1024) + b"\n")
    assert run_cli("check", str(example_plan)) == 1
    err = capsys.readouterr().err
    assert "2-visie.yaml" in err and "te groot" in err and "Traceback" not in err


# --- point 4: YAML limits, also in old commits -----------------------------------------


@pytest.mark.slow  # a huge expansion on purpose (CI runs it)
@pytest.mark.usefixtures("git_env")
def test_a_billion_laughs_in_an_old_commit_is_named_and_bounded(tmp_path):
    """Issue 20.4: render, status and verschil A B went past 3 GB in 50 s."""
    origin = hostile_origin(tmp_path)
    visie = origin / "antwoorden" / "2-visie.yaml"
    good = visie.read_text(encoding="utf-8")
    visie.write_text(BILLION_LAUGHS, encoding="utf-8")
    commit_all(origin, "Lachen")
    bad = git(origin, "rev-parse", "--short", "HEAD").stdout.strip()
    visie.write_text(good, encoding="utf-8")
    commit_all(origin, "Weer goed")
    plan = clone(origin, tmp_path / "kloon")
    assert run("check", str(plan)).returncode == 0

    result = run("verschil", str(plan), "HEAD~2", "HEAD~1")
    assert result.returncode == 1
    assert bad in result.stderr and "2-visie.yaml" in result.stderr and "verwijzingen" in result.stderr
    assert "Traceback" not in result.stderr
    for command in (["render", "--formaat", "md,html"], ["status"], ["verschil", "HEAD~1"]):
        result = run(*command, str(plan))
        assert "Traceback" not in result.stderr, command
    assert "Fase" in (plan / "documenten" / "index.html").read_text(encoding="utf-8")


def test_every_reader_of_yaml_text_bounds_alias_expansion():
    from handreiking.core.errors import AnswerFileError
    from handreiking.git.merge import merge_texts
    from handreiking.core.yamlio import YamlLimitError, parse_yaml

    with pytest.raises(YamlLimitError, match="verwijzingen"):
        parse_yaml(BILLION_LAUGHS)
    with pytest.raises(YamlLimitError, match="te groot"):
        parse_yaml("a: " + "x" * (6 * 1024 * 1024) + "\n")
    with pytest.raises(AnswerFileError, match="verwijzingen"):
        merge_texts("a: 1\n", BILLION_LAUGHS, "a: 2\n")
    assert parse_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}  # a small alias is fine


def test_a_billion_laughs_in_a_shipped_style_definition_is_bounded(tmp_path):
    from handreiking.core.errors import QuestionnaireError
    from handreiking.core.yamlio import read_definition

    path = tmp_path / "advies.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="verwijzingen"):
        read_definition(path, what="advies.yaml")


# --- point 6: a secret behind an answer file, documenten elsewhere ---------------------


@pytest.mark.usefixtures("git_env")
def test_an_answer_file_linked_to_a_secret_is_refused_and_never_copied(tmp_path, capsys):
    """Issue 20.6: the secret was copied into antwoorden/ at the next wizard save."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "token").write_text("toekomstbeeld: GEHEIM-TOKEN-123\n", encoding="utf-8")
    origin = hostile_origin(tmp_path)
    (origin / "antwoorden" / "2-visie.yaml").unlink()
    (origin / "antwoorden" / "2-visie.yaml").symlink_to("../../../token")
    commit_all(origin, "Link")
    plan = clone(origin, home / "plannen" / "plan")
    assert "GEHEIM-TOKEN" in (plan / "antwoorden" / "2-visie.yaml").read_text(encoding="utf-8")  # the trick works

    assert run_cli("check", str(plan)) == 1
    out = capsys.readouterr()
    assert "buiten de planmap" in out.out + out.err
    source = tmp_path / "invoer.yaml"
    source.write_text("visie:\n  horizonjaar: 2036\n", encoding="utf-8")
    assert run_cli("wizard", str(plan), "--antwoorden", str(source)) == 1
    assert "buiten de planmap" in capsys.readouterr().err

    from handreiking.cli.shared import load_state

    _, catalog, answer_set, report = load_state(plan, round_trip=True)
    assert "visie" in answer_set.blocked  # the wizard leaves the phase alone: it never saves over it
    for phase in answer_set:
        if phase.questionnaire.phase != "visie":
            phase.save()
    assert os.path.islink(plan / "antwoorden" / "2-visie.yaml")
    for path in (plan / "antwoorden").iterdir():
        if not path.is_symlink():
            assert "GEHEIM-TOKEN" not in path.read_text(encoding="utf-8")
    assert (home / "token").read_text(encoding="utf-8") == "toekomstbeeld: GEHEIM-TOKEN-123\n"


def test_documenten_linked_out_of_the_plan_is_neither_written_nor_served(example_plan, tmp_path, capsys):
    """Issue 20.6: render wrote index.html and the other documents into the folder it points to."""
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    shutil.rmtree(example_plan / "documenten", ignore_errors=True)
    (example_plan / "documenten").symlink_to(elsewhere)
    code = run_cli("render", str(example_plan))
    err = capsys.readouterr().err
    assert code == 1
    assert "documenten" in err and "buiten de planmap" in err
    assert "vervang de verwijzing door een gewone map" in err  # a folder, not 'een gewoon bestand'
    assert list(elsewhere.iterdir()) == []
    assert run_cli("serve", str(example_plan), "--geen-browser", "--poort", "0") == 1
    assert "buiten de planmap" in capsys.readouterr().err


def test_a_document_linked_to_dev_zero_is_replaced_not_read(example_plan, capsys):
    documents = example_plan / "documenten"
    documents.mkdir(exist_ok=True)
    (documents / "visiedocument.md").unlink(missing_ok=True)
    (documents / "visiedocument.md").symlink_to("/dev/zero")
    result = run("render", str(example_plan), "--formaat", "md")
    assert result.returncode == 0, result.stderr
    assert not (documents / "visiedocument.md").is_symlink()
    assert (documents / "visiedocument.md").read_text(encoding="utf-8").startswith("#")


# --- point 12: the cache's figuren folder ----------------------------------------------


def test_a_world_writable_figuren_folder_in_the_cache_is_not_used(example_plan, tmp_path, monkeypatch, capsys):
    """Issue 20.12: a planted SVG with a link ended up in every HTML document. The pictures
    are drawn on every render now (no picture cache): what lies in the old folder is never read."""
    from handreiking.core import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache.cache_dir.cache_clear()
    try:
        figures = tmp_path / "cache" / "handreiking" / "figuren"
        figures.mkdir(parents=True)
        for name in ("tijdlijn", "begroting", "betrokkenheid", "continuum"):
            (figures / f"{name}-{'0' * 32}.svg").write_text(
                '<svg xmlns="http://www.w3.org/2000/svg"><a href="https://aanvaller.example/">GEPLANT</a></svg>',
                encoding="utf-8")
        figures.chmod(0o777)
        assert run_cli("render", str(example_plan), "--formaat", "html") == 0
        pages = "".join(p.read_text(encoding="utf-8") for p in (example_plan / "documenten").glob("*.html"))
        assert "<svg" in pages
        assert "GEPLANT" not in pages and "aanvaller.example" not in pages
        assert sorted(p.name[:8] for p in figures.iterdir()) == ["begrotin", "betrokke", "continuu", "tijdlijn"]
    finally:
        cache.cache_dir.cache_clear()
    capsys.readouterr()


def test_every_cache_subfolder_must_be_private(tmp_path, monkeypatch):
    from handreiking.core import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.cache_dir.cache_clear()
    try:
        assert cache.cache_subdir("figuren") == tmp_path / "handreiking" / "figuren"
        (tmp_path / "handreiking" / "figuren").chmod(0o777)
        assert cache.cache_subdir("figuren") is None
        (tmp_path / "elders").mkdir()
        (tmp_path / "handreiking" / "render-state").symlink_to(tmp_path / "elders")
        assert cache.cache_subdir("render-state") is None
    finally:
        cache.cache_dir.cache_clear()


# --- point 13: batch all or nothing, a full disk ----------------------------------------


KILL_AFTER_FIRST_MOVE = textwrap.dedent("""
    import os, sys
    real = os.replace
    def replace(source, target, *args, **kwargs):
        real(source, target, *args, **kwargs)
        name = str(target)
        if ("antwoorden" in name or name.endswith("plan.yaml")) and not name.endswith(".tmp"):
            os._exit(9)  # killed right after the first file of the batch is in place
    os.replace = replace
    from handreiking.cli.main import main
    sys.exit(main(sys.argv[1:]))
""")


def test_a_batch_killed_while_saving_leaves_all_old_or_all_new(example_plan, tmp_path):
    """Issue 20.13: killing batch mode mid-save left a half-applied batch."""
    source = tmp_path / "invoer.yaml"
    source.write_text("plan:\n  titel: Nieuwe titel\nvertrekpunt:\n  regisseur_naam: Noor Yilmaz\n"
                      "visie:\n  horizonjaar: 2036\n", encoding="utf-8")
    files = ["plan.yaml", "antwoorden/1-vertrekpunt.yaml", "antwoorden/2-visie.yaml"]
    before = {name: (example_plan / name).read_bytes() for name in files}
    killed = subprocess.run([sys.executable, "-c", KILL_AFTER_FIRST_MOVE, "wizard", str(example_plan),
                             "--antwoorden", str(source)], capture_output=True, text=True, timeout=HANG)
    assert killed.returncode == 9, killed.stderr
    assert run("check", str(example_plan)).returncode in (0, 1)  # the next command opens the plan
    after = {name: (example_plan / name).read_bytes() for name in files}
    changed = [name for name in files if after[name] != before[name]]
    assert changed in ([], files), f"half a batch: only {changed} changed"
    assert b"Nieuwe titel" in after["plan.yaml"]
    assert b"horizonjaar: 2036" in after["antwoorden/2-visie.yaml"]
    assert not list(example_plan.rglob("*.tmp")) and not (example_plan / ".handreiking-journaal.json").exists()


def test_a_journal_that_came_with_the_plan_moves_nothing_outside_it(example_plan, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("blijft\n", encoding="utf-8")
    (example_plan / "antwoorden" / ".x.batch.tmp").write_text("kwaad\n", encoding="utf-8")
    (example_plan / ".handreiking-journaal.json").write_text(
        '{"verplaatsen": [["antwoorden/.x.batch.tmp", "../victim"], ["plan.yaml", "antwoorden/2-visie.yaml"]]}',
        encoding="utf-8")
    visie = (example_plan / "antwoorden" / "2-visie.yaml").read_bytes()
    assert run("check", str(example_plan)).returncode == 0
    assert victim.read_text(encoding="utf-8") == "blijft\n"
    assert (example_plan / "antwoorden" / "2-visie.yaml").read_bytes() == visie
    assert not (example_plan / ".handreiking-journaal.json").exists()


@pytest.mark.parametrize("room", ["none", "for the lock only"])
def test_a_full_disk_gives_a_clear_message_and_leaves_no_lock_file(tmp_path, room):
    """Issue 20.13: a generic message and an empty lock file. A small RAM disk of its own
    (a private mount namespace) is filled up, with no room at all or room for the lock file
    but not for the answers; skipped where the system does not allow one."""
    if not shutil.which("unshare") or sys.platform != "linux":
        pytest.skip("needs unshare (Linux) for a private, small file system")
    plan = copy_example(tmp_path / "plan")
    source = batch_file(tmp_path)
    disk = tmp_path / "schijf"
    disk.mkdir()
    script = textwrap.dedent(f"""
        set -e
        mount -t tmpfs -o size=4m tmpfs '{disk}'
        cp -r '{plan}' '{disk}/plan'
        dd if=/dev/zero of='{disk}/ruimte' bs=4k count=1 2>/dev/null
        dd if=/dev/zero of='{disk}/vol' bs=4k 2>/dev/null || true
        {"rm '" + str(disk) + "/ruimte'" if room != "none" else "true"}
        set +e
        '{installed_command()}' wizard '{disk}/plan' --antwoorden '{source}'
        echo "code=$?"
        ls -a '{disk}/plan'
    """)
    try:
        result = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", script], capture_output=True,
                                text=True, timeout=HANG)
    except subprocess.TimeoutExpired:
        pytest.fail("the wizard hangs on a full disk")
    if "code=" not in result.stdout:
        pytest.skip(f"no private RAM disk here: {result.stderr.strip()[:200]}")
    assert "code=1" in result.stdout, result.stdout + result.stderr
    assert "de schijf is vol" in result.stderr
    assert ("vergrendelen" if room == "none" else "antwoorden/2-visie.yaml: kan niet opslaan") in result.stderr
    assert "Traceback" not in result.stderr
    assert ".handreiking.lock" not in result.stdout.split()
    assert not [name for name in result.stdout.split() if name.endswith(".tmp")]


# --- all tricks in one cloned repository ------------------------------------------------


@pytest.mark.slow  # every command on a hostile repository (CI runs it)
@pytest.mark.usefixtures("git_env")
def test_a_hostile_plan_repository_reads_and_writes_nothing_outside_the_plan(tmp_path):
    """Issue 20, done when: a hostile plan, cloned, runs through check, render (md, html,
    docx), status, verschil and batch mode with nothing read or written outside the plan
    folder and no command running longer than a minute."""
    home = tmp_path / "home"
    home.mkdir()
    for name, text in LINK_CANARIES.items():
        (home / name).write_text(text, encoding="utf-8")
    (home / "uit").mkdir()
    origin = hostile_origin(tmp_path)
    visie = origin / "antwoorden" / "2-visie.yaml"
    good = visie.read_text(encoding="utf-8")
    visie.write_text(BILLION_LAUGHS, encoding="utf-8")
    commit_all(origin, "Lachen")
    visie.write_text(good, encoding="utf-8")
    plant_link_tricks(origin)
    commit_all(origin, "Alles")
    plan = clone(origin, home / "plannen" / "plan")
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(tmp_path / "cache"))
    before = snapshot(home, skip=(home / "plannen",))

    source = batch_file(tmp_path)
    commands = [["check"], ["render", "--formaat", "md"], ["render", "--formaat", "html"],
                ["render", "--formaat", "docx"], ["status"], ["verschil", "HEAD~1", "HEAD"], ["verschil"],
                ["wizard", "--antwoorden", str(source)], ["setup-git"], ["huisstijl", "--overschrijf"],
                ["serve", "--geen-browser", "--poort", "0"]]
    for command in commands:
        result = run(*command[:1], str(plan), *command[1:], cwd=home, env=env)
        assert result.returncode in (0, 1), (command, result.stderr)
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert "GEHEIM" not in result.stdout + result.stderr, command
        if command == ["check"]:  # the messages name the plan's own files, not where their links point
            assert "5-uitvoering.yaml" in result.stderr and "6-evaluatie.yaml" in result.stderr, result.stderr
    assert snapshot(home, skip=(home / "plannen",)) == before
    for path in plan.rglob("*"):
        if path.is_file() and not path.is_symlink() and ".git" not in path.parts:
            assert b"GEHEIM" not in path.read_bytes(), path


MEASURE = textwrap.dedent("""
    import resource, subprocess, sys
    result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    sys.stderr.write(result.stderr)
    print(result.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
""")


@pytest.mark.slow
@pytest.mark.usefixtures("git_env")
def test_a_huge_blob_in_an_old_commit_is_never_read_whole(tmp_path):
    """A repository of a few hundred kilobytes can hold a 128 MB answer file in an old commit
    (it compresses well); verschil names it, and render and verschil stay small in memory."""
    if sys.platform != "linux":
        pytest.skip("ru_maxrss is measured in kilobytes on Linux only")
    origin = hostile_origin(tmp_path)
    visie = origin / "antwoorden" / "2-visie.yaml"
    good = visie.read_bytes()
    visie.write_bytes(b"toekomstbeeld: " + b"x" * (128 * 1024 * 1024) + b"\n")
    commit_all(origin, "Groot")
    bad = git(origin, "rev-parse", "--short", "HEAD").stdout.strip()
    visie.write_bytes(good)
    commit_all(origin, "Weer klein")
    plan = clone(origin, tmp_path / "kloon")
    peaks = {}
    for command in (["verschil", str(plan), "HEAD~2", "HEAD~1"], ["render", str(plan), "--formaat", "html"]):
        try:
            result = subprocess.run([sys.executable, "-c", MEASURE, installed_command(), *command],
                                    capture_output=True, text=True, timeout=HANG)
        except subprocess.TimeoutExpired:
            pytest.fail(f"handreiking {command[0]} hangt op een groot bestand in een oude commit")
        code, peak_kb = map(int, result.stdout.split())
        assert "Traceback" not in result.stderr
        peaks[command[0]] = peak_kb
        if command[0] == "verschil":
            assert code == 1
            assert "te groot" in result.stderr and bad in result.stderr and "2-visie.yaml" in result.stderr
        else:
            assert code == 0, result.stderr
    assert max(peaks.values()) < 120 * 1024, peaks  # under the blob's size: it was never held in memory


def _written_out(value) -> int:
    if isinstance(value, dict):
        return 1 + len(value) + sum(_written_out(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_written_out(v) for v in value)
    return 1


_DATA = st.recursive(st.none() | st.integers() | st.text(max_size=3),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
                     max_leaves=40)


@settings(max_examples=examples(200), deadline=None)
@given(_DATA, st.integers(min_value=1, max_value=4))
def test_expanded_size_counts_every_value_as_written_out(data, copies):
    """The count an alias bomb is judged by equals the size of the data written out, also when
    the same value is reached several times (as an alias makes it), and stops past the limit."""
    from handreiking.core.yamlio import expanded_size

    assert expanded_size(data) == _written_out(data)
    shared = [data] * copies  # one object, reached ``copies`` times
    assert expanded_size(shared) == 1 + copies * _written_out(data)
    whole = 1 + 3 * (1 + copies * _written_out(data))
    for limit in (1, 5, 50):
        assert expanded_size([shared] * 3, limit=limit) == min(whole, limit + 1)
