"""Each entry of the shared reading vocabulary, with what it must and must not match."""

from __future__ import annotations

import pytest

from wuchuan_check.reading import vocabulary as v


@pytest.mark.parametrize(("text", "depth"), [
    ("一、主要工作", 1), ("十二．其他", 1), ("第二部分 存在的问题", 1), ("(三)加强执法", 2), ("（三）加强执法", 2),
    ("1.完善制度", 3), ("12、规范执法", 3), ("(2)落实责任", 3), ("③推进公开", 3),
])
def test_heading_numbering_gives_the_depth(text, depth):
    assert [d for d, rx in v.HEADING_NUMBERING if rx.match(text)][0] == depth


@pytest.mark.parametrize("text", ["2021年工作情况", "1.5万件", "统一是关键", "第一书记"])
def test_heading_numbering_leaves_other_openings(text):
    assert not any(rx.match(text) for _, rx in v.HEADING_NUMBERING)


@pytest.mark.parametrize(("text", "numbered"), [
    ("一、总体情况", True), ("(一)制度建设", True), ("(1)学法", True), ("3.执法", True), ("3．执法", True),
    ("青岩县人民政府", False), ("2021年3月1日", False),
])
def test_numbered_line(text, numbered):
    assert bool(v.NUMBERED_LINE.match(text)) is numbered


@pytest.mark.parametrize(("text", "rest"), [
    ("一、加强领导", "加强领导"), ("(二)完善制度", "完善制度"), ("一是健全机制", "健全机制"), ("二要抓落实", "抓落实"),
    ("第一,强化学习", "强化学习"), ("3.规范执法", "规范执法"), ("依法行政", "依法行政"),
])
def test_leading_numbering_is_stripped_once(text, rest):
    assert v.LEADING_NUMBERING.sub("", text, count=1) == rest


@pytest.mark.parametrize(("text", "items"), [
    ("一是完善制度;二是加强培训。", 2), ("一要抓学习,二要抓落实。", 2), ("系统统一是前提。", 0), ("第一是学习。", 0),
])
def test_run_in_items(text, items):
    assert len(v.RUN_IN.findall(text)) == items


@pytest.mark.parametrize("marker", v.FUTURE_MARKERS)
def test_every_future_marker_opens_a_plan_and_turns_a_mixed_part(marker):
    sentence = f"{marker},我县将进一步完善行政执法公示制度。"
    assert v.PLAN_START.match(sentence)
    assert v.PLAN_START_MIXED.match(sentence)
    assert v.PLAN_ANYWHERE.search(sentence)
    assert v.PLAN_HEADING.search(f"{marker}工作打算")
    assert v.TRANSITION.search(f"全年办结复议案件12件。{marker},我们将加强复议规范化建设。")


@pytest.mark.parametrize(("text", "plan"), [("将其纳入考核", False), ("将近三成", False), ("将推进公开", True), ("力争年底完成", True)])
def test_intent_is_not_the_ba_sense_of_jiang(text, plan):
    assert bool(v.PLAN_ANYWHERE.search(text)) is plan


@pytest.mark.parametrize(("heading", "rx"), [
    ("存在的主要问题", v.PROBLEM_HEADING), ("问题与不足", v.PROBLEM_HEADING), ("薄弱环节", v.PROBLEM_HEADING),
    ("主要成效", v.ACHIEVEMENT_HEADING), ("工作开展情况", v.ACHIEVEMENT_HEADING), ("下一步工作计划", v.PLAN_HEADING),
    ("整改措施", v.PLAN_HEADING), ("计划", v.PLAN_HEADING_WEAK), ("不足", v.PROBLEM_HEADING_WEAK),
    ("主要做法", v.ACHIEVEMENT_HEADING_WEAK),
])
def test_role_words_in_headings(heading, rx):
    assert rx.search(heading)


def test_remedy_words_mark_work_on_a_shortcoming():
    assert v.REMEDY.search("补齐")
    assert not v.REMEDY.search("存在")


@pytest.mark.parametrize(("heading", "year"), [("2022年工作打算", "2022"), ("2021年度重点任务", "2021")])
def test_year_work_headings_give_the_year(heading, year):
    m = v.YEAR_WORK.search(heading)
    assert m and m.group(1) == year


@pytest.mark.parametrize(("sentence", "plan"), [
    ("2024年,我县将深化综合执法改革。", True), ("在2023年工作中,我们要加强学法。", True),
    ("2021年9月组织执法人员培训。", False), ("2022年全县共办理复议案件41件。", False),
])
def test_year_plan_start(sentence, plan):
    assert bool(v.YEAR_PLAN_START.match(sentence)) is plan


@pytest.mark.parametrize(("sentence", "problem"), [
    ("虽然取得一定成效,但仍存在执法不规范等问题。", True), ("问题主要表现在三个方面:", True),
    ("存在的问题是:", True), ("全年整改问题32个。", False),
])
def test_problem_intro(sentence, problem):
    assert bool(v.PROBLEM_INTRO.search(sentence)) is problem


@pytest.mark.parametrize(("sentence", "problem"), [("执法队伍力量薄弱。", True), ("培训覆盖面还不够广。", True), ("全年培训执法人员320人次。", False)])
def test_problem_words(sentence, problem):
    assert bool(v.PROBLEM_WORDS.search(sentence)) is problem


@pytest.mark.parametrize(("sentence", "plan"), [("加强行政执法监督。", True), ("全县行政执法案件办结率100%。", False)])
def test_plan_verb_start(sentence, plan):
    assert bool(v.PLAN_VERB_START.match(sentence)) is plan


@pytest.mark.parametrize("label", v.PAGE_DATE_LABELS)
def test_every_page_date_label_gives_the_date(label):
    m = v.PAGE_DATE.search(f"{label}:2021-03-02 来源:县司法局")
    assert m and m.group(1) == label and m.group(2).startswith("2021")
