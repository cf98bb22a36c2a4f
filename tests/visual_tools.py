"""Small helpers for tests/test_visual.py: external tools, PNG pages as rows of samples
(Pillow, which the pictures need anyway), Markdown headings, an HTML outline parser and
WCAG contrast.

The external tools (LibreOffice, Chromium, poppler-utils) are listed in
``.ci/apt-packages.txt``.

Run ``python tests/visual_tools.py docs/img`` to remake the README pictures.
"""
from __future__ import annotations

import html
import os
import io
import re
import shutil
import signal
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image as PILImage

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "gemeente-voorbeeld"

TOOLS = {
    "soffice": ("soffice", "libreoffice"),
    "chromium": ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"),
    "pdftoppm": ("pdftoppm",),
    "pdftotext": ("pdftotext",),
    "pdfinfo": ("pdfinfo",),
}


# --- external tools ---------------------------------------------------------------------


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def tool(name: str) -> str:
    """Path of an external tool. Missing: skip locally, fail in CI (CI installs it)."""
    import pytest

    for candidate in TOOLS.get(name, (name,)):
        found = shutil.which(candidate)
        if found:
            return found
    message = f"{name} is not installed (see .ci/apt-packages.txt)"
    if in_ci():
        pytest.fail(message + "; CI must install it", pytrace=False)
    pytest.skip(message)


