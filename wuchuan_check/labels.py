"""Names every output gives the headline figures and the areas, kept in one place so the terminal,
CSV, XLSX, HTML and Word outputs say the same thing.

The rate names are neutral (no place's name): each says what it counts, and the formula is shown
beside it wherever a rate is printed.
"""

from __future__ import annotations

from typing import Protocol


class _Numbered(Protocol):  # an outline area; a protocol keeps labels free of any pipeline import
    @property
    def number(self) -> str | None: ...

    @property
    def title(self) -> str: ...

RATE_WITH_NA = "完成率(含不涉及项)"
RATE_APPLICABLE = "完成率(适用项)"
FORMULA_WITH_NA = "(已完成+不涉及)/总数"
FORMULA_APPLICABLE = "已完成/(总数-不涉及)"

AREA = "大项"  # a task chapter of the outline; never 领域 or 方面


def area_label(area: _Numbered) -> str:
    """An area as every output names it: 一、依法全面履行政府职能 (the outline's own numbering)."""
    return f"{area.number or ''}、{area.title}".lstrip("、")
