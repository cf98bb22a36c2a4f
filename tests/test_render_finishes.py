"""A render always finishes: unique bookmark and anchor names for any set of headings.

Two list items without a name give two headings "Nog in te vullen: Naam van het
uitgangspunt" in one document; Word's bookmark names are cut to 40 characters, and a
render once looped for ever looking for a free one. Every render here runs in a child
process with a generous time limit, so a hang fails the test instead of hanging the suite
(the limit only detects a hang; nothing here asserts a speed)."""
from __future__ import annotations

import multiprocessing
import re
import subprocess
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handreiking.render.docx import BOOKMARK_LENGTH, unique_bookmark_name
from helpers import copy_example, default_signals, examples, installed_command

HANG = 300  # seconds: far beyond any render on a loaded machine; only a hang gets here

UNNAMED = """uitgangspunten:
  - uitwerking: Nog uit te werken in de volgende sessie.
  - uitwerking: Ook dit uitgangspunt krijgt later een naam.
"""


def _with_principles(plan: Path, block: str) -> None:
    """Replace the *uitgangspunten* list of the plan's visie answers by ``block``."""
    path = plan / "antwoorden" / "2-visie.yaml"
    text = path.read_text(encoding="utf-8")
    text, found = re.subn(r"^uitgangspunten:\n(?:(?:  .*)?\n)*", block, text, count=1, flags=re.MULTILINE)
    assert found == 1
    path.write_text(text, encoding="utf-8")


def _bookmarks(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    return re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]*)"', body)


