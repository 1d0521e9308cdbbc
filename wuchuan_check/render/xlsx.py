"""Excel workbooks (openpyxl) for one scorecard (`score --xlsx`) and for a batch (`batch --xlsx`).

Every table sheet has a bold frozen header row, an autofilter and column widths fitted to the
text (a CJK character is two columns wide); status cells are filled green / yellow / red / grey.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from rich.cells import cell_len

from wuchuan_check.checklist.model import Checklist
from wuchuan_check.labels import AREA, RATE_APPLICABLE, RATE_WITH_NA, area_label
from wuchuan_check.render.atomic import write_bytes
from wuchuan_check.render.common import PALETTE, RANKING_COLUMNS, headline, ranking_row
from wuchuan_check.render.export import CSV_COLUMNS, csv_rows, is_formula_like
from wuchuan_check.render.indicators import TABLE_COLUMNS, matrix_header, matrix_row, table_rows
from wuchuan_check.render.review import review_headline
from wuchuan_check.runs.batch import BatchResult, ReportSummary, measure_tallies, year_text
from wuchuan_check.scoring.indicators import load_indicators
from wuchuan_check.scoring.review import Review
from wuchuan_check.scoring.scorecard import Scorecard, Status, Tally
from wuchuan_check.scoring.selfreport import Declared

STATUS_FILLS: dict[Status, PatternFill] = {s: PatternFill("solid", fgColor=c.light) for s, c in PALETTE.items()}
_BY_LABEL = {label: s for s in Status for label in (s.label, s.measure_label)}
_BOLD = Font(bold=True)
_MAX_WIDTH = 60  # wider text wraps instead
_PERCENT = "0.0%"
# Columns whose rows arrive as text (the CSV's formatting) but are numbers: stored as numbers.
NUMBER_COLUMNS = {"得分": "0.00"}

Row = Sequence[Any]


def fit_columns(ws: Worksheet, first_row: int = 1) -> None:
    """Widen each column to its longest line from `first_row` down; wrap what would exceed the cap."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is None:
                continue
            text = f"{cell.value:.1%}" if isinstance(cell.value, float) else str(cell.value)
            w = max(cell_len(line) for line in text.split("\n"))  # a CJK character counts double
            widths[cell.column] = max(widths.get(cell.column, 0), w)
            if w > _MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(w, _MAX_WIDTH) + 2


def _fill_status(cell: Cell) -> None:
    status = _BY_LABEL.get(str(cell.value))
    if status is not None:
        cell.fill = STATUS_FILLS[status]


def table_sheet(wb: Workbook, title: str, columns: Sequence[str], rows: Iterable[Row], header_row: int = 1) -> Worksheet:
    """A sheet holding one table: bold frozen header, autofilter, fitted widths, coloured statuses.

    `header_row` > 1 leaves room above the table (e.g. for a legend), written by the caller.
    """
    ws = wb.create_sheet(title)
    for col, name in enumerate(columns, 1):
        ws.cell(header_row, col, name).font = _BOLD
    numeric = {i: fmt for i, name in enumerate(columns, 1) if (fmt := NUMBER_COLUMNS.get(name))}
    r = header_row
    for r, row in enumerate(rows, header_row + 1):
        for col, value in enumerate(row, 1):
            if col in numeric:
                value = as_number(value)
            cell = ws.cell(r, col, value)
            if col in numeric and isinstance(value, float):
                cell.number_format = numeric[col]
            elif isinstance(value, float):
                cell.number_format = _PERCENT
            else:
                _fill_status(cell)
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{max(r, header_row)}"
    fit_columns(ws, header_row)
    print_setup(ws, header_row)
    return ws


def as_number(value: object) -> object:
    """A number written as text ("0.42") as a float; anything else unchanged."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def print_setup(ws: Worksheet, header_row: int | None = None) -> None:
    """Landscape A4, all columns on one page width (as many pages down as it takes), the header
    row (and anything above it) repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = True
    if header_row is not None:
        ws.print_title_rows = f"1:{header_row}"


