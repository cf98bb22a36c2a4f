"""The plan folder: its layout, ``plan.yaml`` and the wizard lock.

A plan folder is what users keep in git::

    plan.yaml               title, gemeente, regisseur, dates, schema version
    antwoorden/<n>-<fase>.yaml
    documenten/             rendered output
    schema/                 JSON Schemas for editors (yaml-language-server)
    sjablonen/              optional template overrides
"""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
import getpass
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handreiking.errors import AnswerFileError, LockError, PlanError
from handreiking.files import atomic_write
from handreiking.validation import parse_date

SCHEMA_VERSION = 1
PLAN_FILE = "plan.yaml"
ANSWERS_DIR = "antwoorden"
DOCUMENTS_DIR = "documenten"
SCHEMA_DIR = "schema"
TEMPLATES_DIR = "sjablonen"
LOCK_FILE = ".handreiking.lock"


@dataclass(frozen=True)
class Regisseur:
    naam: str = ""
    organisatie: str = ""
    email: str = ""


@dataclass(frozen=True)
class DocumentStatus:
    """``documenten: <id>: {status, datum, door}`` in plan.yaml: where a document stands.
    Without it a document is a concept dated with the plan's ``versiedatum``."""

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
    documents: tuple[DocumentStatus, ...] = ()  # per document: concept or adopted, when and by whom

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
    from handreiking.yamlio import read_yaml_fast

    root = Path(root)
    path = root / PLAN_FILE
    if not root.is_dir():
        raise PlanError(f"de map '{root}' bestaat niet", hint="maak een plan met: handreiking init MAP")
    if not path.is_file():
        raise PlanError(
            f"'{root}' is geen planmap: plan.yaml ontbreekt",
            hint="maak een plan met: handreiking init MAP, of ga naar de map van uw plan",
        )
    data = read_yaml_fast(path, what="plan.yaml")

    def node_position(_data: Any, key: str) -> tuple[int | None, int | None]:
        """Where ``key`` is, found by reading the file round-trip only now that it is needed."""
        from handreiking.yamlio import load_yaml
        from handreiking.yamlio import node_position as located

        rt_data, _ = load_yaml(path, what="plan.yaml")
        mapping = rt_data.get("regisseur") if key in ("naam", "organisatie", "email") else rt_data
        return located(mapping, key=key) if isinstance(mapping, dict) else (None, None)

    if not isinstance(data, dict):
        raise AnswerFileError("plan.yaml moet sleutels bevatten zoals 'titel:' en 'gemeente:'", path=path)
    from handreiking.conflicts import plan_conflict_error

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
        raise AnswerFileError("'regisseur' moet een blok zijn met naam, organisatie en email", path=path,
                              line=line, column=col, question_id="regisseur")

    def date(key: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            line, col = node_position(data, key=key)
            raise AnswerFileError("verwacht een datum als jaar-maand-dag, bijvoorbeeld 2026-03-01",
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
        documents=_document_statuses(data, path, node_position),
    )
    return Plan(root=root, meta=meta)


def save_acknowledgement(plan: Plan, rule_id: str, reason: str | None) -> None:
    """Record (or with ``reason=None`` remove) that the group weighed an advice, in plan.yaml."""
    from ruamel.yaml.comments import CommentedMap

    from handreiking.yamlio import dump_yaml, load_yaml

    path = plan.root / PLAN_FILE
    data, _ = load_yaml(path, what="plan.yaml")
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
    atomic_write(path, dump_yaml(data))


def _document_statuses(data: Any, path: Path, node_position: Any) -> tuple[DocumentStatus, ...]:
    """``documenten:`` in plan.yaml, for example ``visiedocument: {status: vastgesteld,
    datum: 2026-06-25, door: de gemeenteraad}``."""
    block = data.get("documenten")
    if block is None:
        return ()

    def fail(message: str, document_id: str = "documenten") -> AnswerFileError:
        line, col = node_position(data, key="documenten")
        return AnswerFileError(message, path=path, line=line, column=col, question_id=document_id)

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
    return tuple(item.strip().lower() for item in value)


def plan_yaml_text(meta: PlanMeta) -> str:
    """The text of a new ``plan.yaml``, with comments that explain each key."""
    from handreiking.yamlio import dump_yaml

    data = {
        "schema_versie": SCHEMA_VERSION,
        "titel": meta.titel,
        "gemeente": meta.gemeente,
        "regio": meta.regio,
        "regisseur": {"naam": meta.regisseur.naam, "organisatie": meta.regisseur.organisatie,
                      "email": meta.regisseur.email},
        "startdatum": meta.startdatum,
        "versiedatum": meta.versiedatum or meta.startdatum,
    }
    header = (
        "# Plan voor inclusieve kinderopvang — gegevens van het plan.\n"
        "# 'versiedatum' staat op elk document; pas hem aan als u een nieuwe versie deelt.\n"
    )
    return header + dump_yaml(data)


GITIGNORE = f"{LOCK_FILE}\n*.tmp\n.handreiking-backup/\n"
BACKUP_DIR = ".handreiking-backup"


# --- schema migrations --------------------------------------------------------


def _migrate_0_to_1(data: Any) -> None:
    """Schema 0 (before versioning) only lacks the version key itself."""
    data.insert(0, "schema_versie", 1)


MIGRATIONS = {0: _migrate_0_to_1}


def migrate_plan(plan: Plan) -> Path | None:
    """Bring an older plan to the current schema before anything is written.

    ``plan.yaml`` and the answer files are first copied to
    ``.handreiking-backup/schema-<old>/``; returns that folder, or None when
    the plan was already current.
    """
    import shutil

    from handreiking.yamlio import dump_yaml, load_yaml

    if not plan.needs_migration:
        return None
    old = plan.meta.schema_versie
    backup = plan.root / BACKUP_DIR / f"schema-{old}"
    backup.mkdir(parents=True, exist_ok=True)
    shutil.copy2(plan.root / PLAN_FILE, backup / PLAN_FILE)
    if plan.answers_dir.is_dir():
        shutil.copytree(plan.answers_dir, backup / ANSWERS_DIR, dirs_exist_ok=True)
    data, _ = load_yaml(plan.root / PLAN_FILE, what="plan.yaml")
    for version in range(old, SCHEMA_VERSION):
        MIGRATIONS[version](data)
    atomic_write(plan.root / PLAN_FILE, dump_yaml(data))
    return backup


# --- lock -----------------------------------------------------------------


class PlanLock:
    """Keeps a second wizard off the same plan.

    The lock file records who holds it and since when. A lock left by a
    process that no longer runs on this machine is stale and is taken over.
    """

    def __init__(self, plan: Plan) -> None:
        self.path = plan.root / LOCK_FILE
        self.took_over: dict[str, Any] | None = None
        self._held = False

    def acquire(self) -> "PlanLock":
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "gebruiker": _user(),
            "sinds": dt.datetime.now().isoformat(timespec="seconds"),
        }
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = self._read()
                if holder is not None and not _is_stale(holder):
                    raise LockError(
                        f"dit plan is al geopend in een andere wizard: door {holder.get('gebruiker', '?')} "
                        f"op {holder.get('host', '?')} sinds {holder.get('sinds', '?')} (proces {holder.get('pid', '?')})",
                        path=self.path,
                        hint="sluit die wizard eerst af. Weet u zeker dat er geen wizard meer loopt? "
                             f"Verwijder dan het bestand {self.path.name}.",
                    )
                self.took_over = holder or {}
                try:
                    self.path.unlink()
                except FileNotFoundError:
                    pass
                continue
            except OSError as exc:
                raise PlanError(f"kan de planmap niet vergrendelen ({exc.strerror})", path=self.path) from None
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(info, handle)
            self._held = True
            return self
        raise LockError("kan het plan niet vergrendelen; probeer het opnieuw", path=self.path)

    def release(self) -> None:
        if self._held:
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
            self._held = False

    def _read(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else None
        except (OSError, ValueError):
            return None

    def __enter__(self) -> "PlanLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "onbekend"


def _is_stale(holder: dict[str, Any]) -> bool:
    if holder.get("host") != socket.gethostname():
        return False
    pid = holder.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def write_new_plan_file(root: Path, meta: PlanMeta) -> None:
    atomic_write(root / PLAN_FILE, plan_yaml_text(meta))
