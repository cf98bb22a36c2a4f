"""JSON Schema (draft-07) for the answer files, built from the questionnaire.

Editors such as VS Code read it through the ``yaml-language-server`` modeline at
the top of each answer file, so a hand editor gets completion, the question
text as a tooltip and red squiggles for a choice that does not exist. Open
answers (``null``) are always allowed: "weet ik nog niet" never blocks.
"""
from __future__ import annotations

import json
import re
from typing import Any

from handreiking.core.values import MONTHS
from handreiking.questionnaire.catalog import OTHER_VALUE, Question, Questionnaire

# Draft-07: the newest draft the VS Code YAML extension (yaml-language-server) promises to support.
DIALECT = "http://json-schema.org/draft-07/schema#"


def _describe(question: Question) -> str:
    parts = [question.text]
    if question.help:
        parts.append(question.help)
    if question.topic:  # what a document says while the answer is open
        parts.append(f"Onderwerp in de documenten: {question.topic}.")
    return "\n\n".join(parts)


def _choice_schema(question: Question) -> dict[str, Any]:
    options: list[dict[str, Any]] = [
        {"const": c.value, "title": c.label, **({"description": c.help} if c.help else {})}
        for c in question.choices
    ]
    if question.choice_source is not None:
        source = question.choice_source
        options.append({"type": "string", "minLength": 1,
                        "title": f"Uit {source.phase}.{source.group} (veld {source.value_field})"})
    if question.allow_other:
        options.append({
            "type": "object",
            "title": "Anders, namelijk …",
            "properties": {OTHER_VALUE: {"type": "string", "minLength": 1}},
            "required": [OTHER_VALUE],
            "additionalProperties": False,
        })
    return {"anyOf": options}


YES_NO_WORDS = ("ja", "nee", "Ja", "Nee", "JA", "NEE")
# 12,5 and 24.500, 24.500,00, € 24.500, € 24.500,- and 85% (a point between thousands; a point
# before one or two digits is a decimal mark, before four or more no number: values.parse_number)
DUTCH_NUMBER_PATTERN = (r"^\s*(?:€\s*)?[-+]?(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+|,[-–—]+)?"
                        r"|[0-9]+(?:,[0-9]+|\.[0-9]{1,3}|,[-–—]+)?|[.,][0-9]+)\s*(?:euro|%)?\s*$")
DUTCH_WHOLE_PATTERN = r"^\s*[-+]?(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)\s*$"
_MONTHS = "|".join(f"[{m[0]}{m[0].upper()}]{m[1:]}" for m in MONTHS)  # no (?i): editors use ECMA-262 patterns
DUTCH_DATE_PATTERN = (rf"^\s*(?:[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.][0-9]{{4}}"
                      rf"|[0-9]{{1,2}}\s+(?:{_MONTHS})\s+[0-9]{{4}})\s*$")


def value_schema(question: Question) -> dict[str, Any]:
    """Schema for an answered value of ``question`` (without the null case)."""
    rules = question.rules
    kind = question.kind
    schema: dict[str, Any]
    if kind in ("tekst", "lange_tekst"):
        schema = {"type": ["string", "number"]}
        if rules.min_length is not None:
            schema["minLength"] = rules.min_length
        if rules.max_length is not None:
            schema["maxLength"] = rules.max_length
        if rules.pattern is not None:
            schema["pattern"] = f"^(?:{rules.pattern})$"
    elif kind == "keuze":
        schema = _choice_schema(question)
    elif kind == "meerkeuze":
        schema = {"type": "array", "items": _choice_schema(question), "uniqueItems": True}
    elif kind == "janee":  # what the wizard accepts, a file accepts: also ja and nee
        schema = {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": list(YES_NO_WORDS)}]}
    elif kind == "getal":
        schema = {"type": "integer" if rules.whole else "number"}
        if rules.min is not None:
            schema["minimum"] = rules.min
        if rules.max is not None:
            schema["maximum"] = rules.max
        written = DUTCH_WHOLE_PATTERN if rules.whole else DUTCH_NUMBER_PATTERN  # 24.500, 12,5
        schema = {"anyOf": [schema, {"type": "string", "pattern": written}]}
    elif kind == "datum":
        schema = {"anyOf": [{"type": "string", "format": "date"},
                            {"type": "string", "pattern": DUTCH_DATE_PATTERN}]}  # 1-7-2027
    else:  # groep
        schema = {
            "type": "array",
            "items": {
                "type": "object",
                "title": question.item_name,
                "properties": {f.id: field_schema(f) for f in question.fields},
            },
        }
        refused = _refused_combinations(question)
        if refused:
            schema["items"]["allOf"] = refused
    # No minItems/maxItems: a list shorter than the guide asks is an open item that
    # handreiking check reports, not an error an editor should underline.
    return schema


_FIELD_IS = re.compile(r"^(\w+) == '([^']*)'$")


def _refused_combinations(question: Question) -> list[dict[str, Any]]:
    """``niet_als`` of the simple form ``other == 'value'`` as JSON Schema (if the other field
    has that value, this field is empty), so an editor underlines a structural budget line with
    an end year too. Other conditions are checked by handreiking check only."""
    result = []
    for sub in question.fields:
        for condition, _message in sub.rules.forbidden_when:
            match = _FIELD_IS.match(condition.source)
            if match:
                other, value = match.groups()
                result.append({"if": {"properties": {other: {"const": value}}, "required": [other]},
                               "then": {"properties": {sub.id: {"type": "null"}}}})
    return result


def field_schema(question: Question) -> dict[str, Any]:
    schema = {"title": question.text, "description": _describe(question)}
    schema["anyOf"] = [value_schema(question), {"type": "null"}]
    if question.example:
        schema["examples"] = [question.example]
    return schema


def phase_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """The schema of one answer file."""
    return {
        "$schema": DIALECT,
        "$id": f"handreiking:{questionnaire.number}-{questionnaire.phase}",
        "title": f"Fase {questionnaire.number} · {questionnaire.title}",
        "description": questionnaire.intro,
        "type": ["object", "null"],
        "properties": {q.id: field_schema(q) for q in questionnaire.questions},
    }


def schema_filename(questionnaire: Questionnaire) -> str:
    return f"{questionnaire.number}-{questionnaire.phase}.schema.json"


def schema_text(questionnaire: Questionnaire) -> str:
    return json.dumps(phase_schema(questionnaire), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
