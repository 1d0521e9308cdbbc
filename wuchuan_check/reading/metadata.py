"""Report metadata from its text: title, issuer, year/period, date, outlines cited, level.

Everything is inferred from words a reader can point at; `level_reason` quotes them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wuchuan_check import regexes
from wuchuan_check.reading.cleaning import Line
from wuchuan_check.reading.document import Level, ReportMeta
from wuchuan_check.reading.gazetteer import division_level, find_divisions
from wuchuan_check.reading.textnorm import simplified
from wuchuan_check.reading.vocabulary import NUMBERED_LINE, PAGE_DATE_LABELS

__all__ = [
    "extract_metadata", "is_org_name", "is_date_line", "find_title", "find_issuer", "find_date", "find_outlines",
    "infer_level", "infer_level_weighed", "level_cues", "decide_level", "LevelCue", "level_from_issuer", "parse_date",
    "LOW_LEVEL_CONFIDENCE",
]

_ORG_SUFFIX = (
    r"(?:人民政府办公室|人民政府|政府办公室|政府|街道办事处|办事处|党工委|党委|县委|市委|区委|旗委|"
    r"委员会办公室|委员会|领导小组办公室|领导小组|办公室|管委会|公署|人民法院|人民检察院|"
    r"司法局|[^\s，,。；;:：]{1,8}?(?:局|厅|委|办|中心|司法所|所|站|队|署|处))"
)
_ORG_LINE = regexes.compile(rf"^(中共|中国共产党)?[^\s，,。；;:：、]{{1,40}}?{_ORG_SUFFIX}$")
_TITLE_WORDS = regexes.compile(r"报告|总结|情况|汇报|自查|自评")
_YEAR = r"((?:19|20)\d\d)"
_DATE_CN = regexes.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_CN_MONTH = regexes.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月(?!\s*\d)")
_DATE_ISO = regexes.compile(r"((?:19|20)\d\d)\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})(?!\d)")
_DATE_HANZI = regexes.compile(r"([二〇○零一两三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                         r"\s*([一二三四五六七八九十]{1,3})\s*日")
_HANZI_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                "六": 6, "七": 7, "八": 8, "九": 9}

_OUTLINE_RANGE = regexes.compile(
    r"(法治政府建设|法治政府|依法行政)[^。;；]{0,14}?(纲要|实施方案|规划|实施意见)\s*[(（]?\s*"
    rf"{_YEAR}\s*年?\s*-\s*{_YEAR}\s*年?"
)
_OUTLINE_2021 = regexes.compile(
    r"一规划两纲要|一规划二纲要|法治中国建设规划|法治社会建设实施纲要\s*[(（]\s*2020\s*年?\s*-\s*2025"
)
_OUTLINE_PLAIN = regexes.compile(r"法治政府建设实施纲要(?!\s*[(（]\s*(?:19|20)\d\d)")

_SELF_CHECK = regexes.compile(r"五年来|近五年|五年以来|十三五”?\s*(期间|以来|时期)|自检自查|2015年以来|2016年以来")


# --------------------------------------------------------------------------------------------
# Dates


def _hanzi_number(s: str) -> int:
    if all(c in _HANZI_DIGIT for c in s) and len(s) == 4:
        return int("".join(str(_HANZI_DIGIT[c]) for c in s))
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _HANZI_DIGIT[s[1]]
    if "十" in s:
        tens, _, ones = s.partition("十")
        return _HANZI_DIGIT[tens] * 10 + (_HANZI_DIGIT[ones] if ones else 0)
    return _HANZI_DIGIT[s]


def parse_date(s: str) -> str | None:
    """'2020年5月20日' / '2020-05-20 10:40' / '二〇二〇年五月二十日' → '2020-05-20'."""
    for rx in (_DATE_CN, _DATE_ISO):
        m = rx.search(s)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return _iso(y, mo, d)
    m = _DATE_HANZI.search(s)
    if m:
        try:
            return _iso(_hanzi_number(m.group(1)), _hanzi_number(m.group(2)), _hanzi_number(m.group(3)))
        except (KeyError, ValueError):
            return None
    return None


def _iso(y: int, mo: int, d: int) -> str | None:
    import datetime

    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return None


def find_date(lines: Sequence[Line], page_meta: Mapping[str, str] | None = None) -> tuple[str | None, tuple[int, int] | None]:
    """(ISO date, (year, month)) from the closing date line, else the page's 成文日期.

    The (year, month) pair is also set for month-only dates such as "2021年1月初"."""
    for line in reversed(lines[-6:]):
        text = line.text
        if len(text) > 40:
            continue
        iso = parse_date(text)
        if iso:
            return iso, (int(iso[:4]), int(iso[5:7]))
        m = _DATE_CN_MONTH.search(text)
        if m and re.fullmatch(r"[^。，,]*?\d{4}\s*年\s*\d{1,2}\s*月\s*(初|底|中旬|上旬|下旬|末)?\s*", text):
            return None, (int(m.group(1)), int(m.group(2)))
    meta = page_meta or {}
    for label in PAGE_DATE_LABELS:
        if meta.get(label):
            iso = parse_date(meta[label])
            if iso:
                return iso, (int(iso[:4]), int(iso[5:7]))
    return None, None


# --------------------------------------------------------------------------------------------
# Title and issuer


def find_title(lines: Sequence[Line], page_meta: Mapping[str, str] | None = None) -> str | None:
    """The page's 标题 field, else a title-like line (…报告/情况/总结) near the top."""
    meta = page_meta or {}
    for label in ("标题", "题名", "文件名称"):
        if meta.get(label):
            return meta[label]
    head = list(lines[:6])
    for k, line in enumerate(head):
        text = line.text
        if not (6 <= len(text) <= 80) or "。" in text or not _TITLE_WORDS.search(text):
            continue
        if text.endswith((":", "：")) or NUMBERED_LINE.match(text):
            continue
        if k > 0 and _ORG_LINE.match(head[k - 1].text) and not _ORG_PREFIX.match(text):
            return head[k - 1].text + text  # "XX县人民政府" / "关于…的报告" on two lines
        return text
    return None


