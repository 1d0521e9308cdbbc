"""Key figures (主要数据): the counts and rates evaluators tabulate, pulled from a report's
achievements with the sentence and line they came from.

Indicators are data (`outline/indicators.yaml`, schema below). Extraction works sentence by
sentence, clause by clause (split at ，；：。):

1. every number with a unit is a candidate (Arabic with thousands separators, Chinese numerals,
   万/亿, 余/多, percentages and 百分之…);
2. the number belongs to the nearest subject term before it in its clause ("办理行政复议案件23件，
   行政诉讼案件45件" → 23 is 行政复议, 45 行政诉讼); a bare clause ("办结20件", "其中撤销2件")
   inherits the subject of the clause before; a clause that starts with its number looks after it
   ("对12件规范性文件进行合法性审核");
3. the qualifiers next to the number choose among the indicators sharing that subject (受理 /
   办结 / 纠错 …), and excludes rule indicators out;
4. a figure is not this year's result when its sentence is in the problems, plans or preamble, or
   it is for another year, last year's, a year-on-year change, cumulative (累计, 近五年), a target
   (力争, 确保), a frequency (每季度), or negated (尚未办结); such mentions are kept with the
   reason they were not taken;
5. within a sentence, a `prefer` word picks among figures (受理 over 收到), counts listed with 、
   each with its own subject are parts ("县长出庭2次、副县长出庭3次"), and a nil stated in words
   (均未败诉) counts only when no number is given; mentions in several sentences are combined by the
   indicator's rule (total / first / max).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from wuchuan_check import regexes
from wuchuan_check.checklist.model import (
    _at,
    _duplicate_keys,
    _is_cascade,
    _reason,
    builtin_outline_ids,
    compose_yaml,
    construct_yaml,
    load_outline,
    outline_folder,
    read_utf8_file,
)
from wuchuan_check.errors import ChecklistError
from wuchuan_check.reading.dockind import Kind
from wuchuan_check.reading.document import Report, Role, Sentence
from wuchuan_check.reading.textnorm import normalize_text
from wuchuan_check.usercache import cached_value, source_digest

__all__ = [
    "INDICATORS_SCHEMA", "Indicator", "IndicatorSpec", "IndicatorValue", "Mention", "values_in_order",
    "load_indicators", "parse_indicators", "extract_indicators", "find_mentions",
    "parse_number", "parse_chinese_number", "values_in_order",
]

INDICATORS_SCHEMA = "wuchuan-check/indicators/v1"
_ID = regexes.compile(r"^K\d{2,}$")
Combine = Literal["total", "first", "max"]
Status = Literal["found", "ambiguous", "not_found"]

# --------------------------------------------------------------------------------------------
# Schema


# Term fields: lists of plain words, normalised (full/half width, traditional) like report text.
TERM_FIELDS = ("units", "subjects", "qualifiers", "parts", "excludes", "prefer", "zero", "other_bodies", "own_words")


@dataclass(frozen=True, eq=False)  # identity, as the spec's: two files' K01 are not one indicator
class Indicator:
    """One key figure, e.g. K01 行政复议案件受理数. A plain dataclass: the file's schema (pydantic)
    lives in scoring.indicator_schema and is imported only to validate a user's file."""

    id: str
    name: str
    unit: str  # the unit shown in tables: 件, 人, 次, %
    measures: dict[str, str]  # outline id → measure id, e.g. 2015-2020: M33
    subjects: tuple[str, ...]
    units: tuple[str, ...] = ()  # units accepted in the text; default: (unit,)
    qualifiers: tuple[str, ...] = ()  # one of these (or of parts) must be next to the number
    parts: tuple[str, ...] = ()  # qualifiers naming a part of the figure, summed within a sentence
    excludes: tuple[str, ...] = ()  # none of these may be next to the number
    prefer: tuple[str, ...] = ()  # in one sentence, a figure with one of these beats one without (受理 over 收到)
    zero: tuple[str, ...] = ()  # phrases stating the figure is nil (均未败诉); "…" stands for a few characters
    stock: bool = False  # a standing count (people in post): the date it was set up is not its year
    # Another body's figure of the same kind (a Party study group's sessions are not the government
    # meeting's): a sentence naming one of `other_bodies` before the number is not this indicator's
    # unless it also names one of `own_words` (a combined count of both is).
    other_bodies: tuple[str, ...] = ()
    own_words: tuple[str, ...] = ()
    combine: Combine = "total"
    note: str | None = None

    @property
    def accepted_units(self) -> tuple[str, ...]:
        return self.units or (self.unit,)

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"


def normalise_terms(value: Any) -> Any:
    """A term list as compared with report text (the schema applies it before validating)."""
    if isinstance(value, list):
        return [normalize_text(str(v)).strip() if isinstance(v, (str, int)) else v for v in value]
    return value


def _indicator(entry: Mapping[str, Any]) -> Indicator:
    """An Indicator from one entry of a file already known to be valid."""
    fields = dict(entry)
    for name in TERM_FIELDS:
        if name in fields:
            fields[name] = tuple(normalise_terms(list(fields[name])))
    return Indicator(**fields)


