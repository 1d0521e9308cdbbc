"""Scoring: statuses, roll-ups, both completion rates, plans never counting as done."""

from __future__ import annotations

import textwrap

import pytest

from wuchuan_check.api import score_report
from wuchuan_check.checklist.model import load_outline, parse_checklist
from wuchuan_check.reading.document import Level, Role
from wuchuan_check.reading.formats import parse_report_text
from wuchuan_check.scoring.scorecard import Status, Tally, build_scorecard

MINI = textwrap.dedent(
    """\
    schema: wuchuan-check/checklist/v1
    outline: {id: mini, title: 迷你清单}
    areas:
      - id: A1
        title: 推进行政决策科学化、民主化、法治化
        measures:
          - id: M17
            title: 加强合法性审查
            items:
              - id: M17.1
                text: 推行政府法律顾问制度,发挥法律顾问在决策中的作用
                keywords: [法律顾问, 公职律师]
              - id: M17.2
                text: 重大行政决策未经合法性审查不得提交讨论
                keywords: [合法性审查]
          - id: M21
            title: 完善行政执法程序
            items:
              - id: M21.1
                text: 全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度
                keywords: [执法全过程记录, 重大执法决定法制审核]
          - id: M09
            title: 完善政府立法体制机制
            items:
              - id: M09.1
                text: 编制年度政府立法计划
                keywords: [立法计划]
                levels: [province, city]
    """
)


def report(body: str):
    return parse_report_text(textwrap.dedent(body).strip() + "\n", path="测试报告.txt")


@pytest.fixture(scope="module")
def mini():
    return parse_checklist(MINI, "mini.yaml")


ANNUAL = """\
    青山县人民政府关于2019年度法治政府建设情况的报告
    一、主要工作及成效
    (一)发挥法律顾问作用。2019年县政府聘请2名律师担任政府法律顾问,全年审查合同46份。
    (二)规范执法程序。全县23个执法部门全面推行执法全过程记录,印发《青山县重大执法决定法制审核办法》。
    二、存在的问题
    重大行政决策合法性审查还不够规范。
    三、2020年工作打算
    下一步,我们将编制年度立法计划。
    青山县人民政府
    2020年1月10日
"""


def test_concrete_work_in_achievements_is_done(mini):
    card = build_scorecard(report(ANNUAL), mini, Level.COUNTY)
    by_id = {i.id: i for i in card.items}
    assert by_id["M17.1"].status is Status.DONE
    assert by_id["M21.1"].status is Status.DONE
    best = by_id["M17.1"].best
    assert best.role is Role.ACHIEVEMENT and "法律顾问" in best.text
    assert card.report.lines[best.line - 1].find("法律顾问") >= 0, "evidence line points into the source"


def test_problem_only_mention_is_partial_not_done(mini):
    card = build_scorecard(report(ANNUAL), mini, Level.COUNTY)
    item = {i.id: i for i in card.items}["M17.2"]
    assert item.status is Status.PARTIAL
    assert "问题" in item.reason


def test_plan_only_mention_never_counts_as_done(mini):
    card = build_scorecard(report(ANNUAL), mini, Level.PROVINCE)  # legislation applies here
    item = {i.id: i for i in card.items}["M09.1"]
    assert item.status is Status.PARTIAL
    assert item.best.role is Role.PLAN and "计划" in item.reason


def test_slogan_without_concrete_work_is_not_done(mini):
    slogan = report(
        """\
        一、主要工作
        坚持发挥法律顾问作用,不断完善合法性审查机制。
        """
    )
    card = build_scorecard(slogan, mini, Level.COUNTY)
    statuses = {i.id: i.status for i in card.items}
    assert statuses["M17.1"] is Status.PARTIAL
    assert statuses["M17.2"] is Status.PARTIAL


def test_absent_item_is_missing_and_inapplicable_item_is_na(mini):
    card = build_scorecard(report(ANNUAL), mini, Level.COUNTY)
    statuses = {i.id: i.status for i in card.items}
    assert statuses["M09.1"] is Status.NA
    empty = build_scorecard(report("一、主要工作\n全年召开会议研究安全生产工作5次。"), mini, Level.COUNTY)
    assert {i.id: i.status for i in empty.items}["M21.1"] is Status.MISSING


