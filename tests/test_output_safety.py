"""Outputs never destroy an input or another file: refused with one line and exit 2, or written safely."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wuchuan_check.cli import app
from wuchuan_check.render import atomic
from wuchuan_check.render.export import CSV_COLUMNS, write_csv_rows

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = ["county-annual-2019.txt", "county-selfcheck-2020.txt"]


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "报告.txt"
    shutil.copy(EXAMPLES / NAMES[0], path)
    return path


def refused(result, *words: str) -> str:
    """The run ended with exit 2 and one line on stderr holding every word."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("option", ["--csv", "--json", "--xlsx", "--html"])
def test_score_refuses_to_write_over_its_input(report, option):
    before = report.read_bytes()
    refused(invoke("score", report, option, report), str(report), "输入文件")
    assert report.read_bytes() == before


def test_a_symlink_or_hard_link_to_the_input_is_the_input(report, tmp_path):
    before = report.read_bytes()
    (tmp_path / "link.csv").symlink_to(report)
    os.link(report, tmp_path / "hard.csv")
    refused(invoke("score", report, "--csv", tmp_path / "link.csv"), "link.csv", "输入文件")
    refused(invoke("score", report, "--json", tmp_path / "hard.csv"), "hard.csv", "输入文件")
    assert report.read_bytes() == before


def test_the_tailoring_file_is_an_input_too(report, tmp_path):
    tailoring = tmp_path / "裁剪.yaml"
    tailoring.write_text("schema: wuchuan-check/tailoring/v1\n", encoding="utf-8")
    refused(invoke("score", report, "--tailoring", tailoring, "--json", tailoring), "裁剪.yaml")
    assert tailoring.read_text(encoding="utf-8") == "schema: wuchuan-check/tailoring/v1\n"


def test_two_outputs_of_one_run_cannot_be_one_file(report, tmp_path):
    refused(invoke("score", report, "--csv", tmp_path / "a.out", "--json", tmp_path / "a.out"), "a.out", "另一个输出")
    assert not (tmp_path / "a.out").exists()


def test_outputs_differing_only_in_case_clash_on_a_case_insensitive_disk(report, tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "_probe_folder", lambda folder, shown: True)  # as on macOS or Windows
    refused(invoke("score", report, "--csv", tmp_path / "R.out", "--json", tmp_path / "r.out"), "r.out", "另一个输出")


def test_batch_refuses_an_output_that_is_one_of_the_collected_reports(tmp_path):
    for name in NAMES:
        shutil.copy(EXAMPLES / name, tmp_path / name)
    victim = tmp_path / NAMES[1]
    before = victim.read_bytes()
    refused(invoke("batch", tmp_path, "--csv", victim), NAMES[1], "输入文件")
    assert victim.read_bytes() == before


def test_batch_replaces_its_own_earlier_page_in_the_input_folder(tmp_path):
    shutil.copy(EXAMPLES / NAMES[0], tmp_path / NAMES[0])
    page = tmp_path / "结果.html"
    first = invoke("batch", tmp_path, "--html", page, "--jobs", "1")
    assert first.exit_code == 0, first.output
    again = invoke("batch", tmp_path, "--html", page, "--jobs", "1")
    assert again.exit_code == 0, again.output
    assert "共 1 份报告" in again.stdout, "the page is replaced, not scored as a report"


