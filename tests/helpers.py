"""Small helpers shared by the tests (fixtures live in conftest.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "gemeente-voorbeeld"


def copy_example(target: Path) -> Path:
    """A private copy of the example plan (without rendered documents)."""
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("documenten"))
    return target


def run_cli(*args: str) -> int:
    from handreiking.cli import main

    return main(list(args))
