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
