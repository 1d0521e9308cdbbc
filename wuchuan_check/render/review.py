"""A review shown: the headline after review with both rates and their formulas, the columns a
gap list carries, the JSON block, the table of decisions, and the terminal panel. The review itself
(reading, validating and applying a reviewer's decisions) is decided in `scoring.review`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wuchuan_check.render.common import rate_lines, rate_value
from wuchuan_check.scoring.review import (
    REVIEW_COLUMNS,
    STATE_CONFIRMED,
    STATE_OPEN,
    STATE_OVERRIDDEN,
    Review,
)
from wuchuan_check.scoring.scorecard import ItemResult, Scorecard, Status


def review_headline(review: Review) -> str:
    """Counts and both rates after review, each with its formula (the machine's stay in headline())."""
    t = review.tally
    n_conf, n_over, n_open = (review.count(s) for s in (STATE_CONFIRMED, STATE_OVERRIDDEN, STATE_OPEN))
    return (
        f"人工复核:确认 {n_conf} 项,改判 {n_over} 项,未复核 {n_open} 项(沿用机器判定)。\n"
        f"复核文件:{review.source}\n"
        f"复核后:已完成 {t.done} 项,待完善(基本完成) {t.partial} 项,未体现(未完成) {t.missing} 项,不涉及 {t.na} 项。\n"
        + rate_lines(t, "复核后")
    )


def review_notes(review: Review) -> list[str]:
    """One line for decisions whose item is gone, one for items the machine now judges differently."""
    notes = []
    if review.orphans:
        ids = "、".join(d.item for d in review.orphans)
        notes.append(f"注意:复核文件 {review.source} 中 {len(review.orphans)} 条结论的支项在本清单中没有,未采用:{ids}"
                     " / decisions for items this checklist does not have")
    if review.changed:
        notes.append(f"注意:{len(review.changed)} 个支项的机器判定自复核以来有变化,请核对:" + ";".join(review.changed)
                     + " / machine status changed since the review")
    return notes


def review_cells(review: Review | None, item_id: str) -> list[str]:
    """复核结论 … 完成时限 and 复核后状态 for one item (empty without a review)."""
    r = review.of(item_id) if review is not None else None
    if r is None:
        return [""] * (len(REVIEW_COLUMNS) + 1)
    cells = r.decision.cells() if r.decision is not None else [""] * len(REVIEW_COLUMNS)
    return [*cells, r.label]


def listed_items(card: Scorecard, review: Review | None, only_gaps: bool) -> list[ItemResult]:
    """The items a gap list shows: the machine's gaps, plus every item the reviewer wrote about or
    judged a gap, so nothing they filled in is lost on the next export."""
    if not only_gaps:
        return list(card.items)
    gap_ids = {i.id for i in card.gaps()}
    if review is None:
        return [i for i in card.items if i.id in gap_ids]
    keep = [r.item for r in review.items
            if r.item.id in gap_ids or r.decision is not None or r.status in (Status.PARTIAL, Status.MISSING)]
    return keep


def review_dict(review: Review | None) -> dict[str, Any] | None:
    """The JSON `review` block: counts, both rates after review, and each item both ways."""
    if review is None:
        return None
    t = review.tally
    return {
        "source": review.source,
        "confirmed": review.count(STATE_CONFIRMED),
        "overridden": review.count(STATE_OVERRIDDEN),
        "unreviewed": review.count(STATE_OPEN),
        "summary": {"total": t.total, "done": t.done, "partial": t.partial, "missing": t.missing, "na": t.na,
                    "rate_with_na": rate_value(t.rate_with_na), "rate_applicable": rate_value(t.rate_applicable)},
        "items": [
            {"id": r.item.id, "machine_status": r.item.status.value, "machine_label": r.item.status.label,
             "reviewed_status": r.status.value, "reviewed_label": r.label, "state": r.state,
             **dict(zip(("verdict", "note", "owner", "action", "deadline"), r.decision.cells()))}
            for r in review.items if r.decision is not None
        ],
        "orphans": [d.item for d in review.orphans],
        "changed": list(review.changed),
    }


def decided_rows(review: Review) -> Iterable[list[str]]:
    """支项, 机器判定, 复核后状态, 复核, 复核说明 for each item the reviewer wrote about."""
    for r in review.items:
        if r.decision is not None:
            yield [r.item.id, r.item.status.label, r.label, r.state, r.decision.note]


DECIDED_COLUMNS = ["支项", "机器判定", "复核后状态", "复核", "复核说明"]


def render_review(review: Review, console: Any, summary: bool = False) -> None:
    """The review on the terminal: its headline, then each decision beside the machine's status."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console.print(Panel(Text(review_headline(review), style="bold"), title="人工复核", expand=False))
    rows = list(decided_rows(review))
    if summary or not rows:
        return
    table = Table(title=f"复核结论({len(rows)} 项)", header_style="bold")
    for col in DECIDED_COLUMNS:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)
