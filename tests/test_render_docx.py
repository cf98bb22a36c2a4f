"""Tests for handreiking.render.docx: real Word styles, metadata, reproducible bytes."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
from io import BytesIO
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn

from handreiking.render.markdown import parse_markdown
from handreiking.render.docx import render_docx

SAMPLE = """# Plan inclusieve kinderopvang

Inleiding met **vet**, *cursief*, `code` en [de handreiking](https://example.nl/handreiking).
Soft break hier  
harde break daar.

<script>alert(1)</script>

Letterlijk: {{ 7*7 }} en {% include "x" %} en \\*niet vet\\* en A & B en &amp; en 🎉 عربى עברית.

## Fase 1

- punt een
- punt twee
    - genest
- punt drie

1. eerste
2. tweede

Tussentekst.

1. opnieuw een
2. opnieuw twee

### Partners

| Partner | Rol |
|---|---|
| GGD | **adviseert** |
| Kinderopvang | voert uit |

#### Detail

> Een citaat.

---

# Bijlage
"""

KWARGS: dict[str, Any] = {
    "title": "Plan <Gemeente> & co",
    "author": "Anne de Regisseur",
    "created": dt.date(2024, 5, 1),
    "modified": dt.date(2024, 6, 15),
    "subject": "Inclusieve kinderopvang",
    "keywords": "kinderopvang; inclusie",
}


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return render_docx(parse_markdown(SAMPLE), **KWARGS)


@pytest.fixture(scope="module")
def document(docx_bytes: bytes) -> Any:
    return docx.Document(BytesIO(docx_bytes))


def styled(document: Any) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def test_paragraph_styles(document: Any) -> None:
    paragraphs = styled(document)
    assert paragraphs[0] == ("Title", "Plan inclusieve kinderopvang")
    headings = [(style, text) for style, text in paragraphs if style.startswith(("Title", "Heading"))]
    assert headings == [
        ("Title", "Plan inclusieve kinderopvang"),
        ("Heading 1", "Fase 1"),
        ("Heading 2", "Partners"),
        ("Heading 3", "Detail"),
        ("Heading 1", "Bijlage"),  # a second '#' is a normal top-level heading
    ]
    assert ("List Bullet", "punt een") in paragraphs
    assert ("List Bullet 2", "genest") in paragraphs
    assert ("List Number", "eerste") in paragraphs
    assert ("Quote", "Een citaat.") in paragraphs


def test_numbered_lists_restart(document: Any) -> None:
    num_ids = {}
    for paragraph in document.paragraphs:
        if paragraph.style.name == "List Number":
            num_ids[paragraph.text] = paragraph._p.pPr.numPr.numId.val
    assert num_ids["eerste"] == num_ids["tweede"]
    assert num_ids["opnieuw een"] == num_ids["opnieuw twee"] != num_ids["eerste"]


def test_inline_formatting(document: Any) -> None:
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    assert any(run.text == "vet" and run.bold for run in runs)
    assert any(run.text == "cursief" and run.italic for run in runs)
    assert any(run.text == "code" and run.font.name == "Courier New" for run in runs)
    intro = next(p for p in document.paragraphs if p.text.startswith("Inleiding met"))  # after the cover page
    assert "de handreiking (https://example.nl/handreiking)" in intro.text
    assert "Soft break hier\nharde break daar." in intro.text  # <br> -> line break, soft break -> space
    assert intro.hyperlinks[0].url == "https://example.nl/handreiking"


def test_literal_text_survives(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
    assert "<script>alert(1)</script>" in texts
    literal = next(t for t in texts if t.startswith("Letterlijk"))
    assert literal == 'Letterlijk: {{ 7*7 }} en {% include "x" %} en *niet vet* en A & B en & en 🎉 عربى עברית.'


def test_table(document: Any, docx_bytes: bytes) -> None:
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    assert [cell.text for cell in table.rows[0].cells] == ["Partner", "Rol"]
    assert [cell.text for cell in table.rows[1].cells] == ["GGD", "adviseert"]
    header_runs = [run for cell in table.rows[0].cells for run in cell.paragraphs[0].runs]
    assert header_runs and all(run.bold for run in header_runs)
    first, *others = table.rows
    assert first._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in others)
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert 'w:fill="DDE7F2"' in part_xml(docx_bytes, "word/document.xml")


def test_core_properties(document: Any, docx_bytes: bytes) -> None:
    props = document.core_properties
    assert props.title == "Plan <Gemeente> & co"
    assert props.author == props.last_modified_by == "Anne de Regisseur"
    assert props.created == dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
    assert props.modified == dt.datetime(2024, 6, 15, tzinfo=dt.timezone.utc)
    assert props.revision == 1
    assert props.language == "nl-NL"
    assert props.subject == "Inclusieve kinderopvang"
    assert props.keywords == "kinderopvang; inclusie"
    assert props.comments == ""
    core = part_xml(docx_bytes, "docProps/core.xml")
    assert "python-docx" not in core
    assert re.findall(r"\d{4}-\d\d-\d\dT[\d:]+Z", core) == ["2024-05-01T00:00:00Z", "2024-06-15T00:00:00Z"]


def test_header_footer_page_and_language(document: Any, docx_bytes: bytes) -> None:
    section = document.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.01 and abs(section.page_height.cm - 29.7) < 0.01
    assert section.header.paragraphs[0].text == "Plan <Gemeente> & co"
    footer = section.footer.paragraphs[0]._p.xml
    assert "Pagina " in footer and " van " in footer
    assert re.search(r'w:instr=" PAGE [^"]*"', footer) and re.search(r'w:instr=" NUMPAGES [^"]*"', footer)
    styles = part_xml(docx_bytes, "word/styles.xml")
    assert re.search(r'<w:docDefaults>.*?<w:lang w:val="nl-NL"', styles, re.S)


def test_title_paragraph_added_without_h1() -> None:
    document = docx.Document(BytesIO(render_docx("## Eerste kop\n\nTekst.", **KWARGS)))
    assert styled(document)[:2] == [("Title", "Plan <Gemeente> & co"), ("Heading 1", "Eerste kop")]


def test_accepts_markdown_text_directly(docx_bytes: bytes) -> None:
    assert render_docx(SAMPLE, **KWARGS) == docx_bytes


def test_forbidden_characters_are_removed() -> None:
    nasty = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF, 0xD800, 0xDFFF])
    data = render_docx(
        f"# Kop{nasty}\n\nTekst{nasty} met **vet{nasty}**\n\n| a{nasty} |\n|---|\n| b{nasty} |",
        title=f"Titel{nasty}",
        author=f"Auteur{nasty}",
        created=dt.date(2024, 1, 1),
        modified=dt.date(2024, 1, 1),
        subject=nasty,
        keywords=nasty,
    )
    document = docx.Document(BytesIO(data))  # still a valid file
    assert styled(document)[:2] == [("Title", "Kop"), ("Normal", "Tekst met vet")]
    assert document.core_properties.title == "Titel"
    assert document.core_properties.author == "Auteur"
    assert [cell.text for row in document.tables[0].rows for cell in row.cells] == ["a", "b"]


def test_long_metadata_is_truncated() -> None:
    data = render_docx("Tekst", title="T" * 400, author="A", created=dt.date(2024, 1, 1), modified=dt.date(2024, 1, 1))
    document = docx.Document(BytesIO(data))
    assert document.core_properties.title == "T" * 255
    assert document.sections[0].header.paragraphs[0].text == "T" * 400


def test_empty_document() -> None:
    document = docx.Document(BytesIO(render_docx("", **KWARGS)))
    assert styled(document) == [("Title", "Plan <Gemeente> & co")]


def test_zip_container_is_normalised(docx_bytes: bytes) -> None:
    with zipfile.ZipFile(BytesIO(docx_bytes)) as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
    assert {info.external_attr for info in infos} == {0o644 << 16}
    assert not any("thumbnail" in info.filename for info in infos)
    assert "thumbnail" not in part_xml(docx_bytes, "_rels/.rels")
    # Word 2010's copy of the styles is left out; the styles themselves are there
    assert "word/styles.xml" in {info.filename for info in infos}
    assert not any("stylesWithEffects" in info.filename for info in infos)
    assert "stylesWithEffects" not in part_xml(docx_bytes, "word/_rels/document.xml.rels")
    assert "stylesWithEffects" not in part_xml(docx_bytes, "[Content_Types].xml")


def test_byte_identical_across_calls(docx_bytes: bytes) -> None:
    assert render_docx(parse_markdown(SAMPLE), **KWARGS) == docx_bytes


def test_byte_identical_across_processes(docx_bytes: bytes) -> None:
    script = (
        "import datetime as dt, sys\n"
        "from handreiking.render.docx import render_docx\n"
        "data = render_docx(sys.stdin.read(), title=sys.argv[1], author=sys.argv[2],\n"
        "    created=dt.date(2024, 5, 1), modified=dt.date(2024, 6, 15), subject=sys.argv[3], keywords=sys.argv[4])\n"
        "sys.stdout.write(data.hex())\n"
    )
    args = [KWARGS["title"], KWARGS["author"], KWARGS["subject"], KWARGS["keywords"]]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
        result = subprocess.run(
            [sys.executable, "-c", script, *args],
            input=SAMPLE.encode("utf-8"),
            capture_output=True,
            env=env,
            check=True,
            timeout=120,
        )
        outputs.append(bytes.fromhex(result.stdout.decode("ascii")))
    assert outputs[0] == outputs[1] == docx_bytes


# --- wide tables on landscape pages ------------------------------------------------------

WIDE_TABLE = """| Doel | Omschrijving | Indicator | Uitgangspunt | Streefcijfer | Einddatum | Eigenaar | Verificatie |
|---|---|---|---|---|---|---|---|
| D1 | Basisscholen en peuterspeelzalen | Aanmeldingen | 0 van de 18 | 18 van de 18 | 31-12-2027 | Ondersteuner | Steekproeven |
"""
NARROW_TABLE = """| Mijlpaal | Datum |
|---|---|
| Start van de pilot | 1 september 2026 |
"""
WIDE_SAMPLE = f"""# Plan van aanpak

Inleiding.

## Doelen

De partners werken aan deze doelen.

{WIDE_TABLE}
## Planning

{NARROW_TABLE}
Tekst na de planning.

## Nog meer doelen

{WIDE_TABLE}
### Vervolg

Een tweede brede tabel direct erna deelt de liggende pagina's.

{WIDE_TABLE}
## Slot

Tekst na de tabellen.
"""
PORTRAIT, LANDSCAPE = (21.0, 29.7), (29.7, 21.0)


def _sections_of(document: Any) -> tuple[list[int], dict[str, int]]:
    """(section number of every table, section number of every non-empty paragraph's text)."""
    tables, paragraphs, number = [], {}, 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            tables.append(number)
        elif child.tag == qn("w:p"):
            text = "".join(child.xpath(".//w:t/text()")).strip()
            if text:
                paragraphs[text] = number
            if child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                number += 1  # this paragraph ends its section
    return tables, paragraphs


def _page(section: Any) -> tuple[float, float]:
    return round(section.page_width.cm, 1), round(section.page_height.cm, 1)


@pytest.fixture(scope="module")
def wide_document() -> Any:
    return docx.Document(BytesIO(render_docx(WIDE_SAMPLE, **KWARGS)))


def test_wide_table_gets_a_landscape_section(wide_document: Any) -> None:
    sections = wide_document.sections
    assert [_page(s) for s in sections] == [PORTRAIT, LANDSCAPE, PORTRAIT, LANDSCAPE, PORTRAIT]
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT,
                                                 WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    for section in sections:
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert all(abs(margin.cm - 2.5) < 0.01 for margin in margins)
    tables, paragraphs = _sections_of(wide_document)
    assert tables == [1, 2, 3, 3]  # the two wide tables after "Nog meer doelen" share one section
    # A wide table takes its headings and lead-in along; what follows is portrait again.
    assert paragraphs["Doelen"] == paragraphs["De partners werken aan deze doelen."] == 1
    assert paragraphs["Inleiding."] == 0 and paragraphs["Planning"] == paragraphs["Tekst na de planning."] == 2
    assert paragraphs["Nog meer doelen"] == paragraphs["Vervolg"] == 3
    assert paragraphs["Slot"] == paragraphs["Tekst na de tabellen."] == 4


def test_wide_table_columns_use_the_landscape_width(wide_document: Any) -> None:
    def width(table: Any) -> int:
        return sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol")))

    assert [abs(width(t) - w) <= 7 for t, w in zip(wide_document.tables, (14003, 9072, 14003, 14003))] == [True] * 4


def test_every_section_has_the_title_and_page_numbers(wide_document: Any) -> None:
    for number, section in enumerate(wide_document.sections):
        assert section.header.is_linked_to_previous == section.footer.is_linked_to_previous == (number > 0)
        assert section.header.paragraphs[0].text == "Plan <Gemeente> & co"
        footer = section.footer.paragraphs[0]._p.xml
        assert "Pagina " in footer and re.search(r'w:instr=" PAGE ', footer) and re.search(r'w:instr=" NUMPAGES ', footer)
        assert section.start_type == WD_SECTION.NEW_PAGE


def test_narrow_tables_keep_one_portrait_section(document: Any) -> None:
    assert len(document.sections) == 1 and _page(document.sections[0]) == PORTRAIT
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT


def test_document_ending_or_starting_with_a_wide_table() -> None:
    ending = docx.Document(BytesIO(render_docx(f"# Plan\n\nTekst.\n\n## Doelen\n\n{WIDE_TABLE}", **KWARGS)))
    assert [_page(s) for s in ending.sections] == [PORTRAIT, LANDSCAPE]  # no empty portrait page after it
    assert _sections_of(ending) == ([1], {"Plan": 0, "Tekst.": 0, "Doelen": 1})
    starting = docx.Document(BytesIO(render_docx(f"# Plan\n\n{WIDE_TABLE}\nTekst.", **KWARGS)))
    # the title is a portrait cover page; the table follows on landscape pages
    assert [_page(s) for s in starting.sections] == [PORTRAIT, LANDSCAPE, PORTRAIT]
    assert _sections_of(starting)[1] == {"Plan": 0, "Tekst.": 2}
    only = docx.Document(BytesIO(render_docx(WIDE_TABLE, **KWARGS)))  # the title paragraph stays portrait
    assert [_page(s) for s in only.sections] == [PORTRAIT, LANDSCAPE]


def test_wide_tables_are_byte_identical_across_calls() -> None:
    assert render_docx(WIDE_SAMPLE, **KWARGS) == render_docx(parse_markdown(WIDE_SAMPLE), **KWARGS)


LONG_PLAN = (
    "# Visiedocument\n\n**Ons plan**  \nGemeente Voorbeeld  \nConcept, versie 1 maart 2026\n\n"
    + "".join(f"## Hoofdstuk {n}\n\n" + ("Een zin met wat tekst over het plan. " * 60) + "\n\n"
              f"### Paragraaf {n}.1\n\nTekst.\n\n" for n in range(1, 5))
)


def test_cover_page_table_of_contents_and_numbered_headings() -> None:
    document = docx.Document(BytesIO(render_docx(LONG_PLAN, **KWARGS)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Visiedocument")
    assert paragraphs[1] == ("Subtitle", "Ons plan")
    assert ("Normal", "Gemeente Voorbeeld") in paragraphs[:5]
    assert document.sections[0].different_first_page_header_footer  # no running header on the cover
    xml = document.element.xml
    assert 'w:type="page"' in xml  # the cover ends with a page break
    assert not document.settings.element.xpath("w:updateFields")  # Word never asks "velden bijwerken?"
    toc = [text for style, text in paragraphs if style in ("TOC 1", "TOC 2")]
    assert toc[:2] == ["1\tHoofdstuk 1", "1.1\tParagraaf 1.1"] and len(toc) == 8
    assert "TOC \\o" not in xml  # LibreOffice would show a TOC field's stored text, without page numbers
    # headings carry no typed number; Word numbers them through the heading styles
    assert ("Heading 1", "Hoofdstuk 1") in paragraphs and ("Heading 2", "Paragraaf 1.1") in paragraphs
    for level in (1, 2, 3):
        num_pr = document.styles[f"Heading {level}"].element.pPr.numPr
        assert num_pr is not None and num_pr.ilvl.val == level - 1 and num_pr.numId.val > 0
    sizes = [document.styles[f"Heading {level}"].font.size.pt for level in (1, 2, 3)]
    assert sizes[0] >= sizes[1] + 3 and sizes[1] > sizes[2]


def test_contents_entries_link_to_the_headings_without_empty_page_numbers() -> None:
    """Each entry is a link to its heading's bookmark. Without a layout pass there is no
    page number and no empty field: omitted, never empty, never a guess."""
    body = docx.Document(BytesIO(render_docx(LONG_PLAN, **KWARGS))).element.body
    headings = body.xpath('w:p[w:pPr/w:pStyle[@w:val="Heading1" or @w:val="Heading2"]]')
    entries = body.xpath('w:p[w:pPr/w:pStyle[@w:val="TOC1" or @w:val="TOC2"]]')
    assert len(entries) == len(headings) == 8
    keep = [bool(entry.xpath("w:pPr/w:keepNext")) for entry in entries]
    assert keep == [True, False] * 4  # each chapter's entry stays with its section's
    for entry, heading in zip(entries, headings):
        bookmark = heading.xpath("w:bookmarkStart/@w:name")[0]
        (link,) = entry.xpath("w:hyperlink")
        assert link.get(qn("w:anchor")) == bookmark
        assert not link.xpath(".//w:instrText") and not link.xpath(".//w:fldChar")
        tabs = entry.xpath("w:pPr/w:tabs/w:tab")
        assert tabs[-1].get(qn("w:val")) == "right" and tabs[-1].get(qn("w:leader")) == "dot"
        assert abs(int(tabs[-1].get(qn("w:pos"))) - 9071) <= 2  # the right edge of A4's 16 cm text column


def test_short_document_has_no_table_of_contents() -> None:
    document = docx.Document(BytesIO(render_docx("# Kort\n\n## Een\n\nTekst.\n", **KWARGS)))
    assert "PAGEREF" not in document.element.xml and "Inhoud" not in document.element.xml
    assert not document.settings.element.xpath("w:updateFields")


def test_small_tables_are_kept_on_one_page() -> None:
    rows = "".join(f"| r{n} | x |\n" for n in range(4))
    document = docx.Document(BytesIO(render_docx(f"# T\n\n| a | b |\n| --- | --- |\n{rows}", **KWARGS)))
    table = document.tables[0]
    keep = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in table.rows]
    assert keep == [True] * (len(table.rows) - 1) + [None]


def test_a_small_table_is_kept_whole_only_if_it_fills_at_most_half_a_page_with_its_heading() -> None:
    """Kept whole, a table moves to the next page with its heading and lead-in when it does
    not fit; together they must not take more than half a page, or they leave a page half
    empty. The same table of about 0.4 page: kept whole after a one-line lead-in, only its
    header row kept with the first row after a lead-in of ten lines."""
    cell = " ".join(["woord"] * 20)
    table = "| Een | Twee | Drie |\n| --- | --- | --- |\n" + f"| {cell} | {cell} | kort |\n" * 5

    def kept(lead_in: str) -> list[bool]:
        document = docx.Document(BytesIO(render_docx(f"# T\n\n## Kop\n\n{lead_in}\n\n{table}", **KWARGS)))
        return [bool(row.cells[0].paragraphs[0].paragraph_format.keep_with_next) for row in document.tables[0].rows]

    assert kept("Een zin die de tabel inleidt.") == [True] * 5 + [False]
    assert kept("Een zin die de tabel inleidt. " * 30) == [True] + [False] * 3 + [True, False]  # the last row not alone


def test_a_list_to_sign_has_rows_with_room_to_sign() -> None:
    """A table whose last column is left empty in every row is a list to sign: its rows are
    at least 1.5 cm high (they grow with their text), the column to sign in is at least
    4.5 cm wide, and the header row repeats on the next page. Other tables keep rows one line high."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE

    signing = "| Naam | Organisatie | Datum | Handtekening |\n| --- | --- | --- | --- |\n" + "".join(
        f"| Naam {n} | Stichting Kinderopvang Lindewaard (SKL) | 18 juni 2026 | |\n" for n in range(12))
    plain = "| Naam | Rol |\n| --- | --- |\n| Fatima | Regisseur |\n"
    document = docx.Document(BytesIO(render_docx(f"# T\n\n{signing}\n\nTekst.\n\n{plain}", **KWARGS)))
    form, other = document.tables
    header, *rows = form.rows
    assert header.height is None and header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(abs(row.height.cm - 1.5) < 0.01 and row.height_rule == WD_ROW_HEIGHT_RULE.AT_LEAST for row in rows)
    assert all(row.cells[-1].text == "" for row in rows)
    assert form.columns[-1].width.cm > 4.49 and form.rows[1].cells[-1].width.cm > 4.49
    assert all(row.height is None for row in other.rows)
    keep = [bool(row.cells[0].paragraphs[0].paragraph_format.keep_with_next) for row in form.rows]
    assert keep[-2:] == [True, False]  # the last line to sign does not go to a page on its own


def test_house_style_reference_document_is_used() -> None:
    from docx.shared import Cm, RGBColor

    from visual_tools import house_style_reference

    reference = house_style_reference()
    out = docx.Document(BytesIO(render_docx(LONG_PLAN, reference=reference, **KWARGS)))
    assert out.styles["Heading 1"].font.name == "Georgia"
    assert out.styles["Heading 1"].font.color.rgb == RGBColor(0x1B, 0x5E, 0x20)
    assert abs(out.sections[0].left_margin - Cm(2)) < Cm(0.01)  # twips round a little
    header = out.sections[0].header
    assert header._element.xpath(".//w:drawing") and "Plan" not in "".join(p.text for p in header.paragraphs)
    assert "Pagina" in "".join(p.text for p in out.sections[0].footer.paragraphs)  # empty footer: ours
    texts = [p.text for p in out.paragraphs]
    assert "Huisstijl voor de plandocumenten" not in texts and texts[0] == "Visiedocument"
    assert render_docx(LONG_PLAN, reference=reference, **KWARGS) == render_docx(LONG_PLAN, reference=reference,
                                                                                  **KWARGS)


def test_house_style_made_in_word_gets_the_missing_styles() -> None:
    bare = docx.Document()
    for name in ("List Bullet", "List Number", "Heading 1", "Title"):
        element = bare.styles[name].element
        element.getparent().remove(element)
    buffer = BytesIO()
    bare.save(buffer)
    out = docx.Document(BytesIO(render_docx(LONG_PLAN + "\n- punt\n\n1. een\n", reference=buffer.getvalue(),
                                            **KWARGS)))
    styles = {p.style.name for p in out.paragraphs}
    assert {"Title", "Heading 1", "List Bullet", "List Number"} <= styles
    assert out.styles["List Bullet"].element.pPr.numPr.numId.val > 0  # bullets, not bare paragraphs


def test_references_to_other_documents_work_when_the_file_travels_alone() -> None:
    """A reference names the document and chapter in the text and links to no other file:
    a relative link breaks as soon as one document is mailed on its own."""
    text = "# Visiedocument\n\n## Doelen en meer\n\nZie het *Plan van aanpak*, hoofdstuk Doelen. En *passend*.\n"
    out = render_docx(text, **KWARGS)
    document = docx.Document(BytesIO(out))
    assert not [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    xml = document.element.xml
    assert 'w:name="h_doelen_en_meer"' in xml  # every chapter keeps its bookmark
    assert "Zie het Plan van aanpak, hoofdstuk Doelen." in "".join(p.text for p in document.paragraphs)


def test_a_layout_pass_stores_each_chapters_page_after_its_entry() -> None:
    """``render --paginanummers``: the pages a layout found are stored as the results of
    PAGEREF fields, matched to the entries by their text; an unknown chapter gets none."""
    from handreiking.render.docx_pages import store_page_numbers

    plain = render_docx(LONG_PLAN, **KWARGS)
    pages = [(f"{n} Hoofdstuk {n}", n + 1) for n in range(1, 4)] + [("3.1 Paragraaf 3.1", 5)]
    numbered = store_page_numbers(plain, pages)
    assert numbered == store_page_numbers(plain, pages)  # deterministic
    body = docx.Document(BytesIO(numbered)).element.body
    entries = body.xpath('w:p[w:pPr/w:pStyle[@w:val="TOC1" or @w:val="TOC2"]]')
    shown = [("".join(e.xpath(".//w:t/text()")), e.xpath(".//w:instrText/text()")) for e in entries]
    assert shown[0][0] == "1Hoofdstuk 12" and len(shown[0][1]) == 1 and "PAGEREF" in shown[0][1][0]
    assert shown[1] == ("1.1Paragraaf 1.1", [])  # no page known: no number
    assert shown[5][0].endswith("3.1Paragraaf 3.15")
    assert shown[6] == ("4Hoofdstuk 4", [])
    assert not docx.Document(BytesIO(numbered)).settings.element.xpath("w:updateFields")


@pytest.mark.slow
@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice is niet geïnstalleerd")
def test_libreoffice_finds_the_pages_of_the_chapters() -> None:
    pytest.importorskip("pypdf")
    from handreiking.render.docx_pages import chapter_pages, layout_tool

    pages = chapter_pages(render_docx(LONG_PLAN, **KWARGS), layout_tool())
    titles = [title for title, _ in pages]
    assert titles[:2] == ["1 Hoofdstuk 1", "1.1 Paragraaf 1.1"]
    assert all(page >= 2 for _, page in pages) and [p for _, p in pages] == sorted(p for _, p in pages)
