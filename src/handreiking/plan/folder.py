"""The plan folder: its layout, ``plan.yaml`` and the wizard lock.

A plan folder is what users keep in git::

    plan.yaml               title, gemeente, the regisseur's e-mail, dates, schema version
    antwoorden/<n>-<fase>.yaml
    documenten/             rendered output
    schema/                 JSON Schemas for editors (yaml-language-server)
    sjablonen/              optional template overrides
"""
from __future__ import annotations

import datetime as dt
import errno
import getpass
import json
import os
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handreiking.core.conflicts import plan_conflict_error
from handreiking.core.errors import AnswerFileError, LockError, PlanError
from handreiking.core.gate import (
    JOURNAL,
    check_inside,
    finish_journal,
    plan_file_kind,
    read_plan_bytes,
    write_plan_file,
)
from handreiking.core.handtext import HandText, comment_slots
from handreiking.core.values import parse_date
from handreiking.core.yamldata import plain
from handreiking.core.yamlio import MAX_FILE_BYTES, dump_yaml, load_yaml, make_yaml, read_yaml_fast
from handreiking.core.yamlio import node_position as located
from handreiking.core.yamlsave import checked_text
from handreiking.plan.answers import load_phase
from handreiking.plan.documents import FORMATS, carried_over_statuses, load_documents
from handreiking.plan.fact_moves import PLAN_MOVES, PLAN_MOVES_BLOCK, move_facts
from handreiking.plan.names import ANSWERS_DIR, DOCUMENTS_DIR, LOCK_FILE, PLAN_FILE, SCHEMA_DIR, TEMPLATES_DIR
from handreiking.questionnaire.catalog import load_catalog
from handreiking.questionnaire.renames import apply_renames

SCHEMA_VERSION = 6

# Above the ``regisseur:`` block of plan.yaml: where the regisseur's name lives since schema 6.
DIRECTOR_COMMENT = ("# De naam en de organisatie van de regisseur staan bij Vertrekpunt "
                    "(antwoorden/1-vertrekpunt.yaml).")
DIRECTOR_LEFT_COMMENT = ("# Een naam of organisatie hieronder verschilde daarvan en komt in geen document: "
                         "haal hem weg als Vertrekpunt klopt.")


@dataclass(frozen=True)
class Regisseur:
    """``regisseur:`` in plan.yaml. Only ``email`` is a detail of the plan; the name and the
    organisation are answers of Vertrekpunt (``regisseur_naam``, ``regisseur_organisatie``)
    since schema 6. ``naam`` and ``organisatie`` hold what plan.yaml still says: in a plan of an
    older schema (its migration moves them), or a value that differed from the answer, which
    the migration left for someone to remove (advice rule ``regisseur-anders-dan-plan``). No
    document prints them."""

    naam: str = ""
    organisatie: str = ""
    email: str = ""


@dataclass(frozen=True)
class DocumentStatus:
    """``documenten: <id>: {status, datum, door}`` in a plan.yaml of schema 1: where a document
    stood. Since schema 2 these are questions of the document's phase (``vaststelling`` in
    templates/documenten.yaml); the migration moves them there."""

    id: str
    status: str = "concept"  # or "vastgesteld"
    datum: dt.date | None = None
    door: str = ""  # the body that adopted it


DOCUMENT_STATUSES = ("concept", "vastgesteld")


@dataclass(frozen=True)
class PlanMeta:
    titel: str
    gemeente: str
    regio: str = ""
    regisseur: Regisseur = Regisseur()
    startdatum: dt.date | None = None
    versiedatum: dt.date | None = None
    schema_versie: int = SCHEMA_VERSION
    acknowledged: tuple[tuple[str, str], ...] = ()  # advice rule id → reason ("afgewogen")
    formaten: tuple[str, ...] = ()  # which formats `render` writes by default; () = md, html, docx
    # schema 1 only: per document concept or adopted, when and by whom; moved into the answers
    legacy_documents: tuple[DocumentStatus, ...] = ()

    @property
    def document_date(self) -> dt.date:
        """The date documents carry: never the clock, so output is reproducible."""
        return self.versiedatum or self.startdatum or dt.date(2025, 1, 1)


