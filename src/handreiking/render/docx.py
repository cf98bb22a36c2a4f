"""Turn a parsed plan document into a Word file (DOCX) that colleagues can edit.

Why this module exists: municipalities work in Word. The DOCX is built from
the same parse as the HTML page (:mod:`handreiking.render.markdown`), uses real
Word styles (Title, Heading n, List Bullet/Number, Table Grid, Quote) so the
navigation pane and a table of contents work, is marked Dutch, prints on A4
with "Pagina X van Y", and is byte-for-byte reproducible: no clock value
ends up in the metadata or in the zip container. Tables too wide for A4 portrait
get their own landscape section (see :mod:`handreiking.render.table_layout`).

Heading mapping (the document's first ``#`` is its title)::

    first h1 -> Title        later h1 -> Heading 1
    h2 -> Heading 1   h3 -> Heading 2   h4 -> Heading 3   h5 -> Heading 4   h6 -> Heading 5

Without any top-level h1, ``title`` is inserted as the Title paragraph.

What a municipality sends on: the first h1 and the paragraph right after it (the
plan, gemeente, status, version, regisseur: one fact per line) form a cover page;
a long document then gets a table of contents (see :func:`_fill_contents`: the
headings, each with a page reference that Word and LibreOffice compute); headings
are numbered 1, 1.1, 1.1.1 by Word's own list numbering on the heading styles,
never by hand.

python-docx's public API is used, except in :mod:`handreiking.render.docx_internals`:
each document starts from the bytes of a prepared base document; its files, as
``Document.save`` would write them, are zipped once with fixed dates (``save`` stamps
the clock into every entry).
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple
from xml.etree.ElementTree import Element

from handreiking.core import precompiled
from handreiking.render import docx_internals, table_layout
from handreiking.render.docx_internals import package_members, xml_of
from handreiking.render.figures import figure_id, figure_image
from handreiking.render.markdown import ParsedMarkdown, parse_markdown, remove_forbidden_chars, slug
from handreiking.render.table_layout import (
    CELL_PADDING_TWIPS,
    CHAR_TWIPS,
    FORM_COLUMN_CM,
    FORM_ROW_CM,
    LANDSCAPE_TEXT_TWIPS,
    LONG_DOCUMENT_CHARS,
    NUMBERED_LEVELS,
    PORTRAIT_TEXT_TWIPS,
    cell_pieces,
    cell_texts,
    is_cover_facts,
    is_form,
    keep_together,
    landscape_runs,
    minimum_widths,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from docx.document import Document
    from docx.text.paragraph import Paragraph

__all__ = ["default_reference", "prepare_base", "render_docx"]

LANGUAGE = "nl-NL"
MONOSPACE_FONT = "Courier New"
TABLE_STYLE = "Table Grid"
BODY_FONT = "Calibri"  # sans-serif like the HTML; LibreOffice substitutes metric-compatible Carlito
TABLE_FONT_SIZE = 9.5  # points
HEADING_COLOUR = (0x36, 0x5F, 0x91)  # 6.6:1 on white; the template's #4F81BD is too light
SPLITTABLE_ROW_CHARS = 2000  # only a row longer than about a page may break across pages
HEADER_SHADING = "DDE7F2"  # light blue-grey behind black bold text (~14:1)
LINK_COLOUR = (0x05, 0x63, 0xC1)
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
HEADING_SIZES = (18, 14, 12, 11, 11)  # points for Heading 1-5: clearly different steps
SMALL_TABLE_ROWS = 6  # tables this short are kept on one page when, with what moves along, they fill half of one
TABLE_LINE_TWIPS = 230  # one line of 9.5 pt table text, with the row's share of cell margins
LINE_TWIPS_PER_POINT = 28  # a line of body text or a heading is about 1.4 times its font size high
ZERO_WIDTH_SPACE = "\u200b"
_DOCUMENT_LINK = re.compile(r"([a-z0-9][a-z0-9_-]*\.docx)(?:#([a-z0-9-]+))?")
_LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_W_PPR = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pPr"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True)
class _Format:
    """Character formatting inherited by nested inline elements."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    link: bool = False
    cell: bool = False  # in a table cell: long words and tokens get break opportunities


class _Turn(NamedTuple):
    """What a wide table does to the page orientation (see :func:`_landscape_plan`)."""

    moving: int | None  # starts a landscape section that takes along this many paragraphs; None: in one
    ends: bool  # the landscape section ends after the table: the document goes on in portrait


@dataclass
class _Context:
    """State of one rendering pass."""

    document: Document
    title_done: bool = False
    paragraph_style: str | None = None  # "Quote" inside a blockquote
    last: Paragraph | None = None  # the last body paragraph, for keep-with-next
    _style_ids: dict[str, str] = field(default_factory=dict)
    _style_chains: dict[str | None, list[Any]] = field(default_factory=dict)
    landscape: dict[Element, _Turn] = field(default_factory=dict)  # per wide table
    bookmarks: set[str] = field(default_factory=set)  # names given to headings so far
    headings: list[tuple[int, Paragraph, str]] = field(default_factory=list)  # (Word level, heading, bookmark)
    figures: dict[str, bytes] = field(default_factory=dict)  # PNG per picture id

    def style_id(self, name: str) -> str:
        """Look a style up once; python-docx rescans all styles on every use."""
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def style_chain(self, paragraph: Paragraph) -> list[Any]:
        """The paragraph's style and the styles it is based on, looked up once per style."""
        key = xml_of(paragraph).style  # the style id, None for Normal
        if key not in self._style_chains:
            chain, style = [], paragraph.style
            while style is not None:
                chain.append(style)
                style = style.base_style
            self._style_chains[key] = chain
        return self._style_chains[key]

    def paragraph(self, style: str | None = None) -> Paragraph:
        """Append a paragraph in ``style`` (``None``: Normal) to the document body.

        The paragraph goes straight before the body's final section properties;
        python-docx would search the whole body for them on every paragraph.
        """
        from docx.text.paragraph import Paragraph

        p = _element("w:p")
        if style is not None:  # what python-docx's ``p.style = ...`` writes
            properties = _element("w:pPr")
            properties.append(_element("w:pStyle", {"w:val": self.style_id(style)}))
            p.append(properties)
        self.body_end.addprevious(p)
        paragraph = Paragraph(p, self.document)
        self.last = paragraph
        return paragraph

    def text_width(self, landscape: bool = False) -> int:
        """Width of the text column in twips, from the page setup (a house style may differ)."""
        section = self.document.sections[0]
        short, long = sorted((section.page_width or 0, section.page_height or 0))
        width = (long if landscape else short) - (section.left_margin or 0) - (section.right_margin or 0)
        return int(width / 635) if width > 0 else (LANDSCAPE_TEXT_TWIPS if landscape else PORTRAIT_TEXT_TWIPS)

    def text_height(self, landscape: bool = False) -> int:
        """Height of the text area in twips (page height minus top and bottom margin)."""
        section = self.document.sections[0]
        short, long = sorted((section.page_width or 0, section.page_height or 0))
        height = (short if landscape else long) - (section.top_margin or 0) - (section.bottom_margin or 0)
        return int(height / 635) if height > 0 else 14003  # A4 portrait with 2.5 cm margins

    def table(self, rows: int, columns: int) -> Any:
        """Append a ``rows`` × ``columns`` table, like :meth:`paragraph`."""
        from docx.oxml.table import CT_Tbl
        from docx.shared import Twips
        from docx.table import Table

        tbl = CT_Tbl.new_tbl(rows, columns, Twips(self.text_width()))
        self.body_end.addprevious(tbl)
        return Table(tbl, self.document)

    @property
    def body_end(self) -> Any:
        return self.document.element.body.sectPr


