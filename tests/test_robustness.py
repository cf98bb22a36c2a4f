"""Never lose an answer: killed saves, full disks, read-only folders, odd names, fuzzed files."""
from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handreiking.core.errors import HandreikingError
from helpers import copy_example, default_signals, installed_command, run_cli

SAVER = r"""
import sys
from pathlib import Path
from handreiking.plan.answers import load_phase
from handreiking.questionnaire.catalog import load_catalog
folder = Path(sys.argv[1])
visie = load_catalog().get("visie")
i = 0
while True:
    phase = load_phase(visie, folder)
    phase.set("toekomstbeeld", f"versie {i} " + "x" * 200_000)
    phase.save()
    i += 1
    if i == 1:
        print("gestart", flush=True)
"""


@pytest.mark.slow
def test_killing_the_process_during_saves_leaves_a_whole_file(tmp_path):
    from handreiking.plan.answers import load_phase
    from handreiking.questionnaire.catalog import load_catalog

    visie = load_catalog().get("visie")
    (tmp_path / "2-visie.yaml").write_text("perspectief: inclusief\ntoekomstbeeld: begin\n", encoding="utf-8")
    for attempt in range(8):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(tmp_path)], stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"gestart"
        time.sleep(0.01 + attempt * 0.013)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        phase = load_phase(visie, tmp_path)  # parses: never a partial file
        value = phase.get("toekomstbeeld")
        assert value.startswith("versie ") and value.endswith("x" * 1000)
        assert phase.get("perspectief") == "inclusief"


def _fail_with(code: int):
    def replace(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    return replace


@pytest.mark.parametrize(("code", "fragment"), [(errno.ENOSPC, "schijf is vol"), (errno.EROFS, "alleen-lezen"),
                                                (errno.EACCES, "schrijfrechten")])
def test_failed_write_gives_message_and_keeps_old_answers(tmp_path, monkeypatch, code, fragment):
    from handreiking.plan.answers import load_phase
    from handreiking.questionnaire.catalog import load_catalog

    path = tmp_path / "2-visie.yaml"
    path.write_text("perspectief: inclusief\n", encoding="utf-8")
    phase = load_phase(load_catalog().get("visie"), tmp_path)
    phase.set("perspectief", "passend")
    monkeypatch.setattr(os, "replace", _fail_with(code))
    with pytest.raises(HandreikingError) as info:
        phase.save()
    assert fragment in str(info.value) and "2-visie.yaml" in str(info.value)
    assert path.read_text(encoding="utf-8") == "perspectief: inclusief\n"
    assert [p.name for p in tmp_path.iterdir()] == ["2-visie.yaml"]  # no temp file left behind


def test_full_disk_during_render_is_a_clear_error(tmp_path, monkeypatch, capsys):
    plan = copy_example(tmp_path / "plan")
    monkeypatch.setattr(os, "replace", _fail_with(errno.ENOSPC))
    assert run_cli("render", str(plan)) == 1
    err = capsys.readouterr().err
    assert "schijf is vol" in err and "Traceback" not in err


def test_names_from_answers_never_become_paths(tmp_path):
    from handreiking.plan.folder import SCHEMA_VERSION

    plan = copy_example(tmp_path / "plan")
    (plan / "plan.yaml").write_text(
        f"schema_versie: {SCHEMA_VERSION}\ntitel: ../../buiten\ngemeente: /etc/passwd\nregisseur:\n  naam: ../x\n",
        encoding="utf-8")
    before = set(tmp_path.rglob("*"))
    assert run_cli("render", str(plan)) == 0
    created = set(tmp_path.rglob("*")) - before
    assert created and all(p.is_relative_to(plan / "documenten") for p in created)


# --- fuzzing -------------------------------------------------------------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40), st.sampled_from(["inclusief", "passend", "2026-03-01", "{{ 7*7 }}", "<script>", "|", "*"]),
)
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                       max_leaves=12)


def _keys():
    from handreiking.questionnaire.catalog import load_catalog

    ids = [q.id for q in load_catalog().get("visie").questions]
    return st.one_of(st.sampled_from(ids), st.text(min_size=1, max_size=15))


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.dictionaries(_keys(), _values, max_size=8), raw_tail=st.text(max_size=30))
def test_fuzzed_answer_files_never_crash(tmp_path_factory, answers, raw_tail):
    import yaml

    from handreiking.cli.shared import load_state
    from handreiking.render.pipeline import render_plan

    plan = copy_example(tmp_path_factory.mktemp("fuzz") / "plan")
    text = yaml.safe_dump(answers, allow_unicode=True)
    for content in (text, text + raw_tail):  # valid YAML, and nearly valid
        (plan / "antwoorden" / "2-visie.yaml").write_text(content, encoding="utf-8")
        try:
            loaded_plan, catalog, answer_set, report = load_state(plan)
            if report.ok:
                # The templates are where odd answers could break; the conversion of the
                # resulting Markdown to HTML and DOCX is exercised once below.
                render_plan(loaded_plan, catalog, answer_set, formats=("md",), check=True)
        except HandreikingError:
            pass  # a clear, located message is the expected outcome for bad input


