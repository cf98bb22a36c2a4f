"""Where the plan stands: the route per phase and the execution (plan-do-check-act).

Why this module exists: before a steering-group meeting the regisseur needs
to see at a glance what is late, which goals fall behind and whether the
money is there, not only how many questions are answered. The overview page,
``handreiking status`` and the pictures all read the same :class:`Dashboard`,
worked out here from the answers, deterministically: "today" is the plan's
version date, never the clock.

Which answers describe milestones, goals, measurements, budget, risks and
adjustments, and what their choices mean, is data (``questionnaires/overzicht.yaml``);
the words shown come from the questionnaires.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handreiking.core.errors import QuestionnaireError
from handreiking.core.resources import data_dir
from handreiking.core.values import MONTHS, count, format_date, is_answered, join_dutch, parse_date
from handreiking.core.values import format_money as money
from handreiking.core.yamlio import read_definition
from handreiking.insight.ledger import Ledger, build_ledger
from handreiking.plan.answers import phase_progress

CONFIG_FILE = "overzicht.yaml"


# --- the result ---------------------------------------------------------------


@dataclass(frozen=True)
class DocumentLink:
    title: str
    files: tuple[str, ...]  # file names in documenten/, e.g. "visiedocument.html"


@dataclass(frozen=True)
class PhaseState:
    id: str
    number: int
    title: str
    answered: int
    total: int
    open_questions: tuple[str, ...]
    open_required: tuple[str, ...]
    advice_let_op: int
    advice_tip: int
    documents: tuple[DocumentLink, ...]
    answer_file: str  # relative to documenten/
    unfinished: tuple[str, ...] = ()  # answered, not done: a list too short, items with empty fields

    @property
    def open_count(self) -> int:
        """Open questions and answered points that are not done yet, as one number."""
        return len(self.open_questions) + len(self.unfinished)

    @property
    def state(self) -> str:
        if self.total and self.answered == self.total and not self.unfinished:
            return "afgerond"
        return "bezig" if self.answered else "nog niet begonnen"


@dataclass(frozen=True)
class Milestone:
    name: str
    date: dt.date | None
    owner: str
    status: str        # the answer's value, e.g. "vertraagd"
    status_label: str  # its label in the questionnaire
    state: str         # gehaald, vervallen, vertraagd, over_datum, lopend

    @property
    def needs_attention(self) -> bool:
        return self.state in ("vertraagd", "over_datum")


@dataclass(frozen=True)
class Measurement:
    moment: str  # label, e.g. "Tussenmeting"
    date: dt.date | None
    verdict: str = ""        # the answer's value, e.g. "achter"
    verdict_label: str = ""  # its label


@dataclass(frozen=True)
class Goal:
    id: str
    name: str
    owner: str
    state: str  # op_koers, achter, onbekend
    latest: Measurement | None
    next: Measurement | None


@dataclass(frozen=True)
class Budget:
    """The budget lines as a ledger (see insight/ledger.py), with the answer whether it is covered."""

    ledger: Ledger
    answered_covered: bool | None  # the answer to "is de begroting dekkend?"
    explanation: str

    @property
    def yearly(self) -> float:
        return self.ledger.yearly_total

    @property
    def structural(self) -> float:
        return self.ledger.structural_total

    @property
    def one_off(self) -> float:
        return self.ledger.one_off_total

    @property
    def yearly_by_source(self) -> tuple[tuple[str, float], ...]:
        return self.ledger.by_source("jaarlijks")

    @property
    def one_off_by_source(self) -> tuple[tuple[str, float], ...]:
        return self.ledger.by_source("eenmalig")

    @property
    def by_source(self) -> tuple[tuple[str, float | None, float | None], ...]:
        """(source, yearly amount or None, one-off amount or None), in the order of the lines."""
        yearly, one_off = dict(self.yearly_by_source), dict(self.one_off_by_source)
        order = dict.fromkeys(line.source_label for line in self.ledger.lines if line.amount is not None)
        return tuple((label, yearly.get(label), one_off.get(label)) for label in order)

    @property
    def by_source_and_year(self) -> tuple[tuple[str, tuple[float | None, ...], float | None], ...]:
        """(source, its yearly money in each year of the execution, one-off amount or None),
        in the order of :attr:`by_source`: the table that shows each year when the yearly money
        varies (``ledger.varies_by_year``). A year without money from a source is None."""
        years = [self.ledger.sources_in(year) for year, _ in self.ledger.yearly_by_year]
        return tuple((label, tuple(year.get(label) for year in years), one_off)
                     for label, _yearly, one_off in self.by_source)

    @property
    def lines(self) -> tuple[Any, ...]:
        return self.ledger.lines

    @property
    def extra_costs(self) -> float | None:
        return self.ledger.extra_costs

    @property
    def structural_cover(self) -> float:
        return self.ledger.structural_cover

    @property
    def uncovered_without_end(self) -> float:
        """What is missing each year once all temporary money has stopped: the estimated extra
        costs minus the yearly lines without an end; 0 when they cover it or there is no estimate.
        The Financiering chapter and Middelen en begroting both say it."""
        extra = self.ledger.extra_costs
        return max(0.0, extra - self.structural_cover) if extra is not None else 0.0

    @property
    def years(self) -> tuple[Any, ...]:
        return self.ledger.years

    @property
    def gap_years(self) -> tuple[Any, ...]:
        return self.ledger.gap_years

    @property
    def gap(self) -> float:
        """What is missing over all years of the execution together (0 when covered)."""
        return self.ledger.gap_total

    @property
    def covered(self) -> bool | None:
        """Not covered when the lines leave a gap in some year or the plan says so; covered
        when the plan says so and the lines agree; otherwise open."""
        if self.gap_years or self.answered_covered is False:
            return False
        return self.answered_covered

    @property
    def yearly_text(self) -> str:
        """The yearly money as a reader can check it against any year: one amount 'per jaar'
        when every year of the execution gets the same (with the years when only some do),
        else the amount of each year. A line that starts in September or temporary money that
        stops makes the years differ, and then the sum of the yearly lines is no year's figure."""
        by_year = self.ledger.yearly_by_year
        paid = [(year, amount) for year, amount in by_year if amount]
        amounts = {amount for _, amount in paid}
        if not paid:
            return f"{money(self.yearly)} per jaar"
        if len(amounts) == 1 and [year for year, _ in paid] == list(range(paid[0][0], paid[-1][0] + 1)):
            first, last = paid[0][0], paid[-1][0]
            when = ("" if len(paid) == len(by_year) else f" vanaf {first}" if last == by_year[-1][0]
                    else f" in {first}" if first == last else f" van {first} tot en met {last}")
            return f"{money(amounts.pop())} per jaar{when}"
        return "jaarlijks " + join_dutch([f"{money(amount)} in {year}" for year, amount in paid])

    @property
    def has_amounts(self) -> bool:
        """Whether any line has an amount: without one, '€ 0 per jaar begroot' would be untrue."""
        return any(line.amount is not None for line in self.ledger.lines)

    @property
    def budgeted_text(self) -> str:
        """'€ 40.000 per jaar begroot', or 'nog geen bedragen ingevuld' while no line has one."""
        return f"{self.money_text} begroot" if self.has_amounts else "nog geen bedragen ingevuld"

    @property
    def money_text(self) -> str:
        """Yearly and one-off money apart: '€ 40.000 per jaar en € 9.000 eenmalig'."""
        if not self.one_off:
            return self.yearly_text
        one_off = f"{money(self.one_off)} eenmalig"
        if not self.yearly:
            return one_off
        varying = self.yearly_text.startswith("jaarlijks ")
        return self.yearly_text + (", en " if varying else " en ") + one_off

    @property
    def summary(self) -> str:
        """One line for the overview and `status`: yearly and one-off money apart, the gaps per year."""

        text = self.budgeted_text
        if self.gap_years:
            text += "; niet dekkend: " + gap_text(self.gap_years)
        elif self.covered is True:
            text += ", dekkend"
        elif self.covered is False:
            text += ", niet dekkend" + (" (het tekort volgt nog niet uit de posten)" if self.has_amounts else "")
        return text + "."


