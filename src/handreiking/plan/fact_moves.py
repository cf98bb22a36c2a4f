"""Schemas 4, 5 and 6: one fact, one question; the budget as a ledger.

The moves are data: which field of which list is renamed, with which values, which list
moves into another, which answer goes because it now follows from other answers (schema 4),
which answer of a later phase moves to the one question that holds its fact (schema 5:
a goal's baseline), and which detail of plan.yaml is a question of a phase (schema 6: the
regisseur's name and organisation). ``plan.migrate_plan`` has copied plan.yaml and every answer file to
``.handreiking-backup/schema-<old>/`` before this runs, so nothing that goes is lost; an
answer that differs from the one kept stays where it was, and ``check`` names both.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from handreiking.plan.director import NAME, ORGANISATION

# A field of every item of a list is renamed, its values mapped (old value → new value).
FIELD_RENAMES = [
    # The budget line said "structureel: ja/nee"; now it says structureel, tijdelijk or eenmalig.
    # The old help: "ja als de kosten elk jaar terugkomen, nee als ze eenmalig of tijdelijk zijn"
    # with "in totaal bij een eenmalige post": nee was counted as one-off money.
    {"fase": "uitvoering", "vraag": "middelen", "van": "structureel", "naar": "soort",
     "waarden": {True: "structureel", False: "eenmalig"}},
]

# A list that held the same money as the budget lines: moved into the budget when that is
# still empty; otherwise it stays in the file (check names it as no longer used) so that
# nobody's figures disappear.
LIST_MOVES = [
    {"van": ("planvorming", "financieringsregels"), "naar": ("uitvoering", "middelen"),
     "velden": {"bron": "bron", "bedrag": "bedrag"},
     "post": ["toelichting", "bron"],  # the line's name: the explanation, or else the source
     "soort": {"veld": "structureel", True: "structureel", False: "tijdelijk"},
     "tot_jaar": "einddatum"},
]

# Answers that now follow from other answers; the backup keeps them.
DERIVED = [
    ("uitvoering", "tekort_bedrag"),  # the gap per year follows from the budget lines
]

# Schema 5. A fact asked in two phases: the answer of the phase that owns it stays, the other
# phase's answer moves there when the owner's is still open, goes when both say the same, and
# otherwise stays in its place as a note (the documents print the owner's answer; an advice
# rule names both places). The outcome of a goal's nulmeting is the goal's baseline.
ANSWER_MOVES = [
    {"rijen": ("evaluatie", "resultaten"), "waar": {"meetmoment": "nulmeting"}, "veld": "uitkomst",
     "naar": ("uitvoering", "doelen"), "sleutel": "doel_id", "naar_veld": "uitgangswaarde",
     "wat": "de uitkomst van de nulmeting", "waar_naar": "de uitgangswaarde bij het doel (Uitvoering)"},
]

# A kept answer that only says it is not known yet counts as open (lower case, a part is enough).
NOT_KNOWN_YET = ("nog niet bekend", "nog onbekend", "volgt uit de nulmeting", "nog niet gemeten")

# Schema 6. A detail that plan.yaml held (``regisseur: naam``) and a phase asks: the answer is
# its one home. plan.yaml's value moves into the answer when that is still open and leaves
# plan.yaml when both say the same; when they differ the answer stays (it is what the
# Stakeholderanalyse printed) and plan.yaml keeps its value, unused, until someone removes it
# (an advice rule names both).
PLAN_MOVES = [
    {"sleutel": "naam", "naar": NAME, "wat": "de naam van de regisseur"},
    {"sleutel": "organisatie", "naar": ORGANISATION, "wat": "de organisatie van de regisseur"},
]
PLAN_MOVES_BLOCK = "regisseur"  # the block of plan.yaml the keys above are in

# The schema whose moves each step belongs to: a plan of an older schema gets those moves.
LAST_MOVES_SCHEMA = 6

# Sources that pay regular childcare hours only: a moved or renamed line from one of these
# pays the regular hours (the guide, Financiering). Other lines leave the purpose open.
REGULAR_ONLY = ("kinderopvangtoeslag", "wko_1_13", "smi", "asscher")


def move_facts(phase: Any, *, save: bool = True, since: int = 0, notes: list[str] | None = None,
               plan_details: dict[str, Any] | None = None) -> bool:
    """Apply the moves of every schema after ``since`` to the answer files; ``phase(name)``
    gives a loaded phase (PhaseAnswers). Returns whether anything changed. Without ``save``
    only the data in memory changes: how commands that only read see an older plan. What
    moved, and what stayed because it differs, is added to ``notes`` (Dutch, for the user).

    ``plan_details``: plan.yaml's ``regisseur`` block as read (schema 6 moves its name and
    organisation into the answers). The keys that moved, or said the same as the answer, are
    taken out of it; what is left differs from the answer and stays in plan.yaml."""
    changed: set[str] = set()
    if since < 4:
        _schema_4_moves(phase, changed)
    if since < 5:
        for move in ANSWER_MOVES:
            _move_answers(phase, move, changed, notes if notes is not None else [])
    if since < 6 and plan_details is not None:
        _move_plan_details(phase, plan_details, changed, notes if notes is not None else [])
    for name in sorted(changed if save else ()):
        phase(name).save()
    return bool(changed)


def _schema_4_moves(phase: Any, changed: set[str]) -> None:
    for move in LIST_MOVES:
        (from_phase, from_id), (to_phase, to_id) = move["van"], move["naar"]
        old = phase(from_phase).get(from_id)
        if not isinstance(old, list) or not old:
            continue
        target = phase(to_phase).get(to_id)
        if isinstance(target, list) and target:
            continue
        phase(to_phase).set(to_id, [_moved_line(item, move) for item in old if isinstance(item, dict)])
        phase(from_phase).data.pop(from_id, None)
        changed.update((from_phase, to_phase))
    for rename in FIELD_RENAMES:
        items = phase(rename["fase"]).get(rename["vraag"])
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and rename["van"] in item and rename["naar"] not in item:
                old_value = _yes_no(item.pop(rename["van"]))
                if old_value is not None:
                    item[rename["naar"]] = rename["waarden"].get(old_value, old_value)
                if item.get("bron") in REGULAR_ONLY and "bestemming" not in item:
                    item["bestemming"] = "regulier"
                changed.add(rename["fase"])
    for phase_name, question_id in DERIVED:
        if question_id in phase(phase_name).data:
            phase(phase_name).data.pop(question_id)
            changed.add(phase_name)


def _one_line(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _key(value: Any) -> str:
    """A name as another answer refers to it: case, spaces and dashes do not count."""
    if isinstance(value, dict):
        value = value.get("anders")
    return _one_line(value).replace("\u2013", "-").replace("\u2014", "-").casefold()


def _is_open(value: Any) -> bool:
    """No answer, or one that only says it is not known yet; a hand-written list or block is an
    answer (it is kept, not overwritten)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    text = _one_line(value).casefold()
    return bool(text) and any(mark in text for mark in NOT_KNOWN_YET)


