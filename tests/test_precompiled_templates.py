"""The shipped document templates, compiled by the build hook: used only when the template is
exactly the one the build compiled, with the same environment; anything else is compiled from
its source as before (an edited template, a plan's own template, a damaged build)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLE, copy_example

from handreiking.cli.build_compiled import build_shipped
from handreiking.core import cache, precompiled
from handreiking.core.errors import TemplateError
from handreiking.core.resources import data_dir
from handreiking.insight import advice
from handreiking.questionnaire import catalog as questionnaire
from handreiking.questionnaire import expressions
from handreiking.render import docx as word
from handreiking.render import document_templates, template_limits
from handreiking.render.template_limits import LimitedEnvironment

pytestmark = pytest.mark.slow  # slow: compiles every shipped template again (CI runs it)

DOCUMENT = "visiedocument.md.j2"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    target = tmp_path_factory.mktemp("build") / "_compiled"
    build_shipped(target)
    return target


def _forget() -> None:
    for remembered in (precompiled._manifest, precompiled._conditions, expressions.environment, expressions._compiled,
                       questionnaire._load_catalog, advice._load_rules, advice.adoption_question_ids,
                       document_templates._environment, word._base_bytes, word.base_key,
                       cache.cache_dir):  # the cache folder, looked up while HANDREIKING_NO_CACHE is set
        remembered.cache_clear()


@pytest.fixture
def use_build(monkeypatch):
    """``use_build(folder)``: take the build from ``folder`` from now on (a missing folder: no
    build), with nothing remembered from before; everything is forgotten again afterwards."""
    def use(folder: Path) -> None:
        monkeypatch.setattr(precompiled, "FOLDER", folder)
        _forget()

    monkeypatch.setenv("HANDREIKING_NO_CACHE", "1")  # no render state: every document is made
    yield use
    monkeypatch.undo()
    _forget()


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates compiled from their source from now on."""
    names: list[str] = []
    original = LimitedEnvironment.compile

    def compile_and_note(self, source, name=None, *args, **kwargs):
        names.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(LimitedEnvironment, "compile", compile_and_note)
    return names


def _markdown(plan_dir: Path) -> dict[str, str]:
    """Render the plan's Markdown documents: file name → text."""
    from handreiking.plan.answers import load_answers
    from handreiking.plan.folder import open_plan
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.render.pipeline import render_plan

    plan, catalog = open_plan(plan_dir), load_catalog()
    answers, _report = load_answers(catalog, plan.answers_dir, schema=plan.meta.schema_versie)
    render_plan(plan, catalog, answers, formats=("md",))
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((plan_dir / "documenten").glob("*.md"))}


def _expected() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((EXAMPLE / "documenten").glob("*.md"))}


def _used_templates() -> set[str]:
    return {p.name for p in data_dir("templates").glob("*.j2")}


