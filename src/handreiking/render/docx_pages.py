"""Page numbers for the contents of a Word file, from a layout pass (``render --paginanummers``).

Only a program that lays out the pages knows on which page a chapter starts. The default
Word files therefore have contents without page numbers (never empty fields that make
Word ask "velden bijwerken?"). On request, this module lets LibreOffice (headless) turn a
finished DOCX into a PDF, reads from the PDF's bookmarks on which page each numbered
chapter starts, and stores that number after the matching contents entry as the result of
a ``PAGEREF`` field: Word, LibreOffice and every preview show it as it is, and Word updates
it only when the reader asks. Without LibreOffice (or pypdf) nothing changes.

The same DOCX and the same LibreOffice give the same numbers, and the file is written
again with fixed zip dates, so the result is deterministic for one LibreOffice version;
it is not part of ``render --check``, which compares the default files.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from handreiking.core.files import atomic_write

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
LAYOUT_SECONDS = 180


def layout_tool() -> str | None:
    """The LibreOffice program, or None when it (or pypdf, to read its PDF) is missing."""
    try:
        import pypdf  # noqa: F401
    except ImportError:
        return None
    return shutil.which("soffice") or shutil.which("libreoffice")


def chapter_pages(docx: bytes, program: str) -> list[tuple[str, int]]:
    """(bookmark title, page) of every heading, in order, as LibreOffice lays out ``docx``."""
    import pypdf

    with tempfile.TemporaryDirectory(prefix="handreiking-pagina-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        profile = Path(folder, "profiel").as_uri()  # never the user's own LibreOffice profile
        subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", folder, str(source)],
                       check=True, capture_output=True, timeout=LAYOUT_SECONDS,
                       env={**os.environ, "HOME": folder})
        reader = pypdf.PdfReader(Path(folder) / "document.pdf")
        found: list[tuple[str, int]] = []

        def walk(items: list) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    found.append((" ".join(str(item.title).split()), reader.get_destination_page_number(item) + 1))

        walk(reader.outline)
        return found


def _text(element) -> str:
    parts = []
    for node in element.iter(f"{_W}t", f"{_W}tab"):
        parts.append(" " if node.tag == f"{_W}tab" else (node.text or ""))
    return " ".join("".join(parts).split())


def _run(*children) -> object:
    from lxml import etree

    run = etree.Element(f"{_W}r")
    for child in children:
        run.append(child)
    return run


def _field(link, bookmark: str, page: int) -> None:
    """A tab, then ``PAGEREF bookmark`` with ``page`` as its stored result, at the end of ``link``."""
    from lxml import etree

    def char(kind: str):
        return _run(etree.Element(f"{_W}fldChar", {f"{_W}fldCharType": kind}))

    instruction = etree.Element(f"{_W}instrText")
    instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction.text = f" PAGEREF {bookmark} \\h "
    number = etree.Element(f"{_W}t")
    number.text = str(page)
    for run in (_run(etree.Element(f"{_W}tab")), char("begin"), _run(instruction), char("separate"),
                _run(number), char("end")):
        link.append(run)


def store_page_numbers(docx: bytes, pages: list[tuple[str, int]]) -> bytes:
    """``docx`` with each contents entry followed by the page its chapter starts on.

    A contents entry is a paragraph in a ``TOC`` style holding one link to a bookmark;
    its text ("1.2 Titel") is matched, in order, to the PDF bookmarks. An entry without a
    match keeps no number rather than a guessed one."""
    from lxml import etree

    with zipfile.ZipFile(BytesIO(docx)) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    names = [info.filename for info, _ in entries]
    body = etree.fromstring(dict(zip(names, (data for _, data in entries)))["word/document.xml"])
    position = 0
    for paragraph in body.iter(f"{_W}p"):
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        links = paragraph.findall(f"{_W}hyperlink")
        if style is None or not style.get(f"{_W}val", "").startswith("TOC") or len(links) != 1:
            continue
        link = links[0]
        bookmark = link.get(f"{_W}anchor")
        if not bookmark or link.find(f".//{_W}instrText") is not None:
            continue
        title = _text(link)
        match = next((n for n in range(position, len(pages)) if pages[n][0] == title), None)
        if match is None:
            continue
        position = match + 1
        _field(link, bookmark, pages[match][1])
    new_body = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o644 << 16
            archive.writestr(fixed, new_body if info.filename == "word/document.xml" else data, compresslevel=6)
    return out.getvalue()


def number_contents(path: Path, program: str) -> bool:
    """Give the contents of the Word file at ``path`` its page numbers; False if it has no
    contents (a short document) or already has them."""

    docx = path.read_bytes()
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        if b'w:val="TOC' not in archive.read("word/document.xml"):
            return False
    numbered = store_page_numbers(docx, chapter_pages(docx, program))
    if numbered == docx:
        return False
    atomic_write(path, numbered)
    return True
