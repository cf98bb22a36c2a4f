"""The gate for every file a plan names.

A plan folder may come from someone else: a colleague's git repository, a zip,
a shared drive. Git and zip files can carry symbolic links, so a file the plan
names (``antwoorden/2-visie.yaml``, ``sjablonen/huisstijl.css``, the lock
file, ``documenten/``) may point anywhere: at ``~/.bashrc``, a token file,
``/dev/zero``. Every read and write of a plan file therefore goes through
this module, which

- refuses a path that leaves the plan folder, through a link in its last part
  or in any folder on the way (a link that stays inside the plan is fine);
- refuses anything that is not an ordinary file: devices, pipes (a FIFO would
  block for ever), sockets;
- opens with ``O_NOFOLLOW`` (and ``O_NONBLOCK``, so a pipe cannot block before
  it is seen for what it is) where the system has them, and looks at what it
  opened (``fstat``), not at the name;
- reads at most a fixed number of bytes, with a Dutch message naming the file.

Files the user names on the command line (``--antwoorden FILE``) are read with
``inside=None``: the user chose them, so links are followed, but the other
checks hold.

Writes go through ``write_plan_file``: the folder the file lands in must be
inside the plan (``documenten`` as a link to elsewhere is refused); the file
itself is replaced atomically, so a link in its place is replaced, never
written through. ``write_plan_files`` writes several files all or nothing
(see its journal). Every file a write puts in place is noted in a small record of
this process's saves (``saves_since``), so the command line can say truthfully,
after an unexpected error, whether anything was saved and what.
"""
from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from handreiking.core.errors import AnswerFileError, WriteError
from handreiking.core.files import _write_error, atomic_write

MiB = 1024 * 1024
# an answer file (or plan.yaml, or a file for wizard --antwoorden) is a few tens of kilobytes; reading one
# of 1 MB with its comments and positions (ruamel) takes seconds already
ANSWER_LIMIT = 1 * MiB
TEMPLATE_LIMIT = 2 * MiB  # a document template, or the house style's CSS
DOCX_LIMIT = 25 * MiB  # the house-style Word document (fonts and logos included)
UNPACKED_LIMIT = 100 * MiB  # a Word file's parts unpacked (a "zip bomb" of a few MB unpacks to gigabytes)
JOURNAL = ".handreiking-journaal.json"

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


_SAVED: dict[Path, int] = {}  # each plan file this process put in place → the number of its latest save
_SAVES = [0]  # how many saves so far


def record_save(path: Path) -> None:
    """Note that ``path`` was written (by this module, or by ``init`` copying the example plan).
    One entry per file, however often the live view writes it again."""
    _SAVES[0] += 1
    _SAVED.pop(Path(path), None)
    _SAVED[Path(path)] = _SAVES[0]


def save_mark() -> int:
    """Where the record of saves stands now; ``saves_since`` that mark tells what came after."""
    return _SAVES[0]


def saves_since(mark: int = 0) -> list[Path]:
    """The plan files saved after ``mark``, each once, in the order of their latest save."""
    return [path for path, number in _SAVED.items() if number > mark]


class PlanFileError(AnswerFileError):
    """A plan file that handreiking will not read or write (a link out of the plan, a
    device or pipe, a file far too large)."""


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def is_inside(root: Path, path: Path) -> bool:
    """Whether ``path``, with every link on the way followed, stays in the folder ``root``."""
    base = _real(root)
    target = _real(path)
    return target == base or base in target.parents


def check_inside(root: Path, path: Path, *, what: str = "dit bestand", where: str = "de planmap") -> None:
    """Refuse ``path`` when it, or a folder on its way, is a link that leaves ``root``
    (``where`` says what ``root`` is, for the message)."""
    if not is_inside(root, path):
        raise PlanFileError(
            f"{what} is een verwijzing (symbolische link) naar een plek buiten {where} "
            f"({_real(path)}); handreiking leest en schrijft alleen bestanden in {where} zelf",
            path=path,
            hint=f"vervang de verwijzing door {'een gewone map' if what.startswith('de map') else 'een gewoon bestand'}"
                 ", of haal hem weg",
        )


def _size_text(size: int) -> str:
    return f"{size / MiB:.1f} MB" if size >= MiB / 10 else f"{size} bytes"