def test_the_build_holds_every_shipped_template_compiled_by_the_render_environment(built, use_build):
    use_build(built)
    manifest = json.loads((built / precompiled.MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["sjablonen"].values()) == sorted(_used_templates())
    env = document_templates.shipped_environment()
    assert type(env) is LimitedEnvironment  # the sandbox with the budget
    for key, name in manifest["sjablonen"].items():
        source = (data_dir("templates") / name).read_text(encoding="utf-8")
        assert key == document_templates.compile_key(env, name, source)
        module = (built / f"{precompiled.TEMPLATE_PREFIX}{key}.py").read_text(encoding="utf-8")
        assert module == env.compile(source, name, raw=True)


def test_a_render_takes_the_templates_from_the_build_and_makes_the_same_documents(built, use_build, compiled,
                                                                                   tmp_path):
    use_build(tmp_path / "geen-build")
    assert _markdown(copy_example(tmp_path / "zonder")) == _expected()
    assert set(compiled) >= {DOCUMENT, "_kop.md.j2"}
    compiled.clear()
    use_build(built)
    assert _markdown(copy_example(tmp_path / "met")) == _expected()
    assert compiled == []


def test_a_template_from_the_build_still_counts_its_work(built, use_build, compiled, tmp_path, monkeypatch):
    use_build(built)
    monkeypatch.setattr(template_limits, "MAX_STEPS", 50)
    with pytest.raises(TemplateError) as caught:
        _markdown(copy_example(tmp_path / "plan"))
    assert "te veel werk" in caught.value.message and compiled == []


def test_an_error_in_a_template_from_the_build_names_the_template_file(built, use_build, compiled):
    from jinja2.exceptions import UndefinedError

    from handreiking.render.pipeline import _template_location

    use_build(built)
    env = document_templates.shipped_environment()
    template = env.get_template(DOCUMENT)
    assert compiled == [] and template.filename == str(data_dir("templates") / DOCUMENT)
    with pytest.raises(UndefinedError) as caught:
        env.render_limited(template, {})
    where = _template_location(caught.value)
    assert Path(where["path"]).parent == data_dir("templates") and where["line"] >= 1


def test_an_edited_template_is_compiled_and_a_running_process_sees_the_edit(built, use_build, compiled,
                                                                            tmp_path, monkeypatch):
    shipped = tmp_path / "templates"
    shutil.copytree(data_dir("templates"), shipped)
    monkeypatch.setattr(document_templates, "data_dir",
                        lambda name: shipped if name == "templates" else data_dir(name))
    use_build(built)
    plan_dir = copy_example(tmp_path / "plan")
    assert _markdown(plan_dir) == _expected() and compiled == []  # the same text: from the build
    edited = shipped / DOCUMENT
    edited.write_text(edited.read_text(encoding="utf-8") + "\nDeze zin staat alleen in het aangepaste sjabloon.\n",
                      encoding="utf-8")
    later = edited.stat().st_mtime + 10
    os.utime(edited, (later, later))
    documents = _markdown(plan_dir)  # the same process and environment, as in the live view
    assert compiled == [DOCUMENT]
    assert "Deze zin staat alleen in het aangepaste sjabloon." in documents["visiedocument.md"]
    assert {k: v for k, v in documents.items() if k != "visiedocument.md"} == \
        {k: v for k, v in _expected().items() if k != "visiedocument.md"}


def test_a_plan_s_own_template_is_never_taken_from_the_build(built, use_build, compiled, tmp_path):
    use_build(built)
    plan_dir = copy_example(tmp_path / "plan")
    (plan_dir / "sjablonen").mkdir()
    shutil.copyfile(data_dir("templates") / DOCUMENT, plan_dir / "sjablonen" / DOCUMENT)  # the very same text
    assert _markdown(plan_dir) == _expected()
    assert compiled == [DOCUMENT]
    from handreiking.plan.folder import open_plan

    template = document_templates.make_environment(open_plan(plan_dir)).get_template(DOCUMENT)
    assert Path(template.filename).parent.name == "sjablonen"


@pytest.mark.parametrize("damage", ["weg", "geen Python", "geen sjabloon", "lege bytecode"])
def test_a_missing_or_damaged_compiled_template_is_compiled_from_its_source(built, use_build, compiled, tmp_path,
                                                                           damage):
    build = tmp_path / "_compiled"
    shutil.copytree(built, build)
    manifest = json.loads((build / precompiled.MANIFEST).read_text(encoding="utf-8"))
    key = next(k for k, name in manifest["sjablonen"].items() if name == DOCUMENT)
    module = build / f"{precompiled.TEMPLATE_PREFIX}{key}.py"
    if damage == "weg":
        module.unlink()
    elif damage == "geen Python":
        module.write_text("def root(context:\n", encoding="utf-8")
    elif damage == "geen sjabloon":
        module.write_text("result = 1\n", encoding="utf-8")
    else:  # a cached bytecode file that is cut off: Python's own check passes, the code does not load
        import importlib.util

        cached = Path(importlib.util.cache_from_source(str(module)))
        cached.parent.mkdir(exist_ok=True)
        source_stat = module.stat()
        header = importlib.util.MAGIC_NUMBER + (0).to_bytes(4, "little") + \
            int(source_stat.st_mtime).to_bytes(4, "little") + (source_stat.st_size & 0xFFFFFFFF).to_bytes(4, "little")
        cached.write_bytes(header)
    use_build(build)
    assert _markdown(copy_example(tmp_path / "plan")) == _expected()
    assert compiled == [DOCUMENT]


def test_the_empty_word_document_comes_from_the_build_without_a_house_style(built, use_build, monkeypatch,
                                                                          tmp_path):
    import datetime as dt

    made: list[bytes | None] = []
    original = word._make_base
    monkeypatch.setattr(word, "_make_base", lambda reference: made.append(reference) or original(reference))

    def document(reference: bytes | None = None) -> bytes:
        return word.render_docx("# Titel\n\nTekst met een **vet** woord.\n", title="Titel", author="Regisseur",
                                created=dt.date(2027, 1, 1), modified=dt.date(2027, 2, 1), reference=reference)

    use_build(tmp_path / "geen-build")
    without = document()
    assert made == [None]
    made.clear()
    use_build(built)
    assert (built / f"{word.BASE_PREFIX}{word.base_key()}.docx").is_file()
    assert document() == without and made == []
    house_style = word.default_reference()
    made.clear()
    document(house_style)
    assert made == [house_style]  # a house style is the plan's own: its base is made here


def test_a_build_made_by_other_code_gives_no_empty_word_document(built, use_build, monkeypatch):
    use_build(built)
    monkeypatch.setattr(word, "base_key", lambda: "0" * 32)  # what an edited docx.py gives
    made: list[bytes | None] = []
    monkeypatch.setattr(word, "_make_base", lambda reference: made.append(reference) or b"made")
    assert word._base_bytes() == b"made" and made == [None]
