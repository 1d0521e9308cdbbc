"""Evaluation results in the terminal: the tool beside the baselines, confusion, disagreements."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .evaluation import GOLD_NA, EvalResult, Metrics
from .scorecard import Status


def _row(name: str, m: Metrics) -> list[str]:
    return [name, f"{m.precision:.3f}", f"{m.recall:.3f}", f"{m.f1:.3f}", f"{m.tp}/{m.fp}/{m.fn}/{m.tn}"]


def render_eval(result: EvalResult, console: Console, show_disagreements: bool = True) -> None:
    unit = "支项" if result.unit == "item" else "分项"
    table = Table(
        title=f"{unit}级准确性({result.n_reports} 份报告,{result.n_labels} 个标注;金标准 2 = 已完成)",
        header_style="bold",
    )
    for col in ("方法", "精确率", "召回率", "F1", "TP/FP/FN/TN"):
        table.add_column(col, justify="left" if col == "方法" else "right")
    for name, m in result.strict.items():
        table.add_row(*_row(name, m), style="bold" if name == "wuchuan-check" else "")
    table.add_row(*_row("wuchuan-check(宽松:金标准≥1 对 已完成/待完善)", result.lenient), style="dim")
    console.print(table)
    console.print(f"BM25 基线的阈值在同一标注集上调到最优:{result.bm25_cutoff:.2f}")

    conf = Table(title=f"混淆表(行:金标准;列:工具判定的{unit}状态)", header_style="bold")
    conf.add_column("金标准")
    for s in Status:
        conf.add_column(s.label if result.unit == "item" else s.measure_label, justify="right")
    for label, counter in result.confusion.items():
        conf.add_row("不涉及" if label == GOLD_NA else f"{label}", *[str(counter.get(s, 0)) for s in Status])
    console.print(conf)

    if show_disagreements and result.disagreements:
        dis = Table(title=f"不一致({len(result.disagreements)} 处)", header_style="bold", show_lines=True)
        for col in ("报告", unit, "金标准", "工具", "工具所用证据", "标注说明"):
            dis.add_column(col)
        for d in result.disagreements:
            gold = "不涉及" if d.gold == GOLD_NA else str(d.gold)
            status = d.status.label if result.unit == "item" else d.status.measure_label
            dis.add_row(d.report, d.measure, gold, status, d.evidence[:80], d.note[:80])
        console.print(dis)
