"""The user cache: results of expensive work, kept while their sources are unchanged."""
from __future__ import annotations

import json
import os
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
    assert len(list(cache_home.glob("proef-*.json"))) == 1


def test_changed_source_or_extra_key_builds_again_and_keeps_one_entry(cache_home, tmp_path):
    source = tmp_path / "bron.txt"
    source.write_text("een", encoding="utf-8")
    build = lambda: source.read_text(encoding="utf-8")  # noqa: E731
    assert cache.remembered("proef", [source], build) == "een"
    source.write_text("twee of drie", encoding="utf-8")
    assert cache.remembered("proef", [source], build) == "twee of drie"
    assert cache.remembered("proef", [source], lambda: "anders", ("fase",)) == "anders"
    assert len(list(cache_home.glob("proef-*.json"))) == 1


def test_damaged_entry_is_built_again(cache_home, tmp_path):
    source = tmp_path / "bron.txt"
    source.write_text("een", encoding="utf-8")
    cache.remembered("proef", [source], lambda: "goed")
    [entry] = cache_home.glob("proef-*.json")
    entry.write_bytes(b"kapot")
    assert cache.remembered("proef", [source], lambda: "opnieuw") == "opnieuw"
    assert json.loads(entry.read_text(encoding="utf-8")) == "opnieuw"


def test_errors_are_not_cached(cache_home, tmp_path):
    source = tmp_path / "bron.txt"
    source.write_text("een", encoding="utf-8")

    def broken():
        raise ValueError("kapotte vragenlijst")

    for _ in range(2):
        with pytest.raises(ValueError):
            cache.remembered("proef", [source], broken)
    assert not list(cache_home.glob("proef-*.json"))


def test_cached_rules_equal_freshly_checked_ones(cache_home, tmp_path):
    """The cached advice rules are the same objects the checks produce."""
    from handreiking.advice import Rule, _build_rules
    from handreiking.expressions import Condition
    from handreiking.resources import data_dir

    phases = load_catalog().phases
    rules_path = data_dir("questionnaires") / "advies.yaml"
    rules = cache.remembered("adviesregels", [rules_path], lambda: _build_rules(rules_path, phases),
                             phases, types=(Rule, Condition))
    again = cache.remembered("adviesregels", [rules_path], lambda: pytest.fail("not read from the cache"),
                             phases, types=(Rule, Condition))
    assert again == rules
    assert rules == _build_rules(rules_path, phases) == load_rules(phases=phases)


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
    from handreiking.advice import _load_rules

    _load_rules.cache_clear()
    load_rules(phases=load_catalog().phases)  # fill the cache as a normal run does
    entries = list(cache_home.glob("*.json"))
    assert entries
    proof = tmp_path / "uitgevoerd"
    for entry in entries:  # an attacker replaces every entry with a pickle and with poisoned JSON
        entry.write_bytes(pickle.dumps(Payload(proof)))
    (cache_home / "vragenlijsten-extra.pickle").write_bytes(pickle.dumps(Payload(proof)))
    if situation == "writable for everyone":
        cache_home.chmod(0o777)
    else:
        monkeypatch.setattr(os, "getuid", lambda: os.stat(cache_home).st_uid + 1)
    cache.cache_dir.cache_clear()
    _load_rules.cache_clear()
    assert cache.cache_dir() is None
    assert load_rules(phases=load_catalog().phases)
    assert not proof.exists()
    _load_rules.cache_clear()


def test_a_pickle_in_our_own_folder_is_not_run_either(cache_home, tmp_path):
    """Entries are JSON: even a pickle in a safe folder is just a damaged entry."""
    source = tmp_path / "bron.txt"
    source.write_text("een", encoding="utf-8")
    cache.remembered("proef", [source], lambda: "goed")
    [entry] = cache_home.glob("proef-*.json")
    proof = tmp_path / "uitgevoerd"
    entry.write_bytes(pickle.dumps(Payload(proof)))
    assert cache.remembered("proef", [source], lambda: "opnieuw") == "opnieuw"
    assert not proof.exists()


def test_an_entry_cannot_make_objects_that_are_not_on_the_list():
    from handreiking.questionnaire import Choice

    plain = cache.to_plain((Choice("ja", "Ja"), {"a": [1, 2.5, None]}))
    assert cache.from_plain(plain, {"Choice": Choice}) == (Choice("ja", "Ja"), {"a": [1, 2.5, None]})
    with pytest.raises(KeyError):
        cache.from_plain({"$type": "Popen", "args": ["touch", "x"]}, {"Choice": Choice})


def test_no_cache_when_switched_off(cache_home, monkeypatch):
    monkeypatch.setenv("HANDREIKING_NO_CACHE", "1")
    cache.cache_dir.cache_clear()
    assert cache.cache_dir() is None
    assert cache.remembered("proef", [], lambda: 42) == 42
    assert not cache_home.exists()