# --- the plan lock: closing the window or a stop signal leaves nothing behind -------------------


@pytest.mark.skipif(sys.platform == "win32", reason="signals and a pty are POSIX")
@pytest.mark.parametrize("signame", ["SIGHUP", "SIGTERM", "closed window"])
def test_signal_releases_the_lock_and_saves_nothing_half(tmp_path, signame):
    """The installed command in a real terminal, stopped by a real signal while it waits
    for an answer: it exits as interrupted, the lock is gone, the files are as they were."""
    import signal
    import socket

    pexpect = pytest.importorskip("pexpect")
    from handreiking.plan.folder import LOCK_FILE, PlanLock, open_plan

    plan = copy_example(tmp_path / "plan")
    before = {p.name: p.read_bytes() for p in (plan / "antwoorden").iterdir()}
    command = installed_command()
    env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    child = pexpect.spawn(str(command), ["wizard", str(plan), "--fase", "visie", "--vraag", "toekomstbeeld"],
                          env=env, dimensions=(30, 100), encoding="utf-8", timeout=30, preexec_fn=default_signals)
    child.expect("toekomstbeeld|Waar staan|vraag")  # a question is on screen, the lock is held
    holder = json.loads((plan / LOCK_FILE).read_text(encoding="utf-8"))
    assert holder["pid"] == child.pid and holder["host"] == socket.gethostname()
    child.send("half getypt antwoord")
    if signame == "closed window":  # the terminal goes away: the system sends SIGHUP, output fails
        # Only the terminal's side is closed: pexpect's own close() would also send signals of
        # its own after a tenth of a second and fail when a loaded machine is slower than that.
        child.ptyproc.fileobj.close()
        deadline = time.monotonic() + 60  # a hang detector, not a timing assumption
        while child.ptyproc.isalive() and time.monotonic() < deadline:
            time.sleep(0.05)
        status = (child.ptyproc.exitstatus, child.ptyproc.signalstatus)
    else:
        child.kill(getattr(signal, signame))
        child.expect(pexpect.EOF)
        child.close()
        status = (child.exitstatus, child.signalstatus)
    assert status[0] == 130, status
    assert not (plan / LOCK_FILE).exists()
    assert {p.name: p.read_bytes() for p in (plan / "antwoorden").iterdir()} == before
    with PlanLock(open_plan(plan)) as lock:  # free again, and not "taken over": it was released
        assert lock.took_over is None


def test_lock_is_taken_before_the_answers_are_read(tmp_path, capsys):
    from handreiking.cli.main import main
    from handreiking.plan.folder import PlanLock, open_plan

    plan = copy_example(tmp_path / "plan")
    (plan / "antwoorden" / "2-visie.yaml").write_text("perspectief: [\n", encoding="utf-8")
    source = tmp_path / "invoer.yaml"
    source.write_text("vertrekpunt:\n  regisseur_naam: Noor\n", encoding="utf-8")
    with PlanLock(open_plan(plan)):
        assert main(["wizard", str(plan), "--antwoorden", str(source)]) == 1
    err = capsys.readouterr().err
    assert "al geopend in een andere wizard" in err
    assert "2-visie.yaml" not in err  # refused before any answer file was read


def test_processes_racing_for_the_lock_never_both_win(tmp_path):
    """Six processes start at once; exactly one gets the plan, the others are told it is taken.
    The winner holds it until every process has answered, so no timing is involved."""
    import subprocess

    plan = copy_example(tmp_path / "plan")
    stop = tmp_path / "stop"
    script = (
        "import sys, time, pathlib\n"
        "from handreiking.plan.folder import PlanLock, open_plan\n"
        "from handreiking.core.errors import LockError\n"
        "try:\n"
        "    lock = PlanLock(open_plan(sys.argv[1])).acquire()\n"
        "except LockError:\n"
        "    print('bezet', flush=True); sys.exit(0)\n"
        "print('gekregen', flush=True)\n"
        "while not pathlib.Path(sys.argv[2]).exists():\n"
        "    time.sleep(0.02)\n"
        "lock.release()\n"
    )
    processes = [subprocess.Popen([sys.executable, "-c", script, str(plan), str(stop)], stdout=subprocess.PIPE,
                                  text=True) for _ in range(6)]
    outcomes = [p.stdout.readline().strip() for p in processes]
    stop.touch()
    for process in processes:
        process.communicate(timeout=60)
    assert sorted(outcomes) == ["bezet"] * 5 + ["gekregen"], outcomes


