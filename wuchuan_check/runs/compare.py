"""Compare two scorecards item by item and measure by measure: what got done, what slipped.

Works for the same place across years or for two places. OLD and NEW are matched by id; a
measure-id mapping (old id → new ids) lets two different outlines be compared at measure level,
where item ids no longer correspond.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from wuchuan_check.api import DEFAULT_OUTLINE, score_file
from wuchuan_check.checklist.mapping import load_mapping
from wuchuan_check.checklist.model import Checklist
from wuchuan_check.errors import ChecklistError, InputError
from wuchuan_check.reading.document import Level
from wuchuan_check.scoring.indicators import IndicatorValue
from wuchuan_check.scoring.scorecard import PROGRESS, ItemResult, MeasureResult, Scorecard, Status, combined_status


class Change(str, Enum):
    NEWLY_DONE = "newly_done"
    IMPROVED = "improved"  # missing → partial: mentioned now, not yet concrete
    REGRESSED = "regressed"
    STILL_MISSING = "still_missing"
    UNCHANGED = "unchanged"
    APPLICABILITY = "applicability"  # na on one side only (other level, or a tailoring file)

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self]


CHANGE_LABELS: dict[Change, str] = {
    Change.NEWLY_DONE: "新完成",
    Change.IMPROVED: "有进展",
    Change.REGRESSED: "退步",
    Change.STILL_MISSING: "仍未体现",
    Change.UNCHANGED: "未变",
    Change.APPLICABILITY: "一方不涉及",
}


@dataclass(frozen=True)
class Diff:
    """One item or measure of NEW, with its counterpart status in OLD."""

    id: str
    title: str
    old_ids: tuple[str, ...]  # the OLD ids it was compared with (its own id without a mapping)
    old: Status
    new: Status
    change: Change
    old_result: ItemResult | MeasureResult | None  # for showing OLD's evidence of a regression
    new_result: ItemResult | MeasureResult


@dataclass(frozen=True)
class Comparison:
    old: Scorecard
    new: Scorecard
    measures: tuple[Diff, ...]
    items: tuple[Diff, ...]  # empty when a measure mapping is used: item ids do not correspond
    unmatched_old: tuple[str, ...]  # OLD measures with no counterpart in NEW
    mapping_note: str = ""  # how measures of two different outlines were lined up, if they were
    figures: tuple[FigureChange, ...] = ()  # each key figure (主要数据) in OLD and NEW

    def counts(self, diffs: Iterable[Diff]) -> Counter[Change]:
        return Counter(d.change for d in diffs)

    def of(self, change: Change, measures: bool = False) -> list[Diff]:
        return [d for d in (self.measures if measures else self.items) if d.change is change]


@dataclass(frozen=True)
class FigureChange:
    """One key figure in both reports; the difference only when both state it with the same unit."""

    old: IndicatorValue | None
    new: IndicatorValue | None

    @property
    def difference(self) -> int | float | None:
        a, b = self.old, self.new
        if a is None or b is None or a.status != "found" or b.status != "found" or a.unit != b.unit:
            return None
        assert a.value is not None and b.value is not None
        diff = round(b.value - a.value, 4)  # 98.3 − 97.1 is 1.2, not 1.2000000000000028
        return int(diff) if float(diff).is_integer() else diff

    @property
    def why_not(self) -> str:
        """Why there is no difference: a side does not state it, is ambiguous, or uses another unit."""
        a, b = self.old, self.new
        if a is None or b is None or "not_found" in (a.status, b.status):
            return "一方未找到"
        if "ambiguous" in (a.status, b.status):
            return "有歧义"
        return "单位不同" if a.unit != b.unit else ""


def figure_changes(old: Iterable[IndicatorValue], new: Iterable[IndicatorValue]) -> tuple[FigureChange, ...]:
    """NEW's indicators in order, each with OLD's value for the same indicator id."""
    before = {v.indicator.id: v for v in old}
    return tuple(FigureChange(before.get(v.indicator.id), v) for v in new)


def classify(old: Status, new: Status) -> Change:
    if old is new:
        return Change.STILL_MISSING if new is Status.MISSING else Change.UNCHANGED
    if Status.NA in (old, new):
        return Change.APPLICABILITY
    if new is Status.DONE:
        return Change.NEWLY_DONE
    return Change.IMPROVED if PROGRESS[new] > PROGRESS[old] else Change.REGRESSED


def _invert(measure_map: Mapping[str, Collection[str]]) -> dict[str, list[str]]:
    inverse: dict[str, list[str]] = {}
    for old_id, new_ids in measure_map.items():
        for new_id in new_ids:
            inverse.setdefault(new_id, []).append(old_id)
    return inverse


def compare_scorecards(
    old: Scorecard, new: Scorecard, measure_map: Mapping[str, Collection[str]] | None = None
) -> Comparison:
    """Diff two scorecards. `measure_map`: OLD measure id → NEW measure ids (default: same id;
    for two different outlines, the built-in mapping between them)."""
    note = ""
    if measure_map is None and old.checklist.id != new.checklist.id:
        try:
            mapping = load_mapping(old.checklist.id, new.checklist.id)
        except ChecklistError as exc:
            if exc.path is not None:  # a mapping file exists but is broken: say which and why
                raise
            raise InputError(None, (
                f"两份报告按不同的纲要评分({old.checklist.id} 与 {new.checklist.id}),且没有两者的分项对应关系,"
                f"请用 --outline 指定同一纲要 / different outlines and no mapping between them; pass --outline")) from None
        measure_map = mapping.pairs
        note = f"两份报告按不同纲要评分,分项按 {old.checklist.id} → {new.checklist.id} 对应关系比较(支项不逐一对应)"
    old_measures = {m.id: m for m in old.measures}
    inverse = _invert(measure_map) if measure_map is not None else {m: [m] for m in old_measures}
    measures = []
    for m in new.measures:
        counterparts = [old_measures[i] for i in inverse.get(m.id, []) if i in old_measures]
        if not counterparts:
            continue
        before = combined_status(c.status for c in counterparts)
        measures.append(Diff(m.id, m.measure.title, tuple(c.id for c in counterparts), before, m.status,
                             classify(before, m.status), counterparts[0] if len(counterparts) == 1 else None, m))
    matched = {i for d in measures for i in d.old_ids}
    items: list[Diff] = []
    if measure_map is None:
        old_items = {i.id: i for i in old.items}
        for it in new.items:
            was = old_items.get(it.id)
            if was is not None:
                items.append(Diff(it.id, it.ref.item.text, (it.id,), was.status, it.status,
                                  classify(was.status, it.status), was, it))
    return Comparison(
        old, new, tuple(measures), tuple(items), tuple(i for i in old_measures if i not in matched), note,
        figure_changes(old.indicators, new.indicators),
    )


def compare_files(
    old_path: str | Path,
    new_path: str | Path,
    outline: str | Path | Checklist = DEFAULT_OUTLINE,
    level: str | Level | None = None,
    measure_map: Mapping[str, Collection[str]] | None = None,
) -> Comparison:
    return compare_scorecards(score_file(old_path, outline, level), score_file(new_path, outline, level), measure_map)


# --- CSV ----------------------------------------------------------------------------------------
