"""Benchmark handreiking against its own floors, in one run on one machine.

Prints ratios, not only times, so the figures compare across machines:

- the first render after installing (an empty user cache) and a cold ``render`` of the example
  with the user cache filled (a fresh plan folder; all documents, all formats) / importing
  jinja2, docx, markdown, yaml (the import floor)
- ``--help`` / what pip's console script imports before handreiking starts (``import re, sys``),
  and ``status`` / ``python -c pass`` (also without the facts status keeps: the gain of that device)
- rendering a plan ten times larger / rendering the example
- pandoc converting the same Markdown to DOCX and HTML, one process per file / handreiking's whole render
- the wizard: time from Enter to the next question in the real question loop, including the atomic save
- re-render after one changed answer (a milestone's date, which changes the overview, three documents
  and the timeline picture, drawn again in SVG and PNG): as a command (a new process, which loads
  Pillow) / the import floor, and in seconds in the live view (``serve``, everything loaded)

Every figure is measured once per round; a ratio is the median over the rounds of that
round's ratio, so a shared machine that speeds up or slows down affects both sides alike.

Usage: ``python benchmarks/run.py [--herhalingen N]``. Needs the package installed
(``pip install -e .``); pandoc is optional (``apt-get install pandoc``).
"""
from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "gemeente-voorbeeld"
BIN = Path(sys.executable).parent


def run_once(command: list[str], prepare=None) -> float:
    """Wall time of one run of ``command`` in seconds. ``prepare`` runs first, untimed,
    and may return extra environment variables for the run."""
    extra = prepare() if prepare else None
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(extra or {})})
    return time.perf_counter() - start


def fresh_copy(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("documenten"))


def larger_plan(target: Path, factor: int = 10) -> None:
    """The example with every list that grows in practice made ``factor`` times longer."""
    import json

    from handreiking.plan.answers import load_phase
    from handreiking.questionnaire.catalog import load_catalog

    fresh_copy(EXAMPLE, target)
    catalog = load_catalog()
    grow = {"vertrekpunt": ["stakeholders"], "uitvoering": ["doelen", "communicatie", "mijlpalen", "risicos"],
            "evaluatie": ["evaluatieplan"]}
    for phase_name, groups in grow.items():
        phase = load_phase(catalog.get(phase_name), target / "antwoorden")
        for group in groups:
            items = json.loads(json.dumps(list(phase.get(group) or []), default=str))
            grown = []
            for copy_number in range(factor):
                for item in copy.deepcopy(items):
                    for key in ("naam", "doel_id", "mijlpaal", "risico"):
                        if copy_number and isinstance(item.get(key), str):
                            item[key] = f"{item[key]} {copy_number + 1}" if key != "doel_id" else \
                                f"D{copy_number}{item[key][1:]}"
                    grown.append(item)
            phase.set(group, grown)
        phase.save()


def _new_shifts():
    """Day shifts in a fresh random order, so that no run meets a picture an earlier run
    left in the cache (it keeps the latest eight versions of each picture)."""
    import random

    days = list(range(1, 366))
    random.shuffle(days)
    return iter(days)


_shifts = _new_shifts()


def toggle_milestone(plan: Path) -> None:
    """Change one answer so that a picture changes: the delayed milestone moves to a date it
    had not before in this run, so the timeline must be drawn again."""
    import datetime as dt
    import re

    path = plan / "antwoorden" / "5-uitvoering.yaml"
    text = path.read_text(encoding="utf-8")
    day = dt.date(2027, 12, 31) - dt.timedelta(days=next(_shifts))
    text, count = re.subn(r"datum: \S+(\n\s+status: vertraagd)", f"datum: {day.isoformat()}\\1", text, count=1)
    assert count == 1, "the delayed milestone is not in the example"
    path.write_text(text, encoding="utf-8")


def live_rerender(rounds: int = 3) -> float:
    """Seconds from a saved answer to the documents made again in the live view
    (``handreiking serve``): the renderer thread of the server's process, which has
    everything loaded after its first render. The answer changes a picture each time."""
    from handreiking.cli.cmd_render import render_for_live_view
    from handreiking.cli.serve import BackgroundRenderer

    def render(renderer: BackgroundRenderer) -> float:
        before = renderer.finished
        start = time.perf_counter()
        renderer.request()
        deadline = start + 120
        while renderer.finished == before and time.perf_counter() < deadline:
            time.sleep(0.005)
        assert renderer.finished > before, "the live view did not render"
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan"
        fresh_copy(EXAMPLE, plan)
        renderer = BackgroundRenderer(plan, lambda *_args, **_kwargs: None, render_for_live_view)
        try:
            render(renderer)  # the first render loads everything
            times = []
            for _ in range(rounds):
                toggle_milestone(plan)
                times.append(render(renderer))
            assert "status: vertraagd" in (plan / "antwoorden" / "5-uitvoering.yaml").read_text(encoding="utf-8")
        finally:
            renderer.stop()
    return statistics.median(times)


