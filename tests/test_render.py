"""Rendering: documents from answers, deterministic, written only when changed."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from handreiking.cli.shared import load_state
from handreiking.core.errors import TemplateError
from handreiking.render.pipeline import render_plan
from helpers import EXAMPLE, HtmlOutline, copy_example, markdown_headings, run_cli

DOCUMENTS = ("visiedocument", "stakeholderanalyse", "onderzoeksplan", "plan_van_aanpak", "communicatieplan",
             "evaluatieplan", "contactlijst-intern")


def render(folder: Path, **kwargs):
    plan, catalog, answer_set, report = load_state(folder)
    assert report.ok, report.errors
    return render_plan(plan, catalog, answer_set, **kwargs)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The example rendered once for every test here that only reads the documents."""
    plan = copy_example(tmp_path_factory.mktemp("gerenderd") / "plan")
    return plan, render(plan)


def _table_count(markdown_text: str) -> int:
    return sum(1 for line in markdown_text.splitlines() if re.fullmatch(r"\|( ?:?-+:? ?\|)+", line.strip()))


def test_render_writes_every_document_in_every_format(rendered):
    _, result = rendered
    names = sorted(p.name for p in result.written)
    assert names == sorted([f"{d}.{f}" for d in DOCUMENTS for f in ("md", "html", "docx")] + ["index.html"])


def test_second_render_writes_nothing_and_bytes_are_identical(rendered):
    plan, _ = rendered
    first = {p.name: p.read_bytes() for p in (plan / "documenten").iterdir()}
    assert not (plan / "documenten" / ".handreiking-bronnen.json").exists()  # the state is a cache, not in the plan
    mtimes = {p.name: p.stat().st_mtime_ns for p in (plan / "documenten").iterdir()}
    result = render(plan)
    assert result.written == []
    assert {p.name: p.read_bytes() for p in (plan / "documenten").iterdir()} == first
    assert {p.name: p.stat().st_mtime_ns for p in (plan / "documenten").iterdir()} == mtimes


def test_render_is_identical_in_a_fresh_process(rendered, tmp_path):
    a, _ = rendered
    b = copy_example(tmp_path / "b")
    subprocess.run([sys.executable, "-m", "handreiking", "render", str(b)], check=True, capture_output=True)
    for path in (a / "documenten").iterdir():
        assert path.read_bytes() == (b / "documenten" / path.name).read_bytes(), path.name


def test_committed_example_documents_are_up_to_date():
    assert run_cli("render", str(EXAMPLE), "--check") == 0


