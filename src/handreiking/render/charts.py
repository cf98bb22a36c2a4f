"""Pictures of the plan: the route on a time axis, involvement per phase, the
continuum of support and the budget.

Why this module exists: a steering group takes in a timeline or a bar faster
than a table. Each picture is described by plain data (:class:`Chart`, worked
out from the dashboard and the answers, with a text alternative) and drawn
with matplotlib into SVG (HTML) or PNG (DOCX). matplotlib takes longer to load
than a whole render, so it is imported only when a picture is really drawn,
and drawn pictures are kept in the user's cache as plain bytes, keyed by their
data: an unchanged picture is never drawn twice. The bytes are deterministic
(fixed SVG id salt, no dates or software versions in the metadata). Colours
differ in lightness and carry a pattern or shape as well, so the pictures work
printed in grey.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from handreiking.core.cache import cache_subdir
from handreiking.core.files import atomic_write
from handreiking.core.markdown_text import escape_markdown
from handreiking.core.values import (
    MONTHS,
    count,
    format_date,
    format_money,
    format_number,
    format_value,
    is_answered,
    parse_date,
)
from handreiking.core.values import format_money as money
from handreiking.insight.dashboard import gap_text, load_config
from handreiking.render.figures import FIGURE_SCHEME
from handreiking.render.library_config import import_matplotlib, matplotlib_defaults

# Dark to light, each far enough apart in lightness to stay distinct in grey.
INK, DARK, MID, LIGHT, PALE = "#1f2328", "#0b3d6b", "#4f7fb0", "#a9c3de", "#e6eef6"
# An unanswered part of a picture says so in words, as the documents do: never blank or zero,
# which would read as an answer ("niet betrokken", 0%).
OPEN_LABEL = "Nog in te vullen"


@dataclass(frozen=True)
class Chart:
    """One picture as data: what to draw and how to say it in words."""

    id: str
    title: str
    alt: str       # the text alternative: what the picture shows, in sentences
    data: str      # JSON of what to draw; also the cache key
    empty: bool = False  # nothing to draw yet: the document says so instead

    def markdown(self) -> str:
        """The Markdown that places this picture in a document."""

        if self.empty:
            return f"*{escape_markdown(self.title)}.* {escape_markdown(self.alt)}"
        title = self.title.replace('"', "'")
        return f'![{escape_markdown(self.alt)}]({FIGURE_SCHEME}{self.id} "{title}")'


# --- from the dashboard to chart data ------------------------------------------------


def build_charts(board: Any, catalog: Any, answer_set: Any, plan: Any, config: dict[str, Any] | None = None
                 ) -> dict[str, Chart]:
    """All pictures of a plan, as data (nothing is drawn here)."""

    if config is None:
        config = load_config()
    charts = [_timeline(board, answer_set, plan, config.get("tijdlijn") or {}),
              _involvement(catalog, answer_set, config.get("betrokkenheid") or {}),
              _continuum(catalog, answer_set, config.get("continuum") or {}),
              _budget(board)]
    return {c.id: c for c in charts}


def _chart(id: str, title: str, alt: str, data: dict[str, Any], empty: str = "") -> Chart:
    """``empty``: when set, there is nothing to draw yet and this sentence says when there will be."""
    return Chart(id, title, " ".join((empty or alt).split()),
                 json.dumps(data, sort_keys=True, ensure_ascii=False, default=str), bool(empty))


def _answer(name: str, answer_set: Any, plan: Any) -> Any:
    phase, _, key = str(name).partition(".")
    if phase == "plan":
        return getattr(plan.meta, key, None)
    try:
        return answer_set[phase].get(key)
    except KeyError:
        return None


def _timeline(board: Any, answer_set: Any, plan: Any, config: dict[str, Any]) -> Chart:
    periods = []
    for period in config.get("perioden") or ():
        start, end = (parse_date(_answer(period.get(k), answer_set, plan)) for k in ("van", "tot"))
        if start and end and start <= end:
            periods.append({"label": str(period.get("label", "")), "start": start, "end": end})
    # The dashboard counts an open status as still running; the picture shows it as open,
    # unless the date has passed (then it is over date, whatever the status will say).
    milestones = [{"n": i, "date": m.date, "label": m.status_label,
                   "state": "open" if not m.status and m.state == "lopend" else m.state}
                  for i, m in enumerate(board.milestones, start=1) if m.date]
    moments: dict[tuple[str, dt.date], list[str]] = {}
    for goal in board.goals:
        for m in (goal.latest, goal.next):
            if m and m.date:
                moments.setdefault((m.moment, m.date), []).append(goal.id)
    measurements = [{"moment": k[0], "date": k[1], "goals": sorted(set(v))} for k, v in sorted(moments.items(),
                                                                                                   key=lambda kv: kv[0][1])]
    data = {"periods": periods, "milestones": milestones, "measurements": measurements,
            "today": board.version_date}
    parts = [f"Tijdlijn van de route, met de stand op {format_date(board.version_date)}."]
    for p in periods:
        parts.append(f"{p['label']}: {format_date(p['start'])} tot {format_date(p['end'])}.")
    if milestones:
        done = sum(1 for m in milestones if m["state"] == "gehaald")
        late = [f"{m['n']} ({m['label'].lower()})" for m in milestones if m["state"] in ("vertraagd", "over_datum")]
        still_open = [str(m["n"]) for m in milestones if m["state"] == "open"]
        parts.append(f"{count(len(milestones), 'genummerde mijlpaal', 'genummerde mijlpalen')}, "
                     f"van {format_date(milestones[0]['date'])} tot {format_date(milestones[-1]['date'])}; {done} gehaald"
                     + (f"; aandacht nodig: mijlpaal {', '.join(late)}" if late else "")
                     + (f"; status {OPEN_LABEL.lower()}: mijlpaal {', '.join(still_open)}" if still_open else "")
                     + ".")
    if measurements:
        parts.append("Meetmomenten: " + "; ".join(f"{m['moment'].lower()} {format_date(m['date'])}"
                                                  for m in measurements) + ".")
    empty = "" if periods or milestones or measurements else (
        "De tijdlijn verschijnt zodra de uitvoering datums heeft: start en einde, mijlpalen of meetmomenten.")
    return _chart("tijdlijn", "Figuur: de route in de tijd", " ".join(parts), data, empty)


def _involvement(catalog: Any, answer_set: Any, config: dict[str, Any]) -> Chart:
    """The guide's involvement table. A cell nobody has answered yet is ``None`` in the data and
    gets a look of its own ("nog in te vullen"): drawn blank it would read as "niet betrokken",
    a real answer. With no cell answered at all there is nothing to show yet."""

    rows, columns, names = [], [], {}
    question = None
    if config.get("vraag"):
        phase, _, qid = config["vraag"].partition(".")
        questionnaire = catalog.get(phase)
        question = questionnaire.question(qid) if questionnaire else None
    if question is not None:
        columns = [{"field": f, "label": str(label)} for f, label in (config.get("fasen") or {}).items()
                   if question.field(f) is not None]
        first = question.field(columns[0]["field"]) if columns else None
        for choice in first.choices if first is not None else ():
            names[choice.value] = choice.label
        items = answer_set[phase].get(qid)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and item.get(config.get("naam")):
                rows.append({"name": " ".join(str(item[config["naam"]]).split()),
                             "cells": [_choice_value(item.get(c["field"]), names) for c in columns]})
    active, passive = config.get("actief"), config.get("passief")
    data = {"rows": rows, "columns": [c["label"] for c in columns], "active": active, "passive": passive,
            "labels": {"active": names.get(active, str(active)), "passive": names.get(passive, str(passive)),
                       "other": next((label for value, label in names.items() if value not in (active, passive)),
                                     ""),
                       "open": OPEN_LABEL}}
    parts = [f"Betrokkenheid van {count(len(rows), 'partij', 'partijen')} per fase."]
    for i, c in enumerate(columns):
        cells = [r["cells"][i] for r in rows]
        counts = [f"{sum(1 for v in cells if v == active)} {names.get(active, '').lower()}",
                  f"{sum(1 for v in cells if v == passive)} {names.get(passive, '').lower()}"]
        other = sum(1 for v in cells if v is not None and v not in (active, passive))
        if other:
            counts.append(f"{other} {data['labels']['other'].lower() or 'anders'}")
        if None in cells:
            counts.append(f"{cells.count(None)} {OPEN_LABEL.lower()}")
        parts.append(f"{c['label']}: {', '.join(counts)}.")
    answered = any(v is not None for r in rows for v in r["cells"])
    empty = "" if answered else "De figuur verschijnt zodra de partijen met hun betrokkenheid per fase zijn ingevuld."
    return _chart("betrokkenheid", "Figuur: betrokkenheid per fase", " ".join(parts), data, empty)


def _choice_value(value: Any, choices: dict[str, str]) -> str | None:
    """The chosen value, or ``None`` while the cell is open (or holds no known choice, which
    validation reports): an open cell must never be drawn as an answer."""

    value = str(value).strip() if is_answered(value) else ""
    return value if value in choices else None


_RANGE = re.compile(r"(\d+(?:[.,]\d+)?)\s*tot\s*(\d+(?:[.,]\d+)?)\s*procent")


def national_range(help_text: str) -> tuple[float, float] | None:
    """The national figures the help quotes, e.g. '… ongeveer 80 tot 90 procent' → (80, 90)."""
    match = _RANGE.search(help_text or "")
    if not match:
        return None
    return tuple(float(x.replace(",", ".")) for x in match.groups())  # type: ignore[return-value]


def _continuum(catalog: Any, answer_set: Any, config: dict[str, Any]) -> Chart:
    levels = []
    for level in config.get("niveaus") or ():
        phase, _, qid = str(level.get("vraag", "")).partition(".")
        questionnaire = catalog.get(phase)
        question = questionnaire.question(qid) if questionnaire else None
        if question is None:
            continue
        value = answer_set[phase].get(qid)
        share = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        levels.append({"label": str(level.get("label") or question.text), "share": share,
                       "national": national_range(question.help)})
    parts = ["Continuüm van ondersteuning: het deel van de kinderen per niveau dat de partners verwachten,"
             " naast de landelijke cijfers uit de handreiking."]
    for lv in levels:
        ours = f"{format_value(lv['share'])}%" if lv["share"] is not None else OPEN_LABEL.lower()
        national = (f"landelijk {format_value(lv['national'][0])} tot {format_value(lv['national'][1])}%"
                    if lv["national"] else "geen landelijk cijfer")
        parts.append(f"{lv['label']}: {ours} ({national}).")
    empty = "" if any(lv["share"] is not None for lv in levels) else (
        "De figuur verschijnt zodra de partners het aandeel kinderen per niveau hebben geschat.")
    return _chart("continuum", "Figuur: het continuüm van ondersteuning", " ".join(parts), {"levels": levels}, empty)


def _budget(board: Any) -> Chart:
    """The budget per source: yearly money and one-off money as separate bars (never one
    total), and the gap of every year in which the yearly cover falls short."""

    budget = board.budget
    yearly = [{"label": label, "amount": amount} for label, amount in (budget.yearly_by_source if budget else ())]
    one_off = [{"label": label, "amount": amount} for label, amount in (budget.one_off_by_source if budget else ())]
    gaps = [{"year": y.year, "amount": y.gap} for y in (budget.gap_years if budget else ())]
    data = {"yearly": yearly, "one_off": one_off, "gaps": gaps, "covered": budget.covered if budget else None,
            "extra": budget.ledger.extra_costs if budget else None}
    if budget is None:
        alt = "Er is nog geen begroting ingevuld."
    else:
        parts = []
        if yearly:
            parts.append(f"Per jaar {money(budget.yearly)}: " + "; ".join(f"{s['label']} {money(s['amount'])}"
                                                                        for s in yearly) + ".")
        if one_off:
            parts.append(f"Eenmalig {money(budget.one_off)}: " + "; ".join(f"{s['label']} {money(s['amount'])}"
                                                                         for s in one_off) + ".")
        if gaps:
            parts.append("Nog niet gedekt: " + gap_text(budget.gap_years) + ".")
        elif budget.covered:
            parts.append("De begroting is dekkend.")
        elif budget.covered is False:
            parts.append("De begroting is niet dekkend; het tekort volgt nog niet uit de posten.")
        else:
            parts.append("Of de begroting dekkend is, is nog in te vullen.")
        alt = "Begroting per bron. " + " ".join(parts)
    empty = "" if yearly or one_off else "De figuur verschijnt zodra de begroting posten met een bedrag heeft."
    return _chart("begroting", "Figuur: de begroting per bron, per jaar en eenmalig", alt, data, empty)


# --- drawing ------------------------------------------------------------------------------


PICTURE_FORMATS = ("svg", "png")
KEPT_VERSIONS = 8  # per picture: going back and forth between answers draws nothing again


def picture(chart: Chart, fmt: str) -> bytes:
    """The picture as SVG or PNG bytes, from the user's cache when it was drawn before."""
    paths = _cache_paths(chart)
    if paths:
        try:
            return paths[fmt].read_bytes()
        except OSError:
            pass
    return pictures(chart)[fmt]