def run(cmd: list[str], *, timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` in its own process group; on a timeout the whole group is killed
    (Chromium and LibreOffice start helper processes)."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True, errors="replace",
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise AssertionError(f"timed out after {timeout}s: {' '.join(cmd)}\n{err[-2000:]}") from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def chromium_cmd(binary: str, profile: Path, *args: str) -> list[str]:
    """Headless Chromium with a private profile and nothing that goes online."""
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
            "--disable-dev-shm-usage", "--force-device-scale-factor=1",
            f"--user-data-dir={profile}", *args]


def pdf_page_sizes(pdfinfo: str, pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page."""
    pages = int(re.search(r"^Pages:\s+(\d+)", run([pdfinfo, str(pdf)]).stdout, re.M).group(1))
    out = run([pdfinfo, "-f", "1", "-l", str(pages), str(pdf)]).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)]


def page_fill(pdftotext: str, pdf: Path, *, band_pt: float = 60) -> list[float]:
    """Per page, how far down the body text reaches, as a fraction of the page height.

    Words within ``band_pt`` of the top or bottom edge (the running header and the page
    number) do not count. A page that ends above half its height -- other than the first
    and the last of a document -- is a near-empty page a reader would not send on.
    """
    result = run([pdftotext, "-bbox", str(pdf), "-"])
    assert result.returncode == 0, result.stderr
    fill = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', result.stdout, re.S):
        page_height = float(height)
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body)]
        bottoms = [y for y in bottoms if band_pt < y < page_height - band_pt]
        fill.append(round(max(bottoms) / page_height, 2) if bottoms else 0.0)
    return fill


def short_pages(fill: list[float], minimum: float = 0.5) -> list[int]:
    """Numbers of the pages, other than the first and the last, that end above ``minimum``."""
    return [number for number, value in enumerate(fill, start=1) if 1 < number < len(fill) and value < minimum]


def is_a4(size: tuple[float, float]) -> bool:
    """A4 in points, portrait (21 x 29.7 cm) or landscape (29.7 x 21 cm)."""
    short, long = sorted(size)
    return abs(short - 595.3) < 2 and abs(long - 841.9) < 2


# --- PNG ---------------------------------------------------------------------------------


@dataclass
class Image:
    width: int
    height: int
    channels: int  # 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA
    rows: list[bytes]

    def crop(self, left: int, top: int, right: int, bottom: int) -> "Image":
        c = self.channels
        rows = [row[left * c:right * c] for row in self.rows[top:bottom]]
        return Image(right - left, bottom - top, c, rows)

    def ink(self, left: int = 0, top: int = 0, right: int | None = None,
            bottom: int | None = None, *, threshold: int = 245) -> int:
        """Number of colour samples darker than ``threshold`` (not white) in the box (alpha ignored)."""
        right = self.width if right is None else right
        bottom = self.height if bottom is None else bottom
        c, table = self.channels, _dark_table(threshold)
        total = 0
        for row in self.rows[top:bottom]:
            part = row[left * c:right * c]
            if c == 2:  # drop alpha
                part = part[0::2]
            elif c == 4:
                part = part[0::4] + part[1::4] + part[2::4]
            total += part.translate(table).count(1)
        return total


_DARK: dict[int, bytes] = {}


def _dark_table(threshold: int) -> bytes:
    if threshold not in _DARK:
        _DARK[threshold] = bytes(1 if b < threshold else 0 for b in range(256))
    return _DARK[threshold]


def read_png(path: Path) -> Image:
    """Decode a PNG (what pdftoppm and Chromium write) with Pillow into rows of samples."""
    with PILImage.open(path) as picture:
        picture.load()
        mode = picture.mode if picture.mode in ("L", "LA", "RGB", "RGBA") else "RGB"
        picture = picture.convert(mode)
        channels = len(mode)
        data = picture.tobytes()
    stride = picture.width * channels
    rows = [data[y * stride:(y + 1) * stride] for y in range(picture.height)]
    return Image(picture.width, picture.height, channels, rows)


def write_png(path: Path, image: Image, *, colours: int = 0) -> None:
    """Write ``image`` (alpha dropped). With ``colours`` (at most 256) it is stored with a
    palette (Pillow's median cut): screenshots of text then shrink to a fraction of the size."""
    mode = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}[image.channels]
    picture = PILImage.frombytes(mode, (image.width, image.height), b"".join(image.rows))
    picture = picture.convert("L" if mode in ("L", "LA") else "RGB")
    if colours and picture.mode == "RGB":
        picture = picture.quantize(colors=min(colours, 256), dither=PILImage.Dither.NONE)
    picture.save(path, format="PNG", optimize=True)


# --- text --------------------------------------------------------------------------------


def markdown_headings(markdown: str) -> list[tuple[int, str]]:
    """(level, plain text) of the ATX headings outside fenced code."""
    headings, fenced = [], False
    for line in markdown.splitlines():
        if re.match(r"\s{0,3}(```|~~~)", line):
            fenced = not fenced
            continue
        match = re.match(r" {0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match and not fenced:
            headings.append((len(match.group(1)), strip_markdown(match.group(2))))
    return headings


def strip_markdown(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images
    text = re.sub(r"<[^>]+>", "", text)                     # inline HTML
    text = re.sub(r"(\*\*|__|\*|_|`|~~)", "", text)
    text = re.sub(r"\\(.)", r"\1", text)                    # escapes
    return html.unescape(text).strip()


def squash(text: str) -> str:
    """Letters and digits only, lower case: survives line wrapping, hyphenation,
    ligatures and quote styles in extracted PDF text."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


_CONTENTS_LINE = re.compile(r"^\s*(\d+(?:\.\d+)*)\s+(\S.*?)\s*\.{3,}\s*(\d+)\s*$", re.MULTILINE)


def contents_entries(page: str) -> list[tuple[str, str, int]]:
    """(number, title, page number) of the table of contents lines on ``page`` (text
    extracted with ``pdftotext -layout``): a number, the title, dot leaders, a page."""
    return [(number, title, int(page_number)) for number, title, page_number in _CONTENTS_LINE.findall(page)]


def heading_page(pages: list[str], heading: str, first: int = 1) -> int | None:
    """Number of the first page from ``first`` on where ``heading`` stands as a line of
    its own (or over two lines), compared with :func:`squash`; ``None`` if nowhere."""
    wanted = squash(heading)
    for number, page in enumerate(pages[first - 1:], start=first):
        lines = [squash(line) for line in page.splitlines() if line.strip()]
        if wanted in lines or wanted in (a + b for a, b in zip(lines, lines[1:])):
            return number
    return None


_WORD = re.compile(r"\w+(?:[-.,@/]\w+)*")


def broken_cell_words(cells: list[tuple[str, str]], text: str, *, max_len: int = 12) -> list[str]:
    """Table words that the extracted PDF ``text`` only has broken over two lines.

    Checked are all header words and body words of at most ``max_len``
    characters (a long compound may need a break in a narrow column).
    A break at a hyphen counts as whole (pdftotext drops such a hyphen:
    ``Co-`` / ``creatie`` becomes ``Cocreatie``); a break inside a word
    (``Omschri`` / ``jving``, ``32.0`` / ``00``) does not.
    """
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    joined = re.sub(r"(\w)[-\u2010]\s*\n\s*(\w)", r"\1\2", text)  # Chromium hyphenates with U+2010
    units = {t.casefold() for t in _WORD.findall(text) + _WORD.findall(joined)}
    units |= {u.replace("-", "") for u in units}
    parts = {part for unit in units for part in re.split(r"[-/]", unit)}
    broken: list[str] = []
    for tag, cell in cells:
        cell = cell.replace("\u00ad", "")  # soft hyphens are invisible break points, not text
        for word in _WORD.findall(unicodedata.normalize("NFKC", cell)):
            unit = word.casefold()
            if unit in units or unit.replace("-", "") in units or (tag == "td" and "@" in unit):
                continue  # whole, broken at a hyphen, or an e-mail address in a narrow cell
            for part, original in zip(re.split(r"[-/]", unit), re.split(r"[-/]", word)):
                if (tag == "th" or len(part) <= max_len) and part not in parts and original not in broken:
                    broken.append(original)
    return broken


def docx_text_colours(path: Path) -> dict[str, set[str]]:
    """Text colours a DOCX really uses: ``{"#rrggbb": {where, ...}}``.

    Looks at direct run colours and at the styles the document uses (with the
    styles they are based on), not at the many unused styles of the template.
    """
    import xml.etree.ElementTree as ET
    import zipfile

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as docx:
        names = [n for n in docx.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        parts = {n: ET.fromstring(docx.read(n)) for n in names}
        styles = ET.fromstring(docx.read("word/styles.xml"))
    by_id = {s.get(f"{w}styleId"): s for s in styles.iter(f"{w}style")}
    wanted = {s.get(f"{w}styleId") for s in by_id.values() if s.get(f"{w}default") in ("1", "true")}
    colours: dict[str, set[str]] = {}
    for name, root in parts.items():
        for tag in ("pStyle", "rStyle", "tblStyle"):
            wanted |= {e.get(f"{w}val") for e in root.iter(f"{w}{tag}")}
        for colour in root.iter(f"{w}color"):
            colours.setdefault(colour.get(f"{w}val", "auto"), set()).add(name)
    seen: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in seen or style_id not in by_id:
            continue
        seen.add(style_id)
        style = by_id[style_id]
        for colour in style.iter(f"{w}color"):
            colours.setdefault(colour.get(f"{w}val", "auto"), set()).add(f"style {style_id}")
        for link in ("basedOn", "link"):
            ref = style.find(f"{w}{link}")
            if ref is not None:
                wanted.add(ref.get(f"{w}val"))
    return {f"#{c.lower()}": where for c, where in colours.items() if re.fullmatch(r"[0-9A-Fa-f]{6}", c)}


# --- HTML --------------------------------------------------------------------------------


class Outline(HTMLParser):
    """What the accessibility checks need from one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.headings: list[tuple[int, str]] = []
        self.tables: list[dict[str, int]] = []  # per table: thead count, th/td cells in thead, th cells
        self.cells: list[tuple[str, str]] = []   # (th/td, text) of every table cell
        self.styles: list[str] = []
        self.images_without_alt = 0
        self._stack: list[str] = []
        self._heading: list[str] | None = None
        self._style: list[str] | None = None
        self._table_stack: list[dict[str, int]] = []
        self._section: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = [tag]
        elif tag == "style":
            self._style = []
        elif tag == "img" and not values.get("alt", "").strip() and values.get("alt") != "":
            self.images_without_alt += 1
        elif tag == "table":
            info = {"thead": 0, "thead_th": 0, "thead_td": 0, "th": 0}
            self.tables.append(info)
            self._table_stack.append(info)
        elif tag in ("thead", "tbody", "tfoot") and self._table_stack:
            self._section.append(tag)
            if tag == "thead":
                self._table_stack[-1]["thead"] += 1
        elif tag in ("th", "td") and self._table_stack:
            info = self._table_stack[-1]
            if tag == "th":
                info["th"] += 1
            if self._section and self._section[-1] == "thead":
                info[f"thead_{tag}"] += 1
            self._cell = [tag]

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == self._heading[0]:
            text = " ".join("".join(self._heading[1:]).split())
            self.headings.append((int(tag[1]), text))
            self._heading = None
        elif tag == "style" and self._style is not None:
            self.styles.append("".join(self._style))
            self._style = None
        elif tag in ("th", "td") and self._cell and self._cell[0] == tag:
            self.cells.append((tag, " ".join("".join(self._cell[1:]).split())))
            self._cell = None
        elif tag == "table" and self._table_stack:
            self._table_stack.pop()
        elif tag in ("thead", "tbody", "tfoot") and self._section:
            self._section.pop()

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._style is not None:
            self._style.append(data)
        if self._cell is not None:
            self._cell.append(data)


def outline(text: str) -> Outline:
    parser = Outline()
    parser.feed(text)
    parser.close()
    return parser


# --- colour contrast ---------------------------------------------------------------------


def hex_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in hex_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


_HEX = r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b"


def css_colours(css: str) -> tuple[set[str], set[str]]:
    """(text colours, background colours) used anywhere in ``css``."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    fg = {c.lower() for c in re.findall(rf"(?<![-\w])color\s*:\s*({_HEX})", css)}
    bg = {c.lower() for c in re.findall(rf"background(?:-color)?\s*:\s*[^;}}]*?({_HEX})", css)}
    return fg, bg


# --- a house style as a municipality makes it ------------------------------------------


def plain_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain one-colour PNG (a stand-in logo)."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), rgb).save(buffer, format="PNG")
    return buffer.getvalue()


def house_style_reference() -> bytes:
    """The default house style, changed as a municipality would: green headings in
    Georgia, 2 cm margins and a logo in the header."""
    import docx
    from docx.shared import Cm, Inches, RGBColor

    from handreiking.render.docx import default_reference

    document = docx.Document(io.BytesIO(default_reference()))
    heading = document.styles["Heading 1"].font
    heading.name, heading.color.rgb = "Georgia", RGBColor(0x1B, 0x5E, 0x20)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].add_run().add_picture(io.BytesIO(plain_png(60, 20, (0x1B, 0x5E, 0x20))), width=Inches(1.2))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()



# --- README pictures ---------------------------------------------------------------------


def make_readme_images(out_dir: Path) -> list[Path]:
    """Render the example and write the README's small PNGs of the results into ``out_dir``:
    the Word cover page and contents, a table page, the house style, the PDF's contents,
    and the overview and a document in the browser."""
    import tempfile

    from handreiking.cli.main import main

    out_dir.mkdir(parents=True, exist_ok=True)
    soffice, pdftoppm, pdftotext = (shutil.which(t) for t in ("soffice", "pdftoppm", "pdftotext"))
    chromium = next(filter(None, map(shutil.which, TOOLS["chromium"])))
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        plan = tmp / "plan"
        shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("documenten"))
        assert main(["render", str(plan), "--formaat", "md,html,docx,pdf"]) == 0
        docs = plan / "documenten"
        styled = tmp / "huisstijl"  # the same plan in a municipality's own house style
        shutil.copytree(plan, styled, ignore=shutil.ignore_patterns("documenten"))
        (styled / "sjablonen").mkdir()
        (styled / "sjablonen" / "huisstijl.docx").write_bytes(house_style_reference())
        assert main(["render", str(styled), "--formaat", "docx"]) == 0
        (tmp / "huisstijl-visiedocument.docx").write_bytes((styled / "documenten" / "visiedocument.docx").read_bytes())
        run([soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--convert-to",
             "pdf", "--outdir", str(tmp), str(docs / "visiedocument.docx"), str(docs / "plan_van_aanpak.docx"),
             str(tmp / "huisstijl-visiedocument.docx")], timeout=300)

        def page_png(pdf: Path, page: int, target: str) -> None:
            run([pdftoppm, "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                 str(pdf), str(out_dir / target)])
            written.append(out_dir / f"{target}.png")

        page_png(tmp / "visiedocument.pdf", 1, "visiedocument-docx-pagina-1")
        page_png(tmp / "visiedocument.pdf", 2, "visiedocument-docx-pagina-2")
        page_png(tmp / "huisstijl-visiedocument.pdf", 3, "huisstijl-docx-pagina-3")
        pdf = tmp / "plan_van_aanpak.pdf"  # the page with the goals tables
        page = next(n for n in range(1, 200) if "Streefwaarde" in
                    run([pdftotext, "-f", str(n), "-l", str(n), str(pdf), "-"]).stdout.replace("\n", ""))
        page_png(pdf, page, "plan-van-aanpak-docx-tabel")
        page_png(docs / "plan_van_aanpak.pdf", 2, "plan-van-aanpak-pdf-inhoud")
        for name, target in (("index", "overzicht-html"), ("plan_van_aanpak", "plan-van-aanpak-html")):
            shot = tmp / f"{name}.png"  # what a projector or a laptop screen shows: 1280 x 720
            run(chromium_cmd(chromium, tmp / f"chromium-{name}", f"--screenshot={shot}",
                             "--window-size=1280,720", (docs / f"{name}.html").as_uri()), timeout=120)
            image = read_png(shot)
            write_png(out_dir / f"{target}.png", image.crop(0, 0, min(image.width, 1280), min(image.height, 720)),
                      colours=64)
            written.append(out_dir / f"{target}.png")
    return written


if __name__ == "__main__":
    for written in make_readme_images(Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "docs" / "img")):
        print(f"{written} ({written.stat().st_size // 1024} KB)")
