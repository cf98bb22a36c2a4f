"""python-docx's XML elements behind its objects: the one place that reaches past its public API.

Why this module exists: python-docx has no public way to get at the ``w:p``, ``w:r``,
``w:tbl`` or ``w:tc`` element behind a ``Paragraph``, ``Run``, ``Table`` or ``_Cell``
(or the root element of a part), and the Word files need a few things it does not offer:
bookmarks, fields, hyperlinks to bookmarks, section breaks, table header rows. Every
proxy object of python-docx 1.x keeps its element as ``_element``; this module is the
only reader of it, ``tests/test_docx_internals.py`` fails when a release drops
it, and ``pyproject.toml`` bounds python-docx below the next minor release.
"""
from __future__ import annotations

from typing import Any


def xml_of(proxy: Any) -> Any:
    """The lxml element behind a python-docx object (paragraph, run, table, cell or part)."""
    return proxy._element