def render_docx(
    parsed: ParsedMarkdown | str,
    *,
    title: str,
    author: str,
    created: dt.date,
    modified: dt.date,
    subject: str = "",
    keywords: str = "",
    reference: bytes | None = None,
    figures: dict[str, bytes] | None = None,
) -> bytes:
    """Return the DOCX bytes for ``parsed`` (Markdown text is parsed here).

    ``reference`` is a house-style document (``sjablonen/huisstijl.docx``), used as
    pandoc uses its ``--reference-doc``: its styles, page setup, header and footer (with
    a logo) are kept; its text is not. Styles it lacks come from the built-in defaults.

    A Word file does not link to the plan's other Word files: a link to a file next to it breaks as soon as one document is
    mailed on its own, and the text already names the document and chapter (*Plan van
    aanpak*, hoofdstuk Doelen), which works wherever the file goes. (The HTML pages, which
    are published together, do link.) Every chapter still carries a bookmark.
    """
    import docx

    if isinstance(parsed, str):
        parsed = parse_markdown(parsed)
    title = " ".join(remove_forbidden_chars(title).split())
    document = docx.Document(BytesIO(_base_bytes(reference)))
    _set_metadata(document, title, author, created, modified, subject, keywords)
    _set_page(document, title)
    ctx = _Context(document)
    ctx.figures = figures or {}
    blocks = list(parsed.tree)
    if blocks and blocks[0].tag == "h1":
        cover = blocks[1] if len(blocks) > 1 and is_cover_facts(blocks[1]) else None
        _cover_page(ctx, blocks[0], cover)
        blocks = blocks[2 if cover is not None else 1:]
    elif not any(child.tag == "h1" for child in blocks):
        ctx.paragraph("Title").add_run(title)
        ctx.title_done = True
    contents = _table_of_contents(ctx) if len("".join(parsed.tree.itertext())) >= LONG_DOCUMENT_CHARS else None
    ctx.landscape = _landscape_plan(blocks)
    for child, following in zip(blocks, blocks[1:] + [None]):
        _block(ctx, child)
        if child.tag == "p" and following is not None and following.tag in ("table", "ul", "ol") and ctx.last:
            ctx.last.paragraph_format.keep_with_next = True  # a lead-in stays with its list or table
    if contents is not None:
        _fill_contents(ctx, *contents)
    return _package_bytes(document)


# --- cover page and table of contents ----------------------------------------------

def _cover_page(ctx: _Context, heading: Element, facts: Element | None) -> None:
    """The document's title low on the first page, the plan's facts (one per line of
    ``facts``; the first, the plan's title, larger) below it, then a page break. The
    cover has no running header: the section has a different, empty first-page header."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    title = ctx.paragraph("Title")
    title.paragraph_format.space_before = Cm(6)
    _inline(title, heading, _Format())
    ctx.title_done = True
    if facts is not None:
        lines: list[Paragraph] = [ctx.paragraph("Subtitle")]
        _text(lines[0], facts.text, _Format())
        for child in facts:
            if child.tag == "br":
                lines.append(ctx.paragraph())
                _text(lines[-1], (child.tail or "").lstrip(), _Format())
            else:
                _inline_child(lines[-1], child, _Format())
        for line in lines[1:]:
            line.paragraph_format.space_after = Pt(2)
    ctx.paragraph().add_run().add_break(WD_BREAK.PAGE)


def _table_of_contents(ctx: _Context) -> tuple[Paragraph, Paragraph]:
    """The heading "Inhoud" and the empty paragraph below it (the text flows on: a page
    break would leave most of a page empty); :func:`_fill_contents` puts the entries
    between them once the headings and their bookmarks are written."""
    return ctx.paragraph("TOC Heading"), ctx.paragraph()


def _fill_contents(ctx: _Context, heading: Paragraph, below: Paragraph) -> None:
    """One entry per Heading 1-2, as Word writes the entries of its table of contents:
    the number Word gives the heading and its text, linked to the heading.

    No page numbers here: only a layout pass knows them. An empty ``PAGEREF`` field
    with Word's ``updateFields`` setting made Word ask "velden bijwerken?" on every
    opening, and previews (Outlook, Teams, Protected View) showed empty numbers. So the
    entries carry none, and ``render --paginanummers`` (:mod:`handreiking.render.docx_pages`)
    lays the document out with LibreOffice and stores the numbers it finds, each as the
    result of a ``PAGEREF`` field, so no application needs to compute anything. The
    right-aligned tab stop with its dot leader is there already for that number."""
    import copy

    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm, Twips

    entries = _contents_entries(ctx.headings)
    if not entries:  # a long text without chapters
        xml_of(heading).getparent().remove(xml_of(heading))
        return
    heading.add_run("Inhoud")
    right = Twips(ctx.text_width())
    tabs: dict[int, Any] = {}  # per level, built once through python-docx, then copied
    for (level, number, text, bookmark), following in zip(entries, entries[1:] + [(1, "", "", "")]):
        paragraph = ctx.paragraph(f"TOC {level}")
        if following[0] > level:  # a chapter stays on the page of its first section
            paragraph.paragraph_format.keep_with_next = True
        if level in tabs:
            xml_of(paragraph).pPr.append(copy.deepcopy(tabs[level]))
        else:
            stops = paragraph.paragraph_format.tab_stops
            stops.add_tab_stop(Cm(1.0 if level == 1 else 1.9))
            stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            tabs[level] = xml_of(paragraph).pPr.find(qn_w("tabs"))
        link = _element("w:hyperlink", {"w:anchor": bookmark})
        for piece in (number, "\t", text):
            link.append(_tab_run() if piece == "\t" else _run(piece, _Format()))
        xml_of(paragraph).append(link)
        xml_of(below).addprevious(xml_of(paragraph))


def _contents_entries(headings: list[tuple[int, Paragraph, str]]) -> list[tuple[int, str, str, str]]:
    """(level, number, text, bookmark) of the Heading 1-2 paragraphs; the numbers are
    those Word's list numbering gives Heading 1-3 (see :func:`_number_headings`)."""
    counters = [0] * NUMBERED_LEVELS
    entries = []
    for level, paragraph, bookmark in headings:
        number = ""
        if level <= NUMBERED_LEVELS:
            counters[level - 1] += 1
            counters[level:] = [0] * (NUMBERED_LEVELS - level)
            number = ".".join(str(n) for n in counters[:level])
        if level <= 2:
            entries.append((level, number, " ".join(paragraph.text.split()), bookmark))
    return entries


