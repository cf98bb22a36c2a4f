"""A live view for the room: the plan's documents in a browser, reloaded after every change.

Why this module exists: in a workshop the group answers on one screen while
the documents they write stay out of sight. ``handreiking serve MAP`` shows
them on the other screen: a small web server on this computer only
(127.0.0.1), which serves the files in ``documenten/`` and nothing else,
reads nothing from the browser and changes nothing. Whenever an answer file,
``plan.yaml`` or a template is saved (by the wizard after every answer, or by
hand), the documents are made again in the background, in this process (the
wizard never waits, and after the first render everything is loaded); the
page in the browser notices the new version and reloads itself, keeping its
scroll position.

The documents themselves allow no scripts (their Content-Security-Policy), so
the reloading is done by a small frame page around them (``/``), which asks
``/versie`` once a second whether any document changed.
"""
from __future__ import annotations

import hashlib
import html
import http.server
import os
import signal
import sys
import threading
from collections import deque
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, quote, unquote, urlsplit

from handreiking.cli.watching import watch_plan
from handreiking.core.errors import HandreikingError
from handreiking.plan.folder import DOCUMENTS_DIR

HOST = "127.0.0.1"
DEFAULT_PORT = 8000

_TYPES = {".html": "text/html; charset=utf-8", ".md": "text/markdown; charset=utf-8",
          ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".svg": "image/svg+xml", ".png": "image/png"}

