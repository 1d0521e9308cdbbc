"""Report metadata: who issued it, for which year, at which level of government, citing what."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wuchuan_check.reading.cleaning import Line
from wuchuan_check.reading.document import Level
from wuchuan_check.reading.formats import load_report, parse_report_text
from wuchuan_check.reading.metadata import (
    extract_metadata,
    find_outlines,
    infer_level,
    level_from_issuer,
    parse_date,
)
from wuchuan_check.reading.textnorm import normalize_text

# ---------------------------------------------------------------------------------------------
# The seeds (facts from the seed folder's README)


def test_seed_000_county_self_check(seed: Callable[[str], Path]) -> None:
    m = load_report(seed("000")).meta
    assert m.issuer == "武川县人民政府"
    assert m.level is Level.COUNTY and "武川县人民政府" in (m.level_reason or "")
    assert m.year == 2020 and m.period == (2015, 2020)
    assert m.date == "2020-05-20"
    assert m.outlines_cited == ("2015-2020",)


def test_seed_001_county_rule_of_law_office(seed: Callable[[str], Path]) -> None:
    m = load_report(seed("001")).meta
    assert m.issuer == "中共武山县委全面依法治县委员会办公室"
    assert m.level is Level.COUNTY  # the 依法治县 office reports on the whole county
    assert "依法治县" in (m.level_reason or "")
    assert m.year == 2020 and m.period is None
    assert "2015-2020" in m.outlines_cited


def test_seed_003_township(seed: Callable[[str], Path]) -> None:
    m = load_report(seed("003")).meta
    assert m.issuer is not None and m.issuer.endswith("黎水镇人民政府")
    assert m.level is Level.TOWNSHIP and "黎水镇" in (m.level_reason or "")
    assert m.year == 2020
    assert m.title is not None and "2020年法治政府建设情况报告" in m.title
    assert m.outlines_cited == ("2015-2020",)


def test_seed_004_county_under_the_later_outline(seed: Callable[[str], Path]) -> None:
    m = load_report(seed("004")).meta
    assert m.issuer == "博湖县人民政府"
    assert m.level is Level.COUNTY
    assert m.year == 2023 and m.date == "2024-02-19"
    assert m.outlines_cited == ("2021-2025",)


# ---------------------------------------------------------------------------------------------
# Level from the issuer


@pytest.mark.parametrize(
    "issuer,level",
    [
        ("某某省人民政府", Level.PROVINCE),
        ("内蒙古自治区人民政府", Level.PROVINCE),
        ("北京市人民政府", Level.PROVINCE),
        ("某某市人民政府", Level.CITY),
        ("某某自治州人民政府", Level.CITY),
        ("某某市某某区人民政府", Level.COUNTY),
        ("某某县人民政府", Level.COUNTY),
        ("某某旗人民政府", Level.COUNTY),
        ("某某自治县人民政府", Level.COUNTY),
        ("某某州某某市人民政府", Level.COUNTY),  # a city under a prefecture is county-level
        ("某某镇人民政府", Level.TOWNSHIP),
        ("某某区某某镇人民政府", Level.TOWNSHIP),
        ("某某乡人民政府", Level.TOWNSHIP),
        ("某某街道办事处", Level.TOWNSHIP),
        ("某某苏木人民政府", Level.TOWNSHIP),
        ("某某县司法局", Level.DEPARTMENT),
        ("某某市生态环境局", Level.DEPARTMENT),
        ("某某省交通运输厅", Level.DEPARTMENT),
        ("某某市卫生健康委员会", Level.DEPARTMENT),
        ("某某县人民政府办公室", Level.DEPARTMENT),
        ("中共某某市委全面依法治市委员会办公室", Level.CITY),
        ("中共某某县委全面依法治县委员会办公室", Level.COUNTY),
        ("中共某某区委全面依法治区委员会办公室", Level.COUNTY),
    ],
)
def test_level_from_issuer(issuer: str, level: Level) -> None:
    found = level_from_issuer(issuer)
    assert found is not None and found[0] is level
    assert issuer in found[1]


def test_county_level_city_when_the_text_says_so() -> None:
    found = level_from_issuer("某某市人民政府", "我市是县级市，辖5个镇。")
    assert found is not None and found[0] is Level.COUNTY


def test_level_from_self_references_when_issuer_unknown() -> None:
    text = "今年以来，我镇全面推进依法行政。全镇共调解纠纷41起，我镇司法所……全区法治建设工作要点。"
    level, reason = infer_level(None, None, text)
    assert level is Level.TOWNSHIP and "我镇" in (reason or "")


def test_autonomous_region_is_not_a_district_self_reference() -> None:
    text = "按照自治区要求，我县全面推进法治政府建设。自治区实施方案明确，全县共完成……我县……"
    level, _ = infer_level(None, None, text)
    assert level is Level.COUNTY


def test_level_unknown_when_nothing_says() -> None:
    assert infer_level(None, None, "推进法治政府建设。") == (None, None)


def test_level_from_title_place_name() -> None:
    level, reason = infer_level(None, "某某县2021年法治政府建设情况报告", "")
    assert level is Level.COUNTY and "某某县" in (reason or "")


# ---------------------------------------------------------------------------------------------
# Dates, years and outlines


@pytest.mark.parametrize(
    "s,iso",
    [("2020年5月20日", "2020-05-20"), ("2020-05-20 10:40", "2020-05-20"), ("2021.1.5", "2021-01-05"),
     ("二〇二〇年五月二十日", "2020-05-20"), ("二〇二一年十二月三十一日", "2021-12-31"),
     ("2020年2月30日", None), ("五月", None)],
)
def test_parse_date(s: str, iso: str | None) -> None:
    assert parse_date(s) == iso


@pytest.mark.parametrize(
    "text,year,expected",
    [
        ("贯彻落实《法治政府建设实施纲要（2015—2020年）》", 2019, ("2015-2020",)),
        ("对照《法治政府建设实施纲要(2016-2020年)》主要任务", 2020, ("2015-2020",)),
        ("按照“一规划两纲要”要求", 2023, ("2021-2025",)),
        ("落实《法治中国建设规划（2020－2025年）》", 2022, ("2021-2025",)),
        ("落实《法治政府建设实施纲要（2021-2025年）》", 2022, ("2021-2025",)),
        ("学习《法治政府建设实施纲要》", 2020, ("2015-2020",)),
        ("学习《法治政府建设实施纲要》", 2022, ("2021-2025",)),
        ("全面推进依法行政", 2020, ()),
    ],
)
def test_outlines_cited(text: str, year: int, expected: tuple[str, ...]) -> None:
    assert find_outlines(normalize_text(text), year) == expected


def _meta(text: str):  # type: ignore[no-untyped-def]
    lines = [Line(i + 1, normalize_text(t)) for i, t in enumerate(text.strip().split("\n")) if t.strip()]
    return extract_metadata(lines)


def test_year_from_title_and_issuer_from_title() -> None:
    m = _meta("某某市人民政府关于2021年度法治政府建设情况的报告\n一、主要举措和成效\n全面推行权责清单制度。\n")
    assert m.year == 2021 and m.issuer == "某某市人民政府" and m.level is Level.CITY
    assert m.title == "某某市人民政府关于2021年度法治政府建设情况的报告"


def test_year_from_a_date_early_next_year() -> None:
    m = _meta("一、工作成效\n全面推行权责清单制度，2021年公布权责事项300项。\n某某县人民政府\n2022年2月10日\n")
    assert m.year == 2021 and m.date == "2022-02-10" and m.issuer == "某某县人民政府"


def test_period_from_title_range() -> None:
    m = _meta("某某县法治政府建设实施纲要（2015—2020年）贯彻落实情况总结报告\n一、总体情况\n五年来……\n")
    assert m.period == (2015, 2020) and m.year == 2020


def test_title_split_over_two_lines() -> None:
    m = _meta("某某县司法局\n关于2022年法治政府建设工作的报告\n区依法治区办：\n一、主要做法\n推进政务公开。\n")
    assert m.title == "某某县司法局关于2022年法治政府建设工作的报告"
    assert m.issuer == "某某县司法局" and m.level is Level.DEPARTMENT and m.year == 2022


def test_issuer_from_signature_with_date_on_the_same_line() -> None:
    m = _meta("一、工作成效\n全面推行权责清单制度。\n某某镇人民政府 2021年12月20日\n")
    assert m.issuer == "某某镇人民政府" and m.level is Level.TOWNSHIP and m.date == "2021-12-20"
    assert m.year == 2021


def test_metadata_of_parsed_text_without_any_clue() -> None:
    m = parse_report_text("推进政务公开。").meta
    assert (m.title, m.issuer, m.year, m.level, m.date) == (None, None, None, None, None)