_ORG_PREFIX = regexes.compile(rf"^(中共)?[^\s，,。；;:：]{{2,30}}?{_ORG_SUFFIX}(?=关于|(?:19|20)\d\d|法治|依法|年度|[(（]|$)")


def _is_org(text: str) -> bool:
    return bool(_ORG_LINE.match(text)) and not re.search(r"\d|报告|情况", text)


def is_org_name(text: str) -> bool:
    """A short line naming an organisation, e.g. a signature ("XX县人民政府")."""
    return len(text) <= 40 and _is_org(text)


_DATE_LINE = regexes.compile(
    r"^(\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日|\s*(初|底|中旬|上旬|下旬|末))?|"
    r"[二〇○零一两三四五六七八九]{4}\s*年[一二三四五六七八九十]{1,3}月([一二三四五六七八九十]{1,3}日)?|"
    r"\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2})$"
)


def is_date_line(text: str) -> bool:
    """A line that is only a date ("2020年5月20日", "2021年1月初", "二〇二〇年五月二十日")."""
    return bool(_DATE_LINE.match(text.strip(" ()（）")))


def find_issuer(title: str | None, lines: Sequence[Line]) -> str | None:
    """The issuing body: "XX关于…" in the title, the signature line, or the title's leading org."""
    if title:
        m = re.match(r"^(.{2,40}?)关于", title)
        if m and _is_org(m.group(1)):
            return m.group(1)
    for line in reversed(lines[-5:]):
        text = line.text
        if _DATE_CN.search(text) and len(text) <= 50:
            text = _DATE_CN.sub("", text).strip()  # "XX县人民政府 2020年5月20日" on one line
        if text and len(text) <= 40 and _is_org(text) and not NUMBERED_LINE.match(text):
            return text
    if title:
        m = _ORG_PREFIX.match(title)
        if m:
            return m.group(0)
    for line in lines[:4]:  # a numbered body heading is never the issuer
        if _is_org(line.text) and len(line.text) <= 40 and not NUMBERED_LINE.match(line.text):
            return line.text
    return None


# --------------------------------------------------------------------------------------------
# Year, period, outlines


