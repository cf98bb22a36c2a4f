"""Answers are text: Markdown structure typed in an answer (a heading by underline, a code
block by indentation, a formula, a table, a list, HTML) stays text in every document; the
outline of the documents (their headings, in Markdown, HTML and Word) does not change."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from handreiking.git.textconv import docx_text, html_text
from helpers import EXAMPLE, HtmlOutline, copy_example, markdown_headings, run_cli

# (answer file, question, hostile text): each a way Markdown could turn text into structure
HOSTILE = [
    ("2-visie.yaml", "perspectief_toelichting",
     "Eerste regel\n===\nTweede regel\n---\nDerde regel\n\n    ingesprongen als code\n\n\tmet een tab\n"
     "# geen kop\n## ook geen kop\n> geen citaat\n- geen lijst\n+ ook geen lijst\n1. geen nummer\n"),
    ("1-vertrekpunt.yaml", "knelpunten",
     "| kolom a | kolom b |\n|---|---|\n| 1 | 2 |\n<h1>geen html</h1>\n```\ngeen fence\n```\n~~~\nook niet\n~~~\n"
     "***\n- - -\n___\nKop {#anker}\n[^1]: geen voetnoot\n*[HTML]: geen afkorting"),
    ("1-vertrekpunt.yaml", "stakeholders_ontbrekend",
     "Formule $\\undefinedcmd$ en $x^2$ en \\(a\\) en $$b$$\n\nTekst\n=\n\n        diep ingesprongen"),
]
STAKEHOLDER = "$\\undefinedcmd$ Stichting"  # its name appears in the stakeholder picture as well


def _hostile_plan(tmp_path: Path) -> Path:
    plan = copy_example(tmp_path / "plan")
    for filename, key, text in HOSTILE:
        path = plan / "antwoorden" / filename
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert key in data
        data[key] = text
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = plan / "antwoorden" / "1-vertrekpunt.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["stakeholders"][0]["naam"] = STAKEHOLDER
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return plan


def _outline(folder: Path, stem: str) -> tuple[list[str], list[str], list[str]]:
    md = markdown_headings((folder / f"{stem}.md").read_text(encoding="utf-8"))
    parser = HtmlOutline()
    parser.feed((folder / f"{stem}.html").read_text(encoding="utf-8"))
    docx = [line for line in docx_text((folder / f"{stem}.docx").read_bytes()).splitlines() if line.startswith("#")]
    return md, parser.headings, docx


def _names(headings: list[str]) -> list[str]:
    """Headings without the names that changed on purpose (the stakeholder's)."""
    return [h.replace(STAKEHOLDER, "X").replace("Kinderopvang Het Speelkwartier", "X")
            .replace("\\", "").replace("$undefinedcmd$ Stichting", "X") for h in headings]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan = _hostile_plan(tmp_path_factory.mktemp("antwoorden-tekst"))
    assert run_cli("render", str(plan), "--formaat", "md,html,docx") == 0
    return plan / "documenten"


@pytest.mark.parametrize("stem", ["visiedocument", "stakeholderanalyse", "plan_van_aanpak"])
def test_outline_is_unchanged_by_hostile_answers(rendered, stem):
    expected = _outline(EXAMPLE / "documenten", stem)
    actual = _outline(rendered, stem)
    for kind, before, after in zip(("md", "html", "docx"), expected, actual):
        assert _names(after) == _names(before), kind


def test_hostile_answers_are_visible_as_text(rendered):
    html = "".join(html_text((rendered / f"{stem}.html").read_text(encoding="utf-8"))
                   for stem in ("visiedocument", "stakeholderanalyse"))
    words = " ".join(html.split())
    for _, _, text in HOSTILE:
        for line in text.splitlines():
            if line.strip():
                assert " ".join(line.split()) in words, line
    for stem in ("visiedocument", "stakeholderanalyse", "plan_van_aanpak"):
        before = (EXAMPLE / "documenten" / f"{stem}.html").read_text(encoding="utf-8")
        after = (rendered / f"{stem}.html").read_text(encoding="utf-8")
        for tag in ("pre", "code", "blockquote", "hr", "table", "tr", "ul", "ol", "li", "h1", "h2", "h3", "h4"):
            pattern = re.compile(rf"<{tag}\b")
            assert len(pattern.findall(after)) == len(pattern.findall(before)), (stem, tag)


def test_a_formula_in_a_stakeholder_name_is_drawn_as_text(rendered):
    page = (rendered / "stakeholderanalyse.html").read_text(encoding="utf-8")
    assert "$\\undefinedcmd$ Stichting" in page  # in the picture's text, as typed
