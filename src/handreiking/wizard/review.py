"""The end of a phase in the wizard: every answer in one list, the advice, the documents.

The review is where a workshop checks what it decided, so it shows each
answer on one line and lets any of them be changed; then the guide's advice
for this phase, with the exact command to record why the group leaves an
advice as it is; then it offers to make the documents.
"""
from __future__ import annotations

import shlex
from typing import Any, Protocol

from handreiking.core.values import count, format_quantity, format_value, is_answered
from handreiking.insight.advice import advice_for_phase, format_advice, plan_advice
from handreiking.plan.answers import AnswerSet, PhaseAnswers, phase_progress
from handreiking.plan.folder import Plan
from handreiking.questionnaire.catalog import Catalog, Question, Questionnaire
from handreiking.render.pipeline import render_plan
from handreiking.wizard import prompts
from handreiking.wizard.prompts import Context

_DONE = "__klaar__"


plural = count  # ``1 vraag``, ``2 vragen``: Dutch output never writes ``vraag/vragen``


class ReviewHost(Protocol):
    """What the review needs from the wizard that runs it (``wizard.Wizard``).

    Written out here so that the dependency points one way: the wizard uses
    this module, and this module knows the wizard only by these members.
    """

    plan: Plan
    catalog: Catalog
    answers: AnswerSet
    map_arg: str  # the plan folder as the user typed it, for the ``accept`` command shown

    def phase_answers(self, questionnaire: Questionnaire) -> PhaseAnswers:
        """The phase read round-trip, to be changed and saved."""
        ...

    def ask_and_save(self, phase: PhaseAnswers, question: Question, allow_back: bool = True,
                     heading: str = "") -> Any:
        """Ask one question again and save the answer at once."""
        ...


def review(wizard: ReviewHost, questionnaire: Questionnaire) -> None:
    """Show every answer of the phase; change any; then offer to render."""
    phase = wizard.phase_answers(questionnaire)
    while True:
        active = wizard.answers.active_questions(questionnaire)
        progress = phase_progress(wizard.answers, questionnaire)
        heading = (f"Overzicht fase {questionnaire.number} · {questionnaire.title} — "
                   f"{progress.answered} van {progress.total} beantwoord")
        choices = [("Klaar: deze fase afsluiten", _DONE, "")]
        for question in active:
            value = phase.get(question.id)
            mark = "✓" if is_answered(value) else "○"
            choices.append((f"{mark} {question.text} — {summarize(question, value)}", question.id,
                            "Kies om dit antwoord te wijzigen."))
        picked = prompts.select("Wilt u een antwoord wijzigen?", choices, default=_DONE,
                                context=Context(heading=heading), record=False)
        if picked == _DONE:
            break
        question = questionnaire.question(picked)
        wizard.ask_and_save(phase, question, allow_back=False,
                            heading=f"Fase {questionnaire.number} · {questionnaire.title} · overzicht")
    if progress.open or progress.gaps:
        shown = [plural(len(progress.open), "vraag", "vragen")] if progress.open else []
        shown += [f"{gap.question.subject}: {gap.in_full}" for gap in progress.gaps]
        prompts.show_help(f"Nog open: {'; '.join(shown)}. Die staan als 'Nog in te vullen' in de documenten.")
    show_advice(wizard, questionnaire)
    if wizard.answers.blocked:
        # as ``render`` does: documents made without a broken phase's answers would say
        # "nog in te vullen" where the plan has an answer
        broken = [q.label for q in wizard.catalog if q.phase in wizard.answers.blocked]
        prompts.show_help(f"De documenten maakt de wizard nu niet: het antwoordbestand van fase "
                          f"{' en '.join(broken)} bevat een fout, en zonder die antwoorden zouden de documenten "
                          "'nog in te vullen' zeggen waar het plan een antwoord heeft. Herstel het bestand "
                          f"(handreiking check laat zien wat er mis is) en maak ze dan met: handreiking render "
                          f"{shlex.quote(wizard.map_arg)}")
        return
    if prompts.confirm("Wilt u de documenten nu maken?", default=True):
        result = render_plan(wizard.plan, wizard.catalog, wizard.answers)
        for line in result.written_lines(lambda path: str(path.relative_to(wizard.plan.root))):
            prompts.show(f"  {line}")
        if not result.written:
            prompts.show("  De documenten waren al bijgewerkt.")


def show_advice(wizard: ReviewHost, questionnaire: Questionnaire) -> None:
    """The guide's warnings that concern this phase, heard in the workshop itself."""

    advice = advice_for_phase(plan_advice(wizard.plan, wizard.catalog, wizard.answers), questionnaire.phase)
    if not advice:
        return
    prompts.show_heading(f"\nAdvies bij fase {questionnaire.number} · {questionnaire.title}")
    for item in advice:
        prompts.show(format_advice(item), "class:warning" if item.is_open else "")
    open_rules = [item.rule.id for item in advice if item.is_open]
    if open_rules:
        folder = shlex.quote(wizard.map_arg)
        commands = "\n".join(f"  handreiking accept {folder} {rule} --reden \"…\"" for rule in open_rules)
        prompts.show_help("Besproken en bewust zo gelaten? Leg de reden vast met:\n" + commands)


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
    elif question.kind == "getal":
        text = format_quantity(value, question.unit)
    else:
        text = format_value(value)
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
