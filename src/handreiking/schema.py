"""JSON Schema (draft-07) for the answer files, built from the questionnaire.

Editors such as VS Code read it through the ``yaml-language-server`` modeline at
the top of each answer file, so a hand editor gets completion, the question
text as a tooltip and red squiggles for a choice that does not exist. Open
answers (``null``) are always allowed: "weet ik nog niet" never blocks.
"""
from __future__ import annotations

import json
from typing import Any

from handreiking.questionnaire import OTHER_VALUE, Question, Questionnaire

# Draft-07: the newest draft the VS Code YAML extension (yaml-language-server) promises to support.
DIALECT = "http://json-schema.org/draft-07/schema#"


def _describe(question: Question) -> str:
    parts = [question.text]
    if question.help:
        parts.append(question.help)
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
    elif kind == "janee":
        schema = {"type": "boolean"}
    elif kind == "getal":
        schema = {"type": "number"}
        if rules.min is not None:
            schema["minimum"] = rules.min
        if rules.max is not None:
            schema["maximum"] = rules.max
    elif kind == "datum":
        schema = {"type": "string", "format": "date"}
    else:  # groep
        schema = {
            "type": "array",
            "items": {
                "type": "object",
                "title": question.item_name,
                "properties": {f.id: field_schema(f) for f in question.fields},
            },
        }
    if kind in ("meerkeuze", "groep"):
        if rules.min_items is not None:
            schema["minItems"] = rules.min_items
        if rules.max_items is not None:
            schema["maxItems"] = rules.max_items
    return schema


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
