"""The environment the document templates run in, and the shipped ones as the build compiled them.

Every template runs in :class:`LimitedEnvironment` (Jinja's sandbox with a budget, see
``template_limits``) with ``StrictUndefined`` and the Dutch filters; a plan's own templates
in ``sjablonen/`` come first, read through the plan-file gate (``PlanTemplateLoader``), then
the package's ``templates/``.

Compiling the package's templates (lex, parse, generate Python, compile it) was about a
quarter of a cold render, and they are the same for every plan. So the package's build hook
(``hatch_build.py``, with ``cli/build_compiled``) compiles them with this very environment
(Jinja's public ``Environment.compile``) into ``handreiking/_compiled`` (see
``core/precompiled``), each under a hash of its name, its source and the code that decides
how a template compiles (this module, ``template_limits``, the environment's class).
:class:`ShippedTemplateLoader` reads the template file as before, and takes the build's code
only when that hash matches: an edited template (in a source checkout), another environment
or a damaged build is compiled from the source as before, and the file's date still tells a
long-running process (the live view) that a template changed. A plan's own templates are
never compiled ahead: they are not shipped, and they are found before the shipped ones.
"""
from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any, MutableMapping

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, pass_context

from handreiking.core import precompiled
from handreiking.core.resources import data_dir
from handreiking.core.values import count, format_money
from handreiking.render.context import (
    Markdown,
    Open,
    Settled,
    as_sentence,
    finalize,
    format_date,
    full_stop,
    prose,
    relative_to_version,
    yes_no,
)
from handreiking.render.template_limits import LimitedEnvironment
from handreiking.render.template_loader import PlanTemplateLoader


def cell(value: Any) -> str:
    """A value as one line for a Markdown table cell."""
    text = finalize(value)
    return Markdown(" ".join(str(text).split()) or "–")


def money(value: Any) -> Any:
    """An amount in euros, Dutch style: '€ 240.000' with a space that never breaks (open answers stay placeholders)."""
    if isinstance(value, Open) or isinstance(value, bool) or not isinstance(value, (int, float)):
        return value

    return Markdown(format_money(value).replace(" ", "\u00a0", 1))  # '€' and the amount stay together


def is_open(value: Any) -> bool:
    return isinstance(value, Open)


def make_environment(plan: Any) -> LimitedEnvironment:
    """Sandboxed Jinja environment; the plan's ``sjablonen/`` override the shipped templates.

    One environment per set of the plan's own templates in a process, so the live view and
    the wizard, which render again and again, compile a template only when its file changed
    (Jinja checks each file's date); a template added to or removed from ``sjablonen/``
    gives a new environment. The plan's templates are read through the plan-file gate
    (``PlanTemplateLoader``)."""

    own = plan.templates_dir
    if not own.is_dir():
        return _environment(None, None, None, ())
    names = tuple(PlanTemplateLoader(plan.root, own).list_templates())
    return _environment(plan.root, own, own.resolve(), names)


def shipped_environment() -> LimitedEnvironment:
    """The environment of a plan without templates of its own: the one the build compiles with."""
    return _environment(None, None, None, ())


@lru_cache(maxsize=4)
def _environment(root: Path | None, own_templates: Path | None, _where: Path | None,
                 _names: tuple[str, ...]) -> LimitedEnvironment:
    """The environment for the plan's own templates in ``own_templates`` (or none); ``_where``
    (the folder as it resolves now) and ``_names`` only make the key."""
    loaders: list[Any] = []
    if root is not None and own_templates is not None:
        loaders.append(PlanTemplateLoader(root, own_templates))
    loaders.append(ShippedTemplateLoader(data_dir("templates")))
    env = LimitedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(cel=cell, opsomming=lambda v: finalize(list(v) if not isinstance(v, Open) else v),
                       datum=format_date, is_open=is_open, md=Markdown,
                       bedrag=money, zin=prose, janee=yes_no, punt=full_stop, aantal=count,
                       als_zin=as_sentence, tijd=pass_context(relative_to_version))
    env.tests["open"] = is_open
    env.tests["achterhaald"] = lambda value: isinstance(value, Settled)
    return env


class ShippedTemplateLoader(FileSystemLoader):
    """The package's ``templates/``: each file read as before, its code from the build when
    the build compiled exactly this file with this environment (see the module text)."""

    def load(self, environment: Any, name: str, globals: MutableMapping[str, Any] | None = None) -> Any:
        source, filename, uptodate = self.get_source(environment, name)
        globals = {} if globals is None else globals
        key = compile_key(environment, name, source)
        code = precompiled.template_code(key) if key is not None else None
        if code is not None:
            try:
                return environment.template_class.from_code(environment, _with_filename(code, filename), globals,
                                                            uptodate)
            except Exception:  # a damaged build (a module without Jinja's names): compiled as before
                pass
        return environment.template_class.from_code(environment, environment.compile(source, name, filename),
                                                     globals, uptodate)


def compile_key(environment: Any, name: str, source: str) -> str | None:
    """The hash the build files a template's code under: its name and source, and what decides
    how it compiles (the environment's class and the code of this module and its class's);
    None when that code cannot be read."""
    fingerprint = _compiler_fingerprint(type(environment))
    if fingerprint is None:
        return None
    digest = hashlib.sha256(fingerprint.encode("utf-8"))
    for part in (name, source):
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:40]


@lru_cache(maxsize=4)
def _compiler_fingerprint(environment_class: type) -> str | None:
    """The environment class, and the source files of this module and of that class (its
    settings, filters and the ``LoopGuard`` that rewrites every loop); None when unreadable."""
    parts = [f"{environment_class.__module__}.{environment_class.__qualname__}"]
    for module in (__name__, environment_class.__module__):
        try:
            parts.append(hashlib.sha256(Path(sys.modules[module].__file__ or "").read_bytes()).hexdigest())
        except (OSError, KeyError, TypeError):
            return None
    return " ".join(parts)


def _with_filename(code: CodeType, filename: str) -> CodeType:
    """``code`` (and the functions in it) as compiled from ``filename``: a template error
    then names the template file and its line, as when compiled at run time."""
    constants = tuple(_with_filename(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=constants)


def compiled_shipped() -> dict[str, tuple[str, str]]:
    """For the build hook: every shipped template compiled by :func:`shipped_environment`,
    as ``{compile key: (template name, Python source)}``."""
    env = shipped_environment()
    loader = ShippedTemplateLoader(data_dir("templates"))
    found = {}
    for name in loader.list_templates():
        if not name.endswith(".j2"):
            continue
        source, filename, _ = loader.get_source(env, name)
        key = compile_key(env, name, source)
        if key is None:
            raise RuntimeError("the code that compiles the templates cannot be read")
        found[key] = (name, env.compile(source, name, filename, raw=True))
    return found
