"""Git-native work: init --git, 'verschil' per question, merges that do not conflict, watch mode."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from git_helpers import git as run_git, git_env  # noqa: F401 - git_env is a fixture
from helpers import copy_example, default_signals, run_cli

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt"),
              pytest.mark.usefixtures("git_env"),
              pytest.mark.slow]  # slow: real git merges between clones (CI runs them)


def git(root: Path, *args: str) -> str:
    return run_git(root, *args).stdout



def test_init_git_makes_a_repository_with_a_first_commit(tmp_path):
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Proef", "--startdatum", "2026-01-05", "--git") == 0
    assert git(plan, "log", "--oneline").count("\n") == 1
    assert git(plan, "status", "--porcelain") == ""
    assert ".handreiking.lock" in (plan / ".gitignore").read_text(encoding="utf-8")
    tracked = git(plan, "ls-files").split()
    assert "plan.yaml" in tracked and "antwoorden/2-visie.yaml" in tracked and ".gitattributes" in tracked
    from handreiking.git.setup import missing_setup

    assert missing_setup(plan) is None  # drivers configured in .git/config


def test_documents_stay_byte_exact_in_a_checkout_with_autocrlf(tmp_path):
    """Git for Windows converts text to CRLF on checkout by default; the .gitattributes
    that init writes keeps the documents as rendered, so render --check still passes."""
    plan = tmp_path / "plan"
    assert run_cli("init", "--voorbeeld", str(plan), "--git") == 0
    assert run_cli("render", str(plan), "--check") == 0
    clone = tmp_path / "kloon"
    subprocess.run(["git", "-c", "core.autocrlf=true", "clone", "-q", str(plan), str(clone)], check=True,
                   capture_output=True)
    git(clone, "config", "core.autocrlf", "true")
    assert b"\r\n" not in (clone / "documenten" / "visiedocument.md").read_bytes()
    assert run_cli("render", str(clone), "--check") == 0


def test_verschil_says_per_question_what_changed(tmp_path, capsys):
    plan = tmp_path / "plan"
    assert run_cli("init", "--voorbeeld", str(plan), "--git") == 0
    visie = plan / "antwoorden" / "2-visie.yaml"
    visie.write_text(visie.read_text(encoding="utf-8").replace("horizonjaar: 2034", "horizonjaar: 2035")
                     .replace("lea_verankering: true", "lea_verankering:")
                     .replace("groep komt. Daarom kiezen we", "groep komt. Daarom kozen we"), encoding="utf-8")
    start = plan / "antwoorden" / "1-vertrekpunt.yaml"
    start.write_text(start.read_text(encoding="utf-8").replace(
        "stakeholders:\n", "stakeholders:\n  - naam: Zorgkantoor Rivierenland\n    sector: zorgkantoor\n", 1)
        .replace("regisseur_uren: 12", "regisseur_uren: 16").replace("    invloed: hoog\n", "    invloed: midden\n", 1),
        encoding="utf-8")
    capsys.readouterr()
    assert run_cli("verschil", str(plan)) == 0
    out = capsys.readouterr().out
    assert out.index("Fase 1 · Vertrekpunt") < out.index("Fase 2 · Visie")
    assert "- Hoeveel uur per week heeft de regisseur voor dit proces: 12 → 16" in out
    assert "1 toegevoegd (Zorgkantoor Rivierenland); 1 gewijzigd (Kinderopvang Het Speelkwartier)" in out
    assert "Kinderopvang Het Speelkwartier — " in out and ": Hoog → Midden" in out
    assert "- In welk jaar wilt u de stip op de horizon bereiken: 2034 → 2035" in out
    assert "weer open (was: ja)" in out
    long_text = next(line for line in out.splitlines() if "Daarom kozen" in line)
    assert "‘…" in long_text and "Daarom kiezen" in long_text and len(long_text) < 240
    git(plan, "commit", "-qam", "workshop")
    assert run_cli("verschil", str(plan)) == 0
    assert "Geen veranderingen" in capsys.readouterr().out
    assert run_cli("verschil", str(plan), "HEAD~1") == 0
    assert "Zorgkantoor" in capsys.readouterr().out
    assert run_cli("verschil", str(plan), "HEAD~1", "HEAD", "--markdown") == 0
    report = capsys.readouterr().out
    assert report.startswith("## Veranderd in de antwoorden van HEAD~1 naar HEAD\n\n### Fase 1 · Vertrekpunt\n\n")
    assert "- **Hoeveel uur per week heeft de regisseur voor dit proces**: 12 → 16" in report
    assert "  - Kinderopvang Het Speelkwartier — " in report
    assert run_cli("verschil", str(plan), "HEAD", "HEAD~1") == 0
    assert "16 → 12" in capsys.readouterr().out
    assert run_cli("verschil", str(plan), "bestaat-niet") == 1
    assert "niet gevonden" in capsys.readouterr().err


def test_git_diff_shows_the_text_of_word_and_html_documents(tmp_path):
    plan = tmp_path / "plan"
    assert run_cli("init", "--voorbeeld", str(plan), "--git") == 0
    start = plan / "antwoorden" / "1-vertrekpunt.yaml"
    start.write_text(start.read_text(encoding="utf-8").replace(
        "stakeholders:\n", "stakeholders:\n  - naam: Bibliotheek Lindewaard\n", 1), encoding="utf-8")
    assert run_cli("render", "--formaat", "docx,html", str(plan)) == 0
    for name in ("stakeholderanalyse.docx", "stakeholderanalyse.html"):
        diff = git(plan, "diff", f"documenten/{name}")
        assert "Binary files" not in diff and "<td" not in diff
        assert any(line.startswith("+") and "Bibliotheek Lindewaard" in line for line in diff.splitlines()), diff


def test_two_people_editing_different_items_merge_without_conflict(tmp_path):
    from handreiking.plan.answers import load_phase
    from handreiking.questionnaire.catalog import load_catalog

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
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=0, preexec_fn=default_signals)
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
    assert proc.returncode == 130 and "Gestopt met kijken" in out and "Traceback" not in out


def overview_text(plan: Path) -> str:
    from handreiking.git.textconv import document_text

    return document_text(plan / "documenten" / "index.html")


def test_overview_change_log_comes_from_git_and_stays_current_across_commits(tmp_path, capsys):
    plan = tmp_path / "plan"
    assert run_cli("init", "--voorbeeld", str(plan), "--git") == 0
    assert run_cli("render", "--check", "--formaat", "html", str(plan)) == 0  # no changes yet: the shipped overview is current
    start = plan / "antwoorden" / "1-vertrekpunt.yaml"
    start.write_text(start.read_text(encoding="utf-8").replace("regisseur_uren: 12", "regisseur_uren: 16"),
                     encoding="utf-8")
    assert run_cli("render", "--formaat", "html", str(plan)) == 0
    assert run_cli("render", "--check", "--formaat", "html", str(plan)) == 0
    run_git(plan, "add", "-A")
    run_git(plan, "commit", "-qm", "Meer uren voor de regisseur", date="2026-03-03T10:00:00+01:00")
    assert run_cli("render", "--check", "--formaat", "html", str(plan)) == 0  # the commit does not make the overview stale
    visie = plan / "antwoorden" / "2-visie.yaml"
    visie.write_text(visie.read_text(encoding="utf-8").replace("horizonjaar: 2034", "horizonjaar: 2035"),
                     encoding="utf-8")
    assert run_cli("render", "--formaat", "html", str(plan)) == 0
    run_git(plan, "commit", "-qam", "Horizon later", date="2026-03-10T10:00:00+01:00")
    run_git(plan, "commit", "-q", "--allow-empty", "-m", "Niets aan de antwoorden")
    capsys.readouterr()
    assert run_cli("render", "--check", "--formaat", "html", str(plan)) == 0
    text = overview_text(plan)
    assert text[text.index("## Wijzigingen"):text.index("## Open punten")] == (
        "## Wijzigingen\n"
        "Wat er in de antwoorden veranderde, zoals het in git is vastgelegd; het nieuwste eerst.\n"
        "### Deze versie (28 juni 2027)\n"
        "- Visie › In welk jaar wilt u de stip op de horizon bereiken: 2034 → 2035\n"
        "### 3 maart 2026: Meer uren voor de regisseur (Anna Test)\n"
        "- Vertrekpunt › Hoeveel uur per week heeft de regisseur voor dit proces: 12 → 16\n")


def test_a_plan_inside_another_repository_has_no_change_log(tmp_path):
    outer = tmp_path / "repo"
    plan = copy_example(outer / "plannen" / "lindewaard")
    run_git(outer, "init", "-q")
    run_git(outer, "add", "-A")
    run_git(outer, "commit", "-qm", "plan")
    start = plan / "antwoorden" / "1-vertrekpunt.yaml"
    start.write_text(start.read_text(encoding="utf-8").replace("regisseur_uren: 12", "regisseur_uren: 16"),
                     encoding="utf-8")
    assert run_cli("render", "--formaat", "html", str(plan)) == 0
    assert "## Wijzigingen" not in overview_text(plan)


def test_a_hand_typed_answer_the_wizard_writes_in_its_own_form_is_no_change():
    """'1-7-2027', 'nee', '24.500' and a choice's label, typed by hand, are the answers the
    wizard stores as a date, false, 24500 and a code: its next save changes nothing to report,
    and a real change shows both sides the same way."""
    from handreiking.git.history import answer_changes
    from handreiking.questionnaire.catalog import load_catalog

    catalog = load_catalog()
    uitvoering = catalog.get("uitvoering")
    date_q = next(q for q in uitvoering.questions if q.kind == "datum")
    yes_no = next(q for q in uitvoering.questions if q.kind == "janee")
    line = {"post": "Training", "bedrag": "24.500", "soort": "Eenmalig", "van_jaar": 2027}
    old = {"uitvoering": {date_q.id: "1-7-2027", yes_no.id: "nee", "middelen": [line]}}
    new = {"uitvoering": {date_q.id: dt.date(2027, 7, 1), yes_no.id: False,
                          "middelen": [{**line, "bedrag": 24500, "soort": "eenmalig"}]}}
    assert answer_changes(catalog, old, new) == []
    new["uitvoering"]["middelen"][0]["bedrag"] = 30000
    [change] = answer_changes(catalog, old, new)
    assert any("€\u00a024.500 → €\u00a030.000" in d or "€ 24.500 → € 30.000" in d for d in change.details), change