@dataclass(frozen=True)
class Plan:
    root: Path
    meta: PlanMeta

    @property
    def needs_migration(self) -> bool:
        return self.meta.schema_versie < SCHEMA_VERSION

    @property
    def answers_dir(self) -> Path:
        return self.root / ANSWERS_DIR

    @property
    def documents_dir(self) -> Path:
        return self.root / DOCUMENTS_DIR

    @property
    def schema_dir(self) -> Path:
        return self.root / SCHEMA_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR


def open_plan(root: Path | str) -> Plan:
    """Read ``plan.yaml`` of the plan folder ``root``."""

    root = Path(root)
    path = root / PLAN_FILE
    if root.name == PLAN_FILE and root.is_file():  # the plan file itself instead of its folder
        raise PlanError(f"'{root}' is het planbestand, niet de planmap",
                        hint=f"geef de map waarin het staat: {root.parent}")
    if not root.is_dir():
        raise PlanError(f"de map '{root}' bestaat niet", hint="maak een plan met: handreiking init MAP")
    if not os.path.lexists(path):  # something else in its place: the gate below says what
        raise PlanError(
            f"'{root}' is geen planmap: plan.yaml ontbreekt",
            hint="maak een plan met: handreiking init MAP, of ga naar de map van uw plan",
        )
    _finish_interrupted_batch(root)
    data = read_yaml_fast(path, what="plan.yaml", inside=root)

    def node_position(_data: Any, key: str) -> tuple[int | None, int | None]:
        """Where ``key`` is, found by reading the file round-trip only now that it is needed."""

        rt_data, _ = load_yaml(path, what="plan.yaml", inside=root)
        mapping = rt_data.get("regisseur") if key in ("naam", "organisatie", "email") else rt_data
        return located(mapping, key=key) if isinstance(mapping, dict) else (None, None)

    if not isinstance(data, dict):
        raise AnswerFileError("plan.yaml moet sleutels bevatten zoals 'titel:' en 'gemeente:'", path=path)

    conflict = plan_conflict_error(data, path)
    if conflict is not None:
        raise conflict

    def text(key: str, mapping: Any = data, required: bool = False) -> str:
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise AnswerFileError(f"'{key}' ontbreekt of is leeg", path=path, question_id=key)
            return ""
        if isinstance(value, (dict, list, bool)):
            line, col = node_position(mapping, key=key)
            raise AnswerFileError("verwacht tekst", path=path, line=line, column=col, question_id=key)
        return str(value).strip()

    version = data.get("schema_versie", 0)  # plans from before versioning are schema 0
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        line, col = node_position(data, key="schema_versie")
        raise AnswerFileError("schema_versie moet een geheel getal zijn", path=path, line=line, column=col,
                              question_id="schema_versie")
    if version > SCHEMA_VERSION:
        raise PlanError(
            f"dit plan is gemaakt met een nieuwere versie van handreiking (schema {version}; "
            f"deze versie kent tot en met schema {SCHEMA_VERSION})",
            path=path,
            hint="werk handreiking bij: pip install --upgrade handreiking",
        )
    regisseur = data.get("regisseur") or {}
    if not isinstance(regisseur, dict):
        line, col = node_position(data, key="regisseur")
        raise AnswerFileError("'regisseur' moet een blok zijn, met daarin 'email: …'", path=path,
                              line=line, column=col, question_id="regisseur",
                              hint="de naam en de organisatie van de regisseur zijn vragen van Vertrekpunt "
                                   "(antwoorden/1-vertrekpunt.yaml: regisseur_naam en regisseur_organisatie)")

    def date(key: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            line, col = node_position(data, key=key)
            raise AnswerFileError("verwacht een datum, bijvoorbeeld 1-3-2026 of 2026-03-01",
                                  path=path, line=line, column=col, question_id=key)
        return parsed

    acknowledged = data.get("afgewogen") or {}
    if not isinstance(acknowledged, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in acknowledged.items()):
        line, col = node_position(data, key="afgewogen")
        raise AnswerFileError("'afgewogen' moet regels 'advies-id: reden' bevatten, elk met een reden",
                              path=path, line=line, column=col, question_id="afgewogen")
    meta = PlanMeta(
        titel=text("titel", required=True),
        gemeente=text("gemeente"),
        regio=text("regio"),
        regisseur=Regisseur(text("naam", regisseur), text("organisatie", regisseur), text("email", regisseur)),
        startdatum=date("startdatum"),
        versiedatum=date("versiedatum"),
        schema_versie=version,
        acknowledged=tuple((k, " ".join(v.split())) for k, v in acknowledged.items()),
        formaten=_formats(data, path, node_position),
        legacy_documents=_document_statuses(data, path, node_position, version),
    )
    return Plan(root=root, meta=meta)


def save_acknowledgement(plan: Plan, rule_id: str, reason: str | None) -> None:
    """Record (or with ``reason=None`` remove) that the group weighed an advice, in plan.yaml."""
    from ruamel.yaml.comments import CommentedMap


    path = plan.root / PLAN_FILE
    data, text = load_yaml(path, what="plan.yaml", inside=plan.root)
    block = data.get("afgewogen")
    if not isinstance(block, dict):
        block = CommentedMap()
        data["afgewogen"] = block
    if reason is None:
        block.pop(rule_id, None)
        if not block:
            del data["afgewogen"]
    else:
        block[rule_id] = reason.strip()
    save_plan_yaml(plan.root, path, data, text)


def plan_yaml_to_save(path: Path, data: Any, text_as_read: str) -> str:
    """plan.yaml's new text (ruamel keeps its comments), once it reads back as ``data``
    (``yamlsave.checked_text``); its line endings as the file had them."""

    return checked_text(path, dump_yaml(data), plain(data), newline="\r\n" if "\r\n" in text_as_read else "\n")


def save_plan_yaml(root: Path, path: Path, data: Any, text_as_read: str) -> None:
    """Write plan.yaml, read back first, through the plan-file gate."""
    write_plan_file(root, path, plan_yaml_to_save(path, data, text_as_read))


def _document_statuses(data: Any, path: Path, node_position: Any, version: int) -> tuple[DocumentStatus, ...]:
    """``documenten:`` in a plan.yaml of schema 1, for example ``visiedocument: {status:
    vastgesteld, datum: 2026-06-25, door: de gemeenteraad}``: read (and checked) so that the
    migration can move it into the answers, and commands that only read see it there already.
    In a current plan.yaml the block would be a second place for the same fact: an error that
    says where it lives now."""
    block = data.get("documenten")
    if block is None:
        return ()

    def fail(message: str, document_id: str = "documenten", hint: str | None = None) -> AnswerFileError:
        line, col = node_position(data, key="documenten")
        return AnswerFileError(message, path=path, line=line, column=col, question_id=document_id, hint=hint)

    if version >= 2:
        raise fail("'documenten' hoort niet meer in plan.yaml: of een document een concept is of is vastgesteld, "
                   "wanneer en door wie, zijn nu vragen in de fase van dat document",
                   hint="haal het blok weg en beantwoord in de wizard de vragen over de vaststelling, aan het "
                        "eind van de fase van het document: handreiking wizard MAP")

    if not isinstance(block, dict):
        raise fail("'documenten' moet per document een blok zijn, bijvoorbeeld visiedocument: {status: vastgesteld}")
    statuses = []
    for document_id, entry in block.items():
        if not isinstance(entry, dict):
            raise fail("verwacht een blok met status, datum en door", str(document_id))
        status = str(entry.get("status") or "concept").strip().lower()
        if status not in DOCUMENT_STATUSES:
            raise fail("status is 'concept' of 'vastgesteld'", str(document_id))
        day = entry.get("datum")
        parsed = parse_date(day) if day is not None else None
        if day is not None and parsed is None:
            raise fail("verwacht een datum als jaar-maand-dag, bijvoorbeeld 2026-06-25", str(document_id))
        statuses.append(DocumentStatus(str(document_id), status, parsed, " ".join(str(entry.get("door") or "").split())))
    return tuple(statuses)


def _formats(data: Any, path: Path, node_position: Any) -> tuple[str, ...]:
    """``formaten:`` in plan.yaml: the formats ``render`` writes when none are named."""
    value = data.get("formaten")
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        line, col = node_position(data, key="formaten")
        raise AnswerFileError("'formaten' moet een lijst zijn, bijvoorbeeld [md, html, docx, pdf]",
                              path=path, line=line, column=col, question_id="formaten")
    formats = tuple(item.strip().lower() for item in value)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        line, col = node_position(data, key="formaten")
        raise AnswerFileError(f"onbekend formaat: {', '.join(unknown)}; kies uit {', '.join(FORMATS)}",
                              path=path, line=line, column=col, question_id="formaten")
    return formats


def plan_yaml_text(meta: PlanMeta) -> str:
    """The text of a new ``plan.yaml``, with comments that explain each key."""

    data = {
        "schema_versie": SCHEMA_VERSION,
        "titel": meta.titel,
        "gemeente": meta.gemeente,
        "regio": meta.regio,
        "regisseur": {"email": meta.regisseur.email},
        "startdatum": meta.startdatum,
        "versiedatum": meta.versiedatum or meta.startdatum,
    }
    header = (
        "# Plan voor inclusieve kinderopvang — gegevens van het plan.\n"
        "# 'versiedatum' staat op elk document; pas hem aan als u een nieuwe versie deelt.\n"
    )
    return header + _comment_above(dump_yaml(data), "regisseur", [DIRECTOR_COMMENT])


def _comment_above(text: str, key: str, comments: list[str]) -> str:
    """``text`` (a YAML mapping) with comment lines just above its top-level ``key``."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[index:index] = [comment + "\n" for comment in comments]
            break
    return "".join(lines)


GITIGNORE = f"{LOCK_FILE}\n*.tmp\n.handreiking-backup/\n{JOURNAL}\n"
BACKUP_DIR = ".handreiking-backup"


# --- schema migrations --------------------------------------------------------


def _migrate_0_to_1(data: Any, _plan: Plan, _notes: list[str]) -> None:
    """Schema 0 (before versioning) only lacks the version key itself."""
    data.insert(0, "schema_versie", 1)


def _migrate_1_to_2(data: Any, plan: Plan, _notes: list[str]) -> None:
    """Schema 2: where a document stands (``documenten:`` in plan.yaml) became questions of
    the document's phase. The values go into the answer files (an answer already given
    there is kept); then the block leaves plan.yaml. The backup keeps the old plan.yaml."""

    if plan.meta.legacy_documents:
        catalog = load_catalog()
        phases: dict[str, Any] = {}  # only the phases the block names are read (a broken other file stays alone)

        def answer(phase: str, question_id: str) -> Any:
            if phase not in phases:
                phases[phase] = load_phase(catalog.get(phase), plan.answers_dir)
            return phases[phase].get(question_id)

        moves = carried_over_statuses(load_documents(catalog), plan.meta.legacy_documents, answer)
        plan.answers_dir.mkdir(exist_ok=True)
        for phase, question_id, value in moves:
            phases[phase].set(question_id, value)
        for phase in dict.fromkeys(phase for phase, _, _ in moves):
            phases[phase].save()
    _drop_key_with_its_comment(data, "documenten")
    data["schema_versie"] = 2


def _drop_key_with_its_comment(data: Any, key: str) -> None:
    """Remove ``key`` and the comment lines just above it, which explain only that key.

    ruamel keeps the comment lines between two keys with the value before them (with the
    last key of a nested block). So the lines above ``key`` sit with the previous value,
    and the lines above the next key sit inside ``key``'s own block: those are moved to
    the previous value, so that they stay above the key they explain."""
    keys = list(data)
    if key not in keys:
        return
    index = keys.index(key)
    below = _comment_lines_after(data, key)
    data.pop(key)
    if not index:
        return
    holder, last = _last_leaf(data, keys[index - 1])
    if not hasattr(holder, "ca"):
        return
    own_line = ""
    entry = comment_slots(holder).get(last)
    if entry and len(entry) > 2 and entry[2] is not None:
        own_line = entry[2].value.split("\n", 1)[0]
    text = (own_line + "\n" if own_line.strip() else "\n") + below
    if text == "\n":
        if entry and len(entry) > 2:
            entry[2] = None
        return
    if entry and len(entry) > 2 and entry[2] is not None:
        entry[2].value = text
    elif below.strip() and index < len(keys) - 1:  # no comment to extend: ruamel's own way to put one above
        lines = [line.strip() for line in below.splitlines() if line.strip().startswith("#")]
        data.yaml_set_comment_before_after_key(keys[index + 1], before="\n".join(
            line[1:].strip() for line in lines))


def _last_leaf(holder: Any, key: str) -> tuple[Any, str]:
    """The mapping and key after whose value the lines following ``key``'s block are kept."""
    def is_block(value: Any) -> bool:  # a {flow: mapping} keeps the comments after it with its key
        return isinstance(value, dict) and bool(value) and not (hasattr(value, "fa") and value.fa.flow_style())

    while is_block(holder.get(key)):
        holder, key = holder[key], list(holder[key])[-1]
    return holder, key


