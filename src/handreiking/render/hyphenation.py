"""Dutch syllable breaks for long words in table cells: pyphen's Dutch dictionary, read as
pyphen reads it, and Liang's algorithm as pyphen runs it.

pyphen reads its dictionary (16.000 patterns, one regular expression per line) the first time
it hyphenates a word: about a tenth of a whole render, for a file that is the same for every
plan. So the package's build hook reads the patterns once (``cli/build_compiled``) into
``handreiking/_compiled`` (see ``core/precompiled``), with the hash of the dictionary file it
read; they are used only when the dictionary pyphen has now is exactly that file, else the
file is read here as before. pyphen itself still tells where its dictionary is
(``pyphen.LANGUAGES``, its public table). The breaks are pyphen's own: the tests compare
every word with ``pyphen.Pyphen(lang="nl_NL").inserted``.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from handreiking.core import precompiled

LANGUAGE = "nl_NL"
PREPARED = "afbreken-nl.json"  # the build's file in handreiking/_compiled
LEFT = RIGHT = 2  # pyphen's defaults: at least two letters before the first and after the last break
_IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
_HEX = re.compile(r"\^{2}([0-9a-f]{2})")
_PARTS = re.compile(r"(\d?)(\D?)")


class Hyphenator:
    """Breaks from ``patterns``: letters → the offset of the first break value and the values
    (digits), as one string per pattern (``"0305"``: offset 0, values 3, 0, 5)."""

    def __init__(self, patterns: dict[str, str]) -> None:
        self.patterns = patterns
        self.longest = max(map(len, patterns), default=0)
        self._known: dict[str, list[int]] = {}

    def positions(self, word: str) -> list[int]:
        """Where ``word`` may break (pyphen's ``Pyphen.positions``)."""
        lower = word.lower()
        found = self._known.get(lower)
        if found is None:
            pointed = f".{lower}."
            values = [0] * (len(pointed) + 1)
            for start in range(len(pointed) - 1):
                for end in range(start + 1, min(start + self.longest, len(pointed)) + 1):
                    code = self.patterns.get(pointed[start:end])
                    if code is None:
                        continue
                    at = start + int(code[0])
                    for index, digit in enumerate(code[1:], at):
                        if index < len(values):
                            values[index] = max(values[index], int(digit))
            found = self._known[lower] = [index - 1 for index, value in enumerate(values) if value % 2]
        return [index for index in found if LEFT <= index <= len(word) - RIGHT]

    def inserted(self, word: str, hyphen: str) -> str:
        """``word`` with ``hyphen`` at every break (pyphen's ``Pyphen.inserted``)."""
        letters = list(word)
        for index in reversed(self.positions(word)):
            letters.insert(index, hyphen)
        return "".join(letters)


def parse_patterns(blob: bytes) -> dict[str, str] | None:
    """The patterns of a hyphenation dictionary (``hyph_*.dic``), read as pyphen reads them;
    None when it has breaks that change letters (``ck=k``), which this module does not do."""
    encoding = blob.split(b"\n", 1)[0].decode().strip()
    encoding = "cp1251" if encoding.lower() == "microsoft-cp1251" else encoding
    text = blob.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")  # as a file read as text
    patterns: dict[str, str] = {}
    for line in text.split("\n")[1:]:
        line = line.strip()
        if not line or line.startswith(_IGNORED):
            continue
        line = _HEX.sub(lambda m: chr(int(m.group(1), 16)), line)
        if "/" in line and "=" in line:
            return None
        tags, values = zip(*[(letters, int(digit or "0")) for digit, letters in _PARTS.findall(line)])
        if max(values) == 0:
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        patterns["".join(tags)] = str(start) + "".join(map(str, values[start:end]))
    return patterns


def dictionary() -> bytes:
    """The bytes of pyphen's Dutch dictionary: read where pyphen keeps it, without importing
    pyphen (which lists all its dictionaries through ``importlib.resources`` when imported,
    about a tenth of the import floor); anywhere else, through pyphen's public table."""
    spec = importlib.util.find_spec("pyphen")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            return (Path(folder) / "dictionaries" / f"hyph_{LANGUAGE}.dic").read_bytes()
        except OSError:
            continue
    import pyphen  # late: only a render with a long word in a table needs the dictionary

    return pyphen.LANGUAGES[LANGUAGE].read_bytes()


def prepared(blob: bytes) -> dict[str, object]:
    """What the build keeps: the dictionary's hash and its patterns."""
    patterns = parse_patterns(blob)
    if patterns is None:
        raise ValueError("the Dutch hyphenation dictionary changes letters at some breaks")
    return {"woordenboek": hashlib.sha256(blob).hexdigest(), "patronen": patterns}


@lru_cache(maxsize=1)
def dutch() -> Any:
    """The Dutch hyphenator, made once per process: the build's patterns when they were read
    from this very dictionary, else the dictionary read now; a dictionary with breaks that
    change letters is left to pyphen itself. Each has ``inserted(word, hyphen)``."""
    blob = dictionary()
    built = precompiled.prepared_data(PREPARED)
    if isinstance(built, dict) and built.get("woordenboek") == hashlib.sha256(blob).hexdigest() and \
            isinstance(built.get("patronen"), dict):
        return Hyphenator(built["patronen"])
    patterns = parse_patterns(blob)
    if patterns is None:
        import pyphen  # late: only a render with a long word in a table needs the dictionary

        return pyphen.Pyphen(lang=LANGUAGE)
    return Hyphenator(patterns)
