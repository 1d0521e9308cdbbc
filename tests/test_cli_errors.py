"""Usage mistakes as a new user makes them: one clear Chinese-first line and exit 2, never a traceback.

In-process (typer's CliRunner) for speed; `test_installed_entry_point_*` runs the real script once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wuchuan_check import __version__
from wuchuan_check.cli import app

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "county-annual-2019.txt"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


@pytest.mark.parametrize("args, words", [
    (["score", str(EXAMPLE), "--levle", "县"], ["没有选项 --levle", "--level"]),  # mistyped option
    (["scroe", str(EXAMPLE)], ["没有这个命令", "scroe", "score"]),  # mistyped command
    (["score", str(EXAMPLE), "--csv"], ["--csv", "缺少值"]),  # option without its value
    (["score"], ["缺少参数", "report"]),  # missing argument
    (["compare", str(EXAMPLE)], ["缺少参数", "new"]),
    (["batch", str(EXAMPLE), "--jobs", "many"], ["参数值无效", "--jobs"]),  # not a number
    (["score", str(EXAMPLE), str(EXAMPLE)], ["多余的参数"]),  # extra argument
    (["outline", "shwo"], ["没有这个命令", "shwo", "show"]),
    (["--bogus"], ["没有选项 --bogus"]),
])
def test_usage_errors_end_in_one_clear_line_and_exit_2(args, words):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    line = last_line(result.stderr)
    assert line.startswith("错误 / error: "), result.stderr
    for word in words:
        assert word in line, line
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # the error line, with where the help is
    assert "-h)" in line


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flag_prints_the_version(flag):
    result = invoke(flag)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wuchuan-check {__version__}"


def test_version_command_still_works():
    result = invoke("version")
    assert result.exit_code == 0 and __version__ in result.stdout


@pytest.mark.parametrize("args, shows", [
    (["-h"], "score"),
    (["score", "-h"], "--csv"),
    (["batch", "-h"], "--jobs"),
    (["compare", "-h"], "--csv"),
    (["eval", "-h"], "--min-f1"),
    (["outline", "-h"], "validate"),
    (["outline", "show", "-h"], "--items"),
    (["outline", "validate", "-h"], "file"),
])
def test_short_h_is_help_on_every_command(args, shows):
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert shows in result.stdout
    assert result.stdout == invoke(*args[:-1], "--help").stdout


@pytest.mark.parametrize("args", [[], ["outline"]])
def test_no_arguments_prints_help(args):
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "score" in result.stdout or "show" in result.stdout
    assert "Usage" in result.stdout or "用法" in result.stdout


def test_bad_input_is_one_line_naming_the_file(tmp_path):
    result = invoke("score", str(tmp_path / "没有.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "没有.txt" in result.stderr


def _installed_script() -> str:
    script = shutil.which("wuchuan-check")
    if script is None:
        pytest.fail("the wuchuan-check entry point is not installed (pip install -e .)")
    return script


def test_installed_entry_point_usage_error():
    proc = subprocess.run([_installed_script(), "score", str(EXAMPLE), "--levle", "县"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert last_line(proc.stderr).startswith("错误 / error: 没有选项 --levle")


def test_installed_entry_point_scores_on_a_gbk_console():
    """A Chinese-locale Windows console with redirected output: GBK, and nothing may crash on it."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "COLUMNS": "120"}
    proc = subprocess.run([_installed_script(), "score", str(EXAMPLE)], capture_output=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr.decode("gbk", "replace")
    out = proc.stdout.decode("gbk")  # everything printed is valid GBK
    assert "完成率(适用项)" in out and "(总数-不涉及)" in out
