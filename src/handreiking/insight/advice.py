"""Advice across phases: the guide's warnings applied to the answers.

A form stores answers; an advisor notices when answers in different phases do
not fit together. The rules are data (``questionnaires/advies.yaml``): a
sandboxed condition over all answers, a severity, a Dutch message and the
passage of the guide it rests on. A condition may return a list; the advice
then applies when the list is not empty and the message can name the items.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from handreiking.core.errors import QuestionnaireError
from handreiking.core.resources import data_dir
from handreiking.core.values import count, format_date, is_answered, name_key
from handreiking.core.yamlio import read_definition
from handreiking.insight.dashboard import load_config
from handreiking.insight.ledger import ledger_from_scope
from handreiking.questionnaire.catalog import load_catalog
from handreiking.questionnaire.expressions import (
    Condition,
    ConditionSyntaxError,
    check_message,
    compile_condition,
    environment,
    is_prechecked,
    message_template,
)

SEVERITIES = {"let_op": "Let op", "tip": "Tip"}


def name_in(value: Any, names: Any) -> bool:
    """Jinja test ``naam_in``: ``value`` is one of ``names``, compared by :func:`name_key`."""
    try:
        keys = {name_key(n) for n in names or ()}
    except TypeError:
        return False
    return bool(name_key(value)) and name_key(value) in keys


def answer_text(value: Any) -> str:
    """Filter ``antwoordtekst``: an answer as a reader sees it; an "anders" answer by its own text."""
    if isinstance(value, Mapping) and "anders" in value:
        return str(value.get("anders") or "")
    return "" if value is None else str(value)


def _items_where(context: Any, items: Any, source: str) -> list[Any]:
    """Filter ``waar``: the items of a group for which ``source`` holds.

    Inside ``source`` the fields of the item are names of their own, next to
    the phases, just as in a ``wanneer`` inside a group's ``velden``. So a rule
    can compare two fields of the same row (a baseline after the final
    measurement) or a row with another phase (a goal date after the end of the
    implementation), and name the rows that do not fit.
    """
    condition = _row_condition(source)
    outer = dict(context.get_all())
    result = []
    for item in items or ():
        if isinstance(item, Mapping):
            scope = {**outer, **{k: v for k, v in item.items() if v is not None and v != "" and v != []}}
            if condition.evaluate(scope):
                result.append(item)
    return result


def date_text(value: Any) -> str:
    """Filter ``datumtekst``: a date as a Dutch reader writes it (31 december 2026)."""

    return format_date(value)


def amount_text(value: Any) -> str:
    """Filter ``bedragtekst``: an amount in euros, Dutch style (€ 32.000)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    whole = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return "€ " + whole.replace(",", "_").replace(".", ",").replace("_", ".")


def days_until(start: Any, end: Any) -> int | None:
    """Filter ``dagen_tot``: the number of days from one date to another (negative when
    ``end`` comes first), or nothing when either is not a date. Dates are compared as
    dates, whether an answer holds a date or its ISO text, so a rule can say "more than
    three months after the start" without knowing the calendar."""
    first, last = _as_date(start), _as_date(end)
    if first is None or last is None:
        return None
    return (last - first).days


