"""Parse a rendered Markdown document once, safely, for every output format.

Why this module exists: the plan documents are Markdown produced by Jinja
templates that interpolate free text typed by a policy advisor. The HTML page
and the DOCX must be built from the *same* parse so they can never disagree,
and nothing a user typed may turn into live markup: raw HTML, HTML entities,
``javascript:`` links and images that load external resources are all
neutralised here, in one place.

The result is a :class:`ParsedMarkdown` holding

* ``tree`` -- python-markdown's element tree, made clean (root tag
  ``div``), captured after every treeprocessor (including ``unescape``).
  Its text is plain Unicode: no ``\\x02…\\x03`` placeholders, no HTML
  entities, no characters that XML 1.0 forbids, and ``code`` elements hold
  their literal text (python-markdown stores them HTML-escaped).
* ``html`` -- the body fragment serialised from exactly that tree.
"""
from __future__ import annotations

import html as html_lib
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from handreiking.render.figures import FIGURE_SCHEME

if TYPE_CHECKING:  # pragma: no cover - typing only
    import markdown

__all__ = ["ParsedMarkdown", "parse_markdown", "remove_forbidden_chars", "element_to_html", "link_references",
           "slug"]

# Characters XML 1.0 does not allow (C0 controls except tab/newline/carriage
# return, lone UTF-16 surrogates, U+FFFE and U+FFFF). python-markdown's own
# STX/ETX placeholder delimiters (\x02, \x03) are among them.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# URL schemes a link may use; anything else (javascript:, data:, vbscript:,
# file:, ...) loses its href. Scheme-less (relative) links are allowed.
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_ATTRIBUTES = ("href", "src")


@dataclass(frozen=True)
class ParsedMarkdown:
    """One Markdown document, parsed once: HTML body fragment plus element tree."""

    html: str
    tree: ET.Element


