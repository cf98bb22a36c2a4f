"""Allows ``python -m handreiking``."""
from __future__ import annotations

import sys

from handreiking.cli import main

if __name__ == "__main__":  # pragma: no cover - thin wrapper
    sys.exit(main())
