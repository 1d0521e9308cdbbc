"""Regular expressions compiled once per machine, not once per run.

CPython compiles a pattern in Python code (re._parser, re._compiler): the tool's ~140 vocabulary
patterns cost ≈30 ms of a ≈250 ms cold `score`, more than scoring the report itself. `compile`
keeps each pattern's compiled program in the user's cache folder and hands it to _sre.compile on
later runs (≈1 ms for all of them), which is what re.compile does after its Python part.

The stored program is CPython's internal form, so the file is keyed by the interpreter build and
_sre's MAGIC and CODESIZE. Anything unexpected — another interpreter, a damaged or foreign file,
internals that moved — falls back to re.compile, which is always right; a pattern built either
way compares equal (==) to re.compile's (Pattern equality compares the compiled code; a test
checks every stored pattern). Only patterns written in the package go through here, not ones
built from user input, so the file stays small (≈250 KB).
"""

from __future__ import annotations

import atexit
import hashlib
import pickle
import re
import sys
from array import array
from pathlib import Path
from typing import Any

from wuchuan_check.usercache import cache_dir, write_pickle

try:  # CPython internals; without them every pattern is compiled by re.compile
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _KEY = f"{sys.implementation.cache_tag}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|1"
except Exception:  # another interpreter or a moved module
    _sre = None  # type: ignore[assignment]
    _KEY = ""

# (source, flags) -> (flags with inline flags, code, groups - 1, group index, index group)
Entry = tuple[int, array, int, dict[str, int], tuple[str | None, ...]]
_MAX_ENTRIES = 2000  # a bound, far above what the package has: the file never grows without end

_stored: dict[tuple[str, int], Entry] | None = None
_new: dict[tuple[str, int], Entry] = {}


def compile(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, from the stored program when this machine compiled it before."""
    flags = int(flags)
    if _sre is None:
        return re.compile(source, flags)
    key = (source, flags)
    entry = _load().get(key) or _new.get(key)
    if entry is not None:
        try:
            return _build(source, entry)
        except Exception:  # a program _sre refuses (damaged file): compiled afresh below
            pass
    try:
        entry = _program(source, flags)
        pattern = _build(source, entry)
    except re.error:
        raise
    except Exception:  # internals changed shape: the public way, not stored
        return re.compile(source, flags)
    _remember(key, entry)
    return pattern


def _build(source: str, entry: Entry) -> re.Pattern[str]:
    full_flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(source, full_flags, code.tolist(), groups, groupindex, indexgroup)


def _program(source: str, flags: int) -> Entry:
    """What re._compiler.compile computes before it calls _sre.compile (CPython 3.11–3.13)."""
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, array("I", code), parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _file() -> Path:
    return Path(cache_dir()) / f"regexes-{hashlib.sha256(_KEY.encode()).hexdigest()[:16]}.pickle"


def _load() -> dict[tuple[str, int], Entry]:
    global _stored
    if _stored is None:
        _stored = {}
        try:
            with open(_file(), "rb") as fh:
                record = pickle.load(fh)
            if isinstance(record, tuple) and len(record) == 2 and record[0] == _KEY and isinstance(record[1], dict):
                _stored = record[1]
        except Exception:  # absent, truncated, foreign: compiled afresh and stored again
            pass
    return _stored


def _remember(key: tuple[str, int], entry: Entry) -> None:
    if not _new:
        atexit.register(save)
    _new[key] = entry


def save() -> None:
    """Store the programs compiled in this run beside the ones read (at exit: one write per run
    that met a new pattern, none once every pattern is stored)."""
    if not _new:
        return
    merged = {**_load(), **_new}
    if len(merged) > _MAX_ENTRIES:
        merged = dict(_new)
    try:
        path = _file()
    except OSError:
        return
    if write_pickle(path, (_KEY, merged)):
        global _stored
        _stored = merged
        _new.clear()


def stored_programs() -> dict[tuple[str, int], Any]:
    """The programs read from the cache file and compiled in this run (for tests and `outline`
    diagnostics): (source, flags) -> stored entry."""
    return {**_load(), **_new}
