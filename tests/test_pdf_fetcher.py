"""PDF output fetches nothing a plan's house style names outside its own ``sjablonen/``:
no web address, no local file elsewhere (WeasyPrint would embed both)."""
from __future__ import annotations

import datetime as dt
import http.server
import io
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from handreiking.render.html import render_html

weasyprint = pytest.importorskip("weasyprint")


def _png(path: Path, width: int, height: int) -> Path:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).requests.append(self.path)
        body = _png_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (53, 29), (0, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def _image_widths(pdf: bytes, tmp_path: Path) -> list[int]:
    tool = shutil.which("pdfimages")
    if tool is None:
        pytest.skip("pdfimages (poppler) ontbreekt")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run([tool, "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return sorted(int(line.split()[3]) for line in listing.splitlines()[2:] if line.strip())


def test_house_style_urls_outside_sjablonen_are_not_fetched(tmp_path):
    from handreiking.render.pdf import render_pdf

    sjablonen = tmp_path / "plan" / "sjablonen"
    sjablonen.mkdir(parents=True)
    own = _png(sjablonen / "logo.png", 41, 19)
    secret = _png(tmp_path / "geheim.png", 37, 23)
    outside_link = sjablonen / "link.png"
    outside_link.symlink_to(secret)
    import base64

    inline = base64.b64encode(_png(tmp_path / "inline.png", 43, 11).read_bytes()).decode()
    _Counting.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        remote = f"http://127.0.0.1:{server.server_address[1]}"
        css = (f"@import url({remote}/extra.css);\n"
               f"@font-face {{ font-family: Verre; src: url({remote}/font.woff); }}\n"
               f"h1::before {{ content: url({own.as_uri()}); }}\n"
               f"h1::after {{ content: url({secret.as_uri()}); }}\n"
               f"h2::before {{ content: url({outside_link.as_uri()}); }}\n"
               f"h2::after {{ content: url({remote}/beeld.png); }}\n"
               f"h2 {{ list-style-image: url(data:image/png;base64,{inline}); }}\n"
               f"p::before {{ content: url(data:image/png;base64,{inline}); }}\n"
               f"p {{ font-family: Verre; background: url({remote}/achtergrond.png); }}\n")
        page = render_html("# Visie\n\n## Inleiding\n\nTekst.\n", title="Visie", running_title="Visie",
                           author="Regisseur", created=dt.date(2026, 1, 12), modified=dt.date(2026, 3, 1),
                           stylesheet=css)
        pdf = render_pdf(page, folders=(sjablonen,))
    finally:
        server.shutdown()
        server.server_close()
    assert _Counting.requests == []  # no web address was asked for
    assert _image_widths(pdf, tmp_path) == [41]  # the plan's own logo only: not the file elsewhere


def test_allowed_urls():
    from handreiking.render.pdf import allowed_url

    folder = Path(__file__).parent
    assert allowed_url(Path(__file__).as_uri(), [folder])
    for url in ("data:image/png;base64,iVBORw0KGgo=", "http://example.invalid/x.png", "https://example.invalid/x.png", "ftp://example.invalid/x",
                "file:///etc/passwd", (folder / ".." / "README.md").resolve().as_uri(),
                "file://example.invalid" + Path(__file__).as_posix(), folder.as_uri()):
        assert not allowed_url(url, [folder]), url


def test_only_a_sjablonen_folder_inside_the_plan_counts(tmp_path):
    from handreiking.render.pdf import folders_inside

    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "sjablonen").mkdir()
    assert folders_inside(plan, plan / "sjablonen") == (plan / "sjablonen",)
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (plan / "sjablonen").rmdir()
    (plan / "sjablonen").symlink_to(elsewhere)
    assert folders_inside(plan, plan / "sjablonen") == ()
