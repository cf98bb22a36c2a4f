"""The questionnaire model: phases, sections, questions and choices, frozen once loaded.

These are only the shapes. Loading and checking a definition (``questionnaire/catalog.py``)
also checks each default value against its question with ``questionnaire/validation.py``, and
validation in turn works on these shapes; with both in one module the two would
import each other. ``questionnaire/catalog.py`` still offers every name here, so the rest
of the package reads the model from one place.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from handreiking.core.values import plural_noun
from handreiking.questionnaire.expressions import Condition

KINDS = ("tekst", "lange_tekst", "keuze", "meerkeuze", "janee", "getal", "datum", "groep")
CHOICE_KINDS = ("keuze", "meerkeuze")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    help: str = ""
    former: tuple[str, ...] = ()  # ``vroeger``: codes this choice had before, read as this one
    sentence: str = ""  # ``in_zin``: the choice as a whole sentence in a document


@dataclass(frozen=True)
class ChoiceSource:
    """Choices taken from the items of a group, e.g. the stakeholders of phase 1."""

    phase: str
    group: str
    value_field: str
    label_field: str

    def choices(self, answers_by_phase: Mapping[str, Mapping[str, Any]]) -> tuple[Choice, ...]:
        items = (answers_by_phase.get(self.phase) or {}).get(self.group)
        result: dict[str, Choice] = {}
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, Mapping):
                continue
            value = item.get(self.value_field)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
                label = item.get(self.label_field)
                label = str(label).strip() if isinstance(label, (str, int, float)) and str(label).strip() else ""
                value = str(value).strip()
                title = value if not label or label == value else f"{value} — {label}"
                result.setdefault(value, Choice(value, title))
        return tuple(result.values())


@dataclass(frozen=True)
class Rules:
    """Validation limits of one question; ``None`` means no limit."""

    min: Any = None
    max: Any = None
    whole: bool = False  # ``geheel``: a count, a year or a month; 9,5 is a typing error there
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None
    # ``niet_als`` on a field of a group: (condition over the item's fields, Dutch message
    # template over them). A value that fits the field on its own can contradict another
    # field of the same item (a structural budget line with an end year).
    forbidden_when: tuple[tuple[Any, str], ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: str
    help: str = ""
    explanation: str = ""
    example: str = ""
    default: Any = None
    required: bool = False
    # ``mag_leeg`` (a field of a group): left empty, the item is complete all the same (an e-mail
    # address, the month a budget line starts); any other empty field of an item is an open point
    may_be_empty: bool = False
    # ``uniek`` (a field of a group): no two items share this value; answers elsewhere point to an
    # item by it (``keuzes_uit``), and a copy gets a value of its own
    unique: bool = False
    choices: tuple[Choice, ...] = ()
    allow_other: bool = False
    rules: Rules = Rules()
    condition: Condition | None = None
    fields: tuple["Question", ...] = ()
    item_name: str = "item"
    item_article: str = "de"  # ``item_lidwoord``: "het" for "het doel", so the wizard says "dit doel"
    item_plural: str = ""
    summary_field: str | None = None
    section: str = ""
    choice_source: ChoiceSource | None = None
    topic: str = ""  # ``onderwerp``: what the answer is about, as it reads mid-sentence in a document
    unit: str = ""  # ``eenheid``: 'euro' for an amount (the wizard repeats it as € 24.500)
    column: str = ""  # ``kolom``: a field's short title above its column in the wizard's table of items
    former_ids: tuple[str, ...] = ()  # ``vroeger``: ids this question had before, read as this one
    not_before: str | None = None  # ``niet_voor``: a date question (same item or phase) this date may not precede
    # ``achterhaald``: once this condition holds (a later answer settles the point), documents
    # print ``settled_text`` instead of the answer ("nog niet duidelijk" from an earlier phase)
    settled_when: Condition | None = None
    settled_text: str = ""

    @property
    def subject(self) -> str:
        """How a document or the overview names this question's topic: its ``onderwerp``,
        else the question itself. Documents speak as the plan, so the question is only a
        fallback (the questionnaires give every question an ``onderwerp``)."""
        return self.topic or self.text.rstrip("?").strip()

    def is_active(self, scope: Mapping[str, Any]) -> bool:
        """Whether this question applies, given all answers in ``scope``."""
        return self.condition is None or self.condition.evaluate(scope)

    def choice(self, value: Any) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def renamed_choice(self, value: Any) -> Choice | None:
        """The choice that had the code ``value`` before it was renamed (``vroeger``)."""
        return next((c for c in self.choices if value in c.former), None)

    def renamed_field(self, field_id: str) -> "Question | None":
        """The field of this group that had the id ``field_id`` before (``vroeger``)."""
        return next((f for f in self.fields if field_id in f.former_ids), None)

    def field(self, field_id: str) -> "Question | None":
        return next((f for f in self.fields if f.id == field_id), None)

    @property
    def unique_field(self) -> "Question | None":
        """The field of this group whose value is each item's own (``uniek``), if any."""
        return next((f for f in self.fields if f.unique), None)

    @property
    def is_group(self) -> bool:
        return self.kind == "groep"

    @property
    def items_name(self) -> str:
        """The plural of ``item_name`` ('uitgangspunten'), for 'nog 2 van de 4 uitgangspunten'."""

        return self.item_plural or plural_noun(self.item_name)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    phase: str
    number: int
    title: str
    intro: str
    source: str
    sections: tuple[Section, ...]
    path: Path | None = None
    _by_id: dict[str, Question] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._by_id:  # made from the cache: the index is not stored there
            self._by_id.update((q.id, q) for s in self.sections for q in s.questions)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def renamed_question(self, question_id: str) -> Question | None:
        """The question that had the id ``question_id`` before it was renamed (``vroeger``)."""
        return next((q for q in self.questions if question_id in q.former_ids), None)

    @property
    def answer_filename(self) -> str:
        return f"{self.number}-{self.phase}.yaml"

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class Catalog:
    """All questionnaires, ordered by phase number."""

    questionnaires: tuple[Questionnaire, ...]

    def __iter__(self):
        return iter(self.questionnaires)

    def __len__(self) -> int:
        return len(self.questionnaires)

    def get(self, phase: str) -> Questionnaire | None:
        return next((q for q in self.questionnaires if q.phase == phase), None)

    def find(self, name: str) -> Questionnaire | None:
        """Look a phase up by id, number or title, as a user might type it."""
        wanted = name.strip().lower()
        for q in self.questionnaires:
            if wanted in (q.phase, str(q.number), q.title.lower(), f"{q.number}-{q.phase}"):
                return q
        return None

    @property
    def phases(self) -> tuple[str, ...]:
        return tuple(q.phase for q in self.questionnaires)
