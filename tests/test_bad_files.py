"""A catalogue of what people and tools do to answer files.

Every case runs ``handreiking check`` and ``handreiking render`` on a copy of the
example plan with one file replaced. Bad files must give a Dutch message with
file and line and exit 1; files that are unusual but fine must be accepted.
Never a traceback.
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from handreiking.plan.folder import SCHEMA_VERSION
from helpers import copy_example, run_cli

VISIE = "antwoorden/2-visie.yaml"
START = "antwoorden/1-vertrekpunt.yaml"
PLAN = "plan.yaml"


@dataclass(frozen=True)
class Case:
    id: str
    content: bytes
    fragment: str | None = None  # regex the message must contain; None = accepted
    line: int | None = None
    file: str = VISIE
    warning: str | None = None  # accepted, with this warning

    @property
    def accepted(self) -> bool:
        return self.fragment is None


def b(text: str) -> bytes:
    return text.encode("utf-8")


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))

CASES = [
    # -- broken YAML
    Case("unclosed_list", b("perspectief: inclusief\nkernwaarden: [respect\n"), "niet afgesloten", 2),
    # the parser notices on the next line; the message names the line with the [
    Case("unclosed_list_before_more", b("kernwaarden: [respect, gelijkwaardigheid\nperspectief: inclusief\n"),
         "lijst tussen \\[ en \\] wordt niet afgesloten", 1),
    Case("unclosed_block_before_more", b("perspectief: inclusief\nx: {a: 1\nhorizonjaar: 2034\n"),
         "blok tussen \\{ en \\} wordt niet afgesloten", 2),
    Case("unclosed_quote", b('toekomstbeeld: "Ieder kind\nperspectief: inclusief\n'), "aanhalingsteken|klopt niet", 1),
    Case("tab_indent", b("ondertekenaars:\n\t- naam: A\n"), "tab", 2),
    Case("character_that_cannot_start_a_value", b("toekomstbeeld: @iedereen\n"), "aanhalingstekens", 1),
    Case("tab_after_key", b("perspectief:\tinclusief\nhorizonjaar: 2034\n\thorizonjaar: 1\n"), "tab", 1),
    Case("colon_in_text", b("toekomstbeeld: Doel: ieder kind: welkom\n"), "dubbele punt", 1),
    Case("bad_indent", b("ondertekenaars:\n  - naam: A\n   functie: B\n"), "inspringing|klopt niet", 3),
    Case("missing_colon", b("perspectief inclusief\nhorizonjaar: 2034\n"), "dubbele punt|klopt", 2),
    Case("undefined_alias", b("perspectief: *nergens\n"), "verwijzing", 1),
    Case("duplicate_key", b("perspectief: inclusief\nhorizonjaar: 1\nperspectief: passend\n"), "twee keer", 3),
    Case("duplicate_key_in_item", b("ondertekenaars:\n  - naam: A\n    naam: B\n"), "twee keer", 3),
    Case("merge_conflict", b("perspectief: inclusief\n<<<<<<< HEAD\nhorizonjaar: 2030\n=======\n"
                             "horizonjaar: 2034\n>>>>>>> feature\n"), "mergeconflict", 2),
    Case("merge_conflict_middle", b("a: 1\nb: 2\n=======\n"), "mergeconflict", 3),
    Case("dash_after_key", b("perspectief: inclusief\nuitgangspunten:   - naam: A\n"), "geen lijst-item", 2),
    Case("nested_too_deep", b("kernwaarden: " + "[" * 5000 + "]" * 5000 + "\n"), "te diep in elkaar", 1),
    Case("top_level_list", b("- perspectief\n- inclusief\n"), "lijst", 1),
    Case("top_level_scalar", b("gewoon een zin\n"), "losse waarde", 1),
    # -- wrong types
    Case("list_for_text", b("toekomstbeeld:\n  - een\n  - twee\n"), "verwacht tekst", 2),
    Case("mapping_for_text", b("toekomstbeeld:\n  a: b\n"), "verwacht tekst", 2),
    Case("bool_for_text", b("toekomstbeeld: true\n"), "verwacht tekst", 1),
    Case("text_for_number", b("horizonjaar: over tien jaar\n"), "verwacht een getal", 1),
    Case("bool_for_number", b("horizonjaar: false\n"), "verwacht een getal", 1),
    Case("number_out_of_range", b("horizonjaar: 1850\n"), "minstens", 1),
    Case("number_for_date", b("eerste_evaluatie: 12\n"), "datum", 1),
    Case("text_for_date", b("eerste_evaluatie: volgend voorjaar\n"), "datum", 1),
    Case("impossible_date", b("perspectief: inclusief\neerste_evaluatie: 2027-02-30\n"), "geen bestaande datum", 2),
    Case("impossible_month", b("perspectief: inclusief\neerste_evaluatie: 2027-13-45\n"), "geen bestaande datum", 2),
    Case("text_for_yes_no", b("lea_verankering: misschien\n"), "ja of nee", 1),
    Case("unknown_choice", b("perspectief: half-inclusief\n"), r"geen keuze.*Inclusieve kinderopvang \(inclusief\)", 1),
    Case("choice_as_list", b("perspectief: [inclusief]\n"), "lijst", 1),
    Case("unknown_multi_choice", b("kernwaarden: [respect, snelheid]\n"), "geen keuze", 1),
    Case("multi_choice_twice", b("kernwaarden: [respect, respect]\n"), "twee keer", 1),
    Case("other_where_not_allowed", b("perspectief: {anders: iets}\n"), "eigen antwoord", 1),
    Case("other_empty", b("kernwaarden: [{anders: ''}]\n"), "anders", 1),
    Case("group_as_text", b("ondertekenaars: wethouder\n"), "lijst van items", 1),
    Case("group_item_scalar", b("ondertekenaars:\n  - wethouder\n"), "blok met regels", 2),
    Case("group_field_wrong_type", b("ondertekenaars:\n  - naam: A\n    datum: gisteren\n"), "datum", 3),
    Case("missing_dash", b("kernwaarden:\n  - respect\n  nieuwsgierigheid\n  - gelijkwaardigheid\n"),
         "mist een streepje", 3),
    Case("missing_dash_last", b("kernwaarden:\n  - respect\n  - gelijkwaardigheid\n  nieuwsgierigheid\n"),
         "mist een streepje", 4),
    Case("missing_dash_group", b("ondertekenaars:\n  - naam: A\n    functie: B\n  naam: C\n"),
         "mist een streepje", 4),
    Case("unknown_multi_choice_block", b("kernwaarden:\n  - respect\n  - snelheid\n"),
         "'snelheid' is geen keuze", 3),
    Case("nan_for_number", b("horizonjaar: .nan\n"), "verwacht een getal", 1),
    Case("infinity_for_number", b("aandeel_niveau_1: .inf\n"), "verwacht een getal", 1),
    Case("text_too_long", b("toekomstbeeld: " + "a" * 25_000 + "\n"), "te lang", 1),
    # -- encodings and bytes
    Case("latin1", "toekomstbeeld: één kind\n".encode("latin-1"), "UTF-8", 1),
    Case("utf16", "perspectief: inclusief\n".encode("utf-16"), "UTF-8", 1),
    Case("nul_byte", b("perspectief: inclusief\nhorizonjaar: 20\x0034\n"), "NUL", 2),
    Case("control_char", b("toekomstbeeld: a\x01b\n"), "stuurteken", 1),
    Case("escape_char", b("perspectief: inclusief\ntoekomstbeeld: kleur \x1b[31m\n"), "stuurteken", 2),
    Case("alias_bomb", b(ALIAS_BOMB), "verwijzingen", None),
    Case("huge_file", b("toekomstbeeld: |\n" + ("  " + "x" * 98 + "\n") * 60_000), "te groot", None),
    # -- accepted
    Case("empty_file", b""),
    Case("only_comment", b("# nog niets ingevuld\n")),
    Case("only_whitespace", b("\n\n   \n")),
    Case("bom", b"\xef\xbb\xbf" + b("perspectief: inclusief\n")),
    Case("crlf", b("perspectief: inclusief\r\nhorizonjaar: 2034\r\n")),
    Case("rtl_and_emoji", b("toekomstbeeld: \"ieder kind 👧🏽👦🏻 welkom — كل طفل مرحب به — כל ילד\"\n")),
    Case("null_answers", b("perspectief:\nhorizonjaar: ~\n")),
    Case("brackets_in_quotes_and_comments_are_no_depth",
         b("toekomstbeeld: '" + "[" * 300 + "'  # " + "{" * 300 + "\nperspectief: inclusief\n")),
    # what the wizard accepts, a file accepts; short and long lists are open items, not errors
    Case("dutch_values", b("lea_verankering: ja\neerste_evaluatie: 1-7-2027\naandeel_niveau_2: 12,5\n"
                           "perspectief: Inclusieve kinderopvang\n")),
    Case("too_few_items", b("uitgangspunten:\n  - naam: A\n")),
    Case("too_many_items", b("uitgangspunten:\n" + "".join(f"  - naam: U{i}\n" for i in range(7)))),
    Case("date_as_string", b("eerste_evaluatie: '2027-06-01'\n")),
    Case("number_as_text_answer", b("toekomstbeeld: 2034\n")),
    Case("unknown_key", b("perspectief: inclusief\neigen_notitie: bewaren\n"), warning="eigen_notitie"),
    Case("unknown_group_field", b("ondertekenaars:\n  - naam: A\n    telefoon: '06'\n"), warning="telefoon"),
    # -- plan.yaml
    Case("plan_broken", b("titel: [\n"), "plan.yaml|klopt", None, PLAN),
    Case("plan_without_title", b("gemeente: X\n"), "titel", None, PLAN),
    Case("plan_newer_schema", b("schema_versie: 7\ntitel: X\n"), "nieuwere versie", None, PLAN),
    Case("plan_bad_date", b("schema_versie: 1\ntitel: X\nstartdatum: morgen\n"), "datum", 3, PLAN),
    Case("plan_regisseur_text", b("schema_versie: 1\ntitel: X\nregisseur: Fatima\n"), "blok", 3, PLAN),
    Case("plan_older_schema", b("titel: Oud plan\ngemeente: X\nstartdatum: 2025-01-01\n"), file=PLAN),
    Case("other_phase_broken", b("stakeholders: [\n"), "niet wordt afgesloten", 1, START),
]


def test_catalogue_is_large_enough():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_answer_file_case(tmp_path, capsys, case):
    plan = copy_example(tmp_path / "plan")
    (plan / case.file).write_bytes(case.content)
    # render reads and checks the files like check does; converting to HTML and Word would
    # only cost time here (that is tested once in test_render.py)
    for command in (["check"], ["render", "--formaat", "md"]):
        code = run_cli(*command, str(plan))
        out = capsys.readouterr()
        assert "Traceback" not in out.err + out.out
        if case.accepted:
            assert code == 0, (command, out.err)
            if case.warning:
                assert "Let op" in out.err and case.warning in out.err
            continue
        assert code == 1, (command, out.err)
        assert case.file.split("/")[-1] in out.err, out.err
        if case.line is not None:
            assert f"regel {case.line}" in out.err, out.err
        assert re.search(case.fragment, out.err), out.err


# What git, a zip or a shared drive can put in an answer file's place instead of a file
# (issue 20): each is refused by the plan-file gate with a Dutch message naming the file,
# quickly (a pipe or /dev/zero used to block or fill the memory).
NOT_A_FILE = {
    "link_out_of_the_plan": ("buiten de planmap", lambda path, tmp: path.symlink_to(_secret(tmp))),
    "link_to_dev_zero": ("buiten de planmap", lambda path, tmp: path.symlink_to("/dev/zero")),
    "pipe": ("geen gewoon bestand", lambda path, tmp: os.mkfifo(path)),
    "folder": ("is een map", lambda path, tmp: path.mkdir()),
    "link_through_a_folder_out": ("buiten de planmap", None),
}


def _secret(tmp) -> str:
    secret = tmp / "token.yaml"
    secret.write_text("toekomstbeeld: GEHEIM\n", encoding="utf-8")
    return str(secret)


@pytest.mark.parametrize("target", [VISIE, PLAN])
@pytest.mark.parametrize("kind", sorted(NOT_A_FILE))
def test_something_else_in_a_files_place(tmp_path, capsys, kind, target):
    fragment, make = NOT_A_FILE[kind]
    plan = copy_example(tmp_path / "plan")
    path = plan / target
    if make is None:  # the folder of the file is a link out of the plan
        if target == PLAN:
            pytest.skip("plan.yaml sits in the plan folder itself")
        outside = tmp_path / "elders"
        shutil.copytree(plan / "antwoorden", outside)
        shutil.rmtree(plan / "antwoorden")
        (plan / "antwoorden").symlink_to(outside)
    else:
        path.unlink()
        make(path, tmp_path)
    for command in (["check"], ["render", "--formaat", "md"], ["status"]):
        code = run_cli(*command, str(plan))
        out = capsys.readouterr()
        said = out.err + out.out
        assert code == 1, (command, said)
        assert "Traceback" not in said and "GEHEIM" not in said
        assert fragment in said and path.name in said, (command, said)


def test_missing_plan_yaml(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    (plan / "plan.yaml").unlink()
    assert run_cli("check", str(plan)) == 1
    assert "plan.yaml ontbreekt" in capsys.readouterr().err


def test_older_plan_is_migrated_on_first_write_with_backup(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    old = "titel: Oud plan\ngemeente: X\nstartdatum: 2025-01-01\n"
    (plan / "plan.yaml").write_text(old, encoding="utf-8")
    assert run_cli("check", str(plan)) == 0
    assert (plan / "plan.yaml").read_text(encoding="utf-8") == old  # reading never migrates
    assert run_cli("render", str(plan)) == 0
    assert f"bijgewerkt van schemaversie 0 naar {SCHEMA_VERSION}" in capsys.readouterr().err
    assert (plan / "plan.yaml").read_text(encoding="utf-8") == f"schema_versie: {SCHEMA_VERSION}\n" + old
    backup = plan / ".handreiking-backup" / "schema-0"
    assert (backup / "plan.yaml").read_text(encoding="utf-8") == old
    assert (backup / "antwoorden" / "2-visie.yaml").is_file()


OLD_STATUS_BLOCK = """\
# Waar een document staat; zonder regel hier is het een concept met de versiedatum.
documenten:
  visiedocument:
    status: vastgesteld
    datum: 2026-06-25
    door: de partners en het college van B&W
  communicatieplan: {status: vastgesteld, datum: 2026-09-01, door: het kernteam}
  bestaat_niet: {status: vastgesteld}
