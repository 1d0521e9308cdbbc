"""The fast paths must not change a single result: one automaton pass gives the evidence the
per-keyword scan gave, stored keyword splits equal jieba's, scoring never loads jieba, and the
checklist is loaded and compiled once per process."""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from wuchuan_check.checklist.model import builtin_outline_ids, load_checklist_file, load_outline
from wuchuan_check.reading.formats import load_report
from wuchuan_check.scoring import hits, keywords, matching, segment
from wuchuan_check.scoring.keywords import CompiledChecklist, compiled, split_terms
from wuchuan_check.scoring.matching import match_report

SEEDS = ("000", "001", "003", "004")
EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))
REFRESH = "python -m wuchuan_check.scoring.segment --refresh"


def _evidence(report, checklist) -> dict[str, list[tuple]]:
    """Per item: each evidence sentence's index, keywords, score and concreteness, in order."""
    index = {id(s): i for i, s in enumerate(report.sentences)}
    return {
        m.ref.id: [(index[id(e.sentence)], e.keywords, e.score, e.concreteness) for e in m.evidence]
        for m in match_report(report, checklist)
    }


_OLD_COMPILED: dict[tuple[int, object], tuple[object, CompiledChecklist]] = {}


def _old_compiled(checklist, settings) -> CompiledChecklist:
    """The checklist compiled with jieba's splits, once per checklist and settings (as `compiled`
    keeps the new form): ~0.07 s a build, which each report's comparison repeated."""
    key = (id(checklist), settings)
    if key not in _OLD_COMPILED or _OLD_COMPILED[key][0] is not checklist:
        _OLD_COMPILED[key] = (checklist, CompiledChecklist.build(checklist, settings, words_of=segment.split_words))
    return _OLD_COMPILED[key][1]


def _old_evidence(report, checklist, monkeypatch) -> dict[str, list[tuple]]:
    """The same through the previous matcher: jieba splits and a str.find walk per keyword."""
    with monkeypatch.context() as m:
        m.setattr(matching, "Haystack", hits.ScanHaystack)
        m.setattr(matching, "compiled", _old_compiled)
        return _evidence(report, checklist)


def _same_as_before(path: Path, monkeypatch) -> None:
    report = load_report(path)
    for outline_id in builtin_outline_ids():
        checklist = load_outline(outline_id)
        new, old = _evidence(report, checklist), _old_evidence(report, checklist, monkeypatch)
        assert sum(map(len, old.values())) > 0 or "negative" in path.name
        for item_id in old:
            assert new[item_id] == old[item_id], f"{path.name} {outline_id} {item_id}"


@pytest.mark.parametrize("prefix", SEEDS)
def test_automaton_evidence_identical_on_seeds(seed, prefix, monkeypatch):
    _same_as_before(seed(prefix), monkeypatch)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_automaton_evidence_identical_on_examples(path, monkeypatch):
    _same_as_before(path, monkeypatch)


@pytest.mark.parametrize("outline_id", builtin_outline_ids())
def test_shipped_split_files_are_current(outline_id):
    why = segment.stale_reason(outline_id)
    assert why is None, f"outline/{outline_id}.words.json: {why}. Run `{REFRESH}` and commit the result."
    shipped = json.loads(segment.words_file(outline_id).read_text(encoding="utf-8"))["splits"]
    terms = split_terms(load_outline(outline_id))
    assert terms <= set(shipped), f"terms missing from the split file; run `{REFRESH}`"
    for term in sorted(terms)[::25]:  # a sample against jieba itself
        assert tuple(shipped[term]) == segment.split_words(term)


def test_scoring_never_loads_jieba(examples_dir):
    code = (
        "import sys\n"
        "from wuchuan_check.api import score_file\n"
        f"card = score_file({str(examples_dir / 'county-annual-2019.txt')!r})\n"
        "assert card.items, 'nothing scored'\n"
        "print('jieba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-W", "error::UserWarning:wuchuan_check.scoring.segment", "-c", code],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_own_checklist_is_split_once_into_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    own = tmp_path / "own.yaml"
    own.write_bytes(segment._builtin_yaml("2021-2025").read_bytes())
    checklist = load_checklist_file(own)  # not built-in: nothing shipped for it
    terms = split_terms(checklist)
    first = segment.keyword_splits(checklist, terms)
    assert first == {t: segment.split_words(t) for t in terms}
    assert len(list((tmp_path / "cache" / "wuchuan-check").glob("splits-*.json"))) == 1
    monkeypatch.setattr(segment, "split_words", lambda t: pytest.fail("jieba ran again for a cached split"))
    assert segment.keyword_splits(load_checklist_file(own), terms) == first


