"""Fuzz sample in CI: a few seeded files of every hostile class of bench/hostile_corpus.py.

Each file is read in a forked child with a hard timeout enforced here (the child is killed), so a
hang fails the test instead of stalling CI. Nothing but the project's own one-line errors may
come out, and classes that must read (real reports in odd clothing) must read.
The full 10,000-file run and its figures are in docs/reliability.md.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the harness forks")

_PATH = Path(__file__).resolve().parent.parent / "bench" / "hostile_corpus.py"
_spec = importlib.util.spec_from_file_location("hostile_corpus", _PATH)
assert _spec and _spec.loader
hc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hc)

PER_CLASS = 2
TIMEOUT_S = 30.0  # far above any class's worst case in the 10,000-file run; only a hang hits it


def test_the_corpus_has_at_least_30_classes() -> None:
    assert len(hc.CLASSES) >= 30
    assert len(hc.plan(10_000)) == 10_000


def test_the_generator_is_seeded() -> None:
    for cls in list(hc.CLASSES)[:10]:
        assert hc.make(cls, 1, seed=3) == hc.make(cls, 1, seed=3)


@pytest.mark.parametrize("cls", list(hc.CLASSES))
def test_hostile_class_gives_a_result_or_one_line_error(tmp_path: Path, cls: str) -> None:
    import wuchuan_check.checklist.model  # noqa: F401  (imported before forking: children start warm)
    import wuchuan_check.reading.formats  # noqa: F401

    expected = hc.CLASSES[cls][1]
    for index in range(PER_CLASS):
        name, data = hc.make(cls, index, seed=7)
        path = tmp_path / name
        path.write_bytes(data)
        outcome, detail, seconds, _rss = hc.run_forked(path, TIMEOUT_S)
        assert outcome != "hang", f"{name}: no result within {TIMEOUT_S:.0f} s"
        assert outcome != "error", f"{name}: {detail}"
        if outcome == "refused":
            assert name in detail, f"the message names the file: {detail}"
        if expected != "any":
            assert outcome == expected, f"{name}: {outcome} {detail}"
