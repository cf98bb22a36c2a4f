"""Templates → Markdown → HTML and DOCX, written only when changed.

The data path is straight: validated answers → template context → one
Markdown text per document → one parse → HTML and DOCX. Templates run in
Jinja's sandbox with ``StrictUndefined``; answers only ever enter as context
values, never as template source.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from handreiking.answers import AnswerSet
from handreiking.context import (Markdown, Open, build_context, document_standing, finalize, format_date, full_stop,
                                 prose, yes_no)
from handreiking.documents import DEFAULT_FORMATS, DocumentSpec, load_documents
from handreiking.errors import HandreikingError, TemplateError
from handreiking.plan import ANSWERS_DIR, DOCUMENTS_DIR, PLAN_FILE, TEMPLATES_DIR, Plan
from handreiking.questionnaire import Catalog
from handreiking.values import count

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


def cell(value: Any) -> str:
    """A value as one line for a Markdown table cell."""
    text = finalize(value)
    return Markdown(" ".join(str(text).split()) or "–")


def money(value: Any) -> Any:
    """An amount in euros, Dutch style: '€ 240.000' with a space that never breaks (open answers stay placeholders)."""
    if isinstance(value, Open) or isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    from handreiking.values import format_money

    return Markdown(format_money(value).replace(" ", "\u00a0", 1))  # '€' and the amount stay together


def is_open(value: Any) -> bool:
    return isinstance(value, Open)


def make_environment(plan: Plan) -> Any:
    """Sandboxed Jinja environment; the plan's ``sjablonen/`` override the shipped templates.
    The plan's templates are read through the plan-file gate (``PlanTemplateLoader``)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from handreiking.resources import data_dir
    from handreiking.template_loader import PlanTemplateLoader

    loaders = []
    if plan.templates_dir.is_dir():
        loaders.append(PlanTemplateLoader(plan.root, plan.templates_dir))
    loaders.append(FileSystemLoader(data_dir("templates")))
    from handreiking.cache import bytecode_cache

    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        bytecode_cache=bytecode_cache(),
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(cel=cell, opsomming=lambda v: finalize(list(v) if not isinstance(v, Open) else v),
                       datum=format_date, is_open=is_open, md=Markdown,
                       bedrag=money, zin=prose, janee=yes_no, punt=full_stop, aantal=count)
    env.tests["open"] = is_open
    return env


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
        text = template.render(context | {"document": document_context(spec, context)})
    except TemplateNotFound:
        raise TemplateError(f"sjabloon '{spec.template}' niet gevonden", question_id=spec.id) from None
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
        raise TemplateError(f"het sjabloon kon niet worden gemaakt ({exc})", **_template_location(exc)) from None
    return text.strip() + "\n"


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
    from handreiking.planfiles import DOCX_LIMIT, TEMPLATE_LIMIT, PlanFileError, read_plan_bytes

    docx_path, css_path = plan.templates_dir / HOUSE_STYLE_DOCX, plan.templates_dir / HOUSE_STYLE_CSS
    found: list[bytes | None] = []
    for path, limit in ((docx_path, DOCX_LIMIT), (css_path, TEMPLATE_LIMIT)):
        try:
            found.append(read_plan_bytes(path, inside=plan.root, limit=limit, what=f"de huisstijl ({path.name})"))
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
    from handreiking.render_docx import prepare_base

    try:
        prepare_base(reference)
    except Exception as exc:  # not a zip, not a Word document, a broken part: all the same to the user
        raise TemplateError(f"dit is geen bruikbaar Word-document ({type(exc).__name__})",
                            path=plan.templates_dir / HOUSE_STYLE_DOCX,
                            hint="sla het opnieuw op als .docx in Word, of begin opnieuw met: "
                                 "handreiking huisstijl --overschrijf") from None


