"""Sandboxed Jinja expressions for ``wanneer`` conditions (and advice rules).

Conditions are written by content editors and evaluated over user answers, so
they run in Jinja's ``SandboxedEnvironment``: no attribute access to Python
internals, no file access. Each condition is checked when its questionnaire
loads, so a syntax error is reported with file and question id before anyone
starts a workshop. The shipped conditions were checked and compiled when the
package was built (see ``precompiled``); any other is checked and compiled here.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from handreiking.core.errors import HandreikingError
from handreiking.core.values import format_value, join_dutch
from handreiking.core.precompiled import checked_names, is_checked_message
from handreiking.core.precompiled import loader as compiled_loader


def template_source(name: str) -> str:
    """Conditions become one-line templates that assign ``result``, so that they
    share the environment's template cache; other names are message templates as they are."""
    kind, _, source = name.partition(":")
    return "{% set result = (" + source + ") %}" if kind == "voorwaarde" else source


def _dutch(value: Any) -> Any:
    """How a message prints a value: 16,5 (not 16.5), a date as 1 juli 2027, ja/nee; other values as they are."""
    if isinstance(value, (bool, float, dt.date)):
        return format_value(value)
    return value


def _dutch_join(value: Any, separator: str = "") -> str:
    """The ``join`` filter of messages: '12,5 en 16' — Jinja's own writes each number with ``str()``."""
    return separator.join(str(_dutch(item)) for item in value)


@lru_cache(maxsize=1)
def environment() -> Any:
    """The one sandboxed environment of conditions and messages; the shipped ones come
    compiled from the package (``precompiled``), the others are compiled on first use.
    A message is read by a person, so what it prints is Dutch (``finalize``, ``join``)."""
    from jinja2 import ChainableUndefined, ChoiceLoader, FunctionLoader
    from jinja2.sandbox import SandboxedEnvironment

    compiled = compiled_loader()
    loader = FunctionLoader(template_source)
    env = SandboxedEnvironment(undefined=ChainableUndefined, autoescape=False, finalize=_dutch,
                               loader=ChoiceLoader([compiled, loader]) if compiled is not None else loader)
    env.filters["join"] = _dutch_join
    env.filters["opsomming"] = lambda value: join_dutch([str(_dutch(item)) for item in value])  # "a, b en c"
    return env


@dataclass
class Checked:
    """What ``recording`` saw checked: conditions with the names they read, and messages."""

    conditions: dict[str, frozenset[str]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


_recording: list[Checked] = []


@contextmanager
def recording() -> Iterator[Checked]:
    """Note every condition and message checked meanwhile: how the build hook learns
    what to compile."""
    record = Checked()
    _recording.append(record)
    try:
        yield record
    finally:
        _recording.remove(record)


class ConditionSyntaxError(ValueError):
    """The expression does not compile, or cannot be evaluated at all; ``str()``
    says why, in Dutch."""


class ConditionError(HandreikingError):
    """A condition failed on these answers in a way odd answers cannot explain
    (for instance something the sandbox forbids): reported, never hidden."""


def _shape_errors() -> tuple[type[BaseException], ...]:
    """What half-filled or hand-edited answers can make a sound condition raise:
    comparing text with a number, ``in`` on a number, a missing attribute, a zero.
    (Not the sandbox's limits, such as a too large ``range``: those are reported.)"""
    from jinja2 import UndefinedError

    return (TypeError, ValueError, ZeroDivisionError, LookupError, AttributeError, UndefinedError)


@dataclass(frozen=True)
class Condition:
    """A checked condition; ``names`` are the top-level names it reads.

    The syntax is checked, and the condition is tried on a plan without
    answers, when the file loads (see ``compile_condition``).
    """

    source: str
    names: frozenset[str]

    def value(self, scope: Mapping[str, Any]) -> Any:
        """The raw result (advice rules may return a list); None when the answers
        have a shape the condition cannot work with."""
        try:
            return _compiled(self.source)(scope)
        except _shape_errors():
            return None
        except Exception as exc:
            raise ConditionError(f"de voorwaarde '{self.source}' kan niet worden uitgerekend ({exc})") from None

    def evaluate(self, scope: Mapping[str, Any]) -> bool:
        """True when the condition holds.

        Answers can be half-filled or hand-edited into odd shapes (text where a
        list was expected); then the condition simply does not apply. Anything
        else is a broken condition and raises ``ConditionError``.
        """
        return bool(self.value(scope))


@lru_cache(maxsize=None)
def _compiled(source: str) -> Callable[[Mapping[str, Any]], Any]:
    """The condition as a function of the answers; ``result`` is the exported variable
    of the one-line template the loader makes of it."""
    template = environment().get_template("voorwaarde:" + source)
    return lambda scope: getattr(template.make_module(dict(scope)), "result", None)


def message_template(source: str) -> Any:
    """A (cached) sandboxed template for a message such as an advice text."""
    return environment().get_template("tekst:" + source)


def check_message(text: str) -> None:
    """Parse a message template (compiled only when it is used); raises Jinja's
    ``TemplateSyntaxError``. A message the build checked is not parsed again."""

    if _recording:
        _recording[-1].messages.append(text)
    if is_checked_message(text):
        return
    environment().parse(text)


def compile_condition(source: str) -> Condition:
    """Check ``source`` or raise ``ConditionSyntaxError``; a condition the build checked
    (see ``precompiled``) is taken as it was checked then."""

    names = checked_names(source)
    if names is not None:
        return Condition(source=source, names=names)
    condition = check_condition(source)
    if _recording:
        _recording[-1].conditions[source] = condition.names
    return condition


def is_prechecked(source: str) -> bool:
    """True when the package's build checked exactly this condition (see ``precompiled``)."""

    return checked_names(source) is not None


def check_condition(source: str) -> Condition:
    """Check ``source`` or raise ``ConditionSyntaxError``.

    The expression is parsed as the one-line template it becomes; anything but
    a single assignment means the text closed the expression early. It is then
    evaluated once on a plan without any answers, so a condition that can
    never be worked out is reported now, with its file and question, instead of
    silently hiding its question later.
    """
    from jinja2 import TemplateError, meta, nodes

    env = environment()
    try:
        tree = env.parse(template_source("voorwaarde:" + source))
        if len(tree.body) != 1 or not isinstance(tree.body[0], nodes.Assign):
            raise ConditionSyntaxError(f"de voorwaarde '{source}' klopt niet: onverwachte tekens na de expressie")
        names = frozenset(meta.find_undeclared_variables(tree))
    except TemplateError as exc:
        raise ConditionSyntaxError(f"de voorwaarde '{source}' klopt niet: {exc.message}") from None
    condition = Condition(source=source, names=names)
    try:
        condition.value({})
    except (ConditionError, TemplateError) as exc:
        raise ConditionSyntaxError(f"de voorwaarde '{source}' kan niet worden uitgerekend: {exc}") from None
    return condition
