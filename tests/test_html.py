"""The self-contained HTML page of `score --html` and `batch --html`, checked by parsing it."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser

import pytest

from wuchuan_check.api import score_file
from wuchuan_check.checklist.model import parse_checklist
from wuchuan_check.reading.document import Level
from wuchuan_check.reading.formats import parse_report_text
from wuchuan_check.render.common import pct
from wuchuan_check.render.html import batch_html, scorecard_html
from wuchuan_check.runs.batch import Failure, run_batch
from wuchuan_check.scoring.scorecard import build_scorecard

NAMES = ["county-annual-2019.txt", "county-selfcheck-2020.txt", "township-2020.txt"]


class Page(HTMLParser):
    """Tags, attributes, text, and the headline figures (data-figure cards) of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.figures: dict[str, str] = {}
        self._figure: str | None = None
        self._in_num = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "data-figure" in a:
            self._figure = a["data-figure"]
        self._in_num = self._figure is not None and a.get("class") == "num"

    def handle_endtag(self, tag):
        self._in_num = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_num and self._figure:
            self.figures[self._figure] = data
            self._figure = None

    def count(self, tag: str, cls: str | None = None) -> int:
        return sum(1 for t, a in self.tags if t == tag and (cls is None or cls in (a.get("class") or "").split()))


def assert_self_contained(html: str, page: Page) -> None:
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html), "no external resources"
    assert page.count("script") == 0 and page.count("link") == 0 and page.count("img") == 0
    assert "@import" not in html and "url(" not in html and "@font-face" not in html
    assert '"Microsoft YaHei"' in html and '"Noto Sans CJK SC"' in html


@pytest.fixture(scope="module")
def card(examples_dir):
    return score_file(examples_dir / NAMES[0], "2015-2020")


def test_headline_figures_match_the_scorecard(card):
    html = scorecard_html(card)
    page = Page(html)
    assert_self_contained(html, page)
    t = card.tally
    assert page.figures == {
        "total": str(t.total), "done": str(t.done), "partial": str(t.partial), "missing": str(t.missing),
        "na": str(t.na), "rate_with_na": pct(t.rate_with_na), "rate_applicable": pct(t.rate_applicable),
    }
    text = "".join(page.text)
    assert f"({t.done}+{t.na})/{t.total}" in text and f"{t.done}/{t.applicable}" in text


def test_item_table_gap_list_and_area_chart(card):
    page = Page(scorecard_html(card))
    tables = page.count("table", "items")
    assert tables == 2
    figures = page.count("table", "figures")  # the 主要数据 table: a header and one row per stated figure
    rows = page.count("tr") - tables - figures * (1 + sum(v.status != "not_found" for v in card.indicators))
    assert rows == len(card.items), "every item listed once: the gaps, then the others"
    text = "".join(page.text)
    best = next(i.best for i in card.items if i.best)
    assert best.text in text and f"第{best.line}行" in text and best.role.label in text
    assert page.count("svg") == 1
    bars = [a for t, a in page.tags if t == "rect" and a.get("height") == "20" and a.get("class") == "done"]
    assert len(bars) == sum(1 for a in card.areas if a.tally.done)


MINI = textwrap.dedent(
    """\
    schema: wuchuan-check/checklist/v1
    outline: {id: mini, title: 迷你清单}
    areas:
      - id: A1
        title: 决策
        measures: [{id: M17, title: 合法性审查, items: [{id: M17.1, text: 法律顾问制度, keywords: [法律顾问]}]}]
    """
)


def test_report_text_is_escaped():
    hostile = "<script>alert('x')</script>"
    report = parse_report_text(textwrap.dedent(f"""\
        青山县人民政府关于2019年度法治政府建设情况的报告<i>
        一、主要工作及成效
        (一)聘请2名律师担任政府法律顾问{hostile},审查合同46份 & 协议3份。
        """))
    card = build_scorecard(report, parse_checklist(MINI, "mini.yaml"), Level.COUNTY)
    html = scorecard_html(card)
    page = Page(html)
    assert card.report.meta.title.endswith("<i>")
    assert page.count("script") == 0 and page.count("i") == 0
    assert "&lt;script&gt;" in html and "&amp; 协议" in html
    text = "".join(page.text)
    assert hostile in text and "报告<i>" in text, "shown to the reader as text, not run as markup"


