"""A web page's article text as lines: the page parsed (lxml, or the stdlib parser through bs4)
into a small tree of its own, page chrome (navigation, menus, footers, share bars) dropped, the
article container found, block elements on lines of their own. Decoding the page's bytes is
reading.formats' part; this module starts from text.

The tree is the one BeautifulSoup builds from the same parser events (same rules for
whitespace-only text and for the strings of script, style, template, rt and rp), without its
per-node cost: bs4 took ~1.2 s of the ~1.5 s a page of 40,000 elements cost.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from typing import Any

from wuchuan_check import regexes
from wuchuan_check.reading.textnorm import cjk_count
from wuchuan_check.reading.vocabulary import PAGE_DATE

__all__ = ["html_to_lines", "limit_html_depth", "MAX_HTML_DEPTH"]

# HTML: nesting deeper than this is flattened before parsing (real pages nest < 40 deep; the
# tree walks below cost time proportional to depth for every element).
MAX_HTML_DEPTH = 200

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl", "center", "hr",
    "tbody", "thead", "figure", "figcaption", "address",
}
_DROP_TAGS = ["script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form",
              "button", "select", "input", "textarea", "template", "svg", "object", "embed",
              "canvas", "video", "audio", "map", "head"]
# id/class words of page chrome (matched as whole tokens of the id/class, split on - _ space).
_CHROME_TOKENS = regexes.compile(
    r"^(nav|navbar|navigation|menu|menus|submenu|breadcrumb|breadcrumbs|crumb|crumbs|bread|"
    r"footer|foot|bottom|copyright|share|bdshare|jiathis|sidebar|topbar|toolbar|header|banner|"
    r"logo|search|login|print|weizhi|position|location|dqwz|pager|pagination|related|xgwz|xgxx|"
    r"links|friendlink|yqlj|qrcode|erweima|ewm|gotop|backtop|fenxiang|dayin|ads|advert|popup|"
    r"skip|accessibility|wza|nextpage|prevpage)$",
    re.I,
)
_BODY_SELECTORS = [".TRS_Editor", "#zoom", ".zoom", "#UCAP-CONTENT", ".UCAP-CONTENT",
                   ".article-content", ".article_content", ".articleContent", ".article",
                   "article", ".content", "#content", ".pages_content", ".main-content",
                   ".detail-content", ".detail", ".view", ".con", ".text", "#Zoom", ".wzy_con"]
_BODY_MATCHERS = [(sel[0], sel[1:]) if sel[0] in ".#" else ("", sel) for sel in _BODY_SELECTORS]



def html_to_lines(html: str) -> list[str]:
    """Article text of a web page as lines: page chrome removed, block elements on own lines."""
    with warnings.catch_warnings():  # bs4's advice (XMLParsedAsHTMLWarning …) is not the user's business
        warnings.simplefilter("ignore")
        # the caller (formats) pauses the cyclic collector; the tree is freed without it (_dispose)
        return _html_lines(limit_html_depth(html))


def limit_html_depth(html: str, max_depth: int = MAX_HTML_DEPTH) -> str:
    """`html` with opening tags beyond `max_depth` (and their end tags) removed; their text stays.

    The tree walks in html_to_lines cost time in proportion to depth for each element, so a
    document nested 100,000 deep would take hours; no real page nests more than a few dozen.
    One linear regex pass; the text is returned unchanged when it is shallow enough."""
    depth = 0
    cut: list[tuple[int, int]] = []
    skipped: dict[str, int] = {}
    for m in _TAG.finditer(html):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID_TAGS or self_closing:
            continue
        if closing:
            if skipped.get(name):
                skipped[name] -= 1
                cut.append(m.span())
            elif depth:
                depth -= 1
        elif depth >= max_depth:
            skipped[name] = skipped.get(name, 0) + 1
            cut.append(m.span())
        else:
            depth += 1
    if not cut:
        return html
    parts, last = [], 0
    for a, b in cut:
        parts.append(html[last:a])
        last = b
    parts.append(html[last:])
    return "".join(parts)


_TAG = regexes.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*?)?(/?)>")
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
              "source", "track", "wbr", "p", "li", "option", "td", "th", "tr", "dt", "dd"}


def _html_lines(html: str) -> list[str]:
    page = _parse_page(html)
    try:
        return _article_lines(page)
    finally:
        _dispose(page)


def _dispose(page: _Element) -> None:
    """Free the page's tree now: without the links down it holds no reference cycle, so its
    objects go at once instead of waiting for (and costing) a pass of the cyclic collector."""
    for el in page.elements:
        el.children = []
    page.children = []
    page.elements.clear()
    page.strings.clear()


def _article_lines(root: _Element) -> list[str]:
    header = _page_header_lines(root)
    for tag in _tags(root, _DROP_TAGS):
        if not tag.gone:
            _decompose(tag)
    root = _first(root, "body") or root
    container = _known_container(root)
    if container is not None:
        # A known article container: only clean inside it, so a chrome-like class on one of
        # its ancestors can never take the article with it.
        _drop_chrome(container, cjk_count(_text(container)), keep=container)
    else:
        _drop_chrome(root, cjk_count(_text(root)), keep=root)
        container = _densest_container(root)
    lines = _block_lines(container)
    body_text = "".join(lines)
    title_line = header[0] if header and header[0].startswith("标题:") else None
    if title_line and title_line[3:] not in body_text:
        lines.insert(0, title_line[3:])  # the article title lives outside the body container
    return [h for h in header if h.startswith("成文日期:")] + ([title_line] if title_line else []) + lines


# --- the page as a tree -----------------------------------------------------------------------
# The page is parsed by lxml's HTML parser straight into the small tree below: the tree
# BeautifulSoup builds from the same parser (same calls, same events, same rules for
# whitespace-only text and for the strings of script, style, template, rt and rp), without its
# per-node cost (bs4 took ~1.2 s of the ~1.5 s a page of 40,000 elements cost). Only when lxml
# rejects the markup does the stdlib parser read it, through bs4 as before, converted.
# Every element and every string is also kept in a list of the page's elements and one of its
# strings, in document order, each element knowing the span of its descendants in both: the
# walks below are slices of those lists.


class _Element:
    """An element: its name, attributes (class as a list of tokens, as bs4 has it), children
    (elements and strings), and the spans of its descendants in the page's lists:
    elements[e0:e1] and strings[s0:s1]. A string is (kind, text, parent element), kind "" for
    text, "comment", "doctype", "pi", "cdata", "declaration", or the name of the
    script/style/template/rt/rp element it is in. `gone`: removed from the page (set on every
    element inside a removed element too)."""

    __slots__ = ("name", "prefix", "attrs", "children", "parent", "gone", "elements", "strings",
                 "e0", "e1", "s0", "s1")

    def __init__(self, name: str, prefix: str | None, attrs: dict[str, Any], parent: _Element | None,
                 elements: list[_Element], strings: list[_String]) -> None:
        self.name = name
        self.prefix = prefix
        self.attrs = attrs
        self.children: list[_Node] = []
        self.parent = parent
        self.gone = False
        self.elements = elements
        self.strings = strings
        self.e0 = len(elements) + 1  # the element itself goes at len(elements)
        self.s0 = len(strings)
        self.e1 = self.s1 = -1

    def close(self) -> None:
        """The element has ended: its descendants are all in the lists."""
        self.e1 = len(self.elements)
        self.s1 = len(self.strings)


_String = tuple[str, str, _Element]
_Node = _Element | _String
_ROOT_NAME = "[document]"
# bs4's string containers: text inside these elements is of their kind, and get_text of any
# other element leaves it out (plain text and CDATA only).
_STRING_KINDS = {name: frozenset((name,)) for name in ("rt", "rp", "style", "script", "template")}
_MAIN_KINDS = frozenset(("", "cdata"))
_NOT_TEXT_KINDS = frozenset(("comment", "doctype", "declaration", "pi", "cdata"))
_WHITESPACE_KEPT = frozenset(("pre", "textarea"))
_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_NON_SPACE = regexes.compile(r"\S+")
_BS4_KINDS = {"NavigableString": "", "CData": "cdata", "Comment": "comment", "Doctype": "doctype",
              "Declaration": "declaration", "ProcessingInstruction": "pi", "Script": "script",
              "Stylesheet": "style", "TemplateString": "template", "RubyTextString": "rt",
              "RubyParenthesisString": "rp"}


def _split_ns(name: str) -> tuple[str | None, str]:
    if name[0] == "{" and "}" in name:
        namespace, local = name[1:].split("}", 1)
        return namespace, local
    return None, name


class _PageBuilder:
    """lxml parser target building the tree the way bs4's lxml builder and BeautifulSoup do."""

    def __init__(self) -> None:
        self.elements: list[_Element] = []
        self.strings: list[_String] = []
        self.root = _Element(_ROOT_NAME, None, {}, None, self.elements, self.strings)
        self.root.e0 = 0
        self.stack = [self.root]
        self.open: dict[str, int] = {}
        self.pending: list[str] = []
        self.kept: list[_Element] = []  # open pre/textarea elements: their whitespace is kept
        self.containers: list[_Element] = []  # open script/style/template/rt/rp elements

    def flush(self, kind: str | None = None) -> None:
        text = "".join(self.pending)
        self.pending = []
        if not self.kept and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        if kind is None:
            kind = self.containers[-1].name if self.containers else ""
        parent = self.stack[-1]
        node = (kind, text, parent)
        parent.children.append(node)
        self.strings.append(node)

    def start(self, tag: str, attrib: Any, nsmap: Any = None) -> None:
        if self.pending:
            self.flush()
        # lxml hands a new dict for each element with attributes (a shared empty mapping otherwise)
        attrs = attrib if type(attrib) is dict else dict(attrib)
        if attrs:
            if "" in attrs or "{" in "".join(attrs):  # namespaced names, as bs4 has them
                attrs = {}
                for key, value in attrib.items():
                    namespace, key = _split_ns(key)
                    if namespace is not None:
                        prefix = "xml" if namespace == _XML_NS else None
                        key = str(prefix) if not key else key if not prefix else prefix + ":" + key
                    attrs[key] = value
            if "class" in attrs:
                attrs["class"] = _NON_SPACE.findall(attrs["class"])
        if tag[0] == "{":
            namespace, name = _split_ns(tag)
            prefix = "xml" if namespace == _XML_NS else None
        else:
            name, prefix = tag, None
        stack = self.stack
        parent = stack[-1]
        el = _Element(name, prefix, attrs, parent, self.elements, self.strings)
        parent.children.append(el)
        self.elements.append(el)
        stack.append(el)
        if name != _ROOT_NAME:
            open_ = self.open
            open_[name] = open_.get(name, 0) + 1
        if name in _WHITESPACE_KEPT:
            self.kept.append(el)
        if name in _STRING_KINDS:
            self.containers.append(el)

    def _pop(self) -> None:
        el = self.stack.pop()
        el.close()
        if el.name in self.open:
            self.open[el.name] -= 1
        if self.kept and el is self.kept[-1]:
            self.kept.pop()
        if self.containers and el is self.containers[-1]:
            self.containers.pop()

    def end(self, tag: str) -> None:
        if self.pending:
            self.flush()
        stack = self.stack
        top = stack[-1]
        if top.name == tag and top.prefix is None and tag[0] != "{" and len(stack) > 1 \
                and not self.kept and not self.containers:
            stack.pop()  # the common case: the innermost open element ends (what _pop does)
            top.close()
            self.open[tag] -= 1
            return
        if tag[0] == "{":
            namespace, name = _split_ns(tag)
            prefix = "xml" if namespace == _XML_NS else None
        else:
            name, prefix = tag, None
        if name == _ROOT_NAME:
            return
        for i in range(len(stack) - 1, 0, -1):  # up to the most recent open `name`
            if not self.open.get(name):
                break
            el = stack[i]
            self._pop()
            if el.name == name and el.prefix == prefix:
                break

    def data(self, text: str) -> None:
        self.pending.append(text)

    def comment(self, text: str) -> None:
        if self.pending:
            self.flush()
        self.pending.append(text)
        self.flush("comment")

    def pi(self, target: str, data: str) -> None:
        if self.pending:
            self.flush()
        self.pending.append(target + " " + data)
        self.flush("pi")

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        if self.pending:
            self.flush()
        value = name or ""
        if pubid is not None:
            value += ' PUBLIC "%s"' % pubid
            if system is not None:
                value += ' "%s"' % system
        elif system is not None:
            value += ' SYSTEM "%s"' % system
        self.pending.append(value)
        self.flush("doctype")

    def close(self) -> None:
        return None

    def finish(self) -> _Element:
        if self.pending:
            self.flush()
        for el in self.stack:  # still open at the end: their spans reach the end
            el.close()
        return self.root


