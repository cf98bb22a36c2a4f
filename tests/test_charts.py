"""The plan's pictures: data and text alternative, deterministic bytes, placed in HTML and DOCX."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import copy_example


def charts_of(plan_dir):
    """The pictures of a plan folder, as data (nothing drawn)."""
    from handreiking.insight.advice import plan_advice
    from handreiking.render.charts import build_charts
    from handreiking.cli.shared import load_state
    from handreiking.insight.dashboard import build_dashboard
    from handreiking.render.pipeline import load_documents

    plan, catalog, answer_set, _ = load_state(plan_dir)
    board = build_dashboard(plan, catalog, answer_set, plan_advice(plan, catalog, answer_set),
                            load_documents(catalog))
    return build_charts(board, catalog, answer_set, plan)


def edited_example(target, edits):
    """A copy of the example with answers changed: ``edits`` maps an answer file to (old, new, count)."""
    plan = copy_example(target)
    for name, changes in edits.items():
        path = plan / "antwoorden" / name
        text = path.read_text(encoding="utf-8")
        for old, new, count in changes:
            assert text.count(old) >= count, (name, old)
            text = text.replace(old, new, count)
        path.write_text(text, encoding="utf-8")
    return plan


@pytest.fixture(scope="module")
def example_charts():
    from conftest import EXAMPLE

    return charts_of(EXAMPLE)


@pytest.fixture(scope="module")
def open_charts(tmp_path_factory):
    """The example with a few answers taken away again, and one 'niet betrokken' answered."""
    plan = edited_example(tmp_path_factory.mktemp("open") / "plan", {
        "1-vertrekpunt.yaml": [("betrokkenheid_uitvoering: actief", "betrokkenheid_uitvoering:", 1),
                               ("betrokkenheid_uitvoering: actief", "betrokkenheid_uitvoering: niet", 1)],
        "2-visie.yaml": [("aandeel_niveau_3: 3\n", "aandeel_niveau_3:\n", 1)],
        "4-planvorming.yaml": [("extra_kosten_per_jaar: 357000", "extra_kosten_per_jaar:", 1)],
        "5-uitvoering.yaml": [("status: gepland", "status:", 1)],
    })
    return charts_of(plan)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The example rendered once for this module, with an empty picture cache."""
    from handreiking.cli.main import main

    plan = copy_example(tmp_path_factory.mktemp("figuren") / "plan")
    assert main(["render", str(plan)]) == 0
    return plan / "documenten"


def test_text_alternatives_say_what_the_pictures_show(example_charts):
    from handreiking.render.chart_drawing import WHITE, budget_bars

    assert set(example_charts) == {"tijdlijn", "betrokkenheid", "continuum", "begroting"}
    alt = {k: c.alt for k, c in example_charts.items()}
    assert "stand op 28 juni 2027" in alt["tijdlijn"] and "mijlpaal 10 (vertraagd)" in alt["tijdlijn"]
    assert "tussenmeting 15 december 2027" in alt["tijdlijn"]
    assert "13 partijen" in alt["betrokkenheid"] and "Uitvoering: 8 actief betrokken, 5 passief" in alt["betrokkenheid"]
    # The partners' estimates beside the national figures quoted in each question's help.
    assert "Niveau 1: regulier: 84% (landelijk 80 tot 90%)" in alt["continuum"]
    assert "Niveau 4: behandeling: 1% (landelijk 1 tot 2%)" in alt["continuum"]
    # The yearly money differs per year (a start in September, a temporary line): each year's own
    assert "In 2028 € 317.000 jaarlijks geld: Jeugdwet € 265.000;" in alt["begroting"]
    assert "Per jaar" not in alt["begroting"] and "€ 377.000" not in alt["begroting"]
    bars = budget_bars(json.loads(example_charts["begroting"].data))
    assert [label for label, _amount, colour, _hatch in bars if not colour] == [
        "Jaarlijks geld in 2026", "Jaarlijks geld in 2027", "Jaarlijks geld in 2028", "Eenmalig"]
    assert ("Tekort", 60000.0, WHITE, "x") in bars and bars.index(("Tekort", 60000.0, WHITE, "x")) < bars.index(
        ("Eenmalig", None, "", ""))
    assert "Eenmalig € 204.000:" in alt["begroting"] and "Nog niet gedekt: in 2028 ontbreekt € 60.000." in alt["begroting"]
    assert "nog in te vullen" not in " ".join(alt.values()).lower()  # everything the pictures show is answered
    assert all(cell is not None for row in json.loads(example_charts["betrokkenheid"].data)["rows"]
               for cell in row["cells"])