def _pairs_sheet(wb: Workbook, title: str, blocks: Iterable[Iterable[Row]]) -> Worksheet:
    """A sheet of label/value blocks separated by a blank row; first cell of each row bold."""
    ws = wb.create_sheet(title)
    for block in blocks:
        for row in block:
            ws.append(list(row))
            ws.cell(ws.max_row, 1).font = _BOLD
            for cell in ws[ws.max_row][1:]:
                if isinstance(cell.value, float):
                    cell.number_format = _PERCENT
        ws.append([])
    fit_columns(ws)
    print_setup(ws)
    return ws


def _tally_rows(t: Tally) -> list[Row]:
    return [("支项总数", t.total), ("已完成", t.done), ("待完善", t.partial), ("未体现", t.missing),
            ("不涉及", t.na), (RATE_WITH_NA, t.rate_with_na), (RATE_APPLICABLE, t.rate_applicable)]


def declared_rows(d: Declared | None) -> list[Row]:
    """The report's own tally as numbers (the reasons they differ are in the 总体情况 lines)."""
    if d is None:
        return []
    rows = [("报告自述总数", d.total), (f"报告自述{d.done_word}", d.done), ("报告自述不涉及", d.na),
            ("报告自述未完成", d.open), ("报告自述完成率", d.shown_rate)]
    return [(k, v) for k, v in rows if v is not None]


AREA_COLUMNS = [AREA, "支项", "已完成", "待完善", "未体现", "不涉及", RATE_WITH_NA, RATE_APPLICABLE]


def _area_rows(card: Scorecard) -> list[Row]:
    rows: list[Row] = [AREA_COLUMNS]
    for a in card.areas:
        t = a.tally
        rows.append((area_label(a.area), t.total, t.done, t.partial, t.missing, t.na,
                     t.rate_with_na, t.rate_applicable))
    return rows


def scorecard_workbook(card: Scorecard, review: Review | None = None) -> Workbook:
    """总体情况 (metadata, headline with formulas, areas), 差距清单 and 全部支项 (the CSV columns)."""
    wb = Workbook()
    wb.remove(wb.active)
    meta, src = card.report.meta, card.report.source
    about: list[Row] = [
        ("报告", meta.title or ""), ("发文单位", meta.issuer or ""), ("年度", year_text(meta)),
        ("层级", f"{card.level.label}({card.level_source})"),
        ("纲要", f"《{card.checklist.title}》{card.outline_reason and '(' + card.outline_reason + ')'}"),
        ("文件", src.path or ""),
        *declared_rows(card.self_declared),
    ]
    summary = [("总体情况", line) for line in headline(card).split("\n")]
    figures = [("指标", "数值"), *_tally_rows(card.tally)]
    if review is not None:  # the reviewed layer beside the machine's figures, never instead of them
        summary += [("人工复核", line) for line in review_headline(review).split("\n")]
        figures += [(f"复核后{k}", v) for k, v in _tally_rows(review.tally)]
    _pairs_sheet(wb, "总体情况", [about, summary, figures, _area_rows(card)])
    table_sheet(wb, "差距清单", CSV_COLUMNS, csv_rows(card, only_gaps=True, review=review))
    table_sheet(wb, "全部支项", CSV_COLUMNS, csv_rows(card, only_gaps=False, review=review))
    if card.indicators:
        ws = table_sheet(wb, "主要数据", TABLE_COLUMNS, table_rows(card.indicators))
        col = TABLE_COLUMNS.index("数值") + 1
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = "General"  # figures as stated (70.7 beside its unit %), not 0–1 rates
    return wb


# --- batch --------------------------------------------------------------------------------------


