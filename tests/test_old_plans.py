"""Old plans open: a plan written under every earlier schema is read, checked and
rendered by the current code, and its first write migrates it after a backup.

The plans in tests/fixtures/schema-*/ are what earlier versions wrote (see the README
there). A rename of a question id or choice code is data (``vroeger:`` in the
questionnaires); the plan that still uses the old name reads as the new one, and the
migration writes the new name into the file.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from handreiking.plan.folder import SCHEMA_VERSION
from handreiking.questionnaire.catalog import load_catalog
from helpers import installed_command

pytestmark = pytest.mark.slow  # slow: a command per old schema, from the oldest plan on (CI runs it)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OLD_PLANS = sorted(p.name for p in FIXTURES.glob("schema-*") if p.is_dir())
HANDREIKING = installed_command()


def handreiking(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([HANDREIKING, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def old_plan(name: str, tmp_path: Path) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / name, plan)
    return plan


def version_of(name: str) -> int:
    return int(name.split("-")[1])


def test_there_is_a_fixture_plan_for_every_schema():
    assert {version_of(name) for name in OLD_PLANS} == set(range(SCHEMA_VERSION + 1)), (
        "add tests/fixtures/schema-<n>/ for the new schema: the example plan as it is now")


@pytest.mark.slow  # four plans rendered; CI runs it (pytest -m 'not slow' leaves it out locally)
@pytest.mark.parametrize("name", [name for name in OLD_PLANS if version_of(name) < SCHEMA_VERSION])
def test_an_old_plan_checks_renders_and_is_migrated_once_with_a_backup(name, tmp_path):
    plan = old_plan(name, tmp_path)
    before = {p.relative_to(plan): p.read_bytes() for p in plan.rglob("*") if p.is_file()}

    checked = handreiking("check", "plan", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Fout" not in checked.stderr and "Traceback" not in checked.stderr
    after_check = {p.relative_to(plan): p.read_bytes() for p in plan.rglob("*") if p.is_file()}
    assert after_check == before  # reading never migrates

    rendered = handreiking("render", "plan", "--formaat", "md", cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert f"bijgewerkt van schemaversie {version_of(name)} naar {SCHEMA_VERSION}" in rendered.stderr
    assert "Traceback" not in rendered.stderr
    backup = plan / ".handreiking-backup" / f"schema-{version_of(name)}"
    for relative, blob in before.items():  # every old file kept as it was
        assert (backup / relative).read_bytes() == blob, relative
    assert yaml.safe_load((plan / "plan.yaml").read_text(encoding="utf-8"))["schema_versie"] == SCHEMA_VERSION
    assert len(list((plan / "documenten").glob("*.md"))) >= 2

    again = handreiking("check", "plan", cwd=tmp_path)
    assert again.returncode == 0 and "Fout" not in again.stderr, again.stderr
    assert handreiking("render", "plan", "--formaat", "md", "--check", cwd=tmp_path).returncode == 0
    assert not (plan / ".handreiking-backup" / f"schema-{SCHEMA_VERSION}").exists()  # migrated once


def test_a_plan_of_the_current_schema_opens_without_migration(tmp_path):
    plan = old_plan(f"schema-{SCHEMA_VERSION}", tmp_path)
    before = (plan / "plan.yaml").read_bytes()
    assert handreiking("check", "plan", cwd=tmp_path).returncode == 0
    rendered = handreiking("render", "plan", "--formaat", "md", cwd=tmp_path)
    assert rendered.returncode == 0 and "bijgewerkt" not in rendered.stderr, rendered.stderr
    assert (plan / "plan.yaml").read_bytes() == before and not (plan / ".handreiking-backup").exists()


def _old_codes_in(plan: Path) -> list[str]:
    """Every old id or choice code the questionnaires know, found in the plan's answers."""
    found = []
    for questionnaire in load_catalog():
        path = plan / "antwoorden" / questionnaire.answer_filename
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for question in questionnaire.questions:
            for q in (question, *question.fields):
                for old in (*q.former_ids, *(code for c in q.choices for code in c.former)):
                    if f" {old}\n" in text or f"{old}:" in text:
                        found.append(old)
    return found


