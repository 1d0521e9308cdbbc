"""Evaluation results in the terminal: the tool beside the baselines, confusion, disagreements."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from wuchuan_check.evaluation.metrics import GOLD_NA, Agreement, EvalResult, LoroResult, Metrics
from wuchuan_check.scoring.scorecard import Status


def _row(name: str, m: Metrics) -> list[str]:
    return [name, f"{m.precision:.3f}", f"{m.recall:.3f}", f"{m.f1:.3f}", f"{m.tp}/{m.fp}/{m.fn}/{m.tn}"]


def agreement_line(a: Agreement | None, note: str = "") -> str:
    """The annotators' agreement, printed beside every figure: what the tool can be held to."""
    if a is None:
        return f"标注者一致性:{note or '未给出'}"
    return (f"标注者一致性({a.names[0]} 对 {a.names[1]},{a.n} 个共同标注):严格 F1 {a.strict.f1:.3f},"
            f"κ {a.kappa:.3f},原始一致率 {a.raw:.3f}" + (f";仅一方标注 {a.only_one} 个" if a.only_one else ""))


def render_agreement(a: Agreement, console: Console) -> None:
    table = Table(title=f"标注者一致性({a.names[0]} 对 {a.names[1]})", header_style="bold")
    for col in ("共同标注", "严格 F1(标注 2)", "Cohen's κ(0/1/2/na)", "原始一致率", "仅一方标注"):
        table.add_column(col, justify="right")
    table.add_row(str(a.n), f"{a.strict.f1:.3f}", f"{a.kappa:.3f}", f"{a.raw:.3f}", str(a.only_one))
    console.print(table)


def render_loro(loro: LoroResult, console: Console, agree: str) -> None:
    table = Table(title="留一报告交叉验证(在其余报告上选阈值,在留出的报告上测)", header_style="bold")
    for col in ("留出报告", "done_score", "partial_score", "训练 F1", "留出 严格 F1", "留出 宽松 F1"):
        table.add_column(col, justify="left" if col == "留出报告" else "right")
    for f in loro.folds:
        table.add_row(f.held_out, f"{f.done_score:.2f}", f"{f.partial_score:.2f}", f"{f.train_f1:.3f}",
                      f"{f.strict.f1:.3f}", f"{f.lenient.f1:.3f}")
    table.add_row("合计(留出部分)", "", "", "", f"{loro.strict.f1:.3f}", f"{loro.lenient.f1:.3f}", style="bold")
    console.print(table)
    console.print(agree)


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
    agree = agreement_line(result.agreement, result.agreement_note)
    console.print(agree)
    console.print(f"BM25 基线的阈值在同一标注集上调到最优:{result.bm25_cutoff:.2f}")
    if result.skipped:
        n = sum(result.skipped.values())
        ids = "、".join(result.skipped)
        console.print(f"跳过 {n} 个金标准标注:所用清单中已无 {ids} / skipped {n} gold rows not in the checklist")
    if result.loro is not None:
        render_loro(result.loro, console, agree)

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
