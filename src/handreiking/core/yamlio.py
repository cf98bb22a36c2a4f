"""Reading and writing the user's YAML files without surprises.

Answer files and ``plan.yaml`` belong to the user: they are read with
ruamel.yaml's round-trip loader, so comments, key order and unknown keys
survive a save, and every node knows its line for error messages. Before
parsing, the raw bytes are checked for the things people and tools do to
files (merge conflicts, huge files, wrong encodings, aliases) so the user gets
a Dutch explanation instead of a parser's English.
"""
from __future__ import annotations

import datetime
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from handreiking.core.errors import AnswerFileError, QuestionnaireError
from handreiking.core.gate import ANSWER_LIMIT, read_plan_bytes
from handreiking.core.precompiled import NOT_BUILT, parsed_definition

MAX_FILE_BYTES = ANSWER_LIMIT  # every YAML file a command reads
_CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7})(?:\s|$)", re.MULTILINE)


#: Ways back from git's own conflict lines in a plan file, registered by the git layer
#: (``git/markers.py``): the reader cannot ask git itself without importing a higher layer.
MARKER_REMEDIES: list[Callable[[Path, Path], str | None]] = []


def make_yaml() -> Any:
    """A ruamel round-trip YAML instance with handreiking's layout.

    Lists are indented under their key (``- `` at two spaces), which keeps one
    list item per block so that two people editing different items rarely
    conflict in git.
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap what the user wrote
    # Never write &anchor/*alias for a date (the same date twice in plan.yaml would become
    # one): our readers refuse them, and a person editing one copy would break the other.
    # Only dates: ruamel writes an empty answer as '' or 'null' depending on what it has seen.
    ignore = yaml.representer.ignore_aliases
    yaml.representer.ignore_aliases = lambda data: isinstance(data, datetime.date) or ignore(data)
    return yaml


OWN_FOLDER: Any = object()  # ``inside`` default: the file may not be a link out of its own folder


def read_text(path: Path, *, what: str = "bestand", inside: Any = OWN_FOLDER) -> str:
    """Read a user file as UTF-8 text (BOM and CRLF accepted) with clear refusals.

    The file is read through the plan-file gate (``planfiles``): ``inside`` is the plan
    folder it must stay in (by default its own folder); ``None`` for a file the user
    named, whose links are followed. Devices, pipes and files over 1 MB are refused."""

    if inside is OWN_FOLDER:
        inside = Path(path).parent
    try:
        raw = read_plan_bytes(path, inside=inside, limit=MAX_FILE_BYTES, what=what)
    except FileNotFoundError:
        raise AnswerFileError(f"{what} bestaat niet", path=path) from None
    except OSError as exc:
        raise AnswerFileError(f"{what} kan niet gelezen worden ({exc.strerror})", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AnswerFileError(
            "het bestand is geen UTF-8-tekst. Sla het op als UTF-8 (in de meeste "
            "editors: 'Opslaan als' → codering UTF-8).",
            path=path,
            line=line,
        ) from None
    conflict = _CONFLICT_RE.search(text)
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        raise AnswerFileError(
            "dit bestand bevat een git-mergeconflict (regels met <<<<<<<, ======= en >>>>>>>). "
            "Kies per conflict welke antwoorden blijven, haal de markeringen weg en sla op.",
            path=path,
            line=line,
            hint=_marker_hint(path, inside),
        )
    nul = text.find("\x00")
    if nul >= 0:
        raise AnswerFileError(
            "het bestand bevat een NUL-teken; dit is geen gewone tekst.",
            path=path,
            line=text.count("\n", 0, nul) + 1,
        )
    return text


def _marker_hint(path: Path, inside: Any) -> str:
    """What to do about git's conflict lines: in a clone without handreiking's set-up, set it up and
    let git merge again (per question); otherwise remove the lines by hand."""
    if isinstance(inside, Path):
        for remedy_for in MARKER_REMEDIES:
            remedy = remedy_for(inside, path)
            if remedy:
                return remedy
    return "git diff laat de conflicten zien; daarna: git add <bestand> en git commit."


def load_yaml(path: Path, *, what: str = "bestand", aliases: bool = False,
              inside: Any = OWN_FOLDER) -> tuple[Any, str]:
    """Parse a user YAML file round-trip; returns (data, text). ``inside``: see ``read_text``."""
    text = read_text(path, what=what, inside=inside)
    deep = too_deep_line(text)
    if deep is not None:
        raise AnswerFileError(DEPTH_MESSAGE, path=path, line=deep)
    yaml = make_yaml()
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel raises many unrelated classes
        raise _yaml_error(exc, path, text) from None
    if not aliases:
        _refuse_aliases(data, path)
    elif expanded_size(data) > MAX_EXPANDED_NODES:
        raise AnswerFileError(EXPANSION_MESSAGE, path=path)
    return data, text


MAX_FLOW_DEPTH = 100  # an answer file needs three or four levels
DEPTH_MESSAGE = (f"lijsten of blokken staan te diep in elkaar (meer dan {MAX_FLOW_DEPTH} niveaus); "
                 "zo'n bestand leest handreiking niet")
_QUOTED_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'|(?:^|\s)#.*')


def too_deep_line(text: str) -> int | None:
    """The line where lists and blocks between brackets (``[[[[…``) nest deeper than
    :data:`MAX_FLOW_DEPTH`, or ``None``. ruamel's scanner is quadratic in that depth: a
    hostile file 5000 deep took eight seconds before it failed, on every command; counted
    here it is refused at once. Quoted text and comments do not count; a bracket in other
    text may count (only a hundred unclosed ones would then be refused)."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for bracket in re.findall(r"[\[\]{}]", _QUOTED_OR_COMMENT.sub("", line)):
            depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
            if depth > MAX_FLOW_DEPTH:
                return number
    return None


def dump_yaml(data: Any) -> str:
    """Serialize round-trip data back to text."""
    stream = io.StringIO()
    make_yaml().dump(data, stream)
    return stream.getvalue()


def node_position(node: Any, key: Any = None, index: int | None = None) -> tuple[int | None, int | None]:
    """1-based (line, column) of a mapping key or list item, when ruamel knows it."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None, None
    try:
        if key is not None:
            line, col = lc.key(key)
        elif index is not None:
            line, col = lc.item(index)
        else:
            line, col = lc.line, lc.col
    except (KeyError, IndexError, TypeError, AttributeError):
        return None, None
    return line + 1, col + 1


_PROBLEMS = [
    ("found character '\\t'", "er staat een tab in het bestand; gebruik spaties om in te springen"),
    ("duplicate key", "deze sleutel staat twee keer in hetzelfde blok; laat er één staan"),
    ("mapping values are not allowed", "een dubbele punt op een onverwachte plek: springt deze regel verder in "
                                       "dan de regel erboven, of staat er tekst met ': ' die tussen aanhalingstekens "
                                       "moet?"),
    ("but found another document", "het bestand bevat meer dan één YAML-document (een regel met alleen '---' "
                                   "halverwege); voeg ze samen tot één"),
    ("Exceeds the limit", "een getal van duizenden cijfers; zo'n getal leest handreiking niet"),
    ("could not find expected ':'", "er mist een dubbele punt achter een sleutel, of de inspringing klopt niet"),
    ("did not find expected key", "de inspringing klopt niet of er mist een streepje voor een lijst-item"),
    ("did not find expected '-' indicator", "de inspringing van de lijst klopt niet"),
    ("found undefined alias", "een verwijzing (*naam) naar een anker dat niet bestaat"),
    ("found unacceptable character", "het bestand bevat een teken dat in YAML niet mag (een stuurteken)"),
    ("special characters are not allowed", "het bestand bevat een teken dat in YAML niet mag (een stuurteken)"),
    ("expected ',' or ']'", "een lijst tussen [ en ] wordt niet afgesloten"),
    ("expected ',' or '}'", "een blok tussen { en } wordt niet afgesloten"),
    ("expected the node content", "er ontbreekt een waarde; staat er een [ of { die niet wordt afgesloten?"),
    ("found unexpected end of stream", "het bestand houdt onverwacht op (mist er een aanhalingsteken?)"),
    ("while scanning a quoted scalar", "een aanhalingsteken wordt niet afgesloten"),
    ("expected <block end>", "de inspringing klopt niet"),
    ("found a tab character", "er staat een tab in het bestand; gebruik spaties om in te springen"),
    ("sequence entries are not allowed here",
     "hier mag geen lijst-item (- ) beginnen; staat het streepje op een eigen regel, onder de sleutel ingesprongen?"),
    ("that cannot start any token", "een waarde begint met een teken dat YAML daar niet toestaat (zoals @ of `); "
                                    "zet de tekst tussen aanhalingstekens"),
    ("maximum recursion depth", "lijsten of blokken staan te diep in elkaar (honderden niveaus); "
                                "zo'n bestand leest handreiking niet"),
]


_UNCLOSED = ("expected ',' or ']'", "expected ',' or '}'")  # a flow list or block left open


def _yaml_error(exc: Exception, path: Path, source: str) -> AnswerFileError:
    text = str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", ""))
    at_end = "stream end" in problem or "end of stream" in problem
    if at_end and getattr(exc, "context_mark", None) is not None:
        mark = exc.context_mark  # the unclosed bracket or quote, not the end of the file
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    lines = source.splitlines()
    if at_end and line is not None and line > len(lines):
        # still pointing past the last line: name the last line that has content
        line = next((n for n in range(len(lines), 0, -1) if lines[n - 1].strip()), 1)
        column = None
    # a date that does not exist ("day is out of range for month", "month must be in 1..12")
    if mark is None and isinstance(exc, ValueError) and ("out of range" in text or "must be in" in text):
        for number, content in enumerate(lines, start=1):
            for match in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", content):
                try:
                    datetime.date(*map(int, match.groups()))
                except ValueError:
                    return AnswerFileError(f"'{match.group(0)}' is geen bestaande datum", path=path,
                                           line=number, column=match.start() + 1)
    position = getattr(exc, "position", None)
    if mark is None and isinstance(position, int):  # ReaderError: a character offset
        line = source.count("\n", 0, position) + 1
        column = position - (source.rfind("\n", 0, position) + 1) + 1
        character = getattr(exc, "character", None)
        if isinstance(character, int):
            return AnswerFileError(
                f"het bestand bevat een stuurteken (code {character:#04x}) dat in tekst niet mag; haal het weg",
                path=path, line=line, column=column)
    for candidate in (getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)):
        if candidate is not None and _lacks_list_dash(lines, candidate.line):
            return AnswerFileError(
                "er mist een streepje (-) voor dit item: elk item van een lijst begint met '- ', "
                "net als de items erboven", path=path, line=candidate.line + 1,
                column=len(lines[candidate.line]) - len(lines[candidate.line].lstrip()) + 1)
    message = next((dutch for needle, dutch in _PROBLEMS if needle in text), None)
    context = getattr(exc, "context_mark", None)
    if context is not None and any(needle in text for needle in _UNCLOSED):
        # the parser notices only where the list should have ended (often the next line):
        # name the line where the [ or { that is not closed stands
        line, column = context.line + 1, context.column + 1
    duplicate = re.search(r'duplicate key "([^"\n]{1,80})"', text)
    if duplicate:
        message = f"de sleutel '{duplicate.group(1)}' staat twee keer in hetzelfde blok; laat er één staan"
    if message is None:  # the library's own words are English: say where, and what to look at
        message = ("de YAML-opmaak klopt hier niet; kijk op deze regel en de regel erboven naar de inspringing, "
                   "de dubbele punten, de streepjes en de aanhalingstekens")
    return AnswerFileError(message, path=path, line=line, column=column)


def _lacks_list_dash(lines: list[str], index: int) -> bool:
    """Whether line ``index`` (0-based) looks like a list item written without its '- ':
    it does not start with a dash, and the line above it at the same indentation does."""
    if not 0 <= index < len(lines):
        return False
    line = lines[index]
    content = line.lstrip()
    if not content or content.startswith(("-", "#")):
        return False
    indent = len(line) - len(content)
    for earlier in reversed(lines[:index]):
        stripped = earlier.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        earlier_indent = len(earlier) - len(stripped)
        if earlier_indent < indent:
            return False
        if earlier_indent == indent:
            return stripped.startswith("- ") or stripped == "-"
    return False


def _refuse_aliases(data: Any, path: Path) -> None:
    """Refuse YAML anchors/aliases: they can make a tiny file expand enormously."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                line, col = node_position(node)
                raise AnswerFileError(
                    "het bestand gebruikt YAML-verwijzingen (&anker en *alias); "
                    "die worden niet ondersteund. Schrijf de antwoorden voluit.",
                    path=path,
                    line=line,
                    column=col,
                )
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)


# --- fast reading for commands that do not write ---------------------------------

# ruamel.yaml's YAML 1.2 implicit resolvers (ruamel/yaml/resolver.py, the (1, 2) rows),
# copied so that libyaml resolves every plain scalar to the same type. The
# hypothesis test in tests/test_yamlio.py checks that both readers agree.
_RESOLVERS_1_2 = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:float", r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    ("tag:yaml.org,2002:int", r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
    ("tag:yaml.org,2002:value", r"^(?:=)$", "="),  # no constructor here: such a file is read by ruamel
    ("tag:yaml.org,2002:null", r"^(?: ~ |null|Null|NULL | )$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", "0123456789"),
]


@lru_cache(maxsize=1)
def _fast_loader() -> Any:
    """PyYAML's C loader, set up to read like ruamel's YAML 1.2 round-trip loader.

    ``check``, ``render`` and ``status`` only read; ruamel's pure-Python
    round-trip parser is some twenty times slower than libyaml. The resolvers
    are ruamel's own YAML 1.2 rules (``yes`` is text, ``010`` is ten, ``0o17``
    is fifteen, ``1:20`` is text) and duplicate keys are refused. Whatever
    this reader cannot read the same way (a tag, a ``=``) raises, and the
    caller reads the file with ruamel instead.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.yaml_implicit_resolvers = {}
    for tag, pattern, first in _RESOLVERS_1_2:
        Loader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))

    def construct_int(loader: Any, node: Any) -> int:
        text = loader.construct_scalar(node).replace("_", "")
        sign = -1 if text[0] == "-" else 1
        text = text.lstrip("+-")
        for prefix, base_ in (("0b", 2), ("0x", 16), ("0o", 8)):
            if text.startswith(prefix):
                return sign * int(text[2:], base_)
        return sign * int(text)

    def construct_float(loader: Any, node: Any) -> float:
        text = loader.construct_scalar(node).replace("_", "").lower()
        if text.lstrip("+-") == ".inf":
            return float(text.replace(".inf", "inf"))
        if text == ".nan":
            return float("nan")
        return float(text)

    def construct_timestamp(loader: Any, node: Any) -> Any:
        value = loader.construct_scalar(node)
        if len(value) != 10:  # a time of day: ruamel's own type; leave it to ruamel
            raise ValueError("timestamp with a time")
        return datetime.date.fromisoformat(value)

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        keys = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (dict, list)):
                raise yaml.constructor.ConstructorError(None, None, "found unhashable key", key_node.start_mark)
            if key in keys:
                raise yaml.constructor.ConstructorError(None, None, "found duplicate key", key_node.start_mark)
            keys.add(key)
        return base.construct_mapping(loader, node, deep=deep)

    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    Loader.add_constructor("tag:yaml.org,2002:float", construct_float)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    Loader.construct_mapping = construct_mapping  # type: ignore[method-assign]
    return Loader


FAST_READ_ERRORS: tuple[type[BaseException], ...] = (ValueError, TypeError, OverflowError, IndexError)


# Where libyaml and ruamel disagree whatever the resolvers say: tabs (ruamel refuses
# some that libyaml allows) and explicit tags. A tag can only start a node: at the start
# of a line, after "- ", "? " or ": ", after "[", "{" or ",", or after an anchor. A file
# with a '!' in any such place is read by ruamel; a '!' elsewhere is ordinary text (the
# conditions in advies.yaml say "!=", which sent that whole file to the slow reader).
# Also a number with exactly three decimals (``bedrag: 24.500``): only the round-trip reader
# keeps how it was written, which the check for a point between thousands needs.
_ROUND_TRIP_ONLY = re.compile(r"\t|(?:^|[\[{,]|[-?:][ \t])[ \t]*!|&\S+[ \t]+!"
                              r"|[-:][ \t]+[-+]?\d+\.\d{3}[ \t]*(?:#|$)", re.MULTILINE)


def parse_yaml_fast(text: str) -> Any:
    """YAML text → plain data, with the same YAML 1.2 reading as the answer files.
    Raises ``yaml.YAMLError`` (or a value error) on problems, and on anything only
    the round-trip reader reads the same way (the caller then uses that reader)."""
    import yaml

    if _ROUND_TRIP_ONLY.search(text):
        raise ValueError("tab, tag or three decimals: read round-trip")
    return yaml.load(text, Loader=_fast_loader())  # noqa: S506 - a safe loader subclass


class YamlLimitError(ValueError):
    """YAML text beyond the limits (too large, or aliases that expand too far); its
    message is Dutch and says which limit."""


def parse_yaml(text: str) -> Any:
    """YAML text that is not a file (for instance from ``git show``): the fast reader
    where it reads the same, else ruamel. Raises ``ValueError`` when neither can, and
    ``YamlLimitError`` (a ``ValueError``) for text over 1 MB or aliases that expand the
    data past a million values (a "billion laughs" file)."""
    import yaml

    check_text_size(text)
    try:
        data = parse_yaml_fast(text)
    except (yaml.YAMLError, *FAST_READ_ERRORS):
        if too_deep_line(text) is not None:
            raise ValueError(DEPTH_MESSAGE) from None
        try:
            data = make_yaml().load(text)
        except Exception as exc:  # ruamel raises many unrelated classes
            raise ValueError(str(exc)) from None
    if expanded_size(data) > MAX_EXPANDED_NODES:
        raise YamlLimitError(EXPANSION_MESSAGE)
    return data


def check_text_size(text: str | bytes) -> None:
    """Refuse YAML text larger than an answer file can be."""
    if len(text) > MAX_FILE_BYTES:
        raise YamlLimitError(SIZE_MESSAGE)


SIZE_MESSAGE = f"het bestand is te groot (meer dan {MAX_FILE_BYTES // 1024 // 1024} MB)"


MAX_EXPANDED_NODES = 1_000_000
EXPANSION_MESSAGE = ("het bestand gebruikt YAML-verwijzingen (&anker en *alias) die samen meer dan een miljoen "
                     "waarden maken; zo'n bestand leest handreiking niet")


def expanded_size(data: Any, limit: int = MAX_EXPANDED_NODES) -> int:
    """How many values ``data`` holds with every alias written out, counted without writing
    them out (a value reached twice is counted twice, but walked once); stops counting
    just past ``limit``."""
    sizes: dict[int, int] = {}
    order: list[Any] = []
    stack = [(data, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)) or (id(node) in sizes and not done):
            continue
        children = list(node.keys()) + list(node.values()) if isinstance(node, dict) else node
        if done:
            total = 1
            for child in children:
                total += sizes.get(id(child), 1) if isinstance(child, (dict, list)) else 1
                if total > limit:
                    return limit + 1
            sizes[id(node)] = total
            order.append(node)  # keep it alive, so its id is not reused during the count
            continue
        sizes[id(node)] = 0  # in progress: a cycle counts as nothing more
        stack.append((node, True))
        stack.extend((child, False) for child in children if isinstance(child, (dict, list))
                     and id(child) not in sizes)
    return sizes.get(id(data), 1) if isinstance(data, (dict, list)) else 1


def read_yaml_fast(path: Path, *, what: str = "bestand", aliases: bool = False, inside: Any = OWN_FOLDER) -> Any:
    """Plain data of a user YAML file, read quickly; any problem is reported exactly as
    ``load_yaml`` reports it (the round-trip reader then says what and where)."""
    import yaml

    text = read_text(path, what=what, inside=inside)
    try:
        data = parse_yaml_fast(text)
    except (yaml.YAMLError, *FAST_READ_ERRORS):
        data, _ = load_yaml(path, what=what, aliases=aliases, inside=inside)
        return data
    if not aliases:
        _refuse_aliases(data, path)
    elif expanded_size(data) > MAX_EXPANDED_NODES:
        raise AnswerFileError(EXPANSION_MESSAGE, path=path)
    return data


def read_definition(path: Path, *, what: str) -> Any:
    """Plain data of a file that ships with handreiking or a content editor wrote
    (questionnaires, ``advies.yaml``, ``documenten.yaml``): the same YAML 1.2
    reading and the same Dutch errors as the answer files, but raised as
    ``QuestionnaireError``, because the person to fix it is the content editor."""

    try:
        built = parsed_definition(read_text(path, what=what, inside=None))  # as the package's build read it
        if built is not NOT_BUILT:
            return built
        # Anchors are allowed here: content editors use them to share a list of choices,
        # and these files come with handreiking (the answer files refuse them).
        return read_yaml_fast(path, what=what, aliases=True, inside=None)  # shipped: an installer may link it
    except AnswerFileError as exc:
        raise QuestionnaireError(exc.message, path=exc.path, line=exc.line, column=exc.column,
                                 hint=exc.hint) from None
