"""Conflicts a team can finish (issue 24): a bare origin, two clones, real git.

Every case where both people changed the same thing is found (also inside list
items), named in words by check, status and render, never read as answers, and
resolved with ``handreiking kies`` (the wizard's walk is in test_conflicts_screen.py),
ending with ``check --strict`` clean and ``render --check`` passing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from git_helpers import git, git_env  # noqa: F401 - git_env is a fixture
from helpers import examples, run_cli
from handreiking.plan.answers import load_phase, to_yaml_value
from handreiking.questionnaire.catalog import load_catalog

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git ontbreekt"),
              pytest.mark.usefixtures("git_env"),
              pytest.mark.slow]  # slow: real git merges between clones (CI runs them)
CATALOG = load_catalog()
SK = "Kinderopvang Het Speelkwartier"
PEOPLE = {"a": "Anna de Vries", "b": "Bert Jansen"}


def commit_as(clone: Path, message: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME=PEOPLE[clone.name], GIT_COMMITTER_NAME=PEOPLE[clone.name])
    for args in (["add", "-A"], ["commit", "-qm", message]):
        done = subprocess.run(["git", *args], cwd=clone, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def edit(clone: Path, phase: str, change: Callable[[Any], None]) -> None:
    answers = load_phase(CATALOG.get(phase), clone / "antwoorden")
    change(answers.data)
    answers.save()


def data(clone: Path, phase: str) -> Any:
    return load_phase(CATALOG.get(phase), clone / "antwoorden").data


def stakeholder(answers: Any, name: str) -> Any:
    return next(item for item in answers["stakeholders"] if item["naam"] == name)


@pytest.fixture(scope="module")
def origin_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An example plan pushed to a bare origin (made once; each test copies it)."""
    base = tmp_path_factory.mktemp("team")
    env = {"GIT_CONFIG_GLOBAL": str(base / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Anna Test", "GIT_AUTHOR_EMAIL": "anna@test.example",
           "GIT_COMMITTER_NAME": "Anna Test", "GIT_COMMITTER_EMAIL": "anna@test.example"}
    (base / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        assert run_cli("init", "--voorbeeld", str(base / "plan"), "--git") == 0
        git(base, "clone", "-q", "--bare", "plan", "origin.git")
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return base / "origin.git"


@pytest.fixture
def team(origin_template: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two clones of one origin, each set up with ``setup-git``."""
    shutil.copytree(origin_template, tmp_path / "origin.git")
    clones = []
    for name in ("a", "b"):
        git(tmp_path, "clone", "-q", "origin.git", name)
        assert run_cli("setup-git", str(tmp_path / name)) == 0
        clones.append(tmp_path / name)
    return clones[0], clones[1]


def both_change(team: tuple[Path, Path], phase: str, change_a: Callable, change_b: Callable) -> Path:
    """Anna pushes her change; Bert commits his and pulls (a merge). Returns Bert's clone."""
    a, b = team
    edit(a, phase, change_a)
    commit_as(a, "Anna's wijziging")
    git(a, "push", "-q")
    edit(b, phase, change_b)
    commit_as(b, "Berts wijziging")
    pulled = git(b, "pull", "-q", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 1 and "CONFLICT" in pulled.stdout + pulled.stderr
    return b


def documents(clone: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((clone / "documenten").glob("*")) if p.is_file()}


def add(name: str, **fields: Any) -> Callable[[Any], None]:
    return lambda d: d["stakeholders"].append(to_yaml_value({"naam": name, **fields}))


def set_field(name: str, key: str, value: Any) -> Callable[[Any], None]:
    return lambda d: stakeholder(d, name).__setitem__(key, value)


SMI_LINE = 5  # the budget line for SMI places in the example (0-based)
SMI_POST = "Opvang op sociaal-medische indicatie voor kinderen zonder toeslagrecht"


def budget(amount: int) -> Callable[[Any], None]:
    return lambda d: d["middelen"][SMI_LINE].__setitem__("bedrag", amount)


CASES = {
    # id: (phase, Anna's change, Bert's change, what check names, kies VRAAG, choice, check of the result)
    "weg-tegen-bewerkt": ("vertrekpunt", lambda d: d["stakeholders"].remove(stakeholder(d, SK)),
                          set_field(SK, "rol", "Levert vier pilotlocaties"),
                          [SK], f"stakeholders[{SK}]", "--ons",
                          lambda d: stakeholder(d, SK)["rol"] == "Levert vier pilotlocaties"),
    "zelfde-veld": ("vertrekpunt", set_field(SK, "invloed", "midden"), set_field(SK, "invloed", "laag"),
                    [SK, "invloed", "Laag", "Midden"], f"stakeholders[{SK}].invloed", "--hun",
                    lambda d: stakeholder(d, SK)["invloed"] == "midden"),
    "beide-hernoemd": ("vertrekpunt", set_field(SK, "naam", "Speelkwartier BV"),
                       set_field(SK, "naam", "Het Speelkwartier Kinderopvang"),
                       ["Het Speelkwartier Kinderopvang", "Speelkwartier BV", "naam"],
                       "stakeholders[Het Speelkwartier Kinderopvang].naam", "--hun",
                       lambda d: stakeholder(d, "Speelkwartier BV")["invloed"] == "hoog"),
    "zelfde-naam-toegevoegd": ("vertrekpunt", add("Bibliotheek", rol="Voorlezen"),
                               add("Bibliotheek", rol="Boeken", invloed="laag"),
                               ["Bibliotheek", "rol", "Boeken", "Voorlezen"], "stakeholders[Bibliotheek].rol",
                               "--waarde=Voorlezen en boeken",
                               lambda d: stakeholder(d, "Bibliotheek") == {"naam": "Bibliotheek", "invloed": "laag",
                                                                           "rol": "Voorlezen en boeken"}),
    "een-bedrag": ("uitvoering", budget(21000), budget(24500),
                   ["begrotingspost", "bedrag", "€ 24.500", "€ 21.000"], f"middelen[{SMI_POST}].bedrag",
                   "--waarde=23000", lambda d: d["middelen"][SMI_LINE]["bedrag"] == 23000),
}


FAST_CASES = ("weg-tegen-bewerkt", "een-bedrag")  # the other three run with -m slow


def test_a_merge_of_a_commit_id_names_the_branch_it_is_the_tip_of(team, capsys):
    """``git merge 13fcaf1`` (git's message then names the commit, not a branch): the other
    version is named by the branch whose last commit that is."""
    a, b = team
    edit(a, "visie", lambda d: d.__setitem__("horizonjaar", 2031))
    commit_as(a, "Anna's wijziging")
    git(a, "push", "-q")
    edit(b, "visie", lambda d: d.__setitem__("horizonjaar", 2033))
    commit_as(b, "Berts wijziging")
    git(b, "fetch", "-q")
    git(b, "branch", "partner", "origin/main")
    tip = git(b, "rev-parse", "partner").stdout.strip()
    assert git(b, "merge", tip, check=False).returncode == 1
    capsys.readouterr()
    assert run_cli("kies", str(b)) == 1
    assert "hun = de versie van partner (Anna de Vries)" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("case", [c if c in FAST_CASES else pytest.param(c, marks=pytest.mark.slow) for c in CASES])
def test_a_conflict_inside_a_list_is_named_never_read_and_chosen_with_kies(team, case, capsys):
    phase, change_a, change_b, named, wanted, choice, result = CASES[case]
    b = both_change(team, phase, change_a, change_b)
    filename = CATALOG.get(phase).answer_filename
    capsys.readouterr()
    assert run_cli("check", str(b)) == 1
    said = capsys.readouterr().err
    assert f"antwoorden/{filename}" in said and "twee versies na een git-merge" in said
    assert all(word in said for word in named), said
    assert "{'conflict'" not in said and "(zonder naam)" not in said
    assert run_cli("status", str(b)) == 1  # never "in orde", never read as answers
    out, err = capsys.readouterr()
    assert "twee versies na een git-merge" in out + err
    before = documents(b)
    assert run_cli("render", str(b)) == 1
    assert "niet bijgewerkt" in capsys.readouterr().err
    assert documents(b) == before
    assert run_cli("kies", str(b)) == 1  # listing: conflicts are left
    listing = capsys.readouterr().out
    assert wanted in listing and "Anna de Vries" in listing and "Bert Jansen" in listing
    assert run_cli("kies", str(b), wanted, choice) == 0
    assert "Alle conflicten zijn opgelost" in capsys.readouterr().out
    assert result(data(b, phase))
    assert run_cli("check", "--strict", str(b)) == 0
    assert run_cli("render", str(b)) == 0
    assert run_cli("render", "--check", str(b)) == 0
    commit_as(b, "Samengevoegd")
    assert git(b, "status", "--porcelain").stdout == ""


def test_kies_says_what_is_wrong_with_exit_codes(team, capsys):
    b = both_change(team, "uitvoering", budget(21000), budget(24500))
    capsys.readouterr()
    assert run_cli("kies", str(b), f"middelen[{SMI_POST}].bedrag") == 2  # no choice given
    assert "--ons, --hun, --beide of --waarde" in capsys.readouterr().err
    assert run_cli("kies", str(b), f"middelen[{SMI_POST}].bedrag", "--ons", "--hun") == 2
    assert run_cli("kies", str(b), f"middelen[{SMI_POST}].bedrag", "--beide") == 2
    assert "alleen bij een lijst" in capsys.readouterr().err
    assert run_cli("kies", str(b), "titel", "--ons") == 1
    assert "geen conflict 'titel'" in capsys.readouterr().err
    assert run_cli("kies", str(b), f"middelen[{SMI_LINE + 1}].bedrag", "--waarde", "veel") == 1
    assert "er is niets veranderd" in capsys.readouterr().err
    assert run_cli("kies", str(b), f"middelen[{SMI_LINE + 1}].bedrag", "--ons") == 0  # the number check shows
    assert data(b, "uitvoering")["middelen"][SMI_LINE]["bedrag"] == 24500
    assert run_cli("kies", str(b)) == 0
    assert "geen conflicten" in capsys.readouterr().out


def test_both_sides_of_a_list_of_choices(tmp_path, capsys):
    from handreiking.git.merge import merge_texts

    visie = CATALOG.get("visie")
    base = "kernwaarden:\n  - toegankelijkheid\n"
    ours = "kernwaarden:\n  - thuisnabijheid\n"
    theirs = "kernwaarden:\n  - gelijke_kansen\n"
    text, conflicts = merge_texts(base, ours, theirs, visie)
    # a set merge: both removals and both additions, no conflict
    assert conflicts == 0 and "thuisnabijheid" in text and "gelijke_kansen" in text
    from handreiking.git.choose import BOTH, apply_choice
    from handreiking.core.conflicts import find_conflicts, make_conflict
    from ruamel.yaml.comments import CommentedMap

    answers = CommentedMap()
    answers["kernwaarden"] = make_conflict(["thuisnabijheid"], ["gelijke_kansen", "thuisnabijheid"])
    found = find_conflicts(answers, visie)
    assert [c.ref for c in found] == ["kernwaarden"] and found[0].is_list
    apply_choice(found[0], BOTH)
    assert answers["kernwaarden"] == ["thuisnabijheid", "gelijke_kansen"]


def test_the_finder_descends_into_lists_without_a_questionnaire():
    from handreiking.core.conflicts import find_conflicts, make_conflict

    plan = {"titel": "Plan", "partners": [{"naam": "A", "rol": make_conflict("x", "y")}, make_conflict({"naam": "B"}, None)]}
    found = find_conflicts(plan, None, "Plangegevens")
    assert [c.ref for c in found] == ["partners[A].rol", "partners[B]"]
    assert [c.number_ref for c in found] == ["partners[1].rol", "partners[2]"]
    assert found[0].label == "Plangegevens › partners › A › rol"


# --- point 4: nothing lost in a merge: comments of both sides ------------------------------------


def test_comments_of_both_sides_survive_and_a_section_comment_stays_outside_the_block(team, capsys):
    a, b = team
    path = "antwoorden/1-vertrekpunt.yaml"

    def by_hand(clone: Path, old: str, new: str) -> None:
        file = clone / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    # Anna: only comments (one inside the list, one after a value) and a word in the mandate
    by_hand(a, "  - naam: Pedagogisch coach Het Speelkwartier\n",
            "  # Anna: coach eerst bellen\n  - naam: Pedagogisch coach Het Speelkwartier\n")
    by_hand(a, "    invloed: hoog\n", "    invloed: hoog  # Anna: navragen\n")
    by_hand(a, "tot 15.000 euro", "tot 18.000 euro")
    commit_as(a, "Anna")
    git(a, "push", "-q")
    # Bert: another item's field, a comment of his own, and the same sentence of the mandate
    edit(b, "vertrekpunt", set_field("Pedagogisch coach Het Speelkwartier", "invloed", "hoog"))
    by_hand(b, "regisseur_uren: 12\n", "regisseur_uren: 12  # Bert: met de wethouder afgestemd\n")
    by_hand(b, "tot 15.000 euro", "tot 16.000 euro")
    commit_as(b, "Bert")
    assert git(b, "pull", "-q", "--no-rebase", "--no-edit", check=False).returncode == 1
    text = (b / path).read_text(encoding="utf-8")
    for comment in ("# Anna: coach eerst bellen", "# Anna: navragen", "# Bert: met de wethouder afgestemd"):
        assert comment in text
    section = "# --- Betrokken partijen"
    block = text[text.index("mandaat:"):text.index(section)]
    assert "conflict:" in block and "16.000" in block and "18.000" in block  # the heading comes after the block
    assert run_cli("kies", str(b), "mandaat", "--hun") == 0
    text = (b / path).read_text(encoding="utf-8")
    assert "18.000" in text and "16.000" not in text and "conflict:" not in text
    assert text.index("mandaat:") < text.index(section) < text.index("stakeholders:")
    assert text.count(section) == 1 and "# Anna: coach eerst bellen" in text
    assert run_cli("check", "--strict", str(b)) == 0


def test_a_comment_only_change_is_a_change():
    from handreiking.git.merge import merge_texts

    vertrekpunt = CATALOG.get("vertrekpunt")
    base = "stakeholders:\n  - naam: A\n    rol: x\n  - naam: B\n    rol: y\nregisseur_uren: 12\n"
    theirs = base.replace("    rol: x\n", "    rol: x  # hun opmerking\n").replace(
        "regisseur_uren: 12", "regisseur_uren: 12  # hun uren")
    ours = base.replace("rol: y", "rol: q").replace("regisseur_uren: 12", "regisseur_uren: 12  # onze uren")
    for first, second in ((ours, theirs), (theirs, ours)):
        text, conflicts = merge_texts(base, first, second, vertrekpunt)
        assert conflicts == 0
        assert "rol: x  # hun opmerking" in text and "rol: q" in text
        assert "# onze uren" in text and "# hun uren" in text


# --- points 5 and 6: guardrails ---------------------------------------------------------------------


def test_setup_git_installs_hooks_that_refuse_conflict_blocks_and_caches_document_text(team, capsys):
    a, b = team
    assert git(b, "config", "--get", "diff.handreiking-document.cachetextconv").stdout.strip() == "true"
    hooks = Path(git(b, "rev-parse", "--git-path", "hooks").stdout.strip())
    hooks = hooks if hooks.is_absolute() else b / hooks
    assert all(os.access(hooks / name, os.X_OK) for name in ("pre-commit", "pre-merge-commit"))
    b = both_change(team, "uitvoering", budget(21000), budget(24500))
    git(b, "add", "-A")
    refused = git(b, "commit", "-qm", "samengevoegd", check=False)
    assert refused.returncode == 1
    assert f"antwoorden/5-uitvoering.yaml: middelen[{SMI_POST}].bedrag" in refused.stderr
    assert "er is niets vastgelegd" in refused.stderr
    # pre-merge-commit: a branch that committed a block past the hook cannot be merged in
    git(b, "commit", "-qm", "langs de controle", "--no-verify")
    git(a, "pull", "-q", "--no-rebase", "--no-edit")
    git(a, "checkout", "-qb", "los")
    edit(a, "visie", lambda d: d.__setitem__("horizonjaar", 2040))
    commit_as(a, "los")
    git(a, "checkout", "-q", "main")
    git(a, "fetch", "-q", str(b), "main:van-bert")
    merged = git(a, "merge", "--no-ff", "--no-edit", "van-bert", check=False)
    assert merged.returncode != 0 and f"middelen[{SMI_POST}].bedrag" in merged.stderr


def test_a_one_sided_file_after_a_missing_driver_is_named_with_the_way_back(team, capsys):
    a, b = team
    git(b, "config", "merge.handreiking.driver", "/verhuisd/venv/bin/python -m handreiking merge-driver %O %A %B %P")
    edit(a, "vertrekpunt", lambda d: d.__setitem__("regisseur_uren", 14))
    commit_as(a, "Anna")
    git(a, "push", "-q")
    edit(b, "vertrekpunt", lambda d: d.__setitem__("regisseur_uren", 16))
    commit_as(b, "Bert")
    assert git(b, "pull", "-q", "--no-rebase", "--no-edit", check=False).returncode == 1
    text = (b / "antwoorden" / "1-vertrekpunt.yaml").read_text(encoding="utf-8")
    assert "conflict:" not in text and "<<<<<<<" not in text  # one side only, no marker at all
    capsys.readouterr()
    assert run_cli("check", str(b)) == 1
    err = capsys.readouterr().err
    assert "Git is bezig met samenvoegen (merge)" in err and "Nog niet samengevoegd: antwoorden/1-vertrekpunt.yaml" in err
    assert f"handreiking setup-git {b} && git checkout -m antwoorden/1-vertrekpunt.yaml" in err
    assert run_cli("status", str(b)) == 1
    assert "maar één van de twee versies" in capsys.readouterr().err
    assert run_cli("setup-git", str(b)) == 0
    git(b, "checkout", "-m", "antwoorden/1-vertrekpunt.yaml")
    assert run_cli("kies", str(b), "regisseur_uren", "--ons") == 0  # ours again, but now chosen
    capsys.readouterr()
    assert run_cli("check", "--strict", str(b)) == 0
    err = capsys.readouterr().err
    assert "maar één van de twee versies" not in err and "Alles is gekozen. Rond af met: handreiking render" in err
    assert run_cli("render", str(b)) == 0
    git(b, "add", "-A")
    git(b, "commit", "-qm", "samengevoegd")
    assert run_cli("render", "--check", str(b)) == 0
    capsys.readouterr()
    assert run_cli("status", str(b)) == 0
    assert "Git is bezig" not in capsys.readouterr().err


# --- point 9: linear merge (correctness at size; the time is in benchmarks/merge_lists.py) -----------


def _list_text(names: list[str], roles: dict[str, str] | None = None) -> str:
    roles = roles or {}
    return "stakeholders:\n" + "".join(f"  - naam: {n}\n    rol: {roles.get(n, 'partner')}\n" for n in names)


def _merged_names(text: str) -> list[str]:
    return [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("  - naam: ")]


def test_items_of_both_sides_land_where_each_side_put_them():
    from handreiking.git.merge import merge_texts

    vertrekpunt = CATALOG.get("vertrekpunt")
    base = _list_text(["A", "B", "C"])
    ours = _list_text(["A", "O1", "B", "C"], {"B": "trekker"})
    theirs = _list_text(["T0", "A", "B", "T1", "C", "T2"])
    text, conflicts = merge_texts(base, ours, theirs, vertrekpunt)
    assert conflicts == 0
    assert _merged_names(text) == ["T0", "A", "O1", "B", "T1", "C", "T2"]
    assert "rol: trekker" in text


def test_hundreds_of_additions_renames_and_removals_merge_per_item():
    from handreiking.git.merge import merge_texts

    vertrekpunt = CATALOG.get("vertrekpunt")

    def text(names: list[str], extra: str = "") -> str:
        return "stakeholders:\n" + "".join(
            f"  - naam: {n}\n    rol: taak {n.split()[1]}\n{extra if n.startswith('Partij') else ''}" for n in names)

    base_names = [f"Partij {i}" for i in range(400)]
    base = text(base_names)
    # ours: renames every even one, removes the last 50 (which theirs left alone), adds 300
    ours_names = [f"Partij {i} (nieuw)" if i % 2 == 0 else f"Partij {i}" for i in range(350)]
    ours = text(ours_names + [f"Ons {i}" for i in range(300)])
    # theirs: the influence of the first 350, and 300 of its own
    theirs = text(base_names[:350], "    invloed: hoog\n") + text(base_names[350:]).split("\n", 1)[1] + \
        text([f"Hun {i}" for i in range(300)]).split("\n", 1)[1]
    merged, conflicts = merge_texts(base, ours, theirs, vertrekpunt)
    assert conflicts == 0
    assert _merged_names(merged) == ours_names + [f"Ons {i}" for i in range(300)] + [f"Hun {i}" for i in range(300)]
    assert merged.count("invloed: hoog") == 350  # theirs' edits found the renamed items


# --- point 8: a change log a council secretary can use ---------------------------------------------


def test_the_change_log_names_who_did_the_merged_work_and_verschil_reads_as_a_report(team, capsys):
    from handreiking.git.textconv import html_text
    from handreiking.git.history import change_log

    a, b = team
    plan_file = a / "plan.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(
        "titel: Samen naar inclusieve kinderopvang in Lindewaard", "titel: Ieder kind welkom in Lindewaard"),
        encoding="utf-8")
    edit(a, "vertrekpunt", lambda d: d["stakeholders"].extend(
        to_yaml_value({"naam": f"Gastouder {i}", "sector": "directie_kinderopvang"}) for i in range(600)))
    edit(a, "uitvoering", budget(24500))
    commit_as(a, "Gastouders en budget")
    git(a, "push", "-q")
    edit(b, "vertrekpunt", set_field(SK, "invloed", "midden"))
    commit_as(b, "Invloed Speelkwartier")
    env = dict(os.environ, GIT_AUTHOR_NAME=PEOPLE["b"], GIT_COMMITTER_NAME=PEOPLE["b"])
    pulled = subprocess.run(["git", "pull", "-q", "--no-rebase", "--no-edit"], cwd=b, env=env,
                            capture_output=True, text=True)
    assert pulled.returncode == 0, pulled.stderr
    capsys.readouterr()
    assert run_cli("verschil", str(b), "HEAD^1", "HEAD") == 0
    report = capsys.readouterr().out
    assert "Plangegevens" in report and "Titel: Samen naar inclusieve kinderopvang in Lindewaard → Ieder kind" in report
    assert "600 toegevoegd (Gastouder 0, Gastouder 1, Gastouder 2, Gastouder 3, Gastouder 4 en 595 andere)" in report
    assert f"{SMI_POST} — Bedrag in euro: € 20.000 → € 24.500" in report
    assert max(len(line) for line in report.splitlines()) < 200  # no line with hundreds of names
    edit(b, "visie", lambda d: d.__setitem__("horizonjaar", 2036))
    commit_as(b, "Horizon later")  # the newest change is "Deze versie"; the merge is history now
    current = {q.phase: data(b, q.phase) for q in CATALOG}
    from handreiking.plan.folder import open_plan

    log = change_log(b, CATALOG, current, None, open_plan(b).meta)
    assert all("Plangegevens" not in line for line in log[0]["wijzigingen"])  # this version: the horizon only
    merged = next(entry for entry in log if not entry["huidig"] and entry["titel"].startswith("Samengevoegd"))
    assert merged["auteur"] == "Anna de Vries, samengevoegd door Bert Jansen"
    assert "Gastouders en budget" in merged["titel"]
    assert merged["wijzigingen"][0] == ("Plangegevens › Titel: Samen naar inclusieve kinderopvang in Lindewaard → "
                                        "Ieder kind welkom in Lindewaard")
    assert html_text('<p>Zie <a href="x">de bijlage</a> voor <em>meer</em>.</p>') == "Zie de bijlage voor meer.\n"


def test_a_clone_set_up_before_the_hooks_existed_is_told_to_run_setup_git_again(team, capsys):
    _, b = team
    hooks = Path(git(b, "rev-parse", "--git-path", "hooks").stdout.strip())
    (hooks if hooks.is_absolute() else b / hooks).joinpath("pre-commit").unlink()
    capsys.readouterr()
    assert run_cli("status", str(b)) == 0
    assert "git-hook" in capsys.readouterr().err
    assert run_cli("setup-git", str(b)) == 0
    assert "git-hook pre-commit" in capsys.readouterr().out
    assert run_cli("check", str(b)) == 0
    assert "git-hook" not in capsys.readouterr().err


def test_a_plan_yaml_conflict_is_chosen_with_kies_before_anything_opens_the_plan(team, capsys):
    a, b = team
    for clone, title in ((a, "Ieder kind welkom"), (b, "Samen op weg")):
        plan_file = clone / "plan.yaml"
        plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(
            "titel: Samen naar inclusieve kinderopvang in Lindewaard", f"titel: {title}"), encoding="utf-8")
        commit_as(clone, title)
        if clone == a:
            git(a, "push", "-q")
    assert git(b, "pull", "-q", "--no-rebase", "--no-edit", check=False).returncode == 1
    capsys.readouterr()
    assert run_cli("check", str(b)) == 1
    assert "ons: 'Samen op weg'; hun: 'Ieder kind welkom'" in capsys.readouterr().err
    assert run_cli("kies", str(b), "titel", "--waarde", "Ieder kind welkom, samen op weg") == 0
    assert "titel: Ieder kind welkom, samen op weg\n" in (b / "plan.yaml").read_text(encoding="utf-8")
    assert run_cli("check", "--strict", str(b)) == 0


# --- a property: edits of different items by two people never conflict and are all kept ----------

@st.composite
def two_sides(draw):
    """A base list, and per side a disjoint set of items it edits, removes, and items it adds."""
    size = draw(st.integers(min_value=0, max_value=12))
    base = [f"Partij {i}" for i in range(size)]
    roles = {name: "partner" for name in base}
    owner = draw(st.lists(st.sampled_from(["niemand", "ons", "hun"]), min_size=size, max_size=size))
    action = draw(st.lists(st.sampled_from(["bewerk", "weg"]), min_size=size, max_size=size))
    sides = {}
    for side in ("ons", "hun"):
        names = [n for n, who, what in zip(base, owner, action) if not (who == side and what == "weg")]
        edited = {n: f"rol van {side}" for n, who, what in zip(base, owner, action) if who == side and what == "bewerk"}
        added = [f"{side.capitalize()} {i}" for i in range(draw(st.integers(min_value=0, max_value=4)))]
        sides[side] = (names + added, {**roles, **edited}, edited, added)
    return base, roles, sides, owner, action


@settings(max_examples=examples(60), deadline=None)
@given(two_sides())
def test_edits_of_different_items_merge_with_nothing_lost(case):
    from handreiking.git.merge import merge_texts

    base, roles, sides, owner, action = case
    texts = [_list_text(base, roles) if base else "stakeholders: []\n"]
    for side in ("ons", "hun"):
        names, side_roles, _, _ = sides[side]
        texts.append(_list_text(names, side_roles) if names else "stakeholders: []\n")
    merged, conflicts = merge_texts(*texts, CATALOG.get("vertrekpunt"))
    assert conflicts == 0
    result = _merged_names(merged)
    removed = {n for n, what in zip(base, action) if what == "weg"} - {n for n, who in zip(base, owner) if who == "niemand"}
    expected = [n for n in base if n not in removed] + sides["ons"][3] + sides["hun"][3]
    assert sorted(result) == sorted(expected)
    for side in ("ons", "hun"):
        for name, role in sides[side][2].items():
            assert f"  - naam: {name}\n    rol: {role}\n" in merged
