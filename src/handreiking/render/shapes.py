"""A picture as plain shapes: rectangles, lines, circles, polygons and text on a page of
fixed size, written out as SVG (:mod:`handreiking.render.svg_out`) and as PNG
(:mod:`handreiking.render.png_out`) from the same list.

Why this module exists: the plan's four pictures are bars, markers, hatching and
labels. Described once as shapes, the SVG of the HTML page and the PNG of the Word
file show the same picture, and neither needs a plotting library. Hatching and dashes
are worked out here as line segments and dots, so the two writers only place shapes.

Units: one unit is 1/100 inch; a picture is :data:`WIDTH` units wide (7.2 inch,
the text width of the documents with some room), text sizes are in the same units.

The font: Liberation Sans 2.1.5 (Regular and Bold, SIL Open Font License; the files
and the licence in ``fonts/``, unmodified). Text is laid out with its measures, so a
label column is as wide as its longest label. It is bundled rather than taken from
the system because the PNG's bytes must be the same on every machine (Pillow, pinned
in pyproject, draws it with its own FreeType); Pillow's built-in default font was
considered and has no é, ë, ü, € or – (ASCII only). Liberation Sans has the widths
of Arial, so the SVG, which names ``Liberation Sans, Arial`` and is drawn by the
reader's browser, keeps its labels in place where Arial stands in.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

WIDTH = 720.0
FONT_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif"
FONT_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}
FONT_DIR = Path(__file__).parent / "fonts"
# Where the baseline sits below the middle of a line of text, as a share of the size:
# half the height of a capital (0.716 em in Liberation Sans) less a little for balance.
MIDDLE_TO_BASELINE = 0.35


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 0.0
    opacity: float = 1.0  # of the fill


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    width: float
    dash: tuple[float, float] | None = None  # on, off


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str | None
    stroke: str | None = None
    width: float = 0.0


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str | None
    stroke: str | None = None
    width: float = 0.0


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float
    color: str
    anchor: str = "start"  # start, middle or end, as in SVG
    bold: bool = False


Shape = Union[Rect, Line, Circle, Polygon, Text]


@dataclass
class Scene:
    """The shapes of one picture, in drawing order (later on top)."""

    height: float
    shapes: list[Shape] = field(default_factory=list)
    width: float = WIDTH

    def add(self, *shapes: Shape) -> None:
        self.shapes.extend(shapes)

    def box(self, x: float, y: float, w: float, h: float, fill: str | None, stroke: str | None = None,
            width: float = 0.0, hatch: str = "", hatch_color: str = "", dash: tuple[float, float] | None = None
            ) -> None:
        """A rectangle with an optional pattern over its fill (``/`` lines, ``x`` crossed
        lines, ``.`` dots) and an optional dashed outline. A negative width or height
        extends to the left or up; an empty rectangle draws nothing."""
        if w < 0:
            x, w = x + w, -w
        if h < 0:
            y, h = y + h, -h
        if w <= 0 or h <= 0:
            return
        if fill:
            self.add(Rect(x, y, w, h, fill=fill))
        self.add(*hatching(x, y, w, h, hatch, hatch_color or stroke or "#000000"))
        if stroke and width:
            if dash:
                corners = ((x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y))
                self.add(*(Line(*a, *b, stroke, width, dash) for a, b in zip(corners, corners[1:])))
            else:
                self.add(Rect(x, y, w, h, stroke=stroke, width=width))

    def text(self, x: float, middle: float, text: str, size: float, color: str, anchor: str = "start",
             bold: bool = False, background: str | None = None, pad: float = 1.4, opacity: float = 1.0) -> None:
        """Text centred on the line ``middle``, with a box behind it when ``background`` is set."""
        baseline = middle + MIDDLE_TO_BASELINE * size
        if background:
            w = text_width(text, size, bold)
            left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
            top = baseline - 0.75 * size  # from above a capital …
            self.add(Rect(left - pad, top - pad, w + 2 * pad, 0.95 * size + 2 * pad, fill=background,
                          opacity=opacity))  # … to below a descender
        self.add(Text(x, baseline, text, size, color, anchor, bold))


# --- hatching ------------------------------------------------------------------------------

HATCH_SPACING = {"/": 8.5, "x": 8.5, ".": 6.0}  # units between lines (or dots), across them
HATCH_WIDTH = 0.8


def hatching(x: float, y: float, w: float, h: float, kind: str, color: str) -> list[Shape]:
    """The lines or dots that fill a rectangle with a pattern. Lines lie on one grid for
    the whole picture (as a printed pattern does), cut to the rectangle."""
    if not kind:
        return []
    spacing = HATCH_SPACING[kind]
    if kind == ".":
        dots: list[Shape] = []
        first_row = math.ceil((y + 1) / spacing)
        first_column = math.ceil((x + 1) / spacing)
        row = first_row
        while row * spacing < y + h - 1:
            column = first_column + (row % 2) * 0.5
            while column * spacing < x + w - 1:
                dots.append(Circle(column * spacing, row * spacing, 0.85, fill=color))
                column += 1
            row += 1
        return dots
    step = spacing * math.sqrt(2)  # along an axis, between two 45° lines `spacing` apart
    lines: list[Shape] = []
    # '/' rises to the right: x + y = c (y points down); '\' falls: x - y = c.
    for sign in ((1,) if kind == "/" else (1, -1)):
        low, high = (x + y, x + w + y + h) if sign == 1 else (x - y - h, x + w - y)
        c = math.ceil(low / step) * step
        while c <= high:
            if sign == 1:
                x_start, x_end = max(x, c - (y + h)), min(x + w, c - y)
                segment = (x_start, c - x_start, x_end, c - x_end)
            else:
                x_start, x_end = max(x, c + y), min(x + w, c + y + h)
                segment = (x_start, x_start - c, x_end, x_end - c)
            if x_end - x_start > 0.2:
                lines.append(Line(*segment, color, HATCH_WIDTH))
            c += step
    return lines


def dashes(line: Line) -> list[tuple[float, float, float, float]]:
    """The drawn pieces of a dashed line (the whole line when it has no dash)."""
    if not line.dash:
        return [(line.x1, line.y1, line.x2, line.y2)]
    on, off = line.dash
    length = math.hypot(line.x2 - line.x1, line.y2 - line.y1)
    if length == 0:
        return []
    ux, uy = (line.x2 - line.x1) / length, (line.y2 - line.y1) / length
    pieces, start = [], 0.0
    while start < length:
        end = min(start + on, length)
        pieces.append((line.x1 + ux * start, line.y1 + uy * start, line.x1 + ux * end, line.y1 + uy * end))
        start += on + off
    return pieces


# --- the font ------------------------------------------------------------------------------

_MEASURE_SIZE = 100.0


@lru_cache(maxsize=32)
def font(size: float, bold: bool = False) -> Any:
    """The bundled font at ``size`` pixels, laid out without optional libraries (Pillow's
    basic layout: raqm, where installed, would shape differently on other machines)."""
    from PIL import ImageFont  # Pillow only where text is measured or drawn (a render with pictures)

    return ImageFont.truetype(str(FONT_DIR / FONT_FILES[bold]), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of ``text`` at ``size`` units."""
    return font(_MEASURE_SIZE, bold).getlength(text) * size / _MEASURE_SIZE
