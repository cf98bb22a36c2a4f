"""One fact, one home (schema 6): the regisseur's name and organisation are answers of
Vertrekpunt. ``init --regisseur`` answers them, every document and ``status`` take them from
there, and an older plan's plan.yaml value moves there without losing a name: open answer →
it moves; the same name → plan.yaml lets go; a different name → the answer stays (it is
what the Stakeholderanalyse printed), plan.yaml keeps the other under a comment and
``check`` names both.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from handreiking.plan.fact_moves import _key, move_facts
from handreiking.plan.folder import SCHEMA_VERSION
from helpers import examples, run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NAME = "Fatima el Amrani"
ORGANISATION = "Gemeente Lindewaard, team Jeugd en Onderwijs"


def _files(plan: Path) -> dict[Path, bytes]:
    return {p.relative_to(plan): p.read_bytes() for p in plan.rglob("*") if p.is_file()}


def _answers(plan: Path) -> dict:
    return yaml.safe_load((plan / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8")) or {}


def _plan_yaml(plan: Path) -> dict:
    return yaml.safe_load((plan / "plan.yaml").read_text(encoding="utf-8"))


# --- a new plan -----------------------------------------------------------------------------


def test_init_answers_the_regisseur_and_every_document_and_status_say_it(tmp_path, capsys):
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "Samen in Testdorp", "--gemeente", "Gemeente Testdorp",
                   "--regisseur", "Noor Yilmaz", "--organisatie", "Gemeente Testdorp, team Jeugd",
                   "--email", "noor@testdorp.example", "--startdatum", "2026-03-01") == 0
    capsys.readouterr()

    assert run_cli("check", str(plan)) == 0
    out = capsys.readouterr().out
    assert "(regisseur_naam)" not in out and "(regisseur_organisatie)" not in out  # answered, not open
    assert "(regisseur_rol)" in out  # the next question of the phase is still open

    assert run_cli("status", str(plan)) == 0
    out = capsys.readouterr().out
    assert "Regisseur: Noor Yilmaz" in out
    assert "1 Vertrekpunt" in out and "(2 van " in out  # phase 1 counts both as answered
    assert "de naam van de regisseur" not in out and "waaronder de positie van de regisseur" in out

    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    assert "Noor" not in text and "team Jeugd" not in text  # plan.yaml holds only the e-mail …
    assert "staan bij Vertrekpunt (antwoorden/1-vertrekpunt.yaml)" in text  # … and says where the name is

    assert run_cli("render", str(plan), "--formaat", "md") == 0
    documents = plan / "documenten"
    for name in ("visiedocument.md", "plan_van_aanpak.md", "stakeholderanalyse.md", "evaluatieplan.md"):
        assert "Regisseur: Noor Yilmaz" in (documents / name).read_text(encoding="utf-8"), name
    stakeholders = (documents / "stakeholderanalyse.md").read_text(encoding="utf-8")
    assert "- **Regisseur:** Noor Yilmaz" in stakeholders
    assert "- **Organisatie:** Gemeente Testdorp, team Jeugd" in stakeholders
    contacts = (documents / "contactlijst-intern.md").read_text(encoding="utf-8")
    assert "Noor Yilmaz, Gemeente Testdorp, team Jeugd: noor@testdorp.example." in contacts


def test_a_plan_without_a_regisseur_asks_for_one_on_the_cover(tmp_path, capsys):
    plan = tmp_path / "plan"
    assert run_cli("init", str(plan), "--titel", "T", "--startdatum", "2026-03-01") == 0
    assert _answers(plan) == {}
    assert run_cli("check", str(plan)) == 0
    assert "(regisseur_naam)" in capsys.readouterr().out
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    cover = (plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert "Regisseur: *Nog in te vullen: de naam van de regisseur*" in cover


def test_a_changed_answer_changes_every_cover(example_plan, capsys):
    """There is no second place to forget: the answer is the cover."""
    path = example_plan / "antwoorden" / "1-vertrekpunt.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"regisseur_naam: {NAME}", "regisseur_naam: Bram Vos"),
                    encoding="utf-8")
    assert run_cli("render", str(example_plan), "--formaat", "md") == 0
    for document in (example_plan / "documenten").glob("*.md"):
        text = document.read_text(encoding="utf-8")
        assert f"Regisseur: {NAME}" not in text and f"**Regisseur:** {NAME}" not in text, document.name
    assert "Regisseur: Bram Vos" in (example_plan / "documenten" / "plan_van_aanpak.md").read_text(encoding="utf-8")
    capsys.readouterr()
    assert run_cli("status", str(example_plan)) == 0
    assert "Regisseur: Bram Vos" in capsys.readouterr().out


# --- an older plan: every combination of where the name was ----------------------------------

PLAN_LINES = f"  naam: {NAME}\n  organisatie: {ORGANISATION}\n"
ANSWER_LINES = f"regisseur_naam: {NAME}\nregisseur_organisatie: {ORGANISATION}\n"

# (case, name in plan.yaml, name in phase 1, the answer afterwards, what plan.yaml keeps)
CASES = [
    ("plan-only", NAME, None, NAME, None),
    ("phase-only", None, NAME, NAME, None),
    ("both-equal", "fatima  El Amrani", NAME, NAME, None),  # the same name, written otherwise
    ("both-different", "F. el Amrani-Jansen", NAME, NAME, "F. el Amrani-Jansen"),
    ("neither", None, None, None, None),
]


def _schema_5_plan(tmp_path: Path, in_plan: str | None, in_phase: str | None) -> Path:
    """The schema-5 fixture with the regisseur's name where the case puts it, and hand comments
    in both files."""
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "schema-5", plan)
    plan_yaml = (plan / "plan.yaml").read_text(encoding="utf-8")
    assert PLAN_LINES in plan_yaml
    block = (f"  # zo staat ze in de gemeentegids\n  naam: {in_plan}\n" if in_plan else "") + \
        "  # alleen haar werkadres\n"
    plan_yaml = plan_yaml.replace(PLAN_LINES, block).replace("regisseur:\n", "# de trekker\nregisseur:\n")
    (plan / "plan.yaml").write_text(plan_yaml, encoding="utf-8")
    answers = plan / "antwoorden" / "1-vertrekpunt.yaml"
    text = answers.read_text(encoding="utf-8")
    assert ANSWER_LINES in text
    lines = "# afgesproken in de stuurgroep\n" + (f"regisseur_naam: {in_phase}\n" if in_phase else "")
    answers.write_text(text.replace(ANSWER_LINES, lines), encoding="utf-8")
    return plan


@pytest.mark.slow  # five plans migrated and rendered; CI runs it (the property test below runs every time)
@pytest.mark.parametrize("case, in_plan, in_phase, answer, left", CASES, ids=[c[0] for c in CASES])
def test_no_combination_of_old_places_loses_a_name(tmp_path, capsys, case, in_plan, in_phase, answer, left):
    plan = _schema_5_plan(tmp_path, in_plan, in_phase)
    before = _files(plan)

    assert run_cli("status", str(plan)) == 0  # reading an old plan: as migrated, nothing written
    out = capsys.readouterr().out
    assert (f"Regisseur: {answer}" in out) if answer else ("Regisseur:" not in out)
    assert _files(plan) == before

    assert run_cli("render", str(plan), "--formaat", "md") == 0  # the first write migrates
    err = capsys.readouterr().err
    assert f"van schemaversie 5 naar {SCHEMA_VERSION}" in err
    assert _answers(plan).get("regisseur_naam") == answer
    director = _plan_yaml(plan).get("regisseur") or {}
    assert director.get("naam") == left
    assert director.get("email") == "f.elamrani@lindewaard.example"
    kept = {_key(v) for v in (_answers(plan).get("regisseur_naam"), director.get("naam")) if v}
    assert {_key(v) for v in (in_plan, in_phase) if v} <= kept  # every name someone typed is still there

    plan_text = (plan / "plan.yaml").read_text(encoding="utf-8")
    answer_text = (plan / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8")
    assert "# de trekker\n" in plan_text and "# alleen haar werkadres\n" in plan_text  # hand comments stay
    assert "# afgesproken in de stuurgroep\n" in answer_text
    assert ("# zo staat ze in de gemeentegids" in plan_text) == bool(in_plan)  # a comment above a key stays
    cover = (plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert f"Regisseur: {answer}" in cover if answer else "Regisseur: *Nog in te vullen" in cover

    assert run_cli("check", str(plan)) == 0
    out = capsys.readouterr().out
    if left:  # the value plan.yaml kept is named with the answer, in both places
        assert "regisseur-anders-dan-plan" in out and f'"{left}"' in out and f'"{answer}"' in out
        assert "in geen document" in plan_text
    else:
        assert "regisseur-anders-dan-plan" not in out
    if case == "both-different":
        assert "verschilt van die bij Vertrekpunt" in err  # the migration said so too
    backup = plan / ".handreiking-backup" / "schema-5"
    assert (backup / "plan.yaml").read_bytes() == before[Path("plan.yaml")]


def test_the_organisation_moves_like_the_name(tmp_path, capsys):
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "schema-5", plan)
    answers = plan / "antwoorden" / "1-vertrekpunt.yaml"
    answers.write_text(answers.read_text(encoding="utf-8").replace(f"regisseur_organisatie: {ORGANISATION}\n", ""),
                       encoding="utf-8")
    assert run_cli("render", str(plan), "--formaat", "md") == 0
    assert _answers(plan)["regisseur_organisatie"] == ORGANISATION
    assert set(_plan_yaml(plan)["regisseur"]) == {"email"}
    assert f"- **Organisatie:** {ORGANISATION}" in (plan / "documenten" / "stakeholderanalyse.md").read_text(
        encoding="utf-8")


# --- the move itself, for any names ------------------------------------------------------------

_names = st.one_of(st.none(), st.just(""), st.just("   "),
                   st.text(st.characters(categories=("L", "Zs"), include_characters="-.'"), min_size=1, max_size=20))


class _Phase:
    def __init__(self, data: dict) -> None:
        self.data = data

    def get(self, key: str):
        return self.data.get(key)

    def set(self, key: str, value) -> None:
        self.data[key] = value


@settings(max_examples=examples(400), deadline=None)
@given(in_plan=_names, in_phase=_names, organisation=_names)
def test_the_move_never_loses_a_name_and_never_overwrites_an_answer(in_plan, in_phase, organisation):
    answers = {} if in_phase is None else {"regisseur_naam": in_phase}
    details = {"naam": in_plan, "organisatie": organisation}
    phases = {"vertrekpunt": _Phase(answers)}
    notes: list[str] = []
    move_facts(phases.__getitem__, save=False, since=5, notes=notes, plan_details=details)

    def typed(value) -> str:
        return " ".join(value.split()) if isinstance(value, str) else ""

    if typed(in_phase):
        assert answers["regisseur_naam"] == in_phase  # an answer is never replaced
    elif typed(in_plan):
        assert answers["regisseur_naam"] == typed(in_plan)  # an open answer takes plan.yaml's
    kept = {_key(v) for v in (answers.get("regisseur_naam"), details.get("naam")) if typed(v)}
    assert {_key(v) for v in (in_plan, in_phase) if typed(v)} <= kept
    differs = bool(typed(in_plan) and typed(in_phase) and _key(in_plan) != _key(in_phase))
    assert ("naam" in details) == differs  # plan.yaml keeps a value only when it differs
    assert bool([n for n in notes if "naam" in n and "verschilt" in n]) == differs
    if typed(organisation):
        assert answers["regisseur_organisatie"] == typed(organisation)
    assert "organisatie" not in details


def test_the_word_files_name_the_answered_regisseur_as_author():
    """The document properties (author) take the answer too; the committed example files are
    current (CI: render --check), so their author is what the answer makes."""
    import docx

    from helpers import EXAMPLE

    answer = yaml.safe_load((EXAMPLE / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8"))
    assert "naam" not in (_plan_yaml(EXAMPLE).get("regisseur") or {})
    document = docx.Document(str(EXAMPLE / "documenten" / "visiedocument.docx"))
    assert document.core_properties.author == answer["regisseur_naam"] == NAME


@pytest.mark.parametrize("migrate", [False, True], ids=["as-read", "migrated"])
def test_the_move_is_no_change_in_the_overview_of_a_committed_plan(tmp_path, migrate):
    """A committed schema-5 plan whose name was only in plan.yaml: read as moved, or migrated,
    the overview's change log lists nothing (the name did not change, it moved)."""
    import subprocess

    from handreiking.cli.shared import load_state
    from handreiking.git.history import change_log
    from handreiking.plan.folder import migrate_plan, open_plan

    plan = _schema_5_plan(tmp_path, NAME, None)
    author = ["-c", "user.name=Regisseur", "-c", "user.email=regisseur@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=plan, check=True)
    subprocess.run(["git", "add", "-A"], cwd=plan, check=True)
    subprocess.run(["git", *author, "commit", "-qm", "Plan"], cwd=plan, check=True)
    if migrate:
        assert migrate_plan(open_plan(plan)) is not None
        assert _answers(plan)["regisseur_naam"] == NAME
    state = load_state(plan)
    assert state.answers["vertrekpunt"].get("regisseur_naam") == NAME
    current = {phase.questionnaire.phase: phase.data for phase in state.answers}
    assert change_log(plan, state.catalog, current, state.plan.meta.document_date, state.plan.meta) == []


def test_a_template_of_its_own_that_names_the_old_place_is_told_the_new_one(example_plan, capsys):
    """A plan's own cover (sjablonen/) written before schema 6 used plan.regisseur.naam: the
    render stops with a Dutch message at that line that names where the value is now."""
    own = example_plan / "sjablonen"
    own.mkdir()
    cover = (Path(__file__).resolve().parent.parent / "templates" / "_kop.md.j2").read_text(encoding="utf-8")
    assert "{{ vertrekpunt.regisseur_naam }}" in cover
    (own / "_kop.md.j2").write_text(cover.replace("{{ vertrekpunt.regisseur_naam }}", "{{ plan.regisseur.naam }}"),
                                    encoding="utf-8")
    capsys.readouterr()
    assert run_cli("render", str(example_plan), "--formaat", "md") == 1
    err = capsys.readouterr().err
    assert "_kop.md.j2, regel" in err and "gebruik 'vertrekpunt.regisseur_naam'" in err, err
    assert "Traceback" not in err


def test_an_older_plan_with_a_warning_in_a_phase_is_still_read_as_migrated(tmp_path, capsys):
    """A phase with a warning (here an unknown key) is read again round-trip to say its line:
    that read applies the migration's moves too, or the name in plan.yaml would be missing."""
    plan = _schema_5_plan(tmp_path, NAME, None)
    answers = plan / "antwoorden" / "1-vertrekpunt.yaml"
    answers.write_text(answers.read_text(encoding="utf-8") + "eigen_notitie: navragen\n", encoding="utf-8")

    assert run_cli("status", str(plan)) == 0
    assert f"Regisseur: {NAME}" in capsys.readouterr().out
    assert run_cli("check", str(plan)) == 0
    captured = capsys.readouterr()
    assert "eigen_notitie" in captured.err + captured.out
    assert "naam van de regisseur" not in captured.out + captured.err