def _as_date(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


_AMOUNT = re.compile(r"€\s?(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?|\b(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s?euro\b",
                     re.IGNORECASE)


def amounts_in(value: Any) -> list[float]:
    """Filter ``bedragen``: the whole-euro amounts a text names ('12.000 euro', '€ 45.000'), so a
    rule can look for them among the budget lines."""
    text = answer_text(value)
    return [float((euro or before).replace(".", "")) for euro, before in _AMOUNT.findall(text)]


def phase_content(answers: Any) -> Any:
    """Filter ``inhoud``: a phase's answers without the questions about a document's status.

    Rules such as "later phases are already filled in, but Vertrekpunt lacks …" read a
    phase's answers as a sign that the group has worked on it. Saying that the visiedocument
    is still a concept, or when it was adopted, is no work on the vision itself; so the
    status, date and body questions that ``templates/documenten.yaml`` names under
    ``vaststelling`` do not count here.
    """
    if not isinstance(answers, Mapping):
        return answers
    skip = adoption_question_ids()
    return {key: value for key, value in answers.items() if key not in skip}


@lru_cache(maxsize=1)
def adoption_question_ids() -> frozenset[str]:
    """The ids of the questions that carry a document's status, date and body (``vaststelling``
    in documenten.yaml). Read as plain data, without the questionnaires: the list is checked
    against them where the documents are loaded."""

    path = data_dir("templates") / "documenten.yaml"
    if not path.exists():
        return frozenset()
    raw = read_definition(path, what="de lijst met documenten")
    ids: set[str] = set()
    for item in raw.get("documenten") or () if isinstance(raw, dict) else ():
        adoption = item.get("vaststelling") if isinstance(item, dict) else None
        if isinstance(adoption, dict):
            ids.update(str(ref).partition(".")[2] for ref in adoption.values())
    return frozenset(ids)


@lru_cache(maxsize=None)
def _row_condition(source: str) -> Condition:
    """The condition of a ``waar``. It was checked when the rules were loaded (see
    ``_row_sources``), so it is not parsed again here: that took a quarter of the advice."""
    return Condition(source=source, names=frozenset())


def _row_sources(condition: str) -> list[str]:
    """The conditions a rule's condition hands to ``waar`` as text."""
    if "waar" not in condition:  # no such filter in it: nothing to parse
        return []
    from jinja2 import nodes

    tree = environment().parse("{{ (" + condition + ") }}")
    return [node.args[0].value for node in tree.find_all(nodes.Filter)
            if node.name == "waar" and node.args and isinstance(node.args[0], nodes.Const)
            and isinstance(node.args[0].value, str)]


def register_name_helpers(env: Any) -> Any:
    """Add the rule helpers (``naamvorm``, ``antwoordtekst``, ``datumtekst``, ``bedragtekst``,
    ``bedragen``, ``waar``, ``inhoud``, ``dagen_tot``; test ``naam_in``) to an environment."""
    from jinja2 import pass_context

    env.filters.setdefault("naamvorm", name_key)
    env.filters.setdefault("antwoordtekst", answer_text)
    env.filters.setdefault("datumtekst", date_text)
    env.filters.setdefault("bedragtekst", amount_text)
    env.filters.setdefault("waar", pass_context(_items_where))
    env.filters.setdefault("inhoud", phase_content)
    env.filters.setdefault("dagen_tot", days_until)
    env.filters.setdefault("bedragen", amounts_in)
    env.tests.setdefault("naam_in", name_in)
    return env


RULES_FILE = "advies.yaml"
PLAN_NAME = "plan"  # the details of plan.yaml a rule can read (plan.versiedatum), next to the phases
REQUIRED_NAME = "verplicht"  # verplicht.<fase>.alle / .open: the phase's required questions that apply
BUDGET_NAME = "begroting"  # the budget lines as a ledger (insight/ledger.py): totals apart, cover and gap per year


def budget_scope(scope: Mapping[str, Any]) -> dict[str, Any]:
    """``begroting.…`` for a rule: the ledger worked out from the answers, as plain data, so a
    rule compares the same totals and gaps the documents print (never its own sum)."""

    block = _budget_block()
    if not block:
        return {}
    return ledger_from_scope(scope, block, _choice_label(block)).as_dict()


def _choice_label(block: Mapping[str, Any]) -> Any:
    """The questionnaire's label of a budget line's choice field ("Jeugdwet"), for messages."""

    phase, _, question_id = str(block["vraag"]).partition(".")
    questionnaire = load_catalog().get(phase)
    question = questionnaire.question(question_id) if questionnaire else None

    def label(field_id: str, value: Any) -> str:
        sub = question.field(field_id) if question is not None else None
        choice = sub.choice(value) if sub is not None and isinstance(value, str) else None
        return choice.label if choice else answer_text(value)
    return label


@lru_cache(maxsize=1)
def _budget_block() -> dict[str, Any]:
    try:
        config = load_config()
    except (OSError, QuestionnaireError):
        return {}
    block = config.get("begroting")
    return dict(block) if isinstance(block, dict) else {}


class RequiredQuestions(Mapping):
    """``verplicht.<fase>``: the ids of the required questions of a phase that apply to this
    plan (``alle``) and of those still open (``open``), worked out from the questionnaire, so
    a rule never keeps its own copy of that list; only for the phases a rule asks about."""

    def __init__(self, answer_set: Any) -> None:
        self._answer_set = answer_set
        self._found: dict[str, dict[str, list[str]]] = {}

    def __getitem__(self, phase: str) -> dict[str, list[str]]:
        if phase not in self._found:
            answers = self._answer_set[phase]  # KeyError: a phase this plan does not have
            required = [q for q in self._answer_set.active_questions(answers.questionnaire) if q.required]
            self._found[phase] = {"alle": [q.id for q in required],
                                  "open": [q.id for q in required if not is_answered(answers.get(q.id))]}
        return self._found[phase]

    def __iter__(self) -> Any:
        return iter([answers.questionnaire.phase for answers in self._answer_set])

    def __len__(self) -> int:
        return len(list(iter(self)))
_RULE_KEYS = {"id", "fase", "ernst", "wanneer", "bericht", "bron"}


@dataclass(frozen=True)
class Rule:
    id: str
    phase: str
    severity: str
    condition: Condition
    message: str
    source: str

    @property
    def severity_label(self) -> str:
        return SEVERITIES[self.severity]


@dataclass(frozen=True)
class Advice:
    """One rule that applies to the plan now."""

    rule: Rule
    message: str
    hits: tuple[Any, ...] = ()
    acknowledged: str | None = None  # the reason, when the group weighed it

    @property
    def is_open(self) -> bool:
        return self.acknowledged is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.rule.id,
            "fase": self.rule.phase,
            "ernst": self.rule.severity,
            "bericht": self.message,
            "bron": self.rule.source,
            "treffers": [str(h) for h in self.hits],
            "afgewogen": self.acknowledged,
        }


