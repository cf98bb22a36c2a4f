"""Pictures of the plan: the route on a time axis, involvement per phase, the
continuum of support and the budget.

Why this module exists: a steering group takes in a timeline or a bar faster
than a table. Each picture is described by plain data (:class:`Chart`, worked
out from the dashboard and the answers, with a text alternative), laid out once
as shapes (:mod:`handreiking.render.chart_drawing`) and written as SVG for HTML
and PDF (:mod:`handreiking.render.svg_out`) and as PNG for Word
(:mod:`handreiking.render.png_out`). The bytes are deterministic: the same data
gives the same SVG and PNG on every supported Python.

No plotting library and no picture cache: drawing the four pictures in both
formats takes about 0,3 s, and keeping drawn pictures (in the user's cache folder,
or in memory for the live view) gained less than 25 % on the render each was for
(README, "Snelheid").
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from handreiking.core.markdown_text import escape_markdown
from handreiking.core.values import count, format_date, format_value, is_answered, parse_date
from handreiking.core.values import format_money as money
from handreiking.insight.dashboard import gap_text, load_config
from handreiking.render.chart_drawing import OPEN_LABEL, budget_per_source, layout
from handreiking.render.figures import FIGURE_SCHEME
from handreiking.render.png_out import png
from handreiking.render.svg_out import svg


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
        shown = "; ".join(f"{m['moment'].lower()} {format_date(m['date'])}" for m in measurements)
        parts.append(f"Metingen, per doel de laatste die gedaan is en de volgende die gepland staat: {shown}.")
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


def _budget_years(budget: Any) -> list[dict[str, Any]]:
    """When the years differ (a line starts in September, temporary money stops), the money of
    each year apart, a source's full yearly amount being no year's money: per year of the
    execution and per year with a gap, its yearly money, each source's part (largest first)
    and its gap. A year without money or gap (the extra costs have not started) is left out."""
    gaps = {y.year: y.gap for y in budget.gap_years}
    years = []
    for year in sorted({year for year, _ in budget.ledger.yearly_by_year} | set(gaps)):
        in_year = budget.ledger.sources_in(year)
        if in_year or gaps.get(year):
            years.append({"year": year, "amount": budget.ledger.yearly_in(year), "gap": gaps.get(year, 0.0),
                          "sources": [{"label": label, "amount": amount} for label, amount in in_year.items()]})
    return years


def _budget(board: Any) -> Chart:
    """The budget per source: yearly money and one-off money as separate bars (never one
    total), and the gap of every year in which the yearly cover falls short."""

    budget = board.budget
    yearly = [{"label": label, "amount": amount} for label, amount in (budget.yearly_by_source if budget else ())]
    one_off = [{"label": label, "amount": amount} for label, amount in (budget.one_off_by_source if budget else ())]
    gaps = [{"year": y.year, "amount": y.gap} for y in (budget.gap_years if budget else ())]
    years = _budget_years(budget) if budget and budget.ledger.varies_by_year else []
    data = {"yearly": yearly, "years": years, "one_off": one_off, "gaps": gaps,
            "covered": budget.covered if budget else None, "extra": budget.ledger.extra_costs if budget else None}
    per_source = not years or budget_per_source(years, one_off)  # else one bar per year (too many rows)
    if budget is None:
        alt = "Er is nog geen begroting ingevuld."
    else:
        parts = []
        if years:
            parts += [f"In {y['year']} {money(y['amount'])} jaarlijks geld" + (": " if y["sources"] else "") +
                      "; ".join(f"{s['label']} {money(s['amount'])}" for s in y["sources"]) + "." for y in years]
        elif yearly:
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
        alt = ("Begroting per bron. " if per_source else "Begroting per jaar, alle bronnen samen. ") + " ".join(parts)
    empty = "" if yearly or one_off else "De figuur verschijnt zodra de begroting posten met een bedrag heeft."
    title = ("Figuur: de begroting per bron, per jaar en eenmalig" if per_source
             else "Figuur: de begroting per jaar (alle bronnen samen) en eenmalig")
    return _chart("begroting", title, alt, data, empty)


# --- drawing ------------------------------------------------------------------------------


def picture(chart: Chart, fmt: str) -> bytes:
    """The picture as SVG (``fmt`` "svg") or PNG bytes, drawn now: nothing is kept, in memory
    or on disk, because drawing is cheap (see the module text)."""
    scene = layout(chart.id, json.loads(chart.data))
    return svg(scene, chart.title, chart.alt) if fmt == "svg" else png(scene)


def draw(chart: Chart) -> dict[str, bytes]:
    """Draw ``chart`` as SVG and as PNG, from one layout (:mod:`handreiking.render.chart_drawing`)."""
    scene = layout(chart.id, json.loads(chart.data))
    return {"svg": svg(scene, chart.title, chart.alt), "png": png(scene)}
