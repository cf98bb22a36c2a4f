"""No process outlives its command: kill ``render`` (or ``render --watch``) however it is
killed, at several known moments, and nothing it started is left running.

The command runs in a session of its own, so every process it starts, even one whose
parent is gone (then adopted by process 1), still carries the session's id; /proc is
walked for it. Every wait here waits for a state (a line printed, a file made, a process
gone) with a generous limit that only detects a hang."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import copy_example, default_signals, installed_command

pytestmark = [pytest.mark.skipif(not sys.platform.startswith("linux"), reason="walks /proc"),
              pytest.mark.slow]  # slow: kills commands at every stage and waits for their children (CI runs it)

HANG = 120  # seconds: only a hang gets here


def session_processes(session: int) -> list[tuple[int, str]]:
    """(pid, command line) of every living process in ``session`` (zombies are already ended)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:  # ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        state, sid = fields[0], int(fields[3])
        if sid == session and state != "Z":
            found.append((int(entry.name), cmdline))
    return found


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + HANG
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {HANG} s: {what}")
        time.sleep(0.01)


class Command:
    """The installed command in a session of its own; its output lines as they come."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen([installed_command(), *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                        preexec_fn=default_signals, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def printed(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def kill(self, number: int) -> None:
        """Send ``number`` to the command itself (not to its session), then see it and
        everything it started end."""
        session = self.process.pid
        self.process.send_signal(number)
        self.process.wait(timeout=HANG)
        try:
            wait_until(lambda: not session_processes(session), "every process of the command ended")
        except AssertionError:
            left = session_processes(session)
            for pid, _ in left:  # clean up before failing
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            raise AssertionError(f"left running after {signal.Signals(number).name}: {left}") from None
        finally:
            self.process.stdout.close()


def cases(moments: list[str], quick: set[tuple[str, str]]) -> list:
    """Every moment with SIGKILL and SIGTERM; the ``quick`` ones run by default, the others
    with the slow tests (``pytest -m slow``)."""
    return [pytest.param(moment, number, id=f"{moment}-{signal.Signals(number).name}",
                         marks=() if (moment, signal.Signals(number).name) in quick else pytest.mark.slow)
            for moment in moments for number in (signal.SIGKILL, signal.SIGTERM)]


@pytest.mark.parametrize(("moment", "number"), cases(["at once", "first document written"],
                                                     {("first document written", "SIGTERM")}))
def test_a_killed_render_leaves_no_process(tmp_path, number, moment):
    plan = copy_example(tmp_path / "plan")
    command = Command("render", str(plan))
    if moment == "first document written":
        documents = plan / "documenten"
        wait_until(lambda: documents.is_dir() and any(documents.iterdir()) or command.process.poll() is not None,
                   "a document written")
    command.kill(number)


@pytest.mark.parametrize(("moment", "number"), cases(["watching", "rendering a change"],
                                                     {("rendering a change", "SIGKILL")}))
def test_a_killed_watch_leaves_no_process(tmp_path, number, moment):
    plan = copy_example(tmp_path / "plan")
    command = Command("render", str(plan), "--watch")
    wait_until(lambda: command.printed("Wacht op wijzigingen"), "the watcher running")
    if moment == "rendering a change":
        answers = plan / "antwoorden" / "2-visie.yaml"
        answers.write_text(answers.read_text(encoding="utf-8") + "\n# met de hand\n", encoding="utf-8")
        wait_until(lambda: command.printed("Gewijzigd:"), "the change seen")
    command.kill(number)
