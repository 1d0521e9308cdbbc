"""The scorecard's tables drawn as rich's `Table` draws them, without its per-cell layout cost.

rich lays a table out generically: every cell is wrapped in a `Padding`, measured twice (once for
the column widths, once more inside `Padding`), parsed from markup each time and rendered through
`ConsoleOptions` copies, line alignment and reshaping. The scorecard's tables need none of that
generality (horizontal padding only, no expand, no footer, no fixed, maximum or ratio widths, text
cells only), so `SimpleTable` takes the same steps once per cell: the cell's text is made once, its
width is the widest line (`cell_len`, so CJK counts double), raised to the column's `min_width`, the
widths are shrunk with rich's own `Table._collapse_widths` and `ratio_reduce`, and the text is
wrapped with `Text.wrap` and cut into lines with `Segment.split_and_crop_lines`. The box is any
`rich.box` (the scorecard's `HEAVY_HEAD`, the batch ranking's `SIMPLE_HEAD`) through
`Box.substitute` (ASCII or legacy-Windows consoles get rich's substitute). The segments, styles
included, are the ones `Table` yields (tests/test_terminal_tables.py compares them to `Table`).
`print_table` prints one without Console.print's crop pass: the table cuts its own lines at the
console's width in the one case they can pass it (a column's min_width).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate, chain

from rich._ratio import ratio_reduce
from rich.box import HEAVY_HEAD, Box
from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from wuchuan_check import regexes

PAD = 1  # cell padding left and right, as Table's default (0, 1)


@dataclass(frozen=True)
class Column:
    header: str
    justify: JustifyMethod = "left"
    overflow: OverflowMethod = "ellipsis"
    no_wrap: bool = False
    min_width: int | None = None  # as Table's: the column is never narrower, even past the console


@dataclass
class SimpleTable:
    """A titled table with a bold header row, laid out and drawn as `rich.table.Table` would
    (same options' defaults); cells are plain strings (rich markup, as in Table) or `Text`.
    `padding` is the cells' left and right padding, Table's padding=(0, padding)."""

    title: str
    header_style: str = "bold"
    show_lines: bool = False
    box: Box = HEAVY_HEAD
    padding: int = PAD
    columns: list[Column] = field(default_factory=list)
    rows: list[tuple[tuple[str | Text, ...], str | None]] = field(default_factory=list)

    def add_column(self, header: str, justify: JustifyMethod = "left", overflow: OverflowMethod = "ellipsis",
                   no_wrap: bool = False, min_width: int | None = None) -> None:
        self.columns.append(Column(header, justify, overflow, no_wrap, min_width))

    def add_row(self, *cells: str | Text, style: str | None = None) -> None:
        self.rows.append((cells, style))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = self.columns
        if not columns:
            yield Segment("\n")
            return
        to_text = _text_maker(console, options)
        table: list[list[Text]] = [[to_text(c.header) for c in columns]]
        table.extend([to_text(cell) for cell in cells] + [Text("")] * (len(columns) - len(cells))
                     for cells, _ in self.rows)
        extra = len(columns) + 1  # the borders: both edges and one between each pair of columns
        widths = column_widths(table, columns, options.max_width - extra, self.padding)
        render_options = options.update(width=sum(widths) + extra, highlight=False, height=None)
        title = console.render_str(self.title, style="table.title", highlight=False)
        drawn = chain(console.render(title, render_options.update(justify="center")),
                      self._body(console, render_options, table, widths))
        if sum(widths) + extra <= options.max_width:
            yield from drawn
            return
        # a min_width kept the table wider than the console: cut each line there, as print's crop
        # does (print_table skips that pass, which re-measured every line of every table)
        for line in Segment.split_and_crop_lines(drawn, options.max_width, pad=False):
            yield from line

    def _body(self, console: Console, options: ConsoleOptions, table: list[list[Text]],
              widths: list[int]) -> Iterable[Segment]:
        get_style = console.get_style
        border = get_style("")
        chars = self.box.substitute(options, safe=console.safe_box)
        new_line = Segment.line()
        header_style = get_style(self.header_style)
        row_styles = [Style.null()] + [get_style(style) if style else Style.null() for _, style in self.rows]
        yield Segment(chars.get_top(widths), border)
        yield new_line
        last = len(table) - 1
        for index, (texts, row_style) in enumerate(zip(table, row_styles)):
            first = index == 0
            style = header_style if first else row_style
            cells = [_cell_lines(console, text, width, column, style, self.padding)
                     for text, width, column in zip(texts, widths, self.columns)]
            height = max(len(lines) for lines in cells)
            for lines, width in zip(cells, widths):  # Table aligns the header to the bottom, rows to the top
                blank = [[Segment(" " * width, style)]] * (height - len(lines))
                if first:
                    lines[:0] = blank
                else:
                    lines.extend(blank)
            if height == 0:
                cells = [[[Segment(" " * width)]] for width in widths]
            left, right, divider = (chars.head_left, chars.head_right, chars.head_vertical) if first else (
                (chars.foot_left, chars.foot_right, chars.foot_vertical) if index == last
                else (chars.mid_left, chars.mid_right, chars.mid_vertical))
            left_seg, right_seg = Segment(left, border), Segment(right, border)
            divider_seg = (Segment(divider, border) if divider.strip()
                           else Segment(divider, row_style.background_style + border))
            for line_no in range(max(height, 1)):
                yield left_seg
                for column_no, lines in enumerate(cells):
                    if column_no:
                        yield divider_seg
                    yield from lines[line_no]
                yield right_seg
                yield new_line
            if first:
                yield Segment(chars.get_row(widths, "head", edge=True), border)
                yield new_line
            elif self.show_lines and index != last:
                yield Segment(chars.get_row(widths, "row", edge=True), border)
                yield new_line
        yield Segment(chars.get_bottom(widths), border)
        yield new_line


def print_table(console: Console, table: SimpleTable) -> None:
    """Print a table without Console.print's crop pass: that pass measured every segment of every
    line again (a quarter of a scorecard's printing) only to find none wider than the console,
    which the table ensures itself."""
    console.print(table, crop=False)


def _text_maker(console: Console, options: ConsoleOptions) -> Callable[[str | Text], Text]:
    """A cell as Table renders it: a string is rich markup (never highlighted), a Text as it is."""

    def to_text(cell: str | Text) -> Text:
        return cell if isinstance(cell, Text) else console.render_str(cell, markup=options.markup, highlight=False)

    return to_text


def column_widths(table: list[list[Text]], columns: list[Column], max_width: int, pad: int = PAD) -> list[int]:
    """Table._calculate_column_widths for this table: each column as wide as its widest line plus
    the padding (at least its min_width plus the padding), then the wrappable columns narrowed,
    widest first, until the table fits, and measured again at their new widths, where min_width
    widens a column back (the table may then be wider than the console, as Table's is)."""
    widest = [2 * pad + max(_text_width(row[i]) for row in table) for i in range(len(columns))]
    least = [0 if c.min_width is None else c.min_width + 2 * pad for c in columns]

    def measure(width: int, i: int) -> int:  # Table._measure_column's maximum at this width
        return max(least[i], min(width, widest[i])) if width >= 1 else 0

    widths = [measure(max_width, i) or 1 for i in range(len(columns))]
    if sum(widths) > max_width:
        widths = Table._collapse_widths(widths, [not c.no_wrap for c in columns], max_width)
        if sum(widths) > max_width:  # rich's last resort: narrow every column evenly
            widths = ratio_reduce(sum(widths) - max_width, [1] * len(widths), widths, widths)
        widths = [measure(width, i) for i, width in enumerate(widths)]
    return widths


def _text_width(text: Text) -> int:
    """Text.__rich_measure__'s maximum: the widest line in terminal cells."""
    lines = text.plain.splitlines()
    return max(cell_len(line) for line in lines) if lines else 0


def _cell_lines(console: Console, text: Text, width: int, column: Column, style: Style,
                pad_width: int = PAD) -> list[list[Segment]]:
    """One cell as lines of segments `width` wide: the text wrapped inside the padding, the style of
    the row (or header) under each segment's own, as Table's Padding and render_lines give them
    (without padding Table renders the text itself: the same segments, less the padding's)."""
    inner = width - 2 * pad_width
    if inner < 1:
        return []
    pads = [Segment(" " * pad_width, style or Style.null())] if pad_width else []
    one = _one_line(console, text, inner, column)
    if one is not None:
        return [[*pads, Segment(one.text, style + one.style) if style else one, *pads]]
    folded = _folded(console, text, inner, column)
    if folded is not None:
        return [[*pads, *([Segment(t, style + s) for t, s, _ in line] if style else line), *pads] for line in folded]
    lines = text.wrap(
        console, inner,
        justify=text.justify or column.justify,
        overflow=text.overflow or column.overflow,
        tab_size=(console.tab_size if text.tab_size is None else text.tab_size) or 8,
        no_wrap=column.no_wrap if text.no_wrap is None else text.no_wrap,
    )
    segments = Text("\n").join(lines).render(console, end=text.end)
    out: list[list[Segment]] = []
    for line in Segment.split_and_crop_lines(segments, inner, style=Style.null(), include_new_lines=False):
        if style:
            line = [Segment(t, style + s) for t, s, _ in line]
        out.append([*pads, *line, *pads])
    return out


def _one_line(console: Console, text: Text, inner: int, column: Column) -> Segment | None:
    """The segment Text.wrap, Lines.justify and Text.render give a one-style text that fits on one
    line, justified left or right; None for anything else (wrapping, spans, tabs, centring), which
    takes rich's own path. Most cells are such a text: this halves the tables' cost again."""
    plain = text.plain
    justify = text.justify or column.justify
    if text.spans or justify not in ("left", "right") or "\n" in plain or "\t" in plain:
        return None
    if cell_len(plain) > inner:  # (trailing spaces count: rich wraps before it strips them)
        return None
    if justify == "right":
        plain = plain.rstrip()
    length = cell_len(plain)
    fill = " " * (inner - length)
    line = plain + fill if justify == "left" else fill + plain
    return Segment(line, console.get_style(text.style) if text.style else None)


# The characters whose cell width is plain (1, or 2 for CJK and full-width forms) and that are not
# whitespace rich would wrap at: ASCII, Latin-1, general punctuation, CJK punctuation and ideographs,
# full-width forms, and the newline that ends a line. Anything else (combining marks, zero-width
# joiners, emoji, spaces) is left to rich's own wrap.
_PLAIN_CELLS = regexes.compile("[\n\u0021-\u007e\u00a1-\u00ff\u2010-\u2027\u2030-\u205e\u3001-\u303f"
                               "\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6]*")


def _folded(console: Console, text: Text, inner: int, column: Column) -> list[list[Segment]] | None:
    """The lines Text.wrap, Lines.justify and Text.render give a left-justified, folding text with
    nothing to wrap at (Chinese), each of its lines in one style: every line cut into chunks of at
    most `inner` cells by rich's own chop_cells and padded with spaces in the text's style (a span
    of the line styles its characters, not the padding, as in Table). None for anything else."""
    plain = text.plain
    if ((text.overflow or column.overflow) != "fold" or (text.justify or column.justify) != "left" or inner < 2
            or (column.no_wrap if text.no_wrap is None else text.no_wrap) or not _PLAIN_CELLS.fullmatch(plain)):
        return None
    bounds, start = [], 0  # each line's (start, end) in plain
    for part in plain.split("\n"):
        bounds.append((start, start + len(part)))
        start += len(part) + 1
    line_of = {bound: i for i, bound in enumerate(bounds)}
    line_span: dict[int, str | Style] = {}  # line number -> the style of the one span covering it
    for span in text.spans:
        line = line_of.get((span.start, span.end))
        if line is None or line in line_span:
            return None
        line_span[line] = span.style
    if any(a == b for a, b in bounds):  # a blank line: rich's own path
        return None
    base = console.get_style(text.style) if text.style else (Style.null() if text.spans else None)
    out: list[list[Segment]] = []
    for i, (a, b) in enumerate(bounds):
        spanned = line_span.get(i)
        styled = None if spanned is None else (base or Style.null()) + console.get_style(spanned)
        for chunk, cells in _chopped(plain[a:b], inner):
            fill = " " * (inner - cells)
            if styled is None:
                out.append([Segment(chunk + fill, base)])
            else:
                out.append([Segment(chunk, styled), Segment(fill, base)] if fill else [Segment(chunk, styled)])
    return out


def _chopped(line: str, inner: int) -> list[tuple[str, int]]:
    """rich's chop_cells(line, inner), each chunk with its width in cells, for a line of plain-width
    characters (each its own grapheme, 1 or 2 cells, none wider than `inner`): the greedy cut found
    by bisecting the running widths instead of a Python loop over the graphemes."""
    ends = list(accumulate(map(get_character_cell_size, line)))  # cells up to and including each character
    out, start, before = [], 0, 0
    while start < len(line):
        stop = max(start + 1, bisect_right(ends, before + inner, start))  # what still fits (never none)
        out.append((line[start:stop], ends[stop - 1] - before))
        start, before = stop, ends[stop - 1]
    return out
