"""Checks on a checklist's content, as opposed to its schema: run each item's examples through
the scorer, and list keywords that are weak (two characters), shared, or that no example
exercises. Used by `outline validate`, `outline lint` and the generic examples test."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from wuchuan_check.checklist.model import Checklist, Example, ItemRef
from wuchuan_check.reading.document import Level
from wuchuan_check.reading.formats import parse_report_text
from wuchuan_check.scoring.keywords import compact
from wuchuan_check.scoring.scorecard import Status, score_items

# The headings a small example report puts its sentence under, one per role.
ROLE_HEADINGS: dict[str, str] = {
    "achievement": "一、工作成效",
    "problem": "二、存在的问题",
    "plan": "三、下一步工作计划",
}
ROLE_LABELS = {"achievement": "工作成效", "problem": "存在问题", "plan": "下一步计划"}
# a report title, so that the document-kind check scores the sentence as a report's work
_TITLE = "岚溪县人民政府关于2019年度法治政府建设情况的报告"


@dataclass(frozen=True)
class ExampleResult:
    item_id: str
    example: Example
    expect_done: bool
    status: Status
    reason: str  # the scorer's reason for the status
    keywords: tuple[str, ...]  # the item's keywords the sentence hit
    level: Level

    @property
    def ok(self) -> bool:
        return (self.status is Status.DONE) == self.expect_done

    def describe(self) -> str:
        """One readable line: item, what was expected, what the scorer said and why."""
        want = "应判为已完成" if self.expect_done else "不应判为已完成"
        hit = "、".join(self.keywords) if self.keywords else "无"
        return (f"{self.item_id} [{ROLE_LABELS[self.example.role]}] {want},实际为{self.status.label}"
                f"({self.reason};命中关键词:{hit}):{self.example.text}")


def example_report_text(example: Example) -> str:
    """A title line, the heading of the example's role and the sentence."""
    return f"{_TITLE}\n{ROLE_HEADINGS[example.role]}\n{example.text}\n"


def example_level(ref: ItemRef) -> Level:
    """Score at county level where the item applies there, else at its first level."""
    return Level.COUNTY if Level.COUNTY in ref.levels else ref.levels[0]


def run_example(checklist: Checklist, ref: ItemRef, example: Example, expect_done: bool) -> ExampleResult:
    level = example_level(ref)
    (result,) = score_items(parse_report_text(example_report_text(example)), checklist, [ref], level)
    keywords = tuple(dict.fromkeys(k for ev in result.evidence for k in ev.keywords))
    return ExampleResult(ref.id, example, expect_done, result.status, result.reason, keywords, level)


def run_examples(checklist: Checklist) -> list[ExampleResult]:
    """Every example of every item, in checklist order (raises ChecklistError for a broken
    examples file)."""
    examples = checklist.examples
    out = []
    for ref in checklist.items:
        ex = examples.get(ref.id)
        if ex is None:
            continue
        out += [run_example(checklist, ref, e, True) for e in ex.done]
        out += [run_example(checklist, ref, e, False) for e in ex.not_done]
    return out


@dataclass(frozen=True)
class LintWarning:
    kind: str  # short / shared / unexercised / failing / no_examples
    item_id: str  # item (or measure, for a measure-level term)
    keyword: str  # "" for item-level warnings
    reason: str

    def describe(self) -> str:
        what = f" {self.keyword}" if self.keyword else ""
        return f"{self.item_id}{what}: {self.reason}"


LINT_KINDS = {
    "short": "两个字的关键词",
    "shared": "多个支项共用的关键词",
    "unexercised": "没有示例命中的关键词",
    "no_examples": "没有示例的支项",
    "failing": "示例不通过的支项",
}


def _key_length(keyword: str) -> int:
    return sum(len(compact(p)) for p in keyword.split("*"))


def lint_checklist(checklist: Checklist, results: list[ExampleResult] | None = None) -> list[LintWarning]:
    """Warnings about keywords and examples, minus those an item justifies in `lint_ok`."""
    if results is None:
        results = run_examples(checklist)
    examples = checklist.examples
    users: dict[str, list[str]] = defaultdict(list)
    for ref in checklist.items:
        for kw in dict.fromkeys(ref.item.keywords):
            users[compact(kw)].append(ref.id)
    exercised: dict[str, set[str]] = defaultdict(set)
    failing: dict[str, list[ExampleResult]] = defaultdict(list)
    for r in results:
        exercised[r.item_id].update(r.keywords)
        if not r.ok:
            failing[r.item_id].append(r)

    warnings: list[LintWarning] = []
    seen_measures: set[str] = set()
    for ref in checklist.items:
        ok = ref.item.lint_ok
        if ref.measure.id not in seen_measures:
            seen_measures.add(ref.measure.id)
            warnings += [LintWarning("short", ref.measure.id, kw, "分项级关键词只有两个字,在无关句子中也常出现")
                         for kw in ref.measure.keywords if _key_length(kw) <= 2]
        mine: list[LintWarning] = []
        for kw in dict.fromkeys(ref.item.keywords):
            if _key_length(kw) <= 2:
                mine.append(LintWarning("short", ref.id, kw, "只有两个字,在无关句子中也常出现"))
            others = [i for i in users[compact(kw)] if i != ref.id]
            if others:
                mine.append(LintWarning("shared", ref.id, kw, f"与 {'、'.join(others)} 共用,证据力降低"))
            if ref.id in examples and kw not in exercised[ref.id]:
                mine.append(LintWarning("unexercised", ref.id, kw, "没有任何示例句命中这个关键词"))
        warnings += [w for w in mine if w.keyword not in ok]
        if ref.id not in examples or not (examples[ref.id].done and examples[ref.id].not_done):
            if "examples" not in ok:
                warnings.append(LintWarning("no_examples", ref.id, "", "缺少应判为已完成和不应判为已完成的示例"))
        for r in failing.get(ref.id, []):
            warnings.append(LintWarning("failing", ref.id, "", r.describe().split(" ", 1)[1]))
    return warnings
