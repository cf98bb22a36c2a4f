"""``status``'s one speed device: the facts it printed, kept for the same files on the same day.

Why: ``status`` is a glance ("where do we stand?"), and most glances find the plan as
the last one did. Working the facts out means reading every answer, checking it,
evaluating the questionnaires' conditions and the advice rules (Jinja) and building the
dashboard: loading all that costs several times what the rest of ``status`` costs. So
the facts (``status_facts``: plain text lines, and the digests that tell whether the
documents are up to date) are kept, as plain JSON, in the user's cache
(``core.cache``): one file per plan folder, under a key.

The key is a digest of everything the facts are made from: ``plan.yaml`` and every file
in ``antwoorden/`` and ``sjablonen/`` (read through the plan-file gate), handreiking
itself (its version, and the name, size and time of each of its code and data files),
the Python version and today's date. Whatever the
key cannot vouch for means no key, and ``status`` works everything out: a file the gate
refuses, a folder where a file should be, an unfinished batch's journal. Asked anew on
every run, never kept: git (a merge under way, the set-up, the log of the answers) and
whether each document on disk is the one the render state records. Facts with errors
in the answers are never kept (they name files as seen from where status ran).

Measured (``benchmarks/run.py``, the example, 2 cores, five runs): ``status`` with the facts
kept 3.3-5.0× ``python -c pass``, without them 18-36×: a gain of 77-87% (the README's speed
section has the figures). The facts do not depend on the clock today; the date is in the key
so that one that ever does is never kept past its day.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from functools import lru_cache
from pathlib import Path

from handreiking import __version__
from handreiking.core.cache import cache_subdir
from handreiking.core.errors import HandreikingError
from handreiking.core.files import atomic_write
from handreiking.core.gate import JOURNAL, PlanFileError, plan_file_kind, plan_folder_digests, read_plan_bytes
from handreiking.core.resources import data_dir
from handreiking.plan.names import ANSWERS_DIR, PLAN_FILE, TEMPLATES_DIR

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing only: status with kept facts does not load it
    from typing import Any

FORMAT = 1
MAX_INPUT_BYTES = 5 * 1024 * 1024  # plan.yaml or an answer file; larger, and the reader refuses it anyway


@lru_cache(maxsize=1)
def engine_stamp() -> str:
    """handreiking itself as it is installed: its version and the name, size and time of each
    of its code and data files (a source checkout changes without a new version). Not the
    conditions the build compiled (``_compiled``): they are made from the questionnaires here."""
    package = Path(__file__).resolve().parent.parent
    found: list[str] = [__version__, sys.version]
    for folder, suffixes in ((package, (".py",)), (data_dir("templates"), None),
                             (data_dir("questionnaires"), (".yaml",))):
        stack = [folder]
        while stack:
            with os.scandir(stack.pop()) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.is_dir(follow_symlinks=False):
                        if suffixes is not None and entry.name not in ("__pycache__", "_compiled"):
                            stack.append(Path(entry.path))
                    elif suffixes is None or entry.name.endswith(suffixes):
                        found.append(_stat_line(entry.path))
    return _digest(found)


def _stat_line(path: str) -> str:
    info = os.stat(path)
    return f"{path}\0{info.st_size}\0{info.st_mtime_ns}"


def inputs_key(root: Path) -> str | None:
    """The digest of everything the facts of the plan in ``root`` are made from; None when
    one of them is not as a key can vouch for (then the facts are worked out)."""
    if plan_file_kind(root / JOURNAL) is not None:  # an unfinished batch: opening the plan finishes it
        return None
    answers = root / ANSWERS_DIR
    try:
        parts = [str(FORMAT), engine_stamp(), time.strftime("%Y-%m-%d"), _read(root, root / PLAN_FILE)]
        with os.scandir(answers) as entries:
            names = sorted(entry.name for entry in entries)
        for name in names:
            parts += [name, _read(root, answers / name)]
    except (OSError, PlanFileError):
        return None
    templates = root / TEMPLATES_DIR
    if os.path.lexists(templates):
        if not templates.is_dir() or templates.is_symlink():
            return None
        parts += [f"{name}\0{found}" for name, found in plan_folder_digests(root, templates)]
    return _digest(parts)


def recall(root: Path, key: str) -> dict[str, Any] | None:
    """The facts kept for the plan in ``root`` under ``key``; None when there are none."""
    path = _memo_path(root)
    if path is None:
        return None
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("sleutel") != key or not _is_facts(kept.get("feiten")):
        return None
    return kept["feiten"]


def keep(root: Path, key: str, facts: dict[str, Any]) -> None:
    """Keep ``facts`` for the plan in ``root`` under ``key`` (replacing what was kept)."""
    path = _memo_path(root)
    if path is None or facts.get("fouten"):
        return
    try:
        atomic_write(path, json.dumps({"sleutel": key, "feiten": facts}, ensure_ascii=False), durable=False)
    except (HandreikingError, OSError):  # a cache that cannot be written only costs time
        pass


def _read(root: Path, path: Path) -> bytes:
    return read_plan_bytes(path, inside=root, limit=MAX_INPUT_BYTES)


def _digest(parts: list[Any]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()


def _memo_path(root: Path) -> Path | None:
    folder = cache_subdir("status")
    if folder is None:
        return None
    name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return folder / f"{name}.json"


def _is_facts(facts: Any) -> bool:
    """The shape ``status_facts`` gives (a damaged or foreign file is simply not used)."""
    def lines(value: Any) -> bool:
        return isinstance(value, list) and all(
            isinstance(line, list) and len(line) == 2 and isinstance(line[0], bool) and isinstance(line[1], str)
            for line in value)

    def document(value: Any) -> bool:
        return (isinstance(value, dict) and isinstance(value.get("id"), str)
                and isinstance(value.get("geschiedenis"), bool)
                and all(isinstance(value.get(k), list) and all(isinstance(x, str) for x in value[k])
                        for k in ("bestanden", "delen")))

    return (isinstance(facts, dict) and facts.get("fouten") is False and lines(facts.get("regels"))
            and lines(facts.get("stand")) and isinstance(facts.get("documenten"), list)
            and all(document(d) for d in facts["documenten"]))
