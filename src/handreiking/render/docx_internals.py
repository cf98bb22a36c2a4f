"""python-docx's XML elements behind its objects: the one place that reaches past its public API.

Why this module exists: python-docx has no public way to get at the ``w:p``, ``w:r``,
``w:tbl`` or ``w:tc`` element behind a ``Paragraph``, ``Run``, ``Table`` or ``_Cell``
(or the root element of a part), and the Word files need a few things it does not offer:
bookmarks, fields, hyperlinks to bookmarks, section breaks, table header rows. Every
proxy object of python-docx 1.x keeps its element as ``_element``; this module is the
only reader of it. It also lists the files inside a Word file without zipping them
(:func:`package_members`), with python-docx's own content-types writer, because
``Document.save`` stamps the clock into the zip and the file would otherwise be zipped
twice. ``tests/test_docx_internals.py`` fails when a release drops either, and
``pyproject.toml`` bounds python-docx below the next minor release.
"""
from __future__ import annotations

from typing import Any


def xml_of(proxy: Any) -> Any:
    """The lxml element behind a python-docx object (paragraph, run, table, cell or part)."""
    return proxy._element


def package_members(document: Any) -> list[tuple[str, bytes]]:
    """The files of ``document``'s Word file, name and bytes, in the order and with the
    bytes that ``Document.save`` zips (python-docx's ``PackageWriter.write``): the
    content types, the package's relationships, then every part with its relationships."""
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI  # python-docx only where a DOCX is written
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    members = [(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob),
               (PACKAGE_URI.rels_uri.membername, package.rels.xml)]
    for part in parts:
        members.append((part.partname.membername, part.blob))
        if len(part.rels):
            members.append((part.partname.rels_uri.membername, part.rels.xml))
    return members
