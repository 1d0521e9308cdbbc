"""The scorecard's and the batch ranking's terminal tables look exactly as rich's Table drew them:
same characters, same widths and folding, same colours. The rich Table builders the package used
before are kept here, only as the reference the cheap tables (render.tables) are compared with.

Laying the reference out is rich's slow path (~0.1 s for the 178-row --detail table), so what it
printed for each report and console is remembered in tests/data/terminal-reference.json as a
digest, keyed by everything the printout follows from: the package's code and checklists, this
file, the corpus generator, rich's version and the report's bytes. A test compares what the
package prints with that digest and, when it differs or the key is new, with rich's reference
drawn there and then, so a stale file costs time, never a verdict. Refresh it after a change:
`python tests/test_terminal_tables.py --write`."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import random
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Table
from rich.text import Text

from wuchuan_check.api import score_file
from wuchuan_check.labels import AREA, RATE_APPLICABLE, area_label
from wuchuan_check.render import indicators, tables, terminal
from wuchuan_check.render.batch import _TERMINAL_COLUMNS, ranking_table
from wuchuan_check.render.common import PALETTE, RANKING_COLUMNS, pct, ranking_row
from wuchuan_check.render.tables import SimpleTable
from wuchuan_check.runs.batch import BatchResult, collect_paths, run_batch
from wuchuan_check.scoring.indicators import IndicatorValue
from wuchuan_check.scoring.scorecard import ItemResult, Scorecard, Status

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"  # as conftest's seeds_dir, listed at collection time
WIDTHS = (60, 80, 120, 200)


# --- the reference: the rich Table builders as the package had them ------------------------------

def ref_area_table(card: Scorecard) -> Table:
    table = Table(title="分大项情况(按支项计)", header_style="bold", show_lines=False)
    table.add_column(AREA, overflow="fold")
    for col in ("支项", "已完成", "待完善", "未体现", "不涉及", RATE_APPLICABLE):
        table.add_column(col, justify="right")
    for a in card.areas:
        table.add_row(area_label(a.area), str(a.tally.total), *terminal.tally_cells(a.tally))
    t = card.tally
    table.add_row("合计", str(t.total), *terminal.tally_cells(t), style="bold")
    return table


def ref_measure_table(card: Scorecard) -> Table:
    table = Table(title="分项情况", header_style="bold")
    for col, justify in (("分项", "left"), ("状态", "left"), ("已完成/适用支项", "right"), ("得分", "right")):
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for m in card.measures:
        table.add_row(f"{m.id} {m.measure.title}", terminal.status_text(m.status, measure=True),
                      f"{m.tally.done}/{m.tally.applicable}", f"{m.score:.2f}")
    return table


def ref_item_table(items: list[ItemResult], title: str) -> Table:
    table = Table(title=title, header_style="bold", show_lines=True)
    table.add_column("支项", no_wrap=True)
    table.add_column("要求", overflow="fold")
    table.add_column("状态", no_wrap=True)
    table.add_column("说明", overflow="fold")
    table.add_column("最佳证据", overflow="fold")
    for it in items:
        table.add_row(it.id, it.ref.item.text, terminal.status_text(it.status), it.reason, terminal._evidence_cell(it))
    return table


def ref_na_table(na: list[ItemResult]) -> Table:
    groups: dict[str, list[str]] = {}
    for it in na:
        groups.setdefault(it.reason, []).append(it.id)
    table = Table(title=f"不涉及 {len(na)} 项", header_style="bold")
    table.add_column("理由", overflow="fold")
    table.add_column("支项")
    for reason, ids in groups.items():
        table.add_row(reason, " ".join(ids))
    return table


def ref_indicator_table(values: Sequence[IndicatorValue]) -> Table | None:
    rows = indicators.display_rows(values)
    if not rows:
        return None
    table = Table(title=indicators.TERMINAL_TITLE, header_style="bold")
    for col in indicators.DISPLAY_COLUMNS:
        fold = col in ("指标", "说明")
        table.add_column(col, justify="right" if col == "数值" else "left", overflow="fold", no_wrap=not fold)
    for row in rows:
        table.add_row(*(Text(c) for c in row))
    return table


def ref_ranking_table(result: BatchResult) -> Table:
    table = Table(title=f"排名(按{RATE_APPLICABLE}排序,共 {len(result.reports)} 份报告)", header_style="bold",
                  box=box.SIMPLE_HEAD, padding=(0, 0))
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


REFERENCE = {"area_table": ref_area_table, "measure_table": ref_measure_table, "item_table": ref_item_table,
             "na_table": ref_na_table}


# --- how the two are printed --------------------------------------------------------------------

def _console(width: int, colour: bool = True, **kw) -> Console:
    """The CLI's console (no markup, no highlighting) writing to a string."""
    colour_kw = {"force_terminal": True, "color_system": "standard"} if colour else {"color_system": None}
    return Console(file=io.StringIO(), width=width, highlight=False, markup=False, **colour_kw, **kw)


