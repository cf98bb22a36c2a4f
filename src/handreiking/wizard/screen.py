"""The screen of one prompt, built on prompt_toolkit's public layout API.

A workshop projects the terminal, so every prompt is one small layout that
always fits the window: the position (*Fase 1 · … · vraag 3 van 41*), the
short help, the question, the key hints on their own line, and the answer
area. Text wraps at word boundaries to the current width (and follows a
resize, because heights and wrapping are worked out on every render). When
the window is too small, the answer area scrolls and the help shrinks; the
position line and the question stay.

One ``Application`` per terminal session is reused for every prompt, as
prompt_toolkit's own ``PromptSession`` does: building one means building its
~700 default key bindings again, a third of the time between Enter and the
next question. Only the layout and the bindings of the prompt change.
"""
from __future__ import annotations

import bisect
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Sequence

from prompt_toolkit.application import Application, get_app_session, run_in_terminal
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import DynamicKeyBindings, KeyBindings
from prompt_toolkit.layout import (
    BufferControl,
    ConditionalMargin,
    Dimension,
    DynamicContainer,
    FormattedTextControl,
    HSplit,
    Layout,
    ScrollbarMargin,
    ScrollOffsets,
    VSplit,
    Window,
)
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.styles import Style

STYLE_RULES = [
    ("heading", "bold fg:#0b6e4f"),
    ("help", "fg:#5a5a5a"),
    ("hints", "fg:#5a5a5a italic"),
    ("question", "bold"),
    ("answer", "fg:#0b6e4f bold"),
    ("pointer", "fg:#0b6e4f bold"),
    ("highlighted", "fg:#0b6e4f bold"),
    ("description", "fg:#5a5a5a italic"),
    ("error", "fg:#a61b1b bold"),
    ("warning", "fg:#8a4b00"),
    ("explanation", ""),
    ("explanation-title", "bold"),
]


@dataclass(frozen=True)
class Context:
    """What stands above a question: where we are, the short help, an example, a table."""

    heading: str = ""
    help: str = ""
    example: str = ""
    body: tuple[str, ...] = ()  # preformatted lines (a group's table), cut to the width
    notice: str = ""  # one remark under the position line ("Verder met stakeholder 3 …")


# --- wrapping ------------------------------------------------------------------


def wrap(text: str, width: int, indent: str = "", hanging: str = "") -> list[str]:
    """Word-wrapped lines; paragraphs (blank lines) and explicit line breaks are kept."""
    width = max(width, 10)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            if lines and lines[-1] != "":
                lines.append("")
            continue
        lines += textwrap.wrap(paragraph.strip(), width, initial_indent=indent,
                               subsequent_indent=hanging or indent, break_on_hyphens=False) or [""]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def wrap_hints(hints: str, width: int) -> list[str]:
    """Key hints (``a · b · c``) wrapped between hints, never inside one."""
    lines: list[str] = []
    for part in hints.split(" · ") if hints else []:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return [line for part in lines for line in (wrap(part, width) if len(part) > width else [part])]


def _pads(line: str, width: int) -> list[tuple[int, int]]:
    """Where a word-wrapped view of ``line`` needs padding: (source index, spaces before it).

    The window wraps at the last column; padding the rest of a row with spaces
    moves a word that does not fit to the next row, so the area wraps at words.
    """
    result: list[tuple[int, int]] = []
    col, i, n = 0, 0, len(line)
    while i < n:
        if line[i] == " ":
            col = 1 if col >= width else col + 1
            i += 1
            continue
        j = i
        while j < n and line[j] != " ":
            j += 1
        length = j - i
        # a word that ends on the last column, followed by a space, moves down too:
        # otherwise that space would start the next row
        limit = width - 1 if j < n else width
        if 0 < col < width and col + length > limit and length <= width:
            result.append((i, width - col))
            col = 0
        elif col >= width:
            col = 0
        col += length
        while col > width:
            col -= width
        i = j
    return result