def read_plan_bytes(path: Path, *, inside: Path | None, limit: int, what: str = "dit bestand",
                    where: str = "de planmap") -> bytes:
    """The bytes of the ordinary file ``path``, at most ``limit`` of them.

    ``inside``: the plan folder (or a part of it) the file must stay in; ``None`` for a
    file the user named. Raises ``FileNotFoundError`` when there is no file, and
    ``PlanFileError`` (an ``AnswerFileError``) for everything this module refuses;
    other ``OSError``s pass through."""
    path = Path(path)
    if inside is not None:
        check_inside(inside, path, what=what, where=where)
        target = _real(path)  # no link left in the name: O_NOFOLLOW refuses a link swapped in since
    else:
        target = path
    flags = os.O_RDONLY | _NONBLOCK | _BINARY | (_NOFOLLOW if inside is not None else 0)
    before = os.stat(target)  # FileNotFoundError when there is nothing: the caller decides
    if not (stat.S_ISREG(before.st_mode) or stat.S_ISDIR(before.st_mode)):
        raise _not_a_file(path, what)  # not even opened: opening a device can already do something
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PlanFileError(f"{what} is een verwijzing (symbolische link); die volgt handreiking niet",
                                path=path) from None
        if exc.errno == errno.ENXIO:  # a socket, or a pipe nobody writes to
            raise _not_a_file(path, what) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                raise PlanFileError(f"{what} is een map, geen bestand", path=path)
            raise _not_a_file(path, what)
        if info.st_size > limit:
            raise _too_large(path, what, info.st_size, limit)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # grew while being read, or a file system that reports no size
            raise _too_large(path, what, len(data), limit)
        return data
    finally:
        os.close(fd)


