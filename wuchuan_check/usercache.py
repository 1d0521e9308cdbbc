"""The per-user cache folder, and atomic writes into it.

Several things are cheaper to keep between runs than to rebuild: parsed and compiled checklists
(checklist.cache), keyword splits and jieba's dictionary (scoring.segment), compiled regular
expressions (regexes). They all live in one folder that belongs to the user; a folder we cannot
write only costs the rebuild next time.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


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
