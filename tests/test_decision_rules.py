"""Decision rules as documented: any achievement sentence meeting both thresholds makes an item
done; concreteness judged in the paragraph; headings as context; every weight in Settings; and
the explanation of each evidence sentence (JSON and `score --explain`)."""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict, replace

from typer.testing import CliRunner

from wuchuan_check.checklist.model import parse_checklist
from wuchuan_check.cli import app
from wuchuan_check.reading.document import Level, Role, Sentence
from wuchuan_check.reading.formats import parse_report_text
from wuchuan_check.render.export import scorecard_dict
from wuchuan_check.scoring.concreteness import paragraph_concreteness
from wuchuan_check.scoring.headings import HeadingMatch, section_matches
from wuchuan_check.scoring.matching import Evidence, ItemMatch
from wuchuan_check.scoring.scorecard import Status, build_scorecard, decide_item
from wuchuan_check.settings import DEFAULT_SETTINGS, Settings

MINI = textwrap.dedent(
    """\
    schema: wuchuan-check/checklist/v1
    outline: {id: mini, title: 迷你清单}
    areas:
      - id: A1
        title: 推进行政决策科学化、民主化、法治化
        measures:
          - id: M17
            title: 加强行政决策合法性审查
            items:
              - id: M17.1
                text: 推行政府法律顾问制度
                keywords: [法律顾问, 公职律师]
          - id: M21
            title: 完善行政执法程序
            items:
              - id: M21.1
                text: 推行执法全过程记录制度
                keywords: [执法全过程记录, 执法记录仪]
    """
)
CHECKLIST = parse_checklist(MINI, "mini.yaml")
REF = CHECKLIST.items[0]


def ev(text: str, score: float, conc: float, role: Role = Role.ACHIEVEMENT, line: int = 1, section: int = 0) -> Evidence:
    return Evidence(Sentence(text, line, section, role), score, conc, ("法律顾问",))


def test_any_achievement_sentence_meeting_both_thresholds_makes_the_item_done():
    # ranked first: a strong slogan (not concrete); further down: a concrete sentence meeting both
    slogan = ev("坚持发挥法律顾问作用。", 0.95, 0.3)
    concrete = ev("聘请2名法律顾问。", 0.62, 0.7, line=5)
    result = decide_item(ItemMatch(REF, (slogan, concrete)))
    assert result.status is Status.DONE and result.rule == "done"
    assert result.best is concrete
    # neither meets both: partial, and the strong slogan is the reason
    result = decide_item(ItemMatch(REF, (slogan, replace(concrete, score=0.5))))
    assert result.status is Status.PARTIAL and result.rule == "partial-vague"


def test_thresholds_come_from_settings():
    concrete = ev("聘请2名法律顾问。", 0.62, 0.7)
    strict = replace(DEFAULT_SETTINGS, done_score=0.7)
    assert decide_item(ItemMatch(REF, (concrete,)), settings=strict).status is Status.PARTIAL


def test_weak_evidence_under_a_heading_restating_the_measure_gets_the_heading_bonus():
    weak = ev("聘请2名法律顾问。", 0.55, 1.0, section=1)
    heads = (None, HeadingMatch("(一)加强合法性审查", None, (("M17", 90.0),)))
    with_heading = decide_item(ItemMatch(REF, (weak,)), headings=heads)
    assert with_heading.status is Status.DONE and "标题" in with_heading.reason
    assert decide_item(ItemMatch(REF, (weak,))).status is Status.PARTIAL
    no_bonus = replace(DEFAULT_SETTINGS, heading_bonus=0.0)
    assert decide_item(ItemMatch(REF, (weak,)), settings=no_bonus, headings=heads).status is Status.PARTIAL


def test_headings_are_matched_fuzzily_to_measure_titles():
    report = parse_report_text("一、主要工作\n(一)加强行政决策合法性审查工作\n聘请律师。\n(二)规范执法行为\n开展评查。\n", path="r.txt")
    matches = section_matches(report, CHECKLIST)
    by_heading = {s.heading: m for s, m in zip(report.sections, matches)}
    found = next(m for h, m in by_heading.items() if "合法性审查" in h)
    assert found is not None and found.measures[0][0] == "M17"
    assert all(m is None or "M17" not in dict(m.measures) for h, m in by_heading.items() if "执法" in h)


def test_a_system_rolled_out_in_a_paragraph_with_figures_is_concrete():
    s = DEFAULT_SETTINGS
    figures = Sentence("全年调整权责事项186项。", 3, 1, Role.ACHIEVEMENT)
    system = Sentence("同时在全县推行权责清单动态调整制度,运行权力运行监督平台,保证调整结果及时向社会公开接受监督。", 3, 1, Role.ACHIEVEMENT)
    alone = Sentence("同时在全县推行权责清单动态调整制度,运行权力运行监督平台,保证调整结果及时向社会公开接受监督。", 7, 2, Role.ACHIEVEMENT)
    out = paragraph_concreteness((figures, system, alone), s)
    assert out[0] == (s.conc_number, "number")
    assert out[1] == (s.conc_paragraph, "paragraph") and s.conc_paragraph >= s.done_concreteness
    assert out[2][1] != "paragraph" and out[2][0] < s.done_concreteness


ANNUAL = """\
青山县人民政府关于2019年度法治政府建设情况的报告
一、主要工作及成效
(一)加强行政决策合法性审查。2019年县政府聘请2名律师担任政府法律顾问,全年审查合同46份。
(二)完善行政执法程序。全县23个执法部门推行执法全过程记录,配备执法记录仪120台。
二、存在的问题
部分执法记录仪老化。
"""


def test_json_records_every_weight_the_rule_and_each_sentences_explanation():
    card = build_scorecard(parse_report_text(ANNUAL, path="r.txt"), CHECKLIST, Level.COUNTY)
    data = json.loads(json.dumps(scorecard_dict(card), ensure_ascii=False))
    for name in ("rank_other_role_weight", "rank_conc_weight", "conc_neighbour", "conc_paragraph", "heading_bonus",
                 "heading_min_ratio", "done_score", "done_concreteness"):
        assert name in data["settings"]
    assert set(asdict(Settings())) == set(data["settings"])
    item = next(i for i in data["items"] if i["id"] == "M21.1")
    assert item["status"] == "done" and item["rule"] == "done" and item["rule_text"]
    first = item["evidence"][0]
    hits = {h["keyword"]: h for h in first["keyword_hits"]}
    assert hits["执法全过程记录"]["variant"] == "exact" and hits["执法全过程记录"]["strength"] > 0
    assert first["concreteness_source"] == "number" and first["meets_done"] is True
    assert first["heading_match"]["matches_item_measure"] is True
    problem = next(e for e in item["evidence"] if e["section_role"] == "problem")
    assert problem["meets_done"] is False


def test_score_explain_prints_keywords_variants_and_the_rule(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(ANNUAL, encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(app, ["score", str(path), "--explain", "M21.4"], env={"COLUMNS": "220"})
    assert out.exit_code == 0, out.output
    assert "M21.4" in out.output and "规则:" in out.output and "原词" in out.output
    measure = runner.invoke(app, ["score", str(path), "--explain", "M21"], env={"COLUMNS": "220"})
    assert measure.output.count("规则:") >= 2  # every item of the measure
    bad = runner.invoke(app, ["score", str(path), "--explain", "M99.9"])
    assert bad.exit_code == 2 and "M99.9" in bad.output and "Traceback" not in bad.output
