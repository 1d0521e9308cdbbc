"""One benchmark run, one table: cold starts against the bare-import yardstick, per-stage time
per report, batch throughput with --jobs 1 and --jobs 2, worker RSS, time against report size,
and the floor (decode + one automaton pass). Writes docs/benchmarks.md from the same figures,
so the document is never copied by hand.

    python bench/run.py [--repeat 5] [--reports 400] [--max-mb 10] [--no-write]

Only the project is needed: CPU from resource.getrusage (children), wall from perf_counter, RSS
from /proc/self/status where present. The corpus is generated from the bundled examples
(bench_batch.generate), never from the seed reports. The machine may be shared: every figure
is the median of --repeat runs, and ratios are taken within this one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from bench_batch import generate  # noqa: E402  (the corpus generator the batch bench uses)

SMALL = ROOT / "examples" / "township-2018.txt"
YARDSTICK = [sys.executable, "-c", "import typer, rich, yaml, pydantic"]
CLI = [sys.executable, "-m", "wuchuan_check.cli"]


def child_cpu(cmd: list[str], repeat: int, empty_cache: bool = False, extra_env: dict[str, str] | None = None) -> float:
    """Median CPU seconds (user + system) of a command run in a child process. `empty_cache`: each
    run gets a new, empty user cache folder (a user's very first run: no cached checklist)."""
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, **(extra_env or {}), **({"XDG_CACHE_HOME": cache} if empty_cache else {})}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=ROOT, env=env)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(runs)


def median_time(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def stages(path: Path, repeat: int) -> dict[str, float]:
    """Per-stage seconds for one report, with the checklist loaded and compiled beforehand."""
    from rich.console import Console

    from wuchuan_check.checklist.model import load_outline
    from wuchuan_check.reading.formats import _read_text, parse_report_text
    from wuchuan_check.render.terminal import render
    from wuchuan_check.scoring.indicators import extract_indicators, load_indicators
    from wuchuan_check.scoring.keywords import compiled, fold
    from wuchuan_check.scoring.matching import match_report
    from wuchuan_check.scoring.scorecard import build_scorecard

    checklist = load_outline("2015-2020")
    cc = compiled(checklist)
    text = _read_text(path)[0]
    report = parse_report_text(text, str(path))
    matches = match_report(report, checklist)
    card = build_scorecard(report, checklist, None, matches=matches)
    spec, kind = load_indicators(), card.kind.kind if card.kind is not None else None
    data = path.read_bytes()
    return {
        "read": median_time(lambda: _read_text(path), repeat),
        "structure": median_time(lambda: parse_report_text(text, str(path)), repeat),
        "match": median_time(lambda: match_report(report, checklist), repeat),
        "decide": median_time(lambda: build_scorecard(report, checklist, None, matches=matches), repeat),
        "key figures": median_time(lambda: extract_indicators(report, spec, kind), repeat),
        # the console as the CLI makes it (cli._console): no markup parsing, no emoji codes
        "render": median_time(lambda: render(card, Console(file=io.StringIO(), width=120, highlight=False, markup=False,
                                                           emoji=False)), repeat),
        "floor": median_time(lambda: cc.literal_hits([fold(line) for line in data.decode("utf-8").split("\n")]), repeat),
    }


def api_loop(path: Path, repeat: int) -> tuple[float, float]:
    """(api.score_file(path) in a loop, load_report + score_report with a preloaded checklist): the
    ratio is what loading and compiling the checklist per call would add."""
    from wuchuan_check.api import score_file, score_report
    from wuchuan_check.checklist.model import load_outline
    from wuchuan_check.reading.formats import load_report

    checklist = load_outline("2015-2020")
    score_file(path, "2015-2020")
    return (median_time(lambda: score_file(path, "2015-2020"), repeat),
            median_time(lambda: score_report(load_report(path), checklist), repeat))


def worker_child(folder: Path, n: int) -> None:
    """What one batch worker does, alone in a process: score n reports (with the JSON record, as
    `batch --json` asks); prints its peak RSS and the wall time per report after the first."""
    from wuchuan_check.api import score_report
    from wuchuan_check.checklist.model import load_outline
    from wuchuan_check.reading.formats import load_report
    from wuchuan_check.render.batchfiles import BatchFiles

    checklist = load_outline("2015-2020")
    paths = sorted(folder.glob("*.txt"))[:n]
    start = time.perf_counter()
    for i, path in enumerate(paths):
        if i == 1:  # the first report pays one-off costs (first use of regexes and tables)
            start = time.perf_counter()
        BatchFiles(json_path="-").summarise(score_report(load_report(path), checklist), str(path))
    per_report = (time.perf_counter() - start) / max(1, len(paths) - 1)
    print(json.dumps({"rss_mb": rss_mb(), "per_report_s": per_report}))


def batch_rate(folder: Path, jobs: int, repeat: int) -> float:
    """Median reports per second of `wuchuan-check batch --jobs N` over the folder (wall time)."""
    n = len(list(folder.glob("*.txt")))
    with tempfile.TemporaryDirectory() as out:
        cmd = [*CLI, "batch", str(folder), "--jobs", str(jobs), "--outline", "2015-2020", "--json", f"{out}/b.json"]
        return n / median_time(lambda: subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT), repeat)


