"""Conventions users rely on: `-` reads stdin, `--csv -`/`--json -` write stdout, `--encoding`,
`batch --jsonl`, no `-o` that means anything but output, and the help option in Chinese."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wuchuan_check.cli import HELP_TEXT, app
from wuchuan_check.render.export import CSV_COLUMNS

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE = EXAMPLES / "county-annual-2019.txt"


def run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(app, list(args), input=stdin, env={"COLUMNS": "200"})


def summary(stdout: str) -> dict:
    return json.loads(stdout)["summary"]


@pytest.fixture(scope="module")
def from_file() -> dict:
    proc = run("score", str(EXAMPLE), "--format", "json")
    assert proc.exit_code == 0, proc.stderr
    return summary(proc.stdout)


def test_dash_reads_the_report_from_stdin_as_bytes(from_file):
    proc = run("score", "-", "--format", "json", stdin=EXAMPLE.read_bytes())
    assert proc.exit_code == 0, proc.stderr
    assert summary(proc.stdout) == from_file


def test_stdin_is_decoded_like_a_file(from_file):
    gbk = EXAMPLE.read_text(encoding="utf-8").encode("gb18030")
    proc = run("score", "-", "--format", "json", stdin=gbk)
    assert proc.exit_code == 0, proc.stderr
    assert summary(proc.stdout) == from_file
    assert json.loads(proc.stdout)["report"]["encoding"] == "gb18030"


def test_empty_stdin_is_one_line_and_exit_2():
    proc = run("score", "-", stdin=b"")
    assert proc.exit_code == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "空" in proc.stderr


def test_csv_dash_writes_the_gap_list_to_stdout_and_creates_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    proc = run("score", str(EXAMPLE), "--csv", "-")
    assert proc.exit_code == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0] == CSV_COLUMNS and len(rows) > 10
    assert not (tmp_path / "-").exists()


def test_json_dash_writes_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    proc = run("score", str(EXAMPLE), "--json", "-")
    assert proc.exit_code == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["total"] == 178
    assert not (tmp_path / "-").exists()


def test_encoding_overrides_detection(tmp_path, from_file):
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    proc = run("score", str(big5), "--format", "json", "--encoding", "GBK")
    assert proc.exit_code == 0, proc.stderr
    assert summary(proc.stdout) == from_file and json.loads(proc.stdout)["report"]["encoding"] == "gbk"
    wrong = run("score", str(EXAMPLE), "--encoding", "big5")  # UTF-8 bytes are not Big5
    assert wrong.exit_code == 2 and "big5" in wrong.stderr and str(EXAMPLE) in wrong.stderr


@pytest.mark.parametrize("name", ["no-such-codec", "base64", ""])
def test_a_bad_encoding_name_is_one_line_and_exit_2(name):
    proc = run("score", str(EXAMPLE), "--encoding", name)
    assert proc.exit_code == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--encoding" in lines[0]


def test_batch_jsonl_one_object_per_report(tmp_path):
    out = tmp_path / "reports.jsonl"
    missing = tmp_path / "gone.txt"
    reports = [EXAMPLES / "township-2018.txt", EXAMPLE]
    proc = run("batch", *map(str, reports), str(missing), "--jobs", "1", "--jsonl", str(out), "--json", str(tmp_path / "b.json"))
    assert proc.exit_code == 0, proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 3
    scored = [r for r in records if "error" not in r]
    assert sorted(Path(r["report"]["path"]).name for r in scored) == sorted(p.name for p in reports)
    assert records[-1]["path"] == str(missing) and records[-1]["error"]
    whole = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["reports"]
    assert sorted(json.dumps(r, sort_keys=True) for r in scored) == sorted(json.dumps(r, sort_keys=True) for r in whole)


def test_batch_jsonl_to_stdout(tmp_path):
    proc = run("batch", str(EXAMPLE), "--jobs", "1", "--jsonl", "-")
    assert proc.exit_code == 0, proc.stderr
    (record,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert record["summary"]["total"] == 178


@pytest.mark.parametrize("command, args", [(["score"], [str(EXAMPLE)]), (["batch"], [str(EXAMPLE)]),
                                           (["outline", "show"], []), (["compare"], [str(EXAMPLE), str(EXAMPLE)])])
def test_o_is_not_a_short_flag_for_outline(command, args):
    proc = run(*command, *args, "-o", "2015-2020")
    assert proc.exit_code == 2 and "-o" in proc.stderr
    help_text = run(*command, "-h").stdout
    assert "--outline" in help_text and " -o " not in help_text


@pytest.mark.parametrize("command", [[], ["score"], ["batch"], ["outline"], ["outline", "show"]])
def test_help_option_reads_in_chinese(command):
    proc = run(*command, "-h")
    assert proc.exit_code == 0
    assert HELP_TEXT in proc.stdout and "Show this message" not in proc.stdout


@pytest.mark.parametrize("option, values", [
    ("jobs", ["2", "-1", "01", "x", "1.5", "", " 3", "١"]),
    ("fail_under", ["60", "0.6", "-5", "1e1", "abc", ".5", "60."]),
    ("timeout", ["30", "2.5"]),
])
def test_numbers_are_taken_as_typer_takes_them(option, values):
    """An option given as plain digits skips typer's pydantic adapter (start-up cost); the value,
    or the refusal, is the adapter's for every input, plain or not."""
    from typer._click import Context, exceptions
    from typer._coercion import build_runtime_param
    from typer.main import get_command

    from wuchuan_check.cli import _PlainParam

    group = get_command(app)
    command = group.commands["batch" if option in ("jobs", "timeout") else "score"]
    param = next(p for p in command.params if p.name == option)
    desc = param.type_descriptor
    ours, typers = _PlainParam(desc.parameter_info, desc.annotation), build_runtime_param(desc)
    ctx = Context(command)

    def outcome(runtime, value):
        try:
            got = runtime._coerce_value(value, param, ctx)
            return type(got), got
        except exceptions.BadParameter as exc:
            return "refused", exc.message

    for value in values:
        assert outcome(ours, value) == outcome(typers, value), value
