"""Every document template renders for a fully answered plan and for an empty one,
and every document holds the same sections and tables in all three formats."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from handreiking.answers import load_phase
from handreiking.questionnaire import Question, load_catalog
from handreiking.documents import load_documents
from helpers import HtmlOutline, markdown_headings, run_cli

CATALOG = load_catalog()
DOCUMENTS = load_documents(CATALOG)


def generated_value(question: Question, index: int = 1) -> Any:
    """A valid answer for ``question``, derived from its definition only."""
    rules = question.rules
    kind = question.kind
    if kind in ("tekst", "lange_tekst"):
        if rules.pattern:
            assert question.example, f"{question.id}: een patroon heeft een voorbeeld nodig"
            return question.example
        text = f"Antwoord {index} op {question.id}"
        return text + ("\n\nTweede alinea met *sterretjes* en | streep." if kind == "lange_tekst" else "")
    if kind == "keuze":
        return question.choices[0].value if question.choices else f"Keuze {index}"
    if kind == "meerkeuze":
        count = max(rules.min_items or 1, min(2, len(question.choices) or 1))
        values: list[Any] = [c.value for c in question.choices[:count]]
        while len(values) < count:
            values.append({"anders": f"Eigen keuze {len(values)}"} if question.allow_other else f"K{len(values)}")
        return values
    if kind == "janee":
        return True
    if kind == "getal":
        return rules.min if rules.min is not None else (rules.max if rules.max is not None else 12)
    if kind == "datum":
        return dt.date(2026, 6, min(index, 28))
    count = max(rules.min_items or 0, 2)
    if rules.max_items is not None:
        count = min(count, rules.max_items)
    return [{f.id: generated_value(f, n) for f in question.fields} for n in range(1, count + 1)]


def fully_answered_plan(folder: Path) -> Path:
    assert run_cli("init", str(folder), "--titel", "Volledig plan", "--gemeente", "Gemeente Test",
                   "--regisseur", "R. Egisseur", "--startdatum", "2026-01-05") == 0
    for questionnaire in CATALOG:
        phase = load_phase(questionnaire, folder / "antwoorden")
        for question in questionnaire.questions:
            phase.set(question.id, generated_value(question))
        phase.save()
    return folder


def markdown_table_rows(text: str) -> list[int]:
    """Rows (header included) of each pipe table, in order."""
    counts: list[int] = []
    current = 0
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current += 1
        elif current:
            counts.append(current - 1)  # minus the | --- | separator line
            current = 0
    return counts


@pytest.fixture(scope="module")
def full_plan(tmp_path_factory) -> Path:
    plan = fully_answered_plan(tmp_path_factory.mktemp("vol") / "plan")
    assert run_cli("check", str(plan)) == 0
    assert run_cli("render", str(plan)) == 0
    return plan


@pytest.fixture(scope="module")
def empty_plan(tmp_path_factory) -> Path:
    plan = tmp_path_factory.mktemp("leeg") / "plan"
    assert run_cli("init", str(plan), "--titel", "Leeg plan", "--startdatum", "2026-01-05") == 0
    assert run_cli("render", str(plan)) == 0
    return plan


@pytest.fixture(scope="module")
def example_plan(tmp_path_factory) -> Path:
    """The example plan rendered (Markdown only) by the current templates."""
    from visual_tools import EXAMPLE

    plan = tmp_path_factory.mktemp("voorbeeld") / "plan"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("documenten", ".handreiking.lock", "*.tmp"))
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    return plan


@pytest.mark.parametrize("spec", DOCUMENTS, ids=[d.id for d in DOCUMENTS])
def test_every_document_renders_for_a_full_and_an_empty_plan(full_plan, empty_plan, spec):
    for plan in (full_plan, empty_plan):
        for fmt in (f for f in spec.formats if f != "pdf"):  # PDF only on request
            path = plan / "documenten" / f"{spec.stem}.{fmt}"
            assert path.is_file() and path.stat().st_size > 200, path
    if "md" in spec.formats:
        empty = (empty_plan / "documenten" / f"{spec.stem}.md").read_text(encoding="utf-8")
        assert "Nog in te vullen" in empty
        full = (full_plan / "documenten" / f"{spec.stem}.md").read_text(encoding="utf-8")
        assert "Antwoord 1 op" in full or "Keuze" in full or spec.id == "overzicht"


@pytest.mark.parametrize("spec", [d for d in DOCUMENTS if "md" in d.formats], ids=lambda d: d.id)
@pytest.mark.parametrize("which", ["full", "empty"])
def test_sections_and_tables_agree_across_formats(full_plan, empty_plan, spec, which):
    import docx

    plan = full_plan if which == "full" else empty_plan
    md = (plan / "documenten" / f"{spec.stem}.md").read_text(encoding="utf-8")
    headings = markdown_headings(md)
    assert headings and headings[0]

    parser = HtmlOutline()
    parser.feed((plan / "documenten" / f"{spec.stem}.html").read_text(encoding="utf-8"))
    assert [h.strip() for h in parser.headings] == headings

    document = docx.Document(io.BytesIO((plan / "documenten" / f"{spec.stem}.docx").read_bytes()))
    assert [p.text.strip() for p in document.paragraphs
            if p.style.name.startswith(("Heading", "Title"))] == headings
    assert [len(t.rows) for t in document.tables] == markdown_table_rows(md)


_READER = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
_RAW_YES_NO = re.compile(r"(:\*\*|:) (ja|nee)\.?$", re.MULTILINE)
_CHECKER = re.compile(r"\b(Let op|Aandachtspunt|Overweeg|Bespreek|Ga na|Zorg ervoor|Formuleer)\b")


@pytest.mark.parametrize("spec", [d for d in DOCUMENTS if "md" in d.formats and d.id != "overzicht"],
                         ids=lambda d: d.id)
def test_documents_speak_as_the_plan(full_plan, empty_plan, example_plan, spec):
    """No *u*/*uw*, no yes/no form lines, no checker remarks or guide imperatives, in a
    fully answered and in an empty plan and in the example."""
    for folder in (full_plan / "documenten", empty_plan / "documenten", example_plan / "documenten"):
        text = (folder / f"{spec.stem}.md").read_text(encoding="utf-8")
        for pattern in (_READER, _RAW_YES_NO, _CHECKER):
            found = [line for line in text.splitlines() if pattern.search(line)]
            assert not found, (folder, pattern.pattern, found[:3])


def test_each_document_carries_its_own_status_and_date(tmp_path, capsys) -> None:
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Plan", "--startdatum", "2026-01-05") == 0
    with (plan / "plan.yaml").open("a", encoding="utf-8") as handle:
        handle.write("documenten:\n  visiedocument:\n    status: vastgesteld\n    datum: 2026-06-25\n"
                     "    door: de gemeenteraad\n")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    docs = plan / "documenten"
    assert "Vastgesteld door de gemeenteraad op 25 juni 2026" in (docs / "visiedocument.md").read_text(encoding="utf-8")
    assert "Concept, versie 5 januari 2026" in (docs / "plan_van_aanpak.md").read_text(encoding="utf-8")
    text = (plan / "plan.yaml").read_text(encoding="utf-8").replace("status: vastgesteld", "status: klaar")
    (plan / "plan.yaml").write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert run_cli("render", str(plan), "--formaat", "md") == 1
    assert "'concept' of 'vastgesteld'" in capsys.readouterr().err