def pictures(chart: Chart) -> dict[str, bytes]:
    """The picture in every format, drawn at once (the layout is worked out once) unless
    the cache has it; the cache keeps the latest versions of each picture."""
    paths = _cache_paths(chart)
    if paths:
        try:
            return {kind: path.read_bytes() for kind, path in paths.items()}
        except OSError:
            pass
    blobs = draw(chart)
    if paths:
        try:
            for kind, path in paths.items():
                atomic_write(path, blobs[kind])
                versions = sorted(path.parent.glob(f"{chart.id}-*.{kind}"), key=lambda p: p.stat().st_mtime_ns)
                for old in versions[:-KEPT_VERSIONS]:
                    old.unlink(missing_ok=True)
        except Exception:
            pass
    return blobs


def _cache_paths(chart: Chart) -> dict[str, Path]:
    folder = cache_subdir("figuren")
    if folder is None:
        return {}
    paths = {}
    for kind in PICTURE_FORMATS:
        key = hashlib.sha256("\0".join((chart.id, chart.data, kind, _engine_stamp())).encode()).hexdigest()
        paths[kind] = folder / f"{chart.id}-{key[:32]}.{kind}"
    return paths


@lru_cache(maxsize=1)
def _engine_stamp() -> str:
    """This module's code and the installed matplotlib: a new version draws again.

    matplotlib is found, not imported, and its version file is read as it is: asking
    ``importlib.metadata`` for the version took 40 ms, more than the rest of a render's
    picture bookkeeping."""
    import importlib.util

    stamp = hashlib.sha256(Path(__file__).read_bytes())
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin:
        package = Path(spec.origin).parent
        for name in ("_version.py", "__init__.py"):
            try:
                stamp.update(name.encode() + b"\0" + (package / name).read_bytes())
            except OSError:
                stamp.update(name.encode() + b"\0-")
    return stamp.hexdigest()