def _parse_page(html: str) -> _Element:
    """The page's tree: lxml given the text, then its UTF-8 bytes (what bs4's lxml builder
    tries in turn), else the stdlib parser."""
    from lxml import etree

    markup = html[1:] if html[:1] == "\ufeff" else html
    for data, encoding in ((markup, None), (None, "utf8")):
        builder = _PageBuilder()
        try:
            parser = etree.HTMLParser(target=builder, recover=True, huge_tree=False, encoding=encoding)
            parser.feed(markup.encode("utf8") if data is None else data)
            parser.close()
        except (UnicodeDecodeError, LookupError, etree.ParserError):
            continue
        except Exception:  # lxml choking: the stdlib parser always works
            break
        return builder.finish()
    return _soup_tree(html)


def _soup_tree(html: str) -> _Element:
    """The page read by the stdlib's parser through bs4, as a tree of _Element."""
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(html, "html.parser")
    elements: list[_Element] = []
    strings: list[_String] = []
    root = _Element(_ROOT_NAME, None, {}, None, elements, strings)
    root.e0 = 0
    # (bs4 node, parent element) in document order; (None, element): the element's span ends
    stack: list[tuple[Any, _Element]] = [(c, root) for c in reversed(soup.contents)]
    while stack:
        item, parent = stack.pop()
        if item is None:
            parent.close()
        elif isinstance(item, Tag):
            attrs = {k: list(v) if isinstance(v, list) else v for k, v in item.attrs.items()}
            el = _Element(item.name, item.prefix, attrs, parent, elements, strings)
            elements.append(el)
            parent.children.append(el)
            stack.append((None, el))
            stack.extend((c, el) for c in reversed(item.contents))
        else:
            kind = type(item).__name__
            node = (_BS4_KINDS.get(kind, kind), str(item), parent)
            strings.append(node)
            parent.children.append(node)
    root.close()
    return root


