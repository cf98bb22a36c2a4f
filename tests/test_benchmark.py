"""The benchmark script keeps working: its generated plan is valid and its wizard
measurement really answers and saves questions. (Times are never asserted.)"""
from __future__ import annotations

import pytest

import importlib.util
import sys
from pathlib import Path

from handreiking.cli.shared import load_state

pytestmark = pytest.mark.slow  # runs the benchmark script

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def _benchmark():
    spec = importlib.util.spec_from_file_location("handreiking_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_ten_times_larger_plan_is_valid_and_ten_times_larger(tmp_path):
    benchmark = _benchmark()
    benchmark.larger_plan(tmp_path / "groot")
    _, _, small, _ = load_state(benchmark.EXAMPLE)
    _, _, big, report = load_state(tmp_path / "groot")
    assert report.ok, report.errors
    for phase, group in (("vertrekpunt", "stakeholders"), ("uitvoering", "doelen"), ("evaluatie", "evaluatieplan")):
        assert len(big[phase].get(group)) == 10 * len(small[phase].get(group))


def test_wizard_measurement_drives_the_real_question_loop():
    seconds = _benchmark().wizard_latency()  # asserts itself that typed answers were saved
    assert seconds > 0


def test_one_changed_answer_changes_the_timeline_every_time(tmp_path):
    import shutil

    from handreiking.insight.advice import plan_advice
    from handreiking.render.charts import build_charts
    from handreiking.insight.dashboard import build_dashboard

    benchmark = _benchmark()
    plan = tmp_path / "plan"
    shutil.copytree(benchmark.EXAMPLE, plan, ignore=shutil.ignore_patterns("documenten"))
    original = (plan / "antwoorden" / "5-uitvoering.yaml").read_text(encoding="utf-8")

    def timeline():
        meta, catalog, answers, report = load_state(plan)
        assert report.ok, report.errors
        board = build_dashboard(meta, catalog, answers, plan_advice(meta, catalog, answers))
        return build_charts(board, catalog, answers, meta)["tijdlijn"].data

    seen = {timeline()}
    for _ in range(3):
        benchmark.toggle_milestone(plan)
        seen.add(timeline())
    assert len(seen) == 4  # every change gives a picture not drawn before
    changed = (plan / "antwoorden" / "5-uitvoering.yaml").read_text(encoding="utf-8")
    assert changed.count("\n") == original.count("\n")  # one answer changed, nothing else


def test_live_view_measurement_renders_again_after_the_answer_changes():
    assert _benchmark().live_rerender(rounds=1) > 0  # asserts itself that the documents were made again
