"""What `score` prints by default, with --gaps, --summary and -q, and its --fail-under exit code."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wuchuan_check.api import score_file
from wuchuan_check.cli import app
from wuchuan_check.render.terminal import DEFAULT_GAPS
from wuchuan_check.scoring.scorecard import Status

NAME = "county-annual-2019.txt"


def invoke(*args: str):
    return CliRunner().invoke(app, ["score", *args], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def report(examples_dir):
    return str(examples_dir / NAME)


@pytest.fixture(scope="module")
def card(report):
    return score_file(report, "auto")


def _ids_shown(stdout: str, card) -> set[str]:
    return {g.id for g in card.gaps() if f" {g.id} " in stdout}


def test_default_lists_the_first_gaps_missing_before_partial(report, card):
    result = invoke(report)
    assert result.exit_code == 0, result.output
    for section in ("总体情况", "分大项情况", "分项情况", "差距清单"):
        assert section in result.stdout
    missing = [g.id for g in card.gaps() if g.status is Status.MISSING]
    assert len(missing) > DEFAULT_GAPS, "the example has more missing items than are listed"
    assert _ids_shown(result.stdout, card) == set(missing[:DEFAULT_GAPS])
    assert f"另有 {len(card.gaps()) - DEFAULT_GAPS} 项未列出" in result.stdout
    assert "--gaps all" in result.stdout and "--csv" in result.stdout


def test_gaps_all_and_a_count(report, card):
    everything = invoke(report, "--gaps", "all")
    assert _ids_shown(everything.stdout, card) == {g.id for g in card.gaps()}
    assert "--gaps all" not in everything.stdout
    three = invoke(report, "--gaps", "3")
    assert len(_ids_shown(three.stdout, card)) == 3
    assert len(three.stdout.splitlines()) < len(everything.stdout.splitlines())
    bad = invoke(report, "--gaps", "很多")
    assert bad.exit_code == 2 and "--gaps" in bad.stderr


def test_summary_prints_the_headline_only(report):
    result = invoke(report, "--summary")
    assert result.exit_code == 0
    assert "完成率(含不涉及项)" in result.stdout and "完成率(适用项)" in result.stdout
    assert "分大项情况" not in result.stdout and "差距清单" not in result.stdout and "报告:" not in result.stdout


def test_quiet_prints_nothing_but_still_writes(report, tmp_path):
    out = tmp_path / "gaps.csv"
    result = invoke(report, "-q", "--csv", str(out))
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    assert out.read_text(encoding="utf-8-sig").startswith("大项,")


def test_fail_under_exits_1_below_the_applicable_rate(report):
    rate = json.loads(invoke(report, "--format", "json").stdout)["summary"]["rate_applicable"]
    above, below = f"{rate * 100 + 1:.1f}", f"{rate * 100 - 1:.1f}"
    failed = invoke(report, "-q", "--fail-under", above)
    assert failed.exit_code == 1 and "--fail-under" in failed.stderr
    assert invoke(report, "-q", "--fail-under", below).exit_code == 0
    assert invoke(report, "-q", "--fail-under", f"{rate + 0.01:.4f}").exit_code == 1, "a 0–1 rate works too"
    assert invoke(report, "-q", "--fail-under", f"{rate - 0.01:.4f}").exit_code == 0
    assert invoke(report, "--fail-under", "150").exit_code == 2


def test_the_cli_default_gap_count_is_the_renderers():
    from wuchuan_check import cli

    assert cli.DEFAULT_GAPS == DEFAULT_GAPS
