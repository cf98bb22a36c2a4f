"""The plan's own templates (``sjablonen/``), read through the plan-file gate.

Jinja's ``FileSystemLoader`` opens whatever a name leads to, links included:
``{% include 'etclink/passwd' %}`` with ``sjablonen/etclink -> /etc`` would put a
system file into a document. This loader resolves a template name inside
``sjablonen/`` only: ``..`` is refused by Jinja's own name check, and every file
is read with ``planfiles.read_plan_bytes``, which refuses a link (of the file,
or of a folder on the way) that leaves the folder, devices and pipes, and
templates larger than 2 MB.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.loaders import split_template_path

from handreiking.core.errors import TemplateError
from handreiking.core.gate import TEMPLATE_LIMIT, PlanFileError, check_inside, read_plan_bytes


class PlanTemplateLoader(BaseLoader):
    """Templates from ``folder`` (the plan's ``sjablonen/``), never from outside it."""

    def __init__(self, root: Path, folder: Path) -> None:
        self.root = Path(root)
        self.folder = Path(folder)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        try:
            check_inside(self.root, self.folder, what="de map sjablonen")
            blob = read_plan_bytes(path, inside=self.folder, limit=TEMPLATE_LIMIT, what=f"het sjabloon '{template}'",
                                   where="de map sjablonen")
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        except PlanFileError as exc:
            if "is een map" in exc.message:
                raise TemplateNotFound(template) from None
            raise TemplateError(exc.message, path=path, hint=exc.hint) from None
        except OSError as exc:
            raise TemplateError(f"het sjabloon '{template}' kan niet gelezen worden ({exc.strerror})",
                                path=path) from None
        try:
            source = blob.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateError("het sjabloon is geen UTF-8-tekst; sla het op als UTF-8", path=path) from None
        return source, str(path), lambda: _unchanged(path, self.folder, blob)

    def list_templates(self) -> list[str]:
        found = []
        for folder, _dirs, files in os.walk(self.folder):  # os.walk does not enter linked folders
            for name in files:
                found.append(Path(folder, name).relative_to(self.folder).as_posix())
        return sorted(found)


def _unchanged(path: Path, folder: Path, blob: bytes) -> bool:
    """Whether the template still holds ``blob``: Jinja's "up to date" test, by content. A file
    time says too little: ``cp -p``, ``rsync -t``, an unpacked zip or a shared drive with a
    two-second clock give an edited template its old time, and the live view then kept making
    the documents with the old one (while the render state, which hashes the content, took
    them for new)."""
    try:
        return read_plan_bytes(path, inside=folder, limit=TEMPLATE_LIMIT) == blob
    except (OSError, PlanFileError):
        return False
