"""The shipped conditions, advice messages and definitions, prepared by the build hook,
give exactly what checking and compiling them at run time gives."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import EXAMPLE

from handreiking.insight import advice
from handreiking.questionnaire import expressions
from handreiking.core import cache, precompiled
from handreiking.questionnaire import catalog as questionnaire
from handreiking.cli.build_compiled import build_shipped

pytestmark = pytest.mark.slow  # slow: builds the package's precompiled modules again (CI runs it)


def _use(folder: Path, monkeypatch) -> None:
    """Take the build from ``folder`` (a missing folder: no build), forgetting everything
    this process remembered about conditions and definitions."""
    monkeypatch.setattr(precompiled, "FOLDER", folder)
    monkeypatch.setenv("HANDREIKING_NO_CACHE", "1")
    _forget()


def _forget() -> None:
    for remembered in (precompiled._manifest, precompiled._conditions, expressions.environment, expressions._compiled,
                       questionnaire._load_catalog, advice._load_rules, advice.adoption_question_ids,
                       cache.cache_dir):  # the cache folder, looked up while HANDREIKING_NO_CACHE is set
        remembered.cache_clear()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    target = tmp_path_factory.mktemp("build") / "_compiled"
    build_shipped(target)
    return target


@pytest.fixture
def build(built, monkeypatch):
    yield built
    monkeypatch.undo()
    _forget()


def _everything() -> tuple:
    """The catalog, the rules, and the example's advice and questions that apply."""
    from handreiking.cli.shared import load_state

    plan, catalog, answer_set, _ = load_state(EXAMPLE)
    rules = advice.load_rules(phases=catalog.phases)
    found = [(a.rule.id, a.message, a.hits) for a in advice.plan_advice(plan, catalog, answer_set)]
    scope = answer_set.scope()
    applies = [q.id for qn in catalog for q in qn.questions if q.condition is None or q.condition.evaluate(scope)]
    return catalog, rules, found, applies


def test_the_build_gives_what_compiling_at_run_time_gives(build, tmp_path, monkeypatch):
    _use(tmp_path / "geen-build", monkeypatch)
    assert precompiled.checked_names("visie.perspectief") is None
    without = _everything()
    _use(build, monkeypatch)
    conditions = [q.condition.source for qn in without[0] for q in qn.questions if q.condition is not None]
    assert conditions and all(precompiled.checked_names(source) is not None for source in conditions)
    assert all(precompiled.is_checked_message(rule.message) for rule in without[1])
    assert _everything() == without


def test_the_build_is_used_without_compiling(build, monkeypatch):
    _use(build, monkeypatch)
    compiled: list[str] = []
    original = expressions.check_condition
    monkeypatch.setattr(expressions, "check_condition", lambda source: compiled.append(source) or original(source))
    from handreiking.core import yamlio
    from handreiking.core.resources import data_dir

    parsed: list[str] = []
    parse = yamlio.parse_yaml_fast
    monkeypatch.setattr(yamlio, "parse_yaml_fast", lambda text: parsed.append(text) or parse(text))
    _catalog, _rules, found, _ = _everything()
    assert compiled == [] and found
    shipped = [p.read_text(encoding="utf-8") for folder in ("questionnaires", "templates")
               for p in data_dir(folder).glob("*.yaml")]
    assert parsed and not set(parsed) & set(shipped)  # the plan's files only
    manifest = json.loads((build / precompiled.MANIFEST).read_text(encoding="utf-8"))
    names = [*(f"voorwaarde:{source}" for source in manifest["voorwaarden"]),
             *(f"tekst:{text}" for text in manifest["berichten"])]
    assert set(precompiled._conditions()) == {precompiled.function_name(name) for name in names}


@pytest.mark.parametrize("damage", ["weg", "geen Python", "geen functies", "kapotte functies"])
def test_without_the_build_s_conditions_module_they_are_compiled_as_before(build, tmp_path, monkeypatch, damage):
    import shutil

    _use(tmp_path / "geen-build", monkeypatch)
    without = _everything()
    damaged = tmp_path / "_compiled"
    shutil.copytree(build, damaged)
    module = damaged / precompiled.CONDITIONS
    manifest = json.loads((damaged / precompiled.MANIFEST).read_text(encoding="utf-8"))
    names = [*(f"voorwaarde:{source}" for source in manifest["voorwaarden"]),
             *(f"tekst:{text}" for text in manifest["berichten"])]
    if damage == "weg":
        module.unlink()
    elif damage == "kapotte functies":  # every function there, none gives a template
        module.write_text("".join(f"def {precompiled.function_name(name)}(environment):\n    return {{}}\n"
                                  for name in names), encoding="utf-8")
    else:
        module.write_text("def t_(:\n" if damage == "geen Python" else "x = 1\n", encoding="utf-8")
    _use(damaged, monkeypatch)
    compiled: list[str] = []
    original = expressions.environment().compile
    monkeypatch.setattr(expressions.environment(), "compile",
                        lambda source, name=None, *args, **kwargs: compiled.append(name) or
                        original(source, name, *args, **kwargs))
    assert _everything() == without
    assert compiled and all(name.startswith(("voorwaarde:", "tekst:")) for name in compiled)


def test_an_edited_condition_is_checked_and_compiled_as_before(build, monkeypatch):
    _use(build, monkeypatch)
    with pytest.raises(expressions.ConditionSyntaxError):
        expressions.compile_condition("visie.perspectief ==")
    condition = expressions.compile_condition("visie.perspectief == 'nieuw'")
    assert condition.names == {"visie"} and condition.evaluate({"visie": {"perspectief": "nieuw"}})


def test_a_build_for_another_jinja_version_is_ignored(build, monkeypatch):
    manifest = json.loads((build / precompiled.MANIFEST).read_text(encoding="utf-8"))
    source = next(iter(manifest["voorwaarden"]))
    manifest["jinja2"] = "0.0"
    (build / precompiled.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    _use(build, monkeypatch)
    assert precompiled.checked_names(source) is None and precompiled.loader() is None


def test_an_edited_definition_file_is_read_again(build, tmp_path, monkeypatch):
    from handreiking.core.resources import data_dir
    from handreiking.core.yamlio import read_definition

    _use(build, monkeypatch)
    original = data_dir("templates") / "documenten.yaml"
    edited = tmp_path / "documenten.yaml"
    edited.write_text(original.read_text(encoding="utf-8") + "\nextra: true\n", encoding="utf-8")
    assert read_definition(edited, what="x")["extra"] is True
    assert "extra" not in read_definition(original, what="x")