def default_house_style_css() -> str:
    """A start for ``sjablonen/huisstijl.css``: the rules a municipality most often changes."""
    from handreiking.render_html import FONT_FAMILY, PALETTE

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
                   word_files: tuple[tuple[str, str], ...] = (),
                   pictures: dict[str, dict[str, bytes]] | None = None) -> dict[str, bytes]:
    """All requested formats of one document, from a single Markdown parse. ``navigation``
    lists the plan's HTML pages as ``(file name, title)`` for the bar atop each page and the
    links between them; ``word_files`` does the same for the links between the DOCX files.
    ``pictures`` are the drawn pictures the document places, per format ("svg", "png") and id."""
    outputs: dict[str, bytes] = {}
    if "md" in formats:
        outputs["md"] = _figures_as_text(markdown_text).encode("utf-8")
    if any(f in formats for f in ("html", "docx", "pdf")):
        from handreiking.markdown_doc import parse_markdown

        parsed = parse_markdown(markdown_text)
        meta = plan.meta
        title = f"{spec.title} — {meta.titel}"
        reference, css = house_style(plan)
        if "html" in formats or "pdf" in formats:
            from handreiking.render_html import render_html

            page = render_html(parsed, title=title, navigation=navigation, running_title=title, stylesheet=css,
                               author=meta.regisseur.naam or meta.gemeente,
                               created=meta.startdatum or meta.document_date, modified=meta.document_date,
                               figures=(pictures or {}).get("svg"), extra_css=_page_style(spec))
            if "html" in formats:
                outputs["html"] = page.encode("utf-8")
            if "pdf" in formats:
                from handreiking.render_pdf import render_pdf

                outputs["pdf"] = render_pdf(page)
        if "docx" in formats:
            from handreiking.render_docx import render_docx

            outputs["docx"] = render_docx(
                parsed,
                title=title,
                author=meta.regisseur.naam or meta.gemeente or "handreiking",
                created=meta.startdatum or meta.document_date,
                modified=meta.document_date,
                subject=spec.description,
                keywords=", ".join(x for x in ("inclusieve kinderopvang", meta.gemeente) if x),
                reference=reference,
                references=word_files,
                figures=(pictures or {}).get("png"),
            )
    return outputs


PICTURE_FORMATS = {"html": "svg", "pdf": "svg", "docx": "png"}


