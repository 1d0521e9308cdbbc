"""The government level as one weighed decision: every class of cue, with cases of our own."""

from __future__ import annotations

import csv
from pathlib import Path

from wuchuan_check.reading.document import Level
from wuchuan_check.reading.formats import load_report, parse_report_text
from wuchuan_check.reading.gazetteer import division_level, division_type
from wuchuan_check.reading.metadata import LOW_LEVEL_CONFIDENCE, infer_level_weighed, level_from_issuer

BODY = "\n一、主要工作\n(一)加强组织领导\n建立健全工作机制,全年召开专题会议3次,完成任务清单12项。\n"


def level_of(text: str) -> tuple[Level | None, float, tuple[str, ...]]:
    meta = parse_report_text(text).meta
    assert meta.level_confidence is not None or meta.level is None
    return meta.level, meta.level_confidence or 0.0, meta.level_reasons


def test_gazetteer_tells_prefecture_city_from_county_level_city() -> None:
    assert division_level("淮安市") is Level.CITY
    assert division_level("昆山市") is Level.COUNTY
    assert division_type("昆山市") == "县级市"
    assert division_level("浦东新区") is Level.COUNTY
    assert division_level("锡林郭勒盟") is Level.CITY
    assert division_level("杭锦旗") is Level.COUNTY


def test_county_level_city_issuer_is_county_not_city() -> None:
    assert level_from_issuer("义乌市人民政府")[0] is Level.COUNTY  # type: ignore[index]
    assert level_from_issuer("金华市人民政府")[0] is Level.CITY  # type: ignore[index]


def test_district_rule_of_law_office_reports_for_the_district() -> None:
    text = "沙湾区法治政府建设领导小组办公室关于2020年法治政府建设情况的报告\n2020年,全区坚持依法行政,完成任务8项。" + BODY
    level, conf, reasons = level_of(text)
    assert level is Level.COUNTY
    assert any("领导小组办公室" in r for r in reasons)


def test_rule_of_law_committee_office_of_municipality_is_province() -> None:
    found = level_from_issuer("中共天津市委全面依法治市委员会办公室")
    assert found is not None and found[0] is Level.PROVINCE


def test_bureau_drafting_for_the_government_is_the_place() -> None:
    text = ("凤台县司法局关于2021年度法治政府建设情况的报告\n受凤台县人民政府委托,现将我县2021年度法治政府建设情况报告如下。"
            + BODY + "\n凤台县司法局\n2022年1月10日\n")
    level, _, reasons = level_of(text)
    assert level is Level.COUNTY
    assert any("委托" in r for r in reasons)


def test_municipality_after_a_year_is_province() -> None:
    text = "2019年天津市法治政府建设情况的报告\n2019年,我市坚持依法行政,全市法治政府建设取得新成效,完成立法项目9件。" + BODY
    level, conf, _ = level_of(text)
    assert level is Level.PROVINCE
    assert conf >= LOW_LEVEL_CONFIDENCE


def test_autonomous_region_self_reference_is_the_region() -> None:
    text = ("2020年,宁夏回族自治区深入推进依法行政,全区法治政府建设取得新进展。\n"
            "自治区党委、政府高度重视,结合自治区实际制定实施方案,我区共清理规章21件。" + BODY)
    level, _, _ = level_of(text)
    assert level is Level.PROVINCE


def test_district_in_an_autonomous_region_stays_county() -> None:
    text = ("青秀区人民政府关于2020年法治政府建设情况的报告\n2020年,我区认真落实自治区党委、自治区人民政府部署,"
            "全区完成行政复议案件32件。" + BODY + "\n南宁市青秀区人民政府\n2021年1月5日\n")
    level, _, _ = level_of(text)
    assert level is Level.COUNTY


def test_banner_is_county_and_league_is_city() -> None:
    assert level_from_issuer("达拉特旗人民政府")[0] is Level.COUNTY  # type: ignore[index]
    assert level_from_issuer("阿拉善盟行政公署")[0] is Level.CITY  # type: ignore[index]


def test_bureau_named_only_in_first_sentence_is_department() -> None:
    text = "2022年,市自然资源局坚持依法行政,全年办理行政许可412件,行政复议纠错2件。" + BODY
    level, _, reasons = level_of(text)
    assert level is Level.DEPARTMENT
    assert any("首句主语" in r for r in reasons)


def test_overall_quanju_is_not_a_bureau_self_reference() -> None:
    text = ("2021年,我县坚持把法治建设放在工作全局中谋划,从全局高度统筹推进,服务发展全局,"
            "全县完成执法检查46次。" + BODY)
    level, _, reasons = level_of(text)
    assert level is Level.COUNTY
    assert not any("全局" in r for r in reasons)


def test_quan_compounds_are_not_self_references() -> None:
    text = "全区域覆盖网格化管理,全市场主体登记便利化,全面推行清单管理。" + BODY
    level, _, _ = level_of(text)
    assert level is None


def test_numbered_heading_is_never_the_issuer() -> None:
    text = "一、县司法局\n二、工作情况\n2021年,沙河镇人民政府坚持依法行政,全镇化解纠纷35件。" + BODY
    meta = parse_report_text(text).meta
    assert meta.issuer != "一、县司法局"
    assert meta.level is Level.TOWNSHIP


def test_traditional_characters() -> None:
    text = "2017年,廣西壯族自治區法治政府建設取得新進展,全區完成規章清理15件。" + BODY
    level, _, _ = level_of(text)
    assert level is Level.PROVINCE


def test_weak_cues_give_low_confidence() -> None:
    text = "全市共有律师事务所12家。" + BODY
    level, conf, _ = level_of(text)
    assert level is Level.CITY
    assert conf < LOW_LEVEL_CONFIDENCE


def test_conflicting_cue_is_shown_as_not_taken() -> None:
    level, conf, reasons = infer_level_weighed(
        "梧溪县人民政府", None, "2020年,梧溪县人民政府坚持依法行政。市委市政府部署,全市统一推进。")
    assert level is Level.COUNTY
    assert any("未采纳" in r for r in reasons)
    assert conf < 1.0


def _annotator_levels(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as fh:
        return {r["report"]: r["level"] for r in csv.DictReader(fh, delimiter="\t")}


def test_seed_levels_match_both_annotators(seeds_dir: Path, repo_root: Path) -> None:
    labels = repo_root / "eval" / "seed-items"  # the annotators' seed labels, kept in the repo
    a = _annotator_levels(labels / "docs-A.tsv")
    b = _annotator_levels(labels / "docs-B.tsv")
    checked = 0
    for name, gold in a.items():
        if b.get(name) != gold or not (seeds_dir / name).exists():
            continue  # only where the two annotators agree
        meta = load_report(seeds_dir / name).meta
        assert meta.level is not None and meta.level.value == gold, (name, meta.level_reasons)
        checked += 1
    assert checked >= 3


def test_json_report_carries_level_confidence_and_reasons(examples_dir: Path) -> None:
    from wuchuan_check.api import score_file
    from wuchuan_check.render.export import scorecard_dict

    block = scorecard_dict(score_file(examples_dir / "county-annual-2019.txt"))["report"]
    assert block["level"] == "county"
    assert 0.6 <= block["level_confidence"] <= 1.0
    assert any("发文单位" in r for r in block["level_reasons"])
