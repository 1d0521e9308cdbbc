"""Excel output of `score --xlsx` and `batch --xlsx`, read back with openpyxl."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from wuchuan_check.api import score_file
from wuchuan_check.cli import app
from wuchuan_check.render.export import CSV_COLUMNS
from wuchuan_check.render.xlsx import STATUS_FILLS, batch_workbook, save_workbook, scorecard_workbook
from wuchuan_check.runs.batch import run_batch
from wuchuan_check.scoring.scorecard import Status

NAMES = ["county-annual-2019.txt", "county-selfcheck-2020.txt", "township-2020.txt"]


@pytest.fixture(scope="module")
def card(examples_dir):
    return score_file(examples_dir / NAMES[0], "2015-2020")


@pytest.fixture(scope="module")
def score_book(card, tmp_path_factory):
    path = tmp_path_factory.mktemp("x") / "评分.xlsx"
    save_workbook(scorecard_workbook(card), path)
    return openpyxl.load_workbook(path)


def _fill(cell) -> str:
    return cell.fill.fgColor.rgb[-6:]


def test_score_workbook_sheets_and_gap_list(score_book, card):
    assert score_book.sheetnames == ["总体情况", "差距清单", "全部支项", "主要数据"]
    gaps = score_book["差距清单"]
    assert [c.value for c in gaps[1]] == CSV_COLUMNS
    assert gaps.freeze_panes == "A2" and gaps.auto_filter.ref == f"A1:{get_column_letter(len(CSV_COLUMNS))}{len(card.gaps()) + 1}"
    assert all(c.font.bold for c in gaps[1])
    status_col = CSV_COLUMNS.index("状态") + 1
    first_gap = card.gaps()[0]
    assert gaps.cell(2, 4).value == first_gap.id and gaps.cell(2, status_col).value == first_gap.status.label
    assert _fill(gaps.cell(2, status_col)) == STATUS_FILLS[first_gap.status].fgColor.rgb[-6:]
    everything = score_book["全部支项"]
    assert everything.max_row == len(card.items) + 1
    done_row = next(r for r in everything.iter_rows(min_row=2) if r[status_col - 1].value == "已完成")
    assert _fill(done_row[status_col - 1]) == "C6EFCE", "done is green"


def test_columns_are_fitted_to_chinese_text(score_book):
    gaps = score_book["差距清单"]
    # 分项编号 (M01) is narrow; 要求 (long Chinese sentences) is wide but capped, and wraps
    assert gaps.column_dimensions["B"].width < 12
    assert 40 < gaps.column_dimensions["E"].width <= 62
    assert gaps.column_dimensions["C"].width >= 2 * len("深化行政审批制度改革"), "a CJK character counts double"


def test_overview_has_the_figures_and_formulas(score_book, card):
    rows = [r for r in score_book["总体情况"].iter_rows(values_only=True) if r and r[0]]
    values = {r[0]: r[1] for r in rows}
    t = card.tally
    assert values["已完成"] == t.done and values["不涉及"] == t.na and values["支项总数"] == t.total
    assert values["完成率(适用项)"] == pytest.approx(t.rate_applicable)
    summary = "\n".join(r[1] for r in rows if r[0] == "总体情况")
    assert f"({t.done}+{t.na})/{t.total}" in summary and f"{t.done}/{t.applicable}" in summary
    assert values["发文单位"] == card.report.meta.issuer and values["年度"] == str(card.report.meta.year)


def test_batch_workbook_ranking_and_matrix(examples_dir, tmp_path):
    result = run_batch([examples_dir / n for n in NAMES], "2015-2020", jobs=1)
    path = tmp_path / "批量.xlsx"
    save_workbook(batch_workbook(result), path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["总体情况", "排名", "分项矩阵", "分项汇总", "主要数据"]
    ranking = book["排名"]
    assert ranking.freeze_panes == "A2" and ranking.auto_filter.ref == "A1:K4"
    rates = [row[-1] for row in ranking.iter_rows(min_row=2, values_only=True)]
    assert rates == sorted(rates, reverse=True) and len(rates) == 3
    matrix = book["分项矩阵"]
    header = [c.value for c in matrix[3]]
    assert header[:3] == ["排名", "报告", "完成率(适用项)"] and header[3] == "M01" and len(header) == 3 + 44
    legend = {matrix.cell(1, col).value: _fill(matrix.cell(1, col)) for col in range(2, 6)}
    assert legend == {s.measure_label: STATUS_FILLS[s].fgColor.rgb[-6:] for s in Status}
    township = next(r for r in matrix.iter_rows(min_row=4) if r[1].value == "township-2020.txt")
    card = score_file(examples_dir / "township-2020.txt", "2015-2020")
    assert [c.value for c in township[3:]] == [m.status.measure_label for m in card.measures]
    m09 = township[3 + 8]  # M09 (legislation) does not apply to a township
    assert m09.value == "不涉及" and _fill(m09) == "D9D9D9"


def test_cli_score_xlsx_is_written_atomically(examples_dir, tmp_path):
    out = tmp_path / "结果.xlsx"
    proc = CliRunner().invoke(app, ["score", str(examples_dir / NAMES[2]), "--xlsx", str(out)])
    assert proc.exit_code == 0, proc.stderr
    assert openpyxl.load_workbook(out).sheetnames[0] == "总体情况"
    assert [p.name for p in tmp_path.iterdir()] == ["结果.xlsx"], "no temp file left behind"


def _numeric_text(ws) -> list[str]:
    """Cells holding a number as text ("0.42", "87.5%"), other than years and periods."""
    import re

    header = {c.column: c.value for c in ws[3 if ws.title.startswith("分项矩阵") else 1]}
    return [f"{c.coordinate}={c.value!r}" for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and re.fullmatch(r"-?\d[\d,.]*%?", c.value)
            and "年度" not in (header.get(c.column), ws.cell(c.row, 1).value)]


def _assert_prints(ws, title_rows: str | None) -> None:
    assert ws.page_setup.orientation == "landscape", ws.title
    assert int(ws.page_setup.paperSize) == 9, "A4"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, "all columns on one width"
    assert ws.page_setup.fitToHeight == 0, "as many pages down as it takes"
    if title_rows is not None:
        assert ws.print_title_rows == title_rows, f"{ws.title}: header row repeats on every page"


def test_score_workbook_stores_numbers_as_numbers_and_prints(score_book, card):
    for ws in score_book.worksheets:
        assert _numeric_text(ws) == [], ws.title
        _assert_prints(ws, None if ws.title == "总体情况" else "$1:$1")
    gaps = score_book["差距清单"]
    col = CSV_COLUMNS.index("得分") + 1
    cells = [row[0] for row in gaps.iter_rows(min_row=2, min_col=col, max_col=col)]
    assert cells and all(c.data_type == "n" and c.number_format == "0.00" for c in cells)
    assert [c.value for c in cells] == [pytest.approx(round(i.score, 2)) for i in card.gaps()]
    overview = score_book["总体情况"]
    figures = {r[0].value: r[1] for r in overview.iter_rows() if r[0].value}
    assert figures["已完成"].data_type == "n" and figures["完成率(适用项)"].number_format == "0.0%"
    assert gaps.freeze_panes == "A2"


def test_batch_workbook_stores_numbers_as_numbers_and_prints(examples_dir, tmp_path):
    result = run_batch([examples_dir / n for n in NAMES], "2015-2020", jobs=1)
    path = tmp_path / "批量.xlsx"
    save_workbook(batch_workbook(result), path)
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        assert _numeric_text(ws) == [], ws.title
        _assert_prints(ws, {"总体情况": None, "分项矩阵": "$1:$3"}.get(ws.title, "$1:$1"))
    ranking = book["排名"]
    for row in ranking.iter_rows(min_row=2):
        assert all(c.data_type == "n" for c in (row[0], *row[5:])), "rank, counts and rates are numbers"
    matrix = book["分项矩阵"]
    assert matrix.freeze_panes == "C4" and all(r[2].data_type == "n" for r in matrix.iter_rows(min_row=4))