def draw(chart: Chart) -> dict[str, bytes]:
    """Draw ``chart`` with matplotlib (loaded here, only when a picture is drawn), as SVG
    and as PNG; deterministic bytes: fixed id salt, no dates or versions in the files."""
    import io


    matplotlib = import_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    data = json.loads(chart.data)
    style = {"svg.hashsalt": f"handreiking-{chart.id}", "svg.fonttype": "none", "font.family": "DejaVu Sans",
             "font.size": 9, "axes.edgecolor": INK, "axes.labelcolor": INK, "xtick.color": INK,
             "ytick.color": INK, "text.color": INK, "hatch.linewidth": 0.8, "path.simplify": False,
             "text.parse_math": False}  # '$…$' in a name is text, not a formula
    with matplotlib.rc_context(matplotlib_defaults(**style)):  # no matplotlibrc decides (library_config)
        figure = Figure(figsize=(7.2, _HEIGHTS[chart.id](data)), dpi=100, layout="constrained")
        _DRAWERS[chart.id](figure, data)
        svg, png = io.BytesIO(), io.BytesIO()
        FigureCanvasSVG(figure).print_svg(svg, metadata={"Date": None, "Creator": None, "Format": None,
                                                         "Type": None})
        figure.set_layout_engine("none")  # keep the layout just worked out
        figure.set_dpi(150)
        FigureCanvasAgg(figure).print_png(png, metadata={"Software": None})
    return {"svg": svg.getvalue(), "png": png.getvalue()}


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(str(text)[:10])


