"""What a person types is what the file holds, seen in a real terminal (pty + pyte).

Issue 19, points 2, 9 and 10, through the installed command: a Dutch amount
(``24.500``) is stored as 24500 and repeated as ``€ 24.500``; the ``?``
explanation pages at 80×24 with a mark that more follows; ``<`` goes back from a
pre-filled multi-line answer; an end date before its start is asked again with
both dates on screen.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from handreiking.wizard.screen import wrap
from handreiking.questionnaire.catalog import load_catalog
from keys import CTRL_C, ENTER, ESC_ENTER
from test_screen import HANDREIKING, PLAN, SIZE_PARAMS, SIZES, Terminal, fresh

pytest.importorskip("pexpect")
if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect.spawn needs a POSIX pty", allow_module_level=True)

CATALOG = load_catalog()
PAGE_DOWN = "\x1b[6~"
PAGE_UP = "\x1b[5~"
BACKSPACE = "\x7f"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    """One fresh plan, made once and copied by each test (``fresh``)."""
    base = tmp_path_factory.mktemp("invoer")
    done = subprocess.run([HANDREIKING, "init", "bron", "--titel", "Inclusieve opvang Testdorp", "--gemeente",
                           "Testdorp", "--regisseur", "Sam de Tester", "--startdatum", "2026-01-12"],
                          cwd=base, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return base / "bron"


def saved_and_asked_on(term: Terminal, echo: str) -> None:
    """The answer repeated (``echo``) and the next prompt drawn below it: the answer is saved
    (Ctrl-C before that would stop the wizard in the middle of saving it)."""
    term.wait(echo, pattern=rf"(?s){re.escape(echo)}.*\n[❯›]")


def answers(cwd: Path, filename: str) -> dict:
    return yaml.safe_load((cwd / PLAN / "antwoorden" / filename).read_text(encoding="utf-8")) or {}


def add_answers(cwd: Path, filename: str, text: str) -> None:
    path = cwd / PLAN / "antwoorden" / filename
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- Dutch numbers (point 2) ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["24.500", "24.500,00", "€ 24.500"])
def test_a_dutch_amount_is_stored_as_the_number_and_repeated_as_money(plans, tmp_path, typed):
    cwd = fresh(plans, tmp_path)
    question = CATALOG.get("planvorming").question("extra_kosten_per_jaar")
    assert question.unit == "euro"
    term = Terminal(cwd, SIZES[0], "wizard", PLAN, "--fase", "planvorming", "--vraag", question.id)
    term.wait(question.text)
    term.send(typed + ENTER)
    term.wait("✓ " + question.text)
    saved_and_asked_on(term, "→ € 24.500")
    term.send(CTRL_C)
    assert term.finish() == 130
    stored = answers(cwd, "4-planvorming.yaml")[question.id]
    assert stored == 24500 and isinstance(stored, int)


def test_an_amount_already_there_is_offered_the_dutch_way_and_reads_back_the_same(plans, tmp_path):
    cwd = fresh(plans, tmp_path)
    question = CATALOG.get("planvorming").question("extra_kosten_per_jaar")
    add_answers(cwd, "4-planvorming.yaml", f"{question.id}: 24500\n")
    term = Terminal(cwd, SIZES[0], "wizard", PLAN, "--fase", "planvorming", "--vraag", question.id)
    term.wait(question.text, "24.500")
    assert "24500" not in term.text
    term.send(ENTER)  # the offered text, unchanged
    saved_and_asked_on(term, "→ € 24.500")
    term.send(CTRL_C)
    assert term.finish() == 130
    assert answers(cwd, "4-planvorming.yaml")[question.id] == 24500


def test_a_count_with_a_point_between_thousands_and_a_decimal_comma(plans, tmp_path):
    cwd = fresh(plans, tmp_path)
    count = CATALOG.get("onderzoek").question("aantal_kinderen_0_12")
    term = Terminal(cwd, SIZES[0], "wizard", PLAN, "--fase", "onderzoek", "--vraag", count.id)
    term.wait(count.text)
    term.send("12.400" + ENTER)
    term.wait("✓ " + count.text)
    saved_and_asked_on(term, "→ 12.400")
    term.send(CTRL_C)
    assert term.finish() == 130
    assert answers(cwd, "3-onderzoek.yaml")[count.id] == 12400

    hours = CATALOG.get("vertrekpunt").question("regisseur_uren")
    term = Terminal(cwd, SIZES[0], "wizard", PLAN, "--fase", "vertrekpunt", "--vraag", hours.id)
    term.wait(hours.text)
    term.send("24,5" + ENTER)
    term.wait("✓ " + hours.text)
    saved_and_asked_on(term, "→ 24,5")
    term.send(CTRL_C)
    assert term.finish() == 130
    assert answers(cwd, "1-vertrekpunt.yaml")[hours.id] == 24.5


# --- the explanation at 80×24 and '<' from a pre-filled answer (point 9) --------------------


def _explanation_rows(screen: str) -> list[str]:
    rows = screen.splitlines()
    start = next(i for i, row in enumerate(rows) if row.startswith("Uitleg uit de handreiking"))
    end = next((i for i in range(start, len(rows)) if rows[i].startswith(("▼ meer", "▲ einde"))), None)
    return [row.strip() for row in rows[start + 1: end if end is not None else len(rows)]]


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_a_long_explanation_pages_with_a_mark_that_more_follows(plans, tmp_path, size):
    """Issue 19: at 80×24 the explanation of 'perspectief' was cut off mid-sentence ("…Beide
    perspectieven zijn waardevol en"), with no mark and no way to read on."""
    cwd = fresh(plans, tmp_path)
    question = CATALOG.get("visie").question("perspectief")
    term = Terminal(cwd, size, "wizard", PLAN, "--fase", "visie", "--vraag", question.id)
    term.wait(question.text)
    term.send("?")
    expected = [line.strip() for line in wrap(question.explanation, size[0] - 1)]
    # the whole first page: the title and below it either the mark that more follows or the
    # explanation's last line (a screen read halfway through drawing has neither)
    screen = term.wait(pattern=rf"(?ms)^Uitleg uit de handreiking:.*(▼ meer \(PgDn\)|{re.escape(expected[-1])})")
    seen = set(_explanation_rows(screen))
    pages = 0
    while "▼ meer (PgDn)" in screen:
        assert not set(expected) <= seen, "a mark that more follows, while everything is on screen"
        shown_from = re.search(r"vervolg, regel (\d+) ", screen)
        still = re.search(r"nog (\d+) regel", screen)
        term.send(PAGE_DOWN)
        pages += 1
        # wait for the whole next page: a first line other than before, and below it a mark
        # that is new too (a screen read halfway through redrawing still has the old one)
        screen = term.wait(pattern=rf"(?s)vervolg, regel (?!{shown_from.group(1) if shown_from else 0} )\d+ .*"
                                   rf"(▲ einde|nog (?!{still.group(1) if still else 0} )\d+ regel)")
        seen |= set(_explanation_rows(screen))
        assert pages < 10
    missing = [line for line in expected if line not in seen]
    assert not missing, f"never on screen: {missing}\n{screen}"
    if size == (80, 24):
        assert pages >= 1  # the case of the issue: it did not fit
        term.send(PAGE_UP * pages)
        term.wait("Uitleg uit de handreiking:", expected[0], "▼ meer (PgDn)")
    term.send(CTRL_C)
    assert term.finish() == 130


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_back_from_a_prefilled_multi_line_answer(plans, tmp_path, size):
    """'<' + Enter after an answer that is already there goes back; it used to type a '<'
    on a new line of a pre-filled multi-line answer."""
    cwd = fresh(plans, tmp_path)
    phase = CATALOG.get("vertrekpunt")
    question = phase.question("regisseur_bereikbaarheid")
    previous = phase.question("regisseur_belangen_afspraken")
    assert question.kind == previous.kind == "lange_tekst"
    add_answers(cwd, "1-vertrekpunt.yaml", "regisseur_onafhankelijk: nee\nregisseur_belangen_afspraken: Geen.\n"
                "regisseur_bereikbaarheid: |\n  Elke dinsdag.\n  Ook per mail.\n")
    term = Terminal(cwd, size, "wizard", PLAN, "--fase", "vertrekpunt", "--vraag", question.id)
    term.wait(question.text, "Ook per mail.")
    term.send("<" + ENTER)
    term.wait(previous.text, "› Geen.", pattern=r"vraag \d+ van")
    term.send(ESC_ENTER)  # the previous question left as it is: on to ours again
    term.wait(question.text, "Ook per mail.")
    term.send(ENTER + "<" + ENTER)  # after a new empty line too
    term.wait(previous.text, "› Geen.")  # its prompt again (its echo says "→ Geen.")
    term.send(CTRL_C)
    assert term.finish() == 130
    assert answers(cwd, "1-vertrekpunt.yaml")[question.id] == "Elke dinsdag.\nOok per mail.\n"


# --- dates in order at entry (point 10) ------------------------------------------------------


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_an_end_before_its_start_is_asked_again_with_both_dates(plans, tmp_path, size):
    cwd = fresh(plans, tmp_path)
    phase = CATALOG.get("uitvoering")
    start, end = phase.question("startdatum_uitvoering"), phase.question("einddatum_uitvoering")
    assert end.not_before == start.id
    term = Terminal(cwd, size, "wizard", PLAN, "--fase", "uitvoering", "--vraag", start.id)
    term.wait(start.text)
    term.send("1-9-2027" + ENTER)
    term.wait(end.text)
    term.send("1-7-2027" + ENTER)
    term.wait("(1-7-2027) ligt vóór de startdatum van de uitvoering (1-9-2027)", end.text)
    assert answers(cwd, "5-uitvoering.yaml").get(end.id) is None  # nothing saved yet
    term.send(BACKSPACE * len("1-7-2027") + "1-7-2028" + ENTER)
    term.wait("✓ " + end.text)
    saved_and_asked_on(term, "→ 1-7-2028")
    term.send(CTRL_C)
    assert term.finish() == 130
    saved = answers(cwd, "5-uitvoering.yaml")
    assert str(saved[start.id]) == "2027-09-01" and str(saved[end.id]) == "2028-07-01"


def test_a_start_moved_past_the_end_is_asked_again(plans, tmp_path):
    cwd = fresh(plans, tmp_path)
    phase = CATALOG.get("uitvoering")
    start = phase.question("startdatum_uitvoering")
    add_answers(cwd, "5-uitvoering.yaml", "startdatum_uitvoering: 2027-09-01\neinddatum_uitvoering: 2028-07-01\n")
    term = Terminal(cwd, SIZES[0], "wizard", PLAN, "--fase", "uitvoering", "--vraag", start.id)
    term.wait(start.text, "1-9-2027")
    term.send(BACKSPACE * len("1-9-2027") + "1-9-2028" + ENTER)
    term.wait("De einddatum van de uitvoeringsperiode (1-7-2028) ligt vóór de startdatum van de uitvoering "
              "(1-9-2028). Kies een datum op of vóór 1-7-2028")
    term.send(CTRL_C)
    assert term.finish() == 130
    assert str(answers(cwd, "5-uitvoering.yaml")[start.id]) == "2027-09-01"


def test_an_amount_in_a_budget_line_is_stored_as_the_number(plans, tmp_path):
    """The case of the issue: a budget amount typed as 24.500 in a list item."""
    cwd = fresh(plans, tmp_path)
    group = CATALOG.get("uitvoering").question("middelen")
    amount = group.field("bedrag")
    assert amount.unit == "euro" and group.fields[0].id == "post" and group.fields[1] is amount
    add_answers(cwd, "5-uitvoering.yaml", "middelen:\n  - post: Coördinatie\n")
    term = Terminal(cwd, SIZES[0], "wizard", PLAN, "--fase", "uitvoering", "--vraag", group.id)
    term.wait(group.text, "Wat wilt u doen?")
    term.send("\x1b[B" * 2 + ENTER)  # edit an item
    term.wait("Welke wilt u wijzigen?", "❯ Coördinatie")
    term.send(ENTER)
    term.wait(amount.text)
    term.send("\x1b[B" * 2 + ENTER)  # in the field menu, after "Klaar met deze …": the amount
    term.wait(amount.text, pattern=r"veld \d+ van")
    term.send("24.500" + ENTER)
    saved_and_asked_on(term, "→ € 24.500")
    term.send(CTRL_C)
    assert term.finish() == 130
    assert answers(cwd, "5-uitvoering.yaml")["middelen"] == [{"post": "Coördinatie", "bedrag": 24500}]
