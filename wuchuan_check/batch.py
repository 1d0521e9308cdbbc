"""Score many reports at once: find the files, score them in parallel, stream the results.

Memory stays flat as a batch grows: workers return a compact result per report (never the
`Report` or `Scorecard`), the parent streams each report's CSV rows and JSON record to disk as it
arrives, and keeps only a `ReportSummary` (counts, metadata, one status per measure) for the
ranking table and the reports × measures matrix.
"""

from __future__ import annotations

import csv
import glob
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from .api import DEFAULT_OUTLINE, parse_level, score_report
from .atomic import atomic_open
from .checklist import Checklist, builtin_outline_ids, load_outline
from .document import Level, ReportMeta
from .errors import InputError
from .export import area_label, scorecard_dict
from .reading import load_report
from .scorecard import Scorecard, Status, Tally
from .selection import AUTO, choose_outline

REPORT_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".html", ".htm"})

# 纲要 last: with --outline auto one batch may mix outlines, whose measure ids differ.
MATRIX_CSV_COLUMNS = ["报告", "发文单位", "年度", "层级", "大项", "分项编号", "分项", "分项状态", "已完成支项", "适用支项", "得分", "纲要"]

# Parts of the JSON contract kept per report in a batch; items and evidence would make the file
# grow with the batch a hundredfold.
# The outline is per report: with --outline auto each report may use a different one.
_RECORD_KEYS = ("outline", "report", "summary", "areas", "measures")


# --- data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSummary:
    """What the batch keeps of one scored report: enough for the ranking and the matrix."""

    path: str
    title: str | None
    issuer: str | None
    year: str  # "2019", "2015-2020" for a five-year self-check, "" when unknown
    level_label: str
    outline_id: str
    tally: Tally
    statuses: tuple[Status, ...]  # one per measure, in the order of its checklist

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(frozen=True)
class Failure:
    path: str
    message: str  # one line, for the user


@dataclass(frozen=True)
class Scored:
    """A worker's answer for one report: the summary plus what is streamed to disk and dropped."""

    summary: ReportSummary
    csv_rows: list[list[str]]
    record: dict[str, Any]  # the per-report part of the JSON contract
    tool: dict[str, Any]  # the tool's name and version, written once per file


Outcome = Scored | Failure


@dataclass
class BatchResult:
    checklists: dict[str, Checklist]  # by id: the one given, or every built-in one for auto
    reports: list[ReportSummary] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def ranked(self) -> list[ReportSummary]:
        """Best first: by completion among applicable items, then the Wuchuan rate, then name."""
        return sorted(self.reports, key=_rank_key)

    def mean_rates(self) -> tuple[float | None, float | None]:
        """The two completion rates averaged over the scored reports (each report weighs the same)."""
        return _mean([r.tally.rate_with_na for r in self.reports]), _mean([r.tally.rate_applicable for r in self.reports])

    def groups(self) -> list[tuple[Checklist, list[ReportSummary]]]:
        """Ranked reports per outline used: a reports × measures matrix needs one set of measures."""
        ranked = self.ranked()
        out = [(c, [r for r in ranked if r.outline_id == cid]) for cid, c in self.checklists.items()]
        return [(c, rs) for c, rs in out if rs]


def measure_tallies(reports: list[ReportSummary], n_measures: int) -> list[Tally]:
    """For each measure, how many reports have it in each status (counts reports, not items)."""
    return [Tally.of([r.statuses[i] for r in reports]) for i in range(n_measures)]


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _rank_key(r: ReportSummary) -> tuple[float, float, str]:
    return (-(r.tally.rate_applicable or 0.0), -(r.tally.rate_with_na or 0.0), r.path)


RANKING_COLUMNS = ["排名", "报告", "发文单位", "层级", "年度", "已完成", "待完善", "未体现", "不涉及",
                   "完成率(含不涉及)", "完成率(适用项)"]