def _tab_run() -> Any:
    run = _element("w:r")
    run.append(_element("w:tab"))
    return run


# --- block elements: one function per tag ------------------------------------------

def _block(ctx: _Context, element: Element) -> None:
    _BLOCKS.get(element.tag, _container)(ctx, element)


def _container(ctx: _Context, element: Element) -> None:
    """Blockquote or unknown block: block children as blocks, loose text as paragraphs."""
    if (element.text or "").strip():
        _text(ctx.paragraph(ctx.paragraph_style), element.text, _Format())
    for child in element:
        if child.tag in _BLOCKS:
            _block(ctx, child)
        else:
            _inline_child(ctx.paragraph(ctx.paragraph_style), child, _Format())


def _heading(ctx: _Context, element: Element) -> None:
    level = int(element.tag[1])
    if level == 1 and not ctx.title_done:
        style, ctx.title_done = "Title", True
    else:
        style = f"Heading {max(1, level - 1)}"
    paragraph = ctx.paragraph(style)
    _inline(paragraph, element, _Format())
    if style != "Title":
        bookmark = _bookmark(ctx, paragraph, slug("".join(element.itertext())))
        ctx.headings.append((int(style[-1]), paragraph, bookmark))


def _bookmark(ctx: _Context, paragraph: Paragraph, anchor: str) -> str:
    """A bookmark around the heading, named as the HTML page's anchor for it (see
    :func:`bookmark_name`), so a link from another document can open this chapter and
    the table of contents can give its page; its name."""
    name = unique_bookmark_name(anchor, ctx.bookmarks)
    ctx.bookmarks.add(name)
    number = str(len(ctx.bookmarks))
    start = _element("w:bookmarkStart", {"w:id": number, "w:name": name})
    properties = xml_of(paragraph).find(_W_PPR)
    if properties is not None:
        properties.addnext(start)
    else:
        xml_of(paragraph).insert(0, start)
    xml_of(paragraph).append(_element("w:bookmarkEnd", {"w:id": number}))
    return name


BOOKMARK_LENGTH = 40  # Word's limit


def bookmark_name(anchor: str) -> str:
    """Word's bookmark names: a letter first, then letters, digits and '_', at most 40."""
    return ("h_" + anchor.replace("-", "_"))[:BOOKMARK_LENGTH]


def unique_bookmark_name(anchor: str, used: set[str] | frozenset[str]) -> str:
    """``bookmark_name(anchor)``, or for a heading met before the first of ``_2``, ``_3``, …
    that is free, put after the name cut short enough to keep the suffix within Word's 40
    characters (as the HTML page's anchors ``…-2``, ``…-3``). Every number gives a name of
    its own within one suffix length, so for any finite ``used`` a free name is found."""
    name, n = bookmark_name(anchor), 2
    while name in used:
        suffix = f"_{n}"
        name, n = bookmark_name(anchor)[:BOOKMARK_LENGTH - len(suffix)] + suffix, n + 1
    return name


def _paragraph(ctx: _Context, element: Element) -> None:
    if not _figure(ctx, element):
        _inline(ctx.paragraph(ctx.paragraph_style), element, _Format())


def _figure(ctx: _Context, element: Element) -> bool:
    """A picture marker (see :mod:`handreiking.render.figures`) as the picture, text width,
    with its text alternative as the picture's description and its caption below."""
    from docx.shared import Twips


    image = figure_image(element)
    if image is None:
        return False
    png = ctx.figures.get(figure_id(image))
    if png is None:  # no picture at hand: its text alternative
        _text(ctx.paragraph(), image.get("alt", ""), _Format(italic=True))
        return True
    paragraph = ctx.paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(BytesIO(png), width=Twips(PORTRAIT_TEXT_TWIPS))
    properties = ctx.document.element.body.xpath(".//wp:docPr")[-1]  # the picture's alt text lives here
    properties.set("descr", keep_together(remove_forbidden_chars(image.get("alt", "")), dates=False))
    properties.set("title", remove_forbidden_chars(image.get("title", "")))
    _text(ctx.paragraph(), image.get("title", ""), _Format(italic=True))  # Word's Caption style is too pale
    return True


def _blockquote(ctx: _Context, element: Element) -> None:
    outer, ctx.paragraph_style = ctx.paragraph_style, "Quote"
    try:
        _container(ctx, element)
    finally:
        ctx.paragraph_style = outer


def _preformatted(ctx: _Context, element: Element) -> None:
    text = remove_forbidden_chars("".join(element.itertext()).rstrip("\n"))
    run = ctx.paragraph("No Spacing").add_run(text)  # "\n" -> <w:br/>
    run.font.name = MONOSPACE_FONT


def _rule(ctx: _Context, element: Element) -> None:
    ctx.paragraph()