def _printed(console: Console, card: Scorecard, detail: bool) -> str:
    terminal.render(card, console, detail=detail)
    return console.file.getvalue()  # type: ignore[attr-defined]


class _LaidOut:
    """A reference table as rich's Table draws it, laid out once per console options and kept.

    Table draws from the options it is given (width, encoding, box substitution), never from the
    console's colours, which are applied when its segments are written out: the colour console
    and the plain one at the same width print the same segments, and so do the gap list and
    --detail for the tables they share. The segments are rich's own (`Console.render` of the
    Table); only their recomputation is saved. The premise is tested below."""

    def __init__(self, memo: dict | None, key: object, table: Table) -> None:
        self.memo, self.key, self.table = memo, key, table

    def __rich_console__(self, console: Console, options: ConsoleOptions):
        if self.memo is None:
            yield from console.render(self.table, options)
            return
        key = (self.key, options.size, options.legacy_windows, options.min_width, options.max_width, options.encoding,
               options.max_height, options.justify, options.overflow, options.no_wrap, options.highlight,
               options.markup, options.height)
        if key not in self.memo:
            self.memo[key] = list(console.render(self.table, options))
        yield from self.memo[key]


def _arg_key(arg: object) -> object:
    """A builder argument in a layout key: a title as itself, the scorecard or its items by identity."""
    if isinstance(arg, str):
        return arg
    return tuple(id(a) for a in arg) if isinstance(arg, list) else id(arg)


def _laid_out(memo: dict | None, name: str, builder):
    """`builder`, its Table wrapped in _LaidOut under a key naming the builder and its arguments."""
    def build(*args):
        key = (name, *map(_arg_key, args))
        table = builder(*args)
        return table if table is None else _LaidOut(memo, key, table)
    return build


def _reference(monkeypatch: pytest.MonkeyPatch, console: Console, card: Scorecard, detail: bool,
               memo: dict | None = None) -> str:
    """The scorecard printed with the rich Table builders; `memo` (kept by the caller while its
    scorecard lives, the ids in its keys with it) shares their layouts between consoles."""
    with monkeypatch.context() as m:
        for name, builder in REFERENCE.items():
            m.setattr(terminal, name, _laid_out(memo, name, builder))
        m.setattr(indicators, "indicator_table", _laid_out(memo, "indicator_table", ref_indicator_table))
        return _printed(console, card, detail)


def _report_paths() -> list[Path]:
    seeds = sorted(p for p in SEEDS_DIR.glob("*.txt") if ".gb18030." not in p.name) if SEEDS_DIR.is_dir() else []
    return sorted(EXAMPLES.glob("*.txt")) + seeds


_cards: dict[Path, Scorecard] = {}


def _card(path: Path) -> Scorecard:
    if path not in _cards:
        _cards[path] = score_file(str(path), "auto")
    return _cards[path]


# --- what the reference printed, remembered ---------------------------------------------------

