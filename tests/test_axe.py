"""WCAG 2.1 A and AA with axe-core: every HTML page of the example plans, and of a plan whose
questions are all still open, has no violation.

axe-core (Deque's rule engine, the one browser extensions and government audits use) runs in
headless Chromium on a copy of each page: the copy gets axe's script and a few lines that
run it with the tags wcag2a, wcag2aa, wcag21a and wcag21aa and write the violations into the
page, which ``--dump-dom`` prints. The page itself forbids every script (its
Content-Security-Policy); the copy drops that one meta tag and nothing else.

axe-core comes from the npm registry at a pinned version: ``.ci/run`` installs it into
``.tools/`` (``npm install --prefix .tools axe-core@<AXE_VERSION>``); ``HANDREIKING_AXE_JS``
may point to another copy of ``axe.min.js``. Without Chromium or axe-core the test is skipped
on a developer's machine and fails in CI, which installs both.
"""
from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest

from handreiking.cli.main import main
from visual_tools import REPO, chromium_cmd, in_ci, run, tool

AXE_VERSION = "4.10.3"  # the version .ci/run installs
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
EXAMPLES = sorted(path.parent for path in (REPO / "examples").glob("*/plan.yaml"))
_RESULT_ID = "axe-uitslag"
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
# Each page runs in a frame of one runner page (a ``srcdoc`` frame shares the runner's
# origin, so its result can be handed up): one Chromium start for all pages of a plan.
_IN_FRAME = """<script>
axe.run(document, {runOnly: {type: 'tag', values: %(tags)s}})
  .then(function (result) {
    parent.report(%(name)s, {version: axe.version, passes: result.passes.length,
      violations: result.violations.map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(function (n) { return n.target.join(' ') + ': ' + n.failureSummary; })};
      })});
  })
  .catch(function (error) { parent.report(%(name)s, {error: String(error)}); });
</script>
"""
_RUNNER = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>axe-core</title></head><body>
<script>
var pages = %(pages)s, results = {}, left = Object.keys(pages).length;
function report(name, result) {
  results[name] = result;
  if (--left === 0) {
    var out = document.createElement('pre'); out.id = '%(id)s'; out.textContent = JSON.stringify(results);
    document.body.appendChild(out);
  }
}
Object.keys(pages).forEach(function (name) {
  var frame = document.createElement('iframe');
  frame.title = name; frame.width = 1280; frame.height = 720; frame.srcdoc = pages[name];
  document.body.appendChild(frame);
});
</script>
</body></html>
"""


def axe_script() -> str:
    """The text of ``axe.min.js``. Missing: skip locally, fail in CI (CI installs it)."""
    candidates = [os.environ.get("HANDREIKING_AXE_JS", ""),
                  str(REPO / ".tools" / "node_modules" / "axe-core" / "axe.min.js")]
    for candidate in filter(None, candidates):
        if Path(candidate).is_file():
            return Path(candidate).read_text(encoding="utf-8")
    message = (f"axe-core is not installed (npm install --prefix .tools axe-core@{AXE_VERSION}, "
               "as .ci/run does, or HANDREIKING_AXE_JS=<path of axe.min.js>)")
    if in_ci():
        pytest.fail(message + "; CI must install it", pytrace=False)
    pytest.skip(message)


def axe_check(chromium: str, script: str, pages: list[Path], work: Path) -> dict[str, dict]:
    """Run axe-core on a copy of each of ``pages`` in headless Chromium; per file name its
    result (``version``, ``passes``: the number of rules passed, ``violations``)."""
    copies = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "</body>" in text, page
        runner = _IN_FRAME % {"tags": json.dumps(list(TAGS)), "name": json.dumps(page.name)}
        copies[page.name] = _CSP.sub("", text, count=1).replace(
            "</body>", "<script>" + script.replace("</script", "<\\/script") + "</script>\n" + runner + "</body>", 1)
    work.mkdir(parents=True, exist_ok=True)
    target = work / "axe.html"
    target.write_text(_RUNNER % {"id": _RESULT_ID, "pages": json.dumps(copies).replace("</", "<\\/")},
                      encoding="utf-8")
    # virtual time: axe's timers run as fast as the pages allow, and the DOM is printed when
    # they are all done (no wall-clock wait)
    result = run(chromium_cmd(chromium, work / "profiel", "--virtual-time-budget=120000", "--dump-dom",
                              target.as_uri()), timeout=300)
    found = re.search(rf'<pre id="{_RESULT_ID}">(.*?)</pre>', result.stdout, re.S)
    assert found, f"axe-core gave no result for {[page.name for page in pages]}:\n{result.stderr[-2000:]}"
    results = json.loads(html.unescape(found.group(1)))
    assert sorted(results) == sorted(copies)
    return results


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
                     for v in violations)


@pytest.fixture(scope="module")
def axe_tools() -> tuple[str, str]:
    return tool("chromium"), axe_script()


@pytest.fixture(scope="module")
def open_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new plan whose questions are all still open, rendered."""
    plan = tmp_path_factory.mktemp("axe") / "leeg"
    assert main(["init", str(plan), "--titel", "Plan met open vragen"]) == 0
    assert main(["render", str(plan)]) == 0
    return plan / "documenten"


@pytest.mark.slow
def test_axe_finds_what_it_should(axe_tools: tuple[str, str], tmp_path: Path) -> None:
    """The check itself: a page without a language, with an image without a text and with
    grey text on white is reported, so an empty list below means something."""
    chromium, script = axe_tools
    page = tmp_path / "fout.html"
    page.write_text('<!DOCTYPE html>\n<html><head><title>Fout</title></head><body><main><h1>Fout</h1>'
                    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                    '<p style="color:#bbb">Lichtgrijze tekst.</p></main></body></html>\n', encoding="utf-8")
    result = axe_check(chromium, script, [page], tmp_path / "axe")["fout.html"]
    assert result.get("version") == AXE_VERSION or "HANDREIKING_AXE_JS" in os.environ, result.get("version")
    assert {"html-has-lang", "image-alt", "color-contrast"} <= {v["id"] for v in result["violations"]}, result


@pytest.mark.slow
@pytest.mark.parametrize("example", [path.name for path in EXAMPLES])
def test_example_pages_have_no_wcag_violations(axe_tools: tuple[str, str], example: str, tmp_path: Path) -> None:
    chromium, script = axe_tools
    pages = sorted((REPO / "examples" / example / "documenten").glob("*.html"))
    assert any(page.name == "index.html" for page in pages) and len(pages) >= 7
    failures = {}
    for name, result in axe_check(chromium, script, pages, tmp_path).items():
        assert "error" not in result, result
        assert result["passes"] >= 10, result  # axe really ran its rules on the page
        if result["violations"]:
            failures[name] = _describe(result["violations"])
    assert not failures, "\n".join(f"{name}:\n{text}" for name, text in failures.items())


@pytest.mark.slow
def test_pages_of_a_plan_with_open_questions_have_no_wcag_violations(axe_tools: tuple[str, str], open_plan: Path,
                                                                    tmp_path: Path) -> None:
    chromium, script = axe_tools
    pages = sorted(open_plan.glob("*.html"))
    assert len(pages) >= 7
    failures = {}
    for name, result in axe_check(chromium, script, pages, tmp_path).items():
        assert "error" not in result and result["passes"] >= 10, result
        if result["violations"]:
            failures[name] = _describe(result["violations"])
    assert not failures, "\n".join(f"{name}:\n{text}" for name, text in failures.items())


def test_axe_version_is_the_one_ci_installs() -> None:
    """.ci/run installs the version this test file names."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"axe-core@{AXE_VERSION}" in ci
