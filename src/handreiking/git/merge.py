"""Three-way merge of answer files and plan.yaml: git's merge driver for a plan.

Git merges text line by line, so two people who each add a stakeholder at the
end of the same list "conflict", although nothing clashes. This driver merges
what the lines mean instead, with handreiking's own YAML layer:

- answers by question id: a question answered or changed on one side only
  takes that side;
- inside a group (stakeholders, goals, …) items by their identity: the name
  (the group's ``samenvatting`` field) in a normal form (case, dashes and spaces
  do not count), so added, edited and removed *different* items all merge, and
  two people editing *different fields* of one item merge too;
- lists of choices (``meerkeuze``) as sets: additions and removals of both sides;
- the result is ours (the file git gave us) changed in place, so comments and
  key order survive.

When both sides changed the same answer differently, the answer becomes a
conflict block (see ``core/conflicts.py``) with both versions, and the driver exits
with 1, as git's contract for a merge driver asks: git then stops the merge and
``handreiking wizard`` lets someone choose. Nothing of either side is lost.
"""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any, Callable

from handreiking.core.values import count
from handreiking.core.conflicts import is_conflict, make_conflict
from handreiking.core.errors import AnswerFileError, HandreikingError
from handreiking.core.handtext import comment_slots
from handreiking.core.yamlio import (
    _CONFLICT_RE,
    EXPANSION_MESSAGE,
    MAX_EXPANDED_NODES,
    dump_yaml,
    expanded_size,
    make_yaml,
    parse_yaml,
    read_text,
)
from handreiking.core.yamlsave import save_yaml
from handreiking.git.command import git_argv, git_environment
from handreiking.git.sides import mark_merged
from handreiking.plan.answers import set_in_order, to_yaml_value
from handreiking.plan.items import NAME_FIELDS, comparable, content_key, identities
from handreiking.questionnaire.catalog import load_catalog
from handreiking.questionnaire.validation import normalize_answer

_MISSING = object()
Find = Callable[[str], Any]


def _no_question(_key: str) -> Any:
    return None