CACHE_FILE = ROOT / "tests" / "data" / "terminal-reference.json"
WRITE_ENV = "WUCHUAN_WRITE_TERMINAL_REFERENCE"  # set by `--write` below: draw every reference, keep them


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def code_digest() -> str:
    """What every reference printout follows from besides the report and the console: the sources
    `pip install` builds the package from (code, checklists, gazetteer), the examples the ranking
    scores, this file, the corpus generator, and rich's and Python's versions."""
    h = hashlib.sha256(f"rich {importlib.metadata.version('rich')} | python {sys.version_info[:2]}".encode())
    sources = [*(ROOT / "wuchuan_check").rglob("*.py"), *(ROOT / "wuchuan_check" / "data").glob("*.tsv"),
               *(ROOT / "outline").glob("*.py"), *(ROOT / "outline").glob("*.yaml"), *(ROOT / "outline").glob("*.json"),
               *EXAMPLES.glob("*.txt"), Path(__file__), ROOT / "bench" / "bench_batch.py"]
    for path in sorted(sources):
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class ReferenceCache:
    """Digests of rich's reference printouts under one code digest. `check` passes a printout equal
    to the remembered reference; anything else is compared with the reference drawn anew."""

    def __init__(self, path: Path, writing: bool) -> None:
        self.path, self.writing, self.code = path, writing, code_digest()
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        fresh = not writing and stored.get("code") == self.code
        self.stored: dict[str, str] = stored.get("printouts", {}) if fresh else {}
        self.drawn: dict[str, str] = {}
        if not fresh and not writing:
            warnings.warn(f"{path.name} is not for this code: every rich reference is drawn (slow); "
                          "refresh it with `python tests/test_terminal_tables.py --write`", stacklevel=2)

    def check(self, printed: str, key: str, reference: Callable[[], str], what: str) -> None:
        if self.stored.get(key) == _sha(printed):
            return
        drawn = reference()
        self.drawn[key] = _sha(drawn)
        assert printed == drawn, what

    def write(self) -> None:
        record = {"code": self.code, "printouts": dict(sorted(self.drawn.items()))}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(self.path)


@pytest.fixture(scope="module")
def references():
    cache = ReferenceCache(CACHE_FILE, writing=bool(os.environ.get(WRITE_ENV)))
    yield cache
    if cache.writing:
        cache.write()


def test_a_remembered_reference_spares_drawing_it_and_any_other_printout_meets_rich_drawn_anew(tmp_path):
    path, calls = tmp_path / "reference.json", []

    def drawn(text: str) -> Callable[[], str]:
        return lambda: calls.append(text) or text

    writer = ReferenceCache(path, writing=True)
    writer.check("表", "k", drawn("表"), "first draw")
    writer.write()
    cache = ReferenceCache(path, writing=False)
    cache.check("表", "k", drawn("表"), "remembered")
    assert calls == ["表"], "the remembered printout is not drawn again"
    with pytest.raises(AssertionError, match="changed"):
        cache.check("表格", "k", drawn("表"), "changed")  # the package prints otherwise: rich decides
    cache.check("新", "other", drawn("新"), "new key")
    assert calls == ["表", "表", "新"]
    path.write_text(path.read_text(encoding="utf-8").replace(cache.code, "0" * 64), encoding="utf-8")
    with pytest.warns(UserWarning, match="--write"):
        stale = ReferenceCache(path, writing=False)
    stale.check("表", "k", drawn("表"), "stale")
    assert calls[-1] == "表" and len(calls) == 4, "other code: drawn anew"


def _report_key(path: Path, *parts: object) -> str:
    return "|".join([path.name, _sha(path.read_bytes())[:16], *map(str, parts)])


@pytest.mark.parametrize("path", _report_paths(), ids=lambda p: p.name)
def test_every_report_prints_as_rich_table_printed_it(monkeypatch, path, references):
    """The gap list and --detail, each at its widths with colour and at 80 without: one test per
    report, so that the tables both print (areas, measures, key figures, 不涉及) are laid out
    once per width for the two modes and the two consoles."""
    card, memo = _card(path), {}
    # --detail draws the same item table as the gap list, with all 178 rows: two widths (one that
    # folds hard, one that fits) cover it; the rich reference costs ~0.1 s a render
    for detail, widths in ((False, WIDTHS), (True, (60, 120))):
        mode = "detail" if detail else "gaps"
        # with colour at each width (the same characters and styles), and plain at 80
        for width, colour in (*((w, True) for w in widths), (80, False)):
            new = _printed(_console(width, colour), card, detail)
            references.check(new, _report_key(path, mode, width, colour),
                             lambda: _reference(monkeypatch, _console(width, colour), card, detail, memo),
                             f"{mode} {path.name} at width {width}, colour {colour}")
        assert "\x1b[" not in new and "┏" in new  # the plain one


