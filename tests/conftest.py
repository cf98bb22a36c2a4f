"""Shared fixtures: fresh and example plans, and piped keyboard input for prompts."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "gemeente-voorbeeld"


@pytest.fixture
def new_plan(tmp_path: Path) -> Path:
    """A plan folder made by ``handreiking init`` with fixed details; no answers yet."""
    from handreiking.cli import main

    path = tmp_path / "plan"
    code = main(["init", str(path), "--titel", "Inclusieve kinderopvang Testdorp",
                 "--gemeente", "Gemeente Testdorp", "--regisseur", "Sam de Tester",
                 "--startdatum", "2026-01-12"])
    assert code == 0
    return path


@pytest.fixture
def example_plan(tmp_path: Path) -> Path:
    """A private copy of the filled-in example plan."""
    path = tmp_path / "voorbeeld"
    shutil.copytree(EXAMPLE, path, ignore=shutil.ignore_patterns(".handreiking.lock", "*.tmp"))
    return path


class KeyFeeder:
    """Keys typed into every prompt_toolkit prompt of the current app session.

    Keys are queued in a pipe; each prompt reads what it needs and leaves the
    rest as type-ahead for the next prompt, as with a fast typist.
    """

    def __init__(self, pipe) -> None:
        self.pipe = pipe

    def send(self, *keys: str) -> None:
        self.pipe.send_text("".join(keys))

    def close(self) -> None:
        """No more keys: a prompt that still waits gets ``EOFError`` instead of hanging."""
        self.pipe.close()


@pytest.fixture
def keys() -> Iterator[KeyFeeder]:
    """Route prompt input to a pipe and output to nowhere; yields ``.send(*keys)``."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield KeyFeeder(pipe)
