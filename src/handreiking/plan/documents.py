"""Document definitions: which documents a plan has, from which template and phases.

``templates/documenten.yaml`` lists them. Reading it is kept apart from the
renderer, so that ``check`` can verify the list without importing Jinja,
Markdown and python-docx.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handreiking.core.errors import QuestionnaireError
from handreiking.core.resources import data_dir
from handreiking.core.values import is_answered
from handreiking.core.yamlio import read_definition
from handreiking.questionnaire.catalog import Catalog, Question

FORMATS = ("md", "html", "docx", "pdf")
DEFAULT_FORMATS = ("md", "html", "docx")  # PDF needs the optional extra: only on request


@dataclass(frozen=True)
class Adoption:
    """Where a document says how far it is (``vaststelling:`` in documenten.yaml): three
    questions of its own phase, each as ``fase.vraag``. ``status`` is a choice whose
    ``standaard`` holds for an unanswered question; ``datum`` and ``door`` are asked when the
    chosen status calls for them (their ``wanneer``), so the engine needs no status words."""

    status: str
    date: str
    body: str

    def refs(self) -> tuple[tuple[str, str], ...]:
        """(phase, question id) of status, date and body, in that order."""
        return tuple(tuple(ref.split(".", 1)) for ref in (self.status, self.date, self.body))  # type: ignore[misc]


_ADOPTION_KINDS = (("status", ("keuze",)), ("datum", ("datum",)), ("door", ("tekst", "lange_tekst")))


@dataclass(frozen=True)
class DocumentSpec:
    id: str
    title: str
    template: str
    phases: tuple[str, ...]
    description: str = ""
    formats: tuple[str, ...] = FORMATS
    filename: str = ""  # defaults to the id
    history: bool = False  # shows the change log from git (``geschiedenis: true``)
    style: str = ""  # an extra page style for the HTML ("overzicht": the dashboard, on one A4 page)
    adoption: Adoption | None = None  # the questions that say whether it is a concept or adopted

    @property
    def stem(self) -> str:
        return self.filename or self.id


def load_documents(catalog: Catalog, folder: Path | None = None) -> tuple[DocumentSpec, ...]:
    """Read ``templates/documenten.yaml``: which documents exist and what they use."""

    path = (folder or data_dir("templates")) / "documenten.yaml"
    raw = read_definition(path, what="de lijst met documenten")
    items = raw.get("documenten") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise QuestionnaireError("verwacht 'documenten:' met een lijst", path=path)
    specs = []
    for item in items:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "titel", "sjabloon")):
            raise QuestionnaireError("elk document heeft 'id', 'titel' en 'sjabloon'", path=path)
        phases = tuple(item.get("fasen") or ())
        unknown = [p for p in phases if catalog.get(p) is None]
        if unknown:
            raise QuestionnaireError(f"onbekende fase(n) {', '.join(unknown)}", path=path, question_id=item["id"])
        formats = tuple(item.get("formaten") or FORMATS)
        if any(f not in FORMATS for f in formats):
            raise QuestionnaireError(f"onbekend formaat; kies uit {', '.join(FORMATS)}", path=path,
                                     question_id=item["id"])
        filename = str(item.get("bestand") or "")
        if filename and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", filename):
            raise QuestionnaireError("'bestand' mag alleen kleine letters, cijfers, - en _ bevatten", path=path,
                                     question_id=item["id"])
        adoption = _adoption(catalog, item.get("vaststelling"), path, item["id"])
        if adoption is not None and any(phase not in phases for phase, _ in adoption.refs()):
            raise QuestionnaireError("de fase van 'vaststelling' hoort ook bij 'fasen': anders wordt het document "
                                     "niet opnieuw gemaakt als de status verandert", path=path, question_id=item["id"])
        specs.append(DocumentSpec(item["id"], item["titel"], item["sjabloon"], phases, item.get("omschrijving", ""),
                                  formats, filename, item.get("geschiedenis") is True, str(item.get("stijl") or ""),
                                  adoption))
    return tuple(specs)


def _adoption(catalog: Catalog, raw: object, path: Path, document_id: str) -> Adoption | None:
    """``vaststelling: {status: fase.vraag, datum: fase.vraag, door: fase.vraag}``, checked
    against the questionnaires, so a typo is an error when the list is read."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {key for key, _ in _ADOPTION_KINDS}:
        raise QuestionnaireError("'vaststelling' noemt de vragen voor status, datum en door, elk als fase.vraag",
                                 path=path, question_id=document_id)
    for key, kinds in _ADOPTION_KINDS:
        question = _question(catalog, raw[key])
        if question is None:
            raise QuestionnaireError(f"'vaststelling' noemt bij '{key}' een vraag die niet bestaat: '{raw[key]}'",
                                     path=path, question_id=document_id)
        if question.kind not in kinds:
            raise QuestionnaireError(f"de vraag '{raw[key]}' bij '{key}' moet van het type "
                                     f"{' of '.join(kinds)} zijn", path=path, question_id=document_id)
        if key == "status" and question.choice(question.default) is None:
            raise QuestionnaireError(f"de vraag '{raw[key]}' heeft een 'standaard' nodig: de status van het "
                                     "document zolang de vraag open is", path=path, question_id=document_id)
    return Adoption(raw["status"], raw["datum"], raw["door"])


def _question(catalog: Catalog, ref: object) -> Question | None:
    phase, _, question_id = str(ref).partition(".")
    questionnaire = catalog.get(phase)
    return questionnaire.question(question_id) if questionnaire is not None else None


def carried_over_statuses(specs: Iterable[DocumentSpec], statuses: Iterable[Any],
                          current: Callable[[str, str], Any]) -> list[tuple[str, str, Any]]:
    """Where the ``documenten:`` block of an older plan.yaml goes: ``(phase, question id,
    value)`` for each status, date and body that its document's ``vaststelling`` has a
    question for. ``current(phase, question_id)`` is the answer there now: a document whose
    questions already have an answer keeps them all (the phase is where the plan says it;
    the block stays in the migration's backup). Used by the migration, which writes them,
    and by commands that only read an older plan, which see them in memory."""

    by_id = {spec.id: spec.adoption for spec in specs if spec.adoption is not None}
    moves = []
    for status in statuses:
        adoption = by_id.get(status.id)
        if adoption is None:  # a document that no longer exists: nothing asks for it
            continue
        refs = adoption.refs()
        if any(is_answered(current(phase, question_id)) for phase, question_id in refs):
            continue
        moves.extend((phase, question_id, value)
                     for (phase, question_id), value in zip(refs, (status.status, status.datum, status.door))
                     if is_answered(value))
    return moves