def pdf_figures(repeat: int, n: int = 40) -> tuple[float, float, float, float] | None:
    """PDF reports, through the PDF server and with one interpreter per PDF (WUCHUAN_PDF_ONE_SHOT=1):
    (batch --jobs 2 reports/s, the same one-shot, `score` of one PDF's CPU, the same one-shot).
    None off Linux (no server) or without reportlab (the test extra draws the PDFs)."""
    if sys.platform != "linux" or importlib.util.find_spec("reportlab") is None:
        return None
    import random

    import hostile_corpus

    one_shot = {"WUCHUAN_PDF_ONE_SHOT": "1"}
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as out:
        folder = Path(tmp)
        for i in range(n):
            (folder / f"r{i:03d}.pdf").write_bytes(hostile_corpus.reportlab_pdf(hostile_corpus.report_text(random.Random(100 + i))))
        cmd = [*CLI, "batch", str(folder), "--jobs", "2", "--outline", "2015-2020", "--json", f"{out}/b.json"]

        def rate(env: dict[str, str]) -> float:
            run = lambda: subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT, env={**os.environ, **env})  # noqa: E731
            return n / median_time(run, repeat)

        score = [*CLI, "score", str(folder / "r000.pdf"), "-q"]
        return rate({}), rate(one_shot), child_cpu(score, repeat), child_cpu(score, repeat, extra_env=one_shot)