def test_check_lists_stale_documents_and_writes_nothing(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    render(plan)
    answers = plan / "antwoorden" / "2-visie.yaml"
    answers.write_text(answers.read_text(encoding="utf-8").replace("horizonjaar: 2034", "horizonjaar: 2035"),
                       encoding="utf-8")
    before = (plan / "documenten" / "visiedocument.md").read_bytes()
    assert run_cli("render", str(plan), "--check") == 1
    err = capsys.readouterr().err
    assert "visiedocument.md" in err and "stakeholderanalyse" not in err
    assert (plan / "documenten" / "visiedocument.md").read_bytes() == before


def test_check_names_a_document_that_is_not_made_yet_as_missing(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")  # without its documents
    assert run_cli("render", str(plan), "--formaat", "md,html") == 0
    capsys.readouterr()
    assert run_cli("render", str(plan), "--check") == 1
    err = capsys.readouterr().err
    assert "visiedocument.docx (ontbreekt nog)" in err and "visiedocument.md" not in err


def test_only_requested_formats(tmp_path):
    plan = copy_example(tmp_path / "plan")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    assert sorted(p.name for p in (plan / "documenten").glob("[!.]*")) == sorted(f"{d}.md" for d in DOCUMENTS)


def test_unfinished_plan_gives_readable_draft_with_placeholders(tmp_path):
    plan = tmp_path / "leeg"
    assert run_cli("init", str(plan), "--titel", "Proef", "--gemeente", "Gemeente Proef",
                   "--regisseur", "R. Egisseur", "--startdatum", "2026-02-01") == 0
    render(plan)
    text = (plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert text.startswith("# Visiedocument")
    assert "*Nog in te vullen:" in text
    assert "Proef" in text and "1 februari 2026" in text


@pytest.mark.parametrize("document", DOCUMENTS)
def test_html_and_docx_hold_the_same_sections(rendered, document):
    import docx

    plan, _ = rendered
    md = (plan / "documenten" / f"{document}.md").read_text(encoding="utf-8")
    expected = markdown_headings(md)
    assert len(expected) > (2 if document == "contactlijst-intern" else 5)

    parser = HtmlOutline()
    parser.feed((plan / "documenten" / f"{document}.html").read_text(encoding="utf-8"))
    assert parser.lang == "nl"
    assert [h.strip() for h in parser.headings] == expected
    assert parser.th > 0 and parser.scripts == 0

    doc = docx.Document(io.BytesIO((plan / "documenten" / f"{document}.docx").read_bytes()))
    heading_texts = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert heading_texts == expected
    assert doc.paragraphs[0].style.name == "Title"
    assert len(doc.tables) == _table_count(md)
    assert doc.core_properties.author == "Fatima el Amrani"
    assert doc.core_properties.created.date().isoformat() == "2026-01-12"
    assert doc.core_properties.modified.date().isoformat() == "2027-06-28"


def test_docx_tables_match_markdown_tables(rendered):
    import docx

    plan, _ = rendered
    md = (plan / "documenten" / "stakeholderanalyse.md").read_text(encoding="utf-8")
    doc = docx.Document(str(plan / "documenten" / "stakeholderanalyse.docx"))
    assert len(doc.tables) == _table_count(md) > 0
    first = doc.tables[0]
    assert [c.text for c in first.rows[0].cells][:2] == ["Partij", "Sector"]
    assert len(first.rows) > 10  # one row per stakeholder of the example


def test_answers_are_data_never_template_code(tmp_path):
    import docx

    plan = copy_example(tmp_path / "plan")
    answers = plan / "antwoorden" / "2-visie.yaml"
    text = answers.read_text(encoding="utf-8")
    evil = "{{ 7*7 }} {% include 'x' %} <script>alert(1)</script> *geen nadruk*"
    text = re.sub(r"(?m)^toekomstbeeld: [>|]-?\n(  .*\n)+", f"toekomstbeeld: \"{evil}\"\n", text)
    answers.write_text(text, encoding="utf-8")
    render(plan)
    md = (plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    html = (plan / "documenten" / "visiedocument.html").read_text(encoding="utf-8")
    assert "49" not in md.split("Stip op de horizon")[1][:600]
    assert "{{ 7\\*7 }}" in md and "{% include 'x' %}" in md
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "*geen nadruk*" in html
    body = "\n".join(p.text for p in docx.Document(str(plan / "documenten" / "visiedocument.docx")).paragraphs)
    assert evil in body


def test_plan_template_override_is_used(tmp_path):
    plan = copy_example(tmp_path / "plan")
    (plan / "sjablonen").mkdir()
    (plan / "sjablonen" / "visiedocument.md.j2").write_text(
        "# Onze visie\n\n{{ plan.gemeente }} kiest {{ visie.perspectief }}.\n", encoding="utf-8")
    render(plan, formats=("md",))
    assert (plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8") == \
        "# Onze visie\n\nGemeente Lindewaard kiest Inclusieve kinderopvang.\n"


def test_a_template_added_or_edited_while_the_process_runs_is_used(tmp_path):
    """The live view keeps its Jinja environment between renders: a template put in
    ``sjablonen/`` or changed there afterwards is still what the next render uses, also when
    the change kept the file's time."""
    import os

    plan = copy_example(tmp_path / "plan")
    render(plan, formats=("md",))
    own = plan / "sjablonen" / "visiedocument.md.j2"
    own.parent.mkdir()
    own.write_text("# Onze visie\n\nEerste versie.\n", encoding="utf-8")
    render(plan, formats=("md",))
    document = plan / "documenten" / "visiedocument.md"
    assert document.read_text(encoding="utf-8") == "# Onze visie\n\nEerste versie.\n"
    own.write_text("# Onze visie\n\nTweede versie.\n", encoding="utf-8")
    later = own.stat().st_mtime_ns + 2_000_000_000  # a clock that does not tick between two saves
    os.utime(own, ns=(later, later))
    render(plan, formats=("md",))
    assert document.read_text(encoding="utf-8") == "# Onze visie\n\nTweede versie.\n"
    before = own.stat()  # an edit that keeps the file's time (cp -p, rsync -t, a coarse clock)
    own.write_text("# Onze visie\n\nDerde versie.\n", encoding="utf-8")
    os.utime(own, ns=(before.st_atime_ns, before.st_mtime_ns))
    render(plan, formats=("md",))
    assert document.read_text(encoding="utf-8") == "# Onze visie\n\nDerde versie.\n"
    own.unlink()
    render(plan, formats=("md",))
    assert "Eerste versie" not in document.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("{{ plan.__class__.__mro__ }}", "toegang tot '__class__'"),
        ("{{ ''.__class__.__subclasses__() }}", "niet mag"),
        ("{% include '../../plan.yaml' %}", "vraagt om '../../plan.yaml'"),
        ("{{ visie.bestaat_niet }}", "onbekende naam"),
        ("{% if %}", "fout in het sjabloon"),
    ],
)
def test_custom_templates_are_sandboxed(tmp_path, source, fragment):
    plan = copy_example(tmp_path / "plan")
    (plan / "sjablonen").mkdir()
    (plan / "sjablonen" / "visiedocument.md.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(plan, formats=("md",))  # the template is the point; converting would only cost time
    assert fragment in str(info.value)


def test_overview_page_links_every_document_and_lists_open_items(tmp_path):
    plan = copy_example(tmp_path / "plan")
    answers = plan / "antwoorden" / "2-visie.yaml"
    answers.write_text(answers.read_text(encoding="utf-8").replace("horizonjaar: 2034", "horizonjaar:"),
                       encoding="utf-8")
    render(plan)
    page = (plan / "documenten" / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+)"', page))
    expected = {f"{d}.{f}" for d in DOCUMENTS for f in ("md", "html", "docx")}
    assert expected <= links
    assert all((plan / "documenten" / link).is_file() for link in expected)
    for number, title in enumerate(("Vertrekpunt", "Visie", "Onderzoek", "Planvorming", "Uitvoering",
                                    "Evaluatie"), start=1):
        assert f"{number}. {title}" in page
    open_items = page.split("Open punten")[1]
    assert "het jaar van de stip op de horizon" in open_items and "wilt u" not in open_items  # by topic


def test_a_change_in_one_phase_rerenders_only_the_documents_that_use_it(tmp_path, monkeypatch):
    import handreiking.render.pipeline as render_module

    plan = copy_example(tmp_path / "plan")
    render(plan)
    rendered: list[str] = []
    original = render_module.render_markdown
    monkeypatch.setattr(render_module, "render_markdown",
                        lambda env, spec, context: rendered.append(spec.id) or original(env, spec, context))
    assert render(plan).written == [] and rendered == []  # nothing changed: nothing rendered at all
    path = plan / "antwoorden" / "5-uitvoering.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-09-01", "2026-09-08", 1), encoding="utf-8")
    render(plan)
    assert sorted(rendered) == ["communicatieplan", "evaluatieplan", "overzicht", "plan_van_aanpak"]
    rendered.clear()
    (plan / "documenten" / "visiedocument.html").write_text("met de hand veranderd", encoding="utf-8")
    result = render(plan)
    assert rendered == ["visiedocument"] and [p.name for p in result.written] == ["visiedocument.html"]


def test_a_number_key_beside_text_keys_does_not_stop_the_fingerprint(example_plan):
    """A hand-written own key such as ``1:`` beside text keys in one mapping: the render's
    input fingerprint still sorts the keys (hypothesis found it in the fuzzed answer files)."""
    from handreiking.cli.shared import load_state
    from handreiking.plan.documents import load_documents
    from handreiking.render.pipeline import input_fingerprints

    plan, catalog, answer_set, _report = load_state(example_plan)
    specs = load_documents(catalog)
    phase = next(iter(answer_set))
    before = input_fingerprints(plan, answer_set, specs)
    phase.data["eigen_notitie"] = {1: "een", "b": "twee"}
    after = input_fingerprints(plan, answer_set, specs)
    assert before.keys() == after.keys() and before != after


def test_every_amount_in_the_html_and_word_files_keeps_euro_and_number_together():
    """The same no-break space after € everywhere: sentences, tables, totals, the advice,
    the pictures' text alternatives (the budget table's rows and totals alike)."""
    import zipfile

    checked = 0
    for documents in sorted(EXAMPLE.parent.glob("*/documenten")):
        for path in sorted(documents.glob("*.html")):
            text = path.read_text(encoding="utf-8")
            assert not re.findall(r"€[ \t\n](?=[\d-])", text), path
            checked += text.count("€\u00a0")
        for path in sorted(documents.glob("*.docx")):
            with zipfile.ZipFile(path) as archive:
                text = archive.read("word/document.xml").decode("utf-8")
            assert not re.findall(r"€[ \t\n](?=[\d-])", text), path
            checked += text.count("€\u00a0")
    assert checked > 100


def test_an_amount_in_a_sentence_of_an_html_page_does_not_break():
    from handreiking.render.html import render_html

    page = render_html("# Plan\n\nIn 2028 ontbreekt € 60.000; we zoeken € 12.500,50 extra.\n", title="Plan")
    assert "ontbreekt €\u00a060.000; we zoeken €\u00a012.500,50 extra" in page


def test_a_template_that_fails_is_reported_in_dutch_and_says_whose_it_is(example_plan, capsys):
    """Python's own words ("unsupported operand type(s)") are English: the message says in Dutch
    what went wrong, where, and that the plan's own template is the one to look at."""
    (example_plan / "sjablonen").mkdir()
    (example_plan / "sjablonen" / "visiedocument.md.j2").write_text("# Visie\n\n{{ 1 + 'een' }}\n", encoding="utf-8")
    assert run_cli("render", str(example_plan), "--formaat", "md") == 1
    err = capsys.readouterr().err
    assert "visiedocument.md.j2, regel 3: het sjabloon kon niet worden gemaakt: een bewerking met een waarde" in err
    assert "kijk in het eigen sjabloon op deze regel" in err
    assert "unsupported" not in err and "Traceback" not in err
