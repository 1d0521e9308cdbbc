"""A batch in the terminal (rich): the progress bar, failure lines, the ranking table, the end line."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from wuchuan_check.labels import RATE_APPLICABLE
from wuchuan_check.render.common import RANKING_COLUMNS, pct, ranking_row
from wuchuan_check.render.tables import SimpleTable
from wuchuan_check.runs.batch import BatchResult, Failure, Outcome

REDRAW_SECONDS = 0.1


def failure_line(f: Failure) -> str:
    return f"失败 / failed: {f.path}: {f.message}"


@contextmanager
def batch_progress(console: Console, total: int) -> Iterator[Callable[[Outcome], None]]:
    """A progress bar on `console` (stderr); yields the callback to call once per finished file."""
    # No refresh thread (auto_refresh=False; redrawn once per finished file): workers are forked
    # from this process, and a second thread's malloc arena, inherited by each worker, is reserved
    # address space a worker can fill without growing it, past its --memory budget.
    progress = Progress(
        TextColumn("评分 / scoring"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("剩余"), TimeRemainingColumn(), console=console, transient=False, auto_refresh=False,
    )
    task = progress.add_task("", total=total)
    counts = {"scored": 0, "failed": 0}
    drawn = [-math.inf]  # when the bar was last redrawn (monotonic seconds)

    def advance(outcome: Outcome) -> None:
        if isinstance(outcome, Failure):
            progress.console.print(failure_line(outcome), markup=False)
        counts["failed" if isinstance(outcome, Failure) else "scored"] += 1
        progress.advance(task)
        # Redrawn at most 10 times a second (and for the last file): a redraw costs ~0.3 ms, which
        # at hundreds of reports a second is CPU the workers need.
        now = time.monotonic()
        if now - drawn[0] >= REDRAW_SECONDS or sum(counts.values()) == total:
            drawn[0] = now
            progress.refresh()

    with progress:
        try:
            yield advance
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: one line, exit 130 (typer would say nothing)
            progress.stop()
            console.print(interrupted_line(counts["scored"], counts["failed"], total), markup=False)
            raise SystemExit(130) from None


def interrupted_line(scored: int, failed: int, total: int) -> str:
    kept = "(如指定了 CSV/JSON,其中只含这些报告,标记为未完成)" if scored else ""
    return (f"已取消 / interrupted:已评分 {scored} 份报告,{failed} 个文件失败,"
            f"{total - scored - failed} 个文件未评分{kept}")


# The terminal leaves out 发文单位 (the xlsx and html pages have it) to fit 80 columns.
_TERMINAL_COLUMNS = [i for i, c in enumerate(RANKING_COLUMNS) if c != "发文单位"]


def ranking_table(result: BatchResult) -> SimpleTable:
    """Drawn as rich's Table(box=SIMPLE_HEAD, padding=(0, 0)) draws it, without its per-cell layout."""
    table = SimpleTable(f"排名(按{RATE_APPLICABLE}排序,共 {len(result.reports)} 份报告)",
                        box=box.SIMPLE_HEAD, padding=0)  # 80 columns fit every column
    for i in _TERMINAL_COLUMNS:
        name = RANKING_COLUMNS[i].replace("(", "\n").rstrip(")")
        if RANKING_COLUMNS[i] == "报告":
            table.add_column(name, min_width=14, overflow="fold")
        else:
            table.add_column(name, justify="left" if i in (3, 4) else "right", no_wrap=True)
    for rank, r in enumerate(result.ranked(), 1):
        row = ranking_row(rank, r)
        cells = (row[i] for i in _TERMINAL_COLUMNS)
        table.add_row(*(pct(c) if isinstance(c, float) or c is None else str(c) for c in cells))
    return table


def end_line(result: BatchResult) -> str:
    n_ok, n_bad = len(result.reports), len(result.failures)
    line = f"已评分 {n_ok} 份报告"
    return line + (f",{n_bad} 个文件失败(见上方“失败”行)" if n_bad else ",无失败") + "。"
