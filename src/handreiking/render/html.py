"""Wrap a parsed plan document in one self-contained, printable HTML page.

Why this module exists: advisors open the plan in a browser, mail it around
and print it. The page must therefore work offline and without anything
external (no fonts, scripts, images or style sheets from elsewhere), be
readable and accessible (Dutch ``lang``, WCAG AA contrast), print well on A4
(repeating table headers, no split table rows, no orphaned headings, tables too
wide for portrait on landscape pages), and be deterministic so re-rendering an
unchanged plan gives an identical file.
"""
from __future__ import annotations

import copy
import datetime as dt
import html as html_lib
from typing import Any, Sequence

from handreiking.render.figures import FIGURE_CSS, figure_html, figure_id, figure_image
from handreiking.render.markdown import (
    ParsedMarkdown,
    element_to_html,
    link_references,
    parse_markdown,
    remove_forbidden_chars,
    slug,
)
from handreiking.render.table_layout import (
    FORM_CLASS,
    FORM_COLUMN_CM,
    FORM_ROW_CM,
    LONG_DOCUMENT_CHARS,
    WIDE_CLASS,
    cell_pieces,
    heading_numbers,
    is_cover_facts,
    is_form,
    keep_together,
    landscape_runs,
)

__all__ = ["CSS", "PALETTE", "render_html"]

# Colours used as (foreground, background) pairs; tests check WCAG AA contrast.
PALETTE: dict[str, str] = {
    "text": "#1f2328",
    "background": "#ffffff",
    "heading": "#0b3d6b",
    "muted": "#4a5560",
    "link": "#0b57a4",
    "table_header_bg": "#dde7f2",
    "table_stripe_bg": "#f5f8fb",
    "border": "#6e7f91",
    "code_bg": "#f1f3f5",
}

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

