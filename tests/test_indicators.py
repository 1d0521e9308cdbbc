"""Key figures (主要数据): every sentence here was written for these tests, none comes from a report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wuchuan_check.checklist.model import load_outline
from wuchuan_check.errors import ChecklistError
from wuchuan_check.reading.document import Report, Role
from wuchuan_check.reading.formats import load_report, parse_report_text
from wuchuan_check.scoring.indicators import (
    IndicatorValue,
    extract_indicators,
    load_indicators,
    parse_chinese_number,
    parse_indicators,
    parse_number,
)

YEAR = 2022


def make_report(work: list[str], problems: tuple[str, ...] = (), plans: tuple[str, ...] = (),
                year: int = YEAR) -> Report:
    """A small annual report: title, work done, problems, plans (one paragraph per string)."""
    lines = [f"青禾县人民政府关于{year}年度法治政府建设情况的报告", "一、主要工作", *work]
    if problems:
        lines += ["二、存在的问题", *problems]
    if plans:
        lines += ["三、下一步工作打算", *plans]
    return parse_report_text("\n".join(lines) + "\n")


def values(work: list[str], **kw) -> dict[str, IndicatorValue]:
    return {v.indicator.id: v for v in extract_indicators(make_report(work, **kw), load_indicators())}


def found(work: list[str], **kw) -> dict[str, int | float]:
    return {k: v.value for k, v in values(work, **kw).items() if v.value is not None}


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, number", [
    ("二十三", 23), ("一百零五", 105), ("两千", 2000), ("十五", 15), ("一万二千", 12000), ("三百", 300),
    ("九十九", 99), ("一千零一十", 1010),
])
def test_chinese_numerals(text: str, number: int) -> None:
    assert parse_chinese_number(text) == number


@pytest.mark.parametrize("text, number", [("1,234", 1234), ("1.2万", 12000), ("98.5", 98.5), ("二十三", 23),
                                          ("3亿", 300_000_000)])
def test_numbers_as_written(text: str, number: float) -> None:
    assert parse_number(text) == number


def test_not_a_number() -> None:
    assert parse_chinese_number("法治") is None
    assert parse_number("十几") is None


# --- one sentence per indicator ----------------------------------------------------------------


@pytest.mark.parametrize("sentence, indicator, value", [
    ("全年县政府新收行政复议申请三十一件。", "K01", 31),
    ("县政府依法审结行政复议案件27件。", "K02", 27),
    ("通过复议纠错9件，切实监督了依法行政。", "K03", 9),
    ("行政复议纠错率为12.5%。", "K04", 12.5),
    ("县政府作为被告的行政诉讼案件共38件。", "K05", 38),
    ("行政诉讼案件中，县政府败诉2件。", "K06", 2),
    ("各部门负责人出庭应诉26人次。", "K07", 26),
    ("行政机关负责人出庭应诉率达到96%。", "K08", 96),
    ("县司法局对规范性文件开展合法性审核，共审核19件。", "K09", 19),
    ("按规定报送备案规范性文件14件。", "K10", 14),
    ("开展规范性文件专项清理，共清理规范性文件86件。", "K11", 86),
    ("对重大行政决策事项进行合法性审查11件。", "K12", 11),
    ("县政府聘请政府法律顾问5名。", "K13", 5),
    ("法律顾问全年审查各类合同和协议132份。", "K14", 132),
    ("组织行政执法案卷评查，评查案卷240卷。", "K15", 240),
    ("全县有1,130名行政执法人员持证上岗。", "K16", 1130),
    ("县信访局受理信访事项415件。", "K17", 415),
    ("信访事项按期办结率达99.1%。", "K18", 99.1),
    ("各级调解组织调解矛盾纠纷二百六十件。", "K19", 260),
    ("矛盾纠纷调解成功率为97.8%。", "K20", 97.8),
    ("县政府常务会议会前学法14次。", "K21", 14),
    ("开展普法宣传活动52场。", "K22", 52),
])
def test_each_indicator(sentence: str, indicator: str, value: float) -> None:
    got = values([sentence])[indicator]
    assert got.status == "found", got.reason
    assert got.value == value
    assert got.role is Role.ACHIEVEMENT
    assert got.text == sentence
    assert got.match is not None and got.match in sentence


def test_evidence_points_at_the_source_line() -> None:
    report = make_report(["县政府聘请政府法律顾问5名。", "法律顾问全年审查各类合同和协议132份。"])
    got = {v.indicator.id: v for v in extract_indicators(report)}
    k14 = got["K14"]
    assert k14.line is not None and "132份" in report.lines[k14.line - 1]
    assert k14.match == "132份" and k14.unit == "份"


# --- tying numbers to their own subject -----------------------------------------------------------


def test_two_indicators_in_one_sentence() -> None:
    got = found(["全年办理行政复议案件23件，行政诉讼案件45件。"])
    assert got["K01"] == 23 and got["K05"] == 45


def test_bare_clauses_inherit_the_subject_before() -> None:
    got = found(["受理行政复议案件18件，办结16件，纠错3件，纠错率16.7%。"])
    assert (got["K01"], got["K02"], got["K03"], got["K04"]) == (18, 16, 3, 16.7)


def test_a_clause_about_something_else_ends_the_subject() -> None:
    got = found(["受理行政复议案件6件；受理法律援助案件57件，办结55件。"])
    assert got["K01"] == 6
    assert "K02" not in got  # 55 closed legal-aid cases are not reconsideration cases


def test_subject_after_a_leading_number() -> None:
    got = found(["对21件规范性文件进行了合法性审核。", "聘请4名律师担任政府法律顾问。"])
    assert got["K09"] == 21 and got["K13"] == 4


def test_review_of_drafts_is_a_review_not_an_issue() -> None:
    got = found(["县司法局审查各部门拟印发的规范性文件33件，均提出审核意见。", "县政府制定出台规范性文件9件。"])
    assert got["K09"] == 33  # 9 issued documents are not 9 reviews


def test_one_figure_for_two_subjects_belongs_to_neither() -> None:
    got = values(["行政复议和行政诉讼案件共50件。"])
    assert got["K01"].value is None and got["K05"].value is None


def test_litigation_figures_in_one_sentence() -> None:
    got = found(["全县发生行政诉讼案件33件，其中败诉4件，行政机关负责人出庭应诉30次，出庭应诉率百分之百。"])
    assert (got["K05"], got["K06"], got["K07"], got["K08"]) == (33, 4, 30, 100)


# --- parts and totals ----------------------------------------------------------------------------


def test_parts_are_summed_when_no_total_is_stated() -> None:
    got = values(["审结复议案件20件，其中维持14件，撤销3件，变更1件，确认违法2件。"])
    k03 = got["K03"]
    assert k03.value == 6
    assert dict(k03.parts) == {"撤销": 3, "变更": 1, "确认违法": 2}
    assert k03.reason and "相加" in k03.reason


def test_a_stated_total_beats_its_parts() -> None:
    got = found(["复议纠错7件，其中撤销5件、确认违法2件。"])
    assert got["K03"] == 7


def test_clean_up_total_and_parts() -> None:
    got = found(["共清理规范性文件96件，继续有效70件、修改8件、废止15件、宣布失效3件。"])
    assert got["K11"] == 96
    got = values(["废止规范性文件6件、宣布失效规范性文件4件。"])
    assert got["K11"].value == 10 and dict(got["K11"].parts) == {"废止": 6, "宣布失效": 4}


def test_two_different_totals_are_ambiguous() -> None:
    got = values(["县政府受理行政复议案件24件。", "县政府受理行政复议案件29件。"])["K01"]
    assert got.status == "ambiguous"
    assert got.value == 24  # the first is kept, and the reason names both
    assert got.reason and "24件" in got.reason and "29件" in got.reason


def test_the_same_figure_twice_is_not_ambiguous() -> None:
    got = values(["县政府受理行政复议案件24件。", "综上，受理行政复议案件24件，均依法审理。"])["K01"]
    assert got.status == "found" and got.value == 24


def test_a_stated_total_beats_a_department_figure() -> None:
    got = values(["县交通局受理行政复议案件3件。", "全县共受理行政复议案件41件。"])["K01"]
    assert got.status == "found" and got.value == 41


def test_largest_activity_figure_for_events() -> None:
    got = values(["开展民法典宣传活动12场，普法宣传活动共计75场。", "开展宪法宣传活动20场。"])["K22"]
    assert got.value == 75


# --- numbers written differently -----------------------------------------------------------------


def test_wan_multiplier_and_approximate_figures() -> None:
    got = values(["全年调解矛盾纠纷1.2万件。", "开展普法宣传活动300余场。"])
    assert got["K19"].value == 12000
    assert got["K22"].value == 300 and got["K22"].approx


def test_percent_in_words() -> None:
    assert found(["信访事项按期办结率百分之九十八点五。"])["K18"] == 98.5


def test_a_lone_one_and_ordinals_are_not_counts() -> None:
    got = found(["与公安机关一起调解矛盾纠纷，形成工作合力。", "在第十二次常务会议学法中学习了民法典。"])
    assert "K19" not in got and "K21" not in got


# --- figures that are not this year's result --------------------------------------------------------


def test_last_years_figure_and_year_on_year_change() -> None:
    got = values(["受理行政复议案件17件，比上年减少5件。", "信访事项同比下降12%。"])
    assert got["K01"].value == 17
    assert all(m.value != 5 or not m.taken for m in got["K01"].mentions)
    assert got["K18"].value is None


def test_another_years_figure() -> None:
    got = values(["2021年受理行政复议案件30件。"])["K01"]
    assert got.status == "not_found" and got.reason and "2021" in got.reason
    got = values(["2022年受理行政复议案件30件。"])["K01"]
    assert got.value == 30


def test_a_target_is_not_a_result() -> None:
    got = values(["力争行政机关负责人出庭应诉率达到100%。"])["K08"]
    assert got.value is None and got.reason and "目标" in got.reason


def test_plans_and_problems_parts_are_not_results() -> None:
    got = values(["全面推进依法行政。"],
                 problems=("仍有4件行政复议案件尚未审结，复议纠错率仅为3%。",),
                 plans=("明年计划开展普法宣传活动80场。", "全年会前学法不少于12次。"))
    for k in ("K02", "K04", "K21", "K22"):
        assert got[k].value is None, k
    assert "存在问题" in (got["K04"].reason or "")
    assert "计划" in (got["K22"].reason or "")


def test_cumulative_figures_are_not_the_years() -> None:
    got = values(["五年来累计受理行政复议案件150件。", "2018年以来，共评查行政执法案卷1,600卷，每年组织评查2次。"])
    assert got["K01"].value is None and "累计" in (got["K01"].reason or "")
    assert got["K15"].value is None


def test_today_ends_an_earlier_time_frame() -> None:
    got = values(["2019年建立政府法律顾问制度，目前聘请政府法律顾问6名。"])["K13"]
    assert got.value == 6


def test_this_years_running_total_counts() -> None:
    assert found(["今年以来，成功化解各类矛盾纠纷318件。"])["K19"] == 318


def test_negated_and_frequency_figures() -> None:
    got = values(["受理行政复议案件9件，3件尚未办结。", "坚持每季度集体学法1次。"])
    assert got["K02"].value is None
    assert got["K21"].value is None


def test_not_stated() -> None:
    got = values(["全面推进依法行政，法治政府建设取得新成效。"])["K05"]
    assert got.status == "not_found" and got.reason and got.mentions == ()


# --- the indicators file ------------------------------------------------------------------------


def test_bundled_indicators_load_and_name_real_measures() -> None:
    spec = load_indicators()
    assert len(spec.indicators) >= 15
    assert len({i.id for i in spec.indicators}) == len(spec.indicators)
    for outline_id in ("2015-2020", "2021-2025"):
        measures = {m.id for _, m in load_outline(outline_id).measures()}
        for ind in spec.indicators:
            assert ind.measures[outline_id] in measures, (ind.id, outline_id)
            assert ind.unit in ind.accepted_units


BAD = """\
schema: wuchuan-check/indicators/v1
indicators:
  - id: K01
    name: 行政复议案件受理数
    unit: 件
    measures: {2015-2020: M33}
    subjects: [行政复议]
  - id: K01
    name: 重复编号
    unit: 件
    measures: {2015-2020: M99}
    subjects: [复议]
  - id: X3
    name: 编号格式
    unit: 人
    units: [名]
    measures: {2030-2035: M01}
    subjects: []
    combine: sum
    keyword: typo
