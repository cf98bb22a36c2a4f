"""Issue 20, done when: one hostile plan with every trick at once, cloned and also unzipped
with its own ``.git/config``, runs through every command of the installed ``handreiking``
with nothing read, written or run outside the plan folder and no command longer than a minute.

The repository carries the link tricks of ``hostile_plan.plant_link_tricks`` (a lock file
link, answers linked to a secret and to ``/dev/zero``, ``documenten`` linked out, a template
including a file through a link, ``/dev/zero`` as house style), a billion laughs in an old
commit, a house style asking for a web address and local files, a
template with nested loops and (unzipped) a ``.git`` whose config, hooks and attributes name
a canary program and whose old object is missing as in a partial clone. The home folder is
a temporary one with canary files; an "outside" folder holds the canary program. Each
command gets a minute: the timeout is a hang detector, not a measurement.
"""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest

from git_helpers import git, git_env  # noqa: F401 - a fixture
from helpers import copy_example, default_signals, installed_command
from hostile_plan import (
    BILLION_LAUGHS,
    LINK_CANARIES,
    CountingHandler,
    counting_web_server,
    hostile_house_style,
    make_git_hostile,
    plant_link_tricks,
    png,
)
from keys import CTRL_C, DOWN, ENTER
from test_template_limits import NESTED_RANGES

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("git_env"),
              pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt"),
              pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="needs POSIX links and a pty")]

HANG = 60  # seconds: a command still running after this hangs (issue 20: "no command longer than a minute")
CTRL_U = "\x15"  # erases the offered answer
SECRET = "GEHEIM"  # every canary file in the home folder holds it


