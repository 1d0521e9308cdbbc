"""Shared fixtures. Seed reports are read from ../shared/seeds at run time, never copied in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
EXAMPLES_DIR = ROOT / "examples"


def seeds_dir() -> Path:
    """The seed folder; skip where a user's clone lacks it, but fail in CI where it must exist."""
    if SEEDS_DIR.is_dir():
        return SEEDS_DIR
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the seed reports are missing: {SEEDS_DIR}")
    pytest.skip(f"seed reports not present at {SEEDS_DIR} (only in the development workplace)")


def seed(prefix: str) -> Path:
    """The UTF-8 seed whose file name starts with `prefix` (e.g. "000")."""
    matches = sorted(p for p in seeds_dir().glob(f"{prefix}_*.txt") if ".gb18030." not in p.name)
    if not matches:
        pytest.fail(f"no seed report {prefix}_*.txt in {SEEDS_DIR}")
    return matches[0]


@pytest.fixture
def seeds() -> Path:
    return seeds_dir()
