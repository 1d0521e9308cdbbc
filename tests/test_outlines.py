"""The 2021–2025 outline, automatic outline choice, level profiles, tailoring files, mapping."""

from __future__ import annotations

import textwrap
from collections import Counter

import pytest
from clirun import run_cli

from wuchuan_check.api import score_report
from wuchuan_check.checklist.mapping import load_mapping
from wuchuan_check.checklist.model import load_outline
from wuchuan_check.checklist.selection import choose_outline
from wuchuan_check.checklist.tailoring import load_tailoring
from wuchuan_check.errors import ChecklistError
from wuchuan_check.reading.document import Level
from wuchuan_check.reading.formats import load_report, parse_report_text
from wuchuan_check.scoring.scorecard import Status


@pytest.fixture(scope="module")
def new_outline():
    return load_outline("2021-2025")


def test_2021_2025_outline_has_nine_areas_and_32_numbered_measures(new_outline):
    assert new_outline.counts()["areas"] == 9
    assert [a.number for a in new_outline.areas] == list("二三四五六七八九十")
    measures = [m for _, m in new_outline.measures()]
    assert [m.id for m in measures] == [f"M{n:02d}" for n in range(1, 33)]
    # the published text numbers its paragraphs (一)–(三十五); (一)–(三) are chapter 一's
    assert [m.number for m in measures] == list(range(4, 36))
    assert 100 <= new_outline.counts()["items"] <= 220
    ids = [r.id for r in new_outline.items]
    assert len(ids) == len(set(ids))
    assert all(r.item.keywords and r.levels for r in new_outline.items)


def test_2021_2025_outline_carries_the_new_chapters(new_outline):
    titles = " ".join(m.title for _, m in new_outline.measures())
    assert "突发事件" in titles and "政务诚信" in titles and "行政应诉" in titles


@pytest.mark.parametrize("name, expected", [("000", "2015-2020"), ("001", "2015-2020"), ("003", "2015-2020"), ("004", "2021-2025")])
def test_seeds_are_scored_against_the_outline_they_were_written_for(seed, name, expected):
    report = load_report(seed(name))
    choice = choose_outline(report)
    assert choice.checklist.id == expected
    assert choice.reason
    card = score_report(report)  # outline="auto" is the default
    assert card.checklist.id == expected and "自动选择" in card.outline_reason


def test_undated_report_citing_the_new_outline_gets_it():
    report = parse_report_text("一、主要工作\n深入贯彻落实“一规划两纲要”,全年审查合同20份。\n")
    assert report.meta.year is None
    assert choose_outline(report).checklist.id == "2021-2025"


def test_explicit_outline_overrides_auto(seed):
    card = score_report(load_report(seed("004")), outline="2015-2020")
    assert card.checklist.id == "2015-2020" and card.outline_reason == "命令行指定"


def test_township_profile_marks_more_items_not_applicable(examples_dir):
    report = load_report(examples_dir / "township-2020.txt")
    county = score_report(report, "2015-2020", level="county")
    township = score_report(report, "2015-2020", level="township")
    assert township.tally.na > county.tally.na
    assert township.tally.total == county.tally.total
    na = {i.id: i.reason for i in township.items if i.status is Status.NA}
    assert "M33.1" in na and "乡镇" in na["M33.1"], "reconsideration is not a township's business"


def test_tailoring_file_changes_na_count_and_completion_rate(examples_dir, tmp_path):
    report = load_report(examples_dir / "county-annual-2019.txt")
    plain = score_report(report, "2015-2020", level="county")
    tailored = score_report(report, "2015-2020", level="county", tailoring=examples_dir / "tailoring-county.yaml")
    statuses = {i.id: i for i in tailored.items}
    # the file marks M05.5, M08.4, M34.3 and M44.1 不涉及 (M44.1 already is, by the county
    # profile) and makes the profile-N/A M39.2 required: 3 more N/A, 1 fewer
    assert statuses["M08.4"].status is Status.NA and "垂直管理" in statuses["M08.4"].reason
    assert statuses["M39.2"].status is not Status.NA
    assert {i.id: i.status for i in plain.items}["M44.1"] is Status.NA
    assert tailored.tally.na == plain.tally.na + 3 - 1
    assert tailored.tally.rate_with_na != plain.tally.rate_with_na
    assert tailored.tally.rate_with_na == pytest.approx(
        (tailored.tally.done + tailored.tally.na) / tailored.tally.total
    )


