"""The key figures (主要数据) in every output a user reads: terminal, JSON, CSV, XLSX, HTML,
batch matrix and compare. Values are checked against the report text, not copied numbers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wuchuan_check.api import score_file
from wuchuan_check.cli import app
from wuchuan_check.render.indicators import TABLE_COLUMNS, number_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE = EXAMPLES / "county-annual-2019.txt"


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def card():
    return score_file(EXAMPLE)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("ind")
    result = run("score", str(EXAMPLE), "--json", str(out / "r.json"), "--indicators-csv", str(out / "k.csv"))
    assert result.exit_code == 0, result.stderr
    return result, out


def report_lines(path: Path = EXAMPLE) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_scorecard_carries_every_indicator_once(card):
    ids = [v.indicator.id for v in card.indicators]
    assert len(ids) >= 15 and len(ids) == len(set(ids))
    assert any(v.status == "found" for v in card.indicators)


def test_json_figures_come_from_the_line_they_name(outputs):
    data = json.loads((outputs[1] / "r.json").read_text(encoding="utf-8"))
    figures = data["indicators"]
    lines = report_lines()
    assert {f["status"] for f in figures} <= {"found", "ambiguous", "not_found"}
    found = [f for f in figures if f["status"] != "not_found"]
    assert found
    for f in found:
        assert set(f) >= {"id", "name", "unit", "measures", "value", "value_unit", "approx", "text", "line",
                          "section_role", "section_role_label", "reason", "parts"}
        # the evidence sentence is on the line it names, and the number is in it
        assert f["text"] in lines[f["line"] - 1]
        if f["parts"]:  # summed from parts: each part is in the sentence, and they add up
            assert all(number_text(p["value"]) in f["text"] for p in f["parts"])
            assert sum(p["value"] for p in f["parts"]) == f["value"]
        else:
            assert number_text(f["value"]) in f["text"].replace(",", "")
        assert f["measures"] and f["section_role_label"]
    for f in figures:
        if f["status"] == "not_found":
            assert f["value"] is None and f["reason"]


def test_json_hand_checked_figure(outputs):
    # line 39 of the example: 57 行政复议 applications received, 51 accepted (checked by hand);
    # K01 counts the accepted ones (受理), as both annotators read it
    data = json.loads((outputs[1] / "r.json").read_text(encoding="utf-8"))
    k01 = next(f for f in data["indicators"] if f["id"] == "K01")
    assert (k01["value"], k01["value_unit"], k01["line"]) == (51, "件", 39)


def test_terminal_table_lists_stated_figures_and_counts_the_rest(outputs, card):
    out = outputs[0].stdout
    assert "主要数据" in out
    assert out.index("分项情况") < out.index("主要数据")  # after the measure table
    assert "第39行·工作成效" in out
    missing = sum(v.status == "not_found" for v in card.indicators)
    assert f"另有 {missing} 项未在报告中找到" in out
    for v in card.indicators:
        if v.status == "not_found":
            assert v.indicator.name not in out.split("主要数据", 1)[1].split("另有", 1)[0]


def test_terminal_marks_approximate_and_ambiguous(card, outputs):
    out = outputs[0].stdout
    for v in card.indicators:
        if v.approx and v.status != "not_found":
            assert "约" + number_text(v.value) in out
    if any(v.status == "ambiguous" for v in card.indicators):
        assert "有 2 个不同的数字" in out or "个不同的数字" in out


def test_indicators_csv_one_row_per_indicator(outputs, card):
    raw = (outputs[1] / "k.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Chinese
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == TABLE_COLUMNS
    assert [r[0] for r in rows[1:]] == [v.indicator.id for v in card.indicators]
    for r, v in zip(rows[1:], card.indicators):
        rec = dict(zip(TABLE_COLUMNS, r))
        if rec["状态"] == "未找到":
            assert rec["数值"] == "" and rec["证据"] == "" and rec["说明"]
        else:
            assert rec["数值"] == number_text(v.value) and rec["证据"] == v.text
            assert rec["证据位置"] == f"第{v.line}行·{v.role.label}"


def test_indicators_csv_is_formula_safe(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("某县人民政府关于2019年度法治政府建设情况的报告\n一、主要工作和成效\n"
                      "县政府认真落实法治政府建设各项任务，持续推进严格规范公正文明执法。\n"
                      "=HYPERLINK(1)全年办理行政复议案件12件，依法维护群众合法权益。\n", encoding="utf-8")
    out = tmp_path / "k.csv"
    result = run("score", str(report), "-q", "--indicators-csv", str(out))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    cells = [c for r in rows for c in r]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert any("HYPERLINK" in c for c in cells)


def test_indicators_csv_never_onto_an_input(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    before = report.read_bytes()
    result = run("score", str(report), "-q", "--indicators-csv", str(report))
    assert result.exit_code == 2
    assert "Traceback" not in result.output and str(report) in result.stderr
    assert report.read_bytes() == before


def test_xlsx_has_a_figures_sheet_with_numbers(tmp_path, card):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    result = run("score", str(EXAMPLE), "-q", "--xlsx", str(out))
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(out)["主要数据"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == TABLE_COLUMNS
    col = TABLE_COLUMNS.index("数值")
    by_id = {r[0]: r for r in rows[1:]}
    assert set(by_id) == {v.indicator.id for v in card.indicators}
    for v in card.indicators:
        cell = by_id[v.indicator.id][col]
        # a number a spreadsheet can sum, not text; empty (not 0) where the report is silent
        assert cell == v.value if v.value is not None else cell in (None, "")
    fmt_col = col + 1
    assert all(c.number_format == "General" for (c,) in ws.iter_rows(min_row=2, min_col=fmt_col, max_col=fmt_col))


def test_html_has_a_figures_table(tmp_path, card):
    out = tmp_path / "r.html"
    result = run("score", str(EXAMPLE), "-q", "--html", str(out))
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    section = page.split("<h2>主要数据</h2>", 1)[1].split("<h2>", 1)[0]
    for v in card.indicators:
        assert (f"<td>{v.indicator.id}</td>" in section) == (v.status != "not_found")
    assert "第39行·工作成效" in section
    assert "未在报告中找到" in section


def test_batch_writes_a_report_by_indicator_matrix(tmp_path):
    from wuchuan_check.scoring.indicators import load_indicators

    names = ["county-annual-2019.txt", "township-2020.txt", "department-2023.txt"]
    out = tmp_path / "m.csv"
    result = run("batch", *(str(EXAMPLES / n) for n in names), "-j", "1", "--indicators-csv", str(out))
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    spec = load_indicators()
    assert len(rows[0]) == 3 + len(spec.indicators) and rows[0][3].startswith(spec.indicators[0].id)
    assert sorted(Path(r[0]).name for r in rows[1:]) == sorted(names)  # one row per report
    for row in rows[1:]:
        card = score_file(row[0])
        for v, cell in zip(card.indicators, row[3:]):
            assert cell == ("" if v.status == "not_found" else number_text(v.value))


def test_batch_refuses_to_write_the_matrix_onto_a_report(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    before = report.read_bytes()
    result = run("batch", str(report), "-j", "1", "--indicators-csv", str(report))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert report.read_bytes() == before


def test_compare_shows_each_figure_change(card):
    from wuchuan_check.runs.compare import compare_files

    old, new = EXAMPLES / "township-2018.txt", EXAMPLES / "township-2020.txt"
    cmp = compare_files(old, new)
    assert cmp.figures
    both = [f for f in cmp.figures if f.difference is not None]
    assert both, "the two township examples state some figures in both years"
    for f in cmp.figures:
        if f.difference is not None:
            assert f.old.unit == f.new.unit and f.old.status == f.new.status == "found"
            assert abs(f.old.value + f.difference - f.new.value) < 1e-9
        else:
            assert f.why_not
    result = run("compare", str(old), str(new))
    assert result.exit_code == 0, result.stderr
    section = result.stdout.split("主要数据对比", 1)[1]
    f = both[0]
    assert f.new.indicator.name in section
    d = f.difference
    assert (("+" if d > 0 else "") + number_text(d)) in section


def test_compare_gives_no_difference_across_units(card):
    from dataclasses import replace

    from wuchuan_check.runs.compare import FigureChange

    v = next(x for x in card.indicators if x.status == "found" and x.unit != "%")
    other = replace(v, unit="人", value=v.value + 1)
    assert FigureChange(v, other).difference is None and FigureChange(v, other).why_not == "单位不同"
    assert FigureChange(v, replace(v, value=v.value + 2)).difference == 2


BATCH = ["county-annual-2019.txt", "township-2020.txt", "department-2023.txt"]


@pytest.fixture(scope="module")
def batch_outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    result = run("batch", *(str(EXAMPLES / n) for n in BATCH), "-j", "1", "--xlsx", str(out / "b.xlsx"),
                 "--json", str(out / "b.json"))
    assert result.exit_code == 0, result.stderr
    return out


def test_batch_xlsx_has_a_report_by_figure_sheet(batch_outputs):
    from openpyxl import load_workbook

    from wuchuan_check.render.indicators import matrix_header
    from wuchuan_check.scoring.indicators import load_indicators

    ws = load_workbook(batch_outputs / "b.xlsx")["主要数据"]
    rows = list(ws.iter_rows(values_only=True))
    spec = load_indicators()
    assert list(rows[0]) == matrix_header(spec)
    assert sorted(Path(r[0]).name for r in rows[1:]) == sorted(BATCH)
    stated = 0
    for row in rows[1:]:
        card = score_file(row[0])
        for v, cell in zip(card.indicators, row[3:]):
            if v.status == "not_found":
                assert cell in (None, "")  # empty, never 0, where the report is silent
            else:
                assert cell == v.value and isinstance(cell, (int, float))  # a number a sheet can sum
                stated += 1
    assert stated >= 10
    # values as stated (98.5 beside its % column), not formatted as 0–1 rates
    assert all(c.number_format == "General" for row in ws.iter_rows(min_row=2, min_col=4) for c in row)


def test_batch_json_carries_each_reports_figures(batch_outputs):
    data = json.loads((batch_outputs / "b.json").read_text(encoding="utf-8"))
    assert len(data["reports"]) == len(BATCH)
    for record in data["reports"]:
        card = score_file(record["report"]["path"])
        got = {f["id"]: f for f in record["indicators"]}
        assert list(got) == [v.indicator.id for v in card.indicators]
        for v in card.indicators:
            assert (got[v.indicator.id]["status"], got[v.indicator.id]["value"]) == (v.status, v.value)


def test_html_figures_table_parses_to_the_stated_figures(tmp_path, card):
    import lxml.html

    out = tmp_path / "r.html"
    assert run("score", str(EXAMPLE), "-q", "--html", str(out)).exit_code == 0
    page = lxml.html.fromstring(out.read_bytes())
    heading = next(h for h in page.iter("h2") if h.text_content().strip() == "主要数据")
    table = next(heading.itersiblings("table"))
    cells = [[td.text_content().strip() for td in tr.findall("td")] for tr in table.iter("tr")]
    body = [c for c in cells if c]
    stated = [v for v in card.indicators if v.status != "not_found"]
    assert [r[0] for r in body] == [v.indicator.id for v in stated]
    for r, v in zip(body, stated):
        assert r[2] == ("约" if v.approx else "") + number_text(v.value)
        assert r[4] == f"第{v.line}行·{v.role.label}"


def test_indicator_records_for_a_results_database(card):
    from wuchuan_check.render.indicators import RECORD_FIELDS, indicator_records

    rows = indicator_records(card.indicators)
    assert [r["indicator_id"] for r in rows] == [v.indicator.id for v in card.indicators]
    for r, v in zip(rows, card.indicators):
        assert tuple(r) == RECORD_FIELDS
        assert all(x is None or isinstance(x, (str, int, float, bool)) for x in r.values())  # storable as is
        assert r["value"] == v.value and r["status"] == v.status
        if v.status == "not_found":
            assert r["value"] is None and r["reason"]
        else:
            assert r["text"] in report_lines()[r["line"] - 1]
    summed = next(r for r in rows if r["parts"])  # e.g. 纠错 from 撤销、确认违法、责令履行
    assert summed["reason"] and "、" in summed["parts"]
