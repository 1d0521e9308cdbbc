"""The checklist as a tree in the terminal, with counts per area and per level."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from .checklist import Checklist
from .document import Level


def _levels_label(levels: tuple[Level, ...]) -> str:
    if set(levels) == set(Level):
        return "全部层级"
    return "/".join(lv.label for lv in levels)


def render_outline(checklist: Checklist, console: Console, level: Level | None = None, show_items: bool = True) -> None:
    meta = checklist.meta
    # Text, not markup: a custom checklist's titles may hold brackets.
    about = f"  ({meta.id}, 清单版本 {meta.version}"
    about += f", {meta.issuer}" if meta.issuer else ""
    about += f", {meta.date})" if meta.date else ")"
    tree = Tree(Text.assemble((meta.title, "bold"), about))
    for area in checklist.areas:
        n_items = sum(len(m.items) for m in area.measures)
        branch = tree.add(Text.assemble((f"{area.id} {area.number or ''}、{area.title}", "bold"),
                                        f"  ({len(area.measures)} 分项, {n_items} 支项)"))
        for measure in area.measures:
            mnode = branch.add(Text(f"{measure.id} {measure.title}  ({len(measure.items)} 支项)"))
            if not show_items:
                continue
            for ref in (r for r in checklist.items if r.measure is measure):
                label = Text.assemble(f"{ref.id} {ref.item.text}  ", (f"({_levels_label(ref.levels)})", "dim"))
                if level is not None and level not in ref.levels:
                    label = Text.assemble((f"{ref.id} {ref.item.text}", "dim strike"), "  ", (f"[不涉及{level.label}]", "dim"))
                mnode.add(label)
    console.print(tree)
    console.print(counts_table(checklist, level))


def counts_table(checklist: Checklist, level: Level | None = None) -> Table:
    c = checklist.counts()
    table = Table(title="合计", header_style="bold")
    table.add_column("大项", justify="right")
    table.add_column("分项", justify="right")
    table.add_column("支项", justify="right")
    for lv in Level:
        table.add_column(f"适用{lv.label}", justify="right", style="bold" if lv is level else "")
    per_level = [str(checklist.counts(lv)["applicable"]) for lv in Level]
    table.add_row(str(c["areas"]), str(c["measures"]), str(c["items"]), *per_level)
    return table
