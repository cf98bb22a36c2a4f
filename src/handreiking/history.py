"""Plan history in git: start a repository, and say in Dutch what changed in the answers.

``handreiking verschil`` is meant for the minutes of a workshop: not a line
diff of YAML, but per question what happened ("Visie › Stip op de horizon:
gewijzigd", "Stakeholders: 2 toegevoegd (…)").
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handreiking.errors import HandreikingError
from handreiking.questionnaire import Catalog, Question
from handreiking.values import is_answered


class GitError(HandreikingError):
    """git is missing or refused."""


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except FileNotFoundError:
        raise GitError("git is niet geïnstalleerd", hint="installeer git, of laat --git weg") from None
    if check and result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise GitError(f"git gaf een fout: {message[-1] if message else 'onbekend'}")
    return result


def init_repository(root: Path) -> None:
    """Make the plan folder a git repository with a first commit."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    identity = []
    if git(root, "config", "user.name", check=False).returncode != 0:
        identity += ["-c", "user.name=handreiking"]
    if git(root, "config", "user.email", check=False).returncode != 0:
        identity += ["-c", "user.email=handreiking@localhost"]
    git(root, *identity, "commit", "-q", "-m", "Nieuw plan (handreiking init)")


@dataclass(frozen=True)
class Change:
    phase_title: str
    question: str
    text: str

    def __str__(self) -> str:
        return f"{self.phase_title} › {self.question}: {self.text}"


def load_at_revision(root: Path, relative: str, revision: str) -> Any:
    """The parsed content of a plan file at a git revision (None when it did not exist
    or could not be read then, e.g. a committed merge conflict)."""
    import yaml

    from handreiking.yamlio import FAST_READ_ERRORS, parse_yaml_fast

    prefix = git(root, "rev-parse", "--show-prefix").stdout.strip()
    result = git(root, "show", f"{revision}:{prefix}{relative}", check=False)
    if result.returncode != 0:
        if "exists on disk, but not in" in result.stderr or "does not exist" in result.stderr:
            return None
        raise GitError(f"revisie '{revision}' niet gevonden in de geschiedenis van dit plan",
                       hint="git log --oneline laat de revisies zien")
    try:
        return parse_yaml_fast(result.stdout)
    except (yaml.YAMLError, *FAST_READ_ERRORS):
        return None


def answer_changes(catalog: Catalog, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Per question: what changed between two versions of the answers (phase → mapping)."""
    changes: list[Change] = []
    for questionnaire in catalog:
        before = old.get(questionnaire.phase) or {}
        after = new.get(questionnaire.phase) or {}
        for question in questionnaire.questions:
            text = _describe_change(question, before.get(question.id), after.get(question.id))
            if text:
                changes.append(Change(questionnaire.title, _short(question.text), text))
    return changes


def _short(text: str, width: int = 70) -> str:
    text = text.rstrip("?:").strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _describe_change(question: Question, old: Any, new: Any) -> str | None:
    was, now = is_answered(old), is_answered(new)
    if not was and not now:
        return None
    if not was:
        return "beantwoord" if not question.is_group else _group_text(question, [], new)
    if not now:
        return "weer open (weet ik nog niet)"
    if question.is_group and isinstance(old, list) and isinstance(new, list):
        return _group_text(question, old, new)
    return None if _normal(old) == _normal(new) else "gewijzigd"


def _group_text(question: Question, old: list[Any], new: list[Any]) -> str | None:
    key = question.summary_field

    def name(item: Any, index: int) -> str:
        value = item.get(key) if isinstance(item, dict) and key else None
        return str(value) if is_answered(value) else f"{question.item_name} {index}"

    old_names = {name(item, i): item for i, item in enumerate(old, 1)}
    new_names = {name(item, i): item for i, item in enumerate(new, 1)}
    added = [n for n in new_names if n not in old_names]
    removed = [n for n in old_names if n not in new_names]
    changed = [n for n in new_names if n in old_names and
               {k: _normal(v) for k, v in (new_names[n] or {}).items()} !=
               {k: _normal(v) for k, v in (old_names[n] or {}).items()}]
    parts = []
    for count, names, verb in ((len(added), added, "toegevoegd"), (len(changed), changed, "gewijzigd"),
                               (len(removed), removed, "verwijderd")):
        if count:
            parts.append(f"{count} {verb} ({', '.join(names)})")
    return "; ".join(parts) or None


def plan_changes(root: Path, catalog: Catalog, revision: str = "HEAD") -> list[Change]:
    """What changed in the answers of the plan at ``root`` since ``revision``."""
    from handreiking.yamlio import read_yaml_fast

    if git(root, "rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        raise GitError(
            "deze planmap staat (nog) niet in git, dus er is geen eerdere versie om mee te vergelijken",
            hint="begin een geschiedenis in de planmap met deze drie opdrachten:\n"
                 f"    git -C \"{root}\" init\n"
                 f"    git -C \"{root}\" add -A\n"
                 f"    git -C \"{root}\" commit -m \"Plan tot nu toe\"\n"
                 "  Daarna toont handreiking verschil wat er sinds die commit veranderde.")
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for questionnaire in catalog:
        relative = f"antwoorden/{questionnaire.answer_filename}"
        old[questionnaire.phase] = load_at_revision(root, relative, revision) or {}
        path = root / relative
        new[questionnaire.phase] = read_yaml_fast(path, what="het antwoordbestand") if path.exists() else {}
        for side in (old, new):
            if not isinstance(side[questionnaire.phase], dict):
                side[questionnaire.phase] = {}
    return answer_changes(catalog, old, new)
