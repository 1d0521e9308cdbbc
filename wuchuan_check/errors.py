"""Errors the user caused (bad input), as opposed to bugs.

The CLI turns any `InputError` into one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class InputError(Exception):
    """A file the user gave us cannot be used; `str()` is the one-line message shown to them."""

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class ReportReadError(InputError):
    """A report cannot be read: unknown format, binary, empty, undecodable, no text layer."""


class ChecklistError(InputError):
    """A checklist file is broken; `problems` lists every problem found, not just the first."""

    def __init__(self, path: str | Path | None, problems: list[str]) -> None:
        self.problems = list(problems)
        summary = f"有 {len(problems)} 处错误 / {len(problems)} problem(s): " + "; ".join(problems[:3])
        if len(problems) > 3:
            summary += " …"
        super().__init__(path, summary)


def read_input_bytes(path: str | Path, limit: int, error: type[InputError] = InputError,
                     what: str = "文件") -> bytes:
    """The bytes of a user's input file, refusing anything that is not a readable regular file
    no larger than `limit` — each case with its own one-line problem (raised as `error`).

    The file is opened first and checked with fstat on the open descriptor, so a path swapped
    between the check and the read cannot slip a device or a huge file through; reading stops at
    `limit` + 1 bytes whatever the size claims (a file growing while read, /proc files)."""
    import errno
    import os
    import stat

    def fail(problem: str) -> InputError:
        return error(path, problem) if error is not ChecklistError else ChecklistError(path, [problem])

    problems = {
        errno.ENOENT: "文件不存在 / file not found",
        errno.ENOTDIR: "路径中有一段不是文件夹 / a part of the path is not a folder",
        errno.ELOOP: "符号链接循环,无法解析路径 / symbolic link loop",
        errno.ENAMETOOLONG: "路径或文件名太长 / path or file name too long",
        errno.EACCES: "没有读取权限 / permission denied",
        errno.EPERM: "没有读取权限 / permission denied",
        errno.EISDIR: "这是一个文件夹,不是文件 / is a directory",
    }
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise fail("这是一个文件夹,不是文件 / is a directory")
        if not stat.S_ISREG(st.st_mode):  # a FIFO blocks, /dev/zero never ends
            kind = ("设备文件" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                    else "管道" if stat.S_ISFIFO(st.st_mode) else "套接字" if stat.S_ISSOCK(st.st_mode)
                    else "特殊文件")
            raise fail(f"不是普通文件({kind}) / not a regular file")
        if st.st_size > limit:
            raise fail(f"{what}太大({st.st_size / 1048576:.1f} MB,上限 {limit // 1048576} MB)"
                       f" / file too large")
        with open(path, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise fail("不是普通文件 / not a regular file")
            data = read_limited(f, limit)
    except InputError:
        raise
    except OSError as exc:
        known = problems.get(exc.errno or 0)
        raise fail(known or f"无法读取文件 / cannot read file ({exc.strerror or exc})") from None
    except ValueError:  # embedded NUL in the path
        raise fail("路径含有空字符 / path contains a NUL character") from None
    if len(data) > limit:
        raise fail(f"{what}太大(超过 {limit // 1048576} MB) / file too large")
    return data


def read_limited(stream: Any, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a binary stream (one more than allowed tells "too large").

    In 1 MiB steps: read(limit + 1) reserves the whole limit up front, so every small report would
    need ~100 MB of address space under a batch worker's memory cap."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0 and (chunk := stream.read(min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
