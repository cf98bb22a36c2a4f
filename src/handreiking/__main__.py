"""Allows ``python -m handreiking``.

``python -m`` puts the current folder first on the module search path, and people run
handreiking from inside the plan folder, which may come from someone else: a ``yaml.py``
or ``jinja2.py`` there would be run instead of the library. So the current folder is
taken off the path before anything else is imported (the ``handreiking`` command itself
never has it there).
"""
from __future__ import annotations

import os
import sys


def _without_current_folder() -> None:
    here = os.path.realpath(os.getcwd())
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and os.path.realpath(p) != here]


_without_current_folder()

from handreiking.cli.main import run  # noqa: E402 - after the path is safe

if __name__ == "__main__":  # pragma: no cover - thin wrapper
    sys.exit(run())