class _Converter:
    """Turns each document's Markdown into its output formats, on both cores where it can.

    Converting to HTML and DOCX is most of a full render and the documents are
    independent, so on Linux forked workers convert them; every step below was measured
    with interleaved A/B runs on this project's 2-core machine (README, Snelheid):

    - the workers start before the templates are filled in (``render`` starts them even
      before the answers are read when it will surely convert, see
      ``start_converter_early``) and use that time to load python-docx and Markdown and
      to prepare the empty Word document;
    - each document goes to a worker as soon as its template is filled in;
    - a picture the cache lacks is drawn ahead in a worker (``draw_ahead``);
    - workers run at a slightly lower priority, so the main process keeps a core.

    Forking is used only on Linux and only while no other thread runs (the live view
    renders in a thread); elsewhere the documents are converted one after the other.
    The bytes are the same either way (tested).
    """

    def __init__(self, count: int, reference: bytes | None = None, *, docx: bool = True) -> None:
        """``count`` documents are coming; ``reference`` is the house-style document, whose
        empty base document the workers prepare while they wait (when ``docx`` is wanted)."""
        self.pool: Any = None
        self._jobs: dict[int, tuple[Any, ...]] = {}
        self._futures: dict[int, Any] = {}
        self.ahead: dict[str, Any] = {}  # chart id → the future of a worker drawing it
        workers = min(count, os.cpu_count() or 1, MAX_WORKERS)
        if workers >= 2 and _can_fork():
            import multiprocessing
            import signal
            from concurrent.futures import ProcessPoolExecutor

            # Workers ignore Ctrl-C: the main process stops them (a worker interrupted while
            # waiting would print a traceback). With "fork", all workers start at the first
            # submit, so they all inherit the ignored signal.
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                initializer=_warm_up, initargs=(reference, docx))
                self.pool.submit(int)  # forks every worker now
            finally:
                signal.signal(signal.SIGINT, previous)

    def draw_ahead(self, charts: dict[str, Any]) -> None:
        """Start drawing, in a worker, the pictures the user's cache does not hold yet: the
        first picture of a render loads matplotlib, which takes longer than converting a
        document, and meanwhile the main process fills in templates and the other worker
        converts the documents without new pictures."""
        if self.pool is None:
            return
        from handreiking.charts import is_drawn, pictures

        for chart_id, chart in charts.items():
            if not chart.empty and not is_drawn(chart):
                self.ahead[chart_id] = self.pool.submit(pictures, chart)

    def waits_for(self, charts: dict[str, Any]) -> bool:
        """Whether one of ``charts`` is still being drawn in a worker."""
        return any(chart_id in self.ahead and not self.ahead[chart_id].done() for chart_id in charts)

    def picture(self, chart: Any, fmt: str) -> bytes:
        """One picture as SVG or PNG bytes: from the worker that drew it, else as usual
        (the user's cache, or drawn here)."""
        from concurrent.futures.process import BrokenProcessPool

        from handreiking.charts import picture

        future = self.ahead.get(chart.id)
        if future is not None:
            try:
                return future.result()[fmt]
            except BrokenProcessPool:
                pass
        return picture(chart, fmt)

    def submit(self, plan: Plan, index: int, job: tuple[Any, ...]) -> None:
        """Start converting document ``index`` (``render_outputs(plan, *job)``): in a worker as
        soon as its template is filled in, so the workers convert while the main process
        fills in the next template."""
        self._jobs[index] = job
        if self.pool is not None:
            self._futures[index] = self.pool.submit(render_outputs, plan, *job)

    def results(self, plan: Plan) -> list[dict[str, bytes]]:
        """The outputs of every submitted document, in the order of their index."""
        from concurrent.futures.process import BrokenProcessPool

        order = sorted(self._jobs)
        if self.pool is not None:
            try:
                return [self._futures[i].result() for i in order]
            except BrokenProcessPool:  # a worker was killed (out of memory, …): do it here
                pass
        return [render_outputs(plan, *self._jobs[i]) for i in order]

    def close(self) -> None:
        """Stop the workers (again: nothing happens)."""
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _warm_up(reference: bytes | None, docx: bool) -> None:
    """Prepare in a fresh worker what every conversion needs, while the main process still
    fills in templates: the modules, a Markdown parser and the empty Word document every
    DOCX starts from (a failure here only costs time; the conversion meets it again).

    Workers run at a slightly lower priority (nice 3): on two cores the main process,
    which must finish the advice and the templates before any document can be converted,
    then keeps a core to itself while the workers warm up on what is left. Interleaved A/B
    of a cold render: 3.63× against 3.98× the import floor (10 rounds)."""
    try:
        os.nice(3)
    except (AttributeError, OSError):
        pass
    try:
        from handreiking import markdown_doc, render_html  # noqa: F401

        markdown_doc.parse_markdown("# Opwarmen\n\n| a |\n|---|\n| b |\n")
        if docx:
            from handreiking.render_docx import prepare_base

            prepare_base(reference)
    except Exception:
        pass


MAX_WORKERS = 4


def _can_fork() -> bool:
    """Forking is safe on Linux while no other thread runs. macOS offers fork too, but
    its system libraries do not promise to survive it; Windows has no fork."""
    import sys
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


