"""The package's modules depend on each other in one direction only.

A cycle between two modules means neither can be read, tested or changed on its
own, and it hides as a function-level import or an ``if TYPE_CHECKING:`` import
as easily as at the top of a file. So this test reads every module's source with
``ast`` (nothing is imported) and counts every import of a ``handreiking`` module,
wherever in the file it stands.
"""

from __future__ import annotations

import ast
from pathlib import Path

import handreiking

PACKAGE = "handreiking"
PACKAGE_DIR = Path(handreiking.__file__).parent


def _module_names() -> dict[str, Path]:
    """Every module of the package by its dotted name (``handreiking.wizard``)."""
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
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, name, is_package)
            # ``from handreiking import wizard`` names a module; ``from
            # handreiking.wizard import Wizard`` names something inside one.
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
        "import handreiking.render_docx\n"
        "from handreiking import values\n"
        "from . import yamlio\n"
        "from .cache import something\n"
        "if TYPE_CHECKING:\n"
        "    from handreiking.plan import Plan\n"
        "def f():\n"
        "    from .errors import HandreikingError\n"
        "    import handreiking.files as files\n"
        "    import yaml\n"
    )
    modules = set(_module_names())
    assert _imports(source, "handreiking.probe", False, modules) == {
        "handreiking.render_docx",
        "handreiking.values",
        "handreiking.yamlio",
        "handreiking.cache",
        "handreiking.plan",
        "handreiking.errors",
        "handreiking.files",
    }
    graph = import_graph()
    assert graph["handreiking.__main__"] == {"handreiking.cli"}
    assert "handreiking" in graph["handreiking.cli"]  # from handreiking import __version__


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