def load_rules(path: Path | None = None, phases: tuple[str, ...] | None = None) -> tuple[Rule, ...]:
    """Load and check the advice rules; a broken rule names the file and its id.

    The result is remembered in this process while the file is unchanged: the wizard
    asks for advice at the end of every phase. (No copy in the user's cache: the
    shipped rules come checked from the package's build, see ``precompiled``, and
    the cache no longer made loading them faster.)
    """
    if path is None:
        path = data_dir("questionnaires") / RULES_FILE
        if not path.exists():
            return ()  # no rules shipped: no advice
    register_name_helpers(environment())
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _load_rules(path, stamp, phases)


@lru_cache(maxsize=8)
def _load_rules(path: Path, _stamp: int, phases: tuple[str, ...] | None) -> tuple[Rule, ...]:
    return _build_rules(path, phases)


def _build_rules(path: Path, phases: tuple[str, ...] | None) -> tuple[Rule, ...]:
    from jinja2 import TemplateSyntaxError


    register_name_helpers(environment())  # each rule's condition is tried out below, helpers and all
    raw = read_definition(path, what="de adviesregels")
    items = raw.get("regels") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise QuestionnaireError("verwacht 'regels:' met een lijst van regels", path=path)
    rules: list[Rule] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        rid = item.get("id") if isinstance(item, dict) else None
        label = str(rid) if rid else f"regel {number}"

        def fail(message: str) -> QuestionnaireError:
            return QuestionnaireError(message, path=path, question_id=label)

        if not isinstance(item, dict) or not isinstance(rid, str) or not rid.strip():
            raise fail("elke regel heeft een 'id'")
        unknown = sorted(set(item) - _RULE_KEYS)
        if unknown:
            raise fail(f"{'onbekende sleutel' if len(unknown) == 1 else 'onbekende sleutels'}: "
                       f"{', '.join(map(str, unknown))}")
        if rid in seen:
            raise fail("deze regel-id komt twee keer voor")
        seen.add(rid)
        for key in ("fase", "ernst", "wanneer", "bericht", "bron"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise fail(f"'{key}' ontbreekt of is geen tekst")
        if item["ernst"] not in SEVERITIES:
            raise fail(f"'ernst' moet {' of '.join(SEVERITIES)} zijn")
        if phases is not None and item["fase"] not in phases:
            raise fail(f"onbekende fase '{item['fase']}'")
        try:
            condition = compile_condition(item["wanneer"].strip())
            for row_source in () if is_prechecked(condition.source) else _row_sources(condition.source):
                compile_condition(row_source)  # (the package's build checked those of its own rules)
        except ConditionSyntaxError as exc:
            raise fail(str(exc)) from None
        if phases is not None:
            unknown_names = sorted(condition.names - set(phases)
                                   - {"none", "true", "false", PLAN_NAME, REQUIRED_NAME, BUDGET_NAME})
            if unknown_names:
                raise fail(f"de voorwaarde noemt {'een onbekende naam' if len(unknown_names) == 1 else 'onbekende namen'}"
                           f": {', '.join(unknown_names)} "
                           "(schrijf de fase ervoor, bijvoorbeeld visie.perspectief)")
        message = " ".join(item["bericht"].split())
        try:
            check_message(message)  # checked now, compiled only when the advice applies
        except TemplateSyntaxError as exc:
            raise fail(f"het bericht klopt niet: {exc.message}") from None
        rules.append(Rule(rid, item["fase"], item["ernst"], condition, message, item["bron"].strip()))
    return tuple(rules)


def evaluate_advice(rules: tuple[Rule, ...], answer_set: Any,
                    acknowledged: Mapping[str, str] | None = None,
                    plan_details: Mapping[str, Any] | None = None) -> list[Advice]:
    """Every rule that applies now, in rule order, with acknowledgements applied.

    ``plan_details`` are the plain details of plan.yaml (see :func:`plan_scope`), under the
    name ``plan``: a rule can compare an answer with the date of this version of the plan.
    """
    acknowledged = acknowledged or {}
    register_name_helpers(environment())
    scope = dict(answer_set.scope())
    if plan_details is not None or PLAN_NAME not in scope:
        scope[PLAN_NAME] = dict(plan_details or {})
    scope[REQUIRED_NAME] = RequiredQuestions(answer_set)
    scope[BUDGET_NAME] = budget_scope(scope)
    result = []
    for rule in rules:
        value = rule.condition.value(scope)
        hits: tuple[Any, ...] = ()
        if hasattr(value, "__next__"):  # a generator from select/reject/map without '| list'
            value = list(value)
        if isinstance(value, (list, tuple, set)):
            hits = tuple(value)
            applies = bool(hits)
        else:
            applies = bool(value) and not _is_undefined(value)
        if not applies:
            continue
        try:
            message = " ".join(message_template(rule.message).render(**scope, treffers=list(hits)).split())
        except Exception:  # a message that cannot be filled in still says what the rule is about
            message = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "…", rule.message)
        result.append(Advice(rule, message, hits, acknowledged.get(rule.id)))
    return result


