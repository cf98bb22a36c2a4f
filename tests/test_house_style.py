"""`handreiking huisstijl` and a plan's own house style in sjablonen/."""
from __future__ import annotations

from io import BytesIO

import docx

from helpers import run_cli


def test_huisstijl_writes_the_defaults_and_render_uses_them(tmp_path, capsys) -> None:
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Plan") == 0
    assert run_cli("huisstijl", str(plan)) == 0
    reference, css = plan / "sjablonen" / "huisstijl.docx", plan / "sjablonen" / "huisstijl.css"
    assert reference.is_file() and css.is_file()
    capsys.readouterr()
    assert run_cli("huisstijl", str(plan)) == 1  # never overwrites unasked
    assert "--overschrijf" in capsys.readouterr().err

    document = docx.Document(str(reference))
    document.styles["Heading 1"].font.name = "Georgia"
    document.save(str(reference))
    css.write_text("h2 { color: #1b5e20; } /* </style><script>x</script> */\n", encoding="utf-8")
    assert run_cli("render", str(plan), "--formaat", "html,docx") == 0
    out = docx.Document(BytesIO((plan / "documenten" / "visiedocument.docx").read_bytes()))
    assert out.styles["Heading 1"].font.name == "Georgia"
    page = (plan / "documenten" / "visiedocument.html").read_text(encoding="utf-8")
    assert "h2 { color: #1b5e20; }" in page and "<script>" not in page.replace("<\\/style><script>", "")


def test_unusable_house_style_document_is_reported(tmp_path, capsys) -> None:
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Plan") == 0
    (plan / "sjablonen").mkdir(exist_ok=True)
    (plan / "sjablonen" / "huisstijl.docx").write_bytes(b"geen word-document")
    capsys.readouterr()
    assert run_cli("render", str(plan)) == 1
    err = capsys.readouterr().err
    assert "huisstijl.docx" in err and "geen bruikbaar Word-document" in err and "Traceback" not in err


def _rewrite_zip(path, change) -> None:
    """The Word file at ``path`` with ``change(name, data) -> data`` applied to each member (and
    members ``change`` adds under the name None: a dict)."""
    import zipfile

    members = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            members[info.filename] = change(info.filename, archive.read(info.filename))
    members.update(change(None, b"") or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_house_style_that_links_to_files_elsewhere_makes_documents_that_fetch_nothing(tmp_path, capsys) -> None:
    """A house style from someone else, with a picture linked from a web address, an attached
    template on a network share and a field that includes a file: none of it reaches the
    documents, so neither Word nor LibreOffice (render --paginanummers) fetches anything."""
    import zipfile

    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Plan") == 0
    assert run_cli("huisstijl", str(plan)) == 0
    reference = plan / "sjablonen" / "huisstijl.docx"
    rel = ('<Relationship Id="rIdBuiten{0}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/{1}" Target="{2}" TargetMode="External"/>')

    def hostile(name, data):
        if name is None:
            return {"word/_rels/settings.xml.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships">'
                + rel.format(3, "attachedTemplate", "file://server/share/sjabloon.dotm") + "</Relationships>").encode()}
        if name == "word/_rels/document.xml.rels":
            return data.replace(b"</Relationships>", (rel.format(1, "image", "http://127.0.0.1:9/logo.png")
                                                      + rel.format(2, "hyperlink", "https://example.org/")
                                                      + "</Relationships>").encode())
        if name == "word/settings.xml":
            return data.replace(b"</w:settings>", b'<w:attachedTemplate xmlns:r="http://schemas.openxmlformats.org/'
                                b'officeDocument/2006/relationships" r:id="rIdBuiten3"/></w:settings>')
        return data

    _rewrite_zip(reference, hostile)
    capsys.readouterr()
    assert run_cli("render", str(plan), "--formaat", "docx") == 0, capsys.readouterr().err
    made = sorted((plan / "documenten").glob("*.docx"))
    assert made
    for path in made:
        with zipfile.ZipFile(path) as archive:
            everything = b"".join(archive.read(name) for name in archive.namelist())
        assert b"logo.png" not in everything and b"sjabloon.dotm" not in everything, path.name
        assert b"attachedTemplate" not in everything, path.name


def test_a_house_style_that_unpacks_to_gigabytes_is_refused_before_it_is_unpacked(tmp_path, capsys) -> None:
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Plan") == 0
    assert run_cli("huisstijl", str(plan)) == 0
    reference = plan / "sjablonen" / "huisstijl.docx"
    _rewrite_zip(reference, lambda name, data: {"word/bom.xml": b" " * (101 * 1024 * 1024)} if name is None else data)
    assert reference.stat().st_size < 2 * 1024 * 1024
    capsys.readouterr()
    assert run_cli("render", str(plan), "--formaat", "docx") == 1
    err = capsys.readouterr().err
    assert "huisstijl.docx" in err and "pakt uit tot" in err and "Traceback" not in err


def test_git_diff_text_of_a_document_that_unpacks_to_gigabytes_is_refused(tmp_path, capsys) -> None:
    """``git diff`` hands the text conversion whatever a repository holds."""
    import zipfile

    from handreiking.cli.main import main

    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (101 * 1024 * 1024))
    assert main(["diff-text", str(bomb)]) == 1
    err = capsys.readouterr().err
    assert "pakt uit tot" in err and "Traceback" not in err
