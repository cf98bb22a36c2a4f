"""The command table and the one error boundary in cli.py.

Every command on the command line reaches its typed function in its ``cmd_*`` module
through ``cli.COMMANDS``, with each option landing in the right parameter; and
an unexpected error tells the truth about what was saved before it happened.
"""
from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from handreiking.cli import cmd_init, cmd_status
from handreiking.cli import main as cli
from helpers import copy_example, run_cli


def _commands_in_help(capsys) -> set[str]:
    """The commands a person sees in ``handreiking --help``."""
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    section = text.split("Opdrachten:", 1)[1]
    return {m.group(1) for m in re.finditer(r"^    ([a-z][a-z-]*)\s", section, flags=re.MULTILINE)}


def test_every_command_in_help_is_in_the_table(capsys):
    assert _commands_in_help(capsys) == set(cli.COMMANDS)


def _options_read_by_the_table() -> dict[str, set[str]]:
    """For each command in ``cli.COMMANDS``: the parsed arguments (``a.<name>``) its entry reads."""
    tree = ast.parse(Path(cli.__file__).read_text(encoding="utf-8"))
    table = next(node.value for node in ast.walk(tree) if isinstance(node, ast.AnnAssign)
                 and getattr(node.target, "id", None) == "COMMANDS")
    return {key.value: {n.attr for n in ast.walk(value) if isinstance(n, ast.Attribute)
                        and getattr(n.value, "id", None) == "a"}
            for key, value in zip(table.keys, table.values)}


REQUIRED = {"init": ["nieuw"], "accept": [".", "regel-x"], "kies": ["."]}  # what each needs to parse at all


def test_every_option_of_every_command_is_passed_on(capsys):
    """An option added to the parser but not to the table would be silently ignored."""
    parser = cli.build_parser()
    read = _options_read_by_the_table()
    for name in cli.COMMANDS:
        options = set(vars(parser.parse_args([name, *REQUIRED.get(name, [])]))) - {"command"}
        assert options == read[name], name


# command line → (function in the command's module, the keyword arguments it must receive)
CALLS = [
    (["init", "nieuw", "--titel", "T", "--gemeente", "G", "--regisseur", "R", "--organisatie", "O",
      "--email", "r@g.nl", "--startdatum", "1-3-2026", "--git"],
     "init", {"example": False, "git": True,
              "details": cmd_init.PlanDetails("T", "G", "R", "O", "r@g.nl", "1-3-2026")}),
    (["init", "nieuw", "--voorbeeld"], "init", {"example": True, "git": False, "details": cmd_init.PlanDetails()}),
    (["wizard", "p", "--fase", "2", "--vraag", "horizonjaar"], "wizard",
     {"phase": "2", "question": "horizonjaar", "answers_file": None, "quiet": False}),
    (["wizard", "p", "--antwoorden", "a.yaml", "--stil"], "wizard",
     {"phase": None, "question": None, "answers_file": Path("a.yaml"), "quiet": True}),
    (["vragen", "--fase", "visie", "--markdown"], "questions", {"phase": "visie", "markdown": True}),
    (["render", "p", "--formaat", "md,HTML", "--check"], "render",
     {"formats": ("md", "html"), "check": True, "watch": False, "page_numbers": False}),
    (["render", "--watch"], "render", {"formats": (), "check": False, "watch": True, "page_numbers": False}),
    (["render", "p", "--paginanummers"], "render",
     {"formats": (), "check": False, "watch": False, "page_numbers": True}),
    (["verschil", "p", "v1", "v2", "--markdown"], "changes", {"revision": "v1", "revision2": "v2", "markdown": True}),
    (["verschil", "p"], "changes", {"revision": "HEAD", "revision2": None, "markdown": False}),
    (["setup-git", "p"], "setup_git", {}),
    (["kies", "p"], "choose", {"question": None, "ours": False, "theirs": False, "both": False, "new_value": None}),
    (["kies", "p", "titel", "--waarde", "Nieuw"], "choose",
     {"question": "titel", "ours": False, "theirs": False, "both": False, "new_value": "Nieuw"}),
    (["kies", "p", "regisseur_uren", "--ons", "--hun", "--beide"], "choose",
     {"question": "regisseur_uren", "ours": True, "theirs": True, "both": True, "new_value": None}),
    (["status", "p"], "status", {}),
    (["serve", "p", "--poort", "0", "--geen-browser"], "serve", {"port": 0, "open_browser": False}),
    (["serve", "p"], "serve", {"port": 8000, "open_browser": True}),
    (["check", "p", "--strict", "--json"], "check", {"strict": True, "as_json": True}),
    (["accept", "p", "regel-x", "--reden", "omdat"], "accept", {"rule": "regel-x", "reason": "omdat", "withdraw": False}),
    (["accept", "p", "regel-x", "--intrekken"], "accept", {"rule": "regel-x", "reason": None, "withdraw": True}),
    (["schema", "p", "--uitvoer", "uit"], "schema", {"output": Path("uit")}),
    (["huisstijl", "p", "--overschrijf"], "house_style", {"overwrite": True}),
]


