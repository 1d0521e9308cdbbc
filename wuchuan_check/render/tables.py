"""The scorecard's tables drawn as rich's `Table` draws them, without its per-cell layout cost.

rich lays a table out generically: every cell is wrapped in a `Padding`, measured twice (once for
the column widths, once more inside `Padding`), parsed from markup each time and rendered through
`ConsoleOptions` copies, line alignment and reshaping. The scorecard's tables need none of that
generality (padding (0, 1), no expand, no footer, no fixed or ratio widths, text cells only), so
`SimpleTable` takes the same steps once per cell: the cell's text is made once, its width is the
widest line (`cell_len`, so CJK counts double), the widths are shrunk with rich's own
`Table._collapse_widths` and `ratio_reduce`, and the text is wrapped with `Text.wrap` and cut into
lines with `Segment.split_and_crop_lines`. The box is `rich.box.HEAVY_HEAD` through
`Box.substitute` (ASCII or legacy-Windows consoles get rich's substitute). The segments, styles
included, are the ones `Table` yields (tests/test_terminal_tables.py compares them to `Table`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rich import box
from rich._ratio import ratio_reduce
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

PAD = 1  # cell padding left and right, as Table's default (0, 1)
BOX = box.HEAVY_HEAD


@dataclass(frozen=True)
class Column:
    header: str
    justify: JustifyMethod = "left"
    overflow: OverflowMethod = "ellipsis"
    no_wrap: bool = False


@dataclass
class SimpleTable:
    """A titled table with a bold header row, laid out and drawn as `rich.table.Table` would
    (same options' defaults); cells are plain strings (rich markup, as in Table) or `Text`."""

    title: str
    header_style: str = "bold"
    show_lines: bool = False
    columns: list[Column] = field(default_factory=list)
    rows: list[tuple[tuple[str | Text, ...], str | None]] = field(default_factory=list)

    def add_column(self, header: str, justify: JustifyMethod = "left", overflow: OverflowMethod = "ellipsis",
                   no_wrap: bool = False) -> None:
        self.columns.append(Column(header, justify, overflow, no_wrap))

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
        widths = column_widths(table, [c.no_wrap for c in columns], options.max_width - extra)
        render_options = options.update(width=sum(widths) + extra, highlight=False, height=None)
        title = console.render_str(self.title, style="table.title", highlight=False)
        yield from console.render(title, render_options.update(justify="center"))
        yield from self._body(console, render_options, table, widths)

    def _body(self, console: Console, options: ConsoleOptions, table: list[list[Text]],
              widths: list[int]) -> Iterable[Segment]:
        get_style = console.get_style
        border = get_style("")
        chars = BOX.substitute(options, safe=console.safe_box)
        new_line = Segment.line()
        header_style = get_style(self.header_style)
        row_styles = [Style.null()] + [get_style(style) if style else Style.null() for _, style in self.rows]
        yield Segment(chars.get_top(widths), border)
        yield new_line
        last = len(table) - 1
        for index, (texts, row_style) in enumerate(zip(table, row_styles)):
            first = index == 0
            style = header_style if first else row_style
            cells = [_cell_lines(console, text, width, column, style)
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


def _text_maker(console: Console, options: ConsoleOptions) -> Callable[[str | Text], Text]:
    """A cell as Table renders it: a string is rich markup (never highlighted), a Text as it is."""

    def to_text(cell: str | Text) -> Text:
        return cell if isinstance(cell, Text) else console.render_str(cell, markup=options.markup, highlight=False)

    return to_text


def column_widths(table: list[list[Text]], no_wrap: list[bool], max_width: int) -> list[int]:
    """Table._calculate_column_widths for this table: each column as wide as its widest line plus
    the padding, then the wrappable columns narrowed, widest first, until the table fits."""
    widths = [(min(max_width, 2 * PAD + max(_text_width(row[i]) for row in table)) if max_width >= 1 else 0) or 1
              for i in range(len(no_wrap))]
    if sum(widths) > max_width:
        widths = Table._collapse_widths(widths, [not n for n in no_wrap], max_width)
        if sum(widths) > max_width:  # rich's last resort: narrow every column evenly
            widths = ratio_reduce(sum(widths) - max_width, [1] * len(widths), widths, widths)
    return widths


def _text_width(text: Text) -> int:
    """Text.__rich_measure__'s maximum: the widest line in terminal cells."""
    lines = text.plain.splitlines()
    return max(cell_len(line) for line in lines) if lines else 0


def _cell_lines(console: Console, text: Text, width: int, column: Column, style: Style) -> list[list[Segment]]:
    """One cell as lines of segments `width` wide: the text wrapped inside the padding, the style of
    the row (or header) under each segment's own, as Table's Padding and render_lines give them."""
    inner = width - 2 * PAD
    if inner < 1:
        return []
    pad = Segment(" " * PAD, style or Style.null())
    one = _one_line(console, text, inner, column)
    if one is not None:
        return [[pad, Segment(one.text, style + one.style) if style else one, pad]]
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
        out.append([pad, *line, pad])
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
