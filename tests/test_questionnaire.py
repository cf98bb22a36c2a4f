"""The shipped questionnaires load, and broken ones fail with file and question id."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from handreiking.core.errors import QuestionnaireError
from handreiking.questionnaire.catalog import KINDS, load_catalog

MINIMAL = """\
fase: proef
nummer: 1
titel: Proef
secties:
  - id: s
    titel: Sectie
    vragen:
{vragen}
"""


def write_questionnaire(folder: Path, questions: str, name: str = "1-proef.yaml") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(MINIMAL.format(vragen=textwrap.indent(textwrap.dedent(questions), " " * 6)), encoding="utf-8")
    return path


def test_shipped_questionnaires_load_with_unique_ids():
    catalog = load_catalog()
    assert [q.phase for q in catalog][:2] == ["vertrekpunt", "visie"]
    for questionnaire in catalog:
        ids = [q.id for q in questionnaire.questions]
        assert len(ids) == len(set(ids)), questionnaire.phase
        assert questionnaire.intro and questionnaire.title
        for question in questionnaire.questions:
            assert question.kind in KINDS
            assert question.help, f"{questionnaire.phase}.{question.id} heeft geen hulptekst"
            if question.kind in ("keuze", "meerkeuze"):
                assert question.choices or question.choice_source


def test_every_question_names_its_topic_as_the_plan_would():
    """Documents and the overview name an open question by its ``onderwerp`` ("Nog in te
    vullen: de kernwaarden"), never by the wizard's question, which speaks to the user:
    every question of a phase and every field of a list has one, mid-sentence (no question
    mark, no *u*), and no two questions of a phase share it."""
    import re

    reader = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
    for questionnaire in load_catalog():
        topics = [q.topic for q in questionnaire.questions]
        for question in questionnaire.questions:
            where = f"{questionnaire.phase}.{question.id}"
            assert question.topic, f"{where} heeft geen onderwerp"
            assert not reader.search(question.topic) and not question.topic.endswith("?"), where
            assert question.topic[:1].islower(), where
            assert question.subject == question.topic
        assert len(topics) == len(set(topics)), [t for t in topics if topics.count(t) > 1]
        for group in (q for q in questionnaire.questions if q.is_group):
            for field in group.fields:  # an empty field reads "Nog in te vullen: de vaste contactpersoon"
                where = f"{questionnaire.phase}.{group.id}.{field.id}"
                assert field.topic and field.topic[:1].islower(), f"{where} heeft geen onderwerp"
                assert not reader.search(field.topic) and not field.topic.endswith("?"), where


def test_every_condition_compiles_and_names_known_things():
    catalog = load_catalog()
    conditions = [q.condition for qn in catalog for q in qn.questions if q.condition]
    conditions += [f.condition for qn in catalog for q in qn.questions for f in q.fields if f.condition]
    assert conditions, "de vragenlijsten gebruiken voorwaarden"
    for condition in conditions:  # before anything is answered, no follow-up question shows
        assert condition.evaluate({}) is False, condition.source


@pytest.mark.parametrize("wanneer, reason", [
    ("ja | geen_filter", "klopt niet"),
    ("ja) %}{{ nee", "klopt niet"),
    ("range(1000000) | length > 0", "kan niet worden uitgerekend"),  # beyond the sandbox's limit,
])
def test_a_condition_that_cannot_work_is_reported_when_the_file_loads(wanneer, reason):
    from handreiking.questionnaire.expressions import ConditionSyntaxError, compile_condition

    with pytest.raises(ConditionSyntaxError, match=reason):
        compile_condition(wanneer)


def test_odd_answers_make_a_condition_false_but_a_broken_one_is_not_hidden():
    from handreiking.questionnaire.expressions import ConditionError, compile_condition

    condition = compile_condition("'x' in oorzaken")
    assert condition.evaluate({"oorzaken": ["x"]}) is True
    assert condition.evaluate({"oorzaken": 5}) is False  # hand-edited into a number
    counting = compile_condition("range(aantal) | length > 2")
    assert counting.evaluate({"aantal": 3}) is True
    assert counting.evaluate({"aantal": "drie"}) is False
    with pytest.raises(ConditionError, match="kan niet worden uitgerekend"):
        counting.evaluate({"aantal": 10**7})


def test_phase_one_covers_the_guide():
    vertrekpunt = load_catalog().get("vertrekpunt")
    stakeholders = vertrekpunt.question("stakeholders")
    assert stakeholders.is_group
    assert {"naam", "organisatie", "sector", "invloed"} <= {f.id for f in stakeholders.fields}
    assert len(vertrekpunt.question("oorzaken").choices) == 5
    visie = load_catalog().get("visie")
    assert {c.value for c in visie.question("perspectief").choices} == {"passend", "inclusief"}
    assert visie.question("uitgangspunten").rules.min_items == 4
    assert visie.question("uitgangspunten").rules.max_items == 6


@pytest.mark.parametrize(
    ("questions", "fragment", "question_id"),
    [
        ("- id: a\n  vraag: A?\n  type: onzin\n", "onbekend type", "a"),
        ("- id: a\n  vraag: A?\n  type: tekst\n- id: a\n  vraag: B?\n  type: tekst\n", "twee keer", "a"),
        ("- id: a\n  vraag: A?\n  type: tekst\n  wanneer: \"b ==\"\n", "voorwaarde", "a"),
        ("- id: a\n  vraag: A?\n  type: tekst\n  wanneer: \"onbekend == 1\"\n", "onbekende naam", "a"),
        ("- id: a\n  vraag: A?\n  type: keuze\n", "keuzes", "a"),
        ("- id: a\n  vraag: A?\n  type: getal\n  standaard: tien\n", "standaardwaarde", "a"),
        ("- id: A-b\n  vraag: A?\n  type: tekst\n", "snake_case", "A-b"),
        ("- id: a\n  vraag: A?\n  type: tekst\n  extra: 1\n", "onbekende sleutel", "a"),
        ("- id: a\n  vraag: A?\n  type: groep\n", "velden", "a"),
        ("- id: a\n  vraag: A?\n  type: datum\n  niet_voor: b\n", "niet_voor", "a"),
        ("- id: a\n  vraag: A?\n  type: datum\n- id: b\n  vraag: B?\n  type: tekst\n  niet_voor: a\n",
         "niet_voor", "b"),
        ("- id: a\n  vraag: A?\n  type: datum\n- id: b\n  vraag: B?\n  type: datum\n  niet_voor: b\n",
         "geen andere datumvraag", "b"),
        ("- id: a\n  vraag: A?\n  type: tekst\n- id: b\n  vraag: B?\n  type: tekst\n  vroeger: a\n",
         "vroeger: a", "b"),
        ("- id: a\n  vraag: A?\n  type: keuze\n  keuzes:\n    - waarde: x\n    - waarde: y\n      vroeger: x\n",
         "vroeger: x", "a"),
        ("- id: a\n  vraag: A?\n  type: tekst\n  eenheid: euro\n", "eenheid", "a"),
        ("- id: a\n  vraag: A?\n  type: getal\n  eenheid: dollar\n", "eenheid", "a"),
        ("- id: a\n  vraag: A?\n  type: tekst\n  validatie:\n    patroon: '['\n", "reguliere expressie", "a"),
        ("- id: a\n  vraag: A?\n  type: tekst\n  validatie:\n    geheel: true\n", "'geheel' hoort bij een getal", "a"),
        ("- id: a\n  vraag: A?\n  type: getal\n  validatie:\n    geheel: ja\n", "true of false", "a"),
        ("- id: a\n  vraag: A?\n  type: tekst\n  mag_leeg: true\n", "'mag_leeg' hoort alleen bij een veld", "a"),
        ("- id: g\n  vraag: G?\n  type: groep\n  velden:\n    - id: a\n      vraag: A?\n      type: tekst\n"
         "      verplicht: true\n      mag_leeg: true\n", "'verplicht' of 'mag_leeg'", "a"),
    ],
)
def test_broken_questionnaire_names_file_and_question(tmp_path, questions, fragment, question_id):
    path = write_questionnaire(tmp_path, questions)
    with pytest.raises(QuestionnaireError) as info:
        load_catalog(tmp_path)
    message = str(info.value)
    assert fragment in message
    assert path.name in message
    assert f"vraag '{question_id}'" in message


def test_broken_yaml_in_questionnaire_gives_line(tmp_path):
    (tmp_path / "1-proef.yaml").write_text("fase: proef\nnummer: [1\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError) as info:
        load_catalog(tmp_path)
    assert "1-proef.yaml" in str(info.value) and "regel" in str(info.value)


def test_condition_reads_other_phases_and_group_fields(tmp_path):
    write_questionnaire(tmp_path, """\
        - id: keuze_a
          vraag: Kies
          type: keuze
          keuzes:
            - {waarde: x, label: X}
            - {waarde: y, label: Y}
        - id: vervolg
          vraag: Alleen bij x
          type: tekst
          wanneer: "keuze_a == 'x' and proef.keuze_a == 'x'"
        """)
    question = load_catalog(tmp_path).get("proef").question("vervolg")
    assert question.is_active({"keuze_a": "x", "proef": {"keuze_a": "x"}})
    assert not question.is_active({"keuze_a": "y", "proef": {"keuze_a": "y"}})
    assert not question.is_active({})  # unanswered: the condition simply does not hold
