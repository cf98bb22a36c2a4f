"""Walks a phase: resume, skip what does not apply, save after every answer.

The walker is a flat loop over the active questions (conditions are
re-evaluated after each answer, since an answer can switch later questions on
or off). It never holds an answer in memory only: each one is written to the
phase's answer file before the next question appears, so Ctrl-C, a closed
laptop or a crash cost nothing. Group editing is in ``wizard_groups``, the
end-of-phase review in ``wizard_review``; terminal I/O goes through ``prompts``.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Callable, Iterator

from handreiking.core.conflicts import short_value
from handreiking.core.errors import AnswerFileError, HandreikingError, WizardInterrupted
from handreiking.core.values import is_answered
from handreiking.plan.answers import AnswerSet, PhaseAnswers, phase_progress
from handreiking.plan.folder import Plan, PlanLock
from handreiking.questionnaire.catalog import Catalog, Choice, Question, Questionnaire
from handreiking.questionnaire.validation import date_order_problem
from handreiking.wizard import prompts
from handreiking.wizard.groups import GroupEditor
from handreiking.wizard.handmerge import merge_edit
from handreiking.wizard.prompts import Action, Context
from handreiking.wizard.review import (
    review,
    summarize,  # noqa: F401  (part of the wizard's API)
)

Echo = Callable[..., None]
_DONE = "__klaar__"


class Wizard:
    """One wizard session on a plan; holds the state needed to resume."""

    def __init__(self, plan: Plan, catalog: Catalog, answer_set: AnswerSet, map_arg: str = ".") -> None:
        self.plan = plan
        self.catalog = catalog
        self.answers = answer_set
        self.map_arg = map_arg
        self.current_phase: Questionnaire | None = None
        self.groups = GroupEditor(self)
        self._resume_group: str | None = None
        self.unsaved = False  # a save is waiting for an answer about the file (``_saving``)

    def phase_answers(self, questionnaire: Questionnaire) -> PhaseAnswers:
        """The phase the wizard is about to change: read round-trip now (the others stay only
        read), with the questions to ask when the file is changed by hand meanwhile."""
        phase = self.answers.editable(questionnaire.phase)
        phase.on_conflict = self._keep_wizard_answer
        phase.merge_list = self._merge_list
        phase.on_unreadable = self._retry_after_repair
        return phase

    # -- hand edits while the wizard runs ---------------------------------------

    def _keep_wizard_answer(self, question_id: str, mine: Any, theirs: Any) -> bool:
        """The same answer (or, in a list, the same field of one item) was changed in the file
        too: ask which one stays, both in words."""

        question, where = self._conflict_subject(question_id)
        prompts.show(f"{where} is ook in het bestand gewijzigd terwijl de wizard liep. "
                     "Er is nog niets bewaard: kies eerst welk antwoord blijft.", "fg:#8a4b00")
        with self._saving():
            return prompts.select("Welk antwoord blijft?", [
                (f"Dat uit de wizard: {short_value(mine, 56, question)}", True, ""),
                (f"Dat uit het bestand: {short_value(theirs, 52, question)}", False, ""),
            ], default=True)

    @contextmanager
    def _saving(self) -> Iterator[None]:
        """A question asked in the middle of a save: stopped there, the last answer is not saved,
        and the stop message must say so (``run_interactive``). Only an answer clears it."""
        self.unsaved = True
        yield
        self.unsaved = False

    def _merge_list(self, key: str, base: Any, mine: Any, theirs: Any, question: Any) -> Any:
        return merge_edit(key, base, mine, theirs, question, self._keep_wizard_answer)  # asks while saving

    def _conflict_subject(self, ref: str) -> tuple[Any, str]:
        """The question (or field) a reference such as ``stakeholders[Bibliotheek].rol`` is about,
        and how to name it: "Het antwoord op 'Welke rol…' bij stakeholder Bibliotheek"."""
        import re

        found = re.fullmatch(r"([^\[\].]+)(?:\[([^\]]*)\])?(?:\.(.+))?", ref)
        top, item, field_id = found.groups() if found else (ref, None, None)
        question = self.current_phase.question(top) if self.current_phase else None
        if question is None:
            return None, f"Het antwoord op '{ref}'"
        if item is None:
            return question, f"Het antwoord op '{question.text}'"
        if field_id is None:
            return question, f"{question.item_name.capitalize()} '{item}'"
        field = question.field(field_id)
        text = field.text if field is not None else field_id
        return field, f"Het antwoord op '{text}' bij {question.item_name} '{item}'"

    def _retry_after_repair(self, problem: AnswerFileError) -> bool:
        """The file was edited by hand and no longer reads: nothing is written over it."""
        prompts.show(f"Het antwoord hierboven is nog niet bewaard: het antwoordbestand is met de hand gewijzigd "
                     f"en kan nu niet gelezen worden:\n  {problem.format_message()}", "fg:#8a4b00")
        with self._saving():
            return prompts.confirm("Herstel het bestand en kies dan Ja om het antwoord op te slaan. (Nee stopt de "
                                   "wizard zonder dit antwoord; de andere antwoorden zijn al bewaard.)", default=True)

    # -- menu ---------------------------------------------------------------

    def menu(self) -> None:
        """Choose a phase until the user stops."""
        while True:
            choices = []
            for questionnaire in self.catalog:
                progress = phase_progress(self.answers, questionnaire)
                problem = self.answers.blocked.get(questionnaire.phase)
                if problem is not None:
                    choices.append((f"{questionnaire.label} — eerst het antwoordbestand herstellen",
                                    questionnaire.phase, problem.format_message()))
                    continue
                choices.append((
                    f"{questionnaire.label} — {progress.answered} van {progress.total} beantwoord"
                    + (f" ({progress.waiting})" if progress.waiting else ""),
                    questionnaire.phase,
                    first_sentence(questionnaire.intro),
                ))
            choices.append(("Stoppen", _DONE, ""))
            first_open = next((q.phase for q in self.catalog if q.phase not in self.answers.blocked
                               and not phase_progress(self.answers, q).is_complete), None)
            picked = prompts.select("Welke fase wilt u invullen?", choices, default=first_open,
                                    context=Context(heading=self.plan.meta.titel), record=False)
            if picked == _DONE:
                return
            # a phase left alone is read again: repaired meanwhile, it can be filled in now
            problem = self.answers.blocked.get(picked) and self.answers.retry(picked)
            if problem:
                _left_alone(problem)
                continue
            self.run_phase(self.catalog.get(picked))

    # -- one phase ------------------------------------------------------------

    def run_phase(self, questionnaire: Questionnaire, start_at: str | None = None) -> None:
        """Ask the phase from ``start_at`` (or the first unseen question), then review."""
        if start_at is not None and questionnaire.question(start_at) is None:
            raise unknown_question(questionnaire, start_at)
        try:
            phase = self.phase_answers(questionnaire)
        except AnswerFileError as problem:  # it read when the wizard started; since then edited by hand
            self.answers.blocked[questionnaire.phase] = problem
            _left_alone(problem)
            return
        self.current_phase = questionnaire
        prompts.show_heading(f"\nFase {questionnaire.number} · {questionnaire.title}")
        if questionnaire.intro:
            prompts.show_help(questionnaire.intro)
        current = start_at or self._first_unseen(questionnaire)
        while current is not None:
            active = self.answers.active_questions(questionnaire)
            ids = [q.id for q in active]
            if current not in ids:
                current = self._next_active(questionnaire, current, include_self=False)
                continue
            position = ids.index(current)
            question = active[position]
            heading = f"Fase {questionnaire.number} · {questionnaire.title} · vraag {position + 1} van {len(active)}"
            result = self.ask_and_save(phase, question, allow_back=position > 0, heading=heading)
            if result is Action.BACK:
                current = ids[max(position - 1, 0)]
            else:
                current = self._next_active(questionnaire, current, include_self=False)
        self.review(questionnaire)

    def _first_unseen(self, questionnaire: Questionnaire) -> str | None:
        """The first question never seen, or a group with an item left halfway."""
        phase = self.answers[questionnaire.phase]
        for question in self.answers.active_questions(questionnaire):
            if not phase.is_visited(question.id):
                return question.id
            if question.is_group and self.groups.first_open_field(phase, question) is not None:
                self._resume_group = question.id
                return question.id
        return None

    def _next_active(self, questionnaire: Questionnaire, after: str, include_self: bool) -> str | None:
        order = [q.id for q in questionnaire.questions]
        start = order.index(after) + (0 if include_self else 1)
        active = {q.id for q in self.answers.active_questions(questionnaire)}
        return next((qid for qid in order[start:] if qid in active), None)

    def ask_and_save(self, phase: PhaseAnswers, question: Question, allow_back: bool = True,
                     heading: str = "") -> Any:
        """Ask one question and save the result at once; returns the answer or an Action."""
        if question.is_group:
            resume = self._resume_group == question.id
            self._resume_group = None
            return self.groups.edit(phase, question, allow_back, heading, resume=resume)
        current = phase.get(question.id)
        context = Context(heading=heading, help=question.help, example=prompts.typed_example(question))
        questions = phase.questionnaire.questions
        others = {q.id: q for q in questions}
        result = prompts.ask_question(
            self.as_asked(question, current), current, allow_back=allow_back, context=context,
            check=lambda value: date_order_problem(question, value, phase.data, questions, others))
        if result is Action.BACK:
            return result
        active_before = {q.id for q in self.answers.active_questions(phase.questionnaire)}
        self.save_answer(phase, question.id, None if result is Action.UNKNOWN else result)
        self.offer_to_remove_answers_that_no_longer_apply(phase, active_before)
        return result

    def offer_to_remove_answers_that_no_longer_apply(self, phase: PhaseAnswers, active_before: set[str]) -> None:
        """An answer switched another question off while that one has an answer: ask
        whether it goes (it would stay in the file, unused); keeping it is the default."""
        now = {q.id for q in self.answers.active_questions(phase.questionnaire)}
        gone = [other for other in phase.questionnaire.questions
                if other.id in active_before and other.id not in now and is_answered(phase.get(other.id))]
        if not gone:
            return
        if len(gone) == 1:  # one prompt for all: asking per question repeats the same thing
            question = (f"Door dit antwoord geldt de vraag '{gone[0].text}' niet meer. Het antwoord daarop "
                        "weghalen? (Nee: het blijft in het bestand, maar komt niet in de documenten.)")
        else:
            listed = "".join(f"\n  - {other.text}" for other in gone)
            question = (f"Door dit antwoord gelden deze {len(gone)} vragen niet meer:{listed}\n"
                        "De antwoorden daarop weghalen? (Nee: ze blijven in het bestand, maar komen niet in "
                        "de documenten.)")
        if prompts.confirm(question, default=False):
            for other in gone:
                phase.data.pop(other.id, None)
            phase.save()

    def as_asked(self, question: Question, current: Any = None) -> Question:
        """The question as the wizard asks it now: with the choices that come from a group."""
        return self._with_source_choices(question, current)

    def _with_source_choices(self, question: Question, current: Any = None) -> Question:
        """Add the choices that come from a group (``keuzes_uit``), as the answers are now.

        A current answer that is no longer in that group stays selectable, so
        pressing Enter keeps it instead of silently picking another choice.
        """
        source = question.choice_source
        if source is None:
            return question
        answers = {phase.questionnaire.phase: phase.data for phase in self.answers}
        extra = tuple(c for c in source.choices(answers) if question.choice(c.value) is None)
        known = {c.value for c in question.choices + extra}
        given = current if isinstance(current, list) else [current]
        extra += tuple(Choice(v, f"{v} (staat niet meer bij '{source.group}')") for v in given
                       if isinstance(v, str) and v.strip() and v not in known)
        if not extra and not question.choices:
            prompts.show_help(f"Er zijn nog geen keuzes: die komen uit de antwoorden op '{source.group}' "
                              f"in fase {source.phase}.")
        return replace(question, choices=question.choices + extra)

    def save_answer(self, phase: PhaseAnswers, question_id: str, value: Any) -> None:
        if phase.is_visited(question_id) and phase.get(question_id) == value and value is not None:
            return
        phase.set(question_id, value)
        phase.save()

    # -- review ------------------------------------------------------------------

    def review(self, questionnaire: Questionnaire) -> None:
        """Show every answer of the phase; change any; then offer to render."""

        review(self, questionnaire)


def _left_alone(problem: AnswerFileError) -> None:
    prompts.show(f"Deze fase kan pas verder als het bestand weer klopt:\n  {problem.format_message()}\n"
                 "De andere fasen kunt u gewoon invullen.", "fg:#8a4b00")


def first_sentence(text: str) -> str:
    words = " ".join(text.split())
    end = words.find(". ")
    return words if end < 0 else words[: end + 1]


def unknown_question(questionnaire: Questionnaire, question_id: str) -> HandreikingError:
    where = questionnaire.path.name if questionnaire.path else "de vragenlijst"
    return HandreikingError(f"fase '{questionnaire.phase}' heeft geen vraag '{question_id}'",
                            hint=f"de vragen staan in {where}")


def run_interactive(plan: Plan, catalog: Catalog, answer_set: AnswerSet, *, phase: str | None,
                    question_id: str | None, echo: Echo, map_arg: str = ".", lock: PlanLock | None = None) -> int:
    """The interactive wizard as the CLI runs it: lock (unless the caller already holds
    ``lock``, taken before the answers were read), walk, and a clean stop on Ctrl-C."""
    questionnaire = None
    if phase is not None:
        questionnaire = catalog.find(phase)
        if questionnaire is None:
            raise HandreikingError(f"onbekende fase '{phase}'",
                                   hint="kies uit: " + ", ".join(f"{q.number} {q.phase}" for q in catalog))
    elif question_id is not None:
        questionnaire = next((q for q in catalog if q.question(question_id)), None)
        if questionnaire is None:
            raise HandreikingError(f"geen fase heeft een vraag '{question_id}'")
    if questionnaire is not None and question_id is not None and questionnaire.question(question_id) is None:
        raise unknown_question(questionnaire, question_id)  # before the lock and before any intro
    wizard = Wizard(plan, catalog, answer_set, map_arg=map_arg)
    own_lock = lock is None
    if lock is None:
        lock = PlanLock(plan).acquire()
    try:
        if own_lock and lock.took_over is not None:
            echo("Let op: een eerdere wizard is niet netjes afgesloten; dit plan is nu weer vrij.", err=True)
        if questionnaire is not None:
            wizard.run_phase(questionnaire, start_at=question_id)
        else:
            wizard.menu()
    except (KeyboardInterrupt, EOFError):
        current = wizard.current_phase
        resume = f"handreiking wizard {map_arg}" + (f" --fase {current.phase}" if current else "")
        kept = ("Het laatste antwoord is níet bewaard: de wizard vroeg nog wat er\n"  # short lines, for 80 columns
                "met de wijziging in het bestand moest gebeuren.\nAlle antwoorden daarvoor zijn bewaard."
                if wizard.unsaved else "Al uw antwoorden tot nu toe zijn bewaard.")
        raise WizardInterrupted(f"\nGestopt. {kept}\nGa later verder met: {resume}") from None
    finally:
        if own_lock:
            lock.release()
    echo("Tot de volgende keer. Al uw antwoorden zijn bewaard.")
    return 0
