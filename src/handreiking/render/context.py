"""Turns validated answers into the context a document template sees.

Templates must never see raw YAML shapes: a choice becomes a ``Chosen`` with
its label, a date a Dutch date, and an open answer an explicit ``Open``
placeholder that prints as *Nog in te vullen: …* and is false in an ``if``.
Every question id of every phase is present, so a typo in a template is an
error (StrictUndefined) instead of silently empty text.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from handreiking.core.markdown_text import escape_markdown
from handreiking.core.values import format_date, format_value, is_answered, join_dutch, parse_date
from handreiking.plan.answers import AnswerSet, phase_progress
from handreiking.plan.folder import Plan
from handreiking.questionnaire.catalog import OTHER_VALUE, Catalog, Question

if TYPE_CHECKING:  # pragma: no cover - typing only
    from handreiking.plan.documents import Adoption

__all__ = ["format_date", "format_value", "join_dutch"]  # for templates' filters in render


class Markdown(str):
    """Text that is already Markdown and must not be escaped again."""


class Open:
    """Placeholder for an unanswered question: visible in the draft, false in tests."""

    def __init__(self, question_text: str, label: str = "Nog in te vullen") -> None:
        self.question_text = question_text
        self.label = label

    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __iter__(self):
        return iter(())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Open) and other.question_text == self.question_text

    def __hash__(self) -> int:
        return hash(self.question_text)

    def markdown(self) -> Markdown:
        text = escape_markdown(self.question_text.rstrip("?").strip())
        return Markdown(f"*{self.label}: {text}*" if text else f"*{self.label}*")

    def __str__(self) -> str:
        return self.markdown()


class Settled(Open):
    """An answer from an earlier phase that a later answer has settled (the question's
    ``achterhaald``): false in an ``if``, printed as the questionnaire's text for it."""

    def markdown(self) -> Markdown:
        return Markdown(escape_markdown(self.question_text))


@dataclass(frozen=True, eq=False)
class Chosen:
    """A chosen option: prints as its label, compares equal to its value."""

    waarde: str
    label: str
    hulp: str = ""
    in_zin: str = ""

    def __str__(self) -> str:
        return self.label

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Chosen):
            return other.waarde == self.waarde and other.label == self.label
        return other == self.waarde

    def __hash__(self) -> int:
        return hash(self.waarde)


# First words of option labels that are names and keep their capital mid-sentence.
_NAMES = frozenset({"Wet", "Jeugdwet", "Zorgverzekeringswet", "Wmo", "Wlz", "Inspectie", "Asschermiddelen",
                    "Alert4you", "Kinderopvangtoeslag"})


def mid_sentence(label: str) -> str:
    """An option label as it reads inside a sentence: 'Gesprekken of interviews' becomes
    'gesprekken of interviews'; names ('Jeugdwet', 'GGD', 'Lokale Educatieve Agenda') stay."""
    words = label.split()
    if not words:
        return label
    first = words[0]
    if (first.strip("(,") in _NAMES or any(c.isupper() or c.isdigit() for c in first[1:])
            or (len(words) > 1 and words[1][:1].isupper())):
        return label
    return label[:1].lower() + label[1:]


_ARTICLES = frozenset({"De", "Het", "Een"})


def typed_mid_sentence(text: str) -> str:
    """A typed answer as it reads inside a sentence: "De stuurgroep en het college" becomes
    "de stuurgroep en het college" ("Vastgesteld door de stuurgroep …"). Only an article
    followed by a lowercase word is lowered; anything else may be a name ("De Bolster",
    "Gemeenteraad Rivierenland") and stays as typed."""
    words = text.split(maxsplit=1)
    return mid_sentence(text) if len(words) > 1 and words[0] in _ARTICLES else text


def prose(value: Any) -> Any:
    """Template filter ``zin``: chosen options joined as Dutch prose ("a, b en c"), with
    option labels (and "anders" texts) in lower case as they stand mid-sentence; names keep
    their capitals. Typed text only loses the capital of a leading article
    (:func:`typed_mid_sentence`)."""
    if isinstance(value, Open):
        return value.markdown()
    items = value if isinstance(value, (list, tuple)) else [value]
    parts = []
    for item in items:
        if isinstance(item, Chosen):
            parts.append(escape_markdown(mid_sentence(item.label)))
        elif isinstance(item, str) and not isinstance(item, Markdown):
            parts.append(str(finalize(typed_mid_sentence(item))))
        else:
            parts.append(str(finalize(item)))
    return Markdown(join_dutch(parts))