def ranking_row(rank: int, r: ReportSummary) -> list[str | int | float | None]:
    """One row of the ranking (RANKING_COLUMNS); rates stay numbers for each renderer to format."""
    t = r.tally
    return [rank, r.name, r.issuer or "", r.level_label, r.year, t.done, t.partial, t.missing, t.na,
            t.rate_with_na, t.rate_applicable]


def year_text(meta: ReportMeta) -> str:
    if meta.period:
        return f"{meta.period[0]}-{meta.period[1]}"
    return str(meta.year) if meta.year else ""


# --- finding the files ------------------------------------------------------------------------


def collect_paths(args: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> tuple[list[Path], list[Failure]]:
    """Expand files, folders (recursively, report formats only) and globs into report files.

    A file named explicitly is taken whatever its extension (the reader judges it); an argument
    that matches nothing is a failure, not an abort. `exclude`: our own output files, so a page
    written into the input folder is not scored on the next run.
    """
    skip = {Path(p).resolve() for p in exclude}
    seen: set[Path] = set()
    found: list[Path] = []
    failures: list[Failure] = []
    for arg in args:
        candidates = _expand(str(arg))
        if candidates is None:
            failures.append(Failure(str(arg), "文件或文件夹不存在,通配符也没有匹配 / no such file, folder or glob match"))
            continue
        for p in candidates:
            key = p.resolve()
            if key not in seen and key not in skip:
                seen.add(key)
                found.append(p)
    return found, failures


def _expand(arg: str) -> list[Path] | None:
    p = Path(arg)
    if p.is_file():
        return [p]
    if p.is_dir():
        return _reports_in(p)
    if glob.has_magic(arg):
        hits = sorted(glob.glob(arg, recursive=True))
        if hits:
            out: list[Path] = []
            for h in map(Path, hits):
                if h.is_dir():
                    out += _reports_in(h)
                elif _is_report_name(h):
                    out.append(h)
            return out
    return None


def _reports_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and _is_report_name(p.relative_to(folder)))


def _is_report_name(p: Path) -> bool:
    """Report formats only, skipping hidden files and folders and Word's ~$ lock files."""
    if any(part.startswith(".") for part in p.parts if part not in (".", "..")) or p.name.startswith("~$"):
        return False
    return p.suffix.lower() in REPORT_SUFFIXES


# --- one report (runs in a worker) ------------------------------------------------------------

_worker: dict[str, Any] = {}


def resolve_checklists(outline: str | Path | Checklist) -> tuple[list[Checklist], bool]:
    """The checklists a batch may use, and whether each report picks its own (auto)."""
    if isinstance(outline, Checklist):
        return [outline], False
    if str(outline) == AUTO:
        return [load_outline(i) for i in builtin_outline_ids()], True
    return [load_outline(outline)], False


def _init_worker(checklists: list[Checklist], auto: bool, level: Level | None) -> None:
    """Keep the loaded checklists for the worker's life: parsed once, not once per report."""
    _worker.update(checklists=checklists, auto=auto, level=level)


def _score_path(path: Path) -> Scorecard:
    report = load_report(path)
    if not _worker["auto"]:
        return score_report(report, _worker["checklists"][0], _worker["level"])
    choice = choose_outline(report, _worker["checklists"])
    card = score_report(report, choice.checklist, _worker["level"])
    return replace(card, outline_reason=f"自动选择:{choice.reason}")


def _score_one(path: Path) -> Outcome:
    try:
        card = _score_path(path)
    except InputError as exc:
        return Failure(str(path), exc.problem)
    except Exception as exc:  # a bug on one odd file must not sink a thousand-file batch
        return Failure(str(path), f"内部错误 / internal error: {type(exc).__name__}: {exc}")
    return summarise(card, str(path))


def summarise(card: Scorecard, path: str) -> Scored:
    """The compact result of one scorecard: summary, matrix CSV rows, JSON record."""
    full = scorecard_dict(card)
    summary = ReportSummary(
        path=path,
        title=card.report.meta.title,
        issuer=card.report.meta.issuer,
        year=year_text(card.report.meta),
        level_label=card.level.label,
        outline_id=card.checklist.id,
        tally=card.tally,
        statuses=tuple(m.status for m in card.measures),
    )
    return Scored(
        summary,
        matrix_rows(card, summary),
        {k: full[k] for k in _RECORD_KEYS},
        full["tool"],
    )


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


