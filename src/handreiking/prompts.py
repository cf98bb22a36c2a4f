"""The only module that talks to questionary: one question → one prompt.

Every prompt offers the same ways out, so people in a workshop learn them
once: "Weet ik nog niet" (the question stays open), the longer explanation
from the guide, and back to the previous question. Prompts are asked with
``unsafe_ask()`` so Ctrl-C and end-of-input reach the wizard, which has
already saved every earlier answer and can say how to continue.
"""
from __future__ import annotations

import enum
from functools import lru_cache
from typing import Any, Callable, Sequence

from handreiking.questionnaire import OTHER_VALUE, Question
from handreiking.validation import check_value
from handreiking.values import format_short_date, format_value, parse_date, parse_number


class Action(enum.Enum):
    """What a person chose instead of an answer."""

    UNKNOWN = "weet ik nog niet"
    BACK = "vorige vraag"


_EXPLAIN = "__uitleg__"
_NONE = "__geen__"
_OTHER = "__anders__"
UNKNOWN_TITLE = "Weet ik nog niet (de vraag blijft open)"
EXPLAIN_TITLE = "Uitleg uit de handreiking lezen"
BACK_TITLE = "← Vorige vraag"


@lru_cache(maxsize=1)
def _style() -> Any:
    import questionary

    return questionary.Style([
        ("qmark", "fg:#0b6e4f bold"),
        ("question", "bold"),
        ("answer", "fg:#0b6e4f bold"),
        ("pointer", "fg:#0b6e4f bold"),
        ("highlighted", "fg:#0b6e4f bold"),
        ("selected", "fg:#0b6e4f"),
        ("instruction", "fg:#5a5a5a italic"),
    ])


def show(text: str = "", style: str = "") -> None:
    """Print through prompt_toolkit, so tests with a DummyOutput stay quiet.

    Lines are printed between prompts, never while one runs. prompt_toolkit's
    own ``print_formatted_text`` merges and parses its whole default style
    again for every line, which made showing a question's help text cost
    more than asking it; one merged style is kept instead.
    """
    from prompt_toolkit.application.current import get_app_session
    from prompt_toolkit.renderer import print_formatted_text

    output = get_app_session().output
    print_formatted_text(output, [(style, text + "\n")], _printing_style())
    output.flush()


@lru_cache(maxsize=1)
def _printing_style() -> Any:
    from prompt_toolkit.styles import default_ui_style, merge_styles

    return merge_styles([default_ui_style()])


def show_heading(text: str) -> None:
    show(text, "bold fg:#0b6e4f")


def show_help(text: str) -> None:
    if text:
        show(text, "fg:#5a5a5a")


# --- basic prompts (used by the wizard for menus too) ------------------------


@lru_cache(maxsize=1)
def _share_default_key_bindings() -> None:
    """Let every prompt share prompt_toolkit's default key bindings.

    Each questionary prompt is a new prompt_toolkit ``Application``, and each
    one builds its own copy of the roughly 700 default Emacs/Vi bindings and
    then warms its lookup caches again: a third of the time between pressing
    Enter and seeing the next question. The bindings hold no state of their
    own (their conditions ask the running application), so one shared copy
    behaves the same. Should a later prompt_toolkit no longer build them this
    way, nothing is changed.
    """
    from prompt_toolkit.application import application

    build = getattr(application, "load_key_bindings", None)
    if callable(build) and not hasattr(build, "cache_info"):
        application.load_key_bindings = lru_cache(maxsize=1)(build)


def select(message: str, choices: Sequence[tuple[str, Any, str]], default: Any = None,
           instruction: str | None = None) -> Any:
    """``choices`` are (title, value, description) triples; a value may be ``None``."""
    import questionary

    _share_default_key_bindings()

    # questionary replaces a Choice value of None by its title, so None travels as a marker
    items = [questionary.Choice(title=t, value=_NONE if v is None else v, description=d or None)
             for t, v, d in choices]
    values = [v for _, v, _ in choices]
    picked = questionary.select(
        message, choices=items, default=default if default is not None and default in values else None,
        style=_style(), instruction=instruction or "(pijltjes en Enter)", use_jk_keys=False,
    ).unsafe_ask()
    return None if picked == _NONE else picked


def confirm(message: str, default: bool = True) -> bool:
    """Ja/nee as a two-item menu: questionary's confirm only reacts to y/n, not to j."""
    return bool(select(message, [("Ja", True, ""), ("Nee", False, "")], default=bool(default)))


def text(message: str, default: str = "", validate: Callable[[str], str | None] | None = None,
         multiline: bool = False, instruction: str | None = None) -> str:
    import questionary

    _share_default_key_bindings()

    def _validate(value: str) -> bool | str:
        problem = validate(value) if validate else None
        return problem or True

    return questionary.text(message, default=default, validate=_validate, multiline=multiline,
                            style=_style(), instruction=instruction).unsafe_ask()


# --- one question ------------------------------------------------------------


def ask_question(question: Question, current: Any, *, allow_back: bool = True) -> Any:
    """Ask ``question`` with ``current`` as default; returns a value or an ``Action``."""
    asker = {
        "keuze": _ask_choice,
        "meerkeuze": _ask_multi,
        "janee": _ask_yes_no,
    }.get(question.kind, _ask_text)
    while True:
        result = asker(question, current, allow_back)
        if result == _EXPLAIN:
            show_help(question.explanation or question.help or "Voor deze vraag is geen extra uitleg.")
            continue
        return result


