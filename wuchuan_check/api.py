"""The library's front door: score a report file in one call, without the CLI."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from wuchuan_check.checklist.model import Checklist
from wuchuan_check.checklist.selection import AUTO, resolve_outline
from wuchuan_check.checklist.tailoring import Tailoring, load_tailoring
from wuchuan_check.errors import InputError
from wuchuan_check.reading.document import Level, Report
from wuchuan_check.reading.formats import load_report
from wuchuan_check.scoring.indicators import extract_indicators, load_indicators
from wuchuan_check.scoring.scorecard import Scorecard, build_scorecard
from wuchuan_check.settings import DEFAULT_SETTINGS, Settings

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


def score_report(
    report: Report,
    outline: str | Path | Checklist = DEFAULT_OUTLINE,
    level: str | Level | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    tailoring: str | Path | Tailoring | None = None,
    indicators: bool = True,
) -> Scorecard:
    """Score a parsed report. `outline`: "auto", a built-in id, a checklist file or a Checklist.
    `indicators=False` leaves the key figures out (a batch that writes none of them)."""
    checklist, why = resolve_outline(report, outline)
    if tailoring is not None and not isinstance(tailoring, Tailoring):
        tailoring = load_tailoring(tailoring, checklist)
    card = build_scorecard(report, checklist, parse_level(level), settings, tailoring)
    # Key figures once per scored report; the bundled spec is loaded once per process (cached).
    kind = card.kind.kind if card.kind is not None else None
    figures = tuple(extract_indicators(report, load_indicators(), kind)) if indicators else ()
    return replace(card, outline_reason=why, indicators=figures)


def score_file(
    path: str | Path,
    outline: str | Path | Checklist = DEFAULT_OUTLINE,
    level: str | Level | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    tailoring: str | Path | Tailoring | None = None,
    encoding: str | None = None,
) -> Scorecard:
    """Read, clean and score one report file (`-`: standard input; `encoding` overrides detection).
    Raises InputError for unusable input."""
    return score_report(load_report(path, encoding), outline, level, settings, tailoring)
