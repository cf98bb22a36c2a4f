"""Visual and accessibility checks of the rendered example documents.

The example plan is rendered afresh into a temporary folder; then
* every DOCX is converted to PDF by LibreOffice (one ``soffice`` call), its
  pages are turned into PNGs and checked for content and margins, and its text
  must contain the document's headings;
* every HTML page is loaded in headless Chromium (screenshot, DOM, print to PDF);
* every HTML page is checked for accessibility basics and colour contrast.

A missing tool skips these tests locally but fails them in CI (``CI`` set),
because CI installs the packages in ``.ci/apt-packages.txt``.
"""
from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from visual_tools import (
    EXAMPLE,
    broken_cell_words,
    chromium_cmd,
    contents_entries,
    contrast,
    css_colours,
    docx_text_colours,
    heading_page,
    is_a4,
    markdown_headings,
    outline,
    page_fill,
    pdf_page_sizes,
    read_png,
    run,
    short_pages,
    squash,
    tool,
)

pytestmark = [pytest.mark.slow,  # LibreOffice, Chromium and WeasyPrint pages of every document
              pytest.mark.xdist_group("visual")]  # one worker: the pages are made once (module fixtures)

COMMITTED = EXAMPLE / "documenten"
# the plan documents (the internal contact list is a list, without cover status or chapters)
DOCX_NAMES = sorted(p.stem for p in COMMITTED.glob("*.docx") if not p.stem.endswith("-intern"))
HTML_NAMES = sorted(p.stem for p in COMMITTED.glob("*.html") if not p.stem.endswith("-intern"))

AA = 4.5  # WCAG AA contrast for normal-size text
DPI = 40
CM = DPI / 2.54  # pixels per centimetre in the page images
MIN_INK = 150  # non-white colour samples; one short line of text easily has more
# Documents of the example with tables too wide for A4 portrait (class "breed" in the
# HTML): they would print those on landscape pages. Since long words hyphenate and long
# tokens break in table cells, every table of the example fits portrait; landscape
# sections are tested in test_render_docx.py.
WIDE: set[str] = set()


def test_example_has_the_expected_documents() -> None:
    assert DOCX_NAMES == ["communicatieplan", "evaluatieplan", "onderzoeksplan", "plan_van_aanpak",
                          "stakeholderanalyse", "visiedocument"]
    assert HTML_NAMES == sorted(["index", *DOCX_NAMES])


