"""Templates with a limit on work and output.

A plan's own templates (``sjablonen/``) run in Jinja's sandbox: they cannot reach
Python's internals. But the sandbox does not bound the work: three nested loops over
``range(100000)``, a macro that calls itself twice, or ``"x" * 10**9`` keep a render
busy for hours or fill the memory. So every template renders against a budget:

* each step counts: every loop iteration (each ``{% for %}`` gets a counting wrapper
  around what it loops over, added to the template's tokens by :class:`LoopGuard`),
  every call, attribute, item lookup, filter and arithmetic operation;
* the output is counted while it is made (``Template.generate``);
* numbers that make one operation large (a width, a repeat count, an exponent) are
  refused above a bound (only there: an amount of € 2.500.000 passed to a macro is fine), and so are strings and lists made larger than the output may be;
* a clock is checked every few thousand steps, as a backstop only: the counts are what
  stop a template, the same on every computer, so a render that passes passes everywhere.

When a limit is reached the render stops with a Dutch message; no signal or thread is
used, so this also holds inside ``serve``'s render thread.
"""
from __future__ import annotations

import functools
import math
import re
import threading
import time
from typing import Any, Callable, Iterable, Iterator

from jinja2.compiler import CodeGenerator
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.sandbox import SandboxedEnvironment

