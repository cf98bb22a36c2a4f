"""Print the HTML page of a document to PDF with WeasyPrint.

Why this module exists: many councils and boards want a PDF they cannot edit by
accident. WeasyPrint lays out the same HTML page as the browser prints, with the
print style sheet: a title page, a table of contents with page numbers, the
running title and "Pagina X van Y", landscape pages for wide tables. It is a
well-kept Python library, but it needs Pango from the operating system, so it is
an optional extra (``pip install "handreiking[pdf]"``); without it, asking for a
PDF gives a Dutch message instead of a traceback.

The PDF is reproducible. The document dates come from the page's ``dcterms`` meta tags,
which hold the plan's dates. Its fonts come with handreiking (``fonts/``: Carlito, with the
measures of Word's Calibri, for the text; Liberation Sans, which the figures were measured
with, for them and for the few characters Carlito lacks, such as the fixed space in
"€ 24.500"), under names of their own: with the computer's fonts, a machine with Carlito, one
with Calibri and one with neither made three different PDFs (22 or 24 pages). The one clock
value is in the fonts: fontTools, which WeasyPrint uses to embed only the letters a document
needs, stamps each font it writes with the time of writing, so two renders a second apart
differed. fontTools takes that time from ``SOURCE_DATE_EPOCH`` when it is set (the
reproducible-builds convention, its public way), so this module sets it while WeasyPrint
writes.

It is tagged as PDF/UA-1 (WeasyPrint's ``pdf/ua-1`` variant): a structure tree, the
language, the title shown in the window's title bar, and links with a description, so a
council can publish it on its website. Print rules of its own: the body font of the Word
files, no hyphenation of short words (names, amounts, status words) and table rows and
totals kept together.

The page is self-contained (figures inline), so WeasyPrint needs to fetch nothing.
But ``sjablonen/huisstijl.css`` comes from the plan, and a plan may come from
someone else: a ``url(https://…)`` or ``url(file:///home/…)`` in it would put a
remote or a local file into the PDF. WeasyPrint fetches through the fetcher below,
which refuses every URL except a file inside the allowed folders (the plan's own
``sjablonen/``) and the ``data:`` images this module makes of the figures itself. A
refused resource is left out of the PDF, as a browser leaves out a blocked image.
"""
from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import unquote, urlsplit

from handreiking.core.errors import PdfUnavailableError
from handreiking.render.shapes import FONT_FAMILY, FONT_DIR

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


def allowed_url(url: str, folders: Iterable[Path]) -> bool:
    """Whether the PDF may fetch ``url``: only a ``file:`` URL of a file inside ``folders``
    (links resolved, so a link out of the folder is refused). No ``data:`` either: the
    pages handreiking makes use none (figures are inline SVG)."""
    from urllib.request import url2pathname  # late: urllib.request loads http, ssl and email; only a PDF needs it

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    target = os.path.realpath(url2pathname(unquote(parts.path)))
    for folder in folders:
        inside = os.path.realpath(folder)
        if target.startswith(inside.rstrip(os.sep) + os.sep) and os.path.isfile(target):
            return True
    return False


def _url_fetcher(folders: tuple[Path, ...], own: frozenset[str] = frozenset()) -> Any:
    """A WeasyPrint URL fetcher that fetches only what :func:`allowed_url` allows, and the
    ``own`` data: URLs (the figures)."""
    def refuse(url: str) -> None:
        raise ValueError(f"handreiking haalt voor de PDF niets op van buiten de planmap: {url[:200]}")

    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before the URLFetcher class: a function returning a dict
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if url not in own and not allowed_url(url, folders):
                refuse(url)
            return default_url_fetcher(url, *args, **kwargs)

        return fetch

    class PlanFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in own and not allowed_url(url, folders):
                refuse(url)
            return super().fetch(url, headers)

    return PlanFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def folders_inside(root: Path, *folders: Path) -> tuple[Path, ...]:
    """Those of ``folders`` that are really inside ``root`` (a ``sjablonen/`` that is a link
    to a folder elsewhere is not)."""
    inside = os.path.realpath(root).rstrip(os.sep) + os.sep
    return tuple(f for f in folders if os.path.realpath(f).startswith(inside))


