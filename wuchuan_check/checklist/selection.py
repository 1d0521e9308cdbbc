"""Choose the outline a report should be scored against (`--outline auto`), and say why.

A report written against the 2021–2025 outline cites it (or "一规划两纲要") and reports on a
year inside its period; a 2020 annual report or a 2015–2020 self-check does the same for the
older one. Citations decide first, the reported year second, and the oldest outline is the
fallback; the reason is printed on the scorecard so a user can override with `--outline`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from wuchuan_check import regexes
from wuchuan_check.checklist.cache import builtin_meta
from wuchuan_check.checklist.model import Checklist, OutlineMeta, builtin_outline_ids, load_outline
from wuchuan_check.reading.document import Report

AUTO = "auto"


@dataclass(frozen=True)
class Choice:
    checklist: Checklist
    reason: str


@dataclass(frozen=True)
class _Candidate:
    """An outline as the choice sees it: its metadata, and the checklist once loaded. The
    built-in outlines are chosen between by metadata alone, and only the chosen one is loaded."""

    id: str
    meta: OutlineMeta
    checklist: Checklist | None = None

    @property
    def title(self) -> str:
        return self.meta.title

    def load(self) -> Checklist:
        return self.checklist if self.checklist is not None else load_outline(self.id)


def _cites(report: Report, candidate: _Candidate, text: str) -> bool:
    if candidate.id in report.meta.outlines_cited:
        return True
    return any(re.search(p, text) for p in candidate.meta.cite_patterns)


def _covers(candidate: _Candidate, year: int) -> bool:
    period = candidate.meta.period
    return period is not None and period[0] <= year <= period[1]


def choose_outline(report: Report, candidates: list[Checklist] | None = None) -> Choice:
    """The best built-in outline for a report, with the reason in Chinese.

    The year reported on decides first (a 2020 report written in early 2021 may already mention
    the new national plans, yet reports on 2020 work); citations decide when the year is unknown
    or several outlines cover it.
    """
    pool = ([_Candidate(c.id, c.meta, c) for c in candidates] if candidates
            else [_Candidate(i, builtin_meta(i)) for i in builtin_outline_ids()])
    outlines = sorted(pool, key=lambda c: c.meta.period or (0, 0))
    year = report.meta.period[1] if report.meta.period else report.meta.year
    text = "\n".join([report.meta.title or "", *(s.text for s in report.sentences)])
    cited = [c for c in outlines if _cites(report, c, text)]
    if year is not None:
        covering = [c for c in outlines if _covers(c, year)]
        if covering:
            pick = ([c for c in covering if c in cited] or covering)[-1]
            also = ",且报告引用了该纲要" if pick in cited else ""
            return Choice(pick.load(), f"报告年度 {year} 在《{pick.title}》期限内{also}")
        dated = [c for c in outlines if c.meta.period]
        if dated and year > dated[-1].meta.period[1]:  # type: ignore[index]
            return Choice(dated[-1].load(), f"报告年度 {year} 晚于各纲要期限,采用最新的《{dated[-1].title}》")
    if cited:
        return Choice(cited[-1].load(), f"报告未写明年度,引用了《{cited[-1].title}》")
    return Choice(outlines[0].load(), f"未能从报告判断年度和所依据的纲要,默认采用《{outlines[0].title}》")


# Two years joined by what an IME types: em/en dash, full-width hyphen-minus, minus sign, tilde, 至.
_YEAR_SPAN = regexes.compile(r"^\s*(\d{4})年?\s*[-‐‑‒–—―−﹣－~～至]+\s*(\d{4})年?\s*$")


def outline_name(value: str | Path) -> str | Path:
    """An outline written as the user types it ("2015—2020", "2015－2020年") as its id ("2015-2020");
    a path to an existing file stays as it is."""
    span = _YEAR_SPAN.match(value) if isinstance(value, str) else None
    if span is None or Path(value).exists():
        return value
    return f"{span.group(1)}-{span.group(2)}"


def resolve_outline(report: Report, outline: str | Path | Checklist = AUTO) -> tuple[Checklist, str]:
    """The checklist to score with and why: given explicitly, or chosen from the report (auto)."""
    if isinstance(outline, Checklist):
        return outline, "调用方指定"
    if str(outline) == AUTO:
        choice = choose_outline(report)
        return choice.checklist, f"自动选择:{choice.reason}"
    return load_outline(outline_name(outline)), "命令行指定"


def resolve_checklists(outline: str | Path | Checklist) -> tuple[list[Checklist], bool]:
    """The checklists a batch may use, and whether each report picks its own (auto)."""
    if isinstance(outline, Checklist):
        return [outline], False
    if str(outline) == AUTO:
        return [load_outline(i) for i in builtin_outline_ids()], True
    return [load_outline(outline_name(outline))], False
