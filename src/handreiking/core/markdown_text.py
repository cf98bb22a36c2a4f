"""Answers stay text in a Markdown document: escaping what Markdown would read as structure.

Every answer in every document passes ``escape_markdown`` (through the template context's
``finalize``), and so do answers quoted in the change log and in the pictures' labels: one
place decides what an answer may never become (a heading, a code block, a link, a list).
"""
from __future__ import annotations

import re

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|>])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+-])|(\d+)([.)]))", re.MULTILINE)
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_EQUALS_LINE = re.compile(r"^=(?==*[ \t]*$)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would interpret, so answers stay literal: text,
    never structure (every answer in every document passes here, through ``finalize``).

    Only characters python-markdown can escape are escaped; at a line start,
    a number followed by '.' or ')' keeps its digits and escapes the mark.
    Indentation at a line start is dropped (four spaces or a tab would make a code
    block; in a paragraph Markdown drops it anyway; the text's own start keeps one
    space, as it may follow other text on its line), and a line of only '=' under a
    line of text (a heading by underline) starts with ``&#61;``, which the parse turns
    back into '=' as text ('=' has no backslash escape).
    """
    text = _INDENT.sub(lambda m: " " if m.start() == 0 else "", text)  # " uur" keeps its one space
    text = _EQUALS_LINE.sub("&#61;", text)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)

    def line_start(match: re.Match[str]) -> str:
        if match.group(2):
            return f"{match.group(1)}\\{match.group(2)}"
        return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"

    return _LINE_START.sub(line_start, text)