def test_a_reference_laid_out_once_prints_as_one_laid_out_per_console(monkeypatch, card):
    """The premise of _LaidOut: segments laid out for one console, printed by another with other
    colours (or none) at the same width, are what that console would have drawn itself."""
    memo: dict = {}
    for width, colour in ((80, True), (80, False), (120, False), (120, True)):
        kept = _reference(monkeypatch, _console(width, colour), card, False, memo)
        assert kept == _reference(monkeypatch, _console(width, colour), card, False), (width, colour)
    assert len({key[0] for key in memo}) >= 3 and len({key[4] for key in memo}) == 2  # tables, widths


def test_the_seed_reports_are_compared_too(seeds_dir):
    """The seeds exercise longer text than the examples; skip (fail in CI) where they are absent."""
    assert any(p.parent == seeds_dir for p in _report_paths())


@pytest.fixture(scope="module")
def card() -> Scorecard:
    return _card(EXAMPLES / "county-annual-2019.txt")


def test_a_colour_console_shows_the_status_colours(card):
    out = _printed(_console(120), card, detail=False)
    red = _console(120).get_style(PALETTE[Status.MISSING].term).render("未体现", color_system=None)
    assert "\x1b[31m" in out and "\x1b[32m" in out and "\x1b[33m" in out, "red, green and yellow statuses"
    assert "\x1b[1m" in out, "the bold header"
    assert "\x1b[2m" in out, "the dim evidence line"
    assert red == "未体现" and "\x1b[31m未体现" in out


@pytest.mark.parametrize("kw", [{"legacy_windows": True}, {"legacy_windows": False, "force_terminal": False}],
                         ids=["legacy-windows", "ascii"])
def test_a_console_that_cannot_draw_the_box_gets_rich_substitute(monkeypatch, card, kw):
    if kw.get("legacy_windows"):
        console = Console(file=io.StringIO(), width=100, highlight=False, markup=False, legacy_windows=True)
        ref = Console(file=io.StringIO(), width=100, highlight=False, markup=False, legacy_windows=True)
    else:  # an ASCII-only terminal: rich sees the encoding and draws with + - |
        console = Console(file=_AsciiFile(), width=100, highlight=False, markup=False)
        ref = Console(file=_AsciiFile(), width=100, highlight=False, markup=False)
    out = _printed(console, card, detail=False)
    assert "┏" not in out and "━" not in out
    assert out == _reference(monkeypatch, ref, card, detail=False)
    if not kw.get("legacy_windows"):
        assert "+----" in out and "|" in out


class _AsciiFile(io.StringIO):
    encoding = "ascii"


TRICKY_ROWS = [  # what the scorecard's cells never hold today, but a report's text might
    (("[red]红[/red] 字\n第二行", "12", Text("绿", style="green")), None),
    (("", "3", Text.assemble("证据", "\n", ("第1行", "dim"))), "bold"),
    (("尾随空格   ", "  7  ", "制\t表"), None),
    (("法治政府建设实施纲要" * 3, "1234567890123", Text("右 ", justify="right")), None),
    (("a very long english sentence that wraps at spaces", "x", Text("居中", justify="center")), "red"),
]


LAYOUTS = {  # box, horizontal padding, the first column's min_width
    "scorecard": (box.HEAVY_HEAD, 1, None), "ranking": (box.SIMPLE_HEAD, 0, 14), "rounded": (box.ROUNDED, 1, 6)}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("markup", [True, False], ids=["markup", "no-markup"])
