"""PDF output through WeasyPrint (the optional ``pdf`` extra)."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys

import pytest

from handreiking.core.errors import PdfUnavailableError
from handreiking.render.html import render_html
from helpers import run_cli

PAGE = render_html("# Visiedocument\n\n**Plan**  \nGemeente  \nConcept, versie 1 maart 2026\n\n## Inleiding\n\nTekst.\n",
                   title="Visiedocument — Plan", running_title="Visiedocument — Plan", author="Regisseur",
                   created=dt.date(2026, 1, 12), modified=dt.date(2026, 3, 1))


def test_pdf_is_reproducible_with_the_plan_dates(tmp_path) -> None:
    pytest.importorskip("weasyprint")
    from handreiking.render.pdf import render_pdf
    from visual_tools import run, tool

    first, second = render_pdf(PAGE), render_pdf(PAGE)
    assert first.startswith(b"%PDF") and first == second
    pdf = tmp_path / "v.pdf"
    pdf.write_bytes(first)
    info = run([tool("pdfinfo"), str(pdf)]).stdout
    assert re.search(r"CreationDate:\s+Mon Jan 12 00:00:00 2026", info)  # the plan's dates, never the clock
    assert re.search(r"ModDate:\s+Sun Mar  1 00:00:00 2026", info)
    assert "Title:           Visiedocument — Plan" in info and "Author:          Regisseur" in info


def test_a_pdf_made_an_hour_later_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedded fonts once carried the time of writing (fontTools stamps each font it
    saves), so two renders on either side of a second's edge differed. The clock is moved on
    an hour between the two; a ``SOURCE_DATE_EPOCH`` the user set is left as it was."""
    pytest.importorskip("weasyprint")
    import time

    from handreiking.render.pdf import render_pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    first = render_pdf(PAGE)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3600)
    assert render_pdf(PAGE) == first
    assert os.environ["SOURCE_DATE_EPOCH"] == "1234567890"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert render_pdf(PAGE) == first
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_without_weasyprint_pdf_is_refused_in_dutch(monkeypatch: pytest.MonkeyPatch, tmp_path, capsys) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if it were not installed
    from handreiking.render.pdf import ensure_pdf_support

    with pytest.raises(PdfUnavailableError) as error:
        ensure_pdf_support()
    assert "WeasyPrint" in str(error.value) and 'pip install "handreiking[pdf]"' in error.value.format_message()
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Plan") == 0
    shutil.rmtree(plan / "documenten", ignore_errors=True)
    capsys.readouterr()
    assert run_cli("render", str(plan), "--formaat", "pdf") == 1
    err = capsys.readouterr().err
    assert "WeasyPrint" in err and "handreiking[pdf]" in err and "Traceback" not in err
    assert not [p for p in plan.glob("documenten/*.*") if p.suffix != ".json"]  # nothing written


def test_formats_come_from_plan_yaml(tmp_path) -> None:
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Plan") == 0
    with (plan / "plan.yaml").open("a", encoding="utf-8") as handle:
        handle.write("formaten: [md]\n")
    assert run_cli("render", str(plan)) == 0
    assert sorted({p.suffix for p in (plan / "documenten").glob("*.*")} - {".json"}) == [".md"]
    with (plan / "plan.yaml").open("a", encoding="utf-8") as handle:
        handle.write("formaten: 12\n")
    assert run_cli("render", str(plan)) == 1  # a duplicate or wrong key is reported, nothing crashes


FIGURE_PAGE = render_html(
    "# Plan van aanpak\n\n**Plan**  \nGemeente  \nConcept, versie 1 maart 2026\n\n## Middelen\n\n"
    "Zie de [handreiking](https://www.rijksoverheid.nl/).\n\n{{figuur}}\n\n"
    "| Bron | Naam | Status | Bedrag |\n| --- | --- | --- | ---: |\n"
    + "".join(f"| Jeugdwet {n} | Rob Verhoef | Afgerond | € 377.000 |\n" for n in range(40))
    + "| **Totaal** | | | **€ 15.080.000** |\n",
    title="Plan van aanpak — Plan", running_title="Plan van aanpak — Plan", author="Regisseur",
    created=dt.date(2026, 1, 12), modified=dt.date(2026, 3, 1)).replace(
    "<p>{{figuur}}</p>", '<figure class="figuur"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" '
    'role="img" aria-label="Begroting per bron"><rect width="10" height="10"/></svg></figure>')


def test_pdf_is_tagged_for_publication(tmp_path) -> None:
    """PDF/UA-1: a structure tree, MarkInfo, the language, the title shown, figures with a
    description; the pdfua checker (offline, no JVM) finds no error. Names, amounts and
    status words in table cells are not hyphenated, and the total row is not alone."""
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    from handreiking.render.pdf import render_pdf

    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(render_pdf(FIGURE_PAGE))
    reader = pypdf.PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "nl"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b"pdfuaid:part" in root["/Metadata"].get_data() or b"pdfuaid" in root["/Metadata"].get_data()
    texts = [page.extract_text() for page in reader.pages]
    joined = "\n".join(texts)
    assert not re.search(r"(Ver|Verh|Ro)-\n|Afge-\n|Jeugd-\n", joined)
    last = texts[-1]
    assert "Totaal" in last and "Jeugdwet 39" in last  # the total keeps a row above it on its page
    pdfua = pytest.importorskip("pdfua")
    report = pdfua.validate(str(pdf))
    errors = [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity.name == "ERROR"]
    assert not errors, errors


