"""Each documented matching rule on its own, through `match_report` on a small checklist.

The rules (scoring/__init__.py, docs/checklist-format.md): literal keywords; the loose variant of
a multi-word keyword (other words between its words); the `*` wildcard gap within a sentence;
weaker strength for short keywords and for keywords several items share; measure-level terms
(enough for partial, never done alone); 法制/法治 folding and punctuation dropped on both sides;
related words count only beside a keyword; concreteness from figures, documents and actions; the
short lead sentence borrowing its follower's figures; and every weight taken from `Settings`.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest

from wuchuan_check.checklist.model import parse_checklist
from wuchuan_check.reading.formats import parse_report_text
from wuchuan_check.scoring.concreteness import concreteness_with_source
from wuchuan_check.scoring.matching import match_report
from wuchuan_check.scoring.scorecard import Status, build_scorecard
from wuchuan_check.settings import DEFAULT_SETTINGS, Settings

CHECKLIST = parse_checklist(textwrap.dedent(
    """\
    schema: wuchuan-check/checklist/v1
    outline: {id: rules, title: 规则清单}
    areas:
      - id: A1
        title: 推进行政决策科学化、民主化、法治化
        measures:
          - id: M01
            title: 完善行政执法程序
            keywords: [三项制度]
            items:
              - id: M01.1
                text: 推行旁听庭审活动
                keywords: [旁听庭审]
              - id: M01.2
                text: 规范性文件实行统一登记
                keywords: ["规范性文件*统一登记"]
              - id: M01.3
                text: 推行双随机一公开监管
                keywords: [双随机一公开]
              - id: M01.4
                text: 开展法治宣传教育
                keywords: [法治宣传]
                related: [普法]
              - id: M01.5
                text: 推行执法公示制度
                keywords: [执法公示, 信访]
              - id: M01.6
                text: 办理信访事项
                keywords: [信访]
    """
), "rules.yaml")


def evidence(text: str, item: str, settings: Settings = DEFAULT_SETTINGS):
    report = parse_report_text(f"青岩县2021年法治政府建设情况报告\n一、工作成效\n{text}\n", "r.txt")
    match = next(m for m in match_report(report, CHECKLIST, settings) if m.ref.id == item)
    return match.evidence


def best(text: str, item: str, settings: Settings = DEFAULT_SETTINGS):
    found = evidence(text, item, settings)
    return found[0] if found else None


def test_a_literal_keyword_is_found_with_its_label():
    ev = best("组织干部旁听庭审3次。", "M01.1")
    assert ev is not None and ev.keywords == ("旁听庭审",)


def test_the_loose_variant_allows_other_words_between_a_keywords_words_at_a_discount():
    exact = best("组织干部旁听庭审3次。", "M01.1")
    loose = best("组织干部旁听一起行政诉讼庭审。", "M01.1")
    assert loose is not None and exact is not None
    assert loose.score == pytest.approx(exact.score * DEFAULT_SETTINGS.loose_factor, abs=1e-3)


def test_the_loose_gap_is_bounded_by_settings():
    far = "组织干部旁听了由县人民法院公开审理的一起行政诉讼案件庭审。"  # 19 characters between the words
    assert best(far, "M01.1") is None
    assert best(far, "M01.1", replace(DEFAULT_SETTINGS, loose_gap=25)) is not None


def test_a_wildcard_spans_a_gap_within_one_sentence_only():
    assert best("全年对规范性文件实行统一登记,共登记18件。", "M01.2") is not None
    assert best("清理规范性文件12件。完成不动产统一登记3000宗。", "M01.2") is None


def test_the_wildcard_gap_is_bounded_by_settings():
    text = "县政府制发的规范性文件全部实行统一登记,共18件。"  # 4 characters between the parts
    assert best(text, "M01.2") is not None
    assert best(text, "M01.2", replace(DEFAULT_SETTINGS, wildcard_gap=3)) is None


def test_punctuation_inside_an_official_term_is_dropped_on_both_sides():
    for written in ("“双随机、一公开”", "双随机一公开", "双随机 一公开"):
        assert best(f"全面推行{written}监管,抽查企业120家。", "M01.3") is not None, written


def test_fazhi_and_fazhi_are_folded():
    assert best("开展法制宣传活动24场。", "M01.4") is not None


def test_related_words_add_only_beside_a_keyword():
    alone = best("开展法治宣传活动24场。", "M01.4")
    with_related = best("开展法治宣传暨普法活动24场。", "M01.4")
    assert alone is not None and with_related is not None
    assert with_related.score == pytest.approx(1 - (1 - alone.score) * (1 - DEFAULT_SETTINGS.related_step), abs=1e-3)
    assert best("开展普法活动24场。", "M01.4") is None  # a related word on its own is no evidence


def test_a_keyword_several_items_share_is_weaker_for_each():
    own = best("全年办理信访事项320件。", "M01.6")
    assert own is not None
    length_strength = DEFAULT_SETTINGS.kw_strength_2
    assert own.score == pytest.approx(length_strength / (1 + DEFAULT_SETTINGS.kw_shared_penalty), abs=1e-3)


def test_short_keywords_are_weaker_than_long_ones():
    short = best("全年办理信访事项320件。", "M01.6")
    long = best("推进双随机一公开监管,抽查企业120家。", "M01.3")
    assert short is not None and long is not None and short.score < long.score


def test_a_measure_term_alone_makes_an_item_partial_never_done():
    report = parse_report_text("青岩县2021年法治政府建设情况报告\n一、工作成效\n全面推行三项制度,全年办理执法案件1200件。\n", "r.txt")
    card = build_scorecard(report, CHECKLIST)
    statuses = {i.id: i.status for i in card.items}
    assert statuses["M01.1"] is Status.PARTIAL
    assert Status.DONE not in statuses.values()


@pytest.mark.parametrize(("text", "source"), [
    ("全年办理复议案件41件。", "number"),
    ("印发《青岩县重大行政决策程序规定》。", "document"),
    ("聘请律师担任政府法律顾问。", "action"),
    ("坚持依法行政,不断完善制度。", "vague"),
])
def test_concreteness_sources(text, source):
    assert concreteness_with_source(text)[1] == source


def test_a_short_lead_sentence_borrows_its_followers_figures():
    lead = "一是深化旁听庭审活动。全年组织旁听12次,参加干部360人次。"
    ev = best(lead, "M01.1")
    assert ev is not None and ev.text.startswith("一是深化旁听庭审")
    assert ev.concreteness == pytest.approx(1.0 * DEFAULT_SETTINGS.conc_neighbour, abs=1e-3)


def test_a_long_sentence_does_not_borrow():
    long = ("一是持续深化旁听庭审活动,坚持把旁听庭审作为领导干部学法用法的重要形式,不断丰富形式、拓展范围、"
            "提升实效,推动学法用法常态化。全年组织旁听12次。")
    ev = best(long, "M01.1")
    assert ev is not None and ev.concreteness < DEFAULT_SETTINGS.conc_neighbour


def test_non_default_settings_change_strength():
    weaker = replace(DEFAULT_SETTINGS, kw_strength_5plus=0.5)
    base = best("推进双随机一公开监管,抽查企业120家。", "M01.3")
    changed = best("推进双随机一公开监管,抽查企业120家。", "M01.3", weaker)
    assert base is not None and changed is not None and changed.score < base.score