def _move_answers(phase: Any, move: dict[str, Any], changed: set[str], notes: list[str]) -> None:
    """One ``ANSWER_MOVES`` entry: each matching row's field to the owner row with the same key."""
    (from_phase, from_id), (to_phase, to_id) = move["rijen"], move["naar"]
    rows, owners = phase(from_phase).get(from_id), phase(to_phase).get(to_id)
    if not isinstance(rows, list) or not isinstance(owners, list):
        return
    filled: set[int] = set()  # owners this move filled: a later row is compared with them, not put over them
    # Rows with a real outcome first: a row that only says "nog niet bekend" then never takes
    # an owner's place before a measured value of the same goal could.
    for row in sorted((r for r in rows if isinstance(r, dict)), key=lambda r: _is_open(r.get(move["veld"]))):
        if any(_key(row.get(k)) != _key(v) for k, v in move["waar"].items()):
            continue
        value = _one_line(row.get(move["veld"]))
        key = _key(row.get(move["sleutel"]))
        matches = [o for o in owners if isinstance(o, dict) and key and _key(o.get(move["sleutel"])) == key]
        if not value or len(matches) != 1:
            continue  # nothing to move, or no single owner: the row stays as it is
        owner, name = matches[0], _one_line(row.get(move["sleutel"]))
        kept = owner.get(move["naar_veld"])
        if _is_open(kept) and id(owner) not in filled:
            owner[move["naar_veld"]] = value
            filled.add(id(owner))
            notes.append(f"{name}: {move['wat']} staat nu als {move['waar_naar']}.")
        elif _one_line(kept).casefold() != value.casefold():
            notes.append(f"{name}: {move['wat']} (\u201c{value}\u201d) verschilt van {move['waar_naar']} "
                         f"(\u201c{_one_line(kept)}\u201d). De documenten noemen {move['waar_naar']}; "
                         f"{move['wat']} blijft bewaard, en handreiking check noemt beide.")
            continue
        row.pop(move["veld"])
        changed.update((from_phase, to_phase))


