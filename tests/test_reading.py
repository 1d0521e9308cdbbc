"""Reading files: every format and encoding gives the same report; bad input a clear error."""

from __future__ import annotations

import codecs
import hashlib
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from wuchuan_check.errors import InputError, ReportReadError
from wuchuan_check.reading.document import Report, Role
from wuchuan_check.reading.formats import MAX_TEXT_BYTES, decode_text, load_report, parse_report_text
from wuchuan_check.reading.textnorm import normalize_text

# A made-up annual report in the usual shape: title, addressee, preamble, achievements with
# nested numbering, problems, plans, signature and date.
SAMPLE = """某某县人民政府关于2021年度法治政府建设情况的报告

市司法局：
2021年，我县坚持以习近平法治思想为指导，深入落实《法治政府建设实施纲要（2021—2025年）》，现将有关情况报告如下：
一、主要举措和成效
（一）依法全面履行政府职能。一是深化“放管服”改革，全县行政许可事项全部进驻政务服务中心，承诺办结时限压缩至法定时限的40%。二是全面推行权责清单制度，公布县级部门权责事项2315项。
（二）推进严格规范公正文明执法
全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，全年审核重大执法决定56件。将行政执法案卷评查结果纳入年度考核。
1．加强执法人员管理。组织执法人员参加公共法律知识培训和考试，参考率100%。
2．规范行政裁量权。修订完善行政处罚裁量基准12项。
二、存在的问题
一年来，我县法治政府建设取得了一定成效，但仍存在一些不足：一是部分执法人员法治意识不强；二是基层法治工作力量薄弱，专业人才缺乏。
三、2022年工作打算
一是加强执法队伍建设，开展全员培训；二是充实基层法治工作力量；三是深化行政复议体制改革。
特此报告。
某某县人民政府
2022年3月1日
"""


def sentence_texts(report: Report) -> list[tuple[str, Role]]:
    return [(s.text, s.role) for s in report.sentences]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# ---------------------------------------------------------------------------------------------
# Encodings