def test_a_renamed_financing_source_is_read_and_then_written_under_its_new_code(tmp_path):
    """'gemeente_algemeen' became 'gemeentefonds': the schema-1 plan used to be refused
    ("'gemeente_algemeen' is geen keuze"); now it reads as gemeentefonds, and the first
    write renames it in the file (the backup keeps the old file)."""
    plan = old_plan("schema-1", tmp_path)
    answers = plan / "antwoorden" / "5-uitvoering.yaml"
    old_text = answers.read_text(encoding="utf-8")
    assert "bron: gemeente_algemeen" in old_text and _old_codes_in(plan) == ["gemeente_algemeen"]

    checked = handreiking("check", "plan", cwd=tmp_path)
    assert checked.returncode == 0 and "geen keuze" not in checked.stderr, checked.stderr

    rendered = handreiking("render", "plan", "--formaat", "md", cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert "gemeente_algemeen → gemeentefonds" in rendered.stderr
    new_text = answers.read_text(encoding="utf-8")
    assert "gemeente_algemeen" not in new_text and _old_codes_in(plan) == []
    # nothing else, apart from schema 4's budget ledger: each line's yes/no becomes its kind,
    # the SMI line pays the regular hours, and the typed gap goes (it follows from the lines)
    expected = (old_text.replace("bron: gemeente_algemeen", "bron: gemeentefonds")
                .replace("structureel: true", "soort: structureel").replace("structureel: false", "soort: eenmalig")
                .replace("bron: smi\n    soort: structureel\n", "bron: smi\n    soort: structureel\n"
                                                                  "    bestemming: regulier\n")
                .replace("tekort_bedrag: 60000\n", "")
                # schema 5: D4's baseline was still open; its nulmeting's outcome is the baseline now
                .replace("uitgangswaarde: Nog niet bekend; volgt uit de nulmeting (dossieronderzoek)\n",
                         "uitgangswaarde: 'Dossieronderzoek bij 40 signalen uit het voorjaar van 2026: bij 35% hadden "
                         "de ouders binnen twee weken een gesprek. Er was toen nog geen vast aanspreekpunt; ouders "
                         "spraken gemiddeld met drie verschillende mensen.'\n"))
    assert new_text == expected
    assert "D4: de uitkomst van de nulmeting staat nu als de uitgangswaarde bij het doel" in rendered.stderr
    assert (plan / ".handreiking-backup" / "schema-1" / "antwoorden" / "5-uitvoering.yaml").read_text(
        encoding="utf-8") == old_text


def test_the_old_code_reads_in_a_batch_file_too(tmp_path):
    plan = old_plan("schema-2", tmp_path)
    source = tmp_path / "invoer.yaml"
    source.write_text("uitvoering:\n  middelen:\n    - post: Coördinatie\n      bedrag: 30000\n"
                      "      bron: gemeente_algemeen\n      soort: structureel\n", encoding="utf-8")
    done = handreiking("wizard", "plan", "--antwoorden", str(source), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    stored = yaml.safe_load((plan / "antwoorden" / "5-uitvoering.yaml").read_text(encoding="utf-8"))
    # added after the plan's own (migrated) budget lines, with the old code read as the new one
    assert stored["middelen"][-1] == {"post": "Coördinatie", "bedrag": 30000, "bron": "gemeentefonds",
                                      "soort": "structureel"}
    assert len(stored["middelen"]) > 1


RENAMED = """\
fase: proef
nummer: 1
titel: Proef
secties:
  - id: s
    titel: S
    vragen:
      - id: kleur
        vraag: Welke kleur?
        type: keuze
        vroeger: tint
        keuzes:
          - waarde: groen
            vroeger: [lichtgroen, donkergroen]
          - waarde: rood
      - id: partners
        vraag: Wie?
        type: groep
        velden:
          - id: naam
            vraag: Naam
            type: tekst
            vroeger: titel
          - id: rollen
            vraag: Rollen
            type: meerkeuze
            keuzes:
              - waarde: trekker
                vroeger: voortrekker
              - waarde: lid
"""


def test_renamed_ids_fields_and_codes_keep_their_place_and_comments(tmp_path):
    """The engine's renames are data: a question id, a field id and choice codes (also in a
    list), each under its ``vroeger`` name, come back under the current one, in place
    (an end-of-line comment keeps its column)."""
    from handreiking.questionnaire.catalog import load_questionnaire
    from handreiking.questionnaire.renames import apply_renames
    from handreiking.core.yamlio import dump_yaml, load_yaml

    definition = tmp_path / "1-proef.yaml"
    definition.write_text(RENAMED, encoding="utf-8")
    questionnaire = load_questionnaire(definition)
    answers = tmp_path / "antwoorden.yaml"
    answers.write_text("# bovenaan\ntint: lichtgroen  # zo besproken\npartners:\n  # eerste partner\n"
                       "  - titel: De Bolster\n    rollen: [voortrekker, lid]\n  - naam: Kindwijs\n"
                       "    rollen:\n      - lid\n      - voortrekker\neigen: blijft\n", encoding="utf-8")
    data, _ = load_yaml(answers)
    changed = apply_renames(questionnaire, data)
    assert changed == ["tint → kleur", "kleur: lichtgroen → groen", "partners.titel → naam",
                       "rollen: voortrekker → trekker", "rollen: voortrekker → trekker"]
    assert dump_yaml(data) == (
        "# bovenaan\nkleur: groen      # zo besproken\npartners:\n  # eerste partner\n"
        "  - naam: De Bolster\n    rollen: [trekker, lid]\n  - naam: Kindwijs\n"
        "    rollen:\n      - lid\n      - trekker\neigen: blijft\n")
    assert apply_renames(questionnaire, data) == []  # once renamed, nothing more to do


def _migrated(name: str, tmp_path: Path) -> Path:
    from handreiking.plan.folder import migrate_plan, open_plan

    plan = old_plan(name, tmp_path / "migrated")
    assert migrate_plan(open_plan(plan)) is not None
    return plan


@pytest.mark.slow  # ten runs of the command line
@pytest.mark.parametrize("name", [name for name in OLD_PLANS if version_of(name) < SCHEMA_VERSION])
@pytest.mark.parametrize("command", ["status", "check"])
def test_an_old_plan_reads_with_the_figures_its_migration_will_write(name, command, tmp_path):
    """Commands that only read see the answers as the migration writes them (in memory,
    without writing): the budget of a schema-3 plan is the same before and after."""
    plan = old_plan(name, tmp_path / "old")
    before = {p.relative_to(plan): p.read_bytes() for p in plan.rglob("*") if p.is_file()}
    migrated = _migrated(name, tmp_path)
    as_read = handreiking(command, "plan", cwd=plan.parent)
    as_migrated = handreiking(command, "plan", cwd=migrated.parent)
    assert (as_read.returncode, as_read.stdout, as_read.stderr) == (
        as_migrated.returncode, as_migrated.stdout, as_migrated.stderr)
    assert "onbekend veld" not in as_read.stderr
    assert {p.relative_to(plan): p.read_bytes() for p in plan.rglob("*") if p.is_file()} == before


def test_a_schema_3_budget_reads_as_the_ledger_before_any_write(tmp_path):
    plan = old_plan("schema-3", tmp_path)
    before = {p.relative_to(plan): p.read_bytes() for p in plan.rglob("*") if p.is_file()}
    status = handreiking("status", "plan", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert "Begroting: € 377.000 per jaar" in status.stdout.replace("\u00a0", " "), status.stdout
    checked = handreiking("check", "plan", cwd=tmp_path)
    assert "onbekend veld 'structureel'" not in checked.stderr
    render_check = handreiking("render", "plan", "--check", cwd=tmp_path)
    assert "Traceback" not in render_check.stderr and "structureel" not in render_check.stderr
    assert {p.relative_to(plan): p.read_bytes() for p in plan.rglob("*") if p.is_file()} == before  # nothing written


def test_the_migration_of_a_committed_schema_3_plan_is_no_change_in_the_answers(tmp_path):
    plan = old_plan("schema-3", tmp_path)
    author = ["-c", "user.name=Regisseur", "-c", "user.email=regisseur@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=plan, check=True)
    subprocess.run(["git", "add", "-A"], cwd=plan, check=True)
    subprocess.run(["git", *author, "commit", "-qm", "Plan"], cwd=plan, check=True)
    from handreiking.plan.folder import migrate_plan, open_plan

    assert migrate_plan(open_plan(plan)) is not None
    assert "soort" in (plan / "antwoorden" / "5-uitvoering.yaml").read_text(encoding="utf-8")
    changed = handreiking("verschil", "plan", cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.startswith("Geen veranderingen in de antwoorden"), changed.stdout


def test_the_overview_of_a_committed_schema_3_plan_lists_no_budget_change_before_its_migration(tmp_path):
    from handreiking.cli.shared import load_state
    from handreiking.git.history import change_log

    plan = old_plan("schema-3", tmp_path)
    author = ["-c", "user.name=Regisseur", "-c", "user.email=regisseur@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=plan, check=True)
    subprocess.run(["git", "add", "-A"], cwd=plan, check=True)
    subprocess.run(["git", *author, "commit", "-qm", "Plan"], cwd=plan, check=True)
    state = load_state(plan)  # read as migrated, in memory: what render --check puts in the overview
    assert "soort" in str(state.answers["uitvoering"].get("middelen"))
    current = {phase.questionnaire.phase: phase.data for phase in state.answers}
    assert change_log(plan, state.catalog, current, state.plan.meta.document_date, state.plan.meta) == []
