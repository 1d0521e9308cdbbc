"""Sections, sentences and roles: only achievements may count as work done."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from wuchuan_check.reading.document import Level, Report, Role
from wuchuan_check.reading.formats import load_report, parse_report_text
from wuchuan_check.reading.structure import heading_roles, match_heading, split_sentences
from wuchuan_check.reading.textnorm import normalize_text


def roles_of(report: Report, needle: str) -> list[Role]:
    return [s.role for s in report.sentences if needle in s.text]


def role_of(report: Report, needle: str) -> Role:
    found = roles_of(report, needle)
    assert len(found) == 1, (needle, found)
    return found[0]


NESTED = """某某区司法局关于2021年法治政府建设工作情况的报告
区委依法治区办：
今年以来，我局在区委区政府的领导下扎实推进法治政府建设，现报告如下。
一、主要工作开展情况
（一）健全依法决策机制
1.落实重大行政决策程序。制定重大行政决策事项目录5项，全部经过合法性审查。
（1）公众参与。召开听证会2场。
（2）专家论证。组织专家论证3次。
2、推进法律顾问全覆盖。一是聘请常年法律顾问2名；二是建立公职律师队伍，现有公职律师6名。
（二）规范行政执法行为，提升执法水平。全年开展执法案卷评查2次，评查案卷120卷。
二、存在的不足
一是执法人员专业素养有待提高。二是信息化水平较低。
三、下一步工作计划
（一）加强执法队伍建设
组织执法人员轮训，全年不少于40学时。
（二）推进执法信息化
建设行政执法综合管理平台。
某某区司法局
2022年1月10日
"""


def test_heading_depths_and_parents() -> None:
    r = parse_report_text(NESTED)
    by_heading = {s.heading: (i, s) for i, s in enumerate(r.sections)}
    _, top = by_heading["一、主要工作开展情况"]
    i1, sub = by_heading["(一)健全依法决策机制"]
    _, item = by_heading["1.落实重大行政决策程序"]
    _, subitem = by_heading["(1)公众参与"]
    i12, item2 = by_heading["2、推进法律顾问全覆盖"]
    _, runin = by_heading["一是聘请常年法律顾问2名"]
    assert (top.depth, sub.depth, item.depth, subitem.depth, runin.depth) == (1, 2, 3, 3, 4)
    assert sub.parent == by_heading["一、主要工作开展情况"][0]
    assert item.parent == i1 and item2.parent == i1
    assert runin.parent == i12
    assert r.sections[0].heading == "" and r.sections[0].depth == 0


def test_heading_followed_by_body_on_the_same_line() -> None:
    r = parse_report_text(NESTED)
    headings = [s.heading for s in r.sections]
    assert "(二)规范行政执法行为,提升执法水平" in [normalize_text(h).replace("，", ",") for h in headings]
    assert role_of(r, "评查案卷120卷") is Role.ACHIEVEMENT


def test_roles_from_headings_inherited_by_subsections() -> None:
    r = parse_report_text(NESTED)
    assert role_of(r, "今年以来") is Role.OTHER  # preamble
    assert role_of(r, "区委依法治区办") is Role.OTHER  # addressee
    assert role_of(r, "召开听证会2场") is Role.ACHIEVEMENT
    assert role_of(r, "现有公职律师6名") is Role.ACHIEVEMENT
    assert role_of(r, "执法人员专业素养有待提高") is Role.PROBLEM
    assert role_of(r, "信息化水平较低") is Role.PROBLEM
    assert role_of(r, "全年不少于40学时") is Role.PLAN  # (一) under 下一步工作计划
    assert role_of(r, "建设行政执法综合管理平台") is Role.PLAN
    assert roles_of(r, "2022年1月10日") == [Role.OTHER]
    assert roles_of(r, "某某区司法局") == [Role.OTHER, Role.OTHER]  # title and signature
    problem_sec = next(s for s in r.sections if s.heading == "二、存在的不足")
    assert problem_sec.role is Role.PROBLEM


def test_sentence_line_numbers_point_at_the_source() -> None:
    r = parse_report_text(NESTED)
    for s in r.sentences:
        assert s.text[:5] in normalize_text(r.lines[s.line - 1]), s
    assert r.sections[0].line == 1


MIXED = """一、工作情况
全面推行行政执法公示制度，全年公示执法信息3200条。
二、存在的问题和下一步工作打算
当前，我镇法治建设仍存在短板，基层法治力量不足，群众法治意识有待提高。
一是执法规范化水平还不够高；二是矛盾纠纷排查化解机制尚未健全。
下一步，我镇将重点做好以下工作：
一是加强执法人员培训，力争全员持证上岗；二是健全矛盾纠纷多元化解机制。
继续深化“枫桥经验”，推进平安乡镇建设。
"""


STANDARD = """某某市某某区人民政府
关于2021年法治政府建设情况的报告

