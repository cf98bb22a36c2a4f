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
from collections.abc import Iterable, Mapping
from typing import Any

#: The answer key under which a choice question keeps a text of its own ("anders: …").
OTHER_VALUE = "anders"

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")

_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$")
# Dutch notation with a point between thousands: 24.500, 1.250.000, 24.500,00 (the comma is the decimal mark)
_DUTCH_THOUSANDS = re.compile(r"^([-+]?)([1-9]\d{0,2}(?:\.\d{3})+)(?:,(\d+))?$")
_CURRENCY = re.compile(r"^(?:€|eur\b|euro\b)\s*|\s*(?:€|eur|euro)$", re.IGNORECASE)
_WHOLE_EUROS = re.compile(r",[-–—]+$")  # € 24.500,- : whole euros, as Dutch prices are written
_PERCENT = re.compile(r"\s*%$")
_LONG_POINT_FRACTION = re.compile(r"^[-+]?\d+\.\d{4,}$")  # 2.4500: neither 24.500 nor 2,45 for sure
_WRITTEN_DATE = re.compile(r"^(\d{1,2})\s+([a-z]+)\s+(\d{4})$", re.IGNORECASE)
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
    """A date from a date, ``2027-07-01``, the Dutch ``1-7-2027`` (also with / or .) or
    ``1 juli 2027``, as the wizard and the documents write it."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    parts = _date_parts(text)
    try:
        return dt.date(*parts) if parts else dt.date.fromisoformat(text)
    except ValueError:
        return None


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date written the Dutch way, ``1-7-2027`` or ``1 juli 2027`` (as the
    wizard and the documents write it), whether or not that day exists; else None."""
    numbers = _DUTCH_DATE.match(text)
    if numbers:
        day, month, year = map(int, numbers.groups())
        return year, month, day
    written = _WRITTEN_DATE.match(text)
    if written and written.group(2).lower() in MONTHS:
        return int(written.group(3)), MONTHS.index(written.group(2).lower()) + 1, int(written.group(1))
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
    return text if _date_parts(text) or _ISO_DATE.match(text) else None


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
    """A number from a number or a text written the Dutch way.

    A point between groups of three digits separates thousands and a comma is the
    decimal mark: ``24.500``, ``24.500,00``, ``€ 24.500`` and ``€ 24.500,-`` are 24500,
    ``24,5`` is 24,5, ``85%`` is 85. A point followed by one or two digits is read as a
    decimal mark (``12.5``), as people copy numbers from English sources too; followed by
    four or more (``2.4500``) it is no number: a typo of 24.500 as likely as 2,45. Spaces
    between digits (``1 500``) are left out. Whole numbers stay whole (``24.500,00`` → 24500).
    """
    if is_number(value):
        return value
    if not isinstance(value, str):
        return None
    text = _CURRENCY.sub("", _PERCENT.sub("", value.strip())).replace(" ", "").replace("\u00a0", "")
    text = _WHOLE_EUROS.sub("", text)
    if _LONG_POINT_FRACTION.match(text):
        return None
    grouped = _DUTCH_THOUSANDS.match(text)
    if grouped:
        sign, whole, decimals = grouped.groups()
        number: int | float = int(sign + whole.replace(".", ""))
        if decimals and int(decimals):
            number = float(f"{sign}{whole.replace('.', '')}.{decimals}")
        return number
    if not _NUMBER.match(text):
        return None
    if "," not in text and "." not in text:
        return int(text)
    number = float(text.replace(",", "."))
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and "," in text and not text.split(",")[1].strip("0") else number


def three_decimals(value: Any) -> bool:
    """True for a number a YAML file holds as written with exactly three decimals
    (``bedrag: 24.500`` reads as 24,5): in Dutch that point separates thousands,
    so the number is most likely wrong. Only the round-trip reader knows how a
    number was written; plain numbers say False."""
    width, point = getattr(value, "_width", None), getattr(value, "_prec", None)
    if not isinstance(value, float) or width is None or point is None or getattr(value, "_exp", None):
        return False
    return width - point - 1 == 3 and abs(value) >= 1  # 0.500 has no thousands before its point


def thousands_message(value: float) -> str:
    """What check says about ``bedrag: 24.500`` in a file (see :func:`three_decimals`)."""
    written = f"{value:.3f}"
    whole = written.replace(".", "").lstrip("0") or "0"
    return (f"{written} wordt gelezen als {format_number(value)}; een punt met drie cijfers erachter is "
            f"waarschijnlijk bedoeld als punt tussen duizendtallen. Bedoelt u {whole}, schrijf dan {whole} "
            f"(zonder punt); bedoelt u {format_number(value)}, schrijf dan {format_number(value)}.")


def file_number(value: Any) -> Any:
    """A number as the wizard and batch mode write it to a file. A decimal number with
    exactly three decimals (1,125) gets a fourth (``1.1250``), so that reading it back
    never takes it for a number with a point between thousands."""
    if not isinstance(value, float) or isinstance(value, bool) or not math.isfinite(value):
        return value
    text = repr(value)
    if "e" in text or "." not in text or len(text.split(".")[1]) != 3:
        return value
    from ruamel.yaml.scalarfloat import ScalarFloat

    return ScalarFloat(value, width=len(text) + 1, prec=text.index("."), m_sign="-" if value < 0 else False,
                       m_lead0=0)


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


def format_amount(value: Any) -> str:
    """'24.500', '12,5', '12.400,75', '2030': a number as the wizard repeats a typed one
    (never '24500.0'). A point between thousands from five digits on; a number of four
    digits, such as a year, is written without one, as Dutch allows."""
    if not is_number(value):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if "e" in repr(value):
        return format_number(value)
    whole, _, decimals = repr(abs(value)).partition(".")
    sign = "-" if value < 0 else ""
    grouped = f"{int(whole):,}".replace(",", ".") if int(whole) >= 10_000 else whole
    return sign + grouped + ("," + decimals if decimals else "")


def format_quantity(value: Any, unit: str = "") -> str:
    """A number answer as the wizard shows it: '€ 24.500' for an amount (``eenheid: euro``),
    else '12.400' or '12,5'."""
    return format_money(value) if unit == "euro" and is_number(value) else format_amount(value)


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


_NAME_SEPARATORS = re.compile(r"[\s\-_\u2010-\u2015\u2212]+")


def name_key(value: Any) -> str:
    """A name as people read it, so that one answer can refer to another: capitals, spaces,
    dashes (an en dash for a hyphen) and underscores do not count; an "anders" answer counts by
    its own text. The one rule for items' names: the wizard, check, answer files, advice and
    the git merge driver compare by it."""
    if isinstance(value, Mapping):
        value = value.get("anders", "")
    if value is None:
        return ""
    return " ".join(_NAME_SEPARATORS.sub(" ", str(value).casefold()).split())


def repeated_names(names: Iterable[Any]) -> list[tuple[int, str]]:
    """(position, the name as the first of them spells it) for every name an earlier one
    already has, compared by ``name_key``; None (an item without a name) is skipped. The one
    rule for "two items with one name": the validation's warning and batch mode's refusal use it."""
    first: dict[str, str] = {}
    found: list[tuple[int, str]] = []
    for position, name in enumerate(names):
        if name is None:
            continue
        key = name_key(name)
        if key in first:
            found.append((position, first[key]))
        else:
            first[key] = str(name)
    return found


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
