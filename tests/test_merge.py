"""The merge driver with real git: parallel edits of a plan merge per question and per item."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from git_helpers import git, git_env  # noqa: F401 - git_env is a fixture
from helpers import run_cli
from handreiking.plan.answers import load_phase
from handreiking.questionnaire.catalog import load_catalog

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt"),
              pytest.mark.usefixtures("git_env"),
              pytest.mark.slow]  # slow: real git merges between clones (CI runs them)
VERTREKPUNT = load_catalog().get("vertrekpunt")


def edit_vertrekpunt(plan: Path, change: Any) -> None:
    """Change phase 1 the way the wizard does (round-trip, then save)."""
    phase = load_phase(VERTREKPUNT, plan / "antwoorden")
    change(phase.data)
    phase.save()


def add_stakeholder(name: str, **fields: Any) -> Any:
    from handreiking.plan.answers import to_yaml_value

    return lambda data: data["stakeholders"].append(to_yaml_value({"naam": name, **fields}))


def stakeholder(data: Any, name: str) -> Any:
    return next(item for item in data["stakeholders"] if item["naam"] == name)


def stakeholders(plan: Path) -> list[str]:
    return [item["naam"] for item in load_phase(VERTREKPUNT, plan / "antwoorden").data["stakeholders"]]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan"
    assert run_cli("init", "--voorbeeld", str(path), "--git") == 0
    return path


def commit(plan: Path, message: str, date: str = "2026-03-03T10:00:00+01:00") -> None:
    git(plan, "add", "-A")
    git(plan, "commit", "-qm", message, date=date)


def test_the_issue_scenario_two_stakeholders_each_rendered_merge_cleanly(plan, capsys):
    before = stakeholders(plan)
    git(plan, "checkout", "-qb", "partner")
    edit_vertrekpunt(plan, add_stakeholder("Bibliotheek Lindewaard", sector={"anders": "Bibliotheek"}, rol="Voorleesprogramma"))
    assert run_cli("render", str(plan)) == 0
    commit(plan, "Bibliotheek toegevoegd")
    git(plan, "checkout", "-q", "main")
    edit_vertrekpunt(plan, add_stakeholder("Sportvereniging De Linde", sector={"anders": "Sport"}))
    assert run_cli("render", str(plan)) == 0
    commit(plan, "Sportvereniging toegevoegd", date="2026-03-04T10:00:00+01:00")
    merged = git(plan, "merge", "--no-edit", "partner", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert git(plan, "diff", "--name-only", "--diff-filter=U").stdout == ""
    assert stakeholders(plan) == before + ["Sportvereniging De Linde", "Bibliotheek Lindewaard"]
    text = (plan / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8")
    assert "# --- Betrokken partijen" in text and "<<<<<<<" not in text
    capsys.readouterr()
    assert run_cli("render", "--check", str(plan)) == 1  # the documents are one side's: out of date
    assert run_cli("render", str(plan)) == 0
    assert run_cli("render", "--check", str(plan)) == 0
    analysis = (plan / "documenten" / "stakeholderanalyse.md").read_text(encoding="utf-8")
    assert "Bibliotheek Lindewaard" in analysis and "Sportvereniging De Linde" in analysis
    assert run_cli("check", str(plan)) == 0


def merge_branches(plan: Path, ours: Any, theirs: Any) -> Any:
    """``theirs`` on a branch, ``ours`` on main (each committed), then merge; returns git's result."""
    git(plan, "checkout", "-qb", "hun")
    edit_vertrekpunt(plan, theirs)
    commit(plan, "hun")
    git(plan, "checkout", "-q", "main")
    edit_vertrekpunt(plan, ours)
    commit(plan, "ons")
    return git(plan, "merge", "--no-edit", "hun", check=False)


