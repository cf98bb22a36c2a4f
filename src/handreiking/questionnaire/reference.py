"""The answer-key reference: every question id, what to write, and when it applies.

People who prepare a session with ``wizard --antwoorden`` or edit the answer
files by hand need the ids, the types, the allowed values (with their labels)
and the conditions. They come from the same questionnaire definitions as the
wizard and the validation, so the reference cannot drift from them; the
shipped copy (docs/antwoorden-referentie.md) is checked by a test.
"""
from __future__ import annotations

from handreiking.core.values import format_value
from handreiking.questionnaire.catalog import Catalog, Question, Questionnaire

KIND_TEXT = {
    "tekst": "tekst op één regel",
    "lange_tekst": "tekst; meerdere alinea's kunnen na `|` op de regels eronder",
    "keuze": "één keuze",
    "meerkeuze": "een lijst van keuzes, elk op een eigen regel met `- ` ervoor",
    "janee": "ja of nee",
    "getal": "een getal, zoals 12, 12,5 of 24500; met een punt tussen de duizendtallen tussen "
             "aanhalingstekens: `'24.500'`",
    "datum": "een datum, zoals 1-7-2027 of 2027-07-01",
    "groep": "een lijst van items; elk item begint met `- ` en heeft de velden hieronder",
}

INTRO = """\
Dit overzicht noemt elke vraag van de zes fasen met de sleutel (id) die in de
antwoordbestanden staat, wat u erachter schrijft en wanneer de vraag geldt. Het komt uit
dezelfde vragenlijsten als de wizard; maak het opnieuw met `handreiking vragen --markdown`.

Een bestand voor `handreiking wizard MAP --antwoorden BESTAND` heeft een blok per fase en
eventueel een blok `plan:`:

```yaml
plan:
  titel: Op weg naar inclusieve kinderopvang
  gemeente: Gemeente Voorbeeld
  regio: Regio Midden
  regisseur:
    email: n.yilmaz@voorbeeld.nl
  startdatum: 1-3-2026
vertrekpunt:
  regisseur_naam: Noor Yilmaz
  regisseur_organisatie: Gemeente Voorbeeld
  regisseur_onafhankelijk: ja
visie:
  horizonjaar: 2030
```

De naam en de organisatie van de regisseur zijn vragen van Vertrekpunt (`regisseur_naam`,
`regisseur_organisatie`); onder `plan:` staat van de regisseur alleen het e-mailadres.

Alles of niets: klopt één antwoord niet, dan wordt niets opgeslagen en staan alle problemen
in de melding. De items van een lijst (partijen, doelen, begrotingsposten …) komen bij de items
die er al zijn: een item met de naam van een bestaand item werkt alleen de velden bij die het
bestand noemt, een item met een nieuwe naam komt erbij, en items die het bestand niet noemt
blijven staan; twee items met dezelfde naam in één bestand zijn een fout. Een item weghalen
doet u in de wizard of in het antwoordbestand. Bij een keuze schrijft u de code (tussen haakjes achter het label) of het label
zelf. Een eigen antwoord, waar dat kan, schrijft u als `{anders: "uw tekst"}`."""


def reference_text(catalog: Catalog, phase: Questionnaire | None = None, *, markdown: bool = False) -> str:
    """The reference of one phase or all phases, as Markdown or as plain text for the terminal."""
    lines: list[str] = []
    if markdown:
        lines += ["# Antwoorden: alle vragen en sleutels", "", INTRO, ""]
    for questionnaire in [phase] if phase is not None else list(catalog):
        title = f"Fase {questionnaire.number} · {questionnaire.title} (blok `{questionnaire.phase}:`)"
        lines += ([f"## {title}", ""] if markdown else [_plain(title), "=" * len(_plain(title)), ""])
        for question in questionnaire.questions:
            lines += _question_lines(question, markdown, depth=0)
    return "\n".join(lines).rstrip() + "\n"


