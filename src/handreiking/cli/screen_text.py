"""Lines for a terminal: wrapped between words at its width.

Why this module exists: a terminal breaks a line that is too long anywhere, mid-word, and on
a projected screen in a workshop "Dat ge|ld hangt af" reads badly. On a terminal, the lines
``check`` and ``status`` print are wrapped between words, each continuation under the text
it continues: after a bullet ("- "), in the second column of a table row, or two places in.
Into a file or a pipe every line stays whole, for grep and other programs.
"""
from __future__ import annotations

import re
import sys

_LEAD = re.compile(r"( *)(- |\S.*?  +(?=\S))?")


def for_screen(text: str, *, err: bool = False) -> str:
    """``text`` as the terminal on stdout (``err``: stderr) shows it best; unchanged when that
    stream is no terminal."""
    stream = sys.stderr if err else sys.stdout
    try:
        on_terminal = stream.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    if not on_terminal:
        return text
    import os
    import textwrap

    try:  # as shutil.get_terminal_size, without the compression modules shutil loads
        columns = int(os.environ.get("COLUMNS") or 0) or os.get_terminal_size(stream.fileno()).columns
    except (ValueError, OSError):
        columns = 80
    width = max(40, columns - 1)
    lines = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        lead, head = _LEAD.match(line).groups()  # type: ignore[union-attr]
        hang = len(lead) + len(head) if head and len(lead) + len(head) <= width // 2 else len(lead) + 2
        lines += textwrap.wrap(line.strip(), width, initial_indent=lead, subsequent_indent=" " * hang,
                               break_long_words=False, break_on_hyphens=False) or [line]
    return "\n".join(lines)