def _fill_in_and_convert(plan: Plan, catalog: Catalog, answer_set: AnswerSet, specs: tuple[DocumentSpec, ...],
                         todo: list[tuple[DocumentSpec, tuple[str, ...], dict[str, str]]],
                         converter: _Converter) -> list[dict[str, bytes]]:
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
    from handreiking.advice import plan_advice

    advice = plan_advice(plan, catalog, answer_set)  # for the templates and the dashboard alike
    context["advies"] = advice_context(catalog, advice)
    context["wijzigingen"] = []
    if any(spec.history for spec, _, _ in todo):
        from handreiking.history import change_log

        context["wijzigingen"] = change_log(plan.root, catalog, {p.questionnaire.phase: p.data
                                                                 for p in answer_set},
                                            plan.meta.document_date, plan.meta)
    navigation = tuple((f"{s.stem}.html", s.title) for s in specs if "html" in s.formats)
    word_files = tuple((f"{s.stem}.docx", s.title) for s in specs if "docx" in s.formats)
    from handreiking.charts import build_charts
    from handreiking.dashboard import build_dashboard

    board = build_dashboard(plan, catalog, answer_set, advice, specs)
    context["overzicht"] = board
    charts = build_charts(board, catalog, answer_set, plan)
    env.globals["figuur"] = _figure_function(charts)
    converter.draw_ahead(charts)
    drawn: dict[tuple[str, str], bytes] = {}  # each picture drawn at most once per render
    later = []  # documents whose new pictures are still being drawn: they go last
    for index, (spec, wanted, _known) in enumerate(todo):
        text = render_markdown(env, spec, context)
        used = _charts_used(text, charts)
        if converter.waits_for(used):
            later.append((index, spec, text, wanted, used))
            continue
        converter.submit(plan, index, (spec, text, wanted, navigation, word_files,
                                       _pictures(used, wanted, drawn, converter)))
    for index, spec, text, wanted, used in later:
        converter.submit(plan, index, (spec, text, wanted, navigation, word_files,
                                       _pictures(used, wanted, drawn, converter)))
    return converter.results(plan)


def _pictures(charts: dict[str, Any], wanted: tuple[str, ...], drawn: dict[tuple[str, str], bytes],
              converter: _Converter) -> dict[str, dict[str, bytes]] | None:
    """The pictures one document places, per format: from ``drawn`` (this render), from a
    worker that drew it, from the user's cache, or drawn now; matplotlib is loaded only for
    the last."""
    per_format: dict[str, dict[str, bytes]] = {}
    for output, fmt in PICTURE_FORMATS.items():
        if output in wanted and charts:
            per_format[fmt] = {}
            for chart_id, chart in charts.items():
                if (chart_id, fmt) not in drawn:
                    drawn[chart_id, fmt] = converter.picture(chart, fmt)
                per_format[fmt][chart_id] = drawn[chart_id, fmt]
    return per_format or None


def _page_style(spec: DocumentSpec) -> str:
    if spec.style == "overzicht":
        from handreiking.overview_html import OVERVIEW_CSS

        return OVERVIEW_CSS
    return ""


def _figures_as_text(markdown_text: str) -> str:
    """The Markdown file shows a picture as its caption and text alternative: it has no
    picture files beside it, and a diff in git then says what changed in the picture."""
    from handreiking.figures import FIGURE_SCHEME

    pattern = r'^!\[((?:\\.|[^\]\\])*)\]\(' + re.escape(FIGURE_SCHEME) + r'[a-z0-9_-]+ "([^"]*)"\)$'
    return re.sub(pattern, lambda m: f"*{m.group(2)}.* {m.group(1)}", markdown_text, flags=re.MULTILINE)


def _charts_used(markdown_text: str, charts: dict[str, Any]) -> dict[str, Any]:
    """The pictures a document's Markdown places."""
    from handreiking.figures import FIGURE_SCHEME

    used = re.findall(r"\]\(" + re.escape(FIGURE_SCHEME) + r"([a-z0-9_-]+)", markdown_text)
    return {chart_id: charts[chart_id] for chart_id in dict.fromkeys(used)
            if chart_id in charts and not charts[chart_id].empty}


def _figure_function(charts: dict[str, Any]) -> Any:
    """``figuur("id")`` for templates: the Markdown that places a picture."""
    def figuur(chart_id: str) -> Markdown:
        if chart_id not in charts:
            raise ValueError(f"er is geen figuur '{chart_id}'; kies uit {', '.join(sorted(charts))}")
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


def state_path(root: Path) -> Path | None:
    """Where the render state of the plan in folder ``root`` is kept: in the user's cache
    folder, one file per plan folder, never inside the plan. It is a cache (any render can
    rebuild it), and kept in the plan it changed on every render and made any two renders
    conflict in git. ``None`` without a cache folder: then every render compares all documents."""
    import hashlib

    from handreiking.cache import cache_subdir

    folder = cache_subdir("render-state")
    if folder is None:
        return None
    key = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return folder / f"{key}.json"


