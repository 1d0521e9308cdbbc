"""Score many reports at once: find the files, score them in parallel, stream the results.

Memory stays flat as a batch grows: workers return a compact result per report (never the
`Report` or `Scorecard`), the parent streams each report's CSV rows and JSON record to disk as it
arrives, and keeps only a `ReportSummary` (counts, metadata, one status per measure) for the
ranking table and the reports × measures matrix.
"""

from __future__ import annotations

import glob
import json
import math
import multiprocessing
import os
import signal
import stat
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

try:
    import resource
except ImportError:  # Windows: no per-file memory budget
    resource = None  # type: ignore[assignment]

from wuchuan_check.api import DEFAULT_OUTLINE, parse_level, score_report
from wuchuan_check.checklist.model import Checklist
from wuchuan_check.checklist.selection import choose_outline, resolve_checklists
from wuchuan_check.errors import InputError
from wuchuan_check.reading.document import Level, ReportMeta
from wuchuan_check.reading.formats import load_report
from wuchuan_check.scoring.indicators import load_indicators, values_in_order
from wuchuan_check.scoring.keywords import CompiledChecklist, compiled, content_key, register
from wuchuan_check.scoring.scorecard import Scorecard, Status, Tally

REPORT_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".html", ".htm"})

# 纲要 last: with --outline auto one batch may mix outlines, whose measure ids differ.


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
    figures: tuple[Any, ...] = ()  # each key figure's value in the indicators' order ("" = not stated)

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(frozen=True)
class Failure:
    path: str
    message: str  # one line, for the user


@dataclass(frozen=True)
class Scored:
    """A worker's answer for one report: the summary the batch keeps, plus what the caller's
    outputs stream to disk and drop (built in the worker by `BatchOutputs.summarise`)."""

    summary: ReportSummary
    csv_rows: list[list[str]] = field(default_factory=list)
    # the per-report part of the JSON contract, as JSON text: encoded once, in the worker, and sent
    # to the parent as one string instead of a tree of ~4,000 objects to pickle and encode again
    record_json: str = ""
    tool: dict[str, Any] = field(default_factory=dict)  # the tool's name and version, written once per file
    figures: list[Any] = field(default_factory=list)  # the report × indicator CSV row (主要数据)


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






def year_text(meta: ReportMeta) -> str:
    if meta.period:
        return f"{meta.period[0]}-{meta.period[1]}"
    return str(meta.year) if meta.year else ""


# --- finding the files ------------------------------------------------------------------------


def printable(text: str) -> str:
    """`text` safe to write as UTF-8: the undecodable bytes of a file name (which Python keeps as
    surrogate escapes) become `\\xNN`, so a CSV, JSON or terminal never fails on a name."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def printable_json(value: Any) -> str:
    """A JSON-like value as JSON text (not ASCII-escaped) that is safe to write as UTF-8: `printable`
    applied to every string. Encoded once, checked once at C level: nearly every record has
    nothing to escape, and walking its ~4,000 strings one by one cost more than building it."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return json.dumps(_printable_walk(value), ensure_ascii=False)