def _tags(root: _Element, names: Iterable[str] | None = None) -> list[_Element]:
    """The elements under `root` still in the page (named one of `names`), in document order."""
    part = root.elements[root.e0:root.e1]
    if names is None:
        return [el for el in part if not el.gone]
    wanted = frozenset(names)
    return [el for el in part if not el.gone and el.name in wanted]


def _first(root: _Element, name: str) -> _Element | None:
    return next((el for el in root.elements[root.e0:root.e1] if not el.gone and el.name == name), None)


def _text(el: _Element, sep: str = "") -> str:
    """bs4's get_text: the text strings under `el` (those of its kind in a script/style/…)."""
    kinds = _STRING_KINDS.get(el.name, _MAIN_KINDS)
    return sep.join([s[1] for s in el.strings[el.s0:el.s1] if s[0] in kinds and not s[2].gone])


def _single_string(el: _Element) -> str | None:
    """bs4's Tag.string: the one string inside `el` (through single-child elements), or None."""
    while True:
        children = [c for c in el.children if isinstance(c, tuple) or not c.gone]
        if len(children) != 1:
            return None
        child = children[0]
        if isinstance(child, tuple):
            return child[1]
        el = child


def _decompose(el: _Element) -> None:
    """Remove `el` and everything inside it from the page."""
    el.gone = True
    for inner in el.elements[el.e0:el.e1]:
        inner.gone = True


