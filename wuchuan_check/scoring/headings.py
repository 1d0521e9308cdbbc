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

from rapidfuzz import fuzz

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


def _ratio(h: str, t: str) -> float:
    """Fuzzy similarity of two compact titles, 0–100; too short a title matches nothing."""
    if min(len(h), len(t)) < MIN_HEADING_CHARS:
        return 0.0
    return float(fuzz.partial_ratio(h, t))


@lru_cache(maxsize=8)
def _titles(checklist: Checklist) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(measure id, compact title) and (area id, compact title), compacted once per checklist."""
    measures = tuple((m.id, compact(m.title)) for _, m in checklist.measures())
    return measures, tuple((a.id, compact(a.title)) for a in checklist.areas)


def _own_match(heading: str, checklist: Checklist, s: Settings) -> HeadingMatch | None:
    text = compact(heading_text(heading))
    if len(text) < MIN_HEADING_CHARS:
        return None
    measure_titles, area_titles = _titles(checklist)
    measures = sorted(
        ((mid, r) for mid, t in measure_titles if (r := _ratio(text, t)) >= s.heading_min_ratio),
        key=lambda x: -x[1],
    )[:TOP_MEASURES]
    areas = [(aid, r) for aid, t in area_titles if (r := _ratio(text, t)) >= s.heading_min_ratio]
    area = max(areas, key=lambda x: x[1]) if areas else None
    if not measures and area is None:
        return None
    return HeadingMatch(heading, area, tuple(measures))


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
