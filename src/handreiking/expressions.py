"""Sandboxed Jinja expressions for ``wanneer`` conditions (and advice rules).

Conditions are written by content editors and evaluated over user answers, so
they run in Jinja's ``SandboxedEnvironment``: no attribute access to Python
internals, no file access. Each condition is compiled once when its
questionnaire loads, so a syntax error is reported with file and question id
before anyone starts a workshop.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable


@lru_cache(maxsize=1)
def bytecode_cache() -> Any:
    """Jinja's compiled templates, kept between runs in the user's cache folder.

    Compiling the document templates, conditions and advice rules costs more
    than rendering them; the cache is keyed by the source text, so an edited
    template or rule is simply compiled again. Without a writable cache
    folder everything still works, only slower.
    """
    from jinja2 import FileSystemBytecodeCache, __version__

    from handreiking.cache import cache_dir

    class QuietCache(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    base = cache_dir()
    if base is None:
        return None
    folder = base / f"jinja-{__version__}"
    try:
        folder.mkdir(exist_ok=True, mode=0o700)
    except OSError:
        return None
    return QuietCache(str(folder))


def _load_source(name: str) -> str:
    """Conditions become one-line templates that assign ``result``, so that they
    can share the bytecode cache; other names are message templates as they are."""
    kind, _, source = name.partition(":")
    return "{% set result = (" + source + ") %}" if kind == "voorwaarde" else source


@lru_cache(maxsize=1)
def environment() -> Any:
    from jinja2 import ChainableUndefined, FunctionLoader
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=ChainableUndefined, loader=FunctionLoader(_load_source),
                                bytecode_cache=bytecode_cache(), autoescape=False)


class ConditionSyntaxError(ValueError):
    """The expression does not compile; ``str()`` says why, in Dutch."""


@dataclass(frozen=True)
class Condition:
    """A checked condition; ``names`` are the top-level names it reads.

    The syntax is checked when the file loads; the Python code is generated on
    first use, so loading six questionnaires and the advice rules stays quick.
    """

    source: str
    names: frozenset[str]

    def value(self, scope: Mapping[str, Any]) -> Any:
        """The raw result (advice rules may return a list); None when it cannot be evaluated."""
        try:
            return _compiled(self.source)(**scope)
        except Exception:
            return None

    def evaluate(self, scope: Mapping[str, Any]) -> bool:
        """True when the condition holds; any runtime problem counts as false.

        Answers can be half-filled or hand-edited into odd shapes; a condition
        that cannot be evaluated simply does not apply, it never crashes the
        wizard.
        """
        try:
            return bool(_compiled(self.source)(**scope))
        except Exception:
            return False


@lru_cache(maxsize=None)
def _compiled(source: str) -> Callable[..., Any]:
    """Like ``compile_expression``, but through the loader so the bytecode cache applies."""
    from jinja2.environment import TemplateExpression

    return TemplateExpression(environment().get_template("voorwaarde:" + source), undefined_to_none=False)


def message_template(source: str) -> Any:
    """A (cached) sandboxed template for a message such as an advice text."""
    return environment().get_template("tekst:" + source)


def compile_condition(source: str) -> Condition:
    """Check ``source`` (as ``compile_expression`` parses it) or raise ``ConditionSyntaxError``."""
    from jinja2 import TemplateSyntaxError, meta, nodes
    from jinja2.parser import Parser

    env = environment()
    try:
        parser = Parser(env, source, state="variable")
        expression = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError("onverwachte tekens na de expressie", parser.stream.current.lineno)
    except TemplateSyntaxError as exc:
        raise ConditionSyntaxError(f"de voorwaarde '{source}' klopt niet: {exc.message}") from None
    tree = nodes.Template([nodes.Output([expression])], lineno=1)
    tree.set_environment(env)
    names = meta.find_undeclared_variables(tree)
    return Condition(source=source, names=frozenset(names))
