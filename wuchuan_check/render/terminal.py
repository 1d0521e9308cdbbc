"""The scorecard in the terminal (rich): headline, a table per area, the gap list, details."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from wuchuan_check.labels import AREA, FORMULA_APPLICABLE, FORMULA_WITH_NA, RATE_APPLICABLE, RATE_WITH_NA, area_label
from wuchuan_check.reading.metadata import LOW_LEVEL_CONFIDENCE
from wuchuan_check.render.indicators import render_indicators
from wuchuan_check.scoring.scorecard import ItemResult, Scorecard, Status, Tally
from wuchuan_check.scoring.selfreport import comparison_lines

STATUS_STYLE = {
    Status.DONE: "green",
    Status.PARTIAL: "yellow",
    Status.MISSING: "red",
    Status.NA: "dim",
}


def pct(r: float | None) -> str:
    return "—" if r is None else f"{r * 100:.1f}%"


def status_text(status: Status, measure: bool = False) -> Text:
    return Text(status.measure_label if measure else status.label, style=STATUS_STYLE[status])


def rate_lines(t: Tally, prefix: str = "") -> str:
    """Both completion rates, each with its formula and the counts put in."""
    return (f"{prefix}{RATE_WITH_NA} = {FORMULA_WITH_NA} = ({t.done}+{t.na})/{t.total} = {pct(t.rate_with_na)}\n"
            f"{prefix}{RATE_APPLICABLE} = {FORMULA_APPLICABLE} = {t.done}/{t.applicable} = {pct(t.rate_applicable)}")


def headline(card: Scorecard) -> str:
    """The summary: counts, both completion rates and how each is computed, and the report's own
    figures beside them (with why they differ) when it states any."""
    t = card.tally
    n_areas, n_measures = len(card.areas), len(card.measures)
    own = comparison_lines(card.self_declared, t)
    return (
        f"对照《{card.checklist.title}》{n_areas}{AREA} {n_measures}分项 {t.total}个支项:\n"
        f"已完成 {t.done} 项,待完善 {t.partial} 项,未体现 {t.missing} 项,不涉及 {t.na} 项。\n"
        + rate_lines(t) + "".join(f"\n{line}" for line in own)
    )


def _report_line(card: Scorecard) -> str:
    meta, src = card.report.meta, card.report.source
    bits = [f"报告:{meta.title or src.path or '(未命名)'}"]
    if meta.issuer:
        bits.append(f"发文单位:{meta.issuer}")
    if meta.period:
        bits.append(f"期间:{meta.period[0]}-{meta.period[1]}年")
    elif meta.year:
        bits.append(f"年度:{meta.year}")
    bits.append(f"层级:{card.level.label}({card.level_source})")
    conf = meta.level_confidence
    if card.level_source != "命令行指定" and (conf is None or conf < LOW_LEVEL_CONFIDENCE):
        shown = f"{conf:.2f}" if conf is not None else "无线索"
        bits.append(f"层级置信度低({shown}),请核对,可用 --level 指定 / low confidence in the level: check it or pass --level")
    bits.append(f"纲要:{card.checklist.title}({card.outline_reason or '指定'})")
    if card.kind is not None:
        bits.append(f"文件类型:{card.kind.label}({';'.join(card.kind.reasons[:2])})")
    if card.kind_warning:
        bits.append(f"⚠ {card.kind_warning}")
    bits.extend(f"注意:{note}" for note in card.report.notes)  # e.g. tracked changes read as accepted
    if card.checklist.base is not None:  # a plan that extends a built-in outline
        bits.append(f"依据:{card.checklist.base.title}(本清单未列出的分项、支项沿用该纲要)")
    if card.tailoring is not None:
        bits.append(f"裁剪:{card.tailoring.name}({card.tailoring.source})")
    return "\n".join(bits)


def _tally_cells(t: Tally) -> list[str]:
    return [str(t.done), str(t.partial), str(t.missing), str(t.na), pct(t.rate_applicable)]


def area_table(card: Scorecard) -> Table:
    table = Table(title="分大项情况(按支项计)", header_style="bold", show_lines=False)
    table.add_column(AREA, overflow="fold")
    for col in ("支项", "已完成", "待完善", "未体现", "不涉及", RATE_APPLICABLE):
        table.add_column(col, justify="right")
    for a in card.areas:
        table.add_row(area_label(a.area), str(a.tally.total), *_tally_cells(a.tally))
    t = card.tally
    table.add_row("合计", str(t.total), *_tally_cells(t), style="bold")
    return table


def measure_table(card: Scorecard) -> Table:
    table = Table(title="分项情况", header_style="bold")
    for col, justify in (("分项", "left"), ("状态", "left"), ("已完成/适用支项", "right"), ("得分", "right")):
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for m in card.measures:
        table.add_row(
            f"{m.id} {m.measure.title}",
            status_text(m.status, measure=True),
            f"{m.tally.done}/{m.tally.applicable}",
            f"{m.score:.2f}",
        )
    return table


def _evidence_cell(it: ItemResult, width: int = 60) -> Text:
    """A report sentence is text, never markup: brackets in it are printed as they are."""
    best = it.best
    if best is None:
        return Text("")
    text = best.text if len(best.text) <= width else best.text[: width - 1] + "…"
    return Text.assemble(text, "\n", (f"第{best.line}行·{best.role.label}·{best.score:.2f}", "dim"))


def item_table(items: list[ItemResult], title: str) -> Table:
    table = Table(title=title, header_style="bold", show_lines=True)
    # Chinese has no spaces to wrap at: fold long cells instead of cutting them off with "…"
    table.add_column("支项", no_wrap=True)
    table.add_column("要求", overflow="fold")
    table.add_column("状态", no_wrap=True)
    table.add_column("说明", overflow="fold")
    table.add_column("最佳证据", overflow="fold")
    for it in items:
        table.add_row(it.id, it.ref.item.text, status_text(it.status), it.reason, _evidence_cell(it))
    return table


def na_table(na: list[ItemResult]) -> Table:
    """Not-applicable items with their reasons, grouped: makes the completion rate explainable."""
    groups: dict[str, list[str]] = {}
    for it in na:
        groups.setdefault(it.reason, []).append(it.id)
    table = Table(title=f"不涉及 {len(na)} 项", header_style="bold")
    table.add_column("理由", overflow="fold")
    table.add_column("支项")
    for reason, ids in groups.items():
        table.add_row(reason, " ".join(ids))
    return table


DEFAULT_GAPS = 20  # gaps the terminal lists unless --gaps says otherwise


def top_gaps(card: Scorecard, limit: int | None = DEFAULT_GAPS) -> list[ItemResult]:
    """The gaps to act on first: missing before partial, each in checklist order; None means all."""
    gaps = sorted(card.gaps(), key=lambda i: i.status is not Status.MISSING)  # sorted() is stable
    return gaps if limit is None else gaps[:limit]


def render(card: Scorecard, console: Console, detail: bool = False, gaps: int | None = DEFAULT_GAPS,
           summary: bool = False) -> None:
    """The scorecard; `summary` prints the headline only, `gaps` caps the gap list (None: all)."""
    if not summary:
        console.print(Panel(Text(_report_line(card)), title="wuchuan-check 法治政府建设报告评分", expand=False))
    console.print(Panel(Text(headline(card), style="bold"), title="总体情况", expand=False))
    if summary:
        return
    console.print(area_table(card))
    console.print(measure_table(card))
    render_indicators(card.indicators, console)
    if detail:
        console.print(item_table(list(card.items), "全部支项与证据"))
    else:
        shown, total = top_gaps(card, gaps), len(card.gaps())
        title = f"差距清单(待完善 {card.tally.partial} 项,未体现 {card.tally.missing} 项"
        if total and shown:
            console.print(item_table(shown, title + (")" if len(shown) == total else f";先列未体现,前 {len(shown)} 项)")))
        elif not total:
            console.print("差距清单:无。")
        if len(shown) < total:
            console.print(f"另有 {total - len(shown)} 项未列出:--gaps all 列出全部,--csv 差距清单.csv 导出(Excel 可打开)。")
    na = [i for i in card.items if i.status is Status.NA]
    if na:
        console.print(na_table(na))
