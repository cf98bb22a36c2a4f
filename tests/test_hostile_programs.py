"""A hostile plan, unzipped with its own ``.git``: every command runs through it and nothing
outside the plan folder is read, written or run.

The plan carries every trick of this kind at once: a ``.git/config`` naming programs
(hooks, fsmonitor, pager, external diff, textconv, gpg, ssh for a "partial clone"), a
house style that names a web address and a local file elsewhere, a ``matplotlibrc``, and
a template with nested loops. The user's home folder is a temporary one with canary
files; a local web server counts what is asked of it. Each command has a minute (the
timeout is a hang detector, not a measurement)."""
from __future__ import annotations

import hashlib
import http.server
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from git_helpers import git_env  # noqa: F401 - a fixture
from helpers import copy_example, default_signals
from hostile_plan import make_hostile_repository
from test_library_config import HOSTILE_RC
from test_template_limits import NESTED_RANGES

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("git_env"),
              pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt")]

MINUTE = 60
SECRET = "GEHEIM-UIT-DE-THUISMAP-7f3a"


class _Counting(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).asked.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def web():
    _Counting.asked = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_every_command_on_a_hostile_plan_stays_inside_it(tmp_path, web):
    home = tmp_path / "thuis"
    home.mkdir()
    (home / ".bashrc").write_text(f"# {SECRET}\n", encoding="utf-8")
    (home / "geheim.txt").write_text(SECRET, encoding="utf-8")
    (home / "geheim.png").write_bytes(_png(37, 23))
    canaries = _digest(home)
    plan = copy_example(tmp_path / "plan")
    outside = tmp_path / "buiten"
    ran = make_hostile_repository(plan, outside)
    (plan / "matplotlibrc").write_text(HOSTILE_RC, encoding="utf-8")
    (plan / "sjablonen").mkdir()
    (plan / "sjablonen" / "huisstijl.css").write_text(
        f"@import url({web}/stijl.css);\n"
        f"h1::before {{ content: url({(home / 'geheim.png').as_uri()}); }}\n"
        f"h2::before {{ content: url({web}/beeld.png); }}\n"
        f"body {{ background: url({(home / 'geheim.txt').as_uri()}); }}\n", encoding="utf-8")
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

    assert _Counting.asked == []  # nothing fetched from the web
    assert _digest(home) == canaries  # the home folder's files untouched
    for document in (plan / "documenten").iterdir():
        if document.is_file():
            assert SECRET.encode() not in document.read_bytes(), document.name
    assert not ran.exists()
