"""The 2021-2025 checklist item by item: levels as the outline's text assigns duties, the review's
everyday-sense false hits and official-wording misses, ordinary county work, and the mapping's
successor links. Each item's own examples run in tests/test_checklist_examples.py."""

from __future__ import annotations

import pytest

from wuchuan_check.api import score_report
from wuchuan_check.checklist.mapping import load_mapping
from wuchuan_check.checklist.model import Example, load_outline
from wuchuan_check.evaluation.lint import example_report_text, run_example
from wuchuan_check.reading.document import Level
from wuchuan_check.reading.formats import parse_report_text
from wuchuan_check.scoring.scorecard import Status, build_scorecard


@pytest.fixture(scope="module")
def outline():
    return load_outline("2021-2025")


@pytest.fixture(scope="module")
def refs(outline):
    return {r.id: r for r in outline.items}


def test_guiding_enforcement_cases_are_published_by_provinces_and_departments_not_counties(refs):
    # (十六): 国务院有关部门和省级政府要定期发布指导案例
    levels = refs["M13.3"].levels
    assert Level.PROVINCE in levels and Level.DEPARTMENT in levels
    assert Level.COUNTY not in levels and Level.TOWNSHIP not in levels


def test_a_county_report_without_guiding_cases_is_not_marked_down_for_them(outline):
    card = score_report(parse_report_text("岚溪县人民政府关于2023年度法治政府建设情况的报告\n一、工作成效\n全年办理行政复议案件86件。\n"),
                        "2021-2025", Level.COUNTY)
    assert next(i for i in card.items if i.id == "M13.3").status is Status.NA


# Everyday-sense uses of the words of an item (review §5, "keywords, tested", and those the
# writers' near-misses exposed), each a sentence of our own.
EVERYDAY = [
    ("M31.2", "开展民法典宣传进机关、进乡村活动86场，发放宣传资料3万份。"),
    ("M31.8", "全面推行一村（社区）一法律顾问制度，286个村（社区）法律顾问覆盖率100%。"),
    ("M02.9", "把群众反映的停车难问题当作一件事来办，新增停车位1200个。"),
    ("M08.1", "县教育局班子集体讨论研究教师职称评聘方案，评聘中级职称教师56人。"),
    ("M08.4", "开展道路交通安全风险评估，排查整治事故多发点段23处。"),
    ("M27.4", "开展数据安全法宣传进企业活动12场，覆盖企业380家。"),
    ("M01.3", "理顺基层司法所管理体制，全县14个司法所全部实现规范化建设。"),
    ("M01.4", "县民政局公布特困供养人员清单，全年动态调整供养对象140人。"),
    ("M11.2", "开展城乡环境卫生集中整治，清运垃圾1.5万吨。"),
    ("M19.2", "县医保局推行医保报销繁简分流，平均报销时限缩短至3个工作日。"),
    ("M30.1", "完成第二轮中央生态环境保护督察交办信访件整改38件。"),
    ("M31.1", "县卫健委编印防疫应知应会手册，发放至村医820人。"),
    ("M25.2", "开展农民工工资清欠专项行动，为860名农民工追回工资1200万元。"),
    ("M26.2", "县人民医院上线移动端小程序，预约挂号12万人次。"),
    ("M21.2", "按时向县委和县人大常委会报告上一年度法治政府建设情况，报告全文在政府网站公开，阅读量3200次。"),
]


# Official or common report wording that used to hit nothing (review §5 KW+ and the writers' blind
# examples); sentences of our own.
OFFICIAL = [
    ("M02.8", "县政务服务中心推行容缺受理和自助办理，全年容缺受理办件1260件。"),
    ("M28.2", "推广应用行政执法APP掌上执法，全县1260名执法人员使用移动执法终端办案。"),
    ("M10.4", "依法向乡镇下放行政执法事项98项，同步下沉执法人员120名。"),
    ("M19.1", "县政府作为唯一复议机关集中受理复议案件，全年收案210件。"),
    ("M30.4", "将法治政府建设纳入全县年度综合绩效考核，权重提高到6%。"),
    ("M31.4", "把法律知识纳入新录用公务员初任培训内容，全年培训96人。"),
    ("M10.6", "全年向公安机关移送涉嫌犯罪案件17件，均已立案。"),
]


@pytest.mark.parametrize("item_id, sentence, done", [(i, s, False) for i, s in EVERYDAY] + [(i, s, True) for i, s in OFFICIAL])
def test_everyday_words_stay_undone_and_official_wording_is_done(outline, refs, item_id, sentence, done):
    result = run_example(outline, refs[item_id], Example(text=sentence), done)
    assert result.ok, result.describe()


NON_LEGAL_COUNTY_WORK = [
    "全县办理不动产登记业务4100件，颁发不动产权证书3800本。",
    "开展农村人居环境集中整治，清理垃圾1.5万吨，完成农村改厕2600户。",
    "县市场监管局受理消费者投诉举报920件，为消费者挽回经济损失61万元。",
    "将安全生产纳入各乡镇年度绩效考核，开展专项督查5轮，对2个乡镇进行约谈。",
    "开展民法典宣传进机关、进乡村活动86场，发放宣传资料3万份。",
    "全面推行一村（社区）一法律顾问制度，286个村（社区）实现法律顾问全覆盖。",
    "组织新录用公务员参加初任培训，共培训86人。",
    "深入开展文明城市示范创建，建成市级文明村镇15个。",
    "县统计局完成第五次全国经济普查入户登记，普查单位1.2万个。",
    "县自来水公司完成城区供水管网改造42公里，新增供水能力2万吨。",
    "承办第三届农民丰收节，吸引游客8万人次。",
    "县教育局集体讨论确定学校布局调整方案，新建幼儿园3所。",
]


def test_ordinary_county_work_makes_at_most_two_items_done(outline):
    report = parse_report_text(example_report_text(Example(text="\n".join(NON_LEGAL_COUNTY_WORK))))
    card = build_scorecard(report, outline, Level.COUNTY)
    done = {i.id: i.best.text for i in card.items if i.status is Status.DONE and i.best}
    assert len(done) <= 2, done


def test_no_short_or_shared_keyword_is_left_unjustified(builtin_examples):
    warnings = builtin_examples.lint("2021-2025")
    left = [w.describe() for w in warnings if w.kind in ("short", "shared", "failing", "no_examples")]
    assert not left, "\n".join(left)


def test_only_the_measures_new_in_2021_lack_a_predecessor(outline):
    mapping = load_mapping("2015-2020", "2021-2025")
    targets = {t for ts in mapping.pairs.values() for t in ts}
    assert {m.id for _, m in outline.measures()} - targets == {"M25", "M27"}  # 政务诚信, 政务数据共享
    assert "M16" in mapping.pairs["M06"], "社会组织、基层自治 → 基层组织和社会力量参与突发事件应对"