2021年，在市委、市政府和区委的坚强领导下，区政府深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，法治政府建设取得新成效。现将有关情况报告如下。
一、2021年推进法治政府建设的主要举措和成效
（一）深入学习贯彻习近平法治思想。区政府常务会议专题学习习近平法治思想6次，举办领导干部法治专题讲座2场。
（二）依法全面履行政府职能。持续深化“放管服”改革，215项政务服务事项实现“一网通办”，企业开办时间压缩至1个工作日。
（三）加快推进补齐法治短板。制定规范性文件4件，全部经过合法性审核。
二、党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况
区政府主要负责同志认真履行第一责任人职责，4次主持召开常务会议研究法治政府建设工作。
三、2021年推进法治政府建设存在的不足和原因
一是法治宣传的针对性和实效性还需加强。二是基层执法队伍专业化水平有待提高。主要原因是执法人员培训不够系统。
四、2022年推进法治政府建设的主要安排
（一）持续深化“放管服”改革。全面推行证明事项告知承诺制。
（二）提升行政执法质量。开展行政执法案卷评查，全年不少于2次。
五、其他需要报告的情况
本年度我区无被上级通报批评的情况。

某某市某某区人民政府
2022年3月25日"""


def test_the_standard_five_part_annual_report() -> None:
    """The layout the 2019 annual-report rules prescribe: measures and results, the leaders'
    duties, shortcomings and causes, next year's plans, anything else."""
    r = parse_report_text(STANDARD)
    assert role_of(r, "企业开办时间压缩至1个工作日") is Role.ACHIEVEMENT
    assert role_of(r, "制定规范性文件4件") is Role.ACHIEVEMENT  # under a heading with 补齐短板
    assert role_of(r, "4次主持召开常务会议") is Role.ACHIEVEMENT
    assert role_of(r, "还需加强") is Role.PROBLEM
    assert role_of(r, "培训不够系统") is Role.PROBLEM
    assert role_of(r, "证明事项告知承诺制") is Role.PLAN
    assert role_of(r, "全年不少于2次") is Role.PLAN
    assert role_of(r, "无被上级通报批评") is Role.ACHIEVEMENT
    assert roles_of(r, "某某市某某区人民政府") == [Role.OTHER, Role.OTHER]  # title and signature
    assert r.meta.level is Level.COUNTY and r.meta.year == 2021 and r.meta.date == "2022-03-25"


def test_mixed_problem_and_plan_heading_tags_sentences_individually() -> None:
    r = parse_report_text(MIXED)
    assert role_of(r, "全年公示执法信息3200条") is Role.ACHIEVEMENT
    assert role_of(r, "群众法治意识有待提高") is Role.PROBLEM
    assert role_of(r, "执法规范化水平还不够高") is Role.PROBLEM
    assert role_of(r, "机制尚未健全") is Role.PROBLEM
    assert role_of(r, "重点做好以下工作") is Role.PLAN
    assert role_of(r, "力争全员持证上岗") is Role.PLAN
    assert role_of(r, "健全矛盾纠纷多元化解机制") is Role.PLAN
    assert role_of(r, "推进平安乡镇建设") is Role.PLAN


