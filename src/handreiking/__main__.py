"""Allows ``python -m handreiking``."""
from __future__ import annotations

import sys

from handreiking.cli import run

if __name__ == "__main__":  # pragma: no cover - thin wrapper
    sys.exit(run())
