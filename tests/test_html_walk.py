"""The HTML reader's own element walk agrees with BeautifulSoup's find_all, which it replaces for speed."""

from __future__ import annotations

from bs4 import BeautifulSoup

from wuchuan_check.reading.formats import _decomposed, _elements

PAGE = ("<html><head><title>t</title><script>x()</script></head><body><div class='nav'><a>首页</a><ul><li>a</li>"
        "<li>b</li></ul></div><h1>标题</h1><div class='article'><h2>一、工作</h2><p>县政府<b>依法</b>行政。</p>"
        "<table><tr><td>1</td></tr></table></div><footer>版权</footer><!-- 注释 --></body></html>")


def test_elements_are_find_all_in_document_order():
    soup = BeautifulSoup(PAGE, "lxml")
    assert _elements(soup) == soup.find_all(True)
    for names in (("h1", "h2"), ("ul", "div", "table"), ("script", "footer"), ("video",)):
        assert _elements(soup, names) == soup.find_all(list(names))


def test_decomposed_is_bs4s_flag_without_searching_the_subtree():
    soup = BeautifulSoup(PAGE, "lxml")
    nav, inner = soup.find("div"), soup.find("ul")
    assert not _decomposed(nav) and not nav.decomposed
    nav.decompose()
    assert _decomposed(nav) and nav.decomposed
    assert _decomposed(inner) and inner.decomposed  # its descendants go with it