def test_plan_sentence_inside_achievements_is_plan_but_past_将_is_not() -> None:
    text = """一、主要举措和成效
深化工程建设项目审批制度改革，将审批时间压缩至20个工作日。将法治建设纳入年度绩效考核。
推进政务公开，全年公开信息1200条。下一步，我们将继续拓展公开渠道，提升公开质量。
2021年，我县将法治政府建设纳入经济社会发展总体规划。
"""
    r = parse_report_text(text)
    assert role_of(r, "将审批时间压缩至20个工作日") is Role.ACHIEVEMENT
    assert role_of(r, "将法治建设纳入年度绩效考核") is Role.ACHIEVEMENT
    assert role_of(r, "全年公开信息1200条") is Role.ACHIEVEMENT
    assert role_of(r, "继续拓展公开渠道") is Role.PLAN
    assert role_of(r, "纳入经济社会发展总体规划") is Role.ACHIEVEMENT  # 2021 is the report year


def test_next_year_plan_sentence_inside_achievements() -> None:
    text = "2021年工作总结\n一、工作成效\n全面推行权责清单制度。2022年，我县将全面推行包容审慎监管。\n"
    r = parse_report_text(text)
    assert role_of(r, "全面推行权责清单制度") is Role.ACHIEVEMENT
    assert role_of(r, "包容审慎监管") is Role.PLAN


CLOSING = """2020年工作情况报告
一、加强组织领导
成立法治政府建设工作领导小组，召开专题会议4次。
二、推进依法行政
全面落实重大行政决策程序规定，审查规范性文件15件。
全县法治政府建设虽然取得了一些成绩，但对照上级要求还存在一定差距，一是部分单位重视程度不够；二是执法人员法律素养有待提升等在2021年工作中，我们将坚持问题导向，着力补齐短板，推动法治政府建设再上新台阶。
某某县人民政府
2021年1月5日
"""


def test_closing_paragraph_turns_from_problems_to_plans_without_headings() -> None:
    r = parse_report_text(CLOSING)
    assert role_of(r, "审查规范性文件15件") is Role.ACHIEVEMENT
    assert role_of(r, "还存在一定差距") is Role.PROBLEM
    assert role_of(r, "部分单位重视程度不够") is Role.PROBLEM
    assert role_of(r, "执法人员法律素养有待提升") is Role.PROBLEM
    assert role_of(r, "着力补齐短板") is Role.PLAN
    assert roles_of(r, "2021年1月5日") == [Role.OTHER]


def test_unnumbered_role_headings() -> None:
    text = """今年以来，我局严格依法行政，全面推行行政执法三项制度，全年办理行政许可案件860件。
组织执法人员培训3期，参训120人次。
存在的问题
执法装备保障不足，信息化水平不高。
下一步工作打算
一、加强执法装备建设。
二、推进执法信息化，建设执法监督平台。
"""
    r = parse_report_text(text)
    # No achievement heading: the opening paragraphs are the work done.
    assert role_of(r, "全年办理行政许可案件860件") is Role.ACHIEVEMENT
    assert role_of(r, "参训120人次") is Role.ACHIEVEMENT
    assert role_of(r, "信息化水平不高") is Role.PROBLEM
    assert role_of(r, "加强执法装备建设") is Role.PLAN  # numbered items under an un-numbered plan heading
    assert role_of(r, "建设执法监督平台") is Role.PLAN


def test_a_short_line_with_a_count_is_not_a_heading() -> None:
    text = "一、工作成效\n开展执法检查，共检查企业58家。\n存在问题12个\n已全部督促整改到位。\n"
    r = parse_report_text(text)
    assert roles_of(r, "存在问题12个") == [Role.ACHIEVEMENT]
    assert role_of(r, "已全部督促整改到位") is Role.ACHIEVEMENT


