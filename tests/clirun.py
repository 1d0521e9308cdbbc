"""The CLI in-process (typer's CliRunner): the code path of the installed script without a new
interpreter per call. Two smoke tests (tests/test_cli_errors.py, tests/test_batch.py) still run
the real script in a subprocess."""

from __future__ import annotations

from dataclasses import dataclass

from typer.testing import CliRunner

from wuchuan_check.cli import app


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, columns: int = 200) -> Run:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})
    return Run(result.exit_code, result.stdout, result.stderr)