def find_outlines(text: str, year: int | None) -> tuple[str, ...]:
    """Outline ids the text cites, in order of first mention."""
    found: list[tuple[int, str]] = []
    for m in _OUTLINE_RANGE.finditer(text):
        start, end = int(m.group(3)), int(m.group(4))
        if end <= 2020 and start >= 2014:
            found.append((m.start(), "2015-2020"))
        elif start >= 2020 and end >= 2025:
            found.append((m.start(), "2021-2025"))
    later = _OUTLINE_2021.search(text)
    if later:
        found.append((later.start(), "2021-2025"))
    plain = _OUTLINE_PLAIN.search(text)
    if plain and year is not None:  # a bare title: the outline in force in the report's year
        found.append((plain.start(), "2015-2020" if year <= 2020 else "2021-2025"))
    out: list[str] = []
    for _, oid in sorted(found):
        if oid not in out:
            out.append(oid)
    return tuple(out)


def find_year_period(
    title: str | None,
    lines: Sequence[Line],
    text: str,
    year_month: tuple[int, int] | None,
) -> tuple[int | None, tuple[int, int] | None]:
    """The year reported on and, for multi-year reports, the period."""
    if title:
        m = re.search(rf"{_YEAR}\s*年?\s*-\s*{_YEAR}", title)
        if m:
            period = (int(m.group(1)), int(m.group(2)))
            return period[1], period
        years = [int(y) for y in re.findall(rf"{_YEAR}\s*年", title)]
        if years:
            return years[-1], None
    # A five-year self-check of the 2015-2020 outline ("五年来", "自检自查") reports on the period.
    self_check = _SELF_CHECK.search((title or "") + "\n" + text[:3000])
    cites_2015 = re.search(r"实施纲要\s*[(（]?\s*201[56]\s*年?\s*-\s*2020", text)
    if self_check and cites_2015 and (year_month is None or year_month[0] in (2020, 2021)):
        return 2020, (2015, 2020)
    for line in lines[:8]:
        m = re.match(rf"^(?:在|于)?{_YEAR}\s*年(以来|度|,|，|上半年|全年|我|是|全|在)", line.text)
        if m and not _TITLE_WORDS.search(line.text[:30]):
            return int(m.group(1)), None
    if year_month is not None:
        y, mo = year_month
        return (y - 1 if mo <= 6 else y), None
    counts = Counter(int(y) for y in re.findall(rf"{_YEAR}\s*年(?!\s*-)", text))
    if counts:
        return counts.most_common(1)[0][0], None
    return None, None


# --------------------------------------------------------------------------------------------
# Government level
#
# One weighed decision over every cue a reader would use: the issuer, the title, the first
# sentence's subject, "现将…报告如下", "受X政府委托", self-references and the places named. Each cue
# votes for a level with a weight; the winner's share of all votes (scaled down when the votes
# are few) is the confidence, and the cues that voted for it are the reasons.

_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_AUTONOMOUS_REGIONS = ("内蒙古", "广西", "西藏", "宁夏", "新疆")
_RULE_OF_LAW_OFFICE = regexes.compile(r"依法治(省|市|州|盟|县|区|旗|镇|乡)")
# Offices of a whole place's rule-of-law work: they report for the place, not as a department.
_PLACE_OFFICE = regexes.compile(r"(全面)?(法治政府建设|法治建设|依法行政|推进依法行政)(工作)?领导小组(办公室)?$")
# A government or party committee of a place ("…县委员会" is the county party committee; a
# "…卫生健康委员会" is a department).
_GOV_SUFFIX = regexes.compile(
    r"(人民政府|政府|行政公署|党委|党工委|(省|自治区|市|州|盟|县|旗|区|镇|乡)委员会|县委|市委|区委|旗委|州委|省委|"
    r"街道办事处|办事处)$")
_DEPT_SUFFIX = regexes.compile(
    r"(人民政府办公室|政府办公室|人民政府办公厅|政府办公厅|办公室|办公厅|[^\s]{1,10}?(局|厅|委|委员会|办|中心|所|站|队|署|处|部)|"
    r"人民法院|人民检察院)$")
