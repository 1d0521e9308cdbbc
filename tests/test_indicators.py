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


# --- second round: reworded phrasings, nil figures, parts in lists, outcome words ---------------------


def test_accepted_beats_received_for_reconsideration() -> None:
    got = values(["全年共收到行政复议申请42件，依法受理38件，不予受理4件。"])["K01"]
    assert got.value == 38  # not the 42 received, not the 4 refused
    # only received stated: that is the figure
    assert found(["全年收到行政复议申请26件。"])["K01"] == 26


def test_refused_applications_are_not_accepted_ones() -> None:
    assert "K01" not in found(["行政复议申请中，不予受理5件。"])


def test_an_outcome_word_does_not_start_a_new_topic() -> None:
    # 调解 is how some 复议 cases ended, not a mediation figure: the rate after it is still 复议's
    got = found(["审结行政复议案件40件，其中撤销5件，经调解后申请人撤回3件，综合纠错率12.5%。"])
    assert got["K04"] == 12.5 and got["K03"] == 5
    assert "K19" not in got and "K20" not in got


def test_mediation_successes_after_a_mediation_total() -> None:
    # the success count is not a second mediation total
    got = values(["人民调解委员会调解各类纠纷230件，调解成功226件。"])["K19"]
    assert got.value == 230 and got.status == "found"


def test_arbitration_is_not_mediation() -> None:
    assert "K19" not in found(["劳动人事争议仲裁委员会仲裁劳动纠纷75件。"])


def test_screening_resolution_rate_is_not_a_mediation_success_rate() -> None:
    got = found(["开展矛盾纠纷排查，排查纠纷300件，化解288件，化解率96%。"])
    assert "K20" not in got
    assert found(["矛盾纠纷调处成功率达到95%。"])["K20"] == 95


def test_disputes_accepted_are_handled_disputes() -> None:
    assert found(["全年共受理各类矛盾纠纷56起，调处成功率98%。"])["K19"] == 56


def test_documents_filed_by_others_under_review_are_not_own_filings() -> None:
    got = values(["县政府制发的9件规范性文件全部报市政府备案。",
                  "县司法局对各乡镇报送备案的规范性文件17件进行审查。"])["K10"]
    assert got.value == 9 and got.status == "found"


def test_case_files_drawn_for_review() -> None:
    got = found(["县司法局组织案卷评查，从15个部门随机抽取行政处罚案卷180卷，评出优秀案卷20卷。"])
    assert got["K15"] == 180


def test_a_qualifier_in_the_next_clause_for_all_of_them() -> None:
    got = values(["乡综合执法队配备执法人员14名，全部取得行政执法证件。",
                  "全年作出重大行政决策6项，均经合法性审查后提交集体讨论。"])
    assert got["K16"].value == 14 and got["K12"].value == 6
    # not when the next clause says something else about them
    got = found(["乡综合执法队配备执法人员14名，全部参加业务培训。"])
    assert "K16" not in got


def test_all_of_them_closed_gives_both_figures() -> None:
    got = found(["受理行政复议案件20件，均在法定期限内办结。"])
    assert got["K01"] == 20 and got["K02"] == 20


def test_holding_a_certificate_after_passing_an_exam() -> None:
    assert found(["全县860名执法人员考试合格后持证上岗。"])["K16"] == 860
    assert "K16" not in found(["组织执法人员参加执法资格考试，参考120人。"])


def test_first_petitions_and_sending_law_to_villages() -> None:
    got = found(["初信初访按期办结率为98.6%。", "开展“送法进社区”活动45场次。", "开展宪法宣传进校园活动12场。"])
    assert got["K18"] == 98.6 and got["K22"] == 45


def test_legal_advisers_reviewing_contracts_after_a_semicolon_run() -> None:
    got = found(["各部门均听取法律顾问意见，全年审查合同、文件等31件。"])
    assert got["K14"] == 31
    assert "K11" not in got and "K09" not in got


