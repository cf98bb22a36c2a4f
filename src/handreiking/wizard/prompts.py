"""The only module that turns questions into prompts: one question → one prompt.

Every prompt offers the same ways out, so people in a workshop learn them
once: "Nog geen antwoord" (the question stays open), ``?`` for the longer
explanation from the guide, and ``<`` back to the previous question. They
work the same in text, number, date, long-text, choice, checkbox and ja/nee
prompts. Ctrl-C and end-of-input reach the wizard as ``KeyboardInterrupt``
and ``EOFError``; it has saved every earlier answer and says how to continue.

The screens themselves (layout, wrapping, scrolling) are in ``prompt_screen``.
"""
from __future__ import annotations

import enum
from typing import Any, Callable, Sequence

from prompt_toolkit.document import Document

from handreiking.core.values import (
    email_problem,
    format_amount,
    format_quantity,
    format_short_date,
    format_value,
    impossible_date,
    impossible_date_message,
    parse_date,
    parse_number,
)
from handreiking.questionnaire.catalog import OTHER_VALUE, Question
from handreiking.questionnaire.validation import check_value, shortage, without_odd_characters
from handreiking.wizard.screen import (
    Context,
    ListItem,
    PromptScreen,
    explanation_keys,
    print_lines,
    run,
    stop_keys,
    terminal_size,
    text_prompt,
    wrap,
)

__all__ = ["Action", "Context", "ask_question", "select", "confirm", "text", "show", "show_heading",
           "show_help", "parse_input", "ask_plan_details"]


class Action(enum.Enum):
    """What a person chose instead of an answer."""

    UNKNOWN = "weet ik nog niet"
    BACK = "vorige vraag"


_EXPLAIN = "__uitleg__"
EXPLAIN_VALUE = _EXPLAIN  # a menu entry with this value opens the explanation, like ``?``
_OTHER = "__anders__"
UNKNOWN_TITLE = "Nog geen antwoord (de vraag blijft open)"
EXPLAIN_TITLE = "Uitleg uit de handreiking lezen"
BACK_TITLE = "← Vorige vraag"
NO_EXPLANATION = "Voor deze vraag is geen extra uitleg."
HELP_HINT = "? = uitleg"
BACK_HINT = "< = vorige vraag"


# --- lines between prompts ------------------------------------------------------------


def show(text: str = "", style: str = "") -> None:
    """Print text wrapped at word boundaries to the terminal width."""
    width = terminal_size()[0] - 1
    lines: list[str] = []
    for part in text.split("\n"):
        indent = part[: len(part) - len(part.lstrip())]
        lines += wrap(part, width, indent, indent + ("  " if part.lstrip().startswith(("- ", "• ")) else ""))\
            if part.strip() else [""]
    print_lines([(style, "\n".join(lines) + "\n")])


def show_heading(text: str) -> None:
    show(text, "class:heading")


def show_help(text: str) -> None:
    if text:
        show(text, "class:help")


def terminal_width() -> int:
    return terminal_size()[0] - 1


def record_answer(message: str, answer: str) -> None:
    """What stays on screen after a prompt: the question and the answer given."""
    width = terminal_size()[0] - 1
    question = wrap(message, width - 2, "✓ ", "  ")
    shown = wrap(" ".join(answer.split()) if "\n" not in answer else answer, width - 4, "  → ", "    ")
    if len(shown) > 3:
        shown = shown[:3]
        shown[-1] = shown[-1][: width - 1] + " …"
    print_lines([("class:question", "\n".join(question) + "\n"), ("class:answer", "\n".join(shown) + "\n")])


def _hints(*parts: str) -> str:
    """Key hints on one line; a narrow screen wraps between hints, never inside one."""
    return " · ".join(p for p in parts if p)


# --- basic prompts (used by the wizard for menus too) ------------------------


