"""Errors the user caused (bad input), as opposed to bugs.

The CLI turns any `InputError` into one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path


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
