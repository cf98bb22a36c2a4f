"""The user's cache folder: work that is expensive to redo and cheap to keep.

The render state of each plan (``render.freshness``) and the facts ``status`` printed
for each plan (``cli.status_memo``) are kept in ``~/.cache/handreiking`` (or
``$XDG_CACHE_HOME``). The checked
questionnaires and advice rules are not: the package's build prepares them
(``precompiled``).

Safety: what the cache holds is plain data (JSON), never pickles or bytecode, so
reading it can never run code.
It is only used from a folder that belongs to the user and that nobody else may
write to; any other folder is ignored, as is the whole cache when
``HANDREIKING_NO_CACHE=1``.

The cache is an optimisation only: without a usable folder, or with a damaged
entry, everything works the same, only slower.
"""
from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path


def is_safe_folder(folder: Path) -> bool:
    """A real folder (not a link) owned by this user, writable by nobody else."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the profile folder is private to the user already
        return True
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _private_folder(folder: Path) -> Path | None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (OSError, RuntimeError):
        return None
    return folder if is_safe_folder(folder) else None


@lru_cache(maxsize=1)
def cache_dir() -> Path | None:
    """``~/.cache/handreiking``, created private; ``None`` when caching is off, the
    folder cannot be made (also when there is no home folder, as for some service
    accounts) or it is not safe (someone else's, or writable by others)."""
    if os.environ.get("HANDREIKING_NO_CACHE", "") not in ("", "0"):
        return None
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (RuntimeError, KeyError):
        return None
    return _private_folder(base / "handreiking")


def cache_subdir(name: str) -> Path | None:
    """A folder inside the cache (``render-state``, ``status``), created private; ``None``
    when the cache is off or the folder is not safe: a link, someone else's, or writable
    by others (what someone else put there would be taken as handreiking's own)."""
    base = cache_dir()
    return _private_folder(base / name) if base is not None else None
