"""What every renderer shares: one status palette, percentages, the headline with both rates
and their formulas, the report's metadata lines, and the ranking row. Labels (rate names, 大项)
are in `wuchuan_check.labels`; status names are the statuses' own (`Status.label`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wuchuan_check.labels import AREA, FORMULA_APPLICABLE, FORMULA_WITH_NA, RATE_APPLICABLE, RATE_WITH_NA
from wuchuan_check.reading.metadata import LOW_LEVEL_CONFIDENCE
from wuchuan_check.scoring.scorecard import Scorecard, Status, Tally
from wuchuan_check.scoring.selfreport import comparison_lines

if TYPE_CHECKING:  # a type only: the scorecard path must not import the batch machinery
    from wuchuan_check.runs.batch import ReportSummary


@dataclass(frozen=True)
class Colour:
    """One status's colours in every output."""

    term: str  # rich style
    light: str  # cell fill (Excel) and badge background (HTML), RGB hex
    strong: str  # chart bar (HTML SVG)
    text: str  # a count printed in the status's colour (HTML)


# Excel's own "good / neutral / bad" fills, and greys for not applicable.
PALETTE: dict[Status, Colour] = {
    Status.DONE: Colour("green", "C6EFCE", "5CB85C", "1A7F37"),
    Status.PARTIAL: Colour("yellow", "FFEB9C", "F0C24B", "9A6700"),
    Status.MISSING: Colour("red", "FFC7CE", "E5534B", "CF222E"),
    Status.NA: Colour("dim", "D9D9D9", "C8CCD1", "6E7781"),
}
STATUS_CLASS = {Status.DONE: "done", Status.PARTIAL: "partial", Status.MISSING: "missing", Status.NA: "na"}


def pct(r: float | None) -> str:
    return "—" if r is None else f"{r * 100:.1f}%"


def rate_value(r: float | None) -> float | None:
    """A rate as the data outputs store it (JSON, database): a fraction to four places."""
    return None if r is None else round(r, 4)


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


def report_line(card: Scorecard) -> str:
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


def tally_cells(t: Tally) -> list[str]:
    return [str(t.done), str(t.partial), str(t.missing), str(t.na), pct(t.rate_applicable)]


RANKING_COLUMNS = ["排名", "报告", "发文单位", "层级", "年度", "已完成", "待完善", "未体现", "不涉及",
                   RATE_WITH_NA, RATE_APPLICABLE]


def ranking_row(rank: int, r: ReportSummary) -> list[str | int | float | None]:
    """One row of the ranking (RANKING_COLUMNS); rates stay numbers for each renderer to format."""
    t = r.tally
    return [rank, r.name, r.issuer or "", r.level_label, r.year, t.done, t.partial, t.missing, t.na,
            t.rate_with_na, t.rate_applicable]
