"""Dutch values: one reading and one writing for the wizard, the files and the documents."""
from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handreiking.core.values import (
    count, format_amount, format_date, format_money, format_number, format_short_date, is_answered, is_number, join_dutch,
    normalize, parse_date, parse_number, parse_yes_no,
)


@pytest.mark.parametrize(("text", "number"), [
    ("12", 12), ("12,5", 12.5), ("12.5", 12.5), (" 1 500 ", 1500), ("-3", -3), (",5", 0.5), (7, 7), (2.5, 2.5),
])
def test_numbers_are_read_the_dutch_way(text, number):
    value = parse_number(text)
    assert value == number and type(value) is type(number)


@pytest.mark.parametrize(("text", "number"), [
    ("24.500", 24500), ("24.500,00", 24500), ("€ 24.500", 24500), ("€24.500,50", 24500.5), ("24,5", 24.5),
    ("1.250.000", 1250000), ("-1.500", -1500), ("24.500 euro", 24500), ("12,50", 12.5), ("0.500", 0.5),
    ("€ 24.500,-", 24500), ("€24.500,–", 24500), ("85%", 85), ("12,5 %", 12.5),  # as prices and shares are written
])
def test_a_point_between_thousands_is_dutch(text, number):
    """Issue 19: '24.500' typed as a budget amount is twenty-four thousand five hundred,
    not 24,5; a comma is the decimal mark. An editor's JSON Schema accepts the same text."""
    import re

    from handreiking.questionnaire.schema import DUTCH_NUMBER_PATTERN

    value = parse_number(text)
    assert value == number and type(value) is type(number)
    assert re.match(DUTCH_NUMBER_PATTERN, text)


@pytest.mark.parametrize(("number", "text"), [(24500, "24.500"), (24500.0, "24.500"), (12.5, "12,5"),
                                              (12400.75, "12.400,75"), (-15000, "-15.000"), (3, "3"),
                                              (2030, "2030"), (1250.5, "1250,5"), (1250000, "1.250.000")])
def test_a_number_is_repeated_with_points_between_thousands(number, text):
    assert format_amount(number) == text
    assert parse_number(text) == number  # and reads back as the same number


@given(st.integers(min_value=-10**12, max_value=10**12) | st.floats(
    min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 2)))
def test_every_number_the_wizard_repeats_reads_back_the_same(number):
    assert parse_number(format_amount(number)) == number
    assert parse_number(format_money(number)) == round(number, 2)


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e5", "%", "€", "1.2.3", "12.50.0", "twaalf", "", True,
                                  None, math.nan, math.inf, -math.inf,
                                  "2.4500", "24.5000"])  # a typo of 24.500 as likely as 2,45: asked again
def test_not_a_number_is_refused(text):
    assert parse_number(text) is None


def test_nan_and_infinity_are_not_numbers():
    assert not is_number(math.nan) and not is_number(math.inf) and not is_number(True)
    assert is_number(0) and is_number(-1.5)


@pytest.mark.parametrize(("text", "date"), [
    ("1-7-2027", dt.date(2027, 7, 1)), ("01/07/2027", dt.date(2027, 7, 1)), ("1.7.2027", dt.date(2027, 7, 1)),
    ("2027-07-01", dt.date(2027, 7, 1)), (dt.datetime(2027, 7, 1, 9, 30), dt.date(2027, 7, 1)),
    ("1 juli 2027", dt.date(2027, 7, 1)), ("15 December 2028", dt.date(2028, 12, 15)),
])
def test_dates_are_read_in_every_form_handreiking_writes(text, date):
    """Also as the wizard and the documents write a date (1 juli 2027): someone who copies it
    back into the wizard or a file got "geen geldige datum"."""
    assert parse_date(text) == date
    assert parse_date(format_date(date)) == date


@pytest.mark.parametrize("text", ["31-2-2027", "2027-13-01", "volgend jaar", "7-2027", 2027, None, "31 februari 2027",
                                  "1 jul 2027", "1 julij 2027"])
def test_impossible_dates_are_refused(text):
    assert parse_date(text) is None


def test_yes_and_no():
    assert [parse_yes_no(v) for v in ("ja", "Nee", " JA ", "true", True, False)] == [True, False, True, True, True,
                                                                                    False]
    assert parse_yes_no("misschien") is None and parse_yes_no(1) is None


def test_normalize_leaves_what_it_cannot_read_for_validation():
    assert normalize("janee", "ja") is True
    assert normalize("getal", "12,5") == 12.5
    assert normalize("datum", "1-7-2027") == dt.date(2027, 7, 1)
    assert normalize("getal", "veel") == "veel"
    assert normalize("tekst", "ja") == "ja"  # only typed questions change


def test_writing_dutch_values():
    assert format_date(dt.date(2027, 7, 1)) == "1 juli 2027"
    assert format_short_date(dt.date(2027, 7, 1)) == "1-7-2027"
    assert format_number(12.5) == "12,5" and format_number(85.0) == "85" and format_number(3) == "3"
    assert format_money(240000) == "€ 240.000" and format_money(1250.5) == "€ 1.250,50"
    assert join_dutch(["a", "b", "c"]) == "a, b en c" and join_dutch(["a", "b"], last="of") == "a of b"
    assert count(1, "fout", "fouten") == "1 fout" and count(0, "tip", "tips") == "0 tips"
    assert count(1.0, "week", "weken") == "1 week" and count(1.5, "week", "weken") == "1,5 weken"


@pytest.mark.parametrize(("typed", "mid_sentence"), [
    ("De stuurgroep en het college van B&W", "de stuurgroep en het college van B&W"),
    ("Het college", "het college"), ("Een werkgroep van de partners", "een werkgroep van de partners"),
    ("De Bolster", "De Bolster"),                        # a name: the next word has a capital
    ("Gemeenteraad Rivierenland", "Gemeenteraad Rivierenland"), ("De", "De"), ("de gemeenteraad", "de gemeenteraad"),
    ("Dewi en de stuurgroep", "Dewi en de stuurgroep"),  # not an article
])
def test_a_typed_answer_mid_sentence_loses_only_an_articles_capital(typed, mid_sentence):
    from handreiking.render.context import prose, typed_mid_sentence

    assert typed_mid_sentence(typed) == mid_sentence
    assert prose(typed) == mid_sentence  # the filter zin does the same


def test_open_answers():
    assert not any(is_answered(v) for v in (None, "", "   ", [], {}))
    assert all(is_answered(v) for v in (0, False, "x", [None], {"a": 1}))


@settings(deadline=None)
@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False).map(lambda x: round(x, 3)))
def test_no_number_the_wizard_writes_reads_back_as_a_point_between_thousands(number):
    """Whatever number the wizard or batch mode writes, the file reads back as that number,
    and never draws the thousands-separator report (1,125 is written 1.1250)."""
    from handreiking.plan.answers import to_yaml_value
    from handreiking.questionnaire.validation import check_value
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.core.values import three_decimals
    from handreiking.core.yamlio import dump_yaml, make_yaml

    text = dump_yaml({"bedrag": to_yaml_value(number)})
    read = make_yaml().load(text)["bedrag"]
    assert read == number and not three_decimals(read), text
    question = load_catalog().get("planvorming").question("extra_kosten_per_jaar")
    assert check_value(question, read) in (None, "het getal moet minstens 0 zijn")


@given(st.text(alphabet="0123456789.,-+ €euroEUR\u00a0x", max_size=20))
def test_any_typed_text_is_a_finite_number_or_refused(text):
    value = parse_number(text)
    assert value is None or is_number(value)
