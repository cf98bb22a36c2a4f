"""The user's cache folder: work that is expensive to redo and cheap to keep.

Checking six questionnaires and the advice rules, compiling templates, or
loading a hyphenation dictionary costs more than most commands themselves. The
results are kept in ``~/.cache/handreiking`` (or ``$XDG_CACHE_HOME``), keyed by
the size and modification time of every file they came from and of the
engine's own code, so an edited questionnaire or an upgraded handreiking simply
builds them again.

Safety: what the cache holds is plain data (JSON), never pickles, so reading it
can never run code. Jinja's compiled templates are Python bytecode by nature;
they, and everything else, are only used from a folder that belongs to the
user and that nobody else may write to — the check Jinja's own
``FileSystemBytecodeCache`` makes for its default folder. Any other folder is
ignored, as is the whole cache when ``HANDREIKING_NO_CACHE=1``.

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


def remembered_file(kind: str, suffix: str, build: Callable[[], bytes], *extra: Any,
                    valid: Callable[[bytes], bool] = lambda blob: True) -> bytes:
    """``build()``, a file's bytes (for instance the empty Word document every DOCX starts
    from), or the same bytes from an earlier run of this version of handreiking with the
    same ``extra`` values, when ``valid`` accepts them (a damaged entry is built again).
    Such entries are files that are read as data, never run."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{_key(sorted(ENGINE.glob('*.py')), extra)}{suffix}"
    try:
        blob = path.read_bytes()
        if valid(blob):
            return blob
    except Exception:  # missing or damaged: build again
        pass
    value = build()
    _store(folder, kind, path, lambda: value, suffix=suffix)
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


# --- Jinja's compiled templates ------------------------------------------------------


@lru_cache(maxsize=1)
def bytecode_cache() -> Any:
    """Jinja's compiled templates, kept between runs in the user's cache folder.

    Compiling the document templates, conditions and advice rules costs more
    than rendering them; Jinja keys the cache by the source text, so an edited
    template or rule is simply compiled again.
    """
    from jinja2 import FileSystemBytecodeCache, __version__

    class QuietCache(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    base = cache_dir()
    folder = _private_folder(base / f"jinja-{__version__}") if base is not None else None
    return QuietCache(str(folder)) if folder is not None else None


# --- Dutch hyphenation ---------------------------------------------------------------


class Hyphenation:
    """Dutch syllable breaks for long words, remembered word by word.

    Reading pyphen's Dutch dictionary takes longer than a whole HTML page, yet
    a plan uses the same few dozen long words in every render. So each word's
    hyphenated form is kept (as text) in the cache, and the dictionary is read
    only when a new word turns up.
    """

    KIND = "afbreking"

    def __init__(self, hyphen: str) -> None:
        self.hyphen = hyphen
        self._pyphen: Any = None
        self._changed = False
        self._path: Path | None = None
        self.words: dict[str, str] = {}
        folder = cache_dir()
        dictionary = _pyphen_dictionary()
        if folder is None or dictionary is None:
            return
        self._path = folder / f"{self.KIND}-{_key([dictionary], (hyphen,))}.json"
        try:
            with open(self._path, encoding="utf-8") as handle:
                words = json.load(handle)
            if isinstance(words, dict) and all(isinstance(v, str) for v in words.values()):
                self.words = words
        except Exception:
            pass

    def inserted(self, word: str) -> str:
        found = self.words.get(word)
        if found is None:
            if self._pyphen is None:
                import pyphen

                self._pyphen = pyphen.Pyphen(lang="nl_NL")
            found = self.words[word] = self._pyphen.inserted(word, hyphen=self.hyphen)
            self._changed = True
        return found

    def save(self) -> None:
        """Keep new words for the next run (called once a document is done)."""
        if self._changed and self._path is not None:
            self._changed = False
            words = dict(sorted(self.words.items()))
            _store(self._path.parent, self.KIND, self._path, lambda: json.dumps(words, ensure_ascii=False))


def _pyphen_dictionary() -> Path | None:
    """pyphen's Dutch dictionary file, found without importing pyphen (its size and
    date change with an upgrade, which then starts a fresh word list)."""
    from importlib.util import find_spec

    spec = find_spec("pyphen")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "dictionaries" / "hyph_nl_NL.dic"
    return path if path.exists() else None
