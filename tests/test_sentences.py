"""Whole sentences: every document, rendered with answers drawn from every option of every
choice, reads as Dutch sentences. A paragraph ends with a full stop (or ?, !, :), a bold
lead-in is not repeated as its own body, a value after "label:" does not start with a
capitalised article ("Casusregie: Het wijkteam"), and no sentence ends in ';' or ','.
Short typed answers are given without a full stop, as people type them; long texts are
written as sentences."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from handreiking.plan.answers import load_phase
from handreiking.questionnaire.catalog import Question, load_catalog
from helpers import run_cli

CATALOG = load_catalog()
ROUNDS = max(len(q.choices) for qn in CATALOG for q in qn.questions if q.kind in ("keuze", "meerkeuze"))


def answer(question: Question, round_: int, index: int = 1) -> Any:
    """A valid answer for ``question``: in round ``n`` the n-th option (wrapping), typed text
    without a closing full stop."""
    rules = question.rules
    kind = question.kind
    if kind in ("tekst", "lange_tekst"):
        if rules.pattern:
            return question.example
        text = f"Antwoord {index} op {question.id.replace('_', ' ')}"
        return text + "." if kind == "lange_tekst" else text  # a short answer is typed without one
    if kind == "keuze":
        if not question.choices:
            return f"Keuze {index}"
        return question.choices[round_ % len(question.choices)].value
    if kind == "meerkeuze":
        count = max(rules.min_items or 1, 1)
        choices = question.choices
        values: list[Any] = [choices[(round_ + n) % len(choices)].value for n in range(min(count, len(choices)))]
        values = list(dict.fromkeys(values))
        while len(values) < count:
            values.append({"anders": f"Eigen keuze {len(values)}"} if question.allow_other else f"K{len(values)}")
        return values
    if kind == "janee":
        return round_ % 2 == 0
    if kind == "getal":
        if rules.min is not None and round_ % 2:
            return rules.min
        return rules.max if rules.max is not None else (rules.min or 0) + 1 + round_
    if kind == "datum":
        return dt.date(2026, 6, min(index, 28))
    count = max(rules.min_items or 0, 1 + round_ % 2)
    if rules.max_items is not None:
        count = min(count, rules.max_items)
    items = [{f.id: answer(f, round_ + n, n + 1) for f in question.fields} for n in range(count)]
    # A field that does not apply to its item (an end year of a structural budget line) stays out.
    return [{f.id: item[f.id] for f in question.fields if f.is_active(item)} for item in items]


def plan_for_round(folder: Path, round_: int) -> Path:
    assert run_cli("init", str(folder), "--titel", "Zinnen", "--gemeente", "Gemeente Zin",
                   "--regisseur", "R. Egisseur", "--startdatum", "2026-01-05") == 0
    for questionnaire in CATALOG:
        phase = load_phase(questionnaire, folder / "antwoorden")
        for question in questionnaire.questions:
            phase.set(question.id, answer(question, round_))
        phase.save()
    assert run_cli("render", str(folder), "--formaat", "md") == 0
    return folder


_BOLD_LEAD = re.compile(r"^\*\*(?P<lead>[^*]+?)[.:]?\*\*:? (?P<body>.+)$")
_LABEL_ARTICLE = re.compile(r"\*\*[^*]+:\*\* (De|Het|Een) [a-z]")
_END = (".", "?", "!", ":", "…", ".)", ".*", ".**", "?*", "!*", ".\u201d", '."', "?)", "*")


def paragraphs(text: str) -> list[str]:
    """Prose paragraphs of a Markdown document: no headings, tables, lists, cover, captions."""
    body = text.split("\n\n", 2)[-1]  # after the cover block
    found = []
    for block in body.split("\n\n"):
        block = block.strip()
        if not block or block[0] in "#|-<>!" or block[:2] in ("1.", "**") and block.endswith("**"):
            continue
        if block.startswith("*") and block.endswith("*") and not block.startswith("**"):
            continue  # a placeholder or a caption in italics
        if re.match(r"^\d+\. ", block):
            continue
        found.append(block)
    return found


def shape_problems(name: str, text: str) -> list[str]:
    problems = []
    for paragraph in paragraphs(text):
        line = paragraph.replace("\n", " ")
        if not line.endswith(_END):
            problems.append(f"{name}: alinea zonder slotteken: {line[-90:]!r}")
        match = _BOLD_LEAD.match(line)
        if match:
            lead = match["lead"].strip().lower()
            first = re.split(r"(?<=[.!?]) ", match["body"])[0].lower()
            words = {w for w in re.findall(r"\w{3,}", lead)}
            shared = words & set(re.findall(r"\w{3,}", first))
            same_start = first.split()[:1] == lead.split()[:1]
            if first.startswith(lead) or (same_start and len(words) >= 2 and len(shared) * 3 >= len(words) * 2):
                problems.append(f"{name}: kop herhaald als tekst: {line[:90]!r}")
        if re.search(r"[;,]\s*$|[;,] *\.", line) or re.search(r"[;,]\s+\*\*", line):
            problems.append(f"{name}: zin eindigt op ; of ,: {line[:120]!r}")
    for line in text.splitlines():
        if _LABEL_ARTICLE.search(line):
            problems.append(f"{name}: hoofdletter na dubbele punt: {line[:120]!r}")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_every_option_gives_whole_sentences(tmp_path, round_) -> None:
    plan = plan_for_round(tmp_path / "plan", round_)
    problems = []
    for document in sorted((plan / "documenten").glob("*.md")):
        problems += shape_problems(document.name, document.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("plan", ["gemeente-voorbeeld", "gemeente-klein"])
def test_example_documents_read_as_whole_sentences(plan) -> None:
    folder = Path(__file__).parent.parent / "examples" / plan / "documenten"
    problems = []
    for document in sorted(folder.glob("*.md")):
        problems += shape_problems(f"{plan}/{document.name}", document.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems[:40])


_TOOL_WORDS = re.compile(r"\bfase \d|\(fase|\bfase (Vertrekpunt|Visie|Onderzoek|Planvorming|Uitvoering|Evaluatie)\b"
                         r"|\bfases\b|bouwstenen uit de handreiking|\b(eerste|tweede|derde|vierde|vijfde|zesde) fase\b")


@pytest.mark.parametrize("plan", ["gemeente-voorbeeld", "gemeente-klein"])
def test_documents_name_no_tool_words(plan) -> None:
    """Phases by their name where a reader needs them, never by number; one spelling (fasen)."""
    folder = Path(__file__).parent.parent / "examples" / plan / "documenten"
    found = [f"{document.name}: {match.group(0)!r}"
             for document in sorted(folder.glob("*.md"))
             for match in _TOOL_WORDS.finditer(document.read_text(encoding="utf-8"))]
    assert not found, found


def test_an_earlier_answer_a_later_one_settled_is_not_printed(tmp_path) -> None:
    """'Het is nog niet duidelijk wie de casusregie heeft' from the vertrekpunt gives way to the
    questionnaire's 'achterhaald' text once the planvorming names the casusregie; dates are
    told in the tense the plan's version date gives them."""
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Tijd", "--gemeente", "Gemeente Tijd",
                   "--regisseur", "R. Egisseur", "--startdatum", "2026-01-05") == 0
    start = load_phase(CATALOG.get("vertrekpunt"), plan / "antwoorden")
    start.set("voorwaarde_organisatie", "niet_op_orde")
    start.set("nodig_organisatie", "Het is nog niet duidelijk wie de casusregie heeft.")
    start.save()
    evaluation = load_phase(CATALOG.get("evaluatie"), plan / "antwoorden")
    evaluation.set("volgende_cyclus_start", dt.date(2026, 3, 1))
    evaluation.save()
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    text = (plan / "documenten" / "stakeholderanalyse.md").read_text(encoding="utf-8")
    assert "nog niet duidelijk wie de casusregie" in text
    assert "- **Organisatie** (niet op orde)" in text
    assert "De volgende ronde start op 1 maart 2026." in (plan / "documenten" / "evaluatieplan.md").read_text(
        encoding="utf-8")

    later = load_phase(CATALOG.get("planvorming"), plan / "antwoorden")
    later.set("casusregie", "wijkteam")
    later.set("samenwerkingsafspraken_vastgelegd", True)
    later.save()
    yaml_text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(yaml_text.replace("versiedatum: 2026-01-05", "versiedatum: 2026-06-28"),
                                    encoding="utf-8")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    text = (plan / "documenten" / "stakeholderanalyse.md").read_text(encoding="utf-8")
    assert "nog niet duidelijk wie de casusregie" not in text
    assert "De rollen zijn inmiddels vastgelegd" in text
    assert "- **Organisatie** (niet op orde)" not in text  # settled: no longer a point of attention
    assert "De volgende ronde startte op 1 maart 2026." in (plan / "documenten" / "evaluatieplan.md").read_text(
        encoding="utf-8")