def test_compare_refuses_to_write_over_a_report(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    shutil.copy(EXAMPLES / NAMES[0], old)
    shutil.copy(EXAMPLES / NAMES[1], new)
    before = new.read_bytes()
    refused(invoke("compare", old, new, "--outline", "2015-2020", "--csv", new), "new.txt", "输入文件")
    assert new.read_bytes() == before


def _device(tmp_path: Path) -> Path:
    """A null device to give as output. As root, a private node: a regression would replace it,
    not the machine's /dev/null; others cannot replace /dev/null at all."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


def test_a_device_or_fifo_is_not_an_output(report, tmp_path):
    device = _device(tmp_path)
    refused(invoke("score", report, "--csv", device), str(device), "不是普通文件")
    assert device.is_char_device()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused(invoke("score", report, "--json", fifo), "pipe", "不是普通文件")
    assert fifo.is_fifo()


def test_dash_writes_csv_or_json_to_stdout(report, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("score", report, "--csv", "-")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == CSV_COLUMNS and len(rows) > 10, "only the CSV on stdout, no scorecard"
    assert not (tmp_path / "-").exists()
    result = invoke("score", report, "--json", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outline"]["id"] == "2015-2020"
    assert not (tmp_path / "-").exists()


def test_only_one_output_may_take_stdout(report):
    refused(invoke("score", report, "--csv", "-", "--json", "-"), "标准输出")
    refused(invoke("score", report, "--format", "json", "--csv", "-"), "标准输出")


def test_a_symlinked_output_is_written_through_to_its_target(report, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    result = invoke("score", report, "--csv", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8-sig").startswith(",".join(CSV_COLUMNS))


def test_an_existing_output_keeps_its_mode(report, tmp_path):
    out = tmp_path / "gaps.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert invoke("score", report, "--csv", out).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o640
    assert out.read_text(encoding="utf-8-sig").startswith("大项")


def test_a_read_only_output_is_never_replaced(report, tmp_path):
    out = tmp_path / "gaps.csv"
    out.write_text("保留", encoding="utf-8")
    out.chmod(0o444)
    refused(invoke("score", report, "--csv", out), "gaps.csv", "只读")
    assert out.read_text(encoding="utf-8") == "保留"


def test_an_unwritable_folder_is_refused_before_scoring_naming_the_output(report, tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    line = refused(invoke("score", report, "--csv", tmp_path / "gaps.csv"), "gaps.csv", "不可写")
    assert ".tmp" not in line and ".gaps.csv." not in line, "the output, not a hidden temp file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_is_refused(report, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o555)
    refused(invoke("score", report, "--csv", folder / "gaps.csv"), "gaps.csv", "不可写")


def test_a_full_disk_names_the_output_and_keeps_the_old_file(report, tmp_path, monkeypatch):
    out = tmp_path / "gaps.csv"
    out.write_text("上次的结果", encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    result = invoke("score", report, "--csv", out)
    assert result.exit_code == 2
    assert str(out) in result.stderr.strip().splitlines()[-1] and "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "上次的结果"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gaps.csv", "报告.txt"], "no temp file left"


@pytest.mark.parametrize("name", ["missing[/x].txt", "[bold]x.txt"])
def test_paths_are_printed_literally(tmp_path, name):
    line = refused(invoke("score", tmp_path / name), "不存在")
    assert str(tmp_path / name) in line


def test_an_output_name_with_brackets_is_printed_literally(report, tmp_path):
    result = invoke("score", report, "--json", tmp_path / "[bold]结果.json")
    assert result.exit_code == 0, result.output
    assert f"已写入 {tmp_path / '[bold]结果.json'}" in result.stderr


FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_csv_cells_that_start_like_a_formula_are_neutralised(tmp_path):
    out = tmp_path / "x.csv"
    write_csv_rows(out, ["a", "b"], [[f, "正常文本"] for f in FORMULAS])
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))[1:]
    assert [r[0] for r in rows] == ["'" + f for f in FORMULAS]
    assert all(r[1] == "正常文本" for r in rows)


def test_no_xlsx_cell_is_a_live_formula(tmp_path):
    from openpyxl import Workbook, load_workbook

    from wuchuan_check.render.xlsx import save_workbook, table_sheet

    wb = Workbook()
    wb.remove(wb.active)
    table_sheet(wb, "表", ["证据"], [[f] for f in FORMULAS])
    out = tmp_path / "x.xlsx"
    save_workbook(wb, out)
    sheet_xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml, "a report sentence must never become a formula"
    values = [row[0] for row in load_workbook(out).active.iter_rows(min_row=2, values_only=True)]
    assert values == FORMULAS, "the text itself is kept"


def test_report_text_with_brackets_is_printed_not_parsed_as_markup(tmp_path):
    """A sentence holding `[/x]` raised rich's MarkupError; `[bold]` vanished from the evidence."""
    text = (EXAMPLES / NAMES[0]).read_text(encoding="utf-8")
    text = text.replace("二是发挥法律顾问作用", "[bold]二是[/x]发挥法律顾问作用", 1)
    path = tmp_path / "报告.txt"
    path.write_text(text, encoding="utf-8")
    result = invoke("score", path, "--detail")
    assert result.exit_code == 0, result.output
    assert "[bold]二是[/x]发挥法律顾问作用" in result.stdout.replace("\n", "").replace("│", "").replace(" ", "")