def test_report_without_any_heading() -> None:
    text = ("今年以来，我镇全面推行行政执法公示制度，公示执法信息320条。"
            "开展法治宣传活动12场次。\n"
            "但我镇法治建设仍存在一些不足，法治工作力量薄弱。今后，我镇将进一步充实法治工作力量。\n")
    r = parse_report_text(text)
    assert role_of(r, "公示执法信息320条") is Role.ACHIEVEMENT
    assert role_of(r, "开展法治宣传活动12场次") is Role.ACHIEVEMENT
    assert role_of(r, "法治工作力量薄弱") is Role.PROBLEM
    assert role_of(r, "充实法治工作力量") is Role.PLAN


@pytest.mark.parametrize(
    "label,roles",
    [
        ("存在的问题", (Role.PROBLEM,)),
        ("存在的不足和原因", (Role.PROBLEM,)),
        ("下一步工作打算", (Role.PLAN,)),
        ("2022年工作思路", (Role.PLAN,)),
        ("整改措施", (Role.PLAN,)),
        ("下一年度推进法治政府建设的主要安排", (Role.PLAN,)),
        ("主要举措和成效", (Role.ACHIEVEMENT,)),
        ("工作开展情况", (Role.ACHIEVEMENT,)),
        ("存在的问题和下一步工作打算", (Role.PROBLEM, Role.PLAN)),
        ("2020年工作情况及2021年工作打算", (Role.ACHIEVEMENT, Role.PLAN)),
        ("加强政务公开,优化提升服务效能", ()),
        ("严格行政制约和监督,规范法治政府建设措施", ()),
        ("聚焦短板弱项,补齐基层法治建设短板", ()),
        ("围绕重点任务,扎实推进依法行政", ()),
        ("明确工作目标,压实工作责任", ()),
    ],
)
def test_heading_roles(label: str, roles: tuple[Role, ...]) -> None:
    assert heading_roles(label, 1, 2020) == roles


@pytest.mark.parametrize(
    "line,depth",
    [("一、工作成效", 1), ("十二、其他", 1), ("(三)推进政务公开", 2), ("（三）推进政务公开", 2),
     ("3.规范执法", 3), ("3、规范执法", 3), ("(2)专家论证", 3), ("第二部分 存在问题", 1)],
)
def test_match_heading(line: str, depth: int) -> None:
    h = match_heading(line)
    assert h is not None and h[0] == depth


@pytest.mark.parametrize("line", ["1.5万人次参与答题", "12.4国家宪法日", "2020年工作", "一是加强领导", "统一是基础"])
def test_not_headings(line: str) -> None:
    assert match_heading(line) is None


def test_sentence_splitting() -> None:
    text = "一是深化改革，成效明显。二是推进公开！三是强化监督；四是加强培训？思想统一是前提。(一)"
    got = [s for _, s in split_sentences(text)]
    assert got == ["一是深化改革，成效明显。", "二是推进公开！", "三是强化监督；", "四是加强培训？", "思想统一是前提。"]


def test_run_in_items_after_a_colon_or_comma_are_split() -> None:
    got = [s for _, s in split_sentences("主要表现在:一是基础薄弱,二是人才缺乏;三是投入不足。")]
    assert got == ["主要表现在:", "一是基础薄弱,", "二是人才缺乏;", "三是投入不足。"]


def test_wrapped_lines_are_rejoined() -> None:
    lines = ["一、主要举措和成效"]
    para = "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，全年审核重大执法决定56件，纠正违法行为3起。"
    body = [para[i:i + 20] for i in range(0, len(para), 20)]
    other = "推进政务公开，全年主动公开政府信息1200条，依申请公开办结率达到100%。"
    text = "\n".join(lines + body + [other[i:i + 20] for i in range(0, len(other), 20)]) + "\n"
    r = parse_report_text(text)
    assert [s.text for s in r.sentences] == ["主要举措和成效", para, other]
    assert [s.line for s in r.sentences] == [1, 2, 2 + len(body)]


