"""The scorecard in the terminal (rich): headline, a table per area, the gap list, details.

The tables are `render.tables.SimpleTable`: rich's Table look, drawn without its per-cell layout."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from wuchuan_check.labels import AREA, RATE_APPLICABLE, area_label
from wuchuan_check.render.common import PALETTE, headline, report_line, tally_cells
from wuchuan_check.render.indicators import render_indicators
from wuchuan_check.render.tables import SimpleTable, print_table
from wuchuan_check.scoring.scorecard import ItemResult, Scorecard, Status


def status_text(status: Status, measure: bool = False) -> Text:
    return Text(status.measure_label if measure else status.label, style=PALETTE[status].term)


def area_table(card: Scorecard) -> SimpleTable:
    table = SimpleTable("分大项情况(按支项计)")
    table.add_column(AREA, overflow="fold")
    for col in ("支项", "已完成", "待完善", "未体现", "不涉及", RATE_APPLICABLE):
        table.add_column(col, justify="right")
    for a in card.areas:
        table.add_row(area_label(a.area), str(a.tally.total), *tally_cells(a.tally))
    t = card.tally
    table.add_row("合计", str(t.total), *tally_cells(t), style="bold")
    return table


def measure_table(card: Scorecard) -> SimpleTable:
    table = SimpleTable("分项情况")
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


def item_table(items: list[ItemResult], title: str) -> SimpleTable:
    table = SimpleTable(title, show_lines=True)
    # Chinese has no spaces to wrap at: fold long cells instead of cutting them off with "…"
    table.add_column("支项", no_wrap=True)
    table.add_column("要求", overflow="fold")
    table.add_column("状态", no_wrap=True)
    table.add_column("说明", overflow="fold")
    table.add_column("最佳证据", overflow="fold")
    for it in items:
        table.add_row(it.id, it.ref.item.text, status_text(it.status), it.reason, _evidence_cell(it))
    return table


def na_table(na: list[ItemResult]) -> SimpleTable:
    """Not-applicable items with their reasons, grouped: makes the completion rate explainable."""
    groups: dict[str, list[str]] = {}
    for it in na:
        groups.setdefault(it.reason, []).append(it.id)
    table = SimpleTable(f"不涉及 {len(na)} 项")
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
        console.print(Panel(Text(report_line(card)), title="wuchuan-check 法治政府建设报告评分", expand=False))
    console.print(Panel(Text(headline(card), style="bold"), title="总体情况", expand=False))
    if summary:
        return
    print_table(console, area_table(card))
    print_table(console, measure_table(card))
    render_indicators(card.indicators, console)
    if detail:
        print_table(console, item_table(list(card.items), "全部支项与证据"))
    else:
        shown, total = top_gaps(card, gaps), len(card.gaps())
        title = f"差距清单(待完善 {card.tally.partial} 项,未体现 {card.tally.missing} 项"
        if total and shown:
            print_table(console, item_table(shown, title + (")" if len(shown) == total else f";先列未体现,前 {len(shown)} 项)")))
        elif not total:
            console.print("差距清单:无。")
        if len(shown) < total:
            console.print(f"另有 {total - len(shown)} 项未列出:--gaps all 列出全部,--csv 差距清单.csv 导出(Excel 可打开)。")
    na = [i for i in card.items if i.status is Status.NA]
    if na:
        print_table(console, na_table(na))