_GOV_OFFICE = regexes.compile(r"(人民政府|政府)(办公室|办公厅)$")
# 我县 / 本局 / 全镇; the lookahead drops compounds that are not a self-reference (全区域, 全市场,
# 全省份, 本市级, 全县域 …). 全局 is handled apart: it mostly means "overall" (工作全局, 全局性).
_SELF_REF = regexes.compile(r"(我|本|全)(县|区|旗|市|州|盟|镇|乡|街道|省|局|委|厅|办|中心)(?!域|场|委会|份|属|级|长|面|部|民)")
_BUREAU_WHOLE = regexes.compile(r"全局(干部|上下|职工|党员|系统|工作人员|人员|各科室|各股室)")
# A bureau's own bodies and meetings (not a 政府/党委's): each branch opens with its literal and
# looks behind from there, so the regex engine scans for 局/厅/党 in C (a leading lookbehind is
# tried at every position: 0.3 ms a report).
_ORGAN = "党组|机关|领导班子|长办公会|务会"
_BUREAU_ORGAN = regexes.compile(rf"局(?<![府委]局)(?:{_ORGAN})|厅(?<![府委]厅)(?:{_ORGAN})|"
                           r"党组(?<![府委政]党组)(?:召开|会议|理论学习|书记)")
_COMBINE_LOCAL = regexes.compile(r"结合(本|我|全)?(自治区|省|市|州|盟|县|区|旗|镇|乡|街道)(的)?实际")
_ENTRUSTED = regexes.compile(r"受(中共)?([^\s，,。；;:：、]{2,20}?)(人民政府|政府)(的)?委托")
_REPORT_AS = regexes.compile(r"现将([^\s，,。；;:：]{2,30}?)(?:(?:19|20)\d\d|年度|上半年|法治|依法|推进|工作|有关|关于|贯彻)")
_FIRST_SUBJECT = regexes.compile(
    r"^(?:(?:19|20)\d\d\s*年(?:度|以来|来)?\s*[,，]?\s*)?(?:以来\s*[,，]?)?"
    r"((?:中共)?[^\s，,。；;:：、“”《》()（）]{1,30}?(?:人民政府|政府|党委|委员会|办事处|局|厅|委|办|部|中心))")
_FIRST_PLACE = regexes.compile(
    r"^(?:(?:19|20)\d\d\s*年(?:度|以来|来)?\s*[,，]?\s*)?"
    r"((?:中共)?[^\s，,。；;:：、“”《》()（）]{1,20}?(?:自治区|省|市|州|盟|地区|县|旗|区|镇|乡|苏木|街道))")
_UNIT_LEVEL = {
    "县": Level.COUNTY, "区": Level.COUNTY, "旗": Level.COUNTY,
    "市": Level.CITY, "州": Level.CITY, "盟": Level.CITY,
    "镇": Level.TOWNSHIP, "乡": Level.TOWNSHIP, "街道": Level.TOWNSHIP,
    "省": Level.PROVINCE, "自治区": Level.PROVINCE,
    "局": Level.DEPARTMENT, "委": Level.DEPARTMENT, "厅": Level.DEPARTMENT,
    "办": Level.DEPARTMENT, "中心": Level.DEPARTMENT,
}
_PLACE_UNIT = {"省": Level.PROVINCE, "市": Level.CITY, "州": Level.CITY, "盟": Level.CITY,
               "镇": Level.TOWNSHIP, "乡": Level.TOWNSHIP}

# Cue weights: what a reader trusts most first.
_W_ISSUER = 6.0
_W_ENTRUSTED = 8.0
_W_TITLE = 5.0
_W_SUBJECT = 4.0
_W_REPORT_AS = 4.0
_W_COMBINE = 3.0
_W_SELF_MAX = 4.0  # all self-references together
_W_NAMED = 3.0  # the place named most often, at most
LOW_LEVEL_CONFIDENCE = 0.6


@dataclass(frozen=True)
class LevelCue:
    level: Level
    weight: float
    reason: str  # the words, quoted, that voted


def _place_level(place: str, text: str = "") -> tuple[Level, str] | None:
    """Level of a place name: the gazetteer first, else its last administrative unit."""
    place = re.sub(r"^(中共|中国共产党)", "", place)
    if re.search(r"(镇|乡|苏木|街道)$", place):
        return Level.TOWNSHIP, place
    for ar in _AUTONOMOUS_REGIONS:
        if place in (ar, ar + "自治区") or place.endswith(ar + "自治区"):
            return Level.PROVINCE, place
    if place in _MUNICIPALITIES or place.rstrip("市") + "市" in _MUNICIPALITIES and len(place) <= 3:
        return Level.PROVINCE, place
    # The last division named decides ("江苏省淮安市" → 淮安市, "鄂尔多斯市杭锦旗" → 杭锦旗).
    named = [n for off, n in find_divisions(place) if off + len(n) == len(place)]
    if named:
        level = division_level(named[-1])
        if level is not None:
            return level, place
    if place.endswith("自治区") or place.endswith("省"):
        return Level.PROVINCE, place
    if re.search(r"(县|旗|特区|林区|区)$", place):
        return Level.COUNTY, place
    if place.endswith("市"):
        # A 市 under a prefecture, an autonomous prefecture or a 地区 is county-level.
        if re.search(r"(州|地区|盟)\S+市$", place) or "县级市" in text:
            return Level.COUNTY, place
        return Level.CITY, place
    if re.search(r"(州|盟|地区)$", place):
        return Level.CITY, place
    return None