def select(message: str, choices: Sequence[tuple[str, Any, str]], default: Any = None,
           instruction: str | None = None, *, context: Context | None = None, explanation: str | None = None,
           allow_back: bool = False, record: bool = True) -> Any:
    """A list to pick one entry from; ``choices`` are (title, value, description) triples.

    An entry with the value ``_EXPLAIN`` opens the explanation like ``?`` does.
    ``<`` returns ``Action.BACK`` when ``allow_back``.
    """
    offered = explanation is not None and explanation != NO_EXPLANATION
    hints = instruction or _hints("pijltjes en Enter", HELP_HINT if offered else "",
                                  BACK_HINT if allow_back else "")
    screen = PromptScreen(message, context, hints, explanation=explanation or NO_EXPLANATION)
    items = [ListItem(t, v, d) for t, v, d in choices]
    start = 0 if default is None else next((i for i, item in enumerate(items) if _same(item.value, default)), 0)
    screen.set_list(items, start, checkbox=False, checked=set())
    _list_keys(screen, explanation is not None, allow_back)

    @screen.bindings.add("enter")
    def _(event: Any) -> None:
        picked = screen.items[screen.pointer].value
        if picked == _EXPLAIN:
            screen.toggle_explanation()
            screen.pointer = start
            return
        event.app.exit(result=picked)

    picked = run(screen)
    if record and picked is not Action.BACK:
        chosen = next((item.title for item in items if _same(item.value, picked)), "")
        record_answer(message, chosen)
    return picked


def _same(a: Any, b: Any) -> bool:
    return a is b or (type(a) is type(b) and a == b)


def _list_keys(screen: PromptScreen, explain: bool, allow_back: bool) -> None:
    stop_keys(screen, eof_only_when_empty=False)
    bindings = screen.bindings
    bindings.add("up")(lambda event: screen.move(-1))
    bindings.add("down")(lambda event: screen.move(1))
    bindings.add("c-p")(lambda event: screen.move(-1))
    bindings.add("c-n")(lambda event: screen.move(1))

    def jump(to: Callable[[int, int], int]) -> Callable[[Any], None]:
        def handler(event: Any) -> None:  # page and end keys stop at the ends, arrows wrap
            screen.error = ""
            screen.pointer = max(0, min(len(screen.items) - 1, to(screen.pointer, len(screen.items))))
        return handler

    bindings.add("pageup")(jump(lambda at, count: at - 8))
    bindings.add("pagedown")(jump(lambda at, count: at + 8))
    bindings.add("home")(jump(lambda at, count: 0))
    bindings.add("end")(jump(lambda at, count: count - 1))

    @bindings.add("?")
    def _(event: Any) -> None:
        if explain:
            screen.toggle_explanation()

    @bindings.add("<")
    def _(event: Any) -> None:
        if allow_back:
            event.app.exit(result=Action.BACK)
        elif explain:  # a question, the first one of a walk
            screen.error = "Hier is geen vorige vraag om naar terug te gaan."

    explanation_keys(screen)


def checkbox(message: str, items: Sequence[ListItem], checked: set[int], *, hints: str,
             context: Context | None, explanation: str | None, allow_back: bool,
             check: Callable[[list[Any]], str | None]) -> Any:
    """Tick any number of entries; returns the ticked values or ``Action.BACK``."""
    screen = PromptScreen(message, context, hints, explanation=explanation or NO_EXPLANATION)
    screen.set_list(items, 0, checkbox=True, checked=checked)
    _list_keys(screen, explanation is not None, allow_back)

    @screen.bindings.add(" ")
    def _(event: Any) -> None:
        screen.checked ^= {screen.pointer}
        screen.error = ""

    @screen.bindings.add("enter")
    def _(event: Any) -> None:
        values = [item.value for index, item in enumerate(screen.items) if index in screen.checked]
        problem = check(values)
        if problem:
            screen.error = problem
            return
        event.app.exit(result=values)

    picked = run(screen)
    if picked is not Action.BACK:
        titles = [item.title for index, item in enumerate(items) if item.value in picked]
        record_answer(message, ", ".join(titles) or "nog geen antwoord")
    return picked


