"""Small helpers shared by the tests (fixtures live in conftest.py)."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "gemeente-voorbeeld"


def copy_example(target: Path) -> Path:
    """A private copy of the example plan (without rendered documents)."""
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("documenten"))
    return target


def examples(count: int) -> int:
    """How many examples a property test tries: ``count`` in the long round (CI sets
    HYPOTHESIS_PROFILE=lang), a quarter of it (at least 10) in the quick default run."""
    import os

    return count if os.environ.get("HYPOTHESIS_PROFILE") == "lang" else max(10, count // 4)


def run_cli(*args: str) -> int:
    from handreiking.cli.main import main

    return main(list(args))


def plan_with_answers(folder: Path, answers: str, *details: str) -> Path:
    """A new plan in ``folder`` (``init`` with ``details``), filled with ``answers``, the text of
    a file for ``wizard --antwoorden``: a plan as a test needs it, made as a user would make it."""
    plan = folder / "plan"
    assert run_cli("init", str(plan), "--titel", "T", "--startdatum", "2026-01-05", *details) == 0
    source = folder / "invoer.yaml"
    source.write_text(answers, encoding="utf-8")
    assert run_cli("wizard", str(plan), "--antwoorden", str(source)) == 0
    return plan


def markdown_headings(text: str) -> list[str]:
    """The headings of a Markdown text, without markup."""
    return [re.sub(r"^#+\s*", "", line).replace("\\", "").replace("*", "").strip()
            for line in text.splitlines() if re.match(r"#{1,6} ", line)]


class HtmlOutline(HTMLParser):
    """Headings (in order), the page language, and counts of th and script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.lang: str | None = None
        self.th = 0
        self.scripts = 0
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self._in_heading = True
            self.headings.append("")
        elif tag == "th":
            self.th += 1
        elif tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self._in_heading = False

    def handle_data(self, data):
        if self._in_heading:
            self.headings[-1] += data


def default_signals() -> None:
    """``preexec_fn`` for a spawned command: the signals a person sends back at their defaults.

    A test run started in the background by a non-interactive shell (as a CI script
    may be) inherits SIGINT and SIGQUIT ignored, and Python keeps an ignored SIGINT
    ignored, so the command under test would never see the Ctrl-C the test types."""
    import signal

    for number in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)


def prompt_reads(fd: int) -> bool:
    """Whether the program behind pty ``fd`` (the master side) reads keys one by one: a prompt
    puts the terminal in raw mode (no line editing, no echo) while it runs. A key typed before
    that is echoed and handled by the terminal itself, so a screen test waits for this."""
    import termios

    return not termios.tcgetattr(fd)[3] & (termios.ICANON | termios.ECHO)


def installed_command() -> str:
    """The installed ``handreiking`` console script, as a person runs it."""
    import sys

    beside_python = Path(sys.executable).with_name("handreiking")
    found = str(beside_python) if beside_python.exists() else shutil.which("handreiking")
    assert found, "the handreiking command is not installed (pip install -e .)"
    return found
