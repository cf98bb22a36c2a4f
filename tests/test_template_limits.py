"""A plan's own template cannot keep a render busy or fill the memory: nested loops, runaway
macros and huge strings stop with a Dutch message, at counts that are the same everywhere."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers import copy_example

NESTED_RANGES = ("{% for i in range(100000) %}{% for j in range(100000) %}{% for k in range(100000) %}"
                 "{% endfor %}{% endfor %}{% endfor %}")

HOSTILE_TEMPLATES = {
    "geneste lussen": NESTED_RANGES,
    "geneste lussen met tekst": "{% for i in range(100000) %}{% for j in range(100000) %}ab{% endfor %}{% endfor %}",
    "lussen met filter en lus-variabele": ("{% for i in range(100000) if i is odd %}{% for j in range(100000) %}"
                                          "{{ loop.index if loop.last }}{% endfor %}{% endfor %}"),
    "lussen over een lange tekst": ("{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}"
                                    "{% endfor %}"),
    "lussen over een lijst": ("{% set l = range(100000)|list %}{% for a in l %}{% for b in l %}{% endfor %}"
                              "{% endfor %}"),
    "veel uitvoer": "{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}",
    "macro die zichzelf twee keer aanroept": ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}"
                                              "{% endmacro %}{{ f(60) }}"),
    "macro die zichzelf blijft aanroepen": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "herhaalde tekst": "{{ 'x' * 1000000000 }}",
    "brede opmaak": "{{ '%999999999d' % 1 }}",
    "brede opmaak met format": "{{ '{:>999999999}'.format(1) }}",
    "brede filter": "{{ 'x'|center(1000000000) }}",
    "grote join": "{{ range(100000)|join('x' * 100000) }}",
    "grote replace": "{{ ('a' * 100000).replace('a', 'b' * 100000) }}",
    "grote macht": "{{ 9 ** (9 ** 9) }}",
    "grote batch": "{{ range(10)|batch(1000000000)|list }}",
    "vijfvoudige ~": ("{% set a = 'x' * 1000000 %}{% set b = a ~ a ~ a ~ a ~ a %}{% set c = b ~ b ~ b ~ b ~ b %}"
                      "{% set d = c ~ c ~ c ~ c ~ c %}{{ d | length }}"),
    "verdubbeling met ~ in een lus": ("{% set ns = namespace(s='x') %}{% for i in range(40) %}"
                                      "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}"),
    "brede opmaak met een breedte als argument": "{{ '{:>{w}}'.format(1, w=999999999) }}",
    "verdubbeling": ("{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}"
                     "{{ f('x', 64) }}"),
}


def _render_with_limits(source: str) -> BaseException | str:
    from handreiking.render.template_limits import LimitedEnvironment

    outcome: list[BaseException | str] = []

    def run() -> None:
        env = LimitedEnvironment()
        try:
            outcome.append(env.render_limited(env.from_string(source), {}))
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(120)  # hang detector only: the limits are counts, not a clock
    assert outcome, "het sjabloon stopte niet"
    return outcome[0]


@pytest.mark.parametrize("name", sorted(HOSTILE_TEMPLATES))
def test_hostile_template_stops_with_a_dutch_message(name):
    from handreiking.render.template_limits import TemplateLimitReached

    outcome = _render_with_limits(HOSTILE_TEMPLATES[name])
    assert isinstance(outcome, TemplateLimitReached), outcome
    assert outcome.what.startswith("het sjabloon ")


def test_large_amounts_are_not_widths():
    outcome = _render_with_limits("{% macro regel(b) %}{{ b }}{% endmacro %}{{ regel(2500000) }} "
                                  "{{ '%d'|format(12000000) }} {{ '{:,}'.format(7500000) }} {{ 2500000|round }} "
                                  "{{ [2500000, 1]|max }}")
    assert outcome == "2500000 12000000 7,500,000 2500000 2500000"


def test_an_ordinary_loop_is_not_limited():
    outcome = _render_with_limits("{% for i in range(3) %}{{ i }}{% if loop.last %}!{% endif %}"
                                  "{% else %}leeg{% endfor %}{% for k, v in {'a': 1}.items() %}{{ k }}={{ v }}"
                                  "{% endfor %}{% for x in [1, (2, 3)] if x %}{{ x }}{% endfor %}")
    assert outcome == "012!a=11(2, 3)"


def test_concatenation_reads_as_jinja_writes_it():
    """The limited ``~`` (``template_limits._SizedConcat``) joins as Jinja does: numbers, None,
    Markup and a long text below the limit."""
    outcome = _render_with_limits("{{ 'a' ~ 1 ~ 'b' ~ none ~ 2.5 }}|{% set s = 'x' * 1000000 %}"
                                  "{{ (s ~ s ~ s) | length }}|{{ ('<b>' | safe) ~ '&' }}")
    assert outcome == "a1bNone2.5|3000000|<b>&"


def test_render_of_a_plan_with_nested_loops_stops_in_dutch(tmp_path):
    plan = copy_example(tmp_path / "plan")
    (plan / "sjablonen").mkdir()
    (plan / "sjablonen" / "visiedocument.md.j2").write_text("# Visie\n\n" + NESTED_RANGES + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "handreiking", "render", str(plan), "--formaat", "md"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "HANDREIKING_NO_CACHE": "1"})
    assert result.returncode == 1
    assert "het sjabloon doet te veel werk" in result.stderr
    assert "visiedocument.md.j2" in result.stderr and "Traceback" not in result.stderr
    assert not (plan / "documenten" / "visiedocument.md").exists() or \
        "Visie\n\n" not in (plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert Path(plan / "sjablonen" / "visiedocument.md.j2").exists()
