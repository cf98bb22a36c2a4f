"""Real git in tests: a fixed identity and fixed dates, no user or system configuration."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

DATE = "2026-03-02T10:00:00+01:00"


@pytest.fixture
def git_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every git started by the test or by handreiking sees the same identity, dates and config."""
    home = tmp_path_factory.mktemp("githome")
    config = home / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n", encoding="utf-8")
    for name, value in {"GIT_AUTHOR_NAME": "Anna Test", "GIT_AUTHOR_EMAIL": "anna@test.example",
                        "GIT_COMMITTER_NAME": "Anna Test", "GIT_COMMITTER_EMAIL": "anna@test.example",
                        "GIT_AUTHOR_DATE": DATE, "GIT_COMMITTER_DATE": DATE,
                        "GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}.items():
        monkeypatch.setenv(name, value)


def git(root: Path, *args: str, check: bool = True, date: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} gaf {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result
