"""Shared fixtures. Seed reports are read from ../shared/seeds at run time, never copied in.

Tests run with `--import-mode=importlib` (pyproject) through the `pytest` script, so they
exercise the installed package, data files included, not the source folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

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
