"""Reviewer decisions (--review): read back from the gap list the tool wrote, applied on top of the
machine's statuses, shown both ways in every output, kept across re-runs, and bad files refused."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wuchuan_check.cli import app
from wuchuan_check.render.export import CSV_COLUMNS
from wuchuan_check.scoring.review import REVIEW_COLUMNS

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "county-annual-2019.txt"
VERDICT = CSV_COLUMNS.index("复核结论")


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def read_csv(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)


def fill(row: list[str], verdict: str, note: str = "", owner: str = "", action: str = "", deadline: str = "") -> None:
    row[VERDICT:VERDICT + len(REVIEW_COLUMNS)] = [verdict, note, owner, action, deadline]


@pytest.fixture(scope="module")
def machine(tmp_path_factory):
    """The machine's run: the gap list CSV and the JSON."""
    out = tmp_path_factory.mktemp("machine")
    proc = run("score", str(EXAMPLE), "-q", "--csv", str(out / "gaps.csv"), "--json", str(out / "machine.json"))
    assert proc.exit_code == 0, proc.stderr
    return out, read_csv(out / "gaps.csv"), json.loads((out / "machine.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reviewed(machine, tmp_path_factory):
    """Two rows filled in: a missing item overridden to 已完成 with a reason, another confirmed with its
    department; then every output written with --review."""
    _, rows, data = machine
    out = tmp_path_factory.mktemp("reviewed")
    header, body = rows[0], [list(r) for r in rows[1:]]  # the machine's rows stay as written
    ids = [r[header.index("支项编号")] for r in body]
    statuses = [r[header.index("状态")] for r in body]
    over = ids[statuses.index("未体现")]
    conf = next(i for i, s in zip(ids, statuses) if i != over)
    fill(body[ids.index(over)], "已完成", "见档案 2019-03 号", "县政务服务局", "补报材料", "2020年6月")
    fill(body[ids.index(conf)], "确认", owner="县司法局")
    review = out / "review.csv"
    write_csv(review, [header, *body])
    outs = {k: out / f"out.{k}" for k in ("csv", "json", "xlsx", "html", "docx")}
    proc = run("score", str(EXAMPLE), "--review", str(review), *(a for k, p in outs.items() for a in (f"--{k}", str(p))))
    assert proc.exit_code == 0, proc.stderr
    return proc, outs, over, conf, data, review


def rates(statuses: list[str]) -> tuple[int, int, int, float, float]:
    c = Counter(statuses)
    total, done, na = len(statuses), c["done"], c["na"]
    return total, done, na, (done + na) / total, done / (total - na)


def test_rates_after_review_are_the_machine_statuses_with_the_override_applied(reviewed):
    proc, outs, over, conf, data, _ = reviewed
    machine = {i["id"]: i["status"] for i in data["items"]}
    assert machine[over] == "missing"
    after = dict(machine, **{over: "done"})
    total, done, na, with_na, applicable = rates(list(after.values()))
    _, m_done, _, m_with_na, m_applicable = rates(list(machine.values()))
    assert done == m_done + 1
    # Terminal: both headlines, each with its formula and figures.
    assert f"完成率(适用项) = 已完成/(总数-不涉及) = {m_done}/{total - na} = {m_applicable * 100:.1f}%" in proc.stdout
    assert f"复核后完成率(适用项) = 已完成/(总数-不涉及) = {done}/{total - na} = {applicable * 100:.1f}%" in proc.stdout
    assert f"复核后完成率(含不涉及项) = (已完成+不涉及)/总数 = ({done}+{na})/{total} = {with_na * 100:.1f}%" in proc.stdout
    assert "确认 1 项,改判 1 项" in proc.stdout
    # JSON: the machine's summary unchanged, the review block beside it.
    out = json.loads(outs["json"].read_text(encoding="utf-8"))
    assert out["summary"] == data["summary"], "the machine's figures are not touched by the review"
    assert out["review"]["summary"]["done"] == done
    assert out["review"]["summary"]["rate_applicable"] == pytest.approx(applicable, abs=1e-4)
    assert out["review"]["summary"]["rate_with_na"] == pytest.approx(with_na, abs=1e-4)
    by_id = {i["id"]: i for i in out["review"]["items"]}
    assert by_id[over]["machine_status"] == "missing" and by_id[over]["reviewed_status"] == "done"
    assert by_id[over]["state"] == "改判" and by_id[over]["note"] == "见档案 2019-03 号"
    assert by_id[conf]["state"] == "确认" and by_id[conf]["reviewed_status"] == by_id[conf]["machine_status"]
    assert len(by_id) == 2


def test_every_output_shows_both_views(reviewed):
    _, outs, over, conf, _, _ = reviewed
    rows = read_csv(outs["csv"])
    header = rows[0]
    row = next(r for r in rows if r[header.index("支项编号")] == over)
    assert row[header.index("状态")] == "未体现" and row[header.index("复核后状态")] == "已完成"

    from openpyxl import load_workbook

    wb = load_workbook(outs["xlsx"])
    text = "\n".join(str(c.value) for r in wb["总体情况"].iter_rows() for c in r if c.value is not None)
    assert "复核后完成率(适用项) = 已完成/(总数-不涉及)" in text and "完成率(适用项) = 已完成/(总数-不涉及)" in text
    gap = [[c.value for c in r] for r in wb["差距清单"].iter_rows()]
    xrow = next(r for r in gap if r[gap[0].index("支项编号")] == over)
    assert xrow[gap[0].index("状态")] == "未体现" and xrow[gap[0].index("复核后状态")] == "已完成"

    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.text: list[str] = []

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    parser = Cells()
    parser.feed(outs["html"].read_text(encoding="utf-8"))
    page = "".join(parser.text)
    assert "人工复核" in page and "复核后完成率(适用项)" in page and f"{over}未体现已完成改判" in page

    from docx import Document

    doc = Document(str(outs["docx"]))
    paras = "\n".join(p.text for p in doc.paragraphs)
    assert "复核后完成率(适用项)" in paras and "完成率(适用项) = " in paras
    ledger = doc.tables[-1]
    head = [c.text for c in ledger.rows[0].cells]
    lrow = next(r for r in ledger.rows if r.cells[head.index("支项")].text == over)
    assert lrow.cells[head.index("责任单位")].text == "县政务服务局"
    assert lrow.cells[head.index("完成时限")].text == "2020年6月"
    assert "复核:已完成(改判)" in lrow.cells[head.index("现状与证据")].text


def test_the_next_export_writes_the_decisions_back_and_reads_them_again(reviewed, tmp_path):
    _, outs, over, conf, _, review = reviewed
    rows = read_csv(outs["csv"])
    header = rows[0]
    by_id = {r[header.index("支项编号")]: r for r in rows[1:]}
    assert by_id[over][VERDICT:VERDICT + 5] == ["已完成", "见档案 2019-03 号", "县政务服务局", "补报材料", "2020年6月"]
    assert by_id[conf][VERDICT:VERDICT + 5] == ["确认", "", "县司法局", "", ""]
    assert over in by_id, "an item the reviewer marked done stays in the gap list so nothing they wrote is lost"
    again = tmp_path / "again.json"
    proc = run("score", str(EXAMPLE), "-q", "--review", str(outs["csv"]), "--json", str(again))
    assert proc.exit_code == 0, proc.stderr
    first = json.loads(outs["json"].read_text(encoding="utf-8"))["review"]
    second = json.loads(again.read_text(encoding="utf-8"))["review"]
    assert {k: v for k, v in second.items() if k != "source"} == {k: v for k, v in first.items() if k != "source"}


def test_decisions_survive_a_revised_report(reviewed, tmp_path):
    """The report revised (a paragraph added), the review file from the first run: matched by id."""
    _, _, over, conf, _, review = reviewed
    revised = tmp_path / "revised.txt"
    revised.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n五、其他\n全面推行证明事项告知承诺制。\n", encoding="utf-8")
    out = tmp_path / "r.json"
    proc = run("score", str(revised), "-q", "--review", str(review), "--json", str(out))
    assert proc.exit_code == 0, proc.stderr
    items = {i["id"]: i for i in json.loads(out.read_text(encoding="utf-8"))["review"]["items"]}
    assert items[over]["reviewed_status"] == "done" and items[conf]["state"] == "确认"


def test_a_decision_for_an_item_the_checklist_no_longer_has_is_reported_in_one_line(tmp_path):
    review = tmp_path / "review.yaml"
    review.write_text("decisions:\n  M01.2: {结论: 已完成, 说明: 见附件}\n  M45.1: 确认\n  M46.2: 确认\n", encoding="utf-8")
    out = tmp_path / "r.json"
    proc = run("score", str(EXAMPLE), "-q", "--review", str(review), "--json", str(out))
    assert proc.exit_code == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "本清单中没有" in line]
    assert len(lines) == 1 and "M45.1" in lines[0] and "M46.2" in lines[0]
    data = json.loads(out.read_text(encoding="utf-8"))["review"]
    assert data["orphans"] == ["M45.1", "M46.2"] and data["overridden"] + data["confirmed"] == 1


def test_a_yaml_review_file_is_applied(tmp_path, machine):
    _, _, data = machine
    done = next(i["id"] for i in data["items"] if i["status"] == "done")
    review = tmp_path / "review.yaml"
    review.write_text(f"decisions:\n  {done}: {{结论: 未完成, 说明: 只有计划没有落实, 责任单位: 县法制办}}\n", encoding="utf-8")
    out = tmp_path / "r.json"
    proc = run("score", str(EXAMPLE), "-q", "--review", str(review), "--json", str(out))
    assert proc.exit_code == 0, proc.stderr
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["review"]["summary"]["done"] == got["summary"]["done"] - 1
    assert got["review"]["items"][0]["reviewed_status"] == "missing"


def test_an_xlsx_filled_in_excel_is_read_back(tmp_path, machine):
    from openpyxl import load_workbook

    xlsx = tmp_path / "r.xlsx"
    assert run("score", str(EXAMPLE), "-q", "--xlsx", str(xlsx)).exit_code == 0
    wb = load_workbook(xlsx)
    ws = wb["差距清单"]
    head = [c.value for c in ws[1]]
    item = ws.cell(2, head.index("支项编号") + 1).value
    ws.cell(2, head.index("复核结论") + 1, "不涉及")
    ws.cell(2, head.index("复核说明") + 1, "本县无此类事项")
    wb.save(xlsx)
    out = tmp_path / "r.json"
    proc = run("score", str(EXAMPLE), "-q", "--review", str(xlsx), "--json", str(out))
    assert proc.exit_code == 0, proc.stderr
    got = json.loads(out.read_text(encoding="utf-8"))["review"]
    assert got["items"][0]["id"] == item and got["items"][0]["reviewed_status"] == "na"
    assert got["summary"]["na"] == json.loads(out.read_text(encoding="utf-8"))["summary"]["na"] + 1


def test_a_csv_saved_by_excel_as_gbk_is_read(tmp_path, machine):
    _, rows, _ = machine
    rows = [list(r) for r in rows]
    fill(rows[1], "确认", owner="县司法局")
    review = tmp_path / "gbk.csv"
    write_csv(review, rows, encoding="gb18030")
    proc = run("score", str(EXAMPLE), "--summary", "--review", str(review))
    assert proc.exit_code == 0, proc.stderr
    assert "确认 1 项,改判 0 项" in proc.stdout


def test_a_machine_status_changed_since_the_review_is_pointed_out(tmp_path, machine):
    _, rows, _ = machine
    rows = [list(r) for r in rows]
    header = rows[0]
    rows[1][header.index("状态")] = "已完成"  # as if the machine had said so when the file was written
    fill(rows[1], "确认")
    review = tmp_path / "review.csv"
    write_csv(review, rows)
    proc = run("score", str(EXAMPLE), "-q", "--review", str(review))
    assert proc.exit_code == 0, proc.stderr
    assert "机器判定自复核以来有变化" in proc.stderr and rows[1][header.index("支项编号")] in proc.stderr


# --- bad review files -----------------------------------------------------------------------------


def bad(tmp_path: Path, machine, edits: dict[int, tuple[str, ...]], name: str = "review.csv") -> tuple[int, list[str], Path]:
    _, rows, _ = machine
    rows = [list(r) for r in rows]
    for index, values in edits.items():
        fill(rows[index], *values)
    review = tmp_path / name
    write_csv(review, rows)
    proc = run("score", str(EXAMPLE), "-q", "--review", str(review))
    return proc.exit_code, [line for line in proc.stderr.splitlines() if "UserWarning" not in line and "shipped" not in line], review


def test_bad_values_one_line_each_naming_file_and_row(tmp_path, machine):
    code, lines, review = bad(tmp_path, machine, {1: ("做完了",), 3: ("已完成",), 4: ("确认",)})
    assert code == 2
    assert len(lines) == 2, lines
    assert f"{review}:第2行" in lines[0] and "做完了" in lines[0]
    assert f"{review}:第4行" in lines[1] and "理由" in lines[1], "an override without a reason"
    assert not any("Traceback" in line for line in lines)


def test_bad_item_ids_and_duplicates(tmp_path, machine):
    _, rows, _ = machine
    rows = [list(r) for r in rows]
    sid = rows[0].index("支项编号")
    rows[1][sid] = "M21-4"
    fill(rows[1], "确认")
    rows[2][sid] = rows[3][sid]
    fill(rows[2], "确认")
    fill(rows[3], "确认")
    review = tmp_path / "ids.csv"
    write_csv(review, rows)
    proc = run("score", str(EXAMPLE), "-q", "--review", str(review))
    assert proc.exit_code == 2
    lines = [line for line in proc.stderr.splitlines() if str(review) in line]
    assert len(lines) == 2 and "M21-4" in lines[0] and "重复" in lines[1]


@pytest.mark.parametrize("name, content", [
    ("report.csv", "标题,正文\n甲,乙\n"),
    ("notes.txt", "M01.2 已完成\n"),
    ("review.yaml", "items:\n  M01.2: 确认\n"),
    ("broken.xlsx", "not a workbook"),
])
def test_a_file_that_is_not_a_review_file(tmp_path, name, content):
    review = tmp_path / name
    review.write_text(content, encoding="utf-8")
    proc = run("score", str(EXAMPLE), "-q", "--review", str(review))
    assert proc.exit_code == 2
    lines = [line for line in proc.stderr.splitlines() if "复核文件" in line]
    assert len(lines) == 1 and str(review) in lines[0]
    assert "Traceback" not in proc.stderr


def test_yaml_problems_name_the_line(tmp_path):
    review = tmp_path / "review.yaml"
    review.write_text("decisions:\n  M01.2: {结论: 已完成, 说明: 见附件, 理由: x}\n  M01.3: 大概\n", encoding="utf-8")
    proc = run("score", str(EXAMPLE), "-q", "--review", str(review))
    assert proc.exit_code == 2
    lines = [line for line in proc.stderr.splitlines() if str(review) in line]
    assert len(lines) == 2 and "第2行" in lines[0] and "理由" in lines[0] and "第3行" in lines[1]


def test_the_review_file_is_never_written_over(tmp_path, machine):
    out, _, _ = machine
    review = tmp_path / "r.csv"
    review.write_bytes((out / "gaps.csv").read_bytes())
    proc = run("score", str(EXAMPLE), "-q", "--review", str(review), "--csv", str(review))
    assert proc.exit_code == 2 and review.read_bytes() == (out / "gaps.csv").read_bytes()