def test_different_fields_of_one_stakeholder_merge_the_same_on_every_run(plan, tmp_path):
    def ours(data):
        stakeholder(data, "Kinderopvang Het Speelkwartier")["contactpersoon"] = "Jeroen Bakker, bestuurder"

    def theirs(data):
        stakeholder(data, "Kinderopvang Het Speelkwartier")["invloed"] = "midden"

    assert merge_branches(plan, ours, theirs).returncode == 0
    item = stakeholder(load_phase(VERTREKPUNT, plan / "antwoorden").data, "Kinderopvang Het Speelkwartier")
    assert item["contactpersoon"] == "Jeroen Bakker, bestuurder" and item["invloed"] == "midden"
    again = tmp_path / "nogmaals"
    assert run_cli("init", "--voorbeeld", str(again), "--git") == 0
    assert merge_branches(again, ours, theirs).returncode == 0
    assert git(again, "rev-parse", "HEAD").stdout == git(plan, "rev-parse", "HEAD").stdout  # byte for byte


def test_removing_one_stakeholder_while_another_is_edited(plan):
    first, second = stakeholders(plan)[:2]

    def ours(data):
        data["stakeholders"].remove(stakeholder(data, first))

    def theirs(data):
        stakeholder(data, second)["rol"] = "Coacht de pilotgroepen"

    assert merge_branches(plan, ours, theirs).returncode == 0
    data = load_phase(VERTREKPUNT, plan / "antwoorden").data
    assert first not in [i["naam"] for i in data["stakeholders"]]
    assert stakeholder(data, second)["rol"] == "Coacht de pilotgroepen"


def test_item_identity_ignores_case_dashes_and_spaces(plan):
    def ours(data):
        stakeholder(data, "Kinderopvang Het Speelkwartier")["email"] = "info@speelkwartier.example"

    def theirs(data):
        item = stakeholder(data, "Kinderopvang Het Speelkwartier")
        item["naam"] = "kinderopvang  het-speelkwartier"
        item["invloed"] = "midden"

    assert merge_branches(plan, ours, theirs).returncode == 0
    data = load_phase(VERTREKPUNT, plan / "antwoorden").data
    item = stakeholder(data, "kinderopvang  het-speelkwartier")
    assert item["email"] == "info@speelkwartier.example" and item["invloed"] == "midden"
    assert len(data["stakeholders"]) == len(stakeholders(plan))


