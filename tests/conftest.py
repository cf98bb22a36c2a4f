"""Shared fixtures: fresh and example plans, and piped keyboard input for prompts."""
from __future__ import annotations

import io
import os
import re
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "gemeente-voorbeeld"

# Property tests: a short round by default, the long one in CI (HYPOTHESIS_PROFILE=lang in
# .ci/run). A test that asks for more examples than hypothesis' default says so with
# ``helpers.examples(n)``: n in the long round, a quarter of it in the short one.
settings.register_profile("kort", deadline=None)
settings.register_profile("lang", deadline=None, max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "kort"))


def pytest_configure(config: pytest.Config) -> None:
    """Bytecode as a user's install has it, also where ``PYTHONDONTWRITEBYTECODE`` is set
    (as on this project's machines and CI).

    Without it, every ``handreiking`` the tests start compiles the package's modules again
    (0,15–0,5 s a command on a 2-core machine; hundreds of commands a run), and pytest
    rewrites the asserts of every test module in every worker (about 5 s a run). pip
    compiles a regular install; an editable one is not, so the controller compiles the
    package once per run (only what changed since the last) and every process may keep
    pytest's rewritten test modules. Only this checkout's own ``__pycache__`` folders are
    written."""
    sys.dont_write_bytecode = False  # from here on: the test modules, not yet imported
    if hasattr(config, "workerinput"):  # an xdist worker: the controller compiled already
        return
    import compileall

    import handreiking

    compileall.compile_dir(Path(handreiking.__file__).parent, quiet=2)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests never read or write the developer's own cache (``~/.cache/handreiking``);
    commands started as subprocesses inherit the same temporary folder."""
    from handreiking.core import cache

    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    os.environ.pop("HANDREIKING_NO_CACHE", None)
    cache.cache_dir.cache_clear()
    yield folder
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before
    cache.cache_dir.cache_clear()


@pytest.fixture
def new_plan(tmp_path: Path) -> Path:
    """A plan folder made by ``handreiking init`` with fixed details; no answers yet (so no
    ``--regisseur``: that is an answer of Vertrekpunt)."""
    from handreiking.cli.main import main

    path = tmp_path / "plan"
    code = main(["init", str(path), "--titel", "Inclusieve kinderopvang Testdorp",
                 "--gemeente", "Gemeente Testdorp", "--startdatum", "2026-01-12"])
    assert code == 0
    return path


@pytest.fixture
def example_plan(tmp_path: Path) -> Path:
    """A private copy of the filled-in example plan."""
    path = tmp_path / "voorbeeld"
    shutil.copytree(EXAMPLE, path, ignore=shutil.ignore_patterns(".handreiking.lock", "*.tmp"))
    return path


# --- keyboard input for prompt_toolkit / questionary ---------------------------------


class KeyFeeder:
    """Keys typed into every prompt of the current prompt_toolkit app session.

    Keys are queued in a pipe; each prompt reads what it needs and leaves the
    rest as type-ahead for the next prompt, as with a fast typist (this is how
    questionary's own tests feed prompts).
    """

    def __init__(self, pipe: Any, screen: io.StringIO | None = None) -> None:
        self.pipe = pipe
        self._screen = screen
        self._closing = threading.Lock()
        self._helpers: list[threading.Thread] = []

    def send(self, *keys: str) -> None:
        self.pipe.send_text("".join(keys))

    def close(self) -> None:
        """No more keys: a prompt that still waits gets ``EOFError`` instead of hanging.

        Safe from two threads at once: prompt_toolkit's pipe checks "already closed?"
        and then closes, so two closes at the same moment would close the file
        descriptor twice (the second one can hit a descriptor opened meanwhile)."""
        with self._closing:
            self.pipe.close()

    def send_when_seen(self, seen: str, *keys: str, timeout: float = 5.0) -> None:
        """From a helper thread: wait until ``seen`` is on the screen, then send ``keys``
        and close. For checking what a prompt shows between two key presses."""
        def later() -> None:
            deadline = time.monotonic() + timeout
            while seen not in self.screen and time.monotonic() < deadline:
                time.sleep(0.01)
            self.send(*keys)
            self.close()

        helper = threading.Thread(target=later, daemon=True)
        self._helpers.append(helper)
        helper.start()

    def finish(self) -> None:
        """Wait for the helper threads, then close: the pipe is closed once, by one thread."""
        for helper in self._helpers:
            helper.join()
        self.close()

    @property
    def screen(self) -> str:
        """Everything written to the terminal so far, without escape codes (``screen_keys`` only)."""
        assert self._screen is not None, "use the screen_keys fixture to see the output"
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|[\r\x07]", "", self._screen.getvalue())


def _key_session(output_factory: Any) -> Iterator[KeyFeeder]:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input

    screen = io.StringIO()
    output, recorded = output_factory(screen)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        feeder = KeyFeeder(pipe, screen if recorded else None)
        try:
            yield feeder
        finally:
            feeder.finish()


@pytest.fixture
def keys() -> Iterator[KeyFeeder]:
    """Prompt input from a pipe, output to nowhere; yields an object with ``.send(*keys)``."""
    from prompt_toolkit.output import DummyOutput

    yield from _key_session(lambda _screen: (DummyOutput(), False))


@pytest.fixture
def screen_keys() -> Iterator[KeyFeeder]:
    """Like ``keys``, but the output is kept: ``.screen`` is what a person would have seen."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output import ColorDepth
    from prompt_toolkit.output.vt100 import Vt100_Output

    def vt100(screen: io.StringIO) -> tuple[Any, bool]:
        return Vt100_Output(screen, lambda: Size(rows=40, columns=120), term="xterm",
                            default_color_depth=ColorDepth.DEPTH_1_BIT, enable_cpr=False), True

    yield from _key_session(vt100)
