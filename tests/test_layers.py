"""The package's imports flow one way, in pipeline order (docs/architecture.md).

reading → checklist → scoring → api → runs | evaluation → render → cli. A module may import its
own package, any lower layer, and the foundation (errors, settings, the package root). Imports
inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wuchuan_check"
# The foundation every layer may use: errors, settings (every weight), labels (every name users see),
# the user's cache folder and the compiled-regex store kept in it.
FOUNDATION = {"wuchuan_check", "wuchuan_check.errors", "wuchuan_check.settings", "wuchuan_check.labels", "wuchuan_check.outline",
              "wuchuan_check.usercache", "wuchuan_check.regexes"}
RANK = {"reading": 1, "checklist": 2, "scoring": 3, "api": 4, "runs": 5, "evaluation": 5, "render": 6,
        "cli": 7}


def _layer(module: str) -> str:
    """wuchuan_check.scoring.matching -> scoring; wuchuan_check.api -> api."""
    layer = module.split(".")[1]
    return "cli" if layer == "__main__" else layer  # `python -m wuchuan_check` is the CLI


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every wuchuan_check import in the file, relative ones resolved."""
    here = _module_name(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("wuchuan_check")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
            if base.startswith("wuchuan_check"):
                found.append((node.lineno, base))
    return found


@functools.cache
def _edges() -> tuple[tuple[str, int, str], ...]:
    """Every import edge, parsed once per process (~0.5 s: the three tests below walk the same files)."""
    return tuple((_module_name(p), line, target) for p in sorted(PACKAGE.rglob("*.py")) for line, target in _imports(p))


def _allowed(source: str, target: str) -> bool:
    if target in FOUNDATION or _layer(source) not in RANK:
        return True
    src, dst = _layer(source), _layer(target)
    if src == dst:
        return True
    return dst in RANK and RANK[dst] < RANK[src]


def test_every_module_belongs_to_a_layer():
    loose = [m for m, _, _ in _edges() if m.count(".") == 1 and _layer(m) not in RANK | {"errors": 0, "settings": 0, "labels": 0, "usercache": 0, "regexes": 0}]
    assert not loose, f"modules outside the pipeline packages: {sorted(set(loose))}"


def test_imports_flow_one_way():
    against = [f"{src} (line {line}) imports {dst}" for src, line, dst in _edges() if not _allowed(src, dst)]
    assert not against, "imports against the pipeline order:\n" + "\n".join(against)


def test_foundation_imports_no_pipeline_stage():
    for src, line, dst in _edges():
        if src in FOUNDATION - {"wuchuan_check"}:
            assert dst in FOUNDATION, f"{src} (line {line}) imports {dst}"


@pytest.mark.parametrize(("source", "target", "ok"), [
    ("wuchuan_check.scoring.matching", "wuchuan_check.reading.document", True),
    ("wuchuan_check.reading.formats", "wuchuan_check.scoring.matching", False),
    ("wuchuan_check.runs.batch", "wuchuan_check.render.export", False),
    ("wuchuan_check.runs.batch", "wuchuan_check.evaluation.metrics", False),
    ("wuchuan_check.render.html", "wuchuan_check.runs.batch", True),
    ("wuchuan_check.api", "wuchuan_check.evaluation.metrics", False),
])
def test_the_rule_itself(source, target, ok):
    assert _allowed(source, target) is ok