def test_same_answer_changed_on_both_sides_is_chosen_in_the_wizard(plan, keys, capsys):
    from handreiking.wizard.resolve import resolve_conflicts
    from keys import DOWN, ENTER

    def ours(data):
        data["regisseur_uren"] = 14
        stakeholder(data, "Kinderopvang Het Speelkwartier")["rol"] = "Levert twee pilotlocaties"

    def theirs(data):
        data["regisseur_uren"] = 16
        stakeholder(data, "Kinderopvang Het Speelkwartier")["rol"] = "Levert drie pilotlocaties"

    result = merge_branches(plan, ours, theirs)
    assert result.returncode == 1 and "CONFLICT" in result.stdout
    text = (plan / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and "ons: 14" in text and "hun: 16" in text
    capsys.readouterr()
    assert run_cli("check", str(plan)) == 1
    err = capsys.readouterr().err
    assert "ons: '14'; hun: '16'" in err and "ons: 'Levert twee pilotlocaties'; hun: 'Levert drie" in err
    # first conflict: type a new number; second: take theirs
    keys.send(DOWN, DOWN, ENTER, "\x7f\x7f", "15", ENTER, DOWN, ENTER)
    keys.close()
    messages: list[str] = []
    assert resolve_conflicts(plan, load_catalog(), lambda text, err=False: messages.append(text)) == 2
    data = load_phase(VERTREKPUNT, plan / "antwoorden").data
    assert data["regisseur_uren"] == 15
    assert stakeholder(data, "Kinderopvang Het Speelkwartier")["rol"] == "Levert drie pilotlocaties"
    assert "git add" in messages[-1]
    assert run_cli("check", str(plan)) == 0
    commit(plan, "Samengevoegd")
    assert git(plan, "status", "--porcelain").stdout == ""


@pytest.mark.parametrize("removed_here", [False, True])
def test_a_file_removed_on_one_side_and_changed_on_the_other_is_named_with_both_ways(plan, capsys, removed_here):
    """git stops on it, but no merge driver runs and nothing in the file is to be chosen: check
    said "Alles is gekozen" and kies "geen conflicten", and the commit then brought the file back
    (or left it out) without anyone deciding."""
    evaluation = plan / "antwoorden" / "6-evaluatie.yaml"
    git(plan, "checkout", "-qb", "hun")
    if removed_here:
        evaluation.write_text(evaluation.read_text(encoding="utf-8") + "# hun aanvulling\n", encoding="utf-8")
    else:
        git(plan, "rm", "-q", str(evaluation))
    commit(plan, "hun")
    git(plan, "checkout", "-q", "main")
    if removed_here:
        git(plan, "rm", "-q", str(evaluation))
    else:
        evaluation.write_text(evaluation.read_text(encoding="utf-8") + "# onze aanvulling\n", encoding="utf-8")
    commit(plan, "ons")
    assert git(plan, "merge", "--no-edit", "hun", check=False).returncode != 0
    capsys.readouterr()
    run_cli("check", str(plan))
    said = capsys.readouterr()
    side = "aan deze kant weggehaald" if removed_here else "aan de andere kant weggehaald"
    assert f"antwoorden/6-evaluatie.yaml is {side}" in said.out + said.err
    assert "Alles is gekozen" not in said.out + said.err
    assert run_cli("kies", str(plan)) == 0
    said = capsys.readouterr().out
    assert side in said and "geen conflicten" not in said


def test_rebase_and_cherry_pick_use_the_driver(plan):
    git(plan, "checkout", "-qb", "werk")
    edit_vertrekpunt(plan, add_stakeholder("Bibliotheek Lindewaard"))
    commit(plan, "bibliotheek")
    edit_vertrekpunt(plan, add_stakeholder("Muziekschool"))
    commit(plan, "muziekschool")
    git(plan, "checkout", "-q", "main")
    edit_vertrekpunt(plan, add_stakeholder("Sportvereniging De Linde"))
    commit(plan, "sport")
    git(plan, "branch", "-q", "pick", "main")
    git(plan, "checkout", "-q", "werk")
    rebased = git(plan, "rebase", "main", check=False)
    assert rebased.returncode == 0, rebased.stdout + rebased.stderr
    assert stakeholders(plan)[-3:] == ["Sportvereniging De Linde", "Bibliotheek Lindewaard", "Muziekschool"]
    git(plan, "checkout", "-q", "pick")
    git(plan, "reset", "-q", "--hard", "HEAD~1")  # before "sport", then add something else there
    edit_vertrekpunt(plan, add_stakeholder("Zwembad"))
    commit(plan, "zwembad")
    picked = git(plan, "cherry-pick", "main", check=False)
    assert picked.returncode == 0, picked.stdout + picked.stderr
    assert stakeholders(plan)[-2:] == ["Zwembad", "Sportvereniging De Linde"]


def test_a_fresh_clone_is_set_up_with_one_command(plan, tmp_path, capsys):
    clone = tmp_path / "kloon"
    git(tmp_path, "clone", "-q", str(plan), str(clone))
    capsys.readouterr()
    assert run_cli("status", str(clone)) == 0
    assert "handreiking setup-git" in capsys.readouterr().err
    assert run_cli("setup-git", str(clone)) == 0
    assert "git ingesteld" in capsys.readouterr().out
    assert git(clone, "status", "--porcelain").stdout == ""  # .gitattributes came with the clone
    assert run_cli("check", str(clone)) == 0
    assert "setup-git" not in capsys.readouterr().err
    assert run_cli("setup-git", str(clone)) == 0
    assert "al ingesteld" in capsys.readouterr().out
    git(clone, "checkout", "-qb", "hun")
    edit_vertrekpunt(clone, add_stakeholder("Bibliotheek Lindewaard"))
    commit(clone, "hun")
    git(clone, "checkout", "-q", "main")
    edit_vertrekpunt(clone, add_stakeholder("Sportvereniging De Linde"))
    commit(clone, "ons")
    assert git(clone, "merge", "--no-edit", "hun", check=False).returncode == 0


# --- the three-way merge itself, on texts (no git needed) --------------------------------------

VISIE = load_catalog().get("visie")
BASE = """# Fase 2 · Visie — antwoorden
# eigen opmerking bovenaan
perspectief: inclusief
kernwaarden:
  - toegankelijkheid
  - thuisnabijheid
horizonjaar: 2034  # afgesproken in april
"""


EXAMPLE_UITVOERING = (Path(__file__).parent.parent / "examples" / "gemeente-voorbeeld" / "antwoorden"
                      / "5-uitvoering.yaml").read_text(encoding="utf-8")


def merge(base: str, ours: str, theirs: str, questionnaire: Any = VISIE) -> tuple[str, int]:
    from handreiking.git.merge import merge_texts

    return merge_texts(base, ours, theirs, questionnaire=questionnaire)


def test_choices_merge_as_sets_and_comments_stay():
    ours = BASE.replace("  - thuisnabijheid\n", "  - thuisnabijheid\n  - gelijke_kansen\n")
    theirs = BASE.replace("  - toegankelijkheid\n", "").replace("horizonjaar: 2034", "horizonjaar: 2035")
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == 0
    assert text == ("# Fase 2 · Visie — antwoorden\n# eigen opmerking bovenaan\nperspectief: inclusief\n"
                    "kernwaarden:\n  - thuisnabijheid\n  - gelijke_kansen\nhorizonjaar: 2035  # afgesproken in april\n")


def test_answers_to_different_new_questions_merge_in_questionnaire_order():
    base = "# leeg\n"
    text, conflicts = merge(base, base + "perspectief: passend\n", base + "horizonjaar: 2030\n")
    assert conflicts == 0 and text == "# leeg\nperspectief: passend\nhorizonjaar: 2030\n"


def test_crlf_files_keep_crlf_and_the_same_change_on_both_sides_is_no_conflict():
    base = BASE.replace("\n", "\r\n")
    both = base.replace("2034", "2036")
    text, conflicts = merge(base, both, both.replace("passend", "x"))
    assert conflicts == 0 and text == both


def test_a_removed_item_that_the_other_side_edited_becomes_a_conflict_with_both_kept(tmp_path, keys):
    from handreiking.wizard.resolve import resolve_conflicts
    from keys import DOWN, ENTER

    base = "stakeholders:\n  - naam: A\n    rol: x\n  - naam: B\n"
    ours = "stakeholders:\n  - naam: B\n"
    theirs = "stakeholders:\n  - naam: A\n    rol: y\n  - naam: B\n"
    text, conflicts = merge(base, ours, theirs, VERTREKPUNT)
    assert conflicts == 1
    assert text == ("stakeholders:\n  - conflict:\n      ons:\n      hun:\n        naam: A\n        rol: y\n"
                    "  - naam: B\n")
    (tmp_path / "antwoorden").mkdir()
    (tmp_path / "plan.yaml").write_text("titel: Proef\n", encoding="utf-8")
    (tmp_path / "antwoorden" / VERTREKPUNT.answer_filename).write_text(text, encoding="utf-8")
    keys.send(DOWN, ENTER)  # "Verwijderen (zoals de andere kant deed)"
    keys.close()
    assert resolve_conflicts(tmp_path, load_catalog(), lambda *a, **k: None) == 1
    assert (tmp_path / "antwoorden" / VERTREKPUNT.answer_filename).read_text(encoding="utf-8") == (
        "stakeholders:\n  - naam: B\n")


def test_plan_yaml_takes_the_later_version_date_and_names_both_titles(tmp_path, capsys):
    base = "titel: Plan\nversiedatum: 2026-03-01\n"
    ours = "titel: Plan Noord\nversiedatum: 2026-04-01\n"
    theirs = "titel: Plan Zuid\nversiedatum: 2026-05-01\n"
    text, conflicts = merge(base, ours, theirs, None)
    assert conflicts == 1 and "versiedatum: 2026-05-01" in text
    plan = tmp_path / "plan"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "gemeente-voorbeeld" / "antwoorden",
                    plan / "antwoorden")
    (plan / "plan.yaml").write_text(text, encoding="utf-8")
    assert run_cli("check", str(plan)) == 1
    assert "ons: 'Plan Noord'; hun: 'Plan Zuid'" in capsys.readouterr().err