def remove_forbidden_chars(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 (and so DOCX) forbids."""
    return _FORBIDDEN_CHARS.sub("", text)


def element_to_html(element: ET.Element) -> str:
    """Serialise one element (and its tail) of a clean tree as HTML.

    The stdlib serialiser always escapes ``&``, ``<`` and ``>`` in text,
    unlike python-markdown's, which leaves ``&`` alone when it looks like an
    entity; entities have already been decoded into the tree, so escaping
    everything keeps HTML and DOCX showing the same characters.

    Python 3.10's serialiser does not know ``<wbr>`` is an empty element and
    closes it; dropping that end tag gives the same bytes on 3.10 to 3.13 (text
    is escaped, so the tag cannot come from the document's content).
    """
    return ET.tostring(element, encoding="unicode", method="html").replace("</wbr>", "")


def parse_markdown(text: str) -> ParsedMarkdown:
    """Parse ``text`` with python-markdown and return the clean tree and HTML."""
    md, capture = _markdown_for_this_thread()
    md.reset()  # python-markdown's public way to reuse an instance for a new document
    capture.tree = None
    md.convert(remove_forbidden_chars(text))
    tree = capture.tree if capture.tree is not None else ET.Element("div")
    _clean_tree(tree)
    html = "".join(element_to_html(child) for child in tree).strip()
    return ParsedMarkdown(html=html, tree=tree)


_PER_THREAD = threading.local()


def _markdown_for_this_thread() -> tuple[markdown.Markdown, Any]:
    """One parser per thread, made once: setting one up costs about as much as parsing a
    short document, and a render parses seven. A parser keeps state while it converts, so
    threads (the live view renders in one) each have their own."""
    built = getattr(_PER_THREAD, "markdown", None)
    if built is None:
        built = _PER_THREAD.markdown = _build_markdown()
    return built


def _build_markdown() -> tuple[markdown.Markdown, Any]:
    """Create a Markdown instance that cannot emit raw HTML, plus its capturer."""
    import markdown
    from markdown.inlinepatterns import AUTOMAIL_RE, ENTITY_RE, InlineProcessor
    from markdown.treeprocessors import Treeprocessor

    class EntityProcessor(InlineProcessor):
        """Decode ``&amp;``/``&eacute;``/``&#233;`` into the character itself.

        The stock processor stashes the entity as raw HTML, which leaves a
        placeholder in the tree and would let the HTML and DOCX differ.
        """

        def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # noqa: N802
            return html_lib.unescape(m.group(1)), m.start(0), m.end(0)

    class MailProcessor(InlineProcessor):
        """``<naam@example.nl>`` as a plain mailto link, without the stock
        processor's entity obfuscation (which puts ``\\x02amp\\x03`` in the tree)."""

        def handleMatch(self, m: re.Match[str], data: str) -> tuple[ET.Element, int, int]:  # noqa: N802
            address = m.group(1)
            if address.lower().startswith("mailto:"):
                address = address[len("mailto:"):]
            link = ET.Element("a", {"href": "mailto:" + address})
            link.text = markdown.util.AtomicString(address)
            return link, m.start(0), m.end(0)

    class CaptureTreeprocessor(Treeprocessor):
        """Keep the finished tree (runs after ``unescape``) and hand python-markdown an empty
        one: its own HTML of the document is never used (``element_to_html`` writes it from
        the clean tree), so it need not be made."""

        tree: ET.Element | None = None

        def run(self, root: ET.Element) -> ET.Element:
            self.tree = root
            return ET.Element(root.tag)

    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    # Extension objects, not names: a name is looked up among the installed
    # packages' entry points, which takes longer than parsing a document.
    md = markdown.Markdown(extensions=[TableExtension(), SaneListExtension()], output_format="html")
    # No raw HTML: block-level HTML and inline tags stay literal text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # No images: they would load external resources. `![x](url)` becomes "!" + link.
    md.inlinePatterns.deregister("image_link")
    md.inlinePatterns.deregister("image_reference")
    md.inlinePatterns.deregister("short_image_ref")
    # No reference links ("[tekst][1]" with "[1]: url" elsewhere): the templates write every
    # link in full, and a "[1]: …" line someone types stays text instead of vanishing. The
    # reference patterns also tried every "[" of the text: without them Markdown takes
    # about half the time.
    md.parser.blockprocessors.deregister("reference")
    md.inlinePatterns.deregister("reference")
    md.inlinePatterns.deregister("short_reference")
    md.inlinePatterns.register(_figure_processor(md), "handreiking_figure", 150)
    md.inlinePatterns.register(EntityProcessor(ENTITY_RE, md), "entity", 80)
    md.inlinePatterns.register(MailProcessor(AUTOMAIL_RE, md), "automail", 110)
    capture = CaptureTreeprocessor(md)
    md.treeprocessors.register(capture, "handreiking_capture", -10)
    return md, capture


def _figure_processor(md: Any) -> Any:
    """Images only for the plan's own pictures: ``![tekst](figuur:id "titel")``, which
    templates place with ``{{ figuur("id") }}``. Answers cannot produce one (their
    brackets are escaped), and any other image stays literal text."""
    from markdown.inlinepatterns import IMAGE_LINK_RE, ImageInlineProcessor


    class FigureProcessor(ImageInlineProcessor):
        def handleMatch(self, m: re.Match[str], data: str) -> Any:  # noqa: N802
            element, start, end = super().handleMatch(m, data)
            if element is None or not element.get("src", "").startswith(FIGURE_SCHEME):
                return None, None, None
            return element, start, end

    return FigureProcessor(IMAGE_LINK_RE, md)


def _clean_tree(root: ET.Element) -> None:
    """Make every string in the tree plain, literal, XML-safe text."""
    for element in root.iter():
        if element.text:
            text = str(element.text)
            if element.tag == "code":
                # python-markdown stores code HTML-escaped (util.code_escape).
                text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            element.text = remove_forbidden_chars(text)
        if element.tail:
            element.tail = remove_forbidden_chars(str(element.tail))
        for key, value in list(element.items()):
            value = remove_forbidden_chars(str(value))
            if key in _URL_ATTRIBUTES and not _is_safe_url(value) and not (
                    element.tag == "img" and key == "src" and _is_figure_src(value)):
                del element.attrib[key]
            else:
                element.set(key, value)


def _is_figure_src(url: str) -> bool:
    return re.fullmatch(re.escape(FIGURE_SCHEME) + r"[a-z0-9_-]+", url) is not None


def _is_safe_url(url: str) -> bool:
    """True for relative URLs and for http(s)/mailto/tel URLs."""
    # Browsers ignore whitespace and controls inside a scheme ("java\tscript:").
    compact = re.sub(r"[\x00-\x20\x7f]", "", url)
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in _SAFE_SCHEMES


# --- references between the plan's documents --------------------------------------

def slug(text: str) -> str:
    """An anchor for a heading: 'Samenwerken met ouders' -> 'samenwerken-met-ouders'.
    The same text gives the same anchor in every document, so references can point at it."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "kop"


_SECTION_REFERENCE = re.compile(r"^, hoofdstuk ([^.,;:]+)")


def link_references(block: Any, targets: dict[str, str]) -> None:
    """*Plan van aanpak* (a document title in italics) becomes a link to that document;
    followed by ", hoofdstuk Doelen" it points at that chapter (``#doelen``). ``targets``
    maps document titles to file names (``.html`` for the page, ``.docx`` for Word)."""
    import xml.etree.ElementTree as ET

    if not targets:
        return
    for parent in block.iter():
        for position, child in enumerate(list(parent)):
            if child.tag != "em" or len(child) or parent.tag == "a":
                continue
            shown = (child.text or "").strip()
            href = targets.get(shown) or next(  # *Evaluatieplan* for "Evaluatieplan (PDCA)"
                (target for title, target in targets.items() if shown and title.startswith(shown + " ")), None)
            if href is None:
                continue
            match = _SECTION_REFERENCE.match(child.tail or "")
            if match:
                href += "#" + slug(match.group(1).strip())
            link = ET.Element("a", {"class": "verwijzing", "href": href})
            link.tail, child.tail = child.tail, None
            link.append(child)
            parent[position] = link
