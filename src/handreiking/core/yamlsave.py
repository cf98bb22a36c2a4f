"""The one way a user's YAML file is written: read back first, then replace.

Every writer of an answer file or ``plan.yaml`` (the wizard, batch mode, the
schema migration, ``accept``, the git merge driver, the conflict choice) hands
its text and the answers it means to store to ``save_yaml``. The text is parsed
again, by both readers handreiking uses (ruamel's round-trip reader, which the
wizard uses, and the fast reader of ``check``, ``render`` and ``status``), and
compared with those answers. Only when it reads and holds exactly them does it
replace the file (atomically, see ``files.atomic_write``). Otherwise the file
stays as it was and a ``WriteError`` says so in Dutch: the session never
reports "bewaard" over a file that does not read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from handreiking.core.errors import WriteError
from handreiking.core.files import atomic_write
from handreiking.core.gate import write_plan_file
from handreiking.core.yamldata import plain
from handreiking.core.yamlio import FAST_READ_ERRORS, make_yaml, parse_yaml_fast

__all__ = ["check_yaml_text", "checked_text", "save_yaml"]


def save_yaml(path: Path, text: str, intended: Any, *, root: Path | None, newline: str = "\n") -> None:
    """Write ``text`` to ``path`` if it reads back as ``intended`` (plain data); else raise.

    ``root`` is the plan folder: the file is written through the plan-file gate
    (``planfiles.write_plan_file``); None only for a file outside any plan (the git merge
    driver's own copy). ``newline`` is the file's line ending ("\r\n" stays "\r\n")."""
    text = checked_text(path, text, intended, newline=newline)
    if root is None:
        atomic_write(path, text)
    else:
        write_plan_file(root, path, text)


def checked_text(path: Path, text: str, intended: Any, *, newline: str = "\n") -> str:
    """``text`` (with ``newline`` line endings), once it is known to read back as
    ``intended``; for writers that put several files in place together (batch mode)."""
    problem = check_yaml_text(text, intended)
    if problem is not None:
        raise WriteError(
            f"niet opgeslagen: {problem}. Het bestand is niet veranderd; wat er al in stond, staat er nog. "
            "Dit is een fout in handreiking; meld hem graag, met dit bestand erbij.",
            path=path,
            hint="het laatste antwoord staat nog niet in het bestand: vul het later opnieuw in",
        )
    if newline != "\n":
        text = text.replace("\r\n", "\n").replace("\n", newline)
    return text


def check_yaml_text(text: str, intended: Any) -> str | None:
    """Why ``text`` would not be a good file for ``intended``, in Dutch; None when it is."""
    import yaml


    try:
        read = make_yaml().load(text)
    except Exception as exc:  # ruamel raises many unrelated classes
        where = getattr(exc, "problem_mark", None)
        line = f" (regel {where.line + 1})" if where is not None else ""
        return f"de tekst die handreiking wilde schrijven, is geen leesbare YAML{line}"
    wanted = _normal(plain(intended))
    if _normal(plain(read)) != wanted:
        return "de tekst die handreiking wilde schrijven, leest terug als andere antwoorden dan bedoeld"
    try:
        fast = parse_yaml_fast(text)
    except (yaml.YAMLError, *FAST_READ_ERRORS):
        return None  # the fast reader leaves this text to ruamel, which read it right
    if _normal(plain(fast)) != wanted:
        return "de tekst die handreiking wilde schrijven, leest bij 'check' en 'render' anders terug dan bedoeld"
    return None


def _normal(value: Any) -> Any:
    """Plain data compared as the readers see it: an empty file is an empty mapping, and
    ``true`` is not ``1``, nor ``1`` the same as ``1.0``."""
    if value is None:
        return {}
    return _typed(value)


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, float):
        return ("float", value if value == value else "nan")  # a '.nan' typed by hand equals itself
    if isinstance(value, int):
        return ("int", value)
    return value
