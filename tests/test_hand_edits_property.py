"""Hand edits and the wizard, interleaved at random: nothing is lost, nothing breaks.

A hypothesis ``RuleBasedStateMachine`` plays a workshop: someone edits the
answer file in an editor (comments above any line, at the end of a line and at
the end of the file, blank lines, keys of their own in items and at the top,
values changed, two items swapped) while the wizard, which read the file
earlier, answers questions of every kind and adds, changes, copies, moves and
removes items of the lists, through the same functions its menus call
(``PhaseAnswers.set``/``save`` and ``wizard_groups``). Now and then the wizard
is started again. After every step:

- the file reads (with both of handreiking's readers);
- it holds exactly the answers the model expects: every answer the wizard gave,
  every value and key typed by hand, merged per item and per field (the
  wizard's value wins only where both changed the same field; the wizard's
  order wins only when it moved an item);
- every hand comment is there exactly once, except a comment written inside an
  item the wizard removed afterwards (it leaves with the item).

The default run is short; ``pytest -m slow`` runs it long with a fixed seed (CI).
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml as pyyaml
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from handreiking.plan.answers import load_phase, plain, to_yaml_value
from handreiking.core.handtext import dump_bare
from handreiking.questionnaire.catalog import load_catalog
from handreiking.wizard.groups import add_item, copy_item, move_item, remove_item, set_field
from handreiking.core.yamlio import make_yaml, parse_yaml
from helpers import EXAMPLE, run_cli

CATALOG = load_catalog()
PHASES = [q.phase for q in CATALOG]
KINDS = ("tekst", "lange_tekst", "getal", "datum", "keuze", "meerkeuze", "janee")

WORDS = st.sampled_from(["Ieder", "kind", "welkom", "ouders", "opvang", "€ 24.500", "12,5", "ja", "nee", "null",
                         "# geen commentaar", "a: b", "'quote'", "\"dubbel\"", "- streep", "café", "1-7-2027",
                         "{x}", "[y]", "&anker", "*ster", "!tag", "%", "@", "`tick`", "tab\tje"])
LINE = st.lists(WORDS, min_size=1, max_size=5).map(" ".join).filter(lambda s: s == s.strip())


def _usable(question: Any) -> bool:
    if question.kind in ("keuze", "meerkeuze"):
        return bool(question.choices) and question.choice_source is None
    return question.kind in KINDS


def value_for(question: Any) -> st.SearchStrategy[Any]:
    """A value of the kind the wizard stores for ``question`` (canonical, as the prompts give it)."""
    kind = question.kind
    if kind == "tekst":
        return LINE
    if kind == "lange_tekst":
        return st.lists(LINE, min_size=1, max_size=3).map("\n".join)
    if kind == "getal":
        return st.one_of(st.integers(0, 10**7), st.integers(0, 10**5).map(lambda n: n / 4 + 0.5))
    if kind == "datum":
        return st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31))
    if kind == "janee":
        return st.booleans()
    values = [c.value for c in question.choices]
    if kind == "keuze":
        return st.sampled_from(values)
    return st.lists(st.sampled_from(values), min_size=1, max_size=min(3, len(values)), unique=True)


def stored(value: Any) -> Any:
    """What the file holds for a value the wizard was given."""
    return plain(to_yaml_value(value))


def _nodes_by_line(text: str) -> tuple[list[tuple[int, int, str]], Any]:
    """(line, column, kind) of every key and list item of ``text``, and its composed tree."""
    root = pyyaml.compose(text)
    found: list[tuple[int, int, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, pyyaml.MappingNode):
            for key, value in node.value:
                found.append((key.start_mark.line, key.start_mark.column, "key"))
                walk(value)
        elif isinstance(node, pyyaml.SequenceNode) and not node.flow_style:
            for item in node.value:
                found.append((item.start_mark.line, item.start_mark.column, "item"))
                walk(item)

    if root is not None:
        walk(root)
    return found, root


class Workshop(RuleBasedStateMachine):
    """One answer file, one wizard session, one person with an editor."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="werksessie-"))
        self.counter = 0
        self.comments: dict[str, tuple[str, str] | None] = {}  # comment → (list, item name) it is inside

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- set-up ------------------------------------------------------------------------

    @initialize(phase=st.sampled_from(PHASES), keep=st.integers(3, 12))
    def start(self, phase: str, keep: int) -> None:
        """The example's file for one phase: its first answers and every list whose items
        are known by a text name, so the file is small enough for many steps."""
        self.questionnaire = CATALOG.get(phase)
        source = EXAMPLE / "antwoorden" / self.questionnaire.answer_filename
        data = make_yaml().load(source.read_text(encoding="utf-8"))
        for index, key in enumerate(list(data)):
            question = self.questionnaire.question(key)
            if index >= keep and not (question is not None and question.is_group and self._named(question)):
                del data[key]
        text = dump_bare(data)  # without the example's own comments: every comment here is the test's
        self.root = self.folder / "plan"
        (self.root / "antwoorden").mkdir(parents=True)
        shutil.copy(EXAMPLE / "plan.yaml", self.root / "plan.yaml")
        self.path = self.root / "antwoorden" / self.questionnaire.answer_filename
        self.path.write_text(text, encoding="utf-8")
        self.expected = plain(parse_yaml(text))
        self.open_wizard()

    def open_wizard(self) -> None:
        self.phase = load_phase(self.questionnaire, self.root / "antwoorden")

    @property
    def view(self) -> dict[str, Any]:
        """The answers as the wizard holds them (what the person sees and picks from)."""
        return plain(self.phase.data)

    @staticmethod
    def _named(question: Any) -> bool:
        summary = question.field(question.summary_field) if question.summary_field else None
        return summary is not None and summary.kind == "tekst"

    def groups(self) -> list[Any]:
        return [q for q in self.questionnaire.questions if q.is_group and self._named(q)]

    def new_name(self) -> str:
        self.counter += 1
        return f"Item {self.counter}"

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def write_by_hand(self, text: str) -> None:
        self.path.write_text(text, encoding="utf-8")
        assert plain(parse_yaml(text)) == self.expected, "the test's own hand edit broke the file:\n" + text

    # -- the model of a wizard save: its change on top of what the file holds now ------

    def wizard_changed(self, key: str, before: Any, after: Any) -> None:
        """The wizard changed ``key`` from ``before`` to ``after`` (plain, its own view)."""
        theirs = self.expected.get(key)
        question = self.questionnaire.question(key)
        if question is not None and question.is_group and isinstance(theirs, list) and isinstance(before, list):
            self.expected[key] = self._merge_items(before, after, theirs, question.summary_field)
        else:
            self.expected[key] = after

    @staticmethod
    def _merge_items(base: list[Any], ours: list[Any], theirs: list[Any], name: str) -> list[Any]:
        base_by = {item[name]: item for item in base}
        theirs_by = {item[name]: item for item in theirs}
        merged: dict[str, Any] = {}
        for item in ours:
            known = base_by.get(item[name])
            if known is None:  # added (or copied) by the wizard
                merged[item[name]] = item
                continue
            result = copy.deepcopy(theirs_by.get(item[name], known))
            for field in {*known, *item}:
                if field not in item:
                    result.pop(field, None)
                elif known.get(field, "<absent>") != item[field]:
                    result[field] = item[field]
            merged[item[name]] = result
        base_names = [item[name] for item in base]
        ours_names = [item[name] for item in ours]
        if [n for n in ours_names if n in base_by] == [n for n in base_names if n in ours_names]:
            order = []  # the wizard moved nothing: the file's order, new items after their predecessor
            file_names = [item[name] for item in theirs if item[name] in merged]
            new = [n for n in ours_names if n not in base_by]
            leading = []
            after: dict[str, list[str]] = {}
            previous = None
            for n in ours_names:
                if n in new:
                    (after.setdefault(previous, []) if previous else leading).append(n)
                else:
                    previous = n
            order = leading + [m for n in file_names for m in [n, *after.get(n, [])]]
        else:
            order = ours_names
        return [merged[n] for n in order]

    # -- the wizard ------------------------------------------------------------------------

    @rule(data=st.data())
    def answer_a_question(self, data: st.DataObject) -> None:
        questions = [q for q in self.questionnaire.questions if not q.is_group and _usable(q)]
        kind = data.draw(st.sampled_from(sorted({q.kind for q in questions})), label="kind")
        question = data.draw(st.sampled_from([q for q in questions if q.kind == kind]), label="question")
        value = data.draw(value_for(question), label="value")
        before = copy.deepcopy(self.view.get(question.id))
        self.phase.set(question.id, value)  # Wizard.save_answer
        self.phase.save()
        self.wizard_changed(question.id, before, stored(value))

    def _fields(self, group: Any) -> list[Any]:
        return [f for f in group.fields if _usable(f) and f.id != group.summary_field]

    @precondition(lambda self: bool(self.groups()))
    @rule(data=st.data())
    def add_an_item(self, data: st.DataObject) -> None:
        group = data.draw(st.sampled_from(self.groups()), label="group")
        before = copy.deepcopy(self.view.get(group.id))
        name = self.new_name()
        item = add_item(self.phase, group)
        set_field(self.phase, group, item, group.summary_field, name)
        new = {group.summary_field: name}
        for field in data.draw(st.lists(st.sampled_from(self._fields(group)), max_size=2, unique_by=lambda f: f.id),
                               label="fields"):
            value = data.draw(value_for(field), label=field.id)
            set_field(self.phase, group, item, field.id, value)
            new[field.id] = stored(value)
        self.wizard_changed(group.id, before, [*(before or []), new])

    def _an_item(self, data: st.DataObject) -> tuple[Any, list[Any], int]:
        group = data.draw(st.sampled_from([g for g in self.groups() if self.view.get(g.id)]), label="group")
        items = self.view[group.id]
        return group, items, data.draw(st.integers(0, len(items) - 1), label="item")

    def _wizard_index(self, group: Any, name: str) -> int:
        """Where the wizard shows the item (its own list, as the person picks it)."""
        return [item.get(group.summary_field) for item in self.phase.get(group.id)].index(name)

    def has_items(self) -> bool:
        return any(self.view.get(g.id) for g in self.groups())

    @precondition(has_items)
    @rule(data=st.data())
    def change_one_field(self, data: st.DataObject) -> None:
        group, items, index = self._an_item(data)
        fields = self._fields(group)
        if not fields:
            return
        field = data.draw(st.sampled_from(fields), label="field")
        value = data.draw(value_for(field), label="value")
        name = items[index][group.summary_field]
        item = self.phase.get(group.id)[self._wizard_index(group, name)]
        set_field(self.phase, group, item, field.id, value)
        after = copy.deepcopy(items)
        after[index][field.id] = stored(value)
        self.wizard_changed(group.id, items, after)

    @precondition(has_items)
    @rule(data=st.data())
    def copy_an_item(self, data: st.DataObject) -> None:
        group, items, index = self._an_item(data)
        name = items[index][group.summary_field]
        duplicate = copy_item(self.phase, group, self._wizard_index(group, name))
        new_name = self.new_name()  # the field menu opens on the copy: the person names it
        set_field(self.phase, group, duplicate, group.summary_field, new_name)
        after = copy.deepcopy(items)
        duplicate = copy.deepcopy(items[index])
        duplicate[group.summary_field] = new_name
        after.insert(index + 1, duplicate)
        self.wizard_changed(group.id, items, after)

    @precondition(has_items)
    @rule(data=st.data())
    def move_an_item(self, data: st.DataObject) -> None:
        group, items, index = self._an_item(data)
        if len(items) < 2:
            return
        target = data.draw(st.integers(0, len(items) - 2), label="target")
        target += target >= index  # any place but its own
        name = items[index][group.summary_field]
        wizard_index = self._wizard_index(group, name)
        move_item(self.phase, group, wizard_index, target)
        after = copy.deepcopy(items)
        after.insert(target, after.pop(index))
        self.wizard_changed(group.id, items, after)

    @precondition(has_items)
    @rule(data=st.data())
    def remove_an_item(self, data: st.DataObject) -> None:
        group, items, index = self._an_item(data)
        name = items[index][group.summary_field]
        remove_item(self.phase, group, self._wizard_index(group, name))
        after = copy.deepcopy(items)
        del after[index]
        self.wizard_changed(group.id, items, after)
        for comment, inside in list(self.comments.items()):
            if inside == (group.id, name):
                del self.comments[comment]  # written inside the removed item: it may go with it

    @rule()
    def start_the_wizard_again(self) -> None:
        self.open_wizard()

    @rule(data=st.data())
    def answers_from_a_file(self, data: st.DataObject) -> None:
        """``handreiking wizard MAP --antwoorden FILE`` (the wizard is closed: the plan's lock
        keeps the two apart): a few answers and perhaps items of one list, some named as items
        there, perhaps a new one. All or nothing."""
        questions = [q for q in self.questionnaire.questions if not q.is_group and _usable(q)]
        chosen = data.draw(st.lists(st.sampled_from(questions), max_size=3, unique_by=lambda q: q.id), label="questions")
        given: dict[str, Any] = {q.id: data.draw(value_for(q), label=q.id) for q in chosen}
        expected = copy.deepcopy(self.expected)
        for question in chosen:
            expected[question.id] = stored(given[question.id])
        groups = [g for g in self.groups() if isinstance(self.expected.get(g.id), list)]
        if groups and data.draw(st.booleans(), label="a list too"):
            group = data.draw(st.sampled_from(groups), label="group")
            known = {f.id for f in group.fields}
            now = self.expected[group.id]
            kept = data.draw(st.permutations(range(len(now))), label="order")
            kept = kept[: data.draw(st.integers(0, len(kept)), label="how many")]
            items = [{k: v for k, v in now[i].items() if k in known} for i in kept]
            for item in items:
                fields = self._fields(group)
                if fields and data.draw(st.booleans(), label="change a field"):
                    field = data.draw(st.sampled_from(fields), label="field")
                    item[field.id] = data.draw(value_for(field), label="value")
            if data.draw(st.booleans(), label="a new item"):
                items.append({group.summary_field: self.new_name()})
            given[group.id] = items
            # The file's items come to the list, never in its place: an item named alike gets
            # the fields the file gives, a new name comes at the end, the rest stays as it was.
            by_name = {item[group.summary_field]: item for item in items}
            expected[group.id] = [
                {**item, **{k: stored(v) for k, v in by_name.get(item[group.summary_field], {}).items()}}
                for item in now] + [{k: stored(v) for k, v in item.items()} for item in items
                                    if item[group.summary_field] not in {i[group.summary_field] for i in now}]
        if not given:
            return
        source = self.folder / "invoer.yaml"
        source.write_text(pyyaml.safe_dump({self.questionnaire.phase: given}, allow_unicode=True), encoding="utf-8")
        before = self.text()
        code = run_cli("wizard", str(self.root), "--antwoorden", str(source), "--stil")
        event(f"answers from a file: exit {code}")
        if code == 0:
            self.expected = expected  # every item stays, and so does every comment
        else:
            assert code == 1 and self.text() == before  # nothing saved
        self.open_wizard()

    # -- the person with an editor ---------------------------------------------------------

    def _inside(self, line: int, first_line_counts: bool) -> tuple[str, str] | None:
        """The (list, item name) whose lines include ``line`` (not its first line unless
        ``first_line_counts``): a comment there is written inside that item."""
        _, root = _nodes_by_line(self.text())
        for key, value in root.value:
            question = self.questionnaire.question(key.value)
            if not isinstance(value, pyyaml.SequenceNode) or question is None or not question.is_group:
                continue
            starts = [item.start_mark.line for item in value.value]
            for number, item in enumerate(value.value):
                end = starts[number + 1] if number + 1 < len(starts) else value.end_mark.line
                first = item.start_mark.line
                if (first < line < end) or (first_line_counts and line == first):
                    names = self.expected[key.value]
                    return key.value, names[number][question.summary_field]
        return None

    def new_comment(self) -> str:
        self.counter += 1
        return f"# hand {self.counter}: nog checken"

    @rule(data=st.data(), blank=st.booleans())
    def comment_above_a_line(self, data: st.DataObject, blank: bool) -> None:
        text = self.text()
        nodes, _ = _nodes_by_line(text)
        if not nodes:
            return
        line, _, _ = data.draw(st.sampled_from(nodes), label="line")
        lines = text.split("\n")
        indent = len(lines[line]) - len(lines[line].lstrip())
        comment = "" if blank else self.new_comment()
        inside = self._inside(line, first_line_counts=False)
        lines.insert(line, " " * indent + comment if comment else "")
        self.write_by_hand("\n".join(lines))
        if comment:
            self.comments[comment] = inside

    @rule(data=st.data())
    def comment_at_the_end_of_a_line(self, data: st.DataObject) -> None:
        text = self.text()
        _, root = _nodes_by_line(text)
        candidates = []

        def walk(node: Any) -> None:
            if isinstance(node, pyyaml.MappingNode):
                for key, value in node.value:
                    if (isinstance(value, pyyaml.ScalarNode) and value.style in (None, "'", '"')
                            and value.start_mark.line == value.end_mark.line == key.start_mark.line):
                        candidates.append(value.end_mark)
                    walk(value)
            elif isinstance(node, pyyaml.SequenceNode) and not node.flow_style:
                for item in node.value:
                    walk(item)

        if root is not None:
            walk(root)
        if not candidates:
            return
        mark = data.draw(st.sampled_from(candidates), label="line")
        lines = text.split("\n")
        if "#" in lines[mark.line][mark.column:]:
            return
        comment = self.new_comment()
        inside = self._inside(mark.line, first_line_counts=True)
        lines[mark.line] = lines[mark.line][: mark.column] + "  " + comment + lines[mark.line][mark.column:]
        self.write_by_hand("\n".join(lines))
        self.comments[comment] = inside

    @rule()
    def comment_at_the_end_of_the_file(self) -> None:
        comment = self.new_comment()
        text = self.text()
        self.write_by_hand(text + ("" if text.endswith("\n") else "\n") + comment + "\n")
        self.comments[comment] = None

    @rule()
    def own_key_at_the_top(self) -> None:
        self.counter += 1
        key = f"eigen_notitie_{self.counter}"
        text = self.text()
        self.expected[key] = f"van de werksessie {self.counter}"
        self.write_by_hand(text + ("" if text.endswith("\n") else "\n") + f"{key}: {self.expected[key]}\n")

    @precondition(has_items)
    @rule(data=st.data())
    def own_key_in_an_item(self, data: st.DataObject) -> None:
        options = [(g, i) for g in self.groups() if isinstance(self.expected.get(g.id), list)
                   for i in range(len(self.expected[g.id]))]
        if not options:
            return
        group, index = data.draw(st.sampled_from(options), label="item")
        items = self.expected[group.id]
        _, root = _nodes_by_line(self.text())
        node = next(v for k, v in root.value if k.value == group.id)
        line = node.value[index].start_mark.line
        lines = self.text().split("\n")
        head, _, rest = lines[line].partition("- ")
        if not rest or rest.startswith(("- ", "{")):
            return
        self.counter += 1
        key = f"eigen_{self.counter}"
        lines[line] = f"{head}- {key}: afgesproken {self.counter}\n{head}  {rest}"
        items[index][key] = f"afgesproken {self.counter}"
        self.write_by_hand("\n".join(lines))

    @rule(data=st.data())
    def change_a_value(self, data: st.DataObject) -> None:
        """A text answer (or a text field of an item, not its name) typed over in the editor."""
        text = self.text()
        _, root = _nodes_by_line(text)
        candidates = []
        for key, value in root.value:
            question = self.questionnaire.question(key.value)
            if question is None:
                continue
            if question.kind == "tekst" and isinstance(value, pyyaml.ScalarNode):
                candidates.append(((key.value,), value))
            if question.is_group and self._named(question) and isinstance(value, pyyaml.SequenceNode):
                for number, item in enumerate(value.value):
                    for field_key, field_value in getattr(item, "value", []):
                        field = question.field(field_key.value)
                        if (field is not None and field.kind == "tekst" and field.id != question.summary_field
                                and isinstance(field_value, pyyaml.ScalarNode)):
                            candidates.append(((key.value, number, field.id), field_value))
        candidates = [(p, v) for p, v in candidates if v.start_mark.line == v.end_mark.line and v.style != "|"
                      and v.end_mark.column > v.start_mark.column]
        if not candidates:
            return
        where, node = data.draw(st.sampled_from(candidates), label="value")
        new = data.draw(LINE, label="new")
        lines = text.split("\n")
        row = lines[node.start_mark.line]
        lines[node.start_mark.line] = row[: node.start_mark.column] + json.dumps(new, ensure_ascii=False) + row[
            node.end_mark.column:]
        if len(where) == 1:
            self.expected[where[0]] = new
        else:
            self.expected[where[0]][where[1]][where[2]] = new
        self.write_by_hand("\n".join(lines))

    @precondition(has_items)
    @rule(data=st.data())
    def swap_two_items(self, data: st.DataObject) -> None:
        """Two neighbouring items (not the last one) swapped, with every line between them."""
        options = [g for g in self.groups() if isinstance(self.expected.get(g.id), list) and len(self.expected[g.id]) > 2]
        if not options:
            return
        group = data.draw(st.sampled_from(options), label="group")
        items = self.expected[group.id]
        index = data.draw(st.integers(0, len(items) - 3), label="item")
        _, root = _nodes_by_line(self.text())
        node = next(v for k, v in root.value if k.value == group.id)
        starts = [item.start_mark.line for item in node.value]
        lines = self.text().split("\n")
        a, b, c = starts[index], starts[index + 1], starts[index + 2]
        if any(not lines[s].lstrip().startswith("- ") for s in (a, b, c)):
            return
        lines[a:c] = lines[b:c] + lines[a:b]
        items[index], items[index + 1] = items[index + 1], items[index]
        self.write_by_hand("\n".join(lines))

    # -- after every step ----------------------------------------------------------------

    @invariant()
    def the_file_reads_and_holds_every_answer(self) -> None:
        if not hasattr(self, "path"):
            return
        text = self.text()
        found = plain(parse_yaml(text))
        assert found == self.expected, _difference(found, self.expected) + "\n--- file ---\n" + text
        assert plain(make_yaml().load(text)) == self.expected
        for comment in self.comments:
            assert text.count(comment) == 1, f"{comment!r} is not there once:\n{text}"


