"""Page layout rules shared by the DOCX and the HTML page: which tables go on landscape
pages, where table cells may break, which documents get a table of contents, the cover facts
and the chapter numbers.

Why this module exists: tables of five to seven columns full of Dutch compounds
('Verantwoordelijke', 'Uitgangswaarde') do not fit the 16 cm text column of an
A4 portrait page; Word and the browser then break words in the middle. A policy
office turns such a table a quarter: it gets A4 landscape pages (24.7 cm of text
width). Both renderers ask this module, so the DOCX and the printed HTML always
put the same tables -- and the same headings -- on landscape pages.

The rule: a table is *wide* when its columns cannot all be as wide as their
longest word on A4 portrait, i.e. when the minimum widths below add up to more
than the portrait text width. That is exactly the case in which the DOCX column
widths would have to be squeezed below the longest word (and the words broken).
A rule by column count (say six or more) would miss five-column tables with long
words -- the example's communication plan broke 'Verantwoordelijke' -- and turn
six short columns (dates, amounts) needlessly.

Widths are measured in twips (1/1440 inch) of the DOCX table font (9.5 pt
Calibri); the HTML print uses about the same size, so one measure serves both.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence
from xml.etree.ElementTree import Element

from handreiking.core.values import MONTHS
from handreiking.render.hyphenation import dutch

__all__ = [
    "LONG_DOCUMENT_CHARS",
    "NUMBERED_LEVELS",
    "heading_numbers",
    "is_cover_facts",
    "is_form",
    "FORM_CLASS",
    "FORM_ROW_CM",
    "FORM_COLUMN_CM",
    "CHAR_TWIPS",
    "CELL_PADDING_TWIPS",
    "LANDSCAPE_TEXT_TWIPS",
    "PORTRAIT_TEXT_TWIPS",
    "WIDE_CLASS",
    "SOFT_HYPHEN",
    "NO_BREAK_SPACE",
    "UNBREAKABLE_CHAR_TWIPS",
    "UNBREAKABLE_LETTER_TWIPS",
    "cell_pieces",
    "keep_together",
    "cell_texts",
    "is_wide",
    "landscape_runs",
    "minimum_widths",
]

PORTRAIT_TEXT_TWIPS = 9072  # A4 (21 cm) minus two margins of 2.5 cm
LANDSCAPE_TEXT_TWIPS = 14003  # A4 turned (29.7 cm) minus two margins of 2.5 cm
CHAR_TWIPS = 105  # average character width at the table font size
# A part that cannot break is measured with the widest font a reader may get: Calibri's
# digits are 105 twips at the table size, the fallback DejaVu Sans's 121 ("€ 377.00 / 0");
# its letters are about a tenth wider than Calibri's ("Vertraag / d")
UNBREAKABLE_CHAR_TWIPS = 125
UNBREAKABLE_LETTER_TWIPS = 110
NO_BREAK_SPACE = "\u00a0"
CELL_PADDING_TWIPS = 220  # left and right cell margin together
WIDE_CLASS = "breed"  # HTML class of everything printed on landscape pages
FORM_CLASS = "invullen"  # HTML class of a table to fill in by hand (see :func:`is_form`)
FORM_ROW_CM = 1.5  # a row of such a table is at least this high: room to sign
FORM_COLUMN_CM = 4.5  # and its last column (the one to write in) at least this wide

_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
SOFT_HYPHEN = "\u00ad"
NUMBERED_LEVELS = 3  # chapters (##), sections (###) and subsections (####) are numbered 1, 1.1, 1.1.1
LONG_DOCUMENT_CHARS = 6000  # documents with more text run over four pages: they get a table of contents
_LONG_TOKEN = re.compile(r"\S{16,}")
_BREAK_AFTER = re.compile(r"(?<=[@./_\-–])(?=\w)")
_LONG_WORD = re.compile(r"[^\W\d_]{14,}")
_MONEY = re.compile(r"€ (?=[\d-])")
_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")
_SPACES = re.compile(r"[ \t\n]+")


def keep_together(text: str, dates: bool = True) -> str:
    """``text`` with no-break spaces where a line must not break: between € and its amount
    and (with ``dates``) inside a date ("1 juli 2027"). Table cells keep their dates
    breakable: a date in a narrow column may take two lines, an amount never."""
    text = _MONEY.sub("€" + NO_BREAK_SPACE, text)
    return _DATE.sub(lambda m: NO_BREAK_SPACE.join(m.groups()), text) if dates else text


def cell_pieces(text: str) -> list[str]:
    """``text`` of a table cell cut where a line may break without breaking a word: after
    '@', '.', '/', '-', '_' inside long tokens (e-mail addresses, URLs), with soft hyphens
    at the syllable breaks of long Dutch compounds ('samenwerkings\u00adverband').

    Both renderers use it -- the HTML puts ``<wbr>`` between the pieces, the DOCX a
    zero-width space -- and :func:`minimum_widths` measures the longest unbreakable part,
    so that a table is only turned to landscape when even these breaks do not let it fit.
    (Worked out once per text: the HTML, the DOCX and the widths all ask for the same cells.)
    """
    return list(_cell_pieces(text))


@lru_cache(maxsize=4096)
def _cell_pieces(text: str) -> tuple[str, ...]:
    text = keep_together(_LONG_WORD.sub(lambda m: dutch().inserted(m.group(0), hyphen=SOFT_HYPHEN), text),
                         dates=False)
    out, last = [], 0
    for token in _LONG_TOKEN.finditer(text):
        for cut in _BREAK_AFTER.finditer(token.group(0)):
            out.append(text[last: token.start() + cut.start()])
            last = token.start() + cut.start()
    out.append(text[last:])
    return tuple(out)


def is_form(table: Element) -> bool:
    """Whether ``table`` is a form to fill in by hand, such as a list to sign: its last
    column has a heading and is empty in every body row. Both renderers give its body rows
    room to write in (:data:`FORM_ROW_CM` high) and its last column :data:`FORM_COLUMN_CM`.
    A template makes one by leaving that column's cells empty on purpose; tables of answers
    (filled in or still open) have text in their last column."""
    heads = [tr for section in table if section.tag == "thead" for tr in section.iter("tr")]
    body = [tr for section in table if section.tag == "tbody" for tr in section.iter("tr")]
    if len(heads) != 1 or not body or not len(heads[0]) or not "".join(heads[0][-1].itertext()).strip():
        return False
    columns = len(heads[0])
    return all(len(tr) == columns and not "".join(tr[-1].itertext()).strip() for tr in body)


def cell_texts(table: Element) -> list[list[str]]:
    """The plain text of every cell, row by row (header rows first, as in the tree)."""
    return [["".join(cell.itertext()) for cell in tr] for section in table for tr in section.iter("tr")]


def minimum_widths(texts: list[list[str]], columns: int) -> list[int]:
    """Per column the width of its longest part that cannot break (see :func:`cell_pieces`;
    a part before a soft hyphen counts one character more, for the hyphen) plus the cell
    padding, in twips. (Worked out once per table: the HTML and the DOCX both ask.)"""
    return list(_minimum_widths(tuple(map(tuple, texts)), columns))


@lru_cache(maxsize=256)
def _minimum_widths(texts: tuple[tuple[str, ...], ...], columns: int) -> tuple[int, ...]:
    longest = [UNBREAKABLE_LETTER_TWIPS] * columns
    for row in texts:
        for index, text in enumerate(row[:columns]):
            for word in _SPACES.split(keep_together(text, dates=False)):
                if len(word) * UNBREAKABLE_CHAR_TWIPS <= longest[index]:
                    continue
                parts = [part for piece in cell_pieces(word) for part in piece.split(SOFT_HYPHEN)]
                hyphen = UNBREAKABLE_LETTER_TWIPS if SOFT_HYPHEN in "".join(cell_pieces(word)) else 0
                longest[index] = max(longest[index], max(_part_width(part) for part in parts) + hyphen)
    return tuple(width + CELL_PADDING_TWIPS for width in longest)


def _part_width(part: str) -> int:
    """Twips of a part that cannot break: digits, € and the like at the widest fallback
    font's width, letters a little narrower."""
    return sum(UNBREAKABLE_LETTER_TWIPS if ch.isalpha() else UNBREAKABLE_CHAR_TWIPS for ch in part)