def _printable_walk(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(k) if isinstance(k, str) else k: _printable_walk(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable_walk(v) for v in value]
    return value


def failure(path: str | Path, message: str) -> Failure:
    """A failure whose path and message are safe to write anywhere."""
    return Failure(printable(str(path)), printable(message))


def not_regular(path: Path) -> str | None:
    """Why `path` (symlinks followed) is no file to read, or None for a regular file."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return "符号链接指向的文件不存在 / broken symbolic link"
        return "文件不存在 / file not found"
    except OSError as exc:  # a symlink loop, a name too long, no permission to look
        return f"无法访问 / cannot access: {exc.strerror or type(exc).__name__}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "是文件夹,不是报告文件(其中的报告照常查找)/ a folder named like a report; reports inside it are still found"
    kind = ("命名管道 FIFO" if stat.S_ISFIFO(mode) else "套接字 socket" if stat.S_ISSOCK(mode)
            else "设备文件 device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "特殊文件 special file")
    return f"不是普通文件({kind}),不读取 / not a regular file; not read"


def collect_paths(args: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> tuple[list[Path], list[Failure]]:
    """Expand files, folders (recursively, report formats only) and globs into report files.

    A file named explicitly is taken whatever its extension (the reader judges it); an argument
    that matches nothing, and anything with a report's name that is not a regular file (a FIFO,
    a broken symlink, a folder named `x.txt`), is a failure with its reason, not an abort and
    never silently dropped. `exclude`: our own output files, so a page written into the input
    folder is not scored on the next run.
    """
    skip = {Path(p).resolve() for p in exclude}
    seen: set[Path] = set()
    found: list[Path] = []
    failures: list[Failure] = []
    for arg in args:
        candidates, problems = _expand(str(arg))
        failures += problems
        for p in candidates:
            key = p.resolve()
            if key not in seen and key not in skip:
                seen.add(key)
                found.append(p)
    return found, failures


def _expand(arg: str) -> tuple[list[Path], list[Failure]]:
    p = Path(arg)
    why = not_regular(p)
    if why is None:
        return [p], []
    if p.is_dir():
        return _reports_in(p)
    if os.path.lexists(p):  # a FIFO, a socket, a broken symlink, …: named, so reported
        return [], [failure(p, why)]
    if glob.has_magic(arg):
        hits = sorted(glob.glob(arg, recursive=True))
        if hits:
            files: list[Path] = []
            failures: list[Failure] = []
            for h in map(Path, hits):
                if h.is_dir():
                    more, bad = _reports_in(h)
                    files += more
                    failures += bad
                elif _is_report_name(h):
                    _take(h, files, failures)
            return files, failures
    return [], [failure(arg, "文件或文件夹不存在,通配符也没有匹配 / no such file, folder or glob match")]


def _reports_in(folder: Path) -> tuple[list[Path], list[Failure]]:
    files: list[Path] = []
    failures: list[Failure] = []
    for p in sorted(folder.rglob("*")):
        if _is_report_name(p.relative_to(folder)):
            _take(p, files, failures)
    return files, failures


def _take(p: Path, files: list[Path], failures: list[Failure]) -> None:
    """A found entry with a report's name: a file to score, or a failure saying why not."""
    why = not_regular(p)
    if why is None:
        files.append(p)
    else:
        failures.append(failure(p, why))


def _is_report_name(p: Path) -> bool:
    """Report formats only, skipping hidden files and folders and Word's ~$ lock files."""
    if any(part.startswith(".") for part in p.parts if part not in (".", "..")) or p.name.startswith("~$"):
        return False
    return p.suffix.lower() in REPORT_SUFFIXES


def summary_of(card: Scorecard, path: str) -> ReportSummary:
    """What the batch keeps of one scorecard. Every string is `printable`: a file name that is not
    valid UTF-8 is written escaped, never a crash."""
    meta = card.report.meta
    return ReportSummary(
        path=printable(path),
        title=printable(meta.title) if meta.title else meta.title,
        issuer=printable(meta.issuer) if meta.issuer else meta.issuer,
        year=year_text(meta),
        level_label=card.level.label,
        outline_id=card.checklist.id,
        tally=card.tally,
        statuses=tuple(m.status for m in card.measures),
        figures=tuple(values_in_order(card.indicators, load_indicators())),
    )


def summary_only(card: Scorecard, path: str) -> Scored:
    """A batch's default answer per report: the summary, nothing to stream."""
    return Scored(summary_of(card, path))


class Sink(Protocol):
    """One output a batch streams as reports finish (the render layer writes the files)."""

    def add(self, scored: Scored) -> None: ...

    def finish(self, result: BatchResult, not_scored: int, interrupted: bool) -> None: ...


