"""Build hook: prepare what every render needs and every plan shares, in the package.

The shipped conditions, advice messages and document templates compiled, the shipped
definition files read, the Dutch hyphenation patterns read and the empty Word document
made: see ``src/handreiking/core/precompiled.py`` and ``src/handreiking/cli/build_compiled.py``.
A wheel gets them as ``handreiking/_compiled``; an editable install (``pip install -e``)
gets them in ``src/handreiking/_compiled`` (ignored by git), where the source checkout finds
them. Only the package's own files are prepared, never a plan's files.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileConditions(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        sys.path.insert(0, str(Path(self.root) / "src"))
        from handreiking.cli.build_compiled import build_shipped
        from handreiking.core.precompiled import FOLDER

        if version == "editable":
            build_shipped(FOLDER)
            return
        target = Path(tempfile.mkdtemp(prefix="handreiking-compiled-")) / "_compiled"
        build_shipped(target)
        build_data["force_include"][str(target)] = "handreiking/_compiled"
