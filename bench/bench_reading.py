"""Benchmark of the report reader: speed (MB/s of load_report) and peak memory.

Generates its inputs (nothing is committed): a typical ~15,000-character report, and a ~20 MB
report made of generated paragraphs with varied numbers, where one block in ten is a repeat of
an earlier block so the duplicate remover works on realistic input.

    python bench/bench_reading.py            # prints a Markdown table
    python bench/bench_reading.py --mb 5     # smaller large input
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wuchuan_check.reading.formats import load_report  # noqa: E402

AREAS = ["依法全面履行政府职能", "完善依法行政制度体系", "推进行政决策科学化民主化法治化",
         "坚持严格规范公正文明执法", "强化对行政权力的制约和监督", "依法有效化解社会矛盾纠纷",
         "全面提高政府工作人员法治思维和依法行政能力"]
ACTIONS = ["深化行政审批制度改革", "推行权责清单制度", "落实重大行政决策程序", "推行行政执法三项制度",
           "加强规范性文件备案审查", "推进政务公开", "办理行政复议案件", "开展法治宣传教育",
           "健全矛盾纠纷多元化解机制", "落实领导干部学法制度", "推进综合行政执法改革",
           "完善政府法律顾问制度"]
DETAILS = ["全年共办理{n}件,办结率达到{p}%", "累计培训执法人员{n}人次,考试合格率{p}%",
           "审查规范性文件{n}件,纠正{m}件", "公开政府信息{n}条,依申请公开办结率{p}%",
           "调解各类矛盾纠纷{n}件,调解成功率{p}%", "组织专题学法{m}次,参学{n}人次",
           "梳理权责事项{n}项,取消下放{m}项"]


def paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(3, 6)):
        action = rng.choice(ACTIONS)
        detail = rng.choice(DETAILS).format(n=rng.randint(10, 99999), m=rng.randint(1, 500),
                                            p=rng.randint(60, 100))
        sentences.append(f"{rng.choice(['深入', '扎实', '持续', '全面'])}{action},{detail}")
    return "。".join(sentences) + "。"


def report(target_bytes: int, seed: int = 1) -> str:
    """A report with headings, run-in items, problems, plans and repeated blocks."""
    rng = random.Random(seed)
    out = ["某某县人民政府关于法治政府建设工作情况的报告", "",
           "2020年,我县深入贯彻落实《法治政府建设实施纲要(2015-2020年)》,现将有关情况报告如下:",
           "一、主要举措和成效"]
    size = sum(len(x.encode()) for x in out)
    blocks: list[list[str]] = []
    k = 0
    while size < target_bytes:
        k += 1
        if blocks and rng.random() < 0.1:
            block = rng.choice(blocks)  # a block pasted twice
        else:
            block = [f"({'一二三四五六七'[k % 7]}){AREAS[k % 7]}。"]
            for num in "一二三":
                block.append(f"{num}是{rng.choice(ACTIONS)}。{paragraph(rng)}")
            blocks.append(block)
        out.extend(block)
        size += sum(len(x.encode()) + 1 for x in block)
    out += ["二、存在的问题", "一是部分执法人员法治意识不强;二是基层法治力量薄弱,专业人才不足。",
            "三、下一步工作打算", "一是加强执法人员培训;二是充实基层法治工作力量。",
            "某某县人民政府", "2021年1月20日"]
    return "\n".join(out) + "\n"


_CHILD = """
import sys
sys.path.insert(0, sys.argv[2])
from wuchuan_check.reading.formats import load_report


def status(field):
    with open("/proc/self/status") as f:
        return next(int(x.split()[1]) for x in f if x.startswith(field + ":")) / 1024  # kB → MiB


with open("/proc/self/clear_refs", "w") as f:  # reset the peak (VmHWM) to the current RSS
    f.write("5")
before = status("VmRSS")
report = load_report(sys.argv[1])
print(before, status("VmHWM"))
"""


def rss_of_one_load(path: Path) -> tuple[float, float]:
    """(RSS after imports, peak RSS during one load_report) of a fresh process, in MiB (Linux)."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(ROOT)], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def measure(path: Path, repeat: int) -> dict[str, float]:
    size_mb = path.stat().st_size / 1e6
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        r = load_report(path)
        times.append(time.perf_counter() - t0)
    gc.collect()
    tracemalloc.start()
    load_report(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    base_rss, load_rss = rss_of_one_load(path)
    best = min(times)
    return {
        "mb": size_mb,
        "best_s": best,
        "median_s": statistics.median(times),
        "mb_per_s": size_mb / best,
        "peak_mb": peak / 1e6,
        "rss_mb": load_rss - base_rss,
        "sentences": len(r.sentences),
        "duplicates": r.source.duplicate_lines,
    }


def as_docx(text: str, path: Path) -> Path:
    import docx

    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    d.save(str(path))
    return path


def as_html(text: str, path: Path) -> Path:
    body = "".join(f"<p>{line}</p>\n" for line in text.split("\n") if line)
    nav = "<div class='nav'><a>首页</a> <a>政务公开</a> <a>政务服务</a></div>"
    foot = "<div id='footer'><p>主办单位：某某县人民政府办公室</p><p>某ICP备12345678号</p></div>"
    path.write_text(f"<html><head><meta charset='utf-8'><title>报告</title></head><body>{nav}"
                    f"<div class='TRS_Editor'>{body}</div>{foot}</body></html>", encoding="utf-8")
    return path


def as_pdf(text: str, path: Path, width: int = 38) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    y = 800
    c.setFont("STSong-Light", 11)
    for para in text.split("\n"):
        for i in range(0, max(len(para), 1), width):
            if y < 60:
                c.showPage()
                c.setFont("STSong-Light", 11)
                y = 800
            c.drawString(40, y, para[i:i + width])
            y -= 16
    c.showPage()
    c.save()
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20.0, help="size of the large input in MB")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        typical = Path(tmp) / "typical.txt"
        typical.write_text(report(15_000 * 3), encoding="utf-8")  # ~3 UTF-8 bytes per 字
        load_report(typical)  # warm up: imports, OpenCC, regex compilation
        rows.append(("典型报告 / typical (~15,000 字) .txt", measure(typical, repeat=20)))
        text = typical.read_text(encoding="utf-8")
        for name, make in (("docx", as_docx), ("html", as_html), ("pdf", as_pdf)):
            path = make(text, Path(tmp) / f"typical.{name}")
            rows.append((f"典型报告 / typical .{name}", measure(path, repeat=5)))
        large = Path(tmp) / "large.txt"
        large.write_text(report(int(args.mb * 1e6)), encoding="utf-8")
        rows.append((f"大文件 / large (~{args.mb:g} MB)", measure(large, repeat=1)))
    print(f"Python {platform.python_version()}, {platform.machine()}, {platform.system()}, "
          f"{os.cpu_count()} CPU\n")
    print("| 输入 / input | 大小 MB | 句子 | 重复行 | 最快 s | 中位 s | MB/s | 峰值分配 MB (tracemalloc) "
          "| 常驻内存增量 MB (RSS) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, m in rows:
        print(f"| {name} | {m['mb']:.2f} | {m['sentences']} | {m['duplicates']} | {m['best_s']:.3f} "
              f"| {m['median_s']:.3f} | {m['mb_per_s']:.2f} | {m['peak_mb']:.1f} | {m['rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
