"""The four pictures of a plan laid out as shapes (:mod:`handreiking.render.shapes`):
the route on a time axis, involvement per phase, the continuum of support and the budget.

Why this module exists: :mod:`handreiking.render.charts` works out *what* a picture
shows (plain data, with its text alternative); this module decides *where* each bar,
marker and label goes, once, for both the SVG and the PNG. Colours differ in lightness
and carry a pattern or shape as well, so the pictures work printed in grey. An
unanswered part says so in words: never blank or zero, which would read as an answer.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from handreiking.core.values import MONTHS, format_date, format_money, format_number
from handreiking.render.shapes import WIDTH, Circle, Line, Polygon, Scene, text_width

# Dark to light, each far enough apart in lightness to stay distinct in grey.
INK, DARK, MID, LIGHT, PALE = "#1f2328", "#0b3d6b", "#4f7fb0", "#a9c3de", "#e6eef6"
WHITE = "#ffffff"
OPEN_LABEL = "Nog in te vullen"

# Sizes in units (1/100 inch): text of 9, 8 and 7 points; lines of 0.6 and 0.8 points.
SIZE, SMALL, TINY = 12.5, 11.1, 9.7
THIN, AXIS = 0.83, 1.11
MARGIN, TICK, PAD = 6.0, 4.9, 4.9
EDGE = 1.39  # a marker's outline (1 point)
DASH = (4.2, 2.2)
LEGEND_ROW = 17.0
SWATCH = 20.0

Swatch = Callable[[Scene, float, float], None]


def layout(chart_id: str, data: dict[str, Any]) -> Scene:
    """The shapes of picture ``chart_id`` drawn from its ``data`` (:class:`~handreiking.render.charts.Chart`)."""
    return _LAYOUTS[chart_id](data)


# --- shared parts ------------------------------------------------------------------------


def _height(units: float) -> float:
    """An even number of units: the PNG (1,5 pixel per unit) then has whole pixels."""
    return 2 * math.ceil(units / 2)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _legend_columns(entries: int) -> int:
    """One row holds five entries across the page; more go in two rows."""
    return entries if entries <= 5 else -(-entries // 2)


def _legend_height(entries: int, columns: int) -> float:
    return -(-entries // columns) * LEGEND_ROW + 4


def _legend(scene: Scene, entries: list[tuple[Swatch, str]], columns: int) -> None:
    """The legend at the foot of the picture: a swatch and a label per entry, in columns, centred."""
    rows = [entries[i:i + columns] for i in range(0, len(entries), columns)]
    widths = [max(text_width(rows[r][c][1], SMALL) for r in range(len(rows)) if c < len(rows[r]))
              for c in range(columns)]
    gap = 18.0
    total = sum(SWATCH + 6 + w for w in widths) + gap * (columns - 1)
    top = scene.height - len(rows) * LEGEND_ROW - 2
    for r, row in enumerate(rows):
        middle = top + (r + 0.5) * LEGEND_ROW
        x = (scene.width - total) / 2
        for c, (swatch, label) in enumerate(row):
            swatch(scene, x + SWATCH / 2, middle)
            scene.text(x + SWATCH + 6, middle, label, SMALL, INK)
            x += SWATCH + 6 + widths[c] + gap


def _patch(fill: str, stroke: str = INK, hatch: str = "", dash: bool = False) -> Swatch:
    def draw(scene: Scene, x: float, middle: float) -> None:
        scene.box(x - SWATCH / 2 + 1, middle - 4.5, SWATCH - 2, 9, fill, stroke, THIN, hatch=hatch,
                  dash=DASH if dash else None)
    return draw


def _left_labels(scene: Scene, right: float, rows: list[tuple[float, str, bool]], ticks: bool = True) -> None:
    """Labels right-aligned to the left of the plot, each with a tick mark when ``ticks``."""
    for middle, label, bold in rows:
        end = right - (TICK + PAD if ticks else PAD)
        scene.text(end, middle, label, SIZE, INK, "end", bold=bold)
        if ticks:
            scene.add(Line(right - TICK, middle, right, middle, INK, AXIS))


def _label_room(labels: list[tuple[str, bool]], ticks: bool = True) -> float:
    """Where the plot starts: after the widest label."""
    widest = max((text_width(label, SIZE, bold) for label, bold in labels), default=0.0)
    return MARGIN + widest + PAD + (TICK if ticks else 0)


# --- the route on a time axis --------------------------------------------------------------


def _day(text: Any) -> dt.date:
    return dt.date.fromisoformat(str(text)[:10])


def _marker(scene: Scene, kind: str, x: float, y: float, face: str, edge: str, size: float) -> None:
    """A marker of ``size`` units across: ``o`` circle, ``X`` cross, ``?``, ``s`` square,
    ``D`` diamond, ``^`` and ``v`` triangles."""
    r = size / 2
    if kind == "o":
        scene.add(Circle(x, y, r, face, edge, EDGE))
    elif kind == "X":
        arm = r * 0.42
        plus = [(arm, r), (arm, arm), (r, arm), (r, -arm), (arm, -arm), (arm, -r),
                (-arm, -r), (-arm, -arm), (-r, -arm), (-r, arm), (-arm, arm), (-arm, r)]
        turn = math.sqrt(0.5)
        scene.add(Polygon(tuple((x + (px - py) * turn * 1.12, y + (px + py) * turn * 1.12) for px, py in plus),
                          face, edge, EDGE * 0.5))
    elif kind == "?":
        scene.text(x, y, "?", size * 1.3, face, "middle", bold=True)
    elif kind == "s":
        side = r * 0.95
        scene.add(Polygon(((x - side, y - side), (x + side, y - side), (x + side, y + side), (x - side, y + side)),
                          face, edge, EDGE))
    elif kind == "D":
        d = r * 1.3
        scene.add(Polygon(((x, y - d), (x + d, y), (x, y + d), (x - d, y)), face, edge, EDGE))
    else:  # triangles
        sign = -1 if kind == "^" else 1
        scene.add(Polygon(((x, y + sign * r), (x + r, y - sign * r * 0.8), (x - r, y - sign * r * 0.8)),
                          face, edge, EDGE))


_MILESTONE_LOOKS = {"gehaald": ("o", DARK, DARK), "lopend": ("o", WHITE, DARK), "vertraagd": ("X", INK, INK),
                    "over_datum": ("X", INK, INK), "vervallen": ("o", WHITE, MID), "open": ("?", INK, INK)}
_MOMENT_SHAPES = "sD^v"


def _month_ticks(low: float, high: float, room: float) -> list[dt.date]:
    """1 January and 1 July in the range; only January, or every few years, when the labels need the room."""
    first, last = dt.date.fromordinal(math.ceil(low)), dt.date.fromordinal(math.floor(high))
    label = text_width("jan 2027", SIZE) * 1.4
    ticks = [dt.date(y, m, 1) for y in range(first.year, last.year + 1) for m in (1, 7)
             if low <= dt.date(y, m, 1).toordinal() <= high]
    if len(ticks) * label > room:
        years = [t for t in ticks if t.month == 1]
        step = max(1, math.ceil(len(years) * label / room))
        ticks = years[::step]
    return ticks


def _timeline(data: dict[str, Any]) -> Scene:
    present = {m["state"] for m in data["milestones"]}
    entries_wanted = 3 + len(present & {"vervallen", "open"}) + len({m["moment"] for m in data["measurements"]})
    scene = Scene(_height(260 if entries_wanted <= 5 else 285))
    columns = _legend_columns(entries_wanted)
    names = {2.0: "Perioden", 1.0: "Mijlpalen", 0.0: "Metingen"}
    left = _label_room([(n, False) for n in names.values()])
    right = WIDTH - MARGIN - text_width("jan 2027", SIZE) / 2
    top = MARGIN
    bottom = scene.height - _legend_height(entries_wanted, columns) - TICK - PAD - SIZE * 1.2 - 4

    def y(value: float) -> float:  # from 2.9 at the top to -0.6 at the axis
        return top + (2.9 - value) / 3.5 * (bottom - top)

    days = [_day(data["today"])] + [_day(p[k]) for p in data["periods"] for k in ("start", "end")] + [
        _day(m["date"]) for m in data["milestones"] + data["measurements"]]
    low, high = min(days).toordinal(), max(days).toordinal()
    span = max(high - low, 1)
    # A margin on both sides, except before a bar that starts the route (the bar is the edge).
    starts_route = any(_day(p["start"]).toordinal() == low for p in data["periods"])
    low_x, high_x = low - (0 if starts_route else 0.05 * span), high + 0.05 * span

    def x(day: dt.date) -> float:
        return left + (day.toordinal() - low_x) / (high_x - low_x) * (right - left)

    ticks = _month_ticks(low_x, high_x, right - left)
    for tick in ticks:  # the grid, below everything
        scene.add(Line(x(tick), top, x(tick), bottom, PALE, AXIS))
    row_height = 0.5 / 3.5 * (bottom - top)
    for i, period in enumerate(data["periods"]):
        start, end = x(_day(period["start"])), x(_day(period["end"]))
        scene.box(start, y(2) - row_height / 2, end - start, row_height, (LIGHT, MID)[i % 2], INK, THIN,
                  hatch=("", "/")[i % 2], hatch_color=INK)
    for period in data["periods"]:  # labels over every bar, so a next bar never covers one
        scene.text(x(_day(period["start"]) + dt.timedelta(days=4)), y(2), period["label"], SMALL, INK,
                   background=WHITE, opacity=0.85)
    today = x(_day(data["today"]))
    scene.add(Line(today, top, today, bottom, INK, EDGE, DASH))
    for i, m in enumerate(data["milestones"]):
        kind, face, edge = _MILESTONE_LOOKS.get(m["state"], ("o", WHITE, DARK))
        at = x(_day(m["date"]))
        _marker(scene, kind, at, y(1), face, edge, 11.1)
        scene.text(at, y(1.28 if i % 2 == 0 else 0.66), str(m["n"]), TINY, INK, "middle")
    shapes: dict[str, str] = {}
    for m in data["measurements"]:
        kind = shapes.setdefault(m["moment"], _MOMENT_SHAPES[len(shapes) % 4])
        _marker(scene, kind, x(_day(m["date"])), y(0), LIGHT, INK, 9.7)
    scene.text(today, y(2.55) - SMALL * 0.45, f"stand {format_date(_day(data['today']))}", SMALL, INK, "middle",
               bold=True, background=WHITE)
    scene.add(Line(left, bottom, right, bottom, INK, AXIS))
    for tick in ticks:
        scene.add(Line(x(tick), bottom, x(tick), bottom + TICK, INK, AXIS))
        scene.text(x(tick), bottom + TICK + PAD + SIZE * 0.5, f"{MONTHS[tick.month - 1][:3]} {tick.year}", SIZE,
                   INK, "middle")
    _left_labels(scene, left, [(y(v), name, False) for v, name in names.items()])

    def marker(kind: str, face: str, edge: str, size: float = 9.7) -> Swatch:
        return lambda s, cx, cy: _marker(s, kind, cx, cy, face, edge, size)

    entries = [(marker(*_MILESTONE_LOOKS["gehaald"]), "mijlpaal gehaald"),
               (marker(*_MILESTONE_LOOKS["lopend"]), "mijlpaal lopend"),
               (marker(*_MILESTONE_LOOKS["vertraagd"]), "vertraagd of over datum")]
    for state, label in (("vervallen", "mijlpaal vervallen"), ("open", f"status {OPEN_LABEL.lower()}")):
        if state in present:
            entries.append((marker(*_MILESTONE_LOOKS[state]), label))
    entries += [(marker(kind, LIGHT, INK), moment.lower()) for moment, kind in shapes.items()]
    _legend(scene, entries, columns)
    return scene


# --- involvement per phase -----------------------------------------------------------------

_CELL_LOOKS = {"active": {"fill": DARK}, "passive": {"fill": PALE, "hatch": "/"}, "other": {"fill": WHITE},
               # open: dotted and dashed, unlike any answer, also in grey print
               "open": {"fill": WHITE, "hatch": ".", "stroke": MID, "dash": True}}


def _cell(scene: Scene, kind: str, x: float, y: float, w: float, h: float) -> None:
    look = _CELL_LOOKS[kind]
    stroke = look.get("stroke", INK)
    scene.box(x, y, w, h, look["fill"], stroke, THIN, hatch=look.get("hatch", ""), hatch_color=stroke,
              dash=DASH if look.get("dash") else None)


def _involvement(data: dict[str, Any]) -> Scene:
    rows, columns = data["rows"], data["columns"]
    kinds = ["active", "passive", "other"]
    if any(value is None for row in rows for value in row["cells"]):
        kinds.append("open")
    scene = Scene(_height(90 + 27 * max(len(rows), 1)))
    names = [_shorten(row["name"], 48) for row in rows]
    left = _label_room([(n, False) for n in names], ticks=False)
    right = WIDTH - MARGIN
    top = MARGIN + SIZE * 1.3 + PAD
    bottom = scene.height - _legend_height(len(kinds), len(kinds)) - 4
    width = (right - left) / max(len(columns), 1)
    height = (bottom - top) / max(len(rows), 1)
    for c, label in enumerate(columns):
        scene.text(left + (c + 0.5) * width, top - PAD - SIZE * 0.5, label, SIZE, INK, "middle")
    for r, row in enumerate(rows):
        for c, value in enumerate(row["cells"]):
            kind = ("open" if value is None else "active" if value == data["active"]
                    else "passive" if value == data["passive"] else "other")
            _cell(scene, kind, left + (c + 0.05) * width, top + (r + 0.1) * height, 0.9 * width, 0.8 * height)
    _left_labels(scene, left, [(top + (r + 0.5) * height, name, False) for r, name in enumerate(names)],
                 ticks=False)
    labels = {**data["labels"], "other": data["labels"]["other"] or "–"}

    def swatch(kind: str) -> Swatch:
        return lambda s, cx, cy: _cell(s, kind, cx - SWATCH / 2 + 1, cy - 4.5, SWATCH - 2, 9)

    _legend(scene, [(swatch(k), labels[k]) for k in kinds], len(kinds))
    return scene


# --- the continuum of support --------------------------------------------------------------


def _continuum(data: dict[str, Any]) -> Scene:
    levels = data["levels"]
    scene = Scene(_height(90 + 45 * max(len(levels), 1)))
    names = [_shorten(lv["label"], 40) for lv in levels]
    left = _label_room([(n, False) for n in names])
    right = WIDTH - MARGIN - text_width("100", SIZE) / 2
    top = MARGIN
    bottom = scene.height - _legend_height(2, 2) - TICK - PAD - SIZE * 1.2 - SIZE * 1.5 - 4
    step = (bottom - top) / max(len(levels), 1)

    def x(share: float) -> float:  # a share outside 0 to 100 (validation reports it) stays on the axis
        return left + min(max(share, 0), 100) / 100 * (right - left)

    for tick in range(0, 101, 20):
        scene.add(Line(x(tick), top, x(tick), bottom, PALE, AXIS))
    for i, level in enumerate(levels):
        middle = top + (i + 0.5) * step
        if level["national"]:
            low, high = level["national"]
            scene.box(x(low), middle - 0.3 * step, x(high) - x(low), 0.6 * step, PALE, MID, THIN, hatch="/",
                      hatch_color=MID)
        label_at = x((level["national"][1] if level["national"] else 0) + 1)
        if level["share"] is not None:
            scene.box(left, middle - 0.14 * step, x(level["share"]) - left, 0.28 * step, DARK)
            label_at = max(label_at, x(level["share"] + 1))
            scene.text(label_at, middle, f"{format_number(level['share'])}%", SMALL, INK, bold=True)
        else:  # no bar would read as 0%
            scene.text(label_at, middle, OPEN_LABEL.lower(), SMALL, MID)
    scene.add(Line(left, top, left, bottom, INK, AXIS), Line(left, bottom, right, bottom, INK, AXIS))
    for tick in range(0, 101, 20):
        scene.add(Line(x(tick), bottom, x(tick), bottom + TICK, INK, AXIS))
        scene.text(x(tick), bottom + TICK + PAD + SIZE * 0.5, str(tick), SIZE, INK, "middle")
    scene.text((left + right) / 2, bottom + TICK + PAD + SIZE * 1.2 + SIZE * 0.75, "procent van de kinderen", SIZE,
               INK, "middle")
    _left_labels(scene, left, [(top + (i + 0.5) * step, name, False) for i, name in enumerate(names)])
    _legend(scene, [(_patch(DARK, DARK), "schatting van de partners"),
                    (_patch(PALE, MID, hatch="/"), "landelijk (handreiking)")], 2)
    return scene


# --- the budget ----------------------------------------------------------------------------


# Rows of the budget figure that still fit one page of a Word document beside its caption
# (60 + 32 per row, in hundredths of an inch: 22 rows are 19,4 cm; an A4 page has about 24,7).
MAX_BUDGET_ROWS = 22


def budget_per_source(years: list[dict[str, Any]], one_off: list[Any]) -> bool:
    """Whether the money of each year fits one page per source: a heading and a gap row
    per year, a bar per source, and the one-off rows; else each year is one bar."""
    return sum(2 + len(y["sources"]) for y in years) + (len(one_off) + 1 if one_off else 0) <= MAX_BUDGET_ROWS


def budget_bars(data: dict[str, Any]) -> list[tuple[str, Any, str, str]]:
    """The rows of the budget figure: a heading row ("Per jaar", "Eenmalig"; colour "") above
    each kind of money, so that the two are never read as one sum. When the yearly money
    differs per year, a heading per year ("Jaarlijks geld in 2027") with the money each source
    brings that year and the year's gap; when that would not fit a page, one bar per year with
    all sources together (the table *Bedragen per bron* has each source's part)."""
    bars: list[tuple[str, Any, str, str]] = []
    years = data.get("years") or []  # the yearly money differs per year: each year apart
    if years and budget_per_source(years, data["one_off"]):
        for year in years:  # each source's money in each year
            bars.append((f"Jaarlijks geld in {year['year']}", None, "", ""))
            bars += [(s["label"], s["amount"], DARK, "") for s in year["sources"]]
            bars += [("Tekort", year["gap"], WHITE, "x")] if year["gap"] else []
    elif years:  # too many years and sources for one page: each year's money, all sources together
        bars.append(("Jaarlijks geld, alle bronnen samen", None, "", ""))
        for year in years:
            bars.append((str(year["year"]), year["amount"], DARK, ""))
            bars += [(f"Tekort in {year['year']}", year["gap"], WHITE, "x")] if year["gap"] else []
    elif data["yearly"] or data["gaps"] or data["covered"] is False:
        bars.append(("Per jaar", None, "", ""))
        bars += [(s["label"], s["amount"], DARK, "") for s in data["yearly"]]
        bars += [(f"Tekort in {g['year']}", g["amount"], WHITE, "x") for g in data["gaps"]]
    if not data["gaps"] and data["covered"] is False:  # not covered, by an amount still open: no bar (€ 0)
        bars += [("Dekking", None, "", "")] if years else []  # not inside the last year's group
        bars.append(("Nog niet gedekt", None, WHITE, ""))
    if data["one_off"]:
        bars.append(("Eenmalig", None, "", ""))
        bars += [(s["label"], s["amount"], LIGHT, "") for s in data["one_off"]]
    return bars


def _euro(amount: float) -> str:
    """Whole euros on a bar ('€ 60.000'), written as everywhere else in the plan."""
    return format_money(round(amount))


def _budget(data: dict[str, Any]) -> Scene:
    bars = budget_bars(data)
    rows = max(len(bars), 1)  # beyond a page's rows, closer together, down to a row per label
    scene = Scene(_height(60 + max(18 * rows, min(32 * rows, 32 * MAX_BUDGET_ROWS))))
    labels = [(_shorten(label, 48), not colour) for label, _amount, colour, _hatch in bars]
    left = _label_room(labels, ticks=False)
    right = WIDTH - MARGIN
    top, bottom = MARGIN, scene.height - MARGIN
    step = (bottom - top) / max(len(bars), 1)
    gap = 6.0
    # The scale leaves a quarter of room beyond the largest bar, and more when an amount needs it.
    room = right - left
    scale_top = max([max((b[1] or 0 for b in bars), default=1) * 1.25, 1.0] + [
        amount * room / max(room - gap - text_width(_euro(amount), SMALL), 1.0)
        for _label, amount, colour, _hatch in bars if colour and amount is not None])

    def x(amount: float) -> float:  # a negative amount (validation reports it) gets no bar
        return left + max(amount, 0) / scale_top * room

    for i, (_label, amount, colour, hatch) in enumerate(bars):
        middle = top + (i + 0.5) * step
        if not colour:  # a heading row
            continue
        if amount is None:  # an open amount, or a gap that does not follow from the lines yet
            what = "tekort" if colour == WHITE else "bedrag"
            scene.text(left + gap, middle, f"{what} {OPEN_LABEL.lower()}", SMALL, MID)
            continue
        scene.box(left, middle - 0.3 * step, x(amount) - left, 0.6 * step, colour, INK, THIN, hatch=hatch,
                  hatch_color=INK)
        scene.text(x(amount) + gap, middle, _euro(amount), SMALL, INK)
    scene.add(Line(left, top, left, bottom, INK, AXIS))
    _left_labels(scene, left, [(top + (i + 0.5) * step, label, bold) for i, (label, bold) in enumerate(labels)],
                 ticks=False)
    return scene


_LAYOUTS: dict[str, Callable[[dict[str, Any]], Scene]] = {
    "tijdlijn": _timeline, "betrokkenheid": _involvement, "continuum": _continuum, "begroting": _budget}
