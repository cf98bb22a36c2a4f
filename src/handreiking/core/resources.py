"""Where the shipped data lives: questionnaires, templates and the example plan.

In a wheel the folders are packed into ``handreiking/_data``; in a source
checkout (editable install, tests) they stay top-level in the repository. One
lookup serves both, so no code needs to know how it was installed.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from handreiking.core.errors import InstallationError

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_REPO_NAMES = {
    "questionnaires": "questionnaires",
    "templates": "templates",
    "voorbeeld": "examples/gemeente-voorbeeld",
}


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """Return the folder of shipped data called ``name``."""
    packed = _PACKAGE_DIR / "_data" / name
    if packed.is_dir():
        return packed
    repo = _PACKAGE_DIR.parent.parent / _REPO_NAMES[name]
    if repo.is_dir():
        return repo

    raise InstallationError(f"handreiking is onvolledig geïnstalleerd: de map '{name}' ontbreekt",
                            hint="installeer handreiking opnieuw (pip install --force-reinstall handreiking)")
