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
from wuchuan_check.render.html import batch_html, scorecard_html
from wuchuan_check.render.terminal import pct
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
    assert rows == len(card.gaps()) + len(card.items)
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
