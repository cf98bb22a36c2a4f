"""A hostile plan, unzipped with its own ``.git``: every command runs through it and nothing
outside the plan folder is read, written or run.

The plan carries every trick of this kind at once: a ``.git/config`` naming programs
(hooks, fsmonitor, pager, external diff, textconv, gpg, ssh for a "partial clone"), a
house style that names a web address and a local file elsewhere, and
a template with nested loops. The user's home folder is a temporary one with canary
files; a local web server counts what is asked of it. Each command has a minute (the
timeout is a hang detector, not a measurement)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.request

import pytest

from git_helpers import git_env  # noqa: F401 - a fixture
from helpers import copy_example, default_signals
from hostile_plan import CountingHandler, counting_web_server, digest, hostile_house_style, make_hostile_repository, png
from test_template_limits import NESTED_RANGES

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("git_env"),
              pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt")]

MINUTE = 60
SECRET = "GEHEIM-UIT-DE-THUISMAP-7f3a"


@pytest.fixture
def web():
    with counting_web_server() as address:
        yield address


def test_every_command_on_a_hostile_plan_stays_inside_it(tmp_path, web):
    home = tmp_path / "thuis"
    home.mkdir()
    (home / ".bashrc").write_text(f"# {SECRET}\n", encoding="utf-8")
    (home / "geheim.txt").write_text(SECRET, encoding="utf-8")
    (home / "geheim.png").write_bytes(png(37, 23))
    canaries = digest(home)
    plan = copy_example(tmp_path / "plan")
    outside = tmp_path / "buiten"
    ran = make_hostile_repository(plan, outside)
    (plan / "sjablonen").mkdir()
    (plan / "sjablonen" / "huisstijl.css").write_text(hostile_house_style(web, home), encoding="utf-8")
    (plan / "plan.yaml").write_text((plan / "plan.yaml").read_text(encoding="utf-8")
                                    + "formaten: [md, html, docx, pdf]\n", encoding="utf-8")
    environment = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                   "HANDREIKING_NO_CACHE": "1", "CI": "1"}
    handreiking = [sys.executable, "-m", "handreiking"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([*handreiking, *args], cwd=plan, capture_output=True, text=True,
                                env=environment, timeout=MINUTE)
        assert "Traceback" not in result.stdout + result.stderr, (args, result.stderr[-3000:])
        assert not ran.exists(), (args, ran.read_text(encoding="utf-8"))
        return result

    pytest.importorskip("weasyprint")
    assert run("render", ".").returncode == 0
    assert (plan / "documenten" / "visiedocument.pdf").exists()
    assert run("render", ".", "--check").returncode == 0
    assert run("status", ".").returncode == 0
    assert run("check", ".").returncode in (0, 1)
    assert run("verschil", ".").returncode in (0, 1)
    assert run("verschil", ".", "HEAD~1", "HEAD").returncode in (0, 1)
    assert run("setup-git", ".").returncode == 0  # writes handreiking's own merge driver, runs nothing
    assert "handreiking" in (plan / ".git" / "config").read_text(encoding="utf-8")
    assert run("status", ".").returncode == 0

    serve = subprocess.Popen([*handreiking, "serve", ".", "--poort", "0", "--geen-browser"], cwd=plan,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
                             preexec_fn=default_signals)
    try:
        first = serve.stdout.readline()
        assert first.startswith("Live weergave: http://127.0.0.1:"), first
        url = first.split()[2]
        with urllib.request.urlopen(url + "documenten/visiedocument.html", timeout=MINUTE) as response:
            assert response.status == 200
        serve.send_signal(signal.SIGINT)
        out, err = serve.communicate(timeout=MINUTE)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait(timeout=MINUTE)
    assert serve.returncode == 130 and "Traceback" not in out + err, err[-3000:]
    assert not ran.exists()

    # the house style's template with nested loops: a clean stop, within the minute
    (plan / "sjablonen" / "visiedocument.md.j2").write_text("# Visie\n\n" + NESTED_RANGES + "\n", encoding="utf-8")
    stopped = run("render", ".")
    assert stopped.returncode == 1 and "het sjabloon doet te veel werk" in stopped.stderr

    assert CountingHandler.asked == []  # nothing fetched from the web
    assert digest(home) == canaries  # the home folder's files untouched
    for document in (plan / "documenten").iterdir():
        if document.is_file():
            assert SECRET.encode() not in document.read_bytes(), document.name
    assert not ran.exists()
