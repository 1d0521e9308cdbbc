"""The heading-to-title similarity `section_matches` uses, computed for all titles in one
rapidfuzz call, against its plain definition (partial_ratio per title, nothing for a title under
MIN_HEADING_CHARS): the same titles with the same ratios on every heading of the examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz import fuzz

from wuchuan_check.checklist.model import load_outline
from wuchuan_check.reading.formats import load_report
from wuchuan_check.scoring.headings import MIN_HEADING_CHARS, _similar, _titles, heading_text
from wuchuan_check.scoring.keywords import compact

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def plain_similar(text: str, titles: tuple[tuple[str, str], ...], min_ratio: float) -> list[tuple[str, float]]:
    out = []
    for tid, t in titles:
        r = 0.0 if min(len(text), len(t)) < MIN_HEADING_CHARS else float(fuzz.partial_ratio(text, t))
        if r >= min_ratio:
            out.append((tid, r))
    return out


@pytest.mark.parametrize("outline", ["2015-2020", "2021-2025"])
def test_similar_titles_are_those_of_the_plain_definition(outline: str) -> None:
    checklist = load_outline(outline)
    measures, areas = _titles(checklist)
    headings = {compact(heading_text(sec.heading)) for path in sorted(EXAMPLES.glob("*.txt"))
                for sec in load_report(path).sections if sec.heading}
    headings |= {compact(title)[1:] + "工作" for _, title in measures + areas}  # near-restatements
    assert len(headings) > 50
    matched = 0
    for text in sorted(headings):
        for min_ratio in (80.0, 60.0, 0.0):
            for titles in (measures, areas):
                got = _similar(text, titles, min_ratio)
                assert got == plain_similar(text, titles, min_ratio), (text, min_ratio)
                matched += bool(got) and min_ratio == 80.0
    assert matched > 20  # the comparison covers real matches, not only empty lists
