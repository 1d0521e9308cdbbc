"""A Word document (python-docx) for one scorecard (`score --docx`): the 自查(评估)情况 with the
headline, the area and measure tables, and the gap list as a 整改台账 the departments fill in.

Laid out after the conventions of Chinese official documents (GB/T 9704): A4, margins 37/35/28/26 mm,
title in a 小标宋/黑体 face at 二号 (22 pt), headings in 黑体 三号, body in 仿宋 三号 (16 pt), page
numbers "— N —" in the footer. Word has no per-run font fallback list, so each east-Asian face is
named in w:eastAsia and given w:altName fallbacks in the font table (方正小标宋简体 → 黑体,
仿宋_GB2312 → 仿宋): a machine without the GB2312 fonts shows the common ones instead of a substitute
of Word's choosing. The ledger is a landscape section so its nine columns stay readable.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from wuchuan_check import __version__
from wuchuan_check.checklist.model import Checklist
from wuchuan_check.labels import AREA, FORMULA_APPLICABLE, FORMULA_WITH_NA, RATE_APPLICABLE, RATE_WITH_NA, area_label
from wuchuan_check.render.atomic import write_bytes
from wuchuan_check.render.common import RANKING_COLUMNS, headline, pct, ranking_row, report_line, tally_cells
from wuchuan_check.render.export import location
from wuchuan_check.render.indicators import DISPLAY_COLUMNS, display_rows, missing_line
from wuchuan_check.render.review import listed_items, review_headline
from wuchuan_check.runs.batch import BatchResult, ReportSummary
from wuchuan_check.scoring.review import Review
from wuchuan_check.scoring.scorecard import ItemResult, Scorecard, Status

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
# Faces Word uses when the named one is not installed (w:altName in the font table).
FALLBACKS = {TITLE_FONT: "黑体", BODY_FONT: "仿宋"}
LATIN_FONT = "Times New Roman"

SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_TABLE = Pt(12)  # 小四
SIZE_LEDGER = Pt(10.5)  # 五号
SIZE_FOOTER = Pt(14)  # 四号

LEDGER_COLUMNS = ["序号", AREA, "分项", "支项", "要求", "现状与证据", "责任单位", "整改措施", "完成时限"]
# Column widths in mm on landscape A4 (297 − 28 − 26 = 243 mm of text width).
LEDGER_WIDTHS = [10, 26, 30, 15, 45, 60, 20, 25, 12]
AREA_COLUMNS = [AREA, "支项", "已完成", "待完善", "未体现", "不涉及", RATE_APPLICABLE]
MEASURE_COLUMNS = ["分项", "状态", "已完成/适用支项", "得分"]


def _set_font(target: object, face: str, size: Pt | None = None, bold: bool | None = None) -> None:
    """Name `face` for east-Asian text and Times New Roman for Latin text and digits."""
    font = target.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    rpr = target.element.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), face)


def _font_table_fallbacks(doc: DocxDocument) -> None:
    """Declare each face with its fallback (w:altName) in word/fontTable.xml."""
    part = next((r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")), None)
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for face, alt in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), face)
        alt_el = etree.SubElement(font, qn("w:altName"))
        alt_el.set(qn("w:val"), alt)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_setup(section: object, landscape: bool = False) -> None:
    s = section
    short, long = Mm(210), Mm(297)
    s.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    s.page_width, s.page_height = (long, short) if landscape else (short, long)  # type: ignore[attr-defined]
    s.top_margin, s.bottom_margin = (Mm(28), Mm(26)) if landscape else (Mm(37), Mm(35))  # type: ignore[attr-defined]
    s.left_margin, s.right_margin = (Mm(28), Mm(26))  # type: ignore[attr-defined]


def _page_number_footer(section: object) -> None:
    """"— N —" centred, N from a PAGE field so Word and WPS number the pages themselves."""
    p = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(p.add_run("— "), "宋体", SIZE_FOOTER)
    run = p.add_run()
    _set_font(run, "宋体", SIZE_FOOTER)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    _set_font(p.add_run(" —"), "宋体", SIZE_FOOTER)


def _para(doc: DocxDocument, text: str, face: str = BODY_FONT, size: Pt = SIZE_BODY, bold: bool = False,
          align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = True) -> Paragraph:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size.pt * 2)  # two characters, as official text is set
    p.paragraph_format.line_spacing = Pt(28) if size == SIZE_BODY else None  # fixed 28 pt: 22 lines a page
    _set_font(p.add_run(text), face, size, bold)
    return p


def _heading(doc: DocxDocument, text: str) -> Paragraph:
    return _para(doc, text, HEADING_FONT, SIZE_BODY)


def _repeat_header(table: Table) -> None:
    """The header row repeats on every page the table spans."""
    trpr = table.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc: DocxDocument, columns: Sequence[str], rows: Sequence[Sequence[str]], size: Pt,
           widths: Sequence[int] | None = None) -> Table:
    table = doc.add_table(rows=1, cols=len(columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns):
        _cell_text(cell, text, size, HEADING_FONT, bold=False)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            _cell_text(cell, text, size, BODY_FONT)
    if widths is not None:
        table.autofit = False
        for column, w in zip(table.columns, widths):  # w:gridCol: LibreOffice and WPS lay out by it
            column.width = Mm(w)
        for row in table.rows:
            for cell, w in zip(row.cells, widths):
                cell.width = Mm(w)
    _repeat_header(table)
    return table


def _cell_text(cell: object, text: str, size: Pt, face: str, bold: bool = False) -> None:
    lines = text.split("\n")
    p = cell.paragraphs[0]  # type: ignore[attr-defined]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()  # type: ignore[attr-defined]
        _set_font(p.add_run(line), face, size, bold)


def status_and_evidence(it: ItemResult) -> str:
    """现状与证据: the status and why, then the best sentence and where it stands."""
    best = it.best
    text = f"{it.status.label}:{it.reason}"
    if best is not None:
        text += f"\n证据:{best.text}({location(best)})"
    return text


def ledger_rows(card: Scorecard, review: Review | None = None) -> list[list[str]]:
    """One row per gap item in checklist order; the departments' three columns are left empty, or
    carry what the review file says (with the reviewer's conclusion under the machine's)."""
    rows = []
    for n, it in enumerate(listed_items(card, review, only_gaps=True), 1):
        r = review.of(it.id) if review is not None else None
        d = r.decision if r is not None else None
        state = status_and_evidence(it)
        if r is not None and d is not None and d.verdict is not None:
            state += f"\n复核:{r.label}({r.state}){'。' + d.note if d.note else ''}"
        rows.append([str(n), area_label(it.ref.area), f"{it.ref.measure.id} {it.ref.measure.title}", it.id,
                     it.ref.item.text, state, d.owner if d else "", d.action if d else "", d.deadline if d else ""])
    return rows


def document_title(card: Scorecard) -> str:
    issuer = card.report.meta.issuer or ""
    return f"{issuer}法治政府建设自查(评估)情况".strip()


def scorecard_document(card: Scorecard, review: Review | None = None) -> DocxDocument:
    doc = Document()
    _font_table_fallbacks(doc)
    normal = doc.styles["Normal"]
    _set_font(normal, BODY_FONT, SIZE_BODY)
    first = doc.sections[0]
    _page_setup(first)
    _page_number_footer(first)

    _para(doc, document_title(card), TITLE_FONT, SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, f"对照《{card.checklist.title}》逐项评估", BODY_FONT, SIZE_BODY, align=WD_ALIGN_PARAGRAPH.CENTER,
          indent=False)
    _heading(doc, "一、报告与纲要")
    for line in report_line(card).split("\n"):
        _para(doc, line)
    _heading(doc, "二、总体情况")
    for line in headline(card).split("\n"):
        _para(doc, line)
    for line in review_headline(review).split("\n") if review is not None else ():
        _para(doc, line)
    _heading(doc, "三、分大项情况(按支项计)")
    rows = [[area_label(a.area), str(a.tally.total), *tally_cells(a.tally)] for a in card.areas]
    rows.append(["合计", str(card.tally.total), *tally_cells(card.tally)])
    _table(doc, AREA_COLUMNS, rows, SIZE_TABLE, [52, 14, 16, 16, 16, 16, 24])
    _heading(doc, "四、分项情况")
    rows = [[f"{m.id} {m.measure.title}", m.status.measure_label, f"{m.tally.done}/{m.tally.applicable}",
             f"{m.score:.2f}"] for m in card.measures]
    _table(doc, MEASURE_COLUMNS, rows, SIZE_TABLE, [90, 24, 24, 16])
    figures = display_rows(card.indicators)
    if figures:
        _heading(doc, "五、主要数据")
        _table(doc, DISPLAY_COLUMNS, figures, SIZE_TABLE, [14, 48, 18, 12, 30, 32])
        if missing_line(card.indicators):
            _para(doc, missing_line(card.indicators), size=SIZE_TABLE, indent=False)

    ledger = doc.add_section(WD_SECTION.NEW_PAGE)  # the footer (page numbers) carries over
    _page_setup(ledger, landscape=True)
    t = card.tally
    number = "六" if figures else "五"
    _heading(doc, f"{number}、问题清单与整改台账(待完善 {t.partial} 项,未体现 {t.missing} 项)")
    _para(doc, "责任单位、整改措施、完成时限由各责任单位填写。", size=SIZE_TABLE, indent=False)
    gaps = ledger_rows(card, review)
    if gaps:
        _table(doc, LEDGER_COLUMNS, gaps, SIZE_LEDGER, LEDGER_WIDTHS)
    else:
        _para(doc, "无。")
    na = [i for i in card.items if i.status is Status.NA]
    if na:
        _para(doc, f"不涉及 {len(na)} 项:" + ";".join(f"{i.id}({i.reason})" for i in na), size=SIZE_TABLE,
              indent=False)
    return doc


def write_docx(card: Scorecard, path: str | Path, review: Review | None = None) -> None:
    """Serialise in memory, then write atomically (python-docx itself would write in place)."""
    buf = io.BytesIO()
    scorecard_document(card, review).save(buf)
    write_bytes(path, buf.getvalue())


# --- a batch (`batch --docx`) -------------------------------------------------------------------

# Measure statuses in three characters, so a landscape page holds 13 measures a table.
COMPACT_STATUS = {Status.DONE: "有举措", Status.PARTIAL: "仅提及", Status.MISSING: "未体现", Status.NA: "不涉及"}
MATRIX_CHUNK = 13  # measures per reports × measures table
SIZE_MATRIX = Pt(9)  # 小五
BATCH_TITLE = "法治政府建设报告批量评估汇总"


def ranking_cells(result: BatchResult) -> list[list[str]]:
    """The ranking (RANKING_COLUMNS) as text: rates as percentages."""
    return [[pct(c) if isinstance(c, float) or c is None else str(c) for c in ranking_row(i, r)]
            for i, r in enumerate(result.ranked(), 1)]


def mean_rate_lines(result: BatchResult) -> list[str]:
    """Both mean rates, each with how it is computed."""
    with_na, applicable = result.mean_rates()
    n = len(result.reports)
    return [f"平均{RATE_WITH_NA} = 各报告{RATE_WITH_NA}之和 / {n} = {pct(with_na)},"
            f"其中每份报告 {RATE_WITH_NA} = {FORMULA_WITH_NA}",
            f"平均{RATE_APPLICABLE} = 各报告{RATE_APPLICABLE}之和 / {n} = {pct(applicable)},"
            f"其中每份报告 {RATE_APPLICABLE} = {FORMULA_APPLICABLE}"]


def matrix_tables(checklist: Checklist, ranked: Sequence[ReportSummary]) -> list[tuple[list[str], list[list[str]]]]:
    """Reports (ranked) × measures, MATRIX_CHUNK measures a table: (header, rows) each."""
    ids = [m.id for _, m in checklist.measures()]
    out = []
    for start in range(0, len(ids), MATRIX_CHUNK):
        part = ids[start:start + MATRIX_CHUNK]
        rows = [[f"{n} {r.name}", *(COMPACT_STATUS[s] for s in r.statuses[start:start + MATRIX_CHUNK])]
                for n, r in enumerate(ranked, 1)]
        out.append((["报告", *part], rows))
    return out


def batch_document(result: BatchResult, command: str = "") -> DocxDocument:
    doc = Document()
    _font_table_fallbacks(doc)
    _set_font(doc.styles["Normal"], BODY_FONT, SIZE_BODY)
    first = doc.sections[0]
    _page_setup(first)
    _page_number_footer(first)
    _para(doc, BATCH_TITLE, TITLE_FONT, SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _heading(doc, "一、运行情况")
    outlines = "、".join(f"《{c.title}》{len(rs)} 份" for c, rs in result.groups())
    lines = [f"评分时间:{time.strftime('%Y-%m-%d %H:%M', time.localtime())}",
             f"工具版本:wuchuan-check {__version__}",
             f"已评分报告 {len(result.reports)} 份,失败文件 {len(result.failures)} 个",
             f"纲要:{outlines}"]
    if command:
        lines.append(f"命令:{command}")
    for line in lines:
        _para(doc, line)
    _heading(doc, "二、平均完成率")
    for line in mean_rate_lines(result):
        _para(doc, line)
    _para(doc, f"排名依据:{RATE_APPLICABLE},相同时按{RATE_WITH_NA}。", indent=True)
    ranking = doc.add_section(WD_SECTION.NEW_PAGE)  # wide tables on landscape pages
    _page_setup(ranking, landscape=True)
    _heading(doc, "三、排名")
    _table(doc, RANKING_COLUMNS, ranking_cells(result), SIZE_LEDGER, [12, 48, 40, 16, 22, 16, 16, 16, 16, 20, 20])
    _heading(doc, "四、报告×分项状态")
    legend = ";".join(f"{COMPACT_STATUS[s]}={s.measure_label}" if COMPACT_STATUS[s] != s.measure_label else COMPACT_STATUS[s]
                      for s in Status)
    _para(doc, f"每格为该报告该分项的状态({legend}),报告按排名顺序编号。", size=SIZE_TABLE, indent=False)
    several = len(result.groups()) > 1
    for checklist, ranked in result.groups():
        if several:
            _para(doc, f"《{checklist.title}》", HEADING_FONT, SIZE_TABLE, indent=False)
        for header, rows in matrix_tables(checklist, ranked):
            widths = [50, *([14] * (len(header) - 1))]  # 14 mm: three characters on one line
            _table(doc, header, rows, SIZE_MATRIX, widths)
            _para(doc, "", size=SIZE_MATRIX, indent=False)
    _heading(doc, "五、失败文件")
    if result.failures:
        _table(doc, ["序号", "文件", "原因"], [[str(i), f.path, f.message] for i, f in enumerate(result.failures, 1)],
               SIZE_LEDGER, [12, 90, 141])
    else:
        _para(doc, "无。")
    return doc


def write_batch_docx(result: BatchResult, path: str | Path, command: str = "") -> None:
    buf = io.BytesIO()
    batch_document(result, command).save(buf)
    write_bytes(path, buf.getvalue())
