"""Every question kind through ``prompts.ask_question`` with the real prompts.

Keys go through a prompt_toolkit pipe (see the ``keys`` fixtures in conftest);
nothing of the prompts is replaced.
"""
from __future__ import annotations

import datetime as dt

import pytest

from handreiking.wizard import prompts
from handreiking.wizard.prompts import Action
from dataclasses import replace

from handreiking.questionnaire.catalog import Choice, Question, Rules, load_catalog
from keys import BACKSPACE, CTRL_C, CTRL_D, DOWN, ENTER, ESC_ENTER, SPACE, UP

CATALOG = load_catalog()
VERTREKPUNT = CATALOG.get("vertrekpunt")
VISIE = CATALOG.get("visie")


def real(question_id: str) -> Question:
    question = VERTREKPUNT.question(question_id) or VISIE.question(question_id)
    assert question is not None, question_id
    return question


def ask(feeder, question: Question, current=None, *keys: str, allow_back: bool = True, then=None):
    """Type ``keys`` into the prompt for ``question``. With ``then=(text, keys)`` the
    second keys follow once ``text`` is on the screen (to see a validation message)."""
    feeder.send(*keys)
    if then is None:
        feeder.close()
    else:
        feeder.send_when_seen(*then)
    return prompts.ask_question(question, current, allow_back=allow_back)


EXPLAINED_TEXT = Question(id="wijk", text="In welke wijk?", kind="tekst", help="De wijk van de pilot.",
                          explanation="Kies de wijk waar de meeste gezinnen wachten.")


# --- tekst --------------------------------------------------------------------------


def test_text_typed_and_entered(keys):
    assert ask(keys, real("regisseur_naam"), None, "Fatima el Amrani", ENTER) == "Fatima el Amrani"


def test_text_surrounding_space_is_trimmed(keys):
    assert ask(keys, real("opdrachtgever"), None, "  Wethouder  ", ENTER) == "Wethouder"


def test_text_pasted_with_invisible_control_characters_keeps_only_what_shows(keys):
    """A paste from another program can carry a form feed or a colour code; nobody sees them, and
    an answer file refuses them, so the wizard leaves them out."""
    paste = "\x1b[200~Wet\x0chouder \x1b[31mJeugd\x1b[201~"
    assert ask(keys, real("opdrachtgever"), None, paste, ENTER) == "Wethouder Jeugd"


def test_text_empty_enter_means_unknown(keys):
    assert ask(keys, real("regisseur_naam"), None, ENTER) is Action.UNKNOWN


def test_text_current_answer_is_the_default(keys):
    assert ask(keys, real("regisseur_naam"), "Fatima", ENTER) == "Fatima"
    # and it can be edited like any text
    assert ask_again(keys, real("regisseur_naam"), "Fatima", BACKSPACE * 6, "Noor", ENTER) == "Noor"


