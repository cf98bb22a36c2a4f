"""``serve`` stays up, quiet and correct whatever a web page in the same browser sends: odd
names give 404 without a traceback, idle connections do not lock the room's browser out,
many broken-off connections print nothing, and ``?pagina=`` is escaped in the frame page.

Everything is sent to a real ``handreiking serve`` on 127.0.0.1, started with a small
limit on open files, as a busy laptop would have."""
from __future__ import annotations

import http.client
import os
import socket
import struct
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from helpers import copy_example, default_signals

pytestmark = [pytest.mark.skipif(not sys.platform.startswith("linux"), reason="rlimit en SO_LINGER zoals op Linux"),
              pytest.mark.slow]  # slow: floods of connections on purpose (CI runs them)

OPEN_FILES = 200  # the server's limit on open files
IDLE = 300  # idle connections opened: more than the server could ever hold open


def _limited() -> None:
    import resource

    default_signals()
    resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES))


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # hang detector only
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture
def live(tmp_path):
    plan = copy_example(tmp_path / "plan")
    with (plan / "plan.yaml").open("a", encoding="utf-8") as handle:
        handle.write("formaten: [md]\n")  # the server's own first render stays short
    (plan / "documenten").mkdir(exist_ok=True)
    odd = 'x"><img src=x onerror=alert(1)><b a=\'.html'
    (plan / "documenten" / odd).write_text("<p>vreemd</p>", encoding="utf-8")
    handreiking = Path(sys.executable).parent / "handreiking"
    process = subprocess.Popen([str(handreiking), "serve", str(plan), "--poort", "0", "--geen-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "CI": "1"}, preexec_fn=_limited)
    try:
        first = process.stdout.readline()
        assert first.startswith("Live weergave: http://127.0.0.1:"), first + process.stderr.read()
        port = int(first.split("127.0.0.1:")[1].split("/")[0])
        yield process, port, odd
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def test_serve_withstands_odd_requests_and_connection_floods(live):
    process, port, odd = live
    # odd names: 404 (or the frame with the overview), never a traceback
    for path in ("/documenten/%00.html", "/documenten/a%00b.html", "/documenten/%00", "/%00",
                 "/documenten/" + "a" * 300 + ".html", "/documenten/" + "%C3%A9" * 200 + ".html",
                 "/documenten/" + "a" * 5000 + ".html"):
        status, _ = _get(port, path)
        assert status == 404, path
    for query in ("%00", "a" * 300 + ".html", "%00.html"):
        status, body = _get(port, "/?pagina=" + query)
        assert status == 200 and b'src="/documenten/index.html"' in body, query
    # ?pagina= naming a document with markup in its name: escaped in the frame page
    status, body = _get(port, "/?pagina=" + quote(odd))
    assert status == 200
    assert b"<img" not in body and b'x"><' not in body and b"onerror=alert(1)>" not in body
    assert quote(odd).encode() in body  # the frame still shows that document
    # many idle connections: the room's browser still gets its pages
    idle = []
    for _ in range(IDLE):
        idle.append(socket.create_connection(("127.0.0.1", port), timeout=30))
    status, _ = _get(port, "/versie")
    assert status == 200
    status, body = _get(port, "/documenten/" + quote(odd))
    assert status == 200 and body == b"<p>vreemd</p>"
    # all of them broken off at once (a reset, as when a browser tab is killed)
    for connection in idle:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
    status, _ = _get(port, "/versie")
    assert status == 200
    process.send_signal(2)  # Ctrl-C
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err + out, err[-3000:]
    assert "Error" not in err, err[-3000:]
