"""The per-user cache folder, and atomic writes into it.

Several things are cheaper to keep between runs than to rebuild: parsed and compiled checklists
(checklist.cache), keyword splits and jieba's dictionary (scoring.segment), compiled regular
expressions (regexes). They all live in one folder that belongs to the user; a folder we cannot
write only costs the rebuild next time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> str:
    """The per-user cache folder. jieba's default, /tmp/jieba.cache (mode 600), belongs to whoever
    ran first: every other user would then get a logged traceback per run."""
    uid = os.getuid() if hasattr(os, "getuid") else None  # no uids on Windows
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home folder
        base = Path(tempfile.gettempdir())
    for folder in (base / "wuchuan-check", Path(tempfile.gettempdir()) / f"wuchuan-check-{uid}"):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            mine = uid is None or folder.stat().st_uid == uid  # never a folder another user made
        except OSError:
            continue
        if mine and os.access(folder, os.W_OK):
            return str(folder)
    return tempfile.mkdtemp(prefix="wuchuan-check-jieba-")  # ours alone; rebuilt next run


def write_pickle(path: Path, record: Any) -> bool:
    """Pickle `record` to `path` atomically (temp file + rename): a reader sees the old file or the
    new one, never half of one. False when it could not be written (a cache: that only costs a
    rebuild)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            pickle.dump(record, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return True
    except Exception:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def source_digest(modules: Iterable[str]) -> bytes:
    """What a cached value's building code is: the tool's version, the interpreter's minor version and
    these package files' bytes (paths relative to the package; a development checkout keeps its
    version number across changes). A file that cannot be read counts by its name."""
    from wuchuan_check import __version__

    h = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}".encode())
    for name in modules:
        try:
            h.update(name.encode() + b"\0" + (_PACKAGE / name).read_bytes())
        except OSError:  # no source beside the package (zipped): the version alone
            h.update(name.encode())
    return h.digest()


def read_keyed(path: Path, key: str) -> tuple[Any, ...] | None:
    """The fields after the key of a (key, ...) record pickled at `path`, or None when the file is
    absent, unreadable, written by other code, or holds another key."""
    try:
        with open(path, "rb") as fh:
            record = pickle.load(fh)
    except Exception:  # missing, truncated, written by other code: rebuilt
        return None
    if not (isinstance(record, tuple) and len(record) >= 2 and record[0] == key):
        return None
    return record[1:]


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Remove all but the `keep` newest files matching `pattern` in the cache folder."""
    try:
        files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink()
    except OSError:  # another process pruned first, or the folder went away
        pass


def cached_value(kind: str, parts: Iterable[bytes], build: Callable[[], T], keep: int = 4) -> T:
    """`build()`'s value, kept in the cache folder as `<kind>-<key>.pickle` where the key hashes
    `parts` (the content the value is built from and the code that builds it): a later process with
    the same parts unpickles it instead of building it. Old files of the kind are pruned to `keep`;
    a folder we cannot use only costs the build."""
    h = hashlib.sha256(kind.encode())
    for part in parts:
        h.update(len(part).to_bytes(8, "little") + part)
    key = h.hexdigest()[:32]
    try:
        folder = Path(cache_dir())
    except OSError:
        return build()
    path = folder / f"{kind}-{key}.pickle"
    found = read_keyed(path, key)
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    value = build()
    if write_pickle(path, (key, value)):
        prune(folder, f"{kind}-*.pickle", keep)
    return value
