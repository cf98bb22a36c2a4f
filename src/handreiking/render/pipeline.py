"""Templates → Markdown → HTML and DOCX, written only when changed.

The data path is straight: validated answers → template context → one
Markdown text per document → one parse → HTML and DOCX. Templates run in
Jinja's sandbox with ``StrictUndefined``; answers only ever enter as context
values, never as template source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from handreiking.core.errors import TemplateError
from handreiking.core.gate import (
    DOCX_LIMIT,
    TEMPLATE_LIMIT,
    PlanFileError,
    check_unpacked,
    check_write_target,
    read_plan_bytes,
    write_plan_file_if_changed,
)
from handreiking.git.history import change_log
from handreiking.insight.advice import plan_advice
from handreiking.insight.dashboard import build_dashboard
from handreiking.plan.answers import AnswerSet
from handreiking.plan.director import director_name
from handreiking.plan.documents import DEFAULT_FORMATS, DocumentSpec, load_documents
from handreiking.plan.folder import Plan
from handreiking.questionnaire.catalog import Catalog
from handreiking.render.charts import build_charts, picture
from handreiking.render.context import Markdown, build_context, document_standing
from handreiking.render.docx import prepare_base, render_docx
from handreiking.render.document_templates import make_environment
from handreiking.render.figures import FIGURE_SCHEME
from handreiking.render.fingerprints import input_fingerprints
from handreiking.render.freshness import digest, file_digest, is_current, read_state, recorded_files, write_state
from handreiking.render.html import FONT_FAMILY, PALETTE, render_html
from handreiking.render.markdown import parse_markdown
from handreiking.render.overview_html import OVERVIEW_CSS
from handreiking.render.pdf import ensure_pdf_support, folders_inside, render_pdf
from handreiking.render.template_limits import TemplateLimitReached


@dataclass
class RenderResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)  # with check=True: out of date
    created: list[Path] = field(default_factory=list)  # of ``written``: the files that did not exist yet

    def written_lines(self, show: Callable[[Path], str]) -> list[str]:
        """"Gemaakt: …" for a new file, "Bijgewerkt: …" for one that changed: one wording for
        ``render`` and the wizard, so a first render does not claim to update anything."""
        return [f"{'Gemaakt' if path in self.created else 'Bijgewerkt'}: {show(path)}" for path in self.written]


def document_context(spec: DocumentSpec, context: dict[str, Any]) -> dict[str, Any]:
    """What a template knows about the document it makes: title, purpose, and where it
    stands (from the questions its ``vaststelling`` names; by default a concept of the
    plan's version), as the list of all documents has it."""
    own = next(d for d in context["documenten"] if d["id"] == spec.id)
    return {key: own[key] for key in ("id", "titel", "omschrijving", "status", "datum", "vastgesteld_door",
                                      "statusregel")}


def render_markdown(env: Any, spec: DocumentSpec, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError as JinjaTemplateError
    from jinja2 import TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError


    try:
        template = env.get_template(spec.template)
        text = env.render_limited(template, context | {"document": document_context(spec, context)})
    except TemplateLimitReached as exc:
        raise TemplateError(f"{exc.what}; de documenten zijn niet gemaakt",
                            hint="maak de lussen in het eigen sjabloon (sjablonen/) kleiner",
                            **_template_location(exc)) from None
    except TemplateNotFound as exc:
        if exc.name == spec.template:
            raise TemplateError(f"het sjabloon '{spec.template}' van document '{spec.id}' is niet gevonden") from None
        # an include/import/extends inside a template: name what it asked for, and where
        raise TemplateError(f"het sjabloon vraagt om '{exc.name}', maar dat sjabloon is er niet (een sjabloon "
                            "gebruikt alleen andere sjablonen uit sjablonen/ of die van handreiking zelf)",
                            **_template_location(exc)) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(f"fout in het sjabloon: {exc.message}", path=exc.filename, line=exc.lineno) from None
    except SecurityError as exc:
        match = re.search(r"attribute '([^']+)'", str(exc))
        what = f"toegang tot '{match.group(1)}'" if match else "een afgeschermde bewerking"
        raise TemplateError(f"het sjabloon probeert iets wat niet mag: {what}. Sjablonen draaien afgeschermd.",
                            **_template_location(exc)) from None
    except UndefinedError as exc:
        raise TemplateError(f"het sjabloon gebruikt een onbekende naam ({exc.message})",
                            **_template_location(exc)) from None
    except (JinjaTemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        # Python's own words are English: say in Dutch what kind of thing went wrong, and whose it is
        location = _template_location(exc)
        own = "sjablonen" in Path(str(location.get("path", ""))).parts
        what = _WHAT_WENT_WRONG.get(type(exc), "een bewerking die niet lukte")
        what = str(exc) if isinstance(exc, TemplateMisuse) else what
        raise TemplateError(
            f"het sjabloon kon niet worden gemaakt: {what}",
            hint="kijk in het eigen sjabloon op deze regel" if own else
                 "dit is een fout in handreiking zelf; meld hem graag, met dit bericht en het antwoordbestand",
            **location) from None
    return text.strip() + "\n"


class TemplateMisuse(ValueError):
    """A function handreiking gives templates (``figuur``) used wrongly: its Dutch message is
    for the template's author, and is shown as it is."""


_WHAT_WENT_WRONG = {
    TypeError: "een bewerking met een waarde van een soort die daar niet past (bijvoorbeeld een open antwoord)",
    ValueError: "een waarde die daar niet past",
    AttributeError: "een onderdeel van een waarde dat er niet is",
    KeyError: "een sleutel die er niet is",
    IndexError: "een plaats in een lijst die er niet is",
}


def _template_location(exc: BaseException) -> dict[str, Any]:
    """Find the template file and line in a rendering traceback."""
    tb = exc.__traceback__
    location: dict[str, Any] = {}
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            location = {"path": filename, "line": tb.tb_lineno}
        tb = tb.tb_next
    return location


HOUSE_STYLE_DOCX = "huisstijl.docx"
HOUSE_STYLE_CSS = "huisstijl.css"


def house_style(plan: Plan) -> tuple[bytes | None, str]:
    """The plan's own house style, if any: ``sjablonen/huisstijl.docx`` (a reference document
    for every DOCX) and ``sjablonen/huisstijl.css`` (added to every HTML page and PDF)."""

    docx_path, css_path = plan.templates_dir / HOUSE_STYLE_DOCX, plan.templates_dir / HOUSE_STYLE_CSS
    found: list[bytes | None] = []
    for path, limit in ((docx_path, DOCX_LIMIT), (css_path, TEMPLATE_LIMIT)):
        try:
            data = read_plan_bytes(path, inside=plan.root, limit=limit, what=f"de huisstijl ({path.name})")
            if path == docx_path:
                check_unpacked(path, data, what=f"de huisstijl ({path.name})")
            found.append(data)
        except FileNotFoundError:
            found.append(None)
        except PlanFileError as exc:
            raise TemplateError(exc.message, path=path, hint=exc.hint) from None
        except OSError as exc:
            raise TemplateError(f"de huisstijl kan niet gelezen worden ({exc.strerror})", path=path) from None
    reference, css_bytes = found
    try:
        css = css_bytes.decode("utf-8") if css_bytes is not None else ""
    except UnicodeDecodeError:
        raise TemplateError("de huisstijl is geen UTF-8-tekst; sla het bestand op als UTF-8", path=css_path) from None
    return reference, css


def check_house_style(plan: Plan) -> None:
    """Refuse a house-style document Word could not open, before anything is written."""
    reference, _ = house_style(plan)
    if reference is None:
        return

    try:
        prepare_base(reference)
    except Exception as exc:  # not a zip, not a Word document, a broken part: all the same to the user
        raise TemplateError(f"dit is geen bruikbaar Word-document ({type(exc).__name__})",
                            path=plan.templates_dir / HOUSE_STYLE_DOCX,
                            hint="sla het opnieuw op als .docx in Word, of begin opnieuw met: "
                                 "handreiking huisstijl --overschrijf") from None


def default_house_style_css() -> str:
    """A start for ``sjablonen/huisstijl.css``: the rules a municipality most often changes."""

    return f"""/* Huisstijl voor de HTML-pagina's en de PDF's van het plan.
   handreiking zet deze regels na de eigen opmaak, dus wat hier staat, gaat voor.
   Pas de kleuren en lettertypen aan; een regel weghalen zet de standaard terug.
   Houd tekst goed leesbaar: minstens 4,5:1 contrast met de achtergrond. */

body {{
  font-family: {FONT_FAMILY};
  color: {PALETTE["text"]};
}}

h1, h2, h3, h4 {{
  color: {PALETTE["heading"]};
}}

h1 {{
  border-bottom-color: {PALETTE["heading"]};
}}

a {{
  color: {PALETTE["link"]};
}}

th {{
  background: {PALETTE["table_header_bg"]};
}}

/* Een logo op elke afgedrukte pagina (het bestand naast dit stijlblad kan niet: een
   pagina laadt niets van buiten). Een voorbeeld met een tekst in plaats van een logo:
@page {{ @top-left {{ content: "Gemeente Voorbeeld"; font-size: 8.5pt; }} }}
*/
"""


def render_outputs(plan: Plan, spec: DocumentSpec, markdown_text: str, formats: tuple[str, ...],
                   navigation: tuple[tuple[str, str], ...] = (),
                   pictures: dict[str, dict[str, bytes]] | None = None, author: str = "") -> dict[str, bytes]:
    """All requested formats of one document, from a single Markdown parse. ``navigation``
    lists the plan's HTML pages as ``(file name, title)`` for the bar atop each page and the
    links between them (Word files name the other documents in text, see ``render_docx``).
    ``pictures`` are the drawn pictures the document places, per format ("svg", "png") and id.
    ``author``: the regisseur's name as answered (``plan.director``); else the gemeente."""
    outputs: dict[str, bytes] = {}
    if "md" in formats:
        outputs["md"] = _figures_as_text(markdown_text).encode("utf-8")
    if any(f in formats for f in ("html", "docx", "pdf")):
        parsed = parse_markdown(markdown_text)
        meta = plan.meta
        title = f"{spec.title} — {meta.titel}"
        reference, css = house_style(plan)
        if "html" in formats or "pdf" in formats:
            page = render_html(parsed, title=title, navigation=navigation, running_title=title, stylesheet=css,
                               author=author or meta.gemeente,
                               created=meta.startdatum or meta.document_date, modified=meta.document_date,
                               figures=(pictures or {}).get("svg"), extra_css=_page_style(spec),
                               collapsible=spec.style == "overzicht")
            if "html" in formats:
                outputs["html"] = page.encode("utf-8")
            if "pdf" in formats:
                outputs["pdf"] = render_pdf(page, folders=folders_inside(plan.root, plan.templates_dir))
        if "docx" in formats:
            outputs["docx"] = render_docx(
                parsed,
                title=title,
                author=author or meta.gemeente or "handreiking",
                created=meta.startdatum or meta.document_date,
                modified=meta.document_date,
                subject=spec.description,
                keywords=", ".join(x for x in ("inclusieve kinderopvang", meta.gemeente) if x),
                reference=reference,
                figures=(pictures or {}).get("png"),
            )
    return outputs


PICTURE_FORMATS = {"html": "svg", "pdf": "svg", "docx": "png"}


def _fill_in_and_convert(plan: Plan, catalog: Catalog, answer_set: AnswerSet, specs: tuple[DocumentSpec, ...],
                         todo: list[tuple[DocumentSpec, tuple[str, ...], dict[str, str]]]) -> list[dict[str, bytes]]:
    """Fill in the templates of the documents in ``todo`` and convert them: their outputs,
    in the order of ``todo``."""
    env = make_environment(plan)
    context = build_context(plan, answer_set, catalog)
    context["documenten"] = [
        {"id": s.id, "titel": s.title, "omschrijving": s.description,
         "bestanden": [{"formaat": f, "naam": f"{s.stem}.{f}"} for f in s.formats
                       if f != "pdf" or "pdf" in plan.meta.formaten],  # PDF: only when always made
         **document_standing(s.adoption, context, catalog)}
        for s in specs
    ]

    advice = plan_advice(plan, catalog, answer_set)  # for the templates and the dashboard alike
    context["advies"] = advice_context(catalog, advice)
    context["wijzigingen"] = []
    if any(spec.history for spec, _, _ in todo):
        context["wijzigingen"] = change_log(plan.root, catalog, {p.questionnaire.phase: p.data
                                                                 for p in answer_set},
                                            plan.meta.document_date, plan.meta)
    navigation = tuple((f"{s.stem}.html", s.title) for s in specs if "html" in s.formats)

    board = build_dashboard(plan, catalog, answer_set, advice, specs)
    context["overzicht"] = board
    charts = build_charts(board, catalog, answer_set, plan)
    env.globals["figuur"] = _figure_function(charts)
    drawn: dict[tuple[str, str], bytes] = {}  # each picture drawn at most once per render
    outputs = []
    for spec, wanted, _known in todo:
        text = render_markdown(env, spec, context)
        pictures = _pictures(_charts_used(text, charts), wanted, drawn)
        outputs.append(render_outputs(plan, spec, text, wanted, navigation, pictures, director_name(answer_set)))
    return outputs


def _pictures(charts: dict[str, Any], wanted: tuple[str, ...],
              drawn: dict[tuple[str, str], bytes]) -> dict[str, dict[str, bytes]] | None:
    """The pictures one document places, per format: from ``drawn`` (this render) or drawn now."""

    per_format: dict[str, dict[str, bytes]] = {}
    for output, fmt in PICTURE_FORMATS.items():
        if output in wanted and charts:
            per_format[fmt] = {}
            for chart_id, chart in charts.items():
                if (chart_id, fmt) not in drawn:
                    drawn[chart_id, fmt] = picture(chart, fmt)
                per_format[fmt][chart_id] = drawn[chart_id, fmt]
    return per_format or None


def _page_style(spec: DocumentSpec) -> str:
    if spec.style == "overzicht":
        return OVERVIEW_CSS
    return ""


def _figures_as_text(markdown_text: str) -> str:
    """The Markdown file shows a picture as its caption and text alternative: it has no
    picture files beside it, and a diff in git then says what changed in the picture."""

    pattern = r'^!\[((?:\\.|[^\]\\])*)\]\(' + re.escape(FIGURE_SCHEME) + r'[a-z0-9_-]+ "([^"]*)"\)$'
    return re.sub(pattern, lambda m: f"*{m.group(2)}.* {m.group(1)}", markdown_text, flags=re.MULTILINE)


def _charts_used(markdown_text: str, charts: dict[str, Any]) -> dict[str, Any]:
    """The pictures a document's Markdown places."""

    used = re.findall(r"\]\(" + re.escape(FIGURE_SCHEME) + r"([a-z0-9_-]+)", markdown_text)
    return {chart_id: charts[chart_id] for chart_id in dict.fromkeys(used)
            if chart_id in charts and not charts[chart_id].empty}


def _figure_function(charts: dict[str, Any]) -> Any:
    """``figuur("id")`` for templates: the Markdown that places a picture."""
    def figuur(chart_id: str) -> Markdown:
        if chart_id not in charts:
            raise TemplateMisuse(f"er is geen figuur '{chart_id}'; kies uit {', '.join(sorted(charts))}")
        return Markdown(charts[chart_id].markdown())
    return figuur


def advice_context(catalog: Catalog, advice: list[Any]) -> list[dict[str, Any]]:
    """Advice as templates see it: open items and the ones the group weighed."""
    titles = {q.phase: q.title for q in catalog}
    return [
        {"id": a.rule.id, "fase": a.rule.phase, "fase_titel": titles.get(a.rule.phase, a.rule.phase),
         "ernst": a.rule.severity, "ernst_label": a.rule.severity_label, "bericht": a.message,
         "bron": a.rule.source, "afgewogen": a.acknowledged}
        for a in advice
    ]


def render_plan(
    plan: Plan,
    catalog: Catalog,
    answer_set: AnswerSet,
    *,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    check: bool = False,
) -> RenderResult:
    """Render the documents whose inputs changed; with ``check`` nothing is written and
    out-of-date files are listed.

    A small state file in the user's cache remembers each document's input
    fingerprint and output hashes, so a change in one phase re-renders only the
    documents that use it, and ``status`` need not render at all.
    """
    if "pdf" in formats:
        ensure_pdf_support()  # before anything is written
    check_house_style(plan)
    specs = load_documents(catalog)
    fingerprints = input_fingerprints(plan, answer_set, specs)
    state = read_state(plan.root)
    new_state: dict[str, Any] = {}
    result = RenderResult()
    todo: list[tuple[DocumentSpec, tuple[str, ...], dict[str, str]]] = []
    for spec in specs:
        entry = state.get(spec.id) if isinstance(state.get(spec.id), dict) else {}
        same_input = entry.get("invoer") == fingerprints[spec.id]
        known = recorded_files(entry, fingerprints[spec.id])
        wanted = tuple(f for f in formats if f in spec.formats)
        if not wanted:
            if same_input:
                new_state[spec.id] = entry
            continue
        paths = [plan.documents_dir / f"{spec.stem}.{fmt}" for fmt in wanted]
        if is_current(known, paths, check):
            result.unchanged.extend(paths)
            new_state[spec.id] = entry
            continue
        todo.append((spec, wanted, known))
    if todo and not check:  # 'documenten' as a link out of the plan: refused before anything is made
        check_write_target(plan.root, plan.documents_dir / "index.html")
    converted = _fill_in_and_convert(plan, catalog, answer_set, specs, todo) if todo else []
    for (spec, _wanted, known), outputs in zip(todo, converted):
        for fmt, blob in outputs.items():
            path = plan.documents_dir / f"{spec.stem}.{fmt}"
            known[path.name] = digest(blob)
            if check:
                (result.unchanged if file_digest(path, True) == known[path.name] else result.stale).append(path)
            else:
                existed = path.exists()
                if not write_plan_file_if_changed(plan.root, path, blob, durable=False):  # made again if damaged
                    result.unchanged.append(path)
                    continue
                result.written.append(path)
                if not existed:
                    result.created.append(path)
        new_state[spec.id] = {"invoer": fingerprints[spec.id], "bestanden": dict(sorted(known.items()))}
    if not check:
        write_state(plan.root, new_state)
    return result