ENCODINGS = [
    ("utf-8", lambda s: s.encode("utf-8")),
    ("utf-8-sig", lambda s: codecs.BOM_UTF8 + s.encode("utf-8")),
    ("utf-16", lambda s: s.encode("utf-16")),  # with BOM, platform byte order
    ("utf-16-be", lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be")),
    ("utf-16-le-nobom", lambda s: s.encode("utf-16-le")),
    ("gb18030", lambda s: s.encode("gb18030")),
    ("gbk", lambda s: s.encode("gbk")),
    ("crlf", lambda s: s.replace("\n", "\r\n").encode("utf-8")),
]


@pytest.mark.parametrize("name,encode", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_every_encoding_gives_the_same_report(tmp_path: Path, name: str, encode: Callable[[str], bytes]) -> None:
    expected = load_report(write(tmp_path, "base.txt", SAMPLE.encode("utf-8")))
    got = load_report(write(tmp_path, f"{name}.txt", encode(SAMPLE)))
    assert sentence_texts(got) == sentence_texts(expected)
    assert got.lines == expected.lines
    assert got.meta == expected.meta
    assert got.source.encoding is not None


def test_detected_encoding_names(tmp_path: Path) -> None:
    cases = {"utf-8": SAMPLE.encode("utf-8"), "utf-8-sig": codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
             "utf-16": SAMPLE.encode("utf-16"), "gb18030": SAMPLE.encode("gb18030")}
    for expected, data in cases.items():
        assert load_report(write(tmp_path, f"{expected}.txt", data)).source.encoding == expected


@pytest.mark.parametrize("text", ["法治政府建设情况", "依法行政", "严格规范公正文明执法。", "县司法局关于报送年度报告的函"])
def test_short_gb18030_text_is_not_mistaken_for_another_encoding(text: str) -> None:
    decoded, enc = decode_text(text.encode("gb18030"))
    assert (decoded, enc) == (text, "gb18030")


def test_big5_text_is_still_read_as_big5() -> None:
    text = "法治政府建設情況報告，嚴格規範公正文明執法，全面推進政務公開，深化行政審批制度改革。" * 3
    decoded, enc = decode_text(text.encode("big5"))
    assert enc == "big5" and decoded == text


def test_traditional_report_is_converted_to_simplified(tmp_path: Path) -> None:
    trad = "某某縣人民政府關於2021年度法治政府建設情況的報告\n一、主要舉措和成效\n全面推行行政執法公示制度、執法全過程記錄制度和重大執法決定法制審核制度，全年審核重大執法決定56件。\n二、存在的問題\n基層法治工作力量薄弱。\n"
    r = load_report(write(tmp_path, "trad.txt", trad.encode("utf-8")))
    assert any("全面推行行政执法公示制度" in s.text for s in r.sentences_in(Role.ACHIEVEMENT))
    assert r.meta.issuer == "某某县人民政府"


def test_seed_003_gb18030_and_utf8_give_identical_sentences(seeds_dir: Path, seed: Callable[[str], Path]) -> None:
    utf8 = load_report(seed("003"))
    gb = load_report(seeds_dir / "003_003a9d8f3bacc8c6.gb18030.txt")
    assert gb.source.encoding == "gb18030" and utf8.source.encoding == "utf-8"
    assert gb.sentences == utf8.sentences
    assert gb.sections == utf8.sections
    assert gb.meta == utf8.meta
    assert len(utf8.sentences) > 20


# ---------------------------------------------------------------------------------------------
# Formats


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    lines = SAMPLE.strip().split("\n")
    split = lines.index("二、存在的问题")
    for line in lines[:split]:
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "完成数"
    table.cell(1, 0).text, table.cell(1, 1).text = "办理行政复议案件", "18件"
    for line in lines[split:]:
        d.add_paragraph(line)
    path = tmp_path / "报告.docx"
    d.save(str(path))

    r = load_report(path)
    assert r.source.format == "docx"
    plain = load_report(write(tmp_path, "plain.txt", SAMPLE.encode("utf-8")))
    table_sentences = [s for s in r.sentences if "办理行政复议案件" in s.text]
    assert [s.role for s in table_sentences] == [Role.ACHIEVEMENT]
    assert "18件" in table_sentences[0].text
    # Apart from the table row, the docx reads exactly like the plain text.
    assert [t for t in sentence_texts(r) if "办理行政复议案件" not in t[0] and "指标" not in t[0]] == sentence_texts(plain)
    assert r.meta == plain.meta


def _pdf(path: Path, pages: list[list[str]], leading: int = 16) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for lines in pages:
        c.setFont("STSong-Light", 11)
        y = 800
        for line in lines:
            c.drawString(40, y, line)
            y -= leading
        c.showPage()
    c.save()
    return path


def _wrap(text: str, width: int = 38) -> list[str]:
    out: list[str] = []
    for para in text.strip().split("\n"):
        if not para:
            continue
        out.extend(para[i:i + width] for i in range(0, len(para), width))
    return out


def test_pdf_text_layer_is_read_and_wrapped_lines_rejoined(tmp_path: Path) -> None:
    lines = _wrap(SAMPLE)
    path = _pdf(tmp_path / "report.pdf", [lines[:25], lines[25:] + ["- 2 -"]])
    r = load_report(path)
    plain = load_report(write(tmp_path, "plain.txt", SAMPLE.encode("utf-8")))
    assert r.source.format == "pdf"
    # Sentences that the page width broke over two lines come out whole.
    assert sentence_texts(r) == sentence_texts(plain)
    assert r.meta.issuer == "某某县人民政府" and r.meta.year == 2021
    # Line numbers point at the line where each sentence starts.
    for s in r.sentences:
        assert normalize_text(r.lines[s.line - 1])[:4] in s.text or s.text[:4] in normalize_text(r.lines[s.line - 1])


def test_pdf_sentence_broken_across_a_page_break(tmp_path: Path) -> None:
    lines = _wrap(SAMPLE)
    cut = next(i for i, x in enumerate(lines) if i > 5 and not x.endswith(("。", "：", "；")))
    path = _pdf(tmp_path / "pages.pdf", [lines[:cut + 1] + ["第 1 页"], lines[cut + 1:] + ["第 2 页"]])
    plain = load_report(write(tmp_path, "plain.txt", SAMPLE.encode("utf-8")))
    assert sentence_texts(load_report(path)) == sentence_texts(plain)


def test_pdf_without_text_layer_is_reported_as_scanned(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "扫描件.pdf"
    c = canvas.Canvas(str(path))
    c.rect(50, 50, 400, 600, fill=1)  # an "image": no text at all
    c.showPage()
    c.save()
    with pytest.raises(ReportReadError, match="没有文字层") as e:
        load_report(path)
    assert "扫描件.pdf" in str(e.value)


def test_encrypted_pdf_is_a_clear_error(tmp_path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret-user", "owner"))
    c.setFont("STSong-Light", 11)
    c.drawString(40, 800, "某某县法治政府建设情况报告")
    c.showPage()
    c.save()
    with pytest.raises(ReportReadError, match="加密") as e:
        load_report(path)
    assert "locked.pdf" in str(e.value)


def test_corrupt_pdf_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n" + bytes(range(256)) * 4)
    with pytest.raises(ReportReadError) as e:
        load_report(path)
    assert "broken.pdf" in str(e.value) and "PDF" in str(e.value)


PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某县人民政府关于2021年度法治政府建设情况的报告_某某县人民政府门户网站</title>
<script>var title = "法治政府建设 不应出现的脚本文字";</script><style>.nav {{ color: red }}</style></head>
<body>
<div class="top-nav"><a href="/">首页</a> <a>政务公开</a> <a>政务服务</a> <a>互动交流</a></div>
<div class="bread-crumb">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
<table class="xxgk"><tr><td>索引号：11500000/2022-00012</td><td>发文机关：某某县人民政府</td></tr>
<tr><td>成文日期：2022-03-01</td><td>发布日期：2022-03-05</td></tr></table>
<h1>某某县人民政府关于2021年度法治政府建设情况的报告</h1>
<div class="share-bar">分享到：微信 微博 QQ空间</div>
<div>【打印本页】【关闭窗口】【字体：大 中 小】</div>
<div class="{container}">{body}</div>
<div class="page-links"><p>上一篇：关于做好春节期间安全生产工作的通知</p><p>下一篇：关于开展安全生产大检查的通知</p></div>
<div id="footer"><p>主办单位：某某县人民政府办公室 地址：某某县人民路1号 邮编：400000</p>
<p>渝ICP备12345678号 政府网站标识码：5001230001 渝公网安备 50012302000123号</p>
<p>版权所有 © 某某县人民政府 技术支持：某某网络科技有限公司</p><p>网站地图 | 联系我们</p></div>
</body></html>"""


def _html_body() -> str:
    body_lines = SAMPLE.strip().split("\n")[1:]  # the page shows the title as <h1>
    return "".join(f"<p>\u3000\u3000{line}</p>\n" for line in body_lines if line)


@pytest.mark.parametrize("container", ["TRS_Editor", "article-text"])
def test_html_page_keeps_the_article_and_drops_the_page_chrome(tmp_path: Path, container: str) -> None:
    page = PAGE.format(container=container, body=_html_body())
    path = write(tmp_path, "t20220305_123.html", page.encode("gb18030"))
    r = load_report(path)
    plain = load_report(write(tmp_path, "plain.txt", SAMPLE.encode("utf-8")))
    assert r.source.format == "html" and r.source.encoding == "gb18030"
    assert sentence_texts(r) == sentence_texts(plain)
    text = "\n".join(r.lines)
    for junk in ("脚本文字", "当前位置", "分享到", "打印本页", "上一篇", "ICP备", "网站标识码", "版权所有",
                 "主办单位", "网站地图", "互动交流"):
        assert junk not in text, junk
    assert r.meta.title == "某某县人民政府关于2021年度法治政府建设情况的报告"
    assert r.meta.date == "2022-03-01"


@pytest.mark.parametrize("container", ["TRS_Editor", "wrap-page"])
def test_html_page_lxml_refuses_is_read_by_the_stdlib_parser_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   container: str) -> None:
    from lxml import etree

    page = PAGE.format(container=container, body=_html_body())
    path = write(tmp_path, "page.html", page.encode("gb18030"))
    with_lxml = load_report(path)

    class Refusing:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise etree.ParserError("refused")

    monkeypatch.setattr(etree, "HTMLParser", Refusing)
    r = load_report(path)
    assert sentence_texts(r) == sentence_texts(with_lxml) == sentence_texts(
        load_report(write(tmp_path, "plain.txt", SAMPLE.encode("utf-8"))))
    assert r.meta.title == "某某县人民政府关于2021年度法治政府建设情况的报告" and r.meta.date == "2022-03-01"
    assert not any(junk in "\n".join(r.lines) for junk in ("脚本文字", "当前位置", "分享到", "版权所有"))


def test_html_article_found_by_text_density_among_long_link_lists(tmp_path: Path) -> None:
    links = "".join(f"<li><a href='/a{i}.html'>关于做好第{i}批政务信息公开和安全生产检查工作的通知</a></li>" for i in range(40))
    page = PAGE.format(container="wrap-page", body=_html_body()).replace(
        '<div class="page-links">', f'<div class="left-list"><ul>{links}</ul></div><div class="page-links">')
    r = load_report(write(tmp_path, "page.html", page.encode("gb18030")))
    plain = load_report(write(tmp_path, "plain.txt", SAMPLE.encode("utf-8")))
    assert sentence_texts(r) == sentence_texts(plain)
    assert not any("安全生产检查工作的通知" in x for x in r.lines)


def test_html_article_in_a_container_inside_a_chrome_like_wrapper(tmp_path: Path) -> None:
    page = PAGE.format(container="TRS_Editor", body=_html_body())
    page = page.replace('<div class="TRS_Editor">', '<div class="main-nav-wrapper"><div class="TRS_Editor">')
    page = page.replace('<div class="page-links">', '</div><div class="page-links">')
    r = load_report(write(tmp_path, "page.html", page.encode("utf-8")))
    assert sentence_texts(r) == sentence_texts(load_report(write(tmp_path, "p.txt", SAMPLE.encode("utf-8"))))


def test_html_paragraphs_each_in_their_own_div(tmp_path: Path) -> None:
    body = "".join(f"<div><span style='font-size:16px'>{line}</span></div>\n"
                   for line in SAMPLE.strip().split("\n")[1:] if line)
    page = PAGE.format(container="detail-wrap", body=body)
    r = load_report(write(tmp_path, "page.html", page.encode("utf-8")))
    assert sentence_texts(r) == sentence_texts(load_report(write(tmp_path, "p.txt", SAMPLE.encode("utf-8"))))


def test_html_with_utf8_meta_charset(tmp_path: Path) -> None:
    page = PAGE.format(container="content", body=_html_body()).replace("charset=gb2312", "charset=utf-8")
    r = load_report(write(tmp_path, "page.htm", page.encode("utf-8")))
    assert r.source.encoding == "utf-8"
    assert len(r.sentences_in(Role.PROBLEM)) >= 2 and len(r.sentences_in(Role.PLAN)) >= 3


def test_misnamed_files_are_read_by_content(tmp_path: Path) -> None:
    lines = _wrap(SAMPLE)
    pdf = _pdf(tmp_path / "x.pdf", [lines])
    r = load_report(write(tmp_path, "report.txt", pdf.read_bytes()))
    assert r.source.format == "pdf"
    page = PAGE.format(container="TRS_Editor", body=_html_body())
    assert load_report(write(tmp_path, "report", page.encode("utf-8"))).source.format == "html"


# ---------------------------------------------------------------------------------------------
# Bad input: always ReportReadError naming the file, never a raw exception


def _assert_read_error(path: Path, *words: str) -> ReportReadError:
    with pytest.raises(ReportReadError) as e:
        load_report(path)
    assert isinstance(e.value, InputError)
    msg = str(e.value)
    assert path.name in msg
    assert "\n" not in msg
    for w in words:
        assert w in msg, (w, msg)
    return e.value


def test_missing_file(tmp_path: Path) -> None:
    _assert_read_error(tmp_path / "不存在的报告.txt", "不存在")


def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _assert_read_error(fifo, "不是普通文件")


def test_directory(tmp_path: Path) -> None:
    d = tmp_path / "reports"
    d.mkdir()
    _assert_read_error(d, "文件夹")


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t  ", "\u3000\u3000\n".encode("utf-8")], ids=["zero", "spaces", "ideographic"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    _assert_read_error(write(tmp_path, "empty.txt", data), "空")


def test_binary_file(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4096))
    _assert_read_error(write(tmp_path, "data.txt", data), "二进制")


def test_unknown_extension_that_is_not_text(tmp_path: Path) -> None:
    rng = random.Random(8)
    data = b"\x01\x02" + bytes(rng.randrange(256) for _ in range(2048))
    _assert_read_error(write(tmp_path, "report.xyz", data), "无法识别的文件格式", ".xyz")


def test_unknown_extension_that_is_text_is_read(tmp_path: Path) -> None:
    r = load_report(write(tmp_path, "report.dat", SAMPLE.encode("gb18030")))
    assert sentence_texts(r) == sentence_texts(parse_report_text(SAMPLE))


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    _assert_read_error(write(tmp_path, "报告.docx", SAMPLE.encode("utf-8")), ".docx")


def test_zip_without_document(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "报告.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    _assert_read_error(path, ".docx")


def test_legacy_doc(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    _assert_read_error(write(tmp_path, "报告.doc", data), ".doc")


def test_image(tmp_path: Path) -> None:
    _assert_read_error(write(tmp_path, "scan.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "图片")


def test_too_little_chinese_says_what_was_found(tmp_path: Path) -> None:
    text = "This is an English memo about the weather.\n" * 20 + "法治政府\n"
    err = _assert_read_error(write(tmp_path, "memo.txt", text.encode("utf-8")), "中文内容太少", "4 个汉字")
    assert "4" in err.problem


def test_page_chrome_alone_is_too_little_chinese(tmp_path: Path) -> None:
    chrome = "首页 > 政务公开 > 通知公告\n【打印】【关闭】\n主办单位：某某县人民政府办公室\n渝ICP备12345678号\n" * 5
    _assert_read_error(write(tmp_path, "nav.txt", chrome.encode("utf-8")), "中文内容太少")


def test_no_raw_exception_for_random_garbage(tmp_path: Path) -> None:
    """Fuzz: arbitrary bytes under every extension give a Report or a ReportReadError."""
    rng = random.Random(2024)
    heads = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf1"]
    for i in range(60):
        body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
        if i % 3 == 0:
            body = (SAMPLE[: rng.randrange(10, 400)]).encode(rng.choice(["utf-8", "gb18030", "utf-16"])) + body[:50]
        data = rng.choice(heads) + body
        name = f"f{i}" + rng.choice([".txt", ".pdf", ".docx", ".html", ".xyz", ""])
        try:
            load_report(write(tmp_path, name, data))
        except ReportReadError as e:
            assert name in str(e)


# ---------------------------------------------------------------------------------------------
# Contract


def test_lines_are_the_decoded_source_and_sentences_point_into_them(tmp_path: Path) -> None:
    path = write(tmp_path, "r.txt", SAMPLE.encode("utf-8"))
    r = load_report(path)
    assert list(r.lines) == SAMPLE.split("\n")
    assert r.source.lines_total == len(r.lines)
    for s in r.sentences:
        line = normalize_text(r.lines[s.line - 1])
        assert s.text[:6] in line, (s.line, s.text)
    for sec in r.sections:
        assert 1 <= sec.line <= len(r.lines)
        assert sec.parent is None or 0 <= sec.parent < len(r.sections)
    assert all(0 <= s.section < len(r.sections) for s in r.sentences)


def test_parse_report_text_matches_load_report(tmp_path: Path) -> None:
    r1 = load_report(write(tmp_path, "r.txt", SAMPLE.encode("utf-8")))
    r2 = parse_report_text(SAMPLE, str(tmp_path / "r.txt"), encoding="utf-8")
    assert r1 == r2


def test_parse_report_text_accepts_short_text_unless_asked() -> None:
    r = parse_report_text("一、工作成效\n推行行政执法三项制度。\n")
    assert [s.role for s in r.sentences] == [Role.ACHIEVEMENT, Role.ACHIEVEMENT]
    with pytest.raises(ReportReadError, match="中文内容太少"):
        parse_report_text("推行三项制度。", "short.txt", min_cjk=50)
    assert parse_report_text("").sentences == ()


def test_input_files_are_never_modified(tmp_path: Path, seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt"))
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files}
    for p in files:
        load_report(p)
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files}
    assert before == after


def test_every_seed_reads(seeds_dir: Path) -> None:
    for p in sorted(seeds_dir.glob("*.txt")):
        r = load_report(p)
        assert len(r.sentences_in(Role.ACHIEVEMENT)) >= 20, p.name
        assert r.source.lines_total == len(r.lines)


# ---------------------------------------------------------------------------------------------
# Size


def _big_report(target_bytes: int) -> str:
    """Generated paragraphs whose figures are distinct in every new block (its number is among
    them, so no sentence repeats by chance); every tenth block repeats an earlier one. Figures come
    from the block's number, not the random generator: ~100,000 randint calls cost ~0.8 s."""
    rng = random.Random(5)
    actions = ["深化行政审批制度改革", "推行权责清单制度", "落实重大行政决策程序", "推行行政执法三项制度",
               "加强规范性文件备案审查", "推进政务公开", "办理行政复议案件", "开展法治宣传教育"]
    out = ["某某县人民政府关于2021年度法治政府建设情况的报告", "一、主要举措和成效"]
    blocks: list[str] = []
    size = 0
    while size < target_bytes:
        if blocks and rng.random() < 0.1:
            block = blocks[int(rng.random() * len(blocks))]
        else:
            b = len(blocks)
            block = "\n".join(
                f"{n}是{actions[(b + 3 * j) % 8]}。全年办理{3 * b + j + 1}件,同比增长{(7 * b + j) % 99 + 1}%,"
                f"培训{(13 * b + j) % 9999 + 1}人次,审查文件{(31 * b + j) % 999 + 1}件。"
                for j, n in enumerate("一二三"))
            blocks.append(block)
        out.append(block)
        size += len(block.encode("utf-8")) + 1
    out += ["二、存在的问题", "基层法治力量薄弱。", "三、下一步工作打算", "加强执法队伍建设。"]
    return "\n".join(out) + "\n"


def test_report_just_under_the_size_cap_reads_in_reasonable_time(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(_big_report(MAX_TEXT_BYTES - 64 * 1024), encoding="utf-8")
    assert path.stat().st_size >= 9 * 1024 * 1024
    t0 = time.perf_counter()
    r = load_report(path)
    elapsed = time.perf_counter() - t0
    assert elapsed < 60, f"{elapsed:.1f} s"
    assert r.source.duplicate_lines > 0.08 * r.source.lines_total  # the ~10% repeated blocks were found
    texts = [s.text for s in r.sentences if s.role is Role.ACHIEVEMENT and "全年办理" in s.text]
    assert len(texts) == len(set(texts))  # and each sentence counts once
    assert [s.text for s in r.sentences_in(Role.PROBLEM)] == ["存在的问题", "基层法治力量薄弱。"]
    assert [s.text for s in r.sentences_in(Role.PLAN)] == ["下一步工作打算", "加强执法队伍建设。"]


# ---------------------------------------------------------------------------------------------
# Hostile inputs and readings that used to be silently wrong (issue 10). Fixtures come from the
# seeded generators of bench/hostile_corpus.py, built in tmp_path at run time.


def _corpus():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "bench" / "hostile_corpus.py"
    spec = importlib.util.spec_from_file_location("hostile_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hc = _corpus()


def _para(text: str) -> str:
    return hc.para(text)


def test_docx_tracked_insertions_are_read_deletions_dropped_and_noted(tmp_path: Path) -> None:
    body = (_para("某某县人民政府关于2021年度法治政府建设情况的报告") + _para("一、主要举措和成效")
            + '<w:p><w:ins w:id="1" w:author="a"><w:r><w:t>全面推行行政执法公示制度,全年审核重大执法决定56件。</w:t>'
              '</w:r></w:ins></w:p>'
            + '<w:p><w:r><w:t>聘请法律顾问12名。</w:t></w:r><w:del w:id="2" w:author="a"><w:r>'
              '<w:delText>此句已删除。</w:delText></w:r></w:del></w:p>'
            + _para(SAMPLE.split("\n", 4)[3]) + _para("某某县人民政府") + _para("2022年3月1日"))
    r = load_report(write(tmp_path, "修订.docx", hc.docx_bytes(body)))
    texts = " ".join(s.text for s in r.sentences)
    assert "审核重大执法决定56件" in texts and "聘请法律顾问12名" in texts
    assert "此句已删除" not in texts
    assert len(r.notes) == 1 and "修订" in r.notes[0] and "插入 1 处" in r.notes[0] and "删除 1 处" in r.notes[0]


def test_docx_made_only_of_insertions_is_not_empty(tmp_path: Path) -> None:
    rng = random.Random(3)
    r = load_report(write(tmp_path, "ins.docx", hc.docx_bytes(hc.tracked_body(rng, only_insertions=True))))
    assert r.meta.title and "报告" in r.meta.title and len(r.sentences) > 10 and r.notes


def test_docx_without_tracked_changes_has_no_note(tmp_path: Path) -> None:
    body = "".join(_para(line) for line in SAMPLE.splitlines())
    assert load_report(write(tmp_path, "plain.docx", hc.docx_bytes(body))).notes == ()


def test_docx_body_in_a_one_cell_table_keeps_title_and_issuer(tmp_path: Path) -> None:
    cell = "".join(_para(line) for line in SAMPLE.splitlines())
    r = load_report(write(tmp_path, "cell.docx", hc.docx_bytes(f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>")))
    plain = load_report(write(tmp_path, "plain.txt", SAMPLE.encode("utf-8")))
    assert r.meta.title == plain.meta.title == "某某县人民政府关于2021年度法治政府建设情况的报告"
    assert r.meta.issuer == "某某县人民政府"
    assert sentence_texts(r) == sentence_texts(plain)


def test_docx_text_boxes_and_content_controls_are_read_once(tmp_path: Path) -> None:
    rng = random.Random(4)
    name, data = hc.c_docx_textbox_sdt(rng)
    text = hc.report_text(random.Random(4)).splitlines()
    r = load_report(write(tmp_path, name, data))
    body = "\n".join(r.lines)
    for line in (text[3], text[4], text[7], text[-2]):  # text box lines, content control lines
        assert normalize_text(line) in normalize_text(body)
    assert body.count(text[4]) == 1, "the mc:Fallback copy of the text box must not be read too"


def test_docx_huge_gridspan_reads_without_blowing_memory(tmp_path: Path) -> None:
    name, data = hc.c_docx_gridspan(random.Random(5))
    r = load_report(write(tmp_path, name, data))
    assert "合计 12件" in r.lines


@pytest.mark.parametrize("maker,expected", [
    ("c_docx_zip_bomb", "zip 炸弹"),
    ("c_docx_unknown_zip_version", "docx"),
    ("c_docx_truncated", "docx"),
    ("c_ofd", "OFD 格式不支持"),
])
def test_hostile_zip_files_are_one_line_errors(tmp_path: Path, maker: str, expected: str) -> None:
    for seed in range(3):
        name, data = getattr(hc, maker)(random.Random(seed))
        with pytest.raises(ReportReadError) as e:
            load_report(write(tmp_path, name, data))
        assert expected in str(e.value) and name in str(e.value) and "\n" not in str(e.value)


def test_pdf_objects_referencing_themselves_or_a_cycle_are_refused_quickly(tmp_path: Path) -> None:
    for maker in ("c_pdf_self_reference", "c_pdf_cycle"):
        for seed in range(3):
            name, data = getattr(hc, maker)(random.Random(seed))
            with pytest.raises(ReportReadError, match="PDF") as e:
                load_report(write(tmp_path, name, data))
            assert name in str(e.value)


def test_pdf_extraction_stops_at_its_time_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wuchuan_check.reading import formats as reading

    monkeypatch.setattr(reading, "PDF_TIMEOUT_S", 0.05)  # a real report PDF takes longer than this
    lines = _wrap(SAMPLE)
    with pytest.raises(ReportReadError, match="超时"):
        load_report(_pdf(tmp_path / "slow.pdf", [lines] * 30))


def test_pdf_flate_bomb_is_refused_within_the_memory_budget(tmp_path: Path) -> None:
    name, data = hc.c_pdf_flate_bomb(random.Random(0))
    with pytest.raises(ReportReadError, match="PDF"):
        load_report(write(tmp_path, name, data))


def test_pdf_stream_inflating_past_the_stream_limit_is_refused_as_a_bomb(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from wuchuan_check.reading import formats as reading

    path = _pdf(tmp_path / "report.pdf", [_wrap(SAMPLE)])
    assert b"/FlateDecode" in path.read_bytes()
    assert load_report(path).meta.title  # its streams are far below the limit
    monkeypatch.setattr(reading, "PDF_MAX_STREAM_BYTES", 200)  # the page's text stream inflates past this
    with pytest.raises(ReportReadError, match="压缩炸弹") as e:
        load_report(path)
    assert "report.pdf" in str(e.value) and "\n" not in str(e.value)


def test_pdf_with_an_empty_user_password_is_read(tmp_path: Path) -> None:
    name, data = hc.c_pdf_empty_password(random.Random(1))
    r = load_report(write(tmp_path, name, data))
    assert r.meta.title and r.meta.title.endswith("法治政府建设情况的报告") and len(r.sentences) > 10


def test_pdf_library_warnings_do_not_reach_stderr(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    for seed in range(3):
        name, data = hc.c_pdf_truncated(random.Random(seed))
        try:
            load_report(write(tmp_path, name, data))
        except ReportReadError:
            pass
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("maker", ["c_html_unknown_charset", "c_html_nontext_codec", "c_html_lying_charset"])
def test_html_with_an_unknown_or_lying_charset_falls_back_to_detection(tmp_path: Path, maker: str) -> None:
    for seed in range(4):
        name, data = getattr(hc, maker)(random.Random(seed))
        r = load_report(write(tmp_path, name, data))
        assert r.meta.title and r.meta.title.endswith("法治政府建设情况的报告"), (name, r.meta.title)


@pytest.mark.parametrize("maker", ["c_html_deep", "c_html_deep_chrome"])
def test_deeply_nested_html_is_read(tmp_path: Path, maker: str) -> None:
    name, data = getattr(hc, maker)(random.Random(1))
    r = load_report(write(tmp_path, name, data))
    assert any("全年办理" in s.text for s in r.sentences)


def test_xhtml_page_prints_no_library_warning(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    import warnings

    name, data = hc.c_xhtml(random.Random(2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning that escapes would raise here
        r = load_report(write(tmp_path, name, data))
    assert r.sentences and capfd.readouterr().err == ""


def test_portal_site_title_is_neither_title_nor_issuer(tmp_path: Path) -> None:
    name, data = hc.c_html_portal_title(random.Random(3))
    r = load_report(write(tmp_path, name, data))
    assert r.meta.title and r.meta.title.endswith("法治政府建设情况的报告") and "门户" not in r.meta.title
    assert r.meta.issuer and r.meta.issuer.endswith("县人民政府")
    assert r.meta.level is not None and r.meta.level.value == "county"


@pytest.mark.parametrize("maker", ["c_random_bytes", "c_random_high_bytes", "c_random_gb2312_chars", "c_control_chars"])
def test_random_bytes_are_refused_as_not_text(tmp_path: Path, maker: str) -> None:
    for seed in range(5):
        name, data = getattr(hc, maker)(random.Random(seed))
        with pytest.raises(ReportReadError) as e:
            load_report(write(tmp_path, name, data))
        assert name in str(e.value)


def test_big5_report_still_reads(tmp_path: Path) -> None:
    from wuchuan_check.reading.textnorm import to_simplified

    traditional = SAMPLE.replace("县", "縣").replace("报告", "報告").replace("执法", "執法").replace("规范", "規範")
    r = load_report(write(tmp_path, "big5.txt", traditional.encode("big5", errors="ignore")))
    assert r.source.encoding == "big5" and to_simplified(r.meta.title or "").endswith("报告")


def test_seed_reports_still_read(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        assert load_report(path).sentences, path


def test_text_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", SAMPLE.encode() + b" " * MAX_TEXT_BYTES)
    with pytest.raises(ReportReadError, match="太大"):
        load_report(path)


def test_a_single_huge_line_costs_bounded_memory() -> None:
    """cjk_count used to build a list of one-character strings (~80 bytes per character)."""
    import tracemalloc

    from wuchuan_check.reading.textnorm import cjk_count

    line = "依法行政" * 500_000
    tracemalloc.start()
    try:
        assert cjk_count(line) == 2_000_000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * len(line.encode("utf-16-le")), f"{peak / 1e6:.0f} MB for a 2M-character line"


def test_report_path_problems_each_get_their_own_message(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    cases = {loop: "符号链接循环", tmp_path / ("长" * 200 + ".txt"): "太长", Path("/dev/zero"): "不是普通文件",
             tmp_path: "文件夹", tmp_path / "nope.txt": "文件不存在"}
    for path, expected in cases.items():
        with pytest.raises(ReportReadError) as e:
            load_report(path)
        assert expected in str(e.value), path


def test_html_declaring_utf16_but_saved_as_utf8_is_read(tmp_path: Path) -> None:
    page = ('<html><head><meta charset="utf-16"></head><body>'
            + "".join(f"<p>{line}</p>" for line in SAMPLE.splitlines() if line) + "</body></html>")
    data = page.encode("utf-8")
    data += b" " * (len(data) % 2)  # even length: utf-16 decodes it without error, into nonsense
    r = load_report(write(tmp_path, "page.htm", data))
    assert r.meta.title == "某某县人民政府关于2021年度法治政府建设情况的报告"


def test_a_reading_note_is_shown_on_the_scorecard_and_in_json(tmp_path: Path) -> None:
    from rich.console import Console

    from wuchuan_check.api import score_report
    from wuchuan_check.render.export import scorecard_dict
    from wuchuan_check.render.terminal import render

    body = (_para("某某县人民政府关于2021年度法治政府建设情况的报告") + _para("一、主要举措和成效")
            + '<w:p><w:ins w:id="1" w:author="a"><w:r><w:t>聘请法律顾问12名,审查合同40件。</w:t>'
              '</w:r></w:ins></w:p>' + _para("某某县人民政府") + _para("2022年3月1日"))
    card = score_report(load_report(write(tmp_path, "修订.docx", hc.docx_bytes(body))))
    console = Console(record=True, width=200)
    render(card, console)
    assert "修订" in console.export_text()
    assert any("修订" in w for w in scorecard_dict(card)["warnings"])
