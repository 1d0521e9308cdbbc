"""The validated, compiled form of a checklist, cached on disk between runs.

Parsing a checklist's YAML, validating it with pydantic and compiling its keywords costs more
than scoring a report, and a cold `score` pays it on every run. So the parsed `Checklist` and its
`CompiledChecklist` (default settings) are pickled into the user's cache folder, keyed by what
they are computed from: the YAML text, the examples file's place, the stored keyword splits, the
tool's version and the code that builds them. An edited checklist, a new split file or new code
gets a new key; an unreadable or foreign cache file is ignored and rebuilt; a folder we cannot
write only costs the build again next time. Files are written atomically (temp file + rename).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wuchuan_check.usercache import cache_dir, prune, read_keyed, source_digest, write_pickle

if TYPE_CHECKING:
    from wuchuan_check.checklist.model import Checklist, OutlineMeta

_FORMAT = 2  # records are (key, content, what scoring stores beside it)
# The modules whose code decides what a parsed or compiled checklist holds.
_CODE = ("checklist/model.py", "checklist/schema.py", "checklist/cache.py", "scoring/keywords.py", "scoring/segment.py", "settings.py",
         "reading/textnorm.py", "reading/document.py", "reading/_traditional.py")


@lru_cache(maxsize=1)
def _code_hash() -> str:
    return hashlib.sha256(f"{_FORMAT}".encode() + source_digest(_CODE)).hexdigest()


def _words_bytes() -> bytes:
    """Every shipped keyword split file: a user's plan may extend any built-in outline."""
    from wuchuan_check.checklist.model import outline_folder

    out = []
    for res in sorted(outline_folder().iterdir(), key=lambda r: r.name):
        if res.name.endswith(".words.json"):
            out.append(res.name.encode() + b"\0" + res.read_bytes())
    return b"\0".join(out)


def cache_key(text: str, source: str, examples_file: Any) -> str:
    h = hashlib.sha256(_code_hash().encode())
    for part in (source, str(examples_file)):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    h.update(text.encode("utf-8", "surrogateescape") + b"\0")
    h.update(_words_bytes())
    return h.hexdigest()[:32]


def _cache_file(key: str) -> Path | None:
    try:
        return Path(cache_dir()) / f"checklist-{key}.pickle"
    except OSError:
        return None


def _read(path: Path, key: str) -> Any:
    """(content, what scoring stored beside it) from a cache file, or None when absent or unusable."""
    found = read_keyed(path, key)
    return found if found is not None and len(found) == 2 else None


# Cache files kept (checklist and meta files count apart): every edit of a checklist and every
# new build of the tool adds ~0.5 MB; the oldest go, and are only rebuilt if used again.
MAX_FILES = 24


def _write(path: Path, record: tuple[Any, ...]) -> None:
    write_pickle(path, record)
    prune(path.parent, f"checklist-*{path.suffix}", MAX_FILES)


# What the scorer adds to a cached checklist: its compiled keywords, built with the checklist and
# stored beside it, restored on load. scoring.keywords registers it when imported, so this layer
# never imports the scorer; a process that does not score (`outline show`) caches the checklist alone.
Build = Callable[["Checklist"], Any]
Restore = Callable[["Checklist", Any], bool]
_companion: list[tuple[Build, Restore]] = []


def register_companion(build: Build, restore: Restore) -> None:
    """`build(checklist)` makes what to store with a checklist; `restore(checklist, stored)` takes
    it back (False: unusable, rebuilt)."""
    _companion[:] = [(build, restore)]


def cached_checklist(text: str, source: str, examples_file: Any, parse: Callable[[], Checklist]) -> Checklist:
    """`parse()`'s checklist, from the cache when the same content was parsed (and compiled)
    before; otherwise parsed and stored. A checklist that fails to parse is never cached."""
    key = cache_key(text, source, examples_file)
    path = _cache_file(key)
    found = _read(path, key) if path is not None else None
    if found is not None:
        checklist, stored = found
        if not _companion or (stored is not None and _companion[0][1](checklist, stored)):
            return checklist  # type: ignore[no-any-return]
        # cached without the scorer's part (or an unusable one): add it and store again
    else:
        checklist = parse()
    stored = _companion[0][0](checklist) if _companion else None
    if path is not None:
        _write(path, (key, checklist, stored))
        _write(path.with_suffix(".meta"), (key, checklist.meta, None))
    return checklist


def cached_meta(text: str, source: str, examples_file: Any) -> OutlineMeta | None:
    """The outline block of a checklist cached by `cached_checklist`, read without the rest (an
    outline can be chosen for a report before its checklist is loaded); None when not cached."""
    key = cache_key(text, source, examples_file)
    path = _cache_file(key)
    found = _read(path.with_suffix(".meta"), key) if path is not None else None
    return found[0] if found is not None else None


def builtin_meta(outline_id: str) -> OutlineMeta:
    """A built-in outline's metadata (id, title, period, citation patterns): from the cache when
    its checklist was cached before, else by loading the checklist (which caches it)."""
    from wuchuan_check.checklist.model import builtin_source, load_outline

    meta = cached_meta(*builtin_source(outline_id))
    return meta if meta is not None else load_outline(outline_id).meta
