"""The commands as a user runs them: Dutch messages, exit codes, no tracebacks."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from handreiking.plan.folder import SCHEMA_VERSION
from helpers import EXAMPLE, copy_example, default_signals, run_cli


def handreiking(*args: str, cwd: Path | None = None, stdin: int | None = subprocess.DEVNULL):
    return subprocess.run([sys.executable, "-m", "handreiking", *args], capture_output=True, text=True,
                          cwd=cwd, stdin=stdin, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


def test_version_and_dutch_help():
    result = handreiking("--version")
    assert result.returncode == 0 and result.stdout.startswith("handreiking ")
    result = handreiking("--help")
    assert "Gebruik: handreiking" in result.stdout and "Opdrachten" in result.stdout
    bare = handreiking()  # no command: the same overview, with the exit code of a usage error
    assert bare.returncode == 2 and bare.stdout == result.stdout
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
    stdout = handreiking("status", str(plan)).stdout
    assert "verouderd" not in stdout
    # each document's status line, as on its cover and in the overview
    assert re.search(r"^  Visiedocument +Vastgesteld door de partners en het college van B&W op 25 juni 2026$", stdout, re.M)
    assert re.search(r"^  Plan van aanpak +Vastgesteld door de stuurgroep op 2 juli 2026$", stdout, re.M)


def test_schema_is_draft_07_and_accepts_the_example(tmp_path):
    import jsonschema
    import yaml

    plan = copy_example(tmp_path / "plan")
    assert run_cli("schema", str(plan)) == 0
    for name in ("1-vertrekpunt", "2-visie"):
        schema = json.loads((plan / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(schema)
        data = yaml.safe_load((EXAMPLE / "antwoorden" / f"{name}.yaml").read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v))
        jsonschema.Draft7Validator(schema).validate(data)
    bad = {"perspectief": "half"}
    schema = json.loads((plan / "schema" / "2-visie.schema.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(bad))
    # the editor accepts what handreiking accepts: Dutch values, and a short list (an open item)
    dutch = {"lea_verankering": "ja", "eerste_evaluatie": "1-7-2027", "aandeel_niveau_2": "12,5",
             "uitgangspunten": [{"naam": "Ieder kind is welkom"}]}
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(dutch))
    as_shown = {"eerste_evaluatie": "1 juli 2027", "aandeel_niveau_2": "12%"}  # as the wizard and documents write them
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(as_shown))
    assert len(list(jsonschema.Draft7Validator(schema).iter_errors(
        {"lea_verankering": "misschien", "aandeel_niveau_2": "ongeveer 12"}))) == 2


def test_bad_answer_file_message_reaches_the_terminal(tmp_path):
    """The catalogue of bad files is in test_bad_files.py (in-process); this is the one
    end-to-end check that the located Dutch message and exit code reach a real process."""
    plan = copy_example(tmp_path / "plan")
    (plan / "antwoorden" / "2-visie.yaml").write_text("kernwaarden:\n  - respect\n  samenwerking\n",
                                                      encoding="utf-8")
    for command in ("check", "render"):
        result = handreiking(command, str(plan))
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert "antwoorden/2-visie.yaml, regel 3" in result.stderr, result.stderr
        assert "er mist een streepje (-) voor dit item" in result.stderr
        assert "1 fout gevonden. Herstel die en probeer opnieuw." in result.stderr


def test_a_broken_phase_does_not_hide_the_others_in_status(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    (plan / "antwoorden" / "3-onderzoek.yaml").write_text("analysevragen: [\n", encoding="utf-8")
    assert run_cli("status", str(plan)) == 1
    out, err = capsys.readouterr()
    assert "2 Visie" in out and "beantwoord" in out
    assert "! 3 Onderzoek" in out and "3-onderzoek.yaml, regel 1" in err


def test_a_broken_plan_yaml_does_not_hide_the_phases_in_status(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    with (plan / "plan.yaml").open("a", encoding="utf-8") as file:
        file.write("versiedatum: [2026\n")
    assert run_cli("status", str(plan)) == 1
    out, err = capsys.readouterr()
    assert "plan.yaml, regel" in err and "wordt niet afgesloten" in err
    assert "✓ 5 Uitvoering" in out and "beantwoord" in out
    assert "Documenten: niet bij te werken zolang plan.yaml" in out


@pytest.mark.parametrize("line, said", [
    ("formaten: [md, rtf]", "onbekend formaat: rtf; kies uit md, html, docx, pdf"),
    ("versiedatum: 2026-13-45", "'2026-13-45' is geen bestaande datum"),
])
def test_a_wrong_value_in_plan_yaml_is_named_with_its_line(tmp_path, capsys, line, said):
    plan = copy_example(tmp_path / "plan")
    path = plan / "plan.yaml"
    key = line.split(":")[0]
    lines = [text for text in path.read_text(encoding="utf-8").splitlines() if not text.startswith(key + ":")]
    path.write_text("\n".join([*lines, line]) + "\n", encoding="utf-8")
    for command in ("render", "status", "check"):
        assert run_cli(command, str(plan)) == 1, command
        err = capsys.readouterr().err
        assert f"plan.yaml, regel {len(lines) + 1}" in err and said in err, (command, err)


def test_questions_that_depend_on_a_broken_phase_are_not_counted_as_done(tmp_path, capsys):
    """Whether a question of Planvorming applies may depend on Visie's answers; with Visie's
    file broken that cannot be told, so status says they wait instead of calling the phase complete."""
    plan = copy_example(tmp_path / "plan")
    (plan / "antwoorden" / "2-visie.yaml").write_text("kernwaarden: [\n", encoding="utf-8")
    assert run_cli("status", str(plan)) == 1
    lines = {line.split()[2]: line for line in capsys.readouterr().out.splitlines() if line[:4] in ("  ✓ ", "  · ")}
    assert lines["Planvorming"].startswith("  · ") and "6 vragen wachten op Visie" in lines["Planvorming"]
    assert "1 vraag wacht op Visie" in lines["Onderzoek"]
    assert lines["Uitvoering"].startswith("  ✓ ") and "wacht" not in lines["Uitvoering"]


def test_check_and_status_speak_proper_dutch_plurals(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    assert run_cli("check", str(plan)) == 0
    assert run_cli("status", str(plan)) == 0
    out = capsys.readouterr().out
    assert "(s)" not in out and "(en)" not in out and "(e)" not in out and "/vragen" not in out
    assert re.search(r"\d+ let op en (1 tip|\d+ tips) open", out), out


def test_verschil_without_git_says_how_to_start_a_history(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    assert run_cli("verschil", str(plan)) == 1
    err = capsys.readouterr().err
    assert "init --git" not in err
    assert f'git -C "{plan}" init' in err and "commit" in err
    for step in ("init", "add -A", 'commit -m "Plan tot nu toe"'):
        subprocess.run(["git", "-C", str(plan), *step.replace('"', "").split(" ", 2)] if step.startswith("commit")
                       else ["git", "-C", str(plan), *step.split()], check=True, capture_output=True,
                       env={"PATH": "/usr/bin:/bin", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(tmp_path)})
    assert run_cli("verschil", str(plan)) == 0  # the suggested steps work
    assert "Geen veranderingen" in capsys.readouterr().out


def test_init_writes_plan_yaml_without_anchors_and_accepts_a_dutch_date(tmp_path):
    plan = tmp_path / "nieuw"
    assert run_cli("init", str(plan), "--titel", "Proef", "--startdatum", "1-2-2026") == 0
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    assert "&" not in text and "*" not in text
    assert "startdatum: 2026-02-01\nversiedatum: 2026-02-01\n" in text
    edited = text.replace("startdatum: 2026-02-01", "startdatum: 2026-03-01")  # as the comment invites
    (plan / "plan.yaml").write_text(edited, encoding="utf-8")
    assert run_cli("check", str(plan)) == 0


@pytest.mark.parametrize("damage", ["missing", "file"])
def test_without_the_answers_folder_nothing_is_checked_or_rendered(tmp_path, damage, capsys):
    import shutil

    plan = copy_example(tmp_path / "plan")
    shutil.copytree(EXAMPLE / "documenten", plan / "documenten")
    before = {p.name: p.read_bytes() for p in (plan / "documenten").iterdir()}
    shutil.rmtree(plan / "antwoorden")
    if damage == "file":
        (plan / "antwoorden").write_text("geen map", encoding="utf-8")
    for command in ("check", "render", "status"):
        assert run_cli(command, str(plan)) == 1, command
        assert "antwoorden" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in (plan / "documenten").iterdir()} == before


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_help_and_messages_on_a_terminal_that_is_not_utf8(tmp_path, encoding):
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": encoding}
    run = lambda *args: subprocess.run([sys.executable, "-m", "handreiking", *args],  # noqa: E731
                                       capture_output=True, env=env, stdin=subprocess.DEVNULL)
    result = run("--help")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert b"handreiking init MAP  -  en dan" in result.stdout
    result = run("accept", str(copy_example(tmp_path / "plan")), "onbekende_regel")
    assert result.returncode == 2 and b"Traceback" not in result.stderr and b"onbekende_regel" in result.stderr


@pytest.mark.parametrize("args, fragment", [
    (["render", "--formaat", "odt"], "onbekend formaat"),
    (["render", "--watch", "--check"], "gaan niet samen"),
    (["init", "{new}", "--titel", "T", "--startdatum", "morgen"], "--startdatum moet een datum zijn"),
    (["foo"], "ongeldige keuze: 'foo' \\(kies uit"),
])
def test_usage_errors_found_after_parsing_exit_2_in_dutch(tmp_path, capsys, args, fragment):
    import re

    plan = copy_example(tmp_path / "plan")
    args = [a.format(plan=plan, new=tmp_path / "nieuw") for a in args]
    if args[0] == "foo":
        with pytest.raises(SystemExit) as stopped:
            run_cli(*args)
        assert stopped.value.code == 2
    else:
        assert run_cli(*args) == 2
    assert re.search(fragment, capsys.readouterr().err)


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
    path.write_text(path.read_text(encoding="utf-8").replace(f"schema_versie: {SCHEMA_VERSION}", "schema_versie: 9"),
                    encoding="utf-8")
    result = handreiking("check", str(plan))
    assert result.returncode == 1 and "nieuwere versie" in result.stderr and "Traceback" not in result.stderr


def test_wizard_without_terminal_points_to_batch_mode(tmp_path):
    plan = copy_example(tmp_path / "plan")
    result = handreiking("wizard", str(plan))
    assert result.returncode == 2
    assert "--antwoorden" in result.stderr and "terminal" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_does_not_load_the_renderer():
    """check reads documenten.yaml through its own module; Markdown and Word stay unloaded."""
    code = ("import sys; from handreiking.cli.main import main; main(['check', sys.argv[1]]); "
            "print(sorted(m for m in ('handreiking.render.pipeline', 'docx', 'markdown', 'jsonschema') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True)
    assert result.stdout.strip().endswith("[]"), result.stdout + result.stderr


def test_a_ctrl_c_after_the_command_finished_keeps_its_exit_code():
    """A Ctrl-C that lands while Python shuts down, after the command has finished,
    must not turn the run into a traceback and a death by signal."""
    script = ("import os, signal, sys\n"
              "from handreiking.cli import main as cli\n"
              "cli.main = lambda: 0\n"
              "code = cli.run()\n"
              "os.kill(os.getpid(), signal.SIGINT)\n"
              "sys.exit(code)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30,
                            preexec_fn=default_signals)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args, fragment", [
    (["--fase", "zeven"], "onbekende fase 'zeven'"),
    (["--vraag", "bestaat_niet"], "geen fase heeft een vraag 'bestaat_niet'"),
    (["--fase", "visie", "--vraag", "stakeholders"], "fase 'visie' heeft geen vraag 'stakeholders'"),
])
def test_wizard_with_an_unknown_phase_or_question_is_a_usage_error(tmp_path, capsys, args, fragment):
    plan = copy_example(tmp_path / "plan")
    assert run_cli("wizard", str(plan), *args) == 2
    err = capsys.readouterr().err
    assert fragment in err
    assert "questionnaires" not in err  # a folder of the source code, not of the user's plan
    if "--vraag" in args:
        assert "'handreiking vragen --fase 2'" in err if "visie" in args else "'handreiking vragen'" in err


def test_vragen_with_an_unknown_phase_is_a_usage_error_too(capsys):
    assert run_cli("vragen", "--fase", "zeven") == 2
    assert "onbekende fase 'zeven'" in capsys.readouterr().err


def test_init_refuses_an_email_address_without_at_sign(tmp_path, capsys):
    from handreiking.core.values import email_problem

    plan = tmp_path / "nieuw"
    assert run_cli("init", str(plan), "--titel", "Proef", "--email", "fatima.zuiderveen.nl") == 2
    assert "het @-teken ontbreekt" in capsys.readouterr().err
    assert not (plan / "plan.yaml").exists()
    assert email_problem("") is None and email_problem("f.zuiderveen@lindewaard.nl") is None
    assert email_problem("f@lindewaard") and email_problem("f zuiderveen@lindewaard.nl")


def test_render_says_made_for_new_files_and_updated_for_changed_ones(tmp_path, capsys):
    plan = tmp_path / "nieuw"
    assert run_cli("init", str(plan), "--titel", "Proef", "--regisseur", "Anna", "--organisatie", "Gemeente Proef",
                   "--startdatum", "2026-02-01") == 0
    capsys.readouterr()
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    first = capsys.readouterr().out.splitlines()
    assert first and all(line.startswith("Gemaakt: ") for line in first), first
    (plan / "antwoorden" / "2-visie.yaml").write_text("horizonjaar: 2032\n", encoding="utf-8")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    second = capsys.readouterr().out.splitlines()
    assert second and all(line.startswith("Bijgewerkt: ") for line in second), second
    assert any("visiedocument.md" in line for line in second)


def test_a_broken_installation_is_a_dutch_message(tmp_path, monkeypatch, capsys):
    """Shipped data that is missing (a half-copied installation) is explained, not a traceback."""
    from handreiking.questionnaire import catalog as questionnaire
    from handreiking.core import resources

    monkeypatch.setattr(resources, "_PACKAGE_DIR", tmp_path / "site-packages" / "handreiking")
    resources.data_dir.cache_clear()
    questionnaire._load_catalog.cache_clear()
    try:
        assert run_cli("init", str(tmp_path / "plan"), "--titel", "T") == 1
        assert "onvolledig geïnstalleerd" in capsys.readouterr().err
    finally:
        resources.data_dir.cache_clear()


def test_argparse_groups_and_errors_come_out_in_dutch():
    """The argparse adapter still reaches its internals, and knows every error it is shown."""
    import argparse

    from handreiking.cli.argparse_dutch import dutch_error, dutch_group_titles, phrases_as_they_are

    assert callable(argparse._) and callable(argparse.ngettext)  # what phrases_as_they_are replaces
    phrases_as_they_are()
    parser = argparse.ArgumentParser(prog="p", add_help=False)
    dutch_group_titles(parser)
    parser.add_argument("map")
    parser.add_argument("--formaat", choices=["md", "html"])
    parser.add_argument("--aantal", type=int)
    parser.add_argument("--een")
    help_text = parser.format_help()
    assert "Argumenten:" in help_text and "Opties:" in help_text
    errors = []

    class Stopped(Exception):
        pass

    def stop(message):
        errors.append(message)
        raise Stopped

    parser.error = stop  # type: ignore[method-assign]
    for argv in ([], ["m", "--formaat", "pdf"], ["m", "--aantal", "x"], ["m", "--een"], ["m", "extra"]):
        with pytest.raises(Stopped):
            parser.parse_args(argv)
    assert len(errors) == 5, errors
    english = [message for message in map(dutch_error, errors)
               if any(word in message for word in ("required", "invalid", "expected", "unrecognized", "choose"))]
    assert not english, english


def test_the_plan_file_instead_of_its_folder_is_named_as_such(tmp_path, capsys):
    from handreiking.cli.main import main

    assert main(["init", str(tmp_path / "plan"), "--voorbeeld"]) == 0
    capsys.readouterr()
    assert main(["check", str(tmp_path / "plan" / "plan.yaml")]) == 1
    err = capsys.readouterr().err
    assert "is het planbestand, niet de planmap" in err and "bestaat niet" not in err