def render_pdf(html: str, folders: Iterable[Path] = ()) -> bytes:
    """The PDF of a complete, self-contained HTML page (see :mod:`handreiking.render.html`);
    it may use files inside ``folders`` (the plan's ``sjablonen/``) and nothing else."""
    ensure_pdf_support()
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # no layout chatter on the terminal
    # WeasyPrint sizes table columns as if a word with soft hyphens could not break, so
    # tables grew past the page and were cut off; its own Dutch hyphenation (pyphen, the
    # same patterns) does not have that problem.
    html = html.replace("\u00ad", "").replace("</head>", _PDF_STYLE.replace("FONTS", FONT_DIR.as_uri()) + "</head>", 1)
    own: set[str] = set()  # the data: URLs of our own figures: the only ones the PDF may use
    html = _SVG.sub(lambda match: _svg_as_image(match, own), html)
    page = HTML(string=html, base_url=None, url_fetcher=_url_fetcher((*folders, FONT_DIR), frozenset(own)))
    with _fonts_without_clock():
        return page.write_pdf(pdf_variant=PDF_VARIANT)


FONT_TIME = "0"  # the fonts' "modified" stamp: 1 January 1970, the same on every render
_ENVIRONMENT = threading.Lock()


@contextmanager
def _fonts_without_clock() -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` fixed while WeasyPrint writes, and as it was afterwards (also a
    value the user set). The lock keeps a second render in another thread (the live view)
    from restoring it halfway through this one."""
    with _ENVIRONMENT:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = FONT_TIME
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before


PDF_VARIANT = "pdf/ua-1"
FIGURE_FONT = "'Handreiking Liberation Sans', sans-serif"  # the font the figures were measured with
_SVG = re.compile(r"<svg\b[^>]*?\baria-label=\"([^\"]*)\"[^>]*>.*?</svg>", re.DOTALL)


def _svg_as_image(match: re.Match[str], own: set[str]) -> str:
    """An inline figure as an image with its description as ``alt``: WeasyPrint tags an
    image as a Figure with that text as /Alt (PDF/UA), an inline SVG without one."""
    import base64

    svg = match.group(0).replace(f'font-family="{FONT_FAMILY}"', f'font-family="{FIGURE_FONT}"')
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    url = f"data:image/svg+xml;base64,{data}"
    own.add(url)
    return f'<img alt="{match.group(1)}" src="{url}" style="width: 100%">'

# - the font of the Word files (Carlito: Calibri's measures), in the running title and page
#   numbers too, from handreiking's own files (see the module text);
# - hyphenation only in long words (12 letters or more, 5 on each side): never in names,
#   amounts or status words ("Rob Ver-hoef", "Afge-rond");
# - a table row stays whole and the last row (a total) does not go to a page on its own.
_PDF_STYLE = """<style>
@font-face { font-family: "Handreiking Carlito"; src: url(FONTS/Carlito-Regular.ttf); }
@font-face { font-family: "Handreiking Carlito"; font-weight: bold; src: url(FONTS/Carlito-Bold.ttf); }
@font-face { font-family: "Handreiking Carlito"; font-style: italic; src: url(FONTS/Carlito-Italic.ttf); }
@font-face { font-family: "Handreiking Carlito"; font-weight: bold; font-style: italic; src: url(FONTS/Carlito-BoldItalic.ttf); }
@font-face { font-family: "Handreiking Liberation Sans"; src: url(FONTS/LiberationSans-Regular.ttf); }
@font-face { font-family: "Handreiking Liberation Sans"; font-weight: bold; src: url(FONTS/LiberationSans-Bold.ttf); }
@font-face { font-family: "Handreiking Liberation Sans"; font-style: italic; src: url(FONTS/LiberationSans-Regular.ttf); }
@font-face { font-family: "Handreiking Liberation Sans"; font-weight: bold; font-style: italic;
             src: url(FONTS/LiberationSans-Bold.ttf); }
body { font-family: "Handreiking Carlito", "Handreiking Liberation Sans", sans-serif; hyphenate-limit-chars: 12 5 5; }
@page { @top-right { font-family: "Handreiking Carlito", "Handreiking Liberation Sans", sans-serif; }
        @bottom-center { font-family: "Handreiking Carlito", "Handreiking Liberation Sans", sans-serif; } }
th, td { hyphens: auto; hyphenate-limit-chars: 12 5 5; }
tr { break-inside: avoid; }
tbody tr:last-child { break-before: avoid; }
</style>
"""
