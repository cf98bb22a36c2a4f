"""Print the HTML page of a document to PDF with WeasyPrint.

Why this module exists: many councils and boards want a PDF they cannot edit by
accident. WeasyPrint lays out the same HTML page as the browser prints, with the
print style sheet: a title page, a table of contents with page numbers, the
running title and "Pagina X van Y", landscape pages for wide tables. It is a
well-kept Python library, but it needs Pango from the operating system, so it is
an optional extra (``pip install "handreiking[pdf]"``); without it, asking for a
PDF gives a Dutch message instead of a traceback.

The PDF is reproducible: WeasyPrint writes no clock value; the document dates
come from the page's ``dcterms`` meta tags, which hold the plan's dates.

It is tagged as PDF/UA-1 (WeasyPrint's ``pdf/ua-1`` variant): a structure tree, the
language, the title shown in the window's title bar, and links with a description, so a
council can publish it on its website. Print rules of its own: the body font of the Word
files, no hyphenation of short words (names, amounts, status words) and table rows and
totals kept together.
"""
from __future__ import annotations

import re

from handreiking.errors import PdfUnavailableError

__all__ = ["ensure_pdf_support", "render_pdf"]

INSTALL_HINT = 'pip install "handreiking[pdf]"'


def ensure_pdf_support() -> None:
    """Raise :class:`PdfUnavailableError` with a Dutch explanation when PDF cannot be made."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        raise PdfUnavailableError("voor PDF is het extra pakket WeasyPrint nodig, en dat is niet geïnstalleerd",
                                  hint=f"installeer het met: {INSTALL_HINT}") from None
    except OSError as exc:  # the Python package is there, Pango is not
        raise PdfUnavailableError(f"WeasyPrint is geïnstalleerd, maar de Pango-bibliotheek die het nodig heeft "
                                  f"ontbreekt ({exc})",
                                  hint="op Debian of Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"
                                  ) from None


def render_pdf(html: str) -> bytes:
    """The PDF of a complete, self-contained HTML page (see :mod:`handreiking.render_html`)."""
    ensure_pdf_support()
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # no layout chatter on the terminal
    # WeasyPrint sizes table columns as if a word with soft hyphens could not break, so
    # tables grew past the page and were cut off; its own Dutch hyphenation (pyphen, the
    # same patterns) does not have that problem.
    html = html.replace("\u00ad", "").replace("</head>", _PDF_STYLE + "</head>", 1)
    html = _SVG.sub(_svg_as_image, html)
    return HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)


PDF_VARIANT = "pdf/ua-1"
_SVG = re.compile(r"<svg\b[^>]*?\baria-label=\"([^\"]*)\"[^>]*>.*?</svg>", re.DOTALL)


def _svg_as_image(match: re.Match[str]) -> str:
    """An inline figure as an image with its description as ``alt``: WeasyPrint tags an
    image as a Figure with that text as /Alt (PDF/UA), an inline SVG without one."""
    import base64

    data = base64.b64encode(match.group(0).encode("utf-8")).decode("ascii")
    return f'<img alt="{match.group(1)}" src="data:image/svg+xml;base64,{data}" style="width: 100%">'

# - the font of the Word files (Calibri, or the metric-compatible Carlito LibreOffice uses);
# - hyphenation only in long words (12 letters or more, 5 on each side): never in names,
#   amounts or status words ("Rob Ver-hoef", "Afge-rond");
# - a table row stays whole and the last row (a total) does not go to a page on its own.
_PDF_STYLE = """<style>
body { font-family: Calibri, Carlito, "DejaVu Sans", sans-serif; hyphenate-limit-chars: 12 5 5; }
th, td { hyphens: auto; hyphenate-limit-chars: 12 5 5; }
tr { break-inside: avoid; }
tbody tr:last-child { break-before: avoid; }
</style>
"""