def _list(ctx: _Context, element: Element, level: int = 1) -> None:
    suffix = "" if level == 1 else f" {min(level, 3)}"
    ordered = element.tag == "ol"
    style = ("List Number" if ordered else "List Bullet") + suffix
    num_id = _new_numbering(ctx, style, int(element.get("start") or 1)) if ordered else None
    for item in element.findall("li"):
        current: Paragraph | None = _list_paragraph(ctx, style, num_id)
        _text(current, item.text, _Format())
        for child in item:
            if child.tag == "p" or child.tag not in _BLOCKS:  # the item's own text
                if current is None or (child.tag == "p" and current.text):
                    current = ctx.paragraph("List Continue" + suffix)
                if child.tag != "p":
                    _inline_child(current, child, _Format())  # adds the tail too
                    continue
                _inline(current, child, _Format())
            elif child.tag in ("ul", "ol"):
                _list(ctx, child, level + 1)
                current = None
            else:
                _block(ctx, child)
                current = None
            if (child.tail or "").strip():
                current = ctx.paragraph("List Continue" + suffix)
                _text(current, child.tail, _Format())


def _list_paragraph(ctx: _Context, style: str, num_id: int | None) -> Paragraph:
    paragraph = ctx.paragraph(style)
    if num_id is not None:
        num_pr = xml_of(paragraph).get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id
    return paragraph


def _new_numbering(ctx: _Context, style: str, start: int) -> int | None:
    """A fresh numbering instance, so every ``ol`` restarts (python-docx shares one)."""
    numbering = ctx.document.part.numbering_part.element
    try:
        style_num_id = ctx.document.styles.element.get_by_id(ctx.style_id(style)).pPr.numPr.numId.val
        abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    except (AttributeError, KeyError):  # a template without list numbering
        return None
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(max(start, 0))
    return num.numId


def _table(ctx: _Context, element: Element) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    rows = [(tr, section.tag == "thead") for section in element for tr in section.iter("tr")]
    if not rows:
        return
    turn = ctx.landscape.get(element)
    if turn is not None and turn.moving is not None:
        _start_landscape(ctx, turn.moving)
    columns = max(len(tr) for tr, _ in rows)
    table = ctx.table(len(rows), columns)
    xml_of(table).tblStyle_val = ctx.style_id(TABLE_STYLE)
    table.autofit = False
    text_width = ctx.text_width(landscape=turn is not None)
    form = is_form(element)  # a list to sign: rows to write in, a wide last column
    floor = {columns - 1: Cm(FORM_COLUMN_CM).twips} if form else {}
    widths = _column_widths(cell_texts(element), columns, text_width, floor)
    for column, width in zip(table.columns, widths):
        column.width = width
    # Rows with keep-with-next stay on the page of the next row: a small table stays whole,
    # a longer one keeps its header row with the first row (and so with its heading and lead-in).
    # A table kept whole moves to the next page with its heading and lead-in when it does not
    # fit; that leaves the page above half empty only if together they take over half a page.
    small = len(rows) <= SMALL_TABLE_ROWS and (
        _estimated_height(cell_texts(element), widths, Cm(FORM_ROW_CM).twips if form else 0)
        + _moving_along(ctx, xml_of(table), text_width)
        <= ctx.text_height(landscape=turn is not None) // 2)
    together = len(rows) - 1 if small else min(len(rows) - 1, 1)  # else: the header with the first row
    for index, ((tr, is_header), row) in enumerate(zip(rows, xml_of(table).tr_lst)):
        tr_pr = row.get_or_add_trPr()
        if sum(len("".join(cell.itertext())) for cell in tr) < SPLITTABLE_ROW_CHARS:
            tr_pr.append(_element("w:cantSplit"))  # schema order: cantSplit, then tblHeader
        if is_header:
            tr_pr.append(_element("w:tblHeader"))  # repeat on every page
        elif form:  # room to sign: at least this high, higher when the text needs it
            table.rows[index].height = Cm(FORM_ROW_CM)
            table.rows[index].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        cells = [_Cell(tc, table) for tc in row.tc_lst]
        for cell, width in zip(cells, widths):
            cell.width = width
        for cell_element, cell in zip(tr, cells):
            paragraph = Paragraph(xml_of(cell).p_lst[0], cell)
            # what ``keep_with_next = True`` writes, without its schema search; the row before
            # the last keeps with it too: a total, or the last line to sign, never alone on a page
            if index < together or index == len(rows) - 2:
                xml_of(paragraph).get_or_add_pPr().append(_element("w:keepNext"))
            _inline(paragraph, cell_element, _Format(bold=cell_element.tag == "th", cell=True))
            align = re.search(r"text-align:\s*(left|center|right)", cell_element.get("style", ""))
            if align:
                paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align.group(1).upper())
            if cell_element.tag == "th":
                shading = _element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": HEADER_SHADING})
                xml_of(cell).get_or_add_tcPr().append(shading)
    ctx.paragraph()  # keeps two consecutive tables from merging
    if turn is not None and turn.ends:
        _end_landscape(ctx.last)


def _estimated_height(texts: list[list[str]], widths: list[Any], body_row: int = 0) -> int:
    """Roughly how tall the table is, in twips: per row, the lines of its fullest cell;
    a body row at least ``body_row`` (a row to sign in).
    Keeping a table whole is only worth it when it is short: moving a half-page table
    to the next page would leave half a page empty."""
    height = 0
    for number, row in enumerate(texts):
        lines = [len(text) * CHAR_TWIPS // max(width.twips - CELL_PADDING_TWIPS, CHAR_TWIPS) + 1
                 for text, width in zip(row, widths)]
        height += max(max(lines, default=1) * TABLE_LINE_TWIPS + 60, body_row if number else 0)
    return height


def _moving_along(ctx: _Context, table: Any, text_width: int) -> int:
    """Roughly how tall, in twips, the paragraphs right before ``table`` are that keep
    with it (its heading, its lead-in): they go to the next page with a table kept whole.
    Each is read with its style (and the styles that one is based on)."""
    from docx.text.paragraph import Paragraph

    height = 0
    element = table.getprevious()
    while element is not None and element.tag == qn_w("p"):
        paragraph = Paragraph(element, ctx.document)
        styles = ctx.style_chain(paragraph)
        formats = [paragraph.paragraph_format, *(style.paragraph_format for style in styles)]
        if not next((f.keep_with_next for f in formats if f.keep_with_next is not None), False):
            break
        size = next((style.font.size.pt for style in styles if style.font.size is not None), 11.0)
        before = next((f.space_before.twips for f in formats if f.space_before is not None), 0)
        after = next((f.space_after.twips for f in formats if f.space_after is not None), 200)  # Word's default
        chars_per_line = max(int(text_width * TABLE_FONT_SIZE / (size * CHAR_TWIPS)), 1)
        lines = len(paragraph.text) // chars_per_line + 1
        height += int(lines * size * LINE_TWIPS_PER_POINT) + before + after
        element = element.getprevious()
    return height


