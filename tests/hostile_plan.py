"""A plan folder as an attacker would hand it over: its own ``.git`` with a config that names
programs, hooks, and a "partial clone" that fetches a missing object over ssh.

Every program it names is ``canary.sh``, which writes a line into ``ran.txt`` next to it;
a test checks that file is never created.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from git_helpers import git

CANARY_SCRIPT = """#!/bin/sh
echo "$0 $*" >> '{log}'
exit 0
"""

HOOKS = ("pre-commit", "post-commit", "post-checkout", "post-index-change", "reference-transaction",
         "pre-auto-gc", "post-rewrite", "pre-push", "fsmonitor-watchman")


def canary_program(folder: Path) -> Path:
    """``folder/canary.sh``: a program that leaves a trace in ``folder/ran.txt`` when run."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "canary.sh"
    script.write_text(CANARY_SCRIPT.format(log=folder / "ran.txt"), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def hostile_git_config(canary: Path, hooks: Path) -> str:
    program = str(canary)
    return f"""
[core]
\trepositoryformatversion = 1
\tfsmonitor = {program}
\tpager = {program} pager
\thooksPath = {hooks}
\tsshCommand = {program} ssh
\teditor = {program} editor
\taskPass = {program}
[extensions]
\tpartialClone = origin
[remote "origin"]
\turl = ssh://example.invalid/plan.git
\tpromisor = true
\tfetch = +refs/heads/*:refs/remotes/origin/*
[diff]
\texternal = {program} diff
[diff "yaml"]
\ttextconv = {program} textconv
[filter "yaml"]
\tclean = {program} clean
\tsmudge = {program} smudge
[log]
\tshowSignature = true
[gpg]
\tprogram = {program}
[credential]
\thelper = !{program} credential
[alias]
\tlog = !{program} alias
\tshow = !{program} alias
\tstatus = !{program} alias
[pager]
\tlog = {program} pager
\tshow = {program} pager
"""


def make_hostile_repository(plan: Path, outside: Path) -> Path:
    """Turn ``plan`` (a plan folder with answers) into a repository with two commits and a
    hostile ``.git/config``; the programs live in ``outside``. Returns the canary log path."""
    git(plan, "init", "-q")
    git(plan, "add", "-A")
    git(plan, "commit", "-q", "-m", "Eerste versie")
    answers = plan / "antwoorden" / "2-visie.yaml"
    first_blob = git(plan, "rev-parse", "HEAD:antwoorden/2-visie.yaml").stdout.strip()
    answers.write_text(answers.read_text(encoding="utf-8") + "# later bijgewerkt\n", encoding="utf-8")
    git(plan, "commit", "-q", "-a", "-m", "Tweede versie")
    canary = canary_program(outside)
    hooks = outside / "hooks"
    hooks.mkdir(exist_ok=True)
    for name in HOOKS:
        for folder in (hooks, plan / ".git" / "hooks"):
            target = folder / name
            target.write_text(canary.read_text(encoding="utf-8"), encoding="utf-8")
            target.chmod(0o755)
    with (plan / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(hostile_git_config(canary, hooks))
    (plan / ".gitattributes").write_text("*.yaml diff=yaml filter=yaml\n", encoding="utf-8")
    # A "partial clone": the first version's answers are missing, so git would fetch them
    # from the promisor remote over ssh, that is: run core.sshCommand.
    loose = plan / ".git" / "objects" / first_blob[:2] / first_blob[2:]
    os.chmod(loose, 0o644)
    loose.unlink()
    return outside / "ran.txt"
