"""`wuchuan-check compare`: what became done, what regressed, what is still missing."""

from __future__ import annotations

import csv
import textwrap

import pytest
from typer.testing import CliRunner

from wuchuan_check.checklist.model import parse_checklist
from wuchuan_check.cli import app
from wuchuan_check.errors import InputError
from wuchuan_check.reading.document import Level
from wuchuan_check.reading.formats import parse_report_text
from wuchuan_check.render.compare import COMPARE_CSV_COLUMNS
from wuchuan_check.runs.compare import Change, classify, compare_scorecards
from wuchuan_check.scoring.scorecard import Status, build_scorecard

MINI = textwrap.dedent(
    """\
    schema: wuchuan-check/checklist/v1
    outline: {id: mini, title: 迷你清单}
    areas:
      - id: A1
        title: 决策、执法与学法
        measures:
          - {id: M17, title: 加强合法性审查, items: [{id: M17.1, text: 推行政府法律顾问制度, keywords: [法律顾问]}]}
          - {id: M21, title: 完善行政执法程序, items: [{id: M21.1, text: 推行执法全过程记录, keywords: [执法全过程记录]}]}
          - {id: M38, title: 加强法治教育培训, items: [{id: M38.1, text: 领导干部会前学法, keywords: [会前学法]}]}
    """
)


OLD = """\
    青山县人民政府关于2019年度法治政府建设情况的报告
    一、主要工作及成效
    (一)发挥法律顾问作用。2019年县政府聘请2名律师担任政府法律顾问,全年审查合同46份。
    二、存在的问题
    执法全过程记录还不够规范。
"""

NEW = """\
    青山县人民政府关于2020年度法治政府建设情况的报告
    一、主要工作及成效
    (一)规范执法程序。全县23个执法部门全面推行执法全过程记录,配备执法记录仪310台。
    二、存在的问题
    法律顾问作用发挥还不够充分。
"""


@pytest.fixture(scope="module")
def mini():
    return parse_checklist(MINI, "mini.yaml")


def card(text: str, checklist):
    return build_scorecard(parse_report_text(textwrap.dedent(text)), checklist, Level.COUNTY)


@pytest.fixture(scope="module")
def cmp(mini):
    return compare_scorecards(card(OLD, mini), card(NEW, mini))


def test_done_in_new_only_is_newly_done_and_the_reverse_regressed(cmp):
    items = {d.id: d for d in cmp.items}
    assert (items["M21.1"].old, items["M21.1"].new, items["M21.1"].change) == (Status.PARTIAL, Status.DONE, Change.NEWLY_DONE)
    assert (items["M17.1"].old, items["M17.1"].new, items["M17.1"].change) == (Status.DONE, Status.PARTIAL, Change.REGRESSED)
    assert items["M38.1"].change is Change.STILL_MISSING
    assert [d.id for d in cmp.of(Change.NEWLY_DONE)] == ["M21.1"]
    assert [d.id for d in cmp.of(Change.REGRESSED, measures=True)] == ["M17"]


def test_a_regression_keeps_the_old_evidence_to_show(cmp):
    regressed = cmp.of(Change.REGRESSED)[0]
    assert "法律顾问" in regressed.old_result.best.text and "46" in regressed.old_result.best.text


@pytest.mark.parametrize("old, new, change", [
    (Status.MISSING, Status.PARTIAL, Change.IMPROVED),
    (Status.MISSING, Status.DONE, Change.NEWLY_DONE),
    (Status.DONE, Status.MISSING, Change.REGRESSED),
    (Status.PARTIAL, Status.PARTIAL, Change.UNCHANGED),
    (Status.NA, Status.DONE, Change.APPLICABILITY),
])
def test_classify(old, new, change):
    assert classify(old, new) is change


def test_measure_mapping_compares_renamed_measures_and_skips_items(mini):
    old, new = card(OLD, mini), card(NEW, mini)
    # Pretend OLD's M17 and M38 became NEW's M21: the best OLD status (M17 done) stands for both.
    mapped = compare_scorecards(old, new, {"M17": ["M21"], "M38": ["M21"]})
    assert [(d.id, d.old_ids, d.old, d.change) for d in mapped.measures] == [
        ("M21", ("M17", "M38"), Status.DONE, Change.UNCHANGED)]
    assert mapped.items == () and mapped.unmatched_old == ("M21",)


def test_different_outlines_need_a_mapping(mini):
    other = parse_checklist(MINI.replace("id: mini", "id: other"), "other.yaml")
    with pytest.raises(InputError, match="不同的纲要"):
        compare_scorecards(card(OLD, mini), card(NEW, other))


def test_cli_compare_prints_both_rates_and_writes_the_csv(tmp_path, examples_dir):
    out = tmp_path / "变化.csv"
    proc = CliRunner().invoke(app, ["compare", str(examples_dir / "county-selfcheck-2020.txt"),
                                    str(examples_dir / "county-annual-2019.txt"), "--outline", "2015-2020",
                                    "--csv", str(out)], env={"COLUMNS": "200"})
    assert proc.exit_code == 0, proc.stderr
    assert "完成率(含不涉及项)" in proc.stdout and "完成率(适用项)" in proc.stdout
    assert "个百分点" in proc.stdout and "新完成" in proc.stdout and "退步" in proc.stdout
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == COMPARE_CSV_COLUMNS
    kinds = {r[0] for r in rows[1:]}
    assert kinds == {"分项", "支项"} and sum(r[0] == "分项" for r in rows[1:]) == 44
    labels = {s.label: s for s in Status}
    for level, _, _, _, old, new, change in (r for r in rows[1:] if r[0] == "支项"):
        assert change == classify(labels[old], labels[new]).label


def test_cli_compare_missing_file_is_one_line(tmp_path, examples_dir):
    proc = CliRunner().invoke(app, ["compare", str(tmp_path / "无.txt"), str(examples_dir / "township-2020.txt")])
    assert proc.exit_code == 2 and "无.txt" in proc.stderr and "Traceback" not in proc.stderr