# ---------------------------------------------------------------------------------------------
# The four seed reports: problem and plan parts found by their headings at test time

_TOP = re.compile(r"^\s*[一二三四五六七八九十]+、")
_PROBLEM_HEAD = re.compile(r"问题|不足|短板|差距")
_PLAN_HEAD = re.compile(r"下一步|打算|计划|思路|安排")


def _parts(r: Report) -> tuple[int, int | None, int | None, int]:
    """(first top heading, problem heading, plan heading, end of body) line numbers."""
    tops = [i + 1 for i, x in enumerate(r.lines) if _TOP.match(x)]
    first = tops[0]
    problem = next((n for n in tops if _PROBLEM_HEAD.search(r.lines[n - 1])), None)
    plan = next((n for n in tops if _PLAN_HEAD.search(r.lines[n - 1])), None)
    closing = max(s.line for s in r.sentences if s.role is not Role.OTHER) + 1
    return first, problem, plan, closing


@pytest.mark.parametrize("name", ["000", "003", "004"])
def test_seed_parts_are_tagged_by_their_headings(seed: Callable[[str], Path], name: str) -> None:
    r = load_report(seed(name))
    first, problem, plan, end = _parts(r)
    assert plan is not None
    achievements_end = problem or plan
    for s in r.sentences:
        if s.line < first:
            assert s.role is Role.OTHER, s
        elif s.line < achievements_end:
            assert s.role is Role.ACHIEVEMENT, s
        elif problem is not None and s.line < plan:
            assert s.role is Role.PROBLEM, s
        elif s.line < end:
            assert s.role is Role.PLAN, s
    if problem is not None:
        assert len([s for s in r.sentences if s.role is Role.PROBLEM]) >= 2
    assert len(r.sentences_in(Role.PLAN)) >= 5
    assert len(r.sentences_in(Role.ACHIEVEMENT)) >= 20


def test_seed_004_and_000_have_problem_headings(seed: Callable[[str], Path]) -> None:
    for name in ("000", "004"):
        _, problem, plan, _ = _parts(load_report(seed(name)))
        assert problem is not None and plan is not None and problem < plan


def test_seed_001_closing_paragraph_is_problems_then_plans(seed: Callable[[str], Path]) -> None:
    """Seed 001 has no problem/plan headings: its last body paragraph admits shortcomings
    ("虽然…但…存在…差距") and then turns to next year's intentions ("…我们将…")."""
    r = load_report(seed("001"))
    body = [s for s in r.sentences if s.role is not Role.OTHER]
    last_line = body[-1].line
    closing = [s for s in r.sentences if s.line == last_line]
    assert re.search(r"但.*存在", closing[0].text)
    roles = [s.role for s in closing]
    assert roles[0] is Role.PROBLEM and roles[-1] is Role.PLAN
    first_plan = roles.index(Role.PLAN)
    assert set(roles[:first_plan]) == {Role.PROBLEM} and set(roles[first_plan:]) == {Role.PLAN}
    assert len(roles[:first_plan]) >= 3
    assert re.search(r"我们将|将", closing[first_plan].text)
    first_top = next(i + 1 for i, x in enumerate(r.lines) if _TOP.match(x))
    for s in r.sentences:
        if first_top <= s.line < last_line:
            assert s.role is Role.ACHIEVEMENT, s


def test_seed_sentences_are_normalised_and_not_fragments(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        r = load_report(path)
        for s in r.sentences:
            assert s.text == normalize_text(s.text)
            assert re.search(r"[\u4e00-\u9fff]", s.text), s
            assert not re.fullmatch(r"[一二三四五六七八九十\d()、.]+", s.text), s