@pytest.mark.parametrize("argv, function, expected", CALLS, ids=[" ".join(c[0][:2]) for c in CALLS])
def test_each_option_reaches_its_typed_parameter(monkeypatch, argv, function, expected):
    seen: list[tuple[tuple, dict]] = []

    def record(*args, **kwargs):
        seen.append((args, kwargs))
        return 7

    module, _call = cli.COMMANDS[argv[0]]
    monkeypatch.setattr(importlib.import_module(module), function, record)
    assert cli.main(argv) == 7
    (args, kwargs), = seen
    assert callable(kwargs.pop("echo"))
    if function != "questions":  # the plan folder: positional, a Path, '.' when not given
        folder = argv[1] if len(argv) > 1 and not argv[1].startswith("-") else "."
        assert args == (Path(folder),)
    assert kwargs == expected


def test_commands_are_reached_by_table_not_by_name():
    """No ``getattr(module, f"run_…")`` and no stand-in for parsed arguments: a renamed
    function or option is then an error the table shows, not a lookup that fails at run time."""
    for path in sorted(Path(cli.__file__).parent.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "SimpleNamespace" not in source
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "getattr":
                assert not isinstance(node.args[1], ast.JoinedStr), ast.unparse(node)
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                assert "args" not in [a.arg for a in node.args.args], node.name


# --- the error boundary ------------------------------------------------------------------


def test_an_unexpected_error_before_any_save_says_nothing_was_saved(tmp_path, monkeypatch, capsys):
    from handreiking.cli import cmd_check  # the command's module, which holds the name it calls

    plan = copy_example(tmp_path / "plan")
    before = {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()}

    def broken(*_args, **_kwargs):
        raise RuntimeError("een fout in de adviesregels")

    monkeypatch.setattr(cmd_check, "plan_advice", broken)
    assert run_cli("check", str(plan)) == 1
    err = capsys.readouterr().err
    assert "Er is niets opgeslagen: uw antwoordbestanden zijn niet aangepast." in err
    assert "RuntimeError: een fout in de adviesregels" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()} == before  # and that is true


def test_an_unexpected_error_after_a_save_names_what_was_saved(tmp_path, monkeypatch, capsys):
    from handreiking.cli import cmd_reference  # the module that writes the schemas, for init too

    def broken(*_args, **_kwargs):
        raise RuntimeError("schema kapot")

    monkeypatch.setattr(cmd_reference, "schema_text", broken)  # init writes plan.yaml and the answer files first
    plan = tmp_path / "nieuw"
    assert run_cli("init", str(plan), "--titel", "Plan") == 1
    err = capsys.readouterr().err
    assert "niets opgeslagen" not in err and "niet aangepast" not in err
    assert f"Wat daarvoor al was opgeslagen in {plan}, is bewaard" in err
    assert "plan.yaml, antwoorden/1-vertrekpunt.yaml" in err and " andere." in err  # five named, the rest counted
    assert "RuntimeError: schema kapot" in err and "Traceback" not in err
    assert (plan / "plan.yaml").is_file() and (plan / "antwoorden" / "1-vertrekpunt.yaml").is_file()

    # The record is per command: the next command in this process starts from nothing saved.
    monkeypatch.setattr(cmd_status, "status", lambda *_a, **_k: 1 / 0)
    assert run_cli("status", str(plan)) == 1
    err = capsys.readouterr().err
    assert "Er is niets opgeslagen" in err and "ZeroDivisionError" in err


def test_the_example_copy_counts_as_saved(tmp_path, monkeypatch, capsys):
    from handreiking.cli import cmd_reference  # the module that writes the schemas, for init too

    monkeypatch.setattr(cmd_reference, "schema_text", lambda *_a, **_k: 1 / 0)
    assert run_cli("init", "--voorbeeld", str(tmp_path / "v")) == 1
    err = capsys.readouterr().err
    assert "bewaard" in err and " andere." in err and "niets opgeslagen" not in err


def test_usage_problems_and_ctrl_c_keep_their_exit_codes(tmp_path, monkeypatch, capsys):
    plan = copy_example(tmp_path / "plan")
    assert run_cli("render", str(plan), "--formaat", "odt") == 2
    assert "onbekend formaat" in capsys.readouterr().err

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cmd_status, "status", interrupted)
    assert run_cli("status", str(plan)) == 130
    assert "Afgebroken." in capsys.readouterr().err


def test_the_record_of_saves_is_kept_by_the_write_path_and_stays_small(tmp_path):
    from handreiking.core.gate import save_mark, saves_since, write_plan_file, write_plan_files

    mark = save_mark()
    for round_ in range(50):  # the live view writing the same documents again and again
        write_plan_file(tmp_path, tmp_path / "documenten" / "a.md", f"versie {round_}")
    write_plan_files(tmp_path, {tmp_path / "b.yaml": "b: 1\n", tmp_path / "c.yaml": "c: 1\n"})
    assert saves_since(mark) == [tmp_path / "documenten" / "a.md", tmp_path / "b.yaml", tmp_path / "c.yaml"]
    later = save_mark()
    assert saves_since(later) == []
    write_plan_file(tmp_path, tmp_path / "b.yaml", "b: 2\n")
    assert saves_since(later) == [tmp_path / "b.yaml"]
