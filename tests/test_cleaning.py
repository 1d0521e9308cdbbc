"""Web-page boilerplate and repeated blocks are removed; the body survives, once."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from wuchuan_check.reading.cleaning import Line, clean_lines, is_boilerplate, remove_repeated_blocks
from wuchuan_check.reading.document import Role
from wuchuan_check.reading.formats import load_report, parse_report_text
from wuchuan_check.reading.textnorm import normalize_text

JUNK = [
    "首页 > 政务公开 > 法治政府建设",
    "当前位置：首页 >> 信息公开 >> 工作报告",
    "您现在的位置: 网站首页 / 政务动态",
    "【打印】【字体：大 中 小】【关闭】",
    "【打印本页】 【关闭窗口】",
    "分享到：",
    "分享到: 微信 微博 QQ空间",
    "扫一扫在手机打开当前页",
    "索引号：11500000/2022-00012",
    "索引号:0001/2020-00535 发文字号:",
    "发文机构：县政府办公室 信息分类：报告",
    "成文日期：2020-05-20 公开日期：2020-05-21",
    "来源：县司法局　　发布日期：2021-03-02 09:15",
    "发布时间：2021-03-02 浏览次数：1024",
    "上一篇：关于做好防汛工作的通知",
    "下一篇：没有了",
    "网站地图 | 联系我们 | 网站声明",
    "主办单位：某某县人民政府办公室",
    "渝ICP备12345678号-1",
    "政府网站标识码：5001230001",
    "渝公网安备 50012302000123号",
    "版权所有：某某县人民政府 Copyright © 2021",
    "技术支持：某某网络科技有限公司",
    "地址：某某县人民路1号 邮编：400000 电话：023-12345678",
    "首页 政务公开 政务服务 互动交流 走进某某",
    "网站首页",
    "有效性",
    "- 3 -",
    "第 2 页 共 5 页",
    "https://www.example.gov.cn/art/2021/3/2/art_1.html",
    "2021-03-02 09:15:33",
    ">>",
    "【我要打印】【关闭】",
    "相关稿件",
    "扫码阅读手机版",
    "本站由某某县人民政府办公室维护",
    "网站声明 | 隐私保护 | 网站纠错",
    "发布者：admin",
    "时间：2021-03-02 阅读：123次",
    "微信 微博",
    "您是第 12345 位访问者",
    "繁體",
    "日期：2021年3月2日",
    "(责任编辑：张三)",
]

KEEP = [
    "一、工作成效",
    "(一)加强组织领导",
    "三、存在的问题",
    "下一步工作打算",
    "某某县人民政府",
    "2020年5月20日",
    "某某县司法局：",
    "2021年，我县全面推行行政执法公示制度，信息来源于各执法部门，做到应公开尽公开。",
    "一是建立健全政府法律顾问制度，聘请法律顾问3名。",
    "政务公开",  # a short topic line: not a menu by itself
    "全县共办理行政复议案件12件 行政诉讼案件5件",
    "。",
    "%。",
    "全年开展普法活动12次。",
    "时间紧、任务重，我局抽调骨干力量组建专班。",
]


@pytest.mark.parametrize("line", JUNK)
def test_web_page_lines_are_boilerplate(line: str) -> None:
    assert is_boilerplate(normalize_text(line), line)


@pytest.mark.parametrize("line", KEEP)
def test_report_lines_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(normalize_text(line), line)


def _lines(*texts: str) -> list[Line]:
    return [Line(i + 1, t) for i, t in enumerate(texts)]


BODY = [
    "一、主要举措和成效",
    "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，全年审核重大执法决定56件。",
    "二、存在的问题",
    "基层法治工作力量薄弱，专业人才缺乏，部分执法人员法治意识不强。",
    "某某县人民政府",
    "2022年3月1日",
]


def test_body_pasted_twice_counts_once_with_first_line_numbers() -> None:
    raw = ["标题：某某县法治政府建设情况报告", *BODY, "主办单位：某某县人民政府", *BODY]
    r = clean_lines(raw)
    assert [line.text for line in r.lines] == BODY
    assert [line.number for line in r.lines] == list(range(2, 2 + len(BODY)))
    assert r.duplicates == len(BODY)
    assert r.dropped == 2
    assert r.page_meta["标题"] == "某某县法治政府建设情况报告"


def test_third_copy_and_blank_lines_between_copies() -> None:
    raw = BODY + [""] + BODY + ["", "", ""] + BODY
    r = clean_lines(raw)
    assert [line.text for line in r.lines] == BODY
    assert r.duplicates == 2 * len(BODY)


def test_a_heading_repeated_alone_is_kept() -> None:
    lines = _lines("一、工作成效", "深入推进政务公开，公开政府信息1200条。", "一、工作成效", "全面推行权责清单制度，公布权责事项2315项。")
    kept, dropped = remove_repeated_blocks(lines)
    assert dropped == 0 and kept == lines


def test_a_long_paragraph_repeated_elsewhere_is_dropped() -> None:
    long = "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，全年审核重大执法决定56件，纠正违法行为3起。"
    lines = _lines("一、工作成效", long, "二、其他工作", "开展法治宣传活动20场次。", long)
    kept, dropped = remove_repeated_blocks(lines)
    assert dropped == 1 and [line.number for line in kept] == [1, 2, 3, 4]


def test_partial_overlap_keeps_the_new_lines() -> None:
    a = "深入推进政务公开，主动公开政府信息1200条，依申请公开办结率100%，群众满意度持续提升。"
    b = "全面推行权责清单制度，公布县级部门权责事项2315项，实行动态调整和规范运行，接受社会监督。"
    c = "加强行政复议工作，全年受理行政复议案件12件，审结11件，纠错2件，切实维护群众合法权益。"
    kept, dropped = remove_repeated_blocks(_lines(a, b, a, b, c))
    assert [line.text for line in kept] == [a, b, c] and dropped == 2


def test_page_metadata_in_table_form_is_read_before_dropping() -> None:
    raw = ["标题\t某某县人民政府关于2020年法治政府建设情况的报告", "成文日期\t2021-01-15 10:40", "有效性", *BODY]
    r = clean_lines(raw)
    assert r.page_meta["标题"] == "某某县人民政府关于2020年法治政府建设情况的报告"
    assert r.page_meta["成文日期"] == "2021-01-15 10:40"
    assert "有效性" not in r.page_meta or r.page_meta["有效性"] == ""
    assert [line.text for line in r.lines] == BODY


def test_duplicate_removal_is_linear() -> None:
    distinct = [Line(i + 1, f"全年办理第{i}号行政许可事项，审批时限压缩至{i % 30}个工作日。") for i in range(100_000)]
    same = [Line(i + 1, "深入推进政务公开，主动公开政府信息。") for i in range(100_000)]
    t0 = time.perf_counter()
    kept, dropped = remove_repeated_blocks(distinct)
    kept2, dropped2 = remove_repeated_blocks(same)
    assert time.perf_counter() - t0 < 5
    assert dropped == 0 and len(kept) == 100_000
    assert len(kept2) == 1 and dropped2 == 99_999


# ---------------------------------------------------------------------------------------------
# Seed 000: a government web page with the body pasted twice


def _body_start_and_footer(lines: tuple[str, ...]) -> tuple[int, int]:
    """Line numbers of the first top-level heading and of the first footer line (found by
    generic page-furniture words, not by the seed's text)."""
    first_heading = next(i + 1 for i, x in enumerate(lines) if re.match(r"^\s*一、", x))
    footer = next(i + 1 for i, x in enumerate(lines) if re.search(r"主办单位|ICP备|网站标识码", x))
    return first_heading, footer


def test_seed_000_yields_one_copy_of_its_body_without_web_page_lines(seed: Callable[[str], Path]) -> None:
    r = load_report(seed("000"))
    first_heading, footer = _body_start_and_footer(r.lines)
    assert first_heading < footer
    # The body appears twice in the file; every sentence comes from the first copy.
    copies = [i + 1 for i, x in enumerate(r.lines) if x.strip() == r.lines[first_heading - 1].strip()]
    assert len(copies) == 2
    assert all(s.line < footer for s in r.sentences)
    texts = [s.text for s in r.sentences if len(s.text) >= 15]
    assert len(texts) == len(set(texts))
    # Every body line of the first copy is represented by its sentences.
    body_lines = {i + 1 for i in range(first_heading - 1, footer - 1) if r.lines[i].strip()}
    assert body_lines - {s.line for s in r.sentences} == set()
    # No page furniture reaches the matcher.
    for s in r.sentences:
        assert not re.search(r"索引号|发文机构|成文日期|公开日期|分享到|打印|字体|ICP|网站标识码|主办单位|技术支持|来源:", s.text), s.text
    assert r.source.duplicate_lines >= 40
    assert r.source.lines_dropped >= 15
    assert r.source.lines_total == len(r.lines)


def test_seed_000_page_metadata_gives_title_and_date(seed: Callable[[str], Path]) -> None:
    r = load_report(seed("000"))
    assert r.meta.title is not None and r.meta.title.endswith("自检自查报告")
    assert r.meta.date == "2020-05-20"


def test_cleaning_keeps_roles_of_the_first_copy(seed: Callable[[str], Path]) -> None:
    r = load_report(seed("000"))
    assert r.sentences_in(Role.PROBLEM) and r.sentences_in(Role.PLAN)


def test_duplicated_passage_inside_a_paragraph_counts_once() -> None:
    passage = "扩大公共法律服务覆盖面，落实法律援助全覆盖工作要求，为困难群众提供法律援助73件，为群众解答法律咨询145人次。"
    text = ("一、主要举措和成效\n"
            f"推进公共法律服务体系建设。一是{passage.replace('，', '。', 1)}深入推进诉源治理，开展律师参与化解信访案件工作。"
            f"{passage}深入推进诉源治理，开展律师参与化解信访案件工作，成效明显。\n")
    r = parse_report_text(text)
    hits = [s for s in r.sentences if "为困难群众提供法律援助73件" in s.text]
    assert len(hits) == 1
