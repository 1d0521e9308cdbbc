"""A seeded corpus of hostile and odd inputs, and a runner that reads every file under a budget.

Each class is a small generator `make(rng) -> (file name, bytes)`; the same seed gives the same
files. The runner reads each file in a forked child (the parent has the modules imported, so a
fork costs milliseconds), with a per-file timeout, and records for each class how many files
were read, refused with the project's own error (one line), raised anything else (a traceback),
or hung; and the peak resident memory of the child and of any process it started (the PDF
reader). Nothing here is committed data: files are written to a temporary folder.

    python bench/hostile_corpus.py                      # 10,000 files, writes a Markdown table
    python bench/hostile_corpus.py -n 500 --jobs 2      # a quick run
    python bench/hostile_corpus.py --write corpus/      # only write the files

tests/test_hostile.py imports CLASSES from here and reads a few files of every class in CI.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import struct
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Maker = Callable[[random.Random], tuple[str, bytes]]

# --- building blocks -------------------------------------------------------------------------

_ACTIONS = ["深化行政审批制度改革", "推行权责清单制度", "落实重大行政决策程序", "推行行政执法三项制度",
            "加强规范性文件备案审查", "推进政务公开", "办理行政复议案件", "开展法治宣传教育"]


def report_text(rng: random.Random, paragraphs: int = 8) -> str:
    """A made-up report in the usual shape (title, achievements, problems, plans, signature)."""
    county = rng.choice(["岚溪", "青禾", "松岭", "白川"])
    year = rng.randint(2016, 2023)
    body = [f"{county}县人民政府关于{year}年度法治政府建设情况的报告", "", "一、主要举措和成效"]
    for i in range(paragraphs):
        body.append(f"({'一二三四五六七八九十'[i % 10]}){rng.choice(_ACTIONS)}。全年办理{rng.randint(1, 9999)}件,"
                    f"同比增长{rng.randint(1, 99)}%,培训执法人员{rng.randint(1, 999)}人次,印发文件{rng.randint(1, 50)}件。")
    body += ["二、存在的问题", "基层法治力量薄弱,专业人才缺乏。", "三、下一步工作打算",
             "加强执法队伍建设,深化行政复议体制改革。", f"{county}县人民政府", f"{year + 1}年3月1日"]
    return "\n".join(body) + "\n"


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       b'<Default Extension="xml" ContentType="application/xml"/>'
       b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
       b'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{esc(text)}</w:t></w:r></w:p>"


def docx_bytes(body_xml: str) -> bytes:
    """A minimal .docx whose body is `body_xml` (w: elements)."""
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W_NS}" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:v="urn:schemas-microsoft-com:vml">'
           f"<w:body>{body_xml}<w:sectPr/></w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", doc.encode("utf-8"))
    return buf.getvalue()


def pdf_bytes(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF with the given object bodies (numbered from 1) and a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, trailer_extra, xref))
    return out.getvalue()


def reportlab_pdf(text: str, encrypt: object | None = None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    c.setFont("STSong-Light", 10)
    y = 800
    for line in text.splitlines():
        for k in range(0, max(1, len(line)), 45):
            c.drawString(30, y, line[k:k + 45])
            y -= 14
            if y < 40:
                c.showPage()
                c.setFont("STSong-Light", 10)
                y = 800
    c.showPage()
    c.save()
    return buf.getvalue()


@lru_cache(maxsize=None)
def _deflated_zeros(mb: int) -> bytes:
    """`mb` MB of b"a" deflated (~1000x): built once per run, reused by the bomb classes."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"a" * (1 << 20)
    comp.compress(chunk)
    comp.flush(zlib.Z_FULL_FLUSH)
    # after a full flush the compressor forgets its history, so one MB compresses to the same
    # bytes every time: repeat them instead of compressing gigabytes
    unit = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    return unit * mb + comp.flush()


