"""Never lose an answer: killed saves, full disks, read-only folders, odd names, fuzzed files."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handreiking.errors import HandreikingError
from helpers import copy_example, run_cli

SAVER = r"""
import sys
from pathlib import Path
from handreiking.answers import load_phase
from handreiking.questionnaire import load_catalog
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


def test_killing_the_process_during_saves_leaves_a_whole_file(tmp_path):
    from handreiking.answers import load_phase
    from handreiking.questionnaire import load_catalog

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
    from handreiking.answers import load_phase
    from handreiking.questionnaire import load_catalog

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
    plan = copy_example(tmp_path / "plan")
    (plan / "plan.yaml").write_text(
        "schema_versie: 1\ntitel: ../../buiten\ngemeente: /etc/passwd\nregisseur:\n  naam: ../x\n",
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
    from handreiking.questionnaire import load_catalog

    ids = [q.id for q in load_catalog().get("visie").questions]
    return st.one_of(st.sampled_from(ids), st.text(min_size=1, max_size=15))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.dictionaries(_keys(), _values, max_size=8), raw_tail=st.text(max_size=30))
def test_fuzzed_answer_files_never_crash(tmp_path_factory, answers, raw_tail):
    import yaml

    from handreiking.commands import load_state
    from handreiking.render import render_plan

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


def test_odd_answers_convert_to_every_format(tmp_path):
    """One plan full of odd values, rendered to HTML and DOCX as well."""
    import yaml

    from handreiking.commands import load_state
    from handreiking.render import render_plan

    plan = copy_example(tmp_path / "plan")
    path = plan / "antwoorden" / "2-visie.yaml"
    answers = yaml.safe_load(path.read_text(encoding="utf-8"))
    odd = "{{ 7*7 }} <script>x</script> | * _ ` \\ # [a](b) \u00ad\u200b emoji 🙂 " + "lang" * 40
    from handreiking.questionnaire import load_catalog

    texts = [q.id for q in load_catalog().get("visie").questions if q.kind in ("tekst", "lange_tekst")]
    assert texts
    for key in texts:
        answers[key] = odd
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    loaded_plan, catalog, answer_set, report = load_state(plan)
    assert report.ok, report.errors
    result = render_plan(loaded_plan, catalog, answer_set, formats=("html", "docx"))
    assert any(p.suffix == ".docx" for p in result.written) and any(p.suffix == ".html" for p in result.written)