def _html_ids(page: Path) -> list[str]:
    """The ids of the page's own elements (a drawn picture's inner markup left out)."""
    text = re.sub(r"<svg\b.*?</svg>", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return re.findall(r'\sid="([^"]*)"', text)


def test_render_finishes_with_two_unnamed_list_items(tmp_path):
    """The case from the workshop, through the installed command."""
    plan = copy_example(tmp_path / "plan")
    _with_principles(plan, UNNAMED)
    done = subprocess.run([installed_command(), "render", str(plan), "--formaat", "md,html,docx"],
                          capture_output=True, text=True, timeout=HANG, preexec_fn=default_signals)
    assert done.returncode == 0, done.stdout + done.stderr
    markdown = (plan / "documenten" / "visiedocument.md").read_text(encoding="utf-8")
    assert markdown.count("Nog in te vullen: de naam van het uitgangspunt") >= 2
    for docx in (plan / "documenten").glob("*.docx"):
        names = _bookmarks(docx)
        assert len(names) == len(set(names)), docx.name
        assert all(len(name) <= BOOKMARK_LENGTH and re.fullmatch(r"[A-Za-z]\w*", name) for name in names)
    for page in (plan / "documenten").glob("*.html"):
        ids = _html_ids(page)
        assert len(ids) == len(set(ids)), page.name


# --- any set of headings ------------------------------------------------------------------

heading_texts = st.one_of(
    st.just(""),
    st.just("Nog in te vullen: de naam van het uitgangspunt"),
    st.just("Inhoud titel"),  # the slug of the table of contents' own id
    st.text(alphabet="абвгдежзияклмнопрстуфхцчшщ 北京市東京都ελληνικά", min_size=1, max_size=30),
    st.text(alphabet="abc -_2", min_size=1, max_size=12),  # 'a 2' beside 'a' twice, '-', …
    st.builds(lambda word, n: " ".join([word] * n), st.sampled_from(["Kinderopvang", "uitgangspunt", "x"]),
              st.integers(min_value=1, max_value=40)),
    st.text(min_size=0, max_size=60),
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(heading_texts, max_size=25))
def test_bookmark_names_are_unique_short_and_deterministic(texts):
    from handreiking.render.markdown import slug

    def names() -> list[str]:
        used: set[str] = set()
        for text in texts:
            used.add(unique_bookmark_name(slug(text), used))
        return sorted(used)

    first = names()
    assert len(first) == len(texts)  # a name of its own for every heading
    assert all(len(n) <= BOOKMARK_LENGTH and re.fullmatch(r"[A-Za-z]\w*", n) for n in first)
    assert names() == first


def _render_document(plan: str, markdown_text: str, queue: multiprocessing.Queue) -> None:
    """In a child: the HTML page and Word document of ``markdown_text``; their bookmark names and ids."""
    from handreiking.plan.documents import load_documents
    from handreiking.plan.folder import open_plan
    from handreiking.questionnaire.catalog import load_catalog
    from handreiking.render.pipeline import render_outputs

    spec = load_documents(load_catalog())[0]
    outputs = render_outputs(open_plan(plan), spec, markdown_text, ("html", "docx"))
    folder = Path(plan) / "uit"
    folder.mkdir(exist_ok=True)
    (folder / "d.docx").write_bytes(outputs["docx"])
    (folder / "d.html").write_bytes(outputs["html"])
    queue.put((_bookmarks(folder / "d.docx"), _html_ids(folder / "d.html"), outputs))


def in_child(target, *args):
    """What ``target(*args, queue)`` puts on the queue, run in a forked child, so that a
    hang fails the test (the child is killed) instead of hanging the suite."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=target, args=(*args, queue))
    child.start()
    try:
        return queue.get(timeout=HANG)
    except Exception as exc:  # queue.Empty after HANG seconds, or the child died
        raise AssertionError(f"the render did not finish within {HANG} s: a hang") from exc
    finally:
        child.join(timeout=HANG)
        if child.is_alive():
            child.kill()
            child.join()


def rendered_in_child(plan: Path, markdown_text: str) -> tuple[list[str], list[str], dict[str, bytes]]:
    return in_child(_render_document, str(plan), markdown_text)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headings=st.lists(st.tuples(st.sampled_from(["##", "###", "####"]), heading_texts), min_size=1, max_size=12))
def test_a_document_with_any_headings_renders_with_unique_names(tmp_path_factory, headings):
    plan = copy_example(tmp_path_factory.mktemp("koppen") / "plan")
    lines = ["# Document", ""]
    for level, text in headings:
        shown = " ".join(text.split()).replace("\\", "").replace("#", "").replace("*", "") or "…"
        lines += [f"{level} {shown}", "", "Tekst.", ""]
    markdown_text = "\n".join(lines)
    bookmarks, ids, outputs = rendered_in_child(plan, markdown_text)
    assert len(bookmarks) == len(set(bookmarks))
    assert all(len(name) <= BOOKMARK_LENGTH for name in bookmarks)
    assert len(ids) == len(set(ids))
    assert rendered_in_child(plan, markdown_text)[2] == outputs  # deterministic


item_names = st.one_of(
    st.none(),  # added in the workshop, to be named later
    st.just(""),
    st.just("Ieder kind is welkom"),
    st.text(alphabet="абвгдежзияклмнопрстуфхцчшщ 北京市東京都ελληνικά", min_size=1, max_size=30),
    st.builds(lambda n: " ".join(["Kinderopvang"] * n), st.integers(min_value=4, max_value=30)),
)


def _render_plan(plan: str, queue: multiprocessing.Queue) -> None:
    """In a child: ``handreiking render`` as the command runs it; its exit code."""
    from helpers import run_cli

    queue.put(run_cli("render", plan, "--formaat", "md,html,docx"))


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(item_names, min_size=1, max_size=6))
def test_a_plan_with_any_item_names_renders(tmp_path_factory, names):
    """Whole plans: list items without a name, with an empty, a very long or a non-Latin name, twice."""
    import json

    plan = copy_example(tmp_path_factory.mktemp("namen") / "plan")
    block = "uitgangspunten:\n"
    for name in names + names[:2]:  # the first two twice
        block += ("  - naam: " + json.dumps(name, ensure_ascii=False) + "\n    uitwerking: Tekst.\n"
                  if name is not None else "  - uitwerking: Tekst.\n")
    _with_principles(plan, block)
    assert in_child(_render_plan, str(plan)) == 0
    for docx in (plan / "documenten").glob("*.docx"):
        bookmarks = _bookmarks(docx)
        assert len(bookmarks) == len(set(bookmarks)), docx.name
    for page in (plan / "documenten").glob("*.html"):
        ids = _html_ids(page)
        assert len(ids) == len(set(ids)), page.name


def _live_view_render(plan: str, queue: multiprocessing.Queue) -> None:
    """In a child: one render as the live view (``serve``) makes it; what it printed."""
    from handreiking.cli.cmd_render import render_for_live_view

    lines: list[str] = []
    render_for_live_view(Path(plan), lambda text="", **_kwargs: lines.append(str(text)))
    queue.put(lines)


def test_the_live_view_finishes_with_two_unnamed_list_items(tmp_path):
    """``serve`` renders through the same code as ``render`` (and so does the wizard at the end
    of a phase, with ``render_plan``): the workshop's case finishes there too."""
    plan = copy_example(tmp_path / "plan")
    _with_principles(plan, UNNAMED)
    lines = in_child(_live_view_render, str(plan))
    assert any("visiedocument.docx" in line for line in lines), lines
    names = _bookmarks(plan / "documenten" / "visiedocument.docx")
    assert len(names) == len(set(names))
