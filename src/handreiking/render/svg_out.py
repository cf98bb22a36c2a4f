"""A :class:`~handreiking.render.shapes.Scene` as SVG text, for the HTML page (inline) and PDF.

Why this module exists: the HTML page places each picture inline as SVG. Written
here directly, the SVG is short, holds no ids (several pictures share one page), no
dates or software versions, and numbers with two decimals at most, so the same
picture gives the same bytes everywhere. It says what it is: ``role="img"``, the
caption as ``<title>`` and the text alternative as ``<desc>``; text stays text
(searchable, read aloud).
"""
from __future__ import annotations

import html
import re

from handreiking.render.shapes import FONT_FAMILY, Circle, Line, Polygon, Rect, Scene, Text


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text as XML character data (``&``, ``<`` and ``>`` escaped, as ``xml.sax.saxutils.escape``
    does; that module loads ``urllib.request`` and with it http, ssl and email, a tenth of the
    import floor); characters XML cannot hold are left out."""
    return html.escape(_NOT_XML.sub("", text), quote=False)


def _n(value: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros, never ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _paint(fill: str | None, stroke: str | None = None, width: float = 0.0, opacity: float = 1.0) -> str:
    parts = [f'fill="{fill or "none"}"']
    if opacity < 1:
        parts.append(f'fill-opacity="{_n(opacity)}"')
    if stroke and width:
        parts.append(f'stroke="{stroke}" stroke-width="{_n(width)}"')
    return " ".join(parts)


def svg(scene: Scene, title: str, description: str) -> bytes:
    """The SVG document of ``scene``, with ``title`` and ``description`` for assistive technology."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {_n(scene.width)} '
           f'{_n(scene.height)}" width="{_n(scene.width)}" height="{_n(scene.height)}" role="img" '
           f'font-family="{FONT_FAMILY}">',
           f"<title>{escape(title)}</title>",
           f"<desc>{escape(description)}</desc>",
           f'<rect width="{_n(scene.width)}" height="{_n(scene.height)}" fill="#ffffff"/>']
    for shape in scene.shapes:
        if isinstance(shape, Rect):
            out.append(f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" height="{_n(shape.h)}" '
                       f"{_paint(shape.fill, shape.stroke, shape.width, shape.opacity)}/>")
        elif isinstance(shape, Line):
            dash = f' stroke-dasharray="{_n(shape.dash[0])} {_n(shape.dash[1])}"' if shape.dash else ""
            out.append(f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}" '
                       f'stroke="{shape.color}" stroke-width="{_n(shape.width)}"{dash}/>')
        elif isinstance(shape, Circle):
            out.append(f'<circle cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}" '
                       f"{_paint(shape.fill, shape.stroke, shape.width)}/>")
        elif isinstance(shape, Polygon):
            points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
            out.append(f'<polygon points="{points}" {_paint(shape.fill, shape.stroke, shape.width)}/>')
        elif isinstance(shape, Text):
            anchor = f' text-anchor="{shape.anchor}"' if shape.anchor != "start" else ""
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
                       f'fill="{shape.color}"{anchor}{weight}>{escape(shape.text)}</text>')
        else:  # pragma: no cover - every shape kind is written above
            raise TypeError(f"unknown shape {shape!r}")
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")

