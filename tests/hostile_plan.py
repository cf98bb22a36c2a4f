"""A plan folder as an attacker would hand it over: its own ``.git`` with a config that names
programs, hooks, and a "partial clone" that fetches a missing object over ssh.

Every program it names is ``canary.sh``, which writes a line into ``ran.txt`` next to it;
a test checks that file is never created. Also here: the link tricks a cloned plan can carry
(``plant_link_tricks``), a house style that asks for a web address and local files, and a
local web server that counts what is asked of it.
"""
from __future__ import annotations

import contextlib
import hashlib
import http.server
import io
import os
import stat
import threading
from collections.abc import Iterator
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
    (plan / ".gitattributes").write_text("*.yaml diff=yaml filter=yaml\n", encoding="utf-8")
    return make_git_hostile(plan, outside, missing_blob=first_blob)


def make_git_hostile(plan: Path, outside: Path, *, missing_blob: str) -> Path:
    """Give the repository in ``plan`` hooks and a ``.git/config`` that name ``outside/canary.sh``,
    attributes that call its filters, and make it a "partial clone" missing ``missing_blob`` (an
    object only an old commit needs). Returns the canary log path."""
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
    (plan / ".git" / "info").mkdir(exist_ok=True)
    (plan / ".git" / "info" / "attributes").write_text("*.yaml diff=yaml filter=yaml\n", encoding="utf-8")
    # A "partial clone": the old version's answers are missing, so git would fetch them
    # from the promisor remote over ssh, that is: run core.sshCommand.
    loose = plan / ".git" / "objects" / missing_blob[:2] / missing_blob[2:]
    os.chmod(loose, 0o644)
    loose.unlink()
    return outside / "ran.txt"


# --- link tricks a cloned plan carries ----------------------------------------------------

BILLION_LAUGHS = "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))

# The files in the home folder the links of ``plant_link_tricks`` point at.
LINK_CANARIES = {"victim": "export GEHEIM=1\n", "token": "toekomstbeeld: GEHEIM-TOKEN\n",
                 "secret.css": "/* GEHEIM-CSS */\n", "passwd": "GEHEIM-PASSWD\n"}


def plant_link_tricks(origin: Path, *, house_style: bool = True) -> None:
    """Links out of the plan (meant for a plan two folders below the home folder, as
    ``home/plannen/plan``, with ``LINK_CANARIES`` and a folder ``uit`` in the home folder),
    a lock file link, ``/dev/zero`` as answers and house style, a template including a file
    through a link. Nothing is committed here. ``house_style=False`` leaves ``huisstijl.css``
    to the caller."""
    (origin / ".handreiking.lock").symlink_to("../../victim")
    (origin / "sjablonen").mkdir(exist_ok=True)
    (origin / "sjablonen" / "thuis").symlink_to("../../..")
    (origin / "sjablonen" / "visiedocument.md.j2").write_text("{% include 'thuis/passwd' %}\n", encoding="utf-8")
    if house_style:
        (origin / "sjablonen" / "huisstijl.css").symlink_to("../../../secret.css")
    (origin / "sjablonen" / "huisstijl.docx").symlink_to("/dev/zero")
    (origin / "antwoorden" / "5-uitvoering.yaml").unlink()
    (origin / "antwoorden" / "5-uitvoering.yaml").symlink_to("../../../token")
    (origin / "antwoorden" / "6-evaluatie.yaml").unlink()
    (origin / "antwoorden" / "6-evaluatie.yaml").symlink_to("/dev/zero")
    (origin / "documenten").symlink_to("../../uit")
    (origin / ".gitattributes").symlink_to("../../victim")


# --- a house style that reaches out, and a web server that counts -------------------------


def hostile_house_style(web: str, home: Path) -> str:
    """A ``huisstijl.css`` asking for a web address and for ``home/geheim.png`` and ``home/geheim.txt``."""
    return (f"@import url({web}/stijl.css);\n"
            f"h1::before {{ content: url({(home / 'geheim.png').as_uri()}); }}\n"
            f"h2::before {{ content: url({web}/beeld.png); }}\n"
            f"body {{ background: url({(home / 'geheim.txt').as_uri()}); }}\n")


def png(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """Answers every request with 404 and remembers what was asked."""

    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).asked.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def counting_web_server() -> Iterator[str]:
    """A web server on 127.0.0.1; yields its address, ``CountingHandler.asked`` lists the requests."""
    CountingHandler.asked = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
