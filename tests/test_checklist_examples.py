"""Every item's examples, run through the scorer one small report at a time; the examples format
for users' checklists, `outline validate` and `outline lint`; plans that extend a built-in outline."""

from __future__ import annotations

import json
import textwrap

import pytest
from clirun import run_cli

from wuchuan_check.api import score_report
from wuchuan_check.checklist.model import Example, builtin_outline_ids, load_checklist_file, load_outline
from wuchuan_check.errors import ChecklistError
from wuchuan_check.evaluation.lint import example_report_text, lint_checklist, run_example
from wuchuan_check.reading.document import Level
from wuchuan_check.reading.formats import parse_report_text
from wuchuan_check.scoring.scorecard import Status


def _cases() -> list[tuple[str, str]]:
    return [(oid, ref.id) for oid in builtin_outline_ids() for ref in load_outline(oid).items
            if ref.id in load_outline(oid).examples]


@pytest.fixture(scope="module")
def outlines():
    return {oid: load_outline(oid) for oid in builtin_outline_ids()}


@pytest.mark.parametrize("outline_id, item_id", _cases())
def test_item_examples_score_as_stated(builtin_examples, outline_id, item_id):
    ex = builtin_examples.outline(outline_id).examples[item_id]
    results = builtin_examples.results(outline_id, item_id)
    assert len(results) == len(ex.done) + len(ex.not_done)
    failures = [r.describe() for r in results if not r.ok]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("outline_id", builtin_outline_ids())
def test_every_item_of_the_builtin_outlines_has_a_done_and_a_near_miss_example(outlines, outline_id):
    checklist = outlines[outline_id]
    lacking = [r.id for r in checklist.items
               if r.id not in checklist.examples or not checklist.examples[r.id].done or not checklist.examples[r.id].not_done]
    assert not lacking, f"{outline_id}: items without a done and a not_done example: {lacking}"


@pytest.mark.parametrize("outline_id", builtin_outline_ids())
def test_builtin_outlines_lint_clean(builtin_examples, outline_id):
    assert builtin_examples.lint(outline_id) == [], f"run: wuchuan-check outline lint outline/{outline_id}.yaml"


def test_example_report_puts_the_sentence_under_its_role_heading():
    report = parse_report_text(example_report_text(Example(text="下一步将开展规范性文件清理。", role="plan")))
    sentence = next(s for s in report.sentences if "规范性文件" in s.text)
    assert sentence.role.value == "plan"


# --- the review's confirmed false hits and misses, each as a sentence of our own -----------------

# Ordinary county work that used to make rule-of-law items done (review §2, "T" findings).
NON_LEGAL_COUNTY_WORK = [
    "全县办理不动产统一登记业务3200件，发放不动产权证书2860本。",
    "开展城乡环境综合整治，集中清理垃圾1.2万吨，专项清理河道12条。",
    "深入开展文明城市示范创建，建成市级文明村镇15个。",
    "将安全生产纳入各乡镇绩效考核，开展专项督查6轮，对工作不力的2个单位约谈并通报批评。",
    "县市场监管局受理消费者投诉举报860件，为消费者挽回经济损失52万元。",
    "严格落实公务员平时考核，全年开展季度考核4次。",
    "从评标专家库随机抽取专家，完成政府投资项目招标38个。",
    "全县登记社会组织56家，年检合格率96%。",
    "编制完成“十三五”旅游发展规划，新增A级景区3个。",
    "实施生态补偿脱贫一批，选聘生态护林员420名。",
    "组织新录用公务员参加初任培训，共培训86人。",
    "选派年轻干部到乡村振兴一线实践锻炼，共选派32人。",
    "修订完善防汛应急处置预案，组织演练5次。",
    "召开城南片区改造项目可行性论证会2次。",
    "承办第三届农民丰收节，吸引游客8万人次。",
    # everyday senses of terms added on 2026-12-02 (anchored since)
    "选派年轻干部到县委党校脱产学习3个月，共36人。",
    "对全县12个重点项目开展跟踪评估，完成城南大桥设计方案技术论证。",
    "县民政局对低保、特困供养等救助事项清单实行动态管理，全年更新3次。",
    "全年开展安全生产大检查，排查整改隐患3160处。",
    "民生支出占一般公共预算支出的81%，新增城镇就业5200人。",
]