def test_the_driver_falls_back_to_gits_markers_for_a_file_that_is_no_yaml(tmp_path, capsys):
    files = {}
    for name, text in (("O", BASE), ("A", BASE.replace("2034", "2035")), ("B", "perspectief: [kapot\n")):
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="utf-8")
    code = run_cli("merge-driver", *(str(files[n]) for n in "OAB"), "antwoorden/2-visie.yaml")
    assert code == 1
    assert "<<<<<<< ons" in files["A"].read_text(encoding="utf-8")
    assert "regel voor regel" in capsys.readouterr().err


def test_a_broken_side_merged_line_by_line_without_a_clash_is_still_a_conflict(tmp_path, capsys):
    """One side left an unclosed quote on a line the other did not touch: git's line merge has no
    clash, and the merge was committed as if all was well, with a file no YAML reader accepts."""
    files = {}
    for name, text in (("O", BASE), ("A", BASE.replace("2034", "2035")),
                       ("B", BASE.replace("perspectief: inclusief", 'perspectief: "inclusief'))):
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="utf-8")
    code = run_cli("merge-driver", *(str(files[n]) for n in "OAB"), "antwoorden/2-visie.yaml")
    assert code == 1
    assert "geen geldige YAML" in capsys.readouterr().err
    assert "horizonjaar: 2035" in files["A"].read_text(encoding="utf-8")  # nothing of either side lost


