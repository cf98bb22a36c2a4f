"""One YAML reading everywhere: the fast reader and the round-trip reader agree.

Commands that only read use libyaml with ruamel's YAML 1.2 rules; the wizard
reads and writes with ruamel. A value must not change type or meaning
depending on which command looked at the file.
"""
from __future__ import annotations

import datetime
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers import examples
from handreiking.core.yamlio import FAST_READ_ERRORS, make_yaml, parse_yaml_fast, read_yaml_fast


def plain(data):
    """ruamel's round-trip types as the plain types they stand for, with the type kept
    so that 1, 1.0, True and '1' stay different."""
    if isinstance(data, dict):
        return ("dict", tuple((plain(k), plain(v)) for k, v in data.items()))
    if isinstance(data, list):
        return ("list", tuple(plain(v) for v in data))
    if data is None or isinstance(data, bool):
        return (type(data).__name__, data)
    if isinstance(data, int):
        return ("int", int(data))
    if isinstance(data, float):
        return ("float", "nan" if math.isnan(data) else float(data))
    if isinstance(data, str):
        return ("str", str(data))
    if isinstance(data, datetime.datetime):
        return ("datetime", data.isoformat())
    if isinstance(data, datetime.date):
        return ("date", data.isoformat())
    return (type(data).__name__, repr(data))


def round_trip(text):
    import io

    return make_yaml().load(io.StringIO(text))


def fast(text):
    import yaml

    try:
        return parse_yaml_fast(text)
    except (yaml.YAMLError, *FAST_READ_ERRORS):
        return None  # the caller then reads the file round-trip: same result by construction


SCALAR_PIECES = st.sampled_from([
    "0", "1", "7", "8", "9", "_", "+", "-", ".", "e", "E", "x", "o", "b", "a", "F", ":", "0x", "0o", "0b",
    "inf", "Inf", "nan", "NaN", "~", "null", "Null", "true", "False", "yes", "no", "on", "off", "y", "n",
    "2026-01-12", " ", "T", "Z", "12:30:00",
])


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(SCALAR_PIECES, min_size=1, max_size=6).map("".join))
@example("0b101")
@example("+0x1F")
@example("0x_1F")
@example("-0o17")
@example("0o1_7")
@example("017")
@example("1_000")
@example("yes")
@example("no")
@example("on")
@example("1:20")
@example(".5")
@example("-.inf")
@example("1e3")
@example("2026-02-30")
def test_fast_and_round_trip_readers_give_the_same_value(scalar):
    """Every plain scalar both readers accept has the same value and type in both; what the
    round-trip reader refuses, the fast reader refuses too."""
    text = f"waarde: {scalar}\nlijst: [{scalar}]\n"
    try:
        expected = round_trip(text)
    except Exception:  # not YAML the round-trip reader accepts: the fast one must refuse it too
        assert fast(text) is None, scalar
        return
    got = fast(text)
    if got is not None:  # None: the fast reader gives up and the round-trip reader reads the file
        assert plain(got) == plain(expected), scalar


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12))
@example("\tVan")  # a tab ruamel refuses where libyaml allows it
@example("=")  # ruamel's 'value' tag
@example("! ")  # a non-specific tag: null for ruamel, text for libyaml
@example("!!str 1")
def test_any_text_reads_the_same_or_the_fast_reader_gives_way(scalar):
    text = f"waarde: {scalar}\n"
    try:
        expected = round_trip(text)
    except Exception:
        assert fast(text) is None, scalar
        return
    got = fast(text)
    if got is not None:
        assert plain(got) == plain(expected), scalar


@pytest.mark.parametrize("scalar, value", [
    ("0b101", 5), ("+0x1F", 31), ("0x_1F", 31), ("-0o17", -15), ("0o1_7", 15), ("017", 17),
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("1:20", "1:20"), ("true", True),
])
def test_yaml_1_2_everywhere(tmp_path, scalar, value):
    path = tmp_path / "antwoord.yaml"
    path.write_text(f"waarde: {scalar}\n", encoding="utf-8")
    assert read_yaml_fast(path)["waarde"] == value
    assert round_trip(path.read_text(encoding="utf-8"))["waarde"] == value


def test_definitions_are_read_as_yaml_1_2(tmp_path):
    """A questionnaire is read with the same rules as the answers: 'no' stays text."""
    from handreiking.core.yamlio import read_definition

    path = tmp_path / "lijst.yaml"
    path.write_text("keuzes:\n  - waarde: no\n  - waarde: on\n", encoding="utf-8")
    assert read_definition(path, what="de vragenlijst") == {"keuzes": [{"waarde": "no"}, {"waarde": "on"}]}


def test_the_shipped_definitions_take_the_fast_reader():
    """Conditions say "!=", which is text, not a tag: the questionnaires, advice rules and
    document list must not fall back to the slow round-trip reader (it took 0.4 s for the
    advice rules on every first run)."""
    from handreiking.core.resources import data_dir
    from handreiking.core.yamlio import parse_yaml_fast

    files = sorted(data_dir("questionnaires").glob("*.yaml")) + [data_dir("templates") / "documenten.yaml"]
    for path in files:
        parse_yaml_fast(path.read_text(encoding="utf-8"))  # raises when it gives way


@pytest.mark.parametrize("text, dutch", [
    ("visie:\n  kernwaarden: [respect]\n---\nvisie:\n  x: 1\n", "meer dan één YAML-document"),
    ("horizonjaar: " + "9" * 5000 + "\n", "een getal van duizenden cijfers"),
    ("kernwaarden:\n  - respect\nkernwaarden:\n  - x\n", "de sleutel 'kernwaarden' staat twee keer"),
    ("middelen:\n  - post: Coach\n     bedrag: 12000\n", "springt deze regel verder in"),
    ("a: &\n", "de YAML-opmaak klopt hier niet; kijk op deze regel"),
])
def test_a_broken_file_is_explained_in_dutch_only(tmp_path, text, dutch):
    """Whatever the YAML library says is English; the user reads Dutch, with the line."""
    import re

    from handreiking.core.errors import AnswerFileError
    from handreiking.core.yamlio import load_yaml

    path = tmp_path / "antwoorden.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswerFileError) as info:
        load_yaml(path)
    message = info.value.format_message()
    assert dutch in message, message
    assert not re.search(r"\b(found|expected|while|but|the|limit|scanning)\b", message.split(":", 1)[1]), message