def _raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from (name, stored data, method, crc, uncompressed size) with honest headers."""
    out = io.BytesIO()
    central = io.BytesIO()
    for name, data, method, crc, size in members:
        off = out.tell()
        nb = name.encode()
        big = size >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, size, len(data)) if big else b""
        usize, csize = (0xFFFFFFFF, 0xFFFFFFFF) if big else (size, len(data))
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 45 if big else 20, 0, method, 0, 0, crc,
                              csize, usize, len(nb), len(extra)) + nb + extra + data)
        cextra = struct.pack("<HHQQQ", 1, 24, size, len(data), off) if big else b""
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 45, 45 if big else 20, 0, method, 0, 0,
                                  crc, csize, usize, len(nb), len(cextra), 0, 0, 0, 0,
                                  0xFFFFFFFF if big else off) + nb + cextra)
    cd_off = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members),
                          len(central.getvalue()), cd_off, 0))
    return out.getvalue()


def _bomb_docx(mb: int) -> bytes:
    head = f'<w:document xmlns:w="{_W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    # the declared size is honest, the CRC is not: a reader must stop long before checking it
    data = comp.compress(head) + comp.flush(zlib.Z_SYNC_FLUSH) + _deflated_zeros(mb)
    return _raw_zip([("[Content_Types].xml", _CT, 0, zlib.crc32(_CT), len(_CT)),
                     ("word/document.xml", data, 8, 0, mb << 20)])


# --- the classes -----------------------------------------------------------------------------


def _html(rng: random.Random, charset: str, body: bytes | None = None, enc: str = "gb18030") -> bytes:
    text = report_text(rng)
    paras = "".join(f"<p>{esc(line)}</p>" for line in text.splitlines() if line)
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>x</title></head><body>{paras}</body></html>")
    return body if body is not None else page.encode(enc)


def _random_name(rng: random.Random, ext: str) -> str:
    return f"f{rng.randrange(10**9):09d}{ext}"


def c_html_unknown_charset(rng: random.Random) -> tuple[str, bytes]:
    cs = rng.choice(["x-unknown-42", "gb2313", "utf-9", "klingon", "x-user-defined-zz"])
    return _random_name(rng, ".html"), _html(rng, cs)


def c_html_nontext_codec(rng: random.Random) -> tuple[str, bytes]:
    cs = rng.choice(["base64", "rot13", "idna", "hex", "zlib", "uu", "punycode", "bz2"])
    return _random_name(rng, ".html"), _html(rng, cs, enc="utf-8")


def c_html_lying_charset(rng: random.Random) -> tuple[str, bytes]:
    declared, actual = rng.choice([("utf-8", "gb18030"), ("iso-8859-1", "gb18030"), ("gbk", "utf-8"),
                                   ("windows-1252", "utf-8"), ("big5", "gb18030"), ("utf-16", "utf-8")])
    return _random_name(rng, ".htm"), _html(rng, declared, enc=actual)


def c_html_deep(rng: random.Random) -> tuple[str, bytes]:
    n = rng.choice([20_000, 100_000])
    tag = rng.choice(["div", "span", "font", "b"])
    inner = esc(report_text(rng))
    page = "<html><body>" + f"<{tag}>" * n + inner + f"</{tag}>" * n + "</body></html>"
    return _random_name(rng, ".html"), page.encode()


def c_html_deep_chrome(rng: random.Random) -> tuple[str, bytes]:
    n = 20_000
    cls = rng.choice(["nav", "menu", "footer", "sidebar", "share"])
    inner = "".join(f"<p>{esc(x)}</p>" for x in report_text(rng).splitlines() if x)
    return _random_name(rng, ".html"), ("<html><body>" + f'<div class="{cls}">' * n + inner + "</div>" * n
                                        + "</body></html>").encode()


def c_html_wide(rng: random.Random) -> tuple[str, bytes]:
    n = rng.choice([20_000, 60_000])
    return _random_name(rng, ".html"), ("<html><body>" + '<div class="nav"><a href="#">首页</a></div>' * n
                                        + "".join(f"<p>{esc(x)}</p>" for x in report_text(rng).splitlines())
                                        + "</body></html>").encode()


def c_xhtml(rng: random.Random) -> tuple[str, bytes]:
    paras = "".join(f"<p>{esc(x)}</p>" for x in report_text(rng).splitlines() if x)
    return _random_name(rng, ".xhtml"), (
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>t</title></head><body>{paras}</body></html>").encode()


def c_html_portal_title(rng: random.Random) -> tuple[str, bytes]:
    text = report_text(rng)
    city = rng.choice(["江州市", "云川市", "北岭市"])
    paras = "".join(f"<p>{esc(x)}</p>" for x in text.splitlines() if x)
    return _random_name(rng, ".html"), (
        f"<html><head><title>{city}人民政府门户网站</title></head><body><div class='nav'>首页 政务公开</div>"
        f"<div class='article'>{paras}</div></body></html>").encode()


def _yaml(name: str, text: str, rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".yaml"), text.encode()


def c_yaml_alias_bomb(rng: random.Random) -> tuple[str, bytes]:
    levels, fan = rng.choice([(9, 9), (12, 5), (30, 2)])
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels + 1)]
    return _yaml("bomb", "\n".join(lines) + "\n", rng)


def c_yaml_recursive(rng: random.Random) -> tuple[str, bytes]:
    return _yaml("rec", rng.choice(["a: &a [1, *a]\n", "a: &a {b: *a}\n", "x: &x [[[*x]]]\n"]), rng)


def c_yaml_deep(rng: random.Random) -> tuple[str, bytes]:
    n = rng.choice([100, 1_000, 100_000])
    return _yaml("deep", rng.choice(["[" * n + "]" * n, "{a: " * n + "1" + "}" * n]), rng)


def c_yaml_huge_int(rng: random.Random) -> tuple[str, bytes]:
    return _yaml("int", f"number: {rng.choice(['9', '1', '0x1F'])}{'7' * 100_000}\n", rng)


def c_yaml_empty_levels(rng: random.Random) -> tuple[str, bytes]:
    text = (ROOT / "examples" / "provincial-plan-sample.yaml").read_text(encoding="utf-8")
    import re

    return _yaml("lv", re.sub(r"levels: \[[^\]]*\]", "levels: []", text, count=1), rng)


def c_yaml_garbage(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".yaml"), bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000)))


def c_pdf_self_reference(rng: random.Random) -> tuple[str, bytes]:
    kind = rng.randrange(3)
    if kind == 0:  # an object that is a reference to itself
        objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"2 0 R"]
    elif kind == 1:  # a page tree whose kid is the tree itself
        objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]
    else:  # a stream whose /Length is a reference to itself
        objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", b"<< /Length 5 0 R >>\nstream\nBT ET\nendstream",
                b"5 0 R"]
    return _random_name(rng, ".pdf"), pdf_bytes(objs)


def c_pdf_cycle(rng: random.Random) -> tuple[str, bytes]:
    n = rng.randint(2, 5)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"] + [b"%d 0 R" % (3 + (i + 1) % n) for i in range(n)]
    objs[1] = b"3 0 R"
    if rng.random() < 0.5:
        objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>"]
    return _random_name(rng, ".pdf"), pdf_bytes(objs)


def c_pdf_flate_bomb(rng: random.Random) -> tuple[str, bytes]:
    data = b"x\x9c" + _deflated_zeros(rng.choice([1024, 2048]))  # zlib header + raw deflate
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    return _random_name(rng, ".pdf"), pdf_bytes(objs)


def c_pdf_truncated(rng: random.Random) -> tuple[str, bytes]:
    data = _pdf_report(rng)
    return _random_name(rng, ".pdf"), data[: rng.randint(10, len(data) - 1)]


@lru_cache(maxsize=8)
def _pdf_cached(seed: int, password: str | None) -> bytes:
    from reportlab.lib import pdfencrypt

    enc = pdfencrypt.StandardEncryption(password, "owner-secret") if password is not None else None
    return reportlab_pdf(report_text(random.Random(seed)), enc)


def _pdf_report(rng: random.Random) -> bytes:
    return _pdf_cached(rng.randrange(4), None)


def c_pdf_empty_password(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".pdf"), _pdf_cached(rng.randrange(4), "")


def c_pdf_good(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".pdf"), _pdf_report(rng)


def c_docx_zip_bomb(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".docx"), _bomb_docx(rng.choice([1024, 4096]))


def c_docx_unknown_zip_version(rng: random.Random) -> tuple[str, bytes]:
    data = bytearray(docx_bytes(para(report_text(rng))))
    name = b"word/document.xml"
    for sig, version_at, method_at in ((b"PK\x03\x04", 4, 8), (b"PK\x01\x02", 6, 10)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            header_name = data[pos + (30 if sig == b"PK\x03\x04" else 46):][:len(name)]
            if header_name == name:
                if rng.random() < 0.5:
                    struct.pack_into("<H", data, pos + version_at, 99)  # "needs zip version 9.9"
                else:
                    struct.pack_into("<H", data, pos + method_at, 99)  # unknown compression method
            pos += 4
    return _random_name(rng, ".docx"), bytes(data)


def c_docx_gridspan(rng: random.Random) -> tuple[str, bytes]:
    span = rng.choice([10**6, 10**8, 2**31 - 1])
    row = (f'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>{para("合计")}</w:tc>'
           f"<w:tc>{para('12件')}</w:tc></w:tr></w:tbl>")
    body = "".join(para(x) for x in report_text(rng).splitlines()) + row
    return _random_name(rng, ".docx"), docx_bytes(body)


def tracked_body(rng: random.Random, only_insertions: bool = False) -> str:
    lines = report_text(rng).splitlines()
    out = []
    for i, line in enumerate(lines):
        if only_insertions or i % 3 == 1:
            out.append(f'<w:p><w:ins w:id="{i}" w:author="审核"><w:r><w:t>{esc(line)}</w:t></w:r></w:ins></w:p>')
        elif i % 3 == 2:
            out.append(f'<w:p><w:r><w:t>{esc(line)}</w:t></w:r><w:del w:id="{i}" w:author="审核"><w:r>'
                       f"<w:delText>此句已删除不应计入</w:delText></w:r></w:del></w:p>")
        else:
            out.append(para(line))
    return "".join(out)


def c_docx_tracked_changes(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".docx"), docx_bytes(tracked_body(rng, only_insertions=rng.random() < 0.3))


def c_docx_one_cell_table(rng: random.Random) -> tuple[str, bytes]:
    cell = "".join(para(x) for x in report_text(rng).splitlines())
    return _random_name(rng, ".docx"), docx_bytes(f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>")


def c_docx_textbox_sdt(rng: random.Random) -> tuple[str, bytes]:
    lines = report_text(rng).splitlines()
    box = "".join(para(x) for x in lines[3:6])
    body = "".join(para(x) for x in lines[:3])
    body += ("<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
             f"{box}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
             f"<w:txbxContent>{box}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>")
    body += "<w:sdt><w:sdtPr/><w:sdtContent>" + "".join(para(x) for x in lines[6:]) + "</w:sdtContent></w:sdt>"
    return _random_name(rng, ".docx"), docx_bytes(body)


def c_docx_truncated(rng: random.Random) -> tuple[str, bytes]:
    data = docx_bytes("".join(para(x) for x in report_text(rng).splitlines()))
    return _random_name(rng, ".docx"), data[: rng.randint(4, len(data) - 1)]


def c_docx_deep_xml(rng: random.Random) -> tuple[str, bytes]:
    n = rng.choice([300, 5_000])
    return _random_name(rng, ".docx"), docx_bytes("<w:sdt><w:sdtContent>" * n + para(report_text(rng))
                                                  + "</w:sdtContent></w:sdt>" * n)


def c_ofd(rng: random.Random) -> tuple[str, bytes]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.1"/>')
        z.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return _random_name(rng, rng.choice([".ofd", ".ofd", ".zip"])), buf.getvalue()


def c_random_bytes(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, rng.choice([".txt", "", ".doc", ".html"])), rng.randbytes(rng.randint(200, 60_000))


def c_random_high_bytes(rng: random.Random) -> tuple[str, bytes]:
    """Bytes 0x81-0xFE: every pair decodes as GB18030 without error."""
    return _random_name(rng, ".txt"), bytes(rng.randint(0x81, 0xFE) for _ in range(rng.randint(200, 40_000)))


def c_random_gb2312_chars(rng: random.Random) -> tuple[str, bytes]:
    """Random GB2312 characters with punctuation: decodes cleanly, reads as nonsense."""
    chars = [bytes([rng.randint(0xB0, 0xF7), rng.randint(0xA1, 0xFE)]) for _ in range(rng.randint(200, 20_000))]
    for k in range(0, len(chars), 20):
        chars[k] = "。\n".encode("gb2312")
    return _random_name(rng, ".txt"), b"".join(chars)


def c_empty(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, rng.choice([".txt", ".docx", ".pdf", ".html", ".yaml"])), b""


def c_whitespace_only(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".txt"), rng.choice([b" \n\t\r\n", "\u3000\n".encode() * 50, b"\x0c\x0c"])


def c_bom_only(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".txt"), rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])


def c_nuls(rng: random.Random) -> tuple[str, bytes]:
    data = bytearray(report_text(rng).encode("utf-8"))
    for _ in range(rng.randint(1, 50)):
        data.insert(rng.randrange(len(data)), 0)
    return _random_name(rng, ".txt"), bytes(data)


def c_huge_line(rng: random.Random) -> tuple[str, bytes]:
    unit = "我县深入推进依法行政,全面落实行政执法三项制度,审核重大执法决定56件。"
    return _random_name(rng, ".txt"), (unit * rng.randint(10_000, 60_000)).encode("utf-8")


def c_over_size_cap(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".txt"), (report_text(rng) * 1).encode() + b" " * (11 << 20)


def c_wrong_extension(rng: random.Random) -> tuple[str, bytes]:
    kind = rng.randrange(4)
    text = report_text(rng)
    if kind == 0:
        return _random_name(rng, ".txt"), docx_bytes("".join(para(x) for x in text.splitlines()))
    if kind == 1:
        return _random_name(rng, ".html"), _pdf_report(rng)
    if kind == 2:
        return _random_name(rng, ".docx"), text.encode("gb18030")
    return _random_name(rng, ".pdf"), text.encode("utf-8")


def c_image(rng: random.Random) -> tuple[str, bytes]:
    magic = rng.choice([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"II*\x00"])
    return _random_name(rng, rng.choice([".txt", ".pdf", ".png"])), magic + rng.randbytes(2000)


def c_legacy_office(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, rng.choice([".doc", ".wps", ".docx", ".txt"])), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(3000)


def c_truncated_multibyte(rng: random.Random) -> tuple[str, bytes]:
    enc = rng.choice(["utf-8", "gb18030", "utf-16", "big5"])
    text = report_text(rng)
    if enc == "big5":
        text = text.replace("县", "縣").replace("报告", "報告").replace("门", "門")
    data = text.encode(enc, errors="ignore")
    return _random_name(rng, ".txt"), data[: len(data) - rng.randint(1, 3)]


def c_control_chars(rng: random.Random) -> tuple[str, bytes]:
    text = report_text(rng)
    noise = "".join(chr(rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x1f, 0x7f])) for _ in range(len(text) // 10))
    mixed = "".join(a + b for a, b in zip(text, noise + " " * len(text)))
    return _random_name(rng, ".txt"), mixed.encode("utf-8")


def c_good_text(rng: random.Random) -> tuple[str, bytes]:
    """Controls: real-shaped reports in every common encoding must still be read."""
    enc = rng.choice(["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
    text = report_text(rng)
    data = text.encode(enc)
    if enc in ("utf-16-le", "utf-16-be") and rng.random() < 0.5:
        data = ("\ufeff" + text).encode(enc)
    return _random_name(rng, ".txt"), data


def c_good_docx(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".docx"), docx_bytes("".join(para(x) for x in report_text(rng).splitlines()))


def c_good_html(rng: random.Random) -> tuple[str, bytes]:
    return _random_name(rng, ".html"), _html(rng, rng.choice(["gb2312", "utf-8"]), enc="gb18030")


# name -> (maker, expected outcome: "read" must read, "refused" must be refused, "any" either)
CLASSES: dict[str, tuple[Maker, str]] = {
    "html_unknown_charset": (c_html_unknown_charset, "read"),
    "html_nontext_codec": (c_html_nontext_codec, "read"),
    "html_lying_charset": (c_html_lying_charset, "read"),
    "html_deep_100k": (c_html_deep, "read"),
    "html_deep_chrome_20k": (c_html_deep_chrome, "any"),
    "html_wide_chrome": (c_html_wide, "read"),
    "xhtml": (c_xhtml, "read"),
    "html_portal_title": (c_html_portal_title, "read"),
    "yaml_alias_bomb": (c_yaml_alias_bomb, "refused"),
    "yaml_recursive_alias": (c_yaml_recursive, "refused"),
    "yaml_deep": (c_yaml_deep, "refused"),
    "yaml_huge_int": (c_yaml_huge_int, "refused"),
    "yaml_empty_levels": (c_yaml_empty_levels, "refused"),
    "yaml_garbage": (c_yaml_garbage, "refused"),
    "pdf_self_reference": (c_pdf_self_reference, "refused"),
    "pdf_cycle": (c_pdf_cycle, "refused"),
    "pdf_flate_bomb": (c_pdf_flate_bomb, "refused"),
    "pdf_truncated": (c_pdf_truncated, "any"),
    "pdf_empty_password": (c_pdf_empty_password, "read"),
    "pdf_good": (c_pdf_good, "read"),
    "docx_zip_bomb": (c_docx_zip_bomb, "refused"),
    "docx_unknown_zip_version": (c_docx_unknown_zip_version, "refused"),
    "docx_huge_gridspan": (c_docx_gridspan, "read"),
    "docx_tracked_changes": (c_docx_tracked_changes, "read"),
    "docx_one_cell_table": (c_docx_one_cell_table, "read"),
    "docx_textbox_sdt": (c_docx_textbox_sdt, "read"),
    "docx_truncated": (c_docx_truncated, "refused"),
    "docx_deep_xml": (c_docx_deep_xml, "any"),
    "ofd": (c_ofd, "refused"),
    "random_bytes": (c_random_bytes, "refused"),
    "random_high_bytes": (c_random_high_bytes, "refused"),
    "random_gb2312_chars": (c_random_gb2312_chars, "refused"),
    "empty": (c_empty, "refused"),
    "whitespace_only": (c_whitespace_only, "refused"),
    "bom_only": (c_bom_only, "refused"),
    "nul_bytes": (c_nuls, "refused"),
    "huge_line": (c_huge_line, "any"),
    "over_size_cap": (c_over_size_cap, "refused"),
    "wrong_extension": (c_wrong_extension, "any"),
    "image": (c_image, "refused"),
    "legacy_office": (c_legacy_office, "refused"),
    "truncated_multibyte": (c_truncated_multibyte, "any"),
    "control_chars": (c_control_chars, "refused"),
    "good_text": (c_good_text, "read"),
    "good_docx": (c_good_docx, "read"),
    "good_html": (c_good_html, "read"),
}
# Classes whose files are few per run: each costs seconds of CPU (bombs) or MBs of disk.
HEAVY = {"pdf_flate_bomb": 6, "docx_zip_bomb": 6, "over_size_cap": 4, "huge_line": 20,
         "html_deep_100k": 40, "html_deep_chrome_20k": 40, "html_wide_chrome": 20}


def plan(n: int) -> list[tuple[str, int]]:
    """(class, index) of n files: heavy classes capped, the rest share the remainder evenly."""
    heavy = {c: min(k, max(1, n // len(CLASSES))) for c, k in HEAVY.items()}
    light = [c for c in CLASSES if c not in HEAVY]
    rest = max(len(light), n - sum(heavy.values()))
    counts = {c: rest // len(light) + (1 if i < rest % len(light) else 0) for i, c in enumerate(light)}
    counts.update(heavy)
    return [(c, i) for c in CLASSES for i in range(counts[c])]


def make(cls: str, index: int, seed: int = 10) -> tuple[str, bytes]:
    """The `index`-th file of a class: the same (class, index, seed) gives the same bytes."""
    rng = random.Random(f"{seed}:{cls}:{index}")
    name, data = CLASSES[cls][0](rng)
    return f"{cls}-{index:05d}-{name}", data


# --- reading one file ------------------------------------------------------------------------


def read_one(path: Path) -> tuple[str, str]:
    """("read" | "refused" | "error", detail) of loading a report or checklist file."""
    from wuchuan_check.checklist.model import load_checklist_file
    from wuchuan_check.errors import InputError
    from wuchuan_check.reading.formats import load_report

    try:
        if path.suffix == ".yaml":
            load_checklist_file(path)
        else:
            load_report(path)
        return "read", ""
    except InputError as exc:
        message = str(exc)
        return ("refused", message) if "\n" not in message else ("error", "multi-line message: " + message)
    except BaseException as exc:  # noqa: BLE001 - what the corpus is looking for
        import traceback

        return "error", "".join(traceback.format_exception(exc))[-2000:]


def run_forked(path: Path, timeout: float) -> tuple[str, str, float, int]:
    """Read `path` in a forked child: (outcome, detail, seconds, peak RSS in KB of the child
    and of any process it started). outcome "hang" when the child exceeds `timeout`."""
    import pickle
    import resource
    import select

    r, w = os.pipe()
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        try:
            outcome, detail = read_one(path)
            from wuchuan_check.reading.pdfchild import stop_server

            stop_server()  # waited for: the PDF server's and its children's memory count below
            kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            os.write(w, pickle.dumps((outcome, detail[:4000], kids)))
        finally:
            os._exit(0)
    os.close(w)
    chunks = []
    deadline = t0 + timeout
    hung = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            hung = True
            break
        ready, _, _ = select.select([r], [], [], left)
        if ready:
            chunk = os.read(r, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    if hung:
        os.kill(pid, 9)
    os.close(r)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - t0
    if hung:
        return "hang", f"over {timeout:.0f} s", seconds, usage.ru_maxrss
    if not chunks:
        return "error", f"child died (status {status})", seconds, usage.ru_maxrss
    outcome, detail, kids = pickle.loads(b"".join(chunks))
    return outcome, detail, seconds, max(usage.ru_maxrss, kids)


# --- the corpus run --------------------------------------------------------------------------


def run(n: int, seed: int, timeout: float, jobs: int, folder: Path) -> dict[str, dict[str, float]]:
    import threading
    from concurrent.futures import ThreadPoolExecutor

    # imported before forking, so each child starts warm
    import wuchuan_check.checklist.model  # noqa: F401
    import wuchuan_check.reading.formats  # noqa: F401

    stats: dict[str, dict[str, float]] = {c: {"files": 0, "read": 0, "refused": 0, "error": 0, "hang": 0,
                                              "unexpected": 0, "max_s": 0.0, "max_rss_mb": 0.0}
                                          for c in CLASSES}
    examples: dict[str, str] = {}
    lock = threading.Lock()

    def one(job: tuple[str, int]) -> None:
        cls, i = job
        name, data = make(cls, i, seed)
        path = folder / name
        path.write_bytes(data)
        outcome, detail, seconds, rss = run_forked(path, timeout)
        path.unlink()
        expected = CLASSES[cls][1]
        with lock:
            s = stats[cls]
            s["files"] += 1
            s[outcome] += 1
            if outcome in ("read", "refused") and expected != "any" and outcome != expected:
                s["unexpected"] += 1
                examples.setdefault(f"{cls} unexpected", f"{name}: {outcome} {detail[:200]}")
            if outcome in ("error", "hang"):
                examples.setdefault(f"{cls} {outcome}", f"{name}: {detail[-600:]}")
            s["max_s"] = max(s["max_s"], seconds)
            s["max_rss_mb"] = max(s["max_rss_mb"], rss / 1024)

    jobs_list = plan(n)
    # the bombs' compressed data is built once here, not in every thread
    _deflated_zeros(1024), _deflated_zeros(2048), _deflated_zeros(4096)
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, jobs_list))
    for key, text in sorted(examples.items()):
        print(f"--- {key}\n{text}", file=sys.stderr)
    return stats


def markdown(stats: dict[str, dict[str, float]], seed: int, timeout: float, elapsed: float) -> str:
    total = {k: sum(s[k] for s in stats.values()) for k in ("files", "read", "refused", "error", "hang", "unexpected")}
    rows = ["| class | files | read | refused (one line) | tracebacks | hangs | not as expected | max s | max RSS MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for cls, s in stats.items():
        rows.append(f"| {cls} | {s['files']:.0f} | {s['read']:.0f} | {s['refused']:.0f} | {s['error']:.0f} | "
                    f"{s['hang']:.0f} | {s['unexpected']:.0f} | {s['max_s']:.1f} | {s['max_rss_mb']:.0f} |")
    max_rss = max(s["max_rss_mb"] for s in stats.values())
    rows.append(f"| **all {len(stats)} classes** | {total['files']:.0f} | {total['read']:.0f} | {total['refused']:.0f} | "
                f"{total['error']:.0f} | {total['hang']:.0f} | {total['unexpected']:.0f} | "
                f"{max(s['max_s'] for s in stats.values()):.1f} | {max_rss:.0f} |")
    head = (f"Seed {seed}, per-file timeout {timeout:.0f} s, {elapsed / 60:.1f} min wall time, "
            f"Python {sys.version.split()[0]} on {sys.platform}.\n\n")
    return head + "\n".join(rows) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000, help="number of files (default 10,000)")
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per file before it counts as a hang")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--write", type=Path, help="only write the corpus into this folder")
    args = ap.parse_args()
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for cls, i in plan(args.n):
            name, data = make(cls, i, args.seed)
            (args.write / name).write_bytes(data)
        return
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        stats = run(args.n, args.seed, args.timeout, args.jobs, Path(tmp))
    print(markdown(stats, args.seed, args.timeout, time.monotonic() - t0))


if __name__ == "__main__":
    main()
