"""Setting up a plan folder for git, so that a team can work on it in parallel.

Git keeps two halves of this in two places. ``.gitattributes`` is part of the
plan (committed, so every clone has it) and says which files use which driver:
answer files and plan.yaml merge per question (``git/merge.py``), documents never
block a merge (they are made again from the answers), and DOCX and HTML show
their text in ``git diff``. The drivers themselves are commands, and git only
takes commands from the local configuration (``.git/config``), never from a
cloned repository: every clone needs ``handreiking setup-git`` once.
``init --git`` does all of it at the start.

The commands name the Python that runs now (``python -m handreiking``), so they
also work when git runs without the virtual environment activated.
"""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from handreiking.core.errors import GitError
from handreiking.core.files import atomic_write
from handreiking.core.gate import (TEMPLATE_LIMIT, PlanFileError, check_inside, is_inside, read_plan_bytes, record_save,
                                   write_plan_file)
from handreiking.git.command import git

ANSWERS_DRIVER = "handreiking"
DOCUMENTS_DRIVER = "handreiking-document"
ATTRIBUTES_FILE = ".gitattributes"
_BEGIN = "# >>> handreiking (handreiking setup-git schrijft dit blok; pas het niet met de hand aan)"
_END = "# <<< handreiking"
ATTRIBUTES_BLOCK = f"""{_BEGIN}
# Antwoorden en plangegevens: per vraag en per item samenvoegen.
plan.yaml merge={ANSWERS_DRIVER}
antwoorden/*.yaml merge={ANSWERS_DRIVER}
# Documenten worden uit de antwoorden gemaakt: nooit samenvoegen, byte voor byte bewaren,
# en in git diff de tekst van Word- en HTML-documenten tonen.
documenten/** -text merge={DOCUMENTS_DRIVER}
documenten/*.docx diff={DOCUMENTS_DRIVER}
documenten/*.html diff={DOCUMENTS_DRIVER}
# Antwoorden, plan en eigen sjablonen houden overal Unix-regeleinden, zodat verschillen rustig blijven.
*.yaml text eol=lf
sjablonen/** text eol=lf
{_END}
"""
LEGACY_STATE = Path("documenten") / ".handreiking-bronnen.json"


def _command(*args: str) -> str:
    """This Python running handreiking, as a shell command for git."""
    python = sys.executable.replace("\\", "/") if os.name == "nt" else sys.executable
    return " ".join([shlex.quote(python), "-m", "handreiking", *args])


def wanted_config() -> dict[str, str]:
    """The local git settings a plan needs (name → value)."""
    return {
        f"merge.{ANSWERS_DRIVER}.name": "handreiking: antwoorden per vraag samenvoegen",
        f"merge.{ANSWERS_DRIVER}.driver": _command("merge-driver", "%O", "%A", "%B", "%P"),
        f"merge.{DOCUMENTS_DRIVER}.name": "handreiking: documenten worden opnieuw gemaakt",
        # keep our version; the answers decide, and render --check says it is out of date
        f"merge.{DOCUMENTS_DRIVER}.driver": "true",
        f"diff.{DOCUMENTS_DRIVER}.textconv": _command("diff-text"),
        # git keeps the text of each document version (in refs/notes/textconv), so a second
        # git diff or verschil of a Word document does not convert it again
        f"diff.{DOCUMENTS_DRIVER}.cachetextconv": "true",
    }


HOOKS = ("pre-commit", "pre-merge-commit")
_HOOK_MARK = "# handreiking: weigert conflictblokken in antwoordbestanden"


def hook_text() -> str:
    """A hook that refuses a commit with conflict blocks in plan.yaml or the answer files. When the
    Python it names is gone (a moved virtual environment), the handreiking on the PATH checks."""
    python = sys.executable.replace("\\", "/") if os.name == "nt" else sys.executable
    return (f"#!/bin/sh\n{_HOOK_MARK} (handreiking setup-git schreef dit)\n"
            f"PY={shlex.quote(python)}\n"
            'if [ -x "$PY" ]; then exec "$PY" -m handreiking conflict-hook; fi\n'
            "if command -v handreiking >/dev/null 2>&1; then exec handreiking conflict-hook; fi\n"
            'echo "handreiking: de controle op conflicten kan niet draaien; voer handreiking setup-git uit." >&2\n'
            "exit 1\n")


def hooks_folder(root: Path) -> Path:
    """The repository's own hooks folder (``.git/hooks``). Not ``core.hooksPath``: a plan
    folder's own ``.git/config`` could point that anywhere on this computer, and every git
    handreiking runs ignores it (see ``gitcommand``)."""
    return Path(git(root, "rev-parse", "--absolute-git-dir").stdout.strip()) / "hooks"


def _install_hooks(root: Path) -> list[str]:
    """Write the hooks (never over a hook of someone else); returns what was done."""

    folder = hooks_folder(root)
    done = []
    wanted = hook_text()
    for name in HOOKS:
        path = folder / name
        # a hooks folder (or hook) linked to a folder elsewhere: a hook there is not ours to write
        check_inside(folder.parent, path, what=f"git-hook {name}", where="de git-map van het plan")
        current = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
        if current == wanted:
            continue
        if (current is not None and _HOOK_MARK not in current) or (current is None and os.path.lexists(path)):
            done.append(f"git-hook {name} bestond al (van iemand anders) en is niet vervangen; de controle "
                        "op conflicten draait daarom niet vanzelf (met de hand: handreiking conflict-hook)")
            continue
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(path, wanted)
        record_save(path)  # in .git, not in the plan's files, but a save all the same (see cli's boundary)
        path.chmod(0o755)
        done.append(f"git-hook {name}: een commit met nog twee versies na een merge wordt geweigerd")
    return done


