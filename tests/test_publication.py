"""Documents a council can be sent: no contact details outside the internal contact list,
every partner with a signature field, bodies in the role the answers give them, and a
communication plan that reaches everyone the other documents report to, through the
channels the partners chose."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from handreiking.questionnaire.catalog import load_catalog
from handreiking.core.yamlio import load_yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = [REPO / "examples" / "gemeente-voorbeeld", REPO / "examples" / "gemeente-klein"]
E_MAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\d,.])(\+31|0)[\s-]?\d{1,3}[\s-]?\d{3}[\s-]?\d{3,4}(?![\d,.])")
INTERNAL = "contactlijst-intern"


def document_text(path: Path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as docx:
            return "\n".join(docx.read(name).decode("utf-8") for name in docx.namelist()
                             if name.startswith("word/") and name.endswith(".xml"))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_no_contact_details_outside_the_internal_list(example) -> None:
    found = []
    for path in sorted((example / "documenten").iterdir()):
        if path.stem == INTERNAL or path.suffix not in (".md", ".html", ".docx", ".pdf"):
            continue
        text = document_text(path) if path.suffix != ".pdf" else ""
        found += [f"{path.name}: {m.group(0)}" for m in E_MAIL.finditer(text)]
        found += [f"{path.name}: {m.group(0)}" for m in PHONE.finditer(re.sub(r"<[^>]+>", " ", text))]
    assert not found, found
    internal = (example / "documenten" / f"{INTERNAL}.md").read_text(encoding="utf-8")
    assert "Intern document: niet publiceren." in internal
    assert E_MAIL.search(internal), "de contactlijst noemt de e-mailadressen"


def _answers(example: Path, phase_file: str) -> dict:
    return load_yaml(example / "antwoorden" / phase_file)[0]


def test_every_partner_signs_and_the_council_is_only_informed() -> None:
    example = EXAMPLES[0]
    text = (example / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    signing = text.split("### Ondertekening", 1)[1].split("\n### ", 1)[0]
    assert "| Naam | Functie | Organisatie | Datum | Handtekening |" in signing
    organisations = {str(s.get("organisatie") or s["naam"]) for s in _answers(example, "1-vertrekpunt.yaml")["stakeholders"]}
    rows = [line for line in signing.splitlines() if line.startswith("| ") and "---" not in line][1:]
    for organisation in organisations:
        assert any(organisation.lower() in row.lower() or row.split("|")[3].strip().lower() in organisation.lower()
                   for row in rows if row.split("|")[3].strip()), organisation
    unsigned = [row for row in rows if not row.split("|")[1].strip()]
    assert ("lege regel klaar" in signing) == bool(unsigned), "the text says what the table shows"
    roles = text.split("### Vaststelling", 1)[1].split("\n### ", 1)[0]
    assert "| Gemeenteraad | Geïnformeerd |" in roles
    assert "| College van burgemeester en wethouders | Vastgesteld |" in roles
    assert "| Ondernemingsraden (or) en onderdeelcommissies (oc) | Advies gegeven |" in roles


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_communication_plan_reaches_whom_the_plan_reports_to(example) -> None:
    text = (example / "documenten" / "communicatieplan.md").read_text(encoding="utf-8")
    table = [line for line in text.split("## Wie informeren", 1)[1].split("\n## ", 1)[0].splitlines()
             if line.startswith("| ")]
    audiences = " ".join(row.split("|")[1].strip().lower() for row in table)
    catalog = load_catalog()
    reported = catalog.get("evaluatie").question("rapportage_aan")
    general = {"ouders": "ouders en kinderen", "professionals": "professionals"}
    for value in _answers(example, "6-evaluatie.yaml").get("rapportage_aan") or []:
        label = reported.choice(value).label.lower() if reported.choice(value) else str(value).lower()
        assert label in audiences or general.get(value, "-") in audiences, label
    for goal in _answers(example, "5-uitvoering.yaml").get("doelen") or []:
        assert str(goal["eigenaar"]).lower() in audiences or str(goal["eigenaar"]).lower() in text.lower()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_channels_are_only_those_chosen(example) -> None:
    """The guide's example channels are offered in the wizard, never preset: a proposed row
    carries no channel, and each row of the document shows only what its answer chose."""
    question = load_catalog().get("uitvoering").question("communicatie")
    assert all("middel" not in row for row in question.default)
    text = (example / "documenten" / "communicatieplan.md").read_text(encoding="utf-8")
    channel = question.field("middel")
    rows = _answers(example, "5-uitvoering.yaml")["communicatie"]
    for row in rows:
        chosen = {channel.choice(v).label.lower() for v in row.get("middel") or [] if isinstance(v, str)}
        boodschap = " ".join(str(row["boodschap"]).split())[:40]
        line = next(line for line in text.splitlines() if boodschap in line)
        cell = line.split("|")[3].lower()
        for c in channel.choices:
            if c.label.lower() in cell:
                assert c.label.lower() in chosen, (row["doelgroep"], c.label)


def test_the_overview_opens_with_the_plan_at_a_glance() -> None:
    """index.html: right under the title the state of every phase, the milestones, the goals,
    the budget gap and the count of open advice (one projector screen, looked at in
    Chromium at 1280x720); below, each piece of advice is one line that opens to its text."""
    from html.parser import HTMLParser

    page = (EXAMPLES[0] / "documenten" / "index.html").read_text(encoding="utf-8")
    main = page.split("<main>", 1)[1]
    first_h2 = re.search(r"<h2[^>]*>(.*?)</h2>", main).group(1)
    assert first_h2 == "In één oogopslag"
    glance = main.split("</h2>", 1)[1].split("<h2", 1)[0]
    assert glance.count("<tr>") == 7 and "Inhoud" not in main.split("<h2", 1)[0]
    text = re.sub(r"<[^>]+>", "", glance)
    for start in ("Mijlpalen:", "Doelen:", "Begroting:", "Advies:"):
        assert start in text, start
    assert "ontbreekt € 60.000" in text.replace("\u00a0", " ") and "D4 loopt achter" in text

    class Items(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.summaries: list[str] = []
            self.inside = False

        def handle_starttag(self, tag, attrs):
            if tag == "summary":
                self.inside = True
                self.summaries.append("")

        def handle_endtag(self, tag):
            if tag == "summary":
                self.inside = False

        def handle_data(self, data):
            if self.inside:
                self.summaries[-1] += data

    items = Items()
    items.feed(main.split("Advies</h2>", 1)[1])
    assert items.summaries and all(s.endswith(".") and ". " not in s.rstrip(".") for s in items.summaries)
    assert f"0 let op en {len(items.summaries)} tips open" in text


def test_page_numbers_need_libreoffice_and_say_so(tmp_path, monkeypatch, capsys) -> None:
    """``render --paginanummers`` without LibreOffice: a Dutch message and exit code 1; the
    Word files stay as rendered (contents without page numbers, never empty fields)."""
    import shutil

    from handreiking.render import docx_pages
    from helpers import run_cli

    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLES[1], plan, ignore=shutil.ignore_patterns(".handreiking.lock"))
    monkeypatch.setattr(docx_pages, "layout_tool", lambda: None)
    before = (plan / "documenten" / "plan_van_aanpak.docx").read_bytes()
    assert run_cli("render", str(plan), "--paginanummers") == 1
    assert "LibreOffice" in capsys.readouterr().err
    after = (plan / "documenten" / "plan_van_aanpak.docx").read_bytes()
    assert after == before
    with zipfile.ZipFile(plan / "documenten" / "plan_van_aanpak.docx") as docx:
        assert b"updateFields" not in docx.read("word/settings.xml")
        assert b"PAGEREF" not in docx.read("word/document.xml")


def test_word_files_with_page_numbers_stay_up_to_date_until_an_answer_changes(tmp_path, monkeypatch, capsys) -> None:
    """``render --paginanummers`` changes the Word files after they were made; they are still
    the documents of these answers: ``render --check`` and ``status`` call them up to date, and
    ``render`` keeps them (it would otherwise write them again without the page numbers)."""
    import shutil

    from handreiking.render import docx_pages
    from helpers import run_cli

    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLES[1], plan, ignore=shutil.ignore_patterns(".handreiking.lock", "documenten"))
    assert run_cli("render", str(plan)) == 0

    def numbered(path: Path, _program: object) -> bool:  # stands in for LibreOffice's layout pass
        from handreiking.core.files import atomic_write

        atomic_write(path, path.read_bytes() + b"\0")  # any change to the file will do
        return True

    monkeypatch.setattr(docx_pages, "layout_tool", lambda: "soffice")
    monkeypatch.setattr(docx_pages, "number_contents", numbered)
    assert run_cli("render", str(plan), "--paginanummers") == 0
    numbered_file = (plan / "documenten" / "plan_van_aanpak.docx").read_bytes()
    capsys.readouterr()
    assert run_cli("render", str(plan), "--check") == 0
    assert run_cli("status", str(plan)) == 0 and "alle 22 bestanden zijn bijgewerkt" in capsys.readouterr().out
    assert run_cli("render", str(plan)) == 0
    assert (plan / "documenten" / "plan_van_aanpak.docx").read_bytes() == numbered_file