CSS = f"""
:root {{ color-scheme: light; }}
html {{ background: {PALETTE["background"]}; }}
body {{
  margin: 0; padding: 0 1.25rem 4rem;
  color: {PALETTE["text"]}; background: {PALETTE["background"]};
  font-family: {FONT_FAMILY};
  font-size: 1.0625rem; line-height: 1.6;
  overflow-wrap: break-word; hyphens: auto;
}}
h1, h2, h3, h4, h5, h6 {{
  color: {PALETTE["heading"]}; line-height: 1.25; margin: 2rem 0 0.75rem;
  break-after: avoid; page-break-after: avoid; break-inside: avoid;
}}
h1 {{ font-size: 2rem; margin-top: 0; padding-bottom: 0.4rem;
  border-bottom: 3px solid {PALETTE["heading"]}; }}
h2 {{ font-size: 1.5rem; }}
h3 {{ font-size: 1.25rem; }}
h4, h5, h6 {{ font-size: 1.0625rem; }}
main.document {{ counter-reset: hoofdstuk; }}
main.document > h2 {{ counter-increment: hoofdstuk; counter-reset: paragraaf; }}
main.document > h3 {{ counter-increment: paragraaf; counter-reset: subparagraaf; }}
main.document > h4 {{ counter-increment: subparagraaf; }}
main.document > h2::before {{ content: counter(hoofdstuk) "\\2002"; }}
main.document > h3::before {{ content: counter(hoofdstuk) "." counter(paragraaf) "\\2002"; }}
main.document > h4::before {{ content: counter(hoofdstuk) "." counter(paragraaf) "." counter(subparagraaf) "\\2002"; }}
/* the text column reads best at about 48rem; tables may use the whole window */
main > * {{ max-width: 48rem; margin-left: auto; margin-right: auto; }}
main > table {{ max-width: 100%; width: auto; min-width: min(48rem, 100%); }}
.kop {{ color: {PALETTE["muted"]}; font-size: 1.05rem; margin-top: -0.25rem; }}
.kop strong {{ color: {PALETTE["heading"]}; font-size: 1.2rem; }}
nav.documenten {{ border-bottom: 1px solid {PALETTE["border"]}; margin: 0 -1.25rem 2rem; padding: 0.5rem 1.25rem;
  background: {PALETTE["table_stripe_bg"]}; font-size: 0.95rem; }}
nav.documenten ul {{ list-style: none; margin: 0 auto; padding: 0; max-width: 72rem;
  display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }}
nav.documenten li + li {{ margin-top: 0; }}
nav.documenten a[aria-current="page"] {{ color: {PALETTE["text"]}; font-weight: 700; text-decoration: none; }}
nav.inhoud {{ border-left: 4px solid {PALETTE["border"]}; padding: 0.25rem 1rem; margin-top: 1.5rem;
  margin-bottom: 1.5rem; }}
nav.inhoud ol {{ list-style: none; padding-left: 0; margin: 0.25rem 0; }}
nav.inhoud .niveau-2 {{ padding-left: 2rem; font-size: 0.95rem; }}
nav.inhoud .nummer {{ display: inline-block; min-width: 2.25rem; }}
nav.inhoud a {{ text-decoration: none; }}
nav.inhoud a:hover, nav.inhoud a:focus-visible {{ text-decoration: underline; }}
.inhoud-titel {{ font-weight: 700; color: {PALETTE["heading"]}; margin: 0; }}
caption {{ caption-side: top; text-align: left; font-weight: 700; padding: 0 0 0.35rem; }}
.ondertitel {{ color: {PALETTE["muted"]}; font-size: 1.2rem; margin: -0.25rem 0 2rem; }}
p, li {{ orphans: 3; widows: 3; }}
a {{ color: {PALETTE["link"]}; text-decoration: underline; }}
a:focus-visible {{ outline: 3px solid {PALETTE["heading"]}; outline-offset: 2px; }}
ul, ol {{ padding-left: 1.75rem; }}
li + li {{ margin-top: 0.25rem; }}
blockquote {{
  margin: 1.25rem 0; padding: 0.25rem 1rem; color: {PALETTE["text"]};
  border-left: 4px solid {PALETTE["border"]}; background: {PALETTE["table_stripe_bg"]};
}}
code, pre {{ font-family: ui-monospace, "Cascadia Mono", Consolas, "Courier New", monospace;
  font-size: 0.9em; background: {PALETTE["code_bg"]}; }}
code {{ padding: 0.1em 0.3em; border-radius: 3px; }}
pre {{ padding: 0.75rem 1rem; overflow-x: auto; white-space: pre-wrap; }}
pre code {{ padding: 0; background: none; }}
hr {{ border: 0; border-top: 1px solid {PALETTE["border"]}; margin: 2rem 0; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 1.25rem; margin-bottom: 1.25rem; font-size: 0.9rem; }}
th, td {{ border: 1px solid {PALETTE["border"]}; padding: 0.45rem 0.6rem;
  vertical-align: top; text-align: left; overflow-wrap: break-word; hyphens: manual; }}
th {{ background: {PALETTE["table_header_bg"]}; color: {PALETTE["text"]}; font-weight: 700; }}
tbody tr:nth-child(even) {{ background: {PALETTE["table_stripe_bg"]}; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
/* a list to sign: rows with room for a signature, a wide last column to sign in */
table.{FORM_CLASS} tbody td {{ height: {FORM_ROW_CM}cm; }}
table.{FORM_CLASS} thead th:last-child {{ width: {FORM_COLUMN_CM}cm; }}
@page {{ size: A4; margin: 2cm 2cm 2.5cm; }}
@page {WIDE_CLASS} {{ size: A4 landscape; margin: 2cm 2cm 2.5cm; }}
@media print {{
  body {{ padding: 0; font-size: 11pt; line-height: 1.45; }}
  main > *, main > table {{ max-width: none; min-width: 0; }}
  main > table {{ width: calc(100% - 2px); margin-left: 1px; }}  /* the collapsed right border stays on the page */
  table {{ font-size: 9.5pt; line-height: 1.3; }}  /* the table text of the Word files */
  th, td {{ padding: 0.2rem 0.35rem; }}
  nav.documenten {{ display: none; }}
  h1.titelblad {{ margin-top: 7cm; }}
  .kop {{ break-after: page; }}
  nav.inhoud {{ margin-top: 0; }}  /* at the top of the page after the cover, as in the Word file */
  nav.inhoud li + li {{ margin-top: 0; }}
  nav.inhoud li:nth-last-child(-n+2) {{ break-before: avoid; }}  /* no entry alone on a page */
  li:last-child:not(:first-child) {{ break-before: avoid; }}  /* nor the last item of a list */
  a.verwijzing {{ text-decoration: none; }}
  nav.inhoud a::after {{ content: leader(".") target-counter(attr(href), page); }}
  h1 {{ font-size: 22pt; }} h2 {{ font-size: 16pt; }} h3 {{ font-size: 13pt; }}
  a {{ color: {PALETTE["text"]}; }}
  a[href^="http"]::after, a[href^="mailto:"]::after {{
    content: " (" attr(href) ")"; font-size: 0.85em; overflow-wrap: anywhere; }}
  th, tbody tr:nth-child(even), blockquote, code, pre {{
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  table, blockquote, pre {{ break-inside: auto; }}
  .{WIDE_CLASS} {{ page: {WIDE_CLASS}; }}
}}
""".strip()