def test_a_renamed_milestone_or_budget_line_keeps_the_other_sides_edit():
    """Bert renames a milestone and a budget line, Anna changes the milestone's date and the
    line's amount: one of each, renamed and changed. (Only ``naam`` and a few other fields counted
    as a name, so the renamed item was removed on one side and new on the other, and choosing a
    side left the milestone twice or counted the money twice.)"""
    uitvoering = load_catalog().get("uitvoering")
    base = EXAMPLE_UITVOERING
    ours = (base.replace("  - mijlpaal: Structurele financiering opgenomen in de gemeentebegroting 2028",
                         "  - mijlpaal: Structurele financiering in de begroting 2028")
            .replace("  - post: Pilot jeugdhulpprofessional op de groep, drie locaties",
                     "  - post: Pilot jeugdhulpprofessional op de groep (3 locaties)"))
    theirs = base.replace("    datum: 2027-11-11", "    datum: 2027-11-25").replace("    bedrag: 45000", "    bedrag: 50000")
    assert ours != base and theirs != base
    text, conflicts = merge(base, ours, theirs, uitvoering)
    assert conflicts == 0
    assert text.count("mijlpaal: Structurele financiering") == 1 and text.count("post: Pilot jeugdhulp") == 1
    assert text == ours.replace("    datum: 2027-11-11", "    datum: 2027-11-25").replace("    bedrag: 45000",
                                                                                        "    bedrag: 50000")


def test_one_amount_written_two_ways_is_no_change_and_no_conflict():
    """'50.000' on one side and 50000 on the other are one amount; an amount only rewritten as
    '180.000' is unchanged, so the other side's new amount wins (both were conflicts)."""
    uitvoering = load_catalog().get("uitvoering")
    base = EXAMPLE_UITVOERING
    ours = base.replace("    bedrag: 45000", "    bedrag: 50000").replace("    bedrag: 180000", "    bedrag: 190000")
    theirs = base.replace("    bedrag: 45000", "    bedrag: '50.000'").replace("    bedrag: 180000",
                                                                               "    bedrag: '180.000'")
    text, conflicts = merge(base, ours, theirs, uitvoering)
    assert conflicts == 0 and text == ours


