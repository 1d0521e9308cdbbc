"""Shared fixtures. Seed reports are read from ../shared/seeds at run time, never copied in.

Tests run with `--import-mode=importlib` (pyproject) through the `pytest` script, so they
exercise the installed package, data files included, not the source folder.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pytest
import typer.testing

# typer's CliRunner.invoke builds the click command from the app on every call (~5 ms, a few
# hundred calls a run); the app is the same object all run long, so it is built once per process.
typer.testing._get_command = functools.cache(typer.testing._get_command)

if TYPE_CHECKING:
    from wuchuan_check.checklist.model import Checklist
    from wuchuan_check.evaluation.lint import ExampleResult, LintWarning

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples"


def _seeds_dir() -> Path:
    """The seed folder; skip where a user's clone lacks it, but fail in CI where it must exist."""
    if SEEDS_DIR.is_dir():
        return SEEDS_DIR
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the seed reports are missing: {SEEDS_DIR}")
    pytest.skip(f"seed reports not present at {SEEDS_DIR} (only in the development workplace)")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _seeds_dir()


@pytest.fixture(scope="session")
def seed() -> Callable[[str], Path]:
    """seed("000") → the UTF-8 seed report whose file name starts with 000_."""

    def find(prefix: str) -> Path:
        folder = _seeds_dir()
        matches = sorted(p for p in folder.glob(f"{prefix}_*.txt") if ".gb18030." not in p.name)
        if not matches:
            pytest.fail(f"no seed report {prefix}_*.txt in {folder}")
        return matches[0]

    return find


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT



# The built-in outlines' examples (~1,700 small reports) are scored once per worker and shared: the
# per-item example tests and the lint tests each scored them all again (2021-2025 three times).
# A worker's lint reuses the items its own example tests already scored.
class BuiltinExamples:
    def __init__(self) -> None:
        self._outlines: dict[str, Checklist] = {}
        self._results: dict[tuple[str, str], list[ExampleResult]] = {}
        self._lint: dict[str, list[LintWarning]] = {}

    def outline(self, outline_id: str) -> Checklist:
        from wuchuan_check.checklist.model import load_outline

        if outline_id not in self._outlines:
            self._outlines[outline_id] = load_outline(outline_id)
        return self._outlines[outline_id]

    def results(self, outline_id: str, item_id: str) -> list[ExampleResult]:
        """One item's examples as run_examples scores them: done ones first, then not_done."""
        from wuchuan_check.evaluation.lint import run_example

        key = (outline_id, item_id)
        if key not in self._results:
            checklist = self.outline(outline_id)
            ref = next(r for r in checklist.items if r.id == item_id)
            ex = checklist.examples[item_id]
            self._results[key] = ([run_example(checklist, ref, e, True) for e in ex.done]
                                  + [run_example(checklist, ref, e, False) for e in ex.not_done])
        return self._results[key]

    def lint(self, outline_id: str) -> list[LintWarning]:
        """lint_checklist's warnings, given the examples' results in run_examples' order."""
        from wuchuan_check.evaluation.lint import lint_checklist

        if outline_id not in self._lint:
            checklist = self.outline(outline_id)
            results = [r for ref in checklist.items if ref.id in checklist.examples
                       for r in self.results(outline_id, ref.id)]
            self._lint[outline_id] = lint_checklist(checklist, results)
        return self._lint[outline_id]


@pytest.fixture(scope="session")
def builtin_examples() -> BuiltinExamples:
    return BuiltinExamples()