def _org_place(bare: str) -> str:
    """The place part of a government or party body's name."""
    place = re.sub(r"(人民政府|政府|行政公署|党委|党工委)$", "", bare)
    place = re.sub(r"(省|自治区|市|州|盟|县|旗|区|镇|乡)委员会$", r"\1", place)
    return re.sub(r"(县委|市委|区委|旗委|州委|省委)$", lambda mm: mm.group(1)[0], place)


def level_from_issuer(issuer: str, text: str = "", title: str | None = None) -> tuple[Level, str] | None:
    """Level of the issuing body, and the words that decided it."""
    issuer = simplified(issuer)
    reason = f"发文单位“{issuer}”"
    m = _RULE_OF_LAW_OFFICE.search(issuer)
    if m:  # the 依法治县(市)委员会办公室 reports on the whole county (city …)
        unit = m.group(1)
        level = _PLACE_UNIT.get(unit, Level.COUNTY)
        place = _place_level(re.sub(r"(委|党委)?(全面)?依法治.*$", "", re.sub(r"^(中共|中国共产党)", "", issuer)), text)
        if place is not None and unit in ("省", "市", "区") and place[0] in (Level.PROVINCE, Level.COUNTY):
            level = place[0]  # 依法治市 of 北京市 is province level; 依法治区 of a district is county
        elif unit == "市" and ("县级市" in text or (place is not None and place[0] is Level.COUNTY)):
            level = Level.COUNTY
        return level, f"{reason}(依法治{unit},代表全{unit})"
    bare = re.sub(r"^(中共|中国共产党)", "", issuer)
    office = _PLACE_OFFICE.search(bare)
    if office and office.start() >= 2:
        found = _place_level(bare[:office.start()], text)
        if found:
            return found[0], f"{reason}(领导小组办公室代表全{found[1][-1]})"
    if _GOV_OFFICE.search(bare) and re.search(r"关于(印发|转发)", (title or "") + text[:600]):
        found = _place_level(_GOV_OFFICE.sub("", bare), text)
        if found:  # a government's office issues the place's own plan
            return found[0], f"{reason}(代政府印发)"
    if re.search(r"(街道办事处|办事处)$", bare):
        return Level.TOWNSHIP, reason
    if re.search(r"(开发区|新区|园区|高新区)(管理委员会|管委会)$", bare):
        return Level.COUNTY, reason  # a development zone governs like a county
    if _DEPT_SUFFIX.search(bare) and not _GOV_SUFFIX.search(bare):
        return Level.DEPARTMENT, reason
    found = _place_level(_org_place(bare), text)
    if found:
        return found[0], reason
    return None


def _first_subject(sentence: str) -> str | None:
    """The subject of a first sentence: an organisation if one is named, else a place."""
    for rx in (_FIRST_SUBJECT, _FIRST_PLACE):
        m = rx.match(sentence)
        if m and not re.match(r"(中共)?(党中央|国务院|中央)", m.group(1)) \
                and not re.match(r"[域场面部]", sentence[m.end():]):  # 全区域, 全市场: not a subject
            return m.group(1)
    return None


def _subject_level(subject: str, text: str, municipal: bool = False) -> Level | None:
    """Level of a sentence's subject: an organisation, or a place."""
    if municipal and re.fullmatch(r"(我|本|全)市|市(委|政府|人民政府)", subject):
        return Level.PROVINCE
    subject = re.sub(r"(法治政府|依法行政|法治建设|全面依法).*$", "", subject)
    if not subject:
        return None
    if re.fullmatch(r"(中共)?(省|市|州|盟|县|区|旗|镇|乡)(委|政府|人民政府|委员会)", subject):
        return _UNIT_LEVEL[subject.lstrip("中共")[0]]  # 县政府 / 市委
    if re.fullmatch(r"(我|本|全)(县|区|旗|市|州|盟|镇|乡|省|局|委|厅)", subject):
        return _UNIT_LEVEL[subject[1]]
    found = level_from_issuer(subject, text)
    return found[0] if found else None


