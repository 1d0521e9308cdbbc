"""Remove web-page boilerplate and repeated blocks from a report's lines.

Reports are often copied from government web pages: navigation, "【打印】【关闭】", the page's
metadata table (索引号/发文机构/成文日期…), footers (主办单位, ICP备案, 网站标识码) and sometimes
the whole body twice. Matching must see the body once, and only the body. Metadata lines are
read for the title and date before they are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from wuchuan_check import regexes
from wuchuan_check.reading.textnorm import has_cjk, normalize_text
from wuchuan_check.reading.vocabulary import NUMBERED_LINE, PAGE_DATE_LABELS

__all__ = ["Line", "CleanResult", "clean_lines", "is_boilerplate", "MIN_DUPLICATE_RUN_CHARS"]

# A repeated run of lines shorter than this is kept: short headings and signature lines may
# legitimately appear twice (table of contents, cover page); a repeated paragraph is longer.
MIN_DUPLICATE_RUN_CHARS = 40


class Line(NamedTuple):
    number: int  # 1-based line number in the decoded source
    text: str  # normalised text, stripped, never empty


@dataclass(frozen=True)
class CleanResult:
    lines: tuple[Line, ...]
    dropped: int  # boilerplate lines removed
    duplicates: int  # lines removed because their block was repeated
    page_meta: Mapping[str, str] = field(default_factory=dict)  # e.g. {"标题": …, "成文日期": …}


# Labels of the metadata table government sites print above an article. A line starting with
# one (followed by a colon, whitespace or nothing) is page furniture, not report text.
_META_LABELS = (
    "标题|题名|文件名称|索引号|发文机构|发文机关|发布机构|发文单位|发文字号|文号|信息分类|主题分类|"
    "体裁分类|组配分类|内容分类|分类|概述|内容概述|摘要|" + "|".join(PAGE_DATE_LABELS) + "|"
    "生效日期|废止日期|有效性|时效性|是否有效|来源|信息来源|文章来源|作者|编辑|责任编辑|"
    "审核|校对|浏览次数|阅读次数|点击数|点击量|访问量|浏览量|关键词|主题词|所属机构|公开方式|"
    "公开范围|公开时限|服务对象|统一编号|所属主题|信息类别|公开形式|生成日期|字号|发布者|发稿人|"
    "阅读|点击|阅读次数|发布单位"
)
_META_LINE = regexes.compile(rf"^[【\[(（]?\s*({_META_LABELS})\s*[】\]]?\s*([:：]|\s|$)")
# "日期：2021-03-02", "时间：…" alone on a short line: page furniture (a report writes dates in prose).
_DATE_LABEL_LINE = regexes.compile(r"^(日期|时间)\s*[:：]\s*[\d\s:：\-/.年月日]{6,30}$")
_META_PAIR = regexes.compile(rf"(?:^[【\[]?|(?<=\s))({_META_LABELS})\s*[】\]]?\s*[:：]?")
# Page tools: print, font size, share, QR codes.
_TOOLS = regexes.compile(
    r"【\s*(打印|关闭|收藏|字体|字号|返回|顶部|大|中|小|打印本页|关闭窗口|打印正文)|"
    r"打印本页|关闭窗口|返回顶部|回到顶部|加入收藏|设为首页|字体\s*[:：]?\s*[【\[]?\s*(大|$)|"
    r"字号\s*[:：]?\s*[【\[]?\s*大|分享到|分享至|扫一扫|扫描二维码|二维码|手机扫描|用手机|在手机上|"
    r"微信扫|无障碍|长者模式|关怀版|繁体版|简体版|繁體|保护视力|视力保护|扫码|手机版|手机阅读|"
    r"^\s*(打印|关闭|收藏|分享|用户登录|登录|注册|附件[:：]?|繁体|简体|English)\s*$|"
    r"(阅读|浏览|点击)(次数|量)?\s*[:：]?\s*\d+\s*次"
)
_FOOTER = regexes.compile(
    r"主办单位|承办单位|协办单位|维护单位|运维单位|^\s*(主办|承办|协办)\s*[:：]|技术支持|版权所有|"
    r"copyright|©|ICP\s*备|ICP\s*证|网站标识码|网站识别码|公网安备|公安备案|网安备|网站地图|联系我们|"
    r"建议使用.{0,20}浏览器|分辨率|本网站(由|所有|版权)|本站由|网站声明|隐私(保护|声明|政策)|"
    r"网站纠错|我要纠错|找错|Produced\s*By|访问者|访问量|浏览量|地址\s*[:：].{0,60}(邮编|邮政编码|电话)|"
    r"^\s*(电话|传真|邮编|电子邮箱|E-?mail)\s*[:：]",
    re.I,
)
_NAVIGATION = regexes.compile(
    r"^\s*(上一篇|下一篇|上一条|下一条|上一页|下一页|相关链接|相关文章|相关阅读|相关新闻|相关信息|"
    r"相关稿件|相关报道|相关专题|"
    r"相关附件|相关文件|热点推荐|推荐阅读|友情链接|返回列表|返回首页|【相关)|"
    r"(当前位置|您的位置|您现在的位置|所在位置|现在位置)\s*[:：]|首页\s*(>|»|/|›|→)"
)
_PAGE_NUMBER = regexes.compile(
    r"^[-—\s]*\d{1,4}[-—\s]*$|^第\s*\d+\s*页\s*([/,，]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$|"
    r"^共\s*\d+\s*页"
)
_URL_LINE = regexes.compile(r"^(https?://|www\.)\S+$", re.I)
_DATETIME_ONLY = regexes.compile(r"^[\d\s:：\-/.年月日]+$")
_SENTENCE_PUNCT = regexes.compile(r"[。，,；;！？!?]")
# Words of site menus; a short line made only of short words including one of these is a menu.
_MENU_WORDS = regexes.compile(
    r"^(首页|网站首页|政务公开|政府信息公开|信息公开|政务服务|办事服务|网上办事|在线办事|互动交流|"
    r"政民互动|公众参与|新闻中心|新闻动态|政务动态|工作动态|领导之窗|政策法规|政策文件|政策解读|"
    r"专题专栏|数据发布|数据开放|在线服务|便民服务|通知公告|机构设置|机构职能|走进\S{1,6}|"
    r"\S{1,6}概况|投资\S{0,4}|文化旅游|旅游\S{0,4}|网站地图|English|无障碍|移动版|手机版|"
    r"信息公开目录|信息公开指南|信息公开制度|信息公开年报|依申请公开|法定主动公开内容|"
    r"政策|法规|规划计划|统计信息|财政信息|人事信息|领导信息|部门文件|政府文件|微信|微博|QQ空间|QQ|"
    r"今日头条|抖音|人民网|新华网)$"
)
_MENU_SINGLE = regexes.compile(r"^(首页|网站首页|网站地图|返回顶部|打印|关闭|分享|收藏|English|正文|"
                          r"附件|字体|大|中|小|\|)$")


def is_boilerplate(text: str, raw: str | None = None) -> bool:
    """Whether a (normalised) line is web-page furniture rather than report text.

    `raw` is the line as decoded, whose spacing separates menu words and table labels.
    """
    raw = text if raw is None else raw
    spaced = " ".join(raw.split())
    if not text:
        return False
    if _META_LINE.match(spaced) or (_META_LINE.match(text) and _label_only_or_colon(text)):
        return True
    if _DATE_LABEL_LINE.match(text):
        return True
    if not has_cjk(text):
        # Separators, URLs, page numbers, bare times; keep lone dates/numbers that may be data.
        if _URL_LINE.match(text) or _PAGE_NUMBER.match(text):
            return True
        if re.search(r"[。！？；，、”’》]$", text) and len(text) <= 12:
            return False  # the tail of a sentence the page width pushed onto its own line ("%。")
        if not re.search(r"\d", text):
            return True
        return bool(re.search(r"\d\d:\d\d", text) and _DATETIME_ONLY.match(text))
    short = len(text) <= 120 and not text.endswith("。")
    if short and (_TOOLS.search(text) or _FOOTER.search(text) or _NAVIGATION.search(text)):
        return True
    if _PAGE_NUMBER.match(text):
        return True
    if short and text.count(">") + text.count("»") >= 2 and not _SENTENCE_PUNCT.search(text):
        return True  # breadcrumb without the word 首页
    return _is_menu_line(text, spaced)


def _label_only_or_colon(text: str) -> bool:
    m = _META_LINE.match(text)
    return m is not None and (m.group(2) in (":", "：") or m.end() == len(text))


def _is_menu_line(text: str, spaced: str) -> bool:
    if _MENU_SINGLE.match(text):
        return True
    if len(text) > 60 or _SENTENCE_PUNCT.search(text) or NUMBERED_LINE.match(text):
        return False
    if re.search(r"\d", text):
        return False  # signature + date, statistics
    tokens = [t for t in re.split(r"[\s|｜·•/]+", spaced) if t]
    if len(tokens) < 2 or any(len(t) > 10 for t in tokens):
        return False
    has_menu_word = any(_MENU_WORDS.match(t) for t in tokens)
    repeated = len(set(tokens)) < len(tokens)
    return has_menu_word or (repeated and len(tokens) >= 3)


def _page_meta_pairs(spaced: str) -> list[tuple[str, str]]:
    """`成文日期:2020-05-20 公开日期:2020-05-21` → [(成文日期, 2020-05-20), (公开日期, …)]."""
    matches = list(_META_PAIR.finditer(spaced))
    pairs = []
    for i, m in enumerate(matches):
        if i == 0 and m.start() > 0:
            break  # the line does not start with a label
        end = matches[i + 1].start() if i + 1 < len(matches) else len(spaced)
        value = spaced[m.end():end].strip(" \\:：")
        pairs.append((m.group(1), value))
    return pairs


def clean_lines(raw_lines: Sequence[str], norm_lines: Sequence[str] | None = None) -> CleanResult:
    """Drop boilerplate lines, then lines of repeated blocks; keep first occurrences in order.

    `norm_lines[i]` is `normalize_text(raw_lines[i])`; blank lines are dropped silently (not
    counted). Metadata found in page-furniture lines is returned in `page_meta`.
    """
    if norm_lines is None:
        norm_lines = [normalize_text(line) for line in raw_lines]
    kept: list[Line] = []
    dropped = 0
    page_meta: dict[str, str] = {}
    for i, (raw, text) in enumerate(zip(raw_lines, norm_lines, strict=True)):
        text = text.strip()
        if not text:
            continue
        if is_boilerplate(text, raw):
            dropped += 1
            for label, value in _page_meta_pairs(_spaced_norm(raw, text)):
                if value and label not in page_meta:
                    page_meta[label] = value
            continue
        kept.append(Line(i + 1, text))
    unique, duplicates = remove_repeated_blocks(kept)
    return CleanResult(tuple(unique), dropped, duplicates, page_meta)


def _spaced_norm(raw: str, text: str) -> str:
    """The normalised line, but with the raw line's word gaps (which normalisation removes
    between Chinese characters) restored, so "标题 武川县…" splits into label and value."""
    return " ".join(normalize_text(tok) for tok in raw.split()) or text


def remove_repeated_blocks(lines: Sequence[Line]) -> tuple[list[Line], int]:
    """Drop runs of consecutive lines that repeat an earlier run (a body pasted twice).

    Linear time: each line remembers only the first position of its text; a run extends while
    the next line equals the line after the previous match. A run is dropped when it holds at
    least MIN_DUPLICATE_RUN_CHARS characters, so a heading repeated alone survives.
    """
    first_pos: dict[str, int] = {}
    match_of = [-1] * len(lines)  # index of the earlier line each line repeats, -1 if none
    prev = -1
    for j, line in enumerate(lines):
        key = line.text
        i = -1
        if prev >= 0 and prev + 1 < j and lines[prev + 1].text == key:
            i = prev + 1
        elif key in first_pos:
            i = first_pos[key]
        match_of[j] = i
        prev = i
        first_pos.setdefault(key, j)

    drop = [False] * len(lines)
    j = 0
    n = len(lines)
    while j < n:
        if match_of[j] < 0:
            j += 1
            continue
        start = j
        chars = len(lines[j].text)
        j += 1
        while j < n and match_of[j] >= 0 and match_of[j] == match_of[j - 1] + 1:
            chars += len(lines[j].text)
            j += 1
        if chars >= MIN_DUPLICATE_RUN_CHARS:
            for k in range(start, j):
                drop[k] = True
    kept = [line for line, d in zip(lines, drop, strict=True) if not d]
    return kept, n - len(kept)