def test_one_adviser_is_a_count() -> None:
    got = found(["镇政府聘请一名执业律师担任常年法律顾问，全年审查合同协议12份。"])
    assert got["K13"] == 1 and got["K14"] == 12
    assert "K19" not in found(["与派出所一起调解纠纷。"])  # 一起 stays "together"


def test_advisers_appointed_earlier_this_year_or_before() -> None:
    # the date the advisers were appointed does not make the head count another year's
    assert found(["2021年3月县政府聘请司法局4名同志为县政府法律顾问。"])["K13"] == 4
    # a count given for another year still is another year's
    got = values(["2021年县政府有法律顾问4名。"])["K13"]
    assert got.value is None and "2021" in (got.reason or "")


def test_an_advisers_panel_made_up_of_parts() -> None:
    got = values(["县政府组建由6名执业律师和2名法制干部组成的政府法律顾问团。"])["K13"]
    assert got.value == 8 and dict(got.parts) == {"执业律师": 6, "法制干部": 2}


def test_listed_appearances_are_summed() -> None:
    got = values(["县长出庭应诉2次、副县长出庭3次，负责人出庭应诉率100%。"])
    assert got["K07"].value == 5 and len(got["K07"].parts) == 2
    assert got["K08"].value == 100
    # received then accepted is not a list of parts
    assert found(["收到行政复议申请30件、受理28件。"])["K01"] == 28


def test_clean_up_of_documents_issued_since_an_earlier_year() -> None:
    # "对…以来制发的文件" dates the documents cleaned up, not the figure
    got = values(["对2016年以来以县政府名义制发的文件开展清理，废止5件、修改2件。"])["K11"]
    assert got.value == 7 and got.status == "found"
    # a bare 文件 is too generic to be a 规范性文件: a fair-competition clean-up is another exercise
    assert "K11" not in found(["开展公平竞争政策措施专项清理，清理文件40件，废止1件。"])
    # while a cumulative clean-up stays cumulative
    got = values(["2016年以来，累计清理规范性文件300件，废止40件。"])["K11"]
    assert got.value is None


def test_nil_figures_stated_in_words() -> None:
    got = values(["本局作为被告的行政诉讼案件3件，均未败诉。",
                  "2022年本局未制发行政规范性文件。",
                  "本年度无列入重大行政决策事项目录的事项。"])
    assert (got["K05"].value, got["K06"].value) == (3, 0)
    assert got["K09"].value == 0 and got["K10"].value == 0 and got["K12"].value == 0


def test_nil_phrases_that_are_not_nil_figures() -> None:
    got = values(["2021年本局未制发行政规范性文件。", "全年无重大行政决策失误。"])
    assert got["K09"].value is None and "2021" in (got["K09"].reason or "")  # another year
    assert got["K12"].value is None  # no mistakes is not no decisions
    # a stated number beats a nil phrase elsewhere
    got = values(["行政诉讼败诉1件。", "县直部门均未败诉。"])["K06"]
    assert got.value == 1
    # in the plans part, a nil figure is not a result
    got = values(["依法行政。"], plans=("力争行政诉讼案件零败诉。",))["K06"]
    assert got.value is None


def test_new_rules_still_keep_out_targets_last_year_and_changes() -> None:
    got = values(["县长出庭应诉2次、副县长出庭3次，比上年增加2次。",
                  "力争实现行政诉讼零败诉。",
                  "上年度配备执法人员9名，全部取得行政执法证件。"])
    assert got["K07"].value == 5  # the change (增加2次) is not a third part
    assert got["K06"].value is None and "目标" in (got["K06"].reason or "")
    assert got["K16"].value is None and "上年" in (got["K16"].reason or "")


def test_builtin_indicators_name_real_measures():
    """The shipped file is loaded without the measure check at run time (it would load every
    outline); here it gets the full check, measure ids included."""
    from wuchuan_check.checklist.model import outline_folder
    from wuchuan_check.scoring.indicators import parse_indicators

    text = (outline_folder() / "indicators.yaml").read_text(encoding="utf-8")
    assert len(parse_indicators(text, "indicators.yaml").indicators) >= 15
    broken = text.replace("2015-2020: M33", "2015-2020: M99", 1)
    assert broken != text
    with pytest.raises(ChecklistError, match="M99"):
        parse_indicators(broken, "indicators.yaml")


