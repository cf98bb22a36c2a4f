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
        if rules.pattern:  # a code every item has for itself ('uniek'): D1, D2, …
            return re.sub(r"\d+$", str(index), question.example) if question.unique else question.example
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


# The guide's help texts for an option ("Een omgeving waarin …. Kenmerken: …", "Voordeel: …")
# belong to the wizard; printed in a document they read as notes, not as the plan's sentences.
_HELP_NOTE = re.compile(r"(?:^|[.!?] )(Kenmerken|Voordelen?|Nadelen?|Uitdaging|Uitdagingen): ")
_RUN = 7  # words: a run this long said twice within a paragraph and the next is a repeat


def _repeated_run(text: str) -> str | None:
    words = re.findall(r"\w+", text.lower())
    first: dict[tuple[str, ...], int] = {}
    for i in range(len(words) - _RUN + 1):
        run = tuple(words[i:i + _RUN])
        if run in first and i - first[run] >= _RUN:
            return " ".join(run)
        first.setdefault(run, i)
    return None


def glued_lines(text: str) -> list[str]:
    """Two paragraphs a template glued together with a single line break (a block tag ate the
    blank line): a prose line directly followed by a bold lead-in or a new sentence."""
    body = text.split("\n\n", 1)[-1]  # the cover block breaks its lines on purpose
    lines = body.splitlines()
    found = []
    for line, following in zip(lines, lines[1:]):
        if not line.strip() or not following.strip() or line.endswith("  "):
            continue
        if line[0] in "#|->" or following[0] in "#|->" or re.match(r"\d+\. ", following):
            continue
        if following.startswith("**") or (line.rstrip().endswith((".", "?", "!", ":", "*"))
                                           and following[0].isupper()):
            found.append(f"{line[-60:]!r} // {following[:60]!r}")
    return found


_PLURAL_INTRO = re.compile(r"\b[Dd]eze (?!twee\b)\w+(en|s)\b[^:]*:\s*$")
_PLURAL_INLINE = re.compile(r"\b[Dd]eze \w+(en|s)\b [^:.]*: (?P<items>[^:]+)\.$")


def plural_over_one(text: str) -> list[str]:
    """'Deze waarden staan centraal:' over a list of one, or 'Deze oplossingsrichtingen werken
    de partners uit: de aanpak Alert4you.': the intro agrees with the number of items."""
    found = []
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    for index, block in enumerate(blocks):
        if _PLURAL_INTRO.search(block):
            items = []
            for following in blocks[index + 1:]:  # a loose list has a blank line between items
                if not following.startswith("- "):
                    break
                items += [line for line in following.splitlines() if line.startswith("- ")]
            if len(items) == 1:
                found.append(f"{block[-60:]!r} // {items[0][:40]!r}")
        match = _PLURAL_INLINE.search(block)
        if match and "\n" not in block and " en " not in match["items"] and ", " not in match["items"]:
            found.append(block[-100:])
    return found


def shape_problems(name: str, text: str) -> list[str]:
    problems = [f"{name}: alinea's aan elkaar geplakt: {glued}" for glued in glued_lines(text)]
    problems += [f"{name}: meervoud bij één: {one}" for one in plural_over_one(text)]
    prose = [p for p in paragraphs(text) if not p.startswith("*Figuur")]
    for paragraph, following in zip(prose, prose[1:] + [""]):
        run = _repeated_run(paragraph + " " + following)
        if run:
            problems.append(f"{name}: dezelfde woorden twee keer: {run!r} in {paragraph[:80]!r}")
        note = _HELP_NOTE.search(paragraph)
        if note:
            problems.append(f"{name}: uitleg uit de wizard als aantekening: {paragraph[note.start():][:80]!r}")
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
        if re.match(r"- (Je|Jij|Jouw|U|Uw) ", line):
            problems.append(f"{name}: spreekt de lezer aan: {line[:80]!r}")
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


@pytest.mark.parametrize("plan", ["gemeente-voorbeeld", "gemeente-klein", "regio-lage-venen"])
def test_example_documents_read_as_whole_sentences(plan) -> None:
    folder = Path(__file__).parent.parent / "examples" / plan / "documenten"
    problems = []
    for document in sorted(folder.glob("*.md")):
        problems += shape_problems(f"{plan}/{document.name}", document.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems[:40])


