"""Every document template renders for a fully answered plan and for an empty one,
and every document holds the same sections and tables in all three formats."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from handreiking.plan.answers import load_phase
from handreiking.questionnaire.catalog import Question, load_catalog
from handreiking.plan.documents import load_documents
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
            # a code every item has for itself ('uniek'): D1, D2, …
            return re.sub(r"\d+$", str(index), question.example) if question.unique else question.example
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
    items = [{f.id: generated_value(f, n) for f in question.fields} for n in range(1, count + 1)]
    # a field the item itself switches off is left out: a fully answered plan does not contradict itself
    return [{k: v for k, v in item.items()
             if question.field(k).condition is None or question.field(k).condition.evaluate(item)}
            for item in items]


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


ADOPTING_BODY = "De stuurgroep en het college van B&W"


@pytest.fixture(scope="module")
def part_filled_plan(tmp_path_factory) -> Path:
    """A plan as a new user leaves it halfway: every other question answered, one party
    at the table, and the Visiedocument adopted by a body typed with a capital article."""
    plan = tmp_path_factory.mktemp("half") / "plan"
    assert run_cli("init", str(plan), "--titel", "Half plan", "--gemeente", "Gemeente Half",
                   "--regisseur", "R. Egisseur", "--startdatum", "2026-01-05") == 0
    for questionnaire in CATALOG:
        phase = load_phase(questionnaire, plan / "antwoorden")
        for number, question in enumerate(questionnaire.questions):
            if number % 2:
                phase.set(question.id, generated_value(question))
        if questionnaire.phase == "vertrekpunt":
            phase.set("stakeholders", generated_value(questionnaire.question("stakeholders"))[:1])
        if questionnaire.phase == "visie":
            phase.set("visiedocument_status", "vastgesteld")
            phase.set("visiedocument_vastgesteld_op", dt.date(2026, 6, 25))
            phase.set("visiedocument_vastgesteld_door", ADOPTING_BODY)
            phase.set("vastgesteld_door", ["college", "ondernemingsraden"])
        phase.save()
    assert run_cli("render", str(plan), "--formaat", "md,html") == 0
    return plan


@pytest.fixture(scope="module")
def example_plan(tmp_path_factory) -> Path:
    """The example plan rendered (Markdown and HTML, with the overview) by the current templates."""
    from visual_tools import EXAMPLE

    plan = tmp_path_factory.mktemp("voorbeeld") / "plan"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("documenten", ".handreiking.lock", "*.tmp"))
    assert run_cli("render", str(plan), "--formaat", "md,html") == 0
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


class _HtmlText(HTMLParser):
    """What a reader sees of an HTML page: its text and the alt texts of its pictures."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("style", "script")
        self.lines += [value for key, value in attrs if key in ("alt", "title", "aria-label") and value]

    def handle_endtag(self, tag):
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._hidden:
            self.lines += data.splitlines()


@pytest.mark.parametrize("spec", [d for d in DOCUMENTS if "md" in d.formats or "html" in d.formats],
                         ids=lambda d: d.id)
def test_documents_speak_as_the_plan(full_plan, empty_plan, part_filled_plan, example_plan, spec):
    """No *u*/*uw* in any Markdown or HTML document, the overview (index.html) included; in
    the Markdown also no yes/no form lines, no checker remarks or guide imperatives. In a
    fully answered, an empty and a half-filled plan and in the example: open questions are
    where the wizard's words (which speak to the user) could leak in."""
    for plan in (full_plan, empty_plan, part_filled_plan, example_plan):
        folder = plan / "documenten"
        if "md" in spec.formats:
            text = (folder / f"{spec.stem}.md").read_text(encoding="utf-8")
            for pattern in (_READER, _RAW_YES_NO, _CHECKER):
                found = [line for line in text.splitlines() if pattern.search(line)]
                assert not found, (folder, pattern.pattern, found[:3])
        if "html" in spec.formats:
            page = _HtmlText()
            page.feed((folder / f"{spec.stem}.html").read_text(encoding="utf-8"))
            found = [line for line in page.lines if _READER.search(line)]
            assert not found, (folder, f"{spec.stem}.html", found[:3])


