"""Level accuracy on labelled texts: the tuning part of the development set, the seeds, the examples.

Usage: python bench/level_accuracy.py [-v]. Reads local texts only (.devtexts/, ../shared/seeds/).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from wuchuan_check.reading.formats import load_report

ROOT = Path(__file__).resolve().parent.parent
ANNOT = ROOT.parent / "annot"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def cases() -> list[tuple[str, Path, str]]:
    out: list[tuple[str, Path, str]] = []
    adj = ANNOT / "adjudicated" / "devset-docs.tsv"
    split = {r["id"]: r["split"] for r in _rows(ROOT / "eval" / "devset" / "sources.tsv")}
    if adj.exists():
        for r in _rows(adj):
            p = ROOT / ".devtexts" / f"{r['report']}.txt"
            if split.get(r["report"]) == "tune" and p.exists() and r["level"] != "unknown":
                out.append(("tune", p, r["level"]))
    seeds = ROOT.parent / "shared" / "seeds"
    for r in _rows(ANNOT / "annotator-A" / "level-kind.tsv"):
        if (seeds / r["report"]).exists():
            out.append(("seed", seeds / r["report"], r["level"]))
    for r in _rows(ROOT / "examples" / "control-labels.tsv"):
        if r.get("level") and r["level"] != "unknown":
            out.append(("example", ROOT / "examples" / r["file"], r["level"]))
    return out


def main() -> None:
    verbose = "-v" in sys.argv
    per: dict[str, list[int]] = {}
    for part, path, gold in cases():
        meta = load_report(path).meta
        got = meta.level.value if meta.level else "none"
        ok = got == gold
        per.setdefault(part, []).append(int(ok))
        if verbose or not ok:
            conf = getattr(meta, "level_confidence", None)
            print(f"{'OK ' if ok else 'BAD'} {part:7} {path.name:32} gold={gold:10} got={got:10} "
                  f"conf={conf} issuer={meta.issuer} | {meta.level_reason}")
    for part, oks in per.items():
        print(f"{part}: {sum(oks)}/{len(oks)} = {sum(oks) / len(oks):.3f}")


if __name__ == "__main__":
    main()
