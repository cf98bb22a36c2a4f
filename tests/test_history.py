"""Git-native work: init --git, 'verschil' per question, merges that do not conflict, watch mode."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import copy_example, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt")
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "t@t"}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


def test_init_git_makes_a_repository_with_a_first_commit(tmp_path):
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Proef", "--startdatum", "2026-01-05", "--git") == 0
    assert git(plan, "log", "--oneline").count("\n") == 1
    assert git(plan, "status", "--porcelain") == ""
    assert ".handreiking.lock" in (plan / ".gitignore").read_text(encoding="utf-8")
    tracked = git(plan, "ls-files").split()
    assert "plan.yaml" in tracked and "antwoorden/2-visie.yaml" in tracked
    assert ".gitattributes" in tracked


def test_documents_stay_byte_exact_in_a_checkout_with_autocrlf(tmp_path):
    """Git for Windows converts text to CRLF on checkout by default; the .gitattributes
    that init writes keeps the documents as rendered, so render --check still passes."""
    plan = tmp_path / "plan"
    assert run_cli("init", "--voorbeeld", str(plan), "--git") == 0
    assert run_cli("render", str(plan), "--check") == 0
    clone = tmp_path / "kloon"
    subprocess.run(["git", "-c", "core.autocrlf=true", "clone", "-q", str(plan), str(clone)], check=True,
                   capture_output=True, env={**os.environ, **GIT_ENV})
    git(clone, "config", "core.autocrlf", "true")
    assert b"\r\n" not in (clone / "documenten" / "visiedocument.md").read_bytes()
    assert run_cli("render", str(clone), "--check") == 0


def test_verschil_says_per_question_what_changed(tmp_path, capsys):
    plan = tmp_path / "plan"
    assert run_cli("init", "--voorbeeld", str(plan), "--git") == 0
    visie = plan / "antwoorden" / "2-visie.yaml"
    visie.write_text(visie.read_text(encoding="utf-8").replace("horizonjaar: 2034", "horizonjaar: 2035")
                     .replace("lea_verankering: true", "lea_verankering:"), encoding="utf-8")
    start = plan / "antwoorden" / "1-vertrekpunt.yaml"
    start.write_text(start.read_text(encoding="utf-8").replace(
        "stakeholders:\n", "stakeholders:\n  - naam: Zorgkantoor Rivierenland\n    sector: zorgkantoor\n", 1),
        encoding="utf-8")
    capsys.readouterr()
    assert run_cli("verschil", str(plan)) == 0
    out = capsys.readouterr().out
    assert "Vertrekpunt › " in out and "1 toegevoegd (Zorgkantoor Rivierenland)" in out
    assert "Visie › In welk jaar wilt u de stip op de horizon bereiken: gewijzigd" in out
    assert "weer open" in out
    git(plan, "commit", "-qam", "workshop")
    assert run_cli("verschil", str(plan)) == 0
    assert "Geen veranderingen" in capsys.readouterr().out
    assert run_cli("verschil", str(plan), "HEAD~1") == 0
    assert "Zorgkantoor" in capsys.readouterr().out
    assert run_cli("verschil", str(plan), "bestaat-niet") == 1
    assert "niet gevonden" in capsys.readouterr().err


def test_two_people_editing_different_items_merge_without_conflict(tmp_path):
    from handreiking.answers import load_phase
    from handreiking.questionnaire import load_catalog

    vertrekpunt = load_catalog().get("vertrekpunt")
    plan = tmp_path / "plan"
    assert run_cli("init", "--voorbeeld", str(plan), "--git") == 0
    git(plan, "checkout", "-qb", "anna")
    phase = load_phase(vertrekpunt, plan / "antwoorden")
    phase.get("stakeholders")[0]["rol"] = "Trekker van de pilot (Anna)"
    phase.save()
    git(plan, "commit", "-qam", "anna")
    git(plan, "checkout", "-q", "-")
    phase = load_phase(vertrekpunt, plan / "antwoorden")
    phase.get("stakeholders")[-1]["rol"] = "Meedenker (Bram)"
    phase.save()
    git(plan, "commit", "-qam", "bram")
    git(plan, "merge", "-q", "--no-edit", "anna")  # raises on a conflict
    items = load_phase(vertrekpunt, plan / "antwoorden").get("stakeholders")
    assert items[0]["rol"] == "Trekker van de pilot (Anna)" and items[-1]["rol"] == "Meedenker (Bram)"
    assert run_cli("check", str(plan)) == 0


def _read_until(proc: subprocess.Popen, text: str, timeout: float = 30) -> str:
    """Read the unbuffered output until ``text`` appears (what was read stays in ``proc.seen``)."""
    import select

    deadline = time.monotonic() + timeout
    start = getattr(proc, "seen_offset", 0)
    while text not in proc.seen[start:]:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([proc.stdout], [], [], remaining)[0]:
            raise AssertionError(f"'{text}' niet gezien; wel:\n{proc.seen[start:]}")
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            raise AssertionError(f"proces stopte; uitvoer:\n{proc.seen[start:]}")
        proc.seen += chunk.decode("utf-8", "replace")
    proc.seen_offset = proc.seen.index(text, start) + len(text)
    return proc.seen[start:proc.seen_offset]


def test_watch_rerenders_on_save_and_survives_errors(tmp_path):
    plan = copy_example(tmp_path / "plan")
    proc = subprocess.Popen([sys.executable, "-m", "handreiking", "render", "--watch", "--formaat", "md", str(plan)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=0)
    proc.seen = ""
    try:
        _read_until(proc, "Wacht op wijzigingen")
        visie = plan / "antwoorden" / "2-visie.yaml"
        good = visie.read_text(encoding="utf-8")
        visie.write_text(good.replace("horizonjaar: 2034", "horizonjaar: 2035"), encoding="utf-8")
        out = _read_until(proc, "visiedocument.md")
        assert "Gewijzigd: 2-visie.yaml" in out
        assert "2035" in (plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
        visie.write_text(good.replace("perspectief: inclusief", "perspectief: [kapot"), encoding="utf-8")
        out = _read_until(proc, "niet bijgewerkt")
        assert "Fout:" in out and "Traceback" not in out and proc.poll() is None
        visie.write_text(good, encoding="utf-8")
        _read_until(proc, "visiedocument.md")
    finally:
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=20)
    out = proc.seen + rest.decode("utf-8", "replace")
    assert proc.returncode == 0 and "Gestopt met kijken" in out and "Traceback" not in out
