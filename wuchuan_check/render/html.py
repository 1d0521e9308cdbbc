"""One self-contained HTML page for a scorecard (`score --html`) or a batch (`batch --html`).

Inline CSS and inline SVG charts drawn here: no scripts, no external URLs, no web fonts, so the
page can be mailed or archived as a single file. Every piece of report text goes through `esc`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from rich.text import Text

from wuchuan_check import __version__
from wuchuan_check.checklist.model import Checklist
from wuchuan_check.labels import FORMULA_APPLICABLE, FORMULA_WITH_NA, RATE_APPLICABLE, RATE_WITH_NA, area_label
from wuchuan_check.render.common import PALETTE, RANKING_COLUMNS, STATUS_CLASS, headline, pct, ranking_row
from wuchuan_check.render.indicators import DISPLAY_COLUMNS, TERMINAL_TITLE, display_rows, missing_line
from wuchuan_check.render.review import DECIDED_COLUMNS, decided_rows, review_headline
from wuchuan_check.runs.batch import BatchResult, ReportSummary, measure_tallies, year_text
from wuchuan_check.scoring.review import Review
from wuchuan_check.scoring.scorecard import ItemResult, Scorecard, Status, Tally
from wuchuan_check.scoring.selfreport import Declared, declared_text

_PALETTE_TEXT = "".join(f".card.{STATUS_CLASS[s]} .num{{color:#{c.text.lower()}}}" for s, c in PALETTE.items())
_PALETTE_BADGE = "".join(f".badge.{STATUS_CLASS[s]}{{background:#{c.light.lower()}}}" for s, c in PALETTE.items())
_PALETTE_FILL = "".join(f".{STATUS_CLASS[s]}{{fill:#{c.strong.lower()}}}" for s, c in PALETTE.items())
# The page style; the status colours come from the one palette (render.common).
CSS = """
body{{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;
 margin:0;background:#f6f7f9;color:#1f2328;line-height:1.6}}
main{{max-width:1200px;margin:0 auto;padding:24px}}
h1{{font-size:24px;margin:0 0 8px}}h2{{font-size:19px;margin:32px 0 12px;border-left:4px solid #2f6fb0;padding-left:8px}}
.meta{{color:#57606a;margin:0}}.meta span{{margin-right:18px;display:inline-block}}
.cards{{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:16px 0}}
.card{{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 16px}}
.card .num{{font-size:26px;font-weight:700;display:block}}.card .lbl{{color:#57606a;font-size:13px}}
.cards.rates{{grid-template-columns:repeat(auto-fit,minmax(280px,1fr))}}.card.declared{{border-style:dashed}}.card .formula{{font-size:13px;color:#57606a}}
{text}
.headline{{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;white-space:pre-line}}
table{{border-collapse:collapse;width:100%;background:#fff;font-size:14px}}
th,td{{border:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}}
th{{background:#eef1f4;position:sticky;top:0}}thead{{display:table-header-group}}td.n{{text-align:right;white-space:nowrap}}
table.items td:nth-child(1),table.items td:nth-child(3){{white-space:nowrap}}
table.items td:nth-child(2){{width:24%}}table.items td:nth-child(4){{min-width:8em}}
.badge{{display:inline-block;padding:0 6px;border-radius:4px;white-space:nowrap;font-size:13px}}
{badge}
.ev{{margin:0;padding-left:18px}}.ev .where{{color:#57606a;font-size:12px;white-space:nowrap}}
.chart{{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:8px}}
.chart svg{{display:block;width:100%;height:auto}}
svg text{{font-family:inherit;font-size:13px;fill:#1f2328}}svg .small{{font-size:10px;fill:#57606a}}
svg text.in{{fill:#1f2328;font-size:11px}}
{fill}
svg text.cell{{font-size:11px;fill:#1f2328}}
footer{{color:#8c959f;font-size:12px;margin-top:32px}}
""".format(text=_PALETTE_TEXT, badge=_PALETTE_BADGE, fill=_PALETTE_FILL)

# Printed on A4: no screen chrome, nothing sticky or scrolling, the charts scaled to the page
# width (their viewBox keeps the proportions), each section from a new page, no row split.
PRINT_CSS = """
@page{size:A4;margin:14mm 12mm}
@media print{
 body{background:#fff;font-size:12px;line-height:1.45}main{max-width:none;margin:0;padding:0}
 .cards{grid-template-columns:repeat(5,1fr)}.cards.rates{grid-template-columns:repeat(3,1fr)}
 *{overflow:visible!important;position:static!important}
 section.sheet+section.sheet{break-before:page}
 h2{break-after:avoid;margin-top:12px}.chart,.card,.headline{break-inside:avoid;border-color:#999}
 tr{break-inside:avoid}table{font-size:11px}th,td{padding:3px 5px}
 .badge{border:1px solid #999}
}
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


GENERATOR = "wuchuan-check"
_MARK = f'<meta name="generator" content="{GENERATOR}">'.encode()


def is_own_page(path: str | Path) -> bool:
    """Whether a file is a page this tool wrote (its generator mark is in the head)."""
    try:
        with open(path, "rb") as fh:
            return _MARK in fh.read(4096)
    except OSError:
        return False


def page(title: str, body: Iterable[str]) -> str:
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    return "".join([
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="{GENERATOR}">\n',
        f"<title>{esc(title)}</title>\n<style>{CSS}{PRINT_CSS}</style>\n</head>\n<body>\n<main>\n",
        *body,
        f'<footer>由 wuchuan-check {esc(__version__)} 生成于 {esc(stamp)}</footer>\n</main>\n</body>\n</html>\n',
    ])


def _table(columns: Sequence[str], rows: Iterable[Sequence[str]], numeric: frozenset[int] = frozenset(), cls: str = "") -> str:
    """A table; cells are HTML already escaped by the caller; `numeric` columns align right."""
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r)) + "</tr>\n"
        for r in rows
    )
    return f'<table class="{cls}">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n'


def badge(status: Status, measure: bool = False) -> str:
    label = status.measure_label if measure else status.label
    return f'<span class="badge {STATUS_CLASS[status]}">{esc(label)}</span>'


def _card(key: str, label: str, value: str, extra: str = "", cls: str = "") -> str:
    more = f'<span class="formula">{esc(extra)}</span>' if extra else ""
    return (f'<div class="card {cls}" data-figure="{key}"><span class="num">{esc(value)}</span>'
            f'<span class="lbl">{esc(label)}</span><br>{more}</div>')


def tally_cards(t: Tally, declared: Declared | None = None) -> str:
    """The four counts and both completion rates, each rate with how it is computed; the rate the
    report states about itself beside them when it states one."""
    counts = [_card("total", "支项总数", str(t.total))]
    counts += [_card(STATUS_CLASS[s], s.label, str(n), cls=STATUS_CLASS[s])
               for s, n in zip(Status, (t.done, t.partial, t.missing, t.na))]
    rates = [_card("rate_with_na", RATE_WITH_NA, pct(t.rate_with_na),
                   f"{FORMULA_WITH_NA} = ({t.done}+{t.na})/{t.total}"),
             _card("rate_applicable", RATE_APPLICABLE, pct(t.rate_applicable),
                   f"{FORMULA_APPLICABLE} = {t.done}/{t.applicable}")]
    if declared is not None:
        rates.append(_card("self_declared_rate", "报告自述完成率", pct(declared.shown_rate),
                           declared_text(declared).removeprefix("报告自述:"), cls="declared"))
    return card_rows(counts, rates)


def card_rows(counts: list[str], rates: list[str]) -> str:
    """Counts in one row of small cards, the two rates (with their formulas) in a row below."""
    return f'<div class="cards">{"".join(counts)}</div>\n<div class="cards rates">{"".join(rates)}</div>\n'


# --- charts -------------------------------------------------------------------------------------


def _legend(x: int, y: int, measure: bool = False, marks: bool = False) -> str:
    parts = []
    for i, s in enumerate(Status):
        label = (s.measure_label if measure else s.label) + (f" {CELL_MARKS[s]}" if marks else "")
        parts.append(f'<rect class="{STATUS_CLASS[s]}" x="{x + i * 110}" y="{y}" width="14" height="14"/>'
                     f'<text x="{x + i * 110 + 20}" y="{y + 12}">{esc(label)}</text>')
    return "".join(parts)


def _svg_open(width: int, height: int) -> str:
    # Inline SVG in HTML needs no xmlns; leaving it out keeps the page free of any URL.
    # Scaled to its box (CSS width:100%), never wider than drawn: it fits a 1024 px window and A4.
    return (f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'style="max-width:{width}px">')


def stacked_bars(
    rows: Sequence[tuple[str, Tally]], unit: str = "项", rate_label: str = RATE_APPLICABLE, measure: bool = False,
    label_width: int = 330, bar_width: int = 600,
) -> str:
    """Horizontal bars, one per row, split done / partial / missing / na in proportion to the total.

    `measure`: the counts are of measure statuses (有具体举措 …), not item statuses (已完成 …)."""
    row_h, top = 26, 30
    height = top + row_h * len(rows) + 8
    width = label_width + bar_width + 150
    out = [_svg_open(width, height), _legend(label_width, 4, measure)]
    for r, (label, t) in enumerate(rows):
        y = top + r * row_h
        out.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{esc(label)}</text>')
        x = float(label_width)
        for status, n in zip(Status, (t.done, t.partial, t.missing, t.na)):
            if not n:
                continue
            w = bar_width * n / t.total
            out.append(f'<rect class="{STATUS_CLASS[status]}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="20">'
                       f"<title>{esc(label)}:{esc(status.measure_label if measure else status.label)} {n} {esc(unit)}</title></rect>")
            if w >= 22:
                out.append(f'<text class="in" x="{x + w / 2:.1f}" y="{y + 14}" text-anchor="middle">{n}</text>')
            x += w
        out.append(f'<text class="small" x="{label_width + bar_width + 8}" y="{y + 14}">'
                   f"{esc(rate_label)} {esc(pct(t.rate_applicable))}</text>")
    out.append("</svg>")
    return f'<div class="chart">{"".join(out)}</div>\n'


# Written in each heatmap cell, so the status reads without colour (and on a grey printer).
CELL_MARKS = {Status.DONE: "√", Status.PARTIAL: "△", Status.MISSING: "×", Status.NA: "—"}


def report_label(r: ReportSummary) -> str:
    """A report as a reader names it: place and year from its metadata, else its file name."""
    return f"{r.issuer} {r.year}".strip() if r.issuer else r.name


def heatmap(checklist: Checklist, ranked: Sequence[ReportSummary], label_width: int = 250) -> str:
    """Reports (rows, ranked, labelled by place and year) × measures (columns); each cell coloured
    by the measure's status and marked with its sign (CELL_MARKS), the file name as a tooltip."""
    ids = [m.id for _, m in checklist.measures()]
    titles = [m.title for _, m in checklist.measures()]
    cell, top = 18, 64
    width = label_width + cell * len(ids) + 10
    height = top + cell * len(ranked) + 6
    out = [_svg_open(width, height), _legend(label_width, 2, measure=True, marks=True)]
    for j, (mid, title) in enumerate(zip(ids, titles)):
        x = label_width + j * cell + cell / 2
        out.append(f'<text class="small" transform="translate({x + 3:.0f},{top - 4}) rotate(-90)">'
                   f"{esc(mid)}<title>{esc(mid)} {esc(title)}</title></text>")
    for i, r in enumerate(ranked):
        y = top + i * cell
        label = report_label(r)
        out.append(f'<text class="small row" x="{label_width - 6}" y="{y + 12}" text-anchor="end">'
                   f"{i + 1}. {esc(_clip(label, 40))}<title>{esc(r.name)}</title></text>")
        for j, status in enumerate(r.statuses):
            x = label_width + j * cell
            out.append(f'<rect class="{STATUS_CLASS[status]}" x="{x}" y="{y}" '
                       f'width="{cell - 2}" height="{cell - 2}"><title>{esc(label)}({esc(r.name)})· {esc(ids[j])} '
                       f"{esc(titles[j])}:{esc(status.measure_label)}</title></rect>"
                       f'<text class="cell" x="{x + (cell - 2) / 2:.0f}" y="{y + 12}" text-anchor="middle">'
                       f"{CELL_MARKS[status]}</text>")
    out.append("</svg>")
    return f'<div class="chart">{"".join(out)}</div>\n'


# --- one scorecard ------------------------------------------------------------------------------


def _evidence_list(it: ItemResult) -> str:
    if not it.evidence:
        return ""
    lis = "".join(
        f'<li>{esc(ev.text)} <span class="where">第{ev.line}行 · {esc(ev.role.label)} · {ev.score:.2f}</span></li>'
        for ev in it.evidence
    )
    return f'<ul class="ev">{lis}</ul>'


def _item_rows(items: Iterable[ItemResult]) -> Iterable[list[str]]:
    for it in items:
        yield [esc(it.id), esc(it.ref.item.text), badge(it.status), esc(it.reason), _evidence_list(it)]


_ITEM_COLUMNS = ["支项", "要求", "状态", "说明", "证据(原文 · 行号 · 所在部分 · 得分)"]


def _meta_line(pairs: Iterable[tuple[str, object]]) -> str:
    spans = "".join(f"<span>{esc(k)}:{esc(v)}</span>" for k, v in pairs if v)
    return f'<p class="meta">{spans}</p>\n'


def _indicators_html(card: Scorecard) -> list[str]:
    """The 主要数据 table: the figures the report states, with their line and part."""
    if not card.indicators:
        return []
    rows = [[esc(c) for c in r] for r in display_rows(card.indicators)]
    table = _table(DISPLAY_COLUMNS, rows, numeric=frozenset({2}), cls="figures") if rows else "<p>报告中没有找到任何一项。</p>\n"
    note = missing_line(card.indicators)
    return [section(f"<h2>{TERMINAL_TITLE}</h2>\n", table + (f"<p>{esc(note)}</p>\n" if note else ""))]


def section(*parts: str) -> str:
    """One printed section: each starts on a new page (PRINT_CSS)."""
    return '<section class="sheet">\n' + "".join(parts) + "</section>\n"


def _review_html(review: Review | None) -> list[str]:
    """The reviewer's layer: counts and rates after review, each decision beside the machine's status."""
    if review is None:
        return []
    rows = [[esc(c) for c in r] for r in decided_rows(review)]
    return ["<h2>人工复核</h2>\n", f'<div class="headline">{esc(review_headline(review))}</div>\n',
            _table(DECIDED_COLUMNS, rows, cls="review") if rows else ""]


def scorecard_html(card: Scorecard, review: Review | None = None) -> str:
    meta, src = card.report.meta, card.report.source
    title = meta.title or src.path or "法治政府建设报告"
    gaps = card.gaps()
    rest = [i for i in card.items if i.status not in (Status.PARTIAL, Status.MISSING)]
    areas = [(area_label(a.area), a.tally) for a in card.areas]
    # Each item is listed once: the gaps in the gap list, the others (done, not applicable) after it.
    body = [
        section(f"<h1>{esc(title)}</h1>\n",
                _meta_line([("发文单位", meta.issuer), ("年度", year_text(meta)),
                            ("层级", f"{card.level.label}({card.level_source})"),
                            ("纲要", f"《{card.checklist.title}》"), ("文件", src.path)]),
                "<h2>总体情况</h2>\n", tally_cards(card.tally, card.self_declared),
                f'<div class="headline">{esc(headline(card))}</div>\n',
        *_review_html(review),
                "<h2>分大项覆盖情况(按支项计)</h2>\n", stacked_bars(areas)),
        *_indicators_html(card),
        section(f"<h2>差距清单(待完善 {card.tally.partial} 项,未体现 {card.tally.missing} 项)</h2>\n",
                _table(_ITEM_COLUMNS, _item_rows(gaps), cls="items gaps") if gaps else "<p>无。</p>\n"),
        section(f"<h2>其余支项与证据(已完成 {card.tally.done} 项,不涉及 {card.tally.na} 项)</h2>\n",
                _table(_ITEM_COLUMNS, _item_rows(rest), cls="items rest") if rest else "<p>无。</p>\n"),
    ]
    return page(f"{title} — 评分", body)


# --- a batch ------------------------------------------------------------------------------------


def _ranking_cells(rank: int, r: ReportSummary) -> list[str]:
    return [esc(pct(v)) if isinstance(v, float) or v is None else esc(v) for v in ranking_row(rank, r)]


def batch_html(result: BatchResult) -> str:
    reports = result.reports
    mean_with_na, mean_applicable = result.mean_rates()
    counts = [
        _card("reports", "已评分报告", str(len(reports))),
        _card("failed", "失败文件", str(len(result.failures)), cls="missing" if result.failures else ""),
    ]
    rates = [
        _card("mean_rate_with_na", f"平均{RATE_WITH_NA}", pct(mean_with_na), f"各报告{FORMULA_WITH_NA}的平均"),
        _card("mean_rate_applicable", f"平均{RATE_APPLICABLE}", pct(mean_applicable), f"各报告{FORMULA_APPLICABLE}的平均"),
    ]
    body = [section(f"<h1>法治政府建设报告批量评分({len(reports)} 份)</h1>\n", "<h2>总体情况</h2>\n",
                    card_rows(counts, rates),
                    f"<h2>排名(按{RATE_APPLICABLE}排序)</h2>\n",
                    _table(RANKING_COLUMNS, (_ranking_cells(i, r) for i, r in enumerate(result.ranked(), 1)),
                           numeric=frozenset({0, 5, 6, 7, 8, 9, 10})))]
    for checklist, ranked in result.groups():
        measures = [m for _, m in checklist.measures()]
        tallies = measure_tallies(ranked, len(measures))
        body += [section(f"<h2>分项矩阵:《{esc(checklist.title)}》({len(ranked)} 份报告 × {len(measures)} 分项)</h2>\n",
                         heatmap(checklist, ranked),
                         "<h2>各分项在报告中的情况(按报告份数计)</h2>\n",
                         stacked_bars([(f"{m.id} {_clip(m.title, 40)}", t) for m, t in zip(measures, tallies)],
                                      unit="份", rate_label="有具体举措", measure=True))]
    if result.failures:
        body += [section(f"<h2>失败文件({len(result.failures)} 个)</h2>\n",
                         _table(["文件", "原因"], ([esc(f.path), esc(f.message)] for f in result.failures)))]
    return page("法治政府建设报告批量评分", body)


def _clip(text: str, cells: int) -> str:
    """At most `cells` columns wide (a CJK character is two), with … where it was cut."""
    clipped = Text(text)
    clipped.truncate(cells, overflow="ellipsis")
    return clipped.plain