def full_stop(value: Any) -> Any:
    """Template filter ``punt``: an answer that ends a sentence gets its full stop (typed
    answers often lack one); an open answer stays a placeholder."""
    if isinstance(value, Open):
        return value.markdown()
    text = str(finalize(value)).rstrip()
    return Markdown(text if not text or text[-1] in ".?!…:;" else text + ".")


def as_sentence(value: Any) -> Any:
    """Template filter ``als_zin``: a chosen option as the whole sentence the questionnaire
    wrote for it (``in_zin``); without one (an "anders" text, typed text) the answer itself
    with its full stop. An open answer stays a placeholder."""
    if isinstance(value, Chosen) and value.in_zin:
        return Markdown(escape_markdown(value.in_zin))
    return full_stop(value)


def relative_to_version(context: Any, value: Any) -> str:
    """Template filter ``tijd``: where a date stands against the plan's version date,
    "voorbij" (before it), "nu" (on it) or "komend" (after it); "" for an open answer.
    Templates choose their tense with it, so a text written in April does not read as
    current in June of the next year."""
    version = context["plan"]["versiedatum"]
    day = value if isinstance(value, dt.date) else None
    if day is None or version is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    return "voorbij" if day < version else ("nu" if day == version else "komend")


def yes_no(value: Any, yes: str, no: str) -> Any:
    """Template filter ``janee``: a yes/no answer as the sentence the template wrote for it.
    An open answer stays a placeholder; a sentence may be empty (then nothing is said)."""
    if isinstance(value, Open):
        return value.markdown()
    return Markdown(yes if value else no)


def finalize(value: Any) -> Any:
    """Jinja ``finalize``: every ``{{ … }}`` output is made safe Markdown."""
    if isinstance(value, Markdown):
        return value
    if isinstance(value, Open):
        return value.markdown()
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return Markdown(join_dutch([finalize(v) for v in value]))
    return escape_markdown(format_value(value))


_ADDRESSES_READER = re.compile(r"\b(u|uw|U|Uw)\b")


def placeholder_text(question: Question, where: str = "") -> str:
    """What an open answer says in a document: the question's topic (``onderwerp``, "de
    kernwaarden"). Without one, the question, unless it speaks to the reader (*u*, *uw*):
    documents speak as the plan, so then only where it is asked."""
    if question.topic:
        return question.topic
    if not _ADDRESSES_READER.search(question.text):
        return question.text
    return where


def convert_answer(question: Question, value: Any, active: bool, where: str = "") -> Any:
    """One answer as the template sees it; ``where`` names the place the question is asked
    (section and phase), for a placeholder that cannot quote the question."""
    if not active:
        return Open(placeholder_text(question, where), "Niet van toepassing")
    if not is_answered(value):
        return Open(placeholder_text(question, where))
    if question.kind == "keuze":
        return _chosen(question, value)
    if question.kind == "meerkeuze":
        return [_chosen(question, v) for v in value]
    if question.kind == "datum":
        return parse_date(value)
    if question.kind == "groep":
        return [
            {f.id: convert_answer(f, item.get(f.id), True) for f in question.fields}
            for item in value
        ]
    if question.kind in ("tekst", "lange_tekst"):
        return str(value).strip()
    return value


def _chosen(question: Question, value: Any) -> Chosen:
    if isinstance(value, dict):
        return Chosen(OTHER_VALUE, str(value.get(OTHER_VALUE, "")).strip())
    choice = question.choice(value)
    if choice is None:  # validation reports it; render what is there
        return Chosen(str(value), str(value))
    return Chosen(choice.value, choice.label, choice.help, choice.sentence)


def _moved(old: str, new: str) -> Any:
    """A name a template may still use that moved: using it stops the render with a message
    that says where the value is now (the environment's undefined is strict)."""
    from jinja2 import StrictUndefined  # late: jinja2 is loaded with the templates, not with this module

    return StrictUndefined(hint=f"'{old}' bestaat niet meer; gebruik '{new}' (een antwoord bij Vertrekpunt)")


def _moved_director() -> dict[str, Any]:
    return {"naam": _moved("plan.regisseur.naam", "vertrekpunt.regisseur_naam"),
            "organisatie": _moved("plan.regisseur.organisatie", "vertrekpunt.regisseur_organisatie")}


