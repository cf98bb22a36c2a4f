"""Walks a phase: resume, skip what does not apply, save after every answer, review.

The walker is a flat loop over the active questions (conditions are
re-evaluated after each answer, since an answer can switch later questions on
or off). It never holds an answer in memory only: each one is written to the
phase's answer file before the next question appears, so Ctrl-C, a closed
laptop or a crash cost nothing. Terminal I/O goes through ``prompts``.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from handreiking import prompts
from handreiking.answers import AnswerSet, PhaseAnswers, phase_progress, set_in_order, to_yaml_value
from handreiking.errors import AnswerFileError, HandreikingError, WizardInterrupted
from handreiking.plan import Plan, PlanLock
from handreiking.prompts import Action
from handreiking.questionnaire import Catalog, Choice, Question, Questionnaire
from handreiking.validation import shortage
from handreiking.values import count, is_answered

Echo = Callable[..., None]
_DONE = "__klaar__"


class Wizard:
    """One wizard session on a plan; holds the state needed to resume."""

    def __init__(self, plan: Plan, catalog: Catalog, answer_set: AnswerSet) -> None:
        self.plan = plan
        self.catalog = catalog
        self.answers = answer_set
        self.current_phase: Questionnaire | None = None
        for phase in answer_set:
            phase.on_conflict = self._keep_wizard_answer
            phase.on_unreadable = self._retry_after_repair

    # -- hand edits while the wizard runs ---------------------------------------

    def _keep_wizard_answer(self, question_id: str, mine: Any, theirs: Any) -> bool:
        """The same answer was changed in the file too: ask which one stays."""
        question = self.current_phase.question(question_id) if self.current_phase else None
        shown = (lambda v: summarize(question, v)) if question else (lambda v: str(v))
        prompts.show(f"Het antwoord op '{question.text if question else question_id}' is ook in het bestand "
                     "gewijzigd terwijl de wizard liep.", "fg:#8a4b00")
        return prompts.select("Welk antwoord blijft?", [
            (f"Dat uit de wizard: {shown(mine)}", True, ""),
            (f"Dat uit het bestand: {shown(theirs)}", False, ""),
        ], default=True)

    def _retry_after_repair(self, problem: AnswerFileError) -> bool:
        """The file was edited by hand and no longer reads: nothing is written over it."""
        prompts.show(f"Het antwoordbestand is met de hand gewijzigd en kan nu niet gelezen worden:\n"
                     f"  {problem.format_message()}", "fg:#8a4b00")
        return prompts.confirm("Herstel het bestand en kies dan Ja om het antwoord op te slaan. "
                               "(Nee stopt de wizard; de andere antwoorden zijn al bewaard.)", default=True)

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
                    f"{questionnaire.label} — {progress.answered} van {progress.total} beantwoord",
                    questionnaire.phase,
                    questionnaire.intro.split("\n")[0][:200],
                ))
            choices.append(("Stoppen", _DONE, ""))
            first_open = next((q.phase for q in self.catalog if q.phase not in self.answers.blocked
                               and not phase_progress(self.answers, q).is_complete), None)
            picked = prompts.select(f"{self.plan.meta.titel} — welke fase?", choices, default=first_open)
            if picked == _DONE:
                return
            problem = self.answers.blocked.get(picked)
            if problem is not None:
                prompts.show(f"Deze fase kan pas verder als het bestand weer klopt:\n  {problem.format_message()}\n"
                             "De andere fasen kunt u gewoon invullen.", "fg:#8a4b00")
                continue
            self.run_phase(self.catalog.get(picked))

    # -- one phase ------------------------------------------------------------

    def run_phase(self, questionnaire: Questionnaire, start_at: str | None = None) -> None:
        """Ask the phase from ``start_at`` (or the first unseen question), then review."""
        self.current_phase = questionnaire
        phase = self.answers[questionnaire.phase]
        prompts.show_heading(f"\nFase {questionnaire.number} · {questionnaire.title}")
        if questionnaire.intro:
            prompts.show_help(questionnaire.intro)
        current = start_at or self._first_unseen(questionnaire)
        if start_at is not None and questionnaire.question(start_at) is None:
            raise HandreikingError(f"fase '{questionnaire.phase}' heeft geen vraag '{start_at}'",
                                   hint=f"de vragen staan in {questionnaire.path.name if questionnaire.path else 'de vragenlijst'}")
        while current is not None:
            active = self.answers.active_questions(questionnaire)
            ids = [q.id for q in active]
            if current not in ids:
                current = self._next_active(questionnaire, current, include_self=False)
                continue
            position = ids.index(current)
            question = active[position]
            self._show_position(questionnaire, question, position + 1, len(active))
            result = self.ask_and_save(phase, question, allow_back=position > 0)
            if result is Action.BACK:
                current = ids[max(position - 1, 0)]
            else:
                current = self._next_active(questionnaire, current, include_self=False)
        self.review(questionnaire)

    def _first_unseen(self, questionnaire: Questionnaire) -> str | None:
        phase = self.answers[questionnaire.phase]
        for question in self.answers.active_questions(questionnaire):
            if not phase.is_visited(question.id):
                return question.id
        return None

    def _next_active(self, questionnaire: Questionnaire, after: str, include_self: bool) -> str | None:
        order = [q.id for q in questionnaire.questions]
        start = order.index(after) + (0 if include_self else 1)
        active = {q.id for q in self.answers.active_questions(questionnaire)}
        return next((qid for qid in order[start:] if qid in active), None)

    def _show_position(self, questionnaire: Questionnaire, question: Question, number: int, total: int) -> None:
        prompts.show_heading(f"\nFase {questionnaire.number} · {questionnaire.title} · vraag {number} van {total}")
        prompts.show_help(question.help)
        if question.example:
            prompts.show_help(f"Bijvoorbeeld: {question.example}")

    def ask_and_save(self, phase: PhaseAnswers, question: Question, allow_back: bool = True) -> Any:
        """Ask one question and save the result at once; returns the answer or an Action."""
        if question.is_group:
            return self.edit_group(phase, question, allow_back)
        current = phase.get(question.id)
        result = prompts.ask_question(self._with_source_choices(question, current), current,
                                      allow_back=allow_back)
        if result is Action.BACK:
            return result
        active_before = {q.id for q in self.answers.active_questions(phase.questionnaire)}
        self._save(phase, question.id, None if result is Action.UNKNOWN else result)
        short = shortage(question, phase.get(question.id))
        if short:
            prompts.show_help(f"Let op: {short}. U kunt verder; het staat als open punt in de documenten.")
        self._offer_to_remove_answers_that_no_longer_apply(phase, active_before)
        return result

    def _offer_to_remove_answers_that_no_longer_apply(self, phase: PhaseAnswers, active_before: set[str]) -> None:
        """An answer switched another question off while that one has an answer: ask
        whether it goes (it would stay in the file, unused); keeping it is the default."""
        now = {q.id for q in self.answers.active_questions(phase.questionnaire)}
        for other in phase.questionnaire.questions:
            if other.id in active_before and other.id not in now and is_answered(phase.get(other.id)):
                if prompts.confirm(f"Door dit antwoord geldt de vraag '{other.text}' niet meer. "
                                   "Het antwoord daarop weghalen? (Nee: het blijft in het bestand, maar komt "
                                   "niet in de documenten.)", default=False):
                    phase.data.pop(other.id, None)
                    phase.save()

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

    def _save(self, phase: PhaseAnswers, question_id: str, value: Any) -> None:
        if phase.is_visited(question_id) and phase.get(question_id) == value and value is not None:
            return
        phase.set(question_id, value)
        phase.save()

    # -- repeatable groups ----------------------------------------------------------

    def edit_group(self, phase: PhaseAnswers, question: Question, allow_back: bool) -> Any:
        """Add, change and remove items until the user is done."""
        while True:
            items = phase.get(question.id)
            items = items if isinstance(items, list) else []
            prompts.show(f"{question.text}")
            for index, item in enumerate(items, start=1):
                prompts.show(f"  {index}. {self._item_title(question, item, index)}")
            if not items:
                prompts.show("  (nog geen)")
            suggested = question.default if isinstance(question.default, list) and not items else []
            choices = [(f"De {len(suggested)} voorgestelde rijen uit de handreiking overnemen", "suggested",
                        "U kunt ze daarna wijzigen of verwijderen.")] if suggested else []
            choices.append((f"{question.item_name.capitalize()} toevoegen", "add", ""))
            if items:
                choices += [(f"{question.item_name.capitalize()} wijzigen", "edit", ""),
                            (f"{question.item_name.capitalize()} verwijderen", "remove", ""),
                            ("Klaar met deze vraag", _DONE, "")]
            else:
                choices.append((prompts.UNKNOWN_TITLE, Action.UNKNOWN, ""))
            if question.explanation:
                choices.append((prompts.EXPLAIN_TITLE, "explain", ""))
            if allow_back:
                choices.append((prompts.BACK_TITLE, Action.BACK, ""))
            picked = prompts.select("Wat wilt u doen?", choices,
                                    default=_DONE if items else ("suggested" if suggested else "add"))
            if picked is Action.BACK:
                return Action.BACK
            if picked is Action.UNKNOWN:
                if not phase.is_visited(question.id):
                    self._save(phase, question.id, None)
                return Action.UNKNOWN
            if picked == _DONE:
                short = shortage(question, items)
                if short and not prompts.confirm(
                        f"Er {'is' if len(items) == 1 else 'zijn'} nu "
                        f"{count(len(items), question.item_name, question.items_name)}; de handreiking vraagt er "
                        f"minstens {question.rules.min_items} ({short}). Toch verder? Dat staat dan als open "
                        "punt in de documenten.",
                        default=True):
                    continue
                return items
            if picked == "explain":
                prompts.show_help(question.explanation)
            elif picked == "suggested":
                order = [f.id for f in question.fields]
                phase.set(question.id, [{k: row[k] for k in sorted(row, key=order.index)} for row in suggested])
                phase.save()
            elif picked == "add":
                self._add_item(phase, question)
            elif picked == "edit":
                index = self._pick_item(question, items, "Welke wilt u wijzigen?")
                if index is not None:
                    self._edit_item(phase, question, items[index], index + 1)
            elif picked == "remove":
                index = self._pick_item(question, items, "Welke wilt u verwijderen?")
                if index is not None and prompts.confirm(
                        f"'{self._item_title(question, items[index], index + 1)}' echt verwijderen?", default=False):
                    del items[index]
                    phase.save()

    def _item_title(self, question: Question, item: Any, index: int) -> str:
        value = item.get(question.summary_field) if isinstance(item, dict) and question.summary_field else None
        return str(value) if is_answered(value) else f"{question.item_name} {index} (zonder naam)"

    def _pick_item(self, question: Question, items: list[Any], message: str) -> int | None:
        choices = [(self._item_title(question, item, i + 1), i, "") for i, item in enumerate(items)]
        choices.append(("Terug", None, ""))
        return prompts.select(message, choices)

    def _add_item(self, phase: PhaseAnswers, question: Question) -> None:
        items = phase.get(question.id)
        if not isinstance(items, list):
            phase.set(question.id, [])
            items = phase.get(question.id)
        items.append(to_yaml_value({}))
        # not saved yet: the first answered field saves the item, so a stop right
        # here leaves no empty "- {}" item in the file
        self._edit_item(phase, question, items[-1], len(items))

    def _edit_item(self, phase: PhaseAnswers, question: Question, item: Any, number: int) -> None:
        """Walk the fields of one item; each field is saved as it is answered.

        Conditions between fields of one item (``looptijd`` when ``structureel``
        is nee) are evaluated again after every answer, like questions in a phase.
        """
        order = [f.id for f in question.fields]

        def active_fields() -> list[Question]:
            scope = self.answers.scope(phase.questionnaire.phase, item)
            return [f for f in question.fields if f.is_active(scope)]

        fields = active_fields()
        current = fields[0].id if fields else None
        while current is not None:
            fields = active_fields()
            ids = [f.id for f in fields]
            position = ids.index(current)
            field_q = fields[position]
            prompts.show_heading(f"{question.item_name.capitalize()} {number} · {field_q.text.rstrip('?:')} "
                                 f"({position + 1} van {len(fields)})")
            prompts.show_help(field_q.help)
            result = prompts.ask_question(self._with_source_choices(field_q, item.get(field_q.id)),
                                          item.get(field_q.id), allow_back=position > 0)
            if result is Action.BACK:
                current = ids[position - 1]
                continue
            value = None if result is Action.UNKNOWN else to_yaml_value(result)
            if field_q.id not in item or item.get(field_q.id) != value:
                set_in_order(item, field_q.id, value, order)
                phase.save()
            ids = [f.id for f in active_fields()]
            current = next((i for i in order[order.index(field_q.id) + 1:] if i in ids), None)

    # -- review ------------------------------------------------------------------

    def review(self, questionnaire: Questionnaire) -> None:
        """Show every answer of the phase; change any; then offer to render."""
        phase = self.answers[questionnaire.phase]
        while True:
            active = self.answers.active_questions(questionnaire)
            progress = phase_progress(self.answers, questionnaire)
            prompts.show_heading(f"\nOverzicht fase {questionnaire.number} · {questionnaire.title} — "
                                 f"{progress.answered} van {progress.total} beantwoord")
            choices = [("Klaar: deze fase afsluiten", _DONE, "")]
            for question in active:
                value = phase.get(question.id)
                mark = "✓" if is_answered(value) else "○"
                choices.append((f"{mark} {question.text} — {summarize(question, value)}", question.id,
                                "Kies om dit antwoord te wijzigen."))
            picked = prompts.select("Wilt u een antwoord wijzigen?", choices, default=_DONE)
            if picked == _DONE:
                break
            question = questionnaire.question(picked)
            self.ask_and_save(phase, question, allow_back=False)
        if progress.open:
            prompts.show_help(f"Nog open: {count(len(progress.open), 'vraag', 'vragen')}. "
                              "In de documenten staan ze als 'Nog in te vullen'.")
        self.show_advice(questionnaire)
        if prompts.confirm("Wilt u de documenten nu maken?", default=True):
            from handreiking.render import render_plan

            result = render_plan(self.plan, self.catalog, self.answers)
            for path in result.written:
                prompts.show(f"  Bijgewerkt: {path.relative_to(self.plan.root)}")
            if not result.written:
                prompts.show("  De documenten waren al bijgewerkt.")


    def show_advice(self, questionnaire: Questionnaire) -> None:
        """The guide's warnings that concern this phase, heard in the workshop itself."""
        from handreiking.advice import advice_for_phase, format_advice, plan_advice

        advice = advice_for_phase(plan_advice(self.plan, self.catalog, self.answers), questionnaire.phase)
        if not advice:
            return
        prompts.show_heading(f"\nAdvies bij fase {questionnaire.number} · {questionnaire.title}")
        for item in advice:
            prompts.show(format_advice(item), "fg:#8a4b00" if item.is_open else "")
        if any(item.is_open for item in advice):
            prompts.show_help("Besproken en bewust zo gelaten? Leg de reden vast met: "
                              "handreiking accept MAP REGEL --reden \"…\"")


