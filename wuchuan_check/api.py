"""The library's front door: score a report file in one call, without the CLI."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .checklist import Checklist, load_outline
from .document import Level, Report
from .errors import InputError
from .indicators import extract_indicators, load_indicators
from .matching import match_report
from .reading import load_report
from .scorecard import Scorecard, build_scorecard
from .selection import AUTO, choose_outline
from .settings import DEFAULT_SETTINGS, Settings
from .tailoring import Tailoring, load_tailoring

if TYPE_CHECKING:  # the evaluation is imported by run_eval only: `score` does not pay for it
    from .evaluation import EvalResult

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
    indicators: bool = True,
) -> Scorecard:
    """Score a parsed report. `outline`: "auto", a built-in id, a checklist file or a Checklist.
    `indicators=False` leaves the key figures out (a batch that writes none of them)."""
    checklist, why = resolve_outline(report, outline)
    if tailoring is not None and not isinstance(tailoring, Tailoring):
        tailoring = load_tailoring(tailoring, checklist)
    card = build_scorecard(report, checklist, parse_level(level), settings, tailoring)
    # Key figures once per scored report; the bundled spec is loaded once per process (cached).
    figures = tuple(extract_indicators(report, load_indicators())) if indicators else ()
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


def run_eval(
    gold_path: str | Path,
    report_paths: list[Path],
    outline: str | Path | Checklist = "2015-2020",  # used where the gold rows name no outline
    settings: Settings = DEFAULT_SETTINGS,
    manifest: str | Path | None = None,
    texts: str | Path | None = None,
    split: str | None = None,
    annotators: list[Path] | None = None,
    loro: bool = False,
) -> EvalResult:
    """Score reports and compare with gold labels. Reports are files matched by name, or the
    documents of a manifest split read from `texts/<id>.txt`. Each report is scored against the
    outline its gold rows name (`auto`: chosen from the report). The annotators' raw files (given,
    or `labels-*.tsv` beside the gold file) give the agreement printed beside the figures."""
    from .evaluation import (
        agreement,
        annotator_files,
        evaluate_cards,
        gold_outlines,
        leave_one_out,
        load_gold,
        load_manifest,
        manifest_texts,
        report_key,
    )

    gold = load_gold(gold_path)
    names = {g.report for g in gold.values()}
    paths: dict[str, Path] = {}
    if manifest is not None:
        paths = manifest_texts(load_manifest(manifest), texts or Path(manifest).parent, split)
    for path in report_paths:
        key = report_key(path, names)
        if key is None:
            raise InputError(path, "金标准中没有这份报告的标注 / no gold labels for this report")
        paths[key] = path
    reports = {k: load_report(p) for k, p in paths.items()}
    per_report = gold_outlines(gold)
    loaded: dict[str, Checklist] = {}

    def checklist_for(name: str) -> Checklist:
        which = per_report.get(name) or (outline.id if isinstance(outline, Checklist) else str(outline))
        if isinstance(outline, Checklist) and which == outline.id:
            return outline
        if which == AUTO:
            return resolve_outline(reports[name], AUTO)[0]
        if which not in loaded:
            loaded[which] = load_outline(outline_name(which))
        return loaded[which]

    checklists = {name: checklist_for(name) for name in reports}
    matches = {n: match_report(r, checklists[n], settings) for n, r in reports.items()}
    cards = {n: build_scorecard(r, checklists[n], None, settings, matches=matches[n]) for n, r in reports.items()}
    result = evaluate_cards(gold, reports, cards)
    files = annotators if annotators is not None else annotator_files(gold_path)
    if len(files) >= 2:
        a, b = (load_gold(f) for f in files[:2])
        result.agreement = agreement(a, b, (files[0].stem, files[1].stem))
    else:
        result.agreement_note = "尚无两位标注者的原始标注,无法给出一致性 / no second annotator's labels yet"
    if loro:

        def rescore(name: str, done: float, partial: float) -> Scorecard:
            s = replace(settings, done_score=done, partial_score=partial)
            return build_scorecard(reports[name], checklists[name], None, s, matches=matches[name])

        result.loro = leave_one_out(gold, rescore, sorted(reports))
    return result