def size_curve(max_mb: float, repeat: int) -> list[tuple[float, float]]:
    """(MB, seconds to read and score) for reports from 10 KB up to max_mb. Each size is a prefix
    of distinct generated reports joined (repeating one text would let the cleaner drop the
    repeats as page headers and flatter the curve)."""
    from wuchuan_check.api import score_report
    from wuchuan_check.checklist.model import load_outline
    from wuchuan_check.reading.formats import load_report

    checklist = load_outline("2015-2020")
    points = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, int(max_mb * 1_000_000 / 40_000) + 2, 15_000, seed=11)
        pool = "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))).encode("utf-8")
        for mb in [s for s in (0.01, 0.1, 1.0, 3.0, 10.0) if s <= max_mb]:
            target = int(mb * 1_000_000 * 0.98)  # under the reader's 10 MB cap
            path = folder / f"size-{mb}.bin"
            path.with_suffix(".txt").write_text(pool[:target].decode("utf-8", "ignore"), encoding="utf-8")
            reps = repeat if mb < 3 else 1
            points.append((mb, median_time(lambda: score_report(load_report(path.with_suffix(".txt")), checklist), reps)))
    return points


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--reports", type=int, default=400)
    ap.add_argument("--max-mb", type=float, default=10.0)
    ap.add_argument("--no-write", action="store_true", help="print only, do not rewrite docs/benchmarks.md")
    ap.add_argument("--worker-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker_child:
        worker_child(Path(args.worker_child[0]), int(args.worker_child[1]))
        return

    rows: list[tuple[str, str, str]] = []
    # As `pip install` leaves it: the package byte-compiled, like the yardstick's libraries. A source
    # checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise recompile ~60 modules every start.
    import wuchuan_check

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(wuchuan_check.__file__).parent)],
                   check=True, capture_output=True)
    yard = child_cpu(YARDSTICK, args.repeat)
    score_cmd = [*CLI, "score", str(SMALL), "--outline", "auto"]
    first = child_cpu(score_cmd, args.repeat, empty_cache=True)
    child_cpu(score_cmd, 1)  # fills the user's checklist cache, as any first run does
    score = child_cpu(score_cmd, args.repeat)
    helpc = child_cpu([*CLI, "--help"], args.repeat)
    rows += [
        ("冷启动 yardstick: import typer, rich, yaml, pydantic (CPU)", f"{yard * 1000:.0f} ms", "1.00×"),
        (f"冷启动 `score {SMALL.name}` (CPU)", f"{score * 1000:.0f} ms", f"{score / yard:.2f}× (目标 ≤ 2.5×)"),
        (f"首次运行 `score {SMALL.name}`(清单缓存为空, CPU)", f"{first * 1000:.0f} ms", f"{first / yard:.2f}×"),
        ("冷启动 `--help` (CPU)", f"{helpc * 1000:.0f} ms", f"{helpc / yard:.2f}× (目标 ≤ 1.5×)"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        mean_chars = generate(folder, args.reports, 4_000)
        sample = sorted(folder.glob("*.txt"))[0]
        st = stages(sample, max(args.repeat, 20))
        per_report = sum(v for k, v in st.items() if k != "floor")
        for k in ("read", "structure", "match", "decide", "key figures", "render"):
            rows.append((f"每份报告 {k} ({mean_chars / 1000:.1f}k 字)", f"{st[k] * 1000:.2f} ms", f"{st[k] / per_report:.0%}"))
        rows.append(("下限: 解码 + 一次自动机扫描", f"{st['floor'] * 1000:.2f} ms",
                     f"全流程为下限的 {per_report / st['floor']:.1f}×"))
        loop, preloaded = api_loop(sample, max(args.repeat, 20))
        rows.append(("api.score_file 循环 vs 读取 + score_report(已载入清单)", f"{loop * 1000:.1f} / {preloaded * 1000:.1f} ms",
                     f"{loop / preloaded:.2f}× (目标 ≤ 1.5×)"))
        r1, r2 = batch_rate(folder, 1, args.repeat), batch_rate(folder, 2, args.repeat)
        rows += [
            (f"batch --jobs 1 ({args.reports} 份)", f"{r1:.0f} 份/秒", "1.00×"),
            (f"batch --jobs 2 ({args.reports} 份)", f"{r2:.0f} 份/秒", f"{r2 / r1:.2f}× (目标 ≥ 300 份/秒, ≥ 1.7×)"),
        ]
        out = subprocess.run([sys.executable, __file__, "--worker-child", str(folder), "100"],
                             capture_output=True, text=True, check=True)
        worker = json.loads(out.stdout)
        worker_rss, per_report_s = worker["rss_mb"], worker["per_report_s"]
        rows.append(("每个 worker 峰值内存 (RSS, 评 100 份)", "—" if worker_rss is None else f"{worker_rss:.0f} MB", "目标 ≤ 60 MB"))
        # What bounds --jobs 2: each report's own work in a worker, and the run's fixed start-up.
        rows.append(("batch worker 每份报告 (读取+评分+汇总)", f"{per_report_s * 1000:.2f} ms",
                     f"2 核上限 ≈ {2 / per_report_s:.0f} 份/秒 (不计启动与进程间通信)"))
        with tempfile.TemporaryDirectory() as one:
            (Path(one) / sample.name).write_bytes(sample.read_bytes())
            startup = 1 / batch_rate(Path(one), 2, args.repeat)
        rows.append(("batch 启动 (--jobs 2, 1 份报告, 墙钟)", f"{startup * 1000:.0f} ms",
                     f"占 {args.reports} 份批次耗时的 {startup * r2 / args.reports:.0%}"))
    pdf = pdf_figures(args.repeat)
    if pdf is not None:
        served, one, score_served, score_one = pdf
        rows += [
            ("batch --jobs 2, PDF (40 份): PDF 服务进程 / 每份新解释器", f"{served:.0f} / {one:.0f} 份/秒", f"{served / one:.2f}×"),
            ("`score` 一份 PDF (CPU): PDF 服务进程 / 每份新解释器", f"{score_served * 1000:.0f} / {score_one * 1000:.0f} ms",
             f"{score_served / score_one:.2f}×"),
        ]
    curve = size_curve(args.max_mb, args.repeat)
    base_mb, base_s = curve[min(2, len(curve) - 1)]
    for mb, seconds in curve:
        rows.append((f"报告大小 {mb:g} MB: 读取+评分", f"{seconds * 1000:.0f} ms",
                     f"{seconds / mb * 1:.2f} s/MB ({seconds / mb / (base_s / base_mb):.2f}× of 1 MB rate)"))

    cores = os.cpu_count()
    head = f"wuchuan-check benchmark — Python {platform.python_version()}, {cores} cores, median of {args.repeat} runs"
    table = ["| 项目 / measure | 结果 / result | 比值 / ratio |", "|---|---|---|"]
    table += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    print(head)
    print("\n".join(table))
    if not args.no_write:
        doc = [
            "# Benchmarks",
            "",
            "Written by `python bench/run.py` (never edited by hand). CPU times of cold starts are",
            "children's user+system time (resource.getrusage); per-report and batch figures are wall",
            "time (perf_counter); RSS is VmHWM from /proc. Corpus: reports generated from the bundled",
            "examples. Every figure is the median of several runs on a possibly shared machine.",
            "The package is byte-compiled first, as `pip install` leaves it (the yardstick's libraries are too).",
            "Cold starts run with the user's checklist cache filled (every run after a user's first);",
            "the first-run row gives each run an empty cache folder, so it parses and compiles the checklist.",
            "`batch worker 每份报告` is one report's read, score and summary in one process: two cores cannot",
            "go past 2 / that time whatever the pool does; `batch 启动` is what a batch pays before its first",
            "report (imports, checklist, two forked workers), a large share of a 200-report run.",
            "The PDF rows read the same 40 PDFs (drawn with reportlab, 1-3 pages) through the PDF server",
            "(Linux: one warm pdfminer process per reader, a forked child per PDF) and with",
            "WUCHUAN_PDF_ONE_SHOT=1 (a new interpreter per PDF, as on Windows and macOS).",
            "",
            f"{head}, {time.strftime('%Y-%m-%d')}.",
            "",
            *table,
            "",
        ]
        (ROOT / "docs" / "benchmarks.md").write_text("\n".join(doc), encoding="utf-8")


if __name__ == "__main__":
    main()