def _comment_lines_after(data: Any, key: str) -> str:
    """Whole comment lines that follow ``key``'s block (they belong to the key after it)."""
    holder, last = _last_leaf(data, key)
    entry = comment_slots(holder).get(last)
    if not entry or len(entry) < 3 or entry[2] is None:
        return ""
    return entry[2].value.split("\n", 1)[1] if "\n" in entry[2].value else ""


def _migrate_2_to_3(data: Any, _plan: Plan, _notes: list[str]) -> None:
    """Schema 3: answers under a renamed id or choice code get the new name. The renames
    themselves are data (``vroeger:`` in the questionnaires) and are applied at the end of
    every migration (``_rename_answers``); this step only records the new version. A plan
    migrated to schema 2 could still hold ``gemeente_algemeen``, renamed ``gemeentefonds``."""
    data["schema_versie"] = 3


def _move_facts_since(version: int, plan: Plan, notes: list[str]) -> None:
    """Apply the fact moves of the schemas after ``version`` to the plan's answer files
    (each phase read once, only when a move needs it; see plan/fact_moves.py)."""
    if not plan.answers_dir.is_dir():
        return
    catalog = load_catalog()
    phases: dict[str, Any] = {}

    def phase(name: str) -> Any:
        if name not in phases:
            phases[name] = load_phase(catalog.get(name), plan.answers_dir)
        return phases[name]

    move_facts(phase, since=version, notes=notes)