class BatchOutputs(Protocol):
    """What a caller asks a batch to write: `summarise` runs in the workers (picklable) and builds
    what the sinks need; `open` opens the sinks inside the batch, so that a batch that scores
    nothing leaves no file and an interrupted one finishes its files with what was scored."""

    def summarise(self, card: Scorecard, path: str) -> Scored: ...

    def open(self, stack: ExitStack) -> list[Sink]: ...


# --- one report (runs in a worker) ------------------------------------------------------------

_worker: dict[str, Any] = {}


# What a worker builds per report besides the summary: (matrix CSV rows, JSON record).
Summarise = Callable[[Scorecard, str], Scored]
# What each worker is started with: the checklists with their compiled keywords, whether the
# outline is chosen per report, the level, and the summariser.
Setup = tuple[list[tuple[Checklist, CompiledChecklist]], bool, Level | None, Summarise]


def _init_worker(forms: list[tuple[Checklist, CompiledChecklist]], auto: bool, level: Level | None,
                 summarise: Summarise = summary_only, memory_mb: int | None = None) -> None:
    """Keep the checklists for the worker's life with their compiled keywords, as the parent
    compiled them: a forked worker shares them, a spawned one (Windows) receives them pickled
    instead of compiling each checklist again (~60 ms, counted in no file's time budget)."""
    for checklist, cc in forms:
        register(checklist, content_key(checklist), cc)
    _worker.update(checklists=[checklist for checklist, _ in forms], auto=auto, level=level, summarise=summarise,
                   memory_mb=memory_mb)


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
        return _worker.get("summarise", summary_only)(card, str(path))
    except InputError as exc:
        return failure(path, exc.problem)
    except (MemoryError, SystemError):
        raise  # said by _worker_main once the memory cap is lifted: building a failure allocates too
    except Exception as exc:  # a bug on one odd file must not sink a thousand-file batch
        return failure(path, f"内部错误 / internal error: {type(exc).__name__}: {exc}")


def _over_memory(memory_mb: int | None) -> str:
    limit = f"{memory_mb} MB" if memory_mb else ""
    return f"内存超限:超过每个文件 {limit} 的内存上限 / over the memory budget of {limit} per file"


# --- running ----------------------------------------------------------------------------------


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int | None) -> int:
    """The workers --jobs asks for (None: one per core); InputError for fewer than one."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise InputError(None, f"--jobs 至少为 1 / --jobs must be at least 1, not {jobs}")
    return jobs


@dataclass(frozen=True)
class Budget:
    """What one file may cost. Over it the file is reported as failed and the batch goes on.

    60 s: a long real report scores in well under 5 s, so a minute means a hang (a PDF whose
    objects reference themselves), not a slow machine. 1024 MB: address space a worker may add
    for one file; reading and scoring a real report adds 64-128 MB (most of it a read buffer the
    size of the reader's file cap, reserved but never touched), so this is 8x headroom, and two
    workers stay inside an ordinary machine's memory. None switches a limit off."""

    seconds: float | None = 60.0
    memory_mb: int | None = 1024

    def check(self) -> None:
        if self.seconds is not None and not self.seconds > 0:
            raise InputError(None, f"--timeout 必须大于 0 / --timeout must be more than 0, not {self.seconds:g}")
        if self.memory_mb is not None and self.memory_mb < 16:
            raise InputError(None, f"--memory 至少为 16(MB)/ --memory must be at least 16 (MB), not {self.memory_mb}")


DEFAULT_BUDGET = Budget()


def iter_outcomes(
    paths: Sequence[Path], checklists: list[Checklist], auto: bool, level: Level | None, jobs: int,
    budget: Budget = DEFAULT_BUDGET, summarise: Summarise = summary_only,
) -> Generator[Outcome, None, None]:
    """Score each path in worker processes, yielding results as they finish (completion order).
    `summarise`: what each worker builds of a scorecard for the caller's outputs.

    Every file, even with one job, is scored in a worker: a file that hangs, eats memory or kills
    its worker costs that file only."""
    forms = [(c, compiled(c)) for c in checklists]
    with _Pool(min(jobs, len(paths)), (forms, auto, level, summarise), budget) as pool:
        yield from pool.run(paths)


# --- the worker pool ----------------------------------------------------------------------------
# concurrent.futures cannot outlive a dead worker (BrokenProcessPool ends every future). This pool
# gives each worker its files over its own pipe and scores them in order, so the parent always
# knows which file a worker is on: a worker that dies or overruns its deadline is killed, that file
# reported, the files queued behind it given to another, and a fresh worker takes its place.
# Each worker holds up to QUEUED files, so that it starts its next file while the parent is still
# writing the last one's result, instead of waiting for the parent between every two files.

QUEUED = 2

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """The worker is killed when the batch is: on Linux by the kernel (even after SIGKILL), elsewhere
    by a thread that watches the parent's pid."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):  # not Linux
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _address_space() -> int | None:
    """The process's mapped address space in bytes (Linux), None where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _limit_memory(memory_mb: int | None) -> None:
    """Let the next file add at most `memory_mb` to the worker's address space: past it allocations
    fail with MemoryError (reported as 内存超限) instead of the machine swapping or the OOM killer."""
    if memory_mb is None or resource is None:
        return
    now = _address_space()
    if now is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = now + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ValueError, OSError):  # a platform that does not enforce it
        pass