def state(folder: Path) -> dict[str, tuple[str, bytes, int]]:
    """Every entry under ``folder`` with its content (a link as its target) and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if path.is_symlink():
            found[str(path.relative_to(folder))] = ("link", os.readlink(path).encode(), info.st_mtime_ns)
        elif path.is_file():
            found[str(path.relative_to(folder))] = ("file", path.read_bytes(), info.st_mtime_ns)
        else:
            found[str(path.relative_to(folder))] = ("dir", b"", info.st_mtime_ns)
    return found


def build_origin(tmp_path: Path, home: Path, web: str) -> tuple[Path, str]:
    """The attacker's repository with every trick committed; returns it and the object a
    partial clone would miss (the first version of the vision answers)."""
    origin = copy_example(tmp_path / "origin")
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "Eerste versie")
    visie = origin / "antwoorden" / "2-visie.yaml"
    good = visie.read_text(encoding="utf-8")
    first_blob = git(origin, "rev-parse", "HEAD:antwoorden/2-visie.yaml").stdout.strip()
    visie.write_text(BILLION_LAUGHS, encoding="utf-8")
    git(origin, "commit", "-q", "-a", "-m", "Lachen")
    visie.write_text(good + "# later bijgewerkt\n", encoding="utf-8")
    plant_link_tricks(origin, house_style=False)
    (origin / "sjablonen" / "huisstijl.css").write_text(hostile_house_style(web, home), encoding="utf-8")
    (origin / "sjablonen" / "plan_van_aanpak.md.j2").write_text("# Plan\n\n" + NESTED_RANGES + "\n",
                                                                 encoding="utf-8")
    (origin / "plan.yaml").write_text((origin / "plan.yaml").read_text(encoding="utf-8")
                                      + "formaten: [md, html, docx, pdf]\n", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "Alles")
    return origin, first_blob


@pytest.mark.parametrize("form", ["gekloond", "uitgepakt"])
def test_a_hostile_plan_runs_through_every_command_and_stays_inside_its_folder(tmp_path, form):
    pytest.importorskip("weasyprint")
    home = tmp_path / "thuis"
    home.mkdir()
    for name, text in LINK_CANARIES.items():
        (home / name).write_text(text, encoding="utf-8")
    (home / ".bashrc").write_text(f"# {SECRET}-BASHRC\n", encoding="utf-8")
    (home / "geheim.txt").write_text(f"{SECRET}-UIT-DE-THUISMAP\n", encoding="utf-8")
    (home / "geheim.png").write_bytes(png(37, 23))
    (home / "uit").mkdir()
    (home / "plannen").mkdir()
    outside = tmp_path / "buiten"
    batch = tmp_path / "invoer.yaml"
    batch.write_text("visie:\n  horizonjaar: 2036\nvertrekpunt:\n  regisseur_naam: Noor Yilmaz\n", encoding="utf-8")

    with counting_web_server() as web:
        origin, missing = build_origin(tmp_path, home, web)
        if form == "gekloond":
            subprocess.run(["git", "clone", "-q", str(origin), str(home / "plannen" / "plan")], check=True,
                           capture_output=True, timeout=HANG)
        ran = make_git_hostile(origin, outside, missing_blob=missing)
        if form == "uitgepakt":
            shutil.copytree(origin, home / "plannen" / "plan", symlinks=True)
        plan = home / "plannen" / "plan"
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "xterm", "COLUMNS": "120", "LINES": "40",
               "PROMPT_TOOLKIT_NO_CPR": "1", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
        before = {"thuis": state(home), "buiten": state(outside)}
        before["thuis"] = {k: v for k, v in before["thuis"].items() if not k.startswith("plannen")}
        said: list[str] = []

        def check_clean(what: object, text: str) -> None:
            assert "Traceback" not in text, (what, text[-3000:])
            assert SECRET not in text, (what, text[-3000:])
            assert not ran.exists(), (what, ran.read_text(encoding="utf-8"))

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            try:
                result = subprocess.run([installed_command(), *args], cwd=plan, env=env, capture_output=True,
                                        text=True, timeout=HANG, stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                pytest.fail(f"handreiking {' '.join(args)} liep na {HANG} seconden nog (hangt)")
            check_clean(args, result.stdout + result.stderr)
            assert result.returncode in (0, 1), (args, result.returncode, result.stderr[-3000:])
            said.append(result.stdout + result.stderr)
            return result

        checked = run("check", ".")
        assert checked.returncode == 1
        assert "5-uitvoering.yaml" in checked.stderr and "6-evaluatie.yaml" in checked.stderr, checked.stderr
        run("status", ".")
        for kind in ("md", "html", "docx", "pdf"):
            run("render", ".", "--formaat", kind)
        run("render", ".")
        run("render", ".", "--check")
        run("verschil", ".")
        run("verschil", ".", "HEAD~1", "HEAD")
        old = run("verschil", ".", "HEAD~2", "HEAD~1")  # the billion laughs (and, unzipped, a missing object)
        assert old.returncode == 1
        run("wizard", ".", "--antwoorden", str(batch))
        run("setup-git", ".")
        refused = run("serve", ".", "--geen-browser", "--poort", "0")
        assert refused.returncode == 1 and "buiten de planmap" in refused.stderr, refused.stderr

        # the interactive wizard in a terminal: one answer, then Ctrl-C at a known question
        screen = io.StringIO()
        child = pexpect.spawn(installed_command(), ["wizard", ".", "--fase", "vertrekpunt"], cwd=str(plan),
                              env=env, dimensions=(40, 120), encoding="utf-8", timeout=HANG,
                              preexec_fn=default_signals)
        child.logfile_read = screen
        try:
            child.expect("Overzicht fase 1")  # every question is answered: the review list
            child.expect("Klaar: deze fase afsluiten")
            child.send(DOWN)
            child.expect("Kies om dit antwoord te wijzigen")
            child.send(ENTER)
            child.expect("Wie is de regisseur van het proces")
            child.send(CTRL_U + "Sam de Tester" + ENTER)
            child.expect("→ Sam de Tester")
            child.expect("Overzicht fase 1")
            child.expect("Klaar: deze fase afsluiten")
            child.send(CTRL_C)
            child.expect("Gestopt")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
        assert child.exitstatus == 130, (child.exitstatus, screen.getvalue()[-3000:])
        check_clean("wizard (terminal)", screen.getvalue())
        assert "regisseur_naam: Sam de Tester" in (plan / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8")
        said.append(screen.getvalue())

        # the person does what the messages say, one at a time; the tricks that are not refused
        # (house style asking the web and the home folder, the .git) stay
        (plan / "documenten").unlink()
        (plan / "documenten").mkdir()
        for name in ("antwoorden/5-uitvoering.yaml", "antwoorden/6-evaluatie.yaml", "sjablonen/huisstijl.docx"):
            (plan / name).unlink()
        included = run("render", ".")
        assert included.returncode == 1 and "buiten de map sjablonen" in included.stderr, included.stderr
        (plan / "sjablonen" / "visiedocument.md.j2").unlink()
        looping = run("render", ".")
        assert looping.returncode == 1 and "het sjabloon doet te veel werk" in looping.stderr, looping.stderr
        (plan / "sjablonen" / "plan_van_aanpak.md.j2").unlink()
        for kind in ("md", "html", "docx", "pdf"):
            made = run("render", ".", "--formaat", kind)
            assert made.returncode == 0, (kind, made.stderr)
            assert (plan / "documenten" / f"visiedocument.{kind}").is_file()
        assert run("render", ".", "--check").returncode == 0
        assert run("status", ".").returncode == 0
        run("verschil", ".")
        serve = subprocess.Popen([installed_command(), "serve", ".", "--poort", "0", "--geen-browser"], cwd=plan,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                 preexec_fn=default_signals)
        try:
            first = serve.stdout.readline()
            assert first.startswith("Live weergave: http://127.0.0.1:"), first + serve.stderr.read()
            url = first.split()[2]
            pages = {}
            for name in ("", "documenten/index.html", "documenten/visiedocument.html"):
                with urllib.request.urlopen(url + name, timeout=HANG) as response:
                    assert response.status == 200
                    pages[name] = response.read().decode("utf-8")
                check_clean(name, pages[name])
            assert 'src="/documenten/index.html"' in pages[""]  # the live page shows the index
            assert "visiedocument.html" in pages["documenten/index.html"]
            serve.send_signal(signal.SIGINT)
            out, err = serve.communicate(timeout=HANG)
        finally:
            if serve.poll() is None:
                serve.kill()
                serve.wait(timeout=HANG)
        assert serve.returncode == 130, err[-3000:]
        check_clean("serve", first + out + err)

        assert CountingHandler.asked == []  # nothing fetched from the web

    after = {"thuis": {k: v for k, v in state(home).items() if not k.startswith("plannen")},
             "buiten": state(outside)}
    assert after == before  # bytes, link targets and modification times outside the plan
    assert not ran.exists()
    for path in plan.rglob("*"):
        if path.is_file() and not path.is_symlink() and ".git" not in path.relative_to(plan).parts:
            assert SECRET.encode() not in path.read_bytes(), path
    assert any("buiten de planmap" in text for text in said)
