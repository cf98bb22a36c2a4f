"""Running one git command in the plan folder, with git's refusal as a Dutch ``GitError``.

It is its own small module because several others run git — the history
(``history.py``), the git setup (``gitsetup.py``) and the choice between two
conflicting versions (``conflict_choice.py``) — and the history also uses the
git setup; with the runner inside one of them, they would import each other.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from handreiking.errors import GitError


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``git <args>`` in ``root``; with ``check``, a non-zero exit is a ``GitError`` with git's last line."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except FileNotFoundError:
        raise GitError("git is niet geïnstalleerd", hint="installeer git, of laat --git weg") from None
    if check and result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise GitError(f"git gaf een fout: {message[-1] if message else 'onbekend'}")
    return result
