"""Libraries without the configuration of the folder they run in.

People run handreiking from inside the plan folder (the documented default), and a
plan may come from someone else. matplotlib reads ``matplotlibrc`` from the current
folder first, before any environment variable, when it is imported: such a file
would change every figure (line widths, colours, fonts), or break every render
(``text.usetex: True`` wants LaTeX; a FIFO named ``matplotlibrc`` blocks the import).

So matplotlib is imported here, once, from a folder of handreiking's own when the
current folder has a ``matplotlibrc`` and no other thread runs (the working folder
belongs to the whole process), and the figures are drawn with matplotlib's own
defaults set explicitly (:func:`matplotlib_defaults`), so whatever was read at import
or from the user's own matplotlib configuration does not reach them. matplotlib's own
folder (``MPLCONFIGDIR``, made at import; its font list) is one inside handreiking's
cache, or a temporary one, never ``~/.config/matplotlib``: nothing is written there.
"""
from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from handreiking.core.cache import cache_subdir

_RC_NAME = "matplotlibrc"
# settings that choose an interactive backend or window behaviour, not what a figure looks like
_NOT_STYLE = ("backend", "backend_fallback", "interactive", "toolbar", "webagg.", "tk.", "figure.raise_window",
              "savefig.directory", "figure.max_open_warning")


def import_matplotlib() -> Any:
    """The ``matplotlib`` module, imported without the current folder's ``matplotlibrc``
    where that can be done safely (see the module text)."""
    if "matplotlib" in sys.modules:
        return sys.modules["matplotlib"]
    _own_config_folder()
    local_rc = os.path.lexists(_RC_NAME)
    if not local_rc or threading.active_count() > 1 or not hasattr(os, "fchdir"):
        with warnings.catch_warnings():  # "Bad key in file matplotlibrc": not the user's business
            warnings.simplefilter("ignore")
            import matplotlib
        return matplotlib
    here = os.open(".", os.O_RDONLY)
    try:
        os.chdir(Path(__file__).parent)  # a folder without a matplotlibrc
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import matplotlib
    finally:
        os.fchdir(here)
        os.close(here)
    return matplotlib


def _own_config_folder() -> None:
    """Point matplotlib at a folder of handreiking's own (unless the person chose one)."""
    if os.environ.get("MPLCONFIGDIR"):
        return
    folder = cache_subdir("matplotlib")
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="handreiking-matplotlib-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["MPLCONFIGDIR"] = str(folder)


def before_threads() -> None:
    """Call before starting threads (``serve``): a ``matplotlibrc`` here is then still kept out."""
    if os.path.lexists(_RC_NAME):
        import_matplotlib()


@lru_cache(maxsize=1)
def _defaults() -> tuple[tuple[str, Any], ...]:
    matplotlib = import_matplotlib()
    with warnings.catch_warnings():  # deprecated keys warn when read
        warnings.simplefilter("ignore")
        return tuple((key, value) for key, value in matplotlib.rcParamsDefault.items()
                     if not key.startswith(_NOT_STYLE))


def matplotlib_defaults(**style: Any) -> dict[str, Any]:
    """Every style setting of matplotlib at its built-in default, then ``style`` on top:
    for ``matplotlib.rc_context``, so no configuration file decides how a figure looks."""
    return {**dict(_defaults()), **style}
