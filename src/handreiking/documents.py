"""Document definitions: which documents a plan has, from which template and phases.

``templates/documenten.yaml`` lists them. Reading it is kept apart from the
renderer, so that ``check`` can verify the list without importing Jinja,
Markdown and python-docx.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handreiking.errors import QuestionnaireError
from handreiking.questionnaire import Catalog

FORMATS = ("md", "html", "docx", "pdf")
DEFAULT_FORMATS = ("md", "html", "docx")  # PDF needs the optional extra: only on request


@dataclass(frozen=True)
class DocumentSpec:
    id: str
    title: str
    template: str
    phases: tuple[str, ...]
    description: str = ""
    formats: tuple[str, ...] = FORMATS
    filename: str = ""  # defaults to the id
    history: bool = False  # shows the change log from git (``geschiedenis: true``)
    style: str = ""  # an extra page style for the HTML ("overzicht": the dashboard, on one A4 page)

    @property
    def stem(self) -> str:
        return self.filename or self.id


def load_documents(catalog: Catalog, folder: Path | None = None) -> tuple[DocumentSpec, ...]:
    """Read ``templates/documenten.yaml``: which documents exist and what they use."""
    from handreiking.resources import data_dir
    from handreiking.yamlio import read_definition

    path = (folder or data_dir("templates")) / "documenten.yaml"
    raw = read_definition(path, what="de lijst met documenten")
    items = raw.get("documenten") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise QuestionnaireError("verwacht 'documenten:' met een lijst", path=path)
    specs = []
    for item in items:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "titel", "sjabloon")):
            raise QuestionnaireError("elk document heeft 'id', 'titel' en 'sjabloon'", path=path)
        phases = tuple(item.get("fasen") or ())
        unknown = [p for p in phases if catalog.get(p) is None]
        if unknown:
            raise QuestionnaireError(f"onbekende fase(n) {', '.join(unknown)}", path=path, question_id=item["id"])
        formats = tuple(item.get("formaten") or FORMATS)
        if any(f not in FORMATS for f in formats):
            raise QuestionnaireError(f"onbekend formaat; kies uit {', '.join(FORMATS)}", path=path,
                                     question_id=item["id"])
        filename = str(item.get("bestand") or "")
        if filename and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", filename):
            raise QuestionnaireError("'bestand' mag alleen kleine letters, cijfers, - en _ bevatten", path=path,
                                     question_id=item["id"])
        specs.append(DocumentSpec(item["id"], item["titel"], item["sjabloon"], phases, item.get("omschrijving", ""),
                                  formats, filename, item.get("geschiedenis") is True, str(item.get("stijl") or "")))
    return tuple(specs)
