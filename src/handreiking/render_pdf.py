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

The page is self-contained (figures inline), so WeasyPrint needs to fetch nothing.
But ``sjablonen/huisstijl.css`` comes from the plan, and a plan may come from
someone else: a ``url(https://…)`` or ``url(file:///home/…)`` in it would put a
remote or a local file into the PDF. WeasyPrint fetches through the fetcher below,
which refuses every URL except a file inside the allowed folders (the plan's own
``sjablonen/``). A refused resource is left out of the PDF, as a browser leaves out a
blocked image.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

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


def allowed_url(url: str, folders: Iterable[Path]) -> bool:
    """Whether the PDF may fetch ``url``: only a ``file:`` URL of a file inside ``folders``
    (links resolved, so a link out of the folder is refused). No ``data:`` either: the
    pages handreiking makes use none (figures are inline SVG)."""
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


def _url_fetcher(folders: tuple[Path, ...]) -> Any:
    """A WeasyPrint URL fetcher that fetches only what :func:`allowed_url` allows."""
    def refuse(url: str) -> None:
        raise ValueError(f"handreiking haalt voor de PDF niets op van buiten de planmap: {url[:200]}")

    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before the URLFetcher class: a function returning a dict
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not allowed_url(url, folders):
                refuse(url)
            return default_url_fetcher(url, *args, **kwargs)

        return fetch

    class PlanFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not allowed_url(url, folders):
                refuse(url)
            return super().fetch(url, headers)

    return PlanFetcher(allowed_protocols=("file",), allow_redirects=False)


def folders_inside(root: Path, *folders: Path) -> tuple[Path, ...]:
    """Those of ``folders`` that are really inside ``root`` (a ``sjablonen/`` that is a link
    to a folder elsewhere is not)."""
    inside = os.path.realpath(root).rstrip(os.sep) + os.sep
    return tuple(f for f in folders if os.path.realpath(f).startswith(inside))


def render_pdf(html: str, folders: Iterable[Path] = ()) -> bytes:
    """The PDF of a complete, self-contained HTML page (see :mod:`handreiking.render_html`);
    it may use files inside ``folders`` (the plan's ``sjablonen/``) and nothing else."""
    ensure_pdf_support()
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # no layout chatter on the terminal
    # WeasyPrint sizes table columns as if a word with soft hyphens could not break, so
    # tables grew past the page and were cut off; its own Dutch hyphenation (pyphen, the
    # same patterns) does not have that problem.
    html = html.replace("\u00ad", "").replace("</head>", _PDF_STYLE + "</head>", 1)
    return HTML(string=html, base_url=None, url_fetcher=_url_fetcher(tuple(folders))).write_pdf()


_PDF_STYLE = "<style>th, td { hyphens: auto; }</style>\n"
