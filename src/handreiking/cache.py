"""The user's cache folder: work that is expensive to redo and cheap to keep.

Checking the advice rules costs more than most commands themselves. The
result is kept in ``~/.cache/handreiking`` (or ``$XDG_CACHE_HOME``), keyed by
the size and modification time of every file it came from and of the engine's
own code, so an edited rule file or an upgraded handreiking simply builds it
again. (The drawn pictures and the render state live in the same folder; see
``charts`` and ``render``.)

Safety: what the cache holds is plain data (JSON, and the SVG and PNG bytes of
drawn pictures), never pickles or bytecode, so reading it can never run code.
It is only used from a folder that belongs to the user and that nobody else may
write to; any other folder is ignored, as is the whole cache when
``HANDREIKING_NO_CACHE=1``.

The cache is an optimisation only: without a usable folder, or with a damaged
entry, everything works the same, only slower.
"""
from __future__ import annotations

import dataclasses
import datetime
import json
import os
import stat
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")

ENGINE = Path(__file__).parent
FORMAT = 2  # bump when the layout of entries changes


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
    """A folder inside the cache (``figuren``, ``render-state``), created private; ``None``
    when the cache is off or the folder is not safe: a link, someone else's, or writable
    by others (a picture planted there would end up in every document)."""
    base = cache_dir()
    return _private_folder(base / name) if base is not None else None


def _key(paths: Iterable[Path], extra: tuple[Any, ...]) -> str:
    import hashlib

    h = hashlib.sha256(repr((FORMAT, extra)).encode())
    for path in paths:
        try:
            info = os.stat(path)
            h.update(f"{path}\0{info.st_mtime_ns}\0{info.st_size}\n".encode())
        except OSError:
            h.update(f"{path}\0-\n".encode())
    return h.hexdigest()[:32]


# --- plain data: dataclasses of known types, tuples and dates as JSON -----------------


def to_plain(value: Any) -> Any:
    """``value`` as JSON-ready data; dataclasses are written with their type name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                  if f.init and f.compare and not _is_default(f, getattr(value, f.name))}
        return {"$type": type(value).__name__, **fields}
    if isinstance(value, tuple):
        return {"$tuple": [to_plain(v) for v in value]}
    if isinstance(value, frozenset):
        return {"$frozenset": sorted(to_plain(v) for v in value)}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("only text keys can be cached")
        return {"$dict": {k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Path):
        return {"$path": str(value)}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _is_default(field: Any, value: Any) -> bool:
    """Fields left at their default are not written (the constructor fills them in)."""
    if field.default is not dataclasses.MISSING:
        return type(value) is type(field.default) and value == field.default
    if field.default_factory is not dataclasses.MISSING:
        default = field.default_factory()
        return type(value) is type(default) and value == default
    return False


def from_plain(data: Any, types: dict[str, type]) -> Any:
    """The inverse of ``to_plain``; only the dataclasses named in ``types`` are made,
    through their ordinary constructors, so an entry cannot make anything else."""
    if isinstance(data, list):
        return [from_plain(v, types) for v in data]
    if not isinstance(data, dict):
        return data
    if "$tuple" in data:
        return tuple(from_plain(v, types) for v in data["$tuple"])
    if "$frozenset" in data:
        return frozenset(from_plain(v, types) for v in data["$frozenset"])
    if "$dict" in data:
        return {k: from_plain(v, types) for k, v in data["$dict"].items()}
    if "$date" in data:
        return datetime.date.fromisoformat(data["$date"])
    if "$datetime" in data:
        return datetime.datetime.fromisoformat(data["$datetime"])
    if "$path" in data:
        return Path(data["$path"])
    kind = types[data["$type"]]  # KeyError for anything not on the list
    return kind(**{k: from_plain(v, types) for k, v in data.items() if k != "$type"})


def remembered(kind: str, sources: Iterable[Path], build: Callable[[], T], *extra: Any,
               types: Iterable[type] = ()) -> T:
    """``build()``, or its result from an earlier run on the same ``sources``.

    The result is stored as JSON (see ``to_plain``); ``types`` are the
    dataclasses it may contain. ``extra`` values (for instance the phase names
    a rule file is checked against) are part of the key. Errors from ``build``
    pass through untouched, so a broken questionnaire is reported the same way
    every time.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    key = _key([*sorted(ENGINE.glob("*.py")), *sources], extra)
    path = folder / f"{kind}-{key}.json"
    known = {t.__name__: t for t in types}
    try:
        with open(path, encoding="utf-8") as handle:
            return from_plain(json.load(handle), known)
    except Exception:  # missing, truncated, or from another version: build again
        pass
    value = build()
    _store(folder, kind, path, lambda: json.dumps(to_plain(value), ensure_ascii=False))
    return value


def _store(folder: Path, kind: str, path: Path, text: Callable[[], str | bytes], suffix: str = ".json") -> None:
    try:
        from handreiking.files import atomic_write

        blob = text()
        for old in folder.glob(f"{kind}-*{suffix}"):  # one entry per kind is enough
            if old != path:
                old.unlink(missing_ok=True)
        atomic_write(path, blob, durable=False)  # a damaged entry is simply built again
    except Exception:  # a cache that cannot be written is no cache
        pass
