"""What the package's build hook runs (``hatch_build.py``): check and compile the shipped
conditions and advice messages, compile the shipped document templates, and read the shipped
definition files, the Dutch hyphenation patterns and the empty Word document, into the folder ``precompiled`` loads
them from. Nothing in the package imports this module.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from handreiking.core.precompiled import (
    CONDITIONS,
    FORMAT,
    MANIFEST,
    TEMPLATE_PREFIX,
    _building,
    _conditions,
    _manifest,
    function_name,
)
from handreiking.core.resources import data_dir
from handreiking.core.yamlio import read_definition, read_text
from handreiking.insight.advice import RULES_FILE, _build_rules
from handreiking.questionnaire import expressions
from handreiking.questionnaire.catalog import _build_catalog
from handreiking.questionnaire.expressions import environment, template_source
from handreiking.render import docx as word
from handreiking.render import hyphenation
from handreiking.render.document_templates import compiled_shipped


def _to_plain(value: Any) -> Any:
    """YAML's plain data as JSON: dates as ``{"$date": ...}``; anything else raises TypeError."""
    import datetime

    if isinstance(value, dict):
        if not all(isinstance(k, str) and not k.startswith("$") for k in value):
            raise TypeError("keys that are not plain text")
        return {k: _to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"a {type(value).__name__}")


def build(target: Path, conditions: dict[str, Iterable[str]], messages: Iterable[str],
          definitions: dict[str, Any], templates: dict[str, tuple[str, str]],
          data: dict[str, Any] | None = None) -> None:
    """Compile ``conditions`` (checked, with the names each reads) and ``messages`` into
    ``target``, which is made anew, with the compiled document ``templates`` (``{key: (name,
    Python source)}``) and plain ``data`` files (``{file name: JSON data or bytes}``). Called by the
    build hook with what loading the shipped questionnaires and advice rules checked."""
    import jinja2

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    names = sorted({*(f"voorwaarde:{source}" for source in conditions), *(f"tekst:{text}" for text in messages)})
    compiler = environment()
    (target / CONDITIONS).write_text(
        conditions_module({name: compiler.compile(template_source(name), name, raw=True) for name in names}),
        encoding="utf-8")
    for key, (_name, code) in sorted(templates.items()):
        (target / f"{TEMPLATE_PREFIX}{key}.py").write_text(code, encoding="utf-8")
    for name, value in sorted((data or {}).items()):
        if isinstance(value, bytes):
            (target / name).write_bytes(value)
        else:
            (target / name).write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
                                       encoding="utf-8")
    manifest = {"formaat": FORMAT, "jinja2": jinja2.__version__,
                "sjablonen": {key: name for key, (name, _code) in sorted(templates.items())},
                "voorwaarden": {source: sorted(read) for source, read in sorted(conditions.items())},
                "berichten": sorted(set(messages)),
                "definities": {digest: json.dumps(_to_plain(data), ensure_ascii=False, separators=(",", ":"))
                               for digest, data in sorted(definitions.items())}}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


_RETURN = "return {'name': name, 'blocks': blocks, 'root': root, 'debug_info': debug_info, '__file__': None}"


def conditions_module(compiled: dict[str, str]) -> str:
    """One module for the compiled conditions and messages (``{template name: the Python
    Jinja generated}``): per template a function of the environment that runs that code
    and returns the names ``Template.from_module_dict`` takes. Made with ``ast``, so the
    generated code is moved into the function as code, not as text."""
    import ast

    functions = []
    for name, code in compiled.items():
        function = ast.parse("def f(environment):\n    pass\n").body[0]
        function.name = function_name(name)
        function.body = [*ast.parse(code).body, ast.parse(_RETURN).body[0]]
        functions.append(function)
    module = ast.fix_missing_locations(ast.Module(body=functions, type_ignores=[]))
    return ('"""The shipped conditions and advice messages, compiled by the build hook (see '
            'core/precompiled.py)."""\n' + ast.unparse(module) + "\n")


def build_shipped(target: Path) -> None:
    """Compile the conditions and messages of the shipped questionnaires and advice rules."""
    import hashlib


    _building.append(True)
    _manifest.cache_clear()
    _conditions.cache_clear()
    try:
        folder = data_dir("questionnaires")
        with expressions.recording() as record:
            catalog = _build_catalog(tuple(sorted(p for p in folder.glob("*.yaml") if p.name[0].isdigit())))
            if (folder / RULES_FILE).exists():
                _build_rules(folder / RULES_FILE, tuple(q.phase for q in catalog))
        definitions = {}
        for path in [*sorted(folder.glob("*.yaml")), *sorted(data_dir("templates").glob("*.yaml"))]:
            data = read_definition(path, what=path.name)
            try:
                _to_plain(data)
            except TypeError:  # not plain JSON data: this file is read as YAML every time
                continue
            text = read_text(path, what=path.name, inside=None)  # as read_definition reads it
            definitions[hashlib.sha256(text.encode("utf-8")).hexdigest()] = data
        build(target, record.conditions, record.messages, definitions, compiled_shipped(),
              {hyphenation.PREPARED: hyphenation.prepared(hyphenation.dictionary()),
               f"{word.BASE_PREFIX}{word.base_key()}.docx": word._make_base(None)})
    finally:
        _building.clear()
        _manifest.cache_clear()
        _conditions.cache_clear()