def test_batch_page_ranking_and_heatmap(examples_dir):
    result = run_batch([examples_dir / n for n in NAMES], "2015-2020", jobs=1,
                       failures=[Failure("坏<文件>.txt", "无法读取 & 解码")])
    html = batch_html(result)
    page = Page(html)
    assert_self_contained(html, page)
    assert page.figures["reports"] == "3" and page.figures["failed"] == "1"
    mean = sum(r.tally.rate_applicable for r in result.reports) / 3
    assert page.figures["mean_rate_applicable"] == pct(mean)
    cells = [a for t, a in page.tags if t == "rect" and a.get("width") == "16"]
    assert len(cells) == 3 * 44, "one heatmap cell per report and measure"
    text = "".join(page.text)
    ranked = [r.name for r in result.ranked()]
    assert [text.index(n) for n in ranked] == sorted(text.index(n) for n in ranked)
    assert "坏<文件>.txt" in text and "&lt;文件&gt;" in html and "无法读取 & 解码" in text


class Rows(HTMLParser):
    """The first cell (item id) of each body row, per items table (by its class)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, list[str]] = {}
        self._table: str | None = None
        self._cell = 0
        self._in_body = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "table" and "items" in cls.split():
            self._table = cls
            self.ids.setdefault(cls, [])
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr":
            self._cell = 0
        elif tag == "td":
            self._cell += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self._table, self._in_body = None, False

    def handle_data(self, data):
        if self._table and self._in_body and self._cell == 1 and data.strip():
            self.ids[self._table].append(data.strip())


def _css(html: str) -> str:
    return re.sub(r"\s+", "", re.search(r"<style>(.*?)</style>", html, re.S).group(1))


def test_page_prints_on_a4_without_screen_chrome(card):
    html = scorecard_html(card)
    css = _css(html)
    assert "@page{size:A4" in css
    printed = css[css.index("@mediaprint{"):]
    assert "position:static!important" in printed, "no sticky table header or fixed element in print"
    assert "overflow:visible!important" in printed, "no scrollbar printed"
    assert "section.sheet+section.sheet{break-before:page}" in printed, "each section from a new page"
    assert "tr{break-inside:avoid}" in printed
    assert ".chartsvg{display:block;width:100%;height:auto}" in css, "the chart scales to the window and page"
    assert "overflow-x:auto" not in css
    page = Page(html)
    svg = next(a for t, a in page.tags if t == "svg")
    assert svg["viewbox"].split()[2] == svg["width"] and f"max-width:{svg['width']}px" in svg["style"]
    assert page.count("section", "sheet") == 4  # overview, key figures, gaps, the other items


def test_each_gap_is_listed_once(card):
    ids = Rows(scorecard_html(card)).ids
    gaps, rest = ids["items gaps"], ids["items rest"]
    assert gaps == [i.id for i in card.gaps()]
    assert not set(gaps) & set(rest) and len(gaps) == len(set(gaps))
    assert sorted(gaps + rest) == sorted(i.id for i in card.items), "no item left out"


class Heatmap(HTMLParser):
    """Row labels (text.row with the file name as its title) and cell marks (text.cell) of the heatmap."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.labels: list[tuple[str, str]] = []
        self.marks: list[str] = []
        self._in: str | None = None
        self._title = False
        self._label = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        cls = (dict(attrs).get("class") or "").split()
        if tag == "text" and "row" in cls:
            self._in, self._label = "row", ""
        elif tag == "text" and "cell" in cls:
            self._in = "cell"
        elif tag == "title" and self._in == "row":
            self._title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._title = False
        elif tag == "text":
            self._in = None

    def handle_data(self, data):
        if self._in == "row" and self._title:
            self.labels.append((self._label.strip(), data))
        elif self._in == "row":
            self._label += data
        elif self._in == "cell":
            self.marks.append(data)


def test_heatmap_rows_name_place_and_year_and_cells_carry_text(examples_dir):
    from wuchuan_check.render.html import CELL_MARKS

    result = run_batch([examples_dir / n for n in NAMES], "2015-2020", jobs=1)
    html = batch_html(result)
    heat = Heatmap(html)
    ranked = result.ranked()
    assert heat.labels == [(f"{i}. {r.issuer} {r.year}", r.name) for i, r in enumerate(ranked, 1)]
    assert heat.labels[0][0] == "1. 梧原县人民政府 2015-2020", "the place and year, not the file name"
    assert heat.marks == [CELL_MARKS[s] for r in ranked for s in r.statuses]
    assert len(set(CELL_MARKS.values())) == 4
    text = "".join(Page(html).text)
    assert all(f"{s.measure_label} {mark}" in text for s, mark in CELL_MARKS.items()), "the legend explains each mark"


def test_heatmap_row_without_issuer_falls_back_to_the_file_name():
    from wuchuan_check.render.html import report_label
    from wuchuan_check.runs.batch import ReportSummary
    from wuchuan_check.scoring.scorecard import Tally

    bare = ReportSummary("a/b/报告.txt", None, None, "2020", "县级", "2015-2020", Tally(), ())
    assert report_label(bare) == "报告.txt"
    assert report_label(ReportSummary("x.txt", None, "某县人民政府", "", "县级", "2015-2020", Tally(), ())) == "某县人民政府"