def _move_plan_details(phase: Any, details: dict[str, Any], changed: set[str], notes: list[str]) -> None:
    """``PLAN_MOVES``: each detail of plan.yaml to the answer that now holds it."""
    for move in PLAN_MOVES:
        key, (to_phase, to_id) = move["sleutel"], move["naar"]
        value = _one_line(details.get(key))
        if not value:
            details.pop(key, None)  # empty in plan.yaml: nothing to keep there
            continue
        kept = phase(to_phase).get(to_id)
        if kept is None or (isinstance(kept, str) and not kept.strip()):
            phase(to_phase).set(to_id, value)
            changed.add(to_phase)
            notes.append(f"{move['wat'].capitalize()} (\u201c{value}\u201d) staat nu bij Vertrekpunt, niet meer "
                         "in plan.yaml.")
        elif _key(kept) != _key(value):
            notes.append(f"{move['wat'].capitalize()} in plan.yaml (\u201c{value}\u201d) verschilt van die bij "
                         f"Vertrekpunt (\u201c{_one_line(kept)}\u201d). De documenten noemen die bij Vertrekpunt; "
                         "plan.yaml houdt de andere tot u die weghaalt, en handreiking check noemt beide.")
            continue
        details.pop(key, None)


def _yes_no(value: Any) -> Any:
    """A yes/no answer as written by hand ('ja', 'Nee', true) as a bool; None stays None."""
    if isinstance(value, str):
        return {"ja": True, "nee": False, "true": True, "false": False}.get(value.strip().lower(), value)
    return value


def _moved_line(item: dict[str, Any], move: dict[str, Any]) -> dict[str, Any]:
    line: dict[str, Any] = {}
    for name in move["post"]:
        value = item.get(name)
        if value:
            line["post"] = value.get("anders", "") if isinstance(value, dict) else " ".join(str(value).split())
            break
    kind = move["soort"]
    structural = _yes_no(item.get(kind["veld"]))
    if isinstance(structural, bool):
        line["soort"] = kind[structural]
    for old, new in move["velden"].items():
        if item.get(old) is not None:
            line[new] = item[old]
    end = item.get(move["tot_jaar"])
    if line.get("soort") == "tijdelijk" and isinstance(end, (dt.date, str)) and str(end)[:4].isdigit():
        line["tot_jaar"] = int(str(end)[:4])
    if line.get("bron") in REGULAR_ONLY:
        line["bestemming"] = "regulier"
    return line


class _PlainPhase:
    """One phase's answers as plain data, for ``move_facts`` without saving."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def get(self, question_id: str) -> Any:
        return self.data.get(question_id)

    def set(self, question_id: str, value: Any) -> None:
        self.data[question_id] = value


def read_as_moved(plan_data: Any, answers: dict[str, Any]) -> None:
    """``answers`` (phase → its answers as plain data) of a plan whose plan.yaml reads as
    ``plan_data``: when that plan is older than the last schema with moves, changed in place as the migration
    would write them, so two versions compare as what they say, not how they were written. ``plan_data``'s
    ``regisseur`` block loses the keys the migration takes out of plan.yaml."""
    version = plan_data.get("schema_versie", 0) if isinstance(plan_data, dict) else 0
    if not isinstance(version, int) or version >= LAST_MOVES_SCHEMA:
        return
    phases: dict[str, _PlainPhase] = {}

    def phase(name: str) -> _PlainPhase:
        if name not in phases:
            if not isinstance(answers.get(name), dict):
                answers[name] = {}
            phases[name] = _PlainPhase(answers[name])
        return phases[name]

    block = plan_data.get(PLAN_MOVES_BLOCK) if isinstance(plan_data, dict) else None
    details = dict(block) if isinstance(block, dict) else None
    move_facts(phase, save=False, since=version, plan_details=details)
    if isinstance(block, dict) and details is not None:  # plan.yaml as the migration writes it
        for move in PLAN_MOVES:
            if move["sleutel"] not in details:
                block.pop(move["sleutel"], None)