def gap_text(years: tuple[Any, ...]) -> str:
    """'in 2028 ontbreekt € 60.000' or 'in 2027 ontbreekt € 5.000 en in 2028 € 5.000'."""

    pieces = [f"in {y.year} ontbreekt {money(y.gap)}" if i == 0 else f"in {y.year} {money(y.gap)}"
              for i, y in enumerate(years)]
    return pieces[0] if len(pieces) == 1 else ", ".join(pieces[:-1]) + " en " + pieces[-1]


@dataclass(frozen=True)
class Risk:
    name: str
    likelihood: str
    impact: str
    owner: str
    weight: int  # higher is more serious: the position of kans and impact in their choices

    @property
    def summary(self) -> str:
        """'Tekort aan personeel (kans midden, impact hoog; De Vlinder)', with only what is known:
        the same line in ``status`` and on the overview."""
        scores = ", ".join(f"{what} {value.lower()}" for what, value in (("kans", self.likelihood),
                                                                           ("impact", self.impact)) if value)
        details = "; ".join(part for part in (scores, self.owner) if part)
        return f"{self.name} ({details})" if details else self.name


@dataclass(frozen=True)
class Adjustment:
    what: str
    goal: str
    owner: str
    date: dt.date | None


@dataclass(frozen=True)
class Attention:
    kind: str  # mijlpaal, doel, begroting, advies, vraag
    text: str