def test_ordinary_county_work_makes_at_most_two_items_done():
    text = "青岩县人民政府关于2018年度法治政府建设情况的报告\n一、工作成效\n" + "\n".join(NON_LEGAL_COUNTY_WORK) + "\n"
    card = score_report(parse_report_text(text), "2015-2020", Level.COUNTY)
    done = [f"{i.id}:{i.best.text if i.best else ''}" for i in card.items if i.status is Status.DONE]
    assert len(done) <= 2, done


# Official wording that used to hit nothing or the wrong item (review §4 and §7.7).
REVIEW_MISSES = [
    ("M03.3", "全面完成县级党政机构改革，组建政府工作部门26个。"),
    ("M28.2", "对财政资金分配使用、政府投资、政府采购等权力集中的部门和岗位实行分岗设权，全年轮岗干部18人。"),
    ("M28.4", "全力推进审计监督全覆盖，全年完成审计项目42个。"),
    ("M28.1", "县政府督查室全年开展政府督查12次，督办事项按期办结率98%。"),
    ("M07.3", "全面推行首问负责制、一次性告知制和容缺受理，全年办件5.6万件。"),
    ("M25.4", "严格执行罚没收入与执法部门考核考评不挂钩的规定，全年未向12个执法部门下达任何罚没指标。"),
    ("M43.1", "开展依法行政考核，考核结果在全县通报，3个部门被评为优秀。"),
    ("M01.6", "严格控制新设行政许可，全年审查部门拟新设许可事项2项，均未予设定。"),
    ("M01.4", "依托投资项目在线审批监管平台办理项目412个，平均用时缩短45%。"),
]


@pytest.mark.parametrize("item_id, sentence", REVIEW_MISSES)
def test_official_wording_the_review_found_missing_now_makes_the_item_done(outlines, item_id, sentence):
    checklist = outlines["2015-2020"]
    ref = next(r for r in checklist.items if r.id == item_id)
    result = run_example(checklist, ref, Example(text=sentence), True)
    assert result.ok, result.describe()


# --- users' checklists: inline and sibling examples, validate, lint ------------------------------

PLAN = textwrap.dedent(
    """\
    schema: wuchuan-check/checklist/v1
    outline: {id: demo, title: 示范省法治政府建设实施方案}
    areas:
      - id: A1
        title: 依法全面履行政府职能
        measures:
          - id: M01
            title: 深化行政审批制度改革
            levels: all
            items:
              - id: M01.1
                text: 取消和下放行政审批事项并向社会公布
                keywords: [取消下放, "审批事项*取消", 审批]
                examples:
                  done: ["全年取消下放行政审批事项12项，并在政府网站公布。"]
                  not_done:
                    - {text: "下一步将继续取消下放行政审批事项。", role: plan}
                    - "县档案馆完成历年审批档案数字化扫描3万卷。"
    """
)


