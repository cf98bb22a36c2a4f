"""``serve``: the plan's documents live in the browser, for the room.

The server itself is ``serve`` (this computer only, read only); this command checks the
plan and the port, and hands it the render of ``render`` for after every save.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from handreiking.cli import serve as live
from handreiking.cli.cmd_render import render_for_live_view
from handreiking.core.errors import HandreikingError
from handreiking.core.gate import check_write_target
from handreiking.plan.folder import open_plan

if TYPE_CHECKING:
    from handreiking.wizard.session import Echo


def serve(folder: Path, *, port: int, open_browser: bool, echo: Echo) -> int:
    """The live view: the documents in the browser, made again after every save."""
    plan = open_plan(folder)
    if not 0 <= port <= 65535:
        raise HandreikingError("--poort moet een getal van 0 tot 65535 zijn")
    check_write_target(plan.root, plan.documents_dir / "index.html")  # 'documenten' as a link out: not served
    return live.serve(plan.root.resolve(), port, echo, render=render_for_live_view, open_browser=open_browser)
