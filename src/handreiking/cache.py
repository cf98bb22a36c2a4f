"""The user's cache folder: work that is expensive to redo and cheap to keep.

Checking six questionnaires and the advice rules, or loading a hyphenation
dictionary, costs more than most commands themselves. The results are kept in
``~/.cache/handreiking`` (or ``$XDG_CACHE_HOME``), keyed by the size and
modification time of every file they came from and of the engine's own code,
so an edited questionnaire or an upgraded handreiking simply builds them again.
The cache is an optimisation only: without a writable folder, or with a
damaged entry, everything works the same, only slower.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")

ENGINE = Path(__file__).parent


@lru_cache(maxsize=1)
def cache_dir() -> Path | None:
    """``~/.cache/handreiking``, created private; ``None`` when it cannot be made
    (also when there is no home folder, as for some service accounts)."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = base / "handreiking"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (OSError, RuntimeError, KeyError):
        return None
    return folder


def _key(paths: Iterable[Path], extra: tuple[Any, ...]) -> str:
    import hashlib

    h = hashlib.sha256(repr(extra).encode())
    for path in paths:
        try:
            info = os.stat(path)
            h.update(f"{path}\0{info.st_mtime_ns}\0{info.st_size}\n".encode())
        except OSError:
            h.update(f"{path}\0-\n".encode())
    return h.hexdigest()[:32]


def remembered(kind: str, sources: Iterable[Path], build: Callable[[], T], *extra: Any) -> T:
    """``build()``, or its pickled result from an earlier run on the same ``sources``.

    ``extra`` values (for instance the phase names a rule file is checked
    against) are part of the key. Errors from ``build`` pass through untouched,
    so a broken questionnaire is reported the same way every time.
    """
    import pickle

    folder = cache_dir()
    if folder is None:
        return build()
    key = _key([*sorted(ENGINE.glob("*.py")), *sources], extra)
    path = folder / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, truncated or from another version: build again
        pass
    value = build()
    try:
        from handreiking.files import atomic_write

        for old in folder.glob(f"{kind}-*.pickle"):  # one entry per kind is enough
            old.unlink(missing_ok=True)
        atomic_write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        pass
    return value