@pytest.mark.parametrize("width", [8, 14, 20, 30, 50, 90])
def test_a_simple_table_draws_any_cells_as_table_did(markup, width, layout):
    """Cells the fast path does not take (markup, spans, tabs, wrapping, centring), multi-line
    headers and consoles too narrow for the table (or its min_width) come out as Table drew them."""
    table_box, pad, min_width = LAYOUTS[layout]
    new = SimpleTable("标题 [b]粗[/b]", show_lines=True, box=table_box, padding=pad)
    ref = Table(title="标题 [b]粗[/b]", header_style="bold", show_lines=True, box=table_box, padding=(0, pad))
    new.add_column("列\n第二行", overflow="fold", min_width=min_width)
    ref.add_column("列\n第二行", overflow="fold", min_width=min_width)
    for t in (new, ref):
        t.add_column("数", justify="right", no_wrap=True)
        t.add_column("说明")
        for cells, style in TRICKY_ROWS:
            t.add_row(*cells, style=style)
    # the package's table printed as the CLI prints it (print_table: the table crops itself where
    # min_width keeps it wider than the console), rich's as Console.print prints it
    outputs = [_printed_table(Console(file=io.StringIO(), width=width, force_terminal=True, color_system="standard",
                                      markup=markup), t) for t in (new, ref)]
    assert outputs[0] == outputs[1]


def test_plain_width_lines_are_chopped_where_chop_cells_chops_them():
    """tables._chopped, _folded's cut, gives rich's chop_cells chunks and their true widths."""
    from rich.cells import chop_cells

    rng = random.Random(11)
    alphabet = "法治政府建设报告abcXYZ0123,。、;:“”《》ＡＢ１２é·…—-_/%"
    for _ in range(400):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        inner = rng.randint(2, 30)
        chunks = tables._chopped(line, inner)
        assert [c for c, _ in chunks] == chop_cells(line, inner), (line, inner)
        assert [n for _, n in chunks] == [cell_len(c) for c, _ in chunks], (line, inner)


def _written(console: Console, lines: list[list[Segment]]) -> str:
    with console.capture() as capture:
        for line in lines:
            console.print(Segments([*line, Segment.line()]), end="")
    return capture.get()


def test_a_folded_chinese_cell_is_cut_where_rich_cuts_it(monkeypatch):
    """tables._folded, the shortcut for left-justified folding cells with nothing to wrap at, gives
    the lines rich's own wrap gives, in the same styles, on random texts: Chinese, ASCII, full-width
    and combining characters, several lines, a span over a line or not, styled or not, at any width."""
    rng = random.Random(5)
    alphabet = "法治政府建设报告一二三abcXYZ0123456789,。、;:“”()《》ＡＢ１２é·…—-_/%"
    odd = ["\u0301", "\u200d", "👍", "\t", " "]  # combining, zero-width, emoji, tab, space: rich's path
    console = Console(file=io.StringIO(), width=200, force_terminal=True, color_system="standard",
                      highlight=False, markup=False, emoji=False)
    column = tables.Column("列", overflow="fold")
    taken = 0
    for case in range(500):
        parts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 70))) for _ in range(rng.randint(1, 3))]
        text = Text(style=rng.choice(["", "bold", "red"]))
        for k, part in enumerate(parts):
            if k:
                text.append("\n")
            text.append(part, style=rng.choice([None, None, "dim", "green"]))
        if rng.random() < 0.1:
            at = rng.randrange(len(text.plain) + 1)
            text = text[:at] + Text(rng.choice(odd)) + text[at:]
        inner = rng.randint(2, 40)
        if any(ch in text.plain for ch in odd):
            assert tables._folded(console, text, inner, column) is None, repr(text.plain)
            continue
        assert tables._folded(console, text, inner, column) is not None, repr(text.plain)
        taken += 1
        row_style = rng.choice([Style.null(), console.get_style("bold"), console.get_style("on blue")])
        fast = tables._cell_lines(console, text, inner + 2, column, row_style)
        with monkeypatch.context() as m:  # the same cell through rich's Text.wrap and render
            m.setattr(tables, "_folded", lambda *args: None)
            slow = tables._cell_lines(console, text, inner + 2, column, row_style)
        assert _written(console, fast) == _written(console, slow), (case, text.plain, text.spans, text.style, inner)
    assert taken > 400, "the shortcut takes such cells"  # (~10% have an odd character)
    # what it leaves to rich: spaces to wrap at, another overflow or justification, blank lines
    assert tables._folded(console, Text("法治 政府"), 10, column) is None
    assert tables._folded(console, Text("法治\u3000政府"), 10, column) is None
    assert tables._folded(console, Text("法治\n\n政府"), 10, column) is None
    assert tables._folded(console, Text("法治政府"), 10, tables.Column("列")) is None  # ellipsis
    assert tables._folded(console, Text("法治政府", justify="right"), 10, column) is None