MAX_STEPS = 1_000_000        # the built-in documents take well under a tenth of this
MAX_OUTPUT = 5_000_000       # characters of Markdown per document (the largest is about 60.000)
MAX_NUMBER = 1_000_000       # a width, count or repeat factor in one operation
MAX_SECONDS = 60.0           # backstop only
_CLOCK_EVERY = 4096
_SIZING_FILTERS = frozenset({"do_center", "do_indent", "do_wordwrap", "do_truncate", "do_batch", "do_slice"})
_CALL_STEPS = 20  # a call (a macro above all) costs about as much as twenty loop iterations
_LOOP_FILTER = "_handreiking_loop"
_WIDE_FORMAT = re.compile(r"\d{7,}")  # "%9999999d", "{:>9999999}": a width beyond MAX_NUMBER
_NESTED_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\{")  # "{:>{w}}": a width given as an argument of format()


class TemplateLimitReached(Exception):
    """The template did more work or wrote more than a document may."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class Budget:
    """What one render may still do."""

    def __init__(self) -> None:
        self.steps = 0
        self.output = 0
        self.started = time.monotonic()

    def step(self, count: int = 1) -> None:
        before = self.steps
        self.steps += count
        if self.steps > MAX_STEPS:
            raise TemplateLimitReached(f"het sjabloon doet te veel werk (meer dan {MAX_STEPS:,} stappen)"
                                       .replace(",", "."))
        if before // _CLOCK_EVERY != self.steps // _CLOCK_EVERY and \
                time.monotonic() - self.started > MAX_SECONDS:
            raise TemplateLimitReached(f"het sjabloon is na {int(MAX_SECONDS)} seconden nog niet klaar")

    def write(self, size: int) -> None:
        self.output += size
        self.step()
        if self.output > MAX_OUTPUT:
            raise TemplateLimitReached(f"het sjabloon schrijft te veel tekst (meer dan {MAX_OUTPUT:,} tekens)"
                                       .replace(",", "."))


class _NoBudget(Budget):
    """Outside a limited render (conditions, tests that render a template directly)."""

    def step(self, count: int = 1) -> None:
        return None

    def write(self, size: int) -> None:
        return None


_NO_BUDGET = _NoBudget()


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set)) else 0


def _check_size(value: Any) -> Any:
    if _size(value) > MAX_OUTPUT:
        raise TemplateLimitReached("het sjabloon maakt een te grote tekst of lijst")
    return value


def _check_numbers(args: Iterable[Any]) -> None:
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise TemplateLimitReached(f"het sjabloon gebruikt een te groot getal ({value}) voor een breedte, "
                                       "aantal of herhaling")


class _SizedConcat(CodeGenerator):
    """Jinja's code generator, but ``a ~ b`` (string concatenation) goes through the environment,
    which checks the size of the parts before they are joined: the sandbox intercepts ``+`` and
    ``*``, not ``~``, and five-fold ``~`` four times over makes 600 million characters.

    Jinja offers this hook (``Environment.code_generator_class``) but no public way to change
    one node; so this is Jinja's own ``visit_Concat`` with one call added, pinned by
    ``tests/test_template_limits.py`` and by the upper bound on Jinja in ``pyproject.toml``."""

    def visit_Concat(self, node: Any, frame: Any) -> None:
        self.write("environment.joined((")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("), context.eval_ctx)")


class LimitedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox, with every step counted against the budget of the current render."""

    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})
    code_generator_class = _SizedConcat

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        extensions = list(kwargs.pop("extensions", ())) + [LoopGuard]
        super().__init__(*args, extensions=extensions, **kwargs)
        self._local = threading.local()  # the budget of the render under way in each thread
        self.filters = {name: self._counted(function) for name, function in self.filters.items()}
        self.filters[_LOOP_FILTER] = self._loop

    @property
    def budget(self) -> Budget:
        return getattr(self._local, "budget", _NO_BUDGET)

    # --- counting ------------------------------------------------------------------

    def _loop(self, iterable: Any) -> Iterator[Any]:
        budget = self.budget
        for item in iterable:
            budget.step()
            yield item

    def _counted(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """A built-in filter (``center``, ``batch``, ``join``, …) that counts and checks its numbers."""
        name = getattr(function, "__name__", "")

        @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment marks
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.budget.step()
            if name in _SIZING_FILTERS:  # a width or count, not an amount someone typed
                _check_numbers(args[1:])
                _check_numbers(kwargs.values())
            if name == "do_join" and len(args) >= 2:  # (eval_ctx, value, separator): size it first
                items = list(args[1])
                separator = args[2] if len(args) > 2 else kwargs.get("d", "")
                _bounded_string_method(str(separator), "join")([str(i) for i in items])
                args = (args[0], items, *args[2:])
            elif name == "do_replace" and len(args) >= 4:  # (eval_ctx, s, old, new[, count])
                _bounded_string_method(str(args[1]), "replace")(str(args[2]), str(args[3]))
            return _check_size(function(*args, **kwargs))

        return counted

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's form
        __self.budget.step(_CALL_STEPS)
        if sum(_size(a) for a in args) > MAX_OUTPUT:
            raise TemplateLimitReached("het sjabloon maakt een te grote tekst of lijst")
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.step()
        if isinstance(obj, str) and attribute in ("format", "format_map", "center", "ljust", "rjust", "zfill",
                                                  "expandtabs", "replace", "join"):
            if _WIDE_FORMAT.search(obj):
                raise TemplateLimitReached("het sjabloon vraagt een te grote breedte in een tekst")
            if attribute in ("replace", "join"):
                return _bounded_string_method(obj, attribute)
            method = super().getattr(obj, attribute)
            if attribute in ("center", "ljust", "rjust", "zfill", "expandtabs") or _NESTED_WIDTH.search(obj):
                def sized(*args: Any, **kwargs: Any) -> Any:
                    _check_numbers(args)
                    _check_numbers(kwargs.values())
                    return method(*args, **kwargs)

                return sized
            return method
        return super().getattr(obj, attribute)

    def joined(self, parts: tuple[Any, ...], eval_ctx: Any) -> str:
        """``a ~ b ~ c``: the parts' size checked first, then joined as Jinja joins them."""
        from jinja2.runtime import markup_join, str_join

        self.budget.step(len(parts))
        if sum(_size(part) for part in parts) > MAX_OUTPUT:
            raise TemplateLimitReached("het sjabloon maakt een te grote tekst of lijst")
        return _check_size((markup_join if eval_ctx.autoescape else str_join)(parts))

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.step()
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.budget.step()
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if isinstance(times, int) and _size(text) * max(times, 0) > MAX_OUTPUT:
                    raise TemplateLimitReached("het sjabloon maakt een te grote tekst of lijst")
        elif operator == "**":
            if isinstance(right, (int, float)) and isinstance(left, (int, float)) and abs(left) > 1 and \
                    abs(right) * math.log2(abs(left)) > 4096:
                raise TemplateLimitReached("het sjabloon rekent met een te groot getal")
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise TemplateLimitReached("het sjabloon vraagt een te grote breedte in een tekst")
        elif operator == "+" and _size(left) + _size(right) > MAX_OUTPUT:
            raise TemplateLimitReached("het sjabloon maakt een te grote tekst of lijst")
        return super().call_binop(context, operator, left, right)

    # --- rendering -----------------------------------------------------------------

    def render_limited(self, template: Any, context: dict[str, Any]) -> str:
        """``template.render(context)``, stopped with :class:`TemplateLimitReached` at the limits."""
        budget = Budget()
        previous, self._local.budget = self.budget, budget
        try:
            parts = []
            for part in template.generate(context):
                budget.write(len(part))
                parts.append(part)
            return "".join(parts)
        except RecursionError:
            raise TemplateLimitReached("het sjabloon roept zichzelf te vaak aan") from None
        finally:
            self._local.budget = previous


def _bounded_string_method(text: str, name: str) -> Callable[..., Any]:
    """``str.replace`` and ``str.join`` with their result size worked out before it is made."""
    def replace(old: str, new: str, count: int = -1) -> str:
        times = text.count(old) if old else len(text) + 1
        if count >= 0:
            times = min(times, count)
        if len(text) + times * max(len(new) - len(old), 0) > MAX_OUTPUT:
            raise TemplateLimitReached("het sjabloon maakt een te grote tekst of lijst")
        return text.replace(old, new, count)

    def join(items: Iterable[Any]) -> str:
        items = list(items)
        if len(text) * len(items) + sum(_size(i) for i in items) > MAX_OUTPUT:
            raise TemplateLimitReached("het sjabloon maakt een te grote tekst of lijst")
        return text.join(items)

    return replace if name == "replace" else join


class LoopGuard(Extension):
    """Rewrite ``{% for x in EXPR … %}`` to ``{% for x in (EXPR)|_handreiking_loop … %}`` so
    every loop iteration counts (Jinja's own tokens, through its public extension API)."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        previous: Token | None = None
        state = "text"  # "text" → "target" (after {% for) → "iterable" (after 'in')
        depth = 0
        for token in stream:
            if state == "text":
                if token.type == "name" and token.value == "for" and previous is not None \
                        and previous.type == "block_begin":
                    state = "target"
            elif state == "target":
                if token.type == "name" and token.value == "in":
                    yield token
                    yield Token(token.lineno, "lparen", "(")
                    previous, state, depth = token, "iterable", 0
                    continue
            else:
                if token.type in ("lparen", "lbracket", "lbrace"):
                    depth += 1
                elif token.type in ("rparen", "rbracket", "rbrace"):
                    depth -= 1
                elif depth == 0 and (token.type == "block_end" or
                                     (token.type == "name" and token.value in ("if", "recursive"))):
                    yield Token(token.lineno, "rparen", ")")
                    yield Token(token.lineno, "pipe", "|")
                    yield Token(token.lineno, "name", _LOOP_FILTER)
                    state = "text"
            previous = token
            yield token