def _difference(found: dict[str, Any], expected: dict[str, Any]) -> str:
    """The answers that differ, one per line, to read a failure at a glance."""
    lines = []
    for key in sorted({*found, *expected}):
        if found.get(key, "<ontbreekt>") != expected.get(key, "<ontbreekt>"):
            lines.append(f"{key}:\n  in the file: {found.get(key, '<absent>')!r}\n  expected:    "
                         f"{expected.get(key, '<absent>')!r}")
    return "\n".join(lines)


SHORT = settings(max_examples=5, stateful_step_count=10, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TestWorkshop = Workshop.TestCase
TestWorkshop.settings = SHORT


# 6 x 15 sessions of 30 steps (2700 steps): the parts run side by side on the test workers. With 25
# sessions a part (4500 steps) the long run took 200 s of the two workers' time, almost a third of all of CI.
LONG_PARTS, LONG_SESSIONS = 6, 90


@pytest.mark.slow
@pytest.mark.parametrize("part", range(LONG_PARTS))
def test_workshop_long(part):
    """The same machine, long: 90 sessions in parts of 15, each part with a fixed seed of
    its own (CI runs this with ``-m ""``)."""
    from hypothesis import seed
    from hypothesis.stateful import run_state_machine_as_test

    machine = seed(20260 + part)(type(f"Workshop{part}", (Workshop,), {}))
    run_state_machine_as_test(machine, settings=settings(
        max_examples=LONG_SESSIONS // LONG_PARTS, stateful_step_count=30, deadline=None, database=None,
        suppress_health_check=list(HealthCheck)))