def _page_header_lines(root: _Element) -> list[str]:
    """`标题:` and `成文日期:` lines from the page around the article, consumed by cleaning."""
    out: list[str] = []
    title = None
    for h in _tags(root, ("h1", "h2")):
        t = " ".join(_text(h, " ").split())
        if 4 <= len(t) <= 80 and ("报告" in t or "情况" in t or "总结" in t):
            title = t
            break
    title_el = _first(root, "title") if title is None else None
    page_title = _single_string(title_el) if title_el is not None else None
    if title is None and page_title:
        # "<article title>_<site name>": only a part that reads as a report title; a portal's
        # name ("XX县人民政府门户网站") is never the report's title or issuer.
        for t in re.split(r"\s*[_|｜]\s*|\s+[-—]\s+", " ".join(page_title.split())):
            if 6 <= len(t) <= 80 and _REPORT_TITLE.search(t) and not _PORTAL.search(t):
                title = t
                break
    if title:
        out.append("标题:" + title)
    m = PAGE_DATE.search(_text(root, " "))
    if m:
        out.append("成文日期:" + re.sub(r"\s+", "", m.group(2)))
    return out


_REPORT_TITLE = regexes.compile(r"报告|总结|情况|汇报|自查|自评")
_PORTAL = regexes.compile(r"门户|网站|政府网|首页|信息公开平台|^www\.|\.gov\.cn")


