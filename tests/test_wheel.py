"""The wheel carries questionnaires, templates and the example, and works outside the repo."""
from __future__ import annotations

import pytest

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile

from helpers import EXAMPLE, REPO

pytestmark = pytest.mark.slow  # builds the wheel and installs it in a fresh venv


def test_wheel_installs_in_a_fresh_venv_and_renders_the_example(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("handreiking-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "handreiking/_data/questionnaires/1-vertrekpunt.yaml" in names
    assert "handreiking/_data/templates/visiedocument.md.j2" in names
    assert "handreiking/_data/voorbeeld/plan.yaml" in names
    assert "handreiking/_compiled/voorwaarden.json" in names  # the build hook's compiled conditions
    assert "handreiking/_compiled/voorwaarden.py" in names  # the conditions and messages, one function each
    assert sum(n.startswith("handreiking/_compiled/sjabloon_") for n in names) >= 10  # the document templates
    for font in ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "OFL.txt",  # the pictures' font
                 "Carlito-Regular.ttf", "Carlito-Bold.ttf", "Carlito-Italic.ttf", "Carlito-BoldItalic.ttf"):  # the PDF's
        assert f"handreiking/render/fonts/{font}" in names
    info = next(n for n in names if n.endswith(".dist-info/METADATA"))
    metadata = zipfile.ZipFile(wheel).read(info).decode("utf-8")
    assert "License-Expression: EUPL-1.2" in metadata
    assert "Classifier: Natural Language :: Dutch" in metadata
    assert "Project-URL: De handreiking (Rijksoverheid, 2025), https://www.rijksoverheid.nl/" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    runtime = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert runtime and not any("jsonschema" in line or "build" in line for line in runtime), runtime

    # A fresh venv with only the wheel installed; its dependencies are borrowed from this
    # environment by a path entry (not by installing them again, which took most of the time).
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    bin_dir = env_dir / "bin"
    site = next((env_dir / "lib").glob("python*/site-packages"))
    (site / "afhankelijkheden.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--no-deps", "-q",
                    str(wheel)], check=True, capture_output=True)
    work = tmp_path / "elders"
    work.mkdir()
    env = {"PATH": f"{bin_dir}:{os.environ.get('PATH', '')}", "LANG": "C.UTF-8", "HOME": str(tmp_path)}
    run = lambda *args: subprocess.run([str(bin_dir / "handreiking"), *args], cwd=work, env=env,  # noqa: E731
                                       capture_output=True, text=True)
    result = run("init", "--voorbeeld", "demo")
    assert result.returncode == 0, result.stderr
    result = run("render", "demo")
    assert result.returncode == 0, result.stderr
    where = subprocess.run([str(bin_dir / "python"), "-c",
                            "from handreiking.core.resources import data_dir; print(data_dir('templates'))"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert str(env_dir) in where  # the packed data, not the repository
    for document in (p for p in (EXAMPLE / "documenten").iterdir() if not p.name.startswith(".")):
        assert (work / "demo" / "documenten" / document.name).read_bytes() == document.read_bytes(), document.name


def test_sdist_carries_the_license_the_hooks_and_the_docs(tmp_path):
    import tarfile

    subprocess.run([sys.executable, "-m", "build", "--sdist", "-o", str(tmp_path), str(REPO)], check=True,
                   capture_output=True)
    sdist = next(tmp_path.glob("handreiking-*.tar.gz"))
    names = {name.split("/", 1)[1] for name in tarfile.open(sdist).getnames() if "/" in name}
    assert {"LICENSE", ".pre-commit-hooks.yaml", "docs/visual-check.md", "README.md"} <= names
    assert any(name.startswith("docs/img/") for name in names)