# Defence in depth: even if markup slipped through, the browser may load
# nothing and run nothing; only the embedded style sheet is allowed.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _soft_breaks(table: Any) -> Any:
    """A copy of ``table`` whose cells can wrap without breaking words at random.

    Dutch compounds ('samenwerkingsverband') get soft hyphens at their syllable
    breaks, and long tokens (e-mail addresses, URLs) get ``<wbr>`` after '@',
    '.', '/', '-' or '_'. Without them a five-column table either grew past the
    text column or, with ``overflow-wrap: anywhere``, broke 'Stre/efw/aar/de'.
    """
    import copy
    import xml.etree.ElementTree as ET

    table = copy.deepcopy(table)
    pieces = cell_pieces

    def breaks_after(parts: list[str]) -> list[Any]:
        nodes = []
        for part in parts:
            wbr = ET.Element("wbr")
            wbr.tail = part
            nodes.append(wbr)
        return nodes

    for parent in list(table.iter()):
        if parent.text:
            parts = pieces(parent.text)
            parent.text = parts[0]
            for offset, node in enumerate(breaks_after(parts[1:])):
                parent.insert(offset, node)
        for child in list(parent):
            if child.tag != "wbr" and child.tail:
                parts = pieces(child.tail)
                child.tail = parts[0]
                index = list(parent).index(child) + 1
                for offset, node in enumerate(breaks_after(parts[1:])):
                    parent.insert(index + offset, node)
    return table


def _collapse_items(listing: Any) -> None:
    """Each ``li`` of ``listing`` that ends in a nested list becomes ``details``: its own
    text and inline elements the ``summary``, the nested list what opens below it."""
    from xml.etree import ElementTree as ET

    for item in listing.findall("li"):
        if not len(item) or item[-1].tag not in ("ul", "ol"):
            continue
        nested = item[-1]
        details, summary = ET.Element("details"), ET.Element("summary")
        summary.text, item.text = item.text, None
        for child in list(item)[:-1]:
            item.remove(child)
            summary.append(child)
        item.remove(nested)
        nested.tail = None
        details.append(summary)
        details.append(nested)
        item.append(details)


