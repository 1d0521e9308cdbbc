"""wuchuan-check: score a rule-of-law government report against the national outline.

The public API, importable from the package root::

    from wuchuan_check import score_file
    card = score_file("report.docx")        # a Scorecard: tally, measures, items, evidence

Names are loaded on first use, so `import wuchuan_check` (and `wuchuan-check --help`) stays cheap.
The pipeline and its packages are described in docs/architecture.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"  # the one version source: pyproject.toml reads it (tool.setuptools.dynamic)

# public name -> module that defines it
_EXPORTS = {
    "score_file": "wuchuan_check.api",
    "score_report": "wuchuan_check.api",
    "parse_level": "wuchuan_check.api",
    "load_report": "wuchuan_check.reading.formats",
    "Report": "wuchuan_check.reading.document",
    "Level": "wuchuan_check.reading.document",
    "load_outline": "wuchuan_check.checklist.model",
    "load_checklist_file": "wuchuan_check.checklist.model",
    "Checklist": "wuchuan_check.checklist.model",
    "load_tailoring": "wuchuan_check.checklist.tailoring",
    "Scorecard": "wuchuan_check.scoring.scorecard",
    "Status": "wuchuan_check.scoring.scorecard",
    "Settings": "wuchuan_check.settings",
    "DEFAULT_SETTINGS": "wuchuan_check.settings",
    "InputError": "wuchuan_check.errors",
    "ChecklistError": "wuchuan_check.errors",
    "run_batch": "wuchuan_check.runs.batch",
    "compare_files": "wuchuan_check.runs.compare",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'wuchuan_check' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