def read_plan_text(path: Path, *, inside: Path | None, limit: int, what: str = "dit bestand") -> str:
    """``read_plan_bytes`` as UTF-8 text (a BOM is dropped)."""
    data = read_plan_bytes(path, inside=inside, limit=limit, what=what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanFileError(f"{what} is geen UTF-8-tekst; sla het op als UTF-8", path=path) from None


def _not_a_file(path: Path, what: str) -> PlanFileError:
    return PlanFileError(
        f"{what} is geen gewoon bestand maar een apparaat, pipe of socket; handreiking leest alleen "
        "gewone bestanden", path=path, hint="vervang het door een gewoon bestand, of haal het weg")


def _too_large(path: Path, what: str, size: int, limit: int) -> PlanFileError:
    return PlanFileError(
        f"{what} is te groot ({_size_text(size)}; maximaal {limit // MiB} MB). Is het wel het goede bestand?",
        path=path)


def check_unpacked(path: Path, data: bytes, *, what: str = "dit bestand", limit: int = UNPACKED_LIMIT) -> None:
    """Refuse a zip (a Word file) whose files unpack to more than ``limit``. Python's ``zipfile``
    never unpacks more than a member says it holds, so the sizes its directory gives are a
    true bound. Data that is no zip passes: its reader says what is wrong with it."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return
    if size > limit:
        raise PlanFileError(f"{what} pakt uit tot {_size_text(size)} (maximaal {limit // MiB} MB); "
                            "zo groot is een Word-document niet", path=path,
                            hint="sla het opnieuw op als .docx in Word, of haal het weg")


def plan_file_kind(path: Path) -> str | None:
    """'file', 'link', 'other' or None (nothing there): what is at ``path`` itself."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return "link"
    return "file" if stat.S_ISREG(info.st_mode) else "other"


def check_write_target(root: Path, path: Path) -> None:
    """Refuse writing ``path`` when the folder it lands in is not inside ``root`` (a
    folder on the way is a link out of the plan)."""
    folder = Path(path).parent
    existing = folder
    while not existing.exists() and existing != existing.parent:  # the part that is there already
        existing = existing.parent
    check_inside(root, existing, what=f"de map '{folder.name or folder}'")
    if plan_file_kind(path) == "other" and Path(path).is_dir():
        raise PlanFileError("hier staat een map waar handreiking een bestand wil schrijven", path=path)


def write_plan_file(root: Path, path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write ``data`` to the plan file ``path`` atomically; a link at ``path`` is replaced
    by the file, never written through."""

    check_write_target(root, path)
    atomic_write(path, data, durable=durable)
    record_save(path)


def plan_file_holds(root: Path, path: Path, data: bytes | str) -> bool:
    """Whether the plan file ``path`` is an ordinary file that holds exactly ``data`` (then
    writing it would change nothing)."""
    blob = data.encode("utf-8") if isinstance(data, str) else data
    if plan_file_kind(path) != "file":
        return False
    try:
        return read_plan_bytes(path, inside=root, limit=len(blob)) == blob
    except (OSError, PlanFileError):
        return False


def write_plan_file_if_changed(root: Path, path: Path, data: bytes | str, *, durable: bool = True) -> bool:
    """``write_plan_file`` only when the content differs; returns whether it wrote."""
    blob = data.encode("utf-8") if isinstance(data, str) else data
    check_write_target(root, path)
    if plan_file_holds(root, path, blob):
        return False
    write_plan_file(root, path, blob, durable=durable)
    return True


def digest_plan_file(root: Path, path: Path, limit: int) -> str | None:
    """sha-256 of a plan file, None when it is absent, refused or larger than ``limit``."""
    import hashlib

    try:
        return hashlib.sha256(read_plan_bytes(path, inside=root, limit=limit)).hexdigest()
    except (OSError, PlanFileError):
        return None


# --- several files at once: all or nothing ----------------------------------------------
#
# ``write_plan_files`` first writes every new file next to its target (complete and on
# disk), then a small journal in the plan folder that lists them, then moves them into
# place one by one and removes the journal. A process killed before the journal exists
# leaves every old file (the temporary files are removed at the next open); killed
# after, the next open finishes the moves (``finish_journal``): all old or all new.


def _temporary_name(path: Path) -> Path:
    return path.parent / f".{path.name}.{os.getpid()}.batch.tmp"


def write_plan_files(root: Path, files: Mapping[Path, bytes | str]) -> None:
    """Write every file of ``files`` (path → content) so that a crash leaves all old or all new."""

    root = Path(root)
    for path in files:
        check_write_target(root, Path(path))
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            temporary = _temporary_name(path)
            try:
                atomic_write(temporary, data)  # complete and on disk before the journal names it
            except WriteError as exc:  # named by the file it was for
                raise WriteError(exc.message, path=path, hint=exc.hint) from None
            if path.exists():
                os.chmod(temporary, path.stat().st_mode & 0o7777)
            staged.append((temporary, path))
        journal = [[str(t.relative_to(root)), str(p.relative_to(root))] for t, p in staged]
        atomic_write(root / JOURNAL, json.dumps({"verplaatsen": journal}) + "\n")
    except BaseException:
        for temporary, _ in staged:
            _remove(temporary)
        raise
    try:
        for temporary, path in staged:
            os.replace(temporary, path)
            record_save(path)
    except OSError as exc:  # the journal stays: the next open finishes the moves
        raise _write_error(path, exc) from None
    _remove(root / JOURNAL)


def finish_journal(root: Path) -> bool:
    """Finish a batch that was interrupted while its files were moved into place; True when
    there was one. Only moves between files of the plan that a batch writes are done:
    a journal that names anything else (one that came with a hostile plan) is removed."""
    root = Path(root)
    journal = root / JOURNAL
    kind = plan_file_kind(journal)
    if kind is None:
        return False
    moves: list[tuple[Path, Path]] = []
    try:
        data = json.loads(read_plan_bytes(journal, inside=root, limit=64 * 1024))
        for temporary, target in data["verplaatsen"]:
            t, p = root / temporary, root / target
            if (t.parent != p.parent or not t.name.startswith(f".{p.name}.") or not t.name.endswith(".batch.tmp")
                    or ".." in Path(target).parts or Path(target).is_absolute()):
                raise ValueError("not a move of a batch")
            check_write_target(root, p)
            moves.append((t, p))
    except (OSError, ValueError, TypeError, KeyError, AnswerFileError):
        moves = []
    for temporary, path in moves:
        if plan_file_kind(temporary) == "file":
            try:
                os.replace(temporary, path)
                record_save(path)
            except OSError:
                pass
    _remove(journal)
    return True


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def plan_folder_digests(root: Path, folder: Path, limit: int = DOCX_LIMIT) -> list[tuple[str, str]]:
    """(name, sha-256) of each file directly in ``folder``, read through the gate; an entry
    the gate refuses counts with a marker instead of its content (the render then says why)."""
    import hashlib

    found = []
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError:
        return []
    for name in names:
        path = Path(folder) / name
        try:
            digest = hashlib.sha256(read_plan_bytes(path, inside=root, limit=limit)).hexdigest()
        except PlanFileError as exc:
            if "is een map" in exc.message:
                continue
            digest = "geweigerd"
        except OSError:
            continue
        found.append((name, digest))
    return found