class Merger:
    """One three-way merge; counts the conflicts it had to leave."""

    def __init__(self) -> None:
        self.conflicts = 0

    # -- values -------------------------------------------------------------------

    def value(self, base: Any, ours: Any, theirs: Any, question: Any = None, key: Any = None) -> Any:
        """The merged value of one answer (or field); may change ``ours`` in place."""
        same = _same_answer(question)
        if same(ours, theirs):
            _merge_comments(base, ours, theirs)
            return ours
        containers = isinstance(ours, dict) and isinstance(theirs, dict) and not is_conflict(ours) \
            and not is_conflict(theirs) or _is_item_list(ours) and _is_item_list(theirs)
        if base is not _MISSING and same(base, ours) and not (containers and _has_comments(ours)):
            return theirs
        if base is not _MISSING and same(base, theirs) and not (containers and _has_comments(theirs)):
            return ours
        if is_conflict(ours) or is_conflict(theirs):
            return self._conflict(ours, theirs)
        if isinstance(ours, dict) and isinstance(theirs, dict) and (question is None or question.is_group):
            # blocks (plan.yaml's regisseur, a group item) merge key by key; an answer such as
            # {anders: "…"} is one value
            if question is not None and question.is_group:
                self.mapping(base if isinstance(base, dict) else {}, ours, theirs, question.field,
                             tuple(f.id for f in question.fields))
            else:
                self.mapping(base if isinstance(base, dict) else {}, ours, theirs, _no_question)
            return ours
        if isinstance(ours, list) and isinstance(theirs, list):
            base_list = base if isinstance(base, list) else []
            if _is_item_list(ours) and _is_item_list(theirs) and _is_item_list(base_list):
                field = question.summary_field if question is not None else None
                self.items(base_list, ours, theirs, question, field)
                return ours
            if all(_hashable(v) for v in (*ours, *theirs, *base_list)):
                return _merge_sets(base_list, ours, theirs)
        if key == "versiedatum" and isinstance(ours, dt.date) and isinstance(theirs, dt.date):
            return max(ours, theirs)  # a new version on both sides: the later date
        return self._conflict(ours, theirs)

    def _conflict(self, ours: Any, theirs: Any) -> Any:
        self.conflicts += 1
        return make_conflict(ours, theirs)

    # -- mappings (an answer file, plan.yaml, one group item) -------------------------

    def mapping(self, base: Any, ours: Any, theirs: Any, find: Find, wanted_order: tuple[str, ...] = ()) -> None:
        """Merge ``theirs`` into the round-trip mapping ``ours``, key by key; a new key that is
        in ``wanted_order`` (question or field ids) goes where the wizard would put it."""
        _merge_comments(base, ours, theirs)
        for key in list(ours):
            if key in theirs:
                merged = self.value(base.get(key, _MISSING), ours[key], theirs[key], find(str(key)), key)
                if merged is not ours[key]:
                    if is_conflict(merged) and not is_conflict(ours[key]):
                        _comment_into_block(ours, key, merged)
                    ours[key] = merged
            elif key in base:  # they removed it
                if _same(base[key], ours[key]):
                    del ours[key]
                else:
                    block = self._conflict(ours[key], None)
                    _comment_into_block(ours, key, block)
                    ours[key] = block
        order = list(theirs)
        for index, key in enumerate(order):
            if key in ours:
                continue
            if key in base:  # we removed it
                if _same(base[key], theirs[key]):
                    continue
                value = self._conflict(None, theirs[key])
            else:
                value = theirs[key]
            if str(key) in wanted_order:  # a question: where the wizard would put it

                set_in_order(ours, key, value, list(wanted_order))
            else:
                before = [k for k in order[:index] if k in ours]
                position = list(ours).index(before[-1]) + 1 if before else 0
                ours.insert(position, key, value)
            comment = comment_slots(theirs).get(key)
            if comment:
                comment_slots(ours)[key] = copy.deepcopy(comment)

    # -- group items ----------------------------------------------------------------

    def items(self, base: list[Any], ours: Any, theirs: list[Any], question: Any, field: str | None) -> None:
        """Merge the items of a group by identity, in place in ``ours``: one pass over each side
        with the items looked up by identity (a dict), so the time grows with the lists, not
        with their square."""
        base_ids, ours_ids, theirs_ids = (identities(x, field) for x in (base, ours, theirs))
        _follow_renames(base_ids, base, ours_ids, ours, field)
        _follow_renames(base_ids, base, theirs_ids, theirs, field)
        base_by = dict(zip(base_ids, base))
        theirs_by = dict(zip(theirs_ids, theirs))
        leads = {**_take_leads(ours, ours_ids, base_by), **_take_leads(theirs, theirs_ids, base_by)}
        gap = _tail(ours[0]) if len(ours) > 1 else None
        last = ours[-1] if len(ours) else None
        closing = _tail(last) if last is not None else None
        # ours, in its order: kept, merged with theirs, or removed as they did
        kept: list[tuple[str, Any]] = []
        for ident, item in zip(ours_ids, ours):
            if ident in theirs_by:
                merged = self.value(base_by.get(ident, _MISSING), item, theirs_by[ident], question)
                if merged is not item:
                    merged = _replaced(item, copy.deepcopy(merged))
                kept.append((ident, merged))
            elif ident in base_by:  # they removed this item
                if not _same(base_by[ident], item):
                    kept.append((ident, _replaced(item, self._conflict(item, None))))
            else:
                kept.append((ident, item))
        _take_their_order(kept, base_ids, ours_ids, theirs_ids)
        present = {ident for ident, _ in kept}
        ours_added = {i for i in ours_ids if i not in base_by and i not in theirs_by}
        # theirs' new items, each after the item it follows in theirs
        pending: dict[str | None, list[tuple[str, Any]]] = {}
        anchor: str | None = None
        ours_set = set(ours_ids)
        for ident in theirs_ids:
            if ident in ours_set:
                if ident in present:
                    anchor = ident
                continue
            if ident in base_by:  # we removed it
                if _same(base_by[ident], theirs_by[ident]):
                    continue
                value = self._conflict(None, theirs_by[ident])
            else:
                value = copy.deepcopy(theirs_by[ident])
            pending.setdefault(anchor, []).append((ident, _new_item(value, gap)))
            anchor = ident
        out: list[Any] = []
        ident_of = {id(value): ident for ident, value in [*kept, *(e for entries in pending.values() for e in entries)]}

        def emit_after(key: str | None) -> None:
            stack = list(reversed(pending.pop(key, [])))
            while stack:
                ident, value = stack.pop()
                out.append(value)
                stack.extend(reversed(pending.pop(ident, [])))

        k = 0
        while k < len(kept) and kept[k][0] in ours_added:  # ours first, then theirs, as git does with lines
            out.append(kept[k][1])
            k += 1
        emit_after(None)
        while k < len(kept):
            ident, value = kept[k]
            out.append(value)
            k += 1
            if ident in pending:
                while k < len(kept) and kept[k][0] in ours_added:
                    out.append(kept[k][1])
                    k += 1
                emit_after(ident)
        if out and last is not None and out[-1] is not last:
            if any(v is last for v in out):
                _set_tail(last, gap)
            _set_tail(out[-1], closing)
        for index, item in enumerate(out):  # each new item's comment back above it
            lead = leads.get(ident_of.get(id(item), ""))
            if lead is not None:
                _give_lead(out[index - 1] if index else item, *lead)
        list.clear(ours)
        list.extend(ours, out)


