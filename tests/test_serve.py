"""The live view: read-only, loopback only, reloads the page in a real browser after a change."""
from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import copy_example, default_signals

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def wait_for(condition, timeout: float = 30.0, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def get(port: int, path: str, method: str = "GET", host: str | None = None) -> tuple[int, bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest(method, path, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


@pytest.fixture
def documents_server(tmp_path):
    from handreiking.cli.serve import LiveServer

    documents = tmp_path / "plan" / "documenten"
    documents.mkdir(parents=True)
    (documents / "index.html").write_text("<h1>Overzicht</h1>", encoding="utf-8")
    (documents / "visiedocument.docx").write_bytes(b"PK-docx")
    (documents / ".handreiking-bronnen.json").write_text("{}", encoding="utf-8")
    (tmp_path / "plan" / "plan.yaml").write_text("titel: geheim", encoding="utf-8")
    server = LiveServer(documents, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_serves_documents_and_the_live_frame_only(documents_server):
    port = documents_server.server_address[1]
    assert documents_server.server_address[0] == "127.0.0.1"
    status, body, headers = get(port, "/")
    assert status == 200 and b'src="/documenten/index.html"' in body and b"/live.js" in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert get(port, "/?pagina=visiedocument.docx")[0] == 200
    assert b'src="/documenten/index.html"' in get(port, "/?pagina=../plan.yaml")[1]
    assert get(port, "/documenten/index.html")[1] == b"<h1>Overzicht</h1>"
    assert get(port, "/documenten/visiedocument.docx")[2]["Content-Type"].startswith("application/vnd.openxml")
    assert get(port, "/live.js")[0] == 200 and len(get(port, "/versie")[1]) == 16
    assert [p for p in documents_server.served if p.startswith("/documenten/")] == [
        "/documenten/index.html", "/documenten/visiedocument.docx"]


@pytest.mark.parametrize("path", ["/documenten/../plan.yaml", "/documenten/%2e%2e/plan.yaml",
                                  "/documenten/..%2fplan.yaml", "/documenten/.handreiking-bronnen.json",
                                  "/plan.yaml", "/documenten/", "/documenten/%2Fetc%2Fpasswd",
                                  "/documenten/bestaat-niet.html"])
def test_nothing_outside_the_documents(documents_server, path):
    status, body, _ = get(documents_server.server_address[1], path)
    assert status == 404 and b"geheim" not in body


def test_read_only_and_only_for_this_computer(documents_server):
    port = documents_server.server_address[1]
    for method in ("POST", "PUT", "DELETE"):
        assert get(port, "/documenten/index.html", method)[0] == 501
    assert get(port, "/documenten/index.html", "HEAD")[1] == b""
    assert get(port, "/", host="evil.example:80")[0] == 403  # a page that rebinds its name to us
    assert get(port, "/", host=f"localhost:{port}")[0] == 200


def test_version_changes_when_a_document_is_written(tmp_path):
    from handreiking.cli.serve import documents_version

    (tmp_path / "a.html").write_text("1", encoding="utf-8")
    first = documents_version(tmp_path)
    assert first == documents_version(tmp_path)
    (tmp_path / "a.html").write_text("12", encoding="utf-8")
    assert documents_version(tmp_path) != first
    assert documents_version(tmp_path / "ontbreekt") == "-"


@pytest.mark.slow  # a real browser (Chromium starts several processes): CI runs it, the quick run does not
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")
def test_the_browser_reloads_the_page_after_an_answer_changes(tmp_path):
    from handreiking.cli.cmd_render import render_for_live_view
    from handreiking.cli.serve import serve

    plan = copy_example(tmp_path / "plan")
    servers, stop, lines = [], threading.Event(), []
    thread = threading.Thread(target=serve, args=(plan, 0, lambda text="", **_: lines.append(text)),
                              kwargs={"render": render_for_live_view, "open_browser": False, "stop": stop,
                                      "ready": servers.append}, daemon=True)
    thread.start()
    browser = None
    try:
        assert wait_for(lambda: servers, 10)
        server = servers[0]
        port = server.server_address[1]
        index = plan / "documenten" / "index.html"
        assert wait_for(lambda: index.exists() and b"Lindewaard" in get(port, "/documenten/index.html")[1], 60)
        browser = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", f"--user-data-dir={tmp_path / 'chromium'}", server.url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pages = lambda: [p for p in server.served if p == "/documenten/index.html"]  # noqa: E731
        assert wait_for(lambda: len(pages()) >= 2, 30), "the browser did not open the overview"
        seen = len(pages())
        # The page has asked for the current version, so it will notice a new one.
        assert wait_for(lambda: "/versie" in list(server.served), 15)
        from handreiking.core.files import atomic_write

        answers = plan / "antwoorden" / "5-uitvoering.yaml"  # saved as the wizard saves: atomically
        atomic_write(answers, answers.read_text(encoding="utf-8").replace("status: vertraagd", "status: afgerond"))
        assert wait_for(lambda: b"Mijlpaal vertraagd" not in index.read_bytes(), 60), "no re-render"
        assert wait_for(lambda: len(pages()) > seen, 30), "the browser did not reload the page"
    finally:
        if browser is not None:
            browser.terminate()
            browser.wait(timeout=10)
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert lines[0].startswith("Live weergave: http://127.0.0.1:")


def test_ctrl_c_stops_cleanly(tmp_path):
    plan = copy_example(tmp_path / "plan")
    handreiking = Path(sys.executable).parent / "handreiking"
    process = subprocess.Popen([str(handreiking), "serve", str(plan), "--poort", "0", "--geen-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "CI": "1"}, preexec_fn=default_signals)
    try:
        first = process.stdout.readline()
        assert first.startswith("Live weergave: http://127.0.0.1:"), first
        while "zodra een antwoord wordt opgeslagen" not in (line := process.stdout.readline()):  # watching now
            assert line, "serve stopped before it watched"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "Live weergave gestopt" in out and "Traceback" not in err + out


def test_a_busy_port_is_a_dutch_message(tmp_path, documents_server, capsys):
    from handreiking.cli.main import main

    plan = copy_example(tmp_path / "ander")
    assert main(["serve", str(plan), "--poort", str(documents_server.server_address[1]), "--geen-browser"]) == 1
    err = capsys.readouterr().err
    assert "kan niet starten op poort" in err and "--poort" in err


@pytest.mark.parametrize("env, platform, expected", [
    ({"CI": "true", "DISPLAY": ":0"}, "linux", False),
    ({}, "linux", False),
    ({"DISPLAY": ":0"}, "linux", True),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
    ({}, "darwin", True),
])
def test_the_browser_opens_only_where_there_is_a_screen(monkeypatch, env, platform, expected):
    from handreiking.cli import serve

    for name in ("CI", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(serve.sys, "platform", platform)
    assert serve.may_open_browser() is expected
