"""The budget as a ledger: every line yearly or one-off, with its years, source and purpose.

The plan keeps its money in one list of budget lines (``begroting`` in
``questionnaires/overzicht.yaml`` names the question and its fields). Every total
the documents, the figure, the overview and the advice print is worked out here,
from those lines only:

- yearly money (structural, or temporary up to an end year) and one-off money are
  never added into one total;
- only lines that pay the extra costs of inclusion, from a source that may pay
  them, count as their cover (the sources that pay regular childcare only are
  listed in the configuration, as data);
- the gap per year is the estimated extra costs per year minus that cover, for
  every year from the year the extra costs start up to the end of the execution;
- a yearly line may start in a month of its first year (``van_maand``): that year counts
  pro rata (from September: 4 of 12 months), later years the whole amount. What has not
  started yet costs nothing yet either, so in that year the estimated extra costs are lower
  by the same part of a line that covers them (in a year whose lines pay more than the
  estimate, by the part of the estimate the line pays: the lines take their part in the
  order they start, so money that starts after the estimate is paid never lowers a year's
  costs). A line that starts in a later year takes nothing off: its money is late, and the
  year before has a gap unless other money covers it;
- temporary money may end in a month of its last year (``tot_maand``): that year counts pro
  rata too. Like money that ends with its last year, the cover stops and the extra costs go
  on, so the months after it are a gap unless other money covers them.

Pure functions over plain answers: no questionnaire, no clock.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

YEARLY = ("structureel", "tijdelijk")


@dataclass(frozen=True)
class Line:
    post: str
    amount: float | None
    kind: str  # structureel, tijdelijk, eenmalig, or "" while open
    start: int | None
    end: int | None  # only a temporary line has an end year
    start_month: int  # 1 (January) unless a yearly line starts later in its first year
    end_month: int  # 12 (December) unless temporary money ends earlier in its last year
    source: str  # the choice's value, or the own text of an "anders" answer
    source_label: str
    purpose: str  # regulier, extra, or "" while open
    covers_extra: bool  # a yearly line for the extra costs, from a source that may pay them

    @property
    def yearly(self) -> bool:
        return self.kind in YEARLY

    def runs_in(self, year: int) -> bool:
        """Whether the line's money is there in ``year``. Temporary money whose last year is not
        known yet is counted in its first year only: cover nobody has promised is no cover."""
        if not self.yearly or (self.start is not None and year < self.start):
            return False
        if self.kind == "structureel":
            return True
        last = self.end if self.end is not None else self.start
        return last is not None and year <= last

    @property
    def starts_mid_year(self) -> bool:
        return self.yearly and self.start is not None and self.start_month > 1

    @property
    def ends_mid_year(self) -> bool:
        return self.kind == "tijdelijk" and self.end is not None and self.end_month < 12

    @property
    def first_year_amount(self) -> float | None:
        """The amount counted in the first year: the months from the start month, pro rata."""
        return self.amount_in(self.start) if self.start is not None else self.amount

    @property
    def last_year_amount(self) -> float | None:
        """The amount counted in the last year of temporary money: up to its end month, pro rata."""
        return self.amount_in(self.end) if self.end is not None else None

    @property
    def last_day(self) -> str:
        """The last day temporary money runs, as the documents write a date: '31-7-2028'."""
        if self.end is None:
            return ""
        return f"{calendar.monthrange(self.end, self.end_month)[1]}-{self.end_month}-{self.end}"

    @property
    def when(self) -> str:
        """The line's years as every document writes them: 'vanaf 1-9-2027, structureel',
        '1-9-2027 tot en met 30-6-2028', 'alleen 2027', '2026, eenmalig'; "" while its kind is open."""
        first = f"1-{self.start_month}-{self.start}" if self.starts_mid_year else self.start
        if self.kind == "structureel":
            return f"vanaf {first or '–'}, structureel"
        if self.kind == "tijdelijk":
            last = self.last_day if (self.ends_mid_year or self.starts_mid_year) else self.end
            if self.start is not None and self.end is not None:
                partial = self.start != self.end or self.starts_mid_year or self.ends_mid_year
                return f"{first} tot en met {last}" if partial else f"alleen {self.end}"
            return f"tot en met {last}" if self.end is not None else f"vanaf {first or '–'}, tijdelijk"
        if self.kind == "eenmalig":
            return f"{self.start or '–'}, eenmalig"
        return ""

    @property
    def amounts_by_year(self) -> tuple[tuple[int, float], ...]:
        """What a document spells out for a line that runs part of a year: every year of temporary
        money (start to end), or the first year of a structural line."""
        if self.kind == "tijdelijk" and self.start is not None and self.end is not None:
            return tuple((year, self.amount_in(year)) for year in range(self.start, self.end + 1))
        if self.kind == "tijdelijk" and self.end is not None:
            return ((self.end, self.amount_in(self.end)),)
        return ((self.start, self.amount_in(self.start)),) if self.start is not None else ()

    def months_in(self, year: int) -> int:
        """How many months of ``year`` this yearly line runs."""
        if not self.runs_in(year):
            return 0
        first = self.start_month if year == self.start else 1
        last = self.end_month if self.kind == "tijdelijk" and year == self.end else 12
        return max(0, last - first + 1)

    def amount_in(self, year: int) -> float:
        """The money this yearly line brings in ``year``: the whole amount, or in a first or last
        year that is not whole the months it runs, pro rata (rounded to whole euros)."""
        if self.amount is None:
            return 0.0
        months = self.months_in(year)
        return self.amount if months == 12 else float(round(self.amount * months / 12))

    def as_dict(self) -> dict[str, Any]:
        return {"post": self.post, "bedrag": self.amount, "soort": self.kind, "van": self.start, "tot": self.end,
                "van_maand": self.start_month, "tot_maand": self.end_month, "bron": self.source, "bron_label": self.source_label,
                "bestemming": self.purpose, "dekt_extra": self.covers_extra}


@dataclass(frozen=True)
class Year:
    year: int
    cover: float  # yearly money for the extra costs that runs this year
    gap: float  # extra costs of this year minus the cover, never below zero
    extra: float  # the estimated extra costs of this year: lower in a year a covering line starts mid-year
    late_partly: bool = False  # a line starting mid-year pays only part of the estimate (the lines pay more)

    def as_dict(self) -> dict[str, Any]:
        return {"jaar": self.year, "dekking": self.cover, "tekort": self.gap, "extra_kosten": self.extra}


@dataclass(frozen=True)
class Ledger:
    lines: tuple[Line, ...]
    extra_costs: float | None  # estimated extra costs per year, or None while open
    years: tuple[Year, ...]
    period: tuple[int, ...] = ()  # the years of the execution

    def _sum(self, keep: Callable[[Line], bool]) -> float:
        return float(sum(line.amount for line in self.lines if line.amount is not None and keep(line)))

    @property
    def yearly_total(self) -> float:
        return self._sum(lambda line: line.yearly)

    @property
    def structural_total(self) -> float:
        return self._sum(lambda line: line.kind == "structureel")

    @property
    def temporary_total(self) -> float:
        return self._sum(lambda line: line.kind == "tijdelijk")

    @property
    def one_off_total(self) -> float:
        return self._sum(lambda line: line.kind == "eenmalig")

    @property
    def structural_cover(self) -> float:
        """Extra-cost cover that has no end: what is left when all temporary money stops."""
        return self._sum(lambda line: line.covers_extra and line.kind == "structureel")

    def yearly_in(self, year: int) -> float:
        """All yearly money that runs in ``year`` (a mid-year start pro rata)."""
        return float(sum(line.amount_in(year) for line in self.lines))

    @property
    def span(self) -> tuple[int, ...]:
        """The years of the execution (or, without its dates, the years the lines name)."""
        return self.period

    @property
    def yearly_by_year(self) -> tuple[tuple[int, float], ...]:
        """(year, yearly money in that year) for the years of the execution."""
        return tuple((year, self.yearly_in(year)) for year in self.period)

    @property
    def mid_year_lines(self) -> tuple[Line, ...]:
        """Yearly lines with a first or last year that is not whole (counted pro rata)."""
        return tuple(line for line in self.lines
                     if (line.starts_mid_year or line.ends_mid_year) and line.amount is not None)

    @property
    def open_amounts(self) -> int:
        return sum(1 for line in self.lines if line.amount is None)

    @property
    def open_kinds(self) -> int:
        """Lines with an amount but not yet yearly or one-off: they are in no total yet."""
        return sum(1 for line in self.lines if line.amount is not None and line.kind not in (*YEARLY, "eenmalig"))

    @property
    def gap_years(self) -> tuple[Year, ...]:
        return tuple(y for y in self.years if y.gap > 0)

    @property
    def gap_total(self) -> float:
        return float(sum(y.gap for y in self.years))

    @property
    def varies_by_year(self) -> bool:
        """Whether some year of the execution gets other yearly money than the yearly lines'
        full amounts together (a line that starts in September, temporary money that stops):
        then that sum is no year's figure, and the documents show each year."""
        return bool(self.yearly_total) and any(amount != self.yearly_total for _, amount in self.yearly_by_year)

    def by_source(self, kind: str) -> tuple[tuple[str, float], ...]:
        """(source label, amount) of the yearly (``jaarlijks``) or one-off (``eenmalig``) lines,
        largest first; lines without an amount are left out."""
        return _per_source((line.source_label, line.amount) for line in self.lines if line.amount is not None
                           and (line.yearly if kind == "jaarlijks" else line.kind == "eenmalig"))

    def sources_in(self, year: int) -> dict[str, float]:
        """Per source label, the yearly money that runs in ``year`` (a part year pro rata);
        a source without money that year is left out."""
        return dict(_per_source((line.source_label, line.amount_in(year)) for line in self.lines
                                if line.amount_in(year)))

    def as_dict(self) -> dict[str, Any]:
        """Plain data for advice rules (``begroting.…``)."""
        return {
            "posten": [line.as_dict() for line in self.lines],
            "extra_kosten": self.extra_costs,
            "jaarlijks": self.yearly_total,
            "structureel": self.structural_total,
            "tijdelijk": self.temporary_total,
            "eenmalig": self.one_off_total,
            "structurele_dekking": self.structural_cover,
            "jaren": [y.as_dict() for y in self.years],
            "jaarlijks_per_jaar": [{"jaar": year, "bedrag": amount} for year, amount in self.yearly_by_year],
            "tekortjaren": [y.as_dict() for y in self.gap_years],
            "tekort": self.gap_total,
        }


