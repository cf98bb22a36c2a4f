"""What a file says is what the plan holds: Dutch numbers, dates in order and line endings,
through the installed command (issue 19, points 2, 8 and 10).

- ``bedrag: 24.500`` in a file is read by YAML as 24,5; ``check`` and batch mode report it as
  a likely point between thousands, with file, line and question.
- An end date before its start is refused in batch mode, with both dates.
- ``init`` always writes ``.gitattributes``, and ``render --check`` passes on a plan checked
  out with Windows line endings (``core.autocrlf=true``).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from git_helpers import git, git_env  # noqa: F401 - git_env is a fixture
from helpers import EXAMPLE, installed_command

HANDREIKING = installed_command()


def handreiking(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([HANDREIKING, *args], cwd=cwd, capture_output=True, text=True, timeout=180)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "plan", ignore=shutil.ignore_patterns("documenten"))
    return tmp_path / "plan"


def _set_line(path: Path, key: str, value: str) -> int:
    """Replace ``key: …`` (its first occurrence) by ``key: value``; returns its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:"))
    indent = lines[number][: len(lines[number]) - len(lines[number].lstrip())]
    lines[number] = f"{indent}{key}: {value}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


# --- Dutch numbers in files (point 2) ------------------------------------------------------


def test_a_point_between_thousands_in_an_answer_file_is_reported(plan):
    path = plan / "antwoorden" / "4-planvorming.yaml"
    line = _set_line(path, "extra_kosten_per_jaar", "24.500")
    done = handreiking("check", "plan", cwd=plan.parent)
    assert done.returncode == 1
    message = next(m for m in done.stderr.splitlines() if "24.500" in m)
    assert "4-planvorming.yaml" in message and f"regel {line}" in message
    assert "extra_kosten_per_jaar" in message and "Wat kosten de extra voorzieningen" in message
    assert "24.500 wordt gelezen als 24,5" in message and "duizendtallen" in message
    assert "Traceback" not in done.stderr

    _set_line(path, "extra_kosten_per_jaar", "'24.500'")  # quoted: Dutch notation, read as 24500
    assert handreiking("check", "plan", cwd=plan.parent).returncode == 0
    _set_line(path, "extra_kosten_per_jaar", "24.5")  # two readings are not in doubt
    assert handreiking("check", "plan", cwd=plan.parent).returncode == 0
    _set_line(path, "extra_kosten_per_jaar", "0.500")  # nor is a number below one
    assert handreiking("check", "plan", cwd=plan.parent).returncode == 0
    _set_line(path, "extra_kosten_per_jaar", "1.000  # duizend euro")
    done = handreiking("check", "plan", cwd=plan.parent)
    assert done.returncode == 1 and "1.000 wordt gelezen als 1;" in done.stderr and "Bedoelt u 1000" in done.stderr


def test_a_point_between_thousands_in_a_list_item_of_a_batch_file_is_refused(plan):
    before = (plan / "antwoorden" / "5-uitvoering.yaml").read_bytes()
    source = plan.parent / "invoer.yaml"
    source.write_text("uitvoering:\n  middelen:\n    - post: Coördinatie\n      bedrag: 24.500\n"
                      "      bron: gemeentefonds\n", encoding="utf-8")
    done = handreiking("wizard", "plan", "--antwoorden", str(source), cwd=plan.parent)
    assert done.returncode == 1
    assert "invoer.yaml, regel 4" in done.stderr and "24.500 wordt gelezen als 24,5" in done.stderr
    assert "bedrag" in done.stderr
    assert (plan / "antwoorden" / "5-uitvoering.yaml").read_bytes() == before  # nothing saved

    source.write_text("uitvoering:\n  middelen:\n    - post: Coördinatie\n      bedrag: '€ 24.500,00'\n"
                      "      soort: structureel\n      van_jaar: 2027\n      bron: gemeentefonds\n", encoding="utf-8")
    # a plan without budget lines yet, so that the budget is this one line
    assert handreiking("init", "nieuw", "--titel", "T", "--gemeente", "G", "--startdatum", "2026-01-12",
                       cwd=plan.parent).returncode == 0
    done = handreiking("wizard", "nieuw", "--antwoorden", str(source), cwd=plan.parent)
    assert done.returncode == 0, done.stderr
    stored = yaml.safe_load((plan.parent / "nieuw" / "antwoorden" / "5-uitvoering.yaml").read_text(encoding="utf-8"))
    assert stored["middelen"] == [{"post": "Coördinatie", "bedrag": 24500, "soort": "structureel", "van_jaar": 2027,
                                   "bron": "gemeentefonds"}]
    status = handreiking("status", "nieuw", cwd=plan.parent)
    assert "Begroting: € 24.500 per jaar" in status.stdout, status.stdout  # not € 24,50


