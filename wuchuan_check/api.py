"""The library's front door: score a report file in one call, without the CLI."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .checklist import Checklist, load_outline
from .document import Level, Report
from .errors import InputError
from .evaluation import EvalResult, evaluate, load_gold, report_key
from .reading import load_report
from .scorecard import Scorecard, build_scorecard
from .selection import AUTO, choose_outline
from .settings import DEFAULT_SETTINGS, Settings
from .tailoring import Tailoring, load_tailoring

DEFAULT_OUTLINE = AUTO  # pick the outline from the report's year and citations

_LEVEL_WORDS = {
    "province": Level.PROVINCE, "省": Level.PROVINCE, "省级": Level.PROVINCE,
    "city": Level.CITY, "市": Level.CITY, "市级": Level.CITY,
    "盟": Level.CITY, "自治州": Level.CITY,  # Inner Mongolia's 盟 and an autonomous 州 are prefecture level
    "county": Level.COUNTY, "县": Level.COUNTY, "县级": Level.COUNTY, "区": Level.COUNTY,
    "旗": Level.COUNTY, "自治县": Level.COUNTY, "自治旗": Level.COUNTY,  # a banner is county level
    "township": Level.TOWNSHIP, "乡镇": Level.TOWNSHIP, "镇": Level.TOWNSHIP, "乡": Level.TOWNSHIP,
    "街道": Level.TOWNSHIP,
    "department": Level.DEPARTMENT, "部门": Level.DEPARTMENT, "局": Level.DEPARTMENT,
}


def parse_level(value: str | Level | None) -> Level | None:
    """A level from its English name or a Chinese word (县, 乡镇, 部门 …); None stays None."""
    if value is None or isinstance(value, Level):
        return value
    level = _LEVEL_WORDS.get(value.strip().lower())
    if level is None:
        allowed = ", ".join(lv.value for lv in Level)
        raise InputError(None, f"未知层级 {value!r} / unknown level (use {allowed} or 省/市/县/乡镇/部门)")
    return level


# Two years joined by what an IME types: em/en dash, full-width hyphen-minus, minus sign, tilde, 至.
_YEAR_SPAN = re.compile(r"^\s*(\d{4})年?\s*[-‐‑‒–—―−﹣－~～至]+\s*(\d{4})年?\s*$")


def outline_name(value: str | Path) -> str | Path:
    """An outline written as the user types it ("2015—2020", "2015－2020年") as its id ("2015-2020");
    a path to an existing file stays as it is."""
    span = _YEAR_SPAN.match(value) if isinstance(value, str) else None
    if span is None or Path(value).exists():
        return value
    return f"{span.group(1)}-{span.group(2)}"


def resolve_outline(report: Report, outline: str | Path | Checklist = DEFAULT_OUTLINE) -> tuple[Checklist, str]:
    """The checklist to score with and why: given explicitly, or chosen from the report (auto)."""
    if isinstance(outline, Checklist):
        return outline, "调用方指定"
    if str(outline) == AUTO:
        choice = choose_outline(report)
        return choice.checklist, f"自动选择:{choice.reason}"
    return load_outline(outline_name(outline)), "命令行指定"


def score_report(
    report: Report,
    outline: str | Path | Checklist = DEFAULT_OUTLINE,
    level: str | Level | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    tailoring: str | Path | Tailoring | None = None,
) -> Scorecard:
    """Score a parsed report. `outline`: "auto", a built-in id, a checklist file or a Checklist."""
    checklist, why = resolve_outline(report, outline)
    if tailoring is not None and not isinstance(tailoring, Tailoring):
        tailoring = load_tailoring(tailoring, checklist)
    card = build_scorecard(report, checklist, parse_level(level), settings, tailoring)
    return replace(card, outline_reason=why)


def score_file(
    path: str | Path,
    outline: str | Path | Checklist = DEFAULT_OUTLINE,
    level: str | Level | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    tailoring: str | Path | Tailoring | None = None,
) -> Scorecard:
    """Read, clean and score one report file. Raises InputError for unusable input."""
    return score_report(load_report(path), outline, level, settings, tailoring)


def run_eval(
    gold_path: str | Path,
    report_paths: list[Path],
    outline: str | Path | Checklist = "2015-2020",  # gold labels are written against one outline
    settings: Settings = DEFAULT_SETTINGS,
) -> EvalResult:
    """Score the given reports and compare with gold labels (matched by file name)."""
    gold = load_gold(gold_path)
    checklist = outline if isinstance(outline, Checklist) else load_outline(outline)
    names = {g.report for g in gold.values()}
    reports = {}
    for path in report_paths:
        key = report_key(path, names)
        if key is None:
            raise InputError(path, "金标准中没有这份报告的标注 / no gold labels for this report")
        reports[key] = load_report(path)
    return evaluate(gold, reports, lambda r: build_scorecard(r, checklist, None, settings), checklist)