def start_converter_early(root: Path, formats: tuple[str, ...]) -> _Converter | None:
    """Conversion workers started before the plan is read, when this render will almost
    surely convert documents: there is no render state yet, no documents folder, or an
    answer file, ``plan.yaml`` or a template of the plan changed since the last render.
    Then the workers load their modules while the main process reads and checks the
    answers, instead of after (interleaved A/B of a cold render: see README, Snelheid).
    None when a render looks unlikely to convert anything or cannot use workers; the
    render then starts them itself if it needs them."""
    if formats and not any(f in formats for f in ("html", "docx", "pdf")):
        return None
    if not (Path(root) / PLAN_FILE).is_file() or not _likely_to_convert(Path(root)):
        return None
    from handreiking.planfiles import DOCX_LIMIT, PlanFileError, read_plan_bytes

    try:
        reference = read_plan_bytes(Path(root) / TEMPLATES_DIR / HOUSE_STYLE_DOCX, inside=Path(root),
                                    limit=DOCX_LIMIT)
    except (OSError, PlanFileError):  # none (the usual case), or unreadable: the render says so later
        reference = None
    converter = _Converter(MAX_WORKERS, reference, docx=not formats or "docx" in formats)
    return converter if converter.pool is not None else None


def _likely_to_convert(root: Path) -> bool:
    state = state_path(root)
    try:
        since = state.stat().st_mtime_ns if state is not None else None
    except OSError:
        since = None
    if since is None or not (root / DOCUMENTS_DIR).is_dir():
        return True
    inputs = [root / PLAN_FILE, *(root / ANSWERS_DIR).glob("*"), *(root / TEMPLATES_DIR).glob("*")]
    try:
        return any(path.stat().st_mtime_ns > since for path in inputs)
    except OSError:
        return True


def _digest(*parts: bytes | str) -> str:
    import hashlib

    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def input_fingerprints(plan: Plan, answer_set: AnswerSet, specs: tuple[DocumentSpec, ...]) -> dict[str, str]:
    """Per document, a hash of everything its output depends on: the answers of its
    phases, plan.yaml, the templates, questionnaires, advice rules and the engine itself.
    Equal fingerprints and untouched files mean the document need not be made again."""
    import dataclasses
    import json

    from handreiking.planfiles import plan_folder_digests
    from handreiking.resources import data_dir

    folders = [(Path(__file__).parent, "*.py"), (data_dir("templates"), "*"), (data_dir("questionnaires"), "*.yaml")]
    shared = [_digest(folder.name, path.name, path.read_bytes())
              for folder, pattern in folders for path in sorted(folder.glob(pattern)) if path.is_file()]
    if plan.templates_dir.is_dir():  # the plan's own templates, through the gate (a link out counts as its name)
        shared += [_digest(plan.templates_dir.name, name, digest)
                   for name, digest in plan_folder_digests(plan.root, plan.templates_dir)]
    shared.append(json.dumps(dataclasses.asdict(plan.meta), default=str, sort_keys=True))
    common = _digest(*shared)
    phases = {phase.questionnaire.phase: _digest(json.dumps(phase.data, default=str, sort_keys=True))
              for phase in answer_set}
    history = ""
    if any(spec.history for spec in specs):
        from handreiking.history import history_key

        history = _digest(history_key(plan.root))
    return {spec.id: _digest(common, *(phases.get(p, "") for p in spec.phases), *((history,) if spec.history else ()))
            for spec in specs}


TEXT_SUFFIXES = (".md", ".html")  # documents git may check out with CRLF line endings


def _file_digest(path: Path, any_line_ending: bool = False) -> str | None:
    """The digest of a document as it is on disk; None when it is missing, or not an ordinary
    file inside the plan (then it is written again: replaced, not written through). With
    ``any_line_ending`` a text document checked out with Windows line endings (git's
    ``core.autocrlf``) counts as the same document."""
    from handreiking.planfiles import PlanFileError, read_plan_bytes

    try:
        blob = read_plan_bytes(path, inside=path.parent.parent, limit=MAX_DOCUMENT_BYTES)
    except (OSError, PlanFileError):
        return None
    if any_line_ending and path.suffix in TEXT_SUFFIXES:
        blob = blob.replace(b"\r\n", b"\n")
    return _digest(blob)