def test_stale_split_file_is_recomputed_not_trusted(monkeypatch):
    checklist = load_outline("2015-2020")
    term = next(t for t in sorted(split_terms(checklist)) if len(segment.split_words(t)) >= 2)
    monkeypatch.setattr(segment, "stale_reason", lambda outline_id: "changed")
    # the warning is for a source checkout; CI tests an installed copy, which has no .git beside it
    monkeypatch.setattr(segment, "_development", lambda: True)
    segment._shipped_splits.cache_clear()
    try:
        with pytest.warns(UserWarning, match=re.escape(REFRESH)):  # a command the developer can run
            splits = segment.keyword_splits(checklist, [term])
    finally:
        segment._shipped_splits.cache_clear()
    assert splits[term] == segment.split_words(term)


def test_pattern_keywords_match_exactly_where_their_regex_does():
    """found_in walks the parts instead of compiling the regex: same answer on every text, with
    line breaks, repeated parts and gaps at their limit (random texts over a tiny alphabet)."""
    import random
    import re

    rng = random.Random(14)
    for _ in range(5000):
        parts = tuple("".join(rng.choice("ab") for _ in range(rng.randint(1, 2))) for _ in range(rng.randint(2, 3)))
        gap = rng.randint(0, 3)
        source = f"[^\n]{{0,{gap}}}?".join(re.escape(p) for p in parts)
        kw = keywords.Keyword("k", "k", source, None, 1.0, parts=parts, gap=gap)
        text = "".join(rng.choice("ab\nc") for _ in range(rng.randint(0, 14)))
        assert kw.found_in(text) == bool(re.search(source, text)), (parts, gap, text)


def test_checklist_patterns_carry_the_gap_their_regex_allows():
    cc = compiled(load_outline("2015-2020"))
    patterns = [kw for kws in cc.item_keywords.values() for kw in kws if kw.source is not None]
    assert patterns and all(f"{{0,{kw.gap}}}?" in kw.source for kw in patterns)


def test_compiled_checklist_is_cached_by_content_and_survives_pickling():
    a, b = load_checklist_file(segment._builtin_yaml("2015-2020")), load_checklist_file(segment._builtin_yaml("2015-2020"))
    assert a is not b
    assert compiled(a) is compiled(b), "two loads of one file compile once"
    cc = pickle.loads(pickle.dumps(compiled(a)))
    report = load_report(EXAMPLES[0])
    assert cc.literal_hits([s.text for s in report.sentences]) == compiled(a).literal_hits([s.text for s in report.sentences])


def test_builtin_outline_loaded_once():
    assert load_outline("2021-2025") is load_outline("2021-2025")


def test_shipped_traditional_table_is_opencc_s():
    from wuchuan_check.reading import textnorm
    from wuchuan_check.reading._traditional import TRADITIONAL

    assert TRADITIONAL == textnorm.traditional_chars(), (
        "wuchuan_check/_traditional.py is out of date (OpenCC changed?): run "
        "`python -c \"from wuchuan_check.reading.textnorm import write_traditional_table; write_traditional_table()\"`")
    assert textnorm.has_traditional("依法行政考核結果") and not textnorm.has_traditional("依法行政考核结果")


def test_help_and_version_load_no_scorer():
    code = ("import sys\nfrom wuchuan_check import cli\n"
            "assert cli.DEFAULT_OUTLINE == 'auto'\n"
            "print(sorted(m for m in sys.modules if m.startswith('wuchuan_check.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(eval(out))
    assert not loaded & {"wuchuan_check.scoring.scorecard", "wuchuan_check.scoring.matching", "wuchuan_check.checklist.model",
                         "wuchuan_check.reading.formats", "wuchuan_check.api"}, loaded


def test_cli_defaults_follow_the_library():
    from wuchuan_check import cli
    from wuchuan_check.api import DEFAULT_OUTLINE
    from wuchuan_check.runs.batch import DEFAULT_BUDGET

    assert cli.DEFAULT_OUTLINE == DEFAULT_OUTLINE
    assert (cli.DEFAULT_TIMEOUT, cli.DEFAULT_MEMORY_MB) == (DEFAULT_BUDGET.seconds, DEFAULT_BUDGET.memory_mb)
