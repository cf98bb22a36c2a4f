"""Plan history in git: start a repository, and say in Dutch what changed in the answers.

``handreiking verschil`` is meant for the minutes of a workshop: not a line
diff of YAML, but per question what happened ("Visie › Stip op de horizon:
gewijzigd", "Stakeholders: 2 toegevoegd (…)").
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handreiking.core.conflicts import CONFLICT, OURS, THEIRS, is_conflict, is_money
from handreiking.core.errors import AnswerFileError, GitError
from handreiking.core.markdown_text import escape_markdown
from handreiking.core.values import format_money, format_value, is_answered, join_dutch
from handreiking.core.yamlio import (
    FAST_READ_ERRORS,
    MAX_FILE_BYTES,
    SIZE_MESSAGE,
    YamlLimitError,
    parse_yaml,
    read_yaml_fast,
)
from handreiking.git.answer_log import LOG_ENTRIES, answer_log, is_own_repository
from handreiking.git.command import check_owner, git, git_argv, git_environment
from handreiking.core.values import name_key
from handreiking.git.setup import setup_git
from handreiking.plan.fact_moves import LAST_MOVES_SCHEMA, read_as_moved
from handreiking.questionnaire.catalog import Catalog, Question
from handreiking.questionnaire.validation import normalize_answer


def init_repository(root: Path) -> None:
    """Make the plan folder a git repository, set up for working together, with a first commit."""

    git(root, "init", "-q")
    setup_git(root)
    git(root, "add", "-A")
    identity = []
    if git(root, "config", "user.name", check=False).returncode != 0:
        identity += ["-c", "user.name=handreiking"]
    if git(root, "config", "user.email", check=False).returncode != 0:
        identity += ["-c", "user.email=handreiking@localhost"]
    git(root, *identity, "commit", "-q", "-m", "Nieuw plan (handreiking init)")


@dataclass(frozen=True)
class Change:
    """One changed answer: what it was and what it became, in words for a report."""

    phase_title: str
    question: str
    text: str  # "12 → 16", "1 toegevoegd (Bibliotheek Lindewaard)", "weer open (was: 2034)"
    details: tuple[str, ...] = ()  # per changed group item: "Speelkwartier — invloed: hoog → midden"
    phase_number: int = 0

    def __str__(self) -> str:
        return f"{self.phase_title} › {self.question}: {self.text}"


def answer_changes(catalog: Catalog, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Per question: what changed between two versions of the answers (phase → mapping)."""
    changes: list[Change] = []
    for questionnaire in catalog:
        before = old.get(questionnaire.phase) or {}
        after = new.get(questionnaire.phase) or {}
        for question in questionnaire.questions:
            described = _describe_change(question, before.get(question.id), after.get(question.id))
            if described:
                text, details = described
                changes.append(Change(questionnaire.title, _short(question.text), text, tuple(details),
                                      questionnaire.number))
    return changes


def _short(text: str, width: int = 70) -> str:
    return _cut(text.rstrip("?:").strip(), width)


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _canonical(question: Question | None, value: Any) -> Any:
    """An answer in the form the wizard stores it. A file typed by hand may say ``1-7-2027``,
    ``nee``, ``24.500`` or a choice's label where the wizard writes a date, ``false``, 24500 or
    the choice's code: the same answer, so a later save by the wizard is no change to report.
    (A group is compared field by field; ``normalize_answer`` would rewrite its items in place.)"""
    if question is None or question.is_group or isinstance(value, dict):
        return value
    return normalize_answer(question, value)


VALUE_WIDTH = 60


