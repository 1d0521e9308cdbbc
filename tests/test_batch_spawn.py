"""A batch where worker processes cannot be forked (Windows, where most users are): the workers
are spawned, so everything they are handed is pickled and they start from a fresh interpreter.
Forced here with the start method Windows has, so Linux CI covers that path too."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from wuchuan_check.api import score_file
from wuchuan_check.render.batchfiles import BatchFiles
from wuchuan_check.runs import batch


def test_spawned_workers_score_as_a_forked_or_single_process_does(tmp_path: Path, examples_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    asked: list[str | None] = []
    real_context = multiprocessing.get_context

    def get_context(method: str | None = None) -> object:
        asked.append(method)
        return real_context(method)

    monkeypatch.setattr(multiprocessing, "get_context", get_context)
    good = examples_dir / "township-2018.txt"
    bad = tmp_path / "空文件.txt"
    bad.write_bytes(b"")
    out = tmp_path / "b.jsonl"
    result = batch.run_batch([good, bad], outline="2015-2020", jobs=1, outputs=BatchFiles(jsonl_path=out))
    assert asked == ["spawn"]
    assert [r.name for r in result.reports] == [good.name]
    assert len(result.failures) == 1 and "空文件.txt" in result.failures[0].path
    expected = score_file(good, "2015-2020")
    assert result.reports[0].tally == expected.tally
    assert out.read_text(encoding="utf-8").count("\n") == 2  # the report's record, then the failure
