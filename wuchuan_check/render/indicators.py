"""The key figures (主要数据) as every output shows them: JSON records, table rows, the terminal table.

One place decides how a figure reads (约 for "余/多", the evidence as 第N行·部分) so the
terminal, CSV, XLSX and HTML outputs agree. Nothing here imports the exporters (no cycles).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text

from wuchuan_check.render.tables import SimpleTable, print_table
from wuchuan_check.scoring.indicators import IndicatorSpec, IndicatorValue

STATUS_LABELS = {"found": "已找到", "ambiguous": "有歧义", "not_found": "未找到"}

# One row per indicator in the CSV (score --indicators-csv), the XLSX sheet and the HTML table.
TABLE_COLUMNS = ["编号", "指标", "状态", "数值", "约", "单位", "证据位置", "证据", "说明"]


def stated(values: Iterable[IndicatorValue]) -> list[IndicatorValue]:
    """The figures the report states: found, or found more than once with different numbers."""
    return [v for v in values if v.status != "not_found"]


def number_text(value: int | float | None) -> str:
    """A figure as people write it: 57, 70.7 (no trailing .0)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def value_text(v: IndicatorValue) -> str:
    """The value with 约 in front when the report says 余/多/以上 (at least this much)."""
    if v.value is None:
        return ""
    return ("约" if v.approx else "") + number_text(v.value)


def evidence_place(v: IndicatorValue) -> str:
    """Where the figure was read: 第34行·工作成效."""
    if v.line is None:
        return ""
    return f"第{v.line}行" + (f"·{v.role.label}" if v.role is not None else "")


def note_text(v: IndicatorValue) -> str:
    """The reason shown beside a figure: only an ambiguous one needs it in the short table."""
    return (v.reason or "") if v.status == "ambiguous" else ""


def indicator_dict(v: IndicatorValue) -> dict[str, Any]:
    """One entry of the JSON `indicators[]` list (additive contract: add fields, never rename)."""
    ind = v.indicator
    return {
        "id": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "measures": dict(ind.measures),
        "status": v.status,
        "status_label": STATUS_LABELS[v.status],
        "value": v.value,
        "value_unit": v.unit,
        "approx": v.approx,
        "text": v.text,
        "line": v.line,
        "section_role": v.role.value if v.role is not None else None,
        "section_role_label": v.role.label if v.role is not None else None,
        "reason": v.reason,
        "parts": [{"part": p, "value": n} for p, n in v.parts],
    }


def table_rows(values: Sequence[IndicatorValue]) -> list[list[Any]]:
    """Every indicator as a row of TABLE_COLUMNS; not-found ones say why, with empty values.
    The value stays a number so a spreadsheet can sum it."""
    return [
        [
            v.indicator.id,
            v.indicator.name,
            STATUS_LABELS[v.status],
            "" if v.value is None else v.value,
            "是" if v.approx else "",
            v.unit or v.indicator.unit,
            evidence_place(v),
            v.text or "",
            v.reason or "",
        ]
        for v in values
    ]


TERMINAL_TITLE = "主要数据"
# The short table (terminal, HTML): only the stated figures, the reason only where ambiguous.
DISPLAY_COLUMNS = ["编号", "指标", "数值", "单位", "证据", "说明"]


def display_rows(values: Sequence[IndicatorValue]) -> list[list[str]]:
    return [[v.indicator.id, v.indicator.name, value_text(v), v.unit or v.indicator.unit, evidence_place(v),
             note_text(v)] for v in stated(values)]


def indicator_table(values: Sequence[IndicatorValue]) -> SimpleTable | None:
    """The stated figures as a terminal table; None when the report states none of them."""
    rows = display_rows(values)
    if not rows:
        return None
    table = SimpleTable(TERMINAL_TITLE)
    for col in DISPLAY_COLUMNS:
        fold = col in ("指标", "说明")
        table.add_column(col, justify="right" if col == "数值" else "left", overflow="fold", no_wrap=not fold)
    for row in rows:
        table.add_row(*(Text(c) for c in row))  # report text is text, never rich markup
    return table


def missing_line(values: Sequence[IndicatorValue]) -> str:
    """The count of figures the report does not state, so an empty cell is not mistaken for zero."""
    n = sum(v.status == "not_found" for v in values)
    return f"另有 {n} 项未在报告中找到。" if n else ""


def render_indicators(values: Sequence[IndicatorValue], console: Any) -> None:
    """Print the 主要数据 table and the not-found count (nothing when no figures were computed)."""
    if not values:
        return
    table = indicator_table(values)
    if table is None:
        console.print(f"{TERMINAL_TITLE}:报告中没有找到任何一项。")
        return
    print_table(console, table)
    if line := missing_line(values):
        console.print(line)


# --- the batch matrix: one row per report, one column per indicator ---------------------------

MATRIX_LEAD = ["报告", "发文单位", "年度"]


def matrix_header(spec: IndicatorSpec) -> list[str]:
    """Column names that say the unit, so a bare number in a cell is never read in the wrong one."""
    return [*MATRIX_LEAD, *(f"{ind.id} {ind.name}({ind.unit})" for ind in spec.indicators)]


def matrix_row(path: str, issuer: str | None, year: str, figures: Sequence[Any]) -> list[Any]:
    """One report's row of the batch matrix (CSV, XLSX sheet): MATRIX_LEAD then each indicator's value (`values_in_order`)."""
    return [path, issuer or "", year, *figures]


# --- rows for a results database -----------------------------------------------------------------

RECORD_FIELDS = ("indicator_id", "name", "unit", "status", "value", "value_unit", "approx", "line",
                 "section_role", "text", "reason", "parts")


def indicator_records(values: Sequence[IndicatorValue]) -> list[dict[str, Any]]:
    """A report's key figures as flat rows (RECORD_FIELDS, scalar values only) for a results
    database: one row per indicator, not-found ones included with value None and the reason,
    `parts` as "撤销6、确认违法3" text."""
    return [
        {
            "indicator_id": v.indicator.id,
            "name": v.indicator.name,
            "unit": v.indicator.unit,
            "status": v.status,
            "value": v.value,
            "value_unit": v.unit,
            "approx": v.approx,
            "line": v.line,
            "section_role": v.role.value if v.role is not None else None,
            "text": v.text,
            "reason": v.reason,
            "parts": "、".join(f"{p}{number_text(n)}" for p, n in v.parts) or None,
        }
        for v in values
    ]