def summarize(question: Question, value: Any, width: int = 60) -> str:
    """A one-line view of an answer for the review list."""
    if not is_answered(value):
        return "open"
    if question.kind == "keuze":
        choice = question.choice(value)
        text = choice.label if choice else (value.get("anders", "") if isinstance(value, dict) else str(value))
    elif question.kind == "meerkeuze":
        text = ", ".join(str(v.get("anders", "")) if isinstance(v, dict)
                         else (question.choice(v).label if question.choice(v) else str(v)) for v in value)
    elif question.kind == "groep":
        text = f"{len(value)} × {question.item_name}"  # no English plural: "2 × stap", not "2 staps"
    elif question.kind == "janee":
        text = "ja" if value else "nee"
    else:
        from handreiking.context import format_value

        text = format_value(value)
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


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
    wizard = Wizard(plan, catalog, answer_set)
    own_lock = lock is None
    if lock is None:
        lock = PlanLock(plan).acquire()
    try:
        if lock.took_over is not None:
            echo("Let op: een eerdere wizard is niet netjes afgesloten; dit plan is nu weer vrij.", err=True)
        if questionnaire is not None:
            wizard.run_phase(questionnaire, start_at=question_id)
        else:
            wizard.menu()
    except (KeyboardInterrupt, EOFError):
        current = wizard.current_phase
        resume = f"handreiking wizard {map_arg}" + (f" --fase {current.phase}" if current else "")
        raise WizardInterrupted(
            f"\nGestopt. Al uw antwoorden tot nu toe zijn bewaard.\nGa later verder met: {resume}"
        ) from None
    finally:
        if own_lock:
            lock.release()
    echo("Tot de volgende keer. Al uw antwoorden zijn bewaard.")
    return 0