def test_a_comment_above_the_first_answer_stays_whatever_the_other_side_did():
    """A comment written above the first answer of a file belongs to no answer (it sits above the
    mapping); it was lost when the other side gave that answer the same new value, and left out
    of the conflict block when they gave another."""
    evaluatie = load_catalog().get("evaluatie")
    base = (Path(__file__).parent.parent / "examples" / "gemeente-voorbeeld" / "antwoorden"
            / "6-evaluatie.yaml").read_text(encoding="utf-8")
    anna = base.replace("cyclusduur: jaar", "# Anna: halfjaar past beter\ncyclusduur: halfjaar")
    for bert, conflicts in ((base.replace("cyclusduur: jaar", "cyclusduur: halfjaar"), 0),
                            (base.replace("cyclusduur: jaar", "# Bert: twee jaar\ncyclusduur: twee_jaar"), 1)):
        for ours, theirs in ((bert, anna), (anna, bert)):
            text, found = merge(base, ours, theirs, evaluatie)
            assert found == conflicts and "# Anna: halfjaar past beter\n" in text
            assert conflicts == 0 or "# Bert: twee jaar\n" in text


def test_items_moved_on_one_side_keep_their_new_order_when_the_other_side_changed_something_else():
    """Anna moves the last stakeholder to the top, Bert changes an answer elsewhere in the file:
    the new order stayed only when Anna merged, and was lost when Bert did. The blank line that
    closes the list stays at its end."""
    vertrekpunt = load_catalog().get("vertrekpunt")
    base = (Path(__file__).parent.parent / "examples" / "gemeente-voorbeeld" / "antwoorden"
            / "1-vertrekpunt.yaml").read_text(encoding="utf-8")
    start = base.index("  - naam: Huisartsenpraktijk De Linde")
    end = base.index("\nstakeholders_ontbrekend:")
    first = base.index("  - naam: Kinderopvang Het Speelkwartier")
    anna = base[:first] + base[start:end] + "\n" + base[first:start].rstrip("\n") + "\n" + base[end:]  # blank lines between
    bert = base.replace("regisseur_uren: 12", "regisseur_uren: 13")
    assert anna != base and bert != base
    for ours, theirs in ((bert, anna), (anna, bert)):
        text, conflicts = merge(base, ours, theirs, vertrekpunt)
        assert conflicts == 0
        assert text == anna.replace("regisseur_uren: 12", "regisseur_uren: 13")


def test_each_new_item_keeps_the_comment_above_it_when_both_sides_add_one():
    """ruamel keeps a comment above an item with the item before it. Both sides added a
    stakeholder at the end, each with a comment above it: both comments landed above one of the
    two, and the other stood bare."""
    vertrekpunt = load_catalog().get("vertrekpunt")
    base = (Path(__file__).parent.parent / "examples" / "gemeente-voorbeeld" / "antwoorden"
            / "1-vertrekpunt.yaml").read_text(encoding="utf-8")
    end = "    email: l.visser@huisartsendelinde.example\n"

    def added(comment: str, name: str) -> str:
        return base.replace(end, f"{end}\n  # {comment}\n  - naam: {name}\n    rol: Voorlezen\n", 1)

    anna, bert = added("Anna: na overleg", "Bibliotheek Lindewaard"), added("Bert: nieuw", "Consultatiebureau GGD")
    for ours, theirs in ((bert, anna), (anna, bert)):
        text, conflicts = merge(base, ours, theirs, vertrekpunt)
        assert conflicts == 0
        assert "  # Anna: na overleg\n  - naam: Bibliotheek Lindewaard\n" in text
        assert "  # Bert: nieuw\n  - naam: Consultatiebureau GGD\n" in text
        assert text.count("# Anna: na overleg") == 1 and text.count("# Bert: nieuw") == 1