def test_is_a4_accepts_both_orientations_but_not_letter() -> None:
    assert is_a4((595.3, 841.9)) and is_a4((841.9, 595.3)) and is_a4((594.96, 841.92))
    assert not is_a4((612, 792)) and not is_a4((792, 612))  # US Letter
    assert not is_a4((595.3, 595.3)) and not is_a4((841.9, 1190.6))  # square, A3


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plan rendered afresh by the current code; its ``documenten`` folder."""
    from handreiking.cli.main import main

    plan = tmp_path_factory.mktemp("visual") / "plan"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("documenten", ".handreiking.lock", "*.tmp"))
    assert main(["render", str(plan)]) == 0
    docs = plan / "documenten"
    def outputs(folder: Path) -> list[str]:
        return sorted(p.name for p in folder.iterdir() if p.suffix in (".md", ".html", ".docx"))

    assert outputs(docs) == outputs(COMMITTED)
    return docs


def test_example_marks_the_wide_tables(documents: Path) -> None:
    marked = {name for name in HTML_NAMES
              if '<table class="breed">' in (documents / f"{name}.html").read_text(encoding="utf-8")}
    assert marked == WIDE


# A made-up document in which small tables (6 rows), each after a heading and a one-line
# lead-in, land at many heights on the page: between them 0 to 10 short paragraphs.
# "klein": about a quarter of a page; "middel": about 0.4 page, which with its heading and
# lead-in still fills less than half a page, so both stay whole. "groot" (about 0.45 page)
# with its heading is over half a page: it may break, rather than leave a page half empty.
TABLE_SIZES = {"klein": 12, "middel": 20, "groot": 28}  # words per cell
SMALL_TABLES = "kleine_tabellen"


def small_tables_markdown() -> str:
    filler = "Een korte alinea met wat tekst die de tabellen op steeds een andere hoogte zet. " * 2
    parts = ["# Kleine tabellen\n\n"]
    for number in range(24):
        size = list(TABLE_SIZES)[number % 3]
        cell = " ".join(["woord"] * TABLE_SIZES[size])
        rows = "".join(f"| {size} {number} rij {row} {cell} | {cell} | kort |\n" for row in range(1, 6))
        parts.append(f"{filler}\n\n" * (number * 7 % 11)
                     + f"## Tabel {number}\n\nDeze zin leidt de tabel in.\n\n| Een | Twee | Drie |\n| --- | --- | --- |\n"
                     + rows + "\n")
    return "".join(parts)


@pytest.fixture(scope="module")
def docx_pdfs(documents: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """All DOCX files, and the made-up one with small tables, converted to PDF in one
    LibreOffice call: (output folder, log)."""
    import datetime as dt

    from handreiking.render.docx import render_docx

    soffice = tool("soffice")
    work = tmp_path_factory.mktemp("soffice")
    out = work / "pdf"
    made_up = work / f"{SMALL_TABLES}.docx"
    made_up.write_bytes(render_docx(small_tables_markdown(), title="Kleine tabellen", author="Test",
                                    created=dt.date(2026, 1, 1), modified=dt.date(2026, 1, 1)))
    result = run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                  "--norestore", "--convert-to", "pdf", "--outdir", str(out),
                  *(str(documents / f"{name}.docx") for name in DOCX_NAMES), str(made_up)], timeout=300)
    log = f"exit {result.returncode}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    assert result.returncode == 0, f"soffice failed: {log}"
    return out, log


@dataclass
class Loaded:
    """One HTML page after a single headless Chromium run."""

    code: int
    dom: str
    log: str
    screenshot: Path
    pdf: Path

    def check_ran(self, name: str) -> None:
        assert self.code == 0, f"chromium failed on {name}.html with exit {self.code}:\n{self.log[-2000:]}"


@pytest.fixture(scope="module")
def browser(documents: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Loaded]:
    """``browser(name)``: the page loaded once in headless Chromium (private profile),
    with the DOM dumped, a 1200x1600 screenshot and a print to PDF; cached per page."""
    binary = tool("chromium")
    work = tmp_path_factory.mktemp("chromium")
    cache: dict[str, Loaded] = {}

    def load(name: str) -> Loaded:
        if name not in cache:
            shot, pdf = work / f"{name}.png", work / f"{name}.pdf"
            result = run(chromium_cmd(binary, work / f"profile-{name}",
                                      "--enable-logging=stderr", "--log-level=0", "--window-size=1200,1600",
                                      "--dump-dom", f"--screenshot={shot}",
                                      "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                                      (documents / f"{name}.html").as_uri()), timeout=90)
            cache[name] = Loaded(result.returncode, result.stdout, result.stderr, shot, pdf)
        return cache[name]

    return load


def _pdf_of(docx_pdfs: tuple[Path, str], name: str) -> Path:
    out, log = docx_pdfs
    pdf = out / f"{name}.pdf"
    assert pdf.is_file(), f"LibreOffice wrote no {pdf.name}: {log}"
    assert pdf.stat().st_size > 0, f"LibreOffice wrote an empty {pdf.name}"
    return pdf


def _page_images(pdf: Path, out: Path) -> list[Path]:
    result = run([tool("pdftoppm"), "-png", "-r", str(DPI), str(pdf), str(out / "page")])
    assert result.returncode == 0, result.stderr
    pages = sorted(out.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert pages, f"pdftoppm made no page images of {pdf.name}"
    return pages


def _pdf_text(pdf: Path, *, layout: bool = False) -> str:
    result = run([tool("pdftotext"), "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"])
    assert result.returncode == 0, result.stderr
    return result.stdout


def _check_pages(pdf: Path, out: Path, *, margin_cm: float, header_cm: float, footer_cm: float) -> None:
    """Every page (portrait or landscape) has ink in its body -- below ``header_cm`` from
    the top and above ``footer_cm`` from the bottom -- and nothing sticks out into the
    left/right margin."""
    problems = []
    for number, png in enumerate(_page_images(pdf, out), start=1):
        image = read_png(png)
        body = image.ink(0, round(header_cm * CM), image.width, image.height - round(footer_cm * CM))
        if body < MIN_INK:
            problems.append(f"page {number} is empty (ink {body})")
        left = image.ink(0, 0, int((margin_cm - 0.4) * CM))
        right = image.ink(image.width - int((margin_cm - 0.4) * CM), 0)
        if left or right:
            problems.append(f"page {number} has content in the margin (left {left}, right {right}): "
                            "something is wider than the page")
    assert not problems, f"{pdf.name}: " + "; ".join(problems)


# --- 1. DOCX through LibreOffice ---------------------------------------------------------


@pytest.mark.parametrize("name", DOCX_NAMES)
def test_docx_converts_to_a4_pdf(docx_pdfs: tuple[Path, str], name: str) -> None:
    sizes = pdf_page_sizes(tool("pdfinfo"), _pdf_of(docx_pdfs, name))
    assert sizes, f"{name}.pdf has no pages"
    assert all(is_a4(size) for size in sizes), f"{name}.pdf pages are not A4: {sorted(set(sizes))}"
    landscape = [number for number, (width, height) in enumerate(sizes, start=1) if width > height]
    assert bool(landscape) == (name in WIDE), \
        f"{name}.pdf: landscape pages {landscape}, but wide tables {'in' if name in WIDE else 'not in'} it"


@pytest.mark.parametrize("name", DOCX_NAMES)
def test_docx_pages_have_content_within_the_margins(docx_pdfs: tuple[Path, str], name: str,
                                                    tmp_path: Path) -> None:
    # A4 with 2.5 cm margins, also on landscape pages; the header and footer (title,
    # "Pagina X van Y") sit in the top and bottom margin, so only the body counts as content.
    _check_pages(_pdf_of(docx_pdfs, name), tmp_path, margin_cm=2.5, header_cm=2.4, footer_cm=2.4)


@pytest.mark.parametrize("name", DOCX_NAMES)
def test_docx_pdf_has_the_headings(docx_pdfs: tuple[Path, str], documents: Path, name: str) -> None:
    headings = markdown_headings((documents / f"{name}.md").read_text(encoding="utf-8"))
    assert len(headings) >= 3, f"{name}.md has too few headings to compare: {headings}"
    text = squash(_pdf_text(_pdf_of(docx_pdfs, name)))
    missing = [f"{'#' * level} {heading}" for level, heading in headings if squash(heading) not in text]
    assert not missing, f"missing headings in {name}.pdf: {missing}"


@pytest.mark.parametrize("name", DOCX_NAMES)
def test_docx_pages_are_filled(docx_pdfs: tuple[Path, str], name: str) -> None:
    fill = page_fill(tool("pdftotext"), _pdf_of(docx_pdfs, name))
    assert not short_pages(fill), f"{name}.pdf: pages ending above half the page: {short_pages(fill)} ({fill})"


@pytest.fixture(scope="module")
def empty_plan_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan with every question left open, its DOCX files converted by LibreOffice."""
    from handreiking.cli.main import main

    work = tmp_path_factory.mktemp("leeg")
    assert main(["init", str(work / "plan"), "--titel", "Leeg plan", "--gemeente", "Gemeente Test"]) == 0
    assert main(["render", str(work / "plan"), "--formaat", "docx"]) == 0
    docs = sorted((work / "plan" / "documenten").glob("*.docx"))
    result = run([tool("soffice"), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                  "--norestore", "--convert-to", "pdf", "--outdir", str(work / "pdf"), *map(str, docs)], timeout=300)
    assert result.returncode == 0, result.stderr
    return work / "pdf"


