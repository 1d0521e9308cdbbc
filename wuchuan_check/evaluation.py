"""Measure how good the scorer is against gold labels, next to what a user would do instead.

Gold labels (TSV, header `report  measure  label  [note]`, or `report  item  label  [note]` for
item-level labels, which may also say `na`): label 2 = the report shows concrete work done under
the measure (item), 1 = only weak, problem or plan mentions, 0 = absent.
Two views: strict (gold 2 vs status `done`) and lenient (gold ≥ 1 vs `done` or `partial`).
Baselines: (a) the measure's title or main keyword appears literally; (b) BM25 over sentences,
with the cut-off tuned on the same labels (flattering to the baseline, on purpose).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .checklist import Checklist
from .document import Report
from .errors import InputError
from .matching import compact
from .scorecard import ItemResult, MeasureResult, Scorecard, Status

Prediction = dict[tuple[str, str], bool]  # (report name, measure id) → predicted "done"


GOLD_NA = -1  # an item the annotator found not applicable to the report's level (item files)


@dataclass(frozen=True)
class GoldLabel:
    report: str
    unit: str  # a measure id (M01) or, in item-level files, an item id (M01.1)
    label: int  # 0, 1, 2, or GOLD_NA
    note: str = ""


def gold_unit(gold: dict[tuple[str, str], "GoldLabel"]) -> str:
    """"item" when the labels are per item (ids like M01.1), else "measure"."""
    return "item" if any("." in key[1] for key in gold) else "measure"


def load_gold(path: str | Path) -> dict[tuple[str, str], GoldLabel]:
    """Read a gold TSV; any malformed row is an InputError naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "金标准文件不存在 / gold file not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "金标准文件不是 UTF-8 / gold file is not UTF-8") from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    header = [c.strip() for c in rows[0][:3]] if rows else []
    if header not in (["report", "measure", "label"], ["report", "item", "label"]):
        raise InputError(path, "第1行应为表头 report\tmeasure\tlabel 或 report\titem\tlabel / first line must be the header")
    allowed = {"0": 0, "1": 1, "2": 2} | ({"na": GOLD_NA} if header[1] == "item" else {})
    gold: dict[tuple[str, str], GoldLabel] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 3 or row[2].strip().lower() not in allowed:
            raise InputError(path, f"第{n}行格式不对:需要 report、{header[1]}、label({'/'.join(allowed)}) / line {n}: bad row")
        key = (row[0].strip(), row[1].strip())
        if key in gold:
            raise InputError(path, f"第{n}行重复标注 {key[0]} {key[1]} / line {n}: duplicate label")
        gold[key] = GoldLabel(key[0], key[1], allowed[row[2].strip().lower()], row[3].strip() if len(row) > 3 else "")
    if not gold:
        raise InputError(path, "金标准文件没有标注 / gold file has no labels")
    return gold


@dataclass(frozen=True)
class Metrics:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def metrics(gold_positive: dict[tuple[str, str], bool], predicted: Prediction) -> Metrics:
    tp = fp = fn = tn = 0
    for key, truth in gold_positive.items():
        guess = predicted.get(key, False)
        tp += truth and guess
        fp += (not truth) and guess
        fn += truth and not guess
        tn += (not truth) and not guess
    return Metrics(tp, fp, fn, tn)


@dataclass(frozen=True)
class Disagreement:
    report: str
    measure: str  # the measure or item id
    gold: int
    status: Status
    evidence: str  # the best evidence the tool used, with its line, or ""
    note: str  # the annotator's note


@dataclass
class EvalResult:
    strict: dict[str, Metrics]  # method name → metrics (gold 2 vs done)
    lenient: Metrics  # the tool only: gold ≥1 vs done or partial
    confusion: dict[int, Counter]  # gold label → Counter of tool statuses
    disagreements: list[Disagreement]
    bm25_cutoff: float
    n_reports: int
    n_labels: int
    unit: str = "measure"  # what was labelled: "measure" or "item"


def _results(card: Scorecard, unit: str) -> list[MeasureResult] | list[ItemResult]:
    return list(card.items) if unit == "item" else list(card.measures)


def tool_predictions(cards: dict[str, Scorecard], unit: str = "measure") -> tuple[Prediction, Prediction]:
    """(strict, lenient) predictions of the tool, per measure or per item."""
    strict, lenient = {}, {}
    for name, card in cards.items():
        for r in _results(card, unit):
            strict[(name, r.id)] = r.status is Status.DONE
            lenient[(name, r.id)] = r.status in (Status.DONE, Status.PARTIAL)
    return strict, lenient