@dataclass(frozen=True)
class Dashboard:
    version_date: dt.date
    phases: tuple[PhaseState, ...]
    milestones: tuple[Milestone, ...] = ()
    goals: tuple[Goal, ...] = ()
    budget: Budget | None = None
    risks: tuple[Risk, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    attention: tuple[Attention, ...] = field(default=())


# --- configuration --------------------------------------------------------------


def load_config(path: Path | None = None) -> dict[str, Any]:
    """``overzicht.yaml`` as plain data (checked against the catalog in :func:`build_dashboard`),
    read like every other content file: YAML 1.2, with the same Dutch errors."""

    if path is None:
        path = data_dir("questionnaires") / CONFIG_FILE
    raw = read_definition(path, what="het overzicht")
    if not isinstance(raw, dict):
        raise QuestionnaireError("verwacht blokken als 'mijlpalen:' en 'doelen:'", path=path)
    return raw


class _Answers:
    """Reads answers by the ``fase.vraag`` names of the configuration, with the
    questionnaire at hand for labels; a name that does not exist is a content error."""

    def __init__(self, catalog: Any, answer_set: Any, path: Path) -> None:
        self.catalog, self.answer_set, self.path = catalog, answer_set, path

    def question(self, name: str) -> Any:
        phase, _, qid = str(name).partition(".")
        questionnaire = self.catalog.get(phase)
        question = questionnaire.question(qid) if questionnaire else None
        if question is None:
            raise QuestionnaireError(f"het overzicht noemt een vraag die niet bestaat: '{name}'", path=self.path)
        return question

    def value(self, name: str) -> Any:
        phase, _, qid = str(name).partition(".")
        self.question(name)
        return self.answer_set[phase].get(qid)

    def items(self, block: Mapping[str, Any]) -> tuple[Any, list[Mapping[str, Any]]]:
        question = self.question(block["vraag"])
        for key, fid in block.items():
            if isinstance(fid, str) and key != "vraag" and "." not in fid and question.field(fid) is None:
                raise QuestionnaireError(f"het overzicht noemt een veld dat niet bestaat: '{fid}'",
                                         path=self.path, question_id=question.id)
        value = self.value(block["vraag"])
        return question, [i for i in value if isinstance(i, Mapping)] if isinstance(value, list) else []


def text_of(value: Any) -> str:
    """An answer as plain text: "anders" answers give their own text."""
    if isinstance(value, Mapping):
        value = value.get("anders", "")
    if not is_answered(value):
        return ""
    return " ".join(str(value).split())


def label_of(question: Any, field_id: str, value: Any) -> str:
    """The questionnaire's label for a choice value (or the text itself)."""
    sub = question.field(field_id) if field_id else question
    choice = sub.choice(value) if sub is not None and isinstance(value, str) else None
    return choice.label if choice else text_of(value)


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def dates_in(value: Any) -> list[dt.date]:
    """Every date in an answer: a date, or a text such as '31 mei 2027 en 15 december 2027'."""

    date = parse_date(value)
    if date is not None:
        return [date]
    if not isinstance(value, str):
        return []
    found: list[dt.date] = []
    for y, m, d in _ISO.findall(value):
        try:
            found.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            pass
    pattern = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
    for d, month, y in pattern.findall(value):
        try:
            found.append(dt.date(int(y), MONTHS.index(month.lower()) + 1, int(d)))
        except ValueError:
            pass
    return sorted(found)


# --- building ---------------------------------------------------------------------


def build_dashboard(plan: Any, catalog: Any, answer_set: Any, advice: list[Any] | None = None,
                    documents: tuple[Any, ...] = (), config: Mapping[str, Any] | None = None) -> Dashboard:
    """The dashboard of a plan: pure, from the answers and the version date."""

    path = Path(CONFIG_FILE)
    if config is None:
        path = data_dir("questionnaires") / CONFIG_FILE
        config = load_config(path)
    answers = _Answers(catalog, answer_set, path)
    today = plan.meta.document_date
    advice = list(advice or [])
    shown = {k: tuple(v or ()) for k, v in (config.get("documenten") or {}).items()}
    phases = []
    for questionnaire in catalog:
        progress = phase_progress(answer_set, questionnaire)
        mine = [a for a in advice if a.is_open and a.rule.phase == questionnaire.phase]
        phases.append(PhaseState(
            id=questionnaire.phase, number=questionnaire.number, title=questionnaire.title,
            answered=progress.answered, total=progress.total,
            open_questions=tuple(q.subject for q in progress.open),
            open_required=tuple(q.subject for q in progress.open if q.required),
            advice_let_op=sum(1 for a in mine if a.rule.severity == "let_op"),
            advice_tip=sum(1 for a in mine if a.rule.severity == "tip"),
            documents=tuple(DocumentLink(d.title, tuple(f"{d.stem}.{f}" for f in d.formats))
                            for d in documents if questionnaire.phase in shown.get(d.id, d.phases)),
            answer_file=f"../antwoorden/{questionnaire.answer_filename}",
            unfinished=progress.unfinished,
        ))
    milestones = _milestones(answers, config.get("mijlpalen"), today) if "mijlpalen" in config else ()
    goals = _goals(answers, config, today) if "doelen" in config else ()
    budget = _budget(answers, config["begroting"]) if "begroting" in config else None
    risks = _risks(answers, config["risicos"]) if "risicos" in config else ()
    adjustments = _adjustments(answers, config["bijstellingen"]) if "bijstellingen" in config else ()
    dashboard = Dashboard(today, tuple(phases), milestones, goals, budget, risks, adjustments)
    return Dashboard(**{**dashboard.__dict__, "attention": _attention(dashboard, advice, catalog)})


def _milestones(answers: _Answers, block: Mapping[str, Any], today: dt.date) -> tuple[Milestone, ...]:
    question, items = answers.items(block)
    done, dropped, late = (set(block.get(k) or ()) for k in ("gehaald", "vervallen", "vertraagd"))
    result = []
    for item in items:
        status = text_of(item.get(block["status"]))
        date = parse_date(item.get(block["datum"]))
        if status in done:
            state = "gehaald"
        elif status in dropped:
            state = "vervallen"
        elif status in late:
            state = "vertraagd"
        elif date is not None and date < today:
            state = "over_datum"
        else:
            state = "lopend"
        result.append(Milestone(text_of(item.get(block["naam"])), date, text_of(item.get(block["eigenaar"])),
                                status, label_of(question, block["status"], status), state))
    far = dt.date.max
    return tuple(sorted(result, key=lambda m: (m.date or far, m.name)))


def _goals(answers: _Answers, config: Mapping[str, Any], today: dt.date) -> tuple[Goal, ...]:
    block = config["doelen"]
    _, goals = answers.items(block)
    measured: dict[str, list[tuple[Any, Measurement]]] = {}
    if "metingen" in config:
        m = config["metingen"]
        question, results = answers.items(m)
        good, behind = set(m.get("op_koers") or ()), set(m.get("achter") or ())
        for order, item in enumerate(results):
            verdict = text_of(item.get(m["oordeel"]))
            state = "op_koers" if verdict in good else "achter" if verdict in behind else "onbekend"
            date = parse_date(item.get(m["datum"]))
            measured.setdefault(text_of(item.get(m["doel"])), []).append(((date or dt.date.min, order), Measurement(
                label_of(question, m["moment"], item.get(m["moment"])), date, state,
                label_of(question, m["oordeel"], verdict))))
    planned: dict[str, list[Measurement]] = {}
    if "meetplan" in config:
        p = config["meetplan"]
        moments = p.get("momenten") or {}
        _, rows = answers.items({"vraag": p["vraag"], "doel": p["doel"], **{k: k for k in moments}})
        moment_question = answers.question(config["metingen"]["vraag"]) if "metingen" in config else None
        for row in rows:
            for field_id, moment in moments.items():
                label = label_of(moment_question, config["metingen"]["moment"], moment) if moment_question else moment
                for date in dates_in(row.get(field_id)):
                    planned.setdefault(text_of(row.get(p["doel"])), []).append(Measurement(label, date))
    result = []
    for item in goals:
        gid = text_of(item.get(block["id"]))
        latest = max(measured.get(gid, []), key=lambda pair: pair[0], default=(None, None))[1]
        # the next planned moment comes after today and after the latest measurement: a nulmeting
        # planned before a tussenmeting that has been done is not what comes next
        after = max(today, latest.date) if latest is not None and latest.date else today
        upcoming = sorted((m for m in planned.get(gid, []) if m.date and m.date > after), key=lambda m: m.date)
        result.append(Goal(gid, text_of(item.get(block["naam"])), text_of(item.get(block["eigenaar"])),
                           latest.verdict if latest else "onbekend", latest, upcoming[0] if upcoming else None))
    return tuple(result)


def _budget(answers: _Answers, block: Mapping[str, Any]) -> Budget | None:
    question, _ = answers.items({k: v for k, v in block.items() if k in ("vraag", "post", "bedrag", "bron", "soort",
                                                                        "van", "tot", "van_maand", "tot_maand",
                                                                        "bestemming")})
    for key in ("extra_kosten", "extra_kosten_vanaf", "dekkend", "toelichting"):
        if block.get(key):
            answers.question(block[key])
    for name in block.get("periode") or ():
        answers.question(name)
    ledger = build_ledger(block, answers.value, lambda field_id, value: label_of(question, field_id, value))
    covered = answers.value(block["dekkend"]) if block.get("dekkend") else None
    if not ledger.lines and covered is None:
        return None
    covered = covered if isinstance(covered, bool) else None
    return Budget(ledger, covered,
                  text_of(answers.value(block["toelichting"])) if block.get("toelichting") and covered is False
                  else "")


def _risks(answers: _Answers, block: Mapping[str, Any]) -> tuple[Risk, ...]:
    question, items = answers.items(block)

    def rank(field_id: str, value: Any) -> int:
        values = [c.value for c in question.field(field_id).choices]
        return values.index(value) + 1 if value in values else 0

    result = [Risk(text_of(i.get(block["naam"])), label_of(question, block["kans"], i.get(block["kans"])),
                   label_of(question, block["impact"], i.get(block["impact"])), text_of(i.get(block["eigenaar"])),
                   rank(block["kans"], i.get(block["kans"])) * rank(block["impact"], i.get(block["impact"])))
              for i in items]
    return tuple(sorted(result, key=lambda r: -r.weight))  # stable: equal weights keep the plan's order


def _adjustments(answers: _Answers, block: Mapping[str, Any]) -> tuple[Adjustment, ...]:
    _, items = answers.items(block)
    return tuple(Adjustment(text_of(i.get(block["wat"])), text_of(i.get(block["doel"])),
                            text_of(i.get(block["eigenaar"])), parse_date(i.get(block["datum"])))
                 for i in items)


def _attention(dashboard: Dashboard, advice: list[Any], catalog: Any) -> tuple[Attention, ...]:
    """What needs attention now, most urgent first: late milestones, goals behind, the
    budget gap, open 'let op' advice, required questions still open."""

    items: list[Attention] = []
    for m in dashboard.milestones:
        planned = f"gepland {format_date(m.date)}" if m.date else ""
        if m.state == "vertraagd":
            details = "; ".join(part for part in (planned, m.owner) if part)
            items.append(Attention("mijlpaal", f"Mijlpaal {m.status_label.lower()}: {m.name}"
                                   + (f" ({details})" if details else "")))
        elif m.state == "over_datum":
            details = "; ".join(part for part in (f"{planned}, status {m.status_label.lower() or 'onbekend'}", m.owner)
                                if part)
            items.append(Attention("mijlpaal", f"Mijlpaal over datum: {m.name} ({details})"))
    for g in dashboard.goals:
        if g.state == "achter" and g.latest:
            when = f"{g.latest.moment.lower()} {format_date(g.latest.date)}" if g.latest.date else g.latest.moment.lower()
            items.append(Attention("doel", f"Doel {g.id} {g.latest.verdict_label.lower()} ({when}): {g.name}"))
    budget = dashboard.budget
    if budget is not None and budget.covered is False:
        gap = gap_text(budget.gap_years) if budget.gap_years else "het tekort volgt nog niet uit de posten"
        items.append(Attention("begroting", f"De begroting is niet dekkend: {gap}."))
    titles = {q.phase: q.title for q in catalog}
    for a in advice:
        if a.is_open and a.rule.severity == "let_op":
            items.append(Attention("advies", f"{a.rule.severity_label} ({titles.get(a.rule.phase, a.rule.phase)}): "
                                             f"{' '.join(a.message.split())}"))
    for phase in dashboard.phases:
        number = len(phase.open_required)
        if number:  # named by topic: the overview is shown to the room and speaks as the plan
            which = ", waaronder " if number > 1 else ": "
            items.append(Attention("vraag", f"{phase.title}: {count(number, 'verplichte vraag', 'verplichte vragen')} "
                                            f"nog open{which}{phase.open_required[0]}"))
    return tuple(items)