def is_wide(table: Element) -> bool:
    """True when the table's longest words do not fit side by side on A4 portrait."""
    texts = cell_texts(table)
    columns = max((len(row) for row in texts), default=0)
    return sum(minimum_widths(texts, columns)) > PORTRAIT_TEXT_TWIPS


def landscape_runs(blocks: Sequence[Element]) -> list[tuple[int, int]]:
    """The top-level blocks that go on landscape pages, as ``(start, end)`` index ranges.

    Each wide table takes along its lead-in paragraph (the paragraph right
    before it) and the headings right before that, so no heading is left alone
    at the foot of a portrait page. Wide tables with nothing else between them
    (only the next table's headings and lead-in) share one range, so they share
    the landscape pages.
    """
    runs: list[tuple[int, int]] = []
    for index, block in enumerate(blocks):
        if block.tag != "table" or not is_wide(block):
            continue
        start = index
        if start > 0 and blocks[start - 1].tag == "p":
            start -= 1
        while start > 0 and blocks[start - 1].tag in _HEADINGS:
            start -= 1
        if runs and start == runs[-1][1]:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((start, index + 1))
    return runs


def is_cover_facts(block: Element) -> bool:
    """The facts block of ``templates/_kop.md.j2`` right after the title: a paragraph that
    opens with the plan's title in bold and has one fact per line (plan, gemeente, status
    and version, regisseur). The DOCX makes a cover page of it, the printed HTML too."""
    return (block.tag == "p" and not (block.text or "").strip() and len(block) > 0
            and block[0].tag == "strong" and block.find("br") is not None)


def heading_numbers(blocks: list[Element]) -> list[tuple[int, str, str]]:
    """(Word level, number, text) of the numbered headings, as Word will number them."""
    counters = [0] * NUMBERED_LEVELS
    entries = []
    for block in blocks:
        if block.tag not in ("h2", "h3", "h4"):
            continue
        level = int(block.tag[1]) - 1
        counters[level - 1] += 1
        counters[level:] = [0] * (NUMBERED_LEVELS - level)
        number = ".".join(str(n) for n in counters[:level])
        entries.append((level, number, " ".join("".join(block.itertext()).split())))
    return entries