def title_baseline(reports: dict[str, Report], checklist: Checklist) -> Prediction:
    """Baseline (a): done if the measure's title or its main keyword appears anywhere literally."""
    out: Prediction = {}
    for name, report in reports.items():
        text = compact("".join(s.text for s in report.sentences))
        for _, measure in checklist.measures():
            needles = [measure.title] + list(measure.keywords[:1])
            out[(name, measure.id)] = any(compact(n) in text for n in needles)
    return out


def bm25_scores(reports: dict[str, Report], checklist: Checklist, unit: str = "measure") -> dict[tuple[str, str], float]:
    """Baseline (b): best BM25 score of any sentence for a query made of the measure's (or the
    item's) own terms."""
    from rank_bm25 import BM25Okapi

    from .segment import tokens

    out: dict[tuple[str, str], float] = {}
    queries = {}
    if unit == "item":
        for ref in checklist.items:
            terms = [ref.item.text, *ref.item.keywords]
            queries[ref.id] = tokens(" ".join(t.replace("*", " ") for t in terms))
    for _, measure in checklist.measures() if unit == "measure" else ():
        terms = [measure.title, *measure.keywords] + [k for it in measure.items for k in it.keywords]
        queries[measure.id] = tokens(" ".join(t.replace("*", " ") for t in terms))
    for name, report in reports.items():
        corpus = [tokens(s.text) or ["∅"] for s in report.sentences]
        if not corpus:
            continue
        bm25 = BM25Okapi(corpus)
        for mid, query in queries.items():
            out[(name, mid)] = float(max(bm25.get_scores(query)))
    return out


def best_cutoff(scores: dict[tuple[str, str], float], gold_positive: dict[tuple[str, str], bool]) -> float:
    """The cut-off maximising F1 on the labels themselves: the baseline at its best."""
    candidates = sorted(set(scores.values()))
    best, best_f1 = float("inf"), -1.0
    for c in candidates:
        f1 = metrics(gold_positive, {k: v >= c for k, v in scores.items()}).f1
        if f1 > best_f1:
            best, best_f1 = c, f1
    return best


def evaluate(
    gold: dict[tuple[str, str], GoldLabel],
    reports: dict[str, Report],
    score: Callable[[Report], Scorecard],
    checklist: Checklist,
) -> EvalResult:
    """Score every report and compare with the gold labels of the reports given."""
    names = set(reports)
    labels = {k: g for k, g in gold.items() if k[0] in names}
    if not labels:
        raise InputError(None, "金标准中没有这些报告的标注 / no gold labels for the reports given")
    unit = gold_unit(labels)
    cards = {name: score(rep) for name, rep in reports.items()}
    positive = {k: g.label == 2 for k, g in labels.items()}
    lenient_positive = {k: g.label >= 1 for k, g in labels.items()}
    strict_pred, lenient_pred = tool_predictions(cards, unit)
    bm25 = bm25_scores(reports, checklist, unit)
    cutoff = best_cutoff({k: v for k, v in bm25.items() if k in labels}, positive)

    confusion: dict[int, Counter] = {label: Counter() for label in sorted({g.label for g in labels.values()})}
    disagreements = []
    result_of = {(n, r.id): r for n, c in cards.items() for r in _results(c, unit)}
    for key, g in sorted(labels.items()):
        r = result_of.get(key)
        if r is None:
            continue
        confusion[g.label][r.status] += 1
        if (g.label == 2) != (r.status is Status.DONE):
            disagreements.append(Disagreement(key[0], key[1], g.label, r.status, _evidence_line(r), g.note))
    strict = {"wuchuan-check": metrics(positive, strict_pred)}
    if unit == "measure":  # items have no titles to search for
        strict["标题检索基线"] = metrics(positive, title_baseline(reports, checklist))
    strict["BM25基线"] = metrics(positive, {k: v >= cutoff for k, v in bm25.items()})
    return EvalResult(
        strict=strict,
        lenient=metrics(lenient_positive, lenient_pred),
        confusion=confusion,
        disagreements=disagreements,
        bm25_cutoff=cutoff,
        n_reports=len(reports),
        n_labels=len(labels),
        unit=unit,
    )


def _evidence_line(result: MeasureResult | ItemResult) -> str:
    """The evidence the tool relied on: the item's best, or the best of the measure's items."""
    items = [result] if isinstance(result, ItemResult) else list(result.items)
    best = max((i for i in items if i.best), key=lambda i: i.score, default=None)
    if best is None or best.best is None:
        return ""
    return f"{best.id} 第{best.best.line}行 [{'、'.join(best.best.keywords)}] {best.best.text}"


def report_key(path: str | Path, gold_reports: Iterable[str]) -> str | None:
    """The gold name a report file answers to: its file name, as the gold file spells it."""
    name = Path(path).name
    return name if name in set(gold_reports) else None
