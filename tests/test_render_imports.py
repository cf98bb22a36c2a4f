"""What a render loads: no network modules. ``urllib.request`` brings http, ssl and email
(about a tenth of the import floor), and a render fetches nothing (only a PDF's style sheet
may name a file, see ``render/pdf.py``)."""
from __future__ import annotations

import subprocess
import sys

from helpers import copy_example


def test_a_render_loads_no_network_modules(tmp_path):
    plan = copy_example(tmp_path / "plan")
    script = ("import sys\n"
              "from handreiking.cli.main import main\n"
              f"code = main(['render', {str(plan)!r}])\n"
              "loaded = sorted(m for m in ('urllib.request', 'http.client', 'ssl', 'email') if m in sys.modules)\n"
              "print(code, loaded)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "0 []"
    assert (plan / "documenten" / "visiedocument.docx").is_file()
