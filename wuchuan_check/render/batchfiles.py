"""The files a batch streams as reports finish: the report × measure matrix CSV, the JSON
document, JSON Lines and the report × key-figure CSV (主要数据). Each is a sink of
`runs.batch.run_batch`, written atomically; `BatchFiles.summarise` runs in the workers and builds
only what the files asked for need."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from wuchuan_check.labels import area_label
from wuchuan_check.render.atomic import atomic_open
from wuchuan_check.render.export import report_record, safe_row
from wuchuan_check.render.indicators import indicator_dict, matrix_header, matrix_row
from wuchuan_check.runs.batch import BatchResult, ReportSummary, Scored, Sink, printable, printable_json, summary_of
from wuchuan_check.scoring.indicators import load_indicators
from wuchuan_check.scoring.scorecard import Scorecard

MATRIX_CSV_COLUMNS = ["报告", "发文单位", "年度", "层级", "大项", "分项编号", "分项", "分项状态", "已完成支项", "适用支项", "得分", "纲要"]

# Parts of the JSON contract kept per report in a batch; items and evidence would make the file
# grow with the batch a hundredfold. The outline is per report: with --outline auto each report
# may use a different one.
_RECORD_KEYS = ("outline", "report", "summary", "areas", "measures", "indicators")


@dataclass(frozen=True)
class BatchFiles:
    """The files asked for (None: not written); `-` is standard output."""

    csv_path: str | Path | None = None
    json_path: str | Path | None = None
    jsonl_path: str | Path | None = None
    indicators_csv: str | Path | None = None
    db_path: str | Path | None = None  # the results database (render.database), appended to
    db_run: tuple[str, str] = ("batch", "auto")  # the command line and the --outline value (its texts are stored once)

    def summarise(self, card: Scorecard, path: str) -> Scored:
        """The summary plus the matrix rows and the JSON record, each only when its file was asked
        for. The record is built without the items: their evidence and explanations would be dropped."""
        summary = summary_of(card, path)
        rows = self.csv_path is not None
        record = self.json_path is not None or self.jsonl_path is not None
        full = report_record(card) if record else {"tool": {}}
        full["indicators"] = [indicator_dict(v) for v in card.indicators] if record else []
        parts = (
            summary,
            _printable_rows(matrix_rows(card, summary)) if rows else [],
            printable_json({k: full[k] for k in _RECORD_KEYS}) if record else "",
            full["tool"],
            matrix_row(summary.path, summary.issuer, summary.year, summary.figures),
        )
        if self.db_path is not None:
            from wuchuan_check.render.database import DbScored, db_payload

            return DbScored(*parts, db=db_payload(card, path))
        return Scored(*parts)

    def open(self, stack: ExitStack) -> list[Sink]:
        sinks: list[Sink] = []
        if self.csv_path is not None:
            sinks.append(_CsvSink(_open(stack, self.csv_path), MATRIX_CSV_COLUMNS, lambda s: s.csv_rows))
        if self.indicators_csv is not None:
            sinks.append(_CsvSink(_open(stack, self.indicators_csv), matrix_header(load_indicators()),
                                  lambda s: [s.figures]))
        if self.json_path is not None:
            sinks.append(_JsonStream(stack.enter_context(atomic_open(self.json_path))))
        if self.jsonl_path is not None:
            sinks.append(_JsonLines(stack.enter_context(atomic_open(self.jsonl_path))))
        if self.db_path is not None:
            from wuchuan_check.render.database import open_sink

            sinks.append(open_sink(stack, self.db_path, *self.db_run))
        return sinks


def _open(stack: ExitStack, path: str | Path) -> IO[str]:
    return stack.enter_context(atomic_open(path, encoding="utf-8-sig", newline=""))


def matrix_rows(card: Scorecard, s: ReportSummary) -> list[list[str]]:
    """One CSV row per measure (MATRIX_CSV_COLUMNS)."""
    return [
        [
            s.path, s.issuer or "", s.year, s.level_label,
            area_label(m.area), m.id, m.measure.title, m.status.measure_label,
            str(m.tally.done), str(m.tally.applicable), f"{m.score:.2f}", card.checklist.id,
        ]
        for m in card.measures
    ]


def _printable_rows(rows: list[list[str]]) -> list[list[str]]:
    """`printable` on every cell; one encoding check of all cells first, as nearly every report's
    rows have nothing to escape (0.04 ms of 0.1 per report went to 528 calls)."""
    try:
        "".join(cell for row in rows for cell in row).encode("utf-8")
        return rows
    except UnicodeEncodeError:
        return [[printable(cell) for cell in row] for row in rows]


def _csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text, written with one call so an interrupt never leaves half a report."""
    buf = io.StringIO()
    csv.writer(buf).writerows(safe_row(r) for r in rows)
    return buf.getvalue()


def partial_note(scored: int, not_scored: int) -> list[str]:
    """The last row of an interrupted batch's CSV (as wide as the matrix), where a spreadsheet user sees it."""
    note = (f"【未完成 / PARTIAL】批次被中断:以上为已评分的 {scored} 份报告,另有 {not_scored} 个文件未评分"
            f" / batch interrupted: {scored} reports above, {not_scored} files not scored")
    return [note] + [""] * (len(MATRIX_CSV_COLUMNS) - 1)


class _CsvSink:
    """A CSV growing as the batch runs (flushed per report); an interrupted batch's ends with a note."""

    def __init__(self, fh: IO[str], header: list[str], rows: Any) -> None:
        self.fh, self.rows = fh, rows
        fh.write(_csv_text([header]))

    def add(self, scored: Scored) -> None:
        self.fh.write(_csv_text(self.rows(scored)))
        self.fh.flush()

    def finish(self, result: BatchResult, not_scored: int, interrupted: bool) -> None:
        if interrupted:
            self.fh.write(_csv_text([partial_note(len(result.reports), not_scored)]))


class _JsonStream:
    """A JSON document written as results arrive: {"reports": [...], "failed": [...], ...}."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.tool: dict[str, Any] = {}
        self.count = 0
        fh.write('{\n"reports": [')

    def add(self, scored: Scored) -> None:
        self.tool = scored.tool
        self.fh.write(("," if self.count else "") + "\n" + scored.record_json)
        self.count += 1
        self.fh.flush()

    def finish(self, result: BatchResult, not_scored: int, interrupted: bool) -> None:
        not_scored = not_scored if interrupted else 0
        failures = result.failures
        tail = {
            "failed": [{"path": f.path, "error": f.message} for f in failures],
            "batch": {"scored": self.count, "failed": len(failures), "partial": not_scored > 0,
                      "interrupted": not_scored > 0, "not_scored": not_scored},
            "tool": self.tool,
        }
        self.fh.write("\n],\n" + json.dumps(tail, ensure_ascii=False, indent=1)[2:] + "\n")


class _JsonLines:
    """JSON Lines: each scored report's record (as in the JSON file's "reports") on its own line, as
    it arrives; each failed file a line {"path", "error"} at the end."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh

    def add(self, scored: Scored) -> None:
        self.fh.write(scored.record_json + "\n")
        self.fh.flush()

    def finish(self, result: BatchResult, not_scored: int, interrupted: bool) -> None:
        for f in result.failures:
            self.fh.write(json.dumps({"path": f.path, "error": f.message}, ensure_ascii=False) + "\n")
