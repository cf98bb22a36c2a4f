"""What a workshop sees: the installed command in a pseudo-terminal, read through pyte.

The pipe-input tests (test_prompts, test_wizard) check the logic; these check
the screen a person sees, at 80×24, 100×30 and 140×40: for every question
kind the position line, the question, the short help and the answer being
typed are on screen, text wraps at word boundaries (a phrase of the help is
found with its words intact), no English widget text, ``?`` and ``<`` work in
every kind of prompt, and a stop inside a group item resumes at the first
unanswered field. One session per size walks all question kinds, so the
sizes share the work of starting the command.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from handreiking.questionnaire.catalog import load_catalog
from helpers import EXAMPLE, default_signals, installed_command, prompt_reads
from keys import CTRL_C, DOWN, ENTER, ESC_ENTER, SPACE

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect.spawn needs a POSIX pty", allow_module_level=True)

SIZES = [(80, 24), (100, 30), (140, 40)]
SIZE_IDS = [f"{c}x{r}" for c, r in SIZES]
# The quick run tries the smallest screen, where text is cut first; CI tries all three.
SIZE_PARAMS = [pytest.param(size, id=name, marks=() if size == SIZES[0] else pytest.mark.slow)
               for size, name in zip(SIZES, SIZE_IDS)]
PLAN = "plan"
ENGLISH = ("Description", "done (", "selections", "Use arrow", "(Use ", "Press ", "Answer:", "Window too small",
           "select", "Yes", "No ", "WARNING")
VERTREKPUNT = load_catalog().get("vertrekpunt")


HANDREIKING = installed_command()


def words(text: str) -> str:
    return " ".join(text.split())


class Terminal:
    """The command in a pty of a fixed size; its output drawn on a pyte screen."""

    def __init__(self, cwd: Path, size: tuple[int, int], *args: str, asks_cursor: bool = False) -> None:
        """``asks_cursor``: prompt_toolkit asks the terminal where the cursor is, and pyte does not
        answer (as some consoles); by default it is told not to ask."""
        columns, rows = size
        env = dict(os.environ, TERM="xterm", LANG="C.UTF-8",
                   PYTHONIOENCODING="utf-8", COLUMNS=str(columns), LINES=str(rows))
        if asks_cursor:
            env.pop("PROMPT_TOOLKIT_NO_CPR", None)
        else:
            env["PROMPT_TOOLKIT_NO_CPR"] = "1"
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(HANDREIKING, list(args), cwd=str(cwd), env=env, dimensions=(rows, columns),
                                   encoding="utf-8", timeout=15, preexec_fn=default_signals)
        self.child.delaybeforesend = None  # ``send`` waits for a prompt that reads the keys instead

    def _pump(self, wait: float) -> bool:
        try:
            self.stream.feed(self.child.read_nonblocking(65536, timeout=wait))
            return True
        except pexpect.TIMEOUT:
            return False
        except pexpect.EOF:
            return False

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait(self, *wanted: str, pattern: str | None = None, timeout: float = 15) -> str:
        """Until every ``wanted`` phrase (words joined across wrapped lines) is on screen."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.text
            flat = words(shown)
            if all(words(w) in flat for w in wanted) and (pattern is None or re.search(pattern, shown)):
                self._check_dutch(shown)
                return shown
            if time.monotonic() > deadline or not self.child.isalive() and not self._pump(0.05):
                raise AssertionError(f"not on screen: {wanted} {pattern or ''}\n--- screen ---\n{shown}")
            self._pump(0.05)

    @staticmethod
    def _check_dutch(shown: str) -> None:
        english = [w for w in ENGLISH if w in shown]
        assert not english, f"English widget text {english} on screen:\n{shown}"

    def send(self, keys: str, timeout: float = 15) -> None:
        """Type ``keys`` once a prompt reads them. A prompt puts the terminal in raw mode while
        it runs; a key typed before that (after text printed ahead of the prompt) is echoed and
        handled by the terminal itself: pexpect's pause before each send only made that race rare."""
        deadline = time.monotonic() + timeout
        while self.child.isalive() and not prompt_reads(self.child.child_fd):
            if time.monotonic() > deadline:
                raise AssertionError(f"no prompt reads the keys {keys!r}\n--- screen ---\n{self.text}")
            self._pump(0.01)
        self.child.send(keys)

    def finish(self, timeout: float = 15) -> int:
        """Read the rest of the output; the exit code once the command has ended."""
        deadline = time.monotonic() + timeout
        while (self._pump(0.2) or self.child.isalive()) and time.monotonic() < deadline:
            pass
        assert not self.child.isalive(), f"the command did not end\n{self.text}"
        self.child.close()
        return self.child.exitstatus


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    """A folder with one fresh plan per size (made once, copied by the tests); without
    ``--regisseur``, which would answer the first question of phase 1."""
    base = tmp_path_factory.mktemp("schermen")
    done = subprocess.run([HANDREIKING, "init", "bron", "--titel", "Inclusieve opvang Testdorp", "--gemeente",
                           "Testdorp", "--startdatum", "2026-01-12"],
                          cwd=base, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return base / "bron"


def fresh(plans: Path, tmp_path: Path) -> Path:
    shutil.copytree(plans, tmp_path / PLAN)
    return tmp_path


def saved(cwd: Path) -> dict:
    return yaml.safe_load((cwd / PLAN / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8")) or {}


# The first questions of phase 1 hold every kind but datum (asked on its own below):
# id, kind, keys that give the answer, text that must be on screen before submitting,
# and the keys that re-submit the saved answer after "<" came back to it.
LONG = "De regisseur werkt bij een kinderopvangorganisatie. Besluiten over geld neemt de stuurgroep, niet de regisseur."
WALK = [
    ("regisseur_naam", "Sam de Tester", ["› Sam de Tester"], ENTER),
    ("regisseur_organisatie", "Gemeente Testdorp", ["Gemeente Testdorp"], ENTER),
    ("regisseur_rol", DOWN, ["❯ Externe partij"], ENTER),
    ("regisseur_onafhankelijk", DOWN, ["❯ Nee"], ENTER),
    ("regisseur_belangen_afspraken", LONG + ENTER + "Tweede regel.", [LONG, "Tweede regel."], ESC_ENTER),
    ("regisseur_bereikbaarheid", "Elke dinsdag.", ["Elke dinsdag."], ESC_ENTER),
    ("regisseur_uren", "12,5", ["12,5"], ENTER),
    ("regisseur_taken", SPACE + DOWN + SPACE, ["[x] " + VERTREKPUNT.question("regisseur_taken").choices[0].label,
                                              "[x] " + VERTREKPUNT.question("regisseur_taken").choices[1].label],
     ENTER),
]
SUBMIT = {"tekst": ENTER, "getal": ENTER, "datum": ENTER, "keuze": ENTER, "janee": ENTER, "meerkeuze": ENTER,
          "lange_tekst": ESC_ENTER}
TEXT_KINDS = ("tekst", "getal", "datum", "lange_tekst")


def check_question(term: Terminal, number: int, question_id: str) -> str:
    """The position line, the question and its whole short help are on screen."""
    question = VERTREKPUNT.question(question_id)
    return term.wait(question.text, question.help, pattern=rf"Fase 1 · Vertrekpunt · vraag {number} van \d+")


def explanation_and_back(term: Terminal, number: int, question_id: str, previous: tuple | None) -> None:
    """``?`` opens the explanation; ``<`` goes to the previous question (whose saved answer is kept)."""
    kind = VERTREKPUNT.question(question_id).kind
    term.send("?" + (ENTER if kind in TEXT_KINDS else ""))
    term.wait("Uitleg uit de handreiking:")
    if previous is None:
        return
    term.send("<" + (ENTER if kind in TEXT_KINDS else ""))
    check_question(term, number - 1, previous[0])
    term.send(previous[3])
    check_question(term, number, question_id)


@pytest.mark.slow  # prompt_toolkit waits two seconds for the cursor report before it gives up
def test_a_terminal_that_does_not_report_the_cursor_gets_a_dutch_note(plans, tmp_path):
    """pyte, like some consoles, does not answer where the cursor is: the note about that is
    Dutch (``Terminal.wait`` refuses English on screen), and the wizard works on."""
    cwd = fresh(plans, tmp_path)
    term = Terminal(cwd, (80, 24), "wizard", PLAN, "--fase", "vertrekpunt", asks_cursor=True)
    term.wait("Let op: deze terminal meldt niet waar de cursor staat")
    check_question(term, 1, "regisseur_naam")
    term.send("Sam de Tester" + ENTER)
    check_question(term, 2, "regisseur_organisatie")
    term.send(CTRL_C)
    assert term.finish() == 130
    assert saved(cwd)["regisseur_naam"] == "Sam de Tester"


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_every_question_kind_on_screen(plans, tmp_path, size):
    cwd = fresh(plans, tmp_path)
    term = Terminal(cwd, size, "wizard", PLAN, "--fase", "vertrekpunt")
    term.wait("Fase 1 · Vertrekpunt")
    for number, (question_id, keys, shown, _) in enumerate(WALK, start=1):
        check_question(term, number, question_id)
        explanation_and_back(term, number, question_id, WALK[number - 2] if number > 1 else None)
        term.send(keys)
        screen = term.wait(*shown)
        kind = VERTREKPUNT.question(question_id).kind
        if kind == "meerkeuze":  # help and back are keys, not checkboxes
            assert "Uitleg uit de handreiking lezen" not in screen and "Vorige vraag" not in screen
            assert "< = vorige vraag" in screen
        term.send(SUBMIT[kind])
    check_question(term, len(WALK) + 1, "opdrachtgever")
    term.send(CTRL_C)
    term.wait("Gestopt", "Ga later verder met: handreiking wizard plan --fase vertrekpunt")
    assert term.finish() == 130

    answers = saved(cwd)
    assert answers["regisseur_naam"] == "Sam de Tester"
    assert answers["regisseur_rol"] == "extern_ingehuurd"
    assert answers["regisseur_onafhankelijk"] is False
    assert answers["regisseur_belangen_afspraken"] == LONG + "\nTweede regel.\n"
    assert answers["regisseur_uren"] == 12.5
    assert len(answers["regisseur_taken"]) == 2


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_date_question_and_a_long_list_keep_the_position_line(plans, tmp_path, size):
    cwd = fresh(plans, tmp_path)
    term = Terminal(cwd, size, "wizard", PLAN, "--vraag", "datum_eerste_bijeenkomst")
    question = VERTREKPUNT.question("datum_eerste_bijeenkomst")
    term.wait(question.text, question.help, "dag-maand-jaar", pattern=r"vraag \d+ van")
    term.send("?" + ENTER)
    term.wait("Uitleg uit de handreiking:")
    term.send("31-2-2026" + ENTER)
    term.wait("De datum 31-2-2026 bestaat niet", "31-2-2026")
    term.send("\x7f" * 9 + "<" + ENTER)  # back: the checkbox list before it
    term.wait(VERTREKPUNT.question("inventarisatie_methode").text)
    term.send(ENTER)
    term.wait(question.text)
    term.send("1-3-2026")
    number = re.search(r"vraag (\d+) van", term.wait("1-3-2026")).group(1)
    term.send(ENTER)
    term.wait(pattern=rf"vraag (?!{number} )\d+ van")  # the next question: the date is saved
    term.send(CTRL_C)
    assert term.finish() == 130
    assert str(saved(cwd)["datum_eerste_bijeenkomst"]) == "2026-03-01"


def _seen_until_stakeholders(cwd: Path) -> None:
    """Every question before the stakeholders seen (left open), as after a walk."""
    before = []
    for question in VERTREKPUNT.questions:
        if question.id == "stakeholders":
            break
        if question.condition is None:
            before.append(question.id)
    path = cwd / PLAN / "antwoorden" / "1-vertrekpunt.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"{qid}:\n" for qid in before), encoding="utf-8")


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_stop_inside_a_group_item_and_resume_at_its_first_open_field(plans, tmp_path, size):
    cwd = fresh(plans, tmp_path)
    _seen_until_stakeholders(cwd)
    group = VERTREKPUNT.question("stakeholders")
    term = Terminal(cwd, size, "wizard", PLAN, "--fase", "vertrekpunt")
    term.wait(group.text, "Wat wilt u doen?", "(nog geen)")
    term.send(ENTER)  # toevoegen
    term.wait("Stakeholder 1 · veld 1 van")
    term.send("De Bolster" + ENTER)
    term.wait("Stakeholder 1 · veld 2 van")
    term.send("Stichting De Bolster" + ENTER)
    sector = group.field("sector")
    # 26 sectors: the list scrolls inside the prompt, the position line stays on screen
    term.wait(sector.text, sector.help, "❯ " + sector.choices[0].label, pattern=r"Stakeholder 1 · veld 3 van 12")
    term.send(DOWN * 20)
    term.wait("❯ " + sector.choices[20].label, pattern=r"Fase 1 · Vertrekpunt · vraag \d+ van \d+")
    term.send(CTRL_C)
    term.wait("Gestopt")
    assert term.finish() == 130
    assert saved(cwd)["stakeholders"] == [{"naam": "De Bolster", "organisatie": "Stichting De Bolster"}]

    term = Terminal(cwd, size, "wizard", PLAN, "--fase", "vertrekpunt")
    term.wait("Verder met stakeholder 1 ('De Bolster')", sector.text, sector.help,
              pattern=r"Stakeholder 1 · veld 3 van 12")
    term.send(ENTER + ENTER)  # the first sector; the role left open
    term.wait("Stakeholder 1 · veld 5 van")
    term.send(CTRL_C)
    assert term.finish() == 130
    item = saved(cwd)["stakeholders"][0]
    assert item["sector"] == sector.choices[0].value and item["rol"] is None


def test_unknown_question_id_is_said_before_any_intro(plans, tmp_path):
    cwd = fresh(plans, tmp_path)
    term = Terminal(cwd, SIZES[0], "wizard", PLAN, "--fase", "visie", "--vraag", "bestaat_niet")
    screen = term.wait("geen vraag 'bestaat_niet'")
    assert term.finish() == 2  # a usage error
    assert "Fase 2" not in screen and "Traceback" not in screen


def test_a_hand_edit_made_while_the_wizard_runs_survives_its_next_save(plans, tmp_path):
    """The group edits 1-vertrekpunt.yaml in an editor beside the projected wizard: the
    wizard's next answer is written into the edited file, and nothing typed by hand is lost."""
    cwd = fresh(plans, tmp_path)
    answers = cwd / PLAN / "antwoorden" / "1-vertrekpunt.yaml"
    term = Terminal(cwd, SIZES[0], "wizard", PLAN, "--fase", "vertrekpunt")
    check_question(term, 1, "regisseur_naam")
    term.send("Sam de Tester" + ENTER)
    check_question(term, 2, "regisseur_organisatie")
    edited = answers.read_text(encoding="utf-8") + "# aantekening uit de werksessie\nregisseur_uren: 16\n"
    answers.write_text(edited, encoding="utf-8")  # by hand, while the wizard waits for an answer
    term.send("Gemeente Testdorp" + ENTER)
    check_question(term, 3, "regisseur_rol")
    term.send(CTRL_C)
    assert term.finish() == 130
    text = answers.read_text(encoding="utf-8")
    assert "# aantekening uit de werksessie" in text
    assert saved(cwd) == {"regisseur_naam": "Sam de Tester", "regisseur_organisatie": "Gemeente Testdorp",
                          "regisseur_uren": 16}


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_check_wraps_its_advice_between_words_at_the_screen_width(tmp_path, size):
    """The terminal broke a long advice line anywhere ("Dat ge|ld hangt af"); on a projected
    screen `check` now wraps between words, each part under its own indent, so no line fills
    the whole width and goes on at the left edge."""
    shutil.copytree(EXAMPLE, tmp_path / PLAN, ignore=shutil.ignore_patterns("documenten"))
    term = Terminal(tmp_path, size, "check", PLAN)
    screen = term.wait("Afwegen: handreiking accept")
    assert term.finish() == 0
    lines = screen.splitlines()
    assert all(len(line) < size[0] for line in lines), screen
    assert "Bron: Handreiking, Planvorming › Huisvesting" in words(screen)
    bron = next(i for i, line in enumerate(lines) if "Bron: Handreiking, Planvorming › Huisvesting" in line)
    assert lines[bron].startswith("      Bron:") and lines[bron + 1].startswith("        "), screen


def test_status_wraps_between_words_and_keeps_its_columns(tmp_path):
    """At 80 columns the standing of the Visiedocument goes on under its own column, not at
    the left edge in the middle of a word."""
    shutil.copytree(EXAMPLE, tmp_path / PLAN, ignore=shutil.ignore_patterns("documenten"))
    term = Terminal(tmp_path, SIZES[0], "status", PLAN)
    screen = term.wait("Evaluatieplan (PDCA)")
    assert term.finish() == 0
    lines = screen.splitlines()
    assert all(len(line) < SIZES[0][0] for line in lines), screen
    first = next(i for i, line in enumerate(lines) if line.startswith("  Visiedocument "))
    column = lines[first].index("Vastgesteld")
    assert lines[first + 1].startswith(" " * column + "B&W"), screen
