"""Scoring results on the seeds and examples stay exactly what they were: the JSON of every file
against each outline is compared, by digest, with the digests recorded in
tests/data/results-digests.json (taken from the flat-module code before the move into packages).

A deliberate change to results (a keyword, a rule) changes digests: check the difference with
`wuchuan-check score FILE --json -`, then record the new ones with

    python tests/test_results_unchanged.py --write
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from wuchuan_check.api import score_file
from wuchuan_check.render.export import scorecard_dict

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"
DIGESTS = Path(__file__).resolve().parent / "data" / "results-digests.json"
OUTLINES = ("auto", "2015-2020", "2021-2025")


def digest(path: Path, outline: str) -> str:
    d = scorecard_dict(score_file(path, outline))
    d.pop("tool", None)  # version and build: not a result
    text = json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True)
    for folder, name in ((EXAMPLES, "EX"), (SEEDS, "SEEDS")):  # as given and symlinks resolved
        text = text.replace(str(folder.resolve()), name).replace(str(folder), name)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _recorded() -> dict[str, str]:
    return json.loads(DIGESTS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.txt")))
def test_examples_score_as_recorded(name):
    recorded = _recorded()
    for outline in OUTLINES:
        key = f"examples/{name}|{outline}"
        assert recorded.get(key) == digest(EXAMPLES / name, outline), f"{key}: results changed (see module docstring)"


def test_seeds_score_as_recorded(seeds_dir):
    recorded = _recorded()
    for path in sorted(seeds_dir.glob("*.txt")):
        for outline in OUTLINES:
            key = f"seeds/{path.name}|{outline}"
            assert recorded.get(key) == digest(path, outline), f"{key}: results changed (see module docstring)"


def _write() -> None:
    files = [("examples", p) for p in sorted(EXAMPLES.glob("*.txt"))] + [("seeds", p) for p in sorted(SEEDS.glob("*.txt"))]
    out = {f"{kind}/{p.name}|{o}": digest(p, o) for kind, p in files for o in OUTLINES}
    DIGESTS.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(out)} digests written to {DIGESTS}")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    _write()