def _question_lines(question: Question, markdown: bool, depth: int) -> list[str]:
    indent = "  " * depth
    bullet = f"{indent}- " if markdown else f"{indent}  "
    head = f"`{question.id}`: {question.text}"
    if depth:
        lines = [f"{indent}- {head}" if markdown else _plain(f"{indent}- {head}")]
        bullet = f"{indent}  - " if markdown else f"{indent}    "
    else:
        lines = [f"### `{question.id}`", "", question.text, ""] if markdown else [_plain(head)]
    details = [f"Type `{question.kind}`: {KIND_TEXT[question.kind]}"]
    if question.unit == "euro":
        details.append("Een bedrag in euro's, zonder €-teken of met, zoals `24500` of `'€ 24.500'`")
    if question.not_before:
        details.append(f"Niet vóór het antwoord op `{question.not_before}`")
    if question.topic:
        details.append(f"Onderwerp in de documenten: {question.topic}")
    if question.required:
        details.append("Verplicht: de handreiking vraagt dit antwoord")
    if question.unique:
        details.append("Uniek: geen twee items met dezelfde waarde (antwoorden elders wijzen een item hiermee aan)")
    if question.may_be_empty:
        details.append("Mag leeg blijven: het item is ook zonder dit veld af")
    if question.condition is not None:
        details.append(f"Geldt alleen als: `{question.condition.source}`")
    rules = question.rules
    if rules.min is not None or rules.max is not None:
        low = "" if rules.min is None else f"minstens {rules.min}"
        high = "" if rules.max is None else f"hoogstens {rules.max}"
        details.append("Grenzen: " + " en ".join(p for p in (low, high) if p))
    if rules.whole:
        details.append("Een geheel getal, zonder cijfers achter de komma")
    if rules.min_items is not None or rules.max_items is not None:
        noun = question.items_name if question.is_group else "keuzes"
        parts = [f"minstens {rules.min_items}" if rules.min_items is not None else "",
                 f"hoogstens {rules.max_items}" if rules.max_items is not None else ""]
        details.append(f"Aantal {noun}: " + " en ".join(p for p in parts if p)
                       + " (minder is een open punt, geen fout)")
    if rules.max_length is not None:
        details.append(f"Lengte: hoogstens {rules.max_length} tekens")
    if rules.pattern is not None:
        details.append(f"Vorm: `{rules.pattern}`" + (f", bijvoorbeeld {question.example}" if question.example else ""))
    if rules.forbidden_when:
        details.append("Geweigerd als (in dezelfde rij): " + "; ".join(f"`{condition.source}`"
                                                                    for condition, _ in rules.forbidden_when))
    source = question.choice_source
    if source is not None:
        details.append(f"Keuzes: een `{source.value_field}` uit `{source.phase}.{source.group}`")
    if question.choices:
        details.append("Keuzes: " + "; ".join(f"`{c.value}` ({c.label})" if c.label != c.value else f"`{c.value}`"
                                               for c in question.choices))
    renamed = [f"`{old}` (nu `{c.value}`)" for c in question.choices for old in c.former]
    if renamed or question.former_ids:
        former = [f"`{old}`" for old in question.former_ids] + renamed
        details.append("Oude namen, nog gelezen: " + ", ".join(former))
    if question.allow_other:
        details.append("Eigen antwoord: `{anders: \"…\"}`")
    if isinstance(question.default, list) and question.is_group:
        details.append(f"De wizard stelt {len(question.default)} rijen uit de handreiking voor")
    elif question.default is not None:
        shown = " ".join(format_value(question.default).split())
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        details.append(f"Voorstel van de wizard: `{shown}`")
    if question.is_group:
        details.append(f"Elk item ({question.item_name}) heeft deze velden:")
    for detail in details:
        lines.append(f"{bullet}{detail}" if markdown else _plain(f"{bullet}{detail}"))
    for field_q in question.fields:
        lines += _question_lines(field_q, markdown, depth + 1)
    if not depth:
        lines.append("")
    return lines


def _plain(text: str) -> str:
    return text.replace("`- `", "'- '").replace("`|`", "'|'").replace("`", "")