def test_open_questions_are_named_by_their_topic(empty_plan, part_filled_plan) -> None:
    """A placeholder and the overview name what is missing ("de kernwaarden"), not the
    section it stands in, nor the wizard's question; every route row its own step."""
    empty = (empty_plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert "*Nog in te vullen: de kernwaarden*" in empty
    for term in ("korte", "middellange", "lange"):
        assert f"*Nog in te vullen: de stappen op {term} termijn*" in empty
    for plan in (empty_plan, part_filled_plan):
        for path in sorted((plan / "documenten").glob("*.md")):
            placeholders = re.findall(r"\*(?:Nog in te vullen|Niet van toepassing): ([^*]*)\*",
                                      path.read_text(encoding="utf-8"))
            assert not [p for p in placeholders if " in de fase " in p or p.endswith("?")], path
    overview = _HtmlText()
    overview.feed((empty_plan / "documenten" / "index.html").read_text(encoding="utf-8"))
    text = "\n".join(overview.lines)
    planvorming = CATALOG.get("planvorming")
    required = [q for q in planvorming.questions if q.required and not q.condition]
    assert f"Planvorming: {len(required)} verplichte vragen nog open, waaronder {required[0].topic}" in text
    assert "de kernwaarden · de uitgangspunten" in text and "Welke kernwaarden" not in text


def test_a_count_of_one_takes_the_singular(part_filled_plan) -> None:
    """"1 partij", never "1 partijen": in the text and in a figure's description."""
    docs = part_filled_plan / "documenten"
    analysis = (docs / "stakeholderanalyse.md").read_text(encoding="utf-8")
    assert "Bij het vertrekpunt is 1 partij in beeld." in analysis
    assert "Betrokkenheid van 1 partij per fase." in analysis
    plural_after_one = re.compile(r"(?<![\d.,])1 (partijen|mijlpalen|bronnen|posten|weken|gegevens|tips|vragen|"
                                  r"wijzigingen|verplichte vragen)\b")
    for path in sorted(docs.glob("*.*")):
        if path.suffix in (".md", ".html"):
            assert not plural_after_one.findall(path.read_text(encoding="utf-8")), path


def test_an_adopted_vision_says_so_once_in_the_past_tense(empty_plan, part_filled_plan) -> None:
    """Once the Visiedocument is adopted, its section Vaststelling agrees with the cover: who
    adopted it and when, in the past tense, with the planned bodies and their roles. The
    body typed with a capital article reads mid-sentence ("door de stuurgroep")."""
    text = (part_filled_plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    body = "de stuurgroep en het college van B&W"
    assert text.splitlines()[4] == f"Vastgesteld door {body} op 25 juni 2026  "
    section = text.split("### Vaststelling", 1)[1].split("\n#", 1)[0]
    assert f"De visie is op 25 juni 2026 vastgesteld door {body}." in section
    assert section.count("25 juni 2026") == 1 and "wordt vastgesteld" not in section
    assert "Zo waren de besturen en organen bij de visie betrokken" in section
    assert "| College van burgemeester en wethouders |" in section
    assert "Nog in te vullen" not in section and ADOPTING_BODY not in text
    overview = _HtmlText()
    overview.feed((part_filled_plan / "documenten" / "index.html").read_text(encoding="utf-8"))
    assert f"(vastgesteld door {body} op 25 juni 2026)" in "".join(overview.lines)
    # not adopted yet: the plan, in the present
    concept = (empty_plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    section = concept.split("### Vaststelling", 1)[1].split("\n#", 1)[0]
    assert "*Nog in te vullen: de besturen en organen die de visie vaststellen of erover adviseren*" in section
    assert "is op" not in section


def test_each_document_carries_its_own_status_and_date(tmp_path, capsys) -> None:
    """The status, date and adopting body come from the questions of the document's phase
    (``vaststelling`` in documenten.yaml); without an answer a document is a concept of the
    plan's version. The cover line and the overview's list of documents say the same."""
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Plan", "--startdatum", "2026-01-05") == 0
    answers = {"visie": {"visiedocument_status": "vastgesteld", "visiedocument_vastgesteld_op": dt.date(2026, 6, 25),
                         "visiedocument_vastgesteld_door": "de gemeenteraad"},
               "planvorming": {"plan_van_aanpak_status": "vastgesteld",
                               "plan_van_aanpak_vastgesteld_door": "de stuurgroep"},
               "uitvoering": {"communicatieplan_status": "concept",  # a date of an earlier adoption is not asked
                              "communicatieplan_vastgesteld_op": dt.date(2026, 3, 1)}}
    for phase, values in answers.items():
        answer_file = load_phase(CATALOG.get(phase), plan / "antwoorden")
        for key, value in values.items():
            answer_file.set(key, value)
        answer_file.save()
    assert run_cli("render", str(plan), "--formaat", "md,html") == 0
    docs = plan / "documenten"

    def cover(stem: str) -> str:
        return (docs / f"{stem}.md").read_text(encoding="utf-8").splitlines()[4]

    assert cover("visiedocument") == "Vastgesteld door de gemeenteraad op 25 juni 2026  "
    assert cover("plan_van_aanpak") == "Vastgesteld door de stuurgroep, versie 5 januari 2026  "  # no date yet
    assert cover("communicatieplan") == "Concept, versie 5 januari 2026  "
    assert cover("evaluatieplan") == "Concept, versie 5 januari 2026  "  # not answered: the default
    overview = (docs / "index.html").read_text(encoding="utf-8")
    assert "<strong>Visiedocument</strong> (vastgesteld door de gemeenteraad op 25 juni 2026)" in overview
    assert "<strong>Evaluatieplan (PDCA)</strong> (concept, versie 5 januari 2026)" in overview
    # a status the questionnaire does not know is an error in the answer file, with its line
    path = plan / "antwoorden" / CATALOG.get("visie").answer_filename
    path.write_text(path.read_text(encoding="utf-8").replace("status: vastgesteld", "status: klaar"), encoding="utf-8")
    capsys.readouterr()
    assert run_cli("render", str(plan), "--formaat", "md") == 1
    err = capsys.readouterr().err
    assert "2-visie.yaml" in err and "visiedocument_status" in err and "regel" in err
    # the old place in plan.yaml is refused with a pointer to the new one, never silently ignored
    with (plan / "plan.yaml").open("a", encoding="utf-8") as handle:
        handle.write("documenten:\n  visiedocument:\n    status: vastgesteld\n")
    assert run_cli("check", str(plan)) == 1
    err = capsys.readouterr().err
    assert "'documenten' hoort niet meer in plan.yaml" in err and "vaststelling" in err


def test_standing_of_each_document_in_the_example_comes_from_its_phase(example_plan) -> None:
    """The context's list of documents (cover line and overview) from the example's answers:
    the Visiedocument adopted in phase Visie, the others concepts of the plan's version, the
    overview (no ``vaststelling``) only the version."""
    from handreiking.cli.shared import load_state
    from handreiking.render.context import build_context, document_standing

    plan, catalog, answer_set, _ = load_state(example_plan)
    context = build_context(plan, answer_set, catalog)
    standing = {spec.id: document_standing(spec.adoption, context, catalog) for spec in DOCUMENTS}
    assert standing["visiedocument"] == {
        "status": "vastgesteld", "datum": dt.date(2026, 6, 25), "vastgesteld_door": "de partners en het college van B&W",
        "statusregel": "Vastgesteld door de partners en het college van B&W op 25 juni 2026"}
    assert standing["plan_van_aanpak"] == {"status": "vastgesteld", "datum": dt.date(2026, 7, 2),
                                           "vastgesteld_door": "de stuurgroep",
                                           "statusregel": "Vastgesteld door de stuurgroep op 2 juli 2026"}
    assert standing["communicatieplan"] == {"status": "concept", "datum": dt.date(2027, 6, 28), "vastgesteld_door": "",
                                            "statusregel": "Concept, versie 28 juni 2027"}
    assert standing["overzicht"]["statusregel"] == "Versie 28 juni 2027" and not standing["overzicht"]["status"]


@pytest.mark.parametrize("vaststelling, problem", [
    ("{status: visie.bestaat_niet, datum: visie.visiedocument_vastgesteld_op, door: visie.visiedocument_vastgesteld_door}",
     "een vraag die niet bestaat: 'visie.bestaat_niet'"),
    ("{status: visie.visiedocument_vastgesteld_door, datum: visie.visiedocument_vastgesteld_op, "
     "door: visie.visiedocument_vastgesteld_door}", "moet van het type keuze zijn"),
    ("{status: visie.perspectief, datum: visie.visiedocument_vastgesteld_op, door: visie.visiedocument_vastgesteld_door}",
     "heeft een 'standaard' nodig"),
    ("{status: evaluatie.evaluatieplan_status, datum: evaluatie.evaluatieplan_vastgesteld_op, "
     "door: evaluatie.evaluatieplan_vastgesteld_door}", "hoort ook bij 'fasen'"),
    ("{status: visie.visiedocument_status}", "status, datum en door"),
])
def test_a_broken_vaststelling_is_a_content_error(tmp_path, vaststelling, problem) -> None:
    from handreiking.core.errors import QuestionnaireError
    from handreiking.core.resources import data_dir

    text = (data_dir("templates") / "documenten.yaml").read_text(encoding="utf-8")
    start = text.index("    vaststelling:\n      status: visie.")
    end = text.index("\n  - id:", start)
    (tmp_path / "documenten.yaml").write_text(text[:start] + f"    vaststelling: {vaststelling}" + text[end:],
                                              encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=re.escape(problem)) as caught:
        load_documents(CATALOG, tmp_path)
    assert caught.value.question_id == "visiedocument"


def example_with_items(folder: Path, example: str, change: Any) -> Path:
    """A copy of ``examples/<example>`` in which every item ``n`` of every list is
    ``change(question, n, item)``."""
    plan = folder / "plan"
    shutil.copytree(Path(__file__).parent.parent / "examples" / example, plan, ignore=shutil.ignore_patterns("documenten"))
    for questionnaire in CATALOG:
        phase = load_phase(questionnaire, plan / "antwoorden")
        for question in questionnaire.questions:
            items = phase.get(question.id)
            if question.is_group and isinstance(items, list):
                phase.set(question.id, [change(question, n, item) for n, item in enumerate(items)])
        phase.save()
    return plan


def test_every_gap_a_document_prints_is_an_open_point_of_the_status(tmp_path) -> None:
    """A council member who reads *Nog in te vullen: …* in a document finds that point open in
    ``status`` and on the overview too: an open question, or a list whose items still have that
    field empty. Here every field of every item that may be left out is left out."""
    from handreiking.plan.answers import load_answers, phase_progress

    plan = example_with_items(tmp_path, "gemeente-klein", lambda question, n, item: {
        key: value for key, value in item.items() if (field := question.field(key)) is None or field.required})
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    answer_set, _ = load_answers(CATALOG, plan / "antwoorden")
    progress = [phase_progress(answer_set, questionnaire) for questionnaire in CATALOG]
    open_points = ({q.subject for p in progress for q in p.open}
                   | {f.subject for p in progress for gap in p.gaps for f in gap.fields})
    assert any(p.gaps for p in progress) and not any(p.is_finished for p in progress)
    for path in sorted((plan / "documenten").glob("*.md")):
        gaps = set(re.findall(r"\*Nog in te vullen: ([^*]*)\*", path.read_text(encoding="utf-8")))
        assert gaps <= open_points, (path.name, sorted(gaps - open_points))


@pytest.mark.parametrize("shift", [0, 1, 2])
def test_every_document_renders_with_any_one_field_of_an_item_left_empty(tmp_path, shift) -> None:
    """An item may miss any field (its name too: 'leeg = nog geen antwoord'): in each list,
    item n misses field n + shift, so every field goes missing somewhere, next to the others.
    Render must make every document (a party without a name but with an organisation once
    stopped the Stakeholderanalyse)."""
    plan = example_with_items(tmp_path, "gemeente-voorbeeld", lambda question, n, item: {
        k: v for k, v in item.items() if k != question.fields[(n + shift) % len(question.fields)].id})
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    assert len(list((plan / "documenten").glob("*.md"))) == len([d for d in DOCUMENTS if "md" in d.formats])
