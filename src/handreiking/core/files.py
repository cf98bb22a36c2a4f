"""Atomic, change-aware file writes.

Every write goes to a temporary file in the same folder, is flushed to disk and
then moved over the target with ``os.replace``: a crash or a killed process
leaves either the old or the new file, never half of one. ``write_if_changed``
keeps git diffs and file timestamps quiet when a re-render produced the same
bytes.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from handreiking.core.errors import WriteError

__all__ = ["WriteError", "atomic_write", "write_if_changed"]


def atomic_write(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; text is written as UTF-8.

    ``durable`` also waits until the data is on disk (fsync) before the new file
    takes the old one's place: an answer must survive a power cut. Files that
    can be made again (the documents) skip that wait; after a crash such a file
    is at worst incomplete, which the next render notices by its hash and
    repairs."""
    import tempfile  # here, not at the top: a command that only reads (status) never loads it

    blob = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError as exc:
        _remove(tmp_name)
        raise _write_error(path, exc) from None
    except BaseException:  # Ctrl-C or a stop signal mid-write: the target is untouched, and no leftovers
        _remove(tmp_name)
        raise


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def write_if_changed(path: Path, data: bytes | str, *, durable: bool = True) -> bool:
    """Write only when the content differs; returns whether the file was written."""
    blob = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    if _same_content(path, blob):
        return False
    atomic_write(path, blob, durable=durable)
    return True


def _same_content(path: Path, blob: bytes) -> bool:
    """Whether ``path`` is an ordinary file holding exactly ``blob``. A link, pipe or device in
    its place is not read (not followed, not waited on) and counts as different: it is replaced."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(blob):
            return False
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(len(blob) + 1) == blob
    except OSError:
        return False
    finally:
        os.close(fd)


def _write_error(path: Path, exc: OSError) -> WriteError:
    if exc.errno == errno.ENOSPC:
        reason = "de schijf is vol"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "de map of het bestand is alleen-lezen of u heeft geen schrijfrechten"
    else:
        reason = exc.strerror or str(exc)
    return WriteError(
        f"kan niet opslaan: {reason}. Uw eerdere antwoorden zijn niet aangetast.",
        path=path,
    )
