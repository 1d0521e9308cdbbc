"""A comparison in the terminal (rich): the two headlines side by side, then what changed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from wuchuan_check.labels import RATE_APPLICABLE, RATE_WITH_NA
from wuchuan_check.render.common import PALETTE, pct
from wuchuan_check.render.export import write_csv_rows
from wuchuan_check.render.indicators import number_text, value_text
from wuchuan_check.runs.batch import year_text
from wuchuan_check.runs.compare import Change, Comparison, Diff, FigureChange
from wuchuan_check.scoring.indicators import IndicatorValue
from wuchuan_check.scoring.scorecard import ItemResult, MeasureResult, Scorecard, Tally

# What a user acts on first: new work, then slips, then what is still absent.
_SHOWN = (Change.NEWLY_DONE, Change.REGRESSED, Change.IMPROVED, Change.STILL_MISSING)


def report_name(card: Scorecard) -> str:
    meta = card.report.meta
    name = " ".join(x for x in (meta.issuer, year_text(meta)) if x)
    return name or card.report.source.path or "(未命名)"


def points(old: float | None, new: float | None) -> str:
    """A change of rate in percentage points, signed."""
    if old is None or new is None:
        return "—"
    return f"{(new - old) * 100:+.1f} 个百分点"


def _figures(t: Tally) -> list[tuple[str, int | float | None]]:
    return [("已完成", t.done), ("待完善", t.partial), ("未体现", t.missing), ("不涉及", t.na),
            (RATE_WITH_NA, t.rate_with_na), (RATE_APPLICABLE, t.rate_applicable)]


def headline_table(cmp: Comparison) -> Table:
    if cmp.old.checklist.id == cmp.new.checklist.id:
        title = f"总体对比(《{cmp.new.checklist.title}》,按支项计)"
    else:  # item counts come from two different checklists: only the rates compare directly
        title = f"总体对比(原按《{cmp.old.checklist.title}》、新按《{cmp.new.checklist.title}》,支项数不同,宜比较完成率)"
    table = Table(title=title, header_style="bold")
    for col, justify in (("指标", "left"), (f"原:{report_name(cmp.old)}", "right"),
                         (f"新:{report_name(cmp.new)}", "right"), ("变化", "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for (label, a), (_, b) in zip(_figures(cmp.old.tally), _figures(cmp.new.tally)):
        if isinstance(a, int) and isinstance(b, int):
            table.add_row(label, str(a), str(b), f"{b - a:+d}")
        else:
            table.add_row(label, pct(a), pct(b), points(a, b), style="bold")  # type: ignore[arg-type]
    return table


def change_counts_table(cmp: Comparison) -> Table:
    table = Table(title="变化统计", header_style="bold")
    table.add_column("变化")
    table.add_column("分项", justify="right")
    table.add_column("支项", justify="right")
    m, i = cmp.counts(cmp.measures), cmp.counts(cmp.items)
    for change in Change:
        table.add_row(change.label, str(m[change]), str(i[change]) if cmp.items else "—")
    return table


def _evidence(result: ItemResult | MeasureResult | None) -> str:
    best = getattr(result, "best", None)  # an ItemResult, or an item read back from the database
    return f"{best.text[:50]}(第{best.line}行,{best.role.label})" if best else ""


def diff_table(diffs: list[Diff], title: str, measures: bool) -> Table:
    """Rows of one kind of change; new work shows NEW's evidence, a regression OLD's."""
    table = Table(title=title, header_style="bold", show_lines=not measures)
    table.add_column("编号", no_wrap=True)
    table.add_column("分项" if measures else "要求")
    table.add_column("原→新", no_wrap=True)
    if not measures:
        table.add_column("证据")
    for d in diffs:
        old = d.old.measure_label if measures else d.old.label
        new = d.new.measure_label if measures else d.new.label
        arrow = Text.assemble((old, PALETTE[d.old].term), "→", (new, PALETTE[d.new].term))
        cells: list[str | Text] = [d.id, d.title, arrow]
        if not measures:
            cells.append(_evidence(d.old_result if d.change is Change.REGRESSED else d.new_result))
        table.add_row(*cells)
    return table


def _change_text(f: FigureChange) -> str:
    d = f.difference
    if d is None:
        return f.why_not
    shown = number_text(d) if d <= 0 else "+" + number_text(d)
    return f"{shown} 个百分点" if f.new is not None and f.new.unit == "%" else shown


def _side(v: IndicatorValue | None) -> str:
    return f"{value_text(v)}{v.unit}" if v is not None and v.status != "not_found" else "—"


def figures_table(cmp: Comparison) -> Table | None:
    """Each key figure either report states: old value, new value, and the change when comparable."""
    rows = [f for f in cmp.figures if any(v is not None and v.status != "not_found" for v in (f.old, f.new))]
    if not rows:
        return None
    table = Table(title="主要数据对比", header_style="bold")
    for col, justify in (("编号", "left"), ("指标", "left"), (f"原:{report_name(cmp.old)}", "right"),
                         (f"新:{report_name(cmp.new)}", "right"), ("变化", "right")):
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for f in rows:
        assert f.new is not None
        table.add_row(f.new.indicator.id, f.new.indicator.name, _side(f.old), _side(f.new), _change_text(f))
    return table


def render_compare(cmp: Comparison, console: Console) -> None:
    if cmp.mapping_note:
        console.print(Text(cmp.mapping_note, style="bold"))
    console.print(headline_table(cmp))
    console.print(change_counts_table(cmp))
    if (figures := figures_table(cmp)) is not None:
        console.print(figures)
    for change in _SHOWN:
        diffs = cmp.of(change, measures=True)
        if diffs:
            console.print(diff_table(diffs, f"分项{change.label}({len(diffs)} 项)", measures=True))
    for change in (Change.NEWLY_DONE, Change.REGRESSED):
        diffs = cmp.of(change)
        if diffs:
            console.print(diff_table(diffs, f"支项{change.label}({len(diffs)} 项)", measures=False))
    still = cmp.of(Change.STILL_MISSING)
    if still:
        console.print(Text(f"支项仍未体现({len(still)} 项):" + "、".join(d.id for d in still), style="red"))
    if cmp.unmatched_old:
        console.print(Text("原报告中无对应的分项:" + "、".join(cmp.unmatched_old), style="dim"))


COMPARE_CSV_COLUMNS = ["层次", "编号", "名称", "原编号", "原状态", "新状态", "变化"]


def compare_rows(cmp: Comparison) -> Iterable[list[str]]:
    for d in cmp.measures:
        yield ["分项", d.id, d.title, "、".join(d.old_ids), d.old.measure_label, d.new.measure_label, d.change.label]
    for d in cmp.items:
        yield ["支项", d.id, d.title, "、".join(d.old_ids), d.old.label, d.new.label, d.change.label]


def write_compare_csv(cmp: Comparison, path: str | Path) -> int:
    """UTF-8 with BOM, one row per measure then per item. Returns the number of rows."""
    return write_csv_rows(path, COMPARE_CSV_COLUMNS, compare_rows(cmp))