def test_a_number_with_three_decimals_the_wizard_writes_reads_back_the_same(plan):
    """1,125 typed is 1,125: the file gets 1.1250, which no check takes for thousands."""
    source = plan.parent / "invoer.yaml"
    source.write_text("vertrekpunt:\n  regisseur_uren: '1,125'\n", encoding="utf-8")
    assert handreiking("wizard", "plan", "--antwoorden", str(source), cwd=plan.parent).returncode == 0
    text = (plan / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8")
    assert "regisseur_uren: 1.1250" in text
    done = handreiking("check", "plan", cwd=plan.parent)
    assert done.returncode == 0 and "duizendtallen" not in done.stderr, done.stderr


# --- dates in order in batch mode (point 10) ---------------------------------------------------


def test_an_end_before_its_start_is_refused_in_batch_mode_with_both_dates(plan):
    before = (plan / "antwoorden" / "5-uitvoering.yaml").read_bytes()
    source = plan.parent / "invoer.yaml"
    source.write_text("uitvoering:\n  startdatum_uitvoering: 1-9-2027\n  einddatum_uitvoering: 1-7-2027\n",
                      encoding="utf-8")
    done = handreiking("wizard", "plan", "--antwoorden", str(source), cwd=plan.parent)
    assert done.returncode == 1
    assert "(1-7-2027) ligt vóór de startdatum van de uitvoering (1-9-2027)" in done.stderr
    assert "invoer.yaml, regel 3" in done.stderr  # the end date
    assert (plan / "antwoorden" / "5-uitvoering.yaml").read_bytes() == before


def test_a_measurement_out_of_order_is_refused_in_batch_mode(plan):
    """Within one item: the end measurement of a goal before its baseline. (Milestones may lie
    before the start of the execution: the examples plan the adoption of the plan as one.)"""
    source = plan.parent / "invoer.yaml"
    source.write_text("evaluatie:\n  evaluatieplan:\n    - doel: Meer kinderen in de gewone groep\n"
                      "      nulmeting: 1-9-2028\n      eindmeting: 1-7-2027\n", encoding="utf-8")
    done = handreiking("wizard", "plan", "--antwoorden", str(source), cwd=plan.parent)
    assert done.returncode == 1, done.stdout
    assert "De datum van de eindmeting (1-7-2027) ligt vóór de datum van de nulmeting (1-9-2028)" in done.stderr
    assert "regel 3" in done.stderr and "evaluatierij 1" in done.stderr


# --- line endings (point 8) --------------------------------------------------------------------


def test_init_always_writes_gitattributes(tmp_path):
    done = handreiking("init", "nieuw", "--titel", "T", "--gemeente", "G", "--regisseur", "R",
                       "--startdatum", "2026-01-12", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    attributes = (tmp_path / "nieuw" / ".gitattributes").read_text(encoding="utf-8")
    assert "documenten/** -text" in attributes and "*.yaml text eol=lf" in attributes
    done = handreiking("init", "voorbeeld", "--voorbeeld", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "voorbeeld" / ".gitattributes").read_text(encoding="utf-8") == attributes


@pytest.mark.slow  # a git clone and a render of the example
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.usefixtures("git_env")
def test_render_check_passes_on_a_plan_checked_out_with_windows_line_endings(tmp_path):
    """A plan put in git by hand (no .gitattributes), cloned with core.autocrlf=true: every
    text document has CRLF line endings, and render --check still finds them current."""
    source = tmp_path / "bron"
    shutil.copytree(EXAMPLE, source)
    assert not (source / ".gitattributes").exists()
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "plan")
    git(tmp_path, "-c", "core.autocrlf=true", "clone", "-q", str(source), "kloon")
    clone = tmp_path / "kloon"
    markdown = (clone / "documenten" / "visiedocument.md").read_bytes()
    assert b"\r\n" in markdown  # really checked out the Windows way
    assert b"\r\n" in (clone / "documenten" / "visiedocument.html").read_bytes()
    done = handreiking("render", "kloon", "--check", "--formaat", "md,html", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    (clone / "documenten" / "visiedocument.md").write_bytes(markdown.replace(b"Lindewaard", b"Elders", 1))
    changed = handreiking("render", "kloon", "--check", "--formaat", "md,html", cwd=tmp_path)
    assert changed.returncode == 1 and "visiedocument.md" in changed.stdout + changed.stderr