_MONTH_NUMBERS = {name: number for number, name in enumerate(
    ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
     "november", "december"), start=1)}
_COMING = re.compile(r"\b(start|begint|is er|klaar|voor het eerst) op (\d{1,2})[ \u00a0](\w+)[ \u00a0](\d{4})")
_PAST = re.compile(r"\b(startte|liep van|was|klaar sinds|de eerste keer was) op (\d{1,2})[ \u00a0](\w+)[ \u00a0](\d{4})")


@pytest.mark.parametrize("plan", ["gemeente-voorbeeld", "gemeente-klein"])
def test_dated_statements_take_the_tense_of_the_version_date(plan) -> None:
    """'De volgende ronde start op 1 maart 2026' under a June 2027 version date is wrong:
    what the templates date is told as past before the plan's versiedatum, as coming after it."""
    folder = Path(__file__).parent.parent / "examples" / plan
    version = dt.date.fromisoformat(re.search(r"^versiedatum: (\S+)", (folder / "plan.yaml").read_text(
        encoding="utf-8"), re.MULTILINE).group(1))
    wrong = []
    for document in sorted((folder / "documenten").glob("*.md")):
        text = document.read_text(encoding="utf-8")
        for pattern, ok in ((_COMING, lambda day: day >= version), (_PAST, lambda day: day <= version)):
            for match in pattern.finditer(text):
                if match.group(3) in _MONTH_NUMBERS:
                    day = dt.date(int(match.group(4)), _MONTH_NUMBERS[match.group(3)], int(match.group(2)))
                    if not ok(day):
                        wrong.append(f"{document.name}: {match.group(0)}")
    assert not wrong, wrong