@dataclass(frozen=True, eq=False)
class IndicatorSpec:
    """A validated indicators file, with the lookup tables extraction needs."""

    indicators: tuple[Indicator, ...]
    source: str

    def by_id(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


def load_indicators(path: str | Path | None = None) -> IndicatorSpec:
    """The bundled indicators (path None) or an indicators file; ChecklistError lists every problem."""
    if path is None:
        return _builtin()
    return parse_indicators(read_utf8_file(path), source=str(path))


@lru_cache(maxsize=1)
def _builtin() -> IndicatorSpec:
    """The bundled spec, kept in the user's cache (keyed by the file and the code that reads it):
    parsing its YAML was ~5% of a cold `score`."""
    data = (outline_folder() / "indicators.yaml").read_bytes()
    return cached_value("indicators", (data, source_digest(_SPEC_CODE)), lambda: _parse_builtin(data.decode("utf-8")))


# The modules whose code decides what the parsed built-in spec holds.
_SPEC_CODE = ("scoring/indicators.py", "checklist/model.py", "reading/textnorm.py", "reading/_traditional.py")


def _parse_builtin(text: str) -> IndicatorSpec:
    # The shipped file is validated by the tests (test_builtin_indicators_name_real_measures: schema
    # and measure ids), not on every run: validating loads pydantic's schema machinery and every
    # outline, and `score` needs neither.
    data = construct_yaml(compose_yaml(text, "indicators.yaml"), "indicators.yaml")  # libyaml when present
    return IndicatorSpec(indicators=tuple(_indicator(d) for d in data["indicators"]), source="builtin:indicators")


def parse_indicators(text: str, source: str = "<string>") -> IndicatorSpec:
    """Parse and validate an indicators file; raise ChecklistError listing every problem found,
    each as "第N行 path: problem" like a checklist's."""
    root = compose_yaml(text, source)
    data = construct_yaml(root, source)
    if root is None or not isinstance(data, dict):
        raise ChecklistError(source, ["不是指标文件:顶层应为映射 / not an indicators file: top level must be a mapping"])
    problems = [_at(root, loc, msg) for loc, msg in _duplicate_keys(root)]
    problems += [_at(root, loc, msg) for loc, msg in _raw_problems(data)]
    from wuchuan_check.scoring import indicator_schema  # pydantic: only when a file is validated

    try:
        indicator_schema.validate(data)
    except indicator_schema.ValidationError as exc:
        problems += [_at(root, err["loc"], _problem(err)) for err in exc.errors() if not _is_cascade(err, data)]
    if problems:
        raise ChecklistError(source, problems)
    return IndicatorSpec(indicators=tuple(_indicator(d) for d in data["indicators"]), source=source)


def _problem(err: Mapping[str, Any]) -> str:
    if err.get("type") == "literal_error":
        if err.get("loc") == ("schema",):
            return f"schema 应为 {INDICATORS_SCHEMA} / schema must be {INDICATORS_SCHEMA}"
        return f"只能是 {err.get('ctx', {}).get('expected', '')} / {err.get('msg')}"
    return _reason(err)


def _raw_problems(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Checks the schema cannot express: id shape and uniqueness, the display unit among the
    accepted ones, measure ids that exist in the built-in outlines they name."""
    out: list[tuple[tuple[Any, ...], str]] = []
    items = data.get("indicators")
    if not isinstance(items, list):
        return out
    seen: set[str] = set()
    for i, ind in enumerate(items):
        if not isinstance(ind, dict):
            continue
        loc = ("indicators", i)
        ind_id = ind.get("id")
        if isinstance(ind_id, str):
            if not _ID.match(ind_id):
                out.append((loc + ("id",), f"指标编号格式不对 {ind_id!r}(应为 K01 这样) / bad indicator id"))
            if ind_id in seen:
                out.append((loc + ("id",), f"编号重复 {ind_id!r} / duplicate id"))
            seen.add(ind_id)
        if ind.get("own_words") and not ind.get("other_bodies"):
            out.append((loc + ("own_words",), "own_words 只与 other_bodies 一起使用 / own_words needs other_bodies"))
        units, unit = ind.get("units"), ind.get("unit")
        if isinstance(units, list) and units and isinstance(unit, str) and unit not in units:
            out.append((loc + ("unit",), f"单位 {unit!r} 不在 units 中 / unit not among units"))
        measures = ind.get("measures")
        if isinstance(measures, dict):
            for outline_id, measure_id in measures.items():
                problem = _measure_problem(str(outline_id), measure_id)
                if problem:
                    out.append((loc + ("measures", outline_id), problem))
    return out


def _measure_problem(outline_id: str, measure_id: Any) -> str | None:
    if outline_id not in builtin_outline_ids():
        return f"没有这个纲要 {outline_id!r} / unknown outline (built-in: {', '.join(builtin_outline_ids())})"
    if measure_id not in _measure_ids(outline_id):
        return f"纲要 {outline_id} 没有分项 {measure_id!r} / no such measure"
    return None


@lru_cache(maxsize=8)
def _measure_ids(outline_id: str) -> frozenset[str]:
    return frozenset(m.id for _, m in load_outline(outline_id).measures())


# --------------------------------------------------------------------------------------------
# Numbers

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(_CN_DIGIT) + "".join(_CN_SMALL) + "".join(_CN_BIG)


def parse_chinese_number(s: str) -> int | None:
    """二十三 → 23, 一百零五 → 105, 两千 → 2000, 一万二千 → 12000, 十五 → 15; None if not a numeral."""
    if not s or any(c not in _CN_CHARS for c in s):
        return None
    total = section = digit = 0
    seen_digit = False
    for ch in s:
        if ch in _CN_DIGIT:
            digit, seen_digit = _CN_DIGIT[ch], True
        elif ch in _CN_SMALL:
            section += (digit if seen_digit else 1) * _CN_SMALL[ch]
            digit, seen_digit = 0, False
        else:
            section += digit
            total += (section or 1) * _CN_BIG[ch]
            section = digit = 0
            seen_digit = False
    return total + section + digit


_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNITS = ("人次", "场次", "件次", "批次", "件", "起", "人", "名", "位", "次", "场", "期", "个", "份", "项",
          "卷", "宗", "本", "家", "批", "条", "部")
_UNIT_RX = "|".join(_UNITS)
# A number with a unit. Chinese numerals need a unit right after them; 一 alone is too often not
# a count (一起 = together, 一件事, 一次性) to be read as one.
_NUMBER = regexes.compile(
    rf"(?<![\d.,A-Za-z])(?:(?P<num>{_ARABIC})|(?P<cn>[{_CN_CHARS}]+))"
    rf"(?P<approx1>余|多)?(?P<mult>万|亿)?(?P<approx2>余|多)?"
    rf"(?:(?P<pct>%)|(?P<unit>{_UNIT_RX}))"
    rf"(?![事性样般道齐]|同(?!志))"  # 一件事, 一次性, 两样 …; but 3名同志 is a count
)
_PERCENT_WORDS = regexes.compile(rf"百分之(?P<pw>[{_CN_CHARS}]+(?:点[{''.join(_CN_DIGIT)}]+)?)")


_NUMBER_TOKEN = regexes.compile(rf"(?P<num>{_ARABIC})(?P<mult>万|亿)?|(?P<cn>[{_CN_CHARS}]+)")


@lru_cache(maxsize=4096)  # a report's figures repeat the same few tokens ("1", "12", "百")
def parse_number(token: str) -> float | int | None:
    """A number as written: "1,234" → 1234, "1.2万" → 12000, "二十三" → 23, "98.5" → 98.5."""
    m = _NUMBER_TOKEN.fullmatch(token)
    if not m:
        return None
    if m["cn"]:
        return parse_chinese_number(m["cn"])
    value: float = float(m["num"].replace(",", ""))
    if m["mult"]:
        value *= _CN_BIG[m["mult"]]
    return _tidy(value)


def _tidy(value: float) -> int | float:
    return int(round(value)) if abs(value - round(value)) < 1e-9 else round(value, 4)


@dataclass(frozen=True)
class _Num:
    start: int
    end: int
    value: int | float
    unit: str  # "%" for percentages
    approx: bool


def _numbers(text: str) -> list[_Num]:
    found: list[_Num] = []
    for m in _NUMBER.finditer(text):
        unit = "%" if m["pct"] else m["unit"]
        if m["cn"]:
            cn = m["cn"].rstrip("万亿") if not m["mult"] else m["cn"]
            if cn == "一" and not m["pct"] and m["unit"] not in ("名", "位"):
                continue  # 一起 (together), 一件事, 一个窗口: a lone 一 is rarely a count (一名 律师 is)
            if text[max(0, m.start() - 1):m.start()] in _CN_CHARS and m.start() > 0:
                continue  # the tail of a longer numeral-like word
        if text[max(0, m.start() - 1):m.start()] == "第":
            continue  # an ordinal: 第5轮, 第二十次
        value = parse_number((m["num"] or m["cn"]) + (m["mult"] or ""))
        if value is None:
            continue
        approx = bool(m["approx1"] or m["approx2"]) or text.startswith(("以上", "余"), m.end()) \
            or text[max(0, m.start() - 1):m.start()] in {"近", "约"}
        found.append(_Num(m.start(), m.end(), _tidy(value), unit, approx))
    for m in (_PERCENT_WORDS.finditer(text) if "百分之" in text else ()):  # the pattern's literal start
        word = m["pw"]
        whole, _, frac = word.partition("点")
        whole_value = 100 if whole == "百" else parse_chinese_number(whole)
        if whole_value is None:
            continue
        fraction = float("0." + "".join(str(_CN_DIGIT[c]) for c in frac)) if frac else 0.0
        found.append(_Num(m.start(), m.end(), _tidy(whole_value + fraction), "%", False))
    return sorted(found, key=lambda n: n.start)


# --------------------------------------------------------------------------------------------
# Context rules (why a number is not this year's result)

_CLAUSE = regexes.compile(r"[，；;：:。！？!?]|,(?!\d{3})")  # not the comma in 1,234
_YEAR = regexes.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日前)")
_LAST_YEAR = regexes.compile(r"去年|上年|上一年|前年|上年度|同期")
_CHANGE = regexes.compile(r"(同比|环比|较[^，,；;]{0,8}?)?(增加|增长|减少|下降|上升|提高|降低|提升|增多|减)了?$")
_CHANGE_WORD = regexes.compile(r"同比|环比")
_CUMULATIVE = regexes.compile(
    r"(?<!全年)(?<!今年)(?<!本年)(?<!年内)(?<!年度)累计|历年|近[两二三四五六七八九十\d]年|"
    r"(?<![今本明去前\d])[两二三四五六七八九十\d]年(来|以来|间)|(?:19|20)\d\d\s*年?\s*(以来|至今|来)|"
    r"(?:19|20)\d\d\s*年?\s*(至|到|-)\s*(?:19|20)\d\d|十[二三四]五”?(期间|以来|时期)|"
    r"[二三四五六七八九]五”?普法”?(期间|以来|时期)|(成立|实施|开展|建立)以来")  # 六五普法期间: a five-year 普法 plan
# 拟…的 is a draft ("拟出台的规范性文件"), not an intention; 计划生育 is not a plan.
_TARGET = regexes.compile(r"力争|争取|力求|目标|预计|计划(?!生育)|拟(?![^，,；;。]{0,5}的)|确保|要求|不低于|不少于|"
                     r"将(?:达到|实现|提高|提升)")
_FREQUENCY = regexes.compile(r"每[年季月周半]?[度]?")
_NEGATION = regexes.compile(r"尚未|未(?!成年)|没有|仍有")
_TOTAL = regexes.compile(r"共计|合计|总计|共|全年|全[县区市镇乡旗]|总数")
_ADVERBIAL_MAX = 12  # chars: "2015年以来", "在2023年", "五年来"
# Words that put a figure in the report's own year (or today): they end a time frame set earlier.
_NOW = regexes.compile(r"目前|现有|现已|今年|本年|全年|年内|当年|截至目前|截至今年")
_FILLER = regexes.compile(
    r"其中|共计|合计|共|依法|均|已经|已|全部|案件|件数|分别|为|是|达到|达|了|率|的|作出|决定|予以|对|有|"
    r"各类|当年|全年|成功|按期|及时|累计|数量|总数|情况|占|比例|和|及|与|、|聘请|聘任|选聘|"
    # who did it: 县政府, 本局, 各部门, 全县 …
    r"[县区市镇乡旗]?(人民)?政府|本[局委级]|各(级|部门|单位)|全[县区市镇乡旗]|[县区市]级|部门")

_ROLE_REASON = {
    Role.PROBLEM: "出现在存在问题部分,不作为本年度成效 / in the problems part",
    Role.PLAN: "出现在下一步计划部分,不作为本年度成效 / in the plans part",
    Role.OTHER: "出现在报告开头或落款,不作为本年度成效 / outside the body",
}


@dataclass(frozen=True)
class Mention:
    """One number the extractor tied to an indicator, taken or not (then with its reason)."""

    indicator_id: str
    value: int | float
    unit: str
    approx: bool  # 余/多: at least this much
    text: str  # the sentence
    line: int
    role: Role
    span: tuple[int, int]  # the number and unit within `text`
    part: str | None  # the part qualifier (撤销, 一审 …) when this is a part of the figure
    total: bool  # stated as a total (共/合计/全年/全县…)
    taken: bool
    reason: str | None  # why it was not taken
    local: bool = False  # its subject term stands in its own clause part, right before it
    preferred: bool = False  # one of the indicator's `prefer` words is next to it
    zero: bool = False  # a phrase saying the figure is nil (均未败诉), not a number

    @property
    def match(self) -> str:
        return self.text[self.span[0]:self.span[1]]


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator's value in one report, with its evidence, or the reason there is none."""

    indicator: Indicator
    status: Status
    value: int | float | None
    unit: str | None
    approx: bool
    text: str | None  # evidence sentence
    line: int | None
    role: Role | None
    span: tuple[int, int] | None  # the number and unit within `text`
    reason: str | None  # when not found, ambiguous, or put together from parts
    parts: tuple[tuple[str, int | float], ...] = ()  # (qualifier, value) when summed from parts
    mentions: tuple[Mention, ...] = ()  # every mention considered, taken or not

    @property
    def match(self) -> str | None:
        return self.text[self.span[0]:self.span[1]] if self.text and self.span else None


# --------------------------------------------------------------------------------------------
# Finding mentions


@dataclass(frozen=True)
class _Tables:
    """Term lookups built once per spec: every subject term (longest first) → indicators."""

    subject_rx: re.Pattern[str]
    by_subject: dict[str, tuple[Indicator, ...]]
    qualifier_rx: re.Pattern[str] | None
    outcomes: dict[str, frozenset[str]]  # subject → the qualifier/part/exclude words of its indicators
    asides: dict[str, frozenset[str]]  # subject → its excludes that are none of its qualifiers/parts
    zeros: tuple[tuple[Indicator, re.Pattern[str]], ...]
    any_zero: re.Pattern[str] | None  # all the zero phrases in one pattern: most sentences state none


@lru_cache(maxsize=16)
def _tables(spec: IndicatorSpec) -> _Tables:
    by_subject: dict[str, list[Indicator]] = {}
    qualifiers: set[str] = set()
    for ind in spec.indicators:
        for term in ind.subjects:
            by_subject.setdefault(term, []).append(ind)
        # excludes name the subject's other outcomes (不予受理, 维持, 撤回): a clause made of them
        # still talks about the same subject, so it must not end the run of inherited subjects
        qualifiers.update(ind.qualifiers, ind.parts, ind.excludes, ind.prefer)
    subject_rx = regexes.compile("|".join(re.escape(t) for t in sorted(by_subject, key=len, reverse=True)))
    qualifier_rx = (regexes.compile("|".join(re.escape(t) for t in sorted(qualifiers, key=len, reverse=True)))
                    if qualifiers else None)
    outcomes = {k: frozenset(t for i in v for t in (*i.qualifiers, *i.parts, *i.excludes, *i.prefer))
                for k, v in by_subject.items()}
    asides = {k: frozenset(t for i in v for t in i.excludes) - frozenset(t for i in v for t in (*i.qualifiers, *i.parts))
              for k, v in by_subject.items()}
    zeros = tuple((ind, _zero_rx(ind.zero)) for ind in spec.indicators if ind.zero)
    any_zero = _zero_rx([p for ind in spec.indicators for p in ind.zero]) if zeros else None
    return _Tables(subject_rx, {k: tuple(v) for k, v in by_subject.items()}, qualifier_rx, outcomes, asides,
                   zeros, any_zero)


def _zero_rx(phrases: Sequence[str]) -> re.Pattern[str]:
    """Plain-text phrases, "…" standing for up to 12 characters within the clause."""
    gap = r"[^，,；;。：:！？!?]{0,12}?"
    return regexes.compile("|".join(gap.join(re.escape(p) for p in phrase.split("…")) for phrase in phrases))


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(text)] + [len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _rest(before: str, tables: _Tables) -> str:
    """What is left of a clause part once qualifiers, filler words, dates and numbers are removed."""
    rest = before
    if tables.qualifier_rx is not None:
        rest = tables.qualifier_rx.sub("", rest)
    rest = _FILLER.sub("", rest)
    rest = _DATES.sub("", rest)
    return _NOT_WORDS.sub("", rest)


_DATES = regexes.compile(r"(?:\d+\s*[年月日])+")
_NOT_WORDS = regexes.compile(r"[\s\d.,%()（）“”，；;：:。！？!?]")


def _is_bare(before: str, tables: _Tables) -> bool:
    """A clause part with no subject and, once qualifiers and filler words are removed, at most
    two Chinese characters: "办结10件", "其中撤销2件", "按期办结率达98%"."""
    return len(_rest(before, tables)) <= 2


def find_mentions(sentence: Sentence, spec: IndicatorSpec, year: int | None = None,
                  carried: str | None = None) -> list[Mention]:
    """Every number in a sentence tied to an indicator, each taken or with its reason.

    `carried`: the subject a sentence continues from the one before it (see extract_indicators)."""
    tables = _tables(spec)
    text = sentence.text
    out = _zero_mentions(sentence, tables, year)
    if carried is None and tables.subject_rx.search(text) is None:
        return out  # no subject of ours, none carried in: no number here can be tied to one
    nums = _numbers(text)
    if not nums:
        return out
    subjects = [(m.start(), m.end(), m.group(0)) for m in tables.subject_rx.finditer(text)]
    inherited = carried  # subject carried from earlier clauses (or the sentence this one continues)
    clauses = _clauses(text)
    for ci, (c_start, c_end) in enumerate(clauses):
        in_clause = [n for n in nums if c_start <= n.start < c_end]
        clause_subjects = _real_subjects([s for s in subjects if c_start <= s[0] and s[1] <= c_end], inherited,
                                         tables)
        composed = _composed(text, c_start, c_end, clause_subjects)
        tail = _tail(text, clauses[ci + 1]) if ci + 1 < len(clauses) else ""
        prev_end = c_start
        for k, num in enumerate(in_clause):
            next_start = in_clause[k + 1].start if k + 1 < len(in_clause) else c_end
            tied = _tie(text, num, prev_end, next_start, clause_subjects, inherited, tables, composed)
            prev_end = num.end
            if tied is not None:
                out.extend(_mentions_for(num, tied, text[:num.start], tail, sentence, tables, year))
        if clause_subjects:
            inherited = clause_subjects[-1][2]
        elif not _is_bare(_strip_numbers(text[c_start:c_end], in_clause, c_start), tables) \
                and not _about(text[c_start:c_end], inherited, tables):
            inherited = None  # a clause about something else ends the run
    return out


def _real_subjects(found: list[tuple[int, int, str]], inherited: str | None,
                   tables: _Tables) -> list[tuple[int, int, str]]:
    """Drop subject terms that name another outcome (an exclude) of the subject already being
    talked about: in "…复议…，经调解后撤回7件" 调解 says how a 复议 case ended, it does not start a
    new topic. A term that is one of its qualifiers (纠纷…调解) stays a subject of its own."""
    kept: list[tuple[int, int, str]] = []
    current = inherited
    for s in found:
        if current is not None and s[2] != current and s[2] in tables.asides.get(current, ()):
            continue
        kept.append(s)
        current = s[2]
    return kept


def _about(clause: str, subject: str | None, tables: _Tables) -> bool:
    """A clause naming another outcome of the subject ("经调解后撤回7件" after 复议) still talks about it."""
    return subject is not None and any(len(t) >= 2 and t in clause for t in tables.asides.get(subject, ()))


_COMPOSED = regexes.compile(r"由([^，,；;。：:]{1,40}?)组成")
_LIST_SEP = regexes.compile(r"和|及|与|、|以及")


def _composed(text: str, c_start: int, c_end: int,
              clause_subjects: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(start, end, subject) of "由5名律师和3名法制干部组成的法律顾问团": the numbers inside are
    parts of the subject right after 组成."""
    out: list[tuple[int, int, str]] = []
    for m in _COMPOSED.finditer(text, c_start, c_end):
        after = [s for s in clause_subjects if m.end() <= s[0] <= m.end() + 8]
        if after:
            out.append((m.start(1), m.end(1), after[0][2]))
    return out


_ALL_OF_THEM = regexes.compile(r"全部|均|一律|全都|都")


def _tail(text: str, clause: tuple[int, int]) -> str:
    """The next clause when it says what all of the figures before underwent ("，全部经合法性审查");
    never a negated one ("，均未败诉" says none lost)."""
    nxt = text[clause[0]:clause[1]]
    m = _ALL_OF_THEM.search(nxt)
    if m is None or m.start() > 6 or _NEGATION.search(nxt) or "无" in nxt:
        return ""
    return nxt


def _strip_numbers(clause: str, nums: list[_Num], offset: int) -> str:
    for n in reversed(nums):
        clause = clause[:n.start - offset] + clause[n.end - offset:]
    return clause


@dataclass(frozen=True)
class _Tie:
    subject: str
    context: str  # where qualifiers and excludes are looked for
    local: bool  # the subject stands right before the number in its clause part
    part: str | None = None  # a part label from "由…组成"
    lead: int | None = None  # where the number stands in `context`, when the context runs on after it


def _tie(text: str, num: _Num, prev_end: int, next_start: int, clause_subjects: list[tuple[int, int, str]],
         inherited: str | None, tables: _Tables,
         composed: Sequence[tuple[int, int, str]] = ()) -> _Tie | None:
    """The subject and qualifier context of a number, or None when it has no subject of ours.

    The context is the text since the previous number of the clause; for a clause part led by
    its number ("其中8件已办结", "对12件规范性文件…") it runs on to the next number."""
    for c0, c1, subject in composed:
        if c0 <= num.start < c1:
            label = _LIST_SEP.split(text[num.end:c1], maxsplit=1)[0].strip() or subject
            return _Tie(subject, text[c0:c1], False, label[:10])
    before = text[prev_end:num.start]
    earlier = [s for s in clause_subjects if s[1] <= num.start]
    local = [s for s in earlier if s[0] >= prev_end]
    if local:
        if _coordinated(text, earlier, tables):
            return None
        return _Tie(local[-1][2], before, True)
    context = before + text[num.end:next_start]
    after = [s for s in clause_subjects if num.end <= s[0] < next_start]
    if not _is_bare(before, tables):
        # "2020年4月县政府聘请司法局3名同志为法律顾问": a short lead, the subject after the number
        if after and not earlier and len(_rest(before, tables)) <= 4:
            return _Tie(after[0][2], context, False, lead=len(before))
        return None
    if after:
        if _lumped(text, after, tables):
            return None
        return _Tie(after[0][2], context, False, lead=len(before))
    if earlier:
        return _Tie(earlier[-1][2], context, False, lead=len(before))
    if inherited is not None:
        return _Tie(inherited, context, False, lead=len(before))
    return None


_JOINED = regexes.compile(r"(?:案件|事项|文件)?(?:和|及|与|、|以及|暨|或)")


def _joined(text: str, first: tuple[int, int, str], second: tuple[int, int, str], tables: _Tables) -> bool:
    """Two subjects of different indicators named as one list ("行政复议和行政诉讼案件",
    "重大行政决策事项、行政规范性文件")."""
    if not _JOINED.fullmatch(text[first[1]:second[0]]):
        return False
    return not {i.id for i in tables.by_subject[first[2]]} & {i.id for i in tables.by_subject[second[2]]}


def _coordinated(text: str, before_subjects: list[tuple[int, int, str]], tables: _Tables) -> bool:
    """"行政复议和行政诉讼案件45件": one figure for two subjects belongs to neither."""
    return len(before_subjects) >= 2 and _joined(text, before_subjects[-2], before_subjects[-1], tables)


def _lumped(text: str, after_subjects: list[tuple[int, int, str]], tables: _Tables) -> bool:
    """"完成287件重大行政决策事项、行政规范性文件和相关协议的合法性审查": a figure led by its number
    for a list of subjects is their sum, no one indicator's figure."""
    return len(after_subjects) >= 2 and _joined(text, after_subjects[0], after_subjects[1], tables)


def _fits(ind: Indicator, num: _Num, context: str, lead: int | None = None) -> tuple[int, str | None] | None:
    """(strength, part) when a number with this context can be the indicator's figure.

    `lead`: the number's place in a context that runs on after it ("撤销3件、确认违法1件"): a part
    named before the number is its own; one after it only when none is before."""
    if num.unit not in ind.accepted_units or any(term in context for term in ind.excludes):
        return None
    hits = [t for t in ind.qualifiers if t in context]
    part_hits = [t for t in ind.parts if t in context]
    if ind.qualifiers and not (hits or part_hits):
        return None
    strength = max((len(t) for t in hits + part_hits), default=0)
    if hits or not part_hits:
        return strength, None
    own = [t for t in part_hits if lead is not None and t in context[:lead]]
    return strength, max(own or part_hits, key=len)


def _other_body(ind: Indicator, text: str, at: int) -> bool:
    """"党组理论学习中心组集体学法8次": a figure of another body named before the number, with none
    of the indicator's own words anywhere in the sentence (a combined count of both is the indicator's)."""
    if not ind.other_bodies or not any(t in text[:at] for t in ind.other_bodies):
        return False
    return not any(t in text for t in ind.own_words)


def _mentions_for(num: _Num, tie: _Tie, prefix: str, tail: str, sentence: Sentence, tables: _Tables,
                  year: int | None) -> list[Mention]:
    """The mention of the best-fitting indicator for a number, if any indicator fits; and of
    those whose qualifier only the next clause gives ("执法人员11名，全部取得执法证")."""
    best: tuple[int, Indicator, str | None] | None = None
    candidates = [ind for ind in tables.by_subject[tie.subject] if not _other_body(ind, sentence.text, num.start)]
    for ind in candidates:
        fit = _fits(ind, num, tie.context, tie.lead)
        if fit is not None and (best is None or fit[0] > best[0]):
            best = (fit[0], ind, fit[1])
    chosen: list[tuple[Indicator, str | None]] = [(best[1], tie.part or best[2])] if best is not None else []
    if tail:
        for ind in candidates:
            if ind.qualifiers and all(ind is not c for c, _ in chosen) and _fits(ind, num, tie.context, tie.lead) is None \
                    and (fit := _fits(ind, num, tie.context + tail, tie.lead)) is not None:
                chosen.append((ind, tie.part or fit[1]))
    out: list[Mention] = []
    for ind, part in chosen:
        reason = _not_this_year(tie.context, prefix, sentence, year, ind.stock)
        out.append(Mention(
            indicator_id=ind.id, value=num.value, unit=num.unit, approx=num.approx, text=sentence.text,
            line=sentence.line, role=sentence.role, span=(num.start, num.end), part=part,
            total=bool(_TOTAL.search(_scope(prefix))), taken=reason is None, reason=reason,
            local=tie.local, preferred=any(t in tie.context for t in ind.prefer),
        ))
    return out


def _zero_mentions(sentence: Sentence, tables: _Tables, year: int | None) -> list[Mention]:
    """"均未败诉", "本年度未制发规范性文件": the figure stated as nil."""
    out: list[Mention] = []
    if tables.any_zero is None or tables.any_zero.search(sentence.text) is None:
        return out
    for ind, rx in tables.zeros:
        for m in rx.finditer(sentence.text):
            reason = _not_this_year("", sentence.text[:m.start()], sentence, year, ind.stock)
            out.append(Mention(
                indicator_id=ind.id, value=0, unit=ind.unit, approx=False, text=sentence.text, line=sentence.line,
                role=sentence.role, span=(m.start(), m.end()), part=None, total=False, taken=reason is None,
                reason=reason, zero=True,
            ))
            break
    return out


def _scope(prefix: str) -> str:
    """The clause a figure is in, up to the figure, with the short adverbial clauses right
    before it ("2023年,", "全年,"): where its total and target words are read."""
    clauses = _CLAUSE.split(prefix)
    scope = clauses[-1]
    for clause in reversed(clauses[:-1]):
        if len(clause) > _ADVERBIAL_MAX or _NUMBER.search(clause):
            break
        scope = clause + "，" + scope
    return scope


_OBJECT_LEAD = regexes.compile(r"^(对|把|将|就)")
_MONTH_AFTER = regexes.compile(r"\s*\d{1,2}\s*月")


def _time_frame(prefix: str, stock: bool = False) -> str | int | None:
    """"cumulative", a year, or None (the report's year) for a figure, from the nearest time
    words: its own clause first, then earlier clauses that open with a time frame (which
    governs the rest of the sentence: "2015年以来，收到…392件，受理361件").

    An earlier clause led by 对/把 whose time words sit in a 的-phrase dates the object acted
    on ("对2018年以来制发的文件开展清理，废止2件"), not the figure. For a standing count
    (`stock`), a month date is when the post was filled ("2020年4月聘请3名法律顾问")."""
    clauses = _CLAUSE.split(prefix)
    for k in range(len(clauses) - 1, -1, -1):
        clause = clauses[k].strip()
        own = k == len(clauses) - 1
        if not own and _OBJECT_LEAD.match(clause) and "的" in clause:
            continue
        head = clause if own or len(clause) <= _ADVERBIAL_MAX else clause[:_ADVERBIAL_MAX]
        cumulative = _CUMULATIVE.search(head)
        years = [y for y in _YEAR.finditer(head) if not (stock and _MONTH_AFTER.match(head, y.end()))]
        if not own and years and len(clause) > _ADVERBIAL_MAX and years[0].start() > 2:
            years = []  # a year inside a long earlier clause dates that clause only
        if cumulative and (own or cumulative.start() <= 2 or len(clause) <= _ADVERBIAL_MAX):
            return "cumulative"
        if years:
            return int(years[-1].group(1))
        if _NOW.search(clause):
            return None
    return None


def _not_this_year(context: str, prefix: str, sentence: Sentence, year: int | None,
                   stock: bool = False) -> str | None:
    """Why a figure is not a result of the year reported on; None when it is."""
    if sentence.role is not Role.ACHIEVEMENT:
        return _ROLE_REASON[sentence.role]
    clause = _CLAUSE.split(prefix)[-1]
    scope = _scope(prefix)
    frame = _time_frame(prefix, stock)
    if frame == "cumulative":
        return "是累计或多年的数字,不是本年数字 / cumulative over several years"
    if isinstance(frame, int) and year is not None and frame != year:
        return f"是{frame}年的数字,不是报告年度({year}年) / another year"
    if _LAST_YEAR.search(clause):
        return "是上年或同期的数字 / last year's figure"
    if _CHANGE.search(clause) or _CHANGE_WORD.search(clause):
        return "是增减变化量,不是本年数字 / a change, not the figure"
    if _TARGET.search(scope):
        return "是目标或要求,不是实际完成数 / a target, not a result"
    if _FREQUENCY.search(clause):
        return "是频次要求,不是实际数量 / a frequency, not a count"
    if _NEGATION.search(context):
        return "否定或未完成的表述 / negated or not done"
    return None


# --------------------------------------------------------------------------------------------
# Combining mentions


@dataclass(frozen=True)
class _Figure:
    """One sentence's figure for an indicator: its whole, or the sum of its parts."""

    value: int | float
    unit: str
    approx: bool
    first: Mention
    total: bool
    parts: tuple[tuple[str, int | float], ...]


def _sentence_figures(mentions: Sequence[Mention], every_whole: bool = False) -> list[_Figure]:
    """A figure per sentence: its first whole mention, else the sum of its parts (each
    part counted once); with `every_whole`, every whole mention is a figure of its own."""
    by_sentence: dict[tuple[int, str], list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault((m.line, m.text), []).append(m)
    figures: list[_Figure] = []
    for group in by_sentence.values():
        wholes = [m for m in group if m.part is None]
        if wholes and not every_whole and _listed(wholes):
            parts = tuple((_label(m), m.value) for m in wholes)
            figures.append(_Figure(_tidy(sum(v for _, v in parts)), wholes[0].unit, any(m.approx for m in wholes),
                                   wholes[0], False, parts))
            continue
        if wholes:
            if not every_whole:  # 受理 beats 收到 in "收到申请57件，受理51件"
                wholes = [next((m for m in wholes if m.preferred), wholes[0])]
            figures += [_Figure(m.value, m.unit, m.approx, m, m.total, ()) for m in wholes]
            continue
        seen: dict[str, Mention] = {}
        for m in group:
            seen.setdefault(m.part or "", m)
        parts = tuple((p, m.value) for p, m in seen.items())
        value = _tidy(sum(v for _, v in parts))
        first = group[0]
        figures.append(_Figure(value, first.unit, any(m.approx for m in seen.values()), first,
                               first.total, parts))
    return figures


def _listed(wholes: Sequence[Mention]) -> bool:
    """"镇长出庭应诉1次、副镇长出庭1次": counts of one figure, each with its own subject, listed
    with 、 in one clause and no total stated, are parts of it."""
    if len(wholes) < 2 or wholes[0].unit == "%" or any(not m.local or m.total for m in wholes):
        return False
    text = wholes[0].text
    for a, b in zip(wholes, wholes[1:]):
        between = text[a.span[1]:b.span[0]]
        if "、" not in between or re.search(r"[，,；;。：:]", between):
            return False
    return True


def _label(m: Mention) -> str:
    """A listed part's name: its clause part up to the number ("分管副镇长出庭")."""
    head = re.split(r"[、，,；;：:。]", m.text[:m.span[0]])[-1]
    return head[-10:] or m.match


def _combine(ind: Indicator, mentions: list[Mention]) -> IndicatorValue:
    taken = [m for m in mentions if m.taken]
    if any(not m.zero for m in taken):  # a stated number beats a "none at all" phrase
        taken = [m for m in taken if not m.zero]
    if not taken:
        missing = ("报告中没有找到 / not stated" if not mentions
                   else "找到的数字都不是本年度成效:" + _first_reason(mentions))
        return IndicatorValue(ind, "not_found", None, None, False, None, None, None, None, missing,
                              mentions=tuple(mentions))
    figures = _sentence_figures(taken, every_whole=ind.combine == "max")
    if ind.is_rate:  # rates are never summed from parts
        figures = [f for f in figures if not f.parts] or figures
    chosen, status, choice = _choose(ind, figures)
    m = chosen.first
    reason = choice
    if chosen.parts and reason is None:
        reason = ("由各部分相加:" + "、".join(f"{p}{_fmt(v)}" for p, v in chosen.parts) if len(chosen.parts) > 1
                  else f"只有{chosen.parts[0][0]}的数字 / only the {chosen.parts[0][0]} part is stated")
    return IndicatorValue(ind, status, chosen.value, chosen.unit, chosen.approx, m.text, m.line, m.role,
                          m.span, reason, chosen.parts, tuple(mentions))


def _choose(ind: Indicator, figures: list[_Figure]) -> tuple[_Figure, Status, str | None]:
    if ind.combine == "first" or len(figures) == 1:
        return figures[0], "found", None
    if ind.combine == "max":
        best = max(figures, key=lambda f: f.value)
        return best, "found", f"共 {len(figures)} 处,取最大值 / largest of {len(figures)}"
    distinct = _distinct(figures)
    if len(distinct) == 1:
        return figures[0], "found", None
    totals = _distinct([f for f in figures if f.total])
    if len(totals) == 1:
        chosen = next(f for f in figures if f.total)
        others = "、".join(_where(f) for f in figures if f.value != chosen.value)
        return chosen, "found", f"取注明总数的一处;其他数字:{others}"
    listing = "、".join(_where(f) for f in distinct)
    return figures[0], "ambiguous", f"有 {len(distinct)} 个不同的数字:{listing};取第一处 / ambiguous"


def _distinct(figures: list[_Figure]) -> list[_Figure]:
    out: list[_Figure] = []
    for f in figures:
        if all(f.value != g.value for g in out):
            out.append(f)
    return out


def _where(f: _Figure) -> str:
    return f"{_fmt(f.value)}{f.unit}(第{f.first.line}行)"


def _fmt(v: int | float) -> str:
    return str(v)


def _first_reason(mentions: Sequence[Mention]) -> str:
    m = mentions[0]
    return f"{_fmt(m.value)}{m.unit}(第{m.line}行)— {m.reason}"


def _continued_subject(previous: Sentence | None, sentence: Sentence, subject_rx: re.Pattern[str]) -> str | None:
    """The last subject of the sentence before, when this one continues it after a semicolon in
    the same paragraph ("受理51件；审结49件，其中撤销6件" is split into two sentences)."""
    if previous is None or previous.line != sentence.line or not previous.text.rstrip().endswith(("；", ";")):
        return None
    found = subject_rx.findall(previous.text)
    return found[-1] if found else None


_PLAN_REASON = "文件是工作计划/实施方案,其中的数字是目标,不是本年度的成效 / the document is a plan"


def extract_indicators(report: Report, spec: IndicatorSpec | None = None,
                       kind: Kind | None = None) -> list[IndicatorValue]:
    """Each indicator's value in a report, in the spec's order, with evidence or a reason.

    `kind`: the document kind the scorecard decided (reading.dockind); a plan's figures are targets,
    so none is taken, each with that reason."""
    spec = spec or load_indicators()
    by_id: dict[str, list[Mention]] = {ind.id: [] for ind in spec.indicators}
    subject_rx = _tables(spec).subject_rx
    previous: Sentence | None = None
    for sentence in report.sentences:
        for m in find_mentions(sentence, spec, report.meta.year, _continued_subject(previous, sentence, subject_rx)):
            if kind is Kind.PLAN and m.taken:
                m = replace(m, taken=False, reason=_PLAN_REASON)
            by_id[m.indicator_id].append(m)
        previous = sentence
    return [_combine(ind, by_id[ind.id]) for ind in spec.indicators]


def values_in_order(values: Sequence[IndicatorValue], spec: IndicatorSpec) -> list[Any]:
    """Each indicator's value in the spec's column order; empty when the report does not state it."""
    by_id = {v.indicator.id: v for v in values}
    cells: list[Any] = []
    for ind in spec.indicators:
        v = by_id.get(ind.id)
        cells.append("" if v is None or v.value is None or v.status == "not_found" else v.value)
    return cells
