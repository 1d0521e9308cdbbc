"""Benchmark: scoring time per report, and the CLI's cold start.

Reports are generated from the bundled examples (our own text): paragraphs shuffled, numbers
varied, repeated to ~15,000 characters, so the matcher sees realistic density. Prints figures;
results are recorded by hand in docs/benchmarks.md.

    python bench/bench_scoring.py [--reports 50] [--cold-runs 5]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))


def generate_report(rng: random.Random, target_chars: int = 15_000) -> str:
    """A plausible report: a title, then example paragraphs in shuffled order with new figures."""
    paragraphs = [
        line
        for path in EXAMPLES
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line) > 40
    ]
    body, size = [], 0
    while size < target_chars:
        para = rng.choice(paragraphs)
        para = re.sub(r"\d+", lambda m: str(rng.randint(1, 999)), para)
        body.append(para)
        size += len(para)
    headings = ["一、主要工作及成效", "二、存在的问题", "三、下一步工作打算"]
    cut1, cut2 = int(len(body) * 0.75), int(len(body) * 0.88)
    parts = [f"示范县人民政府关于{rng.randint(2016, 2020)}年度法治政府建设情况的报告", headings[0]]
    parts += body[:cut1] + [headings[1]] + body[cut1:cut2] + [headings[2]] + body[cut2:]
    return "\n".join(parts) + "\n"


def bench_scoring(n: int) -> dict[str, float]:
    from wuchuan_check.api import score_report
    from wuchuan_check.checklist.model import load_outline
    from wuchuan_check.reading.formats import parse_report_text

    rng = random.Random(7)
    texts = [generate_report(rng) for _ in range(n)]
    outline = load_outline("2015-2020")
    score_report(parse_report_text(texts[0]), outline)  # warm: jieba dictionary, compiled keywords
    read_times, score_times = [], []
    for text in texts:
        t0 = time.perf_counter()
        report = parse_report_text(text)
        t1 = time.perf_counter()
        score_report(report, outline)
        t2 = time.perf_counter()
        read_times.append(t1 - t0)
        score_times.append(t2 - t1)
    total = [a + b for a, b in zip(read_times, score_times)]
    return {
        "reports": n,
        "mean_chars": statistics.mean(len(t) for t in texts),
        "parse_ms_median": statistics.median(read_times) * 1000,
        "score_ms_median": statistics.median(score_times) * 1000,
        "total_ms_median": statistics.median(total) * 1000,
        "total_ms_p95": sorted(total)[int(0.95 * (n - 1))] * 1000,
        "reports_per_s_one_core": n / sum(total),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def bench_cold_start(runs: int) -> dict[str, float]:
    """Wall time of `wuchuan-check score` on one example in a fresh interpreter."""
    example = ROOT / "examples" / "county-annual-2019.txt"
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "wuchuan_check", "score", str(example), "--json", f"{tmp}/r.json"],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - t0)
    return {"runs": runs, "cold_start_s_median": statistics.median(times), "cold_start_s_min": min(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {len(EXAMPLES)} example files as source text")
    for key, value in bench_scoring(args.reports).items():
        print(f"scoring  {key:24s} {value:10.2f}")
    for key, value in bench_cold_start(args.cold_runs).items():
        print(f"cli      {key:24s} {value:10.2f}")


if __name__ == "__main__":
    main()
