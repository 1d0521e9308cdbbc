"""The checklist as a tree in the terminal, with counts per area and per level."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from wuchuan_check.checklist.model import Checklist, measure_number_label
from wuchuan_check.errors import ChecklistError
from wuchuan_check.evaluation.lint import LINT_KINDS, lint_checklist, run_examples
from wuchuan_check.reading.document import Level


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
    if checklist.base is not None:
        about += f"  依据 {checklist.base.meta.short_title or checklist.base.title} 扩展"
    tree = Tree(Text.assemble((meta.title, "bold"), about))
    for area in checklist.areas:
        n_items = sum(len(m.items) for m in area.measures)
        branch = tree.add(Text.assemble((f"{area.id} {area.number or ''}、{area.title}", "bold"),
                                        f"  ({len(area.measures)} 分项, {n_items} 支项)"))
        if area.standard:
            branch.add(Text.assemble(("衡量标准:", "bold"), area.standard))
        if area.goal and show_items:
            branch.add(Text.assemble(("目标:", "bold"), area.goal))
        for measure in area.measures:
            number = measure_number_label(checklist, area, measure)
            mnode = branch.add(Text(f"{measure.id} {number}{measure.title}  ({len(measure.items)} 支项)"))
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


def examples_failures(checklist: Checklist, file: object) -> list[str]:
    """Lines for `outline validate`: each example that does not score as it says, or the
    problems of a broken examples file; [] when all pass."""
    try:
        results = run_examples(checklist)
    except ChecklistError as exc:
        return [f"{exc.path or file}: {p}" for p in exc.problems]
    failed = [r for r in results if not r.ok]
    if not failed:
        return []
    head = f"{file}: {len(failed)}/{len(results)} 条示例不通过 / example(s) failing"
    return [head] + [f"{file}: {r.describe()}" for r in failed]


def render_lint(checklist: Checklist, name: str, console: Console) -> int:
    """Print `outline lint`'s warnings grouped by kind; return how many there are."""
    try:
        warnings = lint_checklist(checklist)
    except ChecklistError as exc:
        for problem in exc.problems:
            console.print(Text(f"{exc.path}: {problem}"))
        return len(exc.problems)
    for kind, label in LINT_KINDS.items():
        mine = [w for w in warnings if w.kind == kind]
        if mine:
            console.print(Text(f"{name}: {label} {len(mine)} 处", style="bold"))
            for w in mine:
                console.print(Text(f"  {w.describe()}"))
    summary = "、".join(f"{LINT_KINDS[k]} {n}" for k in LINT_KINDS if (n := sum(w.kind == k for w in warnings)))
    console.print(Text(f"{name}: " + (f"共 {len(warnings)} 条警告({summary})" if warnings else "没有警告 / clean")))
    return len(warnings)
