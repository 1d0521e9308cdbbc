#!/usr/bin/env python3
"""Fill the `split` column of sources.tsv by a content-blind rule.

split = "test" if int(sha1(url).hexdigest(), 16) % 5 in (0, 1) else "tune"

The rule looks only at the URL (UTF-8 bytes), never at the text or labels,
so it can be applied before any labelling and re-run to verify the manifest.

Usage: python3 assign_split.py [path/to/sources.tsv]   (default: next to this file)
       python3 assign_split.py --check [path]           (exit 1 if any split differs)
"""
import csv
import hashlib
import sys
from pathlib import Path


def split_for(url: str) -> str:
    h = int(hashlib.sha1(url.encode("utf-8")).hexdigest(), 16)
    return "test" if h % 5 in (0, 1) else "tune"


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    path = Path(args[0]) if args else Path(__file__).with_name("sources.tsv")
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t")
        fields = reader.fieldnames
        rows = list(reader)
    if "url" not in fields or "split" not in fields:
        sys.exit(f"{path}: needs 'url' and 'split' columns")
    bad = 0
    for r in rows:
        want = split_for(r["url"])
        if r["split"] != want:
            bad += 1
            r["split"] = want
    if check:
        print(f"{len(rows)} rows, {bad} with a split that does not follow the rule")
        sys.exit(1 if bad else 0)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    n_test = sum(r["split"] == "test" for r in rows)
    print(f"{path}: {len(rows)} rows, test={n_test}, tune={len(rows) - n_test}")


if __name__ == "__main__":
    main(sys.argv[1:])
