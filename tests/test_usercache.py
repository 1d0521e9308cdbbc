"""The per-user cache of values built from content (usercache.cached_value): a later process with
the same content reads the value instead of building it; other content, a damaged file or a
folder it cannot write only costs the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wuchuan_check import usercache


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "wuchuan-check"


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_same_parts_are_built_once_and_other_parts_again(cache: Path) -> None:
    calls, build = _counting({"a": (1, 2)})
    assert usercache.cached_value("thing", [b"content", b"code"], build) == {"a": (1, 2)}
    assert usercache.cached_value("thing", [b"content", b"code"], build) == {"a": (1, 2)}
    assert len(calls) == 1
    usercache.cached_value("thing", [b"content", b"other code"], build)
    usercache.cached_value("thing", [b"contentcode"], build)  # parts are not just concatenated
    assert len(calls) == 3


def test_a_damaged_file_is_rebuilt_and_replaced(cache: Path) -> None:
    calls, build = _counting([1, 2, 3])
    usercache.cached_value("thing", [b"x"], build)
    (stored,) = cache.glob("thing-*.pickle")
    stored.write_bytes(b"not a pickle")
    assert usercache.cached_value("thing", [b"x"], build) == [1, 2, 3]
    assert usercache.cached_value("thing", [b"x"], build) == [1, 2, 3]
    assert len(calls) == 2


def test_old_files_of_a_kind_are_pruned(cache: Path) -> None:
    for i in range(7):
        usercache.cached_value("thing", [str(i).encode()], lambda: i, keep=3)
    usercache.cached_value("other", [b"0"], lambda: 0, keep=3)
    assert len(list(cache.glob("thing-*.pickle"))) == 3
    assert len(list(cache.glob("other-*.pickle"))) == 1


def test_a_folder_it_cannot_write_still_gives_the_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setattr(usercache, "cache_dir", lambda: str(not_a_folder))  # every write fails, even as root
    calls, build = _counting("value")
    assert usercache.cached_value("thing", [b"x"], build) == "value"
    assert usercache.cached_value("thing", [b"x"], build) == "value"
    assert len(calls) == 2


def test_a_warm_cache_scores_without_importing_yaml(tmp_path: Path, examples_dir: Path) -> None:
    """The checklist and the key-figure definitions both come from the cache on a later run, so
    PyYAML is never imported by a `score`."""
    code = (
        "import sys\nfrom wuchuan_check.api import score_file\n"
        f"card = score_file({str(examples_dir / 'township-2018.txt')!r})\n"
        "assert card.items and card.indicators\n"
        "print('yaml' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert (first.stdout.strip(), again.stdout.strip()) == ("True", "False")
