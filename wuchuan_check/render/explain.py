"""`wuchuan-check score R --explain M21.4`: why an item (or each item of a measure) got its status."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from wuchuan_check.errors import InputError
from wuchuan_check.scoring.explain import find_target, item_explanation
from wuchuan_check.scoring.scorecard import ItemResult, Scorecard

VARIANT_LABELS = {"exact": "原词", "loose": "中间插字", "wildcard": "通配"}
SOURCE_LABELS = {
    "number": "数字", "document": "文件名", "action": "已完成的动作", "vague": "原则性表述",
    "borrowed": "借用下一句", "paragraph": "段内有数字(制度落地)", "own": "本句",
}


def _item_table(card: Scorecard, item: ItemResult) -> Table:
    ex = item_explanation(card, item)
    s = card.settings
    title = (f"{item.id} {item.ref.item.text}\n状态:{item.status.label}({item.reason});"
             f"规则:{ex['rule']} — {ex['rule_text']}")
    table = Table(title=title, header_style="bold", show_lines=True, title_justify="left")
    for col in ("证据句", "关键词(方式·强度·共用)", "得分", "具体程度", "部分·标题", "达到已完成?"):
        table.add_column(col, overflow="fold")
    if not item.evidence:
        table.add_row("(报告中未见相关内容)", "", "", "", "", "")
    for ev, e in zip(item.evidence, ex["evidence"]):
        kws = "\n".join(
            f"{h['keyword']}·{VARIANT_LABELS[h['variant']]}·{h['strength']:.2f}"
            + (f"·{h['shared_by']}项共用×{h['shared_factor']:.2f}" if h["shared_by"] > 1 else "")
            + ("·分项级" if h["measure_level"] else "")
            for h in e["keyword_hits"]
        )
        score = f"{ev.score:.2f}" + (f"→{e['effective_score']:.2f}(标题加分)" if e["effective_score"] > ev.score else "")
        hm = e["heading_match"]
        heading = f"{ev.role.label}·第{ev.line}行\n{e['section_heading'][:30]}"
        if hm:
            heading += "\n标题对应:" + (" ".join(f"{m['id']}({m['ratio']:.0f})" for m in hm["measures"]) or (hm["area"] or ""))
        conc = f"{ev.concreteness:.2f}({SOURCE_LABELS.get(e['concreteness_source'], e['concreteness_source'])})"
        table.add_row(Text(ev.text), kws, score, conc, heading, "是" if e["meets_done"] else "否")
    table.caption = (f"已完成需:成效部分某一句 得分 ≥ {s.done_score} 且 具体程度 ≥ {s.done_concreteness};"
                     f"待完善需 得分 ≥ {s.partial_score}")
    return table


def render_explain(card: Scorecard, target: str, console: Console) -> None:
    items = find_target(card, target)
    if not items:
        raise InputError(None, f"清单中没有支项或分项 {target} / no item or measure {target!r} in {card.checklist.id}")
    if card.kind is not None:
        console.print(f"文件类型:{card.kind.label}(置信度 {card.kind.confidence:.1f}):{';'.join(card.kind.reasons)}")
    for item in items:
        console.print(_item_table(card, item))