MAX_DOCUMENT_BYTES = 200 * 1024 * 1024  # a rendered document; larger is not one of ours


def _read_state(plan: Plan) -> dict[str, Any]:
    import json

    path = state_path(plan.root)
    if path is None:
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def render_plan(
    plan: Plan,
    catalog: Catalog,
    answer_set: AnswerSet,
    *,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    check: bool = False,
    converter: _Converter | None = None,
) -> RenderResult:
    """Render the documents whose inputs changed; with ``check`` nothing is written and
    out-of-date files are listed. ``converter``: workers started early (see
    ``start_converter_early``); the render closes them.

    A small state file in the user's cache remembers each document's input
    fingerprint and output hashes, so a change in one phase re-renders only the
    documents that use it, and ``status`` need not render at all.
    """
    import json

    from handreiking.files import write_if_changed
    from handreiking.planfiles import check_write_target, write_plan_file_if_changed

    if "pdf" in formats:
        from handreiking.render_pdf import ensure_pdf_support

        ensure_pdf_support()  # before anything is written
    check_house_style(plan)
    specs = load_documents(catalog)
    fingerprints = input_fingerprints(plan, answer_set, specs)
    state = _read_state(plan)
    new_state: dict[str, Any] = {}
    result = RenderResult()
    todo: list[tuple[DocumentSpec, tuple[str, ...], dict[str, str]]] = []
    for spec in specs:
        entry = state.get(spec.id) if isinstance(state.get(spec.id), dict) else {}
        same_input = entry.get("invoer") == fingerprints[spec.id]
        known = dict(entry.get("bestanden") or {}) if same_input else {}
        wanted = tuple(f for f in formats if f in spec.formats)
        if not wanted:
            if same_input:
                new_state[spec.id] = entry
            continue
        paths = [plan.documents_dir / f"{spec.stem}.{fmt}" for fmt in wanted]
        if known and all(known.get(p.name) and known.get(p.name) == _file_digest(p, check) for p in paths):
            result.unchanged.extend(paths)
            new_state[spec.id] = entry
            continue
        todo.append((spec, wanted, known))
    if todo and not check:  # 'documenten' as a link out of the plan: refused before anything is made
        check_write_target(plan.root, plan.documents_dir / "index.html")
    converted: list[dict[str, bytes]] = []
    try:
        if todo:
            if converter is None:  # the workers load their modules while the templates are filled in
                converter = _Converter(len(todo), house_style(plan)[0], docx=any("docx" in w for _, w, _ in todo))
            converted = _fill_in_and_convert(plan, catalog, answer_set, specs, todo, converter)
    finally:
        if converter is not None:
            converter.close()
    for (spec, _wanted, known), outputs in zip(todo, converted):
        for fmt, blob in outputs.items():
            path = plan.documents_dir / f"{spec.stem}.{fmt}"
            known[path.name] = _digest(blob)
            if check:
                (result.unchanged if _file_digest(path, True) == known[path.name] else result.stale).append(path)
            else:
                existed = path.exists()
                if not write_plan_file_if_changed(plan.root, path, blob, durable=False):  # made again if damaged
                    result.unchanged.append(path)
                    continue
                result.written.append(path)
                if not existed:
                    result.created.append(path)
        new_state[spec.id] = {"invoer": fingerprints[spec.id], "bestanden": dict(sorted(known.items()))}
    path = state_path(plan.root)
    if not check and path is not None:
        text = json.dumps({k: new_state[k] for k in sorted(new_state)}, indent=1, sort_keys=True) + "\n"
        try:
            if not write_if_changed(path, text, durable=False):
                os.utime(path)  # the answers as they are now are rendered (see _likely_to_convert)
        except (HandreikingError, OSError):  # a cache that cannot be written only costs time
            pass
    return result
