"""argparse in Dutch: the one place that reaches past argparse's public API.

Why this module exists: argparse has no public way to name its two default groups
("positional arguments", "options") or to word its error messages; it takes them from
gettext, which would mean shipping a translation catalogue for a handful of strings. So
the group titles are set on the parser's own ``_positionals``/``_optionals`` and the
English error texts are replaced word for word. And since those texts are worded here
from the English, argparse's own calls of gettext (``argparse._``, ``argparse.ngettext``)
are set to take each phrase as it is: gettext looks on disk for a catalogue on every call
(it remembers only catalogues it found), some thirty times for one ``--help``.
``tests/test_cli.py`` fails when an argparse release renames any of these, or words an
error this module does not know.
"""
from __future__ import annotations

import argparse

#: argparse's English error phrases and how a Dutch reader says them.
ERROR_PHRASES = {
    "the following arguments are required": "deze argumenten ontbreken",
    "unrecognized arguments": "onbekende argumenten",
    "invalid choice": "ongeldige keuze",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hooguit één waarde",
    "ambiguous option": "onduidelijke optie",
    "could match": "kan zijn",
    "not allowed with argument": "gaat niet samen met",
    "(choose from": "(kies uit",
    "invalid int value": "geen geheel getal",
}


def dutch_group_titles(parser: argparse.ArgumentParser) -> None:
    """Name the default groups of ``--help`` in Dutch."""
    parser._positionals.title = "Argumenten"
    parser._optionals.title = "Opties"


def dutch_error(message: str) -> str:
    """argparse's error message in Dutch."""
    for english, dutch in ERROR_PHRASES.items():
        message = message.replace(english, dutch)
    return message


def phrases_as_they_are() -> None:
    """Let argparse take its English phrases as they are, without asking gettext for a translation
    each time (the Dutch comes from ``dutch_group_titles`` and ``dutch_error``)."""
    argparse._ = _as_it_is  # type: ignore[attr-defined]
    argparse.ngettext = _singular_or_plural  # type: ignore[attr-defined]


def _as_it_is(message: str) -> str:
    return message


def _singular_or_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural
