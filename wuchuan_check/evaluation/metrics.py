"""Measure how good the scorer is against gold labels, next to what a user would do instead.

Gold labels (TSV, header `report  [outline]  measure  label  [note]`, or `report  [outline]  item
label  [note]` for item-level labels, which may also say `na`): label 2 = the report shows concrete
work done under the measure (item), 1 = only weak, problem or plan mentions, 0 = absent. The
optional `outline` column names the outline each row was labelled against (a built-in id or
`auto`); rows whose measure or item the checklist no longer has are skipped and counted.
Two views: strict (gold 2 vs status `done`) and lenient (gold ≥ 1 vs `done` or `partial`).
Baselines: (a) the measure's title or main keyword appears literally; (b) BM25 over sentences,
with the cut-off tuned on the same labels (flattering to the baseline, on purpose).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from wuchuan_check.checklist.model import Checklist
from wuchuan_check.errors import InputError
from wuchuan_check.reading.document import Report
from wuchuan_check.scoring.keywords import compact
from wuchuan_check.scoring.scorecard import ItemResult, MeasureResult, Scorecard, Status

Prediction = dict[tuple[str, str], bool]  # (report name, measure id) → predicted "done"


GOLD_NA = -1  # an item the annotator found not applicable to the report's level (item files)


@dataclass(frozen=True)
class GoldLabel:
    report: str
    unit: str  # a measure id (M01) or, in item-level files, an item id (M01.1)
    label: int  # 0, 1, 2, or GOLD_NA
    note: str = ""
    outline: str = ""  # the outline the row was labelled against; "" = as the caller says


def gold_unit(gold: dict[tuple[str, str], "GoldLabel"]) -> str:
    """"item" when the labels are per item (ids like M01.1), else "measure"."""
    return "item" if any("." in key[1] for key in gold) else "measure"


_GOLD_HEADERS = (("report", "measure", "label"), ("report", "item", "label"))


def _gold_columns(header: list[str]) -> dict[str, int] | None:
    """Column positions of a gold header, with or without an `outline` column; None if not one."""
    cols = [c.strip().lower() for c in header]
    core = [c for c in cols if c != "outline"][:3]
    if tuple(core) not in _GOLD_HEADERS:
        return None
    return {c: i for i, c in enumerate(cols)}


def _read_tsv(path: Path, what: str) -> list[list[str]]:
    if not path.is_file():
        raise InputError(path, f"{what}不存在 / file not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, f"{what}不是 UTF-8 / file is not UTF-8") from None
    return list(csv.reader(text.splitlines(), delimiter="\t"))


def load_gold(path: str | Path) -> dict[tuple[str, str], GoldLabel]:
    """Read a gold TSV; any malformed row is an InputError naming the file and line."""
    path = Path(path)
    rows = _read_tsv(path, "金标准文件")
    cols = _gold_columns(rows[0]) if rows else None
    if cols is None:
        raise InputError(path, "第1行应为表头 report\t[outline\t]measure\tlabel 或 report\t[outline\t]item\tlabel / first line must be the header")
    unit = "item" if "item" in cols else "measure"
    allowed = {"0": 0, "1": 1, "2": 2} | ({"na": GOLD_NA} if unit == "item" else {})
    r, u, lab = cols["report"], cols[unit], cols["label"]
    o, nt = cols.get("outline"), cols.get("note")
    width = max(r, u, lab) + 1
    gold: dict[tuple[str, str], GoldLabel] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) < width or row[lab].strip().lower() not in allowed:
            raise InputError(path, f"第{n}行格式不对:需要 report、{unit}、label({'/'.join(allowed)}) / line {n}: bad row")
        key = (row[r].strip(), row[u].strip())
        if key in gold:
            raise InputError(path, f"第{n}行重复标注 {key[0]} {key[1]} / line {n}: duplicate label")
        cell = lambda i: row[i].strip() if i is not None and i < len(row) else ""  # noqa: E731
        gold[key] = GoldLabel(key[0], key[1], allowed[row[lab].strip().lower()], cell(nt), cell(o))
    if not gold:
        raise InputError(path, "金标准文件没有标注 / gold file has no labels")
    return gold


def gold_outlines(gold: dict[tuple[str, str], GoldLabel]) -> dict[str, str]:
    """The outline each report was labelled against, where the gold file names one."""
    out: dict[str, str] = {}
    for g in gold.values():
        if g.outline:
            out.setdefault(g.report, g.outline)
    return out


@dataclass(frozen=True)
class ManifestRow:
    id: str
    url: str
    split: str


def load_manifest(path: str | Path) -> list[ManifestRow]:
    """The development-set manifest (`id  url  split …`): which documents, in which split."""
    path = Path(path)
    rows = _read_tsv(path, "清单文件")
    header = [c.strip() for c in rows[0]] if rows else []
    if not {"id", "split"} <= set(header):
        raise InputError(path, "第1行应为表头,至少含 id 与 split 两列 / header needs id and split columns")
    i, sp = header.index("id"), header.index("split")
    url = header.index("url") if "url" in header else None
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not "".join(row).strip():
            continue
        if len(row) <= max(i, sp):
            raise InputError(path, f"第{n}行缺少 id 或 split / line {n}: missing id or split")
        out.append(ManifestRow(row[i].strip(), row[url].strip() if url is not None and url < len(row) else "", row[sp].strip()))
    return out


def manifest_texts(manifest: list[ManifestRow], texts: str | Path, split: str | None) -> dict[str, Path]:
    """id → text file (`<texts>/<id>.txt`) for the documents of one split (or all). A split whose
    texts are absent is an error naming the folder: the frozen test part lives elsewhere."""
    folder = Path(texts)
    chosen = [m for m in manifest if split is None or m.split == split]
    if not chosen:
        raise InputError(None, f"清单中没有 split={split} 的文档 / no documents in split {split!r}")
    if not folder.is_dir():
        raise InputError(folder, "文本目录不存在 / texts folder not found")
    found = {m.id: folder / f"{m.id}.txt" for m in chosen}
    missing = [k for k, p in found.items() if not p.is_file()]
    if missing:
        raise InputError(folder, f"缺少 {len(missing)} 份文本(如 {missing[0]}.txt)/ {len(missing)} texts missing")
    return found


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


@dataclass(frozen=True)
class Agreement:
    """How far two annotators agree on the labels both gave."""

    names: tuple[str, str]
    n: int  # labels both annotators gave
    only_one: int  # labels only one of them gave
    strict: Metrics  # label 2, the second annotator against the first
    kappa: float  # Cohen's κ over 0/1/2/na
    raw: float  # share of identical labels


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
    skipped: dict[str, int] = field(default_factory=dict)  # unit id not in the checklist → rows skipped
    agreement: Agreement | None = None  # between the annotators whose labels made the gold
    agreement_note: str = ""  # why there is no agreement figure, when there is none
    loro: "LoroResult | None" = None


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


def _per_report(checklist: Checklist | dict[str, Checklist], name: str) -> Checklist:
    return checklist[name] if isinstance(checklist, dict) else checklist


def title_baseline(reports: dict[str, Report], checklist: Checklist | dict[str, Checklist]) -> Prediction:
    """Baseline (a): done if the measure's title or its main keyword appears anywhere literally."""
    out: Prediction = {}
    for name, report in reports.items():
        text = compact("".join(s.text for s in report.sentences))
        for _, measure in _per_report(checklist, name).measures():
            needles = [measure.title] + list(measure.keywords[:1])
            out[(name, measure.id)] = any(compact(n) in text for n in needles)
    return out


def _bm25_queries(checklist: Checklist, unit: str) -> dict[str, list[str]]:
    from wuchuan_check.scoring.segment import tokens

    queries = {}
    if unit == "item":
        for ref in checklist.items:
            terms = [ref.item.text, *ref.item.keywords]
            queries[ref.id] = tokens(" ".join(t.replace("*", " ") for t in terms))
    for _, measure in checklist.measures() if unit == "measure" else ():
        terms = [measure.title, *measure.keywords] + [k for it in measure.items for k in it.keywords]
        queries[measure.id] = tokens(" ".join(t.replace("*", " ") for t in terms))
    return queries


def bm25_scores(
    reports: dict[str, Report], checklist: Checklist | dict[str, Checklist], unit: str = "measure"
) -> dict[tuple[str, str], float]:
    """Baseline (b): best BM25 score of any sentence for a query made of the measure's (or the
    item's) own terms."""
    from rank_bm25 import BM25Okapi

    from wuchuan_check.scoring.segment import tokens

    out: dict[tuple[str, str], float] = {}
    cache: dict[str, dict[str, list[str]]] = {}
    for name, report in reports.items():
        cl = _per_report(checklist, name)
        queries = cache.setdefault(cl.id, _bm25_queries(cl, unit))
        corpus = [tokens(s.text) or ["∅"] for s in report.sentences]
        if not corpus:
            continue
        best = _best_scores(BM25Okapi(corpus), queries)
        out.update({(name, mid): score for mid, score in best.items()})
    return out


def _best_scores(bm25: Any, queries: dict[str, list[str]]) -> dict[str, float]:
    """max(bm25.get_scores(query)) for each query, from each word's postings: get_scores walks every
    sentence for every query word (over 90% of the baseline's time on the seeds). The same terms, each computed as
    get_scores computes it (same operations in the same order) and added in query order; a sentence
    without the word gains 0.0 there, which changes no sum, so the maxima are exactly its own."""
    k1, b, avgdl = bm25.k1, bm25.b, bm25.avgdl
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for d, freqs in enumerate(bm25.doc_freqs):
        for word, f in freqs.items():
            postings[word].append((d, f))
    lengths = bm25.doc_len
    terms: dict[str, list[tuple[int, float]]] = {}
    out = {}
    for qid, query in queries.items():
        score: dict[int, float] = {}
        for q in query:
            found = terms.get(q)
            if found is None:
                idf = bm25.idf.get(q) or 0
                found = terms[q] = [(d, idf * (f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[d] / avgdl))))
                                    for d, f in postings.get(q, ())]
            for d, t in found:
                score[d] = score.get(d, 0.0) + t
        top = max(score.values(), default=0.0)
        out[qid] = max(top, 0.0) if len(score) < bm25.corpus_size else top  # untouched sentences score 0
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
    checklist: Checklist | None = None,
) -> EvalResult:
    """Score every report and compare with the gold labels of the reports given."""
    return evaluate_cards(gold, reports, {name: score(rep) for name, rep in reports.items()})


def evaluate_cards(
    gold: dict[tuple[str, str], GoldLabel], reports: dict[str, Report], cards: dict[str, Scorecard]
) -> EvalResult:
    """Compare scorecards (each with its own checklist) with the gold labels of their reports.
    Gold rows naming a measure or item the report's checklist lacks are skipped and counted."""
    names = set(reports)
    labels = {k: g for k, g in gold.items() if k[0] in names}
    if not labels:
        raise InputError(None, "金标准中没有这些报告的标注 / no gold labels for the reports given")
    unit = gold_unit(labels)
    known = {(n, r.id) for n, c in cards.items() for r in _results(c, unit)}
    skipped = Counter(k[1] for k in labels if k not in known)
    labels = {k: g for k, g in labels.items() if k in known}
    if not labels:
        raise InputError(None, "金标准的标注都不在所用清单中 / no gold label names a unit of the checklist")
    positive = {k: g.label == 2 for k, g in labels.items()}
    lenient_positive = {k: g.label >= 1 for k, g in labels.items()}
    strict_pred, lenient_pred = tool_predictions(cards, unit)
    checklists = {n: c.checklist for n, c in cards.items()}
    bm25 = bm25_scores(reports, checklists, unit)
    cutoff = best_cutoff({k: v for k, v in bm25.items() if k in labels}, positive)

    confusion: dict[int, Counter] = {label: Counter() for label in sorted({g.label for g in labels.values()})}
    disagreements = []
    result_of = {(n, r.id): r for n, c in cards.items() for r in _results(c, unit)}
    for key, g in sorted(labels.items()):
        r = result_of[key]
        confusion[g.label][r.status] += 1
        if (g.label == 2) != (r.status is Status.DONE):
            disagreements.append(Disagreement(key[0], key[1], g.label, r.status, _evidence_line(r), g.note))
    strict = {"wuchuan-check": metrics(positive, strict_pred)}
    if unit == "measure":  # items have no titles to search for
        strict["标题检索基线"] = metrics(positive, title_baseline(reports, checklists))
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
        skipped=dict(sorted(skipped.items())),
    )


