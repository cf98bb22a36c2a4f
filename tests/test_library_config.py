"""A ``matplotlibrc`` in the plan folder (where people run handreiking) changes no figure
and breaks no render."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import copy_example

HOSTILE_RC = """\
lines.linewidth: 25
axes.facecolor: red
axes.prop_cycle: cycler('color', ['00ff00'])
font.size: 31
figure.dpi: 17
savefig.dpi: 13
svg.hashsalt: aanvaller
timezone: Pacific/Kiritimati
text.usetex: True
hatch.color: yellow
patch.force_edgecolor: True
this.key.does.not.exist: 1
backend: geen-bestaande-backend
"""


def _render(plan: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HANDREIKING_NO_CACHE": "1"}  # draw every figure, in this process
    return subprocess.run([sys.executable, "-m", "handreiking", "render", "."], cwd=plan, capture_output=True,
                          text=True, env=environment, timeout=300)


@pytest.mark.slow  # two whole renders, every figure drawn
def test_a_matplotlibrc_in_the_plan_folder_changes_no_figure(tmp_path):
    normal = copy_example(tmp_path / "gewoon")
    hostile = copy_example(tmp_path / "vijandig")
    (hostile / "matplotlibrc").write_text(HOSTILE_RC, encoding="utf-8")
    first, second = _render(normal), _render(hostile)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "Traceback" not in second.stderr and "matplotlibrc" not in second.stderr
    documents = sorted(p.name for p in (normal / "documenten").iterdir() if p.is_file())
    assert any(name.endswith(".docx") for name in documents)
    for name in documents:
        assert (hostile / "documenten" / name).read_bytes() == (normal / "documenten" / name).read_bytes(), name


def test_python_modules_in_the_plan_folder_are_not_imported(tmp_path):
    """``python -m handreiking`` from inside a plan folder that holds a ``yaml.py``: the
    library is imported, not the plan's file."""
    plan = copy_example(tmp_path / "plan")
    canary = tmp_path / "uitgevoerd.txt"
    for name in ("yaml", "jinja2", "markdown", "docx", "platformdirs", "watchfiles"):
        (plan / f"{name}.py").write_text(f"open({str(canary)!r}, 'a').write({name!r})\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "handreiking", "check", "."], cwd=plan, capture_output=True,
                            text=True, timeout=300)
    assert not canary.exists(), canary.read_text(encoding="utf-8")
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
