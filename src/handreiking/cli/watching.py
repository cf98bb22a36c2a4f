"""The one watch loop: noticing that an answer file, ``plan.yaml`` or a template was saved.

``render --watch`` and ``serve`` (the live view the wizard's answers show up in)
both wait for saves the same way, with the same pause: a save that writes a
temporary file and moves it into place, or several files saved at once, is seen
as one change once the folder has been quiet for ``DEBOUNCE_MS``. What happens
after a change (render in this thread, or hand it to a background renderer) is
the caller's; this module only watches.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable

from handreiking.core.resources import data_dir
from handreiking.plan.folder import DOCUMENTS_DIR

DEBOUNCE_MS = 250
"""How long the folder must be quiet before a change counts (one save, one render)."""

_TICK_MS = 300
"""How often the loop wakes without a change; the first wake says the watcher runs."""

WATCHED_SUFFIXES = (".yaml", ".yml", ".j2")


def is_relevant(documents: Path, path: str | Path) -> bool:
    """An answer file, plan.yaml or template — not a file in ``documents`` (which we write
    ourselves), not a hidden file (the temporary file of an atomic save, the lock, an
    editor's swap file)."""
    p = Path(path)
    return p.suffix in WATCHED_SUFFIXES and not p.name.startswith(".") and Path(documents) not in p.parents


def watch_plan(root: Path, on_change: Callable[[list[str]], None], *,
               on_ready: Callable[[], None] | None = None, stop: threading.Event | None = None) -> None:
    """Call ``on_change`` with the sorted names of the changed files after every save in the
    plan folder ``root`` or the built-in templates, until ``stop`` is set or Ctrl-C
    (``KeyboardInterrupt`` reaches the caller). ``on_ready`` is called once, as soon as the
    watcher is running: a save from then on is seen."""
    from watchfiles import watch


    root = Path(root)
    documents = root / DOCUMENTS_DIR

    def relevant(_change: Any, path: str) -> bool:
        return is_relevant(documents, path)

    ready = on_ready
    for changes in watch(root, data_dir("templates"), watch_filter=relevant, debounce=DEBOUNCE_MS, step=50,
                         raise_interrupt=True, rust_timeout=_TICK_MS, yield_on_timeout=True, stop_event=stop):
        if ready is not None:  # the first yield (a change or the first quiet tick): the watcher runs
            ready, call = None, ready
            call()
        if changes:
            on_change(sorted({Path(p).name for _, p in changes}))