def wizard_latency(phase_name: str = "visie") -> float:
    """Seconds per question in the real wizard loop (``Wizard.run_phase``): show the
    position and help, build the prompt, take the answer, save the file atomically,
    work out which question comes next.

    Keys are typed ahead, one prompt at a time: Enter on menus, numbers and dates,
    and an extra "x" before Enter on every text, so that every answer really
    changes and is saved.
    """
    import re

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from handreiking.wizard import prompts
    from handreiking.plan.answers import load_answers
    from handreiking.plan.folder import open_plan
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.wizard.session import Wizard

    catalog = load_catalog()
    questionnaire = catalog.get(phase_name)
    original = prompts.run
    with tempfile.TemporaryDirectory() as tmp, create_pipe_input() as pipe, \
            create_app_session(input=pipe, output=DummyOutput()):
        plan_dir = Path(tmp) / "plan"
        fresh_copy(EXAMPLE, plan_dir)
        answer_set, _ = load_answers(catalog, plan_dir / "antwoorden")
        wizard = Wizard(open_plan(plan_dir), catalog, answer_set)
        asked: list[str] = []

        def typing_ahead(screen):
            """Every prompt goes through ``prompts.run``: type its keys, then run it."""
            asked.append(screen.message)
            default = screen.buffer.text if screen.buffer is not None else ""
            if screen.buffer is None or re.fullmatch(r"[\d\s.,-]*", default):
                pipe.send_text("\r")
            else:
                pipe.send_text("x\x1b\r" if screen.buffer.multiline() else "x\r")
            return original(screen)

        finished: list[float] = []
        wizard.review = lambda _q: finished.append(time.perf_counter())  # stop before the review
        try:
            prompts.run = typing_ahead
            start = time.perf_counter()
            wizard.run_phase(questionnaire, start_at=questionnaire.questions[0].id)
        finally:
            prompts.run = original
        changed = [q for q in questionnaire.questions if q.kind == "tekst"
                   and str(answer_set[phase_name].get(q.id) or "").endswith("x")]
        assert changed, "the typed answers were not saved"
    return (finished[0] - start) / len(asked)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herhalingen", type=int, default=5, help="rondes (de mediaan telt)")
    args = parser.parse_args()
    handreiking = str(BIN / "handreiking")
    py = sys.executable
    pandoc = shutil.which("pandoc")
    # Bytecode as a wheel install has it (pip compiles on install); an editable
    # install under PYTHONDONTWRITEBYTECODE would otherwise compile on every run.
    from handreiking import __file__ as package_init

    subprocess.run([py, "-m", "compileall", "-q", str(Path(package_init).parent)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plan, big = work / "plan", work / "groot"
        larger_plan(big)
        fresh_copy(EXAMPLE, plan)
        run_once([handreiking, "render", str(plan)])  # fills the user cache once

        def first_ever() -> dict[str, str]:
            """As right after installing: an empty user cache."""
            fresh_copy(EXAMPLE, plan)
            return {"XDG_CACHE_HOME": tempfile.mkdtemp(dir=work)}

        def forget_status_facts() -> None:
            """Without status's one speed device: the facts it keeps are gone (the render state stays)."""
            from handreiking.core.cache import cache_subdir

            folder = cache_subdir("status")
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

        def run_pandoc() -> None:
            for source in sorted((plan / "documenten").glob("*.md")):
                subprocess.run([pandoc, str(source), "-o", str(work / f"{source.stem}.docx")], check=True)
                subprocess.run([pandoc, str(source), "-s", "--metadata", f"title={source.stem}",
                                "-o", str(work / f"{source.stem}.html")], check=True)

        measurements = {
            "import": lambda: run_once([py, "-c", "import jinja2, docx, markdown, yaml"]),
            "pass": lambda: run_once([py, "-c", "pass"]),
            "script": lambda: run_once([py, "-c", "import re, sys"]),  # what pip's console script imports
            "first": lambda: run_once([handreiking, "render", str(plan)], prepare=first_ever),
            "cold": lambda: run_once([handreiking, "render", str(plan)], prepare=lambda: fresh_copy(EXAMPLE, plan)),
            "unchanged": lambda: run_once([handreiking, "render", str(plan)]),
            "one_answer": lambda: run_once([handreiking, "render", str(plan)], prepare=lambda: toggle_milestone(plan)),
            "help": lambda: run_once([handreiking, "--help"]),
            # status after a change (here: the changed answer above), with nothing kept: it works
            # everything out and keeps its facts; then status as a second glance finds them kept
            "status_worked_out": lambda: run_once([handreiking, "status", str(plan)], prepare=forget_status_facts),
            "status": lambda: run_once([handreiking, "status", str(plan)]),
            "big": lambda: run_once([handreiking, "render", str(big)],
                                    prepare=lambda: shutil.rmtree(big / "documenten", ignore_errors=True)),
        }
        if pandoc:
            measurements["pandoc"] = lambda: _timed_call(run_pandoc)
        # Rounds: every figure once per round, so a machine that gets slower or faster
        # during the run affects a ratio's two sides alike; each ratio is the median
        # over the rounds of that round's ratio.
        rounds = [{name: measure() for name, measure in measurements.items()} for _ in range(args.herhalingen)]
        latency = statistics.median(wizard_latency() for _ in range(3))
        live = live_rerender()

    def median(name: str) -> float:
        return statistics.median(r[name] for r in rounds)

    def ratio(top: str, bottom: str) -> float:
        return statistics.median(r[top] / r[bottom] for r in rounds)

    rows = [
        ("eerste render na installeren / import-vloer", ratio("first", "import"), "≤ 8", lambda x: x <= 8.0),
        ("koude render (cache gevuld) / import-vloer", ratio("cold", "import"), "≤ 3", lambda x: x <= 3.0),
        ("één gewijzigd antwoord (commando) / import", ratio("one_answer", "import"), "≤ 2", lambda x: x <= 2.0),
        ("--help / console-script-vloer", ratio("help", "script"), "≤ 1,3", lambda x: x <= 1.3),
        ("status / python -c pass", ratio("status", "pass"), "≤ 4", lambda x: x <= 4.0),
        ("10× groter plan / voorbeeld", ratio("big", "cold"), "≤ 12", lambda x: x <= 12),
    ]
    if pandoc:
        rows.append(("pandoc (per bestand) / handreiking render", ratio("pandoc", "cold"), "≥ 3,0",
                     lambda x: x >= 3.0))
    print(f"handreiking benchmark — Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"mediaan van {args.herhalingen} rondes")
    print(f"  vloeren: import {median('import') * 1000:.0f} ms, python -c pass {median('pass') * 1000:.0f} ms, "
          f"console-script (import re, sys) {median('script') * 1000:.0f} ms")
    print(f"  koude render {median('cold') * 1000:.0f} ms (de allereerste, met lege cache: "
          f"{median('first') * 1000:.0f} ms), render zonder wijziging {median('unchanged') * 1000:.0f} ms, "
          f"10× plan {median('big') * 1000:.0f} ms, --help {median('help') * 1000:.0f} ms "
          f"({ratio('help', 'script'):.2f}× het console-script), status {median('status') * 1000:.0f} ms "
          f"(zonder bewaarde feiten {median('status_worked_out') * 1000:.0f} ms, "
          f"{ratio('status_worked_out', 'pass'):.2f}× python -c pass; "
          f"winst {1 - ratio('status', 'status_worked_out'):.0%})")
    print(f"  {'meting':<44} {'verhouding':>10}  {'doel':>7}  resultaat")
    for name, value, target, met in rows:
        print(f"  {name:<44} {value:>10.2f}  {target:>7}  {'gehaald' if met(value) else 'NIET gehaald'}")
    if not pandoc:
        print("  pandoc (per bestand) / handreiking render: pandoc ontbreekt (apt-get install pandoc)")
    print(f"  {'wizard: Enter tot volgende vraag (met opslaan)':<44} {latency * 1000:>8.1f} ms  {'< 50 ms':>7}  "
          f"{'gehaald' if latency < 0.050 else 'NIET gehaald'}")
    one = median("one_answer")
    print(f"  {'render na één gewijzigd antwoord (met figuren)':<44} {one * 1000:>8.0f} ms  {'< 1 s':>7}  "
          f"{'gehaald' if one < 1.0 else 'NIET gehaald'}")
    print(f"  {'  idem in de live weergave (serve)':<44} {live * 1000:>8.0f} ms  {'≤ 0,5 s':>7}  "
          f"{'gehaald' if live <= 0.5 else 'NIET gehaald'}")
    return 0


def _timed_call(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