# --- annotator agreement -------------------------------------------------------------------


def agreement(a: dict[tuple[str, str], GoldLabel], b: dict[tuple[str, str], GoldLabel],
              names: tuple[str, str] = ("A", "B")) -> Agreement:
    """Agreement of two annotators on the labels both gave: strict F1 on label 2 (b against a),
    Cohen's κ over the categories 0/1/2/na, and the raw share of identical labels."""
    common = sorted(set(a) & set(b))
    if not common:
        raise InputError(None, "两份标注没有共同的标注项 / the two label files share no labelled unit")
    la, lb = [a[k].label for k in common], [b[k].label for k in common]
    strict = metrics({k: a[k].label == 2 for k in common}, {k: b[k].label == 2 for k in common})
    return Agreement(names, len(common), len(set(a) ^ set(b)), strict, cohen_kappa(la, lb),
                     sum(x == y for x, y in zip(la, lb)) / len(common))


def cohen_kappa(x: list[int], y: list[int]) -> float:
    """κ = (observed − expected) / (1 − expected); 1.0 when both annotators use one category only."""
    n = len(x)
    observed = sum(p == q for p, q in zip(x, y)) / n
    cx, cy = Counter(x), Counter(y)
    expected = sum(cx[c] * cy[c] for c in set(cx) | set(cy)) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def annotator_files(gold_path: str | Path) -> list[Path]:
    """The raw annotators' files kept beside a gold file (`labels-*.tsv` in the same folder)."""
    folder = Path(gold_path).parent
    return sorted(p for p in folder.glob("labels-*.tsv") if p.resolve() != Path(gold_path).resolve())


# --- leave-one-report-out ------------------------------------------------------------------

DONE_GRID = (0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
PARTIAL_GRID = (0.25, 0.3, 0.35, 0.4, 0.45)


@dataclass(frozen=True)
class LoroFold:
    held_out: str
    done_score: float
    partial_score: float
    train_f1: float
    strict: Metrics  # on the held-out report
    lenient: Metrics


@dataclass(frozen=True)
class LoroResult:
    folds: tuple[LoroFold, ...]
    strict: Metrics  # pooled over the held-out reports
    lenient: Metrics


def leave_one_out(
    gold: dict[tuple[str, str], GoldLabel],
    rescore: Callable[[str, float, float], Scorecard],
    names: list[str],
    done_grid: tuple[float, ...] = DONE_GRID,
    partial_grid: tuple[float, ...] = PARTIAL_GRID,
) -> LoroResult:
    """For each report: choose done_score/partial_score on the others (strict F1, then lenient F1,
    then the grid point nearest the defaults), measure on the one held out. `rescore(name, done,
    partial)` re-decides a report's statuses at those thresholds."""
    unit = gold_unit(gold)
    preds: dict[tuple[float, float], tuple[Prediction, Prediction]] = {}
    for d in done_grid:
        for p in partial_grid:
            if p <= d:
                preds[(d, p)] = tool_predictions({n: rescore(n, d, p) for n in names}, unit)

    def on(keys: list[tuple[str, str]], pred: Prediction, lenient: bool) -> Metrics:
        return metrics({k: (gold[k].label >= 1 if lenient else gold[k].label == 2) for k in keys}, pred)

    folds = []
    held: dict[tuple[str, str], tuple[bool, bool]] = {}
    for name in names:
        train = [k for k in gold if k[0] != name and k[0] in names and k in preds[next(iter(preds))][0]]
        test = [k for k in gold if k[0] == name and k in preds[next(iter(preds))][0]]
        best = max(preds, key=lambda dp: (round(on(train, preds[dp][0], False).f1, 6),
                                          round(on(train, preds[dp][1], True).f1, 6),
                                          -abs(dp[0] - 0.6) - abs(dp[1] - 0.35)))
        s, le = preds[best]
        folds.append(LoroFold(name, best[0], best[1], on(train, s, False).f1, on(test, s, False), on(test, le, True)))
        held.update({k: (s[k], le[k]) for k in test})
    keys = list(held)
    pooled = on(keys, {k: v[0] for k, v in held.items()}, False)
    pooled_len = on(keys, {k: v[1] for k, v in held.items()}, True)
    return LoroResult(tuple(folds), pooled, pooled_len)


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