def _class_values(tag: _Element) -> list[str]:
    """The element's classes and id, whose tokens (split on - _ and spaces) may name page chrome."""
    attrs = tag.attrs
    values = [str(v) for v in attrs.get("class") or ()]
    if attrs.get("id"):
        values.append(str(attrs["id"]))
    return values


_CLASS_SPLIT = regexes.compile(r"[-_\s]+")


def _drop_chrome(root: _Element, total_cjk: int, keep: _Element) -> None:
    """Remove navigation/share/footer elements, but never one holding most of the article."""
    doomed = []
    chrome: dict[str, bool] = {}  # class or id value -> whether a token of it names chrome
    for tag in _tags(root):
        if tag is keep:
            continue
        for v in _class_values(tag):
            known = chrome.get(v)
            if known is None:
                known = chrome[v] = any(_CHROME_TOKENS.match(t) for t in _CLASS_SPLIT.split(v) if t)
            if known:
                doomed.append(tag)
                break
    for tag in doomed:
        if tag.gone:
            continue
        n = cjk_count(_text(tag))
        # _holds_article needs 200 Chinese characters in the tag's paragraphs: fewer in all its
        # text settle it without walking them (most chrome is a few words)
        if (total_cjk and n > 0.5 * total_cjk) or (n >= _ARTICLE_CJK and _holds_article(tag)):
            continue
        _decompose(tag)


_ARTICLE_CJK = 200  # Chinese characters of long paragraphs that make an element hold the article


def _holds_article(tag: _Element) -> bool:
    """Long paragraphs mean article text; page chrome has only short lines."""
    long_text = 0
    for p in _tags(tag, ("p",)):
        n = cjk_count(_text(p))
        if n >= 40:
            long_text += n
            if long_text >= _ARTICLE_CJK:
                return True
    return False