# --- another body's figure, lumped figures, plans (the out-of-sample misses of 2026-12-02) --------


def test_a_party_study_group_is_not_the_government_meeting() -> None:
    # the Party group's theory study group alone: not the government's pre-meeting study
    assert "K21" not in found(["县政府党组理论学习中心组集体学法8次，专题学习了行政处罚法。"])
    assert "K21" not in found(["县委、县政府中心学习小组把宪法列为重点内容，集体学法在10次以上。"])
    # counted together with the meeting's pre-meeting study: the combined count is the indicator's
    assert found(["坚持镇党委理论学习中心组学法和镇长办公会会前学法制度，全年集中学法12次。"])["K21"] == 12
    # a department's leadership meets as its Party group: its pre-meeting study counts
    assert found(["局党组会议会前学法9次。"])["K21"] == 9
    assert found(["县政府常务会议会前学法14次。"])["K21"] == 14


def test_a_figure_led_by_its_number_for_a_list_of_subjects_is_no_ones() -> None:
    got = values(["完成287件县政府重大行政决策事项、行政规范性文件和相关协议的合法性审查。"])
    assert got["K12"].value is None and got["K09"].value is None
    assert found(["重大行政决策事项、规范性文件合法性审查64件。"]).keys().isdisjoint({"K09", "K12"})
    # one subject after the number is still its figure
    assert found(["对12件重大行政决策事项进行了合法性审查。"])["K12"] == 12


def test_a_plan_states_targets_not_results() -> None:
    from wuchuan_check.api import score_report

    text = "\n".join([
        "青禾县2023年法治政府建设工作要点",
        "为深入推进依法行政,现提出2023年法治政府建设工作要点如下。",
        "一、加强普法宣传",
        "要落实谁执法谁普法责任制,将普法纳入部门年度考核。",
        "全年开展普法宣传活动50场,县政府常务会议会前学法12次。",
        "二、规范行政复议",
        "要畅通行政复议渠道,力争行政复议决定按期作出。",
        "办结行政复议案件60件,行政机关负责人出庭应诉10次。",
        "将行政复议工作纳入法治政府建设考核。",
    ]) + "\n"
    card = score_report(parse_report_text(text), "2015-2020")
    assert card.kind is not None and card.kind.kind.value == "plan"
    got = {v.indicator.id: v for v in card.indicators}
    for k in ("K22", "K21", "K02", "K07"):
        assert got[k].value is None and "计划" in (got[k].reason or ""), k
    # the same sentences in a report are its figures
    report = make_report(["全年开展普法宣传活动50场,县政府常务会议会前学法12次。"])
    assert {v.indicator.id: v.value for v in score_report(report, "2015-2020").indicators}["K21"] == 12


def test_own_words_need_other_bodies() -> None:
    spec = ("schema: wuchuan-check/indicators/v1\nindicators:\n  - id: K01\n    name: 学法次数\n    unit: 次\n"
            "    measures: {2015-2020: M38}\n    subjects: [学法]\n    own_words: [会前]\n")
    with pytest.raises(ChecklistError, match="own_words"):
        parse_indicators(spec, "mine.yaml")


def test_parts_listed_with_a_pause_mark_keep_their_own_labels() -> None:
    # each number's part is the word before it, not the longer one after it
    got = values(["组织开展规范性文件专项清理，宣布失效6件、修改11件、继续有效80件。"])["K11"]
    assert got.value == 97 and dict(got.parts) == {"宣布失效": 6, "修改": 11, "继续有效": 80}
    got = values(["全年审结复议案件40件，其中撤销5件、确认违法2件，其余予以维持。"])["K03"]
    assert got.value == 7 and dict(got.parts) == {"撤销": 5, "确认违法": 2}


def test_a_five_year_pufa_period_is_not_this_year() -> None:
    got = values(["组织普法宣传活动45场。", "“七五”普法期间全县累计开展普法活动四百余场。"])["K22"]
    assert got.value == 45