def confirm(message: str, default: bool = True, *, context: Context | None = None) -> bool:
    """Ja/nee as a two-item menu, answered with the arrows and Enter."""
    return bool(select(message, [("Ja", True, ""), ("Nee", False, "")], default=bool(default), context=context))


def text(message: str, default: str = "", validate: Callable[[str], str | None] | None = None,
         multiline: bool = False, instruction: str | None = None, *, context: Context | None = None,
         explanation: str | None = None, allow_back: bool = False, record: bool = True) -> Any:
    """Typed text. ``?`` alone shows the explanation; ``<`` alone returns ``Action.BACK``.

    ``validate`` returns a Dutch problem or ``None``; the prompt stays until it is fine.
    """
    hints = instruction if instruction is not None else _hints(
        "Enter = nieuwe regel · Esc en dan Enter = klaar" if multiline else "Enter = klaar")
    screen = PromptScreen(message, context, hints, explanation=explanation or NO_EXPLANATION)
    buffer = screen.set_text(default, multiline)
    stop_keys(screen, eof_only_when_empty=True)

    def typed_after(raw: str) -> str:
        """What was typed: ``?`` or ``<`` alone, or right after an answer that is already there."""
        stripped, given = raw.strip(), default.strip()
        return stripped[len(given):].strip() if given and stripped.startswith(given) else stripped

    def submit(raw: str) -> Any:
        raw = without_odd_characters(raw)  # pasted from elsewhere: unseen on screen, refused in a file
        typed = typed_after(raw)
        if typed == "?" and explanation is not None:
            screen.toggle_explanation()
            buffer.set_document(Document(default, len(default)))
            return None
        if typed == "<" and explanation is not None:  # a question (not a plain text field)
            if allow_back:
                return Action.BACK
            screen.error = "Hier is geen vorige vraag om naar terug te gaan."
            return None
        problem = validate(raw) if validate else None
        screen.error = problem or ""
        return None if problem else raw

    buffer.on_text_changed += lambda _buffer: setattr(screen, "error", "")
    if multiline:
        text_prompt(screen, submit_keys=[("escape", "enter")], newline_keys=[("enter",)], on_submit=submit,
                    is_command=lambda raw: (raw.strip() if explanation is None else typed_after(raw)) in ("?", "<"))
    else:
        text_prompt(screen, submit_keys=[("enter",)], on_submit=submit)
    explanation_keys(screen)
    result = run(screen)
    if record and result is not Action.BACK:
        record_answer(message, result.strip() or "nog geen antwoord")
    return result


# --- one question ------------------------------------------------------------


def ask_question(question: Question, current: Any, *, allow_back: bool = True,
                 context: Context | None = None, check: Callable[[Any], str | None] | None = None,
                 may_be_empty: bool = True) -> Any:
    """Ask ``question`` with ``current`` as default; returns a value or an ``Action``.

    ``check`` judges a typed value against the other answers (a date before the one it may
    not precede): its Dutch problem keeps the prompt open, as a value that does not read does.
    Without ``may_be_empty`` (a text that must be there, such as the plan's title) the prompt
    does not offer an empty answer and ``check(None)`` says why it needs one."""
    if question.kind not in ("keuze", "meerkeuze", "janee"):
        return _ask_text(question, current, allow_back, context, check, may_be_empty)
    asker = {
        "keuze": _ask_choice,
        "meerkeuze": _ask_multi,
        "janee": _ask_yes_no,
    }[question.kind]
    return asker(question, current, allow_back, context)


def _help_hint(question: Question) -> str:
    """``?`` always answers, but is only offered where the guide has more to say."""
    return HELP_HINT if question.explanation else ""


def _explanation(question: Question) -> str:
    return question.explanation or NO_EXPLANATION