def _take_leads(side: Any, side_ids: list[str], base_by: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """The comments a side wrote above its new items, taken off the items before them.

    ruamel keeps a comment above a list item with the item before it (its tail). When both
    sides add an item after the same one, each with a comment, the merge of that one item put
    both comments above the first new item. Here, for every new item whose predecessor on its
    side is an old one, the lines that side added to the predecessor's tail are taken off it
    (it gets its old tail back) and kept for the new item: ident → (lines, the token they came in)."""
    leads: dict[str, tuple[str, Any]] = {}
    for k in range(1, len(side)):
        before = side_ids[k - 1]
        if side_ids[k] in base_by or before not in base_by:
            continue
        token, old = _tail(side[k - 1]), _tail(base_by[before])
        text, old_text = getattr(token, "value", None), getattr(old, "value", None) or "\n"
        if not isinstance(text, str) or text == old_text or not text.startswith(old_text):
            continue
        rest = text[len(old_text):]
        if not rest.strip() or any(line.strip() and not line.strip().startswith("#") for line in rest.splitlines()):
            continue  # only comment lines (and blank lines) move along
        leads[side_ids[k]] = (rest, copy.deepcopy(token))
        if old is None:
            _set_tail(side[k - 1], None)
        else:
            token.value = old_text
    return leads


def _give_lead(before: Any, rest: str, token: Any) -> None:
    """Put a new item's comment lines at the end of the tail of the item ``before`` it."""
    mine = _tail(before)
    if mine is not None and isinstance(getattr(mine, "value", None), str):
        mine.value = mine.value + rest
        return
    token.value = "\n" + rest
    _set_tail(before, token)


def _take_their_order(kept: list[tuple[str, Any]], base_ids: list[str], ours_ids: list[str],
                      theirs_ids: list[str]) -> None:
    """When they moved items and we did not, the items all three have take their order (a
    reorder was lost whenever the other side changed anything else in the file). Our own new
    items and the conflicts stay where they are in ours; when both moved items, ours stays."""
    shared = set(base_ids) & set(ours_ids) & set(theirs_ids)
    in_base = [i for i in base_ids if i in shared]
    in_ours = [i for i in ours_ids if i in shared]
    in_theirs = [i for i in theirs_ids if i in shared]
    if in_ours != in_base or in_theirs == in_base:
        return
    rank = {ident: n for n, ident in enumerate(in_theirs)}
    slots = [n for n, (ident, _) in enumerate(kept) if ident in rank]
    for n, entry in zip(slots, sorted((kept[n] for n in slots), key=lambda entry: rank[entry[0]])):
        kept[n] = entry


def _replaced(old: Any, value: Any) -> Any:
    value = _to_round_trip(value)
    _set_tail(value, _tail(old))
    return value


def _new_item(value: Any, gap: Any) -> Any:
    value = _to_round_trip(value)
    _set_tail(value, gap)
    return value


# --- comments of both sides -------------------------------------------------------------
# A comment is part of the file a person wrote: a change to comments only is a change. Ours
# (the file being merged into) keeps its comments; a comment that only theirs added or changed
# is copied over, and when both changed the comment at one place, theirs' lines are added.


def _has_comments(node: Any) -> bool:
    """Whether a round-trip mapping or list (or anything inside it) carries comments."""
    ca = getattr(node, "ca", None)
    if ca is not None and (any(_entry_text(e) for e in ca.items.values()) or _entry_text(ca.comment)):
        return True
    values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return any(_has_comments(v) for v in values)


def _entry_text(entry: Any) -> str:
    if entry is None:
        return ""
    if isinstance(entry, list):
        return "".join(_entry_text(e) for e in entry)
    return str(getattr(entry, "value", ""))


def _merge_comments(base: Any, ours: Any, theirs: Any) -> None:
    """Bring the comments theirs changed (at keys both have) into ours."""
    from ruamel.yaml.comments import CommentedMap

    if not (isinstance(ours, CommentedMap) and isinstance(theirs, CommentedMap)):
        return
    _merge_top_comment(base, ours, theirs)
    base_items = comment_slots(base) if isinstance(base, CommentedMap) else {}
    for key, entry in comment_slots(theirs).items():
        if key not in ours:
            continue
        theirs_text, base_text = _entry_text(entry), _entry_text(base_items.get(key))
        mine = comment_slots(ours).get(key)
        ours_text = _entry_text(mine)
        if theirs_text == base_text or theirs_text == ours_text:
            continue
        if ours_text == base_text or mine is None:
            comment_slots(ours)[key] = copy.deepcopy(entry)
            continue
        # both changed the comment here: keep ours and add the lines only theirs has
        for slot, token in enumerate(entry):
            if token is None or isinstance(token, list) or slot >= len(mine):
                continue
            if mine[slot] is None:
                mine[slot] = copy.deepcopy(token)
                continue
            have = str(mine[slot].value)
            extra = [line for line in str(token.value).splitlines() if line.strip() and line.strip() not in have]
            if extra:
                indent = " " * max(0, getattr(mine[slot], "column", 0) or 0)
                mine[slot].value = have.rstrip("\n") + "\n" + "".join(
                    f"{indent if not line.startswith(' ') else ''}{line}\n" for line in extra)


def _merge_top_comment(base: Any, ours: Any, theirs: Any) -> None:
    """The comment above a mapping's first key (in a file: the lines above the first answer)
    belongs to no key: a line theirs wrote there was lost. Theirs' lines come in when only they
    changed it; when both did, ours with the lines only theirs has after it."""
    theirs_lines, base_lines = _top_lines(theirs), _top_lines(base)
    ours_lines = _top_lines(ours)
    if theirs_lines == base_lines or theirs_lines == ours_lines:
        return
    if ours_lines == base_lines:
        ours.ca.comment = copy.deepcopy(theirs.ca.comment)
        return
    extra = [token for token in theirs.ca.comment[1] if str(token.value) not in {str(t.value) for t in ours_lines}]
    ours.ca.comment[1].extend(copy.deepcopy(extra))


def _top_lines(node: Any) -> list[Any]:
    comment = getattr(getattr(node, "ca", None), "comment", None)
    return list(comment[1] or []) if comment and len(comment) > 1 else []


def _comment_into_block(holder: Any, key: Any, block: Any) -> None:
    """The comment after an answer (often the next section's heading) moves to the end of its
    conflict block, so it stays outside the block's versions and after the answer once chosen."""
    entry = comment_slots(holder).get(key)
    if not entry or len(entry) < 3 or entry[2] is None:
        return
    token, entry[2] = entry[2], None
    _set_tail(block, token)


def _follow_renames(base_ids: list[str], base: list[Any], side_ids: list[str], side: Any, field: str | None) -> None:
    """An item that one side renamed (only its name changed) keeps its identity, so the
    other side's edits of that item still find it. Items are matched by their content apart
    from the name (a dict), in one pass. The name is the group's summary field (``mijlpaal``,
    ``post``) or a usual name field: with only the usual ones, a renamed milestone or budget
    line was "removed" on one side and new on the other, and choosing one side counted its
    money twice."""
    names = ((field,) if field else ()) + NAME_FIELDS
    present = set(side_ids)
    base_set = set(base_ids)
    added: dict[str, list[int]] = {}
    for k, ident in enumerate(side_ids):
        item = side[k]
        if ident not in base_set and isinstance(item, dict) and not is_conflict(item):
            added.setdefault(_without_name(item, names), []).append(k)
    if not added:
        return
    for b_index, ident in enumerate(base_ids):
        if ident in present or not isinstance(base[b_index], dict):
            continue
        candidates = added.get(_without_name(base[b_index], names))
        while candidates:
            k = candidates.pop(0)
            if _same_apart_from_name(base[b_index], side[k], names):
                side_ids[k] = ident
                break


def _without_name(item: Any, names: tuple[str, ...]) -> str:
    return content_key({str(k): v for k, v in item.items() if str(k) not in names})


def _same_apart_from_name(old: dict[str, Any], new: dict[str, Any], names: tuple[str, ...]) -> bool:
    rest = [k for k in {*old, *new} if str(k) not in names]
    different = [k for k in {*old, *new} if not _same(old.get(k), new.get(k))]
    return bool(rest) and len(different) == 1 and str(different[0]) in names and all(
        _same(old.get(k), new.get(k)) for k in rest)


def _same(a: Any, b: Any) -> bool:
    return comparable(a) == comparable(b)


def _same_answer(question: Any) -> Callable[[Any, Any], bool]:
    """Equal values, for an answer also when written differently: '50.000' and 50000, '1-7-2027'
    and 2027-07-01 are one amount and one date (the reading of check and the wizard), not a
    change on one side or a conflict."""
    if question is None or question.is_group:
        return _same

    def same(a: Any, b: Any) -> bool:
        return _same(a, b) or (a is not _MISSING and b is not _MISSING and not is_conflict(a) and not is_conflict(b)
                               and _same(normalize_answer(question, a), normalize_answer(question, b)))
    return same


def _hashable(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) or (isinstance(value, dict) and set(value) == {"anders"})


def _merge_sets(base: list[Any], ours: Any, theirs: list[Any]) -> Any:
    """Choices of a ``meerkeuze``: ours, minus what they removed, plus what they added."""
    base_keys = {content_key(v) for v in base}
    theirs_keys = {content_key(v) for v in theirs}
    ours_keys = {content_key(v) for v in ours}
    for index in range(len(ours) - 1, -1, -1):
        key = content_key(ours[index])
        if key in base_keys and key not in theirs_keys:
            del ours[index]
    for value in theirs:
        key = content_key(value)
        if key not in base_keys and key not in ours_keys:
            ours.append(value)
    return ours


def _is_item_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


# --- comments between items ------------------------------------------------------------
# ruamel keeps the blank line (or section comment) after a list item with the last value
# inside that item. Items that move keep the file's rhythm: the comment that closed the
# list stays at the end of the list.


def _tail_slot(node: Any) -> tuple[Any, Any, int] | None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and node:
        key = list(node)[-1]
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and value:
            return _tail_slot(value)
        return node, key, 2
    if isinstance(node, CommentedSeq) and node:
        index = len(node) - 1
        value = node[index]
        if isinstance(value, (CommentedMap, CommentedSeq)) and value:
            return _tail_slot(value)
        return node, index, 0
    return None


def _tail(node: Any) -> Any:
    slot = _tail_slot(node)
    if slot is None:
        return None
    holder, key, position = slot
    entry = comment_slots(holder).get(key)
    return entry[position] if entry and len(entry) > position else None


def _set_tail(node: Any, token: Any) -> None:
    from ruamel.yaml.comments import CommentedMap

    slot = _tail_slot(node)
    if slot is None:
        return
    holder, key, position = slot
    entry = comment_slots(holder).get(key)
    if entry is None:
        if token is None:
            return
        entry = comment_slots(holder)[key] = [None, None, None, None] if isinstance(holder, CommentedMap) else [None, None]
    entry[position] = copy.deepcopy(token)


def _remove_item(seq: Any, index: int) -> None:
    if index == len(seq) - 1 and index > 0:
        _set_tail(seq[index - 1], _tail(seq[index]))
    del seq[index]


def _replace_item(seq: Any, index: int, value: Any) -> None:
    value = _to_round_trip(value)
    _set_tail(value, _tail(seq[index]))
    seq[index] = value


def _to_round_trip(value: Any) -> Any:
    return to_yaml_value(value)


# --- the driver ----------------------------------------------------------------------


def merge_texts(base: str, ours: str, theirs: str, questionnaire: Any = None) -> tuple[str, int]:
    """Merge three versions of one file's text; returns (merged text, number of conflicts).

    Raises ``AnswerFileError`` when a version is not readable YAML."""
    from ruamel.yaml.comments import CommentedMap


    if theirs == base or theirs == ours:  # nothing of theirs to bring in (checked like any version)
        _parse(ours, "ons")
        return ours, 0
    versions = [_parse(text, name) for text, name in ((base, "basis"), (ours, "ons"), (theirs, "hun"))]
    (base_data, _), (ours_data, prefix), (theirs_data, _) = versions
    merger = Merger()
    find = questionnaire.question if questionnaire is not None else _no_question
    data = ours_data if ours_data is not None else CommentedMap()
    order = tuple(q.id for q in questionnaire.questions) if questionnaire is not None else ()
    merger.mapping(base_data or {}, data, theirs_data or {}, find, order)
    body = dump_yaml(data) if data else ""
    text = (prefix if ours_data is None else "") + body
    if "\r\n" in ours:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text, merger.conflicts


def _parse(text: str, name: str) -> tuple[Any, str]:
    """Round-trip data of one version (None for an empty or comment-only file) and, for a
    comment-only file, its text (kept as the header)."""

    if _CONFLICT_RE.search(text):
        raise AnswerFileError(f"de versie '{name}' bevat al git-conflictmarkeringen")
    try:
        data = make_yaml().load(text.lstrip("\ufeff"))
    except Exception as exc:  # ruamel raises many unrelated classes
        raise AnswerFileError(f"de versie '{name}' is geen leesbare YAML ({type(exc).__name__})") from None
    if expanded_size(data) > MAX_EXPANDED_NODES:  # a "billion laughs" version: walking it would never end
        raise AnswerFileError(f"de versie '{name}': {EXPANSION_MESSAGE}")
    if data is not None and not isinstance(data, dict):
        raise AnswerFileError(f"de versie '{name}' is geen blok met antwoorden")
    return data, text.replace("\r\n", "\n") if data is None else ""


def questionnaire_for(path: str) -> Any:
    """The questionnaire whose answer file is ``path`` (None for plan.yaml and other files)."""

    name = Path(path).name
    return next((q for q in load_catalog() if q.answer_filename == name), None)


def _read_back(text: str) -> Any:
    try:
        return parse_yaml(text)
    except ValueError:
        return None  # save_yaml then refuses the text as unreadable


def run_driver(base: str, ours: str, theirs: str, path: str, echo: Callable[..., None]) -> int:
    """``handreiking merge-driver %O %A %B %P``: merge into the file ``ours``.

    Exit 0: merged cleanly. Exit 1: merged, with conflict blocks that the wizard
    resolves (git marks the file as conflicted). When a version cannot be read as
    YAML, git's own line merge writes its usual markers instead, so nothing is lost.
    """
    import subprocess

    ours_path = Path(ours)
    try:
        texts = [read_text(Path(p)) if Path(p).stat().st_size else "" for p in (base, ours, theirs)]
        merged, conflicts = merge_texts(*texts, questionnaire=questionnaire_for(path))
        save_yaml(ours_path, merged, _read_back(merged), root=None)  # git's own copy: read back first
    except HandreikingError as exc:
        echo(f"handreiking kon {path} niet per vraag samenvoegen ({exc.message}); git voegt het regel voor "
             "regel samen.", err=True)
        result = subprocess.run(git_argv("merge-file", "-L", "ons", "-L", "basis", "-L", "hun", ours, base, theirs),
                                env=git_environment())
        if result.returncode:
            return 1
        try:  # merged line by line without a clash, but a broken side stays broken: never "merged"
            parse_yaml(read_text(ours_path))
        except (ValueError, HandreikingError):
            echo(f"Het resultaat van {path} is geen geldige YAML (zie hierboven); git markeert het als conflict. "
                 "Herstel het bestand, en rond dan af met: git add en git commit.", err=True)
            return 1
        return 0

    mark_merged(Path(theirs), path)
    if conflicts:
        echo(f"{path}: {count(conflicts, 'antwoord werd', 'antwoorden werden')} aan beide kanten anders veranderd. Kies per antwoord "
             "met: handreiking wizard (of zonder wizard: handreiking kies)", err=True)
        return 1
    return 0