def render_html(
    document: ParsedMarkdown | str,
    *,
    title: str,
    subtitle: str = "",
    navigation: Sequence[tuple[str, str]] = (),
    running_title: str = "",
    stylesheet: str = "",
    author: str = "",
    created: dt.date | None = None,
    modified: dt.date | None = None,
    figures: dict[str, bytes] | None = None,
    extra_css: str = "",
    collapsible: bool = False,
) -> str:
    """Return a complete HTML page for ``document``.

    ``document`` is normally the :class:`ParsedMarkdown` that is also used
    for the DOCX (one parse per document); Markdown text is parsed here.
    The document's first top-level ``h1`` is its visible title; if there is
    none, ``title`` is shown as ``h1``. ``subtitle`` follows that heading.

    ``navigation`` lists the plan's pages as ``(file name, title)``: they form the bar
    at the top, and a document title in italics in the text (*Plan van aanpak*,
    optionally followed by ", hoofdstuk Doelen") becomes a link to it. A long document
    gets a table of contents. In print, ``running_title`` heads every page but the first
    and the pages are numbered. ``stylesheet`` (a house style) follows the built-in CSS.
    ``author`` and the dates become meta tags, which the PDF takes as its metadata.
    With ``collapsible`` (the overview), a list item with a nested list opens to it: the
    item's own line is the summary of a ``details`` element (one line each, the full text
    one click away).
    """
    parsed = parse_markdown(document) if isinstance(document, str) else document
    blocks = [copy.deepcopy(child) for child in parsed.tree]  # the parsed tree is shared with the DOCX
    landscape = {index for start, end in landscape_runs(blocks) for index in range(start, end)}
    ids = _heading_ids(blocks)
    targets = {name_title[1]: name_title[0] for name_title in navigation}
    parts: list[str] = []
    # the overview (collapsible) opens with its glance, not with a table of contents
    contents_done = collapsible or len("".join(parsed.tree.itertext())) < LONG_DOCUMENT_CHARS
    is_document = len(blocks) > 1 and blocks[0].tag == "h1" and is_cover_facts(blocks[1])
    if is_document:  # a plan document (not the overview): title page in print, numbered chapters
        blocks[0].set("class", "titelblad")
        blocks[1].set("class", "kop")
    for index, block in enumerate(blocks):
        # the contents come where the Word file has them: right after the cover (in print at
        # the top of the second page), or before the first chapter of a page without a cover
        if not contents_done and (block.tag == "h2" or (is_document and index >= 2)):
            parts.append(_contents(blocks, ids))
            contents_done = True
        if block.tag == "p" and index + 1 < len(blocks) and blocks[index + 1].tag == "table" and _is_caption(block):
            continue  # becomes the table's caption
        picture = _figure(block, figures)
        if picture is not None:
            parts.append(picture)
            continue
        if block.tag == "table":
            _table_semantics(block, blocks[index - 1] if index else None)
        if collapsible and block.tag in ("ul", "ol"):
            _collapse_items(block)
        link_references(block, targets)
        parts.append(element_to_html(_for_print(block, index in landscape)).strip())
    heading_index = next((i for i, child in enumerate(parsed.tree) if child.tag == "h1"), None)
    if heading_index is None:
        parts.insert(0, f"<h1>{_escape(title)}</h1>")
        heading_index = 0
    if subtitle.strip():
        parts.insert(heading_index + 1, f'<p class="ondertitel">{_escape(subtitle)}</p>')
    body = keep_together("\n".join(parts), dates=False)  # € and its amount, as in the Word file
    nav = _navigation(navigation, title)
    print_css = _print_margins(running_title or title)
    # the house style is the plan's own CSS; it may not close the style element early
    main_tag = '<main class="document">' if is_document else "<main>"
    house_css = stylesheet.strip().replace("</", "<\\/")
    house = f"<style>\n{house_css}\n</style>\n" if house_css else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{_escape(title)}</title>\n"
        f"{_meta_tags(author, created, modified)}"
        f"<style>\n{CSS}\n{print_css}\n{_extra_css(figures, extra_css)}</style>\n"
        f"{house}"
        "</head>\n"
        "<body>\n"
        f"{nav}"
        f"{main_tag}\n"
        f"{body}\n"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


def _figure(block: Any, figures: dict[str, bytes] | None) -> str | None:
    """A picture marker as the picture, inline (see :mod:`handreiking.render.figures`); ``None``
    for any other block."""

    image = figure_image(block)
    if image is None:
        return None
    svg = (figures or {}).get(figure_id(image))
    if svg is None:  # no picture at hand: its text alternative
        return f"<p><em>{_escape(image.get('alt', ''))}</em></p>"
    return figure_html(image, svg)


def _extra_css(figures: dict[str, bytes] | None, extra_css: str) -> str:
    return "".join(part + "\n" for part in (FIGURE_CSS if figures else "", extra_css) if part)


def _meta_tags(author: str, created: dt.date | None, modified: dt.date | None) -> str:
    tags = [f'<meta name="author" content="{_escape(author)}">'] if author.strip() else []
    tags += [f'<meta name="dcterms.{name}" content="{day.isoformat()}">'
             for name, day in (("created", created), ("modified", modified)) if day is not None]
    return "".join(tag + "\n" for tag in tags)


CONTENTS_TITLE_ID = "inhoud-titel"


