"""Whose the two versions of a merge conflict are: branch (or commit) and author, in words.

The merge driver writes ``ons`` (the version git gave the driver as "ours") and
``hun`` ("theirs"). What that means depends on what git was doing:

- ``git merge X`` / ``git pull``: ons = the branch you are on, hun = X;
- ``git rebase``: the roles swap: ons = the branch you build on (upstream),
  hun = your own commit being replayed;
- ``git cherry-pick C``: ons = the branch you are on, hun = commit C.

``sides(root, path)`` names both, with the author of the last commit on each
side that changed the file, so the person choosing knows whom to ask.
"""
from __future__ import annotations

from collections import namedtuple
from pathlib import Path

from handreiking.core.errors import GitError
from handreiking.git.command import git


Sides = namedtuple("Sides", ["ours", "theirs", "operation"], defaults=[""])
Sides.__doc__ = """Whose each version of a merge is, in words: ``ours`` ("uw versie (branch main, Anna de Vries)"),
``theirs`` ("de versie van branch partner (Bert Jansen)") and the ``operation`` under way ("merge",
"rebase", "cherry-pick", or "" when none)."""


PLAIN = Sides("de ene versie (ons)", "de andere versie (hun)")


def git_dir(root: Path) -> Path | None:
    try:
        result = git(root, "rev-parse", "--absolute-git-dir", check=False)
    except GitError:
        return None
    return Path(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else None


def operation(root: Path) -> str:
    """What git was doing when it stopped: "merge", "rebase", "cherry-pick" or ""."""
    folder = git_dir(root)
    if folder is None:
        return ""
    if (folder / "rebase-merge").exists() or (folder / "rebase-apply").exists():
        return "rebase"
    if (folder / "CHERRY_PICK_HEAD").exists():
        return "cherry-pick"
    if (folder / "MERGE_HEAD").exists():
        return "merge"
    return ""


def _one(root: Path, *args: str) -> str:
    try:
        result = git(root, *args, check=False)
    except GitError:
        return ""
    return result.stdout.strip().splitlines()[0] if result.returncode == 0 and result.stdout.strip() else ""


def _author(root: Path, rev: str, path: Path | None) -> str:
    args = ["log", "-1", "--format=%an", rev]
    if path is not None:
        try:
            args += ["--", str(path.resolve().relative_to(root.resolve()))]
        except ValueError:
            pass
    return _one(root, *args) or _one(root, "log", "-1", "--format=%an", rev)


def _merged_name(folder: Path) -> str:
    """The branch named in MERGE_MSG ("Merge branch 'partner'", "… of https://…")."""
    import re

    try:
        message = (folder / "MERGE_MSG").read_text(encoding="utf-8", errors="replace").splitlines()[0]
    except (OSError, IndexError):
        return ""
    found = re.search(r"(?:branch|branches|commit) '([^']+)'(?: of (\S+))?", message)
    if not found:
        return ""
    where = found.group(2)
    if where:  # "Merge branch 'main' of /srv/plan.git": a pull
        return f"{found.group(1)} van {where.rstrip('/').rsplit('/', 1)[-1].removesuffix('.git')}"
    return found.group(1)


def _is_commit_id(name: str) -> bool:
    return 7 <= len(name) <= 40 and all(c in "0123456789abcdef" for c in name)


def _branch_at(root: Path, rev: str) -> str:
    """The local branch whose last commit ``rev`` is, or '' (a commit inside a branch's
    history has no branch of its own: git names it ``tak~2``, which would mislead here)."""
    name = _one(root, "name-rev", "--name-only", "--no-undefined", "--refs=refs/heads/*", rev)
    return "" if any(mark in name for mark in "~^") else name


def sides(root: Path, path: Path | None = None) -> Sides:
    """Both versions of a conflict in ``path`` named in words (branch and author)."""
    folder = git_dir(root)
    kind = operation(root)
    if folder is None or not kind:
        return PLAIN
    branch = _one(root, "rev-parse", "--abbrev-ref", "HEAD")
    if kind == "merge":
        other = _merged_name(folder)
        if not other or _is_commit_id(other):  # "git merge 13fcaf1": the branch whose tip it is, if any
            other = _branch_at(root, "MERGE_HEAD") or other or _one(root, "rev-parse", "--short", "MERGE_HEAD")
        return Sides(f"uw versie (branch {branch}, {_author(root, 'HEAD', path)})",
                     f"de versie van {other} ({_author(root, 'MERGE_HEAD', path)})", kind)
    if kind == "cherry-pick":
        subject = _one(root, "log", "-1", "--format=%s", "CHERRY_PICK_HEAD")
        return Sides(f"uw versie (branch {branch}, {_author(root, 'HEAD', path)})",
                     f"de overgenomen commit '{subject}' ({_author(root, 'CHERRY_PICK_HEAD', path)})", kind)
    # rebase: HEAD is the branch being built on, REBASE_HEAD the own commit being replayed
    head_name = ""
    for name in ("rebase-merge/head-name", "rebase-apply/head-name"):
        if (folder / name).is_file():
            head_name = (folder / name).read_text(encoding="utf-8", errors="replace").strip()
    own = head_name.removeprefix("refs/heads/") or "uw branch"
    subject = _one(root, "log", "-1", "--format=%s", "REBASE_HEAD")
    return Sides(f"de versie waarop u verder bouwt ({_author(root, 'HEAD', path)})",
                 f"uw commit '{subject}' van {own} ({_author(root, 'REBASE_HEAD', path)})", kind)


MARKS = "handreiking-samengevoegd"  # in the git folder: the versions the merge driver has merged


def mark_merged(theirs: Path, path: str) -> None:
    """Called by the merge driver: note that it merged this version of ``path`` (by the blob id of
    theirs), so ``status`` can tell a file it merged from one it never saw."""

    try:
        here = Path.cwd()
        folder = git_dir(here)
        blob = git(here, "hash-object", "--no-filters", "--", str(theirs), check=False).stdout.strip()
    except (GitError, OSError):
        return
    if folder is None or not blob:
        return
    try:
        with open(folder / MARKS, "a", encoding="utf-8") as marks:
            marks.write(f"{blob}\t{path}\n")
    except OSError:
        pass