def _column_widths(texts: list[list[str]], columns: int, text_width: int = PORTRAIT_TEXT_TWIPS,
                   floor: dict[int, int] | None = None) -> list[Any]:
    """Share ``text_width`` by content: no column narrower than its longest word
    (when that fits), wordy columns wider. Equal widths broke words like 'Omschri-jving'.
    ``floor`` gives some columns a width of at least so many twips (room to write in)."""
    from docx.shared import Twips

    longest_text = [1] * columns
    for row in texts:
        for index, text in enumerate(row[:columns]):
            longest_text[index] = max(longest_text[index], min(len(text), 60))
    minimum = minimum_widths(texts, columns)
    for index, twips in (floor or {}).items():
        minimum[index] = max(minimum[index], twips)
    preferred = [max(m, t * CHAR_TWIPS + CELL_PADDING_TWIPS) for m, t in zip(minimum, longest_text)]
    if sum(preferred) <= text_width:
        scale = text_width / sum(preferred)
        widths = [p * scale for p in preferred]
    elif sum(minimum) <= text_width:
        spare = text_width - sum(minimum)
        extra = [p - m for p, m in zip(preferred, minimum)]
        widths = [m + spare * e / sum(extra) for m, e in zip(minimum, extra)]
    else:
        widths = [m * text_width / sum(minimum) for m in minimum]
    return [Twips(int(w)) for w in widths]


# --- landscape sections for wide tables ---------------------------------------------
#
# A section ends with the paragraph whose ``w:pPr`` holds its ``w:sectPr``; the
# ``w:sectPr`` at the end of the body describes the last section. While rendering,
# that last one is always "the current section": a wide table turns it landscape
# (after ending the portrait section before the table's headings and lead-in) and,
# unless the document ends there, the paragraph after the table ends the landscape
# section and the current one is portrait again. Only the first section has its own
# header and footer; the others have no references, so they are linked to the
# previous section: the title and "Pagina X van Y" run on.

def _landscape_plan(blocks: list[Element]) -> dict[Element, _Turn]:
    """What :func:`_table` does for each wide table among the top-level ``blocks``. The
    blocks a landscape run takes along before its first table are headings and a lead-in
    paragraph: one body paragraph each."""
    plan: dict[Element, _Turn] = {}
    for start, end in landscape_runs(blocks):
        tables = [index for index in range(start, end) if blocks[index].tag == "table"]
        for index in tables:
            plan[blocks[index]] = _Turn(index - start if index == tables[0] else None,
                                        index == tables[-1] and end < len(blocks))
    return plan


def _start_landscape(ctx: _Context, moving: int) -> None:
    """End the portrait section before the last ``moving`` body paragraphs (the table's
    headings and lead-in, one paragraph per block) and turn the current section."""
    from docx.oxml.ns import qn

    body = ctx.document.element.body
    current = body.sectPr
    first = current
    for _ in range(moving):
        first = first.getprevious()
    before = first.getprevious()
    if before is not None:  # else nothing precedes: the document starts in landscape
        if before.tag != qn("w:p") or before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            before = _element("w:p")  # a paragraph of its own to carry the break
            first.addprevious(before)
        before.set_sectPr(current.clone())
        for reference in current.xpath("w:headerReference|w:footerReference|w:titlePg"):
            current.remove(reference)  # linked to the previous section from now on; only the cover is different
    _turn(current, landscape=True)


def _end_landscape(paragraph: Paragraph) -> None:
    """Let ``paragraph`` (the empty one after the table) end the landscape section."""
    from docx.shared import Pt

    current = xml_of(paragraph).getparent().sectPr  # the body's: the current section
    xml_of(paragraph).set_sectPr(current.clone())
    _turn(current, landscape=False)
    page = paragraph.paragraph_format  # 1 pt high: a full page gets no extra page for it
    page.space_before = page.space_after = Pt(0)
    page.line_spacing = Pt(1)


def _turn(sect_pr: Any, *, landscape: bool) -> None:
    """Turn ``sect_pr``'s page landscape or portrait; size and margins stay as they are."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    short, long = sorted((sect_pr.page_width or Cm(21.0), sect_pr.page_height or Cm(29.7)))
    sect_pr.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sect_pr.page_width, sect_pr.page_height = (long, short) if landscape else (short, long)


_BLOCKS: dict[str, Callable[[_Context, Element], None]] = {
    **{f"h{level}": _heading for level in range(1, 7)},
    "p": _paragraph,
    "ul": _list,
    "ol": _list,
    "table": _table,
    "blockquote": _blockquote,
    "pre": _preformatted,
    "hr": _rule,
    "div": _container,
}


# --- inline elements: one function per tag -----------------------------------------

def _inline(paragraph: Paragraph, element: Element, fmt: _Format, target: Any = None) -> None:
    """Add ``element.text`` and its children (not its tail) to ``paragraph``."""
    _text(paragraph, element.text, fmt, target)
    for child in element:
        _inline_child(paragraph, child, fmt, target)


def _inline_child(paragraph: Paragraph, child: Element, fmt: _Format, target: Any = None) -> None:
    _INLINES.get(child.tag, _span)(paragraph, child, fmt, target)
    tail = child.tail.lstrip() if child.tag == "br" and child.tail else child.tail
    _text(paragraph, tail, fmt, target)


def _span(paragraph: Paragraph, element: Element, fmt: _Format, target: Any) -> None:
    _inline(paragraph, element, fmt, target)


def _formatted(attribute: str, paragraph: Paragraph, element: Element, fmt: _Format, target: Any) -> None:
    _inline(paragraph, element, replace(fmt, **{attribute: True}), target)


def _line_break(paragraph: Paragraph, element: Element, fmt: _Format, target: Any) -> None:
    run = paragraph.add_run()
    run.add_break()
    if target is not None:
        target.append(xml_of(run))


def _link(paragraph: Paragraph, element: Element, fmt: _Format, target: Any) -> None:
    """A real, clickable hyperlink; the URL follows in brackets for print."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    href = element.get("href", "")
    to_document = _DOCUMENT_LINK.fullmatch(href)
    if target is not None or not (href.lower().startswith(_LINK_SCHEMES) or to_document):
        _inline(paragraph, element, fmt, target)  # anchors, relative or nested links: text only
        return
    if to_document:  # another document of the plan, next to this one: a relative link
        href = to_document.group(1) + (f"#{bookmark_name(to_document.group(2))}" if to_document.group(2) else "")
    hyperlink = _element("w:hyperlink",
                         {"r:id": paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)})
    xml_of(paragraph).append(hyperlink)
    _inline(paragraph, element, replace(fmt, link=True), hyperlink)
    shown = "".join(element.itertext()).strip()
    if not to_document and shown not in (href, href.removeprefix("mailto:"), href.removeprefix("tel:")):
        _text(paragraph, f" ({href})", fmt)


