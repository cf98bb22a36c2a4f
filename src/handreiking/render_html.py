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
import re
from functools import lru_cache
from typing import Any

import html as html_lib

from handreiking.markdown_doc import (
    ParsedMarkdown,
    element_to_html,
    parse_markdown,
    remove_forbidden_chars,
)
from handreiking.table_layout import WIDE_CLASS, landscape_runs

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

CSS = f"""
:root {{ color-scheme: light; }}
html {{ background: {PALETTE["background"]}; }}
body {{
  margin: 0 auto; padding: 2rem 1.25rem 4rem; max-width: 48rem;
  color: {PALETTE["text"]}; background: {PALETTE["background"]};
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
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
table {{ border-collapse: collapse; width: 100%; margin: 1.25rem 0; font-size: 0.9rem; }}
th, td {{ border: 1px solid {PALETTE["border"]}; padding: 0.45rem 0.6rem;
  vertical-align: top; text-align: left; overflow-wrap: break-word; hyphens: manual; }}
th {{ background: {PALETTE["table_header_bg"]}; color: {PALETTE["text"]}; font-weight: 700; }}
tbody tr:nth-child(even) {{ background: {PALETTE["table_stripe_bg"]}; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
@page {{ size: A4; margin: 2cm 2cm 2.5cm; }}
@page {WIDE_CLASS} {{ size: A4 landscape; margin: 2cm 2cm 2.5cm; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 11pt; line-height: 1.45; }}
  h1 {{ font-size: 22pt; }} h2 {{ font-size: 16pt; }} h3 {{ font-size: 13pt; }}
  a {{ color: {PALETTE["text"]}; }}
  a[href^="http"]::after, a[href^="mailto:"]::after {{
    content: " (" attr(href) ")"; font-size: 0.85em; overflow-wrap: anywhere; }}
  th, tbody tr:nth-child(even), blockquote, code, pre {{
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  table, blockquote, pre {{ break-inside: auto; }}
  .{WIDE_CLASS} {{ page: {WIDE_CLASS}; }}
  table.{WIDE_CLASS} th {{ hyphens: none; }}
}}
""".strip()

# Defence in depth: even if markup slipped through, the browser may load
# nothing and run nothing; only the embedded style sheet is allowed.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


_LONG_TOKEN = re.compile(r"\S{16,}")
_BREAK_AFTER = re.compile(r"(?<=[@./_\-–])(?=\w)")
_LONG_WORD = re.compile(r"[^\W\d_]{14,}")
SOFT_HYPHEN = "\u00ad"


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    """Dutch syllable breaks with soft hyphens (remembered per word in the user cache)."""
    from handreiking.cache import Hyphenation

    return Hyphenation(SOFT_HYPHEN)


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
    hyphenate = _hyphenator()

    def pieces(text: str) -> list[str]:
        text = _LONG_WORD.sub(lambda m: hyphenate.inserted(m.group(0)), text)
        out, last = [], 0
        for token in _LONG_TOKEN.finditer(text):
            for cut in _BREAK_AFTER.finditer(token.group(0)):
                out.append(text[last: token.start() + cut.start()])
                last = token.start() + cut.start()
        out.append(text[last:])
        return out

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


def render_html(document: ParsedMarkdown | str, *, title: str, subtitle: str = "") -> str:
    """Return a complete HTML page for ``document``.

    ``document`` is normally the :class:`ParsedMarkdown` that is also used
    for the DOCX (one parse per document); Markdown text is parsed here.
    The document's first top-level ``h1`` is its visible title; if there is
    none, ``title`` is shown as ``h1``. ``subtitle`` follows that heading.
    """
    parsed = parse_markdown(document) if isinstance(document, str) else document
    blocks = list(parsed.tree)
    landscape = {index for start, end in landscape_runs(blocks) for index in range(start, end)}
    parts = [element_to_html(_for_print(child, index in landscape)).strip() for index, child in enumerate(blocks)]
    heading_index = next((i for i, child in enumerate(parsed.tree) if child.tag == "h1"), None)
    if heading_index is None:
        parts.insert(0, f"<h1>{_escape(title)}</h1>")
        heading_index = 0
    if subtitle.strip():
        parts.insert(heading_index + 1, f'<p class="ondertitel">{_escape(subtitle)}</p>')
    body = "\n".join(parts)
    if _hyphenator.cache_info().currsize:  # a table was hyphenated: keep its new words
        _hyphenator().save()
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{_escape(title)}</title>\n"
        f"<style>\n{CSS}\n</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"{body}\n"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


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
        block.set("class", WIDE_CLASS)
    return block


def _escape(text: str) -> str:
    """Escape text for HTML content and attribute values."""
    return html_lib.escape(remove_forbidden_chars(text), quote=True)