def test_inline_examples_are_read_and_validate_passes(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    checklist = load_checklist_file(path)
    assert len(checklist.examples["M01.1"].done) == 1 and len(checklist.examples["M01.1"].not_done) == 2
    proc = run_cli("outline", "validate", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_validate_lists_each_failing_example_with_item_sentence_status_and_reason(tmp_path):
    path = tmp_path / "plan.yaml"
    # a "near-miss" that is in fact the item's work: validate must report it
    path.write_text(PLAN.replace('"县档案馆完成历年审批档案数字化扫描3万卷。"', '"全县取消下放审批事项3项。"'), encoding="utf-8")
    proc = run_cli("outline", "validate", str(path))
    assert proc.returncode == 1
    line = next(x for x in proc.stderr.splitlines() if "M01.1" in x)
    assert "不应判为已完成" in line and "实际为已完成" in line and "全县取消下放审批事项3项" in line and "命中关键词" in line


def test_sibling_examples_file_is_merged_and_its_unknown_ids_are_named(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    sibling = tmp_path / "plan.examples.yaml"
    sibling.write_text("items:\n  M01.1:\n    done: [\"印发通知，取消下放审批事项8项。\"]\n", encoding="utf-8")
    assert len(load_checklist_file(path).examples["M01.1"].done) == 2
    sibling.write_text("items:\n  M09.9:\n    done: [\"取消下放审批事项8项。\"]\n", encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklist_file(path).examples
    assert "plan.examples.yaml" in str(info.value) and "M09.9" in str(info.value)
    proc = run_cli("outline", "validate", str(path))
    assert proc.returncode == 1 and "M09.9" in proc.stderr


def test_lint_lists_short_shared_and_unexercised_keywords_and_lint_ok_silences_one(tmp_path):
    text = PLAN + (
        "          - id: M01.2\n"
        "            text: 规范中介服务,清理中介服务事项\n"
        "            keywords: [中介服务, 审批]\n"
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    warnings = {(w.kind, w.item_id, w.keyword) for w in lint_checklist(load_checklist_file(path))}
    assert ("short", "M01.1", "审批") in warnings
    assert ("shared", "M01.2", "审批") in warnings
    assert ("unexercised", "M01.1", "审批事项*取消") in warnings
    assert ("no_examples", "M01.2", "") in warnings
    justified = text.replace("keywords: [取消下放, \"审批事项*取消\", 审批]",
                             "keywords: [取消下放, \"审批事项*取消\", 审批]\n"
                             "            lint_ok: {\"审批事项*取消\": 报告常写作取消审批事项}")
    path.write_text(justified, encoding="utf-8")
    warnings = {(w.kind, w.item_id, w.keyword) for w in lint_checklist(load_checklist_file(path))}
    assert ("unexercised", "M01.1", "审批事项*取消") not in warnings
    proc = run_cli("outline", "lint", str(path))
    assert proc.returncode == 1 and "两个字的关键词" in proc.stdout and "M01.1 审批" in proc.stdout


# --- plans that extend a built-in outline (`based_on`) -------------------------------------------


def test_provincial_plan_inherits_the_national_outline_and_adds_and_tightens(examples_dir):
    plan = load_checklist_file(examples_dir / "provincial-plan-sample.yaml")
    base = load_outline("2015-2020")
    assert plan.base is not None and plan.base.id == "2015-2020"
    assert plan.counts()["items"] == base.counts()["items"] + 3  # P01.1, P01.2, P02.1
    refs = {r.id: r for r in plan.items}
    base_refs = {r.id: r for r in base.items}
    assert Level.COUNTY in refs["M39.2"].levels and Level.COUNTY not in base_refs["M39.2"].levels
    assert refs["M39.2"].item.text == base_refs["M39.2"].item.text  # unstated fields are the base's
    assert refs["M21.4"].item == base_refs["M21.4"].item  # untouched items are inherited


def test_scorecard_names_the_plan_and_its_base(examples_dir):
    report = examples_dir / "county-annual-2019.txt"
    proc = run_cli("score", str(report), "--outline", str(examples_dir / "provincial-plan-sample.yaml"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["outline"]["id"] == "demo-province-2016" and data["outline"]["based_on"] == "2015-2020"
    text = run_cli("score", str(report), "--outline", str(examples_dir / "provincial-plan-sample.yaml")).stdout
    assert "依据:法治政府建设实施纲要(2015-2020年)" in text


def test_plan_with_an_unknown_base_or_a_misfiled_measure_is_refused(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.replace("title: 示范省法治政府建设实施方案}", "title: 示范省方案, based_on: \"2099\"}"), encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklist_file(path)
    assert "based_on" in str(info.value)
    # M01 belongs to A1 in the base: filing it under another area is an error
    path.write_text(PLAN.replace("title: 示范省法治政府建设实施方案}", "title: 示范省方案, based_on: \"2015-2020\"}")
                    .replace("- id: A1", "- id: S1"), encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklist_file(path)
    assert "M01" in str(info.value) and "A1" in str(info.value)