def _draw_timeline(figure: Any, data: dict[str, Any]) -> None:
    import matplotlib.dates as mdates


    ax = figure.add_subplot()
    rows = {"periods": 2.0, "milestones": 1.0, "measurements": 0.0}
    for i, period in enumerate(data["periods"]):
        start, end = _date(period["start"]), _date(period["end"])
        ax.barh(rows["periods"], (end - start).days, left=mdates.date2num(start), height=0.5,
                color=(LIGHT, MID)[i % 2], edgecolor=INK, hatch=("", "//")[i % 2], linewidth=0.6)
        ax.text(mdates.date2num(start) + 4, rows["periods"], period["label"], va="center", ha="left", fontsize=8,
                color=INK, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.85})
    styles = {"gehaald": ("o", DARK, DARK), "lopend": ("o", "white", DARK), "vertraagd": ("X", INK, INK),
              "over_datum": ("X", INK, INK), "vervallen": ("o", "white", MID), "open": ("$?$", INK, INK)}
    for i, m in enumerate(data["milestones"]):
        marker, face, edge = styles.get(m["state"], ("o", "white", DARK))
        x = mdates.date2num(_date(m["date"]))
        ax.plot([x], [rows["milestones"]], marker=marker, markersize=8, markerfacecolor=face,
                markeredgecolor=edge, linestyle="none")
        ax.text(x, rows["milestones"] + (0.28 if i % 2 == 0 else -0.34), str(m["n"]), ha="center", va="center",
                fontsize=7)
    shapes = {}
    for m in data["measurements"]:
        marker = shapes.setdefault(m["moment"], "sD^v"[len(shapes) % 4])
        ax.plot([mdates.date2num(_date(m["date"]))], [rows["measurements"]], marker=marker, markersize=7,
                markerfacecolor=LIGHT, markeredgecolor=INK, linestyle="none", label=m["moment"])
    today = mdates.date2num(_date(data["today"]))
    ax.axvline(today, color=INK, linestyle="--", linewidth=1)
    ax.text(today, 2.55, f"stand {format_date(_date(data['today']))}", ha="center", va="bottom",
            fontsize=8, fontweight="bold", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_yticks(list(rows.values()), ["Perioden", "Mijlpalen", "Metingen"])
    ax.set_ylim(-0.6, 2.9)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(_MonthFormatter())
    ax.grid(axis="x", color=PALE, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    handles = [ax.plot([], [], marker=mk, markersize=7, markerfacecolor=fc, markeredgecolor=ec, linestyle="none")[0]
               for mk, fc, ec in (styles["gehaald"], styles["lopend"], styles["vertraagd"])]
    labels = ["mijlpaal gehaald", "mijlpaal lopend", "vertraagd of over datum"]
    present = {m["state"] for m in data["milestones"]}
    for state, label in (("vervallen", "mijlpaal vervallen"), ("open", f"status {OPEN_LABEL.lower()}")):
        if state in present:
            mk, fc, ec = styles[state]
            handles.append(ax.plot([], [], marker=mk, markersize=7, markerfacecolor=fc, markeredgecolor=ec,
                                   linestyle="none")[0])
            labels.append(label)
    for moment, marker in shapes.items():
        handles.append(ax.plot([], [], marker=marker, markersize=7, markerfacecolor=LIGHT, markeredgecolor=INK,
                               linestyle="none")[0])
        labels.append(moment.lower())
    figure.legend(handles, labels, loc="outside lower center", ncols=_legend_columns(len(labels)), frameon=False,
                  fontsize=8)


def _legend_columns(entries: int) -> int:
    """One row holds five entries across the page; more go in two rows."""
    return entries if entries <= 5 else -(-entries // 2)


def _timeline_height(data: dict[str, Any]) -> float:
    """Room for a second legend row when the states and moments need more than five entries."""
    entries = 3 + len({m["state"] for m in data["milestones"]} & {"vervallen", "open"}) + len(
        {m["moment"] for m in data["measurements"]})
    return 2.6 if entries <= 5 else 2.85


class _MonthFormatter:
    """Axis dates in Dutch ('jan 2027'), independent of the machine's locale."""

    def __new__(cls) -> Any:
        import matplotlib.dates as mdates
        from matplotlib.ticker import FuncFormatter


        def label(x: float, _pos: Any) -> str:
            day = mdates.num2date(x)
            return f"{MONTHS[day.month - 1][:3]} {day.year}"

        return FuncFormatter(label)


def _draw_involvement(figure: Any, data: dict[str, Any]) -> None:
    from matplotlib.patches import Patch, Rectangle

    ax = figure.add_subplot()
    rows, columns = data["rows"], data["columns"]
    looks = {"active": {"facecolor": DARK}, "passive": {"facecolor": PALE, "hatch": "///"},
             "other": {"facecolor": "white"},
             # open: dotted and dashed, unlike any answer, also in grey print
             "open": {"facecolor": "white", "hatch": "..", "edgecolor": MID, "linestyle": "--"}}
    for r, row in enumerate(rows):
        for c, value in enumerate(row["cells"]):
            kind = ("open" if value is None else "active" if value == data["active"]
                    else "passive" if value == data["passive"] else "other")
            ax.add_patch(Rectangle((c + 0.05, r + 0.1), 0.9, 0.8, **{"edgecolor": INK, **looks[kind]},
                                   linewidth=0.6))
    ax.set_xlim(0, max(len(columns), 1))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks([c + 0.5 for c in range(len(columns))], columns)
    ax.xaxis.tick_top()
    ax.set_yticks([r + 0.5 for r in range(len(rows))], [_shorten(row["name"], 48) for row in rows])
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    kinds = ["active", "passive", "other"]
    if any(value is None for row in rows for value in row["cells"]):
        kinds.append("open")
    labels = {**data["labels"], "other": data["labels"]["other"] or "–"}
    figure.legend([Patch(**{"edgecolor": INK, **looks[k]}) for k in kinds], [labels[k] for k in kinds],
                  loc="outside lower center", ncols=len(kinds), frameon=False, fontsize=8)


def _draw_continuum(figure: Any, data: dict[str, Any]) -> None:
    ax = figure.add_subplot()
    levels = data["levels"]
    for i, level in enumerate(levels):
        if level["national"]:
            low, high = level["national"]
            ax.barh(i, high - low, left=low, height=0.6, color=PALE, edgecolor=MID, hatch="///", linewidth=0.6)
        if level["share"] is not None:
            ax.barh(i, level["share"], height=0.28, color=DARK)
            right = max(level["share"], level["national"][1] if level["national"] else 0)
            ax.text(right + 1, i, f"{format_number(level['share'])}%", va="center", fontsize=8, fontweight="bold")
        else:  # no bar would read as 0%
            right = level["national"][1] if level["national"] else 0
            ax.text(right + 1, i, OPEN_LABEL.lower(), va="center", fontsize=8, fontstyle="italic", color=MID)
    ax.set_yticks(range(len(levels)), [_shorten(lv["label"], 40) for lv in levels])
    ax.set_ylim(len(levels) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("procent van de kinderen")
    ax.grid(axis="x", color=PALE, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    from matplotlib.patches import Patch

    figure.legend([Patch(facecolor=DARK), Patch(facecolor=PALE, edgecolor=MID, hatch="///")],
                  ["schatting van de partners", "landelijk (handreiking)"], loc="outside lower center", ncols=2,
                  frameon=False, fontsize=8)


def _budget_bars(data: dict[str, Any]) -> list[tuple[str, Any, str, str]]:
    """The rows of the budget figure: a heading row ("Per jaar", "Eenmalig"; colour "") above
    each kind of money, so that the two are never read as one sum."""
    bars: list[tuple[str, Any, str, str]] = []
    if data["yearly"] or data["gaps"] or data["covered"] is False:
        bars.append(("Per jaar", None, "", ""))
        bars += [(s["label"], s["amount"], DARK, "") for s in data["yearly"]]
        bars += [(f"Tekort in {g['year']}", g["amount"], "white", "xxx") for g in data["gaps"]]
        if not data["gaps"] and data["covered"] is False:  # not covered, by an amount still open: no bar (€ 0)
            bars.append(("Nog niet gedekt", None, "white", ""))
    if data["one_off"]:
        bars.append(("Eenmalig", None, "", ""))
        bars += [(s["label"], s["amount"], LIGHT, "") for s in data["one_off"]]
    return bars


def _draw_budget(figure: Any, data: dict[str, Any]) -> None:
    ax = figure.add_subplot()
    bars = _budget_bars(data)
    for i, (_label, amount, colour, hatch) in enumerate(bars):
        if not colour:  # a heading row
            continue
        if amount is None:
            ax.text(0, i, f"  bedrag {OPEN_LABEL.lower()}", va="center", fontsize=8, fontstyle="italic", color=MID)
            continue
        ax.barh(i, amount, color=colour, edgecolor=INK, hatch=hatch, linewidth=0.6, height=0.6)
        ax.text(amount, i, f"  {_euro(amount)}", va="center", fontsize=8)
    ax.set_yticks(range(len(bars)), [_shorten(b[0], 48) for b in bars])
    for tick, bar in zip(ax.get_yticklabels(), bars):
        if not bar[2]:
            tick.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(bars) - 0.5, -0.5)
    top = max((b[1] or 0 for b in bars), default=1)
    ax.set_xlim(0, max(top, 1) * 1.25)
    ax.set_xticks([])  # every bar carries its amount
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)


def _euro(amount: float) -> str:
    """Whole euros on a bar ('€ 60.000'), written as everywhere else in the plan."""

    return format_money(round(amount))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_DRAWERS = {"tijdlijn": _draw_timeline, "betrokkenheid": _draw_involvement, "continuum": _draw_continuum,
            "begroting": _draw_budget}
_HEIGHTS = {"tijdlijn": _timeline_height, "betrokkenheid": lambda d: 0.9 + 0.27 * max(len(d["rows"]), 1),
            "continuum": lambda d: 0.9 + 0.45 * max(len(d["levels"]), 1),
            "begroting": lambda d: 0.6 + 0.32 * max(len(_budget_bars(d)), 1)}