"""


def test_document_statuses_move_from_plan_yaml_into_the_phase_answers(tmp_path, capsys):
    """Schema 1 kept where a document stands in plan.yaml; schema 2 asks it in the document's
    phase. Reading an old plan sees the block where it will be; the first write moves it, after
    a backup, and never over an answer the phase already has."""
    from handreiking.cli.shared import load_state

    plan = copy_example(tmp_path / "plan")
    visie = plan / "antwoorden" / "2-visie.yaml"
    answers = visie.read_text(encoding="utf-8")
    old_answers = answers[:answers.index("\n# --- Vaststelling")]
    visie.write_text(old_answers, encoding="utf-8")  # the example as it was under schema 1
    yaml_text = (plan / "plan.yaml").read_text(encoding="utf-8").replace(f"schema_versie: {SCHEMA_VERSION}", "schema_versie: 1")
    (plan / "plan.yaml").write_text(yaml_text + OLD_STATUS_BLOCK, encoding="utf-8")
    before = {path.name: path.read_bytes() for path in [plan / "plan.yaml", *(plan / "antwoorden").iterdir()]}

    assert run_cli("check", str(plan)) == 0
    state = load_state(plan)  # what check, status and render --check see: the block in its new place
    assert state.answers["visie"].get("visiedocument_vastgesteld_door") == "de partners en het college van B&W"
    assert state.answers["uitvoering"].get("communicatieplan_status") == "concept"  # the phase's own answer
    assert {path.name: path.read_bytes() for path in [plan / "plan.yaml", *(plan / "antwoorden").iterdir()]} == before

    capsys.readouterr()
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    err = capsys.readouterr().err
    assert f"van schemaversie 1 naar {SCHEMA_VERSION}" in err and "vaststelling" in err
    new_plan_yaml = (plan / "plan.yaml").read_text(encoding="utf-8")
    assert "documenten" not in new_plan_yaml and "Waar een document staat" not in new_plan_yaml
    assert new_plan_yaml == yaml_text.replace("schema_versie: 1", f"schema_versie: {SCHEMA_VERSION}")
    assert visie.read_text(encoding="utf-8") == old_answers + (
        "visiedocument_status: vastgesteld\nvisiedocument_vastgesteld_op: 2026-06-25\n"
        "visiedocument_vastgesteld_door: de partners en het college van B&W\n")
    uitvoering = (plan / "antwoorden" / "5-uitvoering.yaml").read_bytes()
    assert uitvoering == before["5-uitvoering.yaml"]  # answered in the phase already: left as it is
    backup = plan / ".handreiking-backup" / "schema-1"
    assert (backup / "plan.yaml").read_text(encoding="utf-8") == yaml_text + OLD_STATUS_BLOCK
    assert (backup / "antwoorden" / "2-visie.yaml").read_bytes() == before["2-visie.yaml"]
    documents = plan / "documenten"
    assert ("Vastgesteld door de partners en het college van B&W op 25 juni 2026"
            in (documents / "visiedocument.md").read_text(encoding="utf-8"))
    assert "Concept, versie 28 juni 2027" in (documents / "communicatieplan.md").read_text(encoding="utf-8")
    assert run_cli("check", str(plan)) == 0  # the migrated plan reads as a current one


@pytest.mark.parametrize("old, new", [
    ("titel: Plan\nversiedatum: 2027-06-28  # op elk document\n# Waar een document staat.\ndocumenten:\n"
     "  visiedocument:\n    status: vastgesteld\n# Welke formaten.\nformaten: [md]\n",
     "titel: Plan\nversiedatum: 2027-06-28  # op elk document\n# Welke formaten.\nformaten: [md]\n"),
    ("titel: Plan\nregisseur:\n  email: x@plan.example\n# Waar een document staat.\ndocumenten:\n"
     "  visiedocument: {status: vastgesteld}  # sinds juni\n# Welke formaten.\n# Twee regels.\nformaten: [md]\n",
     "titel: Plan\nregisseur:\n  email: x@plan.example\n# Welke formaten.\n# Twee regels.\nformaten: [md]\n"),
    ("titel: Plan\ndocumenten:\n  visiedocument:\n    status: vastgesteld\n# Welke formaten.\nformaten: [md]\n",
     "titel: Plan\n# Welke formaten.\nformaten: [md]\n"),
], ids=["block", "flow", "no-comment-before"])
def test_the_moved_block_takes_only_its_own_comment_along(tmp_path, old, new):
    """The comment lines above 'documenten:' go with it; those above the next key stay there."""
    from handreiking.plan.folder import migrate_plan, open_plan

    plan = copy_example(tmp_path / "plan")
    (plan / "plan.yaml").write_text("schema_versie: 1\n" + old, encoding="utf-8")
    assert migrate_plan(open_plan(plan)) is not None
    assert (plan / "plan.yaml").read_text(encoding="utf-8") == f"schema_versie: {SCHEMA_VERSION}\n" + new


def test_alias_bomb_is_refused_fast(tmp_path):
    import time

    from handreiking.core.errors import AnswerFileError
    from handreiking.core.yamlio import load_yaml

    path = tmp_path / "bom.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(AnswerFileError):
        load_yaml(path)
    assert time.perf_counter() - start < 5  # 9**9 items if it were expanded


def test_crlf_file_keeps_crlf_when_saved(tmp_path):
    from handreiking.plan.answers import load_phase
    from handreiking.questionnaire.catalog import load_catalog

    path = tmp_path / "2-visie.yaml"
    path.write_bytes(b"# kop\r\nperspectief: inclusief\r\nhorizonjaar: 2034\r\n")
    phase = load_phase(load_catalog().get("visie"), tmp_path)
    phase.set("horizonjaar", 2035)
    phase.save()
    assert path.read_bytes() == b"# kop\r\nperspectief: inclusief\r\nhorizonjaar: 2035\r\n"


def test_short_list_is_an_open_item_in_check_and_the_documents(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    path = plan / VISIE
    text = path.read_text(encoding="utf-8")
    path.write_text(_keep_items(text, "uitgangspunten", 2), encoding="utf-8")

    assert run_cli("check", str(plan)) == 0
    out = capsys.readouterr()
    assert "Nog open: 1 verplicht punt (" in out.out and "(uitgangspunten): nog 2 van de 4 uitgangspunten" in out.out
    assert run_cli("check", "--strict", str(plan)) == 1
    capsys.readouterr()
    assert run_cli("render", "--formaat", "md,html", str(plan)) == 0
    visie = (plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert "*Nog in te vullen: nog 2 van de 4 uitgangspunten.*" in visie
    assert "nog 2 van de 4 uitgangspunten" in (plan / "documenten" / "index.html").read_text(encoding="utf-8")


def test_an_item_with_an_empty_field_is_open_in_status_and_on_the_overview(tmp_path, capsys):
    """Four parties without a contact person: the Stakeholderanalyse prints *Nog in te vullen*
    for each, so the phase is not *afgerond* in ``status``, and the overview names the point.
    An empty e-mail address (``mag_leeg``) is no open point."""
    from handreiking.plan.answers import load_phase
    from handreiking.questionnaire.catalog import load_catalog

    plan = tmp_path / "plan"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "gemeente-klein", plan, ignore=shutil.ignore_patterns("documenten"))
    vertrekpunt = load_catalog().get("vertrekpunt")
    items = load_phase(vertrekpunt, plan / "antwoorden").get("stakeholders")
    assert sum(1 for i in items if not i.get("contactpersoon")) == 4 and not any(i.get("email") for i in items)

    assert run_cli("status", str(plan)) == 0
    out = capsys.readouterr().out
    assert "· 1 Vertrekpunt                bezig (39 van 39 beantwoord), 1 open\n" \
           "      4 van de 11 stakeholders niet volledig\n" in out
    assert run_cli("render", "--formaat", "md,html", str(plan)) == 0
    overview = (plan / "documenten" / "index.html").read_text(encoding="utf-8")
    assert "bij 4 van de 11 stakeholders nog in te vullen: de vaste contactpersoon" in overview
    assert "e-mailadres" not in overview.lower()

    phase = load_phase(vertrekpunt, plan / "antwoorden")
    phase.set("stakeholders", [{**item, "contactpersoon": item.get("contactpersoon") or "Sanne Jansen"}
                               for item in phase.get("stakeholders")])
    phase.save()
    assert run_cli("status", str(plan)) == 0
    assert "✓ 1 Vertrekpunt                afgerond (39 van 39 beantwoord)\n" in capsys.readouterr().out


def _keep_items(text: str, key: str, keep: int) -> str:
    """``text`` with only the first ``keep`` items of the list under ``key:``."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    out, items = lines[: start + 1], 0
    index = start + 1
    while index < len(lines) and (lines[index].startswith(" ") or not lines[index].strip()):
        if lines[index].lstrip().startswith("- ") and len(lines[index]) - len(lines[index].lstrip()) <= 2:
            items += 1
        if items <= keep:
            out.append(lines[index])
        index += 1
    return "".join(out + lines[index:])