def build_context(plan: Plan, answer_set: AnswerSet, catalog: Catalog) -> dict[str, Any]:
    """The template context shared by all documents of one render."""
    meta = plan.meta
    context: dict[str, Any] = {
        "plan": {
            "titel": meta.titel,
            "gemeente": meta.gemeente or Open("Gemeente"),
            "regio": meta.regio,
            # the name and organisation are answers of Vertrekpunt (schema 6); a template of the
            # plan's own (sjablonen/) that still names them here is told where they are now
            "regisseur": {"email": meta.regisseur.email, **_moved_director()},
            "startdatum": meta.startdatum or Open("Startdatum"),
            "versiedatum": meta.document_date,
        },
        "vragen": {},
        "fasen": [],
        "open_punten": [],
        "tekort": {},
    }
    for questionnaire in catalog:
        phase = answer_set[questionnaire.phase]
        scope = answer_set.scope(questionnaire.phase)
        context[questionnaire.phase] = {
            q.id: (Settled(q.settled_text)
                   if q.settled_when is not None and is_answered(phase.get(q.id)) and q.settled_when.evaluate(scope)
                   else convert_answer(q, phase.get(q.id), q.is_active(scope),
                                       f"{mid_sentence(section.title)} in de fase {questionnaire.title}"))
            for section in questionnaire.sections for q in section.questions
        }
        context["vragen"][questionnaire.phase] = {
            q.id: {"vraag": q.text, "hulp": q.help, "type": q.kind} for q in questionnaire.questions
        }
        progress = phase_progress(answer_set, questionnaire)
        context["fasen"].append({
            "id": questionnaire.phase, "nummer": questionnaire.number, "titel": questionnaire.title,
            "beantwoord": progress.answered, "totaal": progress.total,
            "open": len(progress.open) + len(progress.unfinished),
        })
        context["open_punten"].extend(
            {"fase": questionnaire.phase, "titel": questionnaire.title, "vraag": q.text, "onderwerp": q.subject,
             "id": q.id}
            for q in progress.open
        )
        # a list shorter than the guide asks is answered, but still an open item: "nog 2 van de 4 uitgangspunten"
        context["tekort"][questionnaire.phase] = {q.id: short for q, short in progress.short}
        context["open_punten"].extend(
            {"fase": questionnaire.phase, "titel": questionnaire.title, "vraag": f"{q.text} ({short})",
             "onderwerp": f"{q.subject} ({short})", "id": q.id}
            for q, short in progress.short
        )
        # an item with an empty field prints *Nog in te vullen* in its document: an open point as well
        context["open_punten"].extend(
            {"fase": questionnaire.phase, "titel": questionnaire.title, "vraag": f"{gap.question.text} ({gap.in_full})",
             "onderwerp": f"{gap.question.subject} ({gap.in_full})", "id": gap.question.id}
            for gap in progress.gaps
        )
    return context


def document_standing(adoption: Adoption | None, context: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """Where one document stands, from the questions its ``vaststelling`` names (usually in
    its own phase): the chosen status (the question's ``standaard`` while it is open), the
    date and the body that adopted it, and the line for the cover. Without a date the
    document carries the plan's version date: "Concept, versie 28 juni 2027"; with one,
    "Vastgesteld door de gemeenteraad op 25 juni 2026". The words come from the choice's
    label, so the engine knows no status."""
    version = context["plan"]["versiedatum"]
    if adoption is None:
        return {"status": "", "datum": version, "vastgesteld_door": "",
                "statusregel": f"Versie {format_date(version)}"}
    (status_phase, status_id), (date_phase, date_id), (body_phase, body_id) = adoption.refs()
    status = context[status_phase][status_id]
    if not isinstance(status, Chosen):  # open: the questionnaire's suggested status holds
        question = catalog.get(status_phase).question(status_id)
        status = _chosen(question, question.default)
    day = context[date_phase][date_id]
    body = context[body_phase][body_id]
    body = typed_mid_sentence(str(body)) if body and not isinstance(body, Open) else ""
    line = status.label + (f" door {body}" if body else "")
    line += f" op {format_date(day)}" if day and not isinstance(day, Open) else f", versie {format_date(version)}"
    return {"status": status.waarde, "datum": day if day and not isinstance(day, Open) else version,
            "vastgesteld_door": body, "statusregel": line}
