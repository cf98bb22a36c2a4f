"""The names in a plan folder: ``plan.yaml``, ``antwoorden/``, ``documenten/``, ….

Apart from ``folder`` (which reads and writes them) so that a command that only needs
to know where things are, such as a quick ``status``, does not load the plan's reader.
"""
from __future__ import annotations

PLAN_FILE = "plan.yaml"
ANSWERS_DIR = "antwoorden"
DOCUMENTS_DIR = "documenten"
SCHEMA_DIR = "schema"
TEMPLATES_DIR = "sjablonen"
LOCK_FILE = ".handreiking.lock"


def is_answer_path(path: str) -> bool:
    """plan.yaml or an answer file (``antwoorden/*.yaml``), also in a plan inside a larger repository."""
    parts = path.replace("\\", "/").split("/")
    return parts[-1] == PLAN_FILE or (len(parts) >= 2 and parts[-2] == ANSWERS_DIR and parts[-1].endswith(".yaml"))