def _per_source(amounts: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """The amounts added up per source label, largest first (then by label)."""
    totals: dict[str, float] = {}
    for label, amount in amounts:
        totals[label] = totals.get(label, 0) + amount
    return tuple(sorted(totals.items(), key=lambda pair: (-pair[1], pair[0])))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _year(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and float(number).is_integer() else None


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        value = value.get("anders", "")
    return "" if value is None else " ".join(str(value).split())


def _month(value: Any, default: int = 1) -> int:
    number = _year(value)
    return number if number is not None and 1 <= number <= 12 else default


def _date_year(value: Any) -> int | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def build_ledger(block: Mapping[str, Any], value: Callable[[str], Any],
                 label: Callable[[str, Any], str] | None = None) -> Ledger:
    """The ledger from the answers. ``block`` is the ``begroting`` block of overzicht.yaml;
    ``value("fase.vraag")`` gives an answer; ``label(field, value)`` a choice's label."""
    regular_only = {str(s) for s in block.get("alleen_gewone_opvang") or ()}
    raw = value(block["vraag"])
    lines = []
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, Mapping):
            continue
        kind = _text(item.get(block["soort"]))
        source = item.get(block["bron"])
        source_text = _text(source)
        purpose = _text(item.get(block["bestemming"]))
        start = _year(item.get(block["van"]))
        end = _year(item.get(block["tot"])) if kind == "tijdelijk" else None
        shown = (label(block["bron"], source) if label else source_text) or "Bron onbekend"
        month = _month(item.get(block["van_maand"])) if kind in YEARLY and block.get("van_maand") else 1
        last_month = _month(item.get(block["tot_maand"]), 12) if end is not None and block.get("tot_maand") else 12
        if start == end and last_month < month:
            last_month = 12  # a line that ends before it starts is refused by check; count it whole meanwhile
        lines.append(Line(
            post=_text(item.get(block["post"])), amount=_number(item.get(block["bedrag"])), kind=kind,
            start=start, end=end, start_month=month, end_month=last_month, source=source_text, source_label=shown, purpose=purpose,
            covers_extra=kind in YEARLY and purpose == "extra" and source_text not in regular_only))
    extra = _number(value(block["extra_kosten"])) if block.get("extra_kosten") else None
    return Ledger(tuple(lines), extra, _years(lines, extra, block, value), _period(lines, block, value))


def _period(lines: list[Line], block: Mapping[str, Any], value: Callable[[str], Any]) -> tuple[int, ...]:
    """The years of the execution; without its dates, from the first to the last year a line names."""
    period = block.get("periode") or ()
    named = [y for line in lines for y in (line.start, line.end) if y is not None]
    first = _date_year(value(period[0])) if len(period) > 0 else None
    last = _date_year(value(period[1])) if len(period) > 1 else None
    first = first if first is not None else min(named, default=None)
    last = last if last is not None else max(named, default=None)
    if first is None or last is None:
        return ()
    return tuple(range(first, max(first, last) + 1))


def _years(lines: list[Line], extra: float | None, block: Mapping[str, Any],
           value: Callable[[str], Any]) -> tuple[Year, ...]:
    """Cover and gap per year. The years run from the year the extra costs start (an answer;
    without it the start of the execution) to the end of the execution; without an end, to
    the last year a line names."""
    period = block.get("periode") or ()
    first = _date_year(value(period[0])) if len(period) > 0 else None
    last = _date_year(value(period[1])) if len(period) > 1 else None
    from_year = _year(value(block["extra_kosten_vanaf"])) if block.get("extra_kosten_vanaf") else None
    begin = from_year if from_year is not None else first
    if extra is None or begin is None or not lines:
        return ()
    named = [y for line in lines for y in (line.start, line.end) if y is not None]
    end = last if last is not None else max(named + [begin])
    result = []
    covering = [line for line in lines if line.covers_extra and line.amount is not None]
    for year in range(begin, max(begin, end) + 1):
        cover = float(sum(line.amount_in(year) for line in covering))
        not_started, partly = _not_started(covering, year, extra)
        costs = max(0.0, extra - not_started)
        result.append(Year(year, cover, max(0.0, costs - cover), costs, partly))
    return tuple(result)


def _not_started(covering: list[Line], year: int, extra: float) -> tuple[float, bool]:
    """What of the estimated extra costs has not started in ``year``, and whether a line that
    starts in that year pays only part of the estimate.

    What has not started costs nothing yet: its part of the estimate. The lines of the year
    take their part in the order they start (a whole year first, then by start month, then
    as listed), each its amount while the estimate lasts. In a plan whose lines pay no more
    than the estimate, each line's part is its amount; in a year whose lines together pay
    more, a line that starts later gets only what the earlier ones leave: money that starts
    after the estimate is paid never lowers the costs of a year, and the costs never drop
    below the part of the estimate that the lines running all year pay."""
    running = [line for line in covering if line.runs_in(year)]
    order = sorted(running, key=lambda line: line.start_month if line.start == year else 1)  # stable: as listed
    paid, not_started, partly = 0.0, 0.0, False
    for line in order:
        amount = float(line.amount or 0)
        part = min(amount, max(0.0, extra - paid))
        paid += part
        if line.start == year and line.start_month > 1 and amount > 0:
            not_started += (amount - line.amount_in(year)) * part / amount
            partly = partly or part < amount
    return float(round(not_started)), partly


def ledger_from_scope(scope: Mapping[str, Any], block: Mapping[str, Any],
                      label: Callable[[str, Any], str] | None = None) -> Ledger:
    """The ledger from the names a condition sees (every phase by name)."""
    def value(name: str) -> Any:
        phase, _, qid = str(name).partition(".")
        answers = scope.get(phase)
        return answers.get(qid) if isinstance(answers, Mapping) else None

    return build_ledger(block, value, label)