def batch_workbook(result: BatchResult) -> Workbook:
    """总体情况, 排名, and per outline used: 分项矩阵 (reports × measures) and 分项汇总."""
    wb = Workbook()
    wb.remove(wb.active)
    reports = result.reports
    mean_with_na, mean_applicable = result.mean_rates()
    overview: list[Row] = [
        ("报告数(已评分)", len(reports)), ("失败文件数", len(result.failures)),
        ("纲要", "、".join(f"《{c.title}》{len(rs)} 份" for c, rs in result.groups())),
        (f"平均{RATE_WITH_NA}", mean_with_na),
        (f"平均{RATE_APPLICABLE}", mean_applicable),
        ("排名依据", f"{RATE_APPLICABLE},相同时按{RATE_WITH_NA}"),
    ]
    failed: list[Row] = [("失败文件", "原因"), *((f.path, f.message) for f in result.failures)]
    _pairs_sheet(wb, "总体情况", [overview, failed] if result.failures else [overview])
    table_sheet(wb, "排名", RANKING_COLUMNS, (ranking_row(i, r) for i, r in enumerate(result.ranked(), 1)))
    several = len(result.groups()) > 1
    for checklist, ranked in result.groups():
        suffix = f" {checklist.id}" if several else ""
        matrix_sheet(wb, f"分项矩阵{suffix}", checklist, ranked)
        summary_sheet(wb, f"分项汇总{suffix}", checklist, ranked)
    if any(r.figures for r in reports):
        figures_sheet(wb, result.ranked())
    return wb


def figures_sheet(wb: Workbook, ranked: list[ReportSummary]) -> Worksheet:
    """主要数据: reports (ranked) × key figures, numbers as stated (General, not rates), empty where
    a report does not state one."""
    header = matrix_header(load_indicators())
    ws = table_sheet(wb, "主要数据", header, (matrix_row(r.path, r.issuer, r.year, r.figures) for r in ranked))
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=len(header)):
        for cell in row:
            cell.number_format = "General"
    return ws


def matrix_sheet(wb: Workbook, title: str, checklist: Checklist, ranked: list[ReportSummary]) -> Worksheet:
    """Reports (ranked) × measures, each cell the measure's status label on its status colour."""
    measures = [m for _, m in checklist.measures()]
    rows = ([i, r.name, r.tally.rate_applicable, *(s.measure_label for s in r.statuses)] for i, r in enumerate(ranked, 1))
    ws = table_sheet(wb, title, ["排名", "报告", RATE_APPLICABLE, *(m.id for m in measures)], rows, header_row=3)
    ws.cell(1, 1, "图例").font = _BOLD
    for col, status in enumerate(Status, 2):
        _fill_status(ws.cell(1, col, status.measure_label))
    ws.cell(2, 1, f"《{checklist.title}》各分项名称见“分项汇总”表")
    ws.freeze_panes = ws.cell(4, 3)  # keep the header and the report names in view
    return ws


SUMMARY_COLUMNS = ["分项编号", "分项", "有具体举措", "仅有提及", "未体现", "不涉及", "有具体举措的报告占比"]


def summary_sheet(wb: Workbook, title: str, checklist: Checklist, reports: list[ReportSummary]) -> Worksheet:
    """Per measure, how many reports show concrete work, a mention, nothing, or do not apply."""
    measures = [m for _, m in checklist.measures()]
    rows = (
        [m.id, m.title, t.done, t.partial, t.missing, t.na, t.rate_applicable]
        for m, t in zip(measures, measure_tallies(reports, len(measures)))
    )
    return table_sheet(wb, title, SUMMARY_COLUMNS, rows)


def neutralise_formulas(wb: Workbook) -> None:
    """No cell is a live formula: openpyxl makes any string starting with "=" one. Formula-like
    strings are stored as text with Excel's quote prefix (as if typed with a leading apostrophe)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def save_workbook(wb: Workbook, path: str | Path) -> None:
    """Serialise in memory, then write atomically (openpyxl itself would write in place)."""
    neutralise_formulas(wb)
    buf = io.BytesIO()
    wb.save(buf)
    write_bytes(path, buf.getvalue())