def _extra_choices(question: Question, allow_back: bool) -> list[tuple[str, Any, str]]:
    extra = [(UNKNOWN_TITLE, Action.UNKNOWN, "")]
    if question.explanation:
        extra.append((EXPLAIN_TITLE, _EXPLAIN, ""))
    if allow_back:
        extra.append((BACK_TITLE, Action.BACK, ""))
    return extra


def _ask_choice(question: Question, current: Any, allow_back: bool, context: Context | None) -> Any:
    choices = [(c.label, c.value, c.help) for c in question.choices]
    if question.allow_other:
        choices.append(("Anders, namelijk …", _OTHER, ""))
    choices += _extra_choices(question, allow_back)
    default = _OTHER if isinstance(current, dict) else current
    if current is None and question.default is not None:
        default = question.default
    picked = select(question.text, choices, default=default, context=context,
                    explanation=_explanation(question), allow_back=allow_back, record=False)
    if picked == _OTHER:
        return _ask_other(question, current, context)
    if picked is not Action.BACK:
        record_answer(question.text, next((t for t, v, _ in choices if _same(v, picked)), ""))
    return picked


def _ask_other(question: Question, current: Any, context: Context | None) -> Any:
    previous = current.get(OTHER_VALUE, "") if isinstance(current, dict) else ""
    answer = text(f"{question.text} Anders, namelijk:", default=str(previous), context=context,
                  instruction=_hints("Enter = klaar", "leeg = nog geen antwoord")).strip()
    return {OTHER_VALUE: answer} if answer else Action.UNKNOWN


def _ask_multi(question: Question, current: Any, allow_back: bool, context: Context | None) -> Any:
    current_list = current if isinstance(current, list) else (question.default or [])
    chosen = {v for v in current_list if isinstance(v, str)}
    other = next((v for v in current_list if isinstance(v, dict)), None)
    items = [ListItem(c.label, c.value, c.help) for c in question.choices]
    if question.allow_other:
        items.append(ListItem("Anders, namelijk …", _OTHER))
    checked = {i for i, item in enumerate(items) if item.value in chosen or (item.value == _OTHER and other)}
    hints = _hints("spatie = aan/uit", "Enter = klaar", "niets aangevinkt = nog geen antwoord",
                   _help_hint(question), BACK_HINT if allow_back else "")

    def check(values: list[Any]) -> str | None:
        plain = [v for v in values if v != _OTHER]
        if _OTHER in values:
            plain.append({OTHER_VALUE: "…"})
        return check_value(question, plain) if plain else None

    picked = checkbox(question.text, items, checked, hints=hints, context=context,
                      explanation=_explanation(question), allow_back=allow_back, check=check)
    if picked is Action.BACK:
        return Action.BACK
    values: list[Any] = [v for v in picked if v != _OTHER]
    if _OTHER in picked:
        extra = _ask_other(question, other, context)
        if isinstance(extra, dict):
            values.append(extra)
    short = shortage(question, values)
    if short and not confirm(f"U koos er {len(values)}; de handreiking vraagt er minstens {question.rules.min_items} "
                             f"({short}). Toch verder? Dat staat dan als open punt in de documenten.", default=True):
        return _ask_multi(question, values, allow_back, context)  # never blocked: only a second look
    return values or Action.UNKNOWN


def _ask_yes_no(question: Question, current: Any, allow_back: bool, context: Context | None) -> Any:
    choices = [("Ja", True, ""), ("Nee", False, "")] + _extra_choices(question, allow_back)
    default = current if isinstance(current, bool) else question.default
    picked = select(question.text, choices, default=default, context=context,
                    explanation=_explanation(question), allow_back=allow_back, record=False)
    if picked is not Action.BACK:
        record_answer(question.text, next((t for t, v, _ in choices if _same(v, picked)), ""))
    return picked


