"""The report's own headings as context, as an inspector reads them.

Reports restate the outline's area and measure titles in their headings with small changes
("(二)深化行政审批改革" for "深化行政审批制度改革"). A fuzzy title match (rapidfuzz) of each
section heading against the checklist's area and measure titles tells each section its likely
area and measures; a section without a matching heading inherits its parent's. The scorecard uses
it to break ties between evidence sentences and to weigh weak evidence, and shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from wuchuan_check.checklist.model import Checklist
from wuchuan_check.reading.document import Report
from wuchuan_check.reading.vocabulary import LEADING_NUMBERING
from wuchuan_check.scoring.keywords import compact
from wuchuan_check.settings import DEFAULT_SETTINGS, Settings

MIN_HEADING_CHARS = 4  # shorter headings ("概述", "成效") match any title by chance
TOP_MEASURES = 3


@dataclass(frozen=True)
class HeadingMatch:
    """What one section's heading (or its nearest matching ancestor's) restates."""

    heading: str  # the heading that matched, as written
    area: tuple[str, float] | None  # (area id, ratio 0–100)
    measures: tuple[tuple[str, float], ...]  # (measure id, ratio), best first

    def ratio_for(self, measure_id: str) -> float:
        return next((r for m, r in self.measures if m == measure_id), 0.0)


def heading_text(heading: str) -> str:
    return LEADING_NUMBERING.sub("", heading, count=1).rstrip("。:：;；")


@lru_cache(maxsize=8)
def _titles(checklist: Checklist) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(measure id, compact title) and (area id, compact title), compacted once per checklist."""
    measures = tuple((m.id, compact(m.title)) for _, m in checklist.measures())
    return measures, tuple((a.id, compact(a.title)) for a in checklist.areas)


@lru_cache(maxsize=16)
def _long_enough(titles: tuple[tuple[str, str], ...]) -> dict[int, str]:
    """Position → compact title of the titles long enough to match (rapidfuzz's choices)."""
    return {i: t for i, (_, t) in enumerate(titles) if len(t) >= MIN_HEADING_CHARS}


def _similar(text: str, titles: tuple[tuple[str, str], ...], min_ratio: float) -> list[tuple[str, float]]:
    """(id, ratio 0–100) of the titles `text` matches at min_ratio or more, in the titles' order.

    The ratio is rapidfuzz's partial_ratio, one call for all titles; a title shorter than
    MIN_HEADING_CHARS matches nothing (ratio 0)."""
    long_enough = _long_enough(titles)
    found = {i: float(r) for _, r, i in process.extract(
        text, long_enough, scorer=fuzz.partial_ratio, score_cutoff=min_ratio, limit=None)}
    if min_ratio <= 0.0:  # a zero ratio passes too
        found.update((i, 0.0) for i in range(len(titles)) if i not in long_enough)
    return [(titles[i][0], found[i]) for i in sorted(found)]


@lru_cache(maxsize=4096)
def _title_matches(
    text: str, checklist: Checklist, min_ratio: float
) -> tuple[tuple[str, float] | None, tuple[tuple[str, float], ...]]:
    """(best area, top measures) a compact heading restates; cached because a batch's reports
    share many headings ("存在的问题和不足")."""
    measure_titles, area_titles = _titles(checklist)
    measures = sorted(_similar(text, measure_titles, min_ratio), key=lambda x: -x[1])[:TOP_MEASURES]
    areas = _similar(text, area_titles, min_ratio)
    return (max(areas, key=lambda x: x[1]) if areas else None), tuple(measures)


def _own_match(heading: str, checklist: Checklist, s: Settings) -> HeadingMatch | None:
    text = compact(heading_text(heading))
    if len(text) < MIN_HEADING_CHARS:
        return None
    area, measures = _title_matches(text, checklist, s.heading_min_ratio)
    if not measures and area is None:
        return None
    return HeadingMatch(heading, area, measures)


def section_matches(report: Report, checklist: Checklist, s: Settings = DEFAULT_SETTINGS) -> list[HeadingMatch | None]:
    """Per section index: the match of its own heading, else of its nearest matching ancestor."""
    own = [_own_match(sec.heading, checklist, s) if sec.heading else None for sec in report.sections]
    out: list[HeadingMatch | None] = []
    for i, sec in enumerate(report.sections):
        match, parent, seen = own[i], sec.parent, 0
        while match is None and parent is not None and seen < len(report.sections):
            match, parent, seen = own[parent], report.sections[parent].parent, seen + 1
        out.append(match)
    return out