_INLINES: dict[str, Callable[[Paragraph, Element, _Format, Any], None]] = {
    "strong": partial(_formatted, "bold"),
    "b": partial(_formatted, "bold"),
    "em": partial(_formatted, "italic"),
    "i": partial(_formatted, "italic"),
    "code": partial(_formatted, "code"),
    "br": _line_break,
    "a": _link,
}


def _text(paragraph: Paragraph, text: str | None, fmt: _Format, target: Any = None) -> None:
    """Append ``text`` as one run (inside ``target`` if given); soft breaks become spaces."""
    if not text:
        return
    text = keep_together(remove_forbidden_chars(re.sub(r"[ \t]*\n[ \t]*", " ", text)), dates=not fmt.cell)
    if not any(child.tag != _W_PPR for child in xml_of(paragraph)):  # nothing in it yet
        text = text.lstrip()
    if not text:
        return
    if fmt.cell:  # soft hyphens in long compounds, a zero-width space after '@', '/', ...
        text = ZERO_WIDTH_SPACE.join(cell_pieces(text))
    run = _run(text.replace("\t", " "), fmt)
    (xml_of(paragraph) if target is None else target).append(run)


def _run(text: str, fmt: _Format) -> Any:
    """A ``<w:r>`` with ``text`` in one ``<w:t>`` and its formatting in schema order.

    This is what python-docx's ``add_run(text)`` and font properties write, but
    they inspect every character for tabs and line breaks (``_text`` removed
    them) and search the schema order for every property they add; for the
    thousands of runs in a plan that was most of the time spent on a DOCX.
    """
    properties = []
    if fmt.code:
        properties.append(_element("w:rFonts", {"w:ascii": MONOSPACE_FONT, "w:hAnsi": MONOSPACE_FONT}))
    if fmt.bold:
        properties.append(_element("w:b"))
    if fmt.italic:
        properties.append(_element("w:i"))
    if fmt.link:
        properties.append(_element("w:color", {"w:val": "%02X%02X%02X" % LINK_COLOUR}))
        properties.append(_element("w:u", {"w:val": "single"}))
    run = _element("w:r")
    if properties:
        run_properties = _element("w:rPr")
        run_properties.extend(properties)
        run.append(run_properties)
    t = _element("w:t")
    t.text = text
    if text != text.strip():
        t.set(_XML_SPACE, "preserve")
    run.append(t)
    return run


def _element(tag: str, attributes: dict[str, str] | None = None) -> Any:
    """python-docx's ``OxmlElement`` (same element classes), with the names looked up once
    per tag (a Word file makes some thousand of these)."""
    name, namespaces, make = _maker(tag)
    if attributes:
        return make(name, attrib={_maker(key)[0]: value for key, value in attributes.items()}, nsmap=namespaces)
    return make(name, nsmap=namespaces)


@lru_cache(maxsize=None)
def _maker(tag: str) -> tuple[str, dict[str, str], Callable[..., Any]]:
    """The Clark name and namespace of ``tag`` ("w:p"), and python-docx's element maker."""
    from docx.oxml.ns import NamespacePrefixedTag  # python-docx only where a DOCX is written
    from docx.oxml.parser import oxml_parser

    prefixed = NamespacePrefixedTag(tag)
    return prefixed.clark_name, prefixed.nsmap, oxml_parser.makeelement


# --- document set-up ---------------------------------------------------------------

@lru_cache(maxsize=4)
def _base_bytes(reference: bytes | None = None) -> bytes:
    """The empty document every DOCX starts from, made once per process; each document
    opens these bytes (a public way, and about as quick as a deep copy). Without a house
    style it is the same for every plan, so the package's build makes it (see
    :func:`base_key`); with one, or without the build, it is made here."""
    if reference is None:
        key = base_key()
        built = precompiled.prepared_bytes(f"{BASE_PREFIX}{key}.docx") if key else None
        if built is not None:
            return built
    return _make_base(reference)


BASE_PREFIX = "woord-basis-"  # the build's empty Word document: woord-basis-<key>.docx in handreiking/_compiled


@lru_cache(maxsize=1)
def base_key() -> str | None:
    """The key of the empty document without a house style: what makes it (this module and
    the modules it takes its measures from, python-docx's and lxml's versions). None when
    that cannot be read."""
    import hashlib
    import sys

    import docx
    from lxml import etree

    digest = hashlib.sha256(f"{docx.__version__} {etree.__version__}".encode())
    for module in (__name__, table_layout.__name__, docx_internals.__name__):
        try:
            digest.update(b"\0" + Path(sys.modules[module].__file__ or "").read_bytes())
        except (OSError, KeyError, TypeError):
            return None
    return digest.hexdigest()[:32]


def _make_base(reference: bytes | None) -> bytes:
    """The base document. Without ``reference``: python-docx's template with our fonts,
    sizes and page setup. With it: the house style's styles, page, header and footer,
    completed with the styles it lacks."""
    import docx

    if reference is None:
        document = docx.Document()
        _drop_template_extras(document)
        _set_fonts(document)
        _set_page_setup(document)
    else:
        document = _open_reference(reference)
        _complete_styles(document, docx.Document(BytesIO(_base_bytes())))
    _set_language(document)
    _add_toc_styles(document)
    _number_headings(document)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def prepare_base(reference: bytes | None) -> None:
    """Make the empty base document now: the check of a house-style document, which raises
    if it cannot serve as one (not a Word file, a broken part), before anything is written."""
    _base_bytes(reference)