def _is_undefined(value: Any) -> bool:
    from jinja2 import Undefined

    return isinstance(value, Undefined)


def advice_for_phase(advice: list[Advice], phase: str) -> list[Advice]:
    return [a for a in advice if a.rule.phase == phase]


def plan_advice(plan: Any, catalog: Any, answer_set: Any) -> list[Advice]:
    """All advice for a plan, with the plan's acknowledgements (``afgewogen``) applied."""
    return evaluate_advice(load_rules(phases=catalog.phases), answer_set, dict(plan.meta.acknowledged),
                           plan_scope(plan.meta))


def plan_scope(meta: Any) -> dict[str, Any]:
    """The details of plan.yaml that advice rules read as ``plan.…``: plain text and dates only
    (never the clock: the same plan gives the same advice on every day)."""
    details = {"titel": meta.titel, "gemeente": meta.gemeente, "regio": meta.regio,
               "startdatum": meta.startdatum, "versiedatum": meta.versiedatum}
    # what plan.yaml still says about the regisseur's name: an older plan's, or one its migration left because
    # it differed from Vertrekpunt's answer (which the documents print); no e-mail: not needed
    director = {"naam": meta.regisseur.naam, "organisatie": meta.regisseur.organisatie}
    details["regisseur"] = {key: value for key, value in director.items() if value} or None
    return {key: value for key, value in details.items() if value not in (None, "")}


def count_advice(advice: list[Advice]) -> dict[str, int]:
    return {
        "let_op": sum(1 for a in advice if a.is_open and a.rule.severity == "let_op"),
        "tip": sum(1 for a in advice if a.is_open and a.rule.severity == "tip"),
        "afgewogen": sum(1 for a in advice if not a.is_open),
    }


def advice_summary(counts: dict[str, int]) -> str:
    """'1 let op en 2 tips open; 1 afgewogen', or 'geen open advies' (as the overview says it)."""
    if counts["let_op"] or counts["tip"]:
        said = f"{counts['let_op']} let op en {count(counts['tip'], 'tip', 'tips')} open"
    else:
        said = "geen open advies"
    return said + (f"; {counts['afgewogen']} afgewogen" if counts["afgewogen"] else "")


def format_advice(advice: Advice) -> str:
    """One advice as the terminal shows it."""
    head = f"[{advice.rule.severity_label}] " if advice.is_open else "[afgewogen] "
    text = f"{head}{advice.message}\n    Bron: {advice.rule.source} (regel {advice.rule.id})"
    if advice.acknowledged:
        text += f"\n    Afgewogen: {advice.acknowledged}"
    return text
