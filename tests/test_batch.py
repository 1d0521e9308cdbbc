"""`wuchuan-check batch`: many reports in parallel, one bad file never sinks the batch."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import run_cli

from wuchuan_check.api import score_file
from wuchuan_check.render.batchfiles import MATRIX_CSV_COLUMNS
from wuchuan_check.runs.batch import collect_paths, run_batch

NAMES = ["county-annual-2019.txt", "county-selfcheck-2020.txt", "township-2020.txt"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real script in a fresh process: the module's smoke test (batch_run); the other batch
    calls run in-process (tests/clirun.py), which starts no interpreter per call."""
    env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "wuchuan_check", *args], capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory, examples_dir) -> Path:
    """Three reports in nested folders, a corrupt .docx, and files a folder scan must skip."""
    root = tmp_path_factory.mktemp("reports")
    (root / "县" / "2019").mkdir(parents=True)
    shutil.copy(examples_dir / NAMES[0], root / "县" / "2019" / NAMES[0])
    shutil.copy(examples_dir / NAMES[1], root / "县" / NAMES[1])
    shutil.copy(examples_dir / NAMES[2], root / NAMES[2])
    (root / "坏文件.docx").write_bytes(b"this is not a zip archive at all" * 10)
    (root / "说明.md").write_text("不是报告", encoding="utf-8")  # not a report format: skipped
    (root / ".hidden.txt").write_text("隐藏文件", encoding="utf-8")
    (root / "~$锁定.docx").write_bytes(b"lock")  # Word's lock file: skipped
    return root


@pytest.fixture(scope="module")
def batch_run(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    proc = run("batch", str(folder), "--jobs", "2", "--outline", "2015-2020",
               "--csv", str(out / "matrix.csv"), "--json", str(out / "batch.json"),
               "--xlsx", str(out / "batch.xlsx"), "--html", str(out / "batch.html"))
    return proc, out


def test_a_corrupt_file_is_one_clear_line_and_the_rest_are_scored(batch_run):
    proc, _ = batch_run
    assert proc.returncode == 0, proc.stderr
    bad = [line for line in proc.stderr.splitlines() if "坏文件.docx" in line]
    assert len(bad) == 1 and "docx" in bad[0] and "Traceback" not in proc.stderr
    assert "已评分 3 份报告" in proc.stderr and "1 个文件失败" in proc.stderr
    for name in NAMES:
        assert name in proc.stdout
    assert "说明.md" not in proc.stdout + proc.stderr and "hidden" not in proc.stdout + proc.stderr


def _matrix(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so Excel shows the Chinese"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == MATRIX_CSV_COLUMNS
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_matrix_csv_has_one_row_per_report_and_measure_matching_score(batch_run, folder):
    _, out = batch_run
    rows = _matrix(out / "matrix.csv")
    assert len(rows) == 3 * 44
    for path in [p for p in folder.rglob("*.txt") if not p.name.startswith(".")]:
        card = score_file(path, "2015-2020")
        mine = {r["分项编号"]: r for r in rows if Path(r["报告"]).name == path.name}
        assert len(mine) == 44
        for m in card.measures:
            row = mine[m.id]
            assert row["分项状态"] == m.status.measure_label, (path.name, m.id)
            assert (row["已完成支项"], row["适用支项"]) == (str(m.tally.done), str(m.tally.applicable))
        assert {r["年度"] for r in mine.values()} == {f"{card.report.meta.period[0]}-{card.report.meta.period[1]}"
                                                     if card.report.meta.period else str(card.report.meta.year)}


def test_json_file_holds_each_report_summary_and_the_failure(batch_run, examples_dir):
    _, out = batch_run
    data = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert data["batch"] == {"scored": 3, "failed": 1, "partial": False, "interrupted": False, "not_scored": 0}
    assert [Path(f["path"]).name for f in data["failed"]] == ["坏文件.docx"]
    by_name = {Path(r["report"]["path"]).name: r for r in data["reports"]}
    assert set(by_name) == set(NAMES)
    card = score_file(examples_dir / NAMES[2], "2015-2020")
    rec = by_name[NAMES[2]]
    assert rec["summary"]["done"] == card.tally.done and rec["summary"]["na"] == card.tally.na
    assert [m["status"] for m in rec["measures"]] == [m.status.value for m in card.measures]
    assert "items" not in rec, "per-item evidence would make the file grow a hundredfold"


def test_xlsx_and_html_pages_list_the_failure(batch_run):
    _, out = batch_run
    import openpyxl

    overview = openpyxl.load_workbook(out / "batch.xlsx")["总体情况"]
    failed = [r for r in overview.iter_rows(values_only=True) if r[0] and str(r[0]).endswith("坏文件.docx")]
    assert len(failed) == 1 and failed[0][1]
    page = (out / "batch.html").read_text(encoding="utf-8")
    assert "坏文件.docx" in page and all(name in page for name in NAMES)


def test_ranking_is_sorted_by_completion_rate(batch_run, examples_dir):
    proc, _ = batch_run
    rates = {n: score_file(examples_dir / n, "2015-2020").tally.rate_applicable for n in NAMES}
    printed = sorted(NAMES, key=lambda n: proc.stdout.index(n))
    assert printed == sorted(NAMES, key=lambda n: -rates[n])
    assert f"{rates[printed[0]] * 100:.1f}%" in proc.stdout


def test_no_report_scored_is_exit_2_and_writes_nothing(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "b.pdf").write_bytes(b"not a pdf")
    proc = run_cli("batch", str(tmp_path), "--jobs", "1", "--csv", str(tmp_path / "m.csv"))
    assert proc.returncode == 2
    assert sum(line.startswith("失败") for line in proc.stderr.splitlines()) == 2
    assert "没有一份报告评分成功" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "m.csv").exists()


def test_globs_and_missing_paths(tmp_path, examples_dir):
    for name in NAMES:
        shutil.copy(examples_dir / name, tmp_path / name)
    proc = run_cli("batch", str(tmp_path / "county-*.txt"), str(tmp_path / "不存在.txt"), "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert "county-annual-2019.txt" in proc.stdout and "township-2020.txt" not in proc.stdout
    assert "不存在.txt" in proc.stderr and "已评分 2 份报告" in proc.stderr


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "--jobs"),
    (["--csv", "/no/such/folder/m.csv"], "输出目录不存在"),
    (["--level", "火星"], "未知层级"),
])
def test_bad_options_are_one_line_and_exit_2(args, message, examples_dir):
    proc = run_cli("batch", str(examples_dir / NAMES[2]), *args)
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr  # refused before the progress bar starts


def test_own_output_in_the_input_folder_is_not_scored_next_time(tmp_path, examples_dir):
    shutil.copy(examples_dir / NAMES[2], tmp_path / NAMES[2])
    page = tmp_path / "结果.html"  # written by an earlier `batch … --html`
    page.write_text("<html><body>" + "法治政府建设" * 50 + "</body></html>", encoding="utf-8")
    assert len(collect_paths([tmp_path])[0]) == 2
    files, _ = collect_paths([tmp_path], exclude=[page])
    assert [p.name for p in files] == [NAMES[2]]


def test_parallel_and_serial_runs_agree(examples_dir):
    files = [examples_dir / n for n in NAMES]
    serial = {r.name: r.statuses for r in run_batch(files, "2015-2020", jobs=1).reports}
    parallel = {r.name: r.statuses for r in run_batch(files, "2015-2020", jobs=3).reports}
    assert serial == parallel and len(serial) == 3
