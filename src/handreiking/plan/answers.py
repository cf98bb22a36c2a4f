"""Reading and writing the answer files, one per phase.

The answer files are the user's: they may be edited by hand, commented and
reordered. Saving one answer therefore changes only that key in the
round-trip document (comments, order and unknown keys stay), and new keys are
placed in questionnaire order so files read like the wizard.

A file may even be edited by hand while the wizard runs (someone fixes a typo
in the editor on the second screen). Before each save the file on disk is
compared with the one that was read; when it changed, it is read again and
only the answers the wizard changed are written into it. When the same answer
was changed in both places, ``on_conflict`` decides which one stays.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from handreiking.core.errors import AnswerFileError
from handreiking.core.gate import read_plan_bytes
from handreiking.core.handtext import HandText
from handreiking.core.values import count, is_answered
from handreiking.core.yamldata import plain, set_in_order, to_yaml_value
from handreiking.core.yamlio import MAX_FILE_BYTES, load_yaml, read_yaml_fast
from handreiking.core.yamlsave import save_yaml
from handreiking.plan.fact_moves import LAST_MOVES_SCHEMA, PLAN_MOVES_BLOCK, move_facts, read_as_moved
from handreiking.plan.inplace import adopt_hand_edits, update_list
from handreiking.questionnaire.catalog import Catalog, Question, Questionnaire
from handreiking.questionnaire.condition_text import condition_in_words
from handreiking.questionnaire.validation import Report, describe_question, shortage, validate_phase

__all__ = ["AnswerSet", "PhaseAnswers", "PhaseView", "load_answers", "load_phase", "plain", "read_phase",
           "set_in_order", "to_yaml_value"]

_ABSENT = object()
NOT_ANSWERED = "nog niet beantwoord; de handreiking vraagt dit antwoord"
Stamp = tuple[int, int, str]  # (modification time in ns, size, sha-256) of a file as read


def file_header(questionnaire: Questionnaire) -> str:
    """The two comment lines a new answer file starts with (phase name and schema modeline)."""
    return (
        f"# Fase {questionnaire.number} · {questionnaire.title} — antwoorden voor handreiking\n"
        f"# yaml-language-server: $schema=../schema/{questionnaire.number}-{questionnaire.phase}.schema.json\n"
    )


@dataclass
class PhaseView:
    """The answers of one phase as read (plain data): what ``check``, ``render`` and
    ``status`` need. It cannot be saved; the wizard works on ``PhaseAnswers``."""

    questionnaire: Questionnaire
    path: Path
    data: Any

    def get(self, question_id: str) -> Any:
        return self.data.get(question_id)

    def is_visited(self, question_id: str) -> bool:
        """A key that is present (even empty: "weet ik nog niet") has been seen."""
        return question_id in self.data

    def answered(self) -> dict[str, Any]:
        return {k: v for k, v in self.data.items() if is_answered(v)}


@dataclass
class PhaseAnswers(PhaseView):
    """The answers of one phase, backed by a round-trip YAML document that can be saved."""

    prefix: str = ""  # comment-only text of a file that held no answers yet
    newline: str = "\n"  # a file written with CRLF keeps CRLF
    stamp: Stamp | None = None  # the file as it was read or last saved
    base: Any = None  # its answers then, as plain data
    # the same answer changed by hand and in the wizard: (key, wizard's, file's) → keep the wizard's?
    on_conflict: Callable[[str, Any, Any], bool] | None = None
    # the same list changed by hand and in the wizard: (key, as read, wizard's, file's, question) → merged
    # per item and field (``handmerge.merge_edit``, set by the wizard)
    merge_list: Callable[[str, Any, Any, Any, Any], Any] | None = None
    # the file no longer reads after a hand edit: (problem) → True to try again once it is fixed
    on_unreadable: Callable[[AnswerFileError], bool] | None = None
    hand: HandText = field(default_factory=HandText)  # the comments and blank lines of the file as read
    origin: dict[str, list[Any]] = field(default_factory=dict)  # the item objects of each list as read

    def __post_init__(self) -> None:
        self.origin = _item_objects(self.data)

    def set(self, question_id: str, value: Any) -> None:
        """Set one answer; new keys go after their predecessor in the questionnaire. A list
        given anew is worked into the list that is there (see ``inplace.update_list``), so
        comments and own keys of its items stay."""

        question = self.questionnaire.question(question_id)
        old = self.data.get(question_id)
        if isinstance(value, list) and value is not old and question is not None and update_list(
                old, value, tuple(f.id for f in question.fields), question.summary_field):
            return
        set_in_order(self.data, question_id, to_yaml_value(value), [q.id for q in self.questionnaire.questions])

    def text(self) -> str:
        body = self.hand.write(self.data)
        if self.prefix:
            return self.prefix + body
        return body

    def save(self) -> None:
        """Write the phase; answers changed by hand since it was read are kept, and so are
        comments and blank lines. The text is read back before it replaces the file
        (``yamlsave.save_yaml``): a text that would not read as these answers is not written."""
        save_yaml(self.path, self.text_to_save(), plain(self.data), root=self.path.parent.parent)
        self.mark_saved()

    def text_to_save(self) -> str:
        """The file's new text, with what was changed by hand since it was read carried
        over (``save`` writes it; a batch writes several phases at once)."""
        if changed_on_disk(self.path, self.stamp):
            self._merge_from_disk()
        text = self.text()
        if self.newline != "\n":
            text = text.replace("\r\n", "\n").replace("\n", self.newline)
        return text

    def mark_saved(self) -> None:
        """Remember the file as just written."""
        self.stamp = file_stamp(self.path)
        self.base = plain(self.data)
        self.origin = _item_objects(self.data)

    def _merge_from_disk(self) -> None:
        """Read the file again and carry over only what the wizard changed since it
        was read; a key changed on both sides goes to ``on_conflict``."""
        while True:
            try:
                fresh = load_phase(self.questionnaire, self.path.parent)
                break
            except AnswerFileError as exc:
                if self.on_unreadable is None or not self.on_unreadable(exc):
                    raise
        validate_phase(self.questionnaire, fresh.data, self.path)  # the same canonical values as ours

        mine, theirs, base = plain(self.data), plain(fresh.data), self.base or {}
        order = [q.id for q in self.questionnaire.questions]
        for key in list(dict.fromkeys([*base, *mine])):
            ours, before = mine.get(key, _ABSENT), base.get(key, _ABSENT)
            if ours == before:
                continue
            other = theirs.get(key, _ABSENT)
            question = self.questionnaire.question(key)
            clashed = True
            if isinstance(before, list) and isinstance(ours, list) and isinstance(other, list):
                # the wizard changed this list: carry the hand edits of its items into it (comments,
                # own keys, values the wizard left alone, a new order), keeping the wizard's objects
                clashed = adopt_hand_edits(before, self.data[key], fresh.data[key], self.origin.get(key, []),
                                           question.summary_field if question is not None else None,
                                           fresh.hand.rebind)
                mine[key] = ours = plain(self.data[key])
            if other != before and other != ours and clashed and self.merge_list is not None \
                    and question is not None and question.is_group and isinstance(ours, list) \
                    and isinstance(other, list):
                # a field changed in the file and in the wizard: asked per item and field
                merged = self.merge_list(key, _present(before), self.data[key], fresh.data[key], question)
                fresh.hand.rebind(self.data[key], merged)
                set_in_order(fresh.data, key, merged, order)
                continue
            if other != before and other != ours and clashed:
                keep_ours = self.on_conflict(key, _present(ours), _present(other)) if self.on_conflict else True
                if not keep_ours:
                    continue
            if ours is _ABSENT:
                fresh.data.pop(key, None)
            else:
                set_in_order(fresh.data, key, self.data[key], order)
        self.data, self.prefix, self.newline, self.hand = fresh.data, fresh.prefix, fresh.newline, fresh.hand


def _item_objects(data: Any) -> dict[str, list[Any]]:
    """The item objects of every list of items, to know an item later wherever it moved."""
    return {str(k): list(v) for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}


def _present(value: Any) -> Any:
    return None if value is _ABSENT else value


def changed_on_disk(path: Path, stamp: Stamp | None) -> bool:
    """Whether the file differs from ``stamp``: same time and size count as unchanged,
    otherwise the content decides (a file saved again unchanged is not a change)."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return stamp is not None
    except OSError:
        return True
    if stamp is None:
        return True
    if (stat.st_mtime_ns, stat.st_size) == stamp[:2]:
        return False
    try:
        return hashlib.sha256(_read_bounded(path)).hexdigest() != stamp[2]
    except (OSError, AnswerFileError):
        return True