def _lift_memory_limit() -> None:
    if resource is None:
        return
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ValueError, OSError):
        pass


def _worker_main(conn: Connection, setup: Setup, memory_mb: int | None,
                 parent: int) -> None:
    """A worker: say ready, then score one file per message until told to stop (None or EOF)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no tracebacks
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # forked: drop the parent's handler
    if hasattr(signal, "pthread_sigmask"):  # blocked by _start until the handlers above were set
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _die_with_parent(parent)
    _init_worker(*setup, memory_mb=memory_mb)
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        _limit_memory(memory_mb)
        try:
            outcome = _score_one(task)
        except (MemoryError, SystemError) as exc:
            _lift_memory_limit()  # first: under the cap, even building the failure can fail again
            # C code that fails to allocate under the address-space cap can return an error without
            # setting MemoryError ("error return without exception set"): under a cap, that is the cap.
            if isinstance(exc, SystemError) and not memory_mb:
                raise
            _worker["spent"] = True  # the worker's heap may be in pieces: it makes way for a fresh one
            outcome = failure(task, _over_memory(memory_mb))
        _lift_memory_limit()  # the budget is the file's: sending its result must not hit it
        spent = _worker.pop("spent", False)
        conn.send((outcome, not spent))
        if spent:
            return


_READY = "ready"
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _death(exitcode: int, memory_mb: int | None = None) -> str:
    """Why a worker stopped, for the file it held. Under a memory budget, a native library that
    cannot allocate often aborts the process (SIGABRT) instead of raising MemoryError: that is the
    budget, and is said so."""
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        if memory_mb and name == "SIGABRT":
            return (f"内存超限(很可能):评分进程在每个文件 {memory_mb} MB 的内存上限下中止({name}),已换新进程继续"
                    f" / likely over the memory budget of {memory_mb} MB per file: the worker aborted ({name});"
                    " the batch goes on")
        cause = f"被信号 {name} 终止" + ("(通常是系统内存不足)" if -exitcode == signal.SIGKILL else "")
        english = f"killed by {name}"
    else:
        cause, english = f"退出码 {exitcode}", f"exit code {exitcode}"
    return f"评分进程意外退出({cause}),已换新进程继续 / worker died ({english}); the batch goes on"


@dataclass
class _Slot:
    """One worker process, its pipe, and the files given to it: the first is the one it is
    scoring, under `deadline`."""

    proc: BaseProcess
    conn: Connection
    ready: bool = False
    paths: deque[Path] = field(default_factory=deque)
    deadline: float = math.inf


class _Pool:
    def __init__(self, size: int, setup: Setup, budget: Budget) -> None:
        methods = multiprocessing.get_all_start_methods()
        # fork: no pickling of the checklists and no re-import; a spawned worker receives them with
        # their compiled keywords (registered before it says ready, outside any file's time budget).
        self.ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")  # stubs lack .Process
        self.size, self.setup, self.budget = size, setup, budget
        self.slots: list[_Slot] = []
        self.failed_starts = 0

    def __enter__(self) -> _Pool:
        try:
            for _ in range(self.size):
                self._start()
        except BaseException:  # Ctrl-C while starting: no worker may outlive us
            for slot in list(self.slots):
                slot.proc.kill()
                self._stop(slot)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for slot in self.slots:
            if exc[0] is None:
                try:
                    slot.conn.send(None)
                except OSError:
                    pass
            else:  # interrupted: do not finish the file in hand
                slot.proc.kill()
        for slot in list(self.slots):
            self._stop(slot)

    def _start(self) -> None:
        mine, theirs = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(theirs, self.setup, self.budget.memory_mb, os.getpid()),
                                name="wuchuan-check-worker", daemon=True)  # never joined at exit
        # A Ctrl-C arriving while the worker starts would otherwise hit it before it ignores SIGINT
        # (a traceback), and the parent before it knows the worker (an orphan): both wait until here.
        masked = hasattr(signal, "pthread_sigmask")
        if masked:
            signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            proc.start()
            self.slots.append(_Slot(proc, mine))
        finally:
            theirs.close()
            if masked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)

    def _stop(self, slot: _Slot) -> None:
        slot.proc.join(2)
        if slot.proc.is_alive():
            slot.proc.kill()
            slot.proc.join()
        slot.conn.close()
        slot.proc.close()
        self.slots.remove(slot)

    def _replace(self, slot: _Slot, more: bool) -> None:
        slot.proc.kill()
        self._stop(slot)
        if more:
            self._start()

    def run(self, paths: Sequence[Path]) -> Iterator[Outcome]:
        todo = deque(paths)
        while todo or any(s.paths for s in self.slots):
            for slot in self.slots:
                while slot.ready and len(slot.paths) < QUEUED and todo:
                    self._give(slot, todo.popleft())
            watched = [s.conn for s in self.slots] + [s.proc.sentinel for s in self.slots]
            deadline = min((s.deadline for s in self.slots), default=math.inf)
            wait(watched, None if deadline == math.inf else max(0.0, deadline - time.monotonic()))
            for slot in list(self.slots):
                outcome = self._check(slot, todo)
                if outcome is not None:
                    yield outcome

    def _give(self, slot: _Slot, path: Path) -> None:
        slot.paths.append(path)
        if len(slot.paths) == 1:
            self._clock(slot)
        try:
            slot.conn.send(path)
        except OSError:  # it died idle; _check sees the sentinel and reports the file
            pass

    def _clock(self, slot: _Slot) -> None:
        """Start the time budget of the file the worker is on now (none when it holds none)."""
        seconds = self.budget.seconds
        slot.deadline = time.monotonic() + seconds if seconds is not None and slot.paths else math.inf

    def _check(self, slot: _Slot, todo: deque[Path]) -> Outcome | None:
        """The outcome `slot` has for its current file, if any now: a result, a timeout or a death.
        A worker that is stopped hands its queued files back to `todo`, first in line."""
        try:
            message = slot.conn.recv() if slot.conn.poll() else None
        except (EOFError, OSError):
            message = None
        if message == _READY:
            slot.ready = True
            self.failed_starts = 0
            return None
        if message is not None:
            outcome, fit = message
            slot.paths.popleft()
            self._clock(slot)  # the worker went straight on to its next file
            if not fit:
                self._retire(slot, todo)
            return outcome  # type: ignore[no-any-return]
        code = slot.proc.exitcode
        path = slot.paths[0] if slot.paths else None
        if code is not None:
            if path is not None:
                slot.paths.popleft()  # reported below; the files behind it are not lost
            self._retire(slot, todo)
            if path is None:  # died before or between files: nothing lost, but do not spin
                self._started_badly(slot)
                return None
            return failure(path, _death(code, self.budget.memory_mb))
        if path is not None and time.monotonic() >= slot.deadline:
            slot.paths.popleft()
            self._retire(slot, todo)
            return failure(path, f"超时:超过 {self.budget.seconds:g} 秒仍未完成,已停止 / timed out after {self.budget.seconds:g} s")
        return None

    def _retire(self, slot: _Slot, todo: deque[Path]) -> None:
        """Replace the worker; the files still queued for it (not started) go back to the front of
        `todo`, in their order."""
        todo.extendleft(reversed(slot.paths))
        slot.paths.clear()
        self._replace(slot, bool(todo))

    def _started_badly(self, slot: _Slot) -> None:
        """Give up when new workers keep dying before they are ready (e.g. no memory to start)."""
        if not slot.ready:
            self.failed_starts += 1
            if self.failed_starts > 3:
                raise InputError(None, "无法启动评分进程 / cannot start a worker process")


class _Interrupts:
    """SIGINT and SIGTERM (a killed terminal, a service stop) stop a batch between two reports,
    never while one report's rows are being written: the outputs keep only complete records."""

    def __init__(self) -> None:
        self.pending = False
        self.writing = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.writing and not self.pending:  # a second signal is not deferred
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():  # only there can we catch signals
            yield
            return
        old = {sig: signal.signal(sig, self.handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        self.writing = True
        try:
            yield
        finally:
            self.writing = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt


def run_batch(
    paths: Sequence[Path],
    outline: str | Path | Checklist = DEFAULT_OUTLINE,
    level: str | Level | None = None,
    jobs: int | None = None,
    failures: Sequence[Failure] = (),
    on_outcome: Callable[[Outcome], None] | None = None,
    budget: Budget = DEFAULT_BUDGET,
    outputs: BatchOutputs | None = None,
) -> BatchResult:
    """Score `paths` in worker processes; returns the compact results, and streams each report to
    the sinks `outputs` opens (render.batchfiles.BatchFiles: the matrix CSV, JSON, JSON Lines and
    key-figure CSV).

    `failures`: ones found before scoring (e.g. a path that does not exist), counted with the
    rest. Raises InputError when no report could be scored; output files are then not written.
    Interrupted (Ctrl-C, SIGTERM) with reports scored: the sinks are finished with what was
    scored, marked partial, then KeyboardInterrupt is raised.
    """
    jobs = worker_count(jobs)
    budget.check()
    checklists, auto = resolve_checklists(outline)
    for c in checklists:  # compiled once, here: forked workers inherit it (their compiled(c) is a cache hit)
        compiled(c)
    result = BatchResult({c.id: c for c in checklists}, failures=list(failures))
    interrupts = _Interrupts()
    interrupted = False
    done = 0
    with interrupts.installed(), ExitStack() as stack:
        sinks = outputs.open(stack) if outputs is not None else []
        summarise = outputs.summarise if outputs is not None else summary_only
        outcomes = iter_outcomes(paths, checklists, auto, parse_level(level), jobs, budget, summarise)
        try:
            for outcome in outcomes:
                with interrupts.deferred():
                    done += 1
                    _record(outcome, result, sinks)
                    if on_outcome:
                        on_outcome(outcome)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            outcomes.close()  # the workers stop before the outputs are finished
        if not result.reports:
            if interrupted:
                raise KeyboardInterrupt
            raise InputError(None, f"没有一份报告评分成功({len(result.failures)} 个文件失败)/ no report could be scored")
        with interrupts.deferred():
            for sink in sinks:
                sink.finish(result, len(paths) - done, interrupted)
    if interrupted:
        raise KeyboardInterrupt
    return result


def _record(outcome: Outcome, result: BatchResult, sinks: Sequence[Sink]) -> None:
    """Keep an outcome's summary and hand it to the sinks."""
    if isinstance(outcome, Failure):
        result.failures.append(outcome)
        return
    result.reports.append(outcome.summary)
    for sink in sinks:
        sink.add(outcome)