# --- running ----------------------------------------------------------------------------------


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def iter_outcomes(
    paths: Sequence[Path], checklists: list[Checklist], auto: bool, level: Level | None, jobs: int
) -> Iterator[Outcome]:
    """Score each path, yielding results as they finish (in completion order, not input order)."""
    setup = (checklists, auto, level)
    if jobs <= 1 or len(paths) <= 1:
        _init_worker(*setup)
        yield from map(_score_one, paths)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=_init_worker, initargs=setup) as pool:
        yield from _bounded_map(pool, paths, window=jobs * 4)


def _bounded_map(pool: ProcessPoolExecutor, paths: Sequence[Path], window: int) -> Iterator[Outcome]:
    """Keep at most `window` reports in flight, so finished results never pile up in memory."""
    todo = iter(paths)
    pending: set[Future[Outcome]] = {pool.submit(_score_one, p) for _, p in zip(range(window), todo)}
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()
                nxt = next(todo, None)
                if nxt is not None:
                    pending.add(pool.submit(_score_one, nxt))
    finally:
        for fut in pending:  # interrupted: do not score the rest
            fut.cancel()


class _JsonStream:
    """A JSON document written as results arrive: {"reports": [...], "failed": [...], ...}."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.tool: dict[str, Any] = {}
        self.count = 0
        fh.write('{\n"reports": [')

    def add(self, s: Scored) -> None:
        self.tool = s.tool
        self.fh.write(("," if self.count else "") + "\n" + json.dumps(s.record, ensure_ascii=False))
        self.count += 1

    def close(self, failures: list[Failure]) -> None:
        tail = {
            "failed": [{"path": f.path, "error": f.message} for f in failures],
            "batch": {"scored": self.count, "failed": len(failures)},
            "tool": self.tool,
        }
        self.fh.write("\n],\n" + json.dumps(tail, ensure_ascii=False, indent=1)[2:] + "\n")


def run_batch(
    paths: Sequence[Path],
    outline: str | Path | Checklist = DEFAULT_OUTLINE,
    level: str | Level | None = None,
    jobs: int | None = None,
    csv_path: str | Path | None = None,
    json_path: str | Path | None = None,
    failures: Sequence[Failure] = (),
    on_outcome: Callable[[Outcome], None] | None = None,
) -> BatchResult:
    """Score `paths`, streaming the matrix CSV and the JSON file; returns the compact results.

    `failures`: ones found before scoring (e.g. a path that does not exist), counted with the
    rest. Raises InputError when no report could be scored; output files are then not written.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise InputError(None, f"--jobs 至少为 1 / --jobs must be at least 1, not {jobs}")
    checklists, auto = resolve_checklists(outline)
    result = BatchResult({c.id: c for c in checklists}, failures=list(failures))
    with ExitStack() as stack:
        writer = None
        if csv_path is not None:
            writer = csv.writer(stack.enter_context(atomic_open(csv_path, encoding="utf-8-sig", newline="")))
            writer.writerow(MATRIX_CSV_COLUMNS)
        stream = _JsonStream(stack.enter_context(atomic_open(json_path))) if json_path is not None else None
        for outcome in iter_outcomes(paths, checklists, auto, parse_level(level), jobs):
            if isinstance(outcome, Scored):
                result.reports.append(outcome.summary)
                if writer:
                    writer.writerows(outcome.csv_rows)
                if stream:
                    stream.add(outcome)
            else:
                result.failures.append(outcome)
            if on_outcome:
                on_outcome(outcome)
        if not result.reports:
            raise InputError(None, f"没有一份报告评分成功({len(result.failures)} 个文件失败)/ no report could be scored")
        if stream:
            stream.close(result.failures)
    return result
