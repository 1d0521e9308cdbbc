"""The command line as a user runs it: outputs, exit codes, one-line errors, atomic writes."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from clirun import run_cli

from wuchuan_check.render.export import CSV_COLUMNS

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "county-annual-2019.txt"


run = run_cli


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    proc = run("score", str(EXAMPLE), "--csv", str(out / "gaps.csv"), "--json", str(out / "result.json"))
    return proc, out


def test_score_prints_the_wuchuan_style_headline(scored):
    proc, _ = scored
    assert proc.returncode == 0, proc.stderr
    assert "8大项 44分项" in proc.stdout
    assert "完成率(含不涉及项)" in proc.stdout and "完成率(适用项)" in proc.stdout
    assert "差距清单" in proc.stdout
    assert "县级" in proc.stdout, "the level used is shown"


def test_json_contract(scored):
    _, out = scored
    data = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert data["outline"]["id"] == "2015-2020"
    assert data["report"]["level"] == "county" and data["report"]["year"] == 2019
    summary = data["summary"]
    assert summary["total"] == len(data["items"])
    assert summary["done"] + summary["partial"] + summary["missing"] + summary["na"] == summary["total"]
    assert summary["rate_with_na"] == pytest.approx((summary["done"] + summary["na"]) / summary["total"], abs=1e-4)
    assert summary["rate_applicable"] == pytest.approx(summary["done"] / (summary["total"] - summary["na"]), abs=1e-4)
    assert len(data["measures"]) == 44 and data["measures"][0]["id"] == "M01"
    assert {"id", "title", "status", "score", "items"} <= set(data["measures"][0])
    item = next(i for i in data["items"] if i["status"] == "done")
    assert item["id"].startswith(item["measure"] + ".")
    ev = item["evidence"][0]
    assert {"text", "section_role", "line"} <= set(ev) and ev["section_role"] == "achievement"
    # every figure is traceable: the evidence line holds the evidence text
    source = EXAMPLE.read_text(encoding="utf-8").splitlines()
    assert ev["text"][:6] in source[ev["line"] - 1].replace(" ", "")


def test_csv_gap_list_opens_in_excel_and_holds_only_gaps(scored):
    _, out = scored
    raw = (out / "gaps.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel shows Chinese"
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == CSV_COLUMNS
    assert rows[0][:9] == ["大项", "分项编号", "分项", "支项编号", "要求", "状态", "得分", "最佳证据", "证据位置"]
    statuses = {r[5] for r in rows[1:]}
    assert statuses and statuses <= {"待完善", "未体现"}
    data = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert len(rows) - 1 == data["summary"]["partial"] + data["summary"]["missing"]


def test_csv_all_writes_every_item(tmp_path):
    proc = run("score", str(EXAMPLE), "--csv", str(tmp_path / "all.csv"), "--csv-all", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader((tmp_path / "all.csv").read_text(encoding="utf-8-sig").splitlines()))
    data = json.loads(proc.stdout)
    assert len(rows) - 1 == data["summary"]["total"]
    assert {"已完成", "不涉及"} & {r[5] for r in rows[1:]}


def test_detail_lists_every_item_with_evidence():
    proc = run("score", str(EXAMPLE), "--detail")
    assert proc.returncode == 0, proc.stderr
    assert "全部支项与证据" in proc.stdout and "M44.1" in proc.stdout


def test_level_option_changes_applicability():
    county = json.loads(run("score", str(EXAMPLE), "--format", "json").stdout)["summary"]
    township = json.loads(run("score", str(EXAMPLE), "--format", "json", "--level", "乡镇").stdout)["summary"]
    assert township["na"] > county["na"]


@pytest.mark.parametrize(
    "content, problem",
    [
        (None, "不存在"),
        (b"", "空"),
        (b"\x00\x01\x02\x03PK\x00\x00" * 200, "二进制"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(tmp_path, content, problem):
    path = tmp_path / "报告.txt"
    if content is not None:
        path.write_bytes(content)
    proc = run("score", str(path))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0] and problem in lines[0]
    assert "Traceback" not in proc.stderr


def test_unknown_outline_and_level_are_clear_errors():
    proc = run("score", str(EXAMPLE), "--outline", "1999-2000")
    assert proc.returncode == 2 and "1999-2000" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("score", str(EXAMPLE), "--level", "village")
    assert proc.returncode == 2 and "village" in proc.stderr


def test_failed_run_leaves_existing_output_untouched(tmp_path):
    target = tmp_path / "gaps.csv"
    target.write_text("上次的结果", encoding="utf-8")
    proc = run("score", str(tmp_path / "missing.txt"), "--csv", str(target))
    assert proc.returncode == 2
    assert target.read_text(encoding="utf-8") == "上次的结果"
    assert [p.name for p in tmp_path.iterdir()] == ["gaps.csv"], "no temp files left behind"


def test_unwritable_output_folder_is_a_clear_error(tmp_path):
    proc = run("score", str(EXAMPLE), "--csv", str(tmp_path / "no-such-folder" / "gaps.csv"))
    assert proc.returncode == 2
    assert "no-such-folder" in proc.stderr and "Traceback" not in proc.stderr


def test_input_file_is_never_modified(tmp_path):
    before = EXAMPLE.read_bytes()
    run("score", str(EXAMPLE), "--json", str(tmp_path / "r.json"))
    assert EXAMPLE.read_bytes() == before


def test_outline_show_prints_the_tree_with_totals():
    proc = run("outline", "show")
    assert proc.returncode == 0, proc.stderr
    assert "M44" in proc.stdout and "M01.1" in proc.stdout
    from wuchuan_check.checklist.model import load_outline

    assert "合计" in proc.stdout
    assert str(load_outline("2015-2020").counts()["items"]) in proc.stdout.split("合计")[-1]


def test_outline_validate_accepts_the_builtin_and_rejects_a_broken_file(tmp_path, repo_root):
    ok = run("outline", "validate", str(repo_root / "outline" / "2015-2020.yaml"))
    assert ok.returncode == 0 and "校验通过" in ok.stdout
    broken = tmp_path / "plan.yaml"
    broken.write_text("schema: wuchuan-check/checklist/v1\noutline: {id: x, title: X}\nareas: []\n", encoding="utf-8")
    bad = run("outline", "validate", str(broken))
    assert bad.returncode == 1 and "areas" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("case", ["missing", "folder", "binary"])
def test_outline_validate_of_a_file_it_cannot_read_is_bad_input_not_a_failed_check(tmp_path, case):
    """Exit 2 and one line naming the file, as for any unusable input; 1 is kept for a checklist
    that was read and found wrong (the test above), so a script can tell the two apart."""
    path = tmp_path / "方案.yaml"
    if case == "folder":
        path.mkdir()
    elif case == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00")
    proc = run("outline", "validate", str(path))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr and not proc.stdout.strip()


def test_outputs_get_ordinary_file_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        proc = run("score", str(EXAMPLE), "--csv", str(tmp_path / "gaps.csv"))
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "gaps.csv").stat().st_mode & 0o777 == 0o644, "readable by colleagues, like any saved file"