def file_stamp(path: Path) -> Stamp | None:
    """What a file is now (None when it does not exist): changed files have another stamp."""
    try:
        stat = os.stat(path)
        digest = hashlib.sha256(_read_bounded(path)).hexdigest()
    except FileNotFoundError:
        return None
    except (OSError, AnswerFileError):  # unreadable or refused: reading it says why
        return (0, -1, "")
    return (stat.st_mtime_ns, stat.st_size, digest)


def _read_bounded(path: Path) -> bytes:
    """An answer file's bytes through the plan-file gate (no link out of the plan folder,
    no device or pipe, at most the size an answer file may have)."""

    return read_plan_bytes(path, inside=Path(path).parent.parent, limit=MAX_FILE_BYTES)


@dataclass
class AnswerSet:
    """All phases of one plan."""

    catalog: Catalog
    phases: dict[str, PhaseView] = field(default_factory=dict)  # PhaseAnswers when read to be saved
    # phase → the first problem in its file (unreadable, or a value that cannot be used): the wizard
    # leaves that phase alone until the file is fixed, so it never writes over what it could not read
    blocked: dict[str, AnswerFileError] = field(default_factory=dict)

    def __getitem__(self, phase: str) -> Any:  # PhaseAnswers for the wizard, PhaseView otherwise
        return self.phases[phase]

    def editable(self, phase: str) -> PhaseAnswers:
        """The phase read round-trip, to be changed and saved with its comments and order.

        Every phase is first only read (fast); the wizard and ``wizard --antwoorden`` ask for
        this when they are about to change a phase, so they read round-trip only what they
        save (the six phases of the example: 180-240 ms round-trip, 31 ms read fast). A phase
        read before and changed by hand since is read again, so the wizard shows the file as
        it is now. The values are made canonical as ``load_answers`` does. Raises
        ``AnswerFileError`` when the file no longer reads."""
        found = self.phases[phase]
        if isinstance(found, PhaseAnswers) and not (plain(found.data) == found.base
                                                    and changed_on_disk(found.path, found.stamp)):
            return found  # as read or saved, or with changes of its own (a save merges those)
        fresh, _ = _read_to_edit(found.questionnaire, found.path.parent)  # first time, or changed by hand
        self.phases[phase] = fresh
        return fresh

    def retry(self, phase: str) -> AnswerFileError | None:
        """A phase left alone (its file did not read, or held a value that cannot be used) read
        again, as the file may have been repaired meanwhile: ``None`` when it can be changed
        now, else the problem that is still there."""
        questionnaire = self.catalog.get(phase)
        try:
            fresh, found = _read_to_edit(questionnaire, self.phases[phase].path.parent)
        except AnswerFileError as problem:
            self.blocked[phase] = problem
            return problem
        if found.errors:  # a value that cannot be used, or git's conflict lines
            self.blocked[phase] = found.errors[0]
            return found.errors[0]
        self.phases[phase] = fresh
        self.blocked.pop(phase, None)
        return None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.phases.values())

    def scope(self, phase: str | None = None, item: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Names a ``wanneer`` condition can read: every phase by name, the
        current phase's answers directly, and the fields of the current group item."""
        return self.item_scopes(phase)(item or {})

    def item_scopes(self, phase: str | None = None) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
        """``scope(phase, item)`` for the many items of one phase: what does not depend on the
        item (every phase's answers) is gathered once."""
        own = self.phases[phase].answered() if phase is not None and phase in self.phases else {}
        names = {name: answers.answered() for name, answers in self.phases.items()}
        return lambda item: {**own, **{k: v for k, v in item.items() if is_answered(v)}, **names}

    def undecided(self, questionnaire: Questionnaire) -> tuple[Question, ...]:
        """The questions whose condition reads a phase whose file did not read: whether they
        apply cannot be told until that file is mended."""
        return tuple(q for q in questionnaire.questions
                     if q.condition is not None and q.condition.names & self.blocked.keys())

    def active_questions(self, questionnaire: Questionnaire) -> list[Question]:
        scope = self.scope(questionnaire.phase)
        return [q for q in questionnaire.questions if q.is_active(scope)]


def load_phase(questionnaire: Questionnaire, answers_dir: Path) -> PhaseAnswers:
    """Read one phase's answer file; a missing file is an empty phase."""
    from ruamel.yaml.comments import CommentedMap

    path = answers_dir / questionnaire.answer_filename
    stamp = file_stamp(path)  # before reading: a change in between shows up as a change
    if stamp is None:
        return PhaseAnswers(questionnaire, path, CommentedMap(), prefix=file_header(questionnaire), base={})
    data, text = load_yaml(path, what="het antwoordbestand", inside=answers_dir.parent)
    newline = "\r\n" if "\r\n" in text else "\n"
    if data is None:
        text = text.replace("\r\n", "\n")
        prefix = text if text.endswith("\n") or not text else text + "\n"
        return PhaseAnswers(questionnaire, path, CommentedMap(), prefix=prefix or file_header(questionnaire),
                            newline=newline, stamp=stamp, base={})
    if not isinstance(data, dict):
        raise AnswerFileError(
            "een antwoordbestand bevat regels 'vraag_id: antwoord'; dit bestand is een "
            + ("lijst" if isinstance(data, list) else "losse waarde"),
            path=path,
            line=1,
        )
    return PhaseAnswers(questionnaire, path, data, newline=newline, stamp=stamp, base=plain(data),
                        hand=HandText.read(text, data))


def _read_to_edit(questionnaire: Questionnaire, answers_dir: Path) -> tuple[PhaseAnswers, Report]:
    """One phase read round-trip, its values made canonical as ``load_answers`` does."""
    fresh = load_phase(questionnaire, answers_dir)
    found = validate_phase(questionnaire, fresh.data, fresh.path)
    fresh.base = plain(fresh.data)
    return fresh, found


def read_phase(questionnaire: Questionnaire, answers_dir: Path) -> PhaseView:
    """Read one phase for commands that only read: fast, plain data, not savable."""

    path = answers_dir / questionnaire.answer_filename
    data = read_yaml_fast(path, what="het antwoordbestand", inside=answers_dir.parent) if path.exists() else None
    if data is not None and not isinstance(data, dict):
        return load_phase(questionnaire, answers_dir)  # raises the located error
    return PhaseView(questionnaire, path, data or {})


def load_answers(catalog: Catalog, answers_dir: Path, *, round_trip: bool = True,
                 schema: int | None = None, plan_details: dict[str, Any] | None = None) -> tuple[AnswerSet, Report]:
    """Load and validate every phase. An unreadable file becomes an error in the
    report and an empty phase; each phase with a problem is listed in
    ``AnswerSet.blocked``, so one broken file does not hide (or block) the others.

    Only the wizard needs ``round_trip`` (to save while keeping comments);
    other commands read fast and re-read a file round-trip only to locate a
    problem by line and column.

    ``schema``: the plan's schema version. A plan from before the last schema with fact moves
    is read as the migration will write it (``fact_moves``), in memory only: nothing is saved here.
    ``plan_details``: plan.yaml's ``regisseur`` block of such a plan (its name and organisation
    are read where the migration puts them, in Vertrekpunt's answers).
    """
    answer_set = AnswerSet(catalog)
    report = Report()
    load = load_phase if round_trip else read_phase
    locate = load_phase  # a phase with a problem is read again round-trip, to say its line
    if schema is not None and schema < LAST_MOVES_SCHEMA:
        load = _moved_in_memory(catalog, answers_dir, schema, plan_details, round_trip=round_trip)
        located: list[Callable[[Questionnaire, Path], PhaseView]] = []

        def locate(questionnaire: Questionnaire, answers_dir: Path) -> PhaseView:
            """Read round-trip, to locate a problem, with the same moves (only when there is one)."""
            if not located:
                located.append(_moved_in_memory(catalog, answers_dir, schema, plan_details))
            return located[0](questionnaire, answers_dir)
    for questionnaire in catalog:
        try:
            phase = load(questionnaire, answers_dir)
            found = validate_phase(questionnaire, phase.data, phase.path)
            if (found.errors or found.warnings) and not round_trip:
                phase = locate(questionnaire, answers_dir)
                found = validate_phase(questionnaire, phase.data, phase.path)
        except AnswerFileError as exc:
            report.errors.append(exc)
            answer_set.blocked[questionnaire.phase] = exc
            phase = PhaseView(questionnaire, answers_dir / questionnaire.answer_filename, {})
        else:
            report.extend(found)
            if isinstance(phase, PhaseAnswers):
                phase.base = plain(phase.data)
            if found.errors:  # a merge conflict too: never read as answers until someone chooses
                answer_set.blocked[questionnaire.phase] = found.errors[0]
        answer_set.phases[questionnaire.phase] = phase
    for questionnaire in catalog:
        if questionnaire.phase in answer_set.blocked:
            continue
        phase = answer_set[questionnaire.phase]
        active = answer_set.active_questions(questionnaire)
        active_ids = {q.id for q in active}
        undecided = {q.id for q in answer_set.undecided(questionnaire)}  # cannot be judged: no warning
        for question in questionnaire.questions:
            if question.id in undecided:
                continue
            if question.id not in active_ids and is_answered(phase.get(question.id)):
                report.warnings.append(AnswerFileError(
                    f"{condition_in_words(question, questionnaire, catalog)}; "
                    "het antwoord blijft bewaard, maar komt niet in de documenten", path=phase.path,
                    question_id=question.id, subject=describe_question(question)))
        for question in active:
            if question.required and not is_answered(phase.get(question.id)):
                report.incomplete.append(AnswerFileError(
                    NOT_ANSWERED, path=phase.path,
                    question_id=question.id, subject=describe_question(question)))
    return answer_set, report


def _moved_in_memory(catalog: Catalog, answers_dir: Path, schema: int, plan_details: dict[str, Any] | None = None,
                     *, round_trip: bool = True) -> Callable[[Questionnaire, Path], PhaseView]:
    """Every phase read (round-trip when it is to be saved), with the moves of the schemas after
    ``schema`` (budget ledger, one fact one question) applied to the data as read; returns a
    loader that hands them out (or raises the error of a file that did not read). Commands that
    only read an older plan read it fast, as they read a current one."""
    from ruamel.yaml.comments import CommentedMap

    loaded: dict[str, PhaseView | AnswerFileError] = {}
    for questionnaire in catalog:
        try:
            loaded[questionnaire.phase] = (load_phase if round_trip else read_phase)(questionnaire, answers_dir)
        except AnswerFileError as exc:
            loaded[questionnaire.phase] = exc

    if round_trip:
        def phase(name: str) -> Any:
            found = loaded[name]
            if isinstance(found, AnswerFileError):  # not read: moves into it go nowhere, as nothing is saved
                questionnaire = catalog.get(name)
                return PhaseAnswers(questionnaire, answers_dir / questionnaire.answer_filename, CommentedMap(),
                                    base={})
            return found

        move_facts(phase, save=False, since=schema, plan_details=dict(plan_details or {}))
    else:
        read_as_moved({"schema_versie": schema, PLAN_MOVES_BLOCK: dict(plan_details or {})},
                      {name: found.data for name, found in loaded.items() if isinstance(found, PhaseView)})

    def load(questionnaire: Questionnaire, _answers_dir: Path) -> PhaseView:
        found = loaded[questionnaire.phase]
        if isinstance(found, AnswerFileError):
            raise found
        return found

    return load


@dataclass(frozen=True)
class ItemGaps:
    """The items of an answered list that still have an empty field: a document prints such a
    field as *Nog in te vullen*, so ``status`` and the overview count it as open too (a field
    marked ``mag_leeg``, like an e-mail address, is complete when empty)."""

    question: Question
    incomplete: int  # items with at least one empty field
    total: int
    fields: tuple[Question, ...]  # the fields empty in at least one item, in questionnaire order

    def _items(self) -> str:
        if self.total == 1:
            return count(1, self.question.item_name, self.question.items_name)
        return f"{self.incomplete} van de {self.total} {self.question.items_name}"

    @property
    def brief(self) -> str:
        """For ``status``: '4 van de 11 partijen niet volledig'."""
        return f"{self._items()} niet volledig"

    @property
    def in_full(self) -> str:
        """For the overview: 'bij 4 van de 11 partijen nog in te vullen: de vaste contactpersoon'."""
        names = [f.subject for f in self.fields]
        shown = ", ".join(names[:3]) + (f" en {len(names) - 3} andere" if len(names) > 3 else "")
        return f"bij {self._items()} nog in te vullen: {shown}"


def item_gaps(answer_set: AnswerSet, questionnaire: Questionnaire, questions: list[Question]) -> tuple[ItemGaps, ...]:
    """Per answered list among ``questions``: its items with an empty field that applies to them."""
    phase = answer_set[questionnaire.phase]
    found = []
    scope_of: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None
    for question in questions:
        items = phase.get(question.id)
        if not question.is_group or not isinstance(items, list) or not items:
            continue
        scope_of = scope_of or answer_set.item_scopes(questionnaire.phase)
        empty: set[str] = set()
        incomplete = 0
        for item in items:
            if not isinstance(item, Mapping):
                continue  # another shape is an error of the validation
            scope = scope_of(item)
            missing = [f.id for f in question.fields
                       if not f.may_be_empty and not is_answered(item.get(f.id)) and f.is_active(scope)]
            incomplete += bool(missing)
            empty.update(missing)
        if incomplete:
            found.append(ItemGaps(question, incomplete, len(items), tuple(f for f in question.fields if f.id in empty)))
    return tuple(found)


@dataclass(frozen=True)
class Progress:
    """How far a phase is: active questions, answered ones and the open ones."""

    total: int
    answered: int
    open: tuple[Question, ...]
    short: tuple[tuple[Question, str], ...] = ()  # lists shorter than the guide asks: (question, 'nog 2 van de 4 …')
    # Questions whose condition reads a phase whose file did not read: whether they apply
    # cannot be told until that file is mended, so they are counted neither way.
    undecided: tuple[Question, ...] = ()
    waiting_on: tuple[str, ...] = ()  # the titles of those phases
    gaps: tuple[ItemGaps, ...] = ()  # answered lists whose items still have empty fields

    @property
    def waiting(self) -> str:
        """'6 vragen wachten op Visie', or '' (for ``status`` and the wizard's menu alike)."""
        if not self.undecided:
            return ""
        return f"{count(len(self.undecided), 'vraag wacht', 'vragen wachten')} op {' en '.join(self.waiting_on)}"

    @property
    def is_complete(self) -> bool:
        """Every question that applies has an answer (the wizard's menu starts at the first phase that has not)."""
        return self.total > 0 and self.answered == self.total

    @property
    def unfinished(self) -> tuple[str, ...]:
        """What is answered but not done yet, briefly: 'nog 2 van de 4 uitgangspunten',
        '4 van de 11 partijen niet volledig'."""
        return tuple(short for _, short in self.short) + tuple(gap.brief for gap in self.gaps)

    @property
    def is_finished(self) -> bool:
        """Complete, no list too short, no item with an empty field, nothing waiting on a broken phase:
        what ``status`` marks with ✓ and calls *afgerond*."""
        return self.is_complete and not self.unfinished and not self.undecided


def phase_progress(answer_set: AnswerSet, questionnaire: Questionnaire) -> Progress:
    phase = answer_set[questionnaire.phase]
    undecided = answer_set.undecided(questionnaire)
    left_out = {q.id for q in undecided}
    active = [q for q in answer_set.active_questions(questionnaire) if q.id not in left_out]
    open_questions = tuple(q for q in active if not is_answered(phase.get(q.id)))
    short = tuple((q, problem) for q in active for problem in [shortage(q, phase.get(q.id))] if problem)
    waiting_on = sorted({answer_set.catalog.get(name).title for q in undecided for name in q.condition.names
                         if name in answer_set.blocked})
    return Progress(total=len(active), answered=len(active) - len(open_questions), open=open_questions,
                    short=short, undecided=undecided, waiting_on=tuple(waiting_on),
                    gaps=item_gaps(answer_set, questionnaire, active))