_TOOL_WORDS = re.compile(r"\bfase \d|\(fase|\bfase (Vertrekpunt|Visie|Onderzoek|Planvorming|Uitvoering|Evaluatie)\b"
                         r"|\bfases\b|bouwstenen uit de handreiking|\b(eerste|tweede|derde|vierde|vijfde|zesde) fase\b")


@pytest.mark.parametrize("plan", ["gemeente-voorbeeld", "gemeente-klein", "regio-lage-venen"])
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


_DATED = re.compile(r"\b(?:(\d{1,2})[ \u00a0])?(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober"
                    r"|november|december)[ \u00a0](\d{4})\b|\b(voorjaar|zomer|najaar|begin|eind|in) (?:van )?(\d{4})\b")
# What marks a sentence as told from later on: a past form (strong verbs, weak "-de/-te" forms,
# participles) or a span that reaches the present ("sinds", "vanaf", "tot", "gelden op").
_TOLD_AFTER = re.compile(
    r"\b(was|waren|werd|werden|had|hadden|deden|kwam|kwamen|ging|gingen|liep|liepen|stond|stonden|zag|zagen"
    r"|bleek|bleken|hield|hielden|kreeg|kregen|begon|begonnen|zat|zaten|sinds|vanaf|tot|gelden op|besproken"
    r"|bekeken|beoordeeld|bevestigd|ontvangen)\b|ge\w{2,}(d|t|n)\b|\b\w{2,}[^aeiou\W](de|te|den|ten)\b",
    re.IGNORECASE)


def _first_day(match: re.Match) -> dt.date:
    """The day a dated phrase is over: '28 mei 2026' that day, 'mei 2026' the end of May,
    'voorjaar 2026' the end of June, 'in 2026' or 'eind 2026' the end of the year."""
    if match.group(2):
        month = _MONTH_NUMBERS[match.group(2)]
        if match.group(1):
            return dt.date(int(match.group(3)), month, int(match.group(1)))
        return dt.date(int(match.group(3)) + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    year = int(match.group(5))
    return dt.date(year, 6, 30) if match.group(4) in ("voorjaar", "begin") else dt.date(year, 12, 31)


@pytest.mark.parametrize("plan", ["gemeente-voorbeeld", "gemeente-klein", "regio-lage-venen"])
def test_answers_dated_before_the_version_date_are_told_as_past(plan) -> None:
    """Typed answers date things too: "SKL legt de afspraken in augustus 2026 vast" or "De JGZ
    rondt eind 2026 de meting af" under a June 2027 version date reads as if nothing happened
    since. A sentence of a document that names a moment before the plan's versiedatum tells it
    in a past form, or as a span that reaches the present (sinds, vanaf, tot)."""
    folder = Path(__file__).parent.parent / "examples" / plan
    version = dt.date.fromisoformat(re.search(r"^versiedatum: (\S+)", (folder / "plan.yaml").read_text(
        encoding="utf-8"), re.MULTILINE).group(1))
    stale = []
    for document in sorted((folder / "documenten").glob("*.md")):
        for paragraph in paragraphs(document.read_text(encoding="utf-8")):
            if paragraph.startswith("*Figuur"):
                continue  # a figure's text alternative lists its dates without a verb
            for sentence in re.split(r"(?<=[.!?;:])\s+", paragraph.replace("\n", " ")):  # sentences and clauses
                dated = [_first_day(m) for m in _DATED.finditer(sentence)]
                if dated and min(dated) < version and not _TOLD_AFTER.search(sentence):
                    stale.append(f"{document.name}: {sentence[:140]}")
    assert not stale, "\n".join(stale)


def test_an_option_a_template_prints_as_a_sentence_has_one_for_every_choice() -> None:
    """Where a template prints a chosen option as a whole sentence (``| als_zin`` or
    ``.in_zin``), every option of that question has its sentence: otherwise one answer reads
    as a sentence and another as a bare label glued into the text."""
    templates = Path(__file__).parent.parent / "templates"
    used = set()
    for template in templates.glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"\b\w+\.(\w+) \| als_zin\b", text)) | set(re.findall(r"\b\w+\.(\w+)\.in_zin\b", text))
    assert {"combinatievorm", "combinatie_in_groep", "perspectief"} <= used
    missing = []
    for questionnaire in CATALOG:
        for question in questionnaire.questions:
            if question.id in used and question.kind in ("keuze", "meerkeuze"):
                missing += [f"{question.id}: {c.value}" for c in question.choices if not c.sentence]
    assert not missing, missing