def _migrate_3_to_4(data: Any, plan: Plan, notes: list[str]) -> None:
    """Schema 4: the budget is one ledger and a fact has one question (see plan/fact_moves.py)."""
    _move_facts_since(3, plan, notes)
    data["schema_versie"] = 4


def _migrate_4_to_5(data: Any, plan: Plan, notes: list[str]) -> None:
    """Schema 5: a fact asked in two phases has one question; the other phase's answer moves
    there (a goal's baseline: the outcome of its nulmeting). See plan/fact_moves.py."""
    _move_facts_since(4, plan, notes)
    data["schema_versie"] = 5


def _migrate_5_to_6(data: Any, plan: Plan, notes: list[str]) -> Any:
    """Schema 6: the regisseur's name and organisation are answers of Vertrekpunt, no longer
    details in plan.yaml. plan.yaml's value moves into the answer when that is open and leaves
    plan.yaml when both say the same; a value that differs stays, under a comment that says
    so (see plan/fact_moves.py). Returns plan.yaml's data anew: the keys go with the comments
    inside them, and every other comment stays where it was (``HandText``)."""
    data["schema_versie"] = 6
    block = data.get(PLAN_MOVES_BLOCK)
    moving = [m["sleutel"] for m in PLAN_MOVES]
    if not isinstance(block, dict) or not any(key in block for key in moving):
        return data
    details = {key: block.get(key) for key in moving if key in block}
    plan.answers_dir.mkdir(exist_ok=True)
    catalog = load_catalog()
    phases: dict[str, Any] = {}

    def phase(name: str) -> Any:
        if name not in phases:
            phases[name] = load_phase(catalog.get(name), plan.answers_dir)
        return phases[name]

    move_facts(phase, since=5, notes=notes, plan_details=details)
    text = dump_yaml(data)
    fresh = make_yaml().load(text)
    hand = HandText.read(text, fresh)
    for key in moving:
        if key not in details:
            fresh[PLAN_MOVES_BLOCK].pop(key, None)
    if not fresh[PLAN_MOVES_BLOCK]:  # nothing left (no e-mail): no empty block
        fresh.pop(PLAN_MOVES_BLOCK)
    comments = [DIRECTOR_COMMENT, *([DIRECTOR_LEFT_COMMENT] if details else [])]
    return make_yaml().load(_comment_above(hand.write(fresh), PLAN_MOVES_BLOCK, comments))


