"""`score --docx`: the Word document read back with python-docx."""

from __future__ import annotations

import shutil

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from typer.testing import CliRunner

from wuchuan_check.api import score_file
from wuchuan_check.cli import app
from wuchuan_check.render.common import pct
from wuchuan_check.render.docx import LEDGER_COLUMNS, document_title, write_docx

NAME = "county-annual-2019.txt"


@pytest.fixture(scope="module")
def card(examples_dir):
    return score_file(examples_dir / NAME, "2015-2020")


@pytest.fixture(scope="module")
def doc(card, tmp_path_factory):
    path = tmp_path_factory.mktemp("d") / "自查.docx"
    write_docx(card, path)
    return Document(str(path))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_title_metadata_and_both_rates_with_formulas(doc, card):
    paras = [p.text for p in doc.paragraphs if p.text]
    assert paras[0] == document_title(card) and "岚溪县人民政府" in paras[0]
    text = _text(doc)
    t = card.tally
    assert f"完成率(含不涉及项) = (已完成+不涉及)/总数 = ({t.done}+{t.na})/{t.total} = {pct(t.rate_with_na)}" in text
    assert f"完成率(适用项) = 已完成/(总数-不涉及) = {t.done}/{t.applicable} = {pct(t.rate_applicable)}" in text
    assert f"纲要:{card.checklist.title}" in text and "发文单位:岚溪县人民政府" in text


def test_area_and_measure_tables(doc, card):
    areas, measures = doc.tables[0], doc.tables[1]
    assert len(areas.rows) == len(card.areas) + 2  # header, areas, 合计
    assert areas.rows[-1].cells[0].text == "合计" and areas.rows[-1].cells[2].text == str(card.tally.done)
    assert [r.cells[0].text.split()[0] for r in measures.rows[1:]] == [m.id for m in card.measures]


def _table_with_header(doc, first: str):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first)


def test_key_figures_table_lists_each_stated_figure_with_its_line(doc, card):
    figures = _table_with_header(doc, "编号")
    stated = [v for v in card.indicators if v.status != "not_found"]
    assert stated and [r.cells[0].text for r in figures.rows[1:]] == [v.indicator.id for v in stated]
    first = next(v for v in stated if v.status == "found")
    row = next(r for r in figures.rows[1:] if r.cells[0].text == first.indicator.id)
    assert f"第{first.line}行" in row.cells[4].text and str(first.value) in row.cells[2].text
    assert "主要数据" in _text(doc)


def test_ledger_has_the_columns_and_one_row_per_gap(doc, card):
    ledger = _table_with_header(doc, LEDGER_COLUMNS[0])
    assert [c.text for c in ledger.rows[0].cells] == LEDGER_COLUMNS
    gaps = card.gaps()
    rows = ledger.rows[1:]
    assert len(rows) == len(gaps)
    assert [r.cells[3].text for r in rows] == [g.id for g in gaps]
    assert [r.cells[0].text for r in rows] == [str(n) for n in range(1, len(gaps) + 1)]
    with_evidence = next(g for g in gaps if g.best is not None)
    row = rows[gaps.index(with_evidence)]
    assert row.cells[5].text.startswith(with_evidence.status.label)
    assert with_evidence.best.text in row.cells[5].text and f"第{with_evidence.best.line}行" in row.cells[5].text
    assert all(r.cells[i].text == "" for r in rows for i in (6, 7, 8)), "left for the departments to fill"
    assert "w:tblHeader" in ledger.rows[0]._tr.xml and "w:tblHeader" not in rows[0]._tr.xml, "header repeats on each page"


def test_a4_portrait_then_landscape_ledger_with_page_numbers(doc):
    first, ledger = doc.sections[0], doc.sections[-1]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert ledger.orientation == WD_ORIENT.LANDSCAPE and round(ledger.page_width.mm) == 297
    footer_xml = first.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    rfonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_score_docx_from_the_command_line(examples_dir, tmp_path):
    out = tmp_path / "台账.docx"
    result = CliRunner().invoke(app, ["score", str(examples_dir / NAME), "--docx", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "整改台账" in _text(Document(str(out)))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temp file left behind"


def test_docx_onto_the_input_is_refused(examples_dir, tmp_path):
    report = tmp_path / "报告.txt"
    shutil.copy(examples_dir / NAME, report)
    before = report.read_bytes()
    result = CliRunner().invoke(app, ["score", str(report), "--docx", str(report)])
    assert result.exit_code == 2
    assert "输入文件" in result.stderr and str(report) in result.stderr
    assert report.read_bytes() == before


def test_ledger_column_widths_are_in_the_table_grid(doc):
    """LibreOffice and WPS lay a table out by its w:tblGrid, not by cell widths: without the grid
    the nine ledger columns print equally narrow (the evidence column squeezed)."""
    from docx.shared import Mm

    from wuchuan_check.render.docx import LEDGER_WIDTHS

    ledger = _table_with_header(doc, LEDGER_COLUMNS[0])
    grid = [int(g.get(qn("w:w"))) for g in ledger._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [round(Mm(w).twips) for w in LEDGER_WIDTHS]
