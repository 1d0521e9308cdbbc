"""The on-disk checklist cache: a cold run reads the parsed, compiled checklist instead of
parsing YAML and compiling keywords, and never trusts a file that does not match the content."""

from __future__ import annotations

import subprocess
import sys

import pytest

from wuchuan_check.checklist import cache as checklist_cache
from wuchuan_check.checklist.model import outline_folder, parse_checklist
from wuchuan_check.reading.formats import load_report
from wuchuan_check.scoring import keywords
from wuchuan_check.scoring.keywords import compiled
from wuchuan_check.scoring.matching import match_report

SOURCE = "builtin:2021-2025"


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "wuchuan-check"


def _text() -> str:
    return (outline_folder() / "2021-2025.yaml").read_text(encoding="utf-8")


def _load(text: str, calls: list[str]):
    def parse():
        calls.append("parsed")
        return parse_checklist(text, source=SOURCE)

    return checklist_cache.cached_checklist(text, SOURCE, None, parse)


def _no_parse():
    pytest.fail("the YAML was parsed although the cache holds this content")


def test_second_load_reads_the_cache_and_scores_the_same(cache_home, examples_dir, monkeypatch):
    calls: list[str] = []
    fresh = _load(_text(), calls)
    assert calls == ["parsed"] and len(list(cache_home.glob("checklist-*.pickle"))) == 1
    monkeypatch.setattr(keywords, "_COMPILED", {})  # as in a new process
    cached = checklist_cache.cached_checklist(_text(), SOURCE, None, _no_parse)
    assert cached is not fresh and cached.id == fresh.id
    assert compiled(cached).checklist is cached  # registered: scoring does not compile it again
    report = load_report(examples_dir / "department-2023.txt")
    a = [(m.ref.id, [(e.text, e.score, e.keywords) for e in m.evidence]) for m in match_report(report, fresh)]
    b = [(m.ref.id, [(e.text, e.score, e.keywords) for e in m.evidence]) for m in match_report(report, cached)]
    assert a == b and any(ev for _, ev in a)


def test_edited_checklist_is_parsed_again(cache_home):
    _load(_text(), [])
    calls: list[str] = []
    edited = _text().replace("title:", "title: ", 1)  # same data, other text: another key
    _load(edited, calls)
    assert calls == ["parsed"] and len(list(cache_home.glob("checklist-*.pickle"))) == 2


def test_unreadable_cache_file_is_rebuilt(cache_home):
    _load(_text(), [])
    (path,) = cache_home.glob("checklist-*.pickle")
    path.write_bytes(b"not a pickle")
    calls: list[str] = []
    checklist = _load(_text(), calls)
    assert calls == ["parsed"] and checklist.items
    assert checklist_cache.cached_checklist(_text(), SOURCE, None, _no_parse).id == checklist.id


def test_old_cache_files_are_pruned(cache_home, monkeypatch):
    monkeypatch.setattr(checklist_cache, "MAX_FILES", 2)
    for n in range(3):  # three contents: the oldest one's files go
        _load(_text() + "\n" * (n + 1), [])
    assert len(list(cache_home.glob("checklist-*.pickle"))) == 2
    assert len(list(cache_home.glob("checklist-*.meta"))) == 2
    calls: list[str] = []
    _load(_text() + "\n\n\n", calls)  # the newest is still there
    assert calls == []


def test_invalid_checklist_is_never_cached(cache_home):
    with pytest.raises(Exception):
        _load("schema: wuchuan-check/checklist/v1\noutline: {id: x}\n", [])
    assert not list(cache_home.glob("checklist-*.pickle"))


def test_cold_score_with_a_warm_cache_parses_no_yaml(tmp_path, examples_dir):
    """A second process scoring a report neither composes YAML for the checklist nor compiles it."""
    code = (
        "import sys\n"
        "from wuchuan_check.checklist import model as checklist\nfrom wuchuan_check.scoring import keywords\n"
        "from wuchuan_check.api import score_file\n"
        f"score_file({str(examples_dir / 'township-2018.txt')!r})\n"
        "if sys.argv[1] == 'check':\n"
        "    def boom(*a, **k): raise SystemExit('parsed or compiled again')\n"
        "    checklist.parse_checklist = boom\n"
        "    keywords.CompiledChecklist.build = classmethod(boom)\n"
        "    checklist._load_builtin.cache_clear(); keywords._COMPILED.clear()\n"
        f"    card = score_file({str(examples_dir / 'township-2018.txt')!r})\n"
        "    assert card.items\n"
    )
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-c", code, "warm"], env=env, check=True)
    out = subprocess.run([sys.executable, "-c", code, "check"], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
