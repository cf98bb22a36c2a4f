"""PDF output through WeasyPrint (the optional ``pdf`` extra)."""
from __future__ import annotations

import datetime as dt
import re
import shutil
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