def default_reference() -> bytes:
    """The built-in house style as a document to start from (``handreiking huisstijl``):
    all styles the documents use, A4 with our margins, an empty header and footer, and a
    page of text that explains what to change."""
    import docx

    document = docx.Document(BytesIO(_base_bytes()))
    body = [
        ("Title", "Huisstijl voor de plandocumenten"),
        ("Normal", "handreiking gebruikt dit bestand als sjabloon voor elk Word-document van het plan: de "
                   "stijlen (lettertype, kleuren, koppen, lijsten, tabellen), de pagina-instelling en de koptekst "
                   "en voettekst. De tekst op deze pagina wordt niet overgenomen."),
        ("Heading 1", "Zo past u de huisstijl aan"),
        ("List Bullet", "Wijzig de stijlen (Start > Stijlen > Wijzigen), niet de tekst: Kop 1 tot en met 3, "
                        "Titel, Ondertitel, Standaard, Lijstopsommingsteken en Tabelraster."),
        ("List Bullet", "Zet een logo in de koptekst of voettekst. Laat u die leeg, dan zet handreiking er de "
                        "titel en 'Pagina X van Y' in."),
        ("List Bullet", "Sla het bestand op als sjablonen/huisstijl.docx in de planmap en maak de documenten "
                        "opnieuw met: handreiking render"),
        ("Heading 2", "Voorbeeld van een tweede kop"),
        ("Normal", "Gewone tekst in de stijl Standaard."),
    ]
    for style, text in body:
        document.add_paragraph(text, style=style)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _open_reference(reference: bytes) -> Document:
    """The house-style document without its text: only the last section properties stay."""
    import docx

    document = docx.Document(BytesIO(reference))
    body = document.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)
    _drop_external_sources(document)
    return document


_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_FETCHING_FIELDS = ("INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT")


