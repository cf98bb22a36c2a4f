"""Tests for handreiking.render.html: a self-contained, printable, safe page."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from handreiking.render.markdown import parse_markdown
from handreiking.render.html import CSS, PALETTE, render_html

VOID = {"meta", "br", "hr", "img", "link", "input", "col", "area", "base", "wbr", "source"}

SAMPLE = """# Plan inclusieve kinderopvang

Inleiding met **vet**, *cursief* en [de handreiking](https://example.nl/handreiking).

<script>alert(1)</script>

Tekst {{ 7*7 }} en A & B.

## Fase 1: verkennen

| Partner | Rol |
|---|---|
| GGD | adviseert |
| Kinderopvang | voert uit |

### Acties

- eerste
- tweede

## Fase 2

[gevaarlijk](javascript:alert(1)) en ![pixel](https://tracker.example/p.png)
"""


class Collector(HTMLParser):
    """Collects the structure the tests care about and checks nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.start_tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text_by_tag: dict[str, list[str]] = {}
        self.headings: list[tuple[str, str]] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start_tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)
            if re.fullmatch(r"h[1-6]", tag):
                self.headings.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> in {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.text_by_tag.setdefault(self.stack[-1], []).append(data)
            if re.fullmatch(r"h[1-6]", self.stack[-1]):
                tag, text = self.headings[-1]
                self.headings[-1] = (tag, text + data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.start_tags if tag == name]


def collect(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    collector.close()
    assert collector.stack == [], "unclosed elements"
    return collector


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(parse_markdown(SAMPLE), title="Plan <Gemeente> & co", subtitle="Gemeente Voorbeeld")


def test_document_skeleton(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>\n")
    doc = collect(page)
    assert doc.doctype.lower() == "doctype html"
    assert doc.tags("html") == [{"lang": "nl"}]
    metas = doc.tags("meta")
    assert {"charset": "utf-8"} in metas
    assert any(m.get("name") == "viewport" and "width=device-width" in (m.get("content") or "") for m in metas)
    assert doc.text_by_tag["title"] == ["Plan <Gemeente> & co"]
    assert "<title>Plan &lt;Gemeente&gt; &amp; co</title>" in page


def test_headings_in_order_and_subtitle(page: str) -> None:
    doc = collect(page)
    assert doc.headings == [
        ("h1", "Plan inclusieve kinderopvang"),
        ("h2", "Fase 1: verkennen"),
        ("h3", "Acties"),
        ("h2", "Fase 2"),
    ]
    assert page.index("</h1>") < page.index('<p class="ondertitel">Gemeente Voorbeeld</p>') < page.index("Inleiding")


def test_title_becomes_heading_when_markdown_has_none() -> None:
    doc = collect(render_html(parse_markdown("Alleen tekst."), title="Mijn plan", subtitle="Sub"))
    assert doc.headings == [("h1", "Mijn plan")]
    assert doc.text_by_tag["p"] == ["Sub", "Alleen tekst."]


def test_table_has_header_cells(page: str) -> None:
    doc = collect(page)
    assert len(doc.tags("table")) == 1 and len(doc.tags("thead")) == 1
    assert doc.text_by_tag["th"] == ["Partner", "Rol"]
    assert doc.text_by_tag["td"] == ["GGD", "adviseert", "Kinderopvang", "voert uit"]


def test_user_text_is_escaped_not_executed(page: str) -> None:
    doc = collect(page)
    assert doc.tags("script") == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" in "".join(doc.text_by_tag["p"])
    assert "{{ 7*7 }}" in page and "A &amp; B" in page
    assert all(not (a.get("href") or "").lower().startswith("javascript") for a in doc.tags("a"))
    assert doc.tags("a") == [{"href": "https://example.nl/handreiking"}, {}]  # unsafe link: text only


def test_no_external_resources(page: str) -> None:
    doc = collect(page)
    for tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio", "source", "base"):
        assert doc.tags(tag) == [], tag
    assert not any("src" in attrs for _, attrs in doc.start_tags)
    assert "@import" not in page and "url(" not in page
    assert len(doc.tags("style")) == 1
    csp = [m for m in doc.tags("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_print_css() -> None:
    compact = re.sub(r"\s+", " ", CSS)
    assert "@media print" in compact
    assert re.search(r"@page \{ size: A4; margin: [^}]+\}", compact)
    assert "thead { display: table-header-group; }" in compact
    assert re.search(r"tr \{ break-inside: avoid; page-break-inside: avoid; \}", compact)
    assert re.search(r"h1, h2, h3, h4, h5, h6 \{[^}]*break-after: avoid", compact)
    assert "border-collapse: collapse" in compact


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("text", "background"),
        ("heading", "background"),
        ("muted", "background"),
        ("link", "background"),
        ("link", "table_stripe_bg"),
        ("text", "table_header_bg"),
        ("text", "table_stripe_bg"),
        ("text", "code_bg"),
    ],
)
def test_colour_contrast_meets_wcag_aa(foreground: str, background: str) -> None:
    assert _contrast(PALETTE[foreground], PALETTE[background]) >= 4.5


def test_border_is_visible_against_white() -> None:
    assert _contrast(PALETTE["border"], PALETTE["background"]) >= 3.0


def test_deterministic_and_entry_points_agree() -> None:
    parsed = parse_markdown(SAMPLE)
    first = render_html(parsed, title="T", subtitle="S")
    assert first == render_html(parsed, title="T", subtitle="S")
    assert first == render_html(SAMPLE, title="T", subtitle="S")


def test_forbidden_characters_do_not_reach_the_page() -> None:
    page = render_html("Tekst\x00\x01 hier", title="Ti\x0btel")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", page)
    assert "<title>Titel</title>" in page


WIDE_SAMPLE = """# Plan van aanpak

Inleiding.

## Doelen

De partners werken aan deze doelen.

| Doel | Omschrijving | Indicator | Uitgangspunt | Streefcijfer | Einddatum | Eigenaar | Verificatie |
|---|---|---|---|---|---|---|---|
| D1 | Basisscholen en peuterspeelzalen | Aanmeldingen | 0 van de 18 | 18 van de 18 | 31-12-2027 | Ondersteuner | Steekproeven |

## Planning

| Mijlpaal | Datum |
|---|---|
| Start van de pilot | 1 september 2026 |
"""


def test_wide_table_prints_on_landscape_pages() -> None:
    parsed = parse_markdown(WIDE_SAMPLE)
    doc = collect(render_html(parsed, title="T"))
    assert [attrs.get("class") for attrs in doc.tags("table")] == ["breed", None]
    # The table's heading and lead-in go along to the landscape page; nothing else does.
    marked = [(tag, attrs.get("class")) for tag, attrs in doc.start_tags if tag in ("h1", "h2", "p")]
    assert marked == [("h1", None), ("p", None), ("h2", "breed"), ("p", "breed"), ("h2", None)]
    assert "breed" not in parsed.html  # the shared parse (also used for the DOCX) is not changed
    compact = re.sub(r"\s+", " ", CSS)
    assert re.search(r"@page breed \{ size: A4 landscape; margin: 2cm 2cm 2\.5cm; \}", compact)
    print_css = compact[compact.index("@media print"):]
    assert ".breed { page: breed; }" in print_css
    assert "page: breed" not in compact[:compact.index("@media print")]  # the screen is unchanged


def test_narrow_tables_are_not_marked(page: str) -> None:
    assert "breed" not in page.split("</style>", 1)[1]


NAVIGATION = (("index.html", "Overzicht"), ("visiedocument.html", "Visiedocument"),
              ("evaluatieplan.html", "Evaluatieplan (PDCA)"))
LONG = ("# Visiedocument\n\n**Plan**  \nGemeente  \nConcept, versie 1 maart 2026\n\nInleiding.\n\n"
        + "".join(f"## Hoofdstuk {n}\n\n" + "Tekst over het plan. " * 120 + f"\n\n### Deel {n}.1\n\nMeer.\n\n"
                  for n in range(1, 4))
        + "Zie het *Evaluatieplan*, hoofdstuk Resultaten (controleren).\n\n"
        + "Zo meten we het:\n\n| Doel | Indicator |\n| --- | --- |\n| D1 | aantal |\n")


def test_navigation_contents_references_and_table_semantics() -> None:
    page = render_html(parse_markdown(LONG), title="Visiedocument — Plan", navigation=NAVIGATION,
                       running_title="Visiedocument — Plan")
    nav = re.search(r'<nav class="documenten".*?</nav>', page, re.S).group(0)
    assert nav.count("<a ") == 3 and '<a href="visiedocument.html" aria-current="page">' in nav
    contents = re.search(r'<nav class="inhoud".*?</nav>', page, re.S).group(0)
    assert '<a href="#hoofdstuk-1"><span class="nummer">1</span> Hoofdstuk 1</a>' in contents
    assert '<span class="nummer">1.1</span> Deel 1.1' in contents
    assert '<h2 id="hoofdstuk-1">Hoofdstuk 1</h2>' in page
    # the reference links to the chapter; the short name finds "Evaluatieplan (PDCA)"
    assert '<a class="verwijzing" href="evaluatieplan.html#resultaten-controleren"><em>Evaluatieplan</em></a>' in page
    assert '<caption>Zo meten we het</caption>' in page and "<p>Zo meten we het:</p>" not in page
    assert '<th scope="col">Doel</th>' in page
    assert 'class="titelblad"' in page and '<p class="kop">' in page


def test_short_page_has_no_contents_and_running_title_is_escaped() -> None:
    page = render_html(parse_markdown("# Kort\n\nTekst.\n"), title="T", running_title='Plan "x" </style>')
    assert 'class="inhoud"' not in page
    assert "</style> " not in page.split("<body>")[0].replace("</style>\n", "")
    assert '@top-right { content: "Plan \\22 x\\22  \\3c \\2f style\\3e "' in page


def test_word_break_opportunities_are_written_the_same_on_every_python() -> None:
    """Python 3.10 closed <wbr> with </wbr>; 3.11 and later do not. The page must not differ."""
    import xml.etree.ElementTree as ET

    from handreiking.render.markdown import element_to_html

    cell = ET.fromstring("<td>info@<wbr/>lindewaard.<wbr/>nl</td>")
    assert element_to_html(cell) == "<td>info@<wbr>lindewaard.<wbr>nl</td>"


def test_a_list_to_sign_gets_rows_with_room_to_sign() -> None:
    """The list to sign (last column empty in every row) gets the class whose rows are 1.5 cm
    high with a 4.5 cm column to sign in; a table of answers does not."""
    page = render_html("# T\n\n| Naam | Handtekening |\n| --- | --- |\n| Rob | |\n\n| Naam | Rol |\n| --- | --- |\n"
                       "| Rob | Regisseur |\n", title="T")
    assert page.count('<table class="invullen">') == 1
    assert "table.invullen tbody td { height: 1.5cm; }" in page
    assert "table.invullen thead th:last-child { width: 4.5cm; }" in page


def test_contents_follow_the_cover_as_in_the_word_file() -> None:
    """The table of contents comes right after the cover facts, before the introduction, as
    in the Word file (in print: at the top of the second page); its last two entries never go
    to a page on their own, and tables print at the Word files' 9.5 pt."""
    page = render_html(parse_markdown(LONG), title="Visiedocument — Plan")
    assert page.index('<p class="kop">') < page.index('<nav class="inhoud"') < page.index("<p>Inleiding.</p>")
    assert "nav.inhoud li:nth-last-child(-n+2) { break-before: avoid; }" in page
    assert "table { font-size: 9.5pt;" in page.split("@media print")[1]
    overview = render_html(parse_markdown(LONG.replace("**Plan**  \nGemeente  \nConcept, versie 1 maart 2026\n\n", "")),
                           title="Plan")
    assert overview.index("<p>Inleiding.</p>") < overview.index('<nav class="inhoud"') < overview.index("<h2")
