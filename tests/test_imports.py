"""The package's modules depend on each other in one direction only.

A cycle between two modules means neither can be read, tested or changed on its
own, and it hides as a function-level import or an ``if TYPE_CHECKING:`` import
as easily as at the top of a file. So this test reads every module's source with
``ast`` (nothing is imported) and counts every import of a ``handreiking`` module,
wherever in the file it stands.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

import handreiking

PACKAGE = "handreiking"
PACKAGE_DIR = Path(handreiking.__file__).parent

# The tests below read the same 3.5 MB of source (most of it the build's generated modules):
# parsed once per process, and the tests kept on one worker so that happens once per run.
pytestmark = pytest.mark.xdist_group("imports")


@functools.cache
def _parse(source: str) -> ast.Module:
    return ast.parse(source)


_AN_OWN_IMPORT = re.compile(rf"(^|[;:])\s*(from\s+({PACKAGE}\b|\.)|import\s[^\n]*\b{PACKAGE}\b)", re.MULTILINE)


def _may_import_the_package(source: str) -> bool:
    """False when no statement in the source can import a module of the package: the build's
    generated templates and conditions (a megabyte that imports only Jinja) need not be parsed."""
    return _AN_OWN_IMPORT.search(source) is not None


def _module_names() -> dict[str, Path]:
    """Every module of the package by its dotted name (``handreiking.wizard.session``)."""
    names: dict[str, Path] = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE_DIR).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join([PACKAGE, *parts])] = path
    return names


def _resolve(base: str, level: int, current: str, is_package: bool) -> str:
    """The absolute name behind ``from <dots><base> import``."""
    if level == 0:
        return base
    package = current.split(".") if is_package else current.split(".")[:-1]
    package = package[: len(package) - (level - 1)]
    return ".".join([*package, base] if base else package)


def _imports(source: str, name: str, is_package: bool, modules: set[str]) -> set[str]:
    """The package modules that the module ``name`` imports, at any nesting level."""
    found: set[str] = set()
    if not _may_import_the_package(source):
        return found
    for node in ast.walk(_parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, name, is_package)
            # ``from handreiking import wizard`` names a module; ``from
            # handreiking.wizard.session import Wizard`` names something inside one.
            targets = [f"{base}.{alias.name}" for alias in node.names]
            targets = [t if t in modules else base for t in targets]
        else:
            continue
        for target in targets:
            # ``import handreiking.a.b`` names ``handreiking.a.b``; keep the
            # deepest name that is a module of the package.
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each package module with the package modules it imports.

    ``handreiking`` itself (``__init__``) is a node like any other: it imports
    nothing today, and an import it gained of a module that imports the package
    would be a cycle too.
    """
    paths = _module_names()
    names = set(paths)
    return {
        name: _imports(path.read_text(encoding="utf-8"), name, path.name == "__init__.py", names)
        for name, path in paths.items()
    }


