"""A question's condition (``wanneer``) in words, for people who never read code.

When an answer is given to a question that does not apply, the message says why
in the terms of the questionnaire: the question it depends on (its text) and
the choice that makes it apply (its label), for example "deze vraag geldt alleen
als bij 'Is het visiedocument nog een concept, of is het vastgesteld?' 'Vastgesteld'
gekozen is". The engine knows no domain words: everything comes from the
questionnaires. Conditions of a shape this module does not read are named by the
questions they depend on, never by their code.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handreiking.questionnaire.catalog import Catalog, Question, Questionnaire
from handreiking.questionnaire.expressions import environment

Lookup = Callable[[Any], "Question | None"]


def condition_in_words(question: Question, questionnaire: Questionnaire, catalog: Catalog,
                       group: Question | None = None) -> str:
    """"deze vraag geldt alleen als …" for ``question`` (a field of ``group`` when given)."""
    condition = question.condition
    if condition is None:
        return ""
    subject = "dit veld" if group is not None else "deze vraag"
    lookup = _lookup(questionnaire, catalog, group)
    try:
        from jinja2 import nodes


        tree = environment().parse("{{ (" + condition.source + ") }}")
        expression = tree.body[0].nodes[0] if isinstance(tree.body[0], nodes.Output) else None
        words = _words(expression, lookup) if expression is not None else None
    except Exception:  # a form we cannot read: fall back to the questions it depends on
        words = None
    if words:
        return f"{subject} geldt alleen als {words}"
    asked = _questions_named(condition.names, condition.source, lookup)
    if asked:
        return f"{subject} geldt alleen bij bepaalde antwoorden op {_join(asked, 'en')}"
    return f"{subject} geldt alleen bij bepaalde andere antwoorden"


def _lookup(questionnaire: Questionnaire, catalog: Catalog, group: Question | None) -> Lookup:
    def find(node: Any) -> Question | None:
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            if group is not None:
                for field_q in group.fields:
                    if field_q.id == node.name:
                        return field_q
            return questionnaire.question(node.name)
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            other = catalog.get(node.node.name)
            return other.question(node.attr) if other is not None else None
        return None
    return find


def _words(node: Any, lookup: Lookup) -> str | None:
    """The clause for one node, or None when its shape is not one we can say plainly."""
    from jinja2 import nodes

    if isinstance(node, nodes.And):
        parts = [_words(part, lookup) for part in _needed(_conjuncts(node), lookup)]
        return None if None in parts else " en ".join(parts)  # type: ignore[arg-type]
    if isinstance(node, nodes.Or):
        left, right = _words(node.left, lookup), _words(node.right, lookup)
        return None if left is None or right is None else f"{left} of {right}"
    if isinstance(node, nodes.Not):
        question = lookup(node.node)
        if question is None:
            return None
        if question.kind == "janee":
            return f"het antwoord op {_quote(question.text)} nee is"
        return f"{_quote(question.text)} nog open is"
    question = lookup(node)
    if question is not None:
        if question.kind == "janee":
            return f"het antwoord op {_quote(question.text)} ja is"
        return f"{_quote(question.text)} beantwoord is"
    if isinstance(node, nodes.Compare) and len(node.ops) == 1:
        return _comparison(node.expr, node.ops[0].op, node.ops[0].expr, lookup)
    return None


def _conjuncts(node: Any) -> list[Any]:
    from jinja2 import nodes

    return _conjuncts(node.left) + _conjuncts(node.right) if isinstance(node, nodes.And) else [node]


def _needed(parts: list[Any], lookup: Lookup) -> list[Any]:
    """Leave out a guard such as ``x`` in ``x and 'a' in x``: it says nothing a reader needs."""
    from jinja2 import nodes

    kept = []
    for index, part in enumerate(parts):
        question = lookup(part)
        others = [p for i, p in enumerate(parts) if i != index]
        if question is not None and question.kind != "janee" and any(
                lookup(inner) is question for other in others for inner in other.find_all((nodes.Name, nodes.Getattr))):
            continue
        kept.append(part)
    return kept


def _comparison(left: Any, op: str, right: Any, lookup: Lookup) -> str | None:
    from jinja2 import nodes

    if op in ("in", "notin") and isinstance(left, nodes.Const):  # 'wachtlijsten' in oorzaken
        question = lookup(right)
        if question is None:
            return None
        chosen = "gekozen" if op == "in" else "niet gekozen"
        return f"bij {_quote(question.text)} {_quote(_label(question, left.value))} {chosen} is"
    question = lookup(left)
    if question is None:
        return None
    if op in ("in", "notin") and isinstance(right, (nodes.List, nodes.Tuple)) and all(
            isinstance(item, nodes.Const) for item in right.items):
        labels = [_quote(_label(question, item.value)) for item in right.items]
        verb = "is" if op == "in" else "niet is"
        return f"het antwoord op {_quote(question.text)} {_join(labels, 'of')} {verb}"
    if not isinstance(right, nodes.Const):
        return None
    value = _label(question, right.value)
    if op in ("eq", "ne") and isinstance(right.value, bool):  # a yes/no question: ja or nee, unquoted
        answer = value if op == "eq" else ("nee" if right.value else "ja")
        return f"het antwoord op {_quote(question.text)} {answer} is"
    if op in ("eq", "ne") and question.choices:
        chosen = "gekozen" if op == "eq" else "niet gekozen"
        return f"bij {_quote(question.text)} {_quote(value)} {chosen} is"
    if op == "eq":
        return f"het antwoord op {_quote(question.text)} {_quote(value)} is"
    if op == "ne":
        return f"het antwoord op {_quote(question.text)} niet {_quote(value)} is"
    compare = {"gt": "groter dan", "gteq": "minstens", "lt": "kleiner dan", "lteq": "hoogstens"}.get(op)
    if compare and isinstance(right.value, (int, float)) and not isinstance(right.value, bool):
        return f"het antwoord op {_quote(question.text)} {compare} {value} is"
    return None


def _label(question: Question, value: Any) -> str:
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    choice = question.choice(value) if question.choices else None
    return choice.label if choice is not None else str(value)


def _questions_named(names: frozenset[str], source: str, lookup: Lookup) -> list[str]:
    """The questions a condition reads (``vraag`` or ``fase.vraag``), in the order they appear."""
    from jinja2 import nodes

    found: list[tuple[int, str]] = []
    try:
        tree = environment().parse("{{ (" + source + ") }}")
    except Exception:
        return []
    for node in tree.find_all((nodes.Name, nodes.Getattr)):
        question = lookup(node)
        if question is not None and _quote(question.text) not in (text for _, text in found):
            found.append((node.lineno, _quote(question.text)))
    return [text for _, text in found]


def _quote(text: str) -> str:
    return f"'{text}'"


def _join(items: list[str], last: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]
