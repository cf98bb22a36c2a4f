"""The user cache: results of expensive work, kept while their sources are unchanged."""
from __future__ import annotations

import pickle
import re
import shutil

import pytest

from handreiking import cache
from handreiking.advice import load_rules
from handreiking.questionnaire import load_catalog


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache.cache_dir.cache_clear()
    yield tmp_path / "cache" / "handreiking"
    cache.cache_dir.cache_clear()


def test_result_is_built_once_and_then_read(cache_home, tmp_path):
    source = tmp_path / "bron.txt"
    source.write_text("een", encoding="utf-8")
    builds = []

    def build():
        builds.append(1)
        return {"tekst": source.read_text(encoding="utf-8")}

    assert cache.remembered("proef", [source], build) == {"tekst": "een"}
    assert cache.remembered("proef", [source], build) == {"tekst": "een"}
    assert len(builds) == 1
    assert len(list(cache_home.glob("proef-*.pickle"))) == 1


def test_changed_source_or_extra_key_builds_again_and_keeps_one_entry(cache_home, tmp_path):
    source = tmp_path / "bron.txt"
    source.write_text("een", encoding="utf-8")
    build = lambda: source.read_text(encoding="utf-8")  # noqa: E731
    assert cache.remembered("proef", [source], build) == "een"
    source.write_text("twee of drie", encoding="utf-8")
    assert cache.remembered("proef", [source], build) == "twee of drie"
    assert cache.remembered("proef", [source], lambda: "anders", ("fase",)) == "anders"
    assert len(list(cache_home.glob("proef-*.pickle"))) == 1


def test_damaged_entry_is_built_again(cache_home, tmp_path):
    source = tmp_path / "bron.txt"
    source.write_text("een", encoding="utf-8")
    cache.remembered("proef", [source], lambda: "goed")
    [entry] = cache_home.glob("proef-*.pickle")
    entry.write_bytes(b"kapot")
    assert cache.remembered("proef", [source], lambda: "opnieuw") == "opnieuw"
    assert pickle.loads(entry.read_bytes()) == "opnieuw"


def test_errors_are_not_cached(cache_home, tmp_path):
    source = tmp_path / "bron.txt"
    source.write_text("een", encoding="utf-8")

    def broken():
        raise ValueError("kapotte vragenlijst")

    for _ in range(2):
        with pytest.raises(ValueError):
            cache.remembered("proef", [source], broken)
    assert not list(cache_home.glob("proef-*.pickle"))


def test_cached_questionnaires_and_rules_equal_freshly_checked_ones(cache_home, tmp_path):
    """The pickled catalogue and advice rules are the same objects the checks produce."""
    from handreiking.advice import _build_rules
    from handreiking.questionnaire import _build_catalog
    from handreiking.resources import data_dir

    files = tuple(sorted(p for p in data_dir("questionnaires").glob("*.yaml") if p.name[0].isdigit()))
    fresh = _build_catalog(files)
    first = cache.remembered("vragenlijsten", files, lambda: _build_catalog(files))
    second = cache.remembered("vragenlijsten", files, lambda: pytest.fail("not read from the cache"))
    assert first == fresh == second
    rules_path = data_dir("questionnaires") / "advies.yaml"
    rules = cache.remembered("adviesregels", [rules_path], lambda: _build_rules(rules_path, fresh.phases),
                             fresh.phases)
    assert rules == _build_rules(rules_path, fresh.phases) == load_rules(phases=fresh.phases)


def test_edited_questionnaire_is_seen(cache_home, tmp_path):
    """Loading the catalogue again after an edit uses the edit, not the cached version."""
    from handreiking.resources import data_dir

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
        assert cache.cache_dir() is None
        assert cache.remembered("proef", [], lambda: 42) == 42
    finally:
        cache.cache_dir.cache_clear()