class WordWrap(Processor):
    """Shows a buffer wrapped at word boundaries (the buffer's text is not changed)."""

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        text = "".join(fragment[1] for fragment in ti.fragments)
        pads = _pads(text, ti.width) if ti.width > 1 and len(text) > ti.width else []
        if not pads:
            return Transformation(ti.fragments)
        chars = [(fragment[0], c) for fragment in ti.fragments for c in fragment[1]]
        at = dict(pads)
        out: list[tuple[str, str]] = []
        for index, (style, char) in enumerate(chars):
            if index in at:
                out.append((style, " " * at[index]))
            out.append((style, char))
        starts = [k for k, _ in pads]
        totals, running = [], 0
        for _, count in pads:
            running += count
            totals.append(running)

        def to_display(i: int) -> int:
            k = bisect.bisect_right(starts, i)
            return i + (totals[k - 1] if k else 0)

        def to_source(d: int) -> int:
            offset = 0
            for start, count in pads:
                if d < start + offset:
                    break
                if d < start + offset + count:
                    return start
                offset += count
            return d - offset

        return Transformation(out, source_to_display=to_display, display_to_source=to_source)


def wrapped_height(text: str, width: int) -> int:
    """Rows a buffer takes in a window of ``width`` with ``WordWrap``."""
    rows = 0
    for line in text.split("\n"):
        shown = len(line) + sum(count for _, count in _pads(line, width))
        rows += max(1, -(-(shown + 1) // max(width, 1)))
    return rows


# --- the application ---------------------------------------------------------------


@dataclass
class _Current:
    """The prompt the shared application shows now."""

    container: Any = None
    bindings: Any = None


_CURRENT = _Current()
_APP: list[Application] = []
_NO_CURSOR_REPORT = ("Let op: deze terminal meldt niet waar de cursor staat. De wizard werkt gewoon; alleen "
                     "kan het scherm soms wat minder netjes worden opgebouwd.")
_TOLD: list[bool] = []  # the note above is said once per run


class _DutchApplication(Application):
    """prompt_toolkit's application, with its one sentence for the user in Dutch and said once.

    A terminal that does not answer prompt_toolkit's question where the cursor is (some
    consoles; a screen reader's terminal) would otherwise get an English warning at prompts.
    ``cpr_not_supported_callback`` is the application's public hook for exactly this."""

    def cpr_not_supported_callback(self) -> None:
        if _TOLD or not self.output.responds_to_cpr:
            return
        _TOLD.append(True)

        def in_terminal() -> None:  # wrapped between words: the terminal would break it mid-word
            self.output.write("\r\n".join(wrap(_NO_CURSOR_REPORT, self.output.get_size().columns - 1)) + "\r\n")
            self.output.flush()

        run_in_terminal(in_terminal)


@lru_cache(maxsize=1)
def style() -> Style:
    return Style(STYLE_RULES)


def application() -> Application:
    """The one application of the current terminal session (rebuilt when the session changes)."""
    session = get_app_session()
    if _APP and _APP[0].input is session.input and _APP[0].output is session.output:
        return _APP[0]
    app: Application = _DutchApplication(
        layout=Layout(DynamicContainer(lambda: _CURRENT.container or Window())),
        key_bindings=DynamicKeyBindings(lambda: _CURRENT.bindings),
        style=style(), full_screen=False, erase_when_done=True, mouse_support=False,
        include_default_pygments_style=False,
    )
    _APP[:] = [app]
    return app


def terminal_size() -> tuple[int, int]:
    size = get_app_session().output.get_size()
    return max(size.columns, 20), max(size.rows, 6)


def print_lines(fragments: list[tuple[str, str]]) -> None:
    """Print between prompts (never while one runs), with the prompts' own style."""
    application().print_text(fragments)


def run(screen: "PromptScreen") -> Any:
    app = application()
    _CURRENT.container, _CURRENT.bindings = screen.container, screen.bindings
    if screen.focus is not None:
        app.layout.focus(screen.focus)
    try:
        return app.run()
    finally:
        _CURRENT.container = _CURRENT.bindings = None


# --- one prompt's screen ---------------------------------------------------------------


@dataclass
class ListItem:
    title: str
    value: Any
    description: str = ""


class PromptScreen:
    """Header, help, question, hints, answer area, description and message of one prompt.

    The answer area is a list (``set_list``, for menus and checkboxes) or a
    text area (``set_text``); the caller adds the key bindings that end it.
    """

    def __init__(self, message: str, context: Context | None, hints: str, *, explanation: str = "") -> None:
        self.message = message
        self.context = context or Context()
        self.hints = hints
        self.explanation = explanation
        self.show_explanation = False
        self.explanation_top = 0  # the first line of the explanation on screen (PgDn / PgUp page it)
        self.error = ""
        self.bindings = KeyBindings()
        self.focus: Any = None
        self.items: list[ListItem] = []
        self.pointer = 0
        self.checked: set[int] = set()
        self.checkbox = False
        self.buffer: Buffer | None = None
        self.min_input_rows = 1
        self._answer_window: Any = None
        self._cached: tuple[Any, Any] | None = None
        self.container = self._build()

    # -- heights ---------------------------------------------------------------------

    def _texts(self, width: int) -> dict[str, list[str]]:
        ctx = self.context
        texts = {
            "heading": wrap(ctx.heading, width),
            "notice": wrap(ctx.notice, width),
            "help": wrap(ctx.help, width),
            "example": wrap(f"Bijvoorbeeld: {' '.join(ctx.example.split())}", width) if ctx.example else [],
            "body": [line if len(line) <= width else line[: width - 1] + "…" for line in ctx.body],
            "question": wrap(self.message, width),
            "hints": wrap_hints(self.hints, width),
            "explanation": (["Uitleg uit de handreiking:"] + wrap(self.explanation, width)
                            if self.show_explanation else []),
            "error": wrap(self.error, width, "  ", "  ") if self.error else [],
            "description": [],
        }
        if self.items:
            item = self.items[self.pointer]
            if item.description:
                texts["description"] = wrap(item.description, width, "  ", "  ")
        return texts

    def _input_rows(self, width: int) -> tuple[int, int]:
        if self.items:
            total = len(self._list_lines(width)[0])
            return min(total, 5), total
        assert self.buffer is not None
        rows = wrapped_height(self.buffer.text, width - 2)
        if self.min_input_rows > 1:
            return self.min_input_rows, min(max(rows + 1, 6), 14)
        return min(rows, 3), rows

    def _layout_for(self, width: int, rows: int) -> tuple[dict[str, list[str]], dict[str, int]]:
        texts = self._texts(width)
        input_min, input_pref = self._input_rows(width)
        budget = rows - 1  # one row of the last answer stays visible above
        heights: dict[str, int] = {}

        def give(name: str, wanted: int) -> None:
            nonlocal budget
            granted = max(0, min(wanted, budget))
            heights[name] = heights.get(name, 0) + granted
            budget -= granted

        give("heading", min(len(texts["heading"]), 2))
        give("question", len(texts["question"]))
        give("space", 1 if texts["heading"] else 0)
        give("notice", len(texts["notice"]))
        give("input", input_min)
        give("error", len(texts["error"]))
        give("hints", len(texts["hints"]))
        give("description", len(texts["description"]))
        give("explanation", len(texts["explanation"]))
        give("body", min(len(texts["body"]), max(3, budget // 2)))
        give("help", len(texts["help"]))
        give("example", len(texts["example"]))
        give("input", input_pref - input_min)
        give("body", len(texts["body"]) - heights["body"])
        return texts, heights

    def layout(self) -> tuple[dict[str, list[str]], dict[str, int]]:
        cols, rows = terminal_size()
        key = (cols, rows, self.show_explanation, self.error, self.pointer,
               self.buffer.text if self.buffer else None)
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, self._layout_for(cols - 1, rows))
        return self._cached[1]

    # -- windows -----------------------------------------------------------------------

    def _text_window(self, name: str, style: str) -> Window:
        def fragments() -> list[tuple[str, str]]:
            texts, heights = self.layout()
            lines = texts[name][: heights[name]]
            if name == "explanation" and lines:
                return self._explanation_fragments(texts[name][0], style)
            if name == "body" and heights[name] < len(texts[name]) and lines:
                lines = lines[:-1] + [f"… en nog {len(texts[name]) - len(lines) + 1} rijen"]
            return [(f"class:{style}", "\n".join(lines))]

        return Window(FormattedTextControl(fragments), height=lambda: Dimension.exact(self.layout()[1][name]),
                      dont_extend_height=True)

    def _build(self) -> HSplit:
        return HSplit([
            Window(height=lambda: Dimension.exact(self.layout()[1]["space"])),
            self._text_window("heading", "heading"),
            self._text_window("notice", "warning"),
            self._text_window("help", "help"),
            self._text_window("example", "help"),
            self._text_window("body", ""),
            self._text_window("explanation", "explanation"),
            self._text_window("question", "question"),
            self._text_window("hints", "hints"),
            DynamicContainer(lambda: self._answer_window or Window(height=0)),
            self._text_window("description", "description"),
            self._text_window("error", "error"),
        ])

    # -- the explanation, paged when it does not fit ------------------------------------

    def _explanation_page(self) -> tuple[list[str], int, int]:
        """(body lines, rows for them, first line shown): the title and, when the text does
        not fit, a line that says more follows take one row each."""
        texts, heights = self.layout()
        body = texts["explanation"][1:]
        rows = heights["explanation"] - 1
        if len(body) <= rows:
            return body, rows, 0
        rows = max(rows - 1, 1)
        top = max(0, min(self.explanation_top, len(body) - rows))
        return body, rows, top

    def _explanation_fragments(self, title: str, style: str) -> list[tuple[str, str]]:
        body, rows, top = self._explanation_page()
        if len(body) <= rows:
            return [("class:explanation-title", title + "\n"), (f"class:{style}", "\n".join(body))]
        if top:
            title = title.rstrip(":") + f" (vervolg, regel {top + 1} van {len(body)}; PgUp = terug):"
        shown = body[top: top + rows]
        more = len(body) - top - rows
        mark = f"▼ meer (PgDn): nog {more} {'regel' if more == 1 else 'regels'}" if more > 0 else "▲ einde (PgUp = terug)"
        return [("class:explanation-title", title + "\n"), (f"class:{style}", "\n".join(shown) + "\n"),
                ("class:explanation-title", mark)]

    def explanation_scrolls(self) -> bool:
        """The explanation is open and longer than the rows it has."""
        if not self.show_explanation:
            return False
        body, rows, _ = self._explanation_page()
        return len(body) > rows

    def page_explanation(self, step: int) -> None:
        """One page of the explanation further (``step`` 1) or back (-1), with one line of overlap."""
        body, rows, top = self._explanation_page()
        self.explanation_top = max(0, min(top + step * max(rows - 1, 1), len(body) - rows))

    def toggle_explanation(self) -> None:
        self.show_explanation = not self.show_explanation
        self.explanation_top = 0

    # -- a list ------------------------------------------------------------------------

    def set_list(self, items: Sequence[ListItem], pointer: int, checkbox: bool, checked: set[int]) -> None:
        self.items = list(items)
        self.pointer = pointer
        self.checkbox = checkbox
        self.checked = set(checked)
        control = FormattedTextControl(self._list_fragments, focusable=True, show_cursor=False)
        self._answer_window = Window(
            control, height=lambda: Dimension.exact(self.layout()[1]["input"]),
            right_margins=[ConditionalMargin(ScrollbarMargin(display_arrows=True), Condition(self._list_scrolls))],
            scroll_offsets=ScrollOffsets(top=1, bottom=1),
            dont_extend_height=True,
        )
        self.focus = self._answer_window

    def _list_scrolls(self) -> bool:
        texts, heights = self.layout()
        return heights["input"] < self._input_rows(terminal_size()[0] - 1)[1]

    def _list_lines(self, width: int) -> tuple[list[list[tuple[str, str]]], int]:
        lines: list[list[tuple[str, str]]] = []
        cursor_line = 0
        text_width = width - 2  # the scrollbar
        for index, item in enumerate(self.items):
            here = index == self.pointer
            pointer = "❯ " if here else "  "
            box = ("[x] " if index in self.checked else "[ ] ") if self.checkbox else ""
            prefix = pointer + box
            wrapped = wrap(item.title, text_width - len(prefix), "", "  ") or [""]
            style = "class:highlighted" if here else ""
            if here:
                cursor_line = len(lines)
            for number, part in enumerate(wrapped):
                lead = ("class:pointer", prefix) if number == 0 else ("", " " * len(prefix))
                lines.append([lead, (style, part)])
        return lines, cursor_line

    def _list_fragments(self) -> list[tuple[str, str]]:
        cols, _ = terminal_size()
        lines, cursor_line = self._list_lines(cols - 1)
        out: list[tuple[str, str]] = []
        for number, line in enumerate(lines):
            if number == cursor_line:
                out.append(("[SetCursorPosition]", ""))
            out += line
            if number < len(lines) - 1:
                out.append(("", "\n"))
        return out

    def move(self, step: int) -> None:
        """Move the pointer, wrapping around at either end."""
        self.error = ""
        self.pointer = (self.pointer + step) % len(self.items)

    # -- a text area ---------------------------------------------------------------------

    def set_text(self, default: str, multiline: bool) -> Buffer:
        self.buffer = Buffer(document=Document(default, len(default)), multiline=multiline)
        self.min_input_rows = 4 if multiline else 1
        control = BufferControl(self.buffer, input_processors=[WordWrap()])
        area = Window(control, height=lambda: Dimension.exact(self.layout()[1]["input"]), wrap_lines=True,
                      dont_extend_height=True)
        marker = Window(FormattedTextControl([("class:pointer", "› ")]), width=2, dont_extend_width=True)
        self._answer_window = VSplit([marker, area])
        self.focus = area
        return self.buffer


def text_prompt(screen: PromptScreen, *, submit_keys: Sequence[Sequence[str]], on_submit: Callable[[str], Any],
                newline_keys: Sequence[Sequence[str]] = (),
                is_command: Callable[[str], bool] = lambda text: text.strip() in ("?", "<")) -> None:
    """Bind the keys of a text prompt: ``on_submit`` returns a result, or ``None`` to stay.
    In a multi-line area Enter makes a new line, except after a command (``is_command``:
    ``?`` or ``<`` typed alone, or after an answer already there), which it submits."""
    assert screen.buffer is not None
    buffer = screen.buffer

    def submit(event: Any) -> None:
        outcome = on_submit(buffer.text)
        if outcome is not None:
            event.app.exit(result=outcome)

    for keys in submit_keys:
        screen.bindings.add(*keys)(submit)
    for keys in newline_keys:
        @screen.bindings.add(*keys)
        def _(event: Any) -> None:
            if is_command(buffer.text):
                submit(event)
            else:
                buffer.newline(copy_margin=False)


def explanation_keys(screen: PromptScreen) -> None:
    """PgDn and PgUp page an explanation that does not fit (bind these last: while the
    explanation scrolls they come before a list's own page keys)."""
    scrolls = Condition(screen.explanation_scrolls)
    screen.bindings.add("pagedown", filter=scrolls)(lambda event: screen.page_explanation(1))
    screen.bindings.add("pageup", filter=scrolls)(lambda event: screen.page_explanation(-1))


def stop_keys(screen: PromptScreen, *, eof_only_when_empty: bool) -> None:
    @screen.bindings.add("c-c", eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt)

    @screen.bindings.add("c-d", eager=True)
    def _(event: Any) -> None:
        if not eof_only_when_empty or screen.buffer is None or not screen.buffer.text:
            event.app.exit(exception=EOFError)
        elif screen.buffer is not None:
            screen.buffer.delete()