def test_the_installed_wizard_asks_for_the_conflicts_first(tmp_path):
    """Black box: ``handreiking wizard`` in a real terminal chooses before it asks anything else."""
    pexpect = pytest.importorskip("pexpect")
    from keys import CTRL_C, DOWN, ENTER
    from test_cli_pty import spawn, type_keys

    plan = tmp_path / "plan"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "gemeente-voorbeeld", plan,
                    ignore=shutil.ignore_patterns("documenten"))
    path = plan / "antwoorden" / VISIE.answer_filename
    base = path.read_text(encoding="utf-8")
    text, conflicts = merge(base, base.replace("horizonjaar: 2034", "horizonjaar: 2035"),
                            base.replace("horizonjaar: 2034", "horizonjaar: 2036"))
    assert conflicts == 1
    path.write_text(text, encoding="utf-8")
    child = spawn(tmp_path, "wizard", "plan", "--fase", "visie")
    child.expect("Conflict 1 van 1: Visie › In welk jaar wilt u de stip op de horizon bereiken")
    child.expect("Kies welke versie blijft")
    type_keys(child, DOWN + ENTER)
    child.expect("(conflict|conflicten) opgelost")
    child.expect("Fase 2 · Visie")
    type_keys(child, CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert path.read_text(encoding="utf-8") == base.replace("horizonjaar: 2034", "horizonjaar: 2036")


def test_two_different_own_answers_to_a_choice_are_one_conflict():
    base = "perspectief: inclusief\n"
    text, conflicts = merge(base, "perspectief:\n  anders: Eerst passend\n", "perspectief:\n  anders: Gemengd\n")
    assert conflicts == 1
    assert text == ("perspectief:\n  conflict:\n    ons:\n      anders: Eerst passend\n    hun:\n"
                    "      anders: Gemengd\n")


def test_a_rebase_that_stops_on_a_conflict_is_finished_after_choosing(plan, keys, monkeypatch):
    from handreiking.wizard.resolve import resolve_conflicts
    from keys import DOWN, ENTER

    git(plan, "checkout", "-qb", "werk")
    edit_vertrekpunt(plan, lambda data: data.__setitem__("regisseur_uren", 16))
    commit(plan, "zestien")
    git(plan, "checkout", "-q", "main")
    edit_vertrekpunt(plan, lambda data: data.__setitem__("regisseur_uren", 14))
    commit(plan, "veertien")
    git(plan, "checkout", "-q", "werk")
    assert git(plan, "rebase", "main", check=False).returncode != 0
    keys.send(DOWN, ENTER)  # the other version: in a rebase that is the commit being replayed (16)
    keys.close()
    said: list[str] = []
    assert resolve_conflicts(plan, load_catalog(), lambda text, err=False: said.append(text)) == 1
    assert said[-1].endswith("git add -A && git rebase --continue")
    git(plan, "add", "-A")
    monkeypatch.setenv("GIT_EDITOR", "true")
    git(plan, "rebase", "--continue")
    assert load_phase(VERTREKPUNT, plan / "antwoorden").data["regisseur_uren"] == 16
    assert git(plan, "log", "--format=%s", "-2").stdout == "zestien\nveertien\n"


def test_a_renamed_item_still_gets_the_other_sides_edits():
    base = "stakeholders:\n  - naam: Bibliotek\n    rol: x\n  - naam: B\n"
    ours = "stakeholders:\n  - naam: Bibliotheek Lindewaard\n    rol: x\n  - naam: B\n"
    theirs = "stakeholders:\n  - naam: Bibliotek\n    rol: Voorlezen\n  - naam: B\n"
    text, conflicts = merge(base, ours, theirs, VERTREKPUNT)
    assert conflicts == 0
    assert text == "stakeholders:\n  - naam: Bibliotheek Lindewaard\n    rol: Voorlezen\n  - naam: B\n"