def test_measures_and_areas_roll_up_from_items(mini):
    card = build_scorecard(report(ANNUAL), mini, Level.COUNTY)
    measures = {m.id: m for m in card.measures}
    assert measures["M17"].status is Status.DONE and measures["M17"].tally == Tally(done=1, partial=1)
    assert measures["M09"].status is Status.NA
    (area,) = card.areas
    assert area.tally == Tally(done=2, partial=1, missing=0, na=1)


def test_completion_rates_follow_both_conventions():
    # Wuchuan: 144 items, 115 done, 11 not applicable, 18 unfinished → 87.5% with N/A counted done
    tally = Tally(done=115, partial=0, missing=18, na=11)
    assert tally.total == 144
    assert tally.rate_with_na == pytest.approx(0.875)
    assert tally.rate_applicable == pytest.approx(115 / 133)


def test_level_is_inferred_and_reported(mini):
    card = build_scorecard(report(ANNUAL), mini)
    assert card.level is Level.COUNTY and "推断" in card.level_source
    given = build_scorecard(report(ANNUAL), mini, Level.TOWNSHIP)
    assert given.level is Level.TOWNSHIP and given.level_source == "命令行指定"


# --- the bundled examples and the seeds, against the real checklist ---------------------------


@pytest.fixture(scope="module")
def outline():
    return load_outline("2015-2020")


def statuses_of(card, measure: str) -> set[Status]:
    return {i.status for i in card.items if i.ref.measure.id == measure}


def test_township_example_gets_legislation_as_not_applicable(outline, examples_dir):
    card = score_report(parse_report_text((examples_dir / "township-2020.txt").read_text("utf-8")), outline)
    assert card.level is Level.TOWNSHIP
    assert statuses_of(card, "M09") == {Status.NA}
    assert statuses_of(card, "M33") == {Status.NA}


def test_plans_in_a_real_report_never_count_as_done(outline, seed):
    from wuchuan_check.reading.formats import load_report

    for name in ("000", "001", "003", "004"):
        card = score_report(load_report(seed(name)), outline)
        for item in card.items:
            if item.status is Status.DONE:
                assert item.best.role is Role.ACHIEVEMENT, (name, item.id, item.best.text)


def test_seed_000_finds_legal_advisers_and_three_systems_under_the_right_measures(outline, seed):
    from wuchuan_check.reading.formats import load_report

    card = score_report(load_report(seed("000")), outline)
    measures = {m.id: m for m in card.measures}
    assert measures["M17"].status is Status.DONE
    assert any("法律顾问" in i.best.text for i in measures["M17"].items if i.status is Status.DONE)
    assert measures["M21"].status is Status.DONE
    assert any("三项制度" in i.best.text for i in measures["M21"].items if i.best)


def test_seed_003_township_gets_legislation_and_reconsideration_not_applicable(outline, seed):
    from wuchuan_check.reading.formats import load_report

    card = score_report(load_report(seed("003")), outline)
    assert card.level is Level.TOWNSHIP
    for measure in ("M09", "M10", "M11", "M33"):
        assert statuses_of(card, measure) == {Status.NA}, measure


@pytest.mark.parametrize("outline_id", ["2015-2020", "2021-2025"])
@pytest.mark.parametrize("level", [None, Level.TOWNSHIP, Level.PROVINCE])
def test_items_scored_alone_are_those_of_the_whole_scorecard(outline_id, level, examples_dir):
    """`outline validate` scores each checklist example for its own item only (score_items): every
    item, in any order, must get the status, reason and evidence the full scorecard gives it."""
    import random

    from wuchuan_check.scoring.scorecard import score_items

    checklist = load_outline(outline_id)
    refs = list(checklist.items)
    random.Random(7).shuffle(refs)
    for path in sorted(examples_dir.glob("*.txt")):
        rep = parse_report_text(path.read_text("utf-8"), path=path.name)
        whole = {i.id: i for i in build_scorecard(rep, checklist, level).items}
        alone = score_items(rep, checklist, refs, level)
        assert [i.id for i in alone] == [r.id for r in refs]
        assert {i.id: i for i in alone} == whole, path.name
        assert {i.status for i in alone} != {Status.MISSING}, path.name  # the examples hit something
        (one,) = score_items(rep, checklist, [refs[3]], level)
        assert one == whole[refs[3].id]
