"""Key-figure extraction against two independent annotators' values (eval/indicators/).

Annotators E and F read four seeds and six sample reports and wrote each of the 22 figures the
report states for its year (or none). Only the pairs where they agree are gold (212 of 220); the
figures are recorded in docs/accuracy.md. The guards sit below the measured figures as regression
guards: extraction was developed on these reports' kind of text (in-sample for the examples).
"""

from __future__ import annotations

import csv
from pathlib import Path

from wuchuan_check.reading.formats import load_report
from wuchuan_check.scoring.indicators import extract_indicators, load_indicators

LABELS = Path(__file__).resolve().parent.parent / "eval" / "indicators"
PRECISION_GUARD = 0.85  # measured 0.887 (47 of 53 values found were right)
RECALL_GUARD = 0.53  # measured 0.580 (47 of 81 stated values)


def _values(name: str) -> dict[tuple[str, str], str]:
    with (LABELS / name).open(encoding="utf-8") as fh:
        return {(r["report"], r["indicator"]): r["value"].strip() for r in csv.DictReader(fh, delimiter="\t")}


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def agreed_gold() -> dict[tuple[str, str], float | None]:
    """(report, indicator) → the agreed value, None where both said the report does not state it."""
    e, f = _values("values-E.tsv"), _values("values-F.tsv")
    gold: dict[tuple[str, str], float | None] = {}
    for key, ev in e.items():
        en, fn = _number(ev), _number(f[key])
        if en is not None and en == fn:
            gold[key] = en
        elif en is None and fn is None and ev == f[key] == "none":
            gold[key] = None
    return gold


def test_annotators_agree_on_most_figures():
    e, f = _values("values-E.tsv"), _values("values-F.tsv")
    assert e.keys() == f.keys() and len(e) == 220
    assert len(agreed_gold()) / len(e) >= 0.9


def test_extraction_precision_and_recall(seeds_dir, examples_dir):
    gold = agreed_gold()
    spec = load_indicators()
    right = found = stated = 0
    for report in sorted({r for r, _ in gold}):
        path = seeds_dir / report if report[:3].isdigit() else examples_dir / report
        values = {v.indicator.id: v for v in extract_indicators(load_report(path), spec)}
        for (r, ind), want in gold.items():
            if r != report:
                continue
            v = values[ind]
            got = v.value if v.status == "found" else None
            found += got is not None
            stated += want is not None
            right += got is not None and want is not None and abs(got - want) < 1e-6
    assert found and stated
    precision, recall = right / found, right / stated
    assert precision >= PRECISION_GUARD, f"precision {precision:.3f} ({right}/{found})"
    assert recall >= RECALL_GUARD, f"recall {recall:.3f} ({right}/{stated})"