def test_empty_plan_documents_have_filled_pages_and_a_cover(empty_plan_pdfs: Path) -> None:
    pdfs = sorted(p for p in empty_plan_pdfs.glob("*.pdf") if not p.stem.endswith("-intern"))
    assert [p.stem for p in pdfs] == DOCX_NAMES
    for pdf in pdfs:
        fill = page_fill(tool("pdftotext"), pdf)
        assert not short_pages(fill), f"{pdf.name} (empty plan): short pages {short_pages(fill)} ({fill})"
        cover = squash(_pdf_text(pdf).split("\f")[0])
        assert "conceptversie" in cover and "pagina" not in cover, cover


@pytest.mark.parametrize("name", DOCX_NAMES)
def test_docx_has_a_cover_page_contents_and_numbered_chapters(docx_pdfs: tuple[Path, str], documents: Path,
                                                              name: str) -> None:
    pages = _pdf_text(_pdf_of(docx_pdfs, name)).split("\f")
    markdown = (documents / f"{name}.md").read_text(encoding="utf-8")
    title = markdown_headings(markdown)[0][1]
    cover = squash(pages[0])
    assert squash(title) in cover and ("conceptversie" in cover or "vastgesteld" in cover), pages[0]
    assert "regisseur" in cover, pages[0]
    assert "pagina" not in cover, f"{name}: the cover page has a running header or page number"
    chapters = [heading for level, heading in markdown_headings(markdown) if level == 2]
    contents = "inhoud" in squash(pages[1])
    if len([page for page in pages if page.strip()]) > 4:
        assert contents, f"{name}: more than four pages, but no table of contents on page 2"
    body = squash("".join(_pdf_text(_pdf_of(docx_pdfs, name), layout=True).split("\f")[1:]))
    for number, chapter in enumerate(chapters, start=1):
        # numbered by Word: in the table of contents (if any) and as the heading itself
        found = body.count(squash(f"{number} {chapter}"))
        assert found == (2 if contents else 1), f"{name}: '{number} {chapter}' found {found} times"
    assert not re.search(r"^#+ \d+\.", markdown, re.MULTILINE), f"{name}.md numbers headings by hand"


