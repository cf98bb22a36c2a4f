"""Dutch hyphenation: pyphen's breaks exactly, from the build's patterns or from the dictionary."""
from __future__ import annotations

import hashlib
import json
import re

import jinja2
import pyphen
import pytest
from helpers import EXAMPLE, REPO, examples
from hypothesis import given, settings
from hypothesis import strategies as st

from handreiking.core import precompiled
from handreiking.render import hyphenation

PYPHEN = pyphen.Pyphen(lang="nl_NL")
OURS = hyphenation.Hyphenator(hyphenation.parse_patterns(hyphenation.dictionary()))


def _words() -> list[str]:
    """Every word of the example's answers, the templates and the questionnaires."""
    files = [*EXAMPLE.rglob("*.yaml"), *(REPO / "templates").iterdir(), *(REPO / "questionnaires").glob("*.yaml")]
    return sorted({w for path in files if path.is_file()
                   for w in re.findall(r"[^\W\d_]{2,}", path.read_text(encoding="utf-8"))})


def test_every_word_of_the_example_breaks_where_pyphen_breaks_it():
    words = _words()
    assert len(words) > 3000
    assert [OURS.inserted(w, "\u00ad") for w in words] == [PYPHEN.inserted(w, hyphen="\u00ad") for w in words]
    assert OURS.inserted("samenwerkingsverband", "-") == "sa-men-wer-kings-ver-band"


@settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéëïöüèàçABCDEIJKLMNOPSTUVZ'-ĳß", min_size=1, max_size=40))
def test_any_word_breaks_where_pyphen_breaks_it(word):
    assert OURS.inserted(word, "=") == PYPHEN.inserted(word, hyphen="=")


@pytest.fixture
def build_in(tmp_path, monkeypatch):
    """``build_in(files)``: a build folder holding ``files`` (name → text) besides its manifest,
    used from now on; the process forgets the hyphenator before and after."""
    def use(files: dict[str, str]):
        (tmp_path / precompiled.MANIFEST).write_text(json.dumps({"formaat": precompiled.FORMAT,
                                                                 "jinja2": jinja2.__version__}), encoding="utf-8")
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        monkeypatch.setattr(precompiled, "FOLDER", tmp_path)
        precompiled._manifest.cache_clear()
        hyphenation.dutch.cache_clear()

    yield use
    monkeypatch.undo()
    precompiled._manifest.cache_clear()
    hyphenation.dutch.cache_clear()


def test_the_build_s_patterns_are_used_for_the_dictionary_they_were_read_from(build_in, monkeypatch):
    blob = hyphenation.dictionary()
    kept = hyphenation.prepared(blob)
    assert kept["woordenboek"] == hashlib.sha256(blob).hexdigest()
    assert kept["patronen"] == hyphenation.parse_patterns(blob)
    build_in({hyphenation.PREPARED: json.dumps(kept)})
    parse = hyphenation.parse_patterns
    parsed: list[bytes] = []
    monkeypatch.setattr(hyphenation, "parse_patterns", lambda b: parsed.append(b) or parse(b))
    assert hyphenation.dutch().patterns == kept["patronen"] and parsed == []
    # a build read from another dictionary (pyphen updated since): the dictionary is read now
    build_in({hyphenation.PREPARED: json.dumps({"woordenboek": hashlib.sha256(b"ander").hexdigest(),
                                                "patronen": {"ab": "01"}})})
    assert hyphenation.dutch().patterns == kept["patronen"] and parsed == [blob]


@pytest.mark.parametrize("damage", [None, "{niet json", '{"woordenboek": 1}'])
def test_without_a_usable_build_the_dictionary_is_read(build_in, damage):
    build_in({} if damage is None else {hyphenation.PREPARED: damage})
    assert hyphenation.dutch().inserted("kinderopvangorganisatie", "-") == \
        PYPHEN.inserted("kinderopvangorganisatie", hyphen="-")


def test_a_dictionary_with_breaks_that_change_letters_is_left_to_pyphen():
    assert hyphenation.parse_patterns(b"UTF-8\n1c/k=k,1,1\n") is None
    assert hyphenation.parse_patterns(b"UTF-8\n% comment\n.a4\nb1c\n") == {".a": "24", "bc": "11"}


def test_the_dictionary_is_the_one_pyphen_uses():
    # read where pyphen keeps it without importing pyphen; this fails when pyphen moves it
    # (the render then takes it through pyphen.LANGUAGES, only slower)
    import importlib.util
    from pathlib import Path

    folder = Path(importlib.util.find_spec("pyphen").submodule_search_locations[0])
    assert (folder / "dictionaries" / "hyph_nl_NL.dic").read_bytes() == pyphen.LANGUAGES["nl_NL"].read_bytes()
    assert hyphenation.dictionary() == pyphen.LANGUAGES["nl_NL"].read_bytes()
