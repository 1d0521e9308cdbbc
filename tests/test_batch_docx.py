"""`batch --docx`: the Word summary of a batch read back with python-docx."""

from __future__ import annotations

import shutil

import pytest
from clirun import run_cli
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from wuchuan_check.labels import FORMULA_APPLICABLE, FORMULA_WITH_NA, RATE_APPLICABLE
from wuchuan_check.render.common import RANKING_COLUMNS
from wuchuan_check.render.docx import BATCH_TITLE, COMPACT_STATUS, MATRIX_CHUNK

NAMES = ["county-annual-2019.txt", "county-selfcheck-2020.txt", "township-2020.txt"]


@pytest.fixture(scope="module")
def run(tmp_path_factory, examples_dir):
    root = tmp_path_factory.mktemp("bd")
    for name in NAMES:
        shutil.copy(examples_dir / name, root / name)
    (root / "坏文件.docx").write_bytes(b"this is not a zip archive" * 10)
    out = root / "汇总.docx"
    r = run_cli("batch", str(root), "--outline", "2015-2020", "-j", "2", "--docx", str(out),
                "--json", str(root / "b.json"))
    assert r.returncode == 0, r.stderr
    import json

    return Document(str(out)), json.loads((root / "b.json").read_text(encoding="utf-8"))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_title_metadata_and_mean_rates_with_formulas(run):
    doc, data = run
    assert next(p.text for p in doc.paragraphs if p.text) == BATCH_TITLE
    text = _text(doc)
    assert "已评分报告 3 份,失败文件 1 个" in text and "工具版本:wuchuan-check" in text
    rates = [r["summary"]["rate_applicable"] for r in data["reports"]]
    mean = sum(rates) / len(rates)
    assert f"平均{RATE_APPLICABLE} = 各报告{RATE_APPLICABLE}之和 / 3 = {mean * 100:.1f}%" in text
    assert FORMULA_APPLICABLE in text and FORMULA_WITH_NA in text


def test_ranking_table_in_rank_order(run):
    doc, data = run
    ranking = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == RANKING_COLUMNS)
    body = [[c.text for c in row.cells] for row in ranking.rows[1:]]
    assert [row[0] for row in body] == ["1", "2", "3"]
    best = max(data["reports"], key=lambda r: r["summary"]["rate_applicable"])
    assert body[0][1] == best["report"]["path"].rsplit("/", 1)[-1]
    assert body[0][-1] == f"{best['summary']['rate_applicable'] * 100:.1f}%"


def test_status_matrix_covers_every_measure_with_text_statuses(run):
    doc, data = run
    matrices = [t for t in doc.tables if t.rows[0].cells[0].text == "报告"]
    measure_ids = [c.text for t in matrices for c in t.rows[0].cells[1:]]
    report = data["reports"][0]
    assert measure_ids == [m["id"] for m in report["measures"]]
    assert all(len(t.columns) <= MATRIX_CHUNK + 1 for t in matrices)
    cells = {c.text for t in matrices for row in t.rows[1:] for c in row.cells[1:]}
    assert cells <= set(COMPACT_STATUS.values()) and len(cells) >= 3
    assert all(len(t.rows) == 4 for t in matrices)  # header + three reports


def test_failures_listed_a4_pages_and_page_numbers(run):
    doc, _ = run
    failures = doc.tables[-1]
    assert [c.text for c in failures.rows[0].cells] == ["序号", "文件", "原因"]
    assert "坏文件.docx" in failures.rows[1].cells[1].text
    first, wide = doc.sections[0], doc.sections[1]
    assert round(first.page_width.mm) == 210 and round(first.page_height.mm) == 297
    assert wide.orientation == WD_ORIENT.LANDSCAPE and round(wide.page_width.mm) == 297
    footer = first.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    fonts = {r.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for p in doc.paragraphs for r in p.runs
             if r.element.rPr is not None and r.element.rPr.find(qn("w:rFonts")) is not None}
    assert {"黑体", "仿宋_GB2312"} <= fonts