# --- the batch ranking ----------------------------------------------------------------------------

def _bench_batch():
    """bench/bench_batch.py, whose `generate` writes varied reports (it puts the repository root on
    sys.path; taken off again, so the tests keep importing the installed package)."""
    path = ROOT / "bench" / "bench_batch.py"
    spec = importlib.util.spec_from_file_location("bench_batch", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    saved = sys.path[:]
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


LONG_NAME = "梧原县人民政府关于2019年度法治政府建设情况的报告(正式印发稿,含附件一至附件三)-report.txt"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> BatchResult:
    """120 generated reports, one of them under a file name far wider than the 报告 column."""
    folder = tmp_path_factory.mktemp("generated")
    _bench_batch().generate(folder, 120, 3000)
    (folder / "report-0000.txt").rename(folder / LONG_NAME)
    result = run_batch(collect_paths([folder])[0], jobs=1)
    assert len(result.reports) == 120
    return result


def _batches(generated: BatchResult) -> dict[str, BatchResult]:
    long = next(r for r in generated.reports if r.name == LONG_NAME)
    others = [r for r in generated.reports if r is not long]
    batches = {f"generated-{n}": BatchResult(generated.checklists, [long, *others[:n - 1]]) for n in (1, 10, 120)}
    batches["examples"] = run_batch(collect_paths([EXAMPLES])[0], jobs=1)
    return batches


def _printed_table(console: Console, table: object) -> str:
    """A table printed as the CLI prints it: the package's through print_table (no crop pass),
    rich's reference through Console.print."""
    if isinstance(table, SimpleTable):
        tables.print_table(console, table)
    else:
        console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_the_ranking_prints_as_rich_table_printed_it(generated, references):
    for name, result in _batches(generated).items():
        memo: dict = {}  # the colour and the plain console share the reference's layout (_LaidOut)
        for width in WIDTHS:
            for colour in (True, False):
                new = _printed_table(_console(width, colour), ranking_table(result))
                references.check(new, f"ranking|{name}|{width}|{colour}",
                                 lambda: _printed_table(_console(width, colour), _LaidOut(memo, name, ref_ranking_table(result))),
                                 f"{name} at width {width}, colour {colour}")
        ascii_new = Console(file=_AsciiFile(), width=80, highlight=False, markup=False)
        ascii_ref = Console(file=_AsciiFile(), width=80, highlight=False, markup=False)
        assert _printed_table(ascii_new, ranking_table(result)) == _printed_table(ascii_ref, ref_ranking_table(result))


def test_a_long_report_name_folds_within_the_ranking(tmp_path):
    """The name is folded onto more lines, never cut off, and the table keeps to 80 columns. (The
    report is the generated batch's first, scored alone: `generated` costs 120 reports.)"""
    _bench_batch().generate(tmp_path, 1, 3000)
    (tmp_path / "report-0000.txt").rename(tmp_path / LONG_NAME)
    result = run_batch(collect_paths([tmp_path])[0], jobs=1)
    assert [r.name for r in result.reports] == [LONG_NAME]
    out = _printed_table(_console(80, colour=False), ranking_table(result))
    lines = out.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    rule = next(i for i, line in enumerate(lines) if "───" in line)
    first, *rest = [line.split() for line in lines[rule + 1:] if line.strip()]
    assert first[0] == "1" and rest, "the name takes more than one line"
    assert first[1] + "".join(words[0] for words in rest) == LONG_NAME


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    # every reference drawn in one process (no xdist workers), their digests written at the end
    os.environ[WRITE_ENV] = "1"
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider", "-n", "0", "-k",
                          "every_report_prints or ranking_prints"]))
