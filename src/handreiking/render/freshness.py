"""Whether the documents are up to date, told from the render state without making them.

Every render records in a small state file (in the user's cache, one per plan folder)
what each document was made from: the digest of its inputs (``fingerprints``) and
the digest of each file it wrote. A document whose inputs have the same digest and whose
files on disk are still the ones written is up to date; ``status`` says so without
loading the renderer (no Jinja templates, no Word), and a missing file is out of date
without making anything. Only a file on disk the state cannot vouch for needs its document
made again in memory to compare (``pipeline.render_plan`` with ``check``). This module is
that record, its reading and its writing (``fingerprints`` makes the digests).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from handreiking.core.cache import cache_subdir
from handreiking.core.errors import HandreikingError
from handreiking.core.files import write_if_changed
from handreiking.core.gate import PlanFileError, read_plan_bytes
from handreiking.git.answer_log import history_key

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing only: this module stays light for status
    from typing import Any

TEXT_SUFFIXES = (".md", ".html")  # documents git may check out with CRLF line endings
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024  # a rendered document; larger is not one of ours


def state_path(root: Path) -> Path | None:
    """Where the render state of the plan in folder ``root`` is kept: in the user's cache
    folder, one file per plan folder, never inside the plan. It is a cache (any render can
    rebuild it), and kept in the plan it changed on every render and made any two renders
    conflict in git. ``None`` without a cache folder: then every render compares all documents."""
    folder = cache_subdir("render-state")
    if folder is None:
        return None
    key = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return folder / f"{key}.json"


def digest(*parts: bytes | str) -> str:
    """One sha-256 over ``parts``, each ended by a NUL (so ``"ab", "c"`` differs from ``"a", "bc"``)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def with_history(root: Path, parts: dict[str, list[str]], with_log: set[str]) -> dict[str, str]:
    """The fingerprints from their ``parts``; the documents in ``with_log`` show the change
    log, so git's log of the answers counts for them too."""
    history = digest(history_key(root)) if with_log else ""
    return {doc: digest(*found, *((history,) if doc in with_log else ())) for doc, found in parts.items()}


def file_digest(path: Path, any_line_ending: bool = False) -> str | None:
    """The digest of a document as it is on disk; None when it is missing, or not an ordinary
    file inside the plan (then it is written again: replaced, not written through). With
    ``any_line_ending`` a text document checked out with Windows line endings (git's
    ``core.autocrlf``) counts as the same document."""
    try:
        blob = read_plan_bytes(path, inside=path.parent.parent, limit=MAX_DOCUMENT_BYTES)
    except (OSError, PlanFileError):
        return None
    if any_line_ending and path.suffix in TEXT_SUFFIXES:
        blob = blob.replace(b"\r\n", b"\n")
    return digest(blob)


def read_state(root: Path) -> dict[str, Any]:
    """The render state of the plan in folder ``root`` (empty when there is none or it does not read)."""
    path = state_path(root)
    if path is None:
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def write_state(root: Path, state: dict[str, Any]) -> None:
    """Keep the render state of the plan in folder ``root`` (a cache: one that cannot be
    written only costs time)."""
    path = state_path(root)
    if path is None:
        return
    text = json.dumps({k: state[k] for k in sorted(state)}, indent=1, sort_keys=True) + "\n"
    try:
        write_if_changed(path, text, durable=False)
    except (HandreikingError, OSError):
        pass


def record_file_as_it_is(root: Path, path: Path) -> None:
    """A document changed in place after it was made (``render --paginanummers`` puts page
    numbers in a Word file's contents): the state records the file as it is now, so that
    ``render`` keeps it and ``status`` and ``render --check`` call it up to date for as long
    as the answers stay the same."""
    state = read_state(root)
    now = file_digest(path)
    changed = False
    for entry in state.values():
        files = entry.get("bestanden") if isinstance(entry, dict) else None
        if isinstance(files, dict) and path.name in files and now is not None:
            files[path.name] = now
            changed = True
    if changed:
        write_state(root, state)


def recorded_files(entry: Any, fingerprint: str) -> dict[str, str]:
    """The files (name: digest) a state ``entry`` records as made from inputs with ``fingerprint``;
    empty when the entry is missing or was made from other inputs."""
    entry = entry if isinstance(entry, dict) else {}
    return dict(entry.get("bestanden") or {}) if entry.get("invoer") == fingerprint else {}


def is_current(known: dict[str, str], paths: list[Path], any_line_ending: bool = False) -> bool:
    """True when every file in ``paths`` is on disk as the state ``known`` records it."""
    return bool(known) and all(known.get(p.name) and known.get(p.name) == file_digest(p, any_line_ending)
                               for p in paths)


def file_standing(root: Path, documents: dict[str, list[Path]],
                  fingerprints: dict[str, str]) -> tuple[list[Path], list[Path], list[Path]]:
    """The files of ``documents`` (per document id, its files) in three lists: up to date (the
    render state of the plan in ``root`` records them as made from inputs with these
    ``fingerprints`` and they are untouched on disk since), missing, and those only making
    their document again can tell about."""
    state = read_state(root)
    current: list[Path] = []
    missing: list[Path] = []
    unknown: list[Path] = []
    for doc, paths in documents.items():
        known = recorded_files(state.get(doc), fingerprints[doc])
        for path in paths:
            if is_current(known, [path], True):
                current.append(path)
            elif not os.path.lexists(path):
                missing.append(path)
            else:
                unknown.append(path)
    return current, missing, unknown