def test_tailoring_a_whole_measure(tmp_path, examples_dir):
    path = tmp_path / "t.yaml"
    path.write_text("schema: wuchuan-check/tailoring/v1\nnot_applicable:\n  - {id: M34, reason: 本县未设仲裁机构}\n", "utf-8")
    card = score_report(load_report(examples_dir / "county-annual-2019.txt"), "2015-2020", tailoring=path)
    assert {i.status for i in card.items if i.ref.measure.id == "M34"} == {Status.NA}
    assert next(m for m in card.measures if m.id == "M34").status is Status.NA


def test_broken_tailoring_file_lists_every_problem(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            schema: wuchuan-check/tailoring/v1
            outline: "2021-2025"
            not_applicable:
              - {id: M99.9, reason: 没有这个支项}
              - {id: M05.5, reason: 重复}
            required:
              - {id: M05.5, reason: 冲突}
            """
        ),
        "utf-8",
    )
    with pytest.raises(ChecklistError) as info:
        load_tailoring(path, load_outline("2015-2020"))
    problems = info.value.problems
    assert len(problems) == 3
    assert any("M99.9" in p for p in problems) and any("M05.5" in p for p in problems)
    assert any("2021-2025" in p for p in problems)


def test_mapping_links_every_old_measure_to_existing_new_ones(new_outline):
    mapping = load_mapping("2015-2020", "2021-2025")
    old_ids = {m.id for _, m in load_outline("2015-2020").measures()}
    new_ids = {m.id for _, m in new_outline.measures()}
    assert set(mapping.pairs) == old_ids
    assert {t for ts in mapping.pairs.values() for t in ts} <= new_ids
    assert "M19" in mapping.pairs["M33"], "行政复议 maps to 行政复议"
    back = load_mapping("2021-2025", "2015-2020")
    assert "M33" in back.pairs["M19"]


def test_outline_show_prints_the_new_tree():
    proc = run_cli("outline", "show", "--outline", "2021-2025", "--level", "township", columns=160)
    assert proc.returncode == 0, proc.stderr
    assert "法治政府建设实施纲要(2021-2025年)" in proc.stdout
    assert "M32" in proc.stdout and "不涉及乡镇" in proc.stdout


def test_every_item_of_both_outlines_is_reachable_by_its_keywords():
    """A keyword the normaliser would turn into something else can never match a report."""
    from wuchuan_check.scoring.keywords import compact

    for outline_id in ("2015-2020", "2021-2025"):
        for ref in load_outline(outline_id).items:
            assert any(compact(k.replace("*", "")) for k in ref.item.keywords), ref.id
    counts = Counter(k for ref in load_outline("2021-2025").items for k in ref.item.keywords)
    assert max(counts.values()) <= 3, "a keyword shared by many items cannot tell them apart"


def test_compare_across_outlines_lines_measures_up_through_the_mapping(seed):
    from wuchuan_check.runs.compare import compare_scorecards

    old = score_report(load_report(seed("001")))  # 2020 report → 2015-2020
    new = score_report(load_report(seed("004")))  # 2023 report → 2021-2025
    cmp = compare_scorecards(old, new)
    assert "对应关系" in cmp.mapping_note
    by_id = {d.id: d for d in cmp.measures}
    assert "M33" in by_id["M19"].old_ids, "行政复议 is compared with 行政复议"
    assert cmp.items == (), "items of two outlines do not correspond one to one"


def test_2021_measures_print_their_published_numbers(new_outline):
    from wuchuan_check.checklist.model import measure_number_label

    labels = {m.id: measure_number_label(new_outline, a, m) for a, m in new_outline.measures()}
    assert labels["M01"] == "(四)" and labels["M30"] == "(三十三)" and labels["M32"] == "(三十五)"
    old = load_outline("2015-2020")
    old_labels = {m.id: measure_number_label(old, a, m) for a, m in old.measures()}
    assert old_labels["M01"] == "1." and old_labels["M40"] == "40." and old_labels["M41"] == "(一)"


@pytest.mark.parametrize("old, new", [("M42", "M30"), ("M06", "M14"), ("M06", "M15"), ("M07", "M26"),
                                      ("M30", "M26"), ("M17", "M31"), ("M23", "M12"), ("M29", "M11")])
def test_mapping_carries_the_successor_links_the_review_found(old, new):
    assert new in load_mapping("2015-2020", "2021-2025").pairs[old]


def test_annual_report_duty_is_not_a_townships_under_either_outline(new_outline):
    old = load_outline("2015-2020")
    refs = {r.id: r for r in old.items}
    assert Level.TOWNSHIP not in refs["M42.3"].levels and Level.TOWNSHIP not in refs["M42.4"].levels
    assert Level.DEPARTMENT in refs["M42.3"].levels
    assert Level.TOWNSHIP not in {r.id: r for r in new_outline.items}["M30.3"].levels