def is_in_git(root: Path) -> bool:
    return git(root, "rev-parse", "--is-inside-work-tree", check=False).returncode == 0


def attributes_text(current: str) -> str:
    """``.gitattributes`` with handreiking's block added or brought up to date; other lines stay."""
    lines = current.replace("\r\n", "\n")
    if _BEGIN in lines and _END in lines:
        start = lines.index(_BEGIN)
        end = lines.index(_END, start) + len(_END)
        rest = lines[end:].lstrip("\n")
        return lines[:start] + ATTRIBUTES_BLOCK + rest
    if lines and not lines.endswith("\n"):
        lines += "\n"
    return lines + ("\n" if lines else "") + ATTRIBUTES_BLOCK


def _read_attributes(root: Path) -> str:
    """The plan's ``.gitattributes`` through the plan-file gate ('' when there is none, or
    it is not an ordinary file in the plan: setting up then writes a fresh one in its place)."""

    try:
        return read_plan_bytes(root / ATTRIBUTES_FILE, inside=root, limit=TEMPLATE_LIMIT).decode("utf-8", "replace")
    except (OSError, PlanFileError):
        return ""


def setup_git(root: Path) -> list[str]:
    """Set up the plan at ``root`` (already in git) for parallel work; returns what was done, in Dutch."""

    if not is_in_git(root):
        raise GitError("deze planmap staat (nog) niet in git",
                       hint="begin een geschiedenis met: git init, of maak een nieuw plan met init --git")
    done: list[str] = []
    path = root / ATTRIBUTES_FILE
    current = _read_attributes(root)
    wanted = attributes_text(current)
    if wanted != current.replace("\r\n", "\n"):
        write_plan_file(root, path, wanted)
        done.append(f"{ATTRIBUTES_FILE} geschreven: welke bestanden git per vraag samenvoegt en welke "
                    "opnieuw gemaakt worden")
    changed = False
    for name, value in wanted_config().items():
        if git(root, "config", "--local", "--get", name, check=False).stdout.strip() != value:
            git(root, "config", "--local", name, value)
            changed = True
    if changed:
        done.append("git ingesteld (in .git/config): antwoorden samenvoegen per vraag, documenten opnieuw maken, "
                    "tekst van documenten in git diff")
    done += _install_hooks(root)
    legacy = root / LEGACY_STATE
    tracked = git(root, "ls-files", "--error-unmatch", str(LEGACY_STATE), check=False).returncode == 0
    if tracked:
        git(root, "rm", "-q", "--cached", "--", str(LEGACY_STATE))
    if legacy.exists() and is_inside(root, legacy):  # through a linked documenten/ it is not the plan's
        legacy.unlink()
        done.append(f"{LEGACY_STATE.as_posix()} weggehaald: handreiking bewaart die gegevens nu buiten het plan")
    return done


def _has_block(root: Path) -> bool:
    return _BEGIN in _read_attributes(root)


def is_plan_repository(root: Path) -> bool:
    """A plan in git as a team uses it: the root of its own repository, or set up with setup-git
    (not, for instance, the example inside handreiking's own repository)."""
    return (root / ".git").exists() or _has_block(root)


def missing_setup(root: Path) -> str | None:
    """What is missing when this plan is in git without handreiking's set-up (None: all set,
    or the plan is not a git repository of its own). Said by ``status`` and ``check``."""
    has_block = _has_block(root)
    if not (root / ".git").exists() and not has_block:
        return None  # not a repository of its own (for instance the example inside handreiking's repo)
    try:
        if not is_in_git(root):
            return None
        configured = git(root, "config", "--get", f"merge.{ANSWERS_DRIVER}.driver", check=False).stdout.strip()
    except GitError:  # git is not installed here: nothing to set up
        return None
    if has_block and configured and _runs(configured):
        if _hooks_missing(root):
            return ("dit plan staat in git, maar de controle die een commit met twee versies na een merge "
                    "weigert (git-hook) ontbreekt nog")
        return None
    if not configured:
        what = "git weet nog niet hoe het de antwoorden samenvoegt (na een clone moet dat één keer)"
    elif not _runs(configured):
        what = "de git-instelling verwijst naar een Python die er niet meer is"
    else:
        what = f"{ATTRIBUTES_FILE} mist het blok van handreiking"
    return f"dit plan staat in git, maar is nog niet ingesteld voor samenwerken: {what}"


def _hooks_missing(root: Path) -> bool:
    try:
        folder = hooks_folder(root)
    except GitError:
        return False
    for name in HOOKS:
        path = folder / name
        if not path.is_file():
            return True
        if _HOOK_MARK not in path.read_text(encoding="utf-8", errors="replace"):
            return False  # someone else's hook: setup-git said so, and leaves it
    return False


def _runs(command: str) -> bool:
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return False
    return Path(program).is_file()