_FRAME = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; background: #ffffff; color: #1f2328;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }}
body {{ display: flex; flex-direction: column; }}
iframe {{ flex: 1; width: 100%; border: 0; }}
#melding {{ margin: 0; padding: 0.3rem 1rem; font-size: 0.9rem; background: #dde7f2; }}
#melding:empty {{ display: none; }}
</style>
<script src="/live.js" defer></script>
</head>
<body>
<p id="melding" role="status" aria-live="polite"></p>
<iframe id="pagina" title="{title}" src="/documenten/{page}"></iframe>
</body>
</html>
"""

_SCRIPT = """"use strict";
// Ask once a second whether a document changed; if so, reload the page in the frame
// where the reader is, at the same scroll position.
const frame = document.getElementById("pagina");
const message = document.getElementById("melding");
let version = null;
frame.addEventListener("load", () => {
  try { document.title = frame.contentDocument.title; } catch (e) { /* not our page */ }
});
async function poll() {
  try {
    const response = await fetch("/versie", {cache: "no-store"});
    const latest = await response.text();
    if (version !== null && latest !== version) {
      const page = frame.contentWindow;
      const y = page.scrollY;
      frame.addEventListener("load", () => frame.contentWindow.scrollTo(0, y), {once: true});
      page.location.reload();
    }
    version = latest;
    message.textContent = "";
  } catch (e) {
    message.textContent = "De live weergave is gestopt; de pagina wordt niet meer bijgewerkt.";
  }
  setTimeout(poll, 1000);
}
poll();
"""

_FRAME_CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; frame-src 'self'; "
              "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")


def documents_version(folder: Path) -> str:
    """Changes whenever a document in ``folder`` is written (name, size, time)."""
    h = hashlib.sha256()
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return "-"
    for entry in entries:
        try:
            info = entry.stat()
        except OSError:
            continue
        h.update(f"{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


MAX_CONNECTIONS = 64  # open at once; a browser uses a handful
CONNECTION_TIMEOUT = 10.0  # seconds a connection may stay silent before it is closed
MAX_NAME = 255  # a file name longer than this cannot exist (and makes the system say so loudly)


class LiveServer(http.server.ThreadingHTTPServer):
    """Serves one plan's ``documenten/`` read-only on the loopback address.

    Any web page open in the same browser can reach this server, so it must stay up
    whatever arrives: at most :data:`MAX_CONNECTIONS` connections are open at once; when
    a new one arrives at the limit, the oldest connection that has not yet sent its
    request makes room (so idle connections cannot lock out the room's own browser),
    and a connection silent for :data:`CONNECTION_TIMEOUT` seconds is closed. A
    connection that breaks off is not an error worth a line on the presenter's screen."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, documents: Path, port: int = DEFAULT_PORT) -> None:
        self.documents = documents.resolve()
        self.served: deque[str] = deque(maxlen=500)  # paths answered with 200, newest last
        self._open: dict[Any, bool] = {}  # connection → has sent its request (oldest first)
        self._open_lock = threading.Lock()
        super().__init__((HOST, port), _Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            full = len(self._open) >= MAX_CONNECTIONS
            idle = next((c for c, busy in self._open.items() if not busy), None) if full else None
            if idle is not None:
                del self._open[idle]
            if not full or idle is not None:
                self._open[request] = False
        if idle is not None:
            _shut(idle)  # its thread sees the connection end and finishes
        elif full:  # every connection is busy sending a document: this one tries again later
            super().shutdown_request(request)
            return
        super().process_request(request, client_address)

    def mark_busy(self, request: Any) -> None:
        with self._open_lock:
            if request in self._open:
                self._open[request] = True

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.pop(request, None)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """No traceback on the presenter's screen: a broken connection is normal on the web."""
        error = sys.exc_info()[1]
        if isinstance(error, (OSError, ValueError)):
            return
        sys.stderr.write(f"Live weergave: een verzoek kon niet worden beantwoord ({type(error).__name__}).\n")


def _shut(connection: Any) -> None:
    import socket

    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _Handler(http.server.BaseHTTPRequestHandler):
    server: LiveServer
    server_version = "handreiking"
    sys_version = ""
    timeout = CONNECTION_TIMEOUT

    def parse_request(self) -> bool:
        self.server.mark_busy(self.request)  # a request line arrived: not an idle connection
        return super().parse_request()

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:  # noqa: N802
        if not self._host_is_local():
            return self._send(403, b"Alleen te bekijken op deze computer.", "text/plain; charset=utf-8", head)
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == "/":
            page = (parse_qs(parts.query).get("pagina") or ["index.html"])[0]
            if self._document(page) is None:
                page = "index.html"
            body = _FRAME.format(title="handreiking — live", page=html.escape(quote(page))).encode("utf-8")
            return self._send(200, body, "text/html; charset=utf-8", head, csp=_FRAME_CSP)
        if path == "/live.js":
            return self._send(200, _SCRIPT.encode("utf-8"), "text/javascript; charset=utf-8", head)
        if path == "/versie":
            return self._send(200, documents_version(self.server.documents).encode(), "text/plain", head)
        if path.startswith("/documenten/"):
            file = self._document(path[len("/documenten/"):])
            if file is not None:
                try:
                    body = file.read_bytes()
                except OSError:
                    body = None
                if body is not None:
                    return self._send(200, body, _TYPES[file.suffix], head)
        self._send(404, "Niet gevonden. Alleen de documenten van het plan zijn hier te zien.".encode("utf-8"),
                   "text/plain; charset=utf-8", head)

    def _document(self, name: str) -> Path | None:
        """A document in documenten/ by its plain name; nothing else (no folders, no hidden files)."""
        if not name or "/" in name or "\\" in name or "\0" in name or name.startswith(".") or \
                len(name.encode("utf-8", "surrogateescape")) > MAX_NAME or Path(name).suffix not in _TYPES:
            return None
        try:
            file = (self.server.documents / name).resolve()
            if file.parent != self.server.documents or not file.is_file():
                return None
        except (OSError, ValueError):  # a name the system refuses: not one of ours
            return None
        return file

    def _host_is_local(self) -> bool:
        """Refuse pages that reach us under another name (DNS rebinding)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in ("127.0.0.1", "localhost", "")

    def _send(self, status: int, body: bytes, content_type: str, head: bool, csp: str | None = None) -> None:
        if status == 200:
            self.server.served.append(urlsplit(self.path).path)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if csp:
            self.send_header("Content-Security-Policy", csp)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # the terminal is for the group, not for requests
        pass


Render = Callable[[Path, Callable[..., None]], None]
"""Makes the documents of the plan in a folder once and reports problems with ``echo``.

The caller passes it in (the CLI passes ``cmd_render.render_for_live_view``): how
a render is checked and reported belongs to the commands, which also start this
server, so this module does not import them back.
"""


class BackgroundRenderer:
    """Makes the documents again in a thread of the server's process, one render at a time.

    Staying in one process matters for speed: after the first render the templates,
    python-docx and Pillow are loaded, so a re-render after one answer costs only
    the documents and pictures that changed. Requests that arrive during a render are
    folded into one render afterwards. Files are written atomically, so the server never
    serves half a document."""

    def __init__(self, root: Path, echo: Callable[..., None], render: Render) -> None:
        self.root, self.echo, self.render = root, echo, render
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.finished = 0  # renders done so far (for whoever waits for one)
        self.thread = threading.Thread(target=self._run, name="handreiking-render", daemon=True)
        self.thread.start()

    def request(self) -> None:
        self.wanted.set()

    def stop(self, timeout: float = 30) -> None:
        """Let a render that is under way finish (its files stay whole), then stop."""
        self.stopping.set()
        self.thread.join(timeout)

    def _run(self) -> None:
        while not self.stopping.is_set():
            if not self.wanted.wait(0.1):
                continue
            self.wanted.clear()
            try:
                self.render(self.root, self.echo)
            except Exception as exc:  # never a traceback; the next save tries again
                self.echo(f"Fout: de documenten konden niet opnieuw gemaakt worden ({type(exc).__name__}: {exc}).",
                          err=True)
            self.finished += 1


def may_open_browser() -> bool:
    """Not in CI, and on Linux only with a graphical display (a text browser would take the terminal)."""
    if os.environ.get("CI"):
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def serve(root: Path, port: int, echo: Callable[..., None], *, render: Render, open_browser: bool = True,
          stop: threading.Event | None = None, ready: Callable[[LiveServer], None] | None = None) -> int:
    """Serve until Ctrl-C (or ``stop``); ``render`` the documents again after every saved answer file."""
    stop = stop or threading.Event()
    with _CtrlCSetsStop(stop) as interrupted:
        code = _serve(root, port, echo, render=render, open_browser=open_browser, stop=stop, ready=ready)
    if interrupted.is_set():
        echo("\nLive weergave gestopt.")
        return 130
    return code


class _CtrlCSetsStop:
    """Ctrl-C sets ``stop`` instead of raising ``KeyboardInterrupt`` (in the main thread only).

    Why: a ``KeyboardInterrupt`` that arrives while Python runs a finaliser or a callback is
    printed as "Exception ignored" and lost, and the server would then run on for ever (seen
    under load in tests/test_hostile_programs.py). A flag is never lost: the watch loop sees
    it within one tick and everything stops in order."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.interrupted = threading.Event()
        self.installed = False
        self.previous: Any = None

    def _handle(self, _signum: int, _frame: Any) -> None:
        self.interrupted.set()
        self.stop.set()

    def __enter__(self) -> threading.Event:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
            self.installed = True
        return self.interrupted

    def __exit__(self, *_exc: object) -> None:
        if self.installed:
            signal.signal(signal.SIGINT, self.previous if self.previous is not None else signal.default_int_handler)


def _serve(root: Path, port: int, echo: Callable[..., None], *, render: Render, open_browser: bool,
           stop: threading.Event, ready: Callable[[LiveServer], None] | None) -> int:
    documents = root / DOCUMENTS_DIR
    documents.mkdir(exist_ok=True)
    try:
        server = LiveServer(documents, port)
    except OSError as exc:
        raise HandreikingError(f"de live weergave kan niet starten op poort {port} ({exc.strerror or exc})",
                               hint="kies een andere poort met --poort, bijvoorbeeld --poort 8080") from None

    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    renderer = BackgroundRenderer(root, echo, render)
    renderer.request()
    echo(f"Live weergave: {server.url}  (alleen op deze computer; stop met Ctrl-C)")
    if open_browser and may_open_browser():
        import webbrowser

        webbrowser.open(server.url)
    if ready is not None:
        ready(server)

    def watching() -> None:  # said only once it is true: a save from now on is seen
        echo("De documenten worden opnieuw gemaakt zodra een antwoord wordt opgeslagen, ook door de wizard.")

    try:
        watch_plan(root, lambda _names: renderer.request(), on_ready=watching, stop=stop)
    except KeyboardInterrupt:
        echo("\nLive weergave gestopt.")
        return 130
    finally:
        server.shutdown()
        server.server_close()
        renderer.stop()
    return 0
