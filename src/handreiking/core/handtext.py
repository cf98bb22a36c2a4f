"""What a person wrote by hand around the answers: comments and blank lines, kept on save.

ruamel.yaml keeps comments inside its data (``.ca`` tokens hung on the key or
item *before* a comment), a private structure whose layout changes with the
indentation of the comment and the kind of value before it. Moving, adding or
removing list items with those tokens attached put comments in the wrong item,
dropped them, or wrote a file no reader accepts (``uitgangspunten:   -``, issue
19). So handreiking does not let ruamel place comments at all:

- ``HandText.read`` takes every comment line, blank line and end-of-line comment
  of the file as read, and anchors it to the node it belongs to: a block of
  comment or blank lines to the key or list item right below it (so a comment
  above an item moves with the item), an end-of-line comment to the key or
  item on its line; lines before the first answer belong to the top of the
  file, lines after the last one to its end.
- ``HandText.write`` dumps the data *without* comments, finds where each
  anchor now stands, and puts every line back there (comment lines take the
  indentation of the line they stand above).

Anchors are the data objects themselves (the mapping and its key, the list and
its item), so they follow an item wherever the wizard moves it. When an anchor
is gone:

- a key or item that was removed takes the comments *inside* it (between its
  lines or at the end of one of them) along: they described what is no longer
  there. Comment lines *above* a removed item stay, above what now follows;
- when a whole value was replaced (a list given anew), its comments stay, at the
  next place that still exists, so nothing written by hand is lost.

Copies made with ``copy.deepcopy`` are new objects: a copied item starts without
the comments of its original (they are not doubled).

For the answer files this is the one module that uses ruamel.yaml beyond loading
and dumping: the ``lc`` line/column records, the scanner's tokens (for the lines
of a block scalar, which look like comments but are text) and the flow style of a
collection. ``tests/test_handtext.py`` pins each of them. (``plan.yaml``'s
migration and the git merge driver still move ruamel's own comment tokens; what
they write is read back before it replaces a file, like everything else.)
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from handreiking.core.yamlio import make_yaml

START, END = "start", "end"


@dataclass
class _Node:
    """One key or list item of the document, where it starts."""

    line: int
    depth: int
    ref: tuple[Any, ...]  # ("key", mapping, key) | ("item", seq, item or index)
    items: tuple[tuple[Any, Any], ...]  # the (list, item) pairs it lies inside, outermost first


@dataclass
class _Block:
    """Hand lines that stand above a node (or at the start or end of the file)."""

    lines: list[str]
    node: int | str  # index into HandText.nodes, START or END


@dataclass
class _Eol:
    """A comment at the end of a line with content."""

    text: str
    nodes: list[int]  # the nodes on that line, innermost first


@dataclass
class HandText:
    """The hand-written lines of one file, anchored to the data read from it.

    The anchors (``nodes``) are taken when the file is read, before anyone changes the
    data; placing the hand lines on them scans the text with ruamel's tokenizer, which
    costs more than reading the file, so that waits until a save needs it (most reads
    never save)."""

    nodes: list[_Node] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False)  # as read, until its lines are placed
    _blocks: list[_Block] = field(default_factory=list, repr=False)
    _eols: list[_Eol] = field(default_factory=list, repr=False)

    @property
    def blocks(self) -> list[_Block]:
        self._place_lines()
        return self._blocks

    @blocks.setter
    def blocks(self, value: list[_Block]) -> None:
        self._place_lines()
        self._blocks = value

    @property
    def eols(self) -> list[_Eol]:
        self._place_lines()
        return self._eols

    @eols.setter
    def eols(self, value: list[_Eol]) -> None:
        self._place_lines()
        self._eols = value

    # -- reading --------------------------------------------------------------------

    @classmethod
    def read(cls, text: str, data: Any) -> HandText:
        """The comments and blank lines of ``text``, anchored to ``data`` (its round-trip load)."""
        hand = cls()
        hand.nodes = sorted(_nodes(data), key=lambda n: (n.line, n.depth))
        if hand.nodes:
            hand._text = text
        return hand

    def _place_lines(self) -> None:
        """Anchor every comment line, blank line and end-of-line comment of the text as read
        to its node (once; the nodes' lines are those of the text as read)."""
        if self._text is None:
            return
        text, self._text = self._text.replace("\r\n", "\n").lstrip("\ufeff"), None
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        nodes, blocks, eols = self.nodes, self._blocks, self._eols
        scalar_lines, ends = _token_layout(text)
        first_line = nodes[0].line
        starts: dict[int, list[int]] = {}
        for index, node in enumerate(nodes):
            starts.setdefault(node.line, []).append(index)
        pending: list[str] = []
        for number, line in enumerate(lines):
            if number in starts:
                if pending:
                    blocks.append(_Block(pending, starts[number][0]))  # the outermost node on the line
                    pending = []
                comment = _eol_comment(line, ends.get(number))
                if comment:
                    innermost = sorted(starts[number], key=lambda i: -nodes[i].depth)
                    eols.append(_Eol(comment, innermost))
                continue
            if number in scalar_lines:
                continue
            stripped = line.strip()
            if number < first_line:
                pending.append(line.rstrip())
            elif not stripped or stripped.startswith("#"):
                pending.append(stripped)
            else:
                comment = _eol_comment(line, ends.get(number))  # a continuation line of a value
                if comment:
                    before = [i for i, n in enumerate(nodes) if n.line < number]
                    if before:
                        eols.append(_Eol(comment, [before[-1]]))
            if number + 1 == first_line and pending:
                blocks.append(_Block(pending, START))
                pending = []
        if pending:
            blocks.append(_Block(pending, END))

    def rebind(self, old: Any, new: Any) -> None:
        """The object ``old`` (a mapping or list of the data read) lives on as ``new``:
        what was anchored to ``old`` is anchored to ``new`` from now on."""
        if old is new:
            return

        def swap(obj: Any) -> Any:
            return new if obj is old else obj

        for node in self.nodes:
            kind, holder, what = node.ref
            node.ref = (kind, swap(holder), swap(what) if kind == "item" else what)
            node.items = tuple((swap(seq), swap(item)) for seq, item in node.items)

    # -- writing --------------------------------------------------------------------

    def write(self, data: Any) -> str:
        """``data`` as YAML text with every hand line at its anchor. With no answers left,
        the text is the hand lines alone (a file of comments). Lines that left with a
        removed item are forgotten, so they do not come back when the list goes later."""
        if not data:
            kept = [line.strip() for block in self.blocks for line in block.lines] + [e.text for e in self.eols]
            return "\n".join(kept) + "\n" if any(kept) else ""
        bare_text = dump_bare(data)
        if not self.blocks and not self.eols:
            return bare_text
        where = _positions(data, bare_text)
        alive = _alive(data)
        lines = bare_text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        above: dict[int, list[str]] = {}
        after: dict[int, str] = {}
        head: list[str] = []
        tail: list[str] = []
        gone: list[Any] = []
        for block in self.blocks:
            if block.node == START:
                head.extend(block.lines)
                continue
            if block.node == END:
                tail.extend(line.strip() for line in block.lines)
                continue
            line = self._place(block.node, where, alive, len(lines))
            if line is None:
                gone.append(block)
                continue
            if line == len(lines):
                tail.extend(line_.strip() for line_ in block.lines)
                continue
            indent = " " * (len(lines[line]) - len(lines[line].lstrip()))
            above.setdefault(line, []).extend(indent + text if text else "" for text in block.lines)
        for eol in self.eols:
            line = next((where[_key(self.nodes[i].ref)] for i in eol.nodes if _key(self.nodes[i].ref) in where
                         and self._kept(self.nodes[i], alive)), None)
            if line is None:
                if any(not self._kept(self.nodes[i], alive) for i in eol.nodes):
                    gone.append(eol)  # inside a removed item: it leaves with it
                    continue
                line = self._place(eol.nodes[-1], where, alive, len(lines))
                if line is None or line >= len(lines):
                    tail.append(eol.text)
                else:
                    indent = " " * (len(lines[line]) - len(lines[line].lstrip()))
                    above.setdefault(line, []).append(indent + eol.text)
                continue
            after[line] = (after[line] + " " + eol.text) if line in after else eol.text
        self.blocks = [b for b in self.blocks if not any(b is g for g in gone)]
        self.eols = [e for e in self.eols if not any(e is g for g in gone)]
        out = list(head)
        for number, line in enumerate(lines):
            out.extend(above.get(number, ()))
            out.append(line + ("  " + after[number] if number in after else ""))
        out.extend(tail)
        return "\n".join(out) + "\n"

    def _kept(self, node: _Node, alive: set[tuple[Any, ...]]) -> bool:
        """False when the node lies inside an item that was removed from a list that is still there."""
        for seq, item in node.items:
            if ("seq", id(seq)) in alive and ("item", id(seq), id(item)) not in alive:
                return False
        return True

    def _place(self, index: int, where: dict[Any, int], alive: set[tuple[Any, ...]], end: int) -> int | None:
        """The output line a block anchored to node ``index`` goes above (``end``: after the
        last line); None when it leaves with a removed item."""
        if not self._kept(self.nodes[index], alive):
            return None  # written inside an item that was removed
        for candidate in self.nodes[index:]:  # this node, else the next one that is still there
            line = where.get(_key(candidate.ref))
            if line is not None and self._kept(candidate, alive):
                return line
        return end


# --- the data's nodes and lines ---------------------------------------------------------


def _nodes(data: Any, depth: int = 0, items: tuple[tuple[Any, Any], ...] = ()) -> list[_Node]:
    """Every key and list item with its (0-based) line, depth and the items around it."""
    found: list[_Node] = []
    if isinstance(data, dict):
        for key in data:
            line = _line(data, key=key)
            if line is not None:
                found.append(_Node(line, depth, ("key", data, key), items))
            found.extend(_nodes(data[key], depth + 1, items))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            line = _line(data, index=index)
            ref = ("item", data, item if isinstance(item, (dict, list)) else index)
            if line is not None:
                found.append(_Node(line, depth, ref, items))
            inner = items + ((data, item),) if isinstance(item, (dict, list)) else items
            found.extend(_nodes(item, depth + 1, inner))
    return found


def _line(node: Any, key: Any = None, index: int | None = None) -> int | None:
    """0-based line of a key or item, from ruamel's ``lc`` record."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        line, _ = lc.key(key) if index is None else lc.item(index)
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return line


def _key(ref: tuple[Any, ...]) -> tuple[Any, ...]:
    kind, holder, what = ref
    if kind == "key":
        return ("key", id(holder), what)
    return ("item", id(holder), id(what) if isinstance(what, (dict, list)) else ("index", what))


def _alive(data: Any) -> set[tuple[Any, ...]]:
    """Which lists and (container) items are in ``data`` now."""
    found: set[tuple[Any, ...]] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            found.add(("seq", id(node)))
            for item in node:
                if isinstance(item, (dict, list)):
                    found.add(("item", id(node), id(item)))
                    stack.append(item)
    return found


def _positions(data: Any, bare_text: str) -> dict[tuple[Any, ...], int]:
    """Output line of every key and item of ``data`` in ``bare_text`` (its dump)."""
    try:
        return _positions_fast(data, bare_text)
    except Exception:  # libyaml composes what ruamel wrote; should it not, ruamel reads it
        pass

    dumped = make_yaml().load(bare_text)
    where: dict[tuple[Any, ...], int] = {}
    stack = [(data, dumped)]
    while stack:
        mine, theirs = stack.pop()
        if isinstance(mine, dict) and isinstance(theirs, dict):
            for key in mine:
                line = _line(theirs, key=key)
                if line is not None:
                    where[("key", id(mine), key)] = line
                stack.append((mine[key], theirs.get(key)))
        elif isinstance(mine, list) and isinstance(theirs, list):
            for index, item in enumerate(mine):
                line = _line(theirs, index=index)
                if line is not None:
                    what = id(item) if isinstance(item, (dict, list)) else ("index", index)
                    where[("item", id(mine), what)] = line
                if index < len(theirs):
                    stack.append((item, theirs[index]))
    return where


def _positions_fast(data: Any, bare_text: str) -> dict[tuple[Any, ...], int]:
    """``_positions`` with libyaml's composer (some ten times faster than a round-trip load):
    the dump keeps the order of ``data``, so keys and items pair up by place."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = yaml.compose(bare_text, Loader=loader)  # noqa: S506 - composes nodes only, constructs nothing
    where: dict[tuple[Any, ...], int] = {}
    stack = [(data, root)]
    while stack:
        mine, node = stack.pop()
        if isinstance(mine, dict):
            if not isinstance(node, yaml.MappingNode) or len(node.value) != len(mine):
                raise ValueError("the dump does not match the data")
            for key, (key_node, value_node) in zip(mine, node.value):
                where[("key", id(mine), key)] = key_node.start_mark.line
                stack.append((mine[key], value_node))
        elif isinstance(mine, list):
            if not isinstance(node, yaml.SequenceNode) or len(node.value) != len(mine):
                raise ValueError("the dump does not match the data")
            for index, (item, item_node) in enumerate(zip(mine, node.value)):
                what = id(item) if isinstance(item, (dict, list)) else ("index", index)
                where[("item", id(mine), what)] = item_node.start_mark.line
                stack.append((item, item_node))
    return where


def _token_layout(text: str) -> tuple[set[int], dict[int, int]]:
    """Lines that belong to a multi-line scalar (text, not comments), and per line the
    column where its last token ends (what follows may be an end-of-line comment)."""

    inside: set[int] = set()
    ends: dict[int, int] = {}
    lines = text.split("\n")
    for token in make_yaml().scan(text):
        start, end = token.start_mark, token.end_mark
        if end.line == start.line:
            ends[end.line] = max(ends.get(end.line, 0), end.column)
            continue
        if type(token).__name__ != "ScalarToken":
            continue
        last = end.line if end.column else end.line - 1
        span = list(range(start.line + 1, last + 1))
        header = lines[start.line][start.column:].split("#", 1)[0].strip() if start.line < len(lines) else ""
        if header[:1] in ("|", ">") and "+" not in header:  # trailing blank lines of a block scalar are layout
            while span and not lines[span[-1]].strip():
                span.pop()
        elif end.column:
            ends[end.line] = max(ends.get(end.line, 0), end.column)
        inside.update(span)
    return inside, ends


def _eol_comment(line: str, end: int | None) -> str:
    """The ``# …`` after the content of ``line`` (content ends at column ``end``)."""
    if end is None:
        return ""
    rest = line[end:]
    stripped = rest.strip()
    if stripped.startswith("#") and (not rest or rest[0] in " \t" or end == 0):
        return stripped
    return ""


# --- dumping without ruamel's comments -----------------------------------------------


def bare(value: Any) -> Any:
    """A copy of round-trip data without comments: new mappings and lists (flow style kept),
    the same scalars (so quotes and block styles stay as the person wrote them)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        result = CommentedMap()
        for key, item in value.items():
            result[key] = bare(item)
        _copy_flow_style(value, result)
        return result
    if isinstance(value, list):
        result_seq = CommentedSeq(bare(item) for item in value)
        _copy_flow_style(value, result_seq)
        return result_seq
    return value


def _copy_flow_style(source: Any, target: Any) -> None:
    fa = getattr(source, "fa", None)
    if fa is not None and fa.flow_style():
        target.fa.set_flow_style()


def dump_bare(data: Any) -> str:
    """``data`` as text, without any comment ruamel holds."""

    stream = io.StringIO()
    make_yaml().dump(bare(data), stream)
    return stream.getvalue()


def comment_slots(node: Any) -> dict[Any, list[Any]]:
    """ruamel's own comment tokens of a mapping or list, by key or index (``node.ca.items``).

    plan.yaml's migration, the git merge driver and the conflict choice still move these
    tokens; they reach them only through here, so ``tests/test_handtext.py`` pins the one
    layout they rely on. A value that is not a ruamel collection has none: an empty dict.
    """
    comment = getattr(node, "ca", None)
    return comment.items if comment is not None else {}