def _ask_text(question: Question, current: Any, allow_back: bool, context: Context | None,
              check: Callable[[Any], str | None] | None = None, may_be_empty: bool = True) -> Any:
    multiline = question.kind == "lange_tekst"
    hints = ["Enter = nieuwe regel · Esc en dan Enter = klaar" if multiline else "Enter = klaar"]
    if question.kind == "datum":
        hints.append("datum als dag-maand-jaar")
    suggestion = question.default if current is None and question.kind == "getal" else None
    if suggestion is not None:
        hints.append(f"voorstel van de handreiking: {format_value(suggestion)}")
    hints += ["leeg = nog geen antwoord" if may_be_empty else "", _help_hint(question)]
    if allow_back:
        hints.append(BACK_HINT)
    default = current if current is not None else (None if question.kind == "getal" else question.default)
    default_text = _as_text(question, default)

    def validate(raw: str) -> str | None:
        stripped = raw.strip()
        if not stripped:
            return None if may_be_empty or check is None else check(None)
        value = parse_input(question, stripped)
        impossible = impossible_date(stripped) if question.kind == "datum" else None
        if impossible is not None:
            message = impossible_date_message(impossible)
            return message[0].upper() + message[1:] + "."
        if value is None:
            if question.kind == "datum":
                return "Dit is geen geldige datum; schrijf bijvoorbeeld 1-3-2026."
            # a month or a year is a whole number: its own example, not an amount
            example = question.example or ("12" if question.rules.whole else "24.500 of 12,5")
            return f"Dit is geen getal; schrijf bijvoorbeeld {example}."
        return check_value(question, value) or (check(value) if check else None)

    raw = text(question.text, default=default_text, validate=validate, multiline=multiline,
               instruction=_hints(*hints), context=context, explanation=_explanation(question),
               allow_back=allow_back, record=False)
    if raw is Action.BACK:
        return raw
    raw = raw.strip()
    value = parse_input(question, raw) if raw else Action.UNKNOWN
    record_answer(question.text, _echo(question, value) if raw else "nog geen antwoord")
    return value


def _echo(question: Question, value: Any) -> str:
    """The answer as it was stored, the Dutch way: '€ 24.500', '24.500', '1-7-2027'."""
    if question.kind == "getal":
        return format_quantity(value, question.unit)
    if question.kind == "datum":
        return format_short_date(value)
    return str(value)


def _as_text(question: Question, value: Any) -> str:
    if value is None:
        return ""
    if question.kind == "datum":
        return format_short_date(value)
    if question.kind == "getal":  # '24.500', as typed: it reads back as the same number
        return format_amount(value)
    return str(value)


def typed_example(question: Question) -> str:
    """The questionnaire's example as a person types it here: a date as 31-12-2028 and an amount
    as 45.000 (the questionnaire may write them as a file stores them: 2028-12-31, 45000)."""
    example = question.example
    if question.kind == "datum" and example:
        parsed = parse_date(example)
        return format_short_date(parsed) if parsed is not None else example
    if question.kind == "getal" and example:
        number = parse_number(example)
        return format_amount(number) if number is not None else example
    return example


def parse_input(question: Question, raw: str) -> Any:
    """Typed text → answer value (Dutch number and date notation accepted)."""
    if question.kind == "getal":
        return parse_number(raw)
    if question.kind == "datum":
        return parse_date(raw)
    return raw


# --- init ------------------------------------------------------------------------


def ask_plan_details(values: dict[str, Any]) -> dict[str, Any]:
    """Ask the few facts ``handreiking init`` needs when no flags were given."""
    result = dict(values)
    # The suggestion is not typed in for the user: what they type would be added to it.
    suggestion = "Op weg naar inclusieve kinderopvang"
    typed = text("Titel van het plan:", instruction=_hints(f"Enter zonder tekst = {suggestion}"))
    result["titel"] = typed.strip() or suggestion
    result["gemeente"] = values.get("gemeente") or text("Gemeente of regio:")
    result["regisseur"] = values.get("regisseur") or text("Naam van de regisseur:")
    result["organisatie"] = values.get("organisatie") or text("Organisatie van de regisseur:")
    result["email"] = values.get("email") or text("E-mailadres van de regisseur:", validate=email_problem)
    return result