def test_a_budget_of_many_years_and_sources_still_fits_a_page():
    """Per year and per source while that fits a page; ten years of six sources become one bar
    per year (all sources together) with each year's gap beside it, the figure no taller than
    a page and every year in its own place."""
    from handreiking.render.chart_drawing import MAX_BUDGET_ROWS, WHITE, budget_bars, budget_per_source, layout

    def budget(first: int, count: int, sources: int) -> dict:
        years = [{"year": first + i, "amount": 1000.0 * sources, "gap": 500.0 if i == count - 1 else 0.0,
                  "sources": [{"label": f"Bron {s}", "amount": 1000.0} for s in range(sources)]}
                 for i in range(count)]
        return {"yearly": [], "years": years, "one_off": [{"label": "Fonds", "amount": 9.0}],
                "gaps": [{"year": first + count - 1, "amount": 500.0}], "covered": False, "extra": None}

    few = budget_bars(budget(2026, 3, 3))
    assert [b[0] for b in few if not b[2]] == ["Jaarlijks geld in 2026", "Jaarlijks geld in 2027",
                                                "Jaarlijks geld in 2028", "Eenmalig"]
    assert few.index(("Tekort", 500.0, WHITE, "x")) == few.index(("Eenmalig", None, "", "")) - 1  # in 2028
    many = budget_bars(budget(2026, 10, 6))
    assert many[0] == ("Jaarlijks geld, alle bronnen samen", None, "", "") and len(many) <= MAX_BUDGET_ROWS
    assert [b[0] for b in many[1:12]] == [str(year) for year in range(2026, 2036)] + ["Tekort in 2035"]
    assert layout("begroting", budget(2026, 10, 6)).height <= 60 + 32 * MAX_BUDGET_ROWS
    assert budget_per_source(budget(2026, 3, 3)["years"], [1]) and not budget_per_source(budget(2026, 10, 6)["years"], [1])
    open_cover = {**budget(2026, 3, 1), "gaps": []}
    open_cover["years"] = [{**year, "gap": 0.0} for year in open_cover["years"]]
    rows = budget_bars(open_cover)  # not covered, by a gap the lines do not give: its own group
    assert rows[rows.index(("Dekking", None, "", "")) + 1] == ("Nog niet gedekt", None, WHITE, "")


def test_an_open_answer_is_never_drawn_as_an_answer(open_charts):
    """Blank is not "niet betrokken", no bar is not 0%, no gap bar is not "dekkend": what is still
    open says so, in the picture, its legend and the text alternative."""
    from handreiking.render.charts import draw

    involvement = json.loads(open_charts["betrokkenheid"].data)
    uitvoering = [row["cells"][2] for row in involvement["rows"]]
    assert uitvoering[:2] == [None, "niet"] and involvement["labels"]["open"] == "Nog in te vullen"
    assert ("Uitvoering: 6 actief betrokken, 5 passief betrokken, 1 niet betrokken, 1 nog in te vullen."
            in open_charts["betrokkenheid"].alt)
    assert "Verkennend: 10 actief betrokken, 3 passief betrokken. Planvorming:" in open_charts["betrokkenheid"].alt
    levels = json.loads(open_charts["continuum"].data)["levels"]
    assert [lv["share"] for lv in levels] == [84, 12, None, 1]
    assert "Niveau 3: gespecialiseerd: nog in te vullen (landelijk 1 tot 5%)" in open_charts["continuum"].alt
    assert json.loads(open_charts["begroting"].data)["covered"] is False
    assert "niet dekkend; het tekort volgt nog niet uit de posten" in open_charts["begroting"].alt
    milestones = json.loads(open_charts["tijdlijn"].data)["milestones"]
    assert [m["n"] for m in milestones if m["state"] == "open"] == [len(milestones)]
    assert f"status nog in te vullen: mijlpaal {len(milestones)}." in open_charts["tijdlijn"].alt
    drawn = {key: draw(chart)["svg"].decode() for key, chart in open_charts.items()}
    assert "Nog in te vullen" in drawn["betrokkenheid"] and "Niet betrokken" in drawn["betrokkenheid"]
    assert "tekort nog in te vullen" in drawn["begroting"] and "nog in te vullen" in drawn["continuum"]
    assert "status nog in te vullen" in drawn["tijdlijn"]


