"""The scorecard as data: the JSON contract and the CSV gap list.

JSON contract (other tools read it; add fields, never rename or remove them):
  outline  {id, title, version, source, reason (why this outline: given or chosen automatically)}
  tailoring {name, source} or null
  report   {path, title, issuer, year, period, date, level, level_label, level_source, format, encoding, outlines_cited,
            kind (report/plan/unrelated), kind_label, kind_reasons, kind_confidence}
  warnings [str]: e.g. the document is a plan, or not a rule-of-law report
  summary  {areas, measures, total, done, partial, missing, na, rate_with_na, rate_applicable, measures_by_status}
  areas    [{id, number, title, total, done, partial, missing, na, rate_with_na, rate_applicable, measures}]
  measures [{id, area, title, status, status_label, score, items: {total, done, partial, missing, na}}]
  items    [{id, measure, area, requirement, status, status_label, score, reason,
             rule, rule_text (the decision rule that gave the status),
             evidence: [{text, section_role, section_role_label, line, score, concreteness, keywords,
                         keyword_hits [{keyword, variant, strength, shared_by, shared_factor, measure_level}],
                         effective_score, concreteness_source, section_heading, heading_match, meets_done}]}]
  indicators [{id, name, unit, measures {outline id: measure id}, status (found/ambiguous/not_found),
              status_label, value, value_unit, approx, text, line, section_role, section_role_label,
              reason, parts [{part, value}]}]: the key figures (主要数据)
  self_declared null, or the report's own tally: {total, done, na, open, rate, rate_shown, convention
            (with_na/applicable/plain/null), text, line, tool_rate_label, tool_rate, reasons [str]}
  settings {every named threshold used}
  review   null, or with --review: {source, confirmed, overridden, unreviewed,
            summary {total, done, partial, missing, na, rate_with_na, rate_applicable} (after review),
            items [{id, machine_status, machine_label, reviewed_status, reviewed_label, state (确认/改判/未复核),
                    verdict, note, owner, action, deadline}] (items with a decision), orphans [item id], changed [str]}
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable

from wuchuan_check import __version__
from wuchuan_check.labels import area_label  # one naming of an area in every output (imported from here too)
from wuchuan_check.render.atomic import atomic_open
from wuchuan_check.render.common import rate_value
from wuchuan_check.render.indicators import indicator_dict
from wuchuan_check.render.review import listed_items, review_cells, review_dict
from wuchuan_check.scoring.explain import concreteness_sources, item_explanation
from wuchuan_check.scoring.matching import Evidence
from wuchuan_check.scoring.review import REVIEW_COLUMNS, REVIEWED_COLUMN, Review
from wuchuan_check.scoring.scorecard import RULES, ItemResult, Scorecard, Status, Tally
from wuchuan_check.scoring.selfreport import declared_dict

# 状态 is the machine's; the reviewer fills 复核结论 … 完成时限 and `--review` reads them back;
# 复核后状态 is the status after review (empty without --review).
CSV_COLUMNS = ["大项", "分项编号", "分项", "支项编号", "要求", "状态", "得分", "最佳证据", "证据位置", "判定说明",
               *REVIEW_COLUMNS, REVIEWED_COLUMN]


def _tally(t: Tally) -> dict[str, Any]:
    return {
        "total": t.total,
        "done": t.done,
        "partial": t.partial,
        "missing": t.missing,
        "na": t.na,
        "rate_with_na": rate_value(t.rate_with_na),
        "rate_applicable": rate_value(t.rate_applicable),
    }


def _counts_dict(t: Tally) -> dict[str, int]:
    """_tally without the rates (a measure's items): built directly, not computed and dropped."""
    return {"total": t.total, "done": t.done, "partial": t.partial, "missing": t.missing, "na": t.na}


def evidence_dict(ev: Evidence) -> dict[str, Any]:
    return {
        "text": ev.text,
        "section_role": ev.role.value,
        "section_role_label": ev.role.label,
        "line": ev.line,
        "score": round(ev.score, 4),
        "concreteness": round(ev.concreteness, 2),
        "keywords": list(ev.keywords),
    }


def item_dict(it: ItemResult, card: Scorecard | None = None, sources: dict[int, str] | None = None) -> dict[str, Any]:
    explained = item_explanation(card, it, sources) if card is not None else None
    evidence = [evidence_dict(e) for e in it.evidence]
    if explained is not None:  # additive: why each sentence scored as it did
        evidence = [d | x for d, x in zip(evidence, explained["evidence"])]
    return {
        "id": it.id,
        "measure": it.ref.measure.id,
        "area": it.ref.area.id,
        "requirement": it.ref.item.text,
        "status": it.status.value,
        "status_label": it.status.label,
        "score": round(it.score, 4),
        "reason": it.reason,
        "rule": it.rule,
        "rule_text": RULES.get(it.rule, ""),
        "evidence": evidence,
    }


def scorecard_dict(card: Scorecard, review: Review | None = None) -> dict[str, Any]:
    tally = card.tally
    sources = concreteness_sources(card)
    return {
        **report_record(card, tally),
        "items": [item_dict(i, card, sources) for i in card.items],
        "indicators": [indicator_dict(v) for v in card.indicators],
        "self_declared": declared_dict(card.self_declared, tally),
        "settings": asdict(card.settings),
        "review": review_dict(review),
    }


def _counts(t: Tally) -> tuple[int, int, int, int]:
    return (t.done, t.partial, t.missing, t.na)


def report_record(card: Scorecard, tally: Tally | None = None) -> dict[str, Any]:
    """The contract's parts that describe a scored report without its items and evidence: tool,
    outline, tailoring, report, warnings, summary, areas, measures (a batch keeps these per report)."""
    rep, meta, src = card.report, card.report.meta, card.report.source
    tally = card.tally if tally is None else tally
    return {
        "tool": {"name": "wuchuan-check", "version": __version__},
        "outline": {
            "id": card.checklist.id,
            "title": card.checklist.title,
            "version": card.checklist.meta.version,
            "source": card.checklist.source,
            "reason": card.outline_reason,
            "based_on": card.checklist.base.id if card.checklist.base is not None else None,
        },
        "tailoring": (
            {"name": card.tailoring.name, "source": card.tailoring.source}
            if card.tailoring is not None
            else None
        ),
        "report": {
            "path": src.path,
            "title": meta.title,
            "issuer": meta.issuer,
            "year": meta.year,
            "period": list(meta.period) if meta.period else None,
            "date": meta.date,
            "level": card.level.value,
            "level_label": card.level.label,
            "level_source": card.level_source,
            "level_confidence": meta.level_confidence,
            "level_reasons": list(meta.level_reasons),
            "format": src.format,
            "encoding": src.encoding,
            "outlines_cited": list(meta.outlines_cited),
            "sentences": len(rep.sentences),
            "kind": card.kind.kind.value if card.kind else None,
            "kind_label": card.kind.label if card.kind else None,
            "kind_reasons": list(card.kind.reasons) if card.kind else [],
            "kind_confidence": card.kind.confidence if card.kind else None,
        },
        "warnings": ([card.kind_warning] if card.kind_warning else []) + list(card.report.notes),
        "summary": {
            "areas": len(card.areas),
            "measures": len(card.measures),
            **_tally(tally),
            "measures_by_status": {s.value: n for s, n in zip(Status, _counts(card.measure_tally))},
        },
        "areas": [
            {
                "id": a.area.id,
                "number": a.area.number,
                "title": a.area.title,
                **_tally(a.tally),
                "measures": [m.id for m in a.measures],
            }
            for a in card.areas
        ],
        "measures": [
            {
                "id": m.id,
                "area": m.area.id,
                "title": m.measure.title,
                "status": m.status.value,
                "status_label": m.status.measure_label,
                "score": m.score,
                "items": _counts_dict(m.tally),
            }
            for m in card.measures
        ],
    }


def write_json(card: Scorecard, path: str | Path, review: Review | None = None) -> None:
    with atomic_open(path) as fh:
        json.dump(scorecard_dict(card, review), fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def location(ev: Evidence | None) -> str:
    return f"第{ev.line}行({ev.role.label})" if ev else ""


def csv_rows(card: Scorecard, only_gaps: bool = True, review: Review | None = None) -> Iterable[list[str]]:
    """The gap list (or every item); with a review, also every item the reviewer wrote about."""
    for it in listed_items(card, review, only_gaps):
        best = it.best
        yield [
            area_label(it.ref.area),
            it.ref.measure.id,
            it.ref.measure.title,
            it.id,
            it.ref.item.text,
            it.status.label,
            f"{it.score:.2f}",
            best.text if best else "",
            location(best),
            it.reason,
            *review_cells(review, it.id),
        ]


def write_csv(card: Scorecard, path: str | Path, only_gaps: bool = True, review: Review | None = None) -> int:
    """Write the gap list (or every item); UTF-8 with BOM so Excel shows the Chinese. Returns rows."""
    return write_csv_rows(path, CSV_COLUMNS, csv_rows(card, only_gaps, review))


# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEAD)


def safe_cell(value: object) -> object:
    """A report sentence or a file name starting like a formula gets a leading apostrophe, so
    Excel shows it as text instead of evaluating it."""
    return "'" + value if is_formula_like(value) else value  # type: ignore[operator]


def safe_row(row: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in row]


def write_csv_rows(path: str | Path, columns: list[str], rows: Iterable[list[str]]) -> int:
    """A CSV file with a header, UTF-8 with BOM (Excel), written atomically; `-` is stdout (no
    BOM). Formula-like cells are neutralised. Returns the rows written."""
    n = 0
    with atomic_open(path, encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(safe_row(row))
            n += 1
    return n