def _first_sentence(lines_text: str) -> str:
    """The first body sentence: not a title, heading, addressee, date or bare organisation line."""
    for raw in lines_text.split("\n")[:12]:
        line = raw.strip()
        if len(line) < 12 or NUMBERED_LINE.match(line) or is_date_line(line) or line.endswith((":", "：")):
            continue
        if "。" not in line and ("," not in line and "，" not in line):
            continue  # a title or a site's navigation
        if re.match(r"(根据|按照|依据|为了?|在|经)", line):
            continue  # "根据市政府…要求": the subject is not the first words
        return line
    return ""


def _self_ref_cues(text: str, region_context: bool, municipal: bool = False) -> list[LevelCue]:
    raw: Counter[Level] = Counter()  # weighted: float counts
    words: dict[Level, Counter[str]] = {}
    for m in _SELF_REF.finditer(text):
        unit = m.group(2)
        if unit == "区" and text[max(0, m.start() - 1):m.start()] == "治":
            continue  # 依法治区 is not a self-reference
        if unit == "局" and m.group(1) == "全":
            continue  # 全局 = "overall"; a bureau's 全局干部 is counted below
        level = Level.PROVINCE if (unit == "区" and region_context) or (unit == "市" and municipal) else _UNIT_LEVEL[unit]
        raw[level] += 0.4 if m.group(1) == "全" else 1.0  # type: ignore[assignment]
        words.setdefault(level, Counter())[m.group(0)] += 1
    for rx in (_BUREAU_WHOLE, _BUREAU_ORGAN):
        for m in rx.finditer(text):
            raw[Level.DEPARTMENT] += 0.5  # type: ignore[assignment]
            words.setdefault(Level.DEPARTMENT, Counter())[m.group(0)] += 1
    total = sum(raw.values())
    scale = min(1.0, _W_SELF_MAX / total) if total else 0.0
    cues = []
    for level, value in raw.items():
        shown = "、".join(f"“{w}”{n}次" for w, n in words[level].most_common(3))
        cues.append(LevelCue(level, value * scale, f"正文自称{shown}"))
    return cues


def _named_place_cue(text: str) -> LevelCue | None:
    counts = Counter(name for _, name in find_divisions(text))
    if not counts:
        return None
    (name, n), *rest = counts.most_common(2)
    if n < 3 or (rest and rest[0][1] * 2 > n):
        return None
    level = division_level(name)  # each mention half a vote: a place named often is the subject
    return LevelCue(level, min(_W_NAMED, 0.5 * n), f"正文最常提到“{name}”({n}次)") if level else None