def test_involvement_with_no_cell_answered_shows_the_empty_figure_text(tmp_path):
    plan = copy_example(tmp_path / "plan")
    path = plan / "antwoorden" / "1-vertrekpunt.yaml"
    path.write_text(re.sub(r"(betrokkenheid_\w+):.*", r"\1:", path.read_text(encoding="utf-8")), encoding="utf-8")
    chart = charts_of(plan)["betrokkenheid"]
    assert chart.empty and len(json.loads(chart.data)["rows"]) == 13
    assert chart.markdown() == ("*Figuur: betrokkenheid per fase.* De figuur verschijnt zodra de partijen met hun "
                                "betrokkenheid per fase zijn ingevuld.")


def test_national_range_comes_from_the_help_text():
    from handreiking.render.charts import national_range

    assert national_range("De handreiking noemt ongeveer 1 tot 5 procent.") == (1.0, 5.0)
    assert national_range("ongeveer 0,5 tot 1,5 procent") == (0.5, 1.5)
    assert national_range("Percentage van alle kinderen.") is None


def test_drawing_is_deterministic(example_charts):
    from handreiking.render.charts import draw

    chart = example_charts["tijdlijn"]
    first = draw(chart)
    assert first == draw(chart)
    text = first["svg"].decode()
    assert text.startswith("<svg") and "<?xml" not in text and " id=" not in text  # several share one page
    assert "stand 28 juni 2027" in text  # text stays text: searchable, and read by screen readers
    assert first["png"].startswith(b"\x89PNG")


def _drawn_in_a_new_process(charts) -> list[dict[str, str]]:
    """The SHA-256 of each chart drawn by a fresh Python (no font or layout cached in this one)."""
    code = ("import hashlib, json, sys\n"
            "from handreiking.render.charts import Chart, draw\n"
            "charts = [Chart(**c) for c in json.loads(sys.stdin.read())]\n"
            "print(json.dumps([{k: hashlib.sha256(v).hexdigest() for k, v in draw(c).items()} for c in charts]))\n")
    given = json.dumps([{"id": c.id, "title": c.title, "alt": c.alt, "data": c.data} for c in charts])
    done = subprocess.run([sys.executable, "-c", code], input=given, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_same_data_gives_the_same_bytes_in_another_process(open_charts):
    import hashlib

    from handreiking.render.charts import draw

    charts = list(open_charts.values())
    here = [{kind: hashlib.sha256(blob).hexdigest() for kind, blob in draw(c).items()} for c in charts]
    assert _drawn_in_a_new_process(charts) == here


def _svg_parts(svg: bytes):
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)  # well-formed XML, or this raises
    ns = "{http://www.w3.org/2000/svg}"
    return root, ns


def test_every_svg_is_well_formed_and_says_what_it_shows(example_charts, open_charts):
    from handreiking.render.charts import draw

    for chart in [*example_charts.values(), *open_charts.values()]:
        root, ns = _svg_parts(draw(chart)["svg"])
        assert root.tag == f"{ns}svg" and root.get("role") == "img"
        assert [child.tag for child in root[:2]] == [f"{ns}title", f"{ns}desc"]
        assert root[0].text == chart.title and root[1].text == chart.alt
        width, height = (float(v) for v in root.get("viewBox").split()[2:])
        assert width == 720 and 100 < height < 1000
        texts = [t.text for t in root.iter(f"{ns}text")]
        assert texts and all(t and t.strip() for t in texts)


def test_every_png_decodes_at_150_dpi_and_the_text_width(example_charts, open_charts):
    import io

    from PIL import Image

    from handreiking.render.charts import draw

    for chart in [*example_charts.values(), *open_charts.values()]:
        drawn = draw(chart)
        root, _ = _svg_parts(drawn["svg"])
        height = float(root.get("viewBox").split()[3])
        with Image.open(io.BytesIO(drawn["png"])) as image:
            image.load()
            assert image.format == "PNG" and image.mode == "RGB"
            assert image.size == (1080, round(height * 1.5)), chart.id  # 7,2 inch at 150 dpi
            assert round(image.info["dpi"][0]) == 150
            assert not {"Software", "Creation Time", "date:create"} & set(image.info)
            colours = image.getcolors(maxcolors=1 << 16)
            assert colours is None or len(colours) > 8  # drawn, not blank


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80)
                     .filter(lambda s: s.strip()), min_size=1, max_size=4))
