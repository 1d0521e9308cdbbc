"""Output files: checked before the work, written atomically (a temp file beside the target, then rename).

A crash or a full disk never leaves a half-written CSV over the user's previous one, and no output
ever lands on an input or on another output of the same run. Every command calls `check_outputs`
before it starts; `atomic_open` checks again at write time (the world may change meanwhile).

- `-` means standard output (no temp file, no BOM).
- A symlinked output is written through to its target; the link stays.
- An existing output keeps its mode (and owner, where we may set it); a read-only file is refused.
- Only regular files are replaced: a device, a FIFO or a folder given as output is refused.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from wuchuan_check.errors import InputError

STDOUT = "-"

_Key = tuple[int, int] | str  # (device, inode) of an existing file, else its normalised path


def is_stdout(path: str | Path | None) -> bool:
    return path is not None and str(path) == STDOUT


def _default_mode() -> int:
    """What open() would have given a new file: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _problem(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _stat(path: Path, shown: str | Path) -> os.stat_result | None:
    """The target's stat (symlinks followed), None when it does not exist yet."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:  # a symlink loop, a name too long, no permission to look
        raise InputError(shown, f"无法使用这个输出路径 / unusable output path: {_problem(exc)}") from None


def _read_only(path: Path, st: os.stat_result) -> bool:
    # Root may write anything: the file's own write bits say whether its owner meant it to be kept.
    return not (st.st_mode & 0o222) or not os.access(path, os.W_OK)


def check_target(path: str | Path) -> Path:
    """The real file an output `path` will be written to (symlinks followed); InputError if unusable.

    Checks what can be checked without writing: the folder exists, the target is a regular file
    (or does not exist yet) and is not read-only."""
    shown = Path(path)
    target = Path(os.path.realpath(shown))  # write through a symlink to its target
    st = _stat(target, shown)
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise InputError(shown, "输出路径是一个目录 / output path is a folder")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(shown, "输出路径不是普通文件(设备、管道等),不会写入 / output is not a regular file (device, FIFO)")
        if _read_only(target, st):
            raise InputError(shown, "输出文件是只读的,不会替换 / output file is read-only; it is not replaced")
    if not target.parent.is_dir():
        raise InputError(shown, "输出目录不存在 / output folder does not exist")
    return target


def _probe_folder(folder: Path, shown: str | Path) -> bool:
    """Create and remove a file in `folder`; InputError naming the output if we cannot.

    Returns whether the folder's file system ignores case (the probe is visible under another case)."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".wuchuan-check-probe.", dir=folder)
    except OSError as exc:
        raise InputError(shown, f"输出目录不可写 / cannot write in the output folder: {_problem(exc)}") from None
    os.close(fd)
    try:
        name = os.path.basename(probe)
        return os.path.exists(os.path.join(folder, name.swapcase()))
    finally:
        os.unlink(probe)


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def check_outputs(outputs: Iterable[str | Path | None], inputs: Iterable[str | Path] = ()) -> list[Path]:
    """Check every output of one run before any work; the real target of each file output.

    Refused, each with one line naming the output: a path that is (or links to, or differs only in
    case from) an input or another output of this run; more than one output to stdout (`-`); an
    output that is not a regular file or is read-only; a folder that is missing or not writable."""
    input_keys = {k for k in map(_file_key, map(Path, inputs)) if k is not None}
    seen: dict[_Key, str] = {}
    targets: list[Path] = []
    for out in outputs:
        if out is None:
            continue
        if is_stdout(out):
            if STDOUT in seen.values():
                raise InputError(STDOUT, "只能有一个输出写到标准输出 / only one output can go to standard output")
            seen[STDOUT] = STDOUT
            continue
        target = check_target(out)
        folded = _probe_folder(target.parent, out)
        existing = _file_key(target)
        if existing is not None and existing in input_keys:
            raise InputError(out, "输出文件就是输入文件,写入会覆盖它 / output is an input file; choose another path")
        key: _Key = existing if existing is not None else (str(target).casefold() if folded else str(target))
        if key in seen:
            raise InputError(out, f"与另一个输出 {seen[key]} 是同一个文件 / same file as another output")
        seen[key] = str(out)
        targets.append(target)
    return targets


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one existing file (links and case included)."""
    ka, kb = _file_key(Path(a)), _file_key(Path(b))
    return ka is not None and ka == kb


class _Unclosed:
    """stdout handed out as a file: closing it must not close the process's stdout."""

    def __init__(self, stream: IO[Any]) -> None:
        self._stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def close(self) -> None:
        self._stream.flush()


def _write_error(shown: str | Path, exc: OSError) -> InputError:
    return InputError(shown, f"写入失败 / cannot write: {_problem(exc)}")


@contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temp file next to `path`'s real target; on success it replaces the target, on error it
    is removed. `-` is standard output. An OSError while writing names `path`, not the temp file."""
    if is_stdout(path):
        stream: IO[Any] = sys.stdout.buffer if "b" in mode else sys.stdout
        yield _Unclosed(stream)  # type: ignore[misc]
        stream.flush()
        return
    target = check_target(path)
    old = target.stat() if target.exists() else None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(path, f"输出目录不可写 / cannot write in the output folder: {_problem(exc)}") from None
    try:
        fh: IO[Any]
        with (os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding=encoding, newline=newline)) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(old.st_mode) if old else _default_mode())  # mkstemp makes 0600
        if old is not None and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.chown(tmp, old.st_uid, old.st_gid)
            except OSError:  # not ours to give away: the new file stays the runner's
                pass
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.filename in (None, tmp, str(target)):
            raise _write_error(path, exc) from None  # ours (a full disk), not an input's
        raise


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_open(path, "w", encoding=encoding) as fh:
        fh.write(text)


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(data)