@pytest.mark.parametrize("name", DOCX_NAMES)
def test_docx_contents_give_the_pages_of_the_headings(docx_pdfs: tuple[Path, str], documents: Path,
                                                      name: str, tmp_path: Path) -> None:
    """By default the contents carry no page numbers (no empty fields either); after the
    layout pass of ``render --paginanummers`` every chapter and section has the page on
    which LibreOffice puts its heading, stored in the file."""
    from handreiking.render.docx_pages import layout_tool, number_contents

    pages = _pdf_text(_pdf_of(docx_pdfs, name), layout=True).split("\f")
    assert not any(contents_entries(page) for page in pages), f"{name}: page numbers without a layout pass"
    if layout_tool() is None:
        pytest.skip("pypdf ontbreekt")
    copy = tmp_path / f"{name}.docx"
    shutil.copy(documents / f"{name}.docx", copy)
    headings = [heading for level, heading in
                markdown_headings((documents / f"{name}.md").read_text(encoding="utf-8")) if level in (2, 3)]
    if not number_contents(copy, layout_tool()):
        assert "Inhoud" not in pages[1], f"{name}: contents without page numbers after the layout pass"
        return
    result = run([tool("soffice"), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                  "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(copy)], timeout=300)
    assert result.returncode == 0, result.stderr
    pages = _pdf_text(tmp_path / f"{name}.pdf", layout=True).split("\f")
    listing = [number for number, page in enumerate(pages, start=1) if contents_entries(page)]
    assert listing and listing[0] == 2, f"{name}: no table of contents with page numbers on page 2"
    entries = [entry for number in listing for entry in contents_entries(pages[number - 1])]
    assert [squash(title) for _, title, _ in entries] == [squash(heading) for heading in headings], \
        f"{name}: the table of contents lists other headings than the document has"
    wrong = [f"{number} {title}: page {page} in the contents, {found} in the text" for number, title, page in entries
             if (found := heading_page(pages, f"{number} {title}", first=2)) != page]
    assert not wrong, f"{name}: wrong page numbers in the table of contents: {wrong}"


def test_docx_small_tables_stay_on_one_page_without_half_empty_pages(docx_pdfs: tuple[Path, str]) -> None:
    pdf = _pdf_of(docx_pdfs, SMALL_TABLES)
    pages = [squash(page) for page in _pdf_text(pdf).split("\f")]
    split, kept = [], 0
    for number in range(24):
        size = list(TABLE_SIZES)[number % 3]
        on = {page for page, text in enumerate(pages, start=1)
              for row in (1, 5) if squash(f"{size} {number} rij {row}") in text}
        if size != "groot":
            kept += 1
            if len(on) != 1:
                split.append(f"table {number} ({size}) on pages {sorted(on)}")
    assert kept == 16 and not split, f"small tables broken over two pages: {split}"
    fill = page_fill(tool("pdftotext"), pdf)
    assert not short_pages(fill), f"pages ending above half the page: {short_pages(fill)} ({fill})"


@pytest.mark.parametrize("name", DOCX_NAMES)
def test_docx_tables_do_not_break_words(docx_pdfs: tuple[Path, str], documents: Path, name: str) -> None:
    cells = outline((documents / f"{name}.html").read_text(encoding="utf-8")).cells
    broken = broken_cell_words(cells, _pdf_text(_pdf_of(docx_pdfs, name)))
    assert not broken, f"{name}.pdf (from DOCX) breaks these table words mid-word: {broken}"


def test_docx_text_colours_have_contrast(documents: Path) -> None:
    low = set()
    for name in DOCX_NAMES:
        for colour, where in docx_text_colours(documents / f"{name}.docx").items():
            if contrast(colour, "#ffffff") < AA:
                low.add(f"{colour} ({contrast(colour, '#ffffff'):.2f}:1, {', '.join(sorted(where))})")
    assert not low, f"DOCX text colours below {AA}:1 on white: {sorted(low)}"


# --- 2. HTML in headless Chromium ---------------------------------------------------------


@pytest.mark.parametrize("name", HTML_NAMES)
def test_html_screenshot_shows_the_page(browser: Callable[[str], Loaded], name: str) -> None:
    page = browser(name)
    page.check_ran(name)
    assert page.screenshot.is_file() and page.screenshot.stat().st_size > 0, f"no screenshot of {name}.html"
    image = read_png(page.screenshot)
    assert (image.width, image.height) == (1200, 1600)
    assert image.ink() > 20 * MIN_INK, f"the screenshot of {name}.html is (nearly) all white"
    # The text column is 48rem wide and centred; wide tables may use the window's width,
    # but nothing below the navigation bar reaches into the page padding on the right.
    assert image.ink(1185, 80) == 0, f"{name}.html has content wider than the window"


@pytest.mark.parametrize("name", HTML_NAMES)
def test_html_dom_has_the_headings_and_no_errors(browser: Callable[[str], Loaded], documents: Path,
                                                 name: str) -> None:
    page = browser(name)
    page.check_ran(name)
    assert "<main" in page.dom and "main-frame-error" not in page.dom, \
        f"{name}.html did not load:\n{page.dom[:500]}"
    console = [line for line in page.log.splitlines() if ":CONSOLE" in line]
    assert not console, f"{name}.html logs to the browser console (CSP violation or error):\n" + "\n".join(console)
    source = (documents / f"{name}.html").read_text(encoding="utf-8")
    expected = [h for h in outline(source).headings if h[0] <= 2]
    loaded = [h for h in outline(page.dom).headings if h[0] <= 2]
    assert expected and loaded == expected, f"{name}.html: headings in the browser differ from the file"
    if name != "index":
        markdown = [squash(text) for level, text in markdown_headings(
            (documents / f"{name}.md").read_text(encoding="utf-8")) if level <= 2]
        assert markdown == [squash(text) for _, text in loaded], f"{name}.html: h1/h2 differ from {name}.md"


def _printed(browser: Callable[[str], Loaded], name: str) -> Path:
    page = browser(name)
    page.check_ran(name)
    assert page.pdf.is_file() and page.pdf.stat().st_size > 0, f"no PDF printed of {name}.html"
    return page.pdf


@pytest.mark.parametrize("name", HTML_NAMES)
def test_html_prints_on_a4_within_the_margins(browser: Callable[[str], Loaded], name: str, tmp_path: Path) -> None:
    pdf = _printed(browser, name)
    sizes = pdf_page_sizes(tool("pdfinfo"), pdf)
    assert sizes, f"{name}.html printed no pages"
    assert all(is_a4(size) for size in sizes), f"{name}.html does not print on A4: {sorted(set(sizes))}"
    landscape = [number for number, (width, height) in enumerate(sizes, start=1) if width > height]
    assert bool(landscape) == (name in WIDE), \
        f"{name}.html: landscape pages {landscape}, but wide tables {'in' if name in WIDE else 'not in'} it"
    # @page margins are 2 cm (2.5 cm at the bottom), also on the landscape pages
    # (@page breed); the overview, a one-page dashboard, has 1.2 cm. No header or footer is printed.
    _check_pages(pdf, tmp_path, margin_cm=1.2 if name == "index" else 2.0, header_cm=0, footer_cm=0)


def test_overview_dashboard_prints_on_the_first_page(browser: Callable[[str], Loaded]) -> None:
    """What needs attention, the route and the execution fit on one A4 page; the pictures follow."""
    pdf = _printed(browser, "index")
    result = run([tool("pdftotext"), "-enc", "UTF-8", "-f", "1", "-l", "1", str(pdf), "-"])
    first = " ".join(result.stdout.split())
    for text in ("Nu aandacht nodig", "Mijlpaal vertraagd: 80% van de pedagogisch professionals getraind",
                 "Doel D2 loopt achter", "Doel D4 loopt achter", "De begroting is niet dekkend", "De route",
                 "6. Evaluatie en", "Uitvoering", "Besloten bijstellingen"):
        assert text in first, f"not on the first printed page of the overview: {text}"
    assert "Figuren" not in first


@pytest.mark.parametrize("name", HTML_NAMES)
def test_html_print_pages_are_filled(browser: Callable[[str], Loaded], name: str) -> None:
    fill = page_fill(tool("pdftotext"), _printed(browser, name))
    assert not short_pages(fill), f"{name}.html (printed): pages ending above half the page: {short_pages(fill)}"


@pytest.mark.parametrize("name", DOCX_NAMES)
def test_html_print_has_a_title_page_running_title_and_page_numbers(browser: Callable[[str], Loaded],
                                                                     name: str) -> None:
    pages = _pdf_text(_printed(browser, name)).split("\f")
    pages = [page for page in pages if page.strip()]
    assert "pagina" not in squash(pages[0]) and ("conceptversie" in squash(pages[0]) or "vastgesteld" in squash(pages[0]))
    for number, page in enumerate(pages[1:], start=2):
        assert f"pagina{number}van{len(pages)}" in squash(page), f"{name}.html page {number}: no page number"
        assert "samennaarinclusievekinderopvang" in squash(page), f"{name}.html page {number}: no running title"


@pytest.mark.parametrize("name", HTML_NAMES)
def test_html_print_tables_do_not_break_words(browser: Callable[[str], Loaded], documents: Path, name: str) -> None:
    cells = outline((documents / f"{name}.html").read_text(encoding="utf-8")).cells
    broken = broken_cell_words(cells, _pdf_text(_printed(browser, name)))
    assert not broken, f"{name}.html (printed) breaks these table words mid-word: {broken}"


# --- 3. accessibility basics --------------------------------------------------------------


@pytest.mark.parametrize("name", HTML_NAMES)
def test_html_accessibility_basics(documents: Path, name: str) -> None:
    page = outline((documents / f"{name}.html").read_text(encoding="utf-8"))
    assert page.lang == "nl", f"{name}.html: <html lang> is {page.lang!r}, not 'nl'"
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1, f"{name}.html has {levels.count(1)} h1 headings, not exactly one"
    assert levels[0] == 1, f"{name}.html does not start with its h1"
    skips = [f"h{a} → h{b} ({page.headings[i + 1][1]!r})"
             for i, (a, b) in enumerate(zip(levels, levels[1:])) if b > a + 1]
    assert not skips, f"{name}.html skips heading levels: {skips}"
    assert all(text for _, text in page.headings), f"{name}.html has an empty heading"
    for number, table in enumerate(page.tables, start=1):
        assert table["thead"] == 1, f"{name}.html table {number} has no <thead>"
        assert table["thead_th"] > 0 and table["thead_td"] == 0, \
            f"{name}.html table {number}: the <thead> must hold <th> cells only"
    assert page.images_without_alt == 0, f"{name}.html has images without alt text"


def _check_contrast(css: str, where: str) -> None:
    foregrounds, backgrounds = css_colours(css)
    assert foregrounds and backgrounds, f"{where}: no text or background colours found in the CSS"
    low = [f"{fg} on {bg}: {contrast(fg, bg):.2f}:1"
           for fg in sorted(foregrounds) for bg in sorted(backgrounds) if contrast(fg, bg) < AA]
    assert not low, f"{where}: text/background pairs below {AA}:1: {low}"


@pytest.mark.parametrize("name", HTML_NAMES)
def test_html_embedded_css_has_enough_contrast(documents: Path, name: str) -> None:
    styles = outline((documents / f"{name}.html").read_text(encoding="utf-8")).styles
    assert len(styles) == 1, f"{name}.html should embed exactly one <style>"
    _check_contrast(styles[0], f"{name}.html")


def test_render_html_palette_has_enough_contrast() -> None:
    from handreiking.render.html import CSS, PALETTE

    _check_contrast(CSS, "render_html.CSS")
    # Every text colour of the palette is used as such, and checked against every background.
    foregrounds, backgrounds = css_colours(CSS)
    for key in ("text", "heading", "muted", "link"):
        assert PALETTE[key].lower() in foregrounds, f"PALETTE[{key!r}] is not used as a text colour"
    for key in ("background", "table_header_bg", "table_stripe_bg", "code_bg"):
        assert PALETTE[key].lower() in backgrounds, f"PALETTE[{key!r}] is not used as a background"


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


# --- 4. PDF through WeasyPrint (the optional pdf extra) -------------------------------------


@pytest.fixture(scope="module")
def weasy_pdf(documents: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One document of the example, long enough for a table of contents, as PDF
    (WeasyPrint takes seconds per document, so only this one)."""
    pytest.importorskip("weasyprint")
    from handreiking.render.pdf import render_pdf

    pdf = tmp_path_factory.mktemp("weasyprint") / "communicatieplan.pdf"
    pdf.write_bytes(render_pdf((documents / "communicatieplan.html").read_text(encoding="utf-8")))
    return pdf


def test_pdf_has_title_page_contents_with_page_numbers_and_filled_pages(weasy_pdf: Path, tmp_path: Path) -> None:
    sizes = pdf_page_sizes(tool("pdfinfo"), weasy_pdf)
    assert sizes and all(is_a4(size) for size in sizes)
    fill = page_fill(tool("pdftotext"), weasy_pdf)
    assert not short_pages(fill), f"pages ending above half the page: {short_pages(fill)} ({fill})"
    pages = [page for page in _pdf_text(weasy_pdf, layout=True).split("\f") if page.strip()]
    assert "pagina" not in squash(pages[0]) and ("conceptversie" in squash(pages[0]) or "vastgesteld" in squash(pages[0]))
    contents = re.findall(r"^\s*(\d+(?:\.\d+)?)\s+(.+?)\s*\.{3,}\s*(\d+)\s*$", pages[1], re.MULTILINE)
    assert len(contents) >= 5, pages[1]  # numbered entries with dot leaders and page numbers
    for number, page in enumerate(pages[1:], start=2):
        assert f"pagina{number}van{len(pages)}" in squash(page)
    _check_pages(weasy_pdf, tmp_path, margin_cm=2.0, header_cm=1.9, footer_cm=2.4)


def test_overview_glance_fits_one_projector_screen(documents: Path, tmp_path: Path) -> None:
    """On a projector (1280x720) the title, the state of every phase, the milestones, the
    goals, the budget gap and the count of open advice fit one screen: the page cut after
    the glance, shot in Chromium, has its last ink above 720 pixels."""
    page = (documents / "index.html").read_text(encoding="utf-8")
    cut = page.index("<h2", page.index("In één oogopslag"))
    glance = tmp_path / "glance.html"
    glance.write_text(page[:cut] + "</main></body></html>", encoding="utf-8")
    shot = tmp_path / "glance.png"
    result = run(chromium_cmd(tool("chromium"), tmp_path / "profile", "--window-size=1280,1400",
                              f"--screenshot={shot}", glance.as_uri()), timeout=90)
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    image = read_png(shot)
    inked = [y for y in range(image.height) if image.ink(0, y, image.width, y + 1, threshold=200)]
    assert inked and 400 < inked[-1] <= 720, f"the glance ends at {inked[-1] if inked else None} px"


def _signature_row_pitches(pdf: Path) -> list[float]:
    """Distances in points between the tops of consecutive rows of the list to sign (the
    table with the column "Handtekening"), per page: pdftotext's text blocks of the
    organisation column, from its header down to the first block as wide as running text."""
    result = run([tool("pdftotext"), "-bbox-layout", str(pdf), "-"])
    assert result.returncode == 0, result.stderr
    box = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+"'
    pitches: list[float] = []
    for body in re.findall(r"<page [^>]*>(.*?)</page>", result.stdout, re.S):
        if ">Handtekening<" not in body:
            continue
        blocks = []
        for x0, y0, x1, inner in re.findall(rf"<block {box}>(.*?)</block>", body, re.S):
            words = [html.unescape(word) for word in re.findall(r"<word [^>]*>([^<]*)</word>", inner)]
            blocks.append((float(y0), float(x0), float(x1), words))
        blocks.sort()
        header_y, header_x = next((y, x) for y, x, _, words in blocks if words[:1] == ["Organisatie"])
        tops = []
        for y, x, right, _ in blocks:
            if y <= header_y + 2:
                continue
            if right - x > 250:  # running text: the table has ended
                break
            if abs(x - header_x) < 3:
                tops.append(y)
        pitches += [b - a for a, b in zip(tops, tops[1:])]
    return pitches


def test_the_list_to_sign_has_rows_to_sign_in(docx_pdfs: tuple[Path, str], documents: Path,
                                              browser: Callable[[str], Loaded], tmp_path: Path) -> None:
    """The Visiedocument's list to sign, as a person sees it: in Word (through LibreOffice),
    in the PDF and in the printed HTML page every row is at least 1.5 cm (42.5 pt) high."""
    pytest.importorskip("weasyprint")
    from handreiking.render.pdf import render_pdf

    weasy = tmp_path / "visiedocument.pdf"
    weasy.write_bytes(render_pdf((documents / "visiedocument.html").read_text(encoding="utf-8")))
    signers = (documents / "visiedocument.md").read_text(encoding="utf-8").split("| Handtekening |", 1)[1]
    rows = len(re.findall(r"^\|", signers.split("\n\n", 1)[0], re.M)) - 1  # less the separator line
    assert rows >= 5
    for what, pdf in (("Word", _pdf_of(docx_pdfs, "visiedocument")), ("PDF", weasy),
                      ("HTML printed", browser("visiedocument").pdf)):
        pitches = _signature_row_pitches(pdf)
        assert len(pitches) >= rows // 2, f"{what}: rows of the list to sign not found or too close ({pitches})"
        assert min(pitches) >= 42, f"{what}: a row of the list to sign is lower than 1.5 cm ({pitches})"
