"""The one reach past python-docx's public API still works with the installed release."""
from __future__ import annotations

from docx import Document

from handreiking.render.docx_internals import xml_of


def test_every_python_docx_object_keeps_its_xml_element() -> None:
    document = Document()
    paragraph = document.add_paragraph("tekst")
    run = paragraph.add_run(" meer")
    table = document.add_table(rows=1, cols=1)
    cell = table.cell(0, 0)
    tags = {name: xml_of(proxy).tag.rsplit("}", 1)[-1]
            for name, proxy in {"paragraph": paragraph, "run": run, "table": table, "cell": cell}.items()}
    assert tags == {"paragraph": "p", "run": "r", "table": "tbl", "cell": "tc"}
    assert xml_of(document.part).tag.endswith("}document")
    assert xml_of(paragraph).getparent() is xml_of(document.part).body


def test_the_files_of_a_word_file_are_what_document_save_zips() -> None:
    import zipfile
    from io import BytesIO

    from handreiking.render.docx_internals import package_members

    document = Document()
    document.add_paragraph("tekst")
    saved = BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as archive:
        zipped = [(name, archive.read(name)) for name in archive.namelist()]
    assert package_members(document) == zipped
