"""``status`` and ``--help`` by design: what they load, and status's one speed device.

``--help`` loads no command; ``status`` loads only what it prints when the facts of the
plan were kept for exactly these files (``cli/status_memo.py``), and then says exactly
what working them out says. Nothing here is timed: what a run loads is a fact, a time is not.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import copy_example, run_cli

HEAVY = ("jinja2", "yaml", "ruamel.yaml", "docx", "prompt_toolkit", "handreiking.render.pipeline",
         "handreiking.questionnaire.catalog", "handreiking.plan.folder")


def _loaded_after(*argv: str) -> tuple[set[str], str]:
    """The modules a fresh process has loaded after ``main(argv)``, and what it printed."""
    code = ("import sys\nfrom handreiking.cli.main import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    return set(done.stderr.split("\n")), done.stdout


def test_help_loads_no_command_and_no_reader():
    loaded, out = _loaded_after("--help")
    assert "Opdrachten:" in out
    assert not {m for m in loaded if m.startswith("handreiking.")} - {"handreiking.cli", "handreiking.cli.main",
                                                                      "handreiking.cli.argparse_dutch"}
    assert "shutil" not in loaded  # the terminal's width without it (and the compression libraries it loads)


def _status(plan: Path, capsys) -> tuple[int, str, str]:
    code = run_cli("status", str(plan))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_status_says_the_same_from_kept_facts_and_loads_only_what_it_prints(tmp_path, capsys, private_cache):
    plan = copy_example(tmp_path / "plan")  # no documents yet: missing, which needs no renderer to tell
    worked_out = _status(plan, capsys)
    assert worked_out[0] == 0 and "Documenten: verouderd of ontbreekt: communicatieplan.docx" in worked_out[1]
    from handreiking.cli import status_memo

    kept = json.loads(status_memo._memo_path(plan).read_text(encoding="utf-8"))  # plain JSON
    assert kept["sleutel"] == status_memo.inputs_key(plan) and kept["feiten"]["regels"][0][1] in worked_out[1]
    assert status_memo._memo_path(plan).parent == private_cache / "handreiking" / "status"
    assert _status(plan, capsys) == worked_out

    loaded, out = _loaded_after("status", str(plan))  # a new process, as a person runs it
    assert out == worked_out[1]
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_a_changed_file_is_worked_out_again(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    before = _status(plan, capsys)
    plan_file = plan / "plan.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("titel: ", "titel: Nieuw ", 1),
                         encoding="utf-8")
    code, out, _err = _status(plan, capsys)
    assert out.splitlines()[0] == "Nieuw " + before[1].splitlines()[0]

    answers = plan / "antwoorden" / "5-uitvoering.yaml"
    answers.write_text(answers.read_text(encoding="utf-8") + "\nonbekende_sleutel: [\n", encoding="utf-8")
    code, out, err = _status(plan, capsys)
    assert code == 1 and "Fout:" in err and "5-uitvoering.yaml" in err


def test_documents_and_git_are_asked_anew_every_time(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    assert run_cli("render", str(plan)) == 0
    capsys.readouterr()
    code, out, _err = _status(plan, capsys)
    assert code == 0 and "Documenten: alle 22 bestanden zijn bijgewerkt" in out
    (plan / "documenten" / "visiedocument.docx").unlink()
    code, out, _err = _status(plan, capsys)  # the facts are kept: the files on disk are not
    assert "Documenten: verouderd of ontbreekt: visiedocument.docx" in out

    subprocess.run(["git", "init", "-q", str(plan)], check=True)
    _code, _out, err = _status(plan, capsys)
    assert "Tip: handreiking setup-git" in err


@pytest.mark.parametrize("kept", ['{"sleutel": "x"', '[1, 2]', '{"sleutel": "%s", "feiten": {"fouten": false}}',
                                  '{"sleutel": "%s", "feiten": {"fouten": false, "regels": [[false, 3]], '
                                  '"documenten": [], "stand": []}}'])
def test_a_damaged_or_foreign_memo_is_not_used(tmp_path, capsys, private_cache, kept):
    from handreiking.cli import status_memo

    plan = copy_example(tmp_path / "plan")
    worked_out = _status(plan, capsys)
    key = status_memo.inputs_key(plan)
    path = status_memo._memo_path(plan)
    assert key is not None and path is not None and path.is_file()
    path.write_text(kept.replace("%s", key), encoding="utf-8")
    assert _status(plan, capsys) == worked_out


def test_no_key_for_what_it_cannot_vouch_for(tmp_path):
    from handreiking.cli import status_memo
    from handreiking.core.gate import JOURNAL

    plan = copy_example(tmp_path / "plan")
    key = status_memo.inputs_key(plan)
    assert key is not None and key == status_memo.inputs_key(plan)
    (plan / "sjablonen").mkdir()
    (plan / "sjablonen" / "huisstijl.css").write_text("h1 { color: red; }\n", encoding="utf-8")
    assert status_memo.inputs_key(plan) not in (None, key)  # the plan's own templates count
    (plan / JOURNAL).write_text("{}", encoding="utf-8")  # an unfinished batch: opening the plan finishes it
    assert status_memo.inputs_key(plan) is None
    (plan / JOURNAL).unlink()
    outside = tmp_path / "elders.yaml"
    outside.write_text("titel: x\n", encoding="utf-8")
    (plan / "antwoorden" / "extra.yaml").symlink_to(outside)  # the gate refuses a link out of the plan
    assert status_memo.inputs_key(plan) is None


def test_a_plan_in_git_says_the_same_from_kept_facts(tmp_path, capsys):
    """In git, status also asks git every time (set-up, a merge under way, the log the change log is
    made from); with the facts kept it says exactly what working them out says."""
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--voorbeeld", "--git") == 0
    shutil.rmtree(plan / "documenten")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    capsys.readouterr()
    worked_out = _status(plan, capsys)
    assert "Documenten: verouderd of ontbreekt: communicatieplan.docx" in worked_out[1]
    assert "communicatieplan.md" not in worked_out[1]  # made, and vouched for by the render state
    assert _status(plan, capsys) == worked_out
    subprocess.run(["git", "-C", str(plan), "commit", "-q", "--allow-empty", "-m", "niets"], check=True)
    assert _status(plan, capsys) == worked_out  # the log of the answers did not change
