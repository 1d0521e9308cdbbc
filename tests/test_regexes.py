"""Patterns compiled from the stored program behave exactly as re.compile's, and a bad or missing
store only costs the compile."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from wuchuan_check import regexes


@pytest.fixture
def fresh_store(tmp_path, monkeypatch):
    """An empty cache folder and no programs loaded in this process."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(regexes, "_stored", None)
    monkeypatch.setattr(regexes, "_new", {})
    return tmp_path / "cache"


def _forget(monkeypatch):
    """As a new process would start: nothing loaded, nothing new."""
    monkeypatch.setattr(regexes, "_stored", None)
    monkeypatch.setattr(regexes, "_new", {})


SAMPLES = [
    (r"(?P<year>(?:19|20)\d\d)年(?:工作)?", 0),
    (r"^[（(]?[一二三四五六七八九十]+[)）、]", re.M),
    (r"[㐀-䶿一-鿿豈-\ufaff]+", 0),
    (r"(?<!全年)累计|历年", 0),
    (r"abc", re.I),
]


def test_a_stored_program_gives_a_pattern_equal_to_re_compile(fresh_store, monkeypatch):
    first = [regexes.compile(s, f) for s, f in SAMPLES]
    regexes.save()
    _forget(monkeypatch)
    # the next run must not parse again: every pattern comes from the file
    with monkeypatch.context() as m:
        m.setattr(regexes._parser, "parse", lambda *a: pytest.fail("parsed a stored pattern"))
        again = [regexes.compile(s, f) for s, f in SAMPLES]
    for (source, flags), a, b in zip(SAMPLES, first, again):
        expected = re.compile(source, flags)
        assert a == expected and b == expected, source
        assert b.groupindex == expected.groupindex and b.groups == expected.groups
    assert again[0].search("在2019年工作中").group("year") == "2019"
    assert again[1].findall("一、总体\n（二）分项") == ["一、", "（二）"]
    assert again[4].search("ABC")


def test_every_pattern_the_package_stores_equals_re_compile():
    """All of the package's patterns, after a score of every example (whatever this machine's
    cache holds, plus this run's)."""
    from wuchuan_check.api import score_file

    for path in sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt")):
        score_file(path)
    programs = regexes.stored_programs()
    assert len(programs) > 100  # the package's vocabularies, not a handful
    for (source, flags), entry in programs.items():
        assert regexes._build(source, entry) == re.compile(source, flags), source


def test_a_damaged_store_is_ignored_and_written_again(fresh_store, monkeypatch):
    regexes.compile(*SAMPLES[0])
    regexes.save()
    store = regexes._file()
    store.write_bytes(b"not a pickle")
    _forget(monkeypatch)
    assert regexes.compile(*SAMPLES[0]) == re.compile(*SAMPLES[0])
    regexes.save()
    _forget(monkeypatch)
    assert regexes.stored_programs().keys() == {SAMPLES[0]}


def test_a_program_that_sre_refuses_is_compiled_afresh(fresh_store, monkeypatch):
    source, flags = SAMPLES[0]
    regexes.compile(source, flags)
    regexes.save()
    _forget(monkeypatch)
    full, code, groups, gi, ig = regexes._load()[(source, flags)]
    code[0] = 0xFFFF  # not an opcode
    assert regexes.compile(source, flags) == re.compile(source, flags)


def test_a_syntax_error_is_re_error_as_with_re_compile(fresh_store):
    with pytest.raises(re.error):
        regexes.compile("(unclosed")
    assert not regexes.stored_programs()


def test_an_unwritable_cache_folder_only_costs_the_compile(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # cache_dir falls back to a temp folder
    _forget(monkeypatch)
    assert regexes.compile(*SAMPLES[1]) == re.compile(*SAMPLES[1])
    regexes.save()


def test_a_run_stores_the_programs_and_the_next_run_reads_them(tmp_path):
    """Two real processes: the first run writes the file at exit, the second compiles nothing."""
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = ("import re\nfrom re import _parser\nfrom wuchuan_check import regexes\n"
            "import wuchuan_check.reading.metadata, wuchuan_check.scoring.indicators\n"
            "print(len(regexes._new))")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert int(first.stdout) > 20  # compiled (and stored at exit)
    assert list((tmp_path / "wuchuan-check").glob("regexes-*.pickle"))
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert int(second.stdout) == 0  # every one read from the file