def _pdf_pages(pdf) -> list[str]:
    """The text of every page, squashed (letters and digits only, see visual_tools.squash)."""
    from visual_tools import run, squash, tool

    text = run([tool("pdftotext"), "-layout", str(pdf), "-"]).stdout
    return [squash(page) for page in text.split("\f")[:-1]]


TALL_TABLE_PAGE = render_html(
    "# Plan van aanpak\n\n**Plan**  \nGemeente  \nConcept, versie 1 maart 2026\n\n## Middelen\n\n"
    + "".join(f"Alinea {n}: " + "tekst die de middelen toelicht, " * 12 + "tot hier.\n\n" for n in range(5))
    + "### Begroting\n\nDe begroting per onderdeel:\n\n| Onderdeel | Toelichting | Bedrag |\n| --- | --- | ---: |\n"
    + "".join(f"| Onderdeel {n} | Rij{n}begin " + "uitleg over dit onderdeel van de begroting " * 5
              + f"Rij{n}eind | € {n}.000 |\n" for n in range(1, 31))
    + "| **Totaal** | | **€ 465.000** |\n",
    title="Plan van aanpak — Plan", running_title="Plan van aanpak — Plan", author="Regisseur",
    created=dt.date(2026, 1, 12), modified=dt.date(2026, 3, 1))


def test_a_tall_table_breaks_across_pages_with_whole_rows_and_its_header_on_every_page(tmp_path) -> None:
    """A table of three pages after half a page of text: it starts on that page, right under
    its heading and lead-in (no half-empty page before it); no row is cut over two pages;
    every page of it starts with its header row; the total shares its page with other rows."""
    pytest.importorskip("weasyprint")
    from handreiking.render.pdf import render_pdf
    from visual_tools import page_fill, tool

    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(render_pdf(TALL_TABLE_PAGE))
    pages = _pdf_pages(pdf)
    table_pages = [number for number, page in enumerate(pages) if "rij" in page and "onderdeel1" in page
                   or any(f"rij{n}begin" in page for n in range(1, 31))]
    assert len(table_pages) >= 3, pages
    first = table_pages[0]
    assert "alinea4" in pages[first] and "begroting" in pages[first] and "rij1begin" in pages[first]
    assert page_fill(tool("pdftotext"), pdf)[first] > 0.8  # the table fills the rest of the text's page
    for n in range(1, 31):
        holding = [number for number, page in enumerate(pages) if f"rij{n}begin" in page]
        assert len(holding) == 1 and f"rij{n}eind" in pages[holding[0]], f"row {n} cut over two pages"
    for number in table_pages:
        body = pages[number].split("planvanaanpakplan", 1)[-1]  # after the running title
        assert body.startswith("onderdeeltoelichtingbedrag") or number == first, body[:80]
    last = pages[table_pages[-1]]
    assert "totaal" in last and "rij30eind" in last and "rij29eind" in last


EXAMPLES_WITH_PDF = ("gemeente-voorbeeld", "gemeente-klein")  # Lindewaard and Westerhaven


@pytest.fixture(scope="module", params=EXAMPLES_WITH_PDF)
def example_pdfs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list:
    """Every document of an example plan as PDF (``render --formaat pdf``), next to its HTML page."""
    pytest.importorskip("weasyprint")
    from visual_tools import REPO

    plan = tmp_path_factory.mktemp("pdf") / request.param
    shutil.copytree(REPO / "examples" / request.param, plan)
    assert run_cli("render", str(plan), "--formaat", "pdf") == 0
    pdfs = sorted((plan / "documenten").glob("*.pdf"))
    assert len(pdfs) >= 6
    return pdfs


