"""Run an evaluation: score the labelled reports and compare them with the gold labels.

The orchestration behind `wuchuan-check eval`; the metrics, gold files and baselines are in
`metrics`. It sits above `api` (it scores reports the way users do) and below `render`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from wuchuan_check.checklist.model import Checklist, load_outline
from wuchuan_check.checklist.selection import AUTO, outline_name, resolve_outline
from wuchuan_check.errors import InputError
from wuchuan_check.evaluation.metrics import (
    EvalResult,
    agreement,
    annotator_files,
    evaluate_cards,
    gold_outlines,
    leave_one_out,
    load_gold,
    load_manifest,
    manifest_texts,
    report_key,
)
from wuchuan_check.reading.formats import load_report
from wuchuan_check.scoring.matching import match_report
from wuchuan_check.scoring.scorecard import Scorecard, build_scorecard
from wuchuan_check.settings import DEFAULT_SETTINGS, Settings


def run_eval(
    gold_path: str | Path,
    report_paths: list[Path],
    outline: str | Path | Checklist = "2015-2020",  # used where the gold rows name no outline
    settings: Settings = DEFAULT_SETTINGS,
    manifest: str | Path | None = None,
    texts: str | Path | None = None,
    split: str | None = None,
    annotators: list[Path] | None = None,
    loro: bool = False,
) -> EvalResult:
    """Score reports and compare with gold labels. Reports are files matched by name, or the
    documents of a manifest split read from `texts/<id>.txt`. Each report is scored against the
    outline its gold rows name (`auto`: chosen from the report). The annotators' raw files (given,
    or `labels-*.tsv` beside the gold file) give the agreement printed beside the figures."""
    gold = load_gold(gold_path)
    names = {g.report for g in gold.values()}
    paths: dict[str, Path] = {}
    if manifest is not None:
        paths = manifest_texts(load_manifest(manifest), texts or Path(manifest).parent, split)
    for path in report_paths:
        key = report_key(path, names)
        if key is None:
            raise InputError(path, "金标准中没有这份报告的标注 / no gold labels for this report")
        paths[key] = path
    reports = {k: load_report(p) for k, p in paths.items()}
    per_report = gold_outlines(gold)
    loaded: dict[str, Checklist] = {}

    def checklist_for(name: str) -> Checklist:
        which = per_report.get(name) or (outline.id if isinstance(outline, Checklist) else str(outline))
        if isinstance(outline, Checklist) and which == outline.id:
            return outline
        if which == AUTO:
            return resolve_outline(reports[name], AUTO)[0]
        if which not in loaded:
            loaded[which] = load_outline(outline_name(which))
        return loaded[which]

    checklists = {name: checklist_for(name) for name in reports}
    matches = {n: match_report(r, checklists[n], settings) for n, r in reports.items()}
    cards = {n: build_scorecard(r, checklists[n], None, settings, matches=matches[n]) for n, r in reports.items()}
    result = evaluate_cards(gold, reports, cards)
    files = annotators if annotators is not None else annotator_files(gold_path)
    if len(files) >= 2:
        a, b = (load_gold(f) for f in files[:2])
        result.agreement = agreement(a, b, (files[0].stem, files[1].stem))
    else:
        result.agreement_note = "尚无两位标注者的原始标注,无法给出一致性 / no second annotator's labels yet"
    if loro:

        def rescore(name: str, done: float, partial: float) -> Scorecard:
            s = replace(settings, done_score=done, partial_score=partial)
            return build_scorecard(reports[name], checklists[name], None, s, matches=matches[name])

        result.loro = leave_one_out(gold, rescore, sorted(reports))
    return result