MIGRATIONS = {0: _migrate_0_to_1, 1: _migrate_1_to_2, 2: _migrate_2_to_3, 3: _migrate_3_to_4,
              4: _migrate_4_to_5, 5: _migrate_5_to_6}


def _rename_answers(plan: Plan) -> list[str]:
    """Write every answer kept under an old id or choice code (``vroeger:`` in the
    questionnaires) under its current name; returns what changed ('fase: oud → nieuw').
    A file that does not read is left alone: the checks report it as before."""

    changed: list[str] = []
    if not plan.answers_dir.is_dir():
        return changed
    for questionnaire in load_catalog():
        if not (plan.answers_dir / questionnaire.answer_filename).is_file():
            continue
        try:
            phase = load_phase(questionnaire, plan.answers_dir)
        except AnswerFileError:
            continue
        renamed = apply_renames(questionnaire, phase.data)
        if renamed:
            phase.save()
            changed += [f"{questionnaire.title}: {change}" for change in renamed]
    return changed


def migrate_plan(plan: Plan, changes: list[str] | None = None, moved: list[str] | None = None) -> Path | None:
    """Bring an older plan to the current schema before anything is written.

    ``plan.yaml`` and the answer files are first copied to
    ``.handreiking-backup/schema-<old>/``; returns that folder, or None when
    the plan was already current. Each version's step runs in turn, then every
    answer under an old id or choice code gets its current name (what was
    renamed is added to ``changes``, when given). What a step moved to the one question
    that holds its fact, or kept because it differs, is added to ``moved``.

    A rename of a question id, field id or choice code: keep the old name under
    ``vroeger:`` in the questionnaire and raise ``SCHEMA_VERSION`` with a step
    that only sets the new version, so plans are rewritten after a backup.
    """

    if not plan.needs_migration:
        return None
    old = plan.meta.schema_versie
    backup = plan.root / BACKUP_DIR / f"schema-{old}"
    _back_up(plan.root, plan.root / PLAN_FILE, backup / PLAN_FILE)
    if plan.answers_dir.is_dir():
        check_inside(plan.root, plan.answers_dir, what="de map antwoorden")
        for path in sorted(plan.answers_dir.iterdir()):
            if plan_file_kind(path) in ("file", "link") and path.suffix == ".yaml":  # a link out: refused
                _back_up(plan.root, path, backup / ANSWERS_DIR / path.name)
    data, text = load_yaml(plan.root / PLAN_FILE, what="plan.yaml", inside=plan.root)
    notes: list[str] = []
    for version in range(old, SCHEMA_VERSION):
        data = MIGRATIONS[version](data, plan, notes) or data  # a step may give plan.yaml's data anew
    if moved is not None:
        moved.extend(notes)
    renamed = _rename_answers(plan)
    if changes is not None:
        changes.extend(renamed)
    save_plan_yaml(plan.root, plan.root / PLAN_FILE, data, text)
    return backup


