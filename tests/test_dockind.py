"""Document kind: a plan's tasks are never done, an unrelated document is flagged, a report is a report.
The cases are written here (invented places and wording), not taken from any real report."""

from __future__ import annotations

import csv
import json
import textwrap

import pytest

from wuchuan_check.api import score_file, score_report
from wuchuan_check.reading.dockind import Kind, infer_kind
from wuchuan_check.reading.formats import parse_report_text
from wuchuan_check.render.export import scorecard_dict
from wuchuan_check.scoring.scorecard import Status


def doc(body: str):
    return parse_report_text(textwrap.dedent(body).strip() + "\n", path="测试.txt")


REPORT = """\
    石门县人民政府关于2021年度法治政府建设情况的报告
    市人民政府:
    2021年,我县深入推进依法行政,现将有关情况报告如下:
    一、主要工作及成效
    (一)加强合法性审查。县政府聘请3名律师担任政府法律顾问,全年审查行政规范性文件12件、合同57份。
    (二)规范行政执法。全县18个执法部门全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度,开展案卷评查2次。
    (三)化解行政争议。全年办理行政复议案件21件,行政机关负责人出庭应诉15次。
    二、存在的问题
    部分执法人员法治意识不强。
    三、下一步工作打算
    下一步,我们将继续深化执法规范化建设。
"""

PLAN = """\
    石门县2022年法治政府建设工作要点
    为深入推进依法行政,结合我县实际,制定本要点。
    一、加强合法性审查
    1.要全面落实政府法律顾问制度,县政府及各部门要聘请法律顾问。(责任单位:县司法局)
    2.将重大行政决策全部纳入合法性审查范围,力争年底前实现审查全覆盖。(牵头单位:县政府办)
    二、规范行政执法
    3.要全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度。(责任单位:各执法部门)
    4.将开展行政执法案卷评查,确保执法规范。(责任单位:县司法局)
    5.要办理好行政复议案件,推进负责人出庭应诉。(责任单位:县司法局)
    6.要加强规范性文件备案审查。(责任单位:县司法局)
"""

UNRELATED = """\
    石门县人民政府关于2021年工作情况的总结
    2021年,全县实现地区生产总值88.6亿元,增长6.9%。现将有关情况总结如下。
    一、主要工作
    (一)抓项目建设。全年实施重点项目64个,完成投资41亿元。
    (二)抓乡村振兴。新建高标准农田3.2万亩,改造农村公路120公里。
    (三)抓城市管理。完成老旧小区改造18个,新增停车位2100个,清理垃圾1.6万吨。
"""

NEWS = """\
    石门县召开法治政府建设推进会
    来源:石门日报 记者 王某 通讯员 李某
    本报讯 3月5日,县政府召开法治政府建设推进会,总结去年工作,部署今年任务。县长出席会议并讲话。
    会议要求,各部门要落实第一责任人职责,推进严格规范公正文明执法。
"""

INFO_DISCLOSURE = """\
    石门县水利局2021年政府信息公开工作年度报告
    根据《中华人民共和国政府信息公开条例》要求,现将本局2021年政府信息公开工作报告如下。
    一、总体情况
    全年主动公开政府信息86条,受理依申请公开3件,均按期答复。
"""


INTERPRETATION = """\
    关于《石门县人民政府2022年度法治政府建设情况的报告》的政策解读
    一、起草背景
    根据规定,县政府每年向社会公开法治政府建设年度报告。现将报告的主要内容解读如下。
    二、主要内容
    报告分为主要工作、存在问题和下一步打算三个部分,全文约6000字。
"""


@pytest.mark.parametrize(
    "body, kind",
    [(REPORT, Kind.REPORT), (PLAN, Kind.PLAN), (UNRELATED, Kind.UNRELATED), (NEWS, Kind.UNRELATED),
     (INFO_DISCLOSURE, Kind.UNRELATED), (INTERPRETATION, Kind.UNRELATED)],
    ids=["report", "plan", "unrelated-summary", "news", "info-disclosure-report", "policy-interpretation"],
)
def test_document_kind_with_reasons(body, kind):
    decision = infer_kind(doc(body))
    assert decision.kind is kind
    assert decision.reasons and 0 < decision.confidence <= 1


def test_a_plan_restating_the_items_has_no_done_item_and_says_why():
    card = score_report(doc(PLAN), outline="2021-2025", level="county")
    assert card.kind.kind is Kind.PLAN
    assert card.tally.done == 0
    planned = [i for i in card.items if i.status is Status.PARTIAL]
    assert planned and all(i.reason == "计划任务,非已完成工作" for i in planned)
    # the same tasks written as work done are done
    done = score_report(doc(REPORT), outline="2021-2025", level="county")
    assert done.kind.kind is Kind.REPORT and done.tally.done >= 3


def test_an_unrelated_document_is_warned_about_in_json_and_has_no_done_items():
    card = score_report(doc(NEWS), outline="2021-2025", level="county")
    data = scorecard_dict(card)
    assert data["report"]["kind"] == "unrelated" and data["report"]["kind_reasons"]
    assert data["warnings"] and "不是法治政府建设报告" in data["warnings"][0]
    assert data["summary"]["done"] == 0


def test_the_terminal_header_shows_the_kind(tmp_path):
    from typer.testing import CliRunner

    from wuchuan_check.cli import app

    path = tmp_path / "要点.txt"
    path.write_text(textwrap.dedent(PLAN), encoding="utf-8")
    out = CliRunner().invoke(app, ["score", str(path), "--level", "county"], env={"COLUMNS": "200"}).output
    assert "文件类型:工作计划/实施方案" in out and "不计为已完成" in out


def control_rows(examples_dir):
    with (examples_dir / "control-labels.tsv").open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r["file"].startswith("negative-")]


def test_every_negative_control_gets_at_most_two_done_items(examples_dir):
    rows = control_rows(examples_dir)
    assert len(rows) >= 4
    for row in rows:
        card = score_file(examples_dir / row["file"], outline=row["outline"], level=row["level"])
        assert card.tally.done <= 2, (row["file"], card.tally.done)
        assert card.kind.kind is not Kind.REPORT, row["file"]


def test_the_sample_reports_stay_reports(examples_dir):
    for name in ("county-annual-2019.txt", "township-2020.txt", "county-selfcheck-2020.txt",
                 "department-2023.txt", "reworded-district-2020.txt", "township-2018.txt"):
        card = score_file(examples_dir / name)
        assert card.kind.kind is Kind.REPORT, (name, card.kind.reasons)
        assert json.loads(json.dumps(scorecard_dict(card)))["warnings"] == []


def test_the_future_words_split_in_two_regexes_match_where_the_one_regex_did():
    import random
    import re

    from wuchuan_check.reading import dockind

    one = re.compile(r"(?:^|[,;])(?:要|将|力争|确保|争取)|年底前|(?:牵头|责任|配合)单位|到20\d\d年|持续推进|进一步(?:健全|完善)")
    pieces = ["要", "将", "力争", "确保", "争取", ",", ";", "，", "年底前", "年底", "牵头", "责任", "配合", "单位",
              "到", "20", "2", "5", "年", "持续", "推进", "进一步", "健全", "完善", "县", " ", "\n"]
    rng = random.Random(3)
    for _ in range(5000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        split = bool(dockind._FUTURE_OPENING.match(s) or dockind._FUTURE_INSIDE.search(s))
        assert split == bool(one.search(s)), s
