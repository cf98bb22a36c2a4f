"""The readable text of a rendered document, for ``git diff`` (git's textconv).

A DOCX is a zip file and an HTML page is full of markup, so ``git diff``
says "Binary files differ" or shows a wall of tags. With this conversion a
reviewer sees the paragraphs and table rows that changed. One line per
paragraph, table cells separated by " | ", headings marked with '#'.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from handreiking.core.gate import check_unpacked, read_plan_bytes

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    import io
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    lines: list[str] = []
    body = root.find(f"{_W}body")
    for block in body if body is not None else ():
        if block.tag == f"{_W}p":
            lines.append(_paragraph(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [" ".join(_paragraph(p) for p in cell.iter(f"{_W}p")).strip()
                         for cell in row.iter(f"{_W}tc")]
                lines.append("| " + " | ".join(cells) + " |")
    return _tidy(lines)


def _paragraph(p: object) -> str:
    parts = []
    for node in p.iter():  # type: ignore[attr-defined]
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append(" ")
    style = p.find(f"{_W}pPr/{_W}pStyle")  # type: ignore[attr-defined]
    text = "".join(parts).replace("\u00ad", "")
    name = style.get(f"{_W}val", "") if style is not None else ""
    if name.lower().startswith("heading") and name[-1:].isdigit():
        return "#" * int(name[-1]) + " " + text
    return text


class _HtmlText(HTMLParser):
    BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "section",
              "header", "footer", "blockquote", "pre", "title", "ul", "ol", "dt", "dd"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.lines.append("")
            if tag[0] == "h" and tag[1:].isdigit():
                self.lines[-1] = "#" * int(tag[1]) + " "
            elif tag == "li":
                self.lines[-1] = "- "
        elif tag in ("td", "th"):
            self.lines[-1] += " | "

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            words = " ".join(data.split())
            if words and data[:1].isspace():  # "zie <a>de bijlage</a>": the space before a link stays
                words = " " + words
            if words and data[-1:].isspace():
                words += " "
            self.lines[-1] += words if data.strip() else (" " if data else "")


def html_text(text: str) -> str:
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return _tidy([line.replace("\u00ad", "") for line in parser.lines])


def _tidy(lines: list[str]) -> str:
    out = [" ".join(line.split()) if not line.startswith("|") else line.strip() for line in lines]
    return "\n".join(line for line in out if line.strip()) + "\n"


def document_text(path: Path) -> str:
    """The text of a DOCX or HTML file (other files as they are); not a device or pipe, and
    not larger than a document can be (git hands over whatever the repository holds)."""

    data = read_plan_bytes(path, inside=None, limit=200 * 1024 * 1024, what="het document")
    if data[:2] == b"PK":
        check_unpacked(path, data, what="het document")
        return docx_text(data)
    text = data.decode("utf-8", "replace")
    if path.suffix.lower() in (".html", ".htm") or text.lstrip().lower().startswith(("<!doctype html", "<html")):
        return html_text(text)
    return text