def test_an_answer_to_a_question_that_does_not_apply_is_reported_and_kept(tmp_path, capsys):
    plan = copy_example(tmp_path / "plan")
    path = plan / START
    text = path.read_text(encoding="utf-8")
    assert "regisseur_onafhankelijk: true" in text
    path.write_text(text + "regisseur_belangen_afspraken: De stuurgroep besluit.\n", encoding="utf-8")
    assert run_cli("check", str(plan)) == 0
    err = capsys.readouterr().err
    assert "Let op" in err and "regisseur_belangen_afspraken" in err and "deze vraag geldt alleen als" in err
    assert "==" not in err
    assert "onafhankelijk, dus zonder eigen commercieel belang bij de uitkomst?' nee is" in err
    assert "De stuurgroep besluit." in path.read_text(encoding="utf-8")


def test_a_broken_phase_brings_no_follow_on_warnings_about_conditions_that_read_it(tmp_path, capsys):
    """Questions in other phases whose condition reads the broken phase cannot be judged: their
    answers are not reported as "geldt alleen als …", only the file that needs repair is."""
    plan = copy_example(tmp_path / "plan")
    visie = plan / "antwoorden" / "2-visie.yaml"
    visie.write_text(visie.read_text(encoding="utf-8") + "toekomstbeeld: [\n", encoding="utf-8")
    assert run_cli("check", str(plan)) == 1
    err = capsys.readouterr().err
    assert "2-visie.yaml, regel" in err
    assert "geldt alleen" not in err and "3-onderzoek.yaml" not in err and "4-planvorming.yaml" not in err


def test_two_goals_with_one_code_are_a_warning_at_the_second(tmp_path, capsys):
    """The Evaluatieplan and the results point to a goal by its code: two D1's would be mixed up
    (status listed 'D1 loopt achter' twice)."""
    plan = copy_example(tmp_path / "plan")
    path = plan / "antwoorden" / "5-uitvoering.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("- doel_id: D2\n") == 1
    path.write_text(text.replace("- doel_id: D2\n", "- doel_id: D1\n"), encoding="utf-8")
    line = [n for n, x in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if x == "  - doel_id: D1"][1]
    assert run_cli("check", str(plan)) == 0  # a warning: the phase stays open in the wizard to rename it
    err = capsys.readouterr().err
    assert f"Let op: {path}, regel {line}" in err
    assert "er is al een doel met 'D1'; geef elk een eigen naam of code. Antwoorden die deze naam noemen" in err
    assert run_cli("check", "--strict", str(plan)) == 1