def _known_container(root: _Element) -> _Element | None:
    """The article container of common government CMSs, when it holds the article text."""
    total = cjk_count(_text(root))
    # One walk over the elements instead of a CSS engine pass per selector (soupsieve took
    # ~0.6 s per selector on a page of 40,000 elements); candidates in selector, then document order.
    found: list[tuple[int, int, _Element]] = []
    for order, el in enumerate(_tags(root)):
        attrs = el.attrs
        ranks = set(_BODY_RANKS_BY_NAME.get(el.name, ()))
        if attrs:
            for c in attrs.get("class") or ():
                ranks.update(_BODY_RANKS_BY_CLASS.get(c, ()))
            if "id" in attrs:
                ranks.update(_BODY_RANKS_BY_ID.get(attrs["id"], ()))
        if ranks:
            found.extend((rank, order, el) for rank in ranks)
    best, best_n = None, 0
    for _, _, el in sorted(found, key=lambda f: (f[0], f[1])):
        n = cjk_count(_text(el))
        if n > best_n:
            best, best_n = el, n
    if best is not None and best_n >= max(100, 0.3 * total):
        return best
    return None


def _body_ranks(kind: str) -> dict[str, tuple[int, ...]]:
    """Selector value -> its ranks in _BODY_SELECTORS, for one kind ("." class, "#" id, "" name)."""
    ranks: dict[str, tuple[int, ...]] = {}
    for rank, (k, value) in enumerate(_BODY_MATCHERS):
        if k == kind:
            ranks[value] = ranks.get(value, ()) + (rank,)
    return ranks


_BODY_RANKS_BY_CLASS, _BODY_RANKS_BY_ID, _BODY_RANKS_BY_NAME = _body_ranks("."), _body_ranks("#"), _body_ranks("")


def _drop_link_lists(root: _Element) -> None:
    """Remove blocks that are mostly links (menus, "related articles", site lists)."""
    for tag in _tags(root, ("ul", "ol", "dl", "div", "table", "section")):
        if tag.gone:
            continue
        links = _tags(tag, ("a",))
        if len(links) < 3:
            continue
        total = cjk_count(_text(tag))
        linked = sum(cjk_count(_text(a)) for a in links)
        if total and linked >= 0.7 * total and not _holds_article(tag):
            _decompose(tag)


def _densest_container(root: _Element) -> _Element:
    """The deepest element holding most (80%) of the page's non-link Chinese text."""
    _drop_link_lists(root)
    elements: dict[int, _Element] = {}
    weight: dict[int, int] = {}
    total = 0
    for node in root.strings[root.s0:root.s1]:  # every string, in document order
        if node[0] == "comment" or node[2].gone:
            continue
        n = cjk_count(node[1])
        if n == 0 or _in_link(node[2]):
            continue
        total += n
        el: _Element | None = node[2]
        while el is not None:  # credit the text to every ancestor up to the root
            elements[id(el)] = el
            weight[id(el)] = weight.get(id(el), 0) + n
            if el is root:
                break
            el = el.parent
    candidates = [elements[k] for k, n in weight.items() if n >= 0.8 * total]
    if not total or not candidates:
        return root
    return max(candidates, key=_depth)


def _in_link(el: _Element | None) -> bool:
    while el is not None:
        if el.name == "a":
            return True
        el = el.parent
    return False


def _depth(el: _Element) -> int:
    n = 0
    parent = el.parent
    while parent is not None:
        n += 1
        parent = parent.parent
    return n


_LINE_BREAKS = regexes.compile(r"[\r\n\t]+")


def _block_lines(container: _Element) -> list[str]:
    """Iterative walk (no recursion limit): blocks end lines, table cells are space-separated."""
    parts: list[str] = []
    stack: list[_Node | str] = [container]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)  # a marker pushed below
            continue
        if isinstance(node, tuple):
            if node[0] not in _NOT_TEXT_KINDS:
                parts.append(_LINE_BREAKS.sub(" ", node[1]))
            continue
        if node.gone:
            continue
        name = node.name
        if name == "br":
            parts.append("\n")
            continue
        after = "\n" if name in _BLOCK_TAGS else " " if name in ("td", "th") else ""
        if after:
            parts.append(after)
            stack.append(after)
        stack.extend(reversed(node.children))
    text = "".join(parts)
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]