"""


def test_an_invalid_file_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_indicators(path)
    problems = info.value.problems
    assert all(p.startswith("第") and "行 " in p for p in problems)

    def at(line: int, words: str) -> bool:
        return any(p.startswith(f"第{line}行 ") and words in p for p in problems)

    assert at(8, "编号重复")
    assert at(11, "M99")
    assert at(13, "编号格式")
    assert at(15, "不在 units")
    assert at(17, "2030-2035")
    assert at(18, "不能为空")
    assert at(19, "combine")
    assert at(20, "未知字段")
    assert str(path) in str(info.value)


def test_wrong_schema_and_not_a_mapping() -> None:
    with pytest.raises(ChecklistError) as info:
        parse_indicators("schema: wuchuan-check/checklist/v1\nindicators: []\n")
    assert any("wuchuan-check/indicators/v1" in p for p in info.value.problems)
    with pytest.raises(ChecklistError):
        parse_indicators("- just a list\n")


# --- real reports: properties only ------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_seed_values_carry_their_evidence(seed: Callable[[str], Path], prefix: str) -> None:
    report = load_report(seed(prefix))
    for v in extract_indicators(report):
        assert v.status in {"found", "ambiguous", "not_found"}
        if v.value is None:
            assert v.reason
            continue
        assert v.role is Role.ACHIEVEMENT
        assert v.text is not None and v.line is not None and v.match
        assert v.match in v.text and v.match in report.lines[v.line - 1] + (report.lines[v.line] if v.line < len(report.lines) else "")
        if not v.parts:
            digits = "".join(c for c in v.match if c.isdigit())
            assert not digits or str(v.value).split(".")[0] in digits.replace(",", "") or v.value >= 10_000
        assert v.unit in v.indicator.accepted_units


def test_a_sentence_after_a_semicolon_keeps_its_subject() -> None:
    # The reader splits at "；", so the closed and corrected counts stand in a sentence of their own.
    got = found(["全年受理行政复议申请34件，不予受理3件；审结30件，其中撤销4件，确认违法1件。"])
    assert got.get("K02") == 30 and got.get("K03") == 5


def test_a_new_paragraph_does_not_inherit_the_subject() -> None:
    got = found(["全年受理行政复议申请34件；", "审结30件。"])
    assert "K02" not in got