def _render_small_example(folder: Path, **changes: Any) -> str:
    """The small example with some answers of the uitvoering changed; its Plan van aanpak."""
    import shutil

    shutil.copytree(Path(__file__).parent.parent / "examples" / "gemeente-klein", folder,
                    ignore=shutil.ignore_patterns("documenten"))
    phase = load_phase(CATALOG.get("uitvoering"), folder / "antwoorden")
    for key, value in changes.items():
        phase.set(key, value)
    phase.save()
    assert run_cli("render", str(folder), "--formaat", "md") == 0
    return (folder / "documenten" / "plan_van_aanpak.md").read_text(encoding="utf-8")


def test_delayed_milestones_and_big_risks_agree_in_number(tmp_path) -> None:
    """'Grootste risico's … Het kernteam bespreekt ze' over one risk, or 'Vertraagd: <label>'
    without a verb: the sentence follows how many there are."""
    phase = load_phase(CATALOG.get("uitvoering"), Path(__file__).parent.parent / "examples" / "gemeente-klein"
                       / "antwoorden")
    milestones = [dict(m) for m in phase.get("mijlpalen")]
    risks = [dict(r) for r in phase.get("risicos")]
    for m in milestones:
        m["status"] = "gepland"
    for r in risks:
        r["kans"] = r["impact"] = "midden"
    one_milestone = [dict(milestones[0], status="vertraagd")] + milestones[1:]
    one_risk = [dict(risks[0], kans="hoog", impact="hoog")] + risks[1:]
    text = _render_small_example(tmp_path / "een", mijlpalen=one_milestone, risicos=one_risk)
    assert f"**Vertraagd.** De mijlpaal ‘{milestones[0]['mijlpaal']}’ loopt achter op de planning." in text
    assert f"**Grootste risico.** {risks[0]['risico'].rstrip('.')}." in text
    assert "Dit risico heeft een grote kans én een grote impact" in text

    two_milestones = [dict(m, status="vertraagd") for m in milestones[:2]] + milestones[2:]
    two_risks = [dict(r, kans="hoog", impact="hoog") for r in risks[:2]] + risks[2:]
    text = _render_small_example(tmp_path / "twee", mijlpalen=two_milestones, risicos=two_risks)
    assert (f"**Vertraagd.** De mijlpalen ‘{milestones[0]['mijlpaal']}’ en ‘{milestones[1]['mijlpaal']}’ lopen "
            "achter op de planning.") in text
    assert (f"**Grootste risico's.** Deze risico's hebben een grote kans én een grote impact: ‘{risks[0]['risico']}’ "
            f"en ‘{risks[1]['risico']}’. Het kernteam bespreekt ze in elk overleg.") in text


def test_an_adopted_document_updated_later_says_how_current_it_is() -> None:
    """The Plan van aanpak was adopted on 2 July 2026 but tells the milestones, adjustments and
    budget as they stand on the version date: the cover says both, so a council member knows
    the text reaches beyond the adoption. A concept carries only its version."""
    folder = Path(__file__).parent.parent / "examples" / "gemeente-voorbeeld" / "documenten"
    cover = (folder / "plan_van_aanpak.md").read_text(encoding="utf-8").split("\n\n", 2)[1].splitlines()
    assert cover[2:4] == ["Vastgesteld door de stuurgroep op 2 juli 2026  ",
                          "Stand van zaken op 28 juni 2027: de vastgestelde tekst, met wat er sindsdien is "
                          "gebeurd en besloten  "]
    concept = (folder / "communicatieplan.md").read_text(encoding="utf-8").split("\n\n", 2)[1]
    assert "Concept, versie 28 juni 2027" in concept and "Stand van zaken" not in concept


def test_an_adopted_vision_read_later_describes_the_offer_as_it_was():
    """Lindewaard's vision was adopted on 25 June 2026 and is read on 28 June 2027: what was
    missing then (a training, a pilot) has started since, so the levels say 'wat er was en wat
    ontbrak bij de vaststelling'; a vision not adopted before its version date says 'is'."""
    examples = Path(__file__).parent.parent / "examples"
    adopted = (examples / "gemeente-voorbeeld" / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert "**Niveau 1: wat er was en wat ontbrak bij de vaststelling.**" in adopted
    assert "wat er is en wat ontbreekt" not in adopted
    small = (examples / "gemeente-klein" / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert "**Niveau 1: wat er is en wat ontbreekt.**" in small