# --- never block the room -------------------------------------------------------------------


def test_closing_a_short_list_warns_and_offers_to_go_on(tmp_path, screen_keys):
    from handreiking.plan.answers import load_answers
    from handreiking.plan.folder import open_plan
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.wizard.session import Wizard
    from wizard_driver import DONE, NO_FROM_YES

    plan = copy_example(tmp_path / "plan")
    catalog = load_catalog()
    answer_set, _ = load_answers(catalog, plan / "antwoorden")
    phase = answer_set["visie"]
    del phase.get("uitgangspunten")[2:]
    phase.save()
    wizard = Wizard(open_plan(plan), catalog, answer_set)
    # Klaar → "toch verder?" → nee (back to the list) → Klaar → ja
    screen_keys.send(DONE, NO_FROM_YES, DONE, "\r")
    result = wizard.groups.edit(phase, catalog.get("visie").question("uitgangspunten"), allow_back=False,
                                heading="")
    assert len(result) == 2
    assert screen_keys.screen.count("nog 2 van de 4 uitgangspunten") >= 2  # asked twice
    assert "Er zijn nu 2 uitgangspunten" in screen_keys.screen


@pytest.mark.skipif(sys.platform == "win32", reason="a pty is POSIX")
def test_a_broken_file_blocks_only_its_own_phase_in_the_wizard(tmp_path):
    pexpect = pytest.importorskip("pexpect")

    plan = copy_example(tmp_path / "plan")
    (plan / "antwoorden" / "3-onderzoek.yaml").write_text("analysevragen: [\n", encoding="utf-8")
    command = installed_command()
    env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    child = pexpect.spawn(str(command), ["wizard", str(plan)], env=env, dimensions=(40, 140), encoding="utf-8",
                          timeout=30, preexec_fn=default_signals)
    child.expect("3-onderzoek.yaml, regel 1")
    child.expect("de andere fasen kunt u gewoon invullen")
    child.expect("eerst het antwoordbestand herstellen")  # the menu is there, with the phase marked
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = pexpect.spawn(str(command), ["wizard", str(plan), "--fase", "onderzoek"], env=env,
                          dimensions=(40, 140), encoding="utf-8", timeout=30, preexec_fn=default_signals)
    child.expect("kan pas verder als het antwoordbestand weer klopt")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1


def test_wizard_offers_to_remove_an_answer_that_no_longer_applies(tmp_path, keys):
    from handreiking.plan.answers import load_answers
    from handreiking.plan.folder import open_plan
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.wizard.session import Wizard
    from wizard_driver import YES_FROM_NO

    plan = copy_example(tmp_path / "plan")
    catalog = load_catalog()
    answer_set, _ = load_answers(catalog, plan / "antwoorden")
    phase = answer_set["vertrekpunt"]
    phase.set("regisseur_onafhankelijk", False)
    phase.set("regisseur_belangen_afspraken", "De stuurgroep besluit over middelen.")
    phase.save()
    wizard = Wizard(open_plan(plan), catalog, answer_set)
    question = catalog.get("vertrekpunt").question("regisseur_onafhankelijk")
    keys.send("\x1b[A\r", YES_FROM_NO)  # "ja" (the choice above "nee"), then: yes, remove the other answer
    wizard.ask_and_save(phase, question)
    text = phase.path.read_text(encoding="utf-8")
    assert "regisseur_onafhankelijk: true" in text
    assert "regisseur_belangen_afspraken" not in text


def test_odd_answers_convert_to_every_format(tmp_path):
    """One plan full of odd values, rendered to HTML and DOCX as well."""
    import yaml

    from handreiking.cli.shared import load_state
    from handreiking.render.pipeline import render_plan

    plan = copy_example(tmp_path / "plan")
    path = plan / "antwoorden" / "2-visie.yaml"
    answers = yaml.safe_load(path.read_text(encoding="utf-8"))
    odd = "{{ 7*7 }} <script>x</script> | * _ ` \\ # [a](b) \u00ad\u200b emoji 🙂 " + "lang" * 40
    from handreiking.questionnaire.catalog import load_catalog

    texts = [q.id for q in load_catalog().get("visie").questions if q.kind in ("tekst", "lange_tekst")]
    assert texts
    for key in texts:
        answers[key] = odd
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    loaded_plan, catalog, answer_set, report = load_state(plan)
    assert report.ok, report.errors
    result = render_plan(loaded_plan, catalog, answer_set, formats=("html", "docx"))
    assert any(p.suffix == ".docx" for p in result.written) and any(p.suffix == ".html" for p in result.written)
