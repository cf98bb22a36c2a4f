"""The one watch loop (watching.py), seen through the commands that use it.

``render --watch`` and ``serve`` (the live view the wizard's answers show up
in) wait for saves the same way: one module, one pause. The tests wait for
states a person would see (a line on the terminal, a document's content), never
for a fixed time.
"""
from __future__ import annotations

import ast
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import handreiking
from handreiking.cli.watching import is_relevant
from helpers import EXAMPLE, copy_example, default_signals

HANDREIKING = str(Path(sys.executable).parent / "handreiking")


def test_only_the_watch_module_watches():
    """A second loop with its own pause is how the two watchers drifted apart before."""
    users = []
    for path in sorted(Path(handreiking.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "watchfiles" for name in names):
                users.append(path.name)
    assert users == ["watching.py"]


def test_what_counts_as_a_save(tmp_path):
    documents = tmp_path / "documenten"
    assert is_relevant(documents, tmp_path / "antwoorden" / "2-visie.yaml")
    assert is_relevant(documents, tmp_path / "plan.yaml")
    assert is_relevant(documents, tmp_path / "sjablonen" / "visiedocument.md.j2")
    assert not is_relevant(documents, documents / "visiedocument.md")  # our own output: no loop
    assert not is_relevant(documents, documents / "bijlage.yaml")
    assert not is_relevant(documents, tmp_path / "antwoorden" / ".2-visie.yaml.abc.tmp")  # an atomic save underway
    assert not is_relevant(documents, tmp_path / ".handreiking.lock")
    assert not is_relevant(documents, tmp_path / "notities.txt")


class Terminal:
    """A command's combined output, read until a line a person would wait for appears."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen([HANDREIKING, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        bufsize=0, env={**os.environ, "CI": "1"}, preexec_fn=default_signals)
        self.seen, self.offset = "", 0

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen[self.offset:]:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.process.stdout], [], [], remaining)[0]:
                raise AssertionError(f"'{text}' niet gezien; wel:\n{self.seen[self.offset:]}")
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                raise AssertionError(f"proces stopte; uitvoer:\n{self.seen[self.offset:]}")
            self.seen += chunk.decode("utf-8", "replace")
        start, self.offset = self.offset, self.seen.index(text, self.offset) + len(text)
        return self.seen[start:self.offset]

    def wait_for_all(self, *texts: str, timeout: float = 60) -> None:
        """Each of ``texts``, in whatever order they come."""
        start = self.offset
        for text in texts:
            if text not in self.seen[start:]:
                self.wait_for(text, timeout)
        self.offset = len(self.seen)

    def interrupt(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            rest, _ = self.process.communicate(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        return self.seen + rest.decode("utf-8", "replace")


def _until(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow  # the live view and the wizard as two processes (CI runs it)
def test_serve_renders_again_after_the_wizard_saves(tmp_path):
    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLE, plan)  # with its documents: the first render changes nothing, and says so
    answers = tmp_path / "antwoorden.yaml"
    answers.write_text("visie:\n  horizonjaar: 2036\n", encoding="utf-8")
    document = plan / "documenten" / "visiedocument.md"
    terminal = Terminal("serve", str(plan), "--poort", "0", "--geen-browser")
    try:
        terminal.wait_for("Live weergave: http://127.0.0.1:")
        # The watcher runs, and the first render is done (in either order): what follows is the watcher's.
        terminal.wait_for_all("opnieuw gemaakt zodra een antwoord wordt opgeslagen", "waren al bijgewerkt")
        assert "2034" in document.read_text(encoding="utf-8")
        batch = subprocess.run([HANDREIKING, "wizard", str(plan), "--antwoorden", str(answers)],
                               capture_output=True, text=True, timeout=120)
        assert batch.returncode == 0, batch.stderr
        assert _until(lambda: document.is_file() and "2036" in document.read_text(encoding="utf-8")), \
            terminal.seen
    finally:
        out = terminal.interrupt()
    assert terminal.process.returncode == 130 and "Live weergave gestopt" in out and "Traceback" not in out


@pytest.mark.slow  # a watching process stopped with a signal (CI runs it)
def test_render_watch_says_it_waits_only_once_it_does(tmp_path):
    """The 'waiting' line comes from the same loop: a save right after it is seen."""
    plan = copy_example(tmp_path / "plan")
    terminal = Terminal("render", "--watch", "--formaat", "md", str(plan))
    try:
        terminal.wait_for("Wacht op wijzigingen")
        start = plan / "antwoorden" / "1-vertrekpunt.yaml"
        start.write_text(start.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        out = terminal.wait_for("Gewijzigd: 1-vertrekpunt.yaml")
        assert "Traceback" not in out
        terminal.wait_for("waren al bijgewerkt")  # a blank line changes no document
    finally:
        out = terminal.interrupt()
    assert terminal.process.returncode == 130 and "Gestopt met kijken." in out  # stopped with Ctrl-C, as serve
