"""Dutch values: what counts as answered, and how dates, numbers, yes/no and lists
are read and written.

The wizard, the answer files, validation and the documents must agree on every
value: what a person may type in the wizard (``ja``, ``1-7-2027``, ``12,5``) a
hand-edited file may hold too, and the documents print it the Dutch way. So the
reading and the writing live here, once, with no knowledge of questions beyond
their ``kind``. Not-a-number and infinity are never numbers: a plan holds
counts, percentages and amounts.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

#: The answer key under which a choice question keeps a text of its own ("anders: …").
OTHER_VALUE = "anders"

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")

_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$")
YES_WORDS = ("ja", "j", "true", "waar")
NO_WORDS = ("nee", "n", "false", "onwaar")


# --- answered or open -----------------------------------------------------------


def is_answered(value: Any) -> bool:
    """``None`` (and an empty list or text) means the question is still open."""
    if value is None:
        return False
    if isinstance(value, (str, list, dict)) and not value:
        return False
    if isinstance(value, str) and not value.strip():
        return False
    return True


# --- reading ----------------------------------------------------------------


def parse_date(value: Any) -> dt.date | None:
    """A date from a date, ``2027-07-01`` or the Dutch ``1-7-2027`` (also with / or .)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _DUTCH_DATE.match(text)
    try:
        if match:
            day, month, year = map(int, match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def impossible_date(value: Any) -> str | None:
    """The text of a date that is written correctly but does not exist (``31-2-2026``), else None.

    Such a date is no typo of form: the person needs to hear that the day is not in the
    calendar, not that a date was expected. The wizard, batch mode and the checks of the
    answer files say it the same way (see :func:`impossible_date_message`).
    """
    if not isinstance(value, str) or parse_date(value) is not None:
        return None
    text = value.strip()
    return text if _DUTCH_DATE.match(text) or _ISO_DATE.match(text) else None


def impossible_date_message(text: str) -> str:
    """One wording for a date that does not exist, everywhere a date can be given."""
    return f"de datum {text} bestaat niet; schrijf bijvoorbeeld 1-3-2026"


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def email_problem(text: str) -> str | None:
    """A Dutch problem when ``text`` cannot be an e-mail address; an empty text is fine (optional).

    No check can tell whether an address exists; this catches what a typo makes of one
    (``fatima.zuiderveen.nl``), so the documents do not carry it.
    """
    text = text.strip()
    if not text or _EMAIL.match(text):
        return None
    if "@" not in text:
        return (f"'{text}' is geen e-mailadres: het @-teken ontbreekt. "
                "Schrijf het bijvoorbeeld als naam@gemeente.nl, of laat het leeg.")
    return f"'{text}' is geen e-mailadres. Schrijf het bijvoorbeeld als naam@gemeente.nl, of laat het leeg."


def is_number(value: Any) -> bool:
    """A real, finite number (a yes/no is not a number, nor are NaN and infinity)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return not (isinstance(value, float) and not math.isfinite(value))


def parse_number(value: Any) -> int | float | None:
    """A number from a number or a text like ``12,5``, ``12.5`` or ``1 500``;
    whole numbers written without a decimal mark stay whole."""
    if is_number(value):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip().replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.match(text):
        return None
    if "," not in text and "." not in text:
        return int(text)
    number = float(text.replace(",", "."))
    return number if math.isfinite(number) else None


def parse_yes_no(value: Any) -> bool | None:
    """True or False from a yes/no value or the words ``ja`` and ``nee``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
    return None


def normalize(kind: str, value: Any) -> Any:
    """The canonical form of an answer of type ``kind`` written the Dutch way
    (``ja`` → true, ``1-7-2027`` → 2027-07-01, ``12,5`` → 12.5); anything that
    cannot be read is returned unchanged, for validation to report."""
    if not isinstance(value, str):
        return value
    if kind == "janee":
        parsed: Any = parse_yes_no(value)
    elif kind == "getal":
        parsed = parse_number(value)
    elif kind == "datum":
        parsed = parse_date(value)
    else:
        return value
    return value if parsed is None else parsed


# --- writing ----------------------------------------------------------------


def format_date(value: Any) -> str:
    """'1 juli 2027'."""
    date = parse_date(value)
    if date is None:
        return str(value)
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def format_short_date(value: Any) -> str:
    """'1-7-2027', as the wizard shows a date to edit."""
    date = parse_date(value)
    return f"{date.day}-{date.month}-{date.year}" if date else str(value)


def format_number(value: Any) -> str:
    """'12,5' and '85' (never '85.0')."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value)


def format_money(value: Any) -> str:
    """'€ 240.000' or '€ 1.250,50'."""
    whole = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return "€ " + whole.replace(",", "_").replace(".", ",").replace("_", ".")


def format_value(value: Any) -> str:
    """Plain text for one answer value, before Markdown escaping."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return format_date(value)
    if isinstance(value, (list, tuple)):
        return join_dutch([format_value(v) for v in value])
    return str(value)


def join_dutch(items: list[str], last: str = "en") -> str:
    """'a, b en c' (or with ``last="of"``: 'a, b of c')."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def count(number: int, singular: str, plural: str) -> str:
    """'1 fout', '2 fouten', '0 tips', '1,5 weken': Dutch singular and plural, never 'tip(s)'.
    Also the template filter ``aantal``: ``{{ n | aantal("partij", "partijen") }}``."""
    return f"{format_number(number)} {singular if number == 1 else plural}"


def plural_noun(noun: str) -> str:
    """A reasonable Dutch plural for an item name that has none given
    ('uitgangspunt' → 'uitgangspunten', 'stakeholder' → 'stakeholders');
    questionnaires give the plural themselves where this rule does not fit."""
    head, _, tail = noun.partition(" ")
    if re.search(r"(?:e|[^aeiou](?:el|em|en|er)|je|ie)$", head):
        word = head + "s"
    elif re.search(r"[aiouy]$", head):
        word = head + "'s"
    elif re.search(r"[^aeiou](aa|ee|oo|uu)[^aeiou]$", head):
        word = head[:-2] + head[-1] + "en"  # vraag → vragen
    elif re.search(r"(?:^|[^aeiou])[aeiou][bdfgklmnprst]$", head):
        word = head + head[-1] + "en"  # stap → stappen
    else:
        word = head + "en"
    return f"{word} {tail}" if tail else word