def test_any_partner_name_gives_a_well_formed_svg_and_a_png(names):
    """Names are typed by people: markup, quotes, any letters of any length stay text."""
    import io

    from PIL import Image

    from handreiking.render.charts import Chart, draw

    rows = [{"name": " ".join(n.split()) or "x", "cells": ["actief", "passief", None]} for n in names]
    data = {"rows": rows, "columns": ["Verkennend", "Planvorming", "Uitvoering"], "active": "actief",
            "passive": "passief", "labels": {"active": "Actief", "passive": "Passief", "other": "Niet",
                                            "open": "Nog in te vullen"}}
    chart = Chart("betrokkenheid", "Figuur: <betrokkenheid> & \"zo\"", "Tekst & <uitleg>",
                  json.dumps(data, sort_keys=True, ensure_ascii=False))
    drawn = draw(chart)
    root, ns = _svg_parts(drawn["svg"])
    shown = [t.text for t in root.iter(f"{ns}text")]
    for row in rows:
        name = row["name"]
        assert (name if len(name) <= 48 else name[:47].rstrip() + "…") in shown
    with Image.open(io.BytesIO(drawn["png"])) as image:
        image.load()
        assert image.size[0] == 1080


_AMOUNTS = st.one_of(st.integers(-10**9, 10**12), st.floats(-1e9, 1e15, allow_nan=False, allow_infinity=False))


@settings(max_examples=15, deadline=None)
@given(yearly=st.lists(_AMOUNTS, max_size=3), one_off=st.lists(_AMOUNTS, max_size=3),
       shares=st.lists(st.one_of(st.none(), _AMOUNTS), min_size=1, max_size=4))
def test_any_amount_or_share_gives_a_picture(yearly, one_off, shares):
    """Zero, negative (validation reports it) and huge numbers still give a picture, never a traceback."""
    import io

    from PIL import Image

    from handreiking.render.charts import Chart, draw

    budget = {"yearly": [{"label": f"Bron {i}", "amount": a} for i, a in enumerate(yearly)],
              "one_off": [{"label": f"Eenmalig {i}", "amount": a} for i, a in enumerate(one_off)],
              "gaps": [{"year": 2028, "amount": 1}] if yearly else [], "covered": None, "extra": None,
              "years": [{"year": 2027 + i, "amount": a, "gap": 1 if i % 2 else 0,
                         "sources": [{"label": "Bron 0", "amount": a}]} for i, a in enumerate(one_off)]}
    levels = {"levels": [{"label": f"Niveau {i}", "share": s, "national": [1, 5] if i % 2 else None}
                         for i, s in enumerate(shares)]}
    for chart_id, data in (("begroting", budget), ("continuum", levels)):
        drawn = draw(Chart(chart_id, "Titel", "Tekst", json.dumps(data)))
        _svg_parts(drawn["svg"])
        with Image.open(io.BytesIO(drawn["png"])) as image:
            image.load()
            assert image.size[0] == 1080


def test_the_font_has_the_letters_of_dutch_plans():
    """Accents, the euro sign, dashes and quotes are drawn as letters, not as the empty box."""
    from PIL import Image, ImageDraw

    from handreiking.render.shapes import font

    drawn = font(40.0)

    def glyph(letter: str) -> bytes:
        image = Image.new("L", (60, 60))
        ImageDraw.Draw(image).text((10, 5), letter, font=drawn, fill=255)
        return image.tobytes()

    missing = glyph("\ue000")  # a private-use character: no font has it
    for letter in "éëèêïíóöüúàáçñ€–—…‘’“”ĳ°":
        assert glyph(letter) != missing, letter
    assert font(40.0, True).getlength("Per jaar") > drawn.getlength("Per jaar")  # bold is bold


