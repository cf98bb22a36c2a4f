"""The git log of a plan's answers: what the change log in the documents is made from.

Kept apart from ``history`` (which reads and compares old versions of the answers) so
that asking whether the log changed (``history_key``, part of each document's render
fingerprint) needs only git, not the questionnaires.
"""
from __future__ import annotations

from pathlib import Path

from handreiking.core.errors import GitError
from handreiking.git.command import git

LOG_ENTRIES = 6  # the overview is read in a meeting: the recent decisions, not all of them


def is_own_repository(root: Path) -> bool:
    """Only a plan that is the root of its own repository has a history of its own (the
    example inside handreiking's repository must not show handreiking's commits)."""
    return (root / ".git").exists()


def answer_log(root: Path) -> str:
    """The raw git log of the commits that changed the answers or plan.yaml ('' when git has none)."""
    result = git(root, "log", "--first-parent", f"--max-count={LOG_ENTRIES * 3}", "--no-renames", "--no-abbrev", "--raw",
                 "--format=%x01%H%x00%cs%x00%an%x00%s%x00%P", "--", "antwoorden", "plan.yaml", check=False)
    return result.stdout if result.returncode == 0 else ""


def history_key(root: Path) -> str:
    """What the change log depends on besides the answers themselves ('' without a history)."""
    try:
        return answer_log(root) if is_own_repository(root) else ""
    except GitError:
        return ""
