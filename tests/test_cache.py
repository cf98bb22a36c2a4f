"""The user cache folder (drawn pictures, render state): used only when it is safe, and
never holding code. (The questionnaires and advice rules are not cached: the build prepares them.)"""
from __future__ import annotations

import os
import pickle
import re
import shutil

import pytest

from handreiking.core import cache
from handreiking.insight.advice import load_rules
from handreiking.questionnaire.catalog import load_catalog


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache.cache_dir.cache_clear()
    yield tmp_path / "cache" / "handreiking"
    cache.cache_dir.cache_clear()


def test_the_cache_holds_no_code(cache_home, tmp_path):
    """After a whole render the cache holds JSON and the pictures' SVG and PNG, nothing else:
    no pickles, no compiled templates."""
    from helpers import copy_example, run_cli

    plan = copy_example(tmp_path / "plan")
    assert run_cli("render", str(plan)) == 0
    kinds = {path.suffix for path in cache_home.rglob("*") if path.is_file()}
    assert kinds and kinds <= {".json", ".svg", ".png"}, kinds


def test_edited_questionnaire_is_seen(cache_home, tmp_path):
    """Loading the catalogue again after an edit uses the edit, not the cached version."""
    from handreiking.core.resources import data_dir

    folder = tmp_path / "vragenlijsten"
    shutil.copytree(data_dir("questionnaires"), folder)
    before = load_catalog(folder)
    path = next(folder.glob("2-*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^titel: .*$", "titel: Onze visie", text, count=1), encoding="utf-8")
    after = load_catalog(folder)
    assert after.get("visie").title == "Onze visie"
    assert before.get("visie").title != "Onze visie"


def _no_home():
    raise RuntimeError("Could not determine home directory.")


@pytest.mark.parametrize("situation", ["cache folder is a file", "no home folder"])
def test_without_a_usable_cache_folder_everything_still_works(situation, tmp_path, monkeypatch):
    if situation == "cache folder is a file":
        blocker = tmp_path / "bestand"
        blocker.write_text("geen map", encoding="utf-8")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    else:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.setattr(cache.Path, "home", staticmethod(_no_home))
    cache.cache_dir.cache_clear()
    try:
        assert cache.cache_dir() is None and cache.cache_subdir("figuren") is None
        assert load_rules(phases=load_catalog().phases)
    finally:
        cache.cache_dir.cache_clear()


class Payload:
    """A pickle that, when loaded, leaves a file behind: proof that code ran."""

    def __init__(self, proof):
        self.proof = proof

    def __reduce__(self):
        return (os.system, (f"touch {self.proof}",))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
@pytest.mark.parametrize("situation", ["writable for everyone", "someone else's"])
def test_a_cache_folder_others_can_write_to_is_not_used(situation, cache_home, tmp_path, monkeypatch):
    """A planted entry in a folder others control is never read, let alone run."""
    figures = cache.cache_subdir("figuren")
    state = cache.cache_subdir("render-state")
    assert figures is not None and state is not None
    proof = tmp_path / "uitgevoerd"
    for entry in (figures / "tijdlijn-x.svg", state / "plan.json", cache_home / "vragenlijsten-extra.pickle"):
        entry.write_bytes(pickle.dumps(Payload(proof)))  # an attacker plants pickles and poisoned entries
    if situation == "writable for everyone":
        cache_home.chmod(0o777)
    else:
        monkeypatch.setattr(os, "getuid", lambda: os.stat(cache_home).st_uid + 1)
    cache.cache_dir.cache_clear()
    assert cache.cache_dir() is None
    assert cache.cache_subdir("figuren") is None and cache.cache_subdir("render-state") is None
    assert load_rules(phases=load_catalog().phases)
    assert not proof.exists()


def test_no_cache_when_switched_off(cache_home, monkeypatch):
    monkeypatch.setenv("HANDREIKING_NO_CACHE", "1")
    cache.cache_dir.cache_clear()
    assert cache.cache_dir() is None and cache.cache_subdir("figuren") is None
    assert not cache_home.exists()