def display_value(question: Question | None, value: Any) -> str:
    """An answer as a person reads it: choice labels, ja/nee, Dutch dates; one line."""

    if is_conflict(value):
        sides = value[CONFLICT]
        return (f"twee versies (ons: {display_value(question, sides[OURS])}; "
                f"hun: {display_value(question, sides[THEIRS])})")


    def one(item: Any) -> str:
        if isinstance(item, dict) and set(item) == {"anders"}:
            return str(item["anders"])
        if is_money(question) and isinstance(item, (int, float)) and not isinstance(item, bool):
            return format_money(item)
        choice = question.choice(item) if question is not None and isinstance(item, str) else None
        return choice.label if choice else format_value(item)

    if isinstance(value, list):
        text = ", ".join(one(v) for v in value)
    else:
        text = one(value)
    return " ".join(text.split())


def _cut(text: str, width: int = VALUE_WIDTH) -> str:
    """Shortened at a word, never inside one."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    return (text[:cut] if cut > width // 2 else text[: width - 1]).rstrip(" ,;:") + "…"


def _value_text(question: Question | None, value: Any) -> str:
    """An answer in words for the report: free text shortened at a word; choice labels, amounts
    and dates whole."""
    text = display_value(question, value)
    return _cut(text) if question is None or question.kind in ("tekst", "lange_tekst") else text


NAMES_SHOWN = 5  # a list of hundreds of names is summarised: "a, b, c, d, e en 580 andere"


def _names(names: list[str]) -> str:
    if len(names) <= NAMES_SHOWN + 1:
        return ", ".join(names)
    return f"{', '.join(names[:NAMES_SHOWN])} en {len(names) - NAMES_SHOWN} andere"


def old_to_new(question: Question | None, old: Any, new: Any) -> str:
    """'12 → 16'; long texts shortened around the first place where they differ."""
    before, after = display_value(question, old), display_value(question, new)
    first = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    if first > VALUE_WIDTH - 20 and (len(before) > VALUE_WIDTH or len(after) > VALUE_WIDTH):
        start = before.rfind(" ", 0, first - 15) + 1 or max(0, first - 15)
        before, after = "…" + before[start:], "…" + after[start:]
    quote = question is not None and question.kind in ("tekst", "lange_tekst")
    pair = [_cut(before), _cut(after)] if quote or question is None else [before, after]  # labels, amounts whole
    if quote:
        pair = [f"‘{p}’" for p in pair]
    return f"{pair[0]} → {pair[1]}"


def _describe_change(question: Question, old: Any, new: Any) -> tuple[str, list[str]] | None:
    if not question.is_group:
        old, new = _canonical(question, old), _canonical(question, new)
    was, now = is_answered(old), is_answered(new)
    if not was and not now:
        return None
    if question.is_group and isinstance(new, list) and (isinstance(old, list) or not was):
        return _group_text(question, old if isinstance(old, list) else [], new)
    if not was:
        return f"beantwoord: {_value_text(question, new)}", []
    if not now:
        return f"weer open (was: {_value_text(question, old)})", []
    if _normal(old) == _normal(new):
        return None
    if question.is_group:
        return "gewijzigd", []
    if question.kind == "meerkeuze" and isinstance(old, list) and isinstance(new, list):
        before, after = [_normal(v) for v in old], [_normal(v) for v in new]
        parts = [f"{verb}: {display_value(question, [v for v, n in zip(values, normal) if n not in other])}"
                 for verb, values, normal, other in (("erbij", new, after, before), ("eraf", old, before, after))
                 if any(n not in other for n in normal)]
        return "; ".join(parts) or "andere volgorde", []
    return old_to_new(question, old, new), []


def item_name(question: Question, item: Any, index: int) -> str:
    """An item by its name in words (a choice by its label), or "stakeholder 3"."""
    key = question.summary_field
    value = item.get(key) if isinstance(item, dict) and key else None
    if not is_answered(value):
        return f"{question.item_name} {index}"
    field = question.field(key) if key else None
    choice = field.choice(value) if field is not None and isinstance(value, str) and field.choices else None
    return choice.label if choice is not None else " ".join(str(value).split())


def _group_text(question: Question, old: list[Any], new: list[Any]) -> tuple[str, list[str]] | None:
    old_names = {name_key(item_name(question, item, i)): (item_name(question, item, i), item)
                 for i, item in enumerate(old, 1)}
    new_names = {name_key(item_name(question, item, i)): (item_name(question, item, i), item)
                 for i, item in enumerate(new, 1)}
    added = [shown for key, (shown, _) in new_names.items() if key not in old_names]
    removed = [shown for key, (shown, _) in old_names.items() if key not in new_names]
    changed: list[str] = []
    details: list[str] = []
    for key, (shown, item) in new_names.items():
        if key not in old_names:
            continue
        before = old_names[key][1] if isinstance(old_names[key][1], dict) else {}
        after = item if isinstance(item, dict) else {}
        fields = []
        for field in question.fields:
            a, b = _canonical(field, before.get(field.id)), _canonical(field, after.get(field.id))
            if _normal(a) == _normal(b) or (not is_answered(a) and not is_answered(b)):
                continue
            if not is_answered(b):
                fields.append(f"{_short(field.text, 40)}: weer open")
            elif not is_answered(a):
                fields.append(f"{_short(field.text, 40)}: {_value_text(field, b)}")
            else:
                fields.append(f"{_short(field.text, 40)}: {old_to_new(field, a, b)}")
        if fields:
            changed.append(shown)
            details.append(f"{shown} — {'; '.join(fields)}")
    parts = []
    for names, verb in ((added, "toegevoegd"), (changed, "gewijzigd"), (removed, "verwijderd")):
        if names:
            parts.append(f"{len(names)} {verb} ({_names(names)})")
    if len(details) > NAMES_SHOWN * 2:
        details = details[: NAMES_SHOWN * 2] + [f"… en {len(details) - NAMES_SHOWN * 2} andere gewijzigd"]
    return ("; ".join(parts), details) if parts else None


def format_changes(changes: list[Change], *, heading: str, markdown: bool = False) -> str:
    """The report: per phase, per question, old → new; plain text or Markdown."""

    lines: list[str] = []
    if markdown:
        lines.append(f"## {escape_markdown(heading)}")
    else:
        lines.append(heading)
    current = None
    for change in changes:
        if change.phase_title != current:
            current = change.phase_title
            title = f"Fase {change.phase_number} · {change.phase_title}" if change.phase_number else current
            lines += ["", f"### {escape_markdown(title)}", ""] if markdown else ["", title]
        if markdown:
            lines.append(f"- **{escape_markdown(change.question)}**: {escape_markdown(change.text)}")
            lines += [f"  - {escape_markdown(d)}" for d in change.details]
        else:
            lines.append(f"- {change.question}: {change.text}")
            lines += [f"    · {d}" for d in change.details]
    return "\n".join(lines).strip("\n") + "\n"


def load_at_revision(root: Path, relative: str, revision: str) -> Any:
    """The parsed content of a plan file at a git revision (None when it did not exist
    or could not be read then, e.g. a committed merge conflict)."""
    import yaml


    prefix = git(root, "rev-parse", "--show-prefix").stdout.strip()
    name = f"{revision}:{prefix}{relative}"
    text = _read_objects(root, [name]).get(name)  # bounded, whatever the old commit holds
    if text is None:  # not there: git says whether the file or the revision is missing
        result = git(root, "cat-file", "blob", name, check=False)  # the object itself, never git show
        if result.returncode == 0 or "exists on disk, but not in" in result.stderr \
                or "does not exist" in result.stderr:
            return None
        raise GitError(f"revisie '{revision}' niet gevonden in de geschiedenis van dit plan",
                       hint="git log --oneline laat de revisies zien")
    try:
        if text == TOO_LARGE:
            raise YamlLimitError(SIZE_MESSAGE)
        return parse_yaml(text)
    except YamlLimitError as exc:  # an old version nobody can fix any more: say where it is
        commit = git(root, "rev-parse", "--short", f"{revision}^{{commit}}", check=False).stdout.strip()
        named = f"commit {commit}" + (f" ({revision})" if commit and revision != commit else "") if commit \
            else f"revisie '{revision}'"
        raise AnswerFileError(f"{exc} (in {named})", path=Path(relative),
                              hint="vergelijk met een andere revisie: git log --oneline laat ze zien") from None
    except (yaml.YAMLError, *FAST_READ_ERRORS):
        return None



def plan_changes(root: Path, catalog: Catalog, revision: str = "HEAD", revision2: str | None = None) -> list[Change]:
    """What changed in the answers of the plan at ``root`` from ``revision`` to ``revision2``
    (default: the files as they are now)."""

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
        if revision2 is not None:
            new[questionnaire.phase] = load_at_revision(root, relative, revision2) or {}
        else:
            path = root / relative
            new[questionnaire.phase] = read_yaml_fast(path, what="het antwoordbestand", inside=root) if path.exists() else {}
        for side in (old, new):
            if not isinstance(side[questionnaire.phase], dict):
                side[questionnaire.phase] = {}
    before_plan = load_at_revision(root, "plan.yaml", revision)
    if revision2 is not None:
        after_plan = load_at_revision(root, "plan.yaml", revision2)
    else:
        after_plan = (read_yaml_fast(root / "plan.yaml", what="plan.yaml", inside=root)
                      if (root / "plan.yaml").exists() else {})
    read_as_moved(before_plan, old)
    read_as_moved(after_plan, new)
    return plan_file_changes(before_plan, after_plan) + answer_changes(catalog, old, new)


PLAN_TITLE = "Plangegevens"
_PLAN_SKIPPED = {"schema_versie"}


def plan_file_changes(old: Any, new: Any) -> list[Change]:
    """What changed in plan.yaml (title, gemeente, regisseur, dates, …), key by key."""
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    flat_old, flat_new = _flatten(old), _flatten(new)
    changes = []
    for key in dict.fromkeys([*flat_new, *flat_old]):
        if key.split(" › ")[0] in _PLAN_SKIPPED:
            continue
        a, b = flat_old.get(key), flat_new.get(key)
        if _normal(a) == _normal(b):
            continue
        label = key[:1].upper() + key[1:].replace("_", " ")
        if not is_answered(a):
            text = f"ingevuld: {_value_text(None, b)}"
        elif not is_answered(b):
            text = f"weggehaald (was: {_value_text(None, a)})"
        elif isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
            text = "gewijzigd"
        else:
            text = old_to_new(None, a, b)
        changes.append(Change(PLAN_TITLE, label, text))
    return changes


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and prefix == "":
            flat.update(_flatten(value, f"{name} › "))
        else:
            flat[name] = value
    return flat


# --- the change log in the overview --------------------------------------------------------
#
# The overview lists the decisions recorded in git: every commit (on the main line,
# ``--first-parent``) that changed the answers, with what changed. It must not depend
# on whether the newest change is committed yet, or ``render --check`` would call the
# overview stale right after every commit. So the newest change is always shown as
# "Deze versie" (dated with the plan's versiedatum): before the commit it is the
# difference between the last commit and the files; after the commit it is the same
# difference, now between that commit and its predecessor.

LOG_LINES = 6


@dataclass(frozen=True)
class _Commit:
    sha: str
    date: str
    author: str
    subject: str
    files: tuple[tuple[str, str, str], ...]  # (path, old blob, new blob)
    parents: tuple[str, ...] = ()


def _parse_log(text: str) -> list[_Commit]:
    commits = []
    for chunk in text.split("\x01")[1:]:
        header, _, rest = chunk.partition("\n")
        sha, date, author, subject, parents = (header.split("\x00") + ["", "", "", "", ""])[:5]
        files = []
        for line in rest.splitlines():
            if line.startswith(":") and "\t" in line:
                meta, path = line.split("\t", 1)
                parts = meta.split()
                files.append((path, parts[2], parts[3]))
        commits.append(_Commit(sha, date, author, subject, tuple(files), tuple(parents.split())))
    return commits


TOO_LARGE = "\x00te groot"  # _read_objects: a blob larger than an answer file can be (never read whole)


def _read_objects(root: Path, names: list[str]) -> dict[str, str | None]:
    """The text of many git objects (blob ids or ``rev:path``) with one ``git cat-file --batch``.

    Read as a stream: a blob larger than an answer file may be (a tiny repository can hold
    a huge blob that compresses well) is skipped in pieces and given as ``TOO_LARGE``, so
    memory stays bounded whatever an old commit holds."""
    import subprocess
    import threading


    unique = list(dict.fromkeys(n for n in names if n and set(n) != {"0"}))
    if not unique:
        return {}
    check_owner(root)
    process = subprocess.Popen(git_argv("cat-file", "--batch"), cwd=root, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=git_environment())

    def feed() -> None:
        try:
            process.stdin.write("\n".join(unique).encode() + b"\n")  # type: ignore[union-attr]
            process.stdin.close()  # type: ignore[union-attr]
        except OSError:
            pass

    writer = threading.Thread(target=feed, daemon=True)  # git answers while it reads: never both wait
    writer.start()
    out, found = process.stdout, {}
    try:
        for name in unique:
            header = out.readline(4096).split()  # type: ignore[union-attr]
            if not header:
                break
            if len(header) < 3 or header[1] != b"blob" or not header[2].isdigit():
                found[name] = None  # "<name> missing": the file did not exist there
                continue
            size = int(header[2])
            if size > MAX_FILE_BYTES:
                left = size + 1
                while left > 0:
                    chunk = out.read(min(left, 1 << 20))  # type: ignore[union-attr]
                    if not chunk:
                        break
                    left -= len(chunk)
                found[name] = TOO_LARGE
                continue
            blob = out.read(size + 1)  # type: ignore[union-attr]
            found[name] = blob[:size].decode("utf-8", "replace")
    finally:
        out.close()  # type: ignore[union-attr]
        process.wait()
        writer.join()
    return found


def _parse_answers(text: str | None) -> dict[str, Any]:
    import yaml


    if not text or text == TOO_LARGE:
        return {}
    try:
        data = parse_yaml(text)
    except (yaml.YAMLError, *FAST_READ_ERRORS):
        return {}
    return data if isinstance(data, dict) else {}


PLAN_LOG_KEYS = ("titel", "gemeente", "regio", "regisseur", "startdatum")  # not versiedatum: "Deze versie" has it


def _plan_subset(data: Any) -> dict[str, Any]:
    """The details of plan.yaml the change log follows, without empty values."""
    if not isinstance(data, dict):
        return {}
    subset = {}
    for key in PLAN_LOG_KEYS:
        value = data.get(key)
        if isinstance(value, dict):
            value = {str(k): v for k, v in value.items() if is_answered(v)}
        if is_answered(value):
            subset[key] = value
    return subset


def _meta_as_data(meta: Any) -> dict[str, Any]:
    if meta is None:
        return {}
    regisseur = getattr(meta, "regisseur", None)
    return {"schema_versie": meta.schema_versie,
            "titel": meta.titel, "gemeente": meta.gemeente, "regio": meta.regio, "startdatum": meta.startdatum,
            "regisseur": {"naam": regisseur.naam, "organisatie": regisseur.organisatie, "email": regisseur.email}
            if regisseur is not None else {}}


def change_log(root: Path, catalog: Catalog, current: dict[str, Any], version_date: Any,
               plan_meta: Any = None) -> list[dict[str, Any]]:
    """The overview's change log, newest first: per entry date, subject, author and what changed.

    ``current`` maps each phase to its answers as they are now; the first entry is
    "this version" (see above). Empty when the plan has no history of its own."""
    if not is_own_repository(root):
        return []
    try:
        commits = _parse_log(answer_log(root))
    except GitError:
        return []
    if not commits:
        return []
    by_file = {f"antwoorden/{q.answer_filename}": q.phase for q in catalog}
    newest = commits[0].sha
    objects = _read_objects(root, [blob for c in commits for _, old, new in c.files for blob in (old, new)]
                            + [f"{newest}:{path}" for path in (*by_file, "plan.yaml")])
    entries: list[tuple[_Commit, list[Change]]] = []
    for commit in reversed(commits):
        if commit is commits[-1] and all(set(old) == {"0"} for _, old, _ in commit.files):
            continue  # the plan's first version: not a list of every answer
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        plan_file: list[Change] = []
        for path, old_blob, new_blob in commit.files:
            if path in by_file:
                old[by_file[path]] = _parse_answers(objects.get(old_blob))
                new[by_file[path]] = _parse_answers(objects.get(new_blob))
            elif path == "plan.yaml":
                plan_file = plan_file_changes(_plan_subset(_parse_answers(objects.get(old_blob))),
                                              _plan_subset(_parse_answers(objects.get(new_blob))))
        changes = plan_file + answer_changes(catalog, old, new)
        if changes:
            entries.append((commit, changes))
    last_state = {phase: _parse_answers(objects.get(f"{newest}:{path}")) for path, phase in by_file.items()}
    last_plan = _parse_answers(objects.get(f"{newest}:plan.yaml"))
    read_as_moved(last_plan, last_state)  # ``current`` reads so too (and plan.yaml as its migration writes it)
    now = {q.phase: current.get(q.phase) or {} for q in catalog}
    this_version = answer_changes(catalog, last_state, now)
    if plan_meta is not None:
        meta = _meta_as_data(plan_meta)
        if meta.get("schema_versie", LAST_MOVES_SCHEMA) < LAST_MOVES_SCHEMA:  # not migrated yet: read as moved too
            read_as_moved(meta, copy.deepcopy(now))  # a copy: only plan.yaml's side is wanted here
        this_version = plan_file_changes(_plan_subset(last_plan), _plan_subset(meta)) + this_version
    if not this_version and entries and entries[-1][1]:
        this_version = entries.pop()[1]  # the files are that commit: it is this version
    log = []
    if this_version:
        log.append(_entry(None, this_version, version_date))
    for commit, changes in reversed(entries):
        log.append(_entry(_as_merged(root, commit) if len(commit.parents) > 1 else commit, changes, None))
    return log[:LOG_ENTRIES]


def _as_merged(root: Path, commit: _Commit) -> _Commit:
    """A merge commit in the log names the work it brought in, with the authors who did it
    ("Anna de Vries en Bert Jansen, samengevoegd door Chris"), not only whoever merged."""

    result = git(root, "log", "--no-merges", "--format=%an%x00%s", f"{commit.parents[0]}..{commit.parents[1]}",
                 "--", "antwoorden", "plan.yaml", check=False)
    rows = [line.split("\x00", 1) for line in result.stdout.splitlines() if "\x00" in line]
    if result.returncode != 0 or not rows:
        return commit
    authors = list(dict.fromkeys(author for author, _ in reversed(rows)))
    subjects = list(dict.fromkeys(subject for _, subject in reversed(rows)))
    shown = "; ".join(subjects[:3]) + (f" en {len(subjects) - 3} andere" if len(subjects) > 3 else "")
    who = join_dutch(authors) + ("" if commit.author in authors else f", samengevoegd door {commit.author}")
    return _Commit(commit.sha, commit.date, who, f"Samengevoegd: {shown}", commit.files, commit.parents)


def _entry(commit: _Commit | None, changes: list[Change], version_date: Any) -> dict[str, Any]:
    import datetime as dt

    lines = [f"{c.phase_title} › {c.question}: {c.text}" for c in changes]
    return {
        "huidig": commit is None,
        "datum": version_date if commit is None else dt.date.fromisoformat(commit.date),
        "titel": "" if commit is None else commit.subject,
        "auteur": "" if commit is None else commit.author,
        "wijzigingen": lines[:LOG_LINES],
        "meer": max(0, len(lines) - LOG_LINES),
    }