def level_cues(issuer: str | None, title: str | None, text: str) -> list[LevelCue]:
    """Every cue to the level, with its weight and the words it came from."""
    text = simplified(text[:20000]) + text[20000:]
    head = text[:20000]
    cues: list[LevelCue] = []
    if issuer:
        found = level_from_issuer(issuer, text, title)
        if found:
            cues.append(LevelCue(found[0], _W_ISSUER, found[1]))
    m = _ENTRUSTED.search(head)
    if m:
        found = _place_level(m.group(2), text)
        if found:
            cues.append(LevelCue(found[0], _W_ENTRUSTED, f"“{m.group(0)}”(代政府报告)"))
    if title and not (issuer and issuer in title):  # a title that names the issuer adds no cue
        t = simplified(title)
        tm = re.match(r"^(?:(?:19|20)\d\d\s*年(?:度)?)?(中共)?([^\s，,。关于]{2,20}?(自治区|省|市|州|盟|地区|县|旗|区|镇|乡|苏木|街道))"
                      r"(?=关于|(?:19|20)\d\d|法治|依法|人民政府|政府|党委|委员会|年度|全面|推进)", t)
        if tm:
            found = _place_level(tm.group(2), text)
            if found:
                cues.append(LevelCue(found[0], _W_TITLE, f"标题中的“{tm.group(2)}”"))
    municipal = any(m in (issuer or "") + (title or "") + head[:300] for m in _MUNICIPALITIES)
    first = _first_sentence(head)
    subject = _first_subject(first)
    if subject:
        level = _subject_level(subject, text, municipal)
        if level is not None:  # "我县…" is already a self-reference: half the weight
            weight = _W_SUBJECT / 2 if re.match(r"[我本全]", subject) else _W_SUBJECT
            cues.append(LevelCue(level, weight, f"首句主语“{subject}”"))
    rm = _REPORT_AS.search(head)
    if rm:
        level = _subject_level(rm.group(1), text, municipal)
        if level is not None:
            cues.append(LevelCue(level, _W_REPORT_AS, f"“现将{rm.group(1)}…报告如下”"))
    cm = _COMBINE_LOCAL.search(head)
    if cm:
        level = Level.PROVINCE if municipal and cm.group(2) == "市" else _UNIT_LEVEL[cm.group(2)]
        cues.append(LevelCue(level, _W_COMBINE, f"“{cm.group(0)}”"))
    # In an autonomous region "我区/全区" is the region, unless a cue names a district.
    district_named = any(c.level is Level.COUNTY and re.search(r"区”", c.reason) for c in cues)
    region_context = not district_named and (
        any(c.level is Level.PROVINCE for c in cues) or len(re.findall(r"自治区(?<![古西藏夏疆]自治区)", head)) >= 2
        and not re.search(r"(?<!自治)区(人民政府|政府|委)", head[:3000]))
    cues.extend(_self_ref_cues(text, region_context, municipal))
    named = _named_place_cue(head)
    if named:
        cues.append(named)
    return cues


def decide_level(cues: Sequence[LevelCue]) -> tuple[Level | None, float, tuple[str, ...]]:
    """The level with most weight, its confidence in [0, 1], and the reasons (supporting first)."""
    votes: Counter[Level] = Counter()
    for cue in cues:
        votes[cue.level] += cue.weight  # type: ignore[assignment]  # weights are floats
    if not votes:
        return None, 0.0, ()
    best, score = votes.most_common(1)[0]
    total = sum(votes.values())
    confidence = round(score / total * min(1.0, score / _W_ISSUER), 2)
    ordered = sorted(cues, key=lambda c: (c.level is not best, -c.weight))
    reasons = tuple(c.reason if c.level is best else f"{c.reason}→{c.level.label}(未采纳)" for c in ordered)
    return best, confidence, reasons


def infer_level_weighed(issuer: str | None, title: str | None, text: str) -> tuple[Level | None, float, tuple[str, ...]]:
    return decide_level(level_cues(issuer, title, text))


def infer_level(issuer: str | None, title: str | None, text: str) -> tuple[Level | None, str | None]:
    """The weighed level and a one-line reason (the cues that decided it)."""
    level, _, reasons = infer_level_weighed(issuer, title, text)
    if level is None:
        return None, None
    return level, ";".join(r for r in reasons if "未采纳" not in r)[:200] or None


# --------------------------------------------------------------------------------------------


# Metadata is stated near the start of a report; scanning a bounded prefix keeps huge inputs
# cheap (self-references and outline citations are dense enough in the first pages).
_HEAD_CHARS = 300_000


def _head_text(lines: Sequence[Line]) -> str:
    parts: list[str] = []
    size = 0
    for line in lines:
        parts.append(line.text)
        size += len(line.text) + 1
        if size >= _HEAD_CHARS:
            break
    return "\n".join(parts)


def extract_metadata(lines: Sequence[Line], page_meta: Mapping[str, str] | None = None) -> ReportMeta:
    """All metadata of a cleaned report."""
    text = _head_text(lines)
    title = find_title(lines, page_meta)
    issuer = find_issuer(title, lines)
    date, year_month = find_date(lines, page_meta)
    year, period = find_year_period(title, lines, text, year_month)
    outlines = find_outlines(text, year)
    level, confidence, reasons = infer_level_weighed(issuer, title, text)
    reason = ";".join(r for r in reasons if "未采纳" not in r)[:200] or None
    return ReportMeta(title=title, issuer=issuer, year=year, period=period, date=date,
                      outlines_cited=outlines, level=level, level_reason=reason,
                      level_confidence=confidence if level is not None else None, level_reasons=reasons)
