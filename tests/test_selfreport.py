"""The report's own tally and rate (selfreport.py): sentences written for these tests, and the
Wuchuan self-check (seed 000) read at run time, its 87.5% shown beside the tool's figure."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wuchuan_check.api import score_file
from wuchuan_check.cli import app
from wuchuan_check.render.common import headline
from wuchuan_check.render.export import scorecard_dict
from wuchuan_check.scoring.scorecard import Tally
from wuchuan_check.scoring.selfreport import comparison_lines, declared_in, reasons


def test_full_tally_with_rate_counting_na_as_done():
    d = declared_in("对照纲要梳理出的200项任务中,已完成160项,不涉及20项,尚未完成20项,完成率90%。", 7)
    assert (d.total, d.done, d.na, d.open, d.rate, d.line) == (200, 160, 20, 20, 0.9, 7)
    assert d.convention == "with_na" and d.done_word == "已完成"


def test_rate_over_applicable_tasks_and_over_all_tasks():
    applicable = declared_in("共列出任务50项,完成或基本完成36项,不涉及10项,完成率90%")
    assert applicable.convention == "applicable"  # 36 / (50 − 10)
    plain = declared_in("全部80项重点任务中完成了60项,完成率75%")
    assert (plain.total, plain.done, plain.convention) == (80, 60, "plain")


def test_tally_without_rate_gives_the_rate_its_numbers_imply():
    d = declared_in("年初确定的40项工作任务,目前完成30项,不涉及2项。")
    assert d.rate is None and d.shown_rate == pytest.approx(32 / 40) and d.convention == "with_na"


def test_open_count_in_the_next_sentence_is_read():
    d = declared_in("自查的60项任务要求中,完成或基本完成50项,完成率83.3%。", 3, "未完成10项已列入整改清单。")
    assert d.open == 10 and d.done == 50 and d.convention == "plain"


def test_a_rate_of_other_work_is_not_the_reports_own():
    assert declared_in("受理申请800件,办结760件,办结率95%。") is None
    assert declared_in("认领监管事项300项,编制清单270项,完成率90%;") is None, "no 完成…项 count, no tasks"
    assert declared_in("清理规范性文件完成12项。") is None, "work done, not a tally"
    assert declared_in("有8项任务未完成,完成率仍需提高。") is None


def test_rate_alone_in_a_sentence_about_tasks():
    d = declared_in("本年度法治政府建设重点任务完成率达到100%。")
    assert d.rate == 1.0 and d.total is None and d.convention is None


def test_reasons_name_denominator_na_rule_and_evidence():
    d = declared_in("共100项任务,完成或基本完成80项,不涉及10项,完成率90%")
    t = Tally(done=20, partial=30, missing=40, na=10)
    why = reasons(d, t)
    assert "100项" in why[0] and "100个支项" in why[0] and why[0].startswith("分母相同")
    assert "(已完成+不涉及)/总数" in why[1] and "完成率(含不涉及项)" in why[1]
    assert "待完善30项" in why[2]
    lines = comparison_lines(d, t)
    assert lines[0].startswith("报告自述:共100项,完成或基本完成80项,不涉及10项") and "完成率90.0%" in lines[0]
    assert "本工具完成率(含不涉及项) 30.0%,报告自述 90.0%" in lines[1]


def test_wuchuan_self_check_shows_its_own_rate_beside_the_tools(seed, tmp_path):
    card = score_file(seed("000"), "2015-2020")
    d = card.self_declared
    assert (d.total, d.done, d.na, d.open, d.rate) == (144, 115, 11, 18, 0.875)
    assert d.convention == "with_na", "(115 + 11) / 144 = 87.5%"
    text = headline(card)
    assert "报告自述:共144项,完成或基本完成115项,不涉及11项,未完成18项,完成率87.5%" in text
    t = card.tally
    assert f"本工具完成率(含不涉及项) {t.rate_with_na * 100:.1f}%,报告自述 87.5%" in text
    own = scorecard_dict(card)["self_declared"]
    assert own["rate"] == 0.875 and own["tool_rate"] == round(t.rate_with_na, 4) and len(own["reasons"]) == 3
    out = tmp_path / "w.json"
    proc = CliRunner().invoke(app, ["score", str(seed("000")), "--json", str(out), "--summary"])
    assert proc.exit_code == 0 and "完成率87.5%" in proc.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["self_declared"]["total"] == 144


def test_report_without_a_tally_says_nothing(examples_dir):
    card = score_file(examples_dir / "township-2020.txt", "2015-2020")
    assert card.self_declared is None and "报告自述" not in headline(card)
    assert scorecard_dict(card)["self_declared"] is None


def test_wuchuan_figures_in_the_workbook_page_and_word_report(seed, tmp_path):
    import docx
    import openpyxl

    from wuchuan_check.render.docx import write_docx
    from wuchuan_check.render.html import scorecard_html
    from wuchuan_check.render.xlsx import save_workbook, scorecard_workbook

    card = score_file(seed("000"), "2015-2020")
    path = tmp_path / "w.xlsx"
    save_workbook(scorecard_workbook(card), path)
    rows = {r[0].value: r[1] for r in openpyxl.load_workbook(path)["总体情况"].iter_rows() if r[0].value}
    assert rows["报告自述总数"].value == 144 and rows["报告自述完成或基本完成"].value == 115
    assert rows["报告自述完成率"].value == pytest.approx(0.875) and rows["报告自述完成率"].number_format == "0.0%"
    html = scorecard_html(card)
    assert 'data-figure="self_declared_rate"><span class="num">87.5%</span>' in html
    assert "差异原因" in html and "分母不同" in html
    write_docx(card, tmp_path / "w.docx")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "w.docx")).paragraphs)
    assert "完成率87.5%" in text and "分母不同:报告按自列的144项计" in text


def test_reasons_for_a_bare_rate_and_for_a_tally_without_na():
    t = Tally(done=20, partial=30, missing=40, na=10)
    bare = reasons(declared_in("今年法治政府建设任务完成率95%。"), t)
    assert bare[0].startswith("分母:报告未说明") and "只写了完成率" in bare[1]
    no_na = reasons(declared_in("共30项任务,已完成27项,完成率90%"), t)
    assert no_na[1] == "不涉及项:报告未列不涉及项,即已完成/总数;本工具有不涉及10项"