def ask_again(feeder, question, current, *keys):
    """A second prompt in the same test, on a fresh pipe (the first one is closed)."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(keys))
        pipe.close()
        return prompts.ask_question(question, current)


def test_text_question_mark_shows_explanation_in_the_prompt(screen_keys):
    result = ask(screen_keys, EXPLAINED_TEXT, None, "?", ENTER,
                 then=("Uitleg uit de handreiking", "Rivierzicht" + ENTER))

    assert result == "Rivierzicht"
    assert "Kies de wijk waar de meeste gezinnen wachten." in screen_keys.screen


def test_question_mark_and_less_than_after_an_answer_already_there(screen_keys):
    result = ask(screen_keys, EXPLAINED_TEXT, "Rivierzicht", "?", ENTER,
                 then=("Uitleg uit de handreiking", "<" + ENTER))
    assert result is Action.BACK
    assert "Kies de wijk waar de meeste gezinnen wachten." in screen_keys.screen


def test_text_question_mark_without_explanation_says_so(screen_keys):
    question = Question(id="wijk", text="In welke wijk?", kind="tekst", help="De wijk van de pilot.")
    assert ask(screen_keys, question, None, "?", ENTER, then=("Uitleg uit", ENTER)) is Action.UNKNOWN
    assert prompts.NO_EXPLANATION in screen_keys.screen


def test_text_less_than_goes_back(keys):
    assert ask(keys, real("opdrachtgever"), "Wethouder", BACKSPACE * 9, "<", ENTER) is Action.BACK


def test_text_less_than_on_first_question_is_refused_not_saved(screen_keys):
    result = ask(screen_keys, real("regisseur_naam"), None, "<", ENTER, allow_back=False,
                 then=("geen vorige vraag", BACKSPACE + "Sam" + ENTER))

    assert result == "Sam"
    assert "geen vorige vraag" in screen_keys.screen


def test_text_hints_in_the_instruction(screen_keys):
    ask(screen_keys, EXPLAINED_TEXT, None, ENTER)
    screen = screen_keys.screen
    for hint in ("leeg = nog geen antwoord", "? = uitleg", "< = vorige vraag"):
        assert hint in screen


# --- getal and datum ------------------------------------------------------------------


def test_number_with_dutch_comma(keys):
    assert ask(keys, real("regisseur_uren"), None, "12,5", ENTER) == 12.5


def test_whole_number_stays_an_int(keys):
    result = ask(keys, real("regisseur_uren"), None, "12", ENTER)
    assert result == 12 and isinstance(result, int)


def test_number_current_value_shown_with_comma(keys):
    assert ask(keys, real("regisseur_uren"), 7.5, ENTER) == 7.5


def test_invalid_number_is_rejected_until_fixed(screen_keys):
    result = ask(screen_keys, real("regisseur_uren"), None, "twaalf", ENTER,
                 then=("Dit is geen getal", BACKSPACE * 6 + "12" + ENTER))

    assert result == 12
    assert "Dit is geen getal" in screen_keys.screen


def test_number_outside_limits_is_rejected(screen_keys):
    result = ask(screen_keys, real("regisseur_uren"), None, "50", ENTER,
                 then=("mag hoogstens 40", BACKSPACE * 2 + "40" + ENTER))

    assert result == 40
    assert "mag hoogstens 40" in screen_keys.screen


def test_date_dutch_notation(keys):
    assert ask(keys, real("datum_eerste_bijeenkomst"), None, "1-3-2026", ENTER) == dt.date(2026, 3, 1)


def test_date_iso_notation_and_current_default(keys):
    assert ask(keys, real("streefdatum_plan"), None, "2026-11-02", ENTER) == dt.date(2026, 11, 2)
    assert ask_again(keys, real("streefdatum_plan"), dt.date(2026, 11, 2), ENTER) == dt.date(2026, 11, 2)


def test_impossible_date_is_rejected(screen_keys):
    result = ask(screen_keys, real("streefdatum_plan"), None, "31-2-2026", ENTER,
                 then=("bestaat niet", BACKSPACE * 9 + "28-2-2026" + ENTER))

    assert result == dt.date(2026, 2, 28)
    assert "De datum 31-2-2026 bestaat niet; schrijf bijvoorbeeld 1-3-2026." in screen_keys.screen


# --- keuze ---------------------------------------------------------------------------


def test_choice_down_enter_picks_the_second(keys):
    assert ask(keys, real("regisseur_rol"), None, DOWN, ENTER) == "extern_ingehuurd"


def test_choice_current_answer_is_the_default(keys):
    assert ask(keys, real("regisseur_rol"), "medewerker_kinderopvang", ENTER) == "medewerker_kinderopvang"
    assert ask_again(keys, real("regisseur_rol"), "extern_ingehuurd", UP, ENTER) == "beleidsadviseur_gemeente"


def test_choice_questionnaire_default_when_unanswered(keys):
    question = Question(id="x", text="Hoe vaak?", kind="keuze", default="b",
                        choices=(Choice("a", "Vaak"), Choice("b", "Soms"), Choice("c", "Nooit")))
    assert ask(keys, question, None, DOWN, ENTER) == "c"


def test_choice_other_asks_for_the_text(keys):
    # beleidsadviseur, extern, medewerker, Anders
    assert ask(keys, real("regisseur_rol"), None, DOWN * 3, ENTER, "Kwartiermaker", ENTER) == {
        "anders": "Kwartiermaker"}


def test_choice_current_other_is_the_default_and_kept(keys):
    assert ask(keys, real("regisseur_rol"), {"anders": "Kwartiermaker"}, ENTER, ENTER) == {
        "anders": "Kwartiermaker"}


def test_choice_other_left_empty_means_unknown(keys):
    assert ask(keys, real("regisseur_rol"), None, DOWN * 3, ENTER, ENTER) is Action.UNKNOWN


def test_choice_unknown_entry(keys):
    assert ask(keys, real("regisseur_rol"), None, DOWN * 4, ENTER) is Action.UNKNOWN


def test_choice_explanation_entry_opens_it_and_the_pointer_goes_back(screen_keys):
    # choices, Anders, Weet ik nog niet, Uitleg, Vorige vraag
    result = ask(screen_keys, real("regisseur_rol"), None, DOWN * 5, ENTER,
                 then=("Uitleg uit de handreiking:", ENTER))

    assert result == "beleidsadviseur_gemeente"
    assert "boven de partijen staat" in " ".join(screen_keys.screen.split())


@pytest.mark.parametrize("question_id", ["regisseur_rol", "opdracht_gedragen", "regisseur_taken"])
def test_question_mark_key_opens_the_explanation_in_lists(screen_keys, question_id):
    question = real(question_id)
    result = ask(screen_keys, question, None, "?", then=("Uitleg uit de handreiking:", "<"))

    assert result is Action.BACK
    words = " ".join(screen_keys.screen.split())
    assert " ".join((question.explanation or prompts.NO_EXPLANATION).split())[:40] in words


@pytest.mark.parametrize("question_id", ["regisseur_rol", "opdracht_gedragen", "regisseur_taken"])
def test_less_than_key_goes_back_in_lists(keys, question_id):
    assert ask(keys, real(question_id), None, DOWN, "<") is Action.BACK


@pytest.mark.parametrize("question_id, typed", [("regisseur_uren", "<" + ENTER),
                                                ("streefdatum_plan", "<" + ENTER),
                                                ("mandaat", "<" + ENTER)])
def test_less_than_goes_back_in_number_date_and_long_text(keys, question_id, typed):
    assert ask(keys, real(question_id), None, typed) is Action.BACK


def test_less_than_on_the_first_question_of_a_list_is_refused(screen_keys):
    result = ask(screen_keys, real("regisseur_rol"), None, "<", allow_back=False,
                 then=("geen vorige vraag", ENTER))
    assert result == "beleidsadviseur_gemeente"


def test_choice_back(keys):
    assert ask(keys, real("regisseur_rol"), None, UP, ENTER) is Action.BACK  # wraps to the last entry


def test_choice_no_back_entry_on_the_first_question(keys):
    # without "Vorige vraag" the last entry is the explanation; UP wraps to it, then the first choice
    assert ask(keys, real("regisseur_rol"), None, UP, ENTER, ENTER, allow_back=False) == "beleidsadviseur_gemeente"


# --- meerkeuze -------------------------------------------------------------------------


def test_multi_space_toggles_enter_submits(keys):
    result = ask(keys, real("regisseur_taken"), None, SPACE, DOWN, DOWN, SPACE, ENTER)
    assert result == ["verbinden", "voortgang"]


def test_multi_nothing_checked_means_unknown(keys):
    assert ask(keys, real("regisseur_taken"), None, ENTER) is Action.UNKNOWN


def test_multi_current_answers_are_checked(keys):
    assert ask(keys, real("regisseur_taken"), ["bijeenkomsten"], ENTER) == ["bijeenkomsten"]
    # unchecking the only one leaves the question open
    assert ask_again(keys, real("regisseur_taken"), ["verbinden"], SPACE, ENTER) is Action.UNKNOWN


def test_multi_other_asks_for_the_text(keys):
    other = len(real("regisseur_taken").choices)
    result = ask(keys, real("regisseur_taken"), None, SPACE, DOWN * other, SPACE, ENTER, "Notuleren", ENTER)
    assert result == ["verbinden", {"anders": "Notuleren"}]


def test_multi_help_and_back_are_keys_not_checkboxes(screen_keys):
    question = real("oorzaken")  # has an explanation
    result = ask(screen_keys, question, None, SPACE, ENTER)

    assert result == [question.choices[0].value]
    screen = screen_keys.screen
    assert prompts.EXPLAIN_TITLE not in screen and "Vorige vraag" not in screen
    assert "? = uitleg" in screen and "< = vorige vraag" in screen


_TWO = Question(id="x", text="Welke twee?", kind="meerkeuze",
                choices=(Choice("a", "A"), Choice("b", "B"), Choice("c", "C")),
                rules=replace(Rules(), min_items=2))


def test_multi_below_the_minimum_is_said_and_a_second_look_offered(screen_keys):
    # one choice, Enter → "minstens 2 … Toch verder?" → Nee → the list again → add B
    result = ask(screen_keys, _TWO, None, SPACE, ENTER, then=("minstens", DOWN + ENTER + DOWN + SPACE + ENTER))
    assert result == ["a", "b"]
    assert "nog 1 van de 2 keuzes" in screen_keys.screen


def test_multi_below_the_minimum_never_blocks(screen_keys):
    result = ask(screen_keys, _TWO, None, SPACE, ENTER, then=("minstens", ENTER))  # Toch verder? Ja
    assert result == ["a"]


# --- janee ------------------------------------------------------------------------------


def test_yes_no(keys):
    assert ask(keys, real("opdracht_gedragen"), None, ENTER) is True
    assert ask_again(keys, real("opdracht_gedragen"), None, DOWN, ENTER) is False


def test_yes_no_current_false_is_the_default(keys):
    assert ask(keys, real("opdracht_gedragen"), False, ENTER) is False


def test_yes_no_unknown(keys):
    assert ask(keys, real("opdracht_gedragen"), None, DOWN * 2, ENTER) is Action.UNKNOWN


# --- lange_tekst --------------------------------------------------------------------------


def test_long_text_enter_adds_a_line_escape_enter_submits(keys):
    result = ask(keys, real("mandaat"), None, "Eerste regel", ENTER, "Tweede regel", ESC_ENTER)
    assert result == "Eerste regel\nTweede regel"


def test_long_text_empty_means_unknown(keys):
    assert ask(keys, real("mandaat"), None, ESC_ENTER) is Action.UNKNOWN


# --- ways out ---------------------------------------------------------------------------


@pytest.mark.parametrize("question_id", ["regisseur_naam", "regisseur_rol", "regisseur_taken", "mandaat"])
def test_ctrl_c_reaches_the_caller(keys, question_id):
    with pytest.raises(KeyboardInterrupt):
        ask(keys, real(question_id), None, CTRL_C)


def test_ctrl_d_on_empty_text_is_end_of_input(keys):
    with pytest.raises(EOFError):
        ask(keys, real("regisseur_naam"), None, CTRL_D)


def test_confirm_is_a_dutch_yes_no(keys):
    keys.send(ENTER, DOWN, ENTER, UP, ENTER)
    keys.close()
    assert prompts.confirm("Doorgaan?", default=True) is True
    assert prompts.confirm("Doorgaan?", default=True) is False
    assert prompts.confirm("Verwijderen?", default=False) is True


# --- what the screen shows ------------------------------------------------------------------


def test_a_number_suggestion_is_shown_not_filled_in(screen_keys):
    question = real("aandeel_niveau_1")
    assert question.default == 85
    assert ask(screen_keys, question, None, ENTER) is Action.UNKNOWN  # Enter does not adopt the guide's number
    assert "voorstel van de handreiking: 85" in screen_keys.screen


@pytest.mark.parametrize("width", [25, 30, 41, 77])
def test_word_wrap_of_an_editing_area_never_splits_a_word(width):
    from handreiking.wizard.screen import _pads

    line = "De regisseur werkt bij een kinderopvangorganisatie en de stuurgroep besluit over geld en middelen."
    pads = dict(_pads(line, width))
    shown = "".join(" " * pads.get(i, 0) + c for i, c in enumerate(line))
    rows = [shown[i:i + width] for i in range(0, len(shown), width)]  # as the window wraps at its width
    assert [w for row in rows for w in row.split()] == line.split()  # every word whole, on one row
    assert not any(row.startswith(" ") for row in rows), rows


def test_display_positions_map_back_to_the_text():
    from prompt_toolkit.layout.processors import TransformationInput

    from handreiking.wizard.screen import WordWrap

    line = "een twee drie vier vijf zes"
    ti = TransformationInput(buffer_control=None, document=None, lineno=0, source_to_display=lambda i: i,
                             fragments=[("", line)], width=10, height=5)
    result = WordWrap().apply_transformation(ti)
    shown = "".join(text for _, text in result.fragments)
    for index, char in enumerate(line):
        assert shown[result.source_to_display(index)] == char
        assert result.display_to_source(result.source_to_display(index)) == index


def test_hints_wrap_between_hints():
    from handreiking.wizard.screen import wrap_hints

    hints = "Enter = klaar · leeg = nog geen antwoord · ? = uitleg · < = vorige vraag"
    assert wrap_hints(hints, 40) == ["Enter = klaar · leeg = nog geen antwoord", "? = uitleg · < = vorige vraag"]


def test_page_and_end_keys_in_a_long_list(keys):
    question = real("regisseur_rol")  # 3 choices, Anders, nog geen antwoord, uitleg, vorige vraag
    assert ask(keys, question, None, "\x1b[6~", UP, UP, ENTER) is Action.UNKNOWN   # PgDn stops at the end
    assert ask_again(keys, question, None, "\x1b[F", "\x1b[H", ENTER) == question.choices[0].value  # End, Home


def test_init_asks_again_for_an_email_address_without_at_sign(screen_keys):
    """handreiking init: a typo that leaves out the @ is caught while the person is still there."""
    screen_keys.send(ENTER, "Gemeente Lindewaard", ENTER, "Fatima Zuiderveen", ENTER, "Gemeente Lindewaard", ENTER,
                     "fatima.zuiderveen.nl", ENTER)
    screen_keys.send_when_seen("het @-teken ontbreekt", BACKSPACE * 20 + "f.zuiderveen@lindewaard.nl" + ENTER)
    details = prompts.ask_plan_details({"titel": None, "gemeente": None, "regisseur": None, "organisatie": None,
                                        "email": None})
    assert details["email"] == "f.zuiderveen@lindewaard.nl"
    assert "'fatima.zuiderveen.nl' is geen e-mailadres: het @-teken ontbreekt." in screen_keys.screen


@pytest.mark.parametrize(("typed", "title"), [("Inclusieve opvang Duinstad", "Inclusieve opvang Duinstad"),
                                              ("", "Op weg naar inclusieve kinderopvang")])
def test_a_typed_plan_title_replaces_the_suggestion(keys, typed, title):
    """``init`` offered its suggested title typed in, and what a new user typed was added to it
    ("Op weg naar inclusieve kinderopvangInclusieve opvang Duinstad"). Now Enter alone takes it."""
    keys.send(typed, ENTER)
    keys.close()
    given = {"gemeente": "Gemeente Duinstad", "regisseur": "Sam", "organisatie": "Gemeente", "email": "sam@x.nl"}
    assert prompts.ask_plan_details(given)["titel"] == title
