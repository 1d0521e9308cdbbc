"""Benchmark of `wuchuan-check batch`: reports per second and peak memory, 1 vs 2 worker processes.

Generates its inputs (nothing is committed): N reports of about 15,000 characters assembled from
the paragraphs of the bundled examples/*.txt (achievements, problems and plans kept in their own
sections), shuffled, with place names, years and figures varied so no two are alike.

Each configuration runs in a fresh Python process so peak RSS is its own: RUSAGE_SELF is the
parent (which streams the CSV and JSON and keeps the per-report summaries), RUSAGE_CHILDREN the
largest worker. With --jobs 1 the parent scores in-process, so it has no workers.

    python bench/bench_batch.py               # 1,000 reports, prints a Markdown table
    python bench/bench_batch.py --reports 200
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLES = ROOT / "examples"
PLACES = ["岚溪县", "梧原县", "芦岗镇", "云江市", "澜州市", "泓川区"]  # the fictional names in the examples
FIRST = "青松桐柏枫杉榆槐柳梅兰竹菊荷桂棠蒲苇芦葵"
SECOND = "川山河原湖溪源江泉冈岭坪阳宁安平丰和"
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_NUMBER = re.compile(r"(?<![0-9.])(\d{1,5})(?![0-9年])")


def paragraph_pools() -> dict[str, list[str]]:
    """Body paragraphs of the examples by the role of the section they stand in."""
    pools: dict[str, list[str]] = {"achievement": [], "problem": [], "plan": []}
    for path in sorted(EXAMPLES.glob("*.txt")):
        role = None
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if _TOP_HEADING.match(line):
                role = "problem" if re.search("问题|不足", line) else "plan" if re.search("下一步|打算|计划", line) else "achievement"
            elif role and len(line) > 30:  # sub-headings, signature and date are short
                pools[role].append(line)
    return pools


def vary(text: str, place: str, rng: random.Random) -> str:
    """Another place's paragraph: the report's own place name, figures scaled by 0.5–1.5."""
    for name in PLACES:
        text = text.replace(name, place)
    return _NUMBER.sub(lambda m: str(max(1, round(int(m.group(1)) * rng.uniform(0.5, 1.5)))), text)


def make_report(pools: dict[str, list[str]], rng: random.Random, target_chars: int) -> str:
    place = rng.choice(FIRST) + rng.choice(SECOND) + "县"
    year = rng.randint(2016, 2020)
    lines = [f"{place}人民政府关于{year}年度法治政府建设情况的报告", f"{rng.choice(FIRST)}{rng.choice(SECOND)}市人民政府:",
             f"{year}年,{place}人民政府深入贯彻落实《法治政府建设实施纲要(2015-2020年)》,现将有关情况报告如下。",
             f"一、{year}年法治政府建设主要工作及成效"]
    tail = ["二、存在的问题和不足", *(vary(p, place, rng) for p in rng.sample(pools["problem"], 4)),
            f"三、{year + 1}年工作打算", *(vary(p, place, rng) for p in rng.sample(pools["plan"], 4)),
            f"{place}人民政府", f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]
    size = sum(map(len, lines + tail))
    body = rng.sample(pools["achievement"], len(pools["achievement"]))
    for k, paragraph in enumerate(body):
        if size >= target_chars:
            break
        if k % 5 == 0:
            lines.append(f"({'一二三四五六七八九十'[(k // 5) % 10]}){rng.choice(['强化', '深化', '推进', '健全'])}法治政府建设第{k // 5 + 1}方面工作")
        text = vary(paragraph, place, rng)
        lines.append(text)
        size += len(text)
    return "\n".join(lines + tail) + "\n"


def generate(folder: Path, n: int, target_chars: int, seed: int = 7) -> float:
    """Write n reports into folder; returns their mean length in characters."""
    pools = paragraph_pools()
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        text = make_report(pools, rng, target_chars)
        total += len(text)
        (folder / f"report-{i:04d}.txt").write_text(text, encoding="utf-8")
    return total / n


def run_one(folder: Path, jobs: int, limit: int, out: Path) -> dict[str, float]:
    """In a fresh process: score the first `limit` reports, streaming the CSV and the JSON."""
    from wuchuan_check.render.batchfiles import BatchFiles
    from wuchuan_check.runs.batch import collect_paths, run_batch

    files = collect_paths([folder])[0][:limit]
    start = time.perf_counter()
    result = run_batch(files, jobs=jobs, outputs=BatchFiles(out / "matrix.csv", out / "batch.json"))
    seconds = time.perf_counter() - start
    rates = [r.tally.rate_applicable or 0.0 for r in result.reports]
    return {
        "jobs": jobs, "reports": len(result.reports), "failed": len(result.failures), "seconds": seconds,
        "parent_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "csv_mb": (out / "matrix.csv").stat().st_size / 1e6, "json_mb": (out / "batch.json").stat().st_size / 1e6,
        "rate_min": min(rates), "rate_max": max(rates),
    }


def measure(folder: Path, jobs: int, limit: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        args = [sys.executable, __file__, "--run", str(folder), "--jobs", str(jobs), "--reports", str(limit), "--out", out]
        proc = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--chars", type=int, default=15000, help="target length of each report")
    ap.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # child mode: one measurement
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        print(json.dumps(run_one(args.run, args.jobs, args.reports, args.out)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        mean_chars = generate(folder, args.reports, args.chars)
        quarter = max(1, args.reports // 4)
        runs = [measure(folder, 1, args.reports), measure(folder, 2, args.reports), measure(folder, 2, quarter)]
    print(f"{args.reports} generated reports, mean {mean_chars:,.0f} characters; "
          f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs\n")
    print("| --jobs | reports | seconds | reports/s | parent peak RSS | worker peak RSS | CSV | JSON |")
    print("|---|---|---|---|---|---|---|---|")
    for r in runs:
        worker = f"{r['worker_rss_mb']:.0f} MB" if r["jobs"] > 1 else "— (in-process)"
        print(f"| {r['jobs']} | {r['reports']:.0f} | {r['seconds']:.1f} | {r['reports'] / r['seconds']:.1f} | "
              f"{r['parent_rss_mb']:.0f} MB | {worker} | {r['csv_mb']:.1f} MB | {r['json_mb']:.1f} MB |")
    print(f"\nfailed: {sum(r['failed'] for r in runs):.0f}; completion rate (applicable) across reports: "
          f"{runs[0]['rate_min']:.1%}–{runs[0]['rate_max']:.1%}")


if __name__ == "__main__":
    main()