def _extra_choices(question: Question, allow_back: bool) -> list[tuple[str, Any, str]]:
    extra = [(UNKNOWN_TITLE, Action.UNKNOWN, "")]
    if question.explanation:
        extra.append((EXPLAIN_TITLE, _EXPLAIN, ""))
    if allow_back:
        extra.append((BACK_TITLE, Action.BACK, ""))
    return extra


def _ask_choice(question: Question, current: Any, allow_back: bool) -> Any:
    choices = [(c.label, c.value, c.help) for c in question.choices]
    if question.allow_other:
        choices.append(("Anders, namelijk …", _OTHER, ""))
    choices += _extra_choices(question, allow_back)
    default = _OTHER if isinstance(current, dict) else current
    if current is None and question.default is not None:
        default = question.default
    picked = select(question.text, choices, default=default)
    if picked == _OTHER:
        return _ask_other(question, current)
    return picked


def _ask_other(question: Question, current: Any) -> Any:
    previous = current.get(OTHER_VALUE, "") if isinstance(current, dict) else ""
    answer = text("Anders, namelijk:", default=str(previous),
                  instruction="(leeg laten = weet ik nog niet)").strip()
    return {OTHER_VALUE: answer} if answer else Action.UNKNOWN


def _ask_multi(question: Question, current: Any, allow_back: bool) -> Any:
    _share_default_key_bindings()
    import questionary

    current_list = current if isinstance(current, list) else (question.default or [])
    chosen = {v for v in current_list if isinstance(v, str)}
    other = next((v for v in current_list if isinstance(v, dict)), None)
    items = [questionary.Choice(title=c.label, value=c.value, description=c.help or None,
                                checked=c.value in chosen) for c in question.choices]
    if question.allow_other:
        items.append(questionary.Choice(title="Anders, namelijk …", value=_OTHER, checked=other is not None))
    items.append(questionary.Separator())
    if question.explanation:
        items.append(questionary.Choice(title=EXPLAIN_TITLE, value=_EXPLAIN))
    if allow_back:
        items.append(questionary.Choice(title=BACK_TITLE, value=Action.BACK))
    picked = questionary.checkbox(
        question.text, choices=items, style=_style(), use_jk_keys=False,
        instruction="(spatie = aan/uit, Enter = klaar; niets aangevinkt = weet ik nog niet)",
    ).unsafe_ask()
    if Action.BACK in picked:
        return Action.BACK
    if _EXPLAIN in picked:
        return _EXPLAIN
    values: list[Any] = [v for v in picked if v != _OTHER]
    if _OTHER in picked:
        extra = _ask_other(question, other)
        if isinstance(extra, dict):
            values.append(extra)
    if not values:
        return Action.UNKNOWN
    problem = check_value(question, values)
    if problem:
        show(f"  {problem}", "fg:#a61b1b")
        return _ask_multi(question, values, allow_back)
    return values


def _ask_yes_no(question: Question, current: Any, allow_back: bool) -> Any:
    choices = [("Ja", True, ""), ("Nee", False, "")] + _extra_choices(question, allow_back)
    default = current if isinstance(current, bool) else question.default
    return select(question.text, choices, default=default)


def _ask_text(question: Question, current: Any, allow_back: bool) -> Any:
    hints = []
    if question.kind == "lange_tekst":
        hints.append("Esc en dan Enter = klaar")
    if question.kind == "datum":
        hints.append("dag-maand-jaar")
    hints.append("leeg = weet ik nog niet")
    if question.explanation:
        hints.append("? = uitleg")
    if allow_back:
        hints.append("< = vorige vraag")
    default = current if current is not None else question.default
    default_text = _as_text(question, default)

    def validate(raw: str) -> str | None:
        stripped = raw.strip()
        if stripped == "<" and not allow_back:
            return "Dit is de eerste vraag; er is geen vorige vraag."
        if stripped in ("", "?", "<"):
            return None
        value = parse_input(question, stripped)
        if value is None:
            return "Dit is geen geldige datum; schrijf bijvoorbeeld 1-3-2026." if question.kind == "datum" \
                else "Dit is geen getal; schrijf bijvoorbeeld 12 of 12,5."
        return check_value(question, value)

    raw = text(question.text, default=default_text, validate=validate,
               multiline=question.kind == "lange_tekst", instruction=f"({' · '.join(hints)})").strip()
    if raw == "?":
        return _EXPLAIN
    if raw == "<" and allow_back:
        return Action.BACK
    if not raw:
        return Action.UNKNOWN
    return parse_input(question, raw)


def _as_text(question: Question, value: Any) -> str:
    if value is None:
        return ""
    if question.kind == "datum":
        return format_short_date(value)
    if question.kind == "getal":
        return format_value(value)
    return str(value)


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
    required = lambda v: None if v.strip() else "Dit veld is nodig."  # noqa: E731
    result = dict(values)
    result["titel"] = text("Titel van het plan:", default="Op weg naar inclusieve kinderopvang",
                           validate=required)
    result["gemeente"] = values.get("gemeente") or text("Gemeente of regio:")
    result["regisseur"] = values.get("regisseur") or text("Naam van de regisseur:")
    result["organisatie"] = values.get("organisatie") or text("Organisatie van de regisseur:")
    result["email"] = values.get("email") or text("E-mailadres van de regisseur:")
    return result