def _heading_ids(blocks: list[Any]) -> dict[int, str]:
    """Give every heading below the title a unique ``id``; returns block index -> id."""
    ids: dict[int, str] = {}
    used = {CONTENTS_TITLE_ID}  # the table of contents' own id is taken
    for index, block in enumerate(blocks):
        if block.tag in ("h2", "h3", "h4", "h5", "h6"):
            base = slug("".join(block.itertext()))
            anchor, n = base, 2
            while anchor in used:
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
            block.set("id", anchor)
            ids[index] = anchor
    return ids


def _contents(blocks: list[Any], ids: dict[int, str]) -> str:
    """The table of contents: chapters and sections with their numbers, as links."""
    numbered = [(index, block) for index, block in enumerate(blocks) if block.tag in ("h2", "h3")]
    entries = heading_numbers([block for _, block in numbered])
    items = []
    for (index, _), (level, number, text) in zip(numbered, entries):
        items.append(f'<li class="niveau-{level}"><a href="#{ids[index]}"><span class="nummer">{number}</span> '
                     f"{_escape(text)}</a></li>")
    return ('<nav class="inhoud" aria-labelledby="inhoud-titel">\n<p class="inhoud-titel" id="inhoud-titel">Inhoud</p>\n'
            "<ol>\n" + "\n".join(items) + "\n</ol>\n</nav>")


def _navigation(navigation: Sequence[tuple[str, str]], title: str) -> str:
    if not navigation:
        return ""
    links = []
    for href, label in navigation:
        current = ' aria-current="page"' if title.startswith(label) else ""
        links.append(f'<li><a href="{_escape(href)}"{current}>{_escape(label)}</a></li>')
    return '<nav class="documenten" aria-label="Documenten van het plan">\n<ul>\n' + "\n".join(links) + "\n</ul>\n</nav>\n"


def _is_caption(block: Any) -> bool:
    """A short lead-in ending in a colon ('Zo meten we of een doel gehaald is:') titles the table after it."""
    text = "".join(block.itertext()).strip()
    return len(block) == 0 and text.endswith(":") and len(text) <= 120


def _table_semantics(table: Any, before: Any) -> None:
    """``scope`` on header cells; a short lead-in becomes the table's caption; a form
    to fill in by hand (a list to sign) gets its class (rows with room to write in)."""
    import xml.etree.ElementTree as ET

    if is_form(table):
        table.set("class", FORM_CLASS)
    for section in table:
        for row in section.iter("tr"):
            for cell in row:
                if cell.tag == "th":
                    cell.set("scope", "col" if section.tag == "thead" else "row")
    if before is not None and before.tag == "p" and _is_caption(before):
        caption = ET.Element("caption")
        caption.text = "".join(before.itertext()).strip().rstrip(":")
        table.insert(0, caption)


def _css_string(text: str) -> str:
    """``text`` as a CSS string: every character but letters, digits and spaces escaped,
    so typed text can never end the string or the style element."""
    return '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text) + '"'


def _print_margins(running_title: str) -> str:
    """Page margin boxes for print: the running title top right, "Pagina X van Y" below;
    none on the first page (the cover)."""
    font = f"font-family: {FONT_FAMILY}; font-size: 8.5pt; color: {PALETTE['muted']};"
    boxes = (f"@top-right {{ content: {_css_string(running_title)}; {font} }}\n"
             f'  @bottom-center {{ content: "Pagina " counter(page) " van " counter(pages); {font} }}')
    return (f"@page {{\n  {boxes}\n}}\n"
            f"@page {WIDE_CLASS} {{\n  {boxes}\n}}\n"
            "@page :first {\n  @top-right { content: none; }\n  @bottom-center { content: none; }\n}")


def _for_print(block: Any, landscape: bool) -> Any:
    """``block`` ready to serialise: tables get soft breaks; the blocks of a landscape
    run (a wide table with its headings and lead-in) get the class of the named
    page ``@page breed`` (A4 landscape), so they print together on landscape pages.
    The parsed tree itself is never changed: it is shared with the DOCX."""
    if block.tag == "table":
        block = _soft_breaks(block)  # a copy
    elif landscape:
        block = copy.deepcopy(block)
    if landscape:
        block.set("class", " ".join(filter(None, (block.get("class"), WIDE_CLASS))))
    return block


def _escape(text: str) -> str:
    """Escape text for HTML content and attribute values."""
    return html_lib.escape(remove_forbidden_chars(text), quote=True)