def _back_up(root: Path, source: Path, target: Path) -> None:
    """Copy one plan file into the backup folder, through the gate both ways."""

    write_plan_file(root, target, read_plan_bytes(source, inside=root, limit=MAX_FILE_BYTES, what=source.name))


def _finish_interrupted_batch(root: Path) -> None:
    """A batch killed while its files were put in place left a journal: finish it now, under
    the plan's lock (a batch still running holds that lock; it finishes on its own)."""
    if plan_file_kind(root / JOURNAL) is None:
        return
    lock = PlanLock(Plan(root, PlanMeta(titel="", gemeente="")))
    try:
        lock.acquire()
    except (LockError, PlanError):
        return
    lock.release()


# --- lock -----------------------------------------------------------------


class Stopped(KeyboardInterrupt):
    """The terminal was closed (SIGHUP) or the process was asked to stop (SIGTERM).

    Raised from the signal handler so that the program unwinds like after
    Ctrl-C: the answer being typed is not saved, every earlier one already is
    (each save is atomic), and the lock is released on the way out. It is a
    ``KeyboardInterrupt`` because that is what asyncio and prompt_toolkit let
    through instead of logging it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class PlanLock:
    """Keeps a second wizard off the same plan.

    The lock is the operating system's own lock on ``.handreiking.lock``
    (``flock`` on Linux and macOS, ``msvcrt.locking`` on Windows): it is taken
    or refused in one step, so two wizards starting at the same moment cannot
    both win, and the system lets go of it when the process ends, however it
    ends. The file also records who holds it and since when, for the message
    to a second user. A file left with content by a process that was killed is
    simply locked again (``took_over`` then holds what it said).

    The file is never followed: it is created exclusively (``O_CREAT | O_EXCL |
    O_NOFOLLOW``), and an existing one is opened with ``O_NOFOLLOW``. A plan that
    arrives with a link (or a device, or a file with a second name) in the lock's
    place gets that entry removed, never the file it points to, and a fresh lock file.
    A lock that cannot be written (a full disk) is removed again, with a message
    that says so.
    """

    def __init__(self, plan: Plan | Path) -> None:
        self.path = (plan if isinstance(plan, Path) else plan.root) / LOCK_FILE
        self.took_over: dict[str, Any] | None = None
        self._fd: int | None = None

    def acquire(self) -> "PlanLock":
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "gebruiker": _user(),
            "sinds": dt.datetime.now().isoformat(timespec="seconds"),
        }
        for _ in range(5):
            try:
                fd, created = self._open()
            except OSError as exc:
                raise _lock_error(self.path, exc) from None
            if fd is None:
                continue
            if not _try_lock(fd):
                holder = _read_info(fd)
                os.close(fd)
                raise LockError(
                    f"dit plan is al geopend in een andere wizard: door {holder.get('gebruiker', '?')} "
                    f"op {holder.get('host', '?')} sinds {holder.get('sinds', '?')} (proces {holder.get('pid', '?')})",
                    path=self.path,
                    hint=f"sluit die wizard eerst af; het slot ({self.path.name}) gaat vanzelf open zodra die "
                         "wizard stopt.",
                )
            if not _same_file(fd, self.path):  # the holder removed the file just before we locked it
                os.close(fd)
                continue
            previous = {} if created else _read_info(fd)
            self.took_over = previous or None
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                os.ftruncate(fd, 0)
                blob = json.dumps(info).encode("utf-8")
                if os.write(fd, blob) != len(blob):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                os.fsync(fd)
            except OSError as exc:  # a full disk: no lock file stays behind, empty or half written
                _remove_if_same(self.path, fd)
                os.close(fd)
                raise _lock_error(self.path, exc) from None
            self._fd = fd
            finish_journal(self.path.parent)  # a batch killed halfway is finished first
            return self
        raise LockError("kan het plan niet vergrendelen; probeer het opnieuw", path=self.path)

    def _open(self) -> tuple[int | None, bool]:
        """The lock file's descriptor and whether it was just made; (None, False) when
        something that is not a plain lock file was removed from its place (try again)."""
        nofollow = getattr(os, "O_NOFOLLOW", 0)
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | nofollow, 0o644), True
        except FileExistsError:
            pass
        try:
            fd = os.open(self.path, os.O_RDWR | nofollow | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:  # its holder removed it just now
            return None, False
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.ENXIO, errno.EISDIR, errno.EMLINK):
                raise
            fd = None
        if fd is not None:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
                return fd, False
            os.close(fd)
        # a link, a device, a pipe or a second name of another file: remove the entry itself
        if os.path.isdir(self.path) and not os.path.islink(self.path):
            raise PlanError(f"er staat een map met de naam {LOCK_FILE} in de planmap; haal die weg",
                            path=self.path)
        os.unlink(self.path)
        return None, False

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if os.name != "nt":  # removed while still locked, so no one locks a file on its way out
                os.unlink(self.path)
            else:  # Windows cannot remove an open file: leave it empty
                os.ftruncate(fd, 0)
        except OSError:
            pass
        finally:
            os.close(fd)  # the system lets go of the lock

    def __enter__(self) -> "PlanLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _lock_error(path: Path, exc: OSError) -> PlanError:
    if exc.errno == errno.ENOSPC:
        return PlanError("kan de planmap niet vergrendelen: de schijf is vol. Er is niets veranderd",
                         path=path, hint="maak ruimte vrij op de schijf en start de wizard opnieuw")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return PlanError("kan de planmap niet vergrendelen: de map is alleen-lezen of u heeft geen "
                         "schrijfrechten", path=path)
    return PlanError(f"kan de planmap niet vergrendelen ({exc.strerror})", path=path)


def _remove_if_same(path: Path, fd: int) -> None:
    if _same_file(fd, path):
        try:
            os.unlink(path)
        except OSError:
            pass


_WINDOWS_LOCK_OFFSET = 1 << 30  # lock a byte far past the text, so the holder's details stay readable


def _try_lock(fd: int) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    try:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            os.lseek(fd, 0, os.SEEK_SET)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk, ours = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (on_disk.st_dev, on_disk.st_ino) == (ours.st_dev, ours.st_ino)


def _read_info(fd: int) -> dict[str, Any]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 64 * 1024).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@contextmanager
def hold_plan(plan: Plan | Path) -> Iterator[PlanLock]:
    """Lock the plan (or the plan folder, while its plan.yaml cannot be read yet) for as long
    as the block runs, also when the terminal is closed.

    SIGHUP (the window is closed) and SIGTERM (the system asks to stop) raise
    ``Stopped`` in the main thread, so the block unwinds as after Ctrl-C and the
    lock is released; the previous handlers come back afterwards.
    """
    import signal
    import threading

    lock = PlanLock(plan).acquire()
    previous: dict[int, Any] = {}
    stopped: list[int] = []
    if threading.current_thread() is threading.main_thread():
        def stop(signum: int, _frame: Any) -> None:
            # Once is enough: a closed terminal sends SIGHUP more than once (the system, then
            # whoever held the terminal). Later signals are ignored so the way out is not cut short.
            for number in previous:
                signal.signal(number, signal.SIG_IGN)
            stopped.append(signum)
            raise Stopped(signum)

        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                previous[number] = signal.signal(number, stop)
    try:
        yield lock
    finally:
        lock.release()
        if not stopped:  # after a stop signal the process is on its way out: keep ignoring them
            for number, handler in previous.items():
                signal.signal(number, handler)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "onbekend"


def write_new_plan_file(root: Path, meta: PlanMeta) -> None:
    write_plan_file(root, root / PLAN_FILE, plan_yaml_text(meta))