def test_pillow_is_loaded_only_when_a_picture_is_measured_or_drawn(tmp_path):
    """``status`` on documents that are up to date and a Markdown render draw no picture, so
    they do not pay for loading Pillow; a Word render does."""
    from handreiking.cli.main import main

    plan = copy_example(tmp_path / "plan")
    assert main(["render", str(plan)]) == 0  # up to date now
    code = ("import sys\n"
            "from handreiking.cli.main import main\n"
            f"assert main(['status', {str(plan)!r}]) == 0\n"
            "assert 'PIL' not in sys.modules, 'Pillow loaded by status'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    answers = plan / "antwoorden" / "2-visie.yaml"
    answers.write_text(answers.read_text(encoding="utf-8").replace("horizonjaar: 2034", "horizonjaar: 2035"),
                       encoding="utf-8")  # changes the text of documents, not their pictures
    code = (
        "import sys\n"
        "from handreiking.cli.main import main\n"
        f"assert main(['render', {str(plan)!r}, '--formaat', 'md']) == 0\n"
        "assert 'PIL' not in sys.modules, 'Pillow loaded without drawing'\n"
        f"assert main(['render', {str(plan)!r}, '--formaat', 'docx']) == 0\n"
        "assert 'PIL.ImageDraw' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_pictures_appear_inline_in_html_with_their_text_alternative(rendered):
    expected = {"visiedocument": ["continuum"], "stakeholderanalyse": ["betrokkenheid"],
                "plan_van_aanpak": ["tijdlijn", "begroting"], "evaluatieplan": ["tijdlijn"],
                "index": ["tijdlijn", "begroting", "betrokkenheid", "continuum"], "communicatieplan": []}
    for stem, ids in expected.items():
        page = (rendered / f"{stem}.html").read_text(encoding="utf-8")
        assert re.findall(r'<figure class="figuur" id="([a-z]+)">', page) == ids, stem
        for svg in re.findall(r"<svg\b[^>]*>", page):
            assert 'role="img"' in svg and 'aria-label="' in svg and "<?xml" not in page
        assert "figuur:" not in page and "<img" not in page
        if stem != "index":  # the Markdown file names each picture and says what it shows
            text = (rendered / f"{stem}.md").read_text(encoding="utf-8")
            assert "figuur:" not in text and text.count("*Figuur: ") == len(ids), stem


def test_pictures_appear_in_docx_as_png_with_alt_text(rendered):
    with zipfile.ZipFile(rendered / "plan_van_aanpak.docx") as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        body = archive.read("word/document.xml").decode()
    assert len(media) == 2 and all(n.endswith(".png") for n in media)
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    assert len(descriptions) == 2 and descriptions[0].startswith("Tijdlijn van de route")
    assert "Figuur: de begroting per bron" in body  # the caption


def test_rendering_twice_with_an_empty_cache_gives_the_same_bytes(rendered, tmp_path, monkeypatch):
    from handreiking.core import cache
    from handreiking.cli.main import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "leeg"))
    cache.cache_dir.cache_clear()
    try:
        plan = copy_example(tmp_path / "plan")
        assert main(["render", str(plan)]) == 0
    finally:
        cache.cache_dir.cache_clear()
    for path in rendered.iterdir():
        if not path.name.startswith("."):
            assert (plan / "documenten" / path.name).read_bytes() == path.read_bytes(), path.name


def test_an_answer_cannot_place_a_picture_or_an_image():
    from handreiking.core.markdown_text import escape_markdown
    from handreiking.render.markdown import parse_markdown

    typed = escape_markdown("![x](figuur:tijdlijn) en ![y](https://example.org/a.png)")
    parsed = parse_markdown(typed)
    assert parsed.tree.find(".//img") is None and "figuur:tijdlijn" in parsed.html
    template = parse_markdown('![uitleg](figuur:tijdlijn "Titel")\n\n![z](https://example.org/b.png)')
    images = list(template.tree.iter("img"))
    assert [(i.get("src"), i.get("alt"), i.get("title")) for i in images] == [("figuur:tijdlijn", "uitleg", "Titel")]


def test_an_unknown_picture_in_a_template_is_a_dutch_template_error(tmp_path):
    from handreiking.core.errors import TemplateError
    from handreiking.cli.shared import load_state
    from handreiking.render.pipeline import render_plan

    plan_dir = copy_example(tmp_path / "plan")
    (plan_dir / "sjablonen").mkdir()
    (plan_dir / "sjablonen" / "visiedocument.md.j2").write_text('# Visie\n\n{{ figuur("taart") }}\n',
                                                              encoding="utf-8")
    plan, catalog, answer_set, _ = load_state(plan_dir)
    with pytest.raises(TemplateError, match="geen figuur 'taart'"):
        render_plan(plan, catalog, answer_set, formats=("md",))


def test_a_new_plan_says_when_its_pictures_will_appear(new_plan):
    from handreiking.cli.main import main

    assert main(["render", str(new_plan), "--formaat", "md,html"]) == 0
    documents = new_plan / "documenten"
    assert "<svg" not in (documents / "index.html").read_text(encoding="utf-8")
    assert "*Figuur: het continuüm van ondersteuning.* De figuur verschijnt zodra" in \
        (documents / "visiedocument.md").read_text(encoding="utf-8")
