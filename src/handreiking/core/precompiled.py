"""The shipped conditions, advice messages and document templates, compiled when the package is built.

Every command evaluates the ``wanneer`` conditions of the questionnaires and the
advice rules; compiling them with Jinja (parse, generate Python, compile it) cost
more than all the rest of ``status``. They are the same for every plan, so the
package's build hook (``hatch_build.py``, with ``build_compiled``) compiles them once, with
Jinja's public ``Environment.compile``, into ``_compiled/`` next to this file. This is code
shipped in the package, made from the package's own files; nothing of a plan or a user is
ever compiled ahead or stored as code.

The conditions and messages (some 250, each a few lines) are one module,
``voorwaarden.py``: per template a function that runs the module Jinja generated for
it and returns its names, for ``Template.from_module_dict``. (One module per template,
with ``jinja2.ModuleLoader``, cost a file lookup and an import each: more than all
the rest of loading them.) A template is found by its name, which holds its text (the
function's name is a hash of it), so an edited condition in a source checkout simply
misses and is compiled as before.

The document templates (``templates/*.j2``) are compiled the same way, each into
``sjabloon_<key>.py`` under a key that the render layer makes from the template's
name, its source and the code that compiles it (``render/document_templates``); they
are read as code objects with the standard importer's loader (so Python's own
``__pycache__`` serves, as for every module of the package) and never imported as
modules: each environment runs a template's code in a namespace of its own.

``voorwaarden.json`` lists the conditions the build checked (with the names
they read) and the messages it checked; it also records the Jinja version, and
with another version the whole folder is ignored. Without the folder (a source
checkout that was never installed) everything works the same, only slower.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

FOLDER = Path(__file__).parent.parent / "_compiled"  # handreiking/_compiled, where the build puts it
MANIFEST = "voorwaarden.json"
FORMAT = 4  # 4: messages print Dutch values (``finalize`` in their environment)
CONDITIONS = "voorwaarden.py"  # the conditions and messages, one function each


_building: list[bool] = []  # while the build hook runs, nothing is taken from an earlier build


@lru_cache(maxsize=1)
def _manifest() -> dict[str, Any] | None:
    if _building:
        return None
    try:
        data = json.loads((FOLDER / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    import jinja2

    if not isinstance(data, dict) or data.get("formaat") != FORMAT or data.get("jinja2") != jinja2.__version__:
        return None
    return data


def loader() -> Any | None:
    """A loader for the compiled conditions and messages (by their template names), or None."""
    if _manifest() is None:
        return None
    functions = _conditions()
    if functions is None:
        return None
    from jinja2 import BaseLoader, TemplateNotFound

    class BuiltConditions(BaseLoader):
        """The build's conditions and messages; any other name is not found here."""

        def load(self, environment: Any, name: str, globals: Any = None) -> Any:
            module = functions.get(function_name(name))
            if module is None:
                raise TemplateNotFound(name)
            try:
                return environment.template_class.from_module_dict(environment, module(environment),
                                                                   {} if globals is None else globals)
            except Exception:  # a damaged function: not found here, so it is compiled from its text
                raise TemplateNotFound(name) from None

    return BuiltConditions()


def function_name(template_name: str) -> str:
    """The name of a template's function in ``voorwaarden.py``."""
    import hashlib

    return "t_" + hashlib.sha1(template_name.encode("utf-8"), usedforsecurity=False).hexdigest()


@lru_cache(maxsize=1)
def _conditions() -> dict[str, Any] | None:
    """The functions of ``voorwaarden.py`` by name; None when it is missing or damaged."""
    import importlib.util

    try:  # Python's recipe for importing a source file directly (its __pycache__ serves)
        spec = importlib.util.spec_from_file_location("handreiking._compiled.voorwaarden", FOLDER / CONDITIONS)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except Exception:  # missing, unreadable, not Python: the conditions are compiled from their text
        return None
    return {name: value for name, value in vars(module).items() if name.startswith("t_") and callable(value)}


def template_code(key: str) -> CodeType | None:
    """The code the build compiled for the document template filed under ``key``; None when
    the build holds no such template, or its module cannot be read or compiled."""
    manifest = _manifest()
    if not manifest or key not in manifest["sjablonen"]:
        return None
    from importlib.machinery import SourceFileLoader

    module = f"handreiking._compiled.{TEMPLATE_PREFIX}{key}"
    try:
        return SourceFileLoader(module, str(FOLDER / f"{TEMPLATE_PREFIX}{key}.py")).get_code(module)
    except Exception:  # missing, unreadable, not Python: the template is compiled from its source
        return None


TEMPLATE_PREFIX = "sjabloon_"


def prepared_bytes(name: str) -> bytes | None:
    """The bytes of the file ``name`` the build prepared (the empty Word document); None
    without a build or without that file."""
    if _manifest() is None:
        return None
    try:
        return (FOLDER / name).read_bytes()
    except OSError:
        return None


def prepared_data(name: str) -> Any:
    """The plain data the build prepared in the JSON file ``name`` (the hyphenation patterns);
    None without a build, or when the file is missing or damaged."""
    if _manifest() is None:
        return None
    try:
        return json.loads((FOLDER / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def checked_names(source: str) -> frozenset[str] | None:
    """The names a condition reads, when the build checked exactly this condition; else None."""
    manifest = _manifest()
    names = manifest["voorwaarden"].get(source) if manifest else None
    return frozenset(names) if isinstance(names, list) else None


def is_checked_message(text: str) -> bool:
    """True when the build checked exactly this message text."""
    manifest = _manifest()
    return bool(manifest) and text in manifest["berichten"]


def parsed_definition(text: str) -> Any:
    """The plain data of a shipped definition file (questionnaire, advice rules, list of
    documents, overview) whose text is exactly ``text``, as the build read it; else
    ``NOT_BUILT``. The file is still read, so an edited file is simply parsed again."""
    manifest = _manifest()
    if not manifest:
        return NOT_BUILT
    import hashlib

    found = manifest["definities"].get(hashlib.sha256(text.encode("utf-8")).hexdigest())
    return NOT_BUILT if found is None else json.loads(found, object_hook=_from_plain)


NOT_BUILT = object()
_DATES = {"$date": "date", "$datetime": "datetime"}


def _from_plain(data: dict[str, Any]) -> Any:
    if len(data) == 1:
        key, value = next(iter(data.items()))
        if key in _DATES:
            import datetime

            return getattr(datetime, _DATES[key]).fromisoformat(value)
    return data
