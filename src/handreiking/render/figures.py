"""Placing the plan's pictures in a document: one marker, two outputs.

Why this module exists: a template says where a picture goes with
``{{ figuur("tijdlijn") }}``, which becomes the Markdown image
``![text alternative](figuur:tijdlijn "caption")``. The Markdown parser accepts
no other image (see :mod:`handreiking.render.markdown`), so the parsed tree holds
a paragraph with one ``img`` whose ``src`` names the picture. The HTML page
puts the SVG inline there (no file to lose, nothing loaded from elsewhere);
the DOCX puts the PNG there. This module knows that marker; the drawing is in
:mod:`handreiking.render.charts`.
"""
from __future__ import annotations

import html as html_lib
import re
from typing import Any

FIGURE_SCHEME = "figuur:"

FIGURE_CSS = """
figure.figuur { margin: 1.25rem 0; break-inside: avoid; page-break-inside: avoid; }
figure.figuur svg { display: block; width: 100%; height: auto; }
figure.figuur svg * { stroke-linejoin: round; stroke-linecap: butt; }
figure.figuur figcaption { font-size: 0.9rem; margin-top: 0.25rem; }
""".strip()


def figure_image(block: Any) -> Any | None:
    """The ``img`` of a paragraph that holds only a picture marker, else ``None``."""
    if block.tag != "p" or (block.text or "").strip() or len(block) != 1:
        return None
    image = block[0]
    if image.tag != "img" or not image.get("src", "").startswith(FIGURE_SCHEME) or (image.tail or "").strip():
        return None
    return image


def figure_id(image: Any) -> str:
    return image.get("src", "")[len(FIGURE_SCHEME):]


_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_SIZE = re.compile(r'\s(width|height)="[^"]*"')


def figure_html(image: Any, svg: bytes) -> str:
    """A ``<figure>`` with the SVG inline (which says ``role="img"`` and holds the caption as
    ``<title>`` and the text alternative as ``<desc>``), the text alternative as its accessible
    name and the caption below it."""
    alt = html_lib.escape(image.get("alt", ""), quote=True)
    caption = html_lib.escape(image.get("title", ""))
    text = _PROLOGUE.sub("", svg.decode("utf-8"), count=1)
    head_end = text.index(">")
    head = _SIZE.sub("", text[:head_end])  # the width comes from the page (CSS); the viewBox keeps the shape
    role = "" if ' role="img"' in head else ' role="img"'
    text = f'{head}{role} aria-label="{alt}"{text[head_end:]}'.strip()
    return (f'<figure class="figuur" id="{html_lib.escape(figure_id(image), quote=True)}">\n{text}\n'
            f"<figcaption>{caption}</figcaption>\n</figure>")