def _cells_linked_to_headers(pdf) -> tuple[int, list[str]]:
    """(number of data cells, problems): every data cell (/TD) of the structure tree names
    the header cells (/TH) of its column by their /ID in its /Headers attribute."""
    import pypdf

    ids: set[str] = set()
    cells: list[list[str]] = []

    def walk(node, seen: set) -> None:
        node = node.get_object()
        if not isinstance(node, dict) or id(node) in seen:
            return
        seen.add(id(node))
        role = node.get("/S")
        if role == "/TH" and "/ID" in node:
            ids.add(str(node["/ID"]))
        elif role == "/TD":
            cells.append([str(h) for h in node.get("/A", {}).get("/Headers", [])])
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid, seen)

    walk(pypdf.PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"], set())
    return len(cells), [f"cell {n}: {headers}" for n, headers in enumerate(cells)
                        if not headers or not set(headers) <= ids]


@pytest.mark.slow
def test_example_pdfs_pass_the_pdfua_check(example_pdfs: list) -> None:
    """PDF/UA-1 with the pdfua checker: no error in any document of the example. Its only
    warning may be UA-15-003, a heuristic that looks for /Scope on header cells; WeasyPrint
    links the cells the other way PDF/UA allows (/Headers naming the header cells' /IDs),
    which is checked here instead."""
    import pdfua

    for pdf in example_pdfs:
        report = pdfua.validate(str(pdf))
        errors = [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity.name == "ERROR"]
        assert not errors, (pdf.name, errors)
        assert {f.rule_id for f in report.findings} <= {"UA-15-003"}, (pdf.name, report.findings)
        data_cells, problems = _cells_linked_to_headers(pdf)
        assert not problems, (pdf.name, problems[:5])


@pytest.mark.slow
def test_example_pdf_pages_break_well(example_pdfs: list) -> None:
    """Page by page: no page but the cover and the last ends above 60 % of its height (at
    most about two fifths of the text area empty: a tall row that does not fit moves on, but
    the table itself may break; with the old print style a page of the Evaluatieplan ended at
    55 %); no page ends with a heading (a heading stays with its text); no page holds a total
    row without another row of its table."""
    from visual_tools import page_fill, run, short_pages, squash, tool

    for pdf in example_pdfs:
        page_html = pdf.with_suffix(".html").read_text(encoding="utf-8")
        headings = {squash(re.sub(r"<[^>]+>", "", text))
                    for text in re.findall(r"<h[2-6][^>]*>(.*?)</h[2-6]>", page_html, re.S)} - {""}
        fill = page_fill(tool("pdftotext"), pdf)
        assert not short_pages(fill, minimum=0.6), (pdf.name, fill)
        text = run([tool("pdftotext"), "-layout", str(pdf), "-"]).stdout
        for number, page in enumerate(text.split("\f")[:-1], start=1):
            lines = [line for line in page.splitlines() if line.strip() and not re.search(r"Pagina \d+ van \d+", line)]
            if number == 1 or len(lines) < 2:
                continue
            body = lines[1:]  # below the running title
            last = squash(body[-1])
            # the heading itself, with at most its number before it ("13 Team"), not a line that
            # only ends in the same letters ("buurtteam." after the heading "Team")
            assert not any(last.endswith(h) and (last == h or last[:len(last) - len(h)].isdigit())
                           and len(last) - len(h) <= 6 for h in headings), (pdf.name, number, body[-1])
            # a total at the top of the page, or right under the repeated header row, is alone
            # (a cell that is just "Totaal": the word, then the gap to the next column or the line's end)
            assert not any(re.match(r"\s*Totaal(\s{2,}|\s*$)", line) for line in body[:2]), (pdf.name, number, body[:3])


def test_pdf_uses_the_word_font_in_the_text_and_the_page_margins(tmp_path) -> None:
    """Body text, running title and page number in Carlito (the measures of Word's Calibri), from
    handreiking's own font files; no other sans-serif in the margins."""
    pytest.importorskip("weasyprint")
    from handreiking.render.pdf import render_pdf
    from visual_tools import run, tool

    pdf = tmp_path / "v.pdf"
    pdf.write_bytes(render_pdf(PAGE))
    listed = run([tool("pdffonts"), "-f", "2", "-l", "2", str(pdf)]).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in listed}
    assert names and all(name.startswith("Handreiking-Carlito") for name in names), names


_HIDE_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<selectfont><rejectfont><glob>*Carlito*</glob><glob>*Liberation*</glob><glob>*DejaVu*</glob>
<glob>*Calibri*</glob></rejectfont></selectfont></fontconfig>
"""


@pytest.mark.slow  # two processes that each make a ten-page PDF with a figure
def test_a_pdf_is_the_same_on_a_computer_without_these_fonts(tmp_path) -> None:
    """The PDF used the computer's fonts: a machine with Carlito, one with Calibri and one with
    neither made three different PDFs (22 or 24 pages for the Plan van aanpak). The page has a
    figure, italics and fixed spaces ("€ 24.500"), which Carlito lacks."""
    pytest.importorskip("weasyprint")
    from helpers import EXAMPLE

    page = EXAMPLE / "documenten" / "stakeholderanalyse.html"
    (tmp_path / "zonder.conf").write_text(_HIDE_FONTS, encoding="utf-8")
    script = ("import sys; from pathlib import Path; from handreiking.render.pdf import render_pdf; "
              "Path(sys.argv[2]).write_bytes(render_pdf(Path(sys.argv[1]).read_text(encoding='utf-8')))")
    made = []
    for name, extra in (("gewoon", {}), ("zonder", {"FONTCONFIG_FILE": str(tmp_path / "zonder.conf")})):
        out = tmp_path / f"{name}.pdf"
        subprocess.run([sys.executable, "-c", script, str(page), str(out)], check=True,
                       env={**os.environ, **extra}, timeout=300)
        made.append(out.read_bytes())
    assert made[0] == made[1]
