"""The commands as a user runs them: Dutch messages, exit codes, no tracebacks."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLE, copy_example, run_cli


def handreiking(*args: str, cwd: Path | None = None, stdin: int | None = subprocess.DEVNULL):
    return subprocess.run([sys.executable, "-m", "handreiking", *args], capture_output=True, text=True,
                          cwd=cwd, stdin=stdin, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


def test_version_and_dutch_help():
    result = handreiking("--version")
    assert result.returncode == 0 and result.stdout.startswith("handreiking ")
    result = handreiking("--help")
    assert "Gebruik: handreiking" in result.stdout and "Opdrachten" in result.stdout
    for command in ("init", "wizard", "render", "status", "check", "schema"):
        sub = handreiking(command, "--help")
        assert sub.returncode == 0, command
        assert sub.stdout.startswith("Gebruik: handreiking " + command), command
        assert "Opties" in sub.stdout and "Toon deze hulptekst" in sub.stdout


def test_unknown_option_is_a_dutch_usage_error():
    result = handreiking("render", "--onzin")
    assert result.returncode == 2
    assert "onbekende argumenten" in result.stderr and "Traceback" not in result.stderr


def test_init_creates_a_plan_folder(tmp_path):
    plan = tmp_path / "nieuw"
    assert run_cli("init", str(plan), "--titel", "Proef", "--gemeente", "Gemeente Proef",
                   "--regisseur", "Anna", "--email", "anna@proef.example", "--startdatum", "2026-02-01") == 0
    assert (plan / "plan.yaml").read_text(encoding="utf-8").count("titel: Proef") == 1
    header = (plan / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8")
    assert header.startswith("# Fase 1 · Vertrekpunt")
    assert "$schema=../schema/1-vertrekpunt.schema.json" in header
    assert (plan / "schema" / "1-vertrekpunt.schema.json").is_file()
    assert ".handreiking.lock" in (plan / ".gitignore").read_text(encoding="utf-8")
    assert run_cli("check", str(plan)) == 0


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "bestaand.txt").write_text("x")
    assert run_cli("init", str(tmp_path), "--titel", "X") == 1
    assert "niet leeg" in capsys.readouterr().err


def test_init_without_terminal_or_title_explains(tmp_path):
    result = handreiking("init", str(tmp_path / "p"))
    assert result.returncode == 2
    assert "--titel" in result.stderr and "Traceback" not in result.stderr


def test_init_voorbeeld_then_render(tmp_path):
    demo = tmp_path / "demo"
    assert run_cli("init", "--voorbeeld", str(demo)) == 0
    assert run_cli("check", str(demo)) == 0
    assert run_cli("render", str(demo), "--check") == 0  # the example ships up-to-date documents


def test_status_shows_progress_per_phase_and_documents(tmp_path):
    plan = copy_example(tmp_path / "plan")
    result = handreiking("status", str(plan))
    assert result.returncode == 0
    assert "1 Vertrekpunt" in result.stdout and "beantwoord" in result.stdout
    assert "visiedocument.html" in result.stdout and "verouderd of ontbreekt" in result.stdout
    run_cli("render", str(plan))
    assert "verouderd" not in handreiking("status", str(plan)).stdout


def test_schema_is_draft_2020_12_and_accepts_the_example(tmp_path):
    import jsonschema
    import yaml

    plan = copy_example(tmp_path / "plan")
    assert run_cli("schema", str(plan)) == 0
    for name in ("1-vertrekpunt", "2-visie"):
        schema = json.loads((plan / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)
        data = yaml.safe_load((EXAMPLE / "antwoorden" / f"{name}.yaml").read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v))
        jsonschema.Draft202012Validator(schema).validate(data)
    bad = {"perspectief": "half"}
    schema = json.loads((plan / "schema" / "2-visie.schema.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))


BAD_FILES = [
    ("broken_yaml", "perspectief: inclusief\ntoekomstbeeld: [niet afgesloten\n", "niet afgesloten", 2),
    ("tab", "perspectief: inclusief\n\ttoekomstbeeld: x\n", "tab", 2),
    ("wrong_type", "perspectief: inclusief\ntoekomstbeeld:\n  - een\n  - lijst\n", "verwacht tekst", 3),
    ("unknown_choice", "perspectief: half-inclusief\n", "geen keuze", 1),
    ("number_as_text", "horizonjaar: over tien jaar\n", "verwacht een getal", 1),
    ("date_as_number", "eerste_evaluatie: 12\n", "datum", 1),
    ("duplicate_key", "perspectief: inclusief\nperspectief: passend\n", "twee keer", 2),
    ("merge_conflict", "perspectief: inclusief\n<<<<<<< HEAD\nhorizonjaar: 2030\n=======\nhorizonjaar: 2034\n>>>>>>> b\n",
     "mergeconflict", 2),
    ("group_not_list", "uitgangspunten: een tekst\n", "lijst van items", 1),
    ("not_a_mapping", "- perspectief\n- inclusief\n", "lijst", 1),
]


@pytest.mark.parametrize(("case", "content", "fragment", "line"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_answer_file_gives_dutch_error_with_file_and_line(tmp_path, case, content, fragment, line):
    import re

    plan = copy_example(tmp_path / "plan")
    (plan / "antwoorden" / "2-visie.yaml").write_text(content, encoding="utf-8")
    for command in ("check", "render"):
        result = handreiking(command, str(plan))
        assert result.returncode == 1, (case, command, result.stderr)
        assert "Traceback" not in result.stderr
        assert "antwoorden/2-visie.yaml" in result.stderr, result.stderr
        assert f"regel {line}" in result.stderr, result.stderr
        assert re.search(fragment, result.stderr), result.stderr


def test_unknown_keys_are_warnings_and_kept(tmp_path):
    plan = copy_example(tmp_path / "plan")
    path = plan / "antwoorden" / "2-visie.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "mijn_notitie: bewaren\n", encoding="utf-8")
    result = handreiking("check", str(plan))
    assert result.returncode == 0
    assert "Let op" in result.stderr and "mijn_notitie" in result.stderr
    assert "mijn_notitie: bewaren" in path.read_text(encoding="utf-8")


def test_missing_plan_yaml_and_newer_schema(tmp_path):
    result = handreiking("check", str(tmp_path))
    assert result.returncode == 1 and "plan.yaml ontbreekt" in result.stderr
    plan = copy_example(tmp_path / "plan")
    path = plan / "plan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("schema_versie: 1", "schema_versie: 9"),
                    encoding="utf-8")
    result = handreiking("check", str(plan))
    assert result.returncode == 1 and "nieuwere versie" in result.stderr and "Traceback" not in result.stderr


def test_wizard_without_terminal_points_to_batch_mode(tmp_path):
    plan = copy_example(tmp_path / "plan")
    result = handreiking("wizard", str(plan))
    assert result.returncode == 2
    assert "--antwoorden" in result.stderr and "terminal" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_ctrl_c_after_the_command_finished_keeps_its_exit_code():
    """A Ctrl-C that lands while Python shuts down, after the command has finished,
    must not turn the run into a traceback and a death by signal."""
    script = ("import os, signal, sys\n"
              "from handreiking import cli\n"
              "cli.main = lambda: 0\n"
              "code = cli.run()\n"
              "os.kill(os.getpid(), signal.SIGINT)\n"
              "sys.exit(code)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