def _drop_external_sources(document: Document) -> None:
    """A house style may come from someone else: what Word or LibreOffice would fetch from
    elsewhere when a document opens (a logo linked from a web address or a network share, an
    attached template, a field that includes a file) is taken out, so that no document the
    plan makes reaches out on its behalf. A hyperlink stays: it is only followed when
    someone clicks it."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.part import XmlPart

    package = document.part.package
    for rels, part in [(package.rels, None), *((p.rels, p) for p in package.iter_parts())]:
        external = {rid for rid, rel in rels.items() if rel.is_external and rel.reltype != RELATIONSHIP_TYPE.HYPERLINK}
        for rid in external:
            del rels[rid]
        if not isinstance(part, XmlPart):
            continue
        for element in list(part.element.iter()):
            for name in [n for n, value in element.attrib.items() if n.startswith(_R) and value in external]:
                del element.attrib[name]
            instruction = element.get(qn_w("instr")) if element.tag == qn_w("fldSimple") else (
                element.text if element.tag == qn_w("instrText") else None)
            words = (instruction or "").split()
            if words and words[0].upper() in _FETCHING_FIELDS:
                if element.tag == qn_w("fldSimple"):
                    element.getparent().remove(element)
                else:
                    element.text = ""
            elif element.tag == qn_w("attachedTemplate") and not any(n.startswith(_R) for n in element.attrib):
                element.getparent().remove(element)


# Styles the renderer uses; a house style made in Word often defines only some of them.
_USED_STYLES = ("Normal", "Title", "Subtitle", *(f"Heading {n}" for n in range(1, 6)), "Quote", "No Spacing",
                "List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2", "List Number 3",
                "List Continue", "List Continue 2", "List Continue 3", TABLE_STYLE, "TOC Heading")


def _complete_styles(document: Document, defaults: Document) -> None:
    """Copy the styles the renderer uses and ``document`` lacks from ``defaults``, with
    the styles they are based on and the list numbering of the list styles."""
    import copy

    from docx.oxml.ns import qn

    styles, source = document.styles.element, defaults.styles.element
    wanted = [name for name in _USED_STYLES if name not in document.styles]
    copied: set[str] = set()
    while wanted:
        name = wanted.pop()
        style = defaults.styles[name].element
        if style.styleId in copied or document.styles.element.get_by_id(style.styleId) is not None:
            continue
        clone = copy.deepcopy(style)
        num_id = clone.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None:
            num_id.set(qn("w:val"), str(_copy_numbering(document, defaults, int(num_id.get(qn("w:val"))))))
        styles.append(clone)
        copied.add(style.styleId)
        based_on = style.find(qn("w:basedOn"))
        if based_on is not None and source.get_by_id(based_on.get(qn("w:val"))) is not None:
            wanted.append(source.get_by_id(based_on.get(qn("w:val"))).name_val)


def _copy_numbering(document: Document, defaults: Document, num_id: int) -> int:
    """Copy list numbering ``num_id`` (and its definition) from ``defaults``; the new id."""
    import copy

    from docx.oxml.ns import qn

    source = defaults.part.numbering_part.element
    target = document.part.numbering_part.element
    abstract_id = source.num_having_numId(num_id).abstractNumId.val
    abstract = next(a for a in source.findall(qn("w:abstractNum")) if int(a.get(qn("w:abstractNumId"))) == abstract_id)
    new_abstract_id = max([int(a.get(qn("w:abstractNumId"))) for a in target.findall(qn("w:abstractNum"))] + [-1]) + 1
    clone = copy.deepcopy(abstract)
    clone.set(qn("w:abstractNumId"), str(new_abstract_id))
    for unique in clone.findall(qn("w:nsid")) + clone.findall(qn("w:tmpl")):
        clone.remove(unique)  # Word would merge lists with the same nsid
    nums = target.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(clone)
    else:
        target.append(clone)
    return target.add_num(new_abstract_id).numId


def _add_toc_styles(document: Document) -> None:
    """Styles for the table of contents entries (python-docx's template has only 'TOC Heading')."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    for level in (1, 2):
        if f"TOC {level}" in document.styles:  # a house style has its own
            continue
        style = document.styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.bold = level == 1
        style.paragraph_format.left_indent = Pt(0 if level == 1 else 14)
        style.paragraph_format.space_before = Pt(6 if level == 1 else 0)
        style.paragraph_format.space_after = Pt(2)


_HEADING_NUMBERING = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>"""
_HEADING_LEVEL = """<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
<w:pStyle w:val="{style}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>
<w:pPr><w:tabs><w:tab w:val="num" w:pos="{indent}"/></w:tabs><w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr></w:lvl>"""


def _number_headings(document: Document) -> None:
    """Number Heading 1-3 as 1, 1.1, 1.1.1 through one Word list linked to the styles, so
    Word and LibreOffice number them (and keep numbering right when a chapter is added)."""
    from docx.oxml import parse_xml

    if document.styles["Heading 1"].element.pPr is not None and document.styles["Heading 1"].element.pPr.numPr is not None:
        return  # a house style that numbers its headings (or ours, written by `handreiking huisstijl`)
    numbering = document.part.numbering_part.element
    abstract_id = max([int(a.get(qn_w("abstractNumId"))) for a in numbering.findall(qn_w("abstractNum"))] + [0]) + 1
    levels = "".join(
        _HEADING_LEVEL.format(ilvl=i, style=document.styles[f"Heading {i + 1}"].style_id,
                              text=".".join(f"%{n + 1}" for n in range(i + 1)), indent=(i + 1) * 360 + 240)
        for i in range(NUMBERED_LEVELS))
    abstract = parse_xml(_HEADING_NUMBERING.format(abstract_id=abstract_id, levels=levels))
    nums = numbering.findall(qn_w("num"))
    if nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = numbering.add_num(abstract_id).numId
    for level in range(NUMBERED_LEVELS):
        num_pr = document.styles[f"Heading {level + 1}"].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id
    toc_heading = document.styles["TOC Heading"].element.get_or_add_pPr().get_or_add_numPr()
    toc_heading.get_or_add_numId().val = 0  # based on Heading 1, but "Inhoud" has no number


def qn_w(name: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{name}"


def _set_metadata(
    document: Document, title: str, author: str, created: dt.date, modified: dt.date, subject: str, keywords: str
) -> None:
    """Core properties from the arguments only -- never from the clock."""

    def prop(text: str) -> str:  # python-docx refuses more than 255 characters
        return remove_forbidden_chars(text)[:255]

    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)

    props = document.core_properties
    props.title, props.subject, props.keywords = prop(title), prop(subject), prop(keywords)
    props.author = props.last_modified_by = prop(author)
    props.comments = props.category = ""  # the template says "generated by python-docx"
    props.language = LANGUAGE
    props.revision = 1
    props.created, props.modified = midnight(created), midnight(modified)


def _set_language(document: Document) -> None:
    """Make Dutch the default proofing language and let Word check the spelling."""
    from docx.oxml.ns import qn

    path = "/".join(qn(tag) for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:lang"))
    settings = document.settings.element
    for lang in (document.styles.element.find(path), settings.find(qn("w:themeFontLang"))):
        if lang is not None:
            lang.set(qn("w:val"), LANGUAGE)
    proof_state = settings.find(qn("w:proofState"))  # template claims "spelling clean"
    if proof_state is not None:
        settings.remove(proof_state)


def _set_fonts(document: Document) -> None:
    """One sans-serif family like the HTML, a smaller table font, headings dark enough to read."""
    from docx.shared import Pt, RGBColor

    styles = document.styles
    styles["Normal"].font.name = BODY_FONT
    styles[TABLE_STYLE].font.size = Pt(TABLE_FONT_SIZE)
    for level in range(1, 6):
        for name in (f"Heading {level}", f"Heading {level} Char"):  # the linked character style too
            if name in styles:
                font = styles[name].font
                font.name = BODY_FONT
                font.color.rgb = RGBColor(*HEADING_COLOUR)
                font.size = Pt(HEADING_SIZES[level - 1])
                font.italic = False
    styles["Heading 1"].paragraph_format.space_before = Pt(24)
    for name in ("Title", "Subtitle", "TOC Heading"):
        styles[name].font.name = BODY_FONT
    styles["Title"].font.size = Pt(30)
    styles["Subtitle"].font.size = Pt(16)
    styles["Subtitle"].font.italic = False
    for name in ("Subtitle", "Subtitle Char"):
        if name in styles:
            styles[name].font.color.rgb = RGBColor(*HEADING_COLOUR)  # the template's #4F81BD is too light


def _set_page_setup(document: Document) -> None:
    """A4 portrait with 2.5 cm margins (the built-in house style)."""
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)


def _set_page(document: Document, title: str) -> None:
    """The title in the header and "Pagina X van Y" in the footer -- unless the house
    style has its own header or footer (a logo, an address): that one stays as it is.
    The cover page has neither."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    section = document.sections[0]
    section.different_first_page_header_footer = True  # the cover page: no header or page number
    if _is_empty(section.header):
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.add_run(title).font.size = Pt(9)
    if _is_empty(section.footer):
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text, instruction in (("Pagina ", "PAGE"), (" van ", "NUMPAGES")):
            footer.add_run(text).font.size = Pt(9)
            _add_field(footer, instruction)


def _is_empty(part: Any) -> bool:
    """A header or footer without text, picture or field."""
    if part.is_linked_to_previous:
        return True
    element = xml_of(part)
    return not ("".join(element.itertext()).strip() or element.xpath(".//w:drawing|.//w:pict|.//w:fldSimple"))


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    """Append ``<w:fldSimple>``; Word and LibreOffice compute it when laying out."""
    from docx.shared import Pt

    simple_field = _element("w:fldSimple", {"w:instr": f" {instruction} \\* MERGEFORMAT "})
    run = paragraph.add_run("1")
    run.font.size = Pt(9)
    simple_field.append(xml_of(run))
    xml_of(paragraph).append(simple_field)


_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _drop_template_extras(document: Document) -> None:
    """Leave out what python-docx's template carries and no document needs: a preview
    image of an empty page; ``stylesWithEffects.xml``, a 440 kB copy of the styles that
    only Word 2010 read (Word and LibreOffice use ``styles.xml``); and 98 table styles
    ("Light Shading Accent 1" and the like, 330 of the 350 kB of ``styles.xml``) of which
    the documents use one. Each DOCX opens, writes and compresses these parts again, so
    together they took about 40 % of the time spent on a DOCX."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE

    for rels, reltype in ((document.part.package.rels, RELATIONSHIP_TYPE.THUMBNAIL),
                          (document.part.rels, _STYLES_WITH_EFFECTS)):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == reltype]:
            del rels[r_id]
    for style in list(document.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name != TABLE_STYLE and not style.element.default:
            style.delete()


def _package_bytes(document: Document) -> bytes:
    """The Word file zipped once, with a fixed date and attributes: ``Document.save``
    stamps the clock into every entry, so two saves would differ."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in package_members(document):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # "Unix", whatever platform we run on
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)
    return out.getvalue()