def find_tangles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that all reach each other through imports (Tarjan's
    strongly connected components of more than one module), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def cycle_in(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A concrete cycle through the first module of a strongly connected group."""
    members = set(group)
    start = group[0]
    # Breadth-first search for the shortest way back to the start.
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle in strongly connected group {group}")


def test_the_reader_finds_every_kind_of_import() -> None:
    """Top-level, relative, aliased, function-level and TYPE_CHECKING imports all count."""
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "import handreiking.render.docx\n"
        "from handreiking.core import values\n"
        "from . import yamlio\n"
        "from .cache import something\n"
        "if TYPE_CHECKING:\n"
        "    from handreiking.plan.folder import Plan\n"
        "def f():\n"
        "    from .errors import HandreikingError\n"
        "    import handreiking.core.files as files\n"
        "    import yaml\n"
    )
    modules = set(_module_names())
    assert _imports(source, "handreiking.core.probe", False, modules) == {
        "handreiking.render.docx",
        "handreiking.core.values",
        "handreiking.core.yamlio",
        "handreiking.core.cache",
        "handreiking.plan.folder",
        "handreiking.core.errors",
        "handreiking.core.files",
    }
    for one_import in ("import handreiking.core", "import os, handreiking.core", "    from . import a",
                       "from handreiking import b", "x = 1; import handreiking", "if x: import handreiking"):
        assert _may_import_the_package(f"y = 2\n{one_import}\n"), one_import
    assert not _may_import_the_package("x = 'De handreiking noemt'\nfrom jinja2.runtime import Markup\n")
    graph = import_graph()
    assert graph["handreiking.__main__"] == {"handreiking.cli.main"}
    assert "handreiking" in graph["handreiking.cli.main"]  # from handreiking import __version__


def test_a_tangle_is_found_and_shown_as_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": {"b", "e"}, "e": set(), "f": {"f"}}
    assert find_tangles(graph) == [["a", "b", "c", "d"]]
    assert cycle_in(["a", "b", "c", "d"], graph) == ["a", "b", "c", "a"]
    assert find_tangles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle() -> None:
    graph = import_graph()
    tangles = find_tangles(graph)
    assert not tangles, "Import cycles in the package:\n" + "\n".join(
        "  " + " -> ".join(cycle_in(group, graph)) + f"\n    (these {len(group)} modules all import each other, "
        "directly or through the others: " + ", ".join(group) + ")"
        for group in tangles
    )


# --- layers ------------------------------------------------------------------------

#: The packages of ``handreiking``, lowest first. A module imports only from its own
#: package or one listed before it (the package ``__init__`` files say what each owns).
LAYERS = ["core", "questionnaire", "plan", "git", "insight", "render", "wizard", "cli"]


def layer_of(module: str) -> int:
    """The rank of a module's package; the package root (``__init__``, ``__main__``) stands on top."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return len(LAYERS)


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import of a module from a higher layer than the importer's, as ``a -> b``."""
    return sorted(f"{name} -> {target}" for name, targets in graph.items() for target in targets
                  if target != PACKAGE and layer_of(target) > layer_of(name))


def test_the_folder_shows_the_layers() -> None:
    """Every module sits in a layer package (only ``__init__`` and ``__main__`` at the root),
    and every layer's ``__init__`` says what it owns."""
    loose = sorted(p.name for p in PACKAGE_DIR.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert not loose, f"modules outside a layer package: {loose}"
    for layer in LAYERS:
        init = PACKAGE_DIR / layer / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring.split()) >= 20, f"{layer}/__init__.py needs a docstring saying what it owns"
    assert {p.name for p in PACKAGE_DIR.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(LAYERS)


def test_upward_imports_are_found() -> None:
    graph = {"handreiking.core.values": {"handreiking.render.context"},
             "handreiking.render.context": {"handreiking.core.values", PACKAGE},
             "handreiking.__main__": {"handreiking.cli.main"}}
    assert upward_imports(graph) == ["handreiking.core.values -> handreiking.render.context"]


def test_no_import_goes_up_a_layer() -> None:
    wrong = upward_imports(import_graph())
    assert not wrong, "Imports from a higher layer (order: " + " → ".join(LAYERS) + "):\n  " + "\n  ".join(wrong)


def late_imports_without_reason(source: str) -> list[int]:
    """Lines of imports of handreiking modules inside a function that carry no comment saying why.

    A late import hides who depends on whom, so it is allowed only where a comment says
    why: on its own lines, or on the line above it or above the run of imports it stands in,
    e.g. ``# after parsing: --help stays fast``.
    """
    if not _may_import_the_package(source):
        return []
    lines = source.splitlines()
    tree = _parse(source)
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            own = (isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith(PACKAGE))) or (
                isinstance(node, ast.Import) and any(a.name.startswith(PACKAGE + ".") for a in node.names))
            if not own:
                continue
            if any("#" in line for line in lines[node.lineno - 1:node.end_lineno]):
                continue
            above = node.lineno - 2
            while above >= 0 and lines[above].strip().startswith(("from ", "import ", ")")) or (
                    above >= 0 and lines[above].startswith(" ") and lines[above].strip().endswith(",")):
                above -= 1
            if above < 0 or not lines[above].strip().startswith("#"):
                found.append(node.lineno)
    return sorted(set(found))


def test_a_late_import_without_a_reason_is_found() -> None:
    source = ("def f():\n    from handreiking.core import values\n"
              "def g():\n    # after parsing: --help stays fast\n    from handreiking.cli import commands\n"
              "def h():\n    import json\n")
    assert late_imports_without_reason(source) == [2]


def test_late_imports_say_why() -> None:
    wrong = [f"{path.relative_to(PACKAGE_DIR)}:{line}" for path in sorted(PACKAGE_DIR.rglob("*.py"))
             for line in late_imports_without_reason(path.read_text(encoding="utf-8"))]
    assert not wrong, "Imports inside a function without a comment saying why:\n  " + "\n  ".join(wrong)
